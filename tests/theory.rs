//! Theory checks: where game theory has exact answers, the simulator must reproduce them — the
//! Rubinstein split, time-dependent agreement turns, tit-for-tat's mirroring, logit's limits — plus
//! the strategy tournament and the Gambit export.

use armistice::engine::{Model, Simulation};
use armistice::outcome::EndReason;
use armistice::scenario::{IssueIx, Override, PartyIx, Pos};
use armistice::{Scenario, strategy};

use super::common::*;

const RUBINSTEIN: &str = "scenarios/theory/rubinstein.toml";
const BILATERAL: &str = "scenarios/theory/bilateral_4x10.toml";

fn load(path: &str, sets: &[String]) -> Model {
    let ov: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    Model::new(Scenario::load(repo(path).to_str().unwrap(), &ov).unwrap())
}

/// P1's share where the Rubinstein scenario settles, and the turn.
fn rubinstein_split(d1: f64, d2: f64) -> (u32, f64) {
    let m = load(
        RUBINSTEIN,
        &[
            format!("actor.P1.discount={d1}"),
            format!("actor.P2.discount={d2}"),
        ],
    );
    let o = Simulation::new(&m, 1, 0).run();
    let (t, p) = o.issues[0].expect("the SPE split settles");
    (t, m.scenario.issues[0].value(p))
}

#[test]
fn rubinstein_split_matches_theory_for_every_discount_pair() {
    let pairs = [
        (0.9, 0.9),
        (0.8, 0.6),
        (0.6, 0.8),
        (0.5, 0.5),
        (0.95, 0.5),
        (0.5, 0.95),
        (0.99, 0.99),
        (0.99, 0.9),
        (0.3, 0.7),
        (0.999, 0.999),
    ];
    for (d1, d2) in pairs {
        let theory = (1.0 - d2) / (1.0 - d1 * d2);
        let (t, x) = rubinstein_split(d1, d2);
        assert_eq!(t, 0, "δ = ({d1}, {d2}): SPE agrees at once");
        // The engine's grid game (step 0.0001) rounds each offer in the responder's favour; its
        // equilibrium is within a few steps of the continuous one.
        assert!(
            (x - theory).abs() / theory < 0.01 && (x - theory).abs() <= 5e-4,
            "δ = ({d1}, {d2}): simulated {x}, theory {theory}"
        );
    }
    // Equal discount factors: 1/(1 + δ).
    let (_, x) = rubinstein_split(0.8, 0.8);
    assert!((x - 1.0 / 1.8).abs() <= 5e-4);
}

#[test]
fn rubinstein_split_comes_out_of_the_cli_with_set() {
    let out = armistice()
        .args(["trace", RUBINSTEIN, "--json"])
        .args([
            "--set",
            "actor.P1.discount=0.8",
            "--set",
            "actor.P2.discount=0.6",
        ])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let settled = &v["outcome"]["issues"][0];
    assert_eq!(settled[0], 0);
    let x = settled[1].as_f64().unwrap() * 0.0001;
    let theory = 0.4 / 0.52;
    assert!((x - theory).abs() / theory < 0.01, "{x} vs {theory}");
}

/// A pie on a 0.01 grid over 101 turns, with the given strategies for P1 (moves first) and P2.
fn pie(s1: &str, s2: &str) -> Model {
    let text = format!(
        r#"
[scenario]
id = "pie"
horizon = 101

[[dimension]]
id = "pie"

[[side]]
id = "S1"
lead = "P1"

[[side]]
id = "S2"
lead = "P2"

[[actor]]
id = "P1"
side = "S1"
discount = 0.99
weights = {{ pie = 1.0 }}
{s1}

[[actor]]
id = "P2"
side = "S2"
discount = 0.99
weights = {{ pie = 1.0 }}
{s2}

[[issue]]
id = "split"
min = 0.0
max = 1.0
step = 0.01
effects = {{ P1 = {{ pie = "x" }}, P2 = {{ pie = "1 - x" }} }}

[[agreement]]
id = "deal"
issues = ["split"]
"#
    );
    Model::new(Scenario::from_toml("pie.toml", &text).unwrap())
}

fn td(beta: f64) -> String {
    format!("strategy = \"time_dependent\"\nexponent = {beta}")
}

