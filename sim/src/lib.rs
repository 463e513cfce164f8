//! Kubelab's engine. See `sim/README.md` and `sim/ARCHITECTURE.md`.

pub mod defaults;
pub mod events;
pub mod hpa;
pub mod objects;
pub mod scheduler;
pub mod store;
pub mod timing;
pub mod util;
