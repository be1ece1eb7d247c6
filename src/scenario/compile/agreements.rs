//! Agreements: bundles of issues (each issue in exactly one), ordered into phases by `after`
//! without cycles.

use super::ctx::Ctx;
use super::ids::Tables;
use crate::scenario::raw::RawFile;
use crate::scenario::{Agreement, IssueIx};

/// The agreements, and for each issue the agreement it belongs to (if any).
pub(super) fn agreements(
    c: &mut Ctx,
    raw: &RawFile,
    t: &Tables,
) -> (Vec<Agreement>, Vec<Option<usize>>) {
    let mut issue_agreement: Vec<Option<usize>> = vec![None; raw.issue.len()];
    let mut out = Vec::new();
    for (gi, g) in raw.agreement.iter().enumerate() {
        let g = g.get_ref();
        let mut its = Vec::new();
        if g.issues.is_empty() {
            c.err(
                g.id.span(),
                format!("agreement `{}` has no issues", g.id.get_ref()),
                Some("list the issues it bundles: `issues = [\"a\", \"b\"]`".to_string()),
            );
        }
        for i in &g.issues {
            let Some(ii) = c.lookup(&t.issues, i, "issue") else {
                continue;
            };
            if let Some(other) = issue_agreement[ii] {
                c.err(
                    i.span(),
                    format!(
                        "issue `{}` is already part of agreement `{}`",
                        i.get_ref(),
                        raw.agreement[other].get_ref().id.get_ref()
                    ),
                    Some("an issue belongs to exactly one agreement".to_string()),
                );
            } else {
                issue_agreement[ii] = Some(gi);
                its.push(IssueIx::new(ii));
            }
        }
        let after = g
            .after
            .iter()
            .filter_map(|a| c.lookup(&t.agreements, a, "agreement"))
            .collect();
        out.push(Agreement {
            id: g.id.get_ref().clone(),
            label: g.label.clone().unwrap_or_else(|| g.id.get_ref().clone()),
            issues: its,
            after,
            cite: Default::default(),
        });
    }
    if let Some(cycle) = phase_cycle(&out) {
        let g = &raw.agreement[cycle[0]];
        let names: Vec<&str> = cycle.iter().map(|&i| out[i].id.as_str()).collect();
        c.err(
            g.get_ref().id.span(),
            format!(
                "agreements wait for each other in a cycle: {}",
                names.join(" -> ")
            ),
            Some("`after` must order agreements into phases without loops".to_string()),
        );
    }
    (out, issue_agreement)
}

/// The first cycle of `after` links found by a depth-first search, as agreement indices.
fn phase_cycle(agreements: &[Agreement]) -> Option<Vec<usize>> {
    fn visit(
        g: usize,
        ags: &[Agreement],
        colour: &mut [u8],
        stack: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        colour[g] = 1;
        stack.push(g);
        for &n in &ags[g].after {
            if colour[n] == 1 {
                let start = stack.iter().position(|&x| x == n).unwrap_or(0);
                let mut cyc = stack[start..].to_vec();
                cyc.push(n);
                return Some(cyc);
            }
            if colour[n] == 0 {
                if let Some(c) = visit(n, ags, colour, stack) {
                    return Some(c);
                }
            }
        }
        stack.pop();
        colour[g] = 2;
        None
    }
    let mut colour = vec![0u8; agreements.len()];
    for g in 0..agreements.len() {
        if colour[g] == 0 {
            if let Some(c) = visit(g, agreements, &mut colour, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages, with};

    #[test]
    fn agreements_waiting_for_each_other_are_a_cycle() {
        let m = messages(&with(
            "[[agreement]]\nid = \"deal\"\nissues = [\"split\"]",
            "[[agreement]]\nid = \"deal\"\nissues = [\"split\"]\nafter = [\"other\"]\n\n[[agreement]]\nid = \"other\"\nissues = []\nafter = [\"deal\"]",
        ));
        assert!(
            m.iter()
                .any(|m| m == "agreements wait for each other in a cycle: deal -> other -> deal"),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m == "agreement `other` has no issues"),
            "{m:?}"
        );
    }

    #[test]
    fn an_issue_in_two_agreements_is_refused() {
        let m = messages(&with(
            "[[agreement]]\nid = \"deal\"\nissues = [\"split\"]",
            "[[agreement]]\nid = \"deal\"\nissues = [\"split\"]\n\n[[agreement]]\nid = \"again\"\nissues = [\"split\"]",
        ));
        assert!(
            m.iter()
                .any(|m| m == "issue `split` is already part of agreement `deal`"),
            "{m:?}"
        );
    }
}
