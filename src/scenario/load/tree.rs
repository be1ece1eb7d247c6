//! The spanned TOML tree: parsing a source with its spans shifted into the global span space, and
//! merging an overlay onto its parent (tables key by key, arrays of tables by `id`).

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::error::{Collector, Diagnostic, ScenarioError, Source, SourceMap};

/// Most `[[parameter]]` tables a scenario may declare.
pub const MAX_PARAMETERS: usize = 1024;

/// Deepest nesting of table headers and dotted keys reported as such when the TOML parser gives up
/// without a position (no scenario key is more than a few levels deep).
const DEEP_KEYS: usize = 16;

fn toml_error(map: &SourceMap, src: &Source, e: &toml::de::Error) -> Diagnostic {
    let (base, name) = (src.base, &src.name);
    let message = e.message().trim().to_string();
    let location = e
        .span()
        .and_then(|s| map.locate(s.start + base..s.end + base));
    if location.is_none() && message.contains("recursion") {
        if let Some(at) = deepest_key(&src.text) {
            return Diagnostic {
                message: format!("{message}: keys or tables are nested too deeply"),
                location: map.locate(base + at..base + at + 1),
                hint: Some(format!(
                    "no scenario key is nested more than a few levels (e.g. `[[issue.options]]`); this header or key has more than {DEEP_KEYS} dotted parts"
                )),
            };
        }
    }
    let hint = if message.contains("recurs") {
        "arrays and inline tables may nest only a few levels; see docs/scenario-format.md".into()
    } else {
        "see docs/scenario-format.md for the TOML syntax and keys".into()
    };
    Diagnostic {
        message: if location.is_none() {
            format!("{name}: {message}")
        } else {
            message
        },
        location,
        hint: Some(hint),
    }
}

/// The byte offset of the first line whose table header or dotted key has more than
/// [`DEEP_KEYS`] parts (a best effort: dots inside quoted keys count too).
fn deepest_key(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let key = if t.starts_with('[') {
            t.split(']').next().unwrap_or("")
        } else {
            t.split('=').next().unwrap_or("")
        };
        if key.matches('.').count() >= DEEP_KEYS {
            return Some(at + line.len() - t.len());
        }
        at += line.len();
    }
    None
}

fn shift_value<'i>(v: Spanned<DeValue<'i>>, base: usize) -> Spanned<DeValue<'i>> {
    let span = v.span();
    let inner = match v.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, base)),
        DeValue::Array(a) => DeValue::Array(shift_array(a, base)),
        other => other,
    };
    Spanned::new(span.start + base..span.end + base, inner)
}

fn shift_array<'i>(a: DeArray<'i>, base: usize) -> DeArray<'i> {
    let mut out = DeArray::new();
    for item in a.iter().cloned() {
        out.push(shift_value(item, base));
    }
    out
}

/// `t` with every span moved by `base`.
pub(super) fn shift_table<'i>(t: DeTable<'i>, base: usize) -> DeTable<'i> {
    let mut out = DeTable::new();
    for (k, v) in t {
        let ks = k.span();
        out.insert(
            Spanned::new(ks.start + base..ks.end + base, k.into_inner()),
            shift_value(v, base),
        );
    }
    out
}

/// Parses source `index` of `map` into a tree whose spans are global.
pub(super) fn parse_at(
    map: &SourceMap,
    index: usize,
) -> Result<Spanned<DeTable<'_>>, ScenarioError> {
    let src = map.get(index);
    let parsed =
        DeTable::parse(&src.text).map_err(|e| ScenarioError::one(toml_error(map, src, &e)))?;
    let span = parsed.span();
    Ok(Spanned::new(
        span.start + src.base..span.end + src.base,
        shift_table(parsed.into_inner(), src.base),
    ))
}

/// The `[scenario] extends` value and its span, if any.
pub(super) fn find_extends(tree: &DeTable<'_>) -> Option<(String, Range<usize>)> {
    let meta = tree.get("scenario")?.get_ref().as_table()?;
    let ext = meta.get("extends")?;
    Some((ext.get_ref().as_str()?.to_string(), ext.span()))
}

/// The `id` of a table in an array of tables.
pub(super) fn id_of<'a>(v: &'a Spanned<DeValue<'_>>) -> Option<&'a str> {
    v.get_ref().as_table()?.get("id")?.get_ref().as_str()
}

fn is_id_array(a: &DeArray<'_>) -> bool {
    !a.is_empty() && a.iter().all(|v| id_of(v).is_some())
}

