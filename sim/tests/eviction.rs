//! Issue 4 behaviours with asserted timelines: node memory pressure and kubelet eviction,
//! rollout history and undo, and cascading deletion.

mod common;
use common::*;
use sim::EventKind;
use sim::objects::*;

/// `scenarios/memory-pressure.yaml` without its actions, in the given profile.
fn pressure_cluster(profile: &str) -> sim::Sim {
    let yaml = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/memory-pressure.yaml"),
    )
    .unwrap();
    let yaml = yaml
        .replace("profile: classroom", &format!("profile: {profile}"))
        .split("\nactions:")
        .next()
        .unwrap()
        .to_string();
    build(&yaml)
}

fn first_event(s: &sim::Sim, f: impl Fn(&sim::Event) -> bool) -> Option<&sim::Event> {
    s.events().iter().find(|e| f(e))
}

#[test]
fn memory_pressure_real_timeline_from_injection_to_recovery() {
    let mut s = pressure_cluster("real");
    s.advance(20_000);
    let victim_node_pods: Vec<String> = s
        .store()
        .list::<Pod>()
        .filter(|p| p.node() == Some("node-1"))
        .map(|p| p.metadata.name.clone())
        .collect();
    assert_eq!(victim_node_pods.len(), 3);
    s.run("fault memory-pressure node/node-1").unwrap();
    let avail = s.memory_available("node-1").unwrap();
    assert_eq!(avail, 50 * 1024 * 1024, "the fault leaves 50Mi");
    s.advance(9_999);
    assert!(!s.store().node("node-1").unwrap().memory_pressure());
    // The eviction manager's next round (every 10 s from registration): t = 30 s.
    s.advance(1);
    let n1 = s.store().node("node-1").unwrap();
    assert!(n1.memory_pressure());
    assert!(n1.has_taint(
        sim::eviction::TAINT_MEMORY_PRESSURE,
        TaintEffect::NoSchedule
    ));
    let ev = first_event(&s, |e| matches!(e.kind, EventKind::PressureEvicted { .. })).unwrap();
    assert_eq!(ev.time_ms, 30_000);
    // Lowest priority first: batch (0) before web (1000).
    assert!(ev.object.name.starts_with("batch-"), "{}", ev.describe());
    let EventKind::PressureEvicted {
        available_bytes,
        threshold_bytes,
        usage_bytes,
        request_bytes,
        priority,
        grace_ms,
    } = ev.kind.clone()
    else {
        unreachable!()
    };
    assert_eq!(
        (available_bytes, threshold_bytes, usage_bytes, request_bytes),
        // The batch pod is idle: its working set is the model's base, 96Mi (defaults.rs
        // VPA_MEMORY_BASE, illustrative), what metrics-server reports for it too.
        (50 << 20, 100 << 20, 96 << 20, 512 << 20)
    );
    assert_eq!((priority, grace_ms), (0, 1_000));
    let victim = ev.object.name.clone();
    let p = s.store().pod("default", &victim).unwrap();
    assert_eq!(p.status.phase, PodPhase::Failed);
    assert_eq!(p.status.reason, "Evicted");
    assert!(p.status.message.contains("low on resource: memory"));
    assert_eq!(sim::kubectl::pod_status(p), "Evicted");
    // One pod per round, and the freed memory ends the pressure.
    s.advance(60_000);
    assert_eq!(
        s.events()
            .iter()
            .filter(|e| matches!(e.kind, EventKind::PressureEvicted { .. }))
            .count(),
        1
    );
    // The replacement runs on node-2; while tainted, nothing new lands on node-1.
    assert_eq!(active_pods(&s, "batch").len(), 2);
    assert!(
        active_pods(&s, "batch")
            .iter()
            .all(|p| p.node() == Some("node-2"))
    );
    s.run("scale deployment web --replicas 8").unwrap();
    s.advance(5_000);
    let on_node1 = |s: &sim::Sim| {
        active_pods(s, "web")
            .iter()
            .filter(|p| p.node() == Some("node-1"))
            .count()
    };
    assert_eq!(on_node1(&s), 2, "no new pod on the tainted node");
    // evictionPressureTransitionPeriod: 5 min after the last observation (30 s) -> 330 s.
    s.advance_to(329_999);
    assert!(s.store().node("node-1").unwrap().memory_pressure());
    s.advance_to(330_000);
    let n1 = s.store().node("node-1").unwrap();
    assert!(!n1.memory_pressure());
    assert!(!n1.has_taint(
        sim::eviction::TAINT_MEMORY_PRESSURE,
        TaintEffect::NoSchedule
    ));
    let cleared = first_event(&s, |e| {
        matches!(e.kind, EventKind::NodeHasSufficientMemory { .. })
    })
    .unwrap();
    assert_eq!(cleared.time_ms, 330_000);
    let untaint = first_event(&s, |e| matches!(e.kind, EventKind::Untainted { .. })).unwrap();
    assert_eq!(untaint.time_ms, 330_000);
    s.run("fault clear node/node-1").unwrap();
    s.advance(20_000);
    assert!(s.node_pressure("node-1").is_none(), "state is dropped");
    assert_eq!(
        s.memory_available("node-1").unwrap(),
        4096 * 1024 * 1024 - ((2 * 96) << 20),
        "two idle web pods remain, 96Mi working set each (as metrics-server reports)"
    );
    check_invariants(&s, "after recovery");
    // The evicted pod stays until deleted.
    assert!(s.store().pod("default", &victim).is_some());
    s.run(&format!("delete pod {victim}")).unwrap();
    s.advance(1_000);
    assert!(s.store().pod("default", &victim).is_none());
}

