//! The mergeable summary of many runs.
//!
//! Memory is flat in the number of runs. Dates are exact: runs land on turns, so each outcome keeps a
//! sparse histogram of turns (a `BTreeMap`, iterated in order). Continuous values (payoffs, final
//! states) go into DDSketch (Masson, Rim & Lee 2019, "DDSketch: A Fast and Fully-Mergeable Quantile
//! Sketch with Relative-Error Guarantees", PVLDB 12(12)) with 1 % relative accuracy, whose merge adds
//! bucket counts and so does not depend on order. Means are accumulated in 2⁻³² fixed point in an
//! `i128`, so they too are exact under any split of the runs — the basis of byte-identical outputs
//! across thread counts and shards.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sketches_ddsketch::{Config, DDSketch};

use super::run::{EndReason, RunOutcome};
use crate::scenario::{Pos, Scenario};

const FIXED: f64 = 4_294_967_296.0; // 2^32

/// A quantile sketch of a continuous value with an exact mean.
///
/// Read from outside (a shard's `partial.json`, a part of an explorer batch), its sketch is checked
/// before it is trusted: merging and quantiles index the sketch's bins by its keys.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(try_from = "ValueStatsIn")]
pub struct ValueStats {
    /// Created on the first value: an empty sketch has infinite min/max, which JSON cannot carry.
    sketch: Option<DDSketch>,
    sum: i128,
    count: u64,
}

impl ValueStats {
    /// Adds one value (non-finite values are ignored).
    pub fn add(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        self.sketch
            .get_or_insert_with(|| DDSketch::new(Config::defaults()))
            .add(v);
        self.sum = self.sum.saturating_add((v * FIXED).round() as i128);
        self.count += 1;
    }

    /// Merges another.
    pub fn merge(&mut self, o: &ValueStats) {
        if o.count == 0 {
            return;
        }
        if let Some(os) = &o.sketch {
            match &mut self.sketch {
                // Both sketches share one configuration, so merging cannot fail.
                Some(s) => {
                    let _ = s.merge(os);
                }
                None => self.sketch = Some(os.clone()),
            }
        }
        self.sum = self.sum.saturating_add(o.sum);
        self.count += o.count;
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Mean, if any value was added.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / FIXED / self.count as f64)
    }

    /// Quantile q in [0, 1] (1 % relative error), if any value was added.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let sk = self.sketch.as_ref()?;
        let v = sk.quantile(q).ok().flatten()?;
        // Strictly between 0 and 1 the sketch answers with a bucket's value, which it computes
        // with the platform's `exp`: worked out again portably.
        let v = if q > 0.0 && q < 1.0 {
            bucket_value(v)
        } else {
            v
        };
        // DDSketch answers within 1 % relative error, which can step outside the data (e.g. above a
        // state's bound): clamp to the exact min and max it keeps.
        Some(v.clamp(sk.min()?, sk.max()?))
    }
}

/// The value of the bucket `v` stands for, ±γ^k · 2γ/(1 + γ) (0 for 0), computed with
/// [`crate::math`]. DDSketch reports a bucket with the platform's `exp`, whose last bit differs
/// between glibc, macOS, Windows and WebAssembly runtimes (on the 2-core CI machine glibc's and
/// `libm`'s differ for about one bucket in ten), and the same scenario and seed must give the same
/// bytes everywhere. The bucket k is recovered from the value reported: ln(|v| / f) / ln γ lies
/// within a few units in the last place of k, so rounding finds it on any platform (a test checks
/// every bucket of values from 10⁻⁹ to 10³⁰⁰).
fn bucket_value(v: f64) -> f64 {
    // (ln γ, the factor 2γ/(1 + γ)) of this version's configuration.
    static BUCKETS: std::sync::OnceLock<(f64, f64)> = std::sync::OnceLock::new();
    let &(ln_gamma, factor) = BUCKETS.get_or_init(|| {
        let gamma = Config::defaults().gamma;
        (crate::math::ln(gamma), 2.0 * gamma / (1.0 + gamma))
    });
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let k = (crate::math::ln(v.abs() / factor) / ln_gamma).round();
    let m = crate::math::exp(k * ln_gamma) * factor;
    if v < 0.0 { -m } else { m }
}

