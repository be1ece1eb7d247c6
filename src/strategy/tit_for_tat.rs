//! Behaviour-dependent imitation: the tit-for-tat tactics of Faratin, Sierra & Jennings (1998),
//! "Negotiation decision functions for autonomous agents", *Robotics and Autonomous Systems*
//! 24(3–4), §4.2.3, with a window of one exchange (δ = 1 in their notation).
//!
//! The agent reproduces the concession the other side made since the agent's previous move:
//!
//! - **relative** (their "relative tit-for-tat"): the same *proportion*. If the other side's offer
//!   went from worth v_before to v_now to the other side itself, the agent's own level goes from
//!   u_cur to u_cur · v_now / v_before;
//! - **absolute** (their "random absolute tit-for-tat" with no noise, R(M) = 0): the same *amount*:
//!   u_cur − (v_before − v_now).
//!
//! Faratin et al. state the rule on issue values; here it is stated on each side's normalised utility
//! of the issue (0 at its worst settlement, 1 at its best, see [`super::normalise`]), which is the
//! same on a linear issue and keeps the rule meaningful on discrete ones. A retraction is mirrored
//! too (the level rises, up to 1). The agent accepts the standing offer when it is worth at least the
//! level it would offer; otherwise it offers the position worth the least to it at or above that
//! level. Tit-for-tat never concedes first: two tit-for-tat agents facing each other stall to the
//! deadline, as the literature expects of pure imitation.

use super::{EPS, IssueView, cheapest_at_least};
use crate::scenario::Pos;

/// The own utility level tit-for-tat moves to, on the normalised scale.
pub fn level(current: f64, other_before: f64, other_now: f64, relative: bool) -> f64 {
    let l = if relative {
        if other_before > EPS {
            current * other_now / other_before
        } else {
            current
        }
    } else {
        current - (other_before - other_now)
    };
    l.clamp(0.0, 1.0)
}

/// The position to take.
pub fn decide(view: &IssueView, relative: bool) -> Pos {
    let (Some(&now), Some(&before)) = (view.others.first(), view.others_before.first()) else {
        return view.position;
    };
    let (own, other) = (view.own_utility, view.other_utility);
    let lvl = level(own[view.position], other[before], other[now], relative);
    if let Some(o) = view.offer() {
        if view.allowed(o) && own[o] >= lvl - EPS {
            return o;
        }
    }
    if (lvl - own[view.position]).abs() <= EPS {
        // Nothing to mirror: hold the current position (not merely one worth the same).
        return view.position;
    }
    cheapest_at_least(view, own, other, lvl).unwrap_or(view.position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(
        own: &'a [f64],
        other: &'a [f64],
        position: u32,
        now: &'a [Pos],
        before: &'a [Pos],
    ) -> IssueView<'a> {
        IssueView {
            turn: 3,
            horizon: 100,
            position: Pos::from(position),
            opening: Pos::new(0),
            others: now,
            others_before: before,
            own_utility: own,
            other_utility: other,
            own_surplus: own,
            other_surplus: other,
            own_outside: None,
            other_outside: None,
            breakdown: 0.0,
            forbidden: &[false; 101],
            discount: 0.99,
            other_discount: 0.99,
            moves_first: false,
            aspiration: None,
        }
    }

    #[test]
    fn mirrors_the_other_sides_concession() {
        // A pie on 101 positions: own utility falls with the position, the other's rises.
        let own: Vec<f64> = (0..=100).map(|p| 1.0 - p as f64 / 100.0).collect();
        let other: Vec<f64> = own.iter().map(|u| 1.0 - u).collect();
        // The move from `position` when the other side offers `now` after `before`.
        let mirror = |position: u32, now: u32, before: u32, relative: bool| {
            let (now, before) = ([Pos::new(now as usize)], [Pos::new(before as usize)]);
            decide(&view(&own, &other, position, &now, &before), relative).get()
        };
        // The other side went from 100 (worth 1 to it) to 90 (0.9): absolute TFT gives up 0.1 too,
        // moving from 0 to 10.
        assert_eq!(mirror(0, 90, 100, false), 10);
        // Relative: the other kept 90 % of its utility; from 0.8 (position 20) we keep 90 %: 0.72.
        assert_eq!(mirror(20, 90, 100, true), 28);
        // No concession, no move.
        assert_eq!(mirror(20, 90, 90, false), 20);
        // A retraction is mirrored.
        assert_eq!(mirror(20, 95, 90, false), 15);
        // An offer worth at least the mirrored level is accepted.
        assert_eq!(mirror(40, 45, 50, false), 45);
    }
}
