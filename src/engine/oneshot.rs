//! The node game on one issue at one turn, in strategic form, with the payoffs the engine uses.
//!
//! At turn t the first mover (party t mod 2) answers the other party's standing offer r and, unless
//! it accepts, makes an offer; the second mover then answers that offer. In strategic form player 1
//! (the first mover) chooses among "accept r" and "offer q" for each q it may offer; player 2's
//! strategies say which of those offers it accepts (a response for every offer: 2^K strategies,
//! over the K offers player 1 makes with the highest probability in the engine, K ≤ 8). Payoffs are
//! each lead's values in the solved equilibrium of the world at that turn (`solve/`): a settlement
//! at q is worth X(q) to each, weighted by the veto players' probability of allowing it; a rejected
//! offer leads to the rejecter's offer stage, worth its going-on value P. These are the continuation
//! values the engine itself uses at that node, so at high precision the engine's choices there are
//! an equilibrium of the exported game (`tests/nfg.rs` checks it). Exported as a Gambit `.nfg`
//! (`armistice export-nfg`).

use super::Simulation;
use crate::scenario::{ActorIx, Issue, IssueIx, PartyIx, Pos};

/// The most offers of player 1 the strategic form keeps (player 2 then has 2^K strategies).
pub const MAX_OFFERS: usize = 8;

/// A two-player strategic-form game.
#[derive(Clone, Debug, PartialEq)]
pub struct OneShot {
    /// The issue's id.
    pub issue: String,
    /// The turn at which the choice is made.
    pub turn: u32,
    /// The two players: each party's lead, as `actor (party)`, the first mover first.
    pub players: [String; 2],
    /// Each player's pure strategies (labels).
    pub strategies: [Vec<String>; 2],
    /// Player 1: the position each strategy accepts or offers. Player 2: for each strategy, a bit
    /// mask of player 1's offers (in order, bit j for player 1's strategy j) it accepts.
    pub positions: [Vec<u32>; 2],
    /// Payoffs of every profile, player 1's strategy varying fastest (Gambit's order):
    /// `payoffs[s1 + n1 * s2] = [u1, u2]`.
    pub payoffs: Vec<[f64; 2]>,
    /// What each profile leads to, in words (e.g. `settles at 0.3`).
    pub outcomes: Vec<String>,
    /// The engine's choice probabilities at this node: player 1 over its strategies, and player 2's
    /// probability of accepting each of player 1's strategies (1 for an acceptance by player 1).
    pub engine: [Vec<f64>; 2],
}

impl<'m> Simulation<'m> {
    /// Plays turns until turn `turn` is about to be played. Returns `false` if the run ended first.
    pub fn advance_to(&mut self, turn: u32) -> bool {
        while self.w.turn < turn {
            if self.step() {
                return false;
            }
        }
        !self.finished
    }

