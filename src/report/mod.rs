//! `armistice report`: one self-contained HTML file about a scenario — what it models and who is in
//! it, the command that produced the page, the distributions of its outcomes as tables and inline SVG
//! charts, its fit to the recorded history, counterfactual comparisons under common random numbers,
//! a sample chronicle and the sources the scenario cites.
//!
//! The page needs nothing outside itself: the CSS and the SVGs are inline, there is no script, and it
//! names no remote resource. It is deterministic: the same scenario, alternatives, overrides, runs and
//! seed give the same bytes whatever the thread count (there is no timestamp in it). Every text that
//! comes from a scenario is escaped ([`html::esc`]).

pub mod html;

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use html::{Cell, esc, n, t, table};

use crate::analysis::bootstrap::Estimate;
use crate::analysis::compare::{self, CompareConfig, Comparison, shell_word};
use crate::analysis::{Kind, day_text, shift_unit};
use crate::app;
use crate::chart::ChartOptions;
use crate::chart::figures::{self, Named, signed};
use crate::engine::Model;
use crate::error::{Error, Result};
use crate::export;
use crate::fidelity::{self, Fidelity};
use crate::outcome::Summary;
use crate::outcome::summary::TurnHist;
use crate::scenario::{IssueKind, Override, Scenario};

/// Everything `armistice report` needs.
#[derive(Clone, Debug)]
pub struct ReportConfig {
    /// The scenario (path or embedded name).
    pub scenario: String,
    /// Alternatives to compare it with (paths or embedded names).
    pub alts: Vec<String>,
    /// `--set` overrides, applied to the scenario and to every alternative.
    pub overrides: Vec<Override>,
    /// Runs (the scenario's default if `None`); the comparison uses as many paired runs.
    pub runs: Option<u64>,
    /// Master seed (the scenario's if `None`).
    pub seed: Option<u64>,
    /// Bootstrap resamples of the comparison.
    pub bootstrap: u32,
    /// Worker threads (all cores if `None`); the page does not depend on it.
    pub threads: Option<usize>,
    /// The size of the charts (their SVG `viewBox`; the page scales them to its width).
    pub chart: ChartOptions,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            scenario: String::new(),
            alts: Vec::new(),
            overrides: Vec::new(),
            runs: None,
            seed: None,
            bootstrap: compare::DEFAULT_BOOTSTRAP,
            threads: None,
            chart: ChartOptions::default(),
        }
    }
}

/// A finished report.
pub struct Report {
    /// The scenario's id.
    pub scenario: String,
    /// Runs simulated per variant.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Figures in the page.
    pub figures: usize,
    /// The command that reproduces the page.
    pub command: String,
    /// The page.
    pub html: String,
}

/// The output file when none is given: `<scenario id>_report.html` in the current directory.
pub fn default_output(scenario_id: &str) -> PathBuf {
    PathBuf::from(format!("{scenario_id}_report.html"))
}

/// The command line that reproduces a report (without `-o` and `--threads`, which do not change it).
pub fn command(cfg: &ReportConfig, runs: u64, seed: u64) -> String {
    let mut w: Vec<String> = vec!["armistice".into(), "report".into()];
    w.push(shell_word(&cfg.scenario));
    w.extend(cfg.alts.iter().map(|a| shell_word(a)));
    w.push(format!("--runs {runs}"));
    w.push(format!("--seed {seed}"));
    if !cfg.alts.is_empty() && cfg.bootstrap != compare::DEFAULT_BOOTSTRAP {
        w.push(format!("--bootstrap {}", cfg.bootstrap));
    }
    for o in &cfg.overrides {
        w.push("--set".into());
        w.push(shell_word(&o.to_arg()));
    }
    let c = cfg.chart;
    let d = ChartOptions::default();
    if (c.width, c.height) != (d.width, d.height) {
        w.push(format!(
            "--chart-width {} --chart-height {}",
            c.width, c.height
        ));
    }
    w.join(" ")
}

