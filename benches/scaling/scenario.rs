//! The synthetic stalemates that measure how cost grows with issues, actors and turns
//! (docs/performance.md, "How cost grows"): used by the criterion group `issue_scaling`
//! (`benches/engine.rs`) and by `benches/scaling/run.sh` (through `examples/scaling_scenario.rs`).
//!
//! Two sides; the first two actors lead them, the others are split between the sides as veto
//! players. Each issue has ten options with opposed linear payoffs. Both leads are hard-liners, so no
//! issue ever settles and every run plays all its turns: the cost per turn is that of a stalemate
//! turn, in which each lead still values staying, conceding one step and accepting (with every veto
//! player's consent) on every issue. One state variable with noise and one flow per actor keep the
//! valuations realistic.

use std::fmt::Write;

/// The scenario's TOML text: `issues` issues (at least 1), `actors` actors (at least 2), a horizon
/// of `horizon` turns.
pub fn scaling_scenario(issues: usize, actors: usize, horizon: u32) -> String {
    assert!(
        issues >= 1 && actors >= 2,
        "at least one issue and two actors"
    );
    let mut out: Vec<String> = Vec::new();
    out.push(format!(
        "[scenario]\nid = \"scaling_{issues}i_{actors}a_{horizon}t\"\n\
         title = \"Scaling probe: {issues} issues, {actors} actors, {horizon} turns\"\n\
         horizon = {horizon}\nruns = 100\nseed = 1\n"
    ));
    for i in 0..issues {
        out.push(format!("[[dimension]]\nid = \"d{i}\"\n"));
    }
    out.push("[[dimension]]\nid = \"war\"\n".into());
    let side = |k: usize| if k % 2 == 0 { "A" } else { "B" };
    for (s, lead) in [("A", 0), ("B", 1)] {
        let vetoes: Vec<String> = (2..actors)
            .filter(|&k| side(k) == s)
            .map(|k| format!("\"X{k}\""))
            .collect();
        out.push(format!(
            "[[side]]\nid = \"{s}\"\nlead = \"X{lead}\"\nveto = [{}]\n",
            vetoes.join(", ")
        ));
    }
    out.push(
        "[[state]]\nid = \"front\"\ninitial = 0.0\nmin = -1.0\nmax = 1.0\nnoise = 0.05\n".into(),
    );
    let weights: Vec<String> = (0..issues).map(|i| format!("d{i} = 1.0")).collect();
    for k in 0..actors {
        let strategy = if k < 2 { "hardliner" } else { "logit" };
        out.push(format!(
            "[[actor]]\nid = \"X{k}\"\nside = \"{}\"\ndiscount = 0.99\nstrategy = \"{strategy}\"\n\
             weights = {{ {}, war = 1.0 }}\n",
            side(k),
            weights.join(", ")
        ));
    }
    for i in 0..issues {
        out.push(format!("[[issue]]\nid = \"i{i}\"\nlabel = \"Issue {i}\"\n"));
        for v in 0..10 {
            let x = f64::from(v) / 9.0;
            let mut eff = String::new();
            for k in 0..actors {
                let u = if side(k) == "A" { x } else { 1.0 - x };
                let sep = if k == 0 { "" } else { ", " };
                let _ = write!(eff, "{sep}X{k} = {{ d{i} = {u:.6} }}");
            }
            out.push(format!(
                "[[issue.options]]\nid = \"v{v}\"\neffects = {{ {eff} }}\n"
            ));
        }
    }
    let ids: Vec<String> = (0..issues).map(|i| format!("\"i{i}\"")).collect();
    out.push(format!(
        "[[agreement]]\nid = \"deal\"\nlabel = \"The package\"\nissues = [{}]\n",
        ids.join(", ")
    ));
    for k in 0..actors {
        let sign = if side(k) == "A" { "-" } else { "" };
        out.push(format!(
            "[[flow]]\nid = \"cost_X{k}\"\nto = \"X{k}\"\ndimension = \"war\"\n\
             value = \"-0.01 + {sign}0.005 * front\"\nwhen = \"not agreed(deal)\"\n"
        ));
    }
    out.join("\n") + "\n"
}
