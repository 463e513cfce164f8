//! The cluster lab for classes: the Cluster view and the engine with guided lessons and
//! presenter mode (what `index.html` loads for `view=cluster` with `lesson=` or `present=1`).
fn main() {
    kubelab::start(&kubelab::views::CLUSTER_CLASS);
}
