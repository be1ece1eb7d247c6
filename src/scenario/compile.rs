//! Validation: raw TOML mirror → [`Scenario`], collecting every problem with its location.
//!
//! Validation runs in two passes. The first collects the ids of every table (catching duplicates and
//! malformed ids), so the second can resolve references in any order — an event may name an action
//! declared below it. Problems are collected rather than returned at the first one, so a user fixing a
//! file sees them all at once.

use indexmap::IndexMap;
use toml::Value;

use super::raw::*;
use super::*;
use crate::error::{Diagnostic, ScenarioError, SourceMap};
use crate::expr::{self, Env, Expr, ExprError, Flags, Resolver};
use crate::time::{Clock, Date, parse_turn_length};

/// Most turns a horizon may have.
pub const MAX_TURNS: u32 = 100_000;
/// Most actors.
pub const MAX_ACTORS: usize = 64;
/// Most positions on one issue.
pub const MAX_POSITIONS: usize = 10_001;
/// Most state variables.
pub const MAX_STATES: usize = 256;
/// Most flows.
pub const MAX_FLOWS: usize = 1024;

struct Ctx<'a> {
    map: &'a SourceMap,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(
        &mut self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.diags.push(Diagnostic {
            message: message.into(),
            location: self.map.locate(span),
            hint: hint.into(),
        });
    }
}

#[derive(Default)]
struct Ids {
    map: IndexMap<String, usize>,
}

impl Ids {
    fn get(&self, id: &str) -> Option<usize> {
        self.map.get(id).copied()
    }
    fn list(&self) -> Vec<String> {
        self.map.keys().cloned().collect()
    }
}

fn bound(v: f64) -> String {
    if v.abs() >= f64::MAX {
        "unbounded".to_string()
    } else {
        v.to_string()
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn collect_ids<'a>(c: &mut Ctx, kind: &str, ids: impl Iterator<Item = &'a S>) -> Ids {
    let mut out = Ids::default();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
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

struct Names<'a> {
    states: &'a Ids,
    issues: &'a Ids,
    options: &'a [Ids],
    agreements: &'a Ids,
    events: &'a Ids,
    actions: &'a Ids,
    allow_x: bool,
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
}

impl Ctx<'_> {
    fn expr_error(&mut self, start: usize, len: usize, e: ExprError, what: &str) {
        let off = if e.offset == usize::MAX {
            len
        } else {
            e.offset
        };
        // +1 skips the opening quote of the TOML string.
        let at = start + 1 + off;
        self.err(at..at + 1, format!("in {what}: {}", e.message), e.hint);
    }

    fn expr_str(&mut self, s: &S, names: &Names, what: &str) -> Option<Expr> {
        match Expr::parse(s.get_ref(), names) {
            Ok(e) => Some(e),
            Err(e) => {
                self.expr_error(s.span().start, s.get_ref().len(), e, what);
                None
            }
        }
    }

    fn expr_value(&mut self, v: &V, names: &Names, what: &str) -> Option<Expr> {
        match v.get_ref() {
            Value::Integer(i) => Some(Expr::constant(*i as f64)),
            Value::Float(f) if f.is_finite() => Some(Expr::constant(*f)),
            Value::Float(f) => {
                self.err(
                    v.span(),
                    format!("{what} is {f}; numbers must be finite"),
                    None,
                );
                None
            }
            Value::String(s) => match Expr::parse(s, names) {
                Ok(e) => Some(e),
                Err(e) => {
                    self.expr_error(v.span().start, s.len(), e, what);
                    None
                }
            },
            other => {
                self.err(
                    v.span(),
                    format!(
                        "{what} must be a number or an expression string, not a {}",
                        other.type_str()
                    ),
                    Some("e.g. `value = -1.0` or `value = \"-1 - 0.5 * pressure\"`".to_string()),
                );
                None
            }
        }
    }

    fn finite(&mut self, v: &toml::Spanned<f64>, what: &str) -> f64 {
        let x = *v.get_ref();
        if !x.is_finite() {
            self.err(
                v.span(),
                format!("{what} is {x}; numbers must be finite"),
                None,
            );
            return 0.0;
        }
        x
    }

    fn in_range(
        &mut self,
        v: &toml::Spanned<f64>,
        lo: f64,
        hi: f64,
        what: &str,
        hint: &str,
    ) -> f64 {
        let x = self.finite(v, what);
        if x < lo || x > hi {
            self.err(
                v.span(),
                format!("{what} is {x}, outside [{lo}, {hi}]"),
                Some(hint.to_string()),
            );
        }
        x.clamp(lo, hi)
    }

    fn lookup(&mut self, ids: &Ids, s: &S, kind: &str) -> Option<usize> {
        let r = ids.get(s.get_ref());
        if r.is_none() {
            self.err(
                s.span(),
                format!("unknown {kind} `{}`", s.get_ref()),
                Some(suggest(s.get_ref(), &ids.list(), kind)),
            );
        }
        r
    }
}

fn datetime_date(
    c: &mut Ctx,
    d: &toml::Spanned<toml::value::Datetime>,
    what: &str,
) -> Option<Date> {
    let dt = d.get_ref();
    match (dt.date, dt.time) {
        (Some(date), None) => {
            let r = Date::from_ymd(date.year as i64, date.month as u32, date.day as u32);
            if r.is_none() {
                c.err(
                    d.span(),
                    format!("{what}: {dt} is not a calendar date"),
                    None,
                );
            }
            r
        }
        _ => {
            c.err(
                d.span(),
                format!("{what} must be a date like 1953-07-27, not `{dt}`"),
                Some("write a bare TOML date without time or offset".to_string()),
            );
            None
        }
    }
}

/// Reads a `date or turn` value into a turn number.
fn turn_value(c: &mut Ctx, v: &V, clock: &Clock, what: &str) -> Option<i64> {
    match v.get_ref() {
        Value::Integer(i) => Some(*i),
        Value::Datetime(dt) => {
            let Some(start) = clock.start else {
                c.err(
                    v.span(),
                    format!(
                        "{what} is a date, but the scenario has no `start` date (abstract turns)"
                    ),
                    Some("give a turn number instead, or a `start` date in [scenario]".to_string()),
                );
                return None;
            };
            let date = dt
                .date
                .and_then(|d| Date::from_ymd(d.year as i64, d.month as u32, d.day as u32));
            match (date, dt.time) {
                (Some(d), None) => Some((d.0 - start.0).div_euclid(clock.turn_days as i64)),
                _ => {
                    c.err(
                        v.span(),
                        format!("{what} must be a date like 1953-07-27 or a turn number"),
                        None,
                    );
                    None
                }
            }
        }
        other => {
            c.err(
                v.span(),
                format!(
                    "{what} must be a date or a turn number, not a {}",
                    other.type_str()
                ),
                None,
            );
            None
        }
    }
}

