//! The live Cluster view: the engine (`sim`) running in the page, drawn as a clickable
//! diagram with playback controls and a timeline, load and failure injection, the request
//! path, an event log and charts. Every control sends a command, shown as a learner would
//! type it.
//!
//! Code map: `state` (the view's state, the driver inside it, and its one reducer; pure),
//! `driver` (engine, playback, journal, checkpoints and the way back, timeline marks, VPA
//! samples; pure), `scenarios`, `snapshot` (the view model), `path` (request path from
//! events), `log` (event texts), `charts` (plotters), `diagram` (SVG), `panel` (details of a
//! part), `vpa` (the VPA's panel), `controls` (toolbar, drawers, timeline); this file holds
//! the component: the animation loop, the keyboard, the layout, and the seam for guides
//! ([`Remote`]).

pub mod charts;
pub mod controls;
pub mod diagram;
pub mod driver;
pub mod log;
pub mod panel;
pub mod path;
pub mod scenarios;
pub mod snapshot;
pub mod state;
pub mod vpa;

use crate::app::Ctx;
use crate::el::{El, button, el, frag};
use crate::i18n::{Lang, cat::cluster as t};
use charts::ChartData;
use path::{HopKind, Path};
use scenarios::{ScenarioId, Setup};
use snapshot::Part;
use state::{Do, Lab};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::html::Scope;
use yew::prelude::*;
use yew::virtual_dom::AttrValue;

pub fn render() -> Html {
    html! { <ClusterView /> }
}

/// What a guide (a lesson, a presenter, the page around an embed) can do with a running
/// Cluster view: send commands as the user would, point at parts, and read the engine.
#[derive(Clone)]
pub struct Remote(Scope<ClusterView>);

impl Remote {
    /// Sends a command as the user would (it is journaled, plays its request path, and is
    /// refused with a message when the engine refuses it).
    pub fn send(&self, cmd: sim::Command) {
        self.0.send_message(Do::Send(cmd));
    }

    /// Highlights the parts with these ids ([`Part::id`]: `scheduler`, `node:node-2`,
    /// ...); ids that name no part are ignored. An empty list clears the highlight.
    pub fn highlight(&self, ids: &[&str]) {
        let parts = ids.iter().filter_map(|id| Part::from_id(id)).collect();
        self.0.send_message(Do::Highlight(parts));
    }

    /// Any action of the view (play, pause, seek, open a part's panel, ...).
    pub fn dispatch(&self, d: Do) {
        self.0.send_message(d);
    }

    /// Reads the driver (and through it the engine: `driver.sim()`), if the view is mounted.
    pub fn read<R>(&self, f: impl FnOnce(&driver::Driver) -> R) -> Option<R> {
        self.0.get_component().map(|c| f(&c.lab.drv))
    }
}

