//! Sources and citations: the bibliography a scenario declares (`[scenario] bibliography = "FILE"`),
//! the record collections it points to (dated milestones, quantities), and the citations of every part
//! of a scenario (its `source` and `note`), resolved against them.
//!
//! A `source` text cites a work as `@ID` (what follows, up to `;`, is the detail: chapter, page,
//! document) and a record as `PREFIX:ID`; `keys.rs` finds the keys, `compile/sources.rs` checks that
//! each resolves. The report renders [`Scenario::cited_works`] as a numbered bibliography.

pub mod keys;
pub(crate) mod raw;

use std::fmt;

use super::Scenario;
use crate::time::Date;

/// Where a part of a scenario comes from: its `source` and `note` as written, and the citation keys
/// its `source` names, resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Citation {
    /// The `source` text as written (empty when there is none).
    pub source: String,
    /// The `note` text as written (empty when there is none).
    pub note: String,
    /// The keys in `source`, in order.
    pub keys: Vec<Cite>,
}

impl Citation {
    /// Whether there is neither a source nor a note.
    pub fn is_empty(&self) -> bool {
        self.source.trim().is_empty() && self.note.trim().is_empty()
    }
}

/// One resolved citation key.
#[derive(Clone, Debug, PartialEq)]
pub enum Cite {
    /// `@ID`: a work of the bibliography, with the detail written after the key (may be empty).
    Work {
        /// Index in [`Bibliography::works`].
        work: usize,
        /// Chapter, page, document or quotation, as written.
        detail: String,
    },
    /// `PREFIX:ID`: a record of one of the bibliography's collections.
    Record {
        /// Index in [`Bibliography::collections`].
        collection: usize,
        /// Index in that collection's [`Collection::records`].
        record: usize,
    },
}

/// The bibliography of a scenario: the works it cites and the record collections that cite them.
/// Empty when the scenario declares none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bibliography {
    /// Where it was read from (a path, or `embedded:PATH`); empty when none is declared.
    pub file: String,
    /// The works, in file order.
    pub works: Vec<Work>,
    /// The record collections, in file order.
    pub collections: Vec<Collection>,
}

/// What a work is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkKind {
    /// A book (or a volume of one).
    Book,
    /// A chapter of a book.
    Chapter,
    /// A journal, magazine or newspaper article.
    Article,
    /// An official document (a telegram, a memorandum, a statement).
    Document,
    /// A treaty or agreement.
    Treaty,
    /// A report or working paper.
    Report,
    /// A web page.
    Web,
    /// A brief of the project itself (not a historical source).
    Brief,
    /// A data set.
    Dataset,
}

impl WorkKind {
    /// Every kind, as written in a bibliography.
    pub const ALL: [(&'static str, WorkKind); 9] = [
        ("book", WorkKind::Book),
        ("chapter", WorkKind::Chapter),
        ("article", WorkKind::Article),
        ("document", WorkKind::Document),
        ("treaty", WorkKind::Treaty),
        ("report", WorkKind::Report),
        ("web", WorkKind::Web),
        ("brief", WorkKind::Brief),
        ("dataset", WorkKind::Dataset),
    ];

    /// The keyword used in bibliographies.
    pub fn as_str(self) -> &'static str {
        WorkKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("book", |(s, _)| s)
    }
}

/// A work of the bibliography. Text fields are empty when not given.
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    /// Id, cited as `@id`.
    pub id: String,
    /// What it is.
    pub kind: WorkKind,
    /// Authors, `;`-separated, as written (a person or an institution).
    pub author: String,
    /// Editors, `;`-separated.
    pub editor: String,
    /// Title.
    pub title: String,
    /// Series (e.g. *United States Army in the Korean War*).
    pub series: String,
    /// The journal, newspaper, book or collection the work appears in.
    pub container: String,
    /// Volume.
    pub volume: String,
    /// Issue or document number.
    pub number: String,
    /// Pages.
    pub pages: String,
    /// Publisher.
    pub publisher: String,
    /// Place of publication.
    pub place: String,
    /// Year of publication.
    pub year: Option<i64>,
    /// Date (of a document, an article, a treaty).
    pub date: Option<Date>,
    /// A stable address of the work itself (the official or publisher's copy), if one exists.
    pub url: Option<String>,
    /// The copies actually read (often mirrors).
    pub consulted: Vec<String>,
    /// A copy in the repository, as a path relative to the bibliography file.
    pub file: Option<String>,
    /// What a reader should know about the work or the copy used.
    pub note: String,
}

