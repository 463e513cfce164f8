//! The cluster lab: the Cluster view and the engine (what `index.html` loads for
//! `view=cluster`).
fn main() {
    kubelab::start(&kubelab::views::CLUSTER);
}
