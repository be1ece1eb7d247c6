//! Expectations against behaviour: what each actor predicted the others would do, and what they did.
//!
//! Whenever an actor makes an offer it expects the other side, at its next move, to accept it with
//! some probability and otherwise to concede (offer something closer to it) with some probability;
//! whenever it accepts, it expects the veto players to block with some probability; whenever it
//! takes an action, it expects the other side's answer to its standing offers to change. The
//! recorder keeps, per actor and kind of expectation, the sum of the predicted probabilities and the
//! number of times the predicted thing happened: the mean prediction against the realised frequency
//! (calibration in the large). `armistice beliefs` reports them; the decision model makes them agree
//! by construction (the probabilities predicted are the ones the others then use), up to the world
//! moving between the prediction and the move and to sampling noise.

use serde::Serialize;

use super::Model;
use super::solve::Node;
use crate::scenario::{ActorIx, IssueIx, PartyIx, Pos};

/// A prediction waiting for the move that realises it.
#[derive(Clone, Debug)]
struct Pending {
    /// Who predicted.
    actor: ActorIx,
    /// The offer it made.
    offer: Pos,
    /// The other party's position when the prediction was made.
    other_at: Pos,
    /// Probability that the other party accepts at its next move (`None` once resolved).
    accept: Option<f64>,
    /// Probability that the other party's next offer is closer to this one (`None` once resolved).
    concede: Option<f64>,
    /// If the offer followed an action of the predictor this turn: the action.
    action: Option<usize>,
}

/// Sums of one kind of expectation.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    predicted: f64,
    realized: f64,
    n: u64,
}

/// Predicted against realised, per actor and kind of expectation.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// Runs begun.
    runs: u64,
    nissues: usize,
    nactions: usize,
    /// `[actor][kind]`, kinds laid out by [`Recorder::kind`].
    sums: Vec<Vec<Sums>>,
    /// `[issue][party]`: the prediction of the party's last offer about the other party's next move.
    pending: Vec<Vec<Option<Pending>>>,
    /// Per actor: the action taken this turn, if any (its offers this turn then also test the
    /// expected response to it).
    acted: Vec<Option<usize>>,
    /// Turns negotiated, and those whose expectations rest on a game the solver did not converge on.
    turns: u64,
    unconverged: u64,
}

/// Kinds per issue: accept, concede, veto.
const PER_ISSUE: usize = 3;

impl Recorder {
    /// An empty recorder for a model.
    pub fn new(m: &Model) -> Recorder {
        let s = &m.scenario;
        let kinds = PER_ISSUE * s.issues.len() + s.actions.len();
        Recorder {
            runs: 0,
            nissues: s.issues.len(),
            nactions: s.actions.len(),
            sums: vec![vec![Sums::default(); kinds]; s.actors.len()],
            pending: s
                .issues
                .iter()
                .map(|i| vec![None; i.parties.len()])
                .collect(),
            acted: vec![None; s.actors.len()],
            turns: 0,
            unconverged: 0,
        }
    }

    /// A turn is negotiated on expectations whose games converged or not.
    pub fn negotiated(&mut self, converged: bool) {
        self.turns += 1;
        self.unconverged += u64::from(!converged);
    }

    fn kind(&self, issue: IssueIx, which: usize) -> usize {
        issue.ix() * PER_ISSUE + which
    }

    fn add(&mut self, actor: ActorIx, kind: usize, predicted: f64, realized: bool) {
        let s = &mut self.sums[actor][kind];
        s.predicted += predicted;
        s.realized += f64::from(u8::from(realized));
        s.n += 1;
    }

    /// A new run starts: pending predictions lapse.
    pub fn new_run(&mut self) {
        self.runs += 1;
        for p in self.pending.iter_mut().flatten() {
            *p = None;
        }
        self.acted.fill(None);
    }

    /// Actor `a` took action `x` this turn.
    pub fn action_taken(&mut self, a: ActorIx, x: usize) {
        self.acted[a] = Some(x);
    }

    /// Party `k` (lead `actor`) offered `q` on issue `i`, facing the other party at `other_at`:
    /// `answer` is the other party's node when it answers (this turn), `again` its offer node next
    /// turn.
    #[allow(clippy::too_many_arguments)]
    pub fn offered(
        &mut self,
        i: IssueIx,
        k: PartyIx,
        actor: ActorIx,
        q: Pos,
        answer: &Node,
        again: &Node,
        other_at: Pos,
    ) {
        let accept = answer.accept()[q];
        let closer: f64 = Pos::all(again.offer().len())
            .zip(again.offer())
            .filter(|&(p, _)| p.distance(q) < other_at.distance(q))
            .map(|(_, w)| w)
            .sum();
        self.pending[i][k] = Some(Pending {
            actor,
            offer: q,
            other_at,
            accept: Some(accept),
            concede: Some(closer),
            action: self.acted[actor].take(),
        });
    }

