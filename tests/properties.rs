//! Property tests over generated valid scenarios (proptest): whatever the actors, issues, weights,
//! flows, vetoes, hazards and actions, every run ends within its horizon with finite payoffs, every
//! probability the strategies use lies in [0, 1], no issue settles over a veto, the same seed gives
//! the same run, and a batch split into shards and merged equals the whole.

use std::fmt::Write;
use std::sync::atomic::AtomicBool;

use armistice::batch::{self, Plan};
use armistice::engine::trace::Entry;
use armistice::engine::{Model, Simulation};
use armistice::export::json::{self, Provenance};
use armistice::outcome::Summary;
use armistice::scenario::Scenario;
use proptest::prelude::*;

/// The shape of one generated scenario; [`Spec::toml`] writes it out as a scenario file.
#[derive(Clone, Debug)]
struct Spec {
    horizon: u32,
    /// Per actor: (side 0 or 1, discount, lambda, money weight, war weight, vetoes its side).
    actors: Vec<(usize, f64, f64, f64, f64, bool)>,
    /// Per issue: None for continuous, or Some(per option, per actor effect).
    issues: Vec<Option<Vec<Vec<f64>>>>,
    /// Whether each issue gets its own agreement (else one agreement bundles them all).
    separate: bool,
    /// Per side: war cost per turn while not agreed.
    war_cost: [f64; 2],
    noise: f64,
    hazard: f64,
    credibility: f64,
}

fn actor() -> impl Strategy<Value = (usize, f64, f64, f64, f64, bool)> {
    (
        0usize..2,
        0.8f64..0.999,
        0.0f64..60.0,
        0.0f64..2.0,
        0.0f64..2.0,
        any::<bool>(),
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..=4, 1usize..=3).prop_flat_map(|(na, ni)| {
        let issue = prop_oneof![
            Just(None),
            (2usize..=4)
                .prop_flat_map(move |no| {
                    proptest::collection::vec(proptest::collection::vec(-1.0f64..1.0, na), no)
                })
                .prop_map(Some),
        ];
        (
            3u32..40,
            proptest::collection::vec(actor(), na),
            proptest::collection::vec(issue, ni),
            any::<bool>(),
            (0.0f64..0.1, 0.0f64..0.1),
            0.0f64..0.05,
            0.0f64..0.3,
            0.0f64..=1.0,
        )
            .prop_map(
                |(horizon, actors, issues, separate, war, noise, hazard, credibility)| Spec {
                    horizon,
                    actors,
                    issues,
                    separate,
                    war_cost: [war.0, war.1],
                    noise,
                    hazard,
                    credibility,
                },
            )
    })
}

