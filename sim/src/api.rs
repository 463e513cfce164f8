//! The API-server stage: every write goes through here. Admission (defaulting,
//! DefaultTolerationSeconds, validation), persistence in the store, then the watch fan-out
//! that the components' informers would receive (work-queue keys, the scheduler cache and
//! queue, shared indexes).

use crate::events::{Actor, Component, EventKind};
use crate::nodelifecycle::{TAINT_NOT_READY, TAINT_UNREACHABLE};
use crate::objects::*;
use crate::sim::{Sim, actor};
use crate::store::{Object, table_key};
use crate::util::Millis;

/// Why the API server refused a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError(pub String);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// DNS-1123 label-ish name check (lowercase alphanumerics, '-' and '.', max 253).
pub fn validate_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(ApiError(format!(
            "invalid name {name:?}: must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit"
        )))
    }
}

pub fn validate_pod_spec(spec: &PodSpec) -> Result<(), ApiError> {
    if spec.containers.is_empty() {
        return Err(ApiError("a pod needs at least one container".into()));
    }
    let mut names: Vec<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    names.dedup();
    if names.len() != spec.containers.len() {
        return Err(ApiError("container names must be unique".into()));
    }
    for c in &spec.containers {
        validate_name(&c.name)?;
        if c.image.is_empty() {
            return Err(ApiError(format!("container {} has no image", c.name)));
        }
        let r = &c.resources;
        if let (Some(req), Some(lim)) = (r.requests.cpu, r.limits.cpu)
            && req > lim
        {
            return Err(ApiError(format!(
                "container {}: cpu request must be <= limit",
                c.name
            )));
        }
        if let (Some(req), Some(lim)) = (r.requests.memory, r.limits.memory)
            && req > lim
        {
            return Err(ApiError(format!(
                "container {}: memory request must be <= limit",
                c.name
            )));
        }
    }
    Ok(())
}

impl Sim {
    fn new_meta(&mut self, meta: &mut ObjectMeta) {
        meta.uid = self.rng.uuid();
        meta.creation_ms = self.now;
        meta.generation = 1;
    }

    // --- nodes ------------------------------------------------------------------------------

    pub(crate) fn api_create_node(&mut self, mut node: Node) -> Result<(), ApiError> {
        validate_name(&node.metadata.name)?;
        if self.store.node(&node.metadata.name).is_some() {
            return Err(ApiError(format!(
                "node {} already exists",
                node.metadata.name
            )));
        }
        node.metadata.namespace = String::new();
        self.new_meta(&mut node.metadata);
        let rev = self.store.put(node.clone());
        self.emit(
            actor(Component::ApiServer),
            ObjectRef::new(Kind::Node, "", &node.metadata.name),
            EventKind::Created { revision: rev },
        );
        self.on_node_change(&node.metadata.name, None);
        Ok(())
    }

    pub(crate) fn api_update_node(&mut self, node: Node) {
        let name = node.metadata.name.clone();
        let old = self.store.node(&name).cloned();
        self.store.put(node);
        self.on_node_change(&name, old.as_ref());
    }

    fn on_node_change(&mut self, name: &str, old: Option<&Node>) {
        let Some(new) = self.store.node(name).cloned() else {
            return;
        };
        self.sched.upsert_node(&new);
        let sched_changed = old.is_none_or(|o| {
            o.spec.taints != new.spec.taints
                || o.spec.unschedulable != new.spec.unschedulable
                || o.status.allocatable != new.status.allocatable
                || o.metadata.labels != new.metadata.labels
        });
        if sched_changed {
            self.sched.move_all_to_active_or_backoff(self.now);
            self.arm_scheduler_flush();
        }
        let noexec = |n: &Node| -> Vec<Taint> {
            n.spec
                .taints
                .iter()
                .filter(|t| t.effect == TaintEffect::NoExecute)
                .cloned()
                .collect()
        };
        if old.is_none_or(|o| noexec(o) != noexec(&new)) {
            self.dirty_taint_nodes.insert(name.to_string());
        }
    }

    // --- pods -------------------------------------------------------------------------------

