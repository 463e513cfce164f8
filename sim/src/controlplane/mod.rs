//! The control plane: N control-plane nodes (stacked topology: each runs kube-apiserver, an etcd
//! member, kube-scheduler, kube-controller-manager and cloud-controller-manager), leader
//! election for kube-scheduler and kube-controller-manager through Lease objects, and etcd
//! quorum.
//!
//! **Leader election** follows client-go `tools/leaderelection/leaderelection.go` with the
//! component-base defaults (leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s). Every
//! retryPeriod the leader renews its lease (`/registry/leases/kube-system/<component>`); a
//! leader that has not renewed for renewDeadline stops leading. Candidates on the other live
//! members read the lease every retryPeriod; when the record differs from the one they last saw
//! they note the *local* time (`observedTime`), and they take the lease once
//! `observedTime + leaseDuration <= now` (client-go's `isLeaseValid`). Without a scheduler
//! leader nothing is scheduled; without a controller-manager leader the ReplicaSet, Deployment,
//! Endpoints, node-lifecycle, taint-eviction and HPA controllers stop. Running pods keep running.
//!
//! **etcd** is modelled as Raft quorum only: a write needs a leader and a majority of members up
//! (`members / 2 + 1`). When the leader's member stops, the survivors elect the live member with
//! the lowest id after one election timeout (1000 ms, https://etcd.io/docs/latest/tuning/);
//! the same happens when quorum returns. While writes fail, the API stage refuses changes
//! (commands get an error naming the lost quorum), controllers and kubelets hold their writes
//! (their timers are parked and retried when writes succeed again), and leaders cannot renew.
//!
//! Deviations: candidates try exactly every retryPeriod (client-go jitters by up to 1.2x) and in
//! member order; the holder identity is the member name (upstream `<hostname>_<uuid>`); the
//! control-plane nodes are not Node objects (kubeadm registers them, tainted NoSchedule); etcd
//! has no terms, logs, pre-vote or learners; reads are also refused without quorum
//! (linearizable reads, the apiserver default).

use crate::api::Refusal;
use crate::api::component::Gate;
use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::{Kind, Lease, LeaseSpec, ObjectMeta, ObjectRef};
use crate::engine::{Sim, Timer};
use crate::util::Millis;
use serde::Serialize;

/// Namespace of the control-plane leases.
pub const KUBE_SYSTEM: &str = "kube-system";

/// A leader-elected control-plane component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Elected {
    KubeScheduler,
    KubeControllerManager,
    /// Runs only cloud-provider controllers, which are not modelled; elected for the view.
    CloudControllerManager,
}

impl Elected {
    pub const ALL: [Elected; 3] = [
        Elected::KubeScheduler,
        Elected::KubeControllerManager,
        Elected::CloudControllerManager,
    ];
    /// The Lease object's name in `kube-system`.
    pub fn lease_name(self) -> &'static str {
        match self {
            Elected::KubeScheduler => "kube-scheduler",
            Elected::KubeControllerManager => "kube-controller-manager",
            Elected::CloudControllerManager => "cloud-controller-manager",
        }
    }
    fn component(self) -> Component {
        match self {
            Elected::KubeScheduler => Component::Scheduler,
            Elected::KubeControllerManager => Component::ControllerManager,
            Elected::CloudControllerManager => Component::CloudControllerManager,
        }
    }
    fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Member {
    name: String,
    up: bool,
    etcd_up: bool,
}

/// One candidate's view of a lease (client-go `observedRecord`, `observedTime`).
#[derive(Clone, Debug, Default)]
struct Observed {
    record: Option<(String, Millis)>,
    at: Millis,
}

#[derive(Clone, Debug)]
struct Election {
    leader: Option<usize>,
    last_renew_ok: Millis,
    observed: Vec<Observed>,
}

/// Control-plane state.
#[derive(Clone, Debug)]
pub(crate) struct ControlPlane {
    members: Vec<Member>,
    elections: [Election; 3],
    etcd_leader: Option<usize>,
    /// When an etcd election completes.
    etcd_election_due: Option<Millis>,
}

