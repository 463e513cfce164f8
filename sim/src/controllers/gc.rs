//! `delete deployment|service|hpa NAME`: the API object goes, and with it what depended on it.
//!
//! Deletion propagates through owner references with **background** propagation, kubectl's
//! and the API's default (`--cascade=background`;
//! <https://kubernetes.io/docs/concepts/architecture/garbage-collection/>): the owner is
//! deleted at once and the garbage collector (`pkg/controller/garbagecollector`) then deletes
//! its dependents: a Deployment's ReplicaSets, then their pods, each pod through graceful
//! deletion (its grace period, as `delete pod`). Here the collector acts at the same instant
//! (upstream: as soon as its graph sees the owner gone, normally well under a second).
//!
//! A deleted Service loses its Endpoints (the endpoints controller deletes them) and load sent
//! to it is dropped with a `LoadDropped` event: a real client would get connection errors
//! resolving a name that no longer exists. A deleted HPA stops acting at once: the HPA
//! controller lists HPAs on each resync, and its recommendations go with it.

use crate::api::core::Api;
use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::engine::Sim;

fn gc() -> Actor {
    Actor::new(Component::ControllerManager)
}

/// `delete deployment NAME`: the Deployment, then (garbage collector) its ReplicaSets and
/// their pods.
pub(crate) fn delete_deployment(api: &mut Api, name: &str) {
    let Some(d) = api.store().get::<Deployment>(DEFAULT_NAMESPACE, name) else {
        return;
    };
    let uid = d.metadata.uid.clone();
    api.delete::<Deployment>(DEFAULT_NAMESPACE, name);
    let rss: Vec<(String, String)> = api
        .store()
        .list::<ReplicaSet>()
        .filter(|r| r.metadata.owner.as_ref().is_some_and(|o| o.uid == uid))
        .map(|r| (r.metadata.name.clone(), r.metadata.uid.clone()))
        .collect();
    let owner = format!("Deployment/{name}");
    for (rs, rs_uid) in rss {
        api.emit(
            gc(),
            ObjectRef::new(Kind::ReplicaSet, DEFAULT_NAMESPACE, &rs),
            EventKind::GarbageCollected {
                owner: owner.clone(),
            },
        );
        api.delete::<ReplicaSet>(DEFAULT_NAMESPACE, &rs);
        collect_pods_of(api, &rs_uid, &format!("ReplicaSet/{rs}"));
    }
}

/// The garbage collector deletes the pods an owner (by uid) had.
pub(crate) fn collect_pods_of(api: &mut Api, owner_uid: &str, owner: &str) {
    let mut keys: Vec<String> = api
        .store()
        .list::<Pod>()
        .filter(|p| {
            p.metadata
                .owner
                .as_ref()
                .is_some_and(|o| o.uid == owner_uid)
                && !p.is_terminating()
        })
        .map(Pod::key)
        .collect();
    crate::util::sort_by_less(&mut keys, |a, b| a < b);
    for key in keys {
        if let Some(p) = api.store().get_by_key::<Pod>(&key) {
            let pref = p.reference();
            api.emit(
                gc(),
                pref,
                EventKind::GarbageCollected {
                    owner: owner.to_string(),
                },
            );
            api.delete_pod(&key, None);
        }
    }
}

impl Sim {
    /// `delete service NAME`: the Service; its Endpoints follow (endpoints controller) and
    /// load sent to it is dropped.
    pub(crate) fn delete_service(&mut self, name: &str) {
        self.api.delete::<Service>(DEFAULT_NAMESPACE, name);
        let key = table_key(DEFAULT_NAMESPACE, name);
        if self.load.services.remove(&key).is_some() {
            self.emit(
                Actor::new(Component::Load),
                ObjectRef::new(Kind::Service, DEFAULT_NAMESPACE, name),
                EventKind::LoadDropped {
                    service: name.to_string(),
                },
            );
        }
    }

    /// `delete hpa NAME`: the HPA and its controller's memory of it.
    pub(crate) fn delete_hpa(&mut self, name: &str) {
        self.api
            .delete::<HorizontalPodAutoscaler>(DEFAULT_NAMESPACE, name);
        let key = table_key(DEFAULT_NAMESPACE, name);
        self.hpa_memory.remove(&key);
    }
}
