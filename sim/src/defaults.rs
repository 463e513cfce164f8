//! Every default the engine uses, defined once, with its upstream source.
//!
//! Sources are named as in `shared/reference/kubernetes-model.md` (paths in
//! `github.com/kubernetes/kubernetes` unless a URL is given). Numbers that are not upstream
//! defaults (container start, image pull, load model) cite `vm-container-eks-facts.md` or are
//! marked [`Provenance::Illustrative`]. The UI reads [`ALL`] to show the defaults table, and a
//! [`crate::timing::Timing`] built from a profile to show real-versus-compressed values.

use serde::Serialize;

/// Where a number comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Provenance {
    /// An upstream Kubernetes default or constant.
    Upstream,
    /// A measured figure from `vm-container-eks-facts.md`.
    Cited,
    /// No citable number exists; the value is a stand-in and must be labelled illustrative.
    Illustrative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Unit {
    Millis,
    Count,
    Percent,
    Millicores,
    Bytes,
    /// A dimensionless ratio stored in thousandths (0.1 is 100).
    Permille,
}

/// One default parameter.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Def {
    /// Stable identifier (the upstream flag or field name).
    pub id: &'static str,
    pub value: u64,
    pub unit: Unit,
    pub provenance: Provenance,
    /// Upstream file, docs URL, or facts-file row.
    pub source: &'static str,
    /// The release this value belongs to, where it changed between releases.
    pub release: Option<&'static str>,
    /// In the classroom profile the value is divided by this factor (see `timing.rs`).
    pub classroom_factor: Option<u32>,
}

impl Def {
    /// Whether this build runs what the default belongs to ([`crate::features`]): the
    /// cluster autoscaler's and the VPA's are left out of builds without them.
    pub fn in_build(&self) -> bool {
        let ca = self.id.starts_with("cluster-autoscaler ") || self.id.starts_with("node group: ");
        let vpa = self.id.starts_with("vpa-");
        (!ca || crate::features::CLUSTER_AUTOSCALER) && (!vpa || crate::features::VPA)
    }

    pub const fn ms(&self) -> u64 {
        self.value
    }
}

const fn up(id: &'static str, value: u64, unit: Unit, source: &'static str) -> Def {
    Def {
        id,
        value,
        unit,
        provenance: Provenance::Upstream,
        source,
        release: None,
        classroom_factor: None,
    }
}

const fn compressed(mut d: Def, factor: u32) -> Def {
    d.classroom_factor = Some(factor);
    d
}

/// The classroom profile's compression factor for long waits.
pub const CLASSROOM_FACTOR: u32 = 10;

// --- kube-scheduler ---------------------------------------------------------------------------
pub const MAX_NODE_SCORE: Def = up(
    "MaxNodeScore",
    100,
    Unit::Count,
    "pkg/scheduler/framework/interface.go",
);
pub const WEIGHT_TAINT_TOLERATION: Def = up(
    "TaintToleration weight",
    3,
    Unit::Count,
    "pkg/scheduler/apis/config/v1/default_plugins.go",
);
pub const WEIGHT_NODE_AFFINITY: Def = up(
    "NodeAffinity weight",
    2,
    Unit::Count,
    "pkg/scheduler/apis/config/v1/default_plugins.go",
);
pub const WEIGHT_NODE_RESOURCES_FIT: Def = up(
    "NodeResourcesFit weight",
    1,
    Unit::Count,
    "pkg/scheduler/apis/config/v1/default_plugins.go",
);
pub const WEIGHT_BALANCED_ALLOCATION: Def = up(
    "NodeResourcesBalancedAllocation weight",
    1,
    Unit::Count,
    "pkg/scheduler/apis/config/v1/default_plugins.go",
);
pub const DEFAULT_MILLI_CPU_REQUEST: Def = up(
    "DefaultMilliCPURequest",
    100,
    Unit::Millicores,
    "pkg/scheduler/util/pod_resources.go (non-zero request for scoring)",
);
pub const DEFAULT_MEMORY_REQUEST: Def = up(
    "DefaultMemoryRequest",
    200 * 1024 * 1024,
    Unit::Bytes,
    "pkg/scheduler/util/pod_resources.go (non-zero request for scoring)",
);
pub const MIN_FEASIBLE_NODES_TO_FIND: Def = up(
    "minFeasibleNodesToFind",
    100,
    Unit::Count,
    "pkg/scheduler/schedule_one.go",
);
pub const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: Def = up(
    "minFeasibleNodesPercentageToFind",
    5,
    Unit::Percent,
    "pkg/scheduler/schedule_one.go",
);
pub const PERCENTAGE_OF_NODES_TO_SCORE: Def = up(
    "percentageOfNodesToScore",
    0,
    Unit::Percent,
    "pkg/scheduler/apis/config/types.go (0 = adaptive)",
);
pub const POD_INITIAL_BACKOFF: Def = up(
    "podInitialBackoffSeconds",
    1_000,
    Unit::Millis,
    "pkg/scheduler/apis/config/v1/defaults.go",
);
pub const POD_MAX_BACKOFF: Def = up(
    "podMaxBackoffSeconds",
    10_000,
    Unit::Millis,
    "pkg/scheduler/apis/config/v1/defaults.go",
);
pub const POD_MAX_IN_UNSCHEDULABLE: Def = up(
    "podMaxInUnschedulablePodsDuration",
    300_000,
    Unit::Millis,
    "pkg/scheduler/internal/queue/scheduling_queue.go (unverified)",
);
pub const HIGHEST_SCORED_NODES_TO_REPORT: Def = up(
    "numberOfHighestScoredNodesToReport",
    3,
    Unit::Count,
    "pkg/scheduler/schedule_one.go",
);

