//! The node-lifecycle controller and the taint-eviction controller
//! (`pkg/controller/nodelifecycle`, `pkg/controller/tainteviction`).
//!
//! Every `--node-monitor-period` the controller looks at each node's last heartbeat (lease
//! renewal or status post). Past `--node-monitor-grace-period` (startup grace for a node that
//! never reported) it sets Ready=Unknown and marks the node's pods not ready. Ready=False or
//! Unknown adds the matching `:NoSchedule` taint at once (TaintNodesByCondition) and queues the
//! `:NoExecute` taint, which goes on at the zone's eviction rate (0.1 node/s, token bucket of
//! burst 1; secondary rate or stop when a zone is partially disrupted; no tainting at all when
//! every zone is fully disrupted). The taint-eviction controller then deletes pods on the node
//! once their toleration runs out (300 s by DefaultTolerationSeconds).

use crate::api::events::{Actor, Component, EventKind};
use crate::api::index::KeyMap;
use crate::api::objects::*;
use crate::engine::{Sim, Timer};
use crate::util::Millis;
use serde::Serialize;
use std::sync::Arc;

pub use crate::api::objects::{TAINT_NOT_READY, TAINT_UNREACHABLE};
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ZoneState {
    Normal,
    PartialDisruption,
    FullDisruption,
}

/// `ComputeZoneState`.
pub fn zone_state(ready: u32, not_ready: u32) -> ZoneState {
    let threshold = crate::config::defaults::UNHEALTHY_ZONE_THRESHOLD.value as f64 / 1000.0;
    if ready == 0 && not_ready > 0 {
        ZoneState::FullDisruption
    } else if not_ready > 2 && not_ready as f64 / (not_ready + ready) as f64 >= threshold {
        ZoneState::PartialDisruption
    } else {
        ZoneState::Normal
    }
}

