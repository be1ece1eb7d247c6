//! Actors: side, discount, precision, weights, belief parameters and strategy.

use super::ctx::Ctx;
use super::ids::{Ids, Tables};
use crate::scenario::raw::{RawActor, RawFile, S};
use crate::scenario::{Actor, ActorIx};
use crate::strategy::StrategySpec;

/// Validates every actor.
pub(super) fn actors(c: &mut Ctx, raw: &RawFile, t: &Tables, n_dims: usize) -> Vec<Actor> {
    raw.actor
        .iter()
        .map(|a| actor(c, a.get_ref(), t, n_dims))
        .collect()
}

fn actor(c: &mut Ctx, a: &RawActor, t: &Tables, n_dims: usize) -> Actor {
    let side = c.lookup(&t.sides, &a.side, "side").unwrap_or(0);
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
    let mut weights = vec![0.0; n_dims];
    for (k, w) in &a.weights {
        if let Some(d) = c.lookup(&t.dims, k, "dimension") {
            weights[d] = c.finite(w, "a weight");
        }
    }
    for (key, given) in [("belief_rate", &a.belief_rate), ("learning", &a.learning)] {
        if let Some(v) = given {
            c.err(
                v.span(),
                format!("`{key}` is no longer an actor parameter"),
                Some(
                    "actors now expect what the solved game predicts (docs/model.md): delete the key"
                        .to_string(),
                ),
            );
        }
    }
    let strategy = strategy(c, a);
    Actor {
        id: a.id.get_ref().clone(),
        name: a.name.clone().unwrap_or_else(|| a.id.get_ref().clone()),
        side,
        discount,
        lambda,
        weights,
        strategy,
        active: a.active.unwrap_or(true),
        cite: Default::default(),
    }
}

fn strategy(c: &mut Ctx, a: &RawActor) -> StrategySpec {
    let exponent = a.exponent.as_ref().map(|e| {
        c.in_range(
            e,
            1e-3,
            1e3,
            "`exponent`",
            "the concession exponent β > 0 (β < 1 Boulware, 1 linear, > 1 Conceder)",
        )
    });
    let tolerance = a.tolerance.as_ref().map(|t| c.finite(t, "`tolerance`"));
    let Some(s) = &a.strategy else {
        if let Some(t) = &a.tolerance {
            c.err(
                t.span(),
                "`tolerance` only applies to the `aspiration` strategy",
                Some("set `strategy = \"aspiration\"`, or delete the key".to_string()),
            );
        }
        return StrategySpec::default();
    };
    match StrategySpec::parse_with(s.get_ref(), exponent, tolerance) {
        Ok(st) => st,
        Err(hint) => {
            // A known name with a bad `exponent` or `tolerance` is not an unknown strategy.
            let known =
                StrategySpec::parse(s.get_ref(), None).is_ok() || s.get_ref() == "time_dependent";
            let message = if known {
                // Which parameter is wrong: the exponent if the strategy refuses it alone.
                let what = if StrategySpec::parse_with(s.get_ref(), exponent, None).is_ok() {
                    "`tolerance`"
                } else {
                    "`exponent`"
                };
                format!(
                    "actor `{}`: strategy `{}` with this {what}",
                    a.id.get_ref(),
                    s.get_ref()
                )
            } else {
                format!("unknown strategy `{}`", s.get_ref())
            };
            c.err(s.span(), message, Some(hint));
            StrategySpec::default()
        }
    }
}

/// The actors a key names: one actor, or every member of a side.
pub(super) fn targets(
    c: &mut Ctx,
    key: &S,
    actors: &Ids,
    sides: &Ids,
    actor_list: &[Actor],
) -> Vec<ActorIx> {
    if let Some(a) = actors.get(key.get_ref()) {
        return vec![ActorIx::new(a)];
    }
    if let Some(s) = sides.get(key.get_ref()) {
        return ActorIx::all(actor_list.len())
            .filter(|&a| actor_list[a].side == s)
            .collect();
    }
    c.unknown(
        key.span(),
        format!("`{}` is neither an actor nor a side", key.get_ref()),
        key.get_ref(),
        || {
            let mut known = actors.list();
            known.extend(sides.list());
            known
        },
        "actor or side",
    );
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{errors, messages, with};

    #[test]
    fn a_discount_outside_the_open_unit_interval_is_refused_with_a_hint() {
        let e = errors(&with(
            "id = \"a\"\nside = \"A\"",
            "id = \"a\"\nside = \"A\"\ndiscount = 1.0",
        ));
        let d = e
            .iter()
            .find(|d| d.message.contains("`discount` is 1"))
            .expect("discount");
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .contains("per-turn discount factor")
        );
    }

    #[test]
    fn unknown_sides_dimensions_and_strategies_are_named() {
        let m = messages(&with(
            "id = \"a\"\nside = \"A\"\nweights = { money = 1.0 }",
            "id = \"a\"\nside = \"C\"\nweights = { mony = 1.0 }\nstrategy = \"bulware\"",
        ));
        assert!(m.contains(&"unknown side `C`".to_string()), "{m:?}");
        assert!(m.contains(&"unknown dimension `mony`".to_string()), "{m:?}");
        assert!(
            m.contains(&"unknown strategy `bulware`".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn lambda_is_range_checked_and_the_old_belief_keys_are_refused_with_a_hint() {
        let m = messages(&with(
            "id = \"a\"\nside = \"A\"",
            "id = \"a\"\nside = \"A\"\nlambda = -1.0\nlearning = 0.2",
        ));
        assert!(
            m.iter().any(|m| m.starts_with("`lambda` is -1, outside")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.starts_with("`learning` is no longer an actor parameter")),
            "{m:?}"
        );
    }
}
