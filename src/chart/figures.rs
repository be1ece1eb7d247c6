//! The figures of an output directory, built from its typed document: a run's [`SummaryDoc`], a
//! comparison's [`CompareDoc`], a sensitivity analysis's [`SensitivityDoc`], a sweep's
//! [`SweepDoc`]. `armistice chart DIR` ([`redraw`]) and the commands that write those files draw the
//! same thing from the same data. Each figure has its own builder here, turning the document into
//! the figure's plain input data.

use std::path::Path;

use rayon::prelude::*;

use super::*;
use crate::error::{Error, Result};
use crate::format;
use crate::outcome::doc::compare::{DistDoc, EstimateDoc};
use crate::outcome::doc::summary::{DateQuantiles, IssueValues};
use crate::outcome::doc::{
    self, ClockDoc, CompareDoc, SensitivityDoc, SummaryDoc, SweepDoc, TimeValue,
};

/// One figure with its file stem.
pub struct Named {
    /// File stem, e.g. `agreement_armistice`.
    pub name: String,
    /// The rendered figure.
    pub figure: Figure,
}

fn time_axis(c: &ClockDoc) -> TimeAxis {
    if c.dated() {
        TimeAxis::Dates
    } else {
        TimeAxis::Turns
    }
}

/// The p10, median and p90 over all runs, on the clock's time axis: a quantile that falls after
/// the horizon (censored) is drawn at the horizon; `None` when even the 10th percentile does (the
/// outcome happens in fewer than a tenth of the runs).
fn censored_spread(d: &DateQuantiles, c: &ClockDoc) -> Option<TimeSpread> {
    let at = |q: &crate::outcome::doc::summary::DateQuantile| {
        q.at.as_ref().and_then(TimeValue::axis_value)
    };
    Some(TimeSpread {
        p10: at(&d.p10)?,
        median: at(&d.median).unwrap_or_else(|| c.horizon()),
        p90: at(&d.p90).unwrap_or_else(|| c.horizon()),
    })
}

/// Shortens a label for a marker or a row to at most `max` characters (an ellipsis at the cut).
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).collect::<String>() + "\u{2026}"
    }
}

/// Hands each figure's files (`NAME.svg`, and `NAME.png` when there is one) to `write`, in order;
/// returns the figure count.
pub fn write_figures<E>(
    figs: &[Named],
    mut write: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<usize, E> {
    for f in figs {
        write(&format!("{}.svg", f.name), f.figure.svg.as_bytes())?;
        // Without the `png` feature there is no PNG to write.
        if !f.figure.png.is_empty() {
            write(&format!("{}.png", f.name), &f.figure.png)?;
        }
    }
    Ok(figs.len())
}

/// What every run figure says under its title.
struct RunContext<'a> {
    doc: &'a SummaryDoc,
    sub: String,
    time_label: &'static str,
}

fn agreement_figures(cx: &RunContext, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let d = cx.doc;
    let mut out = Vec::new();
    for (id, a) in &d.agreements {
        let counts: Vec<(i64, u64)> = d.distributions.agreements[id]
            .iter()
            .map(|&(t, n)| (d.clock.at(i64::from(t)), n))
            .collect();
        let reached: u64 = counts.iter().map(|x| x.1).sum();
        let name = a.label.clone();
        let data = AgreementDateData {
            title: format!("When is it reached? {name}"),
            subtitle: Some(cx.sub.clone()),
            outcome: format!("“{}”", short(&name, 60)),
            time_axis: time_axis(&d.clock),
            x_label: if d.clock.dated() {
                "Date reached (first day of the turn)".into()
            } else {
                "Turn reached".into()
            },
            y_label: "Runs".into(),
            cumulative_label: "Share reached (%)".into(),
            counts,
            never: d.runs.saturating_sub(reached),
            observed: d
                .observed_for(&format!("agreement.{id}"))
                .map(|o| (o.axis_value(&d.clock), o.marker_label())),
            range: Some(d.clock.range()),
        };
        out.push(Named {
            name: format!("agreement_{id}"),
            figure: draw_agreement_date(&data, opts)?,
        });
    }
    Ok(out)
}

