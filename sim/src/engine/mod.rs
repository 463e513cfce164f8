//! The simulation: state, the timer loop, and the read API the app uses.
//!
//! Time is advanced by the caller ([`Sim::advance`], [`Sim::step`]). Work happens at timer
//! instants (periodic controller syncs, kubelet heartbeats, container start stages, the load
//! tick) and in the "settle" loop that follows every instant, where event-driven components
//! (scheduler, ReplicaSet, Deployment, endpoints, taint-eviction controllers and kubelets)
//! drain their work queues until the cluster is quiescent. Everything is ordered (BTreeMap,
//! timer sequence numbers), so a run is a pure function of seed, scenario and commands.

mod fanout;
mod invariants;
pub(crate) mod registry;
pub(crate) mod timers;

use crate::api::component::{Ctx, Gate};
use crate::api::core::Api;
use crate::api::events::{Actor, Component, Event, EventKind};
use crate::api::index::{KeyMap, KeySet};
use crate::api::objects::*;
use crate::api::store::Store;
pub use crate::config::sim::SimConfig;
use crate::config::timing::{Profile, Timing};
use crate::controllers::hpa::{HpaComputation, HpaMemory};
use crate::controllers::nodelifecycle::NodeLifecycle;
use crate::node::kubelet::Machine;
use crate::node::load::{LoadState, MetricsState, Series};
use crate::scheduler::Scheduler;
use crate::util::{Millis, Ring};
use registry::{Components, Registered};
use serde::Serialize;
use std::sync::Arc;
use timers::{Scoped, TimerHeap};

/// Things that happen at a simulated instant.
#[derive(Clone, Debug)]
pub(crate) enum Timer {
    /// A registered component's timer (`engine/registry.rs`).
    Component(registry::ComponentTimer),
    /// Load model and chart sample (every second).
    LoadTick,
    /// metrics-server scrape.
    MetricsScrape,
    /// node-lifecycle controller `monitorNodeHealth`.
    NodeMonitor,
    /// node-lifecycle controller: rate-limited NoExecute tainting.
    TaintingPass,
    /// HPA controller resync.
    HpaSync,
    /// kubelet lease renewal for a node.
    Lease(Arc<str>),
    /// A kubelet pod stage timer (node, pod key, generation).
    Kubelet(Arc<str>, Arc<str>, u64),
    /// Taint-eviction deadline for a pod (key, uid).
    TaintEviction(Arc<str>, String),
    /// A faulty container exits (node, pod key, the start time of the run it ends).
    ContainerExit(Arc<str>, Arc<str>, Millis),
    /// Leader election round (every retryPeriod).
    LeaderElection,
    /// An etcd leader election completes.
    EtcdElection,
    /// cluster-autoscaler main loop (every scan-interval; the generation drops old timers).
    #[cfg_attr(not(feature = "cluster-autoscaler"), allow(dead_code))]
    CaScan(u64),
    /// A node the autoscaler requested has booted; its kubelet registers it.
    #[cfg_attr(not(feature = "cluster-autoscaler"), allow(dead_code))]
    NodeProvisioned(Arc<str>),
    /// A node removal's deadline (max-graceful-termination-sec).
    #[cfg_attr(not(feature = "cluster-autoscaler"), allow(dead_code))]
    NodeRemovalDeadline(Arc<str>),
    /// vpa-recommender loop (`vpa.rs`).
    #[cfg_attr(not(feature = "vpa"), allow(dead_code))]
    VpaRecommender,
    /// vpa-updater loop.
    #[cfg_attr(not(feature = "vpa"), allow(dead_code))]
    VpaUpdater,
    /// A kubelet's eviction manager housekeeping round (eviction.rs).
    EvictionMonitor(Arc<str>),
}

