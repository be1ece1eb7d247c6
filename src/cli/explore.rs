//! `armistice explore`: writes the browser explorer's page around an engine built for WebAssembly.

use std::path::PathBuf;

use armistice::Result;
use armistice::explorer::page;
use clap::Args;

pub const EXAMPLES: &str = "\
The page needs the engine compiled to WebAssembly: scripts/explorer.sh
builds it and runs this command.

Examples:
  bash scripts/explorer.sh korea_1951 korea.html
  armistice explore korea_1951 --out korea.html \\
    --wasm target/wasm32-wasip1/release/armistice.wasm

The page and its links: docs/explorer.md";

#[derive(Args, Debug)]
pub struct ExploreArgs {
    /// Scenario file or embedded scenario name
    pub scenario: String,
    /// Override a value of the scenario (and of its counterfactuals): PATH=VALUE
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// The engine compiled to WebAssembly (scripts/explorer.sh builds it)
    #[arg(long, value_name = "FILE.wasm")]
    pub wasm: PathBuf,
    /// The page to write
    #[arg(long, short = 'o', visible_alias = "output", value_name = "FILE.html")]
    pub out: PathBuf,
    /// No status line (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn explore(a: ExploreArgs) -> Result<()> {
    let overrides = super::overrides(&a.set)?;
    let p = page::write(&a.scenario, &overrides, &a.wasm, &a.out)?;
    super::status(
        a.quiet,
        &format!(
            "wrote {} ({} KiB: the {} explorer, with a {} KiB engine); open it in a browser",
            a.out.display(),
            p.html.len().div_ceil(1024),
            p.scenario,
            p.wasm_bytes.div_ceil(1024)
        ),
    );
    Ok(())
}