/// [`ValueStats`] as read, before its sketch is checked.
#[derive(Deserialize)]
struct ValueStatsIn {
    sketch: Option<serde_json::Value>,
    sum: i128,
    count: u64,
}

/// The parts of a sketch's store that its merge and quantiles index by.
#[derive(Deserialize)]
struct StoreIn {
    bins: Vec<u64>,
    count: u64,
    min_key: i32,
    max_key: i32,
    offset: i32,
    bin_limit: usize,
}

/// The parts of a sketch that are checked.
#[derive(Deserialize)]
struct SketchIn {
    config: serde_json::Value,
    store: StoreIn,
    negative_store: StoreIn,
    zero_count: u64,
}

impl StoreIn {
    /// Its count, if it is a store that adding values could have made: an empty one as new, or
    /// bins that hold its count and whose keys cover `min_key..=max_key`, within the bin limit.
    fn check(&self, limit: usize) -> Result<u64, String> {
        let total = self
            .bins
            .iter()
            .try_fold(0u64, |a, &b| a.checked_add(b))
            .ok_or("its bins overflow")?;
        if total != self.count {
            return Err(format!(
                "its bins hold {total} values but it counts {}",
                self.count
            ));
        }
        if self.bin_limit != limit || self.bins.len() > limit {
            return Err(format!(
                "{} bins against a limit of {} (expected {limit})",
                self.bins.len(),
                self.bin_limit
            ));
        }
        if self.count == 0 {
            return if self.bins.iter().all(|&b| b == 0) {
                Ok(0)
            } else {
                Err("an empty store with values in its bins".into())
            };
        }
        let (lo, hi, off) = (
            i64::from(self.min_key),
            i64::from(self.max_key),
            i64::from(self.offset),
        );
        if !(off <= lo && lo <= hi && hi < off + self.bins.len() as i64) {
            return Err(format!(
                "keys {lo}..={hi} outside its bins {off}..{}",
                off + self.bins.len() as i64
            ));
        }
        Ok(self.count)
    }
}

impl TryFrom<ValueStatsIn> for ValueStats {
    type Error = String;

    fn try_from(v: ValueStatsIn) -> Result<ValueStats, String> {
        let Some(raw) = v.sketch else {
            if v.count != 0 {
                return Err(format!("{} values but no sketch", v.count));
            }
            return Ok(ValueStats::default());
        };
        let damaged = |why: String| format!("a damaged quantile sketch: {why}");
        let k = SketchIn::deserialize(&raw).map_err(|e| damaged(e.to_string()))?;
        // This version's configuration as written, worked out once (a shard holds a sketch per
        // state variable and turn).
        static CONFIG: std::sync::OnceLock<Option<serde_json::Value>> = std::sync::OnceLock::new();
        let config = CONFIG.get_or_init(|| {
            serde_json::to_value(DDSketch::new(Config::defaults()))
                .ok()
                .and_then(|mut o| o.get_mut("config").map(serde_json::Value::take))
        });
        if config.as_ref() != Some(&k.config) {
            return Err(damaged(
                "its configuration is not this version's (1 % relative accuracy)".into(),
            ));
        }
        let limit = Config::defaults().max_num_bins as usize;
        let pos = k.store.check(limit).map_err(damaged)?;
        let neg = k.negative_store.check(limit).map_err(damaged)?;
        let total = pos
            .checked_add(neg)
            .and_then(|x| x.checked_add(k.zero_count));
        if total != Some(v.count) {
            return Err(damaged(format!(
                "it holds {total:?} values but its statistics count {}",
                v.count
            )));
        }
        let sketch = DDSketch::deserialize(&raw).map_err(|e| damaged(e.to_string()))?;
        Ok(ValueStats {
            sketch: Some(sketch),
            sum: v.sum,
            count: v.count,
        })
    }
}

/// An exact histogram of turns.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct TurnHist {
    counts: BTreeMap<u32, u64>,
    total: u64,
}

