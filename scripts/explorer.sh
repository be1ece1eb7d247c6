#!/usr/bin/env bash
# Writes the counterfactual explorer: one self-contained HTML file that runs the armistice engine in
# the browser, with a slider per [[parameter]] and a toggle per counterfactual (docs/explorer.md).
#
#   bash scripts/explorer.sh SCENARIO FILE.html [--set PATH=VALUE]...
#
# SCENARIO is an embedded name (korea_1951) or a scenario file; --set overrides become part of the
# page's base scenario. The script builds what it needs, pinned by this repository's toolchain and
# Cargo.lock: the Rust target wasm32-wasip1 (via rustup), the engine compiled to WebAssembly, and the
# armistice binary, whose `explore` command assembles the page. Nothing else is installed.
#
# Environment: CARGO_TARGET_DIR as for cargo; ARMISTICE=path/to/armistice to use that binary instead
# of building one. Exit status: 0 written, 1 a build failed, 2 bad arguments or scenario.
set -euo pipefail

TARGET=wasm32-wasip1

usage() {
  cat >&2 <<'EOF'
usage: bash scripts/explorer.sh SCENARIO FILE.html [--set PATH=VALUE]...

  SCENARIO        an embedded scenario name (e.g. korea_1951) or a scenario file
  FILE.html       the page to write (one self-contained file: open it in any current browser)
  --set PATH=VALUE  override a value of the scenario and of its counterfactuals (repeatable)

example: bash scripts/explorer.sh korea_1951 korea.html
EOF
  exit "${1:-2}"
}

fail() {
  echo "explorer.sh: $*" >&2
  exit 1
}

[ $# -ge 1 ] && case $1 in -h | --help) usage 0 ;; esac
[ $# -ge 2 ] || usage
scenario=$1
out=$2
shift 2
sets=()
while [ $# -gt 0 ]; do
  case $1 in
    --set)
      [ $# -ge 2 ] || { echo "explorer.sh: --set needs PATH=VALUE" >&2; usage; }
      sets+=(--set "$2")
      shift 2
      ;;
    --set=*)
      sets+=(--set "${1#--set=}")
      shift
      ;;
    -h | --help) usage 0 ;;
    *)
      echo "explorer.sh: unexpected argument '$1'" >&2
      usage
      ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac

command -v cargo >/dev/null 2>&1 ||
  fail "cargo is not on PATH; install Rust with rustup (https://rustup.rs), then run this again"

# 1. The Rust target: the standard library for WebAssembly with WASI (docs/explorer.md says why not
#    wasm32-unknown-unknown).
sysroot="$(rustc --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/$TARGET" ]; then
  command -v rustup >/dev/null 2>&1 ||
    fail "cannot install the Rust target $TARGET: it is missing and rustup is not on PATH; install the target's standard library for $(rustc --version) and run this again"
  echo "explorer.sh: installing the Rust target $TARGET for $(rustc --version) (rustup target add $TARGET)" >&2
  rustup target add "$TARGET" ||
    fail "cannot install the Rust target $TARGET (rustup needs to reach static.rust-lang.org); install it with 'rustup target add $TARGET' where there is network access, then run this again"
fi

# 2. The armistice binary (native), which checks the scenario before the long build and assembles
#    the page.
bin=${ARMISTICE:-}
if [ -z "$bin" ]; then
  echo "explorer.sh: building the armistice binary" >&2
  cargo build --manifest-path "$root/Cargo.toml" --target-dir "$target_dir" --locked --release \
    --bin armistice || fail "building the armistice binary failed (see cargo's messages above)"
  bin="$target_dir/release/armistice"
fi
"$bin" validate "$scenario" ${sets[@]+"${sets[@]}"} >/dev/null || exit 2

# 3. The engine as WebAssembly: the library without its native-only parts (the PNG backend), as a
#    module with plain exports. Link-time optimisation makes it smaller and faster; debug info and
#    symbol names are left out.
echo "explorer.sh: building the engine for $TARGET (the first build takes a few minutes)" >&2
cargo rustc --manifest-path "$root/Cargo.toml" --target-dir "$target_dir" --locked --release \
  --lib --crate-type cdylib --target "$TARGET" --no-default-features \
  --config 'profile.release.lto = "fat"' --config 'profile.release.codegen-units = 1' \
  --config 'profile.release.debug = false' -- -C strip=symbols ||
  fail "building the engine for $TARGET failed (see cargo's messages above)"
wasm="$target_dir/$TARGET/release/armistice.wasm"
[ -f "$wasm" ] || fail "cargo reported success but $wasm is missing"

# 4. The page: the scenario, its counterfactuals and the engine in one file, written atomically.
exec "$bin" explore "$scenario" ${sets[@]+"${sets[@]}"} --wasm "$wasm" --out "$out"
