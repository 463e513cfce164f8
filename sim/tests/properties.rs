//! Property tests: random sequences of actions and faults on a small cluster, with the
//! invariants checked after every step, then convergence once the faults stop.
//! `PROPTEST_CASES=N` runs more cases; a failure prints the minimal failing input, seed
//! included.

mod common;
use common::*;
use proptest::prelude::*;
use sim::objects::{Deployment, HorizontalPodAutoscaler, Kind, Pod};
use std::collections::BTreeSet;

const CLUSTER: &str = r#"
nodes:
  - name: node
    count: 4
    cpu: "4"
    memory: 8Gi
deployments:
  - metadata: {name: web}
    spec:
      replicas: 6
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              resources: {requests: {cpu: 250m, memory: 256Mi}}
services:
  - metadata: {name: web}
    spec:
      selector: {app: web}
horizontalPodAutoscalers:
  - metadata: {name: web}
    spec:
      scaleTargetRef: {kind: Deployment, name: web}
      minReplicas: 2
      maxReplicas: 14
      metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
      behavior:
        scaleDown: {stabilizationWindowSeconds: 60}
load:
  - service: web
    pattern: {type: steady, rps: 100}
    costCpuMs: 2
"#;

#[derive(Clone, Debug)]
enum Op {
    /// `profile real|classroom` (even: classroom).
    Profile(u8),
    Seed(u64),
    PowerOff(u8),
    PowerOn(u8),
    Disconnect(u8),
    Reconnect(u8),
    Cordon(u8),
    Uncordon(u8),
    Drain(u8),
    Crash,
    Scale(u8),
    SetImage(u8),
    Load(u16),
    Advance(u32),
    Fault(u8),
    Query(u8),
    CpOff(u8),
    CpOn(u8),
    EtcdStop(u8),
    EtcdStart(u8),
    /// `apply -f mN.yaml` (feature `yaml`): one of [`MANIFESTS`].
    Apply(u8),
    /// cluster-autoscaler on (several bounds) or off.
    Autoscaler(u8),
    DeleteNode(u8),
    /// A VPA in one of the four modes (capped so pods stay schedulable).
    Vpa(u8),
    DeleteVpa,
    MemoryPressure(u8),
    ClearPressure(u8),
    Undo(u8),
}

/// Manifests for `Op::Apply`: the Deployment without replicas (the HPA keeps them) and a new
/// image, the Deployment with replicas, the HPA as autoscaling/v1, and a refused one (typo).
fn manifest(i: usize) -> String {
    let dep = |image: &str, replicas: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n{replicas}  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n        - name: app\n          image: {image}\n          resources: {{requests: {{cpu: 250m, memory: 256Mi}}}}\n"
        )
    };
    match i % 4 {
        0 => format!(
            "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}}}\n",
            dep("nginx:1.28", "")
        ),
        1 => dep("nginx:1.27", "  replicas: 8\n"),
        2 => "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 70\n".into(),
        _ => format!("{}---\n{}", dep("nginx:1.29", ""), dep("x", "  replica: 2\n")),
    }
}

