//! One test per controller, each on a small cluster made through the API (no scenario file):
//! two or three nodes, one Deployment, and the command that gives the controller its work.

use crate::api::objects::*;
use crate::engine::{Sim, SimConfig};

fn labels(app: &str) -> Labels {
    let mut l = Labels::new();
    l.insert("app".into(), app.into());
    l
}

fn template(app: &str, cpu_m: u64) -> PodTemplate {
    PodTemplate {
        metadata: TemplateMeta {
            labels: labels(app),
            annotations: Labels::new(),
        },
        spec: PodSpec {
            containers: vec![Container {
                name: "app".into(),
                image: "nginx:1.27".into(),
                resources: Resources {
                    requests: ResourceList {
                        cpu: Some(Cpu(cpu_m)),
                        memory: Some(Mem(128 << 20)),
                    },
                    limits: ResourceList::default(),
                },
                readiness_probe: None,
            }],
            ..Default::default()
        },
    }
}

/// `nodes` nodes of 2 CPUs and 4 GiB, and a Deployment `web` of `replicas` pods (100m each)
/// behind a Service `web`; nothing has run yet.
fn small(nodes: usize, replicas: u32) -> Sim {
    let mut s = Sim::new(SimConfig {
        seed: 7,
        ..SimConfig::default()
    });
    for i in 1..=nodes {
        let res = NodeResources {
            cpu: Cpu(2_000),
            memory: Mem(4 << 30),
            pods: 110,
        };
        s.add_node(Node::with_resources(&format!("node-{i}"), res))
            .unwrap();
    }
    s.create_service(Service {
        metadata: ObjectMeta::named("web", "default"),
        spec: ServiceSpec {
            selector: labels("web"),
            ports: vec![],
        },
    })
    .unwrap();
    s.create_deployment(Deployment {
        metadata: ObjectMeta::named("web", "default"),
        spec: DeploymentSpec {
            replicas,
            selector: LabelSelector {
                match_labels: labels("web"),
            },
            template: template("web", 100),
            strategy: Strategy::default(),
            min_ready_seconds: 0,
            revision_history_limit: 10,
        },
        status: DeploymentStatus::default(),
    })
    .unwrap();
    s
}

fn pods(s: &Sim) -> Vec<&Pod> {
    s.store().list::<Pod>().collect()
}

fn live_pods(s: &Sim) -> usize {
    pods(s).iter().filter(|p| !p.is_terminating()).count()
}

#[test]
fn replicaset_controller_replaces_a_deleted_pod() {
    let mut s = small(2, 3);
    s.settle_now();
    assert_eq!(live_pods(&s), 3);
    let gone = pods(&s)[0].metadata.name.clone();
    s.api.remove_pod(&format!("default/{gone}"));
    s.settle_now();
    assert_eq!(live_pods(&s), 3, "the ReplicaSet is back at its replicas");
    assert!(pods(&s).iter().all(|p| p.metadata.name != gone));
}

#[test]
fn deployment_controller_makes_one_replicaset_per_template_with_its_revision() {
    let mut s = small(2, 2);
    s.settle_now();
    let rss: Vec<&ReplicaSet> = s.store().list::<ReplicaSet>().collect();
    assert_eq!(rss.len(), 1);
    assert_eq!(rss[0].spec.replicas, 2);
    assert!(rss[0].metadata.labels.contains_key("pod-template-hash"));
    assert_eq!(revision_of(rss[0]), Some(1));
    s.run("set image deployment/web app=nginx:1.28").unwrap();
    let mut revs: Vec<u64> = s
        .store()
        .list::<ReplicaSet>()
        .filter_map(revision_of)
        .collect();
    revs.sort();
    assert_eq!(
        revs,
        [1, 2],
        "a new template is a new ReplicaSet and revision"
    );
}

#[test]
fn endpoints_controller_lists_ready_pods_only() {
    let mut s = small(2, 2);
    s.settle_now();
    let ep = |s: &Sim| {
        let e = s.store().get::<Endpoints>("default", "web").unwrap();
        (e.addresses.len(), e.not_ready_addresses.len())
    };
    assert_eq!(
        ep(&s).0,
        0,
        "no pod is ready before the kubelets start them"
    );
    s.advance(30_000);
    let ready = pods(&s).iter().filter(|p| p.status.is_ready()).count();
    assert_eq!(ready, 2);
    assert_eq!(ep(&s), (2, 0));
}

