//! Validation: raw TOML mirror → [`Scenario`], collecting every problem with its location.
//!
//! Validation runs in two passes. The first (`ids`) collects the ids of every table (catching
//! duplicates and malformed ids), so the second can resolve references in any order — an event may
//! name an action declared below it. Problems are collected rather than returned at the first one, so
//! a user fixing a file sees them all at once. One file per kind of table, in the order they are
//! checked: `clock` (the header), `states`, `actors`, `sides`, `agreements`, `issues`, `flows`,
//! `events` and `actions` (both with `effects`), `observed`, `params`, then `reach`.

mod actions;
mod actors;
mod agreements;
mod cite;
mod clock;
mod ctx;
mod effects;
mod events;
mod flows;
mod ids;
mod issues;
mod observed;
mod outside;
mod params;
mod reach;
mod sides;
mod sources;
mod states;
#[cfg(test)]
mod testing;

pub use clock::{MAX_RUNS, MAX_TURNS};
pub use ids::{MAX_ACTORS, MAX_FLOWS, MAX_OUTSIDE_OPTIONS, MAX_STATES};
pub use issues::MAX_POSITIONS;

use super::Scenario;
use super::load::Library;
use super::raw::{RawActor, RawFile};
use crate::error::{ScenarioError, SourceMap};
use ctx::Ctx;

/// Validates a merged raw scenario whose spans point into `map`, with the bibliography it declares.
pub(super) fn compile(
    raw: RawFile,
    map: &SourceMap,
    library: Option<&Library>,
) -> Result<Scenario, ScenarioError> {
    let mut c = Ctx::new(map);
    let meta_span = raw.scenario.span();
    let meta = raw.scenario.get_ref();
    let header = clock::header(&mut c, meta, meta_span.clone());
    let t = ids::tables(&mut c, &raw, meta_span.clone());
    c.check()?;
    let names = t.names(false);
    let dimensions = states::dimensions(&raw);
    let state_vars = states::states(&mut c, &raw, &names);
    let actor_list = actors::actors(&mut c, &raw, &t, dimensions.len());
    let raw_actors: Vec<&RawActor> = raw.actor.iter().map(|a| a.get_ref()).collect();
    clock::check_turn_order(&mut c, meta, header.turn_order, &raw_actors);
    let side_list = sides::sides(&mut c, &raw, &t, &actor_list, meta_span);
    let (agreement_list, agreement_of) = agreements::agreements(&mut c, &raw, &t);
    let issue_list = issues::issues(
        &mut c,
        &raw,
        &issues::Known {
            t: &t,
            actors: &actor_list,
            sides: &side_list,
            agreement_of: &agreement_of,
            initial_state: state_vars.iter().map(|s| s.initial).collect(),
        },
    );
    let flow_list = flows::flows(&mut c, &raw, &t, &actor_list, &names);
    let refs = effects::Refs {
        actors: &t.actors,
        dims: &t.dims,
        states: &t.states,
        issues: &t.issues,
        options: &t.options,
        actions: &t.actions,
        flows: &t.flows,
        events: &t.events,
        issue_list: &issue_list,
    };
    let event_list = events::events(&mut c, &raw, &header.clock, &refs, &names);
    let action_list = actions::actions(&mut c, &raw, &t, &refs, &names);
    let talks = outside::Talks {
        actors: &actor_list,
        issues: &issue_list,
        agreements: &agreement_list,
    };
    let outside_options = outside::outside_options(&mut c, &raw, &t, &talks, &names);
    let observed = observed::observed(&mut c, &raw, &t, &header.clock);
    let parameters = params::parameters(&mut c, &raw);
    reach::check(
        &mut c,
        &raw,
        (&issue_list, &agreement_list, &actor_list),
        &event_list,
        &action_list,
    );
    let (bibliography, keys) = sources::bibliography(&mut c, library);
    let mut s = Scenario {
        id: meta.id.get_ref().clone(),
        title: meta
            .title
            .clone()
            .unwrap_or_else(|| meta.id.get_ref().clone()),
        description: meta.description.clone().unwrap_or_default(),
        sources: meta.sources.iter().map(|x| x.get_ref().clone()).collect(),
        cite: Default::default(),
        bibliography,
        clock: header.clock,
        turn_order: header.turn_order,
        default_runs: header.default_runs,
        default_seed: header.default_seed,
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
        outside_options,
        overrides: Vec::new(),
        chain: Vec::new(),
    };
    cite::attach(&mut c, &raw, &keys, &mut s);
    c.check()?;
    Ok(s)
}
