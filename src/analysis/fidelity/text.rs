//! The fidelity report as a text table.

use std::fmt::Write;

use super::{Fidelity, Score};
use crate::analysis::baseline::BaselineKind;

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "—".into())
}

fn records(o: &mut String, f: &Fidelity) {
    let _ = writeln!(
        o,
        "{:<32} {:<9} {:>10}  {:>5}  {:>10} [{:>10} – {:>10}] {:>6} {:>4} {:>5}   {:>6} {:>4} {:>5}",
        "outcome",
        "use",
        "observed",
        "share",
        "median",
        "p10",
        "p90",
        "error",
        "in80",
        "crps",
        "base",
        "in80",
        "crps"
    );
    let d = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
    let e = |x: Option<f64>| opt(x, |v| format!("{v:+.0}"));
    let c = |x: Option<f64>| opt(x, |v| format!("{v:.0}"));
    let yes = |b: bool| if b { "yes" } else { "no" };
    for r in &f.records {
        let _ = writeln!(
            o,
            "{:<32} {:<9} {:>10}  {:>4.0}%  {:>10} [{:>10} – {:>10}] {:>6} {:>4} {:>5}   {:>6} {:>4} {:>5}",
            r.outcome,
            r.use_,
            r.observed,
            r.share * 100.0,
            d(&r.model.median),
            d(&r.model.p10),
            d(&r.model.p90),
            e(r.model.error),
            yes(r.model.in_band),
            c(r.crps),
            e(r.baseline.error),
            yes(r.baseline.in_band),
            c(r.baseline_crps),
        );
        if let (Some(v), Some(sh)) = (&r.observed_value, r.value_share) {
            let _ = writeln!(
                o,
                "{:<32}   observed option `{v}`: {:.0}% of runs settle on it",
                "",
                sh * 100.0
            );
        }
    }
}

fn group(o: &mut String, name: &str, s: &Score) {
    let g = |x: Option<f64>| opt(x, |v| format!("{v:.0}"));
    let _ = writeln!(
        o,
        "{name}: n = {}, CRPS {} {} (baseline {}), mean |error| {} (baseline {}), skill {}, inside the 80% band {:.0}% (baseline {:.0}%)",
        s.records,
        g(s.crps),
        s.unit,
        g(s.baseline_crps),
        g(s.mae),
        g(s.baseline_mae),
        opt(s.skill, |v| format!("{v:+.2}")),
        s.coverage * 100.0,
        s.baseline_coverage * 100.0
    );
}

/// The report as a text table.
pub fn to_text(f: &Fidelity) -> String {
    let mut o = String::new();
    let split = f
        .split
        .as_ref()
        .map(|c| format!(", split at {c}: records up to it calibrate, later ones held out"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "Fidelity of {} against history ({} runs, seed {}{split})",
        f.scenario, f.runs, f.seed
    );
    records(&mut o, f);
    for (name, s) in [
        ("calibration records", &f.calibrate),
        ("held-out records", &f.holdout),
        ("all scored records", &f.overall),
    ] {
        if s.records > 0 {
            group(&mut o, name, s);
        }
    }
    let unit = &f.overall.unit;
    match &f.baseline {
        Some(b) => {
            let c = |x: Option<f64>| opt(x, |v| format!("{v:.0}"));
            let chosen = match b.kind {
                BaselineKind::Hazard => "a constant hazard per outcome",
                BaselineKind::Gap => "a settlement clock with the median gap",
            };
            let _ = writeln!(
                o,
                "baseline (fitted on the calibration records only): {chosen}; calibration CRPS: hazard {}, median gap {} ({} {unit}); pooled hazard {:.4} per turn",
                c(b.hazard_crps),
                c(b.gap_crps),
                c(b.gap),
                b.pooled_hazard
            );
        }
        None => {
            let _ = writeln!(o, "baseline: none (no calibration record to fit it on)");
        }
    }
    if !f.agreements.is_empty() {
        let _ = writeln!(
            o,
            "\n{:<32} {:>6}  {:>10} – {:<10} {:>8}  busiest {}",
            "agreement",
            "share",
            "p10",
            "p90",
            "width",
            if unit == "days" { "week" } else { "turn" }
        );
        let d = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
        for a in &f.agreements {
            let _ = writeln!(
                o,
                "{:<32} {:>5.0}%  {:>10} – {:<10} {:>8}  {}",
                a.outcome,
                a.share * 100.0,
                d(&a.p10),
                d(&a.p90),
                opt(a.width, |v| format!("{v:.0}")),
                match (&a.spike, &a.spike_at) {
                    (Some(sp), Some(at)) => format!("{:.1}% from {at}", sp * 100.0),
                    _ => "—".into(),
                }
            );
        }
    }
    let _ = writeln!(
        o,
        "error = simulated median − observed; CRPS over all runs (never = at the horizon), in {unit}; width = p90 − p10 among runs reaching it (see docs/analysis.md)"
    );
    o
}