impl fmt::Display for Work {
    /// A plain reference: `Author (year). Title. Container, volume(number), pages. Place: Publisher. URL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = if !self.author.is_empty() {
            self.author.clone()
        } else if !self.editor.is_empty() {
            format!("{} (ed.)", self.editor)
        } else {
            String::new()
        };
        let when = match (self.year, self.date) {
            (_, Some(d)) => format!(" ({d})"),
            (Some(y), None) => format!(" ({y})"),
            _ => String::new(),
        };
        if who.is_empty() {
            write!(f, "{}{when}.", self.title)?;
        } else {
            write!(f, "{who}{when}. {}.", self.title)?;
        }
        let part = |label: &str, v: &str, f: &mut fmt::Formatter<'_>| -> fmt::Result {
            if v.is_empty() {
                Ok(())
            } else {
                write!(f, " {label}{v}.")
            }
        };
        part("", &self.series, f)?;
        let mut within = self.container.clone();
        for (sep, v) in [
            (", vol. ", &self.volume),
            (", no. ", &self.number),
            (", ", &self.pages),
        ] {
            if !v.is_empty() {
                within.push_str(sep);
                within.push_str(v);
            }
        }
        part("In ", within.trim_start_matches(", "), f)?;
        let imprint = match (self.place.is_empty(), self.publisher.is_empty()) {
            (false, false) => format!("{}: {}", self.place, self.publisher),
            (true, false) => self.publisher.clone(),
            (false, true) => self.place.clone(),
            (true, true) => String::new(),
        };
        part("", &imprint, f)?;
        if let Some(u) = self.url.as_ref().or(self.consulted.first()) {
            write!(f, " {u}")?;
        }
        Ok(())
    }
}

/// A collection of records in a file of its own, cited as `prefix:ID`.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    /// The prefix of its keys, e.g. `timeline`.
    pub prefix: String,
    /// Title.
    pub title: String,
    /// The file, as a path relative to the bibliography.
    pub file: String,
    /// The records, in file order.
    pub records: Vec<Record>,
}

/// A record: a dated milestone or a quantity, with the works it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Id, cited as `prefix:id`.
    pub id: String,
    /// What it records.
    pub label: String,
    /// Date (milestones).
    pub date: Option<Date>,
    /// Last day of a multi-day event.
    pub end_date: Option<Date>,
    /// A competing date in other sources.
    pub alt_date: Option<Date>,
    /// `day`, `month` or `year`: how precise `date` is (empty: a day).
    pub date_precision: String,
    /// Best single value (quantities).
    pub value: Option<f64>,
    /// Low end of the range across sources.
    pub low: Option<f64>,
    /// High end of the range across sources.
    pub high: Option<f64>,
    /// Unit.
    pub unit: String,
    /// The date or period the value holds for, as written.
    pub as_of: String,
    /// The total a share is of.
    pub denominator: Option<f64>,
    /// `high`, `medium` or `low` (empty if not given).
    pub certainty: String,
    /// Its sources: each cites one or more works.
    pub sources: Vec<Citation>,
    /// The project brief that mentions it, if any.
    pub seed: Option<Citation>,
    /// Whether only a brief gives it.
    pub seed_only: bool,
    /// Note.
    pub note: String,
}

/// One cited part of a scenario, for listing sources.
#[derive(Clone, Debug)]
pub struct Cited<'a> {
    /// What it is: `dimension`, `state`, `side`, `actor`, `issue`, `option`, `constraint`,
    /// `agreement`, `flow`, `event`, `action`, `observed`, `parameter`, `outside_option`.
    pub kind: &'static str,
    /// How to name it: its id, `ISSUE.OPTION` for an option, `ISSUE (PARTY)` for a constraint, the
    /// outcome for an observed record, the path for a parameter.
    pub id: String,
    /// Its citation.
    pub cite: &'a Citation,
}