#[test]
fn time_dependent_agreement_turn_and_split_match_the_closed_form() {
    // Two time-dependent agents agree at the first turn t with τ^(1/β₁) + τ^(1/β₂) ≥ 1, τ = t/100,
    // at the proposer's target 1 − τ^(1/β) (rounded up to the grid in its favour).
    for (b1, b2) in [(1.0, 1.0), (0.5, 0.5), (1.0, 0.5), (0.25, 0.25), (2.0, 4.0)] {
        let m = pie(&td(b1), &td(b2));
        let tau = |t: u32| t as f64 / 100.0;
        let t_star = (0..101u32)
            .find(|&t| tau(t).powf(1.0 / b1) + tau(t).powf(1.0 / b2) >= 1.0 - 1e-12)
            .unwrap();
        // Offers at turn t (rounded on the grid in the proposer's favour): P1 asks for
        // x₁(t) = 1 − τ^(1/β₁), P2 for 1 − x₂(t) = 1 − τ^(1/β₂).
        let x1 = |t: u32| ((1.0 - tau(t).powf(1.0 / b1)) * 100.0 - 1e-9).ceil() / 100.0;
        let x2 = |t: u32| (tau(t).powf(1.0 / b2) * 100.0 + 1e-9).floor() / 100.0;
        // At t* the first mover (P1 at even turns) accepts the other's standing offer, made at
        // t* − 1, if it already meets its target; otherwise it proposes and the responder accepts.
        let x_star = if t_star % 2 == 0 {
            let standing = x2(t_star - 1);
            if standing >= 1.0 - tau(t_star).powf(1.0 / b1) - 1e-9 {
                standing
            } else {
                x1(t_star)
            }
        } else {
            let standing = x1(t_star - 1);
            if 1.0 - standing >= 1.0 - tau(t_star).powf(1.0 / b2) - 1e-9 {
                standing
            } else {
                x2(t_star)
            }
        };
        let o = Simulation::new(&m, 1, 0).run();
        let (t, p) = o.issues[0].expect("time-dependent agents always agree by the deadline");
        let x = m.scenario.issues[0].value(p);
        assert_eq!(t, t_star, "β = ({b1}, {b2})");
        assert!(
            (x - x_star).abs() < 1e-9,
            "β = ({b1}, {b2}): {x} vs {x_star}"
        );
        // Utilities: each side's share, discounted to the agreement turn.
        let d = 0.99f64.powi(t as i32);
        assert!((o.payoffs[0] - d * x).abs() < 1e-9, "{:?}", o.payoffs);
        assert!(
            (o.payoffs[1] - d * (1.0 - x)).abs() < 1e-9,
            "{:?}",
            o.payoffs
        );
    }
    // The textbook cases: two linear agents meet half-way at turn 50; Boulware β = ½ at turn 71.
    let o = Simulation::new(&pie(&td(1.0), &td(1.0)), 1, 0).run();
    assert_eq!(o.issues[0], Some((50, Pos::new(50))));
    let o = Simulation::new(&pie(&td(0.5), &td(0.5)), 1, 0).run();
    assert_eq!(o.issues[0], Some((71, Pos::new(50))));
}

#[test]
fn boulware_holds_out_longer_than_conceder() {
    let turn = |s: &str| Simulation::new(&pie(s, s), 1, 0).run().issues[0].unwrap().0;
    let (b, l, c) = (
        turn("strategy = \"boulware\""),
        turn("strategy = \"linear\""),
        turn("strategy = \"conceder\""),
    );
    assert!(b > l && l > c, "boulware {b}, linear {l}, conceder {c}");
}

