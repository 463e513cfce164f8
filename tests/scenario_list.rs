//! Native check that the wasm test (`tests/engine_wasm.rs`) replays every example scenario.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn every_scenario_runs_in_wasm() {
    let listed = include_str!("engine_wasm.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sim/scenarios");
    for entry in std::fs::read_dir(dir).expect("sim/scenarios") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            assert!(
                listed.contains(&format!("\"{name}\"")),
                "tests/engine_wasm.rs does not replay {name}"
            );
        }
    }
}
