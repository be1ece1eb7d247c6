//! The two numbers every batch command takes, validated once where the command line is read (as
//! ripgrep's `hiargs` does): [`Runs`] and [`Threads`]. Past this point a count of runs is known to be
//! in range and a thread count is known to be startable.

use std::fmt;
use std::num::NonZeroUsize;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Most runs one command accepts (split bigger batches with `run --shard K/N`).
pub const MAX_RUNS: u64 = crate::scenario::MAX_RUNS;
/// Most worker threads one command accepts.
pub const MAX_THREADS: usize = 1024;

/// A number of runs, 1 to [`MAX_RUNS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Runs(u64);

impl Runs {
    /// `n` runs, if `n` is in range; the error names `--runs`.
    pub fn new(n: u64) -> Result<Runs> {
        Runs::checked(n)
            .ok_or_else(|| Error::Usage(format!("--runs {n} is out of range: {}", Runs::range())))
    }

    /// The scenario's own `runs = n` (used when no `--runs` is given), if it is in range; the error
    /// says where the number came from.
    pub fn from_scenario(id: &str, n: u64) -> Result<Runs> {
        Runs::checked(n).ok_or_else(|| {
            Error::Usage(format!(
                "scenario `{id}` sets `runs = {n}` in [scenario], which is out of range: {}, or pass --runs N",
                Runs::range()
            ))
        })
    }

    fn range() -> String {
        format!("use 1 to {MAX_RUNS} runs (split bigger batches with run --shard K/N)")
    }

    /// `n` brought into range: for defaults written in the code, which are in range already.
    pub const fn clamped(n: u64) -> Runs {
        if n == 0 {
            Runs(1)
        } else if n > MAX_RUNS {
            Runs(MAX_RUNS)
        } else {
            Runs(n)
        }
    }

    fn checked(n: u64) -> Option<Runs> {
        (1..=MAX_RUNS).contains(&n).then_some(Runs(n))
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Runs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Runs {
    type Err = String;

    /// Parses a command-line value; the message is clap's "invalid value" detail.
    fn from_str(s: &str) -> Result<Runs, String> {
        let n: u64 = s
            .trim()
            .parse()
            .map_err(|_| format!("`{s}` is not a whole number; {}", Runs::range()))?;
        Runs::checked(n).ok_or_else(|| format!("{n} is out of range: {}", Runs::range()))
    }
}

/// How many worker threads a command uses: a number from 1 to [`MAX_THREADS`], or one per core.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Threads(Option<NonZeroUsize>);

impl Threads {
    /// One per core (rayon's global pool).
    pub const ALL: Threads = Threads(None);

    fn range() -> String {
        format!("use 1 to {MAX_THREADS} threads (the default is one per core)")
    }

    /// Exactly `n` threads, if `n` is in range.
    pub fn new(n: usize) -> Result<Threads> {
        Threads::checked(n).ok_or_else(|| {
            Error::Usage(format!(
                "--threads {n} is out of range: {}",
                Threads::range()
            ))
        })
    }

    fn checked(n: usize) -> Option<Threads> {
        if n > MAX_THREADS {
            return None;
        }
        NonZeroUsize::new(n).map(|n| Threads(Some(n)))
    }

    /// The number asked for, if one was.
    pub fn get(self) -> Option<usize> {
        self.0.map(NonZeroUsize::get)
    }

    /// The number of threads work runs on: the one asked for, or the current pool's.
    pub fn count(self) -> usize {
        self.get().unwrap_or_else(rayon::current_num_threads)
    }

    /// Runs `f` with these threads: on a pool of its own when a number was asked for (the results of
    /// every batch do not depend on it), on the global pool otherwise. The one place a pool is made.
    pub fn install<T: Send>(self, f: impl FnOnce() -> T + Send) -> Result<T> {
        match self.get() {
            None => Ok(f()),
            Some(n) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| Error::Output(format!("cannot start {n} threads: {e}")))?;
                Ok(pool.install(f))
            }
        }
    }
}

impl FromStr for Threads {
    type Err = String;

    /// Parses a command-line value; the message is clap's "invalid value" detail.
    fn from_str(s: &str) -> Result<Threads, String> {
        let n: usize = s
            .trim()
            .parse()
            .map_err(|_| format!("`{s}` is not a whole number; {}", Threads::range()))?;
        Threads::checked(n).ok_or_else(|| format!("{n} is out of range: {}", Threads::range()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_outside_one_to_the_limit_are_refused_with_the_range() {
        assert_eq!("1".parse::<Runs>().unwrap().get(), 1);
        assert_eq!("10000000000".parse::<Runs>().unwrap().get(), MAX_RUNS);
        for bad in ["0", "10000000001", "-3", "many", ""] {
            let e = bad.parse::<Runs>().unwrap_err();
            assert!(e.contains("use 1 to 10000000000"), "{bad}: {e}");
        }
        assert!(Runs::new(0).is_err());
        let e = Runs::from_scenario("x", 0).unwrap_err().to_string();
        assert!(e.contains("runs = 0") && e.contains("--runs N"), "{e}");
    }

    #[test]
    fn threads_outside_one_to_1024_are_refused_with_the_range() {
        assert_eq!("4".parse::<Threads>().unwrap().get(), Some(4));
        assert_eq!("1024".parse::<Threads>().unwrap().count(), 1024);
        for bad in ["0", "1025", "100000", "x"] {
            let e = bad.parse::<Threads>().unwrap_err();
            assert!(e.contains("use 1 to 1024"), "{bad}: {e}");
        }
        assert_eq!(Threads::ALL.get(), None);
    }

    #[test]
    fn a_pool_of_the_asked_size_runs_the_work() {
        let n = Threads::new(3)
            .unwrap()
            .install(rayon::current_num_threads)
            .unwrap();
        assert_eq!(n, 3);
    }
}
