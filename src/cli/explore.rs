//! `armistice explore`: writes the browser explorer's page around an engine built for WebAssembly.

use armistice::Result;
use armistice::explorer::page;

use super::args::ExploreArgs;

pub fn explore(a: ExploreArgs, quiet: bool) -> Result<()> {
    let overrides = super::run::overrides(&a.set)?;
    let p = page::write(&a.scenario, &overrides, &a.wasm, &a.out)?;
    if !quiet {
        eprintln!(
            "wrote {} ({} KiB: the {} explorer, with a {} KiB engine); open it in a browser",
            a.out.display(),
            p.html.len().div_ceil(1024),
            p.scenario,
            p.wasm_bytes.div_ceil(1024)
        );
    }
    Ok(())
}
