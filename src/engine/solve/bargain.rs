//! One issue's bargaining game, solved for its stationary logit equilibrium.
//!
//! The engine's protocol on a two-party issue: each turn the parties move in an order that
//! alternates (party `t mod 2` first). A move has two stages: the mover **answers** the other
//! party's standing offer `r` (accept it — the veto players then allow or block the settlement —,
//! reject it, or walk away if it holds an outside option), and, unless the issue settled, **offers**
//! a position `q`, which becomes its standing offer for the other party's next move. That is
//! Rubinstein's alternating-offers game with one discount per turn (Rubinstein 1982), with a
//! per-turn flow of payoffs while the issue is open (the cost of war: Fearon 1995), a per-turn risk
//! that the run ends (Binmore, Rubinstein & Wolinsky 1986), outside options (Binmore, Shaked &
//! Sutton 1989) and veto players (Tsebelis 2002).
//!
//! Each turn one party proposes: the first mover of the turn answers the other party's standing
//! offer r (accept, reject, or walk away) and, unless the issue settled, offers q; the second mover
//! answers q. (A second mover's rejection needs no counter-offer: it moves first next turn, where it
//! may still accept q, one turn later, or propose.) Four node types repeat every two turns: the
//! offer nodes 0 (party 0) and 2 (party 1) and the answer nodes 1 (party 1) and 3 (party 0). The
//! value of a node to actor a when the mover faces offer r is
//!
//!   N_τ,a(r) = α_τ(r)·ok_τ(r)·X_a(r) + ω_τ(r)·O_a + (1 − α_τ(r)·ok_τ(r) − ω_τ(r))·C_τ,a(r)
//!
//! where X_a(r) is the value of the world with the issue settled at r, O_a the value if the mover
//! walks away, and C the value of rejecting: at an offer node, the value of the mover's offer
//! stage P_τ,a = Σ_q π_τ(q)·N_τ+1,a(q); at an answer node, the turn's flow, one discount and the
//! risk of the run ending, then the same party's offer node next turn, still facing r. The mover's
//! choices are logit responses (McKelvey & Palfrey 1998, agent quantal response) to these values:
//! α/ω over {accept, reject, walk} and π over the positions it may offer; each veto player allows
//! with σ(λ_v (X_v(r) − C_τ,v(r))). Because the offer stage does not depend on the offer faced, the
//! two P's solve a linear system of two equations once the choice probabilities are fixed; the solver
//! alternates between the two (policy iteration), raising λ gradually from a low value when it is
//! large (a homotopy in λ, as Turocy 2005 traces the logit correspondence), so that λ → ∞ converges to
//! the subgame-perfect play.
//!
//! The same choice probabilities are what the actors do in the simulation and what the others
//! expect of them: expectations are consistent by construction.

use crate::math;
use crate::scenario::Pos;

/// How a party's lead (or a veto player) chooses, as the solver models it.
#[derive(Clone, Debug)]
pub(crate) enum Play {
    /// Logit choice with this precision per utility unit.
    Logit(f64),
    /// Uniform choice among the available options.
    Random,
    /// A deterministic rule: per node type where it moves, whether it accepts each offer and the
    /// offer it makes (the strategy's answer now, assumed to stand).
    Rule {
        /// `accept[τ][r]`.
        accept: Vec<Vec<bool>>,
        /// `offer[τ]`.
        offer: Vec<Pos>,
    },
    /// Best response (veto players playing a rule-based strategy).
    Best,
}

/// A party to the issue as the solver sees it.
pub(crate) struct PartyIn<'a> {
    /// Its lead (an actor index).
    pub lead: usize,
    /// How the lead chooses.
    pub play: Play,
    /// Positions this party may not accept or offer.
    pub forbidden: &'a [bool],
    /// If the lead may walk away: every actor's value when it does.
    pub walk: Option<Vec<f64>>,
}

