//! Compilation: a resolved tree, its constant subtrees folded, becomes the cheapest [`Code`] that
//! gives the same value: a constant, one state variable, one flag test, a linear sum, or a postfix
//! program for a fixed-size stack (deeper ones keep walking the tree).

use super::eval::eval;
use super::{BinOp, Code, Env, FlagKind, Flags, LinearTerm, NO_STATE, Node, Op, STACK};

/// Folds constant subtrees (evaluating them exactly as [`eval`] would at run time) and compiles the
/// result to a postfix program.
pub(super) fn compile(node: &Node) -> Code {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{R, ev};
    use super::super::*;

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
}
