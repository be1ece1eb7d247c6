//! Outside options: walking away from the talks. Who may take one (the lead of a party in the talks
//! it leaves), what it pays the holder and the others, and when it is available.

use super::actors::targets;
use super::ctx::Ctx;
use super::ids::{Names, Tables};
use crate::scenario::raw::{RawFile, RawOutsideOption};
use crate::scenario::{Actor, ActorIx, Agreement, Issue, OutsideOption, Term};

/// What outside options are validated against.
pub(super) struct Talks<'a> {
    pub actors: &'a [Actor],
    pub issues: &'a [Issue],
    pub agreements: &'a [Agreement],
}

/// Validates every outside option.
pub(super) fn outside_options(
    c: &mut Ctx,
    raw: &RawFile,
    t: &Tables,
    k: &Talks,
    names: &Names,
) -> Vec<OutsideOption> {
    raw.outside_option
        .iter()
        .map(|o| option(c, o.get_ref(), t, k, names))
        .collect()
}

fn option(
    c: &mut Ctx,
    o: &RawOutsideOption,
    t: &Tables,
    k: &Talks,
    names: &Names,
) -> OutsideOption {
    let id = o.id.get_ref();
    let actor = c.lookup(&t.actors, &o.actor, "actor").map(ActorIx::new);
    let agreement = o
        .agreement
        .as_ref()
        .and_then(|g| c.lookup(&t.agreements, g, "agreement"));
    if let Some(a) = actor {
        negotiates(c, o, a, agreement, k);
    }
    let mut value = Vec::new();
    for (d, v) in &o.value {
        let dim = c.lookup(&t.dims, d, "dimension");
        if let (Some(dim), Some(e)) = (dim, c.expr_value(v, names, "`value`")) {
            value.push((dim, e));
        }
    }
    let mut others: Vec<Term> = Vec::new();
    for (who, dims) in &o.others {
        let to = targets(c, who, &t.actors, &t.sides, k.actors);
        if actor.is_some_and(|a| to.contains(&a)) {
            c.err(
                who.span(),
                format!(
                    "outside option `{id}`: `others` names its holder `{}`",
                    o.actor.get_ref()
                ),
                Some(
                    "what the holder gets goes in `value`; `others` is for everyone else"
                        .to_string(),
                ),
            );
        }
        for (d, v) in dims {
            let dim = c.lookup(&t.dims, d, "dimension");
            let Some(e) = c.expr_value(v, names, "a payoff in `others`") else {
                continue;
            };
            for &a in to.iter().filter(|_| dim.is_some()) {
                others.retain(|x| !(x.actor == a && Some(x.dim) == dim));
                others.push(Term {
                    actor: a,
                    dim: dim.unwrap_or(0),
                    expr: e.clone(),
                });
            }
        }
    }
    OutsideOption {
        id: id.clone(),
        label: o.label.clone().unwrap_or_else(|| id.clone()),
        actor: actor.unwrap_or_default(),
        agreement,
        value,
        others,
        requires: o
            .requires
            .as_ref()
            .and_then(|r| c.expr_str(r, names, "`requires`")),
        cite: Default::default(),
    }
}