#[test]
fn tit_for_tat_mirrors_the_other_sides_concessions() {
    // P1 concedes linearly; P2 plays tit-for-tat. P2's position must be exactly P1's total concession
    // as P2 saw it when it moved: this turn's offer when P1 moved first (even turns), last turn's
    // when P2 moved first.
    for tft in ["tit_for_tat", "tit_for_tat_absolute"] {
        let m = pie(&td(1.0), &format!("strategy = \"{tft}\""));
        let mut sim = Simulation::new(&m, 1, 0);
        let (issue, p1, p2) = (IssueIx::new(0), PartyIx::new(0), PartyIx::new(1));
        let mut x1_prev = sim.position(issue, p1).get();
        let mut moved = 0;
        loop {
            let t = sim.turn();
            let done = sim.step();
            let (x1, x2) = (sim.position(issue, p1).get(), sim.position(issue, p2).get());
            if done {
                break;
            }
            let seen = if t % 2 == 0 { x1 } else { x1_prev };
            assert_eq!(x2, 100 - seen, "{tft}, turn {t}: P1 at {x1}, P2 at {x2}");
            if x2 > 0 {
                moved += 1;
            }
            x1_prev = x1;
        }
        assert!(moved > 10, "{tft} should have conceded along");
        // Mirroring meets in the middle.
        let o = Simulation::new(&m, 1, 0).run();
        let (t, p) = o.issues[0].unwrap();
        assert!(
            (49..=51).contains(&p.get()),
            "{tft}: settles at {p} (turn {t})"
        );
    }
}

#[test]
fn tit_for_tat_never_concedes_first() {
    let m = pie("strategy = \"tit_for_tat\"", "strategy = \"tit_for_tat\"");
    let o = Simulation::new(&m, 1, 0).run();
    assert_eq!(o.end_reason, EndReason::Horizon);
}

#[test]
fn hardliner_gets_its_way_against_a_time_dependent_agent_at_the_deadline() {
    let m = pie("strategy = \"hardliner\"", &td(1.0));
    let o = Simulation::new(&m, 1, 0).run();
    assert_eq!(o.issues[0], Some((100, Pos::new(100))));
}

#[test]
fn spe_agent_accepts_what_rubinstein_says_against_any_proposer() {
    // The responder's threshold: an SPE P2 accepts a linear P1's offer as soon as it is worth
    // δ₂·V₂ = δ/(1 + δ) to P2.
    let m = pie(&td(1.0), "strategy = \"spe\"");
    let o = Simulation::new(&m, 1, 0).run();
    let (t, p) = o.issues[0].unwrap();
    let x = m.scenario.issues[0].value(p);
    assert!(1.0 - x >= 0.99 / 1.99 - 1e-9, "P2 got {}", 1.0 - x);
    assert!(t < 60, "agreement at {t}");
}

#[test]
fn bilateral_workload_settles_every_issue_with_boulware() {
    let m = load(BILATERAL, &[]);
    let o = Simulation::new(&m, 1, 0).run();
    assert_eq!(o.end_reason, EndReason::Agreed);
    // Equal β = 1/4 on a 10-value grid: 2·τ⁴ ≥ 1 at τ ≥ 0.841, i.e. turn 84 of 99 on the
    // continuous scale; the grid moves it by at most a few turns.
    let t = o.agreements[0].unwrap();
    assert!((80..=92).contains(&t), "agreed at turn {t}");
    for i in 0..4 {
        let (_, p) = o.issues[i].unwrap();
        assert!((3..=6).contains(&p.get()), "issue {i} settled at v{p}");
    }
    assert!(
        o.payoffs.iter().all(|&u| u > 0.3 && u < 0.7),
        "{:?}",
        o.payoffs
    );
}

#[test]
fn logit_approaches_uniform_as_lambda_falls_and_best_response_as_it_grows() {
    let eu = [0.4, 0.1, -0.2, 0.35];
    let mut p = Vec::new();
    let mut prev_dev = f64::INFINITY;
    for lambda in [10.0, 1.0, 0.1, 0.01, 0.001, 0.0] {
        strategy::logit::probabilities(&eu, lambda, &mut p);
        let dev = p.iter().map(|x| (x - 0.25).abs()).fold(0.0, f64::max);
        assert!(dev < prev_dev || dev == 0.0, "λ = {lambda}: {dev}");
        prev_dev = dev;
    }
    assert!(prev_dev < 1e-12);
    let mut prev_best = 0.0;
    for lambda in [1.0, 10.0, 100.0, 1000.0, 1e5] {
        strategy::logit::probabilities(&eu, lambda, &mut p);
        assert!(p[0] > prev_best || p[0] == 1.0, "λ = {lambda}: {}", p[0]);
        prev_best = p[0];
    }
    assert!(prev_best > 1.0 - 1e-12);
    // The closed form at every λ.
    for lambda in [0.5, 3.0, 20.0] {
        strategy::logit::probabilities(&eu, lambda, &mut p);
        let z: f64 = eu.iter().map(|u| (lambda * u).exp()).sum();
        for (i, u) in eu.iter().enumerate() {
            assert!((p[i] - (lambda * u).exp() / z).abs() < 1e-12);
        }
    }
}