fn clock(c: &mut Ctx, m: &RawMeta, span: std::ops::Range<usize>) -> Clock {
    let start = m
        .start
        .as_ref()
        .and_then(|d| datetime_date(c, d, "`start`"));
    let turn_days = match (&m.turn, start) {
        (Some(t), _) => match parse_turn_length(t.get_ref()) {
            Some(d) => d,
            None => {
                c.err(
                    t.span(),
                    format!("`turn = \"{}\"` is not a turn length", t.get_ref()),
                    Some("use days or weeks, e.g. \"1w\", \"7d\", \"2w\"".to_string()),
                );
                7
            }
        },
        (None, Some(_)) => 7,
        (None, None) => 1,
    };
    let mut clock = Clock {
        start,
        turn_days,
        max_turns: 0,
    };
    let turns = match &m.horizon {
        None => {
            c.err(
                span,
                "[scenario] needs a `horizon`: an end date or a number of turns",
                Some("e.g. `horizon = 1955-01-01` or `horizon = 200`".to_string()),
            );
            1
        }
        Some(h) => match turn_value(c, h, &clock, "`horizon`") {
            Some(t) if t >= 1 && t <= MAX_TURNS as i64 => t,
            Some(t) if t < 1 => {
                c.err(
                    h.span(),
                    "the horizon must come after the start (at least one turn)",
                    Some("move the horizon later".to_string()),
                );
                1
            }
            Some(t) => {
                c.err(
                    h.span(),
                    format!("the horizon is {t} turns; at most {MAX_TURNS} are allowed"),
                    Some("use a longer turn (`turn = \"2w\"`) or a nearer horizon".to_string()),
                );
                1
            }
            None => 1,
        },
    };
    // A dated horizon is the first day not simulated: count the turns that start before it.
    let dated_remainder = match (&m.horizon, start) {
        (Some(h), Some(s)) => match h.get_ref() {
            Value::Datetime(dt) => dt
                .date
                .and_then(|d| Date::from_ymd(d.year as i64, d.month as u32, d.day as u32))
                .map(|d| (d.0 - s.0).rem_euclid(turn_days as i64) != 0)
                .unwrap_or(false),
            _ => false,
        },
        _ => false,
    };
    clock.max_turns = (turns + i64::from(dated_remainder)).min(MAX_TURNS as i64) as u32;
    clock
}

