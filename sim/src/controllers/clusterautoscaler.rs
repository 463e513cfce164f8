//! Node removal and the Cluster Autoscaler for one node group (kubernetes/autoscaler,
//! `cluster-autoscaler/core/static_autoscaler.go`, `estimator/binpacking_estimator.go`,
//! `core/scaledown`). `autoscaler.rs` is the HPA loop; this is the node one.
//!
//! **Node removal** (the CA's drain, and the `node delete` command): the node is cordoned
//! (CA: the `ToBeDeletedByClusterAutoscaler:NoSchedule` taint), its pods are evicted with a
//! grace period capped at max-graceful-termination-sec (their ReplicaSets replace them
//! elsewhere), and once no pod is bound to it, or at that deadline (remaining pods are then
//! force-deleted, as the pod garbage collector does for pods of a deleted node), the Node
//! object, its Lease and its machine go. Every per-node index (scheduler cache, pods by node,
//! node-lifecycle queues) forgets it; ids are generation-checked, so a reused slot never
//! reaches the old node.
//!
//! **The autoscaler** runs every scan-interval (not every tick):
//! - scale-up: unschedulable pods (PodScheduled=False, Unschedulable) that fit neither an
//!   existing nor an upcoming node (filterOutSchedulable) are bin-packed first-fit (largest
//!   first) onto template nodes of the group's shape, with the scheduler's own filters; pods
//!   that do not fit an empty template node get NotTriggerScaleUp; the count is capped by max.
//!   New nodes register after the provisioning delay.
//! - scale-down: a Ready node whose utilization (max of cpu and memory requests over
//!   allocatable) is below the threshold and whose pods all fit on other nodes (simulated) is
//!   unneeded (at most scale-down-non-empty-candidates-count new non-empty candidates are
//!   simulated per scan); after scale-down-unneeded-time, outside the cooldowns (delay after add, delete,
//!   failure) and above min size, it is removed: empty nodes in bulk (max-empty-bulk-delete),
//!   otherwise one at a time.

// Built without the feature `cluster-autoscaler`, the controller is never started: its code is unused.
#![cfg_attr(not(feature = "cluster-autoscaler"), allow(dead_code, unused_imports))]

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::engine::{Sim, Timer};
use crate::scheduler::{NodeInfo, PodInfo, filter};
use crate::util::Millis;
use serde::Serialize;
use std::sync::Arc;

/// The taint cluster-autoscaler puts on a node it is removing (`utils/taints/taints.go`).
pub const TAINT_TO_BE_DELETED: &str = "ToBeDeletedByClusterAutoscaler";
/// The one node group's name (every worker node belongs to it).
pub const GROUP_NAME: &str = "nodes";
/// Name prefix of the nodes the autoscaler adds.
pub const NEW_NODE_PREFIX: &str = "ca-node-";

/// A node the cloud is bringing up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvisioningNode {
    pub node: String,
    pub requested_ms: Millis,
    pub ready_ms: Millis,
}

/// A node the autoscaler found unneeded, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnneededNode {
    pub node: String,
    pub since_ms: Millis,
    pub utilization_permille: u32,
}

/// What the last scan decided.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CaDecision {
    pub time_ms: Millis,
    /// Unschedulable pods seen.
    pub pending_pods: u32,
    /// Nodes the bin packing wanted, and how many were asked for (after the max cap).
    pub wanted_nodes: u32,
    pub added_nodes: u32,
    /// Pods that fit no node of the group's shape.
    pub unhelpable_pods: u32,
    pub unneeded_nodes: u32,
    /// Nodes whose removal started in this scan.
    pub removed: Vec<String>,
    /// Scale-down held by a cooldown (delay after add, delete or failure).
    pub scale_down_in_cooldown: bool,
}

/// The node group the app draws (see [`Sim::node_group`]).
#[derive(Clone, Debug, Serialize)]
pub struct NodeGroupView {
    pub name: &'static str,
    pub min: u32,
    pub max: u32,
    /// Registered nodes not being removed, plus provisioning ones (the target size).
    pub size: u32,
    pub template_cpu: u64,
    pub template_memory: u64,
    pub provisioning: Vec<ProvisioningNode>,
    pub unneeded: Vec<UnneededNode>,
    pub removing: Vec<String>,
    pub last_scale_up_ms: Option<Millis>,
    pub last_scale_down_ms: Option<Millis>,
    pub last_failure_ms: Option<Millis>,
    pub last_decision: Option<CaDecision>,
}

