//! "Why containers": the article's two pictures. A freelancer who carries his whole studio
//! to every job, and three servers with hand-built stacks that must move or grow; then the
//! same apps as images. The work shown is the model's (`model.rs`), step by step.

pub mod model;

use super::ViewId;
use super::pieces::{p, rich, section, view_head};
use crate::app::{link, use_ctx};
use crate::cite::sources;
use crate::el::{button, checkbox, el, frag, opt, string, text};
use crate::facts;
use crate::i18n::{Lang, Msg, cat::why as t};
use crate::route::Page;
use model::*;
use std::rc::Rc;
use yew::prelude::*;
use yew::virtual_dom::AttrValue;

pub fn render() -> Html {
    html! { <Why /> }
}

/// The state of the view: the freelancer's jobs and the servers' history. One reducer for
/// both (each component type costs the download about two kilobytes).
#[derive(Clone, PartialEq, Default)]
struct State {
    gigs: Gigs,
    /// The freelancer works from a copy of his set-up.
    copy: bool,
    /// The moves and additions done so far, in order.
    history: Vec<Action>,
    mode: Mode,
    gone: bool,
    refusal: Option<Refusal>,
    /// How many steps of the work log are shown: they appear one by one.
    shown: usize,
}

/// What the user (or the reveal timer) does.
#[derive(Clone, Copy)]
enum Do {
    NextJob,
    SetCopy(bool),
    Act(Action),
    SetMode(Mode),
    ToggleGone,
    Reset,
    /// One more step of the work log appears, up to the total.
    Tick(usize),
    Show(usize),
}

impl Reducible for State {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut s = (*self).clone();
        match d {
            Do::NextJob => s.gigs = s.gigs.next_job(s.copy),
            Do::SetCopy(v) => s.copy = v,
            Do::Act(action) => match World::replay(s.mode, s.gone, &s.history).check(action) {
                Ok(()) => {
                    s.history.push(action);
                    s.refusal = None;
                }
                Err(r) => s.refusal = Some(r),
            },
            Do::SetMode(m) => {
                if s.mode != m {
                    s.mode = m;
                    // The same moves again, in the other way of working: shown from the start.
                    s.shown = 0;
                }
            }
            Do::ToggleGone => s.gone = !s.gone,
            Do::Reset => {
                s.history.clear();
                s.refusal = None;
                s.shown = 0;
            }
            Do::Tick(total) => s.shown = (s.shown + 1).min(total),
            Do::Show(n) => s.shown = n,
        }
        Rc::new(s)
    }
}

/// A handler of any event that sends `d`.
#[inline(never)]
fn send<E: 'static>(state: &UseReducerHandle<State>, d: Do) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_| state.dispatch(d))
}

/// Milliseconds between two steps appearing in the work log.
const REVEAL_MS: u32 = 260;

#[function_component(Why)]
fn why() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let spec = ViewId::WhyContainers.spec();
    let state = use_reducer(State::default);
    let total = World::replay(state.mode, state.gone, &state.history)
        .totals()
        .steps;

    // Steps appear one by one; with reduced motion, all at once.
    {
        let state = state.clone();
        let reduced = ctx.reduced_motion;
        use_effect_with((total, state.shown >= total), move |(total, done)| {
            let total = *total;
            let mut interval = None;
            if reduced || state.shown > total {
                state.dispatch(Do::Show(total));
            } else if !*done {
                interval = Some(gloo_timers::callback::Interval::new(REVEAL_MS, move || {
                    state.dispatch(Do::Tick(total))
                }));
            }
            move || drop(interval)
        });
    }

    el("article")
        .class("view why")
        .attr("data-view", spec.slug)
        .child(view_head(spec.title.get(lang)))
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(freelancer(&state, lang))
        .child(servers(&state, lang))
        .child(
            section("bridge panel", "why-next", t::NEXT_TITLE.get(lang))
                .child(p(t::NEXT_BODY.get(lang)))
                .child(el("p").child(link(
                    &ctx,
                    Page::View(ViewId::VmVsContainer),
                    "button primary",
                    None,
                    text(t::NEXT_LINK.get(lang)),
                ))),
        )
        .child(sources(&[&facts::CONTAINER_START_SSD], lang))
        .into()
}

// ---------------------------------------------------------------------------------------
// The freelancer