fn option_text(v: &V) -> String {
    match v.get_ref() {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

// Over the function-length limit (clippy.toml) until its layer splits it (issue 19.2).
#[allow(clippy::too_many_lines)]
pub(super) fn compile(raw: RawFile, map: &SourceMap) -> Result<Scenario, ScenarioError> {
    let mut c = Ctx {
        map,
        diags: Vec::new(),
    };
    let meta_span = raw.scenario.span();
    let meta = raw.scenario.get_ref();
    if !meta
        .id
        .get_ref()
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        || meta.id.get_ref().is_empty()
    {
        c.err(
            meta.id.span(),
            format!(
                "scenario id `{}` must be letters, digits, `_` or `-`",
                meta.id.get_ref()
            ),
            Some("the id names the output folder".to_string()),
        );
    }
    let clock = clock(&mut c, meta, meta_span.clone());
    let default_runs = match &meta.runs {
        Some(r) if *r.get_ref() >= 1 => *r.get_ref() as u64,
        Some(r) => {
            c.err(r.span(), "`runs` must be at least 1", None);
            1
        }
        None => 1000,
    };
    let default_seed = match &meta.seed {
        Some(s) if *s.get_ref() >= 0 => *s.get_ref() as u64,
        Some(s) => {
            c.err(s.span(), "`seed` must not be negative", None);
            0
        }
        None => 0,
    };

    // Pass 1: ids.
    let dims = collect_ids(
        &mut c,
        "dimension",
        raw.dimension.iter().map(|d| &d.get_ref().id),
    );
    let states = collect_ids(
        &mut c,
        "state variable",
        raw.state.iter().map(|d| &d.get_ref().id),
    );
    let sides = collect_ids(&mut c, "side", raw.side.iter().map(|d| &d.get_ref().id));
    let actors = collect_ids(&mut c, "actor", raw.actor.iter().map(|d| &d.get_ref().id));
    let issues = collect_ids(&mut c, "issue", raw.issue.iter().map(|d| &d.get_ref().id));
    let agreements = collect_ids(
        &mut c,
        "agreement",
        raw.agreement.iter().map(|d| &d.get_ref().id),
    );
    let flows_ids = collect_ids(&mut c, "flow", raw.flow.iter().map(|d| &d.get_ref().id));
    let events = collect_ids(&mut c, "event", raw.event.iter().map(|d| &d.get_ref().id));
    let actions = collect_ids(&mut c, "action", raw.action.iter().map(|d| &d.get_ref().id));
    let options: Vec<Ids> = raw
        .issue
        .iter()
        .map(|i| {
            collect_ids(
                &mut c,
                "option",
                i.get_ref().options.iter().map(|o| &o.get_ref().id),
            )
        })
        .collect();
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
    ] {
        if n > limit {
            c.err(
                meta_span.clone(),
                format!("the scenario declares {n} {kind}; at most {limit} are supported"),
                Some(format!("this is a fixed limit of the engine (see docs/errors.md); merge some [[{s}]] tables")),
            );
        }
    }
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
        c.err(meta_span.clone(), "the scenario declares no [[agreement]]", Some("an agreement bundles issues, e.g. `[[agreement]] id = \"deal\" issues = [\"price\"]`".to_string()));
    }
    if !c.diags.is_empty() {
        return Err(ScenarioError {
            diagnostics: c.diags,
        });
    }
    let names = Names {
        states: &states,
        issues: &issues,
        options: &options,
        agreements: &agreements,
        events: &events,
        actions: &actions,
        allow_x: false,
    };

    // Dimensions.
    let dimensions: Vec<Dimension> = raw
        .dimension
        .iter()
        .map(|d| {
            let d = d.get_ref();
            Dimension {
                id: d.id.get_ref().clone(),
                label: d.label.clone().unwrap_or_else(|| d.id.get_ref().clone()),
                unit: d.unit.clone().unwrap_or_default(),
            }
        })
        .collect();

    // State variables.
    let mut state_vars = Vec::new();
    for s in &raw.state {
        let s = s.get_ref();
        let initial = c.finite(&s.initial, "`initial`");
        let min = s
            .min
            .as_ref()
            .map(|m| c.finite(m, "`min`"))
            .unwrap_or(f64::MIN);
        let max = s
            .max
            .as_ref()
            .map(|m| c.finite(m, "`max`"))
            .unwrap_or(f64::MAX);
        if min > max {
            c.err(
                s.min.as_ref().map(|m| m.span()).unwrap_or(s.id.span()),
                format!("state `{}`: min {min} is above max {max}", s.id.get_ref()),
                Some("swap them".to_string()),
            );
        } else if initial < min || initial > max {
            c.err(
                s.initial.span(),
                format!(
                    "state `{}`: initial value {initial} is outside [{}, {}]",
                    s.id.get_ref(),
                    bound(min),
                    bound(max)
                ),
                Some("move it inside the bounds".to_string()),
            );
        }
        let drift = s
            .drift
            .as_ref()
            .and_then(|d| c.expr_value(d, &names, "`drift`"));
        let noise = s
            .noise
            .as_ref()
            .map(|n| c.in_range(n, 0.0, f64::MAX, "`noise`", "a standard deviation is ≥ 0"))
            .unwrap_or(0.0);
        state_vars.push(StateVar {
            id: s.id.get_ref().clone(),
            label: s.label.clone().unwrap_or_else(|| s.id.get_ref().clone()),
            unit: s.unit.clone().unwrap_or_default(),
            initial,
            min,
            max,
            drift,
            noise,
        });
    }

    // Actors.
    let mut actor_list = Vec::new();
    for a in &raw.actor {
        let a = a.get_ref();
        let side = c.lookup(&sides, &a.side, "side").unwrap_or(0);
        let discount = match &a.discount {
            None => 0.99,
            Some(d) => {
                let x = *d.get_ref();
                if x > 0.0 && x < 1.0 {
                    x
                } else {
                    c.err(
                        d.span(),
                        format!("`discount` is {x}; it must be strictly between 0 and 1"),
                        Some("δ is a per-turn discount factor, e.g. 0.99 for weekly turns (δ = 1 would value an endless war as infinite)".to_string()),
                    );
                    0.99
                }
            }
        };
        let lambda = a
            .lambda
            .as_ref()
            .map(|l| {
                c.in_range(
                    l,
                    0.0,
                    1e9,
                    "`lambda`",
                    "λ ≥ 0: 0 is uniform choice, large is best response",
                )
            })
            .unwrap_or(10.0);
        let mut weights = vec![0.0; dimensions.len()];
        for (k, w) in &a.weights {
            if let Some(d) = c.lookup(&dims, k, "dimension") {
                weights[d] = c.finite(w, "a weight");
            }
        }
        let belief_rate = a
            .belief_rate
            .as_ref()
            .map(|b| {
                c.in_range(
                    b,
                    1e-6,
                    1e6,
                    "`belief_rate`",
                    "steps per turn an open gap is expected to close: > 0",
                )
            })
            .unwrap_or(0.1);
        let learning = a
            .learning
            .as_ref()
            .map(|b| {
                c.in_range(
                    b,
                    0.0,
                    1.0,
                    "`learning`",
                    "the weight of each new observation, in [0, 1]",
                )
            })
            .unwrap_or(0.1);
        let exponent = a.exponent.as_ref().map(|e| {
            c.in_range(
                e,
                1e-3,
                1e3,
                "`exponent`",
                "the concession exponent β > 0 (β < 1 Boulware, 1 linear, > 1 Conceder)",
            )
        });
        let strategy = match &a.strategy {
            None => StrategySpec::default(),
            Some(s) => match StrategySpec::parse(s.get_ref(), exponent) {
                Ok(st) => st,
                Err(hint) => {
                    // A known name with a bad `exponent` is not an unknown strategy.
                    let known = StrategySpec::parse(s.get_ref(), None).is_ok()
                        || s.get_ref() == "time_dependent";
                    let message = if known {
                        format!(
                            "actor `{}`: strategy `{}` with this `exponent`",
                            a.id.get_ref(),
                            s.get_ref()
                        )
                    } else {
                        format!("unknown strategy `{}`", s.get_ref())
                    };
                    c.err(s.span(), message, Some(hint));
                    StrategySpec::default()
                }
            },
        };
        actor_list.push(Actor {
            id: a.id.get_ref().clone(),
            name: a.name.clone().unwrap_or_else(|| a.id.get_ref().clone()),
            side,
            discount,
            lambda,
            weights,
            belief_rate,
            learning,
            strategy,
            active: a.active.unwrap_or(true),
        });
    }

    // Sides.
    let mut side_list = Vec::new();
    for (si, s) in raw.side.iter().enumerate() {
        let s = s.get_ref();
        let lead = c.lookup(&actors, &s.lead, "actor").unwrap_or(0);
        if let Some(a) = actor_list.get(lead) {
            if a.side != si && actors.get(s.lead.get_ref()).is_some() {
                c.err(
                    s.lead.span(),
                    format!(
                        "side `{}`'s lead `{}` belongs to side `{}`",
                        s.id.get_ref(),
                        a.id,
                        raw.side[a.side].get_ref().id.get_ref()
                    ),
                    Some(
                        "the lead must be a member of the side (set its actor's `side`)"
                            .to_string(),
                    ),
                );
            }
        }
        let veto = s
            .veto
            .iter()
            .filter_map(|v| c.lookup(&actors, v, "actor"))
            .collect();
        side_list.push(Side {
            id: s.id.get_ref().clone(),
            name: s.name.clone().unwrap_or_else(|| s.id.get_ref().clone()),
            lead,
            veto,
        });
    }
    if side_list.is_empty() {
        c.err(
            meta_span.clone(),
            "the scenario declares no [[side]]",
            Some("each actor belongs to a side; a side has a `lead` who negotiates".to_string()),
        );
    }

    // Agreements (issue membership first, so issues know their agreement).
    let mut issue_agreement: Vec<Option<usize>> = vec![None; raw.issue.len()];
    let mut agreement_list = Vec::new();
    for (gi, g) in raw.agreement.iter().enumerate() {
        let g = g.get_ref();
        let mut its = Vec::new();
        if g.issues.is_empty() {
            c.err(
                g.id.span(),
                format!("agreement `{}` has no issues", g.id.get_ref()),
                Some("list the issues it bundles: `issues = [\"a\", \"b\"]`".to_string()),
            );
        }
        for i in &g.issues {
            if let Some(ii) = c.lookup(&issues, i, "issue") {
                if let Some(other) = issue_agreement[ii] {
                    c.err(
                        i.span(),
                        format!(
                            "issue `{}` is already part of agreement `{}`",
                            i.get_ref(),
                            raw.agreement[other].get_ref().id.get_ref()
                        ),
                        Some("an issue belongs to exactly one agreement".to_string()),
                    );
                } else {
                    issue_agreement[ii] = Some(gi);
                    its.push(ii);
                }
            }
        }
        let after = g
            .after
            .iter()
            .filter_map(|a| c.lookup(&agreements, a, "agreement"))
            .collect();
        agreement_list.push(Agreement {
            id: g.id.get_ref().clone(),
            label: g.label.clone().unwrap_or_else(|| g.id.get_ref().clone()),
            issues: its,
            after,
        });
    }
    // Phases must not form a cycle.
    if let Some(cycle) = phase_cycle(&agreement_list) {
        let g = &raw.agreement[cycle[0]];
        let names: Vec<&str> = cycle
            .iter()
            .map(|&i| agreement_list[i].id.as_str())
            .collect();
        c.err(
            g.get_ref().id.span(),
            format!(
                "agreements wait for each other in a cycle: {}",
                names.join(" -> ")
            ),
            Some("`after` must order agreements into phases without loops".to_string()),
        );
    }

    // Issues.
    let initial_state: Vec<f64> = state_vars.iter().map(|s| s.initial).collect();
    let mut issue_list = Vec::new();
    for (ii, i) in raw.issue.iter().enumerate() {
        let ispan = i.span();
        let i = i.get_ref();
        let id = i.id.get_ref().clone();
        let agreement = match issue_agreement[ii] {
            Some(g) => g,
            None => {
                c.err(
                    i.id.span(),
                    format!("issue `{id}` is not part of any agreement"),
                    Some("add it to an [[agreement]]'s `issues`, or remove it".to_string()),
                );
                0
            }
        };
        let continuous = i.min.is_some() || i.max.is_some() || i.step.is_some();
        let declared = i.kind.as_ref().map(|k| k.get_ref().as_str());
        let kind_is_cont = match declared {
            Some("continuous") => true,
            Some("discrete") => false,
            Some(other) => {
                let k = i.kind.as_ref().map(|k| k.span()).unwrap_or(ispan.clone());
                c.err(k, format!("unknown issue kind `{other}`"), Some("use \"discrete\" (with [[issue.options]]) or \"continuous\" (with min, max, step)".to_string()));
                continuous
            }
            None => continuous,
        };
        let mut positions = Vec::new();
        let mut option_labels = Vec::new();
        let mut effects: Vec<Vec<Term>> = Vec::new();
        let kind;
        let effect_names = Names {
            allow_x: kind_is_cont,
            ..names_clone(&names)
        };
        if kind_is_cont {
            if !i.options.is_empty() {
                c.err(
                    i.options[0].span(),
                    format!("issue `{id}` is continuous but has options"),
                    Some(
                        "remove the options, or drop min/max/step to make it discrete".to_string(),
                    ),
                );
            }
            let (Some(min), Some(max)) = (&i.min, &i.max) else {
                c.err(
                    i.id.span(),
                    format!("continuous issue `{id}` needs `min` and `max`"),
                    Some("e.g. `min = 0.0`, `max = 1.0`, `step = 0.1`".to_string()),
                );
                continue;
            };
            let (lo, hi) = (c.finite(min, "`min`"), c.finite(max, "`max`"));
            let step = i
                .step
                .as_ref()
                .map(|s| c.finite(s, "`step`"))
                .unwrap_or((hi - lo) / 10.0);
            if hi <= lo || step <= 0.0 {
                c.err(
                    i.id.span(),
                    format!("continuous issue `{id}` needs min < max and step > 0"),
                    None,
                );
                continue;
            }
            // In f64 first: a tiny step makes the count too large for usize (1e-300 would wrap).
            let count = ((hi - lo) / step + 1e-9).floor() + 1.0;
            let n = if count.is_finite() && count <= MAX_POSITIONS as f64 {
                count as usize
            } else {
                usize::MAX
            };
            if n > MAX_POSITIONS {
                let shown = if n == usize::MAX {
                    format!("{count:e}")
                } else {
                    n.to_string()
                };
                c.err(
                    i.step.as_ref().map(|s| s.span()).unwrap_or(i.id.span()),
                    format!(
                        "issue `{id}` has {shown} grid positions; at most {MAX_POSITIONS} are supported"
                    ),
                    Some("use a coarser `step`".to_string()),
                );
                continue;
            }
            kind = IssueKind::Continuous { min: lo, step };
            positions = (0..n).map(|p| fmt_num(lo + p as f64 * step)).collect();
            let terms = match &i.effects {
                Some(t) => effect_terms(
                    &mut c,
                    t.get_ref(),
                    &actors,
                    &sides,
                    &actor_list,
                    &dims,
                    &effect_names,
                ),
                None => {
                    c.err(i.id.span(), format!("continuous issue `{id}` has no `effects`"), Some("say what each actor gets as a function of x, e.g. `effects = { A = { money = \"x\" }, B = { money = \"1 - x\" } }`".to_string()));
                    Vec::new()
                }
            };
            effects.push(terms);
        } else {
            if let Some(e) = &i.effects {
                c.err(
                    e.span(),
                    format!("issue `{id}` is discrete: put effects on each option"),
                    Some("`[[issue.options]] id = \"…\" effects = { … }`".to_string()),
                );
            }
            if i.options.is_empty() {
                c.err(
                    i.id.span(),
                    format!("issue `{id}` has no options"),
                    Some(
                        "add [[issue.options]] tables, or make it continuous with min/max/step"
                            .to_string(),
                    ),
                );
                continue;
            }
            if i.options.len() > MAX_POSITIONS {
                c.err(
                    i.id.span(),
                    format!(
                        "issue `{id}` has {} options; at most {MAX_POSITIONS}",
                        i.options.len()
                    ),
                    None,
                );
                continue;
            }
            kind = IssueKind::Discrete;
            for o in &i.options {
                let o = o.get_ref();
                positions.push(o.id.get_ref().clone());
                option_labels.push(o.label.clone().unwrap_or_else(|| o.id.get_ref().clone()));
                effects.push(effect_terms(
                    &mut c,
                    &o.effects,
                    &actors,
                    &sides,
                    &actor_list,
                    &dims,
                    &names,
                ));
            }
        }
        // Parties.
        let mut parties = Vec::new();
        match &i.parties {
            Some(ps) => {
                let pids = collect_ids(&mut c, "party", ps.iter().map(|p| &p.get_ref().id));
                let _ = pids;
                for p in ps {
                    let p = p.get_ref();
                    let lead = c.lookup(&actors, &p.lead, "actor").unwrap_or(0);
                    let veto = p
                        .veto
                        .iter()
                        .filter_map(|v| c.lookup(&actors, v, "actor"))
                        .collect();
                    parties.push(Party {
                        id: p.id.get_ref().clone(),
                        lead,
                        veto,
                        opening: 0,
                    });
                }
            }
            None => {
                for s in &side_list {
                    parties.push(Party {
                        id: s.id.clone(),
                        lead: s.lead,
                        veto: s.veto.clone(),
                        opening: 0,
                    });
                }
            }
        }
        if parties.is_empty() {
            c.err(
                i.id.span(),
                format!("issue `{id}` has no parties"),
                Some("declare [[side]]s or `parties = [...]` on the issue".to_string()),
            );
        }
        // Opening positions: as declared, else the lead's favourite under the initial state.
        for (k, v) in &i.opening {
            let Some(pi) = parties.iter().position(|p| p.id == *k.get_ref()) else {
                let known: Vec<String> = parties.iter().map(|p| p.id.clone()).collect();
                c.err(
                    k.span(),
                    format!("issue `{id}` has no party `{}`", k.get_ref()),
                    Some(suggest(k.get_ref(), &known, "party")),
                );
                continue;
            };
            match position_of(&kind, &positions, v) {
                Ok(p) => parties[pi].opening = p,
                Err(m) => c.err(
                    v.span(),
                    format!("issue `{id}`: opening {m}"),
                    Some(format!("positions are: {}", abbreviate(&positions))),
                ),
            }
        }
        let flags = Flags::default();
        for p in parties.iter_mut() {
            if i.opening.keys().any(|k| *k.get_ref() == p.id) {
                continue;
            }
            let w = &actor_list
                .get(p.lead)
                .map(|a| a.weights.clone())
                .unwrap_or_default();
            let util = |pos: usize| -> f64 {
                let (terms, x) = match kind {
                    IssueKind::Discrete => (&effects[pos], 0.0),
                    IssueKind::Continuous { min, step } => (&effects[0], min + pos as f64 * step),
                };
                let env = Env {
                    state: &initial_state,
                    flags: &flags,
                    x,
                    turn: 0.0,
                };
                terms
                    .iter()
                    .filter(|t| t.actor == p.lead)
                    .map(|t| w.get(t.dim).copied().unwrap_or(0.0) * t.expr.eval(&env))
                    .sum()
            };
            let mut best = 0;
            let mut best_u = f64::NEG_INFINITY;
            for pos in 0..positions.len() {
                let u = util(pos);
                if u > best_u {
                    best_u = u;
                    best = pos;
                }
            }
            p.opening = best;
        }
        // Forbidden options.
        let mut forbid = Vec::new();
        for f in &i.forbid {
            let f = f.get_ref();
            let Some(pi) = parties.iter().position(|p| p.id == *f.party.get_ref()) else {
                let known: Vec<String> = parties.iter().map(|p| p.id.clone()).collect();
                c.err(
                    f.party.span(),
                    format!("issue `{id}` has no party `{}`", f.party.get_ref()),
                    Some(suggest(f.party.get_ref(), &known, "party")),
                );
                continue;
            };
            let pos: Vec<usize> = f
                .options
                .iter()
                .filter_map(|o| c.lookup(&options[ii], o, "option"))
                .collect();
            if pos.len() >= positions.len() && !positions.is_empty() {
                c.err(
                    f.party.span(),
                    format!(
                        "issue `{id}`: party `{}` may accept no option at all",
                        f.party.get_ref()
                    ),
                    Some(
                        "the issue could never settle; leave at least one option allowed"
                            .to_string(),
                    ),
                );
            }
            forbid.push(Forbid {
                party: pi,
                positions: pos,
                label: f.label.clone().unwrap_or_default(),
            });
        }
        issue_list.push(Issue {
            id,
            label: i.label.clone().unwrap_or_else(|| i.id.get_ref().clone()),
            kind,
            positions,
            option_labels,
            effects,
            parties,
            forbid,
            open: i.open.unwrap_or(true),
            agreement,
        });
    }

    // Flows.
    let mut flow_list = Vec::new();
    for f in &raw.flow {
        let f = f.get_ref();
        let to = targets(&mut c, &f.to, &actors, &sides, &actor_list);
        let dim = c.lookup(&dims, &f.dimension, "dimension").unwrap_or(0);
        let value = c
            .expr_value(&f.value, &names, "`value`")
            .unwrap_or_else(|| Expr::constant(0.0));
        let when = f
            .when
            .as_ref()
            .and_then(|w| c.expr_str(w, &names, "`when`"));
        let payer = match &f.from {
            Some(p) => {
                let a = c.lookup(&actors, p, "actor").unwrap_or(0);
                let d = match &f.from_dimension {
                    Some(d) => c.lookup(&dims, d, "dimension").unwrap_or(0),
                    None => dim,
                };
                Some((a, d))
            }
            None => {
                if let Some(d) = &f.from_dimension {
                    c.err(
                        d.span(),
                        "`from_dimension` without `from`",
                        Some("name the paying actor with `from`".to_string()),
                    );
                }
                None
            }
        };
        flow_list.push(Flow {
            id: f.id.get_ref().clone(),
            label: f.label.clone().unwrap_or_else(|| f.id.get_ref().clone()),
            to,
            dim,
            value,
            when,
            payer,
            enabled: f.enabled.unwrap_or(true),
        });
    }

    let refs = Refs {
        actors: &actors,
        dims: &dims,
        states: &states,
        issues: &issues,
        options: &options,
        actions: &actions,
        flows: &flows_ids,
        events: &events,
        issue_list: &issue_list,
    };

    // Events.
    let mut event_list = Vec::new();
    for e in &raw.event {
        let espan = e.span();
        let e = e.get_ref();
        let id = e.id.get_ref().clone();
        let mut event_date = None;
        let at = match (&e.date, &e.turn) {
            (Some(_), Some(t)) => {
                c.err(
                    t.span(),
                    format!("event `{id}` has both `date` and `turn`"),
                    Some("keep one".to_string()),
                );
                None
            }
            (Some(d), None) => {
                match (datetime_date(&mut c, d, "`date`"), clock.start) {
                    (Some(date), Some(start)) => {
                        let t = (date.0 - start.0).div_euclid(clock.turn_days as i64);
                        if t < 0 {
                            c.err(d.span(), format!("event `{id}` is dated {date}, before the scenario starts ({start})"), Some("events before the start belong in the initial state".to_string()));
                        }
                        event_date = Some(date);
                        Some(t.max(0))
                    }
                    (Some(_), None) => {
                        c.err(
                            d.span(),
                            format!("event `{id}` has a date but the scenario has no `start`"),
                            Some("use `turn = N` for abstract clocks".to_string()),
                        );
                        None
                    }
                    _ => None,
                }
            }
            (None, Some(t)) => {
                if *t.get_ref() < 0 {
                    c.err(t.span(), "`turn` must not be negative", None);
                }
                Some((*t.get_ref()).max(0))
            }
            (None, None) => None,
        };
        let when = e
            .when
            .as_ref()
            .and_then(|w| c.expr_str(w, &names, "`when`"));
        let trigger = match (at, &e.probability) {
            (Some(t), None) => {
                if let Some(w) = &e.when {
                    c.err(w.span(), format!("scheduled event `{id}` cannot also have `when`"), Some("a scheduled event fires on its date; use a conditional event (only `when`) instead".to_string()));
                }
                Some(Trigger::At(t.clamp(0, u32::MAX as i64) as u32))
            }
            (None, Some(p)) => {
                let probability = c
                    .expr_value(p, &names, "`probability`")
                    .unwrap_or_else(|| Expr::constant(0.0));
                if let Some(v) = probability.as_constant() {
                    if !(0.0..=1.0).contains(&v) {
                        c.err(p.span(), format!("event `{id}`: probability {v} is outside [0, 1]"), Some("a per-turn probability; expressions are clamped to [0, 1] when evaluated".to_string()));
                    }
                }
                let from = e
                    .from
                    .as_ref()
                    .and_then(|v| turn_value(&mut c, v, &clock, "`from`"))
                    .unwrap_or(0)
                    .max(0);
                let until = e
                    .until
                    .as_ref()
                    .and_then(|v| turn_value(&mut c, v, &clock, "`until`"))
                    .unwrap_or(clock.max_turns as i64)
                    .max(0);
                if until < from {
                    c.err(
                        e.until.as_ref().map(|u| u.span()).unwrap_or(espan.clone()),
                        format!("event `{id}`: its window ends before it starts"),
                        Some("`until` must not be before `from`".to_string()),
                    );
                }
                Some(Trigger::Hazard {
                    probability,
                    from: from.min(u32::MAX as i64) as u32,
                    until: until.min(u32::MAX as i64) as u32,
                    when,
                })
            }
            (Some(_), Some(p)) => {
                c.err(p.span(), format!("event `{id}` has both a date/turn and a probability"), Some("a scheduled event has a date; a hazard has a probability and optional from/until".to_string()));
                None
            }
            (None, None) => match when {
                Some(w) => Some(Trigger::When(w)),
                None => {
                    c.err(
                        e.id.span(),
                        format!("event `{id}` has no trigger"),
                        Some("give `date` (or `turn`), `probability`, or `when`".to_string()),
                    );
                    None
                }
            },
        };
        if let Some(k) = &e.kind {
            let expected = match &trigger {
                Some(Trigger::At(_)) => "scheduled",
                Some(Trigger::Hazard { .. }) => "hazard",
                Some(Trigger::When(_)) => "conditional",
                None => k.get_ref().as_str(),
            };
            if !["scheduled", "hazard", "conditional"].contains(&k.get_ref().as_str()) {
                c.err(
                    k.span(),
                    format!("unknown event kind `{}`", k.get_ref()),
                    Some("use scheduled, hazard or conditional".to_string()),
                );
            } else if k.get_ref() != expected {
                c.err(
                    k.span(),
                    format!(
                        "event `{id}` says kind = \"{}\" but its keys make it {expected}",
                        k.get_ref()
                    ),
                    Some(
                        "scheduled: date/turn; hazard: probability; conditional: when".to_string(),
                    ),
                );
            }
        }
        let effects = e
            .effects
            .iter()
            .filter_map(|x| effect(&mut c, x, &refs, &names))
            .collect();
        if let Some(trigger) = trigger {
            event_list.push(Event {
                id,
                label: e.label.clone().unwrap_or_else(|| e.id.get_ref().clone()),
                trigger,
                date: event_date,
                once: e.once.unwrap_or(true),
                enabled: e.enabled.unwrap_or(true),
                effects,
            });
        }
    }

    // Actions.
    let mut action_list = Vec::new();
    for a in &raw.action {
        let a = a.get_ref();
        let actor = c.lookup(&actors, &a.actor, "actor").unwrap_or(0);
        let kind = match a.kind.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("other") => ActionKind::Other,
            Some("pressure") => ActionKind::Pressure,
            Some("threat") => ActionKind::Threat,
            Some("side_payment") => ActionKind::SidePayment,
            Some("unilateral") => ActionKind::Unilateral,
            Some("suspend") => ActionKind::Suspend,
            Some("resume") => ActionKind::Resume,
            Some(other) => {
                let k = a.kind.as_ref().map(|k| k.span()).unwrap_or(a.id.span());
                c.err(
                    k,
                    format!("unknown action kind `{other}`"),
                    Some(
                        "use pressure, threat, side_payment, unilateral, suspend, resume or other"
                            .to_string(),
                    ),
                );
                ActionKind::Other
            }
        };
        let requires = a
            .requires
            .as_ref()
            .and_then(|w| c.expr_str(w, &names, "`requires`"));
        let mut cost = Vec::new();
        for (k, v) in &a.cost {
            if let Some(d) = c.lookup(&dims, k, "dimension") {
                cost.push((d, c.finite(v, "a cost")));
            }
        }
        let credibility = a
            .credibility
            .as_ref()
            .map(|v| {
                c.in_range(
                    v,
                    0.0,
                    1.0,
                    "`credibility`",
                    "the probability that the action's effects take hold",
                )
            })
            .unwrap_or(1.0);
        let effects = a
            .effects
            .iter()
            .filter_map(|x| effect(&mut c, x, &refs, &names))
            .collect::<Vec<_>>();
        let once = a.once.unwrap_or(matches!(kind, ActionKind::Unilateral));
        action_list.push(Action {
            id: a.id.get_ref().clone(),
            label: a.label.clone().unwrap_or_else(|| a.id.get_ref().clone()),
            kind,
            actor,
            once,
            enabled: a.enabled.unwrap_or(true),
            requires,
            cost,
            credibility,
            effects,
        });
    }

    // Observed records.
    let mut observed = Vec::new();
    for o in &raw.observed {
        let o = o.get_ref();
        let name = o.outcome.get_ref();
        let outcome = resolve_outcome(name, &agreements, &issues, &events, &actions);
        let Some(outcome) = outcome else {
            let mut known = Vec::new();
            known.extend(agreements.list().iter().map(|x| format!("agreement.{x}")));
            known.extend(issues.list().iter().map(|x| format!("issue.{x}")));
            known.extend(events.list().iter().map(|x| format!("event.{x}")));
            known.extend(actions.list().iter().map(|x| format!("action.{x}")));
            c.err(
                o.outcome.span(),
                format!("unknown outcome `{name}`"),
                Some(suggest(name, &known, "outcome")),
            );
            continue;
        };
        let (turn, date) = match (&o.date, &o.turn, clock.start) {
            (Some(d), _, Some(start)) => match datetime_date(&mut c, d, "`date`") {
                Some(date) => (
                    (date.0 - start.0).div_euclid(clock.turn_days as i64),
                    Some(date),
                ),
                None => continue,
            },
            (Some(d), _, None) => {
                c.err(
                    d.span(),
                    "an observed date needs a scenario `start` date",
                    Some("use `turn = N` for abstract clocks".to_string()),
                );
                continue;
            }
            (None, Some(t), _) => (*t.get_ref(), None),
            (None, None, _) => {
                c.err(
                    o.outcome.span(),
                    format!("observed `{name}` has no `date` or `turn`"),
                    None,
                );
                continue;
            }
        };
        let use_ = match o.use_.as_ref().map(|u| u.get_ref().as_str()) {
            Some("calibrate") => ObservedUse::Calibrate,
            Some("holdout") => ObservedUse::Holdout,
            Some("input") => ObservedUse::Input,
            None if matches!(outcome, OutcomeRef::Event(_)) => ObservedUse::Input,
            None => ObservedUse::Calibrate,
            Some(other) => {
                let span = o
                    .use_
                    .as_ref()
                    .map(|u| u.span())
                    .unwrap_or(o.outcome.span());
                c.err(
                    span,
                    format!("unknown `use = \"{other}\"`"),
                    Some("use calibrate, holdout or input".to_string()),
                );
                ObservedUse::Calibrate
            }
        };
        let value = o.value.as_ref().map(option_text);
        observed.push(Observed {
            name: name.clone(),
            outcome,
            turn,
            date,
            value,
            label: o.label.clone().unwrap_or_else(|| name.clone()),
            source: o.source.clone().unwrap_or_default(),
            certainty: o.certainty.clone().unwrap_or_default(),
            use_,
        });
    }

    // Free parameters.
    let mut parameters = Vec::new();
    for p in &raw.parameter {
        let p = p.get_ref();
        let low = c.finite(&p.low, "`low`");
        let high = c.finite(&p.high, "`high`");
        if low > high {
            c.err(
                p.low.span(),
                format!(
                    "parameter `{}`: low {low} is above high {high}",
                    p.path.get_ref()
                ),
                Some("swap them".to_string()),
            );
        }
        if let Err(m) = super::load::Override::parse(&format!("{}=0", p.path.get_ref())) {
            c.err(p.path.span(), m, None);
        }
        parameters.push(Parameter {
            path: p.path.get_ref().clone(),
            low,
            high,
            label: p.label.clone().unwrap_or_else(|| p.path.get_ref().clone()),
            calibrate: p.calibrate.unwrap_or(false),
            value: None,
            integer: false,
        });
    }

    // Reachability: an issue closed at the start must be opened by something.
    for (ii, i) in issue_list.iter().enumerate() {
        if !i.open {
            let opened = event_list
                .iter()
                .flat_map(|e| e.effects.iter())
                .chain(action_list.iter().flat_map(|a| a.effects.iter()))
                .any(|e| matches!(e, Effect::OpenIssue(x) if *x == ii));
            if !opened {
                let span = raw.issue[ii].get_ref().id.span();
                c.err(span, format!("issue `{}` starts closed (`open = false`) and no event or action opens it", i.id), Some(format!("its agreement `{}` could never be reached; add an `open_issue` effect or set `open = true`", agreement_list[i.agreement].id)));
            }
        }
        for p in &i.parties {
            if let Some(a) = actor_list.get(p.lead) {
                let activated = event_list
                    .iter()
                    .flat_map(|e| e.effects.iter())
                    .chain(action_list.iter().flat_map(|a| a.effects.iter()))
                    .any(|e| matches!(e, Effect::Activate(x) if *x == p.lead));
                if !a.active && !activated {
                    let span = raw.issue[ii].get_ref().id.span();
                    c.err(span, format!("issue `{}`: party `{}` is led by `{}`, who is inactive and never activated", i.id, p.id, a.id), Some("set the actor `active = true` or add an `activate` effect".to_string()));
                }
            }
        }
    }

    if !c.diags.is_empty() {
        return Err(ScenarioError {
            diagnostics: c.diags,
        });
    }
    Ok(Scenario {
        id: meta.id.get_ref().clone(),
        title: meta
            .title
            .clone()
            .unwrap_or_else(|| meta.id.get_ref().clone()),
        description: meta.description.clone().unwrap_or_default(),
        sources: meta.sources.clone(),
        clock,
        default_runs,
        default_seed,
        dimensions,
        states: state_vars,
        sides: side_list,
        actors: actor_list,
        issues: issue_list,
        agreements: agreement_list,
        flows: flow_list,
        events: event_list,
        actions: action_list,
        observed,
        parameters,
        overrides: Vec::new(),
        chain: Vec::new(),
    })
}

