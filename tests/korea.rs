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
fn removing_a_soviet_gain_from_the_stall_never_delays_the_armistice() {
    // Comparative statics: taking away a gain the USSR draws from the war (the aid linkage, or the
    // POW veto and the aid together) must not make the armistice later. In the present world the
    // USSR's strategic gain from a long war keeps its other vetoes binding until Stalin's death, so
    // both counterfactuals leave the date where it is (docs/counterfactuals.md).
    let (mb, base) = runs("korea_1951", 120);
    let b = median_turn(&mb, &base, "armistice");
    for cf in ["no_aid_linkage", "no_pow_stall"] {
        let (m, rs) = runs(cf, 120);
        let t = median_turn(&m, &rs, "armistice");
        assert!(t <= b, "{cf}: median turn {t} is later than the base's {b}");
    }
}

#[test]
fn stalins_death_ends_the_soviet_stall_and_without_it_fewer_runs_reach_an_armistice() {
    let (m, rs) = runs("korea_1951", 120);
    let death = m.scenario.event("stalin_death").unwrap();
    let g = m.scenario.agreement("armistice").unwrap();
    let died = rs.iter().filter(|o| o.events[death].is_some()).count();
    assert!(
        died > 60,
        "Stalin's death should come before the end in most runs"
    );
    // The armistice follows the death (its vetoes end with it), not the other way round.
    let after = rs
        .iter()
        .filter(|o| matches!((o.events[death], o.agreements[g]), (Some(d), Some(t)) if t >= d))
        .count();
    assert!(after as f64 / died as f64 > 0.5, "{after} of {died}");
    let (ml, lives) = runs("stalin_lives", 120);
    let gl = ml.scenario.agreement("armistice").unwrap();
    assert!(
        share(&lives, |o| o.agreements[gl].is_some()) < share(&rs, |o| o.agreements[g].is_some())
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
