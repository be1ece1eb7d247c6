//! Section `#fidelity`: the simulated outcomes against the scenario's historical records.

use super::*;

impl Page {
    pub(super) fn fidelity(&mut self, s: &Scenario, f: Option<&Fidelity>) {
        self.section("fidelity", "Against history");
        let Some(f) = f else {
            self.p("The scenario records no observed history ([[observed]] tables), so there is nothing to compare the simulated outcomes with.");
            return;
        };
        let unit = shift_unit(s);
        self.p(&format!(
            "Each observed record against the simulated distribution of the same outcome ({} runs, seed {}). The error is the simulated median minus the observed {}; the 80 % band runs from the 10th to the 90th percentile. The baseline is fitted on the calibration records only: a constant hazard per outcome or a clock of settlements with their median gap, whichever scores better on them (docs/analysis.md); a model earns its mechanisms only if it beats it. Records marked `input` are scheduled events, shown but not scored.",
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
                n(g(sc.crps)),
                n(g(sc.baseline_crps)),
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
                    n(format!("CRPS ({unit})")),
                    n(format!("Baseline CRPS ({unit})")),
                    n("In 80 % band (%)"),
                    n("Baseline in band (%)"),
                ],
                &rows,
            );
        }
    }
}
