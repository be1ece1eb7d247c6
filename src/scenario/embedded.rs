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
pub static ALL: &[Embedded] = &[
    embed!(
        "korea_1951",
        "scenarios/korea_1951.toml",
        false,
        "Korean armistice talks, July 1951 to the ROK-US defense treaty (the default)"
    ),
    embed!(
        "korea_1950",
        "scenarios/korea_1950.toml",
        false,
        "December 1950 to the opening of talks: cease-fire group, escalation, MacArthur, Mao's decision"
    ),
    embed!(
        "ceasefire_toy",
        "scenarios/examples/ceasefire_toy.toml",
        false,
        "Three-actor toy: two sides bargain over a line while a patron can veto"
    ),
    embed!(
        "no_pow_stall",
        "scenarios/counterfactuals/no_pow_stall.toml",
        true,
        "1951: Beijing does not stall the POW item (no aid linkage, no insistence on forced repatriation)"
    ),
    embed!(
        "no_aid_linkage",
        "scenarios/counterfactuals/no_aid_linkage.toml",
        true,
        "1951: no Soviet aid tied to the POW stall"
    ),
    embed!(
        "stalin_lives",
        "scenarios/counterfactuals/stalin_lives.toml",
        true,
        "1951: Stalin does not die in March 1953"
    ),
    embed!(
        "no_eisenhower_threat",
        "scenarios/counterfactuals/no_eisenhower_threat.toml",
        true,
        "1951: no US threat to widen the war"
    ),
    embed!(
        "no_rhee_release",
        "scenarios/counterfactuals/no_rhee_release.toml",
        true,
        "1951: Rhee never releases the anti-Communist prisoners"
    ),
    embed!(
        "truman_grants_pact",
        "scenarios/counterfactuals/truman_grants_pact.toml",
        true,
        "1951: Truman grants Rhee a defense treaty during the talks"
    ),
    embed!(
        "escalation_approved",
        "scenarios/counterfactuals/escalation_approved.toml",
        true,
        "1950: Washington approves MacArthur's escalation"
    ),
];

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