/// Everything the solver needs about one issue in one perceived world.
pub(crate) struct GameIn<'a> {
    /// Number of positions.
    pub n: usize,
    /// Number of actors.
    pub nact: usize,
    /// `x[q * nact + a]`: actor a's value of the world with the issue settled at q now.
    pub x: &'a [f64],
    /// Per actor, the flow of a turn in which the issue stays open.
    pub flow: &'a [f64],
    /// Per actor, δ.
    pub delta: &'a [f64],
    /// Probability that the run leaves this world before the next turn's moves (an anticipated
    /// event or the end), and each actor's value when it does.
    pub exit_p: f64,
    pub exit_v: &'a [f64],
    /// The two parties.
    pub parties: [PartyIn<'a>; 2],
    /// Veto players of either party: (actor, how it chooses).
    pub vetoes: Vec<(usize, Play)>,
}

impl GameIn<'_> {
    /// The actors whose values the choices read: the two leads and the veto players. The others'
    /// values are not needed (the chain of settlements reads only the probabilities).
    fn relevant(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.parties.iter().map(|p| p.lead).collect();
        for (a, _) in &self.vetoes {
            if !v.contains(a) {
                v.push(*a);
            }
        }
        v
    }
}

/// The solved game at one node type. Its numbers live in one buffer (a solved world holds many
/// nodes, and one allocation each instead of eight halves their memory and the allocator's work).
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// The mover's party (0 or 1).
    pub party: usize,
    /// Whether the mover makes an offer here (offer nodes 0 and 2) or only answers (1 and 3).
    pub offers: bool,
    /// Positions.
    n: usize,
    /// Actors.
    nact: usize,
    /// `accept`, `walk`, `allow`, `offer`, `next` (n each), `reject` (n × nact), then `veto_allow`
    /// (n per veto player).
    data: Vec<f64>,
}

/// Where each of a node's arrays starts in its buffer, in units of n.
const ACCEPT: usize = 0;
const WALK: usize = 1;
const ALLOW: usize = 2;
const OFFER: usize = 3;
const NEXT: usize = 4;
const REJECT: usize = 5;

impl Node {
    /// A node over `n` positions, `nact` actors and `vetoes` veto players: nobody accepts, walks or
    /// offers yet, every veto player allows, every value is 0.
    pub fn new(party: usize, offers: bool, n: usize, nact: usize, vetoes: usize) -> Node {
        let mut data = vec![0.0; n * (REJECT + nact + vetoes)];
        data[ALLOW * n..(ALLOW + 1) * n].fill(1.0);
        data[(REJECT + nact) * n..].fill(1.0);
        Node {
            party,
            offers,
            n,
            nact,
            data,
        }
    }

    fn part(&self, k: usize) -> &[f64] {
        &self.data[k * self.n..(k + 1) * self.n]
    }

    fn part_mut(&mut self, k: usize) -> &mut [f64] {
        &mut self.data[k * self.n..(k + 1) * self.n]
    }

    /// `accept[r]`: probability the mover accepts offer r.
    pub fn accept(&self) -> &[f64] {
        self.part(ACCEPT)
    }

    /// `walk[r]`: probability the mover walks away facing r.
    pub fn walk(&self) -> &[f64] {
        self.part(WALK)
    }

    /// `allow[r]`: probability that no veto player blocks a settlement at r.
    pub fn allow(&self) -> &[f64] {
        self.part(ALLOW)
    }

    /// `offer[q]`: probability the mover offers q if the issue did not settle (offer nodes).
    pub fn offer(&self) -> &[f64] {
        self.part(OFFER)
    }

    /// `next[q]`: the mover's value of offering q (the answer node's value facing q).
    pub fn next(&self) -> &[f64] {
        self.part(NEXT)
    }

    /// `reject[r * nact + a]`: actor a's value of the mover rejecting r (or of a veto blocking it).
    pub fn reject(&self) -> &[f64] {
        &self.data[REJECT * self.n..(REJECT + self.nact) * self.n]
    }

    /// `veto_allow(v)[r]`: probability that veto player v (in the order of the game's veto
    /// players) allows a settlement at r; `None` past the last.
    pub fn veto_allow(&self, v: usize) -> Option<&[f64]> {
        let at = (REJECT + self.nact + v) * self.n;
        self.data.get(at..at + self.n).filter(|_| self.n > 0)
    }

