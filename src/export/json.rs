//! `summary.json`: distributions per issue, agreement, event, action, actor and state variable.

use serde_json::{Map, Value, json};

use crate::outcome::Summary;
use crate::outcome::summary::TurnHist;
use crate::scenario::{IssueKind, Scenario};

/// What produced a summary (recorded so every output says exactly how it was made).
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// Master seed.
    pub seed: u64,
    /// Runs requested.
    pub runs: u64,
    /// The command line, as typed.
    pub command: String,
}

fn f(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

/// Date quantiles of a turn histogram, as ISO dates (or turns on abstract clocks).
pub fn date_quantiles(s: &Scenario, h: &TurnHist) -> Value {
    let q = |p: f64| match h.quantile(p) {
        Some(t) => match s.clock.date(t) {
            Some(d) => json!(d.to_string()),
            None => json!(t),
        },
        None => Value::Null,
    };
    json!({ "p10": q(0.1), "median": q(0.5), "p90": q(0.9) })
}

fn share(n: u64, runs: u64) -> Value {
    json!(if runs == 0 {
        0.0
    } else {
        n as f64 / runs as f64
    })
}

/// Builds `summary.json`.
pub fn summary(s: &Scenario, sum: &Summary, p: &Provenance) -> Value {
    let runs = sum.runs;
    let mut issues = Map::new();
    for (i, issue) in s.issues.iter().enumerate() {
        let h = &sum.issue_dates[i];
        let values = match issue.kind {
            IssueKind::Discrete => {
                let mut m = Map::new();
                for (name, sh) in sum.position_shares(s, i) {
                    m.insert(name, json!(sh));
                }
                Value::Object(m)
            }
            IssueKind::Continuous { .. } => json!({
                "p10": f(sum.value_quantile(s, i, 0.1)),
                "median": f(sum.value_quantile(s, i, 0.5)),
                "p90": f(sum.value_quantile(s, i, 0.9)),
            }),
        };
        issues.insert(
            issue.id.clone(),
            json!({
                "label": issue.label,
                "share": share(h.total(), runs),
                "date": date_quantiles(s, h),
                "values": values,
                "settles_last": share(sum.issue_last[i], runs),
            }),
        );
    }
    let dated = |ids: Vec<(&String, &String)>, hs: &[TurnHist]| -> Value {
        let mut m = Map::new();
        for ((id, label), h) in ids.into_iter().zip(hs) {
            m.insert(
                id.clone(),
                json!({ "label": label, "share": share(h.total(), runs), "date": date_quantiles(s, h) }),
            );
        }
        Value::Object(m)
    };
    let agreements = dated(
        s.agreements.iter().map(|g| (&g.id, &g.label)).collect(),
        &sum.agreement_dates,
    );
    let events = dated(
        s.events.iter().map(|g| (&g.id, &g.label)).collect(),
        &sum.event_dates,
    );
    let actions = dated(
        s.actions.iter().map(|g| (&g.id, &g.label)).collect(),
        &sum.action_dates,
    );
    let mut payoffs = Map::new();
    for (a, actor) in s.actors.iter().enumerate() {
        let v = &sum.payoffs[a];
        payoffs.insert(
            actor.id.clone(),
            json!({ "mean": f(v.mean()), "p10": f(v.quantile(0.1)), "median": f(v.quantile(0.5)), "p90": f(v.quantile(0.9)) }),
        );
    }
    let mut states = Map::new();
    for (i, st) in s.states.iter().enumerate() {
        let v = &sum.states[i];
        states.insert(
            st.id.clone(),
            json!({ "mean": f(v.mean()), "p10": f(v.quantile(0.1)), "median": f(v.quantile(0.5)), "p90": f(v.quantile(0.9)) }),
        );
    }
    let overrides: Vec<String> = s.overrides.iter().map(|o| o.to_arg()).collect();
    let hist =
        |h: &TurnHist| -> Value { Value::Array(h.iter().map(|(t, c)| json!([t, c])).collect()) };
    let hists = |ids: Vec<&String>, hs: &[TurnHist]| -> Value {
        let mut m = Map::new();
        for (id, h) in ids.into_iter().zip(hs) {
            m.insert(id.clone(), hist(h));
        }
        Value::Object(m)
    };
    let mut paths = Map::new();
    for (i, st) in s.states.iter().enumerate() {
        let rows: Vec<Value> = sum.paths[i]
            .iter()
            .enumerate()
            .map(|(t, v)| {
                json!([
                    t,
                    f(v.quantile(0.1)),
                    f(v.quantile(0.5)),
                    f(v.quantile(0.9))
                ])
            })
            .collect();
        paths.insert(st.id.clone(), Value::Array(rows));
    }
    let mut positions = Map::new();
    for (i, issue) in s.issues.iter().enumerate() {
        let mut m = Map::new();
        for (p, c) in issue.positions.iter().zip(&sum.issue_positions[i]) {
            m.insert(p.clone(), json!(c));
        }
        positions.insert(issue.id.clone(), Value::Object(m));
    }
    let distributions = json!({
        "turns": hist(&sum.turns),
        "agreements": hists(s.agreements.iter().map(|x| &x.id).collect(), &sum.agreement_dates),
        "issues": hists(s.issues.iter().map(|x| &x.id).collect(), &sum.issue_dates),
        "events": hists(s.events.iter().map(|x| &x.id).collect(), &sum.event_dates),
        "actions": hists(s.actions.iter().map(|x| &x.id).collect(), &sum.action_dates),
        "positions": positions,
        "paths": paths,
    });
    json!({
        "scenario": s.id,
        "title": s.title,
        "seed": p.seed,
        "runs": runs,
        "command": p.command,
        "overrides": overrides,
        "armistice_version": env!("CARGO_PKG_VERSION"),
        "clock": {
            "start": s.clock.start.map(|d| d.to_string()),
            "turn_days": s.clock.turn_days,
            "max_turns": s.clock.max_turns,
        },
        "end_reasons": { "agreed": sum.agreed, "horizon": sum.horizon, "terminal": sum.terminal },
        "issues": issues,
        "agreements": agreements,
        "events": events,
        "actions": actions,
        "payoffs": payoffs,
        "states": states,
        "distributions": distributions,
    })
}

/// Pretty JSON text with a final newline.
pub fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