#[test]
fn classroom_compresses_only_the_transition_period() {
    let mut s = pressure_cluster("classroom");
    assert_eq!(s.timing().eviction_pressure_transition.ms, 30_000);
    assert_eq!(s.timing().eviction_pressure_transition.real_ms, 300_000);
    assert_eq!(s.timing().eviction_monitoring.ms, 10_000);
    s.advance(20_000);
    s.run("fault memory-pressure node/node-1").unwrap();
    s.advance(10_000);
    assert!(s.store().node("node-1").unwrap().memory_pressure());
    s.advance(29_999);
    assert!(s.store().node("node-1").unwrap().memory_pressure());
    s.advance(1);
    assert!(!s.store().node("node-1").unwrap().memory_pressure());
}

#[test]
fn best_effort_pod_is_refused_under_memory_pressure() {
    let mut s = pressure_cluster("real");
    s.advance(20_000);
    s.run("fault memory-pressure node/node-1").unwrap();
    s.advance(10_000);
    let mut pod = Pod {
        metadata: ObjectMeta::named("be", "default"),
        spec: s.store().list::<Pod>().next().unwrap().spec.clone(),
        status: Default::default(),
    };
    pod.spec.node_name = Some("node-1".into());
    pod.spec.priority = 0;
    for c in pod.spec.containers.iter_mut() {
        c.resources = Default::default();
    }
    s.create_pod(pod).unwrap();
    s.advance(1_000);
    let p = s.store().pod("default", "be").unwrap();
    assert_eq!(p.status.phase, PodPhase::Failed);
    assert_eq!(p.status.reason, "Evicted");
    assert_eq!(
        p.status.message,
        "The node had condition: [MemoryPressure]."
    );
}

#[test]
fn fault_errors_change_nothing() {
    let mut s = pressure_cluster("real");
    s.advance(10_000);
    let ev = s.next_event_id();
    for (line, want) in [
        (
            "fault memory-pressure node/nope",
            "error: column 28: node \"nope\" not found",
        ),
        (
            "fault memory-pressure deployment/web",
            "error: column 23: \"deployment/web\": expected node/NAME (memory pressure is a node's)",
        ),
        (
            "fault oom node/node-1",
            "error: column 11: \"node/node-1\": expected pod/NAME or deployment/NAME (oom breaks containers)",
        ),
        (
            "fault memory-presure node/node-1",
            "error: column 7: fault: unknown \"memory-presure\"; did you mean \"memory-pressure\"?",
        ),
    ] {
        let got = match s.exec(line) {
            Ok(t) => t,
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, want, "{line}");
    }
    assert_eq!(s.next_event_id(), ev);
}

fn images_by_revision(s: &sim::Sim) -> Vec<(u64, String)> {
    s.rollout_history("default", "web")
        .unwrap()
        .into_iter()
        .map(|r| {
            let rs = s
                .store()
                .get::<ReplicaSet>("default", &r.replicaset)
                .unwrap();
            (
                r.revision,
                rs.spec.template.spec.containers[0].image.clone(),
            )
        })
        .collect()
}

#[test]
fn rollout_undo_moves_the_old_revision_forward() {
    let mut s = web("real");
    s.advance(30_000);
    for v in ["1.28", "1.29"] {
        s.run(&format!("set image deployment/web app=nginx:{v}"))
            .unwrap();
        s.advance(60_000);
    }
    let img = |s: &str| s.to_string();
    assert_eq!(
        images_by_revision(&s),
        [
            (1, img("nginx:1.27")),
            (2, img("nginx:1.28")),
            (3, img("nginx:1.29"))
        ]
    );
    s.run("rollout undo deployment/web").unwrap();
    let e = first_event(&s, |e| matches!(e.kind, EventKind::RolledBack { .. })).unwrap();
    assert!(matches!(
        e.kind,
        EventKind::RolledBack {
            to_revision: 2,
            new_revision: 4
        }
    ));
    s.advance(60_000);
    assert_eq!(
        images_by_revision(&s),
        [
            (1, img("nginx:1.27")),
            (3, img("nginx:1.29")),
            (4, img("nginx:1.28"))
        ]
    );
    assert_eq!(ready_count(&s, "web"), 6);
    assert!(
        active_pods(&s, "web")
            .iter()
            .all(|p| p.spec.containers[0].image == "nginx:1.28")
    );
    s.run("rollout undo deployment/web --to-revision 1")
        .unwrap();
    s.advance(60_000);
    assert_eq!(
        images_by_revision(&s),
        [
            (3, img("nginx:1.29")),
            (4, img("nginx:1.28")),
            (5, img("nginx:1.27"))
        ]
    );
    // Errors as kubectl's, and nothing changes.
    let ev = s.next_event_id();
    assert_eq!(
        s.exec("rollout undo deployment/web --to-revision 2")
            .unwrap_err()
            .message(),
        "unable to find specified revision 2 in history"
    );
    assert_eq!(
        s.exec("rollout undo deployment/nope")
            .unwrap_err()
            .message(),
        "Error from server (NotFound): deployments.apps \"nope\" not found"
    );
    assert_eq!(
        s.exec("rollout undo deployment/web --to-revision 5")
            .unwrap(),
        "deployment.apps/web skipped rollback (current template already matches revision 5)\n"
    );
    assert_eq!(s.next_event_id(), ev);
}