#[test]
fn logit_choices_in_the_engine_follow_the_closed_form() {
    // The engine's stall/concede/accept choice: over many seeds, the share of runs whose first
    // decision was each move matches the logit probabilities the trace reports for it.
    let m = Model::new(Scenario::from_toml("mini.toml", MINIMAL).unwrap());
    let n = 2000;
    let mut expected = Vec::new();
    let mut counts = Vec::new();
    for r in 0..n {
        let (_, tr) = Simulation::new(&m, 9, r).run_traced();
        let Some(armistice::engine::trace::Entry::Decision {
            options, chosen, ..
        }) = tr
            .iter()
            .find(|e| matches!(e, armistice::engine::trace::Entry::Decision { .. }))
        else {
            panic!("no decision in run {r}");
        };
        if expected.is_empty() {
            expected = options.iter().map(|o| o.probability).collect();
            counts = vec![0usize; options.len()];
        }
        counts[*chosen] += 1;
    }
    for (i, p) in expected.iter().enumerate() {
        let f = counts[i] as f64 / n as f64;
        let sd = (p * (1.0 - p) / n as f64).sqrt().max(1e-9);
        assert!((f - p).abs() < 5.0 * sd + 1e-9, "move {i}: {f} vs {p}");
    }
}

#[test]
fn tournament_prints_a_table_and_writes_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let o = armistice()
        .args([
            "tournament",
            BILATERAL,
            "--strategies",
            "boulware,linear,conceder",
        ])
        .args(["--runs", "3", "--out"])
        .arg(&out)
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("boulware:0.25") && text.contains("mean utility"),
        "{text}"
    );
    let csv = std::fs::read_to_string(out.join("tournament.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 9, "{csv}");
    assert_eq!(
        lines[0],
        "strategy.A,strategy.B,runs,agreement_rate,mean_agreement_turn,utility.A,utility.B,payoff.A,payoff.B"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("tournament.json")).unwrap())
            .unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 9);
    assert_eq!(json["scores"].as_array().unwrap().len(), 3);
    // Time-dependent agents always agree; a Conceder concedes sooner than a Boulware.
    for r in json["rows"].as_array().unwrap() {
        assert_eq!(r["agreement_rate"], 1.0);
    }
    let turn = |s: &str| {
        json["scores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["strategy"] == s)
            .unwrap()["mean_agreement_turn"]
            .as_f64()
            .unwrap()
    };
    assert!(turn("conceder:4") < turn("boulware:0.25"));
    // --json prints the same tournament.
    let o = armistice()
        .args([
            "tournament",
            BILATERAL,
            "--strategies",
            "boulware,linear,conceder",
        ])
        .args(["--runs", "3", "--json"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, json);
}

#[test]
fn tournament_is_deterministic_and_thread_independent() {
    let s = Scenario::load(repo(TOY).to_str().unwrap(), &[]).unwrap();
    let seats = armistice::analysis::tournament::default_seats(&s);
    assert_eq!(seats.len(), 2);
    let st = [
        strategy::StrategySpec::Logit,
        strategy::StrategySpec::Random,
        strategy::StrategySpec::TimeDependent { beta: 0.25 },
    ];
    let play = || {
        let plan = armistice::batch::Plan::new(armistice::batch::Runs::new(20).unwrap(), 3);
        let cancel = std::sync::atomic::AtomicBool::new(false);
        armistice::analysis::tournament::play(&s, &seats, &st, plan, &cancel, &mut |_, _| {})
            .unwrap()
    };
    let a = play();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let b = pool.install(play);
    assert_eq!(a, b);
    assert_eq!(a.rows.len(), 9);
}

#[test]
fn tournament_rejects_unknown_strategies_and_actors() {
    armistice()
        .args(["tournament", TOY, "--strategies", "logit,bogus"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("known strategies"));
    armistice()
        .args([
            "tournament",
            TOY,
            "--strategies",
            "logit",
            "--actors",
            "Nobody",
        ])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("known actors"));
}

#[test]
fn strategy_parameters_are_validated_with_a_hint() {
    let bad = MINIMAL.replace(
        "id = \"a\"\nside = \"A\"",
        "id = \"a\"\nside = \"A\"\nstrategy = \"boulware\"\nexponent = 3.0",
    );
    let e = Scenario::from_toml("bad.toml", &bad)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("strategy `boulware` with this `exponent`"),
        "{e}"
    );
    assert!(e.contains("conceder"), "{e}");
    let ok = MINIMAL.replace(
        "id = \"a\"\nside = \"A\"",
        "id = \"a\"\nside = \"A\"\nstrategy = \"time_dependent\"\nexponent = 3.0",
    );
    let s = Scenario::from_toml("ok.toml", &ok).unwrap();
    assert_eq!(
        s.actors[0].strategy,
        strategy::StrategySpec::TimeDependent { beta: 3.0 }
    );
}

