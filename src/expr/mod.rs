//! A small expression language for scenario values and conditions.
//!
//! Payoff effects, flows, hazards, drifts and conditions are written as strings such as
//! `"-1 - 0.5 * pressure"` or `"front < -0.2 and not agreed(armistice)"`. They are parsed once, when the
//! scenario is validated, into a tree whose names are already resolved to indices, so evaluating one
//! inside the engine is a walk over a few nodes with no lookups.
//!
//! Grammar (precedence low → high): `or`, `and`, `not`, comparisons (`< <= > >= == !=`), `+ -`, `* /`,
//! unary `-`, atoms. Atoms: numbers, state variable ids, `x` (the position on a continuous issue, where
//! allowed), `turn`, `(expr)`, and the functions `min(a, b)`, `max(a, b)`, `abs(a)`, `clamp(v, lo, hi)`,
//! `settled(issue)`, `settled_as(issue, option)`, `open(issue)`, `agreed(agreement)`, `fired(event)`,
//! `done(action)`. Booleans are numbers: true is 1, false is 0; a condition holds when its value is not 0.
//!
//! The stages: `lex` (text → tokens), `parse` (tokens → a resolved tree), `compile` (tree → the
//! flat program the engine runs, constants folded) and `eval` (both the program and the tree walk).

use std::fmt;

mod compile;
mod eval;
mod lex;
mod parse;

/// Hard limit on the issues a scenario may declare (flags are bit sets).
pub const MAX_ISSUES: usize = 64;
/// Hard limit on the agreements a scenario may declare.
pub const MAX_AGREEMENTS: usize = 64;
/// Hard limit on the events a scenario may declare.
pub const MAX_EVENTS: usize = 128;
/// Hard limit on the unilateral and other actions a scenario may declare.
pub const MAX_ACTIONS: usize = 128;
/// Most tokens in one expression. Evaluation walks the tree recursively and a long chain such as
/// `1 + 1 + … + 1` is as deep as it is long, so length is bounded to keep the stack safe.
pub const MAX_EXPR_TOKENS: usize = 2000;
/// Deepest nesting of parentheses, function calls, unary minus and `not` in one expression (the parser
/// is recursive descent; 100,000 `(` must be an error, not a stack overflow).
pub const MAX_EXPR_DEPTH: usize = 64;

/// Discrete facts of a world that conditions can test: which issues are settled (and where), open,
/// which agreements are reached, which events fired and which actions were taken.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flags {
    /// Bit i: issue i is settled.
    pub settled: u64,
    /// Bit i: issue i is on the table.
    pub open: u64,
    /// Bit g: agreement g is reached.
    pub agreed: u64,
    /// Bit e: event e has fired.
    pub fired: u128,
    /// Bit a: action a has been taken.
    pub done: u128,
    /// Position each issue settled at, or -1.
    pub settled_at: [i16; MAX_ISSUES],
}

impl Default for Flags {
    fn default() -> Self {
        Flags {
            settled: 0,
            open: 0,
            agreed: 0,
            fired: 0,
            done: 0,
            settled_at: [-1; MAX_ISSUES],
        }
    }
}

/// Everything an expression may read.
pub struct Env<'a> {
    /// State variable values, by index.
    pub state: &'a [f64],
    /// Discrete facts.
    pub flags: &'a Flags,
    /// The position on the continuous issue being valued (0 elsewhere).
    pub x: f64,
    /// The current turn number.
    pub turn: f64,
}

/// A parsed and resolved expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    node: Node,
    /// The same expression compiled to a flat program for a small stack machine (constants folded),
    /// which evaluates to exactly the same value as walking `node` without the pointer chasing.
    code: Code,
    /// The source text, for messages and traces.
    pub text: String,
}

