//! The Korean world's mechanisms, checked statistically over seeded runs: directions and shares, not
//! dates. Each test names the mechanism of docs/history.md (section 4) or docs/counterfactuals.md it
//! stands for, and can fail if the scenario stops working through it.

use armistice::Scenario;
use armistice::engine::{Model, Simulation};
use armistice::outcome::RunOutcome;
use armistice::scenario::Override;

const RUNS: u64 = 120;

fn runs_with(name: &str, sets: &[&str]) -> (Model, Vec<RunOutcome>) {
    let ov: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    let m = Model::new(Scenario::load(name, &ov).unwrap_or_else(|e| panic!("{name}:\n{e}")));
    let out = (0..RUNS)
        .map(|r| Simulation::new(&m, 1953, r).run())
        .collect();
    (m, out)
}

fn runs(name: &str) -> (Model, Vec<RunOutcome>) {
    runs_with(name, &[])
}

/// Median turn of an agreement over all runs, a run that never reaches it counting at the horizon.
fn median_turn(m: &Model, rs: &[RunOutcome], agreement: &str) -> u32 {
    let g = m.scenario.agreement(agreement).unwrap();
    let mut t: Vec<u32> = rs
        .iter()
        .map(|o| o.agreements[g].unwrap_or(m.scenario.clock.max_turns))
        .collect();
    t.sort_unstable();
    t[t.len() / 2]
}

fn share<F: Fn(&RunOutcome) -> bool>(rs: &[RunOutcome], f: F) -> f64 {
    rs.iter().filter(|o| f(o)).count() as f64 / rs.len() as f64
}

/// Share of runs in which the issue settled on the option.
fn option_share(m: &Model, rs: &[RunOutcome], issue: &str, option: &str) -> f64 {
    let i = m.scenario.issue(issue).unwrap();
    let q = m.scenario.issues[i]
        .positions
        .iter()
        .position(|p| p == option)
        .unwrap_or_else(|| panic!("{issue} has no option {option}"));
    share(rs, |o| matches!(o.issues[i], Some((_, p)) if p.ix() == q))
}

#[test]
fn only_the_senates_forbid_is_left_and_it_cites_its_source() {
    // Issue 16, item 1: terms come from payoffs. The one hard constraint a source states is the
    // Senate's refusal of automatic intervention.
    let s = Scenario::load("korea_1951", &[]).unwrap();
    let forbids: Vec<(&str, usize)> = s
        .issues
        .iter()
        .filter(|i| !i.forbid.is_empty())
        .map(|i| (i.id.as_str(), i.forbid.len()))
        .collect();
    assert_eq!(forbids, vec![("defense_pact", 1)]);
    let raw = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/korea_1951.toml"),
    )
    .unwrap();
    let line = raw.lines().find(|l| l.starts_with("forbid = ")).unwrap();
    assert!(line.contains("source = \"@seed002\""), "{line}");
}

#[test]
fn the_pow_item_is_settled_last_and_the_uncs_line_is_reachable() {
    // Moscow's stake is in the POW item (its only veto), so Items 3 and 5 settle first; and the
    // terms the UNC ended with (the commission in Korea) or wanted in 1952 (voluntary repatriation)
    // are reached by choice, nothing forbidding the others.
    let (m, rs) = runs("korea_1951");
    let issue = |id: &str| m.scenario.issue(id).unwrap();
    let (pow, sup, conf) = (
        issue("pow"),
        issue("supervision"),
        issue("political_conference"),
    );
    let last = share(&rs, |o| {
        match (o.issues[pow], o.issues[sup], o.issues[conf]) {
            (Some((p, _)), Some((s, _)), Some((c, _))) => p > s && p > c,
            _ => false,
        }
    });
    assert!(last >= 0.7, "POW last in {last} of the runs");
    let unc = option_share(&m, &rs, "pow", "nnrc") + option_share(&m, &rs, "pow", "voluntary");
    assert!(unc > 0.05, "the UNC's lines in {unc} of the runs");
    let (mf, free) = runs("no_pow_stall");
    assert!(
        option_share(&mf, &free, "pow", "voluntary") > 0.5,
        "without the Soviet stall the UNC's 1952 line should win most runs"
    );
}

#[test]
fn removing_a_soviet_gain_from_the_stall_never_delays_the_armistice() {
    // Comparative statics (issue 15) on the Soviet side: taking away Moscow's hold on a PRC bound by
    // its aid, the whole linkage, or the POW veto must not make the armistice later.
    let (mb, base) = runs("korea_1951");
    let b = median_turn(&mb, &base, "armistice");
    for cf in ["no_aid_linkage", "no_pow_stall"] {
        let (m, rs) = runs(cf);
        let t = median_turn(&m, &rs, "armistice");
        assert!(t <= b, "{cf}: median turn {t} is later than the base's {b}");
    }
    let (m, rs) = runs_with("korea_1951", &["flow.aid_binds_china.value=0.0"]);
    let t = median_turn(&m, &rs, "armistice");
    assert!(
        t <= b,
        "without Moscow's hold on Beijing: {t} later than {b}"
    );
    let (m, rs) = runs_with("korea_1951", &["issue.pow.parties.1.veto=[]"]);
    assert!(
        median_turn(&m, &rs, "armistice") + 52 < b,
        "without the Soviet veto on the POW item the armistice comes more than a year sooner"
    );
}

