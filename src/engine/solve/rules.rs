//! How the solver models each party's lead: logit and random players choose in the game; a
//! rule-based strategy (time-dependent, tit-for-tat, subgame-perfect) or a hard-liner answers each
//! offer as its rule would now and keeps making the offer its rule makes now — exactly right for its
//! next move, a stationary approximation beyond it (`docs/model.md`, "Rule-based opponents").

use super::{Ctx, Play};
use crate::scenario::Pos;
use crate::strategy::{IssueView, StrategySpec, normalise};

/// What a rule-based strategy of party k on issue i sees, apart from the offer it faces.
pub(crate) struct RuleInputs {
    /// Own payoff of each position, normalised.
    pub own: Vec<f64>,
    /// The other party's lead's payoff of each position, normalised.
    pub other: Vec<f64>,
    /// Own and the other's value of settling at each position less the value of no deal.
    pub own_surplus: Vec<f64>,
    pub other_surplus: Vec<f64>,
    /// Positions it may not accept: forbidden, or worth less than no deal.
    pub barred: Vec<bool>,
    /// Own and the other's outside options, as surplus over no deal.
    pub own_outside: Option<f64>,
    pub other_outside: Option<f64>,
    /// Per-turn probability that the run leaves this world first.
    pub breakdown: f64,
}

impl RuleInputs {
    /// Builds the inputs from the issue's terms and the settlement values `x` (`[q * nact + a]`),
    /// with `no_deal` the actors' values of the issue never settling (empty: none).
    pub fn new(
        terms: &[f64],
        x: &[f64],
        no_deal: &[f64],
        nact: usize,
        lead: usize,
        other: usize,
        forbidden: &[bool],
    ) -> RuleInputs {
        let n = forbidden.len();
        let col = |v: &[f64], a: usize| (0..n).map(|q| v[q * nact + a]).collect::<Vec<f64>>();
        let surplus = |a: usize| {
            let d = no_deal.get(a).copied().unwrap_or(f64::NEG_INFINITY);
            (0..n).map(|q| x[q * nact + a] - d).collect::<Vec<f64>>()
        };
        let own_surplus = surplus(lead);
        let barred = forbidden
            .iter()
            .zip(&own_surplus)
            .map(|(&f, &s)| f || s < -1e-12)
            .collect();
        RuleInputs {
            own: normalise(&col(terms, lead)),
            other: normalise(&col(terms, other)),
            own_surplus,
            other_surplus: surplus(other),
            barred,
            own_outside: None,
            other_outside: None,
            breakdown: 0.0,
        }
    }

    /// The view of a move facing `others`.
    #[allow(clippy::too_many_arguments)]
    pub fn view<'a>(
        &'a self,
        turn: u32,
        horizon: u32,
        position: Pos,
        opening: Pos,
        others: &'a [Pos],
        others_before: &'a [Pos],
        discount: f64,
        other_discount: f64,
        moves_first: bool,
    ) -> IssueView<'a> {
        IssueView {
            turn,
            horizon,
            position,
            opening,
            others,
            others_before,
            own_utility: &self.own,
            other_utility: &self.other,
            own_surplus: &self.own_surplus,
            other_surplus: &self.other_surplus,
            own_outside: self.own_outside,
            other_outside: self.other_outside,
            breakdown: self.breakdown,
            forbidden: &self.barred,
            discount,
            other_discount,
            moves_first,
            aspiration: None,
        }
    }
}

/// How each of the (two) parties' leads on issue i chooses, as the solver models it.
pub(super) fn plays(
    cx: &Ctx,
    i: usize,
    x: &[f64],
    no_deal: &[f64],
    exit_p: f64,
    walk: &[Option<Vec<f64>>],
) -> Vec<Play> {
    let m = cx.m;
    let s = &m.scenario;
    let issue = &s.issues[i];
    let nact = cx.nact();
    let np = issue.parties.len();
    (0..np.min(2))
        .map(|k| {
            let lead = issue.parties[k].lead.ix();
            if !cx.r.active[lead] {
                return inactive(cx, i, k);
            }
            match s.actors[lead].strategy {
                StrategySpec::Logit => Play::Logit(cx.lambda[lead]),
                StrategySpec::SubgamePerfect => Play::Best,
                StrategySpec::Random => Play::Random,
                StrategySpec::HardLiner => hardliner(cx, i, k, x, no_deal),
                spec => {
                    let other = issue.parties[(k + 1) % np].lead.ix();
                    let mut inputs = RuleInputs::new(
                        &cx.u[i],
                        x,
                        no_deal,
                        nact,
                        lead,
                        other,
                        &cx.forbidden[i][k],
                    );
                    let outside = |p: usize, a: usize| {
                        walk.get(p)?
                            .as_ref()
                            .map(|v| v[a] - no_deal.get(a).copied().unwrap_or(0.0))
                    };
                    inputs.breakdown = exit_p;
                    inputs.own_outside = outside(k, lead);
                    inputs.other_outside = outside((k + 1) % np, other);
                    rule(cx, i, k, &inputs, spec)
                }
            }
        })
        .collect()
}