#[test]
fn revision_history_limit_deletes_the_lowest_revisions() {
    let mut s = build(&WEB.replace("replicas: 6", "replicas: 2\n      revisionHistoryLimit: 2"));
    s.advance(30_000);
    for v in 0..5 {
        s.run(&format!("set image deployment/web app=nginx:1.{v}"))
            .unwrap();
        s.advance(60_000);
    }
    let revs: Vec<u64> = images_by_revision(&s).iter().map(|r| r.0).collect();
    assert_eq!(
        revs,
        [4, 5, 6],
        "two old revisions are kept besides the current one"
    );
    assert!(
        s.exec("rollout history deployment/web")
            .unwrap()
            .contains("\n4         <none>\n")
    );
}

#[test]
fn delete_deployment_cascades_in_the_background() {
    let mut s = web("real");
    s.advance(30_000);
    let t = s.now_ms();
    let rss: Vec<String> = s
        .store()
        .list::<ReplicaSet>()
        .map(|r| r.metadata.name.clone())
        .collect();
    assert_eq!(
        s.exec("delete deployment web").unwrap(),
        "deployment.apps \"web\" deleted\n"
    );
    // The Deployment and (garbage collector) its ReplicaSets at once; pods Terminating.
    assert!(s.store().get::<Deployment>("default", "web").is_none());
    assert_eq!(s.store().count::<ReplicaSet>(), 0);
    let gc: Vec<&sim::Event> = s
        .events()
        .iter()
        .filter(|e| e.time_ms == t && matches!(e.kind, EventKind::GarbageCollected { .. }))
        .collect();
    assert_eq!(gc.len(), rss.len() + 6, "each ReplicaSet and pod");
    assert!(s.store().list::<Pod>().all(|p| p.is_terminating()));
    // The endpoints empty out; the pods go after the app's shutdown (1 s of the 30 s grace).
    s.advance(1_000);
    assert_eq!(s.store().count::<Pod>(), 0);
    let ep = s.store().get::<Endpoints>("default", "web").unwrap();
    assert!(ep.addresses.is_empty() && ep.not_ready_addresses.is_empty());
    check_invariants(&s, "after delete");
    // Nothing comes back.
    s.advance(60_000);
    assert_eq!(s.store().count::<Pod>(), 0);
}

#[test]
fn delete_service_drops_endpoints_and_load_and_delete_hpa_stops_scaling() {
    let yaml = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/hpa-load.yaml"),
    )
    .unwrap();
    let yaml = yaml.split("\nactions:").next().unwrap().to_string();
    let mut s = build(&yaml);
    s.advance(30_000);
    s.run("load web steady 400").unwrap();
    s.run("delete hpa web").unwrap();
    let replicas = deployment(&s, "web").spec.replicas;
    s.advance(120_000);
    assert_eq!(deployment(&s, "web").spec.replicas, replicas, "no HPA acts");
    assert!(
        !s.events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::HpaRescale { .. }) && e.time_ms > 30_000)
    );
    s.run("delete service web").unwrap();
    assert!(s.load().services.is_empty());
    let e = first_event(&s, |e| matches!(e.kind, EventKind::LoadDropped { .. })).unwrap();
    assert_eq!(e.time_ms, s.now_ms());
    s.advance(1_000);
    assert!(s.store().get::<Endpoints>("default", "web").is_none());
    // The pods keep running: only the Service went.
    assert_eq!(ready_count(&s, "web") as u32, replicas);
    let ev = s.next_event_id();
    for (line, want) in [
        (
            "delete hpa web",
            "Error from server (NotFound): horizontalpodautoscalers.autoscaling \"web\" not found",
        ),
        (
            "delete service web",
            "Error from server (NotFound): services \"web\" not found",
        ),
        (
            "delete deploy/nope",
            "Error from server (NotFound): deployments.apps \"nope\" not found",
        ),
    ] {
        assert_eq!(s.exec(line).unwrap_err().message(), want);
    }
    assert_eq!(
        s.exec("delete deplyment web").unwrap_err().message(),
        "delete: unknown \"deplyment\"; did you mean \"deployment\"?"
    );
    assert_eq!(s.next_event_id(), ev);
}
