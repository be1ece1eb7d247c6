//! The citations of every part of a scenario: its `source` (with the keys it names resolved against
//! the bibliography) and its `note`, attached to the validated items in a pass of their own after
//! everything else, so their problems are reported last.

use super::ctx::Ctx;
use super::sources::{Keys, resolve_record, resolve_work};
use toml::Spanned;

use crate::scenario::raw::{
    RawAction, RawActor, RawAgreement, RawDimension, RawEvent, RawFile, RawFlow, RawForbid,
    RawIssue, RawObserved, RawOption, RawOutsideOption, RawParameter, RawSide, RawState, S,
};
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

/// A raw table with a `source` and a `note` (either may be absent from its kind).
trait Sourced {
    fn source(&self) -> Option<&S> {
        None
    }
    fn note(&self) -> Option<&String> {
        None
    }
}

macro_rules! sourced {
    ($($t:ty: $($key:ident),+;)*) => {$(
        impl Sourced for $t {
            $(sourced!(@ $key);)+
        }
    )*};
    (@ source) => { fn source(&self) -> Option<&S> { self.source.as_ref() } };
    (@ note) => { fn note(&self) -> Option<&String> { self.note.as_ref() } };
}

sourced! {
    RawDimension: note;
    RawState: source, note;
    RawSide: note;
    RawActor: source, note;
    RawIssue: source, note;
    RawOption: source, note;
    RawForbid: source;
    RawAgreement: note;
    RawFlow: source, note;
    RawEvent: source, note;
    RawAction: source, note;
    RawObserved: source, note;
    RawParameter: source, note;
    RawOutsideOption: source, note;
}

/// Sets the citation of each item from its raw table (zipped: items left out by an error elsewhere
/// shift the rest, but then the scenario is refused anyway).
fn each<R: Sourced, X>(
    c: &mut Ctx,
    keys: &Keys,
    items: &mut [X],
    raws: &[Spanned<R>],
    cite_of: impl Fn(&mut X) -> &mut Citation,
) {
    for (x, r) in items.iter_mut().zip(raws) {
        *cite_of(x) = cite(c, keys, r.get_ref().source(), r.get_ref().note());
    }
}

/// Checks and attaches the citation of every part of `s` from its raw form.
pub(super) fn attach(c: &mut Ctx, raw: &RawFile, keys: &Keys, s: &mut Scenario) {
    let meta = raw.scenario.get_ref();
    let sources: Vec<&str> = meta.sources.iter().map(|x| x.get_ref().as_str()).collect();
    s.cite = Citation {
        source: sources.join("; "),
        note: meta.note.clone().unwrap_or_default(),
        keys: Vec::new(),
    };
    for src in &meta.sources {
        let keys = cite(c, keys, Some(src), None).keys;
        s.cite.keys.extend(keys);
    }
    each(c, keys, &mut s.dimensions, &raw.dimension, |x| &mut x.cite);
    each(c, keys, &mut s.states, &raw.state, |x| &mut x.cite);
    each(c, keys, &mut s.sides, &raw.side, |x| &mut x.cite);
    each(c, keys, &mut s.actors, &raw.actor, |x| &mut x.cite);
    for (x, r) in s.issues.iter_mut().zip(&raw.issue) {
        let r = r.get_ref();
        x.cite = cite(c, keys, r.source(), r.note());
        x.option_cites = vec![Citation::default(); r.options.len()];
        each(c, keys, &mut x.option_cites, &r.options, |x| x);
        each(c, keys, &mut x.forbid, &r.forbid, |x| &mut x.cite);
    }
    each(c, keys, &mut s.agreements, &raw.agreement, |x| &mut x.cite);
    each(c, keys, &mut s.flows, &raw.flow, |x| &mut x.cite);
    each(c, keys, &mut s.events, &raw.event, |x| &mut x.cite);
    each(c, keys, &mut s.actions, &raw.action, |x| &mut x.cite);
    each(c, keys, &mut s.observed, &raw.observed, |x| &mut x.cite);
    each(c, keys, &mut s.parameters, &raw.parameter, |x| &mut x.cite);
    each(c, keys, &mut s.outside_options, &raw.outside_option, |x| {
        &mut x.cite
    });
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