#[test]
fn stalins_death_changes_what_moscow_wants_and_its_veto_gives_way_by_choice() {
    // Issue 16, item 2: the death is an input; the veto stays, and what ends the war is Moscow's line.
    let (m, rs) = runs("korea_1951");
    let death = m.scenario.event("stalin_death").unwrap();
    let g = m.scenario.agreement("armistice").unwrap();
    let pow = m.scenario.issue("pow").unwrap();
    // The USSR keeps its veto on the POW item: nothing in the scenario removes it.
    let com = &m.scenario.issues[pow].parties[1];
    assert!(!com.veto.is_empty(), "the USSR's veto on Item 4");
    let died = rs.iter().filter(|o| o.events[death].is_some()).count();
    assert!(
        died > 60,
        "Stalin's death should come before the end in most runs"
    );
    let after = rs
        .iter()
        .filter(|o| matches!((o.events[death], o.agreements[g]), (Some(d), Some(t)) if t > d))
        .count();
    assert!(after as f64 / died as f64 > 0.5, "{after} of {died}");
    // With Stalin alive, fewer runs reach an armistice.
    let (ml, lives) = runs("stalin_lives");
    let gl = ml.scenario.agreement("armistice").unwrap();
    assert!(
        share(&lives, |o| o.agreements[gl].is_some()) < share(&rs, |o| o.agreements[g].is_some())
    );
    // "Little change" after the death (the successors keep Stalin's line): fewer armistices, and none
    // earlier than in the base.
    let (mc, little) = runs_with(
        "korea_1951",
        &[
            "event.stalin_death.effects.0.value=0.0",
            "event.successors_change_line.effects.0.value=0.0",
        ],
    );
    let gc = mc.scenario.agreement("armistice").unwrap();
    assert!(
        share(&little, |o| o.agreements[gc].is_some()) < share(&rs, |o| o.agreements[g].is_some())
    );
    assert!(median_turn(&mc, &little, "armistice") >= median_turn(&m, &rs, "armistice"));
}

#[test]
fn a_faster_change_of_line_after_the_death_never_delays_the_armistice() {
    let (mb, base) = runs("korea_1951");
    let (mf, fast) = runs_with(
        "korea_1951",
        &["event.successors_change_line.probability=0.4"],
    );
    assert!(median_turn(&mf, &fast, "armistice") <= median_turn(&mb, &base, "armistice"));
}

#[test]
fn eisenhowers_threat_works_through_moscow_and_never_delays_the_armistice() {
    let (mb, base) = runs("korea_1951");
    let b = median_turn(&mb, &base, "armistice");
    let (mn, none) = runs("no_eisenhower_threat");
    let n = median_turn(&mn, &none, "armistice");
    assert!(n >= b, "without the threat {n}, with it {b}");
    // Taking the escalation risk out of Moscow's gain alone gives the same later date.
    let (mu, ussr) = runs_with(
        "korea_1951",
        &["flow.long_war_gain_ussr.value=\"0.05 * soviet_line\""],
    );
    assert!(median_turn(&mu, &ussr, "armistice") >= b);
}

#[test]
fn in_no_rhee_release_the_release_never_happens() {
    let (m, rs) = runs("no_rhee_release");
    let a = m.scenario.action("rhee_pow_release").unwrap();
    assert!(rs.iter().all(|o| o.actions[a].is_none()));
    let (mb, base) = runs("korea_1951");
    let ab = mb.scenario.action("rhee_pow_release").unwrap();
    assert!(
        share(&base, |o| o.actions[ab].is_some()) > 0.5,
        "the base releases in most runs"
    );
}

#[test]
fn the_demarcation_line_moves_with_kims_hope() {
    // Seed 001: Kim holds to the 38th parallel while he hopes to unify Korea by force. More hope,
    // a later Item 2; none, an earlier one.
    let item2 = |sets: &[&str]| {
        let (m, rs) = runs_with("korea_1951", sets);
        let i = m.scenario.issue("demarcation").unwrap();
        let mut t: Vec<u32> = rs
            .iter()
            .map(|o| o.issues[i].map_or(m.scenario.clock.max_turns, |(t, _)| t))
            .collect();
        t.sort_unstable();
        t[t.len() / 2]
    };
    let (none, base, more) = (
        item2(&["flow.unification_hope.value=0.0"]),
        item2(&[]),
        item2(&["flow.unification_hope.value=0.4"]),
    );
    assert!(none <= base && base <= more, "{none} <= {base} <= {more}");
    assert!(none < more, "Kim's hope should move Item 2");
}
