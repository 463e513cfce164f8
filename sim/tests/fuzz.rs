//! Parser fuzzing with proptest: the command language and scenario files must never panic,
//! and every error must point inside the input. `FUZZ_CASES=N` sets the number of cases
//! (default 1500 commands / 300 scenarios, a few seconds).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const WORDS: &[&str] = &[
    "kubectl",
    "cordon",
    "uncordon",
    "drain",
    "node",
    "power-off",
    "power-on",
    "disconnect",
    "reconnect",
    "delete",
    "pod",
    "pod/",
    "crash",
    "deployment/web",
    "deployment",
    "web",
    "scale",
    "--replicas",
    "--replicas=",
    "set",
    "image",
    "app=nginx:1",
    "load",
    "steady",
    "ramp",
    "spike",
    "day",
    "off",
    "--cost",
    "advance",
    "control-plane",
    "etcd",
    "stop",
    "start",
    "fail",
    "restore",
    "cp-1",
    "cp-9",
    "node-1",
    "5m",
    "1m30s",
    "500ms",
    "-3",
    "1e9",
    "NaN",
    "inf",
    "\"",
    "'",
    "#",
    "=",
    "é",
    "\u{0}",
    "99999999999999999999",
    "get",
    "describe",
    "rollout",
    "status",
    "pods",
    "nodes",
    "deploy",
    "rs",
    "svc",
    "endpoints",
    "hpa",
    "events",
    "-o",
    "wide",
    "-n",
    "default",
    "-A",
    "-l",
    "app=web",
    "-o=wide",
    "--selector=app=web,x==y",
    "node/node-1",
    "svc/web",
    "fault",
    "crash-loop",
    "oom",
    "image-pull",
    "clear",
    "pod/web",
    "restart",
    "autoscale",
    "--max",
    "--min=2",
    "--cpu-percent",
    "resources",
    "-c",
    "app",
    "--limits=memory=64Mi",
    "--requests=cpu=1,memory=1Gi",
    "apply",
    "-f",
    "--filename",
    "-f=web.yaml",
    "web.yaml",
    "\"é.yaml\"",
    "autoscaler",
    "nodes",
    "off",
    "delete",
    "--max=4",
    "--min",
    "0",
    "9999",
    "vpa",
    "vpa/web",
    "vpas",
    "verticalpodautoscaler",
    "--mode",
    "--mode=Off",
    "Initial",
    "Recreate",
    "recreat",
    "profile",
    "real",
    "classroom",
    "clasroom",
    "seed",
    "18446744073709551615",
    "18446744073709551616",
    "+5",
    "Auto",
    "--min-cpu",
    "--max-cpu=250m",
    "--min-memory",
    "--max-memory=1Gi",
    "--min-replicas",
    "1Gi",
    "memory-pressure",
    "node/",
    "nodes/node-2",
    "undo",
    "history",
    "--to-revision",
    "--to-revision=2",
    "service",
    "service/web",
    "hpa/web",
    "deploy/web",
    "horizontalpodautoscalers",
];

fn check_command(line: &str) {
    match sim::parse_command(line) {
        Ok(cmd) => {
            // A parsed command prints back as something that parses to the same command.
            let again = sim::parse_command(&cmd.to_string());
            assert_eq!(again.as_ref().ok(), Some(&cmd), "{line:?} -> {cmd}");
        }
        Err(e) => {
            assert!(
                e.pos + e.len <= line.len(),
                "{line:?}: span {}+{} outside",
                e.pos,
                e.len
            );
            assert!(
                line.is_char_boundary(e.pos),
                "{line:?}: span not on a char boundary"
            );
            assert!(!e.message().is_empty());
        }
    }
}

#[test]
fn fuzz_command_parser() {
    let mut runner = TestRunner::new(Config {
        cases: cases(1500),
        failure_persistence: None,
        ..Config::default()
    });
    let word = prop::sample::select(WORDS);
    let tokens = prop::collection::vec(
        prop_oneof![word.prop_map(String::from), "[ -~]{0,8}", any::<String>()],
        0..8,
    )
    .prop_map(|v| v.join(" "));
    runner
        .run(&prop_oneof![any::<String>(), tokens], |line| {
            check_command(&line);
            Ok(())
        })
        .unwrap();
}

