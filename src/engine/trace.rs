//! The chronicle of one run: what happened each turn and why each actor chose as it did.
//!
//! Every decision is recorded with the options the actor weighed, the value of each in the
//! equilibrium it expects, the probability its strategy gave each, and an explanation in words that
//! names what drives it: the value of settling against the value of going on, the flows going on
//! brings (by the scenario's own labels), the other side's expected answer to an offer, the veto
//! players' expected consent.

use serde::Serialize;

use super::Simulation;
use super::solve::{IssueSolution, Node};
use crate::scenario::{ActorIx, IssueIx, PartyIx, Pos, Scenario};

/// How one option looked to the actor weighing it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Considered {
    /// The move, e.g. `accept voluntary`, `reject`, `offer nnrc`, `walk away`, `un_offensive`.
    pub option: String,
    /// Expected discounted utility of the move, in the equilibrium the actor expects.
    pub eu: f64,
    /// Probability the strategy gave it (offers: given that the issue did not settle).
    pub probability: f64,
    /// Expected turns until the issue settles, in that equilibrium (0 when it settles now).
    pub expected_turns: f64,
    /// The part of `eu` that the issue's own terms at that position make (their payoff, undiscounted);
    /// for actions, the gain the action brings through the world it makes.
    pub terms: f64,
    /// The rest of `eu`: flows, the other issues and agreements, anticipated events (for actions:
    /// minus the action's cost).
    pub flows: f64,
    /// For offers: the probability the other side accepts it at its next move (and no veto blocks).
    pub accept_probability: Option<f64>,
}

impl Considered {
    /// An option with its value and probability, the rest zero.
    pub fn plain(option: &str, eu: f64, probability: f64) -> Considered {
        Considered {
            option: option.to_string(),
            eu,
            probability,
            expected_turns: 0.0,
            terms: 0.0,
            flows: eu,
            accept_probability: None,
        }
    }
}

/// One line of the chronicle.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// An event fired.
    Event {
        /// Turn.
        turn: u32,
        /// Event id.
        id: String,
        /// Label.
        label: String,
        /// Effects, as text.
        effects: Vec<String>,
    },
    /// An actor decided.
    Decision {
        /// Turn.
        turn: u32,
        /// Actor id.
        actor: String,
        /// What about: an issue id, `actions`, or `veto on <issue>`.
        about: String,
        /// The options weighed.
        options: Vec<Considered>,
        /// Index of the chosen option.
        chosen: usize,
        /// Why, in words.
        why: String,
    },
    /// An action's effects were applied.
    Action {
        /// Turn.
        turn: u32,
        /// Actor id.
        actor: String,
        /// Action id.
        id: String,
        /// Whether its effects took hold (credibility draw).
        effective: bool,
        /// Effects, as text.
        effects: Vec<String>,
    },
    /// A settlement was vetoed.
    Veto {
        /// Turn.
        turn: u32,
        /// Issue id.
        issue: String,
        /// Option id that was blocked.
        option: String,
        /// Who vetoed.
        by: String,
    },
    /// An issue settled.
    Settled {
        /// Turn.
        turn: u32,
        /// Issue id.
        issue: String,
        /// Option id or value.
        option: String,
    },
    /// An agreement was reached.
    Agreement {
        /// Turn.
        turn: u32,
        /// Agreement id.
        id: String,
    },
    /// The run ended.
    End {
        /// Turn.
        turn: u32,
        /// Reason.
        reason: String,
    },
}

impl Entry {
    /// The turn of the entry.
    pub fn turn(&self) -> u32 {
        match self {
            Entry::Event { turn, .. }
            | Entry::Decision { turn, .. }
            | Entry::Action { turn, .. }
            | Entry::Veto { turn, .. }
            | Entry::Settled { turn, .. }
            | Entry::Agreement { turn, .. }
            | Entry::End { turn, .. } => *turn,
        }
    }
}

/// The flows an actor receives in the world as it is, largest first, by the scenario's labels:
/// "−0.100 a turn (Casualties and money while fighting)".
fn flows_in_words(sim: &Simulation, a: ActorIx) -> String {
    let s = &sim.m.scenario;
    let nd = s.dimensions.len();
    let env = sim.w.env();
    let mut items: Vec<(f64, &str)> = Vec::new();
    for (fi, f) in s.flows.iter().enumerate() {
        if !sim.w.flow_enabled[fi] || !f.when.as_ref().is_none_or(|c| c.holds(&env)) {
            continue;
        }
        let v = f.value.eval(&env);
        let mut mine = 0.0;
        if f.to.contains(&a) {
            mine += sim.w.weights[a.ix() * nd + f.dim] * v;
        }
        if let Some((p, pd)) = f.payer {
            if p == a {
                mine -= sim.w.weights[p.ix() * nd + pd] * v;
            }
        }
        if mine != 0.0 && mine.is_finite() {
            items.push((mine, f.label.as_str()));
        }
    }
    if items.is_empty() {
        return "no flows while it stays open".into();
    }
    items.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
    let total: f64 = items.iter().map(|x| x.0).sum();
    let named: Vec<String> = items
        .iter()
        .take(2)
        .map(|(v, l)| format!("{v:+.3} {l}"))
        .collect();
    let more = if items.len() > 2 { ", …" } else { "" };
    format!(
        "{total:+.3} a turn while it stays open: {}{more}",
        named.join("; ")
    )
}