impl PartialEq for Remote {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct ClusterProps {
    /// Called once, when the view is mounted, with the handle a guide drives it through.
    #[prop_or_default]
    pub on_ready: Option<Callback<Remote>>,
    /// Called after every redraw with the driver's version (a guide re-checks its
    /// conditions).
    #[prop_or_default]
    pub on_change: Option<Callback<u64>>,
}

/// Html built at its own pace and kept: equal while `version` is, so its component skips
/// redrawing it.
#[derive(Properties)]
struct MemoProps {
    version: [u64; 3],
    html: Html,
}

impl PartialEq for MemoProps {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

#[function_component(Memo)]
fn memo(p: &MemoProps) -> Html {
    p.html.clone()
}

/// What the view last built for the parts that follow the log's pace.
#[derive(Default)]
struct Built {
    panel: ([u64; 3], Html),
    log: ([u64; 3], Html),
    marks: (u64, Html),
}

pub struct ClusterView {
    lab: Lab,
    /// The shell's context when the view was made (its route and callbacks).
    shell: Ctx,
    on_do: Callback<Do>,
    /// The animation loop's callback (one for the view's life) and whether a frame is asked.
    tick: Option<wasm_bindgen::closure::Closure<dyn FnMut(f64)>>,
    frame: Option<i32>,
    built: RefCell<Built>,
    /// The selection and the help dialog as last drawn (focus follows their changes).
    drawn: (Option<Part>, bool),
    _context: Option<ContextHandle<Ctx>>,
    _listeners: Vec<gloo_events::EventListener>,
}

fn setup_from(route: &crate::route::ClusterParams) -> Setup {
    let scenario = route.scenario.unwrap_or(ScenarioId::Basic);
    let mut s = Setup::new(scenario);
    if let Some(seed) = route.seed {
        s.seed = seed;
    }
    if let Some(p) = route.profile {
        s.profile = p;
    }
    if let Some(h) = route.hpa
        && scenario != ScenarioId::Scale100
    {
        s.hpa = h;
    }
    s
}

impl Component for ClusterView {
    type Message = Do;
    type Properties = ClusterProps;

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link();
        let (shell, handle) = match link.context::<Ctx>(link.callback(|c: Ctx| Do::Lang(c.lang))) {
            Some((c, h)) => (c, Some(h)),
            None => (lone_ctx(), None),
        };
        let params = shell.route.cluster;
        let mut lab = Lab::new(setup_from(&params), params.speed, params.paused, shell.lang);
        // index.html's frame has the stage already (same id, same classes): the first render
        // lays the diagram out for its real width, so nothing moves when the app takes over.
        lab.reduce(Do::Width(diagram_width()));
        let mut listeners = Vec::new();
        if let Some(w) = web_sys::window() {
            let l = link.clone();
            listeners.push(gloo_events::EventListener::new(&w, "resize", move |_| {
                l.send_message(Do::Width(diagram_width()))
            }));
            if let Some(doc) = w.document() {
                let l = link.clone();
                let opts = gloo_events::EventListenerOptions::enable_prevent_default();
                listeners.push(gloo_events::EventListener::new_with_options(
                    &doc,
                    "keydown",
                    opts,
                    move |e| {
                        if let Some(e) = e.dyn_ref::<KeyboardEvent>()
                            && let Some(d) = shortcut(e)
                        {
                            e.prevent_default();
                            l.send_message(d);
                        }
                    },
                ));
            }
        }
        if let Some(cb) = &ctx.props().on_ready {
            cb.emit(Remote(link.clone()));
        }
        // Lessons drive the view through this seam while it is mounted.
        crate::lessons::live::attach(Remote(link.clone()));
        let mut me = ClusterView {
            lab,
            shell,
            on_do: link.callback(|d| d),
            tick: None,
            frame: None,
            built: RefCell::default(),
            drawn: (None, false),
            _context: handle,
            _listeners: listeners,
        };
        me.request_frame(ctx);
        me
    }

    fn update(&mut self, ctx: &Context<Self>, d: Do) -> bool {
        let frame = matches!(d, Do::Frame(_));
        if frame {
            self.frame = None;
        }
        let out = self.lab.reduce(d);
        if self.lab.animating() {
            self.request_frame(ctx);
        } else if frame {
            self.lab.frames_stopped();
        }
        if let Some(setup) = out.address {
            // The address as it is now (a lesson's step may have moved on since the view
            // was made), not as it was when the view was made.
            let shell = ctx
                .link()
                .context::<Ctx>(Callback::noop())
                .map_or_else(|| self.shell.clone(), |(c, _)| c);
            let mut r = shell.route.clone();
            r.cluster.scenario = Some(setup.scenario);
            r.cluster.seed = Some(setup.seed);
            r.cluster.profile = Some(setup.profile);
            r.cluster.hpa = (setup.hpa != setup.scenario.default_hpa()).then_some(setup.hpa);
            r.cluster.paused = false;
            r.problems.clear();
            shell.replace.emit(r);
        }
        if out.redraw
            && let Some(cb) = &ctx.props().on_change
        {
            cb.emit(self.lab.drv.version);
        }
        out.redraw
    }

    fn destroy(&mut self, _: &Context<Self>) {
        crate::lessons::live::detach();
        // The closure goes with the view: no frame may call it afterwards.
        if let (Some(id), Some(w)) = (self.frame.take(), web_sys::window()) {
            let _ = w.cancel_animation_frame(id);
        }
    }