    /// Mutable `accept`.
    pub fn accept_mut(&mut self) -> &mut [f64] {
        self.part_mut(ACCEPT)
    }

    /// Mutable `allow`.
    pub fn allow_mut(&mut self) -> &mut [f64] {
        self.part_mut(ALLOW)
    }

    /// Mutable `offer`.
    pub fn offer_mut(&mut self) -> &mut [f64] {
        self.part_mut(OFFER)
    }

    /// Mutable `next`.
    pub fn next_mut(&mut self) -> &mut [f64] {
        self.part_mut(NEXT)
    }

    /// Mutable `reject`.
    pub fn reject_mut(&mut self) -> &mut [f64] {
        let n = self.n;
        &mut self.data[REJECT * n..(REJECT + self.nact) * n]
    }

    fn walk_mut(&mut self) -> &mut [f64] {
        self.part_mut(WALK)
    }

    fn veto_allow_mut(&mut self, v: usize) -> &mut [f64] {
        let at = (REJECT + self.nact + v) * self.n;
        &mut self.data[at..at + self.n]
    }

    /// Actor a's value of the mover rejecting r.
    pub fn going_on(&self, r: usize, a: usize, nact: usize) -> f64 {
        self.reject()[r * nact + a]
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.data.capacity() * 8
    }
}

/// The solved game.
#[derive(Clone, Debug, Default)]
pub struct Game {
    /// The four node types: 0 = party 0 offers, 1 = party 1 answers, 2 = party 1 offers, 3 = party 0
    /// answers. Turn t plays nodes 2(t mod 2) and 2(t mod 2) + 1.
    pub nodes: Vec<Node>,
    /// The offer-stage values P (`[2 * nact]`: node 0 then node 2), the solver's state.
    pub stage: Vec<f64>,
    /// Stationary probability per turn that the issue settles.
    pub hazard: f64,
    /// Stationary probability per turn that a party walks away.
    pub walk_hazard: f64,
    /// `settle_weights[q]`: probability that a settlement is at q.
    pub settle_weights: Vec<f64>,
    /// Per actor: the expected value given that someone walks away.
    pub walk_value: Vec<f64>,
    /// Whether the policy iteration converged.
    pub converged: bool,
}

/// The party that moves at node `tau`.
fn party(tau: usize) -> usize {
    (tau / 2 + tau % 2) % 2
}

/// Logit choice probabilities over `eu` (NaN entries are unavailable options) into `out`.
fn logit(eu: &[f64], lambda: f64, out: &mut [f64]) {
    let max = eu
        .iter()
        .copied()
        .filter(|x| !x.is_nan())
        .fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for (o, &u) in out.iter_mut().zip(eu) {
        *o = if u.is_nan() {
            0.0
        } else if u == max {
            1.0
        } else {
            math::exp(lambda * (u - max))
        };
        sum += *o;
    }
    if sum > 0.0 {
        out.iter_mut().for_each(|o| *o /= sum);
    }
}

/// Uniform choice among available options.
fn uniform(eu: &[f64], out: &mut [f64]) {
    let k = eu.iter().filter(|x| !x.is_nan()).count().max(1) as f64;
    for (o, &u) in out.iter_mut().zip(eu) {
        *o = if u.is_nan() { 0.0 } else { 1.0 / k };
    }
}

/// The largest stake in the game: the spread of settlement values over positions, per actor.
fn scale(g: &GameIn) -> f64 {
    let mut s: f64 = 1e-12;
    for a in g.relevant() {
        let (lo, hi) = (0..g.n).fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), q| {
            let v = g.x[q * g.nact + a];
            (l.min(v), h.max(v))
        });
        if hi > lo {
            s = s.max(hi - lo);
        }
    }
    s
}

