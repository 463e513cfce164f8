//! The details of a part: what it is and does, what it is doing now (from the engine), the
//! upstream defaults it follows with their sources, and the commands to try on it.

use super::diagram::{cond_text, join, machine_text, pod_state_text};
use super::driver::Driver;
use super::snapshot::{Machine, Part, Snap};
use super::state::Do;
use super::{clock, fixed, send};
use crate::app::use_ctx;
use crate::el::{El, button, el, frag, opt};
use crate::i18n::{Lang, Msg, cat::cluster as t};
use sim::defaults::{self as d, Def, Provenance, Unit};
use sim::events::Component;
use sim::hpa::CalcBranch;
use sim::util::{fmt_cpu, fmt_duration, fmt_memory};
use sim::{Command, Profile, Sim};
use yew::prelude::*;

fn what(part: &Part) -> Msg {
    match part {
        Part::User => t::PART_USER,
        Part::LoadGen => t::PART_LOADGEN,
        Part::Service => t::PART_SERVICE,
        Part::ApiServer => t::PART_APISERVER,
        Part::Etcd => t::PART_ETCD,
        Part::Scheduler => t::PART_SCHEDULER,
        Part::ControllerManager => t::PART_CONTROLLER_MANAGER,
        Part::CloudControllerManager => t::PART_CLOUD_CONTROLLER_MANAGER,
        Part::MetricsServer => t::PART_METRICS_SERVER,
        Part::Hpa => t::PART_HPA,
        Part::Vpa => t::PART_VPA,
        Part::Node(_) => t::PART_NODE,
        Part::Kubelet(_) => t::PART_KUBELET,
        Part::KubeProxy(_) => t::PART_KUBE_PROXY,
        Part::Runtime(_) => t::PART_RUNTIME,
        Part::Pod(_) => t::PART_POD,
        Part::CpNode(_) => t::PART_CP_NODE,
    }
}

fn title(part: &Part, lang: Lang) -> String {
    match part {
        Part::User => join(t::YOU.get(lang), " · kubectl", ""),
        Part::LoadGen => t::LOADGEN.get(lang).into(),
        Part::Service => t::SERVICE_LB.get(lang).into(),
        Part::ApiServer => "kube-apiserver".into(),
        Part::Etcd => "etcd".into(),
        Part::Scheduler => "kube-scheduler".into(),
        Part::ControllerManager => "kube-controller-manager".into(),
        Part::CloudControllerManager => "cloud-controller-manager".into(),
        Part::MetricsServer => "metrics-server".into(),
        Part::Hpa => "HorizontalPodAutoscaler".into(),
        Part::Vpa => "VerticalPodAutoscaler".into(),
        Part::Node(n) => t::NODE_TITLE.fmt(lang, &[("n", n)]),
        Part::Kubelet(n) => join("kubelet · ", "", n),
        Part::KubeProxy(n) => join("kube-proxy · ", "", n),
        Part::Runtime(n) => join(t::RUNTIME_LONG.get(lang), " · ", n),
        Part::Pod(n) => t::POD_TITLE.fmt(lang, &[("n", n)]),
        Part::CpNode(n) => t::CP_NODE_TITLE.fmt(lang, &[("n", n)]),
    }
}