// --- kubelet -----------------------------------------------------------------------------------
pub const MAX_PODS: Def = up(
    "maxPods",
    110,
    Unit::Count,
    "pkg/kubelet/apis/config/v1beta1/defaults.go; kubelet-config.v1beta1 reference",
);
pub const NODE_LEASE_DURATION: Def = up(
    "nodeLeaseDurationSeconds",
    40_000,
    Unit::Millis,
    "pkg/kubelet/apis/config/v1beta1/defaults.go",
);
pub const NODE_LEASE_RENEW_INTERVAL: Def = compressed(
    up(
        "node lease renew interval",
        10_000,
        Unit::Millis,
        "https://kubernetes.io/docs/concepts/architecture/nodes/ (25% of nodeLeaseDurationSeconds)",
    ),
    CLASSROOM_FACTOR,
);
pub const NODE_STATUS_REPORT_FREQUENCY: Def = up(
    "nodeStatusReportFrequency",
    300_000,
    Unit::Millis,
    "pkg/kubelet/apis/config/v1beta1/defaults.go",
);
pub const TERMINATION_GRACE_PERIOD: Def = up(
    "terminationGracePeriodSeconds",
    30_000,
    Unit::Millis,
    "pkg/apis/core/v1/defaults.go; pod-lifecycle docs",
);
pub const CRASH_BACKOFF_INITIAL: Def = up(
    "container restart backoff (initial)",
    10_000,
    Unit::Millis,
    "pkg/kubelet/kubelet.go backOffPeriod (also the image pull back-off); pod-lifecycle docs",
);
pub const CRASH_BACKOFF_MAX: Def = up(
    "container restart backoff (cap)",
    300_000,
    Unit::Millis,
    "pkg/kubelet/kubelet.go MaxContainerBackOff (also the image pull back-off)",
);
pub const CRASH_BACKOFF_RESET: Def = up(
    "container restart backoff reset",
    600_000,
    Unit::Millis,
    "client-go util/flowcontrol/backoff.go hasExpired: an entry not updated for 2 x MaxContainerBackOff starts again",
);
pub const PLEG_RELIST_PERIOD: Def = up(
    "PLEG relist period (a container exit reaches the pod worker)",
    1_000,
    Unit::Millis,
    "pkg/kubelet/kubelet.go genericPlegRelistPeriod",
);
/// `evictionHard: memory.available<100Mi` (the Linux default hard threshold).
pub const EVICTION_HARD_MEMORY_AVAILABLE: Def = up(
    "evictionHard memory.available",
    100 * 1024 * 1024,
    Unit::Bytes,
    "pkg/kubelet/apis/config/v1beta1/defaults_linux.go DefaultEvictionHard; https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/",
);
/// The eviction manager's housekeeping interval (`evictionMonitoringPeriod`).
pub const EVICTION_MONITORING_PERIOD: Def = up(
    "eviction monitoring period",
    10_000,
    Unit::Millis,
    "pkg/kubelet/kubelet.go evictionMonitoringPeriod; node-pressure-eviction docs (housekeeping-interval 10s)",
);
/// How long a pressure condition stays True after the threshold was last met.
pub const EVICTION_PRESSURE_TRANSITION_PERIOD: Def = compressed(
    up(
        "evictionPressureTransitionPeriod",
        300_000,
        Unit::Millis,
        "pkg/kubelet/apis/config/v1beta1/defaults.go; node-pressure-eviction docs",
    ),
    CLASSROOM_FACTOR,
);
/// Grace period of a pod evicted for a hard threshold.
pub const EVICTION_IMMEDIATE_GRACE: Def = up(
    "immediateEvictionGracePeriodSeconds",
    1_000,
    Unit::Millis,
    "pkg/kubelet/eviction/eviction_manager.go immediateEvictionGracePeriodSeconds (the docs say 0s)",
);
/// The `memory-pressure` fault: a process outside Kubernetes takes memory so that this much
/// is left available when it starts (below the 100Mi threshold).
pub const FAULT_MEMORY_PRESSURE_LEFT: Def = Def {
    id: "memory-pressure fault: memory.available left when it starts",
    value: 50 * 1024 * 1024,
    unit: Unit::Bytes,
    provenance: Provenance::Illustrative,
    source: "illustrative: a runaway system process leaves half the 100Mi threshold",
    release: None,
    classroom_factor: None,
};
/// `--terminated-pod-gc-threshold`: PodGC deletes the oldest terminated pods beyond it.
pub const TERMINATED_POD_GC_THRESHOLD: Def = up(
    "--terminated-pod-gc-threshold",
    12_500,
    Unit::Count,
    "pkg/controller/podgc/config/v1alpha1/defaults.go",
);
pub const FAULT_CRASH_AFTER: Def = Def {
    id: "crash-loop fault: the container exits this long after it starts",
    value: 2_000,
    unit: Unit::Millis,
    provenance: Provenance::Illustrative,
    source: "illustrative: an app that fails during start-up",
    release: None,
    classroom_factor: None,
};
pub const FAULT_OOM_AFTER: Def = Def {
    id: "OOM fault: usage reaches the memory limit this long after start",
    value: 5_000,
    unit: Unit::Millis,
    provenance: Provenance::Illustrative,
    source: "illustrative: a leak that fills the limit in seconds",
    release: None,
    classroom_factor: None,
};
pub const CONTAINER_START: Def = Def {
    id: "container start (create + start, image local)",
    value: 568,
    unit: Unit::Millis,
    provenance: Provenance::Cited,
    source: "vm-container-eks-facts.md #6: docker run median 568 ms on SSD (preprint)",
    release: None,
    classroom_factor: None,
};
pub const IMAGE_PULL: Def = Def {
    id: "image pull (image not on node)",
    value: 2_000,
    unit: Unit::Millis,
    provenance: Provenance::Illustrative,
    source: "illustrative: no cited pull time (vm-container-eks-facts.md gives sizes only, #29-31)",
    release: None,
    classroom_factor: None,
};
pub const APP_SHUTDOWN: Def = Def {
    id: "app exit after SIGTERM",
    value: 1_000,
    unit: Unit::Millis,
    provenance: Provenance::Illustrative,
    source: "illustrative: a well-behaved app exits about 1 s after SIGTERM",
    release: None,
    classroom_factor: None,
};

