//! The figures of a run, built from its `summary.json` (so `armistice chart DIR` and `run` draw the same
//! thing from the same data).

use serde_json::Value;

use super::*;
use crate::time::Date;

/// One figure with its file stem.
pub struct Named {
    /// File stem, e.g. `agreement_armistice`.
    pub name: String,
    /// The rendered figure.
    pub figure: Figure,
}

struct Clock {
    start: Option<i64>,
    turn_days: i64,
    max_turns: i64,
}

impl Clock {
    fn axis(&self) -> TimeAxis {
        if self.start.is_some() {
            TimeAxis::Dates
        } else {
            TimeAxis::Turns
        }
    }
    fn at(&self, turn: i64) -> i64 {
        match self.start {
            Some(s) => s + turn * self.turn_days,
            None => turn,
        }
    }
    fn range(&self) -> Option<(i64, i64)> {
        Some((self.at(0), self.at(self.max_turns)))
    }
}

fn hist(v: &Value) -> Vec<(i64, u64)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p.get(0)?.as_i64()?, p.get(1)?.as_u64()?)))
                .collect()
        })
        .unwrap_or_default()
}

fn spread(h: &[(i64, u64)], c: &Clock) -> Option<TimeSpread> {
    let total: u64 = h.iter().map(|x| x.1).sum();
    if total == 0 {
        return None;
    }
    let q = |p: f64| {
        let rank = ((p * total as f64).ceil() as u64).clamp(1, total);
        let mut acc = 0;
        for &(t, n) in h {
            acc += n;
            if acc >= rank {
                return t;
            }
        }
        h.last().map(|x| x.0).unwrap_or(0)
    };
    Some(TimeSpread {
        p10: c.at(q(0.1)),
        median: c.at(q(0.5)),
        p90: c.at(q(0.9)),
    })
}

fn observed_for(summary: &Value, outcome: &str, c: &Clock) -> Option<(i64, String)> {
    let o = summary["observed"]
        .as_array()?
        .iter()
        .find(|o| o["outcome"] == outcome)?;
    let at = match o["date"].as_str().and_then(Date::parse) {
        Some(d) => d.0,
        None => c.at(o["turn"].as_i64()?),
    };
    let label = match o["date"].as_str() {
        Some(d) => format!("Observed {d}"),
        None => format!("Observed turn {}", o["turn"]),
    };
    Some((at, label))
}

