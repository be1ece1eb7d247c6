//! Reading scenario sources: files or embedded scenarios, `extends` overlays and `--set` overrides.
//!
//! Each source is parsed into toml's spanned document tree with its spans shifted into one global span
//! space ([`SourceMap`]); overlays are merged on that tree (arrays of tables are matched by `id`), the
//! `--set` overrides are applied to it, and only then is the result deserialized into `RawFile`. So a
//! value that came from a parent file, an overlay or the command line is reported at its own place.
//!
//! `read.rs` finds and reads sources (bounded, regular files only), `tree.rs` parses and merges the
//! trees, `set.rs` applies the overrides.

mod library;
mod read;
mod set;
mod tree;

use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::raw::RawFile;
use crate::error::{Collector, Diagnostic, ScenarioError, SourceMap};
pub(crate) use library::remember;
pub use library::{Library, ReadLibrary};
pub use read::resolve;
use read::{decode, max_bytes, read_origin, resolve_parent};
pub use set::Override;
pub use tree::MAX_PARAMETERS;
use tree::{find_extends, merge_table, parameter_values, parse_at};

/// Largest scenario file accepted, in bytes (raise with `ARMISTICE_MAX_SCENARIO_BYTES`).
pub const DEFAULT_MAX_SCENARIO_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest `extends` chain accepted.
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// Where a scenario came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// An embedded scenario or data file, by its repository path (e.g. `scenarios/korea_1951.toml`).
    Embedded(&'static str),
    /// Text given in memory under a name (a test, a fuzz input); the data files it cites are looked
    /// up among the embedded ones, as if it lived in `scenarios/`.
    Memory(String),
}

impl Origin {
    fn display(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Embedded(p) => format!("embedded:{p}"),
            Origin::Memory(name) => name.clone(),
        }
    }
}

/// A scenario's raw form with the sources it came from.
pub struct LoadedRaw {
    /// The merged, overridden raw scenario.
    pub raw: RawFile,
    /// Every source read, for locating later errors.
    pub sources: SourceMap,
    /// The `extends` chain, the scenario first.
    pub chain: Vec<String>,
    /// Per `[[parameter]]`, in order: the number found at its path (after overrides), if any, and
    /// whether the scenario writes it as an integer.
    pub param_values: Vec<Option<(f64, bool)>>,
    /// The bibliography the scenario declares, as read.
    pub library: Option<Library>,
}

fn located(map: &SourceMap, span: Range<usize>, message: String, hint: &str) -> ScenarioError {
    ScenarioError::one(Diagnostic {
        message,
        location: map.locate(span),
        hint: Some(hint.into()),
    })
}

/// Reads a scenario (a path or an embedded name), its `extends` parents and the overrides, and
/// deserializes the merged result.
pub fn load_raw(spec: &str, sets: &[Override]) -> Result<LoadedRaw, ScenarioError> {
    load_origin(resolve(spec)?, sets)
}

/// Reads a scenario from a known origin, its `extends` parents and the overrides, and deserializes
/// the merged result.
pub fn load_origin(mut origin: Origin, sets: &[Override]) -> Result<LoadedRaw, ScenarioError> {
    let mut map = SourceMap::default();
    let mut chain: Vec<(Origin, usize)> = Vec::new();
    // Phase 1: read the chain of sources, following `extends`.
    loop {
        let text = read_origin(&origin)?;
        let index = map.len();
        map.add(origin.display(), text);
        let ext = find_extends(parse_at(&map, index)?.get_ref());
        chain.push((origin.clone(), index));
        let Some((parent, span)) = ext else { break };
        let Some(parent_origin) = resolve_parent(&origin, &parent) else {
            return Err(located(
                &map,
                span,
                format!("cannot find the parent scenario `{parent}`"),
                "`extends` takes a path relative to this file, or the name of an embedded scenario",
            ));
        };
        if let Some(pos) = chain.iter().position(|(o, _)| *o == parent_origin) {
            let cycle: Vec<String> = chain[pos..]
                .iter()
                .map(|(o, _)| o.display())
                .chain(std::iter::once(parent_origin.display()))
                .collect();
            return Err(located(
                &map,
                span,
                format!("`extends` forms a cycle: {}", cycle.join(" -> ")),
                "a scenario cannot extend itself, directly or through its parents",
            ));
        }
        if chain.len() >= MAX_EXTENDS_DEPTH {
            return Err(located(
                &map,
                span,
                format!("`extends` chain is deeper than {MAX_EXTENDS_DEPTH} files"),
                "flatten the overlays",
            ));
        }
        origin = parent_origin;
    }
    let origins: Vec<Origin> = chain.into_iter().map(|(o, _)| o).collect();
    finish(map, origins, sets)
}

