//! Ordered string-keyed maps and sets built on one `BTreeMap<Arc<str>, u32>` instantiation.
//!
//! Every keyed table in the engine (the store's tables, the informer indexes, work queues,
//! per-node and per-owner pod sets) is a [`KeyMap`] or a [`KeySet`]. Both keep their keys in
//! a [`Names`] B-tree (key order is iteration order, as it was with `BTreeMap<String, _>`),
//! and a `KeyMap` keeps its values in a slab addressed by dense [`Id`]s. Hot paths hold ids and
//! reach values in O(1) without comparing strings; one B-tree type instead of one per value
//! type keeps the wasm small.

use std::collections::BTreeMap;
use std::sync::Arc;

/// The one ordered index type: key -> slot (or any small number).
pub type Names = BTreeMap<Arc<str>, u32>;

/// A dense handle to a [`KeyMap`] entry. The generation makes a handle to a removed entry
/// miss rather than reach whatever reused its slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Id {
    pub slot: u32,
    pub generation: u32,
}

#[derive(Clone, Debug)]
struct Slot<V> {
    generation: u32,
    item: Option<(Arc<str>, V)>,
}

/// An ordered map from string keys to values (key order iteration, O(log n) by key, O(1) by
/// [`Id`]). Slots of removed entries are reused (last freed first), with a new generation.
#[derive(Clone, Debug)]
pub struct KeyMap<V> {
    index: Names,
    slots: Vec<Slot<V>>,
    free: Vec<u32>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            index: Names::new(),
            slots: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<V> KeyMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    fn id_of_slot(&self, slot: u32) -> Id {
        Id {
            slot,
            generation: self.slots[slot as usize].generation,
        }
    }

    /// The handle of `key`'s entry.
    pub fn id(&self, key: &str) -> Option<Id> {
        self.index.get(key).map(|&s| self.id_of_slot(s))
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let &s = self.index.get(key)?;
        self.slots[s as usize].item.as_ref().map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let &s = self.index.get(key)?;
        self.slots[s as usize].item.as_mut().map(|(_, v)| v)
    }

    fn slot(&self, id: Id) -> Option<&(Arc<str>, V)> {
        let s = self.slots.get(id.slot as usize)?;
        if s.generation != id.generation {
            return None;
        }
        s.item.as_ref()
    }

    /// The entry behind a handle (None once it was removed).
    pub fn at(&self, id: Id) -> Option<&V> {
        self.slot(id).map(|(_, v)| v)
    }

    pub fn at_mut(&mut self, id: Id) -> Option<&mut V> {
        let s = self.slots.get_mut(id.slot as usize)?;
        if s.generation != id.generation {
            return None;
        }
        s.item.as_mut().map(|(_, v)| v)
    }

    /// The stored (shared) key equal to `key`.
    pub fn key_arc(&self, key: &str) -> Option<&Arc<str>> {
        self.index.get_key_value(key).map(|(k, _)| k)
    }

    /// The entry in a slot, whatever its generation (for indexes that store slots of
    /// entries they know to be alive).
    pub fn at_slot(&self, slot: u32) -> Option<&V> {
        self.slots
            .get(slot as usize)
            .and_then(|s| s.item.as_ref())
            .map(|(_, v)| v)
    }

    /// The key in a slot, whatever its generation.
    pub fn key_at_slot(&self, slot: u32) -> Option<&Arc<str>> {
        self.slots
            .get(slot as usize)
            .and_then(|s| s.item.as_ref())
            .map(|(k, _)| k)
    }

    /// The current handle of a slot's entry.
    pub fn id_at_slot(&self, slot: u32) -> Option<Id> {
        let s = self.slots.get(slot as usize)?;
        s.item.as_ref()?;
        Some(Id {
            slot,
            generation: s.generation,
        })
    }

    /// The key of the entry behind a handle.
    pub fn key_at(&self, id: Id) -> Option<&Arc<str>> {
        self.slot(id).map(|(k, _)| k)
    }

    /// Inserts or replaces; an existing entry keeps its handle.
    pub fn insert(&mut self, key: &str, value: V) -> Id {
        if let Some(&s) = self.index.get(key) {
            if let Some(item) = self.slots[s as usize].item.as_mut() {
                item.1 = value;
            }
            return self.id_of_slot(s);
        }
        self.insert_new(Arc::from(key), value)
    }

    fn insert_new(&mut self, key: Arc<str>, value: V) -> Id {
        let slot = match self.free.pop() {
            Some(s) => {
                self.slots[s as usize].item = Some((key.clone(), value));
                s
            }
            None => {
                self.slots.push(Slot {
                    generation: 0,
                    item: Some((key.clone(), value)),
                });
                (self.slots.len() - 1) as u32
            }
        };
        self.index.insert(key, slot);
        self.id_of_slot(slot)
    }

