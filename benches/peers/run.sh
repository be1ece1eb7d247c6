#!/usr/bin/env bash
# Peer race: NegMAS's AspirationNegotiator against itself (Python) and armistice's package-level
# `aspiration` strategy (Rust) on the same workload, side by side in the same minutes. See
# benches/peers/README.md.
#
#   bash benches/peers/run.sh
#
# Environment knobs:
#   NEGMAS_VENV      reuse this virtualenv (created if missing) instead of a
#                    throwaway one in a temp dir
#   NEGMAS_VERSION   negmas version to install            (default 0.16.0)
#   NEGMAS_N         negotiations per NegMAS round         (default 200)
#   RUST_RUNS        runs per armistice round              (default 1000000)
#   RUST_EXTRA_ARGS  extra arguments for `armistice run`   (default
#                    "--no-runs-csv --no-charts": NegMAS writes nothing either)
#   RUST_SCENARIO    scenario for the armistice side
#                    (default scenarios/theory/aspiration_4x10.toml)
#   RUST_BIN         the armistice binary                  (default target/release/armistice)
#   ROUNDS           how many times each side runs, in alternation (default 2)
#   PIN_CPU          if set, run both sides under `taskset -c $PIN_CPU`
#   PYTHON           interpreter used to create the venv   (default python3)
#
# Prints one JSON line per side and round, then the race: runs per CPU-second on each side (the
# machine may be shared, so CPU time rather than wall time), their ratio, and both outcomes
# (agreement, round, utilities), checked to agree (the same agreement in the same round, utilities
# within 1e-6).
#
# Exit status: 0 when the NegMAS side ran and, if the armistice side ran, the outcomes agree; 1 if
# they differ. The armistice side is skipped, with a message, if the binary or the scenario is
# missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

NEGMAS_VERSION="${NEGMAS_VERSION:-0.16.0}"
NEGMAS_N="${NEGMAS_N:-200}"
RUST_RUNS="${RUST_RUNS:-1000000}"
RUST_EXTRA_ARGS="${RUST_EXTRA_ARGS---no-runs-csv --no-charts}"
RUST_SCENARIO="${RUST_SCENARIO:-scenarios/theory/aspiration_4x10.toml}"
RUST_BIN="${RUST_BIN:-target/release/armistice}"
ROUNDS="${ROUNDS:-2}"
PYTHON="${PYTHON:-python3}"

# Single-threaded, single-process on both sides.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1
PIN=()
if [[ -n "${PIN_CPU:-}" ]]; then
    PIN=(taskset -c "$PIN_CPU")
fi

CLEANUP=()
cleanup() {
    local p
    for p in "${CLEANUP[@]+"${CLEANUP[@]}"}"; do rm -rf -- "$p"; done
}
trap cleanup EXIT

# ---------------------------------------------------------------- NegMAS side
if [[ -n "${NEGMAS_VENV:-}" ]]; then
    VENV="$NEGMAS_VENV"
else
    tmp="$(mktemp -d)"
    CLEANUP+=("$tmp")
    VENV="$tmp/negmas-venv"
fi
if [[ ! -x "$VENV/bin/python" ]]; then
    echo "creating venv $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
have="$("$VENV/bin/python" -c 'import negmas; print(negmas.__version__)' 2>/dev/null || true)"
if [[ "$have" != "$NEGMAS_VERSION" ]]; then
    echo "installing negmas==$NEGMAS_VERSION into $VENV (this takes a minute)" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "negmas==$NEGMAS_VERSION"
fi
PY="$VENV/bin/python"

negmas_round() {
    echo "== NegMAS: $NEGMAS_N negotiations (AspirationNegotiator vs itself, SAO, 100 steps)" >&2
    "${PIN[@]+"${PIN[@]}"}" "$PY" benches/peers/negmas_bench.py --n "$NEGMAS_N"
}

