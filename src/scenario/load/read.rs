//! Finding and reading sources: a path or an embedded name, read as bounded UTF-8 text; special
//! files (FIFOs, devices, sockets) are refused before they are opened.

use std::io::Read;
use std::path::{Component, Path};

use super::{DEFAULT_MAX_SCENARIO_BYTES, Origin};
use crate::error::{Diagnostic, Location, ScenarioError, suggest};
use crate::scenario::embedded;

/// The size limit in bytes: `ARMISTICE_MAX_SCENARIO_BYTES`, or [`DEFAULT_MAX_SCENARIO_BYTES`].
pub(super) fn max_bytes() -> u64 {
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
        suggest(spec, &names, "embedded scenario")
    };
    Err(ScenarioError::one(Diagnostic::plain(
        format!("no scenario file or embedded scenario named `{spec}`"),
        Some(hint),
    )))
}

fn too_big(shown: &str, size: Option<u64>, limit: u64) -> ScenarioError {
    let size = match size {
        Some(n) => format!("is {n} bytes"),
        None => format!("is larger than {limit} bytes"),
    };
    ScenarioError::one(Diagnostic::plain(
        format!("`{shown}` {size}; scenario files are limited to {limit} bytes"),
        Some(
            "is this really a scenario? raise the limit with ARMISTICE_MAX_SCENARIO_BYTES=N".into(),
        ),
    ))
}

fn unreadable(shown: &str, e: std::io::Error) -> ScenarioError {
    ScenarioError::one(Diagnostic::plain(
        format!("cannot read `{shown}`: {e}"),
        Some("check the path and its permissions".into()),
    ))
}

/// What a file that is neither a regular file nor a directory is, for messages.
fn special_kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "not a regular file"
}

/// Refuses anything but a regular file: a directory, or a special file that could block (a FIFO)
/// or never end (`/dev/zero`).
fn check_kind(shown: &str, meta: &std::fs::Metadata) -> Result<(), ScenarioError> {
    if meta.is_dir() {
        return Err(ScenarioError::one(Diagnostic::plain(
            format!("`{shown}` is a directory, not a scenario file"),
            Some("give the path of a .toml file".into()),
        )));
    }
    if !meta.is_file() {
        return Err(ScenarioError::one(Diagnostic::plain(
            format!("`{shown}` is {}, not a regular file", special_kind(meta.file_type())),
            Some("scenarios are read from regular files only; save the text to a file and give its path".into()),
        )));
    }
    Ok(())
}

/// Reads a file's bytes: a regular file only (checked before opening, so a FIFO cannot block, and
/// again on the open handle), and never more than the size limit, whatever size it reports.
pub(super) fn read_file(path: &Path) -> Result<Vec<u8>, ScenarioError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&shown, e))?;
    check_kind(&shown, &meta)?;
    let limit = max_bytes();
    if meta.len() > limit {
        return Err(too_big(&shown, Some(meta.len()), limit));
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(&shown, e))?;
    check_kind(&shown, &file.metadata().map_err(|e| unreadable(&shown, e))?)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&shown, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(&shown, None, limit));
    }
    Ok(bytes)
}

/// The text of a source.
pub(super) fn read_origin(origin: &Origin) -> Result<String, ScenarioError> {
    match origin {
        Origin::Embedded(p) => Ok(embedded::by_path(p)
            .map(|e| e.text.to_string())
            .unwrap_or_default()),
        Origin::Memory(_) => Ok(String::new()),
        Origin::File(path) => decode(&path.display().to_string(), read_file(path)?),
    }
}

/// Turns a file's bytes into text: UTF-8 only, and no NUL bytes (a NUL in a "TOML" file means a binary
/// file, and the TOML parser's own message would be less helpful).
pub(super) fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, ScenarioError> {
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

/// `p` with `..` and `.` resolved, `/`-separated (for embedded paths).
pub(super) fn normalize(p: &Path) -> String {
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

/// The parent a scenario's `extends` names: a path relative to it, or an embedded scenario.
pub(super) fn resolve_parent(child: &Origin, spec: &str) -> Option<Origin> {
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
        // In-memory layers are chained by the caller; their `extends` keys are ignored.
        Origin::Memory(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_before_they_are_read() {
        #[cfg(unix)]
        for dev in ["/dev/zero", "/dev/null"] {
            if Path::new(dev).exists() {
                let e = read_file(Path::new(dev)).unwrap_err().to_string();
                assert!(e.contains("a character device, not a regular file"), "{e}");
            }
        }
        let d = tempfile_dir();
        let e = read_file(&d).unwrap_err().to_string();
        assert!(e.contains("is a directory"), "{e}");
    }

    fn tempfile_dir() -> std::path::PathBuf {
        std::env::temp_dir()
    }

    #[test]
    fn paths_normalize_like_the_repository() {
        assert_eq!(
            normalize(Path::new("scenarios/counterfactuals/../korea_1951.toml")),
            "scenarios/korea_1951.toml"
        );
    }
}
