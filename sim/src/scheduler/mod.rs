//! kube-scheduler: the scheduling queue, the node cache, and one scheduling cycle with the
//! default plugins (`pkg/scheduler/apis/config/v1/default_plugins.go`).
//!
//! Filters, in upstream order: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity
//! (with `nodeSelector`), NodeResourcesFit. Scores: TaintToleration (weight 3), NodeAffinity (2),
//! NodeResourcesFit (1, LeastAllocated or MostAllocated), NodeResourcesBalancedAllocation (1).
//! Integer arithmetic as in Go (truncating division), `DefaultNormalizeScore`, adaptive
//! `percentageOfNodesToScore` with a round-robin `nextStartNodeIndex`, and `selectHost`'s
//! reservoir sampling among top-score ties using the engine's seeded RNG.
//!
//! Not modelled (see ARCHITECTURE.md): PodTopologySpread, InterPodAffinity, ImageLocality,
//! NodePorts, volume plugins, preemption (PostFilter), and parallel filtering.

mod component;
pub use component::SchedulerTimer;

use crate::api::index::{Id, KeySet, Names};
use crate::api::objects::*;
use crate::config::defaults as d;
use crate::util::{Millis, Ring, Rng};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

pub use crate::config::scheduler::{SchedulerConfig, ScoringStrategy};

// ---------------------------------------------------------------------------------------------
// Node cache
// ---------------------------------------------------------------------------------------------

/// What the scheduler knows about a node: the node object's scheduling fields plus the sum of
/// the requests of the pods bound to it (the scheduler cache's `NodeInfo`).
#[derive(Clone, Debug, Serialize)]
pub struct NodeInfo {
    pub name: Arc<str>,
    pub labels: Labels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub alloc_cpu: u64,
    pub alloc_mem: u64,
    pub alloc_pods: u32,
    /// Sum of pod requests (as set; missing = 0).
    pub req_cpu: u64,
    pub req_mem: u64,
    /// Sum of pod requests with the non-zero defaults (100m / 200Mi) for scoring.
    pub nz_cpu: u64,
    pub nz_mem: u64,
    pub pods: u32,
}

impl NodeInfo {
    pub fn from_node(n: &Node) -> NodeInfo {
        NodeInfo {
            name: Arc::from(n.metadata.name.as_str()),
            labels: n.metadata.labels.clone(),
            taints: n.spec.taints.clone(),
            unschedulable: n.spec.unschedulable,
            alloc_cpu: n.status.allocatable.cpu.0,
            alloc_mem: n.status.allocatable.memory.0,
            alloc_pods: n.status.allocatable.pods,
            req_cpu: 0,
            req_mem: 0,
            nz_cpu: 0,
            nz_mem: 0,
            pods: 0,
        }
    }
}

/// A pod's scheduling-relevant data, computed once per cycle (PreFilter).
#[derive(Clone, Debug)]
pub struct PodInfo<'a> {
    pub req_cpu: u64,
    pub req_mem: u64,
    pub nz_cpu: u64,
    pub nz_mem: u64,
    pub node_name: Option<&'a str>,
    pub node_selector: &'a Labels,
    pub required: Option<&'a NodeSelector>,
    pub preferred: &'a [PreferredSchedulingTerm],
    pub tolerations: &'a [Toleration],
    pub tolerates_unschedulable: bool,
}

