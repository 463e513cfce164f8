//! Vertical Pod Autoscaler: the recommender's arithmetic against worked examples, the three
//! update modes, the updater's limits, and the kubectl surface.

mod common;
use common::*;
use sim::events::EventKind;
use sim::objects::*;
use sim::vpa::*;

const MIN: u64 = 60_000;
const DAY: u64 = 86_400_000;

/// Constant CPU usage `cores`, one sample a minute for `minutes` minutes (minutes + 1 samples).
fn constant(cores_m: u64, minutes: u64) -> Aggregate {
    let mut a = Aggregate::new();
    for i in 0..=minutes {
        a.add_cpu(cores_m, 1000, i * MIN);
    }
    a
}

/// CPUAmountFromCores(bucketEnd) × 1.15, truncated at each step as upstream.
fn expected_target(cores_m: u64) -> u64 {
    let o = BucketOptions::cpu();
    let end = o.bucket_start(o.find_bucket(cores_m as f64 / 1000.0) + 1);
    (((end * 1000.0) as u64) as f64 * 1.15) as u64
}

#[test]
fn constant_usage_targets_the_p90_bucket_end_plus_margin() {
    for u in [300, 1_000, 2_500] {
        let e = recommend(&constant(u, 60), 1, None);
        assert_eq!(e.target.cpu_m, expected_target(u), "usage {u}m");
        // The bucket end is at most 5% above the usage.
        let lo = u as f64 * 1.15;
        assert!(e.target.cpu_m as f64 >= lo - 1.0 && (e.target.cpu_m as f64) < lo * 1.05 + 1.0);
        assert_eq!(e.uncapped, e.target);
    }
    // 300m: bucket 18 ends at 0.01 × (1.05^19 − 1) / 0.05 = 0.3054 cores → 305m × 1.15.
    assert_eq!(expected_target(300), 350);
}

#[test]
fn confidence_multipliers_match_the_reference_examples() {
    // Constant usage: P50, P90 and P95 are the same bucket end, so bound / target is the
    // confidence multiplier alone.
    let ratio = |minutes: u64| {
        let e = recommend(&constant(1_000, minutes), 1, None);
        (
            e.upper.cpu_m as f64 / e.target.cpu_m as f64,
            e.lower.cpu_m as f64 / e.target.cpu_m as f64,
        )
    };
    let near = |got: f64, want: f64| (got - want).abs() < 0.01;
    // upper ×(1 + 1/confidence): 12 h ×3, 24 h ×2, 1 week ×1.14.
    assert!(near(ratio(12 * 60).0, 3.0), "{:?}", ratio(12 * 60));
    assert!(near(ratio(24 * 60).0, 2.0), "{:?}", ratio(24 * 60));
    assert!(near(ratio(7 * 24 * 60).0, 1.0 + 1.0 / 7.0));
    // lower ×(1 + 0.001/confidence)^-2: 5 min ×0.6, 30 min ×0.9, 60 min ×0.95.
    assert!(near(ratio(5).1, 0.603), "{:?}", ratio(5));
    assert!(near(ratio(30).1, 0.91), "{:?}", ratio(30));
    assert!(near(ratio(60).1, 0.954), "{:?}", ratio(60));
    // No history (one sample): the upper bound is capped at 1e14, the lower bound is the
    // pod minimum.
    let e = recommend(&constant(1_000, 0), 1, None);
    assert_eq!(e.upper.cpu_m, MAX_RESOURCE_AMOUNT);
    assert_eq!(e.lower.cpu_m, 25);
    // Confidence is the smaller of days of history and samples / 1440.
    let mut sparse = Aggregate::new();
    sparse.add_cpu(1_000, 1000, 0);
    sparse.add_cpu(1_000, 1000, DAY);
    assert!((sparse.confidence() - 2.0 / 1440.0).abs() < 1e-12);
}

#[test]
fn pod_minimums_are_split_across_containers() {
    let e = recommend(&constant(1, 60), 1, None);
    assert_eq!((e.target.cpu_m, e.target.memory), (25, 250 << 20));
    let e = recommend(&constant(1, 60), 2, None);
    assert_eq!((e.target.cpu_m, e.target.memory), (12, 125 << 20));
}

