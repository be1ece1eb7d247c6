//! Random baseline: every feasible move (stall, concede, accept, or an action) is equally likely,
//! whatever it is worth. The floor any strategy in a tournament should beat.

/// Fills `probs` with the uniform distribution over `n` candidate moves.
pub fn probabilities(n: usize, probs: &mut Vec<f64>) {
    probs.clear();
    let w = 1.0 / n.max(1) as f64;
    probs.extend((0..n).map(|_| w));
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_uniform() {
        let mut p = Vec::new();
        super::probabilities(4, &mut p);
        assert_eq!(p, vec![0.25; 4]);
    }
}