/// The whole engine state. `Clone` gives a checkpoint that replays identically.
#[derive(Clone, Debug)]
pub struct Sim {
    /// The store, event log, random stream and clock (`api/core.rs`).
    pub(crate) api: Api,
    /// Every registered component (`engine/registry.rs`).
    pub(crate) c: Components,
    pub(crate) machines: KeyMap<Machine>,
    pub(crate) timers: TimerHeap,
    /// The watch events being handed to the informers (reused buffer).
    watch_scratch: Vec<crate::api::watch::WatchEvent>,
    // controller work queues
    /// (node, pod key) pairs to sync; sorted and deduplicated when drained.
    pub(crate) dirty_kubelet: Vec<(Arc<str>, Arc<str>)>,
    pub(crate) dirty_taint_nodes: KeySet,
    pub(crate) nlc: NodeLifecycle,
    /// Pending taint evictions: pod key -> (uid, deadline).
    pub(crate) evictions: KeyMap<(String, Millis)>,
    pub(crate) hpa_memory: KeyMap<HpaMemory>,
    pub(crate) hpa_log: Ring<HpaComputation>,
    pub(crate) next_hpa_id: u64,
    pub(crate) load: LoadState,
    pub(crate) metrics: MetricsState,
    pub(crate) series: Series,
    pub(crate) next_node_index: u32,
    /// Pods whose readiness is pinned to false (scenario `pin.ready`).
    pub(crate) pinned_unready: KeySet,
    /// Container faults set by command (`fault ...`), by target, sorted.
    pub(crate) container_faults: Vec<(String, crate::node::faults::ContainerFault)>,
    pub(crate) cp: crate::controlplane::ControlPlane,
    /// Files `apply -f` reads ([`Sim::add_file`]).
    #[cfg(feature = "yaml")]
    pub(crate) files: std::collections::BTreeMap<String, Arc<str>>,
    /// Node removal and the cluster autoscaler (clusterautoscaler.rs).
    pub(crate) ca: crate::controllers::clusterautoscaler::ClusterAutoscaler,
    pub(crate) vpa: crate::controllers::vpa::VpaState,
    /// Node-pressure eviction: faults, pressure history, taint queue (eviction.rs).
    pub(crate) eviction: crate::node::eviction::EvictionState,
    /// The store revision the in-place invariant check last saw (engine/invariants.rs).
    checked_revision: Option<u64>,
}

/// The object of the simulator's own events (`ProfileSet`, `Reseeded`): not an API object.
fn sim_ref() -> ObjectRef {
    ObjectRef::new(Kind::Deployment, "kube-system", "kubelab-sim")
}

/// Bound on settle rounds at one instant (each round drains every queue once).
const MAX_SETTLE_ROUNDS: usize = 10_000;

impl Sim {
    pub fn new(config: SimConfig) -> Sim {
        let mut sim = Sim {
            c: Components::new(&config),
            machines: KeyMap::new(),
            timers: TimerHeap::default(),
            watch_scratch: Vec::new(),
            dirty_kubelet: Vec::new(),
            dirty_taint_nodes: KeySet::new(),
            nlc: NodeLifecycle::default(),
            evictions: KeyMap::new(),
            hpa_memory: KeyMap::new(),
            hpa_log: Ring::new(config.hpa_history),
            next_hpa_id: 1,
            load: LoadState::default(),
            metrics: MetricsState::default(),
            series: Series::new(config.series_window),
            next_node_index: 0,
            pinned_unready: KeySet::new(),
            container_faults: Vec::new(),
            #[cfg(feature = "yaml")]
            files: std::collections::BTreeMap::new(),
            cp: crate::controlplane::ControlPlane::new(config.control_plane_nodes),
            ca: Default::default(),
            vpa: crate::controllers::vpa::VpaState::default(),
            eviction: Default::default(),
            checked_revision: None,
            api: Api::new(config),
        };
        for c in registry::REGISTRY {
            if let Some(start) = c.start {
                start(&mut sim);
                sim.dispatch();
            }
        }
        sim
    }

    // --- time -------------------------------------------------------------------------------

    pub fn now_ms(&self) -> Millis {
        self.api.now()
    }

    pub(crate) fn schedule_timer(&mut self, at: Millis, timer: Timer) {
        self.timers.push(at, timer);
    }

    /// When the next timer fires.
    pub fn next_event_time(&self) -> Option<Millis> {
        self.timers.next_at()
    }

    /// Advances simulated time by `ms`, running everything due on the way. The cost grows
    /// with simulated time (periodic timers fire every second), so callers advance in frames;
    /// the `advance` command refuses more than 7 days at once.
    pub fn advance(&mut self, ms: Millis) {
        let target = self.api.now().saturating_add(ms);
        self.advance_to(target);
    }

