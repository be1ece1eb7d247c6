//! The engine through the library API: golden outcomes, invariants and statistics.

use armistice::engine::trace::Entry;
use armistice::engine::{Model, Simulation};
use armistice::outcome::EndReason;
use armistice::scenario::Pos;
use armistice::{Scenario, strategy};

use super::common::*;

fn toy() -> Model {
    Model::new(Scenario::load(repo(TOY).to_str().unwrap(), &[]).unwrap())
}

#[test]
fn golden_seed_gives_the_recorded_outcome() {
    // Pinned outcome of run 1 of the toy under seed 7. A change here means every published result
    // changes: update it only on purpose, and say so in the CHANGELOG.
    let m = toy();
    let o = Simulation::new(&m, 7, 1).run();
    assert_eq!(o.seed, GOLDEN_SEED);
    assert_eq!(o.end_reason, EndReason::Agreed);
    assert_eq!(o.agreements, vec![Some(GOLDEN_AGREEMENT_TURN)]);
    assert_eq!(o.issues[1], Some(GOLDEN_PRISONERS));
}

const GOLDEN_SEED: u64 = 18301176669829311175;
const GOLDEN_AGREEMENT_TURN: u32 = 63;
const GOLDEN_PRISONERS: (u32, Pos) = (12, Pos::new(1));

#[test]
fn running_twice_gives_identical_outcomes() {
    let m = toy();
    for r in 0..20 {
        assert_eq!(
            Simulation::new(&m, 3, r).run(),
            Simulation::new(&m, 3, r).run()
        );
    }
}

#[test]
fn every_run_ends_within_the_horizon_with_finite_payoffs() {
    let m = toy();
    for r in 0..100 {
        let o = Simulation::new(&m, 11, r).run();
        assert!(o.turns <= m.scenario.clock.max_turns);
        assert!(o.payoffs.iter().all(|p| p.is_finite()));
        if let Some(t) = o.agreements[0] {
            assert!(o.issues.iter().all(|x| x.is_some_and(|(st, _)| st <= t)));
        }
    }
}

#[test]
fn a_veto_player_that_gains_from_war_delays_agreement() {
    // Mechanism test: removing the patron's veto (its hazard of losing interest set to 1 at turn 0)
    // must bring the cease-fire earlier on average.
    let base = toy();
    let ov = vec![
        armistice::scenario::Override::parse("event.patron_loses_interest.probability=1.0")
            .unwrap(),
        armistice::scenario::Override::parse("event.patron_loses_interest.from=0").unwrap(),
    ];
    let alt = Model::new(Scenario::load(repo(TOY).to_str().unwrap(), &ov).unwrap());
    let mean = |m: &Model| {
        (0..200)
            .map(|r| {
                Simulation::new(m, 5, r).run().agreements[0].unwrap_or(m.scenario.clock.max_turns)
                    as f64
            })
            .sum::<f64>()
            / 200.0
    };
    let (b, a) = (mean(&base), mean(&alt));
    assert!(
        a < b,
        "without the veto the cease-fire should come earlier: {a} vs {b}"
    );
}

#[test]
fn logit_choice_frequencies_match_the_closed_form() {
    // Statistical test over many seeds: draws through the inverse CDF reproduce exp(λu)/Σexp(λu).
    use rand::RngExt;
    let eu = [0.3, 0.1, 0.0];
    let lambda = 5.0;
    let mut p = Vec::new();
    strategy::logit::probabilities(&eu, lambda, &mut p);
    let z: f64 = eu.iter().map(|u| (lambda * u).exp()).sum();
    for (i, u) in eu.iter().enumerate() {
        assert!((p[i] - (lambda * u).exp() / z).abs() < 1e-12);
    }
    let n = 100_000;
    let mut counts = [0usize; 3];
    let mut rng = armistice::rng::run_rng(0, 0);
    for _ in 0..n {
        counts[strategy::logit::pick(&p, rng.random::<f64>())] += 1;
    }
    for i in 0..3 {
        let f = counts[i] as f64 / n as f64;
        let sd = (p[i] * (1.0 - p[i]) / n as f64).sqrt();
        assert!((f - p[i]).abs() < 5.0 * sd, "option {i}: {f} vs {}", p[i]);
    }
}

#[test]
fn logit_approaches_uniform_and_best_response() {
    let eu = [1.0, 0.5, 0.0];
    let mut p = Vec::new();
    strategy::logit::probabilities(&eu, 1e-9, &mut p);
    assert!(p.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-6));
    strategy::logit::probabilities(&eu, 1e4, &mut p);
    assert!(p[0] > 1.0 - 1e-9);
}

