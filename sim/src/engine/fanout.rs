//! Hands the API's watch events to the components' informers.

use crate::api::objects::*;
use crate::api::watch::{PodPrev, WatchEvent};
use crate::engine::{Sim, Timer};
use std::sync::Arc;

impl Sim {
    /// Hands every watch event recorded since the last call to the informers, oldest first.
    pub(crate) fn dispatch(&mut self) {
        while self.api.has_watch_events() {
            let mut events = std::mem::take(&mut self.watch_scratch);
            self.api.take_watch(&mut events);
            for ev in events.drain(..) {
                self.c.watch(&ev, &mut self.api, &mut self.timers);
                match ev {
                    WatchEvent::Node { name, old } => self.on_node_change(&name, old.as_deref()),
                    WatchEvent::NodeDeleted { name, .. } => self.on_node_deleted(&name),
                    WatchEvent::Pod {
                        id,
                        key,
                        prev,
                        node_slot,
                    } => self.on_pod_event(id, &key, prev, node_slot),
                    WatchEvent::Object { .. } => {}
                }
            }
            self.watch_scratch = events;
        }
    }

    fn on_node_change(&mut self, name: &str, old: Option<&Node>) {
        let Some(id) = self.api.store().id::<Node>(name) else {
            return;
        };
        let Some(new) = self.api.store().at::<Node>(id) else {
            return;
        };
        fn noexec(n: &Node) -> impl Iterator<Item = &Taint> {
            n.spec
                .taints
                .iter()
                .filter(|t| t.effect == TaintEffect::NoExecute)
        }
        let noexec_changed = old.is_none_or(|o| !noexec(o).eq(noexec(new)));
        if noexec_changed {
            self.dirty_taint_nodes.insert(name);
        }
    }

    /// A node is gone: every per-node record goes with it.
    fn on_node_deleted(&mut self, node: &str) {
        self.machines.remove(node);
        // The machine's timers go with it (a node registered later under the same name must
        // not inherit a second heartbeat chain). Deletions are rare; the heap is rebuilt once.
        let of_node = |t: &Timer| match t {
            Timer::Lease(n) | Timer::Kubelet(n, ..) | Timer::ContainerExit(n, ..) => &**n == node,
            _ => false,
        };
        self.timers.retain(|t| !of_node(t));
        for z in self.nlc.zones.values_mut_unordered() {
            z.queue.retain(|(_, n)| n != node);
        }
        self.dirty_taint_nodes.remove(node);
        self.load.stale = true;
    }

    /// A pod change: the node's kubelet, taint eviction, metrics.
    fn on_pod_event(
        &mut self,
        id: crate::api::index::Id,
        key: &Arc<str>,
        prev: PodPrev,
        node_slot: Option<u32>,
    ) {
        let new = self.api.store().at::<Pod>(id);
        let old_node: Option<&str> = match &prev {
            PodPrev::Created => None,
            PodPrev::Node(n) => n.as_deref(),
            PodPrev::Gone(p) => p.node(),
        };
        let new_node = new.and_then(|p| p.node());
        let new_slot = match node_slot {
            Some(s) => Some(s),
            None => new_node
                .and_then(|n| self.api.store().id::<Node>(n))
                .map(|i| i.slot),
        };
        let moved = old_node != new_node;
        let old_slot = if moved {
            old_node
                .and_then(|n| self.api.store().id::<Node>(n))
                .map(|i| i.slot)
        } else {
            new_slot
        };
        let subject = match &prev {
            PodPrev::Gone(p) => Some(&**p),
            _ => new,
        };
        if subject.is_some() {
            for (n, slot) in [(old_node, old_slot), (new_node, new_slot)] {
                let Some(n) = n else { continue };
                let node = slot
                    .and_then(|s| self.api.store().key_at_slot::<Node>(s))
                    .cloned()
                    .unwrap_or_else(|| Arc::from(n));
                self.dirty_kubelet.push((node, key.clone()));
                if !moved {
                    break;
                }
            }
        }
        // Taint-based eviction applies to pods that land on tainted nodes.
        if let Some(n) = new_node
            && moved
            && new_slot
                .and_then(|s| self.api.store().at_slot::<Node>(s))
                .is_some_and(|node| {
                    node.spec
                        .taints
                        .iter()
                        .any(|t| t.effect == TaintEffect::NoExecute)
                })
        {
            self.dirty_taint_nodes.insert(n);
        }
        if new.is_none() {
            self.metrics.forget(id, key);
            self.evictions.remove(key);
        }
    }
}
