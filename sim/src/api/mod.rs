//! The API-server stage: every write goes through here. Admission (defaulting,
//! DefaultTolerationSeconds, validation), persistence in the store, then the watch fan-out
//! that the components' informers would receive (work-queue keys, the scheduler cache and
//! queue, shared indexes).

pub mod core;
pub mod events;
pub mod index;
pub(crate) mod json;
pub mod objects;
pub mod store;
pub mod vpa;

use crate::api::events::{Actor, Component, EventKind};
use crate::api::index::{Id, KeySet};
use crate::api::objects::*;
use crate::api::store::{Object, table_key};
use crate::engine::{Sim, actor};
use crate::util::Millis;
use std::sync::Arc;

/// Longest accepted scenario text (bytes): guards the parser against huge inputs.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;
/// Most nodes a scenario may declare (Kubernetes' published limit).
pub const MAX_NODES: u64 = 5_000;
/// Most replicas one Deployment (or HPA maxReplicas) may ask for in this model.
pub const MAX_REPLICAS: u32 = 10_000;
/// Longest run a scenario may ask for (`until`, action times): 7 simulated days.
pub const MAX_RUN_MS: Millis = 7 * 24 * 3_600_000;

/// What a pod was before a change (labels and owner never change after creation).
pub(crate) enum PodPrev<'a> {
    Created,
    /// Updated; its node before the update.
    Node(Option<String>),
    /// Deleted: the removed object.
    Gone(&'a Pod),
}

/// Why the API server refused a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError(pub String);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why the engine refuses a command or a write, before any text position is known: the
/// command layer (`cli/`) turns it into a message pointing at the command's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The command names something that does not exist.
    NotFound { kind: String, name: String },
    /// Well formed, but it cannot apply now (or the API server's validation refused it).
    Rejected { reason: String },
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        Refusal::Rejected { reason: e.0 }
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
            "invalid name {}: must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
            crate::util::Quoted(name)
        )))
    }
}

