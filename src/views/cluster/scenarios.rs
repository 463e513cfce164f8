//! The built-in scenarios, built through the engine's API (the app has no YAML parser: it
//! would cost hundreds of kilobytes of wasm) plus timed command lines.
//!
//! Resource figures (node sizes, requests, the cost of a request) are the scenario's own
//! choices, not claims about the world: the view marks them as the simulation's values.

use sim::load::Pattern;
use sim::objects::*;
use sim::{Command, Profile, Sim, SimConfig};
use std::collections::BTreeMap;

/// The scenarios, in menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScenarioId {
    Basic,
    NodeFailure,
    LoadSpike,
    RollingUpdate,
    Scale100,
}

impl ScenarioId {
    pub const ALL: [ScenarioId; 5] = [
        ScenarioId::Basic,
        ScenarioId::NodeFailure,
        ScenarioId::LoadSpike,
        ScenarioId::RollingUpdate,
        ScenarioId::Scale100,
    ];

    /// The `scenario=` value in the address.
    pub fn slug(self) -> &'static str {
        match self {
            ScenarioId::Basic => "basic",
            ScenarioId::NodeFailure => "node-failure",
            ScenarioId::LoadSpike => "load-spike",
            ScenarioId::RollingUpdate => "rolling-update",
            ScenarioId::Scale100 => "scale-100",
        }
    }

    pub fn from_slug(s: &str) -> Option<ScenarioId> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|id| id.slug().eq_ignore_ascii_case(s))
    }

    /// The profile a scenario starts in when the address does not choose one: the stories
    /// that wait on long upstream timers (grace periods, stabilization) default to classroom
    /// so they resolve within a minute or two; the real values stay on screen.
    pub fn default_profile(self) -> Profile {
        match self {
            ScenarioId::NodeFailure | ScenarioId::LoadSpike => Profile::Classroom,
            _ => Profile::Real,
        }
    }

    /// Whether the scenario comes with an HorizontalPodAutoscaler.
    pub fn default_hpa(self) -> Option<u32> {
        match self {
            ScenarioId::Basic | ScenarioId::LoadSpike => Some(HPA_TARGET),
            _ => None,
        }
    }
}

/// The Deployment, Service and HPA every scenario but scale-100 uses.
pub const APP: &str = "web";
pub const CONTAINER: &str = "app";
pub const IMAGE: &str = "nginx:1.27";
pub const NEW_IMAGE: &str = "nginx:1.28";
pub const HPA_TARGET: u32 = 60;
pub const HPA_MIN: u32 = 2;
pub const HPA_MAX: u32 = 12;
/// The scenario's load, in requests per second, and the CPU each request costs (ms).
pub const BASE_RPS: f64 = 30.0;
pub const COST_MS: f64 = 10.0;
/// Largest load the slider offers.
pub const MAX_RPS: f64 = 400.0;

/// What a run starts from: the scenario, the seed, the timing profile and the HPA.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setup {
    pub scenario: ScenarioId,
    pub seed: u64,
    pub profile: Profile,
    /// The HPA's CPU target (None: no HPA).
    pub hpa: Option<u32>,
}

impl Setup {
    pub fn new(scenario: ScenarioId) -> Setup {
        Setup {
            scenario,
            seed: 1,
            profile: scenario.default_profile(),
            hpa: scenario.default_hpa(),
        }
    }
}

/// A command to run at a simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct Timed {
    pub at_ms: u64,
    pub cmd: Command,
}

