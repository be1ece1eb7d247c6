//! Text for people: the run summary and the chronicle of one run.

use std::fmt::Write;

use crate::engine::trace::Entry;
use crate::format;
use crate::outcome::Summary;
use crate::outcome::doc::SummaryDoc;
use crate::outcome::doc::summary::{DateQuantile, DateQuantiles, Provenance};
use crate::scenario::{IssueKind, OutcomeRef, Scenario};

/// A date quantile over all runs: the date, or `after H` when it falls after the horizon.
pub fn quantile_text(q: &DateQuantile, horizon: &str) -> String {
    match &q.at {
        Some(t) => t.to_string(),
        None if q.censored => format!("after {horizon}"),
        None => "—".into(),
    }
}

fn quant_line(d: &DateQuantiles, horizon: &str) -> String {
    format!(
        "{}  [{} – {}]",
        quantile_text(&d.median, horizon),
        quantile_text(&d.p10, horizon),
        quantile_text(&d.p90, horizon)
    )
}

/// Difference between a turn and an observed record, in days (dated clocks) or turns.
fn offset(s: &Scenario, median: u32, observed_turn: i64) -> String {
    let d = median as i64 - observed_turn;
    if s.clock.start.is_some() {
        format::count_signed(d * s.clock.turn_days as i64, "day")
    } else {
        format::count_signed(d, "turn")
    }
}

/// `  history 1953-07-27 (median +15 days)` for an agreement the scenario records.
fn history(s: &Scenario, sum: &Summary, g: usize) -> String {
    let Some(ob) = s
        .observed
        .iter()
        .find(|x| x.outcome == OutcomeRef::Agreement(g))
    else {
        return String::new();
    };
    let hist = ob
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| ob.turn.to_string());
    match sum.agreement_dates[g].censored_quantile(0.5, sum.runs) {
        Some(m) => {
            let gap = match (ob.date, s.clock.date(m)) {
                (Some(d), Some(md)) => format::count_signed(md.0 - d.0, "day"),
                _ => offset(s, m, ob.turn),
            };
            format!("   history {hist} (median {gap})")
        }
        None => format!("   history {hist} (median after the horizon)"),
    }
}

fn agreements(o: &mut String, s: &Scenario, sum: &Summary, doc: &SummaryDoc, horizon: &str) {
    let _ = writeln!(
        o,
        "\nAgreements (share of runs; median date [p10 – p90] over all runs):"
    );
    for (g, (id, a)) in doc.agreements.iter().enumerate() {
        let flag = if a.share < 0.5 {
            "   (fewer than half the runs reach it)"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "  {:<24} {:>5}  {}{}{flag}",
            id,
            format::percent(a.share),
            quant_line(&a.date, horizon),
            history(s, sum, g)
        );
        let by: Vec<String> = a
            .by_date
            .iter()
            .map(|(t, p)| format!("{t} {}", format::percent(*p)))
            .collect();
        let _ = writeln!(o, "  {:<24}        reached before {}", "", by.join(", "));
    }
}

