//! Scenario-level behaviour: what a learner would see, checked step by step.

mod common;
use common::*;
use sim::objects::*;

#[test]
fn deployment_comes_up_and_spreads() {
    let mut s = web("real");
    s.advance(5_000);
    check_invariants(&s, "after start");
    assert_eq!(ready_count(&s, "web"), 6);
    let d = deployment(&s, "web");
    assert_eq!(
        (
            d.status.replicas,
            d.status.ready_replicas,
            d.status.available_replicas
        ),
        (6, 6, 6)
    );
    // LeastAllocated spreads equal pods over equal nodes: 2 per node.
    for n in s.nodes() {
        assert_eq!(n.pods.len(), 2, "{}", n.node.metadata.name);
    }
    let ep = s.store().get::<Endpoints>("default", "web").unwrap();
    assert_eq!(ep.addresses.len(), 6);
}

#[test]
fn node_power_off_real_timeline() {
    let mut s = web("real");
    s.advance(60_000);
    s.run("node power-off node-2").unwrap();
    let hb = s.last_heartbeat_ms("node-2").unwrap();
    assert!(hb <= 60_000 && hb > 50_000);
    // Not noticed before the grace period has passed since the last heartbeat.
    s.advance_to(hb + 50_000);
    assert_eq!(
        s.store().node("node-2").unwrap().ready_status(),
        ConditionStatus::True
    );
    // Noticed at the next monitor pass (every 5 s).
    s.advance_to(hb + 50_000 + 5_001);
    let n = s.store().node("node-2").unwrap();
    assert_eq!(n.ready_status(), ConditionStatus::Unknown);
    assert!(n.has_taint("node.kubernetes.io/unreachable", TaintEffect::NoExecute));
    assert!(n.has_taint("node.kubernetes.io/unreachable", TaintEffect::NoSchedule));
    let tainted_at = n
        .spec
        .taints
        .iter()
        .find(|t| t.effect == TaintEffect::NoExecute)
        .unwrap()
        .time_added_ms
        .unwrap();
    // Its pods are marked not ready and leave the endpoints.
    let ep = s.store().get::<Endpoints>("default", "web").unwrap();
    assert_eq!(ep.addresses.len(), 4);
    // Evicted after tolerationSeconds (300 s), replaced on healthy nodes.
    s.advance_to(tainted_at + 299_000);
    assert!(s.store().list::<Pod>().all(|p| !p.is_terminating()));
    s.advance_to(tainted_at + 300_000 + 5_000);
    check_invariants(&s, "after eviction");
    let terminating: Vec<&Pod> = s
        .store()
        .list::<Pod>()
        .filter(|p| p.is_terminating())
        .collect();
    assert_eq!(
        terminating.len(),
        2,
        "evicted pods stay Terminating: the kubelet cannot confirm"
    );
    assert!(terminating.iter().all(|p| p.node() == Some("node-2")));
    assert_eq!(ready_count(&s, "web"), 6);
    assert!(
        active_pods(&s, "web")
            .iter()
            .all(|p| p.node() != Some("node-2"))
    );
    // Power back: the kubelet confirms the deletions and the node is Ready again.
    s.run("node power-on node-2").unwrap();
    s.advance(10_000);
    check_invariants(&s, "after power-on");
    assert_eq!(s.store().list::<Pod>().count(), 6);
    let n = s.store().node("node-2").unwrap();
    assert_eq!(n.ready_status(), ConditionStatus::True);
    assert!(n.spec.taints.is_empty(), "{:?}", n.spec.taints);
}

#[test]
fn classroom_profile_compresses_the_waits() {
    let mut s = web("classroom");
    s.advance(10_000);
    s.run("node power-off node-1").unwrap();
    // grace 5 s, monitor 0.5 s, tolerationSeconds 30 s
    s.advance(6_000);
    assert_eq!(
        s.store().node("node-1").unwrap().ready_status(),
        ConditionStatus::Unknown
    );
    s.advance(31_000);
    assert!(s.store().list::<Pod>().any(|p| p.is_terminating()));
    s.advance(5_000);
    assert_eq!(ready_count(&s, "web"), 6);
    let tol = s
        .store()
        .list::<Pod>()
        .next()
        .unwrap()
        .spec
        .tolerations
        .iter()
        .find(|t| t.key == "node.kubernetes.io/unreachable")
        .unwrap()
        .toleration_seconds;
    assert_eq!(tol, Some(30));
    assert_eq!(s.timing().unreachable_toleration.real_ms, 300_000);
}

