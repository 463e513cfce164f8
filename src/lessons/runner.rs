//! The lesson panel, and what a step does: fetches the lesson when it opens, builds each
//! step's start state on its view, watches for the step's condition, and moves next, back,
//! to the start and out. A step on the Cluster view goes through [`Live`] (the engine seam
//! of the cluster lab's binary); on the explainers, through the `data-part`s of the page,
//! pressed and filled in as the learner would.

use super::format::{self, Action, Cond, Step, Task};
use super::progress::{self, Progress};
use super::{At, LESSONS, Live};
use crate::app::{plain_key, use_ctx};
use crate::el::{El, button, el, frag, opt};
use crate::i18n::{Lang, cat::lessons as t};
use crate::platform;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A fetched lesson: its steps, whose texts borrow from the file.
#[derive(Debug, PartialEq)]
pub struct Loaded {
    pub steps: Vec<Step<'static>>,
}

thread_local! {
    /// Lessons fetched during this visit. A file is fetched and kept once, for the visit:
    /// its texts are then `&'static str`, as the views' text functions take them.
    static CACHE: RefCell<Vec<(&'static str, Rc<Loaded>)>> = const { RefCell::new(Vec::new()) };
    /// True while a step's start state is being built: presses then are not the learner's.
    static REPLAYING: Cell<bool> = const { Cell::new(false) };
}

/// Parses a served file of lesson `id` that matches the lesson list compiled into this
/// binary (a file cached from another version does not).
pub fn parse(id: &str, text: &'static str) -> Option<Loaded> {
    let info = &LESSONS[super::find(id)?];
    let file = format::decode(text)?;
    let matches = file.id == info.id
        && file.steps.len() == info.views.len()
        && file
            .steps
            .iter()
            .zip(info.views)
            .all(|(s, v)| s.view == v.slug());
    matches.then_some(Loaded { steps: file.steps })
}

fn load(id: &'static str, done: impl FnOnce(Option<Rc<Loaded>>) + 'static) {
    if let Some(l) = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, l)| l.clone())
    }) {
        return done(Some(l));
    }
    platform::fetch_text(&["lessons/", id, ".txt"].concat(), move |text| {
        let loaded = text
            .map(|t| &*Box::leak(t.into_boxed_str()))
            .and_then(|t| parse(id, t))
            .map(Rc::new);
        if let Some(l) = &loaded {
            CACHE.with(|c| c.borrow_mut().push((id, l.clone())));
        }
        done(loaded);
    });
}

#[derive(Properties, PartialEq)]
pub struct RunnerProps {
    pub at: At,
    /// Bumped to build the step's start state again.
    pub nonce: u32,
    /// This binary's engine seam (the cluster lab's), if any.
    pub live: Option<&'static Live>,
    /// Whether the step's view is on this page (else the page is loading the other binary).
    pub runs_here: bool,
    /// This binary's lesson parts (how it renders the lessons' texts).
    pub class: &'static super::Class,
}

/// The panel's state: the lesson, and the step in progress.
#[derive(Clone, Default, PartialEq)]
struct S {
    loaded: Option<Rc<Loaded>>,
    failed: bool,
    /// The step (and nonce) whose start state is built; None while building it.
    ready: Option<(usize, u32)>,
    /// Events of the step count from here (Cluster view).
    mark: u64,
    done: bool,
    clicked: Vec<String>,
    answer: Option<usize>,
    checked: bool,
    cmd: String,
    sent: Option<Result<String, String>>,
    finished: bool,
}

enum Do {
    Loaded(Option<Rc<Loaded>>),
    Entering,
    Entered(usize, u32, u64),
    Done,
    Clicked(String),
    Answer(usize),
    Check,
    Cmd(String),
    Sent(Result<String, String>),
    Finished,
}

impl Reducible for S {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut s = (*self).clone();
        match d {
            Do::Loaded(l) => {
                s.failed = l.is_none();
                s.loaded = l;
            }
            Do::Entering => {
                s = S {
                    loaded: s.loaded,
                    ..S::default()
                }
            }
            Do::Entered(step, nonce, mark) => {
                s.ready = Some((step, nonce));
                s.mark = mark;
            }
            Do::Done => s.done = true,
            Do::Clicked(p) => {
                if s.ready.is_some() {
                    s.clicked.push(p)
                }
            }
            Do::Answer(i) => {
                s.answer = Some(i);
                s.checked = false;
            }
            Do::Check => {
                s.checked = s.answer.is_some();
                s.done |= s.checked;
            }
            Do::Cmd(c) => s.cmd = c,
            Do::Sent(r) => {
                if r.is_ok() {
                    s.cmd.clear();
                }
                s.sent = Some(r);
            }
            Do::Finished => s.finished = true,
        }
        Rc::new(s)
    }
}

