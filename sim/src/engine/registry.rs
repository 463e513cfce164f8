//! The registry of components: what the run loop starts and, after every instant, lets drain
//! its work queue. Order matters and is part of the model: within a settle round the
//! components run in this order (controllers before the scheduler, the scheduler before the
//! kubelets, …), and at start their first timers are armed in this order.

use crate::engine::Sim;

/// Who may act while the control plane is degraded (`controlplane/`): the leader-elected
/// controllers, the leader-elected scheduler, or anything whose work is an API write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    Controllers,
    Scheduler,
    Writable,
}

/// Drains a work queue once; true when it did something.
pub(crate) type Settle = fn(&mut Sim) -> bool;

/// One component of the cluster.
pub(crate) struct Component {
    pub name: &'static str,
    /// Drains the component's work queue once; true when it did something. Runs only while
    /// its gate is open.
    pub settle: Option<(Gate, Settle)>,
    /// Arms its first timers when the engine starts.
    pub start: Option<fn(&mut Sim)>,
}

/// Every component, in settle order. A controller with a work queue adds one line here.
pub(crate) static REGISTRY: &[Component] = &[
    Component {
        name: "node-lifecycle (memory-pressure NoSchedule taints)",
        settle: Some((Gate::Controllers, Sim::run_memory_pressure_taints)),
        start: Some(Sim::start_node_monitor),
    },
    Component {
        name: "deployment controller",
        settle: Some((Gate::Controllers, Sim::run_deployment_controller)),
        start: None,
    },
    Component {
        name: "replicaset controller",
        settle: Some((Gate::Controllers, Sim::run_replicaset_controller)),
        start: None,
    },
    Component {
        name: "taint-eviction controller",
        settle: Some((Gate::Controllers, Sim::run_taint_eviction_controller)),
        start: None,
    },
    Component {
        name: "kube-scheduler",
        settle: Some((Gate::Scheduler, Sim::run_scheduler)),
        start: None,
    },
    Component {
        name: "kubelets",
        settle: Some((Gate::Writable, Sim::run_kubelets)),
        start: None,
    },
    Component {
        name: "endpoints controller",
        settle: Some((Gate::Controllers, Sim::run_endpoints_controller)),
        start: None,
    },
    #[cfg(feature = "cluster-autoscaler")]
    Component {
        name: "node removal (cluster autoscaler)",
        settle: Some((Gate::Writable, Sim::run_node_removal)),
        start: None,
    },
    Component {
        name: "load model and kube-proxy",
        settle: None,
        start: Some(Sim::start_load),
    },
    Component {
        name: "metrics-server",
        settle: None,
        start: Some(Sim::start_metrics_server),
    },
    Component {
        name: "horizontal pod autoscaler",
        settle: None,
        start: Some(Sim::start_hpa),
    },
    Component {
        name: "control plane (leader election, etcd quorum)",
        settle: None,
        start: Some(Sim::control_plane_start),
    },
];
