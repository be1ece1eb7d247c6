//! Observed records: the history a scenario is compared with (`fidelity`, `calibrate`).

use super::ctx::Ctx;
use super::ids::{Ids, Tables};
use crate::scenario::raw::{RawFile, RawObserved, V};
use crate::scenario::{IssueIx, Observed, ObservedUse, OutcomeRef};
use crate::time::{Clock, Date};

/// Validates every observed record; one that cannot be placed is left out (its error is reported).
pub(super) fn observed(c: &mut Ctx, raw: &RawFile, t: &Tables, clock: &Clock) -> Vec<Observed> {
    raw.observed
        .iter()
        .filter_map(|o| record(c, o.get_ref(), t, clock))
        .collect()
}

fn record(c: &mut Ctx, o: &RawObserved, t: &Tables, clock: &Clock) -> Option<Observed> {
    let name = o.outcome.get_ref();
    let Some(outcome) = resolve_outcome(name, t) else {
        let known = || {
            let mut known = Vec::new();
            known.extend(t.agreements.list().iter().map(|x| format!("agreement.{x}")));
            known.extend(t.issues.list().iter().map(|x| format!("issue.{x}")));
            known.extend(t.events.list().iter().map(|x| format!("event.{x}")));
            known.extend(t.actions.list().iter().map(|x| format!("action.{x}")));
            known
        };
        c.unknown(
            o.outcome.span(),
            format!("unknown outcome `{name}`"),
            name,
            known,
            "outcome",
        );
        return None;
    };
    let (turn, date) = when(c, o, name, clock)?;
    let use_ = use_of(c, o, outcome);
    Some(Observed {
        name: name.clone(),
        outcome,
        turn,
        date,
        value: o.value.as_ref().map(option_text),
        label: o.label.clone().unwrap_or_else(|| name.clone()),
        source: o
            .source
            .as_ref()
            .map(|s| s.get_ref().clone())
            .unwrap_or_default(),
        certainty: o.certainty.clone().unwrap_or_default(),
        use_,
        cite: Default::default(),
    })
}

/// The record's turn, and its date on dated clocks.
fn when(c: &mut Ctx, o: &RawObserved, name: &str, clock: &Clock) -> Option<(i64, Option<Date>)> {
    match (&o.date, &o.turn, clock.start) {
        (Some(d), _, Some(start)) => {
            let date = c.date(d, "`date`")?;
            if date.0 < start.0 {
                c.err(
                    d.span(),
                    format!("observed `{name}` is dated {date}, before the scenario starts ({start})"),
                    Some("a run cannot produce what happened before it starts: remove the record, or start the scenario earlier".to_string()),
                );
                return None;
            }
            Some((
                (date.0 - start.0).div_euclid(clock.turn_days as i64),
                Some(date),
            ))
        }
        (Some(d), _, None) => {
            c.err(
                d.span(),
                "an observed date needs a scenario `start` date",
                Some("use `turn = N` for abstract clocks".to_string()),
            );
            None
        }
        (None, Some(t), _) if *t.get_ref() < 0 => {
            c.err(
                t.span(),
                format!("observed `{name}` is at turn {}, before the scenario starts", t.get_ref()),
                Some("turns count from 0, the first turn of the scenario; remove the record or give a turn ≥ 0".to_string()),
            );
            None
        }
        (None, Some(t), _) => Some((*t.get_ref(), None)),
        (None, None, _) => {
            c.err(
                o.outcome.span(),
                format!("observed `{name}` has no `date` or `turn`"),
                Some(
                    "say when it happened: `date = YYYY-MM-DD` on a dated clock, or `turn = N`"
                        .to_string(),
                ),
            );
            None
        }
    }
}

fn use_of(c: &mut Ctx, o: &RawObserved, outcome: OutcomeRef) -> ObservedUse {
    match o.use_.as_ref().map(|u| u.get_ref().as_str()) {
        Some("calibrate") => ObservedUse::Calibrate,
        Some("holdout") => ObservedUse::Holdout,
        Some("input") => ObservedUse::Input,
        None if matches!(outcome, OutcomeRef::Event(_)) => ObservedUse::Input,
        None => ObservedUse::Calibrate,
        Some(other) => {
            let span = o
                .use_
                .as_ref()
                .map(|u| u.span())
                .unwrap_or(o.outcome.span());
            c.err(
                span,
                format!("unknown `use = \"{other}\"`"),
                Some("use calibrate, holdout or input".to_string()),
            );
            ObservedUse::Calibrate
        }
    }
}

fn option_text(v: &V) -> String {
    match v.get_ref() {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Resolves `agreement.X`, `issue.X`, `event.X` or `action.X` against the declared ids.
pub(super) fn resolve_outcome(name: &str, t: &Tables) -> Option<OutcomeRef> {
    let (kind, id) = name.split_once('.')?;
    let find = |ids: &Ids| ids.get(id);
    match kind {
        "agreement" => find(&t.agreements).map(OutcomeRef::Agreement),
        "issue" => find(&t.issues).map(|i| OutcomeRef::Issue(IssueIx::new(i))),
        "event" => find(&t.events).map(OutcomeRef::Event),
        "action" => find(&t.actions).map(OutcomeRef::Action),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};

    fn with_record(body: &str) -> String {
        format!("{MINIMAL}\n[[observed]]\n{body}\n")
    }

    #[test]
    fn a_record_from_before_the_start_is_refused() {
        let dated = MINIMAL.replace("horizon = 100", "start = 1951-07-10\nhorizon = 100");
        let m = messages(&format!(
            "{dated}\n[[observed]]\noutcome = \"agreement.deal\"\ndate = 1950-06-25\n"
        ));
        assert!(
            m.iter().any(|m| m == "observed `agreement.deal` is dated 1950-06-25, before the scenario starts (1951-07-10)"),
            "{m:?}"
        );
        let m = messages(&with_record("outcome = \"agreement.deal\"\nturn = -3"));
        assert!(
            m.iter()
                .any(|m| m.contains("is at turn -3, before the scenario starts")),
            "{m:?}"
        );
    }

    #[test]
    fn unknown_outcomes_get_a_suggestion() {
        let m = messages(&with_record("outcome = \"agreement.dael\"\nturn = 3"));
        assert!(
            m.iter().any(|m| m == "unknown outcome `agreement.dael`"),
            "{m:?}"
        );
    }

    #[test]
    fn a_record_needs_a_date_or_turn_and_a_known_use() {
        let m = messages(&with_record("outcome = \"agreement.deal\"\nuse = \"fit\""));
        assert!(
            m.iter()
                .any(|m| m == "observed `agreement.deal` has no `date` or `turn`"),
            "{m:?}"
        );
        let m = messages(&with_record(
            "outcome = \"agreement.deal\"\nturn = 3\nuse = \"fit\"",
        ));
        assert!(m.iter().any(|m| m == "unknown `use = \"fit\"`"), "{m:?}");
        let m = messages(&with_record(
            "outcome = \"agreement.deal\"\ndate = 1953-07-27",
        ));
        assert!(
            m.iter()
                .any(|m| m == "an observed date needs a scenario `start` date"),
            "{m:?}"
        );
    }
}