    /// Advances to absolute time `t` (no-op if `t` is in the past).
    pub fn advance_to(&mut self, t: Millis) {
        self.settle();
        while let Some(at) = self.next_event_time() {
            if at > t {
                break;
            }
            self.api.advance_clock(at);
            while let Some(timer) = self.timers.pop_due(self.api.now()) {
                self.fire(timer);
                self.dispatch();
            }
            self.settle();
        }
        self.api.advance_clock(t);
    }

    /// Advances to the next instant at which something is scheduled; returns the new time.
    pub fn step(&mut self) -> Millis {
        if let Some(at) = self.next_event_time() {
            self.advance_to(at);
        }
        self.api.now()
    }

    fn fire(&mut self, timer: Timer) {
        let Some(timer) = self.gate_timer(timer) else {
            return;
        };
        match timer {
            Timer::Component(t) => self.c.fire(t, &mut self.api, &mut self.timers),
            Timer::LoadTick => {
                self.load_tick();
                let next = self.api.now() + crate::config::defaults::LOAD_TICK.value;
                self.schedule_timer(next, Timer::LoadTick);
            }
            Timer::MetricsScrape => {
                self.metrics_scrape();
                let next = self.api.now() + self.api.timing().metric_resolution.ms;
                self.schedule_timer(next, Timer::MetricsScrape);
            }
            Timer::NodeMonitor => {
                self.monitor_node_health();
                let next = self.api.now() + self.api.timing().node_monitor_period.ms;
                self.schedule_timer(next, Timer::NodeMonitor);
            }
            Timer::TaintingPass => self.tainting_pass(),
            Timer::HpaSync => {
                self.hpa_sync_all();
                let next = self.api.now() + self.api.timing().hpa_sync.ms;
                self.schedule_timer(next, Timer::HpaSync);
            }
            Timer::Lease(node) => self.kubelet_heartbeat(&node),
            Timer::Kubelet(node, pod, gen_) => self.kubelet_timer(&node, &pod, gen_),
            Timer::ContainerExit(node, pod, started) => self.fault_exit_timer(&node, &pod, started),
            Timer::TaintEviction(pod, uid) => self.taint_eviction_due(&pod, &uid),
            Timer::LeaderElection => self.leader_election_tick(),
            Timer::EtcdElection => self.etcd_election_due(),
            // Without their features these timers are never set (their commands are refused).
            #[cfg(feature = "cluster-autoscaler")]
            Timer::CaScan(g) => self.ca_scan(g),
            #[cfg(feature = "cluster-autoscaler")]
            Timer::NodeProvisioned(n) => self.node_provisioned(&n),
            #[cfg(feature = "cluster-autoscaler")]
            Timer::NodeRemovalDeadline(n) => self.node_removal_deadline(&n),
            #[cfg(not(feature = "cluster-autoscaler"))]
            Timer::CaScan(_) | Timer::NodeProvisioned(_) | Timer::NodeRemovalDeadline(_) => {}
            #[cfg(feature = "vpa")]
            t @ (Timer::VpaRecommender | Timer::VpaUpdater) => self.vpa_timer(&t),
            #[cfg(not(feature = "vpa"))]
            Timer::VpaRecommender | Timer::VpaUpdater => {}
            Timer::EvictionMonitor(node) => self.eviction_monitor(&node),
        }
    }

    /// Drains every work queue until nothing changes (bounded).
    pub(crate) fn settle(&mut self) {
        self.dispatch();
        // Leader election and etcd quorum gate who may act (controlplane.rs).
        let (ctl, sch, w) = (
            self.controllers_active(),
            self.scheduler_active(),
            self.api_writable(),
        );
        for _ in 0..MAX_SETTLE_ROUNDS {
            let mut progressed = false;
            for c in registry::REGISTRY {
                if let Some((gate, settle)) = c.settle {
                    let open = match gate {
                        Gate::Always => true,
                        Gate::Controllers => ctl,
                        Gate::Scheduler => sch,
                        Gate::Writable => w,
                    };
                    if open {
                        progressed |= settle(self);
                        self.dispatch();
                    }
                }
            }
            if !progressed {
                break;
            }
        }
        // Checked in place in debug builds and tests (engine/invariants.rs).
        #[cfg(debug_assertions)]
        if let Err(e) = self.check_invariants_since_last() {
            panic!("invariant broken at t={}ms: {e}", self.api.now());
        }
    }

