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

use crate::objects::*;
use crate::util::Ring;
use serde::Serialize;
use std::collections::BTreeMap;

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

pub trait Object: Clone + 'static {
    const KIND: Kind;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    fn table(s: &Store) -> &BTreeMap<String, Entry<Self>>;
    fn table_mut(s: &mut Store) -> &mut BTreeMap<String, Entry<Self>>;
}

/// Table key: `namespace/name`, or `name` for cluster-scoped objects.
pub fn table_key(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}/{name}")
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
            fn table(s: &Store) -> &BTreeMap<String, Entry<Self>> {
                &s.$field
            }
            fn table_mut(s: &mut Store) -> &mut BTreeMap<String, Entry<Self>> {
                &mut s.$field
            }
        }
    };
}

#[derive(Clone, Debug)]
pub struct Store {
    revision: u64,
    nodes: BTreeMap<String, Entry<Node>>,
    pods: BTreeMap<String, Entry<Pod>>,
    deployments: BTreeMap<String, Entry<Deployment>>,
    replicasets: BTreeMap<String, Entry<ReplicaSet>>,
    services: BTreeMap<String, Entry<Service>>,
    endpoints: BTreeMap<String, Entry<Endpoints>>,
    hpas: BTreeMap<String, Entry<HorizontalPodAutoscaler>>,
    leases: BTreeMap<String, Entry<Lease>>,
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

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    pub fn new() -> Store {
        Store {
            revision: 1,
            nodes: BTreeMap::new(),
            pods: BTreeMap::new(),
            deployments: BTreeMap::new(),
            replicasets: BTreeMap::new(),
            services: BTreeMap::new(),
            endpoints: BTreeMap::new(),
            hpas: BTreeMap::new(),
            leases: BTreeMap::new(),
            changes: Ring::new(CHANGE_LOG_CAPACITY),
            deletes: 0,
        }
    }

    /// The current store revision (etcd's header revision).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn get<T: Object>(&self, namespace: &str, name: &str) -> Option<&T> {
        T::table(self)
            .get(&table_key(namespace, name))
            .map(|e| &e.obj)
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
    pub fn list<T: Object>(&self) -> impl Iterator<Item = &T> {
        T::table(self).values().map(|e| &e.obj)
    }

    pub fn count<T: Object>(&self) -> usize {
        T::table(self).len()
    }

    pub fn node(&self, name: &str) -> Option<&Node> {
        self.get::<Node>("", name)
    }

    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.get::<Pod>(namespace, name)
    }

    /// Writes an object (create or update) at a new revision. Returns the revision.
    pub(crate) fn put<T: Object>(&mut self, mut obj: T) -> u64 {
        self.revision += 1;
        let rev = self.revision;
        let key = table_key(&obj.meta().namespace, &obj.meta().name);
        let object = ObjectRef::new(T::KIND, &obj.meta().namespace, &obj.meta().name);
        obj.meta_mut().resource_version = rev;
        let table = T::table_mut(self);
        match table.get_mut(&key) {
            Some(e) => {
                e.obj = obj;
                e.revs.mod_revision = rev;
                e.revs.version += 1;
            }
            None => {
                table.insert(
                    key,
                    Entry {
                        obj,
                        revs: KeyRevisions {
                            create_revision: rev,
                            mod_revision: rev,
                            version: 1,
                        },
                    },
                );
            }
        }
        self.changes.push(Change {
            revision: rev,
            op: Op::Put,
            object,
        });
        rev
    }

    /// Updates an object in place at a new revision (no copy). Returns what `f` returns, or
    /// None if the key does not exist.
    pub(crate) fn update<T: Object, R>(
        &mut self,
        key: &str,
        f: impl FnOnce(&mut T) -> R,
    ) -> Option<R> {
        let rev = self.revision + 1;
        let e = T::table_mut(self).get_mut(key)?;
        let r = f(&mut e.obj);
        e.obj.meta_mut().resource_version = rev;
        e.revs.mod_revision = rev;
        e.revs.version += 1;
        let object = ObjectRef::new(T::KIND, &e.obj.meta().namespace, &e.obj.meta().name);
        self.revision = rev;
        self.changes.push(Change {
            revision: rev,
            op: Op::Put,
            object,
        });
        Some(r)
    }

    /// Deletes a key at a new revision. Returns the removed object.
    pub(crate) fn delete<T: Object>(&mut self, namespace: &str, name: &str) -> Option<T> {
        let e = T::table_mut(self).remove(&table_key(namespace, name))?;
        self.revision += 1;
        self.deletes += 1;
        self.changes.push(Change {
            revision: self.revision,
            op: Op::Delete,
            object: ObjectRef::new(T::KIND, namespace, name),
        });
        Some(e.obj)
    }

    /// Every key with its revisions, sorted as etcd returns a range over `/registry/`.
    pub fn keys(&self) -> Vec<KeyInfo> {
        let mut out = Vec::new();
        fn add<T: Object>(s: &Store, out: &mut Vec<KeyInfo>) {
            for e in T::table(s).values() {
                let m = e.obj.meta();
                out.push(KeyInfo {
                    key: ObjectRef::new(T::KIND, &m.namespace, &m.name).key(),
                    revisions: e.revs,
                });
            }
        }
        add::<Node>(self, &mut out);
        add::<Pod>(self, &mut out);
        add::<Deployment>(self, &mut out);
        add::<ReplicaSet>(self, &mut out);
        add::<Service>(self, &mut out);
        add::<Endpoints>(self, &mut out);
        add::<HorizontalPodAutoscaler>(self, &mut out);
        add::<Lease>(self, &mut out);
        out.sort_by(|a, b| a.key.cmp(&b.key));
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