impl ControlPlane {
    pub(crate) fn new(n: u32) -> ControlPlane {
        let n = n.clamp(1, 7) as usize;
        let members = (1..=n)
            .map(|i| Member {
                name: format!("cp-{i}"),
                up: true,
                etcd_up: true,
            })
            .collect();
        let e = || Election {
            leader: Some(0),
            last_renew_ok: 0,
            observed: vec![Observed::default(); n],
        };
        ControlPlane {
            members,
            elections: [e(), e(), e()],
            etcd_leader: Some(0),
            etcd_election_due: None,
        }
    }
    fn etcd_up(&self) -> u32 {
        self.members.iter().filter(|m| m.etcd_up).count() as u32
    }
    fn needed(&self) -> u32 {
        self.members.len() as u32 / 2 + 1
    }
    fn has_quorum(&self) -> bool {
        self.etcd_up() >= self.needed()
    }
    fn writable(&self) -> bool {
        self.has_quorum() && self.etcd_leader.is_some()
    }
    /// A member's components reach storage only through its own apiserver, which talks to its
    /// local etcd member (kubeadm stacked topology: `--etcd-servers=https://127.0.0.1:2379`).
    fn can_write(&self, m: usize) -> bool {
        self.writable() && self.members[m].up && self.members[m].etcd_up
    }
    fn member(&self, name: &str) -> Option<usize> {
        self.members.iter().position(|m| m.name == name)
    }
}

/// A control-plane node as the Cluster view draws it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ControlPlaneMemberView {
    pub name: String,
    /// The node is up (kube-apiserver and the leader-elected components run).
    pub up: bool,
    pub etcd_up: bool,
    pub etcd_leader: bool,
    /// Lease names of the components this member currently leads.
    pub leads: Vec<&'static str>,
}

/// A leader-election lease.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LeaderView {
    pub component: Elected,
    /// `kube-system/<name>`.
    pub lease: String,
    /// The member currently leading (None while nobody does).
    pub leader: Option<String>,
    /// The lease record's holder and times.
    pub holder_identity: String,
    pub acquire_ms: Millis,
    pub renew_ms: Millis,
    /// `renew_ms + leaseDuration`.
    pub expires_ms: Millis,
}

/// etcd's quorum state.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EtcdQuorumView {
    pub members_up: u32,
    pub members: u32,
    pub needed: u32,
    pub has_quorum: bool,
    pub leader: Option<String>,
    /// Writes succeed (quorum and a leader).
    pub writable: bool,
    /// The store's current revision.
    pub revision: u64,
}

fn node_ref(name: &str) -> ObjectRef {
    ObjectRef::new(Kind::Node, "", name)
}
fn lease_ref(c: Elected) -> ObjectRef {
    ObjectRef::new(Kind::Lease, KUBE_SYSTEM, c.lease_name())
}

impl Sim {
    /// Writes the initial leader leases (member 1 leads at t=0) and arms the election timer.
    pub(crate) fn control_plane_start(&mut self) {
        let holder = self.cp.members[0].name.clone();
        // The leases' uids come from their own stream so that the cluster's objects get the
        // same uids (and generated names) as without a modelled control plane.
        let cluster_rng = self.api.replace_rng(crate::util::Rng::new(
            self.api.config().seed ^ 0x6b75_6265_2d73_7973,
        ));
        for c in Elected::ALL {
            let l = Lease {
                metadata: ObjectMeta::named(c.lease_name(), KUBE_SYSTEM),
                spec: LeaseSpec {
                    holder_identity: holder.clone(),
                    lease_duration_seconds: (self.api.timing().leader_lease_duration.ms / 1000)
                        as u32,
                    acquire_ms: self.api.now(),
                    renew_ms: self.api.now(),
                },
            };
            let _ = self.api.create(l);
        }
        self.api.replace_rng(cluster_rng);
        let next = self.api.now() + self.api.timing().leader_retry_period.ms;
        self.schedule_timer(next, Timer::LeaderElection);
    }

    /// Writes go through (etcd has quorum and a leader).
    pub fn api_writable(&self) -> bool {
        self.cp.writable()
    }

    /// Why writes fail, in English, or None when they succeed.
    pub fn api_unavailable_reason(&self) -> Option<String> {
        let cp = &self.cp;
        if !cp.has_quorum() {
            Some(format!(
                "etcd has lost quorum ({} of {} members up, {} needed): the API server cannot write",
                cp.etcd_up(),
                cp.members.len(),
                cp.needed()
            ))
        } else if cp.etcd_leader.is_none() {
            Some("etcd is electing a leader: the API server cannot write yet".into())
        } else {
            None
        }
    }

    pub(crate) fn scheduler_active(&self) -> bool {
        self.cp.writable() && self.cp.elections[0].leader.is_some()
    }
    pub(crate) fn controllers_active(&self) -> bool {
        self.cp.writable() && self.cp.elections[1].leader.is_some()
    }