/// Switching to classroom at the instant the kubelets registered: their next heartbeats were
/// scheduled under the real profile (up to 10 s away), so no healthy node goes NotReady with
/// the classroom grace period of 5 s, and no pod is marked NotReady.
#[test]
fn switching_profile_at_start_leaves_healthy_nodes_ready() {
    let mut s = web("real");
    s.run("profile classroom").unwrap();
    s.advance(60_000);
    assert!(
        s.store()
            .list::<Node>()
            .all(|n| n.ready_status() == ConditionStatus::True)
    );
    assert_eq!(ready_count(&s, "web"), 6);
    assert!(!s.events().iter().any(|e| matches!(
        e.kind,
        sim::EventKind::PodNotReady { .. } | sim::EventKind::NodeReadyChanged { .. }
    )));
}

#[test]
fn network_cut_keeps_pods_running_and_recovers_without_eviction() {
    let mut s = web("real");
    s.advance(20_000);
    s.run("load web steady 600 --cost 1").unwrap();
    s.run("node disconnect node-3").unwrap();
    s.advance(3_000);
    // Endpoints still list node-3's pods: their share of traffic is lost.
    let last = s.series().services["default/web"].last().unwrap().clone();
    assert!(last.dropped_rps > 150.0, "{last:?}");
    s.advance(60_000);
    assert_eq!(
        s.store().node("node-3").unwrap().ready_status(),
        ConditionStatus::Unknown
    );
    let last = s.series().services["default/web"].last().unwrap().clone();
    assert_eq!(
        last.dropped_rps, 0.0,
        "after detection traffic avoids node-3"
    );
    // The kubelet kept running its pods.
    let m = s.machine("node-3").unwrap();
    assert_eq!(m.pods.len(), 2);
    s.run("node reconnect node-3").unwrap();
    s.advance(10_000);
    check_invariants(&s, "after reconnect");
    let n = s.store().node("node-3").unwrap();
    assert_eq!(n.ready_status(), ConditionStatus::True);
    assert!(n.spec.taints.is_empty());
    assert!(
        s.store().list::<Pod>().all(|p| !p.is_terminating()),
        "no eviction within tolerationSeconds"
    );
    assert_eq!(ready_count(&s, "web"), 6);
    assert!(
        events_text(&s)
            .iter()
            .any(|e| e.contains("eviction of") && e.contains("cancelled"))
    );
}

#[test]
fn cordon_drain_uncordon() {
    let mut s = web("real");
    s.advance(5_000);
    s.run("cordon node-1").unwrap();
    assert!(s.store().node("node-1").unwrap().spec.unschedulable);
    s.run("drain node-1").unwrap();
    // Drained pods terminate gracefully; replacements go elsewhere at once.
    let terminating = s
        .store()
        .list::<Pod>()
        .filter(|p| p.is_terminating())
        .count();
    assert_eq!(terminating, 2);
    s.advance(5_000);
    check_invariants(&s, "after drain");
    assert_eq!(
        s.store()
            .list::<Pod>()
            .filter(|p| p.node() == Some("node-1"))
            .count(),
        0
    );
    assert_eq!(ready_count(&s, "web"), 6);
    s.run("uncordon node-1").unwrap();
    s.run("scale deployment web --replicas 9").unwrap();
    s.advance(5_000);
    assert_eq!(ready_count(&s, "web"), 9);
    assert!(
        s.store()
            .list::<Pod>()
            .filter(|p| p.node() == Some("node-1"))
            .count()
            >= 3
    );
}

/// client-go flowcontrol.Backoff as the kubelet uses it: the first restart follows the exit
/// at the next PLEG relist (1 s); each later one waits 10 s, 20 s, ... from the exit.
#[test]
fn crashed_container_restarts_with_backoff() {
    let mut s = web("real");
    s.advance(5_000);
    s.run("crash pod deployment/web").unwrap();
    let crashed = s
        .store()
        .list::<Pod>()
        .find(|p| p.status.stage == PodStage::CrashLoopBackOff)
        .expect("a pod whose container exited")
        .metadata
        .name
        .clone();
    assert_eq!(
        s.store()
            .get::<Endpoints>("default", "web")
            .unwrap()
            .addresses
            .len(),
        5
    );
    // Terminated (Error) until the pod worker syncs, then restarted at once.
    assert!(s.exec("get pods").unwrap().contains("Error"));
    s.advance(999);
    assert_eq!(
        s.store().pod("default", &crashed).unwrap().status.stage,
        PodStage::CrashLoopBackOff
    );
    s.advance(1_000);
    let p = s.store().pod("default", &crashed).unwrap();
    assert_eq!(p.status.stage, PodStage::Ready);
    assert_eq!(p.status.restart_count(), 1);
    // Second crash: the back-off entry is live, so 10 s from the exit.
    s.run(&format!("crash pod {crashed}")).unwrap();
    s.advance(1_000);
    assert!(
        s.exec("get pods").unwrap().contains("CrashLoopBackOff"),
        "{}",
        s.exec("get pods").unwrap()
    );
    assert!(events_text(&s).iter().any(|e| e.contains("back-off 10s")));
    s.advance(8_500);
    assert_eq!(
        s.store().pod("default", &crashed).unwrap().status.stage,
        PodStage::CrashLoopBackOff
    );
    s.advance(1_200);
    let p = s.store().pod("default", &crashed).unwrap();
    assert_eq!(p.status.stage, PodStage::Ready);
    assert_eq!(p.status.restart_count(), 2);
    // Third crash: 20 s.
    s.run(&format!("crash pod {crashed}")).unwrap();
    s.advance(1_000);
    assert!(events_text(&s).iter().any(|e| e.contains("back-off 20s")));
    // Ten minutes without an update to the entry: back to an immediate restart.
    s.advance(700_000);
    s.run(&format!("crash pod {crashed}")).unwrap();
    s.advance(1_600);
    let p = s.store().pod("default", &crashed).unwrap();
    assert_eq!(p.status.stage, PodStage::Ready);
    assert_eq!(p.status.restart_count(), 4);
}

