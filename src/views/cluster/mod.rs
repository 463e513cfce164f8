//! The live Cluster view: the engine (`sim`) running in the page, drawn as a clickable
//! diagram, with playback controls, load and failure injection, the request path, an event
//! log and charts. Every control sends a command line, shown as a learner would type it.
//!
//! Code map: `driver` (engine, playback, checkpoints, slow motion; pure), `scenarios`,
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

use super::ViewSpec;
use crate::app::use_ctx;
use crate::i18n::{Lang, Msg, cat::cluster as t};
use charts::ChartData;
use driver::{Driver, SPEEDS};
use path::{HopKind, Path};
use scenarios::{ScenarioId, Setup};
use sim::Profile;
use snapshot::{Part, Snap};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub fn render(_: &ViewSpec) -> Html {
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
    Send(String),
    Restart(Setup),
    Mark(Option<u64>),
    Expand(Rc<str>),
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
    if x < 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
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
    lang: Cell<Lang>,
    handle: RefCell<Option<gloo_render::AnimationFrame>>,
    frame: UseStateHandle<u64>,
    /// Bumped at most ten times a second: the diagram redraws from it.
    fast: UseStateHandle<u64>,
    /// Bumped at most four times a second: the log and the panel redraw from it.
    slow: UseStateHandle<u64>,
    last_fast_wall: Cell<f64>,
    last_slow_wall: Cell<f64>,
    charts: UseStateHandle<Rc<ChartData>>,
    announce: UseStateHandle<String>,
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
        if *self.frame != version {
            self.frame.set(version);
        }
        // The engine's state changes many times a second at high speed; the diagram, log
        // and panel follow at a pace the eye (and the frame budget) can take.
        let key = {
            let d = self.drv.borrow();
            d.sim().store().revision() ^ (d.sim().next_event_id() << 20)
        };
        if key != *self.fast && ts - self.last_fast_wall.get() >= 100.0 {
            self.last_fast_wall.set(ts);
            self.fast.set(key);
        }
        if key != *self.slow && ts - self.last_slow_wall.get() >= 250.0 {
            self.last_slow_wall.set(ts);
            self.slow.set(key);
        }
        // Charts: when a new sample arrived, at most about three times a second.
        let sec = t_ms / 1000;
        if sec != self.last_chart_t.get() && ts - self.last_chart_wall.get() > 1_000.0 {
            self.last_chart_t.set(sec);
            self.last_chart_wall.set(ts);
            let data = ChartData::of(self.drv.borrow().sim());
            if *self.charts.as_ref() != data {
                self.charts.set(Rc::new(data));
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
                    self.announce
                        .set(t::ANNOUNCE.fmt(lang, &[("n", &n), ("what", &notable.join(". "))]));
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
    let frame = use_state(|| 0u64);
    let fast = use_state(|| 0u64);
    let slow_tick = use_state(|| 0u64);
    let charts = use_state(|| Rc::new(ChartData::default()));
    let announce = use_state(String::new);
    let selected = use_state(|| None::<Part>);
    let marked = use_state(|| None::<u64>);
    let help = use_state(|| false);
    let expanded = use_state(|| Rc::new(BTreeSet::<Rc<str>>::new()));
    let width = use_state(|| (900.0f64, 1.0f64));
    let lang_cell = use_mut_ref(|| lang);
    *lang_cell.borrow_mut() = lang;

    // The animation loop, started once and stopped when the view goes away.
    {
        let (drv, frame, charts, announce) =
            (drv.clone(), frame.clone(), charts.clone(), announce.clone());
        let (fast, slow) = (fast.clone(), slow_tick.clone());
        let width = width.clone();
        use_effect_with((), move |_| {
            let lp = Rc::new(Loop {
                drv,
                last_ts: Cell::new(0.0),
                last_chart_wall: Cell::new(-1e9),
                last_chart_t: Cell::new(u64::MAX),
                last_announce_wall: Cell::new(0.0),
                announce_cursor: Cell::new(0),
                lang: Cell::new(lang),
                handle: RefCell::new(None),
                frame,
                fast,
                slow,
                last_fast_wall: Cell::new(0.0),
                last_slow_wall: Cell::new(0.0),
                charts,
                announce,
            });
            let first = lp.clone();
            *lp.handle.borrow_mut() = Some(gloo_render::request_animation_frame(move |ts| {
                first.frame(ts)
            }));
            width.set(diagram_width());
            let resize = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "resize", move |_| width.set(diagram_width()))
            });
            move || {
                lp.handle.borrow_mut().take();
                drop(resize);
            }
        });
    }

    // One handler for every control and shortcut.
    let act = {
        let (drv, selected, marked, help, expanded) = (
            drv.clone(),
            selected.clone(),
            marked.clone(),
            help.clone(),
            expanded.clone(),
        );
        let (frame, replace, route) = (frame.clone(), ctx.replace.clone(), ctx.route.clone());
        Callback::from(move |a: Act| {
            let mut d = drv.borrow_mut();
            match a {
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
                Act::Speed(i) => d.set_speed(SPEEDS[i.min(SPEEDS.len() - 1)]),
                Act::Help(on) => help.set(on),
                Act::Escape => {
                    if *help {
                        help.set(false)
                    } else {
                        selected.set(None)
                    }
                }
                Act::Pick(p) => selected.set(Some(p)),
                Act::Close => selected.set(None),
                Act::Send(line) => {
                    let _ = d.send(&line, false);
                }
                Act::Restart(setup) => {
                    d.restart(setup);
                    d.playing = true;
                    selected.set(None);
                    marked.set(None);
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
                Act::Mark(id) => marked.set(id),
                Act::Expand(n) => {
                    let mut s = (**expanded).clone();
                    if !s.remove(&n) {
                        s.insert(n);
                    }
                    expanded.set(Rc::new(s));
                }
            }
            frame.set(d.version);
        })
    };

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

    let d = drv.borrow();
    // User actions redraw at once (`user`); the run itself at the loop's pace (`fast`).
    let snap_key = (*fast, d.user, d.setup.seed, d.setup.scenario);
    let snap = {
        let drv = drv.clone();
        use_memo(snap_key, move |_| Rc::new(Snap::of(drv.borrow().sim())))
    };
    let snap: Rc<Snap> = (*snap).clone();
    let marks: Rc<Vec<Part>> = Rc::new(
        marked
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
    let on_pick = act.reform(Act::Pick);
    let on_expand = act.reform(Act::Expand);
    let playing = d.playing;
    let now = d.now_ms();
    let eff = d.effective_speed();
    let slowmo = d.slow_motion();
    let speed_i = driver::speed_index(d.speed());
    let setup = d.setup;
    let path: Option<Path> = d.path.clone();
    let last_sent = d.sent.last().cloned();
    let next = d.next_scripted().cloned();
    let log_key = *slow_tick ^ (d.user << 40);
    drop(d);

    let btn = |label: &'static str, title: &'static str, a: Act, class: &'static str| {
        let onclick = act.reform(move |_: MouseEvent| a.clone());
        html! { <button type="button" class={classes!("button", class)} title={(!title.is_empty()).then_some(title)} {onclick}>{ label }</button> }
    };

    let speed_words = t::SPEED_WORDS.fmt(lang, &[("x", &speed_text(SPEEDS[speed_i]))]);
    let on_speed = act.reform(|e: InputEvent| {
        let v = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<usize>().ok())
            .unwrap_or(3);
        Act::Speed(v)
    });

    html! {
        <article class="view cluster" data-view={spec.slug}>
            <header class="view-head">
                <h1 id="view-title">{ spec.title.get(lang) }</h1>
            </header>
            <p class="lead">{ t::LEAD.get(lang) }</p>
            <section class="cl-bar" aria-label={t::CONTROLS_LABEL.get(lang)} data-not-a-fact="true">
                <div class="cl-play" role="group" aria-label={t::CONTROLS_LABEL.get(lang)}>
                    { btn(t::STEP_BACK.get(lang), t::STEP_BACK_TITLE.get(lang), Act::Back, "back") }
                    { btn(if playing { t::PAUSE.get(lang) } else { t::PLAY.get(lang) }, "", Act::Toggle, if playing { "pause primary" } else { "play primary" }) }
                    { btn(t::STEP.get(lang), t::STEP_TITLE.get(lang), Act::Step, "step") }
                    <label class="cl-speed">
                        <span>{ t::SPEED.get(lang) }</span>
                        <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                            value={speed_i.to_string()} aria-valuetext={speed_words.clone()} oninput={on_speed} />
                        <output>{ speed_words }</output>
                    </label>
                    <span class="cl-clock" role="timer" aria-live="off">
                        <span class="muted">{ t::SIM_TIME.get(lang) }{ " " }</span>
                        <strong class="clock">{ clock(now) }</strong>
                        if !playing { <span class="badge">{ t::PAUSED_BADGE.get(lang) }</span> }
                    </span>
                    if slowmo {
                        <span class="badge slow" role="status">{ t::SLOW_MOTION.fmt(lang, &[("x", &speed_text(eff))]) }</span>
                    }
                    { btn(t::HELP_BUTTON.get(lang), "", Act::Help(true), "help") }
                </div>
                <SetupForm setup={setup} on_act={act.clone()} has_hpa={snap.hpa.is_some()} />
                <Workload snap={snap.clone()} on_act={act.clone()} setup={setup} />
                <p class="cl-last" aria-live="polite">
                    if let Some(s) = &last_sent {
                        <span class="muted">{ t::LAST_COMMAND.get(lang) }{ " " }{ clock(s.t_ms) }{ " " }</span>
                        <code class="cmd">{ format!("$ {}", s.line) }</code>
                        if let Some(err) = &s.error {
                            { " " }<span class="bad">{ t::COMMAND_REFUSED.fmt(lang, &[("error", err)]) }</span>
                        }
                    }
                    if let Some(n) = &next {
                        <span class="muted next">{ t::NEXT_SCRIPTED.fmt(lang, &[("t", &clock(n.at_ms)), ("line", &n.line)]) }</span>
                    }
                </p>
            </section>
            <div class="cl-main">
                <div id="cluster-stage" class="cl-stage" data-not-a-fact="true">
                    <diagram::Diagram snap={snap.clone()} width={width.0} zoom={width.1} selected={(*selected).clone()}
                        marks={marks} hop={hop} expanded={(*expanded).clone()} {on_pick} {on_expand}
                        reduced_motion={ctx.reduced_motion} />
                    <Legend />
                </div>
                <aside class="cl-side">
                    <PathBox path={path} reduced={ctx.reduced_motion} />
                    <panel::Panel part={(*selected).clone()} drv={Drv(drv.clone(), log_key)}
                        snap={snap.clone()} on_act={act.clone()} />
                </aside>
            </div>
            <LogBox drv={Drv(drv.clone(), log_key)} marked={*marked} on_act={act.clone()} />
            <Charts data={(*charts).clone()} />
            <div class="sr-only" aria-live="polite" role="status" data-not-a-fact="true">{ (*announce).clone() }</div>
            if *help {
                <Help on_act={act.clone()} />
            }
            <panel::DefaultsTable profile={setup.profile} />
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct SetupProps {
    setup: Setup,
    has_hpa: bool,
    on_act: Callback<Act>,
}

/// Scenario, seed, timing and HPA: a form that restarts the run.
#[function_component(SetupForm)]
fn setup_form(p: &SetupProps) -> Html {
    let lang = use_ctx().lang;
    let draft = use_state(|| p.setup);
    let seed_text = use_state(|| p.setup.seed.to_string());
    let seed_bad = use_state(|| false);
    {
        let (draft, seed_text) = (draft.clone(), seed_text.clone());
        use_effect_with(p.setup, move |s| {
            draft.set(*s);
            seed_text.set(s.seed.to_string());
        });
    }
    let d = *draft;
    let on_scn = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| ScenarioId::from_slug(&s.value()))
            {
                draft.set(Setup {
                    seed: draft.seed,
                    ..Setup::new(s)
                });
            }
        })
    };
    let on_seed = {
        let seed_text = seed_text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                seed_text.set(i.value());
            }
        })
    };
    let on_profile = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let profile = if s.value() == "classroom" {
                    Profile::Classroom
                } else {
                    Profile::Real
                };
                draft.set(Setup { profile, ..*draft });
            }
        })
    };
    let on_hpa = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let hpa = s.value().parse::<u32>().ok();
                draft.set(Setup { hpa, ..*draft });
            }
        })
    };
    let onsubmit = {
        let (on_act, seed_text, seed_bad) = (p.on_act.clone(), seed_text.clone(), seed_bad.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match seed_text.trim().parse::<u64>() {
                Ok(seed) => {
                    seed_bad.set(false);
                    on_act.emit(Act::Restart(Setup { seed, ..d }));
                }
                Err(_) => seed_bad.set(true),
            }
        })
    };
    let factor = sim::defaults::CLASSROOM_FACTOR;
    let scale = d.scenario == ScenarioId::Scale100;
    let autoscale = p
        .on_act
        .reform(|_: MouseEvent| Act::Send(scenarios::autoscale_line(scenarios::HPA_TARGET)));
    html! {
        <form class="cl-setup" {onsubmit} aria-label={t::SETUP_LABEL.get(lang)}>
            <label>
                <span>{ t::SCENARIO.get(lang) }</span>
                <select onchange={on_scn}>
                    { for ScenarioId::ALL.iter().map(|&s| html! {
                        <option value={s.slug()} selected={s == d.scenario}>{ scenario_msg(s).get(lang) }</option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ t::SEED.get(lang) }</span>
                <input type="text" inputmode="numeric" size="8" value={(*seed_text).clone()} oninput={on_seed}
                    aria-invalid={seed_bad.then_some("true")} aria-describedby="cl-seed-hint" />
            </label>
            <label>
                <span>{ t::PROFILE.get(lang) }</span>
                <select onchange={on_profile}>
                    <option value="real" selected={d.profile == Profile::Real}>{ t::PROFILE_REAL.get(lang) }</option>
                    <option value="classroom" selected={d.profile == Profile::Classroom}>{ t::PROFILE_CLASSROOM.fmt(lang, &[("f", &factor)]) }</option>
                </select>
            </label>
            if !scale {
                <label>
                    <span>{ t::HPA_SETTING.get(lang) }</span>
                    <select onchange={on_hpa}>
                        <option value="off" selected={d.hpa.is_none()}>{ t::HPA_OFF.get(lang) }</option>
                        { for [40u32, 50, 60, 70, 80].iter().map(|&v| html! {
                            <option value={v.to_string()} selected={d.hpa == Some(v)}>{ t::HPA_TARGET_OPTION.fmt(lang, &[("t", &v)]) }</option>
                        }) }
                    </select>
                </label>
            }
            <button type="submit" class="button primary">{ t::APPLY_SETUP.get(lang) }</button>
            if !p.has_hpa && !scale {
                <button type="button" class="button" onclick={autoscale}>{ t::AUTOSCALE.get(lang) }</button>
            }
            <p id="cl-seed-hint" class={classes!("small", if *seed_bad { "bad" } else { "muted" })}>
                { if *seed_bad { t::SEED_BAD.get(lang) } else { t::SEED_HINT.get(lang) } }
                { " " }{ t::SETUP_NOTE.get(lang) }
            </p>
            if d.profile == Profile::Classroom {
                <p class="small muted">{ t::PROFILE_NOTE.fmt(lang, &[("f", &factor)]) }</p>
            }
            <details class="small muted"><summary>{ t::HPA_SETTING.get(lang) }</summary>{ t::HPA_ENGINE_NOTE.get(lang) }</details>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct WorkloadProps {
    snap: Rc<Snap>,
    setup: Setup,
    on_act: Callback<Act>,
}

/// Load and replicas: the everyday levers.
#[function_component(Workload)]
fn workload(p: &WorkloadProps) -> Html {
    let lang = use_ctx().lang;
    let rps = use_state(|| scenarios::BASE_RPS as u32);
    let pattern = use_state(|| "steady".to_string());
    let replicas = use_state(|| None::<u32>);
    let svc = scenarios::APP;
    let dep = p.snap.deployments.iter().find(|d| &*d.name == svc);
    let cur = dep.map_or(0, |d| d.replicas);
    let want = replicas.unwrap_or(cur);
    let on_rps = {
        let rps = rps.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse::<u32>().ok())
            {
                rps.set(v.min(scenarios::MAX_RPS as u32));
            }
        })
    };
    let on_pattern = {
        let pattern = pattern.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                pattern.set(s.value());
            }
        })
    };
    let r = *rps;
    let line = match pattern.as_str() {
        "ramp" => format!(
            "load {svc} ramp {} {r} 2m",
            p.snap
                .service
                .as_ref()
                .map_or(0.0, |s| s.demand_rps)
                .round()
        ),
        "day" => format!("load {svc} day {} {r} 10m", r / 4),
        "off" => format!("load {svc} off"),
        _ => format!("load {svc} steady {r}"),
    };
    let set_load = p
        .on_act
        .reform(move |_: MouseEvent| Act::Send(line.clone()));
    let base = p
        .snap
        .service
        .as_ref()
        .map_or(scenarios::BASE_RPS, |s| s.demand_rps)
        .max(1.0)
        .round();
    let spike = p.on_act.reform(move |_: MouseEvent| {
        Act::Send(format!("load {svc} spike {base} {} 0s 60s", base * 4.0))
    });
    let on_replicas = {
        let replicas = replicas.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse::<u32>().ok())
            {
                replicas.set(Some(v.min(30)));
            }
        })
    };
    let scale = {
        let replicas = replicas.clone();
        p.on_act.reform(move |_: MouseEvent| {
            replicas.set(None);
            Act::Send(format!("kubectl scale deployment {svc} --replicas {want}"))
        })
    };
    let image = if dep.is_some_and(|d| d.image == scenarios::NEW_IMAGE) {
        scenarios::IMAGE
    } else {
        scenarios::NEW_IMAGE
    };
    let rollout = p.on_act.reform(move |_: MouseEvent| {
        Act::Send(format!(
            "kubectl set image deployment/{svc} {}={image}",
            scenarios::CONTAINER
        ))
    });
    let max = if p.setup.scenario == ScenarioId::Scale100 {
        3000
    } else {
        scenarios::MAX_RPS as u32
    };
    html! {
        <div class="cl-work" role="group" aria-label={t::LOAD_LABEL.get(lang)}>
            <label>
                <span>{ t::LOAD_RPS.get(lang) }</span>
                <input type="range" min="0" max={max.to_string()} step="5" value={r.to_string()} oninput={on_rps}
                    aria-valuetext={format!("{r} req/s")} />
                <output>{ format!("{r} req/s") }</output>
            </label>
            <label>
                <span>{ t::LOAD_PATTERN.get(lang) }</span>
                <select onchange={on_pattern}>
                    <option value="steady" selected={*pattern == "steady"}>{ t::PATTERN_STEADY.get(lang) }</option>
                    <option value="ramp" selected={*pattern == "ramp"}>{ t::PATTERN_RAMP.get(lang) }</option>
                    <option value="day" selected={*pattern == "day"}>{ t::PATTERN_DAY.get(lang) }</option>
                    <option value="off" selected={*pattern == "off"}>{ t::PATTERN_OFF.get(lang) }</option>
                </select>
            </label>
            <button type="button" class="button" onclick={set_load}>{ t::LOAD_APPLY.get(lang) }</button>
            <button type="button" class="button spike" onclick={spike}>{ t::LOAD_SPIKE.get(lang) }</button>
            if dep.is_some() {
                <label>
                    <span>{ t::SCALE_LABEL.fmt(lang, &[("d", &svc)]) }</span>
                    <input type="number" min="0" max="30" value={want.to_string()} oninput={on_replicas} />
                </label>
                <button type="button" class="button" onclick={scale}>{ t::SCALE_APPLY.get(lang) }</button>
                <button type="button" class="button" onclick={rollout}>{ t::SET_IMAGE.fmt(lang, &[("image", &image)]) }</button>
            }
        </div>
    }
}