    /// Admission for pods: defaults and DefaultTolerationSeconds
    /// (`plugin/pkg/admission/defaulttolerationseconds/admission.go`).
    pub(crate) fn admit_pod(&self, pod: &mut Pod) -> Result<(), ApiError> {
        validate_name(&pod.metadata.name)?;
        if pod.metadata.namespace.is_empty() {
            pod.metadata.namespace = DEFAULT_NAMESPACE.to_string();
        }
        validate_pod_spec(&pod.spec)?;
        if pod.spec.termination_grace_period_seconds.is_none() {
            pod.spec.termination_grace_period_seconds =
                Some(self.timing.termination_grace.ms / 1000);
        }
        let tols = &pod.spec.tolerations;
        let covers = |key: &str| {
            tols.iter().any(|t| {
                (t.key == key || t.key.is_empty())
                    && (t.effect == Some(TaintEffect::NoExecute) || t.effect.is_none())
            })
        };
        let (nr, ur) = (covers(TAINT_NOT_READY), covers(TAINT_UNREACHABLE));
        if !nr {
            pod.spec.tolerations.push(Toleration {
                key: TAINT_NOT_READY.into(),
                operator: TolerationOperator::Exists,
                value: String::new(),
                effect: Some(TaintEffect::NoExecute),
                toleration_seconds: Some(self.timing.not_ready_toleration.ms / 1000),
            });
        }
        if !ur {
            pod.spec.tolerations.push(Toleration {
                key: TAINT_UNREACHABLE.into(),
                operator: TolerationOperator::Exists,
                value: String::new(),
                effect: Some(TaintEffect::NoExecute),
                toleration_seconds: Some(self.timing.unreachable_toleration.ms / 1000),
            });
        }
        Ok(())
    }

    pub(crate) fn api_create_pod(&mut self, mut pod: Pod, by: Actor) -> Result<String, ApiError> {
        self.admit_pod(&mut pod)?;
        let key = table_key(&pod.metadata.namespace, &pod.metadata.name);
        if self.store.get_by_key::<Pod>(&key).is_some() {
            return Err(ApiError(format!("pod {key} already exists")));
        }
        if let Some(n) = pod.node()
            && self.store.node(n).is_none()
        {
            return Err(ApiError(format!("pod {key} is bound to unknown node {n}")));
        }
        self.new_meta(&mut pod.metadata);
        pod.status = PodStatus::default();
        if pod.spec.node_name.is_some() {
            pod.status.stage = PodStage::Scheduled;
            pod.status.set_condition(
                PodConditionType::PodScheduled,
                ConditionStatus::True,
                self.now,
                "",
            );
        }
        let rev = self.store.put(pod.clone());
        let _ = by;
        self.emit(
            actor(Component::ApiServer),
            pod.reference(),
            EventKind::Created { revision: rev },
        );
        self.on_pod_change(&key, None);
        Ok(key)
    }

    /// `pods/binding`: sets `spec.nodeName` and PodScheduled=True.
    pub(crate) fn api_bind(&mut self, key: &str, node: &str) {
        let Some(mut pod) = self.store.get_by_key::<Pod>(key).cloned() else {
            return;
        };
        let old = pod.clone();
        pod.spec.node_name = Some(node.to_string());
        pod.status.stage = PodStage::Scheduled;
        pod.status.set_condition(
            PodConditionType::PodScheduled,
            ConditionStatus::True,
            self.now,
            "",
        );
        self.store.put(pod);
        self.on_pod_change(key, Some(&old));
    }

    /// Writes a pod's status (kubelet, node lifecycle, scheduler).
    pub(crate) fn api_update_pod_status(&mut self, key: &str, status: PodStatus) {
        let Some(mut pod) = self.store.get_by_key::<Pod>(key).cloned() else {
            return;
        };
        if pod.status == status {
            return;
        }
        let old = pod.clone();
        pod.status = status;
        self.store.put(pod);
        self.on_pod_change(key, Some(&old));
    }

    /// Graceful deletion: sets deletionTimestamp; the kubelet stops the containers and then
    /// removes the object. Unbound pods (no kubelet) and `grace == 0` go at once.
    pub(crate) fn api_delete_pod(&mut self, key: &str, grace_ms: Option<Millis>) {
        let Some(mut pod) = self.store.get_by_key::<Pod>(key).cloned() else {
            return;
        };
        if pod.metadata.deletion_ms.is_some() {
            return;
        }
        let grace = grace_ms.unwrap_or_else(|| {
            pod.spec
                .termination_grace_period_seconds
                .map_or(self.timing.termination_grace.ms, |s| s * 1000)
        });
        if pod.spec.node_name.is_none() || grace == 0 {
            self.api_remove_pod(key);
            return;
        }
        let old = pod.clone();
        pod.metadata.deletion_ms = Some(self.now);
        pod.metadata.deletion_grace_ms = Some(grace);
        pod.status.stage = PodStage::Terminating;
        self.store.put(pod);
        self.on_pod_change(key, Some(&old));
    }

    /// Removes a pod object (the final, grace-0 delete).
    pub(crate) fn api_remove_pod(&mut self, key: &str) {
        let Some((ns, name)) = key.split_once('/') else {
            return;
        };
        let Some(old) = self.store.delete::<Pod>(ns, name) else {
            return;
        };
        let rev = self.store.revision();
        self.emit(
            actor(Component::ApiServer),
            old.reference(),
            EventKind::Deleted { revision: rev },
        );
        self.on_pod_change(key, Some(&old));
    }

