//! Strategy tournaments: every assignment of a list of strategies to a scenario's negotiating actors
//! (for two actors, every ordered pair), each played over the same seeded runs, summarised as mean
//! payoffs, agreement rates and agreement times.
//!
//! Every assignment uses the same master seed and run indices (common random numbers), so differences
//! between rows come from the strategies, not from luck. Runs go through the batch runner (parallel,
//! cancellable, within the memory budget) and are reduced in index order, so the table does not depend
//! on the number of threads.

use std::sync::atomic::AtomicBool;

use serde::Serialize;

use crate::batch::{self, BLOCK, Footprint, Plan, Sink};
use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::outcome::{EndReason, RunOutcome};
use crate::scenario::{ActorIx, Scenario};
use crate::strategy::StrategySpec;

/// Most assignments one tournament plays (strategies ^ seats).
pub const MAX_ASSIGNMENTS: usize = 10_000;

/// One assignment of strategies to seats, with its results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The strategy of each seat (labels, in seat order).
    pub strategies: Vec<String>,
    /// Runs played.
    pub runs: u64,
    /// Mean realised utility of each seat's actor: discounted terms of the agreements reached, flows
    /// and action costs (a run without agreement is worth what it realised, e.g. 0 with no flows).
    pub mean_utility: Vec<f64>,
    /// Mean payoff of each seat's actor as in `runs.csv`: realised utility plus the value of the
    /// world left at the end (which counts an open issue at its expected settlement).
    pub mean_payoff: Vec<f64>,
    /// Share of runs in which every agreement was reached.
    pub agreement_rate: f64,
    /// Mean turn at which the last agreement was reached, over runs that reached them all.
    pub mean_agreement_turn: Option<f64>,
}

/// A strategy's record over every seat it filled.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// The strategy's label.
    pub strategy: String,
    /// Seats it filled (assignments × seats).
    pub seats: u64,
    /// Mean realised utility over those seats' runs.
    pub mean_utility: f64,
    /// Mean payoff (realised utility plus the value of the world left) over those seats' runs.
    pub mean_payoff: f64,
    /// Share of those runs that reached every agreement.
    pub agreement_rate: f64,
    /// Mean agreement turn over those runs that reached every agreement.
    pub mean_agreement_turn: Option<f64>,
}

/// A finished tournament.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tournament {
    /// The scenario's id.
    pub scenario: String,
    /// The actors whose strategies vary (seats), by id.
    pub seats: Vec<String>,
    /// The strategies, by label.
    pub strategies: Vec<String>,
    /// Master seed.
    pub seed: u64,
    /// Runs per assignment.
    pub runs: u64,
    /// One row per assignment, the first seat's strategy varying slowest.
    pub rows: Vec<Row>,
    /// One score per strategy, in the order given.
    pub scores: Vec<Score>,
}

/// The default seats: the actors who negotiate for a party on some issue (each side's lead), in
/// actor order.
pub fn default_seats(s: &Scenario) -> Vec<ActorIx> {
    let mut seats: Vec<ActorIx> = s
        .issues
        .iter()
        .flat_map(|i| i.parties.iter().map(|p| p.lead))
        .collect();
    seats.sort_unstable();
    seats.dedup();
    seats
}

/// What one run leaves for the tournament: each seat's realised utility and payoff, and, when the run
/// reached every agreement, the turn of the last one.
type Cell = (Vec<f64>, Vec<f64>, Option<u32>);

/// The runner's sink for one assignment: per run, the seats' numbers, summed later in run order (so
/// the means do not depend on the thread count).
struct CellSink<'a> {
    seats: &'a [ActorIx],
    cells: Vec<Cell>,
}

impl Sink for CellSink<'_> {
    type Block = Vec<Cell>;

    fn open(&self, _first: u64) -> Self::Block {
        Vec::new()
    }

    fn record(&self, block: &mut Self::Block, sim: &Simulation<'_>, o: RunOutcome) {
        let realized = sim.realized();
        let agreed = (o.end_reason == EndReason::Agreed)
            .then(|| o.agreements.iter().flatten().copied().max().unwrap_or(0));
        block.push((
            self.seats.iter().map(|&a| realized[a]).collect(),
            self.seats.iter().map(|&a| o.payoffs[a]).collect(),
            agreed,
        ));
    }

    fn take(&mut self, block: Self::Block) -> Result<()> {
        self.cells.extend(block);
        Ok(())
    }

    const SPLITS: bool = true;

    fn join(&self, into: &mut Self::Block, later: Self::Block) {
        into.extend(later);
    }

    fn footprint(&self, _model: &Model, plan: &Plan) -> Footprint {
        let each = 64 + 16 * self.seats.len() as u64;
        Footprint {
            resident: plan.len().saturating_mul(each),
            per_block: BLOCK * each,
            per_thread: 0,
            what: format!(
                "it keeps {} numbers for each of {} runs",
                2 * self.seats.len() + 1,
                plan.len()
            ),
            help: "use fewer --runs".into(),
        }
    }
}