/// `Sim::exec` on a live cluster: never panics, errors point inside the line, and a failed
/// line changes nothing (the event log and `get pods -o wide` are unchanged).
#[test]
fn fuzz_exec() {
    let mut runner = TestRunner::new(Config {
        cases: cases(1500),
        failure_persistence: None,
        ..Config::default()
    });
    let yaml = "name: f\nseed: 1\nnodes: [{name: node, count: 2, cpu: '2', memory: 4Gi}]\ndeployments:\n  - metadata: {name: web}\n    spec:\n      replicas: 3\n      selector: {matchLabels: {app: web}}\n      template:\n        metadata: {labels: {app: web}}\n        spec: {containers: [{name: app, image: nginx, resources: {requests: {cpu: 100m}}}]}\nservices: [{metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80}]}}]\n";
    let mut base = sim::parse_scenario(yaml).unwrap().build().unwrap().0;
    base.advance(30_000);
    let before = base.exec("get pods -o wide").unwrap();
    let word = prop::sample::select(WORDS);
    let tokens = prop::collection::vec(
        prop_oneof![word.prop_map(String::from), "[ -~]{0,8}", any::<String>()],
        0..7,
    )
    .prop_map(|v| v.join(" "));
    runner
        .run(&prop_oneof![any::<String>(), tokens], |line| {
            let mut s = base.clone();
            let events = s.next_event_id();
            match s.exec(&line) {
                Ok(out) => assert!(!out.is_empty(), "{line:?}: empty output"),
                Err(e) => {
                    assert!(e.pos + e.len <= line.len(), "{line:?}: span outside");
                    assert!(line.is_char_boundary(e.pos), "{line:?}: not a boundary");
                    assert_eq!(s.next_event_id(), events, "{line:?} emitted events");
                    assert_eq!(s.exec("get pods -o wide").unwrap(), before, "{line:?}");
                }
            }
            Ok(())
        })
        .unwrap();
}

fn mutate(base: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut b: Vec<u8> = base.as_bytes().to_vec();
    for &(pos, op, byte) in edits {
        if b.is_empty() {
            break;
        }
        let i = pos % b.len();
        match op % 4 {
            0 => b[i] = byte,
            1 => b.insert(i, byte),
            2 => {
                b.remove(i);
            }
            _ => b.truncate(i),
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn fuzz_scenario_parser() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut bases: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    bases.sort();
    let mut runner = TestRunner::new(Config {
        cases: cases(300),
        failure_persistence: None,
        ..Config::default()
    });
    let strat = (
        0..bases.len(),
        prop::collection::vec(
            (
                any::<usize>(),
                any::<u8>(),
                prop::sample::select(b" :-{}[]#'\"0123456789abmsMGiK\n\t\x00".to_vec()),
            ),
            1..6,
        ),
    );
    runner
        .run(&strat, |(i, edits)| {
            let yaml = mutate(&bases[i], &edits);
            match sim::parse_scenario(&yaml) {
                Err(e) => assert!(!e.message.is_empty()),
                Ok(scn) => match scn.build() {
                    Err(e) => assert!(!e.message.is_empty()),
                    Ok((mut s, actions)) => {
                        // A valid (perhaps odd) scenario runs without panicking.
                        for a in actions.iter().take(3) {
                            s.advance_to(a.at_ms.min(60_000));
                            let _ = s.apply(&a.command);
                        }
                        s.advance(20_000);
                    }
                },
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_arbitrary_yaml() {
    let mut runner = TestRunner::new(Config {
        cases: cases(300),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&any::<String>(), |yaml| {
            if let Err(e) = sim::parse_scenario(&yaml) {
                assert!(!e.message.is_empty());
            }
            let _ = sim::run_scenario_trace(&yaml, Some(5_000));
            Ok(())
        })
        .unwrap();
}

/// Manifest streams of `apply -f`: the apply-manifest scenario's files and one with every
/// supported field.
fn manifest_bases() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let yaml = std::fs::read_to_string(dir.join("apply-manifest.yaml")).unwrap();
    let scn = sim::parse_scenario(&yaml).unwrap();
    let mut bases: Vec<String> = scn.files.values().map(|t| t.value.clone()).collect();
    bases.push(FULL_MANIFEST.to_string());
    bases
}

const FULL_MANIFEST: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, labels: {tier: backend}, annotations: {team: a}}
spec:
  replicas: 3
  minReadySeconds: 5
  revisionHistoryLimit: 4
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 50%, maxUnavailable: 0}}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}, annotations: {x: y}}
    spec:
      priority: 10
      terminationGracePeriodSeconds: 5
      nodeSelector: {kubernetes.io/hostname: node-1}
      tolerations: [{key: k, operator: Exists, effect: NoSchedule}]
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 5
              preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}
      containers:
        - name: app
          image: api:1
          resources: {requests: {cpu: '0.5', memory: 1G}, limits: {cpu: 1, memory: 2Gi}}
          readinessProbe: {initialDelaySeconds: 2, periodSeconds: 5}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {kind: Deployment, name: api}
  maxReplicas: 6
  behavior:
    scaleDown: {stabilizationWindowSeconds: 60, selectPolicy: Min, policies: [{type: Pods, value: 1, periodSeconds: 30}]}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: api}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  updatePolicy: {updateMode: Recreate, minReplicas: 1}
  resourcePolicy:
    containerPolicies:
      - containerName: app
        minAllowed: {cpu: 100m, memory: 64Mi}
        maxAllowed: {cpu: '2', memory: 4Gi}
        controlledResources: [cpu, memory]
      - {containerName: '*', maxAllowed: {cpu: 1}}
