//! The view model: a compact picture of the engine's state, derived after every frame that
//! changed something. Parts are `PartialEq`, so components re-render only when theirs
//! changed. Everything here comes from the engine's read API; nothing is invented.

use sim::Sim;
use sim::events::{Actor, Component};
use sim::objects::*;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A clickable part of the diagram.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    User,
    LoadGen,
    Service,
    ApiServer,
    Etcd,
    Scheduler,
    ControllerManager,
    CloudControllerManager,
    MetricsServer,
    Hpa,
    Node(Rc<str>),
    Kubelet(Rc<str>),
    KubeProxy(Rc<str>),
    Runtime(Rc<str>),
    Pod(Rc<str>),
    /// A control-plane node (kube-apiserver, etcd member and the leader-elected components).
    CpNode(Rc<str>),
}

impl Part {
    /// The part's name in the page (`data-part`), which lessons highlight and tests find:
    /// `apiserver`, `node:node-2`, `kubelet:node-2`, `pod:web-…`, `cp:cp-1`.
    pub fn id(&self) -> String {
        let fixed = match self {
            Part::User => "user",
            Part::LoadGen => "loadgen",
            Part::Service => "service",
            Part::ApiServer => "apiserver",
            Part::Etcd => "etcd",
            Part::Scheduler => "scheduler",
            Part::ControllerManager => "controller-manager",
            Part::CloudControllerManager => "cloud-controller-manager",
            Part::MetricsServer => "metrics-server",
            Part::Hpa => "hpa",
            Part::Node(n) => return ["node:", n].concat(),
            Part::Kubelet(n) => return ["kubelet:", n].concat(),
            Part::KubeProxy(n) => return ["kube-proxy:", n].concat(),
            Part::Runtime(n) => return ["runtime:", n].concat(),
            Part::Pod(n) => return ["pod:", n].concat(),
            Part::CpNode(n) => return ["cp:", n].concat(),
        };
        fixed.to_string()
    }

    /// The part with this [`Part::id`].
    pub fn from_id(id: &str) -> Option<Part> {
        let named = |prefix: &str| id.strip_prefix(prefix).map(Rc::<str>::from);
        Some(match id {
            "user" => Part::User,
            "loadgen" => Part::LoadGen,
            "service" => Part::Service,
            "apiserver" => Part::ApiServer,
            "etcd" => Part::Etcd,
            "scheduler" => Part::Scheduler,
            "controller-manager" => Part::ControllerManager,
            "cloud-controller-manager" => Part::CloudControllerManager,
            "metrics-server" => Part::MetricsServer,
            "hpa" => Part::Hpa,
            _ => {
                if let Some(n) = named("node:") {
                    Part::Node(n)
                } else if let Some(n) = named("kubelet:") {
                    Part::Kubelet(n)
                } else if let Some(n) = named("kube-proxy:") {
                    Part::KubeProxy(n)
                } else if let Some(n) = named("runtime:") {
                    Part::Runtime(n)
                } else if let Some(n) = named("pod:") {
                    Part::Pod(n)
                } else {
                    Part::CpNode(named("cp:")?)
                }
            }
        })
    }

    /// The node a per-node part belongs to.
    pub fn node(&self) -> Option<&str> {
        match self {
            Part::Node(n) | Part::Kubelet(n) | Part::KubeProxy(n) | Part::Runtime(n) => Some(n),
            _ => None,
        }
    }

    /// The part that did what an event says.
    pub fn of_actor(a: &Actor) -> Part {
        let n = || Rc::from(a.instance.as_str());
        match a.component {
            Component::ApiServer => Part::ApiServer,
            Component::Scheduler => Part::Scheduler,
            Component::Kubelet => Part::Kubelet(n()),
            Component::KubeProxy => Part::KubeProxy(n()),
            Component::ReplicaSetController
            | Component::DeploymentController
            | Component::NodeLifecycleController
            | Component::TaintEvictionController
            | Component::EndpointsController => Part::ControllerManager,
            Component::HpaController => Part::Hpa,
            Component::MetricsServer => Part::MetricsServer,
            Component::User => Part::User,
            Component::Infrastructure => Part::User,
            Component::Load => Part::LoadGen,
            Component::ControllerManager => Part::ControllerManager,
            Component::CloudControllerManager => Part::CloudControllerManager,
            Component::Etcd => Part::Etcd,
            // It asks the cloud for machines, as the cloud-controller-manager talks to it.
            Component::ClusterAutoscaler => Part::CloudControllerManager,
            // The VPA's components are drawn with the autoscaling part.
            Component::VpaRecommender
            | Component::VpaUpdater
            | Component::VpaAdmissionController => Part::Hpa,
        }
    }