/// λ·stake below which the policy iteration converges from a cold start without a homotopy.
const SOFT: f64 = 32.0;
/// The precision that stands for best response (λ·stake): choices are then argmax to double
/// precision.
const HARD: f64 = 1e9;
/// Iterations per homotopy stage.
const MAX_ITER: usize = 200;
/// Convergence: the largest change in an offer-stage value, relative to the stake.
const TOL: f64 = 1e-9;

/// Solves the game, starting from `warm` offer-stage values if given (`2 × nact`).
pub(crate) fn solve(g: &GameIn, warm: Option<&[f64]>) -> Game {
    let nact = g.nact;
    let stake = scale(g);
    let mut p = vec![0.0; 2 * nact];
    match warm {
        Some(w) if w.len() == p.len() => p.copy_from_slice(w),
        _ => {
            // Start from the value of never settling.
            for a in 0..nact {
                let k = g.delta[a] * (1.0 - g.exit_p);
                let z = (g.flow[a] + g.delta[a] * g.exit_p * g.exit_v[a]) / (1.0 - k);
                p[a] = z;
                p[nact + a] = z;
            }
        }
    }
    let mut work = Work::new(g);
    // The precision of every logit player, as a multiple of the stake, and the homotopy stages.
    let top = g
        .parties
        .iter()
        .map(|x| &x.play)
        .chain(g.vetoes.iter().map(|v| &v.1))
        .map(|play| match play {
            Play::Logit(l) => (l * stake).min(HARD),
            Play::Best => HARD,
            _ => 0.0,
        })
        .fold(0.0, f64::max);
    let mut level = if warm.is_some() { top } else { top.min(SOFT) };
    let mut fresh = vec![0.0; p.len()];
    let converged = loop {
        let done = iterate(g, &mut work, &mut p, &mut fresh, level / stake, stake);
        if level >= top {
            break done;
        }
        level = (level * 4.0).min(top);
    };
    finish(g, work, p, converged)
}

/// Writes into `out` the bits of everything [`solve`] reads of `g` and `warm`, with lengths and tags,
/// so that two inputs give the same words only if they are the same bit for bit (the key of the
/// memo of solved games, `memo.rs`).
pub(crate) fn fingerprint(g: &GameIn, warm: Option<&[f64]>, out: &mut Vec<u64>) {
    fn floats(out: &mut Vec<u64>, v: &[f64]) {
        out.push(v.len() as u64);
        out.extend(v.iter().map(|x| x.to_bits()));
    }
    fn play(out: &mut Vec<u64>, p: &Play) {
        match p {
            Play::Logit(l) => out.extend([0, l.to_bits()]),
            Play::Random => out.push(1),
            Play::Rule { accept, offer } => {
                out.extend([2, accept.len() as u64]);
                for a in accept {
                    out.push(a.len() as u64);
                    out.extend(a.iter().map(|&b| u64::from(b)));
                }
                out.push(offer.len() as u64);
                out.extend(offer.iter().map(|&q| u64::from(q.get())));
            }
            Play::Best => out.push(3),
        }
    }
    out.clear();
    out.extend([g.n as u64, g.nact as u64, g.exit_p.to_bits()]);
    for v in [g.x, g.flow, g.delta, g.exit_v] {
        floats(out, v);
    }
    for p in &g.parties {
        out.push(p.lead as u64);
        play(out, &p.play);
        out.push(p.forbidden.len() as u64);
        out.extend(p.forbidden.iter().map(|&b| u64::from(b)));
        match &p.walk {
            Some(w) => {
                out.push(1);
                floats(out, w);
            }
            None => out.push(0),
        }
    }
    out.push(g.vetoes.len() as u64);
    for (a, p) in &g.vetoes {
        out.push(*a as u64);
        play(out, p);
    }
    match warm {
        Some(w) => {
            out.push(1);
            floats(out, w);
        }
        None => out.push(0),
    }
}

/// Scratch space and the current policies.
struct Work {
    nodes: Vec<Node>,
    eu: Vec<f64>,
    pr: Vec<f64>,
    /// The actors whose values are computed (see [`GameIn::relevant`]).
    who: Vec<usize>,
}