/// Merges `over` onto `base`: tables key by key, arrays of tables with ids entry by entry, an array
/// without ids element by element where the overlay gives a table keyed by indices, anything else
/// replaced.
pub(super) fn merge_table<'i>(
    base: &mut DeTable<'i>,
    over: DeTable<'i>,
    map: &SourceMap,
    diags: &mut Collector,
) {
    for (k, v) in over {
        let merge_in_place = match (
            base.get(k.get_ref().as_ref()).map(|b| b.get_ref()),
            v.get_ref(),
        ) {
            (Some(DeValue::Table(_)), DeValue::Table(_)) => true,
            (Some(DeValue::Array(a)), DeValue::Array(b)) => is_id_array(a) && is_id_array(b),
            (Some(DeValue::Array(a)), DeValue::Table(t)) => indexes(a, t),
            _ => false,
        };
        if !merge_in_place {
            base.insert(k, v);
            continue;
        }
        let target = base.get_mut(k.get_ref().as_ref()).map(|t| t.get_mut());
        match (target, v.into_inner()) {
            (Some(DeValue::Table(bt)), DeValue::Table(ot)) => merge_table(bt, ot, map, diags),
            (Some(DeValue::Array(ba)), DeValue::Array(oa)) => merge_array(ba, oa, map, diags),
            (Some(DeValue::Array(ba)), DeValue::Table(ot)) => merge_by_index(ba, ot, map, diags),
            _ => {}
        }
    }
}

/// Whether an overlay's table `t` addresses elements of its parent's array `a` by index (as `--set`
/// paths do): every key is the index of an element, e.g. `[action.effects.1]` patches the second
/// effect. Arrays of tables with ids are merged by id instead.
fn indexes(a: &DeArray<'_>, t: &DeTable<'_>) -> bool {
    !t.is_empty()
        && !is_id_array(a)
        && t.keys()
            .all(|k| k.get_ref().parse::<usize>().is_ok_and(|i| i < a.len()))
}

/// Merges an overlay's index-keyed table onto its parent's array: tables key by key, other values
/// replaced.
fn merge_by_index<'i>(
    base: &mut DeArray<'i>,
    over: DeTable<'i>,
    map: &SourceMap,
    diags: &mut Collector,
) {
    let mut items: Vec<Spanned<DeValue<'i>>> = base.iter().cloned().collect();
    for (k, v) in over {
        let Ok(i) = k.get_ref().parse::<usize>() else {
            continue;
        };
        let span = v.span();
        match (items[i].get_mut(), v.into_inner()) {
            (DeValue::Table(bt), DeValue::Table(ot)) => merge_table(bt, ot, map, diags),
            (_, value) => items[i] = Spanned::new(span, value),
        }
    }
    let mut out = DeArray::new();
    for i in items {
        out.push(i);
    }
    *base = out;
}

fn removes(item: &Spanned<DeValue<'_>>) -> bool {
    item.get_ref()
        .as_table()
        .and_then(|t| t.get("remove"))
        .and_then(|r| r.get_ref().as_bool())
        .unwrap_or(false)
}

/// Merges an overlay's array of tables onto its parent's, matching entries by `id`: an entry with
/// a known id is merged into it (or removed by `remove = true`), a new one is appended. Entries are
/// found through an index, so the merge is linear in the number of entries.
fn merge_array<'i>(
    base: &mut DeArray<'i>,
    over: DeArray<'i>,
    map: &SourceMap,
    diags: &mut Collector,
) {
    let mut items: Vec<Option<Spanned<DeValue<'i>>>> = base.iter().cloned().map(Some).collect();
    // The live positions of each id, in order (a parent may repeat an id; that is reported later).
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(id) = item.as_ref().and_then(id_of) {
            index.entry(id.to_string()).or_default().push(i);
        }
    }
    for item in over.iter().cloned() {
        let Some(id) = id_of(&item).map(str::to_string) else {
            items.push(Some(item));
            continue;
        };
        let existing = index.get(&id).and_then(|v| v.first().copied());
        match (existing, removes(&item)) {
            (Some(i), true) => {
                items[i] = None;
                index.get_mut(&id).map(|v| v.remove(0));
            }
            (None, true) if !diags.keeps() => diags.skip(),
            (None, true) => diags.push(Diagnostic {
                message: format!(
                    "`remove = true` for `{id}`, which the parent scenario does not have"
                ),
                location: map.locate(item.span()),
                hint: Some(
                    "check the id; only tables inherited through `extends` can be removed".into(),
                ),
            }),
            (Some(i), false) => {
                let span = item.span();
                if let Some(existing) = items[i].as_mut() {
                    if let (DeValue::Table(bt), DeValue::Table(ot)) =
                        (existing.get_mut(), item.into_inner())
                    {
                        merge_table(bt, ot, map, diags);
                    }
                }
                items[i] = items[i].take().map(|m| Spanned::new(span, m.into_inner()));
            }
            (None, false) => {
                index.entry(id).or_default().push(items.len());
                items.push(Some(item));
            }
        }
    }
    let mut out = DeArray::new();
    for i in items.into_iter().flatten() {
        out.push(i);
    }
    *base = out;
}

