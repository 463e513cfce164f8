//! The live Cluster view: the engine (`sim`) running in the page, drawn as a clickable
//! diagram, with playback controls, load and failure injection, the request path, an event
//! log and charts. Every control sends a command line, shown as a learner would type it.
//!
//! Code map: `driver` (engine, playback, stepping back by replay, slow motion; pure), `scenarios`,
//! `snapshot` (the view model), `path` (request path from events), `log` (event texts),
//! `charts` (plotters), `diagram` (SVG), `panel` (details of a part); this file holds the
//! root component, the animation loop, the controls and the keyboard shortcuts.

pub mod charts;
pub mod diagram;
pub mod driver;
pub mod log;
pub mod panel;
pub mod path;
pub mod scenarios;
pub mod snapshot;

use crate::app::use_ctx;
use crate::el::{El, button, el, frag, opt, text};
use crate::i18n::{Lang, Msg, cat::cluster as t};
use charts::ChartData;
use driver::{Driver, SPEEDS};
use path::{HopKind, Path};
use scenarios::{ScenarioId, Setup};
use sim::load::Pattern;
use sim::{Command, Profile};
use snapshot::{Part, Snap};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::virtual_dom::AttrValue;

pub fn render() -> Html {
    html! { <ClusterView /> }
}

/// Everything a control can ask for, through one callback.
#[derive(Clone, Debug, PartialEq)]
pub enum Act {
    Toggle,
    Step,
    Back,
    Faster,
    Slower,
    Speed(usize),
    Help(bool),
    Escape,
    Pick(Part),
    Close,
    Send(Command),
    Restart(Setup),
    Mark(Option<u64>),
    Expand(Rc<str>),
    /// The stage's width and zoom (see `diagram_width`).
    Width((f64, f64)),
    /// The event log's filter.
    Filter(log::Filter),
    /// The setup form's choices, before they are applied.
    Draft(Setup),
    SeedText(String),
    SeedBad(bool),
    /// The load form's rate, pattern and replica count.
    Rps(u32),
    Pattern(&'static str),
    Replicas(Option<u32>),
    /// `kubectl scale` to this many replicas.
    Scale(u32),
    /// From the animation loop: the driver's version (every frame), the run's key at the
    /// diagram's pace and at the log's, a new sample for the charts, a summary to announce.
    Frame(u64),
    Fast(u64),
    Slow(u64),
    Charts(Rc<ChartData>),
    Announce(String),
}

/// What the view remembers besides the engine (which the driver holds): one reducer.
#[derive(Clone, PartialEq)]
pub struct State {
    selected: Option<Part>,
    marked: Option<u64>,
    help: bool,
    expanded: Rc<BTreeSet<Rc<str>>>,
    width: (f64, f64),
    filter: log::Filter,
    draft: Setup,
    seed_text: String,
    seed_bad: bool,
    rps: u32,
    pattern: &'static str,
    replicas: Option<u32>,
    /// The driver's version: every change redraws the view.
    frame: u64,
    /// Bumped at most ten times a second: the diagram redraws from it.
    fast: u64,
    /// Bumped at most four times a second: the log and the panel redraw from it.
    slow: u64,
    charts: Rc<ChartData>,
    announce: String,
}

impl State {
    fn new(setup: Setup) -> State {
        State {
            selected: None,
            marked: None,
            help: false,
            expanded: Rc::default(),
            width: (900.0, 1.0),
            filter: log::Filter::All,
            draft: setup,
            seed_text: setup.seed.to_string(),
            seed_bad: false,
            rps: scenarios::BASE_RPS as u32,
            pattern: "steady",
            replicas: None,
            frame: 0,
            fast: 0,
            slow: 0,
            charts: Rc::default(),
            announce: String::new(),
        }
    }
}

impl Reducible for State {
    type Action = Act;
    /// The view's side of an action (the driver's side is in the view's callback).
    fn reduce(self: Rc<Self>, a: Act) -> Rc<Self> {
        let mut s = (*self).clone();
        match a {
            Act::Help(on) => s.help = on,
            Act::Escape => {
                if s.help {
                    s.help = false
                } else {
                    s.selected = None
                }
            }
            Act::Pick(p) => s.selected = Some(p),
            Act::Close => s.selected = None,
            Act::Restart(setup) => {
                s.selected = None;
                s.marked = None;
                s.draft = setup;
                s.seed_text = setup.seed.to_string();
            }
            Act::Mark(id) => s.marked = id,
            Act::Expand(n) => {
                let mut set = (*s.expanded).clone();
                if !set.remove(&n) {
                    set.insert(n);
                }
                s.expanded = Rc::new(set);
            }
            Act::Width(w) => s.width = w,
            Act::Filter(f) => s.filter = f,
            Act::Draft(d) => s.draft = d,
            Act::SeedText(t) => s.seed_text = t,
            Act::SeedBad(b) => s.seed_bad = b,
            Act::Rps(r) => s.rps = r,
            Act::Pattern(p) => s.pattern = p,
            Act::Replicas(r) => s.replicas = r,
            Act::Scale(_) => s.replicas = None,
            Act::Frame(v) => s.frame = v,
            Act::Fast(k) => s.fast = k,
            Act::Slow(k) => s.slow = k,
            Act::Charts(c) => s.charts = c,
            Act::Announce(a) => s.announce = a,
            // The driver changed: redraw.
            Act::Toggle
            | Act::Step
            | Act::Back
            | Act::Faster
            | Act::Slower
            | Act::Speed(_)
            | Act::Send(_) => {}
        }
        Rc::new(s)
    }
}

/// The driver behind a shared handle; equal while `key` is (so props compare cheaply).
#[derive(Clone)]
pub struct Drv(pub Rc<RefCell<Driver>>, pub u64);

impl PartialEq for Drv {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && self.1 == other.1
    }
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

fn scenario_msg(id: ScenarioId) -> Msg {
    match id {
        ScenarioId::Basic => t::SCN_BASIC,
        ScenarioId::NodeFailure => t::SCN_NODE_FAILURE,
        ScenarioId::LoadSpike => t::SCN_LOAD_SPIKE,
        ScenarioId::RollingUpdate => t::SCN_ROLLING_UPDATE,
        ScenarioId::Scale100 => t::SCN_SCALE_100,
    }
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

fn speed_text(x: f64) -> String {
    fixed(x, if x < 1.0 { 1 } else { 0 })
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

/// State the animation loop shares with the component.
struct Loop {
    drv: Rc<RefCell<Driver>>,
    last_ts: Cell<f64>,
    last_chart_wall: Cell<f64>,
    last_chart_t: Cell<u64>,
    last_announce_wall: Cell<f64>,
    announce_cursor: Cell<u64>,
    /// The page's language now (the view writes it on every render), for announcements.
    lang: Rc<Cell<Lang>>,
    handle: RefCell<Option<gloo_render::AnimationFrame>>,
    send: UseReducerDispatcher<State>,
    /// The version, keys and charts' data last sent as `Act::Frame`, `Act::Fast`,
    /// `Act::Slow` and `Act::Charts`.
    frame: Cell<u64>,
    fast: Cell<u64>,
    slow: Cell<u64>,
    charts: RefCell<Rc<ChartData>>,
    last_fast_wall: Cell<f64>,
    last_slow_wall: Cell<f64>,
}

impl Loop {
    fn frame(self: &Rc<Self>, ts: f64) {
        let prev = self.last_ts.replace(ts);
        let dt = if prev > 0.0 { ts - prev } else { 0.0 };
        let (version, t_ms) = {
            let mut d = self.drv.borrow_mut();
            d.tick(dt);
            (d.version, d.now_ms())
        };
        // The view redraws when the driver changed (its version), not on every frame.
        if self.frame.replace(version) != version {
            self.send.dispatch(Act::Frame(version));
        }
        // The engine's state changes many times a second at high speed; the diagram, log
        // and panel follow at a pace the eye (and the frame budget) can take.
        let key = {
            let d = self.drv.borrow();
            d.sim().store().revision() ^ (d.sim().next_event_id() << 20)
        };
        if key != self.fast.get() && ts - self.last_fast_wall.get() >= 100.0 {
            self.last_fast_wall.set(ts);
            self.fast.set(key);
            self.send.dispatch(Act::Fast(key));
        }
        if key != self.slow.get() && ts - self.last_slow_wall.get() >= 250.0 {
            self.last_slow_wall.set(ts);
            self.slow.set(key);
            self.send.dispatch(Act::Slow(key));
        }
        // Charts: when a new sample arrived, at most about three times a second.
        let sec = t_ms / 1000;
        if sec != self.last_chart_t.get() && ts - self.last_chart_wall.get() > 1_000.0 {
            self.last_chart_t.set(sec);
            self.last_chart_wall.set(ts);
            let data = ChartData::of(self.drv.borrow().sim());
            if **self.charts.borrow() != data {
                let data = Rc::new(data);
                *self.charts.borrow_mut() = data.clone();
                self.send.dispatch(Act::Charts(data));
            }
        }
        // Screen readers: a summary of what happened, at most every five seconds.
        if ts - self.last_announce_wall.get() > 5_000.0 {
            self.last_announce_wall.set(ts);
            let d = self.drv.borrow();
            let (events, _) = d.sim().events_since(self.announce_cursor.get());
            if let Some(last) = events.last() {
                self.announce_cursor.set(last.id);
                let n = events.len();
                let lang = self.lang.get();
                let notable: Vec<String> = events
                    .iter()
                    .filter(|e| log::notable(e))
                    .rev()
                    .take(2)
                    .map(|e| log::text(e, lang))
                    .collect();
                if !notable.is_empty() {
                    self.send.dispatch(Act::Announce(
                        t::ANNOUNCE.fmt(lang, &[("n", &n), ("what", &notable.join(". "))]),
                    ));
                }
            }
        }
        let me = self.clone();
        let h = gloo_render::request_animation_frame(move |ts| me.frame(ts));
        *self.handle.borrow_mut() = Some(h);
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

/// Whether a key event comes from a place where typing (or native activation) matters.
fn typing(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "select" | "textarea")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
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

#[function_component(ClusterView)]
fn cluster_view() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let spec = super::ViewId::Cluster.spec();
    let params = ctx.route.cluster;
    let drv = use_mut_ref(|| {
        let mut d = Driver::new(setup_from(&params));
        if let Some(s) = params.speed {
            d.set_speed(s);
        }
        d.playing = !params.paused;
        d
    });
    let state = {
        let setup = drv.borrow().setup;
        use_reducer(move || State::new(setup))
    };

    // The language the loop announces in follows the page's.
    let lang_now = use_mut_ref(|| Rc::new(Cell::new(lang)));
    let lang_now = lang_now.borrow().clone();
    lang_now.set(lang);
    // The animation loop, started once and stopped when the view goes away.
    {
        let drv = drv.clone();
        let lang_now = lang_now.clone();
        let width = state.dispatcher();
        use_effect_with((), move |_| {
            let lp = Rc::new(Loop {
                drv,
                last_ts: Cell::new(0.0),
                last_chart_wall: Cell::new(-1e9),
                last_chart_t: Cell::new(u64::MAX),
                last_announce_wall: Cell::new(0.0),
                announce_cursor: Cell::new(0),
                lang: lang_now,
                handle: RefCell::new(None),
                send: width.clone(),
                frame: Cell::new(0),
                fast: Cell::new(0),
                slow: Cell::new(0),
                charts: RefCell::default(),
                last_fast_wall: Cell::new(0.0),
                last_slow_wall: Cell::new(0.0),
            });
            let first = lp.clone();
            *lp.handle.borrow_mut() = Some(gloo_render::request_animation_frame(move |ts| {
                first.frame(ts)
            }));
            width.dispatch(Act::Width(diagram_width()));
            let resize = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "resize", move |_| {
                    width.dispatch(Act::Width(diagram_width()))
                })
            });
            move || {
                lp.handle.borrow_mut().take();
                drop(resize);
            }
        });
    }

    // One handler for every control and shortcut: the driver's side here, the view's in
    // `State::reduce`.
    let act = {
        let (drv, dispatch) = (drv.clone(), state.dispatcher());
        let (replace, route) = (ctx.replace.clone(), ctx.route.clone());
        Callback::from(move |a: Act| {
            let mut d = drv.borrow_mut();
            match &a {
                Act::Toggle => d.toggle(),
                Act::Step => d.step(),
                Act::Back => {
                    d.step_back();
                }
                Act::Faster | Act::Slower => {
                    let i = driver::speed_index(d.speed());
                    let j = if a == Act::Faster {
                        (i + 1).min(SPEEDS.len() - 1)
                    } else {
                        i.saturating_sub(1)
                    };
                    d.set_speed(SPEEDS[j]);
                }
                Act::Speed(i) => d.set_speed(SPEEDS[(*i).min(SPEEDS.len() - 1)]),
                Act::Send(cmd) => {
                    let _ = d.send(cmd.clone(), false);
                }
                Act::Scale(want) => {
                    let _ = d.send(
                        Command::Scale {
                            deployment: scenarios::APP.into(),
                            replicas: *want,
                        },
                        false,
                    );
                }
                Act::Restart(setup) => {
                    let setup = *setup;
                    d.restart(setup);
                    d.playing = true;
                    let mut r = route.clone();
                    r.cluster.scenario = Some(setup.scenario);
                    r.cluster.seed = Some(setup.seed);
                    r.cluster.profile = Some(setup.profile);
                    r.cluster.hpa =
                        (setup.hpa != setup.scenario.default_hpa()).then_some(setup.hpa);
                    r.cluster.paused = false;
                    r.problems.clear();
                    replace.emit(r);
                }
                _ => {}
            }
            drop(d);
            dispatch.dispatch(a);
        })
    };

    // Lessons drive the view through this seam (`lessons::live`) while it is mounted, with
    // the newest callback (it holds the current address).
    {
        let drv = drv.clone();
        use_effect_with(act.clone(), move |act| {
            crate::lessons::live::attach(drv, act.clone());
            crate::lessons::live::detach
        });
    }

    // Keyboard shortcuts for the teacher (never while typing in a field).
    {
        let act_ref = use_mut_ref(|| act.clone());
        *act_ref.borrow_mut() = act.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let opts = gloo_events::EventListenerOptions::enable_prevent_default();
                gloo_events::EventListener::new_with_options(&doc, "keydown", opts, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() || typing(e) {
                        return;
                    }
                    let a = match e.key().as_str() {
                        " " if !activatable(e) => Act::Toggle,
                        "ArrowRight" | "PageDown" => Act::Step,
                        "ArrowLeft" | "PageUp" => Act::Back,
                        "+" | "=" => Act::Faster,
                        "-" | "_" => Act::Slower,
                        "?" => Act::Help(true),
                        "Escape" => Act::Escape,
                        _ => return,
                    };
                    e.prevent_default();
                    act_ref.borrow().emit(a);
                })
            });
            move || drop(listener)
        });
    }

    // The help dialog takes the focus when it opens.
    use_effect_with(state.help, |open| {
        if *open
            && let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("cl-help-close"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });

    let d = drv.borrow();
    // User actions redraw at once (`user`); the run itself at the loop's pace (`fast`).
    let snap_key = (state.fast, d.user, d.setup.seed, d.setup.scenario);
    let snap = {
        let drv = drv.clone();
        use_memo(snap_key, move |_| Rc::new(Snap::of(drv.borrow().sim())))
    };
    let snap: Rc<Snap> = (*snap).clone();
    let marks: Rc<Vec<Part>> = Rc::new(
        state
            .marked
            .and_then(|id| d.sim().events().iter().find(|e| e.id == id))
            .map(|e| {
                let mut v = vec![Part::of_actor(&e.actor)];
                v.extend(Part::of_object(&e.object));
                v
            })
            .unwrap_or_default(),
    );
    let hop = d.path.as_ref().and_then(|p| {
        let cur = p.current()?;
        let prev = p
            .shown
            .checked_sub(2)
            .and_then(|i| p.hops.get(i))
            .map(|h| h.at.clone());
        Some((cur.at.clone(), prev))
    });
    let playing = d.playing;
    let now = d.now_ms();
    let eff = d.effective_speed();
    let slowmo = d.slow_motion();
    let speed_i = driver::speed_index(d.speed());
    let setup = d.setup;
    let path = path_box(d.path.as_ref(), lang);
    let last = last_line(&d, lang);
    let log_key = state.slow ^ (d.user << 40);
    drop(d);

    let btn = |label: &'static str, title: &'static str, a: Act, class: &'static str| {
        button("button")
            .class(class)
            .attr_opt("title", (!title.is_empty()).then_some(title.into()))
            .on_click(send(&act, a))
            .text(label)
    };

    let speed_words = t::SPEED_WORDS.fmt(lang, &[("x", &speed_text(SPEEDS[speed_i]))]);
    let on_speed = act.reform(|e: InputEvent| Act::Speed(input_u32(&e).unwrap_or(3) as usize));

    let controls = el("div")
        .class("cl-play")
        .attr("data-part", "controls")
        .attr("role", "group")
        .attr("aria-label", t::CONTROLS_LABEL.get(lang))
        .child(btn(
            t::STEP_BACK.get(lang),
            t::STEP_BACK_TITLE.get(lang),
            Act::Back,
            "back",
        ))
        .child(btn(
            if playing {
                t::PAUSE.get(lang)
            } else {
                t::PLAY.get(lang)
            },
            "",
            Act::Toggle,
            if playing {
                "pause primary"
            } else {
                "play primary"
            },
        ))
        .child(btn(
            t::STEP.get(lang),
            t::STEP_TITLE.get(lang),
            Act::Step,
            "step",
        ))
        .child(
            el("label")
                .class("cl-speed")
                .child(el("span").text(t::SPEED.get(lang)))
                .child(
                    el("input")
                        .attr("type", "range")
                        .attr("min", "0")
                        .attr("max", (SPEEDS.len() - 1).to_string())
                        .attr("step", "1")
                        .value(speed_i.to_string().into())
                        .attr("aria-valuetext", speed_words.clone())
                        .on_input(on_speed),
                )
                .child(el("output").string(speed_words)),
        )
        .child(
            el("span")
                .class("cl-clock")
                .attr("role", "timer")
                .attr("aria-live", "off")
                .child(
                    el("span")
                        .class("muted")
                        .text(t::SIM_TIME.get(lang))
                        .text(" "),
                )
                .child(el("strong").class("clock").string(clock(now)))
                .maybe(
                    (!playing).then(|| el("span").class("badge").text(t::PAUSED_BADGE.get(lang))),
                ),
        )
        .maybe(slowmo.then(|| {
            el("span")
                .class("badge slow")
                .attr("role", "status")
                .string(t::SLOW_MOTION.fmt(lang, &[("x", &speed_text(eff))]))
        }))
        .child(btn(t::HELP_BUTTON.get(lang), "", Act::Help(true), "help"));

    el("article")
        .class("view cluster")
        .attr("data-view", spec.slug)
        .child(
            el("header")
                .class("view-head")
                .child(el("h1").id("view-title").text(spec.title.get(lang))),
        )
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(
            el("section")
                .class("cl-bar")
                .attr("aria-label", t::CONTROLS_LABEL.get(lang))
                .not_a_fact()
                .child(controls)
                .child(setup_form(&state, snap.hpa.is_some(), &act, lang))
                .child(workload(&state, &snap, setup, &act, lang))
                .child(last),
        )
        .child(
            el("div")
                .class("cl-main")
                .child(
                    el("div")
                        .id("cluster-stage")
                        .class("cl-stage")
                        .not_a_fact()
                        .child(html! {
                            <diagram::Diagram snap={snap.clone()} width={state.width.0} zoom={state.width.1}
                                selected={state.selected.clone()} marks={marks} hop={hop}
                                expanded={state.expanded.clone()} on_act={act.clone()}
                                reduced_motion={ctx.reduced_motion} />
                        })
                        .child(legend(lang)),
                )
                .child(el("aside").class("cl-side").child(path).child(html! {
                    <panel::Panel part={state.selected.clone()} drv={Drv(drv.clone(), log_key)}
                        snap={snap.clone()} on_act={act.clone()} />
                })),
        )
        .child(html! {
            <LogBox drv={Drv(drv.clone(), log_key)} marked={state.marked} filter={state.filter} on_act={act.clone()} />
        })
        .child(html! { <Charts data={state.charts.clone()} /> })
        .child(
            el("div")
                .class("sr-only")
                .attr("aria-live", "polite")
                .attr("role", "status")
                .not_a_fact()
                .string(state.announce.clone()),
        )
        .maybe(state.help.then(|| help(&act, lang)))
        .child(html! { <panel::DefaultsTable profile={setup.profile} /> })
        .into()
}