/// The defaults a part follows.
fn defaults_of(part: &Part) -> &'static [&'static Def] {
    match part {
        Part::ApiServer => &[
            &d::DEFAULT_NOT_READY_TOLERATION,
            &d::DEFAULT_UNREACHABLE_TOLERATION,
            &d::TERMINATION_GRACE_PERIOD,
        ],
        Part::Scheduler => &[
            &d::WEIGHT_TAINT_TOLERATION,
            &d::WEIGHT_NODE_AFFINITY,
            &d::WEIGHT_NODE_RESOURCES_FIT,
            &d::WEIGHT_BALANCED_ALLOCATION,
            &d::MAX_NODE_SCORE,
            &d::PERCENTAGE_OF_NODES_TO_SCORE,
            &d::MIN_FEASIBLE_NODES_TO_FIND,
            &d::POD_INITIAL_BACKOFF,
            &d::POD_MAX_BACKOFF,
            &d::DEFAULT_MILLI_CPU_REQUEST,
        ],
        Part::ControllerManager => &[
            &d::NODE_MONITOR_PERIOD,
            &d::NODE_MONITOR_GRACE_PERIOD,
            &d::NODE_EVICTION_INTERVAL,
            &d::LARGE_CLUSTER_SIZE_THRESHOLD,
            &d::MAX_SURGE_PERCENT,
            &d::MAX_UNAVAILABLE_PERCENT,
            &d::REVISION_HISTORY_LIMIT,
            &d::BURST_REPLICAS,
        ],
        Part::Hpa => &[
            &d::HPA_SYNC_PERIOD,
            &d::HPA_TOLERANCE,
            &d::HPA_DOWNSCALE_STABILIZATION,
            &d::HPA_CPU_INITIALIZATION_PERIOD,
            &d::HPA_INITIAL_READINESS_DELAY,
            &d::HPA_SCALE_UP_LIMIT_FACTOR,
            &d::HPA_SCALE_UP_LIMIT_MINIMUM,
            &d::HPA_MIN_REPLICAS,
            &d::HPA_DEFAULT_CPU_UTILIZATION,
        ],
        Part::Vpa => &[
            &d::VPA_RECOMMENDER_INTERVAL,
            &d::VPA_UPDATER_INTERVAL,
            &d::VPA_MIN_REPLICAS,
            &d::VPA_EVICTION_TOLERANCE,
            &d::VPA_TARGET_PERCENTILE,
            &d::VPA_LOWER_BOUND_PERCENTILE,
            &d::VPA_UPPER_BOUND_PERCENTILE,
            &d::VPA_SAFETY_MARGIN,
            &d::VPA_POD_MIN_CPU,
            &d::VPA_POD_MIN_MEMORY,
            &d::VPA_HISTOGRAM_HALF_LIFE,
            &d::VPA_UPDATE_THRESHOLD,
            &d::VPA_POD_LIFETIME_UPDATE_THRESHOLD,
        ],
        // The memory each pod's working set reports (the model's, illustrative), which the
        // kubelet's eviction manager reads too, and the VPA's recommender.
        Part::MetricsServer => &[
            &d::METRIC_RESOLUTION,
            &d::VPA_MEMORY_BASE,
            &d::VPA_MEMORY_PER_MILLICORE,
        ],
        // The cluster autoscaler is drawn with this part (it asks the cloud for machines).
        Part::CloudControllerManager => &[
            &d::CA_SCAN_INTERVAL,
            &d::CA_SCALE_DOWN_UTILIZATION_THRESHOLD,
            &d::CA_SCALE_DOWN_UNNEEDED_TIME,
            &d::CA_SCALE_DOWN_DELAY_AFTER_ADD,
            &d::CA_MAX_NODE_PROVISION_TIME,
            &d::CA_NODE_PROVISION_DELAY,
        ],
        Part::CpNode(_) => &[
            &d::CONTROL_PLANE_NODES,
            &d::LEADER_LEASE_DURATION,
            &d::LEADER_RENEW_DEADLINE,
            &d::LEADER_RETRY_PERIOD,
            &d::ETCD_HEARTBEAT_INTERVAL,
            &d::ETCD_ELECTION_TIMEOUT,
        ],
        Part::Node(_) | Part::Kubelet(_) => &[
            &d::NODE_LEASE_RENEW_INTERVAL,
            &d::NODE_LEASE_DURATION,
            &d::NODE_STATUS_REPORT_FREQUENCY,
            &d::MAX_PODS,
            &d::NODE_MONITOR_GRACE_PERIOD,
            &d::DEFAULT_UNREACHABLE_TOLERATION,
            &d::EVICTION_HARD_MEMORY_AVAILABLE,
            &d::EVICTION_MONITORING_PERIOD,
            &d::EVICTION_PRESSURE_TRANSITION_PERIOD,
        ],
        Part::Runtime(_) => &[
            &d::CONTAINER_START,
            &d::IMAGE_PULL,
            &d::APP_SHUTDOWN,
            &d::CRASH_BACKOFF_INITIAL,
            &d::CRASH_BACKOFF_MAX,
        ],
        Part::Pod(_) => &[
            &d::TERMINATION_GRACE_PERIOD,
            &d::CRASH_BACKOFF_INITIAL,
            &d::CRASH_BACKOFF_MAX,
            &d::CRASH_BACKOFF_RESET,
            &d::DEFAULT_NOT_READY_TOLERATION,
        ],
        _ => &[],
    }
}