/// Builds the report. `stage` is told what is being done (for a progress line).
pub fn build(
    cfg: &ReportConfig,
    cancel: &AtomicBool,
    stage: &mut dyn FnMut(&str),
) -> Result<Report> {
    let scenario = app::load(&cfg.scenario, &cfg.overrides)?;
    let runs = cfg.runs.unwrap_or(scenario.default_runs);
    // A comparison keeps its paired runs in memory; a report without one only keeps a summary.
    let max = if cfg.alts.is_empty() {
        app::MAX_RUNS
    } else {
        compare::MAX_PAIRED_RUNS
    };
    if runs == 0 || runs > max {
        return Err(Error::Limit(format!(
            "--runs {runs} is out of range for this report: use 1 to {max} (1000–10000 runs are plenty for a report)"
        )));
    }
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let cmd = command(cfg, runs, seed);

    stage("simulating the scenario");
    let model = Model::new(scenario);
    let summary = app::summarize_with(&model, runs, seed, cfg.threads, cancel, true)?;
    let s = &model.scenario;
    let run_command =
        app::canonical_command(&shell_word(&cfg.scenario), runs, seed, &cfg.overrides);
    let prov = export::json::Provenance {
        seed,
        runs,
        command: run_command.clone(),
    };
    let json = export::json::summary(s, &summary, &prov);
    stage("drawing the charts");
    let run_figs = figures::run_figures(&json, &cfg.chart)
        .map_err(|e| Error::Output(format!("cannot draw the charts: {e}")))?;
    let fid = (!s.observed.is_empty()).then(|| fidelity::evaluate(s, &summary, seed));

    let comparison = if cfg.alts.is_empty() {
        None
    } else {
        stage("comparing the alternatives");
        let ccfg = CompareConfig {
            base: cfg.scenario.clone(),
            alts: cfg.alts.clone(),
            overrides: cfg.overrides.clone(),
            runs,
            seed: Some(seed),
            bootstrap: cfg.bootstrap,
            threads: cfg.threads,
            ..Default::default()
        };
        let c = compare::compare(&ccfg, cancel, &mut |_, _| {})?;
        let figs = figures::compare_figures(&compare::to_json(&c), &cfg.chart)
            .map_err(|e| Error::Output(format!("cannot draw the comparison charts: {e}")))?;
        Some((c, figs))
    };

    stage("playing run 0 for the chronicle");
    let (_, outcome, entries) = app::trace(&cfg.scenario, &cfg.overrides, Some(seed), 0)?;
    let chronicle = export::text::chronicle(s, &entries, false);
    let cited = cited_sources(s);

    stage("writing the page");
    let mut page = Page::default();
    page.head(s, runs, seed);
    page.command(
        cfg,
        &cmd,
        &run_command,
        comparison.as_ref().map(|c| &c.0),
        runs,
        seed,
    );
    page.cast(s);
    page.outcomes(s, &summary, &run_figs);
    page.fidelity(s, fid.as_ref());
    page.counterfactuals(comparison.as_ref());
    page.chronicle(
        &cfg.scenario,
        &cfg.overrides,
        seed,
        outcome.seed,
        &chronicle,
    );
    page.sources(s, &cited);
    let figures = page.figure_count;
    let html = page.finish(s);
    Ok(Report {
        scenario: s.id.clone(),
        runs,
        seed,
        figures,
        command: cmd,
        html,
    })
}

/// Builds the report and writes it atomically to `out` (`-` for standard output is the caller's).
pub fn write(report: &Report, out: &std::path::Path) -> Result<()> {
    export::write_atomic(out, report.html.as_bytes())
}

/// `(where, source)` for every `source` a scenario's parts cite, in declaration order.
fn cited_sources(s: &Scenario) -> Vec<(String, String)> {
    s.citations()
        .into_iter()
        .filter_map(|c| {
            let src = c.cite.source.trim();
            (!src.is_empty()).then(|| (format!("{} {}", c.kind, c.id), src.to_string()))
        })
        .collect()
}

/// What an overlay scenario (one that `extends` another) sets, one line per table: `actor North:
/// weights = { territory = 0.2 }`. Empty for a scenario that extends nothing.
fn overlay_changes(spec: &str, overrides: &[Override]) -> Vec<String> {
    let Ok(loaded) = crate::scenario::load::load_raw(spec, overrides) else {
        return Vec::new();
    };
    if loaded.chain.len() < 2 || loaded.sources.is_empty() {
        return Vec::new();
    }
    let Ok(top) = loaded.sources.get(0).text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (kind, v) in &top {
        if kind == "scenario" {
            continue;
        }
        let tables: Vec<&toml::Table> = match v {
            toml::Value::Array(a) => a.iter().filter_map(|x| x.as_table()).collect(),
            toml::Value::Table(t) => vec![t],
            _ => continue,
        };
        for t in tables {
            let id = ["id", "path", "outcome"]
                .iter()
                .find_map(|k| t.get(*k).and_then(|x| x.as_str()))
                .unwrap_or("");
            let sets: Vec<String> = t
                .iter()
                .filter(|(k, _)| !["id", "path", "outcome", "source", "note"].contains(&k.as_str()))
                .map(|(k, v)| {
                    let mut text = format!("{k} = {v}");
                    if text.chars().count() > 160 {
                        text = text.chars().take(159).collect::<String>() + "…";
                    }
                    text
                })
                .collect();
            if !sets.is_empty() {
                out.push(format!("{kind} {id}: {}", sets.join("; ")));
            }
        }
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1}", x * 100.0)
}

