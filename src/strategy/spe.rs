//! Subgame-perfect play of two-party alternating offers with discounting: Rubinstein (1982),
//! "Perfect Equilibrium in a Bargaining Model", *Econometrica* 50(1); the stationary characterisation
//! for general frontiers follows Binmore, Rubinstein & Wolinsky (1986), *RAND J. Econ.* 17(2), and
//! outside options Binmore, Shaked & Sutton (1989), *QJE* 104(4).
//!
//! Utilities are each side's **surplus over no deal**: the value of settling at a position less the
//! value of the issue never settling (the disagreement point: the flows of going on, the rest of the
//! talks, anticipated events; from the decision model, `docs/model.md`). Positions worth less than no
//! deal to a side are never offered or accepted by it. In the unique SPE each side i, when it
//! proposes, offers the other side j exactly what j gets by rejecting — the larger of j's outside
//! option w_j and the discounted value δ'_j·V_j of j's own proposal one turn later — and keeps the
//! rest; j accepts any offer worth at least that. δ' = δ·(1 − p) where p is the per-turn risk that the
//! run ends first (a breakdown worth no surplus acts like discounting). The proposers' values solve
//!
//!   V_i = max { u_i(p) : u_j(p) ≥ max(w_j, δ'_j·V_j) },   and symmetrically for j.
//!
//! On a pie of size 1 (u_1 = x, u_2 = 1 − x) this gives the first mover V_1 = (1 − δ_2)/(1 − δ_1δ_2),
//! 1/(1 + δ) when δ_1 = δ_2 = δ, with agreement at once; with breakdown risk p and δ → 1,
//! 1/(2 − p); an outside option w for the responder binds only when it exceeds δ/(1 + δ) (the
//! outside-option principle). The frontier between adjacent positions is interpolated linearly, so
//! the values are those of the continuous game and do not depend on the grid; only the offer is
//! rounded to the grid, in the responder's favour. The engine's turn is the bargaining period: a
//! rejected offer is answered by a counter-offer that the first side can accept at the next turn, one
//! discount later.

use super::{EPS, IssueView};
use crate::scenario::Pos;

/// `max { a(p) : b(p) ≥ c }` over the piecewise-linear frontier through the positions (in order).
/// `None` if no point reaches `c`.
fn best_given(a: &[f64], b: &[f64], c: f64, monotone: bool) -> Option<f64> {
    let n = a.len();
    if n == 0 {
        return None;
    }
    if monotone {
        // a rises and b falls with the position (after orienting): the answer is where b = c.
        if b[0] < c {
            return None;
        }
        if b[n - 1] >= c {
            return Some(a[n - 1]);
        }
        // Last index with b ≥ c (b is non-increasing).
        let (mut lo, mut hi) = (0, n - 1);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if b[mid] >= c {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Some(cross(a[lo], b[lo], a[hi], b[hi], c));
    }
    let mut best: Option<f64> = None;
    let mut take = |v: f64| best = Some(best.map_or(v, |b: f64| b.max(v)));
    for p in 0..n {
        if b[p] >= c {
            take(a[p]);
        }
        if p + 1 < n && (b[p] >= c) != (b[p + 1] >= c) {
            take(cross(a[p], b[p], a[p + 1], b[p + 1], c));
        }
    }
    best
}

/// a where the segment (a0, b0)–(a1, b1) has b = c.
fn cross(a0: f64, b0: f64, a1: f64, b1: f64, c: f64) -> f64 {
    if (b1 - b0).abs() < 1e-300 {
        return a0.max(a1);
    }
    let s = ((c - b0) / (b1 - b0)).clamp(0.0, 1.0);
    a0 + s * (a1 - a0)
}

/// What each side can secure outside the deal: its outside option's surplus (none: 0, no deal).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Outside {
    /// Own outside option.
    pub own: f64,
    /// The other side's.
    pub other: f64,
}

