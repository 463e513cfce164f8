//! "What happened and why": every engine event in the reader's language, from its structured
//! kind and figures. The match is exhaustive, so a new `EventKind` does not compile until it
//! has text here (and the build refuses a message without both languages).

use crate::i18n::{Lang, cat::cluster_events as t};
use sim::Event;
use sim::events::{Component, EventKind};
use sim::objects::Kind;
use sim::util::{fmt_cpu, fmt_duration, fmt_memory};

/// Who acted, as the log's filter groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    /// User commands, the machines, and the load.
    You,
    ApiServer,
    Scheduler,
    Controllers,
    NodeLifecycle,
    Kubelets,
    Autoscaling,
}

impl Filter {
    pub const ALL: [Filter; 8] = [
        Filter::All,
        Filter::You,
        Filter::ApiServer,
        Filter::Scheduler,
        Filter::Controllers,
        Filter::NodeLifecycle,
        Filter::Kubelets,
        Filter::Autoscaling,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::You => "you",
            Filter::ApiServer => "apiserver",
            Filter::Scheduler => "scheduler",
            Filter::Controllers => "controllers",
            Filter::NodeLifecycle => "node-lifecycle",
            Filter::Kubelets => "kubelets",
            Filter::Autoscaling => "autoscaling",
        }
    }

    pub fn matches(self, e: &Event) -> bool {
        use Component::*;
        let c = e.actor.component;
        match self {
            Filter::All => true,
            Filter::You => matches!(c, User | Infrastructure | Load),
            Filter::ApiServer => matches!(c, ApiServer | Etcd),
            Filter::Scheduler => c == Scheduler,
            Filter::Controllers => matches!(
                c,
                ReplicaSetController
                    | DeploymentController
                    | EndpointsController
                    | ControllerManager
                    | CloudControllerManager
            ),
            Filter::NodeLifecycle => matches!(c, NodeLifecycleController | TaintEvictionController),
            Filter::Kubelets => matches!(c, Kubelet | KubeProxy),
            Filter::Autoscaling => matches!(
                c,
                HpaController
                    | MetricsServer
                    | ClusterAutoscaler
                    | VpaRecommender
                    | VpaUpdater
                    | VpaAdmissionController
            ),
        }
    }
}

/// The actor as the log names it (component names are the same in every language).
pub fn actor_name(e: &Event) -> String {
    let name = match e.actor.component {
        Component::ApiServer => "kube-apiserver",
        Component::Scheduler => "kube-scheduler",
        Component::Kubelet => "kubelet",
        Component::KubeProxy => "kube-proxy",
        Component::ReplicaSetController => "replicaset controller",
        Component::DeploymentController => "deployment controller",
        Component::NodeLifecycleController => "node-lifecycle controller",
        Component::TaintEvictionController => "taint-eviction controller",
        Component::EndpointsController => "endpoints controller",
        Component::HpaController => "horizontal-pod-autoscaler",
        Component::MetricsServer => "metrics-server",
        Component::User => "kubectl",
        Component::Infrastructure => "⚡",
        Component::Load => "load",
        Component::ControllerManager => "kube-controller-manager",
        Component::CloudControllerManager => "cloud-controller-manager",
        Component::Etcd => "etcd",
        Component::ClusterAutoscaler => "cluster-autoscaler",
        Component::VpaRecommender => "vpa-recommender",
        Component::VpaUpdater => "vpa-updater",
        Component::VpaAdmissionController => "vpa-admission-controller",
    };
    if e.actor.instance.is_empty() {
        name.to_string()
    } else {
        format!("{name}@{}", e.actor.instance)
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Node => "Node",
        Kind::Pod => "Pod",
        Kind::Deployment => "Deployment",
        Kind::ReplicaSet => "ReplicaSet",
        Kind::Service => "Service",
        Kind::Endpoints => "Endpoints",
        Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
        Kind::Lease => "Lease",
        Kind::VerticalPodAutoscaler => "VerticalPodAutoscaler",
    }
}

fn cond(c: sim::objects::ConditionStatus) -> &'static str {
    use sim::objects::ConditionStatus::*;
    match c {
        True => "True",
        False => "False",
        Unknown => "Unknown",
    }
}

