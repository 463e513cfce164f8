#!/usr/bin/env bash
# Builds the size probe for wasm32 with the app's release settings (opt-level "z", fat LTO,
# panic=abort, stripped), runs wasm-opt -Os as Trunk does for the app, and prints raw and
# gzip -9 sizes. WASM_OPT overrides the wasm-opt binary (default: the one on PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../../../target}/size-probe"
cargo build --quiet --release --manifest-path "$here/Cargo.toml" --target wasm32-unknown-unknown --target-dir "$target"
wasm="$target/wasm32-unknown-unknown/release/size_probe.wasm"
opt="$target/size_probe.opt.wasm"
"${WASM_OPT:-wasm-opt}" -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$opt"
for f in "$wasm" "$opt"; do
  printf '%8d B raw  %8d B gzip -9  %s\n' "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)" "$(basename "$f")"
done
