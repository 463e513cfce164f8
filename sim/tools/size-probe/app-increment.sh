#!/usr/bin/env bash
# What the engine adds to the app's wasm: builds the app (`cargo xtask dist`, Trunk release
# with wasm-opt) as it is, then again with this probe compiled into it (its exports keep the
# engine alive as the Cluster view will), prints both wasm sizes and the difference, and puts
# the app's sources back. Run from a clean tree: it edits src/lib.rs for the second build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
measure() {
  local f
  f="$(ls dist/*_bg.wasm)"
  echo "$(stat -c %s "$f") $(gzip -9 -c "$f" | wc -c)"
}
restore() {
  git checkout -q -- src/lib.rs
  rm -f src/engine_size_probe.rs
}
trap restore EXIT
cargo xtask dist >/dev/null 2>&1
read -r base_raw base_gz < <(measure)
grep -v '^//!' "$here/src/lib.rs" > src/engine_size_probe.rs
printf '\n#[allow(dead_code, unused_imports)]\nmod engine_size_probe;\n' >> src/lib.rs
cargo xtask dist >/dev/null 2>&1
read -r with_raw with_gz < <(measure)
restore
printf 'app wasm without the engine: %8d B raw %8d B gzip -9\n' "$base_raw" "$base_gz"
printf 'app wasm with the engine:    %8d B raw %8d B gzip -9\n' "$with_raw" "$with_gz"
printf 'engine increment:            %8d B raw %8d B gzip -9\n' $((with_raw - base_raw)) $((with_gz - base_gz))