/// A default's value as shown.
pub fn fmt_value(def: &Def, v: u64) -> String {
    match def.unit {
        Unit::Millis => fmt_duration(v),
        Unit::Count => v.to_string(),
        Unit::Percent => v.to_string() + "%",
        Unit::Millicores => fmt_cpu(v),
        Unit::Bytes => fmt_memory(v),
        // Thousandths as a decimal without trailing zeros (`0.1`, `1`, `0.25`).
        Unit::Permille => {
            let mut s = (v / 1000).to_string();
            if !v.is_multiple_of(1000) {
                let frac = (1000 + v % 1000).to_string();
                s.push('.');
                s.push_str(frac[1..].trim_end_matches('0'));
            }
            s
        }
    }
}

/// One default: this run's value beside the real one where the profile compresses it, and
/// its source. The whole row is the cited value (`data-fact`).
fn default_row(def: &'static Def, profile: Profile, lang: Lang) -> Html {
    let factor = match (profile, def.classroom_factor) {
        (Profile::Classroom, Some(f)) => f as u64,
        _ => 1,
    };
    let real = fmt_value(def, def.value);
    let value = if factor > 1 {
        let mut s = join(
            t::THIS_RUN.get(lang),
            " ",
            &fmt_value(def, def.value / factor),
        );
        s.push_str(" · ");
        s.push_str(t::REAL_VALUE.get(lang));
        s.push(' ');
        s.push_str(&real);
        s.push_str(" (÷");
        s.push_str(&factor.to_string());
        s.push(')');
        s
    } else {
        real
    };
    let src = match def.provenance {
        Provenance::Illustrative => join(t::ILLUSTRATIVE.get(lang), " — ", def.source),
        _ => def.source.to_string(),
    };
    let release = def.release.map(|r| join(" · ", r, "")).unwrap_or_default();
    el("tr")
        .class("fact")
        .attr("data-fact", def.id)
        .attr("data-source", "upstream")
        .child(el("th").attr("scope", "row").child(el("code").text(def.id)))
        .child(el("td").class("value").string(value))
        .child(el("td").class("src").string(src).string(release))
        .into()
}

/// A `<th scope="col">`.
#[inline(never)]
fn th(text: String) -> Html {
    el("th").attr("scope", "col").string(text).into()
}

/// `<thead>` with one row of column heads.
#[inline(never)]
fn head(cols: Vec<Html>) -> El {
    el("thead").child(el("tr").children(cols))
}