#[test]
fn patient_bargainers_settle_and_split_the_pie() {
    // Two symmetric actors with equal delay costs: every run settles, near the middle.
    let m = Model::new(Scenario::from_toml("mini.toml", MINIMAL).unwrap());
    let mut xs = Vec::new();
    for r in 0..200 {
        let o = Simulation::new(&m, 1, r).run();
        let (_, p) = o.issues[0].expect("settles");
        xs.push(m.scenario.issues[0].value(p));
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    assert!((mean - 0.5).abs() < 0.1, "mean split {mean}");
}

#[test]
fn parties_that_open_at_the_same_position_still_settle() {
    // Issue 15.5: with both sides opening at `commission` the prisoners used to settle in 0 % of
    // runs. An offer is a choice in the solved game, whatever the openings.
    let ov = [armistice::scenario::Override::parse(
        r#"issue.prisoners.opening={ SOUTH = "commission", NORTH = "commission" }"#,
    )
    .unwrap()];
    let m = Model::new(Scenario::load(repo(TOY).to_str().unwrap(), &ov).unwrap());
    let i = m.scenario.issue("prisoners").unwrap();
    let settled = (0..100)
        .filter(|&r| Simulation::new(&m, 7, r).run().issues[i].is_some())
        .count();
    assert!(settled >= 80, "{settled} of 100 runs settle the prisoners");
}

#[test]
fn an_actor_chooses_one_action_per_track_each_turn() {
    // korea_1950: Beijing's rejection of the Cease-Fire Group is on its `diplomacy` track and its
    // campaigns on the main one, so it takes both in the first week. Put back on the main track, the
    // rejection competes with the campaign and the two are never taken in the same turn.
    let load = |sets: &[&str]| {
        let ov: Vec<_> = sets
            .iter()
            .map(|s| armistice::scenario::Override::parse(s).unwrap())
            .collect();
        Model::new(Scenario::load("korea_1950", &ov).unwrap())
    };
    let together = |m: &Model| {
        (0..40)
            .filter(|&r| {
                let (_, entries) = Simulation::new(m, 1950, r).with_trace().run_traced();
                let turn_of = |id: &str| {
                    entries.iter().find_map(|e| match e {
                        Entry::Action { turn, id: x, .. } if x == id => Some(*turn),
                        _ => None,
                    })
                };
                let rej = turn_of("prc_rejects_ceasefire_group");
                rej.is_some()
                    && entries.iter().any(|e| {
                        matches!(e, Entry::Action { turn, id, .. }
                            if Some(*turn) == rej && id == "chinese_offensive")
                    })
            })
            .count()
    };
    let tracks = load(&[]);
    assert!(together(&tracks) >= 30, "{}", together(&tracks));
    let one = load(&["action.prc_rejects_ceasefire_group.track=\"\""]);
    assert_eq!(together(&one), 0);
}

#[test]
fn keys_leave_out_only_what_the_solve_does_not_read() {
    // A perceived world's key leaves out the state variables nothing its regime's solve reads
    // (src/engine/reads.rs), and a regime counts a flow whose condition is false for good as off:
    // worlds that differ only there share one solution. The mechanism is exact, so every decision of
    // every run — the values weighed included — must be what keys holding every variable give, from
    // fewer solutions. The made-up scenario exercises the anticipated successor: the patron's loss of
    // interest (a foreseen hazard) switches on a flow that reads `morale`, which nothing else reads
    // while the flow is off, so `morale` must stay in the key until the hazard has come; once the
    // prisoners settle, the flow's condition is false for good and `morale` drops out.
    let toy = std::fs::read_to_string(repo(TOY)).unwrap();
    let morale = toy.replace(
        "  { op = \"remove_veto\", issue = \"prisoners\", actor = \"Patron\" },",
        "  { op = \"remove_veto\", issue = \"prisoners\", actor = \"Patron\" },\n  \
         { op = \"enable\", target = \"flow.morale_cost\" },",
    ) + r#"
[[state]]
id = "morale"
label = "The North's morale"
initial = 0.5
min = 0.0
max = 1.0
noise = 0.1

[[flow]]
id = "morale_cost"
label = "Desertions while the prisoners are held"
to = "North"
dimension = "war"
value = "-0.2 * morale"
when = "not settled(prisoners)"
enabled = false
"#;
    assert!(morale.contains("flow.morale_cost"));
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("morale.toml");
    std::fs::write(&made, morale).unwrap();
    let cases = [
        (made.to_str().unwrap().to_string(), 30),
        (repo(TOY).to_str().unwrap().to_string(), 30),
        ("korea_1951".to_string(), 12),
        ("korea_1950".to_string(), 30),
        (
            repo("scenarios/counterfactuals/stalin_lives.toml")
                .to_str()
                .unwrap()
                .to_string(),
            8,
        ),
        (
            repo("scenarios/counterfactuals/escalation_approved.toml")
                .to_str()
                .unwrap()
                .to_string(),
            20,
        ),
    ];
    for (spec, runs) in cases {
        let load = || Scenario::load(&spec, &[]).unwrap();
        let lean = Model::new(load());
        let full = Model::new(load()).perceiving_every_variable();
        for r in 0..runs {
            let a = Simulation::new(&lean, 5, r).with_trace().run_traced();
            let b = Simulation::new(&full, 5, r).with_trace().run_traced();
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{spec}, run {r}");
        }
        let (lean_solved, full_solved) = (lean.solver_stats().0, full.solver_stats().0);
        assert!(
            lean_solved < full_solved,
            "{spec}: {lean_solved} vs {full_solved}"
        );
    }
}

/// The issue-scaling measurements (benches/scaling/run.sh, the criterion group `issue_scaling`)
/// divide a run's time by its horizon: that holds only if every run of the synthetic stalemate
/// plays all its turns, which is what this checks, for the sizes they use.
#[test]
fn the_scaling_stalemates_play_their_whole_horizon() {
    for (issues, actors, horizon) in [(1, 2, 100), (4, 2, 50), (6, 2, 40), (4, 5, 30)] {
        let text = crate::scaling_scenario::scaling_scenario(issues, actors, horizon);
        let s = Scenario::from_toml("scaling", &text).expect("the scaling scenario loads");
        assert_eq!((s.issues.len(), s.actors.len()), (issues, actors));
        let m = Model::new(s);
        let mut sim = Simulation::new(&m, 1, 0);
        for r in 0..3 {
            sim.restart(1, r);
            let o = sim.play();
            assert_eq!(o.end_reason, EndReason::Horizon, "{issues} issues, run {r}");
            assert_eq!(o.turns, horizon, "{issues} issues, run {r}");
            assert!(o.issues.iter().all(Option::is_none), "an issue settled");
        }
    }
}
