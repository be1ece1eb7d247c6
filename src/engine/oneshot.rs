//! The one-shot game on one issue: the two parties' simultaneous choice among stall / concede /
//! accept at the current turn, with each side's expected utility of every joint move from the
//! engine's own valuation (`engine::value`, see `docs/model.md`). Exported as a Gambit strategic-form game
//! (`armistice export-nfg`) so that its equilibria can be checked with Gambit.

use super::Simulation;
use super::value::View;

/// A two-player strategic-form game.
#[derive(Clone, Debug, PartialEq)]
pub struct OneShot {
    /// The issue's id.
    pub issue: String,
    /// The turn at which the choice is made.
    pub turn: u32,
    /// The two players: each party's lead, as `actor (party)`.
    pub players: [String; 2],
    /// Each player's pure strategies (labels).
    pub strategies: [Vec<String>; 2],
    /// Each player's position after each of its strategies.
    pub positions: [Vec<u32>; 2],
    /// Payoffs of every profile, player 1's strategy varying fastest (Gambit's order):
    /// `payoffs[s1 + n1 * s2] = [u1, u2]`.
    pub payoffs: Vec<[f64; 2]>,
    /// What each profile leads to, in words (e.g. `settles at 0.3`).
    pub outcomes: Vec<String>,
}

impl Simulation<'_> {
    /// Plays turns until turn `turn` is about to be played. Returns `false` if the run ended first.
    pub fn advance_to(&mut self, turn: u32) -> bool {
        while self.w.turn < turn {
            if self.step() {
                return false;
            }
        }
        !self.finished
    }

    /// The one-shot game of issue `i` at the current turn. Moves are committed simultaneously and
    /// executed in the turn's order, as in the engine: the first mover moves; if it took the other's
    /// position the issue settles there; otherwise the second mover moves, and the issue settles if
    /// it took the first mover's (new) position. A settlement stands unless a veto player blocks
    /// it: each side's payoff weighs the settled and the unsettled world by the veto players' logit
    /// probabilities of allowing it, as the engine's own lookahead does.
    pub fn one_shot(&mut self, i: usize) -> Result<OneShot, String> {
        let m = self.m;
        let s = &m.scenario;
        let issue = s
            .issues
            .get(i)
            .ok_or_else(|| format!("no issue number {i}"))?;
        if issue.parties.len() != 2 {
            return Err(format!(
                "issue `{}` has {} parties; the one-shot game needs exactly 2",
                issue.id,
                issue.parties.len()
            ));
        }
        if self.finished {
            return Err("the run has ended".into());
        }
        if self.w.flags.settled >> i & 1 == 1 {
            return Err(format!(
                "issue `{}` is already settled at turn {}",
                issue.id, self.w.turn
            ));
        }
        if self.w.flags.open >> i & 1 == 0 {
            return Err(format!(
                "issue `{}` is not on the table at turn {}",
                issue.id, self.w.turn
            ));
        }
        let t = self.w.turn;
        let cur = [self.w.pos[i][0], self.w.pos[i][1]];
        let mut strategies: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        let mut positions: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
        for k in 0..2 {
            let other = cur[1 - k];
            strategies[k].push("stall".into());
            positions[k].push(cur[k]);
            // One step toward the other side, skipping positions this party may not accept.
            let dir: i64 = if other > cur[k] { 1 } else { -1 };
            let mut p = cur[k] as i64 + dir;
            while p >= 0 && (p as usize) < issue.len() && (p - other as i64) * dir <= 0 {
                if self.allowed(i, k, p as u32) {
                    if p as u32 != other {
                        strategies[k].push(format!("concede to {}", issue.positions[p as usize]));
                        positions[k].push(p as u32);
                    }
                    break;
                }
                p += dir;
            }
            if other != cur[k] && self.allowed(i, k, other) {
                strategies[k].push(format!("accept {}", issue.positions[other as usize]));
                positions[k].push(other);
            }
        }
        let first = t as usize % 2;
        let leads = [issue.parties[0].lead, issue.parties[1].lead];
        let mut payoffs = Vec::new();
        let mut outcomes = Vec::new();
        for &q1 in &positions[1] {
            for &q0 in &positions[0] {
                let q = [q0, q1];
                let f = first;
                let o = 1 - first;
                let settled = if q[f] == cur[o] {
                    Some(q[f])
                } else if q[o] == q[f] {
                    Some(q[o])
                } else {
                    None
                };
                let mut pay = [0.0; 2];
                self.memo.clear();
                match settled {
                    Some(x) => {
                        let mut ok = 1.0;
                        for vs in &self.w.vetoes[i] {
                            for &v in vs {
                                if !self.w.active[v] {
                                    continue;
                                }
                                let a = super::value::value(
                                    m,
                                    &self.w,
                                    v,
                                    View::Settle(i, x),
                                    &mut self.memo,
                                )
                                .total;
                                let b = super::value::value(
                                    m,
                                    &self.w,
                                    v,
                                    View::Actual,
                                    &mut self.memo,
                                )
                                .total;
                                ok *= super::logit2(self.w.lambda[v], a, b);
                            }
                        }
                        for (k, &a) in leads.iter().enumerate() {
                            let yes = super::value::value(
                                m,
                                &self.w,
                                a,
                                View::Settle(i, x),
                                &mut self.memo,
                            )
                            .total;
                            let no =
                                super::value::value(m, &self.w, a, View::Actual, &mut self.memo)
                                    .total;
                            pay[k] = ok * yes + (1.0 - ok) * no;
                        }
                        outcomes.push(format!("settles at {}", issue.positions[x as usize]));
                    }
                    None => {
                        self.scratch.copy_for_valuation(&self.w);
                        self.scratch.pos[i][0] = q0;
                        self.scratch.pos[i][1] = q1;
                        let mut memo = super::value::FlowMemo::default();
                        for (k, &a) in leads.iter().enumerate() {
                            pay[k] =
                                super::value::value(m, &self.scratch, a, View::Actual, &mut memo)
                                    .total;
                        }
                        outcomes.push(format!(
                            "open: {} {} vs {} {}",
                            issue.parties[0].id,
                            issue.positions[q0 as usize],
                            issue.parties[1].id,
                            issue.positions[q1 as usize]
                        ));
                    }
                }
                payoffs.push(pay);
            }
        }
        let players =
            [0, 1].map(|k| format!("{} ({})", s.actors[leads[k]].id, issue.parties[k].id));
        Ok(OneShot {
            issue: issue.id.clone(),
            turn: t,
            players,
            strategies,
            positions,
            payoffs,
            outcomes,
        })
    }
}