#[derive(Clone, Debug, Default)]
pub struct ZoneInfo {
    pub state: Option<ZoneState>,
    /// Time the next NoExecute taint may go on (token bucket, burst 1); None = rate 0.
    pub next_allowed_ms: Option<Millis>,
    pub interval_ms: Option<Millis>,
    /// Nodes waiting for their NoExecute taint (FIFO by queue time, then name; sorted).
    pub queue: Vec<(Millis, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct NodeLifecycle {
    pub zones: KeyMap<ZoneInfo>,
    pub all_disrupted: bool,
}

fn nlc() -> Actor {
    Actor::new(Component::NodeLifecycleController)
}

fn zone_of(n: &Node) -> &str {
    n.metadata.labels.get(ZONE_LABEL).map_or("", String::as_str)
}

impl ZoneInfo {
    /// Queues a node for its NoExecute taint (kept sorted by time, then name).
    fn enqueue(&mut self, at: Millis, name: &str) {
        let pos = self
            .queue
            .partition_point(|(t, n)| (*t, n.as_str()) < (at, name));
        if self
            .queue
            .get(pos)
            .is_none_or(|(t, n)| (*t, n.as_str()) != (at, name))
        {
            self.queue.insert(pos, (at, name.to_string()));
        }
    }
}

impl Sim {
    /// Last heartbeat: the later of the lease renewal and the Ready condition's heartbeat.
    pub fn last_heartbeat_ms(&self, node: &str) -> Option<Millis> {
        let lease = self
            .api
            .store()
            .get::<Lease>(NODE_LEASE_NAMESPACE, node)
            .map(|l| l.spec.renew_ms);
        let status = self
            .api
            .store()
            .node(node)
            .and_then(|n| n.ready())
            .map(|c| c.last_heartbeat_ms);
        lease.max(status)
    }

    /// `monitorNodeHealth`.
    pub(crate) fn monitor_node_health(&mut self) {
        let names: Vec<String> = self
            .api
            .store()
            .list::<Node>()
            .map(|n| n.metadata.name.clone())
            .collect();
        for name in &names {
            let Some(node) = self.api.store().node(name) else {
                continue;
            };
            let hb = self
                .last_heartbeat_ms(name)
                .unwrap_or(node.metadata.creation_ms);
            let ever_ready = node.ready().is_some();
            let t = if ever_ready {
                self.api.timing().node_monitor_grace
            } else {
                self.api.timing().node_startup_grace
            };
            // A heartbeat from before a profile switch, or from the same instant: its
            // successor was scheduled under the old profile (Sim::set_profile).
            let grace = if self.api.profile_switched_ms().is_some_and(|s| hb <= s) {
                t.real_ms
            } else {
                t.ms
            };
            let since = self.api.now().saturating_sub(hb);
            let status = node.ready_status();
            if since > grace && status != ConditionStatus::Unknown {
                let mut n = node.clone();
                let now = self.api.now();
                match n
                    .status
                    .conditions
                    .iter_mut()
                    .find(|c| c.type_ == NodeConditionType::Ready)
                {
                    Some(c) => {
                        c.status = ConditionStatus::Unknown;
                        c.last_transition_ms = now;
                        c.reason = "NodeStatusUnknown".into();
                    }
                    None => n.status.conditions.push(NodeCondition {
                        type_: NodeConditionType::Ready,
                        status: ConditionStatus::Unknown,
                        last_heartbeat_ms: hb,
                        last_transition_ms: now,
                        reason: "NodeStatusNeverUpdated".into(),
                    }),
                }
                self.api.update_node(n);
                self.emit(
                    nlc(),
                    ObjectRef::new(Kind::Node, "", name),
                    EventKind::NodeReadyChanged {
                        from: status,
                        to: ConditionStatus::Unknown,
                        since_heartbeat_ms: since,
                    },
                );
                self.mark_pods_not_ready(name);
            }
            self.condition_taints(name, since);
        }
        self.handle_disruption();
        self.tainting_pass();
    }

    /// `MarkPodsNotReady`: Ready=False on every pod of the node.
    fn mark_pods_not_ready(&mut self, node: &str) {
        let keys = self.pods_on_node(node);
        for key in keys {
            let Some(p) = self.api.store().get_by_key::<Pod>(&key) else {
                continue;
            };
            if !p.status.is_ready() {
                continue;
            }
            let pref = p.reference();
            let mut st = p.status.clone();
            st.set_condition(
                PodConditionType::Ready,
                ConditionStatus::False,
                self.api.now(),
                "NodeNotReady",
            );
            self.api.update_pod_status(&key, st);
            self.emit(
                nlc(),
                pref,
                EventKind::PodNotReady {
                    reason: "NodeNotReady".into(),
                },
            );
        }
    }

    /// TaintNodesByCondition (NoSchedule, immediate) and queueing of NoExecute taints.
    fn condition_taints(&mut self, name: &str, since: Millis) {
        let Some(node) = self.api.store().node(name) else {
            return;
        };
        let status = node.ready_status();
        if status == ConditionStatus::True
            && !node
                .spec
                .taints
                .iter()
                .any(|t| t.key == TAINT_NOT_READY || t.key == TAINT_UNREACHABLE)
        {
            // Healthy and untainted: nothing to add or remove (the common case).
            if let Some(z) = self.nlc.zones.get_mut(zone_of(node)) {
                z.queue.retain(|(_, q)| q != name);
            }
            return;
        }
        let node = node.clone();
        let (want_ns, want_ne): (Option<&str>, Option<&str>) = match status {
            ConditionStatus::True => (None, None),
            ConditionStatus::False => (Some(TAINT_NOT_READY), Some(TAINT_NOT_READY)),
            ConditionStatus::Unknown => (Some(TAINT_UNREACHABLE), Some(TAINT_UNREACHABLE)),
        };
        let mut n = node.clone();
        let mut added = Vec::new();
        let mut removed = Vec::new();
        // NoSchedule condition taints
        for key in [TAINT_NOT_READY, TAINT_UNREACHABLE] {
            let has = n.has_taint(key, TaintEffect::NoSchedule);
            let want = want_ns == Some(key);
            if want && !has {
                let t = Taint {
                    key: key.into(),
                    value: String::new(),
                    effect: TaintEffect::NoSchedule,
                    time_added_ms: Some(self.api.now()),
                };
                n.spec.taints.push(t.clone());
                added.push(t);
            } else if !want && has {
                n.spec.taints.retain(|t| {
                    let drop = t.key == key && t.effect == TaintEffect::NoSchedule;
                    if drop {
                        removed.push(t.clone());
                    }
                    !drop
                });
            }
        }
        // NoExecute taints: removed at once when the node is back; otherwise queued.
        let zone = zone_of(&node).to_string();
        let queued_key = |z: &ZoneInfo| z.queue.iter().any(|(_, q)| q == name);
        for key in [TAINT_NOT_READY, TAINT_UNREACHABLE] {
            if want_ne != Some(key) && n.has_taint(key, TaintEffect::NoExecute) {
                n.spec.taints.retain(|t| {
                    let drop = t.key == key && t.effect == TaintEffect::NoExecute;
                    if drop {
                        removed.push(t.clone());
                    }
                    !drop
                });
            }
        }
        if let Some(key) = want_ne {
            if !n.has_taint(key, TaintEffect::NoExecute) {
                let now = self.api.now();
                let z = self.nlc.zones.get_or_insert_with(&zone, ZoneInfo::default);
                if !queued_key(z) {
                    z.enqueue(now, name);
                }
            }
        } else if let Some(z) = self.nlc.zones.get_mut(&zone) {
            z.queue.retain(|(_, q)| q != name);
        }
        if added.is_empty() && removed.is_empty() {
            return;
        }
        self.api.update_node(n);
        for t in added {
            self.emit(
                nlc(),
                ObjectRef::new(Kind::Node, "", name),
                EventKind::Tainted {
                    taint: t,
                    since_heartbeat_ms: Some(since),
                },
            );
        }
        for t in removed {
            self.emit(
                nlc(),
                ObjectRef::new(Kind::Node, "", name),
                EventKind::Untainted { taint: t },
            );
        }
    }

    /// `handleDisruption`: zone states and their eviction rates.
    fn handle_disruption(&mut self) {
        let mut counts: KeyMap<(u32, u32)> = KeyMap::new();
        for n in self.api.store().list::<Node>() {
            let e = counts.get_or_insert_with(zone_of(n), Default::default);
            if n.ready_status() == ConditionStatus::True {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        let all_disrupted = !counts.is_empty()
            && counts
                .values()
                .all(|(r, nr)| zone_state(*r, *nr) == ZoneState::FullDisruption);
        let large = crate::config::defaults::LARGE_CLUSTER_SIZE_THRESHOLD.value as u32;
        for (zone, (r, nr)) in counts.iter() {
            let state = zone_state(*r, *nr);
            let interval = match state {
                ZoneState::Normal | ZoneState::FullDisruption => {
                    Some(self.api.timing().eviction_interval.ms)
                }
                ZoneState::PartialDisruption => {
                    if r + nr > large {
                        Some(self.api.timing().secondary_eviction_interval.ms)
                    } else {
                        None
                    }
                }
            };
            let z = self.nlc.zones.get_or_insert_with(zone, ZoneInfo::default);
            z.state = Some(state);
            z.interval_ms = if all_disrupted { None } else { interval };
        }
        if all_disrupted && !self.nlc.all_disrupted {
            // Every zone is down: assume the control plane is the one cut off. Stop evicting
            // and take the NoExecute taints off (markNodeAsReachable for all nodes).
            let names: Vec<String> = self
                .api
                .store()
                .list::<Node>()
                .map(|n| n.metadata.name.clone())
                .collect();
            for name in names {
                let Some(mut n) = self.api.store().node(&name).cloned() else {
                    continue;
                };
                let before = n.spec.taints.len();
                let mut removed = Vec::new();
                n.spec.taints.retain(|t| {
                    let drop = t.effect == TaintEffect::NoExecute
                        && (t.key == TAINT_NOT_READY || t.key == TAINT_UNREACHABLE);
                    if drop {
                        removed.push(t.clone());
                    }
                    !drop
                });
                if n.spec.taints.len() != before {
                    self.api.update_node(n);
                    for t in removed {
                        self.emit(
                            nlc(),
                            ObjectRef::new(Kind::Node, "", &name),
                            EventKind::Untainted { taint: t },
                        );
                    }
                }
            }
            for z in self.nlc.zones.values_mut_unordered() {
                z.queue.clear();
            }
        }
        self.nlc.all_disrupted = all_disrupted;
    }

    /// `doNoExecuteTaintingPass`: one node per token.
    pub(crate) fn tainting_pass(&mut self) {
        let zones: Vec<Arc<str>> = self.nlc.zones.keys().cloned().collect();
        let mut wake: Option<Millis> = None;
        for zone in zones {
            while let Some(z) = self.nlc.zones.get(&zone) {
                let Some(interval) = z.interval_ms else { break };
                let Some((queued, name)) = z.queue.first().cloned() else {
                    break;
                };
                let allowed = z.next_allowed_ms.unwrap_or(0);
                if allowed > self.api.now() {
                    wake = Some(wake.map_or(allowed, |w| w.min(allowed)));
                    break;
                }
                if let Some(z) = self.nlc.zones.get_mut(&zone) {
                    if let Some(pos) = z.queue.iter().position(|(t, n)| (*t, n) == (queued, &name))
                    {
                        z.queue.remove(pos);
                    }
                    z.next_allowed_ms = Some(self.api.now() + interval);
                }
                self.apply_noexecute_taint(&name);
            }
        }
        if let Some(w) = wake {
            self.schedule_timer(w, Timer::TaintingPass);
        }
    }

    fn apply_noexecute_taint(&mut self, name: &str) {
        let Some(node) = self.api.store().node(name).cloned() else {
            return;
        };
        let key = match node.ready_status() {
            ConditionStatus::True => return,
            ConditionStatus::False => TAINT_NOT_READY,
            ConditionStatus::Unknown => TAINT_UNREACHABLE,
        };
        if node.has_taint(key, TaintEffect::NoExecute) {
            return;
        }
        let mut n = node.clone();
        let other = if key == TAINT_NOT_READY {
            TAINT_UNREACHABLE
        } else {
            TAINT_NOT_READY
        };
        n.spec
            .taints
            .retain(|t| !(t.key == other && t.effect == TaintEffect::NoExecute));
        let t = Taint {
            key: key.into(),
            value: String::new(),
            effect: TaintEffect::NoExecute,
            time_added_ms: Some(self.api.now()),
        };
        n.spec.taints.push(t.clone());
        self.api.update_node(n);
        let since = self
            .last_heartbeat_ms(name)
            .map(|h| self.api.now().saturating_sub(h));
        self.emit(
            nlc(),
            ObjectRef::new(Kind::Node, "", name),
            EventKind::Tainted {
                taint: t,
                since_heartbeat_ms: since,
            },
        );
    }

    // --- taint-eviction controller -----------------------------------------------------------

    pub(crate) fn run_taint_eviction_controller(&mut self) -> bool {
        if self.dirty_taint_nodes.is_empty() {
            return false;
        }
        let nodes = std::mem::take(&mut self.dirty_taint_nodes);
        for node in nodes {
            let keys = self.pods_on_node(&node);
            for key in keys {
                self.process_pod_on_node(&node, &key);
            }
        }
        true
    }

    /// `processPodOnNode`: evict now, schedule an eviction, or cancel one.
    fn process_pod_on_node(&mut self, node: &str, key: &str) {
        let taints: Vec<Taint> = self
            .api
            .store()
            .node(node)
            .map(|n| {
                n.spec
                    .taints
                    .iter()
                    .filter(|t| t.effect == TaintEffect::NoExecute)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        if pod.is_terminating() {
            return;
        }
        let pref = pod.reference();
        let uid = pod.metadata.uid.clone();
        if taints.is_empty() {
            if self.evictions.remove(key).is_some() {
                self.emit(
                    Actor::new(Component::TaintEvictionController),
                    pref,
                    EventKind::EvictionCancelled,
                );
            }
            return;
        }
        // GetMatchingTolerations: all taints tolerated, and the tolerations used.
        let mut used: Vec<&Toleration> = Vec::new();
        let mut untolerated: Option<&Taint> = None;
        for t in &taints {
            let m: Vec<&Toleration> = pod
                .spec
                .tolerations
                .iter()
                .filter(|tol| tol.tolerates(t))
                .collect();
            if m.is_empty() {
                untolerated = Some(t);
                break;
            }
            used.extend(m);
        }
        if let Some(t) = untolerated {
            let t = t.clone();
            self.evict_for_taint(key, t, None);
            return;
        }
        // getMinTolerationTime: any toleration without seconds = forever (unless another is finite).
        let min = used.iter().filter_map(|t| t.toleration_seconds).min();
        let Some(secs) = min else {
            return; // tolerated forever
        };
        let culprit = taints[0].clone();
        if secs == 0 {
            self.evict_for_taint(key, culprit, Some(0));
            return;
        }
        let deadline_from = |start: Millis| start + secs * 1000;
        match self.evictions.get(key) {
            Some((u, at)) if *u == uid => {
                // Keep the earlier deadline (upstream keeps the existing work if it fires first).
                let _ = at;
            }
            _ => {
                let at = deadline_from(self.api.now());
                self.evictions.insert(key, (uid.clone(), at));
                self.schedule_timer(at, Timer::TaintEviction(Arc::from(key), uid));
                self.emit(
                    Actor::new(Component::TaintEvictionController),
                    pref,
                    EventKind::EvictionScheduled {
                        taint: culprit,
                        after_ms: secs * 1000,
                    },
                );
            }
        }
    }

    pub(crate) fn taint_eviction_due(&mut self, key: &str, uid: &str) {
        let Some((u, at)) = self.evictions.get(key).cloned() else {
            return;
        };
        if u != uid || at > self.api.now() {
            return;
        }
        self.evictions.remove(key);
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        let Some(node) = pod.node().map(str::to_string) else {
            return;
        };
        let taint = self.api.store().node(&node).and_then(|n| {
            n.spec
                .taints
                .iter()
                .find(|t| t.effect == TaintEffect::NoExecute)
                .cloned()
        });
        let Some(taint) = taint else { return };
        let secs = pod
            .spec
            .tolerations
            .iter()
            .filter(|t| t.tolerates(&taint))
            .filter_map(|t| t.toleration_seconds)
            .min();
        self.evict_for_taint(key, taint, secs);
    }

    fn evict_for_taint(&mut self, key: &str, taint: Taint, secs: Option<u64>) {
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        let pref = pod.reference();
        self.evictions.remove(key);
        self.api.delete_pod(key, None);
        self.emit(
            Actor::new(Component::TaintEvictionController),
            pref,
            EventKind::TaintEvicted {
                taint,
                toleration_seconds: secs,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_states_follow_compute_zone_state() {
        assert_eq!(zone_state(3, 0), ZoneState::Normal);
        assert_eq!(
            zone_state(1, 2),
            ZoneState::Normal,
            "needs more than 2 not-ready nodes"
        );
        assert_eq!(zone_state(2, 3), ZoneState::PartialDisruption);
        assert_eq!(zone_state(0, 1), ZoneState::FullDisruption);
        assert_eq!(zone_state(10, 3), ZoneState::Normal);
    }
}
