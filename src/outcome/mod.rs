//! Results: one run's [`RunOutcome`], the mergeable [`Summary`] of many, and the typed documents
//! ([`doc`]) that carry results from the stage that computes them to the exporters, charts and report.

pub mod doc;
pub mod run;
pub mod summary;

pub use run::{EndReason, RunOutcome};
pub use summary::Summary;
