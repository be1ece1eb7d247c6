//! Reachability: an issue that starts closed must be opened by some event or action, and a party's
//! lead who starts inactive must be activated by one; otherwise an agreement could never be reached.

use super::ctx::Ctx;
use crate::scenario::raw::RawFile;
use crate::scenario::{Action, Actor, Agreement, Effect, Event, Issue, IssueIx};

/// Reports closed issues nothing opens and inactive leads nothing activates.
pub(super) fn check(
    c: &mut Ctx,
    raw: &RawFile,
    (issues, agreements, actors): (&[Issue], &[Agreement], &[Actor]),
    events: &[Event],
    actions: &[Action],
) {
    let any_effect = |p: &dyn Fn(&Effect) -> bool| {
        events
            .iter()
            .flat_map(|e| e.effects.iter())
            .chain(actions.iter().flat_map(|a| a.effects.iter()))
            .any(p)
    };
    for (ii, i) in IssueIx::all(issues.len()).zip(issues) {
        let span = raw.issue[ii].get_ref().id.span();
        if !i.open && !any_effect(&|e| matches!(e, Effect::OpenIssue(x) if *x == ii)) {
            c.err(
                span.clone(),
                format!("issue `{}` starts closed (`open = false`) and no event or action opens it", i.id),
                Some(format!(
                    "its agreement `{}` could never be reached; add an `open_issue` effect or set `open = true`",
                    agreements[i.agreement].id
                )),
            );
        }
        for p in &i.parties {
            let Some(a) = actors.get(p.lead.ix()) else {
                continue;
            };
            if !a.active && !any_effect(&|e| matches!(e, Effect::Activate(x) if *x == p.lead)) {
                c.err(
                    span.clone(),
                    format!("issue `{}`: party `{}` is led by `{}`, who is inactive and never activated", i.id, p.id, a.id),
                    Some("set the actor `active = true` or add an `activate` effect".to_string()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};

    #[test]
    fn a_closed_issue_nothing_opens_is_unreachable() {
        let m = messages(&MINIMAL.replace("step = 0.1", "step = 0.1\nopen = false"));
        assert!(
            m.iter().any(|m| m
                == "issue `split` starts closed (`open = false`) and no event or action opens it"),
            "{m:?}"
        );
    }

    #[test]
    fn an_inactive_lead_nothing_activates_is_unreachable() {
        let m = messages(&MINIMAL.replace(
            "id = \"b\"\nside = \"B\"",
            "id = \"b\"\nside = \"B\"\nactive = false",
        ));
        assert!(
            m.iter().any(|m| m
                == "issue `split`: party `B` is led by `b`, who is inactive and never activated"),
            "{m:?}"
        );
    }
}
