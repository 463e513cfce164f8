//! Control plane: leader election failover, etcd quorum loss and recovery, the fault commands
//! and the read API (controlplane.rs). Timelines are also pinned by the golden traces of
//! `scenarios/control-plane-failover.yaml` and `scenarios/etcd-quorum.yaml`.

mod common;
use common::*;
use serde_json::Value;
use sim::objects::*;
use sim::{EventKind, Sim};

fn bare_pod(name: &str) -> Pod {
    Pod {
        metadata: ObjectMeta::named(name, "default"),
        spec: PodSpec {
            containers: vec![Container {
                name: "app".into(),
                image: "nginx:1.27".into(),
                resources: Resources {
                    requests: ResourceList {
                        cpu: Some(Cpu(100)),
                        memory: Some(Mem(64 << 20)),
                    },
                    limits: ResourceList::default(),
                },
                readiness_probe: None,
            }],
            ..Default::default()
        },
        status: PodStatus::default(),
    }
}

fn leader(s: &Sim, lease: &str) -> Option<String> {
    s.leaders()
        .into_iter()
        .find(|l| l.lease == format!("kube-system/{lease}"))
        .and_then(|l| l.leader)
}

fn running_pods(s: &Sim) -> usize {
    s.store()
        .list::<Pod>()
        .filter(|p| p.is_active() && p.status.is_ready())
        .count()
}

#[test]
fn starts_with_cp1_leading_everything_and_a_quorum() {
    let s = web("real");
    let cp = s.control_plane();
    assert_eq!(cp.len(), 3);
    assert_eq!(cp[0].leads.len(), 3);
    assert!(cp[0].etcd_leader && cp.iter().all(|m| m.up && m.etcd_up));
    let q = s.etcd_quorum();
    assert_eq!((q.members_up, q.members, q.needed), (3, 3, 2));
    assert!(q.writable && q.has_quorum);
    assert!(s.api_unavailable_reason().is_none());
    // The leases are store objects under /registry/leases/kube-system/.
    let l = s
        .store()
        .get::<Lease>("kube-system", "kube-scheduler")
        .expect("lease");
    assert_eq!(l.spec.holder_identity, "cp-1");
    assert_eq!(l.spec.lease_duration_seconds, 15);
    assert_eq!(
        ObjectRef::new(Kind::Lease, "kube-system", "kube-scheduler").key(),
        "/registry/leases/kube-system/kube-scheduler"
    );
}

#[test]
fn leader_renews_every_retry_period() {
    let mut s = web("real");
    let rev = s.store().revision();
    s.advance(10_000);
    let l = &s.leaders()[0];
    assert_eq!(l.renew_ms, 10_000);
    assert_eq!(l.expires_ms, 25_000);
    assert!(s.store().revision() > rev);
}