fn share_of(n: u64, runs: u64) -> String {
    pct(n as f64 / runs.max(1) as f64)
}

fn when(s: &Scenario, t: Option<u32>) -> String {
    t.map(|t| s.clock.label(t)).unwrap_or_else(|| "—".into())
}

/// Three decimals, with a true minus sign (as in the signed changes beside it).
fn num3(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map(|v| format!("{v:.3}").replacen('-', "\u{2212}", 1))
        .unwrap_or_else(|| "—".into())
}

/// `+12 [+3, +20]`, scaled; `—` when undefined.
fn estimate(e: &Option<Estimate>, scale: f64, decimals: usize) -> String {
    match e {
        Some(Estimate {
            estimate: Some(x),
            ci,
            ..
        }) => match ci {
            Some((lo, hi)) => format!(
                "{} [{}, {}]",
                signed(x * scale, decimals),
                signed(lo * scale, decimals),
                signed(hi * scale, decimals)
            ),
            None => signed(x * scale, decimals),
        },
        _ => "—".into(),
    }
}

fn quantiles(s: &Scenario, h: &TurnHist) -> [String; 3] {
    [0.1, 0.5, 0.9].map(|q| when(s, h.quantile(q)))
}

/// What a figure shows, for its caption.
fn caption(s: &Scenario, name: &str) -> String {
    let time = if s.clock.start.is_some() {
        "date"
    } else {
        "turn"
    };
    if let Some(id) = name.strip_prefix("agreement_") {
        let label = s
            .agreements
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.label.as_str())
            .unwrap_or(id);
        return format!(
            "When the {} is reached ({label}): runs per {time} bin (bars, left axis) and the cumulative share of runs that have reached it (line, right axis); the dashed line marks the historical {time} where the scenario records one.",
            id.replace('_', " ")
        );
    }
    if let Some(id) = name.strip_prefix("fan_") {
        let (label, unit) = s
            .states
            .iter()
            .find(|x| x.id == id)
            .map(|x| (x.label.as_str(), x.unit.as_str()))
            .unwrap_or((id, ""));
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" ({unit})")
        };
        return format!(
            "The state variable `{id}` — {label}{unit} — over time: median (line) and 10–90 % band across the runs still under way; vertical lines mark events that happen in at least half the runs, at their median {time}."
        );
    }
    if let Some(id) = name.strip_prefix("comparison_") {
        return format!(
            "Cumulative share of runs that have reached the {} by each {time}, in the base scenario (black) and each alternative, over the same paired runs; the legend gives each alternative's shift of the median {time} with its bootstrap interval.",
            id.replace('_', " ")
        );
    }
    match name {
        "issue_timeline" => format!("When each issue settles: bars from the 10th to the 90th percentile {time} across the runs that settle it, ticks at the median, diamonds at the historical {time}; on the right, the share of runs in which the issue is the last to settle."),
        "option_shares" => "On what terms each discrete issue settles: the share of the runs settling it that settle on each option.".into(),
        "payoffs" => "Each actor's payoff across runs (utility units): boxes from the 25th to the 75th percentile, whiskers from the 10th to the 90th, the median as a line and the mean as a dot.".into(),
        "event_timing" => format!("Events and unilateral actions: the share of runs in which each happens (left) and the {time} it first happens (right: 10th percentile, median, 90th percentile)."),
        _ => String::new(),
    }
}

#[derive(Default)]
struct Page {
    body: String,
    toc: Vec<(String, String)>,
    figure_count: usize,
}

impl Page {
    fn section(&mut self, id: &str, title: &str) {
        if !self.body.is_empty() {
            self.body.push_str("</section>\n");
        }
        let _ = writeln!(self.body, "<section id=\"{id}\">\n<h2>{}</h2>", esc(title));
        self.toc.push((id.to_string(), title.to_string()));
    }

    fn p(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", esc(text));
    }

    fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", esc(text));
    }

    fn figure(&mut self, s: &Scenario, f: &Named, label: &str) {
        self.figure_count += 1;
        html::figure(
            &mut self.body,
            &f.name,
            self.figure_count,
            &f.figure.svg,
            label,
            &caption(s, &f.name),
        );
    }

    fn head(&mut self, s: &Scenario, runs: u64, seed: u64) {
        // The header is kept apart and assembled in `finish`, after the table of contents is known.
        let mut h = String::new();
        let _ = writeln!(h, "<header>\n<p class=\"kicker\">armistice report</p>");
        let _ = writeln!(h, "<h1>{}</h1>", esc(&s.title));
        if !s.description.is_empty() {
            let _ = writeln!(h, "<p class=\"lede\">{}</p>", esc(&s.description));
        }
        let clock = match s.clock.start {
            Some(d) => format!(
                "from {d}, one turn = {} day{}, horizon {} ({} turns)",
                s.clock.turn_days,
                if s.clock.turn_days == 1 { "" } else { "s" },
                s.clock.label(s.clock.max_turns),
                s.clock.max_turns
            ),
            None => format!("abstract turns, horizon {} turns", s.clock.max_turns),
        };
        let overrides = if s.overrides.is_empty() {
            "none".to_string()
        } else {
            s.overrides
                .iter()
                .map(|o| o.to_arg())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let rows = [
            ("Scenario", s.id.clone()),
            ("Runs", runs.to_string()),
            ("Master seed", seed.to_string()),
            ("Overrides", overrides),
            ("Clock", clock),
            (
                "Generated by",
                format!("armistice {}", env!("CARGO_PKG_VERSION")),
            ),
        ];
        h.push_str("<dl class=\"meta\">\n");
        for (k, v) in rows {
            let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
        }
        h.push_str("</dl>\n");
        self.toc.push(("__header".into(), h));
    }

    fn command(
        &mut self,
        cfg: &ReportConfig,
        cmd: &str,
        run_cmd: &str,
        c: Option<&Comparison>,
        runs: u64,
        seed: u64,
    ) {
        self.section("command", "How this report was made");
        self.p("Every number and chart below comes from this command; running it again gives this page byte for byte, whatever the number of threads.");
        let _ = writeln!(
            self.body,
            "<pre class=\"command\"><code>{}</code></pre>",
            esc(cmd)
        );
        self.p("The same numbers from the individual commands:");
        let mut lines = vec![run_cmd.to_string()];
        if let Some(c) = c {
            lines.push(c.command.clone());
        }
        let sets: String = cfg
            .overrides
            .iter()
            .map(|o| format!(" --set {}", shell_word(&o.to_arg())))
            .collect();
        lines.push(format!(
            "armistice fidelity {} --runs {runs} --seed {seed}{sets}",
            shell_word(&cfg.scenario)
        ));
        lines.push(format!(
            "armistice trace {} --run 0 --seed {seed}{sets}",
            shell_word(&cfg.scenario)
        ));
        let _ = writeln!(
            self.body,
            "<pre class=\"command\"><code>{}</code></pre>",
            esc(&lines.join("\n"))
        );
    }

    fn cast(&mut self, s: &Scenario) {
        self.section("cast", "Sides, actors and issues");
        let sides: Vec<Vec<Cell>> = s
            .sides
            .iter()
            .map(|x| {
                let veto: Vec<&str> = x.veto.iter().map(|&a| s.actors[a].id.as_str()).collect();
                vec![
                    t(&x.id),
                    t(&x.name),
                    t(&s.actors[x.lead].id),
                    t(if veto.is_empty() {
                        "—".to_string()
                    } else {
                        veto.join(", ")
                    }),
                ]
            })
            .collect();
        table(
            &mut self.body,
            "Sides",
            &[t("Side"), t("Name"), t("Lead actor"), t("Veto players")],
            &sides,
        );
        let actors: Vec<Vec<Cell>> = s
            .actors
            .iter()
            .map(|a| {
                let w: Vec<String> = a
                    .weights
                    .iter()
                    .zip(&s.dimensions)
                    .filter(|(w, _)| **w != 0.0)
                    .map(|(w, d)| format!("{} {w}", d.id))
                    .collect();
                vec![
                    t(&a.id),
                    t(&a.name),
                    t(&s.sides[a.side].id),
                    t(a.strategy.label()),
                    n(format!("{}", a.discount)),
                    n(format!("{}", a.lambda)),
                    t(if w.is_empty() {
                        "—".to_string()
                    } else {
                        w.join(", ")
                    }),
                ]
            })
            .collect();
        table(
            &mut self.body,
            "Actors",
            &[
                t("Actor"),
                t("Name"),
                t("Side"),
                t("Strategy"),
                n("Discount (per turn)"),
                n("λ (logit precision)"),
                t("Weights on payoff dimensions"),
            ],
            &actors,
        );
        let dims: Vec<Vec<Cell>> = s
            .dimensions
            .iter()
            .map(|d| {
                vec![
                    t(&d.id),
                    t(&d.label),
                    t(if d.unit.is_empty() { "—" } else { &d.unit }),
                ]
            })
            .collect();
        table(
            &mut self.body,
            "Payoff dimensions",
            &[t("Dimension"), t("What it measures"), t("Unit")],
            &dims,
        );
        let issues: Vec<Vec<Cell>> = s
            .issues
            .iter()
            .map(|i| {
                let terms = match i.kind {
                    IssueKind::Discrete => i
                        .positions
                        .iter()
                        .zip(&i.option_labels)
                        .map(|(p, l)| {
                            if l.is_empty() || l == p {
                                p.clone()
                            } else {
                                format!("{p}: {l}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    IssueKind::Continuous { min, step } => format!(
                        "a number from {min} to {} in steps of {step}",
                        i.value(i.len().saturating_sub(1))
                    ),
                };
                let parties: Vec<String> = i
                    .parties
                    .iter()
                    .map(|p| format!("{} ({})", p.id, s.actors[p.lead].id))
                    .collect();
                vec![
                    t(&i.id),
                    t(&i.label),
                    t(&s.agreements[i.agreement].id),
                    t(parties.join(", ")),
                    t(terms),
                ]
            })
            .collect();
        table(
            &mut self.body,
            "Issues",
            &[
                t("Issue"),
                t("Label"),
                t("Agreement"),
                t("Parties (lead actor)"),
                t("Options"),
            ],
            &issues,
        );
    }

    fn outcomes(&mut self, s: &Scenario, sum: &Summary, figs: &[Named]) {
        let runs = sum.runs;
        let fig = |name: &str| figs.iter().find(|f| f.name == name);
        let unit = shift_unit(s);
        let time = if s.clock.start.is_some() {
            "date"
        } else {
            "turn"
        };

        self.section("agreements", "When the agreements come");
        self.p(&format!(
            "Of {runs} runs, {} % end in agreement, {} % reach the horizon without one and {} % end by a terminal condition.",
            share_of(sum.agreed, runs),
            share_of(sum.horizon, runs),
            share_of(sum.terminal, runs)
        ));
        let rows: Vec<Vec<Cell>> = s
            .agreements
            .iter()
            .enumerate()
            .map(|(g, a)| {
                let h = &sum.agreement_dates[g];
                let [p10, med, p90] = quantiles(s, h);
                let ob = s
                    .observed
                    .iter()
                    .find(|o| o.name == format!("agreement.{}", a.id));
                let (hist, gap) = match ob {
                    Some(o) => {
                        let obs = o.date.map(|d| d.0 as f64).unwrap_or(o.turn as f64);
                        let gap = h
                            .quantile(0.5)
                            .map(|m| signed(crate::analysis::day_of(s, m) - obs, 0))
                            .unwrap_or_else(|| "—".into());
                        (
                            o.date
                                .map(|d| d.to_string())
                                .unwrap_or_else(|| format!("turn {}", o.turn)),
                            gap,
                        )
                    }
                    None => ("—".into(), "—".into()),
                };
                vec![
                    t(format!("{} — {}", a.id, a.label)),
                    n(share_of(h.total(), runs)),
                    n(p10),
                    n(med),
                    n(p90),
                    n(hist),
                    n(gap),
                ]
            })
            .collect();
        table(
            &mut self.body,
            &format!("Agreements: the {time} reached, among the runs that reach it"),
            &[
                t("Agreement"),
                n("Reached (% of runs)"),
                n(format!("10th percentile ({time})")),
                n(format!("Median ({time})")),
                n(format!("90th percentile ({time})")),
                n(format!("Historical ({time})")),
                n(format!("Median − history ({unit})")),
            ],
            &rows,
        );
        for a in &s.agreements {
            if let Some(f) = fig(&format!("agreement_{}", a.id)) {
                self.figure(s, f, &format!("When the {} is reached", a.id));
            }
        }

        self.section("issues", "How and when each issue settles");
        let rows: Vec<Vec<Cell>> = s
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let h = &sum.issue_dates[i];
                let [p10, med, p90] = quantiles(s, h);
                vec![
                    t(format!("{} — {}", issue.id, issue.label)),
                    n(share_of(h.total(), runs)),
                    n(p10),
                    n(med),
                    n(p90),
                    n(share_of(sum.issue_last[i], runs)),
                ]
            })
            .collect();
        table(
            &mut self.body,
            &format!("Issues: the {time} settled, among the runs that settle it"),
            &[
                t("Issue"),
                n("Settled (% of runs)"),
                n(format!("10th percentile ({time})")),
                n(format!("Median ({time})")),
                n(format!("90th percentile ({time})")),
                n("Settles last (% of runs)"),
            ],
            &rows,
        );
        let mut terms = Vec::new();
        for (i, issue) in s.issues.iter().enumerate() {
            match issue.kind {
                IssueKind::Discrete => {
                    let settled = sum.issue_dates[i].total().max(1) as f64;
                    for ((p, label), sh) in issue
                        .positions
                        .iter()
                        .zip(&issue.option_labels)
                        .zip(sum.position_shares(s, i))
                    {
                        let of_settled = sh.1 * runs as f64 / settled;
                        terms.push(vec![
                            t(&issue.id),
                            t(if label.is_empty() || label == p {
                                p.clone()
                            } else {
                                format!("{p} — {label}")
                            }),
                            n(pct(sh.1)),
                            n(pct(of_settled)),
                        ]);
                    }
                }
                IssueKind::Continuous { .. } => {
                    let q = |x| num3(sum.value_quantile(s, i, x));
                    terms.push(vec![
                        t(&issue.id),
                        t(format!(
                            "settled value: median {} (10th–90th percentile {} – {})",
                            q(0.5),
                            q(0.1),
                            q(0.9)
                        )),
                        n("—"),
                        n("—"),
                    ]);
                }
            }
        }
        table(
            &mut self.body,
            "Terms: the option each issue settles on",
            &[
                t("Issue"),
                t("Option"),
                n("% of all runs"),
                n("% of runs settling the issue"),
            ],
            &terms,
        );
        for name in ["issue_timeline", "option_shares"] {
            if let Some(f) = fig(name) {
                self.figure(s, f, name);
            }
        }

        self.section("payoffs", "Who gains what");
        let rows: Vec<Vec<Cell>> = s
            .actors
            .iter()
            .enumerate()
            .map(|(a, actor)| {
                let v = &sum.payoffs[a];
                vec![
                    t(format!("{} — {}", actor.id, actor.name)),
                    n(num3(v.mean())),
                    n(num3(v.quantile(0.1))),
                    n(num3(v.quantile(0.25))),
                    n(num3(v.quantile(0.5))),
                    n(num3(v.quantile(0.75))),
                    n(num3(v.quantile(0.9))),
                ]
            })
            .collect();
        table(
            &mut self.body,
            "Payoffs per actor (utility units: discounted sum over the payoff dimensions, weighted by the actor)",
            &[
                t("Actor"),
                n("Mean"),
                n("10th pct."),
                n("25th pct."),
                n("Median"),
                n("75th pct."),
                n("90th pct."),
            ],
            &rows,
        );
        if let Some(f) = fig("payoffs") {
            self.figure(s, f, "Payoffs per actor");
        }

        self.section("dynamics", "Events, actions and the state of the world");
        let mut rows = Vec::new();
        for (e, ev) in s.events.iter().enumerate() {
            let h = &sum.event_dates[e];
            let [p10, med, p90] = quantiles(s, h);
            rows.push(vec![
                t("event"),
                t(format!("{} — {}", ev.id, ev.label)),
                n(share_of(h.total(), runs)),
                n(p10),
                n(med),
                n(p90),
            ]);
        }
        for (e, ac) in s.actions.iter().enumerate() {
            let h = &sum.action_dates[e];
            let [p10, med, p90] = quantiles(s, h);
            rows.push(vec![
                t(format!("action of {}", s.actors[ac.actor].id)),
                t(format!("{} — {}", ac.id, ac.label)),
                n(share_of(h.total(), runs)),
                n(p10),
                n(med),
                n(p90),
            ]);
        }
        if rows.is_empty() {
            self.note("The scenario declares no events or actions.");
        } else {
            table(
                &mut self.body,
                &format!("Events and actions: how often, and the {time} of the first occurrence"),
                &[
                    t("Kind"),
                    t("Event or action"),
                    n("Happens (% of runs)"),
                    n(format!("10th percentile ({time})")),
                    n(format!("Median ({time})")),
                    n(format!("90th percentile ({time})")),
                ],
                &rows,
            );
        }
        if let Some(f) = fig("event_timing") {
            self.figure(s, f, "Event and action timing");
        }
        for st in &s.states {
            if let Some(f) = fig(&format!("fan_{}", st.id)) {
                self.figure(s, f, &format!("State {} over time", st.id));
            }
        }
    }

    fn fidelity(&mut self, s: &Scenario, f: Option<&Fidelity>) {
        self.section("fidelity", "Against history");
        let Some(f) = f else {
            self.p("The scenario records no observed history ([[observed]] tables), so there is nothing to compare the simulated outcomes with.");
            return;
        };
        let unit = shift_unit(s);
        self.p(&format!(
            "Each observed record against the simulated distribution of the same outcome ({} runs, seed {}). The error is the simulated median minus the observed {}; the 80 % band runs from the 10th to the 90th percentile. The baseline is a constant-hazard model whose one rate is fitted to the same records: a model earns its mechanisms only if it beats it. Records marked `input` are scheduled events, shown but not scored.",
            f.runs,
            f.seed,
            if s.clock.start.is_some() { "date" } else { "turn" }
        ));
        let d = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
        let e = |x: Option<f64>| x.map(|v| signed(v, 0)).unwrap_or_else(|| "—".into());
        let yes = |b: bool| if b { "yes" } else { "no" };
        let rows: Vec<Vec<Cell>> = f
            .records
            .iter()
            .map(|r| {
                let mut label = format!("{}\n{}", r.outcome, r.label);
                if let (Some(v), Some(sh)) = (&r.observed_value, r.value_share) {
                    let _ = write!(
                        label,
                        "\nobserved option `{v}`: {} % of runs settle on it",
                        pct(sh)
                    );
                }
                vec![
                    t(label),
                    t(&r.use_),
                    n(&r.observed),
                    n(pct(r.share)),
                    n(d(&r.model.median)),
                    n(format!("{} –\n{}", d(&r.model.p10), d(&r.model.p90))),
                    n(e(r.model.error)),
                    t(yes(r.model.in_band)),
                    n(e(r.baseline.error)),
                    t(yes(r.baseline.in_band)),
                ]
            })
            .collect();
        table(
            &mut self.body,
            "Observed records",
            &[
                t("Record"),
                t("Use"),
                n("Observed"),
                n("Happens (% of runs)"),
                n("Simulated median"),
                n("80 % band (10th – 90th pct.)"),
                n(format!("Error ({unit})")),
                t("In band"),
                n(format!("Baseline error ({unit})")),
                t("Baseline in band"),
            ],
            &rows,
        );
        let g = |x: Option<f64>| x.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into());
        let rows: Vec<Vec<Cell>> = [
            ("calibration records", &f.calibrate),
            ("held-out records", &f.holdout),
            ("all scored records", &f.overall),
        ]
        .into_iter()
        .filter(|(_, sc)| sc.records > 0)
        .map(|(name, sc)| {
            vec![
                t(name),
                n(sc.records.to_string()),
                n(g(sc.mae)),
                n(g(sc.baseline_mae)),
                n(sc.skill.map(|v| signed(v, 2)).unwrap_or_else(|| "—".into())),
                n(pct(sc.coverage)),
                n(pct(sc.baseline_coverage)),
            ]
        })
        .collect();
        if !rows.is_empty() {
            table(
                &mut self.body,
                "Scores (skill = 1 − model error / baseline error; above 0 the model beats the baseline)",
                &[
                    t("Records"),
                    n("Number"),
                    n(format!("Mean |error| ({unit})")),
                    n(format!("Baseline mean |error| ({unit})")),
                    n("Skill"),
                    n("In 80 % band (%)"),
                    n("Baseline in band (%)"),
                ],
                &rows,
            );
        }
    }

    fn counterfactuals(&mut self, c: Option<&(Comparison, Vec<Named>)>) {
        self.section("counterfactuals", "Counterfactuals");
        let Some((c, figs)) = c else {
            self.p("No alternatives were given. Name counterfactual scenarios after the scenario (`armistice report SCENARIO ALT...`) to compare them here, run for run.");
            return;
        };
        let base = &c.variants[0];
        let unit = shift_unit(&base.scenario);
        let conf = format!("{:.0} %", c.confidence * 100.0);
        self.p(&format!(
            "Each alternative plays the same {} runs as the base under the same master seed ({}), so run i of every variant draws the same random numbers wherever the variants agree (common random numbers): differences come from the change, not from different luck. Intervals are {conf} paired percentile bootstrap intervals over run indices ({} resamples, seed {}; Efron & Tibshirani 1993). Shifts are alternative minus base, among the runs in which the outcome happens.",
            c.runs, c.seed, c.bootstrap, c.bootstrap_seed
        ));
        let rows: Vec<Vec<Cell>> = c.variants[1..]
            .iter()
            .map(|v| {
                let mut what = Vec::new();
                if v.scenario.description != base.scenario.description
                    && !v.scenario.description.is_empty()
                {
                    what.push(v.scenario.description.clone());
                }
                what.extend(overlay_changes(&v.spec, &v.overrides));
                vec![
                    t(&v.name),
                    t(&v.scenario.title),
                    t(if what.is_empty() {
                        "—".to_string()
                    } else {
                        what.join("\n")
                    }),
                ]
            })
            .collect();
        table(
            &mut self.body,
            &format!("The alternatives (base: {})", base.name),
            &[t("Alternative"), t("Title"), t("What changes")],
            &rows,
        );
        let dated: Vec<&compare::Row> = c
            .rows
            .iter()
            .filter(|r| {
                r.kind == Kind::Date
                    && (r.name.starts_with("agreement.") || r.name.starts_with("issue."))
            })
            .collect();
        let mut rows = Vec::new();
        for r in dated {
            for (v, var) in c.variants.iter().enumerate() {
                let Some(d) = &r.dists[v] else { continue };
                let med = d
                    .median
                    .map(|m| day_text(&var.scenario, m))
                    .unwrap_or_else(|| "never".into());
                let (shift, change) = match &r.diffs[v] {
                    Some(df) => (estimate(&df.shift, 1.0, 0), estimate(&df.change, 100.0, 1)),
                    None => ("(base)".into(), "(base)".into()),
                };
                rows.push(vec![
                    t(if v == 0 {
                        r.name.clone()
                    } else {
                        String::new()
                    }),
                    t(&var.name),
                    n(pct(d.share)),
                    n(med),
                    n(shift),
                    n(change),
                ]);
            }
        }
        table(
            &mut self.body,
            "Agreements and issues under each variant",
            &[
                t("Outcome"),
                t("Variant"),
                n("Happens (% of runs)"),
                n("Median"),
                n(format!("Median shift ({unit}) [{conf} CI]")),
                n(format!("Change in % of runs (points) [{conf} CI]")),
            ],
            &rows,
        );
        let mut rows = Vec::new();
        for r in c.rows.iter().filter(|r| r.name.starts_with("payoff.")) {
            let base_mean = r.dists[0].as_ref().and_then(|d| d.mean);
            let mut row = vec![t(r.name.trim_start_matches("payoff.")), n(num3(base_mean))];
            for v in 1..c.variants.len() {
                row.push(n(r.diffs[v]
                    .as_ref()
                    .map(|d| estimate(&d.change, 1.0, 3))
                    .unwrap_or_else(|| "—".into())));
            }
            rows.push(row);
        }
        if !rows.is_empty() {
            let mut head = vec![t("Actor"), n(format!("Base mean ({})", base.name))];
            for v in &c.variants[1..] {
                head.push(n(format!("{}: change [{conf} CI]", v.name)));
            }
            table(
                &mut self.body,
                "Mean payoff (utility units) and its change under each alternative",
                &head,
                &rows,
            );
        }
        for f in figs {
            self.figure(&base.scenario, f, &format!("Comparison: {}", f.name));
        }
    }

    fn chronicle(
        &mut self,
        spec: &str,
        overrides: &[Override],
        seed: u64,
        run_seed: u64,
        text: &str,
    ) {
        self.section("chronicle", "A sample chronicle: run 0");
        let sets: String = overrides
            .iter()
            .map(|o| format!(" --set {}", shell_word(&o.to_arg())))
            .collect();
        self.p(&format!(
            "One run told move by move: each decision, the options the actor weighed with their expected utilities and choice probabilities, and why. Run 0 of seed {seed} (its own seed {run_seed}); routine decisions are left out (`armistice trace {} --run 0 --seed {seed}{sets} --all` shows them).",
            shell_word(spec)
        ));
        let _ = writeln!(
            self.body,
            "<pre class=\"chronicle\">{}</pre>",
            esc(text.trim_end())
        );
    }

    fn sources(&mut self, s: &Scenario, cited: &[(String, String)]) {
        self.section("sources", "Sources");
        if s.sources.is_empty() && cited.is_empty() {
            self.p("The scenario cites no sources.");
            return;
        }
        if !s.sources.is_empty() {
            self.p("The scenario cites:");
            self.body.push_str("<ul>\n");
            for src in &s.sources {
                let _ = writeln!(self.body, "<li>{}</li>", esc(src));
            }
            self.body.push_str("</ul>\n");
        }
        if !cited.is_empty() {
            let rows: Vec<Vec<Cell>> = cited.iter().map(|(w, src)| vec![t(w), t(src)]).collect();
            table(
                &mut self.body,
                "Sources cited for individual parts of the scenario",
                &[t("Part"), t("Source")],
                &rows,
            );
        }
    }

    fn finish(mut self, s: &Scenario) -> String {
        if !self.body.is_empty() {
            self.body.push_str("</section>\n");
        }
        let mut o = String::new();
        let _ = write!(
            o,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"armistice {}\">\n<title>{} — armistice report</title>\n<style>{}</style>\n</head>\n<body>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&s.title),
            html::CSS
        );
        let header = self
            .toc
            .iter()
            .find(|(id, _)| id == "__header")
            .map(|(_, h)| h.clone())
            .unwrap_or_default();
        o.push_str(&header);
        o.push_str("<nav aria-label=\"Contents\"><b>Contents</b>\n<ol>\n");
        for (id, title) in self.toc.iter().filter(|(id, _)| id != "__header") {
            let _ = writeln!(o, "<li><a href=\"#{id}\">{}</a></li>", esc(title));
        }
        o.push_str("</ol></nav>\n</header>\n<main>\n");
        o.push_str(&self.body);
        let _ = write!(
            o,
            "</main>\n<footer>\n<p>Written by armistice {}, a seeded simulator of multi-party negotiations. The page is self-contained: its charts are inline SVG and it loads nothing from elsewhere. Simulated distributions are the model's, not history's; read them with the fidelity section.</p>\n</footer>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
        self.body.clear();
        o
    }
}
