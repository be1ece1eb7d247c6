//! `summary.json`: the exporter of a batch's [`SummaryDoc`] (the document is defined, and built from a
//! [`Summary`], in [`crate::outcome::doc::summary`]; this module only writes it).

use serde::Serialize;

use crate::outcome::Summary;
pub use crate::outcome::doc::summary::Provenance;
use crate::outcome::doc::{self, SummaryDoc};
use crate::scenario::Scenario;

/// Builds the `summary.json` document of a batch.
pub fn summary(s: &Scenario, sum: &Summary, p: &Provenance) -> SummaryDoc {
    SummaryDoc::new(s, sum, p)
}

/// A document as pretty JSON text with a final newline (two-space indentation, keys in field order).
pub fn to_text<T: Serialize>(doc: &T) -> String {
    // Documents hold only strings, numbers, booleans, arrays and maps with string keys: encoding
    // cannot fail.
    doc::to_text(doc).unwrap_or_else(|_| "{}\n".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::RunOutcome;
    use crate::outcome::run::EndReason;
    use crate::scenario::Pos;

    fn toy() -> Scenario {
        Scenario::load("ceasefire_toy", &[]).unwrap()
    }

    fn run(s: &Scenario, turn: Option<u32>) -> RunOutcome {
        RunOutcome {
            run: 0,
            seed: 1,
            turns: turn.map_or(s.clock.max_turns, |t| t + 1),
            end_reason: if turn.is_some() {
                EndReason::Agreed
            } else {
                EndReason::Horizon
            },
            issues: vec![turn.map(|t| (t, Pos::new(1))); s.issues.len()],
            agreements: vec![turn; s.agreements.len()],
            events: vec![None; s.events.len()],
            actions: vec![None; s.actions.len()],
            payoffs: vec![0.5; s.actors.len()],
            states: vec![0.25; s.states.len()],
            path: None,
        }
    }

    #[test]
    fn summary_json_is_pretty_ends_with_a_newline_and_reads_back_the_same() {
        let s = toy();
        let mut sum = Summary::new(&s);
        sum.add(&s, &run(&s, Some(3)));
        sum.add(&s, &run(&s, None));
        let doc = summary(&s, &sum, &Provenance::default());
        let text = to_text(&doc);
        assert!(
            text.starts_with("{\n  \"scenario\": \"ceasefire_toy\",\n"),
            "{text}"
        );
        assert!(text.ends_with("}\n"));
        let back: SummaryDoc = serde_json::from_str(&text).unwrap();
        assert_eq!(back, doc);
        assert_eq!(doc.runs, 2);
        assert_eq!(doc.agreements["ceasefire"].share, 0.5);
        assert_eq!(doc.distributions.agreements["ceasefire"], vec![(3, 1)]);
    }

    #[test]
    fn a_summary_without_a_key_is_refused_with_the_key_named() {
        let s = toy();
        let mut sum = Summary::new(&s);
        sum.add(&s, &run(&s, Some(3)));
        let mut v = serde_json::to_value(summary(&s, &sum, &Provenance::default())).unwrap();
        v.as_object_mut().unwrap().remove("distributions");
        let err = doc::from_text::<SummaryDoc>(&v.to_string(), "x/summary.json", "re-run it")
            .unwrap_err();
        let msg = err.to_string();
        assert!(err.is_input(), "{msg}");
        assert!(
            msg.contains("`distributions`") && msg.contains("x/summary.json"),
            "{msg}"
        );
    }
}