#[derive(Clone, Debug)]
pub(crate) struct NodeGroup {
    min: u32,
    max: u32,
    template: Node,
    provisioning: Vec<ProvisioningNode>,
    /// Sorted by node name.
    unneeded: Vec<UnneededNode>,
    last_scale_up_ms: Option<Millis>,
    last_scale_down_ms: Option<Millis>,
    last_failure_ms: Option<Millis>,
    last: Option<CaDecision>,
}

/// The autoscaler's state and the nodes being removed.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClusterAutoscaler {
    pub(crate) group: Option<NodeGroup>,
    /// Nodes being removed (by anyone): name and the deadline, sorted by name.
    pub(crate) removing: Vec<(Arc<str>, Millis)>,
    /// The scan timer's generation (turning the autoscaler off and on drops old timers).
    scan_gen: u64,
    next_name: u32,
}

fn ca() -> Actor {
    Actor::new(Component::ClusterAutoscaler)
}

/// `max(cpu, memory)` requests over allocatable, in thousandths (`utilization.Calculate`).
pub fn utilization_permille(n: &NodeInfo) -> u32 {
    let r = |req: u64, alloc: u64| {
        req.saturating_mul(1000)
            .checked_div(alloc)
            .map_or(0, |v| v.min(u32::MAX as u64) as u32)
    };
    r(n.req_cpu, n.alloc_cpu).max(r(n.req_mem, n.alloc_mem))
}

fn add_pod(n: &mut NodeInfo, p: &PodInfo<'_>) {
    n.req_cpu += p.req_cpu;
    n.req_mem += p.req_mem;
    n.nz_cpu += p.nz_cpu;
    n.nz_mem += p.nz_mem;
    n.pods += 1;
}

impl Sim {
    // --- node removal -----------------------------------------------------------------------

    /// The scheduler's view of every node not being removed, with its current requests.
    fn infos_staying(&self) -> Vec<NodeInfo> {
        self.c
            .scheduler
            .node_infos()
            .iter()
            .filter(|n| !self.is_removing(&n.name))
            .cloned()
            .collect()
    }

    pub(crate) fn is_removing(&self, node: &str) -> bool {
        self.ca.removing.iter().any(|(n, _)| &**n == node)
    }

    /// Starts removing a node: cordon (or the CA taint), evict its pods, delete the Node once
    /// they are gone or at the max-graceful-termination deadline. Returns the pods evicted.
    pub(crate) fn begin_node_removal(&mut self, node: &str, by: Actor) -> u32 {
        if self.is_removing(node) {
            return 0;
        }
        let Some(mut n) = self.api.store().node(node).cloned() else {
            return 0;
        };
        if by.component == Component::ClusterAutoscaler {
            if !n.has_taint(TAINT_TO_BE_DELETED, TaintEffect::NoSchedule) {
                n.spec.taints.push(Taint {
                    key: TAINT_TO_BE_DELETED.into(),
                    value: self.api.now().to_string(),
                    effect: TaintEffect::NoSchedule,
                    time_added_ms: Some(self.api.now()),
                });
            }
        } else if !n.spec.unschedulable {
            n.spec.unschedulable = true;
            n.spec.taints.push(Taint {
                key: crate::scheduler::TAINT_UNSCHEDULABLE.into(),
                value: String::new(),
                effect: TaintEffect::NoSchedule,
                time_added_ms: Some(self.api.now()),
            });
        }
        self.api.update_node(n);
        let max_grace = self.api.timing().ca_max_graceful_termination.ms;
        let name = self.node_arc(node);
        let deadline = self.api.now() + max_grace;
        let pos = self.ca.removing.partition_point(|(n, _)| **n < *node);
        self.ca.removing.insert(pos, (name.clone(), deadline));
        self.schedule_timer(deadline, Timer::NodeRemovalDeadline(name));
        let victims = self.live_pods_on_node(node);
        self.emit(
            by.clone(),
            ObjectRef::new(Kind::Node, "", node),
            EventKind::NodeRemoving {
                pods: victims.len() as u32,
                deadline_ms: max_grace,
            },
        );
        for k in &victims {
            let Some(p) = self.api.store().get_by_key::<Pod>(k) else {
                continue;
            };
            let pref = p.reference();
            let grace = p
                .spec
                .termination_grace_period_seconds
                .map_or(self.api.timing().termination_grace.ms, |s| s * 1000)
                .min(max_grace);
            self.api.delete_pod(k, Some(grace));
            self.emit(by.clone(), pref, EventKind::Evicted);
        }
        victims.len() as u32
    }

