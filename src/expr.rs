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
        let code = compile(&node);
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
                b(set != *neg)
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
            Code::Program(ops) => run(ops, env),
            Code::Tree => eval(&self.node, env),
        }
    }

    /// Evaluates by walking the tree (the reference the compiled form must agree with).
    #[cfg(test)]
    fn eval_tree(&self, env: &Env) -> f64 {
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

    /// The bits of the settled, open and agreed sets the expression reads, as masks
    /// `(settled, open, agreed)` (`settled_as(i, …)` reads settled bit i). A value computed under one
    /// set of flags holds for any other that agrees with it on these bits (and on `settled_at`,
    /// `fired` and `done` where those are read).
    pub fn flag_mask(&self) -> (u64, u64, u64) {
        fn walk(n: &Node, m: &mut (u64, u64, u64)) {
            match n {
                Node::Settled(i) | Node::SettledAs(i, _) => m.0 |= 1 << i,
                Node::Open(i) => m.1 |= 1 << i,
                Node::Agreed(g) => m.2 |= 1 << g,
                Node::Neg(a) | Node::Not(a) | Node::Abs(a) => walk(a, m),
                Node::Bin(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
                    walk(a, m);
                    walk(b, m);
                }
                Node::Clamp(a, b, c) => {
                    walk(a, m);
                    walk(b, m);
                    walk(c, m);
                }
                _ => {}
            }
        }
        let mut m = (0, 0, 0);
        walk(&self.node, &mut m);
        m
    }

    /// The bits of the `fired` and `done` sets the expression reads, as masks `(fired, done)`.
    pub fn fired_done_mask(&self) -> (u128, u128) {
        fn walk(n: &Node, m: &mut (u128, u128)) {
            match n {
                Node::Fired(i) => m.0 |= 1 << i,
                Node::Done(i) => m.1 |= 1 << i,
                Node::Neg(a) | Node::Not(a) | Node::Abs(a) => walk(a, m),
                Node::Bin(_, a, b) | Node::Min(a, b) | Node::Max(a, b) => {
                    walk(a, m);
                    walk(b, m);
                }
                Node::Clamp(a, b, c) => {
                    walk(a, m);
                    walk(b, m);
                    walk(c, m);
                }
                _ => {}
            }
        }
        let mut m = (0, 0);
        walk(&self.node, &mut m);
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

/// Folds constant subtrees (evaluating them exactly as [`eval`] would at run time) and compiles the
/// result to a postfix program.
fn compile(node: &Node) -> Code {
    let node = fold(node);
    match node {
        Node::Num(v) => return Code::Const(v),
        Node::State(i) => return Code::State(i),
        _ => {}
    }
    if let Some(c) = flag_test(&node, false) {
        return c;
    }
    if let Some(terms) = linear(&node) {
        // A lone number or state variable was caught above; `k * s` alone is worth the fast path.
        if terms.len() > 1 || terms[0].2 != NO_STATE {
            return Code::Linear(terms.into_boxed_slice());
        }
    }
    let mut ops = Vec::new();
    let depth = emit(&node, &mut ops);
    if depth > STACK {
        return Code::Tree;
    }
    Code::Program(ops.into_boxed_slice())
}

fn flag_test(n: &Node, neg: bool) -> Option<Code> {
    let (kind, i) = match n {
        Node::Not(inner) => return flag_test(inner, !neg),
        Node::Settled(i) => (FlagKind::Settled, *i),
        Node::Open(i) => (FlagKind::Open, *i),
        Node::Agreed(i) => (FlagKind::Agreed, *i),
        Node::Fired(i) => (FlagKind::Fired, *i),
        Node::Done(i) => (FlagKind::Done, *i),
        _ => return None,
    };
    Some(Code::Flag(kind, i as u32, neg))
}

/// `Num`, or a left-leaning chain of `+`/`−` whose right operands are `Num * State` and whose
/// innermost left operand is a `Num`.
/// `n` as a [`Code::Linear`] when it has that shape. Each term is computed as the tree computes it:
/// `k * s` by one multiplication (`s * k` and `-(k * s)` give the same bits as `k * s` and
/// `(-k) * s`), and a lone `s` or `-s` as `1 * s` or `-1 * s`, which IEEE multiplication gives exactly.
fn linear(n: &Node) -> Option<Vec<LinearTerm>> {
    fn term(n: &Node, first: bool) -> Option<(f64, u32)> {
        match n {
            Node::Num(v) => Some((*v, NO_STATE)),
            Node::State(i) => Some((1.0, *i as u32)),
            Node::Bin(BinOp::Mul, a, b) => match (&**a, &**b) {
                (Node::Num(k), Node::State(i)) | (Node::State(i), Node::Num(k)) => {
                    Some((*k, *i as u32))
                }
                _ => None,
            },
            // Only leading: `a - -s` would subtract a negated term; rare, left to the program.
            Node::Neg(a) if first => {
                let (k, i) = term(a, false)?;
                (i != NO_STATE).then_some((-k, i))
            }
            _ => None,
        }
    }
    match n {
        Node::Bin(op @ (BinOp::Add | BinOp::Sub), l, r) => {
            let (k, i) = term(r, false)?;
            let mut terms = linear(l)?;
            terms.push((*op == BinOp::Sub, k, i));
            Some(terms)
        }
        _ => {
            let (k, i) = term(n, true)?;
            Some(vec![(false, k, i)])
        }
    }
}

fn fold(n: &Node) -> Node {
    let bx = |n: &Node| Box::new(fold(n));
    let folded = match n {
        Node::Neg(a) => Node::Neg(bx(a)),
        Node::Not(a) => Node::Not(bx(a)),
        Node::Abs(a) => Node::Abs(bx(a)),
        Node::Bin(op, a, c) => Node::Bin(*op, bx(a), bx(c)),
        Node::Min(a, c) => Node::Min(bx(a), bx(c)),
        Node::Max(a, c) => Node::Max(bx(a), bx(c)),
        Node::Clamp(a, c, d) => Node::Clamp(bx(a), bx(c), bx(d)),
        other => return other.clone(),
    };
    let constant = match &folded {
        Node::Neg(a) | Node::Not(a) | Node::Abs(a) => matches!(**a, Node::Num(_)),
        Node::Bin(_, a, c) | Node::Min(a, c) | Node::Max(a, c) => {
            matches!(**a, Node::Num(_)) && matches!(**c, Node::Num(_))
        }
        Node::Clamp(a, c, d) => [a, c, d].iter().all(|x| matches!(***x, Node::Num(_))),
        _ => false,
    };
    if constant {
        // Nothing in a constant subtree reads the environment.
        let flags = Flags::default();
        let env = Env {
            state: &[],
            flags: &flags,
            x: 0.0,
            turn: 0.0,
        };
        Node::Num(eval(&folded, &env))
    } else {
        folded
    }
}

/// Appends `n`'s postfix program; returns the stack depth it needs.
fn emit(n: &Node, ops: &mut Vec<Op>) -> usize {
    let ix = |i: usize| i as u32;
    match n {
        Node::Num(v) => {
            ops.push(Op::Num(*v));
            1
        }
        Node::State(i) => {
            ops.push(Op::State(ix(*i)));
            1
        }
        Node::X => {
            ops.push(Op::X);
            1
        }
        Node::Turn => {
            ops.push(Op::Turn);
            1
        }
        Node::Settled(i) => {
            ops.push(Op::Settled(ix(*i)));
            1
        }
        Node::SettledAs(i, o) => {
            ops.push(Op::SettledAs(ix(*i), *o));
            1
        }
        Node::Open(i) => {
            ops.push(Op::Open(ix(*i)));
            1
        }
        Node::Agreed(i) => {
            ops.push(Op::Agreed(ix(*i)));
            1
        }
        Node::Fired(i) => {
            ops.push(Op::Fired(ix(*i)));
            1
        }
        Node::Done(i) => {
            ops.push(Op::Done(ix(*i)));
            1
        }
        Node::Neg(a) | Node::Not(a) | Node::Abs(a) => {
            let d = emit(a, ops);
            ops.push(match n {
                Node::Neg(_) => Op::Neg,
                Node::Not(_) => Op::Not,
                _ => Op::Abs,
            });
            d
        }
        Node::Bin(op, a, c) => {
            if let (BinOp::Mul, Node::Num(k), Node::State(i)) = (op, &**a, &**c) {
                ops.push(Op::MulNumState(*k, ix(*i)));
                return 1;
            }
            let da = emit(a, ops);
            let dc = emit(c, ops);
            ops.push(Op::Bin(*op));
            da.max(dc + 1)
        }
        Node::Min(a, c) | Node::Max(a, c) => {
            let da = emit(a, ops);
            let dc = emit(c, ops);
            ops.push(if matches!(n, Node::Min(..)) {
                Op::Min
            } else {
                Op::Max
            });
            da.max(dc + 1)
        }
        Node::Clamp(a, c, d) => {
            let da = emit(a, ops);
            let dc = emit(c, ops);
            let dd = emit(d, ops);
            ops.push(Op::Clamp);
            da.max(dc + 1).max(dd + 2)
        }
    }
}

fn binop(op: BinOp, l: f64, r: f64) -> f64 {
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
        // Evaluation has no side effects, so evaluating both operands of `and`/`or` gives the same
        // value as short-circuiting.
        BinOp::And => b(l != 0.0 && r != 0.0),
        BinOp::Or => b(l != 0.0 || r != 0.0),
    }
}

fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi.max(lo))
}

