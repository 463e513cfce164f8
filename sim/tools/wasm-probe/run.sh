#!/usr/bin/env bash
# Builds the probe for wasm32 and runs it under Node: example traces must be byte-identical to
# the native goldens; prints wasm scheduling throughput (NODES/PODS env, default 5000/150000).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../../../target}/wasm-probe"
cargo build --quiet --release --manifest-path "$here/Cargo.toml" --target wasm32-unknown-unknown --target-dir "$target"
node "$here/../wasm-probe.mjs" "$target/wasm32-unknown-unknown/release/wasm_probe.wasm"
