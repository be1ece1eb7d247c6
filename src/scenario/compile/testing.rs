//! Helpers for the unit tests of each validation stage: a minimal valid scenario, variants of it with
//! one table changed, and the diagnostics of validating a text.

use crate::error::Diagnostic;

/// A minimal valid scenario (two actors splitting a continuous pie).
pub const MINIMAL: &str = r#"
[scenario]
id = "mini"
horizon = 100

[[dimension]]
id = "money"

[[side]]
id = "A"
lead = "a"

[[side]]
id = "B"
lead = "b"

[[actor]]
id = "a"
side = "A"
weights = { money = 1.0 }

[[actor]]
id = "b"
side = "B"
weights = { money = 1.0 }

[[issue]]
id = "split"
min = 0.0
max = 1.0
step = 0.1
effects = { a = { money = "x" }, b = { money = "1 - x" } }

[[agreement]]
id = "deal"
issues = ["split"]

[[flow]]
id = "delay"
to = "A"
dimension = "money"
value = -0.05
when = "not agreed(deal)"
"#;

/// [`MINIMAL`] with the first `from` replaced by `to` (which must be found).
pub fn with(from: &str, to: &str) -> String {
    assert!(MINIMAL.contains(from), "`{from}` is not in MINIMAL");
    MINIMAL.replacen(from, to, 1)
}

/// [`MINIMAL`] with a state variable `front` declared by `body`.
pub fn with_state(body: &str) -> String {
    format!("{MINIMAL}\n[[state]]\nid = \"front\"\n{body}\n")
}

/// [`MINIMAL`] with an event `e` declared by `body`.
pub fn with_event(body: &str) -> String {
    format!("{MINIMAL}\n[[event]]\nid = \"e\"\n{body}\n")
}

/// [`MINIMAL`] with an action `act` declared by `body`.
pub fn with_action(body: &str) -> String {
    format!("{MINIMAL}\n[[action]]\nid = \"act\"\n{body}\n")
}

/// The diagnostics of validating `text` (none if it is valid).
pub fn errors(text: &str) -> Vec<Diagnostic> {
    match crate::Scenario::from_toml("s.toml", text) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics,
    }
}

/// The messages of [`errors`].
pub fn messages(text: &str) -> Vec<String> {
    errors(text).into_iter().map(|d| d.message).collect()
}
