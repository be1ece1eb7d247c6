//! The documents: typed contracts between the stages that compute results and those that show them.
//!
//! Each command that writes a JSON file builds one of these structs ([`SummaryDoc`] for `run`,
//! [`CompareDoc`] for `compare`, [`SensitivityDoc`] for `sensitivity`, [`SweepDoc`] for `sweep`,
//! [`TournamentDoc`] for `tournament`); the exporters serialize it, and the charts and the report
//! consume it — nothing downstream looks a value up by a string key or falls back on a default. A
//! file read back (`armistice chart DIR`) is deserialized into the same struct, so a file that lacks
//! a key fails loudly, naming the key ([`read`]).
//!
//! Field order is the key order of the JSON file; maps keyed by ids keep the scenario's declaration
//! order ([`IndexMap`]). The meaning of every key is documented on its field and in
//! `docs/output-format.md` / `docs/analysis.md`.

pub mod compare;
pub mod sensitivity;
pub mod summary;
pub mod sweep;
pub mod tournament;

use std::path::Path;

pub use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use compare::CompareDoc;
pub use sensitivity::SensitivityDoc;
pub use summary::SummaryDoc;
pub use sweep::SweepDoc;
pub use tournament::TournamentDoc;

use crate::error::{Error, Result};

/// A scenario's clock as recorded in a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClockDoc {
    /// The first day of turn 0 (`YYYY-MM-DD`), or null on an abstract clock.
    pub start: Option<String>,
    /// Days per turn (1 on an abstract clock unless the scenario sets `turn`).
    pub turn_days: u32,
    /// Turns in the horizon: turns `0..max_turns` are played.
    pub max_turns: u32,
}

impl ClockDoc {
    /// The clock of a scenario.
    pub fn of(c: &crate::time::Clock) -> ClockDoc {
        ClockDoc {
            start: c.start.map(|d| d.to_string()),
            turn_days: c.turn_days,
            max_turns: c.max_turns,
        }
    }

    /// The start as a day number, if the clock is dated (and the text a date).
    pub fn start_day(&self) -> Option<i64> {
        self.start
            .as_deref()
            .and_then(crate::time::Date::parse)
            .map(|d| d.0)
    }

    /// Whether times on this clock are dates.
    pub fn dated(&self) -> bool {
        self.start_day().is_some()
    }

    /// Turn `t` on the time axis: its first day (days since 1970-01-01) on a dated clock, else `t`.
    pub fn at(&self, turn: i64) -> i64 {
        match self.start_day() {
            Some(s) => s + turn * i64::from(self.turn_days.max(1)),
            None => turn,
        }
    }

    /// The first time past the horizon (the start of turn `max_turns`).
    pub fn horizon(&self) -> i64 {
        self.at(i64::from(self.max_turns))
    }

    /// The first time past the horizon as text: `1955-01-01`, or `turn 157` on abstract clocks.
    pub fn horizon_label(&self) -> String {
        crate::format::time(self.horizon(), self.dated())
    }

    /// The time axis from the start to the horizon.
    pub fn range(&self) -> (i64, i64) {
        (self.at(0), self.horizon())
    }
}

/// A time in a document: an ISO date on dated clocks, a turn number on abstract ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TimeValue {
    /// `YYYY-MM-DD`.
    Date(String),
    /// A turn number.
    Turn(i64),
}

impl TimeValue {
    /// Turn `t` of a clock as a document time.
    pub fn of_turn(c: &crate::time::Clock, t: u32) -> TimeValue {
        match c.date(t) {
            Some(d) => TimeValue::Date(d.to_string()),
            None => TimeValue::Turn(i64::from(t)),
        }
    }

    /// The time on a chart axis: the day number of a date, or the turn.
    pub fn axis_value(&self) -> Option<i64> {
        match self {
            TimeValue::Date(s) => crate::time::Date::parse(s).map(|d| d.0),
            TimeValue::Turn(t) => Some(*t),
        }
    }
}

impl std::fmt::Display for TimeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeValue::Date(d) => f.write_str(d),
            TimeValue::Turn(t) => write!(f, "{t}"),
        }
    }
}

/// A historical record a scenario holds (`[[observed]]`), as recorded in a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObservedDoc {
    /// The outcome, e.g. `agreement.armistice`.
    pub outcome: String,
    /// The observed date (`YYYY-MM-DD`), on dated clocks.
    pub date: Option<String>,
    /// The observed turn (from the date on dated clocks).
    pub turn: i64,
    /// What happened.
    pub label: String,
    /// Where it is documented (`summary.json` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl ObservedDoc {
    /// The document's form of a scenario's record, with its source where the document keeps it.
    pub fn of(o: &crate::scenario::Observed, with_source: bool) -> ObservedDoc {
        ObservedDoc {
            outcome: o.name.clone(),
            date: o.date.map(|d| d.to_string()),
            turn: o.turn,
            label: o.label.clone(),
            source: with_source.then(|| o.source.clone()),
        }
    }

    /// The record's time on a chart axis of `clock`.
    pub fn axis_value(&self, clock: &ClockDoc) -> i64 {
        match self.date.as_deref().and_then(crate::time::Date::parse) {
            Some(d) => d.0,
            None => clock.at(self.turn),
        }
    }

    /// How the record is named on a chart: `Observed 1953-07-27` or `Observed turn 12`.
    pub fn marker_label(&self) -> String {
        match &self.date {
            Some(d) => format!("Observed {d}"),
            None => format!("Observed turn {}", self.turn),
        }
    }
}

/// Pretty JSON text with a final newline (the form every document file is written in).
pub fn to_text<T: Serialize>(doc: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(doc)
        .map_err(|e| Error::Output(format!("cannot encode a JSON document: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// Reads a document back from `path`. A file that is not JSON, or that lacks a key or holds a value
/// of the wrong type, is an input error (exit 2) naming the file, the key and where, with `remedy`
/// (e.g. "re-run `armistice run` to produce it").
pub fn read<T: DeserializeOwned>(path: &Path, remedy: &str) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))?;
    from_text(&text, &path.display().to_string(), remedy)
}

/// Parses a document from text; `name` names the file in messages (see [`read`]).
pub fn from_text<T: DeserializeOwned>(text: &str, name: &str, remedy: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "is not valid JSON"
        } else {
            "does not hold what armistice writes"
        };
        Error::Usage(format!("`{name}` {what}: {e}; {remedy}"))
    })
}
