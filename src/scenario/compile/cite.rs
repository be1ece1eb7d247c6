//! The citations of every part of a scenario: its `source` (with the keys it names resolved against
//! the bibliography) and its `note`, attached to the validated items in a pass of their own after
//! everything else, so their problems are reported last.

use super::ctx::Ctx;
use super::sources::{Keys, resolve_record, resolve_work};
use crate::scenario::raw::{RawFile, S};
use crate::scenario::sources::keys::{Key, scan};
use crate::scenario::{Citation, Cite, Scenario};

/// The citation of one part: `source` checked against the bibliography, `note` as written.
pub(super) fn cite(
    c: &mut Ctx,
    keys: &Keys,
    source: Option<&S>,
    note: Option<&String>,
) -> Citation {
    let mut out = Citation {
        source: source.map(|s| s.get_ref().clone()).unwrap_or_default(),
        note: note.cloned().unwrap_or_default(),
        keys: Vec::new(),
    };
    let Some(s) = source else {
        return out;
    };
    let found = scan(s.get_ref());
    if keys.declared && found.is_empty() && !s.get_ref().trim().is_empty() {
        c.err(
            s.span(),
            "this source cites nothing in the bibliography",
            Some(format!(
                "cite a work as `@ID` (e.g. `@hermes1966 ch. 12`) or a record as `PREFIX:ID` (e.g. `timeline:mdl_agreed`), with any comment after it; the ids are in {}",
                keys.file
            )),
        );
    }
    for (range, key) in found {
        let written = s.get_ref()[range.clone()].to_string();
        let span = c.span_in(s, range);
        if !keys.declared {
            c.err(
                span,
                format!("`{written}` is a citation key, but the scenario declares no bibliography"),
                Some("add `bibliography = \"data/sources.toml\"` (a path relative to this file) to [scenario], or write the source without `@` and `prefix:`".to_string()),
            );
            continue;
        }
        let resolved = match key {
            Key::Work { id, detail } => resolve_work(c, span, id, keys).map(|work| Cite::Work {
                work,
                detail: detail.to_string(),
            }),
            Key::Record { prefix, id } => resolve_record(c, span, prefix, id, keys),
        };
        out.keys.extend(resolved);
    }
    out
}