// --- kube-controller-manager: node lifecycle -------------------------------------------------
pub const NODE_MONITOR_PERIOD: Def = compressed(
    up(
        "--node-monitor-period",
        5_000,
        Unit::Millis,
        "SetDefaults_KubeCloudSharedConfiguration",
    ),
    CLASSROOM_FACTOR,
);
pub const NODE_MONITOR_GRACE_PERIOD: Def = Def {
    release: Some("v1.32+ (40 s in v1.31 and earlier; kubernetes/kubernetes PR #126287)"),
    ..compressed(
        up(
            "--node-monitor-grace-period",
            50_000,
            Unit::Millis,
            "kubernetes/kubernetes PR #126287; pkg/controller/nodelifecycle/config/v1alpha1/defaults.go",
        ),
        CLASSROOM_FACTOR,
    )
};
pub const NODE_STARTUP_GRACE_PERIOD: Def = compressed(
    up(
        "--node-startup-grace-period",
        60_000,
        Unit::Millis,
        "pkg/controller/nodelifecycle/config/v1alpha1/defaults.go",
    ),
    CLASSROOM_FACTOR,
);
/// 0.1 nodes per second, stored as the interval between evictions.
pub const NODE_EVICTION_INTERVAL: Def = compressed(
    up(
        "--node-eviction-rate (0.1 node/s, as interval)",
        10_000,
        Unit::Millis,
        "https://kubernetes.io/docs/concepts/architecture/nodes/",
    ),
    CLASSROOM_FACTOR,
);
/// 0.01 nodes per second, stored as the interval between evictions.
pub const SECONDARY_NODE_EVICTION_INTERVAL: Def = compressed(
    up(
        "--secondary-node-eviction-rate (0.01 node/s, as interval)",
        100_000,
        Unit::Millis,
        "https://kubernetes.io/docs/concepts/architecture/nodes/",
    ),
    CLASSROOM_FACTOR,
);
pub const UNHEALTHY_ZONE_THRESHOLD: Def = up(
    "--unhealthy-zone-threshold",
    550,
    Unit::Permille,
    "https://kubernetes.io/docs/concepts/architecture/nodes/",
);
pub const LARGE_CLUSTER_SIZE_THRESHOLD: Def = up(
    "--large-cluster-size-threshold",
    50,
    Unit::Count,
    "https://kubernetes.io/docs/concepts/architecture/nodes/",
);
pub const DEFAULT_NOT_READY_TOLERATION: Def = compressed(
    up(
        "default-not-ready-toleration-seconds",
        300_000,
        Unit::Millis,
        "plugin/pkg/admission/defaulttolerationseconds/admission.go",
    ),
    CLASSROOM_FACTOR,
);
pub const DEFAULT_UNREACHABLE_TOLERATION: Def = compressed(
    up(
        "default-unreachable-toleration-seconds",
        300_000,
        Unit::Millis,
        "plugin/pkg/admission/defaulttolerationseconds/admission.go",
    ),
    CLASSROOM_FACTOR,
);