fn gear_name(g: Gear, lang: Lang) -> &'static str {
    match g {
        Gear::Console => t::GEAR_CONSOLE,
        Gear::Interface => t::GEAR_INTERFACE,
        Gear::Monitors => t::GEAR_MONITORS,
        Gear::Mics => t::GEAR_MICS,
        Gear::Cables => t::GEAR_CABLES,
        Gear::Settings => t::GEAR_SETTINGS,
    }
    .get(lang)
}

fn gig_step_text(s: GigStep, lang: Lang) -> Html {
    match s {
        GigStep::Carry(g) => string(t::GIG_CARRY.fmt(lang, &[("item", &gear_name(g, lang))])),
        GigStep::FetchCopy => text(t::GIG_FETCH.get(lang)),
        GigStep::Start => text(t::GIG_START.get(lang)),
    }
}

/// The drawing's parts that never change: two studios, the freelancer with his cart, and
/// the cloud copy (shown in copy mode). Only the `<svg>` element's classes move them.
const GIG_ART: &str = concat!(
    r#"<rect class="studio" x="4" y="30" width="70" height="70" rx="4"/>"#,
    r#"<rect class="studio" x="246" y="30" width="70" height="70" rx="4"/>"#,
    r#"<path class="roof" d="M0 32 L39 8 L78 32 Z"/>"#,
    r#"<path class="roof" d="M242 32 L281 8 L320 32 Z"/>"#,
    r#"<g class="walker"><circle cx="100" cy="52" r="8" class="person"/>"#,
    r#"<path d="M100 60 V84 M100 84 L92 100 M100 84 L108 100 M100 68 L116 72" class="person-line"/>"#,
    r#"<g class="cart"><rect x="116" y="58" width="16" height="14" class="box"/>"#,
    r#"<rect x="118" y="44" width="14" height="14" class="box"/>"#,
    r#"<rect x="132" y="62" width="14" height="10" class="box"/>"#,
    r#"<rect x="116" y="72" width="32" height="4" class="box"/>"#,
    r#"<circle cx="122" cy="80" r="4" class="wheel"/>"#,
    r#"<circle cx="142" cy="80" r="4" class="wheel"/></g></g>"#,
    r#"<g class="cloud-copy"><path d="M140 26 a10 10 0 0 1 18 -8 a12 12 0 0 1 22 4 a8 8 0 0 1 0 16 h-36 a8 8 0 0 1 -4 -12 Z" class="cloud"/>"#,
    r#"<path d="M162 40 C 200 50, 240 50, 262 62" class="copy-arrow"/></g>"#,
);

fn freelancer(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let g = state.gigs;
    let copy = state.copy;
    let art = el("svg")
        .class("gig-art")
        .class(if g.jobs % 2 == 1 { "right" } else { "left" })
        .class_if("copy", g.last_copy)
        .attr("viewBox", "0 0 320 110")
        .attr("role", "img")
        .attr("aria-label", t::GIG_ART_LABEL.get(lang))
        .child(Html::from_html_unchecked(AttrValue::Static(GIG_ART)));
    let controls = el("div")
        .class("controls")
        .attr("role", "group")
        .attr("aria-label", t::GIG_HOW.get(lang))
        .child(
            button("button toggle")
                .attr("data-part", "gig-carry")
                .pressed(!copy)
                .on_click(send(state, Do::SetCopy(false)))
                .text(t::GIG_MODE_CARRY.get(lang)),
        )
        .child(
            button("button toggle")
                .attr("data-part", "gig-copy")
                .pressed(copy)
                .on_click(send(state, Do::SetCopy(true)))
                .text(t::GIG_MODE_COPY.get(lang)),
        )
        .child(
            button("button primary")
                .attr("data-part", "gig-next")
                .attr("data-play", "")
                .on_click(send(state, Do::NextJob))
                .flag("disabled", g.jobs >= MAX_JOBS)
                .text(t::GIG_NEXT.get(lang)),
        );
    let out = el("div")
        .class("gig-out")
        .attr("data-part", "gig-log")
        .attr("aria-live", "polite")
        .not_a_fact();
    let out = if g.jobs == 0 {
        out.child(el("p").class("muted").text(t::GIG_IDLE.get(lang)))
    } else {
        let steps = gig_steps(g.last_copy);
        out.child(frag(vec![
            el("p")
                .class("gig-summary")
                .string(t::GIG_SUMMARY.fmt(
                    lang,
                    &[("job", &g.jobs), ("n", &steps.len()), ("total", &g.steps)],
                ))
                .into(),
            el("ol")
                .class("gig-steps")
                .children(
                    steps
                        .iter()
                        .map(|s| el("li").child(gig_step_text(*s, lang)).into()),
                )
                .into(),
            opt(g
                .last_copy
                .then(|| el("p").class("note").text(t::GIG_COPY_NOTE.get(lang)))),
        ]))
    };
    section("panel gig", "gig-title", t::GIG_TITLE.get(lang))
        .attr("data-part", "gig")
        .child(p(t::GIG_BODY.get(lang)))
        .child(el("div").class("gig-stage").child(art))
        .child(controls)
        .child(out)
        .into()
}

