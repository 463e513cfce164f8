//! Events: every change the engine makes, with the actor, the object and the figures that
//! decided it. Kinds are structured data (the app localizes them); [`Event::describe`] renders
//! English for the runner and tests.

use crate::api::objects::{ConditionStatus, ObjectRef, Taint};
use crate::util::{Millis, fmt_cpu, fmt_duration, fmt_memory};
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Component {
    ApiServer,
    Scheduler,
    Kubelet,
    KubeProxy,
    ReplicaSetController,
    DeploymentController,
    NodeLifecycleController,
    TaintEvictionController,
    EndpointsController,
    HpaController,
    MetricsServer,
    /// Someone acting on the cluster (a scenario action or the console).
    User,
    /// The machines and network under the cluster (power, cables).
    Infrastructure,
    /// The traffic generator outside the cluster.
    Load,
    /// kube-controller-manager as a whole (its leader election).
    ControllerManager,
    /// cloud-controller-manager (its leader election).
    CloudControllerManager,
    /// An etcd member.
    Etcd,
    /// cluster-autoscaler (kubernetes/autoscaler), resizing the node group.
    ClusterAutoscaler,
    /// vpa-recommender (`vpa.rs`).
    VpaRecommender,
    /// vpa-updater.
    VpaUpdater,
    /// vpa-admission-controller (a mutating webhook called by kube-apiserver).
    VpaAdmissionController,
}

/// Who did it: a component and, for per-node agents, the node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub component: Component,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub instance: String,
}