/// The first element with this `data-part`.
fn part(p: &str) -> Option<web_sys::Element> {
    platform::query(&["[data-part=\"", p, "\"]"].concat())
}

/// Presses a part as a click does (an SVG part has no `click()`, so an event is sent).
fn press(p: &str) {
    let Some(e) = part(p) else { return };
    match e.dyn_ref::<web_sys::HtmlElement>() {
        Some(h) => h.click(),
        None => {
            let init = web_sys::MouseEventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init) {
                let _ = e.dispatch_event(&ev);
            }
        }
    }
}

/// Types a value into a field, or chooses it in a list, as the learner would.
fn fill(p: &str, v: &str) {
    let Some(e) = part(p) else { return };
    if let Some(i) = e.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(v);
    } else if let Some(s) = e.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(v);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for kind in ["input", "change"] {
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict(kind, &init) {
            let _ = e.dispatch_event(&ev);
        }
    }
}

/// The value of a field.
fn value_of(p: &str) -> Option<String> {
    let e = part(p)?;
    e.dyn_ref::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| e.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
}

/// Does actions one after another, a tick apart so that the view redraws between them,
/// then calls `done`. While a step's start state is built (`replay`), the page's presses
/// are not the learner's; "Show me" presses count as theirs.
fn perform(
    live: Option<&'static Live>,
    actions: Vec<Action<'static>>,
    replay: bool,
    done: impl FnOnce() + 'static,
) {
    fn next(
        live: Option<&'static Live>,
        mut rest: std::vec::IntoIter<Action<'static>>,
        replay: bool,
        done: Box<dyn FnOnce()>,
        first: bool,
    ) {
        gloo_timers::callback::Timeout::new(if first { 30 } else { 0 }, move || {
            match rest.next() {
                Some(a) => {
                    REPLAYING.set(replay);
                    match &a {
                        // Opening a part's panel is pressing the part, as the learner does.
                        Action::Click(p) | Action::Pick(p) if part(p).is_some() => press(p),
                        Action::Set(p, v) => fill(p, v),
                        other => {
                            if let Some(l) = live {
                                let _ = (l.perform)(other);
                            }
                        }
                    }
                    REPLAYING.set(false);
                    next(live, rest, replay, done, false);
                }
                None => done(),
            }
        })
        .forget();
    }
    next(live, actions.into_iter(), replay, Box::new(done), true);
}

/// Moves the focus to "Next", after the render that follows (a button the learner pressed
/// may have gone disabled, and a disabled button drops the keys).
fn focus_next() {
    gloo_timers::callback::Timeout::new(0, || platform::focus("lesson-next")).forget();
}

/// Whether the step's condition holds now.
fn met(step: &Step<'static>, s: &S, live: Option<&'static Live>) -> bool {
    match format::goal(step) {
        None => !matches!(step.task, Task::Ask(_)),
        Some(Cond::Clicked(p)) => s.clicked.iter().any(|c| c == p),
        Some(Cond::State(p, v)) => {
            platform::query(&["[data-part=\"", p, "\"][data-state=\"", v, "\"]"].concat()).is_some()
        }
        Some(Cond::Value(p, v)) => value_of(p).is_some_and(|x| x.trim() == v),
        Some(c) => live.is_some_and(|l| (l.check)(&c, s.mark)),
    }
}

