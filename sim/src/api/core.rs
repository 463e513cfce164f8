//! The API core: the store, the event log, the random stream and the clock, behind one type.
//!
//! Everything outside `api/` reads through [`Api`]'s accessors; the store's write methods are
//! visible only inside `api/` (`pub(in crate::api)`), so every change to an API object passes
//! through the API stage (admission, the store write, the watch fan-out) in `api/mod.rs`: the
//! compiler holds that door, not a convention.

use crate::api::events::{Actor, Event, EventKind};
use crate::api::objects::ObjectRef;
use crate::api::store::Store;
use crate::util::{Millis, Ring, Rng};

/// The cluster's shared state as the API server holds it.
#[derive(Clone, Debug)]
pub struct Api {
    now: Millis,
    rng: Rng,
    store: Store,
    events: Ring<Event>,
    next_event_id: u64,
}

impl Api {
    pub(crate) fn new(seed: u64, event_capacity: usize) -> Api {
        Api {
            now: 0,
            rng: Rng::new(seed),
            store: Store::new(),
            events: Ring::new(event_capacity),
            next_event_id: 1,
        }
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

    /// Swaps the random stream (the `seed` verb; the control plane's own stream at start).
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
