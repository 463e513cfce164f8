//! What must hold after every settle, checked in place: in debug builds and tests the run loop
//! calls [`Sim::check_invariants`] at the end of every settle and stops at the first violation,
//! so the step that breaks an invariant is the one that panics (release builds skip it). The
//! property tests call it after each step as well.

use crate::api::objects::*;
use crate::api::store::table_key;
use crate::engine::Sim;
use std::collections::BTreeMap;

/// Requests and pods bound to one node, recounted from the store.
#[derive(Default)]
struct Bound {
    cpu: u64,
    memory: u64,
    running: u32,
    keys: Vec<String>,
}

impl Sim {
    /// Checks the engine's invariants against its state; the first violation, described.
    ///
    /// - Nodes: requests of running pods within allocatable (cpu, memory, pod count); the
    ///   scheduler cache's requested cpu and the node-to-pods index equal a recount from the
    ///   store; the scheduler cache has exactly the store's nodes; node leases only for nodes
    ///   that exist; nodes being removed or marked unneeded exist.
    /// - Pods: bound only to existing nodes; an evicted pod is Failed and no longer runs.
    /// - Store: keys in etcd order, the key count, revisions strictly increasing in the watch
    ///   log and the last one the store's revision.
    /// - Control plane: etcd writable only with quorum; etcd up only on a live node; at most
    ///   one etcd leader, on a live member; a lease's leader is up, named by the lease record,
    ///   and its lease unexpired while writes go through.
    /// - VPA: lowerBound ≤ target ≤ upperBound for every recommendation; the recommender's
    ///   state bounded by the VPAs and the pods.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.check_nodes_and_pods()?;
        self.check_store()?;
        self.check_store_log(0)?;
        self.check_control_plane()?;
        self.check_vpa_objects()?;
        self.check_vpa_state()
    }

    /// The check the run loop makes after every settle: the same invariants, skipping what
    /// cannot have changed since the last check. The checks that read objects (nodes and
    /// pods, store keys, VPA bounds) run only when the store's revision moved, and the
    /// watch log is checked only past the revision checked last time; the control plane's
    /// and the VPA recommender's state (not in the store) are checked every time.
    pub(crate) fn check_invariants_since_last(&mut self) -> Result<(), String> {
        let rev = self.api.store().revision();
        let last = self.checked_revision;
        if last != Some(rev) {
            self.check_nodes_and_pods()?;
            self.check_store()?;
            self.check_store_log(last.unwrap_or(0))?;
            self.check_vpa_objects()?;
            self.checked_revision = Some(rev);
        }
        self.check_control_plane()?;
        self.check_vpa_state()
    }

    fn check_nodes_and_pods(&self) -> Result<(), String> {
        self.api.check_owner_index()?;
        let store = self.api.store();
        let mut bound: BTreeMap<&str, Bound> = BTreeMap::new();
        for p in store.list::<Pod>() {
            let name = &p.metadata.name;
            let key = table_key(&p.metadata.namespace, name);
            if p.status.reason == "Evicted" {
                if p.status.phase != PodPhase::Failed {
                    return Err(format!("evicted pod {name} not Failed"));
                }
                if p.node()
                    .and_then(|n| self.machine(n))
                    .is_some_and(|m| m.pods.contains_key(&key))
                {
                    return Err(format!("evicted pod {name} still running"));
                }
            }
            let Some(n) = p.node() else {
                continue;
            };
            if store.node(n).is_none() {
                return Err(format!("pod {name} bound to missing node {n}"));
            }
            let b = bound.entry(n).or_default();
            b.keys.push(key);
            if !matches!(p.status.phase, PodPhase::Failed | PodPhase::Succeeded) {
                let (cpu, memory) = p.spec.requests();
                b.cpu += cpu;
                b.memory += memory;
                b.running += 1;
            }
        }
        let empty = Bound::default();
        for n in store.list::<Node>() {
            let name = &n.metadata.name;
            let b = bound.get(name.as_str()).unwrap_or(&empty);
            let alloc = &n.status.allocatable;
            if b.cpu > alloc.cpu.0 {
                return Err(format!("node {name} cpu {} over allocatable", b.cpu));
            }
            if b.memory > alloc.memory.0 {
                return Err(format!("node {name} memory over allocatable"));
            }
            if b.running > alloc.pods {
                return Err(format!("node {name} over pod limit"));
            }
            let cached = self.c.scheduler.node_info(name).map_or(0, |i| i.req_cpu);
            if cached != b.cpu {
                return Err(format!(
                    "scheduler cache disagrees with the store on {name}: {cached} vs {}",
                    b.cpu
                ));
            }
            let mut keys = b.keys.clone();
            keys.sort();
            let indexed: Vec<String> = self
                .pods_on_node(name)
                .iter()
                .map(|k| k.to_string())
                .collect();
            if indexed != keys {
                return Err(format!("node index disagrees with the store on {name}"));
            }
        }
        let names = store.list::<Node>().map(|n| n.metadata.name.as_str());
        let cached = self.c.scheduler.node_infos().iter().map(|n| &*n.name);
        if !names.eq(cached) {
            return Err("scheduler cache nodes differ from the store".into());
        }
        for l in store.list::<Lease>() {
            if l.metadata.namespace == NODE_LEASE_NAMESPACE
                && store.node(&l.metadata.name).is_none()
            {
                return Err(format!("lease of deleted node {}", l.metadata.name));
            }
        }
        #[cfg(feature = "cluster-autoscaler")]
        {
            if let Some(n) = self
                .nodes_being_removed()
                .into_iter()
                .find(|n| store.node(n).is_none())
            {
                return Err(format!("removing a missing node {n}"));
            }
            if let Some(u) = self.node_group().and_then(|g| {
                g.unneeded
                    .into_iter()
                    .find(|u| store.node(&u.node).is_none())
            }) {
                return Err(format!("unneeded missing node {}", u.node));
            }
        }
        Ok(())
    }

    fn check_store(&self) -> Result<(), String> {
        let store = self.api.store();
        let keys = store.keys();
        if !keys.windows(2).all(|w| w[0].key < w[1].key) {
            return Err("store keys not in etcd order".into());
        }
        if keys.len() != store.key_count() {
            return Err("store key count".into());
        }
        Ok(())
    }

    /// The watch log's revisions strictly increase (checked from the newest entry back to
    /// the first one at or below `since`), and the newest is the store's revision.
    fn check_store_log(&self, since: u64) -> Result<(), String> {
        let store = self.api.store();
        let mut newer: Option<u64> = None;
        for c in store.change_log().iter().rev() {
            if newer.is_some_and(|n| c.revision >= n) {
                return Err("revisions not strictly increasing".into());
            }
            if newer.is_none() && c.revision != store.revision() {
                return Err("store revision is not the last change".into());
            }
            newer = Some(c.revision);
            if c.revision <= since {
                break;
            }
        }
        Ok(())
    }

    fn check_control_plane(&self) -> Result<(), String> {
        let cp = self.control_plane();
        let q = self.etcd_quorum();
        let up = cp.iter().filter(|m| m.etcd_up).count() as u32;
        if q.members_up != up || q.has_quorum != (up >= q.needed) {
            return Err(format!("etcd quorum view wrong: {q:?}"));
        }
        if q.writable && !q.has_quorum {
            return Err("writable without quorum".into());
        }
        if !cp.iter().all(|m| m.up || !m.etcd_up) {
            return Err("etcd up on a dead node".into());
        }
        if let Some(l) = &q.leader
            && !cp
                .iter()
                .any(|m| &m.name == l && m.etcd_up && m.etcd_leader)
        {
            return Err(format!("etcd leader {l} is not a live member"));
        }
        if cp.iter().filter(|m| m.etcd_leader).count() > 1 {
            return Err("two etcd leaders".into());
        }
        for l in self.leaders() {
            let Some(name) = &l.leader else {
                continue;
            };
            if !cp.iter().any(|m| &m.name == name && m.up) {
                return Err(format!("{} led from a dead node", l.lease));
            }
            if &l.holder_identity != name {
                return Err(format!("{} record names another holder", l.lease));
            }
            if l.expires_ms <= self.api.now() && q.writable {
                return Err(format!("{} expired", l.lease));
            }
        }
        Ok(())
    }

    fn check_vpa_objects(&self) -> Result<(), String> {
        for v in self.vpas() {
            for r in v
                .status
                .recommendation
                .iter()
                .flat_map(|r| &r.container_recommendations)
            {
                let (lo, t, hi) = (r.lower_bound, r.target, r.upper_bound);
                if !(lo.cpu <= t.cpu
                    && t.cpu <= hi.cpu
                    && lo.memory <= t.memory
                    && t.memory <= hi.memory)
                {
                    return Err(format!("VPA bounds out of order: {r:?}"));
                }
            }
        }
        Ok(())
    }

    fn check_vpa_state(&self) -> Result<(), String> {
        let (aggs, pods) = self.vpa_state().sizes();
        if aggs > self.vpas().count() {
            return Err(format!("{aggs} VPA aggregates for fewer VPAs"));
        }
        if pods > self.api.store().count::<Pod>() * 2 + 16 {
            return Err(format!("{pods} VPA pod states"));
        }
        Ok(())
    }
}
