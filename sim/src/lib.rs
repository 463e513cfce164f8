//! Kubelab's engine: a deterministic model of a Kubernetes cluster.
//!
//! The app owns a [`Sim`], sends it [`Command`]s ([`Sim::apply`] / [`Sim::run`]), advances
//! time ([`Sim::advance`], [`Sim::step`]) and reads state, events ([`Sim::events_since`]),
//! scheduling decisions, HPA computations and chart series. See `sim/README.md` for the
//! scenario and trace formats and `sim/ARCHITECTURE.md` for the module map.
//!
//! Cargo feature `yaml` (default): scenario files, the JSONL trace (`scenario`, `trace`,
//! `run_scenario_trace`, the runner) and `apply -f` manifests (`manifest`, `Sim::add_file`,
//! `parse_manifests`). Without it the engine is driven through its API and command language
//! only (`apply -f` is refused with its reason), which keeps serde-saphyr out of a wasm build.

pub mod actions;
pub mod api;
mod autoscaler;
pub mod clusterautoscaler;
pub mod command;
pub mod controlplane;
pub mod defaults;
mod delete;
pub mod events;
pub mod eviction;
pub mod faults;
pub mod hpa;
pub mod index;
mod json;
pub mod kubectl;
pub mod kubelet;
pub mod load;
pub mod manifest;
pub mod nodelifecycle;
pub mod objects;
pub mod rollout;
#[cfg(feature = "yaml")]
pub mod scenario;
pub mod scheduler;
mod sim;
pub mod store;
pub mod timing;
#[cfg(feature = "yaml")]
pub mod trace;
pub mod util;
pub mod vpa;
pub mod workloads;

/// Which optional controllers this build has (the crate's features), for callers that
/// leave out what cannot happen: `if sim::features::VPA { ... }` is gone from a build
/// without it.
pub mod features {
    /// The VerticalPodAutoscaler (feature `vpa`).
    pub const VPA: bool = cfg!(feature = "vpa");
    /// The cluster autoscaler and node deletion (feature `cluster-autoscaler`).
    pub const CLUSTER_AUTOSCALER: bool = cfg!(feature = "cluster-autoscaler");
}

pub use actions::Applied;
pub use clusterautoscaler::{CaDecision, NodeGroupView, ProvisioningNode, UnneededNode};
pub use command::{Command, CommandError, parse as parse_command};
pub use controlplane::{ControlPlaneMemberView, Elected, EtcdQuorumView, LeaderView};
pub use events::{Event, EventKind};
#[cfg(feature = "yaml")]
pub use manifest::{Document, Manifest, ManifestError, parse_manifests};
#[cfg(feature = "yaml")]
pub use scenario::{Scenario, ScenarioError, parse_scenario};
pub use sim::{NodeView, PodView, Sim, SimConfig};
pub use timing::{Profile, Timing};
#[cfg(feature = "yaml")]
pub use trace::{Error, run_scenario_trace};
pub use vpa::{UpdateMode, VerticalPodAutoscaler, VpaView};