/// The holder must lead a party on at least one issue of the agreement (of some agreement, when
/// none is named): only a negotiator can walk away from the talks.
fn negotiates(
    c: &mut Ctx,
    o: &RawOutsideOption,
    actor: ActorIx,
    agreement: Option<usize>,
    k: &Talks,
) {
    let leads = |g: &Agreement| {
        g.issues
            .iter()
            .filter_map(|&i| k.issues.get(i.ix()))
            .any(|i| i.parties.iter().any(|p| p.lead == actor))
    };
    let ok = match agreement {
        Some(g) => k.agreements.get(g).is_none_or(leads),
        None => k.agreements.iter().any(leads),
    };
    if ok {
        return;
    }
    let talks = match (&o.agreement, agreement) {
        (Some(g), Some(_)) => format!("agreement `{}`", g.get_ref()),
        _ => "any agreement".to_string(),
    };
    c.err(
        o.actor.span(),
        format!(
            "outside option `{}`: `{}` leads no party on the issues of {talks}",
            o.id.get_ref(),
            k.actors.get(actor.ix()).map_or("", |a| a.id.as_str())
        ),
        Some("only a negotiator can walk away: name the lead of a party in those talks, or the agreement whose talks this actor leads".to_string()),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};
    use crate::scenario::ActorIx;

    fn with_option(body: &str) -> String {
        format!("{MINIMAL}\n[[outside_option]]\nid = \"walk\"\n{body}\n")
    }

    #[test]
    fn an_outside_option_is_read_with_its_payoffs() {
        let text = with_option(
            "actor = \"b\"\nagreement = \"deal\"\nvalue = { money = \"0.3 + 0.1 * turn\" }\nothers = { a = { money = -0.1 } }\nrequires = \"turn > 2\"\nlabel = \"Walk out\"",
        );
        let s = crate::Scenario::from_toml("s.toml", &text).unwrap();
        let o = &s.outside_options[0];
        assert_eq!(
            (o.id.as_str(), o.actor, o.agreement, o.label.as_str()),
            ("walk", ActorIx::new(1), Some(0), "Walk out")
        );
        assert_eq!(o.value.len(), 1);
        assert_eq!((o.others[0].actor, o.others[0].dim), (ActorIx::new(0), 0));
        assert!(o.requires.is_some());
    }

    #[test]
    fn only_a_negotiator_can_walk_away_and_others_exclude_the_holder() {
        let text = with_option("actor = \"c\"\nvalue = { money = 0.2 }").replace(
            "[[issue]]",
            "[[actor]]\nid = \"c\"\nside = \"B\"\n\n[[issue]]",
        );
        let m = messages(&text);
        assert!(
            m.iter()
                .any(|m| m
                    == "outside option `walk`: `c` leads no party on the issues of any agreement"),
            "{m:?}"
        );
        let m = messages(&with_option(
            "actor = \"b\"\nvalue = { money = 0.2 }\nothers = { B = { money = 0.1 } }",
        ));
        assert!(
            m.iter()
                .any(|m| m == "outside option `walk`: `others` names its holder `b`"),
            "{m:?}"
        );
    }

    #[test]
    fn references_and_expressions_are_checked() {
        let m = messages(&with_option(
            "actor = \"bb\"\nagreement = \"dael\"\nvalue = { mony = \"fron\" }\nrequires = \"agreed(x)\"",
        ));
        for want in [
            "unknown actor `bb`",
            "unknown agreement `dael`",
            "unknown dimension `mony`",
            "in `value`: unknown name `fron` (not a state variable)",
            "in `requires`: unknown agreement `x`",
        ] {
            assert!(m.iter().any(|m| m == want), "{want} not in {m:?}");
        }
        let m = messages(&with_option(
            "actor = \"b\"\nvalue = { money = 1 }\n\n[[outside_option]]\nid = \"walk\"\nactor = \"a\"\nvalue = {}",
        ));
        assert!(
            m.iter().any(|m| m == "duplicate outside option id `walk`"),
            "{m:?}"
        );
    }

    #[test]
    fn the_new_keys_can_be_set_from_the_command_line() {
        use crate::scenario::Override;
        let text = with_option("actor = \"b\"\nvalue = { money = 0.2 }")
            + "\n[[state]]\nid = \"front\"\ninitial = 0.0\nmin = -1.0\nmax = 1.0\n\n[[event]]\nid = \"e\"\nprobability = 0.1\n";
        let sets: Vec<Override> = [
            "outside_option.walk.value.money=0.7",
            "state.front.resolution=0.5",
            "event.e.foreseen=false",
        ]
        .iter()
        .map(|a| Override::parse(a).unwrap())
        .collect();
        let s =
            crate::Scenario::from_layers(&[("s.toml".into(), text.into_bytes())], &sets).unwrap();
        assert_eq!(s.outside_options[0].value[0].1.as_constant(), Some(0.7));
        assert_eq!(s.states[0].resolution, 0.5);
        assert!(!s.events[0].foreseen);
        let text = with_option("actor = \"b\"\nvalue = { money = 0.2 }");
        let bad = [Override::parse("outside_option.walk.value.money=\"nope\"").unwrap()];
        let e = crate::Scenario::from_layers(&[("s.toml".into(), text.into_bytes())], &bad)
            .unwrap_err();
        assert_eq!(
            e.diagnostics[0].message,
            "in `value`: unknown name `nope` (not a state variable)"
        );
        assert!(
            e.diagnostics[0]
                .location
                .as_ref()
                .unwrap()
                .file
                .starts_with("--set outside_option.walk.value.money")
        );
    }
}