#[test]
fn rolling_update_respects_surge_and_unavailable() {
    let mut s = build(&WEB.replace("replicas: 6", "replicas: 8"));
    s.advance(5_000);
    s.run("set image deployment/web app=nginx:1.28").unwrap();
    // 25% of 8: surge 2, unavailable 2.
    let mut saw_new = false;
    for _ in 0..200 {
        s.step();
        check_invariants(&s, "during rollout");
        let pods = active_pods(&s, "web");
        assert!(
            pods.len() <= 10,
            "more than desired + maxSurge: {}",
            pods.len()
        );
        let avail = pods.iter().filter(|p| p.status.is_ready()).count();
        assert!(
            avail >= 6,
            "fewer than desired - maxUnavailable available: {avail}"
        );
        saw_new |= pods
            .iter()
            .any(|p| p.spec.containers[0].image == "nginx:1.28");
        if s.now_ms() > 120_000 {
            break;
        }
    }
    assert!(saw_new);
    s.advance(60_000);
    let pods = active_pods(&s, "web");
    assert_eq!(pods.len(), 8);
    assert!(
        pods.iter()
            .all(|p| p.spec.containers[0].image == "nginx:1.28" && p.status.is_ready())
    );
    let d = deployment(&s, "web");
    assert_eq!(d.status.updated_replicas, 8);
    let rss: Vec<&ReplicaSet> = s.store().list::<ReplicaSet>().collect();
    assert_eq!(rss.len(), 2, "old ReplicaSet kept at 0 for rollback");
    assert!(rss.iter().any(|r| r.spec.replicas == 0));
}

#[test]
fn unschedulable_pod_waits_then_lands() {
    let yaml = WEB
        .replace("replicas: 6", "replicas: 1")
        .replace("cpu: 250m", "cpu: \"3\"");
    let mut s = build(&yaml);
    s.run("scale deployment web --replicas 4").unwrap();
    s.advance(2_000);
    let pending = s
        .store()
        .list::<Pod>()
        .filter(|p| p.node().is_none())
        .count();
    assert_eq!(
        pending, 1,
        "3 cpu each on three 4-cpu nodes: the fourth pod cannot fit"
    );
    let failed = s
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            sim::EventKind::FailedScheduling { reasons, .. } => Some(reasons.clone()),
            _ => None,
        })
        .next()
        .expect("FailedScheduling");
    assert_eq!(failed[0].reason, "Insufficient cpu");
    assert_eq!(failed[0].count, 3);
    s.run("scale deployment web --replicas 3").unwrap();
    s.advance(2_000);
    assert_eq!(
        s.store()
            .list::<Pod>()
            .filter(|p| p.node().is_none())
            .count(),
        0
    );
    check_invariants(&s, "after scale-down");
}

