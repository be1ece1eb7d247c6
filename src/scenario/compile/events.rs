//! Events: scheduled (a date or turn), hazards (a per-turn probability in a window) and conditional
//! (`when`), each with its effects.

use std::ops::Range;

use toml::Spanned;

use super::ctx::Ctx;
use super::effects::{Refs, effects};
use super::ids::Names;
use crate::expr::Expr;
use crate::scenario::raw::{RawEvent, RawFile, V};
use crate::scenario::{Event, Trigger};
use crate::time::Clock;

/// Validates every event; one without a valid trigger is left out (its error is reported).
pub(super) fn events(
    c: &mut Ctx,
    raw: &RawFile,
    clock: &Clock,
    r: &Refs,
    names: &Names,
) -> Vec<Event> {
    raw.event
        .iter()
        .filter_map(|e| event(c, e, clock, r, names))
        .collect()
}

fn event(
    c: &mut Ctx,
    raw: &Spanned<RawEvent>,
    clock: &Clock,
    r: &Refs,
    names: &Names,
) -> Option<Event> {
    let e = raw.get_ref();
    let id = e.id.get_ref().clone();
    let (at, date) = scheduled_turn(c, e, &id, clock);
    let trigger = trigger(c, e, &id, at, clock, names, raw.span());
    check_kind(c, e, &id, trigger.as_ref());
    let foreseen = foreseen(c, e, &id, trigger.as_ref());
    let effects = effects(c, &e.effects, r, names);
    Some(Event {
        id,
        label: e.label.clone().unwrap_or_else(|| e.id.get_ref().clone()),
        trigger: trigger?,
        date,
        once: e.once.unwrap_or(true),
        enabled: e.enabled.unwrap_or(true),
        foreseen,
        effects,
        cite: Default::default(),
    })
}

/// The turn of a scheduled event (`date` or `turn`), if it has one, and its own date if it has one
/// (a date may fall inside its turn: outputs keep it).
fn scheduled_turn(
    c: &mut Ctx,
    e: &RawEvent,
    id: &str,
    clock: &Clock,
) -> (Option<i64>, Option<crate::time::Date>) {
    let mut dated = None;
    let turn = match (&e.date, &e.turn) {
        (Some(_), Some(t)) => {
            c.err(
                t.span(),
                format!("event `{id}` has both `date` and `turn`"),
                Some("keep one".to_string()),
            );
            None
        }
        (Some(d), None) => match (c.date(d, "`date`"), clock.start) {
            (Some(date), Some(start)) => {
                let t = (date.0 - start.0).div_euclid(clock.turn_days as i64);
                if t < 0 {
                    c.err(
                        d.span(),
                        format!(
                            "event `{id}` is dated {date}, before the scenario starts ({start})"
                        ),
                        Some("events before the start belong in the initial state".to_string()),
                    );
                }
                dated = Some(date);
                Some(t.max(0))
            }
            (Some(_), None) => {
                c.err(
                    d.span(),
                    format!("event `{id}` has a date but the scenario has no `start`"),
                    Some("use `turn = N` for abstract clocks".to_string()),
                );
                None
            }
            _ => None,
        },
        (None, Some(t)) => {
            if *t.get_ref() < 0 {
                c.err(
                    t.span(),
                    "`turn` must not be negative",
                    Some("turns count from 0, the first turn of the scenario".to_string()),
                );
            }
            Some((*t.get_ref()).max(0))
        }
        (None, None) => None,
    };
    (turn, dated)
}

fn trigger(
    c: &mut Ctx,
    e: &RawEvent,
    id: &str,
    at: Option<i64>,
    clock: &Clock,
    names: &Names,
    span: Range<usize>,
) -> Option<Trigger> {
    let when = e.when.as_ref().and_then(|w| c.expr_str(w, names, "`when`"));
    match (at, &e.probability) {
        (Some(t), None) => {
            if let Some(w) = &e.when {
                c.err(
                    w.span(),
                    format!("scheduled event `{id}` cannot also have `when`"),
                    Some("a scheduled event fires on its date; use a conditional event (only `when`) instead".to_string()),
                );
            }
            Some(Trigger::At(t.clamp(0, u32::MAX as i64) as u32))
        }
        (None, Some(p)) => Some(hazard(c, e, p, when, (clock, names), span)),
        (Some(_), Some(p)) => {
            c.err(
                p.span(),
                format!("event `{id}` has both a date/turn and a probability"),
                Some("a scheduled event has a date; a hazard has a probability and optional from/until".to_string()),
            );
            None
        }
        (None, None) => match when {
            Some(w) => Some(Trigger::When(w)),
            None => {
                c.err(
                    e.id.span(),
                    format!("event `{id}` has no trigger"),
                    Some("give `date` (or `turn`), `probability`, or `when`".to_string()),
                );
                None
            }
        },
    }
}

