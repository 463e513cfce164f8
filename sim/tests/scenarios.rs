//! The example scenarios in `sim/scenarios/`: golden traces (byte-for-byte) and the facts the
//! README states about them. Regenerate goldens with `UPDATE_GOLDEN=1 cargo test -p kubelab-sim`.

mod common;
use serde_json::Value;
use std::path::PathBuf;

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(sub)
}

fn scenarios() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir("scenarios"))
        .expect("scenarios dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn trace(name: &str) -> Vec<Value> {
    let yaml = std::fs::read_to_string(dir("scenarios").join(format!("{name}.yaml"))).unwrap();
    sim::run_scenario_trace(&yaml, None)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn golden_traces() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let mut mismatched = Vec::new();
    for (name, yaml) in scenarios() {
        let got = sim::run_scenario_trace(&yaml, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Same input, same bytes.
        assert_eq!(
            got,
            sim::run_scenario_trace(&yaml, None).unwrap(),
            "{name} is not deterministic"
        );
        let path = dir("tests/golden").join(format!("{name}.jsonl"));
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0)
                + 1;
            mismatched.push(format!("{name} (first difference at line {line})"));
        }
    }
    assert!(
        mismatched.is_empty(),
        "golden traces differ: {mismatched:?}; run with UPDATE_GOLDEN=1 after checking the change"
    );
}

/// README, "A scheduling decision".
#[test]
fn readme_scheduling_decision() {
    let t = trace("schedule-one");
    let d = t
        .iter()
        .find(|l| l["type"] == "decision")
        .expect("a decision");
    assert_eq!(d["pod"]["name"], "web-1");
    assert_eq!(d["selected"], "node-b");
    assert_eq!(d["feasible"], 2);
    assert_eq!(d["filtered"][0]["node"], "node-c");
    assert_eq!(d["filtered"][0]["plugin"], "TaintToleration");
    let row = |node: &str| {
        d["scores"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["node"] == node)
            .unwrap()
            .clone()
    };
    let b = row("node-b");
    let a = row("node-a");
    // [TaintToleration, NodeAffinity (skipped), NodeResourcesFit, BalancedAllocation]
    assert_eq!(b["scores"][2]["raw"], 90);
    assert_eq!(b["scores"][3]["raw"], 96);
    assert_eq!(b["total"], 486);
    assert_eq!(a["scores"][2]["raw"], 43);
    assert_eq!(a["scores"][3]["raw"], 81);
    assert_eq!(a["total"], 424);
    assert_eq!(d["max_score"], 500);
}