#[test]
fn hpa_follows_load_up_and_down_with_stabilization() {
    let yaml = format!(
        "{}{}",
        WEB.replace("replicas: 6", "replicas: 2")
            .replace("cpu: \"4\"", "cpu: \"8\""),
        r#"
horizontalPodAutoscalers:
  - metadata: {name: web}
    spec:
      scaleTargetRef: {kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 12
      metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
load:
  - service: web
    pattern: {type: steady, rps: 100}
    costCpuMs: 2
"#
    );
    let mut s = build(&yaml);
    s.advance(60_000);
    assert_eq!(
        deployment(&s, "web").spec.replicas,
        2,
        "200m of 500m = 40%: within target"
    );
    s.run("load web steady 400 --cost 2").unwrap(); // 800m over 2 pods of 250m request: 160%
    s.advance(120_000);
    let up = deployment(&s, "web").spec.replicas;
    assert!(up >= 6, "scaled up to {up}");
    let c = s.last_hpa_computation("default", "web").unwrap();
    assert!(c.calc.is_some());
    // Back to low load: scale-down waits for the 5-minute window.
    s.run("load web steady 50 --cost 2").unwrap();
    s.advance(120_000);
    assert_eq!(
        deployment(&s, "web").spec.replicas,
        up,
        "held by the stabilization window"
    );
    s.advance(300_000);
    assert_eq!(deployment(&s, "web").spec.replicas, 2);
    check_invariants(&s, "after HPA cycle");
}

#[test]
fn invalid_commands_change_nothing() {
    let mut s = web("real");
    s.advance(5_000);
    let before_rev = s.store().revision();
    let before_events = s.next_event_id();
    for bad in [
        "cordon node-9",
        "drain",
        "scale deployment nope --replicas 3",
        "crash pod nope",
        "load nosvc steady 5",
        "set image deployment/web nope=x:1",
        "frobnicate",
    ] {
        assert!(s.run(bad).is_err(), "{bad}");
    }
    assert_eq!(s.store().revision(), before_rev);
    assert_eq!(s.next_event_id(), before_events);
}

#[test]
fn clone_is_a_checkpoint() {
    let mut a = web("real");
    a.advance(30_000);
    let mut b = a.clone();
    for s in [&mut a, &mut b] {
        s.run("node power-off node-1").unwrap();
        s.advance(400_000);
    }
    let ea: Vec<String> = events_text(&a);
    let eb: Vec<String> = events_text(&b);
    assert_eq!(ea, eb);
    assert_eq!(a.store().revision(), b.store().revision());
}

fn noexecute_time(s: &sim::Sim, node: &str) -> Option<u64> {
    s.store()
        .node(node)?
        .spec
        .taints
        .iter()
        .find(|t| t.effect == TaintEffect::NoExecute)
        .and_then(|t| t.time_added_ms)
}

#[test]
fn noexecute_tainting_is_rate_limited_per_zone() {
    // Four nodes in one zone; two die together. Two not-ready nodes of four is a "Normal"
    // zone (more than 2 needed for partial disruption), so the primary rate applies:
    // 0.1 node/s, burst 1 -> the second taint comes 10 s after the first.
    let mut s = build(&WEB.replace("count: 3", "count: 4"));
    s.advance(30_000);
    s.run("node power-off node-1").unwrap();
    s.run("node power-off node-2").unwrap();
    s.advance(90_000);
    let (a, b) = (
        noexecute_time(&s, "node-1").unwrap(),
        noexecute_time(&s, "node-2").unwrap(),
    );
    let (first, second) = (a.min(b), a.max(b));
    assert!(second >= first + 10_000, "taints at {first} and {second}");
    assert!(
        second <= first + 10_000 + 5_000,
        "taints at {first} and {second}"
    );
    // NoSchedule condition taints are not rate limited.
    for n in ["node-1", "node-2"] {
        assert!(
            s.store()
                .node(n)
                .unwrap()
                .has_taint("node.kubernetes.io/unreachable", TaintEffect::NoSchedule)
        );
    }
}

#[test]
fn whole_cluster_down_stops_evictions() {
    // Every zone fully disrupted: the controller assumes it is the one cut off and does not
    // taint for eviction (handleDisruption), so nothing is evicted.
    let mut s = web("real");
    s.advance(30_000);
    for n in 1..=3 {
        s.run(&format!("node power-off node-{n}")).unwrap();
    }
    s.advance(600_000);
    for n in 1..=3 {
        let node = s.store().node(&format!("node-{n}")).unwrap();
        assert_eq!(node.ready_status(), ConditionStatus::Unknown);
        assert!(!node.has_taint("node.kubernetes.io/unreachable", TaintEffect::NoExecute));
    }
    assert!(s.store().list::<Pod>().all(|p| !p.is_terminating()));
}

#[test]
fn kubelet_rejects_a_hand_bound_pod_without_room() {
    let yaml = format!(
        "{}{}",
        WEB.replace("replicas: 6", "replicas: 0"),
        r#"
pods:
  - metadata: {name: big-1}
    spec:
      nodeName: node-1
      containers: [{name: a, image: busybox:1.36, resources: {requests: {cpu: "3"}}}]
  - metadata: {name: big-2}
    spec:
      nodeName: node-1
      containers: [{name: a, image: busybox:1.36, resources: {requests: {cpu: "3"}}}]
"#
    );
    let mut s = build(&yaml);
    s.advance(5_000);
    check_invariants(&s, "after admission");
    let phases: Vec<PodPhase> = ["big-1", "big-2"]
        .iter()
        .map(|n| s.store().pod("default", n).unwrap().status.phase)
        .collect();
    assert!(
        phases.contains(&PodPhase::Running) && phases.contains(&PodPhase::Failed),
        "{phases:?}"
    );
    assert!(events_text(&s).iter().any(|e| e.contains("OutOfcpu")));
}
