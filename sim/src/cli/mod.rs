//! The command language (`command`), kubectl's read side and printers (`kubectl`), applying
//! commands to a `Sim` (`actions`) and `rollout history|undo` (`rollout`).

pub mod actions;
pub mod command;
pub mod kubectl;
pub mod rollout;
