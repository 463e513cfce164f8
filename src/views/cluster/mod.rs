//! The live Cluster view.

pub mod driver;
pub mod path;
pub mod scenarios;
pub mod snapshot;

use super::ViewSpec;
use yew::prelude::*;

pub fn render(spec: &ViewSpec) -> Html {
    super::coming::render(spec)
}
