//! What the API server tells watchers: every write through the API stage records one
//! [`WatchEvent`], and the engine hands each to every component's informer after the
//! component that wrote returns (upstream: the watch cache feeding the informers).
//!
//! Events carry what a handler cannot read back from the store afterwards: the previous node
//! of a pod, the removed object, the owner of a ReplicaSet. Everything else a handler reads
//! from the store as it is when the event is handed over (as upstream controllers read their
//! listers when a key comes off the work queue).

use crate::api::index::Id;
use crate::api::objects::{Kind, Node, Pod};
use crate::api::store::Store;
use std::sync::Arc;

/// What a pod was before a change (labels and owner never change after creation).
#[derive(Clone, Debug)]
pub enum PodPrev {
    Created,
    /// Updated; its node before the update.
    Node(Option<String>),
    /// Deleted: the removed object.
    Gone(Box<Pod>),
}

/// One change to the cluster's objects.
#[derive(Clone, Debug)]
pub enum WatchEvent {
    /// A node was created (`old` None) or updated.
    Node {
        name: Arc<str>,
        old: Option<Box<Node>>,
    },
    /// A node was deleted (its Lease with it); `slot` was its slot in the node table.
    NodeDeleted { name: Arc<str>, slot: u32 },
    /// A pod was created, updated or deleted. `node_slot`, when known, is the node table
    /// slot of its (new) node.
    Pod {
        id: Id,
        key: Arc<str>,
        prev: PodPrev,
        node_slot: Option<u32>,
    },
    /// Another object was created, updated or deleted; `owner` is the name of its
    /// controller (a ReplicaSet's Deployment) when it has one.
    Object {
        kind: Kind,
        key: String,
        owner: Option<String>,
    },
}

impl WatchEvent {
    /// For a pod event, the pod as it is now, or as it was when deleted.
    pub fn pod<'a>(&'a self, store: &'a Store) -> Option<&'a Pod> {
        match self {
            WatchEvent::Pod {
                prev: PodPrev::Gone(p),
                ..
            } => Some(p),
            WatchEvent::Pod { id, .. } => store.at::<Pod>(*id),
            _ => None,
        }
    }

    /// For a pod event, the node the pod was on before the change.
    pub fn old_node(&self) -> Option<&str> {
        match self {
            WatchEvent::Pod { prev, .. } => match prev {
                PodPrev::Created => None,
                PodPrev::Node(n) => n.as_deref(),
                PodPrev::Gone(p) => p.node(),
            },
            _ => None,
        }
    }
}
