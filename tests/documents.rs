//! The documents of `ceasefire_toy` pinned as snapshots: a golden test of the numbers (payoffs
//! included) in the manner of rand's value-stability tests, and of the documents' keys.
//!
//! These snapshots change on purpose when the decision model or a document changes. Refresh them
//! all in one command and review the diff:
//!
//! ```text
//! INSTA_UPDATE=always cargo test --release --test tests documents   # or: cargo insta test --review
//! ```

use std::sync::atomic::AtomicBool;

use armistice::analysis::compare::{self, CompareConfig};
use armistice::analysis::sensitivity::{self, SensitivityConfig};
use armistice::batch::{Plan, Runs, Threads};
use armistice::engine::{Model, Simulation};
use armistice::export::json::{self, Provenance};
use armistice::outcome::Summary;
use armistice::outcome::doc::SweepDoc;
use armistice::outcome::doc::sweep::{SweepHead, SweepPointDoc};
use armistice::scenario::{Override, Scenario};

use super::common::*;

fn toy() -> Scenario {
    Scenario::load("ceasefire_toy", &[]).unwrap()
}

#[test]
fn the_summary_document_of_the_toy_is_pinned() {
    let model = Model::new(toy());
    let s = &model.scenario;
    let mut sum = Summary::new(s);
    for r in 0..40 {
        let mut sim = Simulation::new(&model, 7, r).with_path();
        sum.add(s, &sim.play());
    }
    let doc = json::summary(
        s,
        &sum,
        &Provenance {
            seed: 7,
            runs: 40,
            command: "armistice run ceasefire_toy --runs 40 --seed 7".into(),
        },
    );
    insta::assert_snapshot!("summary_ceasefire_toy", json::to_text(&doc));
}

#[test]
fn the_compare_document_of_the_toy_is_pinned() {
    let cfg = CompareConfig {
        base: "ceasefire_toy".into(),
        variants: vec![
            compare::parse_variant("keener:event.patron_loses_interest.probability=0.04").unwrap(),
        ],
        runs: Runs::new(40).unwrap(),
        seed: Some(7),
        bootstrap: 40,
        threads: Threads::new(1).unwrap(),
        ..Default::default()
    };
    let c = compare::compare(&cfg, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
    insta::assert_snapshot!(
        "compare_ceasefire_toy",
        json::to_text(&compare::to_json(&c))
    );
}

#[test]
fn the_sensitivity_document_of_the_toy_is_pinned() {
    let cfg = SensitivityConfig {
        scenario: "ceasefire_toy".into(),
        runs: Runs::new(20).unwrap(),
        seed: Some(7),
        trajectories: 1,
        ..Default::default()
    };
    let load = |ov: &[armistice::scenario::Override]| Ok(Scenario::load("ceasefire_toy", ov)?);
    let r = Threads::new(1)
        .unwrap()
        .install(|| sensitivity::sensitivity(&cfg, &load, &AtomicBool::new(false), &mut |_, _| {}))
        .unwrap()
        .unwrap();
    insta::assert_snapshot!(
        "sensitivity_ceasefire_toy",
        json::to_text(&sensitivity::to_json(&r))
    );
}

#[test]
fn the_tournament_document_of_the_toy_is_pinned() {
    let s = toy();
    let seats = armistice::analysis::tournament::default_seats(&s);
    let strategies = ["logit", "hardliner"]
        .iter()
        .map(|l| armistice::strategy::StrategySpec::parse_label(l).unwrap())
        .collect::<Vec<_>>();
    let plan = Plan::new(Runs::new(10).unwrap(), 7);
    let t = armistice::analysis::tournament::play(
        &s,
        &seats,
        &strategies,
        plan,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )
    .unwrap();
    insta::assert_snapshot!("tournament_ceasefire_toy", t.to_json());
}

#[test]
fn the_sweep_document_of_the_toy_is_pinned() {
    let runs_at = |p: f64| {
        let o = Override::parse(&format!("event.patron_loses_interest.probability={p}")).unwrap();
        let model = Model::new(Scenario::load("ceasefire_toy", &[o]).unwrap());
        let runs: Vec<_> = (0..40)
            .map(|r| Simulation::new(&model, 7, r).play())
            .collect();
        (model, runs)
    };
    let points = [0.0, 0.02]
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let (model, runs) = runs_at(p);
            SweepPointDoc::new(&model.scenario, i, vec![p.to_string()], &runs)
        })
        .collect();
    let head = SweepHead {
        command: "armistice sweep ceasefire_toy --vary event.patron_loses_interest.probability=0,0.02 --runs 40 --seed 7",
        runs: 40,
        seed: 7,
        lhs: None,
        vary: vec![(
            "event.patron_loses_interest.probability".into(),
            "event.patron_loses_interest.probability=0,0.02".into(),
        )],
    };
    let d = SweepDoc::new(&toy(), &head, points);
    insta::assert_snapshot!("sweep_ceasefire_toy", json::to_text(&d));
    let _ = repo("");
}