    /// Party `k` answered on issue i (`accepted`: whether it decided to accept): resolves the other
    /// parties' predictions of its answer. `ended`: the run ended at this move (a walk-out), which
    /// tests no prediction.
    pub fn answered(&mut self, i: IssueIx, k: PartyIx, accepted: bool, ended: bool) {
        for j in PartyIx::all(self.pending[i].len()) {
            if j == k {
                continue;
            }
            let Some(p) = self.pending[i][j].as_mut() else {
                continue;
            };
            let Some(pa) = p.accept.take() else { continue };
            if ended && !accepted {
                continue;
            }
            let (actor, action) = (p.actor, p.action);
            let ka = self.kind(i, 0);
            self.add(actor, ka, pa, accepted);
            if let Some(x) = action {
                let kx = PER_ISSUE * self.nissues + x;
                self.add(actor, kx, pa, accepted);
            }
        }
    }

    /// Party `k` offered on issue i, from `before` to `after`: resolves the other parties'
    /// predictions of its next offer (a concession: closer to their offer than before).
    pub fn proposed(&mut self, i: IssueIx, k: PartyIx, before: Pos, after: Pos) {
        let _ = before;
        for j in PartyIx::all(self.pending[i].len()) {
            if j == k {
                continue;
            }
            let Some(p) = self.pending[i][j].as_mut() else {
                continue;
            };
            let Some(pc) = p.concede.take() else { continue };
            let closer = after.distance(p.offer) < p.other_at.distance(p.offer);
            let actor = p.actor;
            let kc = self.kind(i, 1);
            self.add(actor, kc, pc, closer);
        }
    }

    /// Actor `a` accepted on issue i, expecting a veto with probability `predicted`.
    pub fn veto(&mut self, a: ActorIx, i: IssueIx, predicted: f64, vetoed: bool) {
        let kv = self.kind(i, 2);
        self.add(a, kv, predicted, vetoed);
    }

    /// Adds another recorder's sums (batches record per block, then merge in block order).
    pub fn merge(&mut self, o: &Recorder) {
        self.runs += o.runs;
        self.turns += o.turns;
        self.unconverged += o.unconverged;
        for (a, row) in self.sums.iter_mut().enumerate() {
            for (k, s) in row.iter_mut().enumerate() {
                let x = o.sums[a][k];
                s.predicted += x.predicted;
                s.realized += x.realized;
                s.n += x.n;
            }
        }
    }

    /// The report, with kinds resting on fewer than `min_n` occasions listed but left out of the
    /// mean error.
    pub fn report(&self, m: &Model, min_n: u64) -> BeliefReport {
        let s = &m.scenario;
        let mut rows = Vec::new();
        for (a, row) in self.sums.iter().enumerate() {
            for (k, x) in row.iter().enumerate() {
                if x.n == 0 {
                    continue;
                }
                let (about, kind) = if k < PER_ISSUE * self.nissues {
                    let i = k / PER_ISSUE;
                    let what = match k % PER_ISSUE {
                        0 => "accepts my offer",
                        1 => "concedes",
                        _ => "vetoes my acceptance",
                    };
                    (format!("issue.{}", s.issues[i].id), what.to_string())
                } else {
                    let x = k - PER_ISSUE * self.nissues;
                    debug_assert!(x < self.nactions);
                    (
                        format!("action.{}", s.actions[x].id),
                        "accepts my offer after my action".to_string(),
                    )
                };
                let predicted = x.predicted / x.n as f64;
                let realized = x.realized / x.n as f64;
                rows.push(BeliefRow {
                    actor: s.actors[a].id.clone(),
                    about,
                    kind,
                    occasions: x.n,
                    predicted,
                    realized,
                    abs_error: (predicted - realized).abs(),
                    counted: x.n >= min_n,
                });
            }
        }
        let counted: Vec<&BeliefRow> = rows.iter().filter(|r| r.counted).collect();
        let mean_abs_error = if counted.is_empty() {
            0.0
        } else {
            counted.iter().map(|r| r.abs_error).sum::<f64>() / counted.len() as f64
        };
        let max_abs_error = counted.iter().map(|r| r.abs_error).fold(0.0, f64::max);
        BeliefReport {
            scenario: s.id.clone(),
            runs: self.runs,
            min_occasions: min_n,
            kinds: counted.len(),
            mean_abs_error,
            max_abs_error,
            turns: self.turns,
            turns_unconverged: self.unconverged,
            rows,
        }
    }
}