// ---- The decision model against bargaining theory (issue 15) ----

/// Two players split a pie on a 0.0001 grid, P1 offering first, both best-responding with discount
/// `delta`; `extra` is appended to the file (events, outside options).
fn pie_game(delta: f64, p2_pie: &str, extra: &str) -> Model {
    let text = format!(
        r#"
[scenario]
id = "pie"
horizon = 400

[[dimension]]
id = "pie"

[[side]]
id = "S1"
lead = "P1"

[[side]]
id = "S2"
lead = "P2"

[[actor]]
id = "P1"
side = "S1"
discount = {delta}
strategy = "spe"
weights = {{ pie = 1.0 }}

[[actor]]
id = "P2"
side = "S2"
discount = {delta}
strategy = "spe"
weights = {{ pie = 1.0 }}

[[issue]]
id = "split"
min = 0.0
max = 1.0
step = 0.0001
effects = {{ P1 = {{ pie = "x" }}, P2 = {{ pie = "{p2_pie}" }} }}

[[agreement]]
id = "deal"
issues = ["split"]
{extra}
"#
    );
    Model::new(Scenario::from_toml("pie.toml", &text).unwrap_or_else(|e| panic!("{e}")))
}

/// Where run 0 settles: (turn, P1's share).
fn settle_run0(m: &Model) -> (u32, f64) {
    let o = Simulation::new(m, 1, 0).run();
    let (t, p) = o.issues[0].expect("the split settles");
    (t, m.scenario.issues[0].value(p))
}

#[test]
fn logit_players_reach_the_rubinstein_split_as_precision_grows() {
    // Agent quantal response equilibrium converges to the subgame-perfect split (McKelvey & Palfrey
    // 1998): at λ = 10⁶ the first mover's share is 1/(1 + δ) to the grid.
    for delta in [0.9, 0.5] {
        let ov = [
            "actor.P1.strategy=\"logit\"",
            "actor.P2.strategy=\"logit\"",
            "actor.P1.lambda=1000000",
            "actor.P2.lambda=1000000",
            &format!("actor.P1.discount={delta}"),
            &format!("actor.P2.discount={delta}"),
        ]
        .map(|s| Override::parse(s).unwrap());
        let m = Model::new(
            Scenario::load(
                repo("scenarios/theory/rubinstein.toml").to_str().unwrap(),
                &ov,
            )
            .unwrap(),
        );
        let (t, x) = settle_run0(&m);
        let theory = 1.0 / (1.0 + delta);
        assert_eq!(t, 0, "δ = {delta}: agreement is immediate");
        assert!((x - theory).abs() < 1e-3, "δ = {delta}: {x} vs {theory}");
    }
}

#[test]
fn a_risk_of_breakdown_works_like_impatience() {
    // Binmore, Rubinstein & Wolinsky (1986): with a probability p per turn that the talks break down
    // for good (a foreseen hazard ending the run, both getting nothing), the first mover's share is
    // 1/(1 + δ(1 − p)); with δ → 1 it is 1/(2 − p). The hazard can strike before the first offer, so
    // the first run that survives turn 0 is the one measured.
    let delta = 0.99999;
    for p in [0.3, 0.1, 0.01] {
        let extra = format!(
            r#"
[[event]]
id = "breakdown"
probability = {p}
effects = [{{ op = "end" }}]
"#
        );
        let m = pie_game(delta, "1 - x", &extra);
        let (t, x) = (0..50)
            .find_map(|r| {
                let o = Simulation::new(&m, 1, r).run();
                let (t, q) = o.issues[0]?;
                Some((t, m.scenario.issues[0].value(q)))
            })
            .expect("some run survives turn 0");
        let theory = 1.0 / (1.0 + delta * (1.0 - p));
        assert_eq!(t, 0, "p = {p}: agreement is immediate");
        assert!((x - theory).abs() < 1e-3, "p = {p}: {x} vs {theory}");
    }
}

