//! The diagram: one SVG laid out in CSS pixels for the width it is given (so text stays
//! readable from a 640 px embed to a projector), drawn from the snapshot. Every part is a
//! focusable SVG element with role="button", a name, and Enter/Space handling; states read
//! by icon and text as well as colour.

use super::fixed;
use super::snapshot::{Cond, Machine, NodeSnap, Part, PodSnap, PodState, Snap};
use super::state::Do;
use crate::el::{El, el};
use crate::i18n::{Lang, cat::cluster as t};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;
use yew::virtual_dom::AttrValue;

/// Where each part is drawn (x, y, w, h).
pub type Rect = (f64, f64, f64, f64);

pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Where the workers' drawing starts (the control plane's ends).
    pub split: f64,
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
    // Top band: you, the load generator, the Service and the two autoscalers.
    let tw = ((inner - 4.0 * GAP) / 5.0).max(60.0);
    for (i, p) in [
        Part::User,
        Part::LoadGen,
        Part::Service,
        Part::Hpa,
        Part::Vpa,
    ]
    .into_iter()
    .enumerate()
    {
        parts.push((p, (PAD + i as f64 * (tw + GAP), PAD, tw, TOP_H - PAD)));
    }
    // Control plane: its nodes in a row, then the components every one of them runs (the
    // leader of each marked on it), and metrics-server beside them.
    let per_row = if width < 900.0 { 3 } else { 6 };
    let cw = (inner - 16.0 - (per_row as f64 - 1.0) * 8.0) / per_row as f64;
    let members = snap.cp.len().max(1);
    let m_cols = members.min(per_row);
    let mw = (inner - 16.0 - (m_cols as f64 - 1.0) * 8.0) / m_cols as f64;
    for (i, m) in snap.cp.iter().enumerate() {
        let (r, c) = (i / m_cols, i % m_cols);
        parts.push((
            Part::CpNode(m.name.clone()),
            (
                PAD + 8.0 + c as f64 * (mw + 8.0),
                CP_Y + 30.0 + r as f64 * 46.0,
                mw,
                38.0,
            ),
        ));
    }
    let comp_y = CP_Y + 30.0 + members.div_ceil(m_cols) as f64 * 46.0;
    let cps = [
        Part::ApiServer,
        Part::Etcd,
        Part::Scheduler,
        Part::ControllerManager,
        Part::CloudControllerManager,
        Part::MetricsServer,
    ];
    for (i, p) in cps.into_iter().enumerate() {
        let (r, c) = (i / per_row, i % per_row);
        parts.push((
            p,
            (
                PAD + 8.0 + c as f64 * (cw + 8.0),
                comp_y + r as f64 * 46.0,
                cw,
                38.0,
            ),
        ));
    }
    let cp_rows = 6usize.div_ceil(per_row);
    let workers_y = comp_y + cp_rows as f64 * 46.0 + 36.0;
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
        split: workers_y - 6.0,
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
    /// Where a click on a part sends `Do::Pick`, and on a node's expander `Do::Expand`.
    pub on_act: Callback<Do>,
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

/// A coordinate with one decimal (integer arithmetic: no float formatting in the view).
fn f(x: f64) -> AttrValue {
    AttrValue::from(fixed(x, 1))
}

/// An SVG element with its position: `x`, `y` and, when `w > 0`, `width` and `height`.
#[inline(never)]
fn at(tag: &'static str, class: &'static str, x: f64, y: f64, w: f64, h: f64) -> El {
    let e = el(tag).class(class).attr("x", f(x)).attr("y", f(y));
    if w > 0.0 {
        e.attr("width", f(w)).attr("height", f(h))
    } else {
        e
    }
}

#[inline(never)]
fn rect(class: &'static str, x: f64, y: f64, w: f64, h: f64, r: f64) -> Html {
    at("rect", class, x, y, w, h).attr("rx", f(r)).into()
}

#[inline(never)]
fn text(class: &'static str, x: f64, y: f64, middle: bool, s: String) -> Html {
    let e = at("text", class, x, y, 0.0, 0.0);
    let e = if middle {
        e.attr("text-anchor", "middle")
    } else {
        e
    };
    e.string(s).into()
}

