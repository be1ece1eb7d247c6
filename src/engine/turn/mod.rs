//! The phases of a turn, in the order [`super::Simulation::step`] plays them: events and state
//! dynamics (`events.rs`), actions outside the talks (`actions.rs`), negotiation (`negotiate.rs`).

mod actions;
mod events;
mod negotiate;

pub(super) use actions::Choosing;
pub(super) use negotiate::answer_node;
