//! kube-scheduler's configuration (the part of `KubeSchedulerConfiguration` the model has:
//! the NodeResourcesFit scoring strategy and `percentageOfNodesToScore`), and how much of
//! its decisions the engine keeps for display.

use crate::config::defaults as d;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ScoringStrategy {
    #[default]
    LeastAllocated,
    MostAllocated,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SchedulerConfig {
    #[serde(default)]
    pub scoring_strategy: ScoringStrategy,
    /// 0 = adaptive (upstream default).
    #[serde(default)]
    pub percentage_of_nodes_to_score: u32,
    /// How many per-node rows a kept decision holds (score rows: the best ones; filter rows:
    /// the first ones). Upstream reports the top 3 scored nodes; the UI wants a full table on
    /// classroom-sized clusters.
    #[serde(default = "default_rows")]
    pub decision_rows: usize,
    /// How many decisions are kept.
    #[serde(default = "default_decisions")]
    pub decision_history: usize,
}

fn default_rows() -> usize {
    100
}
fn default_decisions() -> usize {
    256
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            scoring_strategy: ScoringStrategy::LeastAllocated,
            percentage_of_nodes_to_score: d::PERCENTAGE_OF_NODES_TO_SCORE.value as u32,
            decision_rows: default_rows(),
            decision_history: default_decisions(),
        }
    }
}