impl TurnHist {
    /// Adds one turn.
    pub fn add(&mut self, t: u32) {
        *self.counts.entry(t).or_default() += 1;
        self.total += 1;
    }

    /// Merges another.
    pub fn merge(&mut self, o: &TurnHist) {
        for (&t, &c) in &o.counts {
            *self.counts.entry(t).or_default() += c;
        }
        self.total += o.total;
    }

    /// Number of turns added.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The exact quantile: the smallest turn t with F(t) ≥ q (Hyndman & Fan type 1).
    pub fn quantile(&self, q: f64) -> Option<u32> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut acc = 0;
        for (&t, &c) in &self.counts {
            acc += c;
            if acc >= rank {
                return Some(t);
            }
        }
        self.counts.keys().next_back().copied()
    }

    /// The turn of 1-based rank `rank` among the turns added, or `None` when fewer than `rank` were
    /// added (the runs that never got there rank after every turn: the rank is censored).
    pub fn rank(&self, rank: u64) -> Option<u32> {
        if rank == 0 || rank > self.total {
            return None;
        }
        let mut acc = 0;
        for (&t, &c) in &self.counts {
            acc += c;
            if acc >= rank {
                return Some(t);
            }
        }
        None
    }

    /// The quantile q over all `runs` runs, the runs that never got there counting as after every
    /// turn (after the horizon): the smallest turn t with F(t) ≥ q, where F counts all runs; `None`
    /// when that rank falls among the runs that never got there (the quantile is censored).
    pub fn censored_quantile(&self, q: f64, runs: u64) -> Option<u32> {
        let runs = runs.max(self.total);
        if runs == 0 {
            return None;
        }
        self.rank(((q * runs as f64).ceil() as u64).clamp(1, runs))
    }

    /// Runs (of `runs`) in which the outcome had happened by the end of turn `t`.
    pub fn by(&self, t: u32) -> u64 {
        self.counts.range(..=t).map(|(_, &c)| c).sum()
    }

    /// Runs in which the outcome happened in a turn before turn `t`.
    pub fn by_turn_before(&self, t: u32) -> u64 {
        self.counts.range(..t).map(|(_, &c)| c).sum()
    }

    /// Number of turns added that are at least `t` (for the turns-played histogram: the runs still
    /// going at turn `t`).
    pub fn at_least(&self, t: u32) -> u64 {
        self.counts.range(t..).map(|(_, &c)| c).sum()
    }

    /// (turn, count) pairs in turn order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.counts.iter().map(|(&t, &c)| (t, c))
    }
}

/// Summary of a batch of runs; merge partial summaries with [`Summary::merge`].
#[derive(Clone, Serialize, Deserialize)]
pub struct Summary {
    /// Runs summarised.
    pub runs: u64,
    /// Runs that ended with every agreement reached.
    pub agreed: u64,
    /// Runs that reached the horizon.
    pub horizon: u64,
    /// Runs ended by a terminal condition.
    pub terminal: u64,
    /// Turns played per run.
    pub turns: TurnHist,
    /// Per issue: settlement turns.
    pub issue_dates: Vec<TurnHist>,
    /// Per issue: runs settled at each position.
    pub issue_positions: Vec<Vec<u64>>,
    /// Per issue: runs in which it was the last of its agreement to settle.
    pub issue_last: Vec<u64>,
    /// Per agreement: turns reached.
    pub agreement_dates: Vec<TurnHist>,
    /// Per event: first turns fired.
    pub event_dates: Vec<TurnHist>,
    /// Per action: first turns taken.
    pub action_dates: Vec<TurnHist>,
    /// Per actor: payoffs.
    pub payoffs: Vec<ValueStats>,
    /// Per state variable: final values.
    pub states: Vec<ValueStats>,
    /// Per state variable, per turn: values at the end of the turn (when paths were recorded).
    pub paths: Vec<Vec<ValueStats>>,
}

