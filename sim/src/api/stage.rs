//! The API-server stage: the one door for writes. Each write is admitted (defaults,
//! DefaultTolerationSeconds, validation, the VPA admission webhook), written to the store,
//! logged as an event where the API server logs one, indexed (pods by node, pods by owner)
//! and recorded as a [`WatchEvent`] for the components' informers.

use crate::api::core::Api;
use crate::api::events::{Actor, Component, EventKind};
use crate::api::index::{Id, KeySet};
use crate::api::objects::*;
use crate::api::store::{Object, table_key};
use crate::api::watch::{PodPrev, WatchEvent};
use crate::api::{ApiError, validate_name};
use crate::util::Millis;
use std::sync::Arc;

fn apiserver() -> Actor {
    Actor::new(Component::ApiServer)
}

impl Api {
    fn new_meta(&mut self, meta: &mut ObjectMeta) {
        meta.uid = self.rng().uuid();
        meta.creation_ms = self.now();
        meta.generation = 1;
    }

    // --- nodes ------------------------------------------------------------------------------

    pub(crate) fn create_node(&mut self, mut node: Node) -> Result<(), ApiError> {
        validate_name(&node.metadata.name)?;
        if self.store().node(&node.metadata.name).is_some() {
            return Err(ApiError(format!(
                "node {} already exists",
                node.metadata.name
            )));
        }
        node.metadata.namespace = String::new();
        self.new_meta(&mut node.metadata);
        let name = node.metadata.name.clone();
        let (rev, id) = self.store_mut().put_id(node);
        let slot = id.slot as usize;
        if self.pods_by_node.len() <= slot {
            self.pods_by_node.resize_with(slot + 1, Vec::new);
        }
        self.pods_by_node[slot].clear();
        self.emit(
            apiserver(),
            ObjectRef::new(Kind::Node, "", &name),
            EventKind::Created { revision: rev },
        );
        self.node_written(&name, None);
        Ok(())
    }

    pub(crate) fn update_node(&mut self, node: Node) {
        let name = node.metadata.name.clone();
        let old = self.store().node(&name).cloned();
        self.store_mut().put(node);
        self.node_written(&name, old.map(Box::new));
    }

    fn node_written(&mut self, name: &str, old: Option<Box<Node>>) {
        let Some(name) = self.store().key_arc::<Node>(name).cloned() else {
            return;
        };
        self.watch.push(WatchEvent::Node { name, old });
    }

    /// Deletes a Node (with its event) and its Lease, which the Node owns (the garbage
    /// collector's cascade, at once and without an event of its own). Pods still bound to it
    /// leave the node index (their objects are the caller's business).
    pub(crate) fn delete_node(&mut self, node: &str) {
        let id = self.store().id::<Node>(node);
        let name = self.store().key_arc::<Node>(node).cloned();
        if self.store_mut().delete::<Node>("", node).is_some() {
            let rev = self.store().revision();
            self.emit(
                apiserver(),
                ObjectRef::new(Kind::Node, "", node),
                EventKind::Deleted { revision: rev },
            );
        }
        self.store_mut().delete::<Lease>(NODE_LEASE_NAMESPACE, node);
        if let (Some(id), Some(name)) = (id, name) {
            if let Some(p) = self.pods_by_node.get_mut(id.slot as usize) {
                p.clear();
            }
            self.watch.push(WatchEvent::NodeDeleted {
                name,
                slot: id.slot,
            });
        }
    }

    // --- pods -------------------------------------------------------------------------------

    pub(crate) fn create_pod(&mut self, mut pod: Pod) -> Result<String, ApiError> {
        self.admit_pod(&mut pod)?;
        let key = table_key(&pod.metadata.namespace, &pod.metadata.name);
        if self.store().get_by_key::<Pod>(&key).is_some() {
            return Err(ApiError(format!("pod {key} already exists")));
        }
        if let Some(n) = pod.node()
            && self.store().node(n).is_none()
        {
            return Err(ApiError(format!("pod {key} is bound to unknown node {n}")));
        }
        // Mutating webhook: vpa-admission-controller (admission.rs).
        let vpa_set = crate::api::admission::vpa_admit(self.store(), &mut pod);
        self.new_meta(&mut pod.metadata);
        pod.status = PodStatus::default();
        if pod.spec.node_name.is_some() {
            pod.status.stage = PodStage::Scheduled;
            pod.status.set_condition(
                PodConditionType::PodScheduled,
                ConditionStatus::True,
                self.now(),
                "",
            );
        }
        let object = pod.reference();
        let (rev, id) = self.store_mut().put_id(pod);
        self.emit(
            apiserver(),
            object.clone(),
            EventKind::Created { revision: rev },
        );
        for k in vpa_set {
            self.emit(
                Actor::new(Component::VpaAdmissionController),
                object.clone(),
                k,
            );
        }
        self.pod_written(id, PodPrev::Created, None);
        Ok(key)
    }