fn timed(at_s: u64, cmd: Command) -> Timed {
    Timed {
        at_ms: at_s * 1000,
        cmd,
    }
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn node(name: &str, cpu_m: u64, mem_gi: u64, pods: u32) -> Node {
    let mut n = Node::with_resources(
        name,
        NodeResources {
            cpu: Cpu(cpu_m),
            memory: Mem(mem_gi << 30),
            pods,
        },
    );
    n.metadata.labels = labels(&[("kubernetes.io/hostname", name)]);
    n
}

/// A Deployment of one container; `limit_m` caps what a pod can burn (its capacity).
pub fn deployment(name: &str, replicas: u32, req_m: u64, limit_m: u64, mem_mi: u64) -> Deployment {
    let l = labels(&[("app", name)]);
    Deployment {
        metadata: ObjectMeta::named(name, DEFAULT_NAMESPACE),
        spec: DeploymentSpec {
            replicas,
            selector: LabelSelector {
                match_labels: l.clone(),
            },
            template: PodTemplate {
                metadata: TemplateMeta {
                    labels: l,
                    annotations: BTreeMap::new(),
                },
                spec: PodSpec {
                    containers: vec![Container {
                        name: CONTAINER.into(),
                        image: IMAGE.into(),
                        resources: Resources {
                            requests: ResourceList {
                                cpu: Some(Cpu(req_m)),
                                memory: Some(Mem(mem_mi << 20)),
                            },
                            limits: ResourceList {
                                cpu: Some(Cpu(limit_m)),
                                memory: None,
                            },
                        },
                        readiness_probe: Some(Probe {
                            initial_delay_seconds: 5,
                            period_seconds: 10,
                        }),
                    }],
                    ..Default::default()
                },
            },
            strategy: Strategy::default(),
            min_ready_seconds: 0,
            revision_history_limit: 10,
        },
        status: DeploymentStatus::default(),
    }
}

fn service(name: &str) -> Service {
    Service {
        metadata: ObjectMeta::named(name, DEFAULT_NAMESPACE),
        spec: ServiceSpec {
            selector: labels(&[("app", name)]),
            ports: vec![ServicePort {
                port: 80,
                target_port: None,
            }],
        },
    }
}

/// The HPA `kubectl autoscale deployment web --cpu-percent=T --min=2 --max=12` creates.
pub fn hpa(target: u32) -> HorizontalPodAutoscaler {
    HorizontalPodAutoscaler {
        metadata: ObjectMeta::named(APP, DEFAULT_NAMESPACE),
        spec: HpaSpec {
            scale_target_ref: ScaleTargetRef {
                api_version: Some("apps/v1".into()),
                kind: "Deployment".into(),
                name: APP.into(),
            },
            min_replicas: Some(HPA_MIN),
            max_replicas: HPA_MAX,
            metrics: vec![MetricSpec::cpu_utilization(target)],
            behavior: None,
        },
        status: HpaStatus::default(),
    }
}

/// The command that creates [`hpa`], as a learner would type it.
pub fn autoscale(target: u32) -> Command {
    Command::Autoscale {
        deployment: APP.into(),
        min: Some(HPA_MIN),
        max: HPA_MAX,
        cpu_percent: Some(target),
    }
}

/// Builds the scenario: the engine at t=0 and its timed command lines.
pub fn build(setup: &Setup) -> (Sim, Vec<Timed>) {
    let mut sim = Sim::new(SimConfig {
        seed: setup.seed,
        profile: setup.profile,
        // A renewal every 10 s per node would drown the log; the kubelet panel shows the
        // last renewal from the Lease itself.
        lease_events: false,
        // The view shows the latest events and five minutes of charts: the rings are kept
        // that short (memory stays flat for hours).
        event_capacity: 4_000,
        series_window: 600,
        hpa_history: 64,
        ..SimConfig::default()
    });
    let mut script = Vec::new();
    let (nodes, replicas) = match setup.scenario {
        ScenarioId::Basic => (3, 3),
        ScenarioId::NodeFailure => (3, 6),
        ScenarioId::LoadSpike => (4, 2),
        ScenarioId::RollingUpdate => (3, 6),
        ScenarioId::Scale100 => (100, 0),
    };
    if setup.scenario == ScenarioId::Scale100 {
        for i in 1..=nodes {
            let _ = sim.add_node(node(&format!("node-{i}"), 4000, 16, 110));
        }
        // Six Deployments of 500 pods: 3,000 pods, about 30 per node.
        for name in ["web", "api", "cart", "search", "auth", "media"] {
            let _ = sim.create_deployment(deployment(name, 500, 100, 200, 128));
        }
        let _ = sim.create_service(service(APP));
        let _ = sim.apply(&Command::Load {
            service: APP.into(),
            pattern: Some(Pattern::Steady { rps: 2000.0 }),
            cost_cpu_ms: Some(5.0),
        });
        return (sim, script);
    }
    for i in 1..=nodes {
        let _ = sim.add_node(node(&format!("node-{i}"), 4000, 8, 110));
    }
    let _ = sim.create_service(service(APP));
    let _ = sim.create_deployment(deployment(APP, replicas, 200, 400, 256));
    if let Some(t) = setup.hpa {
        let _ = sim.create_hpa(hpa(t));
    }
    let _ = sim.apply(&Command::Load {
        service: APP.into(),
        pattern: Some(Pattern::Steady { rps: BASE_RPS }),
        cost_cpu_ms: Some(COST_MS),
    });
    match setup.scenario {
        ScenarioId::NodeFailure => script.push(timed(
            20,
            Command::PowerOff {
                node: "node-2".into(),
            },
        )),
        ScenarioId::LoadSpike => script.push(timed(
            20,
            Command::Load {
                service: APP.into(),
                pattern: Some(Pattern::Spike {
                    base: BASE_RPS,
                    peak: 4.0 * BASE_RPS,
                    after_s: 0.0,
                    duration_s: 150.0,
                }),
                cost_cpu_ms: None,
            },
        )),
        ScenarioId::RollingUpdate => script.push(timed(
            15,
            Command::SetImage {
                deployment: APP.into(),
                container: CONTAINER.into(),
                image: NEW_IMAGE.into(),
            },
        )),
        _ => {}
    }
    (sim, script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_every_scenario_builds() {
        for id in ScenarioId::ALL {
            assert_eq!(ScenarioId::from_slug(id.slug()), Some(id));
            let (mut sim, script) = build(&Setup::new(id));
            assert!(sim.nodes().len() >= 3, "{id:?}");
            for t in &script {
                // The script's commands print as lines the command language reads back.
                assert_eq!(sim::parse_command(&t.cmd.to_string()).as_ref(), Ok(&t.cmd));
            }
            sim.advance(1_000);
            assert!(sim.pods().len() >= 2, "{id:?} has pods");
        }
        assert_eq!(
            ScenarioId::from_slug(" Node-Failure "),
            Some(ScenarioId::NodeFailure)
        );
        assert_eq!(ScenarioId::from_slug("nope"), None);
    }

    #[test]
    fn scale_100_has_a_hundred_nodes_and_three_thousand_pods() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::Scale100));
        sim.advance(5_000);
        assert_eq!(sim.nodes().len(), 100);
        assert_eq!(sim.pods().len(), 3000);
    }
}
