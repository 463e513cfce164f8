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

/// The engine's invariants (`Sim::check_invariants`, which debug builds also run after every
/// settle), with the step that broke one.
pub fn check_invariants(sim: &Sim, ctx: &str) {
    if let Err(e) = sim.check_invariants() {
        panic!("{ctx}: {e}");
    }
}