// ---------------------------------------------------------------------------------------
// The servers

fn app_name(a: AppId, lang: Lang) -> &'static str {
    match a {
        AppId::Shop => t::APP_SHOP,
        AppId::Billing => t::APP_BILLING,
        AppId::Reports => t::APP_REPORTS,
    }
    .get(lang)
}

/// The app's name in `data-part`s (`move-shop`), for lessons.
fn part_key(a: AppId) -> &'static str {
    match a {
        AppId::Shop => "shop",
        AppId::Billing => "billing",
        AppId::Reports => "reports",
    }
}

/// The app's id in the DOM (`data-app`), for tests.
fn app_key(a: AppId) -> &'static str {
    match a {
        AppId::Shop => "Shop",
        AppId::Billing => "Billing",
        AppId::Reports => "Reports",
    }
}

fn os_name(os: Os, lang: Lang) -> &'static str {
    match os {
        Os::Linux => t::OS_LINUX,
        Os::Windows => t::OS_WINDOWS,
    }
    .get(lang)
}

fn machine_name(k: MachineKind, os: Os, lang: Lang) -> String {
    match k {
        MachineKind::Original(n) => t::MACHINE_ORIGINAL.fmt(lang, &[("n", &n)]),
        MachineKind::Big => t::MACHINE_BIG.fmt(lang, &[("os", &os_name(os, lang))]),
        MachineKind::Extra(n) => t::MACHINE_EXTRA.fmt(lang, &[("n", &n)]),
    }
}

/// The operating system of the machine `k` of `w` (Linux if there is none).
fn os_of(w: &World, k: MachineKind) -> Os {
    w.machines
        .iter()
        .find(|m| m.kind == k)
        .map_or(Os::Linux, |m| m.os)
}

fn step_text(s: &StepKind, w: &World, target: MachineKind, lang: Lang) -> String {
    let a = |id: AppId| app_name(id, lang);
    match s {
        StepKind::SetUpMachine(os) => {
            t::STEP_SETUP_MACHINE.fmt(lang, &[("os", &os_name(*os, lang))])
        }
        StepKind::SetUpHost(os) => t::STEP_SETUP_HOST.fmt(lang, &[("os", &os_name(*os, lang))]),
        StepKind::Install(c) => match c.kind {
            Kind::Runtime => t::STEP_INSTALL_RUNTIME,
            Kind::Web => t::STEP_INSTALL_WEB,
            Kind::Db => t::STEP_INSTALL_DB,
        }
        .fmt(lang, &[("name", &c.name)]),
        StepKind::Config { app, shared_db } => {
            if *shared_db {
                let home = w
                    .primary_of(*app)
                    .map(|i| &w.machines[i])
                    .map_or(String::new(), |m| machine_name(m.kind, m.os, lang));
                t::STEP_CONFIG_SHARED.fmt(lang, &[("app", &a(*app)), ("machine", &home)])
            } else {
                t::STEP_CONFIG.fmt(lang, &[("app", &a(*app))])
            }
        }
        StepKind::CopyData(app) => match w.mode {
            Mode::ByHand => t::STEP_COPY_DATA,
            Mode::Images => t::STEP_COPY_VOLUME,
        }
        .fmt(lang, &[("app", &a(*app))]),
        StepKind::DeployTool => t::STEP_DEPLOY_TOOL.get(lang).to_string(),
        StepKind::Deploy(app) => t::STEP_DEPLOY.fmt(lang, &[("app", &a(*app))]),
        StepKind::Pull { app, with_db } => {
            let x = app.app();
            let own = t::CTR_APP.fmt(lang, &[("app", &a(*app)), ("runtime", &x.runtime.name)]);
            let list = if *with_db {
                [own.as_str(), ", ", x.web.name, ", ", x.db.name].concat()
            } else {
                [own.as_str(), ", ", x.web.name].concat()
            };
            t::STEP_PULL.fmt(lang, &[("app", &a(*app)), ("list", &list)])
        }
        StepKind::Run { app, own_port } => if *own_port {
            t::STEP_RUN_OWN_PORT
        } else {
            t::STEP_RUN
        }
        .fmt(lang, &[("app", &a(*app))]),
        StepKind::SwitchTraffic { app, from } => {
            let old = w
                .machines
                .iter()
                .find(|m| m.kind == *from)
                .map_or(String::new(), |m| machine_name(m.kind, m.os, lang));
            t::STEP_SWITCH.fmt(lang, &[("app", &a(*app)), ("machine", &old)])
        }
        StepKind::AddToBalancer(_) => t::STEP_BALANCER.fmt(
            lang,
            &[("machine", &machine_name(target, os_of(w, target), lang))],
        ),
    }
}