/// A click handler that sends `a`.
#[inline(never)]
pub fn send(on_act: &Callback<Act>, a: Act) -> Callback<MouseEvent> {
    on_act.reform(move |_: MouseEvent| a.clone())
}

/// A handler that sends what `f` makes of the event, if anything.
fn maybe_send<E: 'static>(
    on_act: &Callback<Act>,
    f: impl Fn(E) -> Option<Act> + 'static,
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
fn input_u32(e: &InputEvent) -> Option<u32> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .and_then(|i| i.value().parse::<u32>().ok())
}

/// The value of the `<select>` a change event came from.
#[inline(never)]
fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

/// `<label><span>{label}</span>{control}</label>`.
#[inline(never)]
fn labelled(label: String, control: El) -> El {
    el("label").child(el("span").string(label)).child(control)
}

/// An `<option>`.
#[inline(never)]
fn option(value: AttrValue, selected: bool, text: String) -> Html {
    el("option")
        .attr("value", value)
        .flag("selected", selected)
        .string(text)
        .into()
}

/// The last command sent, and the next scripted one.
fn last_line(d: &Driver, lang: Lang) -> El {
    let sent = d.sent.last().map(|s| {
        frag(vec![
            el("span")
                .class("muted")
                .text(t::LAST_COMMAND.get(lang))
                .text(" ")
                .string(clock(s.t_ms))
                .text(" ")
                .into(),
            el("code")
                .class("cmd")
                .string(diagram::join("$ ", "", &s.line))
                .into(),
            opt(s.error.as_ref().map(|err| {
                frag(vec![
                    text(" "),
                    el("span")
                        .class("bad")
                        .string(t::COMMAND_REFUSED.fmt(lang, &[("error", err)]))
                        .into(),
                ])
            })),
        ])
    });
    let next = d.next_scripted().map(|n| {
        el("span").class("muted next").string(t::NEXT_SCRIPTED.fmt(
            lang,
            &[("t", &clock(n.at_ms)), ("line", &driver::line_of(&n.cmd))],
        ))
    });
    el("p")
        .class("cl-last")
        .attr("aria-live", "polite")
        .maybe(sent)
        .maybe(next)
}

