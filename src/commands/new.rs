//! `armistice new`: a commented starter scenario file — a generic template, or a copy of an embedded
//! scenario (`--from`) under a new id — that validates as written.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::export;
use crate::scenario::{Scenario, embedded};

/// The template `new` writes without `--from`; `NAME` stands for the new id.
const STARTER: &str = include_str!("starter.toml");

/// Everything `armistice new` needs.
#[derive(Clone, Debug, Default)]
pub struct NewConfig {
    /// The new scenario's id, or a file name ending in `.toml` (whose stem is the id).
    pub name: String,
    /// The embedded scenario to start from (the generic template if `None`).
    pub from: Option<String>,
    /// The file to write (default: `NAME.toml`, or NAME itself when it ends in `.toml`).
    pub out: Option<PathBuf>,
    /// Replace an existing file.
    pub force: bool,
}

/// What `new` wrote.
pub struct Created {
    /// The file.
    pub path: PathBuf,
    /// The scenario's id.
    pub id: String,
}

/// The id and default file of `name`.
fn id_and_file(name: &str) -> Result<(String, PathBuf)> {
    let (id, file) = match name.strip_suffix(".toml") {
        Some(stem) => {
            let id = Path::new(stem)
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (id, PathBuf::from(name))
        }
        None => (name.to_string(), PathBuf::from(format!("{name}.toml"))),
    };
    let ok = id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(Error::Usage(format!(
            "`{id}` cannot be a scenario id: start with a letter and use letters, digits, `_` or `-` (e.g. `armistice new trade_talks`)"
        )));
    }
    Ok((id, file))
}

/// The text of the new file: the template, or the embedded scenario with its id (and an overlay's
/// `extends`, which pointed inside the repository) rewritten.
fn text(id: &str, from: Option<&str>) -> Result<String> {
    let Some(name) = from else {
        return Ok(STARTER.replace("NAME", id));
    };
    let e = embedded::find(name).ok_or_else(|| {
        let names: Vec<String> = embedded::ALL.iter().map(|e| e.name.to_string()).collect();
        Error::Usage(format!(
            "--from: no embedded scenario named `{name}`; {} (`armistice scenarios` lists them)",
            crate::error::suggest(name, &names, "embedded scenario")
        ))
    })?;
    let parent = Scenario::load(e.name, &[])?.chain.get(1).cloned();
    let mut out = format!(
        "# Started from the embedded scenario `{}` by `armistice new {id} --from {}`.\n",
        e.name, e.name
    );
    out.push_str(&rewrite_meta(e.text, id, parent.as_deref()));
    Ok(out)
}

/// Rewrites `id` (and `extends`, to the embedded parent's name) in the `[scenario]` table.
fn rewrite_meta(text: &str, id: &str, parent: Option<&str>) -> String {
    let parent = parent.and_then(|p| {
        let path = p.strip_prefix("embedded:").unwrap_or(p);
        embedded::by_path(path).map(|e| e.name)
    });
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_meta = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_meta = t.starts_with("[scenario]");
        }
        let key = t.split('=').next().map(str::trim);
        if in_meta && t.contains('=') && key == Some("id") {
            out.push_str(&format!("id = \"{id}\""));
        } else if in_meta && t.contains('=') && key == Some("extends") && parent.is_some() {
            out.push_str(&format!("extends = \"{}\"", parent.unwrap_or_default()));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Writes the starter file, refusing to overwrite one without `force`; the text is checked to load
/// before it is written.
pub fn new(cfg: &NewConfig) -> Result<Created> {
    let (id, default_file) = id_and_file(&cfg.name)?;
    let path = cfg.out.clone().unwrap_or(default_file);
    if path.exists() && !cfg.force {
        return Err(Error::Usage(format!(
            "`{}` exists; choose another name or --out, or add --force to replace it",
            path.display()
        )));
    }
    let text = text(&id, cfg.from.as_deref())?;
    check(&path, &text, cfg.from.as_deref())?;
    export::write_atomic(&path, text.as_bytes())?;
    Ok(Created { path, id })
}

/// Loads the text as the file it will be (with its embedded parent, for an overlay).
fn check(path: &Path, text: &str, from: Option<&str>) -> Result<()> {
    let name = path.display().to_string();
    let mut layers = vec![(name, text.as_bytes().to_vec())];
    if let Some(e) = from.and_then(embedded::find) {
        let s = Scenario::load(e.name, &[])?;
        for p in s.chain.iter().skip(1) {
            let path = p.strip_prefix("embedded:").unwrap_or(p);
            if let Some(pe) = embedded::by_path(path) {
                layers.push((p.clone(), pe.text.as_bytes().to_vec()));
            }
        }
    }
    Scenario::from_layers(&layers, &[])?;
    Ok(())
}
