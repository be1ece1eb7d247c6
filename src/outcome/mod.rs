//! Results: one run's [`RunOutcome`] and the mergeable [`Summary`] of many.

pub mod run;
pub mod summary;

pub use run::{EndReason, RunOutcome};
pub use summary::Summary;
