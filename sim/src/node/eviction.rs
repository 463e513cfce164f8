//! Node-pressure eviction for memory: the kubelet's eviction manager, the MemoryPressure node
//! condition, the `node.kubernetes.io/memory-pressure:NoSchedule` taint the node lifecycle
//! controller adds for it (TaintNodesByCondition), the `memory-pressure` node fault, and PodGC's
//! cap on terminated pods.
//!
//! Upstream: <https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/>,
//! `pkg/kubelet/eviction/{eviction_manager,helpers}.go`,
//! `pkg/controller/nodelifecycle/node_lifecycle_controller.go` (doNoScheduleTaintingPass),
//! `pkg/controller/podgc/gc_controller.go`.
//!
//! Every `evictionMonitoringPeriod` (10 s) the eviction manager of each kubelet observes
//! `memory.available = capacity - working set` (here: capacity minus the memory of the pods
//! whose containers run, minus what the fault's process holds). Below the hard threshold
//! (`memory.available<100Mi`) it reports MemoryPressure=True and evicts at most one pod per
//! round, ranked by `rankMemoryPressure`: pods whose usage exceeds their request first, then
//! lower priority, then larger usage above request. The evicted pod's containers are killed
//! with a 1 s grace period and its status becomes phase Failed, reason Evicted; the
//! ReplicaSet replaces it. The condition stays True until the threshold has not been met for
//! `evictionPressureTransitionPeriod` (5 min; classroom 30 s).
//!
//! Memory usage per pod is **illustrative**: the working set metrics-server reports for it
//! (`load::memory_working_set`, the engine's one model of memory).

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::engine::{Sim, Timer};
use crate::node::kubelet::LocalStage;
use crate::util::Millis;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The taint the node lifecycle controller keeps on a node with MemoryPressure=True.
pub const TAINT_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";

/// What the eviction manager of one node remembers (only nodes with a fault or a pressure
/// history have an entry; it goes when both are over).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NodePressure {
    /// Memory held outside Kubernetes by the `memory-pressure` fault (bytes).
    pub fault_bytes: u64,
    /// When memory.available was last observed below the threshold.
    pub last_observed_ms: Option<Millis>,
    /// memory.available at the last observation.
    pub available_bytes: u64,
}

/// Eviction state of the whole cluster.
#[derive(Clone, Debug, Default)]
pub struct EvictionState {
    pub(crate) nodes: BTreeMap<String, NodePressure>,
    /// Nodes whose MemoryPressure condition changed: the node lifecycle controller reconciles
    /// their taint (sorted, deduplicated when drained).
    pub(crate) taint_queue: Vec<Arc<str>>,
}

/// A pod's memory use as its kubelet sees it: the working set metrics-server last reported
/// for it (one model of memory for the whole engine: `load::memory_working_set`, an
/// illustrative base plus an amount per millicore in use), or the idle working set before
/// its first scrape.
pub(crate) fn pod_memory_usage(
    metrics: &crate::node::load::MetricsState,
    pod: crate::api::index::Id,
) -> u64 {
    metrics
        .sample_at(pod, crate::api::objects::ResourceName::Memory)
        .map_or_else(|| crate::node::load::memory_working_set(0), |s| s.value)
}

impl Sim {
    /// Pressure state of a node (None when it has no fault and no pressure history).
    pub fn node_pressure(&self, node: &str) -> Option<&NodePressure> {
        self.eviction.nodes.get(node)
    }

    /// memory.available on a node as its eviction manager would observe it now.
    pub fn memory_available(&self, node: &str) -> Option<u64> {
        let n = self.api.store().node(node)?;
        let m = self.machines.get(node)?;
        let used: u64 = m
            .pods
            .values()
            .filter(|l| {
                matches!(
                    l.stage,
                    LocalStage::Running | LocalStage::Ready | LocalStage::Stopping
                )
            })
            .map(|l| pod_memory_usage(&self.metrics, l.pod_id))
            .sum();
        let held = self.eviction.nodes.get(node).map_or(0, |p| p.fault_bytes);
        Some(
            n.status
                .capacity
                .memory
                .0
                .saturating_sub(used.saturating_add(held)),
        )
    }

    /// Arms a node's eviction manager (at registration).
    pub(crate) fn start_eviction_manager(&mut self, node: &str) {
        let n = self.node_arc(node);
        let at = self.api.now() + self.api.timing().eviction_monitoring.ms;
        self.schedule_timer(at, Timer::EvictionMonitor(n));
    }

