//! The bibliography: its works (kinds, titles, addresses, dates), its collections and their records
//! (ids, dates, numbers, certainty), each record's sources resolved to works.

use super::ctx::Ctx;
use super::ids::{Ids, collect};
use crate::scenario::load::{Library, ReadLibrary, remember};
use crate::scenario::raw::S;
use crate::scenario::sources::keys::{Key, scan};
use crate::scenario::sources::raw::{RawRecord, RawWork};
use crate::scenario::{Bibliography, Citation, Cite, Collection, Record, Work, WorkKind};
use crate::time::Date;

/// The ids citations resolve against.
#[derive(Default)]
pub(super) struct Keys {
    /// Whether the scenario declares a bibliography.
    pub declared: bool,
    /// Where it is, for hints.
    pub file: String,
    pub works: Ids,
    /// Each collection's prefix with the ids of its records.
    pub collections: Vec<(String, Ids)>,
}

impl Keys {
    fn collection(&self, prefix: &str) -> Option<usize> {
        self.collections.iter().position(|(p, _)| p == prefix)
    }
}

/// Validates the bibliography (empty when the scenario declares none); one that validates is
/// remembered for the next load of the same files.
pub(super) fn bibliography(c: &mut Ctx, lib: Option<&Library>) -> (Bibliography, Keys) {
    let lib = match lib {
        None => return (Bibliography::default(), Keys::default()),
        Some(Library::Known(bib)) => return ((**bib).clone(), keys_of(c, bib)),
        Some(Library::Read(lib)) => lib,
    };
    let before = c.count();
    let (bib, keys) = read(c, lib);
    if c.count() == before {
        remember(lib.texts.clone(), bib.clone());
    }
    (bib, keys)
}

/// The ids of a bibliography known to be valid.
fn keys_of(c: &mut Ctx, bib: &Bibliography) -> Keys {
    let spanned = |ids: Vec<&String>| -> Vec<S> {
        ids.into_iter()
            .map(|id| toml::Spanned::new(0..0, id.clone()))
            .collect()
    };
    let works = spanned(bib.works.iter().map(|w| &w.id).collect());
    let mut collections = Vec::new();
    for x in &bib.collections {
        let records = spanned(x.records.iter().map(|r| &r.id).collect());
        collections.push((x.prefix.clone(), collect(c, "record", records.iter())));
    }
    Keys {
        declared: true,
        file: bib.file.clone(),
        works: collect(c, "work", works.iter()),
        collections,
    }
}