impl Op {
    fn line(&self) -> String {
        let n = |i: &u8| format!("node-{}", i % 4 + 1);
        match self {
            Op::PowerOff(i) => format!("node power-off {}", n(i)),
            Op::PowerOn(i) => format!("node power-on {}", n(i)),
            Op::Disconnect(i) => format!("node disconnect {}", n(i)),
            Op::Reconnect(i) => format!("node reconnect {}", n(i)),
            Op::Cordon(i) => format!("cordon {}", n(i)),
            Op::Uncordon(i) => format!("uncordon {}", n(i)),
            Op::Drain(i) => format!("drain {}", n(i)),
            Op::Crash => "crash pod deployment/web".into(),
            Op::Scale(r) => format!("scale deployment web --replicas {}", r % 12),
            Op::SetImage(v) => format!("set image deployment/web app=nginx:1.{}", v % 3 + 26),
            Op::Load(rps) => format!("load web steady {}", rps % 2000),
            Op::Advance(ms) => format!("advance {}ms", ms % 120_000),
            Op::Fault(f) => {
                let kind = ["crash-loop", "oom", "image-pull", "clear", "clear"][*f as usize % 5];
                format!("fault {kind} deployment/web")
            }
            Op::Query(q) => [
                "get pods -o wide",
                "get nodes",
                "describe deployment web",
                "get events",
                "describe node node-1",
                "get hpa",
                "rollout status deployment/web",
                "get vpa",
                "rollout history deployment/web",
            ][*q as usize % 8]
                .into(),
            Op::CpOff(i) => format!("control-plane power-off cp-{}", i % 3 + 1),
            Op::CpOn(i) => format!("control-plane power-on cp-{}", i % 3 + 1),
            Op::EtcdStop(i) => format!("etcd stop cp-{}", i % 3 + 1),
            Op::EtcdStart(i) => format!("etcd start cp-{}", i % 3 + 1),
            Op::Apply(i) => format!("apply -f m{}.yaml", i % 4),
            Op::Autoscaler(i) => match i % 4 {
                0 => "autoscaler off".into(),
                1 => "autoscaler nodes --min 1 --max 6".into(),
                2 => "autoscaler nodes --min 3 --max 4".into(),
                _ => "autoscaler nodes --min 0 --max 8".into(),
            },
            Op::DeleteNode(i) => format!("node delete {}", n(i)),
            Op::Vpa(m) => format!(
                "vpa deployment/web --mode {} --max-cpu 500m --max-memory 1Gi",
                ["Off", "Initial", "Recreate", "Auto"][*m as usize % 4]
            ),
            Op::DeleteVpa => "delete vpa web".into(),
            Op::Profile(i) => format!("profile {}", ["classroom", "real"][*i as usize % 2]),
            Op::Seed(n) => format!("seed {n}"),
            Op::MemoryPressure(i) => format!("fault memory-pressure node/{}", n(i)),
            Op::ClearPressure(i) => format!("fault clear node/{}", n(i)),
            Op::Undo(r) => match r % 4 {
                0 => "rollout undo deployment/web".into(),
                r => format!("rollout undo deployment/web --to-revision {r}"),
            },
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => any::<u8>().prop_map(Op::PowerOff),
        1 => any::<u8>().prop_map(Op::PowerOn),
        1 => any::<u8>().prop_map(Op::Disconnect),
        1 => any::<u8>().prop_map(Op::Reconnect),
        1 => any::<u8>().prop_map(Op::Cordon),
        1 => any::<u8>().prop_map(Op::Uncordon),
        1 => any::<u8>().prop_map(Op::Drain),
        1 => Just(Op::Crash),
        1 => any::<u8>().prop_map(Op::Scale),
        1 => any::<u8>().prop_map(Op::SetImage),
        1 => any::<u16>().prop_map(Op::Load),
        3 => any::<u32>().prop_map(Op::Advance),
        1 => any::<u8>().prop_map(Op::Fault),
        1 => any::<u8>().prop_map(Op::Query),
        1 => any::<u8>().prop_map(Op::CpOff),
        1 => any::<u8>().prop_map(Op::CpOn),
        1 => any::<u8>().prop_map(Op::EtcdStop),
        1 => any::<u8>().prop_map(Op::EtcdStart),
        1 => any::<u8>().prop_map(Op::Apply),
        1 => any::<u8>().prop_map(Op::Autoscaler),
        1 => any::<u8>().prop_map(Op::DeleteNode),
        1 => any::<u8>().prop_map(Op::Vpa),
        1 => Just(Op::DeleteVpa),
        1 => any::<u8>().prop_map(Op::MemoryPressure),
        1 => any::<u8>().prop_map(Op::ClearPressure),
        1 => any::<u8>().prop_map(Op::Undo),
        1 => any::<u8>().prop_map(Op::Profile),
        1 => any::<u64>().prop_map(Op::Seed),
    ]
}

fn pod_keys(s: &sim::Sim) -> BTreeSet<String> {
    s.store()
        .list::<Pod>()
        .map(|p| p.metadata.name.clone())
        .collect()
}

/// Evicted pods stay (phase Failed, reason Evicted) as upstream until deleted or PodGC.
fn converged(s: &sim::Sim) -> bool {
    let d = deployment(s, "web");
    let pods: Vec<&Pod> = s
        .store()
        .list::<Pod>()
        .filter(|p| p.status.reason != "Evicted")
        .collect();
    pods.len() as u32 == d.spec.replicas
        && pods.iter().all(|p| p.is_active() && p.status.is_ready())
        && d.status.ready_replicas == d.spec.replicas
}

fn run_case(seed: u64, ops: &[Op]) {
    let mut s = build(&format!("seed: {seed}\n{CLUSTER}"));
    for i in 0..4 {
        s.add_file(&format!("m{i}.yaml"), &manifest(i)).unwrap();
    }
    let mut prev_rev = s.store().revision();
    let mut prev_pods = pod_keys(&s);
    let mut prev_nodes: BTreeSet<String> = s
        .nodes()
        .iter()
        .map(|n| n.node.metadata.name.clone())
        .collect();
    let mut cursor = s.next_event_id() - 1;
    for (i, op) in ops.iter().enumerate() {
        let line = op.line();
        let ctx = format!("seed {seed}, step {i} `{line}`");
        if let Op::Query(_) = op {
            // Reads change nothing.
            let (rev, ev) = (s.store().revision(), s.next_event_id());
            if let Err(e) = s.exec(&line) {
                // node-1 may have been deleted.
                assert!(s.store().node("node-1").is_none(), "{ctx}: {e}");
            }
            assert_eq!(
                (rev, ev),
                (s.store().revision(), s.next_event_id()),
                "{ctx}"
            );
        }
        let (rev, ev) = (s.store().revision(), s.next_event_id());
        if s.run(&line).is_err() && matches!(op, Op::Apply(_)) {
            // A refused apply (the typo, or etcd without quorum) changes nothing.
            assert_eq!(
                (rev, ev),
                (s.store().revision(), s.next_event_id()),
                "{ctx}"
            );
        }
        // The simulation verbs always apply (outside the API) and are reported.
        match op {
            Op::Seed(n) => assert_eq!(s.config().seed, *n, "{ctx}"),
            Op::Profile(i) => assert_eq!(
                s.timing().profile.name(),
                ["classroom", "real"][*i as usize % 2],
                "{ctx}"
            ),
            _ => {}
        }
        s.advance(1_000);
        check_invariants(&s, &ctx);
        check_vpa(&s, &ctx);
        assert!(
            s.store().revision() >= prev_rev,
            "{ctx}: revision went back"
        );
        prev_rev = s.store().revision();
        // No object lost: whatever vanished was deleted through the API.
        let now = pod_keys(&s);
        let (events, missed) = s.events_since(cursor);
        assert!(!missed, "{ctx}: event ring overflowed in one step");
        let deleted: BTreeSet<String> = events
            .iter()
            .filter(|e| {
                matches!(e.kind, sim::EventKind::Deleted { .. }) && e.object.kind == Kind::Pod
            })
            .map(|e| e.object.name.clone())
            .collect();
        for gone in prev_pods.difference(&now) {
            assert!(
                deleted.contains(gone),
                "{ctx}: pod {gone} vanished without a delete"
            );
        }
        cursor = s.next_event_id() - 1;
        prev_pods = now;
        // Nodes go only through a removal: drained, then deleted through the API.
        let nodes_now: BTreeSet<String> = s
            .nodes()
            .iter()
            .map(|n| n.node.metadata.name.clone())
            .collect();
        for gone in prev_nodes.difference(&nodes_now) {
            assert!(
                events
                    .iter()
                    .any(|e| matches!(e.kind, sim::EventKind::Deleted { .. })
                        && e.object.kind == Kind::Node
                        && &e.object.name == gone),
                "{ctx}: node {gone} vanished without a delete"
            );
        }
        prev_nodes = nodes_now;
        if let Some(g) = s.node_group() {
            assert!(
                g.size <= g.max.max(g.size - g.provisioning.len() as u32),
                "{ctx}: group above max: {g:?}"
            );
        }
        assert!(
            s.store().get::<Deployment>("default", "web").is_some(),
            "{ctx}: deployment lost"
        );
        assert!(
            s.store()
                .get::<HorizontalPodAutoscaler>("default", "web")
                .is_some(),
            "{ctx}: HPA lost"
        );
    }
    // Faults stop: every machine back, every node schedulable, every container healthy.
    let _ = s.run("fault clear deployment/web");
    // Faults stop: every machine back, every node schedulable.
    for n in 1..=3 {
        let _ = s.run(&format!("control-plane power-on cp-{n}"));
        let _ = s.run(&format!("etcd start cp-{n}"));
    }
    // Writes (uncordon) need an etcd leader again: wait for it (at most a few seconds).
    for _ in 0..60 {
        if s.etcd_quorum().writable {
            break;
        }
        s.advance(1_000);
    }
    for n in 1..=4 {
        let _ = s.run(&format!("fault clear node/node-{n}"));
    }
    for n in 1..=4 {
        for c in ["node power-on", "node reconnect", "uncordon"] {
            let _ = s.run(&format!("{c} node-{n}"));
        }
    }
    // Nodes may have been deleted: the autoscaler brings back what the pods need.
    let _ = s.run("autoscaler nodes --min 1 --max 8");
    let deadline = s.now_ms() + 15 * 60_000;
    while !converged(&s) {
        assert!(
            s.now_ms() < deadline,
            "seed {seed}: not converged 15 min after the faults stopped: {} pods for {} replicas\n{:#?}",
            s.store().count::<Pod>(),
            deployment(&s, "web").spec.replicas,
            s.store()
                .list::<Pod>()
                .map(|p| (
                    &p.metadata.name,
                    p.node(),
                    p.status.stage,
                    p.is_terminating()
                ))
                .collect::<Vec<_>>()
        );
        s.advance(1_000);
        check_invariants(&s, &format!("seed {seed}, converging"));
    }
}

/// The test's VPAs cap CPU at 500m (`--max-cpu`): no upper bound above it (the order of the
/// bounds and the recommender's size are engine invariants).
fn check_vpa(s: &sim::Sim, ctx: &str) {
    for v in s.vpas() {
        for r in v
            .status
            .recommendation
            .iter()
            .flat_map(|r| &r.container_recommendations)
        {
            assert!(
                r.upper_bound.cpu.unwrap().0 <= 500,
                "{ctx}: maxAllowed ignored: {r:?}"
            );
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]
    #[test]
    fn invariants_hold_and_replicas_converge(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..30)) {
        run_case(seed, &ops);
    }
}

#[test]
fn rejected_random_commands_change_nothing() {
    let mut s = build(&format!("seed: 5\n{CLUSTER}"));
    s.advance(5_000);
    let rev = s.store().revision();
    let ev = s.next_event_id();
    for bad in [
        "node power-off node-9",
        "scale deployment nope --replicas 2",
        "crash pod zzz",
        "load nope steady 1",
        "drain",
        "node delete node-9",
        "autoscaler nodes --min 5 --max 2",
        "autoscaler nodes",
        "autoscaler sideways",
    ] {
        assert!(s.run(bad).is_err());
    }
    assert_eq!((s.store().revision(), s.next_event_id()), (rev, ev));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]
    /// Upstream's deletion ranking is not a strict weak order in corner cases; ranking many
    /// pods must still never panic and must keep every pod (found by the 24-hour memory run).
    #[test]
    fn deletion_ranking_never_panics(pods in prop::collection::vec((0u8..3, any::<bool>(), 0u32..4, 0u64..5_000, 0u32..3, 0u8..8), 0..80)) {
        use sim::workloads::{RankedPod, delete_before};
        let mut ranked: Vec<RankedPod> = pods
            .iter()
            .enumerate()
            .map(|(i, &(node, ready, rank, t, restarts, uid))| RankedPod {
                key: format!("p{i}"),
                uid: format!("{uid}"),
                node: (node > 0).then(|| format!("n{node}")),
                phase: if node > 0 { sim::objects::PodPhase::Running } else { sim::objects::PodPhase::Pending },
                ready,
                ready_since_ms: ready.then_some(t * 37 % 4_000),
                deletion_cost: 0,
                rank,
                restarts,
                created_ms: t,
            })
            .collect();
        let n = ranked.len();
        sim::util::merge_sort_by(&mut ranked, &|a, b| delete_before(a, b, 10_000));
        let mut keys: Vec<String> = ranked.into_iter().map(|r| r.key).collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), n);
    }
}