    /// Whether a timer may fire now; if not it is parked until its component can write.
    pub(crate) fn gate_timer(&mut self, timer: Timer) -> Option<Timer> {
        let ok = match &timer {
            Timer::NodeMonitor
            | Timer::TaintingPass
            | Timer::HpaSync
            | Timer::TaintEviction(..) => self.controllers_active(),
            // A faulty container's exit is reported through a status write, so it waits too
            // (a deviation: the real container dies and the kubelet retries the write).
            Timer::Lease(_)
            | Timer::Kubelet(..)
            | Timer::ContainerExit(..)
            | Timer::NodeRemovalDeadline(_) => self.cp.writable(),
            Timer::EvictionMonitor(_) => self.cp.writable(),
            Timer::Component(t) => match crate::engine::registry::Components::timer_gate(t) {
                Gate::Always => true,
                Gate::Writable => self.cp.writable(),
                Gate::Controllers => self.controllers_active(),
                Gate::Scheduler => self.scheduler_active(),
            },
            _ => true,
        };
        if ok {
            Some(timer)
        } else {
            self.timers.parked.push(timer);
            None
        }
    }

    /// Re-arms parked timers at the current instant: kubelet leases first, so the node
    /// lifecycle controller sees fresh heartbeats before it judges the nodes.
    fn release_parked(&mut self) {
        let parked = std::mem::take(&mut self.timers.parked);
        let (leases, rest): (Vec<Timer>, Vec<Timer>) = parked
            .into_iter()
            .partition(|t| matches!(t, Timer::Lease(_)));
        for t in leases.into_iter().chain(rest) {
            self.schedule_timer(self.api.now(), t);
        }
    }

    /// Every retryPeriod: leaders renew (or step down after renewDeadline), candidates try.
    pub(crate) fn leader_election_tick(&mut self) {
        let before = (self.scheduler_active(), self.controllers_active());
        for c in Elected::ALL {
            self.election_round(c);
        }
        let after = (self.scheduler_active(), self.controllers_active());
        if (after.0 && !before.0) || (after.1 && !before.1) {
            self.release_parked();
        }
        let next = self.api.now() + self.api.timing().leader_retry_period.ms;
        self.schedule_timer(next, Timer::LeaderElection);
    }

    fn election_round(&mut self, c: Elected) {
        let i = c.idx();
        let lease_ms = self.api.timing().leader_lease_duration.ms;
        if let Some(l) = self.cp.elections[i].leader {
            let holder = self.cp.members[l].name.clone();
            if self.cp.can_write(l) {
                if let Some(mut lease) = self
                    .api
                    .store()
                    .get::<Lease>(KUBE_SYSTEM, c.lease_name())
                    .cloned()
                {
                    lease.spec.renew_ms = self.api.now();
                    self.api.update(lease);
                }
                self.cp.elections[i].last_renew_ok = self.api.now();
                if self.api.config().lease_events {
                    self.emit(
                        Actor::on(c.component(), &holder),
                        lease_ref(c),
                        EventKind::LeaderRenewed { holder },
                    );
                }
            } else {
                let since = self.api.now() - self.cp.elections[i].last_renew_ok;
                let deadline = self.api.timing().leader_renew_deadline.ms;
                if since >= deadline {
                    // kube-scheduler and kube-controller-manager exit on lost leadership and
                    // restart as candidates with nothing observed.
                    self.cp.elections[i].leader = None;
                    self.cp.elections[i].observed[l] = Observed::default();
                    self.emit(
                        Actor::on(c.component(), &holder),
                        lease_ref(c),
                        EventKind::LeaderLost {
                            holder,
                            since_renew_ms: since,
                            renew_deadline_ms: deadline,
                        },
                    );
                }
            }
        }
        if !self.cp.writable() {
            return;
        }
        let Some(lease) = self
            .api
            .store()
            .get::<Lease>(KUBE_SYSTEM, c.lease_name())
            .cloned()
        else {
            return;
        };
        let record = (lease.spec.holder_identity.clone(), lease.spec.renew_ms);
        for m in 0..self.cp.members.len() {
            if !self.cp.can_write(m) || self.cp.elections[i].leader == Some(m) {
                continue;
            }
            let obs = &mut self.cp.elections[i].observed[m];
            if obs.record.as_ref() != Some(&record) {
                obs.record = Some(record.clone());
                obs.at = self.api.now();
            }
            let valid = !record.0.is_empty() && obs.at + lease_ms > self.api.now();
            if valid || self.cp.elections[i].leader.is_some() {
                continue;
            }
            // Acquire.
            let name = self.cp.members[m].name.clone();
            let since = self.api.now() - lease.spec.renew_ms;
            let mut l = lease.clone();
            l.spec.holder_identity = name.clone();
            l.spec.acquire_ms = self.api.now();
            l.spec.renew_ms = self.api.now();
            self.api.update(l);
            let e = &mut self.cp.elections[i];
            e.leader = Some(m);
            e.last_renew_ok = self.api.now();
            self.emit(
                Actor::on(c.component(), &name),
                lease_ref(c),
                EventKind::LeaderAcquired {
                    holder: name,
                    previous: record.0.clone(),
                    since_renew_ms: since,
                    lease_duration_ms: lease_ms,
                },
            );
            return;
        }
    }

