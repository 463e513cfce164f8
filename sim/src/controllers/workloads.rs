//! Workload controllers of kube-controller-manager: ReplicaSet (`pkg/controller/replicaset`),
//! Deployment (`pkg/controller/deployment`, rolling update and recreate, proportional
//! scaling) and Endpoints (`pkg/controller/endpoint`).

use crate::api::events::{Actor, Component, EventKind};
use crate::api::index::KeySet;
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::config::defaults as d;
use crate::engine::Sim;
use crate::util::{Millis, fnv32a, safe_encode};
use std::cmp::Ordering;
use std::sync::Arc;

fn rs_ctrl() -> Actor {
    Actor::new(Component::ReplicaSetController)
}
fn deploy_ctrl() -> Actor {
    Actor::new(Component::DeploymentController)
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

/// ResolveFenceposts (`deployment_util.go`): surge rounds up, unavailable rounds down, and
/// both zero becomes unavailable 1.
pub fn resolve_fenceposts(
    surge: IntOrPercent,
    unavailable: IntOrPercent,
    desired: u32,
) -> (u32, u32) {
    let s = surge.scaled(desired, true);
    let mut u = unavailable.scaled(desired, false);
    if s == 0 && u == 0 {
        u = 1;
    }
    (s, u)
}

/// `NewRSNewReplicas` for RollingUpdate.
pub fn new_rs_new_replicas(desired: u32, max_surge: u32, current_total: u32, new_rs: u32) -> u32 {
    let max_total = desired + max_surge;
    if current_total >= max_total {
        return new_rs;
    }
    let scale_up = (max_total - current_total).min(desired.saturating_sub(new_rs));
    new_rs + scale_up
}

impl Sim {
    // --- ReplicaSet controller ----------------------------------------------------------------

    pub(crate) fn run_replicaset_controller(&mut self) -> bool {
        if self.dirty_rs.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty_rs);
        for key in work {
            self.sync_replicaset(&key);
        }
        true
    }

    /// The pods an owner owns, in key order (the owner index holds their slots).
    fn owned_pods(&self, owner_uid: &str) -> Vec<&Pod> {
        self.pods_by_owner
            .get(owner_uid)
            .map(|s| {
                s.entries()
                    .filter_map(|(_, slot)| self.api.store().at_slot::<Pod>(slot))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn sync_replicaset(&mut self, key: &str) {
        let Some(rs) = self.api.store().get_by_key::<ReplicaSet>(key).cloned() else {
            return;
        };
        let active: Vec<&Pod> = self
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
                if self.api_create_pod(pod, rs_ctrl()).is_ok() {
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
                self.api_delete_pod(&k, None);
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
            for p in self.owned_pods(uid) {
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
                key: Self::pod_key(p),
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
            self.api_update(rs);
        }
    }

    // --- Deployment controller ----------------------------------------------------------------

    pub(crate) fn run_deployment_controller(&mut self) -> bool {
        if self.dirty_deployments.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty_deployments);
        for key in work {
            self.sync_deployment(&key);
        }
        true
    }

    /// `pod-template-hash`: FNV-1a over the template's canonical JSON, safe-encoded.
    pub fn template_hash(t: &PodTemplate) -> String {
        let json = crate::api::json::pod_template(t);
        safe_encode(&fnv32a(json.as_bytes()).to_string())
    }

    /// The ReplicaSets a Deployment owns (owner reference), in store order.
    pub(crate) fn rss_of<'a>(
        &'a self,
        d: &Deployment,
    ) -> impl Iterator<Item = &'a ReplicaSet> + use<'a> {
        let uid = d.metadata.uid.clone();
        self.api
            .store()
            .list::<ReplicaSet>()
            .filter(move |r| r.metadata.owner.as_ref().is_some_and(|o| o.uid == uid))
    }

    /// The pod sets (owner index) of a Deployment's ReplicaSets: the pods it manages, which
    /// carry its template's labels and so match its selector.
    pub(crate) fn pod_sets_of<'a>(
        &'a self,
        d: &Deployment,
    ) -> impl Iterator<Item = &'a crate::api::index::KeySet> + use<'a> {
        self.rss_of(d)
            .filter_map(|r| self.pods_by_owner.get(&r.metadata.uid))
    }

    fn owned_rss(&self, d: &Deployment) -> Vec<ReplicaSet> {
        let mut v: Vec<ReplicaSet> = self.rss_of(d).cloned().collect();
        // oldest first (ReplicaSetsByCreationTimestamp, ties by name)
        crate::util::sort_by_less(&mut v, |a, b| {
            (a.metadata.creation_ms, &a.metadata.name) < (b.metadata.creation_ms, &b.metadata.name)
        });
        v
    }

    fn sync_deployment(&mut self, key: &str) {
        let Some(dep) = self.api.store().get_by_key::<Deployment>(key).cloned() else {
            return;
        };
        let hash = Self::template_hash(&dep.spec.template);
        let rss = self.owned_rss(&dep);
        let mut new_rs = rss
            .iter()
            .find(|r| r.metadata.labels.get(LABEL_POD_TEMPLATE_HASH) == Some(&hash))
            .cloned();
        let old: Vec<ReplicaSet> = rss
            .iter()
            .filter(|r| r.metadata.labels.get(LABEL_POD_TEMPLATE_HASH) != Some(&hash))
            .cloned()
            .collect();
        let desired = dep.spec.replicas;
        let (surge, unavailable) = match dep.spec.strategy.type_ {
            StrategyType::RollingUpdate => resolve_fenceposts(
                dep.spec.strategy.rolling_update.max_surge,
                dep.spec.strategy.rolling_update.max_unavailable,
                desired,
            ),
            StrategyType::Recreate => (0, 0),
        };

        // Scaling event: some active RS was sized for another replica count.
        let is_scaling_event = rss.iter().filter(|r| r.spec.replicas > 0).any(|r| {
            r.metadata
                .annotations
                .get(ANNOTATION_DESIRED_REPLICAS)
                .and_then(|v| v.parse::<u32>().ok())
                .is_some_and(|v| v != desired)
        });

        if new_rs.is_none() {
            let revision = rss
                .iter()
                .filter_map(|r| r.metadata.annotations.get(ANNOTATION_REVISION))
                .filter_map(|v| v.parse::<u64>().ok())
                .max()
                .unwrap_or(0)
                + 1;
            let mut template = dep.spec.template.clone();
            template
                .metadata
                .labels
                .insert(LABEL_POD_TEMPLATE_HASH.into(), hash.clone());
            let mut selector = dep.spec.selector.clone();
            selector
                .match_labels
                .insert(LABEL_POD_TEMPLATE_HASH.into(), hash.clone());
            let mut labels = template.metadata.labels.clone();
            labels.insert(LABEL_POD_TEMPLATE_HASH.into(), hash.clone());
            let mut annotations = Labels::new();
            annotations.insert(ANNOTATION_REVISION.into(), revision.to_string());
            annotations.insert(ANNOTATION_DESIRED_REPLICAS.into(), desired.to_string());
            annotations.insert(
                ANNOTATION_MAX_REPLICAS.into(),
                (desired + surge).to_string(),
            );
            let rs = ReplicaSet {
                metadata: ObjectMeta {
                    name: format!("{}-{}", dep.metadata.name, hash),
                    namespace: dep.metadata.namespace.clone(),
                    labels,
                    annotations,
                    owner: Some(OwnerRef {
                        kind: Kind::Deployment,
                        name: dep.metadata.name.clone(),
                        uid: dep.metadata.uid.clone(),
                    }),
                    ..Default::default()
                },
                spec: ReplicaSetSpec {
                    replicas: 0,
                    selector,
                    template,
                    min_ready_seconds: dep.spec.min_ready_seconds,
                },
                status: ReplicaSetStatus::default(),
            };
            let name = rs.metadata.name.clone();
            if self.api_create(rs).is_err() {
                return;
            }
            new_rs = self
                .api
                .store()
                .get::<ReplicaSet>(&dep.metadata.namespace, &name)
                .cloned();
        }
        let Some(mut new_rs) = new_rs else { return };
        // An old template again (`rollout undo`, or an image set back): the ReplicaSet that
        // has it becomes the new one with the next revision (SetNewReplicaSetAnnotations).
        let max_old = old.iter().filter_map(revision_of).max().unwrap_or(0);
        if revision_of(&new_rs).unwrap_or(0) <= max_old {
            new_rs
                .metadata
                .annotations
                .insert(ANNOTATION_REVISION.into(), (max_old + 1).to_string());
            self.api_update(new_rs.clone());
        }

        if is_scaling_event && dep.spec.strategy.type_ == StrategyType::RollingUpdate {
            self.scale_deployment(&dep, &new_rs, &old, surge);
        } else {
            match dep.spec.strategy.type_ {
                StrategyType::RollingUpdate => {
                    self.rollout_rolling(&dep, &new_rs, &old, surge, unavailable)
                }
                StrategyType::Recreate => self.rollout_recreate(&dep, &new_rs, &old),
            }
        }
        self.cleanup_history(&dep);
        self.update_deployment_status(key, &hash);
    }

    fn scale_rs(&mut self, dep: &Deployment, rs_key: &str, to: u32, surge: u32) {
        let Some(mut rs) = self.api.store().get_by_key::<ReplicaSet>(rs_key).cloned() else {
            return;
        };
        let from = rs.spec.replicas;
        let desired = dep.spec.replicas.to_string();
        let max = (dep.spec.replicas + surge).to_string();
        let annotations_ok = rs.metadata.annotations.get(ANNOTATION_DESIRED_REPLICAS)
            == Some(&desired)
            && rs.metadata.annotations.get(ANNOTATION_MAX_REPLICAS) == Some(&max);
        if from == to && annotations_ok {
            return;
        }
        rs.spec.replicas = to;
        rs.metadata
            .annotations
            .insert(ANNOTATION_DESIRED_REPLICAS.into(), desired);
        rs.metadata
            .annotations
            .insert(ANNOTATION_MAX_REPLICAS.into(), max);
        rs.metadata.generation += 1;
        let name = rs.metadata.name.clone();
        self.api_update(rs);
        if from != to {
            self.emit(
                deploy_ctrl(),
                ObjectRef::new(
                    Kind::Deployment,
                    &dep.metadata.namespace,
                    &dep.metadata.name,
                ),
                EventKind::ScalingReplicaSet {
                    replicaset: name,
                    from,
                    to,
                },
            );
        }
    }

    fn rs_key(rs: &ReplicaSet) -> String {
        table_key(&rs.metadata.namespace, &rs.metadata.name)
    }

    /// `rolloutRolling`: reconcileNewReplicaSet then reconcileOldReplicaSets.
    fn rollout_rolling(
        &mut self,
        dep: &Deployment,
        new_rs: &ReplicaSet,
        old: &[ReplicaSet],
        surge: u32,
        unavailable: u32,
    ) {
        let desired = dep.spec.replicas;
        let current_total: u32 =
            old.iter().map(|r| r.spec.replicas).sum::<u32>() + new_rs.spec.replicas;
        // reconcileNewReplicaSet
        let new_target = if new_rs.spec.replicas > desired {
            desired
        } else {
            new_rs_new_replicas(desired, surge, current_total, new_rs.spec.replicas)
        };
        self.scale_rs(dep, &Self::rs_key(new_rs), new_target, surge);
        // reconcileOldReplicaSets
        let old_count: u32 = old.iter().map(|r| r.spec.replicas).sum();
        if old_count == 0 {
            return;
        }
        let new_rs = self
            .api
            .store()
            .get_by_key::<ReplicaSet>(&Self::rs_key(new_rs))
            .cloned()
            .unwrap_or_else(|| new_rs.clone());
        let all_count = old_count + new_rs.spec.replicas;
        let min_available = desired.saturating_sub(unavailable);
        let new_unavailable = new_rs
            .spec
            .replicas
            .saturating_sub(new_rs.status.available_replicas);
        let max_scaled_down = all_count as i64 - min_available as i64 - new_unavailable as i64;
        if max_scaled_down <= 0 {
            return;
        }
        // cleanupUnhealthyReplicas: old RSs' unavailable pods go first.
        let mut old_now: Vec<ReplicaSet> = old.to_vec();
        let mut cleaned: i64 = 0;
        for rs in old_now.iter_mut() {
            if cleaned >= max_scaled_down {
                break;
            }
            if rs.spec.replicas == 0 {
                continue;
            }
            let unhealthy = rs
                .spec
                .replicas
                .saturating_sub(rs.status.available_replicas) as i64;
            let down = (max_scaled_down - cleaned).min(unhealthy);
            if down > 0 {
                let to = rs.spec.replicas - down as u32;
                self.scale_rs(dep, &Self::rs_key(rs), to, surge);
                rs.spec.replicas = to;
                cleaned += down;
            }
        }
        // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable available.
        let available: u32 = old_now
            .iter()
            .map(|r| r.status.available_replicas.min(r.spec.replicas))
            .sum::<u32>()
            + new_rs.status.available_replicas;
        if available <= min_available {
            return;
        }
        let total_down = available - min_available;
        let mut done = 0;
        for rs in old_now.iter() {
            if done >= total_down {
                break;
            }
            if rs.spec.replicas == 0 {
                continue;
            }
            let down = rs.spec.replicas.min(total_down - done);
            self.scale_rs(dep, &Self::rs_key(rs), rs.spec.replicas - down, surge);
            done += down;
        }
    }

    /// Recreate: old pods all gone before the new RS scales up.
    fn rollout_recreate(&mut self, dep: &Deployment, new_rs: &ReplicaSet, old: &[ReplicaSet]) {
        let mut old_active = false;
        for rs in old {
            if rs.spec.replicas > 0 {
                self.scale_rs(dep, &Self::rs_key(rs), 0, 0);
            }
            if self
                .owned_pods(&rs.metadata.uid)
                .iter()
                .any(|p| p.node().is_some() || p.is_active())
            {
                old_active = true;
            }
        }
        if !old_active {
            self.scale_rs(dep, &Self::rs_key(new_rs), dep.spec.replicas, 0);
        }
    }

    /// `scale()`: a scaling event during (or outside) a rollout.
    fn scale_deployment(
        &mut self,
        dep: &Deployment,
        new_rs: &ReplicaSet,
        old: &[ReplicaSet],
        surge: u32,
    ) {
        let desired = dep.spec.replicas;
        let mut all: Vec<ReplicaSet> = old.to_vec();
        all.push(new_rs.clone());
        let active: Vec<ReplicaSet> = all
            .iter()
            .filter(|r| r.spec.replicas > 0)
            .cloned()
            .collect();
        // FindActiveOrLatest
        let target = match active.len() {
            0 => Some(new_rs.clone()),
            1 => Some(active[0].clone()),
            _ => None,
        };
        if let Some(rs) = target {
            self.scale_rs(dep, &Self::rs_key(&rs), desired, surge);
            return;
        }
        // IsSaturated: the new RS is complete, so old ones go to zero.
        let saturated =
            new_rs.spec.replicas == desired && new_rs.status.available_replicas == desired;
        if saturated {
            for rs in active
                .iter()
                .filter(|r| r.metadata.uid != new_rs.metadata.uid)
            {
                self.scale_rs(dep, &Self::rs_key(rs), 0, surge);
            }
            return;
        }
        // Proportional scaling.
        let all_replicas: i64 = active.iter().map(|r| r.spec.replicas as i64).sum();
        let allowed = if desired > 0 {
            (desired + surge) as i64
        } else {
            0
        };
        let to_add = allowed - all_replicas;
        let mut sorted = active.clone();
        // ReplicaSetsBySizeNewer when adding (larger first, newer first on ties), else
        // ReplicaSetsBySizeOlder (larger first, older first on ties); then by name.
        let newer = to_add > 0;
        crate::util::sort_by_less(&mut sorted, |a, b| {
            let key = |r: &ReplicaSet| {
                let t = r.metadata.creation_ms;
                (
                    std::cmp::Reverse(r.spec.replicas),
                    if newer { Millis::MAX - t } else { t },
                )
            };
            (key(a), &a.metadata.name) < (key(b), &b.metadata.name)
        });
        let mut added: i64 = 0;
        let mut sizes: Vec<i64> = Vec::new();
        for rs in &sorted {
            let mut size = rs.spec.replicas as i64;
            if to_add != 0 && rs.spec.replicas > 0 && to_add != added {
                // getReplicaSetFraction
                let fraction = if desired == 0 {
                    -(rs.spec.replicas as i64)
                } else {
                    let max_now = (desired + surge) as f64;
                    let before = rs
                        .metadata
                        .annotations
                        .get(ANNOTATION_MAX_REPLICAS)
                        .and_then(|v| v.parse::<i32>().ok())
                        .map(f64::from)
                        .filter(|v| *v > 0.0)
                        .unwrap_or(rs.spec.replicas as f64);
                    let new_size = rs.spec.replicas as f64 * max_now / before;
                    (new_size.round() as i64) - rs.spec.replicas as i64
                };
                let allowed_left = to_add - added;
                let proportion = if to_add > 0 {
                    fraction.min(allowed_left)
                } else {
                    fraction.max(allowed_left)
                };
                size += proportion;
                added += proportion;
            }
            sizes.push(size);
        }
        if let Some(first) = sizes.first_mut()
            && to_add != 0
        {
            *first = (*first + to_add - added).max(0);
        }
        for (rs, size) in sorted.iter().zip(sizes) {
            self.scale_rs(dep, &Self::rs_key(rs), size.max(0) as u32, surge);
        }
    }

    /// Old ReplicaSets with no replicas beyond `revisionHistoryLimit` are deleted.
    fn cleanup_history(&mut self, dep: &Deployment) {
        let hash = Self::template_hash(&dep.spec.template);
        let rss = self.owned_rss(dep);
        let mut dead: Vec<&ReplicaSet> = rss
            .iter()
            .filter(|r| {
                r.metadata.labels.get(LABEL_POD_TEMPLATE_HASH) != Some(&hash)
                    && r.spec.replicas == 0
                    && r.status.replicas == 0
            })
            .collect();
        let limit = dep.spec.revision_history_limit as usize;
        if dead.len() <= limit {
            return;
        }
        // Lowest revisions go first (ReplicaSetsByRevision); a handful, so pick them in turn.
        let rev = |r: &ReplicaSet| revision_of(r).unwrap_or(0);
        let n = dead.len() - limit;
        let mut lowest = Vec::new();
        for _ in 0..n {
            let Some(i) = (0..dead.len()).min_by_key(|&i| rev(dead[i])) else {
                break;
            };
            lowest.push(dead.remove(i));
        }
        let names: Vec<(String, String, String)> = lowest
            .iter()
            .map(|r| {
                (
                    r.metadata.namespace.clone(),
                    r.metadata.name.clone(),
                    r.metadata.uid.clone(),
                )
            })
            .collect();
        for (ns, name, uid) in names {
            self.api_delete::<ReplicaSet>(&ns, &name);
            // The garbage collector deletes what the ReplicaSet still owned (terminating or
            // terminated pods; background propagation).
            self.collect_pods_of(&uid, &format!("ReplicaSet/{name}"));
        }
    }

    fn update_deployment_status(&mut self, key: &str, hash: &str) {
        let Some(dep) = self.api.store().get_by_key::<Deployment>(key).cloned() else {
            return;
        };
        let rss = self.owned_rss(&dep);
        let replicas: u32 = rss.iter().map(|r| r.status.replicas).sum();
        let updated: u32 = rss
            .iter()
            .filter(|r| {
                r.metadata
                    .labels
                    .get(LABEL_POD_TEMPLATE_HASH)
                    .map(String::as_str)
                    == Some(hash)
            })
            .map(|r| r.status.replicas)
            .sum();
        let ready: u32 = rss.iter().map(|r| r.status.ready_replicas).sum();
        let available: u32 = rss.iter().map(|r| r.status.available_replicas).sum();
        let status = DeploymentStatus {
            replicas,
            updated_replicas: updated,
            ready_replicas: ready,
            available_replicas: available,
            unavailable_replicas: replicas.max(dep.spec.replicas).saturating_sub(available),
        };
        if status != dep.status {
            let mut dep = dep;
            dep.status = status;
            self.api_update(dep);
            // A status write is not a spec change: no need to resync ourselves.
            self.dirty_deployments.remove(key);
        }
    }

    // --- Endpoints controller ----------------------------------------------------------------

    pub(crate) fn run_endpoints_controller(&mut self) -> bool {
        if self.dirty_services.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty_services);
        for key in work {
            self.sync_endpoints(&key);
        }
        true
    }

    fn sync_endpoints(&mut self, key: &str) {
        let Some(svc) = self.api.store().get_by_key::<Service>(key).cloned() else {
            if let Some((ns, name)) = key.split_once('/') {
                self.api_delete::<Endpoints>(ns, name);
            }
            return;
        };
        let ns = svc.metadata.namespace.clone();
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        for p in self.api.store().list::<Pod>() {
            if p.metadata.namespace != ns
                || svc.spec.selector.is_empty()
                || !svc
                    .spec
                    .selector
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            {
                continue;
            }
            let (Some(ip), Some(node)) = (&p.status.pod_ip, p.node()) else {
                continue;
            };
            if p.is_terminating() {
                continue;
            }
            let addr = EndpointAddress {
                ip: ip.clone(),
                node_name: node.to_string(),
                pod: p.metadata.name.clone(),
            };
            if p.status.is_ready() {
                ready.push(addr);
            } else {
                not_ready.push(addr);
            }
        }
        let existing = self
            .api
            .store()
            .get::<Endpoints>(&ns, &svc.metadata.name)
            .cloned();
        let eref = ObjectRef::new(Kind::Endpoints, &ns, &svc.metadata.name);
        let (r, nr) = (ready.len() as u32, not_ready.len() as u32);
        match existing {
            Some(mut e) => {
                if e.addresses == ready && e.not_ready_addresses == not_ready {
                    return;
                }
                e.addresses = ready;
                e.not_ready_addresses = not_ready;
                self.api_update(e);
            }
            None => {
                let e = Endpoints {
                    metadata: ObjectMeta::named(&svc.metadata.name, &ns),
                    addresses: ready,
                    not_ready_addresses: not_ready,
                };
                let _ = self.api_create(e);
            }
        }
        self.emit(
            Actor::new(Component::EndpointsController),
            eref,
            EventKind::EndpointsUpdated {
                ready: r,
                not_ready: nr,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenceposts_match_upstream_test() {
        // deployment_util_test.go: 39%/39% of 10 -> surge 4, unavailable 3.
        assert_eq!(
            resolve_fenceposts(IntOrPercent::Percent(39), IntOrPercent::Percent(39), 10),
            (4, 3)
        );
        // 25%/25% of 4 -> 1/1; of 1 -> surge 1, unavailable 0.
        assert_eq!(
            resolve_fenceposts(IntOrPercent::Percent(25), IntOrPercent::Percent(25), 4),
            (1, 1)
        );
        assert_eq!(
            resolve_fenceposts(IntOrPercent::Percent(25), IntOrPercent::Percent(25), 1),
            (1, 0)
        );
        // both zero -> unavailable 1
        assert_eq!(
            resolve_fenceposts(IntOrPercent::Int(0), IntOrPercent::Int(0), 5),
            (0, 1)
        );
    }

    #[test]
    fn new_rs_replicas_respects_surge() {
        // desired 10, surge 3: with 10 old and 0 new, the new RS may go to 3.
        assert_eq!(new_rs_new_replicas(10, 3, 10, 0), 3);
        // at max total, no change
        assert_eq!(new_rs_new_replicas(10, 3, 13, 3), 3);
        // never above desired
        assert_eq!(new_rs_new_replicas(10, 3, 2, 9), 10);
    }

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