/// The stationary SPE values `(V_own, V_other)`: what each side gets when it proposes, with
/// effective discounts `d_own`, `d_other` (discount × survival) and outside options.
pub fn values(own: &[f64], other: &[f64], d_own: f64, d_other: f64, out: Outside) -> (f64, f64) {
    // Orient positions so that own utility rises, if the issue is monotone (the common case: a
    // line, a split, ordered options); then the frontier queries are binary searches.
    let rising = own.windows(2).all(|w| w[1] >= w[0]) && other.windows(2).all(|w| w[1] <= w[0]);
    let falling = own.windows(2).all(|w| w[1] <= w[0]) && other.windows(2).all(|w| w[1] >= w[0]);
    let (a, b): (Vec<f64>, Vec<f64>) = if falling && !rising {
        (
            own.iter().rev().copied().collect(),
            other.iter().rev().copied().collect(),
        )
    } else {
        (own.to_vec(), other.to_vec())
    };
    let monotone = rising || falling;
    // For the other side's queries the orientation is reversed.
    let (ra, rb): (Vec<f64>, Vec<f64>) = (
        b.iter().rev().copied().collect(),
        a.iter().rev().copied().collect(),
    );
    let w_own = out.own.max(0.0);
    let w_other = out.other.max(0.0);
    let v_other_given = |v_own: f64| {
        best_given(&ra, &rb, (d_own * v_own).max(w_own), monotone)
            .unwrap_or(0.0)
            .max(w_other)
    };
    let g = |v_own: f64| {
        best_given(
            &a,
            &b,
            (d_other * v_other_given(v_own)).max(w_other),
            monotone,
        )
        .unwrap_or(0.0)
        .max(w_own)
    };
    // g is non-decreasing with g(0) ≥ 0 and g(top) ≤ top: bisect for its fixed point (unique when
    // the frontier is strictly decreasing, where g is a contraction of modulus δ_own·δ_other).
    let top = a.iter().copied().fold(w_own, f64::max).max(0.0);
    let (mut lo, mut hi) = (0.0f64, top);
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if g(mid) >= mid {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let v_own = lo;
    (v_own, v_other_given(v_own))
}

/// The position to take.
pub fn decide(view: &IssueView) -> Pos {
    let (own, other) = (view.own_surplus, view.other_surplus);
    let keep = 1.0 - view.breakdown.clamp(0.0, 1.0);
    let (d_own, d_other) = (view.discount * keep, view.other_discount * keep);
    let out = Outside {
        own: view.own_outside.unwrap_or(0.0),
        other: view.other_outside.unwrap_or(0.0),
    };
    let (v_own, v_other) = values(own, other, d_own, d_other, out);
    // Accept a standing offer worth at least the alternative: as proposer, the value of proposing
    // now; as responder, the value of proposing next turn; and never less than the outside option.
    let walk_away = if view.moves_first {
        v_own
    } else {
        d_own * v_own
    }
    .max(out.own);
    if let Some(o) = view.offer() {
        if view.allowed(o) && own[o] >= walk_away - EPS && own[o] >= -EPS {
            return o;
        }
    }
    // Propose: the best position for us among those giving the other side what it can get by
    // rejecting (its continuation or its outside option).
    let need = (d_other * v_other).max(out.other);
    let mut best: Option<Pos> = None;
    for p in Pos::all(own.len()) {
        if !view.allowed(p) || other[p] < need - EPS || own[p] < -EPS {
            continue;
        }
        best = match best {
            Some(b) if own[b] > own[p] || (own[b] == own[p] && other[b] >= other[p]) => Some(b),
            _ => Some(p),
        };
    }
    best.unwrap_or(view.position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pie(n: usize) -> (Vec<f64>, Vec<f64>) {
        let x: Vec<f64> = (0..n).map(|p| p as f64 / (n - 1) as f64).collect();
        let y = x.iter().map(|v| 1.0 - v).collect();
        (x, y)
    }

    #[test]
    fn values_match_rubinstein_on_a_pie() {
        let (x, y) = pie(11);
        for (d1, d2) in [(0.9, 0.9), (0.8, 0.6), (0.5, 0.95), (0.99, 0.3)] {
            let (v1, v2) = values(&x, &y, d1, d2, Outside::default());
            assert!(
                (v1 - (1.0 - d2) / (1.0 - d1 * d2)).abs() < 1e-9,
                "{d1} {d2}: {v1}"
            );
            assert!(
                (v2 - (1.0 - d1) / (1.0 - d1 * d2)).abs() < 1e-9,
                "{d1} {d2}: {v2}"
            );
            // The same, with the issue the other way round and through the general (non-monotone)
            // search.
            let (v1r, _) = values(&y, &x, d1, d2, Outside::default());
            assert!((v1r - v1).abs() < 1e-9);
        }
        // A frontier that is not monotone in the position (a bump) uses the general search.
        let a = [0.0, 1.0, 0.5];
        let b = [1.0, 0.0, 0.5];
        let (v1, v2) = values(&a, &b, 0.9, 0.9, Outside::default());
        assert!(v1 > 0.0 && v2 > 0.0 && v1 <= 1.0 && v2 <= 1.0);
    }

    #[test]
    fn proposer_offers_the_continuation_value_and_responder_accepts_it() {
        let (x, y) = pie(101);
        let forbidden = [false; 101];
        let (p52, p54) = ([Pos::new(52)], [Pos::new(54)]);
        let mut v = IssueView {
            turn: 0,
            horizon: 10,
            position: Pos::new(100),
            opening: Pos::new(100),
            others: &[Pos::new(0)],
            others_before: &[Pos::new(0)],
            own_utility: &x,
            other_utility: &y,
            own_surplus: &x,
            other_surplus: &y,
            own_outside: None,
            other_outside: None,
            breakdown: 0.0,
            forbidden: &forbidden,
            discount: 0.9,
            other_discount: 0.9,
            moves_first: true,
            aspiration: None,
        };
        // 1/(1 + 0.9) = 0.526…: the proposer keeps 0.52 (the grid point that leaves the responder
        // at least 0.9 · 0.526 = 0.474).
        assert_eq!(decide(&v).get(), 52);
        // The responder (with x its own utility reversed) accepts 0.48 for itself, rejects 0.46.
        v.own_utility = &y;
        v.other_utility = &x;
        v.own_surplus = &y;
        v.other_surplus = &x;
        v.moves_first = false;
        v.position = Pos::new(0);
        v.others = &p52;
        assert_eq!(decide(&v).get(), 52);
        v.others = &p54;
        assert_ne!(decide(&v).get(), 54);
    }
}