fn defaults_table(defs: &[&'static Def], profile: Profile, lang: Lang) -> Html {
    el("table")
        .class("defaults")
        .child(head(vec![
            th(t::COL_DEFAULT.get(lang).into()),
            th(t::COL_VALUE.get(lang).into()),
            th(t::COL_SOURCE.get(lang).into()),
        ]))
        .child(el("tbody").children(defs.iter().map(|def| default_row(def, profile, lang))))
        .into()
}

#[derive(Properties, PartialEq)]
pub struct DefaultsProps {
    pub profile: Profile,
}

/// Every default the engine uses, with its source: the view's list of sources. Its own
/// component, so that the long table is not redrawn with every frame.
#[function_component(DefaultsTable)]
pub fn all_defaults(p: &DefaultsProps) -> Html {
    let lang = use_ctx().lang;
    el("section")
        .class("sources cl-defaults")
        .attr("aria-labelledby", "cl-defaults-title")
        .child(
            el("h2")
                .id("cl-defaults-title")
                .text(t::DEFAULTS_TITLE.get(lang)),
        )
        .child(el("p").class("small").text(t::DEFAULTS_INTRO.get(lang)))
        .child(
            el("p")
                .class("small muted")
                .not_a_fact()
                .text(t::MODEL_NOTE.get(lang)),
        )
        .child(defaults_table(
            &sim::Sim::defaults()
                .iter()
                .copied()
                .filter(|d| d.in_build())
                .collect::<Vec<_>>(),
            p.profile,
            lang,
        ))
        .into()
}

#[inline(never)]
pub fn p(text: String) -> Html {
    el("p").string(text).into()
}

/// What the part is doing now, from the engine.
fn now(part: &Part, sim: &Sim, snap: &Snap, lang: Lang, on_act: &Callback<Do>) -> Html {
    match part {
        Part::Etcd => {
            let (changes, _) = sim
                .store()
                .changes_since(sim.store().revision().saturating_sub(8));
            frag(vec![
                p(t::NOW_ETCD.fmt(lang, &[("keys", &snap.keys), ("rev", &snap.revision)])),
                el("ul")
                    .class("mono")
                    .children(changes.iter().rev().map(|c| {
                        let op = if c.op == sim::store::Op::Put {
                            " PUT "
                        } else {
                            " DELETE "
                        };
                        el("li")
                            .string(join(&c.revision.to_string(), op, &c.object.key()))
                            .into()
                    }))
                    .into(),
            ])
        }
        Part::ApiServer => {
            let last = sim
                .events()
                .iter()
                .rev()
                .find(|e| e.actor.component == Component::ApiServer);
            match last {
                Some(e) => p(t::NOW_APISERVER.fmt(lang, &[("what", &super::log::text(e, lang))])),
                None => p(t::NOW_APISERVER_NONE.get(lang).into()),
            }
        }
        Part::Scheduler => scheduler_now(sim, snap, lang),
        Part::ControllerManager => {
            let last = sim.events().iter().rev().find(|e| {
                matches!(
                    e.actor.component,
                    Component::ReplicaSetController
                        | Component::DeploymentController
                        | Component::NodeLifecycleController
                        | Component::TaintEvictionController
                        | Component::EndpointsController
                        | Component::HpaController
                )
            });
            match last {
                Some(e) => p(t::NOW_CM.fmt(
                    lang,
                    &[
                        ("who", &super::log::actor_name(e)),
                        ("t", &clock(e.time_ms)),
                        ("what", &super::log::text(e, lang)),
                    ],
                )),
                None => p(t::NOW_CM_NONE.get(lang).into()),
            }
        }
        Part::CloudControllerManager => match sim.node_group() {
            Some(g) => {
                p(t::NOW_CA.fmt(lang, &[("min", &g.min), ("max", &g.max), ("size", &g.size)]))
            }
            None => p(t::NOW_CCM.get(lang).into()),
        },
        Part::MetricsServer => p(t::NOW_METRICS.fmt(
            lang,
            &[("every", &fmt_duration(sim.timing().metric_resolution.ms))],
        )),
        Part::Hpa => frag(vec![hpa_now(sim, snap, lang), super::vpa::both(lang)]),
        Part::Vpa => super::vpa::now(sim, lang, on_act),
        Part::Service | Part::KubeProxy(_) | Part::LoadGen => match &snap.service {
            Some(s) => {
                let msg = match part {
                    Part::LoadGen => t::NOW_LOADGEN.fmt(
                        lang,
                        &[("demand", &fixed(s.demand_rps, 0)), ("svc", &s.name)],
                    ),
                    Part::KubeProxy(_) => t::NOW_KUBE_PROXY
                        .fmt(lang, &[("svc", &s.name), ("ready", &s.ready_endpoints)]),
                    _ => t::NOW_SERVICE.fmt(
                        lang,
                        &[
                            ("ready", &s.ready_endpoints),
                            ("demand", &fixed(s.demand_rps, 0)),
                            ("served", &fixed(s.served_rps, 0)),
                            ("dropped", &fixed(s.dropped_rps, 1)),
                            ("p95", &fixed(s.p95_ms, 0)),
                            ("util", &fixed(s.utilization, 0)),
                        ],
                    ),
                };
                p(msg)
            }
            None => Html::default(),
        },
        Part::Node(n) | Part::Kubelet(n) | Part::Runtime(n) => {
            let Some(node) = snap.node(n) else {
                return Html::default();
            };
            let (_, mt) = machine_text(node.machine, lang);
            let pods: Vec<String> = if snap.collapsed {
                node.groups
                    .iter()
                    .map(|g| join(&g.app, " ×", &g.total.to_string()))
                    .collect()
            } else {
                node.pods.iter().map(|p| p.name.to_string()).collect()
            };
            let pods = if pods.is_empty() {
                t::NONE.get(lang).to_string()
            } else {
                pods.join(", ")
            };
            match part {
                Part::Node(_) => p(t::NOW_NODE.fmt(
                    lang,
                    &[
                        ("cond", &cond_text(node.cond).1),
                        ("machine", &mt),
                        ("req", &fmt_cpu(node.cpu_requested)),
                        ("alloc", &fmt_cpu(node.cpu_allocatable)),
                        (
                            "taints",
                            &if node.taints.is_empty() {
                                t::NONE.get(lang).to_string()
                            } else {
                                node.taints.join(", ")
                            },
                        ),
                    ],
                )),
                Part::Runtime(_) => {
                    let running: u32 = node.groups.iter().map(|g| g.total).sum();
                    p(t::NOW_RUNTIME.fmt(lang, &[("node", n), ("n", &running)]))
                }
                _ => frag(vec![
                    p(t::NOW_KUBELET.fmt(
                        lang,
                        &[
                            ("node", n),
                            ("pods", &pods),
                            (
                                "t",
                                &sim.store()
                                    .get::<sim::objects::Lease>(
                                        sim::objects::NODE_LEASE_NAMESPACE,
                                        n,
                                    )
                                    .map_or("–".into(), |l| clock(l.spec.renew_ms)),
                            ),
                        ],
                    )),
                    opt((node.machine != Machine::On)
                        .then(|| p(t::NOW_KUBELET_SILENT.fmt(lang, &[("machine", &mt)])))),
                ]),
            }
        }
        Part::Pod(name) => {
            let found = snap
                .nodes
                .iter()
                .find_map(|n| {
                    n.pods
                        .iter()
                        .find(|p| &p.name == name)
                        .map(|p| (n.name.to_string(), p))
                })
                .or_else(|| {
                    snap.pending
                        .iter()
                        .find(|p| &p.name == name)
                        .map(|p| ("–".into(), p))
                });
            let requests = sim
                .store()
                .pod(sim::objects::DEFAULT_NAMESPACE, name)
                .map(|pod| {
                    let lines: Vec<String> = pod
                        .spec
                        .containers
                        .iter()
                        .map(|c| {
                            let r = &c.resources.requests;
                            t::NOW_POD_REQUESTS.fmt(
                                lang,
                                &[
                                    ("c", &c.name),
                                    ("cpu", &r.cpu.map_or("–".into(), |q| fmt_cpu(q.0))),
                                    ("memory", &r.memory.map_or("–".into(), |q| fmt_memory(q.0))),
                                ],
                            )
                        })
                        .collect();
                    p(lines.join(" "))
                });
            match found {
                Some((node, pod)) => frag(vec![
                    p(t::NOW_POD.fmt(
                        lang,
                        &[
                            ("state", &pod_state_text(pod.state)),
                            ("node", &node),
                            ("restarts", &pod.restarts),
                        ],
                    )),
                    opt(requests),
                ]),
                None => Html::default(),
            }
        }
        Part::User => p(t::NOW_USER.get(lang).into()),
        Part::CpNode(n) => cp_node_now(n, sim, snap, lang),
    }
}

/// A control-plane node: its machine, its etcd member, what it leads, and the leases.
fn cp_node_now(n: &str, sim: &Sim, snap: &Snap, lang: Lang) -> Html {
    let Some(m) = snap.cp.iter().find(|m| &*m.name == n) else {
        return Html::default();
    };
    let state = if m.up {
        t::CP_RUNNING.get(lang)
    } else {
        t::MACHINE_OFF.get(lang)
    };
    let etcd = match (m.up && m.etcd_up, m.etcd_leader) {
        (true, true) => t::ETCD_RUNNING_LEADER.get(lang),
        (true, false) => t::CP_RUNNING.get(lang),
        (false, _) => t::ETCD_STOPPED.get(lang),
    };
    let leads = if m.leads.is_empty() {
        t::LEADS_NONE.get(lang).to_string()
    } else {
        m.leads.join(", ")
    };
    let leases = sim.leaders().into_iter().map(|l| {
        el("li")
            .string(t::NOW_LEASE.fmt(
                lang,
                &[
                    ("lease", &l.lease),
                    (
                        "holder",
                        &l.leader.unwrap_or_else(|| t::NO_LEADER.get(lang).into()),
                    ),
                    ("renew", &clock(l.renew_ms)),
                    ("until", &clock(l.expires_ms)),
                ],
            ))
            .into()
    });
    frag(vec![
        p(t::NOW_CP_NODE.fmt(
            lang,
            &[("state", &state), ("etcd", &etcd), ("leads", &leads)],
        )),
        el("ul").class("small").children(leases).into(),
    ])
}

fn short_plugin(p: sim::scheduler::Plugin) -> &'static str {
    use sim::scheduler::Plugin::*;
    match p {
        NodeUnschedulable => "Unschedulable",
        NodeName => "NodeName",
        TaintToleration => "Taint",
        NodeAffinity => "Affinity",
        NodeResourcesFit => "Fit",
        NodeResourcesBalancedAllocation => "Balanced",
    }
}

