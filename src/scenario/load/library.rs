//! Reading the bibliography a scenario declares (`[scenario] bibliography = "FILE"`, a path relative
//! to the file that says so) and the record files of its collections (paths relative to the
//! bibliography). Each file is added to the source map, so later errors point into it; what is read
//! is validated by `compile/sources.rs`.
//!
//! A bibliography that validated once is remembered with the text of its files: loading the same
//! files again (a sweep loads its scenario once per point) reuses it instead of parsing and
//! checking them again.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use toml::Spanned;

use super::read::{normalize, read_file};
use super::tree::parse_at;
use super::{Origin, decode};
use crate::error::{Diagnostic, ScenarioError, SourceMap};
use crate::scenario::embedded;
use crate::scenario::raw::S;
use crate::scenario::sources::Bibliography;
use crate::scenario::sources::raw::{RawBibliography, RawRecord};

/// A bibliography as read: to be validated, or known valid from an earlier load of the same files.
pub enum Library {
    /// Read and parsed, not yet validated.
    Read(ReadLibrary),
    /// Validated before, from files with the same text.
    Known(Arc<Bibliography>),
}

/// A bibliography as read and parsed, not yet validated.
pub struct ReadLibrary {
    /// Where it was read from, as shown in messages.
    pub file: String,
    /// Its works and collections.
    pub raw: RawBibliography,
    /// The records of each collection, in the order of `raw.collection`.
    pub records: Vec<Vec<Spanned<RawRecord>>>,
    /// Every file read (bibliography first) with its text: the key under which a valid result is
    /// remembered.
    pub texts: Vec<(String, String)>,
}

/// Files and the bibliography that validated from them (the last few).
type Known = Vec<(Vec<(String, String)>, Arc<Bibliography>)>;

static KNOWN: Mutex<Known> = Mutex::new(Vec::new());

/// Remembers a bibliography that validated, under the text of its files.
pub(crate) fn remember(texts: Vec<(String, String)>, bib: Bibliography) {
    if let Ok(mut known) = KNOWN.lock() {
        known.retain(|(t, _)| *t != texts);
        known.push((texts, Arc::new(bib)));
        if known.len() > 4 {
            known.remove(0);
        }
    }
}

/// The text of a data file remembered under `name`, as it reads now.
fn text_now(name: &str) -> Option<String> {
    match name.strip_prefix("embedded:") {
        Some(p) => embedded::data(p).map(|e| e.text.to_string()),
        None => read_file(Path::new(name))
            .ok()
            .and_then(|b| String::from_utf8(b).ok()),
    }
}

/// The bibliography remembered for a bibliography file with this name and text, if its record
/// files still read the same.
fn recall(name: &str, text: &str) -> Option<Arc<Bibliography>> {
    let known = KNOWN.lock().ok()?;
    let (texts, bib) = known
        .iter()
        .rev()
        .find(|(t, _)| t.first().is_some_and(|(n, x)| n == name && x == text))?;
    let same = texts[1..]
        .iter()
        .all(|(n, x)| text_now(n).as_deref() == Some(x.as_str()));
    same.then(|| bib.clone())
}

/// Where a data file named `spec` in a source read from `base` is: beside it on disk, or, for an
/// embedded or in-memory source, among the embedded data files.
pub(super) fn resolve_data(base: &Origin, spec: &str) -> Option<Origin> {
    let embedded_at = |dir: &Path| {
        let norm = normalize(&dir.join(spec));
        embedded::data(&norm).map(|e| Origin::Embedded(e.path))
    };
    match base {
        Origin::File(p) => {
            let cand = p.parent().unwrap_or(Path::new(".")).join(spec);
            cand.exists().then_some(Origin::File(cand))
        }
        Origin::Embedded(p) => embedded_at(Path::new(p).parent().unwrap_or(Path::new(""))),
        Origin::Memory(name) => embedded_at(
            &Path::new("scenarios").join(Path::new(name).parent().unwrap_or(Path::new(""))),
        ),
    }
}

