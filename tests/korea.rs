//! The Korean world's mechanisms, checked statistically over seeded runs: directions, not tuned magnitudes.

use armistice::Scenario;
use armistice::engine::{Model, Simulation};
use armistice::outcome::RunOutcome;

fn runs(name: &str, n: u64) -> (Model, Vec<RunOutcome>) {
    let m = Model::new(Scenario::load(name, &[]).unwrap_or_else(|e| panic!("{name}:\n{e}")));
    let out = (0..n).map(|r| Simulation::new(&m, 1953, r).run()).collect();
    (m, out)
}

fn median_turn(m: &Model, rs: &[RunOutcome], agreement: &str) -> f64 {
    let g = m.scenario.agreement(agreement).unwrap();
    let mut t: Vec<u32> = rs
        .iter()
        .map(|o| o.agreements[g].unwrap_or(m.scenario.clock.max_turns))
        .collect();
    t.sort();
    t[t.len() / 2] as f64
}

fn share<F: Fn(&RunOutcome) -> bool>(rs: &[RunOutcome], f: F) -> f64 {
    rs.iter().filter(|o| f(o)).count() as f64 / rs.len() as f64
}

#[test]
fn removing_the_aid_linkage_or_the_pow_stall_brings_the_armistice_earlier() {
    let (mb, base) = runs("korea_1951", 120);
    let (ma, aid) = runs("no_aid_linkage", 120);
    let (ms, stall) = runs("no_pow_stall", 120);
    let b = median_turn(&mb, &base, "armistice");
    assert!(
        median_turn(&ma, &aid, "armistice") < b,
        "no_aid_linkage should shorten the stall"
    );
    assert!(
        median_turn(&ms, &stall, "armistice") < b - 26.0,
        "no_pow_stall should shorten it by more than half a year"
    );
}

#[test]
fn stalins_death_is_followed_by_movement_on_the_pow_item_in_most_runs() {
    let (m, rs) = runs("korea_1951", 120);
    let death = m.scenario.event("stalin_death").unwrap();
    let pow = m.scenario.issue("pow").unwrap();
    let died = rs.iter().filter(|o| o.events[death].is_some()).count();
    let moved = rs
        .iter()
        .filter(|o| matches!((o.events[death], o.issues[pow]), (Some(d), Some((t, _))) if t >= d))
        .count();
    assert!(
        died > 60,
        "Stalin's death should come before the end in most runs"
    );
    assert!(moved as f64 / died as f64 > 0.5, "{moved} of {died}");
    let (ml, lives) = runs("stalin_lives", 120);
    let g = ml.scenario.agreement("armistice").unwrap();
    assert!(
        share(&lives, |o| o.agreements[g].is_some())
            < share(&rs, |o| o.agreements
                [m.scenario.agreement("armistice").unwrap()]
            .is_some())
    );
}

#[test]
fn in_no_rhee_release_the_release_never_happens() {
    let (m, rs) = runs("no_rhee_release", 120);
    let a = m.scenario.action("rhee_pow_release").unwrap();
    assert!(rs.iter().all(|o| o.actions[a].is_none()));
    let (mb, base) = runs("korea_1951", 120);
    let ab = mb.scenario.action("rhee_pow_release").unwrap();
    assert!(
        share(&base, |o| o.actions[ab].is_some()) > 0.5,
        "the base releases in most runs"
    );
}

#[test]
fn the_default_run_lands_near_the_historical_armistice() {
    // A calibration check, not a tuned magnitude: the median within six months of 1953-07-27.
    let (m, rs) = runs("korea_1951", 120);
    let median = median_turn(&m, &rs, "armistice");
    let observed = m
        .scenario
        .observed
        .iter()
        .find(|o| o.name == "agreement.armistice")
        .unwrap()
        .turn as f64;
    assert!(
        (median - observed).abs() < 26.0,
        "median turn {median} vs observed {observed}"
    );
}