    /// `pods/binding`: sets `spec.nodeName` and PodScheduled=True.
    /// `node_slot`, when known, is the node's slot in the store (saves a lookup).
    pub(crate) fn bind(&mut self, id: Id, node: &str, node_slot: Option<u32>) {
        let now = self.now();
        let prev = self.store_mut().update_at::<Pod, _>(id, |pod| {
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
        if let Some(prev) = prev {
            self.pod_written(id, PodPrev::Node(prev), node_slot);
        }
    }

    /// Writes a pod's status (kubelet, node lifecycle, scheduler).
    pub(crate) fn update_pod_status(&mut self, key: &str, status: PodStatus) {
        if let Some(id) = self.store().id::<Pod>(key) {
            self.update_pod_status_at(id, status);
        }
    }

    /// [`Api::update_pod_status`] by id.
    pub(crate) fn update_pod_status_at(&mut self, id: Id, status: PodStatus) {
        if self
            .store()
            .at::<Pod>(id)
            .is_none_or(|p| p.status == status)
        {
            return;
        }
        let prev = self.store_mut().update_at::<Pod, _>(id, |pod| {
            pod.status = status;
            pod.spec.node_name.clone()
        });
        if let Some(prev) = prev {
            self.pod_written(id, PodPrev::Node(prev), None);
        }
    }

    /// Graceful deletion: sets deletionTimestamp; the kubelet stops the containers and then
    /// removes the object. Unbound pods (no kubelet) and `grace == 0` go at once.
    pub(crate) fn delete_pod(&mut self, key: &str, grace_ms: Option<Millis>) {
        let Some(id) = self.store().id::<Pod>(key) else {
            return;
        };
        let Some(pod) = self.store().at::<Pod>(id) else {
            return;
        };
        if pod.metadata.deletion_ms.is_some() {
            return;
        }
        let grace = grace_ms.unwrap_or_else(|| {
            pod.spec
                .termination_grace_period_seconds
                .map_or(self.timing().termination_grace.ms, |s| s * 1000)
        });
        if pod.spec.node_name.is_none() || grace == 0 {
            self.remove_pod(key);
            return;
        }
        let now = self.now();
        let prev = self.store_mut().update_at::<Pod, _>(id, |pod| {
            pod.metadata.deletion_ms = Some(now);
            pod.metadata.deletion_grace_ms = Some(grace);
            pod.status.stage = PodStage::Terminating;
            pod.spec.node_name.clone()
        });
        if let Some(prev) = prev {
            self.pod_written(id, PodPrev::Node(prev), None);
        }
    }

    /// Removes a pod object (the final, grace-0 delete).
    pub(crate) fn remove_pod(&mut self, key: &str) {
        let Some((ns, name)) = key.split_once('/') else {
            return;
        };
        let Some(id) = self.store().id::<Pod>(key) else {
            return;
        };
        let Some(key) = self.store().key_at::<Pod>(id).cloned() else {
            return;
        };
        let Some(old) = self.store_mut().delete::<Pod>(ns, name) else {
            return;
        };
        let rev = self.store().revision();
        self.emit(
            apiserver(),
            old.reference(),
            EventKind::Deleted { revision: rev },
        );
        let prev = PodPrev::Gone(Box::new(old));
        self.index_pod(id, &key, &prev, None);
        self.watch.push(WatchEvent::Pod {
            id,
            key,
            prev,
            node_slot: None,
        });
    }

    /// Indexes a pod written through the stage and records its watch event.
    fn pod_written(&mut self, id: Id, prev: PodPrev, node_slot: Option<u32>) {
        let Some(key) = self.store().key_at::<Pod>(id).cloned() else {
            return;
        };
        self.index_pod(id, &key, &prev, node_slot);
        self.watch.push(WatchEvent::Pod {
            id,
            key,
            prev,
            node_slot,
        });
    }

    /// Keeps the pod indexes (by node, by owner) exact after a write. Labels and owners never
    /// change after creation, so an update can only move the pod between nodes.
    fn index_pod(&mut self, id: Id, key: &Arc<str>, prev: &PodPrev, node_slot: Option<u32>) {
        let store = self.store();
        let new = store.at::<Pod>(id);
        let old_node: Option<&str> = match prev {
            PodPrev::Created => None,
            PodPrev::Node(n) => n.as_deref(),
            PodPrev::Gone(p) => p.node(),
        };
        let new_node = new.and_then(|p| p.node());
        if old_node != new_node {
            let new_slot = match node_slot {
                Some(s) => Some(s),
                None => new_node.and_then(|n| store.id::<Node>(n)).map(|i| i.slot),
            };
            let old_slot = old_node.and_then(|n| store.id::<Node>(n)).map(|i| i.slot);
            if let Some(pods) = old_slot.and_then(|s| self.pods_by_node.get_mut(s as usize))
                && let Some(i) = pods.iter().position(|&s| s == id.slot)
            {
                pods.swap_remove(i);
            }
            if let Some(pods) = new_slot.and_then(|s| self.pods_by_node.get_mut(s as usize)) {
                pods.push(id.slot);
            }
        }
        let owner = match prev {
            PodPrev::Created => self
                .store()
                .at::<Pod>(id)
                .and_then(|p| p.metadata.owner.as_ref()),
            PodPrev::Gone(p) => p.metadata.owner.as_ref(),
            PodPrev::Node(_) => None,
        };
        if let Some(o) = owner {
            let uid = o.uid.clone();
            match prev {
                PodPrev::Created => {
                    self.pods_by_owner
                        .get_or_insert_with(&uid, KeySet::new)
                        .insert_with(key, id.slot);
                }
                _ => {
                    if let Some(set) = self.pods_by_owner.get_mut(&uid) {
                        set.remove(key);
                        if set.is_empty() {
                            self.pods_by_owner.remove(&uid);
                        }
                    }
                }
            }
        }
    }

    // --- other objects ----------------------------------------------------------------------

    pub(crate) fn create<T: Object>(&mut self, mut obj: T) -> Result<(), ApiError> {
        validate_name(&obj.meta().name)?;
        if obj.meta().namespace.is_empty() {
            obj.meta_mut().namespace = DEFAULT_NAMESPACE.to_string();
        }
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        if self.store().get::<T>(&ns, &name).is_some() {
            return Err(ApiError(format!(
                "{:?} {ns}/{name} already exists",
                T::KIND
            )));
        }
        let mut meta = obj.meta().clone();
        self.new_meta(&mut meta);
        *obj.meta_mut() = meta;
        let owner = obj.meta().owner.as_ref().map(|o| o.name.clone());
        let rev = self.store_mut().put(obj);
        if !matches!(T::KIND, Kind::Endpoints | Kind::Lease) {
            self.emit(
                apiserver(),
                ObjectRef::new(T::KIND, &ns, &name),
                EventKind::Created { revision: rev },
            );
        }
        self.object_written(T::KIND, &ns, &name, owner);
        Ok(())
    }

    pub(crate) fn update<T: Object>(&mut self, obj: T) {
        let (ns, name) = (obj.meta().namespace.clone(), obj.meta().name.clone());
        let owner = obj.meta().owner.as_ref().map(|o| o.name.clone());
        self.store_mut().put(obj);
        self.object_written(T::KIND, &ns, &name, owner);
    }

    pub(crate) fn delete<T: Object>(&mut self, ns: &str, name: &str) {
        if self.store_mut().delete::<T>(ns, name).is_some() {
            let rev = self.store().revision();
            self.emit(
                apiserver(),
                ObjectRef::new(T::KIND, ns, name),
                EventKind::Deleted { revision: rev },
            );
            // A deletion names no owner: the model's Deployment controller does not resync
            // a Deployment for the deletion of one of its ReplicaSets (upstream's
            // deleteReplicaSet would; the Deployment is already gone or the ReplicaSet is
            // its own history cleanup).
            self.object_written(T::KIND, ns, name, None);
        }
    }

    fn object_written(&mut self, kind: Kind, ns: &str, name: &str, owner: Option<String>) {
        self.watch.push(WatchEvent::Object {
            kind,
            key: table_key(ns, name),
            owner,
        });
    }
}