/// README, "An HPA computation".
#[test]
fn readme_hpa_computation() {
    let t = trace("hpa-pinned");
    let hpas: Vec<&Value> = t.iter().filter(|l| l["type"] == "hpa").collect();
    assert!(
        hpas[0]["error"]
            .as_str()
            .unwrap()
            .contains("did not receive metrics"),
        "first scrape gives no rate yet"
    );
    let c = hpas
        .iter()
        .find(|h| h["calc"].is_object())
        .expect("a computation");
    assert_eq!(c["t_ms"], 30_000);
    assert_eq!(c["calc"]["utilization"], 95);
    assert_eq!(c["calc"]["usage_ratio"], 1.9);
    assert_eq!(c["calc"]["ready_pod_count"], 4);
    assert_eq!(c["calc"]["branch"], "Proportional");
    assert_eq!(c["normalization"]["limit"], 8);
    assert_eq!(c["desired_replicas"], 8);
    let usages: Vec<u64> = c["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["metric"]["value"].as_u64().unwrap())
        .collect();
    assert_eq!(usages, vec![400, 450, 500, 550]);
}

/// README, "A node failure through to rescheduled pods".
#[test]
fn readme_node_failure() {
    let t = trace("node-failure");
    let ev = |kind: &str| -> Vec<&Value> {
        t.iter()
            .filter(|l| l["type"] == "event" && l["kind"] == kind)
            .collect()
    };
    assert_eq!(ev("PoweredOff")[0]["t_ms"], 60_000);
    let unknown = ev("NodeReadyChanged")[0];
    assert_eq!(unknown["t_ms"], 105_000);
    assert_eq!(unknown["since_heartbeat_ms"], 50_869);
    let evicted = ev("TaintEvicted");
    assert_eq!(evicted.len(), 2);
    assert!(evicted.iter().all(|e| e["t_ms"] == 405_000));
    let rebound: Vec<&Value> = ev("Scheduled")
        .into_iter()
        .filter(|e| e["t_ms"] == 405_000)
        .collect();
    assert_eq!(rebound.len(), 2);
    assert!(rebound.iter().all(|e| e["node"] != "node-2"));
    let last = t.iter().rev().find(|l| l["type"] == "snapshot").unwrap();
    assert_eq!(last["deployments"][0]["ready"], 6);
}

#[test]
fn every_example_scenario_builds_and_holds_invariants() {
    for (name, yaml) in scenarios() {
        let scn = sim::parse_scenario(&yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (mut s, actions) = scn.build().unwrap_or_else(|e| panic!("{name}: {e}"));
        let until = scn.until.map_or(600_000, |d| d.0);
        for a in actions {
            s.advance_to(a.at_ms);
            common::check_invariants(&s, &name);
            // A scenario may show a refused command (etcd-quorum; apply-manifest's immutable
            // selector); it must change nothing.
            let refused_ok = (!s.api_writable() && a.command.writes_api())
                || matches!(a.command, sim::Command::Apply { .. });
            let (rev, next) = (s.store().revision(), s.next_event_id());
            match s.apply(&a.command) {
                Err(_) if refused_ok => {
                    assert_eq!((rev, next), (s.store().revision(), s.next_event_id()));
                }
                r => {
                    r.unwrap_or_else(|e| panic!("{name}: {}: {e}", a.line));
                }
            }
        }
        s.advance_to(until);
        common::check_invariants(&s, &name);
    }
}

#[test]
fn scenario_errors_name_line_and_column() {
    let cases = [
        (
            "nodes:\n  - name: a\n    cpu: 4x\n    memory: 1Gi\n",
            3,
            "invalid CPU quantity",
        ),
        (
            "nodes: []\nactions:\n  - at: 10s\n    run: cordn node-1\n",
            4,
            "did you mean \"cordon\"",
        ),
        (
            "nodes:\n  - name: a\n    cpu: 1\n    memory: 1Gi\n    colour: red\n",
            5,
            "colour",
        ),
        (
            "nodes: [{name: a, cpu: 1, memory: 1Gi}]\nactions:\n  - at: 5s\n    run: cordon b\n",
            4,
            "node \"b\" not found",
        ),
        ("nodes: [}\n", 1, ""),
        (
            "nodes: []\nfiles:\n  web.yaml: x\nactions:\n  - at: 5s\n    run: apply -f wbe.yaml\n",
            6,
            "apply -f names a file not in files: \"wbe.yaml\"; did you mean \"web.yaml\"?",
        ),
        (
            // A manifest an action applies is checked at load; the line is the scenario's.
            "nodes: []\nfiles:\n  web.yaml: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web}\n    spec: {selectr: {app: web}}\nactions:\n  - at: 5s\n    run: apply -f web.yaml\n",
            7,
            "files.web.yaml: document 1, line 4, column 8: strict decoding error: unknown field \"spec.selectr\"; did you mean \"spec.selector\"?",
        ),
    ];
    for (yaml, line, needle) in cases {
        let err = sim::parse_scenario(yaml)
            .and_then(|s| s.build().map(|_| ()))
            .expect_err(yaml);
        assert_eq!(err.line, line, "{yaml:?}: {err}");
        if yaml.contains("selectr") {
            assert_eq!(err.column, 12, "{err}");
        }
        assert!(err.message.contains(needle), "{yaml:?}: {err}");
    }
}

/// `a` is contained in `b`: every key of an object present and contained, arrays equal
/// element-wise (same length), scalars equal.
fn contained(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .all(|(k, v)| y.get(k).is_some_and(|w| contained(v, w))),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| contained(v, w))
        }
        _ => a == b,
    }
}

/// The README's examples are tests: scenario listings equal the files, `check` blocks are
/// found in the golden traces, `check-text` lines are event texts of the golden trace.
#[test]
fn readme_examples_match_the_goldens() {
    let readme = std::fs::read_to_string(dir("README.md")).unwrap();
    let mut checked = 0;
    let mut lines = readme.lines().peekable();
    let mut pending: Option<(String, String)> = None;
    while let Some(l) = lines.next() {
        if let Some(rest) = l.strip_prefix("<!-- check") {
            let (kind, name) = rest.trim_end_matches("-->").trim().split_once(':').unwrap();
            pending = Some((
                kind.trim_start_matches('-').to_string(),
                name.trim().to_string(),
            ));
            continue;
        }
        if !l.starts_with("```") || l == "```" {
            continue;
        }
        let mut block = String::new();
        for b in lines.by_ref() {
            if b == "```" {
                break;
            }
            block.push_str(b);
            block.push('\n');
        }
        if l == "```yaml"
            && let Some(path) = block
                .lines()
                .next()
                .and_then(|f| f.strip_prefix("# scenarios/"))
        {
            let file = std::fs::read_to_string(dir("scenarios").join(path)).unwrap();
            let body: String = block.lines().skip(1).map(|x| format!("{x}\n")).collect();
            assert_eq!(body, file, "README listing of {path} differs from the file");
            checked += 1;
        }
        let Some((kind, name)) = pending.take() else {
            continue;
        };
        let golden =
            std::fs::read_to_string(dir("tests/golden").join(format!("{name}.jsonl"))).unwrap();
        let values: Vec<Value> = golden
            .lines()
            .map(|x| serde_json::from_str(x).unwrap())
            .collect();
        if kind.is_empty() {
            let want: Value = serde_json::from_str(&block)
                .unwrap_or_else(|e| panic!("README block for {name}: {e}"));
            assert!(
                values.iter().any(|v| contained(&want, v)),
                "README block for {name} is not in its golden trace"
            );
        } else {
            for line in block.lines() {
                assert!(
                    values.iter().any(|v| v["text"] == line),
                    "README line not in {name}'s trace: {line}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} README examples checked");
}
