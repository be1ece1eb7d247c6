//! Effects of events and actions: `op` and the keys each op takes, resolved to [`Effect`]s.

use std::ops::Range;

use toml::{Spanned, Value};

use super::ctx::Ctx;
use super::ids::{Ids, Names};
use crate::scenario::raw::RawEffect;
use crate::scenario::{ActorIx, Effect, Issue, IssueIx, Noise, Param, PartyIx, Pos, Target};

/// The ids effects may name.
pub(super) struct Refs<'a> {
    pub actors: &'a Ids,
    pub dims: &'a Ids,
    pub states: &'a Ids,
    pub issues: &'a Ids,
    pub options: &'a [Ids],
    pub actions: &'a Ids,
    pub flows: &'a Ids,
    pub events: &'a Ids,
    pub issue_list: &'a [Issue],
}

const OPS: &[&str] = &[
    "add_state",
    "set_state",
    "set_weight",
    "scale_weight",
    "set_param",
    "enable",
    "disable",
    "open_issue",
    "close_issue",
    "add_veto",
    "remove_veto",
    "forbid",
    "allow",
    "activate",
    "deactivate",
    "suspend_talks",
    "resume_talks",
    "end",
];

/// The keys an op takes, or `None` for an unknown op.
fn keys_of(op: &str) -> Option<&'static [&'static str]> {
    Some(match op {
        "add_state" | "set_state" => &["state", "value", "sd", "low", "high"],
        "set_weight" => &["actor", "dimension", "value"],
        "scale_weight" => &["actor", "dimension", "factor"],
        "set_param" => &["actor", "param", "value"],
        "enable" | "disable" => &["target"],
        "open_issue" | "close_issue" => &["issue"],
        "add_veto" => &["issue", "party", "actor"],
        "remove_veto" => &["issue", "actor"],
        "forbid" | "allow" => &["issue", "party", "options"],
        "activate" | "deactivate" => &["actor"],
        "suspend_talks" | "resume_talks" => &[],
        "end" => &["reason"],
        _ => return None,
    })
}

/// Validates a list of effects; an invalid one is left out (its errors are reported).
pub(super) fn effects(
    c: &mut Ctx,
    list: &[Spanned<RawEffect>],
    r: &Refs,
    names: &Names,
) -> Vec<Effect> {
    list.iter().filter_map(|x| effect(c, x, r, names)).collect()
}

fn effect(c: &mut Ctx, e: &Spanned<RawEffect>, r: &Refs, names: &Names) -> Option<Effect> {
    let span = e.span();
    let e = e.get_ref();
    let op = e.op.get_ref().as_str();
    let Some(used) = keys_of(op) else {
        c.unknown(
            e.op.span(),
            format!("unknown effect op `{op}`"),
            op,
            || OPS.iter().map(|s| s.to_string()).collect(),
            "op",
        );
        return None;
    };
    if !keys_fit(c, e, op, used, span.clone()) {
        return None;
    }
    let b = Build { e, r, op, span };
    Some(match op {
        "add_state" | "set_state" => b.state(c, names)?,
        "set_weight" => Effect::SetWeight {
            actor: b.actor(c)?,
            dim: b.dim(c)?,
            value: b.number(c)?,
        },
        "scale_weight" => Effect::ScaleWeight {
            actor: b.actor(c)?,
            dim: b.dim(c)?,
            factor: c.finite(e.factor.as_ref()?, "`factor`"),
        },
        "set_param" => b.set_param(c)?,
        "enable" => Effect::Enable(b.target(c)?),
        "disable" => Effect::Disable(b.target(c)?),
        "open_issue" => Effect::OpenIssue(b.issue(c)?),
        "close_issue" => Effect::CloseIssue(b.issue(c)?),
        "add_veto" | "forbid" | "allow" => b.party_effect(c)?,
        "remove_veto" => Effect::RemoveVeto {
            issue: b.issue(c)?,
            actor: b.actor(c)?,
        },
        "activate" => Effect::Activate(b.actor(c)?),
        "deactivate" => Effect::Deactivate(b.actor(c)?),
        "suspend_talks" => Effect::SuspendTalks,
        "resume_talks" => Effect::ResumeTalks,
        "end" => Effect::End(
            e.reason
                .clone()
                .unwrap_or_else(|| "terminal condition".into()),
        ),
        _ => return None,
    })
}