    fn rendered(&mut self, _: &Context<Self>, first: bool) {
        if first {
            // Lay the diagram out for the stage's real width before the first paint.
            let w = diagram_width();
            if w != self.lab.width {
                self.on_do.emit(Do::Width(w));
            }
        }
        let now = (self.lab.selected.clone(), self.lab.help);
        if now == self.drawn {
            return;
        }
        let doc = web_sys::window().and_then(|w| w.document());
        let by_id = |id: &str| {
            doc.as_ref()
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        };
        if now.1 && !self.drawn.1 {
            // The help dialog takes the focus when it opens.
            if let Some(b) = by_id("cl-help-close") {
                let _ = b.focus();
            }
        } else if now.0.is_some() && now.0 != self.drawn.0 {
            // A part's panel comes into view: the side column scrolls to its top; on narrow
            // screens, where the panel is below the diagram, the page scrolls to it.
            if let Some(p) = by_id("cl-panel") {
                if let Some(side) = p.parent_element() {
                    side.set_scroll_top(0);
                }
                let below = web_sys::window()
                    .and_then(|w| w.inner_height().ok())
                    .and_then(|h| h.as_f64())
                    .is_some_and(|h| p.get_bounding_client_rect().top() > h * 0.6);
                if below {
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Start);
                    p.scroll_into_view_with_scroll_into_view_options(&opts);
                }
            }
        }
        self.drawn = now;
    }

    fn view(&self, _: &Context<Self>) -> Html {
        let lab = &self.lab;
        let lang = lab.lang;
        let on = &self.on_do;
        let d = &lab.drv;
        let hop = d.path.as_ref().and_then(|p| {
            let cur = p.current()?;
            let prev = p
                .shown
                .checked_sub(2)
                .and_then(|i| p.hops.get(i))
                .map(|h| h.at.clone());
            Some((cur.at.clone(), prev))
        });
        let version = [lab.slow, lab.ui, lang as u64];
        let (panel, log) = {
            let mut b = self.built.borrow_mut();
            if b.panel.0 != version {
                let html = match &lab.selected {
                    Some(part) => panel::panel(part, d, &lab.snap, lang, on),
                    None => intro(lang),
                };
                b.panel = (version, html);
            }
            if b.log.0 != version {
                b.log = (version, log_box(lab, lang, on));
            }
            (b.panel.1.clone(), b.log.1.clone())
        };
        let marks = {
            let key = controls::marks_key(d, lang);
            let mut b = self.built.borrow_mut();
            if b.marks.0 != key {
                b.marks = (key, controls::marks(d, lang));
            }
            b.marks.1.clone()
        };
        let stage = el("div")
            .id("cluster-stage")
            .class("cl-stage")
            .not_a_fact()
            .child(html! {
                <diagram::Diagram snap={lab.snap.clone()} width={lab.width.0} zoom={lab.width.1}
                    selected={lab.selected.clone()} marks={Rc::new(lab.marks())} hop={hop}
                    expanded={lab.expanded.clone()} on_act={on.clone()}
                    reduced_motion={self.shell.reduced_motion} />
            });
        // Focusable: a scrolled side panel (a long panel in a lesson) scrolls by keyboard too.
        let side = el("aside")
            .class("cl-side")
            .attr("aria-label", t::SIDE_LABEL.get(lang))
            .attr("tabindex", "0")
            .maybe(lab.drawer.map(|w| controls::drawer(lab, w, lang, on)))
            .maybe(d.path.as_ref().map(|p| path_box(p, lang)))
            .child(html! { <Memo version={version} html={panel} /> });
        el("article")
            .class("view cluster")
            .attr("data-view", super::ViewId::Cluster.spec().slug)
            .child(controls::toolbar(lab, lang, on))
            .child(controls::timeline(lab, marks, lang, on))
            .child(el("div").class("cl-main").child(stage).child(side))
            .child(html! { <Memo version={version} html={log} /> })
            .child(html! { <Charts data={lab.charts.clone()} lang={lang} /> })
            .child(defaults(lab, lang, on))
            .child(
                el("div")
                    .class("sr-only")
                    .attr("aria-live", "polite")
                    .attr("role", "status")
                    .not_a_fact()
                    .string(lab.announce.clone()),
            )
            .maybe(lab.help.then(|| help(on, lang)))
            .into()
    }
}

impl ClusterView {
    /// Asks for the next animation frame (one closure for the view's life: not a new one
    /// per frame).
    fn request_frame(&mut self, ctx: &Context<Self>) {
        if self.frame.is_some() {
            return;
        }
        let link = ctx.link().clone();
        let tick = self.tick.get_or_insert_with(|| {
            wasm_bindgen::closure::Closure::new(move |ts: f64| link.send_message(Do::Frame(ts)))
        });
        self.frame = web_sys::window().and_then(|w| {
            w.request_animation_frame(tick.as_ref().unchecked_ref())
                .ok()
        });
    }
}

