//! The API core: the store, the event log, the random stream and the clock, behind one type.
//!
//! Everything outside `api/` reads through [`Api`]'s accessors; the store's write methods are
//! visible only inside `api/` (`pub(in crate::api)`), so every change to an API object passes
//! through the API stage (admission, the store write, the watch fan-out) in `api/mod.rs`: the
//! compiler holds that door, not a convention.

use crate::api::events::{Actor, Event, EventKind};
use crate::api::index::{KeyMap, KeySet};
use crate::api::objects::{ObjectRef, Pod};
use crate::api::store::Store;
use crate::api::watch::WatchEvent;
use crate::config::sim::SimConfig;
use crate::config::timing::{Profile, Timing};
use crate::util::{Millis, Ring, Rng};
use std::sync::Arc;

/// The cluster's shared state as the API server holds it.
#[derive(Clone, Debug)]
pub struct Api {
    now: Millis,
    rng: Rng,
    store: Store,
    events: Ring<Event>,
    next_event_id: u64,
    /// The run's settings (seed and profile as the `seed` and `profile` verbs left them).
    config: SimConfig,
    /// The timing profile's values: the flags every component (and admission) runs with.
    timing: Timing,
    /// When the `profile` verb last changed the profile (see `Sim::set_profile`).
    profile_switched_ms: Option<Millis>,
    /// Pods bound to each node (field selector `spec.nodeName`): pod slots, unordered, by the
    /// node table's slot; cleared when a node is deleted and when a slot is reused.
    pub(in crate::api) pods_by_node: Vec<Vec<u32>>,
    /// Owner uid -> keys of the pods it owns (with their slots): the owner index the
    /// controllers' informers share.
    pub(in crate::api) pods_by_owner: KeyMap<KeySet>,
    /// What changed since the engine last handed the changes to the components' informers.
    pub(in crate::api) watch: Vec<WatchEvent>,
}

impl Api {
    pub(crate) fn new(config: SimConfig) -> Api {
        Api {
            now: 0,
            rng: Rng::new(config.seed),
            store: Store::new(),
            events: Ring::new(config.event_capacity),
            next_event_id: 1,
            timing: Timing::new(config.profile),
            config,
            profile_switched_ms: None,
            pods_by_node: Vec::new(),
            pods_by_owner: KeyMap::new(),
            watch: Vec::new(),
        }
    }

    /// The run's settings.
    #[inline]
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The timing profile in force.
    #[inline]
    pub fn timing(&self) -> &Timing {
        &self.timing
    }

    /// When the profile was last switched (heartbeats sent before were scheduled under the
    /// old one).
    pub fn profile_switched_ms(&self) -> Option<Millis> {
        self.profile_switched_ms
    }

    /// The `profile` verb: the timing profile from now on. Returns the previous one.
    pub(crate) fn set_profile(&mut self, profile: Profile) -> Profile {
        let from = self.timing.profile;
        self.timing = Timing::new(profile);
        self.config.profile = profile;
        if from != profile {
            self.profile_switched_ms = Some(self.now);
        }
        from
    }