#[test]
fn memory_targets_the_peak_histogram() {
    let mut a = constant(100, 60);
    // One peak per 24 h interval: 400 MiB.
    a.memory.add(400.0 * 1048576.0, 1.0, DAY);
    let e = recommend(&a, 1, None);
    let o = BucketOptions::memory();
    let end = o.bucket_start(o.find_bucket(400.0 * 1048576.0) + 1);
    assert_eq!(e.target.memory, ((end as u64) as f64 * 1.15) as u64);
}

#[test]
fn min_and_max_allowed_cap_every_bound_but_not_the_uncapped_target() {
    let p = ContainerResourcePolicy {
        container_name: "*".into(),
        min_allowed: ResourceList {
            cpu: None,
            memory: Some(Mem(300 << 20)),
        },
        max_allowed: ResourceList {
            cpu: Some(Cpu(200)),
            memory: None,
        },
    };
    let e = recommend(&constant(1_000, 120), 1, Some(&p));
    assert_eq!(e.target.cpu_m, 200);
    assert_eq!(e.lower.cpu_m, 200);
    assert_eq!(e.upper.cpu_m, 200);
    assert_eq!(e.target.memory, 300 << 20);
    assert_eq!(e.uncapped.cpu_m, expected_target(1_000));
    assert_eq!(e.uncapped.memory, 250 << 20);
}

// --- the engine --------------------------------------------------------------------------

fn scenario(replicas: u32) -> String {
    format!(
        r#"
name: vpa
seed: 3
nodes:
  - name: node
    count: 3
    cpu: "4"
    memory: 8Gi
deployments:
  - metadata: {{name: web}}
    spec:
      replicas: {replicas}
      selector: {{matchLabels: {{app: web}}}}
      template:
        metadata: {{labels: {{app: web}}}}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              resources:
                requests: {{cpu: 100m, memory: 64Mi}}
                limits: {{cpu: "1"}}
services:
  - metadata: {{name: web}}
    spec:
      selector: {{app: web}}
load:
  - service: web
    pattern: {{type: steady, rps: {rps}}}
    costCpuMs: 10
"#,
        rps = 100 * replicas
    )
}

fn requests(p: &Pod) -> (u64, u64) {
    p.spec.requests()
}

fn count(s: &sim::Sim, f: impl Fn(&EventKind) -> bool) -> usize {
    s.events().iter().filter(|e| f(&e.kind)).count()
}

fn target(s: &sim::Sim) -> (u64, u64) {
    let v = s.vpas().next().unwrap();
    let r = v.recommendation_for("app").unwrap();
    (r.target.cpu.unwrap().0, r.target.memory.unwrap().0)
}

#[test]
fn off_recommends_and_changes_nothing() {
    let mut s = build(&scenario(3));
    s.run("vpa deployment/web --mode Off").unwrap();
    s.advance(5 * MIN);
    check_invariants(&s, "off");
    let v = s.vpas().next().unwrap();
    assert!(v.provided());
    // 100 rps per pod × 10 ms = 1000m each (the limit): far above the 100m request.
    let (cpu, mem) = target(&s);
    assert!(cpu > 100 && mem >= 250 << 20, "{cpu} {mem}");
    for p in active_pods(&s, "web") {
        assert_eq!(requests(p), (100, 64 << 20));
    }
    assert_eq!(
        count(&s, |k| matches!(
            k,
            EventKind::VpaEvicted { .. } | EventKind::VpaRequestsSet { .. }
        )),
        0
    );
    assert!(count(&s, |k| matches!(k, EventKind::VpaRecommendation { .. })) >= 1);
    // A new pod is left alone too.
    let victim = active_pods(&s, "web")[0].metadata.name.clone();
    s.run(&format!("delete pod {victim}")).unwrap();
    s.advance(10_000);
    for p in active_pods(&s, "web") {
        assert_eq!(requests(p), (100, 64 << 20));
    }
}

