//! Diagnostics: one problem in a scenario (message, location, hint), their collection with a bound
//! on how many are kept, and their rendering the way compilers do.

use std::fmt;

use super::source::Location;

/// Most diagnostics kept and shown for one scenario; the rest are counted ("and N more"), so the
/// error output and the memory it takes stay bounded whatever the input.
pub const MAX_DIAGNOSTICS: usize = 50;

/// One problem found in a scenario.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
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
        let Some(loc) = &self.location else {
            if let Some(h) = &self.hint {
                writeln!(f, "  = help: {h}")?;
            }
            return Ok(());
        };
        let n = loc.line.to_string();
        let pad = " ".repeat(n.len());
        writeln!(f, "{pad}--> {}:{}:{}", loc.file, loc.line, loc.column)?;
        writeln!(f, "{pad} |")?;
        writeln!(f, "{n} | {}", loc.line_text)?;
        writeln!(
            f,
            "{pad} | {}{}",
            " ".repeat(loc.text_column.saturating_sub(1)),
            "^".repeat(loc.width.min(80))
        )?;
        if let Some(h) = &self.hint {
            writeln!(f, "{pad} = help: {h}")?;
        }
        Ok(())
    }
}

/// A scenario that could not be loaded: the problems found (the first [`MAX_DIAGNOSTICS`]), each
/// with its location, and how many more there were.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize)]
pub struct ScenarioError {
    /// The problems kept, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found beyond those kept.
    pub more: usize,
}

impl ScenarioError {
    /// A single located or plain problem.
    pub fn one(d: Diagnostic) -> ScenarioError {
        ScenarioError::new(vec![d])
    }

    /// The problems in `diagnostics`, the first [`MAX_DIAGNOSTICS`] kept.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> ScenarioError {
        let more = diagnostics.len().saturating_sub(MAX_DIAGNOSTICS);
        diagnostics.truncate(MAX_DIAGNOSTICS);
        ScenarioError { diagnostics, more }
    }

    /// Every problem found, those not kept included.
    pub fn count(&self) -> usize {
        self.diagnostics.len() + self.more
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
        if self.more > 0 {
            write!(
                f,
                "\n… and {} more, not shown (only the first {} are; fix these and validate again)",
                self.more,
                self.diagnostics.len()
            )?;
        }
        if self.count() > 1 {
            write!(f, "\n{} errors in the scenario", self.count())?;
        }
        Ok(())
    }
}

/// Diagnostics as they are found: the first [`MAX_DIAGNOSTICS`] kept, the rest only counted.
/// Callers whose message or hint is costly to build (a location, a suggestion) ask
/// [`Collector::keeps`] first and [`Collector::skip`] when it says no.
#[derive(Debug, Default)]
pub struct Collector {
    kept: Vec<Diagnostic>,
    more: usize,
}

impl Collector {
    /// Whether the next diagnostic would be kept.
    pub fn keeps(&self) -> bool {
        self.kept.len() < MAX_DIAGNOSTICS
    }

    /// Adds a diagnostic (counted only, once [`MAX_DIAGNOSTICS`] are kept).
    pub fn push(&mut self, d: Diagnostic) {
        if self.keeps() {
            self.kept.push(d);
        } else {
            self.more += 1;
        }
    }

    /// Counts a diagnostic that was not built because it would not be kept.
    pub fn skip(&mut self) {
        self.more += 1;
    }

    /// How many problems were found, kept or not.
    pub fn count(&self) -> usize {
        self.kept.len() + self.more
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.more == 0
    }

    /// Every problem found so far as an error (leaving the collector empty), or `Ok` if none.
    pub fn check(&mut self) -> Result<(), ScenarioError> {
        if self.is_empty() {
            return Ok(());
        }
        Err(ScenarioError {
            diagnostics: std::mem::take(&mut self.kept),
            more: std::mem::take(&mut self.more),
        })
    }
}

/// "did you mean `X`?" for a misspelt id, or the list of valid ones.
pub fn suggest(got: &str, known: &[String], kind: &str) -> String {
    // Edit distances cost the product of the lengths: a hostile id of megabytes is compared by
    // its first characters only.
    let head = |s: &str| s.chars().take(64).collect::<String>().to_lowercase();
    let got = head(got);
    let best = known
        .iter()
        .map(|k| (edit_distance(&got, &head(k)), k))
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

    #[test]
    fn only_the_first_diagnostics_are_kept_and_the_rest_counted() {
        let mut c = Collector::default();
        for i in 0..MAX_DIAGNOSTICS + 7 {
            c.push(Diagnostic::plain(format!("problem {i}"), None));
        }
        let e = c.check().unwrap_err();
        assert_eq!(
            (e.diagnostics.len(), e.more, e.count()),
            (MAX_DIAGNOSTICS, 7, MAX_DIAGNOSTICS + 7)
        );
        let s = e.to_string();
        assert!(s.contains("… and 7 more, not shown"), "{s}");
        assert!(
            s.ends_with(&format!("{} errors in the scenario", MAX_DIAGNOSTICS + 7)),
            "{s}"
        );
        assert!(c.check().is_ok());
    }
}