/// What "Show me" does for a step.
fn show_me(step: &Step<'static>) -> Vec<Action<'static>> {
    match &step.task {
        Task::Watch if !step.show.is_empty() => step
            .show
            .iter()
            .filter_map(|a| format::action(a).ok())
            .collect(),
        _ => format::effect(step),
    }
}

/// The highlight of the step's parts: a style rule naming their `data-part`s (checked names:
/// letters, digits, `-`, `:` and `.`).
fn highlight(parts: &str) -> Html {
    let sel: Vec<String> = parts
        .split_whitespace()
        .map(|p| ["[data-part=\"", p, "\"]"].concat())
        .collect();
    if sel.is_empty() {
        return Html::default();
    }
    let all = sel.join(",");
    let svg: Vec<String> = sel
        .iter()
        .map(|s| ["svg ", s, " > rect"].concat())
        .collect();
    el("style")
        .string(
            [
                &all,
                "{outline:3px solid var(--hl);outline-offset:3px;border-radius:4px;animation:lesson-pulse 1.6s ease-in-out 3}",
                &svg.join(","),
                "{stroke:var(--hl);stroke-width:4px}",
            ]
            .concat(),
        )
        .into()
}

#[function_component(Runner)]
pub fn runner(p: &RunnerProps) -> Html {
    let ctx = use_ctx();
    let at = p.at;
    let info = at.info();
    let live = p.live;
    let s = use_reducer(S::default);

    // The lesson's file, fetched once when it opens.
    {
        let s = s.clone();
        use_effect_with(info.id, move |id| {
            load(id, move |l| s.dispatch(Do::Loaded(l)));
        });
    }
    let loaded = s.loaded.clone();

    // Each step begins from its start state, built on its view.
    {
        let s = s.clone();
        let deps = (at.step, p.nonce, loaded.clone(), p.runs_here);
        use_effect_with(deps, move |(step, nonce, loaded, here)| {
            let (step, nonce) = (*step, *nonce);
            if let (Some(loaded), true) = (loaded.clone(), *here) {
                s.dispatch(Do::Entering);
                progress::remember(info.id, Progress::Reached(step));
                enter(live, loaded, step, move |mark| {
                    s.dispatch(Do::Entered(step, nonce, mark))
                });
            }
        });
    }

    let step = loaded.as_ref().and_then(|l| l.steps.get(at.step));
    let ready = s.ready == Some((at.step, p.nonce));

    // Watch for the step's condition while it is open.
    let latest = use_mut_ref(S::default);
    *latest.borrow_mut() = (*s).clone();
    {
        let (s, latest) = (s.clone(), latest.clone());
        let step = step.cloned();
        let watching = ready && !s.done && step.is_some();
        use_effect_with((watching, at.step, p.nonce), move |(watching, ..)| {
            let interval = (*watching).then(|| {
                gloo_timers::callback::Interval::new(250, move || {
                    let Some(step) = &step else { return };
                    if met(step, &latest.borrow(), live) {
                        // A run that played for the step pauses where it got to, for the
                        // class to look (and the next step starts from there).
                        if step.view == "cluster"
                            && !step.speed.is_empty()
                            && let Some(l) = live
                        {
                            (l.play)(None);
                        }
                        s.dispatch(Do::Done);
                    }
                })
            });
            move || drop(interval)
        });
    }

    // The learner's presses on the page's parts.
    {
        let s = s.clone();
        use_effect_with((), move |_| {
            let doc = web_sys::window().and_then(|w| w.document());
            let on = |kind: &'static str, s: UseReducerHandle<S>| {
                doc.as_ref().map(|d| {
                    let opts = platform::KEYS_FIRST;
                    gloo_events::EventListener::new_with_options(d, kind, opts, move |e| {
                        if REPLAYING.get() {
                            return;
                        }
                        if let Some(k) = e.dyn_ref::<KeyboardEvent>()
                            && k.key() != "Enter"
                            && k.key() != " "
                        {
                            return;
                        }
                        let part = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|el| el.closest("[data-part]").ok().flatten())
                            .and_then(|el| el.get_attribute("data-part"));
                        if let Some(part) = part {
                            s.dispatch(Do::Clicked(part));
                        }
                    })
                })
            };
            let listeners = (on("click", s.clone()), on("keydown", s));
            move || drop(listeners)
        });
    }

    let count = at.steps();
    let go = {
        let lesson = ctx.lesson.clone();
        move |step: usize| {
            lesson.emit(Some(At {
                lesson: at.lesson,
                step,
            }))
        }
    };
    let next = {
        let (go, s) = (go.clone(), s.clone());
        Callback::from(move |_: ()| {
            if at.step + 1 < count {
                go(at.step + 1);
            } else {
                progress::remember(info.id, Progress::Done);
                s.dispatch(Do::Finished);
            }
        })
    };
    let back = {
        let go = go.clone();
        Callback::from(move |_: ()| {
            if at.step > 0 {
                go(at.step - 1)
            }
        })
    };

    // In a lesson, the arrows and the presenter's Page Up/Down move between steps.
    {
        let keys = use_mut_ref(|| (next.clone(), back.clone()));
        *keys.borrow_mut() = (next.clone(), back.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let opts = platform::KEYS_FIRST;
                gloo_events::EventListener::new_with_options(&w, "keydown", opts, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if !plain_key(e) {
                        return;
                    }
                    let (next, back) = keys.borrow().clone();
                    match e.key().as_str() {
                        "ArrowRight" | "PageDown" => next.emit(()),
                        "ArrowLeft" | "PageUp" => back.emit(()),
                        _ => return,
                    }
                    e.prevent_default();
                    e.stop_immediate_propagation();
                })
            });
            move || drop(listener)
        });
    }

    // The step's first part comes into view once its state is built.
    let first = step.and_then(|st| st.parts.split_whitespace().next());
    use_effect_with((ready, at.step, first), move |(ready, _, first)| {
        if *ready && let Some(e) = first.and_then(part) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
            e.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });

    panel(&ctx, p, &s, step, ready, count, next, back)
}

