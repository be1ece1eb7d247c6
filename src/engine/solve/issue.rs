//! One issue's bargaining at one state of the lattice: the value of every settlement (from the
//! fuller states already solved), the flows of going on, the anticipated exits, the outside options,
//! each party's and veto player's way of choosing — then the game (`bargain.rs`).

use std::sync::Arc;

use super::context::Ctx;
use super::lattice::{Chain, Pass, Progress, Values};
use super::{Game, GameIn, IssueSolution, PartyIn, Play, rules};
use crate::strategy::StrategySpec;

/// Terms settled and not yet paid at a state: (agreement, per actor terms), each paid when its
/// agreement is reached.
pub(super) type Held = Vec<(usize, Vec<f64>)>;

/// The terms held at state `s`: those settled in the regime, and those settled along the lattice to
/// `s` (at `estimate[j]`, their expected terms), whose agreements `s` has not reached.
pub(super) fn held_at(
    chain: &Chain,
    s: usize,
    regime: &Held,
    estimate: &[Vec<f64>],
    agreement_of: &[usize],
) -> Held {
    let agreed = chain.flags[s].agreed;
    let mut out: Held = regime
        .iter()
        .filter(|(g, _)| agreed >> g & 1 == 0)
        .cloned()
        .collect();
    for (j, &i) in chain.pending.iter().enumerate() {
        let g = agreement_of[i];
        if s >> j & 1 == 1 && agreed >> g & 1 == 0 {
            out.push((g, estimate[j].clone()));
        }
    }
    out
}

/// What the terms held are worth to actor a at state `st`: each times the discount until its
/// agreement is reached (1 if `st` reaches it).
fn held_value(held: &Held, v: &Values, st: usize, ng: usize, nact: usize, a: usize) -> f64 {
    held.iter()
        .map(|(g, u)| u[a] * v.dn[(st * ng + g) * nact + a])
        .sum()
}

/// Everything about issue bit `j` at state `s` that does not depend on the game.
struct Setting {
    x: Vec<f64>,
    flow: Vec<f64>,
    exit_p: f64,
    exit_v: Vec<f64>,
    walk: Vec<Option<Vec<f64>>>,
}

fn setting(cx: &Ctx, chain: &Chain, v: &Values, s: usize, j: usize, held: &Held) -> Setting {
    let sc = &cx.m.scenario;
    let i = chain.pending[j];
    let issue = &sc.issues[i];
    let nact = cx.nact();
    let ng = sc.agreements.len();
    let g = issue.agreement;
    let s1 = Chain::with(s, j);
    let u = &cx.u[i];
    let mut x = vec![0.0; issue.len() * nact];
    for a in 0..nact {
        let rest = v.wn[s1 * nact + a] + held_value(held, v, s1, ng, nact, a);
        let reach = v.dn[(s1 * ng + g) * nact + a];
        for q in 0..issue.len() {
            x[q * nact + a] = u[q * nact + a] * reach + rest;
        }
    }
    let exits = &chain.exits[s];
    let exit_p: f64 = exits.iter().map(|e| e.p).sum::<f64>().min(1.0);
    let exit_v = (0..nact)
        .map(|a| {
            if exit_p <= 0.0 {
                return 0.0;
            }
            let tot: f64 = exits
                .iter()
                .map(|e| {
                    e.p * (e.value[a]
                        + held
                            .iter()
                            .map(|(g, u)| u[a] * e.reach(*g, nact, a))
                            .sum::<f64>())
                })
                .sum();
            tot / exit_p
        })
        .collect();
    let walk = (0..issue.parties.len())
        .map(|k| walk_values(cx, chain, i, k, s))
        .collect();
    Setting {
        x,
        flow: chain.flow[s * nact..(s + 1) * nact].to_vec(),
        exit_p,
        exit_v,
        walk,
    }
}

/// Solves issue bit `j` at state `s` (under negotiation there).
#[allow(clippy::too_many_arguments)]
pub(super) fn solve_at(
    cx: &Ctx,
    chain: &Chain,
    v: &Values,
    s: usize,
    j: usize,
    held: &Held,
    warm: Option<&[f64]>,
    no_deal: Option<Vec<f64>>,
) -> IssueSolution {
    let m = cx.m;
    let i = chain.pending[j];
    let issue = &m.scenario.issues[i];
    let nact = cx.nact();
    let st = setting(cx, chain, v, s, j, held);
    let (game, equilibrium) = if issue.parties.len() == 2 && m.expectant {
        let nd = no_deal.clone().unwrap_or_default();
        let plays = rules::plays(cx, i, &st.x, &nd, st.exit_p, &st.walk);
        let vetoes: Vec<(usize, Play)> = cx.vetoes[i]
            .iter()
            .flatten()
            .filter(|&&a| cx.r.active[a])
            .map(|&a| (a.ix(), veto_play(cx, a.ix())))
            .collect();
        let spec = |k: usize| m.scenario.actors[issue.parties[k].lead].strategy;
        // A subgame-perfect player facing one that does not play the equilibrium still plays its
        // part of the subgame-perfect profile: that game, with both best-responding, is solved too.
        let spe_vs_other = (0..2).any(|k| {
            spec(k) == StrategySpec::SubgamePerfect && spec(1 - k) != StrategySpec::SubgamePerfect
        });
        let game_of = |plays: Vec<Play>, warm: Option<&[f64]>| {
            let mut plays = plays.into_iter();
            let parties = [0, 1].map(|k| PartyIn {
                lead: issue.parties[k].lead.ix(),
                play: plays.next().unwrap_or(Play::Random),
                forbidden: &cx.forbidden[i][k],
                walk: st.walk[k].clone(),
            });
            let gi = GameIn {
                n: issue.len(),
                nact,
                x: &st.x,
                flow: &st.flow,
                delta: &cx.delta,
                exit_p: st.exit_p,
                exit_v: &st.exit_v,
                parties,
                vetoes: vetoes.clone(),
            };
            cx.store.game(&gi, warm)
        };
        let equilibrium = spe_vs_other.then(|| game_of(vec![Play::Best, Play::Best], None));
        (game_of(plays, warm), equilibrium)
    } else {
        (Arc::new(Game::default()), None)
    };
    IssueSolution {
        x: st.x,
        no_deal: no_deal.unwrap_or_default(),
        terms: cx.u[i].clone(),
        game,
        equilibrium,
        exit_p: st.exit_p,
        walk: st.walk,
        current: s == 0,
    }
}