fn scheduler_now(sim: &Sim, snap: &Snap, lang: Lang) -> Html {
    let Some(dec) = sim.scheduler().decisions().last() else {
        return p(t::NOW_SCHEDULER_NONE.fmt(lang, &[("n", &snap.queue)]));
    };
    let plugin = |p: &sim::scheduler::Plugin| {
        use sim::scheduler::Plugin::*;
        match p {
            NodeUnschedulable => "NodeUnschedulable",
            NodeName => "NodeName",
            TaintToleration => "TaintToleration",
            NodeAffinity => "NodeAffinity",
            NodeResourcesFit => "NodeResourcesFit",
            NodeResourcesBalancedAllocation => "NodeResourcesBalancedAllocation",
        }
    };
    let selected = dec.selected.as_deref();
    let filtered = (!dec.filtered.is_empty()).then(|| {
        el("table")
            .class("mini")
            .child(el("caption").text(t::FILTER_TABLE.get(lang)))
            .child(head(vec![
                th(t::COL_NODE.get(lang).into()),
                th(t::COL_PLUGIN.get(lang).into()),
                th(t::COL_REASON.get(lang).into()),
            ]))
            .child(el("tbody").children(dec.filtered.iter().take(12).map(|f| {
                el("tr")
                    .child(el("td").string(f.node.to_string()))
                    .child(el("td").text(plugin(&f.plugin)))
                    .child(el("td").string(f.reason.messages().join(", ")))
                    .into()
            })))
    });
    let scores = (!dec.scores.is_empty()).then(|| {
        let mut cols = vec![th(t::COL_NODE.get(lang).into())];
        cols.extend(
            dec.plugins
                .iter()
                .map(|p| th(join(short_plugin(p.plugin), " ×", &p.weight.to_string()))),
        );
        cols.push(th(t::COL_TOTAL.get(lang).into()));
        el("table")
            .class("mini")
            .child(
                el("caption")
                    .text(t::SCORE_TABLE.get(lang))
                    .text(" · ★ ")
                    .text(t::SELECTED_NODE.get(lang)),
            )
            .child(head(cols))
            .child(el("tbody").children(dec.scores.iter().take(8).map(|r| {
                let chosen = Some(&*r.node) == selected;
                el("tr")
                    .class_if("chosen", chosen)
                    .child(
                        el("th")
                            .attr("scope", "row")
                            .string(r.node.to_string())
                            .text(if chosen { " ★" } else { "" }),
                    )
                    .children(r.scores.iter().zip(dec.plugins.iter()).map(|(s, pl)| {
                        el("td")
                            .attr(
                                "title",
                                join(&pl.weight.to_string(), " × ", &s.normalized.to_string()),
                            )
                            .string(if pl.skipped {
                                "–".to_string()
                            } else {
                                s.weighted.to_string()
                            })
                            .into()
                    }))
                    .child(el("td").child(el("strong").string(r.total.to_string())))
                    .into()
            })))
    });
    frag(vec![
        p(t::NOW_SCHEDULER.fmt(
            lang,
            &[
                ("n", &snap.queue),
                ("pod", &dec.pod.name),
                ("t", &clock(dec.time_ms)),
                ("feasible", &dec.feasible),
                ("evaluated", &dec.evaluated),
            ],
        )),
        opt(filtered),
        opt(scores),
        opt((dec.ties > 1).then(|| p(t::TIES.fmt(lang, &[("n", &dec.ties)])))),
    ])
}

