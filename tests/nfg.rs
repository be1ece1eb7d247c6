//! `export-nfg`: the file must be a valid Gambit strategic-form game. Checked against the format
//! specification (Gambit's "Game representation formats", outcome and payoff versions) with a small
//! parser here, and — when a Python with `pygambit` is available (`PYGAMBIT_PYTHON`, default
//! `python3`) — by Gambit itself.

use super::common::*;

#[derive(Debug, PartialEq)]
enum Tok {
    Str(String),
    Open,
    Close,
    Comma,
    Word(String),
}

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            c if c.is_whitespace() => {}
            '{' => out.push(Tok::Open),
            '}' => out.push(Tok::Close),
            ',' => out.push(Tok::Comma),
            '"' => {
                let mut s = String::new();
                loop {
                    match it.next() {
                        None => return Err("unterminated string".into()),
                        Some('\\') => match it.next() {
                            Some(e) => s.push(e),
                            None => return Err("dangling escape".into()),
                        },
                        Some('"') => break,
                        Some(ch) => s.push(ch),
                    }
                }
                out.push(Tok::Str(s));
            }
            _ => {
                let mut w = c.to_string();
                while let Some(&n) = it.peek() {
                    if n.is_whitespace() || matches!(n, '{' | '}' | '"' | ',') {
                        break;
                    }
                    w.push(n);
                    it.next();
                }
                out.push(Tok::Word(w));
            }
        }
    }
    Ok(out)
}

/// A number as the format allows: integer, decimal or rational (`1/3`), optionally signed.
fn number(w: &str) -> Result<f64, String> {
    let bad = || format!("`{w}` is not a Gambit number");
    if let Some((a, b)) = w.split_once('/') {
        let a: i64 = a.parse().map_err(|_| bad())?;
        let b: i64 = b.parse().map_err(|_| bad())?;
        return Ok(a as f64 / b as f64);
    }
    let body = w.strip_prefix('-').unwrap_or(w);
    if body.is_empty()
        || !body.chars().all(|c| c.is_ascii_digit() || c == '.')
        || body.matches('.').count() > 1
    {
        return Err(bad());
    }
    w.parse().map_err(|_| bad())
}

/// A parsed strategic-form game.
#[derive(Debug)]
pub struct Nfg {
    pub title: String,
    pub players: Vec<String>,
    pub strategies: Vec<Vec<String>>,
    /// Payoffs per profile (player 1 fastest), one per player.
    pub payoffs: Vec<Vec<f64>>,
}

