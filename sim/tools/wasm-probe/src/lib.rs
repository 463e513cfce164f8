//! A tiny wasm32-unknown-unknown module (no wasm-bindgen) to check, from Node, that the
//! engine gives byte-identical traces in wasm and to time scheduling there. Its own package
//! (outside the workspace) so the engine's dev-dependencies stay out of the wasm build:
//! `sim/tools/wasm-probe/run.sh`.

use std::cell::RefCell;

const SCENARIOS: [&str; 7] = [
    include_str!("../../../scenarios/apply-manifest.yaml"),
    include_str!("../../../scenarios/cluster-autoscaler.yaml"),
    include_str!("../../../scenarios/hpa-load.yaml"),
    include_str!("../../../scenarios/hpa-pinned.yaml"),
    include_str!("../../../scenarios/node-failure-classroom.yaml"),
    include_str!("../../../scenarios/node-failure.yaml"),
    include_str!("../../../scenarios/rolling-update.yaml"),
    include_str!("../../../scenarios/schedule-one.yaml"),
    include_str!("../../../scenarios/vpa-recreate.yaml"),
    include_str!("../../../scenarios/memory-pressure.yaml"),
];

thread_local! {
    static OUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs example scenario `which` (alphabetical order) and keeps its trace; returns its length.
#[unsafe(no_mangle)]
pub extern "C" fn run_trace(which: u32) -> u32 {
    let yaml = SCENARIOS.get(which as usize).copied().unwrap_or("");
    let t = sim::run_scenario_trace(yaml, None).unwrap_or_else(|e| format!("error: {e}"));
    let n = t.len() as u32;
    OUT.with(|o| *o.borrow_mut() = t);
    n
}

/// Pointer to the kept trace's bytes.
#[unsafe(no_mangle)]
pub extern "C" fn trace_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}

/// Builds `nodes` nodes and `pods` pending pods and schedules them all; returns pods bound.
/// Node times the call.
#[unsafe(no_mangle)]
pub extern "C" fn schedule(nodes: u32, pods: u32, phase: u32) -> u32 {
    use sim::objects::*;
    thread_local! {
        static SIM: RefCell<Option<sim::Sim>> = const { RefCell::new(None) };
    }
    if phase == 0 {
        let mut cfg = sim::SimConfig { seed: 1, lease_events: false, ..Default::default() };
        cfg.scheduler.decision_rows = 3;
        let mut s = sim::Sim::new(cfg);
        for i in 0..nodes {
            let res = NodeResources { cpu: Cpu(4000), memory: Mem(16 << 30), pods: 110 };
            let _ = s.add_node(Node {
                metadata: ObjectMeta::named(&format!("node-{i:05}"), ""),
                spec: NodeSpec::default(),
                status: NodeStatus { capacity: res, allocatable: res, conditions: vec![], images: vec![] },
            });
        }
        for i in 0..pods {
            let c = Container {
                name: "app".into(),
                image: "nginx:1.27".into(),
                resources: Resources {
                    requests: ResourceList { cpu: Some(Cpu(100)), memory: Some(Mem(128 << 20)) },
                    limits: ResourceList::default(),
                },
                readiness_probe: None,
            };
            let _ = s.create_pod(Pod {
                metadata: ObjectMeta::named(&format!("p-{i:06}"), "default"),
                spec: PodSpec { containers: vec![c], ..Default::default() },
                status: PodStatus::default(),
            });
        }
        SIM.with(|x| *x.borrow_mut() = Some(s));
        return 0;
    }
    SIM.with(|x| x.borrow_mut().as_mut().map_or(0, |s| s.schedule_pending() as u32))
}

