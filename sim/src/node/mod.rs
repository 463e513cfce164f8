//! What runs on a worker node: the machine and its kubelet, node-pressure eviction, container
//! faults, and kube-proxy with the load model and metrics-server.

pub mod eviction;
pub mod faults;
pub mod kubelet;
pub mod load;
