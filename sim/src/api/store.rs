//! An etcd-like versioned key-value store (https://etcd.io/docs/latest/learning/data_model).
//!
//! - One global revision, starting at 1 for the empty store; every write (put or delete) makes
//!   a new one, so revisions strictly increase.
//! - Each key keeps `create_revision`, `mod_revision` (the object's `resourceVersion`) and
//!   `version` (writes since creation; a re-created key starts again at 1).
//! - Keys follow the API server's layout under `/registry` (see [`ObjectRef::key`]).
//! - A bounded change log is the watch stream: `changes_since(rev)`. Rolling off its front is
//!   this store's compaction; a watcher that fell behind gets `compacted: true` and must relist.
//!
//! Objects are held typed (one table per kind) rather than as bytes; writes only happen through
//! the API-server stage in `api.rs`.

use crate::api::index::{Id, KeyMap};
use crate::api::objects::*;
use crate::util::Ring;
use serde::Serialize;
use std::sync::Arc;

/// Capacity of the watch log.
pub const CHANGE_LOG_CAPACITY: usize = 8192;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    Put,
    Delete,
}

/// One entry of the watch stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub revision: u64,
    pub op: Op,
    pub object: ObjectRef,
}

/// Per-key revision data, as etcd's `KeyValue` carries it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeyRevisions {
    pub create_revision: u64,
    pub mod_revision: u64,
    pub version: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyInfo {
    pub key: String,
    #[serde(flatten)]
    pub revisions: KeyRevisions,
}

/// A stored object and its revisions.
#[derive(Clone, Debug)]
pub struct Entry<T> {
    pub obj: T,
    pub revs: KeyRevisions,
}

/// One table of the store: objects of a kind by table key, with dense ids.
pub type Table<T> = KeyMap<Entry<T>>;

pub trait Object: Clone + 'static {
    const KIND: Kind;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    fn table(s: &Store) -> &Table<Self>;
    fn table_mut(s: &mut Store) -> &mut Table<Self>;
}

/// Table key: `namespace/name`, or `name` for cluster-scoped objects.
pub fn table_key(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        let mut k = String::with_capacity(namespace.len() + 1 + name.len());
        k.push_str(namespace);
        k.push('/');
        k.push_str(name);
        k
    }
}

macro_rules! object {
    ($t:ty, $kind:expr, $field:ident) => {
        impl Object for $t {
            const KIND: Kind = $kind;
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn table(s: &Store) -> &Table<Self> {
                &s.$field
            }
            fn table_mut(s: &mut Store) -> &mut Table<Self> {
                &mut s.$field
            }
        }
    };
}

#[derive(Clone, Debug)]
pub struct Store {
    revision: u64,
    nodes: Table<Node>,
    pods: Table<Pod>,
    deployments: Table<Deployment>,
    replicasets: Table<ReplicaSet>,
    services: Table<Service>,
    endpoints: Table<Endpoints>,
    hpas: Table<HorizontalPodAutoscaler>,
    leases: Table<Lease>,
    vpas: Table<crate::api::vpa::VerticalPodAutoscaler>,
    changes: Ring<Change>,
    /// Keys ever deleted (count), for the "no object lost" invariant.
    deletes: u64,
}

