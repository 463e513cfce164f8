//! Cluster builders shared by the benchmarks.
#![allow(dead_code)]

use sim::objects::*;
use sim::{Sim, SimConfig};

pub fn node(name: &str, cpu_m: u64, mem: u64) -> Node {
    let res = NodeResources {
        cpu: Cpu(cpu_m),
        memory: Mem(mem),
        pods: 110,
    };
    Node::with_resources(name, res)
}

pub fn container(cpu_m: u64, mem: u64) -> Container {
    Container {
        name: "app".into(),
        image: "nginx:1.27".into(),
        resources: Resources {
            requests: ResourceList {
                cpu: Some(Cpu(cpu_m)),
                memory: Some(Mem(mem)),
            },
            limits: ResourceList::default(),
        },
        readiness_probe: None,
    }
}

pub fn pod(name: &str, cpu_m: u64, mem: u64) -> Pod {
    Pod {
        metadata: ObjectMeta::named(name, "default"),
        spec: PodSpec {
            containers: vec![container(cpu_m, mem)],
            ..Default::default()
        },
        status: PodStatus::default(),
    }
}

/// Engine settings for big clusters: few kept rows per decision, no lease events.
pub fn big_config(seed: u64) -> SimConfig {
    let mut c = SimConfig {
        seed,
        lease_events: false,
        event_capacity: 20_000,
        ..SimConfig::default()
    };
    c.scheduler.decision_rows = 3;
    c
}

/// `nodes` nodes and `pods` unscheduled pods (100m / 128Mi each), queued.
pub fn scheduling_cluster(nodes: usize, pods: usize) -> Sim {
    let mut s = Sim::new(big_config(1));
    for i in 0..nodes {
        s.add_node(node(&format!("node-{i:05}"), 4_000, 16 << 30))
            .unwrap();
    }
    for i in 0..pods {
        s.create_pod(pod(&format!("p-{i:06}"), 100, 128 << 20))
            .unwrap();
    }
    s
}

/// `nodes` nodes with `deployments` Deployments × `replicas`, each behind a Service with
/// steady load and an HPA; run until everything is Ready.
pub fn loaded_cluster(nodes: usize, deployments: usize, replicas: u32) -> Sim {
    let mut s = Sim::new(big_config(2));
    for i in 0..nodes {
        s.add_node(node(&format!("node-{i:04}"), 16_000, 64 << 30))
            .unwrap();
    }
    for d in 0..deployments {
        let name = format!("app-{d}");
        let mut labels = Labels::new();
        labels.insert("app".into(), name.clone());
        s.create_service(Service {
            metadata: ObjectMeta::named(&name, "default"),
            spec: ServiceSpec {
                selector: labels.clone(),
                ports: vec![],
            },
        })
        .unwrap();
        s.create_deployment(Deployment {
            metadata: ObjectMeta::named(&name, "default"),
            spec: DeploymentSpec {
                replicas,
                selector: LabelSelector {
                    match_labels: labels.clone(),
                },
                template: PodTemplate {
                    metadata: TemplateMeta {
                        labels: labels.clone(),
                        annotations: Labels::new(),
                    },
                    spec: PodSpec {
                        containers: vec![container(200, 256 << 20)],
                        ..Default::default()
                    },
                },
                strategy: Strategy::default(),
                min_ready_seconds: 0,
                revision_history_limit: 10,
            },
            status: DeploymentStatus::default(),
        })
        .unwrap();
        s.create_hpa(HorizontalPodAutoscaler {
            metadata: ObjectMeta::named(&name, "default"),
            spec: HpaSpec {
                scale_target_ref: ScaleTargetRef {
                    api_version: None,
                    kind: "Deployment".into(),
                    name: name.clone(),
                },
                min_replicas: Some(1),
                max_replicas: replicas,
                // The load below gives 100m of a 200m request: exactly this target.
                metrics: vec![MetricSpec {
                    type_: MetricSourceType::Resource,
                    resource: ResourceMetricSource {
                        name: ResourceName::Cpu,
                        target: MetricTarget {
                            type_: MetricTargetType::Utilization,
                            average_utilization: 50,
                        },
                    },
                }],
                behavior: None,
            },
            status: HpaStatus::default(),
        })
        .unwrap();
        // 50% of the 200m request per pod at 10 ms per request: 10 rps per pod.
        s.put_load(sim::load::LoadSpec {
            service: name,
            pattern: sim::load::Pattern::Steady {
                rps: replicas as f64 * 10.0,
            },
            cost_cpu_ms: 10.0,
            base_latency_ms: 20.0,
        })
        .unwrap();
    }
    s.advance(60_000);
    s
}
