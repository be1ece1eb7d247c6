//! Errors at the library's boundaries, and the source map that turns byte spans into file:line:column.
//!
//! Scenario problems are collected as [`Diagnostic`]s (several at once where that helps) and rendered
//! the way compilers do: the message, `--> file:line:column`, the offending line with a caret under the
//! span, and a hint saying how to fix it.

use std::fmt;
use std::ops::Range;

/// One loaded source text (a scenario file, an embedded scenario, or a `--set` argument).
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in messages: a path, `embedded:NAME`, or `--set ...`.
    pub name: String,
    /// The text.
    pub text: String,
    /// Where this source starts in the global span space of its [`SourceMap`].
    pub base: usize,
}

/// All sources of one scenario load. Spans from different files live in one global space so that values
/// merged from several files (an overlay and its parents) still point into the right file.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
    next: usize,
}

impl SourceMap {
    /// Adds a source and returns its base offset.
    pub fn add(&mut self, name: String, text: String) -> usize {
        let base = self.next;
        // One byte of padding keeps an end-of-file span from touching the next file.
        self.next = base + text.len() + 1;
        self.sources.push(Source { name, text, base });
        base
    }

    /// Number of sources.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Whether no source was added.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Source number `i` (in the order added).
    pub fn get(&self, i: usize) -> &Source {
        &self.sources[i]
    }

    /// The source containing global offset `at`.
    pub fn find(&self, at: usize) -> Option<&Source> {
        self.sources
            .iter()
            .rev()
            .find(|s| s.base <= at && at <= s.base + s.text.len())
    }

    /// Resolves a global span to a location.
    pub fn locate(&self, span: Range<usize>) -> Option<Location> {
        let src = self.find(span.start)?;
        let start = span.start - src.base;
        let end = span
            .end
            .saturating_sub(src.base)
            .clamp(start, src.text.len());
        Some(Location::in_text(&src.name, &src.text, start..end))
    }
}

/// A resolved position in a source text.
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    /// Source name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the line.
    pub line_text: String,
    /// Width of the underline, in characters (at least 1).
    pub width: usize,
}

impl Location {
    /// Locates byte range `span` of `text`.
    pub fn in_text(file: &str, text: &str, span: Range<usize>) -> Location {
        let start = floor_char(text, span.start.min(text.len()));
        let end = floor_char(text, span.end.min(text.len())).max(start);
        let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line_end = text[start..]
            .find('\n')
            .map(|i| start + i)
            .unwrap_or(text.len());
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        Location {
            file: file.to_string(),
            line,
            column,
            line_text: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            width,
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What is wrong.
    pub message: String,
    /// Where, if known.
    pub location: Option<Location>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a location (e.g. an unreadable file, reported with its path in the message).
    pub fn plain(message: impl Into<String>, hint: Option<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            location: None,
            hint,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if let Some(loc) = &self.location {
            let n = loc.line.to_string();
            let pad = " ".repeat(n.len());
            writeln!(f, "{pad}--> {}:{}:{}", loc.file, loc.line, loc.column)?;
            writeln!(f, "{pad} |")?;
            writeln!(f, "{n} | {}", loc.line_text)?;
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(loc.column.saturating_sub(1)),
                "^".repeat(loc.width.min(80))
            )?;
            if let Some(h) = &self.hint {
                writeln!(f, "{pad} = help: {h}")?;
            }
        } else if let Some(h) = &self.hint {
            writeln!(f, "  = help: {h}")?;
        }
        Ok(())
    }
}

/// A scenario that could not be loaded: every problem found, each with its location.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
    /// A single located or plain problem.
    pub fn one(d: Diagnostic) -> ScenarioError {
        ScenarioError {
            diagnostics: vec![d],
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.diagnostics.len() > 1 {
            write!(f, "\n{} errors in the scenario", self.diagnostics.len())?;
        }
        Ok(())
    }
}

/// Errors of a whole command, as the library reports them: input problems (exit 2) and runtime failures
/// (exit 1) are told apart by [`Error::is_input`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario is invalid.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A command-line value is invalid (e.g. a `--set` path).
    #[error("{0}")]
    Usage(String),
    /// A resource limit would be exceeded.
    #[error("{0}")]
    Limit(String),
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Producing an output failed.
    #[error("{0}")]
    Output(String),
    /// The user interrupted the command.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    /// Whether the error is the user's input (exit 2) rather than a runtime failure (exit 1).
    pub fn is_input(&self) -> bool {
        matches!(self, Error::Scenario(_) | Error::Usage(_) | Error::Limit(_))
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// "did you mean `X`?" for a misspelt id, or the list of valid ones.
pub fn suggest(got: &str, known: &[String], kind: &str) -> String {
    let best = known
        .iter()
        .map(|k| (edit_distance(&got.to_lowercase(), &k.to_lowercase()), k))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, k)) if d <= 2.max(got.len() / 3) => format!("did you mean `{k}`?"),
        _ if known.is_empty() => format!("no {kind} is declared"),
        _ => {
            let mut list: Vec<&str> = known.iter().map(String::as_str).take(30).collect();
            if known.len() > 30 {
                list.push("…");
            }
            format!("known {kind}s: {}", list.join(", "))
        }
    }
}

/// Levenshtein distance (for hints only).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_name_the_nearest_id_or_list_the_known_ones() {
        let known = vec!["North".to_string(), "Nord".to_string(), "South".to_string()];
        assert_eq!(suggest("Nrth", &known, "actor"), "did you mean `North`?");
        assert!(suggest("Zimbabwe", &known, "actor").starts_with("known actors: North"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn locates_spans_across_sources() {
        let mut m = SourceMap::default();
        let a = m.add("a.toml".into(), "x = 1\ny = 2\n".into());
        let b = m.add("b.toml".into(), "[s]\nid = \"é\"\n".into());
        let l = m.locate(a + 6..a + 7).unwrap();
        assert_eq!((l.file.as_str(), l.line, l.column), ("a.toml", 2, 1));
        let l = m.locate(b + 9..b + 13).unwrap();
        assert_eq!((l.file.as_str(), l.line, l.column), ("b.toml", 2, 6));
        assert_eq!(l.line_text, "id = \"é\"");
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic {
            message: "unknown actor `Suoth`".into(),
            location: Some(Location::in_text(
                "s.toml",
                "a = 1\nlead = \"Suoth\"\n",
                13..19,
            )),
            hint: Some("did you mean `South`?".into()),
        };
        let s = d.to_string();
        assert!(s.contains("--> s.toml:2:8"), "{s}");
        assert!(s.contains("2 | lead = \"Suoth\""), "{s}");
        assert!(s.contains("^^^^^^"), "{s}");
        assert!(s.contains("help: did you mean `South`?"), "{s}");
    }
}