fn names_clone<'a>(n: &Names<'a>) -> Names<'a> {
    Names {
        states: n.states,
        issues: n.issues,
        options: n.options,
        agreements: n.agreements,
        events: n.events,
        actions: n.actions,
        allow_x: n.allow_x,
    }
}

fn fmt_num(v: f64) -> String {
    let r = (v * 1e9).round() / 1e9;
    format!("{r}")
}

fn abbreviate(v: &[String]) -> String {
    if v.len() <= 12 {
        v.join(", ")
    } else {
        format!("{}, …, {}", v[..3].join(", "), v[v.len() - 2..].join(", "))
    }
}

fn position_of(kind: &IssueKind, positions: &[String], v: &V) -> Result<usize, String> {
    match (kind, v.get_ref()) {
        (IssueKind::Discrete, Value::String(s)) => positions
            .iter()
            .position(|p| p == s)
            .ok_or_else(|| format!("`{s}` is not an option")),
        (IssueKind::Continuous { min, step }, Value::Float(_) | Value::Integer(_)) => {
            let x = match v.get_ref() {
                Value::Float(f) => *f,
                Value::Integer(i) => *i as f64,
                _ => 0.0,
            };
            let p = ((x - min) / step).round();
            if p < 0.0 || p as usize >= positions.len() || !p.is_finite() {
                Err(format!("{x} is outside the issue's range"))
            } else {
                Ok(p as usize)
            }
        }
        (IssueKind::Discrete, other) => Err(format!(
            "must be an option id string, not a {}",
            other.type_str()
        )),
        (IssueKind::Continuous { .. }, other) => {
            Err(format!("must be a number, not a {}", other.type_str()))
        }
    }
}

