//! Package-level strategies in the engine ([`crate::strategy::aspiration`]), and turn skipping.
//!
//! A package player moves once per turn on each agreement it negotiates, at its first move on one of
//! the agreement's issues in the turn's order: it accepts the other side's positions on every open
//! issue of the agreement it leads a party on (its *package*) or offers a package, taking a position
//! on each of them; its later moves on those issues in the same turn are spent. The veto players
//! decide on an accepted package issue by issue.
//!
//! Its package space ([`Space`]) and, where utilities cannot change within a run, its schedule of
//! levels and offers ([`Plan`]) are made once and kept in the model's [`Store`], shared by every
//! run and thread.
//!
//! **Turn skipping.** When every actor follows a rule, every issue is negotiated by two package
//! players (the same two, in the same party order, on every issue of an agreement), and nothing
//! random or changing can happen — no events, no moving state, utilities that cannot change (so
//! that the players' schedules are made once) — a run is a pure function of the schedules until
//! someone accepts. [`Simulation::skip`] then plays those turns from the schedules alone (two table
//! reads and two comparisons per player and turn, flows paid as usual), and leaves the turn of the
//! acceptance, and the last turn, to the engine. The outcome is exactly the one the engine gives
//! turn by turn (`tests/peers.rs` checks it); the random draws those turns would have made are left
//! out, which nothing can notice since nothing after them is random.

use std::sync::{Arc, Mutex};

use super::Simulation;
use super::solve::Node;
use super::trace::{Considered, Entry};
use super::turn::answer_node;
use crate::scenario::{ActorIx, Effect, IssueIx, PartyIx, Pos, Scenario};
use crate::strategy::StrategySpec;
use crate::strategy::aspiration::{self, Plan};
use crate::strategy::package::Space;

/// What a package player negotiates on an agreement, and how.
#[derive(Debug)]
pub(crate) struct Planned {
    /// The issues of its package, each with its party there.
    issues: Vec<(IssueIx, PartyIx)>,
    space: Space,
    /// The reservation: packages worth less are neither offered nor accepted.
    floor: f64,
    /// The least and the most a package worth the reservation is worth.
    bounds: Option<(f64, f64)>,
    /// Its schedule, where utilities cannot change within a run (sorted spaces only).
    plan: Option<Plan>,
}

/// A planned package in the model's store: the actor, its package's issues (bits) and its
/// reservation (bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    actor: ActorIx,
    mask: u64,
    floor: u64,
}

/// The model's planned packages, where utilities cannot change within a run (pure functions of
/// their key, so runs and threads can share them).
#[derive(Debug, Default)]
pub(super) struct Store {
    entries: Mutex<Vec<(Key, Arc<Planned>)>>,
}

/// The most planned packages the store keeps (the oldest goes first).
const STORE: usize = 16;

/// A simulation's side of package play.
#[derive(Debug, Default)]
pub(super) struct Local {
    /// Per actor and agreement: the turn of its last package move.
    moved: Vec<Option<u32>>,
    /// Planned packages used lately (from the store).
    recent: Vec<(Key, Arc<Planned>)>,
    /// Where utilities can change: the last package built per actor and issues, with the utility
    /// tables and allowed positions it was built from.
    built: Vec<(ActorIx, u64, Vec<u64>, Arc<Planned>)>,
}

impl Local {
    /// Forgets the moves of the previous run (the planned packages stay).
    pub(super) fn restart(&mut self) {
        self.moved.fill(None);
    }
}