/// Scenario, seed, timing and HPA: a form that restarts the run.
fn setup_form(
    state: &UseReducerHandle<State>,
    has_hpa: bool,
    on_act: &Callback<Act>,
    lang: Lang,
) -> El {
    let d = state.draft;
    let seed_bad = state.seed_bad;
    let on_scn = {
        let seed = d.seed;
        maybe_send(on_act, move |e: Event| {
            let s = ScenarioId::from_slug(&select_value(&e)?)?;
            Some(Act::Draft(Setup {
                seed,
                ..Setup::new(s)
            }))
        })
    };
    let on_seed = maybe_send(on_act, |e: InputEvent| {
        e.target_dyn_into::<web_sys::HtmlInputElement>()
            .map(|i| Act::SeedText(i.value()))
    });
    let on_profile = maybe_send(on_act, move |e: Event| {
        let profile = if select_value(&e)? == "classroom" {
            Profile::Classroom
        } else {
            Profile::Real
        };
        Some(Act::Draft(Setup { profile, ..d }))
    });
    let on_hpa = maybe_send(on_act, move |e: Event| {
        let hpa = select_value(&e)?.parse::<u32>().ok();
        Some(Act::Draft(Setup { hpa, ..d }))
    });
    let onsubmit = {
        let (on_act, seed_text) = (on_act.clone(), state.seed_text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match seed_text.trim().parse::<u64>() {
                Ok(seed) => {
                    on_act.emit(Act::SeedBad(false));
                    on_act.emit(Act::Restart(Setup { seed, ..d }));
                }
                Err(_) => on_act.emit(Act::SeedBad(true)),
            }
        })
    };
    let factor = sim::defaults::CLASSROOM_FACTOR;
    let scale = d.scenario == ScenarioId::Scale100;
    el("form")
        .class("cl-setup")
        .on_submit(onsubmit)
        .attr("aria-label", t::SETUP_LABEL.get(lang))
        .child(labelled(
            t::SCENARIO.get(lang).into(),
            el("select")
                .on_change(on_scn)
                .children(ScenarioId::ALL.iter().map(|&s| {
                    option(
                        s.slug().into(),
                        s == d.scenario,
                        scenario_msg(s).get(lang).into(),
                    )
                })),
        ))
        .child(labelled(
            t::SEED.get(lang).into(),
            el("input")
                .attr("type", "text")
                .attr("inputmode", "numeric")
                .attr("size", "8")
                .value(state.seed_text.clone().into())
                .on_input(on_seed)
                .attr_opt("aria-invalid", seed_bad.then_some("true".into()))
                .attr("aria-describedby", "cl-seed-hint"),
        ))
        .child(labelled(
            t::PROFILE.get(lang).into(),
            el("select")
                .on_change(on_profile)
                .child(option(
                    "real".into(),
                    d.profile == Profile::Real,
                    t::PROFILE_REAL.get(lang).into(),
                ))
                .child(option(
                    "classroom".into(),
                    d.profile == Profile::Classroom,
                    t::PROFILE_CLASSROOM.fmt(lang, &[("f", &factor)]),
                )),
        ))
        .maybe((!scale).then(|| {
            labelled(
                t::HPA_SETTING.get(lang).into(),
                el("select")
                    .on_change(on_hpa)
                    .child(option(
                        "off".into(),
                        d.hpa.is_none(),
                        t::HPA_OFF.get(lang).into(),
                    ))
                    .children([40u32, 50, 60, 70, 80].iter().map(|&v| {
                        option(
                            v.to_string().into(),
                            d.hpa == Some(v),
                            t::HPA_TARGET_OPTION.fmt(lang, &[("t", &v)]),
                        )
                    })),
            )
        }))
        .child(
            el("button")
                .attr("type", "submit")
                .class("button primary")
                .text(t::APPLY_SETUP.get(lang)),
        )
        .maybe((!has_hpa && !scale).then(|| {
            button("button")
                .on_click(send(
                    on_act,
                    Act::Send(scenarios::autoscale(scenarios::HPA_TARGET)),
                ))
                .text(t::AUTOSCALE.get(lang))
        }))
        .child(
            el("p")
                .id("cl-seed-hint")
                .class("small")
                .class(if seed_bad { "bad" } else { "muted" })
                .text(if seed_bad {
                    t::SEED_BAD.get(lang)
                } else {
                    t::SEED_HINT.get(lang)
                })
                .text(" ")
                .text(t::SETUP_NOTE.get(lang)),
        )
        .maybe((d.profile == Profile::Classroom).then(|| {
            el("p")
                .class("small muted")
                .string(t::PROFILE_NOTE.fmt(lang, &[("f", &factor)]))
        }))
        .child(
            el("details")
                .class("small muted")
                .child(el("summary").text(t::HPA_SETTING.get(lang)))
                .text(t::HPA_ENGINE_NOTE.get(lang)),
        )
}

