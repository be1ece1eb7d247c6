//! Assembles the explorer's one self-contained HTML file: the page (`web/page.html`, `page.css`,
//! `page.js`), the worker (`web/worker.js`), the description of the scenario ([`super::describe`]) and
//! the engine (the WebAssembly module, gzip-compressed and base64-encoded, which the page inflates
//! with the browser's `DecompressionStream`). Nothing in the file refers to anything outside it, and the
//! same inputs give the same bytes.

use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;

use super::{Layer, Source, describe};
use crate::error::{Error, Result};
use crate::report::html::esc;
use crate::scenario::{Override, Scenario, embedded};

const TEMPLATE: &str = include_str!("web/page.html");
const CSS: &str = include_str!("web/page.css");
const SCRIPT: &str = include_str!("web/page.js");
const WORKER: &str = include_str!("web/worker.js");

/// The exports the page's loader calls; a module without them is not the explorer's engine.
pub const EXPORTS: [&str; 6] = [
    "armistice_alloc",
    "armistice_handle",
    "armistice_output",
    "armistice_output_len",
    "armistice_font",
    "armistice_font_len",
];

/// What [`write()`] made.
#[derive(Debug)]
pub struct Page {
    /// The HTML text.
    pub html: String,
    /// The scenario's id.
    pub scenario: String,
    /// Bytes of the WebAssembly module before compression.
    pub wasm_bytes: usize,
}

/// The page's [`Source`] for a scenario spec: an embedded name as it is, a file with the texts of its
/// `extends` chain (files and embedded parents alike), so the page needs no file system.
pub fn source(spec: &str, overrides: &[Override]) -> Result<Source> {
    let scenario = Scenario::load(spec, overrides)?;
    let is_file = Path::new(spec).is_file();
    let layers = if is_file {
        let mut layers = Vec::new();
        for name in &scenario.chain {
            let text = match name.strip_prefix("embedded:") {
                Some(path) => embedded::by_path(path)
                    .map(|e| e.text.to_string())
                    .ok_or_else(|| {
                        Error::Output(format!("embedded scenario `{path}` has vanished"))
                    })?,
                None => std::fs::read_to_string(name)
                    .map_err(|e| Error::io(format!("cannot read `{name}`"), e))?,
            };
            layers.push(Layer {
                name: name.clone(),
                text,
            });
        }
        Some(layers)
    } else {
        None
    };
    Ok(Source {
        spec: spec.to_string(),
        layers,
        overrides: overrides.iter().map(Override::to_arg).collect(),
    })
}

/// Checks that `wasm` is the explorer's WebAssembly module (its magic number and exports).
pub fn check_wasm(wasm: &[u8], shown: &str) -> Result<()> {
    let fix =
        "build it with `bash scripts/explorer.sh SCENARIO FILE.html`, which also writes the page";
    if !wasm.starts_with(b"\0asm") {
        return Err(Error::Usage(format!(
            "`{shown}` is not a WebAssembly module; {fix}"
        )));
    }
    let missing: Vec<&str> = EXPORTS
        .iter()
        .copied()
        .filter(|name| !wasm.windows(name.len()).any(|w| w == name.as_bytes()))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "`{shown}` is a WebAssembly module but not the explorer's engine (it lacks {}); {fix}",
            missing.join(", ")
        )));
    }
    Ok(())
}

/// Replaces each `{{NAME}}` of `template` in one pass (so no value is searched for placeholders).
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| Error::Output("the page template has an unclosed `{{`".into()))?;
        let name = &after[..end];
        let value = values
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| Error::Output(format!("the page template names no value `{name}`")))?;
        out.push_str(value.1);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Text that goes inside a `<script>` or `<style>` element must not close it.
fn inline(text: &str, element: &str) -> Result<String> {
    let close = format!("</{element}");
    if text.to_ascii_lowercase().contains(&close) {
        return Err(Error::Output(format!(
            "text for an inline <{element}> contains `{close}`"
        )));
    }
    Ok(text.to_string())
}

/// The gzip-compressed, base64-encoded module, in lines of 120 characters.
fn pack(wasm: &[u8]) -> Result<String> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(wasm)
        .and_then(|_| gz.flush())
        .map_err(|e| Error::Output(format!("cannot compress the engine: {e}")))?;
    let packed = gz
        .finish()
        .map_err(|e| Error::Output(format!("cannot compress the engine: {e}")))?;
    let text = base64::engine::general_purpose::STANDARD.encode(packed);
    let mut out = String::with_capacity(text.len() + text.len() / 120 + 1);
    for line in text.as_bytes().chunks(120) {
        out.push('\n');
        // Base64 is ASCII.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
    }
    out.push('\n');
    Ok(out)
}

/// Builds the page for `source` around the engine `wasm`.
pub fn build(source: &Source, wasm: &[u8]) -> Result<Page> {
    let description = describe(source)?;
    let title = description["scenario"]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // `<` escaped, so that no text of the scenario can close the <script> holding it.
    let config = serde_json::to_string(&description)
        .map_err(|e| Error::Output(format!("cannot encode the page's description: {e}")))?
        .replace('<', "\\u003c");
    let html = fill(
        TEMPLATE,
        &[
            ("TITLE", &esc(&title)),
            ("VERSION", env!("CARGO_PKG_VERSION")),
            ("CSS", &inline(CSS, "style")?),
            ("CONFIG", &config),
            ("WASM", &pack(wasm)?),
            ("WORKER", &inline(WORKER, "script")?),
            ("SCRIPT", &inline(SCRIPT, "script")?),
        ],
    )?;
    Ok(Page {
        html,
        scenario: description["scenario"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        wasm_bytes: wasm.len(),
    })
}

/// Reads the module at `wasm_path`, builds the page for `spec` with `overrides` and writes it to `out`
/// atomically (nothing half-written on failure).
pub fn write(spec: &str, overrides: &[Override], wasm_path: &Path, out: &Path) -> Result<Page> {
    let shown = wasm_path.display().to_string();
    let wasm = std::fs::read(wasm_path).map_err(|e| {
        Error::Usage(format!(
            "cannot read the explorer's WebAssembly module `{shown}`: {e}\n  = help: build it with `bash scripts/explorer.sh SCENARIO FILE.html`, which also writes the page"
        ))
    })?;
    check_wasm(&wasm, &shown)?;
    let page = build(&source(spec, overrides)?, &wasm)?;
    crate::export::write_atomic(out, page.html.as_bytes())?;
    Ok(page)
}