/// Deletion: random actions with `delete deployment|service|hpa` among them. After every
/// step nothing is left without its owner (the garbage collector acts at once), a deleted
/// Service has no Endpoints and no load; once the faults stop, the pods of a deleted
/// Deployment are gone.
fn run_delete_case(seed: u64, ops: &[(Op, u8)]) {
    let mut s = build(&format!("seed: {seed}\n{CLUSTER}"));
    for (i, (op, del)) in ops.iter().enumerate() {
        let line = match del % 8 {
            0 => "delete deployment web".to_string(),
            1 => "delete svc/web".to_string(),
            2 => "delete hpa web".to_string(),
            _ => op.line(),
        };
        let ctx = format!("seed {seed}, step {i} `{line}`");
        let before = (s.store().revision(), s.next_event_id());
        if let Err(e) = s.run(&line)
            && line.starts_with("delete")
        {
            assert_eq!(
                before,
                (s.store().revision(), s.next_event_id()),
                "{ctx}: {e}"
            );
        }
        s.advance(1_000);
        check_invariants(&s, &ctx);
        check_owners(&s, &ctx);
    }
    for n in 1..=3 {
        let _ = s.run(&format!("control-plane power-on cp-{n}"));
        let _ = s.run(&format!("etcd start cp-{n}"));
    }
    for n in 1..=4 {
        for c in ["node power-on", "node reconnect"] {
            let _ = s.run(&format!("{c} node-{n}"));
        }
    }
    s.advance(10 * 60_000);
    check_invariants(&s, &format!("seed {seed}, after"));
    check_owners(&s, &format!("seed {seed}, after"));
    if s.store().get::<Deployment>("default", "web").is_none() {
        assert_eq!(
            s.store().count::<Pod>(),
            0,
            "seed {seed}: pods of the deleted deployment remain"
        );
    }
}

