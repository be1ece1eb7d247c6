//! `armistice scenarios` and `armistice scenarios show NAME`.

use armistice::Result;
use armistice::commands::scenarios as command;
use clap::{Args, Subcommand};

pub const EXAMPLES: &str = "\
Examples:
  armistice scenarios
  armistice scenarios --json
  # the TOML of an embedded scenario, comments included: a model to copy
  armistice scenarios show ceasefire_toy > my_world.toml";

#[derive(Args, Debug)]
pub struct ScenariosArgs {
    #[command(subcommand)]
    pub action: Option<ScenariosCommand>,
    /// Print the list as JSON (name, title, counterfactual, path, default)
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum ScenariosCommand {
    /// Print an embedded scenario's TOML, exactly as shipped (valid, with its comments)
    Show {
        /// The embedded scenario's name (see `armistice scenarios`)
        name: String,
    },
}

pub fn scenarios(a: ScenariosArgs) -> Result<()> {
    if let Some(ScenariosCommand::Show { name }) = a.action {
        return super::out(command::show(&name)?);
    }
    let all = command::list();
    if a.json {
        return super::out_json(&all);
    }
    let mut t = String::from("Embedded scenarios (run them by name, e.g. `armistice run NAME`):\n");
    for e in all.iter().filter(|e| !e.counterfactual) {
        t.push_str(&format!("  {:<24} {}\n", e.name, e.title));
    }
    let cf: Vec<_> = all.iter().filter(|e| e.counterfactual).collect();
    if !cf.is_empty() {
        t.push_str("\nCounterfactuals (overlays on a base scenario):\n");
        for e in cf {
            t.push_str(&format!("  {:<24} {}\n", e.name, e.title));
        }
    }
    t.push_str(
        "\n`armistice scenarios show NAME` prints one; `armistice new NAME --from EXAMPLE` starts yours from it.\n",
    );
    super::out(&t)
}