/// A compiled expression. The common shapes get their own variant so that they cost one match.
#[derive(Clone, Debug, PartialEq)]
enum Code {
    Const(f64),
    State(usize),
    /// A test of one flag bit, possibly negated (`settled(pow)`, `not agreed(armistice)`).
    Flag(FlagKind, u32, bool),
    /// `t0 ± t1 ± t2 …`, applied left to right exactly as the tree would, where each term is a
    /// number, a state variable or a number times one (`front + 0.8`, `-1.2 * pows_held`,
    /// `-0.02 - 0.3 * pressure`). The first term's sign flag is unused.
    Linear(Box<[LinearTerm]>),
    /// A postfix program whose stack never holds more than [`STACK`] values.
    Program(Box<[Op]>),
    /// Too deep for the fixed stack: walk the tree.
    Tree,
}

/// One term of a [`Code::Linear`]: (subtract, coefficient, state variable or [`NO_STATE`] for a
/// plain number).
type LinearTerm = (bool, f64, u32);

/// The state index of a [`LinearTerm`] that is a plain number.
const NO_STATE: u32 = u32::MAX;

/// Which flag word a [`Code::Flag`] tests.
#[derive(Clone, Copy, Debug, PartialEq)]
enum FlagKind {
    Settled,
    Open,
    Agreed,
    Fired,
    Done,
}

/// Values the stack machine holds at most (deeper programs fall back to the tree walk).
const STACK: usize = 16;

/// One instruction of the postfix program. Operands are popped right first.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Num(f64),
    State(u32),
    X,
    Turn,
    /// Pushes `c * state[i]` (the fused form of `Num(c) State(i) Mul`).
    MulNumState(f64, u32),
    Neg,
    Not,
    Bin(BinOp),
    Min,
    Max,
    Abs,
    Clamp,
    Settled(u32),
    SettledAs(u32, i16),
    Open(u32),
    Agreed(u32),
    Fired(u32),
    Done(u32),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Num(f64),
    State(usize),
    X,
    Turn,
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Min(Box<Node>, Box<Node>),
    Max(Box<Node>, Box<Node>),
    Abs(Box<Node>),
    Clamp(Box<Node>, Box<Node>, Box<Node>),
    Settled(usize),
    SettledAs(usize, i16),
    Open(usize),
    Agreed(usize),
    Fired(usize),
    Done(usize),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

/// What names mean while an expression is resolved.
pub trait Resolver {
    /// Index of a state variable.
    fn state(&self, id: &str) -> Option<usize>;
    /// Index of an issue.
    fn issue(&self, id: &str) -> Option<usize>;
    /// Position of a discrete option of an issue.
    fn option(&self, issue: usize, id: &str) -> Option<usize>;
    /// Index of an agreement.
    fn agreement(&self, id: &str) -> Option<usize>;
    /// Index of an event.
    fn event(&self, id: &str) -> Option<usize>;
    /// Index of an action.
    fn action(&self, id: &str) -> Option<usize>;
    /// Known ids of one kind, for hints.
    fn known(&self, kind: &str) -> Vec<String>;
    /// Whether `x` is allowed here.
    fn allows_x(&self) -> bool;
    /// Whether an error should carry a suggestion among the known names (a caller that will not
    /// show the error says no, and the edit distances are not computed).
    fn hints(&self) -> bool {
        true
    }
}