fn issue_timeline(cx: &RunContext, opts: &ChartOptions) -> Result<Named, ChartError> {
    let d = cx.doc;
    let rows = d
        .issues
        .iter()
        .map(|(id, issue)| IssueTimelineRow {
            issue: issue.label.clone(),
            settled: censored_spread(&issue.date, &d.clock),
            observed: d
                .observed_for(&format!("issue.{id}"))
                .map(|o| o.axis_value(&d.clock)),
            settles_last_share: issue.settles_last,
        })
        .collect();
    let data = IssueTimelineData {
        title: "When does each issue settle?".into(),
        subtitle: Some(format!(
            "{}; over all runs, bars p10–p90 (a bar reaching the horizon goes on past it), tick = median, diamond = observed",
            cx.sub
        )),
        time_axis: time_axis(&d.clock),
        x_label: format!("Settlement {}", cx.time_label.to_lowercase()),
        issues: rows,
        range: Some(d.clock.range()),
    };
    Ok(Named {
        name: "issue_timeline".into(),
        figure: draw_issue_timeline(&data, opts)?,
    })
}

fn option_shares(cx: &RunContext, opts: &ChartOptions) -> Result<Option<Named>, ChartError> {
    let shares: Vec<IssueOptionShares> = cx
        .doc
        .issues
        .values()
        .filter_map(|issue| match &issue.values {
            IssueValues::Discrete(m) => Some(IssueOptionShares {
                issue: issue.label.clone(),
                options: m
                    .iter()
                    .map(|(k, v)| {
                        let label = issue.option_labels.get(k).unwrap_or(k);
                        (short(label, 48), *v)
                    })
                    .collect(),
            }),
            IssueValues::Continuous(_) => None,
        })
        .collect();
    if shares.is_empty() {
        return Ok(None);
    }
    let data = OptionSharesData {
        title: "On what terms does each issue settle?".into(),
        subtitle: Some(format!(
            "{}; share of the runs in which the issue settled",
            cx.sub
        )),
        x_label: "Share of settled runs (%)".into(),
        issues: shares,
    };
    Ok(Some(Named {
        name: "option_shares".into(),
        figure: draw_option_shares(&data, opts)?,
    }))
}

fn payoffs(cx: &RunContext, opts: &ChartOptions) -> Result<Named, ChartError> {
    // An actor with no finite payoff (no run recorded one) has no box to draw.
    let actors = cx
        .doc
        .payoffs
        .iter()
        .filter_map(|(id, p)| {
            let _ = id;
            Some(ActorPayoff {
                actor: p.name.clone(),
                p10: p.p10?,
                p25: p.p25?,
                median: p.median?,
                p75: p.p75?,
                p90: p.p90?,
                mean: p.mean?,
            })
        })
        .collect();
    let data = PayoffsData {
        title: "Who gains what?".into(),
        subtitle: Some(format!(
            "{}; boxes p25–p75, whiskers p10–p90, dot = mean",
            cx.sub
        )),
        x_label: "Actor".into(),
        y_label: "Payoff (utility units)".into(),
        actors,
    };
    Ok(Named {
        name: "payoffs".into(),
        figure: draw_payoffs(&data, opts)?,
    })
}