/// Killing the leader's node: scheduling stops until a candidate takes the lease, which
/// happens at the first retry round at or after last renewal (as observed) + leaseDuration.
#[test]
fn failover_after_lease_expiry_with_scheduling_paused_in_between() {
    let mut s = web("real");
    s.advance_to(21_000); // last renewal at 20 s
    s.run("control-plane power-off cp-1").unwrap();
    assert_eq!(leader(&s, "kube-scheduler"), None);
    // cp-1 also held the etcd leadership: one election timeout without writes.
    s.advance_to(22_000);
    let key = s.create_pod(bare_pod("lonely")).unwrap();
    s.advance_to(35_999);
    assert_eq!(
        s.store().get_by_key::<Pod>(&key).unwrap().node(),
        None,
        "no scheduling without a scheduler leader"
    );
    assert_eq!(leader(&s, "kube-scheduler"), None);
    s.advance_to(36_000);
    assert_eq!(leader(&s, "kube-scheduler").as_deref(), Some("cp-2"));
    assert_eq!(
        leader(&s, "kube-controller-manager").as_deref(),
        Some("cp-2")
    );
    assert!(s.store().get_by_key::<Pod>(&key).unwrap().node().is_some());
    let acquired: Vec<_> = s
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::LeaderAcquired {
                holder,
                previous,
                since_renew_ms,
                lease_duration_ms,
            } => Some((
                e.time_ms,
                holder.clone(),
                previous.clone(),
                *since_renew_ms,
                *lease_duration_ms,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(acquired.len(), 3);
    assert_eq!(
        acquired[0],
        (36_000, "cp-2".into(), "cp-1".into(), 16_000, 15_000)
    );
    assert!(events_text(&s).iter().any(|t| t.contains(
        "kube-scheduler@cp-2: acquired lease kube-scheduler after 16s without renewal by cp-1"
    )));
    // Running pods were never touched.
    assert_eq!(ready_count(&s, "web"), 6);
    // The restored node's components rejoin as candidates; the leader stays.
    s.run("restore control-plane cp-1").unwrap();
    s.advance(60_000);
    assert_eq!(leader(&s, "kube-scheduler").as_deref(), Some("cp-2"));
    assert!(s.etcd_quorum().writable);
}

#[test]
fn quorum_loss_refuses_writes_keeps_pods_running_and_recovers() {
    let mut s = web("real");
    s.advance_to(20_000);
    let ready = running_pods(&s);
    assert_eq!(ready, 6);
    s.run("etcd stop cp-2").unwrap();
    assert!(s.etcd_quorum().writable, "2 of 3 is a quorum");
    s.run("etcd stop cp-3").unwrap();
    let q = s.etcd_quorum();
    assert!(!q.has_quorum && !q.writable && q.leader.is_none());
    let rev = s.store().revision();
    // Commands that write are refused, naming the lost quorum, and change nothing.
    let ev = s.next_event_id();
    let err = s.run("scale deployment web --replicas 9").unwrap_err();
    assert!(err.message().contains("lost quorum"), "{}", err.message());
    assert!(err.message().contains("1 of 3 members up, 2 needed"));
    assert_eq!(s.next_event_id(), ev);
    assert!(s.create_pod(bare_pod("x")).is_err());
    assert!(s.api_unavailable_reason().unwrap().contains("lost quorum"));
    // A worker dies during the outage: nobody can record it.
    s.run("node power-off node-3").unwrap();
    s.advance(120_000);
    assert_eq!(s.store().revision(), rev, "no write without quorum");
    // Leaders stepped down after renewDeadline.
    assert_eq!(leader(&s, "kube-scheduler"), None);
    let lost = s
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::LeaderLost { .. }))
        .unwrap();
    assert_eq!(lost.time_ms, 30_000); // last renewal 20 s + renewDeadline 10 s
    // Pods on live nodes keep running: nothing was deleted or marked.
    assert_eq!(s.store().count::<Pod>(), 6);
    // Restore: quorum, an etcd leader after the election timeout, new leaders, writes.
    let t = s.now_ms();
    s.run("etcd start cp-3").unwrap();
    assert!(!s.etcd_quorum().writable, "electing");
    s.advance(1_000);
    assert!(s.etcd_quorum().writable);
    assert_eq!(s.etcd_quorum().leader.as_deref(), Some("cp-1"));
    s.advance(2_000);
    assert!(leader(&s, "kube-scheduler").is_some());
    assert!(s.now_ms() - t <= 3_000);
    s.run("scale deployment web --replicas 8").unwrap();
    s.run("node power-on node-3").unwrap();
    s.advance(120_000);
    assert_eq!(ready_count(&s, "web"), 8);
    check_invariants(&s, "after recovery");
}

#[test]
fn killing_the_etcd_leader_costs_one_election_timeout() {
    let mut s = web("real");
    s.advance(5_000);
    s.run("etcd stop cp-1").unwrap();
    assert!(!s.etcd_quorum().writable);
    assert!(
        s.api_unavailable_reason()
            .unwrap()
            .contains("electing a leader")
    );
    s.advance(999);
    assert!(!s.etcd_quorum().writable);
    s.advance(1);
    let q = s.etcd_quorum();
    assert_eq!(q.leader.as_deref(), Some("cp-2"));
    assert!(q.writable);
    // cp-1's components cannot reach storage through their local apiserver: they lose
    // leadership after renewDeadline and cp-2 takes over once the lease expires.
    s.advance(30_000);
    assert_eq!(leader(&s, "kube-scheduler").as_deref(), Some("cp-2"));
}

