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
    let w = name_width(doc.issues.iter().map(|(id, _)| id));
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
            "  {:<w$} {:>5}  {}   {}",
            id,
            format::percent(issue.share),
            quant_line(&issue.date, horizon),
            terms
        );
    }
}

/// The width of a column of names: 24 characters, or the longest name's (so that the columns after
/// it stay aligned).
fn name_width<'a>(names: impl Iterator<Item = &'a String>) -> usize {
    names.map(|n| n.chars().count()).fold(24, usize::max)
}

fn events(o: &mut String, doc: &SummaryDoc, horizon: &str) {
    if doc.events.is_empty() && doc.actions.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nEvents and actions (share of all runs; share of the runs still going when it could first\nhappen; median date over all runs):"
    );
    let w = name_width(doc.events.iter().chain(&doc.actions).map(|(id, _)| id));
    for (kind, items) in [("event ", &doc.events), ("action", &doc.actions)] {
        for (id, e) in items {
            let _ = writeln!(
                o,
                "  {kind} {:<w$} {:>5}  {:>5} of {} still going at {}  {}",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::trace::Considered;
    use crate::outcome::RunOutcome;
    use crate::outcome::doc::TimeValue;
    use crate::outcome::run::EndReason;
    use crate::scenario::Pos;

    fn toy() -> Scenario {
        Scenario::load("ceasefire_toy", &[]).unwrap()
    }

    fn considered(option: &str, eu: f64, probability: f64) -> Considered {
        Considered::plain(option, eu, probability)
    }

    fn decision(turn: u32, about: &str, options: Vec<Considered>, chosen: usize) -> Entry {
        Entry::Decision {
            turn,
            actor: "North".into(),
            about: about.into(),
            options,
            chosen,
            why: "because".into(),
        }
    }

    /// A short run: a routine stall alone in turn 0, an offer and a veto in turn 2, an event, an
    /// ineffective action, a settlement, the agreement and the end in turn 3.
    fn entries() -> Vec<Entry> {
        vec![
            decision(0, "line", vec![considered("stall", 0.5, 1.0)], 0),
            decision(
                2,
                "prisoners",
                vec![
                    considered("stall", -0.123_456, 0.254),
                    considered("offer voluntary", 12.5, 0.746),
                ],
                1,
            ),
            Entry::Veto {
                turn: 2,
                issue: "prisoners".into(),
                option: "voluntary".into(),
                by: "Patron".into(),
            },
            Entry::Event {
                turn: 3,
                id: "patron_loses_interest".into(),
                label: "The patron loses interest".into(),
                effects: vec!["Patron's weight on war = -1".into()],
            },
            Entry::Action {
                turn: 3,
                actor: "South".into(),
                id: "offensive".into(),
                effective: false,
                effects: vec![],
            },
            Entry::Settled {
                turn: 3,
                issue: "line".into(),
                option: "0.5".into(),
            },
            Entry::Agreement {
                turn: 3,
                id: "ceasefire".into(),
            },
            Entry::End {
                turn: 3,
                reason: "every agreement reached".into(),
            },
        ]
    }

    #[test]
    fn the_chronicle_writes_each_turn_once_and_every_entry_in_its_own_form() {
        let text = chronicle(&toy(), &entries(), false);
        assert_eq!(
            text,
            "\n== 2001-01-15 ==\n\
             North on prisoners: offer voluntary\n\
             \x20     because\n\
             \x20       stall                                EU   -0.1235  p 0.25\n\
             \x20     * offer voluntary                      EU   12.5000  p 0.75\n\
             VETO Patron blocks voluntary on prisoners\n\
             \n== 2001-01-22 ==\n\
             EVENT patron_loses_interest: The patron loses interest\n\
             \x20     Patron's weight on war = -1\n\
             ACTION South takes offensive (no effect: not credible this time)\n\
             SETTLED line: 0.5\n\
             AGREEMENT ceasefire reached\n\
             END every agreement reached\n"
        );
    }

    #[test]
    fn routine_decisions_and_their_turns_appear_only_when_asked_for() {
        let s = toy();
        let quiet = chronicle(&s, &entries(), false);
        assert!(!quiet.contains("2001-01-01"), "{quiet}");
        let all = chronicle(&s, &entries(), true);
        assert!(
            all.starts_with("\n== 2001-01-01 ==\nNorth on line: stall\n      because\n"),
            "{all}"
        );
        assert!(all.ends_with(&quiet), "{all}");
        for routine in ["no action", "allow voluntary"] {
            let e = [decision(
                1,
                "actions",
                vec![considered(routine, 0.0, 1.0)],
                0,
            )];
            assert_eq!(chronicle(&s, &e, false), "", "{routine}");
            assert!(chronicle(&s, &e, true).contains(routine), "{routine}");
        }
    }

    #[test]
    fn an_abstract_clock_labels_turns_and_an_empty_run_has_no_chronicle() {
        let mut s = toy();
        s.clock.start = None;
        let end = [Entry::End {
            turn: 7,
            reason: "horizon".into(),
        }];
        assert_eq!(chronicle(&s, &end, false), "\n== turn 7 ==\nEND horizon\n");
        assert_eq!(chronicle(&s, &[], true), "");
    }

    #[test]
    fn a_dated_event_names_its_own_date_only_in_its_own_turn() {
        let mut s = toy();
        // Turn 21 starts on 2001-05-28; a scheduled date four days later falls inside it.
        s.events[0].trigger = crate::scenario::Trigger::At(21);
        s.events[0].date = crate::time::Date::parse("2001-06-01");
        let fired = |turn| Entry::Event {
            turn,
            id: "patron_loses_interest".into(),
            label: "Lost interest".into(),
            effects: vec![],
        };
        let own = chronicle(&s, &[fired(21)], false);
        assert!(
            own.contains("EVENT patron_loses_interest (2001-06-01): Lost interest"),
            "{own}"
        );
        let other = chronicle(&s, &[fired(30)], false);
        assert!(
            other.contains("EVENT patron_loses_interest: Lost interest"),
            "{other}"
        );
    }

    #[test]
    fn a_quantile_is_its_date_after_the_horizon_or_a_dash() {
        let at = |t: Option<TimeValue>, censored| DateQuantile { at: t, censored };
        let d = TimeValue::Date("2002-04-08".into());
        assert_eq!(
            quantile_text(&at(Some(d), false), "2004-01-05"),
            "2002-04-08"
        );
        assert_eq!(
            quantile_text(&at(Some(TimeValue::Turn(12)), false), "x"),
            "12"
        );
        assert_eq!(
            quantile_text(&at(None, true), "2004-01-05"),
            "after 2004-01-05"
        );
        assert_eq!(quantile_text(&at(None, false), "2004-01-05"), "—");
    }

    fn outcome(s: &Scenario, agreed: Option<u32>) -> RunOutcome {
        RunOutcome {
            run: 0,
            seed: 1,
            turns: agreed.map_or(s.clock.max_turns, |t| t + 1),
            end_reason: if agreed.is_some() {
                EndReason::Agreed
            } else {
                EndReason::Horizon
            },
            issues: vec![agreed.map(|t| (t, Pos::new(1))); s.issues.len()],
            agreements: vec![agreed; s.agreements.len()],
            events: vec![None; s.events.len()],
            actions: vec![None; s.actions.len()],
            payoffs: vec![0.5, -1.25, 2.0],
            states: vec![0.0; s.states.len()],
            path: None,
        }
    }

    #[test]
    fn the_run_summary_says_runs_shares_dates_and_payoffs_in_words() {
        let s = toy();
        let mut sum = Summary::new(&s);
        for _ in 0..3 {
            sum.add(&s, &outcome(&s, Some(66)));
        }
        sum.add(&s, &outcome(&s, None));
        let text = summary(&s, &sum, 7);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Toy cease-fire: a line, prisoners and a patron's veto — 4 runs, seed 7"
        );
        assert_eq!(
            lines[1],
            "runs ending in agreement 75%, at the horizon 25%, by a terminal condition 0%"
        );
        assert!(!text.contains("overrides:"), "{text}");
        // Three runs in four agree in turn 66 (2002-04-08), the fourth never: its p90 is censored.
        assert!(
            text.contains(
                "  ceasefire                  75%  2002-04-08  [2002-04-08 – after 2004-01-05]   history 2002-06-01 (median −54 days)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("  prisoners                  75%  2002-04-08  [2002-04-08 – after 2004-01-05]   commission 75%\n"),
            "{text}"
        );
        // Payoffs with three decimals and a true minus sign.
        assert!(
            text.ends_with(
                "Payoffs (mean; median [p10 – p90], utility units):\n\
                 \x20 South                        0.500  0.500 [0.500 – 0.500]\n\
                 \x20 North                       −1.250  −1.250 [−1.250 – −1.250]\n\
                 \x20 Patron                       2.000  2.000 [2.000 – 2.000]\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_run_summary_lists_the_overrides_it_ran_with() {
        let set = crate::scenario::Override {
            path: "actor.North.discount".into(),
            value: "0.97".into(),
        };
        let s = Scenario::load("ceasefire_toy", std::slice::from_ref(&set)).unwrap();
        let mut sum = Summary::new(&s);
        sum.add(&s, &outcome(&s, None));
        let text = summary(&s, &sum, 1);
        assert_eq!(
            text.lines().nth(1),
            Some("overrides: actor.North.discount=0.97")
        );
        assert!(text.contains(" — 1 run, seed 1\n"), "{text}");
    }
}
