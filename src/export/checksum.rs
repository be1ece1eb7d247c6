//! Integrity of files written now to be trusted later (a shard's `runs.csv`, a sweep's point files):
//! their length, CRC-32 and number of CSV records are recorded beside them when they are written,
//! and checked when they are read back, so a truncated or damaged file is refused (or redone)
//! rather than silently merged.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

/// What is recorded about a file: its length, its CRC-32 (IEEE) and its CSV records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Length in bytes.
    pub bytes: u64,
    /// CRC-32 of the bytes, as 8 hexadecimal digits in JSON.
    #[serde(with = "hex32")]
    pub crc32: u32,
    /// CSV records (lines outside quoted fields), the header included.
    pub records: u64,
}

impl Fingerprint {
    /// The fingerprint of bytes in memory.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        let mut c = Counter::default();
        c.update(bytes);
        c.finish()
    }
}

/// Computes a [`Fingerprint`] over bytes fed in pieces.
#[derive(Default)]
pub struct Counter {
    crc: crc32fast::Hasher,
    bytes: u64,
    records: u64,
    in_quotes: bool,
}

impl Counter {
    /// Feeds more bytes.
    pub fn update(&mut self, buf: &[u8]) {
        self.crc.update(buf);
        self.bytes += buf.len() as u64;
        for &b in buf {
            match b {
                // A doubled quote inside a quoted field toggles twice: parity stays right.
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' if !self.in_quotes => self.records += 1,
                _ => {}
            }
        }
    }

    /// The fingerprint of everything fed.
    pub fn finish(self) -> Fingerprint {
        Fingerprint {
            bytes: self.bytes,
            crc32: self.crc.finalize(),
            records: self.records,
        }
    }
}

/// A writer that fingerprints what goes through it.
pub struct Fingerprinting<W> {
    inner: W,
    counter: Counter,
}

impl<W: Write> Fingerprinting<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Fingerprinting {
            inner,
            counter: Counter::default(),
        }
    }

    /// The writer back, with the fingerprint of everything written.
    pub fn finish(self) -> (W, Fingerprint) {
        (self.inner, self.counter.finish())
    }
}

impl<W: Write> Write for Fingerprinting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.counter.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A reader that fingerprints what comes through it.
pub struct Checked<R> {
    inner: R,
    counter: Counter,
}

impl<R: Read> Checked<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Checked {
            inner,
            counter: Counter::default(),
        }
    }

    /// The fingerprint of everything read.
    pub fn finish(self) -> Fingerprint {
        self.counter.finish()
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.update(&buf[..n]);
        Ok(n)
    }
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:08x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let s = String::deserialize(d)?;
        u32::from_str_radix(&s, 16).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_counted_outside_quotes_and_any_change_shows() {
        let text = b"a,b\n1,\"x\ny\"\n2,\"say \"\"hi\"\"\"\n";
        let f = Fingerprint::of(text);
        assert_eq!((f.bytes, f.records), (text.len() as u64, 3));
        let mut w = Fingerprinting::new(Vec::new());
        w.write_all(&text[..5]).unwrap();
        w.write_all(&text[5..]).unwrap();
        assert_eq!(w.finish().1, f);
        let mut damaged = text.to_vec();
        damaged[6] = b'Y';
        assert_ne!(Fingerprint::of(&damaged), f);
        assert_ne!(Fingerprint::of(&text[..text.len() - 3]), f);
    }

    #[test]
    fn the_crc_is_written_as_hexadecimal() {
        let f = Fingerprint::of(b"123456789");
        // The CRC-32 check value of "123456789".
        assert_eq!(f.crc32, 0xcbf4_3926);
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"cbf43926\""), "{json}");
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), f);
    }
}
