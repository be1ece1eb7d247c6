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

/// What armistice itself writes into an output directory. A marked directory holding anything else
/// has been added to by hand, so it is not replaced without `--force`.
pub const OWNED: &[&str] = &[
    MARKER,
    "runs.csv",
    "summary.json",
    "partial.json",
    "charts",
    "compare.json",
    "paired_runs.csv",
    "sensitivity.json",
    "sensitivity.csv",
];

/// A directory being written: files go into a hidden sibling (`.NAME.tmp-PID`), which replaces the
/// target in one rename on [`Staging::commit`]. Dropped without commit, it leaves nothing behind — an
/// interrupted or failed command never leaves a half-written result, and never mixes old and new files.
/// A process killed outright (SIGKILL, power loss) cannot clean up; its sibling is removed by the next
/// command that writes next to it (see [`remove_stale`]), and the target itself is never half-written.
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to write `target`. An existing directory is replaced only if it is empty, was written
    /// by armistice (it holds the marker file and only what armistice writes), or `force` is set.
    pub fn new(target: &Path, force: bool) -> Result<Staging> {
        if target.exists() {
            if !target.is_dir() {
                return Err(Error::Usage(format!(
                    "output path `{}` exists and is not a directory; choose another --out",
                    target.display()
                )));
            }
            let entries: Vec<String> = fs::read_dir(target)
                .map_err(|e| Error::io(format!("cannot read `{}`", target.display()), e))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            let ours = entries.iter().any(|n| n == MARKER);
            let foreign: Vec<&String> = entries
                .iter()
                .filter(|n| !OWNED.contains(&n.as_str()))
                .collect();
            if !force && !entries.is_empty() {
                if !ours {
                    return Err(Error::Usage(format!(
                        "output directory `{}` exists and was not written by armistice; refusing to mix results (use --force to replace it, or choose another --out)",
                        target.display()
                    )));
                }
                if let Some(f) = foreign.first() {
                    return Err(Error::Usage(format!(
                        "output directory `{}` holds `{f}`, which armistice did not write; refusing to replace it (move that file away, use --force to replace the whole directory, or choose another --out)",
                        target.display()
                    )));
                }
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
        remove_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = fs::remove_dir_all(&tmp);
        }
        fs::create_dir(&tmp)
            .map_err(|e| Error::io(format!("cannot create `{}`", tmp.display()), e))?;
        let staging = Staging {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        };
        staging.write(
            MARKER,
            b"written by armistice; this directory may be replaced by it\n",
        )?;
        Ok(staging)
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

    /// Moves the staged directory into place: its files are flushed to disk first, so that after a
    /// crash the target holds either the old results or the complete new ones.
    pub fn commit(mut self) -> Result<()> {
        sync_tree(&self.tmp)?;
        let old = self
            .tmp
            .with_file_name(format!(".{}.old-{}", self.name(), std::process::id()));
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

    fn name(&self) -> String {
        self.target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn sync_tree(dir: &Path) -> Result<()> {
    let entries =
        fs::read_dir(dir).map_err(|e| Error::io(format!("cannot read `{}`", dir.display()), e))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sync_tree(&p)?;
        } else {
            fs::File::open(&p)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(format!("cannot flush `{}` to disk", p.display()), e))?;
        }
    }
    Ok(())
}

/// Whether process `pid` is (as far as we can tell) still running. Without `/proc` we cannot tell, and
/// answer yes, so nothing another process may still be writing is ever removed.
fn alive(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    if !proc_root.join("self").exists() {
        return true;
    }
    pid == std::process::id() || proc_root.join(pid.to_string()).exists()
}

/// Removes the staging siblings (`.NAME.tmp-PID`, `.NAME.old-PID`) that processes killed before they
/// could clean up left in `parent`. Only those of processes that are no longer running are touched;
/// the results in `parent/NAME` itself never are.
pub fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = rest
            .strip_prefix("tmp-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if !alive(pid) {
                let p = e.path();
                if p.is_dir() {
                    let _ = fs::remove_dir_all(&p);
                } else {
                    let _ = fs::remove_file(&p);
                }
            }
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
    remove_stale(&dir, &name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    fs::File::create(&tmp)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            Error::io(format!("cannot write `{}`", tmp.display()), e)
        })?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(format!("cannot write `{}`", path.display()), e)
    })
}