    /// The part an event's object is drawn as, if any.
    pub fn of_object(o: &ObjectRef) -> Option<Part> {
        match o.kind {
            Kind::Node => Some(Part::Node(o.name.as_str().into())),
            Kind::Pod => Some(Part::Pod(o.name.as_str().into())),
            Kind::Service | Kind::Endpoints => Some(Part::Service),
            Kind::HorizontalPodAutoscaler => Some(Part::Hpa),
            _ => None,
        }
    }
}

/// What the control plane believes about a node (its Ready condition).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    Ready,
    NotReady,
    Unknown,
}

/// What is really true of the machine (the control plane only learns it through heartbeats).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Machine {
    On,
    Off,
    Disconnected,
}

/// A pod's state as kubectl would show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodState {
    Pending,
    ContainerCreating,
    Running,
    Ready,
    CrashLoopBackOff,
    Terminating,
    Done,
}

impl PodState {
    pub fn of(p: &Pod) -> PodState {
        match p.status.stage {
            PodStage::Unscheduled | PodStage::Scheduled => PodState::Pending,
            PodStage::PullingImage | PodStage::ContainerCreating => PodState::ContainerCreating,
            PodStage::Running => PodState::Running,
            // The node-lifecycle controller marks pods on a silent node not ready.
            PodStage::Ready if !p.status.is_ready() => PodState::Running,
            PodStage::Ready => PodState::Ready,
            PodStage::CrashLoopBackOff => PodState::CrashLoopBackOff,
            PodStage::Terminating => PodState::Terminating,
            PodStage::Succeeded | PodStage::Failed => PodState::Done,
        }
    }
    pub const ALL: [PodState; 6] = [
        PodState::Pending,
        PodState::ContainerCreating,
        PodState::Running,
        PodState::Ready,
        PodState::CrashLoopBackOff,
        PodState::Terminating,
    ];
    pub fn class(self) -> &'static str {
        match self {
            PodState::Pending => "st-pending",
            PodState::ContainerCreating => "st-creating",
            PodState::Running => "st-running",
            PodState::Ready => "st-ready",
            PodState::CrashLoopBackOff => "st-crash",
            PodState::Terminating => "st-terminating",
            PodState::Done => "st-done",
        }
    }
    /// The shape inside the pod, so the state reads without colour.
    pub fn icon(self) -> &'static str {
        match self {
            PodState::Pending => "…",
            PodState::ContainerCreating => "↓",
            PodState::Running => "◐",
            PodState::Ready => "✓",
            PodState::CrashLoopBackOff => "↻",
            PodState::Terminating => "✕",
            PodState::Done => "■",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodSnap {
    pub name: Rc<str>,
    pub app: Rc<str>,
    pub state: PodState,
    pub restarts: u32,
}

/// Pods of one Deployment on one node, for the collapsed drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub app: Rc<str>,
    pub total: u32,
    pub ready: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeSnap {
    pub name: Rc<str>,
    pub cond: Cond,
    pub machine: Machine,
    pub cordoned: bool,
    /// NoExecute/NoSchedule taints the node lifecycle put on (keys without the prefix).
    pub taints: Vec<String>,
    pub cpu_requested: u64,
    pub cpu_allocatable: u64,
    pub pods: Vec<PodSnap>,
    pub groups: Vec<Group>,
    pub last_renew_ms: Option<u64>,
    /// The `memory-pressure` fault holds memory on this machine.
    pub memory_fault: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SvcSnap {
    pub name: Rc<str>,
    pub ready_endpoints: u32,
    pub demand_rps: f64,
    pub served_rps: f64,
    pub dropped_rps: f64,
    pub p95_ms: f64,
    pub utilization: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HpaSnap {
    pub target: u32,
    pub current: Option<u32>,
    pub desired: u32,
    pub replicas: u32,
    pub min: u32,
    pub max: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DepSnap {
    pub name: Rc<str>,
    pub replicas: u32,
    pub ready: u32,
    pub updated: u32,
    pub image: String,
}

/// One control-plane node as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct CpSnap {
    pub name: Rc<str>,
    pub up: bool,
    pub etcd_up: bool,
    pub etcd_leader: bool,
    /// Lease names of the components it leads (`kube-scheduler`, ...).
    pub leads: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Snap {
    pub t_ms: u64,
    pub revision: u64,
    pub keys: usize,
    pub nodes: Vec<Rc<NodeSnap>>,
    /// Pods no node holds yet.
    pub pending: Vec<PodSnap>,
    pub queue: usize,
    pub service: Option<SvcSnap>,
    pub hpa: Option<HpaSnap>,
    pub deployments: Vec<DepSnap>,
    pub pods: usize,
    /// Too many pods to draw one by one: nodes show counts per Deployment.
    pub collapsed: bool,
    pub cp: Vec<CpSnap>,
    /// etcd members up, members, needed for quorum, writes possible.
    pub quorum: (u32, u32, u32, bool),
    /// The cluster autoscaler's node group: min, max, target size (None: off).
    pub node_group: Option<(u32, u32, u32)>,
}

/// Beyond this many pods the diagram draws counts per Deployment and node.
pub const COLLAPSE_PODS: usize = 60;

fn app_of(p: &Pod) -> Rc<str> {
    p.metadata
        .labels
        .get("app")
        .map_or_else(|| Rc::from("-"), |a| Rc::from(a.as_str()))
}

impl Snap {
    pub fn of(sim: &Sim) -> Snap {
        let store = sim.store();
        let pod_count = store.count::<Pod>();
        let collapsed = pod_count > COLLAPSE_PODS;
        let mut by_node: BTreeMap<&str, Vec<PodSnap>> = BTreeMap::new();
        let mut pending = Vec::new();
        for p in store.list::<Pod>() {
            let s = PodSnap {
                name: Rc::from(p.metadata.name.as_str()),
                app: app_of(p),
                state: PodState::of(p),
                restarts: p.status.restart_count(),
            };
            match p.node() {
                Some(n) => by_node.entry(n).or_default().push(s),
                None => pending.push(s),
            }
        }
        let nodes = sim
            .nodes()
            .into_iter()
            .map(|v| {
                let n = v.node;
                let name = n.metadata.name.as_str();
                let pods = by_node.remove(name).unwrap_or_default();
                let mut groups: Vec<Group> = Vec::new();
                for p in &pods {
                    let ready = (p.state == PodState::Ready) as u32;
                    match groups.iter_mut().find(|g| g.app == p.app) {
                        Some(g) => {
                            g.total += 1;
                            g.ready += ready;
                        }
                        None => groups.push(Group {
                            app: p.app.clone(),
                            total: 1,
                            ready,
                        }),
                    }
                }
                Rc::new(NodeSnap {
                    name: Rc::from(name),
                    cond: match n.ready_status() {
                        ConditionStatus::True => Cond::Ready,
                        ConditionStatus::False => Cond::NotReady,
                        ConditionStatus::Unknown => Cond::Unknown,
                    },
                    machine: if !v.powered {
                        Machine::Off
                    } else if !v.connected {
                        Machine::Disconnected
                    } else {
                        Machine::On
                    },
                    cordoned: n.spec.unschedulable,
                    taints: n
                        .spec
                        .taints
                        .iter()
                        .map(|t| {
                            format!(
                                "{}:{}",
                                t.key.trim_start_matches("node.kubernetes.io/"),
                                match t.effect {
                                    TaintEffect::NoSchedule => "NoSchedule",
                                    TaintEffect::PreferNoSchedule => "PreferNoSchedule",
                                    TaintEffect::NoExecute => "NoExecute",
                                }
                            )
                        })
                        .collect(),
                    cpu_requested: v.requested_cpu,
                    cpu_allocatable: n.status.allocatable.cpu.0,
                    pods,
                    groups,
                    last_renew_ms: v.last_lease_renew_ms,
                    memory_fault: sim.node_pressure(name).is_some_and(|p| p.fault_bytes > 0),
                })
            })
            .collect();
        let service = sim.services().next().map(|s| {
            let key = format!("default/{}", s.metadata.name);
            let last = sim.series().services.get(&key).and_then(|r| r.last());
            SvcSnap {
                name: Rc::from(s.metadata.name.as_str()),
                ready_endpoints: sim
                    .endpoints()
                    .find(|e| e.metadata.name == s.metadata.name)
                    .map_or(0, |e| e.addresses.len() as u32),
                demand_rps: last.map_or(0.0, |l| l.demand_rps),
                served_rps: last.map_or(0.0, |l| l.served_rps),
                dropped_rps: last.map_or(0.0, |l| l.dropped_rps),
                p95_ms: last.map_or(0.0, |l| l.p95_ms),
                utilization: last.map_or(0.0, |l| l.cpu_utilization),
            }
        });
        let hpa = sim.hpas().next().map(|h| HpaSnap {
            target: h.metrics()[0].resource.target.average_utilization,
            current: h.status.current_utilization,
            desired: h.status.desired_replicas,
            replicas: h.status.current_replicas,
            min: h.min_replicas(),
            max: h.spec.max_replicas,
        });
        let deployments = sim
            .deployments()
            .map(|d| DepSnap {
                name: Rc::from(d.metadata.name.as_str()),
                replicas: d.spec.replicas,
                ready: d.status.ready_replicas,
                updated: d.status.updated_replicas,
                image: d
                    .spec
                    .template
                    .spec
                    .containers
                    .first()
                    .map(|c| c.image.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Snap {
            t_ms: sim.now_ms(),
            revision: store.revision(),
            keys: store.key_count(),
            nodes,
            pending,
            queue: sim.scheduler().pending_count(),
            service,
            hpa,
            deployments,
            pods: pod_count,
            collapsed,
            cp: sim
                .control_plane()
                .into_iter()
                .map(|m| CpSnap {
                    name: Rc::from(m.name.as_str()),
                    up: m.up,
                    etcd_up: m.etcd_up,
                    etcd_leader: m.etcd_leader,
                    leads: m.leads,
                })
                .collect(),
            quorum: {
                let q = sim.etcd_quorum();
                (q.members_up, q.members, q.needed, q.writable)
            },
            node_group: sim.node_group().map(|g| (g.min, g.max, g.size)),
        }
    }

    /// The control-plane node leading `lease` (`kube-scheduler`, ...), if any.
    pub fn leader(&self, lease: &str) -> Option<&Rc<str>> {
        self.cp
            .iter()
            .find(|m| m.leads.contains(&lease))
            .map(|m| &m.name)
    }

    pub fn node(&self, name: &str) -> Option<&Rc<NodeSnap>> {
        self.nodes.iter().find(|n| &*n.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::{ScenarioId, Setup, build};
    use super::*;

    #[test]
    fn a_powered_off_node_turns_unknown_and_its_pods_move() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::NodeFailure));
        sim.advance(20_000);
        let s = Snap::of(&sim);
        assert_eq!(s.nodes.len(), 3);
        assert!(
            s.nodes
                .iter()
                .all(|n| n.cond == Cond::Ready && n.machine == Machine::On)
        );
        assert_eq!(s.pods, 6);
        assert!(!s.collapsed);
        sim.run("node power-off node-2").unwrap();
        let s = Snap::of(&sim);
        let n2 = s.node("node-2").unwrap();
        assert_eq!((n2.machine, n2.cond), (Machine::Off, Cond::Ready));
        sim.advance(10_000);
        let n2 = Snap::of(&sim).node("node-2").unwrap().clone();
        assert_eq!(n2.cond, Cond::Unknown, "classroom grace period is 5 s");
        assert!(n2.taints.iter().any(|t| t.starts_with("unreachable")));
        sim.advance(40_000);
        let s = Snap::of(&sim);
        let n2 = s.node("node-2").unwrap();
        assert!(n2.pods.iter().all(|p| p.state == PodState::Terminating));
        let ready: usize = s
            .nodes
            .iter()
            .filter(|n| &*n.name != "node-2")
            .map(|n| n.pods.iter().filter(|p| p.state == PodState::Ready).count())
            .sum();
        assert_eq!(ready, 6, "replacements run on the other nodes");
    }

    #[test]
    fn big_clusters_collapse_into_groups() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::Scale100));
        sim.advance(2_000);
        let s = Snap::of(&sim);
        assert!(s.collapsed);
        assert!(
            s.nodes
                .iter()
                .all(|n| n.pods.len() as u32 == n.groups.iter().map(|g| g.total).sum::<u32>())
        );
        let total: u32 = s
            .nodes
            .iter()
            .flat_map(|n| n.groups.iter())
            .map(|g| g.total)
            .sum();
        assert_eq!(total, 3000);
    }
}
