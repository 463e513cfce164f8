fn main() {
    kubelab::start();
}
