//! The machines under the cluster and the kubelet on each: lease heartbeats, node status,
//! pod start stages (image pull, container creating, running, ready), crash restarts with
//! back-off, graceful termination, and what power and network faults do to all of that.
//!
//! The kubelet keeps its own view of its pods ([`LocalPod`]); the API shows only what it
//! managed to post. A node cut off the network keeps running its pods, but its posts and
//! heartbeats do not arrive, and it does not see new bindings or deletions until it is back.

use crate::api::events::{Actor, Component, EventKind};
use crate::api::index::Id;
use crate::api::objects::*;
use crate::engine::{Sim, Timer};
use crate::util::Millis;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LocalStage {
    PullingImage,
    ContainerCreating,
    Running,
    Ready,
    BackOff,
    /// An image pull failed; the next attempt waits for the image back-off.
    ImagePullBackOff,
    Stopping,
    Stopped,
}

/// One entry of client-go's `flowcontrol.Backoff`, as the kubelet keeps one per container
/// for restarts and one per image for pulls: the current window (0 = no entry) and when it
/// was last updated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Backoff {
    pub ms: Millis,
    pub updated_ms: Millis,
}

impl Backoff {
    /// Whether the entry still counts at `now`: an entry not updated for `reset` (2 x the
    /// cap, `hasExpired`) starts again.
    fn live(&self, now: Millis, reset: Millis) -> bool {
        self.ms > 0 && now.saturating_sub(self.updated_ms) <= reset
    }

    /// `Next`: a live window doubles up to `max`, otherwise the entry starts at `initial`;
    /// `at` is the update time.
    fn next(&mut self, live: bool, initial: Millis, max: Millis, at: Millis) {
        self.ms = if live {
            (self.ms * 2).min(max)
        } else {
            initial
        };
        self.updated_ms = at;
    }
}

/// The kubelet's own record of a pod it runs.
#[derive(Clone, Debug, Serialize)]
pub struct LocalPod {
    pub uid: String,
    pub stage: LocalStage,
    /// Timer generation: a timer carrying an older one is stale.
    pub gen_: u64,
    pub admitted_ms: Millis,
    pub started_ms: Option<Millis>,
    pub restart_count: u32,
    /// Container restart back-off entry.
    pub backoff: Backoff,
    /// Image pull back-off entry.
    pub pull_backoff: Backoff,
    /// When the last container exit happened and the restart (or next pull) is due.
    pub exit_ms: Millis,
    pub restart_at_ms: Millis,
    /// The last termination: exit code and reason (`Error`, `OOMKilled`).
    pub last_exit: Option<(i32, String)>,
    /// The last image pull failed at `exit_ms` (ErrImagePull, then ImagePullBackOff).
    pub pull_failed: bool,
    pub ip: String,
    /// Memory request (for the illustrative memory metric).
    pub mem_request: u64,
    /// The API has this pod's latest status.
    pub synced: bool,
    /// The API object this kubelet runs (its store id).
    #[serde(skip)]
    pub(crate) pod_id: Id,
}

/// A machine: power, network, and its kubelet's state.
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub powered: bool,
    pub connected: bool,
    pub index: u32,
    pub images: Vec<String>,
    pub pods: BTreeMap<String, LocalPod>,
    next_ip: u32,
    last_status_ms: Millis,
}

impl Machine {
    pub fn new(index: u32) -> Machine {
        Machine {
            powered: true,
            connected: true,
            index,
            images: Vec::new(),
            pods: BTreeMap::new(),
            next_ip: 2,
            last_status_ms: 0,
        }
    }
    /// Can the kubelet talk to the API server?
    pub fn online(&self) -> bool {
        self.powered && self.connected
    }
    fn alloc_ip(&mut self) -> String {
        let ip = format!("10.244.{}.{}", self.index % 256, self.next_ip);
        self.next_ip = if self.next_ip >= 254 {
            2
        } else {
            self.next_ip + 1
        };
        ip
    }
}

fn kubelet(node: &str) -> Actor {
    Actor::on(Component::Kubelet, node)
}

impl Sim {
    // --- node registration and heartbeats ---------------------------------------------------

