//! Section `#agreements`: when the agreements come, with their figures.

use super::*;

impl Page {
    pub(super) fn agreements(&mut self, s: &Scenario, sum: &Summary, figs: &[Named]) {
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
                let [p10, med, p90] = quantiles(s, h, runs);
                let ob = s
                    .observed
                    .iter()
                    .find(|o| o.name == format!("agreement.{}", a.id));
                let (hist, gap) = match ob {
                    Some(o) => {
                        let obs = o.date.map(|d| d.0 as f64).unwrap_or(o.turn as f64);
                        let gap = h
                            .censored_quantile(0.5, runs)
                            .map(|m| signed(crate::analysis::day_of(s, m) - obs, 0))
                            .unwrap_or_else(|| "later than the horizon".into());
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
                    n(by_dates(s, h, runs)),
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
            &format!(
                "Agreements: the {time} reached, over all runs (a run that never reaches it counts as after the horizon)"
            ),
            &[
                t("Agreement"),
                n("Reached (% of runs)"),
                n("Reached before (% of runs)"),
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
    }
}

/// `1952-01-01: 0%` lines: the share of all runs that reached an agreement before each checkpoint.
fn by_dates(s: &Scenario, h: &TurnHist, runs: u64) -> String {
    crate::outcome::doc::summary::checkpoints(s)
        .into_iter()
        .map(|(at, before)| format!("{at}: {}", share_of(h.by_turn_before(before), runs)))
        .collect::<Vec<_>>()
        .join("\n")
}