/// The kind's name, as the page marks each log row (`data-kind`) for tests and styles.
pub fn kind_code(k: &EventKind) -> &'static str {
    use EventKind::*;
    match k {
        Created { .. } => "Created",
        Deleted { .. } => "Deleted",
        Scheduled { .. } => "Scheduled",
        FailedScheduling { .. } => "FailedScheduling",
        AdmissionRejected { .. } => "AdmissionRejected",
        Pulling { .. } => "Pulling",
        Pulled { .. } => "Pulled",
        Started { .. } => "Started",
        PodReady => "PodReady",
        ContainerDied { .. } => "ContainerDied",
        BackOff { .. } => "BackOff",
        Killing { .. } => "Killing",
        PodStopped => "PodStopped",
        LeaseRenewed => "LeaseRenewed",
        NodeStatusReady => "NodeStatusReady",
        NodeReadyChanged { .. } => "NodeReadyChanged",
        PodNotReady { .. } => "PodNotReady",
        Tainted { .. } => "Tainted",
        Untainted { .. } => "Untainted",
        EvictionScheduled { .. } => "EvictionScheduled",
        EvictionCancelled => "EvictionCancelled",
        TaintEvicted { .. } => "TaintEvicted",
        SuccessfulCreate { .. } => "SuccessfulCreate",
        SuccessfulDelete { .. } => "SuccessfulDelete",
        ScalingReplicaSet { .. } => "ScalingReplicaSet",
        EndpointsUpdated { .. } => "EndpointsUpdated",
        HpaRescale { .. } => "HpaRescale",
        HpaFailed { .. } => "HpaFailed",
        PoweredOff => "PoweredOff",
        PoweredOn => "PoweredOn",
        NetworkCut => "NetworkCut",
        NetworkRestored => "NetworkRestored",
        Cordoned => "Cordoned",
        Uncordoned => "Uncordoned",
        Drained { .. } => "Drained",
        Evicted => "Evicted",
        CrashInjected => "CrashInjected",
        ControlPlaneNodeDown => "ControlPlaneNodeDown",
        ControlPlaneNodeUp => "ControlPlaneNodeUp",
        EtcdMemberDown { .. } => "EtcdMemberDown",
        EtcdMemberUp { .. } => "EtcdMemberUp",
        EtcdQuorumLost { .. } => "EtcdQuorumLost",
        EtcdQuorumRestored { .. } => "EtcdQuorumRestored",
        EtcdLeaderElected { .. } => "EtcdLeaderElected",
        LeaderAcquired { .. } => "LeaderAcquired",
        LeaderRenewed { .. } => "LeaderRenewed",
        LeaderLost { .. } => "LeaderLost",
        FaultSet { .. } => "FaultSet",
        FaultCleared { .. } => "FaultCleared",
        OomKilled { .. } => "OomKilled",
        ErrImagePull { .. } => "ErrImagePull",
        RolloutRestarted => "RolloutRestarted",
        ResourcesSet { .. } => "ResourcesSet",
        Scaled { .. } => "Scaled",
        ImageSet { .. } => "ImageSet",
        LoadSet { .. } => "LoadSet",
        CommandRejected { .. } => "CommandRejected",
        NodeGroupConfigured { .. } => "NodeGroupConfigured",
        NodeGroupDisabled => "NodeGroupDisabled",
        TriggeredScaleUp { .. } => "TriggeredScaleUp",
        ScaleUpCapped { .. } => "ScaleUpCapped",
        NotTriggerScaleUp { .. } => "NotTriggerScaleUp",
        ScaleUpTimedOut { .. } => "ScaleUpTimedOut",
        NodeNotNeeded { .. } => "NodeNotNeeded",
        ScaleDown { .. } => "ScaleDown",
        NodeRemoving { .. } => "NodeRemoving",
        VpaRecommendation { .. } => "VpaRecommendation",
        VpaEvicted { .. } => "VpaEvicted",
        VpaRequestsSet { .. } => "VpaRequestsSet",
        NodeHasInsufficientMemory { .. } => "NodeHasInsufficientMemory",
        NodeHasSufficientMemory { .. } => "NodeHasSufficientMemory",
        PressureEvicted { .. } => "PressureEvicted",
        PodGarbageCollected { .. } => "PodGarbageCollected",
        RolledBack { .. } => "RolledBack",
        GarbageCollected { .. } => "GarbageCollected",
        LoadDropped { .. } => "LoadDropped",
        ProfileSet { .. } => "ProfileSet",
        Reseeded { .. } => "Reseeded",
    }
}

