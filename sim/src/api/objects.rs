//! API objects, shaped like Kubernetes' own (camelCase fields, `metadata`/`spec`/`status`), so a
//! manifest a learner writes here reads like one for a real cluster. Only the fields the model
//! uses exist; an unknown field in input is an error rather than silently ignored.
//!
//! Quantities are kept as integers (millicores, bytes) and rendered the way kubectl shows them.

use crate::util::{Millis, fmt_cpu, fmt_memory, parse_cpu, parse_memory};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

pub type Labels = BTreeMap<String, String>;

pub const DEFAULT_NAMESPACE: &str = "default";
pub const NODE_LEASE_NAMESPACE: &str = "kube-node-lease";

// ---------------------------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------------------------

/// CPU in millicores. Accepts `"250m"`, `"0.5"`, `2` in input; renders as kubectl does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Cpu(pub u64);

/// Memory in bytes. Accepts `"128Mi"`, `"1Gi"`, `"500M"`, `1048576` in input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Mem(pub u64);

impl Serialize for Cpu {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt_cpu(self.0))
    }
}
impl Serialize for Mem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt_memory(self.0))
    }
}

struct QuantityVisitor {
    what: &'static str,
    parse: fn(&str) -> Result<u64, String>,
    per_unit: u64,
}

impl Visitor<'_> for QuantityVisitor {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a {} quantity", self.what)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        (self.parse)(v).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        v.checked_mul(self.per_unit)
            .ok_or_else(|| E::custom(format!("{} quantity {v} is too large", self.what)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        if v < 0 {
            return Err(E::custom(format!(
                "{} quantity must not be negative",
                self.what
            )));
        }
        self.visit_u64(v as u64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        if !(0.0..1e12).contains(&v) {
            return Err(E::custom(format!("invalid {} quantity {v}", self.what)));
        }
        Ok((v * self.per_unit as f64).round() as u64)
    }
}

impl<'de> Deserialize<'de> for Cpu {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor {
            what: "CPU",
            parse: parse_cpu,
            per_unit: 1000,
        })
        .map(Cpu)
    }
}
impl<'de> Deserialize<'de> for Mem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor {
            what: "memory",
            parse: parse_memory,
            per_unit: 1,
        })
        .map(Mem)
    }
}

/// `maxSurge` / `maxUnavailable`: an absolute number or a percentage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(u32),
    Percent(u32),
}

impl IntOrPercent {
    /// `intstr.GetScaledValueFromIntOrPercent`: percentages round up or down as asked.
    pub fn scaled(self, total: u32, round_up: bool) -> u32 {
        match self {
            IntOrPercent::Int(v) => v,
            IntOrPercent::Percent(p) => {
                let num = p as u64 * total as u64;
                (if round_up {
                    num.div_ceil(100)
                } else {
                    num / 100
                }) as u32
            }
        }
    }
}