impl Summary {
    /// An empty summary shaped for `s`.
    pub fn new(s: &Scenario) -> Summary {
        Summary {
            runs: 0,
            agreed: 0,
            horizon: 0,
            terminal: 0,
            turns: TurnHist::default(),
            issue_dates: vec![TurnHist::default(); s.issues.len()],
            issue_positions: s.issues.iter().map(|i| vec![0; i.len()]).collect(),
            issue_last: vec![0; s.issues.len()],
            agreement_dates: vec![TurnHist::default(); s.agreements.len()],
            event_dates: vec![TurnHist::default(); s.events.len()],
            action_dates: vec![TurnHist::default(); s.actions.len()],
            payoffs: vec![ValueStats::default(); s.actors.len()],
            states: vec![ValueStats::default(); s.states.len()],
            paths: vec![Vec::new(); s.states.len()],
        }
    }

    /// Adds one run.
    pub fn add(&mut self, s: &Scenario, o: &RunOutcome) {
        self.runs += 1;
        match o.end_reason {
            EndReason::Agreed => self.agreed += 1,
            EndReason::Horizon => self.horizon += 1,
            EndReason::Terminal(_) => self.terminal += 1,
        }
        self.turns.add(o.turns);
        for (i, x) in o.issues.iter().enumerate() {
            if let Some((t, p)) = x {
                self.issue_dates[i].add(*t);
                self.issue_positions[i][*p] += 1;
            }
        }
        for (g, a) in s.agreements.iter().enumerate() {
            if o.agreements[g].is_none() {
                continue;
            }
            // The last issue to settle (ties: the one declared last) held the agreement up.
            if let Some(&last) = a
                .issues
                .iter()
                .filter(|&&i| o.issues[i].is_some())
                .max_by_key(|&&i| (o.issues[i].map(|x| x.0), i))
            {
                self.issue_last[last] += 1;
            }
        }
        for (g, x) in o.agreements.iter().enumerate() {
            if let Some(t) = x {
                self.agreement_dates[g].add(*t);
            }
        }
        for (e, x) in o.events.iter().enumerate() {
            if let Some(t) = x {
                self.event_dates[e].add(*t);
            }
        }
        for (e, x) in o.actions.iter().enumerate() {
            if let Some(t) = x {
                self.action_dates[e].add(*t);
            }
        }
        for (a, v) in o.payoffs.iter().enumerate() {
            self.payoffs[a].add(*v);
        }
        for (i, v) in o.states.iter().enumerate() {
            self.states[i].add(*v);
        }
        if let Some(path) = o.path.as_ref().filter(|_| !o.states.is_empty()) {
            for (t, row) in path.chunks(o.states.len()).enumerate() {
                for (i, v) in row.iter().enumerate() {
                    let p = &mut self.paths[i];
                    if p.len() <= t {
                        p.resize(t + 1, ValueStats::default());
                    }
                    p[t].add(*v);
                }
            }
        }
    }

