//! The timer heap: every component's timers in one queue ordered by (time, sequence), each
//! entry naming its component ([`Timer`]); timers whose component may not act yet wait in
//! `parked` until the control plane lets it act again.

use crate::api::component::Timers;
use crate::engine::Timer;
use crate::engine::registry::Registered;
use crate::util::Millis;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// One timer: when, the order it was set in, and whose it is.
#[derive(Clone, Debug)]
pub(crate) struct TimerEntry {
    pub at: Millis,
    pub seq: u64,
    pub timer: Timer,
}

// Ordered by (time, sequence); `seq` is unique, so the payload never needs comparing.
impl PartialEq for TimerEntry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for TimerEntry {}
impl PartialOrd for TimerEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for TimerEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TimerHeap {
    heap: BinaryHeap<Reverse<TimerEntry>>,
    seq: u64,
    /// Timers held while their component cannot act; released when it can.
    pub(crate) parked: Vec<Timer>,
}

impl TimerHeap {
    pub(crate) fn push(&mut self, at: Millis, timer: Timer) {
        self.seq += 1;
        self.heap.push(Reverse(TimerEntry {
            at,
            seq: self.seq,
            timer,
        }));
    }

    /// When the next timer fires.
    pub(crate) fn next_at(&self) -> Option<Millis> {
        self.heap.peek().map(|Reverse(e)| e.at)
    }

    /// The next timer due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: Millis) -> Option<Timer> {
        if self.next_at()? > now {
            return None;
        }
        self.heap.pop().map(|Reverse(e)| e.timer)
    }

    /// Keeps the timers (pending and parked) for which `keep` is true. Rare (a node's
    /// deletion): the heap is rebuilt once.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Timer) -> bool) {
        self.heap.retain(|Reverse(e)| keep(&e.timer));
        self.parked.retain(keep);
    }
}

/// One component's view of the heap: its own timers only.
pub(crate) struct Scoped<'a, C> {
    heap: &'a mut TimerHeap,
    _c: std::marker::PhantomData<fn() -> C>,
}

impl<'a, C> Scoped<'a, C> {
    pub(crate) fn new(heap: &'a mut TimerHeap) -> Self {
        Scoped {
            heap,
            _c: std::marker::PhantomData,
        }
    }
}

impl<C: Registered> Timers<C::Timer> for Scoped<'_, C> {
    fn at(&mut self, at: Millis, timer: C::Timer) {
        self.heap.push(at, C::wrap(timer));
    }
    fn retain(&mut self, keep: &mut dyn FnMut(&C::Timer) -> bool) {
        self.heap.retain(|t| C::unwrap(t).is_none_or(&mut *keep));
    }
}
