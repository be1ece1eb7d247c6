//! The package space a package-level strategy ([`super::aspiration`]) searches: every combination of
//! one allowed position per issue, worth the sum of the issues' utilities to the actor.
//!
//! A package's utility is summed in issue order from 0 (`u = 0; u += u₀(p₀); u += u₁(p₁); …`), the
//! float evaluation order of NegMAS's `LinearAdditiveUtilityFunction`, so that utilities (and every
//! comparison with an aspiration level) are bit for bit the same as NegMAS's on the same tables.
//!
//! Two ways to find "the package worth the least at or above a level":
//!
//! - up to [`SORT_LIMIT`] packages, every package is enumerated once and sorted by utility (ties by
//!   positions, lexicographically): a decision is a binary search, and a whole schedule of offers
//!   can be tabulated ([`super::aspiration::Plan`]); NegMAS's `PresortingInverseUtilityFunction`
//!   sorts the same way;
//! - beyond it, a depth-first branch and bound over the issues, each issue's positions in order of
//!   utility, pruned by the least and most the remaining issues can add: memory linear in the
//!   number of positions, exact unless one decision needs more than [`SEARCH_BUDGET`] steps, when it
//!   settles for the best package found so far (still at or above the level, possibly not the
//!   cheapest; deterministic, since the budget counts steps, not time).
//!
//! Packages are identified by a mixed-radix code, issue 0 the most significant digit, so codes
//! order packages lexicographically by position.

use std::cmp::Ordering;

/// The most packages enumerated and sorted (at most 1.25 MiB of index: each package's utility and
/// code in order, and its utility by code); larger spaces are searched.
pub const SORT_LIMIT: u64 = 1 << 16;
/// The most steps (nodes) one branch-and-bound search visits before settling for the best package
/// found.
pub const SEARCH_BUDGET: u64 = 1 << 18;
/// NegMAS's `EPS` (`preferences/inv_ufun/_common.py`): an offer just below the level, within this,
/// is taken if it is strictly nearer to the level than the cheapest one at or above it.
pub const NEAR: f64 = 1e-6;

/// One actor's package space.
#[derive(Clone, Debug)]
pub struct Space {
    /// Per issue: the actor's utility of each position.
    tables: Vec<Vec<f64>>,
    /// Per issue: whether each position may be offered or accepted.
    allowed: Vec<Vec<bool>>,
    /// Per issue: the code's place value (issue 0 the most significant).
    stride: Vec<u64>,
    /// The number of packages, allowed or not (saturating).
    size: u64,
    /// The least and the most an allowed package is worth (`None`: some issue allows nothing).
    extremes: Option<(f64, f64)>,
    /// The best package (the most valuable position of each issue, the first on ties).
    best: Vec<u32>,
    index: Index,
}

#[derive(Clone, Debug)]
enum Index {
    /// Every allowed package, by utility then code; and every package's utility by code
    /// (−∞ where a position is not allowed).
    Sorted {
        utils: Vec<f64>,
        codes: Vec<u32>,
        by_code: Vec<f64>,
    },
    /// Branch and bound.
    Search(Search),
}

/// What the branch and bound needs: each issue's allowed positions in order of utility, and what
/// the issues after each one can add at least and at most.
#[derive(Clone, Debug)]
struct Search {
    options: Vec<Vec<(f64, u32)>>,
    rest_min: Vec<f64>,
    rest_max: Vec<f64>,
    /// Room for rounding in the bounds (they are sums in another order than the packages').
    slack: f64,
}

/// The sum of a package's utilities, in issue order.
fn sum(tables: &[Vec<f64>], package: &[u32]) -> f64 {
    let mut u = 0.0;
    for (t, &p) in tables.iter().zip(package) {
        u += t[p as usize];
    }
    u
}