    /// Registers a node as its kubelet would: node object with Ready=True, lease, heartbeats.
    pub(crate) fn register_node(&mut self, mut node: Node) -> Result<(), crate::api::ApiError> {
        let name = node.metadata.name.clone();
        let index = self.next_node_index;
        node.spec.pod_cidr = format!("10.244.{}.0/24", index % 256);
        node.status.conditions = vec![NodeCondition {
            type_: NodeConditionType::Ready,
            status: ConditionStatus::True,
            last_heartbeat_ms: self.api.now(),
            last_transition_ms: self.api.now(),
            reason: "KubeletReady".into(),
        }];
        self.api.create_node(node)?;
        self.next_node_index += 1;
        let mut m = Machine::new(index);
        m.last_status_ms = self.api.now();
        self.machines.insert(&name, m);
        self.renew_lease(&name);
        // Heartbeats spread over the interval (kubelets start at different times).
        let renew = self.api.timing().lease_renew.ms;
        let phase = self.api.rng().below(renew);
        let name = self.node_arc(&name);
        self.start_eviction_manager(&name);
        self.schedule_timer(self.api.now() + phase.max(1), Timer::Lease(name));
        Ok(())
    }

    fn renew_lease(&mut self, node: &str) {
        let existing = self
            .api
            .store()
            .get::<Lease>(NODE_LEASE_NAMESPACE, node)
            .cloned();
        match existing {
            Some(mut l) => {
                l.spec.renew_ms = self.api.now();
                self.api.update(l);
            }
            None => {
                let l = Lease {
                    metadata: ObjectMeta::named(node, NODE_LEASE_NAMESPACE),
                    spec: LeaseSpec {
                        holder_identity: node.to_string(),
                        lease_duration_seconds: (self.api.timing().lease_duration.ms / 1000) as u32,
                        acquire_ms: self.api.now(),
                        renew_ms: self.api.now(),
                    },
                };
                let _ = self.api.create(l);
            }
        }
        if self.api.config().lease_events {
            self.emit(
                kubelet(node),
                ObjectRef::new(Kind::Lease, NODE_LEASE_NAMESPACE, node),
                EventKind::LeaseRenewed,
            );
        }
    }

    /// Lease renewal timer: renews when the kubelet can reach the API server; posts node
    /// status at least every `nodeStatusReportFrequency`.
    pub(crate) fn kubelet_heartbeat(&mut self, node: &str) {
        let renew = self.api.timing().lease_renew.ms;
        let Some((online, last_status)) = self
            .machines
            .get(node)
            .map(|m| (m.online(), m.last_status_ms))
        else {
            return;
        };
        if online {
            self.renew_lease(node);
            let report = crate::config::defaults::NODE_STATUS_REPORT_FREQUENCY.value;
            if self.api.now().saturating_sub(last_status) >= report {
                self.post_node_status(node);
            }
        }
        let node = self.node_arc(node);
        self.schedule_timer(self.api.now() + renew, Timer::Lease(node));
    }

    /// The kubelet posts NodeStatus with Ready=True.
    pub(crate) fn post_node_status(&mut self, node: &str) {
        let Some(mut n) = self.api.store().node(node).cloned() else {
            return;
        };
        let now = self.api.now();
        let mut became_ready = false;
        match n
            .status
            .conditions
            .iter_mut()
            .find(|c| c.type_ == NodeConditionType::Ready)
        {
            Some(c) => {
                if c.status != ConditionStatus::True {
                    c.status = ConditionStatus::True;
                    c.last_transition_ms = now;
                    c.reason = "KubeletReady".into();
                    became_ready = true;
                }
                c.last_heartbeat_ms = now;
            }
            None => n.status.conditions.push(NodeCondition {
                type_: NodeConditionType::Ready,
                status: ConditionStatus::True,
                last_heartbeat_ms: now,
                last_transition_ms: now,
                reason: "KubeletReady".into(),
            }),
        }
        self.api.update_node(n);
        if let Some(m) = self.machines.get_mut(node) {
            m.last_status_ms = now;
        }
        if became_ready {
            self.emit(
                kubelet(node),
                ObjectRef::new(Kind::Node, "", node),
                EventKind::NodeStatusReady,
            );
        }
    }

    // --- pod sync ---------------------------------------------------------------------------

    pub(crate) fn run_kubelets(&mut self) -> bool {
        if self.dirty_kubelet.is_empty() {
            return false;
        }
        let mut work = std::mem::take(&mut self.dirty_kubelet);
        crate::util::sort_by_less(&mut work, |a, b| a < b);
        work.dedup();
        let work: Vec<(Arc<str>, Arc<str>)> = work;
        for (node, key) in work {
            self.kubelet_sync(&node, &key);
        }
        true
    }