impl Serialize for IntOrPercent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrPercent::Int(v) => s.serialize_u32(*v),
            IntOrPercent::Percent(p) => s.serialize_str(&format!("{p}%")),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrPercent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntOrPercent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer or a percentage such as \"25%\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrPercent, E> {
                u32::try_from(v)
                    .map(IntOrPercent::Int)
                    .map_err(|_| E::custom("value too large"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrPercent, E> {
                u32::try_from(v)
                    .map(IntOrPercent::Int)
                    .map_err(|_| E::custom("must be a non-negative integer or a percentage"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrPercent, E> {
                let bad = || E::custom(format!("invalid value {v:?}: expected e.g. 3 or \"25%\""));
                match v.strip_suffix('%') {
                    Some(p) => p.parse().map(IntOrPercent::Percent).map_err(|_| bad()),
                    None => v.parse().map(IntOrPercent::Int).map_err(|_| bad()),
                }
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    Node,
    Pod,
    Deployment,
    ReplicaSet,
    Service,
    Endpoints,
    HorizontalPodAutoscaler,
    Lease,
    /// autoscaling.k8s.io/v1 VerticalPodAutoscaler (a CRD; `vpa.rs`).
    VerticalPodAutoscaler,
}

impl Kind {
    /// The etcd resource segment under `/registry/` (`test/integration/etcd/data.go`).
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Node => "minions",
            Kind::Pod => "pods",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::Service => "services/specs",
            Kind::Endpoints => "services/endpoints",
            Kind::HorizontalPodAutoscaler => "horizontalpodautoscalers",
            Kind::Lease => "leases",
            Kind::VerticalPodAutoscaler => "autoscaling.k8s.io/verticalpodautoscalers",
        }
    }
}

/// A reference to an object, as events and decisions carry it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: Kind,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub namespace: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind,
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }
    /// The etcd key, e.g. `/registry/pods/default/web-7d4b9`, `/registry/minions/node-1`.
    pub fn key(&self) -> String {
        if self.namespace.is_empty() {
            format!("/registry/{}/{}", self.kind.resource(), self.name)
        } else {
            format!(
                "/registry/{}/{}/{}",
                self.kind.resource(),
                self.namespace,
                self.name
            )
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerRef {
    pub kind: Kind,
    pub name: String,
    pub uid: String,
}

fn default_namespace() -> String {
    DEFAULT_NAMESPACE.to_string()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectMeta {
    pub name: String,
    #[serde(
        default = "default_namespace",
        skip_serializing_if = "String::is_empty"
    )]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: Labels,
    #[serde(skip_deserializing)]
    pub uid: String,
    /// `ownerReferences[0]` with `controller: true` (the model has at most one owner).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerRef>,
    /// creationTimestamp, in simulated ms.
    #[serde(skip_deserializing)]
    pub creation_ms: Millis,
    /// deletionTimestamp, in simulated ms; set by graceful deletion.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub deletion_ms: Option<Millis>,
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_ms: Option<Millis>,
    /// `resourceVersion`: the etcd mod_revision of the last write.
    #[serde(skip_deserializing)]
    pub resource_version: u64,
    #[serde(skip_deserializing)]
    pub generation: u64,
}

impl ObjectMeta {
    pub fn named(name: &str, namespace: &str) -> ObjectMeta {
        ObjectMeta {
            name: name.to_string(),
            namespace: namespace.to_string(),
            ..Default::default()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabelSelector {
    #[serde(default)]
    pub match_labels: Labels,
}

impl LabelSelector {
    /// An empty selector matches nothing here (upstream: everything); workloads must select.
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.match_labels.is_empty()
            && self
                .match_labels
                .iter()
                .all(|(k, v)| labels.get(k) == Some(v))
    }
}

// ---------------------------------------------------------------------------------------------
// Taints, tolerations, affinity
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Taint {
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    pub effect: TaintEffect,
    /// timeAdded (NoExecute taints), simulated ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_added_ms: Option<Millis>,
}

impl Taint {
    pub fn new(key: &str, effect: TaintEffect) -> Taint {
        Taint {
            key: key.to_string(),
            value: String::new(),
            effect,
            time_added_ms: None,
        }
    }
    pub fn same(&self, other: &Taint) -> bool {
        self.key == other.key && self.effect == other.effect
    }
}

impl fmt::Display for Taint {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}:{:?}", self.key, self.effect)
        } else {
            write!(f, "{}={}:{:?}", self.key, self.value, self.effect)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TolerationOperator {
    #[default]
    Equal,
    Exists,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Toleration {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(default)]
    pub operator: TolerationOperator,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    /// None tolerates every effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<TaintEffect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<u64>,
}

impl Toleration {
    /// `Toleration.ToleratesTaint` (k8s.io/api/core/v1/toleration.go).
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if let Some(e) = self.effect
            && e != taint.effect
        {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator {
            TolerationOperator::Exists => true,
            TolerationOperator::Equal => self.value == taint.value,
        }
    }
}

pub fn tolerates(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| t.tolerates(taint))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SelectorOperator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: SelectorOperator,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl NodeSelectorRequirement {
    pub fn matches(&self, labels: &Labels) -> bool {
        let v = labels.get(&self.key);
        match self.operator {
            SelectorOperator::In => v.is_some_and(|v| self.values.contains(v)),
            SelectorOperator::NotIn => !v.is_some_and(|v| self.values.contains(v)),
            SelectorOperator::Exists => v.is_some(),
            SelectorOperator::DoesNotExist => v.is_none(),
            SelectorOperator::Gt | SelectorOperator::Lt => {
                let (Some(v), Some(bound)) = (v, self.values.first()) else {
                    return false;
                };
                match (v.parse::<i64>(), bound.parse::<i64>()) {
                    (Ok(a), Ok(b)) => {
                        if self.operator == SelectorOperator::Gt {
                            a > b
                        } else {
                            a < b
                        }
                    }
                    _ => false,
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeSelectorTerm {
    #[serde(default)]
    pub match_expressions: Vec<NodeSelectorRequirement>,
}

impl NodeSelectorTerm {
    /// Expressions are ANDed; an empty term matches no node (`nodeaffinity` semantics).
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.match_expressions.is_empty()
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeSelector {
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreferredSchedulingTerm {
    pub weight: i32,
    pub preference: NodeSelectorTerm,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeAffinity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_during_scheduling_ignored_during_execution: Vec<PreferredSchedulingTerm>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Affinity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<NodeAffinity>,
}

// ---------------------------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ResourceList {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<Cpu>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Mem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    #[serde(default)]
    pub requests: ResourceList,
    #[serde(default)]
    pub limits: ResourceList,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Probe {
    #[serde(default)]
    pub initial_delay_seconds: u32,
    #[serde(default = "default_probe_period")]
    pub period_seconds: u32,
}

fn default_probe_period() -> u32 {
    10
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Container {
    pub name: String,
    pub image: String,
    #[serde(default)]
    pub resources: Resources,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RestartPolicy {
    #[default]
    Always,
    OnFailure,
    Never,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodSpec {
    pub containers: Vec<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: Labels,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    #[serde(default)]
    pub priority: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<u64>,
    #[serde(default)]
    pub restart_policy: RestartPolicy,
}

impl PodSpec {
    /// Sum of container requests (`resourcehelper.PodRequests` without init containers or
    /// overhead, which the model does not have). Missing requests count 0.
    pub fn requests(&self) -> (u64, u64) {
        self.containers.iter().fold((0, 0), |(c, m), k| {
            (
                c + k.resources.requests.cpu.map_or(0, |q| q.0),
                m + k.resources.requests.memory.map_or(0, |q| q.0),
            )
        })
    }
    /// Requests with the scheduler's non-zero defaults for containers that set none
    /// (`NonMissingContainerRequests`: 100m / 200Mi).
    pub fn non_zero_requests(&self) -> (u64, u64) {
        use crate::config::defaults::{DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST};
        self.containers.iter().fold((0, 0), |(c, m), k| {
            (
                c + k
                    .resources
                    .requests
                    .cpu
                    .map_or(DEFAULT_MILLI_CPU_REQUEST.value, |q| q.0),
                m + k
                    .resources
                    .requests
                    .memory
                    .map_or(DEFAULT_MEMORY_REQUEST.value, |q| q.0),
            )
        })
    }
    /// CPU a pod can burn: its limit where every container has one, else its request
    /// (model simplification: no bursting into idle node CPU).
    pub fn cpu_capacity(&self) -> u64 {
        self.containers
            .iter()
            .map(|k| {
                k.resources
                    .limits
                    .cpu
                    .or(k.resources.requests.cpu)
                    .map_or(0, |q| q.0)
            })
            .sum()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PodPhase {
    #[default]
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PodConditionType {
    PodScheduled,
    Initialized,
    ContainersReady,
    Ready,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodCondition {
    #[serde(rename = "type")]
    pub type_: PodConditionType,
    pub status: ConditionStatus,
    pub last_transition_ms: Millis,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ContainerState {
    Waiting { reason: String },
    Running { started_ms: Millis },
    Terminated { exit_code: i32, reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub name: String,
    pub ready: bool,
    pub restart_count: u32,
    pub state: ContainerState,
    /// The previous termination (`lastState.terminated`), once a container has exited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_state: Option<ContainerState>,
}

/// Where a pod is in its life, as the UI draws it. Derived by the kubelet (and scheduler) and
/// written with the status; not an upstream field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum PodStage {
    /// Waiting for the scheduler.
    #[default]
    Unscheduled,
    /// Bound; the kubelet has not acknowledged it yet.
    Scheduled,
    PullingImage,
    ContainerCreating,
    /// Containers running, not Ready yet.
    Running,
    Ready,
    /// Container exited; waiting for the restart backoff.
    CrashLoopBackOff,
    /// deletionTimestamp set; containers are being stopped.
    Terminating,
    Succeeded,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    pub phase: PodPhase,
    pub stage: PodStage,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    /// `status.reason` (`Evicted` after node-pressure eviction); empty when unset.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// `status.message`: why, in the kubelet's words; empty when unset.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl PodStatus {
    pub fn condition(&self, t: PodConditionType) -> Option<&PodCondition> {
        self.conditions.iter().find(|c| c.type_ == t)
    }
    /// Sets a condition; the transition time moves only when the status changes.
    pub fn set_condition(
        &mut self,
        t: PodConditionType,
        status: ConditionStatus,
        now: Millis,
        reason: &str,
    ) {
        match self.conditions.iter_mut().find(|c| c.type_ == t) {
            Some(c) => {
                if c.status != status {
                    c.status = status;
                    c.last_transition_ms = now;
                }
                c.reason = reason.to_string();
            }
            None => {
                // Kept ordered by type.
                let at = self.conditions.partition_point(|c| c.type_ <= t);
                self.conditions.insert(
                    at,
                    PodCondition {
                        type_: t,
                        status,
                        last_transition_ms: now,
                        reason: reason.to_string(),
                    },
                );
            }
        }
    }
    pub fn is_ready(&self) -> bool {
        self.condition(PodConditionType::Ready)
            .is_some_and(|c| c.status == ConditionStatus::True)
    }
    pub fn restart_count(&self) -> u32 {
        self.container_statuses
            .iter()
            .map(|c| c.restart_count)
            .max()
            .unwrap_or(0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pod {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
    #[serde(default, skip_deserializing)]
    pub status: PodStatus,
}

impl Pod {
    pub fn node(&self) -> Option<&str> {
        self.spec.node_name.as_deref()
    }
    /// `IsPodActive`: not Succeeded/Failed and no deletionTimestamp (controller_utils.go).
    pub fn is_active(&self) -> bool {
        !matches!(self.status.phase, PodPhase::Succeeded | PodPhase::Failed)
            && self.metadata.deletion_ms.is_none()
    }
    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_ms.is_some()
    }
    /// Its store key, `namespace/name`.
    pub fn key(&self) -> String {
        crate::api::store::table_key(&self.metadata.namespace, &self.metadata.name)
    }

    pub fn reference(&self) -> ObjectRef {
        ObjectRef::new(Kind::Pod, &self.metadata.namespace, &self.metadata.name)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateMeta {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: Labels,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodTemplate {
    #[serde(default)]
    pub metadata: TemplateMeta,
    pub spec: PodSpec,
}

// ---------------------------------------------------------------------------------------------
// Nodes and leases
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct NodeResources {
    pub cpu: Cpu,
    pub memory: Mem,
    pub pods: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NodeConditionType {
    /// The kubelet's eviction manager saw memory.available below its hard threshold
    /// (eviction.rs); upstream lists it before Ready.
    MemoryPressure,
    Ready,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeCondition {
    #[serde(rename = "type")]
    pub type_: NodeConditionType,
    pub status: ConditionStatus,
    pub last_heartbeat_ms: Millis,
    pub last_transition_ms: Millis,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct NodeSpec {
    #[serde(default)]
    pub unschedulable: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    pub capacity: NodeResources,
    pub allocatable: NodeResources,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<NodeCondition>,
    /// Images present on the node (pulled once, reused: `imagePullPolicy: IfNotPresent`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub metadata: ObjectMeta,
    pub spec: NodeSpec,
    pub status: NodeStatus,
}

impl Node {
    /// A node offering `res` as both capacity and allocatable, with no conditions or images
    /// yet (its kubelet posts them once it runs).
    pub fn with_resources(name: &str, res: NodeResources) -> Node {
        Node {
            metadata: ObjectMeta::named(name, ""),
            spec: NodeSpec::default(),
            status: NodeStatus {
                capacity: res,
                allocatable: res,
                conditions: Vec::new(),
                images: Vec::new(),
            },
        }
    }

    pub fn ready(&self) -> Option<&NodeCondition> {
        self.status
            .conditions
            .iter()
            .find(|c| c.type_ == NodeConditionType::Ready)
    }
    /// A condition by type.
    pub fn condition(&self, t: NodeConditionType) -> Option<&NodeCondition> {
        self.status.conditions.iter().find(|c| c.type_ == t)
    }
    /// Whether the node reports MemoryPressure=True.
    pub fn memory_pressure(&self) -> bool {
        self.condition(NodeConditionType::MemoryPressure)
            .is_some_and(|c| c.status == ConditionStatus::True)
    }
    pub fn ready_status(&self) -> ConditionStatus {
        self.ready().map_or(ConditionStatus::Unknown, |c| c.status)
    }
    pub fn has_taint(&self, key: &str, effect: TaintEffect) -> bool {
        self.spec
            .taints
            .iter()
            .any(|t| t.key == key && t.effect == effect)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaseSpec {
    pub holder_identity: String,
    pub lease_duration_seconds: u32,
    pub acquire_ms: Millis,
    pub renew_ms: Millis,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lease {
    pub metadata: ObjectMeta,
    pub spec: LeaseSpec,
}

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum StrategyType {
    #[default]
    RollingUpdate,
    Recreate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RollingUpdate {
    #[serde(default = "default_surge")]
    pub max_surge: IntOrPercent,
    #[serde(default = "default_unavailable")]
    pub max_unavailable: IntOrPercent,
}

fn default_surge() -> IntOrPercent {
    IntOrPercent::Percent(crate::config::defaults::MAX_SURGE_PERCENT.value as u32)
}
fn default_unavailable() -> IntOrPercent {
    IntOrPercent::Percent(crate::config::defaults::MAX_UNAVAILABLE_PERCENT.value as u32)
}

impl Default for RollingUpdate {
    fn default() -> Self {
        RollingUpdate {
            max_surge: default_surge(),
            max_unavailable: default_unavailable(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Strategy {
    #[serde(default, rename = "type")]
    pub type_: StrategyType,
    #[serde(default)]
    pub rolling_update: RollingUpdate,
}

fn default_replicas() -> u32 {
    crate::config::defaults::DEPLOYMENT_REPLICAS.value as u32
}
fn default_history() -> u32 {
    crate::config::defaults::REVISION_HISTORY_LIMIT.value as u32
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentSpec {
    #[serde(default = "default_replicas")]
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    #[serde(default)]
    pub strategy: Strategy,
    #[serde(default)]
    pub min_ready_seconds: u32,
    #[serde(default = "default_history")]
    pub revision_history_limit: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatus {
    pub replicas: u32,
    pub updated_replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
    pub unavailable_replicas: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deployment {
    pub metadata: ObjectMeta,
    pub spec: DeploymentSpec,
    #[serde(default, skip_deserializing)]
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub min_ready_seconds: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    pub replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSet {
    pub metadata: ObjectMeta,
    pub spec: ReplicaSetSpec,
    pub status: ReplicaSetStatus,
}

/// Annotation names used by the Deployment controller.
pub const ANNOTATION_REVISION: &str = "deployment.kubernetes.io/revision";
pub const ANNOTATION_DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const ANNOTATION_MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
pub const LABEL_POD_TEMPLATE_HASH: &str = "pod-template-hash";
pub const ANNOTATION_DELETION_COST: &str = "controller.kubernetes.io/pod-deletion-cost";

// ---------------------------------------------------------------------------------------------
// Services and endpoints
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePort {
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceSpec {
    pub selector: Labels,
    #[serde(default)]
    pub ports: Vec<ServicePort>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointAddress {
    pub ip: String,
    pub node_name: String,
    /// targetRef: the pod's name.
    pub pod: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    pub metadata: ObjectMeta,
    pub addresses: Vec<EndpointAddress>,
    pub not_ready_addresses: Vec<EndpointAddress>,
}

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscaler (autoscaling/v2)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScaleTargetRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    pub kind: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceName {
    Cpu,
    Memory,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricTargetType {
    Utilization,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricTarget {
    #[serde(rename = "type")]
    pub type_: MetricTargetType,
    pub average_utilization: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceMetricSource {
    pub name: ResourceName,
    pub target: MetricTarget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricSourceType {
    Resource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricSpec {
    #[serde(rename = "type")]
    pub type_: MetricSourceType,
    pub resource: ResourceMetricSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalingPolicyType {
    Pods,
    Percent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScalingPolicy {
    #[serde(rename = "type")]
    pub type_: ScalingPolicyType,
    pub value: u32,
    pub period_seconds: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SelectPolicy {
    #[default]
    Max,
    Min,
    Disabled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScalingRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stabilization_window_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select_policy: Option<SelectPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<ScalingPolicy>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Behavior {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_up: Option<ScalingRules>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_down: Option<ScalingRules>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HpaSpec {
    pub scale_target_ref: ScaleTargetRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
    pub max_replicas: u32,
    #[serde(default)]
    pub metrics: Vec<MetricSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behavior: Option<Behavior>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HpaCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: ConditionStatus,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct HpaStatus {
    pub current_replicas: u32,
    pub desired_replicas: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_utilization: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_scale_ms: Option<Millis>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<HpaCondition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HorizontalPodAutoscaler {
    pub metadata: ObjectMeta,
    pub spec: HpaSpec,
    #[serde(default, skip_deserializing)]
    pub status: HpaStatus,
}

impl MetricSpec {
    /// A Resource metric on CPU with an average-utilization target (`--cpu-percent`,
    /// `targetCPUUtilizationPercentage`).
    pub fn cpu_utilization(percent: u32) -> MetricSpec {
        MetricSpec {
            type_: MetricSourceType::Resource,
            resource: ResourceMetricSource {
                name: ResourceName::Cpu,
                target: MetricTarget {
                    type_: MetricTargetType::Utilization,
                    average_utilization: percent,
                },
            },
        }
    }
}

impl HorizontalPodAutoscaler {
    pub fn min_replicas(&self) -> u32 {
        self.spec
            .min_replicas
            .unwrap_or(crate::config::defaults::HPA_MIN_REPLICAS.value as u32)
    }
    /// `spec.metrics`, defaulted to CPU utilization 80% when empty.
    pub fn metrics(&self) -> Vec<MetricSpec> {
        if self.spec.metrics.is_empty() {
            vec![MetricSpec::cpu_utilization(
                crate::config::defaults::HPA_DEFAULT_CPU_UTILIZATION.value as u32,
            )]
        } else {
            self.spec.metrics.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_upstream_layout() {
        assert_eq!(
            ObjectRef::new(Kind::Pod, "default", "web-1").key(),
            "/registry/pods/default/web-1"
        );
        assert_eq!(
            ObjectRef::new(Kind::Node, "", "node-1").key(),
            "/registry/minions/node-1"
        );
        assert_eq!(
            ObjectRef::new(Kind::Endpoints, "default", "web").key(),
            "/registry/services/endpoints/default/web"
        );
        assert_eq!(
            ObjectRef::new(Kind::Lease, NODE_LEASE_NAMESPACE, "node-1").key(),
            "/registry/leases/kube-node-lease/node-1"
        );
    }

    #[test]
    fn toleration_matching_follows_upstream_vectors() {
        let taint = Taint {
            key: "dedicated".into(),
            value: "gpu".into(),
            effect: TaintEffect::NoSchedule,
            time_added_ms: None,
        };
        let tol = |key: &str, op, value: &str, effect| Toleration {
            key: key.into(),
            operator: op,
            value: value.into(),
            effect,
            toleration_seconds: None,
        };
        use TolerationOperator::*;
        assert!(tol("dedicated", Equal, "gpu", Some(TaintEffect::NoSchedule)).tolerates(&taint));
        assert!(!tol("dedicated", Equal, "cpu", Some(TaintEffect::NoSchedule)).tolerates(&taint));
        assert!(tol("dedicated", Exists, "", None).tolerates(&taint));
        assert!(!tol("dedicated", Exists, "", Some(TaintEffect::NoExecute)).tolerates(&taint));
        assert!(
            tol("", Exists, "", None).tolerates(&taint),
            "empty key + Exists tolerates all"
        );
    }

    #[test]
    fn fenceposts_scaling() {
        assert_eq!(IntOrPercent::Percent(39).scaled(10, true), 4);
        assert_eq!(IntOrPercent::Percent(39).scaled(10, false), 3);
        assert_eq!(IntOrPercent::Int(2).scaled(10, true), 2);
    }
}

/// Well-known taints the node lifecycle controller sets (`k8s.io/api/core/v1/well_known_taints.go`).
pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";

/// A metrics-server sample for one pod (metrics.k8s.io PodMetrics, one resource).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MetricSample {
    /// Millicores (cpu) or bytes (memory).
    pub value: u64,
    pub timestamp_ms: Millis,
    pub window_ms: Millis,
}

/// The revision annotation of a ReplicaSet (`deploymentutil.Revision`).
pub fn revision_of(rs: &ReplicaSet) -> Option<u64> {
    rs.metadata
        .annotations
        .get(ANNOTATION_REVISION)
        .and_then(|v| v.parse::<u64>().ok())
}