impl<'a> PodInfo<'a> {
    pub fn of(spec: &'a PodSpec) -> PodInfo<'a> {
        let (req_cpu, req_mem) = spec.requests();
        let (nz_cpu, nz_mem) = spec.non_zero_requests();
        let na = spec
            .affinity
            .as_ref()
            .and_then(|a| a.node_affinity.as_ref());
        PodInfo {
            req_cpu,
            req_mem,
            nz_cpu,
            nz_mem,
            node_name: spec.node_name.as_deref(),
            node_selector: &spec.node_selector,
            required: na.and_then(|a| {
                a.required_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            preferred: na.map_or(&[][..], |a| {
                &a.preferred_during_scheduling_ignored_during_execution[..]
            }),
            tolerations: &spec.tolerations,
            tolerates_unschedulable: tolerates(
                &spec.tolerations,
                &Taint::new(TAINT_UNSCHEDULABLE, TaintEffect::NoSchedule),
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Plugin {
    NodeUnschedulable,
    NodeName,
    TaintToleration,
    NodeAffinity,
    NodeResourcesFit,
    NodeResourcesBalancedAllocation,
}

/// Why a filter rejected a node; `message()` gives upstream's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason")]
pub enum FilterReason {
    Unschedulable,
    NodeNameMismatch,
    UntoleratedTaint { key: String, value: String },
    AffinityMismatch,
    TooManyPods,
    Insufficient { cpu: bool, memory: bool },
}

impl FilterReason {
    /// Upstream's reason strings (one per insufficient resource).
    pub fn messages(&self) -> Vec<String> {
        match self {
            FilterReason::Unschedulable => vec!["node(s) were unschedulable".into()],
            FilterReason::NodeNameMismatch => {
                vec!["node(s) didn't match the requested node name".into()]
            }
            FilterReason::UntoleratedTaint { key, value } => {
                vec![format!("node(s) had untolerated taint {{{key}: {value}}}")]
            }
            FilterReason::AffinityMismatch => {
                vec!["node(s) didn't match Pod's node affinity/selector".into()]
            }
            FilterReason::TooManyPods => vec!["Too many pods".into()],
            FilterReason::Insufficient { cpu, memory } => {
                let mut v = Vec::new();
                if *cpu {
                    v.push("Insufficient cpu".into());
                }
                if *memory {
                    v.push("Insufficient memory".into());
                }
                v
            }
        }
    }
}

/// Runs the filters in upstream order; the first failure decides.
pub fn filter(node: &NodeInfo, pod: &PodInfo<'_>) -> Result<(), (Plugin, FilterReason)> {
    // NodeUnschedulable
    if node.unschedulable && !pod.tolerates_unschedulable {
        return Err((Plugin::NodeUnschedulable, FilterReason::Unschedulable));
    }
    // NodeName
    if let Some(n) = pod.node_name
        && n != &*node.name
    {
        return Err((Plugin::NodeName, FilterReason::NodeNameMismatch));
    }
    // TaintToleration: only NoSchedule and NoExecute taints.
    for t in &node.taints {
        if t.effect != TaintEffect::PreferNoSchedule && !tolerates(pod.tolerations, t) {
            return Err((
                Plugin::TaintToleration,
                FilterReason::UntoleratedTaint {
                    key: t.key.clone(),
                    value: t.value.clone(),
                },
            ));
        }
    }
    // NodeAffinity: nodeSelector AND (any required term).
    if !pod
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v))
    {
        return Err((Plugin::NodeAffinity, FilterReason::AffinityMismatch));
    }
    if let Some(req) = pod.required
        && !req
            .node_selector_terms
            .iter()
            .any(|t| t.matches(&node.labels))
    {
        return Err((Plugin::NodeAffinity, FilterReason::AffinityMismatch));
    }
    // NodeResourcesFit (fitsRequest): pod count first, then requested resources.
    if node.pods + 1 > node.alloc_pods {
        return Err((Plugin::NodeResourcesFit, FilterReason::TooManyPods));
    }
    if pod.req_cpu == 0 && pod.req_mem == 0 {
        return Ok(());
    }
    let cpu = pod.req_cpu > 0 && pod.req_cpu > node.alloc_cpu.saturating_sub(node.req_cpu);
    let memory = pod.req_mem > 0 && pod.req_mem > node.alloc_mem.saturating_sub(node.req_mem);
    if cpu || memory {
        return Err((
            Plugin::NodeResourcesFit,
            FilterReason::Insufficient { cpu, memory },
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

/// `least_allocated.go` for one resource.
#[inline]
fn least(req: u64, alloc: u64) -> i64 {
    if req > alloc {
        0
    } else {
        ((alloc - req) * 100 / alloc) as i64
    }
}

/// `most_allocated.go` for one resource.
#[inline]
fn most(req: u64, alloc: u64) -> i64 {
    (req.min(alloc) * 100 / alloc) as i64
}

/// NodeResourcesFit score over cpu and memory (weights 1 and 1) with non-zero requests.
/// A resource with allocatable 0 is skipped and brings no weight.
pub fn fit_score(strategy: ScoringStrategy, node: &NodeInfo, pod: &PodInfo<'_>) -> i64 {
    let f = |req, alloc| match strategy {
        ScoringStrategy::LeastAllocated => least(req, alloc),
        ScoringStrategy::MostAllocated => most(req, alloc),
    };
    let mut sum = 0;
    let mut weights = 0;
    if node.alloc_cpu > 0 {
        sum += f(node.nz_cpu + pod.nz_cpu, node.alloc_cpu);
        weights += 1;
    }
    if node.alloc_mem > 0 {
        sum += f(node.nz_mem + pod.nz_mem, node.alloc_mem);
        weights += 1;
    }
    match weights {
        2 => sum / 2,
        1 => sum,
        _ => 0,
    }
}

/// NodeResourcesBalancedAllocation (`balancedResourceScorer`) with the pod's real requests.
pub fn balanced_score(node: &NodeInfo, pod: &PodInfo<'_>) -> i64 {
    let mut fr = [0f64; 2];
    let mut n = 0;
    if node.alloc_cpu > 0 {
        fr[n] = ((node.req_cpu + pod.req_cpu) as f64 / node.alloc_cpu as f64).min(1.0);
        n += 1;
    }
    if node.alloc_mem > 0 {
        fr[n] = ((node.req_mem + pod.req_mem) as f64 / node.alloc_mem as f64).min(1.0);
        n += 1;
    }
    let std = if n == 2 {
        (fr[0] - fr[1]).abs() / 2.0
    } else {
        0.0
    };
    ((1.0 - std) * 100.0) as i64
}

/// TaintToleration raw score: PreferNoSchedule taints not tolerated by the pod's tolerations
/// whose effect is PreferNoSchedule or empty (PreScore's `tolerationsPreferNoSchedule`).
pub fn taint_raw(node: &NodeInfo, pod: &PodInfo<'_>) -> i64 {
    if node.taints.is_empty() {
        return 0;
    }
    node.taints
        .iter()
        .filter(|t| {
            t.effect == TaintEffect::PreferNoSchedule
                && !pod.tolerations.iter().any(|tol| {
                    (tol.effect.is_none() || tol.effect == Some(TaintEffect::PreferNoSchedule))
                        && tol.tolerates(t)
                })
        })
        .count() as i64
}

/// NodeAffinity raw score: sum of the weights of matching preferred terms.
pub fn affinity_raw(node: &NodeInfo, pod: &PodInfo<'_>) -> i64 {
    pod.preferred
        .iter()
        .filter(|p| p.preference.matches(&node.labels))
        .map(|p| p.weight as i64)
        .sum()
}

/// `helper.DefaultNormalizeScore`.
pub fn default_normalize(scores: &mut [i64], reverse: bool) {
    let max = d::MAX_NODE_SCORE.value as i64;
    let max_count = scores.iter().copied().max().unwrap_or(0).max(0);
    if max_count == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = max);
        }
        return;
    }
    for s in scores.iter_mut() {
        let v = max * *s / max_count;
        *s = if reverse { max - v } else { v };
    }
}

/// `numFeasibleNodesToFind` (schedule_one.go).
pub fn num_feasible_nodes_to_find(num_all: u32, percentage: u32) -> u32 {
    let min_nodes = d::MIN_FEASIBLE_NODES_TO_FIND.value as u32;
    if num_all < min_nodes || percentage >= 100 {
        return num_all;
    }
    let mut pct = percentage as i64;
    if pct == 0 {
        pct =
            (50 - num_all as i64 / 125).max(d::MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND.value as i64);
    }
    let n = (num_all as i64 * pct / 100) as u32;
    n.max(min_nodes)
}

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
pub struct PluginScore {
    pub raw: i64,
    pub normalized: i64,
    pub weighted: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScorePlugin {
    pub plugin: Plugin,
    pub weight: i64,
    /// PreScore returned Skip: the plugin scored nothing for this pod.
    pub skipped: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeScoreRow {
    pub node: Arc<str>,
    /// In the order of [`Decision::plugins`].
    pub scores: [PluginScore; 4],
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FilterRow {
    pub node: Arc<str>,
    pub plugin: Plugin,
    #[serde(flatten)]
    pub reason: FilterReason,
}

/// One scheduling cycle, kept for the UI's score table and the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    pub id: u64,
    pub time_ms: Millis,
    pub pod: ObjectRef,
    pub nodes: u32,
    pub nodes_to_find: u32,
    pub start_index: u32,
    pub evaluated: u32,
    pub feasible: u32,
    /// Per-node filter failures (first `decision_rows` evaluated).
    pub filtered: Vec<FilterRow>,
    /// Filter failures counted by upstream reason text (always complete).
    pub filter_counts: Vec<crate::api::events::ReasonCount>,
    pub plugins: Vec<ScorePlugin>,
    /// Per-node scores (the best `decision_rows` feasible nodes, by total then name).
    pub scores: Vec<NodeScoreRow>,
    /// True when exactly one node was feasible, so scoring was skipped.
    pub scoring_skipped: bool,
    pub rows_truncated: bool,
    pub max_score: i64,
    pub selected: Option<Arc<str>>,
    pub selected_score: i64,
    /// Nodes tied at the top score (the choice among them is uniform random).
    pub ties: u32,
}

// ---------------------------------------------------------------------------------------------
// Queue
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ActiveKey {
    /// Higher priority first.
    neg_priority: i64,
    /// Then earlier enqueue first (PrioritySort).
    enqueued_ms: Millis,
    seq: u64,
    /// The pod's slot (never compared: `seq` is unique).
    slot: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct QueuedPod {
    pub pod: String,
    pub priority: i32,
    pub attempts: u32,
    /// First time the pod entered the queue.
    pub initial_ms: Millis,
    pub enqueued_ms: Millis,
    pub backoff_until_ms: Millis,
    #[serde(rename = "queue")]
    pub where_: QueueName,
    /// Its entry in activeQ while it waits there (None once popped).
    #[serde(skip)]
    active: Option<ActiveKey>,
    #[serde(skip)]
    id: Id,
    #[serde(skip)]
    key: Arc<str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum QueueName {
    Active,
    Backoff,
    Unschedulable,
}

/// A pod counted in a node's sums: which node, and its requests (cpu, memory, non-zero cpu,
/// non-zero memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Assigned {
    id: Id,
    node: u32,
    req: [u64; 4],
}

/// What filtering and scoring a node gave for a pod shape (see [`Scheduler::schedule`]):
/// the node was feasible, with these raw scores. Any change to the node clears it.
#[derive(Clone, Copy, Debug, Default)]
struct ScoreMemo {
    /// The pod shape the entry is for; 0 for none.
    shape: u64,
    raw: [i64; 4],
}

/// The inputs of filtering and scoring that come from the pod: two pods with equal shapes
/// get the same verdict and raw scores on the same node.
#[derive(Clone, Debug, PartialEq)]
struct PodShape {
    requests: [u64; 4],
    node_name: Option<String>,
    node_selector: Labels,
    required: Option<NodeSelector>,
    preferred: Vec<PreferredSchedulingTerm>,
    tolerations: Vec<Toleration>,
    strategy: ScoringStrategy,
}

impl PodShape {
    fn matches(&self, p: &PodInfo<'_>, strategy: ScoringStrategy) -> bool {
        self.requests == [p.req_cpu, p.req_mem, p.nz_cpu, p.nz_mem]
            && self.node_name.as_deref() == p.node_name
            && self.node_selector == *p.node_selector
            && self.required.as_ref() == p.required
            && self.preferred[..] == *p.preferred
            && self.tolerations[..] == *p.tolerations
            && self.strategy == strategy
    }
    fn of(p: &PodInfo<'_>, strategy: ScoringStrategy) -> PodShape {
        PodShape {
            requests: [p.req_cpu, p.req_mem, p.nz_cpu, p.nz_mem],
            node_name: p.node_name.map(str::to_string),
            node_selector: p.node_selector.clone(),
            required: p.required.cloned(),
            preferred: p.preferred.to_vec(),
            tolerations: p.tolerations.to_vec(),
            strategy,
        }
    }
}

/// kube-scheduler's state.
#[derive(Clone, Debug)]
pub struct Scheduler {
    pub config: SchedulerConfig,
    nodes: Vec<NodeInfo>,
    /// Node name -> position in `nodes`.
    node_index: Names,
    /// Node slot (in the store's node table) -> position in `nodes`, and back.
    pos_by_slot: Vec<u32>,
    slot_by_pos: Vec<u32>,
    /// The store slot of the node the last cycle selected.
    selected_slot: Option<u32>,
    /// Per node (by position): the raw scores of the last pod shape it was found feasible
    /// for, cleared by every change to its `NodeInfo`.
    memo: Vec<ScoreMemo>,
    /// The pod shape `memo` entries with `shape == shape_id` are for.
    shape: Option<PodShape>,
    shape_id: u64,
    /// Pods accounted in `nodes`, by pod slot.
    assigned: Vec<Option<Assigned>>,
    next_start: usize,
    /// activeQ as a heap with lazy deletion: an entry is live while its pod's
    /// `QueuedPod::active` still equals it (`seq` is unique); stale ones are dropped when
    /// they reach the top. `active_count` counts the live ones.
    active: BinaryHeap<Reverse<ActiveKey>>,
    active_count: usize,
    /// Queued pods by pod slot.
    queued: Vec<Option<QueuedPod>>,
    queued_count: usize,
    /// Queued pods waiting outside activeQ (backoff or unschedulable), key -> slot: what
    /// `flush` and `move_all_to_active_or_backoff` visit, in key order.
    waiting: KeySet,
    seq: u64,
    decisions: Ring<Decision>,
    next_decision: u64,
    /// When the queue's flush timer is set for (the next backoff completion).
    flush_at: Option<Millis>,
    // scratch space reused between cycles
    feasible: Vec<usize>,
}

fn slot_mut<T>(v: &mut Vec<Option<T>>, slot: u32) -> &mut Option<T> {
    let i = slot as usize;
    if v.len() <= i {
        v.resize_with(i + 1, || None);
    }
    &mut v[i]
}

impl Scheduler {
    pub fn new(config: SchedulerConfig) -> Scheduler {
        let hist = config.decision_history;
        Scheduler {
            config,
            nodes: Vec::new(),
            node_index: Names::new(),
            pos_by_slot: Vec::new(),
            slot_by_pos: Vec::new(),
            selected_slot: None,

            memo: Vec::new(),

            shape: None,
            shape_id: 0,
            assigned: Vec::new(),
            next_start: 0,
            active: BinaryHeap::new(),
            active_count: 0,
            queued: Vec::new(),
            queued_count: 0,
            waiting: KeySet::new(),
            seq: 0,
            decisions: Ring::new(hist),
            next_decision: 1,
            flush_at: None,
            feasible: Vec::new(),
        }
    }

    // --- cache ------------------------------------------------------------------------------

    pub fn node_infos(&self) -> &[NodeInfo] {
        &self.nodes
    }

    pub fn node_info(&self, name: &str) -> Option<&NodeInfo> {
        self.node_index.get(name).map(|&i| &self.nodes[i as usize])
    }

    fn touch(&mut self, pos: usize) {
        self.memo[pos].shape = 0;
    }

    /// Node added or updated (informer event); `slot` is its slot in the store.
    pub(crate) fn upsert_node(&mut self, n: &Node, slot: u32) {
        if let Some(&i) = self.node_index.get(n.metadata.name.as_str()) {
            let i = i as usize;
            let info = &mut self.nodes[i];
            info.labels = n.metadata.labels.clone();
            info.taints = n.spec.taints.clone();
            info.unschedulable = n.spec.unschedulable;
            info.alloc_cpu = n.status.allocatable.cpu.0;
            info.alloc_mem = n.status.allocatable.memory.0;
            info.alloc_pods = n.status.allocatable.pods;
            self.touch(i);
            return;
        }
        let info = NodeInfo::from_node(n);
        let pos = self.nodes.partition_point(|x| *x.name < *info.name);
        let name = info.name.clone();
        self.nodes.insert(pos, info);
        self.slot_by_pos.insert(pos, slot);
        self.memo.insert(pos, ScoreMemo::default());
        self.touch(pos);
        if pos + 1 < self.nodes.len() {
            // Later nodes moved one place: renumber the indexes and the accounted pods.
            let pos = pos as u32;
            for v in self.node_index.values_mut() {
                if *v >= pos {
                    *v += 1;
                }
            }
            for v in self.pos_by_slot.iter_mut() {
                if *v != u32::MAX && *v >= pos {
                    *v += 1;
                }
            }
            for a in self.assigned.iter_mut().flatten() {
                if a.node >= pos {
                    a.node += 1;
                }
            }
        }
        self.node_index.insert(name, pos as u32);
        let slot = slot as usize;
        if self.pos_by_slot.len() <= slot {
            self.pos_by_slot.resize(slot + 1, u32::MAX);
        }
        self.pos_by_slot[slot] = pos as u32;
    }

    /// Node deleted (informer event). Its pods are gone first (node removal drains it); any
    /// still accounted to it are dropped with it. Later positions move down one place.
    pub(crate) fn remove_node(&mut self, name: &str) {
        let Some(pos) = self.node_index.remove(name) else {
            return;
        };
        let p = pos as usize;
        let slot = self.slot_by_pos[p];
        self.nodes.remove(p);
        self.slot_by_pos.remove(p);
        self.memo.remove(p);
        for v in self.node_index.values_mut() {
            if *v > pos {
                *v -= 1;
            }
        }
        for v in self.pos_by_slot.iter_mut() {
            if *v == pos {
                *v = u32::MAX;
            } else if *v != u32::MAX && *v > pos {
                *v -= 1;
            }
        }
        for a in self.assigned.iter_mut() {
            match a {
                Some(x) if x.node == pos => *a = None,
                Some(x) if x.node > pos => x.node -= 1,
                _ => {}
            }
        }
        if self.selected_slot == Some(slot) {
            self.selected_slot = None;
        }
    }

    /// Pod added, updated or deleted (informer event): keeps node sums exact. `node_slot` is
    /// the store slot of the pod's node.
    pub(crate) fn account_pod(&mut self, id: Id, pod: Option<&Pod>, node_slot: Option<u32>) {
        let want = pod.and_then(|p| {
            p.node()?;
            if matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed) {
                return None;
            }
            let i = *self.pos_by_slot.get(node_slot? as usize)?;
            if i == u32::MAX {
                return None;
            }
            let (c, m) = p.spec.requests();
            let (zc, zm) = p.spec.non_zero_requests();
            Some(Assigned {
                id,
                node: i,
                req: [c, m, zc, zm],
            })
        });
        let have = self
            .assigned
            .get(id.slot as usize)
            .copied()
            .flatten()
            .filter(|a| a.id == id);
        if have == want {
            return; // a status update: nothing to re-account
        }
        if let Some(a) = have {
            let n = &mut self.nodes[a.node as usize];
            n.req_cpu -= a.req[0];
            n.req_mem -= a.req[1];
            n.nz_cpu -= a.req[2];
            n.nz_mem -= a.req[3];
            n.pods -= 1;
            self.touch(a.node as usize);
        }
        if let Some(a) = want {
            let n = &mut self.nodes[a.node as usize];
            n.req_cpu += a.req[0];
            n.req_mem += a.req[1];
            n.nz_cpu += a.req[2];
            n.nz_mem += a.req[3];
            n.pods += 1;
            self.touch(a.node as usize);
        }
        let slot = slot_mut(&mut self.assigned, id.slot);
        if want.is_some() || slot.is_some_and(|a| a.id == id) {
            *slot = want;
        }
    }

    // --- queue ------------------------------------------------------------------------------

    fn queued(&self, id: Id) -> Option<&QueuedPod> {
        self.queued
            .get(id.slot as usize)
            .and_then(Option::as_ref)
            .filter(|q| q.id == id)
    }

    fn queued_mut(&mut self, id: Id) -> Option<&mut QueuedPod> {
        self.queued
            .get_mut(id.slot as usize)
            .and_then(Option::as_mut)
            .filter(|q| q.id == id)
    }

    /// Ids of every queued pod (activeQ, backoff, unschedulable), in pod-slot order.
    pub(crate) fn queued_ids(&self) -> impl Iterator<Item = Id> + '_ {
        self.queued.iter().flatten().map(|q| q.id)
    }

    /// A pod waiting for a node enters activeQ (no-op if it is already queued).
    pub(crate) fn enqueue(&mut self, id: Id, key: &Arc<str>, priority: i32, now: Millis) {
        if self.queued(id).is_some() {
            return;
        }
        *slot_mut(&mut self.queued, id.slot) = Some(QueuedPod {
            pod: key.to_string(),
            priority,
            attempts: 0,
            initial_ms: now,
            enqueued_ms: now,
            backoff_until_ms: now,
            where_: QueueName::Active,
            active: None,
            id,
            key: key.clone(),
        });
        self.queued_count += 1;
        self.push_active(id, priority, now);
    }

    /// Removes a pod from every queue (bound, deleted, or given a node by someone else).
    pub(crate) fn forget(&mut self, id: Id) {
        if self.queued(id).is_none() {
            return;
        }
        let Some(q) = self.queued[id.slot as usize].take() else {
            return;
        };
        self.queued_count -= 1;
        if q.active.is_some() {
            self.active_count -= 1;
        }
        if q.where_ != QueueName::Active {
            self.waiting.remove(&q.key);
        }
    }

    /// The next pod to schedule (it stays queued until bound, forgotten or requeued).
    pub(crate) fn pop(&mut self) -> Option<Id> {
        while let Some(Reverse(k)) = self.active.pop() {
            if let Some(q) = self.queued[k.slot as usize].as_mut()
                && q.active == Some(k)
            {
                q.active = None;
                self.active_count -= 1;
                return Some(q.id);
            }
        }
        None
    }

    pub fn has_active(&self) -> bool {
        self.active_count > 0
    }

    fn backoff_ms(&self, attempts: u32, initial: Millis, max: Millis) -> Millis {
        let mut dur = initial;
        for _ in 1..attempts {
            dur *= 2;
            if dur > max {
                return max;
            }
        }
        dur
    }

    /// A failed attempt: the pod waits in unschedulablePods with its backoff.
    pub(crate) fn requeue_unschedulable(
        &mut self,
        id: Id,
        now: Millis,
        initial: Millis,
        max: Millis,
    ) {
        let attempts = self.queued(id).map_or(0, |q| q.attempts) + 1;
        let backoff = self.backoff_ms(attempts, initial, max);
        let Some(q) = self.queued_mut(id) else {
            return;
        };
        q.attempts = attempts;
        q.enqueued_ms = now;
        q.backoff_until_ms = now + backoff;
        q.where_ = QueueName::Unschedulable;
        let key = q.key.clone();
        self.waiting.insert_with(&key, id.slot);
    }

    /// A cluster event that may make pods schedulable (`MoveAllToActiveOrBackoffQueue`).
    pub(crate) fn move_all_to_active_or_backoff(&mut self, now: Millis) {
        let mut to_active = Vec::new();
        for (_, slot) in self.waiting.entries() {
            let Some(q) = self.queued[slot as usize].as_mut() else {
                continue;
            };
            if q.where_ == QueueName::Unschedulable {
                if q.backoff_until_ms <= now {
                    q.where_ = QueueName::Active;
                    to_active.push((q.priority, q.id));
                } else {
                    q.where_ = QueueName::Backoff;
                }
            }
        }
        self.activate(to_active, now);
    }

    /// Moves pods out of the waiting set into activeQ, in the order given.
    fn activate(&mut self, pods: Vec<(i32, Id)>, now: Millis) {
        for (p, id) in pods {
            if let Some(q) = self.queued(id) {
                let key = q.key.clone();
                self.waiting.remove(&key);
            }
            self.push_active(id, p, now);
        }
    }

    fn push_active(&mut self, id: Id, priority: i32, now: Millis) {
        self.seq += 1;
        let k = ActiveKey {
            neg_priority: -(priority as i64),
            enqueued_ms: now,
            seq: self.seq,
            slot: id.slot,
        };
        if let Some(q) = self.queued_mut(id)
            && q.active.replace(k).is_none()
        {
            self.active_count += 1;
        }
        self.active.push(Reverse(k));
    }

    /// Completed backoffs move to activeQ; pods unschedulable for longer than
    /// `podMaxInUnschedulablePodsDuration` are retried too. Returns the next wake-up time.
    pub(crate) fn flush(&mut self, now: Millis) -> Option<Millis> {
        let max_unsched = d::POD_MAX_IN_UNSCHEDULABLE.value;
        let mut to_active = Vec::new();
        let mut next: Option<Millis> = None;
        for (_, slot) in self.waiting.entries() {
            let Some(q) = self.queued[slot as usize].as_mut() else {
                continue;
            };
            let due = match q.where_ {
                QueueName::Backoff => q.backoff_until_ms <= now,
                QueueName::Unschedulable => now.saturating_sub(q.enqueued_ms) >= max_unsched,
                QueueName::Active => false,
            };
            if due {
                q.where_ = QueueName::Active;
                to_active.push((q.priority, q.id));
            } else {
                let wake = match q.where_ {
                    QueueName::Backoff => Some(q.backoff_until_ms),
                    QueueName::Unschedulable => Some(q.enqueued_ms + max_unsched),
                    QueueName::Active => None,
                };
                if let Some(w) = wake {
                    next = Some(next.map_or(w, |n: Millis| n.min(w)));
                }
            }
        }
        self.activate(to_active, now);
        next
    }

    /// The queue, for display: every pending pod with where it waits, in key order.
    pub fn queue(&self) -> impl Iterator<Item = &QueuedPod> {
        let mut v: Vec<&QueuedPod> = self.queued.iter().flatten().collect();
        crate::util::sort_by_less(&mut v, |a, b| a.key < b.key);
        v.into_iter()
    }

    pub fn pending_count(&self) -> usize {
        self.queued_count
    }

    pub fn decisions(&self) -> &Ring<Decision> {
        &self.decisions
    }

    pub fn decision(&self, id: u64) -> Option<&Decision> {
        self.decisions.iter().rev().find(|d| d.id == id)
    }

    /// Scheduling cycles run so far.
    pub fn decisions_made(&self) -> u64 {
        self.next_decision - 1
    }

    pub fn next_start_index(&self) -> usize {
        self.next_start
    }

    // --- the cycle --------------------------------------------------------------------------

    /// Filters node `idx` for a pod whose shape has no memo entry on it; a feasible node's
    /// raw scores are computed and remembered, a failure is recorded in `misses`.
    #[inline(never)]
    fn evaluate(
        &mut self,
        idx: usize,
        pod: &PodInfo<'_>,
        shape: u64,
        misses: &mut Misses,
    ) -> Option<[i64; 4]> {
        let node = &self.nodes[idx];
        match filter(node, pod) {
            Ok(()) => {
                let raw = [
                    taint_raw(node, pod),
                    if pod.preferred.is_empty() {
                        0
                    } else {
                        affinity_raw(node, pod)
                    },
                    fit_score(self.config.scoring_strategy, node, pod),
                    if pod.req_cpu == 0 && pod.req_mem == 0 {
                        0
                    } else {
                        balanced_score(node, pod)
                    },
                ];
                self.memo[idx] = ScoreMemo { shape, raw };
                Some(raw)
            }
            Err((plugin, reason)) => {
                for m in reason.messages() {
                    match misses.counts.get_mut(&m) {
                        Some(c) => *c += 1,
                        None => misses.counts.insert_with(&Arc::from(m), 1),
                    }
                }
                if misses.filtered.len() < misses.rows {
                    misses.filtered.push(FilterRow {
                        node: node.name.clone(),
                        plugin,
                        reason,
                    });
                }
                None
            }
        }
    }

    /// One scheduling cycle for `pod` (Filter, PreScore, Score, NormalizeScore, selectHost).
    /// Records the decision and returns its id; the caller binds.
    ///
    /// Filter verdicts and raw scores depend only on the node's `NodeInfo` and on the pod's
    /// shape (requests, node name, selector, affinity, tolerations, scoring strategy). They
    /// are remembered per node for the last shape and reused while neither changed, which is
    /// the common case (replicas of one template, and a bind changes one node), so most
    /// nodes cost a comparison instead of the filters and the score arithmetic. The decision
    /// is the same as without the memo, number for number.
    pub fn schedule(
        &mut self,
        pod_ref: ObjectRef,
        spec: &PodSpec,
        rng: &mut Rng,
        now: Millis,
    ) -> &Decision {
        let pod = PodInfo::of(spec);
        self.selected_slot = None;
        let n = self.nodes.len();
        let rows = self.config.decision_rows;
        let to_find =
            num_feasible_nodes_to_find(n as u32, self.config.percentage_of_nodes_to_score) as usize;
        let start = if n == 0 { 0 } else { self.next_start % n };
        let strategy = self.config.scoring_strategy;
        if !self
            .shape
            .as_ref()
            .is_some_and(|s| s.matches(&pod, strategy))
        {
            self.shape = Some(PodShape::of(&pod, strategy));
            self.shape_id += 1;
        }
        let shape = self.shape_id;
        // PreScore returns Skip for NodeAffinity without preferred terms, and for
        // BalancedAllocation when the pod requests nothing.
        let (skip_aff, skip_bal) = (
            pod.preferred.is_empty(),
            pod.req_cpu == 0 && pod.req_mem == 0,
        );
        self.feasible.clear();
        let (mut max_taint, mut max_aff) = (0i64, 0i64);
        let mut misses = Misses {
            filtered: Vec::new(),
            counts: KeySet::new(),
            rows,
        };
        let mut processed = 0;
        // From `start` round the ring of nodes until enough are feasible.
        'scan: for (lo, hi) in [(start, n), (0, start)] {
            for idx in lo..hi {
                processed += 1;
                let memo = &self.memo[idx];
                let raw = if memo.shape == shape {
                    memo.raw
                } else {
                    match self.evaluate(idx, &pod, shape, &mut misses) {
                        Some(raw) => raw,
                        None => continue,
                    }
                };
                self.feasible.push(idx);
                max_taint = max_taint.max(raw[0]);
                max_aff = max_aff.max(raw[1]);
                if self.feasible.len() >= to_find {
                    break 'scan;
                }
            }
        }
        let (filtered, counts) = (misses.filtered, misses.counts);
        if n > 0 {
            self.next_start = (start + processed) % n;
        }
        let filter_counts = counts
            .entries()
            .map(|(reason, count)| crate::api::events::ReasonCount {
                reason: reason.to_string(),
                count,
            })
            .collect();

        let plugins = vec![
            ScorePlugin {
                plugin: Plugin::TaintToleration,
                weight: d::WEIGHT_TAINT_TOLERATION.value as i64,
                skipped: false,
            },
            ScorePlugin {
                plugin: Plugin::NodeAffinity,
                weight: d::WEIGHT_NODE_AFFINITY.value as i64,
                skipped: skip_aff,
            },
            ScorePlugin {
                plugin: Plugin::NodeResourcesFit,
                weight: d::WEIGHT_NODE_RESOURCES_FIT.value as i64,
                skipped: false,
            },
            ScorePlugin {
                plugin: Plugin::NodeResourcesBalancedAllocation,
                weight: d::WEIGHT_BALANCED_ALLOCATION.value as i64,
                skipped: skip_bal,
            },
        ];
        let max_score: i64 = plugins
            .iter()
            .filter(|p| !p.skipped)
            .map(|p| p.weight * d::MAX_NODE_SCORE.value as i64)
            .sum();

        let id = self.next_decision;
        self.next_decision += 1;
        let mut decision = Decision {
            id,
            time_ms: now,
            pod: pod_ref,
            nodes: n as u32,
            nodes_to_find: to_find as u32,
            start_index: start as u32,
            evaluated: processed as u32,
            feasible: self.feasible.len() as u32,
            filtered,
            filter_counts,
            plugins,
            scores: Vec::new(),
            scoring_skipped: false,
            rows_truncated: false,
            max_score,
            selected: None,
            selected_score: 0,
            ties: 0,
        };

        if self.feasible.len() == 1 {
            // Exactly one feasible node: used directly, scoring skipped (schedule_one.go).
            decision.scoring_skipped = true;
            decision.selected = Some(self.nodes[self.feasible[0]].name.clone());
            self.selected_slot = Some(self.slot_by_pos[self.feasible[0]]);
            decision.ties = 1;
        } else if !self.feasible.is_empty() {
            let m = self.feasible.len();
            // Every feasible node has a current memo entry: its raw scores.
            let memo = &self.memo;
            let weights: [i64; 4] = std::array::from_fn(|p| {
                if decision.plugins[p].skipped {
                    0
                } else {
                    decision.plugins[p].weight
                }
            });
            let max = d::MAX_NODE_SCORE.value as i64;
            let normalize = |r: &[i64; 4]| -> [i64; 4] {
                // DefaultNormalizeScore: TaintToleration reversed, NodeAffinity straight; the
                // resource plugins already score 0..100.
                let t = if max_taint == 0 {
                    max
                } else {
                    max - max * r[0] / max_taint
                };
                let a = if skip_aff || max_aff == 0 {
                    0
                } else {
                    max * r[1] / max_aff
                };
                [t, a, r[2], r[3]]
            };
            // NormalizeScore, weights, selectHost's reservoir sampling and the best `rows`
            // rows (by total, ties by evaluation order) in one pass.
            let mut top: Vec<(i64, usize)> = Vec::with_capacity(rows.min(m));
            let mut best = i64::MIN;
            let mut chosen = 0;
            let mut ties = 0u64;
            // Without PreferNoSchedule taints or preferred terms the first two normalized
            // scores are constant (max and 0).
            let constant = max_taint == 0 && (skip_aff || max_aff == 0);
            let base = max * weights[0];
            for (j, &idx) in self.feasible.iter().enumerate() {
                let r = &memo[idx].raw;
                let t = if constant {
                    base + r[2] * weights[2] + r[3] * weights[3]
                } else {
                    let n = normalize(r);
                    n[0] * weights[0] + n[1] * weights[1] + n[2] * weights[2] + n[3] * weights[3]
                };
                top_insert(&mut top, t, j, rows);
                if t > best {
                    best = t;
                    chosen = j;
                    ties = 1;
                } else if t == best {
                    ties += 1;
                    if rng.below(ties) == 0 {
                        chosen = j;
                    }
                }
            }
            decision.selected = Some(self.nodes[self.feasible[chosen]].name.clone());
            self.selected_slot = Some(self.slot_by_pos[self.feasible[chosen]]);
            decision.selected_score = best;
            decision.ties = ties as u32;
            decision.rows_truncated = m > rows;
            decision.scores = top
                .into_iter()
                .map(|(total, j)| {
                    let r = memo[self.feasible[j]].raw;
                    let n = normalize(&r);
                    NodeScoreRow {
                        node: self.nodes[self.feasible[j]].name.clone(),
                        scores: std::array::from_fn(|p| PluginScore {
                            raw: r[p],
                            normalized: n[p],
                            weighted: n[p] * weights[p],
                        }),
                        total,
                    }
                })
                .collect();
        }
        if decision.filtered.len() as u32 + decision.feasible < decision.evaluated {
            decision.rows_truncated = true;
        }
        self.decisions.push(decision);
        self.decisions.last().expect("just pushed")
    }
}

/// Filter failures of one cycle: the first `rows` per-node rows and the counts by reason.
struct Misses {
    filtered: Vec<FilterRow>,
    counts: KeySet,
    rows: usize,
}

/// Adds candidate `j` with total `t` to `top`, the best `rows` (total, index) pairs so far,
/// best first; candidates arrive in index order, so on equal totals the earlier one stays
/// ahead and a full list only takes a strictly higher total.
#[inline]
fn top_insert(top: &mut Vec<(i64, usize)>, t: i64, j: usize, rows: usize) {
    if top.len() == rows {
        match top.last() {
            Some(&(worst, _)) if t > worst => {
                top.pop();
            }
            _ => return,
        }
    }
    let at = top.partition_point(|e| e.0 >= t);
    top.insert(at, (t, j));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, cpu: u64, mem: u64) -> NodeInfo {
        NodeInfo {
            name: Arc::from(name),
            labels: Labels::new(),
            taints: vec![],
            unschedulable: false,
            alloc_cpu: cpu,
            alloc_mem: mem,
            alloc_pods: 110,
            req_cpu: 0,
            req_mem: 0,
            nz_cpu: 0,
            nz_mem: 0,
            pods: 0,
        }
    }

    fn spec(cpu: u64, mem: u64) -> PodSpec {
        PodSpec {
            containers: vec![Container {
                name: "c".into(),
                image: "i".into(),
                resources: Resources {
                    requests: ResourceList {
                        cpu: Some(Cpu(cpu)),
                        memory: Some(Mem(mem)),
                    },
                    limits: ResourceList::default(),
                },
                readiness_probe: None,
            }],
            ..Default::default()
        }
    }

    /// `least_allocated_test.go` ("nothing scheduled, resources requested, differently sized
    /// nodes"): pod cpu 3000 mem 5000; node1 4000/10000 -> 37, node2 6000/10000 -> 50.
    /// Balanced (`balanced_allocation_test.go`, same inputs): node1 cpu 0.75 mem 0.5 -> 87,
    /// node2 cpu 0.5 mem 0.5 -> 100.
    #[test]
    fn upstream_resource_score_vectors() {
        let sp = spec(3000, 5000);
        let p = PodInfo::of(&sp);
        let n1 = node("machine1", 4000, 10000);
        let n2 = node("machine2", 6000, 10000);
        assert_eq!(fit_score(ScoringStrategy::LeastAllocated, &n1, &p), 37);
        assert_eq!(fit_score(ScoringStrategy::LeastAllocated, &n2, &p), 50);
        assert_eq!(balanced_score(&n1, &p), 87);
        assert_eq!(balanced_score(&n2, &p), 100);
        // most_allocated_test.go "resources requested, pods scheduled with resources":
        // existing 3000/5000 (+ pod 3000/5000)... simple check: cpu 3000/4000 -> 75, mem 50.
        assert_eq!(
            fit_score(ScoringStrategy::MostAllocated, &n1, &p),
            (75 + 50) / 2
        );
        // Requests above allocatable score 0 for LeastAllocated.
        assert_eq!(
            fit_score(
                ScoringStrategy::LeastAllocated,
                &n1,
                &PodInfo::of(&spec(5000, 20000))
            ),
            0
        );
    }

    #[test]
    fn top_rows_are_the_best_totals_ties_by_evaluation_order() {
        let mut rng = Rng::new(5);
        for n in 0..40 {
            let totals: Vec<i64> = (0..n).map(|_| rng.below(6) as i64).collect();
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by(|&a, &b| totals[b].cmp(&totals[a]).then(a.cmp(&b)));
            for rows in [0, 1, 3, 7, 100] {
                let mut top = Vec::new();
                for (j, &t) in totals.iter().enumerate() {
                    top_insert(&mut top, t, j, rows);
                }
                let got: Vec<usize> = top.iter().map(|e| e.1).collect();
                assert_eq!(got, want[..rows.min(n)], "n {n} rows {rows}");
            }
        }
    }

    #[test]
    fn normalize_matches_default_normalize_score() {
        let mut s = vec![0, 1, 2];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 50, 0]);
        let mut s = vec![0, 0];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 100]);
        let mut s = vec![0, 0];
        default_normalize(&mut s, false);
        assert_eq!(s, vec![0, 0]);
        let mut s = vec![5, 10, 3];
        default_normalize(&mut s, false);
        assert_eq!(s, vec![50, 100, 30]);
    }

    #[test]
    fn adaptive_percentage_of_nodes_to_score() {
        assert_eq!(num_feasible_nodes_to_find(50, 0), 50);
        assert_eq!(num_feasible_nodes_to_find(100, 0), 100);
        assert_eq!(num_feasible_nodes_to_find(1000, 0), 420); // 50 - 8 = 42%
        assert_eq!(num_feasible_nodes_to_find(5000, 0), 500); // 10%
        assert_eq!(num_feasible_nodes_to_find(6000, 0), 300); // 50-48=2%, raised to the 5% floor
        assert_eq!(num_feasible_nodes_to_find(300, 0), 144); // 50-2=48% of 300
        assert_eq!(num_feasible_nodes_to_find(1000, 5), 100); // floor at 100
        assert_eq!(num_feasible_nodes_to_find(1000, 100), 1000);
    }

    #[test]
    fn filters_report_upstream_reasons() {
        let mut n = node("n", 1000, 1000);
        n.req_cpu = 900;
        let r = filter(&n, &PodInfo::of(&spec(200, 10))).unwrap_err();
        assert_eq!(r.1.messages(), vec!["Insufficient cpu".to_string()]);
        n.pods = 110;
        assert_eq!(
            filter(&n, &PodInfo::of(&spec(0, 0))).unwrap_err().1,
            FilterReason::TooManyPods
        );
        let mut n = node("n", 1000, 1000);
        n.taints.push(Taint::new(
            "node.kubernetes.io/unreachable",
            TaintEffect::NoExecute,
        ));
        assert_eq!(
            filter(&n, &PodInfo::of(&spec(1, 1)))
                .unwrap_err()
                .1
                .messages(),
            vec!["node(s) had untolerated taint {node.kubernetes.io/unreachable: }".to_string()]
        );
        let mut n = node("n", 1000, 1000);
        n.unschedulable = true;
        assert_eq!(
            filter(&n, &PodInfo::of(&spec(1, 1))).unwrap_err().0,
            Plugin::NodeUnschedulable
        );
        // PreferNoSchedule never filters.
        let mut n = node("n", 1000, 1000);
        n.taints
            .push(Taint::new("soft", TaintEffect::PreferNoSchedule));
        assert!(filter(&n, &PodInfo::of(&spec(1, 1))).is_ok());
        assert_eq!(taint_raw(&n, &PodInfo::of(&spec(1, 1))), 1);
    }

    #[test]
    fn queue_orders_by_priority_then_time_and_backs_off() {
        let mut s = Scheduler::new(SchedulerConfig::default());
        let id = |slot| Id {
            slot,
            generation: 0,
        };
        let (a, b, c) = (id(0), id(1), id(2));
        let key = |k: &str| Arc::<str>::from(k);
        s.enqueue(a, &key("default/a"), 0, 10);
        s.enqueue(b, &key("default/b"), 5, 20);
        s.enqueue(c, &key("default/c"), 0, 5);
        assert_eq!(s.pending_count(), 3);
        assert_eq!(s.pop(), Some(b));
        assert_eq!(s.pop(), Some(c));
        s.requeue_unschedulable(c, 100, 1000, 10_000);
        s.requeue_unschedulable(c, 100, 1000, 10_000);
        assert_eq!(s.queued(c).unwrap().backoff_until_ms, 2100);
        s.move_all_to_active_or_backoff(1000);
        assert_eq!(s.queued(c).unwrap().where_, QueueName::Backoff);
        assert_eq!(s.flush(2000), Some(2100));
        s.flush(2100);
        assert_eq!(s.pop(), Some(a));
        assert_eq!(s.pop(), Some(c));
        assert_eq!(
            s.queue().map(|q| q.pod.as_str()).collect::<Vec<_>>(),
            vec!["default/a", "default/b", "default/c"]
        );
        s.forget(b);
        assert_eq!(s.pending_count(), 2);
        for attempts in [1u32, 2, 3, 4, 5, 9] {
            let b = s.backoff_ms(attempts, 1000, 10_000);
            assert_eq!(
                b,
                [1000, 2000, 4000, 8000, 10_000, 10_000][[1u32, 2, 3, 4, 5, 9]
                    .iter()
                    .position(|&a| a == attempts)
                    .unwrap()]
            );
        }
    }
}