/// How veto player v chooses.
fn veto_play(cx: &Ctx, v: usize) -> Play {
    match cx.m.scenario.actors[v].strategy {
        StrategySpec::Logit => Play::Logit(cx.lambda[v]),
        StrategySpec::Random => Play::Random,
        _ => Play::Best,
    }
}

/// Every actor's value if party k's lead on issue i walks away at state `s`, if it holds an outside
/// option it may take there: the flows of that world forever (no further settlement), plus the
/// option's payoffs.
fn walk_values(cx: &Ctx, chain: &Chain, i: usize, k: usize, s: usize) -> Option<Vec<f64>> {
    let sc = &cx.m.scenario;
    let lead = sc.issues[i].parties[k].lead;
    let g = sc.issues[i].agreement;
    let nd = sc.dimensions.len();
    let nact = cx.nact();
    let env = cx.env(&chain.flags[s]);
    let o = sc.outside_options.iter().find(|o| {
        o.actor == lead
            && o.agreement.is_none_or(|x| x == g)
            && o.requires.as_ref().is_none_or(|c| c.holds(&env))
    })?;
    if !cx.r.active[lead] {
        return None;
    }
    let mut out: Vec<f64> = (0..nact)
        .map(|a| chain.flow[s * nact + a] / (1.0 - cx.delta[a]))
        .collect();
    for (d, e) in &o.value {
        out[lead] += cx.weights[lead.ix() * nd + d] * e.eval(&env);
    }
    for t in &o.others {
        out[t.actor] += cx.weights[t.actor.ix() * nd + t.dim] * t.expr.eval(&env);
    }
    Some(out)
}

/// Whether a party's lead on issue i needs its value of no deal (rule-based strategies and the
/// hard-liner use it as their reservation; logit players weigh going on in the game instead).
pub(super) fn needs_no_deal(cx: &Ctx, i: usize) -> bool {
    let sc = &cx.m.scenario;
    sc.issues[i].parties.iter().any(|p| {
        !matches!(
            sc.actors[p.lead].strategy,
            StrategySpec::Logit | StrategySpec::Random | StrategySpec::SubgamePerfect
        )
    })
}

/// The state being solved and the progress of its issues solved so far.
pub(super) struct Here<'a> {
    /// The chain state.
    pub st: usize,
    /// Its issues' progress so far (idle where not yet solved).
    pub prog: &'a [Progress],
}

/// Each actor's value at state `here.st` if issue bit `j` never settled: the fuller states without
/// it solved again with its probability of settling at zero (the others as they are), then the
/// state itself with the progress of its other issues solved so far.
#[allow(clippy::too_many_arguments)]
pub(super) fn no_deal(
    chain: &Chain,
    progress_at: &[Vec<Progress>],
    reach: &[bool],
    pass: &Pass,
    v: &Values,
    here: Here<'_>,
    j: usize,
    held: &Held,
) -> Vec<f64> {
    let (nact, ng) = (pass.nact, pass.ng);
    let s = here.st;
    let mut w = v.clone();
    for st in (s + 1..chain.len()).rev() {
        if st & s != s || st >> j & 1 == 1 || !reach[st] || progress_at[st].is_empty() {
            continue;
        }
        let mut pr = progress_at[st].clone();
        pr[j] = Progress::idle(nact);
        chain.solve_state(st, &pr, pass, &mut w);
    }
    let mut pr = here.prog.to_vec();
    pr[j] = Progress::idle(nact);
    chain.solve_state(s, &pr, pass, &mut w);
    (0..nact)
        .map(|a| w.wn[s * nact + a] + held_value(held, &w, s, ng, nact, a))
        .collect()
}

/// What an issue's solved game contributes to the lattice.
pub(super) fn progress_of(cx: &Ctx, sol: &IssueSolution) -> Progress {
    let nact = cx.nact();
    let w = &sol.game.settle_weights;
    let terms = (0..nact)
        .map(|a| {
            w.iter()
                .enumerate()
                .map(|(q, wq)| wq * sol.terms[q * nact + a])
                .sum()
        })
        .collect();
    Progress {
        hazard: sol.game.hazard,
        terms,
        walk: sol.game.walk_hazard,
        walk_value: if sol.game.walk_value.is_empty() {
            vec![0.0; nact]
        } else {
            sol.game.walk_value.clone()
        },
    }
}
