//! Logit (quantal response) choice: McKelvey & Palfrey (1995), "Quantal Response Equilibria for Normal
//! Form Games", *Games and Economic Behavior* 10(1).
//!
//! P(move i) = exp(λ·EU_i) / Σ_j exp(λ·EU_j). λ = 0 is uniform choice; λ → ∞ is best response. The
//! maximum is subtracted before exponentiating so large λ·EU cannot overflow.

/// Fills `probs` with logit choice probabilities for expected utilities `eu` at precision `lambda`.
pub fn probabilities(eu: &[f64], lambda: f64, probs: &mut Vec<f64>) {
    probs.clear();
    let max = eu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lambda.is_finite() || lambda > 1e12 {
        // Best response, splitting ties evenly.
        let n = eu.iter().filter(|&&u| u >= max).count().max(1) as f64;
        probs.extend(eu.iter().map(|&u| if u >= max { 1.0 / n } else { 0.0 }));
        return;
    }
    let mut sum = 0.0;
    for &u in eu {
        let w = if u == max && u.is_finite() {
            // exp(0) = 1 exactly: the best move needs no exponential.
            1.0
        } else if u.is_finite() {
            crate::math::exp(lambda * (u - max))
        } else {
            0.0
        };
        probs.push(w);
        sum += w;
    }
    if sum > 0.0 && sum.is_finite() {
        for p in probs.iter_mut() {
            *p /= sum;
        }
    } else {
        let n = probs.len().max(1) as f64;
        probs.iter_mut().for_each(|p| *p = 1.0 / n);
    }
}

/// Picks an index from probabilities with one uniform draw `u` in [0, 1) (inverse CDF), so each choice
/// consumes exactly one number from its stream whatever the number of moves.
pub fn pick(probs: &[f64], u: f64) -> usize {
    let mut acc = 0.0;
    for (i, p) in probs.iter().enumerate() {
        acc += p;
        if u < acc {
            return i;
        }
    }
    // Rounding can leave the sum a hair under 1: fall back to the last move with positive probability.
    probs.iter().rposition(|&p| p > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_form() {
        let mut p = Vec::new();
        probabilities(&[1.0, 0.0], 2.0, &mut p);
        let e = crate::math::exp(2.0);
        assert!((p[0] - e / (e + 1.0)).abs() < 1e-12);
        probabilities(&[1.0, 0.0, 3.0], 0.0, &mut p);
        assert!(p.iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-12));
        probabilities(&[1.0, 5.0, 3.0], f64::INFINITY, &mut p);
        assert_eq!(p, vec![0.0, 1.0, 0.0]);
        probabilities(&[1000.0, 0.0], 1e6, &mut p);
        assert_eq!(p[0], 1.0);
    }

    #[test]
    fn inverse_cdf() {
        assert_eq!(pick(&[0.25, 0.5, 0.25], 0.1), 0);
        assert_eq!(pick(&[0.25, 0.5, 0.25], 0.5), 1);
        assert_eq!(pick(&[0.25, 0.5, 0.25], 0.9), 2);
        assert_eq!(pick(&[0.5, 0.5, 0.0], 0.999_999_999_999), 1);
    }
}