impl Work {
    fn new(g: &GameIn) -> Work {
        let n = g.n;
        let nodes = (0..4)
            .map(|tau| Node::new(party(tau), tau % 2 == 0, n, g.nact, g.vetoes.len()))
            .collect();
        Work {
            nodes,
            eu: vec![0.0; n.max(3)],
            pr: vec![0.0; n.max(3)],
            who: g.relevant(),
        }
    }
}

/// The precision a player chooses with at homotopy level `cap` (a cap on λ for logit players).
fn precision(play: &Play, cap: f64) -> Option<f64> {
    match play {
        Play::Logit(l) => Some(l.min(cap)),
        Play::Best => Some(cap),
        _ => None,
    }
}

/// Policy iteration at one homotopy level. Returns whether it converged.
fn iterate(
    g: &GameIn,
    w: &mut Work,
    p: &mut [f64],
    fresh: &mut [f64],
    cap: f64,
    stake: f64,
) -> bool {
    let mut eta = 1.0;
    let mut last = f64::INFINITY;
    fresh.copy_from_slice(p);
    for _it in 0..MAX_ITER {
        // Offer nodes' answers first (the answer nodes' rejection leads to them), then the answer
        // nodes, then the offers (which face the answer nodes).
        for tau in [0, 2, 1, 3] {
            answer(g, w, p, tau, cap);
        }
        for tau in [0, 2] {
            offer(g, w, tau, cap);
        }
        stage_values(g, w, fresh);
        let mut change: f64 = 0.0;
        for (old, new) in p.iter_mut().zip(fresh.iter()) {
            change = change.max((new - *old).abs());
            *old += eta * (new - *old);
        }
        // Relative to the stake, with a floor at the rounding error of the values themselves.
        let size = p.iter().fold(1.0f64, |m, x| m.max(x.abs()));
        if change <= TOL * stake + 1e-13 * size {
            return true;
        }
        // Damp when the change grows (the fixed point of a sharp logit can oscillate), and undamp
        // again while it shrinks.
        if change > last {
            eta = (eta * 0.5).max(1.0 / 64.0);
        } else {
            eta = (eta * 1.25).min(1.0);
        }
        last = change;
    }
    false
}

/// Actor a's value of answer node `tau` (1 or 3) rejecting r: the turn passes, and the same party
/// moves first next turn, at the offer node after it, still facing r.
fn carry(g: &GameIn, w: &Work, p: &[f64], tau: usize, r: usize, a: usize) -> f64 {
    let nact = g.nact;
    let t2 = (tau + 1) % 4;
    let nx = &w.nodes[t2];
    let walk_v = g.parties[nx.party].walk.as_ref().map_or(0.0, |v| v[a]);
    let settle = nx.accept()[r] * nx.allow()[r];
    let stage = p[(t2 / 2) * nact + a];
    let v =
        settle * g.x[r * nact + a] + nx.walk()[r] * walk_v + (1.0 - settle - nx.walk()[r]) * stage;
    g.flow[a] + g.delta[a] * ((1.0 - g.exit_p) * v + g.exit_p * g.exit_v[a])
}

