//! Gambit strategic-form games (`.nfg`, outcome version), as documented in Gambit's "Game
//! representation formats" (<https://gambitproject.readthedocs.io>, section "The strategic game
//! (.nfg) file format, outcome version"):
//!
//! ```text
//! NFG 1 R "title" { "Player 1" "Player 2" }
//! { { "s11" "s12" } { "s21" "s22" } }
//! "comment"
//! { { "outcome 1" 1.5, 0.5 } … }
//! 1 2 3 4
//! ```
//!
//! The body lists one outcome number per strategy profile, player 1's strategy varying fastest.
//! Numbers are written in plain decimal notation (Gambit reads them as exact decimals).

use crate::engine::oneshot::OneShot;
use crate::error::{Error, Result};

/// A text label in double quotes, with embedded quotes escaped as the format requires.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "/").replace('"', "\\\""))
}

/// A payoff in plain decimal notation, to 12 decimal places, trailing zeros trimmed.
pub fn number(v: f64) -> Result<String> {
    if !v.is_finite() {
        return Err(Error::Output(format!(
            "payoff {v} cannot be written to a Gambit file (it must be finite)"
        )));
    }
    let mut s = format!("{v:.12}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    Ok(s)
}

/// The game as a `.nfg` file (outcome version).
pub fn write(g: &OneShot, title: &str, comment: &str) -> Result<String> {
    let mut t = format!(
        "NFG 1 R {} {{ {} {} }}\n\n{{\n",
        quote(title),
        quote(&g.players[0]),
        quote(&g.players[1])
    );
    for s in &g.strategies {
        t.push_str("{ ");
        for x in s {
            t.push_str(&quote(x));
            t.push(' ');
        }
        t.push_str("}\n");
    }
    t.push_str("}\n");
    t.push_str(&quote(comment));
    t.push_str("\n\n{\n");
    let n0 = g.strategies[0].len();
    for (k, (p, o)) in g.payoffs.iter().zip(&g.outcomes).enumerate() {
        let (s0, s1) = (k % n0, k / n0);
        let label = format!("{} / {}: {o}", g.strategies[0][s0], g.strategies[1][s1]);
        t.push_str(&format!(
            "{{ {} {}, {} }}\n",
            quote(&label),
            number(p[0])?,
            number(p[1])?
        ));
    }
    t.push_str("}\n");
    let body: Vec<String> = (1..=g.payoffs.len()).map(|k| k.to_string()).collect();
    t.push_str(&body.join(" "));
    t.push('\n');
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_outcome_version() {
        let g = OneShot {
            issue: "split".into(),
            turn: 3,
            players: ["a (A)".into(), "b \"B\"".into()],
            strategies: [
                vec!["stall".into(), "accept 0.4".into()],
                vec!["stall".into()],
            ],
            positions: [vec![6, 4], vec![4]],
            payoffs: vec![[0.5, -0.25], [1.0 / 3.0, 0.0]],
            outcomes: vec!["open".into(), "settles at 0.4".into()],
            engine: [vec![0.5, 0.5], vec![1.0]],
        };
        let text = write(&g, "t", "c").unwrap();
        insta::assert_snapshot!(text, @r#"
        NFG 1 R "t" { "a (A)" "b \"B\"" }

        {
        { "stall" "accept 0.4" }
        { "stall" }
        }
        "c"

        {
        { "stall / stall: open" 0.5, -0.25 }
        { "accept 0.4 / stall: settles at 0.4" 0.333333333333, 0 }
        }
        1 2
        "#);
        assert!(number(f64::NAN).is_err());
        assert_eq!(number(-0.0).unwrap(), "0");
        assert_eq!(number(2.0).unwrap(), "2");
    }
}
