//! Negotiation: each issue on the table, parties moving in an order that alternates each turn.
//!
//! A move answers the other party's standing offer — accept it (the veto players then allow or
//! block the settlement), reject it, or walk away if the mover holds an outside option — and, unless
//! the issue settled, makes an offer. Logit, random and hard-line leads play the choice
//! probabilities of the issue's solved game at this kind of node (`solve/bargain.rs`), the same ones
//! everyone expects of them; rule-based strategies apply their rule to the world as it is.

use super::super::Simulation;
use super::super::solve::{IssueSolution, Node};
use super::super::trace::Entry;
use crate::math;
use crate::outcome::run::EndReason;
use crate::scenario::{ActorIx, IssueIx, PartyIx, Pos};
use crate::strategy::logit;

/// What a move did.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Done {
    Settled,
    Walked,
    /// Made (or kept) an offer; `vetoed` if an acceptance was blocked first.
    Offered {
        vetoed: bool,
    },
}

/// The node of an issue's solved game (`solve/bargain.rs`, node types τ = 2 · parity + slot) at
/// which party `k` of `np` parties answers at turn `t` when it accepts by rule: the turn's parity,
/// then its slot after the party that moves first under alternating offers.
pub(in crate::engine) fn answer_node(t: u32, k: PartyIx, np: usize) -> usize {
    let t = t as usize;
    2 * (t % 2) + (k.ix() + np - t % np) % np
}