/// Load and replicas: the everyday levers.
fn workload(
    state: &UseReducerHandle<State>,
    snap: &Snap,
    setup: Setup,
    on_act: &Callback<Act>,
    lang: Lang,
) -> El {
    let svc = scenarios::APP;
    let dep = snap.deployments.iter().find(|d| &*d.name == svc);
    let cur = dep.map_or(0, |d| d.replicas);
    let want = state.replicas.unwrap_or(cur);
    let on_rps = maybe_send(on_act, |e: InputEvent| {
        input_u32(&e).map(|v| Act::Rps(v.min(scenarios::MAX_RPS as u32)))
    });
    let on_pattern = maybe_send(on_act, |e: Event| {
        let v = select_value(&e)?;
        PATTERNS
            .iter()
            .find(|p| p.0 == v)
            .map(|p| Act::Pattern(p.0))
    });
    let r = state.rps;
    let demand = snap.service.as_ref().map_or(0.0, |s| s.demand_rps);
    let rs = r.to_string();
    let r = f64::from(r);
    let pattern = match state.pattern {
        "ramp" => Some(Pattern::Ramp {
            from: demand.round(),
            to: r,
            duration_s: 120.0,
        }),
        "day" => Some(Pattern::Day {
            min: (r / 4.0).floor(),
            max: r,
            period_s: 600.0,
        }),
        "off" => None,
        _ => Some(Pattern::Steady { rps: r }),
    };
    let line = Command::Load {
        service: svc.into(),
        pattern,
        cost_cpu_ms: None,
    };
    let base = snap
        .service
        .as_ref()
        .map_or(scenarios::BASE_RPS, |s| s.demand_rps)
        .max(1.0)
        .round();
    let spike = Command::Load {
        service: svc.into(),
        pattern: Some(Pattern::Spike {
            base,
            peak: base * 4.0,
            after_s: 0.0,
            duration_s: 60.0,
        }),
        cost_cpu_ms: None,
    };
    let on_replicas = maybe_send(on_act, |e: InputEvent| {
        input_u32(&e).map(|v| Act::Replicas(Some(v.min(30))))
    });
    let image = if dep.is_some_and(|d| d.image == scenarios::NEW_IMAGE) {
        scenarios::IMAGE
    } else {
        scenarios::NEW_IMAGE
    };
    let rollout = Command::SetImage {
        deployment: svc.into(),
        container: scenarios::CONTAINER.into(),
        image: image.into(),
    };
    let max = if setup.scenario == ScenarioId::Scale100 {
        3000
    } else {
        scenarios::MAX_RPS as u32
    };
    let per_s = diagram::join(&rs, " req/s", "");
    el("div")
        .class("cl-work")
        .attr("role", "group")
        .attr("aria-label", t::LOAD_LABEL.get(lang))
        .child(
            labelled(
                t::LOAD_RPS.get(lang).into(),
                el("input")
                    .attr("type", "range")
                    .attr("min", "0")
                    .attr("max", max.to_string())
                    .attr("step", "5")
                    .value(rs.clone().into())
                    .on_input(on_rps)
                    .attr("aria-valuetext", per_s.clone()),
            )
            .child(el("output").string(per_s)),
        )
        .child(labelled(
            t::LOAD_PATTERN.get(lang).into(),
            el("select").on_change(on_pattern).children(
                PATTERNS
                    .iter()
                    .map(|(v, m)| option((*v).into(), state.pattern == *v, m.get(lang).into())),
            ),
        ))
        .child(
            button("button")
                .on_click(send(on_act, Act::Send(line)))
                .text(t::LOAD_APPLY.get(lang)),
        )
        .child(
            button("button spike")
                .on_click(send(on_act, Act::Send(spike)))
                .text(t::LOAD_SPIKE.get(lang)),
        )
        .maybe(dep.map(|_| {
            frag(vec![
                labelled(
                    t::SCALE_LABEL.fmt(lang, &[("d", &svc)]),
                    el("input")
                        .attr("type", "number")
                        .attr("min", "0")
                        .attr("max", "30")
                        .value(want.to_string().into())
                        .on_input(on_replicas),
                )
                .into(),
                button("button")
                    .on_click(send(on_act, Act::Scale(want)))
                    .text(t::SCALE_APPLY.get(lang))
                    .into(),
                button("button")
                    .on_click(send(on_act, Act::Send(rollout)))
                    .string(t::SET_IMAGE.fmt(lang, &[("image", &image)]))
                    .into(),
            ])
        }))
}

