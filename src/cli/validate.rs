//! `armistice validate`.

use std::ffi::OsString;

use armistice::commands::Spec;
use armistice::commands::validate as command;
use armistice::{Error, Result};
use clap::Args;

pub const EXAMPLES: &str = "\
Examples:
  armistice validate my_world.toml
  armistice validate scenarios/*.toml --set actor.North.discount=0.97
  armistice validate my_world.toml --json     (errors with file, line, column)

Exit 0 when every file is valid, 2 otherwise.";

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Scenario files or embedded names
    #[arg(required = true)]
    pub files: Vec<OsString>,
    /// Check the scenarios with these overrides applied: PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Print one JSON verdict per file (valid, or its errors with file, line, column and help)
    #[arg(long)]
    pub json: bool,
}

pub fn validate(a: ValidateArgs) -> Result<()> {
    let ov = super::overrides(&a.set)?;
    let files: Vec<Spec> = a.files.into_iter().map(Spec::new).collect();
    let checked = command::validate(&files, &ov);
    let invalid = checked.iter().filter(|c| c.result.is_err()).count();
    if a.json {
        let v: Vec<serde_json::Value> = checked.iter().map(command::Checked::to_json).collect();
        super::out_json(&v)?;
    } else {
        for c in &checked {
            match &c.result {
                Ok(n) => super::out(&format!(
                    "{}: OK ({}, {}, {}, {}, {})\n",
                    c.spec,
                    armistice::format::count(n.actors as u64, "actor"),
                    armistice::format::count(n.issues as u64, "issue"),
                    armistice::format::count(n.agreements as u64, "agreement"),
                    armistice::format::count(n.events as u64, "event"),
                    armistice::format::count(n.actions as u64, "action"),
                ))?,
                Err(Error::Scenario(e)) => eprintln!("{}\n", e.to_string().trim_end()),
                Err(e) => eprintln!("error: {e}\n"),
            }
        }
    }
    let see = if a.json {
        "the errors are in the JSON on standard output"
    } else {
        "see above"
    };
    match invalid {
        0 => Ok(()),
        _ if checked.len() == 1 => Err(Error::Usage(format!(
            "{}: invalid ({see})",
            checked[0].spec
        ))),
        n => Err(Error::Usage(format!(
            "{n} of {} scenarios are invalid ({see})",
            checked.len()
        ))),
    }
}
