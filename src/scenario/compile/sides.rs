//! Sides: blocs negotiating as one party, each with a lead among its members and its vetoes.

use std::ops::Range;

use super::ctx::Ctx;
use super::ids::Tables;
use crate::scenario::raw::RawFile;
use crate::scenario::{Actor, ActorIx, Side};

/// Validates every side; a scenario needs at least one.
pub(super) fn sides(
    c: &mut Ctx,
    raw: &RawFile,
    t: &Tables,
    actors: &[Actor],
    meta_span: Range<usize>,
) -> Vec<Side> {
    let mut out = Vec::new();
    for (si, s) in raw.side.iter().enumerate() {
        let s = s.get_ref();
        let lead = ActorIx::new(c.lookup(&t.actors, &s.lead, "actor").unwrap_or(0));
        if let Some(a) = actors.get(lead.ix()) {
            if a.side != si && t.actors.get(s.lead.get_ref()).is_some() {
                c.err(
                    s.lead.span(),
                    format!(
                        "side `{}`'s lead `{}` belongs to side `{}`",
                        s.id.get_ref(),
                        a.id,
                        raw.side[a.side].get_ref().id.get_ref()
                    ),
                    Some(
                        "the lead must be a member of the side (set its actor's `side`)"
                            .to_string(),
                    ),
                );
            }
        }
        let veto = s
            .veto
            .iter()
            .filter_map(|v| c.lookup(&t.actors, v, "actor").map(ActorIx::new))
            .collect();
        out.push(Side {
            id: s.id.get_ref().clone(),
            name: s.name.clone().unwrap_or_else(|| s.id.get_ref().clone()),
            lead,
            veto,
            cite: Default::default(),
        });
    }
    if out.is_empty() {
        c.err(
            meta_span,
            "the scenario declares no [[side]]",
            Some("each actor belongs to a side; a side has a `lead` who negotiates".to_string()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages, with};

    #[test]
    fn a_lead_from_another_side_is_refused() {
        let m = messages(&with(
            "id = \"A\"\nlead = \"a\"",
            "id = \"A\"\nlead = \"b\"",
        ));
        assert!(
            m.iter()
                .any(|m| m == "side `A`'s lead `b` belongs to side `B`"),
            "{m:?}"
        );
    }

    #[test]
    fn unknown_vetoes_are_named() {
        let m = messages(&with(
            "id = \"A\"\nlead = \"a\"",
            "id = \"A\"\nlead = \"a\"\nveto = [\"z\"]",
        ));
        assert!(m.contains(&"unknown actor `z`".to_string()), "{m:?}");
    }
}