fn trouble_text(tr: &Trouble, lang: Lang) -> String {
    match tr {
        Trouble::VersionClash { have } => t::TROUBLE_VERSION.fmt(lang, &[("have", &have.name)]),
        Trouble::PortClash { have } => t::TROUBLE_PORT.fmt(lang, &[("have", &have.name)]),
        Trouble::DbClash { have } => t::TROUBLE_DB.fmt(lang, &[("have", &have.name)]),
        Trouble::Undocumented => t::TROUBLE_UNDOCUMENTED.get(lang).to_string(),
    }
}

fn action_text(e: &Entry, w: &World, lang: Lang) -> String {
    let app = app_name(e.action.app(), lang);
    let machine = machine_name(e.target, os_of(w, e.target), lang);
    match e.action {
        Action::MoveToBig(_) => t::ACTION_MOVE,
        Action::AddServer(_) => t::ACTION_ADD,
    }
    .fmt(lang, &[("app", &app), ("machine", &machine)])
}

fn mode_name(m: Mode, lang: Lang) -> &'static str {
    match m {
        Mode::ByHand => t::MODE_HAND.get(lang),
        Mode::Images => t::MODE_IMAGES.get(lang),
    }
}

fn mode_key(m: Mode) -> &'static str {
    match m {
        Mode::ByHand => "hand",
        Mode::Images => "images",
    }
}

/// The work log, grouped by action: only the first `shown` steps.
fn work_log(world: &World, shown: usize, lang: Lang) -> Html {
    let mut left = shown;
    let entries = world.log.iter().enumerate().map(|(i, e)| {
        let n = e.steps.len().min(left);
        left -= n;
        let troubles: usize = e.steps[..n].iter().map(|s| s.troubles.len()).sum();
        let steps = e.steps[..n].iter().map(|s| {
            let bad = !s.troubles.is_empty();
            el("li")
                .class("step")
                .class_if("bad", bad)
                .child(
                    el("span")
                        .class("icon")
                        .attr("aria-hidden", "true")
                        .text(if bad { "⚠" } else { "✓" }),
                )
                .child(el("span").string(step_text(&s.kind, world, e.target, lang)))
                .children(s.troubles.iter().map(|tr| {
                    el("span")
                        .class("trouble")
                        .child(el("strong").text(t::TROUBLE_LABEL.get(lang)))
                        .text(" ")
                        .string(trouble_text(tr, lang))
                        .into()
                }))
                .into()
        });
        el("li")
            .class("entry")
            .attr("data-entry", i.to_string())
            .child(el("h4").string(action_text(e, world, lang)))
            .child(el("ol").class("steps").children(steps))
            .maybe((n == e.steps.len()).then(|| {
                el("p")
                    .class("entry-sum")
                    .string(t::ENTRY_SUM.fmt(lang, &[("n", &n), ("bad", &troubles)]))
            }))
            .into()
    });
    el("ol")
        .class("entries")
        .attr("aria-labelledby", "worklog-title")
        .children(entries)
        .into()
}