    /// `fault memory-pressure node/NAME`: a process outside Kubernetes takes memory so that
    /// [`crate::config::defaults::FAULT_MEMORY_PRESSURE_LEFT`] stays available; `on = false` ends it.
    pub(crate) fn set_memory_pressure_fault(&mut self, node: &str, on: bool) {
        let target = format!("node/{node}");
        let obj = ObjectRef::new(Kind::Node, "", node);
        if on {
            let left = crate::config::defaults::FAULT_MEMORY_PRESSURE_LEFT.value;
            let held = self.eviction.nodes.get(node).map_or(0, |p| p.fault_bytes);
            let avail = self.memory_available(node).unwrap_or(0) + held;
            let e = self.eviction.nodes.entry(node.to_string()).or_default();
            e.fault_bytes = avail.saturating_sub(left);
            self.emit(
                Actor::new(Component::User),
                obj,
                EventKind::FaultSet {
                    fault: "memory-pressure".into(),
                    target,
                },
            );
        } else {
            if let Some(e) = self.eviction.nodes.get_mut(node) {
                e.fault_bytes = 0;
            }
            self.emit(
                Actor::new(Component::User),
                obj,
                EventKind::FaultCleared { target },
            );
        }
    }

    /// The eviction manager's housekeeping round on one node (`synchronize`).
    pub(crate) fn eviction_monitor(&mut self, node: &str) {
        let next = self.api.now() + self.api.timing().eviction_monitoring.ms;
        let n = self.node_arc(node);
        self.schedule_timer(next, Timer::EvictionMonitor(n));
        if !self.machines.get(node).is_some_and(|m| m.online()) {
            return;
        }
        let threshold = crate::config::defaults::EVICTION_HARD_MEMORY_AVAILABLE.value;
        // Pods use half their requests (illustrative) and admission keeps requests within
        // allocatable, so without a fault or a pressure history memory.available stays at
        // least half the capacity: a node of 200Mi or more cannot cross the threshold.
        if !self.eviction.nodes.contains_key(node)
            && self
                .api
                .store()
                .node(node)
                .is_some_and(|n| n.status.capacity.memory.0 >= 2 * threshold)
        {
            return;
        }
        let Some(available) = self.memory_available(node) else {
            return;
        };
        let met = available < threshold;
        if !met && !self.eviction.nodes.contains_key(node) {
            return; // the common case: no fault, no pressure history
        }
        let now = self.api.now();
        let period = self.api.timing().eviction_pressure_transition.ms;
        let e = self.eviction.nodes.entry(node.to_string()).or_default();
        e.available_bytes = available;
        if met {
            e.last_observed_ms = Some(now);
        }
        let last = e.last_observed_ms;
        // nodeConditionsObservedSince: the condition holds while now - lastObservedAt < period.
        let pressure = last.is_some_and(|t| now.saturating_sub(t) < period);
        if !pressure && e.fault_bytes == 0 {
            self.eviction.nodes.remove(node);
        }
        self.set_memory_pressure_condition(node, pressure, available, last);
        if met {
            self.evict_one_for_memory(node, available, threshold);
        }
    }

    /// Posts the MemoryPressure condition when it changes (the kubelet's next status update;
    /// here at once).
    fn set_memory_pressure_condition(
        &mut self,
        node: &str,
        pressure: bool,
        available: u64,
        last: Option<Millis>,
    ) {
        let Some(mut n) = self.api.store().node(node).cloned() else {
            return;
        };
        let was = n.memory_pressure();
        if was == pressure {
            return;
        }
        let now = self.api.now();
        let (status, reason) = if pressure {
            (ConditionStatus::True, "KubeletHasInsufficientMemory")
        } else {
            (ConditionStatus::False, "KubeletHasSufficientMemory")
        };
        match n
            .status
            .conditions
            .iter_mut()
            .find(|c| c.type_ == NodeConditionType::MemoryPressure)
        {
            Some(c) => {
                c.status = status;
                c.reason = reason.into();
                c.last_transition_ms = now;
                c.last_heartbeat_ms = now;
            }
            None => {
                let at = n
                    .status
                    .conditions
                    .partition_point(|c| c.type_ < NodeConditionType::MemoryPressure);
                n.status.conditions.insert(
                    at,
                    NodeCondition {
                        type_: NodeConditionType::MemoryPressure,
                        status,
                        last_heartbeat_ms: now,
                        last_transition_ms: now,
                        reason: reason.into(),
                    },
                );
            }
        }
        self.api.update_node(n);
        let kind = if pressure {
            EventKind::NodeHasInsufficientMemory {
                available_bytes: available,
                threshold_bytes: crate::config::defaults::EVICTION_HARD_MEMORY_AVAILABLE.value,
            }
        } else {
            EventKind::NodeHasSufficientMemory {
                available_bytes: available,
                since_pressure_ms: last.map_or(0, |t| now.saturating_sub(t)),
                transition_period_ms: self.api.timing().eviction_pressure_transition.ms,
            }
        };
        self.emit(
            Actor::on(Component::Kubelet, node),
            ObjectRef::new(Kind::Node, "", node),
            kind,
        );
        let arc = self.node_arc(node);
        self.eviction.taint_queue.push(arc);
    }

