#!/usr/bin/env python3
"""NegMAS side of the armistice peer benchmark (see README.md next to this file).

Workload: 2 parties, 4 issues (i0..i3) x 10 discrete values (0..9), linear
additive utilities normalised to [0, 1], opposed preferences, reservation
value 0, 100-step deadline, NegMAS's AspirationNegotiator (time-based
Boulware concession) against itself in an SAOMechanism.

Prints one JSON line. Run single-process, single-thread (run.sh pins the BLAS
thread pools to 1; NegMAS itself is pure Python here).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

# Keep numpy (used by NegMAS's presorting inverter) single-threaded. Must be set
# before numpy is imported.
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ.setdefault(_var, "1")

import negmas  # noqa: E402
from negmas import AspirationNegotiator, SAOMechanism, make_issue  # noqa: E402
from negmas.outcomes import make_os  # noqa: E402
from negmas.preferences import LinearAdditiveUtilityFunction  # noqa: E402
from negmas.preferences.value_fun import TableFun  # noqa: E402

# --------------------------------------------------------------------------
# Workload definition (keep in sync with README.md and
# scenarios/theory/bilateral_4x10.toml on the Rust side).
# --------------------------------------------------------------------------
N_ISSUES = 4
N_VALUES = 10  # values 0..9 per issue
N_STEPS = 100  # SAOMechanism n_steps (one step = one round: both parties act)
RESERVATION_VALUE = 0.0

# Weights were drawn ONCE with:
#   r = random.Random(42)
#   raw_a = [r.random() for _ in range(4)]; raw_b = [r.random() for _ in range(4)]
#   w = raw / sum(raw), rounded to 6 decimals, last weight = 1 - sum(others)
#   (exact decimal arithmetic)
# (see weights_from_seed() below) and are frozen here as literals so that both
# sides use exactly the same numbers. Each set sums to exactly 1.0 in float64
# (left-to-right summation). 6 decimals rather than 4 on purpose: with these
# weights no two of the 10^4 outcomes have (nearly) equal utility for either
# party (smallest gap between sorted utilities: 6.8e-6 for A, 7.8e-6 for B), so
# NegMAS's offer choice never depends on how ties are broken -- with 4-decimal
# weights party A had 1668 exactly tied pairs.
WEIGHT_SEED = 42
WEIGHT_DECIMALS = 6
WEIGHTS_A = (0.549961, 0.021511, 0.236548, 0.19198)
WEIGHTS_B = (0.307852, 0.282867, 0.37294, 0.036341)

# AspirationNegotiator parameters, spelled out explicitly (these are the
# negmas 0.16.0 defaults; passing them explicitly guards against a default
# changing in another version).
ASPIRATION_PARAMS = dict(
    max_aspiration=1.0,  # aspiration at t=0 (relative utility)
    aspiration_type="boulware",  # PolyAspiration exponent 4.0: a(t)=1-t**4
    stochastic=False,  # offer the *worst* outcome at/above the aspiration
    presort=True,  # DefaultInverseUtilityFunction (exact presorting here)
    tolerance=0.001,  # aspiration band is widened downwards by this
)
ASPIRATION_EXPONENT = 4.0  # negmas POLY_ASPIRATION_EXPONENTS["boulware"]


def weights_from_seed(seed: int = WEIGHT_SEED):
    """Re-derives the frozen weights (documentation / self-check only)."""
    from decimal import Decimal

    r = random.Random(seed)
    out = []
    for _ in range(2):
        raw = [r.random() for _ in range(N_ISSUES)]
        s = sum(raw)
        w = [Decimal(str(round(x / s, WEIGHT_DECIMALS))) for x in raw]
        w[-1] = Decimal(1) - sum(w[:-1])
        out.append(tuple(float(x) for x in w))
    return tuple(out)


def build_scenario():
    issues = [make_issue(N_VALUES, f"i{k}") for k in range(N_ISSUES)]  # 0..9
    os_ = make_os(issues)
    # Party A: value function increasing in the value index, v/9.
    # Party B: decreasing, (9-v)/9. Exact float64 tables (no affine rounding).
    inc = {v: v / (N_VALUES - 1) for v in range(N_VALUES)}
    dec = {v: (N_VALUES - 1 - v) / (N_VALUES - 1) for v in range(N_VALUES)}
    ufun_a = LinearAdditiveUtilityFunction(
        [TableFun(dict(inc)) for _ in range(N_ISSUES)],
        list(WEIGHTS_A),
        outcome_space=os_,
        reserved_value=RESERVATION_VALUE,
        name="A",
    )
    ufun_b = LinearAdditiveUtilityFunction(
        [TableFun(dict(dec)) for _ in range(N_ISSUES)],
        list(WEIGHTS_B),
        outcome_space=os_,
        reserved_value=RESERVATION_VALUE,
        name="B",
    )
    # Utilities are already normalised: min 0 (all-worst values), max 1.
    for u in (ufun_a, ufun_b):
        lo, hi = u.minmax()
        assert lo == 0.0 and hi == 1.0, (u.name, lo, hi)
    return os_, ufun_a, ufun_b


def run_one(os_, ufun_a, ufun_b):
    """One negotiation: A (first mover) vs B. Returns (agreement, final state)."""
    m = SAOMechanism(outcome_space=os_, n_steps=N_STEPS)
    m.add(AspirationNegotiator(name="A", **ASPIRATION_PARAMS), ufun=ufun_a)
    m.add(AspirationNegotiator(name="B", **ASPIRATION_PARAMS), ufun=ufun_b)
    m.run()
    return m.state


# --------------------------------------------------------------------------
# Independent re-implementation of AspirationNegotiator-vs-itself in SAO, written
# from the rule documented in README.md ("How NegMAS's AspirationNegotiator
# behaves"), without calling NegMAS's negotiator code. `--verify-rule` checks
# that it reproduces NegMAS's offer sequence exactly; the Rust side can use the
# same sequence as a golden trace.
# --------------------------------------------------------------------------
def _linear_utility(weights, outcome, increasing):
    """Same float64 evaluation order as negmas LinearAdditiveUtilityFunction."""
    u = 0.0  # bias
    top = N_VALUES - 1
    for w, v in zip(weights, outcome):
        u += w * ((v / top) if increasing else ((top - v) / top))
    return u


def reference_negotiation():
    import bisect
    import itertools

    outcomes = list(itertools.product(range(N_VALUES), repeat=N_ISSUES))
    parties = []
    for name, weights, inc in (("A", WEIGHTS_A, True), ("B", WEIGHTS_B, False)):
        ranked = sorted((_linear_utility(weights, o, inc), o) for o in outcomes)
        us = [u for u, _ in ranked]
        parties.append(
            dict(
                name=name,
                us=us,
                os=[o for _, o in ranked],
                u=lambda o, w=weights, i=inc: _linear_utility(w, o, i),
                umin=max(us[0], RESERVATION_VALUE),
                umax=us[-1],
            )
        )
    tol = ASPIRATION_PARAMS["tolerance"]
    eps = 1e-6  # negmas.preferences.inv_ufun._common.EPS

    def aspiration(t):  # PolyAspiration.utility_at
        return ASPIRATION_PARAMS["max_aspiration"] * (
            1.0 - math.pow(t, ASPIRATION_EXPONENT)
        )

    def lower_bound(p, t):  # UtilityBasedOutcomeSetRecommender.scale_utilities
        lo = (p["umax"] - p["umin"]) * aspiration(t) + p["umin"] - tol
        return max(p["umin"], min(p["umax"], lo))

    def propose(p, t):  # PresortingInverseUtilityFunction.worst_in
        us, mn = p["us"], lower_bound(p, t)
        j = min(bisect.bisect_left(us, mn), len(us) - 1)
        if j > 0 and us[j - 1] >= mn - eps and (mn - us[j - 1]) < abs(us[j] - mn):
            j -= 1
        return p["os"][j]

    def accepts(p, offer, t):  # UtilBasedNegotiator.respond
        u = p["u"](offer)
        hi = max(p["umin"], min(p["umax"], p["umax"] + tol))
        return lower_bound(p, t) <= u <= hi

    trace, current, proposer = [], None, None
    for step in range(N_STEPS):
        t = (step + 1) / (N_STEPS + 1)  # Mechanism._relative_time_for
        for i, p in enumerate(parties):
            if current is not None and proposer != i and accepts(p, current, t):
                return current, step, trace
            current, proposer = propose(p, t), i
            trace.append((p["name"], current))
    return None, None, trace


def verify_rule(os_, ufun_a, ufun_b) -> bool:
    m = SAOMechanism(outcome_space=os_, n_steps=N_STEPS)
    m.add(AspirationNegotiator(name="A", **ASPIRATION_PARAMS), ufun=ufun_a)
    m.add(AspirationNegotiator(name="B", **ASPIRATION_PARAMS), ufun=ufun_b)
    m.run()
    names = dict(zip(m.negotiator_ids, m.negotiator_names))
    negmas_trace = [(names[e.negotiator], tuple(e.offer)) for e in m.full_trace]
    agreement, step, trace = reference_negotiation()
    nm_agreement = None if m.state.agreement is None else tuple(m.state.agreement)
    nm_step = None if nm_agreement is None else m.state.step - 1
    ok = trace == negmas_trace and agreement == nm_agreement and step == nm_step
    print(
        json.dumps(
            {
                "verify_rule": ok,
                "offers_negmas": len(negmas_trace),
                "offers_reference": len(trace),
                "first_mismatch": next(
                    (
                        [i, a, b]
                        for i, (a, b) in enumerate(zip(trace, negmas_trace))
                        if a != b
                    ),
                    None,
                ),
                "agreement_negmas": nm_agreement,
                "agreement_reference": agreement,
                "agreement_step_negmas": nm_step,
                "agreement_step_reference": step,
            }
        ),
        file=sys.stderr,
    )
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200, help="number of negotiations")
    p.add_argument(
        "--warmup", type=int, default=2, help="untimed negotiations run first"
    )
    p.add_argument(
        "--verify-rule",
        action="store_true",
        help="check (on stderr) that an independent re-implementation of the "
        "documented concession/acceptance rule reproduces NegMAS's offer trace; "
        "exit 1 if it does not",
    )
    args = p.parse_args(argv)
    if args.n <= 0:
        p.error("--n must be positive")

    assert weights_from_seed() == (WEIGHTS_A, WEIGHTS_B)
    assert math.fsum(WEIGHTS_A) == 1.0 and math.fsum(WEIGHTS_B) == 1.0

    os_, ufun_a, ufun_b = build_scenario()
    if args.verify_rule and not verify_rule(os_, ufun_a, ufun_b):
        return 1
    for _ in range(args.warmup):
        run_one(os_, ufun_a, ufun_b)

    states = []
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(args.n):
        states.append(run_one(os_, ufun_a, ufun_b))
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0

    # Statistics are gathered outside the timed loop.
    agreements = set()
    uas, ubs, steps, rel_times = [], [], [], []
    for s in states:
        if s.agreement is None:
            # a disagreement is worth the reservation value (0) to both
            uas.append(RESERVATION_VALUE)
            ubs.append(RESERVATION_VALUE)
            continue
        agreements.add(tuple(s.agreement))
        uas.append(float(ufun_a(s.agreement)))
        ubs.append(float(ufun_b(s.agreement)))
        # state.step is incremented after every round, so after an agreement it
        # is (0-based index of the round in which the offer was accepted) + 1.
        steps.append(s.step - 1)
        rel_times.append(s.step / (N_STEPS + 1))  # relative time the acceptor saw
    n = args.n
    n_agree = len(steps)
    out = {
        "peer": "negmas",
        "version": negmas.__version__,
        "negotiations": n,
        "seconds": seconds,
        "negotiations_per_s": n / seconds,
        "agreement_rate": n_agree / n,
        # Means over ALL negotiations; a disagreement counts as the
        # reservation value 0 (identical to the mean over agreements when the
        # agreement rate is 1).
        "mean_utility_a": math.fsum(uas) / n,
        "mean_utility_b": math.fsum(ubs) / n,
        # 0-based index of the round (SAO step) in which the accepting party
        # accepted; null if there was no agreement.
        "mean_agreement_step": (sum(steps) / n_agree) if n_agree else None,
        # extra context. CPU time of this process over the same loop: on a
        # shared/loaded machine wall time inflates, CPU time much less so.
        "cpu_seconds": cpu_seconds,
        "negotiations_per_cpu_s": n / cpu_seconds if cpu_seconds > 0 else None,
        "loadavg_1m": os.getloadavg()[0],
        "mean_agreement_relative_time": (
            math.fsum(rel_times) / n_agree if n_agree else None
        ),
        "deadline_steps": N_STEPS,
        "distinct_agreements": sorted(agreements),
        "python": sys.version.split()[0],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