fn issues(o: &mut String, s: &Scenario, sum: &Summary, doc: &SummaryDoc, horizon: &str) {
    let _ = writeln!(
        o,
        "\nIssues (settled in; median date [p10 – p90] over all runs; terms):"
    );
    for (i, (id, issue)) in doc.issues.iter().enumerate() {
        let terms = match s.issues[i].kind {
            IssueKind::Discrete => {
                let mut v: Vec<(String, f64)> = sum.position_shares(s, i);
                v.sort_by(|a, b| b.1.total_cmp(&a.1));
                v.iter()
                    .filter(|x| x.1 > 0.0)
                    .take(3)
                    .map(|(n, sh)| format!("{n} {}", format::percent(*sh)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            IssueKind::Continuous { .. } => match sum.value_quantile(s, i, 0.5) {
                Some(m) => format!("median {m}"),
                None => String::new(),
            },
        };
        let _ = writeln!(
            o,
            "  {:<24} {:>5}  {}   {}",
            id,
            format::percent(issue.share),
            quant_line(&issue.date, horizon),
            terms
        );
    }
}

fn events(o: &mut String, doc: &SummaryDoc, horizon: &str) {
    if doc.events.is_empty() && doc.actions.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nEvents and actions (share of all runs; share of the runs still going when it could first\nhappen; median date over all runs):"
    );
    for (kind, items) in [("event ", &doc.events), ("action", &doc.actions)] {
        for (id, e) in items {
            let _ = writeln!(
                o,
                "  {kind} {:<24} {:>5}  {:>5} of {} still going at {}  {}",
                id,
                format::percent(e.share),
                format::percent(e.at_risk_share),
                format::count(e.at_risk_runs, "run"),
                e.first_possible,
                quantile_text(&e.date.median, horizon)
            );
        }
    }
}

/// The summary printed after `run`.
pub fn summary(s: &Scenario, sum: &Summary, seed: u64) -> String {
    let doc = SummaryDoc::new(
        s,
        sum,
        &Provenance {
            seed,
            runs: sum.runs,
            command: String::new(),
        },
    );
    let horizon = s.clock.label(s.clock.max_turns);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {}, seed {}",
        s.title,
        format::count(sum.runs, "run"),
        seed
    );
    if !s.overrides.is_empty() {
        let ov: Vec<String> = s.overrides.iter().map(|x| x.to_arg()).collect();
        let _ = writeln!(o, "overrides: {}", ov.join(" "));
    }
    let _ = writeln!(
        o,
        "runs ending in agreement {}, at the horizon {}, by a terminal condition {}",
        format::percent_of(sum.agreed, sum.runs),
        format::percent_of(sum.horizon, sum.runs),
        format::percent_of(sum.terminal, sum.runs)
    );
    if s.clock.start.is_some() {
        let _ = writeln!(
            o,
            "dates are the first day of the turn ({} a turn) in which a thing happened, a scheduled\nevent's its own date; quantiles count every run, a run that never gets there as after the\nhorizon ({horizon})",
            format::count(u64::from(s.clock.turn_days), "day")
        );
    }
    agreements(&mut o, s, sum, &doc, &horizon);
    issues(&mut o, s, sum, &doc, &horizon);
    events(&mut o, &doc, &horizon);
    let _ = writeln!(o, "\nPayoffs (mean; median [p10 – p90], utility units):");
    for (a, actor) in s.actors.iter().enumerate() {
        let v = &sum.payoffs[a];
        let g = |x: Option<f64>| format::opt_num(x, 3);
        let _ = writeln!(
            o,
            "  {:<24} {:>9}  {} [{} – {}]",
            actor.id,
            g(v.mean()),
            g(v.quantile(0.5)),
            g(v.quantile(0.1)),
            g(v.quantile(0.9))
        );
    }
    o
}

/// The chronicle of one run, turn by turn.
pub fn chronicle(s: &Scenario, entries: &[Entry], verbose: bool) -> String {
    let mut o = String::new();
    let mut last_turn = None;
    for e in entries {
        if !verbose && is_routine(e) {
            continue;
        }
        let t = e.turn();
        if last_turn != Some(t) {
            let _ = writeln!(o, "\n== {} ==", s.clock.label(t));
            last_turn = Some(t);
        }
        entry(&mut o, s, e);
    }
    o
}

/// Whether `e` is a routine decision (a stall, no action, allowing a settlement): noise in a
/// chronicle unless asked for.
fn is_routine(e: &Entry) -> bool {
    let Entry::Decision {
        options, chosen, ..
    } = e
    else {
        return false;
    };
    let c = &options[*chosen];
    c.option == "stall" || c.option == "no action" || c.option.starts_with("allow")
}

/// Writes one entry of the chronicle: a line saying what happened, then its effects or the options
/// weighed.
fn entry(o: &mut String, s: &Scenario, e: &Entry) {
    match e {
        Entry::Event {
            label, id, effects, ..
        } => {
            // A dated event happened on its own date, which may fall inside the turn.
            let own = s
                .events
                .iter()
                .find(|x| x.id == *id)
                .and_then(crate::outcome::doc::summary::event_date)
                .filter(|(t0, _)| *t0 == e.turn())
                .map_or(String::new(), |(_, d)| format!(" ({d})"));
            let _ = writeln!(o, "EVENT {id}{own}: {label}");
            for fx in effects {
                let _ = writeln!(o, "      {fx}");
            }
        }
        Entry::Decision {
            actor,
            about,
            options,
            chosen,
            why,
            ..
        } => {
            let _ = writeln!(o, "{actor} on {about}: {}", options[*chosen].option);
            let _ = writeln!(o, "      {why}");
            for (k, x) in options.iter().enumerate() {
                let _ = writeln!(
                    o,
                    "      {} {:<36} EU {:>9.4}  p {:.2}",
                    if k == *chosen { "*" } else { " " },
                    x.option,
                    x.eu,
                    x.probability
                );
            }
        }
        Entry::Action {
            actor,
            id,
            effective,
            effects,
            ..
        } => {
            let _ = writeln!(
                o,
                "ACTION {actor} takes {id}{}",
                if *effective {
                    ""
                } else {
                    " (no effect: not credible this time)"
                }
            );
            for fx in effects {
                let _ = writeln!(o, "      {fx}");
            }
        }
        Entry::Veto {
            issue, option, by, ..
        } => {
            let _ = writeln!(o, "VETO {by} blocks {option} on {issue}");
        }
        Entry::Settled { issue, option, .. } => {
            let _ = writeln!(o, "SETTLED {issue}: {option}");
        }
        Entry::Agreement { id, .. } => {
            let _ = writeln!(o, "AGREEMENT {id} reached");
        }
        Entry::End { reason, .. } => {
            let _ = writeln!(o, "END {reason}");
        }
    }
}