/// The event as one sentence in `lang`.
pub fn text(e: &Event, lang: Lang) -> String {
    let obj: &str = &e.object.name;
    let o = ("obj", &obj as &dyn std::fmt::Display);
    use EventKind::*;
    match &e.kind {
        Created { revision } => t::CREATED.fmt(
            lang,
            &[o, ("kind", &kind_name(e.object.kind)), ("rev", revision)],
        ),
        Deleted { revision } => t::DELETED.fmt(
            lang,
            &[o, ("kind", &kind_name(e.object.kind)), ("rev", revision)],
        ),
        Scheduled {
            node,
            score,
            max_score,
            feasible,
            evaluated,
            ..
        } => t::SCHEDULED.fmt(
            lang,
            &[
                o,
                ("node", node),
                ("score", score),
                ("max", max_score),
                ("feasible", feasible),
                ("evaluated", evaluated),
            ],
        ),
        FailedScheduling { nodes, reasons, .. } => {
            let r: Vec<String> = reasons
                .iter()
                .map(|r| format!("{} {}", r.count, r.reason))
                .collect();
            t::FAILED_SCHEDULING.fmt(lang, &[o, ("nodes", nodes), ("reasons", &r.join(", "))])
        }
        AdmissionRejected { reason } => t::ADMISSION_REJECTED.fmt(lang, &[o, ("reason", reason)]),
        Pulling { image } => t::PULLING.fmt(lang, &[o, ("image", image)]),
        Pulled { image, duration_ms } => t::PULLED.fmt(
            lang,
            &[o, ("image", image), ("dur", &fmt_duration(*duration_ms))],
        ),
        Started { duration_ms } => t::STARTED.fmt(lang, &[o, ("dur", &fmt_duration(*duration_ms))]),
        PodReady => t::POD_READY.fmt(lang, &[o]),
        ContainerDied {
            exit_code,
            restart_count,
        } => t::CONTAINER_DIED.fmt(lang, &[o, ("code", exit_code), ("restarts", restart_count)]),
        BackOff { delay_ms } => t::BACK_OFF.fmt(lang, &[o, ("dur", &fmt_duration(*delay_ms))]),
        Killing { grace_ms } => t::KILLING.fmt(lang, &[o, ("dur", &fmt_duration(*grace_ms))]),
        PodStopped => t::POD_STOPPED.fmt(lang, &[o]),
        LeaseRenewed => t::LEASE_RENEWED.fmt(lang, &[o]),
        NodeStatusReady => t::NODE_STATUS_READY.fmt(lang, &[o]),
        NodeReadyChanged {
            from,
            to,
            since_heartbeat_ms,
        } => t::NODE_READY_CHANGED.fmt(
            lang,
            &[
                o,
                ("from", &cond(*from)),
                ("to", &cond(*to)),
                ("dur", &fmt_duration(*since_heartbeat_ms)),
            ],
        ),
        PodNotReady { reason } => t::POD_NOT_READY.fmt(lang, &[o, ("reason", reason)]),
        Tainted {
            taint,
            since_heartbeat_ms,
        } => match since_heartbeat_ms {
            Some(ms) => {
                t::TAINTED_HEARTBEAT.fmt(lang, &[o, ("taint", taint), ("dur", &fmt_duration(*ms))])
            }
            None => t::TAINTED.fmt(lang, &[o, ("taint", taint)]),
        },
        Untainted { taint } => t::UNTAINTED.fmt(lang, &[o, ("taint", taint)]),
        EvictionScheduled { taint, after_ms } => t::EVICTION_SCHEDULED.fmt(
            lang,
            &[o, ("taint", taint), ("dur", &fmt_duration(*after_ms))],
        ),
        EvictionCancelled => t::EVICTION_CANCELLED.fmt(lang, &[o]),
        TaintEvicted {
            taint,
            toleration_seconds,
        } => match toleration_seconds {
            Some(s) => t::TAINT_EVICTED.fmt(lang, &[o, ("taint", taint), ("secs", s)]),
            None => t::TAINT_EVICTED_NOW.fmt(lang, &[o, ("taint", taint)]),
        },
        SuccessfulCreate { pod } => t::SUCCESSFUL_CREATE.fmt(lang, &[o, ("pod", pod)]),
        SuccessfulDelete { pod } => t::SUCCESSFUL_DELETE.fmt(lang, &[o, ("pod", pod)]),
        ScalingReplicaSet {
            replicaset,
            from,
            to,
        } => t::SCALING_REPLICA_SET.fmt(lang, &[o, ("rs", replicaset), ("from", from), ("to", to)]),
        EndpointsUpdated { ready, not_ready } => {
            t::ENDPOINTS_UPDATED.fmt(lang, &[o, ("ready", ready), ("not_ready", not_ready)])
        }
        HpaRescale {
            from,
            to,
            utilization,
            target,
            reason,
            ..
        } => match utilization {
            Some(u) => t::HPA_RESCALE.fmt(
                lang,
                &[
                    o,
                    ("from", from),
                    ("to", to),
                    ("util", u),
                    ("target", target),
                ],
            ),
            None => t::HPA_RESCALE_NO_UTIL
                .fmt(lang, &[o, ("from", from), ("to", to), ("reason", reason)]),
        },
        HpaFailed { reason, .. } => t::HPA_FAILED.fmt(lang, &[o, ("reason", reason)]),
        PoweredOff => t::POWERED_OFF.fmt(lang, &[o]),
        PoweredOn => t::POWERED_ON.fmt(lang, &[o]),
        NetworkCut => t::NETWORK_CUT.fmt(lang, &[o]),
        NetworkRestored => t::NETWORK_RESTORED.fmt(lang, &[o]),
        Cordoned => t::CORDONED.fmt(lang, &[o]),
        Uncordoned => t::UNCORDONED.fmt(lang, &[o]),
        Drained { pods } => t::DRAINED.fmt(lang, &[o, ("pods", pods)]),
        Evicted => t::EVICTED.fmt(lang, &[o]),
        CrashInjected => t::CRASH_INJECTED.fmt(lang, &[o]),
        ControlPlaneNodeDown => t::CP_NODE_DOWN.fmt(lang, &[o]),
        ControlPlaneNodeUp => t::CP_NODE_UP.fmt(lang, &[o]),
        EtcdMemberDown {
            members_up,
            members,
        } => t::ETCD_MEMBER_DOWN.fmt(lang, &[o, ("up", members_up), ("all", members)]),
        EtcdMemberUp {
            members_up,
            members,
        } => t::ETCD_MEMBER_UP.fmt(lang, &[o, ("up", members_up), ("all", members)]),
        EtcdQuorumLost {
            members_up,
            members,
            needed,
        } => t::ETCD_QUORUM_LOST.fmt(
            lang,
            &[("up", members_up), ("all", members), ("needed", needed)],
        ),
        EtcdQuorumRestored {
            members_up,
            members,
        } => t::ETCD_QUORUM_RESTORED.fmt(lang, &[("up", members_up), ("all", members)]),
        EtcdLeaderElected {
            member,
            members_up,
            members,
            election_timeout_ms,
        } => t::ETCD_LEADER_ELECTED.fmt(
            lang,
            &[
                ("member", member),
                ("dur", &fmt_duration(*election_timeout_ms)),
                ("up", members_up),
                ("all", members),
            ],
        ),
        LeaderAcquired {
            holder,
            previous,
            since_renew_ms,
            lease_duration_ms,
        } => {
            if previous.is_empty() || previous == holder {
                t::LEADER_ACQUIRED.fmt(lang, &[o, ("holder", holder)])
            } else {
                t::LEADER_TAKEN_OVER.fmt(
                    lang,
                    &[
                        o,
                        ("holder", holder),
                        ("previous", previous),
                        ("dur", &fmt_duration(*since_renew_ms)),
                        ("lease", &fmt_duration(*lease_duration_ms)),
                    ],
                )
            }
        }
        NodeGroupConfigured { min, max, size } if sim::features::CLUSTER_AUTOSCALER => {
            t::NODE_GROUP_CONFIGURED.fmt(lang, &[o, ("min", min), ("max", max), ("size", size)])
        }
        NodeGroupDisabled if sim::features::CLUSTER_AUTOSCALER => {
            t::NODE_GROUP_DISABLED.fmt(lang, &[o])
        }
        TriggeredScaleUp {
            pods,
            nodes,
            from,
            to,
            max,
        } if sim::features::CLUSTER_AUTOSCALER => t::TRIGGERED_SCALE_UP.fmt(
            lang,
            &[
                o,
                ("pods", pods),
                ("nodes", nodes),
                ("from", from),
                ("to", to),
                ("max", max),
            ],
        ),
        ScaleUpCapped { pods, wanted, max } if sim::features::CLUSTER_AUTOSCALER => {
            t::SCALE_UP_CAPPED.fmt(lang, &[o, ("pods", pods), ("wanted", wanted), ("max", max)])
        }
        NotTriggerScaleUp { pods } if sim::features::CLUSTER_AUTOSCALER => {
            t::NOT_TRIGGER_SCALE_UP.fmt(lang, &[o, ("pods", pods)])
        }
        ScaleUpTimedOut { after_ms } if sim::features::CLUSTER_AUTOSCALER => {
            t::SCALE_UP_TIMED_OUT.fmt(lang, &[o, ("dur", &fmt_duration(*after_ms))])
        }
        NodeNotNeeded {
            utilization_permille,
            threshold_permille,
        } if sim::features::CLUSTER_AUTOSCALER => t::NODE_NOT_NEEDED.fmt(
            lang,
            &[
                o,
                ("util", &(utilization_permille / 10)),
                ("threshold", &(threshold_permille / 10)),
            ],
        ),
        ScaleDown {
            utilization_permille,
            pods,
            unneeded_ms,
        } if sim::features::CLUSTER_AUTOSCALER => t::SCALE_DOWN.fmt(
            lang,
            &[
                o,
                ("util", &(utilization_permille / 10)),
                ("pods", pods),
                ("dur", &fmt_duration(*unneeded_ms)),
            ],
        ),
        NodeRemoving { pods, deadline_ms } if sim::features::CLUSTER_AUTOSCALER => t::NODE_REMOVING
            .fmt(
                lang,
                &[o, ("pods", pods), ("dur", &fmt_duration(*deadline_ms))],
            ),
        LeaderRenewed { holder } => t::LEADER_RENEWED.fmt(lang, &[o, ("holder", holder)]),
        LeaderLost {
            holder,
            since_renew_ms,
            renew_deadline_ms,
        } => t::LEADER_LOST.fmt(
            lang,
            &[
                o,
                ("holder", holder),
                ("dur", &fmt_duration(*since_renew_ms)),
                ("deadline", &fmt_duration(*renew_deadline_ms)),
            ],
        ),
        FaultSet { fault, target } => {
            t::FAULT_SET.fmt(lang, &[("fault", fault), ("target", target)])
        }
        FaultCleared { target } => t::FAULT_CLEARED.fmt(lang, &[("target", target)]),
        OomKilled {
            usage_bytes,
            limit_bytes,
        } => t::OOM_KILLED.fmt(
            lang,
            &[
                o,
                ("usage", &sim::util::fmt_memory(*usage_bytes)),
                ("limit", &sim::util::fmt_memory(*limit_bytes)),
            ],
        ),
        ErrImagePull { image, delay_ms } => t::ERR_IMAGE_PULL.fmt(
            lang,
            &[o, ("image", image), ("dur", &fmt_duration(*delay_ms))],
        ),
        RolloutRestarted => t::ROLLOUT_RESTARTED.fmt(lang, &[o]),
        ResourcesSet {
            container,
            requests,
            limits,
        } => t::RESOURCES_SET.fmt(
            lang,
            &[
                o,
                ("container", container),
                ("requests", requests),
                ("limits", limits),
            ],
        ),
        Scaled { from, to } => t::SCALED.fmt(lang, &[o, ("from", from), ("to", to)]),
        ImageSet { container, image } => {
            t::IMAGE_SET.fmt(lang, &[o, ("container", container), ("image", image)])
        }
        LoadSet { pattern } => t::LOAD_SET.fmt(lang, &[o, ("pattern", pattern)]),
        CommandRejected { command, error } => {
            t::COMMAND_REJECTED.fmt(lang, &[("command", command), ("error", error)])
        }
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
        } if sim::features::VPA => t::VPA_RECOMMENDATION.fmt(
            lang,
            &[
                o,
                ("container", container),
                ("cpu", &fmt_cpu(*target_cpu_m)),
                ("mem", &fmt_memory(*target_memory_bytes)),
                ("lower_cpu", &fmt_cpu(*lower_cpu_m)),
                ("lower_mem", &fmt_memory(*lower_memory_bytes)),
                ("upper_cpu", &fmt_cpu(*upper_cpu_m)),
                ("upper_mem", &fmt_memory(*upper_memory_bytes)),
                ("samples", samples),
                ("dur", &fmt_duration(*history_ms)),
            ],
        ),
        VpaEvicted {
            vpa,
            request_cpu_m,
            request_memory_bytes,
            target_cpu_m,
            target_memory_bytes,
            outside_range,
        } if sim::features::VPA => {
            let m = if *outside_range {
                &t::VPA_EVICTED
            } else {
                &t::VPA_EVICTED_LONG_LIVED
            };
            m.fmt(
                lang,
                &[
                    o,
                    ("vpa", vpa),
                    ("req_cpu", &fmt_cpu(*request_cpu_m)),
                    ("req_mem", &fmt_memory(*request_memory_bytes)),
                    ("cpu", &fmt_cpu(*target_cpu_m)),
                    ("mem", &fmt_memory(*target_memory_bytes)),
                ],
            )
        }
        VpaRequestsSet {
            vpa,
            container,
            cpu_m,
            memory_bytes,
            from_cpu_m,
            from_memory_bytes,
        } if sim::features::VPA => t::VPA_REQUESTS_SET.fmt(
            lang,
            &[
                o,
                ("vpa", vpa),
                ("container", container),
                ("from_cpu", &fmt_cpu(*from_cpu_m)),
                ("cpu", &fmt_cpu(*cpu_m)),
                ("from_mem", &fmt_memory(*from_memory_bytes)),
                ("mem", &fmt_memory(*memory_bytes)),
            ],
        ),
        NodeHasInsufficientMemory {
            available_bytes,
            threshold_bytes,
        } => t::NODE_HAS_INSUFFICIENT_MEMORY.fmt(
            lang,
            &[
                o,
                ("available", &sim::util::fmt_memory(*available_bytes)),
                ("threshold", &sim::util::fmt_memory(*threshold_bytes)),
            ],
        ),
        NodeHasSufficientMemory {
            available_bytes,
            since_pressure_ms,
            transition_period_ms,
        } => t::NODE_HAS_SUFFICIENT_MEMORY.fmt(
            lang,
            &[
                o,
                ("available", &sim::util::fmt_memory(*available_bytes)),
                ("since", &fmt_duration(*since_pressure_ms)),
                ("period", &fmt_duration(*transition_period_ms)),
            ],
        ),
        PressureEvicted {
            available_bytes,
            threshold_bytes,
            usage_bytes,
            request_bytes,
            priority,
            grace_ms,
        } => t::PRESSURE_EVICTED.fmt(
            lang,
            &[
                o,
                ("available", &sim::util::fmt_memory(*available_bytes)),
                ("threshold", &sim::util::fmt_memory(*threshold_bytes)),
                ("usage", &sim::util::fmt_memory(*usage_bytes)),
                ("request", &sim::util::fmt_memory(*request_bytes)),
                ("priority", priority),
                ("dur", &fmt_duration(*grace_ms)),
            ],
        ),
        PodGarbageCollected {
            terminated,
            threshold,
        } => t::POD_GARBAGE_COLLECTED.fmt(
            lang,
            &[o, ("terminated", terminated), ("threshold", threshold)],
        ),
        RolledBack {
            to_revision,
            new_revision,
        } => t::ROLLED_BACK.fmt(lang, &[o, ("to", to_revision), ("new", new_revision)]),
        GarbageCollected { owner } => t::GARBAGE_COLLECTED.fmt(
            lang,
            &[o, ("kind", &kind_name(e.object.kind)), ("owner", owner)],
        ),
        LoadDropped { service } => t::LOAD_DROPPED.fmt(lang, &[o, ("service", service)]),
        ProfileSet { from, to } => {
            t::PROFILE_SET.fmt(lang, &[o, ("from", &from.name()), ("to", &to.name())])
        }
        Reseeded { seed } => t::RESEEDED.fmt(lang, &[o, ("seed", seed)]),
        // Only from a controller this build leaves out (sim::features): cannot happen here.
        _ => kind_code(&e.kind).to_string(),
    }
}

