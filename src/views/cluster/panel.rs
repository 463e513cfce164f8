//! The details of a part: what it is and does, what it is doing now (from the engine), the
//! upstream defaults it follows with their sources, and the commands to try on it.

use super::diagram::{cond_text, machine_text, pod_state_text};
use super::snapshot::{Machine, Part, Snap};
use super::{Act, Drv, clock};
use crate::app::use_ctx;
use crate::i18n::{Lang, Msg, cat::cluster as t};
use sim::defaults::{self as d, Def, Provenance, Unit};
use sim::events::Component;
use sim::hpa::CalcBranch;
use sim::util::{fmt_cpu, fmt_duration, fmt_memory};
use sim::{Profile, Sim};
use std::rc::Rc;
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
        Part::Node(_) => t::PART_NODE,
        Part::Kubelet(_) => t::PART_KUBELET,
        Part::KubeProxy(_) => t::PART_KUBE_PROXY,
        Part::Runtime(_) => t::PART_RUNTIME,
        Part::Pod(_) => t::PART_POD,
    }
}

fn title(part: &Part, lang: Lang) -> String {
    match part {
        Part::User => format!("{} · kubectl", t::YOU.get(lang)),
        Part::LoadGen => t::LOADGEN.get(lang).into(),
        Part::Service => t::SERVICE_LB.get(lang).into(),
        Part::ApiServer => "kube-apiserver".into(),
        Part::Etcd => "etcd".into(),
        Part::Scheduler => "kube-scheduler".into(),
        Part::ControllerManager => "kube-controller-manager".into(),
        Part::CloudControllerManager => "cloud-controller-manager".into(),
        Part::MetricsServer => "metrics-server".into(),
        Part::Hpa => "HorizontalPodAutoscaler".into(),
        Part::Node(n) => t::NODE_TITLE.fmt(lang, &[("n", n)]),
        Part::Kubelet(n) => format!("kubelet · {n}"),
        Part::KubeProxy(n) => format!("kube-proxy · {n}"),
        Part::Runtime(n) => format!("{} · {n}", t::RUNTIME_LONG.get(lang)),
        Part::Pod(n) => t::POD_TITLE.fmt(lang, &[("n", n)]),
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
        Part::MetricsServer => &[&d::METRIC_RESOLUTION],
        Part::Node(_) | Part::Kubelet(_) => &[
            &d::NODE_LEASE_RENEW_INTERVAL,
            &d::NODE_LEASE_DURATION,
            &d::NODE_STATUS_REPORT_FREQUENCY,
            &d::MAX_PODS,
            &d::NODE_MONITOR_GRACE_PERIOD,
            &d::DEFAULT_UNREACHABLE_TOLERATION,
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
        Unit::Percent => format!("{v}%"),
        Unit::Millicores => fmt_cpu(v),
        Unit::Bytes => fmt_memory(v),
        Unit::Permille => format!("{}", v as f64 / 1000.0),
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
        format!(
            "{} {} · {} {real} (÷{factor})",
            t::THIS_RUN.get(lang),
            fmt_value(def, def.value / factor),
            t::REAL_VALUE.get(lang)
        )
    } else {
        real
    };
    let src = match def.provenance {
        Provenance::Illustrative => format!("{} — {}", t::ILLUSTRATIVE.get(lang), def.source),
        _ => def.source.to_string(),
    };
    let release = def.release.map(|r| format!(" · {r}")).unwrap_or_default();
    html! {
        <tr class="fact" data-fact={def.id} data-source="upstream">
            <th scope="row"><code>{ def.id }</code></th>
            <td class="value">{ value }</td>
            <td class="src">{ src }{ release }</td>
        </tr>
    }
}

fn defaults_table(defs: &[&'static Def], profile: Profile, lang: Lang) -> Html {
    html! {
        <table class="defaults">
            <thead><tr>
                <th scope="col">{ t::COL_DEFAULT.get(lang) }</th>
                <th scope="col">{ t::COL_VALUE.get(lang) }</th>
                <th scope="col">{ t::COL_SOURCE.get(lang) }</th>
            </tr></thead>
            <tbody>{ for defs.iter().map(|def| default_row(def, profile, lang)) }</tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct DefaultsProps {
    pub profile: Profile,
}

/// Every default the engine uses, with its source: the view's list of sources.
#[function_component(DefaultsTable)]
pub fn all_defaults(p: &DefaultsProps) -> Html {
    let lang = use_ctx().lang;
    html! {
        <section class="sources cl-defaults" aria-labelledby="cl-defaults-title">
            <h2 id="cl-defaults-title">{ t::DEFAULTS_TITLE.get(lang) }</h2>
            <p class="small">{ t::DEFAULTS_INTRO.get(lang) }</p>
            <p class="small muted" data-not-a-fact="true">{ t::MODEL_NOTE.get(lang) }</p>
            { defaults_table(sim::Sim::defaults(), p.profile, lang) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub part: Option<Part>,
    pub drv: Drv,
    pub snap: Rc<Snap>,
    pub on_act: Callback<Act>,
}

fn p(text: String) -> Html {
    html! { <p>{ text }</p> }
}

/// What the part is doing now, from the engine.
fn now(part: &Part, sim: &Sim, snap: &Snap, lang: Lang) -> Html {
    match part {
        Part::Etcd => {
            let (changes, _) = sim
                .store()
                .changes_since(sim.store().revision().saturating_sub(8));
            html! {
                <>
                    { p(t::NOW_ETCD.fmt(lang, &[("keys", &snap.keys), ("rev", &snap.revision)])) }
                    <ul class="mono">
                        { for changes.iter().rev().map(|c| html! {
                            <li>{ format!("{} {} {}", c.revision, if c.op == sim::store::Op::Put { "PUT" } else { "DELETE" }, c.object.key()) }</li>
                        }) }
                    </ul>
                </>
            }
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
        Part::CloudControllerManager => p(t::NOW_CCM.get(lang).into()),
        Part::MetricsServer => p(t::NOW_METRICS.fmt(
            lang,
            &[("every", &fmt_duration(sim.timing().metric_resolution.ms))],
        )),
        Part::Hpa => hpa_now(sim, snap, lang),
        Part::Service | Part::KubeProxy(_) | Part::LoadGen => match &snap.service {
            Some(s) => {
                let msg = match part {
                    Part::LoadGen => t::NOW_LOADGEN.fmt(
                        lang,
                        &[
                            ("demand", &format!("{:.0}", s.demand_rps)),
                            ("svc", &s.name),
                        ],
                    ),
                    Part::KubeProxy(_) => t::NOW_KUBE_PROXY
                        .fmt(lang, &[("svc", &s.name), ("ready", &s.ready_endpoints)]),
                    _ => t::NOW_SERVICE.fmt(
                        lang,
                        &[
                            ("ready", &s.ready_endpoints),
                            ("demand", &format!("{:.0}", s.demand_rps)),
                            ("served", &format!("{:.0}", s.served_rps)),
                            ("dropped", &format!("{:.1}", s.dropped_rps)),
                            ("p95", &format!("{:.0}", s.p95_ms)),
                            ("util", &format!("{:.0}", s.utilization)),
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
                    .map(|g| format!("{} ×{}", g.app, g.total))
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
                _ => html! {
                    <>
                        { p(t::NOW_KUBELET.fmt(lang, &[
                            ("node", n),
                            ("pods", &pods),
                            ("t", &node.last_renew_ms.map_or("–".into(), clock)),
                        ])) }
                        if node.machine != Machine::On {
                            { p(t::NOW_KUBELET_SILENT.fmt(lang, &[("machine", &mt)])) }
                        }
                    </>
                },
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
            match found {
                Some((node, pod)) => p(t::NOW_POD.fmt(
                    lang,
                    &[
                        ("state", &pod_state_text(pod.state)),
                        ("node", &node),
                        ("restarts", &pod.restarts),
                    ],
                )),
                None => Html::default(),
            }
        }
        Part::User => {
            html! { <p>{ t::NOW_USER.get(lang) }</p> }
        }
    }
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
    html! {
        <>
            { p(t::NOW_SCHEDULER.fmt(lang, &[
                ("n", &snap.queue),
                ("pod", &dec.pod.name),
                ("t", &clock(dec.time_ms)),
                ("feasible", &dec.feasible),
                ("evaluated", &dec.evaluated),
            ])) }
            if !dec.filtered.is_empty() {
                <table class="mini">
                    <caption>{ t::FILTER_TABLE.get(lang) }</caption>
                    <thead><tr>
                        <th scope="col">{ t::COL_NODE.get(lang) }</th>
                        <th scope="col">{ t::COL_PLUGIN.get(lang) }</th>
                        <th scope="col">{ t::COL_REASON.get(lang) }</th>
                    </tr></thead>
                    <tbody>
                        { for dec.filtered.iter().take(12).map(|f| html! {
                            <tr><td>{ f.node.to_string() }</td><td>{ plugin(&f.plugin) }</td><td>{ f.reason.messages().join(", ") }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            if !dec.scores.is_empty() {
                <table class="mini">
                    <caption>{ t::SCORE_TABLE.get(lang) }{ " · ★ " }{ t::SELECTED_NODE.get(lang) }</caption>
                    <thead><tr>
                        <th scope="col">{ t::COL_NODE.get(lang) }</th>
                        { for dec.plugins.iter().map(|p| html! {
                            <th scope="col">{ format!("{} ×{}", short_plugin(p.plugin), p.weight) }</th>
                        }) }
                        <th scope="col">{ t::COL_TOTAL.get(lang) }</th>
                    </tr></thead>
                    <tbody>
                        { for dec.scores.iter().take(8).map(|r| {
                            let chosen = Some(&*r.node) == selected;
                            html! {
                                <tr class={classes!(chosen.then_some("chosen"))}>
                                    <th scope="row">{ r.node.to_string() }{ if chosen { " ★" } else { "" } }</th>
                                    { for r.scores.iter().zip(dec.plugins.iter()).map(|(s, pl)| html! {
                                        <td title={format!("{} × {}", pl.weight, s.normalized)}>{ if pl.skipped { "–".to_string() } else { s.weighted.to_string() } }</td>
                                    }) }
                                    <td><strong>{ r.total }</strong></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            if dec.ties > 1 {
                { p(t::TIES.fmt(lang, &[("n", &dec.ties)])) }
            }
        </>
    }
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
                &h.current.map_or("–".into(), |c| format!("{c}%")),
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
        let ratio = format!("{:.2}", calc.usage_ratio);
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
            CalcBranch::WithinTolerance => {
                t::HPA_WITHIN.fmt(lang, &[("tol", &c.tolerance), ("n", &c.current_replicas)])
            }
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
                        &format!("{:.2}", calc.new_usage_ratio.unwrap_or(calc.usage_ratio)),
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
    html! {
        <>
            { head }
            <div class="formula">
                <p class="small muted">{ t::HPA_FORMULA.fmt(lang, &[("t", &clock(c.time_ms))]) }</p>
                { for lines.into_iter().map(|l| html! { <p><code>{ l }</code></p> }) }
            </div>
        </>
    }
}

/// The commands to try on a part.
fn actions(part: &Part, snap: &Snap, lang: Lang, on_act: &Callback<Act>) -> Html {
    let cmd = |label: &'static str, line: String| {
        let title = format!("$ {line}");
        let onclick = on_act.reform(move |_: MouseEvent| Act::Send(line.clone()));
        html! {
            <button type="button" class="button" {onclick} title={title.clone()}>
                { label }<code class="cmd">{ title }</code>
            </button>
        }
    };
    match part {
        Part::Node(n) | Part::Kubelet(n) => {
            let Some(node) = snap.node(n) else {
                return Html::default();
            };
            html! {
                <div class="acts">
                    if node.machine == Machine::Off {
                        { cmd(t::ACT_POWER_ON.get(lang), format!("node power-on {n}")) }
                    } else {
                        { cmd(t::ACT_POWER_OFF.get(lang), format!("node power-off {n}")) }
                    }
                    if node.machine == Machine::Disconnected {
                        { cmd(t::ACT_RECONNECT.get(lang), format!("node reconnect {n}")) }
                    } else if node.machine == Machine::On {
                        { cmd(t::ACT_DISCONNECT.get(lang), format!("node disconnect {n}")) }
                    }
                    if node.cordoned {
                        { cmd(t::ACT_UNCORDON.get(lang), format!("kubectl uncordon {n}")) }
                    } else {
                        { cmd(t::ACT_CORDON.get(lang), format!("kubectl cordon {n}")) }
                    }
                    { cmd(t::ACT_DRAIN.get(lang), format!("kubectl drain {n}")) }
                </div>
            }
        }
        Part::Pod(n) => html! {
            <div class="acts">
                { cmd(t::ACT_CRASH.get(lang), format!("crash pod {n}")) }
                { cmd(t::ACT_DELETE.get(lang), format!("kubectl delete pod {n}")) }
            </div>
        },
        Part::ApiServer
        | Part::Etcd
        | Part::Scheduler
        | Part::ControllerManager
        | Part::CloudControllerManager => {
            html! { <p class="small muted">{ t::CP_HA_MISSING.get(lang) }</p> }
        }
        _ => Html::default(),
    }
}

#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let lang = use_ctx().lang;
    let ref_ = use_node_ref();
    // Bring the panel into view (below the diagram on narrow screens) and focus its heading.
    {
        let ref_ = ref_.clone();
        use_effect_with(props.part.clone(), move |part| {
            if part.is_some()
                && let Some(el) = ref_.cast::<web_sys::HtmlElement>()
            {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        });
    }
    let Some(part) = &props.part else {
        return html! {
            <section class="cl-panel empty" id="cl-panel" aria-label={t::WHAT_IS.get(lang)}>
                <p class="muted">{ t::PANEL_PICK.get(lang) }</p>
            </section>
        };
    };
    let d = props.drv.0.borrow();
    let sim = d.sim();
    let profile = sim.timing().profile;
    let defs = defaults_of(part);
    let close = props.on_act.reform(|_: MouseEvent| Act::Close);
    let user_log: Vec<String> = if *part == Part::User {
        d.sent
            .iter()
            .rev()
            .take(10)
            .map(|s| format!("{} $ {}", clock(s.t_ms), s.line))
            .collect()
    } else {
        Vec::new()
    };
    html! {
        <section class="cl-panel" id="cl-panel" ref={ref_} aria-labelledby="cl-panel-title">
            <div class="head" data-not-a-fact="true">
                <h2 id="cl-panel-title">{ title(part, lang) }</h2>
                <button type="button" class="button" onclick={close}>{ t::PANEL_CLOSE.get(lang) }</button>
            </div>
            <h3>{ t::WHAT_IS.get(lang) }</h3>
            <p data-not-a-fact="true">{ what(part).get(lang) }</p>
            <h3>{ t::NOW.get(lang) }</h3>
            <div class="now" data-not-a-fact="true">
                { now(part, sim, &props.snap, lang) }
                if *part == Part::User {
                    if user_log.is_empty() {
                        <p class="muted">{ t::NOW_USER_NONE.get(lang) }</p>
                    } else {
                        <ul class="mono">{ for user_log.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                    }
                }
            </div>
            { {
                let acts = actions(part, &props.snap, lang, &props.on_act);
                if acts == Html::default() { acts } else {
                    html! { <><h3>{ t::ACTIONS.get(lang) }</h3><div data-not-a-fact="true">{ acts }</div></> }
                }
            } }
            if !defs.is_empty() {
                <h3>{ t::DEFAULTS.get(lang) }</h3>
                { defaults_table(defs, profile, lang) }
            }
        </section>
    }
}