    /// Settle step: deletes removed nodes that no pod is bound to any more.
    pub(crate) fn run_node_removal(&mut self) -> bool {
        if self.ca.removing.is_empty() {
            return false;
        }
        let done: Vec<Arc<str>> = self
            .ca
            .removing
            .iter()
            .filter(|(n, _)| self.api.pod_slots_on_node(n).is_empty())
            .map(|(n, _)| n.clone())
            .collect();
        for n in &done {
            self.finish_node_removal(n);
        }
        !done.is_empty()
    }

    /// The removal deadline: pods still bound are force-deleted, then the node goes.
    pub(crate) fn node_removal_deadline(&mut self, node: &str) {
        if self
            .ca
            .removing
            .iter()
            .any(|(n, at)| &**n == node && *at <= self.api.now())
        {
            self.finish_node_removal(node);
        }
    }

    /// Deletes the Node object and everything kept per node.
    fn finish_node_removal(&mut self, node: &str) {
        self.ca.removing.retain(|(n, _)| &**n != node);
        if let Some(g) = self.ca.group.as_mut() {
            g.unneeded.retain(|u| u.node != node);
        }
        for k in self.pods_on_node(node) {
            self.api.remove_pod(&k);
        }
        // Every per-node record (scheduler cache, machine, timers, node-lifecycle queues)
        // goes in its owner's handler of the deletion.
        self.api.delete_node(node);
    }

    // --- the autoscaler ---------------------------------------------------------------------

    /// `autoscaler nodes --min N --max M`: turns the autoscaler on (or changes the bounds).
    /// The template is the first worker node's shape, else the default shape.
    pub(crate) fn configure_node_group(&mut self, min: u32, max: u32) {
        let template = self
            .api
            .store()
            .list::<Node>()
            .next()
            .map(|n| {
                let mut t = n.clone();
                t.metadata = ObjectMeta {
                    labels: n.metadata.labels.clone(),
                    ..Default::default()
                };
                t.metadata.labels.remove("kubernetes.io/hostname");
                t.spec = NodeSpec::default();
                t.status.conditions.clear();
                t.status.images.clear();
                t
            })
            .unwrap_or_else(|| {
                let res = NodeResources {
                    cpu: Cpu(crate::config::defaults::CA_NODE_CPU.value),
                    memory: Mem(crate::config::defaults::CA_NODE_MEMORY.value),
                    pods: crate::config::defaults::MAX_PODS.value as u32,
                };
                Node::with_resources("", res)
            });
        let was_on = self.ca.group.is_some();
        match self.ca.group.as_mut() {
            Some(g) => {
                g.min = min;
                g.max = max;
            }
            None => {
                self.ca.group = Some(NodeGroup {
                    min,
                    max,
                    template,
                    provisioning: Vec::new(),
                    unneeded: Vec::new(),
                    last_scale_up_ms: None,
                    last_scale_down_ms: None,
                    last_failure_ms: None,
                    last: None,
                })
            }
        }
        let size = self.group_size();
        self.emit(
            Actor::new(Component::User),
            ObjectRef::new(Kind::Deployment, "kube-system", "cluster-autoscaler"),
            EventKind::NodeGroupConfigured { min, max, size },
        );
        if !was_on {
            self.ca.scan_gen += 1;
            let at = self.api.now() + self.api.timing().ca_scan_interval.ms;
            self.schedule_timer(at, Timer::CaScan(self.ca.scan_gen));
        }
    }

    /// `autoscaler off`. Nodes already requested still come up; removals in progress finish.
    pub(crate) fn disable_node_group(&mut self) {
        if self.ca.group.take().is_some() {
            self.ca.scan_gen += 1;
            self.emit(
                Actor::new(Component::User),
                ObjectRef::new(Kind::Deployment, "kube-system", "cluster-autoscaler"),
                EventKind::NodeGroupDisabled,
            );
        }
    }

    /// Registered nodes not being removed, plus the ones provisioning.
    fn group_size(&self) -> u32 {
        let registered = self.api.store().count::<Node>() - self.ca.removing.len();
        let prov = self.ca.group.as_ref().map_or(0, |g| g.provisioning.len());
        (registered + prov) as u32
    }

