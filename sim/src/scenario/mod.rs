//! Scenario files (`file`, feature `yaml`), `apply -f` manifests (`manifest`; without `yaml`
//! only the refusal) and the JSON Lines trace (`trace`, feature `yaml`).

#[cfg(feature = "yaml")]
mod file;
pub mod manifest;
#[cfg(feature = "yaml")]
pub mod trace;

#[cfg(feature = "yaml")]
pub use file::*;
#[cfg(feature = "yaml")]
pub use trace::{Error, run_scenario_trace};