#[test]
fn initial_sets_requests_of_new_pods_only() {
    let mut s = build(&scenario(3));
    s.run("vpa deployment/web --mode Initial").unwrap();
    s.advance(5 * MIN);
    let t = target(&s);
    for p in active_pods(&s, "web") {
        assert_eq!(requests(p), (100, 64 << 20), "no eviction in Initial");
    }
    let victim = active_pods(&s, "web")[0].metadata.name.clone();
    s.run(&format!("delete pod {victim}")).unwrap();
    s.advance(1_000);
    let fresh: Vec<_> = active_pods(&s, "web")
        .into_iter()
        .filter(|p| requests(p) != (100, 64 << 20))
        .collect();
    assert_eq!(fresh.len(), 1);
    assert_eq!(requests(fresh[0]), t);
    // The limit keeps its 10:1 ratio to the request.
    let c = &fresh[0].spec.containers[0].resources;
    assert_eq!(c.limits.cpu.unwrap().0, t.0 * 10);
    assert_eq!(count(&s, |k| matches!(k, EventKind::VpaEvicted { .. })), 0);
    assert_eq!(
        count(&s, |k| matches!(k, EventKind::VpaRequestsSet { .. })),
        1
    );
    check_invariants(&s, "initial");
}

#[test]
fn recreate_evicts_one_pod_per_loop_and_replacements_carry_the_target() {
    let mut s = build(&scenario(4));
    s.run("vpa deployment/web --mode Recreate").unwrap();
    let mut min_live = usize::MAX;
    for _ in 0..(8 * 60) {
        s.advance(1_000);
        min_live = min_live.min(active_pods(&s, "web").len());
        check_invariants(&s, "recreate");
    }
    // The Deployment replaces each evicted pod at once: never fewer than 3 live of 4.
    assert!(min_live >= 3, "{min_live}");
    // At most one eviction per updater loop.
    let times: Vec<u64> = s
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::VpaEvicted { .. }))
        .map(|e| e.time_ms)
        .collect();
    assert!(times.len() >= 4, "{times:?}");
    for w in times.windows(2) {
        assert!(w[1] - w[0] >= 60_000, "{times:?}");
    }
    // Every pod now carries requests inside the recommended range.
    let v = s.vpas().next().unwrap().clone();
    for p in active_pods(&s, "web") {
        let pr = priority(&v, p);
        assert!(!pr.outside_range, "{} {:?}", p.metadata.name, requests(p));
        assert_ne!(requests(p), (100, 64 << 20));
    }
    let (aggs, pods) = s.vpa_state().sizes();
    assert_eq!(aggs, 1);
    assert!(pods <= 8, "per-pod state is dropped with the pod: {pods}");
}

#[test]
fn updater_respects_min_replicas() {
    let mut s = build(&scenario(1));
    s.run("vpa deployment/web --mode Auto").unwrap();
    s.advance(5 * MIN);
    assert!(s.vpas().next().unwrap().provided());
    assert_eq!(count(&s, |k| matches!(k, EventKind::VpaEvicted { .. })), 0);
    // With minReplicas 1 in the VPA's update policy the single pod is evicted.
    s.run("delete vpa web").unwrap();
    s.run("vpa deployment/web --mode Recreate --min-replicas 1")
        .unwrap();
    s.advance(3 * MIN);
    assert!(count(&s, |k| matches!(k, EventKind::VpaEvicted { .. })) >= 1);
}

#[test]
fn kubectl_get_and_describe_vpa() {
    let mut s = build(&scenario(3));
    assert_eq!(
        s.exec("vpa deployment/web --mode Off --max-cpu 500m")
            .unwrap(),
        "verticalpodautoscaler.autoscaling.k8s.io/web created\n"
    );
    let before = s.exec("get vpa").unwrap();
    assert!(before.starts_with("NAME"), "{before}");
    assert!(
        before.contains("Off") && before.contains("False"),
        "{before}"
    );
    s.advance(2 * MIN);
    let out = s.exec("kubectl get vpa web").unwrap();
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "MODE", "CPU", "MEM", "PROVIDED", "AGE"]);
    assert!(out.contains("500m") && out.contains("True"), "{out}");
    let d = s.exec("describe vpa web").unwrap();
    for k in [
        "Update Mode:   Off",
        "Max Allowed:",
        "Lower Bound:",
        "Target:",
        "Uncapped Target:",
        "Upper Bound:",
        "RecommendationProvided",
    ] {
        assert!(d.contains(k), "{k} missing:\n{d}");
    }
    // The uncapped target is above the cap.
    assert!(d.contains("Cpu:     500m"), "{d}");
    assert!(
        s.exec("get vpa nope").is_err() && s.exec("describe vpa nope").is_err(),
        "not found"
    );
    assert_eq!(
        s.exec("delete vpa web").unwrap(),
        "verticalpodautoscaler.autoscaling.k8s.io \"web\" deleted\n"
    );
    assert_eq!(
        s.exec("get vpa").unwrap(),
        "No resources found in default namespace.\n"
    );
    s.advance(2 * MIN);
    assert_eq!(
        s.vpa_state().sizes(),
        (0, 0),
        "state of a deleted VPA is dropped"
    );
}

