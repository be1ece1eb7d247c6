//! Issues: discrete options or a continuous grid, the payoff of each position, the parties with
//! their openings, and the options a party may not accept (`forbid`).

use indexmap::IndexMap;
use toml::{Spanned, Value};

use super::actors::targets;
use super::ctx::Ctx;
use super::ids::{Names, Tables};
use crate::expr::{Env, Flags};
use crate::scenario::raw::{EffectTable, RawFile, RawIssue, S, V};
use crate::scenario::{Actor, ActorIx, Forbid, Issue, IssueKind, Party, PartyIx, Pos, Side, Term};

/// Most positions on one issue.
pub const MAX_POSITIONS: usize = 10_001;

/// What the issues are validated against.
pub(super) struct Known<'a> {
    pub t: &'a Tables,
    pub actors: &'a [Actor],
    pub sides: &'a [Side],
    /// Each issue's agreement, from the agreements' `issues` lists.
    pub agreement_of: &'a [Option<usize>],
    /// State at turn 0, to find each lead's favourite opening.
    pub initial_state: Vec<f64>,
}

/// The positions of an issue and what each pays.
struct Grid {
    kind: IssueKind,
    positions: Vec<String>,
    option_labels: Vec<String>,
    effects: Vec<Vec<Term>>,
}

/// Validates every issue. An issue whose positions cannot be built is left out (its errors are
/// reported, so the scenario is refused anyway).
pub(super) fn issues(c: &mut Ctx, raw: &RawFile, k: &Known) -> Vec<Issue> {
    raw.issue
        .iter()
        .enumerate()
        .filter_map(|(ii, i)| issue(c, ii, i, k))
        .collect()
}

fn issue(c: &mut Ctx, ii: usize, raw: &Spanned<RawIssue>, k: &Known) -> Option<Issue> {
    let i = raw.get_ref();
    let id = i.id.get_ref().clone();
    let agreement = match k.agreement_of[ii] {
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
    let grid = if is_continuous(c, raw) {
        continuous(c, i, &id, k)?
    } else {
        discrete(c, i, &id, k)?
    };
    let mut parties = parties(c, i, &id, k);
    openings(c, i, &id, &grid, &mut parties);
    favourite_openings(i, &grid, &mut parties, k);
    let forbid = forbids(c, i, &id, ii, &grid, &parties, k);
    Some(Issue {
        id,
        label: i.label.clone().unwrap_or_else(|| i.id.get_ref().clone()),
        kind: grid.kind,
        positions: grid.positions,
        option_labels: grid.option_labels,
        effects: grid.effects,
        parties,
        forbid,
        open: i.open.unwrap_or(true),
        agreement,
        cite: Default::default(),
        option_cites: Vec::new(),
    })
}

fn is_continuous(c: &mut Ctx, raw: &Spanned<RawIssue>) -> bool {
    let i = raw.get_ref();
    let continuous = i.min.is_some() || i.max.is_some() || i.step.is_some();
    match i.kind.as_ref().map(|k| k.get_ref().as_str()) {
        Some("continuous") => true,
        Some("discrete") => false,
        Some(other) => {
            let k = i.kind.as_ref().map(|k| k.span()).unwrap_or(raw.span());
            c.err(
                k,
                format!("unknown issue kind `{other}`"),
                Some("use \"discrete\" (with [[issue.options]]) or \"continuous\" (with min, max, step)".to_string()),
            );
            continuous
        }
        None => continuous,
    }
}

fn continuous(c: &mut Ctx, i: &RawIssue, id: &str, k: &Known) -> Option<Grid> {
    if !i.options.is_empty() {
        c.err(
            i.options[0].span(),
            format!("issue `{id}` is continuous but has options"),
            Some("remove the options, or drop min/max/step to make it discrete".to_string()),
        );
    }
    let (Some(min), Some(max)) = (&i.min, &i.max) else {
        c.err(
            i.id.span(),
            format!("continuous issue `{id}` needs `min` and `max`"),
            Some("e.g. `min = 0.0`, `max = 1.0`, `step = 0.1`".to_string()),
        );
        return None;
    };
    let (lo, hi) = (c.finite(min, "`min`"), c.finite(max, "`max`"));
    let step = i
        .step
        .as_ref()
        .map(|s| c.finite(s, "`step`"))
        .unwrap_or((hi - lo) / 10.0);
    if hi <= lo || step <= 0.0 {
        let at = match &i.step {
            Some(s) if step <= 0.0 => s.span(),
            _ => max.span(),
        };
        c.err(
            at,
            format!("continuous issue `{id}` needs min < max and step > 0"),
            Some(format!("its grid runs from `min` ({lo}) to `max` ({hi}) in steps of `step` ({step}), e.g. `min = 0.0`, `max = 1.0`, `step = 0.1`")),
        );
        return None;
    }
    let n = grid_size(c, i, id, lo, hi, step)?;
    let terms = match &i.effects {
        Some(e) => terms(c, e.get_ref(), k, k.t.names(true)),
        None => {
            c.err(
                i.id.span(),
                format!("continuous issue `{id}` has no `effects`"),
                Some("say what each actor gets as a function of x, e.g. `effects = { A = { money = \"x\" }, B = { money = \"1 - x\" } }`".to_string()),
            );
            Vec::new()
        }
    };
    Some(Grid {
        kind: IssueKind::Continuous { min: lo, step },
        positions: (0..n).map(|p| fmt_num(lo + p as f64 * step)).collect(),
        option_labels: Vec::new(),
        effects: vec![terms],
    })
}

/// The number of grid positions, refused above [`MAX_POSITIONS`].
fn grid_size(c: &mut Ctx, i: &RawIssue, id: &str, lo: f64, hi: f64, step: f64) -> Option<usize> {
    // In f64 first: a tiny step makes the count too large for usize (1e-300 would wrap).
    let count = ((hi - lo) / step + 1e-9).floor() + 1.0;
    if count.is_finite() && count <= MAX_POSITIONS as f64 {
        return Some(count as usize);
    }
    c.err(
        i.step.as_ref().map(|s| s.span()).unwrap_or(i.id.span()),
        format!("issue `{id}` has {count:e} grid positions; at most {MAX_POSITIONS} are supported"),
        Some("use a coarser `step`".to_string()),
    );
    None
}

fn discrete(c: &mut Ctx, i: &RawIssue, id: &str, k: &Known) -> Option<Grid> {
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
                "add [[issue.options]] tables, or make it continuous with min/max/step".to_string(),
            ),
        );
        return None;
    }
    if i.options.len() > MAX_POSITIONS {
        c.err(
            i.id.span(),
            format!(
                "issue `{id}` has {} options; at most {MAX_POSITIONS}",
                i.options.len()
            ),
            Some("merge options, or make the issue continuous with min, max and step".to_string()),
        );
        return None;
    }
    let mut g = Grid {
        kind: IssueKind::Discrete,
        positions: Vec::new(),
        option_labels: Vec::new(),
        effects: Vec::new(),
    };
    for o in &i.options {
        let o = o.get_ref();
        g.positions.push(o.id.get_ref().clone());
        g.option_labels
            .push(o.label.clone().unwrap_or_else(|| o.id.get_ref().clone()));
        g.effects.push(terms(c, &o.effects, k, k.t.names(false)));
    }
    Some(g)
}