/// Parses both versions of the `.nfg` format.
pub fn parse(text: &str) -> Result<Nfg, String> {
    let toks = lex(text)?;
    let mut i = 0;
    let next = |i: &mut usize| -> Result<&Tok, String> {
        let t = toks.get(*i).ok_or("unexpected end of file")?;
        *i += 1;
        Ok(t)
    };
    match (next(&mut i)?, next(&mut i)?, next(&mut i)?) {
        (Tok::Word(a), Tok::Word(b), Tok::Word(c)) if a == "NFG" && b == "1" && c == "R" => {}
        t => return Err(format!("bad header {t:?}: expected NFG 1 R")),
    }
    let title = match next(&mut i)? {
        Tok::Str(s) => s.clone(),
        t => return Err(format!("expected the title, got {t:?}")),
    };
    if next(&mut i)? != &Tok::Open {
        return Err("expected { before the players".into());
    }
    let mut players = Vec::new();
    loop {
        match next(&mut i)? {
            Tok::Str(s) => players.push(s.clone()),
            Tok::Close => break,
            t => return Err(format!("bad player list: {t:?}")),
        }
    }
    if next(&mut i)? != &Tok::Open {
        return Err("expected { before the strategies".into());
    }
    // Payoff version: { 3 2 }; outcome version: { { "a" "b" } { "c" } }.
    let mut strategies: Vec<Vec<String>> = Vec::new();
    let outcome_version = toks.get(i) == Some(&Tok::Open);
    if outcome_version {
        loop {
            match next(&mut i)? {
                Tok::Open => {
                    let mut s = Vec::new();
                    loop {
                        match next(&mut i)? {
                            Tok::Str(x) => s.push(x.clone()),
                            Tok::Close => break,
                            t => return Err(format!("bad strategy list: {t:?}")),
                        }
                    }
                    if s.is_empty() {
                        return Err("a player has no strategies".into());
                    }
                    strategies.push(s);
                }
                Tok::Close => break,
                t => return Err(format!("bad strategy lists: {t:?}")),
            }
        }
    } else {
        loop {
            match next(&mut i)? {
                Tok::Word(w) => {
                    let n: usize = w.parse().map_err(|_| format!("bad count {w}"))?;
                    strategies.push((1..=n).map(|k| k.to_string()).collect());
                }
                Tok::Close => break,
                t => return Err(format!("bad strategy counts: {t:?}")),
            }
        }
    }
    if strategies.len() != players.len() {
        return Err(format!(
            "{} players but {} strategy lists",
            players.len(),
            strategies.len()
        ));
    }
    // Optional comment.
    if let Some(Tok::Str(_)) = toks.get(i) {
        i += 1;
    }
    let profiles: usize = strategies.iter().map(Vec::len).product();
    let np = players.len();
    let mut payoffs = Vec::new();
    if outcome_version {
        if next(&mut i)? != &Tok::Open {
            return Err("expected { before the outcomes".into());
        }
        let mut outcomes: Vec<Vec<f64>> = Vec::new();
        loop {
            match next(&mut i)? {
                Tok::Open => {
                    match next(&mut i)? {
                        Tok::Str(_) => {}
                        t => return Err(format!("an outcome starts with its label, got {t:?}")),
                    }
                    let mut v = Vec::new();
                    loop {
                        match next(&mut i)? {
                            Tok::Word(w) => v.push(number(w)?),
                            Tok::Comma => {}
                            Tok::Close => break,
                            t => return Err(format!("bad payoff: {t:?}")),
                        }
                    }
                    if v.len() != np {
                        return Err(format!("outcome with {} payoffs for {np} players", v.len()));
                    }
                    outcomes.push(v);
                }
                Tok::Close => break,
                t => return Err(format!("bad outcome list: {t:?}")),
            }
        }
        while i < toks.len() {
            match next(&mut i)? {
                Tok::Word(w) => {
                    let k: usize = w.parse().map_err(|_| format!("bad outcome index {w}"))?;
                    payoffs.push(match k {
                        0 => vec![0.0; np],
                        k => outcomes
                            .get(k - 1)
                            .ok_or(format!("outcome {k} is not declared"))?
                            .clone(),
                    });
                }
                t => return Err(format!("bad body: {t:?}")),
            }
        }
    } else {
        let mut flat = Vec::new();
        while i < toks.len() {
            match next(&mut i)? {
                Tok::Word(w) => flat.push(number(w)?),
                t => return Err(format!("bad body: {t:?}")),
            }
        }
        if flat.len() != profiles * np {
            return Err(format!("{} payoffs for {profiles} profiles", flat.len()));
        }
        payoffs = flat.chunks(np).map(<[f64]>::to_vec).collect();
    }
    if payoffs.len() != profiles {
        return Err(format!(
            "the body has {} entries for {profiles} strategy profiles",
            payoffs.len()
        ));
    }
    Ok(Nfg {
        title,
        players,
        strategies,
        payoffs,
    })
}

#[test]
fn parser_reads_the_documented_examples() {
    // Gambit's own examples (e02.nfg), in both versions.
    let payoff = "NFG 1 R \"Selten (IJGT, 75), Figure 2, normal form\"\n{ \"Player 1\" \"Player 2\" } { 3 2 }\n\n1 1 0 2 0 2 1 1 0 3 2 0\n";
    let outcome = "NFG 1 R \"Selten (IJGT, 75), Figure 2, normal form\" { \"Player 1\" \"Player 2\" }\n\n{\n{ \"1\" \"2\" \"3\" }\n{ \"1\" \"2\" }\n}\n\n{\n{ \"\" 1, 1 }\n{ \"\" 0, 2 }\n{ \"\" 0, 2 }\n{ \"\" 1, 1 }\n{ \"\" 0, 3 }\n{ \"\" 2, 0 }\n}\n1 2 3 4 5 6\n";
    let a = parse(payoff).unwrap();
    let b = parse(outcome).unwrap();
    assert_eq!(a.payoffs, b.payoffs);
    assert_eq!(a.payoffs[4], vec![0.0, 3.0]);
    assert_eq!(b.strategies, vec![vec!["1", "2", "3"], vec!["1", "2"]]);
    assert!(parse("NFG 1 R \"x\" { \"a\" } { 2 }\n1\n").is_err());
    assert!(parse("EFG 2 R \"x\" { \"a\" }").is_err());
    assert!(number("1e5").is_err());
    assert_eq!(number("-1/4").unwrap(), -0.25);
}