/// A context for a view mounted outside the shell (tests): the address's defaults.
fn lone_ctx() -> Ctx {
    Ctx {
        lang: Lang::En,
        route: crate::route::Route::parse(""),
        reduced_motion: false,
        navigate: Callback::noop(),
        replace: Callback::noop(),
        lesson: Callback::noop(),
    }
}

/// The keyboard shortcut a key press means, if any (never while typing in a field).
fn shortcut(e: &KeyboardEvent) -> Option<Do> {
    if !crate::app::plain_key(e) {
        return None;
    }
    Some(match e.key().as_str() {
        " " if !activatable(e) => Do::Toggle,
        "ArrowRight" | "PageDown" => Do::Step,
        "ArrowLeft" | "PageUp" => Do::Back,
        "+" | "=" => Do::Faster,
        "-" | "_" => Do::Slower,
        "?" => Do::Help(true),
        "Escape" => Do::Escape,
        _ => return None,
    })
}

/// Seconds of cluster time as the clock shows them.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!(
        "{}:{:02}:{:02}.{}",
        s / 3600,
        (s / 60) % 60,
        s % 60,
        (ms % 1000) / 100
    )
}

/// `x` with `decimals` (0-2) decimals, as `format!("{x:.1$}", decimals)` writes it, by
/// integer arithmetic: the view does no float formatting.
#[inline(never)]
pub fn fixed(x: f64, decimals: u32) -> String {
    let p = 10u64.pow(decimals.min(2));
    let v = (x * p as f64).round_ties_even();
    let n = v.abs() as u64;
    let mut s = String::new();
    if x.is_sign_negative() && x != 0.0 {
        s.push('-');
    }
    s.push_str(&(n / p).to_string());
    if p > 1 {
        s.push('.');
        let frac = (p + n % p).to_string();
        s.push_str(&frac[1..]);
    }
    s
}

/// The request path's hop as a sentence.
pub fn hop_text(k: &HopKind, lang: Lang) -> String {
    match k {
        HopKind::Sent(line) => t::HOP_SENT.fmt(lang, &[("line", line)]),
        HopKind::Authn => t::HOP_AUTHN.get(lang).into(),
        HopKind::Authz => t::HOP_AUTHZ.get(lang).into(),
        HopKind::Admission => t::HOP_ADMISSION.get(lang).into(),
        HopKind::Stored { key, revision } => {
            t::HOP_STORED.fmt(lang, &[("key", key), ("rev", revision)])
        }
        HopKind::ScaledRs { rs, from, to } => {
            t::HOP_SCALED_RS.fmt(lang, &[("rs", rs), ("from", from), ("to", to)])
        }
        HopKind::CreatedPod { pod, more: 0 } => t::HOP_CREATED_POD.fmt(lang, &[("pod", pod)]),
        HopKind::CreatedPod { pod, more } => {
            t::HOP_CREATED_MORE.fmt(lang, &[("pod", pod), ("more", more)])
        }
        HopKind::Bound {
            pod,
            node,
            score,
            max,
        } => t::HOP_BOUND.fmt(
            lang,
            &[("pod", pod), ("node", node), ("score", score), ("max", max)],
        ),
        HopKind::Unschedulable { pod } => t::HOP_UNSCHEDULABLE.fmt(lang, &[("pod", pod)]),
        HopKind::Watched => t::HOP_WATCHED.get(lang).into(),
        HopKind::Pulling { image } => t::HOP_PULLING.fmt(lang, &[("image", image)]),
        HopKind::Started => t::HOP_STARTED.get(lang).into(),
        HopKind::Ready { pod } => t::HOP_READY.fmt(lang, &[("pod", pod)]),
        HopKind::Endpoints { ready } => t::HOP_ENDPOINTS.fmt(lang, &[("ready", ready)]),
        HopKind::NodeChanged => t::HOP_NODE_CHANGED.get(lang).into(),
        HopKind::Evicting { pods } => t::HOP_EVICTING.fmt(lang, &[("pods", pods)]),
    }
}

