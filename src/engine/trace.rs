//! The chronicle of one run: what happened each turn and why each actor chose as it did.

use serde::Serialize;

/// How one option looked to the actor weighing it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Considered {
    /// The move, e.g. `stall`, `concede to voluntary`, `accept all_for_all`, `rhee_pow_release`.
    pub option: String,
    /// Expected discounted utility of the move.
    pub eu: f64,
    /// Probability the strategy gave it.
    pub probability: f64,
    /// Expected turns until the next agreement after this move.
    pub expected_turns: f64,
    /// Value of the terms (discounted) in the world after this move.
    pub terms: f64,
    /// Value of the per-turn flows (discounted) in the world after this move.
    pub flows: f64,
    /// For offers: the probability the other side accepts it.
    pub accept_probability: Option<f64>,
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
