//! The controllers of kube-controller-manager (and the autoscalers beside it).

pub mod clusterautoscaler;
pub mod deployment;
pub mod endpoints;
pub mod gc;
pub mod hpa;
pub mod nodelifecycle;
pub mod replicaset;
pub mod vpa;

#[cfg(test)]
mod tests;