    /// The value for `key`, inserted with `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let slot = match self.index.get(key) {
            Some(&s) => s,
            None => self.insert_new(Arc::from(key), make()).slot,
        };
        &mut self.slots[slot as usize]
            .item
            .as_mut()
            .expect("indexed slots are full")
            .1
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let s = self.index.remove(key)?;
        let slot = &mut self.slots[s as usize];
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(s);
        slot.item.take().map(|(_, v)| v)
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Arc<str>, &V)> {
        self.index
            .values()
            .filter_map(|&s| self.slots[s as usize].item.as_ref().map(|(k, v)| (k, v)))
    }

    /// Handles in key order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = Id> + '_ {
        self.index.values().map(|&s| self.id_of_slot(s))
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Arc<str>> {
        self.index.keys()
    }

    /// Every value, mutably, in slot order (for updates whose order does not matter).
    pub fn values_mut_unordered(&mut self) -> impl Iterator<Item = &mut V> {
        self.slots
            .iter_mut()
            .filter_map(|s| s.item.as_mut().map(|(_, v)| v))
    }

    /// Every value, mutably, in key order.
    pub fn for_each_mut(&mut self, mut f: impl FnMut(&Arc<str>, &mut V)) {
        for &s in self.index.values() {
            if let Some((k, v)) = self.slots[s as usize].item.as_mut() {
                f(k, v);
            }
        }
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        for &s in self.index.values() {
            let slot = &mut self.slots[s as usize];
            slot.item = None;
            slot.generation = slot.generation.wrapping_add(1);
            self.free.push(s);
        }
        self.index.clear();
    }
}

/// An ordered set of string keys, each with a small number (a slot, a count, or nothing).
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    names: Names,
}

impl KeySet {
    pub fn new() -> KeySet {
        KeySet::default()
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    pub fn contains(&self, key: &str) -> bool {
        self.names.contains_key(key)
    }
    /// Adds `key` (allocating only when it is new).
    pub fn insert(&mut self, key: &str) {
        if !self.names.contains_key(key) {
            self.names.insert(Arc::from(key), 0);
        }
    }
    /// Adds or updates `key` with `value` (the key is shared, not copied).
    pub fn insert_with(&mut self, key: &Arc<str>, value: u32) {
        match self.names.get_mut(&**key) {
            Some(v) => *v = value,
            None => {
                self.names.insert(key.clone(), value);
            }
        }
    }
    pub fn get(&self, key: &str) -> Option<u32> {
        self.names.get(key).copied()
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut u32> {
        self.names.get_mut(key)
    }
    pub fn remove(&mut self, key: &str) -> bool {
        self.names.remove(key).is_some()
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Arc<str>> {
        self.names.keys()
    }
    /// Keys with their numbers, in key order.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = (&Arc<str>, u32)> {
        self.names.iter().map(|(k, &v)| (k, v))
    }
    pub fn first(&self) -> Option<&Arc<str>> {
        self.names.keys().next()
    }
    /// Empties the set and returns what it held, in key order.
    pub fn take(&mut self) -> KeySet {
        std::mem::take(self)
    }
}

impl IntoIterator for KeySet {
    type Item = Arc<str>;
    type IntoIter = std::collections::btree_map::IntoKeys<Arc<str>, u32>;
    fn into_iter(self) -> Self::IntoIter {
        self.names.into_keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_orders_by_key_and_reuses_slots_with_new_generations() {
        let mut m = KeyMap::new();
        let b = m.insert("b", 2);
        let a = m.insert("a", 1);
        m.insert("c", 3);
        assert_eq!(
            m.iter().map(|(k, v)| (&**k, *v)).collect::<Vec<_>>(),
            vec![("a", 1), ("b", 2), ("c", 3)]
        );
        assert_eq!(m.at(a), Some(&1));
        assert_eq!(m.remove("b"), Some(2));
        assert_eq!(m.at(b), None, "a stale handle misses");
        let d = m.insert("d", 4);
        assert_eq!(d.slot, b.slot, "the freed slot is reused");
        assert_ne!(d.generation, b.generation);
        assert_eq!(m.insert("a", 10), a, "replacing keeps the handle");
        assert_eq!(m.get("a"), Some(&10));
        assert_eq!(m.len(), 3);
        *m.get_or_insert_with("e", || 0) += 5;
        assert_eq!(m.get("e"), Some(&5));
        m.clear();
        assert!(m.is_empty() && m.at(d).is_none());
    }

    #[test]
    fn keyset_is_ordered() {
        let mut s = KeySet::new();
        for k in ["node-2", "node-10", "node-1"] {
            s.insert(k);
        }
        s.insert("node-1");
        assert_eq!(
            s.iter().map(|k| &**k).collect::<Vec<_>>(),
            vec!["node-1", "node-10", "node-2"]
        );
        assert!(s.remove("node-10") && !s.contains("node-10"));
        let t = s.take();
        assert!(s.is_empty() && t.len() == 2);
    }
}
