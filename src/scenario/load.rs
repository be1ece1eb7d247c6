//! Reading scenario sources: files or embedded scenarios, `extends` overlays and `--set` overrides.
//!
//! Each source is parsed into toml's spanned document tree with its spans shifted into one global span
//! space ([`SourceMap`]); overlays are merged on that tree (arrays of tables are matched by `id`), the
//! `--set` overrides are applied to it, and only then is the result deserialized into [`RawFile`]. So a
//! value that came from a parent file, an overlay or the command line is reported at its own place.

use std::path::{Component, Path, PathBuf};

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::embedded;
use super::raw::RawFile;
use crate::error::{Diagnostic, Location, ScenarioError, SourceMap};

/// Largest scenario file accepted, in bytes (raise with `ARMISTICE_MAX_SCENARIO_BYTES`).
pub const DEFAULT_MAX_SCENARIO_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest `extends` chain accepted.
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// Where a scenario came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// An embedded scenario, by its repository path (e.g. `scenarios/korea_1951.toml`).
    Embedded(&'static str),
}

impl Origin {
    fn display(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Embedded(p) => format!("embedded:{p}"),
        }
    }
}

fn max_bytes() -> u64 {
    std::env::var("ARMISTICE_MAX_SCENARIO_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_MAX_SCENARIO_BYTES)
}

/// Finds a scenario by path or embedded name.
pub fn resolve(spec: &str) -> Result<Origin, ScenarioError> {
    let path = Path::new(spec);
    if path.exists() {
        return Ok(Origin::File(path.to_path_buf()));
    }
    if let Some(e) = embedded::find(spec) {
        return Ok(Origin::Embedded(e.path));
    }
    let names: Vec<String> = embedded::ALL.iter().map(|e| e.name.to_string()).collect();
    let looks_like_path = spec.contains('/') || spec.ends_with(".toml");
    let hint = if looks_like_path {
        format!(
            "check the path; embedded scenarios can be named without a path: {}",
            names.join(", ")
        )
    } else {
        crate::error::suggest(spec, &names, "embedded scenario")
    };
    Err(ScenarioError::one(Diagnostic::plain(
        format!("no scenario file or embedded scenario named `{spec}`"),
        Some(hint),
    )))
}

fn read_origin(origin: &Origin) -> Result<String, ScenarioError> {
    match origin {
        Origin::Embedded(p) => Ok(embedded::by_path(p)
            .map(|e| e.text.to_string())
            .unwrap_or_default()),
        Origin::File(path) => {
            let shown = path.display();
            let meta = std::fs::metadata(path).map_err(|e| {
                ScenarioError::one(Diagnostic::plain(
                    format!("cannot read `{shown}`: {e}"),
                    Some("check the path and its permissions".into()),
                ))
            })?;
            if meta.is_dir() {
                return Err(ScenarioError::one(Diagnostic::plain(
                    format!("`{shown}` is a directory, not a scenario file"),
                    Some("give the path of a .toml file".into()),
                )));
            }
            let limit = max_bytes();
            if meta.len() > limit {
                return Err(ScenarioError::one(Diagnostic::plain(
                    format!(
                        "`{shown}` is {} bytes; scenario files are limited to {limit} bytes",
                        meta.len()
                    ),
                    Some("is this really a scenario? raise the limit with ARMISTICE_MAX_SCENARIO_BYTES=N".into()),
                )));
            }
            let bytes = std::fs::read(path).map_err(|e| {
                ScenarioError::one(Diagnostic::plain(
                    format!("cannot read `{shown}`: {e}"),
                    Some("check the path and its permissions".into()),
                ))
            })?;
            decode(&shown.to_string(), bytes)
        }
    }
}

/// Turns a file's bytes into text: UTF-8 only, and no NUL bytes (a NUL in a "TOML" file means a binary
/// file, and the TOML parser's own message would be less helpful).
fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, ScenarioError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        ScenarioError::one(Diagnostic {
            message: format!("`{shown}` is not UTF-8 text (invalid byte at offset {at})"),
            location: Some(Location::in_text(shown, &text, at..at + 1)),
            hint: Some("scenario files must be UTF-8 TOML; is this a binary file?".into()),
        })
    })?;
    if let Some(at) = text.find('\0') {
        return Err(ScenarioError::one(Diagnostic {
            message: format!("`{shown}` contains a NUL byte at offset {at}; it is not a text file"),
            location: Some(Location::in_text(shown, &text, at..at + 1)),
            hint: Some("scenario files must be UTF-8 TOML; is this a binary file?".into()),
        }));
    }
    Ok(text)
}

