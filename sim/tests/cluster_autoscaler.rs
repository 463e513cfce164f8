//! Node removal and the cluster autoscaler (clusterautoscaler.rs): timelines on the real
//! profile's upstream defaults.

mod common;
use common::*;
use sim::events::EventKind;
use sim::objects::*;

const SMALL: &str = r#"
name: ca
seed: 3
nodes:
  - name: node
    count: 2
    cpu: "2"
    memory: 4Gi
deployments:
  - metadata: {name: web}
    spec:
      replicas: 2
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              resources: {requests: {cpu: 500m, memory: 256Mi}}
"#;

fn small() -> sim::Sim {
    build(SMALL)
}

fn first(s: &sim::Sim, f: impl Fn(&EventKind) -> bool) -> Option<&sim::Event> {
    s.events().iter().find(|e| f(&e.kind))
}

fn node_names(s: &sim::Sim) -> Vec<String> {
    s.nodes()
        .iter()
        .map(|n| n.node.metadata.name.clone())
        .collect()
}

#[test]
fn node_delete_drains_then_deletes_and_pods_move() {
    let mut s = small();
    s.advance(20_000);
    assert_eq!(ready_count(&s, "web"), 2);
    s.run("node delete node-1").unwrap();
    check_invariants(&s, "delete started");
    assert!(s.nodes_being_removed().contains(&"node-1".to_string()));
    // Evicted pods terminate (grace 30 s), the node goes, replacements run on node-2.
    s.advance(60_000);
    check_invariants(&s, "after delete");
    assert_eq!(node_names(&s), vec!["node-2"]);
    assert!(
        s.store()
            .get::<Lease>(NODE_LEASE_NAMESPACE, "node-1")
            .is_none()
    );
    assert_eq!(ready_count(&s, "web"), 2);
    assert!(s.nodes_being_removed().is_empty());
    assert!(s.run("node delete node-1").is_err());
    // The scheduler keeps working on the remaining node.
    s.run("scale deployment web --replicas 4").unwrap();
    s.advance(20_000);
    check_invariants(&s, "after scale");
    assert_eq!(ready_count(&s, "web"), 4);
}

#[test]
fn node_delete_of_a_powered_off_node_forces_at_the_deadline() {
    let mut s = small();
    s.advance(20_000);
    s.run("node power-off node-1").unwrap();
    s.run("node delete node-1").unwrap();
    // The kubelet cannot confirm: the node goes at max-graceful-termination (600 s).
    s.advance(599_000);
    assert!(s.store().node("node-1").is_some());
    s.advance(2_000);
    check_invariants(&s, "after deadline");
    assert!(s.store().node("node-1").is_none());
    s.advance(30_000);
    assert_eq!(ready_count(&s, "web"), 2);
}

#[test]
fn scale_up_on_pending_pods_timeline() {
    let mut s = small();
    s.run("autoscaler nodes --min 1 --max 4").unwrap();
    s.advance(5_000);
    // 2 nodes x 2 CPU hold 8 pods of 500m; 10 leave 2 pending: one more node.
    s.run("scale deployment web --replicas 10").unwrap();
    s.advance(1_000);
    assert_eq!(ready_count(&s, "web") + 2, 10);
    s.advance(4_000); // first scan at t=10 s
    let e = first(&s, |k| matches!(k, EventKind::TriggeredScaleUp { .. })).expect("scale-up");
    assert_eq!(e.time_ms, 10_000);
    assert_eq!(
        e.kind,
        EventKind::TriggeredScaleUp {
            pods: 2,
            nodes: 1,
            from: 2,
            to: 3,
            max: 4
        }
    );
    let g = s.node_group().unwrap();
    assert_eq!((g.size, g.provisioning.len()), (3, 1));
    assert_eq!(g.provisioning[0].ready_ms, 70_000);
    // The node registers after the provisioning delay (60 s), the pods land on it.
    s.advance_to(69_999);
    assert_eq!(s.nodes().len(), 2);
    s.advance_to(70_000);
    assert_eq!(s.nodes().len(), 3);
    s.advance(15_000);
    check_invariants(&s, "after scale-up");
    assert_eq!(ready_count(&s, "web"), 10);
    assert_eq!(s.nodes()[0].node.metadata.name, "ca-node-1");
    // Nothing more pending: no second scale-up.
    let ups = s
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::TriggeredScaleUp { .. }))
        .count();
    assert_eq!(ups, 1);
}

