//! The engine's settings for one run.

use crate::config::scheduler::SchedulerConfig;
use crate::config::timing::Profile;
use serde::{Deserialize, Serialize};

/// Engine settings of a run. `seed` and `profile` are the current ones: the `seed` and
/// `profile` verbs change them (see `Sim::reseed`, `Sim::set_profile`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimConfig {
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub scheduler: SchedulerConfig,
    /// Events kept (oldest roll off).
    #[serde(default = "default_event_capacity")]
    pub event_capacity: usize,
    /// HPA computations kept.
    #[serde(default = "default_hpa_history")]
    pub hpa_history: usize,
    /// Chart samples kept per series (one per simulated second).
    #[serde(default = "default_series_window")]
    pub series_window: usize,
    /// Emit an event for every kubelet lease renewal (noisy on big clusters).
    #[serde(default = "default_true")]
    pub lease_events: bool,
    /// Control-plane nodes (stacked etcd), 1 to 7.
    #[serde(default = "default_control_plane_nodes")]
    pub control_plane_nodes: u32,
}

fn default_control_plane_nodes() -> u32 {
    crate::config::defaults::CONTROL_PLANE_NODES.value as u32
}

fn default_event_capacity() -> usize {
    20_000
}
fn default_hpa_history() -> usize {
    256
}
fn default_series_window() -> usize {
    3_600
}
fn default_true() -> bool {
    true
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 0,
            profile: Profile::Real,
            scheduler: SchedulerConfig::default(),
            event_capacity: default_event_capacity(),
            hpa_history: default_hpa_history(),
            series_window: default_series_window(),
            lease_events: true,
            control_plane_nodes: default_control_plane_nodes(),
        }
    }
}
