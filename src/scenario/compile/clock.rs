//! The `[scenario]` header: the id, the turn clock (start, turn length, horizon) and the default
//! runs and seed.

use std::ops::Range;

use toml::Value;

use super::ctx::Ctx;
use crate::scenario::TurnOrder;
use crate::scenario::raw::{RawActor, RawMeta};
use crate::strategy::StrategySpec;
use crate::time::{Clock, Date, parse_turn_length};

/// Most turns a horizon may have.
pub const MAX_TURNS: u32 = 100_000;
/// Most runs a command may make (bigger batches are split with `--shard K/N` and merged).
pub const MAX_RUNS: u64 = 10_000_000_000;

/// What the header fixes for the whole scenario.
pub(super) struct Header {
    pub clock: Clock,
    pub turn_order: TurnOrder,
    pub default_runs: u64,
    pub default_seed: u64,
}

/// Validates the header.
pub(super) fn header(c: &mut Ctx, meta: &RawMeta, span: Range<usize>) -> Header {
    let id = meta.id.get_ref();
    if !id
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        || id.is_empty()
    {
        c.err(
            meta.id.span(),
            format!("scenario id `{id}` must be letters, digits, `_` or `-`"),
            Some("the id names the output folder".to_string()),
        );
    }
    let clock = clock(c, meta, span);
    let default_runs = match &meta.runs {
        Some(r) if (1..=MAX_RUNS as i64).contains(r.get_ref()) => *r.get_ref() as u64,
        Some(r) if *r.get_ref() < 1 => {
            c.err(
                r.span(),
                "`runs` must be at least 1",
                Some("the number of runs a command makes when it is given no --runs, e.g. `runs = 1000`".to_string()),
            );
            1
        }
        Some(r) => {
            c.err(
                r.span(),
                format!("`runs` is {}; at most {MAX_RUNS} runs are allowed", r.get_ref()),
                Some("give a smaller default; split bigger batches with `run --shard K/N` and `merge`".to_string()),
            );
            1
        }
        None => 1000,
    };
    let default_seed = match &meta.seed {
        Some(s) if *s.get_ref() >= 0 => *s.get_ref() as u64,
        Some(s) => {
            c.err(
                s.span(),
                "`seed` must not be negative",
                Some(format!("a seed is a whole number from 0 to {}", i64::MAX)),
            );
            0
        }
        None => 0,
    };
    let turn_order = match meta.turn_order.as_ref().map(|o| (o, o.get_ref().as_str())) {
        None | Some((_, "alternating")) => TurnOrder::Alternating,
        Some((_, "fixed")) => TurnOrder::Fixed,
        Some((o, other)) => {
            c.err(
                o.span(),
                format!("`turn_order = \"{other}\"` is not a turn order"),
                Some("use \"alternating\" (the first mover alternates each turn, the default) or \"fixed\" (party 0 first every turn, NegMAS's stacked alternating offers)".to_string()),
            );
            TurnOrder::Alternating
        }
    };
    Header {
        clock,
        turn_order,
        default_runs,
        default_seed,
    }
}

/// A fixed turn order needs every actor to follow a rule: the solved game of the other strategies
/// assumes that the first mover alternates. Reads the actors' strategy names (a name that does not
/// parse is reported by the actors' own check).
pub(super) fn check_turn_order(
    c: &mut Ctx,
    meta: &RawMeta,
    order: TurnOrder,
    actors: &[&RawActor],
) {
    let (Some(key), TurnOrder::Fixed) = (&meta.turn_order, order) else {
        return;
    };
    for a in actors {
        let name = a
            .strategy
            .as_ref()
            .map_or("logit", |s| s.get_ref().as_str());
        let plays_game = StrategySpec::parse(name, None).is_ok_and(|st| !st.is_rule_based());
        if plays_game {
            c.err(
                key.span(),
                format!(
                    "`turn_order = \"fixed\"` needs every actor to follow a rule, but `{}` plays `{name}`",
                    a.id.get_ref()
                ),
                Some("the solved game of logit, spe, hardliner and random players assumes alternating offers: give every actor a rule-based strategy (aspiration, boulware, linear, conceder, time_dependent, tit_for_tat), or use turn_order = \"alternating\"".to_string()),
            );
        }
    }
}

fn turn_length(c: &mut Ctx, m: &RawMeta, dated: bool) -> u32 {
    match &m.turn {
        Some(t) => match parse_turn_length(t.get_ref()) {
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
        None if dated => 7,
        None => 1,
    }
}

fn clock(c: &mut Ctx, m: &RawMeta, span: Range<usize>) -> Clock {
    let start = m.start.as_ref().and_then(|d| c.date(d, "`start`"));
    let turn_days = turn_length(c, m, start.is_some());
    let mut clock = Clock {
        start,
        turn_days,
        max_turns: 0,
    };
    let turns = horizon_turns(c, m, &clock, span);
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

fn horizon_turns(c: &mut Ctx, m: &RawMeta, clock: &Clock, span: Range<usize>) -> i64 {
    let Some(h) = &m.horizon else {
        c.err(
            span,
            "[scenario] needs a `horizon`: an end date or a number of turns",
            Some("e.g. `horizon = 1955-01-01` or `horizon = 200`".to_string()),
        );
        return 1;
    };
    match c.turn(h, clock, "`horizon`") {
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
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, errors, messages};

    #[test]
    fn a_dated_horizon_counts_the_turns_that_start_before_it() {
        let s = crate::Scenario::from_toml(
            "s.toml",
            &MINIMAL.replace("horizon = 100", "start = 1951-01-01\nhorizon = 1951-01-16"),
        )
        .unwrap();
        // Turns start on 1, 8 and 15 January.
        assert_eq!(s.clock.max_turns, 3);
        assert_eq!(s.clock.turn_days, 7);
    }

    #[test]
    fn a_horizon_before_the_start_or_beyond_the_limit_is_refused() {
        let m = messages(&MINIMAL.replace("horizon = 100", "horizon = 0"));
        assert!(
            m.iter().any(|m| m.contains("must come after the start")),
            "{m:?}"
        );
        let m = messages(&MINIMAL.replace("horizon = 100", "horizon = 100001"));
        assert!(
            m.iter().any(|m| m.contains("at most 100000 are allowed")),
            "{m:?}"
        );
        let m = messages(&MINIMAL.replace("horizon = 100", "horizon = 1953-01-01"));
        assert!(m.iter().any(|m| m.contains("no `start` date")), "{m:?}");
    }

    #[test]
    fn bad_turn_lengths_runs_and_seeds_are_located() {
        let e = errors(&MINIMAL.replace(
            "horizon = 100",
            "horizon = 100\nturn = \"fortnight\"\nruns = 0\nseed = -1",
        ));
        let m: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
        assert!(
            m.contains(&"`turn = \"fortnight\"` is not a turn length"),
            "{m:?}"
        );
        assert!(m.iter().any(|m| m.contains("`runs`")), "{m:?}");
        assert!(m.iter().any(|m| m.contains("`seed`")), "{m:?}");
        assert!(e.iter().all(|d| d.location.is_some()));
    }
}
