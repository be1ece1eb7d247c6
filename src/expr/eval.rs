//! Evaluation: the stack machine that runs compiled programs, and the tree walk that is both the
//! fallback for deep expressions and the reference the compiled forms must agree with bit for bit.

use super::{BinOp, Env, Node, Op, STACK};

pub(super) fn binop(op: BinOp, l: f64, r: f64) -> f64 {
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
pub(super) fn run(ops: &[Op], e: &Env) -> f64 {
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

/// A boolean as a number: 1 or 0.
pub(super) fn b(v: bool) -> f64 {
    if v { 1.0 } else { 0.0 }
}

/// Evaluates a tree (the reference the compiled program must agree with; `and`/`or`
/// short-circuit).
pub(super) fn eval(n: &Node, e: &Env) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::super::Flags;
    use super::super::testing::ev;

    #[test]
    fn not_inside_arithmetic() {
        let f = Flags::default();
        assert_eq!(ev("1 + not settled(pow)", &[0.0, 0.0], &f), 2.0);
        assert_eq!(ev("-(not (front < 1))", &[2.0, 0.0], &f), -1.0);
        assert_eq!(ev("not front < 1", &[2.0, 0.0], &f), 1.0);
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
}