    /// Informer fan-out for a pod change. `old` is the previous object (None on create).
    pub(crate) fn on_pod_change(&mut self, key: &str, old: Option<&Pod>) {
        let new = self.store.get_by_key::<Pod>(key).cloned();
        // scheduler cache and queue
        self.sched.account_pod(key, new.as_ref());
        match &new {
            Some(p) if p.spec.node_name.is_none() && !p.is_terminating() => {
                self.sched.enqueue(key, p.spec.priority, self.now);
            }
            _ => self.sched.forget(key),
        }
        let freed = old.is_some_and(|o| o.spec.node_name.is_some())
            && new.as_ref().is_none_or(|n| n.spec.node_name.is_none());
        if freed {
            self.sched.move_all_to_active_or_backoff(self.now);
            self.arm_scheduler_flush();
        }
        // indexes
        for (p, add) in [(old, false), (new.as_ref(), true)] {
            let Some(p) = p else { continue };
            if let Some(n) = p.node() {
                let set = self.pods_by_node.entry(n.to_string()).or_default();
                if add {
                    set.insert(key.to_string());
                } else {
                    set.remove(key);
                }
            }
            if let Some(o) = &p.metadata.owner {
                let set = self.pods_by_owner.entry(o.uid.clone()).or_default();
                if add {
                    set.insert(key.to_string());
                } else {
                    set.remove(key);
                }
                if o.kind == Kind::ReplicaSet {
                    self.dirty_rs
                        .insert(table_key(&p.metadata.namespace, &o.name));
                }
            }
            // services selecting the pod
            let svcs: Vec<String> = self
                .store
                .list::<Service>()
                .filter(|s| {
                    s.metadata.namespace == p.metadata.namespace
                        && !s.spec.selector.is_empty()
                        && s.spec
                            .selector
                            .iter()
                            .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                })
                .map(|s| table_key(&s.metadata.namespace, &s.metadata.name))
                .collect();
            self.dirty_services.extend(svcs);
            // the node's kubelet
            if let Some(n) = p.node() {
                self.dirty_kubelet.insert((n.to_string(), key.to_string()));
            }
        }
        // taint-based eviction applies to pods bound to tainted nodes
        if let Some(p) = &new
            && let Some(n) = p.node()
            && old.is_none_or(|o| o.node() != Some(n))
            && self.store.node(n).is_some_and(|node| {
                node.spec
                    .taints
                    .iter()
                    .any(|t| t.effect == TaintEffect::NoExecute)
            })
        {
            self.dirty_taint_nodes.insert(n.to_string());
        }
        if new.is_none() {
            self.metrics.forget(key);
            self.evictions.remove(key);
        }
    }

    // --- workloads --------------------------------------------------------------------------

    pub(crate) fn api_create<T: Object>(&mut self, mut obj: T) -> Result<(), ApiError> {
        validate_name(&obj.meta().name)?;
        if obj.meta().namespace.is_empty() {
            obj.meta_mut().namespace = DEFAULT_NAMESPACE.to_string();
        }
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        if self.store.get::<T>(&ns, &name).is_some() {
            return Err(ApiError(format!(
                "{:?} {ns}/{name} already exists",
                T::KIND
            )));
        }
        let mut meta = obj.meta().clone();
        self.new_meta(&mut meta);
        *obj.meta_mut() = meta;
        let rev = self.store.put(obj);
        if !matches!(T::KIND, Kind::Endpoints | Kind::Lease) {
            self.emit(
                actor(Component::ApiServer),
                ObjectRef::new(T::KIND, &ns, &name),
                EventKind::Created { revision: rev },
            );
        }
        self.on_object_change(T::KIND, &ns, &name);
        Ok(())
    }

    pub(crate) fn api_update<T: Object>(&mut self, obj: T) {
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        self.store.put(obj);
        self.on_object_change(T::KIND, &ns, &name);
    }

    pub(crate) fn api_delete<T: Object>(&mut self, ns: &str, name: &str) {
        if self.store.delete::<T>(ns, name).is_some() {
            let rev = self.store.revision();
            self.emit(
                actor(Component::ApiServer),
                ObjectRef::new(T::KIND, ns, name),
                EventKind::Deleted { revision: rev },
            );
            self.on_object_change(T::KIND, ns, name);
        }
    }

    fn on_object_change(&mut self, kind: Kind, ns: &str, name: &str) {
        let key = table_key(ns, name);
        match kind {
            Kind::Deployment => {
                self.dirty_deployments.insert(key);
            }
            Kind::ReplicaSet => {
                if let Some(rs) = self.store.get_by_key::<ReplicaSet>(&key)
                    && let Some(o) = &rs.metadata.owner
                {
                    self.dirty_deployments.insert(table_key(ns, &o.name));
                }
                self.dirty_rs.insert(key);
            }
            Kind::Service => {
                self.dirty_services.insert(key);
            }
            _ => {}
        }
    }
}
