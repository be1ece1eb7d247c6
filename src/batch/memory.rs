//! The memory guard: how much a batch may plan to use, and how many blocks it may simulate at once
//! so that it fits — or a refusal before it starts, with the numbers, rather than an OOM kill
//! half-way.

use crate::error::{Error, Result};

/// The environment variable that sets how much memory a batch may plan to use (bytes, or a number
/// with K, M, G or T, e.g. `16G`).
pub const MEMORY_ENV: &str = "ARMISTICE_MAX_MEMORY";
/// Memory budget when [`MEMORY_ENV`] is unset and physical memory is unknown.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

/// Parses a size such as `123`, `512M`, `16G` or `1.5GiB` (binary units).
pub fn parse_bytes(s: &str) -> Option<u64> {
    let t = s.trim();
    let cut = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(cut);
    let n: f64 = num.parse().ok()?;
    let mult: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        "T" | "TB" | "TIB" => 1 << 40,
        _ => return None,
    };
    let v = n * mult as f64;
    (v.is_finite() && v >= 1.0 && v < u64::MAX as f64).then_some(v as u64)
}

/// Writes a byte count for people (`1.5 GiB`).
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn physical_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// The memory a batch may plan to use: [`MEMORY_ENV`] if set, else half the physical memory.
pub fn memory_limit() -> Result<u64> {
    match std::env::var(MEMORY_ENV) {
        Ok(v) => parse_bytes(&v).ok_or_else(|| {
            Error::Usage(format!(
                "{MEMORY_ENV}=`{v}` is not a size; use bytes or a number with K, M, G or T, e.g. {MEMORY_ENV}=16G"
            ))
        }),
        Err(_) => Ok(physical_memory()
            .map(|m| m / 2)
            .unwrap_or(DEFAULT_MAX_MEMORY)),
    }
}

/// The memory a batch needs, by part, as its sink estimates it before the batch starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Footprint {
    /// Bytes held for the whole batch however many units are in flight: the running total, or every
    /// kept run.
    pub resident: u64,
    /// Bytes of one block in flight (its summary, its kept runs).
    pub per_block: u64,
    /// Bytes each worker thread needs for the run it is simulating.
    pub per_thread: u64,
    /// What the memory goes to, for the refusal message (e.g. "its summary keeps …").
    pub what: String,
    /// How to need less, for the refusal message's hint.
    pub help: String,
}

impl Footprint {
    /// Total bytes with `in_flight` units (each a block's worth at most) on `threads` threads.
    pub fn total(&self, in_flight: u64, threads: u64) -> u64 {
        self.resident
            .saturating_add(in_flight.saturating_mul(self.per_block))
            .saturating_add(threads.saturating_mul(self.per_thread))
    }
}

/// Chooses how many of a batch's `units` may be in flight at once (claimed and not yet handed to the
/// sink) so that the batch fits in the memory budget (at most four per thread, which keeps every
/// thread busy), or refuses it before it starts.
pub fn fit(need: &Footprint, units: u64, threads: u64) -> Result<u64> {
    let limit = memory_limit()?;
    let units = units.max(1);
    let threads = threads.max(1);
    let mut in_flight = (threads * 4).min(units);
    while in_flight > 1 && need.total(in_flight, threads.min(in_flight)) > limit {
        in_flight -= 1;
    }
    let total = need.total(in_flight, threads.min(in_flight));
    if total > limit {
        return Err(Error::Limit(format!(
            "this batch would need about {} of memory, more than the limit of {}: {}\n  = help: {}, or raise the limit with {MEMORY_ENV}=<size> (e.g. {MEMORY_ENV}=64G) if the machine has the memory",
            human_bytes(total),
            human_bytes(limit),
            need.what,
            need.help,
        )));
    }
    Ok(in_flight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_binary_units_and_nonsense_is_refused() {
        assert_eq!(parse_bytes("123"), Some(123));
        assert_eq!(parse_bytes("512M"), Some(512 << 20));
        assert_eq!(parse_bytes("1.5GiB"), Some(3 << 29));
        assert_eq!(parse_bytes("16 g"), Some(16 << 30));
        for bad in ["", "G", "0", "-1G", "12X", "1e400"] {
            assert_eq!(parse_bytes(bad), None, "{bad}");
        }
        assert_eq!(human_bytes(1023), "1023 bytes");
        assert_eq!(human_bytes(3 << 29), "1.5 GiB");
    }

    #[test]
    fn the_units_in_flight_shrink_to_fit_and_an_impossible_batch_is_refused() {
        let need = |per_block| Footprint {
            resident: 1 << 20,
            per_block,
            per_thread: 0,
            what: "test".into(),
            help: "less".into(),
        };
        // Far below any limit: four blocks per thread, at most the blocks there are.
        assert_eq!(fit(&need(1), 100, 2).unwrap(), 8);
        assert_eq!(fit(&need(1), 3, 2).unwrap(), 3);
        let e = fit(&need(u64::MAX / 2), 10, 2).unwrap_err();
        assert!(e.is_input() && e.to_string().contains(MEMORY_ENV), "{e}");
    }
}
