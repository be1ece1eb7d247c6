//! Section `#issues`: how and when each issue settles, and on what terms.

use super::*;

impl Page {
    pub(super) fn issues(&mut self, s: &Scenario, sum: &Summary, figs: &[Named]) {
        let runs = sum.runs;
        let fig = |name: &str| figs.iter().find(|f| f.name == name);
        let time = if s.clock.start.is_some() {
            "date"
        } else {
            "turn"
        };

        self.section("issues", "How and when each issue settles");
        let rows: Vec<Vec<Cell>> = s
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let h = &sum.issue_dates[i];
                let [p10, med, p90] = quantiles(s, h, runs);
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
            &format!(
                "Issues: the {time} settled, over all runs (a run that never settles it counts as after the horizon)"
            ),
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
    }
}