fn toml_error(map: &SourceMap, base: usize, name: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let location = e
        .span()
        .and_then(|s| map.locate(s.start + base..s.end + base));
    Diagnostic {
        message: if location.is_none() {
            format!("{name}: {message}")
        } else {
            message
        },
        location,
        hint: Some("see docs/scenario-format.md for the TOML syntax and keys".into()),
    }
}

fn shift_value<'i>(v: Spanned<DeValue<'i>>, base: usize) -> Spanned<DeValue<'i>> {
    let span = v.span();
    let inner = match v.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, base)),
        DeValue::Array(a) => DeValue::Array(shift_array(a, base)),
        other => other,
    };
    Spanned::new(span.start + base..span.end + base, inner)
}

fn shift_array<'i>(a: DeArray<'i>, base: usize) -> DeArray<'i> {
    let mut out = DeArray::new();
    for item in a.iter().cloned() {
        out.push(shift_value(item, base));
    }
    out
}

fn shift_table<'i>(t: DeTable<'i>, base: usize) -> DeTable<'i> {
    let mut out = DeTable::new();
    for (k, v) in t {
        let ks = k.span();
        out.insert(
            Spanned::new(ks.start + base..ks.end + base, k.into_inner()),
            shift_value(v, base),
        );
    }
    out
}

/// A `--set PATH=VALUE` override, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// The dotted path, e.g. `actor.North.discount`.
    pub path: String,
    /// The value as TOML text, e.g. `0.97` or `1954-03-05` or `"text"`.
    pub value: String,
}

impl Override {
    /// Parses `PATH=VALUE`.
    pub fn parse(s: &str) -> Result<Override, String> {
        let (path, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not PATH=VALUE (e.g. actor.North.discount=0.97)"))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(|p| p.trim().is_empty()) {
            return Err(format!("`{s}`: the path `{path}` has an empty part"));
        }
        Ok(Override {
            path: path.to_string(),
            value: value.trim().to_string(),
        })
    }

    /// The override as it was typed.
    pub fn to_arg(&self) -> String {
        format!("{}={}", self.path, self.value)
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
}

fn locate(map: &SourceMap, span: std::ops::Range<usize>) -> Option<Location> {
    map.locate(span)
}

fn parse_at<'i>(map: &'i SourceMap, index: usize) -> Result<Spanned<DeTable<'i>>, ScenarioError> {
    let src = map.get(index);
    let parsed = DeTable::parse(&src.text)
        .map_err(|e| ScenarioError::one(toml_error(map, src.base, &src.name, &e)))?;
    let span = parsed.span();
    Ok(Spanned::new(
        span.start + src.base..span.end + src.base,
        shift_table(parsed.into_inner(), src.base),
    ))
}