fn servers(state: &UseReducerHandle<State>, lang: Lang) -> Html {
    let mode = state.mode;
    let history = &state.history;
    let world = World::replay(mode, state.gone, history);
    let total = world.totals().steps;
    let other = match mode {
        Mode::ByHand => Mode::Images,
        Mode::Images => Mode::ByHand,
    };
    let hand = World::replay(Mode::ByHand, state.gone, history).totals();
    let img = World::replay(Mode::Images, state.gone, history).totals();
    let shown = state.shown.min(total);
    let animating = shown < total;

    let last_announcement = world.log.last().filter(|_| !animating).map(|e| {
        let bad: usize = e.steps.iter().map(|s| s.troubles.len()).sum();
        t::ANNOUNCE.fmt(
            lang,
            &[
                ("action", &action_text(e, &world, lang)),
                ("mode", &mode_name(mode, lang)),
                ("n", &e.steps.len()),
                ("bad", &bad),
            ],
        )
    });

    let mode_button = |m: Mode| {
        button("button toggle")
            .attr("data-mode", mode_key(m))
            .attr(
                "data-part",
                match m {
                    Mode::ByHand => "mode-hand",
                    Mode::Images => "mode-images",
                },
            )
            .pressed(mode == m)
            .on_click(send(state, Do::SetMode(m)))
            .text(mode_name(m, lang))
    };
    let controls = el("div")
        .class("controls")
        .attr("role", "group")
        .attr("aria-label", t::MODE_GROUP.get(lang))
        .child(mode_button(Mode::ByHand))
        .child(mode_button(Mode::Images))
        .child(checkbox(
            "expert-gone",
            state.gone,
            send(state, Do::ToggleGone),
            t::EXPERT_GONE.get(lang),
        ));
    let mode_note = el("p").class("mode-note").child(match mode {
        Mode::ByHand => text(t::MODE_HAND_NOTE.get(lang)),
        Mode::Images => frag(vec![
            text(t::MODE_IMAGES_NOTE.get(lang)),
            text(" "),
            rich(t::START_TIME, lang),
        ]),
    });
    let actions = el("ul")
        .class("app-actions")
        .not_a_fact()
        .children(AppId::ALL.iter().map(|&id| {
            let x = id.app();
            let act = |kind: &'static str, action: Action, label: Msg| {
                button("button")
                    .attr("data-act", kind)
                    .attr("data-app", app_key(id))
                    .attr("data-part", [kind, "-", part_key(id)].concat())
                    .bool_attr("aria-disabled", world.check(action).is_err())
                    .on_click(send(state, Do::Act(action)))
                    .text(label.get(lang))
            };
            el("li")
                .child(
                    el("span")
                        .class("app-label")
                        .child(el("strong").text(app_name(id, lang)))
                        .child(el("span").class("muted").string(
                            [" · ", x.runtime.name, " · ", x.web.name, " · ", x.db.name].concat(),
                        )),
                )
                .child(
                    el("span")
                        .class("buttons")
                        .child(act("move", Action::MoveToBig(id), t::BTN_MOVE))
                        .child(act("add", Action::AddServer(id), t::BTN_ADD)),
                )
                .into()
        }));
    let refusal = match state.refusal {
        Some(Refusal::AlreadyBig) => t::REFUSE_BIG.get(lang),
        Some(Refusal::TooMany) => t::REFUSE_MANY.get(lang),
        None if history.len() >= MAX_ACTIONS => t::REFUSE_MANY.get(lang),
        None => "",
    };
    let buttons = el("p")
        .class("controls")
        .child(
            button("button")
                .id("why-reset")
                .attr("data-part", "why-reset")
                .on_click(send(state, Do::Reset))
                .text(t::RESET.get(lang)),
        )
        .maybe(animating.then(|| {
            let state = state.clone();
            button("button")
                .id("why-show-all")
                .on_click(Callback::from(move |_| {
                    state.dispatch(Do::Show(total));
                    // The button goes away: keep the keyboard user's place at the log it revealed.
                    crate::platform::focus("worklog-title");
                }))
                .text(t::SHOW_ALL.get(lang))
        }));
    let log = el("div")
        .class("worklog")
        .attr("data-part", "worklog")
        .not_a_fact()
        .attr("data-shown", shown.to_string())
        .attr("data-total", total.to_string())
        .child(if world.log.is_empty() {
            el("p").class("muted").text(t::LOG_EMPTY.get(lang)).into()
        } else {
            work_log(&world, shown, lang)
        });
    let col = |m: Msg| el("th").attr("scope", "col").text(m.get(lang)).into();
    let compare = el("table")
        .class("compare")
        .attr("data-part", "compare")
        .not_a_fact()
        .child(el("caption").text(t::COMPARE_CAPTION.get(lang)))
        .child(el("thead").child(el("tr").children([
            col(t::COMPARE_WAY),
            col(t::COMPARE_STEPS),
            col(t::COMPARE_TROUBLES),
        ])))
        .child(
            el("tbody").children([(Mode::ByHand, hand), (Mode::Images, img)].into_iter().map(
                |(m, tot)| {
                    el("tr")
                        .class_if("current", m == mode)
                        .attr("data-mode", mode_key(m))
                        .child(el("th").attr("scope", "row").text(mode_name(m, lang)))
                        .child(el("td").class("n-steps").string(tot.steps.to_string()))
                        .child(
                            el("td")
                                .class("n-troubles")
                                .string(tot.troubles.to_string()),
                        )
                        .into()
                },
            )),
        );

    section("panel servers", "servers-title", t::SERVERS_TITLE.get(lang))
        .attr("data-part", "servers")
        .child(p(t::SERVERS_BODY.get(lang)))
        .child(controls)
        .child(mode_note)
        .child(
            el("ul")
                .class("machines")
                .not_a_fact()
                .attr("aria-label", t::MACHINES_LABEL.get(lang))
                .children(world.machines.iter().map(|m| machine_card(m, mode, lang))),
        )
        .child(el("h3").text(t::ACTIONS_TITLE.get(lang)))
        .child(actions)
        .child(
            el("p")
                .class("refusal")
                .attr("role", "status")
                .text(refusal),
        )
        .child(buttons)
        .child(
            el("h3")
                .id("worklog-title")
                .attr("tabindex", "-1")
                .string(t::LOG_TITLE.fmt(lang, &[("mode", &mode_name(mode, lang))])),
        )
        .child(log)
        .child(
            el("p")
                .class("sr-only")
                .attr("aria-live", "polite")
                .not_a_fact()
                .string(last_announcement.unwrap_or_default()),
        )
        .child(el("h3").text(t::COMPARE_TITLE.get(lang)))
        .child(compare)
        .maybe((!history.is_empty()).then(|| {
            el("p").child(
                button("button")
                    .id("why-switch")
                    .attr("data-part", "why-switch")
                    .on_click(send(state, Do::SetMode(other)))
                    .text(match other {
                        Mode::Images => t::REPEAT_AS_IMAGES.get(lang),
                        Mode::ByHand => t::REPEAT_BY_HAND.get(lang),
                    }),
            )
        }))
        .into()
}