/// What [`Model::new`] records: whether utilities of every issue cannot change within a run (no
/// term reads state, flags or the turn; no effect changes weights or forbidden positions), and
/// whether runs may skip turns (see the module's documentation).
pub(super) fn analyse(s: &Scenario) -> (bool, bool) {
    let effects = s
        .events
        .iter()
        .flat_map(|e| &e.effects)
        .chain(s.actions.iter().flat_map(|a| &a.effects));
    let mut changing = false;
    for fx in effects {
        changing |= matches!(
            fx,
            Effect::SetWeight { .. }
                | Effect::ScaleWeight { .. }
                | Effect::Forbid { .. }
                | Effect::Allow { .. }
        );
    }
    let terms = s.issues.iter().flat_map(|i| i.effects.iter().flatten());
    for t in terms {
        changing |= t.expr.reads_state() || t.expr.reads_flags() || t.expr.reads_turn();
    }
    let fixed = !changing;
    let duels = s.agreements.iter().all(|g| {
        let Some(&i0) = g.issues.first() else {
            return false;
        };
        let leads: Vec<ActorIx> = s.issues[i0].parties.iter().map(|p| p.lead).collect();
        leads.len() == 2
            && leads[0] != leads[1]
            && leads.iter().all(|&a| s.actors[a].strategy.is_package())
            && g.issues.iter().all(|&i| {
                s.issues[i]
                    .parties
                    .iter()
                    .map(|p| p.lead)
                    .eq(leads.iter().copied())
            })
    });
    let quiet = s.events.is_empty()
        && s.states.iter().all(|x| x.drift.is_none() && x.noise == 0.0)
        && s.actors.iter().all(|a| a.strategy.is_rule_based());
    (fixed, fixed && quiet && duels)
}