// --- kube-controller-manager: workloads -------------------------------------------------------
pub const DEPLOYMENT_REPLICAS: Def = up(
    "Deployment replicas",
    1,
    Unit::Count,
    "pkg/apis/apps/v1/defaults.go",
);
pub const MAX_SURGE_PERCENT: Def = up(
    "maxSurge",
    25,
    Unit::Percent,
    "pkg/apis/apps/v1/defaults.go",
);
pub const MAX_UNAVAILABLE_PERCENT: Def = up(
    "maxUnavailable",
    25,
    Unit::Percent,
    "pkg/apis/apps/v1/defaults.go",
);
pub const REVISION_HISTORY_LIMIT: Def = up(
    "revisionHistoryLimit",
    10,
    Unit::Count,
    "pkg/apis/apps/v1/defaults.go",
);
pub const BURST_REPLICAS: Def = up(
    "burstReplicas",
    500,
    Unit::Count,
    "pkg/controller/replicaset/replica_set.go",
);

// --- HPA --------------------------------------------------------------------------------------
pub const HPA_SYNC_PERIOD: Def = up(
    "--horizontal-pod-autoscaler-sync-period",
    15_000,
    Unit::Millis,
    "https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/",
);
pub const HPA_TOLERANCE: Def = up(
    "--horizontal-pod-autoscaler-tolerance",
    100,
    Unit::Permille,
    "https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/",
);
pub const HPA_DOWNSCALE_STABILIZATION: Def = compressed(
    up(
        "--horizontal-pod-autoscaler-downscale-stabilization",
        300_000,
        Unit::Millis,
        "HPA docs; used as scaleDown.stabilizationWindowSeconds when nil",
    ),
    CLASSROOM_FACTOR,
);
pub const HPA_CPU_INITIALIZATION_PERIOD: Def = compressed(
    up(
        "--horizontal-pod-autoscaler-cpu-initialization-period",
        300_000,
        Unit::Millis,
        "https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/",
    ),
    CLASSROOM_FACTOR,
);
pub const HPA_INITIAL_READINESS_DELAY: Def = compressed(
    up(
        "--horizontal-pod-autoscaler-initial-readiness-delay",
        30_000,
        Unit::Millis,
        "https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/",
    ),
    CLASSROOM_FACTOR,
);
pub const HPA_MIN_REPLICAS: Def = up(
    "HPA spec.minReplicas",
    1,
    Unit::Count,
    "pkg/apis/autoscaling/v2/defaults.go",
);
pub const HPA_DEFAULT_CPU_UTILIZATION: Def = up(
    "DefaultCPUUtilization",
    80,
    Unit::Percent,
    "pkg/apis/autoscaling/v2/defaults.go",
);
pub const HPA_SCALE_UP_LIMIT_FACTOR: Def = up(
    "scaleUpLimitFactor",
    2,
    Unit::Count,
    "pkg/controller/podautoscaler/horizontal.go (legacy path)",
);
pub const HPA_SCALE_UP_LIMIT_MINIMUM: Def = up(
    "scaleUpLimitMinimum",
    4,
    Unit::Count,
    "pkg/controller/podautoscaler/horizontal.go (legacy path)",
);
pub const HPA_SCALE_UP_PODS: Def = up(
    "default scaleUp policy Pods",
    4,
    Unit::Count,
    "pkg/apis/autoscaling/v2/defaults.go defaultHPAScaleUpRules",
);
pub const HPA_SCALE_UP_PERCENT: Def = up(
    "default scaleUp policy Percent",
    100,
    Unit::Percent,
    "pkg/apis/autoscaling/v2/defaults.go defaultHPAScaleUpRules",
);
pub const HPA_SCALE_POLICY_PERIOD: Def = up(
    "default scale policy periodSeconds",
    15_000,
    Unit::Millis,
    "pkg/apis/autoscaling/v2/defaults.go",
);
pub const HPA_SCALE_DOWN_PERCENT: Def = up(
    "default scaleDown policy Percent",
    100,
    Unit::Percent,
    "pkg/apis/autoscaling/v2/defaults.go defaultHPAScaleDownRules",
);
pub const HPA_SCALE_UP_STABILIZATION: Def = up(
    "default scaleUp stabilizationWindowSeconds",
    0,
    Unit::Millis,
    "pkg/apis/autoscaling/v2/defaults.go defaultHPAScaleUpRules",
);

