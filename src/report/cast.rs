//! Section `#cast`: sides, actors, payoff dimensions and issues.

use super::*;
use crate::scenario::Pos;

/// The unit of a payoff dimension that declares none.
const NO_UNIT: &str = "points on the scenario's utility scale (no unit declared)";

impl Page {
    pub(super) fn cast(&mut self, s: &Scenario) {
        self.section("cast", "Sides, actors and issues");
        table(
            &mut self.body,
            "Sides",
            &[t("Side"), t("Name"), t("Lead actor"), t("Veto players")],
            &side_rows(s),
        );
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
            &actor_rows(s),
        );
        table(
            &mut self.body,
            "Payoff dimensions",
            &[t("Dimension"), t("What it measures"), t("Unit")],
            &dimension_rows(s),
        );
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
            &issue_rows(s),
        );
    }
}

/// One row per side: its id, name, lead actor and veto players.
fn side_rows(s: &Scenario) -> Vec<Vec<Cell>> {
    s.sides
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
        .collect()
}

/// One row per actor: id, name, side, strategy, discount, λ and its nonzero payoff weights.
fn actor_rows(s: &Scenario) -> Vec<Vec<Cell>> {
    s.actors
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
        .collect()
}

/// One row per payoff dimension: id, what it measures, unit.
fn dimension_rows(s: &Scenario) -> Vec<Vec<Cell>> {
    s.dimensions
        .iter()
        .map(|d| {
            vec![
                t(&d.id),
                t(&d.label),
                // Every dimension has a unit: where the scenario declares none, its numbers are
                // points of the scenario's own utility scale.
                t(if d.unit.is_empty() { NO_UNIT } else { &d.unit }),
            ]
        })
        .collect()
}

/// One row per issue: id, label, agreement, parties with their leads, and its options (one a line),
/// or the range of a continuous issue.
fn issue_rows(s: &Scenario) -> Vec<Vec<Cell>> {
    s.issues
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
                    i.value(Pos::new(i.len().saturating_sub(1)))
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
        .collect()
}