fn hpa_now(sim: &Sim, snap: &Snap, lang: Lang) -> Html {
    let Some(h) = &snap.hpa else {
        return p(t::NOW_HPA_NONE.get(lang).into());
    };
    let head = p(t::NOW_HPA.fmt(
        lang,
        &[
            ("target", &h.target),
            (
                "current",
                &h.current.map_or("–".into(), |c| c.to_string() + "%"),
            ),
            ("replicas", &h.replicas),
            ("desired", &h.desired),
            ("min", &h.min),
            ("max", &h.max),
        ],
    ));
    let Some(c) = sim.last_hpa_computation("default", super::scenarios::APP) else {
        return head;
    };
    let mut lines: Vec<String> = Vec::new();
    if let Some(calc) = &c.calc {
        let ratio = fixed(calc.usage_ratio, 2);
        lines.push(t::HPA_CALC.fmt(
            lang,
            &[
                ("usage", &calc.usage_total),
                ("request", &calc.request_total),
                ("util", &calc.utilization),
                ("target", &c.target_utilization),
                ("ratio", &ratio),
            ],
        ));
        lines.push(match calc.branch {
            CalcBranch::WithinTolerance => t::HPA_WITHIN.fmt(
                lang,
                &[
                    ("tol", &sim::util::fmt_decimal(c.tolerance)),
                    ("n", &c.current_replicas),
                ],
            ),
            CalcBranch::Proportional => t::HPA_PROPORTIONAL.fmt(
                lang,
                &[
                    ("ratio", &ratio),
                    ("ready", &calc.ready_pod_count),
                    ("n", &calc.replicas),
                ],
            ),
            _ => t::HPA_REBALANCED.fmt(
                lang,
                &[
                    (
                        "ratio",
                        &fixed(calc.new_usage_ratio.unwrap_or(calc.usage_ratio), 2),
                    ),
                    ("n", &calc.replicas),
                ],
            ),
        });
    }
    if let Some(e) = &c.error {
        lines.push(t::HPA_ERROR.fmt(lang, &[("error", e)]));
    }
    if let Some(n) = &c.normalization {
        lines.push(t::HPA_NORMALIZED.fmt(lang, &[("desired", &n.desired), ("reason", &n.reason)]));
    }
    frag(vec![
        head,
        el("div")
            .class("formula")
            .child(
                el("p")
                    .class("small muted")
                    .string(t::HPA_FORMULA.fmt(lang, &[("t", &clock(c.time_ms))])),
            )
            .children(
                lines
                    .into_iter()
                    .map(|l| el("p").child(el("code").string(l)).into()),
            )
            .into(),
    ])
}