impl Simulation<'_> {
    /// Records a policy move: the answer to the standing offer, then the offer made (two entries).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_move(
        &mut self,
        t: u32,
        i: IssueIx,
        k: PartyIx,
        node: &Node,
        next: Option<&Node>,
        isol: &IssueSolution,
        standing: Option<Pos>,
        answer: usize,
        offer: Option<Pos>,
    ) {
        let s = &self.m.scenario;
        let issue = &s.issues[i];
        let nact = s.actors.len();
        let m = issue.parties[k].lead;
        let turns = if isol.game.hazard > 0.0 {
            (1.0 / isol.game.hazard).min(1e6)
        } else {
            1e6
        };
        if let Some(r) = standing {
            let going_on = node.going_on(r.ix(), m.ix(), nact);
            let ok = node.allow()[r];
            let eu = ok * isol.x[r.ix() * nact + m.ix()] + (1.0 - ok) * going_on;
            let terms = isol.terms[r.ix() * nact + m.ix()];
            let mut options = vec![Considered {
                option: format!("accept {}", issue.positions[r]),
                eu,
                probability: node.accept()[r],
                expected_turns: 0.0,
                terms,
                flows: eu - terms,
                accept_probability: Some(ok),
            }];
            let mut rej = Considered::plain(
                "reject",
                going_on,
                (1.0 - node.accept()[r] - node.walk()[r]).max(0.0),
            );
            rej.expected_turns = turns;
            options.push(rej);
            if let Some(w) = isol.walk.get(k.ix()).and_then(Option::as_ref) {
                options.push(Considered::plain("walk away", w[m], node.walk()[r]));
            }
            let chosen = answer.min(options.len() - 1);
            let why = explain_answer(self, m, i, &options, chosen, r);
            self.push(Entry::Decision {
                turn: t,
                actor: s.actors[m].id.clone(),
                about: issue.id.clone(),
                options,
                chosen,
                why,
            });
        }
        let Some(q) = offer else { return };
        let mut options = Vec::new();
        let mut chosen = 0;
        for (p, &pr) in Pos::all(node.offer().len()).zip(node.offer()) {
            if pr < 1e-4 && p != q {
                continue;
            }
            let acc = next.map(|n| n.accept()[p] * n.allow()[p]);
            let terms = isol.terms[p.ix() * nact + m.ix()];
            options.push(Considered {
                option: format!("offer {}", issue.positions[p]),
                eu: node.next()[p],
                probability: pr,
                expected_turns: turns,
                terms,
                flows: node.next()[p] - terms,
                accept_probability: acc,
            });
            if p == q {
                chosen = options.len() - 1;
            }
        }
        // The offers left out each had a probability under 1e-4: renormalise what is shown.
        let total: f64 = options.iter().map(|o| o.probability).sum();
        if total > 0.0 {
            options.iter_mut().for_each(|o| o.probability /= total);
        }
        let why = explain_offer(self, m, i, &options, chosen);
        self.push(Entry::Decision {
            turn: t,
            actor: s.actors[m].id.clone(),
            about: format!("offer on {}", issue.id),
            options,
            chosen,
            why,
        });
    }

    /// Records a veto player's decision on a settlement at r.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_veto(
        &mut self,
        t: u32,
        i: IssueIx,
        v: ActorIx,
        r: Pos,
        allow: f64,
        blocks: bool,
        node: &Node,
    ) {
        let s = &self.m.scenario;
        let issue = &s.issues[i];
        let sol = self.solution();
        let nact = s.actors.len();
        let settle = sol.issues[i]
            .as_ref()
            .map_or(f64::NAN, |x| x.x[r.ix() * nact + v.ix()]);
        let going = node
            .reject()
            .get(r.ix() * nact + v.ix())
            .copied()
            .unwrap_or(f64::NAN);
        let options = vec![
            Considered::plain(&format!("allow {}", issue.positions[r]), settle, allow),
            Considered::plain("veto", going, 1.0 - allow),
        ];
        let why = format!(
            "{} {} the settlement at {} (p(allow) = {:.2}): it is worth {:.3} to {} against {:.3} for going on ({})",
            s.actors[v].id,
            if blocks { "blocked" } else { "allowed" },
            issue.positions[r],
            allow,
            settle,
            s.actors[v].id,
            going,
            flows_in_words(self, v)
        );
        self.push(Entry::Decision {
            turn: t,
            actor: s.actors[v].id.clone(),
            about: format!("veto on {}", issue.id),
            options,
            chosen: usize::from(blocks),
            why,
        });
    }
}

