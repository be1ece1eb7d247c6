//! Parsing: tokens → a tree whose names are resolved to indices, by recursive descent with the
//! nesting depth and the token count bounded (so hostile input is an error, not a stack overflow).

use super::lex::{Tok, lex};
use super::{BinOp, ExprError, MAX_EXPR_DEPTH, MAX_EXPR_TOKENS, Node, Resolver};
use crate::error::suggest;

/// Parses and resolves `text`.
pub(super) fn parse(text: &str, r: &dyn Resolver) -> Result<Node, ExprError> {
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
        return Err(p.err_here(
            "unexpected text after the end of the expression",
            Some("join the parts with an operator (+ - * / < > == and or), e.g. `a + b`".into()),
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    r: &'a dyn Resolver,
    /// Current nesting depth (parentheses, calls, unary minus, `not`).
    depth: usize,
}

/// How to fix a missing `expected` symbol.
fn expect_hint(expected: &str) -> String {
    match expected {
        ")" => "every `(` needs a matching `)`".into(),
        "," => "this function takes more arguments, separated by commas: min(a, b), max(a, b), clamp(v, lo, hi), settled_as(issue, option)".into(),
        other => format!("write `{other}` here"),
    }
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
            Err(self.err_here(&format!("expected `{s}`"), Some(expect_hint(s))))
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
            _ => Err(self.err_here(
                "expected an id",
                Some("these functions take an id: settled(issue), settled_as(issue, option), open(issue), agreed(agreement), fired(event), done(action)".into()),
            )),
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
            let known = if self.r.hints() {
                self.r.known(kind)
            } else {
                Vec::new()
            };
            ExprError {
                offset: off,
                message: format!("unknown {kind} `{id}`"),
                hint: self.r.hints().then(|| suggest(id, &known, kind)),
            }
        })
    }

    fn atom(&mut self) -> Result<Node, ExprError> {
        let Some((off, tok)) = self.toks.get(self.pos).cloned() else {
            return Err(ExprError {
                offset: usize::MAX,
                message: "the expression ends too early".into(),
                hint: Some("finish it: every operator needs a value on each side and every function its arguments; an empty string is not an expression (write 0)".into()),
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
                hint: Some(
                    "a value goes here: a number, a name, a function call, `(`, `-` or `not`"
                        .into(),
                ),
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
                        None => Err(self.unknown_name(off, &name)),
                    },
                }
            }
        }
    }

    /// A name that is not a state variable (nor `turn`, nor `x` where it is allowed).
    fn unknown_name(&self, offset: usize, name: &str) -> ExprError {
        let hint = if name == "x" {
            Some(
                "`x` (the position on the issue) is only allowed in effects of a continuous issue"
                    .to_string(),
            )
        } else if self.r.hints() {
            let mut known = self.r.known("state variable");
            known.push("turn".into());
            if self.r.allows_x() {
                known.push("x".into());
            }
            Some(suggest(name, &known, "name"))
        } else {
            None
        };
        ExprError {
            offset,
            message: format!("unknown name `{name}` (not a state variable)"),
            hint,
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
                    hint: Some(suggest(name, &known, "function")),
                });
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::R;
    use super::super::*;

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
}
