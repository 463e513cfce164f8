//! kube-scheduler as a component: its informer (node and pod events feed the cache and the
//! queue), its loop (one scheduling cycle per pod in activeQ, then the binding or the
//! failure), and its one timer (the queue's flush at the next backoff completion).

use crate::api::component::{Component, Ctx, Gate};
use crate::api::events::{Actor, Component as Who, EventKind};
use crate::api::objects::*;
use crate::api::watch::{PodPrev, WatchEvent};
use crate::config::sim::SimConfig;
use crate::scheduler::Scheduler;

/// The scheduler's timer.
#[derive(Clone, Debug)]
pub enum SchedulerTimer {
    /// Moves pods whose backoff completed to activeQ (`flushBackoffQCompleted`).
    Flush,
}

type Cx<'a> = Ctx<'a, SchedulerTimer>;

impl Component for Scheduler {
    type Timer = SchedulerTimer;
    type Peer = ();
    const NAME: &'static str = "kube-scheduler";
    const GATE: Gate = Gate::Scheduler;

    fn from_config(config: &SimConfig) -> Self {
        Scheduler::new(config.scheduler.clone())
    }

    fn watch(&mut self, ev: &WatchEvent, ctx: &mut Cx<'_>) {
        match ev {
            WatchEvent::Node { name, old } => {
                let Some(id) = ctx.api.store().id::<Node>(name) else {
                    return;
                };
                let Some(new) = ctx.api.store().at::<Node>(id) else {
                    return;
                };
                self.upsert_node(new, id.slot);
                let changed = old.as_deref().is_none_or(|o| {
                    o.spec.taints != new.spec.taints
                        || o.spec.unschedulable != new.spec.unschedulable
                        || o.status.allocatable != new.status.allocatable
                        || o.metadata.labels != new.metadata.labels
                });
                if changed {
                    self.move_all_to_active_or_backoff(ctx.now());
                    self.arm_flush(ctx);
                }
            }
            WatchEvent::NodeDeleted { name, .. } => self.remove_node(name),
            WatchEvent::Pod {
                id,
                key,
                prev,
                node_slot,
            } => {
                let store = ctx.api.store();
                let new = store.at::<Pod>(*id);
                let new_node = new.and_then(|p| p.node());
                let slot = node_slot
                    .or_else(|| new_node.and_then(|n| store.id::<Node>(n)).map(|i| i.slot));
                self.account_pod(*id, new, slot);
                match new {
                    Some(p) if p.spec.node_name.is_none() && !p.is_terminating() => {
                        self.enqueue(*id, key, p.spec.priority, ctx.now());
                    }
                    _ => self.forget(*id),
                }
                let old_node = match prev {
                    PodPrev::Created => None,
                    PodPrev::Node(n) => n.as_deref(),
                    PodPrev::Gone(p) => p.node(),
                };
                if old_node.is_some() && new_node.is_none() {
                    // A pod left its node: room may have freed for pods that did not fit.
                    self.move_all_to_active_or_backoff(ctx.now());
                    self.arm_flush(ctx);
                }
            }
            WatchEvent::Object { .. } => {}
        }
    }

    /// Drains activeQ: one cycle per pod, then bind (or record the failure and back off).
    fn settle(&mut self, ctx: &mut Cx<'_>) -> bool {
        let mut progressed = false;
        while let Some(id) = self.pop() {
            progressed = true;
            let now = ctx.now();
            let (store, rng) = ctx.api.store_and_rng();
            let Some(pod) = store.at::<Pod>(id) else {
                self.forget(id);
                continue;
            };
            if pod.spec.node_name.is_some() || pod.is_terminating() {
                self.forget(id);
                continue;
            }
            let d = self.schedule(pod.reference(), &pod.spec, rng, now);
            let (decision, selected, pod_ref) = (d.id, d.selected.clone(), d.pod.clone());
            match selected {
                Some(node) => {
                    let kind = EventKind::Scheduled {
                        node: node.to_string(),
                        score: d.selected_score,
                        max_score: d.max_score,
                        feasible: d.feasible,
                        evaluated: d.evaluated,
                        nodes: d.nodes,
                        decision,
                    };
                    let slot = self.selected_slot;
                    self.forget(id);
                    ctx.api.bind(id, &node, slot);
                    // Assume: the cache counts the pod on its node before the watch event
                    // confirms it (`cache.AssumePod`), so the next cycle sees it.
                    self.account_pod(id, ctx.api.store().at::<Pod>(id), slot);
                    ctx.api.emit(Actor::new(Who::Scheduler), pod_ref, kind);
                }
                None => {
                    let kind = EventKind::FailedScheduling {
                        nodes: d.nodes,
                        reasons: d.filter_counts.clone(),
                        decision,
                    };
                    let t = ctx.api.timing();
                    let (initial, max) = (t.pod_initial_backoff.ms, t.pod_max_backoff.ms);
                    self.requeue_unschedulable(id, now, initial, max);
                    ctx.api.emit(Actor::new(Who::Scheduler), pod_ref, kind);
                    if let Some(p) = ctx.api.store().at::<Pod>(id) {
                        let mut st = p.status.clone();
                        st.set_condition(
                            PodConditionType::PodScheduled,
                            ConditionStatus::False,
                            now,
                            "Unschedulable",
                        );
                        ctx.api.update_pod_status_at(id, st);
                    }
                    self.arm_flush(ctx);
                }
            }
        }
        progressed
    }

    fn fire(&mut self, timer: SchedulerTimer, ctx: &mut Cx<'_>) {
        match timer {
            SchedulerTimer::Flush => {
                self.flush_at = None;
                self.arm_flush(ctx);
            }
        }
    }
}

impl Scheduler {
    /// Moves due pods to activeQ and sets a timer for the next backoff completion.
    fn arm_flush(&mut self, ctx: &mut Cx<'_>) {
        let now = ctx.now();
        if let Some(t) = self.flush(now)
            && self.flush_at.is_none_or(|a| t < a || a < now)
        {
            self.flush_at = Some(t);
            ctx.at(t, SchedulerTimer::Flush);
        }
    }
}
