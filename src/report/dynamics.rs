//! Section `#dynamics`: events, actions and the state of the world.

use super::*;

impl Page {
    pub(super) fn dynamics(&mut self, s: &Scenario, sum: &Summary, figs: &[Named]) {
        let runs = sum.runs;
        let fig = |name: &str| figs.iter().find(|f| f.name == name);
        let time = if s.clock.start.is_some() {
            "date"
        } else {
            "turn"
        };

        self.section("dynamics", "Events, actions and the state of the world");
        let mut rows = Vec::new();
        let at_risk = |h: &TurnHist, first: u32| {
            let going = sum.turns.at_least(first + 1);
            format!(
                "{} of {} still going at {}",
                share_of(h.total(), going),
                format::count(going, "run"),
                s.clock.label(first)
            )
        };
        for (e, ev) in s.events.iter().enumerate() {
            let h = &sum.event_dates[e];
            let [p10, med, p90] = quantiles(s, h, runs);
            let first = crate::outcome::doc::summary::first_possible(&ev.trigger);
            rows.push(vec![
                t("event"),
                t(format!("{} — {}", ev.id, ev.label)),
                n(share_of(h.total(), runs)),
                n(at_risk(h, first)),
                n(p10),
                n(med),
                n(p90),
            ]);
        }
        for (e, ac) in s.actions.iter().enumerate() {
            let h = &sum.action_dates[e];
            let [p10, med, p90] = quantiles(s, h, runs);
            rows.push(vec![
                t(format!("action of {}", s.actors[ac.actor].id)),
                t(format!("{} — {}", ac.id, ac.label)),
                n(share_of(h.total(), runs)),
                n(at_risk(h, 0)),
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
                &format!(
                    "Events and actions: how often, and the {time} of the first occurrence over all runs"
                ),
                &[
                    t("Kind"),
                    t("Event or action"),
                    n("Happens (% of all runs)"),
                    n("Happens (% of the runs still going when it could first happen)"),
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
}