/// Reports keys the op does not use and required keys it lacks; whether the keys fit.
fn keys_fit(c: &mut Ctx, e: &RawEffect, op: &str, used: &[&str], span: Range<usize>) -> bool {
    let present: [(&str, bool); 14] = [
        ("state", e.state.is_some()),
        ("actor", e.actor.is_some()),
        ("dimension", e.dimension.is_some()),
        ("value", e.value.is_some()),
        ("sd", e.sd.is_some()),
        ("low", e.low.is_some()),
        ("high", e.high.is_some()),
        ("factor", e.factor.is_some()),
        ("param", e.param.is_some()),
        ("target", e.target.is_some()),
        ("issue", e.issue.is_some()),
        ("party", e.party.is_some()),
        ("options", !e.options.is_empty()),
        ("reason", e.reason.is_some()),
    ];
    let mut ok = true;
    for (k, is) in present {
        if is && !used.contains(&k) {
            let takes = if used.is_empty() {
                "nothing besides op".to_string()
            } else {
                used.join(", ")
            };
            c.err(
                span.clone(),
                format!("effect `{op}` does not use `{k}`"),
                Some(format!("`{op}` takes: {takes}")),
            );
            ok = false;
        }
    }
    for k in used {
        let has = present
            .iter()
            .find(|(n, _)| n == k)
            .is_some_and(|(_, h)| *h);
        let optional = matches!(*k, "sd" | "low" | "high" | "reason");
        if !optional && !has {
            c.err(
                span.clone(),
                format!("effect `{op}` needs `{k}`"),
                Some(format!("`{op}` takes: {}", used.join(", "))),
            );
            ok = false;
        }
    }
    ok
}

/// One effect being resolved.
struct Build<'a> {
    e: &'a RawEffect,
    r: &'a Refs<'a>,
    op: &'a str,
    span: Range<usize>,
}

