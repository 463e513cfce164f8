//! The parts of each view that a lesson may name: the `data-part` values the views render.
//! A lesson highlights a part, asks the learner to press it, and checks what it shows, by
//! this name only; the views know nothing of lessons.
//!
//! Plain data without dependencies: the lesson checker includes this file with `#[path]`
//! and refuses a lesson that names a part missing here; an end-to-end test checks that the
//! views render every part marked always shown.

/// A part: its `data-part` value, and whether the view shows it from the start (the
/// others appear after an action, e.g. a container's buttons once it runs).
pub type Part = (&'static str, bool);

/// Each view's parts, by the view's slug.
pub const VIEW_PARTS: &[(&str, &[Part])] = &[
    (
        "why-containers",
        &[
            ("gig", true),
            ("gig-carry", true),
            ("gig-copy", true),
            ("gig-next", true),
            ("gig-log", true),
            ("servers", true),
            ("mode-hand", true),
            ("mode-images", true),
            ("expert-gone", true),
            ("move-shop", true),
            ("add-shop", true),
            ("move-billing", true),
            ("add-billing", true),
            ("move-reports", true),
            ("add-reports", true),
            ("why-reset", true),
            ("worklog", true),
            ("compare", true),
            ("why-switch", false),
        ],
    ),
    (
        "vm-vs-container",
        &[
            ("stacks", true),
            ("hv-type1", true),
            ("hv-type2", true),
            ("layer-hardware", true),
            ("layer-host-os", false),
            ("layer-hypervisor", true),
            ("layer-guest-os", true),
            ("layer-kernel", true),
            ("layer-runtime", true),
            ("layer-isolation", true),
            ("race", true),
            ("race-start", true),
            ("race-skip", false),
            ("race-results", false),
            ("density", true),
            ("d-host", true),
            ("d-cores", true),
            ("d-app", true),
            ("d-app-cpu", true),
            ("d-instances", true),
            ("host-vms", true),
            ("host-cts", true),
            ("overhead", true),
            ("isolation", true),
            ("kernel-bug", true),
        ],
    ),
    (
        "image-vs-container",
        &[
            ("recipes", true),
            ("build-0", true),
            ("build-1", true),
            ("containers", true),
            ("run-0", true),
            ("run-1", true),
            ("c1-change", false),
            ("c1-delete", false),
            ("c1-writable", false),
            ("disk", true),
            ("registry", true),
            ("push-0", true),
            ("push-1", true),
            ("pull-0", true),
            ("pull-1", true),
            ("transfer", false),
        ],
    ),
    (
        "cluster",
        &[
            ("user", true),
            ("loadgen", true),
            ("service", true),
            ("apiserver", true),
            ("etcd", true),
            ("scheduler", true),
            ("controller-manager", true),
            ("cloud-controller-manager", true),
            ("metrics-server", true),
            ("hpa", true),
            ("vpa", false),
            ("controls", true),
            ("path", true),
            ("log", true),
            ("charts", true),
        ],
    ),
    (
        "eks",
        &[
            ("map", true),
            ("kubectl", true),
            ("region", true),
            ("az", true),
            ("eks-vpc", true),
            ("endpoint", true),
            ("api-server", true),
            ("etcd", true),
            ("eni", true),
            ("customer-vpc", true),
            ("public-subnet", true),
            ("private-subnet", true),
            ("node", true),
            ("load-balancer", true),
            ("eks-panel", true),
            ("managed", true),
            ("chore-backup", true),
            ("chore-master-fails", true),
            ("chore-scale", true),
            ("chore-upgrade", true),
            ("chore-patch", true),
            ("ecs", true),
            ("calc", true),
        ],
    ),
];

/// Cluster-view parts named after an object of the run: `node:node-2`, `pod:web-…`,
/// `cp:cp-1`, and the node's own components.
pub const CLUSTER_PREFIXES: &[&str] = &["node:", "kubelet:", "kube-proxy:", "runtime:", "cp:"];

/// Whether `view` has a part named `part`.
pub fn known(view: &str, part: &str) -> bool {
    if view == "cluster"
        && CLUSTER_PREFIXES
            .iter()
            .any(|p| part.strip_prefix(p).is_some_and(|n| !n.is_empty()))
    {
        return true;
    }
    VIEW_PARTS
        .iter()
        .any(|(v, parts)| *v == view && parts.iter().any(|(p, _)| *p == part))
}
