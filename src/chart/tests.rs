//! Tests for the chart module: every figure renders typical and degenerate
//! data without panicking, its PNG decodes to the requested size and is not
//! blank, its SVG is well-formed XML and byte-identical across renders; the
//! calendar helpers round-trip. With `CHART_SAMPLES_DIR=dir` set, every
//! figure is also written there (PNG and SVG) with realistic sample data
//! (and the degenerate cases with a `degenerate_` prefix) for inspection.

use super::agreement_date::{BinStep, bin};
use super::*;

/// A small deterministic pseudo-random generator (64-bit LCG, Knuth's MMIX
/// constants) so sample data needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn day(y: i64, m: u32, d: u32) -> i64 {
    days_from_civil(y, m, d)
}

fn start() -> i64 {
    day(1951, 7, 10)
}

fn horizon() -> i64 {
    day(1954, 1, 1)
}

fn armistice() -> i64 {
    day(1953, 7, 27)
}

// ---------------------------------------------------------------------------
// Sample data
// ---------------------------------------------------------------------------

fn sample_agreement_date() -> AgreementDateData {
    let mut rng = Lcg(7);
    let mu = day(1953, 5, 1) as f64;
    let mut counts = Vec::new();
    for d in day(1952, 1, 1)..horizon() {
        let z = (d as f64 - mu) / 95.0;
        let w = 5.6 * crate::math::exp(-0.5 * z * z)
            + 0.6 * crate::math::exp(-0.5 * crate::math::powi((d as f64 - mu + 300.0) / 60.0, 2));
        let c = (w + rng.next_f64() - 0.5).round().max(0.0) as u64;
        if c > 0 {
            counts.push((d, c));
        }
    }
    let runs = counts.iter().map(|c| c.1).sum::<u64>() + 240;
    AgreementDateData {
        title: "When is an armistice signed?".into(),
        subtitle: Some(format!("Base scenario, {runs} runs from 1951-07-10")),
        outcome: "armistice".into(),
        time_axis: TimeAxis::Dates,
        x_label: "Armistice date".into(),
        y_label: "Runs".into(),
        cumulative_label: "Runs with an armistice by date (%)".into(),
        counts,
        never: 240,
        observed: Some((armistice(), "Armistice signed 1953-07-27".into())),
        range: Some((start(), horizon())),
    }
}

fn spread(a: i64, b: i64, c: i64) -> Option<TimeSpread> {
    Some(TimeSpread {
        p10: a,
        median: b,
        p90: c,
    })
}

fn sample_issue_timeline() -> IssueTimelineData {
    let row =
        |issue: &str, s: Option<TimeSpread>, observed: Option<i64>, last: f64| IssueTimelineRow {
            issue: issue.into(),
            settled: s,
            observed,
            settles_last_share: last,
        };
    IssueTimelineData {
        title: "When does each issue settle?".into(),
        subtitle: Some(
            "Base scenario; bars cover the middle 80 % of runs that settle the issue".into(),
        ),
        time_axis: TimeAxis::Dates,
        x_label: "Date the issue settles".into(),
        issues: vec![
            row(
                "demarcation",
                spread(day(1951, 11, 10), day(1951, 11, 27), day(1952, 2, 15)),
                Some(day(1951, 11, 27)),
                0.03,
            ),
            row(
                "supervision",
                spread(day(1952, 1, 20), day(1952, 5, 2), day(1952, 10, 30)),
                Some(day(1952, 5, 2)),
                0.09,
            ),
            row(
                "pow",
                spread(day(1952, 9, 1), day(1953, 5, 20), day(1953, 11, 15)),
                Some(day(1953, 6, 8)),
                0.71,
            ),
            row(
                "political_conference",
                spread(day(1952, 2, 1), day(1952, 9, 10), day(1953, 10, 1)),
                Some(day(1952, 2, 19)),
                0.17,
            ),
        ],
        range: Some((start(), horizon())),
    }
}

fn options(pairs: &[(&str, f64)]) -> Vec<(String, f64)> {
    pairs.iter().map(|(l, s)| (l.to_string(), *s)).collect()
}

fn sample_option_shares() -> OptionSharesData {
    OptionSharesData {
        title: "How is each issue settled?".into(),
        subtitle: Some("Share of runs ending on each option, base scenario".into()),
        x_label: "Share of runs (%)".into(),
        issues: vec![
            IssueOptionShares {
                issue: "demarcation".into(),
                options: options(&[
                    ("line of contact", 0.78),
                    ("38th parallel", 0.15),
                    ("unsettled", 0.07),
                ]),
            },
            IssueOptionShares {
                issue: "supervision".into(),
                options: options(&[
                    ("neutral nations commission", 0.64),
                    ("joint inspection", 0.21),
                    ("unsettled", 0.15),
                ]),
            },
            IssueOptionShares {
                issue: "pow".into(),
                options: options(&[
                    ("voluntary repatriation", 0.58),
                    ("all-for-all exchange", 0.24),
                    ("unsettled", 0.18),
                ]),
            },
            IssueOptionShares {
                issue: "political_conference".into(),
                options: options(&[
                    ("recommend a conference", 0.71),
                    ("no provision", 0.12),
                    ("unsettled", 0.17),
                ]),
            },
        ],
    }
}

fn sample_option_shares_shared() -> OptionSharesData {
    let issue = |name: &str, a: f64, b: f64, c: f64| IssueOptionShares {
        issue: name.into(),
        options: options(&[
            ("UN position", a),
            ("communist position", b),
            ("compromise", c),
            ("unsettled", 1.0 - a - b - c),
        ]),
    };
    OptionSharesData {
        title: "Whose position prevails?".into(),
        subtitle: None,
        x_label: "Share of runs (%)".into(),
        issues: vec![
            issue("demarcation", 0.62, 0.11, 0.2),
            issue("supervision", 0.31, 0.22, 0.32),
            issue("pow", 0.55, 0.09, 0.18),
            issue("political_conference", 0.12, 0.18, 0.55),
        ],
    }
}