/// The position party k holds on issue i in the perceived world (its opening unless the regime
/// carries positions).
fn current(cx: &Ctx, i: usize, k: usize) -> (Pos, Vec<Pos>) {
    let issue = &cx.m.scenario.issues[i];
    match cx.r.rule_view(cx.m, i) {
        Some((pos, seen)) => (
            Pos::from(pos[k]),
            seen[k].iter().map(|&p| Pos::from(p)).collect(),
        ),
        None => (
            issue.parties[k].opening,
            (0..issue.parties.len())
                .filter(|&j| j != k)
                .map(|j| issue.parties[j].opening)
                .collect(),
        ),
    }
}

/// An inactive lead neither accepts nor moves.
fn inactive(cx: &Ctx, i: usize, k: usize) -> Play {
    let n = cx.m.scenario.issues[i].len();
    let (pos, _) = current(cx, i, k);
    Play::Rule {
        accept: vec![vec![false; n]; 4],
        offer: vec![pos; 4],
    }
}

/// A hard-liner accepts only what is at least as good for it as its opening (and no worse than no
/// deal), and always offers its opening.
fn hardliner(cx: &Ctx, i: usize, k: usize, x: &[f64], no_deal: &[f64]) -> Play {
    let s = &cx.m.scenario;
    let issue = &s.issues[i];
    let nact = cx.nact();
    let lead = issue.parties[k].lead.ix();
    let open = issue.parties[k].opening;
    let u = &cx.u[i];
    let floor = no_deal.get(lead).copied().unwrap_or(f64::NEG_INFINITY);
    let ok: Vec<bool> = (0..issue.len())
        .map(|r| {
            !cx.forbidden[i][k][r]
                && u[r * nact + lead] >= u[open.ix() * nact + lead]
                && x[r * nact + lead] >= floor - 1e-12
        })
        .collect();
    Play::Rule {
        accept: vec![ok; 4],
        offer: vec![open; 4],
    }
}

/// A rule-based strategy's answers at each node type where party k moves.
fn rule(cx: &Ctx, i: usize, k: usize, inputs: &RuleInputs, spec: StrategySpec) -> Play {
    let s = &cx.m.scenario;
    let issue = &s.issues[i];
    let n = issue.len();
    let np = issue.parties.len();
    let lead = issue.parties[k].lead.ix();
    let other = issue.parties[(k + 1) % np].lead.ix();
    let (pos, seen) = current(cx, i, k);
    let now_other = match cx.r.rule_view(cx.m, i) {
        Some((p, _)) => Pos::from(p[(k + 1) % np]),
        None => issue.parties[(k + 1) % np].opening,
    };
    let mut accept = vec![vec![false; n]; 4];
    let mut offer = vec![pos; 4];
    for tau in 0..4 {
        let (parity, slot) = (tau / 2, tau % 2);
        if (parity + slot) % 2 != k {
            continue;
        }
        // Nodes of the current turn's parity are this turn; the others the next.
        let turn = if (cx.turn % 2) as usize == parity {
            cx.turn
        } else {
            cx.turn + 1
        };
        let decide = |facing: Pos| {
            let others = [facing];
            let v = inputs.view(
                turn,
                s.clock.max_turns,
                pos,
                issue.parties[k].opening,
                &others,
                &seen,
                cx.delta[lead],
                cx.delta[other],
                slot == 0,
            );
            spec.rule_move(&v).unwrap_or(pos).min(Pos::new(n - 1))
        };
        for (r, acc) in Pos::all(n).zip(accept[tau].iter_mut()) {
            *acc = decide(r) == r && !inputs.barred[r];
        }
        let q = decide(now_other);
        offer[tau] = if q == now_other { pos } else { q };
    }
    Play::Rule { accept, offer }
}
