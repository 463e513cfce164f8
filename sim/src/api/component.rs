//! What a component of the cluster is, and what it gets from the API server.
//!
//! A component (a controller, the scheduler, the kubelets, ...) owns its state: its work
//! queues, caches and memories. It sees the cluster only through watch events ([`WatchEvent`],
//! handed to [`Component::watch`], its informer) and reads of the [`Api`], and it acts only
//! through the API's writes. It keeps time with its own timers, whose payload is its own
//! type: the engine's timer heap names the component each timer belongs to and hands the
//! payload back to [`Component::fire`]. The engine's registry (`engine/registry.rs`) lists
//! the components; nothing else in the engine names one.
//!
//! A component may also read one other component's public, read-only face, its [`Peer`]
//! (`Component::Peer`): kube-proxy and metrics-server read what the kubelets report about
//! their containers, as upstream they read the kubelets' endpoints.
//!
//! [`Peer`]: Component::Peer

use crate::api::core::Api;
use crate::api::watch::WatchEvent;
use crate::config::sim::SimConfig;
use crate::util::Millis;

/// Who may act while the control plane is degraded (`controlplane/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Always (its work is not an API write, or it checks for itself).
    Always,
    /// While the API server can write (etcd has quorum and a leader).
    Writable,
    /// While kube-controller-manager has a leader and the API can write.
    Controllers,
    /// While kube-scheduler has a leader and the API can write.
    Scheduler,
}

/// A component's timers, as the engine's heap holds them.
pub trait Timers<T> {
    /// Fires `timer` at `at` (timers at the same instant fire in the order they were set).
    fn at(&mut self, at: Millis, timer: T);
    /// Drops every pending timer of this component for which `keep` is false.
    fn retain(&mut self, keep: &mut dyn FnMut(&T) -> bool);
}

/// What a component works with: the API (reads and writes), its own timers, and the peer it
/// may read.
pub struct Ctx<'a, T, P: ?Sized = ()> {
    pub api: &'a mut Api,
    pub timers: &'a mut dyn Timers<T>,
    pub peer: &'a P,
}

impl<T, P: ?Sized> Ctx<'_, T, P> {
    #[inline]
    pub fn now(&self) -> Millis {
        self.api.now()
    }
    /// Fires `timer` at `at`.
    #[inline]
    pub fn at(&mut self, at: Millis, timer: T) {
        self.timers.at(at, timer);
    }
    /// Fires `timer` after `ms` from now.
    #[inline]
    pub fn after(&mut self, ms: Millis, timer: T) {
        let at = self.api.now() + ms;
        self.timers.at(at, timer);
    }
}

/// A component of the cluster (see the module documentation).
pub trait Component: Clone + std::fmt::Debug {
    /// The payload of its timers.
    type Timer: Clone + std::fmt::Debug;
    /// The other component it reads (`()` for none).
    type Peer;
    /// What `Sim::components()` lists.
    const NAME: &'static str;
    /// Who may run its work queue ([`Component::settle`]).
    const GATE: Gate;

    /// Its initial state for a run with these settings.
    fn from_config(config: &SimConfig) -> Self;

    /// Arms its first timers when the engine starts.
    fn start(&mut self, _ctx: &mut Ctx<'_, Self::Timer, Self::Peer>) {}

    /// Its informer: one watch event. It must not write to the API here; it updates its
    /// caches and queues (and may set or drop its timers).
    fn watch(&mut self, _ev: &WatchEvent, _ctx: &mut Ctx<'_, Self::Timer, Self::Peer>) {}

    /// Drains its work queue once; true when it did something. Runs after every instant,
    /// in registry order, while its gate is open.
    fn settle(&mut self, _ctx: &mut Ctx<'_, Self::Timer, Self::Peer>) -> bool {
        false
    }

    /// One of its timers is due.
    fn fire(&mut self, _timer: Self::Timer, _ctx: &mut Ctx<'_, Self::Timer, Self::Peer>) {}

    /// Who may fire a timer now; a timer whose gate is closed waits (parked) until it opens.
    fn timer_gate(_timer: &Self::Timer) -> Gate {
        Gate::Always
    }
}
