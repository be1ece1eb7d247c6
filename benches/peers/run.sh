#!/usr/bin/env bash
# Peer benchmark: NegMAS AspirationNegotiator vs itself (Python) against
# armistice on the same workload (Rust). See benches/peers/README.md.
#
#   bash benches/peers/run.sh
#
# Environment knobs:
#   NEGMAS_VENV      reuse this virtualenv (created if missing) instead of a
#                    throwaway one in a temp dir
#   NEGMAS_VERSION   negmas version to install            (default 0.16.0)
#   NEGMAS_N         negotiations for the NegMAS side      (default 200)
#   RUST_RUNS        runs for the armistice side           (default 100000)
#   RUST_EXTRA_ARGS  extra arguments for `armistice run` (e.g. --no-runs-csv)
#   RUST_SCENARIO    scenario for the armistice side
#                    (default scenarios/theory/bilateral_4x10.toml)
#   PIN_CPU          if set, run both sides under `taskset -c $PIN_CPU`
#   PYTHON           interpreter used to create the venv   (default python3)
#
# Exit status: 0 when the NegMAS side ran (the Rust side is skipped, with a
# message, if the binary or the scenario does not exist yet).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

NEGMAS_VERSION="${NEGMAS_VERSION:-0.16.0}"
NEGMAS_N="${NEGMAS_N:-200}"
RUST_RUNS="${RUST_RUNS:-100000}"
RUST_EXTRA_ARGS="${RUST_EXTRA_ARGS:-}"
PYTHON="${PYTHON:-python3}"
RUST_BIN="target/release/armistice"
RUST_SCENARIO="${RUST_SCENARIO:-scenarios/theory/bilateral_4x10.toml}"

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

echo "== NegMAS: $NEGMAS_N negotiations (AspirationNegotiator vs itself, SAO, 100 steps)" >&2
NEGMAS_JSON="$("${PIN[@]+"${PIN[@]}"}" "$VENV/bin/python" benches/peers/negmas_bench.py --n "$NEGMAS_N")"
echo "$NEGMAS_JSON"
NEGMAS_RATE="$("$VENV/bin/python" -c 'import json,sys; print(json.loads(sys.argv[1])["negotiations_per_s"])' "$NEGMAS_JSON")"

# ------------------------------------------------------------------ Rust side
# Times `armistice run` on the same workload and prints runs/s from wall time.
# Sets RUST_RATE (runs per wall-clock second). Returns 1 (skip) if the binary
# or the scenario is not there yet.
run_rust_side() {
    if [[ ! -x "$RUST_BIN" ]]; then
        echo "== armistice: $RUST_BIN not found; build it with 'cargo build --release'. Skipping the Rust side." >&2
        return 1
    fi
    if [[ ! -f "$RUST_SCENARIO" ]]; then
        echo "== armistice: scenario $RUST_SCENARIO does not exist yet. Skipping the Rust side." >&2
        return 1
    fi
    local out timing wall user sys
    out="$(mktemp -d)"
    CLEANUP+=("$out")
    echo "== armistice: $RUST_RUNS runs, 1 thread" >&2
    local TIMEFORMAT='%R %U %S'
    # shellcheck disable=SC2086  # RUST_EXTRA_ARGS is deliberately word-split
    if ! timing="$( { time "${PIN[@]+"${PIN[@]}"}" "$RUST_BIN" run "$RUST_SCENARIO" \
        --runs "$RUST_RUNS" --threads 1 --quiet --out "$out" $RUST_EXTRA_ARGS >&2 ; } 2>&1 )"; then
        echo "== armistice run failed:" >&2
        echo "$timing" >&2
        return 1
    fi
    read -r wall user sys <<<"$(tail -n 1 <<<"$timing")"
    RUST_RATE="$("$VENV/bin/python" -c 'import sys; print(int(sys.argv[1]) / float(sys.argv[2]))' "$RUST_RUNS" "$wall")"
    local rust_cpu_rate
    rust_cpu_rate="$("$VENV/bin/python" -c 'import sys; print(int(sys.argv[1]) / (float(sys.argv[2]) + float(sys.argv[3])))' "$RUST_RUNS" "$user" "$sys")"
    printf '{"peer":"armistice","runs":%s,"wall_s":%s,"user_s":%s,"sys_s":%s,"runs_per_s":%s,"runs_per_cpu_s":%s}\n' \
        "$RUST_RUNS" "$wall" "$user" "$sys" "$RUST_RATE" "$rust_cpu_rate"
    if [[ -f "$out/summary.json" ]]; then
        echo "-- armistice summary.json:" >&2
        cat "$out/summary.json" >&2
        echo >&2
    fi
    return 0
}

if run_rust_side; then
    "$VENV/bin/python" - "$NEGMAS_RATE" "$RUST_RATE" <<'EOF'
import sys
negmas, rust = float(sys.argv[1]), float(sys.argv[2])
print(f"NegMAS     : {negmas:12.1f} negotiations/s (1 core)")
print(f"armistice  : {rust:12.1f} runs/s         (1 thread)")
print(f"ratio      : {rust / negmas:12.1f} x  (armistice / NegMAS)")
EOF
else
    printf 'NegMAS     : %12.1f negotiations/s (1 core); armistice side skipped\n' "$NEGMAS_RATE"
fi
exit 0
