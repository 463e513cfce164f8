//! The Deployment controller (`pkg/controller/deployment`): one ReplicaSet per template with
//! its revision, rolling update and recreate, proportional scaling, history cleanup.

use crate::api::component::{Component, Ctx, Gate};
use crate::api::core::Api;
use crate::api::events::{Actor, Component as Who, EventKind};
use crate::api::index::KeySet;
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::api::watch::WatchEvent;
use crate::config::sim::SimConfig;
use crate::util::{Millis, fnv32a, safe_encode};

fn deploy_ctrl() -> Actor {
    Actor::new(Who::DeploymentController)
}

/// `pod-template-hash`: FNV-1a over the template's canonical JSON, safe-encoded.
pub fn template_hash(t: &PodTemplate) -> String {
    let json = crate::api::json::pod_template(t);
    safe_encode(&fnv32a(json.as_bytes()).to_string())
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

/// The controller's work queue: Deployments to reconcile.
#[derive(Clone, Debug, Default)]
pub struct DeploymentController {
    dirty: KeySet,
    /// Deployments whose status the last settle wrote: the watch events up to that write
    /// (its own, and its ReplicaSets' changes made by the same sync) do not requeue them.
    own_status: KeySet,
}

impl Component for DeploymentController {
    type Timer = ();
    type Peer = ();
    const NAME: &'static str = "deployment controller";
    const GATE: Gate = Gate::Controllers;

    fn from_config(_: &SimConfig) -> Self {
        Self::default()
    }

    /// A Deployment changed, or a ReplicaSet it owns.
    fn watch(&mut self, ev: &WatchEvent, _: &mut Ctx<'_, ()>) {
        if let WatchEvent::Object { kind, key, owner } = ev {
            match kind {
                Kind::Deployment if !self.own_status.remove(key) => {
                    self.dirty.insert(key);
                }
                Kind::ReplicaSet => {
                    if let Some(o) = owner
                        && let Some((ns, _)) = key.split_once('/')
                    {
                        let d = table_key(ns, o);
                        if !self.own_status.contains(&d) {
                            self.dirty.insert(&d);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn settle(&mut self, ctx: &mut Ctx<'_, ()>) -> bool {
        if self.dirty.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty);
        let mut sync = Sync {
            api: ctx.api,
            own_status: Vec::new(),
        };
        for key in work {
            sync.sync_deployment(&key);
        }
        for k in sync.own_status {
            self.own_status.insert(&k);
        }
        true
    }
}

/// One reconcile pass.
struct Sync<'a> {
    api: &'a mut Api,
    /// The Deployments whose status it wrote.
    own_status: Vec<String>,
}

impl Sync<'_> {
    fn emit(&mut self, actor: Actor, object: ObjectRef, kind: EventKind) {
        self.api.emit(actor, object, kind);
    }

    fn owned_rss(&self, d: &Deployment) -> Vec<ReplicaSet> {
        let mut v: Vec<ReplicaSet> = self.api.replicasets_of(d).cloned().collect();
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
        let hash = template_hash(&dep.spec.template);
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
            if self.api.create(rs).is_err() {
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
            self.api.update(new_rs.clone());
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
        self.api.update(rs);
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
                .api
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
        let hash = template_hash(&dep.spec.template);
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
            self.api.delete::<ReplicaSet>(&ns, &name);
            // The garbage collector deletes what the ReplicaSet still owned (terminating or
            // terminated pods; background propagation).
            crate::controllers::gc::collect_pods_of(self.api, &uid, &format!("ReplicaSet/{name}"));
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
            self.api.update(dep);
            // A status write is not a spec change: its watch event, and those of what this
            // sync did before it, do not resync the Deployment (`own_status`).
            self.own_status.push(key.to_string());
        }
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
}