    /// Reconciles one pod between the API and the kubelet's own view.
    fn kubelet_sync(&mut self, node: &str, key: &str) {
        let Some(m) = self.machines.get(node) else {
            return;
        };
        if !m.online() {
            return;
        }
        let api = self
            .api
            .store()
            .get_by_key::<Pod>(key)
            .filter(|p| p.node() == Some(node))
            .map(|p| (p.metadata.uid.clone(), p.is_terminating(), p.status.phase));
        let local = m.pods.get(key).map(|l| (l.uid.clone(), l.stage));
        match (api, local) {
            (None, Some(_)) => {
                // Gone from the API (or moved): stop and forget.
                self.drop_local_pod(node, key);
            }
            (Some((uid, terminating, phase)), None) => {
                if terminating {
                    // Never started here: nothing to stop, confirm at once.
                    self.api.remove_pod(key);
                } else if !matches!(phase, PodPhase::Succeeded | PodPhase::Failed) {
                    self.kubelet_admit(node, key, uid, 0);
                }
            }
            (Some((uid, terminating, _)), Some((luid, stage))) => {
                if uid != luid {
                    if let Some(m) = self.machines.get_mut(node) {
                        m.pods.remove(key);
                        self.load.stale = true;
                    }
                    self.kubelet_sync(node, key);
                } else if terminating
                    && !matches!(stage, LocalStage::Stopping | LocalStage::Stopped)
                {
                    self.kubelet_begin_stop(node, key);
                } else if stage == LocalStage::Stopped {
                    self.kubelet_confirm_stopped(node, key);
                }
            }
            (None, None) => {}
        }
    }

    fn bump(&mut self, node: &str, key: &str, stage: LocalStage, after: Millis) {
        let Some(l) = self.local_mut(node, key) else {
            return;
        };
        l.stage = stage;
        l.gen_ += 1;
        l.synced = false;
        let g = l.gen_;
        self.load.stale = true;
        let (node, key) = (self.node_arc(node), Arc::<str>::from(key));
        self.schedule_timer(self.api.now() + after, Timer::Kubelet(node, key, g));
    }