fn find_extends(tree: &DeTable<'_>) -> Option<(String, std::ops::Range<usize>)> {
    let meta = tree.get("scenario")?.get_ref().as_table()?;
    let ext = meta.get("extends")?;
    Some((ext.get_ref().as_str()?.to_string(), ext.span()))
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

fn resolve_parent(child: &Origin, spec: &str) -> Option<Origin> {
    match child {
        Origin::File(p) => {
            let dir = p.parent().unwrap_or(Path::new("."));
            let cand = dir.join(spec);
            if cand.is_file() {
                return Some(Origin::File(cand));
            }
            embedded::find(spec).map(|e| Origin::Embedded(e.path))
        }
        Origin::Embedded(p) => {
            let dir = Path::new(p).parent().unwrap_or(Path::new(""));
            let norm = normalize(&dir.join(spec));
            embedded::by_path(&norm)
                .or_else(|| embedded::find(spec))
                .map(|e| Origin::Embedded(e.path))
        }
    }
}

/// Reads a scenario (a path or an embedded name), its `extends` parents and the overrides, and
/// deserializes the merged result.
pub fn load_raw(spec: &str, sets: &[Override]) -> Result<LoadedRaw, ScenarioError> {
    let mut origin = resolve(spec)?;
    let mut map = SourceMap::default();
    let mut chain: Vec<(Origin, usize)> = Vec::new();
    // Phase 1: read the chain of sources, following `extends`.
    loop {
        let text = read_origin(&origin)?;
        let index = map.len();
        map.add(origin.display(), text);
        let ext = {
            let tree = parse_at(&map, index)?;
            find_extends(tree.get_ref())
        };
        chain.push((origin.clone(), index));
        let Some((parent, span)) = ext else { break };
        let parent_origin = resolve_parent(&origin, &parent).ok_or_else(|| {
            ScenarioError::one(Diagnostic {
                message: format!("cannot find the parent scenario `{parent}`"),
                location: locate(&map, span.clone()),
                hint: Some(
                    "`extends` takes a path relative to this file, or the name of an embedded scenario".into(),
                ),
            })
        })?;
        if let Some(pos) = chain.iter().position(|(o, _)| *o == parent_origin) {
            let cycle: Vec<String> = chain[pos..]
                .iter()
                .map(|(o, _)| o.display())
                .chain(std::iter::once(parent_origin.display()))
                .collect();
            return Err(ScenarioError::one(Diagnostic {
                message: format!("`extends` forms a cycle: {}", cycle.join(" -> ")),
                location: locate(&map, span),
                hint: Some(
                    "a scenario cannot extend itself, directly or through its parents".into(),
                ),
            }));
        }
        if chain.len() >= MAX_EXTENDS_DEPTH {
            return Err(ScenarioError::one(Diagnostic {
                message: format!("`extends` chain is deeper than {MAX_EXTENDS_DEPTH} files"),
                location: locate(&map, span),
                hint: Some("flatten the overlays".into()),
            }));
        }
        origin = parent_origin;
    }
    let indices: Vec<usize> = chain.iter().map(|(_, i)| *i).collect();
    let names: Vec<String> = chain.iter().map(|(o, _)| o.display()).collect();
    finish(map, indices, names, sets)
}

/// Loads in-memory sources as if they were files: `layers[0]` is the scenario, each later layer its
/// parent (their own `extends` keys are ignored), with `sets` applied on top. Bytes are checked like
/// a file's (UTF-8, no NUL). This is the loader's whole pipeline without the file system, for fuzzing
/// and tools.
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
    let indices: Vec<usize> = (0..layers.len()).collect();
    let names: Vec<String> = layers.iter().map(|(n, _)| n.clone()).collect();
    finish(map, indices, names, sets)
}

/// Loads a single in-memory source (no `extends`).
pub fn load_text(map: SourceMap) -> Result<LoadedRaw, ScenarioError> {
    let name = map.get(0).name.clone();
    {
        let tree = parse_at(&map, 0)?;
        if let Some((_, span)) = find_extends(tree.get_ref()) {
            return Err(ScenarioError::one(Diagnostic {
                message: "`extends` needs a scenario file on disk or an embedded scenario".into(),
                location: locate(&map, span),
                hint: Some("save the scenario to a file and load it by path".into()),
            }));
        }
    }
    finish(map, vec![0], vec![name], &[])
}

fn finish(
    mut map: SourceMap,
    chain: Vec<usize>,
    names: Vec<String>,
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

    // Phase 2: merge from the furthest parent down to the scenario itself.
    let mut merged: Option<Spanned<DeTable<'_>>> = None;
    let mut diags = Vec::new();
    for index in chain.iter().rev() {
        let tree = parse_at(&map, *index)?;
        merged = Some(match merged {
            None => tree,
            Some(mut base) => {
                let span = tree.span();
                merge_table(base.get_mut(), tree.into_inner(), &map, &mut diags);
                Spanned::new(span, base.into_inner())
            }
        });
    }
    let Some(mut merged) = merged else {
        unreachable_chain()
    };
    if let Some(meta) = merged.get_mut().get_mut("scenario") {
        if let DeValue::Table(t) = meta.get_mut() {
            t.remove("extends");
        }
    }
    for (o, index) in sets.iter().zip(set_index) {
        let src = map.get(index);
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
        let value = parse_set_value(&map, index, o)?;
        if let Err(msg) = apply_set(merged.get_mut(), &o.path, value) {
            return Err(ScenarioError::one(Diagnostic {
                message: format!("--set {}: {}", o.to_arg(), msg.0),
                location: None,
                hint: msg
                    .1
                    .or_else(|| Some(format!("the path was `{}`", src.name))),
            }));
        }
    }
    if !diags.is_empty() {
        return Err(ScenarioError { diagnostics: diags });
    }
    let param_values = parameter_values(merged.get_ref());
    let raw = <RawFile as serde::Deserialize>::deserialize(toml::de::Deserializer::from(merged))
        .map_err(|e| {
            let location = e.span().and_then(|s| locate(&map, s));
            ScenarioError::one(Diagnostic {
                message: clean_serde_message(e.message()),
                location,
                hint: Some(serde_hint(e.message())),
            })
        })?;
    Ok(LoadedRaw {
        raw,
        chain: names,
        sources: map,
        param_values,
    })
}