    /// etcd election timer: the live member with the lowest id leads if quorum holds.
    pub(crate) fn etcd_election_due(&mut self) {
        if self.cp.etcd_election_due != Some(self.api.now()) {
            return;
        }
        self.cp.etcd_election_due = None;
        if !self.cp.has_quorum() || self.cp.etcd_leader.is_some() {
            return;
        }
        let Some(l) = self.cp.members.iter().position(|m| m.etcd_up) else {
            return;
        };
        self.cp.etcd_leader = Some(l);
        let name = self.cp.members[l].name.clone();
        let (up, n) = (self.cp.etcd_up(), self.cp.members.len() as u32);
        self.emit(
            Actor::on(Component::Etcd, &name),
            node_ref(&name),
            EventKind::EtcdLeaderElected {
                member: name.clone(),
                members_up: up,
                members: n,
                election_timeout_ms: self.api.timing().etcd_election_timeout.ms,
            },
        );
        // Writes work again: whatever was held (kubelet status, leases) goes now; controllers
        // and the scheduler resume if their leader survived.
        self.release_parked();
    }

    fn start_etcd_election(&mut self) {
        if self.cp.etcd_election_due.is_none() && self.cp.has_quorum() {
            let at = self.api.now() + self.api.timing().etcd_election_timeout.ms;
            self.cp.etcd_election_due = Some(at);
            self.schedule_timer(at, Timer::EtcdElection);
        }
    }

    /// Stops or starts one etcd member; emits the quorum transitions.
    fn set_etcd(&mut self, m: usize, up: bool) {
        if self.cp.members[m].etcd_up == up {
            return;
        }
        let had = self.cp.has_quorum();
        self.cp.members[m].etcd_up = up;
        let name = self.cp.members[m].name.clone();
        let (n_up, n) = (self.cp.etcd_up(), self.cp.members.len() as u32);
        let kind = if up {
            EventKind::EtcdMemberUp {
                members_up: n_up,
                members: n,
            }
        } else {
            EventKind::EtcdMemberDown {
                members_up: n_up,
                members: n,
            }
        };
        self.emit(Actor::new(Component::Infrastructure), node_ref(&name), kind);
        if !up && self.cp.etcd_leader == Some(m) {
            self.cp.etcd_leader = None;
        }
        let has = self.cp.has_quorum();
        if had && !has {
            self.cp.etcd_leader = None;
            self.cp.etcd_election_due = None;
            self.emit(
                Actor::new(Component::Etcd),
                node_ref(&name),
                EventKind::EtcdQuorumLost {
                    members_up: n_up,
                    members: n,
                    needed: self.cp.needed(),
                },
            );
        } else if !had && has {
            self.emit(
                Actor::new(Component::Etcd),
                node_ref(&name),
                EventKind::EtcdQuorumRestored {
                    members_up: n_up,
                    members: n,
                },
            );
        }
        if self.cp.etcd_leader.is_none() {
            self.start_etcd_election();
        }
    }

    /// Validates a control-plane fault; `want_up` is the state the command moves to.
    pub(crate) fn check_member(
        &self,
        name: &str,
        etcd: bool,
        want_up: bool,
    ) -> Result<(), Refusal> {
        let m = self.cp.member(name).ok_or_else(|| Refusal::NotFound {
            kind: "control-plane node".into(),
            name: name.into(),
        })?;
        let mem = &self.cp.members[m];
        let (now_up, what) = if etcd {
            (mem.etcd_up, "etcd member")
        } else {
            (mem.up, "control-plane node")
        };
        if etcd && want_up && !mem.up {
            return Err(Refusal::Rejected {
                reason: format!("{name} is down: restore the control-plane node first"),
            });
        }
        if now_up == want_up {
            return Err(Refusal::Rejected {
                reason: format!(
                    "{what} {name} is already {}",
                    if want_up { "up" } else { "down" }
                ),
            });
        }
        Ok(())
    }

