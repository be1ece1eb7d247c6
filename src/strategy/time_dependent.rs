//! Time-dependent concession: Faratin, Sierra & Jennings (1998), "Negotiation decision functions for
//! autonomous agents", *Robotics and Autonomous Systems* 24(3–4), §4.2.1 (polynomial family).
//!
//! The agent concedes with the time left, whatever the other side does. With relative time
//! τ = min(1, t / (T − 1)) (turn t of a horizon of T turns, so the last turn has τ = 1), Faratin et
//! al.'s α(τ) = κ + (1 − κ)·τ^(1/β) with κ = 0 gives the target utility
//!
//!   u*(τ) = 1 − τ^(1/β)
//!
//! on the issue's normalised scale (0 at the actor's worst settlement, 1 at its best; see
//! [`super::normalise`]). β < 1 is Boulware (holds firm, concedes near the deadline), β = 1 linear,
//! β > 1 Conceder. At its turn the agent accepts the standing offer if it is worth at least u*(τ)
//! (Faratin et al.'s acceptance rule: accept when the offer beats the counter-offer one would make);
//! otherwise it offers the position worth the least to it among those worth at least u*(τ), the one
//! best for the other side on ties — the same choice as NegMAS's `AspirationNegotiator`
//! (non-stochastic), whose `boulware` aspiration 1 − t⁴ is β = 1/4 here.
//!
//! Each issue is negotiated separately by the engine, so on a multi-issue agenda the agent concedes
//! on every issue in step, each on its own scale; with additive utilities the package it offers is
//! then worth u*(τ) in total as well (up to each issue's grid).

use super::{IssueView, cheapest_at_least};
use crate::scenario::Pos;

/// Relative time τ in [0, 1]: 0 at the first turn, 1 at the last turn of the horizon.
pub fn relative_time(turn: u32, horizon: u32) -> f64 {
    if horizon <= 1 {
        return 1.0;
    }
    (turn as f64 / (horizon - 1) as f64).min(1.0)
}

/// The target utility u*(τ) = 1 − τ^(1/β) on the normalised scale.
pub fn target(turn: u32, horizon: u32, beta: f64) -> f64 {
    1.0 - crate::math::pow(relative_time(turn, horizon), 1.0 / beta)
}

/// The position to take.
pub fn decide(view: &IssueView, beta: f64) -> Pos {
    let (own, other) = (view.own_utility, view.other_utility);
    let level = view
        .aspiration
        .unwrap_or_else(|| target(view.turn, view.horizon, beta));
    if let Some(o) = view.offer() {
        if view.allowed(o) && own[o] >= level - super::EPS {
            return o;
        }
    }
    cheapest_at_least(view, own, other, level).unwrap_or(view.position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(turn: u32, own: &'a [f64], other: &'a [f64], offer: &'a [Pos]) -> IssueView<'a> {
        IssueView {
            turn,
            horizon: 11,
            position: Pos::new(10),
            opening: Pos::new(10),
            others: offer,
            others_before: offer,
            own_utility: own,
            other_utility: other,
            own_surplus: own,
            other_surplus: other,
            own_outside: None,
            other_outside: None,
            breakdown: 0.0,
            forbidden: &[false; 11],
            discount: 0.99,
            other_discount: 0.99,
            moves_first: true,
            aspiration: None,
        }
    }

    #[test]
    fn concession_follows_the_polynomial() {
        // Linear: target 1 − t/10 on a pie of 11 positions.
        let own: Vec<f64> = (0..11).map(|p| p as f64 / 10.0).collect();
        let other: Vec<f64> = own.iter().map(|u| 1.0 - u).collect();
        for t in 0..11 {
            // The other side's standing offer (0) is worth 0: acceptable only at the deadline.
            let q = decide(&view(t, &own, &other, &[Pos::new(0)]), 1.0);
            assert_eq!(q.get(), if t == 10 { 0 } else { 10 - t }, "turn {t}");
        }
        // Boulware holds longer than linear, which holds longer than Conceder.
        let b = target(5, 11, 0.25);
        let l = target(5, 11, 1.0);
        let c = target(5, 11, 4.0);
        assert!(b > l && l > c, "{b} {l} {c}");
        assert!((b - (1.0 - crate::math::powi(0.5, 4))).abs() < 1e-12);
    }

    #[test]
    fn accepts_an_offer_worth_the_target() {
        let own: Vec<f64> = (0..11).map(|p| p as f64 / 10.0).collect();
        let other: Vec<f64> = own.iter().map(|u| 1.0 - u).collect();
        // At τ = 0.4 the linear target is 0.6: an offer of 6 is accepted, 5 is not.
        assert_eq!(decide(&view(4, &own, &other, &[Pos::new(6)]), 1.0).get(), 6);
        assert_eq!(decide(&view(4, &own, &other, &[Pos::new(5)]), 1.0).get(), 6);
    }
}