fn ids(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn label_of(v: &Value, id: &str) -> String {
    v[id]["label"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| id.to_string())
}

/// Every figure a run's summary supports.
pub fn run_figures(summary: &Value, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let clock = Clock {
        start: summary["clock"]["start"]
            .as_str()
            .and_then(Date::parse)
            .map(|d| d.0),
        turn_days: summary["clock"]["turn_days"].as_i64().unwrap_or(1).max(1),
        max_turns: summary["clock"]["max_turns"].as_i64().unwrap_or(1),
    };
    let runs = summary["runs"].as_u64().unwrap_or(0);
    let title = summary["title"].as_str().unwrap_or("").to_string();
    let sub = format!("{title}: {runs} runs, seed {}", summary["seed"]);
    let time_label = if clock.start.is_some() {
        "Date"
    } else {
        "Turn"
    };
    let dist = &summary["distributions"];
    let mut out = Vec::new();

    // 1. Agreement dates.
    for id in ids(&summary["agreements"]) {
        let counts: Vec<(i64, u64)> = hist(&dist["agreements"][&id])
            .into_iter()
            .map(|(t, n)| (clock.at(t), n))
            .collect();
        let reached: u64 = counts.iter().map(|x| x.1).sum();
        let name = id.replace('_', " ");
        let data = AgreementDateData {
            title: format!("When is the {name} reached?"),
            subtitle: Some(format!("{sub}; {}", label_of(&summary["agreements"], &id))),
            outcome: name.clone(),
            time_axis: clock.axis(),
            x_label: format!("Date of the {name}"),
            y_label: "Runs".into(),
            cumulative_label: "Runs reached by then (%)".into(),
            counts,
            never: runs.saturating_sub(reached),
            observed: observed_for(summary, &format!("agreement.{id}"), &clock),
            range: clock.range(),
        };
        out.push(Named {
            name: format!("agreement_{id}"),
            figure: draw_agreement_date(&data, opts)?,
        });
    }

    // 2. Settlement timeline per issue.
    let issues = ids(&summary["issues"]);
    let rows: Vec<IssueTimelineRow> = issues
        .iter()
        .map(|id| IssueTimelineRow {
            issue: label_of(&summary["issues"], id),
            settled: spread(&hist(&dist["issues"][id]), &clock),
            observed: observed_for(summary, &format!("issue.{id}"), &clock).map(|x| x.0),
            settles_last_share: summary["issues"][id]["settles_last"]
                .as_f64()
                .unwrap_or(0.0),
        })
        .collect();
    let data = IssueTimelineData {
        title: "When does each issue settle?".into(),
        subtitle: Some(format!(
            "{sub}; bars p10–p90, tick = median, diamond = observed"
        )),
        time_axis: clock.axis(),
        x_label: format!("Settlement {}", time_label.to_lowercase()),
        issues: rows,
        range: clock.range(),
    };
    out.push(Named {
        name: "issue_timeline".into(),
        figure: draw_issue_timeline(&data, opts)?,
    });

    // 3. Option shares of discrete issues.
    let shares: Vec<IssueOptionShares> = issues
        .iter()
        .filter_map(|id| {
            let vals = summary["issues"][id]["values"].as_object()?;
            if vals.contains_key("median") {
                return None;
            }
            Some(IssueOptionShares {
                issue: label_of(&summary["issues"], id),
                options: vals
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_f64().unwrap_or(0.0)))
                    .collect(),
            })
        })
        .collect();
    if !shares.is_empty() {
        let data = OptionSharesData {
            title: "On what terms does each issue settle?".into(),
            subtitle: Some(format!(
                "{sub}; share of the runs in which the issue settled"
            )),
            x_label: "Share of settled runs (%)".into(),
            issues: shares,
        };
        out.push(Named {
            name: "option_shares".into(),
            figure: draw_option_shares(&data, opts)?,
        });
    }

    // 4. Payoffs.
    let actors: Vec<ActorPayoff> = ids(&summary["payoffs"])
        .into_iter()
        .map(|id| {
            let p = &summary["payoffs"][&id];
            let g = |k: &str| p[k].as_f64().unwrap_or(0.0);
            ActorPayoff {
                actor: id.clone(),
                p10: g("p10"),
                p25: g("p25"),
                median: g("median"),
                p75: g("p75"),
                p90: g("p90"),
                mean: g("mean"),
            }
        })
        .collect();
    let data = PayoffsData {
        title: "Who gains what?".into(),
        subtitle: Some(format!(
            "{sub}; boxes p25–p75, whiskers p10–p90, dot = mean"
        )),
        x_label: "Actor".into(),
        y_label: "Payoff (utility units)".into(),
        actors,
    };
    out.push(Named {
        name: "payoffs".into(),
        figure: draw_payoffs(&data, opts)?,
    });

    // 6. Fan charts of state variables, with events marked at their median date.
    let events: Vec<(i64, String)> = ids(&summary["events"])
        .into_iter()
        .filter_map(|id| {
            let s = spread(&hist(&dist["events"][&id]), &clock)?;
            (summary["events"][&id]["share"].as_f64().unwrap_or(0.0) >= 0.5)
                .then_some((s.median, id))
        })
        .collect();
    for id in ids(&dist["paths"]) {
        let points: Vec<FanPoint> = dist["paths"][&id]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| {
                        Some(FanPoint {
                            t: clock.at(r.get(0)?.as_i64()?),
                            p10: r.get(1)?.as_f64()?,
                            median: r.get(2)?.as_f64()?,
                            p90: r.get(3)?.as_f64()?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        if points.is_empty() {
            continue;
        }
        let label = summary["states"][&id]["label"]
            .as_str()
            .unwrap_or(&id)
            .to_string();
        let data = FanData {
            title: format!("State `{id}` over time"),
            subtitle: Some(format!(
                "{sub}; median and 10–90 % band of the runs still going; events at their median date"
            )),
            time_axis: clock.axis(),
            x_label: time_label.into(),
            y_label: label,
            points,
            events: events.clone(),
            range: clock.range(),
        };
        out.push(Named {
            name: format!("fan_{id}"),
            figure: draw_fan(&data, opts)?,
        });
    }

    // 7. Event and action timing.
    let mut rows = Vec::new();
    for (kind, key) in [("event", "events"), ("action", "actions")] {
        for id in ids(&summary[key]) {
            rows.push(EventTimingRow {
                event: format!("{kind}: {id}"),
                share: summary[key][&id]["share"].as_f64().unwrap_or(0.0),
                timing: spread(&hist(&dist[key][&id]), &clock),
            });
        }
    }
    if !rows.is_empty() {
        let data = EventTimingData {
            title: "When do events and actions happen, and how often?".into(),
            subtitle: Some(format!("{sub}; first occurrence per run, p10–median–p90")),
            time_axis: clock.axis(),
            share_label: "Runs in which it happens (%)".into(),
            x_label: time_label.into(),
            events: rows,
            range: clock.range(),
        };
        out.push(Named {
            name: "event_timing".into(),
            figure: draw_event_timing(&data, opts)?,
        });
    }
    Ok(out)
}