    /// Whether this summary, read from outside (a shard's `partial.json`, a part of an explorer
    /// batch), is one that runs of `s` could have made: shaped for `s`, every count within its runs,
    /// every histogram's total its counts' sum. Merging such summaries cannot overflow, and their
    /// merge is what the runs would give. (Each quantile sketch is checked as it is read.)
    pub fn check(&self, s: &Scenario) -> Result<(), String> {
        let runs = self.runs;
        let shape = |what: &str, have: usize, want: usize| {
            if have == want {
                Ok(())
            } else {
                Err(format!("it has {have} {what}, the scenario {want}"))
            }
        };
        shape("issues", self.issue_dates.len(), s.issues.len())?;
        shape(
            "issues' positions",
            self.issue_positions.len(),
            s.issues.len(),
        )?;
        for (p, i) in self.issue_positions.iter().zip(&s.issues) {
            shape(&format!("positions of issue {}", i.id), p.len(), i.len())?;
        }
        shape(
            "issues' last settlements",
            self.issue_last.len(),
            s.issues.len(),
        )?;
        shape("agreements", self.agreement_dates.len(), s.agreements.len())?;
        shape("events", self.event_dates.len(), s.events.len())?;
        shape("actions", self.action_dates.len(), s.actions.len())?;
        shape("payoffs", self.payoffs.len(), s.actors.len())?;
        shape("state variables", self.states.len(), s.states.len())?;
        shape("state paths", self.paths.len(), s.states.len())?;
        let ends = [self.agreed, self.horizon, self.terminal]
            .iter()
            .try_fold(0u64, |a, &b| a.checked_add(b));
        if ends != Some(runs) || self.turns.total != runs {
            return Err(format!(
                "its {runs} runs end {ends:?} times and play {} numbers of turns",
                self.turns.total
            ));
        }
        let within = |what: &str, n: u64| {
            if n <= runs {
                Ok(())
            } else {
                Err(format!("{what} counts {n} of its {runs} runs"))
            }
        };
        let hists = std::iter::once(&self.turns)
            .chain(&self.issue_dates)
            .chain(&self.agreement_dates)
            .chain(&self.event_dates)
            .chain(&self.action_dates);
        for h in hists {
            let sum = h.counts.values().try_fold(0u64, |a, &b| a.checked_add(b));
            if sum != Some(h.total) {
                return Err(format!(
                    "a histogram of turns totals {} but holds {sum:?}",
                    h.total
                ));
            }
            within("a histogram of turns", h.total)?;
        }
        for p in &self.issue_positions {
            let sum = p.iter().try_fold(0u64, |a, &b| a.checked_add(b));
            within("the settlements of an issue", sum.unwrap_or(u64::MAX))?;
        }
        for &n in &self.issue_last {
            within("an issue's last settlements", n)?;
        }
        let turns = s.clock.max_turns as usize;
        for p in &self.paths {
            if p.len() > turns {
                return Err(format!(
                    "a state's path has {} turns, the horizon {turns}",
                    p.len()
                ));
            }
        }
        let values = self
            .payoffs
            .iter()
            .chain(&self.states)
            .chain(self.paths.iter().flatten());
        for v in values {
            within("a value's statistics", v.count)?;
        }
        Ok(())
    }