fn sample_payoffs() -> PayoffsData {
    let a = |actor: &str, q: [f64; 6]| ActorPayoff {
        actor: actor.into(),
        p10: q[0],
        p25: q[1],
        median: q[2],
        p75: q[3],
        p90: q[4],
        mean: q[5],
    };
    PayoffsData {
        title: "Payoffs at the end of the runs".into(),
        subtitle: Some("Base scenario, all runs (including those without an armistice)".into()),
        x_label: String::new(),
        y_label: "Payoff (utility units)".into(),
        actors: vec![
            a("US", [0.18, 0.31, 0.42, 0.55, 0.63, 0.41]),
            a("North", [0.05, 0.22, 0.36, 0.47, 0.58, 0.34]),
            a("Patron", [-0.12, 0.04, 0.15, 0.29, 0.40, 0.14]),
        ],
    }
}

/// The base ECDF of the sample agreement dates, shifted by `shift` days and
/// capped at `cap`.
fn ecdf(shift: i64, cap: f64) -> Vec<(i64, f64)> {
    let data = sample_agreement_date();
    let total = data.counts.iter().map(|c| c.1).sum::<u64>() + data.never;
    let mut cum = 0;
    data.counts
        .iter()
        .map(|&(d, c)| {
            cum += c;
            (d + shift, (cum as f64 / total as f64).min(cap))
        })
        .filter(|p| p.0 < horizon())
        .collect()
}

fn sample_comparison() -> ComparisonData {
    let series = |legend: &str, shift: i64, cap: f64| EcdfSeries {
        legend: legend.into(),
        points: ecdf(shift, cap),
    };
    ComparisonData {
        title: "Counterfactuals: when is the armistice signed?".into(),
        subtitle: Some("Median shift against the base scenario, with 90 % interval".into()),
        time_axis: TimeAxis::Dates,
        x_label: "Armistice date".into(),
        y_label: "Runs with an armistice by date (%)".into(),
        base: series("base", 0, 1.0),
        alternatives: vec![
            series(
                "no_pow_stall: median \u{2212}210 d [\u{2212}260, \u{2212}170]",
                -210,
                1.0,
            ),
            series("stalin_lives: median +95 d [+60, +140]", 95, 0.7),
            series("hardline_rhee: median +30 d [+5, +55]", 30, 0.8),
        ],
        observed: Some((armistice(), "Armistice signed 1953-07-27".into())),
        range: Some((start(), horizon())),
    }
}

fn sample_fan() -> FanData {
    let mut points = Vec::new();
    let mut t = start();
    while t <= horizon() {
        let x = (t - start()) as f64 / 365.0;
        let median = 55.0 + 12.0 * libm::sin(x * 2.1) - 9.0 * x;
        let width = 6.0 + 5.0 * x;
        points.push(FanPoint {
            t,
            p10: median - width,
            median,
            p90: median + width * 1.2,
            // The last months rest on few runs (faded).
            going: if t > horizon() - 120 { 0.05 } else { 0.8 },
        });
        t += 7;
    }
    let ev = |y, m, d, l: &str| (day(y, m, d), l.to_string());
    FanData {
        title: "Military pressure on the Chinese side".into(),
        subtitle: Some(
            "Median and 10th–90th percentile across 2,000 runs; historical events marked".into(),
        ),
        time_axis: TimeAxis::Dates,
        x_label: "Date".into(),
        y_label: "Military pressure (index, 0–100)".into(),
        points,
        events: vec![
            ev(1951, 7, 10, "Talks open"),
            ev(1951, 8, 23, "Talks suspended"),
            ev(1951, 10, 25, "Talks resume"),
            ev(1951, 11, 27, "Demarcation line agreed"),
            ev(1952, 5, 7, "Koje-do uprising"),
            ev(1952, 10, 8, "UN recesses talks"),
            ev(1953, 3, 5, "Patron dies"),
            ev(1953, 4, 26, "Talks resume"),
            ev(1953, 6, 8, "POW agreement"),
            ev(1953, 6, 18, "Ally frees prisoners"),
            ev(1953, 7, 27, "Armistice"),
        ],
        range: Some((start(), horizon())),
        bounds: Some((0.0, 100.0)),
    }
}

fn sample_event_timing() -> EventTimingData {
    let row = |event: &str, share: f64, timing: Option<TimeSpread>| EventTimingRow {
        event: event.into(),
        share,
        timing,
    };
    EventTimingData {
        title: "How often and when do key events occur?".into(),
        subtitle: Some("Base scenario, 2,000 runs".into()),
        time_axis: TimeAxis::Dates,
        share_label: "Runs in which it fires (%)".into(),
        x_label: "Date it first fires".into(),
        events: vec![
            row(
                "Talks suspended",
                0.62,
                spread(day(1951, 8, 10), day(1951, 9, 20), day(1952, 1, 15)),
            ),
            row(
                "Koje-do uprising",
                0.35,
                spread(day(1952, 2, 1), day(1952, 5, 20), day(1952, 11, 1)),
            ),
            row(
                "UN recesses talks",
                0.71,
                spread(day(1952, 6, 1), day(1952, 10, 20), day(1953, 2, 1)),
            ),
            row(
                "Patron dies",
                1.0,
                spread(day(1953, 3, 5), day(1953, 3, 5), day(1953, 3, 5)),
            ),
            row(
                "Ally frees prisoners",
                0.28,
                spread(day(1953, 4, 1), day(1953, 6, 25), day(1953, 9, 1)),
            ),
            row(
                "Bombing of the dams",
                0.44,
                spread(day(1952, 9, 1), day(1953, 4, 10), day(1953, 8, 1)),
            ),
            row("General offensive", 0.0, None),
        ],
        range: Some((start(), horizon())),
    }
}

