//! Kubelab's engine: a deterministic model of a Kubernetes cluster.
//!
//! The app owns a [`Sim`], sends it [`Command`]s ([`Sim::apply`] / [`Sim::run`]), advances
//! time ([`Sim::advance`], [`Sim::step`]) and reads state, events ([`Sim::events_since`]),
//! scheduling decisions, HPA computations and chart series. See `sim/README.md` for the
//! scenario and trace formats and `sim/ARCHITECTURE.md` for the code map.
//!
//! Cargo feature `yaml` (default): scenario files, the JSONL trace (`scenario`, `trace`,
//! `run_scenario_trace`, the runner) and `apply -f` manifests (`manifest`, `Sim::add_file`,
//! `parse_manifests`). Without it the engine is driven through its API and command language
//! only (`apply -f` is refused with its reason), which keeps serde-saphyr out of a wasm build.

// Layers, lowest first; a folder imports only from folders above it in this list.
pub mod api;
pub mod cli;
pub mod config;
pub mod controllers;
pub mod controlplane;
mod engine;
pub mod node;
pub mod scenario;
pub mod scheduler;
pub mod util;

/// Which optional controllers this build has (the crate's features), for callers that
/// leave out what cannot happen: `if sim::features::VPA { ... }` is gone from a build
/// without it.
pub mod features {
    /// The VerticalPodAutoscaler (feature `vpa`).
    pub const VPA: bool = cfg!(feature = "vpa");
    /// The cluster autoscaler and node deletion (feature `cluster-autoscaler`).
    pub const CLUSTER_AUTOSCALER: bool = cfg!(feature = "cluster-autoscaler");
}

// The module paths the app and the tools use (`sim::objects::Pod`, `sim::hpa::CalcBranch`, …).
pub use api::{events, objects, store};
pub use cli::{command, kubectl};
pub use config::{defaults, timing};
pub use controllers::{hpa, vpa};
pub use node::{eviction, load};
/// The workload controllers' pure parts, at their former path.
pub mod workloads {
    pub use crate::controllers::deployment::{new_rs_new_replicas, resolve_fenceposts};
    pub use crate::controllers::replicaset::{RankedPod, delete_before, less};
}

pub use cli::actions::Applied;
pub use cli::command::{Command, CommandError, parse as parse_command};
pub use controllers::clusterautoscaler::{
    CaDecision, NodeGroupView, ProvisioningNode, UnneededNode,
};
pub use controlplane::{ControlPlaneMemberView, Elected, EtcdQuorumView, LeaderView};
pub use engine::{NodeView, PodView, Sim, SimConfig};
pub use events::{Event, EventKind};
#[cfg(feature = "yaml")]
pub use scenario::manifest::{Document, Manifest, ManifestError, parse_manifests};
#[cfg(feature = "yaml")]
pub use scenario::{Error, Scenario, ScenarioError, parse_scenario, run_scenario_trace};
pub use timing::{Profile, Timing};
pub use vpa::{UpdateMode, VerticalPodAutoscaler, VpaView};