    /// Ranks the node's running pods (`rankMemoryPressure`) and evicts the first.
    fn evict_one_for_memory(&mut self, node: &str, available: u64, threshold: u64) {
        let Some(m) = self.machines.get(node) else {
            return;
        };
        // (key, usage, request, priority); the local map is in key order, which breaks ties.
        let pods: Vec<(String, u64, u64, i32)> = m
            .pods
            .iter()
            .filter(|(_, l)| {
                matches!(
                    l.stage,
                    LocalStage::Running | LocalStage::Ready | LocalStage::Stopping
                )
            })
            .filter_map(|(k, l)| {
                let p = self.api.store().get_by_key::<Pod>(k)?;
                Some((
                    k.clone(),
                    pod_memory_usage(&self.metrics, l.pod_id),
                    l.mem_request,
                    p.spec.priority,
                ))
            })
            .collect();
        // Only the first of the ranking is evicted: the minimum, earliest on ties.
        let first = pods
            .into_iter()
            .reduce(|best, p| if rank_less(&p, &best) { p } else { best });
        let Some((key, usage, request, priority)) = first else {
            return;
        };
        self.evict_pod_for_pressure(node, &key, available, threshold, usage, request, priority);
    }

    /// `evictPod`: kill the containers (grace `immediateEvictionGracePeriodSeconds`) and set
    /// phase Failed, reason Evicted.
    #[allow(clippy::too_many_arguments)]
    fn evict_pod_for_pressure(
        &mut self,
        node: &str,
        key: &str,
        available: u64,
        threshold: u64,
        usage: u64,
        request: u64,
        priority: i32,
    ) {
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        let pref = pod.reference();
        let container = pod
            .spec
            .containers
            .first()
            .map_or(String::new(), |c| c.name.clone());
        let mut st = pod.status.clone();
        let now = self.api.now();
        let grace = crate::config::defaults::EVICTION_IMMEDIATE_GRACE.value;
        if let Some(m) = self.machines.get_mut(node)
            && let Some(l) = m.pods.remove(key)
        {
            self.load.stale = true;
            self.metrics.forget(l.pod_id, key);
        }
        self.emit(
            Actor::on(Component::Kubelet, node),
            pref,
            EventKind::PressureEvicted {
                available_bytes: available,
                threshold_bytes: threshold,
                usage_bytes: usage,
                request_bytes: request,
                priority,
                grace_ms: grace,
            },
        );
        st.phase = PodPhase::Failed;
        st.stage = PodStage::Failed;
        st.reason = "Evicted".into();
        st.message = format!(
            "The node was low on resource: memory. Threshold quantity: {}, available: {}. Container {container} was using {}, request is {}.",
            crate::util::fmt_memory(threshold),
            crate::util::fmt_memory(available),
            crate::util::fmt_memory(usage),
            crate::util::fmt_memory(request),
        );
        for c in st.container_statuses.iter_mut() {
            c.ready = false;
        }
        st.set_condition(
            PodConditionType::ContainersReady,
            ConditionStatus::False,
            now,
            "PodFailed",
        );
        st.set_condition(
            PodConditionType::Ready,
            ConditionStatus::False,
            now,
            "PodFailed",
        );
        self.api.update_pod_status(key, st);
        self.pod_gc();
    }

    /// Kubelet admission under memory pressure (`Admit` in eviction_manager.go): a BestEffort
    /// pod that does not tolerate the memory-pressure taint is refused with reason Evicted.
    pub(crate) fn memory_pressure_admit(&self, node: &str, pod: &Pod) -> Result<(), String> {
        let Some(n) = self.api.store().node(node) else {
            return Ok(());
        };
        if !n.memory_pressure() || !is_best_effort(&pod.spec) {
            return Ok(());
        }
        let taint = Taint::new(TAINT_MEMORY_PRESSURE, TaintEffect::NoSchedule);
        if tolerates(&pod.spec.tolerations, &taint) {
            return Ok(());
        }
        Err("The node had condition: [MemoryPressure].".into())
    }

