//! `validate`, `trace`, `scenarios` and `completions`.

use armistice::scenario::embedded;
use armistice::{Error, Result, Scenario, app};

use super::args::{CompletionArgs, TraceArgs, ValidateArgs};

pub fn validate(a: ValidateArgs) -> Result<()> {
    let ov = super::run::overrides(&a.set)?;
    let mut failed = None;
    for f in &a.files {
        match Scenario::load(f, &ov) {
            Ok(s) => super::out(&format!(
                "{f}: OK ({} actors, {} issues, {} agreements, {} events, {} actions)\n",
                s.actors.len(),
                s.issues.len(),
                s.agreements.len(),
                s.events.len(),
                s.actions.len()
            ))?,
            Err(e) => {
                eprint!("{e}");
                eprintln!();
                failed = Some(Error::Usage(format!("{f}: invalid")));
            }
        }
    }
    match failed {
        Some(_) if a.files.len() > 1 => Err(Error::Usage(
            "some scenarios are invalid (see above)".into(),
        )),
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub fn trace(a: TraceArgs) -> Result<()> {
    let ov = super::run::overrides(&a.set)?;
    let (s, o, entries) = app::trace(&a.scenario, &ov, a.seed, a.run)?;
    if a.json {
        let v = serde_json::json!({ "scenario": s.id, "run": a.run, "seed": a.seed.unwrap_or(s.default_seed), "outcome": o, "chronicle": entries });
        let mut t = serde_json::to_string_pretty(&v).map_err(|e| Error::Output(e.to_string()))?;
        t.push('\n');
        return super::out(&t);
    }
    let mut text = format!(
        "{} — run {} (seed {}), run seed {}\n",
        s.title,
        a.run,
        a.seed.unwrap_or(s.default_seed),
        o.seed
    );
    text.push_str(&armistice::export::text::chronicle(&s, &entries, a.all));
    super::out(&text)
}

pub fn scenarios() -> Result<()> {
    let mut t = String::from("Embedded scenarios (run them by name, e.g. `armistice run NAME`):\n");
    for e in embedded::ALL.iter().filter(|e| !e.counterfactual) {
        t.push_str(&format!("  {:<24} {}\n", e.name, e.summary));
    }
    let cf: Vec<_> = embedded::ALL.iter().filter(|e| e.counterfactual).collect();
    if !cf.is_empty() {
        t.push_str("\nCounterfactuals (overlays on a base scenario):\n");
        for e in cf {
            t.push_str(&format!("  {:<24} {}\n", e.name, e.summary));
        }
    }
    super::out(&t)
}

pub fn completions(a: CompletionArgs) -> Result<()> {
    use clap::CommandFactory;
    let mut cmd = super::args::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "armistice", &mut buf);
    super::out(&String::from_utf8_lossy(&buf))
}