# ------------------------------------------------------------------ Rust side
# One timed `armistice run` of the workload; prints a JSON line with its times and the outcome
# read from summary.json.
rust_round() {
    local out timing wall user sys
    out="$(mktemp -d)"
    CLEANUP+=("$out")
    echo "== armistice: $RUST_RUNS runs, 1 thread ($RUST_SCENARIO $RUST_EXTRA_ARGS)" >&2
    local TIMEFORMAT='%R %U %S'
    # shellcheck disable=SC2086  # RUST_EXTRA_ARGS is deliberately word-split
    if ! timing="$( { time "${PIN[@]+"${PIN[@]}"}" "$RUST_BIN" run "$RUST_SCENARIO" \
        --runs "$RUST_RUNS" --threads 1 --quiet --force --out "$out" $RUST_EXTRA_ARGS >&2 ; } 2>&1 )"; then
        echo "== armistice run failed:" >&2
        echo "$timing" >&2
        return 1
    fi
    read -r wall user sys <<<"$(tail -n 1 <<<"$timing")"
    "$PY" - "$RUST_RUNS" "$wall" "$user" "$sys" "$out/summary.json" <<'EOF'
import json, re, sys
runs, wall, user, sys_ = int(sys.argv[1]), *map(float, sys.argv[2:5])
s = json.load(open(sys.argv[5]))
# The agreement: each issue's position where every run settled it (option ids end in the value).
package = []
for issue in s["issues"].values():
    full = [k for k, v in issue["values"].items() if v == 1.0]
    package.append(int(re.sub(r"\D", "", full[0])) if len(full) == 1 else None)
deal = next(iter(s["agreements"].values()))
dates = deal["date"]
same_day = dates["p10"]["at"] == dates["p90"]["at"]
print(json.dumps({
    "peer": "armistice",
    "runs": runs,
    "wall_s": wall,
    "cpu_s": user + sys_,
    "runs_per_s": runs / wall,
    "runs_per_cpu_s": runs / (user + sys_),
    "agreement_rate": s["end_reasons"]["agreed"] / s["runs"],
    "agreement": package,
    "agreement_step": dates["median"]["at"] if same_day else None,
    "mean_utility_a": s["payoffs"]["A"]["mean"],
    "mean_utility_b": s["payoffs"]["B"]["mean"],
}))
EOF
}

rust_ready=1
if [[ ! -x "$RUST_BIN" ]]; then
    echo "== armistice: $RUST_BIN not found; build it with 'cargo build --release'. Skipping the Rust side." >&2
    rust_ready=0
elif [[ ! -f "$RUST_SCENARIO" ]]; then
    echo "== armistice: scenario $RUST_SCENARIO not found. Skipping the Rust side." >&2
    rust_ready=0
fi

LINES=()
for ((r = 1; r <= ROUNDS; r++)); do
    line="$(negmas_round)"
    echo "$line"
    LINES+=("$line")
    if ((rust_ready)); then
        if line="$(rust_round)"; then
            echo "$line"
            LINES+=("$line")
        else
            rust_ready=0
        fi
    fi
done

rows="$(mktemp)"
CLEANUP+=("$rows")
printf '%s\n' "${LINES[@]}" >"$rows"
"$PY" - "$rows" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
neg = [r for r in rows if r["peer"] == "negmas"]
rust = [r for r in rows if r["peer"] == "armistice"]
n_cpu = sum(r["negotiations"] for r in neg) / sum(r["cpu_seconds"] for r in neg)
n_wall = sum(r["negotiations"] for r in neg) / sum(r["seconds"] for r in neg)
print(f"NegMAS     : {n_cpu:12.2f} negotiations per CPU-s ({n_wall:.2f}/s wall), 1 core, {len(neg)} rounds")
a = neg[-1]
want = [tuple(x) for x in a["distinct_agreements"]]
print("NegMAS     : agreement {}, round {}, utilities {:.7f} / {:.7f}, rate {}".format(
    want, a["mean_agreement_step"], a["mean_utility_a"], a["mean_utility_b"], a["agreement_rate"]))
if not rust:
    print("armistice  : skipped")
    sys.exit(0)
r_cpu = sum(r["runs"] for r in rust) / sum(r["cpu_s"] for r in rust)
r_wall = sum(r["runs"] for r in rust) / sum(r["wall_s"] for r in rust)
print(f"armistice  : {r_cpu:12.0f} runs per CPU-s ({r_wall:.0f}/s wall), 1 thread, {len(rust)} rounds")
ok = True
for b in rust:
    ok &= (
        [tuple(b["agreement"])] == want
        and b["agreement_step"] == a["mean_agreement_step"]
        and b["agreement_rate"] == a["agreement_rate"]
        and abs(b["mean_utility_a"] - a["mean_utility_a"]) < 1e-6
        and abs(b["mean_utility_b"] - a["mean_utility_b"]) < 1e-6
    )
b = rust[-1]
print("armistice  : agreement {}, round {}, utilities {:.7f} / {:.7f}, rate {}".format(
    [tuple(b["agreement"])], b["agreement_step"], b["mean_utility_a"], b["mean_utility_b"], b["agreement_rate"]))
print(f"ratio      : {r_cpu / n_cpu:12.0f} x per CPU-second (armistice / NegMAS); {r_wall / n_wall:.0f} x wall")
print("outcomes   : " + ("the same (agreement, round, utilities within 1e-6)" if ok else "DIFFERENT"))
sys.exit(0 if ok else 1)
EOF