impl Spec {
    fn toml(&self) -> String {
        let mut t = String::new();
        let side = ["A", "B"];
        // Actors 0 and 1 lead sides A and B; the others join the side drawn for them.
        let side_of = |a: usize| if a < 2 { a } else { self.actors[a].0 };
        let _ = writeln!(
            t,
            "[scenario]\nid = \"gen\"\nhorizon = {}\n\n[[dimension]]\nid = \"money\"\n\n[[dimension]]\nid = \"war\"\n",
            self.horizon
        );
        let _ = writeln!(
            t,
            "[[state]]\nid = \"front\"\ninitial = 0.5\nmin = 0.0\nmax = 1.0\nnoise = {}\n",
            self.noise
        );
        for (s, name) in side.iter().enumerate() {
            let vetoes: Vec<String> = (2..self.actors.len())
                .filter(|&a| side_of(a) == s && self.actors[a].5)
                .map(|a| format!("\"a{a}\""))
                .collect();
            let _ = writeln!(
                t,
                "[[side]]\nid = \"{name}\"\nlead = \"a{s}\"\nveto = [{}]\n",
                vetoes.join(", ")
            );
        }
        for (a, (_, d, l, wm, ww, _)) in self.actors.iter().enumerate() {
            let _ = writeln!(
                t,
                "[[actor]]\nid = \"a{a}\"\nside = \"{}\"\ndiscount = {d}\nlambda = {l}\nweights = {{ money = {wm}, war = {ww} }}\n",
                side[side_of(a)]
            );
        }
        for (i, issue) in self.issues.iter().enumerate() {
            match issue {
                None => {
                    let effects: Vec<String> = (0..self.actors.len())
                        .map(|a| {
                            let e = if side_of(a) == 0 {
                                "x * front"
                            } else {
                                "1 - x"
                            };
                            format!("a{a} = {{ money = \"{e}\" }}")
                        })
                        .collect();
                    let _ = writeln!(
                        t,
                        "[[issue]]\nid = \"i{i}\"\nmin = 0.0\nmax = 1.0\nstep = 0.25\neffects = {{ {} }}\n",
                        effects.join(", ")
                    );
                }
                Some(options) => {
                    let _ = writeln!(t, "[[issue]]\nid = \"i{i}\"\n");
                    for (o, per_actor) in options.iter().enumerate() {
                        let effects: Vec<String> = per_actor
                            .iter()
                            .enumerate()
                            .map(|(a, v)| format!("a{a} = {{ money = {v} }}"))
                            .collect();
                        let _ = writeln!(
                            t,
                            "[[issue.options]]\nid = \"o{o}\"\neffects = {{ {} }}\n",
                            effects.join(", ")
                        );
                    }
                }
            }
        }
        let agreements: Vec<(String, Vec<usize>)> = if self.separate {
            (0..self.issues.len())
                .map(|i| (format!("g{i}"), vec![i]))
                .collect()
        } else {
            vec![("deal".into(), (0..self.issues.len()).collect())]
        };
        for (g, issues) in &agreements {
            let list: Vec<String> = issues.iter().map(|i| format!("\"i{i}\"")).collect();
            let _ = writeln!(
                t,
                "[[agreement]]\nid = \"{g}\"\nissues = [{}]\n",
                list.join(", ")
            );
        }
        let all_agreed: Vec<String> = agreements
            .iter()
            .map(|(g, _)| format!("agreed({g})"))
            .collect();
        for (s, name) in side.iter().enumerate() {
            let _ = writeln!(
                t,
                "[[flow]]\nid = \"war_{name}\"\nto = \"{name}\"\ndimension = \"war\"\nvalue = {}\nwhen = \"not ({})\"\n",
                -self.war_cost[s],
                all_agreed.join(" and ")
            );
        }
        // A hazard that lifts a veto (or moves the front if nobody vetoes).
        let veto_player = (2..self.actors.len()).find(|&a| self.actors[a].5);
        let effect = match veto_player {
            Some(a) => format!("{{ op = \"remove_veto\", issue = \"i0\", actor = \"a{a}\" }}"),
            None => "{ op = \"add_state\", state = \"front\", value = 0.1 }".to_string(),
        };
        let _ = writeln!(
            t,
            "[[event]]\nid = \"shock\"\nprobability = {}\neffects = [{effect}]\n",
            self.hazard
        );
        let _ = writeln!(
            t,
            "[[action]]\nid = \"push\"\nactor = \"a0\"\nkind = \"pressure\"\ncredibility = {}\ncost = {{ war = 0.01 }}\neffects = [{{ op = \"add_state\", state = \"front\", value = 0.05, sd = 0.02 }}]\n",
            self.credibility
        );
        t
    }

    fn model(&self) -> Model {
        let text = self.toml();
        match Scenario::from_toml("generated.toml", &text) {
            Ok(s) => Model::new(s),
            Err(e) => panic!("generated scenario does not validate:\n{e}\n{text}"),
        }
    }
}

