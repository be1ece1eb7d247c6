#!/bin/bash
# golden-outputs.sh BIN OUT: writes into OUT every output a refactor must leave byte-identical (run,
# compare, sensitivity, report, trace, fidelity, calibrate, explore and the charts at three sizes, for
# the shipped scenarios), as written by the armistice binary BIN. Prove a refactor with two binaries:
#   scripts/golden-outputs.sh /tmp/before/armistice /tmp/a; scripts/golden-outputs.sh target/release/armistice /tmp/b
#   diff -r /tmp/a /tmp/b
# (Two runs of one binary give identical trees: no paths or durations are written.) About 3 minutes.
# The chart unit tests' sample and degenerate figures are the other half of the proof:
#   CHART_SAMPLES_DIR=/tmp/s cargo test --release --lib chart   (then diff -r the two directories)
set -e
B=$(realpath "$1"); O=$(realpath -m "$2")
if [ -e "$O" ]; then echo "golden-outputs.sh: $O exists; remove it first" >&2; exit 2; fi
mkdir -p "$O"
cd "$(dirname "$0")/.."
$B run korea_1951 --runs 300 --seed 7 -o $O/k51 -q
$B run korea_1950 --runs 300 --seed 7 -o $O/k50 -q
$B run scenarios/examples/ceasefire_toy.toml --runs 300 --seed 7 -o $O/toy -q
# the same charts redrawn at other sizes (other layout branches)
for d in k51 toy; do
  cp -r $O/$d $O/$d-small; $B chart $O/$d-small --chart-width 480 --chart-height 320 -q
  cp -r $O/$d $O/$d-big; $B chart $O/$d-big --chart-width 1920 --chart-height 1080 --png-scale 2 -q
done
$B compare korea_1951 stalin_lives --runs 300 --seed 7 -o $O/cmp -q
$B compare korea_1951 stalin_lives > $O/cmp.txt 2>/dev/null --runs 100 --seed 7
$B compare korea_1951 --variant 'patient:actor.PRC.lambda=30' --variant 'odd "id",x:actor.PRC.lambda=10' --runs 100 --seed 7 -o $O/cmp2 -q || true
$B sensitivity korea_1951 --runs 30 --trajectories 3 --seed 7 -o $O/sens -q
$B sensitivity scenarios/examples/ceasefire_toy.toml --runs 50 --trajectories 4 --seed 7 -o $O/sens-toy -q
$B report korea_1951 stalin_lives --runs 200 --seed 7 --out $O/report.html -q
$B report scenarios/examples/ceasefire_toy.toml --runs 200 --seed 7 --out $O/report-toy.html -q
$B report korea_1950 --runs 200 --seed 7 --out $O/report-k50.html -q
for r in 0 3 7; do
  $B trace korea_1951 --run $r > $O/trace-k51-$r.txt
  $B trace korea_1951 --run $r --all > $O/trace-k51-$r-all.txt
done
$B trace korea_1950 --run 3 > $O/trace-k50-3.txt
$B trace scenarios/examples/ceasefire_toy.toml --run 3 --all > $O/trace-toy-3.txt
$B calibrate scenarios/examples/ceasefire_toy.toml --runs 50 --rounds 1 --points 3 --seed 7 --out $O/toy_cal.toml > $O/cal-toy.txt 2>/dev/null
$B calibrate korea_1951 --runs 50 --rounds 1 --points 3 --seed 7 --out $O/k51_cal.toml > $O/cal-k51.txt 2>/dev/null
printf '\0asm\1\0\0\0armistice_allocarmistice_handlearmistice_outputarmistice_output_lenarmistice_fontarmistice_font_len' > $O/fake.wasm
$B explore korea_1951 --wasm $O/fake.wasm --out $O/page-k51.html -q
$B explore scenarios/examples/ceasefire_toy.toml --wasm $O/fake.wasm --out $O/page-toy.html -q
# fidelity (the baseline competitor), text and JSON, with and without a time split
for sc in korea_1951 korea_1950 scenarios/examples/ceasefire_toy.toml; do
  n=$(basename $sc .toml)
  $B fidelity $sc --runs 200 --seed 7 > $O/fid-$n.txt
  $B fidelity $sc --runs 200 --seed 7 --json > $O/fid-$n.json
done
$B fidelity korea_1951 --runs 200 --seed 7 --split 1952-06-30 > $O/fid-k51-split.txt
$B fidelity korea_1951 --runs 200 --seed 7 --split 1952-06-30 --json > $O/fid-k51-split.json
$B calibrate korea_1951 --runs 40 --rounds 1 --points 3 --seed 7 --until 1952-06-30 --out $O/k51_cal_until.toml > $O/cal-k51-until.txt 2>/dev/null
# run summaries printed to the terminal (export::text::summary)
$B run korea_1951 --runs 100 --seed 7 --no-charts -o $O/k51-text > $O/run-k51.txt 2>/dev/null
$B run scenarios/examples/ceasefire_toy.toml --runs 100 --seed 7 --no-charts -o $O/toy-text > $O/run-toy.txt 2>/dev/null