/// Validates a bibliography as read.
fn read(c: &mut Ctx, lib: &ReadLibrary) -> (Bibliography, Keys) {
    let mut keys = Keys {
        declared: true,
        file: lib.file.clone(),
        works: collect(c, "work", lib.raw.work.iter().map(|w| &w.get_ref().id)),
        collections: Vec::new(),
    };
    collect(
        c,
        "collection prefix",
        lib.raw.collection.iter().map(|x| &x.get_ref().prefix),
    );
    for (raw, records) in lib.raw.collection.iter().zip(&lib.records) {
        let ids = collect(c, "record", records.iter().map(|r| &r.get_ref().id));
        keys.collections
            .push((raw.get_ref().prefix.get_ref().clone(), ids));
    }
    let works = lib.raw.work.iter().map(|w| work(c, w.get_ref())).collect();
    let collections = lib
        .raw
        .collection
        .iter()
        .zip(&lib.records)
        .map(|(raw, records)| {
            let raw = raw.get_ref();
            Collection {
                prefix: raw.prefix.get_ref().clone(),
                title: raw.title.clone().unwrap_or_default(),
                file: raw.file.get_ref().clone(),
                records: records
                    .iter()
                    .map(|r| record(c, r.get_ref(), &keys))
                    .collect(),
            }
        })
        .collect();
    let bib = Bibliography {
        file: lib.file.clone(),
        works,
        collections,
    };
    (bib, keys)
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn address(c: &mut Ctx, u: &S) -> String {
    let s = u.get_ref();
    if !(s.starts_with("https://") || s.starts_with("http://")) || s.contains(char::is_whitespace) {
        c.err(
            u.span(),
            format!("`{s}` is not a web address"),
            Some("give a full http:// or https:// address without spaces (a copy in the repository goes in `file`)".to_string()),
        );
    }
    s.clone()
}

fn work(c: &mut Ctx, w: &RawWork) -> Work {
    let kind = match WorkKind::ALL.iter().find(|(k, _)| k == w.kind.get_ref()) {
        Some((_, k)) => *k,
        None => {
            let known: Vec<String> = WorkKind::ALL.iter().map(|(k, _)| k.to_string()).collect();
            c.unknown(
                w.kind.span(),
                format!("unknown kind of work `{}`", w.kind.get_ref()),
                w.kind.get_ref(),
                || known,
                "kind",
            );
            WorkKind::Book
        }
    };
    if w.title.get_ref().trim().is_empty() {
        c.err(
            w.title.span(),
            format!("work `{}` has an empty title", w.id.get_ref()),
            Some("say what the work is called, as its title page does".to_string()),
        );
    }
    let year = w.year.as_ref().map(|y| {
        if !(1..=9999).contains(y.get_ref()) {
            c.err(
                y.span(),
                format!("`year` is {}", y.get_ref()),
                Some("a year of publication, e.g. 1966".to_string()),
            );
        }
        *y.get_ref()
    });
    Work {
        id: w.id.get_ref().clone(),
        kind,
        author: text(&w.author),
        editor: text(&w.editor),
        title: w.title.get_ref().clone(),
        series: text(&w.series),
        container: text(&w.container),
        volume: text(&w.volume),
        number: text(&w.number),
        pages: text(&w.pages),
        publisher: text(&w.publisher),
        place: text(&w.place),
        year,
        date: w.date.as_ref().and_then(|d| c.date(d, "`date`")),
        url: w.url.as_ref().map(|u| address(c, u)),
        consulted: w.consulted.iter().map(|u| address(c, u)).collect(),
        file: w.file.as_ref().map(|f| f.get_ref().clone()),
        note: text(&w.note),
    }
}

fn record(c: &mut Ctx, r: &RawRecord, keys: &Keys) -> Record {
    let id = r.id.get_ref();
    if r.label.as_deref().is_none_or(|l| l.trim().is_empty()) {
        c.err(
            r.id.span(),
            format!("record `{id}` has no `label`"),
            Some("say what the record records".to_string()),
        );
    }
    if let Some(k) = &r.certainty {
        if !["high", "medium", "low"].contains(&k.get_ref().as_str()) {
            c.err(
                k.span(),
                format!("unknown certainty `{}`", k.get_ref()),
                Some("use high, medium or low".to_string()),
            );
        }
    }
    if let Some(p) = &r.date_precision {
        if !["day", "month", "year"].contains(&p.get_ref().as_str()) {
            c.err(
                p.span(),
                format!("unknown `date_precision = \"{}\"`", p.get_ref()),
                Some("use day, month or year".to_string()),
            );
        }
    }
    let number = |c: &mut Ctx, v: &Option<toml::Spanned<f64>>, what: &str| {
        v.as_ref().map(|x| c.finite(x, what))
    };
    let (value, low, high) = (
        number(c, &r.value, "`value`"),
        number(c, &r.low, "`low`"),
        number(c, &r.high, "`high`"),
    );
    if let (Some(lo), Some(hi), Some(span)) = (low, high, r.low.as_ref().map(|x| x.span())) {
        if lo > hi {
            c.err(
                span,
                format!("record `{id}`: low {lo} is above high {hi}"),
                Some("swap them".to_string()),
            );
        }
    }
    if r.source.is_empty() {
        c.err(
            r.id.span(),
            format!("record `{id}` cites no source"),
            Some("list the works it rests on: `source = [\"@work detail\"]`".to_string()),
        );
    }
    let date = |c: &mut Ctx,
                d: &Option<toml::Spanned<toml::value::Datetime>>,
                what: &str|
     -> Option<Date> { d.as_ref().and_then(|d| c.date(d, what)) };
    Record {
        id: id.clone(),
        label: text(&r.label),
        date: date(c, &r.date, "`date`"),
        end_date: date(c, &r.end_date, "`end_date`"),
        alt_date: date(c, &r.alt_date, "`alt_date`"),
        date_precision: r
            .date_precision
            .as_ref()
            .map(|p| p.get_ref().clone())
            .unwrap_or_default(),
        value,
        low,
        high,
        unit: text(&r.unit),
        as_of: text(&r.as_of),
        denominator: number(c, &r.denominator, "`denominator`"),
        certainty: r
            .certainty
            .as_ref()
            .map(|k| k.get_ref().clone())
            .unwrap_or_default(),
        sources: r.source.iter().map(|s| works_cited(c, s, keys)).collect(),
        seed: r.seed.as_ref().map(|s| works_cited(c, s, keys)),
        seed_only: r.seed_only.unwrap_or(false),
        note: text(&r.note),
    }
}

/// A record's source: one or more works, each `@id` (records cite works, not other records).
fn works_cited(c: &mut Ctx, s: &S, keys: &Keys) -> Citation {
    let found = scan(s.get_ref());
    if found.is_empty() {
        c.err(s.span(), "a record's source cites no work", Some(format!("cite a work of the bibliography as `@ID` (e.g. `@hermes1966 ch. 12`); the ids are in {}", keys.file)));
    }
    let mut out = Vec::new();
    for (range, key) in found {
        let span = c.span_in(s, range);
        match key {
            Key::Work { id, detail } => {
                if let Some(work) = resolve_work(c, span, id, keys) {
                    out.push(Cite::Work {
                        work,
                        detail: detail.to_string(),
                    });
                }
            }
            Key::Record { prefix, id } => c.err(
                span,
                format!("a record's source cites the record `{prefix}:{id}`"),
                Some("records rest on works: cite the work as `@ID`".to_string()),
            ),
        }
    }
    Citation {
        source: s.get_ref().clone(),
        note: String::new(),
        keys: out,
    }
}

/// The index of work `id`, or an error at `span`.
pub(super) fn resolve_work(
    c: &mut Ctx,
    span: std::ops::Range<usize>,
    id: &str,
    keys: &Keys,
) -> Option<usize> {
    let found = keys.works.get(id);
    if found.is_none() {
        c.unknown(
            span,
            format!("unknown work `@{id}`"),
            id,
            || keys.works.list(),
            "work",
        );
    }
    found
}

/// Resolves a record key, or reports the unknown prefix or id at `span`.
pub(super) fn resolve_record(
    c: &mut Ctx,
    span: std::ops::Range<usize>,
    prefix: &str,
    id: &str,
    keys: &Keys,
) -> Option<Cite> {
    let Some(collection) = keys.collection(prefix) else {
        let known = || keys.collections.iter().map(|(p, _)| p.clone()).collect();
        c.unknown(
            span,
            format!("`{prefix}:{id}`: no collection of records is cited as `{prefix}:`"),
            prefix,
            known,
            "collection prefix",
        );
        return None;
    };
    let ids = &keys.collections[collection].1;
    let record = ids.get(id);
    if record.is_none() {
        c.unknown(
            span,
            format!("unknown record `{prefix}:{id}`"),
            id,
            || ids.list(),
            "record",
        );
    }
    Some(Cite::Record {
        collection,
        record: record?,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::Scenario;

    /// Writes a scenario citing `bib` (and the record file `records`, as `rec.toml`) to a temporary
    /// directory and validates it; the messages of the errors.
    fn with_bibliography(bib: &str, records: &str, source: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let p = |f: &str| dir.path().join(f);
        std::fs::write(p("bib.toml"), bib).unwrap();
        std::fs::write(p("rec.toml"), records).unwrap();
        let scenario = super::super::testing::MINIMAL
            .replace(
                "horizon = 100",
                "horizon = 100\nbibliography = \"bib.toml\"",
            )
            .replace(
                "value = -0.05",
                &format!("value = -0.05\nsource = \"{source}\""),
            );
        std::fs::write(p("s.toml"), scenario).unwrap();
        match Scenario::load(p("s.toml").to_str().unwrap(), &[]) {
            Ok(_) => Vec::new(),
            Err(e) => e.diagnostics.into_iter().map(|d| d.message).collect(),
        }
    }

    const WORK: &str = "[[work]]\nid = \"w\"\nkind = \"book\"\ntitle = \"A Book\"\n";
    const COLLECTION: &str =
        "[[collection]]\nprefix = \"tl\"\nfile = \"rec.toml\"\ntable = \"milestone\"\n";

    #[test]
    fn a_valid_bibliography_resolves_works_and_records() {
        let rec = "[[milestone]]\nid = \"m\"\nlabel = \"it happened\"\ndate = 1951-07-10\nsource = [\"@w p. 3\"]\n";
        assert!(with_bibliography(&format!("{COLLECTION}\n{WORK}"), rec, "@w; tl:m").is_empty());
    }

    #[test]
    fn works_need_a_known_kind_a_title_and_web_addresses() {
        let bib = "[[work]]\nid = \"w\"\nkind = \"bok\"\ntitle = \" \"\nurl = \"www.example.org\"\nyear = 0\n";
        let m = with_bibliography(bib, "", "@w");
        for want in [
            "unknown kind of work `bok`",
            "work `w` has an empty title",
            "`www.example.org` is not a web address",
            "`year` is 0",
        ] {
            assert!(m.iter().any(|x| x == want), "{want} not in {m:?}");
        }
    }

    #[test]
    fn records_are_checked_and_rest_on_works_only() {
        let rec = "[[milestone]]\nid = \"m\"\ncertainty = \"sure\"\nlow = 3.0\nhigh = 1.0\nsource = [\"tl:m\", \"@nope\", \"a rumour\"]\n";
        let m = with_bibliography(&format!("{COLLECTION}\n{WORK}"), rec, "tl:m");
        for want in [
            "record `m` has no `label`",
            "unknown certainty `sure`",
            "record `m`: low 3 is above high 1",
            "a record's source cites the record `tl:m`",
            "unknown work `@nope`",
            "a record's source cites no work",
        ] {
            assert!(m.iter().any(|x| x == want), "{want} not in {m:?}");
        }
    }

    #[test]
    fn a_remembered_bibliography_is_not_reused_once_its_files_change() {
        let dir = tempfile::tempdir().unwrap();
        let p = |f: &str| dir.path().join(f);
        std::fs::write(p("bib.toml"), format!("{COLLECTION}\n{WORK}")).unwrap();
        let good = "[[milestone]]\nid = \"m\"\nlabel = \"x\"\nsource = [\"@w\"]\n";
        std::fs::write(p("rec.toml"), good).unwrap();
        let scenario = super::super::testing::MINIMAL
            .replace(
                "horizon = 100",
                "horizon = 100\nbibliography = \"bib.toml\"",
            )
            .replace("value = -0.05", "value = -0.05\nsource = \"tl:m\"");
        std::fs::write(p("s.toml"), scenario).unwrap();
        let path = p("s.toml").to_str().unwrap().to_string();
        let first = Scenario::load(&path, &[]).unwrap();
        assert_eq!(
            Scenario::load(&path, &[]).unwrap().bibliography,
            first.bibliography
        );
        std::fs::write(p("rec.toml"), good.replace("@w", "@gone")).unwrap();
        let e = Scenario::load(&path, &[]).unwrap_err();
        assert_eq!(e.diagnostics[0].message, "unknown work `@gone`");
    }

    #[test]
    fn missing_files_and_foreign_tables_are_located_errors() {
        let m = with_bibliography(&COLLECTION.replace("rec.toml", "gone.toml"), "", "@w");
        assert_eq!(m, vec!["cannot find the record file `gone.toml`"]);
        let m = with_bibliography(COLLECTION, "[[quantity]]\nid = \"q\"\n", "@w");
        assert!(
            m[0].contains("holds [[quantity]], not the [[milestone]] tables"),
            "{m:?}"
        );
        let m = with_bibliography(&format!("{WORK}file = \"nothere.txt\"\n"), "", "@w");
        assert_eq!(m, vec!["cannot find the file `nothere.txt`"]);
        assert!(!Path::new("nothere.txt").exists());
    }
}
