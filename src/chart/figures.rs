//! The figures of an output directory, built from its JSON file: a run's `summary.json`, a
//! comparison's `compare.json`, a sensitivity analysis's `sensitivity.json`. `armistice chart DIR` and
//! the commands that write those files draw the same thing from the same data.

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

/// Hands each figure's files (`NAME.svg`, `NAME.png`) to `write`, in order; returns the figure count.
pub fn write_figures<E>(
    figs: &[Named],
    mut write: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<usize, E> {
    for f in figs {
        write(&format!("{}.svg", f.name), f.figure.svg.as_bytes())?;
        write(&format!("{}.png", f.name), &f.figure.png)?;
    }
    Ok(figs.len())
}

fn clock_of(v: &Value) -> Clock {
    Clock {
        start: v["clock"]["start"]
            .as_str()
            .and_then(Date::parse)
            .map(|d| d.0),
        turn_days: v["clock"]["turn_days"].as_i64().unwrap_or(1).max(1),
        max_turns: v["clock"]["max_turns"].as_i64().unwrap_or(1),
    }
}

/// Every figure a run's summary supports.
// Over the function-length limit (clippy.toml) until its layer splits it (issue 19.2).
#[allow(clippy::too_many_lines)]
pub fn run_figures(summary: &Value, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let clock = clock_of(summary);
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

/// A time in `compare.json`: an ISO date (dated clocks) or a turn number.
fn time_value(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => Date::parse(s).map(|d| d.0),
        _ => v.as_i64(),
    }
}

/// `+12`, `−3` (a true minus sign, as typeset), `0`: for figures and the HTML report.
pub(crate) fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{:.decimals$}", x.abs());
    if s.chars().all(|c| c == '0' || c == '.') {
        s
    } else if x < 0.0 {
        format!("\u{2212}{s}")
    } else {
        format!("+{s}")
    }
}

