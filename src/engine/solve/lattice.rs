//! The value of a world: backward induction over the lattice of settlements.
//!
//! A state of the lattice is the set S of pending issues settled so far. In every state the flags
//! follow (which agreements are reached, which phases and agenda items open — conditional events
//! that only open or close issues are applied here, so the agenda is anticipated), and with them
//! the per-turn flows. Each issue under negotiation in S settles in a turn with the stationary
//! probability its bargaining game in S gives (`bargain.rs`), independently of the others, at the
//! expected terms that game gives; agreements are reached when their last issue settles, and their
//! terms are paid then. Anticipated events leave the lattice each turn with their probability, to
//! the world they make (a breakdown, or another regime solved on its own). Walking away ends the run.
//!
//! States are solved from the fullest down: a state's games read only the values of the states a
//! settlement leads to, which are already solved, so there is no fixed point to search across
//! issues — backward induction. Within a state each issue's game takes the others as they are (they
//! may settle meanwhile; its game does not see that, a documented approximation).
//!
//! For each state and actor the lattice gives the value at the moment of negotiation, `wn`, with the
//! terms of issues already settled left out, and per agreement the expected discount until it is
//! reached, `dn` (1 once reached): the value of any world is then `wn + Σ terms × dn` over its
//! settled issues (linear in their terms, so one pass values every settlement of every issue).

use super::Exit;
use crate::expr::{Env, Flags};

/// The lattice's states and what holds in each.
pub(crate) struct Chain {
    /// The pending issues (bit j of a state is `pending[j]`).
    pub pending: Vec<usize>,
    /// Per state: its flags.
    pub flags: Vec<Flags>,
    /// Per state: the pending issues under negotiation there (bit j).
    pub talks: Vec<u32>,
    /// Per state, per actor: the flow of a turn.
    pub flow: Vec<f64>,
    /// Per state: the anticipated exits at the start of a turn.
    pub exits: Vec<Vec<Exit>>,
}

/// What one issue contributes in a state: its per-turn probabilities of settling and of a walk-out,
/// and the expected values given each.
#[derive(Clone, Debug)]
pub(crate) struct Progress {
    pub hazard: f64,
    /// Per actor: the expected terms of the settlement.
    pub terms: Vec<f64>,
    pub walk: f64,
    /// Per actor: the value when someone walks away.
    pub walk_value: Vec<f64>,
}

impl Progress {
    /// An issue that does not move.
    pub fn idle(nact: usize) -> Progress {
        Progress {
            hazard: 0.0,
            terms: vec![0.0; nact],
            walk: 0.0,
            walk_value: vec![0.0; nact],
        }
    }
}

/// The solved values of every state.
#[derive(Clone)]
pub(crate) struct Values {
    /// `wn[s * nact + a]`.
    pub wn: Vec<f64>,
    /// `dn[(s * ng + g) * nact + a]`: E[δ_a^T_g] from negotiation time in state s (1 if reached).
    pub dn: Vec<f64>,
    /// The same at the start of a turn (before its events).
    bs: Vec<f64>,
    ds: Vec<f64>,
}

impl Values {
    pub fn new(len: usize, nact: usize, ng: usize) -> Values {
        Values {
            wn: vec![0.0; len * nact],
            dn: vec![0.0; len * ng * nact],
            bs: vec![0.0; len * nact],
            ds: vec![0.0; len * ng * nact],
        }
    }
}

/// What every state's pass reads.
pub(crate) struct Pass<'a> {
    pub nact: usize,
    pub ng: usize,
    pub delta: &'a [f64],
    /// Per issue (by scenario index): agreement.
    pub agreement_of: &'a [usize],
}

impl Chain {
    /// Number of states.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// The state with issue bit `j` added.
    pub fn with(s: usize, j: usize) -> usize {
        s | 1 << j
    }

    /// Which states can be reached from the empty one, issue by issue as each comes under
    /// negotiation.
    pub fn reachable(&self) -> Vec<bool> {
        let mut reach = vec![false; self.len()];
        reach[0] = true;
        for s in 0..self.len() {
            if !reach[s] {
                continue;
            }
            for j in 0..self.pending.len() {
                if self.talks[s] >> j & 1 == 1 {
                    reach[Chain::with(s, j)] = true;
                }
            }
        }
        reach
    }