#[test]
fn scale_up_is_capped_at_max() {
    let mut s = small();
    s.run("autoscaler nodes --min 1 --max 3").unwrap();
    s.run("scale deployment web --replicas 20").unwrap();
    s.advance(10_000);
    let e = first(&s, |k| matches!(k, EventKind::ScaleUpCapped { .. })).expect("capped");
    // 12 pending pods need 3 nodes of 4; one fits under max 3.
    assert_eq!(
        e.kind,
        EventKind::ScaleUpCapped {
            pods: 12,
            wanted: 3,
            max: 3
        }
    );
    s.advance(600_000);
    check_invariants(&s, "capped");
    assert_eq!(s.nodes().len(), 3);
    assert_eq!(s.node_group().unwrap().size, 3);
    assert_eq!(ready_count(&s, "web"), 12);
}

#[test]
fn pods_too_big_for_the_template_do_not_trigger_scale_up() {
    let mut s = small();
    s.run("autoscaler nodes --min 1 --max 5").unwrap();
    s.run("set resources deployment/web --requests=cpu=3")
        .unwrap();
    s.advance(40_000);
    assert!(first(&s, |k| matches!(k, EventKind::NotTriggerScaleUp { .. })).is_some());
    assert!(first(&s, |k| matches!(k, EventKind::TriggeredScaleUp { .. })).is_none());
    assert_eq!(s.node_group().unwrap().size, 2);
}

#[test]
fn scale_down_after_unneeded_time_and_delay_after_add() {
    let mut s = small();
    s.run("autoscaler nodes --min 1 --max 4").unwrap();
    s.run("scale deployment web --replicas 10").unwrap();
    s.advance(100_000); // scale-up at 10 s, node up at 70 s
    assert_eq!(s.nodes().len(), 3);
    // Back to 2 pods: every node is under 50 %.
    s.run("scale deployment web --replicas 2").unwrap();
    s.advance(40_000);
    check_invariants(&s, "scaled in");
    let g = s.node_group().unwrap();
    assert!(!g.unneeded.is_empty(), "{g:?}");
    let since = g.unneeded[0].since_ms;
    assert_eq!(since, 110_000);
    // Scale-down waits for both the unneeded time (10 min from `since`) and the delay after
    // the scale-up at 10 s (10 min): the first removal is at the first scan after 710 s.
    s.advance_to(709_999);
    assert!(first(&s, |k| matches!(k, EventKind::ScaleDown { .. })).is_none());
    s.advance_to(710_000);
    let e = first(&s, |k| matches!(k, EventKind::ScaleDown { .. })).expect("scale-down");
    assert_eq!(e.time_ms, 710_000);
    // Pods survive: they move, the deployment stays ready; never below min.
    s.advance_to(3_600_000);
    check_invariants(&s, "after scale-down");
    assert_eq!(ready_count(&s, "web"), 2);
    let n = s.nodes().len();
    assert!(n >= 1, "below min");
    // 2 pods of 500m fit on one 2-CPU node at 50 %: not below threshold, stays; the rest go.
    assert_eq!(n, 1, "{:?}", node_names(&s));
    assert_eq!(s.node_group().unwrap().size, 1);
}

#[test]
fn scale_down_never_goes_below_min() {
    let mut s = small();
    s.run("autoscaler nodes --min 2 --max 4").unwrap();
    s.run("scale deployment web --replicas 0").unwrap();
    s.advance(3_600_000);
    check_invariants(&s, "min");
    assert_eq!(s.nodes().len(), 2);
}

#[test]
fn bare_pods_block_scale_down() {
    let mut s = build(&format!(
        "{SMALL}pods:\n  - metadata: {{name: solo}}\n    spec:\n      nodeName: node-1\n      containers: [{{name: c, image: busybox:1.36}}]\n"
    ));
    s.run("autoscaler nodes --min 0 --max 4").unwrap();
    s.run("scale deployment web --replicas 0").unwrap();
    s.advance(3_600_000);
    check_invariants(&s, "bare pod");
    assert_eq!(node_names(&s), vec!["node-1"]);
    assert!(s.store().pod("default", "solo").is_some());
}