/// Builds `steps[at]`'s start state, then calls `done` with the mark its events count from.
fn enter(
    live: Option<&'static Live>,
    loaded: Rc<Loaded>,
    at: usize,
    done: impl FnOnce(u64) + 'static,
) {
    let cluster = loaded.steps[at].view == "cluster";
    match (cluster, live) {
        (true, Some(l)) => wait_for_view(l, 0, move || {
            let speed = loaded.steps[at].speed;
            (l.enter)(
                &loaded.steps,
                at,
                Box::new(move |mark| {
                    (l.play)(sim::util::parse_decimal(speed));
                    done(mark);
                }),
            );
        }),
        (true, None) => done(0),
        (false, _) => perform(live, format::replay(&loaded.steps, at), true, move || {
            done(0)
        }),
    }
}

/// Calls `f` once the Cluster view has mounted and handed over its seam (a tick after the
/// render that shows it, so that it holds the newest address), for up to five seconds.
fn wait_for_view(l: &'static Live, tries: u32, f: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(if tries == 0 { 0 } else { 50 }, move || {
        if (l.attached)() || tries > 100 {
            f();
        } else {
            wait_for_view(l, tries + 1, f);
        }
    })
    .forget();
}

#[allow(clippy::too_many_arguments)]
fn panel(
    ctx: &crate::app::Ctx,
    p: &RunnerProps,
    s: &UseReducerHandle<S>,
    step: Option<&Step<'static>>,
    ready: bool,
    count: usize,
    next: Callback<()>,
    back: Callback<()>,
) -> Html {
    let lang = ctx.lang;
    let at = p.at;
    let info = at.info();
    let l = lang as usize;
    let head = el("header")
        .class("lesson-head")
        .child(
            el("p")
                .class("lesson-kicker")
                .text(t::PANEL_LABEL.get(lang)),
        )
        .child(el("h2").id("lesson-title").text(info.title.get(lang)))
        .child(
            el("p")
                .class("lesson-count")
                .not_a_fact()
                .string(t::STEP_OF.fmt(lang, &[("n", &(at.step + 1)), ("total", &count)]))
                .child(
                    el("progress")
                        .attr("max", count.to_string())
                        .attr("value", (at.step + 1).to_string())
                        .attr("aria-hidden", "true"),
                ),
        );
    let body = match (step, s.failed, s.finished) {
        (_, _, true) => finished(ctx, at),
        (_, true, _) => el("p").class("bad").text(t::LOAD_FAILED.get(lang)).into(),
        (None, ..) => el("p").class("muted").text(t::LOADING.get(lang)).into(),
        (Some(step), ..) => frag(vec![
            el("div")
                .class("narration")
                .attr("aria-live", "polite")
                .child(el("p").child((p.class.narrate)(step.say[l], lang)))
                .into(),
            task(ctx, p, s, step, ready),
            highlight(step.parts),
        ]),
    };
    let step_done = s.done && ready;
    let act = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let show = step.filter(|st| !matches!(st.task, Task::Read)).map(|st| {
        let (st, handle, live) = (st.clone(), s.clone(), p.live);
        // Then the keyboard's next stop is "Next" (the button it pressed may go disabled).
        let on = Callback::from(move |_: MouseEvent| {
            if let Task::Ask(a) = &st.task {
                handle.dispatch(Do::Answer(a.answer));
                handle.dispatch(Do::Check);
                focus_next();
            } else {
                perform(live, show_me(&st), false, focus_next);
            }
        });
        button("button")
            .class("show-me")
            .flag("disabled", !ready || s.done)
            .on_click(on)
            .text(t::SHOW_ME.get(lang))
    });
    let last = at.step + 1 >= count;
    let restart = {
        let lesson = ctx.lesson.clone();
        Callback::from(move |_: MouseEvent| {
            lesson.emit(Some(At {
                lesson: at.lesson,
                step: 0,
            }))
        })
    };
    let leave = {
        let lesson = ctx.lesson.clone();
        Callback::from(move |_: MouseEvent| lesson.emit(None))
    };
    let nav = el("div")
        .class("lesson-nav")
        .child(
            button("button back")
                .flag("disabled", at.step == 0)
                .attr("aria-keyshortcuts", "ArrowLeft PageUp")
                .on_click(act(&back))
                .text(t::BACK.get(lang)),
        )
        .maybe(show)
        .child(
            button("button next")
                .id("lesson-next")
                .class_if(
                    "primary",
                    step_done || step.is_some_and(|st| matches!(st.task, Task::Read)),
                )
                .flag("disabled", s.finished)
                .attr("aria-keyshortcuts", "ArrowRight PageDown")
                .on_click(act(&next))
                .text(if last {
                    t::FINISH.get(lang)
                } else {
                    t::NEXT.get(lang)
                }),
        );
    let more = el("p")
        .class("lesson-more small")
        .child(
            button("link-button")
                .on_click(restart)
                .text(t::RESTART.get(lang)),
        )
        .text(" · ")
        .child(
            button("link-button")
                .on_click(leave)
                .text(t::LEAVE.get(lang)),
        );
    el("aside")
        .class("lesson-panel")
        .id("lesson")
        .attr("aria-labelledby", "lesson-title")
        .attr("data-step", (at.step + 1).to_string())
        .attr(
            "data-state",
            if step_done {
                "done"
            } else if ready {
                "open"
            } else {
                "building"
            },
        )
        .child(head)
        .child(body)
        .child(nav)
        .child(more)
        .into()
}