/// A button that sends `command`, shown on it as the line a learner would type.
#[inline(never)]
pub fn cmd(on_act: &Callback<Do>, label: &'static str, command: Command) -> Html {
    let title = join("$ ", "", &super::driver::line_of(&command));
    button("button")
        .on_click(send(on_act, Do::Send(command)))
        .attr("title", title.clone())
        .text(label)
        .child(el("code").class("cmd").string(title))
        .into()
}

/// The commands to try on a part.
fn actions(part: &Part, snap: &Snap, lang: Lang, on_act: &Callback<Do>) -> Option<El> {
    let acts = |kids: Vec<Html>| Some(el("div").class("acts").children(kids));
    match part {
        Part::Node(n) | Part::Kubelet(n) => {
            let node = snap.node(n)?;
            let n = || n.to_string();
            acts(vec![
                if node.machine == Machine::Off {
                    cmd(
                        on_act,
                        t::ACT_POWER_ON.get(lang),
                        Command::PowerOn { node: n() },
                    )
                } else {
                    cmd(
                        on_act,
                        t::ACT_POWER_OFF.get(lang),
                        Command::PowerOff { node: n() },
                    )
                },
                match node.machine {
                    Machine::Disconnected => cmd(
                        on_act,
                        t::ACT_RECONNECT.get(lang),
                        Command::Reconnect { node: n() },
                    ),
                    Machine::On => cmd(
                        on_act,
                        t::ACT_DISCONNECT.get(lang),
                        Command::Disconnect { node: n() },
                    ),
                    Machine::Off => Html::default(),
                },
                if node.cordoned {
                    cmd(
                        on_act,
                        t::ACT_UNCORDON.get(lang),
                        Command::Uncordon { node: n() },
                    )
                } else {
                    cmd(
                        on_act,
                        t::ACT_CORDON.get(lang),
                        Command::Cordon { node: n() },
                    )
                },
                cmd(on_act, t::ACT_DRAIN.get(lang), Command::Drain { node: n() }),
                cmd(
                    on_act,
                    if node.memory_fault {
                        t::ACT_CLEAR_FAULT.get(lang)
                    } else {
                        t::ACT_MEMORY_PRESSURE.get(lang)
                    },
                    Command::NodeMemoryPressure {
                        node: n(),
                        on: !node.memory_fault,
                    },
                ),
            ])
        }
        Part::Pod(n) => acts(vec![
            cmd(
                on_act,
                t::ACT_CRASH.get(lang),
                Command::CrashPod { pod: n.to_string() },
            ),
            cmd(
                on_act,
                t::ACT_DELETE.get(lang),
                Command::DeletePod { pod: n.to_string() },
            ),
        ]),
        Part::CpNode(n) => {
            let m = snap.cp.iter().find(|m| &m.name == n)?;
            let n = || n.to_string();
            acts(vec![
                if m.up {
                    cmd(
                        on_act,
                        t::ACT_POWER_OFF.get(lang),
                        Command::ControlPlanePowerOff { node: n() },
                    )
                } else {
                    cmd(
                        on_act,
                        t::ACT_POWER_ON.get(lang),
                        Command::ControlPlanePowerOn { node: n() },
                    )
                },
                match (m.up, m.etcd_up) {
                    (true, true) => cmd(
                        on_act,
                        t::ACT_ETCD_STOP.get(lang),
                        Command::EtcdStop { node: n() },
                    ),
                    (true, false) => cmd(
                        on_act,
                        t::ACT_ETCD_START.get(lang),
                        Command::EtcdStart { node: n() },
                    ),
                    (false, _) => Html::default(),
                },
            ])
        }
        Part::ApiServer | Part::Etcd | Part::Scheduler => {
            Some(el("p").class("small muted").text(t::CP_HINT.get(lang)))
        }
        // The Deployment controller runs here: roll back the last rollout.
        Part::ControllerManager => acts(vec![
            el("p")
                .class("small muted")
                .text(t::CP_HINT.get(lang))
                .into(),
            cmd(
                on_act,
                t::ACT_ROLLOUT_UNDO.get(lang),
                Command::RolloutUndo {
                    deployment: super::scenarios::APP.into(),
                    to_revision: None,
                },
            ),
        ]),
        // The cluster autoscaler asks the cloud for machines, as this component talks to it.
        Part::CloudControllerManager => acts(vec![
            el("p")
                .class("small muted")
                .text(t::CP_HINT.get(lang))
                .into(),
            match snap.node_group {
                Some(_) => cmd(on_act, t::ACT_CA_OFF.get(lang), Command::NodeAutoscalerOff),
                None => {
                    let n = snap.nodes.len() as u32;
                    cmd(
                        on_act,
                        t::ACT_CA_ON.get(lang),
                        Command::NodeAutoscaler {
                            min: n.max(1),
                            max: n + 3,
                        },
                    )
                }
            },
        ]),
        _ => None,
    }
}