    /// Merges another summary of the same scenario.
    pub fn merge(&mut self, o: &Summary) {
        self.runs += o.runs;
        self.agreed += o.agreed;
        self.horizon += o.horizon;
        self.terminal += o.terminal;
        self.turns.merge(&o.turns);
        let pairs = |a: &mut Vec<TurnHist>, b: &Vec<TurnHist>| {
            a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y))
        };
        pairs(&mut self.issue_dates, &o.issue_dates);
        pairs(&mut self.agreement_dates, &o.agreement_dates);
        pairs(&mut self.event_dates, &o.event_dates);
        pairs(&mut self.action_dates, &o.action_dates);
        for (a, b) in self.issue_positions.iter_mut().zip(&o.issue_positions) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self.issue_last
            .iter_mut()
            .zip(&o.issue_last)
            .for_each(|(x, y)| *x += y);
        self.payoffs
            .iter_mut()
            .zip(&o.payoffs)
            .for_each(|(x, y)| x.merge(y));
        self.states
            .iter_mut()
            .zip(&o.states)
            .for_each(|(x, y)| x.merge(y));
        for (a, b) in self.paths.iter_mut().zip(&o.paths) {
            if a.len() < b.len() {
                a.resize(b.len(), ValueStats::default());
            }
            a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
        }
    }

    /// Share of runs in which an issue settled at each position, with the issue's kind.
    pub fn position_shares(&self, s: &Scenario, issue: usize) -> Vec<(String, f64)> {
        let n = self.runs.max(1) as f64;
        s.issues[issue]
            .positions
            .iter()
            .zip(&self.issue_positions[issue])
            .map(|(p, &c)| (p.clone(), c as f64 / n))
            .collect()
    }

    /// Quantiles of a continuous issue's settled value.
    pub fn value_quantile(&self, s: &Scenario, issue: usize, q: f64) -> Option<f64> {
        let counts = &self.issue_positions[issue];
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return None;
        }
        let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
        let mut acc = 0;
        for (p, &c) in Pos::all(counts.len()).zip(counts) {
            acc += c;
            if acc >= rank {
                return Some(s.issues[issue].value(p));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bucket values of the default configuration as `libm` computes them, k in `keys`.
    fn libm_buckets(keys: std::ops::RangeInclusive<i32>) -> Vec<(i32, f64)> {
        let gamma = Config::defaults().gamma;
        let (g, f) = (libm::log(gamma), 2.0 * gamma / (1.0 + gamma));
        keys.map(|k| (k, libm::exp(f64::from(k) * g) * f)).collect()
    }

    #[test]
    fn bucket_values_are_libms_whatever_the_platforms_exp() {
        let config = Config::defaults();
        // Every key a sketch of values from 1e-9 to 1e300 can hold, whatever exp reported it.
        for (k, want) in libm_buckets(-1100..=34_600) {
            for reported in [config.value(k), want] {
                let got = bucket_value(reported);
                assert_eq!(
                    got.to_bits(),
                    want.to_bits(),
                    "bucket {k}: {got:e} against {want:e}"
                );
                assert_eq!(
                    bucket_value(-reported).to_bits(),
                    (-want).to_bits(),
                    "bucket {k}"
                );
            }
        }
        assert_eq!(bucket_value(0.0), 0.0);
    }

    #[test]
    fn quantiles_are_portable_bucket_values_or_the_exact_extremes() {
        // Values spread over many buckets, both signs and zero.
        let mut v = ValueStats::default();
        let mut x: u64 = 12_345;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            v.add((u - 0.3) * 1000.0 * u * u);
        }
        v.add(0.0);
        let buckets = libm_buckets(-1100..=1100);
        let is_bucket = |y: f64| {
            buckets
                .iter()
                .any(|&(_, b)| b.to_bits() == y.abs().to_bits())
        };
        let sk = v.sketch.as_ref().unwrap();
        let (lo, hi) = (sk.min().unwrap(), sk.max().unwrap());
        for i in 1..1000 {
            let q = f64::from(i) / 1000.0;
            let y = v.quantile(q).unwrap();
            assert!(
                y == 0.0 || y == lo || y == hi || is_bucket(y),
                "quantile {q}: {y:e} is not a bucket's value as libm computes it"
            );
        }
    }

    #[test]
    fn exact_turn_quantiles() {
        let mut h = TurnHist::default();
        for t in [5, 1, 3, 2, 4] {
            h.add(t);
        }
        assert_eq!(h.quantile(0.5), Some(3));
        assert_eq!(h.quantile(0.1), Some(1));
        assert_eq!(h.quantile(0.9), Some(5));
        assert_eq!(TurnHist::default().quantile(0.5), None);
    }

    #[test]
    fn censored_quantiles_count_the_runs_that_never_got_there_as_later() {
        let mut h = TurnHist::default();
        for t in [5, 1, 3] {
            h.add(t);
        }
        // 3 of 10 runs: the 10th percentile is the first turn, the median is after the horizon.
        assert_eq!(h.censored_quantile(0.1, 10), Some(1));
        assert_eq!(h.censored_quantile(0.3, 10), Some(5));
        assert_eq!(h.censored_quantile(0.5, 10), None);
        // Every run got there: the plain quantile.
        assert_eq!(h.censored_quantile(0.5, 3), h.quantile(0.5));
        assert_eq!((h.by(3), h.by(0), h.at_least(3)), (2, 0, 2));
    }

    #[test]
    fn value_stats_merge_is_order_free() {
        let vals: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1000) as f64 / 37.0 - 10.0)
            .collect();
        let mut whole = ValueStats::default();
        vals.iter().for_each(|&v| whole.add(v));
        let mut a = ValueStats::default();
        let mut b = ValueStats::default();
        vals[..300].iter().for_each(|&v| a.add(v));
        vals[300..].iter().for_each(|&v| b.add(v));
        b.merge(&a);
        assert_eq!(whole.mean(), b.mean());
        assert_eq!(whole.quantile(0.5), b.quantile(0.5));
        let exact = {
            let mut s = vals.clone();
            s.sort_by(f64::total_cmp);
            s[499]
        };
        let q = whole.quantile(0.5).unwrap();
        assert!(
            (q - exact).abs() <= 0.02 * exact.abs() + 1e-9,
            "{q} vs {exact}"
        );
    }
}
