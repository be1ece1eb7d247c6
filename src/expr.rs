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

use std::fmt;

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
    /// The source text, for messages and traces.
    pub text: String,
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
            text: format_num(v),
        }
    }

    /// Parses and resolves `text`.
    pub fn parse(text: &str, r: &dyn Resolver) -> Result<Expr, ExprError> {
        let toks = lex(text)?;
        if toks.len() > MAX_EXPR_TOKENS {
            return Err(ExprError {
                offset: toks[MAX_EXPR_TOKENS].0,
                message: format!(
                    "the expression has {} tokens; at most {MAX_EXPR_TOKENS} are allowed",
                    toks.len()
                ),
                hint: Some(
                    "split it: put parts into state variables, flows or separate effects".into(),
                ),
            });
        }
        let mut p = Parser {
            toks,
            pos: 0,
            r,
            depth: 0,
        };
        let node = p.or()?;
        if p.pos < p.toks.len() {
            return Err(p.err_here("unexpected text after the end of the expression", None));
        }
        Ok(Expr {
            node,
            text: text.to_string(),
        })
    }

    /// Evaluates the expression.
    #[inline]
    pub fn eval(&self, env: &Env) -> f64 {
        eval(&self.node, env)
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
        fn walk(n: &Node, out: &mut Vec<usize>) {
            match n {
                Node::State(i) if !out.contains(i) => out.push(*i),
                Node::Neg(a) | Node::Not(a) | Node::Abs(a) => walk(a, out),
                Node::Bin(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                Node::Clamp(a, b, c) => {
                    walk(a, out);
                    walk(b, out);
                    walk(c, out);
                }
                _ => {}
            }
        }
        walk(&self.node, out);
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

fn b(v: bool) -> f64 {
    if v { 1.0 } else { 0.0 }
}

fn eval(n: &Node, e: &Env) -> f64 {
    match n {
        Node::Num(v) => *v,
        Node::State(i) => e.state[*i],
        Node::X => e.x,
        Node::Turn => e.turn,
        Node::Neg(a) => -eval(a, e),
        Node::Not(a) => b(eval(a, e) == 0.0),
        Node::Bin(op, l, r) => {
            let l = eval(l, e);
            // `and`/`or` short-circuit, so a guard can protect a division.
            match op {
                BinOp::And => return b(l != 0.0 && eval(r, e) != 0.0),
                BinOp::Or => return b(l != 0.0 || eval(r, e) != 0.0),
                _ => {}
            }
            let r = eval(r, e);
            match op {
                BinOp::Add => l + r,
                BinOp::Sub => l - r,
                BinOp::Mul => l * r,
                // Division by zero gives 0 rather than an infinity that would poison every payoff.
                BinOp::Div => {
                    if r == 0.0 {
                        0.0
                    } else {
                        l / r
                    }
                }
                BinOp::Lt => b(l < r),
                BinOp::Le => b(l <= r),
                BinOp::Gt => b(l > r),
                BinOp::Ge => b(l >= r),
                BinOp::Eq => b(l == r),
                BinOp::Ne => b(l != r),
                BinOp::And | BinOp::Or => unreachable!("handled above"),
            }
        }
        Node::Min(a, c) => eval(a, e).min(eval(c, e)),
        Node::Max(a, c) => eval(a, e).max(eval(c, e)),
        Node::Abs(a) => eval(a, e).abs(),
        Node::Clamp(v, lo, hi) => {
            let (v, lo, hi) = (eval(v, e), eval(lo, e), eval(hi, e));
            v.max(lo).min(hi.max(lo))
        }
        Node::Settled(i) => b(e.flags.settled >> i & 1 == 1),
        Node::SettledAs(i, o) => b(e.flags.settled_at[*i] == *o),
        Node::Open(i) => b(e.flags.open >> i & 1 == 1),
        Node::Agreed(g) => b(e.flags.agreed >> g & 1 == 1),
        Node::Fired(v) => b(e.flags.fired >> v & 1 == 1),
        Node::Done(a) => b(e.flags.done >> a & 1 == 1),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Sym(&'static str),
}

fn lex(s: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit())
        {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b'_')
            {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                let save = i;
                i += 1;
                if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                    i += 1;
                }
                if i < bytes.len() && bytes[i].is_ascii_digit() {
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                } else {
                    i = save;
                }
            }
            let text: String = s[start..i].chars().filter(|&c| c != '_').collect();
            let v: f64 = text.parse().map_err(|_| ExprError {
                offset: start,
                message: format!("`{}` is not a number", &s[start..i]),
                hint: None,
            })?;
            if !v.is_finite() {
                return Err(ExprError {
                    offset: start,
                    message: format!("`{}` is too large to be a finite number", &s[start..i]),
                    hint: Some("numbers must be finite (at most about 1.8e308)".into()),
                });
            }
            out.push((start, Tok::Num(v)));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((start, Tok::Ident(s[start..i].to_string())));
        } else {
            let two = s.get(i..i + 2).unwrap_or("");
            let (sym, width): (&'static str, usize) = match two {
                "<=" => ("<=", 2),
                ">=" => (">=", 2),
                "==" => ("==", 2),
                "!=" => ("!=", 2),
                "&&" => ("and", 2),
                "||" => ("or", 2),
                _ => (
                    match c {
                        '+' => "+",
                        '-' => "-",
                        '*' => "*",
                        '/' => "/",
                        '<' => "<",
                        '>' => ">",
                        '(' => "(",
                        ')' => ")",
                        ',' => ",",
                        '!' => "not",
                        _ => {
                            return Err(ExprError {
                                offset: i,
                                message: format!(
                                    "unexpected character `{}`",
                                    s[i..].chars().next().unwrap_or(c)
                                ),
                                hint: Some(
                                    "expressions use numbers, ids, + - * /, comparisons, and/or/not and functions"
                                        .into(),
                                ),
                            });
                        }
                    },
                    1,
                ),
            };
            out.push((i, Tok::Sym(sym)));
            i += width;
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    r: &'a dyn Resolver,
    /// Current nesting depth (parentheses, calls, unary minus, `not`).
    depth: usize,
}

const FUNCS: &[&str] = &[
    "min",
    "max",
    "abs",
    "clamp",
    "settled",
    "settled_as",
    "open",
    "agreed",
    "fired",
    "done",
];

impl Parser<'_> {
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map(|t| t.0).unwrap_or(usize::MAX)
    }

    fn err_here(&self, msg: &str, hint: Option<String>) -> ExprError {
        ExprError {
            offset: self.offset(),
            message: msg.to_string(),
            hint,
        }
    }

    /// Enters one level of nesting, refusing to go deeper than [`MAX_EXPR_DEPTH`]; pair with `leave`.
    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return Err(self.err_here(
                &format!("the expression nests more than {MAX_EXPR_DEPTH} levels deep"),
                Some("remove redundant parentheses, `-` or `not`, or split the expression".into()),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn peek_sym(&self, s: &str) -> bool {
        matches!(self.toks.get(self.pos), Some((_, Tok::Sym(x))) if *x == s)
            || matches!(self.toks.get(self.pos), Some((_, Tok::Ident(x))) if x == s && (s == "and" || s == "or" || s == "not"))
    }

    fn expect(&mut self, s: &str) -> Result<(), ExprError> {
        if self.peek_sym(s) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err_here(&format!("expected `{s}`"), None))
        }
    }

    fn or(&mut self) -> Result<Node, ExprError> {
        let mut l = self.and()?;
        while self.peek_sym("or") {
            self.pos += 1;
            let r = self.and()?;
            l = Node::Bin(BinOp::Or, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Node, ExprError> {
        let mut l = self.not()?;
        while self.peek_sym("and") {
            self.pos += 1;
            let r = self.not()?;
            l = Node::Bin(BinOp::And, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn not(&mut self) -> Result<Node, ExprError> {
        if self.peek_sym("not") {
            self.pos += 1;
            self.enter()?;
            let inner = self.not()?;
            self.leave();
            return Ok(Node::Not(Box::new(inner)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Node, ExprError> {
        let l = self.sum()?;
        for (s, op) in [
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("<", BinOp::Lt),
            (">", BinOp::Gt),
            ("==", BinOp::Eq),
            ("!=", BinOp::Ne),
        ] {
            if self.peek_sym(s) {
                self.pos += 1;
                let r = self.sum()?;
                return Ok(Node::Bin(op, Box::new(l), Box::new(r)));
            }
        }
        Ok(l)
    }

    fn sum(&mut self) -> Result<Node, ExprError> {
        let mut l = self.prod()?;
        loop {
            let op = if self.peek_sym("+") {
                BinOp::Add
            } else if self.peek_sym("-") {
                BinOp::Sub
            } else {
                return Ok(l);
            };
            self.pos += 1;
            let r = self.prod()?;
            l = Node::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn prod(&mut self) -> Result<Node, ExprError> {
        let mut l = self.unary()?;
        loop {
            let op = if self.peek_sym("*") {
                BinOp::Mul
            } else if self.peek_sym("/") {
                BinOp::Div
            } else {
                return Ok(l);
            };
            self.pos += 1;
            let r = self.unary()?;
            l = Node::Bin(op, Box::new(l), Box::new(r));
        }
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
        if self.peek_sym("-") {
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.leave();
            return Ok(match inner {
                Node::Num(v) => Node::Num(-v),
                other => Node::Neg(Box::new(other)),
            });
        }
        if self.peek_sym("+") {
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.leave();
            return Ok(inner);
        }
        self.atom()
    }

    fn ident_arg(&mut self) -> Result<(usize, String), ExprError> {
        match self.toks.get(self.pos).cloned() {
            Some((off, Tok::Ident(s))) => {
                self.pos += 1;
                Ok((off, s))
            }
            _ => Err(self.err_here("expected an id", None)),
        }
    }

    fn lookup(
        &self,
        off: usize,
        kind: &str,
        id: &str,
        found: Option<usize>,
    ) -> Result<usize, ExprError> {
        found.ok_or_else(|| {
            let known = self.r.known(kind);
            ExprError {
                offset: off,
                message: format!("unknown {kind} `{id}`"),
                hint: Some(crate::scenario::suggest(id, &known, kind)),
            }
        })
    }

    fn atom(&mut self) -> Result<Node, ExprError> {
        let Some((off, tok)) = self.toks.get(self.pos).cloned() else {
            return Err(ExprError {
                offset: usize::MAX,
                message: "the expression ends too early".into(),
                hint: None,
            });
        };
        self.pos += 1;
        match tok {
            Tok::Num(v) => Ok(Node::Num(v)),
            Tok::Sym("(") => {
                self.enter()?;
                let n = self.or()?;
                self.leave();
                self.expect(")")?;
                Ok(n)
            }
            Tok::Sym(s) => Err(ExprError {
                offset: off,
                message: format!("unexpected `{s}`"),
                hint: None,
            }),
            Tok::Ident(name) => {
                if self.peek_sym("(") {
                    self.pos += 1;
                    self.enter()?;
                    let n = self.call(off, &name)?;
                    self.leave();
                    self.expect(")")?;
                    return Ok(n);
                }
                match name.as_str() {
                    "x" if self.r.allows_x() => Ok(Node::X),
                    "turn" => Ok(Node::Turn),
                    "true" => Ok(Node::Num(1.0)),
                    "false" => Ok(Node::Num(0.0)),
                    _ => match self.r.state(&name) {
                        Some(i) => Ok(Node::State(i)),
                        None => {
                            let mut known = self.r.known("state variable");
                            known.push("turn".into());
                            if self.r.allows_x() {
                                known.push("x".into());
                            }
                            let hint = if name == "x" {
                                "`x` (the position on the issue) is only allowed in effects of a continuous issue".to_string()
                            } else {
                                crate::scenario::suggest(&name, &known, "name")
                            };
                            Err(ExprError {
                                offset: off,
                                message: format!("unknown name `{name}` (not a state variable)"),
                                hint: Some(hint),
                            })
                        }
                    },
                }
            }
        }
    }

    fn call(&mut self, off: usize, name: &str) -> Result<Node, ExprError> {
        let r = self.r;
        Ok(match name {
            "min" | "max" => {
                let a = self.or()?;
                self.expect(",")?;
                let c = self.or()?;
                if name == "min" {
                    Node::Min(Box::new(a), Box::new(c))
                } else {
                    Node::Max(Box::new(a), Box::new(c))
                }
            }
            "abs" => Node::Abs(Box::new(self.or()?)),
            "clamp" => {
                let a = self.or()?;
                self.expect(",")?;
                let lo = self.or()?;
                self.expect(",")?;
                let hi = self.or()?;
                Node::Clamp(Box::new(a), Box::new(lo), Box::new(hi))
            }
            "settled" | "open" => {
                let (o, id) = self.ident_arg()?;
                let i = self.lookup(o, "issue", &id, r.issue(&id))?;
                if name == "settled" {
                    Node::Settled(i)
                } else {
                    Node::Open(i)
                }
            }
            "settled_as" => {
                let (o, id) = self.ident_arg()?;
                let i = self.lookup(o, "issue", &id, r.issue(&id))?;
                self.expect(",")?;
                let (o2, opt) = self.ident_arg()?;
                let p = r.option(i, &opt).ok_or_else(|| ExprError {
                    offset: o2,
                    message: format!("issue `{id}` has no option `{opt}`"),
                    hint: Some(
                        "settled_as takes a discrete issue and one of its option ids".into(),
                    ),
                })?;
                Node::SettledAs(i, p as i16)
            }
            "agreed" => {
                let (o, id) = self.ident_arg()?;
                Node::Agreed(self.lookup(o, "agreement", &id, r.agreement(&id))?)
            }
            "fired" => {
                let (o, id) = self.ident_arg()?;
                Node::Fired(self.lookup(o, "event", &id, r.event(&id))?)
            }
            "done" => {
                let (o, id) = self.ident_arg()?;
                Node::Done(self.lookup(o, "action", &id, r.action(&id))?)
            }
            _ => {
                let known: Vec<String> = FUNCS.iter().map(|s| s.to_string()).collect();
                return Err(ExprError {
                    offset: off,
                    message: format!("unknown function `{name}`"),
                    hint: Some(crate::scenario::suggest(name, &known, "function")),
                });
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct R;
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

    fn ev(s: &str, state: &[f64], flags: &Flags) -> f64 {
        let e = Expr::parse(s, &R).unwrap();
        e.eval(&Env {
            state,
            flags,
            x: 0.5,
            turn: 3.0,
        })
    }

    #[test]
    fn arithmetic_and_precedence() {
        let f = Flags::default();
        assert_eq!(ev("1 + 2 * 3", &[0.0, 0.0], &f), 7.0);
        assert_eq!(ev("-(1 + 2) * 3", &[0.0, 0.0], &f), -9.0);
        assert_eq!(ev("-1 - 0.5 * pressure", &[0.0, 2.0], &f), -2.0);
        assert_eq!(ev("x * front + turn", &[2.0, 0.0], &f), 4.0);
        assert_eq!(ev("clamp(front, 0, 1)", &[2.0, 0.0], &f), 1.0);
        assert_eq!(ev("min(1, 2) + max(1, 2) + abs(-3)", &[0.0, 0.0], &f), 6.0);
        assert_eq!(ev("1 / 0", &[0.0, 0.0], &f), 0.0);
        assert_eq!(ev("1e-2 * 100", &[0.0, 0.0], &f), 1.0);
    }

    #[test]
    fn conditions_and_flags() {
        let mut f = Flags::default();
        assert_eq!(
            ev("front < -0.2 and not agreed(armistice)", &[-0.5, 0.0], &f),
            1.0
        );
        f.agreed = 1;
        assert_eq!(
            ev("front < -0.2 and not agreed(armistice)", &[-0.5, 0.0], &f),
            0.0
        );
        assert_eq!(ev("settled(pow) or front >= 1", &[1.0, 0.0], &f), 1.0);
        f.settled = 1;
        f.settled_at[0] = 1;
        assert_eq!(ev("settled_as(pow, voluntary)", &[0.0, 0.0], &f), 1.0);
        assert_eq!(ev("settled_as(pow, forced)", &[0.0, 0.0], &f), 0.0);
        assert_eq!(ev("!settled(pow) || front != 0", &[0.0, 0.0], &f), 0.0);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = Expr::parse("1 + frnt", &R).unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("frnt"));
        assert!(e.hint.unwrap().contains("front"));
        let e = Expr::parse("agreed(armistce)", &R).unwrap_err();
        assert_eq!(e.offset, 7);
        assert!(Expr::parse("1 +", &R).is_err());
        assert!(Expr::parse("(1", &R).is_err());
        assert!(Expr::parse("1 $ 2", &R).is_err());
        assert!(Expr::parse("foo(1)", &R).is_err());
        assert!(Expr::parse("1 2", &R).is_err());
    }

    #[test]
    fn deep_or_long_expressions_are_errors_not_stack_overflows() {
        for n in [1000, 100_000] {
            for s in [
                "(".repeat(n),
                "-".repeat(n) + "1",
                "not ".repeat(n) + "1",
                "abs(".repeat(n),
                "+".repeat(n) + "1",
            ] {
                let e = Expr::parse(&s, &R).unwrap_err();
                let why = if n < MAX_EXPR_TOKENS {
                    "levels deep"
                } else {
                    "tokens"
                };
                assert!(e.message.contains(why), "{}", e.message);
            }
        }
        let long = vec!["1"; 10_000].join(" + ");
        let e = Expr::parse(&long, &R).unwrap_err();
        assert!(e.message.contains("tokens"), "{}", e.message);
        let nested = "(".repeat(MAX_EXPR_DEPTH) + "1" + &")".repeat(MAX_EXPR_DEPTH);
        assert!(Expr::parse(&nested, &R).is_ok());
        let e = Expr::parse("1e999 * 2", &R).unwrap_err();
        assert!(e.message.contains("finite"), "{}", e.message);
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
