//! Outputs: `runs.csv`, `summary.json`, the text summary, and the staging directory that makes every
//! output land atomically.
//!
//! Formats are documented in `docs/output-format.md`; their column and key names are a contract.

pub mod checksum;
pub mod command;
pub mod csv;
pub mod json;
pub mod nfg;
pub mod text;

pub use command::{run_command, shell_word};

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file marking a directory as an armistice output directory (so it may be replaced). It lists
/// the files armistice wrote there (its manifest): a marked directory holding anything else has been
/// added to by hand, so it is not replaced without `--force`.
pub const MARKER: &str = ".armistice-output";

const MARKER_HEAD: &str = "written by armistice; this directory may be replaced by it\n# what armistice wrote here (anything else makes it refuse to replace the directory):\n";

/// The marker's text for a directory holding `names` (top-level names; the marker itself is implied).
pub fn marker_text<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut t = String::from(MARKER_HEAD);
    for n in names {
        if n != MARKER {
            t.push_str(n);
            t.push('\n');
        }
    }
    t
}

/// What the marker of `dir` says armistice wrote there: `None` when `dir` has no marker, an empty
/// list for the markers of versions that kept no manifest.
fn manifest(dir: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(dir.join(MARKER)).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Refuses an output path that cannot be a directory, with a message that says why: a regular file
/// in its way (`--out a/b` where `a` is a file), or a symbolic link to nowhere. Returns the directory
/// to write: the path itself, or the directory a symbolic link at it points to (written through, so
/// the link stays).
pub fn output_dir(target: &Path) -> Result<PathBuf> {
    let usage = |why: String| Error::Usage(format!("cannot write `{}`: {why}", target.display()));
    no_file_in_the_way(target)?;
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => match fs::canonicalize(target) {
            Ok(real) if real.is_dir() => Ok(real),
            Ok(real) => Err(usage(format!(
                "it is a symbolic link to `{}`, which is not a directory; choose another --out",
                real.display()
            ))),
            Err(_) => Err(usage(
                "it is a symbolic link to a directory that does not exist; create that directory or choose another --out".into(),
            )),
        },
        Ok(m) if !m.is_dir() => Err(usage(
            "it exists and is not a directory; choose another --out".into(),
        )),
        _ => Ok(target.to_path_buf()),
    }
}

/// Refuses a path whose nearest existing ancestor is not a directory (`a/b` where `a` is a file), which
/// the OS would report as a bare "not a directory".
fn no_file_in_the_way(path: &Path) -> Result<()> {
    for a in path.ancestors().skip(1) {
        if a.as_os_str().is_empty() {
            break;
        }
        if let Ok(m) = fs::metadata(a) {
            if !m.is_dir() {
                return Err(Error::Usage(format!(
                    "cannot write `{}`: `{}` is a file, not a directory; choose another --out",
                    path.display(),
                    a.display()
                )));
            }
            break;
        }
    }
    Ok(())
}

/// Whether `dir` may be replaced: it is empty, or armistice wrote it and it holds only what
/// armistice's manifest lists; `force` replaces anything.
pub fn check_replaceable(dir: &Path, force: bool) -> Result<()> {
    if force || !dir.exists() {
        return Ok(());
    }
    let entries: Vec<String> = fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot read `{}`", dir.display()), e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    let Some(owned) = manifest(dir) else {
        return Err(Error::Usage(format!(
            "output directory `{}` exists and was not written by armistice; refusing to mix results (use --force to replace it, or choose another --out)",
            dir.display()
        )));
    };
    if owned.is_empty() {
        return Err(Error::Usage(format!(
            "output directory `{}` was written by an older armistice that kept no list of its files; use --force to replace it, or choose another --out",
            dir.display()
        )));
    }
    if let Some(f) = entries.iter().find(|n| *n != MARKER && !owned.contains(n)) {
        return Err(Error::Usage(format!(
            "output directory `{}` holds `{f}`, which armistice did not write; refusing to replace it (move that file away, use --force to replace the whole directory, or choose another --out)",
            dir.display()
        )));
    }
    Ok(())
}

/// A directory being written: files go into a hidden sibling (`.NAME.tmp-PID`), which replaces the
/// target in one rename on [`Staging::commit`]. Dropped without commit, it leaves nothing behind — an
/// interrupted or failed command never leaves a half-written result, and never mixes old and new files.
/// A process killed outright (SIGKILL, power loss) cannot clean up; its sibling is removed by the next
/// command that writes next to it (see [`remove_stale`]), and the target itself is never half-written.
/// On commit the marker lists what was written, so the next command knows what it may replace.
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to write `target` (through it, when it is a symbolic link to a directory). An existing
    /// directory is replaced only if it is empty, was written by armistice and holds only what
    /// armistice wrote, or `force` is set.
    pub fn new(target: &Path, force: bool) -> Result<Staging> {
        let target = output_dir(target)?;
        check_replaceable(&target, force)?;
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
        Ok(Staging {
            target,
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

    /// Moves the staged directory into place: its files are flushed to disk first, so that after a
    /// crash the target holds either the old results or the complete new ones.
    pub fn commit(mut self) -> Result<()> {
        let mut names: Vec<String> = fs::read_dir(&self.tmp)
            .map_err(|e| Error::io(format!("cannot read `{}`", self.tmp.display()), e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        self.write(
            MARKER,
            marker_text(names.iter().map(String::as_str)).as_bytes(),
        )?;
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

/// Refuses, before any work is done, a file output that cannot be written: one under a regular file
/// (`a/b` where `a` is a file), or one that is a directory.
pub fn check_output_file(path: &Path) -> Result<()> {
    no_file_in_the_way(path)?;
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "cannot write `{}`: it is a directory; give a file name",
            path.display()
        )));
    }
    Ok(())
}

/// Writes one file atomically (temporary file in the same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, &mut |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))
    })
}

/// Writes one file atomically, its bytes streamed by `fill` into a buffered writer (so a big file
/// never has to be held in memory); a failing `fill` leaves nothing behind. A symbolic link is
/// written through: the link stays, its target gets the new bytes.
pub fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let resolved;
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = fs::canonicalize(path).map_err(|e| {
                Error::io(
                    format!("cannot follow the symbolic link `{}`", path.display()),
                    e,
                )
            })?;
            resolved.as_path()
        }
        _ => path,
    };
    check_output_file(path)?;
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
    let written = (|| -> Result<()> {
        let io = |e| Error::io(format!("cannot write `{}`", tmp.display()), e);
        let mut w = BufWriter::new(fs::File::create(&tmp).map_err(io)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(format!("cannot write `{}`", path.display()), e)
    })
}
