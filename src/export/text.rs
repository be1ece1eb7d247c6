//! Text for people: the run summary and the chronicle of one run.

use std::fmt::Write;

use crate::engine::trace::Entry;
use crate::outcome::Summary;
use crate::outcome::summary::TurnHist;
use crate::scenario::{IssueKind, OutcomeRef, Scenario};

fn when(s: &Scenario, t: Option<u32>) -> String {
    match t {
        Some(t) => s.clock.cell(t),
        None => "—".into(),
    }
}

fn pct(n: u64, d: u64) -> String {
    if d == 0 {
        "0%".into()
    } else {
        format!("{:.0}%", 100.0 * n as f64 / d as f64)
    }
}

fn quant_line(s: &Scenario, h: &TurnHist) -> String {
    format!(
        "{}  [{} – {}]",
        when(s, h.quantile(0.5)),
        when(s, h.quantile(0.1)),
        when(s, h.quantile(0.9))
    )
}

/// Difference between a turn and an observed record, in days (dated clocks) or turns.
fn offset(s: &Scenario, median: u32, observed_turn: i64) -> String {
    let d = median as i64 - observed_turn;
    if s.clock.start.is_some() {
        let days = d * s.clock.turn_days as i64;
        format!("{}{} days", if days > 0 { "+" } else { "" }, days)
    } else {
        format!("{}{} turns", if d > 0 { "+" } else { "" }, d)
    }
}

/// The summary printed after `run`.
pub fn summary(s: &Scenario, sum: &Summary, seed: u64) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {} runs, seed {}", s.title, sum.runs, seed);
    if !s.overrides.is_empty() {
        let ov: Vec<String> = s.overrides.iter().map(|x| x.to_arg()).collect();
        let _ = writeln!(o, "overrides: {}", ov.join(" "));
    }
    let _ = writeln!(
        o,
        "runs ending in agreement {}, at the horizon {}, by a terminal condition {}",
        pct(sum.agreed, sum.runs),
        pct(sum.horizon, sum.runs),
        pct(sum.terminal, sum.runs)
    );
    let _ = writeln!(o, "\nAgreements (share of runs; median date [p10 – p90]):");
    for (g, a) in s.agreements.iter().enumerate() {
        let h = &sum.agreement_dates[g];
        let _ = write!(
            o,
            "  {:<24} {:>5}  {}",
            a.id,
            pct(h.total(), sum.runs),
            quant_line(s, h)
        );
        if let Some(ob) = s
            .observed
            .iter()
            .find(|x| x.outcome == OutcomeRef::Agreement(g))
        {
            let hist = ob
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| ob.turn.to_string());
            match h.quantile(0.5) {
                Some(m) => {
                    let gap = match (ob.date, s.clock.date(m)) {
                        (Some(d), Some(md)) => {
                            let days = md.0 - d.0;
                            format!("{}{} days", if days > 0 { "+" } else { "" }, days)
                        }
                        _ => offset(s, m, ob.turn),
                    };
                    let _ = write!(o, "   history {hist} (median {gap})");
                }
                None => {
                    let _ = write!(o, "   history {hist}");
                }
            }
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "\nIssues (settled in; median date [p10 – p90]; terms):");
    for (i, issue) in s.issues.iter().enumerate() {
        let h = &sum.issue_dates[i];
        let terms = match issue.kind {
            IssueKind::Discrete => {
                let mut v: Vec<(String, f64)> = sum.position_shares(s, i);
                v.sort_by(|a, b| b.1.total_cmp(&a.1));
                v.iter()
                    .filter(|x| x.1 > 0.0)
                    .take(3)
                    .map(|(n, sh)| format!("{n} {:.0}%", sh * 100.0))
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
            issue.id,
            pct(h.total(), sum.runs),
            quant_line(s, h),
            terms
        );
    }
    if !s.events.is_empty() || !s.actions.is_empty() {
        let _ = writeln!(o, "\nEvents and actions (share of runs; median date):");
        for (e, ev) in s.events.iter().enumerate() {
            let h = &sum.event_dates[e];
            let _ = writeln!(
                o,
                "  event  {:<24} {:>5}  {}",
                ev.id,
                pct(h.total(), sum.runs),
                when(s, h.quantile(0.5))
            );
        }
        for (e, ac) in s.actions.iter().enumerate() {
            let h = &sum.action_dates[e];
            let _ = writeln!(
                o,
                "  action {:<24} {:>5}  {}",
                ac.id,
                pct(h.total(), sum.runs),
                when(s, h.quantile(0.5))
            );
        }
    }
    let _ = writeln!(o, "\nPayoffs (mean; median [p10 – p90], utility units):");
    for (a, actor) in s.actors.iter().enumerate() {
        let v = &sum.payoffs[a];
        let g = |x: Option<f64>| x.map(|x| format!("{x:.3}")).unwrap_or_else(|| "—".into());
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
        let t = e.turn();
        if let Entry::Decision {
            options, chosen, ..
        } = e
        {
            // Quiet stalls and "no action" are noise in a chronicle unless asked for.
            let c = &options[*chosen];
            let routine =
                c.option == "stall" || c.option == "no action" || c.option.starts_with("allow");
            if routine && !verbose {
                continue;
            }
        }
        if last_turn != Some(t) {
            let _ = writeln!(o, "\n== {} ==", s.clock.label(t));
            last_turn = Some(t);
        }
        match e {
            Entry::Event {
                label, id, effects, ..
            } => {
                let _ = writeln!(o, "EVENT {id}: {label}");
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
                let c = &options[*chosen];
                // Quiet stalls and "no action" are noise in a chronicle unless asked for.
                let routine =
                    c.option == "stall" || c.option == "no action" || c.option.starts_with("allow");
                if routine && !verbose {
                    continue;
                }
                let _ = writeln!(o, "{actor} on {about}: {}", c.option);
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
    o
}
