//! Flows: per-turn payoffs to actors (cost of war, aid, side payments from a payer).

use super::actors::targets;
use super::ctx::Ctx;
use super::ids::{Names, Tables};
use crate::expr::Expr;
use crate::scenario::raw::{RawFile, RawFlow};
use crate::scenario::{Actor, ActorIx, Flow};

/// Validates every flow.
pub(super) fn flows(
    c: &mut Ctx,
    raw: &RawFile,
    t: &Tables,
    actors: &[Actor],
    names: &Names,
) -> Vec<Flow> {
    raw.flow
        .iter()
        .map(|f| flow(c, f.get_ref(), t, actors, names))
        .collect()
}

fn flow(c: &mut Ctx, f: &RawFlow, t: &Tables, actors: &[Actor], names: &Names) -> Flow {
    let to = targets(c, &f.to, &t.actors, &t.sides, actors);
    let dim = c.lookup(&t.dims, &f.dimension, "dimension").unwrap_or(0);
    let value = c
        .expr_value(&f.value, names, "`value`")
        .unwrap_or_else(|| Expr::constant(0.0));
    let when = f.when.as_ref().and_then(|w| c.expr_str(w, names, "`when`"));
    let payer = match &f.from {
        Some(p) => {
            let a = ActorIx::new(c.lookup(&t.actors, p, "actor").unwrap_or(0));
            let d = match &f.from_dimension {
                Some(d) => c.lookup(&t.dims, d, "dimension").unwrap_or(0),
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
    Flow {
        id: f.id.get_ref().clone(),
        label: f.label.clone().unwrap_or_else(|| f.id.get_ref().clone()),
        to,
        dim,
        value,
        when,
        payer,
        enabled: f.enabled.unwrap_or(true),
        cite: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};

    #[test]
    fn a_payer_dimension_needs_a_payer() {
        let m = messages(
            &MINIMAL.replace("value = -0.05", "value = -0.05\nfrom_dimension = \"money\""),
        );
        assert!(
            m.iter().any(|m| m == "`from_dimension` without `from`"),
            "{m:?}"
        );
    }

    #[test]
    fn recipients_and_conditions_are_resolved() {
        let m = messages(
            &MINIMAL
                .replace("to = \"A\"", "to = \"Q\"")
                .replace("not agreed(deal)", "not agreed(dael)"),
        );
        assert!(
            m.iter().any(|m| m == "`Q` is neither an actor nor a side"),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m == "in `when`: unknown agreement `dael`"),
            "{m:?}"
        );
    }
}