impl Simulation<'_> {
    pub(in crate::engine) fn negotiate(&mut self, t: u32) {
        let m = self.m;
        for i in m.scenario.issue_ixs() {
            let np = m.scenario.issues[i].parties.len();
            let first = m.scenario.turn_order.first(t, np);
            for slot in 0..np {
                if self.w.settled(i) || !self.w.open(i) || self.w.suspended || self.w.end.is_some()
                {
                    break;
                }
                let k = PartyIx::new((first.ix() + slot) % np);
                self.move_party(t, i, k, slot);
            }
        }
    }

    /// The others' common position on issue i, seen from party k (the offer it can accept).
    pub(in crate::engine) fn standing_offer(&self, i: IssueIx, k: PartyIx) -> Option<Pos> {
        let mut target = None;
        for (j, &p) in PartyIx::all(self.w.pos[i].len()).zip(&self.w.pos[i]) {
            if j == k {
                continue;
            }
            match target {
                None => target = Some(p),
                Some(q) if q != p => return None,
                _ => {}
            }
        }
        target
    }

    fn move_party(&mut self, t: u32, i: IssueIx, k: PartyIx, slot: usize) {
        let m = self.m;
        let s = &m.scenario;
        let lead = s.issues[i].parties[k].lead;
        if !self.w.active[lead] {
            return;
        }
        let site = m.choose_site(lead, i);
        // Two numbers per move, whatever happens, so the stream stays aligned across variants.
        let u1 = self.streams.uniform(site);
        let u2 = self.streams.uniform(site);
        let before = self.w.pos[i][k];
        let accepted = if s.actors[lead].strategy.is_rule_based() {
            let accepted = if s.actors[lead].strategy.is_package() {
                self.package_move(t, i, k)
            } else {
                self.rule_move(t, i, k)
            };
            let after = self.w.pos[i][k];
            if let Some(b) = self.beliefs.as_mut().filter(|_| slot == 0 && !accepted) {
                b.proposed(i, k, before, after);
            }
            accepted
        } else {
            self.policy_move(t, i, k, slot, u1, u2)
        };
        let _ = before;
        if let Some(b) = &mut self.beliefs {
            b.answered(i, k, accepted, self.w.end.is_some());
        }
    }

    /// A move by the choice probabilities of the solved game: the answer to the standing offer and,
    /// at the turn's first move, an offer. Returns whether the mover decided to accept.
    fn policy_move(
        &mut self,
        t: u32,
        i: IssueIx,
        k: PartyIx,
        slot: usize,
        u1: f64,
        u2: f64,
    ) -> bool {
        let sol = self.solution();
        let Some(isol) = sol.issues[i].as_ref() else {
            return false;
        };
        let np = self.m.scenario.issues[i].parties.len();
        let gamed = np == 2 && !isol.game.nodes.is_empty();
        let tau = 2 * (t as usize % 2) + slot;
        let lead = self.m.scenario.issues[i].parties[k].lead;
        let spe =
            self.m.scenario.actors[lead].strategy == crate::strategy::StrategySpec::SubgamePerfect;
        let fallback;
        let node: &Node = if let (true, Some(eq)) = (spe && gamed, isol.equilibrium.as_ref()) {
            &eq.nodes[tau]
        } else if gamed {
            &isol.game.nodes[tau]
        } else {
            fallback = self.myopic_node(i, k, isol);
            &fallback
        };
        let cur = self.w.pos[i][k];
        let offer = self.standing_offer(i, k);
        let (alpha, omega) = offer.map_or((0.0, 0.0), |r| (node.accept()[r], node.walk()[r]));
        let mut done = Done::Offered { vetoed: false };
        if let Some(r) = offer.filter(|_| u1 < alpha) {
            done = if self.try_settle(t, i, k, r, node) {
                Done::Settled
            } else {
                Done::Offered { vetoed: true }
            };
        } else if u1 < alpha + omega {
            done = Done::Walked;
        }
        let q = match done {
            Done::Offered { .. } if node.offers => Some(Pos::new(logit::pick(node.offer(), u2))),
            _ => None,
        };
        if self.tracing() {
            let answer = match done {
                Done::Settled | Done::Offered { vetoed: true } => 0,
                Done::Walked => 2,
                Done::Offered { vetoed: false } => 1,
            };
            let next = (gamed && node.offers).then(|| &isol.game.nodes[tau + 1]);
            self.record_move(t, i, k, node, next, isol, offer, answer, q);
        }
        match done {
            Done::Walked => self.walk_away(t, i, k),
            Done::Offered { .. } => {
                if let Some(q) = q {
                    if q != cur {
                        self.w.pos[i][k] = q;
                        if self.m.rule_issue[i] {
                            self.w.touch();
                        }
                    }
                    if let Some(b) = &mut self.beliefs {
                        b.proposed(i, k, cur, q);
                        if gamed {
                            let lead = self.m.scenario.issues[i].parties[k].lead;
                            let (ans, again) =
                                (&isol.game.nodes[tau + 1], &isol.game.nodes[(tau + 2) % 4]);
                            let other = PartyIx::new(1 - k.ix());
                            b.offered(i, k, lead, q, ans, again, self.w.pos[i][other]);
                        }
                    }
                }
            }
            Done::Settled => {}
        }
        matches!(done, Done::Settled | Done::Offered { vetoed: true })
    }

    /// A node for issues the game does not cover (more than two parties): each lead answers and
    /// offers against the value of the world as it stands, expecting the others to accept an offer
    /// with the logit probability of it beating that value for them.
    fn myopic_node(&self, i: IssueIx, k: PartyIx, isol: &IssueSolution) -> Node {
        let s = &self.m.scenario;
        let issue = &s.issues[i];
        let nact = s.actors.len();
        let n = issue.len();
        let lead = issue.parties[k].lead;
        let stay: Vec<f64> = (0..nact)
            .map(|a| {
                isol.no_deal.get(a).copied().unwrap_or_else(|| {
                    (0..n)
                        .map(|q| isol.x[q * nact + a])
                        .fold(f64::INFINITY, f64::min)
                })
            })
            .collect();
        let lam = |a: ActorIx| self.w.lambda[a];
        let mut node = Node::new(k.ix(), true, n, nact, 0);
        if nact > 0 {
            for v in node.reject_mut().chunks_mut(nact) {
                v.copy_from_slice(&stay);
            }
        }
        for r in 0..n {
            if !self.w.forbidden[i][k][r] {
                node.accept_mut()[r] =
                    math::logistic(lam(lead) * (isol.x[r * nact + lead.ix()] - stay[lead]));
            }
        }
        let mut eu = vec![f64::NAN; n];
        for (q, e) in eu.iter_mut().enumerate() {
            if self.w.forbidden[i][k][q] {
                continue;
            }
            let mut p = 1.0;
            for (j, party) in issue.party_ixs().zip(&issue.parties) {
                if j != k {
                    let o = party.lead;
                    p *= math::logistic(lam(o) * (isol.x[q * nact + o.ix()] - stay[o]));
                }
            }
            *e = p * isol.x[q * nact + lead.ix()] + (1.0 - p) * stay[lead];
            node.next_mut()[q] = *e;
        }
        let avail: Vec<f64> = eu
            .iter()
            .map(|&x| if x.is_nan() { f64::NEG_INFINITY } else { x })
            .collect();
        let mut offer = Vec::with_capacity(n);
        logit::probabilities(&avail, lam(lead), &mut offer);
        node.offer_mut().copy_from_slice(&offer);
        node
    }

    /// The veto players decide on a settlement of issue i at r that party k accepted; the issue
    /// settles unless one of them blocks it. Returns whether it settled.
    pub(in crate::engine) fn try_settle(
        &mut self,
        t: u32,
        i: IssueIx,
        k: PartyIx,
        r: Pos,
        node: &Node,
    ) -> bool {
        let m = self.m;
        let s = &m.scenario;
        let vetoes: Vec<ActorIx> = self.w.vetoes[i]
            .iter()
            .flatten()
            .copied()
            .filter(|&v| self.w.active[v])
            .collect();
        let mut vetoed_by = None;
        for (vi, &v) in vetoes.iter().enumerate() {
            let allow = node.veto_allow(vi).map_or(1.0, |a| a[r]);
            let u = self.streams.uniform(m.veto_site(v, i));
            let blocks = u >= allow;
            if self.tracing() {
                self.record_veto(t, i, v, r, allow, blocks, node);
            }
            if blocks && vetoed_by.is_none() {
                vetoed_by = Some(v);
            }
        }
        let lead = s.issues[i].parties[k].lead;
        if let Some(b) = &mut self.beliefs {
            if !vetoes.is_empty() {
                b.veto(lead, i, 1.0 - node.allow()[r], vetoed_by.is_some());
            }
        }
        if let Some(v) = vetoed_by {
            if self.tracing() {
                self.push(Entry::Veto {
                    turn: t,
                    issue: s.issues[i].id.clone(),
                    option: s.issues[i].positions[r].clone(),
                    by: s.actors[v].id.clone(),
                });
            }
            return false;
        }
        self.w.pos[i][k] = r;
        self.settle(t, i, r);
        true
    }

    /// Party k's lead walks away from the talks: the run ends, with the outside option's payoffs.
    fn walk_away(&mut self, t: u32, i: IssueIx, k: PartyIx) {
        let m = self.m;
        let s = &m.scenario;
        let lead = s.issues[i].parties[k].lead;
        let g = s.issues[i].agreement;
        let env = self.w.env();
        let Some(o) = s.outside_options.iter().find(|o| {
            o.actor == lead
                && o.agreement.is_none_or(|x| x == g)
                && o.requires.as_ref().is_none_or(|c| c.holds(&env))
        }) else {
            return;
        };
        let nd = s.dimensions.len();
        let mut lump = vec![0.0; s.actors.len()];
        for (d, e) in &o.value {
            lump[lead] += self.w.weights[lead.ix() * nd + d] * e.eval(&env);
        }
        for t in &o.others {
            lump[t.actor] += self.w.weights[t.actor.ix() * nd + t.dim] * t.expr.eval(&env);
        }
        for (a, v) in lump.iter().enumerate() {
            self.payoff[a] += math::powi(self.w.discount[a], t as i32) * v;
        }
        let reason = format!("{} walks away ({})", s.actors[lead].id, o.label);
        self.w.end = Some(EndReason::Terminal(reason));
        self.w.touch();
    }

    /// A rule-based strategy's move (time-dependent concession, tit-for-tat, subgame-perfect play):
    /// its rule applied to the world as it is, with the decision model's values of settling and of
    /// no deal (it never accepts less than no deal). Returns whether it accepted.
    fn rule_move(&mut self, t: u32, i: IssueIx, k: PartyIx) -> bool {
        let m = self.m;
        let s = &m.scenario;
        let issue = &s.issues[i];
        let lead = issue.parties[k].lead;
        let np = issue.parties.len();
        let o = PartyIx::new((k.ix() + 1) % np);
        let ol = issue.parties[o].lead;
        let others: Vec<Pos> = issue
            .party_ixs()
            .filter(|&j| j != k)
            .map(|j| self.w.pos[i][j])
            .collect();
        let target = self.standing_offer(i, k);
        let cur = self.w.pos[i][k];
        let sol = self.solution();
        let Some(isol) = sol.issues[i].as_ref() else {
            return false;
        };
        let nact = s.actors.len();
        let n = issue.len();
        let terms: Vec<f64> = Pos::all(n)
            .flat_map(|q| ActorIx::all(nact).map(move |a| (q, a)))
            .map(|(q, a)| self.w.utility(m, i, q, a))
            .collect();
        let inputs = super::super::solve::rule_inputs(
            &terms,
            isol,
            nact,
            k.ix(),
            lead.ix(),
            ol.ix(),
            &self.w.forbidden[i][k],
        );
        let seen = self.w.seen[i][k].clone();
        let view = inputs.view(
            t,
            s.clock.max_turns,
            cur,
            issue.parties[k].opening,
            &others,
            &seen,
            self.w.discount[lead],
            self.w.discount[ol],
            s.turn_order.first(t, np) == k,
        );
        let q = s.actors[lead]
            .strategy
            .rule_move(&view)
            .unwrap_or(cur)
            .min(Pos::new(n - 1));
        let own_q = inputs.own[q];
        self.w.seen[i][k].clone_from(&others);
        if m.rule_issue[i] {
            self.w.touch();
        }
        if self.tracing() {
            let e = super::super::trace::rule_move_entry(
                s,
                super::super::trace::RuleMove {
                    turn: t,
                    issue: i,
                    party: k,
                    from: cur,
                    to: q,
                    target,
                    own: own_q,
                    others: &others,
                },
            );
            self.push(e);
        }
        if q == cur || inputs.barred[q] && Some(q) == target {
            return false;
        }
        self.w.pos[i][k] = q;
        if Some(q) == target {
            // Acceptance by rule: the veto players still decide, by the solved game's consent.
            let fallback = Node::new(0, false, n, s.actors.len(), 0);
            let node = if np == 2 && !isol.game.nodes.is_empty() {
                isol.game.nodes[answer_node(t, k, np)].clone()
            } else {
                fallback
            };
            if !self.try_settle(t, i, k, q, &node) {
                self.w.pos[i][k] = cur;
            }
            return true;
        }
        false
    }

    pub(in crate::engine) fn settle(&mut self, t: u32, i: IssueIx, q: Pos) {
        let m = self.m;
        let s = &m.scenario;
        self.w.flags.settled |= 1u64 << i.ix();
        self.w.flags.settled_at[i.ix()] = q.get() as i16;
        self.w.touch();
        self.issue_out[i] = Some((t, q));
        if self.tracing() {
            self.push(Entry::Settled {
                turn: t,
                issue: s.issues[i].id.clone(),
                option: s.issues[i].positions[q].clone(),
            });
        }
        let g = s.issues[i].agreement;
        if s.agreements[g].issues.iter().all(|&x| self.w.settled(x)) {
            self.w.flags.agreed |= 1u64 << g;
            self.agreement_out[g] = Some(t);
            // The terms take effect with the agreement, valued in the world of that day.
            for a in s.actor_ixs() {
                let terms: f64 = s.agreements[g]
                    .issues
                    .iter()
                    .map(|&x| self.w.utility(m, x, self.w.settled_pos(x), a))
                    .sum();
                self.payoff[a] += math::powi(self.w.discount[a], t as i32) * terms;
            }
            if self.tracing() {
                self.push(Entry::Agreement {
                    turn: t,
                    id: s.agreements[g].id.clone(),
                });
            }
        }
        self.w.refresh_open(m);
    }
}
