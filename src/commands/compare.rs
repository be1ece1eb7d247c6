//! `armistice compare`: a base scenario against alternatives under common random numbers. The
//! comparison itself — variants, paired runs through the batch runner, bootstrap intervals, and its
//! files — is `crate::analysis::compare`; this is the command's entry point.

use std::sync::atomic::AtomicBool;

use crate::analysis::compare::{self, CompareConfig, Comparison};
use crate::error::Result;

/// Runs the comparison (writing its files when `cfg.out` is set). `progress(done, total)` counts
/// variants.
pub fn compare(
    cfg: &CompareConfig,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Comparison> {
    compare::compare(cfg, cancel, progress)
}
