//! The validation context: collected diagnostics and the value checks every table uses (finite
//! numbers, ranges, references by id, expressions, dates and turns).

use std::ops::Range;

use toml::Value;

use super::ids::{Ids, Names};
use crate::error::{Collector, Diagnostic, ScenarioError, SourceMap, suggest};
use crate::expr::{Expr, ExprError};
use crate::scenario::raw::{S, V};
use crate::time::{Clock, Date};

/// Diagnostics collected while validating one scenario, with the sources to locate them in.
pub(super) struct Ctx<'a> {
    pub map: &'a SourceMap,
    diags: Collector,
}

impl<'a> Ctx<'a> {
    pub fn new(map: &'a SourceMap) -> Ctx<'a> {
        Ctx {
            map,
            diags: Collector::default(),
        }
    }

    /// Whether another problem would be kept (see [`Collector`]): a costly hint is only built
    /// when it is.
    pub fn keeps(&self) -> bool {
        self.diags.keeps()
    }

    /// How many problems were found so far (kept or not).
    pub fn count(&self) -> usize {
        self.diags.count()
    }

    /// Counts a problem not worth building because it would not be kept.
    pub fn skip(&mut self) {
        self.diags.skip();
    }

    /// Records a problem at `span` (only counted, without locating it, once enough are kept).
    pub fn err(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        if !self.keeps() {
            self.skip();
            return;
        }
        self.diags.push(Diagnostic {
            message: message.into(),
            location: self.map.locate(span),
            hint: hint.into(),
        });
    }

    /// Every problem collected so far as an error, if there is one.
    pub fn check(&mut self) -> Result<(), ScenarioError> {
        self.diags.check()
    }

    fn expr_error(&mut self, start: usize, len: usize, e: ExprError, what: &str) {
        let off = if e.offset == usize::MAX {
            len
        } else {
            e.offset
        };
        // +1 skips the opening quote of the TOML string.
        let at = start + 1 + off;
        self.err(at..at + 1, format!("in {what}: {}", e.message), e.hint);
    }

    /// An expression written as a string (a condition).
    pub fn expr_str(&mut self, s: &S, names: &Names, what: &str) -> Option<Expr> {
        match Expr::parse(s.get_ref(), &names.hinting(self.keeps())) {
            Ok(e) => Some(e),
            Err(e) => {
                self.expr_error(s.span().start, s.get_ref().len(), e, what);
                None
            }
        }
    }

    /// A number or an expression string.
    pub fn expr_value(&mut self, v: &V, names: &Names, what: &str) -> Option<Expr> {
        match v.get_ref() {
            Value::Integer(i) => Some(Expr::constant(*i as f64)),
            Value::Float(f) if f.is_finite() => Some(Expr::constant(*f)),
            Value::Float(f) => {
                self.err(
                    v.span(),
                    format!("{what} is {f}; numbers must be finite"),
                    finite_hint(),
                );
                None
            }
            Value::String(s) => match Expr::parse(s, &names.hinting(self.keeps())) {
                Ok(e) => Some(e),
                Err(e) => {
                    self.expr_error(v.span().start, s.len(), e, what);
                    None
                }
            },
            other => {
                self.err(
                    v.span(),
                    format!(
                        "{what} must be a number or an expression string, not a {}",
                        other.type_str()
                    ),
                    Some("e.g. `value = -1.0` or `value = \"-1 - 0.5 * pressure\"`".to_string()),
                );
                None
            }
        }
    }

    /// A finite number (0 after an error).
    pub fn finite(&mut self, v: &toml::Spanned<f64>, what: &str) -> f64 {
        let x = *v.get_ref();
        if !x.is_finite() {
            self.err(
                v.span(),
                format!("{what} is {x}; numbers must be finite"),
                finite_hint(),
            );
            return 0.0;
        }
        x
    }

    /// A finite number in `[lo, hi]` (clamped after an error).
    pub fn in_range(
        &mut self,
        v: &toml::Spanned<f64>,
        lo: f64,
        hi: f64,
        what: &str,
        hint: &str,
    ) -> f64 {
        let x = self.finite(v, what);
        if x < lo || x > hi {
            self.err(
                v.span(),
                format!("{what} is {x}, outside [{lo}, {hi}]"),
                Some(hint.to_string()),
            );
        }
        x.clamp(lo, hi)
    }

    /// Records an unknown name with a suggestion among `known()`, which is only listed (and the
    /// edit distances only computed) if the problem is kept.
    pub fn unknown(
        &mut self,
        span: Range<usize>,
        message: String,
        got: &str,
        known: impl FnOnce() -> Vec<String>,
        kind: &str,
    ) {
        if !self.keeps() {
            self.skip();
            return;
        }
        let hint = suggest(got, &known(), kind);
        self.err(span, message, Some(hint));
    }

    /// The index of the `kind` named by `s`, or an error with a suggestion.
    pub fn lookup(&mut self, ids: &Ids, s: &S, kind: &str) -> Option<usize> {
        let r = ids.get(s.get_ref());
        if r.is_none() {
            let message = format!("unknown {kind} `{}`", s.get_ref());
            self.unknown(s.span(), message, s.get_ref(), || ids.list(), kind);
        }
        r
    }

    /// The span of bytes `r` of string `s`'s value in its file: exact when the string is written
    /// without escapes (the usual case), otherwise the whole string.
    pub fn span_in(&self, s: &S, r: Range<usize>) -> Range<usize> {
        let span = s.span();
        let exact = self.map.find(span.start).and_then(|src| {
            let at = span.start - src.base;
            let text = &src.text[at..(span.end - src.base).min(src.text.len())];
            let quote = text.starts_with('"') || text.starts_with('\'');
            let inner = text.get(1..1 + r.end)?;
            (quote
                && !text.starts_with("\"\"\"")
                && inner.get(r.start..) == s.get_ref().get(r.clone()))
            .then_some(span.start + 1 + r.start..span.start + 1 + r.end)
        });
        exact.unwrap_or(span)
    }

    /// A TOML date (no time, no offset) as a calendar date.
    pub fn date(&mut self, d: &toml::Spanned<toml::value::Datetime>, what: &str) -> Option<Date> {
        let dt = d.get_ref();
        match (dt.date, dt.time) {
            (Some(date), None) => {
                let r = Date::from_ymd(date.year as i64, date.month as u32, date.day as u32);
                if r.is_none() {
                    self.err(
                        d.span(),
                        format!("{what}: {dt} is not a calendar date"),
                        Some("check the month and the day (1953-02-29 does not exist)".to_string()),
                    );
                }
                r
            }
            _ => {
                self.err(
                    d.span(),
                    format!("{what} must be a date like 1953-07-27, not `{dt}`"),
                    Some("write a bare TOML date without time or offset".to_string()),
                );
                None
            }
        }
    }

    /// Reads a `date or turn` value into a turn number.
    pub fn turn(&mut self, v: &V, clock: &Clock, what: &str) -> Option<i64> {
        match v.get_ref() {
            Value::Integer(i) => Some(*i),
            Value::Datetime(dt) => {
                let Some(start) = clock.start else {
                    self.err(
                        v.span(),
                        format!("{what} is a date, but the scenario has no `start` date (abstract turns)"),
                        Some("give a turn number instead, or a `start` date in [scenario]".to_string()),
                    );
                    return None;
                };
                let date = dt
                    .date
                    .and_then(|d| Date::from_ymd(d.year as i64, d.month as u32, d.day as u32));
                match (date, dt.time) {
                    (Some(d), None) => Some((d.0 - start.0).div_euclid(clock.turn_days as i64)),
                    _ => {
                        self.err(
                            v.span(),
                            format!("{what} must be a date like 1953-07-27 or a turn number"),
                            Some("write a bare TOML date without time or offset".to_string()),
                        );
                        None
                    }
                }
            }
            other => {
                self.err(
                    v.span(),
                    format!(
                        "{what} must be a date or a turn number, not a {}",
                        other.type_str()
                    ),
                    Some(
                        "a whole number of turns (e.g. 60) or a date (e.g. 1953-07-27)".to_string(),
                    ),
                );
                None
            }
        }
    }
}

fn finite_hint() -> Option<String> {
    Some("nan and inf are not numbers a scenario can use; write a finite value".to_string())
}