fn check_owners(s: &sim::Sim, ctx: &str) {
    use sim::objects::{Endpoints, ReplicaSet, Service};
    for rs in s.store().list::<ReplicaSet>() {
        let o = rs.metadata.owner.as_ref().unwrap();
        assert!(
            s.store()
                .list::<Deployment>()
                .any(|d| d.metadata.uid == o.uid),
            "{ctx}: replica set {} outlived its deployment",
            rs.metadata.name
        );
    }
    for p in s.store().list::<Pod>() {
        if let Some(o) = &p.metadata.owner {
            assert!(
                p.is_terminating()
                    || s.store()
                        .list::<ReplicaSet>()
                        .any(|r| r.metadata.uid == o.uid),
                "{ctx}: pod {} outlived its replica set without being deleted",
                p.metadata.name
            );
        }
    }
    if s.store().get::<Service>("default", "web").is_none() {
        assert!(
            s.load().services.is_empty(),
            "{ctx}: load on a deleted service"
        );
        if s.etcd_quorum().writable {
            assert!(
                s.store().get::<Endpoints>("default", "web").is_none()
                    || !s.leaders().iter().any(|l| l.leader.is_some()),
                "{ctx}: endpoints of a deleted service"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]
    #[test]
    fn deletion_cascades_and_changes_nothing_when_refused(
        seed in any::<u64>(),
        ops in prop::collection::vec((op(), any::<u8>()), 1..24),
    ) {
        run_delete_case(seed, &ops);
    }
}
