//! The ReplicaSet controller (`pkg/controller/replicaset`): keeps the pods a ReplicaSet owns at
//! its replicas, deleting by `getPodsToDelete`'s ranking (LogarithmicScaleDown).

use crate::api::component::{Component, Ctx, Gate};
use crate::api::core::Api;
use crate::api::events::{Actor, Component as Who, EventKind};
use crate::api::index::KeySet;
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::api::watch::WatchEvent;
use crate::config::defaults as d;
use crate::config::sim::SimConfig;
use crate::util::Millis;
use std::cmp::Ordering;
use std::sync::Arc;

pub(crate) fn rs_ctrl() -> Actor {
    Actor::new(Who::ReplicaSetController)
}

// ---------------------------------------------------------------------------------------------
// Deletion ranking (controller_utils.go ActivePodsWithRanks.Less)
// ---------------------------------------------------------------------------------------------

/// What the ranking looks at for one pod.
#[derive(Clone, Debug)]
pub struct RankedPod {
    pub key: String,
    pub uid: String,
    pub node: Option<String>,
    pub phase: PodPhase,
    pub ready: bool,
    pub ready_since_ms: Option<Millis>,
    pub deletion_cost: i64,
    /// Active related pods on the same node.
    pub rank: u32,
    pub restarts: u32,
    pub created_ms: Millis,
}

fn phase_ordinal(p: PodPhase) -> u8 {
    match p {
        PodPhase::Pending => 0,
        PodPhase::Unknown => 1,
        PodPhase::Running => 2,
        _ => 0,
    }
}

/// `floor(log2(now - t))` in Go nanoseconds, -1 for non-positive durations
/// (`logarithmicRankDiff`, LogarithmicScaleDown).
fn log_bucket(t: Millis, now: Millis) -> i64 {
    let d = now.saturating_sub(t).saturating_mul(1_000_000);
    if d == 0 { -1 } else { d.ilog2() as i64 }
}

/// True if `a` should be deleted before `b`.
pub fn delete_before(a: &RankedPod, b: &RankedPod, now: Millis) -> bool {
    less(a, b, now) == Ordering::Less
}