impl Bibliography {
    /// Index of a work by id.
    pub fn work(&self, id: &str) -> Option<usize> {
        self.works.iter().position(|w| w.id == id)
    }

    /// Whether the scenario declares no bibliography.
    pub fn is_empty(&self) -> bool {
        self.works.is_empty() && self.collections.is_empty()
    }

    /// The record a [`Cite::Record`] names.
    pub fn record(&self, collection: usize, record: usize) -> &Record {
        &self.collections[collection].records[record]
    }

    /// The works `keys` cite, directly or through records, appended to `out` in order of first
    /// citation (each once).
    pub fn works_of(&self, keys: &[Cite], out: &mut Vec<usize>) {
        for k in keys {
            match k {
                Cite::Work { work, .. } => push_once(out, *work),
                Cite::Record { collection, record } => {
                    let r = self.record(*collection, *record);
                    for c in r.sources.iter().chain(r.seed.iter()) {
                        self.works_of(&c.keys, out);
                    }
                }
            }
        }
    }
}

fn cited<'a>(out: &mut Vec<Cited<'a>>, kind: &'static str, id: &str, cite: &'a Citation) {
    if !cite.is_empty() {
        out.push(Cited {
            kind,
            id: id.to_string(),
            cite,
        });
    }
}

fn push_once(out: &mut Vec<usize>, w: usize) {
    if !out.contains(&w) {
        out.push(w);
    }
}

impl Scenario {
    /// Every part of the scenario that has a `source` or a `note`, in declaration order: dimensions,
    /// state variables, sides, actors, issues (each followed by its options and constraints),
    /// agreements, flows, events, actions, observed records, parameters, outside options. The
    /// scenario's own header is [`Scenario::cite`].
    pub fn citations(&self) -> Vec<Cited<'_>> {
        let mut out = Vec::new();
        for x in &self.dimensions {
            cited(&mut out, "dimension", &x.id, &x.cite);
        }
        for x in &self.states {
            cited(&mut out, "state", &x.id, &x.cite);
        }
        for x in &self.sides {
            cited(&mut out, "side", &x.id, &x.cite);
        }
        for x in &self.actors {
            cited(&mut out, "actor", &x.id, &x.cite);
        }
        for x in &self.issues {
            cited(&mut out, "issue", &x.id, &x.cite);
            for (p, c) in x.option_cites.iter().enumerate() {
                cited(
                    &mut out,
                    "option",
                    &format!("{}.{}", x.id, x.positions[p]),
                    c,
                );
            }
            for f in &x.forbid {
                let party = &x.parties[f.party].id;
                cited(
                    &mut out,
                    "constraint",
                    &format!("{} ({party})", x.id),
                    &f.cite,
                );
            }
        }
        for x in &self.agreements {
            cited(&mut out, "agreement", &x.id, &x.cite);
        }
        for x in &self.flows {
            cited(&mut out, "flow", &x.id, &x.cite);
        }
        for x in &self.events {
            cited(&mut out, "event", &x.id, &x.cite);
        }
        for x in &self.actions {
            cited(&mut out, "action", &x.id, &x.cite);
        }
        for x in &self.observed {
            cited(&mut out, "observed", &x.name, &x.cite);
        }
        for x in &self.parameters {
            cited(&mut out, "parameter", &x.path, &x.cite);
        }
        for x in &self.outside_options {
            cited(&mut out, "outside_option", &x.id, &x.cite);
        }
        out
    }

    /// Every work the scenario cites, in its header, its parts or through the records they cite, in
    /// order of first citation: the numbered bibliography of a report.
    pub fn cited_works(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.bibliography.works_of(&self.cite.keys, &mut out);
        for c in self.citations() {
            self.bibliography.works_of(&c.cite.keys, &mut out);
        }
        out
    }
}