/// Loads in-memory sources as if they were files: `layers[0]` is the scenario, each later layer its
/// parent (their own `extends` keys are ignored), with `sets` applied on top. Bytes are checked like
/// a file's (size, UTF-8, no NUL). This is the loader's whole pipeline without the file system, for
/// fuzzing and tools.
pub fn load_layers(
    layers: &[(String, Vec<u8>)],
    sets: &[Override],
) -> Result<LoadedRaw, ScenarioError> {
    if layers.is_empty() {
        return Err(ScenarioError::one(Diagnostic::plain(
            "no scenario source given",
            Some("pass at least one scenario text".into()),
        )));
    }
    if layers.len() > MAX_EXTENDS_DEPTH {
        return Err(ScenarioError::one(Diagnostic::plain(
            format!("`extends` chain is deeper than {MAX_EXTENDS_DEPTH} files"),
            Some("flatten the overlays".into()),
        )));
    }
    let mut map = SourceMap::default();
    for (name, bytes) in layers {
        let limit = max_bytes();
        if bytes.len() as u64 > limit {
            return Err(ScenarioError::one(Diagnostic::plain(
                format!("`{name}` is {} bytes; scenario files are limited to {limit} bytes", bytes.len()),
                Some("is this really a scenario? raise the limit with ARMISTICE_MAX_SCENARIO_BYTES=N".into()),
            )));
        }
        let text = decode(name, bytes.clone())?;
        map.add(name.clone(), text);
        parse_at(&map, map.len() - 1)?;
    }
    // A layer named as an embedded scenario (`embedded:scenarios/…`, as `Scenario::chain` names it)
    // finds its data files where the embedded scenario does.
    let origins = layers
        .iter()
        .map(|(n, _)| {
            n.strip_prefix("embedded:")
                .and_then(super::embedded::by_path)
                .map_or_else(|| Origin::Memory(n.clone()), |e| Origin::Embedded(e.path))
        })
        .collect();
    finish(map, origins, sets)
}

/// Loads a single in-memory source (no `extends`).
pub fn load_text(map: SourceMap) -> Result<LoadedRaw, ScenarioError> {
    let name = map.get(0).name.clone();
    if let Some((_, span)) = find_extends(parse_at(&map, 0)?.get_ref()) {
        return Err(located(
            &map,
            span,
            "`extends` needs a scenario file on disk or an embedded scenario".into(),
            "save the scenario to a file and load it by path",
        ));
    }
    finish(map, vec![Origin::Memory(name)], &[])
}

/// Merges the chain of sources (`origins[i]` is source `i`: the scenario, then its parents) from the
/// furthest parent down, applies the overrides, deserializes the result and reads its bibliography.
fn finish(
    mut map: SourceMap,
    origins: Vec<Origin>,
    sets: &[Override],
) -> Result<LoadedRaw, ScenarioError> {
    let set_index: Vec<usize> = sets
        .iter()
        .map(|o| {
            let i = map.len();
            map.add(
                format!("--set {}", o.to_arg()),
                format!("{} = {}", "v", o.value),
            );
            i
        })
        .collect();
    let mut diags = Collector::default();
    let mut merged = parse_at(&map, origins.len() - 1)?;
    for index in (0..origins.len() - 1).rev() {
        let tree = parse_at(&map, index)?;
        let span = tree.span();
        merge_table(merged.get_mut(), tree.into_inner(), &map, &mut diags);
        merged = Spanned::new(span, merged.into_inner());
    }
    if let Some(meta) = merged.get_mut().get_mut("scenario") {
        if let DeValue::Table(t) = meta.get_mut() {
            t.remove("extends");
        }
    }
    apply_sets(&map, merged.get_mut(), sets, &set_index)?;
    diags.check()?;
    let param_values = parameter_values(merged.get_ref());
    let raw = <RawFile as serde::Deserialize>::deserialize(toml::de::Deserializer::from(merged))
        .map_err(|e| {
            ScenarioError::one(Diagnostic {
                message: e.message().trim().to_string(),
                location: e.span().and_then(|s| map.locate(s)),
                hint: Some(serde_hint(e.message())),
            })
        })?;
    let library = match &raw.scenario.get_ref().bibliography {
        Some(spec) => {
            // Relative to the file that declares it; a value from `--set` is relative to the
            // scenario itself.
            let declared = map
                .index_of(spec.span().start)
                .filter(|&i| i < origins.len())
                .unwrap_or(0);
            Some(library::load(&mut map, &origins[declared], spec)?)
        }
        None => None,
    };
    Ok(LoadedRaw {
        raw,
        chain: origins.iter().map(Origin::display).collect(),
        sources: map,
        param_values,
        library,
    })
}

fn apply_sets<'i>(
    map: &'i SourceMap,
    root: &mut DeTable<'i>,
    sets: &[Override],
    set_index: &[usize],
) -> Result<(), ScenarioError> {
    for (o, &index) in sets.iter().zip(set_index) {
        if o.path.split('.').map(str::trim).eq(["scenario", "extends"]) {
            return Err(ScenarioError::one(Diagnostic::plain(
                format!(
                    "--set {}: `extends` cannot be set from the command line",
                    o.to_arg()
                ),
                Some(
                    "write an overlay file with `extends = \"...\"` and load that file instead"
                        .into(),
                ),
            )));
        }
        let value = set::parse_set_value(map, index, o)?;
        if let Err(msg) = set::apply_set(root, &o.path, value) {
            return Err(ScenarioError::one(Diagnostic {
                message: format!("--set {}: {}", o.to_arg(), msg.0),
                location: None,
                hint: msg
                    .1
                    .or_else(|| Some(format!("the path was `{}`", map.get(index).name))),
            }));
        }
    }
    Ok(())
}

fn serde_hint(m: &str) -> String {
    if m.contains("unknown field") {
        "remove or correct the key; the keys of each table are listed in docs/scenario-format.md"
            .into()
    } else if m.contains("missing field") {
        "add the required key; see docs/scenario-format.md".into()
    } else if m.contains("invalid type") {
        "check the value's type (quotes make a string; numbers are bare; dates are YYYY-MM-DD)"
            .into()
    } else {
        "see docs/scenario-format.md".into()
    }
}