impl Actor {
    pub fn new(component: Component) -> Actor {
        Actor {
            component,
            instance: String::new(),
        }
    }
    pub fn on(component: Component, node: &str) -> Actor {
        Actor {
            component,
            instance: node.to_string(),
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let name = match self.component {
            Component::ApiServer => "kube-apiserver",
            Component::Scheduler => "kube-scheduler",
            Component::Kubelet => "kubelet",
            Component::KubeProxy => "kube-proxy",
            Component::ReplicaSetController => "controller-manager/replicaset",
            Component::DeploymentController => "controller-manager/deployment",
            Component::NodeLifecycleController => "controller-manager/node-lifecycle",
            Component::TaintEvictionController => "controller-manager/taint-eviction",
            Component::EndpointsController => "controller-manager/endpoints",
            Component::HpaController => "controller-manager/horizontal-pod-autoscaler",
            Component::MetricsServer => "metrics-server",
            Component::User => "user",
            Component::Infrastructure => "infrastructure",
            Component::Load => "load",
            Component::ControllerManager => "kube-controller-manager",
            Component::CloudControllerManager => "cloud-controller-manager",
            Component::Etcd => "etcd",
            Component::ClusterAutoscaler => "cluster-autoscaler",
            Component::VpaRecommender => "vpa-recommender",
            Component::VpaUpdater => "vpa-updater",
            Component::VpaAdmissionController => "vpa-admission-controller",
        };
        if self.instance.is_empty() {
            f.write_str(name)
        } else {
            write!(f, "{name}@{}", self.instance)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u32,
}

/// What happened, with the numbers behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum EventKind {
    // --- kube-apiserver -------------------------------------------------------------------
    Created {
        revision: u64,
    },
    Deleted {
        revision: u64,
    },
    // --- kube-scheduler -------------------------------------------------------------------
    Scheduled {
        node: String,
        score: i64,
        max_score: i64,
        feasible: u32,
        evaluated: u32,
        nodes: u32,
        decision: u64,
    },
    FailedScheduling {
        nodes: u32,
        reasons: Vec<ReasonCount>,
        decision: u64,
    },
    // --- kubelet --------------------------------------------------------------------------
    /// Kubelet admission refused the pod (no room on the node).
    AdmissionRejected {
        reason: String,
    },
    Pulling {
        image: String,
    },
    Pulled {
        image: String,
        duration_ms: Millis,
    },
    Started {
        duration_ms: Millis,
    },
    PodReady,
    ContainerDied {
        exit_code: i32,
        restart_count: u32,
    },
    BackOff {
        delay_ms: Millis,
    },
    Killing {
        grace_ms: Millis,
    },
    PodStopped,
    LeaseRenewed,
    NodeStatusReady,
    // --- node lifecycle / taint eviction --------------------------------------------------
    NodeReadyChanged {
        from: ConditionStatus,
        to: ConditionStatus,
        since_heartbeat_ms: Millis,
    },
    PodNotReady {
        reason: String,
    },
    Tainted {
        taint: Taint,
        since_heartbeat_ms: Option<Millis>,
    },
    Untainted {
        taint: Taint,
    },
    EvictionScheduled {
        taint: Taint,
        after_ms: Millis,
    },
    EvictionCancelled,
    TaintEvicted {
        taint: Taint,
        toleration_seconds: Option<u64>,
    },
    // --- workload controllers -------------------------------------------------------------
    SuccessfulCreate {
        pod: String,
    },
    SuccessfulDelete {
        pod: String,
    },
    ScalingReplicaSet {
        replicaset: String,
        from: u32,
        to: u32,
    },
    EndpointsUpdated {
        ready: u32,
        not_ready: u32,
    },
    // --- HPA ------------------------------------------------------------------------------
    HpaRescale {
        from: u32,
        to: u32,
        utilization: Option<u32>,
        target: u32,
        reason: String,
        computation: u64,
    },
    HpaFailed {
        reason: String,
        computation: u64,
    },
    // --- faults and user actions ----------------------------------------------------------
    PoweredOff,
    PoweredOn,
    NetworkCut,
    NetworkRestored,
    Cordoned,
    Uncordoned,
    Drained {
        pods: u32,
    },
    Evicted,
    CrashInjected,
    /// `rollout restart`: the template's restartedAt annotation changed.
    RolloutRestarted,
    /// `set resources`: a container's requests/limits in the template changed.
    ResourcesSet {
        container: String,
        requests: String,
        limits: String,
    },
    /// A container fault set or cleared by command (`fault ...`).
    FaultSet {
        fault: String,
        target: String,
    },
    FaultCleared {
        target: String,
    },
    /// The kernel OOM killer stopped a container whose usage reached its memory limit.
    OomKilled {
        usage_bytes: u64,
        limit_bytes: u64,
    },
    /// An image pull failed (ErrImagePull); the next attempt waits `delay_ms`.
    ErrImagePull {
        image: String,
        delay_ms: Millis,
    },
    Scaled {
        from: u32,
        to: u32,
    },
    ImageSet {
        container: String,
        image: String,
    },
    LoadSet {
        pattern: String,
    },
    CommandRejected {
        command: String,
        error: String,
    },
    // --- node-pressure eviction (eviction.rs) ---------------------------------------------
    /// The eviction manager saw memory.available below the hard threshold: MemoryPressure=True.
    NodeHasInsufficientMemory {
        available_bytes: u64,
        threshold_bytes: u64,
    },
    /// The threshold has not been met for the pressure transition period: MemoryPressure=False.
    NodeHasSufficientMemory {
        available_bytes: u64,
        since_pressure_ms: Millis,
        transition_period_ms: Millis,
    },
    /// The kubelet evicted a pod to reclaim memory: phase Failed, reason Evicted. The figures
    /// are the ranking's: usage above requests first, then priority, then usage - request.
    PressureEvicted {
        available_bytes: u64,
        threshold_bytes: u64,
        usage_bytes: u64,
        request_bytes: u64,
        priority: i32,
        grace_ms: Millis,
    },
    /// PodGC deleted the oldest terminated pod: `terminated` were kept, above `threshold`.
    PodGarbageCollected {
        terminated: u32,
        threshold: u32,
    },
    // --- rollout history and deletion (rollout.rs, delete.rs) -----------------------------
    /// `rollout undo`: the template of revision `to_revision` became the Deployment's
    /// template again; its ReplicaSet gets the new revision `new_revision`.
    RolledBack {
        to_revision: u64,
        new_revision: u64,
    },
    /// The garbage collector deleted a dependent whose owner is gone (background
    /// propagation); `owner` is `Kind/name`.
    GarbageCollected {
        owner: String,
    },
    /// A Service was deleted while load was sent to it: the load generator's requests now
    /// fail (no Service to resolve) and the load is dropped.
    LoadDropped {
        service: String,
    },
    // --- the simulation's own settings (the `profile` and `seed` verbs) -------------------
    /// `profile`: timers set from now on use `to`'s values; timers already set keep their
    /// times. The object is the simulator (`kube-system/kubelab-sim`, not an API object).
    ProfileSet {
        from: crate::config::timing::Profile,
        to: crate::config::timing::Profile,
    },
    /// `seed`: the random stream restarts from `seed` (same object as `ProfileSet`).
    Reseeded {
        seed: u64,
    },
    // --- control plane (controlplane.rs) --------------------------------------------------
    /// A control-plane node went down (apiserver, etcd member, scheduler, controller-manager).
    ControlPlaneNodeDown,
    ControlPlaneNodeUp,
    /// An etcd member stopped or started; `members_up` of `members` after the change.
    EtcdMemberDown {
        members_up: u32,
        members: u32,
    },
    EtcdMemberUp {
        members_up: u32,
        members: u32,
    },
    /// Fewer than `needed` members are up: no leader, every write fails.
    EtcdQuorumLost {
        members_up: u32,
        members: u32,
        needed: u32,
    },
    EtcdQuorumRestored {
        members_up: u32,
        members: u32,
    },
    /// A member became Raft leader after `election_timeout_ms` without one.
    EtcdLeaderElected {
        member: String,
        members_up: u32,
        members: u32,
        election_timeout_ms: Millis,
    },
    /// A candidate took a leader-election lease. `previous` is the holder in the lease record
    /// (empty when none); `since_renew_ms` is how long it had gone unrenewed.
    LeaderAcquired {
        holder: String,
        previous: String,
        since_renew_ms: Millis,
        lease_duration_ms: Millis,
    },
    /// The leader renewed its lease (only with `lease_events`).
    LeaderRenewed {
        holder: String,
    },
    // --- Vertical Pod Autoscaler (vpa.rs) ------------------------------------------------
    /// The recommender's target for one container changed. CPU in millicores, memory in
    /// bytes; `history_ms` is the span of CPU samples and `samples` their count (the
    /// confidence behind the bounds).
    VpaRecommendation {
        container: String,
        target_cpu_m: u64,
        target_memory_bytes: u64,
        lower_cpu_m: u64,
        lower_memory_bytes: u64,
        upper_cpu_m: u64,
        upper_memory_bytes: u64,
        samples: u64,
        history_ms: Millis,
    },
    /// vpa-updater evicted a pod so that its replacement gets the recommendation
    /// (`outside_range`: a request was outside [lowerBound, upperBound]; otherwise the pod
    /// lived past podLifetimeUpdateThreshold and differed by at least the update threshold).
    VpaEvicted {
        vpa: String,
        request_cpu_m: u64,
        request_memory_bytes: u64,
        target_cpu_m: u64,
        target_memory_bytes: u64,
        outside_range: bool,
    },
    /// The admission controller wrote the recommendation into a new pod's container.
    VpaRequestsSet {
        vpa: String,
        container: String,
        cpu_m: u64,
        memory_bytes: u64,
        from_cpu_m: u64,
        from_memory_bytes: u64,
    },
    /// The leader could not renew within renewDeadline and stopped leading.
    LeaderLost {
        holder: String,
        since_renew_ms: Millis,
        renew_deadline_ms: Millis,
    },
    // --- cluster-autoscaler (clusterautoscaler.rs) -----------------------------------------
    /// `autoscaler nodes`: the node group's bounds set; `size` is its size then.
    NodeGroupConfigured {
        min: u32,
        max: u32,
        size: u32,
    },
    /// `autoscaler off`.
    NodeGroupDisabled,
    /// `pods` unschedulable pods made the group grow by `nodes` (first-fit bin packing onto
    /// template nodes), from `from` to `to` nodes (max `max`).
    TriggeredScaleUp {
        pods: u32,
        nodes: u32,
        from: u32,
        to: u32,
        max: u32,
    },
    /// The scale-up `pods` needed (`wanted` nodes) was cut to the group's max.
    ScaleUpCapped {
        pods: u32,
        wanted: u32,
        max: u32,
    },
    /// `pods` unschedulable pods would not fit even on an empty node of the group's shape.
    NotTriggerScaleUp {
        pods: u32,
    },
    /// A requested node did not come up within max-node-provision-time.
    ScaleUpTimedOut {
        after_ms: Millis,
    },
    /// A node's requests are below the threshold and its pods fit elsewhere.
    NodeNotNeeded {
        utilization_permille: u32,
        threshold_permille: u32,
    },
    /// The autoscaler removes a node unneeded for `unneeded_ms`, evicting its `pods`.
    ScaleDown {
        utilization_permille: u32,
        pods: u32,
        unneeded_ms: Millis,
    },
    /// A node is being removed: cordoned, its `pods` evicted; the Node object goes once they
    /// are gone (or after `deadline_ms`).
    NodeRemoving {
        pods: u32,
        deadline_ms: Millis,
    },
}

/// One event in the log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub id: u64,
    pub time_ms: Millis,
    pub actor: Actor,
    pub object: ObjectRef,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// One English sentence, for the runner and tests (the app localizes from the fields).
    pub fn describe(&self) -> String {
        let o = &self.object.name;
        use EventKind::*;
        let what = match &self.kind {
            Created { revision } => {
                format!("created {:?} {o} (revision {revision})", self.object.kind)
            }
            Deleted { revision } => {
                format!("deleted {:?} {o} (revision {revision})", self.object.kind)
            }
            Scheduled {
                node,
                score,
                max_score,
                feasible,
                evaluated,
                nodes,
                ..
            } => format!(
                "bound {o} to {node}, score {score} of {max_score} ({feasible} feasible of {evaluated} evaluated, {nodes} nodes)"
            ),
            FailedScheduling { nodes, reasons, .. } => {
                let r: Vec<String> = reasons
                    .iter()
                    .map(|r| format!("{} {}", r.count, r.reason))
                    .collect();
                format!(
                    "could not place {o}: 0/{nodes} nodes are available: {}",
                    r.join(", ")
                )
            }
            AdmissionRejected { reason } => format!("rejected {o} at admission: {reason}"),
            Pulling { image } => format!("pulling image {image} for {o}"),
            Pulled { image, duration_ms } => {
                format!("pulled {image} for {o} in {}", fmt_duration(*duration_ms))
            }
            Started { duration_ms } => format!(
                "started containers of {o} in {}",
                fmt_duration(*duration_ms)
            ),
            PodReady => format!("{o} is Ready"),
            ContainerDied {
                exit_code,
                restart_count,
            } => {
                format!(
                    "container of {o} exited with code {exit_code} (restarts so far {restart_count})"
                )
            }
            BackOff { delay_ms } => format!(
                "back-off {} restarting failed container of {o}",
                fmt_duration(*delay_ms)
            ),
            Killing { grace_ms } => {
                format!("stopping {o} (grace period {})", fmt_duration(*grace_ms))
            }
            PodStopped => format!("containers of {o} stopped; deletion confirmed"),
            LeaseRenewed => format!("renewed lease {o}"),
            NodeStatusReady => format!("posted node status of {o}: Ready"),
            NodeReadyChanged {
                from,
                to,
                since_heartbeat_ms,
            } => format!(
                "node {o} Ready {from:?} -> {to:?}, no heartbeat for {}",
                fmt_duration(*since_heartbeat_ms)
            ),
            PodNotReady { reason } => format!("marked {o} not ready ({reason})"),
            Tainted {
                taint,
                since_heartbeat_ms,
            } => match since_heartbeat_ms {
                Some(ms) => format!(
                    "tainted {o} {taint}, no heartbeat for {}",
                    fmt_duration(*ms)
                ),
                None => format!("tainted {o} {taint}"),
            },
            Untainted { taint } => format!("removed taint {taint} from {o}"),
            EvictionScheduled { taint, after_ms } => {
                format!(
                    "{o} will be evicted in {} unless {taint} goes away",
                    fmt_duration(*after_ms)
                )
            }
            EvictionCancelled => format!("eviction of {o} cancelled"),
            TaintEvicted {
                taint,
                toleration_seconds,
            } => match toleration_seconds {
                Some(s) => format!("evicted {o}: {taint} tolerated for {s}s only"),
                None => format!("evicted {o}: {taint} not tolerated"),
            },
            SuccessfulCreate { pod } => format!("{o} created pod {pod}"),
            SuccessfulDelete { pod } => format!("{o} deleted pod {pod}"),
            ScalingReplicaSet {
                replicaset,
                from,
                to,
            } => {
                format!("{o} scaled replica set {replicaset} from {from} to {to}")
            }
            EndpointsUpdated { ready, not_ready } => {
                format!("endpoints {o}: {ready} ready, {not_ready} not ready")
            }
            HpaRescale {
                from,
                to,
                utilization,
                target,
                reason,
                ..
            } => match utilization {
                Some(u) => {
                    format!("{o} rescaled {from} -> {to}: cpu {u}% vs target {target}% ({reason})")
                }
                None => format!("{o} rescaled {from} -> {to} ({reason})"),
            },
            HpaFailed { reason, .. } => format!("{o} could not compute replicas: {reason}"),
            PoweredOff => format!("node {o} powered off"),
            PoweredOn => format!("node {o} powered on"),
            NetworkCut => format!("node {o} cut off the network"),
            NetworkRestored => format!("node {o} network restored"),
            Cordoned => format!("node {o} cordoned"),
            Uncordoned => format!("node {o} uncordoned"),
            Drained { pods } => format!("draining {o}: evicting {pods} pods"),
            Evicted => format!("evicted {o}"),
            CrashInjected => format!("crashed a container of {o}"),
            RolloutRestarted => format!("restarted the rollout of {o}"),
            ResourcesSet {
                container,
                requests,
                limits,
            } => format!(
                "set resources of {o} container {container}: requests {requests}, limits {limits}"
            ),
            FaultSet { fault, target } => format!("fault {fault} set on {target}"),
            FaultCleared { target } => format!("faults cleared on {target}"),
            OomKilled {
                usage_bytes,
                limit_bytes,
            } => format!(
                "container of {o} OOMKilled: usage {} reached limit {}",
                crate::util::fmt_memory(*usage_bytes),
                crate::util::fmt_memory(*limit_bytes)
            ),
            ErrImagePull { image, delay_ms } => format!(
                "failed to pull image {image} for {o}: ErrImagePull; back-off {}",
                fmt_duration(*delay_ms)
            ),
            Scaled { from, to } => format!("scaled {o} from {from} to {to}"),
            ImageSet { container, image } => {
                format!("set image of {o} container {container} to {image}")
            }
            LoadSet { pattern } => format!("load on service {o}: {pattern}"),
            CommandRejected { command, error } => {
                format!("rejected command {}: {error}", crate::util::Quoted(command))
            }
            NodeHasInsufficientMemory {
                available_bytes,
                threshold_bytes,
            } => format!(
                "node {o} has memory pressure: memory.available {} < {} (MemoryPressure=True)",
                crate::util::fmt_memory(*available_bytes),
                crate::util::fmt_memory(*threshold_bytes)
            ),
            NodeHasSufficientMemory {
                available_bytes,
                since_pressure_ms,
                transition_period_ms,
            } => format!(
                "node {o} has sufficient memory: memory.available {}, no pressure for {} (evictionPressureTransitionPeriod {}; MemoryPressure=False)",
                crate::util::fmt_memory(*available_bytes),
                fmt_duration(*since_pressure_ms),
                fmt_duration(*transition_period_ms)
            ),
            PressureEvicted {
                available_bytes,
                threshold_bytes,
                usage_bytes,
                request_bytes,
                priority,
                grace_ms,
            } => format!(
                "evicted {o}: the node was low on memory (available {} < threshold {}); it used {} against a request of {} (priority {priority}), grace {}",
                crate::util::fmt_memory(*available_bytes),
                crate::util::fmt_memory(*threshold_bytes),
                crate::util::fmt_memory(*usage_bytes),
                crate::util::fmt_memory(*request_bytes),
                fmt_duration(*grace_ms)
            ),
            PodGarbageCollected {
                terminated,
                threshold,
            } => format!(
                "garbage-collected terminated pod {o} ({terminated} terminated pods > threshold {threshold})"
            ),
            RolledBack {
                to_revision,
                new_revision,
            } => format!("rolled back {o} to revision {to_revision} (now revision {new_revision})"),
            GarbageCollected { owner } => {
                format!(
                    "deleted {:?} {o}: its owner {owner} is gone",
                    self.object.kind
                )
            }
            LoadDropped { service } => {
                format!("load to service {service} dropped: the service was deleted")
            }
            ProfileSet { from, to } => format!(
                "{o}: timing profile {} -> {}: timers set from now on use the {} values; timers already set keep their times",
                from.name(),
                to.name(),
                to.name()
            ),
            Reseeded { seed } => {
                format!(
                    "{o}: random stream re-seeded with {seed} (draws from now on are seed {seed}'s)"
                )
            }
            ControlPlaneNodeDown => format!("control-plane node {o} down"),
            ControlPlaneNodeUp => format!("control-plane node {o} up"),
            EtcdMemberDown {
                members_up,
                members,
            } => format!("etcd member {o} down ({members_up} of {members} members up)"),
            EtcdMemberUp {
                members_up,
                members,
            } => format!("etcd member {o} up ({members_up} of {members} members up)"),
            EtcdQuorumLost {
                members_up,
                members,
                needed,
            } => format!(
                "etcd lost quorum: {members_up} of {members} members up, {needed} needed; writes fail"
            ),
            EtcdQuorumRestored {
                members_up,
                members,
            } => format!("etcd quorum restored: {members_up} of {members} members up"),
            EtcdLeaderElected {
                member,
                members_up,
                members,
                election_timeout_ms,
            } => format!(
                "etcd member {member} elected leader after the {} election timeout ({members_up} of {members} members up)",
                fmt_duration(*election_timeout_ms)
            ),
            LeaderAcquired {
                holder,
                previous,
                since_renew_ms,
                lease_duration_ms,
            } => {
                if previous.is_empty() || previous == holder {
                    format!("acquired lease {o}")
                } else {
                    format!(
                        "acquired lease {o} after {} without renewal by {previous} (leaseDuration {})",
                        fmt_duration(*since_renew_ms),
                        fmt_duration(*lease_duration_ms)
                    )
                }
            }
            LeaderRenewed { .. } => format!("renewed lease {o}"),
            VpaRecommendation {
                container,
                target_cpu_m,
                target_memory_bytes,
                lower_cpu_m,
                lower_memory_bytes,
                upper_cpu_m,
                upper_memory_bytes,
                samples,
                history_ms,
            } => format!(
                "{o} recommends for container {container}: cpu {} memory {} (bounds cpu {}..{}, memory {}..{}; {samples} samples over {})",
                fmt_cpu(*target_cpu_m),
                fmt_memory(*target_memory_bytes),
                fmt_cpu(*lower_cpu_m),
                fmt_cpu(*upper_cpu_m),
                fmt_memory(*lower_memory_bytes),
                fmt_memory(*upper_memory_bytes),
                fmt_duration(*history_ms)
            ),
            VpaEvicted {
                vpa,
                request_cpu_m,
                request_memory_bytes,
                target_cpu_m,
                target_memory_bytes,
                outside_range,
            } => format!(
                "evicted {o} for {vpa}: requests cpu {} memory {}, target cpu {} memory {} ({})",
                fmt_cpu(*request_cpu_m),
                fmt_memory(*request_memory_bytes),
                fmt_cpu(*target_cpu_m),
                fmt_memory(*target_memory_bytes),
                if *outside_range {
                    "outside the recommended range"
                } else {
                    "long-lived pod, changed by 10% or more"
                }
            ),
            VpaRequestsSet {
                vpa,
                container,
                cpu_m,
                memory_bytes,
                from_cpu_m,
                from_memory_bytes,
            } => format!(
                "set requests of {o} container {container} from {vpa}: cpu {} -> {}, memory {} -> {}",
                fmt_cpu(*from_cpu_m),
                fmt_cpu(*cpu_m),
                fmt_memory(*from_memory_bytes),
                fmt_memory(*memory_bytes)
            ),
            LeaderLost {
                holder: _,
                since_renew_ms,
                renew_deadline_ms,
            } => format!(
                "stopped leading: lease {o} not renewed for {} (renewDeadline {})",
                fmt_duration(*since_renew_ms),
                fmt_duration(*renew_deadline_ms)
            ),
            NodeGroupConfigured { min, max, size } => {
                format!("node group autoscaling on: min {min}, max {max} (now {size} nodes)")
            }
            NodeGroupDisabled => "node group autoscaling off".to_string(),
            TriggeredScaleUp {
                pods,
                nodes,
                from,
                to,
                max,
            } => format!(
                "pod {o} (and {} more) triggered scale-up: node group {from} -> {to} (max {max}), {nodes} new node(s) for {pods} pending pod(s)",
                pods.saturating_sub(1)
            ),
            ScaleUpCapped { pods, wanted, max } => format!(
                "{pods} pending pod(s) wanted {wanted} more node(s): max node group size {max} reached"
            ),
            NotTriggerScaleUp { pods } => {
                format!("{pods} pending pod(s) would not fit a new node of the group: no scale-up")
            }
            ScaleUpTimedOut { after_ms } => format!(
                "node {o} did not register within max-node-provision-time {}",
                fmt_duration(*after_ms)
            ),
            NodeNotNeeded {
                utilization_permille,
                threshold_permille,
            } => format!(
                "node {o} is unneeded: utilization {}% below {}% and its pods fit elsewhere",
                utilization_permille / 10,
                threshold_permille / 10
            ),
            ScaleDown {
                utilization_permille,
                pods,
                unneeded_ms,
            } => format!(
                "scale-down: removing node {o} (utilization {}%, unneeded for {}), moving {pods} pod(s)",
                utilization_permille / 10,
                fmt_duration(*unneeded_ms)
            ),
            NodeRemoving { pods, deadline_ms } => format!(
                "removing node {o}: cordoned, {pods} pod(s) evicted; deleted once they are gone (at most {})",
                fmt_duration(*deadline_ms)
            ),
        };
        format!("[{}] {}: {}", fmt_duration(self.time_ms), self.actor, what)
    }
}
