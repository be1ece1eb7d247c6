//! Hard-liner: never concedes, and accepts only an offer at least as good for it as its opening. A
//! reference point for tournaments (the "hard-headed" agent of the negotiation literature, e.g.
//! Faratin, Sierra & Jennings 1998's limiting Boulware β → 0), and for the two-level-game
//! intuition that a side that cannot move gets its way (Putnam 1988).

/// Fills `probs` for `n` candidate moves (stall first): all weight on `accept` (the index of an
/// acceptable offer, which the engine passes only when the offer is at least as good as the
/// opening), otherwise on stalling.
pub fn probabilities(n: usize, accept: Option<usize>, probs: &mut Vec<f64>) {
    probs.clear();
    let k = accept.unwrap_or(0);
    probs.extend((0..n).map(|i| if i == k { 1.0 } else { 0.0 }));
}

#[cfg(test)]
mod tests {
    #[test]
    fn stalls_unless_an_acceptable_offer_is_on_the_table() {
        let mut p = Vec::new();
        super::probabilities(3, None, &mut p);
        assert_eq!(p, vec![1.0, 0.0, 0.0]);
        super::probabilities(3, Some(2), &mut p);
        assert_eq!(p, vec![0.0, 0.0, 1.0]);
    }
}