/// Checks the chronicle: probabilities in [0, 1], and no settlement right after a veto was cast
/// (a blocked attempt always ends with a `Veto` entry before anything else can settle the issue).
fn check_chronicle(trace: &[Entry]) -> Result<(), TestCaseError> {
    let mut blocked: Vec<String> = Vec::new();
    for e in trace {
        match e {
            Entry::Decision {
                about,
                options,
                chosen,
                ..
            } => {
                for o in options {
                    prop_assert!(
                        (0.0..=1.0).contains(&o.probability),
                        "probability {} of `{}`",
                        o.probability,
                        o.option
                    );
                    if let Some(p) = o.accept_probability {
                        prop_assert!((0.0..=1.0).contains(&p), "accept probability {p}");
                    }
                    prop_assert!(!o.eu.is_nan(), "NaN expected utility for `{}`", o.option);
                }
                let total: f64 = options.iter().map(|o| o.probability).sum();
                prop_assert!((total - 1.0).abs() < 1e-6, "probabilities sum to {total}");
                if let Some(issue) = about.strip_prefix("veto on ") {
                    if options[*chosen].option == "veto" {
                        blocked.push(issue.to_string());
                    }
                }
            }
            Entry::Veto { issue, .. } => blocked.retain(|b| b != issue),
            Entry::Settled { issue, turn, .. } => {
                prop_assert!(
                    !blocked.contains(issue),
                    "issue `{issue}` settled in turn {turn} although a veto player vetoed it"
                );
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_scenarios_run_soundly(spec in spec(), seed in any::<u64>(), run in 0u64..1000) {
        let m = spec.model();
        let max = m.scenario.clock.max_turns;
        let (o, trace) = Simulation::new(&m, seed, run).run_traced();
        prop_assert!(o.turns <= max, "{} turns of {max}", o.turns);
        prop_assert!(o.turns >= 1);
        prop_assert!(o.payoffs.iter().all(|p| p.is_finite()), "payoffs {:?}", o.payoffs);
        prop_assert!(o.states.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)), "states {:?}", o.states);
        for x in o.issues.iter().flatten() {
            prop_assert!(x.0 < o.turns);
        }
        check_chronicle(&trace)?;
        // The same seed gives the same run, traced or not.
        let (again, trace_again) = Simulation::new(&m, seed, run).run_traced();
        prop_assert_eq!(&o, &again);
        prop_assert_eq!(&trace, &trace_again);
        prop_assert_eq!(&o, &Simulation::new(&m, seed, run).run());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn shards_merged_equal_the_whole(
        spec in spec(),
        seed in any::<u64>(),
        n in 2u64..=4,
        cut in 1u64..(3 * batch::BLOCK + 17),
        spans in any::<bool>(),
    ) {
        let m = spec.model();
        // Three blocks and a bit, so that every split cuts somewhere.
        let runs = 3 * batch::BLOCK + 17;
        let cancel = AtomicBool::new(false);
        let run = |shard, span| {
            let mut sink = batch::SummarySink::new(&m.scenario, true);
            let plan = Plan { runs, seed, shard, span };
            batch::run(&m, &plan, &mut sink, &cancel, &mut |_, _| {}).unwrap();
            sink.finish().0
        };
        let whole = run(None, None);
        let mut merged = Summary::new(&m.scenario);
        if spans {
            // Parts cut at any run (the explorer's workers), not only at a block's edge.
            merged.merge(&run(None, Some((0, cut))));
            merged.merge(&run(None, Some((cut, runs))));
        } else {
            for k in 0..n {
                merged.merge(&run(Some((k, n)), None));
            }
        }
        prop_assert_eq!(merged.runs, runs);
        // Compare what is written (summary.json). The in-memory sketches also carry a float `sum`
        // of their own, which depends on the order of merging and which no output reads.
        let prov = Provenance { seed, runs, command: String::new() };
        let text = |s: &Summary| json::to_text(&json::summary(&m.scenario, s, &prov));
        prop_assert_eq!(text(&whole), text(&merged));
        prop_assert_eq!(&whole.turns, &merged.turns);
        prop_assert_eq!(&whole.issue_positions, &merged.issue_positions);
        prop_assert_eq!(&whole.event_dates, &merged.event_dates);
        for (a, b) in whole.paths.iter().zip(&merged.paths) {
            prop_assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                prop_assert_eq!(x.count(), y.count());
                prop_assert_eq!(x.mean(), y.mean());
                prop_assert_eq!(x.quantile(0.1), y.quantile(0.1));
                prop_assert_eq!(x.quantile(0.9), y.quantile(0.9));
            }
        }
    }
}
