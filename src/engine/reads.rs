//! Which state variables the solve of a regime reads.
//!
//! A perceived world is its regime and the state on the grid (`percept.rs`). Much of the state is
//! often read by nothing the solve of a given regime evaluates: a flow that is switched off, the
//! terms of issues whose agreement is reached, an event that can no longer come. The solution is
//! then the same whatever those variables' grid points, so the key leaves them out (sets them to
//! grid point 0), and worlds that differ only there share one solution. Three keys in four of a
//! Korean batch differed only in such variables.
//!
//! What the solve evaluates in the perceived state (`solve/`): the terms of every issue whose
//! agreement is not reached (pending or settled), the flows switched on (value and condition), every
//! outside option, and the anticipated events still armed (their probability, condition, and the
//! values their effects set or add). The regime an anticipated event leads to is solved from the
//! state it leaves, so an event's successor must read nothing the key left out: its effects may
//! switch flows and events on (their reads count here too, transitively), and the variable an
//! effect adds to counts as read. Everything else the successor reads, this regime reads already.

use super::model::Foresight;
use crate::expr::{Env, Expr, Flags};
use crate::scenario::{Effect, Scenario, Target, Trigger};

/// Per part of a scenario, the state variables it reads, gathered once per model.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    flows: Vec<Vec<usize>>,
    /// Per issue: what its terms read, at every position (`[i][p]`; a continuous issue has one list).
    issues: Vec<Vec<Vec<usize>>>,
    /// Per event: its trigger's expressions, its effects' values and the variables it adds to.
    events: Vec<Vec<usize>>,
    /// Per event: the flows and events its effects switch on.
    enables: Vec<(Vec<usize>, Vec<usize>)>,
    /// Every outside option's expressions.
    options: Vec<usize>,
    nstates: usize,
    /// Per flow whose condition reads nothing but which issues are settled and which agreements
    /// reached (no open issues, state, time, positions or history): the settled and agreed bits it
    /// reads. Once all of those are set (they are never unset), the condition's value is fixed for
    /// the rest of the run and in every world the solve anticipates.
    gates: Vec<Option<(u64, u64)>>,
}

fn deps<'a>(exprs: impl IntoIterator<Item = &'a Expr>) -> Vec<usize> {
    let mut out = Vec::new();
    for e in exprs {
        e.state_deps(&mut out);
    }
    out
}

impl Reads {
    pub fn new(s: &Scenario) -> Reads {
        let flows = s
            .flows
            .iter()
            .map(|f| deps(std::iter::once(&f.value).chain(&f.when)))
            .collect();
        let issues = s
            .issues
            .iter()
            .map(|i| {
                i.effects
                    .iter()
                    .map(|terms| deps(terms.iter().map(|t| &t.expr)))
                    .collect()
            })
            .collect();
        let events = s
            .events
            .iter()
            .map(|ev| {
                let mut exprs: Vec<&Expr> = match &ev.trigger {
                    Trigger::Hazard {
                        probability, when, ..
                    } => std::iter::once(probability).chain(when).collect(),
                    Trigger::When(c) => vec![c],
                    Trigger::At(_) => Vec::new(),
                };
                let mut added = Vec::new();
                for fx in &ev.effects {
                    match fx {
                        Effect::AddState { state, value, .. } => {
                            exprs.push(value);
                            added.push(*state);
                        }
                        Effect::SetState { value, .. } => exprs.push(value),
                        _ => {}
                    }
                }
                let mut d = deps(exprs);
                for v in added {
                    if !d.contains(&v) {
                        d.push(v);
                    }
                }
                d
            })
            .collect();
        let enables = s
            .events
            .iter()
            .map(|ev| {
                let (mut flows, mut events) = (Vec::new(), Vec::new());
                for fx in &ev.effects {
                    match fx {
                        Effect::Enable(Target::Flow(f)) => flows.push(*f),
                        Effect::Enable(Target::Event(e)) => events.push(*e),
                        _ => {}
                    }
                }
                (flows, events)
            })
            .collect();
        let options = deps(s.outside_options.iter().flat_map(|o| {
            o.value
                .iter()
                .map(|(_, e)| e)
                .chain(o.others.iter().map(|t| &t.expr))
                .chain(&o.requires)
        }));
        let gates = s
            .flows
            .iter()
            .map(|f| {
                let c = f.when.as_ref()?;
                let (settled, open, agreed) = c.flag_mask();
                (c.reads_only_flag_sets() && open == 0).then_some((settled, agreed))
            })
            .collect();
        Reads {
            gates,
            flows,
            issues,
            events,
            enables,
            options,
            nstates: s.states.len(),
        }
    }

    /// Whether flow f counts as switched on in a regime: switched on (`on`) and its condition not
    /// false for good (see `gates`) with the issues `settled` and the agreements `agreed`.
    pub fn flow_on(&self, s: &Scenario, f: usize, on: bool, settled: u64, agreed: u64) -> bool {
        let Some(Some((ms, ma))) = self.gates.get(f) else {
            return on;
        };
        if !on || settled & ms != *ms || agreed & ma != *ma {
            return on;
        }
        let flags = Flags {
            settled,
            agreed,
            ..Flags::default()
        };
        let env = Env {
            state: &[],
            flags: &flags,
            x: 0.0,
            turn: 0.0,
        };
        s.flows[f].when.as_ref().is_none_or(|c| c.holds(&env))
    }

    /// The state variables the solve of a regime does not read, ascending: `settled_at` says where
    /// each issue settled (−1: not settled), `flow_on` which flows are switched on, `agreed` which
    /// agreements are reached (bits), `armed` which anticipated events may still come (bits).
    pub fn unread(
        &self,
        s: &Scenario,
        foresight: &[Foresight],
        settled_at: &[i16],
        flow_on: &[bool],
        agreed: u64,
        armed: u128,
    ) -> Box<[u32]> {
        let mut read = vec![false; self.nstates];
        let mut mark = |vs: &[usize]| {
            for &v in vs {
                read[v] = true;
            }
        };
        mark(&self.options);
        // An issue pending: its terms at every position; settled, its agreement still to come: the
        // terms where it settled.
        for (i, issue) in s.issues.iter().enumerate() {
            if agreed >> issue.agreement & 1 == 1 {
                continue;
            }
            let at = usize::try_from(settled_at[i]).ok();
            for (p, d) in self.issues[i].iter().enumerate() {
                if at.is_none_or(|q| q == p || self.issues[i].len() == 1) {
                    mark(d);
                }
            }
        }
        let mut flows: Vec<bool> = flow_on.to_vec();
        // The events that may come in this regime or in one an anticipated event leads to.
        let mut seen = vec![false; self.events.len()];
        let mut todo: Vec<usize> = (0..self.events.len())
            .filter(|&e| armed >> e & 1 == 1)
            .collect();
        while let Some(e) = todo.pop() {
            if std::mem::replace(&mut seen[e], true) {
                continue;
            }
            if foresight[e] == Foresight::None {
                // Switched on by an anticipated event, but not anticipated itself.
                continue;
            }
            mark(&self.events[e]);
            let (fs, es) = &self.enables[e];
            for &f in fs {
                flows[f] = true;
            }
            todo.extend(es.iter().copied().filter(|&x| !seen[x]));
        }
        for (f, on) in flows.iter().enumerate() {
            if *on {
                mark(&self.flows[f]);
            }
        }
        (0..self.nstates)
            .filter(|&v| !read[v])
            .map(|v| v as u32)
            .collect()
    }
}
