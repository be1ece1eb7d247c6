//! `--set PATH=VALUE` overrides: parsing the argument and its TOML value, and applying it to the
//! merged tree (tables by key, arrays of tables by id or index).

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::tree::{id_of, shift_table};
use crate::error::{Diagnostic, ScenarioError, SourceMap};

/// A `--set PATH=VALUE` override, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// The dotted path, e.g. `actor.North.discount`.
    pub path: String,
    /// The value as TOML text, e.g. `0.97` or `1954-03-05` or `"text"`.
    pub value: String,
}

impl Override {
    /// Parses `PATH=VALUE`.
    pub fn parse(s: &str) -> Result<Override, String> {
        let (path, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not PATH=VALUE (e.g. actor.North.discount=0.97)"))?;
        let path = path.trim();
        if path.is_empty() || path.split('.').any(|p| p.trim().is_empty()) {
            return Err(format!("`{s}`: the path `{path}` has an empty part"));
        }
        Ok(Override {
            path: path.to_string(),
            value: value.trim().to_string(),
        })
    }

    /// The override as it was typed.
    pub fn to_arg(&self) -> String {
        format!("{}={}", self.path, self.value)
    }
}

pub(super) fn parse_set_value<'i>(
    map: &'i SourceMap,
    index: usize,
    o: &Override,
) -> Result<Spanned<DeValue<'i>>, ScenarioError> {
    let src = map.get(index);
    match DeTable::parse(&src.text) {
        Ok(t) => {
            let t = shift_table(t.into_inner(), src.base);
            t.into_iter().next().map(|(_, v)| Ok(v)).unwrap_or_else(|| {
                Err(ScenarioError::one(Diagnostic::plain(
                    format!("--set {}: no value after `=`", o.to_arg()),
                    Some(
                        "write PATH=VALUE with a TOML value, e.g. actor.North.discount=0.97".into(),
                    ),
                )))
            })
        }
        Err(_) => {
            // A bare word (e.g. `strategy=boulware`) is taken as a string, as a user would mean it.
            let bare = !o.value.is_empty()
                && o.value
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '));
            if bare {
                let span = src.base + 4..src.base + src.text.len();
                Ok(Spanned::new(span, DeValue::String(o.value.clone().into())))
            } else {
                Err(ScenarioError::one(Diagnostic::plain(
                    format!("--set {}: `{}` is not a TOML value", o.to_arg(), o.value),
                    Some("numbers are bare (0.97), dates are YYYY-MM-DD, strings need quotes or no spaces, arrays use [..]".into()),
                )))
            }
        }
    }
}

/// What is wrong with a `--set` path, and a hint.
pub(super) type SetError = (String, Option<String>);

pub(super) fn apply_set<'i>(
    root: &mut DeTable<'i>,
    path: &str,
    value: Spanned<DeValue<'i>>,
) -> Result<(), SetError> {
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    let mut table = root;
    let mut walked = String::new();
    let mut i = 0;
    while i < parts.len() {
        let key = parts[i];
        let last = i + 1 == parts.len();
        let known: Vec<String> = table.keys().map(|k| k.get_ref().to_string()).collect();
        if last {
            let span = value.span();
            table.insert(Spanned::new(span, key.to_string().into()), value);
            return Ok(());
        }
        let Some(next) = table.get_mut(key) else {
            return Err((
                format!(
                    "`{}` has no `{key}`",
                    if walked.is_empty() {
                        "the scenario"
                    } else {
                        &walked
                    }
                ),
                Some(format!("valid here: {}", known.join(", "))),
            ));
        };
        walked = if walked.is_empty() {
            key.to_string()
        } else {
            format!("{walked}.{key}")
        };
        table = match next.get_mut() {
            DeValue::Table(t) => t,
            DeValue::Array(a) => {
                let sel = parts[i + 1];
                let ids: Vec<String> = a.iter().filter_map(id_of).map(str::to_string).collect();
                let pos = if let Some(p) = a.iter().position(|v| id_of(v) == Some(sel)) {
                    p
                } else if let Ok(n) = sel.parse::<usize>() {
                    if n < a.len() {
                        n
                    } else {
                        return Err((
                            format!(
                                "`{walked}` has {} entries; index {n} is out of range",
                                a.len()
                            ),
                            None,
                        ));
                    }
                } else {
                    return Err((
                        format!("`{walked}` has no entry with id `{sel}`"),
                        Some(if ids.is_empty() {
                            "entries without ids are addressed by index: 0, 1, ...".into()
                        } else {
                            format!("valid ids: {}", ids.join(", "))
                        }),
                    ));
                };
                walked = format!("{walked}.{sel}");
                i += 1;
                if i + 1 == parts.len() {
                    return Err((
                        format!(
                            "`{walked}` is a table; name the key to set, e.g. `{walked}.label`"
                        ),
                        None,
                    ));
                }
                match AsMut::<[Spanned<DeValue<'i>>]>::as_mut(a)[pos].get_mut() {
                    DeValue::Table(t) => t,
                    _ => return Err((format!("`{walked}` is not a table"), None)),
                }
            }
            _ => {
                return Err((
                    format!(
                        "`{walked}` is a value, not a table; `{}` cannot go below it",
                        parts[i + 1..].join(".")
                    ),
                    None,
                ));
            }
        };
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_needs_a_path_without_empty_parts() {
        assert_eq!(
            Override::parse("actor.North.discount = 0.97")
                .unwrap()
                .to_arg(),
            "actor.North.discount=0.97"
        );
        assert!(
            Override::parse("actor.North.discount")
                .unwrap_err()
                .contains("not PATH=VALUE")
        );
        assert!(
            Override::parse("actor..discount=1")
                .unwrap_err()
                .contains("empty part")
        );
    }

    #[test]
    fn paths_address_arrays_of_tables_by_id_or_index() {
        let text = "[[actor]]\nid = \"a\"\n[[actor]]\nid = \"b\"\n";
        let mut root = DeTable::parse(text).unwrap().into_inner();
        let v = |x: &str| Spanned::new(0..1, DeValue::String(x.to_string().into()));
        assert!(apply_set(&mut root, "actor.b.name", v("B")).is_ok());
        assert!(apply_set(&mut root, "actor.0.name", v("A")).is_ok());
        let e = apply_set(&mut root, "actor.c.name", v("C")).unwrap_err();
        assert_eq!(e.0, "`actor` has no entry with id `c`");
        assert_eq!(e.1.as_deref(), Some("valid ids: a, b"));
        let e = apply_set(&mut root, "actor.5.name", v("C")).unwrap_err();
        assert_eq!(e.0, "`actor` has 2 entries; index 5 is out of range");
        let e = apply_set(&mut root, "actr.a.name", v("C")).unwrap_err();
        assert_eq!(e.0, "`the scenario` has no `actr`");
    }
}
