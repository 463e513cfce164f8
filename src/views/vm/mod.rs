//! "VM vs container".

pub mod model;
