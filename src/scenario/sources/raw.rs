//! The serde mirror of the bibliography (`[[work]]`, `[[collection]]`) and of the record files of its
//! collections: exactly the keys they may contain, nothing validated yet.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::scenario::raw::S;

/// A bibliography file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBibliography {
    #[serde(default)]
    pub collection: Vec<Spanned<RawCollection>>,
    #[serde(default)]
    pub work: Vec<Spanned<RawWork>>,
}

/// A collection of records in another file, cited as `prefix:ID`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCollection {
    pub prefix: S,
    pub file: S,
    pub table: S,
    pub title: Option<String>,
    pub note: Option<String>,
}

/// A work: a book, an article, a document, a web page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWork {
    pub id: S,
    pub kind: S,
    pub author: Option<String>,
    pub editor: Option<String>,
    pub title: S,
    pub series: Option<String>,
    pub container: Option<String>,
    pub volume: Option<String>,
    pub number: Option<String>,
    pub pages: Option<String>,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub year: Option<Spanned<i64>>,
    pub date: Option<Spanned<Datetime>>,
    pub url: Option<S>,
    #[serde(default)]
    pub consulted: Vec<S>,
    pub file: Option<S>,
    pub note: Option<String>,
}

/// A record of a collection: a dated milestone or a quantity (the keys of both kinds).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecord {
    pub id: S,
    pub label: Option<String>,
    pub date: Option<Spanned<Datetime>>,
    pub end_date: Option<Spanned<Datetime>>,
    pub alt_date: Option<Spanned<Datetime>>,
    pub date_precision: Option<S>,
    pub value: Option<Spanned<f64>>,
    pub low: Option<Spanned<f64>>,
    pub high: Option<Spanned<f64>>,
    pub unit: Option<String>,
    pub as_of: Option<String>,
    pub denominator: Option<Spanned<f64>>,
    pub certainty: Option<S>,
    #[serde(default)]
    pub source: Vec<S>,
    pub seed: Option<S>,
    pub seed_only: Option<bool>,
    pub note: Option<String>,
}