pub fn validate_pod_spec(spec: &PodSpec) -> Result<(), ApiError> {
    if spec.containers.is_empty() {
        return Err(ApiError("a pod needs at least one container".into()));
    }
    let cs = &spec.containers;
    if (0..cs.len()).any(|i| cs[..i].iter().any(|c| c.name == cs[i].name)) {
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

/// Deployment validation (the subset the model needs).
pub fn validate_deployment(d: &Deployment) -> Result<(), ApiError> {
    validate_name(&d.metadata.name)?;
    if d.spec.replicas > MAX_REPLICAS {
        return Err(ApiError(format!(
            "replicas above the model's limit of {}",
            MAX_REPLICAS
        )));
    }
    validate_pod_spec(&d.spec.template.spec)?;
    if !d.spec.selector.matches(&d.spec.template.metadata.labels) {
        return Err(ApiError(
            "spec.selector does not match spec.template.metadata.labels".into(),
        ));
    }
    Ok(())
}

/// HorizontalPodAutoscaler validation.
pub fn validate_hpa(h: &HorizontalPodAutoscaler) -> Result<(), ApiError> {
    validate_name(&h.metadata.name)?;
    if h.spec.metrics.len() > 1 {
        return Err(ApiError(
            "this model supports one metric per HorizontalPodAutoscaler".into(),
        ));
    }
    if h.spec.max_replicas > MAX_REPLICAS {
        return Err(ApiError(format!(
            "maxReplicas above the model's limit of {}",
            MAX_REPLICAS
        )));
    }
    if h.metrics()
        .iter()
        .any(|m| m.resource.target.average_utilization == 0)
    {
        return Err(ApiError("averageUtilization must be greater than 0".into()));
    }
    if h.spec.max_replicas < h.min_replicas().max(1) {
        return Err(ApiError(
            "maxReplicas must be at least minReplicas and 1".into(),
        ));
    }
    Ok(())
}

impl Sim {
    fn new_meta(&mut self, meta: &mut ObjectMeta) {
        meta.uid = self.api.rng().uuid();
        meta.creation_ms = self.api.now();
        meta.generation = 1;
    }

    // --- nodes ------------------------------------------------------------------------------

    pub(crate) fn api_create_node(&mut self, mut node: Node) -> Result<(), ApiError> {
        validate_name(&node.metadata.name)?;
        if self.api.store().node(&node.metadata.name).is_some() {
            return Err(ApiError(format!(
                "node {} already exists",
                node.metadata.name
            )));
        }
        node.metadata.namespace = String::new();
        self.new_meta(&mut node.metadata);
        let name = node.metadata.name.clone();
        let (rev, id) = self.api.store_mut().put_id(node);
        let slot = id.slot as usize;
        if self.pods_by_node.len() <= slot {
            self.pods_by_node.resize_with(slot + 1, Vec::new);
        }
        self.pods_by_node[slot].clear();
        self.emit(
            actor(Component::ApiServer),
            ObjectRef::new(Kind::Node, "", &name),
            EventKind::Created { revision: rev },
        );
        self.on_node_change(&name, None);
        Ok(())
    }

    pub(crate) fn api_update_node(&mut self, node: Node) {
        let name = node.metadata.name.clone();
        let old = self.api.store().node(&name).cloned();
        self.api.store_mut().put(node);
        self.on_node_change(&name, old.as_ref());
    }

    fn on_node_change(&mut self, name: &str, old: Option<&Node>) {
        let Some(id) = self.api.store().id::<Node>(name) else {
            return;
        };
        let Some(new) = self.api.store().at::<Node>(id) else {
            return;
        };
        self.sched.upsert_node(new, id.slot);
        let sched_changed = old.is_none_or(|o| {
            o.spec.taints != new.spec.taints
                || o.spec.unschedulable != new.spec.unschedulable
                || o.status.allocatable != new.status.allocatable
                || o.metadata.labels != new.metadata.labels
        });
        fn noexec(n: &Node) -> impl Iterator<Item = &Taint> {
            n.spec
                .taints
                .iter()
                .filter(|t| t.effect == TaintEffect::NoExecute)
        }
        let noexec_changed = old.is_none_or(|o| !noexec(o).eq(noexec(new)));
        if sched_changed {
            self.sched.move_all_to_active_or_backoff(self.api.now());
            self.arm_scheduler_flush();
        }
        if noexec_changed {
            self.dirty_taint_nodes.insert(name);
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
        if self.api.store().get_by_key::<Pod>(&key).is_some() {
            return Err(ApiError(format!("pod {key} already exists")));
        }
        if let Some(n) = pod.node()
            && self.api.store().node(n).is_none()
        {
            return Err(ApiError(format!("pod {key} is bound to unknown node {n}")));
        }
        // Mutating webhook: vpa-admission-controller (vpa.rs).
        let vpa_set = self.vpa_admit(&mut pod);
        self.new_meta(&mut pod.metadata);
        pod.status = PodStatus::default();
        if pod.spec.node_name.is_some() {
            pod.status.stage = PodStage::Scheduled;
            pod.status.set_condition(
                PodConditionType::PodScheduled,
                ConditionStatus::True,
                self.api.now(),
                "",
            );
        }
        let object = pod.reference();
        let (rev, id) = self.api.store_mut().put_id(pod);
        let _ = by;
        if !vpa_set.is_empty() {
            self.emit(
                actor(Component::ApiServer),
                object.clone(),
                EventKind::Created { revision: rev },
            );
            self.vpa_admitted(object, vpa_set);
        } else {
            self.emit(
                actor(Component::ApiServer),
                object,
                EventKind::Created { revision: rev },
            );
        }
        self.on_pod_change(id, PodPrev::Created);
        Ok(key)
    }

    /// `pods/binding`: sets `spec.nodeName` and PodScheduled=True.
    /// `node_slot`, when known, is the node's slot in the store (saves a lookup).
    pub(crate) fn api_bind(&mut self, id: Id, node: &str, node_slot: Option<u32>) {
        let now = self.api.now();
        let prev = self.api.store_mut().update_at::<Pod, _>(id, |pod| {
            let prev = pod.spec.node_name.replace(node.to_string());
            pod.status.stage = PodStage::Scheduled;
            pod.status.set_condition(
                PodConditionType::PodScheduled,
                ConditionStatus::True,
                now,
                "",
            );
            prev
        });
        if let Some(prev) = prev
            && let Some(key) = self.api.store().key_at::<Pod>(id).cloned()
        {
            self.on_pod_event(id, &key, PodPrev::Node(prev), node_slot);
        }
    }

    /// Writes a pod's status (kubelet, node lifecycle, scheduler).
    pub(crate) fn api_update_pod_status(&mut self, key: &str, status: PodStatus) {
        if let Some(id) = self.api.store().id::<Pod>(key) {
            self.api_update_pod_status_at(id, status);
        }
    }

    /// [`Sim::api_update_pod_status`] by id.
    pub(crate) fn api_update_pod_status_at(&mut self, id: Id, status: PodStatus) {
        if self
            .api
            .store()
            .at::<Pod>(id)
            .is_none_or(|p| p.status == status)
        {
            return;
        }
        let prev = self.api.store_mut().update_at::<Pod, _>(id, |pod| {
            pod.status = status;
            pod.spec.node_name.clone()
        });
        if let Some(prev) = prev {
            self.on_pod_change(id, PodPrev::Node(prev));
        }
    }

    /// Graceful deletion: sets deletionTimestamp; the kubelet stops the containers and then
    /// removes the object. Unbound pods (no kubelet) and `grace == 0` go at once.
    pub(crate) fn api_delete_pod(&mut self, key: &str, grace_ms: Option<Millis>) {
        let Some(id) = self.api.store().id::<Pod>(key) else {
            return;
        };
        let Some(pod) = self.api.store().at::<Pod>(id) else {
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
        let now = self.api.now();
        let prev = self.api.store_mut().update_at::<Pod, _>(id, |pod| {
            pod.metadata.deletion_ms = Some(now);
            pod.metadata.deletion_grace_ms = Some(grace);
            pod.status.stage = PodStage::Terminating;
            pod.spec.node_name.clone()
        });
        if let Some(prev) = prev {
            self.on_pod_change(id, PodPrev::Node(prev));
        }
    }

    /// Removes a pod object (the final, grace-0 delete).
    pub(crate) fn api_remove_pod(&mut self, key: &str) {
        let Some((ns, name)) = key.split_once('/') else {
            return;
        };
        let Some(id) = self.api.store().id::<Pod>(key) else {
            return;
        };
        let Some(key) = self.api.store().key_at::<Pod>(id).cloned() else {
            return;
        };
        let Some(old) = self.api.store_mut().delete::<Pod>(ns, name) else {
            return;
        };
        let rev = self.api.store().revision();
        self.emit(
            actor(Component::ApiServer),
            old.reference(),
            EventKind::Deleted { revision: rev },
        );
        self.on_pod_gone(id, &key, &old);
    }

    /// Informer fan-out for a pod created or updated (see [`Sim::on_pod_event`]).
    pub(crate) fn on_pod_change(&mut self, id: Id, prev: PodPrev<'_>) {
        let Some(key) = self.api.store().key_at::<Pod>(id).cloned() else {
            return;
        };
        self.on_pod_event(id, &key, prev, None);
    }

    /// Informer fan-out for a deleted pod.
    fn on_pod_gone(&mut self, id: Id, key: &Arc<str>, old: &Pod) {
        self.on_pod_event(id, key, PodPrev::Gone(old), None);
    }

    /// Informer fan-out for a pod change: scheduler cache and queue, shared indexes, the work
    /// queues of the ReplicaSet and Endpoints controllers, the node's kubelet, taint eviction.
    /// Labels and owners never change after creation, so an update only carries the previous
    /// node.
    /// `node_slot`, when known, is the store slot of the pod's (new) node.
    fn on_pod_event(&mut self, id: Id, key: &Arc<str>, prev: PodPrev<'_>, node_slot: Option<u32>) {
        let now = self.api.now();
        let new = self.api.store().at::<Pod>(id);
        let old_node: Option<&str> = match &prev {
            PodPrev::Created => None,
            PodPrev::Node(n) => n.as_deref(),
            PodPrev::Gone(p) => p.node(),
        };
        let new_node = new.and_then(|p| p.node());
        let new_slot = match node_slot {
            Some(s) => Some(s),
            None => new_node
                .and_then(|n| self.api.store().id::<Node>(n))
                .map(|i| i.slot),
        };
        self.sched.account_pod(id, new, new_slot);
        match new {
            Some(p) if p.spec.node_name.is_none() && !p.is_terminating() => {
                self.sched.enqueue(id, key, p.spec.priority, now);
            }
            _ => self.sched.forget(id),
        }
        let freed = old_node.is_some() && new_node.is_none();
        let moved = old_node != new_node;
        let old_slot = if moved {
            old_node
                .and_then(|n| self.api.store().id::<Node>(n))
                .map(|i| i.slot)
        } else {
            new_slot
        };
        if moved {
            if let Some(pods) = old_slot.and_then(|s| self.pods_by_node.get_mut(s as usize))
                && let Some(i) = pods.iter().position(|&s| s == id.slot)
            {
                pods.swap_remove(i);
            }
            if let Some(pods) = new_slot.and_then(|s| self.pods_by_node.get_mut(s as usize)) {
                pods.push(id.slot);
            }
        }
        let subject = match &prev {
            PodPrev::Gone(p) => Some(*p),
            _ => new,
        };
        if let Some(p) = subject {
            if let Some(o) = &p.metadata.owner {
                match prev {
                    PodPrev::Created => {
                        self.pods_by_owner
                            .get_or_insert_with(&o.uid, KeySet::new)
                            .insert_with(key, id.slot);
                    }
                    PodPrev::Gone(_) => {
                        if let Some(set) = self.pods_by_owner.get_mut(&o.uid) {
                            set.remove(key);
                            if set.is_empty() {
                                self.pods_by_owner.remove(&o.uid);
                            }
                        }
                    }
                    PodPrev::Node(_) => {}
                }
                if o.kind == Kind::ReplicaSet {
                    self.dirty_rs
                        .insert(&table_key(&p.metadata.namespace, &o.name));
                }
            }
            for s in self.api.store().list::<Service>() {
                if s.metadata.namespace == p.metadata.namespace
                    && !s.spec.selector.is_empty()
                    && s.spec
                        .selector
                        .iter()
                        .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                {
                    self.dirty_services
                        .insert(&table_key(&s.metadata.namespace, &s.metadata.name));
                }
            }
            for (n, slot) in [(old_node, old_slot), (new_node, new_slot)] {
                let Some(n) = n else { continue };
                let node = slot
                    .and_then(|s| self.api.store().key_at_slot::<Node>(s))
                    .cloned()
                    .unwrap_or_else(|| Arc::from(n));
                self.dirty_kubelet.push((node, key.clone()));
                if !moved {
                    break;
                }
            }
        }
        // Taint-based eviction applies to pods that land on tainted nodes.
        if let Some(n) = new_node
            && moved
            && new_slot
                .and_then(|s| self.api.store().at_slot::<Node>(s))
                .is_some_and(|node| {
                    node.spec
                        .taints
                        .iter()
                        .any(|t| t.effect == TaintEffect::NoExecute)
                })
        {
            self.dirty_taint_nodes.insert(n);
        }
        if new.is_none() {
            self.metrics.forget(id, key);
            self.evictions.remove(key);
        }
        if freed {
            self.sched.move_all_to_active_or_backoff(now);
            self.arm_scheduler_flush();
        }
    }

    // --- workloads --------------------------------------------------------------------------

    pub(crate) fn api_create<T: Object>(&mut self, mut obj: T) -> Result<(), ApiError> {
        validate_name(&obj.meta().name)?;
        if obj.meta().namespace.is_empty() {
            obj.meta_mut().namespace = DEFAULT_NAMESPACE.to_string();
        }
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        if self.api.store().get::<T>(&ns, &name).is_some() {
            return Err(ApiError(format!(
                "{:?} {ns}/{name} already exists",
                T::KIND
            )));
        }
        let mut meta = obj.meta().clone();
        self.new_meta(&mut meta);
        *obj.meta_mut() = meta;
        let rev = self.api.store_mut().put(obj);
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
        self.api.store_mut().put(obj);
        self.on_object_change(T::KIND, &ns, &name);
    }

    /// Deletes a Node (with its event) and its Lease, which the Node owns (the garbage
    /// collector's cascade, at once and without an event of its own).
    pub(crate) fn api_delete_node(&mut self, node: &str) {
        if self.api.store_mut().delete::<Node>("", node).is_some() {
            let rev = self.api.store().revision();
            self.emit(
                actor(Component::ApiServer),
                ObjectRef::new(Kind::Node, "", node),
                EventKind::Deleted { revision: rev },
            );
        }
        self.api
            .store_mut()
            .delete::<Lease>(NODE_LEASE_NAMESPACE, node);
    }

    pub(crate) fn api_delete<T: Object>(&mut self, ns: &str, name: &str) {
        if self.api.store_mut().delete::<T>(ns, name).is_some() {
            let rev = self.api.store().revision();
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
                self.dirty_deployments.insert(&key);
            }
            Kind::ReplicaSet => {
                if let Some(rs) = self.api.store().get_by_key::<ReplicaSet>(&key)
                    && let Some(o) = &rs.metadata.owner
                {
                    self.dirty_deployments.insert(&table_key(ns, &o.name));
                }
                self.dirty_rs.insert(&key);
            }
            Kind::Service => {
                self.dirty_services.insert(&key);
            }
            _ => {}
        }
    }
}