/// What the learner is asked to do, and how it stands.
fn task(
    ctx: &crate::app::Ctx,
    p: &RunnerProps,
    s: &UseReducerHandle<S>,
    step: &Step<'static>,
    ready: bool,
) -> Html {
    let lang = ctx.lang;
    let l = lang as usize;
    let status = |done: bool, waiting: &'static str| {
        el("p")
            .class("lesson-status")
            .class_if("ok", done)
            .attr("role", "status")
            .maybe(done.then(|| el("span").attr("aria-hidden", "true").text("✓ ")))
            .text(if done { t::DONE.get(lang) } else { waiting })
    };
    match &step.task {
        Task::Read => Html::default(),
        Task::Watch => status(s.done, t::WATCHING.get(lang)).into(),
        Task::Do(a) => {
            let typed = matches!(format::action(a), Ok(Action::Run(_))) && p.live.is_some();
            frag(vec![
                el("p")
                    .class("your-turn")
                    .text(t::YOUR_TURN.get(lang))
                    .into(),
                opt(typed.then(|| command(p, s, lang))),
                status(s.done, t::WAITING.get(lang)).into(),
            ])
        }
        Task::Ask(a) => {
            let radios = a.choices[l].iter().enumerate().map(|(i, c)| {
                let s = s.clone();
                el("label")
                    .class("choice")
                    .class_if("right", s.checked && i == a.answer)
                    .class_if("wrong", s.checked && s.answer == Some(i) && i != a.answer)
                    .child(
                        el("input")
                            .attr("type", "radio")
                            .attr("name", "lesson-answer")
                            .attr("value", i.to_string())
                            .checked(s.answer == Some(i))
                            .flag("disabled", s.checked || !ready)
                            .on_change(Callback::from(move |_| s.dispatch(Do::Answer(i)))),
                    )
                    .child(el("span").child((p.class.narrate)(c, lang)))
                    .into()
            });
            let check = {
                let s = s.clone();
                Callback::from(move |_| {
                    s.dispatch(Do::Check);
                    focus_next();
                })
            };
            let verdict = s.checked.then(|| {
                let right = s.answer == Some(a.answer);
                el("div")
                    .class("verdict")
                    .attr("role", "status")
                    .child(
                        el("p").child(el("strong").class(if right { "ok" } else { "bad" }).text(
                            if right {
                                t::RIGHT.get(lang)
                            } else {
                                t::NOT_QUITE.get(lang)
                            },
                        )),
                    )
                    .maybe((!right).then(|| {
                        el("p")
                            .text(t::THE_ANSWER.get(lang))
                            .text(" ")
                            .child((p.class.narrate)(a.choices[l][a.answer], lang))
                    }))
                    .child(el("p").child((p.class.narrate)(a.explain[l], lang)))
            });
            el("fieldset")
                .class("predict")
                .child(
                    el("legend")
                        .child(el("span").class("kicker").text(t::PREDICT.get(lang)))
                        .text(" ")
                        .child((p.class.narrate)(a.question[l], lang)),
                )
                .children(radios)
                .child(
                    button("button primary")
                        .class("check")
                        .flag("disabled", s.checked || s.answer.is_none())
                        .on_click(check)
                        .text(t::CHECK.get(lang)),
                )
                .maybe(verdict)
                .into()
        }
    }
}

