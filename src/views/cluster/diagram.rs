//! The diagram: one SVG laid out in CSS pixels for the width it is given (so text stays
//! readable from a 640 px embed to a projector), drawn from the snapshot. Every part is a
//! focusable SVG element with role="button", a name, and Enter/Space handling; states read
//! by icon and text as well as colour.

use super::snapshot::{Cond, Machine, NodeSnap, Part, PodState, Snap};
use crate::i18n::{Lang, cat::cluster as t};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// Where each part is drawn (x, y, w, h).
pub type Rect = (f64, f64, f64, f64);

pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub cols: usize,
    pub card_w: f64,
    pub card_h: Vec<f64>,
    pub card_xy: Vec<(f64, f64)>,
    pub parts: Vec<(Part, Rect)>,
}

const PAD: f64 = 10.0;
const GAP: f64 = 10.0;
const POD: f64 = 26.0;
const TOP_H: f64 = 58.0;
const CP_Y: f64 = TOP_H + 28.0;

fn pods_per_row(card_w: f64) -> usize {
    (((card_w - 16.0) / POD).floor() as usize).max(1)
}

fn card_height(n: &NodeSnap, card_w: f64, expanded: bool, collapsed: bool) -> f64 {
    let head = 44.0 + 30.0;
    if collapsed && !expanded {
        let rows = n.groups.len().div_ceil(2).max(1);
        head + rows as f64 * 16.0 + 28.0
    } else {
        let rows = n.pods.len().div_ceil(pods_per_row(card_w)).max(1);
        head + rows as f64 * POD + 12.0 + if collapsed { 20.0 } else { 0.0 }
    }
}

/// Lays the diagram out for `width` CSS pixels.
pub fn layout(snap: &Snap, width: f64, expanded: &BTreeSet<Rc<str>>) -> Layout {
    let width = width.clamp(300.0, 1600.0);
    let inner = width - 2.0 * PAD;
    let mut parts = Vec::new();
    // Top band: you, the load generator, the Service and the HPA.
    let tw = ((inner - 3.0 * GAP) / 4.0).max(60.0);
    for (i, p) in [Part::User, Part::LoadGen, Part::Service, Part::Hpa]
        .into_iter()
        .enumerate()
    {
        parts.push((p, (PAD + i as f64 * (tw + GAP), PAD, tw, TOP_H - PAD)));
    }
    // Control plane: five components on one node, and metrics-server beside it.
    let cps = [
        Part::ApiServer,
        Part::Etcd,
        Part::Scheduler,
        Part::ControllerManager,
        Part::CloudControllerManager,
        Part::MetricsServer,
    ];
    let per_row = if width < 900.0 { 3 } else { 6 };
    let cw = (inner - 16.0 - (per_row as f64 - 1.0) * 8.0) / per_row as f64;
    for (i, p) in cps.into_iter().enumerate() {
        let (r, c) = (i / per_row, i % per_row);
        parts.push((
            p,
            (
                PAD + 8.0 + c as f64 * (cw + 8.0),
                CP_Y + 30.0 + r as f64 * 46.0,
                cw,
                38.0,
            ),
        ));
    }
    let cp_rows = 6usize.div_ceil(per_row);
    let workers_y = CP_Y + 30.0 + cp_rows as f64 * 46.0 + 36.0;
    // Workers: a grid of cards.
    let min_card = if snap.collapsed { 150.0 } else { 210.0 };
    let cols = (((inner + GAP) / (min_card + GAP)).floor() as usize).max(1);
    let card_w = (inner - (cols as f64 - 1.0) * GAP) / cols as f64;
    let mut card_h = Vec::new();
    let mut card_xy = Vec::new();
    let mut y = workers_y;
    for row in snap.nodes.chunks(cols) {
        let h = row
            .iter()
            .map(|n| card_height(n, card_w, expanded.contains(&n.name), snap.collapsed))
            .fold(0.0, f64::max);
        for (c, n) in row.iter().enumerate() {
            let x = PAD + c as f64 * (card_w + GAP);
            card_xy.push((x, y));
            card_h.push(h);
            parts.push((Part::Node(n.name.clone()), (x, y, card_w, 44.0)));
            let aw = (card_w - 16.0 - 8.0) / 3.0;
            for (i, p) in [
                Part::Kubelet(n.name.clone()),
                Part::KubeProxy(n.name.clone()),
                Part::Runtime(n.name.clone()),
            ]
            .into_iter()
            .enumerate()
            {
                parts.push((p, (x + 8.0 + i as f64 * (aw + 4.0), y + 46.0, aw, 24.0)));
            }
        }
        y += h + GAP;
    }
    let pending_h = if snap.pending.is_empty() { 0.0 } else { 48.0 };
    Layout {
        width,
        height: y + pending_h + PAD,
        cols,
        card_w,
        card_h,
        card_xy,
        parts,
    }
}