fn targets(c: &mut Ctx, key: &S, actors: &Ids, sides: &Ids, actor_list: &[Actor]) -> Vec<usize> {
    if let Some(a) = actors.get(key.get_ref()) {
        return vec![a];
    }
    if let Some(s) = sides.get(key.get_ref()) {
        return actor_list
            .iter()
            .enumerate()
            .filter(|(_, a)| a.side == s)
            .map(|(i, _)| i)
            .collect();
    }
    let mut known = actors.list();
    known.extend(sides.list());
    c.err(
        key.span(),
        format!("`{}` is neither an actor nor a side", key.get_ref()),
        Some(suggest(key.get_ref(), &known, "actor or side")),
    );
    Vec::new()
}

fn effect_terms(
    c: &mut Ctx,
    t: &EffectTable,
    actors: &Ids,
    sides: &Ids,
    actor_list: &[Actor],
    dims: &Ids,
    names: &Names,
) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    // Side-wide values first, then actor-specific ones override them.
    let mut ordered: Vec<(&S, &IndexMap<S, V>)> = t.iter().collect();
    ordered.sort_by_key(|(k, _)| actors.get(k.get_ref()).is_some());
    for (who, dims_map) in ordered {
        let to = targets(c, who, actors, sides, actor_list);
        for (d, v) in dims_map {
            let Some(dim) = c.lookup(dims, d, "dimension") else {
                continue;
            };
            let Some(expr) = c.expr_value(v, names, "an effect") else {
                continue;
            };
            for &a in &to {
                out.retain(|t| !(t.actor == a && t.dim == dim));
                out.push(Term {
                    actor: a,
                    dim,
                    expr: expr.clone(),
                });
            }
        }
    }
    out
}