    /// The scan timer.
    pub(crate) fn ca_scan(&mut self, gen_: u64) {
        if gen_ != self.ca.scan_gen || self.ca.group.is_none() {
            return;
        }
        let next = self.api.now() + self.api.timing().ca_scan_interval.ms;
        self.schedule_timer(next, Timer::CaScan(gen_));
        // The autoscaler works through the API server.
        if !self.api_writable() {
            return;
        }
        let mut d = CaDecision {
            time_ms: self.api.now(),
            ..Default::default()
        };
        let scaled_up = self.ca_scale_up(&mut d);
        self.ca_scale_down(&mut d, scaled_up);
        if let Some(g) = self.ca.group.as_mut() {
            g.last = Some(d);
        }
    }

    fn template_info(&self) -> Option<NodeInfo> {
        self.ca
            .group
            .as_ref()
            .map(|g| NodeInfo::from_node(&g.template))
    }

    /// Scale-up (`ScaleUp` with the binpacking estimator). Returns whether nodes were added.
    fn ca_scale_up(&mut self, d: &mut CaDecision) -> bool {
        let Some(template) = self.template_info() else {
            return false;
        };
        let delay = self.api.timing().ca_new_pod_scale_up_delay.ms;
        let now = self.api.now();
        // Unschedulable pods: queued, unbound, PodScheduled=False/Unschedulable.
        let mut pending: Vec<(u64, Arc<str>)> = Vec::new();
        for id in self.c.scheduler.queued_ids() {
            let Some(p) = self.api.store().at::<Pod>(id) else {
                continue;
            };
            let unsched = p
                .status
                .condition(PodConditionType::PodScheduled)
                .is_some_and(|c| c.status == ConditionStatus::False && c.reason == "Unschedulable");
            if !unsched || p.is_terminating() || p.node().is_some() {
                continue;
            }
            if now.saturating_sub(p.metadata.creation_ms) < delay {
                continue;
            }
            let (c, m) = p.spec.requests();
            // Largest first, relative to the template (the estimator's pod score).
            let score = c.saturating_mul(1_000_000) / template.alloc_cpu.max(1)
                + m.saturating_mul(1_000_000) / template.alloc_mem.max(1);
            if let Some(k) = self.api.store().key_at::<Pod>(id) {
                pending.push((score, k.clone()));
            }
        }
        d.pending_pods = pending.len() as u32;
        if pending.is_empty() {
            return false;
        }
        crate::util::sort_by_less(&mut pending, |a, b| {
            (Reverse(a.0), &a.1) < (Reverse(b.0), &b.1)
        });
        let g = self.ca.group.as_ref().expect("group checked");
        // Existing nodes (not being removed) and upcoming ones.
        let mut infos = self.infos_staying();
        infos.extend(g.provisioning.iter().map(|_| template.clone()));
        let mut new_nodes: Vec<NodeInfo> = Vec::new();
        let mut helped: Vec<Arc<str>> = Vec::new();
        let mut unhelpable: Vec<Arc<str>> = Vec::new();
        for (_, key) in &pending {
            let Some(p) = self.api.store().get_by_key::<Pod>(key) else {
                continue;
            };
            let pi = PodInfo::of(&p.spec);
            if let Some(n) = infos.iter_mut().find(|n| filter(n, &pi).is_ok()) {
                add_pod(n, &pi); // the scheduler will place it
                continue;
            }
            if filter(&template, &pi).is_err() {
                unhelpable.push(key.clone());
                continue;
            }
            helped.push(key.clone());
            match new_nodes.iter_mut().find(|n| filter(n, &pi).is_ok()) {
                Some(n) => add_pod(n, &pi),
                None => {
                    let mut t = template.clone();
                    add_pod(&mut t, &pi);
                    new_nodes.push(t);
                }
            }
        }
        let (min_max, prev) = (g.max, g.last.clone());
        let size = self.group_size();
        let wanted = new_nodes.len() as u32;
        let room = min_max.saturating_sub(size);
        let added = wanted.min(room);
        d.wanted_nodes = wanted;
        d.added_nodes = added;
        d.unhelpable_pods = unhelpable.len() as u32;
        let same_as_last = prev.as_ref().is_some_and(|l| {
            l.pending_pods == d.pending_pods
                && l.wanted_nodes == wanted
                && l.unhelpable_pods == d.unhelpable_pods
        });
        if let Some(k) = unhelpable.first()
            && !same_as_last
            && let Some(p) = self.api.store().get_by_key::<Pod>(k)
        {
            let r = p.reference();
            self.emit(
                ca(),
                r,
                EventKind::NotTriggerScaleUp {
                    pods: unhelpable.len() as u32,
                },
            );
        }
        let first = helped
            .first()
            .and_then(|k| self.api.store().get_by_key::<Pod>(k))
            .map(|p| p.reference());
        if added > 0 {
            if let Some(r) = first.clone() {
                self.emit(
                    ca(),
                    r,
                    EventKind::TriggeredScaleUp {
                        pods: helped.len() as u32,
                        nodes: added,
                        from: size,
                        to: size + added,
                        max: min_max,
                    },
                );
            }
            let delay = self.api.timing().node_provision.ms;
            for _ in 0..added {
                let name = self.next_ca_node_name();
                if let Some(g) = self.ca.group.as_mut() {
                    g.provisioning.push(ProvisioningNode {
                        node: name.clone(),
                        requested_ms: now,
                        ready_ms: now + delay,
                    });
                }
                self.schedule_timer(now + delay, Timer::NodeProvisioned(Arc::from(name)));
            }
            if let Some(g) = self.ca.group.as_mut() {
                g.last_scale_up_ms = Some(now);
            }
        }
        if added < wanted
            && (added > 0 || !same_as_last)
            && let Some(r) = first
        {
            self.emit(
                ca(),
                r,
                EventKind::ScaleUpCapped {
                    pods: helped.len() as u32,
                    wanted,
                    max: min_max,
                },
            );
        }
        added > 0
    }