// --- metrics pipeline -------------------------------------------------------------------------
pub const METRIC_RESOLUTION: Def = Def {
    release: Some(
        "metrics-server manifests pass --metric-resolution=15s; the binary's flag default is 60s (FAQ.md)",
    ),
    ..up(
        "metrics-server --metric-resolution",
        15_000,
        Unit::Millis,
        "kubernetes-sigs/metrics-server FAQ.md and released components.yaml; kubernetes/kubernetes PR #117121",
    )
};

// --- control plane: leader election and etcd ---------------------------------------------------
pub const LEADER_LEASE_DURATION: Def = up(
    "leaderElection.leaseDuration",
    15_000,
    Unit::Millis,
    "staging/src/k8s.io/component-base/config/v1alpha1/defaults.go RecommendedDefaultLeaderElectionConfiguration",
);
pub const LEADER_RENEW_DEADLINE: Def = up(
    "leaderElection.renewDeadline",
    10_000,
    Unit::Millis,
    "staging/src/k8s.io/component-base/config/v1alpha1/defaults.go RecommendedDefaultLeaderElectionConfiguration",
);
pub const LEADER_RETRY_PERIOD: Def = up(
    "leaderElection.retryPeriod",
    2_000,
    Unit::Millis,
    "staging/src/k8s.io/component-base/config/v1alpha1/defaults.go RecommendedDefaultLeaderElectionConfiguration",
);
pub const ETCD_HEARTBEAT_INTERVAL: Def = up(
    "etcd --heartbeat-interval",
    100,
    Unit::Millis,
    "https://etcd.io/docs/latest/tuning/",
);
pub const ETCD_ELECTION_TIMEOUT: Def = up(
    "etcd --election-timeout",
    1_000,
    Unit::Millis,
    "https://etcd.io/docs/latest/tuning/",
);
pub const CONTROL_PLANE_NODES: Def = Def {
    id: "control-plane nodes",
    value: 3,
    unit: Unit::Count,
    provenance: Provenance::Upstream,
    source: "https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/ (stacked etcd: at least three control-plane nodes)",
    release: None,
    classroom_factor: None,
};

// --- cluster-autoscaler (kubernetes/autoscaler, cluster-autoscaler/FAQ.md
// "What are the parameters to CA?", cluster-autoscaler-1.32) ------------------------------------
const CA_FAQ: &str = "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#what-are-the-parameters-to-ca";
const fn ca(id: &'static str, value: u64, unit: Unit) -> Def {
    Def {
        release: Some("cluster-autoscaler 1.32"),
        ..up(id, value, unit, CA_FAQ)
    }
}
pub const CA_SCAN_INTERVAL: Def = ca("cluster-autoscaler --scan-interval", 10_000, Unit::Millis);
pub const CA_SCALE_DOWN_UNNEEDED_TIME: Def = compressed(
    ca(
        "cluster-autoscaler --scale-down-unneeded-time",
        600_000,
        Unit::Millis,
    ),
    CLASSROOM_FACTOR,
);
pub const CA_SCALE_DOWN_DELAY_AFTER_ADD: Def = compressed(
    ca(
        "cluster-autoscaler --scale-down-delay-after-add",
        600_000,
        Unit::Millis,
    ),
    CLASSROOM_FACTOR,
);
/// Upstream's default is "scan-interval".
pub const CA_SCALE_DOWN_DELAY_AFTER_DELETE: Def = ca(
    "cluster-autoscaler --scale-down-delay-after-delete",
    CA_SCAN_INTERVAL.value,
    Unit::Millis,
);
pub const CA_SCALE_DOWN_DELAY_AFTER_FAILURE: Def = compressed(
    ca(
        "cluster-autoscaler --scale-down-delay-after-failure",
        180_000,
        Unit::Millis,
    ),
    CLASSROOM_FACTOR,
);
pub const CA_SCALE_DOWN_UTILIZATION_THRESHOLD: Def = ca(
    "cluster-autoscaler --scale-down-utilization-threshold",
    500,
    Unit::Permille,
);
pub const CA_MAX_NODE_PROVISION_TIME: Def = compressed(
    ca(
        "cluster-autoscaler --max-node-provision-time",
        900_000,
        Unit::Millis,
    ),
    CLASSROOM_FACTOR,
);
pub const CA_NEW_POD_SCALE_UP_DELAY: Def = ca(
    "cluster-autoscaler --new-pod-scale-up-delay",
    0,
    Unit::Millis,
);
pub const CA_MAX_GRACEFUL_TERMINATION: Def = compressed(
    ca(
        "cluster-autoscaler --max-graceful-termination-sec",
        600_000,
        Unit::Millis,
    ),
    CLASSROOM_FACTOR,
);
pub const CA_SCALE_DOWN_NON_EMPTY_CANDIDATES: Def = ca(
    "cluster-autoscaler --scale-down-non-empty-candidates-count",
    30,
    Unit::Count,
);
pub const CA_MAX_EMPTY_BULK_DELETE: Def = ca(
    "cluster-autoscaler --max-empty-bulk-delete",
    10,
    Unit::Count,
);
/// From cloud API call to a Ready node. vm-container-eks-facts.md has no EC2/EKS figure (row 9:
/// full VM boot "U", "seconds to tens of seconds (illustrative)"), so this is a stand-in.
pub const CA_NODE_PROVISION_DELAY: Def = compressed(
    Def {
        provenance: Provenance::Illustrative,
        release: None,
        ..up(
            "node group: provisioning delay (cloud API to Ready node)",
            60_000,
            Unit::Millis,
            "illustrative: vm-container-eks-facts.md #9 has no authoritative VM boot figure",
        )
    },
    CLASSROOM_FACTOR,
);
/// The machine shape of a node group created with no node to copy (an m5.large's 2 vCPU /
/// 8 GiB; vm-container-eks-facts.md §4 names m5.large for its pod limit only).
pub const CA_NODE_CPU: Def = Def {
    provenance: Provenance::Illustrative,
    ..up(
        "node group: template node cpu",
        2_000,
        Unit::Millicores,
        "illustrative (m5.large size; vm-container-eks-facts.md §4)",
    )
};
pub const CA_NODE_MEMORY: Def = Def {
    provenance: Provenance::Illustrative,
    ..up(
        "node group: template node memory",
        8 << 30,
        Unit::Bytes,
        "illustrative (m5.large size; vm-container-eks-facts.md §4)",
    )
};

