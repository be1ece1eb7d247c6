//! `armistice export-nfg`: the two leads' one-shot choice on an issue at a turn, as a Gambit
//! strategic-form game (`.nfg`).

use std::path::PathBuf;

use super::Spec;
use crate::engine::oneshot::OneShot;
use crate::engine::{Model, Simulation};
use crate::error::{Error, Result};
use crate::export;
use crate::scenario::{IssueIx, Override, Scenario};

/// Everything `armistice export-nfg` needs.
#[derive(Clone, Debug, Default)]
pub struct NfgConfig {
    /// The scenario.
    pub scenario: Spec,
    /// `--set` overrides.
    pub overrides: Vec<Override>,
    /// The turn at which the choice is made.
    pub turn: u32,
    /// The issue (default: the first two-party issue open at that turn).
    pub issue: Option<String>,
    /// Master seed (the scenario's `seed` if `None`).
    pub seed: Option<u64>,
    /// Run index whose history leads to the turn.
    pub run: u64,
    /// The file to write (none: the caller prints the text).
    pub out: Option<PathBuf>,
}

/// The game, and its `.nfg` text.
pub struct Exported {
    /// The one-shot game.
    pub game: OneShot,
    /// Its `.nfg` text.
    pub text: String,
}

/// The issue asked for, or the first two-party issue open at the turn.
fn issue_at(cfg: &NfgConfig, s: &Scenario, sim: &mut Simulation<'_>) -> Result<IssueIx> {
    match &cfg.issue {
        Some(id) => s.issue(id).ok_or_else(|| {
            let known: Vec<&str> = s.issues.iter().map(|x| x.id.as_str()).collect();
            Error::Usage(format!(
                "--issue: scenario `{}` has no issue `{id}`; known issues: {}",
                s.id,
                known.join(", ")
            ))
        }),
        None => s
            .issue_ixs()
            .find(|&i| sim.one_shot(i).is_ok())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no two-party issue of `{}` is open at turn {} of run {}; choose another --turn or --issue",
                    s.id, cfg.turn, cfg.run
                ))
            }),
    }
}

/// Plays run `run` up to turn `turn`, builds the one-shot game on the issue and, with `out`, writes
/// its `.nfg` text atomically.
pub fn export_nfg(cfg: &NfgConfig) -> Result<Exported> {
    let scenario = cfg.scenario.load(&cfg.overrides)?;
    let seed = cfg.seed.unwrap_or(scenario.default_seed);
    let model = Model::new(scenario);
    let s = &model.scenario;
    let mut sim = Simulation::new(&model, seed, cfg.run);
    if !sim.advance_to(cfg.turn) {
        return Err(Error::Usage(format!(
            "run {} of `{}` (seed {seed}) ended at turn {}, before turn {}; choose an earlier --turn",
            cfg.run,
            s.id,
            sim.turn(),
            cfg.turn
        )));
    }
    let i = issue_at(cfg, s, &mut sim)?;
    let game = sim
        .one_shot(i)
        .map_err(|m| Error::Usage(format!("--issue {}: {m}", s.issues[i].id)))?;
    let when = s.clock.label(cfg.turn);
    let title = if when == format!("turn {}", cfg.turn) {
        format!("{}: {} at turn {}", s.title, s.issues[i].label, cfg.turn)
    } else {
        format!(
            "{}: {} at turn {} ({when})",
            s.title, s.issues[i].label, cfg.turn
        )
    };
    let comment = format!(
        "One-shot choice of the two leads on issue `{}` at turn {}, after run {} of seed {seed}; payoffs are each side's expected discounted utility of the joint move, from the armistice engine. Command: armistice export-nfg {} --turn {} --issue {} --seed {seed} --run {}{}",
        s.issues[i].id,
        cfg.turn,
        cfg.run,
        cfg.scenario.text(),
        cfg.turn,
        s.issues[i].id,
        cfg.run,
        cfg.overrides
            .iter()
            .map(|o| format!(" --set {}", o.to_arg()))
            .collect::<String>()
    );
    let text = export::nfg::write(&game, &title, &comment)?;
    if let Some(p) = &cfg.out {
        export::write_atomic(p, text.as_bytes())?;
    }
    Ok(Exported { game, text })
}