    /// The first load tick (the load model and the chart sample, every second).
    fn start_load(&mut self) {
        self.schedule_timer(crate::config::defaults::LOAD_TICK.value, Timer::LoadTick);
    }

    /// The first metrics-server scrape.
    fn start_metrics_server(&mut self) {
        self.schedule_timer(self.api.timing().metric_resolution.ms, Timer::MetricsScrape);
    }

    /// The node lifecycle controller's first `monitorNodeHealth`.
    fn start_node_monitor(&mut self) {
        self.schedule_timer(self.api.timing().node_monitor_period.ms, Timer::NodeMonitor);
    }

    /// The HPA controller's first resync.
    fn start_hpa(&mut self) {
        self.schedule_timer(self.api.timing().hpa_sync.ms, Timer::HpaSync);
    }

    // --- components ---------------------------------------------------------------------------

    /// Drains one component's work queue once (its settle step).
    pub(crate) fn settle_one<C: Registered>(&mut self) -> bool {
        let (me, peer) = C::split(&mut self.c);
        let mut timers = Scoped::<C>::new(&mut self.timers);
        me.settle(&mut Ctx {
            api: &mut self.api,
            timers: &mut timers,
            peer,
        })
    }

    // --- events -----------------------------------------------------------------------------

    pub(crate) fn emit(&mut self, actor: Actor, object: ObjectRef, kind: EventKind) {
        self.api.emit(actor, object, kind);
    }

    /// Events with id greater than `cursor`, oldest first, and whether some were already
    /// rolled off (the caller missed them).
    pub fn events_since(&self, cursor: u64) -> (Vec<&Event>, bool) {
        let first = self
            .api
            .events()
            .iter()
            .next()
            .map_or(self.api.next_event_id(), |e| e.id);
        let missed = cursor + 1 < first && self.api.events().dropped() > 0;
        // Ids are consecutive: index directly.
        let skip = (cursor + 1).saturating_sub(first) as usize;
        (self.api.events().iter().skip(skip).collect(), missed)
    }

    pub fn events(&self) -> &Ring<Event> {
        self.api.events()
    }

    /// The id the next event will get.
    pub fn next_event_id(&self) -> u64 {
        self.api.next_event_id()
    }

    // --- read API ---------------------------------------------------------------------------

    pub fn store(&self) -> &Store {
        self.api.store()
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.c.scheduler
    }

    pub fn timing(&self) -> &Timing {
        self.api.timing()
    }

    /// The `profile` verb: the timing profile from now on. Timers already scheduled keep their
    /// times; every timer scheduled and every wait checked afterwards (e.g. the node monitor's
    /// grace period) uses the new values, with one exception: a kubelet's next heartbeat was
    /// scheduled under the old profile, so the node monitor judges a heartbeat sent before the
    /// switch with the real (longest) grace period; otherwise switching to classroom would mark
    /// healthy nodes Unknown (grace 5 s while their next renewal is up to 10 s away). Objects
    /// already written keep the values they were written with (a pod's toleration seconds).
    /// `timing()` and `config().profile` report the new profile.
    pub(crate) fn set_profile(&mut self, profile: Profile) {
        let from = self.api.set_profile(profile);
        self.emit(
            Actor::new(Component::User),
            sim_ref(),
            EventKind::ProfileSet { from, to: profile },
        );
    }