/// The payoff terms of an effect table: side-wide values first, then actor-specific ones override
/// them.
fn terms(c: &mut Ctx, table: &EffectTable, k: &Known, names: Names) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    let mut ordered: Vec<(&S, &IndexMap<S, V>)> = table.iter().collect();
    ordered.sort_by_key(|(key, _)| k.t.actors.get(key.get_ref()).is_some());
    for (who, dims_map) in ordered {
        let to = targets(c, who, &k.t.actors, &k.t.sides, k.actors);
        for (d, v) in dims_map {
            let Some(dim) = c.lookup(&k.t.dims, d, "dimension") else {
                continue;
            };
            let Some(expr) = c.expr_value(v, &names, "an effect") else {
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

/// The parties as declared on the issue, or one per side.
fn parties(c: &mut Ctx, i: &RawIssue, id: &str, k: &Known) -> Vec<Party> {
    let mut parties = Vec::new();
    match &i.parties {
        Some(ps) => {
            super::ids::collect(c, "party", ps.iter().map(|p| &p.get_ref().id));
            for p in ps {
                let p = p.get_ref();
                let lead = ActorIx::new(c.lookup(&k.t.actors, &p.lead, "actor").unwrap_or(0));
                let veto = p
                    .veto
                    .iter()
                    .filter_map(|v| c.lookup(&k.t.actors, v, "actor").map(ActorIx::new))
                    .collect();
                parties.push(Party {
                    id: p.id.get_ref().clone(),
                    lead,
                    veto,
                    opening: Pos::new(0),
                });
            }
        }
        None => {
            for s in k.sides {
                parties.push(Party {
                    id: s.id.clone(),
                    lead: s.lead,
                    veto: s.veto.clone(),
                    opening: Pos::new(0),
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
    parties
}

/// The index of the party named by `key`, or an error with a suggestion.
fn party_index(c: &mut Ctx, parties: &[Party], id: &str, key: &S) -> Option<usize> {
    let found = parties.iter().position(|p| p.id == *key.get_ref());
    if found.is_none() {
        c.unknown(
            key.span(),
            format!("issue `{id}` has no party `{}`", key.get_ref()),
            key.get_ref(),
            || parties.iter().map(|p| p.id.clone()).collect(),
            "party",
        );
    }
    found
}

/// Opening positions as declared.
fn openings(c: &mut Ctx, i: &RawIssue, id: &str, g: &Grid, parties: &mut [Party]) {
    for (key, v) in &i.opening {
        let Some(pi) = party_index(c, parties, id, key) else {
            continue;
        };
        match position_of(&g.kind, &g.positions, v) {
            Ok(p) => parties[pi].opening = p,
            Err(m) => c.err(
                v.span(),
                format!("issue `{id}`: opening {m}"),
                Some(format!("positions are: {}", abbreviate(&g.positions))),
            ),
        }
    }
}

/// Where no opening is declared, the lead's favourite position under the initial state.
fn favourite_openings(i: &RawIssue, g: &Grid, parties: &mut [Party], k: &Known) {
    let flags = Flags::default();
    for p in parties.iter_mut() {
        if i.opening.keys().any(|key| *key.get_ref() == p.id) {
            continue;
        }
        let w = k
            .actors
            .get(p.lead.ix())
            .map(|a| a.weights.clone())
            .unwrap_or_default();
        let util = |pos: usize| -> f64 {
            let (terms, x) = match g.kind {
                IssueKind::Discrete => (&g.effects[pos], 0.0),
                IssueKind::Continuous { min, step } => (&g.effects[0], min + pos as f64 * step),
            };
            let env = Env {
                state: &k.initial_state,
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
        for pos in 0..g.positions.len() {
            let u = util(pos);
            if u > best_u {
                best_u = u;
                best = pos;
            }
        }
        p.opening = Pos::new(best);
    }
}

fn forbids(
    c: &mut Ctx,
    i: &RawIssue,
    id: &str,
    ii: usize,
    g: &Grid,
    parties: &[Party],
    k: &Known,
) -> Vec<Forbid> {
    let mut out = Vec::new();
    for f in &i.forbid {
        let f = f.get_ref();
        let Some(pi) = party_index(c, parties, id, &f.party) else {
            continue;
        };
        let pos: Vec<Pos> = f
            .options
            .iter()
            .filter_map(|o| c.lookup(&k.t.options[ii], o, "option").map(Pos::new))
            .collect();
        if pos.len() >= g.positions.len() && !g.positions.is_empty() {
            c.err(
                f.party.span(),
                format!(
                    "issue `{id}`: party `{}` may accept no option at all",
                    f.party.get_ref()
                ),
                Some("the issue could never settle; leave at least one option allowed".to_string()),
            );
        }
        out.push(Forbid {
            party: PartyIx::new(pi),
            positions: pos,
            label: f.label.clone().unwrap_or_default(),
            cite: Default::default(),
        });
    }
    out
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

fn position_of(kind: &IssueKind, positions: &[String], v: &V) -> Result<Pos, String> {
    match (kind, v.get_ref()) {
        (IssueKind::Discrete, Value::String(s)) => positions
            .iter()
            .position(|p| p == s)
            .map(Pos::new)
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
                Ok(Pos::new(p as usize))
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

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};
    use crate::scenario::Pos;

    #[test]
    fn a_grid_too_fine_or_inverted_is_refused() {
        let m = messages(&MINIMAL.replace("step = 0.1", "step = 1e-300"));
        assert!(
            m.iter()
                .any(|m| m.contains("grid positions; at most 10001")),
            "{m:?}"
        );
        let m = messages(&MINIMAL.replace("max = 1.0", "max = -1.0"));
        assert!(
            m.iter()
                .any(|m| m == "continuous issue `split` needs min < max and step > 0"),
            "{m:?}"
        );
    }

    #[test]
    fn openings_and_forbids_name_unknown_parties_and_positions() {
        let m =
            messages(&MINIMAL.replace("step = 0.1", "step = 0.1\nopening = { A = 2.0, Q = 0.5 }"));
        assert!(
            m.iter()
                .any(|m| m == "issue `split`: opening 2 is outside the issue's range"),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m == "issue `split` has no party `Q`"),
            "{m:?}"
        );
    }

    #[test]
    fn an_unset_opening_is_the_leads_favourite_position() {
        let s = crate::Scenario::from_toml("s.toml", MINIMAL).unwrap();
        // `a` gets x, `b` gets 1 - x.
        assert_eq!(s.issues[0].parties[0].opening, Pos::new(10));
        assert_eq!(s.issues[0].parties[1].opening, Pos::new(0));
    }

    #[test]
    fn a_discrete_issue_needs_options_and_no_issue_wide_effects() {
        let text = MINIMAL.replace(
            "min = 0.0\nmax = 1.0\nstep = 0.1\n",
            "kind = \"discrete\"\n",
        );
        let m = messages(&text);
        assert!(
            m.iter()
                .any(|m| m == "issue `split` is discrete: put effects on each option"),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m == "issue `split` has no options"),
            "{m:?}"
        );
    }
}