impl Layout {
    pub fn rect(&self, p: &Part) -> Option<Rect> {
        self.parts.iter().find(|(q, _)| q == p).map(|(_, r)| *r)
    }
    pub fn centre(&self, p: &Part) -> Option<(f64, f64)> {
        self.rect(p).map(|(x, y, w, h)| (x + w / 2.0, y + h / 2.0))
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub snap: Rc<Snap>,
    pub width: f64,
    /// Type scale of the page (1 at 16 px): the diagram is laid out for width / zoom and
    /// drawn zoomed, so its text grows with the page's on large screens.
    pub zoom: f64,
    pub selected: Option<Part>,
    pub marks: Rc<Vec<Part>>,
    /// The request path's current hop and the one before it.
    pub hop: Option<(Part, Option<Part>)>,
    pub expanded: Rc<BTreeSet<Rc<str>>>,
    pub on_pick: Callback<Part>,
    pub on_expand: Callback<Rc<str>>,
    pub reduced_motion: bool,
}

pub fn cond_text(c: Cond) -> (&'static str, &'static str) {
    match c {
        Cond::Ready => ("✓", "Ready"),
        Cond::NotReady => ("✗", "NotReady"),
        Cond::Unknown => ("?", "Unknown"),
    }
}

pub fn machine_text(m: Machine, lang: Lang) -> (&'static str, &'static str) {
    match m {
        Machine::On => ("", t::MACHINE_ON.get(lang)),
        Machine::Off => ("⊗", t::MACHINE_OFF.get(lang)),
        Machine::Disconnected => ("⌁", t::MACHINE_DISCONNECTED.get(lang)),
    }
}

pub fn pod_state_text(s: PodState) -> &'static str {
    match s {
        PodState::Pending => "Pending",
        PodState::ContainerCreating => "ContainerCreating",
        PodState::Running => "Running",
        PodState::Ready => "Running · Ready",
        PodState::CrashLoopBackOff => "CrashLoopBackOff",
        PodState::Terminating => "Terminating",
        PodState::Done => "Completed",
    }
}

/// One SVG element from data: one builder instead of an `html!` expansion per call site.
fn el(tag: &'static str, attrs: &[(&'static str, String)], kids: Vec<Html>) -> Html {
    let mut t = yew::virtual_dom::VTag::new(tag);
    for (k, v) in attrs {
        t.add_attribute(k, v.clone());
    }
    t.add_children(kids);
    t.into()
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

fn rect(class: &str, x: f64, y: f64, w: f64, h: f64, r: f64) -> Html {
    let mut a = vec![
        ("x", f(x)),
        ("y", f(y)),
        ("width", f(w)),
        ("height", f(h)),
        ("rx", f(r)),
    ];
    if !class.is_empty() {
        a.push(("class", class.to_string()));
    }
    el("rect", &a, vec![])
}

fn text(class: &str, x: f64, y: f64, middle: bool, s: String) -> Html {
    let mut a = vec![("x", f(x)), ("y", f(y)), ("class", class.to_string())];
    if middle {
        a.push(("text-anchor", "middle".into()));
    }
    el("text", &a, vec![Html::from(s)])
}

/// A part as an SVG button: a group with role, name, tabindex and key handling.
fn button(
    part: Part,
    label: String,
    class: String,
    on_pick: &Callback<Part>,
    children: Html,
) -> Html {
    let onclick = {
        let (cb, p) = (on_pick.clone(), part.clone());
        Callback::from(move |_: MouseEvent| cb.emit(p.clone()))
    };
    let onkeydown = {
        let (cb, p) = (on_pick.clone(), part);
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                cb.emit(p.clone());
            }
        })
    };
    html! {
        <g role="button" tabindex="0" aria-label={label} class={class} {onclick} {onkeydown}>
            { children }
        </g>
    }
}