#[test]
fn node_lifecycle_marks_a_silent_node_unknown_and_taints_it() {
    let mut s = small(2, 0);
    s.advance(10_000);
    s.run("node disconnect node-1").unwrap();
    // node-monitor-grace-period (40 s) plus one monitor period (5 s).
    s.advance(46_000);
    let n = s.store().node("node-1").unwrap();
    assert_eq!(n.ready().map(|c| c.status), Some(ConditionStatus::Unknown));
    assert!(
        n.spec
            .taints
            .iter()
            .any(|t| t.key == TAINT_UNREACHABLE && t.effect == TaintEffect::NoExecute)
    );
    let other = s.store().node("node-2").unwrap();
    assert_eq!(other.ready().map(|c| c.status), Some(ConditionStatus::True));
}

#[test]
fn taint_eviction_deletes_pods_when_their_toleration_runs_out() {
    // Two nodes: with every node of a zone down, upstream stops NoExecute tainting (full
    // disruption), so one stays healthy.
    let mut s = small(2, 4);
    s.advance(10_000);
    s.run("node disconnect node-1").unwrap();
    let on_1 = |s: &Sim| -> Vec<bool> {
        pods(s)
            .iter()
            .filter(|p| p.node() == Some("node-1"))
            .map(|p| p.is_terminating())
            .collect()
    };
    assert_eq!(on_1(&s), [false, false]);
    // Tainted NoExecute at about 55 s; DefaultTolerationSeconds gives the pods 300 s more.
    s.advance(45_000 + 290_000);
    assert_eq!(on_1(&s), [false, false], "still tolerated");
    s.advance(20_000);
    assert_eq!(
        on_1(&s),
        [true, true],
        "evicted once the toleration ran out"
    );
}

#[test]
fn garbage_collector_deletes_a_deleted_deployments_dependents() {
    let mut s = small(2, 2);
    s.advance(10_000);
    s.run("delete deployment web").unwrap();
    assert_eq!(s.store().count::<ReplicaSet>(), 0);
    assert!(pods(&s).iter().all(|p| p.is_terminating()));
    s.advance(60_000);
    assert_eq!(s.store().count::<Pod>(), 0);
}

#[test]
fn hpa_controller_scales_out_under_load() {
    let mut s = small(3, 1);
    s.advance(10_000);
    s.run("autoscale deployment web --max 5 --cpu-percent 50")
        .unwrap();
    // 100 rps at 5 ms of CPU each: 500m on one pod of 100m requested.
    s.run("load web steady 100 --cost 5").unwrap();
    s.advance(90_000);
    let d = s.store().get::<Deployment>("default", "web").unwrap();
    assert_eq!(d.spec.replicas, 5, "capped at --max");
    assert!(s.last_hpa_computation("default", "web").is_some());
}

#[test]
fn scheduler_spreads_pods_over_the_least_allocated_nodes() {
    let mut s = small(2, 4);
    s.settle_now();
    let on = |n: &str| pods(&s).iter().filter(|p| p.node() == Some(n)).count();
    assert_eq!((on("node-1"), on("node-2")), (2, 2));
}

#[test]
fn kubelet_runs_a_bound_pod_to_ready() {
    let mut s = small(1, 1);
    s.settle_now();
    assert!(pods(&s)[0].node().is_some());
    assert!(!pods(&s)[0].status.is_ready());
    s.advance(30_000);
    assert_eq!(pods(&s)[0].status.phase, PodPhase::Running);
    assert!(pods(&s)[0].status.is_ready());
}

#[cfg(feature = "cluster-autoscaler")]
#[test]
fn cluster_autoscaler_adds_a_node_for_pending_pods() {
    // One node of 2 CPUs and pods of 100m: 30 replicas do not fit beside the system reserve.
    let mut s = small(1, 30);
    s.run("autoscaler nodes --min 1 --max 3").unwrap();
    s.advance(10_000);
    assert!(
        pods(&s).iter().any(|p| p.node().is_none()),
        "some pods pending"
    );
    s.advance(5 * 60_000);
    assert!(s.store().count::<Node>() > 1, "a node was added");
    assert!(
        pods(&s).iter().all(|p| p.node().is_some()),
        "all pods placed"
    );
}

#[cfg(feature = "vpa")]
#[test]
fn vpa_recommender_writes_a_recommendation() {
    let mut s = small(2, 2);
    s.advance(10_000);
    s.run("vpa deployment/web --mode Off").unwrap();
    s.run("load web steady 20 --cost 5").unwrap();
    s.advance(3 * 60_000);
    let v = s.vpas().next().unwrap();
    let r = v.status.recommendation.as_ref().expect("a recommendation");
    assert_eq!(r.container_recommendations.len(), 1);
    assert_eq!(r.container_recommendations[0].container_name, "app");
}