impl Space {
    /// The space of `tables[i][p]` (the actor's utility of position p of issue i) over the
    /// positions `allowed[i][p]`. Both have one row per issue, of equal lengths.
    pub fn new(tables: Vec<Vec<f64>>, allowed: Vec<Vec<bool>>) -> Space {
        let n = tables.len();
        let mut stride = vec![1u64; n];
        let mut size = 1u64;
        for i in (0..n).rev() {
            stride[i] = size;
            size = size.saturating_mul(tables[i].len() as u64);
        }
        let options: Vec<Vec<(f64, u32)>> = tables
            .iter()
            .zip(&allowed)
            .map(|(t, a)| {
                let mut o: Vec<(f64, u32)> = (0..t.len())
                    .filter(|&p| a.get(p).copied().unwrap_or(false))
                    .map(|p| (t[p], p as u32))
                    .collect();
                o.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
                o
            })
            .collect();
        let feasible = options.iter().all(|o| !o.is_empty());
        // The best package: each issue's most valuable allowed position, the first on ties.
        let best: Vec<u32> = options
            .iter()
            .map(|o| {
                let top = o.last().map_or(0.0, |x| x.0);
                o.iter()
                    .find(|x| x.0.total_cmp(&top).is_eq())
                    .map_or(0, |x| x.1)
            })
            .collect();
        let extremes = feasible.then(|| {
            let worst: Vec<u32> = options.iter().map(|o| o[0].1).collect();
            (sum(&tables, &worst), sum(&tables, &best))
        });
        let index = if feasible && size <= SORT_LIMIT {
            sorted(&tables, &allowed, &stride, size)
        } else {
            Index::Search(Search::new(&options))
        };
        Space {
            tables,
            allowed,
            stride,
            size,
            extremes,
            best,
            index,
        }
    }

    /// The number of issues.
    pub fn issues(&self) -> usize {
        self.tables.len()
    }

    /// The number of packages, allowed or not (saturating at `u64::MAX`).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether every package is enumerated and sorted (else decisions search).
    pub fn is_sorted(&self) -> bool {
        matches!(self.index, Index::Sorted { .. })
    }

    /// The least and the most an allowed package is worth; `None` if some issue allows no position.
    pub fn extremes(&self) -> Option<(f64, f64)> {
        self.extremes
    }

    /// The utility of a package, or `None` if one of its positions is not allowed (or out of range).
    pub fn utility(&self, package: &[u32]) -> Option<f64> {
        let ok = package.len() == self.tables.len()
            && package
                .iter()
                .zip(&self.allowed)
                .all(|(&p, a)| a.get(p as usize).copied().unwrap_or(false));
        ok.then(|| sum(&self.tables, package))
    }

    /// The utility of the package with this code (−∞ if one of its positions is not allowed).
    /// Only for sorted spaces; `None` otherwise or when the code is out of range.
    pub fn utility_of_code(&self, code: u64) -> Option<f64> {
        match &self.index {
            Index::Sorted { by_code, .. } => by_code.get(code as usize).copied(),
            Index::Search(_) => None,
        }
    }

    /// Every package's utility by code (−∞ where a position is not allowed); sorted spaces only.
    pub fn by_code(&self) -> Option<&[f64]> {
        match &self.index {
            Index::Sorted { by_code, .. } => Some(by_code),
            Index::Search(_) => None,
        }
    }

    /// The code of a package (`None` if a position is out of range or the space is too large).
    pub fn encode(&self, package: &[u32]) -> Option<u64> {
        if package.len() != self.tables.len() || self.size == u64::MAX {
            return None;
        }
        let mut code = 0u64;
        for ((&p, t), &s) in package.iter().zip(&self.tables).zip(&self.stride) {
            if p as usize >= t.len() {
                return None;
            }
            code += u64::from(p) * s;
        }
        Some(code)
    }

    /// The package with this code, into `out` (one position per issue).
    pub fn decode(&self, code: u64, out: &mut [u32]) {
        let mut rest = code;
        for (o, &s) in out.iter_mut().zip(&self.stride) {
            *o = (rest / s) as u32;
            rest %= s;
        }
    }

