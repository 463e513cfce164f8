//! The cluster lab: the Cluster view and the engine (what `index.html` loads for
//! `view=cluster` without a lesson or presenter mode).
fn main() {
    kubelab::start(&kubelab::views::CLUSTER);
}
