//! The classroom: the start page and the explainers with guided lessons and presenter mode
//! (what `index.html` loads for `lesson=` or `present=1` outside the Cluster view).
fn main() {
    kubelab::start(&kubelab::views::CLASSROOM);
}
