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
            x.map(|x| s.issues[i].positions[x.1].clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::run::EndReason;
    use crate::scenario::Pos;

    fn toy() -> Scenario {
        Scenario::load("ceasefire_toy", &[]).unwrap()
    }

    /// A run of the toy: the ceasefire (both issues) reached in turn `agreed`, or the horizon.
    fn run(s: &Scenario, agreed: Option<u32>) -> RunOutcome {
        RunOutcome {
            run: 3,
            seed: 18_301_176_669_829_311_175,
            turns: agreed.map_or(s.clock.max_turns, |t| t + 1),
            end_reason: if agreed.is_some() {
                EndReason::Agreed
            } else {
                EndReason::Horizon
            },
            // The line at its 10th position (1.0), the prisoners on `commission`.
            issues: vec![
                agreed.map(|t| (t, Pos::new(10))),
                agreed.map(|t| (t, Pos::new(1))),
            ],
            agreements: vec![agreed],
            events: vec![Some(2)],
            actions: vec![None],
            payoffs: vec![0.0, -2.782_398_453_918_88, 0.1 + 0.2],
            states: vec![-0.0],
            path: None,
        }
    }

    /// The file `RunsWriter` writes for `runs`, as text.
    fn written(s: &Scenario, header_row: bool, runs: &[RunOutcome]) -> String {
        let mut w = RunsWriter::new(s, Vec::new(), header_row).unwrap();
        w.write(s, runs).unwrap();
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn the_header_names_every_column_after_the_scenarios_ids_in_order() {
        assert_eq!(
            header(&toy()).join(","),
            "run,seed,turns,end_date,end_reason,\
             issue.line.date,issue.line.value,issue.prisoners.date,issue.prisoners.value,\
             agreement.ceasefire.date,event.patron_loses_interest.date,action.offensive.date,\
             payoff.South,payoff.North,payoff.Patron,state.front"
        );
    }

    #[test]
    fn a_row_has_one_cell_per_header_column_with_dates_terms_and_shortest_numbers() {
        let s = toy();
        let row = row(&s, &run(&s, Some(66)));
        assert_eq!(row.len(), header(&s).len());
        // Turn 66 of a weekly clock from 2001-01-01 starts on 2002-04-08; the run ends in the turn it
        // agrees; -0.0 is written 0 and 0.1 + 0.2 in its shortest round-trip form.
        assert_eq!(
            row.join(","),
            "3,18301176669829311175,67,2002-04-08,agreed,\
             2002-04-08,1,2002-04-08,commission,2002-04-08,2001-01-15,,\
             0,-2.78239845391888,0.30000000000000004,0"
        );
    }

    #[test]
    fn a_run_that_reaches_nothing_leaves_its_date_and_term_cells_empty() {
        let s = toy();
        let row = row(&s, &run(&s, None));
        let h = header(&s);
        let cell = |name: &str| row[h.iter().position(|c| c == name).unwrap()].as_str();
        assert_eq!(cell("end_reason"), "horizon");
        assert_eq!(cell("turns"), s.clock.max_turns.to_string());
        for empty in [
            "issue.line.date",
            "issue.line.value",
            "issue.prisoners.value",
            "agreement.ceasefire.date",
            "action.offensive.date",
        ] {
            assert_eq!(cell(empty), "", "{empty}");
        }
    }

    #[test]
    fn on_an_abstract_clock_dates_are_turn_numbers() {
        let mut s = toy();
        s.clock.start = None;
        let row = row(&s, &run(&s, Some(66)));
        assert_eq!(&row[3..6], ["66", "agreed", "66"]);
        // A run of no turns ends in turn 0, not in turn -1.
        let none = RunOutcome {
            turns: 0,
            ..run(&s, None)
        };
        assert_eq!(super::row(&s, &none)[3], "0");
    }

    #[test]
    fn numbers_are_written_in_the_shortest_form_that_reads_back_exactly() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-2.5), "-2.5");
        assert_eq!(num(1e-7), "0.0000001");
        assert_eq!(num(1e21), "1000000000000000000000");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(f64::NEG_INFINITY), "-inf");
        for v in [
            0.1 + 0.2,
            1.0 / 3.0,
            -2.782_398_453_918_88,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(num(v).parse::<f64>().unwrap(), v, "{v}");
        }
    }

    #[test]
    fn cells_with_commas_quotes_or_newlines_are_quoted_and_their_quotes_doubled() {
        // Scenario ids cannot hold such characters (`valid_id`), but the writer must not rely on it.
        let mut s = toy();
        s.issues[1].positions[1] = "a, \"b\"\nc".into();
        s.actors[0].id = "So,uth".into();
        let text = written(&s, true, &[run(&s, Some(66))]);
        let mut lines = text.lines();
        assert!(
            lines.next().unwrap().contains(",\"payoff.So,uth\","),
            "{text}"
        );
        assert!(
            text.contains(",2002-04-08,\"a, \"\"b\"\"\nc\",2002-04-08,"),
            "{text}"
        );
        // It reads back as the same cells.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let back: Vec<String> = reader
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(back, row(&s, &run(&s, Some(66))));
    }

    #[test]
    fn a_file_without_runs_is_its_header_line_or_nothing() {
        let s = toy();
        assert_eq!(written(&s, true, &[]), header(&s).join(",") + "\n");
        assert_eq!(written(&s, false, &[]), "");
        // Without a header (a shard appended to another), only the rows.
        let rows = written(&s, false, &[run(&s, None), run(&s, Some(1))]);
        assert_eq!(rows.lines().count(), 2);
        assert!(rows.starts_with("3,18301176669829311175,"), "{rows}");
    }
}