    /// Solves state `s` given its issues' progress (`progress[j]` for the bits under negotiation
    /// there) and the values of every fuller state.
    pub fn solve_state(&self, s: usize, progress: &[Progress], p: &Pass, v: &mut Values) {
        let nact = p.nact;
        let ng = p.ng;
        let bits: Vec<usize> = (0..self.pending.len())
            .filter(|&j| self.talks[s] >> j & 1 == 1)
            .collect();
        // Someone walks away with probability 1 − Π(1 − w_j); otherwise each issue settles (h_j)
        // or stays open (1 − h_j − w_j), independently.
        let stay: f64 = bits
            .iter()
            .map(|&j| 1.0 - progress[j].hazard - progress[j].walk)
            .product();
        let walk_sum: f64 = bits.iter().map(|&j| progress[j].walk).sum();
        let walk = 1.0
            - bits
                .iter()
                .map(|&j| 1.0 - progress[j].walk)
                .product::<f64>();
        let mut acc = vec![0.0; nact];
        let mut dacc = vec![0.0; ng * nact];
        for z in 1u32..(1u32 << bits.len()) {
            let mut prob = 1.0;
            let mut next = s;
            for (t, &j) in bits.iter().enumerate() {
                let pr = &progress[j];
                if z >> t & 1 == 1 {
                    prob *= pr.hazard;
                    next = Chain::with(next, j);
                } else {
                    prob *= 1.0 - pr.hazard - pr.walk;
                }
            }
            if prob == 0.0 {
                continue;
            }
            self.transition(s, next, z, &bits, prob, progress, p, v, &mut acc, &mut dacc);
        }
        let exits = &self.exits[s];
        let px: f64 = exits.iter().map(|e| e.p).sum::<f64>().min(1.0);
        for a in 0..nact {
            let d = p.delta[a];
            let ex: f64 = exits.iter().map(|e| e.p * e.value[a]).sum();
            let f = self.flow[s * nact + a];
            let walk_v = if walk_sum > 0.0 {
                bits.iter()
                    .map(|&j| progress[j].walk * progress[j].walk_value[a])
                    .sum::<f64>()
                    / walk_sum
            } else {
                0.0
            };
            // wn = acc + walk·W + stay·(f + d·(ex + (1 − px)·wn)).
            let den = 1.0 - stay * d * (1.0 - px);
            let w = (acc[a] + walk * walk_v + stay * (f + d * ex)) / den;
            v.wn[s * nact + a] = w;
            v.bs[s * nact + a] = ex + (1.0 - px) * w;
            for g in 0..ng {
                let ix = (s * ng + g) * nact + a;
                if self.flags[s].agreed >> g & 1 == 1 {
                    v.dn[ix] = 1.0;
                    v.ds[ix] = 1.0;
                    continue;
                }
                let edx: f64 = exits.iter().map(|e| e.p * e.reach(g, nact, a)).sum();
                let dnv = (dacc[g * nact + a] + stay * d * edx) / den;
                v.dn[ix] = dnv;
                v.ds[ix] = edx + (1.0 - px) * dnv;
            }
        }
    }

    /// Adds one transition from `s` to the fuller state `next` (the issues of subset `z` of `bits`
    /// settling this turn, with probability `prob`) to the accumulators.
    #[allow(clippy::too_many_arguments)]
    fn transition(
        &self,
        s: usize,
        next: usize,
        z: u32,
        bits: &[usize],
        prob: f64,
        progress: &[Progress],
        p: &Pass,
        v: &Values,
        acc: &mut [f64],
        dacc: &mut [f64],
    ) {
        let (nact, ng) = (p.nact, p.ng);
        let nflags = &self.flags[next];
        // The discount until agreement g is reached, seen from the start of this turn's negotiation.
        let comp = |g: usize, a: usize| {
            if nflags.agreed >> g & 1 == 1 {
                1.0
            } else {
                p.delta[a] * v.ds[(next * ng + g) * nact + a]
            }
        };
        for a in 0..nact {
            let mut val = self.flow[next * nact + a] + p.delta[a] * v.bs[next * nact + a];
            for (t, &j) in bits.iter().enumerate() {
                if z >> t & 1 == 1 {
                    val += progress[j].terms[a] * comp(p.agreement_of[self.pending[j]], a);
                }
            }
            acc[a] += prob * val;
            for g in 0..ng {
                if self.flags[s].agreed >> g & 1 == 0 {
                    dacc[g * nact + a] += prob * comp(g, a);
                }
            }
        }
    }
}

/// Evaluates the flows of every actor in the world `env` reads: each enabled flow whose condition
/// holds, weighted by the receivers' weights (the payer loses in its own dimension).
pub(crate) fn flows(
    s: &crate::scenario::Scenario,
    enabled: impl Fn(usize) -> bool,
    weights: &[f64],
    env: &Env,
    out: &mut [f64],
) {
    let nd = s.dimensions.len();
    out.fill(0.0);
    for (fi, f) in s.flows.iter().enumerate() {
        if !enabled(fi) || !f.when.as_ref().is_none_or(|c| c.holds(env)) {
            continue;
        }
        let v = f.value.eval(env);
        if v == 0.0 || !v.is_finite() {
            continue;
        }
        for &a in &f.to {
            out[a] += weights[a.ix() * nd + f.dim] * v;
        }
        if let Some((p, pd)) = f.payer {
            out[p] -= weights[p.ix() * nd + pd] * v;
        }
    }
}
