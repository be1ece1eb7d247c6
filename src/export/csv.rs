//! `runs.csv`: one row per run, columns named after the scenario's ids.

use std::io::Write;

use crate::error::{Error, Result};
use crate::outcome::RunOutcome;
use crate::scenario::Scenario;

/// The header row.
pub fn header(s: &Scenario) -> Vec<String> {
    let mut h: Vec<String> = ["run", "seed", "turns", "end_date", "end_reason"]
        .iter()
        .map(|x| x.to_string())
        .collect();
    for i in &s.issues {
        h.push(format!("issue.{}.date", i.id));
        h.push(format!("issue.{}.value", i.id));
    }
    h.extend(
        s.agreements
            .iter()
            .map(|g| format!("agreement.{}.date", g.id)),
    );
    h.extend(s.events.iter().map(|e| format!("event.{}.date", e.id)));
    h.extend(s.actions.iter().map(|a| format!("action.{}.date", a.id)));
    h.extend(s.actors.iter().map(|a| format!("payoff.{}", a.id)));
    h.extend(s.states.iter().map(|x| format!("state.{}", x.id)));
    h
}

/// Formats a float the same way everywhere (shortest round-trip form).
pub fn num(v: f64) -> String {
    if v == 0.0 { "0".into() } else { format!("{v}") }
}

/// One row.
pub fn row(s: &Scenario, o: &RunOutcome) -> Vec<String> {
    let c = &s.clock;
    let date = |t: Option<u32>| t.map(|t| c.cell(t)).unwrap_or_default();
    let mut r = vec![
        o.run.to_string(),
        o.seed.to_string(),
        o.turns.to_string(),
        c.cell(o.turns.saturating_sub(1)),
        o.end_reason.as_str().to_string(),
    ];
    for (i, x) in o.issues.iter().enumerate() {
        r.push(date(x.map(|x| x.0)));
        r.push(
            x.map(|x| s.issues[i].positions[x.1 as usize].clone())
                .unwrap_or_default(),
        );
    }
    r.extend(o.agreements.iter().map(|x| date(*x)));
    r.extend(o.events.iter().map(|x| date(*x)));
    r.extend(o.actions.iter().map(|x| date(*x)));
    r.extend(o.payoffs.iter().map(|v| num(*v)));
    r.extend(o.states.iter().map(|v| num(*v)));
    r
}

/// Writes rows to any writer.
pub struct RunsWriter<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> RunsWriter<W> {
    /// Starts a file, writing the header if `header`.
    pub fn new(s: &Scenario, out: W, header_row: bool) -> Result<Self> {
        let mut w = csv::WriterBuilder::new().from_writer(out);
        if header_row {
            w.write_record(header(s)).map_err(csv_err)?;
        }
        Ok(RunsWriter { w })
    }

    /// Writes runs.
    pub fn write(&mut self, s: &Scenario, runs: &[RunOutcome]) -> Result<()> {
        for o in runs {
            self.w.write_record(row(s, o)).map_err(csv_err)?;
        }
        Ok(())
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> Result<W> {
        self.w
            .into_inner()
            .map_err(|e| Error::Output(format!("cannot write runs.csv: {}", e.error())))
    }
}

fn csv_err(e: csv::Error) -> Error {
    Error::Output(format!("cannot write runs.csv: {e}"))
}
