//! The views: one registry that the navigation, the router, the start page and the tests
//! all iterate. Adding a view is a new module, a `ViewId` variant, a registry entry and a
//! line in the [`Bundle`] that carries it.

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
    /// Its sections that the address can show alone (`section=race`, for an embed of one
    /// experiment): each is an element of the view with that `data-part`.
    pub sections: &'static [&'static str],
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
        sections: &["gig", "servers"],
    },
    ViewSpec {
        id: ViewId::VmVsContainer,
        slug: "vm-vs-container",
        nav: t::VM_NAV,
        title: t::VM_TITLE,
        summary: t::VM_SUMMARY,
        plans: t::VM_PLANS,
        status: Status::Ready,
        sections: &["stacks", "race", "density", "overhead", "isolation"],
    },
    ViewSpec {
        id: ViewId::ImageVsContainer,
        slug: "image-vs-container",
        nav: t::IMAGE_NAV,
        title: t::IMAGE_TITLE,
        summary: t::IMAGE_SUMMARY,
        plans: t::IMAGE_PLANS,
        status: Status::Ready,
        sections: &["recipes", "containers", "disk", "registry"],
    },
    ViewSpec {
        id: ViewId::Cluster,
        slug: "cluster",
        nav: t::CLUSTER_NAV,
        title: t::CLUSTER_TITLE,
        summary: t::CLUSTER_SUMMARY,
        plans: t::CLUSTER_PLANS,
        status: Status::Ready,
        sections: &[],
    },
    ViewSpec {
        id: ViewId::Eks,
        slug: "eks",
        nav: t::EKS_NAV,
        title: t::EKS_TITLE,
        summary: t::EKS_SUMMARY,
        plans: t::EKS_PLANS,
        status: Status::Ready,
        sections: &["map", "managed", "ecs", "calc"],
    },
];

/// What one wasm binary carries. The app ships as three (see `index.html` and
/// ARCHITECTURE.md): the guide (start page and explainers), the classroom (the same with
/// lessons and presenter mode) and the cluster lab (the Cluster view and the engine, with
/// lessons and presenter mode), so that no address downloads code it does not show.
/// Following a link to a view of another bundle loads the page anew.
pub struct Bundle {
    /// The views this binary can draw (the start page is in every bundle).
    pub views: &'static [ViewId],
    /// Draws one of `views` (the shell never asks for another).
    pub render: fn(ViewId) -> Html,
    /// How lessons drive this binary's live view (the Cluster view's engine), if it has one.
    pub live: Option<&'static crate::lessons::Live>,
    /// The lesson panel and presenter mode, in the binaries for classes.
    pub class: Option<&'static crate::lessons::Class>,
}

impl Bundle {
    pub fn has(&self, id: ViewId) -> bool {
        self.views.contains(&id)
    }
}

