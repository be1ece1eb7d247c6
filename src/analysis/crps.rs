//! The continuous ranked probability score (CRPS) of a weighted empirical distribution.
//!
//! For a forecast distribution F and an observation y, CRPS(F, y) = ∫ (F(x) − 1{x ≥ y})² dx, which
//! equals E|X − y| − ½ E|X − X'| for X, X' independent draws from F (Gneiting, T. & Raftery, A. E.
//! (2007). Strictly proper scoring rules, prediction, and estimation. *Journal of the American
//! Statistical Association* 102(477), 359–378, eq. 21). It is in the unit of the outcome (days here),
//! it rewards a forecast both for being close and for being sharp, and for a point mass it is the
//! absolute error |x − y|.
//!
//! For an empirical distribution with values x₁ ≤ … ≤ x_k carrying weights w₁, …, w_k (W = Σ w), the
//! double sum E|X − X'| = (1/W²) Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| is computed in one pass over the sorted values:
//! each xᵢ enters with the sign + for the weight below it and − for the weight above it, so
//! Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| = 2 Σᵢ wᵢ xᵢ (Wᵢ₋ − Wᵢ₊), where Wᵢ₋ is the weight strictly before i and
//! Wᵢ₊ the weight strictly after it. Linear time once sorted; exact (no binning beyond the sample's).

/// CRPS of the distribution putting weight `w` on value `x` for each `(x, w)` of `points`, sorted by
/// value (ascending), against the observation `y`. `None` when the total weight is not positive.
pub fn crps_sorted(points: &[(f64, f64)], y: f64) -> Option<f64> {
    let total: f64 = points.iter().map(|p| p.1).sum();
    if total <= 0.0 || total.is_nan() {
        return None;
    }
    debug_assert!(points.windows(2).all(|w| w[0].0 <= w[1].0));
    let mut to_y = 0.0;
    let mut pairs = 0.0;
    let mut below = 0.0;
    for &(x, w) in points {
        to_y += w * (x - y).abs();
        let above = total - below - w;
        pairs += w * x * (below - above);
        below += w;
    }
    // pairs = Σᵢ<ⱼ wᵢ wⱼ (xⱼ − xᵢ) = ½ Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ|, so E|X − X'| = 2·pairs / W² and half
    // of it is pairs / W².
    let score = to_y / total - pairs / (total * total);
    // Rounding can leave a tiny negative number where the score is 0 (a point mass on y).
    Some(score.max(0.0))
}

/// CRPS of an unweighted sample (any order) against `y`; `None` for an empty sample.
pub fn crps_sample(sample: &[f64], y: f64) -> Option<f64> {
    let mut points: Vec<(f64, f64)> = sample.iter().map(|&x| (x, 1.0)).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    crps_sorted(&points, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, term by term: O(n²).
    fn brute(points: &[(f64, f64)], y: f64) -> f64 {
        let w: f64 = points.iter().map(|p| p.1).sum();
        let e1: f64 = points.iter().map(|p| p.1 * (p.0 - y).abs()).sum::<f64>() / w;
        let mut e2 = 0.0;
        for a in points {
            for b in points {
                e2 += a.1 * b.1 * (a.0 - b.0).abs();
            }
        }
        e1 - 0.5 * e2 / (w * w)
    }

    /// ∫ (F(x) − 1{x ≥ y})² dx for a step function F, summed over the intervals between the points
    /// and y: a third, independent route to the same number.
    fn integral(points: &[(f64, f64)], y: f64) -> f64 {
        let w: f64 = points.iter().map(|p| p.1).sum();
        let mut cuts: Vec<f64> = points.iter().map(|p| p.0).chain([y]).collect();
        cuts.sort_by(f64::total_cmp);
        let mut s = 0.0;
        for k in cuts.windows(2) {
            let (a, b) = (k[0], k[1]);
            let f = points.iter().filter(|p| p.0 <= a).map(|p| p.1).sum::<f64>() / w;
            let h = if a >= y { 1.0 } else { 0.0 };
            s += (f - h) * (f - h) * (b - a);
        }
        s
    }

    #[test]
    fn a_point_mass_scores_its_absolute_error() {
        assert_eq!(crps_sorted(&[(10.0, 1.0)], 3.0), Some(7.0));
        assert_eq!(crps_sorted(&[(10.0, 5.0)], 10.0), Some(0.0));
        assert_eq!(crps_sample(&[4.0, 4.0, 4.0], 1.5), Some(2.5));
    }

    #[test]
    fn the_linear_pass_matches_the_quadratic_definition_and_the_integral() {
        // A deterministic scramble of values and weights, ties included.
        let mut points: Vec<(f64, f64)> = (0..57u64)
            .map(|i| (((i * 37) % 23) as f64 * 7.0, ((i * 11) % 5 + 1) as f64))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        for y in [-30.0, 0.0, 41.5, 77.0, 154.0, 400.0] {
            let fast = crps_sorted(&points, y).unwrap();
            let slow = brute(&points, y);
            let area = integral(&points, y);
            assert!((fast - slow).abs() < 1e-9, "y {y}: {fast} vs {slow}");
            assert!((fast - area).abs() < 1e-9, "y {y}: {fast} vs {area}");
        }
    }

    #[test]
    fn two_equal_points_score_as_the_closed_form_says() {
        // Half the mass at 0 and half at d, observation at 0: E|X − y| = d/2, E|X − X'| = d/2,
        // so CRPS = d/2 − d/4 = d/4.
        assert_eq!(crps_sample(&[0.0, 8.0], 0.0), Some(2.0));
    }

    #[test]
    fn an_empty_or_weightless_distribution_has_no_score() {
        assert_eq!(crps_sorted(&[], 1.0), None);
        assert_eq!(crps_sorted(&[(1.0, 0.0)], 1.0), None);
        assert_eq!(crps_sample(&[], 1.0), None);
    }
}