/// The details of a part: what it is, what it is doing now, the commands to try on it, its
/// defaults.
pub fn panel(part: &Part, drv: &Driver, snap: &Snap, lang: Lang, on_act: &Callback<Do>) -> Html {
    let sim = drv.sim();
    let profile = sim.timing().profile;
    let defs = defaults_of(part);
    let user_log = (*part == Part::User).then(|| {
        if drv.sent().is_empty() {
            el("p").class("muted").text(t::NOW_USER_NONE.get(lang))
        } else {
            el("ul").class("mono").children(
                drv.sent()
                    .iter()
                    .rev()
                    .take(10)
                    .map(|s| el("li").string(join(&clock(s.t_ms), " $ ", &s.line)).into()),
            )
        }
    });
    let acts = actions(part, snap, lang, on_act).map(|acts| {
        frag(vec![
            el("h3").text(t::ACTIONS.get(lang)).into(),
            el("div").not_a_fact().child(acts).into(),
        ])
    });
    el("section")
        .class("cl-panel")
        .id("cl-panel")
        .attr("aria-labelledby", "cl-panel-title")
        .child(
            el("div")
                .class("head")
                .not_a_fact()
                .child(
                    el("h2")
                        .id("cl-panel-title")
                        .attr("tabindex", "-1")
                        .string(title(part, lang)),
                )
                .child(
                    button("button")
                        .on_click(send(on_act, Do::Close))
                        .text(t::PANEL_CLOSE.get(lang)),
                ),
        )
        .child(el("h3").text(t::WHAT_IS.get(lang)))
        .child(el("p").not_a_fact().text(what(part).get(lang)))
        .child(el("h3").text(t::NOW.get(lang)))
        .child(
            el("div")
                .class("now")
                .not_a_fact()
                .child(now(part, sim, snap, lang, on_act))
                .maybe(user_log),
        )
        .maybe(acts)
        .maybe((!defs.is_empty()).then(|| {
            frag(vec![
                el("h3").text(t::DEFAULTS.get(lang)).into(),
                defaults_table(defs, profile, lang),
            ])
        }))
        .into()
}
