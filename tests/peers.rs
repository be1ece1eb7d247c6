//! The like-for-like race with NegMAS (benches/peers/): the package-level `aspiration` strategy
//! reproduces NegMAS's `AspirationNegotiator` trace offer for offer, turn skipping changes no
//! outcome, and the strategy is a user-facing one (tournaments, validation, large package spaces).

use armistice::engine::{Model, Simulation};
use armistice::outcome::EndReason;
use armistice::scenario::{IssueIx, Override, PartyIx};
use armistice::{Scenario, strategy};

use super::common::*;

const RACE: &str = "scenarios/theory/aspiration_4x10.toml";
const BILATERAL: &str = "scenarios/theory/bilateral_4x10.toml";

fn load(path: &str, sets: &[&str]) -> Model {
    let ov: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    Model::new(Scenario::load(repo(path).to_str().unwrap(), &ov).unwrap())
}

/// NegMAS 0.16.0's offers, round by round: A's package then B's, as the values of i0..i3
/// (`negmas_bench.py --verify-rule` checks that its reference implementation, which printed this,
/// reproduces NegMAS's own trace). A accepts B's round-80 package in round 81.
const NEGMAS_TRACE: &str = "
    9999 0000 9999 0000 9999 0000 9999 0000 9999 0000 9999 0000 9999 0000 9999 0000
    9999 0000 9999 0000 9999 0000 9999 0000 9999 0000 9999 0000 9999 0000 9999 0000
    9999 0000 9999 0000 9999 0000 9899 0000 9899 0000 9899 0000 9899 0000 9899 0001
    9899 0001 9799 0001 9799 0001 9799 0001 9699 0001 9699 0002 9599 0002 9599 0002
    9499 0003 9499 0003 9399 0003 9299 0004 9299 0004 9199 0005 9099 0005 9898 0006
    9989 0006 9598 0007 9689 0008 9589 0009 9489 0102 9289 0103 9089 0104 9888 0105
    9879 0106 9679 0107 8799 0016 9696 0202 9878 2002 8099 1104 9569 2005 9078 0208
    9677 0302 9568 0119 9459 1205 8288 1207 9849 3100 9966 0127 9375 3012 9357 0409
    7888 3017 6999 0414 8467 4014 8866 1319 8939 0515 7186 1325 6197 3127 9752 3038
    6087 2327 7157 1339 6068 0813 6267 0170 7754 3704 8915 8205 6990 0368 5857 5239
    4894 5059";

/// NegMAS's utilities of the agreement (5, 0, 5, 9): A then B (benches/peers/README.md).
const NEGMAS_UTILITIES: [f64; 2] = [0.6289294444444445, 0.5854412222222222];

fn golden() -> Vec<[Vec<u32>; 2]> {
    let packages: Vec<Vec<u32>> = NEGMAS_TRACE
        .split_whitespace()
        .map(|p| p.bytes().map(|b| u32::from(b - b'0')).collect())
        .collect();
    packages
        .chunks(2)
        .map(|c| [c[0].clone(), c[1].clone()])
        .collect()
}