/// An error inside an expression: a byte offset into its text and a message.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprError {
    /// Byte offset of the problem in the expression text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, if we can say.
    pub hint: Option<String>,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl Expr {
    /// A constant.
    pub fn constant(v: f64) -> Expr {
        Expr {
            node: Node::Num(v),
            code: Code::Const(v),
            text: format_num(v),
        }
    }

    /// Parses and resolves `text`.
    pub fn parse(text: &str, r: &dyn Resolver) -> Result<Expr, ExprError> {
        let node = parse::parse(text, r)?;
        let code = compile::compile(&node);
        Ok(Expr {
            node,
            code,
            text: text.to_string(),
        })
    }

    /// Evaluates the expression.
    #[inline]
    pub fn eval(&self, env: &Env) -> f64 {
        match &self.code {
            Code::Const(v) => *v,
            Code::State(i) => env.state[*i],
            Code::Flag(kind, i, neg) => {
                let f = env.flags;
                let set = match kind {
                    FlagKind::Settled => f.settled >> i & 1 == 1,
                    FlagKind::Open => f.open >> i & 1 == 1,
                    FlagKind::Agreed => f.agreed >> i & 1 == 1,
                    FlagKind::Fired => f.fired >> i & 1 == 1,
                    FlagKind::Done => f.done >> i & 1 == 1,
                };
                eval::b(set != *neg)
            }
            Code::Linear(terms) => {
                let term = |k: f64, i: u32| {
                    if i == NO_STATE {
                        k
                    } else {
                        k * env.state[i as usize]
                    }
                };
                let (_, k0, i0) = terms[0];
                let mut acc = term(k0, i0);
                for &(sub, k, i) in &terms[1..] {
                    let t = term(k, i);
                    acc = if sub { acc - t } else { acc + t };
                }
                acc
            }
            Code::Program(ops) => eval::run(ops, env),
            Code::Tree => eval::eval(&self.node, env),
        }
    }

    /// Evaluates by walking the tree (the reference the compiled form must agree with).
    #[cfg(test)]
    fn eval_tree(&self, env: &Env) -> f64 {
        eval::eval(&self.node, env)
    }

    /// Evaluates as a condition (non-zero is true).
    #[inline]
    pub fn holds(&self, env: &Env) -> bool {
        self.eval(env) != 0.0
    }

    /// The value if the expression is a constant.
    pub fn as_constant(&self) -> Option<f64> {
        match self.node {
            Node::Num(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the value can change when state variables or `turn` change.
    pub fn reads_state(&self) -> bool {
        reads(&self.node, &|n| matches!(n, Node::State(_) | Node::Turn))
    }

    /// Whether the value depends on flags (settlements, agreements, events, actions).
    pub fn reads_flags(&self) -> bool {
        reads(&self.node, &|n| {
            matches!(
                n,
                Node::Settled(_)
                    | Node::SettledAs(..)
                    | Node::Open(_)
                    | Node::Agreed(_)
                    | Node::Fired(_)
                    | Node::Done(_)
            )
        })
    }

    /// The state variables the expression reads, appended to `out`.
    pub fn state_deps(&self, out: &mut Vec<usize>) {
        visit(&self.node, &mut |n| {
            if let Node::State(i) = n {
                if !out.contains(i) {
                    out.push(*i);
                }
            }
        });
    }

    /// The bits of the settled, open and agreed sets the expression reads, as masks
    /// `(settled, open, agreed)` (`settled_as(i, …)` reads settled bit i). A value computed under one
    /// set of flags holds for any other that agrees with it on these bits (and on `settled_at`,
    /// `fired` and `done` where those are read).
    pub fn flag_mask(&self) -> (u64, u64, u64) {
        let mut m = (0, 0, 0);
        visit(&self.node, &mut |n| match n {
            Node::Settled(i) | Node::SettledAs(i, _) => m.0 |= 1 << i,
            Node::Open(i) => m.1 |= 1 << i,
            Node::Agreed(g) => m.2 |= 1 << g,
            _ => {}
        });
        m
    }

    /// The issues whose settled position the expression reads (`settled_as(i, …)`), as bits.
    pub fn settled_as_mask(&self) -> u64 {
        let mut m = 0;
        visit(&self.node, &mut |n| {
            if let Node::SettledAs(i, _) = n {
                m |= 1 << i;
            }
        });
        m
    }

    /// The bits of the `fired` and `done` sets the expression reads, as masks `(fired, done)`.
    pub fn fired_done_mask(&self) -> (u128, u128) {
        let mut m = (0, 0);
        visit(&self.node, &mut |n| match n {
            Node::Fired(i) => m.0 |= 1 << i,
            Node::Done(i) => m.1 |= 1 << i,
            _ => {}
        });
        m
    }

    /// Whether the value depends on nothing but the settled, open and agreed sets (then it can be
    /// tabulated over the bits [`Expr::flag_mask`] names).
    pub fn reads_only_flag_sets(&self) -> bool {
        !reads(&self.node, &|n| {
            matches!(
                n,
                Node::State(_)
                    | Node::X
                    | Node::Turn
                    | Node::SettledAs(..)
                    | Node::Fired(_)
                    | Node::Done(_)
            )
        })
    }

    /// Whether the value depends on which actions were taken (`done`).
    pub fn reads_done(&self) -> bool {
        reads(&self.node, &|n| matches!(n, Node::Done(_)))
    }

    /// Whether the value depends on where an issue settled (`settled_as`).
    pub fn reads_settled_as(&self) -> bool {
        reads(&self.node, &|n| matches!(n, Node::SettledAs(..)))
    }

    /// Whether the value depends on `turn`.
    pub fn reads_turn(&self) -> bool {
        reads(&self.node, &|n| matches!(n, Node::Turn))
    }

    /// Whether the value depends on `x`.
    pub fn reads_x(&self) -> bool {
        reads(&self.node, &|n| matches!(n, Node::X))
    }
}

fn format_num(v: f64) -> String {
    format!("{v}")
}

/// Calls `f` on every node of the tree, parents before children.
fn visit(n: &Node, f: &mut impl FnMut(&Node)) {
    f(n);
    match n {
        Node::Neg(a) | Node::Not(a) | Node::Abs(a) => visit(a, f),
        Node::Bin(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Node::Clamp(a, b, c) => {
            visit(a, f);
            visit(b, f);
            visit(c, f);
        }
        _ => {}
    }
}

fn reads(n: &Node, p: &dyn Fn(&Node) -> bool) -> bool {
    if p(n) {
        return true;
    }
    match n {
        Node::Neg(a) | Node::Not(a) | Node::Abs(a) => reads(a, p),
        Node::Bin(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => reads(a, p) || reads(b, p),
        Node::Clamp(a, b, c) => reads(a, p) || reads(b, p) || reads(c, p),
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A resolver with two state variables, one issue with two options and one agreement.
    pub struct R;
    impl Resolver for R {
        fn state(&self, id: &str) -> Option<usize> {
            ["front", "pressure"].iter().position(|s| *s == id)
        }
        fn issue(&self, id: &str) -> Option<usize> {
            ["pow"].iter().position(|s| *s == id)
        }
        fn option(&self, _: usize, id: &str) -> Option<usize> {
            ["forced", "voluntary"].iter().position(|s| *s == id)
        }
        fn agreement(&self, id: &str) -> Option<usize> {
            ["armistice"].iter().position(|s| *s == id)
        }
        fn event(&self, _: &str) -> Option<usize> {
            None
        }
        fn action(&self, _: &str) -> Option<usize> {
            None
        }
        fn known(&self, _: &str) -> Vec<String> {
            vec!["front".into(), "pressure".into()]
        }
        fn allows_x(&self) -> bool {
            true
        }
    }

    /// Evaluates `s` with x = 0.5 and turn = 3.
    pub fn ev(s: &str, state: &[f64], flags: &Flags) -> f64 {
        let e = Expr::parse(s, &R).unwrap();
        e.eval(&Env {
            state,
            flags,
            x: 0.5,
            turn: 3.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::testing::R;
    use super::*;

    #[test]
    fn flag_masks_name_the_bits_read() {
        let mask = |t: &str| Expr::parse(t, &R).unwrap().flag_mask();
        assert_eq!(mask("not agreed(armistice)"), (0, 0, 1));
        assert_eq!(mask("settled_as(pow, voluntary) + open(pow)"), (1, 1, 0));
        assert_eq!(mask("front * 2"), (0, 0, 0));
        let only = |t: &str| Expr::parse(t, &R).unwrap().reads_only_flag_sets();
        assert!(only("agreed(armistice) and not settled(pow)"));
        assert!(!only("agreed(armistice) and front > 0"));
        assert!(!only("settled_as(pow, voluntary)"));
        assert!(!only("turn > 3 or open(pow)"));
    }

    #[test]
    fn dependency_tracking() {
        assert!(Expr::parse("x * 2", &R).unwrap().reads_x());
        assert!(!Expr::parse("x * 2", &R).unwrap().reads_state());
        assert!(Expr::parse("front", &R).unwrap().reads_state());
        assert!(Expr::parse("settled(pow)", &R).unwrap().reads_flags());
        assert_eq!(Expr::parse("-3", &R).unwrap().as_constant(), Some(-3.0));
    }
}