// --- engine bookkeeping (not Kubernetes values) -----------------------------------------------
pub const LOAD_TICK: Def = Def {
    id: "load and chart sample period",
    value: 1_000,
    unit: Unit::Millis,
    provenance: Provenance::Illustrative,
    source: "engine: the load model and the charts are sampled once per simulated second",
    release: None,
    classroom_factor: None,
};

// --- Vertical Pod Autoscaler (kubernetes/autoscaler, vertical-pod-autoscaler 1.x) -------------
const VPA_RELEASE: Option<&str> = Some("vertical-pod-autoscaler 1.x");
const fn vpa(id: &'static str, value: u64, unit: Unit, source: &'static str) -> Def {
    Def {
        release: VPA_RELEASE,
        ..up(id, value, unit, source)
    }
}
pub const VPA_RECOMMENDER_INTERVAL: Def = compressed(
    vpa(
        "vpa-recommender --recommender-interval",
        60_000,
        Unit::Millis,
        "vertical-pod-autoscaler/pkg/recommender/main.go (flag default 1m)",
    ),
    CLASSROOM_FACTOR,
);
pub const VPA_UPDATER_INTERVAL: Def = compressed(
    vpa(
        "vpa-updater --updater-interval",
        60_000,
        Unit::Millis,
        "vertical-pod-autoscaler/pkg/updater/main.go (flag default 1m)",
    ),
    CLASSROOM_FACTOR,
);
pub const VPA_MIN_REPLICAS: Def = vpa(
    "vpa-updater --min-replicas",
    2,
    Unit::Count,
    "vertical-pod-autoscaler/pkg/updater/main.go (flag default 2)",
);
pub const VPA_EVICTION_TOLERANCE: Def = vpa(
    "vpa-updater --eviction-tolerance",
    500,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/updater/main.go (flag default 0.5)",
);
pub const VPA_CPU_FIRST_BUCKET: Def = vpa(
    "CPU histogram first bucket",
    10,
    Unit::Millicores,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (0.01 core)",
);
pub const VPA_CPU_MAX: Def = vpa(
    "CPU histogram max value",
    1_000_000,
    Unit::Millicores,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (1000 cores)",
);
pub const VPA_MEMORY_FIRST_BUCKET: Def = vpa(
    "memory histogram first bucket",
    10_000_000,
    Unit::Bytes,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (1e7 bytes)",
);
pub const VPA_MEMORY_MAX: Def = vpa(
    "memory histogram max value",
    1_000_000_000_000,
    Unit::Bytes,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (1e12 bytes)",
);
pub const VPA_BUCKET_GROWTH: Def = vpa(
    "histogram bucket growth ratio",
    1_050,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (each bucket +5%)",
);
pub const VPA_HISTOGRAM_HALF_LIFE: Def = vpa(
    "--cpu-histogram-decay-half-life, --memory-histogram-decay-half-life",
    86_400_000,
    Unit::Millis,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (24h)",
);
pub const VPA_MEMORY_AGGREGATION_INTERVAL: Def = vpa(
    "--memory-aggregation-interval",
    86_400_000,
    Unit::Millis,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (24h; 8 intervals)",
);
pub const VPA_MIN_SAMPLE_WEIGHT: Def = vpa(
    "minSampleWeight",
    100,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/recommender/model/aggregations_config.go (0.1)",
);
pub const VPA_TARGET_PERCENTILE: Def = vpa(
    "--target-cpu-percentile, --target-memory-percentile",
    900,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/recommender/logic/recommender.go (0.9)",
);
pub const VPA_LOWER_BOUND_PERCENTILE: Def = vpa(
    "lowerBound percentile",
    500,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/recommender/logic/recommender.go (0.5)",
);
pub const VPA_UPPER_BOUND_PERCENTILE: Def = vpa(
    "upperBound percentile",
    950,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/recommender/logic/recommender.go (0.95)",
);
pub const VPA_SAFETY_MARGIN: Def = vpa(
    "--recommendation-margin-fraction",
    150,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/recommender/logic/recommender.go (0.15)",
);
pub const VPA_POD_MIN_CPU: Def = vpa(
    "--pod-recommendation-min-cpu-millicores",
    25,
    Unit::Millicores,
    "vertical-pod-autoscaler/pkg/recommender/logic/recommender.go",
);
pub const VPA_POD_MIN_MEMORY: Def = vpa(
    "--pod-recommendation-min-memory-mb",
    250 * 1024 * 1024,
    Unit::Bytes,
    "vertical-pod-autoscaler/pkg/recommender/logic/recommender.go (250 MiB)",
);
pub const VPA_UPDATE_THRESHOLD: Def = vpa(
    "defaultUpdateThreshold",
    100,
    Unit::Permille,
    "vertical-pod-autoscaler/pkg/updater/priority/update_priority_calculator.go (0.10)",
);
pub const VPA_POD_LIFETIME_UPDATE_THRESHOLD: Def = vpa(
    "podLifetimeUpdateThreshold",
    43_200_000,
    Unit::Millis,
    "vertical-pod-autoscaler/pkg/updater/priority/update_priority_calculator.go (12h)",
);
pub const VPA_MEMORY_BASE: Def = Def {
    id: "container memory working set: base",
    value: 96 * 1024 * 1024,
    unit: Unit::Bytes,
    provenance: Provenance::Illustrative,
    source: "illustrative: the model had no memory usage; a runtime's resident set at idle",
    release: None,
    classroom_factor: None,
};
pub const VPA_MEMORY_PER_MILLICORE: Def = Def {
    id: "container memory working set: bytes per millicore of CPU in use",
    value: 256 * 1024,
    unit: Unit::Bytes,
    provenance: Provenance::Illustrative,
    source: "illustrative: buffers grow with the work in flight (256 KiB per millicore)",
    release: None,
    classroom_factor: None,
};