fn export(args: &[&str]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("game.nfg");
    let out = armistice()
        .arg("export-nfg")
        .args(args)
        .arg("-o")
        .arg(&f)
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (std::fs::read_to_string(&f).unwrap(), dir)
}

#[test]
fn export_nfg_writes_a_valid_gambit_game() {
    let (text, _dir) = export(&[TOY, "--turn", "5", "--issue", "line"]);
    let g = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    // Players in the order they move at that turn: at turn 5 the second party (North) moves first.
    assert_eq!(g.players, vec!["North (NORTH)", "South (SOUTH)"]);
    assert!(g.title.contains("turn 5"), "{}", g.title);
    // The first mover may accept the other's standing offer or make one of at most eight offers;
    // the second mover answers with the set of offers it would accept (every subset).
    let (first, second) = (&g.strategies[0], &g.strategies[1]);
    assert!(first.len() <= 9, "{first:?}");
    let offers = first.iter().filter(|s| s.starts_with("offer ")).count();
    assert!(offers >= 2, "{first:?}");
    assert!(
        first
            .iter()
            .all(|s| s.starts_with("offer ") || s.starts_with("accept "))
    );
    assert_eq!(second[0], "reject all");
    assert_eq!(second.len(), 1 << offers, "{second:?}");
    assert!(g.payoffs.iter().flatten().all(|p| p.is_finite()));
    // Different joint moves are worth different amounts to at least one side.

    assert!(g.payoffs.iter().any(|p| p != &g.payoffs[0]));
    // Same command, same bytes.
    let (again, _d) = export(&[TOY, "--turn", "5", "--issue", "line"]);
    assert_eq!(text, again);
}

#[test]
fn export_nfg_prints_to_stdout_and_explains_bad_turns() {
    let out = armistice()
        .args(["export-nfg", TOY, "--turn", "0"])
        .current_dir(repo(""))
        .output()
        .unwrap();
    assert!(out.status.success());
    parse(&String::from_utf8_lossy(&out.stdout)).unwrap();
    armistice()
        .args(["export-nfg", TOY, "--issue", "nope"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("known issues"));
    armistice()
        .args(["export-nfg", TOY, "--turn", "100000"])
        .current_dir(repo(""))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("earlier --turn"));
}

#[test]
fn export_nfg_reads_in_pygambit_when_available() {
    let python = std::env::var("PYGAMBIT_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import pygambit"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        eprintln!(
            "skipped: no pygambit for `{python}` (set PYGAMBIT_PYTHON to a Python that has it)"
        );
        return;
    }
    let (text, dir) = export(&[TOY, "--turn", "5", "--issue", "line"]);
    let ours = parse(&text).unwrap();
    let f = dir.path().join("game.nfg");
    let script = r#"
import sys, pygambit
path = sys.argv[1]
g = pygambit.read_nfg(path) if hasattr(pygambit, "read_nfg") else pygambit.Game.read_game(path)
print(len(g.players))
print(" ".join(str(len(p.strategies)) for p in g.players))
profile = [list(p.strategies)[0] for p in g.players]
print(" ".join(repr(float(g[profile][p])) for p in g.players))
eq = pygambit.nash.enumpure_solve(g)
print(len(eq.equilibria) if hasattr(eq, "equilibria") else len(eq))
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pygambit could not read the file: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "2");
    let counts: Vec<usize> = lines[1].split(' ').map(|x| x.parse().unwrap()).collect();
    assert_eq!(
        counts,
        ours.strategies.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let first: Vec<f64> = lines[2].split(' ').map(|x| x.parse().unwrap()).collect();
    for (a, b) in first.iter().zip(&ours.payoffs[0]) {
        assert!((a - b).abs() < 1e-9, "{first:?} vs {:?}", ours.payoffs[0]);
    }
}