/// The stage's width in CSS pixels, and how much larger than 16 px the page's type is
/// (the app's type grows with the screen; the diagram zooms with it, for projectors).
fn diagram_width() -> (f64, f64) {
    let doc = web_sys::window().and_then(|w| w.document());
    let width = doc
        .as_ref()
        .and_then(|d| d.get_element_by_id("cluster-stage"))
        .map_or(900.0, |e| e.client_width() as f64);
    // app.css: `font-size: clamp(16px, 0.45vw + 12px, 22px)` on the root.
    let vw = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(1280.0);
    let font: f64 = (0.0045 * vw + 12.0).clamp(16.0, 22.0);
    (width, (font / 16.0).clamp(1.0, 1.5))
}

/// Whether Space/Enter on this target would activate it natively (a button).
fn activatable(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.tag_name().eq_ignore_ascii_case("button")
                || el.tag_name().eq_ignore_ascii_case("a")
                || el.get_attribute("role").as_deref() == Some("button")
        })
}

/// A click handler that sends `a`.
#[inline(never)]
pub fn send(on_act: &Callback<Do>, a: Do) -> Callback<MouseEvent> {
    on_act.reform(move |_: MouseEvent| a.clone())
}

/// A handler that sends what `f` makes of the event, if anything.
pub fn maybe_send<E: 'static>(
    on_act: &Callback<Do>,
    f: impl Fn(E) -> Option<Do> + 'static,
) -> Callback<E> {
    let cb = on_act.clone();
    Callback::from(move |e| {
        if let Some(a) = f(e) {
            cb.emit(a)
        }
    })
}

/// The number in an `<input>` an input event came from.
#[inline(never)]
pub fn input_u64(e: &InputEvent) -> Option<u64> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .and_then(|i| i.value().parse::<u64>().ok())
}

/// The value of the `<select>` a change event came from.
#[inline(never)]
pub fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

/// `<label><span>{label}</span>{control}</label>`.
#[inline(never)]
pub fn labelled(label: String, control: El) -> El {
    el("label").child(el("span").string(label)).child(control)
}

/// An `<option>`.
#[inline(never)]
pub fn option(value: AttrValue, selected: bool, text: String) -> Html {
    el("option")
        .attr("value", value)
        .flag("selected", selected)
        .string(text)
        .into()
}

/// With no part picked, the side panel says what this is, how to start, and what the
/// drawing's shapes mean.
fn intro(lang: Lang) -> Html {
    el("section")
        .class("cl-panel intro")
        .id("cl-panel")
        .attr("aria-labelledby", "cl-intro-title")
        .child(
            el("h2")
                .id("cl-intro-title")
                .class("sr-only")
                .text(t::WHAT_IS.get(lang)),
        )
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(el("p").class("muted").text(t::PANEL_PICK.get(lang)))
        .child(legend(lang))
        .into()
}

fn legend(lang: Lang) -> El {
    let items = [
        (snapshot::PodState::Pending, t::LEGEND_PENDING),
        (snapshot::PodState::ContainerCreating, t::LEGEND_CREATING),
        (snapshot::PodState::Running, t::LEGEND_RUNNING),
        (snapshot::PodState::Ready, t::LEGEND_READY),
        (snapshot::PodState::CrashLoopBackOff, t::LEGEND_CRASH),
        (snapshot::PodState::Terminating, t::LEGEND_TERMINATING),
    ];
    el("div")
        .class("cl-legend")
        .child(el("h3").class("small").text(t::LEGEND.get(lang)))
        .child(el("ul").children(items.iter().map(|(s, m)| {
            el("li")
                .child(
                    el("span")
                        .class("chip")
                        .class(s.class())
                        .attr("aria-hidden", "true")
                        .text(s.icon()),
                )
                .child(el("strong").text(diagram::pod_state_text(*s)))
                .text(" — ")
                .text(m.get(lang))
                .into()
        })))
        .child(el("p").class("small").text(t::LEGEND_NODES.get(lang)))
        .child(el("p").class("small").text(t::LEGEND_CP.get(lang)))
}