/// Stage one at node `tau`: the answer to every offer r, and the veto players' consent. Offer nodes
/// (whose rejection value is the offer stage) must be answered before answer nodes (whose rejection
/// leads to the next offer node).
fn answer(g: &GameIn, w: &mut Work, p: &[f64], tau: usize, cap: f64) {
    let nact = g.nact;
    let k = party(tau);
    let pty = &g.parties[k];
    let m = pty.lead;
    for r in 0..g.n {
        for ai in 0..w.who.len() {
            let a = w.who[ai];
            let v = if tau % 2 == 0 {
                p[(tau / 2) * nact + a]
            } else {
                carry(g, w, p, tau, r, a)
            };
            w.nodes[tau].reject_mut()[r * nact + a] = v;
        }
        let node = &mut w.nodes[tau];
        let mut ok = 1.0;
        for (vi, (v, play)) in g.vetoes.iter().enumerate() {
            let gain = g.x[r * nact + v] - node.reject()[r * nact + v];
            let allow = match play {
                Play::Random => 0.5,
                Play::Rule { .. } => f64::from(u8::from(gain >= 0.0)),
                _ => precision(play, cap).map_or(1.0, |l| math::logistic(l * gain)),
            };
            node.veto_allow_mut(vi)[r] = allow;
            ok *= allow;
        }
        node.allow_mut()[r] = ok;
        let rej = node.reject()[r * nact + m];
        // Options: accept, reject, walk (NaN when unavailable).
        let acc = if pty.forbidden[r] {
            f64::NAN
        } else {
            ok * g.x[r * nact + m] + (1.0 - ok) * rej
        };
        let walk = pty.walk.as_ref().map_or(f64::NAN, |v| v[m]);
        let eu = [acc, rej, walk];
        let mut pr = [0.0; 3];
        match &pty.play {
            Play::Random => uniform(&eu, &mut pr),
            Play::Rule { accept, .. } => {
                pr[0] = f64::from(u8::from(accept[tau][r] && !acc.is_nan()));
                pr[1] = 1.0 - pr[0];
            }
            play => logit(&eu, precision(play, cap).unwrap_or(0.0), &mut pr),
        }
        node.accept_mut()[r] = pr[0];
        node.walk_mut()[r] = pr[2];
    }
}

/// Actor a's value of the answer node after offer node `tau` facing q.
fn answered(g: &GameIn, w: &Work, tau: usize, q: usize, a: usize) -> f64 {
    let nact = g.nact;
    let nx = &w.nodes[tau + 1];
    let walk_v = g.parties[nx.party].walk.as_ref().map_or(0.0, |v| v[a]);
    let settle = nx.accept()[q] * nx.allow()[q];
    settle * g.x[q * nact + a]
        + nx.walk()[q] * walk_v
        + (1.0 - settle - nx.walk()[q]) * nx.reject()[q * nact + a]
}

/// Stage two at offer node `tau`: the mover's offer.
fn offer(g: &GameIn, w: &mut Work, tau: usize, cap: f64) {
    let pty = &g.parties[party(tau)];
    let m = pty.lead;
    for q in 0..g.n {
        w.eu[q] = if pty.forbidden[q] {
            f64::NAN
        } else {
            answered(g, w, tau, q, m)
        };
    }
    let (eu, pr) = (&w.eu[..g.n], &mut w.pr[..g.n]);
    match &pty.play {
        Play::Random => uniform(eu, pr),
        Play::Rule { offer, .. } => {
            pr.fill(0.0);
            pr[offer[tau]] = 1.0;
        }
        play => logit(eu, precision(play, cap).unwrap_or(0.0), pr),
    }
    let node = &mut w.nodes[tau];
    node.offer_mut().copy_from_slice(pr);
    node.next_mut().copy_from_slice(eu);
}

/// The offer-stage values implied by the current policies. With a(q) and b(q) the settling (and
/// walking) and the going-on weights of an answer node, P0 = A0 + B0·P2 and P2 = A2 + B2·P0 for
/// every actor: the answer node after an offer leads, on rejection, to the other party's offer node
/// next turn, facing the same offer.
fn stage_values(g: &GameIn, w: &Work, out: &mut [f64]) {
    let nact = g.nact;
    for &a in &w.who {
        let k = g.delta[a] * (1.0 - g.exit_p);
        let mut ab = [(0.0, 0.0); 2];
        for (h, item) in ab.iter_mut().enumerate() {
            let tau = 2 * h;
            let (ans, nxt) = (&w.nodes[tau + 1], &w.nodes[(tau + 2) % 4]);
            let walk_a = g.parties[ans.party].walk.as_ref().map_or(0.0, |v| v[a]);
            let walk_n = g.parties[nxt.party].walk.as_ref().map_or(0.0, |v| v[a]);
            let (mut aa, mut bb) = (0.0, 0.0);
            for (q, &pq) in w.nodes[tau].offer().iter().enumerate() {
                if pq == 0.0 {
                    continue;
                }
                let x = g.x[q * nact + a];
                let s1 = ans.accept()[q] * ans.allow()[q];
                let b1 = 1.0 - s1 - ans.walk()[q];
                let s2 = nxt.accept()[q] * nxt.allow()[q];
                let b2 = 1.0 - s2 - nxt.walk()[q];
                let a2 = s2 * x + nxt.walk()[q] * walk_n;
                aa += pq
                    * (s1 * x
                        + ans.walk()[q] * walk_a
                        + b1 * (g.flow[a] + g.delta[a] * g.exit_p * g.exit_v[a] + k * a2));
                bb += pq * b1 * k * b2;
            }
            *item = (aa, bb);
        }
        let [(a0, b0), (a2, b2)] = ab;
        let den = 1.0 - b0 * b2;
        let p0 = if den > 1e-300 {
            (a0 + b0 * a2) / den
        } else {
            a0 + b0 * a2
        };
        out[a] = p0;
        out[nact + a] = a2 + b2 * p0;
    }
}