pub fn less(a: &RankedPod, b: &RankedPod, now: Millis) -> Ordering {
    // 1. unassigned < assigned
    if a.node.is_none() != b.node.is_none() {
        return if a.node.is_none() {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    // 2. Pending < Unknown < Running
    let (pa, pb) = (phase_ordinal(a.phase), phase_ordinal(b.phase));
    if pa != pb {
        return pa.cmp(&pb);
    }
    // 3. not ready < ready
    if a.ready != b.ready {
        return if !a.ready {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    // 4. lower pod-deletion-cost first
    if a.deletion_cost != b.deletion_cost {
        return a.deletion_cost.cmp(&b.deletion_cost);
    }
    // 5. doubled up (higher rank) first
    if a.rank != b.rank {
        return b.rank.cmp(&a.rank);
    }
    // 6. ready for less time first (log buckets, ties by UID)
    if a.ready
        && b.ready
        && let (Some(ta), Some(tb)) = (a.ready_since_ms, b.ready_since_ms)
        && ta != tb
    {
        let diff = log_bucket(ta, now) - log_bucket(tb, now);
        if diff == 0 {
            return a.uid.cmp(&b.uid);
        }
        return diff.cmp(&0);
    }
    // 7. higher restart count first
    if a.restarts != b.restarts {
        return b.restarts.cmp(&a.restarts);
    }
    // 8. newer first (log buckets, ties by UID)
    if a.created_ms != b.created_ms {
        let diff = log_bucket(a.created_ms, now) - log_bucket(b.created_ms, now);
        if diff == 0 {
            return a.uid.cmp(&b.uid);
        }
        return diff.cmp(&0);
    }
    Ordering::Equal
}

/// The controller's work queue: ReplicaSets to reconcile.
#[derive(Clone, Debug, Default)]
pub struct ReplicaSetController {
    dirty: KeySet,
}

impl Component for ReplicaSetController {
    type Timer = ();
    type Peer = ();
    const NAME: &'static str = "replicaset controller";
    const GATE: Gate = Gate::Controllers;

    fn from_config(_: &SimConfig) -> Self {
        Self::default()
    }

    /// A ReplicaSet changed, or a pod it owns.
    fn watch(&mut self, ev: &WatchEvent, ctx: &mut Ctx<'_, ()>) {
        match ev {
            WatchEvent::Object {
                kind: Kind::ReplicaSet,
                key,
                ..
            } => self.dirty.insert(key),
            WatchEvent::Pod { .. } => {
                if let Some(p) = ev.pod(ctx.api.store())
                    && let Some(o) = &p.metadata.owner
                    && o.kind == Kind::ReplicaSet
                {
                    self.dirty
                        .insert(&table_key(&p.metadata.namespace, &o.name));
                }
            }
            _ => {}
        }
    }

    fn settle(&mut self, ctx: &mut Ctx<'_, ()>) -> bool {
        if self.dirty.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty);
        let mut sync = Sync { api: ctx.api };
        for key in work {
            sync.sync_replicaset(&key);
        }
        true
    }
}

/// One reconcile pass.
struct Sync<'a> {
    api: &'a mut Api,
}

impl Sync<'_> {
    fn emit(&mut self, actor: Actor, object: ObjectRef, kind: EventKind) {
        self.api.emit(actor, object, kind);
    }

    fn sync_replicaset(&mut self, key: &str) {
        let Some(rs) = self.api.store().get_by_key::<ReplicaSet>(key).cloned() else {
            return;
        };
        let active: Vec<&Pod> = self
            .api
            .owned_pods(&rs.metadata.uid)
            .into_iter()
            .filter(|p| p.is_active())
            .collect();
        let active_count = active.len();
        let want = rs.spec.replicas as usize;
        let burst = d::BURST_REPLICAS.value as usize;
        let victims = if active_count > want {
            let diff = (active_count - want).min(burst);
            self.pods_to_delete(&rs, &active, diff)
        } else {
            Vec::new()
        };
        let rs_ref = ObjectRef::new(Kind::ReplicaSet, &rs.metadata.namespace, &rs.metadata.name);
        if active_count < want {
            let n = (want - active_count).min(burst);
            for _ in 0..n {
                let mut name;
                loop {
                    name = format!("{}-{}", rs.metadata.name, self.api.rng().suffix(5));
                    if self
                        .api
                        .store()
                        .pod(&rs.metadata.namespace, &name)
                        .is_none()
                    {
                        break;
                    }
                }
                let pod = Pod {
                    metadata: ObjectMeta {
                        name: name.clone(),
                        namespace: rs.metadata.namespace.clone(),
                        labels: rs.spec.template.metadata.labels.clone(),
                        annotations: rs.spec.template.metadata.annotations.clone(),
                        owner: Some(OwnerRef {
                            kind: Kind::ReplicaSet,
                            name: rs.metadata.name.clone(),
                            uid: rs.metadata.uid.clone(),
                        }),
                        ..Default::default()
                    },
                    spec: rs.spec.template.spec.clone(),
                    status: PodStatus::default(),
                };
                if self.api.create_pod(pod).is_ok() {
                    self.emit(
                        rs_ctrl(),
                        rs_ref.clone(),
                        EventKind::SuccessfulCreate { pod: name },
                    );
                }
            }
        } else {
            for k in victims {
                let name = k.split_once('/').map_or(k.as_str(), |(_, n)| n).to_string();
                self.api.delete_pod(&k, None);
                self.emit(
                    rs_ctrl(),
                    rs_ref.clone(),
                    EventKind::SuccessfulDelete { pod: name },
                );
            }
        }
        self.update_rs_status(key);
    }

    /// `getPodsToDelete` with `getPodsRankedByRelatedPodsOnSameNode`.
    fn pods_to_delete(&self, rs: &ReplicaSet, active: &[&Pod], diff: usize) -> Vec<String> {
        // Related pods: active pods of every ReplicaSet with the same controller.
        let mut related_per_node = KeySet::new();
        let siblings: Vec<String> = match &rs.metadata.owner {
            Some(o) => self
                .api
                .store()
                .list::<ReplicaSet>()
                .filter(|r| r.metadata.owner.as_ref().is_some_and(|x| x.uid == o.uid))
                .map(|r| r.metadata.uid.clone())
                .collect(),
            None => vec![rs.metadata.uid.clone()],
        };
        for uid in &siblings {
            for p in self.api.owned_pods(uid) {
                if p.is_active()
                    && let Some(n) = p.node()
                {
                    match related_per_node.get_mut(n) {
                        Some(c) => *c += 1,
                        None => related_per_node.insert_with(&Arc::from(n), 1),
                    }
                }
            }
        }
        let mut ranked: Vec<RankedPod> = active
            .iter()
            .map(|p| RankedPod {
                key: p.key(),
                uid: p.metadata.uid.clone(),
                node: p.node().map(str::to_string),
                phase: p.status.phase,
                ready: p.status.is_ready(),
                ready_since_ms: p
                    .status
                    .condition(PodConditionType::Ready)
                    .filter(|c| c.status == ConditionStatus::True)
                    .map(|c| c.last_transition_ms),
                deletion_cost: p
                    .metadata
                    .annotations
                    .get(ANNOTATION_DELETION_COST)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                rank: p.node().map_or(0, |n| related_per_node.get(n).unwrap_or(0)),
                restarts: p.status.restart_count(),
                created_ms: p.metadata.creation_ms,
            })
            .collect();
        let now = self.api.now();
        crate::util::merge_sort_by(&mut ranked, &|a, b| delete_before(a, b, now));
        ranked.into_iter().take(diff).map(|r| r.key).collect()
    }

    fn update_rs_status(&mut self, key: &str) {
        let Some(rs) = self.api.store().get_by_key::<ReplicaSet>(key).cloned() else {
            return;
        };
        let min_ready = rs.spec.min_ready_seconds as Millis * 1000;
        let now = self.api.now();
        let active: Vec<&Pod> = self
            .api
            .owned_pods(&rs.metadata.uid)
            .into_iter()
            .filter(|p| p.is_active())
            .collect();
        let ready: Vec<&&Pod> = active.iter().filter(|p| p.status.is_ready()).collect();
        let available = ready
            .iter()
            .filter(|p| {
                p.status
                    .condition(PodConditionType::Ready)
                    .is_some_and(|c| c.last_transition_ms + min_ready <= now)
            })
            .count();
        let status = ReplicaSetStatus {
            replicas: active.len() as u32,
            ready_replicas: ready.len() as u32,
            available_replicas: available as u32,
        };
        if status != rs.status {
            let mut rs = rs;
            rs.status = status;
            self.api.update(rs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rp(key: &str, node: Option<&str>, ready: bool, rank: u32, created: Millis) -> RankedPod {
        RankedPod {
            key: key.into(),
            uid: key.into(),
            node: node.map(Into::into),
            phase: if node.is_some() {
                PodPhase::Running
            } else {
                PodPhase::Pending
            },
            ready,
            ready_since_ms: if ready { Some(created + 1000) } else { None },
            deletion_cost: 0,
            rank,
            restarts: 0,
            created_ms: created,
        }
    }

    #[test]
    fn deletion_ranking_follows_active_pods_with_ranks() {
        let now = 10_000_000;
        // unassigned first
        assert!(delete_before(
            &rp("a", None, false, 0, 0),
            &rp("b", Some("n"), true, 0, 0),
            now
        ));
        // not ready before ready
        assert!(delete_before(
            &rp("a", Some("n"), false, 0, 0),
            &rp("b", Some("n"), true, 0, 0),
            now
        ));
        // doubled up first
        assert!(delete_before(
            &rp("a", Some("n"), true, 3, 0),
            &rp("b", Some("m"), true, 1, 0),
            now
        ));
        // ready more recently first (different log2 buckets)
        assert!(delete_before(
            &rp("a", Some("n"), true, 1, 9_000_000),
            &rp("b", Some("m"), true, 1, 0),
            now
        ));
        // same bucket: by UID
        let (x, y) = (
            rp("x", Some("n"), true, 1, 100),
            rp("y", Some("m"), true, 1, 101),
        );
        assert!(delete_before(&x, &y, now));
        // deletion cost beats rank
        let mut cheap = rp("c", Some("n"), true, 0, 0);
        cheap.deletion_cost = -5;
        assert!(delete_before(&cheap, &rp("d", Some("n"), true, 5, 0), now));
    }
}
