//! Actions: moves besides negotiating (pressure, threats, side payments, unilateral acts, suspending
//! talks), with who may take them, when, at what cost and with what credibility.

use super::ctx::Ctx;
use super::effects::{Refs, effects};
use super::ids::{Names, Tables};
use crate::scenario::raw::{RawAction, RawFile};
use crate::scenario::{Action, ActionKind, ActorIx};

/// Validates every action.
pub(super) fn actions(
    c: &mut Ctx,
    raw: &RawFile,
    t: &Tables,
    r: &Refs,
    names: &Names,
) -> Vec<Action> {
    raw.action
        .iter()
        .map(|a| action(c, a.get_ref(), t, r, names))
        .collect()
}

fn kind(c: &mut Ctx, a: &RawAction) -> ActionKind {
    match a.kind.as_ref().map(|k| k.get_ref().as_str()) {
        None | Some("other") => ActionKind::Other,
        Some("pressure") => ActionKind::Pressure,
        Some("threat") => ActionKind::Threat,
        Some("side_payment") => ActionKind::SidePayment,
        Some("unilateral") => ActionKind::Unilateral,
        Some("suspend") => ActionKind::Suspend,
        Some("resume") => ActionKind::Resume,
        Some(other) => {
            let k = a.kind.as_ref().map(|k| k.span()).unwrap_or(a.id.span());
            c.err(
                k,
                format!("unknown action kind `{other}`"),
                Some(
                    "use pressure, threat, side_payment, unilateral, suspend, resume or other"
                        .to_string(),
                ),
            );
            ActionKind::Other
        }
    }
}

fn action(c: &mut Ctx, a: &RawAction, t: &Tables, r: &Refs, names: &Names) -> Action {
    let actor = ActorIx::new(c.lookup(&t.actors, &a.actor, "actor").unwrap_or(0));
    let kind = kind(c, a);
    let requires = a
        .requires
        .as_ref()
        .and_then(|w| c.expr_str(w, names, "`requires`"));
    let mut cost = Vec::new();
    for (k, v) in &a.cost {
        if let Some(d) = c.lookup(&t.dims, k, "dimension") {
            cost.push((d, c.finite(v, "a cost")));
        }
    }
    let credibility = a
        .credibility
        .as_ref()
        .map(|v| {
            c.in_range(
                v,
                0.0,
                1.0,
                "`credibility`",
                "the probability that the action's effects take hold",
            )
        })
        .unwrap_or(1.0);
    let effects = effects(c, &a.effects, r, names);
    let track = a.track.as_ref().map_or_else(String::new, |k| {
        let name = k.get_ref();
        // `""` names the main track (so that an overlay can put an action back on it).
        let ok = name.is_empty()
            || name
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
        if !ok {
            c.err(
                k.span(),
                format!("`track` `{name}` is not a name"),
                Some(
                    "a letter, then letters, digits, `_` or `-`, e.g. `track = \"diplomacy\"`; \
                     `\"\"` or no `track` for the main track"
                        .to_string(),
                ),
            );
        }
        name.clone()
    });
    Action {
        id: a.id.get_ref().clone(),
        label: a.label.clone().unwrap_or_else(|| a.id.get_ref().clone()),
        kind,
        actor,
        track,
        once: a.once.unwrap_or(matches!(kind, ActionKind::Unilateral)),
        enabled: a.enabled.unwrap_or(true),
        requires,
        cost,
        credibility,
        effects,
        cite: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages, with_action};

    #[test]
    fn unknown_kinds_actors_and_cost_dimensions_are_named() {
        let m = messages(&with_action(
            "actor = \"z\"\nkind = \"bribe\"\ncost = { mony = 1.0 }",
        ));
        assert!(m.iter().any(|m| m == "unknown actor `z`"), "{m:?}");
        assert!(
            m.iter().any(|m| m == "unknown action kind `bribe`"),
            "{m:?}"
        );
        assert!(m.iter().any(|m| m == "unknown dimension `mony`"), "{m:?}");
    }

    #[test]
    fn credibility_is_a_probability() {
        let m = messages(&with_action("actor = \"a\"\ncredibility = 1.5"));
        assert!(
            m.iter()
                .any(|m| m.starts_with("`credibility` is 1.5, outside [0, 1]")),
            "{m:?}"
        );
    }

    #[test]
    fn a_track_is_a_name_and_empty_means_the_main_track() {
        let m = messages(&with_action("actor = \"a\"\ntrack = \"back channel\""));
        assert!(
            m.iter()
                .any(|m| m == "`track` `back channel` is not a name"),
            "{m:?}"
        );
        for (t, want) in [
            ("track = \"\"", ""),
            ("track = \"talks-2\"", "talks-2"),
            ("", ""),
        ] {
            let s =
                crate::Scenario::from_toml("s.toml", &with_action(&format!("actor = \"a\"\n{t}")))
                    .unwrap();
            assert_eq!(s.actions[0].track, want);
        }
    }

    #[test]
    fn unilateral_acts_happen_once_by_default() {
        let s = crate::Scenario::from_toml(
            "s.toml",
            &with_action("actor = \"a\"\nkind = \"unilateral\""),
        )
        .unwrap();
        assert!(s.actions[0].once);
    }
}