/// Summarises the solved policies: per-turn hazards and the expected settlement.
fn finish(g: &GameIn, w: Work, p: Vec<f64>, converged: bool) -> Game {
    let nact = g.nact;
    let n = g.n;
    let mut weights = vec![0.0; n];
    let mut walk_w = [0.0; 2];
    let mut settle_e = [0.0; 2];
    let mut walk_e = [0.0; 2];
    for e in 0..2 {
        // Turn of parity e: the proposer faces the other party's offer from the previous turn.
        let (first, second, prev) = (2 * e, 2 * e + 1, 2 * (1 - e));
        let (mut s1, mut w1) = (0.0, 0.0);
        for (r, wt) in weights.iter_mut().enumerate() {
            let f = w.nodes[prev].offer()[r];
            let s = f * w.nodes[first].accept()[r] * w.nodes[first].allow()[r];
            s1 += s;
            *wt += s;
            w1 += f * w.nodes[first].walk()[r];
        }
        let go = (1.0 - s1 - w1).max(0.0);
        let (mut s2, mut w2) = (0.0, 0.0);
        for (q, wt) in weights.iter_mut().enumerate() {
            let f = w.nodes[first].offer()[q];
            let s = f * w.nodes[second].accept()[q] * w.nodes[second].allow()[q];
            s2 += s;
            *wt += go * s;
            w2 += f * w.nodes[second].walk()[q];
        }
        settle_e[e] = s1 + go * s2;
        walk_e[e] = w1 + go * w2;
        walk_w[w.nodes[first].party] += w1;
        walk_w[w.nodes[second].party] += go * w2;
    }
    let stay = ((1.0 - settle_e[0] - walk_e[0]) * (1.0 - settle_e[1] - walk_e[1])).max(0.0);
    let exit = 1.0 - stay.sqrt();
    let (st, wt) = (settle_e[0] + settle_e[1], walk_e[0] + walk_e[1]);
    let (hazard, walk_hazard) = if st + wt > 0.0 {
        (exit * st / (st + wt), exit * wt / (st + wt))
    } else {
        (0.0, 0.0)
    };
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        weights.iter_mut().for_each(|x| *x /= total);
    }
    let wsum = walk_w[0] + walk_w[1];
    let walk_value = (0..nact)
        .map(|a| {
            (0..2)
                .filter_map(|k| {
                    let v = g.parties[k].walk.as_ref()?;
                    Some(if wsum > 0.0 { walk_w[k] / wsum } else { 0.5 } * v[a])
                })
                .sum()
        })
        .collect();
    Game {
        nodes: w.nodes,
        stage: p,
        hazard,
        walk_hazard,
        settle_weights: weights,
        walk_value,
        converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pie of size 1 on a grid of `n` positions: party 0 (actor 0) gets x, party 1 (actor 1)
    /// gets 1 − x; no flows, discount δ for both.
    fn pie(n: usize, delta: f64, lambda: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<bool>, f64) {
        let mut x = vec![0.0; 2 * n];
        for q in 0..n {
            let v = q as f64 / (n - 1) as f64;
            x[2 * q] = v;
            x[2 * q + 1] = 1.0 - v;
        }
        (x, vec![0.0; 2], vec![delta; 2], vec![false; n], lambda)
    }

    fn game<'a>(
        x: &'a [f64],
        flow: &'a [f64],
        delta: &'a [f64],
        forb: &'a [bool],
        lambda: f64,
        exit_p: f64,
        exit_v: &'a [f64],
    ) -> GameIn<'a> {
        GameIn {
            n: forb.len(),
            nact: 2,
            x,
            flow,
            delta,
            exit_p,
            exit_v,
            parties: [
                PartyIn {
                    lead: 0,
                    play: Play::Logit(lambda),
                    forbidden: forb,
                    walk: None,
                },
                PartyIn {
                    lead: 1,
                    play: Play::Logit(lambda),
                    forbidden: forb,
                    walk: None,
                },
            ],
            vetoes: Vec::new(),
        }
    }

    /// The expected share of party 0 when it proposes first (node 0 offer, accepted at node 1).
    fn first_offer(gm: &Game, n: usize) -> f64 {
        (0..n)
            .map(|q| gm.nodes[0].offer()[q] * q as f64 / (n - 1) as f64)
            .sum()
    }

    #[test]
    fn high_precision_play_gives_the_rubinstein_split() {
        for &d in &[0.5, 0.8, 0.9] {
            let (x, f, dl, fb, l) = pie(1001, d, 1e7);
            let gm = solve(&game(&x, &f, &dl, &fb, l, 0.0, &[0.0, 0.0]), None);
            let share = first_offer(&gm, 1001);
            let theory = 1.0 / (1.0 + d);
            assert!(
                (share - theory).abs() < 0.01 * theory,
                "δ {d}: {share} vs {theory}"
            );
            // The offer is accepted at once.
            let acc: f64 = (0..1001)
                .map(|q| gm.nodes[0].offer()[q] * gm.nodes[1].accept()[q])
                .sum();
            assert!(acc > 0.99, "δ {d}: accepted with {acc}");
        }
    }

    #[test]
    fn a_risk_of_breakdown_acts_like_discounting() {
        // Binmore, Rubinstein & Wolinsky (1986): with δ → 1 and a breakdown probability p per
        // round worth 0 to both, the first proposer gets 1 / (2 − p).
        for &pb in &[0.3, 0.1] {
            let (x, f, dl, fb, l) = pie(1001, 1.0 - 1e-9, 1e7);
            let gm = solve(&game(&x, &f, &dl, &fb, l, pb, &[0.0, 0.0]), None);
            let share = first_offer(&gm, 1001);
            let theory = 1.0 / (2.0 - pb);
            assert!(
                (share - theory).abs() < 0.01 * theory,
                "p {pb}: {share} vs {theory}"
            );
        }
    }

    #[test]
    fn low_precision_play_is_uniform() {
        let (x, f, dl, fb, _) = pie(5, 0.9, 0.0);
        let gm = solve(&game(&x, &f, &dl, &fb, 0.0, 0.0, &[0.0, 0.0]), None);
        for node in &gm.nodes {
            for q in 0..5 {
                if node.offers {
                    assert!((node.offer()[q] - 0.2).abs() < 1e-12);
                }
                assert!((node.accept()[q] - 0.5).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn a_veto_player_that_prefers_no_deal_blocks() {
        let (x0, f, dl, fb, l) = pie(11, 0.9, 50.0);
        // A third actor who loses 1 from any settlement and gains nothing from waiting.
        let mut x = Vec::new();
        for q in 0..11 {
            x.extend([x0[2 * q], x0[2 * q + 1], -1.0]);
        }
        let flow = [f[0], f[1], 0.0];
        let delta = [dl[0], dl[1], 0.9];
        let mut g = game(&x, &flow, &delta, &fb, l, 0.0, &[0.0, 0.0, 0.0]);
        g.nact = 3;
        g.vetoes = vec![(2, Play::Logit(50.0))];
        let gm = solve(&g, None);
        assert!(gm.hazard < 1e-6, "hazard {}", gm.hazard);
    }
}