fn fans(cx: &RunContext, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let d = cx.doc;
    // Events that happen in at least half the runs, at their median date over all runs.
    let events: Vec<(i64, String)> = d
        .events
        .values()
        .filter(|e| e.share >= 0.5)
        .filter_map(|e| {
            let at = e.date.median.at.as_ref()?.axis_value()?;
            Some((at, short(&e.label, 40)))
        })
        .collect();
    let mut fans = Vec::new();
    for (id, rows) in &d.distributions.paths {
        let runs = d.runs.max(1) as f64;
        let points: Vec<FanPoint> = rows
            .iter()
            .filter_map(|&(t, p10, median, p90, n)| {
                Some(FanPoint {
                    t: d.clock.at(i64::from(t)),
                    p10: p10?,
                    median: median?,
                    p90: p90?,
                    going: n as f64 / runs,
                })
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        let st = &d.states[id];
        let y_label = if st.unit.is_empty() {
            format!(
                "Value ({})",
                format::range(&format::num(st.min, 1), &format::num(st.max, 1))
            )
        } else {
            st.unit.clone()
        };
        let data = FanData {
            title: st.label.clone(),
            subtitle: Some(format!(
                "{}; median and 10–90 % band of the runs still going, faded where fewer than 10 % are; events at their median date",
                cx.sub
            )),
            time_axis: time_axis(&d.clock),
            x_label: cx.time_label.into(),
            y_label,
            points,
            events: events.clone(),
            range: Some(d.clock.range()),
            bounds: Some((st.min, st.max)),
        };
        fans.push((format!("fan_{id}"), data));
    }
    // Drawn in parallel, collected in order.
    fans.into_par_iter()
        .map(|(name, data)| {
            Ok(Named {
                name,
                figure: draw_fan(&data, opts)?,
            })
        })
        .collect()
}

fn event_timing(cx: &RunContext, opts: &ChartOptions) -> Result<Option<Named>, ChartError> {
    let d = cx.doc;
    let mut rows = Vec::new();
    for (kind, items) in [("Event", &d.events), ("Action", &d.actions)] {
        for e in items.values() {
            rows.push(EventTimingRow {
                event: format!("{kind}: {}", short(&e.label, 60)),
                share: e.at_risk_share,
                timing: censored_spread(&e.date, &d.clock),
            });
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let data = EventTimingData {
        title: "When do events and actions happen, and how often?".into(),
        subtitle: Some(format!(
            "{}; share among the runs still going when it could first happen; first date over all runs, p10–median–p90",
            cx.sub
        )),
        time_axis: time_axis(&d.clock),
        share_label: "Runs still going when it could happen (%)".into(),
        x_label: cx.time_label.into(),
        events: rows,
        range: Some(d.clock.range()),
    };
    Ok(Some(Named {
        name: "event_timing".into(),
        figure: draw_event_timing(&data, opts)?,
    }))
}

/// Every figure a run's summary supports: agreement dates, the issue timeline, option shares,
/// payoffs, the fan charts of the state variables, event and action timing.
pub fn run_figures(doc: &SummaryDoc, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let cx = RunContext {
        doc,
        sub: format!(
            "{}: {}, seed {}",
            doc.title,
            format::count(doc.runs, "run"),
            doc.seed
        ),
        time_label: if doc.clock.dated() { "Date" } else { "Turn" },
    };
    // The fan charts (one per state variable, often half the figures or more) are drawn while the
    // others are.
    let (others, fans) = rayon::join(
        || -> Result<_, ChartError> {
            let mut out = agreement_figures(&cx, opts)?;
            out.push(issue_timeline(&cx, opts)?);
            out.extend(option_shares(&cx, opts)?);
            out.push(payoffs(&cx, opts)?);
            Ok((out, event_timing(&cx, opts)?))
        },
        || fans(&cx, opts),
    );
    let (mut out, timing) = others?;
    out.extend(fans?);
    out.extend(timing);
    Ok(out)
}

/// The cumulative share of all runs that reached an agreement by each time, and the share at the
/// end: `(points, share)`.
fn ecdf(rows: &[(TimeValue, u64)], runs: u64) -> (Vec<(i64, f64)>, f64) {
    let mut pts: Vec<(i64, u64)> = rows
        .iter()
        .filter_map(|(t, n)| Some((t.axis_value()?, *n)))
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
    (points, acc as f64 / total)
}

/// An alternative's median shift for a legend: `median −210 days [95 % CI −231, −182]`; where a
/// median falls after the horizon, what is known (`median after 1955-01-01, ≥ 522 days later`);
/// marked where it rests on fewer than half the runs.
fn shift_text(shift: Option<&EstimateDoc>, unit: &str, conf: f64, horizon: &str) -> String {
    let Some(e) = shift else {
        return "median shift undefined".to_string();
    };
    let text = match (e.estimate, e.ci, e.at_least, e.at_most) {
        (Some(_), Some(_), _, _) => {
            let full = format::estimate(
                &EstimateDoc {
                    few_runs: false,
                    ..e.clone()
                },
                1.0,
                0,
            );
            // `+12 [+3, +20]` → `median +12 days [95 % CI +3, +20]`.
            match full.split_once(" [") {
                Some((x, rest)) => format!("median {x} {unit} [{conf:.0} % CI {rest}"),
                None => format!("median {full} {unit}"),
            }
        }
        (Some(x), None, _, _) => format!("median {} {unit}", format::signed(x, 0)),
        (None, _, Some(b), _) => format!(
            "median after {horizon}, \u{2265} {} {unit} later",
            format::num(b, 0)
        ),
        (None, _, _, Some(b)) => format!(
            "median \u{2265} {} {unit} earlier (base after {horizon})",
            format::num(-b, 0)
        ),
        (None, _, _, _) if e.censored => format!("median after {horizon}, as the base's"),
        (None, _, _, _) => "median shift undefined".to_string(),
    };
    if e.few_runs {
        format!("{text} {}", format::FEW_RUNS)
    } else {
        text
    }
}

fn comparison(
    c: &CompareDoc,
    outcome: &str,
    reached: &doc::compare::ReachedDoc,
    opts: &ChartOptions,
) -> Result<Option<Named>, ChartError> {
    let id = outcome.trim_start_matches("agreement.");
    let noun = id.replace('_', " ");
    let conf = c.bootstrap.confidence * 100.0;
    let row = c.outcome(outcome);
    let Some((base_points, base_share)) = reached.variants.get(&c.base).map(|r| ecdf(r, c.runs))
    else {
        return Ok(None);
    };
    let mut alternatives = Vec::new();
    for v in c.variants.iter().filter(|v| v.name != c.base) {
        let Some((points, share)) = reached.variants.get(&v.name).map(|r| ecdf(r, c.runs)) else {
            continue;
        };
        let shift = row
            .and_then(|r| r.differences.get(&v.name))
            .and_then(|d| d.median_shift.as_ref());
        alternatives.push(EcdfSeries {
            legend: format!(
                "{}: {}; reached in {}",
                v.name,
                shift_text(shift, &c.shift_unit, conf, &c.clock.horizon_label()),
                format::percent(share)
            ),
            points,
        });
    }
    let base_median = row.and_then(|r| match r.variants.get(&c.base) {
        Some(DistDoc::Date(d)) => Some(&d.date.median),
        _ => None,
    });
    let horizon = c.clock.horizon_label();
    let base_legend = match base_median {
        _ if base_share == 0.0 => format!("{} (base): never reached", c.base),
        Some(m) => format!(
            "{} (base): median {}; reached in {}",
            c.base,
            m.at.as_ref()
                .map_or_else(|| format!("after {horizon}"), ToString::to_string),
            format::percent(base_share)
        ),
        None => format!(
            "{} (base): reached in {}",
            c.base,
            format::percent(base_share)
        ),
    };
    let flagged = row.is_some_and(|r| {
        r.differences
            .values()
            .any(|d| d.median_shift.as_ref().is_some_and(|e| e.few_runs))
    });
    let crn = if c.common_random_numbers {
        "common random numbers"
    } else {
        "independent streams"
    };
    let data = ComparisonData {
        title: format!("When is the {noun} reached, and what moves it?"),
        subtitle: Some(format!(
            "{}: {} paired runs per variant, seed {}, {crn}; medians over all runs (a run that never reaches it counts as after the horizon), shifts alternative minus base{}",
            c.title,
            c.runs,
            c.seed,
            if flagged {
                format!("; {} rests on fewer than half the runs", format::FEW_RUNS)
            } else {
                String::new()
            }
        )),
        time_axis: time_axis(&c.clock),
        x_label: if c.clock.dated() {
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
        observed: c
            .observed_for(outcome)
            .map(|o| (o.axis_value(&c.clock), o.marker_label())),
        range: Some(c.clock.range()),
    };
    Ok(Some(Named {
        name: format!("comparison_{id}"),
        figure: draw_comparison(&data, opts)?,
    }))
}

/// The comparison figures of a `compare.json`: per agreement, the ECDF of its date under the base
/// and each alternative, with each alternative's median shift and its interval in the legend.
pub fn compare_figures(c: &CompareDoc, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let mut out = Vec::new();
    for (outcome, reached) in &c.distributions {
        out.extend(comparison(c, outcome, reached, opts)?);
    }
    Ok(out)
}

/// How a sensitivity output is drawn: scale, unit suffix, axis label and what it measures.
fn output_scale(stat: &str, unit: &str, noun: &str) -> (f64, String, String, String) {
    match (stat, unit) {
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
        (_, u) => (
            1.0,
            u.to_string(),
            format!("Change ({u})"),
            noun.to_string(),
        ),
    }
}

fn tornado_row(x: &doc::sensitivity::OatDoc, label: &str, scale: f64) -> TornadoRow {
    // An end at which the outcome never happens has no effect to draw: say so.
    let undefined = if x.effect_low.is_none() || x.effect_high.is_none() {
        ", undefined at one end"
    } else {
        ""
    };
    let (a, b) = (x.low_value.as_str(), x.high_value.as_str());
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
        parameter: format!("{} ({range}{undefined})", short(label, 60)),
        low: x.effect_low.unwrap_or(0.0) * scale,
        high: x.effect_high.unwrap_or(0.0) * scale,
    }
}

/// The tornado figures of a `sensitivity.json`: one per agreement output (its median date and its
/// share of runs reached), each parameter's one-at-a-time effect at the low and high end of its range.
pub fn sensitivity_figures(
    sens: &SensitivityDoc,
    opts: &ChartOptions,
) -> Result<Vec<Named>, ChartError> {
    let mut out = Vec::new();
    for output in sens
        .outputs
        .iter()
        .filter(|o| o.name.starts_with("agreement."))
    {
        let rest = output.name.trim_start_matches("agreement.");
        let (id, stat) = rest.rsplit_once('.').unwrap_or((rest, ""));
        let noun = id.replace('_', " ");
        let rows_here: Vec<&doc::sensitivity::OatDoc> = sens
            .oat
            .iter()
            .filter(|x| x.output == output.name)
            .collect();
        if rows_here.is_empty() {
            continue;
        }
        let (scale, unit_short, x_label, what) = output_scale(stat, &output.unit, &noun);
        let base = rows_here.iter().find_map(|x| x.base);
        let base_label = match (base, stat, output.unit.as_str()) {
            (None, _, _) => "Base: never reached".to_string(),
            (Some(b), "share", _) => format!("Base: {} of runs", format::percent(b)),
            (Some(b), _, "days") => format!("Base: {}", format_date(b.round() as i64)),
            (Some(b), _, "turns") => format!("Base: turn {b}"),
            (Some(b), _, _) => format!("Base: {b}"),
        };
        let data = TornadoData {
            title: format!("What moves the {what}?"),
            subtitle: Some(format!(
                "{}: {} per design point, seed {}; each parameter at the low and the high end of its range, the others as the scenario sets them",
                sens.title,
                format::count(sens.runs, "run"),
                sens.seed
            )),
            x_label,
            base: 0.0,
            base_label,
            unit: unit_short,
            low_legend: "Parameter at the low end of its range".into(),
            high_legend: "Parameter at the high end of its range".into(),
            rows: rows_here
                .iter()
                .map(|x| {
                    let label = sens
                        .parameters
                        .iter()
                        .find(|p| p.path == x.parameter)
                        .map_or(x.parameter.as_str(), |p| p.label.as_str());
                    tornado_row(x, label, scale)
                })
                .collect(),
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

/// Most series on a sweep figure: beyond this many values of the other parameters, the points are
/// drawn apart, in one colour, rather than as lines no one could tell apart.
const MAX_SWEEP_SERIES: usize = 6;

/// A file-name part from a `--set` path: ASCII letters, digits, `_`, `-` and `.` kept, anything
/// else `_`.
fn file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// How a varied parameter's values are laid along the x axis.
enum SweepX {
    /// Numbers: the values themselves.
    Numbers,
    /// Dates: day numbers.
    Dates,
    /// Anything else: the index of each value among these categories.
    Categories(Vec<String>),
}

/// Parameter `k`'s value at each point as a position on the x axis: the numbers themselves when
/// every value is one, day numbers when every value is a date, else the index of the value among
/// the categories (in order of first appearance on a grid, sorted on a hypercube).
fn sweep_x(doc: &SweepDoc, k: usize) -> (Vec<f64>, SweepX) {
    let vals: Vec<&str> = doc
        .points
        .iter()
        .map(|p| p.values.get(k).map_or("", |v| v.trim()))
        .collect();
    let nums: Option<Vec<f64>> = vals
        .iter()
        .map(|v| v.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    if let Some(nums) = nums {
        return (nums, SweepX::Numbers);
    }
    let days: Option<Vec<f64>> = vals
        .iter()
        .map(|v| crate::time::Date::parse(v).map(|d| d.0 as f64))
        .collect();
    if let Some(days) = days {
        return (days, SweepX::Dates);
    }
    let mut cats: Vec<String> = Vec::new();
    let mut index = std::collections::BTreeMap::new();
    for v in &vals {
        if !index.contains_key(*v) {
            index.insert(v.to_string(), cats.len());
            cats.push(v.to_string());
        }
    }
    if doc.lhs.is_some() {
        cats.sort();
        for (i, c) in cats.iter().enumerate() {
            index.insert(c.clone(), i);
        }
    }
    let xs = vals.iter().map(|v| index[*v] as f64).collect();
    (xs, SweepX::Categories(cats))
}

/// A parameter's values as a legend shows them: numbers with as few significant digits as keep them
/// apart (`0.986333333333` reads `0.9863` beside `0.98` and `0.999`), anything else as written.
fn short_values(values: &[&str]) -> Vec<String> {
    short_values_from(values, 3)
}

/// [`short_values`], trying `min_digits` significant digits first.
fn short_values_from(values: &[&str], min_digits: i32) -> Vec<String> {
    let nums: Option<Vec<f64>> = values
        .iter()
        .map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    let Some(nums) = nums else {
        return values.iter().map(|v| v.to_string()).collect();
    };
    let mut distinct: Vec<&str> = values.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    for digits in min_digits..=12 {
        let text: Vec<String> = nums.iter().map(|&x| significant(x, digits)).collect();
        let mut shown = text.clone();
        shown.sort_unstable();
        shown.dedup();
        if shown.len() == distinct.len() {
            return text;
        }
    }
    values.iter().map(|v| v.to_string()).collect()
}

/// `x` with at most `digits` significant digits, trailing zeros dropped, a true minus sign.
fn significant(x: f64, digits: i32) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = crate::math::log10(x.abs()).floor() as i32;
    let decimals = (digits - 1 - magnitude).clamp(0, 15) as usize;
    let text = format::num(x, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// The points of a sweep grouped by the values of every parameter but `k`, groups in order of
/// first appearance: `(values, point indices)`.
fn sweep_groups(doc: &SweepDoc, k: usize) -> Vec<(Vec<String>, Vec<usize>)> {
    let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    let mut index = std::collections::BTreeMap::new();
    for (i, p) in doc.points.iter().enumerate() {
        let key: Vec<String> = p
            .values
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, v)| v.clone())
            .collect();
        let g = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    groups
}

/// How the points of a sweep figure are split into series: `(legend, point indices)` per series,
/// the legend's heading (what tells the series apart), whether points are joined, and a note for
/// the subtitle.
struct SweepGrouping {
    series: Vec<(String, Vec<usize>)>,
    title: String,
    joined: bool,
    note: &'static str,
}

/// The series of the figure of parameter `k`: on a grid, one line per value of the other parameters
/// (at most [`MAX_SWEEP_SERIES`]); otherwise, with one other numeric parameter, its range cut into
/// thirds, one colour each; else every point in one colour.
fn sweep_grouping(doc: &SweepDoc, k: usize) -> SweepGrouping {
    let all: Vec<usize> = (0..doc.points.len()).collect();
    let others: Vec<usize> = (0..doc.parameters.len()).filter(|&j| j != k).collect();
    let labels: Vec<&str> = others
        .iter()
        .map(|&j| doc.parameters[j].label.as_str())
        .collect();
    let single = |note| SweepGrouping {
        series: vec![(String::new(), all.clone())],
        title: String::new(),
        // One parameter alone: its points, sorted, make a line (a grid's or a hypercube's).
        joined: others.is_empty(),
        note,
    };
    if others.is_empty() {
        return single("");
    }
    let groups = sweep_groups(doc, k);
    if doc.lhs.is_none() && groups.len() <= MAX_SWEEP_SERIES {
        // Per other parameter, its values across the groups as the legend shows them.
        let shown: Vec<Vec<String>> = (0..others.len())
            .map(|j| {
                let col: Vec<&str> = groups
                    .iter()
                    .map(|g| g.0.get(j).map_or("", String::as_str))
                    .collect();
                short_values(&col)
            })
            .collect();
        let series = groups
            .into_iter()
            .enumerate()
            .map(|(g, (_, members))| {
                let legend: Vec<&str> = shown.iter().map(|col| col[g].as_str()).collect();
                (legend.join(" / "), members)
            })
            .collect();
        return SweepGrouping {
            series,
            title: labels.join(" / "),
            joined: true,
            note: "",
        };
    }
    match (others.len(), thirds(doc, others[0])) {
        (1, Some(series)) => SweepGrouping {
            series,
            title: labels[0].to_string(),
            joined: false,
            note: "",
        },
        _ => single("; every point, the other parameters varying with it"),
    }
}

/// The points cut into thirds of parameter `j`'s range, when its values are numbers and there are
/// at least six points: `(range as text, point indices)`, empty thirds left out.
fn thirds(doc: &SweepDoc, j: usize) -> Option<Vec<(String, Vec<usize>)>> {
    let vals: Vec<f64> = doc
        .points
        .iter()
        .map(|p| {
            p.values
                .get(j)?
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
        })
        .collect::<Option<_>>()?;
    if vals.len() < 6 {
        return None;
    }
    let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if hi <= lo {
        return None;
    }
    let edges: Vec<f64> = (0..=3)
        .map(|e| lo + (hi - lo) * f64::from(e) / 3.0)
        .collect();
    let texts: Vec<String> = edges.iter().map(|e| e.to_string()).collect();
    // Edges are where the thirds meet, not values anyone chose: two digits are plenty.
    let shown = short_values_from(&texts.iter().map(String::as_str).collect::<Vec<_>>(), 2);
    let mut bins = vec![Vec::new(); 3];
    for (i, v) in vals.iter().enumerate() {
        let b = ((v - lo) / (hi - lo) * 3.0).floor().clamp(0.0, 2.0) as usize;
        bins[b].push(i);
    }
    Some(
        bins.into_iter()
            .enumerate()
            .filter(|(_, members)| !members.is_empty())
            .map(|(b, members)| (format::range(&shown[b], &shown[b + 1]), members))
            .collect(),
    )
}

/// One sweep figure: agreement `id` against parameter `k`.
fn sweep_figure(
    doc: &SweepDoc,
    id: &str,
    label: &str,
    k: usize,
    opts: &ChartOptions,
) -> Result<Named, ChartError> {
    let param = &doc.parameters[k];
    let (xs, x) = sweep_x(doc, k);
    let grouping = sweep_grouping(doc, k);
    let point = |i: usize| -> Option<SweepPoint> {
        let p = &doc.points[i];
        let a = p.agreements.get(id)?;
        let at = |t: &Option<TimeValue>| t.as_ref().and_then(TimeValue::axis_value);
        Some(SweepPoint {
            x: xs[i],
            share: a.share,
            share_ci: a.share_ci,
            median: at(&a.date.median.at),
            median_ci: (at(&a.median_ci.0), at(&a.median_ci.1)),
            horizon: p
                .horizon
                .axis_value()
                .unwrap_or_else(|| doc.clock.horizon()),
        })
    };
    let series = grouping
        .series
        .into_iter()
        .map(|(legend, members)| SweepSeries {
            legend,
            points: members.into_iter().filter_map(point).collect(),
        })
        .collect();
    let conf = format::num(doc.confidence * 100.0, 0);
    let data = SweepData {
        title: format!("How often and when is it reached? {label}"),
        subtitle: Some(format!(
            "{}: {} per point, seed {}; {conf} % intervals; a run that never reaches it counts as after the horizon{}",
            doc.title,
            format::count(doc.runs, "run"),
            doc.seed,
            grouping.note
        )),
        x_label: param.label.clone(),
        x_dates: matches!(x, SweepX::Dates),
        categories: match x {
            SweepX::Categories(c) => c,
            _ => Vec::new(),
        },
        share_label: "Runs reaching it (%)".into(),
        time_label: if doc.clock.dated() {
            "Median date".into()
        } else {
            "Median turn".into()
        },
        time_axis: time_axis(&doc.clock),
        series_title: grouping.title,
        series,
        joined: grouping.joined,
        observed: doc
            .observed_for(&format!("agreement.{id}"))
            .map(|o| (o.axis_value(&doc.clock), o.marker_label())),
    };
    Ok(Named {
        name: format!("sweep_{}_by_{}", file_part(id), file_part(&param.path)),
        figure: draw_sweep(&data, opts)?,
    })
}

/// The figures of a `sweep.json`: per agreement and varied parameter, the share of runs that
/// reached the agreement and its median date against the parameter's value, with their intervals.
pub fn sweep_figures(doc: &SweepDoc, opts: &ChartOptions) -> Result<Vec<Named>, ChartError> {
    let mut out = Vec::new();
    for (id, label) in &doc.agreements {
        for k in 0..doc.parameters.len() {
            out.push(sweep_figure(doc, id, label, k, opts)?);
        }
    }
    Ok(out)
}

/// What kind of output directory `armistice chart` was given, recognised by its JSON file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartSource {
    /// `summary.json` of `run` (or `merge`).
    Run,
    /// `compare.json` of `compare --out`.
    Compare,
    /// `sensitivity.json` of `sensitivity --out`.
    Sensitivity,
    /// `sweep.json` of `sweep`.
    Sweep,
}

impl ChartSource {
    /// The JSON file that marks the directory.
    pub fn file(self) -> &'static str {
        match self {
            ChartSource::Run => "summary.json",
            ChartSource::Compare => "compare.json",
            ChartSource::Sensitivity => "sensitivity.json",
            ChartSource::Sweep => "sweep.json",
        }
    }

    fn command(self) -> &'static str {
        match self {
            ChartSource::Run => "armistice run",
            ChartSource::Compare => "armistice compare --out",
            ChartSource::Sensitivity => "armistice sensitivity --out",
            ChartSource::Sweep => "armistice sweep",
        }
    }
}

/// `armistice chart DIR`: redraws the charts of a `run`, `compare`, `sensitivity` or `sweep` output
/// directory (recognised by its `summary.json`, `compare.json`, `sensitivity.json` or `sweep.json`)
/// into `DIR/charts/`, each
/// file written atomically. A directory that does not exist or holds none of those files, and a file
/// that lacks a key, are input errors (exit 2) that say what is wrong.
pub fn redraw(dir: &Path, opts: &ChartOptions) -> Result<(ChartSource, usize)> {
    let kinds = [
        ChartSource::Run,
        ChartSource::Compare,
        ChartSource::Sensitivity,
        ChartSource::Sweep,
    ];
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a directory; give the output directory of `armistice run`, `compare --out`, `sensitivity --out` or `sweep`",
            dir.display()
        )));
    }
    let Some(kind) = kinds.into_iter().find(|k| dir.join(k.file()).is_file()) else {
        return Err(Error::Usage(format!(
            "`{}` holds none of summary.json, compare.json, sensitivity.json, sweep.json; give the output directory of `armistice run`, `compare --out`, `sensitivity --out` or `sweep`",
            dir.display()
        )));
    };
    let p = dir.join(kind.file());
    let remedy = format!("re-run `{}` to produce it", kind.command());
    let draw = |e: ChartError| Error::Output(format!("cannot draw charts: {e}"));
    let figs = match kind {
        ChartSource::Run => run_figures(&doc::read(&p, &remedy)?, opts),
        ChartSource::Compare => compare_figures(&doc::read(&p, &remedy)?, opts),
        ChartSource::Sensitivity => sensitivity_figures(&doc::read(&p, &remedy)?, opts),
        ChartSource::Sweep => sweep_figures(&doc::read(&p, &remedy)?, opts),
    }
    .map_err(draw)?;
    let out = dir.join("charts");
    let n = write_figures(&figs, |name, bytes| {
        crate::export::write_atomic(&out.join(name), bytes)
    })?;
    Ok((kind, n))
}
