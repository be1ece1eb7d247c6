//! Pass 1: the ids of every table, collected before any reference is resolved (so an event may name
//! an action declared below it), with duplicates, malformed ids, size limits and missing sections
//! reported.

use std::ops::Range;

use indexmap::IndexMap;

use super::ctx::Ctx;
use crate::expr::{self, Resolver};
use crate::scenario::raw::{RawFile, S};

/// Most actors.
pub const MAX_ACTORS: usize = 64;
/// Most state variables.
pub const MAX_STATES: usize = 256;
/// Most flows.
pub const MAX_FLOWS: usize = 1024;
/// Most outside options.
pub const MAX_OUTSIDE_OPTIONS: usize = 256;

/// The ids of one kind of table, in declaration order.
#[derive(Default)]
pub(super) struct Ids {
    map: IndexMap<String, usize>,
}

impl Ids {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.map.get(id).copied()
    }

    pub fn list(&self) -> Vec<String> {
        self.map.keys().cloned().collect()
    }
}

/// Whether `id` can be used in expressions, paths and column names.
pub(super) fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Collects the ids of one kind, reporting malformed ids and duplicates (a duplicate keeps the
/// first one's index).
pub(super) fn collect<'a>(c: &mut Ctx, kind: &str, ids: impl Iterator<Item = &'a S>) -> Ids {
    let mut out = Ids::default();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for id in ids {
        let s = id.get_ref();
        if !valid_id(s) {
            c.err(
                id.span(),
                format!("`{s}` is not a valid {kind} id"),
                Some("ids start with a letter or `_` and contain only letters, digits and `_` (they are used in expressions, paths and column names)".to_string()),
            );
        }
        if let Some(&first) = out.map.get(s.as_str()) {
            if !c.keeps() {
                c.skip();
                continue;
            }
            let first_loc = c
                .map
                .locate(spans[first].clone())
                .map(|l| format!("{}:{}", l.line, l.column))
                .unwrap_or_default();
            c.err(
                id.span(),
                format!("duplicate {kind} id `{s}`"),
                Some(format!(
                    "the first `{s}` is at line {first_loc}; ids must be unique"
                )),
            );
            continue;
        }
        out.map.insert(s.clone(), spans.len());
        spans.push(id.span());
    }
    out
}

/// The ids of every table of a scenario.
pub(super) struct Tables {
    pub dims: Ids,
    pub states: Ids,
    pub sides: Ids,
    pub actors: Ids,
    pub issues: Ids,
    pub agreements: Ids,
    pub flows: Ids,
    pub events: Ids,
    pub actions: Ids,
    /// The option ids of each issue.
    pub options: Vec<Ids>,
}

impl Tables {
    /// The names expressions may use (`x` only where `allow_x`).
    pub fn names(&self, allow_x: bool) -> Names<'_> {
        Names {
            states: &self.states,
            issues: &self.issues,
            options: &self.options,
            agreements: &self.agreements,
            events: &self.events,
            actions: &self.actions,
            allow_x,
            hints: true,
        }
    }
}

/// Pass 1 over a raw scenario: every id, then the size limits and the sections a scenario needs.
pub(super) fn tables(c: &mut Ctx, raw: &RawFile, meta_span: Range<usize>) -> Tables {
    let t = Tables {
        dims: collect(
            c,
            "dimension",
            raw.dimension.iter().map(|d| &d.get_ref().id),
        ),
        states: collect(
            c,
            "state variable",
            raw.state.iter().map(|d| &d.get_ref().id),
        ),
        sides: collect(c, "side", raw.side.iter().map(|d| &d.get_ref().id)),
        actors: collect(c, "actor", raw.actor.iter().map(|d| &d.get_ref().id)),
        issues: collect(c, "issue", raw.issue.iter().map(|d| &d.get_ref().id)),
        agreements: collect(
            c,
            "agreement",
            raw.agreement.iter().map(|d| &d.get_ref().id),
        ),
        flows: collect(c, "flow", raw.flow.iter().map(|d| &d.get_ref().id)),
        events: collect(c, "event", raw.event.iter().map(|d| &d.get_ref().id)),
        actions: collect(c, "action", raw.action.iter().map(|d| &d.get_ref().id)),
        options: raw
            .issue
            .iter()
            .map(|i| {
                collect(
                    c,
                    "option",
                    i.get_ref().options.iter().map(|o| &o.get_ref().id),
                )
            })
            .collect(),
    };
    // Outside options are named by nothing else: their ids are only checked.
    collect(
        c,
        "outside option",
        raw.outside_option.iter().map(|d| &d.get_ref().id),
    );
    limits(c, raw, meta_span.clone());
    sections(c, raw, meta_span);
    t
}