    /// The package to offer at `level` (written to `out`, one position per issue), NegMAS's
    /// `worst_in`: among the packages worth at least `floor` (the reservation), the one worth the
    /// least at or above `level`, unless the one worth the most below `level` is within [`NEAR`]
    /// of it and strictly nearer; the lowest positions on ties. With no package at or above `floor`
    /// (or none at or above `level`), the best package.
    pub fn offer(&self, level: f64, floor: f64, out: &mut [u32]) {
        match &self.index {
            Index::Sorted { utils, codes, .. } => {
                match pick_sorted(utils, level, floor) {
                    Some(j) => self.decode(u64::from(codes[j]), out),
                    None => out.copy_from_slice(&self.best),
                };
            }
            Index::Search(s) => {
                let at_or_above = s.find(&self.tables, level.max(floor), f64::INFINITY, true);
                let Some((u, package)) = at_or_above else {
                    out.copy_from_slice(&self.best);
                    return;
                };
                let below = s.find(&self.tables, (level - NEAR).max(floor), level, false);
                match below {
                    Some((v, p)) if level - v < (u - level).abs() => out.copy_from_slice(&p),
                    _ => out.copy_from_slice(&package),
                }
            }
        }
    }

    /// The code of the package [`Space::offer`] picks (sorted spaces only).
    pub fn offer_code(&self, level: f64, floor: f64) -> Option<u64> {
        match &self.index {
            Index::Sorted { utils, codes, .. } => Some(match pick_sorted(utils, level, floor) {
                Some(j) => u64::from(codes[j]),
                None => self.encode(&self.best)?,
            }),
            Index::Search(_) => None,
        }
    }
}

/// Enumerates and sorts every allowed package.
fn sorted(tables: &[Vec<f64>], allowed: &[Vec<bool>], stride: &[u64], size: u64) -> Index {
    let n = tables.len();
    let mut by_code = vec![f64::NEG_INFINITY; size as usize];
    let mut entries: Vec<(f64, u32)> = Vec::new();
    let mut package = vec![0u32; n];
    for (code, slot) in by_code.iter_mut().enumerate() {
        let mut rest = code as u64;
        let mut ok = true;
        for (i, p) in package.iter_mut().enumerate() {
            *p = (rest / stride[i]) as u32;
            rest %= stride[i];
            ok &= allowed[i][*p as usize];
        }
        if ok {
            *slot = sum(tables, &package);
            entries.push((*slot, code as u32));
        }
    }
    entries.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    Index::Sorted {
        utils: entries.iter().map(|e| e.0).collect(),
        codes: entries.iter().map(|e| e.1).collect(),
        by_code,
    }
}

/// NegMAS's choice on a sorted list (`PresortingInverseUtilityFunction.worst_in` with
/// `_nearest_around`), restricted to the packages worth at least `floor`: the index of the first
/// package worth at least `level`, or of the first of the packages just below
/// it if they are within [`NEAR`] and strictly nearer. `None` if no package is worth both `floor`
/// and `level` (the caller offers the best package, as NegMAS's `propose` falls back to).
fn pick_sorted(utils: &[f64], level: f64, floor: f64) -> Option<usize> {
    let start = utils.partition_point(|&u| u < floor);
    let rational = &utils[start..];
    if rational.is_empty() {
        return None;
    }
    let mut j = rational.partition_point(|&u| u < level);
    if j == rational.len() {
        return None;
    }
    if j > 0 && rational[j - 1] >= level - NEAR && level - rational[j - 1] < rational[j] - level {
        let v = rational[j - 1];
        j = rational[..j].partition_point(|&u| u < v);
    }
    Some(start + j)
}

impl Search {
    fn new(options: &[Vec<(f64, u32)>]) -> Search {
        let n = options.len();
        let mut rest_min = vec![0.0; n + 1];
        let mut rest_max = vec![0.0; n + 1];
        let mut scale = 0.0f64;
        for i in (0..n).rev() {
            let lo = options[i].first().map_or(0.0, |x| x.0);
            let hi = options[i].last().map_or(0.0, |x| x.0);
            rest_min[i] = rest_min[i + 1] + lo;
            rest_max[i] = rest_max[i + 1] + hi;
            scale += lo.abs().max(hi.abs());
        }
        Search {
            options: options.to_vec(),
            rest_min,
            rest_max,
            slack: 1e-9 * (1.0 + scale),
        }
    }

    /// The package worth the least (`least`) or the most (else) among those worth at least `lo`
    /// and less than `hi`, the lowest positions on ties; `None` if none was found.
    fn find(&self, tables: &[Vec<f64>], lo: f64, hi: f64, least: bool) -> Option<(f64, Vec<u32>)> {
        if self.options.iter().any(Vec::is_empty) {
            return None;
        }
        let mut dfs = Dfs {
            s: self,
            tables,
            lo,
            hi,
            least,
            best: None,
            current: vec![0; self.options.len()],
            steps: 0,
        };
        dfs.go(0, 0.0);
        dfs.best
    }
}