/// The request path as a list: the hop on screen is highlighted (and, with reduced motion,
/// this list is the whole animation).
fn path_box(path: &Path, lang: Lang) -> Html {
    el("section")
        .class("cl-path")
        .attr("data-part", "path")
        .attr("aria-labelledby", "cl-path-title")
        .not_a_fact()
        .child(el("h2").id("cl-path-title").text(t::PATH_TITLE.get(lang)))
        .child(
            el("ol").children(path.hops.iter().take(path.shown).enumerate().map(|(i, h)| {
                let current = i + 1 == path.shown && !path.done();
                el("li")
                    .class_if("current", current)
                    .attr_opt("aria-current", current.then_some("step".into()))
                    .child(el("span").class("t").string(clock(h.t_ms)))
                    .text(" ")
                    .string(hop_text(&h.kind, lang))
                    .into()
            })),
        )
        .into()
}

/// How many events the log lists.
const LOG_ROWS: usize = 80;

/// The event log (built at the log's pace).
fn log_box(lab: &Lab, lang: Lang, on: &Callback<Do>) -> Html {
    let sim = lab.drv.sim();
    let f = lab.filter;
    let rows: Vec<&sim::Event> = sim
        .events()
        .iter()
        .rev()
        .filter(|e| f.matches(e))
        .take(LOG_ROWS)
        .collect();
    let missed = sim.events().dropped() > 0;
    let on_filter = maybe_send(on, |e: Event| {
        let v = select_value(&e)?;
        log::Filter::ALL
            .iter()
            .find(|f| f.code() == v)
            .map(|f| Do::Filter(*f))
    });
    let fname = |f: log::Filter| match f {
        log::Filter::All => t::F_ALL,
        log::Filter::You => t::F_YOU,
        log::Filter::ApiServer => t::F_APISERVER,
        log::Filter::Scheduler => t::F_SCHEDULER,
        log::Filter::Controllers => t::F_CONTROLLERS,
        log::Filter::NodeLifecycle => t::F_NODE_LIFECYCLE,
        log::Filter::Kubelets => t::F_KUBELETS,
        log::Filter::Autoscaling => t::F_AUTOSCALING,
    };
    let list = if rows.is_empty() {
        el("p").class("muted").text(t::LOG_EMPTY.get(lang))
    } else {
        el("ol")
            .class("events")
            .flag("reversed", true)
            .children(rows.iter().map(|e| {
                let id = e.id;
                let on_ = lab.marked == Some(id);
                el("li")
                    .key(id)
                    .attr("data-kind", log::kind_code(&e.kind))
                    .attr("data-t", e.time_ms.to_string())
                    .child(
                        button("ev")
                            .class_if("on", on_)
                            .pressed(on_)
                            .on_click(send(on, Do::Mark(if on_ { None } else { Some(id) })))
                            .child(el("span").class("t").string(clock(e.time_ms)))
                            .child(el("span").class("who").string(log::actor_name(e)))
                            .child(el("span").class("what").string(log::text(e, lang))),
                    )
                    .into()
            }))
    };
    el("section")
        .class("cl-log")
        .attr("data-part", "log")
        .attr("aria-labelledby", "cl-log-title")
        .not_a_fact()
        .child(
            el("div")
                .class("cl-log-head")
                .child(el("h2").id("cl-log-title").text(t::LOG_TITLE.get(lang)))
                .child(labelled(
                    t::LOG_FILTER.get(lang).into(),
                    el("select").on_change(on_filter).children(
                        log::Filter::ALL
                            .iter()
                            .map(|&x| option(x.code().into(), x == f, fname(x).get(lang).into())),
                    ),
                )),
        )
        .child(el("p").class("small muted").text(t::LOG_HINT.get(lang)))
        .child(list)
        .maybe(missed.then(|| el("p").class("small muted").text(t::LOG_MISSED.get(lang))))
        .into()
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    data: Rc<ChartData>,
    lang: Lang,
}

