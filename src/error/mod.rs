//! Errors at the library's boundaries, and the source map that turns byte spans into file:line:column.
//!
//! Scenario problems are collected as [`Diagnostic`]s (several at once where that helps, at most
//! [`MAX_DIAGNOSTICS`]) and rendered the way compilers do: the message, `--> file:line:column`, the
//! offending line (or a window of a long one) with a caret under the span, and a hint saying how to
//! fix it. `source.rs` holds the source map, `diagnostic.rs` the diagnostics; this file the
//! command-level [`Error`] the binary maps to exit codes.

mod diagnostic;
mod source;

pub use diagnostic::{
    Collector, Diagnostic, MAX_DIAGNOSTICS, ScenarioError, edit_distance, suggest,
};
pub use source::{EXCERPT_AFTER, EXCERPT_BEFORE, EXCERPT_MAX, Location, Source, SourceMap};

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

    /// The exit status a command ends with on this error: 130 when interrupted, 2 for the user's
    /// input, 1 for a runtime failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted => 130,
            e if e.is_input() => 2,
            _ => 1,
        }
    }

    /// The text to print on standard error, ending with a newline: a scenario's diagnostics as
    /// rendered (each with its own `error:` line, location and hint), anything else as
    /// `error: MESSAGE`.
    pub fn render(&self) -> String {
        let mut text = match self {
            Error::Scenario(e) => e.to_string(),
            other => format!("error: {other}"),
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_errors_render_as_diagnostics_and_others_get_a_prefix() {
        let e = Error::from(ScenarioError::one(Diagnostic::plain(
            "no actor",
            Some("add one".into()),
        )));
        assert_eq!(e.render(), "error: no actor\n  = help: add one\n");
        assert_eq!(e.exit_code(), 2);
        let e = Error::Usage("error: looks rendered but is a usage message".into());
        assert_eq!(
            e.render(),
            "error: error: looks rendered but is a usage message\n"
        );
        assert_eq!(Error::Output("disk full".into()).exit_code(), 1);
        assert_eq!(Error::Interrupted.exit_code(), 130);
    }
}