fn read_data(origin: &Origin) -> Result<String, ScenarioError> {
    match origin {
        Origin::File(p) => decode(&p.display().to_string(), read_file(p)?),
        Origin::Embedded(p) => Ok(embedded::data(p)
            .map(|e| e.text.to_string())
            .unwrap_or_default()),
        Origin::Memory(_) => Ok(String::new()),
    }
}

fn not_found(map: &SourceMap, at: &S, what: &str, hint: &str) -> ScenarioError {
    ScenarioError::one(Diagnostic {
        message: format!("cannot find the {what} `{}`", at.get_ref()),
        location: map.locate(at.span()),
        hint: Some(hint.into()),
    })
}

/// Reads a data file into the source map and deserializes it; records its text in `texts`.
fn read_into<T: serde::de::DeserializeOwned>(
    map: &mut SourceMap,
    origin: &Origin,
    texts: &mut Vec<(String, String)>,
) -> Result<T, ScenarioError> {
    let text = read_data(origin)?;
    texts.push((origin.display(), text.clone()));
    let index = map.len();
    map.add(origin.display(), text);
    let tree = parse_at(map, index)?;
    T::deserialize(toml::de::Deserializer::from(tree)).map_err(|e| {
        ScenarioError::one(Diagnostic {
            message: e.message().trim().to_string(),
            location: e.span().and_then(|s| map.locate(s)),
            hint: Some("the keys of a bibliography and its record files are listed in docs/scenario-format.md#sources-and-citations".into()),
        })
    })
}

/// Reads the bibliography `spec` names (declared in a source read from `base`) and its collections.
pub(super) fn load(map: &mut SourceMap, base: &Origin, spec: &S) -> Result<Library, ScenarioError> {
    let Some(origin) = resolve_data(base, spec.get_ref()) else {
        return Err(not_found(
            map,
            spec,
            "bibliography",
            "`bibliography` takes a path relative to the file that declares it, e.g. \"data/sources.toml\"",
        ));
    };
    if let Some(bib) = recall(&origin.display(), &read_data(&origin)?) {
        return Ok(Library::Known(bib));
    }
    let mut texts = Vec::new();
    let raw: RawBibliography = read_into(map, &origin, &mut texts)?;
    let mut records = Vec::new();
    for c in &raw.collection {
        let c = c.get_ref();
        let Some(file) = resolve_data(&origin, c.file.get_ref()) else {
            return Err(not_found(
                map,
                &c.file,
                "record file",
                "a collection's `file` is a path relative to the bibliography",
            ));
        };
        let mut tables: BTreeMap<String, Vec<Spanned<RawRecord>>> =
            read_into(map, &file, &mut texts)?;
        let table = c.table.get_ref();
        let found = tables.remove(table);
        if found.is_none() || !tables.is_empty() {
            let others: Vec<String> = tables.keys().map(|k| format!("[[{k}]]")).collect();
            return Err(ScenarioError::one(Diagnostic {
                message: format!(
                    "`{}` holds {}, not the [[{table}]] tables its collection `{}` declares",
                    file.display(),
                    if others.is_empty() { "no tables".to_string() } else { others.join(", ") },
                    c.prefix.get_ref()
                ),
                location: map.locate(c.table.span()),
                hint: Some("a record file holds only the array of tables named by its collection's `table`".into()),
            }));
        }
        records.push(found.unwrap_or_default());
    }
    for w in &raw.work {
        if let Some(f) = &w.get_ref().file {
            if resolve_data(&origin, f.get_ref()).is_none() {
                return Err(not_found(
                    map,
                    f,
                    "file",
                    "a work's `file` is a copy in the repository, as a path relative to the bibliography",
                ));
            }
        }
    }
    Ok(Library::Read(ReadLibrary {
        file: origin.display(),
        raw,
        records,
        texts,
    }))
}