";

fn check_manifest(s0: &sim::Sim, text: &str) {
    match sim::parse_manifests(text) {
        Err(e) => {
            assert!(!e.message.is_empty(), "{text:?}: empty message");
            assert!(!e.to_string().is_empty());
        }
        Ok(docs) => assert!(!docs.is_empty()),
    }
    let mut s = s0.clone();
    s.add_file("f.yaml", text).unwrap();
    let (rev, next) = (s.store().revision(), s.next_event_id());
    match s.exec("apply -f f.yaml") {
        Ok(out) => assert!(out.ends_with('\n'), "{text:?}: {out:?}"),
        Err(e) => {
            assert!(!e.message().is_empty());
            assert_eq!(
                (rev, next),
                (s.store().revision(), s.next_event_id()),
                "{text:?}"
            );
        }
    }
    // Whatever was admitted runs (small clusters only: 10,000 replicas are legal but slow).
    let small = s
        .store()
        .list::<sim::objects::Deployment>()
        .all(|d| d.spec.replicas <= 50);
    if small {
        s.advance(3_000);
    }
}

/// `apply -f` on random text and on mutated valid manifests: never a panic, errors carry a
/// message, a refused apply changes nothing.
#[test]
fn fuzz_manifest_parser() {
    let bases = manifest_bases();
    let base_sim = sim::parse_scenario(
        "nodes: [{name: node, count: 2, cpu: '4', memory: 8Gi, labels: {zone: a}}]\n",
    )
    .unwrap()
    .build()
    .unwrap()
    .0;
    let mut runner = TestRunner::new(Config {
        cases: cases(300),
        failure_persistence: None,
        ..Config::default()
    });
    let mutated = (
        0..bases.len(),
        prop::collection::vec(
            (
                any::<usize>(),
                any::<u8>(),
                prop::sample::select(b" :-{}[]#'\"0123456789abmsMGiK\n\t\x00%&*!|>".to_vec()),
            ),
            1..6,
        ),
    )
        .prop_map(move |(i, edits)| mutate(&bases[i], &edits));
    let bytes = prop::collection::vec(any::<u8>(), 0..200)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned());
    runner
        .run(
            &prop_oneof![3 => mutated, 1 => any::<String>(), 1 => bytes],
            |text| {
                check_manifest(&base_sim, &text);
                Ok(())
            },
        )
        .unwrap();
}