impl Build<'_> {
    fn actor(&self, c: &mut Ctx) -> Option<ActorIx> {
        self.e
            .actor
            .as_ref()
            .and_then(|a| c.lookup(self.r.actors, a, "actor"))
            .map(ActorIx::new)
    }

    fn dim(&self, c: &mut Ctx) -> Option<usize> {
        self.e
            .dimension
            .as_ref()
            .and_then(|a| c.lookup(self.r.dims, a, "dimension"))
    }

    fn issue(&self, c: &mut Ctx) -> Option<IssueIx> {
        self.e
            .issue
            .as_ref()
            .and_then(|a| c.lookup(self.r.issues, a, "issue"))
            .map(IssueIx::new)
    }

    /// `value` as a finite number.
    fn number(&self, c: &mut Ctx) -> Option<f64> {
        let v = self.e.value.as_ref()?;
        match v.get_ref() {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            _ => {
                c.err(
                    v.span(),
                    format!("`{}` needs a finite number as `value`", self.op),
                    Some(
                        "a plain number such as `value = 0.5` (expressions are for state effects)"
                            .to_string(),
                    ),
                );
                None
            }
        }
    }

    fn state(&self, c: &mut Ctx, names: &Names) -> Option<Effect> {
        let e = self.e;
        let state = e
            .state
            .as_ref()
            .and_then(|s| c.lookup(self.r.states, s, "state variable"))?;
        let value = c.expr_value(e.value.as_ref()?, names, "`value`")?;
        let noise = self.noise(c);
        Some(if self.op == "add_state" {
            Effect::AddState {
                state,
                value,
                noise,
            }
        } else {
            Effect::SetState {
                state,
                value,
                noise,
            }
        })
    }

    fn noise(&self, c: &mut Ctx) -> Noise {
        match (&self.e.sd, &self.e.low, &self.e.high) {
            (Some(sd), None, None) => {
                Noise::Normal(c.in_range(sd, 0.0, f64::MAX, "`sd`", "a standard deviation is ≥ 0"))
            }
            (None, Some(lo), Some(hi)) => {
                let (lo, hi) = (c.finite(lo, "`low`"), c.finite(hi, "`high`"));
                if lo > hi {
                    c.err(
                        self.span.clone(),
                        "`low` is above `high`",
                        Some("swap them".to_string()),
                    );
                }
                Noise::Uniform(lo, hi)
            }
            (None, None, None) => Noise::None,
            _ => {
                c.err(
                    self.span.clone(),
                    "give either `sd` (normal noise) or both `low` and `high` (uniform noise)",
                    Some("e.g. `sd = 0.1`, or `low = -0.1` and `high = 0.1`".to_string()),
                );
                Noise::None
            }
        }
    }

    fn set_param(&self, c: &mut Ctx) -> Option<Effect> {
        let a = self.actor(c)?;
        let p = self.e.param.as_ref()?;
        let param = match p.get_ref().as_str() {
            "discount" => Param::Discount,
            "lambda" => Param::Lambda,
            other => {
                c.err(
                    p.span(),
                    format!("unknown actor parameter `{other}`"),
                    Some("use discount or lambda".to_string()),
                );
                return None;
            }
        };
        let value = self.number(c)?;
        let bad = match param {
            Param::Discount => !(value > 0.0 && value < 1.0),
            Param::Lambda => value < 0.0,
        };
        if bad {
            c.err(
                self.e.value.as_ref()?.span(),
                format!("{value} is out of range for `{}`", p.get_ref()),
                Some("discount in (0,1), lambda ≥ 0".to_string()),
            );
        }
        Some(Effect::SetParam {
            actor: a,
            param,
            value,
        })
    }

    fn target(&self, c: &mut Ctx) -> Option<Target> {
        let t = self.e.target.as_ref()?;
        let r = self.r;
        let target = match t.get_ref().split_once('.') {
            Some(("action", id)) => r.actions.get(id).map(Target::Action),
            Some(("flow", id)) => r.flows.get(id).map(Target::Flow),
            Some(("event", id)) => r.events.get(id).map(Target::Event),
            _ => None,
        };
        if target.is_none() {
            let known = || {
                let mut known: Vec<String> = r
                    .actions
                    .list()
                    .iter()
                    .map(|x| format!("action.{x}"))
                    .collect();
                known.extend(r.flows.list().iter().map(|x| format!("flow.{x}")));
                known.extend(r.events.list().iter().map(|x| format!("event.{x}")));
                known
            };
            let message = format!("unknown target `{}`", t.get_ref());
            c.unknown(t.span(), message, t.get_ref(), known, "target");
        }
        target
    }

    /// `add_veto`, `forbid` and `allow`: an issue and one of its parties.
    fn party_effect(&self, c: &mut Ctx) -> Option<Effect> {
        let e = self.e;
        let i = self.issue(c)?;
        let pid = e.party.as_ref()?;
        let parties = &self
            .r
            .issue_list
            .get(i.ix())
            .map(|x| x.parties.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        let Some(party) = parties
            .iter()
            .position(|p| p == pid.get_ref())
            .map(PartyIx::new)
        else {
            let message = format!(
                "issue `{}` has no party `{}`",
                e.issue.as_ref()?.get_ref(),
                pid.get_ref()
            );
            c.unknown(
                pid.span(),
                message,
                pid.get_ref(),
                || parties.clone(),
                "party",
            );
            return None;
        };
        if self.op == "add_veto" {
            return Some(Effect::AddVeto {
                issue: i,
                party,
                actor: self.actor(c)?,
            });
        }
        let positions: Vec<Pos> = e
            .options
            .iter()
            .filter_map(|o| c.lookup(&self.r.options[i], o, "option").map(Pos::new))
            .collect();
        Some(if self.op == "forbid" {
            Effect::Forbid {
                issue: i,
                party,
                positions,
            }
        } else {
            Effect::Allow {
                issue: i,
                party,
                positions,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages, with_event};

    fn effect(body: &str) -> Vec<String> {
        messages(&with_event(&format!(
            "turn = 2\n\n[[event.effects]]\n{body}"
        )))
    }

    #[test]
    fn an_unknown_op_gets_a_suggestion() {
        let m = effect("op = \"open_isue\"\nissue = \"split\"");
        assert!(
            m.iter().any(|m| m == "unknown effect op `open_isue`"),
            "{m:?}"
        );
    }

    #[test]
    fn keys_an_op_does_not_use_or_lacks_are_reported() {
        let m = effect("op = \"open_issue\"\nactor = \"a\"");
        assert!(
            m.iter()
                .any(|m| m == "effect `open_issue` does not use `actor`"),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m == "effect `open_issue` needs `issue`"),
            "{m:?}"
        );
    }

    #[test]
    fn parameters_targets_and_parties_are_resolved() {
        let m = effect("op = \"set_param\"\nactor = \"a\"\nparam = \"discount\"\nvalue = 1.5");
        assert!(
            m.iter().any(|m| m == "1.5 is out of range for `discount`"),
            "{m:?}"
        );
        let m = effect("op = \"enable\"\ntarget = \"flow.dealy\"");
        assert!(
            m.iter().any(|m| m == "unknown target `flow.dealy`"),
            "{m:?}"
        );
        let m = effect("op = \"add_veto\"\nissue = \"split\"\nparty = \"Q\"\nactor = \"a\"");
        assert!(
            m.iter().any(|m| m == "issue `split` has no party `Q`"),
            "{m:?}"
        );
    }

    #[test]
    fn noise_takes_sd_or_both_bounds() {
        let text = with_event("turn = 2\n\n[[event.effects]]\nop = \"add_state\"\nstate = \"front\"\nvalue = 1\nsd = 0.1\nlow = 0.0")
            .replace("[[flow]]", "[[state]]\nid = \"front\"\ninitial = 0.0\n\n[[flow]]");
        let m = messages(&text);
        assert!(m.iter().any(|m| m.starts_with("give either `sd`")), "{m:?}");
    }
}
