//! `armistice scenarios`: the scenarios embedded in the binary — listed, or one printed whole (its
//! TOML, comments included) to start a scenario of one's own from.

use serde::Serialize;

use crate::error::suggest;
use crate::error::{Error, Result};
use crate::scenario::embedded;

/// One embedded scenario, as `scenarios --json` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Listed {
    /// The name to run it by.
    pub name: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Whether it is a counterfactual overlay on another scenario.
    pub counterfactual: bool,
    /// Its path in the repository.
    pub path: &'static str,
    /// Whether `armistice` with no arguments runs it.
    pub default: bool,
}

/// Every embedded scenario, the default first.
pub fn list() -> Vec<Listed> {
    embedded::ALL
        .iter()
        .map(|e| Listed {
            name: e.name,
            title: e.summary,
            counterfactual: e.counterfactual,
            path: e.path,
            default: e.name == embedded::default_name(),
        })
        .collect()
}

/// The TOML text of the embedded scenario `name`, exactly as shipped.
pub fn show(name: &str) -> Result<&'static str> {
    embedded::find(name).map(|e| e.text).ok_or_else(|| {
        let names: Vec<String> = embedded::ALL.iter().map(|e| e.name.to_string()).collect();
        Error::Usage(format!(
            "no embedded scenario named `{name}`; {}",
            suggest(name, &names, "embedded scenario")
        ))
    })
}