#[test]
fn aspiration_reproduces_negmas_trace_offer_for_offer() {
    let m = load(RACE, &[]);
    let golden = golden();
    assert_eq!(golden.len(), 81);
    let mut sim = Simulation::new(&m, 1, 0);
    for (t, [a, b]) in golden.iter().enumerate() {
        assert!(!sim.step(), "the run ended at turn {t}");
        let at = |k: usize| {
            IssueIx::all(4)
                .map(|i| sim.position(i, PartyIx::new(k)).get())
                .collect::<Vec<u32>>()
        };
        assert_eq!((&at(0), &at(1)), (a, b), "round {t}: A's and B's offers");
    }
    // Round 81: A accepts B's package; the run ends.
    assert!(sim.step());
    let o = sim.into_outcome();
    assert_eq!(o.end_reason, EndReason::Agreed);
    assert_eq!(o.agreements[0], Some(81));
    let settled: Vec<(u32, u32)> = o
        .issues
        .iter()
        .map(|x| x.map(|(t, p)| (t, p.get())).unwrap())
        .collect();
    assert_eq!(settled, vec![(81, 5), (81, 0), (81, 5), (81, 9)]);
    // The agreement's utilities, summed as NegMAS sums them, are NegMAS's to the last bit; the
    // payoffs (discounted by 1 − 10⁻⁹ per turn) within 10⁻⁶.
    let s = &m.scenario;
    for (a, want) in NEGMAS_UTILITIES.iter().enumerate() {
        let w = &s.actors[a].weights;
        let mut u = 0.0;
        for (i, &(_, p)) in settled.iter().enumerate() {
            let f = if a == 0 {
                f64::from(p)
            } else {
                f64::from(9 - p)
            } / 9.0;
            u += w[i] * f;
        }
        assert_eq!(u, *want, "actor {a}");
        assert!(
            (o.payoffs[a] - want).abs() < 1e-6,
            "{} vs {want}",
            o.payoffs[a]
        );
    }
}

#[test]
fn aspiration_agreement_dominates_the_issue_by_issue_one() {
    // On the same utilities and turn order, Boulware issue by issue settles every issue near the
    // middle; conceding over whole packages, each side gives up the issues it cares least about,
    // and both are better off.
    let payoffs = |strategy: &str| {
        let a = format!("actor.A.strategy=\"{strategy}\"");
        let b = format!("actor.B.strategy=\"{strategy}\"");
        let o = Simulation::new(&load(RACE, &[&a, &b]), 1, 0).run();
        assert_eq!(o.end_reason, EndReason::Agreed, "{strategy}");
        o.payoffs
    };
    let issue_by_issue = payoffs("boulware");
    let whole = payoffs("aspiration");
    for a in 0..2 {
        assert!(
            whole[a] > issue_by_issue[a] + 0.02,
            "{whole:?} vs {issue_by_issue:?}"
        );
    }
}

#[test]
fn turn_skipping_changes_no_outcome() {
    let variants: [&[&str]; 5] = [
        &[],
        // Another exponent and tolerance for B, and the first mover alternating.
        &[
            "actor.B.exponent=1.0",
            "actor.B.tolerance=0.05",
            "scenario.turn_order=\"alternating\"",
        ],
        // A less stubborn A.
        &["actor.A.exponent=0.5"],
        // Hard-headed on both sides: the run reaches the horizon.
        &["actor.A.exponent=0.01", "actor.B.exponent=0.01"],
        // Conceder against Boulware.
        &["actor.A.exponent=4.0"],
    ];
    for sets in variants {
        let m = load(RACE, sets);
        assert!(m.skips_turns(), "{sets:?}");
        for run in 0..3 {
            let skipped = Simulation::new(&m, 7, run).with_path().run();
            let stepped = Simulation::new(&m, 7, run).with_path().turn_by_turn().run();
            assert_eq!(skipped, stepped, "{sets:?}");
        }
    }
    let hard = load(RACE, &["actor.A.exponent=0.01", "actor.B.exponent=0.01"]);
    let reached = Simulation::new(&hard, 1, 0).run();
    assert_eq!(reached.end_reason, EndReason::Horizon);
    assert_eq!(reached.turns, 100);
    // A batch restarts one simulation per run: the same as fresh ones.
    let m = load(RACE, &[]);
    let mut sim = Simulation::new(&m, 3, 0);
    for run in 0..3 {
        sim.restart(3, run);
        assert_eq!(sim.play(), Simulation::new(&m, 3, run).turn_by_turn().run());
    }
}

/// The race workload with a per-turn cost of delay for A (a flow), as TOML.
fn with_flow() -> Model {
    let text = std::fs::read_to_string(repo(RACE))
        .unwrap()
        .replace(
            "[[agreement]]",
            "[[dimension]]\nid = \"war\"\n\n[[flow]]\nid = \"delay\"\nto = \"A\"\ndimension = \"war\"\nvalue = -0.001\nwhen = \"not agreed(deal)\"\n\n[[agreement]]",
        )
        .replace("i3 = 0.19198 }", "i3 = 0.19198, war = 1.0 }")
        .replace("bibliography = \"../data/sources.toml\"\n", "")
        .replace("sources = [\"@faratin1998\"]\n", "");
    Model::new(Scenario::from_toml("flow.toml", &text).unwrap())
}

