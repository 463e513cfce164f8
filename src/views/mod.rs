//! The views: one registry that the navigation, the router, the start page and the tests
//! all iterate. Adding a view is a new module, a `ViewId` variant and a registry entry.

pub mod cluster;
mod coming;
pub mod eks;
pub mod home;
pub mod image;
pub mod pieces;
pub mod vm;
pub mod why;

use crate::i18n::{Msg, cat::views as t};
use yew::Html;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewId {
    WhyContainers,
    VmVsContainer,
    ImageVsContainer,
    Cluster,
    Eks,
}

/// Whether a view is interactive yet. A view that is not says so plainly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ready,
    Coming,
}

pub struct ViewSpec {
    pub id: ViewId,
    /// The `view=` value in the address.
    pub slug: &'static str,
    /// Short label for the navigation.
    pub nav: Msg,
    pub title: Msg,
    pub summary: Msg,
    /// What the view lets you do, `|`-separated; shown while it is being built.
    pub plans: Msg,
    pub status: Status,
    render: fn(&ViewSpec) -> Html,
}

impl ViewSpec {
    pub fn render(&self) -> Html {
        (self.render)(self)
    }
}

/// In the order of the journey.
pub static VIEWS: [ViewSpec; 5] = [
    ViewSpec {
        id: ViewId::WhyContainers,
        slug: "why-containers",
        nav: t::WHY_NAV,
        title: t::WHY_TITLE,
        summary: t::WHY_SUMMARY,
        plans: t::WHY_PLANS,
        status: Status::Ready,
        render: why::render,
    },
    ViewSpec {
        id: ViewId::VmVsContainer,
        slug: "vm-vs-container",
        nav: t::VM_NAV,
        title: t::VM_TITLE,
        summary: t::VM_SUMMARY,
        plans: t::VM_PLANS,
        status: Status::Ready,
        render: vm::render,
    },
    ViewSpec {
        id: ViewId::ImageVsContainer,
        slug: "image-vs-container",
        nav: t::IMAGE_NAV,
        title: t::IMAGE_TITLE,
        summary: t::IMAGE_SUMMARY,
        plans: t::IMAGE_PLANS,
        status: Status::Ready,
        render: image::render,
    },
    ViewSpec {
        id: ViewId::Cluster,
        slug: "cluster",
        nav: t::CLUSTER_NAV,
        title: t::CLUSTER_TITLE,
        summary: t::CLUSTER_SUMMARY,
        plans: t::CLUSTER_PLANS,
        status: Status::Ready,
        render: cluster::render,
    },
    ViewSpec {
        id: ViewId::Eks,
        slug: "eks",
        nav: t::EKS_NAV,
        title: t::EKS_TITLE,
        summary: t::EKS_SUMMARY,
        plans: t::EKS_PLANS,
        status: Status::Ready,
        render: eks::render,
    },
];

impl ViewId {
    pub const ALL: [ViewId; 5] = [
        ViewId::WhyContainers,
        ViewId::VmVsContainer,
        ViewId::ImageVsContainer,
        ViewId::Cluster,
        ViewId::Eks,
    ];

    pub fn spec(self) -> &'static ViewSpec {
        // The registry is in `ALL` order; the test below keeps it so.
        &VIEWS[self as usize]
    }

    pub fn slug(self) -> &'static str {
        self.spec().slug
    }

    /// Case-insensitive; surrounding spaces ignored.
    pub fn from_slug(slug: &str) -> Option<ViewId> {
        let slug = slug.trim();
        VIEWS
            .iter()
            .find(|v| v.slug.eq_ignore_ascii_case(slug))
            .map(|v| v.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_id_order_with_unique_url_safe_slugs() {
        for (i, id) in ViewId::ALL.iter().enumerate() {
            assert_eq!(VIEWS[i].id, *id, "registry entry {i} is out of order");
            assert_eq!(ViewId::from_slug(id.slug()), Some(*id));
            assert!(
                id.slug()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
        }
        let mut slugs: Vec<_> = VIEWS.iter().map(|v| v.slug).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), VIEWS.len());
    }

    #[test]
    fn every_view_says_what_it_will_let_you_do() {
        for v in &VIEWS {
            for lang in crate::i18n::Lang::ALL {
                assert!(
                    v.plans.items(lang).count() >= 2,
                    "{}: too few plans in {lang:?}",
                    v.slug
                );
            }
        }
    }
}
