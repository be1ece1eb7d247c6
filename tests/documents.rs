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
use armistice::engine::{Model, Simulation};
use armistice::export::json::{self, Provenance};
use armistice::outcome::Summary;
use armistice::outcome::doc::sweep::SweepPointDoc;
use armistice::scenario::Scenario;

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
        runs: 40,
        seed: Some(7),
        bootstrap: 40,
        threads: Some(1),
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
        runs: 20,
        seed: Some(7),
        trajectories: 1,
        threads: Some(1),
        ..Default::default()
    };
    let r = sensitivity::sensitivity(&cfg, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
    insta::assert_snapshot!(
        "sensitivity_ceasefire_toy",
        json::to_text(&sensitivity::to_json(&r))
    );
}

#[test]
fn the_tournament_document_of_the_toy_is_pinned() {
    let s = toy();
    let seats = armistice::tournament::default_seats(&s);
    let strategies = ["logit", "hardliner"]
        .iter()
        .map(|l| armistice::strategy::StrategySpec::parse_label(l).unwrap())
        .collect::<Vec<_>>();
    let t = armistice::tournament::play(&s, &seats, &strategies, 10, 7).unwrap();
    insta::assert_snapshot!("tournament_ceasefire_toy", t.to_json());
}

#[test]
fn a_sweep_point_document_of_the_toy_is_pinned() {
    let model = Model::new(toy());
    let runs: Vec<_> = (0..40)
        .map(|r| Simulation::new(&model, 7, r).play())
        .collect();
    let p = SweepPointDoc::new(&model.scenario, 0, vec!["0.02".into()], &runs);
    insta::assert_snapshot!("sweep_point_ceasefire_toy", json::to_text(&p));
    let _ = repo("");
}