/// The race workload in two phases: i0 and i1 first, then i2 and i3.
fn phased() -> Model {
    let text = std::fs::read_to_string(repo(RACE))
        .unwrap()
        .replace(
            "issues = [\"i0\", \"i1\", \"i2\", \"i3\"]",
            "issues = [\"i0\", \"i1\"]\n\n[[agreement]]\nid = \"later\"\nissues = [\"i2\", \"i3\"]\nafter = [\"deal\"]",
        )
        .replace("bibliography = \"../data/sources.toml\"\n", "")
        .replace("sources = [\"@faratin1998\"]\n", "");
    Model::new(Scenario::from_toml("phased.toml", &text).unwrap())
}

#[test]
fn a_later_phase_is_skipped_to_as_well() {
    let m = phased();
    assert!(m.skips_turns());
    let skipped = Simulation::new(&m, 1, 0).with_path().run();
    let stepped = Simulation::new(&m, 1, 0).with_path().turn_by_turn().run();
    assert_eq!(skipped, stepped);
    let (first, later) = (skipped.agreements[0], skipped.agreements[1]);
    assert!(first.is_some() && later.is_some(), "{skipped:?}");
    assert!(later > first, "{skipped:?}");
}

#[test]
fn flows_are_paid_on_skipped_turns() {
    let m = with_flow();
    assert!(m.skips_turns());
    let skipped = Simulation::new(&m, 1, 0).run();
    let stepped = Simulation::new(&m, 1, 0).turn_by_turn().run();
    assert_eq!(skipped, stepped);
    let plain = Simulation::new(&load(RACE, &[]), 1, 0).run();
    // 81 turns at −0.001 each before the agreement.
    assert!(
        (plain.payoffs[0] - skipped.payoffs[0] - 0.081).abs() < 1e-6,
        "{skipped:?}"
    );
}

#[test]
fn no_turn_is_skipped_when_something_random_or_unruly_can_happen() {
    // An issue-by-issue strategy on one side, or a logit player anywhere.
    let m = load(RACE, &["actor.B.strategy=\"boulware\""]);
    assert!(!m.skips_turns());
    let o = Simulation::new(&m, 1, 0).run();
    assert_eq!(o, Simulation::new(&m, 1, 0).turn_by_turn().run());
    assert!(!load(BILATERAL, &[]).skips_turns());
    let logit = load(
        BILATERAL,
        &[
            "actor.A.strategy=\"aspiration\"",
            "actor.B.strategy=\"logit\"",
        ],
    );
    assert!(!logit.skips_turns());
    let o = Simulation::new(&logit, 1, 0).run();
    assert!(o.turns > 0);
}

#[test]
fn a_package_player_meets_logit_and_boulware_players() {
    // Alternating offers (the solved game models the package player issue by issue).
    for other in ["logit", "boulware", "spe", "hardliner"] {
        let b = format!("actor.B.strategy=\"{other}\"");
        let m = load(BILATERAL, &["actor.A.strategy=\"aspiration\"", &b]);
        let o = Simulation::new(&m, 1, 0).run();
        // Nobody takes a package worth less to it than the terms of no agreement.
        assert!(o.payoffs.iter().all(|&u| u >= -1e-9), "{other}: {o:?}");
        assert_eq!(o, Simulation::new(&m, 1, 0).turn_by_turn().run(), "{other}");
    }
}

