//! `armistice report`: one self-contained HTML file about a scenario — what it models and who is in
//! it, the command that produced the page, the distributions of its outcomes as tables and inline SVG
//! charts, its fit to the recorded history, counterfactual comparisons under common random numbers,
//! a sample chronicle and the sources the scenario cites.
//!
//! The page needs nothing outside itself: the CSS and the SVGs are inline, there is no script, and it
//! names no remote resource. It is deterministic: the same scenario, alternatives, overrides, runs and
//! seed give the same bytes whatever the thread count (there is no timestamp in it). Every text that
//! comes from a scenario is escaped ([`html::esc`]).

mod agreements;
mod cast;
mod chronicle;
mod counterfactuals;
mod dynamics;
mod head;
mod history;
pub mod html;
mod issues;
mod payoffs;
mod sources;

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use html::{Cell, esc, n, raw, t, table};

use crate::analysis::compare::{self, CompareConfig, Comparison};
use crate::analysis::fidelity::{self, Fidelity};
use crate::analysis::shift_unit;
use crate::batch::{self, Plan, Runs, Threads};
use crate::chart::ChartOptions;
use crate::chart::figures::{self, Named};
use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::export::{self, shell_word};
use crate::format::{self, signed};
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
    /// Named variants of the scenario to compare it with: `(name, overrides)` (`--variant`).
    pub variants: Vec<(String, Vec<Override>)>,
    /// `--set` overrides, applied to the scenario and to every alternative.
    pub overrides: Vec<Override>,
    /// Runs (the scenario's default if `None`); the comparison uses as many paired runs.
    pub runs: Option<Runs>,
    /// Master seed (the scenario's if `None`).
    pub seed: Option<u64>,
    /// Bootstrap resamples of the comparison.
    pub bootstrap: u32,
    /// Worker threads; the page does not depend on them.
    pub threads: Threads,
    /// The size of the charts (their SVG `viewBox`; the page scales them to its width).
    pub chart: ChartOptions,
    /// Compare alternatives built on another base world than the scenario's (`compare`'s
    /// `--allow-different-base`).
    pub allow_different_base: bool,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            scenario: String::new(),
            alts: Vec::new(),
            variants: Vec::new(),
            overrides: Vec::new(),
            runs: None,
            seed: None,
            bootstrap: compare::DEFAULT_BOOTSTRAP,
            threads: Threads::ALL,
            chart: ChartOptions::default(),
            allow_different_base: false,
        }
    }
}