    /// The `seed` verb: the random stream a new engine with this seed starts with.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng = Rng::new(seed);
        self.config.seed = seed;
    }

    /// Keys of the pods bound to a node, unordered, as store slots.
    pub(crate) fn pod_slots_on_node(&self, node: &str) -> &[u32] {
        self.store
            .id::<crate::api::objects::Node>(node)
            .and_then(|id| self.pods_by_node.get(id.slot as usize))
            .map_or(&[], |v| &v[..])
    }

    /// Keys of the pods bound to a node, in key order.
    pub fn pods_on_node(&self, node: &str) -> Vec<Arc<str>> {
        let mut keys: Vec<Arc<str>> = self
            .pod_slots_on_node(node)
            .iter()
            .filter_map(|&s| self.store.key_at_slot::<Pod>(s).cloned())
            .collect();
        crate::util::sort_by_less(&mut keys, |a, b| a < b);
        keys
    }

    /// The pods an owner (by uid) owns, in key order (the owner index).
    pub fn owned_pods(&self, owner_uid: &str) -> Vec<&Pod> {
        self.pods_by_owner
            .get(owner_uid)
            .map(|s| {
                s.entries()
                    .filter_map(|(_, slot)| self.store.at_slot::<Pod>(slot))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The ReplicaSets a Deployment owns (owner reference), in store order.
    pub fn replicasets_of<'a>(
        &'a self,
        d: &crate::api::objects::Deployment,
    ) -> impl Iterator<Item = &'a crate::api::objects::ReplicaSet> + use<'a> {
        let uid = d.metadata.uid.clone();
        self.store
            .list::<crate::api::objects::ReplicaSet>()
            .filter(move |r| r.metadata.owner.as_ref().is_some_and(|o| o.uid == uid))
    }

    /// The pod sets (owner index) of a Deployment's ReplicaSets: the pods it manages, which
    /// carry its template's labels and so match its selector.
    pub(crate) fn pod_sets_of<'a>(
        &'a self,
        d: &crate::api::objects::Deployment,
    ) -> impl Iterator<Item = &'a KeySet> + use<'a> {
        self.replicasets_of(d)
            .filter_map(|r| self.pods_by_owner.get(&r.metadata.uid))
    }

    /// The owner index equals a recount from the store: every owned pod is in its owner's
    /// set under its own slot, and every entry is a live pod of that owner.
    pub(crate) fn check_owner_index(&self) -> Result<(), String> {
        let mut entries = 0;
        for id in self.store.list_ids::<Pod>() {
            let Some(p) = self.store.at::<Pod>(id) else {
                continue;
            };
            let Some(o) = &p.metadata.owner else { continue };
            entries += 1;
            let key = self.store.key_at::<Pod>(id).map_or("", |k| &**k);
            if self.pods_by_owner.get(&o.uid).and_then(|s| s.get(key)) != Some(id.slot) {
                return Err(format!("owner index misses pod {key}"));
            }
        }
        let indexed: usize = self.pods_by_owner.values().map(|s| s.len()).sum();
        if indexed != entries {
            return Err(format!(
                "owner index holds {indexed} pods, the store {entries} owned ones"
            ));
        }
        Ok(())
    }

    /// Takes what changed since the last call (the engine hands it to the informers).
    pub(crate) fn take_watch(&mut self, into: &mut Vec<WatchEvent>) {
        std::mem::swap(&mut self.watch, into);
    }

    /// Whether something changed since the last [`Api::take_watch`].
    #[inline]
    pub(crate) fn has_watch_events(&self) -> bool {
        !self.watch.is_empty()
    }

    /// Simulated time (ms since the start of the run).
    #[inline]
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Moves the clock forward to `t` (never back); only the run loop calls it.
    pub(crate) fn advance_clock(&mut self, t: Millis) {
        self.now = self.now.max(t);
    }

    /// The store, read-only.
    #[inline]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store for writing: only the API stage (`api/`) has it.
    #[inline]
    pub(in crate::api) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The one random stream (uids, generated names, tie-breaks).
    #[inline]
    pub(crate) fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// The store to read and the random stream to draw from at once (the scheduling cycle
    /// reads the pod while it breaks ties).
    #[inline]
    pub(crate) fn store_and_rng(&mut self) -> (&Store, &mut Rng) {
        (&self.store, &mut self.rng)
    }

    /// Swaps the random stream (the control plane's own stream at start).
    pub(crate) fn replace_rng(&mut self, rng: Rng) -> Rng {
        std::mem::replace(&mut self.rng, rng)
    }

    /// Appends an event at the current time.
    pub(crate) fn emit(&mut self, actor: Actor, object: ObjectRef, kind: EventKind) {
        let id = self.next_event_id;
        self.next_event_id += 1;
        self.events.push(Event {
            id,
            time_ms: self.now,
            actor,
            object,
            kind,
        });
    }

    pub fn events(&self) -> &Ring<Event> {
        &self.events
    }

    /// The id the next event will get.
    pub fn next_event_id(&self) -> u64 {
        self.next_event_id
    }
}