/// Explains an answer to a standing offer in words.
fn explain_answer(
    sim: &Simulation,
    m: ActorIx,
    i: IssueIx,
    opts: &[Considered],
    chosen: usize,
    r: Pos,
) -> String {
    let s = &sim.m.scenario;
    let verb = match opts[chosen].option.as_str() {
        o if o.starts_with("accept") => "accepted",
        "walk away" => "walked away from",
        _ => "rejected",
    };
    let mut out = format!(
        "{} {verb} the standing offer {} (p(accept) = {:.2}): settling there is worth {:.3} to it, going on {:.3} ({})",
        s.actors[m].id,
        s.issues[i].positions[r],
        opts[0].probability,
        opts[0].eu,
        opts[1].eu,
        flows_in_words(sim, m)
    );
    if let Some(p) = opts[0].accept_probability.filter(|&p| p < 1.0) {
        out.push_str(&format!(
            "; it expects the veto players to allow a settlement with p = {p:.2}"
        ));
    }
    if let Some(w) = opts.get(2) {
        out.push_str(&format!("; walking away is worth {:.3}", w.eu));
    }
    out.push('.');
    out
}

/// Explains an offer in words.
fn explain_offer(
    sim: &Simulation,
    m: ActorIx,
    i: IssueIx,
    opts: &[Considered],
    chosen: usize,
) -> String {
    let s = &sim.m.scenario;
    let c = &opts[chosen];
    let mut out = format!(
        "{} {} (p = {:.2}): it expects the other side to accept with p = {:.2}; worth {:.3} to it",
        s.actors[m].id,
        c.option.replacen("offer", "offered", 1),
        c.probability,
        c.accept_probability.unwrap_or(0.0),
        c.eu
    );
    let _ = i;
    let best = opts
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != chosen)
        .max_by(|a, b| a.1.eu.total_cmp(&b.1.eu));
    if let Some((_, b)) = best {
        out.push_str(&format!(" against {:.3} for {}", b.eu, b.option));
        if b.eu > c.eu {
            out.push_str(&format!(
                " (not the best offer: logit choice with λ = {} leaves room for error)",
                sim.w.lambda[m]
            ));
        }
    }
    out.push('.');
    out
}

/// Explains an action decision in words.
/// A rule-based strategy's move on an issue, for the chronicle.
pub(super) struct RuleMove<'a> {
    pub turn: u32,
    pub issue: IssueIx,
    pub party: PartyIx,
    /// Its position before the move, and after.
    pub from: Pos,
    pub to: Pos,
    /// The other side's standing offer, if any.
    pub target: Option<Pos>,
    /// The mover's normalised utility at its new position.
    pub own: f64,
    /// The other parties' positions.
    pub others: &'a [Pos],
}

/// The chronicle's entry for a rule-based move: what the strategy did and what it saw.
pub(super) fn rule_move_entry(s: &Scenario, mv: RuleMove<'_>) -> Entry {
    let issue = &s.issues[mv.issue];
    let lead = issue.parties[mv.party].lead;
    let name = s.actors[lead].strategy.name();
    let label = if mv.to == mv.from {
        "stall".to_string()
    } else if Some(mv.to) == mv.target {
        format!("accept {}", issue.positions[mv.to])
    } else {
        format!("offer {}", issue.positions[mv.to])
    };
    let why = format!(
        "{} follows its `{name}` strategy: {label} (own normalised utility {:.3} there; the other side offers {})",
        s.actors[lead].id,
        mv.own,
        mv.others
            .iter()
            .map(|&p| issue.positions[p].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut c = Considered::plain(&label, mv.own, 1.0);
    c.terms = mv.own;
    Entry::Decision {
        turn: mv.turn,
        actor: s.actors[lead].id.clone(),
        about: issue.id.clone(),
        options: vec![c],
        chosen: 0,
        why,
    }
}

pub(super) fn explain_action(
    s: &Scenario,
    a: ActorIx,
    opts: &[Considered],
    k: usize,
    lambda: f64,
) -> String {
    let c = &opts[k];
    let actor = &s.actors[a].id;
    let mut out = if k == 0 {
        format!(
            "{actor} took no action (p = {:.2}, value {:.3})",
            c.probability, c.eu
        )
    } else {
        format!(
            "{actor} chose {} (p = {:.2}): it changes the expected outcome by {:+.3} (the others' answers move with the world it makes), at a cost of {:.3}",
            c.option, c.probability, c.terms, -c.flows
        )
    };
    let best = opts
        .iter()
        .enumerate()
        .max_by(|x, y| x.1.eu.total_cmp(&y.1.eu))
        .map(|(j, _)| j)
        .unwrap_or(k);
    if best != k {
        out.push_str(&format!(
            "; {} was worth more ({:.3}): logit choice with λ = {lambda} leaves room for error",
            opts[best].option, opts[best].eu
        ));
    }
    out.push('.');
    out
}