/// Checks and attaches the citation of every part of `s` from its raw form. Parts left out of `s`
/// by an error elsewhere are skipped (the scenario is refused anyway).
pub(super) fn attach(c: &mut Ctx, raw: &RawFile, keys: &Keys, s: &mut Scenario) {
    let meta = raw.scenario.get_ref();
    let mut header = Citation {
        source: meta
            .sources
            .iter()
            .map(|x| x.get_ref().as_str())
            .collect::<Vec<_>>()
            .join("; "),
        note: meta.note.clone().unwrap_or_default(),
        keys: Vec::new(),
    };
    for src in &meta.sources {
        header.keys.extend(cite(c, keys, Some(src), None).keys);
    }
    s.cite = header;
    for (x, r) in s.dimensions.iter_mut().zip(&raw.dimension) {
        x.cite = cite(c, keys, None, r.get_ref().note.as_ref());
    }
    for (x, r) in s.states.iter_mut().zip(&raw.state) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
    for (x, r) in s.sides.iter_mut().zip(&raw.side) {
        x.cite = cite(c, keys, None, r.get_ref().note.as_ref());
    }
    for (x, r) in s.actors.iter_mut().zip(&raw.actor) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
    for (x, r) in s.issues.iter_mut().zip(&raw.issue) {
        let r = r.get_ref();
        x.cite = cite(c, keys, r.source.as_ref(), r.note.as_ref());
        x.option_cites = r
            .options
            .iter()
            .map(|o| {
                cite(
                    c,
                    keys,
                    o.get_ref().source.as_ref(),
                    o.get_ref().note.as_ref(),
                )
            })
            .collect();
        for (f, rf) in x.forbid.iter_mut().zip(&r.forbid) {
            f.cite = cite(c, keys, rf.get_ref().source.as_ref(), None);
        }
    }
    for (x, r) in s.agreements.iter_mut().zip(&raw.agreement) {
        x.cite = cite(c, keys, None, r.get_ref().note.as_ref());
    }
    for (x, r) in s.flows.iter_mut().zip(&raw.flow) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
    for (x, r) in s.events.iter_mut().zip(&raw.event) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
    for (x, r) in s.actions.iter_mut().zip(&raw.action) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
    for (x, r) in s.observed.iter_mut().zip(&raw.observed) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
    for (x, r) in s.parameters.iter_mut().zip(&raw.parameter) {
        x.cite = cite(
            c,
            keys,
            r.get_ref().source.as_ref(),
            r.get_ref().note.as_ref(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};

    /// MINIMAL citing the embedded bibliography, with `source` on its flow.
    fn cited(source: &str) -> String {
        MINIMAL
            .replace(
                "horizon = 100",
                "horizon = 100\nbibliography = \"data/sources.toml\"",
            )
            .replace(
                "value = -0.05",
                &format!("value = -0.05\nsource = \"{source}\""),
            )
    }

    #[test]
    fn works_and_records_resolve_and_their_details_are_kept() {
        let s =
            crate::Scenario::from_toml("s.toml", &cited("@hermes1966 ch. 12; timeline:mdl_agreed"))
                .unwrap();
        let keys = &s.flows[0].cite.keys;
        assert_eq!(keys.len(), 2);
        let crate::scenario::Cite::Work { work, detail } = &keys[0] else {
            panic!("{keys:?}")
        };
        assert_eq!(
            (s.bibliography.works[*work].id.as_str(), detail.as_str()),
            ("hermes1966", "ch. 12")
        );
        // The record's own works come after the one cited directly.
        let works = s.cited_works();
        assert_eq!(works[0], *work);
        assert!(works.len() > 1);
    }

    #[test]
    fn unknown_works_prefixes_and_records_are_located_with_a_suggestion() {
        let e = super::super::testing::errors(&cited(
            "@hermes1967; timline:mdl_agreed; timeline:mdl_agred",
        ));
        let m: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
        assert!(m.contains(&"unknown work `@hermes1967`"), "{m:?}");
        assert!(
            m.contains(&"`timline:mdl_agreed`: no collection of records is cited as `timline:`"),
            "{m:?}"
        );
        assert!(m.contains(&"unknown record `timeline:mdl_agred`"), "{m:?}");
        let d = e
            .iter()
            .find(|d| d.message.starts_with("unknown work"))
            .unwrap();
        assert_eq!(d.hint.as_deref(), Some("did you mean `hermes1966`?"));
        let l = d.location.as_ref().unwrap();
        assert_eq!(&l.line_text[l.text_column - 1..][..11], "@hermes1967");
    }

    #[test]
    fn a_source_that_cites_nothing_is_refused_when_there_is_a_bibliography() {
        let m = messages(&cited("a conversation in a bar"));
        assert!(
            m.contains(&"this source cites nothing in the bibliography".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn keys_without_a_bibliography_are_refused_and_free_text_is_not() {
        let text = MINIMAL.replace("value = -0.05", "value = -0.05\nsource = \"@hermes1966\"");
        let m = messages(&text);
        assert_eq!(
            m,
            vec!["`@hermes1966` is a citation key, but the scenario declares no bibliography"]
        );
        let text = MINIMAL.replace(
            "value = -0.05",
            "value = -0.05\nsource = \"Hermes (1966), ch. 12: Item 4\"",
        );
        assert!(messages(&text).is_empty());
    }

    #[test]
    fn every_part_keeps_its_source_and_note() {
        let s = crate::Scenario::from_toml(
            "s.toml",
            &cited("@hermes1966").replace(
                "[[agreement]]\nid = \"deal\"",
                "[[agreement]]\nid = \"deal\"\nnote = \"the whole pie\"",
            ),
        )
        .unwrap();
        let c = s.citations();
        let kinds: Vec<(&str, &str)> = c.iter().map(|c| (c.kind, c.id.as_str())).collect();
        assert_eq!(kinds, vec![("agreement", "deal"), ("flow", "delay")]);
        assert_eq!(c[0].cite.note, "the whole pie");
        assert_eq!(c[1].cite.source, "@hermes1966");
    }
}
