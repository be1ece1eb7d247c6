//! Package-level aspiration: NegMAS's `AspirationNegotiator` (Y. Mohammad, NegMAS 0.16,
//! `gb/negotiators/timebased.py`), a time-dependent concession over whole packages.
//!
//! Where the issue-by-issue [`super::time_dependent`] strategy concedes on every issue in step, this
//! one concedes on the *package*: the positions it takes on every open issue of an agreement it
//! negotiates, worth the sum of their utilities (the agreement's terms). It can therefore trade an
//! issue it cares little about for one it cares much about, as NegMAS's negotiator does over its
//! whole outcome space. The rule, read from NegMAS 0.16.0 (`benches/peers/README.md` has the file
//! by file account):
//!
//! - **Relative time** τ = (t + 1) / (T + 1) at turn t of a T-turn horizon (NegMAS's
//!   `Mechanism._relative_time_for` with `n_steps = T`): it never reaches 1.
//! - **Aspiration** a(τ) = 1 − τ^(1/β) (`PolyAspiration`: exponent e = 1/β; NegMAS's `boulware`
//!   is e = 4, β = 1/4; `linear` e = 1; `conceder` e = 1/4).
//! - **Level**: with u_min the least a package is worth (or the reservation, if higher), u_max the
//!   most, and r = u_max − u_min, the lowest utility acceptable now is
//!   ℓ = clamp(r·a(τ) + u_min − tolerance·r, u_min, u_max) (`scale_utilities`; NegMAS's tolerance
//!   is in utility units on a [0, 1] utility, here a share of r, the same there).
//! - **Acceptance**: the other side's standing package if it is worth at least ℓ.
//! - **Offer**: the package worth the least at or above ℓ (`worst_in`), or the one just below ℓ if
//!   it is within 10⁻⁶ and strictly nearer; the lowest positions on ties ([`super::package`]).
//!
//! The reservation is what the terms of no agreement are worth: nothing. Packages worth less than
//! that (less than 0 in all, with the terms of the agreement's issues already settled) are neither
//! offered nor accepted (NegMAS's `rational_only` inverter with reserved value 0); if no package is
//! worth that much, the actor offers its best package and accepts none.

use super::package::Space;
use super::{EPS, IssueView, cheapest_at_least};
use crate::scenario::Pos;

/// NegMAS's default tolerance (`AspirationNegotiator(tolerance=0.001)`).
pub const DEFAULT_TOLERANCE: f64 = 0.001;

/// Relative time τ = (t + 1) / (T + 1) (NegMAS's convention; it never reaches 1).
pub fn relative_time(turn: u32, horizon: u32) -> f64 {
    (f64::from(turn) + 1.0) / (f64::from(horizon) + 1.0)
}

/// The aspiration a(τ) = 1 − τ^(1/β) at turn `turn` of a `horizon`-turn horizon.
pub fn aspiration(turn: u32, horizon: u32, beta: f64) -> f64 {
    1.0 - crate::math::pow(relative_time(turn, horizon), 1.0 / beta)
}

/// The least and the most a package worth at least `floor` can be worth: u_min = max(least,
/// floor) and u_max (NegMAS's `minmax` with the reserved value). `None` if the space is empty.
pub fn bounds(space: &Space, floor: f64) -> Option<(f64, f64)> {
    let (lo, hi) = space.extremes()?;
    Some((lo.max(floor), hi))
}

/// The lowest utility acceptable at aspiration `a`: ℓ = clamp(r·a + u_min − tolerance·r, u_min,
/// u_max) with r = u_max − u_min. With u_min > u_max (no package worth the reservation) it is u_min:
/// nothing is acceptable.
pub fn level(umin: f64, umax: f64, a: f64, tolerance: f64) -> f64 {
    let r = umax - umin;
    let lo = r * a + umin - tolerance * r;
    umin.max(umax.min(lo))
}

/// A package player's schedule, turn by turn, from turn 0 to the end of the horizon: the lowest
/// utility it accepts and the package (code) it offers. Its offers depend on its own aspiration and
/// utilities alone (NegMAS's negotiator ignores the other side), so a schedule can be made once and
/// read by every run; only sorted spaces have codes for every package ([`Space::offer_code`]).
#[derive(Clone, Debug)]
pub struct Plan {
    /// The lowest acceptable utility at each turn.
    pub level: Vec<f64>,
    /// The code of the package offered at each turn.
    pub offer: Vec<u64>,
}