    fn next_ca_node_name(&mut self) -> String {
        loop {
            self.ca.next_name += 1;
            let name = format!("{NEW_NODE_PREFIX}{}", self.ca.next_name);
            let taken = self.api.store().node(&name).is_some()
                || self
                    .ca
                    .group
                    .as_ref()
                    .is_some_and(|g| g.provisioning.iter().any(|p| p.node == name));
            if !taken {
                return name;
            }
        }
    }

    /// A requested node's machine is up: its kubelet registers it. While the API refuses
    /// writes it retries every scan interval, up to max-node-provision-time.
    pub(crate) fn node_provisioned(&mut self, name: &str) {
        let requested = self.ca.group.as_ref().and_then(|g| {
            g.provisioning
                .iter()
                .find(|p| p.node == name)
                .map(|p| p.requested_ms)
        });
        let template = self.ca.group.as_ref().map(|g| g.template.clone());
        let Some(mut node) = template else {
            return; // the autoscaler was turned off: the request is cancelled
        };
        let Some(requested) = requested else {
            return;
        };
        node.metadata.name = name.to_string();
        node.metadata
            .labels
            .insert("kubernetes.io/hostname".into(), name.to_string());
        let ok = self.api_writable() && self.register_node(node).is_ok();
        if ok {
            if let Some(g) = self.ca.group.as_mut() {
                g.provisioning.retain(|p| p.node != name);
            }
            return;
        }
        let limit = self.api.timing().ca_max_node_provision.ms;
        if self.api.now().saturating_sub(requested) >= limit {
            if let Some(g) = self.ca.group.as_mut() {
                g.provisioning.retain(|p| p.node != name);
                g.last_failure_ms = Some(self.api.now());
            }
            self.emit(
                ca(),
                ObjectRef::new(Kind::Node, "", name),
                EventKind::ScaleUpTimedOut { after_ms: limit },
            );
        } else {
            let at =
                (self.api.now() + self.api.timing().ca_scan_interval.ms).min(requested + limit);
            self.schedule_timer(at, Timer::NodeProvisioned(Arc::from(name)));
        }
    }

