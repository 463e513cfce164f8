//! The VerticalPodAutoscaler object (autoscaling.k8s.io/v1) and its validation; the
//! controller that fills its status is `controllers/vpa.rs`.

use crate::api::objects::*;
use crate::config::defaults as d;
use serde::{Deserialize, Serialize};

/// `spec.updatePolicy.updateMode`. Unset means `Auto` (upstream's default), which is a
/// deprecated alias of `Recreate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum UpdateMode {
    Off,
    Initial,
    Recreate,
    #[default]
    Auto,
}

impl UpdateMode {
    pub const ALL: [UpdateMode; 4] = [
        UpdateMode::Off,
        UpdateMode::Initial,
        UpdateMode::Recreate,
        UpdateMode::Auto,
    ];
    pub fn name(self) -> &'static str {
        match self {
            UpdateMode::Off => "Off",
            UpdateMode::Initial => "Initial",
            UpdateMode::Recreate => "Recreate",
            UpdateMode::Auto => "Auto",
        }
    }
    /// Case-insensitive.
    pub fn parse(s: &str) -> Option<UpdateMode> {
        UpdateMode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
    }
    /// Whether the admission controller writes requests into new pods.
    pub fn admits(self) -> bool {
        self != UpdateMode::Off
    }
    /// Whether the updater evicts pods.
    pub fn evicts(self) -> bool {
        matches!(self, UpdateMode::Recreate | UpdateMode::Auto)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodUpdatePolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_mode: Option<UpdateMode>,
    /// Overrides the updater's `--min-replicas` for this VPA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerResourcePolicy {
    /// A container name, or `*` for every container without its own policy.
    pub container_name: String,
    #[serde(default)]
    pub min_allowed: ResourceList,
    #[serde(default)]
    pub max_allowed: ResourceList,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodResourcePolicy {
    #[serde(default)]
    pub container_policies: Vec<ContainerResourcePolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpaSpec {
    pub target_ref: ScaleTargetRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_policy: Option<PodUpdatePolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<PodResourcePolicy>,
}

/// One container's recommendation (`status.recommendation.containerRecommendations[]`).
/// Every list has both cpu and memory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendedContainerResources {
    pub container_name: String,
    pub target: ResourceList,
    pub lower_bound: ResourceList,
    pub upper_bound: ResourceList,
    pub uncapped_target: ResourceList,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RecommendedPodResources {
    pub container_recommendations: Vec<RecommendedContainerResources>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VpaCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: ConditionStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct VpaStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<RecommendedPodResources>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<VpaCondition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerticalPodAutoscaler {
    pub metadata: ObjectMeta,
    pub spec: VpaSpec,
    #[serde(default, skip_deserializing)]
    pub status: VpaStatus,
}

impl VerticalPodAutoscaler {
    pub fn mode(&self) -> UpdateMode {
        self.spec
            .update_policy
            .as_ref()
            .and_then(|p| p.update_mode)
            .unwrap_or_default()
    }
    /// The updater's minimum of live replicas for this VPA.
    pub fn min_replicas(&self) -> u32 {
        self.spec
            .update_policy
            .as_ref()
            .and_then(|p| p.min_replicas)
            .unwrap_or(d::VPA_MIN_REPLICAS.value as u32)
    }
    /// The policy for a container: its own, else `*` (`GetContainerResourcePolicy`).
    pub fn policy_for(&self, container: &str) -> Option<&ContainerResourcePolicy> {
        let ps = &self.spec.resource_policy.as_ref()?.container_policies;
        ps.iter()
            .find(|p| p.container_name == container)
            .or_else(|| ps.iter().find(|p| p.container_name == "*"))
    }
    pub fn recommendation_for(&self, container: &str) -> Option<&RecommendedContainerResources> {
        self.status
            .recommendation
            .as_ref()?
            .container_recommendations
            .iter()
            .find(|r| r.container_name == container)
    }
    /// `RecommendationProvided` condition.
    pub fn provided(&self) -> bool {
        self.status
            .conditions
            .iter()
            .any(|c| c.type_ == "RecommendationProvided" && c.status == ConditionStatus::True)
    }
}

/// Validation of a VerticalPodAutoscaler (the CRD's schema and the model's limits).
pub fn validate_vpa(v: &VerticalPodAutoscaler) -> Result<(), crate::api::ApiError> {
    use crate::api::ApiError;
    crate::api::validate_name(&v.metadata.name)?;
    if v.spec.target_ref.kind != "Deployment" {
        return Err(ApiError(
            "this model's VerticalPodAutoscaler targets Deployments only".into(),
        ));
    }
    crate::api::validate_name(&v.spec.target_ref.name)?;
    for p in v
        .spec
        .resource_policy
        .iter()
        .flat_map(|r| &r.container_policies)
    {
        let (lo, hi) = (&p.min_allowed, &p.max_allowed);
        if let (Some(a), Some(b)) = (lo.cpu, hi.cpu)
            && a > b
        {
            return Err(ApiError(format!(
                "container {}: minAllowed cpu above maxAllowed",
                p.container_name
            )));
        }
        if let (Some(a), Some(b)) = (lo.memory, hi.memory)
            && a > b
        {
            return Err(ApiError(format!(
                "container {}: minAllowed memory above maxAllowed",
                p.container_name
            )));
        }
    }
    Ok(())
}

/// CPU millicores and memory bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Amounts {
    pub cpu_m: u64,
    pub memory: u64,
}

impl Amounts {
    pub(crate) fn list(self) -> ResourceList {
        ResourceList {
            cpu: Some(Cpu(self.cpu_m)),
            memory: Some(Mem(self.memory)),
        }
    }
    pub fn of(l: &ResourceList) -> Amounts {
        Amounts {
            cpu_m: l.cpu.map_or(0, |c| c.0),
            memory: l.memory.map_or(0, |m| m.0),
        }
    }
}
