//! The controllers of kube-controller-manager (and the autoscalers beside it).

pub mod clusterautoscaler;
pub mod gc;
pub mod hpa;
pub mod nodelifecycle;
pub mod vpa;
pub mod workloads;

#[cfg(test)]
mod tests;