object!(Node, Kind::Node, nodes);
object!(Pod, Kind::Pod, pods);
object!(Deployment, Kind::Deployment, deployments);
object!(ReplicaSet, Kind::ReplicaSet, replicasets);
object!(Service, Kind::Service, services);
object!(Endpoints, Kind::Endpoints, endpoints);
object!(HorizontalPodAutoscaler, Kind::HorizontalPodAutoscaler, hpas);
object!(Lease, Kind::Lease, leases);
object!(
    crate::api::vpa::VerticalPodAutoscaler,
    Kind::VerticalPodAutoscaler,
    vpas
);

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    pub fn new() -> Store {
        Store {
            revision: 1,
            nodes: Table::new(),
            pods: Table::new(),
            deployments: Table::new(),
            replicasets: Table::new(),
            services: Table::new(),
            endpoints: Table::new(),
            hpas: Table::new(),
            leases: Table::new(),
            vpas: Table::new(),
            changes: Ring::new(CHANGE_LOG_CAPACITY),
            deletes: 0,
        }
    }

    /// The current store revision (etcd's header revision).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn get<T: Object>(&self, namespace: &str, name: &str) -> Option<&T> {
        self.get_by_key(&table_key(namespace, name))
    }

    pub fn get_by_key<T: Object>(&self, key: &str) -> Option<&T> {
        T::table(self).get(key).map(|e| &e.obj)
    }

    pub fn revisions<T: Object>(&self, namespace: &str, name: &str) -> Option<KeyRevisions> {
        T::table(self)
            .get(&table_key(namespace, name))
            .map(|e| e.revs)
    }

    /// All objects of a kind, in key order.
    pub fn list<T: Object>(&self) -> impl DoubleEndedIterator<Item = &T> {
        T::table(self).values().map(|e| &e.obj)
    }

    pub fn count<T: Object>(&self) -> usize {
        T::table(self).len()
    }

    pub fn node(&self, name: &str) -> Option<&Node> {
        self.get_by_key::<Node>(name)
    }

    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.get::<Pod>(namespace, name)
    }

    // --- dense ids (engine-internal) ------------------------------------------------------

    /// The id of the object stored under `key`.
    pub(crate) fn id<T: Object>(&self, key: &str) -> Option<Id> {
        T::table(self).id(key)
    }

    /// The shared key of an object (one allocation per object, reused by queues and timers).
    pub(crate) fn key_arc<T: Object>(&self, key: &str) -> Option<&Arc<str>> {
        T::table(self).key_arc(key)
    }

    /// The object behind an id (None once deleted).
    pub(crate) fn at<T: Object>(&self, id: Id) -> Option<&T> {
        T::table(self).at(id).map(|e| &e.obj)
    }

    /// The object in a slot (for indexes that hold slots of live objects).
    pub(crate) fn at_slot<T: Object>(&self, slot: u32) -> Option<&T> {
        T::table(self).at_slot(slot).map(|e| &e.obj)
    }

    /// The table key of the object in a slot.
    pub(crate) fn key_at_slot<T: Object>(&self, slot: u32) -> Option<&Arc<str>> {
        T::table(self).key_at_slot(slot)
    }

    /// The current id of the object in a slot.
    pub(crate) fn id_at_slot<T: Object>(&self, slot: u32) -> Option<Id> {
        T::table(self).id_at_slot(slot)
    }

    /// The table key of the object behind an id.
    pub(crate) fn key_at<T: Object>(&self, id: Id) -> Option<&Arc<str>> {
        T::table(self).key_at(id)
    }

    /// Objects of a kind with their ids, in key order.
    pub(crate) fn list_ids<T: Object>(&self) -> impl DoubleEndedIterator<Item = Id> + '_ {
        T::table(self).ids()
    }

    /// Appends a change at a new revision and returns it.
    fn log(&mut self, op: Op, kind: Kind, namespace: &str, name: &str) -> u64 {
        self.revision += 1;
        self.changes.push(Change {
            revision: self.revision,
            op,
            object: ObjectRef::new(kind, namespace, name),
        });
        self.revision
    }

    /// Writes an object (create or update) at a new revision. Returns the revision.
    pub(in crate::api) fn put<T: Object>(&mut self, obj: T) -> u64 {
        self.put_id(obj).0
    }

    /// [`Store::put`], also returning the object's id.
    pub(in crate::api) fn put_id<T: Object>(&mut self, mut obj: T) -> (u64, Id) {
        let rev = self.log(Op::Put, T::KIND, &obj.meta().namespace, &obj.meta().name);
        let key = table_key(&obj.meta().namespace, &obj.meta().name);
        obj.meta_mut().resource_version = rev;
        let table = T::table_mut(self);
        let id = match table.id(&key) {
            Some(id) => {
                if let Some(e) = table.at_mut(id) {
                    e.obj = obj;
                    e.revs.mod_revision = rev;
                    e.revs.version += 1;
                }
                id
            }
            None => table.insert(
                &key,
                Entry {
                    obj,
                    revs: KeyRevisions {
                        create_revision: rev,
                        mod_revision: rev,
                        version: 1,
                    },
                },
            ),
        };
        (rev, id)
    }

    /// Updates an object in place at a new revision (no copy). Returns what `f` returns, or
    /// None if the object is gone.
    pub(in crate::api) fn update_at<T: Object, R>(
        &mut self,
        id: Id,
        f: impl FnOnce(&mut T) -> R,
    ) -> Option<R> {
        let rev = self.revision + 1;
        let e = T::table_mut(self).at_mut(id)?;
        let r = f(&mut e.obj);
        e.obj.meta_mut().resource_version = rev;
        e.revs.mod_revision = rev;
        e.revs.version += 1;
        let m = e.obj.meta();
        let object = ObjectRef::new(T::KIND, &m.namespace, &m.name);
        self.revision = rev;
        self.changes.push(Change {
            revision: rev,
            op: Op::Put,
            object,
        });
        Some(r)
    }

    /// Deletes a key at a new revision. Returns the removed object.
    pub(in crate::api) fn delete<T: Object>(&mut self, namespace: &str, name: &str) -> Option<T> {
        let e = T::table_mut(self).remove(&table_key(namespace, name))?;
        self.deletes += 1;
        self.log(Op::Delete, T::KIND, namespace, name);
        Some(e.obj)
    }

    /// Every key with its revisions, sorted as etcd returns a range over `/registry/`.
    pub fn keys(&self) -> Vec<KeyInfo> {
        let mut out = Vec::with_capacity(self.key_count());
        fn add<T: Object>(s: &Store, out: &mut Vec<KeyInfo>) {
            for e in T::table(s).values() {
                let m = e.obj.meta();
                out.push(KeyInfo {
                    key: ObjectRef::new(T::KIND, &m.namespace, &m.name).key(),
                    revisions: e.revs,
                });
            }
        }
        // Within a kind, etcd keys sort as table keys do (same prefix); across kinds, by the
        // resource segment, none of which is a prefix of another.
        add::<crate::api::vpa::VerticalPodAutoscaler>(self, &mut out);
        add::<Deployment>(self, &mut out);
        add::<HorizontalPodAutoscaler>(self, &mut out);
        add::<Lease>(self, &mut out);
        add::<Node>(self, &mut out);
        add::<Pod>(self, &mut out);
        add::<ReplicaSet>(self, &mut out);
        add::<Endpoints>(self, &mut out);
        add::<Service>(self, &mut out);
        out
    }

    /// Number of keys in the store.
    pub fn key_count(&self) -> usize {
        self.nodes.len()
            + self.pods.len()
            + self.deployments.len()
            + self.replicasets.len()
            + self.services.len()
            + self.endpoints.len()
            + self.hpas.len()
            + self.leases.len()
            + self.vpas.len()
    }

    /// Changes after `revision`, oldest first. `compacted` is true when some changes after
    /// `revision` already rolled off (the watcher must relist, as on etcd's "compacted" error).
    pub fn changes_since(&self, revision: u64) -> (Vec<&Change>, bool) {
        let compacted = self
            .changes
            .iter()
            .next()
            .is_some_and(|c| c.revision > revision + 1)
            && self.changes.dropped() > 0;
        let out = self
            .changes
            .iter()
            .filter(|c| c.revision > revision)
            .collect();
        (out, compacted)
    }

    pub fn change_log(&self) -> &Ring<Change> {
        &self.changes
    }

    pub fn deletes(&self) -> u64 {
        self.deletes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str) -> Node {
        Node {
            metadata: ObjectMeta::named(name, ""),
            spec: NodeSpec::default(),
            status: NodeStatus::default(),
        }
    }

    #[test]
    fn revisions_follow_etcd_semantics() {
        let mut s = Store::new();
        assert_eq!(s.revision(), 1);
        let r1 = s.put(node("a"));
        assert_eq!(r1, 2);
        let r2 = s.put(node("a"));
        assert_eq!(r2, 3);
        let revs = s.revisions::<Node>("", "a").unwrap();
        assert_eq!(
            revs,
            KeyRevisions {
                create_revision: 2,
                mod_revision: 3,
                version: 2
            }
        );
        assert_eq!(s.node("a").unwrap().metadata.resource_version, 3);
        s.delete::<Node>("", "a").unwrap();
        assert_eq!(s.revision(), 4);
        s.put(node("a"));
        let revs = s.revisions::<Node>("", "a").unwrap();
        assert_eq!(revs.version, 1, "version resets after delete");
        assert_eq!(revs.create_revision, 5);
        let (changes, compacted) = s.changes_since(2);
        assert!(!compacted);
        assert_eq!(
            changes.iter().map(|c| c.revision).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
        assert_eq!(s.keys()[0].key, "/registry/minions/a");
    }
}
