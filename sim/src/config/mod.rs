//! Every default once, with its source ([`defaults`]), and the real and classroom timing
//! profiles built from them ([`timing`]).

pub mod defaults;
pub mod scheduler;
pub mod sim;
pub mod timing;