#[test]
fn an_outside_option_matters_only_when_it_beats_what_the_talks_give() {
    // The outside option principle (Binmore, Shaked & Sutton 1989): P2 may walk away with w. Below
    // its Rubinstein share δ/(1 + δ) ≈ 0.4737 the option changes nothing; above it, P2 gets w.
    let delta = 0.9;
    let rubinstein = 1.0 / (1.0 + delta);
    for w in [0.1, 0.3, 0.45, 0.6, 0.8] {
        let extra = format!(
            r#"
[[outside_option]]
id = "walk"
actor = "P2"
value = {{ pie = {w} }}
"#
        );
        let m = pie_game(delta, "1 - x", &extra);
        let (t, x) = settle_run0(&m);
        let theory = if w <= delta / (1.0 + delta) {
            rubinstein
        } else {
            1.0 - w
        };
        assert_eq!(t, 0, "w = {w}: agreement is immediate");
        assert!(
            (x - theory).abs() < 2e-3,
            "w = {w}: P1 gets {x}, theory {theory}"
        );
    }
}

#[test]
fn nobody_accepts_a_deal_worse_than_no_deal() {
    // P2's payoff 1 − 2x is negative above x = 0.5, and no deal is worth 0 to both: whatever is
    // agreed leaves P2 at least its disagreement value (issue 15: the old model settled at 0.526).
    // With these payoffs the alternating-offers split has P1 at 1/(2(1 + δ)) ≈ 0.263.
    let m = pie_game(0.9, "1 - 2*x", "");
    let (_, x) = settle_run0(&m);
    assert!(1.0 - 2.0 * x >= -1e-9, "P2 is left with {}", 1.0 - 2.0 * x);
    let theory = 1.0 / (2.0 * 1.9);
    assert!((x - theory).abs() < 1e-3, "{x} vs {theory}");
}

#[test]
fn best_responding_players_logroll_the_bilateral_workload_to_an_efficient_package() {
    // With both leads best-responding (spe, or logit at λ = 10⁹), the four linked issues settle at the
    // same package, each side taking the issues it weighs most: a package no other of the 10⁴ makes
    // both sides better off with (the old model settled every issue at the middle, (4,4,4,4),
    // Pareto-dominated).
    let package = |strategy: &str| {
        let m = load(
            BILATERAL,
            &[
                format!("actor.A.strategy=\"{strategy}\""),
                format!("actor.B.strategy=\"{strategy}\""),
                "actor.A.lambda=1000000000".into(),
                "actor.B.lambda=1000000000".into(),
            ],
        );
        let o = Simulation::new(&m, 1, 0).run();
        assert_eq!(o.end_reason, EndReason::Agreed);
        let p: Vec<u32> = o.issues.iter().map(|x| x.unwrap().1.get()).collect();
        (m, p)
    };
    let (m, spe) = package("spe");
    let (_, logit) = package("logit");
    assert_eq!(spe, logit, "logit at λ = 10⁹ settles where spe does");
    // Option k of every issue gives A k/9 and B 1 − k/9 of that issue's dimension.
    let s = &m.scenario;
    let w = |actor: &str, i: usize| s.actors[s.actor(actor).unwrap()].weights[i];
    let utils = |p: &[u32]| -> (f64, f64) {
        (0..4).fold((0.0, 0.0), |(a, b), i| {
            let x = f64::from(p[i]) / 9.0;
            (a + w("A", i) * x, b + w("B", i) * (1.0 - x))
        })
    };
    let (ua, ub) = utils(&spe);
    for code in 0..10_000u32 {
        let q = [code % 10, code / 10 % 10, code / 100 % 10, code / 1000];
        let (qa, qb) = utils(&q);
        assert!(
            !(qa >= ua + 1e-9 && qb >= ub + 1e-9),
            "{q:?} ({qa:.3}, {qb:.3}) dominates the settled {spe:?} ({ua:.3}, {ub:.3})"
        );
    }
}