    /// Scale-down: unneeded nodes, then removal outside the cooldowns.
    fn ca_scale_down(&mut self, d: &mut CaDecision, scaled_up: bool) {
        let Some(g) = self.ca.group.as_ref() else {
            return;
        };
        let threshold = crate::config::defaults::CA_SCALE_DOWN_UTILIZATION_THRESHOLD.value as u32;
        let now = self.api.now();
        // Destinations: every node not being removed, with its current requests.
        let mut dest = self.infos_staying();
        let mut unneeded: Vec<UnneededNode> = Vec::new();
        let mut fresh: Vec<(String, u32)> = Vec::new();
        // Candidates: schedulable nodes below the threshold, the ones already unneeded first
        // (they keep their timers), then the rest in name order. `g.unneeded` is sorted.
        let was_unneeded = |name: &str| {
            g.unneeded
                .binary_search_by(|u| u.node.as_str().cmp(name))
                .ok()
                .map(|i| &g.unneeded[i])
        };
        let mut candidates: Vec<(usize, u32)> = Vec::new();
        for pass in [true, false] {
            for (i, n) in dest.iter().enumerate() {
                let util = utilization_permille(n);
                if !n.unschedulable && util < threshold && was_unneeded(&n.name).is_some() == pass {
                    candidates.push((i, util));
                }
            }
        }
        let mut gone = vec![false; dest.len()];
        // Pods simulated onto each node from nodes found unneeded earlier in this scan: a
        // later candidate must re-home them too (the snapshot keeps the moves).
        let mut moved_in: Vec<Vec<Arc<str>>> = vec![Vec::new(); dest.len()];
        let mut placed_keys: Vec<(usize, Arc<str>)> = Vec::new();
        let mut placed: Vec<(usize, [u64; 4])> = Vec::new();
        // Non-empty nodes whose pods are simulated per scan
        // (scale-down-non-empty-candidates-count); unneeded ones beyond it keep their verdict.
        let mut budget = crate::config::defaults::CA_SCALE_DOWN_NON_EMPTY_CANDIDATES.value as u32;
        for (ci, util) in candidates {
            let name = dest[ci].name.clone();
            let was = was_unneeded(&name);
            let empty = dest[ci].pods == 0;
            if !empty && budget == 0 {
                if let Some(u) = was
                    && moved_in[ci].is_empty()
                {
                    gone[ci] = true;
                    let at = unneeded.partition_point(|x: &UnneededNode| *x.node < *name);
                    unneeded.insert(
                        at,
                        UnneededNode {
                            utilization_permille: util,
                            ..u.clone()
                        },
                    );
                }
                continue;
            }
            let ready = self
                .api
                .store()
                .node(&name)
                .is_some_and(|n| n.ready_status() == ConditionStatus::True);
            if !ready {
                continue;
            }
            if !empty {
                budget -= 1;
            }
            let mut pods: Vec<Arc<str>> = std::mem::take(&mut moved_in[ci]);
            let moved_here = pods.len();
            pods.extend(self.pods_on_node(&name).into_iter().filter(|k| {
                self.api
                    .store()
                    .get_by_key::<Pod>(k)
                    .is_some_and(|p| !p.is_terminating())
            }));
            // Every pod must be replicated (owned) and fit on another node.
            placed.clear();
            placed_keys.clear();
            let mut ok = true;
            for k in &pods {
                let Some(p) = self.api.store().get_by_key::<Pod>(k) else {
                    continue;
                };
                if p.metadata.owner.is_none() {
                    ok = false; // not backed by a controller: blocks scale-down
                    break;
                }
                let mut pi = PodInfo::of(&p.spec);
                pi.node_name = None; // as a new pod of its controller
                let to =
                    (0..dest.len()).find(|&j| j != ci && !gone[j] && filter(&dest[j], &pi).is_ok());
                match to {
                    Some(j) => {
                        add_pod(&mut dest[j], &pi);
                        placed.push((j, [pi.req_cpu, pi.req_mem, pi.nz_cpu, pi.nz_mem]));
                        placed_keys.push((j, k.clone()));
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                for &(j, r) in &placed {
                    let n = &mut dest[j];
                    n.req_cpu -= r[0];
                    n.req_mem -= r[1];
                    n.nz_cpu -= r[2];
                    n.nz_mem -= r[3];
                    n.pods -= 1;
                }
                moved_in[ci] = pods[..moved_here].to_vec();
                continue;
            }
            for (j, k) in placed_keys.drain(..) {
                moved_in[j].push(k);
            }
            let since = match was {
                Some(u) => u.since_ms,
                None => {
                    fresh.push((name.to_string(), util));
                    now
                }
            };
            gone[ci] = true;
            let at = unneeded.partition_point(|u: &UnneededNode| *u.node < *name);
            unneeded.insert(
                at,
                UnneededNode {
                    node: name.to_string(),
                    since_ms: since,
                    utilization_permille: util,
                },
            );
        }
        let (min, last_up, last_down, last_fail) = (
            g.min,
            g.last_scale_up_ms,
            g.last_scale_down_ms,
            g.last_failure_ms,
        );
        d.unneeded_nodes = unneeded.len() as u32;
        for (n, util) in fresh {
            self.emit(
                ca(),
                ObjectRef::new(Kind::Node, "", &n),
                EventKind::NodeNotNeeded {
                    utilization_permille: util,
                    threshold_permille: threshold,
                },
            );
        }
        let t = self.api.timing();
        let after = |at: Option<Millis>, delay: Millis| at.is_some_and(|a| now < a + delay);
        let cooldown = scaled_up
            || after(last_up, t.ca_delay_after_add.ms)
            || after(last_down, t.ca_delay_after_delete.ms)
            || after(last_fail, t.ca_delay_after_failure.ms);
        d.scale_down_in_cooldown = cooldown;
        let unneeded_time = t.ca_scale_down_unneeded.ms;
        if let Some(g) = self.ca.group.as_mut() {
            g.unneeded = unneeded.clone();
        }
        if cooldown {
            return;
        }
        let registered = (self.api.store().count::<Node>() - self.ca.removing.len()) as u32;
        let mut room = registered.saturating_sub(min);
        let ripe: Vec<&UnneededNode> = unneeded
            .iter()
            .filter(|u| now.saturating_sub(u.since_ms) >= unneeded_time)
            .collect();
        let live_pods = |s: &Sim, n: &str| s.live_pods_on_node(n).len() as u32;
        let mut chosen: Vec<(String, u32, u32, Millis)> = Vec::new();
        let bulk = crate::config::defaults::CA_MAX_EMPTY_BULK_DELETE.value as u32;
        for u in &ripe {
            if room == 0 || chosen.len() as u32 >= bulk {
                break;
            }
            if live_pods(self, &u.node) == 0 {
                chosen.push((u.node.clone(), u.utilization_permille, 0, u.since_ms));
                room -= 1;
            }
        }
        // Non-empty nodes: one at a time, and not while another drain runs.
        let draining = self.ca.removing.iter().any(|(n, _)| live_pods(self, n) > 0);
        if chosen.is_empty()
            && room > 0
            && !draining
            && let Some(u) = ripe.first()
        {
            let pods = live_pods(self, &u.node);
            chosen.push((u.node.clone(), u.utilization_permille, pods, u.since_ms));
        }
        for (n, util, pods, since) in chosen {
            self.emit(
                ca(),
                ObjectRef::new(Kind::Node, "", &n),
                EventKind::ScaleDown {
                    utilization_permille: util,
                    pods,
                    unneeded_ms: now - since,
                },
            );
            self.begin_node_removal(&n, ca());
            d.removed.push(n);
        }
        if !d.removed.is_empty()
            && let Some(g) = self.ca.group.as_mut()
        {
            g.last_scale_down_ms = Some(now);
            let removed = &d.removed;
            g.unneeded.retain(|u| !removed.contains(&u.node));
        }
    }

    // --- read API ---------------------------------------------------------------------------

    /// The autoscaled node group, when the autoscaler is on.
    pub fn node_group(&self) -> Option<NodeGroupView> {
        let g = self.ca.group.as_ref()?;
        Some(NodeGroupView {
            name: GROUP_NAME,
            min: g.min,
            max: g.max,
            size: self.group_size(),
            template_cpu: g.template.status.allocatable.cpu.0,
            template_memory: g.template.status.allocatable.memory.0,
            provisioning: g.provisioning.clone(),
            unneeded: g.unneeded.clone(),
            removing: self
                .ca
                .removing
                .iter()
                .map(|(n, _)| n.to_string())
                .collect(),
            last_scale_up_ms: g.last_scale_up_ms,
            last_scale_down_ms: g.last_scale_down_ms,
            last_failure_ms: g.last_failure_ms,
            last_decision: g.last.clone(),
        })
    }

    /// Since when the autoscaler has found a node unneeded.
    pub fn node_unneeded_since(&self, node: &str) -> Option<Millis> {
        let g = self.ca.group.as_ref()?;
        g.unneeded
            .iter()
            .find(|u| u.node == node)
            .map(|u| u.since_ms)
    }

    /// Nodes being removed (drained; the Node object goes when their pods are gone).
    pub fn nodes_being_removed(&self) -> Vec<String> {
        self.ca
            .removing
            .iter()
            .map(|(n, _)| n.to_string())
            .collect()
    }
}

use std::cmp::Reverse;