/// The numbers at the paths of the `[[parameter]]` tables, read from the merged tree (none when
/// there are more tables than validation accepts).
pub(super) fn parameter_values(root: &DeTable<'_>) -> Vec<Option<(f64, bool)>> {
    let Some(DeValue::Array(params)) = root.get("parameter").map(|v| v.get_ref()) else {
        return Vec::new();
    };
    if params.len() > MAX_PARAMETERS {
        return Vec::new();
    }
    params
        .iter()
        .map(|p| {
            let path = p.get_ref().as_table()?.get("path")?.get_ref().as_str()?;
            number(get_path(root, path)?)
        })
        .collect()
}

/// A TOML number as `f64`, with whether it is an integer.
fn number(v: &DeValue<'_>) -> Option<(f64, bool)> {
    match v {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits
                .trim_start_matches('+')
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            i64::from_str_radix(digits, i.radix())
                .ok()
                .map(|n| (n as f64, true))
        }
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok().map(|x| (x, false)),
        _ => None,
    }
}

/// The value at a `--set` path (same addressing: ids or indices in arrays of tables), if present.
fn get_path<'a, 'i>(root: &'a DeTable<'i>, path: &str) -> Option<&'a DeValue<'i>> {
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    let mut cur: &DeValue<'i> = root.get(*parts.first()?)?.get_ref();
    for part in &parts[1..] {
        cur = match cur {
            DeValue::Table(t) => t.get(*part)?.get_ref(),
            DeValue::Array(a) => match a.iter().find(|v| id_of(v) == Some(part)) {
                Some(v) => v.get_ref(),
                None => a.get(part.parse::<usize>().ok()?)?.get_ref(),
            },
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(parent: &str, overlay: &str) -> (String, Option<ScenarioError>) {
        let mut map = SourceMap::default();
        map.add("p.toml".into(), parent.into());
        map.add("o.toml".into(), overlay.into());
        let mut base = parse_at(&map, 0).unwrap().into_inner();
        let over = parse_at(&map, 1).unwrap().into_inner();
        let mut diags = Collector::default();
        merge_table(&mut base, over, &map, &mut diags);
        let ids = match base.get("a").map(|v| v.get_ref()) {
            Some(DeValue::Array(a)) => a.iter().filter_map(id_of).collect::<Vec<_>>().join(","),
            _ => String::new(),
        };
        (ids, diags.check().err())
    }

    #[test]
    fn overlay_entries_merge_by_id_keep_their_place_and_can_be_removed() {
        let parent = "[[a]]\nid = \"x\"\n[[a]]\nid = \"y\"\n[[a]]\nid = \"z\"\n";
        let (ids, e) = merged(
            parent,
            "[[a]]\nid = \"y\"\nv = 1\n[[a]]\nid = \"x\"\nremove = true\n[[a]]\nid = \"w\"\n",
        );
        assert_eq!((ids.as_str(), e), ("y,z,w", None));
        let (_, e) = merged(parent, "[[a]]\nid = \"q\"\nremove = true\n");
        assert!(e.unwrap().to_string().contains("`remove = true` for `q`"));
    }

    #[test]
    fn an_overlay_in_another_order_keeps_the_parents_order() {
        let parent: String = (0..2_000)
            .map(|i| format!("[[a]]\nid = \"p{i}\"\n"))
            .collect();
        let overlay: String = (0..2_000)
            .rev()
            .map(|i| format!("[[a]]\nid = \"p{i}\"\nv = 1\n"))
            .collect();
        let (ids, e) = merged(&parent, &overlay);
        assert!(e.is_none());
        assert!(ids.starts_with("p0,p1,p2"));
    }

    #[test]
    fn a_runaway_dotted_header_is_located() {
        let text = format!(
            "[scenario]\nid = \"x\"\n\n[{}]\nx = 1\n",
            vec!["a"; 200].join(".")
        );
        assert_eq!(deepest_key(&text), Some(21));
    }
}