fn limits(c: &mut Ctx, raw: &RawFile, meta_span: Range<usize>) {
    for (kind, n, limit, s) in [
        ("actors", raw.actor.len(), MAX_ACTORS, "actor"),
        ("issues", raw.issue.len(), expr::MAX_ISSUES, "issue"),
        (
            "agreements",
            raw.agreement.len(),
            expr::MAX_AGREEMENTS,
            "agreement",
        ),
        ("events", raw.event.len(), expr::MAX_EVENTS, "event"),
        ("actions", raw.action.len(), expr::MAX_ACTIONS, "action"),
        ("state variables", raw.state.len(), MAX_STATES, "state"),
        ("flows", raw.flow.len(), MAX_FLOWS, "flow"),
        (
            "outside options",
            raw.outside_option.len(),
            MAX_OUTSIDE_OPTIONS,
            "outside_option",
        ),
        (
            "parameters",
            raw.parameter.len(),
            crate::scenario::load::MAX_PARAMETERS,
            "parameter",
        ),
    ] {
        if n > limit {
            c.err(
                meta_span.clone(),
                format!("the scenario declares {n} {kind}; at most {limit} are supported"),
                Some(format!("this is a fixed limit of the engine (see docs/errors.md); merge some [[{s}]] tables")),
            );
        }
    }
}

fn sections(c: &mut Ctx, raw: &RawFile, meta_span: Range<usize>) {
    if raw.actor.is_empty() {
        c.err(
            meta_span.clone(),
            "the scenario declares no [[actor]]",
            Some("a negotiation needs at least one actor; see docs/scenario-format.md".to_string()),
        );
    }
    if raw.issue.is_empty() {
        c.err(
            meta_span.clone(),
            "the scenario declares no [[issue]]",
            Some("add the issues on the table; see docs/scenario-format.md".to_string()),
        );
    }
    if raw.agreement.is_empty() {
        c.err(
            meta_span,
            "the scenario declares no [[agreement]]",
            Some("an agreement bundles issues, e.g. `[[agreement]] id = \"deal\" issues = [\"price\"]`".to_string()),
        );
    }
}

/// What names mean in the scenario's expressions.
#[derive(Clone, Copy)]
pub(super) struct Names<'a> {
    states: &'a Ids,
    issues: &'a Ids,
    options: &'a [Ids],
    agreements: &'a Ids,
    events: &'a Ids,
    actions: &'a Ids,
    allow_x: bool,
    hints: bool,
}

impl Names<'_> {
    /// These names, with suggestions in errors only if `hints`.
    pub fn hinting(self, hints: bool) -> Self {
        Names { hints, ..self }
    }
}

impl Resolver for Names<'_> {
    fn state(&self, id: &str) -> Option<usize> {
        self.states.get(id)
    }
    fn issue(&self, id: &str) -> Option<usize> {
        self.issues.get(id)
    }
    fn option(&self, issue: usize, id: &str) -> Option<usize> {
        self.options.get(issue)?.get(id)
    }
    fn agreement(&self, id: &str) -> Option<usize> {
        self.agreements.get(id)
    }
    fn event(&self, id: &str) -> Option<usize> {
        self.events.get(id)
    }
    fn action(&self, id: &str) -> Option<usize> {
        self.actions.get(id)
    }
    fn known(&self, kind: &str) -> Vec<String> {
        match kind {
            "issue" => self.issues.list(),
            "agreement" => self.agreements.list(),
            "event" => self.events.list(),
            "action" => self.actions.list(),
            _ => self.states.list(),
        }
    }
    fn allows_x(&self) -> bool {
        self.allow_x
    }
    fn hints(&self) -> bool {
        self.hints
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{errors, with};

    #[test]
    fn malformed_and_duplicate_ids_are_reported_with_the_first_place() {
        let e = errors(&with(
            "id = \"a\"\nside = \"A\"",
            "id = \"a b\"\nside = \"A\"",
        ));
        assert!(
            e.iter()
                .any(|d| d.message == "`a b` is not a valid actor id"),
            "{e:?}"
        );
        let e = errors(&with(
            "[[flow]]\nid = \"delay\"",
            "[[flow]]\nid = \"delay\"\nto = \"A\"\ndimension = \"money\"\nvalue = 1\n\n[[flow]]\nid = \"delay\"",
        ));
        let d = e
            .iter()
            .find(|d| d.message == "duplicate flow id `delay`")
            .expect("duplicate");
        assert!(d.hint.as_deref().unwrap().contains("line"), "{d:?}");
    }

    #[test]
    fn missing_sections_are_each_reported() {
        let e = errors("[scenario]\nid = \"x\"\nhorizon = 3\n");
        let m: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
        assert!(m.contains(&"the scenario declares no [[actor]]"), "{m:?}");
        assert!(m.contains(&"the scenario declares no [[issue]]"), "{m:?}");
        assert!(
            m.contains(&"the scenario declares no [[agreement]]"),
            "{m:?}"
        );
    }

    #[test]
    fn ids_must_start_with_a_letter() {
        assert!(super::valid_id("_a1"));
        assert!(!super::valid_id("1a"));
        assert!(!super::valid_id(""));
        assert!(!super::valid_id("a-b"));
    }
}