fn unreachable_chain() -> ! {
    // The loop above always pushes the scenario itself before it can break.
    panic!("scenario chain is empty")
}

fn clean_serde_message(m: &str) -> String {
    m.trim().to_string()
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

fn parse_set_value<'i>(
    map: &'i SourceMap,
    index: usize,
    o: &Override,
) -> Result<Spanned<DeValue<'i>>, ScenarioError> {
    let src = map.get(index);
    match DeTable::parse(&src.text) {
        Ok(t) => {
            let t = shift_table(t.into_inner(), src.base);
            t.into_iter().next().map(|(_, v)| Ok(v)).unwrap_or_else(|| {
                Err(ScenarioError::one(Diagnostic::plain(
                    format!("--set {}: no value after `=`", o.to_arg()),
                    Some(
                        "write PATH=VALUE with a TOML value, e.g. actor.North.discount=0.97".into(),
                    ),
                )))
            })
        }
        Err(_) => {
            // A bare word (e.g. `strategy=boulware`) is taken as a string, as a user would mean it.
            let bare = !o.value.is_empty()
                && o.value
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '));
            if bare {
                let span = src.base + 4..src.base + src.text.len();
                Ok(Spanned::new(span, DeValue::String(o.value.clone().into())))
            } else {
                Err(ScenarioError::one(Diagnostic::plain(
                    format!("--set {}: `{}` is not a TOML value", o.to_arg(), o.value),
                    Some("numbers are bare (0.97), dates are YYYY-MM-DD, strings need quotes or no spaces, arrays use [..]".into()),
                )))
            }
        }
    }
}

fn id_of<'a>(v: &'a Spanned<DeValue<'_>>) -> Option<&'a str> {
    v.get_ref().as_table()?.get("id")?.get_ref().as_str()
}

fn is_id_array(a: &DeArray<'_>) -> bool {
    !a.is_empty() && a.iter().all(|v| id_of(v).is_some())
}

fn merge_table<'i>(
    base: &mut DeTable<'i>,
    over: DeTable<'i>,
    map: &SourceMap,
    diags: &mut Vec<Diagnostic>,
) {
    for (k, v) in over {
        let merge_in_place = match (
            base.get(k.get_ref().as_ref()).map(|b| b.get_ref()),
            v.get_ref(),
        ) {
            (Some(DeValue::Table(_)), DeValue::Table(_)) => true,
            (Some(DeValue::Array(a)), DeValue::Array(b)) => is_id_array(a) && is_id_array(b),
            _ => false,
        };
        if !merge_in_place {
            base.insert(k, v);
            continue;
        }
        let span = v.span();
        let target = base.get_mut(k.get_ref().as_ref()).map(|t| t.get_mut());
        match (target, v.into_inner()) {
            (Some(DeValue::Table(bt)), DeValue::Table(ot)) => merge_table(bt, ot, map, diags),
            (Some(DeValue::Array(ba)), DeValue::Array(oa)) => merge_array(ba, oa, map, diags, span),
            _ => {}
        }
    }
}

fn merge_array<'i>(
    base: &mut DeArray<'i>,
    over: DeArray<'i>,
    map: &SourceMap,
    diags: &mut Vec<Diagnostic>,
    _span: std::ops::Range<usize>,
) {
    let mut items: Vec<Spanned<DeValue<'i>>> = base.iter().cloned().collect();
    for item in over.iter().cloned() {
        let Some(id) = id_of(&item).map(str::to_string) else {
            items.push(item);
            continue;
        };
        let remove = item
            .get_ref()
            .as_table()
            .and_then(|t| t.get("remove"))
            .and_then(|r| r.get_ref().as_bool())
            .unwrap_or(false);
        let existing = items.iter().position(|b| id_of(b) == Some(id.as_str()));
        match (existing, remove) {
            (Some(i), true) => {
                items.remove(i);
            }
            (None, true) => diags.push(Diagnostic {
                message: format!(
                    "`remove = true` for `{id}`, which the parent scenario does not have"
                ),
                location: map.locate(item.span()),
                hint: Some(
                    "check the id; only tables inherited through `extends` can be removed".into(),
                ),
            }),
            (Some(i), false) => {
                let span = item.span();
                if let (DeValue::Table(bt), DeValue::Table(ot)) =
                    (items[i].get_mut(), item.into_inner())
                {
                    merge_table(bt, ot, map, diags);
                }
                let merged = items.remove(i).into_inner();
                items.insert(i, Spanned::new(span, merged));
            }
            (None, false) => items.push(item),
        }
    }
    let mut out = DeArray::new();
    for i in items {
        out.push(i);
    }
    *base = out;
}

