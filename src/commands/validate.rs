//! `armistice validate`: load and check scenario files, collecting every problem with its place.

use serde::Serialize;

use super::Spec;
use crate::error::{Diagnostic, Error};
use crate::scenario::Override;

/// What a valid scenario declares, as `validate` reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counts {
    /// The scenario's id.
    pub id: String,
    /// Actors.
    pub actors: usize,
    /// Issues.
    pub issues: usize,
    /// Agreements.
    pub agreements: usize,
    /// Events.
    pub events: usize,
    /// Actions.
    pub actions: usize,
}

/// One problem, as `validate --json` reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// The file it is in, when the problem has a place.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Problem {
        Problem {
            message: d.message.clone(),
            file: d.location.as_ref().map(|l| l.file.clone()),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            help: d.hint.clone(),
        }
    }
}

/// The verdict on one file.
pub struct Checked {
    /// The file or embedded name, as given.
    pub spec: String,
    /// What it declares, or why it does not load.
    pub result: Result<Counts, Error>,
}

impl Checked {
    /// The problems found (none for a valid file).
    pub fn problems(&self) -> Vec<Problem> {
        match &self.result {
            Ok(_) => Vec::new(),
            Err(Error::Scenario(e)) => e.diagnostics.iter().map(Problem::from).collect(),
            Err(e) => vec![Problem {
                message: e.to_string(),
                file: None,
                line: None,
                column: None,
                help: None,
            }],
        }
    }

    /// The verdict as `validate --json` prints it.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.result {
            Ok(c) => serde_json::json!({ "file": self.spec, "valid": true, "scenario": c }),
            Err(_) => serde_json::json!({
                "file": self.spec,
                "valid": false,
                "errors": self.problems(),
            }),
        }
    }
}

/// Loads every file with `overrides` and reports on each.
pub fn validate(files: &[Spec], overrides: &[Override]) -> Vec<Checked> {
    files
        .iter()
        .map(|f| Checked {
            spec: f.text().into_owned(),
            result: f.load(overrides).map(|s| Counts {
                id: s.id.clone(),
                actors: s.actors.len(),
                issues: s.issues.len(),
                agreements: s.agreements.len(),
                events: s.events.len(),
                actions: s.actions.len(),
            }),
        })
        .collect()
}