fn machine_card(m: &Machine, mode: Mode, lang: Lang) -> Html {
    let name = machine_name(m.kind, m.os, lang);
    let kind = match m.kind {
        MachineKind::Original(_) => "original",
        MachineKind::Big => "big",
        MachineKind::Extra(_) => "extra",
    };
    let kind_class = |k: Kind| match k {
        Kind::Runtime => "runtime",
        Kind::Web => "web",
        Kind::Db => "db",
    };
    let os = el("p").class("m-os muted").text(os_name(m.os, lang)).maybe(
        m.retired
            .then(|| frag(vec![text(" · "), text(t::RETIRED.get(lang))])),
    );
    let inside = (!m.retired).then(|| {
        let apps = el("ul").class("m-apps").children(m.apps.iter().map(|p| {
            let which = match p.role {
                Role::Primary => t::PLACED_PRIMARY,
                Role::Copy => t::PLACED_COPY,
            };
            el("li")
                .class("m-app")
                .string(which.fmt(lang, &[("app", &app_name(p.app, lang))]))
                .into()
        }));
        let stack = match mode {
            Mode::ByHand => el("ul")
                .class("bricks")
                .attr("aria-label", t::INSTALLED_LABEL.get(lang))
                .children(m.installed.iter().map(|c| {
                    el("li")
                        .class("brick")
                        .class(kind_class(c.kind))
                        .text(c.name)
                        .into()
                }))
                .into(),
            Mode::Images => frag(vec![
                el("ul")
                    .class("bricks containers")
                    .attr("aria-label", t::CONTAINERS_LABEL.get(lang))
                    .children(m.containers().iter().map(|(app, c)| {
                        let brick = el("li").class("brick ctr").class(kind_class(c.kind));
                        match c.kind {
                            Kind::Runtime => brick.string(t::CTR_APP.fmt(
                                lang,
                                &[("app", &app_name(*app, lang)), ("runtime", &c.name)],
                            )),
                            Kind::Web | Kind::Db => brick.text(c.name),
                        }
                        .into()
                    }))
                    .into(),
                el("p")
                    .class("engine")
                    .text(t::CONTAINER_RUNTIME.get(lang))
                    .into(),
            ]),
        };
        frag(vec![apps.into(), stack])
    });
    el("li")
        .class("machine")
        .class(kind)
        .class_if("retired", m.retired)
        .attr("data-machine", name.clone())
        .child(el("p").class("m-name").child(el("strong").string(name)))
        .child(os)
        .maybe(inside)
        .into()
}