    /// Admits a pod: sandbox, then image pulls (serialized, as the kubelet's default
    /// `serializeImagePulls`), then container creation.
    fn kubelet_admit(&mut self, node: &str, key: &str, uid: String, restarts: u32) {
        let Some(pod_id) = self.api.store().id::<Pod>(key) else {
            return;
        };
        let Some(pod) = self.api.store().at::<Pod>(pod_id).cloned() else {
            return;
        };
        // Kubelet admission: a pod bound by hand to a node without room fails (OutOfcpu,
        // OutOfmemory, OutOfpods); the scheduler never binds such a pod.
        if let Err(message) = self.memory_pressure_admit(node, &pod) {
            let mut st = pod.status.clone();
            st.phase = PodPhase::Failed;
            st.stage = PodStage::Failed;
            st.reason = "Evicted".into();
            st.message = message;
            st.set_condition(
                PodConditionType::Ready,
                ConditionStatus::False,
                self.api.now(),
                "PodFailed",
            );
            self.api.update_pod_status(key, st);
            self.emit(
                kubelet(node),
                pod.reference(),
                EventKind::AdmissionRejected {
                    reason: "Evicted: the node has MemoryPressure".into(),
                },
            );
            return;
        }
        if let Some(n) = self.api.store().node(node) {
            // What is bound here and not finished (this pod included), as the kubelet's
            // `GeneralPredicates` admission counts it.
            let (mut pods, mut cpu, mut mem) = (0u32, 0u64, 0u64);
            for &slot in self.api.pod_slots_on_node(node) {
                if let Some(p) = self.api.store().at_slot::<Pod>(slot)
                    && !matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed)
                {
                    let (c, m) = p.spec.requests();
                    pods += 1;
                    cpu += c;
                    mem += m;
                }
            }
            let a = &n.status.allocatable;
            let reason = if pods > a.pods {
                Some("OutOfpods")
            } else if cpu > a.cpu.0 {
                Some("OutOfcpu")
            } else if mem > a.memory.0 {
                Some("OutOfmemory")
            } else {
                None
            };
            if let Some(reason) = reason {
                let mut st = pod.status.clone();
                st.phase = PodPhase::Failed;
                st.stage = PodStage::Failed;
                st.set_condition(
                    PodConditionType::Ready,
                    ConditionStatus::False,
                    self.api.now(),
                    reason,
                );
                self.api.update_pod_status(key, st);
                self.emit(
                    kubelet(node),
                    pod.reference(),
                    EventKind::AdmissionRejected {
                        reason: reason.into(),
                    },
                );
                return;
            }
        }
        let bad_image =
            self.container_fault(key) == Some(crate::node::faults::ContainerFault::ImagePull);
        let Some(m) = self.machines.get_mut(node) else {
            return;
        };
        let ip = m.alloc_ip();
        let missing: Vec<String> = {
            let mut v: Vec<String> = pod
                .spec
                .containers
                .iter()
                .map(|c| c.image.clone())
                .filter(|i| bad_image || !m.images.contains(i))
                .collect();
            v.dedup();
            v
        };
        m.pods.insert(
            key.to_string(),
            LocalPod {
                uid,
                stage: LocalStage::ContainerCreating,
                gen_: 0,
                admitted_ms: self.api.now(),
                started_ms: None,
                restart_count: restarts,
                backoff: Backoff::default(),
                pull_backoff: Backoff::default(),
                exit_ms: 0,
                restart_at_ms: 0,
                last_exit: None,
                pull_failed: false,
                ip,
                mem_request: pod.spec.requests().1,
                synced: false,
                pod_id,
            },
        );
        if missing.is_empty() {
            self.bump(
                node,
                key,
                LocalStage::ContainerCreating,
                self.api.timing().container_start.ms,
            );
        } else {
            let pull = self.api.timing().image_pull.ms * missing.len() as u64;
            self.bump(node, key, LocalStage::PullingImage, pull);
            self.emit(
                kubelet(node),
                pod.reference(),
                EventKind::Pulling {
                    image: missing.join(","),
                },
            );
        }
        self.post_pod_status(node, key);
    }

    /// A stage timer fired.
    pub(crate) fn kubelet_timer(&mut self, node: &str, key: &str, gen_: u64) {
        let Some(m) = self.machines.get(node) else {
            return;
        };
        if !m.powered {
            return;
        }
        let Some(l) = m.pods.get(key) else { return };
        if l.gen_ != gen_ {
            return;
        }
        let stage = l.stage;
        let admitted = l.admitted_ms;
        let Some((ns, name)) = key.split_once('/') else {
            return;
        };
        let pref = ObjectRef::new(Kind::Pod, ns, name);
        let pod = self.api.store().get_by_key::<Pod>(key).cloned();
        match stage {
            LocalStage::PullingImage
                if self.container_fault(key)
                    == Some(crate::node::faults::ContainerFault::ImagePull) =>
            {
                self.image_pull_failed(node, key, pod.as_ref());
            }
            LocalStage::ImagePullBackOff => {
                let due = self
                    .machines
                    .get(node)
                    .and_then(|m| m.pods.get(key))
                    .map_or(0, |l| l.restart_at_ms);
                if self.api.now() >= due {
                    let n = pod.as_ref().map_or(1, |p| p.spec.containers.len() as u64);
                    let pull = self.api.timing().image_pull.ms * n;
                    self.bump(node, key, LocalStage::PullingImage, pull);
                    let image = pod
                        .as_ref()
                        .map(|p| {
                            p.spec
                                .containers
                                .iter()
                                .map(|c| c.image.as_str())
                                .collect::<Vec<_>>()
                                .join(",")
                        })
                        .unwrap_or_default();
                    self.emit(kubelet(node), pref, EventKind::Pulling { image });
                } else {
                    self.bump(
                        node,
                        key,
                        LocalStage::ImagePullBackOff,
                        due - self.api.now(),
                    );
                }
            }
            LocalStage::PullingImage => {
                let images: Vec<String> = pod
                    .as_ref()
                    .map(|p| p.spec.containers.iter().map(|c| c.image.clone()).collect())
                    .unwrap_or_default();
                if let Some(m) = self.machines.get_mut(node) {
                    for i in &images {
                        if !m.images.contains(i) {
                            m.images.push(i.clone());
                        }
                    }
                }
                self.emit(
                    kubelet(node),
                    pref,
                    EventKind::Pulled {
                        image: images.join(","),
                        duration_ms: self.api.now() - admitted,
                    },
                );
                self.bump(
                    node,
                    key,
                    LocalStage::ContainerCreating,
                    self.api.timing().container_start.ms,
                );
            }
            LocalStage::BackOff => {
                // The pod worker syncs (PLEG saw the exit): restart now, or wait out the
                // back-off window (kuberuntime_manager.go doBackOff: "back-off ... restarting
                // failed container").
                let (due, exit) = self
                    .machines
                    .get(node)
                    .and_then(|m| m.pods.get(key))
                    .map_or((0, 0), |l| (l.restart_at_ms, l.exit_ms));
                if self.api.now() >= due {
                    if let Some(l) = self.local_mut(node, key) {
                        l.restart_count += 1;
                    }
                    self.bump(
                        node,
                        key,
                        LocalStage::ContainerCreating,
                        self.api.timing().container_start.ms,
                    );
                } else {
                    self.bump(node, key, LocalStage::BackOff, due - self.api.now());
                    self.emit(
                        kubelet(node),
                        pref,
                        EventKind::BackOff {
                            delay_ms: due - exit,
                        },
                    );
                }
            }
            LocalStage::ContainerCreating => {
                let now = self.api.now();
                if let Some(l) = self.local_mut(node, key) {
                    l.started_ms = Some(now);
                }
                let delay = pod
                    .as_ref()
                    .and_then(|p| {
                        p.spec
                            .containers
                            .iter()
                            .filter_map(|c| {
                                c.readiness_probe
                                    .map(|r| r.initial_delay_seconds as Millis * 1000)
                            })
                            .max()
                    })
                    .unwrap_or(0);
                self.emit(
                    kubelet(node),
                    pref.clone(),
                    EventKind::Started {
                        duration_ms: self.api.timing().container_start.ms,
                    },
                );
                self.schedule_fault_exit(node, key);
                if self.pinned_unready.contains(key) {
                    self.set_local_stage(node, key, LocalStage::Running);
                } else if delay == 0 {
                    self.set_local_stage(node, key, LocalStage::Ready);
                    self.emit(kubelet(node), pref, EventKind::PodReady);
                } else {
                    self.bump(node, key, LocalStage::Running, delay);
                }
            }
            LocalStage::Running => {
                self.set_local_stage(node, key, LocalStage::Ready);
                self.emit(kubelet(node), pref, EventKind::PodReady);
            }
            LocalStage::Stopping => {
                self.set_local_stage(node, key, LocalStage::Stopped);
                self.forget_local_metrics(node, key);
                self.kubelet_confirm_stopped(node, key);
                return;
            }
            LocalStage::Ready | LocalStage::Stopped => {}
        }
        self.post_pod_status(node, key);
    }

    fn set_local_stage(&mut self, node: &str, key: &str, stage: LocalStage) {
        if let Some(l) = self.local_mut(node, key) {
            l.stage = stage;
            l.gen_ += 1;
            l.synced = false;
        }
    }

    /// SIGTERM: the app exits after its shutdown time, or is killed at the grace period.
    fn kubelet_begin_stop(&mut self, node: &str, key: &str) {
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        let grace = pod
            .metadata
            .deletion_grace_ms
            .unwrap_or(self.api.timing().termination_grace.ms);
        let pref = pod.reference();
        let running = self
            .machines
            .get(node)
            .and_then(|m| m.pods.get(key))
            .is_some_and(|l| matches!(l.stage, LocalStage::Running | LocalStage::Ready));
        let after = if running {
            self.api.timing().app_shutdown.ms.min(grace)
        } else {
            0
        };
        self.emit(kubelet(node), pref, EventKind::Killing { grace_ms: grace });
        self.bump(node, key, LocalStage::Stopping, after);
        self.post_pod_status(node, key);
    }

    /// Containers stopped: the kubelet completes the deletion (grace 0) if it can reach the
    /// API server; otherwise it will on reconnect.
    fn kubelet_confirm_stopped(&mut self, node: &str, key: &str) {
        let online = self.machines.get(node).is_some_and(|m| m.online());
        if !online {
            return;
        }
        if let Some(m) = self.machines.get_mut(node) {
            m.pods.remove(key);
            self.load.stale = true;
        }
        if let Some(p) = self.api.store().get_by_key::<Pod>(key) {
            let pref = p.reference();
            self.emit(kubelet(node), pref, EventKind::PodStopped);
        }
        self.api.remove_pod(key);
    }

    /// Projects the kubelet's view of a pod into its API status and posts it (if reachable).
    pub(crate) fn post_pod_status(&mut self, node: &str, key: &str) {
        let Some(m) = self.machines.get(node) else {
            return;
        };
        let online = m.online();
        let Some(l) = m.pods.get(key).cloned() else {
            return;
        };
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        if !online {
            if let Some(l) = self.local_mut(node, key) {
                l.synced = false;
            }
            return;
        }
        let now = self.api.now();
        let mut st = pod.status.clone();
        let terminating = pod.is_terminating();
        let (stage, phase, ready, waiting) = match l.stage {
            LocalStage::PullingImage => (
                PodStage::PullingImage,
                PodPhase::Pending,
                false,
                Some("ContainerCreating"),
            ),
            LocalStage::ContainerCreating if l.started_ms.is_none() => (
                PodStage::ContainerCreating,
                PodPhase::Pending,
                false,
                Some("ContainerCreating"),
            ),
            LocalStage::ContainerCreating => (
                PodStage::ContainerCreating,
                PodPhase::Running,
                false,
                Some("ContainerCreating"),
            ),
            LocalStage::Running => (PodStage::Running, PodPhase::Running, false, None),
            LocalStage::Ready => (PodStage::Ready, PodPhase::Running, true, None),
            // Until the pod worker syncs (one PLEG relist) the status shows the terminated
            // container; then Waiting/CrashLoopBackOff.
            LocalStage::BackOff => (
                PodStage::CrashLoopBackOff,
                PodPhase::Running,
                false,
                if now < l.exit_ms + self.api.timing().pleg_relist.ms {
                    None
                } else {
                    Some("CrashLoopBackOff")
                },
            ),
            LocalStage::ImagePullBackOff => (
                PodStage::PullingImage,
                PodPhase::Pending,
                false,
                Some(if now < l.exit_ms + self.api.timing().pleg_relist.ms {
                    "ErrImagePull"
                } else {
                    "ImagePullBackOff"
                }),
            ),
            LocalStage::Stopping | LocalStage::Stopped => {
                (PodStage::Terminating, st.phase, false, None)
            }
        };
        st.stage = if terminating {
            PodStage::Terminating
        } else {
            stage
        };
        st.phase = phase;
        st.start_ms.get_or_insert(l.admitted_ms);
        st.pod_ip = Some(l.ip.clone());
        let ready = ready && !terminating;
        st.set_condition(
            PodConditionType::Initialized,
            ConditionStatus::True,
            now,
            "",
        );
        let cs = if ready {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        };
        let reason = if ready { "" } else { "ContainersNotReady" };
        st.set_condition(PodConditionType::ContainersReady, cs, now, reason);
        st.set_condition(PodConditionType::Ready, cs, now, reason);
        st.container_statuses =
            pod.spec
                .containers
                .iter()
                .map(|c| ContainerStatus {
                    name: c.name.clone(),
                    ready,
                    restart_count: l.restart_count,
                    last_state: l.last_exit.as_ref().map(|(code, reason)| {
                        ContainerState::Terminated {
                            exit_code: *code,
                            reason: reason.clone(),
                        }
                    }),
                    state: match (waiting, l.stage) {
                        (Some(r), _) => ContainerState::Waiting { reason: r.into() },
                        (None, LocalStage::BackOff) => {
                            let (exit_code, reason) =
                                l.last_exit.clone().unwrap_or((1, "Error".into()));
                            ContainerState::Terminated { exit_code, reason }
                        }
                        (None, LocalStage::Stopped) => ContainerState::Terminated {
                            exit_code: 0,
                            reason: "Completed".into(),
                        },
                        _ => ContainerState::Running {
                            started_ms: l.started_ms.unwrap_or(now),
                        },
                    },
                })
                .collect();
        self.api.update_pod_status(key, st);
        if let Some(l) = self.local_mut(node, key) {
            l.synced = true;
        }
    }

    // --- faults -----------------------------------------------------------------------------

    /// A container exits with an error; restartPolicy decides what follows.
    pub(crate) fn crash_pod(&mut self, key: &str) -> Result<(), String> {
        let pod = self
            .api
            .store()
            .get_by_key::<Pod>(key)
            .ok_or_else(|| format!("pod {key} not found"))?;
        let node = pod
            .node()
            .ok_or_else(|| format!("pod {key} is not running on any node"))?
            .to_string();
        let pref = pod.reference();
        let policy = pod.spec.restart_policy;
        let m = self.machines.get(&node).ok_or("no such machine")?;
        if !m.powered {
            return Err(format!("node {node} is powered off"));
        }
        let l = m
            .pods
            .get(key)
            .ok_or_else(|| format!("pod {key} has no running containers"))?;
        if !matches!(l.stage, LocalStage::Running | LocalStage::Ready) {
            return Err(format!("pod {key} has no running containers"));
        }
        self.emit(
            Actor::new(Component::User),
            pref.clone(),
            EventKind::CrashInjected,
        );
        self.container_exit(&node, key, 1, "Error", policy);
        Ok(())
    }

    /// The kubelet's record of pod `key` on `node`.
    fn local_mut(&mut self, node: &str, key: &str) -> Option<&mut LocalPod> {
        self.machines
            .get_mut(node)
            .and_then(|m| m.pods.get_mut(key))
    }

    /// The back-off's initial window, cap and reset, and the PLEG relist period.
    fn backoff_timing(&self) -> (Millis, Millis, Millis, Millis) {
        (
            self.api.timing().crash_backoff_initial.ms,
            self.api.timing().crash_backoff_max.ms,
            self.api.timing().crash_backoff_reset.ms,
            self.api.timing().pleg_relist.ms,
        )
    }

    /// A container exited (crash, OOM kill). The exit reaches the pod worker at the next PLEG
    /// relist; then the kubelet restarts it at once or, while the restart back-off entry is
    /// live, when the window since the exit has passed (client-go flowcontrol.Backoff as the
    /// kubelet uses it: the first restart is immediate, then 10 s, 20 s, ... capped at 5 min;
    /// an entry not updated for 2 x the cap, 10 min, starts again).
    pub(crate) fn container_exit(
        &mut self,
        node: &str,
        key: &str,
        exit_code: i32,
        reason: &str,
        policy: RestartPolicy,
    ) {
        let Some(pref) = self
            .api
            .store()
            .get_by_key::<Pod>(key)
            .map(|p| p.reference())
        else {
            return;
        };
        let now = self.api.now();
        let (initial, max, reset, pleg) = self.backoff_timing();
        let Some(l) = self.local_mut(node, key) else {
            return;
        };
        let live = l.backoff.live(now, reset);
        let sync = now + pleg;
        let restart_at = if live {
            (now + l.backoff.ms).max(sync)
        } else {
            sync
        };
        // Next() runs when the kubelet restarts the container.
        l.backoff.next(live, initial, max, restart_at);
        l.restart_at_ms = restart_at;
        l.exit_ms = now;
        l.last_exit = Some((exit_code, reason.to_string()));
        let restarts = l.restart_count;
        self.emit(
            kubelet(node),
            pref.clone(),
            EventKind::ContainerDied {
                exit_code,
                restart_count: restarts,
            },
        );
        self.forget_local_metrics(node, key);
        if policy == RestartPolicy::Never {
            if let Some(m) = self.machines.get_mut(node) {
                m.pods.remove(key);
                self.load.stale = true;
            }
            if let Some(p) = self.api.store().get_by_key::<Pod>(key) {
                let mut st = p.status.clone();
                st.phase = PodPhase::Failed;
                st.stage = PodStage::Failed;
                st.set_condition(
                    PodConditionType::Ready,
                    ConditionStatus::False,
                    now,
                    "PodFailed",
                );
                self.api.update_pod_status(key, st);
            }
            return;
        }
        self.bump(node, key, LocalStage::BackOff, pleg);
        self.post_pod_status(node, key);
    }

    /// An image pull failed: ErrImagePull now, ImagePullBackOff from the next sync, and the
    /// next attempt after the image back-off (kubelet images/image_manager.go: `Next` on
    /// failure, `IsInBackOffSinceUpdate` before pulling; same 10 s doubling to 5 min).
    pub(crate) fn image_pull_failed(&mut self, node: &str, key: &str, pod: Option<&Pod>) {
        let Some(pod) = pod else { return };
        let pref = pod.reference();
        let image = pod
            .spec
            .containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let now = self.api.now();
        let (initial, max, reset, pleg) = self.backoff_timing();
        let Some(l) = self.local_mut(node, key) else {
            return;
        };
        let live = l.pull_backoff.live(now, reset);
        l.pull_backoff.next(live, initial, max, now);
        l.exit_ms = now;
        l.restart_at_ms = now + l.pull_backoff.ms;
        l.pull_failed = true;
        let delay = l.pull_backoff.ms;
        self.emit(
            kubelet(node),
            pref,
            EventKind::ErrImagePull {
                image,
                delay_ms: delay,
            },
        );
        // Repost at the next sync (ImagePullBackOff), then wait out the window.
        self.bump(node, key, LocalStage::ImagePullBackOff, pleg.min(delay));
    }

    pub(crate) fn power_off(&mut self, node: &str) {
        self.load.stale = true;
        let pods = match self.machines.get_mut(node) {
            Some(m) => {
                m.powered = false;
                std::mem::take(&mut m.pods)
            }
            None => return,
        };
        for (k, l) in pods {
            self.metrics.forget(l.pod_id, &k);
        }
        self.emit(
            Actor::new(Component::Infrastructure),
            ObjectRef::new(Kind::Node, "", node),
            EventKind::PoweredOff,
        );
    }

    pub(crate) fn power_on(&mut self, node: &str) {
        self.load.stale = true;
        match self.machines.get_mut(node) {
            Some(m) if !m.powered => m.powered = true,
            _ => return,
        }
        self.emit(
            Actor::new(Component::Infrastructure),
            ObjectRef::new(Kind::Node, "", node),
            EventKind::PoweredOn,
        );
        self.kubelet_start(node, true);
    }

    pub(crate) fn cut_network(&mut self, node: &str) {
        self.load.stale = true;
        match self.machines.get_mut(node) {
            Some(m) if m.connected => m.connected = false,
            _ => return,
        }
        self.emit(
            Actor::new(Component::Infrastructure),
            ObjectRef::new(Kind::Node, "", node),
            EventKind::NetworkCut,
        );
    }

    pub(crate) fn restore_network(&mut self, node: &str) {
        self.load.stale = true;
        match self.machines.get_mut(node) {
            Some(m) if !m.connected => m.connected = true,
            _ => return,
        }
        self.emit(
            Actor::new(Component::Infrastructure),
            ObjectRef::new(Kind::Node, "", node),
            EventKind::NetworkRestored,
        );
        self.kubelet_start(node, false);
    }

    /// The kubelet (re)connects: status, lease, then a full resync of its pods. After a
    /// reboot the containers of surviving pods start again.
    fn kubelet_start(&mut self, node: &str, rebooted: bool) {
        if !self.machines.get(node).is_some_and(|m| m.online()) {
            return;
        }
        self.post_node_status(node);
        self.renew_lease(node);
        let bound = self.pods_on_node(node);
        let local: Vec<String> = self
            .machines
            .get(node)
            .map(|m| m.pods.keys().cloned().collect())
            .unwrap_or_default();
        for key in &bound {
            if rebooted
                && let Some(p) = self.api.store().get_by_key::<Pod>(key)
                && !p.is_terminating()
                && !matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed)
            {
                let (uid, restarts) = (p.metadata.uid.clone(), p.status.restart_count() + 1);
                self.kubelet_admit(node, key, uid, restarts);
                continue;
            }
            // The status manager re-posts whatever differs from the API (the node
            // controller may have marked the pods not ready meanwhile), then reconcile.
            self.post_pod_status(node, key);
            self.kubelet_sync(node, key);
        }
        for key in local {
            if !bound.iter().any(|b| **b == *key) {
                self.kubelet_sync(node, &key);
            }
        }
    }

    /// Pods the kubelet is actually running and able to serve: containers up and Ready
    /// locally, on a powered, connected machine.
    pub(crate) fn can_serve(&self, node: &str, key: &str) -> bool {
        self.machines.get(node).is_some_and(|m| {
            m.powered
                && m.connected
                && m.pods
                    .get(key)
                    .is_some_and(|l| l.stage == LocalStage::Ready)
        })
    }

    /// Is a container of this pod running (for CPU usage)?
    pub(crate) fn is_running_locally(&self, node: &str, key: &str) -> bool {
        self.machines.get(node).is_some_and(|m| {
            m.powered
                && m.pods.get(key).is_some_and(|l| {
                    matches!(
                        l.stage,
                        LocalStage::Running | LocalStage::Ready | LocalStage::Stopping
                    )
                })
        })
    }

    pub fn machine(&self, node: &str) -> Option<&Machine> {
        self.machines.get(node)
    }

    /// The shared name of a node (one allocation per node, reused by timers and queues).
    pub(crate) fn node_arc(&self, node: &str) -> Arc<str> {
        self.machines
            .key_arc(node)
            .cloned()
            .unwrap_or_else(|| Arc::from(node))
    }

    /// The kubelet stops tracking a pod it ran (gone from the API, or moved).
    fn drop_local_pod(&mut self, node: &str, key: &str) {
        if let Some(m) = self.machines.get_mut(node)
            && let Some(l) = m.pods.remove(key)
        {
            self.load.stale = true;
            self.metrics.forget(l.pod_id, key);
        }
    }

    /// metrics-server loses the samples of a pod whose containers stopped.
    fn forget_local_metrics(&mut self, node: &str, key: &str) {
        if let Some(id) = self
            .machines
            .get(node)
            .and_then(|m| m.pods.get(key))
            .map(|l| l.pod_id)
        {
            self.metrics.forget(id, key);
        }
    }
}