/// Assignment `idx` of `ns` strategies to `seats` seats: the strategy index of each seat, seat 0's
/// varying slowest.
fn assignment(idx: usize, ns: usize, seats: usize) -> Vec<usize> {
    let mut choice = vec![0usize; seats];
    let mut r = idx;
    for c in choice.iter_mut().rev() {
        *c = r % ns;
        r /= ns;
    }
    choice
}

/// Per seat, the sums of realised utility and payoff over the runs (in run order); the runs that
/// reached every agreement, and the sum of their last agreement turns.
fn totals(cells: &[Cell], seats: usize) -> (Vec<f64>, Vec<f64>, u64, f64) {
    let mut util = vec![0.0; seats];
    let mut pay = vec![0.0; seats];
    let mut agreed = 0u64;
    let mut turn_sum = 0.0;
    for (u, p, last) in cells {
        for k in 0..seats {
            util[k] += u[k];
            pay[k] += p[k];
        }
        if let Some(t) = last {
            agreed += 1;
            turn_sum += *t as f64;
        }
    }
    (util, pay, agreed, turn_sum)
}

/// Plays every assignment of `strategies` to `seats` (actor indices) over runs `0..runs` of `seed`,
/// on the current thread pool; `progress(done, total)` counts assignments.
pub fn play(
    scenario: &Scenario,
    seats: &[ActorIx],
    strategies: &[StrategySpec],
    plan: Plan,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Tournament> {
    if strategies.is_empty() {
        return Err(Error::Usage(
            "a tournament needs at least one strategy".into(),
        ));
    }
    if seats.is_empty() {
        return Err(Error::Usage(format!(
            "scenario `{}` has no negotiating actor to assign strategies to",
            scenario.id
        )));
    }
    if scenario.turn_order == crate::scenario::TurnOrder::Fixed {
        if let Some(st) = strategies.iter().find(|st| !st.is_rule_based()) {
            return Err(Error::Usage(format!(
                "scenario `{}` has `turn_order = \"fixed\"`, which needs every actor to follow a rule; `{}` plays the solved game, which assumes alternating offers: list rule-based strategies only (aspiration, boulware, linear, conceder, time_dependent, tit_for_tat), or --set scenario.turn_order=alternating",
                scenario.id,
                st.label()
            )));
        }
    }
    let n = crate::math::powi(strategies.len() as f64, seats.len() as i32);
    if n > MAX_ASSIGNMENTS as f64 {
        return Err(Error::Limit(format!(
            "{} strategies for {} seats make {n} assignments (at most {MAX_ASSIGNMENTS}); list fewer strategies or choose seats with --actors",
            strategies.len(),
            seats.len()
        )));
    }
    let n = n as usize;
    let ns = strategies.len();
    let runs = plan.runs;
    let mut rows = Vec::with_capacity(n);
    // Per strategy: (seats, utility sum, payoff sum, runs, agreed runs, agreement-turn sum).
    let mut acc = vec![(0u64, 0.0f64, 0.0f64, 0u64, 0u64, 0.0f64); ns];
    for idx in 0..n {
        progress(idx, n);
        let choice = assignment(idx, ns, seats.len());
        let mut s = scenario.clone();
        for (seat, &c) in seats.iter().zip(&choice) {
            s.actors[*seat].strategy = strategies[c];
        }
        let model = Model::new(s);
        let mut sink = CellSink {
            seats,
            cells: Vec::new(),
        };
        batch::run(&model, &plan, &mut sink, cancel, &mut |_, _| {})?;
        let (util, pay, agreed, turn_sum) = totals(&sink.cells, seats.len());
        let nr = runs.max(1) as f64;
        for (k, &c) in choice.iter().enumerate() {
            let a = &mut acc[c];
            a.0 += 1;
            a.1 += util[k];
            a.2 += pay[k];
            a.3 += runs;
            a.4 += agreed;
            a.5 += turn_sum;
        }
        rows.push(Row {
            strategies: choice.iter().map(|&c| strategies[c].label()).collect(),
            runs,
            mean_utility: util.iter().map(|u| u / nr).collect(),
            mean_payoff: pay.iter().map(|p| p / nr).collect(),
            agreement_rate: agreed as f64 / nr,
            mean_agreement_turn: (agreed > 0).then(|| turn_sum / agreed as f64),
        });
    }
    progress(n, n);
    let scores = strategies
        .iter()
        .zip(&acc)
        .map(|(st, a)| Score {
            strategy: st.label(),
            seats: a.0,
            mean_utility: if a.3 > 0 { a.1 / a.3 as f64 } else { 0.0 },
            mean_payoff: if a.3 > 0 { a.2 / a.3 as f64 } else { 0.0 },
            agreement_rate: if a.3 > 0 {
                a.4 as f64 / a.3 as f64
            } else {
                0.0
            },
            mean_agreement_turn: (a.4 > 0).then(|| a.5 / a.4 as f64),
        })
        .collect();
    Ok(Tournament {
        scenario: scenario.id.clone(),
        seats: seats
            .iter()
            .map(|&a| scenario.actors[a].id.clone())
            .collect(),
        strategies: strategies.iter().map(|s| s.label()).collect(),
        seed: plan.seed,
        runs,
        rows,
        scores,
    })
}

impl Tournament {
    /// `tournament.csv`: one row per assignment.
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut h: Vec<String> = self.seats.iter().map(|a| format!("strategy.{a}")).collect();
        h.push("runs".into());
        h.push("agreement_rate".into());
        h.push("mean_agreement_turn".into());
        h.extend(self.seats.iter().map(|a| format!("utility.{a}")));
        h.extend(self.seats.iter().map(|a| format!("payoff.{a}")));
        let err = |e: csv::Error| Error::Output(format!("cannot write tournament.csv: {e}"));
        w.write_record(&h).map_err(err)?;
        for r in &self.rows {
            let mut rec = r.strategies.clone();
            rec.push(r.runs.to_string());
            rec.push(crate::export::csv::num(r.agreement_rate));
            rec.push(
                r.mean_agreement_turn
                    .map(crate::export::csv::num)
                    .unwrap_or_default(),
            );
            rec.extend(r.mean_utility.iter().map(|&u| crate::export::csv::num(u)));
            rec.extend(r.mean_payoff.iter().map(|&p| crate::export::csv::num(p)));
            w.write_record(&rec).map_err(err)?;
        }
        w.into_inner()
            .map_err(|e| Error::Output(format!("cannot write tournament.csv: {e}")))
    }

    /// `tournament.json`: the whole tournament (the document is defined in
    /// [`crate::outcome::doc::tournament`]).
    pub fn to_json(&self) -> String {
        crate::export::json::to_text(&self.doc())
    }

    /// The tournament as its document.
    pub fn doc(&self) -> crate::outcome::doc::TournamentDoc {
        use crate::outcome::doc::tournament::*;
        TournamentDoc {
            scenario: self.scenario.clone(),
            seats: self.seats.clone(),
            strategies: self.strategies.clone(),
            seed: self.seed,
            runs: self.runs,
            rows: self
                .rows
                .iter()
                .map(|r| TournamentRowDoc {
                    strategies: r.strategies.clone(),
                    runs: r.runs,
                    mean_utility: r.mean_utility.clone(),
                    mean_payoff: r.mean_payoff.clone(),
                    agreement_rate: r.agreement_rate,
                    mean_agreement_turn: r.mean_agreement_turn,
                })
                .collect(),
            scores: self
                .scores
                .iter()
                .map(|s| ScoreDoc {
                    strategy: s.strategy.clone(),
                    seats: s.seats,
                    mean_utility: s.mean_utility,
                    mean_payoff: s.mean_payoff,
                    agreement_rate: s.agreement_rate,
                    mean_agreement_turn: s.mean_agreement_turn,
                })
                .collect(),
        }
    }

    /// A plain-text table of the rows and the per-strategy scores.
    pub fn to_text(&self) -> String {
        let mut t = format!(
            "Tournament on {}: {} strategies, {} assignments × {} runs (seed {})\n\n",
            self.scenario,
            self.strategies.len(),
            self.rows.len(),
            self.runs,
            self.seed
        );
        let w = self
            .strategies
            .iter()
            .map(|s| s.len())
            .chain(self.seats.iter().map(|s| s.len()))
            .max()
            .unwrap_or(8)
            .max(8);
        for a in &self.seats {
            t.push_str(&format!("{a:<w$}  "));
        }
        t.push_str(" agreed  mean turn");
        for a in &self.seats {
            t.push_str(&format!("  {:>10}", format!("utility {a}")));
        }
        t.push('\n');
        for r in &self.rows {
            for s in &r.strategies {
                t.push_str(&format!("{s:<w$}  "));
            }
            t.push_str(&format!("{:>6.1}%", 100.0 * r.agreement_rate));
            t.push_str(&match r.mean_agreement_turn {
                Some(x) => format!("  {x:>9.1}"),
                None => format!("  {:>9}", "-"),
            });
            for u in &r.mean_utility {
                t.push_str(&format!("  {u:>10.4}"));
            }
            t.push('\n');
        }
        t.push_str(&format!(
            "\n{:<w$}  seats  mean utility  agreed  mean turn\n",
            "strategy"
        ));
        for s in &self.scores {
            t.push_str(&format!(
                "{:<w$}  {:>5}  {:>12.4}  {:>5.1}%  {}\n",
                s.strategy,
                s.seats,
                s.mean_utility,
                100.0 * s.agreement_rate,
                s.mean_agreement_turn
                    .map(|x| format!("{x:>9.1}"))
                    .unwrap_or_else(|| format!("{:>9}", "-"))
            ));
        }
        t.push_str(
            "\nutility: realised discounted utility (agreed terms, flows, costs); a run without agreement\ncounts only what it realised. Payoffs with the value of the world left are in the CSV/JSON.\n",
        );
        t
    }
}