fn sample_tornado() -> TornadoData {
    let row = |p: &str, low: f64, high: f64| TornadoRow {
        parameter: p.into(),
        low,
        high,
    };
    TornadoData {
        title: "Which assumptions move the armistice date?".into(),
        subtitle: Some("One parameter at a time at its low and high value; 500 runs each".into()),
        x_label: "Change in median armistice date (days)".into(),
        base: 0.0,
        base_label: "Base: median 1953-05-14".into(),
        unit: "d".into(),
        low_legend: "Parameter at low value".into(),
        high_legend: "Parameter at high value".into(),
        rows: vec![
            row("battlefield_noise (0.5–2)", -15.0, 20.0),
            row("pow_stall_prob (0.1–0.5)", -210.0, 160.0),
            row("rhee_veto (off / on)", 0.0, 45.0),
            row("stalin_death_turn (±90 d)", -60.0, 95.0),
            row("us_domestic_pressure (0.2–0.8)", 80.0, -120.0),
            row("pla_reinforcement (low / high)", 20.0, 60.0),
            row("concession_rate (0.02–0.1)", 140.0, -90.0),
        ],
    }
}

/// A sweep of a two-sided cease-fire over a patience parameter, one line per value of a second
/// parameter; at the lowest patience of the first line the median falls after the horizon.
fn sample_sweep() -> SweepData {
    let point =
        |x: f64, share: f64, median: Option<i64>, ci: (Option<i64>, Option<i64>)| SweepPoint {
            x,
            share,
            share_ci: ((share - 0.07).max(0.0), (share + 0.06).min(1.0)),
            median,
            median_ci: ci,
            horizon: horizon(),
        };
    let line = |legend: &str, shift: i64, lift: f64| SweepSeries {
        legend: legend.into(),
        points: (0..5)
            .map(|i| {
                let x = 0.95 + 0.01 * f64::from(i);
                let share = (0.35 + 0.13 * f64::from(i) + lift).min(1.0);
                let m = armistice() - 60 * i64::from(i) - shift;
                if share < 0.5 {
                    point(x, share, None, (Some(m - 90), None))
                } else {
                    point(x, share, Some(m), (Some(m - 70), Some(m + 80)))
                }
            })
            .collect(),
    };
    SweepData {
        title: "How often and when is it reached? Cease-fire".into(),
        subtitle: Some(
            "Border talks under fire: 400 runs per point, seed 7; 95 % intervals; a run that never reaches it counts as after the horizon"
                .into(),
        ),
        x_label: "The northern side's patience (weekly discount)".into(),
        categories: vec![],
        x_dates: false,
        share_label: "Runs reaching it (%)".into(),
        time_label: "Median date".into(),
        time_axis: TimeAxis::Dates,
        series_title: "Weekly chance that the patron changes its line".into(),
        series: vec![line("0.002", 0, 0.0), line("0.01", 120, 0.2)],
        joined: true,
        observed: Some((armistice(), "Observed 1953-07-27".into())),
    }
}

