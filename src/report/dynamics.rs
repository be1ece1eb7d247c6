//! Section `#dynamics`: events, actions and the state of the world.

use super::*;
use crate::outcome::doc::SummaryDoc;
use crate::outcome::doc::summary::DateQuantile;

impl Page {
    pub(super) fn dynamics(&mut self, s: &Scenario, doc: &SummaryDoc, figs: &[Named]) {
        let fig = |name: &str| figs.iter().find(|f| f.name == name);
        let time = if s.clock.start.is_some() {
            "date"
        } else {
            "turn"
        };
        let horizon = doc.clock.horizon_label();
        let q = |x: &DateQuantile| match &x.at {
            Some(at) => at.to_string(),
            None => format!("after {horizon}"),
        };

        self.section("dynamics", "Events, actions and the state of the world");
        let mut rows = Vec::new();
        let events = doc.events.iter().map(|(id, e)| (t("event"), id, e));
        let actions = doc
            .actions
            .iter()
            .zip(&s.actions)
            .map(|((id, e), ac)| (t(format!("action of {}", s.actors[ac.actor].id)), id, e));
        for (kind, id, e) in events.chain(actions) {
            rows.push(vec![
                kind,
                t(format!("{id} — {}", e.label)),
                n(pct(e.share)),
                n(format!(
                    "{} of {} still going at {}",
                    pct(e.at_risk_share),
                    format::count(e.at_risk_runs, "run"),
                    e.first_possible
                )),
                n(q(&e.date.p10)),
                n(q(&e.date.median)),
                n(q(&e.date.p90)),
            ]);
        }
        if rows.is_empty() {
            self.note("The scenario declares no events or actions.");
        } else {
            table(
                &mut self.body,
                &format!(
                    "Events and actions: how often, and the {time} of the first occurrence over all runs (a scheduled event on its own date)"
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
