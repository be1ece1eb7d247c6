//! Shared helpers.

use std::path::PathBuf;

use assert_cmd::Command;

pub fn armistice() -> Command {
    Command::cargo_bin("armistice").expect("the armistice binary is built")
}

pub fn repo(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

pub const TOY: &str = "scenarios/examples/ceasefire_toy.toml";

/// A minimal valid scenario, for tests that break one thing at a time.
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

[[flow]]
id = "delay_b"
to = "B"
dimension = "money"
value = -0.05
when = "not agreed(deal)"
"#;