/// The load patterns: their command word and name.
const PATTERNS: [(&str, Msg); 4] = [
    ("steady", t::PATTERN_STEADY),
    ("ramp", t::PATTERN_RAMP),
    ("day", t::PATTERN_DAY),
    ("off", t::PATTERN_OFF),
];

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
        .child(el("h2").class("small").text(t::LEGEND.get(lang)))
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
fn path_box(path: Option<&Path>, lang: Lang) -> El {
    let body = match path {
        Some(path) => {
            el("ol").children(path.hops.iter().take(path.shown).enumerate().map(|(i, h)| {
                let current = i + 1 == path.shown && !path.done();
                el("li")
                    .class_if("current", current)
                    .attr_opt("aria-current", current.then_some("step".into()))
                    .child(el("span").class("t").string(clock(h.t_ms)))
                    .text(" ")
                    .string(hop_text(&h.kind, lang))
                    .into()
            }))
        }
        None => el("p").class("muted small").text(t::PATH_IDLE.get(lang)),
    };
    el("section")
        .class("cl-path")
        .attr("data-part", "path")
        .attr("aria-labelledby", "cl-path-title")
        .not_a_fact()
        .child(el("h2").id("cl-path-title").text(t::PATH_TITLE.get(lang)))
        .child(body)
}

