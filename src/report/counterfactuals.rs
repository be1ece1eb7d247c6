//! Section `#counterfactuals`: the alternatives compared with the base over paired runs.

use super::*;

impl Page {
    pub(super) fn counterfactuals(&mut self, c: Option<&(Comparison, Vec<Named>)>) {
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
}