fn hazard(
    c: &mut Ctx,
    e: &RawEvent,
    p: &V,
    when: Option<Expr>,
    (clock, names): (&Clock, &Names),
    span: Range<usize>,
) -> Trigger {
    let id = e.id.get_ref();
    let probability = c
        .expr_value(p, names, "`probability`")
        .unwrap_or_else(|| Expr::constant(0.0));
    if let Some(v) = probability.as_constant() {
        if !(0.0..=1.0).contains(&v) {
            c.err(
                p.span(),
                format!("event `{id}`: probability {v} is outside [0, 1]"),
                Some(
                    "a per-turn probability; expressions are clamped to [0, 1] when evaluated"
                        .to_string(),
                ),
            );
        }
    }
    let from = e
        .from
        .as_ref()
        .and_then(|v| c.turn(v, clock, "`from`"))
        .unwrap_or(0)
        .max(0);
    let until = e
        .until
        .as_ref()
        .and_then(|v| c.turn(v, clock, "`until`"))
        .unwrap_or(clock.max_turns as i64)
        .max(0);
    if until < from {
        c.err(
            e.until.as_ref().map(|u| u.span()).unwrap_or(span),
            format!("event `{id}`: its window ends before it starts"),
            Some("`until` must not be before `from`".to_string()),
        );
    }
    Trigger::Hazard {
        probability,
        from: from.min(u32::MAX as i64) as u32,
        until: until.min(u32::MAX as i64) as u32,
        when,
    }
}

/// Whether actors anticipate the event: as declared, else true for a hazard and false for a dated
/// event; a conditional event's consequences are anticipated through its condition, so it takes no
/// `foreseen`.
fn foreseen(c: &mut Ctx, e: &RawEvent, id: &str, trigger: Option<&Trigger>) -> bool {
    let declared = e.foreseen.as_ref().map(|f| *f.get_ref());
    match trigger {
        Some(Trigger::When(_)) => {
            if let Some(f) = &e.foreseen {
                c.err(
                    f.span(),
                    format!("event `{id}` is conditional (only `when`): `foreseen` does not apply"),
                    Some("actors anticipate a conditional event through its condition (the valuation sees the state it reads); remove `foreseen`".to_string()),
                );
            }
            false
        }
        Some(Trigger::Hazard { .. }) => declared.unwrap_or(true),
        _ => declared.unwrap_or(false),
    }
}

/// A declared `kind` must be known and agree with the trigger's keys.
fn check_kind(c: &mut Ctx, e: &RawEvent, id: &str, trigger: Option<&Trigger>) {
    let Some(k) = &e.kind else {
        return;
    };
    let expected = match trigger {
        Some(Trigger::At(_)) => "scheduled",
        Some(Trigger::Hazard { .. }) => "hazard",
        Some(Trigger::When(_)) => "conditional",
        None => k.get_ref().as_str(),
    };
    if !["scheduled", "hazard", "conditional"].contains(&k.get_ref().as_str()) {
        c.err(
            k.span(),
            format!("unknown event kind `{}`", k.get_ref()),
            Some("use scheduled, hazard or conditional".to_string()),
        );
    } else if k.get_ref() != expected {
        c.err(
            k.span(),
            format!(
                "event `{id}` says kind = \"{}\" but its keys make it {expected}",
                k.get_ref()
            ),
            Some("scheduled: date/turn; hazard: probability; conditional: when".to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages, with_event};

    #[test]
    fn an_event_needs_exactly_one_trigger() {
        let m = messages(&with_event("effects = []"));
        assert!(m.iter().any(|m| m == "event `e` has no trigger"), "{m:?}");
        let m = messages(&with_event("turn = 3\nprobability = 0.5"));
        assert!(
            m.iter()
                .any(|m| m == "event `e` has both a date/turn and a probability"),
            "{m:?}"
        );
        let m = messages(&with_event("turn = 3\nwhen = \"turn > 2\""));
        assert!(
            m.iter()
                .any(|m| m == "scheduled event `e` cannot also have `when`"),
            "{m:?}"
        );
    }

    #[test]
    fn a_hazard_window_and_probability_are_checked() {
        let m = messages(&with_event("probability = 1.5\nfrom = 5\nuntil = 2"));
        assert!(
            m.iter()
                .any(|m| m == "event `e`: probability 1.5 is outside [0, 1]"),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m == "event `e`: its window ends before it starts"),
            "{m:?}"
        );
    }

    #[test]
    fn hazards_are_foreseen_and_dated_events_are_not_unless_declared() {
        let foreseen = |body: &str| {
            crate::Scenario::from_toml("s.toml", &with_event(body))
                .unwrap()
                .events[0]
                .foreseen
        };
        assert!(foreseen("probability = 0.1"));
        assert!(!foreseen("probability = 0.1\nforeseen = false"));
        assert!(!foreseen("turn = 30"));
        assert!(foreseen("turn = 30\nforeseen = true"));
        assert!(!foreseen("when = \"turn > 3\""));
        let m = messages(&with_event("when = \"turn > 3\"\nforeseen = true"));
        assert!(
            m.iter()
                .any(|m| m == "event `e` is conditional (only `when`): `foreseen` does not apply"),
            "{m:?}"
        );
    }

    #[test]
    fn a_declared_kind_must_match_the_keys() {
        let m = messages(&with_event("turn = 3\nkind = \"hazard\""));
        assert!(
            m.iter()
                .any(|m| m == "event `e` says kind = \"hazard\" but its keys make it scheduled"),
            "{m:?}"
        );
        let m = messages(&with_event("turn = 3\nkind = \"sometimes\""));
        assert!(
            m.iter().any(|m| m == "unknown event kind `sometimes`"),
            "{m:?}"
        );
    }
}
