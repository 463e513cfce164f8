//! The engine is deterministic across targets: every example scenario in `sim/scenarios/`,
//! run in wasm32 in headless Chromium, gives a trace byte-identical to the golden trace the
//! native tests check (`sim/tests/golden/`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        &[$(($name,
            include_str!(concat!("../sim/scenarios/", $name, ".yaml")),
            include_str!(concat!("../sim/tests/golden/", $name, ".jsonl")))),*]
    };
}

/// Keep in step with `sim/scenarios/`: the native test `every_scenario_runs_in_wasm` below
/// fails when a scenario is missing here.
const SCENARIOS: &[(&str, &str, &str)] = scenarios!(
    "apply-manifest",
    "cluster-autoscaler",
    "crash-loop",
    "control-plane-failover",
    "etcd-quorum",
    "hpa-load",
    "hpa-pinned",
    "image-pull",
    "memory-pressure",
    "node-failure",
    "node-failure-classroom",
    "oom-kill",
    "rolling-update",
    "schedule-one",
    "vpa-recreate",
);

#[wasm_bindgen_test]
fn example_scenarios_give_the_native_golden_traces() {
    for (name, yaml, golden) in SCENARIOS {
        let got = sim::run_scenario_trace(yaml, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        if got != *golden {
            let line = golden.lines().zip(got.lines()).position(|(a, b)| a != b);
            panic!(
                "{name}: wasm trace differs from the native golden at line {:?} (lines: wasm {}, native {})",
                line.map(|l| l + 1),
                got.lines().count(),
                golden.lines().count()
            );
        }
    }
}