    /// The node lifecycle controller's taint for the MemoryPressure condition (work queue
    /// drained in the settle loop). Returns whether it changed anything.
    pub(crate) fn run_memory_pressure_taints(&mut self) -> bool {
        if self.eviction.taint_queue.is_empty() {
            return false;
        }
        let mut q = std::mem::take(&mut self.eviction.taint_queue);
        crate::util::sort_by_less(&mut q, |a, b| a < b);
        q.dedup();
        for name in q {
            let Some(n) = self.api.store().node(&name) else {
                continue;
            };
            let want = n.memory_pressure();
            let has = n.has_taint(TAINT_MEMORY_PRESSURE, TaintEffect::NoSchedule);
            if want == has {
                continue;
            }
            let mut n = n.clone();
            let taint = Taint {
                time_added_ms: Some(self.api.now()),
                ..Taint::new(TAINT_MEMORY_PRESSURE, TaintEffect::NoSchedule)
            };
            let kind = if want {
                n.spec.taints.push(taint.clone());
                EventKind::Tainted {
                    taint,
                    since_heartbeat_ms: None,
                }
            } else {
                n.spec.taints.retain(|t| {
                    !(t.key == TAINT_MEMORY_PRESSURE && t.effect == TaintEffect::NoSchedule)
                });
                EventKind::Untainted {
                    taint: Taint::new(TAINT_MEMORY_PRESSURE, TaintEffect::NoSchedule),
                }
            };
            self.api.update_node(n);
            self.emit(
                Actor::new(Component::NodeLifecycleController),
                ObjectRef::new(Kind::Node, "", &name),
                kind,
            );
        }
        true
    }

    /// PodGC (`gcTerminated`): beyond `--terminated-pod-gc-threshold` terminated pods, the
    /// oldest go. Run after each eviction (upstream: every 20 s).
    pub(crate) fn pod_gc(&mut self) {
        let threshold = crate::config::defaults::TERMINATED_POD_GC_THRESHOLD.value as usize;
        let mut terminated: Vec<(Millis, String)> = self
            .api
            .store()
            .list::<Pod>()
            .filter(|p| matches!(p.status.phase, PodPhase::Failed | PodPhase::Succeeded))
            .map(|p| (p.metadata.creation_ms, p.key()))
            .collect();
        if terminated.len() <= threshold {
            return;
        }
        let n = terminated.len();
        // The oldest first (creation time, then key); rare, and n - threshold is small.
        let mut oldest = Vec::new();
        for _ in 0..n - threshold {
            let Some(i) = (0..terminated.len()).min_by(|&a, &b| terminated[a].cmp(&terminated[b]))
            else {
                break;
            };
            oldest.push(terminated.swap_remove(i).1);
        }
        for key in oldest {
            if let Some(p) = self.api.store().get_by_key::<Pod>(&key) {
                let pref = p.reference();
                self.emit(
                    Actor::new(Component::ControllerManager),
                    pref,
                    EventKind::PodGarbageCollected {
                        terminated: n as u32,
                        threshold: threshold as u32,
                    },
                );
                self.api.remove_pod(&key);
            }
        }
    }
}

/// `rankMemoryPressure`: `orderedBy(exceedMemoryRequests, priority, memory)`; `a` goes first.
fn rank_less(a: &(String, u64, u64, i32), b: &(String, u64, u64, i32)) -> bool {
    let exceeds = |p: &(String, u64, u64, i32)| p.1 > p.2;
    if exceeds(a) != exceeds(b) {
        return exceeds(a);
    }
    if a.3 != b.3 {
        return a.3 < b.3;
    }
    let above = |p: &(String, u64, u64, i32)| p.1 as i128 - p.2 as i128;
    above(a) > above(b)
}

/// BestEffort QoS: no container has any request or limit.
fn is_best_effort(spec: &PodSpec) -> bool {
    spec.containers.iter().all(|c| {
        let r = &c.resources;
        r.requests.cpu.is_none()
            && r.requests.memory.is_none()
            && r.limits.cpu.is_none()
            && r.limits.memory.is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, usage: u64, req: u64, prio: i32) -> (String, u64, u64, i32) {
        (name.into(), usage, req, prio)
    }

    #[test]
    fn ranking_is_exceeds_then_priority_then_usage_above_request() {
        let mut v = vec![
            p("a", 50, 100, 0),
            p("b", 150, 100, 1000),
            p("c", 50, 100, -5),
            p("d", 10, 100, 0),
            p("e", 120, 100, 1000),
        ];
        crate::util::sort_by_less(&mut v, rank_less);
        let names: Vec<&str> = v.iter().map(|x| x.0.as_str()).collect();
        // Exceeding first (b: +50 before e: +20), then lowest priority, then -50 before -90.
        assert_eq!(names, ["b", "e", "c", "a", "d"]);
    }
}