/// Whether an event is worth announcing to a screen reader on its own (the rest is counted).
pub fn notable(e: &Event) -> bool {
    use EventKind::*;
    matches!(
        e.kind,
        NodeReadyChanged { .. }
            | TaintEvicted { .. }
            | HpaRescale { .. }
            | PoweredOff
            | PoweredOn
            | NetworkCut
            | NetworkRestored
            | Cordoned
            | Uncordoned
            | Drained { .. }
            | Scaled { .. }
            | ImageSet { .. }
            | FailedScheduling { .. }
            | ContainerDied { .. }
            | OomKilled { .. }
            | ErrImagePull { .. }
            | NodeHasInsufficientMemory { .. }
            | PressureEvicted { .. }
            | RolledBack { .. }
            | LoadDropped { .. }
            | FaultSet { .. }
            | ControlPlaneNodeDown
            | ControlPlaneNodeUp
            | EtcdQuorumLost { .. }
            | EtcdQuorumRestored { .. }
            | LeaderAcquired { .. }
            | LeaderLost { .. }
            | TriggeredScaleUp { .. }
            | ScaleUpCapped { .. }
            | ScaleDown { .. }
            | ScaleUpTimedOut { .. }
            | VpaEvicted { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::{ScenarioId, Setup, build};
    use super::*;

    #[test]
    fn every_event_of_a_node_failure_reads_in_both_languages() {
        let (mut sim, _) = build(&Setup::new(ScenarioId::NodeFailure));
        sim.advance(20_000);
        sim.run("node power-off node-2").unwrap();
        sim.advance(60_000);
        let mut kinds = std::collections::BTreeSet::new();
        for e in sim.events().iter() {
            kinds.insert(
                format!("{:?}", e.kind)
                    .split([' ', '{', '('])
                    .next()
                    .unwrap()
                    .to_string(),
            );
            for lang in Lang::ALL {
                let s = text(e, lang);
                assert!(!s.contains('{'), "unfilled placeholder: {s}");
                assert!(
                    s.contains(e.object.name.as_str())
                        || matches!(e.kind, EventKind::CommandRejected { .. })
                );
            }
        }
        for k in [
            "PoweredOff",
            "NodeReadyChanged",
            "Tainted",
            "TaintEvicted",
            "Scheduled",
            "PodReady",
        ] {
            assert!(kinds.contains(k), "{k} missing from {kinds:?}");
        }
        let unknown = sim
            .events()
            .iter()
            .find(|e| matches!(e.kind, EventKind::NodeReadyChanged { .. }))
            .unwrap();
        assert!(text(unknown, Lang::En).contains("True → Unknown"));
        assert!(Filter::NodeLifecycle.matches(unknown));
        assert!(!Filter::Kubelets.matches(unknown));
        assert!(notable(unknown));
    }
}
