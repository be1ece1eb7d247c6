//! The command lines recorded in outputs (`summary.json`, `compare.json`, the report, a sweep's
//! manifest), so that every result says how to reproduce it; words are quoted for a POSIX shell.

use crate::scenario::Override;

/// Quotes a command-line word for a POSIX shell when it needs it.
pub fn shell_word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,+@%".contains(c));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// The `armistice run` command that reproduces a batch (recorded in `summary.json`); `spec` is the
/// scenario as typed.
pub fn run_command(spec: &str, runs: u64, seed: u64, overrides: &[Override]) -> String {
    let mut c = format!(
        "armistice run {} --runs {runs} --seed {seed}",
        shell_word(spec)
    );
    for o in overrides {
        c.push_str(&format!(" --set {}", shell_word(&o.to_arg())));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(
            shell_word("actor.North.discount=0.97"),
            "actor.North.discount=0.97"
        );
        assert_eq!(shell_word("a:b=\"x y\""), "'a:b=\"x y\"'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn the_run_command_quotes_the_scenario_and_each_override() {
        let o = Override::parse("event.x.label=two words").unwrap();
        assert_eq!(
            run_command("my world.toml", 10, 3, &[o]),
            "armistice run 'my world.toml' --runs 10 --seed 3 --set 'event.x.label=two words'"
        );
    }
}