/// The charts: their own component, redrawn only when a new sample arrived.
#[function_component(Charts)]
fn charts_view(p: &ChartsProps) -> Html {
    let lang = p.lang;
    let d = &p.data;
    let figures = {
        let d = d.clone();
        use_memo((d, lang), |(d, lang)| {
            let end = d.t_ms as f64 / 1000.0;
            charts::specs(d, *lang)
                .into_iter()
                .map(|s| {
                    let svg = charts::draw(&s, end, t::AXIS_TIME.get(*lang));
                    let legend: Vec<(&'static str, u8)> =
                        s.series.iter().map(|(l, _, c)| (*l, *c)).collect();
                    (s.title, AttrValue::from(svg), legend)
                })
                .collect::<Vec<_>>()
        })
    };
    let last = |v: &[(f64, f64)]| fixed(ChartData::last(v), 0);
    let summary = t::CHARTS_SUMMARY.fmt(
        lang,
        &[
            ("demand", &last(&d.demand)),
            ("capacity", &last(&d.capacity)),
            ("ready", &last(&d.ready)),
            ("desired", &last(&d.desired)),
            ("cpu", &last(&d.cpu)),
            (
                "target",
                &d.target.last().map_or(String::new(), |x| {
                    t::CHARTS_TARGET.fmt(lang, &[("t", &fixed(x.1, 0))])
                }),
            ),
            ("p95", &last(&d.p95)),
            ("dropped", &fixed(ChartData::last(&d.dropped), 1)),
            ("nodes", &last(&d.nodes_ready)),
            ("all", &d.nodes_all),
        ],
    );
    let vpa_summary = (!d.vpa_cpu[1].is_empty()).then(|| {
        t::CHARTS_VPA_SUMMARY.fmt(
            lang,
            &[
                ("target", &last(&d.vpa_cpu[1])),
                ("lower", &last(&d.vpa_cpu[0])),
                ("request", &last(&d.vpa_cpu[3])),
                ("mem", &last(&d.vpa_mem[1])),
                ("mreq", &last(&d.vpa_mem[3])),
            ],
        )
    });
    let body = if d.t_ms == 0 {
        el("p")
            .class("muted")
            .text(t::CHARTS_EMPTY.get(lang))
            .into()
    } else {
        frag(vec![
            el("p")
                .class("summary")
                .attr("data-cpu", last(&d.cpu))
                .attr("data-ready", last(&d.ready))
                .string(summary)
                .maybe(vpa_summary.map(|s| {
                    el("span")
                        .class("vpa-summary")
                        .attr("data-vpa-target", last(&d.vpa_cpu[1]))
                        .string(join_space(s))
                }))
                .into(),
            el("div")
                .class("grid")
                .children(figures.iter().map(|(title, svg, legend)| {
                    el("figure")
                        .class("chart")
                        .child(el("figcaption").text(title).children(legend.iter().map(
                            |(l, c)| {
                                el("span")
                                    .class(KEYS[(*c as usize).min(KEYS.len() - 1)])
                                    .child(el("span").class("swatch").attr("aria-hidden", "true"))
                                    .text(l)
                                    .into()
                            },
                        )))
                        .child(Html::from_html_unchecked(svg.clone()))
                        .into()
                }))
                .into(),
        ])
    };
    el("section")
        .class("cl-charts")
        .attr("data-part", "charts")
        .attr("aria-labelledby", "cl-charts-title")
        .not_a_fact()
        .child(
            el("h2")
                .id("cl-charts-title")
                .string(t::CHARTS_TITLE.fmt(lang, &[("w", &"5m")])),
        )
        .child(body)
        .into()
}

fn join_space(s: String) -> String {
    diagram::join(" ", "", &s)
}

/// The classes of a chart's legend keys, by series style (1-4).
const KEYS: [&str; 5] = ["key k0", "key k1", "key k2", "key k3", "key k4"];

/// Every default the engine uses, folded away until asked for.
fn defaults(lab: &Lab, lang: Lang, on: &Callback<Do>) -> Html {
    let open = lab.defaults;
    el("section")
        .class("cl-fold")
        .child(
            button("button fold")
                .attr("aria-expanded", if open { "true" } else { "false" })
                .attr("aria-controls", "cl-defaults")
                .on_click(send(on, Do::Defaults(!open)))
                .text(if open { "▾ " } else { "▸ " })
                .text(t::DEFAULTS_TITLE.get(lang)),
        )
        .child(el("div").id("cl-defaults").maybe(open.then(|| {
            html! { <panel::DefaultsTable profile={lab.drv.setup.profile} /> }
        })))
        .into()
}

fn help(on_act: &Callback<Do>, lang: Lang) -> El {
    super::pieces::keys_dialog(
        "cl-help",
        t::HELP_TITLE.get(lang),
        t::HELP_KEYS,
        t::HELP_NOTE.get(lang),
        t::HELP_CLOSE.get(lang),
        lang,
        send(on_act, Do::Help(false)),
    )
}
