//! Section `#payoffs`: who gains what.

use super::*;

impl Page {
    pub(super) fn payoffs(&mut self, s: &Scenario, sum: &Summary, figs: &[Named]) {
        let fig = |name: &str| figs.iter().find(|f| f.name == name);

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
    }
}