fn resolve_outcome(
    name: &str,
    agreements: &Ids,
    issues: &Ids,
    events: &Ids,
    actions: &Ids,
) -> Option<OutcomeRef> {
    let (kind, id) = name.split_once('.')?;
    match kind {
        "agreement" => agreements.get(id).map(OutcomeRef::Agreement),
        "issue" => issues.get(id).map(OutcomeRef::Issue),
        "event" => events.get(id).map(OutcomeRef::Event),
        "action" => actions.get(id).map(OutcomeRef::Action),
        _ => None,
    }
}

fn phase_cycle(agreements: &[Agreement]) -> Option<Vec<usize>> {
    // Depth-first search with colours; returns the first cycle found.
    fn visit(
        g: usize,
        ags: &[Agreement],
        colour: &mut [u8],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        colour[g] = 1;
        stack.push(g);
        for &n in &ags[g].after {
            if colour[n] == 1 {
                let start = stack.iter().position(|&x| x == n).unwrap_or(0);
                let mut cyc = stack[start..].to_vec();
                cyc.push(n);
                return Some(cyc);
            }
            if colour[n] == 0 {
                if let Some(c) = visit(n, ags, colour, stack) {
                    return Some(c);
                }
            }
        }
        stack.pop();
        colour[g] = 2;
        None
    }
    let mut colour = vec![0u8; agreements.len()];
    for g in 0..agreements.len() {
        if colour[g] == 0 {
            if let Some(c) = visit(g, agreements, &mut colour, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

struct Refs<'a> {
    actors: &'a Ids,
    dims: &'a Ids,
    states: &'a Ids,
    issues: &'a Ids,
    options: &'a [Ids],
    actions: &'a Ids,
    flows: &'a Ids,
    events: &'a Ids,
    issue_list: &'a [Issue],
}

const OPS: &[&str] = &[
    "add_state",
    "set_state",
    "set_weight",
    "scale_weight",
    "set_param",
    "enable",
    "disable",
    "open_issue",
    "close_issue",
    "add_veto",
    "remove_veto",
    "forbid",
    "allow",
    "activate",
    "deactivate",
    "suspend_talks",
    "resume_talks",
    "end",
];

// Over the function-length limit (clippy.toml) until its layer splits it (issue 19.2).
#[allow(clippy::too_many_lines)]
fn effect(c: &mut Ctx, e: &toml::Spanned<RawEffect>, r: &Refs, names: &Names) -> Option<Effect> {
    let span = e.span();
    let e = e.get_ref();
    let op = e.op.get_ref().as_str();
    // Which keys each op uses; any other key present is a mistake worth reporting.
    let used: &[&str] = match op {
        "add_state" | "set_state" => &["state", "value", "sd", "low", "high"],
        "set_weight" => &["actor", "dimension", "value"],
        "scale_weight" => &["actor", "dimension", "factor"],
        "set_param" => &["actor", "param", "value"],
        "enable" | "disable" => &["target"],
        "open_issue" | "close_issue" => &["issue"],
        "add_veto" => &["issue", "party", "actor"],
        "remove_veto" => &["issue", "actor"],
        "forbid" | "allow" => &["issue", "party", "options"],
        "activate" | "deactivate" => &["actor"],
        "suspend_talks" | "resume_talks" => &[],
        "end" => &["reason"],
        _ => {
            c.err(
                e.op.span(),
                format!("unknown effect op `{op}`"),
                Some(suggest(
                    op,
                    &OPS.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    "op",
                )),
            );
            return None;
        }
    };
    let present: [(&str, bool); 14] = [
        ("state", e.state.is_some()),
        ("actor", e.actor.is_some()),
        ("dimension", e.dimension.is_some()),
        ("value", e.value.is_some()),
        ("sd", e.sd.is_some()),
        ("low", e.low.is_some()),
        ("high", e.high.is_some()),
        ("factor", e.factor.is_some()),
        ("param", e.param.is_some()),
        ("target", e.target.is_some()),
        ("issue", e.issue.is_some()),
        ("party", e.party.is_some()),
        ("options", !e.options.is_empty()),
        ("reason", e.reason.is_some()),
    ];
    let mut ok = true;
    for (k, is) in present {
        if is && !used.contains(&k) {
            c.err(
                span.clone(),
                format!("effect `{op}` does not use `{k}`"),
                Some(format!(
                    "`{op}` takes: {}",
                    if used.is_empty() {
                        "nothing besides op".to_string()
                    } else {
                        used.join(", ")
                    }
                )),
            );
            ok = false;
        }
    }
    let mut need = |c: &mut Ctx, k: &str, has: bool| {
        if !has {
            c.err(
                span.clone(),
                format!("effect `{op}` needs `{k}`"),
                Some(format!("`{op}` takes: {}", used.join(", "))),
            );
            ok = false;
        }
    };
    for k in used {
        let has = present
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, h)| *h)
            .unwrap_or(false);
        let optional = matches!(*k, "sd" | "low" | "high" | "reason");
        if !optional {
            need(c, k, has);
        }
    }
    if !ok {
        return None;
    }
    let actor = |c: &mut Ctx| {
        e.actor
            .as_ref()
            .and_then(|a| c.lookup(r.actors, a, "actor"))
    };
    let dim = |c: &mut Ctx| {
        e.dimension
            .as_ref()
            .and_then(|a| c.lookup(r.dims, a, "dimension"))
    };
    let issue = |c: &mut Ctx| {
        e.issue
            .as_ref()
            .and_then(|a| c.lookup(r.issues, a, "issue"))
    };
    let number = |c: &mut Ctx| -> Option<f64> {
        let v = e.value.as_ref()?;
        match v.get_ref() {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            _ => {
                c.err(
                    v.span(),
                    format!("`{op}` needs a finite number as `value`"),
                    None,
                );
                None
            }
        }
    };
    Some(match op {
        "add_state" | "set_state" => {
            let state = e
                .state
                .as_ref()
                .and_then(|s| c.lookup(r.states, s, "state variable"))?;
            let value = c.expr_value(e.value.as_ref()?, names, "`value`")?;
            let noise = match (&e.sd, &e.low, &e.high) {
                (Some(sd), None, None) => Noise::Normal(c.in_range(
                    sd,
                    0.0,
                    f64::MAX,
                    "`sd`",
                    "a standard deviation is ≥ 0",
                )),
                (None, Some(lo), Some(hi)) => {
                    let (lo, hi) = (c.finite(lo, "`low`"), c.finite(hi, "`high`"));
                    if lo > hi {
                        c.err(
                            span.clone(),
                            "`low` is above `high`",
                            Some("swap them".to_string()),
                        );
                    }
                    Noise::Uniform(lo, hi)
                }
                (None, None, None) => Noise::None,
                _ => {
                    c.err(
                        span.clone(),
                        "give either `sd` (normal noise) or both `low` and `high` (uniform noise)",
                        None,
                    );
                    Noise::None
                }
            };
            if op == "add_state" {
                Effect::AddState {
                    state,
                    value,
                    noise,
                }
            } else {
                Effect::SetState {
                    state,
                    value,
                    noise,
                }
            }
        }
        "set_weight" => Effect::SetWeight {
            actor: actor(c)?,
            dim: dim(c)?,
            value: number(c)?,
        },
        "scale_weight" => Effect::ScaleWeight {
            actor: actor(c)?,
            dim: dim(c)?,
            factor: c.finite(e.factor.as_ref()?, "`factor`"),
        },
        "set_param" => {
            let a = actor(c)?;
            let p = e.param.as_ref()?;
            let param = match p.get_ref().as_str() {
                "discount" => Param::Discount,
                "lambda" => Param::Lambda,
                "belief_rate" => Param::BeliefRate,
                "learning" => Param::Learning,
                other => {
                    c.err(
                        p.span(),
                        format!("unknown actor parameter `{other}`"),
                        Some("use discount, lambda, belief_rate or learning".to_string()),
                    );
                    return None;
                }
            };
            let value = number(c)?;
            let bad = match param {
                Param::Discount => !(value > 0.0 && value < 1.0),
                Param::Lambda => value < 0.0,
                Param::BeliefRate => value <= 0.0,
                Param::Learning => !(0.0..=1.0).contains(&value),
            };
            if bad {
                c.err(
                    e.value.as_ref()?.span(),
                    format!("{value} is out of range for `{}`", p.get_ref()),
                    Some(
                        "discount in (0,1), lambda ≥ 0, belief_rate > 0, learning in [0,1]"
                            .to_string(),
                    ),
                );
            }
            Effect::SetParam {
                actor: a,
                param,
                value,
            }
        }
        "enable" | "disable" => {
            let t = e.target.as_ref()?;
            let target = match t.get_ref().split_once('.') {
                Some(("action", id)) => r.actions.get(id).map(Target::Action),
                Some(("flow", id)) => r.flows.get(id).map(Target::Flow),
                Some(("event", id)) => r.events.get(id).map(Target::Event),
                _ => None,
            };
            let Some(target) = target else {
                let mut known: Vec<String> = r
                    .actions
                    .list()
                    .iter()
                    .map(|x| format!("action.{x}"))
                    .collect();
                known.extend(r.flows.list().iter().map(|x| format!("flow.{x}")));
                known.extend(r.events.list().iter().map(|x| format!("event.{x}")));
                c.err(
                    t.span(),
                    format!("unknown target `{}`", t.get_ref()),
                    Some(suggest(t.get_ref(), &known, "target")),
                );
                return None;
            };
            if op == "enable" {
                Effect::Enable(target)
            } else {
                Effect::Disable(target)
            }
        }
        "open_issue" => Effect::OpenIssue(issue(c)?),
        "close_issue" => Effect::CloseIssue(issue(c)?),
        "add_veto" | "forbid" | "allow" => {
            let i = issue(c)?;
            let pid = e.party.as_ref()?;
            let parties = &r
                .issue_list
                .get(i)
                .map(|x| x.parties.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default();
            let Some(party) = parties.iter().position(|p| p == pid.get_ref()) else {
                c.err(
                    pid.span(),
                    format!(
                        "issue `{}` has no party `{}`",
                        e.issue.as_ref()?.get_ref(),
                        pid.get_ref()
                    ),
                    Some(suggest(pid.get_ref(), parties, "party")),
                );
                return None;
            };
            if op == "add_veto" {
                Effect::AddVeto {
                    issue: i,
                    party,
                    actor: actor(c)?,
                }
            } else {
                let positions: Vec<usize> = e
                    .options
                    .iter()
                    .filter_map(|o| c.lookup(&r.options[i], o, "option"))
                    .collect();
                if op == "forbid" {
                    Effect::Forbid {
                        issue: i,
                        party,
                        positions,
                    }
                } else {
                    Effect::Allow {
                        issue: i,
                        party,
                        positions,
                    }
                }
            }
        }
        "remove_veto" => Effect::RemoveVeto {
            issue: issue(c)?,
            actor: actor(c)?,
        },
        "activate" => Effect::Activate(actor(c)?),
        "deactivate" => Effect::Deactivate(actor(c)?),
        "suspend_talks" => Effect::SuspendTalks,
        "resume_talks" => Effect::ResumeTalks,
        "end" => Effect::End(
            e.reason
                .clone()
                .unwrap_or_else(|| "terminal condition".into()),
        ),
        _ => return None,
    })
}