impl Plan {
    /// The schedule over `space` with exponent β, tolerance and reservation `floor`; `None` if the
    /// space is not sorted or empty.
    pub fn new(space: &Space, horizon: u32, beta: f64, tolerance: f64, floor: f64) -> Option<Plan> {
        let (umin, umax) = bounds(space, floor)?;
        let mut plan = Plan {
            level: Vec::with_capacity(horizon as usize),
            offer: Vec::with_capacity(horizon as usize),
        };
        for t in 0..horizon {
            let l = level(umin, umax, aspiration(t, horizon, beta), tolerance);
            plan.offer.push(space.offer_code(l, floor)?);
            plan.level.push(l);
        }
        Some(plan)
    }
}

/// The same rule on one issue, for the solved game, which models every rule-based lead issue by
/// issue (`docs/model.md`, "Rule-based opponents"): accept the standing offer if it is worth at least
/// the level on the issue's normalised scale (a(τ) less the tolerance), else offer the position worth
/// the least at or above it. The engine itself moves a package player on whole packages.
pub fn decide(view: &IssueView, beta: f64, tolerance: f64) -> Pos {
    let level = level(
        0.0,
        1.0,
        aspiration(view.turn, view.horizon, beta),
        tolerance,
    );
    let (own, other) = (view.own_utility, view.other_utility);
    if let Some(o) = view.offer() {
        if view.allowed(o) && own[o] >= level - EPS {
            return o;
        }
    }
    cheapest_at_least(view, own, other, level).unwrap_or(view.position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aspiration_is_negmas_boulware_curve() {
        // NegMAS: t = (step + 1) / (n_steps + 1); a = 1 − t⁴ for `boulware`.
        assert_eq!(relative_time(0, 100), 1.0 / 101.0);
        assert_eq!(relative_time(99, 100), 100.0 / 101.0);
        let t: f64 = 82.0 / 101.0;
        assert!((aspiration(81, 100, 0.25) - (1.0 - t * t * t * t)).abs() < 1e-15);
        // Linear and Conceder.
        assert!((aspiration(49, 99, 1.0) - 0.5).abs() < 1e-15);
        assert!(aspiration(10, 100, 4.0) < aspiration(10, 100, 1.0));
        // NegMAS at the acceptance: a(82/101) − 0.001 = 0.564520 on a [0, 1] utility.
        let l = level(0.0, 1.0, aspiration(81, 100, 0.25), DEFAULT_TOLERANCE);
        assert!((l - 0.564520).abs() < 5e-7, "{l}");
    }

    #[test]
    fn the_level_is_scaled_to_the_packages_and_clamped() {
        // On [2, 4] the level is 2 + 2·a − 2·tolerance.
        assert_eq!(level(2.0, 4.0, 0.5, 0.0), 3.0);
        assert!((level(2.0, 4.0, 0.5, 0.01) - 2.98).abs() < 1e-12);
        assert_eq!(level(2.0, 4.0, 0.0, 0.01), 2.0);
        // A reservation above every package: nothing is acceptable.
        assert_eq!(level(5.0, 4.0, 0.3, 0.001), 5.0);
    }

    #[test]
    fn a_plan_concedes_package_by_package_and_never_below_the_reservation() {
        // Two issues: A values issue 0 at 0.7 and issue 1 at 0.3 (positions 0..=2 worth 0, ½, 1).
        let tables = vec![vec![0.0, 0.35, 0.7], vec![0.0, 0.15, 0.3]];
        let space = Space::new(tables, vec![vec![true; 3]; 2]);
        let plan = Plan::new(&space, 20, 1.0, 0.0, 0.2).unwrap();
        let mut out = [0; 2];
        let mut last = f64::INFINITY;
        for t in 0..20 {
            space.decode(plan.offer[t], &mut out);
            let u = space.utility(&out).unwrap();
            assert!(u >= plan.level[t] - 1e-6 && u <= last, "turn {t}: {u}");
            assert!(u >= 0.2 - 1e-12, "below the reservation at turn {t}");
            last = u;
        }
        // It gives up issue 1 (worth little to it) before issue 0.
        space.decode(plan.offer[8], &mut out);
        assert_eq!(out, [2, 0], "{:?}", plan.level);
    }
}