#[test]
fn single_control_plane_node() {
    let mut s = build(&format!("controlPlane: 1\n{WEB}"));
    assert_eq!(s.control_plane().len(), 1);
    assert_eq!(s.etcd_quorum().needed, 1);
    s.advance(10_000);
    s.run("control-plane power-off cp-1").unwrap();
    assert!(!s.etcd_quorum().has_quorum);
    s.advance(60_000);
    assert!(s.run("scale deployment web --replicas 3").is_err());
    s.run("control-plane power-on cp-1").unwrap();
    s.advance(20_000);
    // The restarted components saw nothing, so they wait a full leaseDuration.
    assert!(leader(&s, "kube-scheduler").is_some());
    s.run("scale deployment web --replicas 3").unwrap();
    s.advance(60_000);
    assert_eq!(active_pods(&s, "web").len(), 3);
}

#[test]
fn fault_commands_validate_and_print_back() {
    let mut s = web("real");
    let ev = s.next_event_id();
    let e = s.run("control-plane power-off cp-9").unwrap_err();
    assert_eq!(e.message(), "control-plane node \"cp-9\" not found");
    let e = s.run("etcd start cp-1").unwrap_err();
    assert_eq!(e.message(), "etcd member cp-1 is already up");
    assert_eq!(s.next_event_id(), ev);
    s.run("fail control-plane cp-2").unwrap();
    let e = s.run("restore etcd cp-2").unwrap_err();
    assert!(e.message().contains("restore the control-plane node first"));
    for line in [
        "control-plane power-off cp-1",
        "control-plane power-on cp-1",
        "etcd stop cp-1",
        "etcd start cp-1",
    ] {
        assert_eq!(sim::parse_command(line).unwrap().to_string(), line);
    }
    assert_eq!(
        sim::parse_command("fail etcd cp-2").unwrap(),
        sim::parse_command("etcd stop cp-2").unwrap()
    );
    let e = sim::parse_command("etcd stpo cp-1").unwrap_err();
    assert!(
        e.message().contains("did you mean \"stop\""),
        "{}",
        e.message()
    );
}

fn trace(name: &str) -> Vec<Value> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.yaml"));
    sim::run_scenario_trace(&std::fs::read_to_string(path).unwrap(), None)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The facts `scenarios/control-plane-failover.yaml` states.
#[test]
fn scenario_control_plane_failover() {
    let t = trace("control-plane-failover");
    let ev = |kind: &str| -> Vec<&Value> {
        t.iter()
            .filter(|l| l["type"] == "event" && l["kind"] == kind)
            .collect()
    };
    let acq = ev("LeaderAcquired");
    assert_eq!(acq.len(), 3);
    assert!(
        acq.iter()
            .all(|e| e["t_ms"] == 36_000 && e["since_renew_ms"] == 16_000 && e["holder"] == "cp-2")
    );
    let created = ev("SuccessfulCreate");
    let after: Vec<_> = created.iter().filter(|e| e["t_ms"] == 36_000).collect();
    assert_eq!(after.len(), 2, "the scale-up waits for the new leader");
    assert!(
        ev("Scheduled")
            .iter()
            .all(|e| e["t_ms"].as_u64().unwrap() < 21_000 || e["t_ms"] == 36_000)
    );
}

/// The facts `scenarios/etcd-quorum.yaml` states.
#[test]
fn scenario_etcd_quorum() {
    let t = trace("etcd-quorum");
    let actions: Vec<&Value> = t.iter().filter(|l| l["type"] == "action").collect();
    assert_eq!(actions[2]["ok"], false);
    assert!(
        actions[2]["error"]
            .as_str()
            .unwrap()
            .contains("etcd has lost quorum")
    );
    assert_eq!(actions[4]["ok"], true);
    let kinds_between = |a: u64, b: u64| -> Vec<String> {
        t.iter()
            .filter(|l| l["type"] == "event")
            .filter(|l| (a..b).contains(&l["t_ms"].as_u64().unwrap()))
            .map(|l| l["kind"].as_str().unwrap().to_string())
            .collect()
    };
    // During the outage only the control plane's own transitions happen.
    for k in kinds_between(25_001, 60_000) {
        assert_eq!(k, "LeaderLost");
    }
    let elected = t.iter().find(|l| l["kind"] == "EtcdLeaderElected").unwrap();
    assert_eq!(elected["t_ms"], 61_000);
    let acq = t.iter().find(|l| l["kind"] == "LeaderAcquired").unwrap();
    assert_eq!(acq["t_ms"], 62_000);
}