fn boxed(r: Rect, title: &str, sub: &str) -> Html {
    let (x, y, w, h) = r;
    let mut kids = vec![
        rect("", x, y, w, h, 6.0),
        text(
            "t",
            x + 8.0,
            y + if sub.is_empty() { h / 2.0 + 5.0 } else { 17.0 },
            false,
            title.to_string(),
        ),
    ];
    if !sub.is_empty() {
        // A space between the two lines, so the text reads "title sub" (as the name).
        kids.push(Html::from(" "));
        kids.push(text("s", x + 8.0, y + 33.0, false, sub.to_string()));
    }
    Html::from_iter(kids)
}

#[function_component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let lang = crate::app::use_ctx().lang;
    let snap = &props.snap;
    let zoom = props.zoom.clamp(1.0, 1.5);
    let lay = layout(snap, props.width / zoom, &props.expanded);
    let class_of = |p: &Part, base: &str| {
        let mut c = String::from(base);
        if props.selected.as_ref() == Some(p) {
            c.push_str(" sel");
        }
        if props.marks.contains(p) {
            c.push_str(" mark");
        }
        if props.hop.as_ref().is_some_and(|(h, _)| h == p) {
            c.push_str(" hop");
        }
        c
    };
    let mut out: Vec<Html> = Vec::new();
    // Frames: the control plane and the workers.
    let cp = lay.rect(&Part::ApiServer).unwrap_or_default();
    let cp_bottom = lay
        .parts
        .iter()
        .filter(|(p, _)| {
            matches!(
                p,
                Part::ApiServer
                    | Part::Etcd
                    | Part::Scheduler
                    | Part::ControllerManager
                    | Part::CloudControllerManager
                    | Part::MetricsServer
            )
        })
        .map(|(_, r)| r.1 + r.3)
        .fold(0.0, f64::max);
    out.push(html! {
        <g class="frame" aria-hidden="true">
            <rect x={(PAD - 2.0).to_string()} y={(CP_Y).to_string()} width={(lay.width - 2.0 * PAD + 4.0).to_string()} height={(cp_bottom - CP_Y + 8.0).to_string()} rx="8" />
            <text x={(PAD + 6.0).to_string()} y={(CP_Y + 19.0).to_string()} class="t">
                { format!("{} · control-plane-1 ★ {}", t::CONTROL_PLANE.get(lang), t::LEADER.get(lang)) }
            </text>
            <text x={(cp.0 + 2.0).to_string()} y={(cp_bottom + 22.0).to_string()} class="s">{ t::WORKERS.get(lang) }</text>
        </g>
    });
    let snap_hpa = snap.hpa.as_ref();
    let svc = snap.service.as_ref();
    for (p, r) in &lay.parts {
        let (title, sub, label): (String, String, String) = match p {
            Part::User => (
                t::YOU.get(lang).into(),
                "kubectl".into(),
                format!("{}: kubectl", t::YOU.get(lang)),
            ),
            Part::LoadGen => {
                let d = svc.map_or(0.0, |s| s.demand_rps);
                (
                    t::LOADGEN.get(lang).into(),
                    format!("{d:.0} req/s"),
                    format!("{}: {d:.0} req/s", t::LOADGEN.get(lang)),
                )
            }
            Part::Service => {
                let s = svc.map_or(String::new(), |s| {
                    format!("{} · {} ✓", s.name, s.ready_endpoints)
                });
                (
                    t::SERVICE_LB.get(lang).into(),
                    s.clone(),
                    format!("{} {s}", t::SERVICE_LB.get(lang)),
                )
            }
            Part::Hpa => {
                let s = snap_hpa.map_or(t::HPA_OFF.get(lang).to_string(), |h| {
                    format!(
                        "{}% / {}% · {}→{}",
                        h.current.map_or("–".into(), |c| c.to_string()),
                        h.target,
                        h.replicas,
                        h.desired
                    )
                });
                (
                    "HPA".into(),
                    s.clone(),
                    format!("HorizontalPodAutoscaler: {s}"),
                )
            }
            Part::ApiServer => (
                "kube-apiserver".into(),
                String::new(),
                "kube-apiserver".into(),
            ),
            Part::Etcd => (
                "etcd".into(),
                format!("rev {}", snap.revision),
                format!("etcd, revision {}", snap.revision),
            ),
            Part::Scheduler => (
                "kube-scheduler".into(),
                format!("queue {}", snap.queue),
                format!("kube-scheduler, queue {}", snap.queue),
            ),
            Part::ControllerManager => (
                "kube-controller-manager".into(),
                String::new(),
                "kube-controller-manager".into(),
            ),
            Part::CloudControllerManager => (
                "cloud-controller-manager".into(),
                String::new(),
                "cloud-controller-manager".into(),
            ),
            Part::MetricsServer => (
                "metrics-server".into(),
                String::new(),
                "metrics-server".into(),
            ),
            Part::Node(_)
            | Part::Kubelet(_)
            | Part::KubeProxy(_)
            | Part::Runtime(_)
            | Part::Pod(_) => {
                continue;
            }
        };
        let base = if matches!(p, Part::User | Part::LoadGen | Part::Service | Part::Hpa) {
            "part top"
        } else {
            "part cp"
        };
        // Shorten long names where the box is too narrow for them (about 7.5 px a letter).
        // The longest name that fits its box (about 7.6 px a letter), else the shortest.
        let fits = |s: &str| {
            let w: f64 = s
                .chars()
                .map(|c| if c.is_ascii() { 7.6 } else { 13.0 })
                .sum();
            w + 16.0 <= r.2
        };
        let shorter: &[&str] = match p {
            Part::ApiServer => &["apiserver"],
            Part::Scheduler => &["scheduler"],
            Part::ControllerManager => &["controller-manager", "controller-mgr", "kcm"],
            Part::CloudControllerManager => &["cloud-controller-mgr", "cloud-ctrl-mgr", "ccm"],
            Part::MetricsServer => &["metrics"],
            Part::Service => &["Service + LB"],
            _ => &[],
        };
        let shown = std::iter::once(title.as_str())
            .chain(shorter.iter().copied())
            .find(|s| fits(s))
            .or(shorter.last().copied())
            .unwrap_or(&title)
            .to_string();
        // The accessible name is the visible text (WCAG 2.5.3), with the full name when the
        // box shows a shortened one.
        let _ = label;
        let label = match (sub.is_empty(), shown == title) {
            (true, true) => shown.clone(),
            (true, false) => format!("{shown} ({title})"),
            (false, true) => format!("{shown} {sub}"),
            (false, false) => format!("{shown} {sub} ({title})"),
        };
        out.push(button(
            p.clone(),
            label,
            class_of(p, base),
            &props.on_pick,
            boxed(*r, &shown, &sub),
        ));
    }
    // Worker cards.
    for (i, n) in snap.nodes.iter().enumerate() {
        let (x, y) = lay.card_xy[i];
        let (w, h) = (lay.card_w, lay.card_h[i]);
        let np = Part::Node(n.name.clone());
        let (ci, ct) = cond_text(n.cond);
        let (mi, mt) = machine_text(n.machine, lang);
        let mut state = format!("{ci} {ct}");
        if n.machine != Machine::On {
            state.push_str(&format!(" · {mi} {mt}"));
        }
        if n.cordoned {
            state.push_str(" · ⊘ SchedulingDisabled");
        }
        let pods_n: u32 = n.groups.iter().map(|g| g.total).sum();
        let label = format!("{} {state}. ", n.name)
            + &t::NODE_LABEL.fmt(
                lang,
                &[
                    ("node", &n.name),
                    ("cond", &ct),
                    ("machine", &mt),
                    (
                        "cordon",
                        &if n.cordoned {
                            ", SchedulingDisabled"
                        } else {
                            ""
                        },
                    ),
                    ("pods", &pods_n),
                ],
            );
        let mut cls = class_of(&np, "node");
        cls.push_str(match n.cond {
            Cond::Ready => " ready",
            Cond::NotReady => " notready",
            Cond::Unknown => " unknown",
        });
        if n.machine != Machine::On {
            cls.push_str(" off");
        }
        if n.cordoned {
            cls.push_str(" cordoned");
        }
        out.push(el(
            "rect",
            &[
                ("class", format!("ncard {cls}")),
                ("x", f(x)),
                ("y", f(y)),
                ("width", f(w)),
                ("height", f(h)),
                ("rx", "8".into()),
                ("aria-hidden", "true".into()),
            ],
            vec![],
        ));
        out.push(button(
            np.clone(),
            label,
            cls,
            &props.on_pick,
            Html::from_iter([
                rect("hit", x, y, w, 44.0, 8.0),
                text("t", x + 8.0, y + 18.0, false, n.name.to_string()),
                text("s state", x + 8.0, y + 36.0, false, state),
            ]),
        ));
        let expanded = props.expanded.contains(&n.name);
        let collapsed = snap.collapsed && !expanded;
        for p in [
            Part::Kubelet(n.name.clone()),
            Part::KubeProxy(n.name.clone()),
            Part::Runtime(n.name.clone()),
        ] {
            let Some(r) = lay.rect(&p) else { continue };
            let name = match &p {
                Part::Kubelet(_) => "kubelet",
                Part::KubeProxy(_) => "kube-proxy",
                _ => t::RUNTIME.get(lang),
            };
            let label = format!("{name} · {}", n.name);
            let (rx, ry, rw, rh) = r;
            out.push(button(
                p.clone(),
                label,
                class_of(&p, "part agent"),
                &props.on_pick,
                Html::from_iter([
                    rect("", rx, ry, rw, rh, 4.0),
                    text("s", rx + rw / 2.0, ry + 16.0, true, name.to_string()),
                ]),
            ));
        }
        let py = y + 76.0;
        if collapsed {
            for (gi, g) in n.groups.iter().enumerate() {
                let gx = x + 8.0 + (gi % 2) as f64 * ((w - 16.0) / 2.0);
                let gy = py + (gi / 2) as f64 * 16.0 + 10.0;
                out.push(html! {
                    <text x={gx.to_string()} y={gy.to_string()} class="s group" role="img"
                        aria-label={t::GROUP_LABEL.fmt(lang, &[("n", &g.total), ("app", &g.app), ("ready", &g.ready)])}>
                        { format!("▦ {} {}/{}", g.app, g.ready, g.total) }
                    </text>
                });
            }
        } else {
            let per = pods_per_row(w);
            for (pi, pod) in n.pods.iter().enumerate() {
                let px = x + 8.0 + (pi % per) as f64 * POD;
                let pyy = py + (pi / per) as f64 * POD;
                let part = Part::Pod(pod.name.clone());
                let label = t::POD_LABEL.fmt(
                    lang,
                    &[
                        ("pod", &pod.name),
                        ("app", &pod.app),
                        ("state", &pod_state_text(pod.state)),
                    ],
                );
                out.push(button(
                    part.clone(),
                    label,
                    class_of(&part, &format!("pod {}", pod.state.class())),
                    &props.on_pick,
                    Html::from_iter([
                        rect("", px, pyy, POD - 4.0, POD - 4.0, 5.0),
                        rect("ctr", px + 4.0, pyy + 4.0, POD - 12.0, POD - 12.0, 2.0),
                        text(
                            "icon",
                            px + (POD - 4.0) / 2.0,
                            pyy + 15.5,
                            true,
                            pod.state.icon().into(),
                        ),
                    ]),
                ));
            }
        }
        if snap.collapsed {
            let name = n.name.clone();
            let cb = props.on_expand.clone();
            let label = if expanded {
                t::COLLAPSE.fmt(lang, &[("node", &n.name)])
            } else {
                t::EXPAND.fmt(lang, &[("node", &n.name)])
            };
            let onclick = Callback::from(move |_: MouseEvent| cb.emit(name.clone()));
            let cb2 = props.on_expand.clone();
            let name2 = n.name.clone();
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    cb2.emit(name2.clone());
                }
            });
            out.push(html! {
                <g role="button" tabindex="0" aria-label={label} class="part expand" {onclick} {onkeydown}>
                    <text x={(x + w - 10.0).to_string()} y={(y + h - 8.0).to_string()} text-anchor="end" class="s">
                        { if expanded { "▴" } else { "▾" } }
                    </text>
                </g>
            });
        }
    }
    // Pods no node holds yet.
    if !snap.pending.is_empty() {
        let y = lay.height - 48.0 - PAD + 8.0;
        out.push(html! {
            <text x={PAD.to_string()} y={(y + 14.0).to_string()} class="s">
                { format!("{}: {}", t::PENDING_PODS.get(lang), snap.pending.len()) }
            </text>
        });
        for (i, pod) in snap.pending.iter().take(20).enumerate() {
            let px = PAD + i as f64 * POD;
            let part = Part::Pod(pod.name.clone());
            let label = t::POD_LABEL.fmt(
                lang,
                &[
                    ("pod", &pod.name),
                    ("app", &pod.app),
                    ("state", &pod_state_text(pod.state)),
                ],
            );
            out.push(button(
                part.clone(),
                label,
                class_of(&part, "pod st-pending"),
                &props.on_pick,
                html! {
                    <>
                        <rect x={px.to_string()} y={(y + 20.0).to_string()} width={(POD - 4.0).to_string()} height={(POD - 4.0).to_string()} rx="5" />
                        <text x={(px + 11.0).to_string()} y={(y + 35.5).to_string()} text-anchor="middle" class="icon">{ "…" }</text>
                    </>
                },
            ));
        }
    }
    // The request in flight: a dot moving from the previous hop to the current one.
    if let Some((to, from)) = &props.hop {
        let to_c = lay
            .centre(to)
            .or_else(|| to.node().and_then(|n| lay.centre(&Part::Node(n.into()))));
        let from_c = from.as_ref().and_then(|f| {
            lay.centre(f)
                .or_else(|| f.node().and_then(|n| lay.centre(&Part::Node(n.into()))))
        });
        if let Some((x, y)) = to_c {
            if let Some((fx, fy)) = from_c.filter(|_| !props.reduced_motion) {
                out.push(html! {
                    <line class="wire" x1={fx.to_string()} y1={fy.to_string()} x2={x.to_string()} y2={y.to_string()} aria-hidden="true" />
                });
            }
            out.push(html! {
                <circle class="packet" r="7" cx="0" cy="0" aria-hidden="true"
                    style={format!("transform: translate({x:.0}px, {y:.0}px)")} />
            });
        }
    }
    html! {
        <svg class="diagram" role="group" aria-label={t::DIAGRAM_LABEL.get(lang)}
            width={f(lay.width * zoom)} height={f(lay.height * zoom)}
            viewBox={format!("0 0 {} {}", lay.width, lay.height)}>
            { for out }
        </svg>
    }
}