/// A part as an SVG button: a group with role, name, tabindex and key handling; `a` is what
/// a click, Enter or Space sends.
#[inline(never)]
fn button(a: Do, label: String, class: String, on_act: &Callback<Do>, kids: Vec<Html>) -> Html {
    // Lessons and tests name parts by this (`Part::id`).
    let part = match &a {
        Do::Pick(p) => Some(AttrValue::from(p.id())),
        _ => None,
    };
    let onclick = {
        let (cb, a) = (on_act.clone(), a.clone());
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let onkeydown = {
        let cb = on_act.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                cb.emit(a.clone());
            }
        })
    };
    el("g")
        .attr("role", "button")
        .attr("tabindex", "0")
        .attr("aria-label", label)
        .attr("class", class)
        .attr_opt("data-part", part)
        .on_click(onclick)
        .on_keydown(onkeydown)
        .children(kids)
        .into()
}

fn boxed(r: Rect, title: &str, sub: &str) -> Vec<Html> {
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
        kids.push(crate::el::text(" "));
        kids.push(text("s", x + 8.0, y + 33.0, false, sub.to_string()));
    }
    kids
}

/// The frame's note on etcd: its quorum, or that writes fail without one.
fn quorum_text(snap: &Snap, lang: Lang) -> String {
    let (up, all, needed, writable) = snap.quorum;
    let msg = if writable {
        t::CP_QUORUM
    } else {
        t::CP_NO_QUORUM
    };
    msg.fmt(lang, &[("up", &up), ("all", &all), ("needed", &needed)])
}

/// "★ cp-1" for the control-plane node leading `lease`, else "no leader".
fn leader_text(snap: &Snap, lease: &str, lang: Lang) -> String {
    snap.leader(lease)
        .map_or_else(|| t::NO_LEADER.get(lang).to_string(), |n| join("★ ", "", n))
}