struct Dfs<'a> {
    s: &'a Search,
    tables: &'a [Vec<f64>],
    lo: f64,
    hi: f64,
    least: bool,
    best: Option<(f64, Vec<u32>)>,
    current: Vec<u32>,
    steps: u64,
}

impl Dfs<'_> {
    fn go(&mut self, d: usize, prefix: f64) {
        if self.steps >= SEARCH_BUDGET {
            return;
        }
        self.steps += 1;
        let n = self.s.options.len();
        if d == n {
            self.leaf(prefix);
            return;
        }
        let (rmin, rmax, slack) = (self.s.rest_min[d + 1], self.s.rest_max[d + 1], self.s.slack);
        let count = self.s.options[d].len();
        for k in 0..count {
            let (u, p) = self.s.options[d][if self.least { k } else { count - 1 - k }];
            let s2 = prefix + u;
            let too_small = s2 + rmax < self.lo - slack;
            let too_big = s2 + rmin >= self.hi + slack;
            // Options come in the search's direction: past the window on that side, none can fit.
            match (self.least, too_small, too_big) {
                (true, true, _) | (false, _, true) => continue,
                (true, _, true) | (false, true, _) => break,
                _ => {}
            }
            if let Some((b, _)) = &self.best {
                let hopeless = if self.least {
                    s2 + rmin > b + slack
                } else {
                    s2 + rmax < b - slack
                };
                if hopeless {
                    break;
                }
            }
            self.current[d] = p;
            self.go(d + 1, s2);
            if self.steps >= SEARCH_BUDGET {
                return;
            }
        }
    }

    fn leaf(&mut self, u: f64) {
        debug_assert_eq!(u, sum(self.tables, &self.current));
        if !(u >= self.lo && u < self.hi) {
            return;
        }
        let better = match &self.best {
            None => true,
            Some((b, p)) => {
                let by_value = if self.least {
                    u.total_cmp(b)
                } else {
                    b.total_cmp(&u)
                };
                by_value.then_with(|| self.current.cmp(p)) == Ordering::Less
            }
        };
        if better {
            self.best = Some((u, self.current.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of numbers in [0, 1) for the tests (no dependency on `rand` here).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn space(n: usize, k: usize, seed: u64, ties: bool, forbid: bool) -> Space {
        let mut r = Lcg(seed);
        let tables: Vec<Vec<f64>> = (0..n)
            .map(|_| {
                (0..k)
                    .map(|_| {
                        let x = r.next() * 2.0 - 0.5;
                        if ties { (x * 4.0).floor() / 4.0 } else { x }
                    })
                    .collect()
            })
            .collect();
        let allowed = (0..n)
            .map(|_| {
                (0..k)
                    .map(|p| p == 0 || !forbid || r.next() > 0.3)
                    .collect()
            })
            .collect();
        Space::new(tables, allowed)
    }

    fn as_search(s: &Space) -> Space {
        let mut t = s.clone();
        let options: Vec<Vec<(f64, u32)>> = t
            .tables
            .iter()
            .zip(&t.allowed)
            .map(|(tab, a)| {
                let mut o: Vec<(f64, u32)> = (0..tab.len())
                    .filter(|&p| a[p])
                    .map(|p| (tab[p], p as u32))
                    .collect();
                o.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
                o
            })
            .collect();
        t.index = Index::Search(Search::new(&options));
        t
    }

    #[test]
    fn the_search_picks_exactly_what_the_sorted_index_picks() {
        for seed in 0..60u64 {
            let (n, k) = (1 + seed as usize % 4, 2 + seed as usize % 5);
            let sorted = space(n, k, seed, seed % 3 == 0, seed % 2 == 0);
            assert!(sorted.is_sorted());
            let search = as_search(&sorted);
            let (lo, hi) = sorted.extremes().unwrap();
            let mut r = Lcg(seed + 1000);
            let (mut a, mut b) = (vec![0; n], vec![0; n]);
            let mut q = vec![0; n];
            for draw in 0..40 {
                // Half the levels lie just above some package's utility, within NEAR of it.
                let level = if draw % 2 == 0 {
                    lo - 0.2 + (hi - lo + 0.4) * r.next()
                } else {
                    sorted.decode((r.next() * sorted.size() as f64) as u64, &mut q);
                    sorted.utility(&q).unwrap_or(lo) + NEAR * r.next()
                };
                let floor = if r.next() < 0.5 {
                    f64::NEG_INFINITY
                } else {
                    lo + (hi - lo) * r.next()
                };
                sorted.offer(level, floor, &mut a);
                search.offer(level, floor, &mut b);
                assert_eq!(a, b, "seed {seed} level {level} floor {floor}");
                let code = sorted.offer_code(level, floor).unwrap();
                sorted.decode(code, &mut b);
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn the_offer_is_the_cheapest_package_at_or_above_the_level() {
        for seed in 0..30u64 {
            let s = space(3, 5, seed, false, true);
            let (lo, hi) = s.extremes().unwrap();
            let mut out = vec![0; 3];
            for step in 0..=20 {
                let level = lo + (hi - lo) * f64::from(step) / 20.0;
                s.offer(level, f64::NEG_INFINITY, &mut out);
                let u = s.utility(&out).expect("an allowed package");
                // Every allowed package is either worth less than the level (less NEAR) or at least u.
                for code in 0..s.size() {
                    let mut q = vec![0; 3];
                    s.decode(code, &mut q);
                    if let Some(v) = s.utility(&q) {
                        assert!(
                            v < level - NEAR || v >= u || level - u < NEAR,
                            "{q:?} {v} {u}"
                        );
                    }
                }
                assert!(u >= level - NEAR, "{u} below {level}");
            }
        }
    }

    #[test]
    fn a_package_just_below_the_level_is_taken_when_strictly_nearer() {
        // Three packages of one issue: 0.3, 0.5 − 4e-7 and 0.6. At level 0.5 the one within NEAR
        // below is nearer than 0.6: NegMAS takes it.
        let s = Space::new(vec![vec![0.3, 0.5 - 4e-7, 0.6]], vec![vec![true; 3]]);
        let mut out = [9];
        s.offer(0.5, f64::NEG_INFINITY, &mut out);
        assert_eq!(out, [1]);
        s.offer(0.5 + 2e-6, f64::NEG_INFINITY, &mut out);
        assert_eq!(out, [2]);
        // Below the floor nothing is offered but the best package.
        s.offer(0.1, 0.7, &mut out);
        assert_eq!(out, [2]);
        assert_eq!(as_search(&s).utility(&[1]), Some(0.5 - 4e-7));
    }

    #[test]
    fn utilities_sum_in_issue_order_and_forbidden_positions_are_out() {
        let s = Space::new(
            vec![vec![0.1, 0.2], vec![0.7, 0.0]],
            vec![vec![true, true], vec![true, false]],
        );
        assert_eq!(s.utility(&[1, 0]), Some(0.0 + 0.2 + 0.7));
        assert_eq!(s.utility(&[1, 1]), None);
        assert_eq!(s.utility_of_code(3), Some(f64::NEG_INFINITY));
        assert_eq!(s.encode(&[1, 0]), Some(2));
        assert_eq!(s.extremes(), Some((0.1 + 0.7, 0.2 + 0.7)));
        let none = Space::new(vec![vec![1.0]], vec![vec![false]]);
        assert_eq!(none.extremes(), None);
        let mut out = [7];
        none.offer(0.0, f64::NEG_INFINITY, &mut out);
        assert_eq!(out, [0]);
    }

    #[test]
    fn a_large_space_is_searched_in_bounded_memory() {
        // 20 issues of 10 positions: 10²⁰ packages, far past the sorted limit.
        let s = space(20, 10, 7, false, false);
        assert!(!s.is_sorted());
        assert_eq!(s.size(), u64::MAX);
        let (lo, hi) = s.extremes().unwrap();
        let mut out = vec![0; 20];
        let level = lo + 0.6 * (hi - lo);
        s.offer(level, f64::NEG_INFINITY, &mut out);
        let u = s.utility(&out).unwrap();
        assert!(u >= level - NEAR && u < level + 1e-3, "{u} vs {level}");
    }
}