/// The comparison of the scenario with its alternatives, as the report shows it.
struct Counterfactuals {
    /// The comparison (variants, their scenarios and overrides).
    c: Comparison,
    /// Its document: every number the section shows.
    doc: crate::outcome::doc::CompareDoc,
    /// Its figures.
    figs: Vec<Named>,
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
    for (name, ov) in &cfg.variants {
        let sets: Vec<String> = ov.iter().map(Override::to_arg).collect();
        w.push("--variant".into());
        w.push(shell_word(&format!("{name}:{}", sets.join(","))));
    }
    w.push(format!("--runs {runs}"));
    w.push(format!("--seed {seed}"));
    let compares = !cfg.alts.is_empty() || !cfg.variants.is_empty();
    if compares && cfg.bootstrap != compare::DEFAULT_BOOTSTRAP {
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

/// The runs of a report: `--runs`, else the scenario's default, at most what the report can hold (a
/// comparison keeps its paired runs in memory; a report without one only keeps a summary).
fn report_runs(cfg: &ReportConfig, scenario: &Scenario) -> Result<Runs> {
    let paired = match cfg.runs {
        Some(r) => r,
        None => Runs::from_scenario(&scenario.id, scenario.default_runs)?,
    };
    let compares = !cfg.alts.is_empty() || !cfg.variants.is_empty();
    let runs = paired.get();
    let max = if compares {
        compare::MAX_PAIRED_RUNS
    } else {
        batch::MAX_RUNS
    };
    if runs > max {
        return Err(Error::Limit(format!(
            "--runs {runs} is out of range for this report: use 1 to {max} (1000–10000 runs are plenty for a report)"
        )));
    }
    Ok(paired)
}

/// Compares the scenario with its alternatives and variants over `paired` runs from `seed`, and
/// draws the comparison's figures.
fn counterfactuals(
    cfg: &ReportConfig,
    paired: Runs,
    seed: u64,
    cancel: &AtomicBool,
) -> Result<Counterfactuals> {
    let ccfg = CompareConfig {
        base: cfg.scenario.clone(),
        alts: cfg.alts.clone(),
        variants: cfg.variants.clone(),
        overrides: cfg.overrides.clone(),
        runs: paired,
        seed: Some(seed),
        bootstrap: cfg.bootstrap,
        threads: cfg.threads,
        allow_different_base: cfg.allow_different_base,
        ..Default::default()
    };
    let c = compare::compare(&ccfg, cancel, &mut |_, _| {})?;
    let doc = compare::to_json(&c);
    let figs = figures::compare_figures(&doc, &cfg.chart)
        .map_err(|e| Error::Output(format!("cannot draw the comparison charts: {e}")))?;
    Ok(Counterfactuals { c, doc, figs })
}

/// Builds the report. `stage` is told what is being done (for a progress line).
pub fn build(
    cfg: &ReportConfig,
    cancel: &AtomicBool,
    stage: &mut dyn FnMut(&str),
) -> Result<Report> {
    let scenario = Scenario::load(&cfg.scenario, &cfg.overrides)?;
    let paired = report_runs(cfg, &scenario)?;
    let compares = !cfg.alts.is_empty() || !cfg.variants.is_empty();
    let runs = paired.get();
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let cmd = command(cfg, runs, seed);

    stage("simulating the scenario");
    let model = Model::new(scenario);
    let plan = Plan::new(paired, seed);
    let summary = cfg
        .threads
        .install(|| batch::summarize(&model, &plan, true, cancel))??;
    let s = &model.scenario;
    let run_command = export::run_command(&cfg.scenario, runs, seed, &cfg.overrides);
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

    let comparison = if !compares {
        None
    } else {
        stage("comparing the alternatives");
        Some(counterfactuals(cfg, paired, seed, cancel)?)
    };

    stage("playing run 0 for the chronicle");
    let (outcome, entries) = Simulation::new(&model, seed, 0).run_traced();
    let chronicle = export::text::chronicle(s, &entries, false);

    stage("writing the page");
    let mut page = Page::default();
    page.head(s, runs, seed);
    page.command(
        cfg,
        &cmd,
        &run_command,
        comparison.as_ref().map(|c| &c.c),
        runs,
        seed,
    );
    page.cast(s);
    page.agreements(s, &summary, &run_figs);
    page.issues(s, &summary, &run_figs);
    page.payoffs(s, &summary, &run_figs);
    page.dynamics(s, &json, &run_figs);
    page.fidelity(s, fid.as_ref());
    page.counterfactuals(comparison.as_ref());
    page.chronicle(
        s,
        (&cfg.scenario, &cfg.overrides),
        (seed, outcome.seed),
        &entries,
        &chronicle,
    );
    page.sources(s);
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

/// A share of runs, as written everywhere ([`format::percent`]).
fn pct(x: f64) -> String {
    format::percent(x)
}

fn share_of(n: u64, runs: u64) -> String {
    format::percent_of(n, runs)
}

/// Three decimals, with a true minus sign (as in the signed changes beside it).
fn num3(x: Option<f64>) -> String {
    format::opt_num(x, 3)
}

/// The 10th, 50th and 90th percentile of a turn histogram over all `runs` runs, as dates (or
/// `turn N`); `after H` where a quantile falls after the horizon H.
fn quantiles(s: &Scenario, h: &TurnHist, runs: u64) -> [String; 3] {
    let horizon = s.clock.label(s.clock.max_turns);
    [0.1, 0.5, 0.9].map(|q| match h.censored_quantile(q, runs) {
        Some(t) => s.clock.label(t),
        None => format!("after {horizon}"),
    })
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
        // The label may hold parentheses of its own: it leads, and none are put around it.
        return format!(
            "{label}: when the {} is reached — runs per {time} bin (bars, left axis) and the cumulative share of runs that have reached it (line, right axis); the dashed line marks the historical {time} where the scenario records one.",
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
            format!(", in {unit}")
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
