#!/usr/bin/env bash
# How cost grows with issues, actors and turns (docs/performance.md, "How cost grows").
#
#   cargo build --release --bins --examples && bash benches/scaling/run.sh
#
# Generates synthetic stalemate scenarios with examples/scaling_scenario.rs (the generator is
# benches/scaling/scenario.rs, which the criterion group `issue_scaling` uses too; every run plays the
# whole horizon) and times `armistice run --threads 1` on each. Prints one row per scenario: microseconds per
# run and per turn. Knobs: ARMISTICE (binary, default target/release/armistice), WORK (turn budget per
# row, default 300000 turns).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${ARMISTICE:-$ROOT/target/release/armistice}"
GEN="${SCALING_SCENARIO:-$ROOT/target/release/examples/scaling_scenario}"
WORK="${WORK:-300000}"
tmp="$(mktemp -d)"
trap 'rm -rf -- "$tmp"' EXIT

row() { # issues actors horizon
    local f="$tmp/s_$1_$2_$3.toml" runs wall
    "$GEN" "$1" "$2" "$3" >"$f"
    runs=$(( WORK / $3 ))
    local TIMEFORMAT='%R'
    wall=$( { time "$BIN" run "$f" --runs "$runs" --threads 1 --no-runs-csv --no-charts --quiet \
        --force --out "$tmp/out" >/dev/null; } 2>&1 )
    python3 -c 'import sys
i, a, t, runs, wall = map(float, sys.argv[1:])
print(f"{int(i):>6} {int(a):>6} {int(t):>7} {int(runs):>7} {wall:>7.2f} {wall / runs * 1e6:>10.1f} {wall / (runs * t) * 1e6:>8.2f}")' "$1" "$2" "$3" "$runs" "$wall"
}

echo "issues actors horizon    runs  wall_s  us_per_run us_per_turn"
for t in 50 100 200 400; do row 4 2 "$t"; done
# (Beyond 10 issues the first solves take minutes: the lattice is exponential in the issues pending.)
for i in 1 2 4 6 8 10; do row "$i" 2 100; done
for a in 2 4 8 16; do row 4 "$a" 100; done