/// The numbers at the paths of the `[[parameter]]` tables, read from the merged tree.
fn parameter_values(root: &DeTable<'_>) -> Vec<Option<(f64, bool)>> {
    let Some(DeValue::Array(params)) = root.get("parameter").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    params
        .iter()
        .map(|p| {
            let path = p.get_ref().as_table()?.get("path")?.get_ref().as_str()?;
            number(get_path(root, path)?)
        })
        .collect()
}

/// A TOML number as `f64`, with whether it is an integer.
fn number(v: &DeValue<'_>) -> Option<(f64, bool)> {
    match v {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits
                .trim_start_matches('+')
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            i64::from_str_radix(digits, i.radix())
                .ok()
                .map(|n| (n as f64, true))
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok().map(|x| (x, false)),
        _ => None,
    }
}

/// The value at a `--set` path (same addressing: ids or indices in arrays of tables), if present.
fn get_path<'a, 'i>(root: &'a DeTable<'i>, path: &str) -> Option<&'a DeValue<'i>> {
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    let mut cur: &DeValue<'i> = root.get(*parts.first()?)?.get_ref();
    for part in &parts[1..] {
        cur = match cur {
            DeValue::Table(t) => t.get(*part)?.get_ref(),
            DeValue::Array(a) => match a.iter().find(|v| id_of(v) == Some(part)) {
                Some(v) => v.get_ref(),
                None => a.get(part.parse::<usize>().ok()?)?.get_ref(),
            },
            _ => return None,
        };
    }
    Some(cur)
}

type SetError = (String, Option<String>);

fn apply_set<'i>(
    root: &mut DeTable<'i>,
    path: &str,
    value: Spanned<DeValue<'i>>,
) -> Result<(), SetError> {
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    let mut table = root;
    let mut walked = String::new();
    let mut i = 0;
    while i < parts.len() {
        let key = parts[i];
        let last = i + 1 == parts.len();
        let known: Vec<String> = table.keys().map(|k| k.get_ref().to_string()).collect();
        if last {
            let span = value.span();
            table.insert(Spanned::new(span, key.to_string().into()), value);
            return Ok(());
        }
        let Some(next) = table.get_mut(key) else {
            return Err((
                format!(
                    "`{}` has no `{key}`",
                    if walked.is_empty() {
                        "the scenario"
                    } else {
                        &walked
                    }
                ),
                Some(format!("valid here: {}", known.join(", "))),
            ));
        };
        walked = if walked.is_empty() {
            key.to_string()
        } else {
            format!("{walked}.{key}")
        };
        table = match next.get_mut() {
            DeValue::Table(t) => t,
            DeValue::Array(a) => {
                let sel = parts[i + 1];
                let ids: Vec<String> = a.iter().filter_map(id_of).map(str::to_string).collect();
                let pos = if let Some(p) = a.iter().position(|v| id_of(v) == Some(sel)) {
                    p
                } else if let Ok(n) = sel.parse::<usize>() {
                    if n < a.len() {
                        n
                    } else {
                        return Err((
                            format!(
                                "`{walked}` has {} entries; index {n} is out of range",
                                a.len()
                            ),
                            None,
                        ));
                    }
                } else {
                    return Err((
                        format!("`{walked}` has no entry with id `{sel}`"),
                        Some(if ids.is_empty() {
                            "entries without ids are addressed by index: 0, 1, ...".into()
                        } else {
                            format!("valid ids: {}", ids.join(", "))
                        }),
                    ));
                };
                walked = format!("{walked}.{sel}");
                i += 1;
                if i + 1 == parts.len() {
                    return Err((
                        format!(
                            "`{walked}` is a table; name the key to set, e.g. `{walked}.label`"
                        ),
                        None,
                    ));
                }
                match AsMut::<[Spanned<DeValue<'i>>]>::as_mut(a)[pos].get_mut() {
                    DeValue::Table(t) => t,
                    _ => return Err((format!("`{walked}` is not a table"), None)),
                }
            }
            _ => {
                return Err((
                    format!(
                        "`{walked}` is a value, not a table; `{}` cannot go below it",
                        parts[i + 1..].join(".")
                    ),
                    None,
                ));
            }
        };
        i += 1;
    }
    Ok(())
}
