//! Scenarios compiled into the binary, so `armistice run korea_1951` works from any directory.

/// One embedded scenario.
#[derive(Debug)]
pub struct Embedded {
    /// Short name used on the command line.
    pub name: &'static str,
    /// Path in the repository (and the base for resolving its `extends`).
    pub path: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// Whether it is a counterfactual overlay.
    pub counterfactual: bool,
    /// The TOML text.
    pub text: &'static str,
}

macro_rules! embed {
    ($name:literal, $path:literal, $cf:literal, $summary:literal) => {
        Embedded {
            name: $name,
            path: $path,
            summary: $summary,
            counterfactual: $cf,
            text: include_str!(concat!("../../", $path)),
        }
    };
}

/// Every embedded scenario, the default first.
pub static ALL: &[Embedded] = &[embed!(
    "ceasefire_toy",
    "scenarios/examples/ceasefire_toy.toml",
    false,
    "Three-actor toy: two sides bargain over a line while a patron can veto"
)];

/// The scenario `armistice` runs with no arguments.
pub fn default_name() -> &'static str {
    ALL[0].name
}

/// Looks up an embedded scenario by name (or by path).
pub fn find(name: &str) -> Option<&'static Embedded> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    ALL.iter()
        .find(|e| e.name == stem)
        .or_else(|| by_path(name))
}

/// Looks up an embedded scenario by repository path.
pub fn by_path(path: &str) -> Option<&'static Embedded> {
    let path = path.trim_start_matches("./");
    ALL.iter().find(|e| e.path == path)
}