/// Every default, in the order the UI shows them.
pub const ALL: &[&Def] = &[
    &PLEG_RELIST_PERIOD,
    &FAULT_CRASH_AFTER,
    &FAULT_OOM_AFTER,
    &EVICTION_HARD_MEMORY_AVAILABLE,
    &EVICTION_MONITORING_PERIOD,
    &EVICTION_PRESSURE_TRANSITION_PERIOD,
    &EVICTION_IMMEDIATE_GRACE,
    &FAULT_MEMORY_PRESSURE_LEFT,
    &TERMINATED_POD_GC_THRESHOLD,
    &MAX_NODE_SCORE,
    &WEIGHT_TAINT_TOLERATION,
    &WEIGHT_NODE_AFFINITY,
    &WEIGHT_NODE_RESOURCES_FIT,
    &WEIGHT_BALANCED_ALLOCATION,
    &DEFAULT_MILLI_CPU_REQUEST,
    &DEFAULT_MEMORY_REQUEST,
    &MIN_FEASIBLE_NODES_TO_FIND,
    &MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND,
    &PERCENTAGE_OF_NODES_TO_SCORE,
    &POD_INITIAL_BACKOFF,
    &POD_MAX_BACKOFF,
    &POD_MAX_IN_UNSCHEDULABLE,
    &HIGHEST_SCORED_NODES_TO_REPORT,
    &MAX_PODS,
    &NODE_LEASE_DURATION,
    &NODE_LEASE_RENEW_INTERVAL,
    &NODE_STATUS_REPORT_FREQUENCY,
    &TERMINATION_GRACE_PERIOD,
    &CRASH_BACKOFF_INITIAL,
    &CRASH_BACKOFF_MAX,
    &CRASH_BACKOFF_RESET,
    &CONTAINER_START,
    &IMAGE_PULL,
    &APP_SHUTDOWN,
    &NODE_MONITOR_PERIOD,
    &NODE_MONITOR_GRACE_PERIOD,
    &NODE_STARTUP_GRACE_PERIOD,
    &NODE_EVICTION_INTERVAL,
    &SECONDARY_NODE_EVICTION_INTERVAL,
    &UNHEALTHY_ZONE_THRESHOLD,
    &LARGE_CLUSTER_SIZE_THRESHOLD,
    &DEFAULT_NOT_READY_TOLERATION,
    &DEFAULT_UNREACHABLE_TOLERATION,
    &DEPLOYMENT_REPLICAS,
    &MAX_SURGE_PERCENT,
    &MAX_UNAVAILABLE_PERCENT,
    &REVISION_HISTORY_LIMIT,
    &BURST_REPLICAS,
    &HPA_SYNC_PERIOD,
    &HPA_TOLERANCE,
    &HPA_DOWNSCALE_STABILIZATION,
    &HPA_CPU_INITIALIZATION_PERIOD,
    &HPA_INITIAL_READINESS_DELAY,
    &HPA_MIN_REPLICAS,
    &HPA_DEFAULT_CPU_UTILIZATION,
    &HPA_SCALE_UP_LIMIT_FACTOR,
    &HPA_SCALE_UP_LIMIT_MINIMUM,
    &HPA_SCALE_UP_PODS,
    &HPA_SCALE_UP_PERCENT,
    &HPA_SCALE_POLICY_PERIOD,
    &HPA_SCALE_DOWN_PERCENT,
    &HPA_SCALE_UP_STABILIZATION,
    &METRIC_RESOLUTION,
    &LEADER_LEASE_DURATION,
    &LEADER_RENEW_DEADLINE,
    &LEADER_RETRY_PERIOD,
    &ETCD_HEARTBEAT_INTERVAL,
    &ETCD_ELECTION_TIMEOUT,
    &CONTROL_PLANE_NODES,
    &LOAD_TICK,
    &CA_SCAN_INTERVAL,
    &CA_SCALE_DOWN_UNNEEDED_TIME,
    &CA_SCALE_DOWN_DELAY_AFTER_ADD,
    &CA_SCALE_DOWN_DELAY_AFTER_DELETE,
    &CA_SCALE_DOWN_DELAY_AFTER_FAILURE,
    &CA_SCALE_DOWN_UTILIZATION_THRESHOLD,
    &CA_MAX_NODE_PROVISION_TIME,
    &CA_NEW_POD_SCALE_UP_DELAY,
    &CA_MAX_GRACEFUL_TERMINATION,
    &CA_SCALE_DOWN_NON_EMPTY_CANDIDATES,
    &CA_MAX_EMPTY_BULK_DELETE,
    &CA_NODE_PROVISION_DELAY,
    &CA_NODE_CPU,
    &CA_NODE_MEMORY,
    &VPA_RECOMMENDER_INTERVAL,
    &VPA_UPDATER_INTERVAL,
    &VPA_MIN_REPLICAS,
    &VPA_EVICTION_TOLERANCE,
    &VPA_CPU_FIRST_BUCKET,
    &VPA_CPU_MAX,
    &VPA_MEMORY_FIRST_BUCKET,
    &VPA_MEMORY_MAX,
    &VPA_BUCKET_GROWTH,
    &VPA_HISTOGRAM_HALF_LIFE,
    &VPA_MEMORY_AGGREGATION_INTERVAL,
    &VPA_MIN_SAMPLE_WEIGHT,
    &VPA_TARGET_PERCENTILE,
    &VPA_LOWER_BOUND_PERCENTILE,
    &VPA_UPPER_BOUND_PERCENTILE,
    &VPA_SAFETY_MARGIN,
    &VPA_POD_MIN_CPU,
    &VPA_POD_MIN_MEMORY,
    &VPA_UPDATE_THRESHOLD,
    &VPA_POD_LIFETIME_UPDATE_THRESHOLD,
    &VPA_MEMORY_BASE,
    &VPA_MEMORY_PER_MILLICORE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_default_has_a_source() {
        let mut ids: Vec<&str> = ALL.iter().map(|d| d.id).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate default id");
        for d in ALL {
            assert!(!d.source.is_empty(), "{} has no source", d.id);
            if d.provenance == Provenance::Illustrative {
                assert!(d.source.starts_with("illustrative") || d.source.starts_with("engine"));
            }
        }
    }
}
