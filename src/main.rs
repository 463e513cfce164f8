//! The guide: the start page and the explainers (what `index.html` loads by default).
fn main() {
    kubelab::start(&kubelab::views::GUIDE);
}