/// `a` and `b` joined by `sep`.
#[inline(never)]
pub fn join(a: &str, sep: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + sep.len() + b.len());
    s.push_str(a);
    s.push_str(sep);
    s.push_str(b);
    s
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
                    | Part::CpNode(_)
            )
        })
        .map(|(_, r)| r.1 + r.3)
        .fold(0.0, f64::max);
    out.push(
        el("g")
            .class("frame")
            .attr("aria-hidden", "true")
            .child(
                at(
                    "rect",
                    "",
                    PAD - 2.0,
                    CP_Y,
                    lay.width - 2.0 * PAD + 4.0,
                    cp_bottom - CP_Y + 8.0,
                )
                .attr("rx", "8"),
            )
            .child(text(
                "t",
                PAD + 6.0,
                CP_Y + 19.0,
                false,
                join(t::CONTROL_PLANE.get(lang), " · ", &quorum_text(snap, lang)),
            ))
            .child(text(
                "s",
                cp.0 + 2.0,
                cp_bottom + 22.0,
                false,
                t::WORKERS.get(lang).into(),
            ))
            .into(),
    );
    let snap_hpa = snap.hpa.as_ref();
    let svc = snap.service.as_ref();
    for (p, r) in &lay.parts {
        let (title, sub): (String, String) = match p {
            Part::User => (t::YOU.get(lang).into(), "kubectl".into()),
            Part::LoadGen => {
                let d = svc.map_or(0.0, |s| s.demand_rps);
                (t::LOADGEN.get(lang).into(), fixed(d, 0) + " req/s")
            }
            Part::Service => {
                let s = svc.map_or(String::new(), |s| {
                    join(&s.name, " · ", &s.ready_endpoints.to_string()) + " ✓"
                });
                (t::SERVICE_LB.get(lang).into(), s)
            }
            Part::Hpa => {
                let s = snap_hpa.map_or(t::HPA_OFF.get(lang).to_string(), |h| {
                    let cur = h.current.map_or("–".into(), |c| c.to_string());
                    let mut s = join(&cur, "% / ", &h.target.to_string());
                    s.push_str("% · ");
                    s.push_str(&join(&h.replicas.to_string(), "→", &h.desired.to_string()));
                    s
                });
                ("HPA".into(), s)
            }
            Part::Vpa => {
                let s = snap
                    .vpa
                    .as_ref()
                    .map_or(t::HPA_OFF.get(lang).to_string(), |v| {
                        let cpu = v.cpu_m.map_or("–".into(), sim::util::fmt_cpu);
                        join(v.mode, " · cpu ", &cpu)
                    });
                ("VPA".into(), s)
            }
            Part::ApiServer => ("kube-apiserver".into(), String::new()),
            Part::Etcd => {
                let (up, all, ..) = snap.quorum;
                let mut s = join("rev ", "", &snap.revision.to_string());
                s.push_str(" · ");
                s.push_str(&join(&up.to_string(), "/", &all.to_string()));
                ("etcd".into(), s)
            }
            Part::Scheduler => (
                "kube-scheduler".into(),
                join(
                    &join("queue ", "", &snap.queue.to_string()),
                    " · ",
                    &leader_text(snap, "kube-scheduler", lang),
                ),
            ),
            Part::ControllerManager => (
                "kube-controller-manager".into(),
                leader_text(snap, "kube-controller-manager", lang),
            ),
            Part::CloudControllerManager => (
                "cloud-controller-manager".into(),
                leader_text(snap, "cloud-controller-manager", lang),
            ),
            Part::CpNode(n) => {
                let Some(m) = snap.cp.iter().find(|m| &m.name == n) else {
                    continue;
                };
                let title = if m.leads.is_empty() {
                    n.to_string()
                } else {
                    join(n, " ★ ", t::LEADER.get(lang))
                };
                let mut sub = if m.up {
                    String::from("✓")
                } else {
                    join("⊗ ", "", t::MACHINE_OFF.get(lang))
                };
                sub.push_str(" · etcd ");
                sub.push_str(match (m.etcd_up && m.up, m.etcd_leader) {
                    (true, true) => "★",
                    (true, false) => "✓",
                    (false, _) => "✗",
                });
                (title, sub)
            }
            Part::MetricsServer => ("metrics-server".into(), String::new()),
            Part::Node(_)
            | Part::Kubelet(_)
            | Part::KubeProxy(_)
            | Part::Runtime(_)
            | Part::Pod(_) => {
                continue;
            }
        };
        let base = match p {
            Part::User | Part::LoadGen | Part::Service | Part::Hpa | Part::Vpa => "part top",
            Part::CpNode(n) if snap.cp.iter().any(|m| &m.name == n && !m.up) => "part cp down",
            _ => "part cp",
        };
        // Shorten long names where the box is too narrow for them.
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
        let mut label = shown.clone();
        if !sub.is_empty() {
            label = join(&label, " ", &sub);
        }
        if shown != title {
            label = join(&label, " (", &title) + ")";
        }
        out.push(button(
            Do::Pick(p.clone()),
            label,
            class_of(p, base),
            &props.on_act,
            boxed(*r, &shown, &sub),
        ));
    }
    // The control plane and the top band are one drawing, the workers another, and the
    // request in flight a third over both: each is its own layer (cluster.css), so that a
    // change in one (etcd's revision, ten times a second) does not repaint the others (a
    // hundred node cards).
    let control = std::mem::take(&mut out);
    // Worker cards: one component each, so that a node whose snapshot, place and marks did
    // not change is not drawn again.
    let cards = snap.nodes.iter().enumerate().map(|(i, n)| {
        let (x, y) = lay.card_xy[i];
        let mine = |p: &Part| match p {
            Part::Pod(name) => n.pods.iter().any(|q| q.name == *name),
            _ => p.node() == Some(&n.name),
        };
        html! {
            <NodeCard key={n.name.to_string()} node={n.clone()} x={x} y={y} w={lay.card_w}
                h={lay.card_h[i]} collapsed={snap.collapsed}
                expanded={props.expanded.contains(&n.name)}
                selected={props.selected.clone().filter(|p| mine(p))}
                marks={props.marks.iter().filter(|p| mine(p)).cloned().collect::<Vec<_>>()}
                hop={props.hop.as_ref().map(|h| h.0.clone()).filter(|p| mine(p))}
                on_act={props.on_act.clone()} />
        }
    });
    // Their own group, every child keyed by its node: a node that comes or goes does not
    // make the others be drawn anew.
    out.push(el("g").class("workers").children(cards).into());
    // Pods no node holds yet, and the request in flight: always in their places (empty when
    // there is nothing), so that the children before them are not drawn anew when they come
    // and go.
    let pending = (!snap.pending.is_empty()).then(|| {
        let y = lay.height - 48.0 - PAD + 8.0;
        let mut kids = vec![text(
            "s",
            PAD,
            y + 14.0,
            false,
            join(
                t::PENDING_PODS.get(lang),
                ": ",
                &snap.pending.len().to_string(),
            ),
        )];
        for (i, pod) in snap.pending.iter().take(20).enumerate() {
            let px = PAD + i as f64 * POD;
            let part = Part::Pod(pod.name.clone());
            let class = class_of(&part, "pod st-pending");
            kids.push(button(
                Do::Pick(part),
                pod_label(pod, lang),
                class,
                &props.on_act,
                vec![
                    rect("", px, y + 20.0, POD - 4.0, POD - 4.0, 5.0),
                    text("icon", px + 11.0, y + 35.5, true, "…".into()),
                ],
            ));
        }
        el("g").class("pending").children(kids)
    });
    out.push(crate::el::opt(pending));
    let workers = std::mem::take(&mut out);
    // The request in flight: a dot moving from the previous hop to the current one.
    let centre = |p: &Part| {
        lay.centre(p)
            .or_else(|| p.node().and_then(|n| lay.centre(&Part::Node(n.into()))))
    };
    let to_c = props.hop.as_ref().and_then(|(to, _)| centre(to));
    let from_c = props
        .hop
        .as_ref()
        .and_then(|(_, from)| from.as_ref().and_then(centre))
        .filter(|_| !props.reduced_motion);
    let wire = to_c.zip(from_c).map(|((x, y), (fx, fy))| {
        el("line")
            .class("wire")
            .attr("x1", f(fx))
            .attr("y1", f(fy))
            .attr("x2", f(x))
            .attr("y2", f(y))
            .attr("aria-hidden", "true")
    });
    let packet = to_c.map(|(x, y)| {
        let mut style = join("transform: translate(", &fixed(x, 0), "px, ");
        style.push_str(&fixed(y, 0));
        style.push_str("px)");
        el("circle")
            .class("packet")
            .attr("r", "7")
            .attr("cx", "0")
            .attr("cy", "0")
            .attr("aria-hidden", "true")
            .attr("style", style)
    });
    out.push(crate::el::opt(wire));
    out.push(crate::el::opt(packet));
    let overlay = out;
    // Each drawing shows its band of the one layout: the viewBox starts where it starts.
    let svg = |class: &'static str, top: f64, bottom: f64, kids: Vec<Html>| {
        let mut view_box = join("0 ", &fixed(top, 1), " ");
        view_box.push_str(&fixed(lay.width, 1));
        view_box.push(' ');
        view_box.push_str(&fixed(bottom - top, 1));
        el("svg")
            .class(class)
            .attr("width", f(lay.width * zoom))
            .attr("height", f((bottom - top) * zoom))
            .attr("viewBox", view_box)
            .children(kids)
    };
    el("div")
        .class("diagram-box")
        .attr("role", "group")
        .attr("aria-label", t::DIAGRAM_LABEL.get(lang))
        .child(
            svg("diagram control", 0.0, lay.split, control)
                .attr("aria-label", t::CONTROL_PLANE.get(lang))
                .attr("role", "group"),
        )
        .child(
            svg("diagram workers", lay.split, lay.height, workers)
                .attr("aria-label", t::WORKERS.get(lang))
                .attr("role", "group"),
        )
        .child(svg("overlay", 0.0, lay.height, overlay).attr("aria-hidden", "true"))
        .into()
}

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: Rc<NodeSnap>,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The cluster draws counts per Deployment instead of pods.
    pub collapsed: bool,
    /// This node is drawn pod by pod anyway.
    pub expanded: bool,
    /// The selected part, if it is on this node.
    pub selected: Option<Part>,
    pub marks: Vec<Part>,
    pub hop: Option<Part>,
    pub on_act: Callback<Do>,
}

