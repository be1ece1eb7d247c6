//! `armistice new`.

use std::path::PathBuf;

use armistice::Result;
use armistice::commands::new::{self as command, NewConfig};
use clap::Args;

pub const EXAMPLES: &str = "\
Examples:
  # my_world.toml: a commented, valid starter (two sides, two issues, a war)
  armistice new my_world
  # a copy of an embedded scenario under a new id
  armistice new my_toy --from ceasefire_toy
  armistice new scenarios/trade.toml --force

Then `armistice validate my_world.toml` and `armistice run my_world.toml`.";

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The new scenario's id (the file is NAME.toml), or a file name ending in .toml
    pub name: String,
    /// Start from this embedded scenario (see `armistice scenarios`) instead of the template
    #[arg(long, value_name = "EXAMPLE")]
    pub from: Option<String>,
    /// The file to write [default: NAME.toml]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Replace an existing file
    #[arg(long)]
    pub force: bool,
}

pub fn new(a: NewArgs) -> Result<()> {
    let c = command::new(&NewConfig {
        name: a.name,
        from: a.from,
        out: a.out,
        force: a.force,
    })?;
    let p = c.path.display();
    super::status(
        false,
        &format!(
            "wrote {p} (scenario `{}`); next: armistice validate {p}, then armistice run {p}",
            c.id
        ),
    );
    Ok(())
}