impl PartialEq for Bundle {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The explainers, as the guide and the classroom binaries draw them.
fn explainer(id: ViewId) -> Html {
    match id {
        ViewId::WhyContainers => why::render(),
        ViewId::VmVsContainer => vm::render(),
        ViewId::ImageVsContainer => image::render(),
        ViewId::Eks => eks::render(),
        ViewId::Cluster => Html::default(),
    }
}

const EXPLAINERS: &[ViewId] = &[
    ViewId::WhyContainers,
    ViewId::VmVsContainer,
    ViewId::ImageVsContainer,
    ViewId::Eks,
];

/// The start page and the four explainers: what opens first.
pub static GUIDE: Bundle = Bundle {
    views: EXPLAINERS,
    render: explainer,
    live: None,
    class: None,
};

/// The same views with the lesson panel and presenter mode: what a lesson or presenter
/// address on the explainers loads.
pub static CLASSROOM: Bundle = Bundle {
    views: EXPLAINERS,
    render: explainer,
    live: None,
    class: Some(&crate::lessons::CLASS),
};

fn cluster_only(id: ViewId) -> Html {
    match id {
        ViewId::Cluster => cluster::render(),
        _ => Html::default(),
    }
}

/// The Cluster view with the engine: what `view=cluster` opens.
pub static CLUSTER: Bundle = Bundle {
    views: &[ViewId::Cluster],
    render: cluster_only,
    live: None,
    class: None,
};

/// The same with the lesson panel, the lessons' seam to the engine and presenter mode: what a
/// lesson or presenter address on the Cluster view loads (the lessons' code and the command
/// parser they need stay out of the lab's first load).
pub static CLUSTER_CLASS: Bundle = Bundle {
    views: &[ViewId::Cluster],
    render: cluster_only,
    live: Some(&crate::lessons::live::LIVE),
    class: Some(&crate::lessons::CLASS_LAB),
};

/// Every view in one binary: the browser tests mount this one.
pub static EVERYTHING: Bundle = Bundle {
    views: &ViewId::ALL,
    render: |id| {
        let shipped = if GUIDE.has(id) { &GUIDE } else { &CLUSTER };
        (shipped.render)(id)
    },
    live: Some(&crate::lessons::live::LIVE),
    class: Some(&crate::lessons::CLASS),
};

/// The bundle `index.html`'s loader fetches for a `view=` value, and whether the address
/// asks for a lesson or presenter mode (`classroom`). It must agree with the loader's
/// script; the test below and the end-to-end tests hold them together.
pub fn bundle_for(view: Option<ViewId>, classroom: bool) -> &'static Bundle {
    match view {
        Some(ViewId::Cluster) if classroom => &CLUSTER_CLASS,
        Some(ViewId::Cluster) => &CLUSTER,
        _ if classroom => &CLASSROOM,
        _ => &GUIDE,
    }
}

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
    fn every_view_is_in_exactly_one_shipped_bundle_and_the_loader_picks_it() {
        for id in ViewId::ALL {
            assert_eq!(
                [&GUIDE, &CLUSTER].iter().filter(|b| b.has(id)).count(),
                1,
                "{id:?}"
            );
            assert_eq!(GUIDE.has(id), CLASSROOM.has(id), "{id:?}");
            for classroom in [false, true] {
                assert!(bundle_for(Some(id), classroom).has(id), "{id:?}");
            }
            assert!(EVERYTHING.has(id));
        }
        // index.html's loader sends the Cluster view's slug (trimmed, any case) to the
        // cluster lab's binary, a lesson or presenter address to the classroom's, and
        // everything else to the guide's.
        let html = include_str!("../../index.html");
        let rule = format!(
            "const cluster = view === '{}';\n    const name = cluster ? (classroom ? 'kubelab-cluster-class' : 'kubelab-cluster') : classroom ? 'kubelab-class' : 'kubelab';",
            ViewId::Cluster.slug()
        );
        assert!(html.contains(&rule), "loader and registry disagree");
        assert_eq!(CLUSTER.views, &[ViewId::Cluster]);
        assert!(std::ptr::eq(bundle_for(None, false), &GUIDE));
        assert!(std::ptr::eq(bundle_for(None, true), &CLASSROOM));
        // Lessons and presenter mode are in the classroom's and the cluster lab's binaries
        // only; the engine seam in the cluster lab's only.
        assert!(GUIDE.class.is_none() && GUIDE.live.is_none());
        assert!(CLASSROOM.class.is_some() && CLASSROOM.live.is_none());
        assert!(CLUSTER.class.is_none() && CLUSTER.live.is_none());
        assert!(CLUSTER_CLASS.class.is_some() && CLUSTER_CLASS.live.is_some());
        assert!(std::ptr::eq(
            bundle_for(Some(ViewId::Cluster), false),
            &CLUSTER
        ));
        assert!(std::ptr::eq(
            bundle_for(Some(ViewId::Cluster), true),
            &CLUSTER_CLASS
        ));
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
