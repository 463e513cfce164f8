//! Kubelab's engine. See `sim/README.md`.
