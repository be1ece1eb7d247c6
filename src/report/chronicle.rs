//! Section `#chronicle`: one run told by date — a short table of what happened (settlements, vetoes,
//! events, the actions that took effect, agreements, the end), repeats counted on the first row —
//! with the full chronicle, every decision and its reasons, in a collapsed `<details>`.

use crate::engine::trace::Entry;

use super::*;

/// One row of the short chronicle: its date, what kind of thing happened, what, and how often it
/// happened again later (with the date of the last time).
struct Happening {
    date: String,
    kind: &'static str,
    key: String,
    what: String,
    again: usize,
    last: String,
}

/// The label of option `option` of the issue with id `issue` (the option itself where it has none).
fn option_label(s: &Scenario, issue: &str, option: &str) -> (String, String) {
    let Some(i) = s.issues.iter().find(|i| i.id == issue) else {
        return (issue.to_string(), option.to_string());
    };
    let label = i
        .positions
        .iter()
        .position(|p| p == option)
        .and_then(|k| i.option_labels.get(k))
        .filter(|l| !l.is_empty())
        .map_or_else(|| option.to_string(), Clone::clone);
    (i.label.clone(), label)
}

/// The short chronicle of a run: one row per settlement, veto, event, effective action, agreement
/// and the end, in date order; a veto or action that repeats is one row, with how often it came again.
fn happenings(s: &Scenario, entries: &[Entry]) -> Vec<Happening> {
    let mut out: Vec<Happening> = Vec::new();
    for e in entries {
        let date = s.clock.label(e.turn());
        let (kind, key, what) = match e {
            Entry::Event { id, label, .. } => {
                // A dated event happened on its own date, which may fall inside the turn.
                let own = s
                    .events
                    .iter()
                    .find(|x| x.id == *id)
                    .and_then(crate::outcome::doc::summary::event_date)
                    .filter(|(t0, _)| *t0 == e.turn())
                    .map(|(_, d)| d.to_string());
                let row = ("Event", format!("event {id}"), label.clone());
                if let Some(d) = own {
                    out.push(Happening::new(d, row));
                    continue;
                }
                row
            }
            Entry::Action {
                actor,
                id,
                effective: true,
                ..
            } => {
                let label = s
                    .actions
                    .iter()
                    .find(|a| a.id == *id)
                    .map_or(id.as_str(), |a| a.label.as_str());
                (
                    "Action",
                    format!("action {id}"),
                    format!("{actor}: {label}"),
                )
            }
            Entry::Veto {
                issue, option, by, ..
            } => {
                let (issue_label, option) = option_label(s, issue, option);
                (
                    "Veto",
                    format!("veto {by} {issue} {option}"),
                    format!("{by} vetoes “{option}” on {issue_label}"),
                )
            }
            Entry::Settled { issue, option, .. } => {
                let (issue_label, option) = option_label(s, issue, option);
                (
                    "Settled",
                    format!("settled {issue}"),
                    format!("{issue_label}: {option}"),
                )
            }
            Entry::Agreement { id, .. } => {
                let label = s
                    .agreements
                    .iter()
                    .find(|a| a.id == *id)
                    .map_or(id.as_str(), |a| a.label.as_str());
                (
                    "Agreement",
                    format!("agreement {id}"),
                    format!("{label} reached"),
                )
            }
            Entry::End { reason, .. } => ("End", "end".to_string(), reason.clone()),
            Entry::Action { .. } | Entry::Decision { .. } => continue,
        };
        if let Some(h) = out
            .iter_mut()
            .find(|h| h.key == key && matches!(h.kind, "Action" | "Veto"))
        {
            h.again += 1;
            h.last = date;
            continue;
        }
        out.push(Happening::new(date, (kind, key, what)));
    }
    out
}

impl Happening {
    fn new(date: String, (kind, key, what): (&'static str, String, String)) -> Self {
        Happening {
            last: date.clone(),
            date,
            kind,
            key,
            what,
            again: 0,
        }
    }
}

impl Page {
    pub(super) fn chronicle(
        &mut self,
        s: &Scenario,
        (spec, overrides): (&str, &[Override]),
        (seed, run_seed): (u64, u64),
        entries: &[Entry],
        text: &str,
    ) {
        self.section("chronicle", "A sample run: run 0");
        let sets: String = overrides
            .iter()
            .map(|o| format!(" --set {}", shell_word(&o.to_arg())))
            .collect();
        self.p(&format!(
            "What happened in one run, by date: settlements, vetoes, events, the actions that took effect and the agreements. Run 0 of seed {seed} (its own seed {run_seed}); a run is one possible history, not a forecast."
        ));
        let rows: Vec<Vec<Cell>> = happenings(s, entries)
            .into_iter()
            .map(|h| {
                let again = match h.again {
                    0 => String::new(),
                    1 => format!("; again on {}", h.last),
                    k => format!(
                        "; again {}, the last on {}",
                        format::count(k as u64, "time"),
                        h.last
                    ),
                };
                vec![n(h.date), t(h.kind), t(format!("{}{again}", h.what))]
            })
            .collect();
        table(
            &mut self.body,
            "Run 0 by date",
            &[n("Date"), t("Kind"), t("What happened")],
            &rows,
        );
        let _ = writeln!(
            self.body,
            "<details class=\"chronicle\"><summary>The full chronicle: each decision, the options the actor weighed with their expected utilities and choice probabilities, and why</summary>"
        );
        self.note(&format!(
            "Routine decisions are left out (`armistice trace {} --run 0 --seed {seed}{sets} --all` shows them).",
            shell_word(spec)
        ));
        let _ = writeln!(
            self.body,
            "<pre class=\"chronicle\">{}</pre>\n</details>",
            esc(text.trim_end())
        );
    }
}