/// Runs a postfix program on a fixed stack (its depth was checked at compile time).
fn run(ops: &[Op], e: &Env) -> f64 {
    let mut st = [0.0f64; STACK];
    let mut sp = 0usize;
    macro_rules! push {
        ($v:expr) => {{
            let v = $v;
            st[sp] = v;
            sp += 1;
        }};
    }
    let bit = |x: u64, i: u32| b(x >> i & 1 == 1);
    for op in ops {
        match *op {
            Op::Num(v) => push!(v),
            Op::State(i) => push!(e.state[i as usize]),
            Op::X => push!(e.x),
            Op::Turn => push!(e.turn),
            Op::MulNumState(k, i) => push!(k * e.state[i as usize]),
            Op::Settled(i) => push!(bit(e.flags.settled, i)),
            Op::SettledAs(i, o) => push!(b(e.flags.settled_at[i as usize] == o)),
            Op::Open(i) => push!(bit(e.flags.open, i)),
            Op::Agreed(i) => push!(bit(e.flags.agreed, i)),
            Op::Fired(i) => push!(b(e.flags.fired >> i & 1 == 1)),
            Op::Done(i) => push!(b(e.flags.done >> i & 1 == 1)),
            Op::Neg => st[sp - 1] = -st[sp - 1],
            Op::Not => st[sp - 1] = b(st[sp - 1] == 0.0),
            Op::Abs => st[sp - 1] = st[sp - 1].abs(),
            Op::Bin(op) => {
                sp -= 1;
                st[sp - 1] = binop(op, st[sp - 1], st[sp]);
            }
            Op::Min => {
                sp -= 1;
                st[sp - 1] = st[sp - 1].min(st[sp]);
            }
            Op::Max => {
                sp -= 1;
                st[sp - 1] = st[sp - 1].max(st[sp]);
            }
            Op::Clamp => {
                sp -= 2;
                st[sp - 1] = clamp(st[sp - 1], st[sp], st[sp + 1]);
            }
        }
    }
    st[0]
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
            binop(*op, l, eval(r, e))
        }
        Node::Min(a, c) => eval(a, e).min(eval(c, e)),
        Node::Max(a, c) => eval(a, e).max(eval(c, e)),
        Node::Abs(a) => eval(a, e).abs(),
        Node::Clamp(v, lo, hi) => clamp(eval(v, e), eval(lo, e), eval(hi, e)),
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
        if self.peek_sym("not") {
            // Inside arithmetic (`1 + not settled(pow)`), `not` binds like a unary minus; at the start
            // of a condition it covers the whole comparison (see `not`).
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.leave();
            return Ok(Node::Not(Box::new(inner)));
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

    /// A random expression over the test resolver's names, as text.
    fn arb_expr() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            (-3i32..4).prop_map(|v| v.to_string()),
            Just("0.25".to_string()),
            Just("front".to_string()),
            Just("pressure".to_string()),
            Just("x".to_string()),
            Just("turn".to_string()),
            Just("settled(pow)".to_string()),
            Just("settled_as(pow, voluntary)".to_string()),
            Just("open(pow)".to_string()),
            Just("agreed(armistice)".to_string()),
        ];
        leaf.prop_recursive(6, 64, 3, |inner| {
            let ops = prop_oneof![
                Just("+"),
                Just("-"),
                Just("*"),
                Just("/"),
                Just("<"),
                Just("<="),
                Just(">"),
                Just(">="),
                Just("=="),
                Just("!="),
                Just("and"),
                Just("or"),
            ];
            prop_oneof![
                (inner.clone(), ops, inner.clone()).prop_map(|(a, o, c)| format!("({a} {o} {c})")),
                inner.clone().prop_map(|a| format!("-({a})")),
                inner.clone().prop_map(|a| format!("not ({a})")),
                inner.clone().prop_map(|a| format!("abs({a})")),
                (inner.clone(), inner.clone()).prop_map(|(a, c)| format!("min({a}, {c})")),
                (inner.clone(), inner.clone()).prop_map(|(a, c)| format!("max({a}, {c})")),
                (inner.clone(), inner.clone(), inner)
                    .prop_map(|(a, c, d)| format!("clamp({a}, {c}, {d})")),
            ]
        })
    }

    proptest::proptest! {
        /// The compiled program (constants folded, fused multiply, fixed stack) gives bit for bit
        /// the value of walking the tree, on any expression and world.
        #[test]
        fn compiled_matches_tree(
            text in arb_expr(),
            front in -2.0f64..2.0,
            pressure in -2.0f64..2.0,
            zero in proptest::bool::ANY,
            x in 0.0f64..1.0,
            turn in 0u32..50,
            settled in proptest::bool::ANY,
            agreed in proptest::bool::ANY,
        ) {
            let e = Expr::parse(&text, &R).unwrap();
            let mut flags = Flags::default();
            if settled {
                flags.settled = 1;
                flags.settled_at[0] = 1;
            }
            flags.open = u64::from(!settled);
            flags.agreed = u64::from(agreed);
            // Zero matters: division by zero and `not`.
            let pressure = if zero { 0.0 } else { pressure };
            let env = Env { state: &[front, pressure], flags: &flags, x, turn: turn as f64 };
            let (a, b) = (e.eval(&env), e.eval_tree(&env));
            proptest::prop_assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{text}: {a} vs {b}");
        }
    }

    #[test]
    fn not_inside_arithmetic() {
        let f = Flags::default();
        assert_eq!(ev("1 + not settled(pow)", &[0.0, 0.0], &f), 2.0);
        assert_eq!(ev("-(not (front < 1))", &[2.0, 0.0], &f), -1.0);
        assert_eq!(ev("not front < 1", &[2.0, 0.0], &f), 1.0);
    }

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
    fn deep_programs_fall_back_to_the_tree() {
        let f = Flags::default();
        // Right-nested: the stack machine would need one slot per level.
        let text = (0..40).map(|_| "(front + ").collect::<String>() + "1" + &")".repeat(40);
        let e = Expr::parse(&text, &R).unwrap();
        assert!(matches!(e.code, Code::Tree));
        assert_eq!(ev(&text, &[1.0, 0.0], &f), 41.0);
        let e = Expr::parse("-0.02 - 0.02 * pressure + 3 * front", &R).unwrap();
        assert!(matches!(e.code, Code::Linear(..)));
        assert_eq!(
            ev("-0.02 - 0.02 * pressure + 3 * front", &[1.0, 2.0], &f),
            -0.02 - 0.04 + 3.0
        );
        for text in [
            "0.5 * pressure + front",
            "-front - 0.8",
            "front * -1.2",
            "-(2 * front)",
        ] {
            let e = Expr::parse(text, &R).unwrap();
            assert!(matches!(e.code, Code::Linear(..)), "{text}");
        }
        assert_eq!(ev("-front - 0.8", &[1.5, 0.0], &f), -1.5 - 0.8);
        assert_eq!(
            ev("front * -1.2 + pressure", &[2.0, 0.5], &f),
            2.0 * -1.2 + 0.5
        );
        let e = Expr::parse("front * pressure + 1", &R).unwrap();
        assert!(matches!(e.code, Code::Program(_)));
        assert!(matches!(
            Expr::parse("not agreed(armistice)", &R).unwrap().code,
            Code::Flag(FlagKind::Agreed, 0, true)
        ));
        assert!(matches!(
            Expr::parse("-(1 + 2) * 3", &R).unwrap().code,
            Code::Const(-9.0)
        ));
        assert!(matches!(
            Expr::parse("front", &R).unwrap().code,
            Code::State(0)
        ));
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
