//! The API server and what it stores: the objects (`objects`, `vpa`), the etcd-like store
//! (`store`, `index`), the API core (`core`: store, event log, random stream, clock), the one
//! door for writes (`stage`: admission, store write, indexes, watch events), admission
//! (`admission`), the watch events the components' informers receive (`watch`), and the
//! validation and refusal types below.

pub(crate) mod admission;
pub mod component;
pub mod core;
pub mod events;
pub mod index;
pub(crate) mod json;
pub mod objects;
mod stage;
pub mod store;
pub mod vpa;
pub mod watch;

use crate::api::objects::*;
use crate::util::Millis;

/// Longest accepted scenario text (bytes): guards the parser against huge inputs.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;
/// Most nodes a scenario may declare (Kubernetes' published limit).
pub const MAX_NODES: u64 = 5_000;
/// Most replicas one Deployment (or HPA maxReplicas) may ask for in this model.
pub const MAX_REPLICAS: u32 = 10_000;
/// Longest run a scenario may ask for (`until`, action times): 7 simulated days.
pub const MAX_RUN_MS: Millis = 7 * 24 * 3_600_000;

/// Why the API server refused a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError(pub String);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why the engine refuses a command or a write, before any text position is known: the
/// command layer (`cli/`) turns it into a message pointing at the command's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The command names something that does not exist.
    NotFound { kind: String, name: String },
    /// Well formed, but it cannot apply now (or the API server's validation refused it).
    Rejected { reason: String },
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        Refusal::Rejected { reason: e.0 }
    }
}

/// DNS-1123 label-ish name check (lowercase alphanumerics, '-' and '.', max 253).
pub fn validate_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(ApiError(format!(
            "invalid name {}: must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
            crate::util::Quoted(name)
        )))
    }
}

pub fn validate_pod_spec(spec: &PodSpec) -> Result<(), ApiError> {
    if spec.containers.is_empty() {
        return Err(ApiError("a pod needs at least one container".into()));
    }
    let cs = &spec.containers;
    if (0..cs.len()).any(|i| cs[..i].iter().any(|c| c.name == cs[i].name)) {
        return Err(ApiError("container names must be unique".into()));
    }
    for c in &spec.containers {
        validate_name(&c.name)?;
        if c.image.is_empty() {
            return Err(ApiError(format!("container {} has no image", c.name)));
        }
        let r = &c.resources;
        if let (Some(req), Some(lim)) = (r.requests.cpu, r.limits.cpu)
            && req > lim
        {
            return Err(ApiError(format!(
                "container {}: cpu request must be <= limit",
                c.name
            )));
        }
        if let (Some(req), Some(lim)) = (r.requests.memory, r.limits.memory)
            && req > lim
        {
            return Err(ApiError(format!(
                "container {}: memory request must be <= limit",
                c.name
            )));
        }
    }
    Ok(())
}

/// Deployment validation (the subset the model needs).
pub fn validate_deployment(d: &Deployment) -> Result<(), ApiError> {
    validate_name(&d.metadata.name)?;
    if d.spec.replicas > MAX_REPLICAS {
        return Err(ApiError(format!(
            "replicas above the model's limit of {}",
            MAX_REPLICAS
        )));
    }
    validate_pod_spec(&d.spec.template.spec)?;
    if !d.spec.selector.matches(&d.spec.template.metadata.labels) {
        return Err(ApiError(
            "spec.selector does not match spec.template.metadata.labels".into(),
        ));
    }
    Ok(())
}

/// HorizontalPodAutoscaler validation.
pub fn validate_hpa(h: &HorizontalPodAutoscaler) -> Result<(), ApiError> {
    validate_name(&h.metadata.name)?;
    if h.spec.metrics.len() > 1 {
        return Err(ApiError(
            "this model supports one metric per HorizontalPodAutoscaler".into(),
        ));
    }
    if h.spec.max_replicas > MAX_REPLICAS {
        return Err(ApiError(format!(
            "maxReplicas above the model's limit of {}",
            MAX_REPLICAS
        )));
    }
    if h.metrics()
        .iter()
        .any(|m| m.resource.target.average_utilization == 0)
    {
        return Err(ApiError("averageUtilization must be greater than 0".into()));
    }
    if h.spec.max_replicas < h.min_replicas().max(1) {
        return Err(ApiError(
            "maxReplicas must be at least minReplicas and 1".into(),
        ));
    }
    Ok(())
}
