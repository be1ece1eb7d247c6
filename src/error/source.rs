//! The source map: every text a scenario was loaded from, in one global span space, and the
//! resolution of a span to file, line, column and an excerpt of the line.

use std::ops::Range;
use std::sync::OnceLock;

/// Longest line shown whole under a message, in characters; a longer line is cut to a window of
/// [`EXCERPT_BEFORE`] characters before the span and [`EXCERPT_AFTER`] from it, with `…` where cut.
pub const EXCERPT_MAX: usize = 120;
/// Characters of a long line shown before the span.
pub const EXCERPT_BEFORE: usize = 40;
/// Characters of a long line shown from the span on.
pub const EXCERPT_AFTER: usize = 60;

/// One loaded source text (a scenario file, an embedded scenario, a data file, or a `--set`
/// argument).
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in messages: a path, `embedded:NAME`, or `--set ...`.
    pub name: String,
    /// The text.
    pub text: String,
    /// Where this source starts in the global span space of its [`SourceMap`].
    pub base: usize,
    /// Byte offset of the start of each line, built on first use.
    lines: OnceLock<Vec<usize>>,
}

impl Source {
    /// The byte offsets at which lines start (the first is 0).
    fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }
}

/// All sources of one scenario load. Spans from different files live in one global space so that
/// values merged from several files (an overlay and its parents) still point into the right file.
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
        self.sources.push(Source {
            name,
            text,
            base,
            lines: OnceLock::new(),
        });
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

    /// The index of the source containing global offset `at`.
    pub fn index_of(&self, at: usize) -> Option<usize> {
        self.sources
            .iter()
            .rposition(|s| s.base <= at && at <= s.base + s.text.len())
    }

    /// The source containing global offset `at`.
    pub fn find(&self, at: usize) -> Option<&Source> {
        self.index_of(at).map(|i| &self.sources[i])
    }

    /// Resolves a global span to a location.
    pub fn locate(&self, span: Range<usize>) -> Option<Location> {
        let src = self.find(span.start)?;
        let start = span.start - src.base;
        let end = span
            .end
            .saturating_sub(src.base)
            .clamp(start, src.text.len());
        let line = src.line_starts().partition_point(|&s| s <= start);
        Some(Location::at_line(
            &src.name,
            &src.text,
            start..end,
            line,
            src.line_starts()[line - 1],
        ))
    }
}

/// A resolved position in a source text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Location {
    /// Source name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the line, or of a window of it around the column when the line is longer than
    /// [`EXCERPT_MAX`] characters (with `…` where it was cut).
    pub line_text: String,
    /// 1-based column of the span's start within `line_text` (the same as `column` unless the
    /// line was cut).
    pub text_column: usize,
    /// Width of the underline, in characters (at least 1, at most the rest of `line_text`).
    pub width: usize,
}

impl Location {
    /// Locates byte range `span` of `text` (finding its line by a scan from the start; a
    /// [`SourceMap`] uses its line index instead).
    pub fn in_text(file: &str, text: &str, span: Range<usize>) -> Location {
        let start = floor_char(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line = text[..line_start].matches('\n').count() + 1;
        Location::at_line(file, text, span, line, line_start)
    }

    /// Locates `span` of `text`, on 1-based line `line` that starts at byte `line_start`.
    fn at_line(
        file: &str,
        text: &str,
        span: Range<usize>,
        line: usize,
        line_start: usize,
    ) -> Location {
        let start = floor_char(text, span.start.min(text.len())).max(line_start);
        let end = floor_char(text, span.end.min(text.len())).max(start);
        let line_end = text[start..]
            .find('\n')
            .map(|i| start + i)
            .unwrap_or(text.len());
        let full = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        let (line_text, text_column, width) = excerpt(full, column, width);
        Location {
            file: file.to_string(),
            line,
            column,
            line_text,
            text_column,
            width,
        }
    }
}

/// The line itself when it is short; otherwise a window around 1-based `column`, cut at character
/// boundaries and marked with `…`. Returns the text, the column in it, and the width clipped to it.
fn excerpt(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    // Counting stops past the limit: a long line costs no more than the window.
    if line.chars().take(EXCERPT_MAX + 1).count() <= EXCERPT_MAX {
        return (line.to_string(), column, width);
    }
    let first = column.saturating_sub(1).saturating_sub(EXCERPT_BEFORE);
    let mut text = String::new();
    if first > 0 {
        text.push('…');
    }
    let mut rest = line.chars().skip(first);
    text.extend(rest.by_ref().take(column - 1 - first + EXCERPT_AFTER));
    if rest.next().is_some() {
        text.push('…');
    }
    let text_column = column - first + usize::from(first > 0);
    let room = EXCERPT_AFTER.max(1);
    (text, text_column, width.min(room))
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Location::in_text("b.toml", &m.get(1).text, 9..13), l);
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("veto = [{}\"zz\"]", "\"a\", ".repeat(10_000));
        let at = line.find("zz").unwrap();
        let l = Location::in_text("s.toml", &line, at..at + 2);
        assert_eq!(l.column, at + 1);
        assert!(
            l.line_text.starts_with('…') && !l.line_text.ends_with('…'),
            "{}",
            l.line_text
        );
        assert!(l.line_text.chars().count() <= EXCERPT_BEFORE + EXCERPT_AFTER + 2);
        let under: String = l
            .line_text
            .chars()
            .skip(l.text_column - 1)
            .take(2)
            .collect();
        assert_eq!(under, "zz");
        // At the start of the line: no leading ellipsis, a trailing one.
        let l = Location::in_text("s.toml", &line, 0..4);
        assert_eq!((l.text_column, l.line_text.ends_with('…')), (1, true));
        assert!(l.line_text.starts_with("veto"));
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let l = Location::in_text("s.toml", "a = 1\nlead = \"Suoth\"\n", 13..19);
        assert_eq!(
            (l.line_text.as_str(), l.text_column, l.width),
            ("lead = \"Suoth\"", 8, 6)
        );
    }
}