/// A sweep over words (categories), points apart, on abstract turns.
fn sample_sweep_categories() -> SweepData {
    let point = |x: f64, share: f64, median: i64| SweepPoint {
        x,
        share,
        share_ci: (share * 0.9, (share * 1.1).min(1.0)),
        median: Some(median),
        median_ci: (Some(median - 6), Some(median + 9)),
        horizon: 120,
    };
    SweepData {
        title: "How often and when is it reached? Trade deal".into(),
        subtitle: Some("Trade talks: 100 runs per point, seed 1".into()),
        x_label: "Strategy of the exporter".into(),
        categories: vec!["boulware".into(), "conceder".into(), "tit_for_tat".into()],
        x_dates: false,
        share_label: "Runs reaching it (%)".into(),
        time_label: "Median turn".into(),
        time_axis: TimeAxis::Turns,
        series_title: String::new(),
        series: vec![SweepSeries {
            legend: String::new(),
            points: vec![
                point(0.0, 0.55, 70),
                point(1.0, 0.97, 12),
                point(2.0, 0.8, 33),
            ],
        }],
        joined: false,
        observed: None,
    }
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Decodes the PNG fully and returns (width, height, distinct colours).
fn decode_png(png: &[u8]) -> (u32, u32, usize) {
    assert_eq!(&png[..8], &PNG_SIGNATURE, "PNG signature");
    assert_eq!(&png[12..16], b"IHDR", "IHDR is the first chunk");
    let ihdr_w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let ihdr_h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    let decoder = png::Decoder::new(png);
    let mut reader = decoder.read_info().expect("PNG header decodes");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG frame decodes");
    assert_eq!((info.width, info.height), (ihdr_w, ihdr_h));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let pixels = &buf[..info.buffer_size()];
    let mut colours: Vec<[u8; 3]> = pixels.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
    colours.sort_unstable();
    colours.dedup();
    (info.width, info.height, colours.len())
}

/// Renders twice and checks everything the module promises.
fn check_figure(name: &str, draw: &dyn Fn(&ChartOptions) -> Result<Figure, ChartError>) -> Figure {
    let opts = ChartOptions::default();
    let a = draw(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let b = draw(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(a.svg, b.svg, "{name}: SVG is deterministic");
    assert_eq!(a.png, b.png, "{name}: PNG is deterministic");
    let doc = roxmltree::Document::parse(&a.svg)
        .unwrap_or_else(|e| panic!("{name}: SVG is not XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{name}");
    let (w, h, colours) = decode_png(&a.png);
    assert_eq!((w, h), (1280, 720), "{name}: PNG size");
    assert!(colours > 3, "{name}: PNG has only {colours} colours");
    a
}

/// Where sample figures go: the directory named by `CHART_SAMPLES_DIR`, or
/// nowhere (so a plain `cargo test` writes no files).
fn out_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("CHART_SAMPLES_DIR")?);
    std::fs::create_dir_all(&dir).expect("create CHART_SAMPLES_DIR");
    Some(dir)
}

fn write_out(name: &str, fig: &Figure) {
    if let Some(dir) = out_dir() {
        std::fs::write(dir.join(format!("{name}.png")), &fig.png).expect("write png");
        std::fs::write(dir.join(format!("{name}.svg")), &fig.svg).expect("write svg");
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

type Draw = Box<dyn Fn(&ChartOptions) -> Result<Figure, ChartError>>;

/// Every figure with realistic sample data, by output name.
fn samples() -> Vec<(&'static str, Draw)> {
    vec![
        (
            "agreement_date",
            Box::new(|o| draw_agreement_date(&sample_agreement_date(), o)),
        ),
        (
            "issue_timeline",
            Box::new(|o| draw_issue_timeline(&sample_issue_timeline(), o)),
        ),
        (
            "option_shares",
            Box::new(|o| draw_option_shares(&sample_option_shares(), o)),
        ),
        (
            "option_shares_shared",
            Box::new(|o| draw_option_shares(&sample_option_shares_shared(), o)),
        ),
        ("payoffs", Box::new(|o| draw_payoffs(&sample_payoffs(), o))),
        (
            "comparison",
            Box::new(|o| draw_comparison(&sample_comparison(), o)),
        ),
        ("fan", Box::new(|o| draw_fan(&sample_fan(), o))),
        (
            "event_timing",
            Box::new(|o| draw_event_timing(&sample_event_timing(), o)),
        ),
        ("tornado", Box::new(|o| draw_tornado(&sample_tornado(), o))),
        ("sweep", Box::new(|o| draw_sweep(&sample_sweep(), o))),
        (
            "sweep_categories",
            Box::new(|o| draw_sweep(&sample_sweep_categories(), o)),
        ),
    ]
}

#[test]
fn write_sample_figures() {
    for (name, draw) in samples() {
        let fig = check_figure(name, &*draw);
        write_out(name, &fig);
    }
}

/// Writes a degenerate case too, for eyeballing.
fn check_and_keep(name: &str, draw: &dyn Fn(&ChartOptions) -> Result<Figure, ChartError>) {
    let fig = check_figure(name, draw);
    write_out(&format!("degenerate_{name}"), &fig);
}

#[test]
fn agreement_date_degenerate_data() {
    let base = sample_agreement_date();
    check_and_keep("agreement_date_empty", &|o| {
        draw_agreement_date(&AgreementDateData::default(), o)
    });
    let all_fail = AgreementDateData {
        counts: vec![],
        never: 2000,
        ..base.clone()
    };
    check_and_keep("agreement_date_all_fail", &|o| {
        draw_agreement_date(&all_fail, o)
    });
    let single = AgreementDateData {
        counts: vec![(armistice(), 17)],
        never: 0,
        observed: None,
        range: None,
        ..base.clone()
    };
    check_and_keep("agreement_date_single", &|o| {
        draw_agreement_date(&single, o)
    });
    let zero_counts = AgreementDateData {
        counts: vec![(armistice(), 0), (armistice() + 3, 0)],
        never: 0,
        ..base.clone()
    };
    check_figure("agreement_date_zero_counts", &|o| {
        draw_agreement_date(&zero_counts, o)
    });
    let turns = AgreementDateData {
        time_axis: TimeAxis::Turns,
        x_label: "Turn of the armistice".into(),
        counts: (0..400).rev().map(|t| (t, (t % 7) as u64)).collect(),
        observed: Some((300, "Historical turn".into())),
        range: Some((0, 420)),
        ..base
    };
    check_and_keep("agreement_date_turns", &|o| draw_agreement_date(&turns, o));
}

#[test]
fn issue_timeline_degenerate_data() {
    let base = sample_issue_timeline();
    check_figure("issue_timeline_empty", &|o| {
        draw_issue_timeline(&IssueTimelineData::default(), o)
    });
    let none = IssueTimelineData {
        issues: base
            .issues
            .iter()
            .map(|r| IssueTimelineRow {
                settled: None,
                observed: None,
                ..r.clone()
            })
            .collect(),
        range: None,
        ..base.clone()
    };
    check_and_keep("issue_timeline_none_settled", &|o| {
        draw_issue_timeline(&none, o)
    });
    let single = IssueTimelineData {
        issues: vec![IssueTimelineRow {
            issue: "pow".into(),
            settled: spread(armistice(), armistice(), armistice()),
            observed: Some(armistice() + 4000),
            settles_last_share: 1.0,
        }],
        range: None,
        ..base.clone()
    };
    check_figure("issue_timeline_single", &|o| {
        draw_issue_timeline(&single, o)
    });
    let turns = IssueTimelineData {
        time_axis: TimeAxis::Turns,
        issues: vec![IssueTimelineRow {
            issue: "a very long issue name that keeps going and going well past any sensible width"
                .into(),
            settled: spread(90, 40, 12),
            observed: None,
            settles_last_share: f64::NAN,
        }],
        range: None,
        ..base
    };
    check_figure("issue_timeline_turns", &|o| draw_issue_timeline(&turns, o));
}

#[test]
fn option_shares_degenerate_data() {
    check_figure("option_shares_empty", &|o| {
        draw_option_shares(&OptionSharesData::default(), o)
    });
    let odd = OptionSharesData {
        title: "Odd shares".into(),
        subtitle: None,
        x_label: "Share of runs (%)".into(),
        issues: vec![
            IssueOptionShares {
                issue: "no options".into(),
                options: vec![],
            },
            IssueOptionShares {
                issue: "all zero".into(),
                options: options(&[("a", 0.0), ("b", 0.0)]),
            },
            IssueOptionShares {
                issue: "one option".into(),
                options: options(&[("a", 1.0)]),
            },
            IssueOptionShares {
                issue: "negative and tiny".into(),
                options: options(&[
                    ("a", -0.3),
                    ("b", 0.999),
                    ("c", 0.001),
                    ("d", f64::NAN),
                    ("e", f64::INFINITY),
                ]),
            },
        ],
    };
    check_and_keep("option_shares_odd", &|o| draw_option_shares(&odd, o));
    let many = OptionSharesData {
        issues: (0..12)
            .map(|i| IssueOptionShares {
                issue: format!("issue_{i}"),
                options: (0..4)
                    .map(|k| (format!("option {i}.{k}"), 1.0 + k as f64))
                    .collect(),
            })
            .collect(),
        ..odd
    };
    check_and_keep("option_shares_many", &|o| draw_option_shares(&many, o));
}

#[test]
fn payoffs_degenerate_data() {
    check_figure("payoffs_empty", &|o| {
        draw_payoffs(&PayoffsData::default(), o)
    });
    let flat = PayoffsData {
        actors: vec![ActorPayoff {
            actor: "US".into(),
            p10: 0.5,
            p25: 0.5,
            median: 0.5,
            p75: 0.5,
            p90: 0.5,
            mean: 0.5,
        }],
        ..sample_payoffs()
    };
    check_and_keep("payoffs_flat", &|o| draw_payoffs(&flat, o));
    let zero = PayoffsData {
        actors: vec![ActorPayoff {
            actor: "North".into(),
            ..ActorPayoff::default()
        }],
        ..sample_payoffs()
    };
    check_figure("payoffs_zero", &|o| draw_payoffs(&zero, o));
    let unsorted = PayoffsData {
        actors: vec![ActorPayoff {
            actor: "Patron".into(),
            p10: 40.0,
            p25: -12.0,
            median: 3.0,
            p75: -30.0,
            p90: 10.0,
            mean: f64::INFINITY,
        }],
        ..sample_payoffs()
    };
    check_figure("payoffs_unsorted", &|o| draw_payoffs(&unsorted, o));
}

#[test]
fn comparison_degenerate_data() {
    check_figure("comparison_empty", &|o| {
        draw_comparison(&ComparisonData::default(), o)
    });
    let none = ComparisonData {
        base: EcdfSeries {
            legend: "base".into(),
            points: vec![],
        },
        alternatives: vec![EcdfSeries {
            legend: "alt".into(),
            points: vec![(armistice(), 0.0)],
        }],
        ..sample_comparison()
    };
    check_and_keep("comparison_none_reached", &|o| draw_comparison(&none, o));
    let odd = ComparisonData {
        time_axis: TimeAxis::Turns,
        base: EcdfSeries {
            legend: "base".into(),
            points: vec![(30, 0.9), (10, 0.2), (20, f64::NAN), (25, 1.7)],
        },
        alternatives: vec![EcdfSeries {
            legend: "single".into(),
            points: vec![(15, 0.5)],
        }],
        observed: None,
        range: None,
        ..sample_comparison()
    };
    check_figure("comparison_odd", &|o| draw_comparison(&odd, o));
}

#[test]
fn fan_degenerate_data() {
    check_figure("fan_empty", &|o| draw_fan(&FanData::default(), o));
    let single = FanData {
        points: vec![FanPoint {
            t: armistice(),
            p10: 1.0,
            median: 2.0,
            p90: 3.0,
            going: 1.0,
        }],
        events: vec![],
        range: None,
        ..sample_fan()
    };
    check_and_keep("fan_single", &|o| draw_fan(&single, o));
    let constant = FanData {
        points: (0..50)
            .map(|t| FanPoint {
                t,
                p10: 7.0,
                median: 7.0,
                p90: 7.0,
                going: 1.0,
            })
            .collect(),
        time_axis: TimeAxis::Turns,
        events: vec![
            (10, "shock".into()),
            (10, "same turn".into()),
            (-5, "before".into()),
        ],
        range: None,
        ..sample_fan()
    };
    check_and_keep("fan_constant", &|o| draw_fan(&constant, o));
    let events_only = FanData {
        points: vec![],
        ..sample_fan()
    };
    check_figure("fan_events_only", &|o| draw_fan(&events_only, o));
}

#[test]
fn event_timing_degenerate_data() {
    check_figure("event_timing_empty", &|o| {
        draw_event_timing(&EventTimingData::default(), o)
    });
    let never = EventTimingData {
        events: vec![EventTimingRow {
            event: "never".into(),
            share: 0.0,
            timing: None,
        }],
        range: None,
        ..sample_event_timing()
    };
    check_and_keep("event_timing_never", &|o| draw_event_timing(&never, o));
    let turns = EventTimingData {
        time_axis: TimeAxis::Turns,
        events: vec![EventTimingRow {
            event: "odd".into(),
            share: 1.5,
            timing: spread(50, 10, 5),
        }],
        range: None,
        ..sample_event_timing()
    };
    check_figure("event_timing_turns", &|o| draw_event_timing(&turns, o));
}

#[test]
fn tornado_degenerate_data() {
    check_figure("tornado_empty", &|o| {
        draw_tornado(&TornadoData::default(), o)
    });
    let zero = TornadoData {
        rows: vec![TornadoRow {
            parameter: "inert".into(),
            low: 0.0,
            high: 0.0,
        }],
        ..sample_tornado()
    };
    check_and_keep("tornado_zero", &|o| draw_tornado(&zero, o));
    let offset = TornadoData {
        base: 42.0,
        unit: String::new(),
        rows: vec![
            TornadoRow {
                parameter: "same side".into(),
                low: 43.0,
                high: 44.5,
            },
            TornadoRow {
                parameter: "nan".into(),
                low: f64::NAN,
                high: 41.0,
            },
        ],
        ..sample_tornado()
    };
    check_figure("tornado_offset", &|o| draw_tornado(&offset, o));
}

#[test]
fn sweep_degenerate_data() {
    check_figure("sweep_empty", &|o| draw_sweep(&SweepData::default(), o));
    let mut never = sample_sweep();
    for p in never.series.iter_mut().flat_map(|s| &mut s.points) {
        (p.share, p.share_ci, p.median, p.median_ci) = (0.0, (0.0, 0.02), None, (None, None));
    }
    check_and_keep("sweep_never", &|o| draw_sweep(&never, o));
    let one = SweepData {
        series: vec![SweepSeries {
            legend: String::new(),
            points: vec![sample_sweep().series[1].points[4]],
        }],
        observed: None,
        ..sample_sweep()
    };
    check_and_keep("sweep_one_point", &|o| draw_sweep(&one, o));
    let dates = SweepData {
        x_dates: true,
        series: vec![SweepSeries {
            legend: String::new(),
            points: [day(1953, 3, 5), day(1954, 3, 5)]
                .iter()
                .zip(&sample_sweep().series[1].points)
                .map(|(&x, p)| SweepPoint { x: x as f64, ..*p })
                .collect(),
        }],
        ..sample_sweep()
    };
    check_and_keep("sweep_dates", &|o| draw_sweep(&dates, o));
}

#[test]
fn scaled_png_has_scaled_size_and_same_svg() {
    let data = sample_issue_timeline();
    let one = draw_issue_timeline(&data, &ChartOptions::default()).expect("renders");
    let opts = ChartOptions {
        dpi_scale: 2.0,
        ..ChartOptions::default()
    };
    let two = draw_issue_timeline(&data, &opts).expect("renders");
    assert_eq!(one.svg, two.svg, "dpi_scale does not change the SVG");
    let (w, h, colours) = decode_png(&two.png);
    assert_eq!((w, h), (2560, 1440));
    assert!(colours > 3);
    let doc = roxmltree::Document::parse(&two.svg).expect("XML");
    assert_eq!(doc.root_element().attribute("width"), Some("1280"));
    assert_eq!(doc.root_element().attribute("height"), Some("720"));
    write_out("issue_timeline_2x", &two);
}

#[test]
fn bad_options_are_errors() {
    let data = sample_payoffs();
    for opts in [
        ChartOptions {
            width: 0,
            ..ChartOptions::default()
        },
        ChartOptions {
            dpi_scale: f64::NAN,
            ..ChartOptions::default()
        },
        ChartOptions {
            dpi_scale: -1.0,
            ..ChartOptions::default()
        },
        ChartOptions {
            dpi_scale: 100.0,
            ..ChartOptions::default()
        },
    ] {
        assert!(matches!(
            draw_payoffs(&data, &opts),
            Err(ChartError::InvalidOptions(_))
        ));
    }
    // A small but valid size still renders.
    let small = ChartOptions {
        width: 400,
        height: 300,
        dpi_scale: 1.0,
    };
    let fig = draw_payoffs(&data, &small).expect("renders small");
    let (w, h, _) = decode_png(&fig.png);
    assert_eq!((w, h), (400, 300));
}

#[test]
fn calendar_round_trips_and_formats() {
    assert_eq!(format_date(0), "1970-01-01");
    assert_eq!(format_date(-1), "1969-12-31");
    assert_eq!(format_date(day(1953, 7, 27)), "1953-07-27");
    assert_eq!(day(1953, 7, 27), -6002); // checked with Python's datetime
    assert_eq!(format_date(day(2000, 2, 29)), "2000-02-29");
    assert_eq!(format_date(day(1900, 3, 1) - 1), "1900-02-28");
    assert_eq!(format_month(day(1951, 7, 10)), "1951-07");
    assert_eq!(format_date(day(-44, 3, 15)), "-0044-03-15");
    assert_eq!(format_time(TimeAxis::Turns, 12), "turn 12");
    assert_eq!(format_time(TimeAxis::Dates, 0), "1970-01-01");
    for d in (-800_000..800_000).step_by(37) {
        let (y, m, dd) = civil_from_days(d);
        assert_eq!(days_from_civil(y, m, dd), d, "day {d}");
    }
    // Extreme inputs clamp instead of overflowing.
    let _ = format_date(i64::MAX);
    let _ = format_date(i64::MIN);
}

#[test]
fn number_formatting() {
    use super::layout::{fmt_num, fmt_pct, fmt_signed};
    assert_eq!(fmt_num(-3.0, 0), "\u{2212}3");
    assert_eq!(fmt_num(-0.0001, 2), "0.00");
    assert_eq!(fmt_num(2.5, 1), "2.5");
    assert_eq!(fmt_signed(45.0, 0), "+45");
    assert_eq!(fmt_signed(-210.0, 0), "\u{2212}210");
    assert_eq!(fmt_signed(0.0, 0), "0");
    assert_eq!(fmt_pct(0.0), "0%");
    assert_eq!(fmt_pct(0.001), "<1%");
    assert_eq!(fmt_pct(0.997), ">99%");
    assert_eq!(fmt_pct(1.0), "100%");
    assert_eq!(fmt_pct(0.125), "13%");
}

#[test]
fn date_ticks_follow_the_calendar() {
    use super::layout::{Target, Theme, time_ticks};
    let th = Theme::new(1.0, Target::Svg);
    let t =
        time_ticks(&th, TimeAxis::Dates, start() as f64, horizon() as f64, 1000).expect("ticks");
    let labels: Vec<&str> = t.major.iter().map(|m| m.1.as_str()).collect();
    assert_eq!(
        labels,
        [
            "1951-10", "1952-01", "1952-04", "1952-07", "1952-10", "1953-01", "1953-04", "1953-07",
            "1953-10", "1954-01"
        ]
    );
    let narrow =
        time_ticks(&th, TimeAxis::Dates, start() as f64, horizon() as f64, 300).expect("ticks");
    assert!(narrow.major.len() <= 3, "{:?}", narrow.major);
    let days = time_ticks(
        &th,
        TimeAxis::Dates,
        armistice() as f64,
        armistice() as f64 + 20.0,
        1000,
    )
    .expect("ticks");
    assert!(
        days.major.iter().all(|m| m.1.len() == 10),
        "{:?}",
        days.major
    );
    let turns = time_ticks(&th, TimeAxis::Turns, 0.0, 437.0, 1000).expect("ticks");
    assert_eq!(turns.major.first().map(|m| m.1.as_str()), Some("0"));
    assert!(
        turns.major.windows(2).all(|w| w[1].0 - w[0].0 == 50.0),
        "{:?}",
        turns.major
    );
}

#[cfg(target_os = "linux")]
#[test]
fn rendering_loads_no_fontconfig() {
    let _ = draw_fan(&sample_fan(), &ChartOptions::default()).expect("renders");
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read maps");
    assert!(
        !maps.contains("fontconfig"),
        "fontconfig is mapped into the process"
    );
    assert!(
        !maps.contains("freetype"),
        "freetype is mapped into the process"
    );
}

// Histogram binning of the agreement-date figure.

#[test]
fn bins_are_calendar_months_for_multi_year_spans() {
    let lo = days_from_civil(1951, 7, 10);
    let hi = days_from_civil(1953, 12, 20);
    let counts = vec![(lo, 3), (hi, 2)];
    let (step, edges, bins) = bin(TimeAxis::Dates, &counts).expect("binned");
    assert_eq!(step, BinStep::Months(1));
    assert_eq!(edges[0], days_from_civil(1951, 7, 1));
    assert_eq!(bins.len(), 30);
    assert_eq!(bins.iter().sum::<u64>(), 5);
    assert_eq!(bins[0], 3);
    assert_eq!(bins[29], 2);
}

#[test]
fn turn_bins_stay_within_limits() {
    let counts: Vec<(i64, u64)> = (0..1000).map(|t| (t, 1)).collect();
    let (step, _, bins) = bin(TimeAxis::Turns, &counts).expect("binned");
    assert_eq!(step, BinStep::Units(20));
    assert_eq!(bins.len(), 50);
    assert!(bins.iter().all(|&b| b == 20));
    let single = bin(TimeAxis::Turns, &[(7, 4)]).expect("binned");
    assert_eq!(single.1, vec![7, 8]);
    assert_eq!(single.2, vec![4]);
}

#[test]
fn crowded_marker_labels_use_the_free_side_instead_of_overlapping() {
    use super::layout::{Frame, MARKER_FONT, Target, Theme, place_marker_labels};
    ensure_fonts().unwrap();
    let th = Theme::new(1.0, Target::Svg);
    let frame = Frame {
        x0: 120,
        y0: 280,
        x1: 1215,
        y1: 640,
    };
    // Seven events over three and a half years, five of them within eight months: more than the
    // five rows allow when every label goes to the right of its line (as in a real scenario's fan chart).
    let days = [130, 406, 483, 537, 570, 602, 737];
    let names = [
        "agenda_items_taken_up",
        "envoy_visits_patron",
        "election_held",
        "economic_plan_begins",
        "new_leader_inaugurated",
        "patron_dies_suddenly",
        "text_completed",
    ];
    let markers: Vec<(f64, String)> = days
        .iter()
        .zip(names)
        .map(|(&d, n)| (d as f64, n.to_string()))
        .collect();
    let range = (0.0, 1270.0);
    let (placed, tiers) = place_marker_labels(&th, &markers, &frame, range, frame.x1, 5).unwrap();
    assert!(tiers <= 5);
    let span = |l: &super::layout::PlacedLabel| {
        let x = super::layout::map_x(&frame, range, l.value);
        let w = th.measure(&l.text, MARKER_FONT).unwrap().0;
        match l.align {
            plotters::style::text_anchor::HPos::Right => (x - 5 - w, x),
            _ => (x, x + 5 + w),
        }
    };
    for (i, a) in placed.iter().enumerate() {
        for b in &placed[i + 1..] {
            if a.tier == b.tier {
                let (sa, sb) = (span(a), span(b));
                assert!(
                    sa.1 <= sb.0 || sb.1 <= sa.0,
                    "`{}` and `{}` overlap in row {}",
                    a.text,
                    b.text,
                    a.tier
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Geometry: every text box inside the figure, no two overlapping, at every size
// ---------------------------------------------------------------------------

/// A text box of an SVG, in user units: (x0, y0, x1, y1) and the text.
type TextBox = (f64, f64, f64, f64, String);

/// The boxes of every `<text>` element of an SVG written by plotters, from the embedded font's
/// metrics: plotters writes `font-size` at 1/1.24 of the size it measures with, anchors text with
/// `text-anchor` and `dy` (`0.76em`: top, `0.5ex`: centre, `-0.5ex`: bottom), and turns vertical
/// axis descriptions with `rotate(270, x, y)`.
fn text_boxes(svg: &str) -> Vec<TextBox> {
    let th = layout::Theme::new(1.0, layout::Target::Svg);
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut out = Vec::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let text: String = n
            .descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect::<String>()
            .trim()
            .to_string();
        if text.is_empty() {
            continue;
        }
        let num = |a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
        let (x, y, size) = (
            num("x").unwrap(),
            num("y").unwrap(),
            num("font-size").unwrap(),
        );
        let bold = n.attribute("font-weight") == Some("bold");
        let mut font = layout::Font::new(size, layout::INK);
        if bold {
            font = font.bold();
        }
        let (w, h) = th.measure(&text, font).unwrap();
        let (w, h) = (f64::from(w), f64::from(h));
        let x0 = match n.attribute("text-anchor") {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        let y0 = match n.attribute("dy") {
            Some("0.76em") => y,
            Some("0.5ex") => y - h / 2.0,
            Some("-0.5ex") => y - h,
            _ => y - h * 0.8,
        };
        let (mut a, mut b) = ((x0, y0), (x0 + w, y0 + h));
        let turn = n.attribute("transform").and_then(|t| {
            t.strip_prefix("rotate(")?
                .split(',')
                .next()?
                .trim()
                .parse::<f64>()
                .ok()
        });
        if let Some(deg) = turn.filter(|d| *d == 90.0 || *d == 270.0) {
            // Rotating by 270° about (x, y) maps (dx, dy) to (dy, −dx); by 90°, to (−dy, dx).
            let sign = if deg == 270.0 { 1.0 } else { -1.0 };
            let map = |(px, py): (f64, f64)| (x + sign * (py - y), y - sign * (px - x));
            let (p, q) = (map(a), map(b));
            a = (p.0.min(q.0), p.1.min(q.1));
            b = (p.0.max(q.0), p.1.max(q.1));
        }
        out.push((a.0, a.1, b.0, b.1, text));
    }
    out
}

/// Panics with every clipped or overlapping text box of a figure drawn at `w`×`h`.
fn assert_text_fits(name: &str, svg: &str, w: f64, h: f64) {
    let boxes = text_boxes(svg);
    let tol = 1.5;
    let mut problems = Vec::new();
    for b in &boxes {
        if b.0 < -tol || b.1 < -tol || b.2 > w + tol || b.3 > h + tol {
            problems.push(format!("clipped: {:?}", b));
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let ox = a.2.min(b.2) - a.0.max(b.0);
            let oy = a.3.min(b.3) - a.1.max(b.1);
            if ox > tol && oy > tol {
                problems.push(format!("overlap: {:?} and {:?}", a, b));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{name} at {w}x{h}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The sizes every figure must hold at.
const SIZES: [(u32, u32); 4] = [(800, 450), (1024, 576), (1280, 720), (1920, 1080)];

#[test]
fn the_geometry_check_sees_an_overlap_and_a_clipped_label() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
<text x="10" y="10" dy="0.76em" font-size="20">overlapping</text>
<text x="20" y="12" dy="0.76em" font-size="20">text</text>
</svg>"#;
    let r = std::panic::catch_unwind(|| assert_text_fits("bait", svg, 200.0, 100.0));
    assert!(r.is_err(), "two overlapping texts pass the check");
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
<text x="150" y="10" dy="0.76em" font-size="20">clipped at the right</text>
</svg>"#;
    let r = std::panic::catch_unwind(|| assert_text_fits("bait", svg, 200.0, 100.0));
    assert!(r.is_err(), "a clipped text passes the check");
}

#[test]
fn every_sample_figure_holds_its_text_at_every_size() {
    for (name, draw) in samples() {
        for (w, h) in SIZES {
            let opts = ChartOptions {
                width: w,
                height: h,
                dpi_scale: 1.0,
            };
            let fig = draw(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_text_fits(name, &fig.svg, f64::from(w), f64::from(h));
        }
    }
}

#[test]
fn every_run_figure_of_the_korean_scenario_holds_its_text_at_every_size() {
    use crate::engine::{Model, Simulation};
    let model = Model::new(crate::Scenario::load("korea_1951", &[]).unwrap());
    let s = &model.scenario;
    let mut sum = crate::outcome::Summary::new(s);
    for r in 0..60 {
        let mut sim = Simulation::new(&model, 7, r).with_path();
        sum.add(s, &sim.play());
    }
    let doc = crate::outcome::doc::SummaryDoc::new(s, &sum, &Default::default());
    for (w, h) in SIZES {
        let opts = ChartOptions {
            width: w,
            height: h,
            dpi_scale: 1.0,
        };
        let figs = super::figures::run_figures(&doc, &opts).unwrap();
        for f in &figs {
            assert_text_fits(&f.name, &f.figure.svg, f64::from(w), f64::from(h));
        }
    }
}

#[test]
fn a_time_extent_spans_its_values_in_any_order_and_falls_back_without_any() {
    use super::layout::{empty_time_range, pad_time_range, time_extent};
    for axis in [TimeAxis::Dates, TimeAxis::Turns] {
        assert_eq!(time_extent([], axis), empty_time_range(axis));
        assert_eq!(
            time_extent([400, -30, 120], axis),
            pad_time_range(-30.0, 400.0, axis)
        );
        assert_eq!(time_extent([7], axis), pad_time_range(7.0, 7.0, axis));
    }
    // Turns: a span shorter than ten turns is widened about its centre, then padded by 3 %.
    assert_eq!(time_extent([4, 6], TimeAxis::Turns), (-0.3, 10.3));
}

#[test]
fn event_timing_keeps_legible_rows_on_a_small_figure_and_counts_the_rest() {
    let mut data = sample_event_timing();
    let first = data.events[0].clone();
    while data.events.len() < 14 {
        let mut r = first.clone();
        r.event = format!("Event number {}", data.events.len());
        data.events.push(r);
    }
    let count_more = |svg: &str| {
        svg.lines()
            .filter(|l| l.trim_end().ends_with(" more"))
            .count()
    };
    let full = draw_event_timing(&data, &ChartOptions::default()).expect("renders");
    assert_eq!(count_more(&full.svg), 0, "{}", full.svg);
    assert!(full.svg.contains("Event number 13"));
    let small = ChartOptions {
        width: 480,
        height: 320,
        ..ChartOptions::default()
    };
    let fig = draw_event_timing(&data, &small).expect("renders");
    assert_eq!(count_more(&fig.svg), 1, "{}", fig.svg);
    assert!(!fig.svg.contains("Event number 13"), "{}", fig.svg);
    roxmltree::Document::parse(&fig.svg).expect("XML");
    write_out("event_timing_small", &fig);
}

#[test]
fn issue_timeline_shortens_its_notes_on_a_narrow_figure() {
    let data = sample_issue_timeline();
    let full = draw_issue_timeline(&data, &ChartOptions::default()).expect("renders");
    assert!(full.svg.contains("settles last in"), "{}", full.svg);
    let small = ChartOptions {
        width: 480,
        height: 320,
        ..ChartOptions::default()
    };
    let fig = draw_issue_timeline(&data, &small).expect("renders");
    assert!(!fig.svg.contains("settles last in"), "{}", fig.svg);
    assert!(fig.svg.contains("last in "), "{}", fig.svg);
    write_out("issue_timeline_small", &fig);
}