#[derive(Properties, PartialEq)]
struct LogProps {
    drv: Drv,
    marked: Option<u64>,
    filter: log::Filter,
    on_act: Callback<Act>,
}

/// How many events the log lists.
const LOG_ROWS: usize = 80;

/// The event log: its own component, so that it redraws at the log's pace, not per frame.
#[function_component(LogBox)]
fn log_box(p: &LogProps) -> Html {
    let lang = use_ctx().lang;
    let d = p.drv.0.borrow();
    let f = p.filter;
    let rows: Vec<&sim::Event> = d
        .sim()
        .events()
        .iter()
        .rev()
        .filter(|e| f.matches(e))
        .take(LOG_ROWS)
        .collect();
    let missed = d.sim().events().dropped() > 0;
    let on_filter = maybe_send(&p.on_act, |e: Event| {
        let v = select_value(&e)?;
        log::Filter::ALL
            .iter()
            .find(|f| f.code() == v)
            .map(|f| Act::Filter(*f))
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
                let on = p.marked == Some(id);
                el("li")
                    .key(id)
                    .attr("data-kind", log::kind_code(&e.kind))
                    .attr("data-t", e.time_ms.to_string())
                    .child(
                        button("ev")
                            .class_if("on", on)
                            .pressed(on)
                            .on_click(send(&p.on_act, Act::Mark(if on { None } else { Some(id) })))
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
}

/// The charts: their own component, redrawn only when a new sample arrived.
#[function_component(Charts)]
fn charts_view(p: &ChartsProps) -> Html {
    let lang = use_ctx().lang;
    let d = &p.data;
    let svgs = {
        let d = d.clone();
        use_memo((d, lang), |(d, lang)| {
            let end = d.t_ms as f64 / 1000.0;
            charts::specs(d, *lang)
                .into_iter()
                .map(|s| {
                    let svg = charts::draw(&s, end, t::AXIS_TIME.get(*lang));
                    let legend: Vec<(&'static str, u8)> =
                        s.series.iter().map(|(l, _, c)| (*l, *c)).collect();
                    (s.title, svg, legend)
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
                .into(),
            el("div")
                .class("grid")
                .children(svgs.iter().map(|(title, svg, legend)| {
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
                        .child(Html::from_html_unchecked(AttrValue::from(svg.clone())))
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

/// The classes of a chart's legend keys, by series style (1-4).
const KEYS: [&str; 5] = ["key k0", "key k1", "key k2", "key k3", "key k4"];

fn help(on_act: &Callback<Act>, lang: Lang) -> El {
    el("div")
        .class("cl-help")
        .attr("role", "dialog")
        .attr("aria-modal", "true")
        .attr("aria-labelledby", "cl-help-title")
        .child(
            el("div")
                .class("box")
                .child(el("h2").id("cl-help-title").text(t::HELP_TITLE.get(lang)))
                .child(el("ul").children(t::HELP_KEYS.items(lang).map(|k| {
                    let (key, what) = k.split_once(':').unwrap_or((k, ""));
                    el("li")
                        .child(el("kbd").text(key))
                        .text(":")
                        .text(what)
                        .into()
                })))
                .child(el("p").class("small muted").text(t::HELP_NOTE.get(lang)))
                .child(
                    button("button primary")
                        .id("cl-help-close")
                        .on_click(send(on_act, Act::Help(false)))
                        .text(t::HELP_CLOSE.get(lang)),
                ),
        )
}