    /// Kills or restores a whole control-plane node (call after `check_member`).
    pub(crate) fn set_control_plane_node(&mut self, name: &str, up: bool) {
        let Some(m) = self.cp.member(name) else {
            return;
        };
        self.cp.members[m].up = up;
        self.emit(
            Actor::new(Component::Infrastructure),
            node_ref(name),
            if up {
                EventKind::ControlPlaneNodeUp
            } else {
                EventKind::ControlPlaneNodeDown
            },
        );
        for e in &mut self.cp.elections {
            if !up && e.leader == Some(m) {
                // The process died with its node; the lease stays until it expires.
                e.leader = None;
            }
            // A restarted process starts with no observed record.
            e.observed[m] = Observed::default();
        }
        self.set_etcd(m, up);
    }

    /// Stops or starts the etcd member of a control-plane node (call after `check_member`).
    pub(crate) fn set_etcd_member(&mut self, name: &str, up: bool) {
        if let Some(m) = self.cp.member(name) {
            self.set_etcd(m, up);
        }
    }

    // --- read API ---------------------------------------------------------------------------

    /// The control-plane nodes, in order.
    pub fn control_plane(&self) -> Vec<ControlPlaneMemberView> {
        self.cp
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| ControlPlaneMemberView {
                name: m.name.clone(),
                up: m.up,
                etcd_up: m.etcd_up,
                etcd_leader: self.cp.etcd_leader == Some(i),
                leads: Elected::ALL
                    .iter()
                    .filter(|c| self.cp.elections[c.idx()].leader == Some(i))
                    .map(|c| c.lease_name())
                    .collect(),
            })
            .collect()
    }

    /// The leader-election leases of kube-scheduler and kube-controller-manager.
    pub fn leaders(&self) -> Vec<LeaderView> {
        let dur = self.api.timing().leader_lease_duration.ms;
        Elected::ALL
            .iter()
            .map(|&c| {
                let l = self.api.store().get::<Lease>(KUBE_SYSTEM, c.lease_name());
                let (holder, acq, renew) = l.map_or((String::new(), 0, 0), |l| {
                    (
                        l.spec.holder_identity.clone(),
                        l.spec.acquire_ms,
                        l.spec.renew_ms,
                    )
                });
                LeaderView {
                    component: c,
                    lease: format!("{KUBE_SYSTEM}/{}", c.lease_name()),
                    leader: self.cp.elections[c.idx()]
                        .leader
                        .map(|m| self.cp.members[m].name.clone()),
                    holder_identity: holder,
                    acquire_ms: acq,
                    renew_ms: renew,
                    expires_ms: renew + dur,
                }
            })
            .collect()
    }

    /// etcd members up, quorum and leader.
    pub fn etcd_quorum(&self) -> EtcdQuorumView {
        let cp = &self.cp;
        EtcdQuorumView {
            members_up: cp.etcd_up(),
            members: cp.members.len() as u32,
            needed: cp.needed(),
            has_quorum: cp.has_quorum(),
            leader: cp.etcd_leader.map(|m| cp.members[m].name.clone()),
            writable: cp.writable(),
            revision: self.api.store().revision(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::timing::{Profile, Timing};

    /// client-go's `NewLeaderElector` requires leaseDuration > renewDeadline >
    /// JitterFactor (1.2) × retryPeriod.
    #[test]
    fn leader_election_defaults_are_a_valid_client_go_configuration() {
        for p in [Profile::Real, Profile::Classroom] {
            let t = Timing::new(p);
            let (d, r, p) = (
                t.leader_lease_duration.ms,
                t.leader_renew_deadline.ms,
                t.leader_retry_period.ms,
            );
            assert_eq!((d, r, p), (15_000, 10_000, 2_000));
            assert!(d > r && r * 10 > 12 * p);
            assert_eq!(t.etcd_election_timeout.ms, 1_000);
        }
    }

    #[test]
    fn quorum_is_a_majority() {
        for (n, needed) in [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (7, 4)] {
            assert_eq!(super::ControlPlane::new(n).needed(), needed);
        }
        assert_eq!(super::ControlPlane::new(0).members.len(), 1);
        assert_eq!(super::ControlPlane::new(99).members.len(), 7);
    }
}
