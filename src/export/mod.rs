//! Outputs: `runs.csv`, `summary.json`, the text summary, and the staging directory that makes every
//! output land atomically.
//!
//! Formats are documented in `docs/output-format.md`; their column and key names are a contract.

pub mod csv;
pub mod json;
pub mod nfg;
pub mod text;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file marking a directory as an armistice output directory (so it may be replaced).
pub const MARKER: &str = ".armistice-output";

/// A directory being written: files go into a hidden sibling, which replaces the target in one
/// rename on [`Staging::commit`]. Dropped without commit, it leaves nothing behind — an interrupted or
/// failed command never leaves a half-written result, and never mixes old and new files.
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to write `target`. An existing directory is replaced only if it is empty, was written
    /// by armistice (it holds the marker file), or `force` is set.
    pub fn new(target: &Path, force: bool) -> Result<Staging> {
        if target.exists() {
            if !target.is_dir() {
                return Err(Error::Usage(format!(
                    "output path `{}` exists and is not a directory",
                    target.display()
                )));
            }
            let ours = target.join(MARKER).exists();
            let empty = fs::read_dir(target)
                .map_err(|e| Error::io(format!("cannot read `{}`", target.display()), e))?
                .next()
                .is_none();
            if !ours && !empty && !force {
                return Err(Error::Usage(format!(
                    "output directory `{}` exists and was not written by armistice; refusing to mix results (use --force to replace it, or choose another --out)",
                    target.display()
                )));
            }
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .map_err(|e| Error::io(format!("cannot create `{}`", parent.display()), e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = fs::remove_dir_all(&tmp);
        }
        fs::create_dir(&tmp)
            .map_err(|e| Error::io(format!("cannot create `{}`", tmp.display()), e))?;
        fs::write(
            tmp.join(MARKER),
            "written by armistice; this directory may be replaced by it\n",
        )
        .map_err(|e| Error::io(format!("cannot write in `{}`", tmp.display()), e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// Where a file named `name` is being written.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// Writes a whole file.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let p = self.path(name);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create `{}`", dir.display()), e))?;
        }
        fs::write(&p, bytes).map_err(|e| Error::io(format!("cannot write `{}`", p.display()), e))
    }

    /// The final directory.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the staged directory into place.
    pub fn commit(mut self) -> Result<()> {
        let old = self.tmp.with_extension("old");
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(|e| {
                Error::io(format!("cannot move aside `{}`", self.target.display()), e)
            })?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            if old.exists() {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Error::io(
                format!("cannot move results into `{}`", self.target.display()),
                e,
            ));
        }
        self.committed = true;
        if old.exists() {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes one file atomically (temporary file in the same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("cannot create `{}`", dir.display()), e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&tmp, bytes)
        .map_err(|e| Error::io(format!("cannot write `{}`", tmp.display()), e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(format!("cannot write `{}`", path.display()), e)
    })
}