#[test]
fn autoscaler_off_stops_decisions_and_commands_reject_bad_input() {
    let mut s = small();
    assert!(s.run("autoscaler nodes --min 3 --max 2").is_err());
    assert!(s.run("autoscaler nodes --min 1").is_err());
    assert!(s.run("autoscaler nodez --max 2").is_err());
    assert!(s.run("node delete nope").is_err());
    s.run("autoscaler nodes --max 4").unwrap();
    assert_eq!(s.node_group().unwrap().min, 0);
    s.run("autoscaler off").unwrap();
    assert!(s.node_group().is_none());
    s.run("scale deployment web --replicas 12").unwrap();
    s.advance(120_000);
    assert!(first(&s, |k| matches!(k, EventKind::TriggeredScaleUp { .. })).is_none());
    assert_eq!(s.nodes().len(), 2);
}

#[test]
fn classroom_profile_compresses_the_waits() {
    let t = sim::Timing::new(sim::Profile::Classroom);
    assert_eq!(t.ca_scale_down_unneeded.ms, 60_000);
    assert_eq!(t.ca_scale_down_unneeded.real_ms, 600_000);
    assert_eq!(t.ca_delay_after_add.ms, 60_000);
    assert_eq!(t.ca_scan_interval.ms, 10_000);
    assert_eq!(t.node_provision.ms, 6_000);
}

#[test]
fn deleting_a_middle_node_keeps_the_scheduler_cache_and_slot_reuse_exact() {
    let mut s = web("real");
    s.advance(20_000);
    s.run("node delete node-2").unwrap();
    s.advance(60_000);
    check_invariants(&s, "node-2 deleted");
    assert_eq!(node_names(&s), vec!["node-1", "node-3"]);
    // A new node takes the freed store slot: nothing of node-2 may reach it.
    let res = NodeResources {
        cpu: Cpu(4000),
        memory: Mem(8 << 30),
        pods: 110,
    };
    s.add_node(Node::with_resources("node-4", res)).unwrap();
    check_invariants(&s, "node-4 added");
    let n4 = s
        .nodes()
        .into_iter()
        .find(|n| n.node.metadata.name == "node-4")
        .unwrap();
    assert!(n4.pods.is_empty() && n4.requested_cpu == 0);
    s.run("scale deployment web --replicas 12").unwrap();
    s.advance(30_000);
    check_invariants(&s, "scaled");
    assert_eq!(ready_count(&s, "web"), 12);
    // LeastAllocated sends the new pods to the empty node first.
    let n4 = s
        .nodes()
        .into_iter()
        .find(|n| n.node.metadata.name == "node-4")
        .unwrap();
    assert!(n4.pods.len() >= 4, "{:?}", n4.pods);
}

#[test]
fn scale_up_waits_for_a_writable_api() {
    let mut s = small();
    s.run("autoscaler nodes --min 1 --max 4").unwrap();
    s.run("scale deployment web --replicas 10").unwrap();
    s.run("etcd stop cp-1").unwrap();
    s.run("etcd stop cp-2").unwrap();
    s.advance(60_000);
    assert!(first(&s, |k| matches!(k, EventKind::TriggeredScaleUp { .. })).is_none());
    s.run("etcd start cp-1").unwrap();
    s.advance(120_000);
    check_invariants(&s, "after quorum");
    assert!(first(&s, |k| matches!(k, EventKind::TriggeredScaleUp { .. })).is_some());
    assert_eq!(ready_count(&s, "web"), 10);
}

#[test]
fn a_node_registered_again_under_a_deleted_name_heartbeats_once() {
    let mut s = small();
    s.advance(20_000);
    s.run("node delete node-1").unwrap();
    // Re-register at once, while the old kubelet's lease timer is still pending.
    while s.store().node("node-1").is_some() {
        s.advance(100);
    }
    let res = NodeResources {
        cpu: Cpu(2000),
        memory: Mem(4 << 30),
        pods: 110,
    };
    s.add_node(Node::with_resources("node-1", res)).unwrap();
    let rev = s.store().revision();
    s.advance(100_000);
    let renewals = s
        .store()
        .change_log()
        .iter()
        .filter(|c| c.revision > rev && c.object.kind == Kind::Lease && c.object.name == "node-1")
        .count();
    // One renewal every 10 s.
    assert_eq!(renewals, 10);
    check_invariants(&s, "re-registered");
}