    /// The node game of issue `i` at the current turn, in the world as the previous turn left it
    /// (before this turn's events and moves).
    pub fn one_shot(&mut self, i: IssueIx) -> Result<OneShot, String> {
        let m = self.m;
        let s = &m.scenario;
        let issue = self.playable(i)?;
        let sol = self.solution();
        let isol = sol.issues[i]
            .as_ref()
            .filter(|x| !x.game.nodes.is_empty())
            .ok_or_else(|| {
                format!(
                    "issue `{}` has no solved game at turn {}",
                    issue.id, self.w.turn
                )
            })?;
        let t = self.w.turn;
        let e = t as usize % 2;
        let (n0, n1) = (&isol.game.nodes[2 * e], &isol.game.nodes[2 * e + 1]);
        let (p1, p2) = (PartyIx::new(e), PartyIx::new(1 - e));
        let (l1, l2) = (issue.parties[p1].lead, issue.parties[p2].lead);
        let nact = s.actors.len();
        let x = |q: Pos, a: ActorIx| isol.x[q.ix() * nact + a.ix()];
        let r = self.w.pos[i][p2];
        // Player 1: accept r (if it may), then its most likely offers.
        let mut s1: Vec<(String, Pos, bool)> = Vec::new();
        let mut e1 = Vec::new();
        if !self.w.forbidden[i][p1][r] {
            s1.push((format!("accept {}", issue.positions[r]), r, true));
            e1.push(n0.accept()[r]);
        }
        let go1 = 1.0 - n0.accept()[r] * n0.allow()[r] - n0.walk()[r];
        // (A rejected offer leads to the responder moving first next turn, still facing it.)
        let mut offers: Vec<Pos> = Pos::all(issue.len())
            .filter(|&q| !self.w.forbidden[i][p1][q])
            .collect();
        offers.sort_by(|&a, &b| n0.offer()[b].total_cmp(&n0.offer()[a]).then(a.cmp(&b)));
        offers.truncate(MAX_OFFERS);
        offers.sort_unstable();
        for &q in &offers {
            s1.push((format!("offer {}", issue.positions[q]), q, false));
            e1.push(go1.max(0.0) * n0.offer()[q]);
        }
        let k = offers.len();
        let first_offer = s1.len() - k;
        // Player 2: every response vector over the offers.
        let (s2, masks) = responses(issue, &offers);
        let mut payoffs = Vec::new();
        let mut outcomes = Vec::new();
        for &mask in &masks {
            for (j, (_, q, accept)) in s1.iter().enumerate() {
                let q = *q;
                let (v, what) = if *accept {
                    let ok = n0.allow()[q];
                    let pay = |a| ok * x(q, a) + (1.0 - ok) * n0.going_on(q.ix(), a.ix(), nact);
                    (
                        [pay(l1), pay(l2)],
                        format!("settles at {} (p(no veto) = {ok:.3})", issue.positions[q]),
                    )
                } else if mask >> (j - first_offer) & 1 == 1 {
                    let ok = n1.allow()[q];
                    let pay = |a| ok * x(q, a) + (1.0 - ok) * n1.going_on(q.ix(), a.ix(), nact);
                    (
                        [pay(l1), pay(l2)],
                        format!("settles at {} (p(no veto) = {ok:.3})", issue.positions[q]),
                    )
                } else {
                    (
                        [
                            n1.going_on(q.ix(), l1.ix(), nact),
                            n1.going_on(q.ix(), l2.ix(), nact),
                        ],
                        format!("open: {} offers next", issue.parties[p2].id),
                    )
                };
                payoffs.push(v);
                outcomes.push(what);
            }
        }
        let e2 = s1
            .iter()
            .map(|(_, q, acc)| if *acc { 1.0 } else { n1.accept()[*q] })
            .collect();
        let players = [p1, p2].map(|k| {
            format!(
                "{} ({})",
                s.actors[issue.parties[k].lead].id, issue.parties[k].id
            )
        });
        Ok(OneShot {
            issue: issue.id.clone(),
            turn: t,
            players,
            positions: [s1.iter().map(|x| x.1.get()).collect(), masks],
            strategies: [s1.into_iter().map(|x| x.0).collect(), s2],
            payoffs,
            outcomes,
            engine: [e1, e2],
        })
    }

    /// Issue i, if its node game can be built now: two parties, on the table, not settled, the
    /// run not over.
    fn playable(&self, i: IssueIx) -> Result<&'m Issue, String> {
        let issue = self
            .m
            .scenario
            .issues
            .get(i.ix())
            .ok_or_else(|| format!("no issue number {i}"))?;
        if issue.parties.len() != 2 {
            return Err(format!(
                "issue `{}` has {} parties; the node game needs exactly 2",
                issue.id,
                issue.parties.len()
            ));
        }
        if self.finished {
            return Err("the run has ended".into());
        }
        if self.w.settled(i) {
            return Err(format!(
                "issue `{}` is already settled at turn {}",
                issue.id, self.w.turn
            ));
        }
        if !self.w.open(i) {
            return Err(format!(
                "issue `{}` is not on the table at turn {}",
                issue.id, self.w.turn
            ));
        }
        Ok(issue)
    }
}

/// Every response vector of the second player over `offers`: its label and its mask (bit j: it
/// accepts offer j).
fn responses(issue: &Issue, offers: &[Pos]) -> (Vec<String>, Vec<u32>) {
    let k = offers.len();
    (0u32..(1u32 << k))
        .map(|mask| {
            let acc: Vec<&str> = (0..k)
                .filter(|j| mask >> j & 1 == 1)
                .map(|j| issue.positions[offers[j]].as_str())
                .collect();
            let label = if acc.is_empty() {
                "reject all".to_string()
            } else {
                format!("accept {}", acc.join("|"))
            };
            (label, mask)
        })
        .unzip()
}