/// One actor's expectation of one kind.
#[derive(Clone, Debug, Serialize)]
pub struct BeliefRow {
    /// The actor who expected.
    pub actor: String,
    /// What it was about: `issue.ID` or `action.ID`.
    pub about: String,
    /// The kind: "accepts my offer", "concedes", "vetoes my acceptance", "accepts my offer after
    /// my action".
    pub kind: String,
    /// How many times the expectation was formed and then tested.
    pub occasions: u64,
    /// The mean predicted probability.
    pub predicted: f64,
    /// The realised frequency.
    pub realized: f64,
    /// |predicted − realized|.
    pub abs_error: f64,
    /// Whether it counts in the mean (enough occasions).
    pub counted: bool,
}

/// Predicted against realised expectations over a batch.
#[derive(Clone, Debug, Serialize)]
pub struct BeliefReport {
    /// Scenario id.
    pub scenario: String,
    /// Runs played.
    pub runs: u64,
    /// Kinds tested fewer times than this are listed but not counted.
    pub min_occasions: u64,
    /// Kinds counted.
    pub kinds: usize,
    /// Mean over counted (actor, kind) of |predicted − realized|.
    pub mean_abs_error: f64,
    /// The largest of them.
    pub max_abs_error: f64,
    /// Turns negotiated over the batch.
    pub turns: u64,
    /// Of them, those whose expectations rest on a bargaining game whose policy iteration did not
    /// converge (used as the iteration left it; `docs/model.md`, "Limits").
    pub turns_unconverged: u64,
    /// Every (actor, kind).
    pub rows: Vec<BeliefRow>,
}

/// Plays `runs` runs of `model` under `seed` recording expectations, and reports them. Runs are
/// played in index order on one simulation, so the report does not depend on threads.
pub fn measure(model: &Model, runs: u64, seed: u64, min_occasions: u64) -> BeliefReport {
    let mut sim = super::Simulation::new(model, seed, 0).with_beliefs();
    for r in 0..runs {
        sim.restart(seed, r);
        let _ = sim.play();
    }
    sim.beliefs()
        .map(|b| b.report(model, min_occasions))
        .unwrap_or_else(|| Recorder::new(model).report(model, min_occasions))
}

/// The report as a table for the terminal.
pub fn to_text(r: &BeliefReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Expectations against behaviour: {} ({} runs)",
        r.scenario, r.runs
    );
    if r.kinds == 0 {
        let _ = writeln!(
            o,
            "No expectation was tested at least {} times: every actor that moved follows a rule \
             that predicts nothing, or too few runs (--runs).",
            r.min_occasions
        );
    } else {
        let _ = writeln!(
            o,
            "mean |predicted - realised| {:.4} over {} kinds (max {:.4})",
            r.mean_abs_error, r.kinds, r.max_abs_error
        );
    }
    let _ = writeln!(
        o,
        "solver: {} of {} turns negotiated on a game that did not converge{}",
        r.turns_unconverged,
        r.turns,
        if r.turns > 0 {
            format!(
                " ({:.2} %)",
                100.0 * r.turns_unconverged as f64 / r.turns as f64
            )
        } else {
            String::new()
        }
    );
    let w = r
        .rows
        .iter()
        .map(|x| x.actor.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let wa = r
        .rows
        .iter()
        .map(|x| x.about.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        o,
        "\n{:<w$}  {:<wa$}  {:<32} {:>9} {:>9} {:>9} {:>7}",
        "actor",
        "about",
        "expects the other side to…",
        "occasions",
        "predicted",
        "realised",
        "error"
    );
    for x in &r.rows {
        let _ = writeln!(
            o,
            "{:<w$}  {:<wa$}  {:<32} {:>9} {:>9.3} {:>9.3} {:>7.3}{}",
            x.actor,
            x.about,
            x.kind,
            x.occasions,
            x.predicted,
            x.realized,
            x.abs_error,
            if x.counted { "" } else { "  (too few)" }
        );
    }
    o
}
