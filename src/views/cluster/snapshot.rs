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
    Vpa,
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
            Part::Vpa => "vpa",
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
        let named = |prefix: &str| {
            id.strip_prefix(prefix)
                .filter(|n| !n.is_empty())
                .map(Rc::<str>::from)
        };
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
            "vpa" => Part::Vpa,
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
            Component::VpaRecommender
            | Component::VpaUpdater
            | Component::VpaAdmissionController => Part::Vpa,
        }
    }

    /// The part an event's object is drawn as, if any.
    pub fn of_object(o: &ObjectRef) -> Option<Part> {
        match o.kind {
            Kind::Node => Some(Part::Node(o.name.as_str().into())),
            Kind::Pod => Some(Part::Pod(o.name.as_str().into())),
            Kind::Service | Kind::Endpoints => Some(Part::Service),
            Kind::HorizontalPodAutoscaler => Some(Part::Hpa),
            Kind::VerticalPodAutoscaler => Some(Part::Vpa),
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSnap {
    pub name: Rc<str>,
    pub app: Rc<str>,
    pub state: PodState,
    pub restarts: u32,
}

/// Pods of one Deployment on one node, for the collapsed drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub app: Rc<str>,
    pub total: u32,
    pub ready: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSnap {
    pub name: Rc<str>,
    /// What the snapshot was taken from (see [`Snap::of`]).
    pub print: u64,
    pub cond: Cond,
    pub machine: Machine,
    pub cordoned: bool,
    /// NoExecute/NoSchedule taints the node lifecycle put on (keys without the prefix).
    pub taints: Vec<String>,
    pub cpu_requested: u64,
    pub cpu_allocatable: u64,
    pub pods: Vec<PodSnap>,
    pub groups: Vec<Group>,
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

/// The first VPA, as the diagram shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct VpaSnap {
    pub target: Rc<str>,
    pub mode: &'static str,
    /// The first container's target CPU (millicores), once recommended.
    pub cpu_m: Option<u64>,
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
    pub vpa: Option<VpaSnap>,
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

/// Whether nothing a node card shows changed since `prev` was taken: no Pod or Node written
/// since its revision (at 100 nodes the store's changes are mostly Leases), and every
/// machine, its requests and its memory fault as they were.
fn quiet_since(sim: &Sim, prev: &Snap) -> bool {
    let mut covered = sim.store().revision() == prev.revision;
    for c in sim.store().change_log().iter().rev() {
        if c.revision <= prev.revision {
            covered = true;
            break;
        }
        if matches!(c.object.kind, Kind::Pod | Kind::Node) {
            return false;
        }
    }
    covered
        && prev.nodes.iter().all(|n| {
            let m = sim.machine(&n.name);
            let machine = match m.map(|m| (m.powered, m.connected)) {
                Some((true, true)) => Machine::On,
                Some((true, false)) => Machine::Disconnected,
                _ => Machine::Off,
            };
            machine == n.machine
                && sim.scheduler().node_info(&n.name).map_or(0, |i| i.req_cpu) == n.cpu_requested
                && sim
                    .node_pressure(&n.name)
                    .is_some_and(|p| p.fault_bytes > 0)
                    == n.memory_fault
        })
}

/// A running hash of numbers (FNV-1a over their bytes).
#[derive(Default)]
struct Fingerprint(u64);

impl Fingerprint {
    fn add(&mut self, x: u64) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        for b in x.to_le_bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl PodSnap {
    fn of(p: &Pod) -> PodSnap {
        PodSnap {
            name: Rc::from(p.metadata.name.as_str()),
            app: app_of(p),
            state: PodState::of(p),
            restarts: p.status.restart_count(),
        }
    }
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
    /// The snapshot of `sim` now. Nodes equal to those of `prev` keep their `Rc`, so the
    /// diagram's node cards see equal props and skip their redraw.
    pub fn of(sim: &Sim, prev: Option<&Snap>) -> Snap {
        let store = sim.store();
        let pod_count = store.count::<Pod>();
        let collapsed = pod_count > COLLAPSE_PODS;
        let (nodes, pending) = match prev.filter(|p| quiet_since(sim, p)) {
            Some(p) => (p.nodes.clone(), p.pending.clone()),
            None => Snap::nodes(sim, prev),
        };
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
        let vpa = sim.vpas().next().map(|v| VpaSnap {
            target: Rc::from(v.spec.target_ref.name.as_str()),
            mode: v.mode().name(),
            cpu_m: v
                .status
                .recommendation
                .as_ref()
                .and_then(|r| r.container_recommendations.first())
                .and_then(|c| c.target.cpu)
                .map(|c| c.0),
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
            vpa,
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

    /// The nodes and the pods no node holds. One pass over the pods: each node's, and a
    /// fingerprint of them (their count and resource versions, which every write to a pod
    /// bumps). A node whose fingerprint did not change keeps its snapshot: at 3,000 pods, only
    /// the nodes where something happened are taken again.
    fn nodes(sim: &Sim, prev: Option<&Snap>) -> (Vec<Rc<NodeSnap>>, Vec<PodSnap>) {
        let store = sim.store();
        let list: Vec<&Node> = store.list::<Node>().collect();
        let index: BTreeMap<&str, usize> = list
            .iter()
            .enumerate()
            .map(|(i, n)| (n.metadata.name.as_str(), i))
            .collect();
        let mut on_node: Vec<Vec<&Pod>> = vec![Vec::new(); list.len()];
        let mut pending = Vec::new();
        for p in store.list::<Pod>() {
            match p.node() {
                Some(n) => {
                    if let Some(&i) = index.get(n) {
                        on_node[i].push(p);
                    }
                }
                None => pending.push(PodSnap::of(p)),
            }
        }
        let nodes = list
            .iter()
            .zip(on_node)
            .enumerate()
            .map(|(i, (n, pods))| {
                let name = n.metadata.name.as_str();
                let machine = sim.machine(name);
                let powered = machine.is_some_and(|m| m.powered);
                let connected = machine.is_some_and(|m| m.connected);
                let cpu_requested = sim.scheduler().node_info(name).map_or(0, |i| i.req_cpu);
                let memory_fault = sim.node_pressure(name).is_some_and(|p| p.fault_bytes > 0);
                let mut print = Fingerprint::default();
                for x in [
                    n.metadata.resource_version,
                    powered as u64,
                    connected as u64,
                    cpu_requested,
                    memory_fault as u64,
                    pods.len() as u64,
                ] {
                    print.add(x);
                }
                for p in &pods {
                    print.add(p.metadata.resource_version);
                }
                let print = print.0;
                let old = prev.and_then(|s| {
                    s.nodes
                        .get(i)
                        .filter(|o| &*o.name == name)
                        .or_else(|| s.node(name))
                });
                if let Some(old) = old.filter(|o| o.print == print) {
                    return old.clone();
                }
                let pods: Vec<PodSnap> = pods.into_iter().map(PodSnap::of).collect();
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
                let n = NodeSnap {
                    name: Rc::from(name),
                    print,
                    cond: match n.ready_status() {
                        ConditionStatus::True => Cond::Ready,
                        ConditionStatus::False => Cond::NotReady,
                        ConditionStatus::Unknown => Cond::Unknown,
                    },
                    machine: if !powered {
                        Machine::Off
                    } else if !connected {
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
                    cpu_requested,
                    cpu_allocatable: n.status.allocatable.cpu.0,
                    pods,
                    groups,
                    memory_fault,
                };
                match old {
                    Some(old) if **old == n => old.clone(),
                    _ => Rc::new(n),
                }
            })
            .collect();
        (nodes, pending)
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
        let s = Snap::of(&sim, None);
        assert_eq!(s.nodes.len(), 3);
        assert!(
            s.nodes
                .iter()
                .all(|n| n.cond == Cond::Ready && n.machine == Machine::On)
        );
        assert_eq!(s.pods, 6);
        assert!(!s.collapsed);
        sim.run("node power-off node-2").unwrap();
        let s = Snap::of(&sim, None);
        let n2 = s.node("node-2").unwrap();
        assert_eq!((n2.machine, n2.cond), (Machine::Off, Cond::Ready));
        sim.advance(10_000);
        let n2 = Snap::of(&sim, None).node("node-2").unwrap().clone();
        assert_eq!(n2.cond, Cond::Unknown, "classroom grace period is 5 s");
        assert!(n2.taints.iter().any(|t| t.starts_with("unreachable")));
        sim.advance(40_000);
        let s = Snap::of(&sim, None);
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
    fn part_ids_round_trip() {
        let (sim, _) = build(&Setup::new(ScenarioId::Basic));
        let s = Snap::of(&sim, None);
        let mut parts = vec![Part::Vpa, Part::Hpa, Part::User, Part::MetricsServer];
        for n in &s.nodes {
            parts.push(Part::Node(n.name.clone()));
            parts.push(Part::Kubelet(n.name.clone()));
            parts.push(Part::KubeProxy(n.name.clone()));
            parts.push(Part::Runtime(n.name.clone()));
        }
        parts.extend(s.cp.iter().map(|m| Part::CpNode(m.name.clone())));
        parts.push(Part::Pod("web-1".into()));
        for p in parts {
            assert_eq!(Part::from_id(&p.id()), Some(p.clone()), "{}", p.id());
        }
        assert_eq!(
            Part::from_id("node:node-2"),
            Some(Part::Node("node-2".into()))
        );
        for bad in ["", "node:", "nodes:x", "node/node-2", "kube", "pod"] {
            assert_eq!(Part::from_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn unchanged_nodes_keep_their_snapshot() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::NodeFailure));
        sim.advance(30_000);
        let a = Snap::of(&sim, None);
        let b = Snap::of(&sim, Some(&a));
        assert!(a.nodes.iter().zip(&b.nodes).all(|(x, y)| Rc::ptr_eq(x, y)));
        sim.run("kubectl cordon node-2").unwrap();
        let c = Snap::of(&sim, Some(&b));
        assert!(Rc::ptr_eq(&b.nodes[0], &c.nodes[0]));
        assert!(!Rc::ptr_eq(&b.nodes[1], &c.nodes[1]) && c.nodes[1].cordoned);
        // Only leases renewed meanwhile: every node keeps its snapshot.
        sim.advance(1_000);
        let d = Snap::of(&sim, Some(&c));
        assert!(c.nodes.iter().zip(&d.nodes).all(|(x, y)| Rc::ptr_eq(x, y)));
        // A machine switched off writes nothing to the store, and shows at once.
        sim.run("node power-off node-3").unwrap();
        let e = Snap::of(&sim, Some(&d));
        assert_eq!(e.nodes[2].machine, Machine::Off);
    }

    #[test]
    fn big_clusters_collapse_into_groups() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::Scale100));
        sim.advance(2_000);
        let s = Snap::of(&sim, None);
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