    /// The `seed` verb: the random stream becomes the one a new engine starts with seed N,
    /// from this point on (`config().seed` reports N). Objects already made keep their uids
    /// and names. So `seed N` as the first command of a run makes every later draw equal to a
    /// run started with seed N only if nothing drew before it; building a cluster draws (uids,
    /// pod name suffixes), so a scenario's setup followed by `seed N` is a run of its own,
    /// deterministic like any other: the same seed, setup and commands give the same trace.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.api.reseed(seed);
        self.emit(
            Actor::new(Component::User),
            sim_ref(),
            EventKind::Reseeded { seed },
        );
    }

    pub fn config(&self) -> &SimConfig {
        self.api.config()
    }

    /// The components the run loop drives, in settle order (`engine/registry.rs`).
    pub fn components() -> impl Iterator<Item = &'static str> {
        registry::REGISTRY.iter().map(|c| c.name)
    }

    /// The defaults table with sources.
    pub fn defaults() -> &'static [&'static crate::config::defaults::Def] {
        crate::config::defaults::ALL
    }

    pub fn hpa_computations(&self) -> &Ring<HpaComputation> {
        &self.hpa_log
    }

    /// The latest computation of an HPA.
    pub fn last_hpa_computation(&self, namespace: &str, name: &str) -> Option<&HpaComputation> {
        self.hpa_log
            .iter()
            .rev()
            .find(|c| c.hpa.name == name && c.hpa.namespace == namespace)
    }

    pub fn series(&self) -> &Series {
        &self.series
    }

    /// Nodes with what the UI draws about them.
    pub fn nodes(&self) -> Vec<NodeView<'_>> {
        self.api
            .store()
            .list::<Node>()
            .map(|n| {
                let name = &n.metadata.name;
                let m = self.machines.get(name);
                let info = self.c.scheduler.node_info(name);
                NodeView {
                    node: n,
                    powered: m.is_some_and(|m| m.powered),
                    connected: m.is_some_and(|m| m.connected),
                    requested_cpu: info.map_or(0, |i| i.req_cpu),
                    requested_memory: info.map_or(0, |i| i.req_mem),
                    pods: self
                        .pods_on_node(name)
                        .iter()
                        .map(|k| k.to_string())
                        .collect(),
                    last_lease_renew_ms: self
                        .api
                        .store()
                        .get::<Lease>(NODE_LEASE_NAMESPACE, name)
                        .map(|l| l.spec.renew_ms),
                    images: m.map(|m| m.images.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Pods with their current CPU usage.
    pub fn pods(&self) -> Vec<PodView<'_>> {
        let usage = self.load.usage_by_slot();
        self.api
            .store()
            .list_ids::<Pod>()
            .filter_map(|id| {
                let pod = self.api.store().at::<Pod>(id)?;
                let (cpu_usage, rps) = usage
                    .get(id.slot as usize)
                    .filter(|u| u.0 == id)
                    .map_or((0, 0.0), |u| (u.1, u.2));
                Some(PodView {
                    pod,
                    cpu_usage,
                    rps,
                })
            })
            .collect()
    }

    pub fn deployments(&self) -> impl Iterator<Item = &Deployment> {
        self.api.store().list::<Deployment>()
    }
    pub fn replicasets(&self) -> impl Iterator<Item = &ReplicaSet> {
        self.api.store().list::<ReplicaSet>()
    }
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.api.store().list::<Service>()
    }
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoints> {
        self.api.store().list::<Endpoints>()
    }
    pub fn hpas(&self) -> impl Iterator<Item = &HorizontalPodAutoscaler> {
        self.api.store().list::<HorizontalPodAutoscaler>()
    }

    /// The load model's current settings, by service.
    pub fn load(&self) -> &LoadState {
        &self.load
    }

    /// Keys of the pods bound to a node, in key order.
    pub(crate) fn pods_on_node(&self, name: &str) -> Vec<Arc<str>> {
        self.api.pods_on_node(name)
    }

    /// The pods bound to a node that are not already terminating (what a drain evicts).
    pub(crate) fn live_pods_on_node(&self, name: &str) -> Vec<Arc<str>> {
        self.pods_on_node(name)
            .into_iter()
            .filter(|k| {
                self.api
                    .store()
                    .get_by_key::<Pod>(k)
                    .is_some_and(|p| !p.is_terminating())
            })
            .collect()
    }

    pub fn is_powered(&self, node: &str) -> bool {
        self.machines.get(node).is_some_and(|m| m.powered)
    }
    pub fn is_connected(&self, node: &str) -> bool {
        self.machines.get(node).is_some_and(|m| m.connected)
    }
}

/// A node as the cluster view draws it.
#[derive(Clone, Debug, Serialize)]
pub struct NodeView<'a> {
    pub node: &'a Node,
    pub powered: bool,
    pub connected: bool,
    pub requested_cpu: u64,
    pub requested_memory: u64,
    pub pods: Vec<String>,
    pub last_lease_renew_ms: Option<Millis>,
    pub images: Vec<String>,
}

/// A pod with its live usage.
#[derive(Clone, Debug, Serialize)]
pub struct PodView<'a> {
    pub pod: &'a Pod,
    pub cpu_usage: u64,
    pub rps: f64,
}