/// `n` issues of 10 values, A valuing issue k at weight k + 1 and B at n − k (opposed in value,
/// not in weights), both package players.
fn wide(n: usize) -> String {
    let mut t = String::from(
        "[scenario]\nid = \"wide\"\nhorizon = 60\nturn_order = \"fixed\"\n\n[[dimension]]\nid = \"d\"\n\n\
         [[side]]\nid = \"SA\"\nlead = \"A\"\n\n[[side]]\nid = \"SB\"\nlead = \"B\"\n\n\
         [[actor]]\nid = \"A\"\nside = \"SA\"\nstrategy = \"aspiration\"\nweights = { d = 1.0 }\n\n\
         [[actor]]\nid = \"B\"\nside = \"SB\"\nstrategy = \"aspiration\"\nweights = { d = 1.0 }\n\n",
    );
    for k in 0..n {
        t += &format!("[[issue]]\nid = \"i{k}\"\n");
        for v in 0..10 {
            let a = (k + 1) as f64 * v as f64 / 9.0;
            let b = (n - k) as f64 * (9 - v) as f64 / 9.0;
            t += &format!(
                "[[issue.options]]\nid = \"v{v}\"\neffects = {{ A = {{ d = {a} }}, B = {{ d = {b} }} }}\n"
            );
        }
    }
    let issues: Vec<String> = (0..n).map(|k| format!("\"i{k}\"")).collect();
    t + &format!(
        "[[agreement]]\nid = \"deal\"\nissues = [{}]\n",
        issues.join(", ")
    )
}

#[test]
fn large_package_spaces_are_searched_and_still_agree() {
    // 10¹⁰ packages: past the sorted index, searched by branch and bound in bounded memory.
    let m = Model::new(Scenario::from_toml("wide.toml", &wide(10)).unwrap());
    assert!(m.skips_turns());
    let o = Simulation::new(&m, 1, 0).run();
    assert_eq!(o.end_reason, EndReason::Agreed, "{o:?}");
    let t = o.agreements[0].unwrap();
    assert!((30..60).contains(&t), "agreed at {t}");
    // Each side conceded most on the issues it weighs least: A keeps issue 9 high, B issue 0 low.
    let at = |i: usize| o.issues[i].unwrap().1;
    assert!(at(9) > at(0), "{:?}", o.issues);
    assert!(o.payoffs.iter().all(|&u| u > 0.0));
}

#[test]
fn tournaments_take_aspiration_with_its_parameters() {
    let o = armistice()
        .args([
            "tournament",
            RACE,
            "--strategies",
            "aspiration,aspiration:1:0.01,boulware",
            "--runs",
            "2",
            "--json",
        ])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let labels: Vec<&str> = json["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["aspiration:0.25", "aspiration:1:0.01", "boulware:0.25"]
    );
    // A fixed turn order refuses a strategy that plays the solved game.
    armistice()
        .args(["tournament", RACE, "--strategies", "aspiration,logit"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("turn_order"));
}

#[test]
fn aspiration_parameters_and_the_turn_order_are_validated_with_a_hint() {
    let bad = |sets: &[&str]| {
        let ov: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
        Scenario::load(repo(RACE).to_str().unwrap(), &ov)
            .unwrap_err()
            .to_string()
    };
    let e = bad(&["actor.A.tolerance=1.5"]);
    assert!(
        e.contains("strategy `aspiration` with this `tolerance`"),
        "{e}"
    );
    assert!(e.contains("below 1"), "{e}");
    let e = bad(&["scenario.turn_order=\"stacked\""]);
    assert!(
        e.contains("is not a turn order") && e.contains("alternating"),
        "{e}"
    );
    let e = bad(&["actor.A.strategy=\"logit\""]);
    assert!(e.contains("`exponent` only applies"), "{e}");
    assert!(
        e.contains(
            "`turn_order = \"fixed\"` needs every actor to follow a rule, but `A` plays `logit`"
        ),
        "{e}"
    );
    let e = bad(&["actor.A.strategy=\"boulware\"", "actor.A.tolerance=0.01"]);
    assert!(
        e.contains("`tolerance` only applies to the `aspiration` strategy"),
        "{e}"
    );
    let ok = Scenario::load(repo(RACE).to_str().unwrap(), &[]).unwrap();
    assert_eq!(
        ok.actors[0].strategy,
        strategy::StrategySpec::Aspiration {
            beta: 0.25,
            tolerance: 0.001
        }
    );
}