/// The engine's modal choice at the exported node, as a pure profile: player 1's most probable
/// strategy, and player 2's strategy accepting exactly the offers it accepts with probability > ½.
fn engine_profile(g: &armistice::engine::oneshot::OneShot) -> (usize, usize) {
    let s1 = (0..g.strategies[0].len())
        .max_by(|&a, &b| g.engine[0][a].total_cmp(&g.engine[0][b]))
        .unwrap();
    // Bit b of player 2's masks stands for player 1's b-th offer.
    let mask = (0..g.strategies[0].len())
        .filter(|&j| g.strategies[0][j].starts_with("offer "))
        .enumerate()
        .filter(|&(_, j)| g.engine[1][j] > 0.5)
        .fold(0u32, |m, (b, _)| m | 1 << b);
    let s2 = g.positions[1].iter().position(|&m| m == mask).unwrap();
    (s1, s2)
}

/// Whether the profile is a Nash equilibrium of the exported payoffs (no player gains more than
/// `tol` by deviating alone).
fn is_equilibrium(
    g: &armistice::engine::oneshot::OneShot,
    (s1, s2): (usize, usize),
    tol: f64,
) -> bool {
    let n1 = g.strategies[0].len();
    let u = |a: usize, b: usize| g.payoffs[a + n1 * b];
    let here = u(s1, s2);
    (0..n1).all(|a| u(a, s2)[0] <= here[0] + tol)
        && (0..g.strategies[1].len()).all(|b| u(s1, b)[1] <= here[1] + tol)
}

#[test]
fn at_high_precision_the_engines_choice_is_an_equilibrium_of_the_exported_game() {
    // Issue 15.8: the exported payoffs carry the continuation values the engine uses, so the engine's
    // own choice, near best response, must be a Nash equilibrium of the game it exports.
    let cases: [(&str, &[&str], u32, &str); 2] = [
        (
            "scenarios/theory/rubinstein.toml",
            &["scenario.horizon=60"],
            0,
            "split",
        ),
        (
            TOY,
            &[
                "actor.South.lambda=1000000",
                "actor.North.lambda=1000000",
                "actor.Patron.lambda=1000000",
            ],
            5,
            "line",
        ),
    ];
    for (spec, sets, turn, issue) in cases {
        let ov: Vec<_> = sets
            .iter()
            .map(|s| armistice::scenario::Override::parse(s).unwrap())
            .collect();
        let m = armistice::Model::new(
            armistice::Scenario::load(repo(spec).to_str().unwrap(), &ov).unwrap(),
        );
        let mut sim = armistice::engine::Simulation::new(&m, 7, 0);
        assert!(
            sim.advance_to(turn),
            "{spec}: the run ends before turn {turn}"
        );
        let i = m.scenario.issue(issue).unwrap();
        let g = sim.one_shot(i).unwrap();
        let profile = engine_profile(&g);
        let stake = g
            .payoffs
            .iter()
            .flatten()
            .fold(0.0f64, |m, x| m.max(x.abs()))
            .max(1.0);
        assert!(
            is_equilibrium(&g, profile, 1e-6 * stake),
            "{spec} turn {turn}: the engine plays {} / {}, not an equilibrium",
            g.strategies[0][profile.0],
            g.strategies[1][profile.1]
        );
    }
}

#[test]
fn the_equilibrium_check_is_not_vacuous() {
    // A hand-solved 2×2: a prisoner's dilemma's cooperative profile is not an equilibrium, mutual
    // defection is.
    let g = armistice::engine::oneshot::OneShot {
        issue: "pd".into(),
        turn: 0,
        players: ["A".into(), "B".into()],
        strategies: [
            vec!["offer c".into(), "offer d".into()],
            vec!["c".into(), "d".into()],
        ],
        positions: [vec![0, 1], vec![0, 1]],
        payoffs: vec![[3.0, 3.0], [5.0, 0.0], [0.0, 5.0], [1.0, 1.0]],
        outcomes: vec![String::new(); 4],
        engine: [vec![1.0, 0.0], vec![1.0, 0.0]],
    };
    assert!(!is_equilibrium(&g, (0, 0), 1e-9));
    assert!(is_equilibrium(&g, (1, 1), 1e-9));
}