impl Simulation<'_> {
    /// The issues of agreement g that actor a negotiates now (open, unsettled, a leading a party
    /// there), with its party, as a bit mask too.
    fn package_issues(&self, a: ActorIx, g: usize) -> (Vec<(IssueIx, PartyIx)>, u64) {
        let s = &self.m.scenario;
        let mut out = Vec::new();
        let mut mask = 0u64;
        for &i in &s.agreements[g].issues {
            if !self.w.open(i) || self.w.settled(i) {
                continue;
            }
            if let Some(k) = s.issues[i].parties.iter().position(|p| p.lead == a) {
                out.push((i, PartyIx::new(k)));
                mask |= 1 << i.ix();
            }
        }
        (out, mask)
    }

    /// Actor a's reservation on agreement g: nothing, less what the issues of g already settled
    /// give it (so that the whole agreement is worth at least nothing).
    fn package_floor(&self, a: ActorIx, g: usize) -> f64 {
        let m = self.m;
        let mut settled = 0.0;
        for &i in &m.scenario.agreements[g].issues {
            if self.w.settled(i) {
                settled += self.w.utility(m, i, self.w.settled_pos(i), a);
            }
        }
        // `+ 0.0` turns −0 into 0, so that equal reservations have equal keys.
        -settled + 0.0
    }

    /// Builds actor a's package over `issues` in the world as it is.
    fn build_package(&self, a: ActorIx, issues: Vec<(IssueIx, PartyIx)>, floor: f64) -> Planned {
        let m = self.m;
        let s = &m.scenario;
        let tables = issues
            .iter()
            .map(|&(i, _)| {
                Pos::all(s.issues[i].len())
                    .map(|q| self.w.utility(m, i, q, a))
                    .collect()
            })
            .collect();
        let allowed = issues
            .iter()
            .map(|&(i, k)| self.w.forbidden[i][k].iter().map(|f| !f).collect())
            .collect();
        let space = Space::new(tables, allowed);
        let bounds = aspiration::bounds(&space, floor);
        let plan = match s.actors[a].strategy {
            StrategySpec::Aspiration { beta, tolerance } if m.package_fixed => {
                Plan::new(&space, s.clock.max_turns, beta, tolerance, floor)
            }
            _ => None,
        };
        Planned {
            issues,
            space,
            floor,
            bounds,
            plan,
        }
    }

    /// Actor a's package on agreement g now; `None` if it negotiates none of its issues.
    fn planned(&mut self, a: ActorIx, g: usize) -> Option<Arc<Planned>> {
        let (issues, mask) = self.package_issues(a, g);
        if issues.is_empty() {
            return None;
        }
        let floor = self.package_floor(a, g);
        if !self.m.package_fixed {
            return Some(self.planned_afresh(a, issues, mask, floor));
        }
        let key = Key {
            actor: a,
            mask,
            floor: floor.to_bits(),
        };
        if let Some((_, p)) = self.pkg.recent.iter().find(|(k, _)| *k == key) {
            return Some(p.clone());
        }
        let stored = lock(&self.m.packages)
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, p)| p.clone());
        let p = stored.unwrap_or_else(|| {
            // Built outside the lock: a pure function of the key, so a race builds the same thing.
            let p = Arc::new(self.build_package(a, issues, floor));
            let mut entries = lock(&self.m.packages);
            if !entries.iter().any(|(k, _)| *k == key) {
                if entries.len() >= STORE {
                    entries.remove(0);
                }
                entries.push((key, p.clone()));
            }
            p
        });
        if self.pkg.recent.len() >= STORE {
            self.pkg.recent.remove(0);
        }
        self.pkg.recent.push((key, p.clone()));
        Some(p)
    }

    /// Where utilities can change: the package built from the tables of the world as it is,
    /// reusing the last one built for the same issues when the tables are the same.
    fn planned_afresh(
        &mut self,
        a: ActorIx,
        issues: Vec<(IssueIx, PartyIx)>,
        mask: u64,
        floor: f64,
    ) -> Arc<Planned> {
        let m = self.m;
        let mut sig = vec![floor.to_bits()];
        for &(i, k) in &issues {
            for q in Pos::all(m.scenario.issues[i].len()) {
                sig.push(self.w.utility(m, i, q, a).to_bits());
                sig.push(u64::from(self.w.forbidden[i][k][q]));
            }
        }
        let at = self
            .pkg
            .built
            .iter()
            .position(|(x, mk, _, _)| *x == a && *mk == mask);
        if let Some(at) = at {
            if self.pkg.built[at].2 == sig {
                return self.pkg.built[at].3.clone();
            }
        }
        let p = Arc::new(self.build_package(a, issues, floor));
        match at {
            Some(at) => self.pkg.built[at] = (a, mask, sig, p.clone()),
            None => {
                if self.pkg.built.len() >= STORE {
                    self.pkg.built.remove(0);
                }
                self.pkg.built.push((a, mask, sig, p.clone()));
            }
        }
        p
    }

    /// A package player's move for party k on issue i: on its first move this turn on one of the
    /// issues of i's agreement, it accepts the other side's package or offers one; later ones are
    /// spent. Returns whether it accepted.
    pub(super) fn package_move(&mut self, t: u32, i: IssueIx, k: PartyIx) -> bool {
        let m = self.m;
        let s = &m.scenario;
        let lead = s.issues[i].parties[k].lead;
        let g = s.issues[i].agreement;
        let slots = s.actors.len() * s.agreements.len();
        if self.pkg.moved.len() != slots {
            self.pkg.moved = vec![None; slots];
        }
        let at = lead.ix() * s.agreements.len() + g;
        if self.pkg.moved[at] == Some(t) {
            return false;
        }
        self.pkg.moved[at] = Some(t);
        let StrategySpec::Aspiration { beta, tolerance } = s.actors[lead].strategy else {
            return false;
        };
        let Some(p) = self.planned(lead, g) else {
            return false;
        };
        let Some((umin, umax)) = p.bounds else {
            // Some issue allows it no position: it cannot offer a package.
            return false;
        };
        let level = match &p.plan {
            Some(plan) => plan.level[t as usize],
            None => aspiration::level(
                umin,
                umax,
                aspiration::aspiration(t, s.clock.max_turns, beta),
                tolerance,
            ),
        };
        let standing: Option<Vec<u32>> = p
            .issues
            .iter()
            .map(|&(ii, kk)| self.standing_offer(ii, kk).map(Pos::get))
            .collect();
        let worth = standing.as_deref().and_then(|q| p.space.utility(q));
        let mut touched = false;
        let w = &mut self.w;
        for &(ii, kk) in &p.issues {
            let seen = &mut w.seen[ii][kk];
            seen.clear();
            seen.extend(
                PartyIx::all(w.pos[ii].len())
                    .filter(|&j| j != kk)
                    .map(|j| w.pos[ii][j]),
            );
            touched |= m.rule_issue[ii];
        }
        if touched {
            self.w.touch();
        }
        if let (Some(q), Some(u)) = (&standing, worth) {
            if u >= level {
                self.record_package(t, lead, &p, q, level, worth, true);
                self.accept_package(t, &p, q);
                return true;
            }
        }
        let mut offer = vec![0; p.issues.len()];
        match &p.plan {
            Some(plan) => p.space.decode(plan.offer[t as usize], &mut offer),
            None => p.space.offer(level, p.floor, &mut offer),
        }
        if self.tracing() {
            self.record_package(t, lead, &p, &offer, level, worth, false);
        }
        for (&(ii, kk), &q) in p.issues.iter().zip(&offer) {
            self.w.pos[ii][kk] = Pos::from(q);
        }
        false
    }

    /// Settles every issue of the package at `q` (the veto players deciding issue by issue, by the
    /// solved game's consent where one is solved).
    fn accept_package(&mut self, t: u32, p: &Planned, q: &[u32]) {
        let sol = self.m.expectant.then(|| self.solution());
        for (&(i, k), &r) in p.issues.iter().zip(q) {
            let np = self.m.scenario.issues[i].parties.len();
            let node = sol
                .as_ref()
                .and_then(|sol| sol.issues[i].as_ref())
                .filter(|isol| np == 2 && !isol.game.nodes.is_empty())
                .map(|isol| isol.game.nodes[answer_node(t, k, np)].clone())
                .unwrap_or_else(|| {
                    let s = &self.m.scenario;
                    Node::new(0, false, s.issues[i].len(), s.actors.len(), 0)
                });
            let (cur, r) = (self.w.pos[i][k], Pos::from(r));
            self.w.pos[i][k] = r;
            if !self.try_settle(t, i, k, r, &node) {
                self.w.pos[i][k] = cur;
            }
        }
    }

    /// The chronicle's entry for a package move (only when tracing).
    #[allow(clippy::too_many_arguments)]
    fn record_package(
        &mut self,
        t: u32,
        lead: ActorIx,
        p: &Planned,
        q: &[u32],
        level: f64,
        standing: Option<f64>,
        accept: bool,
    ) {
        if !self.tracing() {
            return;
        }
        let s = &self.m.scenario;
        let text = |q: &[u32]| {
            p.issues
                .iter()
                .zip(q)
                .map(|(&(i, _), &x)| {
                    format!("{} {}", s.issues[i].id, s.issues[i].positions[Pos::from(x)])
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let own = p.space.utility(q).unwrap_or(f64::NAN);
        let kept = p
            .issues
            .iter()
            .zip(q)
            .all(|(&(i, k), &x)| self.w.pos[i][k].get() == x);
        let label = match (accept, kept) {
            (true, _) => format!("accept ({})", text(q)),
            (false, true) => format!("stall ({})", text(q)),
            (false, false) => format!("offer ({})", text(q)),
        };
        let other = match standing {
            Some(u) => format!("the other side's package is worth {u:.6} to it"),
            None => "the other side stands at no common package it may accept".into(),
        };
        let why = format!(
            "{} follows its `aspiration` strategy: {label}, worth {own:.6} to it; its level at turn {t} is {level:.6}; {other}",
            s.actors[lead].id
        );
        let mut c = Considered::plain(&label, own, 1.0);
        c.terms = own;
        let about = s.agreements[s.issues[p.issues[0].0].agreement].id.clone();
        self.push(Entry::Decision {
            turn: t,
            actor: s.actors[lead].id.clone(),
            about,
            options: vec![c],
            chosen: 0,
            why,
        });
    }
}

fn lock(store: &Store) -> std::sync::MutexGuard<'_, Vec<(Key, Arc<Planned>)>> {
    // A panic while holding the lock leaves only whole entries behind: keep using them.
    store.entries.lock().unwrap_or_else(|e| e.into_inner())
}

/// One agreement in a skip: its two package players (party 0's lead first), their packages, the
/// codes of their current positions and of the positions each last saw.
struct Duel {
    players: [Arc<Planned>; 2],
    codes: [u64; 2],
    seen: [u64; 2],
}

impl Simulation<'_> {
    /// Turn skipping (see the module's documentation): plays, from the players' schedules, every
    /// turn from now on before the first in which someone accepts (and before the last turn),
    /// leaving that turn to [`Simulation::step`]. Does nothing unless the model allows it and
    /// nothing is being recorded. Runs call it before every step, so a later agreement (a phase
    /// opened by an earlier one) is skipped to as well.
    pub(super) fn skip(&mut self) {
        let m = self.m;
        let s = &m.scenario;
        let horizon = s.clock.max_turns;
        let t0 = self.w.turn;
        if !m.skip
            || self.trace.is_some()
            || self.beliefs.is_some()
            || self.w.end.is_some()
            || self.w.suspended
            || t0 + 1 >= horizon
        {
            return;
        }
        let Some(mut duels) = self.duels() else {
            return;
        };
        let mut t = t0;
        'turns: while t + 1 < horizon {
            let first = s.turn_order.first(t, 2).ix();
            let mut next = [[0u64; 2]; 8];
            for (d, n) in duels.iter().zip(next.iter_mut()) {
                let (x, y) = (first, 1 - first);
                let (px, py) = (&d.players[x], &d.players[y]);
                let (Some(plan_x), Some(plan_y)) = (&px.plan, &py.plan) else {
                    break 'turns;
                };
                let (ux, uy) = (px.space.by_code(), py.space.by_code());
                let (Some(ux), Some(uy)) = (ux, uy) else {
                    break 'turns;
                };
                let tt = t as usize;
                if ux[d.codes[y] as usize] >= plan_x.level[tt] {
                    break 'turns;
                }
                let cx = plan_x.offer[tt];
                if uy[cx as usize] >= plan_y.level[tt] {
                    break 'turns;
                }
                n[x] = cx;
                n[y] = plan_y.offer[tt];
            }
            for (d, n) in duels.iter_mut().zip(next) {
                let (x, y) = (first, 1 - first);
                d.seen = [0; 2];
                d.seen[x] = d.codes[y];
                d.seen[y] = n[x];
                d.codes = n;
            }
            self.w.turn = t;
            if !s.flows.is_empty() {
                self.accrue_flows(t);
            }
            if let Some(p) = &mut self.path {
                p.extend_from_slice(&self.w.state);
            }
            t += 1;
        }
        self.w.turn = t;
        if t > t0 {
            self.write_back(&duels);
        }
    }

    /// The duels of a skip: every open agreement not yet reached, with both players' planned
    /// packages (the same issues, schedules made) and the codes of where they stand. `None` if one
    /// cannot be skipped (then no turn is), or there are more than eight.
    fn duels(&mut self) -> Option<Vec<Duel>> {
        let m = self.m;
        let s = &m.scenario;
        let mut duels = Vec::new();
        for g in 0..s.agreements.len() {
            if !self.w.agreement_open[g] || self.w.flags.agreed >> g & 1 == 1 {
                continue;
            }
            let Some(&i0) = s.agreements[g]
                .issues
                .iter()
                .find(|&&i| self.w.open(i) && !self.w.settled(i))
            else {
                continue;
            };
            let leads = [s.issues[i0].parties[0].lead, s.issues[i0].parties[1].lead];
            if !leads.iter().all(|&a| self.w.active[a]) {
                return None;
            }
            let players = [self.planned(leads[0], g)?, self.planned(leads[1], g)?];
            let same = players[0]
                .issues
                .iter()
                .map(|x| x.0)
                .eq(players[1].issues.iter().map(|x| x.0));
            if !same || players.iter().any(|p| p.plan.is_none()) {
                return None;
            }
            let code = |k: usize| {
                let pos: Vec<u32> = players[k]
                    .issues
                    .iter()
                    .map(|&(i, _)| self.w.pos[i][k].get())
                    .collect();
                players[k].space.encode(&pos)
            };
            let codes = [code(0)?, code(1)?];
            duels.push(Duel {
                players,
                codes,
                seen: [0; 2],
            });
        }
        (!duels.is_empty() && duels.len() <= 8).then_some(duels)
    }

    /// Writes the duels' positions (and what each party last saw) back into the world.
    fn write_back(&mut self, duels: &[Duel]) {
        let m = self.m;
        for d in duels {
            let n = d.players[0].issues.len();
            let mut pos = [vec![0u32; n], vec![0u32; n]];
            let mut seen = [vec![0u32; n], vec![0u32; n]];
            for k in 0..2 {
                d.players[k].space.decode(d.codes[k], &mut pos[k]);
                d.players[k].space.decode(d.seen[k], &mut seen[k]);
            }
            for (j, &(i, _)) in d.players[0].issues.iter().enumerate() {
                for k in 0..2 {
                    self.w.pos[i][k] = Pos::from(pos[k][j]);
                    if let Some(x) = self.w.seen[i][k].first_mut() {
                        *x = Pos::from(seen[k][j]);
                    }
                }
            }
        }
        if m.reads_turn || m.timed {
            self.w.touch();
        }
    }
}
