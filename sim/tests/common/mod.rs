//! Helpers shared by the integration tests.
#![allow(dead_code)]

use sim::Sim;
use sim::objects::*;

pub const WEB: &str = r#"
name: test
seed: 11
nodes:
  - name: node
    count: 3
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
      ports: [{port: 80}]
"#;

pub fn build(yaml: &str) -> Sim {
    let scn = sim::parse_scenario(yaml).unwrap_or_else(|e| panic!("scenario: {e}"));
    scn.build().unwrap_or_else(|e| panic!("build: {e}")).0
}

pub fn web(profile: &str) -> Sim {
    build(&format!("profile: {profile}\n{WEB}"))
}

pub fn deployment<'a>(sim: &'a Sim, name: &str) -> &'a Deployment {
    sim.store()
        .get::<Deployment>("default", name)
        .expect("deployment")
}

/// Pods of a deployment that are active (no deletionTimestamp).
pub fn active_pods<'a>(sim: &'a Sim, app: &str) -> Vec<&'a Pod> {
    sim.store()
        .list::<Pod>()
        .filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some(app) && p.is_active())
        .collect()
}

pub fn ready_count(sim: &Sim, app: &str) -> usize {
    active_pods(sim, app)
        .iter()
        .filter(|p| p.status.is_ready())
        .count()
}

pub fn events_text(sim: &Sim) -> Vec<String> {
    sim.events().iter().map(|e| e.describe()).collect()
}

/// Invariants that must hold after every step.
pub fn check_invariants(sim: &Sim, ctx: &str) {
    let mut seen = std::collections::BTreeMap::<String, String>::new();
    for v in sim.nodes() {
        let n = v.node;
        let name = &n.metadata.name;
        let pods: Vec<&Pod> = sim
            .store()
            .list::<Pod>()
            .filter(|p| p.node() == Some(name.as_str()))
            .collect();
        let running: Vec<&&Pod> = pods
            .iter()
            .filter(|p| !matches!(p.status.phase, PodPhase::Failed | PodPhase::Succeeded))
            .collect();
        let (cpu, mem) = running.iter().fold((0, 0), |(c, m), p| {
            let (pc, pm) = p.spec.requests();
            (c + pc, m + pm)
        });
        assert!(
            cpu <= n.status.allocatable.cpu.0,
            "{ctx}: node {name} cpu {cpu} over allocatable"
        );
        assert!(
            mem <= n.status.allocatable.memory.0,
            "{ctx}: node {name} memory over allocatable"
        );
        assert!(
            running.len() as u32 <= n.status.allocatable.pods,
            "{ctx}: node {name} over pod limit"
        );
        assert_eq!(
            v.requested_cpu, cpu,
            "{ctx}: scheduler cache disagrees with the store on {name}"
        );
        let mut listed = v.pods.clone();
        listed.sort();
        let mut actual: Vec<String> = pods
            .iter()
            .map(|p| format!("default/{}", p.metadata.name))
            .collect();
        actual.sort();
        assert_eq!(
            listed, actual,
            "{ctx}: node index disagrees with the store on {name}"
        );
        for k in listed {
            if let Some(prev) = seen.insert(k.clone(), name.clone()) {
                panic!("{ctx}: pod {k} bound to {prev} and {name}");
            }
        }
    }
    for p in sim.store().list::<Pod>() {
        if p.status.reason == "Evicted" {
            assert_eq!(
                p.status.phase,
                PodPhase::Failed,
                "{ctx}: evicted pod {} not Failed",
                p.metadata.name
            );
            let key = format!("default/{}", p.metadata.name);
            assert!(
                p.node()
                    .and_then(|n| sim.machine(n))
                    .is_none_or(|m| !m.pods.contains_key(&key)),
                "{ctx}: evicted pod {} still running",
                p.metadata.name
            );
        }
        if let Some(n) = p.node() {
            assert!(
                sim.store().node(n).is_some(),
                "{ctx}: pod {} bound to missing node {n}",
                p.metadata.name
            );
        }
    }
    // Deleted nodes leave no trace in the per-node indexes.
    let names: Vec<&str> = sim
        .store()
        .list::<Node>()
        .map(|n| n.metadata.name.as_str())
        .collect();
    let cached: Vec<&str> = sim
        .scheduler()
        .node_infos()
        .iter()
        .map(|n| &*n.name)
        .collect();
    assert_eq!(
        names, cached,
        "{ctx}: scheduler cache nodes differ from the store"
    );
    for l in sim.store().list::<Lease>() {
        if l.metadata.namespace == NODE_LEASE_NAMESPACE {
            assert!(
                sim.store().node(&l.metadata.name).is_some(),
                "{ctx}: lease of deleted node {}",
                l.metadata.name
            );
        }
    }
    for n in sim.nodes_being_removed() {
        assert!(
            sim.store().node(&n).is_some(),
            "{ctx}: removing a missing node {n}"
        );
    }
    if let Some(g) = sim.node_group() {
        for u in &g.unneeded {
            assert!(
                sim.store().node(&u.node).is_some(),
                "{ctx}: unneeded missing node {}",
                u.node
            );
        }
    }
    let keys = sim.store().keys();
    assert!(
        keys.windows(2).all(|w| w[0].key < w[1].key),
        "{ctx}: store keys not in etcd order"
    );
    assert_eq!(keys.len(), sim.store().key_count(), "{ctx}: key count");
    let revs: Vec<u64> = sim
        .store()
        .change_log()
        .iter()
        .map(|c| c.revision)
        .collect();
    assert!(
        revs.windows(2).all(|w| w[0] < w[1]),
        "{ctx}: revisions not strictly increasing"
    );
    if let Some(last) = revs.last() {
        assert_eq!(
            *last,
            sim.store().revision(),
            "{ctx}: store revision is not the last change"
        );
    }
}