/// Where a node agent's box is drawn on the card at (x, y) of width w.
fn agent_rect(p: &Part, x: f64, y: f64, w: f64) -> Rect {
    let i = match p {
        Part::Kubelet(_) => 0.0,
        Part::KubeProxy(_) => 1.0,
        _ => 2.0,
    };
    let aw = (w - 16.0 - 8.0) / 3.0;
    (x + 8.0 + i * (aw + 4.0), y + 46.0, aw, 24.0)
}

/// One worker node: its card, its agents, and its pods (or their counts).
#[function_component(NodeCard)]
fn node_card(props: &NodeCardProps) -> Html {
    let lang = crate::app::use_ctx().lang;
    let class_of = |p: &Part, base: &str| {
        let mut c = String::from(base);
        if props.selected.as_ref() == Some(p) {
            c.push_str(" sel");
        }
        if props.marks.contains(p) {
            c.push_str(" mark");
        }
        if props.hop.as_ref() == Some(p) {
            c.push_str(" hop");
        }
        c
    };
    let n = &props.node;
    let (x, y, w, h) = (props.x, props.y, props.w, props.h);
    let mut out: Vec<Html> = Vec::new();
    let np = Part::Node(n.name.clone());
    let (ci, ct) = cond_text(n.cond);
    let (mi, mt) = machine_text(n.machine, lang);
    let mut state = join(ci, " ", ct);
    if n.machine != Machine::On {
        state.push_str(" · ");
        state.push_str(&join(mi, " ", mt));
    }
    if n.cordoned {
        state.push_str(" · ⊘ SchedulingDisabled");
    }
    let pods_n: u32 = n.groups.iter().map(|g| g.total).sum();
    let label = join(&n.name, " ", &state)
        + ". "
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
    out.push(
        at("rect", "", x, y, w, h)
            .attr("class", join("ncard ", "", &cls))
            .attr("rx", "8")
            .attr("aria-hidden", "true")
            .into(),
    );
    out.push(button(
        Do::Pick(np),
        label,
        cls,
        &props.on_act,
        vec![
            rect("hit", x, y, w, 44.0, 8.0),
            text("t", x + 8.0, y + 18.0, false, n.name.to_string()),
            text("s state", x + 8.0, y + 36.0, false, state),
        ],
    ));
    let expanded = props.expanded;
    let collapsed = props.collapsed && !expanded;
    for p in [
        Part::Kubelet(n.name.clone()),
        Part::KubeProxy(n.name.clone()),
        Part::Runtime(n.name.clone()),
    ] {
        let r = agent_rect(&p, x, y, w);
        let name = match &p {
            Part::Kubelet(_) => "kubelet",
            Part::KubeProxy(_) => "kube-proxy",
            _ => t::RUNTIME.get(lang),
        };
        let label = join(name, " · ", &n.name);
        let (rx, ry, rw, rh) = r;
        let class = class_of(&p, "part agent");
        out.push(button(
            Do::Pick(p),
            label,
            class,
            &props.on_act,
            vec![
                rect("", rx, ry, rw, rh, 4.0),
                text("s", rx + rw / 2.0, ry + 16.0, true, name.to_string()),
            ],
        ));
    }
    let py = y + 76.0;
    // The pods (or their counts) in a group of their own, keyed: a pod that comes or goes
    // leaves the card's other elements, and the other pods, as they are.
    let mut pods: Vec<Html> = Vec::new();
    if collapsed {
        for (gi, g) in n.groups.iter().enumerate() {
            let gx = x + 8.0 + (gi % 2) as f64 * ((w - 16.0) / 2.0);
            let gy = py + (gi / 2) as f64 * 16.0 + 10.0;
            let counts = join(&g.ready.to_string(), "/", &g.total.to_string());
            pods.push(
                at("text", "s group", gx, gy, 0.0, 0.0)
                    .key(g.app.to_string())
                    .attr("role", "img")
                    .attr(
                        "aria-label",
                        t::GROUP_LABEL.fmt(
                            lang,
                            &[("n", &g.total), ("app", &g.app), ("ready", &g.ready)],
                        ),
                    )
                    .string(join("▦ ", &g.app, &join(" ", "", &counts)))
                    .into(),
            );
        }
    } else {
        let per = pods_per_row(w);
        for (pi, pod) in n.pods.iter().enumerate() {
            let px = x + 8.0 + (pi % per) as f64 * POD;
            let pyy = py + (pi / per) as f64 * POD;
            let part = Part::Pod(pod.name.clone());
            let class = class_of(&part, &join("pod ", "", pod.state.class()));
            pods.push(
                el("g")
                    .key(pod.name.to_string())
                    .child(button(
                        Do::Pick(part),
                        pod_label(pod, lang),
                        class,
                        &props.on_act,
                        vec![
                            rect("", px, pyy, POD - 4.0, POD - 4.0, 5.0),
                            rect("ctr", px + 4.0, pyy + 4.0, POD - 12.0, POD - 12.0, 2.0),
                            text(
                                "icon",
                                px + (POD - 4.0) / 2.0,
                                pyy + 15.5,
                                true,
                                pod.state.icon().into(),
                            ),
                        ],
                    ))
                    .into(),
            );
        }
    }
    out.push(el("g").class("pods").children(pods).into());
    let expander = props.collapsed.then(|| {
        let label = if expanded {
            t::COLLAPSE.fmt(lang, &[("node", &n.name)])
        } else {
            t::EXPAND.fmt(lang, &[("node", &n.name)])
        };
        let sign = at("text", "s", x + w - 10.0, y + h - 8.0, 0.0, 0.0)
            .attr("text-anchor", "end")
            .text(if expanded { "▴" } else { "▾" })
            .into();
        button(
            Do::Expand(n.name.clone()),
            label,
            "part expand".into(),
            &props.on_act,
            vec![sign],
        )
    });
    out.push(crate::el::opt(expander));
    el("g").class("card").children(out).into()
}

fn pod_label(pod: &PodSnap, lang: Lang) -> String {
    t::POD_LABEL.fmt(
        lang,
        &[
            ("pod", &pod.name),
            ("app", &pod.app),
            ("state", &pod_state_text(pod.state)),
        ],
    )
}
