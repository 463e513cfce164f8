// Loads the wasm_probe example and (1) compares each example scenario's trace, produced in
// wasm, byte for byte with the native golden trace; (2) times scheduling in wasm.
// Usage: node sim/tools/wasm-probe.mjs WASM_FILE (see tools/wasm-probe/run.sh)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const root = new URL('../../', import.meta.url).pathname;
const wasmPath = process.argv[2] ?? `${root}target/wasm32-unknown-unknown/release/examples/wasm_probe.wasm`;
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const x = instance.exports;
let ok = true;
for (const [i, name] of ['apply-manifest', 'cluster-autoscaler', 'hpa-load', 'hpa-pinned', 'node-failure-classroom', 'node-failure', 'rolling-update', 'schedule-one', 'vpa-recreate', 'memory-pressure'].entries()) {
  const n = x.run_trace(i);
  const bytes = new Uint8Array(x.memory.buffer, x.trace_ptr(), n);
  const golden = readFileSync(`${root}sim/tests/golden/${name}.jsonl`);
  const same = Buffer.compare(Buffer.from(bytes), golden) === 0;
  ok &&= same;
  console.log(`${name}: wasm trace ${n} bytes, ${same ? 'identical to' : 'DIFFERENT from'} the native golden`);
}
const [nodes, pods] = [Number(process.env.NODES ?? 5000), Number(process.env.PODS ?? 150000)];
x.schedule(nodes, pods, 0);
const t = performance.now();
const bound = x.schedule(nodes, pods, 1);
const dt = (performance.now() - t) / 1000;
console.log(`wasm: scheduled ${bound} pods on ${nodes} nodes in ${dt.toFixed(2)} s: ${Math.round(bound / dt)} pods/s`);
process.exit(ok ? 0 : 1);