#[function_component(Legend)]
fn legend() -> Html {
    let lang = use_ctx().lang;
    let items = [
        (snapshot::PodState::Pending, t::LEGEND_PENDING),
        (snapshot::PodState::ContainerCreating, t::LEGEND_CREATING),
        (snapshot::PodState::Running, t::LEGEND_RUNNING),
        (snapshot::PodState::Ready, t::LEGEND_READY),
        (snapshot::PodState::CrashLoopBackOff, t::LEGEND_CRASH),
        (snapshot::PodState::Terminating, t::LEGEND_TERMINATING),
    ];
    html! {
        <div class="cl-legend">
            <h2 class="small">{ t::LEGEND.get(lang) }</h2>
            <ul>
                { for items.iter().map(|(s, m)| html! {
                    <li>
                        <span class={classes!("chip", s.class())} aria-hidden="true">{ s.icon() }</span>
                        <strong>{ diagram::pod_state_text(*s) }</strong>{ " — " }{ m.get(lang) }
                    </li>
                }) }
            </ul>
            <p class="small">{ t::LEGEND_NODES.get(lang) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PathProps {
    path: Option<Path>,
    reduced: bool,
}

/// The request path as a list: the hop on screen is highlighted (and, with reduced motion,
/// this list is the whole animation).
#[function_component(PathBox)]
fn path_box(p: &PathProps) -> Html {
    let lang = use_ctx().lang;
    html! {
        <section class="cl-path" aria-labelledby="cl-path-title" data-not-a-fact="true">
            <h2 id="cl-path-title">{ t::PATH_TITLE.get(lang) }</h2>
            if let Some(path) = &p.path {
                <ol>
                    { for path.hops.iter().take(path.shown).enumerate().map(|(i, h)| {
                        let current = i + 1 == path.shown && !path.done();
                        html! {
                            <li class={classes!(current.then_some("current"))} aria-current={current.then_some("step")}>
                                <span class="t">{ clock(h.t_ms) }</span>{ " " }{ hop_text(&h.kind, lang) }
                            </li>
                        }
                    }) }
                </ol>
            } else {
                <p class="muted small">{ t::PATH_IDLE.get(lang) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LogProps {
    drv: Drv,
    marked: Option<u64>,
    on_act: Callback<Act>,
}

/// How many events the log lists.
const LOG_ROWS: usize = 80;

#[function_component(LogBox)]
fn log_box(p: &LogProps) -> Html {
    let lang = use_ctx().lang;
    let filter = use_state(|| log::Filter::All);
    let d = p.drv.0.borrow();
    let f = *filter;
    let rows: Vec<&sim::Event> = d
        .sim()
        .events()
        .iter()
        .rev()
        .filter(|e| f.matches(e))
        .take(LOG_ROWS)
        .collect();
    let missed = d.sim().events().dropped() > 0;
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let v = s.value();
                if let Some(f) = log::Filter::ALL.iter().find(|f| f.code() == v) {
                    filter.set(*f);
                }
            }
        })
    };
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
    html! {
        <section class="cl-log" aria-labelledby="cl-log-title" data-not-a-fact="true">
            <div class="cl-log-head">
                <h2 id="cl-log-title">{ t::LOG_TITLE.get(lang) }</h2>
                <label>
                    <span>{ t::LOG_FILTER.get(lang) }</span>
                    <select onchange={on_filter}>
                        { for log::Filter::ALL.iter().map(|&x| html! {
                            <option value={x.code()} selected={x == f}>{ fname(x).get(lang) }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="small muted">{ t::LOG_HINT.get(lang) }</p>
            if rows.is_empty() {
                <p class="muted">{ t::LOG_EMPTY.get(lang) }</p>
            } else {
                <ol class="events" reversed=true>
                    { for rows.iter().map(|e| {
                        let id = e.id;
                        let on = p.marked == Some(id);
                        let onclick = p.on_act.reform(move |_: MouseEvent| Act::Mark(if on { None } else { Some(id) }));
                        let kind = log::kind_code(&e.kind);
                        html! {
                            <li key={id} data-kind={kind} data-t={e.time_ms.to_string()}>
                                <button type="button" class={classes!("ev", on.then_some("on"))} aria-pressed={on.to_string()} {onclick}>
                                    <span class="t">{ clock(e.time_ms) }</span>
                                    <span class="who">{ log::actor_name(e) }</span>
                                    <span class="what">{ log::text(e, lang) }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
            if missed {
                <p class="small muted">{ t::LOG_MISSED.get(lang) }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChartsProps {
    data: Rc<ChartData>,
}

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
    let last = ChartData::last;
    let summary = t::CHARTS_SUMMARY.fmt(
        lang,
        &[
            ("demand", &format!("{:.0}", last(&d.demand))),
            ("capacity", &format!("{:.0}", last(&d.capacity))),
            ("ready", &last(&d.ready)),
            ("desired", &last(&d.desired)),
            ("cpu", &format!("{:.0}", last(&d.cpu))),
            (
                "target",
                &d.target.last().map_or(String::new(), |x| {
                    t::CHARTS_TARGET.fmt(lang, &[("t", &x.1)])
                }),
            ),
            ("p95", &format!("{:.0}", last(&d.p95))),
            ("dropped", &format!("{:.1}", last(&d.dropped))),
            ("nodes", &last(&d.nodes_ready)),
            ("all", &d.nodes_all),
        ],
    );
    html! {
        <section class="cl-charts" aria-labelledby="cl-charts-title" data-not-a-fact="true">
            <h2 id="cl-charts-title">{ t::CHARTS_TITLE.fmt(lang, &[("w", &"5m")]) }</h2>
            if d.t_ms == 0 {
                <p class="muted">{ t::CHARTS_EMPTY.get(lang) }</p>
            } else {
                <p class="summary" data-cpu={format!("{:.0}", last(&d.cpu))} data-ready={last(&d.ready).to_string()}>{ summary }</p>
                <div class="grid">
                    { for svgs.iter().map(|(title, svg, legend)| html! {
                        <figure class="chart">
                            <figcaption>
                                { *title }
                                { for legend.iter().map(|(l, c)| html! {
                                    <span class={format!("key k{c}")}><span class="swatch" aria-hidden="true"></span>{ *l }</span>
                                }) }
                            </figcaption>
                            { Html::from_html_unchecked(AttrValue::from(svg.clone())) }
                        </figure>
                    }) }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct HelpProps {
    on_act: Callback<Act>,
}

#[function_component(Help)]
fn help(p: &HelpProps) -> Html {
    let lang = use_ctx().lang;
    let close = p.on_act.reform(|_: MouseEvent| Act::Help(false));
    use_effect_with((), |_| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("cl-help-close"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    html! {
        <div class="cl-help" role="dialog" aria-modal="true" aria-labelledby="cl-help-title">
            <div class="box">
                <h2 id="cl-help-title">{ t::HELP_TITLE.get(lang) }</h2>
                <ul>
                    { for t::HELP_KEYS.items(lang).map(|k| {
                        let (key, what) = k.split_once(':').unwrap_or((k, ""));
                        html! { <li><kbd>{ key }</kbd>{ ":" }{ what }</li> }
                    }) }
                </ul>
                <p class="small muted">{ t::HELP_NOTE.get(lang) }</p>
                <button id="cl-help-close" type="button" class="button primary" onclick={close}>{ t::HELP_CLOSE.get(lang) }</button>
            </div>
        </div>
    }
}
