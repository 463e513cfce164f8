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

/// The key half of a [`KeyMap`]: the ordered index, the key and generation of every slot, and
/// the free slots. Not generic, so its code exists once however many value types there are.
#[derive(Clone, Debug, Default)]
struct Keys {
    index: Names,
    keys: Vec<Option<Arc<str>>>,
    generations: Vec<u32>,
    free: Vec<u32>,
}

impl Keys {
    fn id(&self, slot: u32) -> Id {
        Id {
            slot,
            generation: self.generations[slot as usize],
        }
    }

    /// The slot of a live handle.
    fn live(&self, id: Id) -> Option<usize> {
        let i = id.slot as usize;
        (self.generations.get(i) == Some(&id.generation) && self.keys[i].is_some()).then_some(i)
    }

    /// Takes a slot for a new key (the last freed one first).
    #[inline(never)]
    fn add(&mut self, key: Arc<str>) -> u32 {
        let slot = match self.free.pop() {
            Some(s) => {
                self.keys[s as usize] = Some(key.clone());
                s
            }
            None => {
                self.keys.push(Some(key.clone()));
                self.generations.push(0);
                (self.keys.len() - 1) as u32
            }
        };
        self.index.insert(key, slot);
        slot
    }

    /// Frees the slot of `key`.
    #[inline(never)]
    fn remove(&mut self, key: &str) -> Option<usize> {
        let s = self.index.remove(key)? as usize;
        self.generations[s] = self.generations[s].wrapping_add(1);
        self.keys[s] = None;
        self.free.push(s as u32);
        Some(s)
    }

    fn clear(&mut self) {
        for &s in self.index.values() {
            let s = s as usize;
            self.generations[s] = self.generations[s].wrapping_add(1);
            self.keys[s] = None;
            self.free.push(s as u32);
        }
        self.index.clear();
    }
}

/// An ordered map from string keys to values (key order iteration, O(log n) by key, O(1) by
/// [`Id`]). Slots of removed entries are reused (last freed first), with a new generation.
///
/// Values are shared between clones and copied on their first change after one
/// (`Arc::make_mut`): a copy of a whole `Sim` (a checkpoint) costs a reference count per
/// value rather than a deep copy of every object.
#[derive(Clone, Debug)]
pub struct KeyMap<V> {
    keys: Keys,
    values: Vec<Option<Arc<V>>>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            keys: Keys::default(),
            values: Vec::new(),
        }
    }
}

impl<V> KeyMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.keys.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.index.is_empty()
    }

    /// The handle of `key`'s entry.
    pub fn id(&self, key: &str) -> Option<Id> {
        self.keys.index.get(key).map(|&s| self.keys.id(s))
    }

    pub fn contains(&self, key: &str) -> bool {
        self.keys.index.contains_key(key)
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let &s = self.keys.index.get(key)?;
        self.values[s as usize].as_deref()
    }

    /// The entry behind a handle (None once it was removed).
    pub fn at(&self, id: Id) -> Option<&V> {
        self.values[self.keys.live(id)?].as_deref()
    }

    /// The stored (shared) key equal to `key`.
    pub fn key_arc(&self, key: &str) -> Option<&Arc<str>> {
        self.keys.index.get_key_value(key).map(|(k, _)| k)
    }

    /// The entry in a slot, whatever its generation (for indexes that store slots of
    /// entries they know to be alive).
    pub fn at_slot(&self, slot: u32) -> Option<&V> {
        self.values.get(slot as usize)?.as_deref()
    }

    /// The key in a slot, whatever its generation.
    pub fn key_at_slot(&self, slot: u32) -> Option<&Arc<str>> {
        self.keys.keys.get(slot as usize)?.as_ref()
    }

    /// The current handle of a slot's entry.
    pub fn id_at_slot(&self, slot: u32) -> Option<Id> {
        self.key_at_slot(slot)?;
        Some(self.keys.id(slot))
    }

    /// The key of the entry behind a handle.
    pub fn key_at(&self, id: Id) -> Option<&Arc<str>> {
        self.keys.keys[self.keys.live(id)?].as_ref()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Arc<str>, &V)> {
        self.keys
            .index
            .iter()
            .filter_map(|(k, &s)| self.values[s as usize].as_deref().map(|v| (k, v)))
    }

    /// Handles in key order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = Id> + '_ {
        self.keys.index.values().map(|&s| self.keys.id(s))
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Arc<str>> {
        self.keys.index.keys()
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.keys.clear();
        for v in &mut self.values {
            *v = None;
        }
    }
}

/// What changes a value: the value is copied first if a clone shares it.
impl<V: Clone> KeyMap<V> {
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let &s = self.keys.index.get(key)?;
        self.values[s as usize].as_mut().map(Arc::make_mut)
    }

    pub fn at_mut(&mut self, id: Id) -> Option<&mut V> {
        let i = self.keys.live(id)?;
        self.values[i].as_mut().map(Arc::make_mut)
    }

    /// Inserts or replaces; an existing entry keeps its handle.
    pub fn insert(&mut self, key: &str, value: V) -> Id {
        let slot = match self.keys.index.get(key) {
            Some(&s) => s,
            None => self.keys.add(Arc::from(key)),
        };
        self.put(slot, value);
        self.keys.id(slot)
    }

    fn put(&mut self, slot: u32, value: V) -> &mut V {
        let i = slot as usize;
        if self.values.len() <= i {
            self.values.resize_with(i + 1, || None);
        }
        Arc::make_mut(self.values[i].insert(Arc::new(value)))
    }

    /// The value for `key`, inserted with `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        match self.keys.index.get(key) {
            Some(&s) => Arc::make_mut(
                self.values[s as usize]
                    .as_mut()
                    .expect("indexed slots hold values"),
            ),
            None => {
                let slot = self.keys.add(Arc::from(key));
                self.put(slot, make())
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let s = self.keys.remove(key)?;
        self.values[s].take().map(Arc::unwrap_or_clone)
    }

    /// Every value, mutably, in slot order (for updates whose order does not matter).
    pub fn values_mut_unordered(&mut self) -> impl Iterator<Item = &mut V> {
        self.values.iter_mut().flatten().map(Arc::make_mut)
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
    fn a_copy_of_a_keymap_shares_values_until_one_side_changes_them() {
        let mut m = KeyMap::new();
        let a = m.insert("a", vec![1]);
        m.insert("b", vec![2]);
        let mut copy = m.clone();
        assert!(std::ptr::eq(m.get("a").unwrap(), copy.get("a").unwrap()));
        copy.at_mut(a).unwrap().push(10);
        copy.get_mut("b").unwrap().push(20);
        copy.insert("c", vec![3]);
        assert_eq!(m.get("a"), Some(&vec![1]), "the original is untouched");
        assert_eq!(m.get("b"), Some(&vec![2]));
        assert!(!m.contains("c"));
        assert_eq!(copy.get("a"), Some(&vec![1, 10]));
        for v in m.values_mut_unordered() {
            v.push(0);
        }
        assert_eq!(copy.get("b"), Some(&vec![2, 20]));
        assert_eq!(copy.remove("a"), Some(vec![1, 10]));
        assert_eq!(m.get("a"), Some(&vec![1, 0]));
    }

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