/// The comparison figures of a `compare.json`: per agreement, the ECDF of its date under the base
/// and each alternative, with each alternative's median shift and its interval in the legend.
pub fn compare_figures(cmp: &Value, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let clock = clock_of(cmp);
    let runs = cmp["runs"].as_u64().unwrap_or(0);
    let base = cmp["base"].as_str().unwrap_or("base").to_string();
    let unit = cmp["shift_unit"].as_str().unwrap_or("days");
    let conf = cmp["bootstrap"]["confidence"].as_f64().unwrap_or(0.95) * 100.0;
    let title = cmp["title"].as_str().unwrap_or(&base).to_string();
    let crn = if cmp["common_random_numbers"].as_bool().unwrap_or(true) {
        "common random numbers"
    } else {
        "independent streams"
    };
    let names: Vec<String> = cmp["variants"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for outcome in ids(&cmp["distributions"]) {
        let d = &cmp["distributions"][&outcome];
        let id = outcome.trim_start_matches("agreement.");
        let noun = id.replace('_', " ");
        let diffs = cmp["outcomes"]
            .as_array()
            .and_then(|a| a.iter().find(|o| o["outcome"] == outcome.as_str()))
            .map(|o| o["differences"].clone())
            .unwrap_or(Value::Null);
        let ecdf = |name: &str| -> Option<(Vec<(i64, f64)>, f64)> {
            let rows = d["variants"][name].as_array()?;
            let mut pts: Vec<(i64, u64)> = rows
                .iter()
                .filter_map(|r| Some((time_value(r.get(0)?)?, r.get(1)?.as_u64()?)))
                .collect();
            pts.sort_by_key(|p| p.0);
            let total = runs.max(1) as f64;
            let mut acc = 0u64;
            let points = pts
                .into_iter()
                .map(|(t, n)| {
                    acc += n;
                    (t, acc as f64 / total)
                })
                .collect();
            Some((points, acc as f64 / total))
        };
        let Some((base_points, base_share)) = ecdf(&base) else {
            continue;
        };
        let mut alternatives = Vec::new();
        for name in names.iter().filter(|n| **n != base) {
            let Some((points, share)) = ecdf(name) else {
                continue;
            };
            let shift = &diffs[name]["median_shift"];
            let est = shift["estimate"].as_f64();
            let ci = shift["ci"]
                .as_array()
                .and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
            let shift_text = match (est, ci) {
                (Some(e), Some((lo, hi))) => format!(
                    "median {} {unit} [{conf:.0} % CI {}, {}]",
                    signed(e, 0),
                    signed(lo, 0),
                    signed(hi, 0)
                ),
                (Some(e), None) => format!("median {} {unit}", signed(e, 0)),
                _ => "median shift undefined".to_string(),
            };
            alternatives.push(EcdfSeries {
                legend: format!("{name}: {shift_text}; reached in {:.0} %", share * 100.0),
                points,
            });
        }
        let base_median = cmp["outcomes"]
            .as_array()
            .and_then(|a| a.iter().find(|o| o["outcome"] == outcome.as_str()))
            .and_then(|o| match &o["variants"][&base]["median"] {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                v => Some(v.to_string()),
            });
        let base_legend = match base_median {
            Some(m) => format!(
                "{base} (base): median {m}; reached in {:.0} %",
                base_share * 100.0
            ),
            None => format!("{base} (base): never reached"),
        };
        let data = ComparisonData {
            title: format!("When is the {noun} reached, and what moves it?"),
            subtitle: Some(format!(
                "{title}: {runs} paired runs per variant, seed {}, {crn}; shifts are alternative minus base",
                cmp["seed"]
            )),
            time_axis: clock.axis(),
            x_label: if clock.start.is_some() {
                format!("Date of the {noun}")
            } else {
                format!("Turn of the {noun}")
            },
            y_label: format!("Runs with the {noun} by then (%)"),
            base: EcdfSeries {
                legend: base_legend,
                points: base_points,
            },
            alternatives,
            observed: observed_for(cmp, &outcome, &clock),
            range: clock.range(),
        };
        out.push(Named {
            name: format!("comparison_{id}"),
            figure: draw_comparison(&data, opts)?,
        });
    }
    Ok(out)
}

/// The tornado figures of a `sensitivity.json`: one per agreement output (its median date and its
/// share of runs reached), each parameter's one-at-a-time effect at the low and high end of its range.
pub fn sensitivity_figures(sens: &Value, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let outputs: Vec<(String, String)> = sens["outputs"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| {
                    Some((
                        o["name"].as_str()?.to_string(),
                        o["unit"].as_str().unwrap_or("").to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let oat: Vec<&Value> = sens["oat"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let title = sens["title"]
        .as_str()
        .or(sens["scenario"].as_str())
        .unwrap_or("")
        .to_string();
    let mut out = Vec::new();
    for (output, unit) in outputs.iter().filter(|(n, _)| n.starts_with("agreement.")) {
        let rest = output.trim_start_matches("agreement.");
        let (id, stat) = rest.rsplit_once('.').unwrap_or((rest, ""));
        let noun = id.replace('_', " ");
        let rows_here: Vec<&&Value> = oat
            .iter()
            .filter(|x| x["output"] == output.as_str())
            .collect();
        if rows_here.is_empty() {
            continue;
        }
        // Shares are drawn in percentage points, dates and values in their own unit.
        let (scale, unit_short, x_label, what) = match (stat, unit.as_str()) {
            ("share", _) => (
                100.0,
                "pts".to_string(),
                "Change in the share of runs (percentage points)".to_string(),
                format!("share of runs reaching the {noun}"),
            ),
            (_, "days") => (
                1.0,
                "d".to_string(),
                "Change in the median date (days)".to_string(),
                format!("median date of the {noun}"),
            ),
            (_, "turns") => (
                1.0,
                "turns".to_string(),
                "Change in the median turn (turns)".to_string(),
                format!("median turn of the {noun}"),
            ),
            (_, u) => (1.0, u.to_string(), format!("Change ({u})"), noun.clone()),
        };
        let base = rows_here.iter().find_map(|x| x["base"].as_f64());
        let base_label = match (base, stat, unit.as_str()) {
            (None, _, _) => "Base: never reached".to_string(),
            (Some(b), "share", _) => format!("Base: {:.0} % of runs", b * 100.0),
            (Some(b), _, "days") => format!("Base: {}", format_date(b.round() as i64)),
            (Some(b), _, "turns") => format!("Base: turn {b}"),
            (Some(b), _, _) => format!("Base: {b}"),
        };
        let rows: Vec<TornadoRow> = rows_here
            .iter()
            .map(|x| {
                let (lo, hi) = (x["effect_low"].as_f64(), x["effect_high"].as_f64());
                // An end at which the outcome never happens has no effect to draw: say so.
                let undefined = if lo.is_none() || hi.is_none() {
                    ", undefined at one end"
                } else {
                    ""
                };
                let (a, b) = (
                    x["low_value"].as_str().unwrap_or("?"),
                    x["high_value"].as_str().unwrap_or("?"),
                );
                // A dash between two numbers reads as a minus when one is negative.
                let range = if a.starts_with('-') || b.starts_with('-') {
                    format!(
                        "{} to {}",
                        a.replacen('-', "\u{2212}", 1),
                        b.replacen('-', "\u{2212}", 1)
                    )
                } else {
                    format!("{a}–{b}")
                };
                TornadoRow {
                    parameter: format!(
                        "{} ({range}{undefined})",
                        x["parameter"].as_str().unwrap_or("?"),
                    ),
                    low: lo.unwrap_or(0.0) * scale,
                    high: hi.unwrap_or(0.0) * scale,
                }
            })
            .collect();
        let data = TornadoData {
            title: format!("What moves the {what}?"),
            subtitle: Some(format!(
                "{title}: {} runs per design point, seed {}; each parameter at the low and the high end of its range, the others as the scenario sets them",
                sens["runs"], sens["seed"]
            )),
            x_label,
            base: 0.0,
            base_label,
            unit: unit_short,
            low_legend: "Parameter at the low end of its range".into(),
            high_legend: "Parameter at the high end of its range".into(),
            rows,
        };
        let file = if stat.is_empty() {
            format!("tornado_{id}")
        } else {
            format!("tornado_{id}_{stat}")
        };
        out.push(Named {
            name: file,
            figure: draw_tornado(&data, opts)?,
        });
    }
    Ok(out)
}