#[test]
fn invalid_vpa_commands_change_nothing() {
    let mut s = build(&scenario(2));
    let rev = s.store().revision();
    let e = s.run("vpa deployment/web --mode Recreat").unwrap_err();
    assert!(e.message().contains("Recreate"), "{}", e.message());
    assert!(s.run("vpa deployment/nope").is_err());
    assert!(s.run("vpa deployment/web --min-cpu 2 --max-cpu 1").is_err());
    assert!(s.run("vpa deployment/web --min-memory lots").is_err());
    assert!(s.run("delete vpa web").is_err());
    assert_eq!(s.store().revision(), rev);
    s.run("vpa deployment/web").unwrap();
    assert_eq!(s.vpas().next().unwrap().mode(), UpdateMode::Auto);
    assert!(s.run("vpa deployment/web --mode Off").is_err(), "exists");
}

#[test]
fn display_round_trips() {
    for line in [
        "vpa deployment/web --mode Recreate --min-cpu 50m --max-cpu 2 --min-memory 64Mi --max-memory 1Gi --min-replicas 1",
        "vpa deployment/web",
        "delete vpa web",
    ] {
        let c = sim::parse_command(line).unwrap();
        assert_eq!(c.to_string(), line);
        assert_eq!(sim::parse_command(&c.to_string()).unwrap(), c);
    }
    assert_eq!(
        sim::parse_command("kubectl delete vpa/web").unwrap(),
        sim::parse_command("delete verticalpodautoscaler web").unwrap()
    );
}

/// A day under a day-curve load with Recreate: the recommender's state stays bounded by the
/// containers and live pods, the confidence grows to about a day, and after 12 hours the
/// updater may also replace long-lived pods whose requests differ by 10% or more.
#[test]
fn a_day_of_recreate_stays_bounded() {
    let yaml = scenario(3).replace(
        "pattern: {type: steady, rps: 300}",
        "pattern: {type: day, min: 60, max: 300, periodS: 86400}",
    );
    let mut s = build(&yaml);
    s.run("vpa deployment/web --mode Recreate --max-cpu 2")
        .unwrap();
    let mut max_pod_states = 0;
    for hour in 1..=24u64 {
        for _ in 0..6 {
            s.advance(10 * MIN);
            let (aggs, pods) = s.vpa_state().sizes();
            assert!(aggs <= 1);
            max_pod_states = max_pod_states.max(pods);
        }
        if hour % 4 == 0 {
            let victim = active_pods(&s, "web")[0].metadata.name.clone();
            s.run(&format!("delete pod {victim}")).unwrap();
        }
        check_invariants(&s, &format!("hour {hour}"));
    }
    assert!(max_pod_states <= 6, "{max_pod_states}");
    let view = &s.vpa_views()[0];
    let h = &view.history[0];
    assert!(h.confidence > 0.9 && h.confidence <= 1.0, "{h:?}");
    assert!(h.samples >= 3 * 24 * 60 - 10, "{h:?}");
    let v = s.vpas().next().unwrap();
    let r = v.recommendation_for("app").unwrap();
    assert!(r.upper_bound.cpu.unwrap().0 <= 2000);
    assert!(count(&s, |k| matches!(k, EventKind::VpaEvicted { .. })) >= 3);
}