/// The one-line command input of a step that asks for a command: parsed by the engine's
/// own parser and sent through the Cluster view's command path.
fn command(p: &RunnerProps, s: &UseReducerHandle<S>, lang: Lang) -> El {
    let live = p.live;
    let on_input = {
        let s = s.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                s.dispatch(Do::Cmd(i.value()));
            }
        })
    };
    let on_submit = {
        let s = s.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let line = s.cmd.trim().to_string();
            if line.is_empty() {
                return;
            }
            let result = live.map_or(Err(String::new()), |l| (l.send_line)(&line));
            s.dispatch(Do::Sent(result.map(|_| line)));
        })
    };
    let sent = s.sent.as_ref().map(|r| match r {
        Ok(line) => el("p")
            .class("small ok")
            .string(t::SENT.fmt(lang, &[("line", line)])),
        Err(e) => el("p")
            .class("small bad")
            .string(t::REFUSED.fmt(lang, &[("error", e)])),
    });
    el("form")
        .class("lesson-cmd")
        .not_a_fact()
        .on_submit(on_submit)
        .child(
            el("label")
                .attr("for", "lesson-cmd")
                .text(t::COMMAND_LABEL.get(lang)),
        )
        .child(
            el("div")
                .class("row")
                .child(
                    el("span")
                        .class("prompt")
                        .attr("aria-hidden", "true")
                        .text("$"),
                )
                .child(
                    el("input")
                        .id("lesson-cmd")
                        .attr("type", "text")
                        .attr("autocomplete", "off")
                        .attr("spellcheck", "false")
                        .attr("autocapitalize", "off")
                        .attr("aria-describedby", "lesson-cmd-hint")
                        .value(s.cmd.clone().into())
                        .on_input(on_input),
                )
                .child(
                    el("button")
                        .attr("type", "submit")
                        .class("button")
                        .text(t::COMMAND_RUN.get(lang)),
                ),
        )
        .child(
            el("p")
                .id("lesson-cmd-hint")
                .class("small muted")
                .text(t::COMMAND_HINT.get(lang)),
        )
        .maybe(sent)
}

/// The end of a lesson: what the learner can do now, and where to go next.
fn finished(ctx: &crate::app::Ctx, at: At) -> Html {
    let lang = ctx.lang;
    let info = at.info();
    let next = LESSONS.get(at.lesson + 1).map(|n| {
        let lesson = ctx.lesson.clone();
        let go = at.lesson + 1;
        button("button primary")
            .on_click(Callback::from(move |_| {
                lesson.emit(Some(At {
                    lesson: go,
                    step: 0,
                }))
            }))
            .string(t::NEXT_LESSON.fmt(lang, &[("title", &n.title.get(lang))]))
    });
    let home = {
        let lesson = ctx.lesson.clone();
        button("button").on_click(Callback::from(move |_| lesson.emit(None)))
    };
    el("div")
        .class("lesson-finished")
        .attr("role", "status")
        .child(
            el("p")
                .class("ok")
                .child(el("span").attr("aria-hidden", "true").text("✓ "))
                .child(el("strong").text(t::FINISHED.get(lang))),
        )
        .child(el("p").text(t::NOW_YOU_CAN.get(lang)))
        .child(el("ul").children(info.outcomes.items(lang).map(|o| el("li").text(o).into())))
        .child(
            el("p")
                .class("lesson-nav")
                .maybe(next)
                .child(home.text(t::ALL_LESSONS.get(lang))),
        )
        .into()
}

/// A lesson step's label for lists: used by the start page.
pub fn step_label(lang: Lang, n: usize, total: usize) -> String {
    t::STEP_OF.fmt(lang, &[("n", &n), ("total", &total)])
}
