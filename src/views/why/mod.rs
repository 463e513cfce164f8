//! "Why containers": the article's two pictures. A freelancer who carries his whole studio
//! to every job, and three servers with hand-built stacks that must move or grow; then the
//! same apps as images. The work shown is the model's (`model.rs`), step by step.

pub mod model;

use super::{ViewId, ViewSpec};
use crate::app::{Link, use_ctx};
use crate::cite::{Cite, Sources};
use crate::facts;
use crate::i18n::{Lang, cat::why as t};
use crate::route::Page;
use model::*;
use std::rc::Rc;
use yew::prelude::*;

pub fn render(_: &ViewSpec) -> Html {
    html! { <Why /> }
}

#[function_component(Why)]
fn why() -> Html {
    let lang = use_ctx().lang;
    let spec = ViewId::WhyContainers.spec();
    html! {
        <article class="view why" data-view={spec.slug}>
            <header class="view-head">
                <h1 id="view-title">{ spec.title.get(lang) }</h1>
            </header>
            <p class="lead">{ t::LEAD.get(lang) }</p>
            <Freelancer />
            <Servers />
            <section class="bridge panel" aria-labelledby="why-next">
                <h2 id="why-next">{ t::NEXT_TITLE.get(lang) }</h2>
                <p>{ t::NEXT_BODY.get(lang) }</p>
                <p>
                    <Link page={Page::View(ViewId::VmVsContainer)} class="button primary">
                        { t::NEXT_LINK.get(lang) }
                    </Link>
                </p>
            </section>
            <Sources facts={vec![&facts::CONTAINER_START_SSD]} />
        </article>
    }
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

fn gig_step_text(s: GigStep, lang: Lang) -> String {
    match s {
        GigStep::Carry(g) => t::GIG_CARRY.fmt(lang, &[("item", &gear_name(g, lang))]),
        GigStep::FetchCopy => t::GIG_FETCH.get(lang).to_string(),
        GigStep::Start => t::GIG_START.get(lang).to_string(),
    }
}

#[function_component(Freelancer)]
fn freelancer() -> Html {
    let lang = use_ctx().lang;
    let gigs = use_state(Gigs::default);
    let copy = use_state(|| false);
    let next = {
        let (gigs, copy) = (gigs.clone(), copy.clone());
        Callback::from(move |_| gigs.set(gigs.next_job(*copy)))
    };
    let set_copy = |v: bool| {
        let copy = copy.clone();
        Callback::from(move |_| copy.set(v))
    };
    let g = *gigs;
    let steps = gig_steps(g.last_copy);
    let side = if g.jobs % 2 == 1 { "right" } else { "left" };
    html! {
        <section class="panel gig" aria-labelledby="gig-title">
            <h2 id="gig-title">{ t::GIG_TITLE.get(lang) }</h2>
            <p>{ t::GIG_BODY.get(lang) }</p>
            <div class="gig-stage">
                <svg class={classes!("gig-art", side, g.last_copy.then_some("copy"))} viewBox="0 0 320 110"
                    role="img" aria-label={t::GIG_ART_LABEL.get(lang)}>
                    <rect class="studio" x="4" y="30" width="70" height="70" rx="4" />
                    <rect class="studio" x="246" y="30" width="70" height="70" rx="4" />
                    <path class="roof" d="M0 32 L39 8 L78 32 Z" />
                    <path class="roof" d="M242 32 L281 8 L320 32 Z" />
                    <g class="walker">
                        <circle cx="100" cy="52" r="8" class="person" />
                        <path d="M100 60 V84 M100 84 L92 100 M100 84 L108 100 M100 68 L116 72" class="person-line" />
                        <g class="cart">
                            <rect x="116" y="58" width="16" height="14" class="box" />
                            <rect x="118" y="44" width="14" height="14" class="box" />
                            <rect x="132" y="62" width="14" height="10" class="box" />
                            <rect x="116" y="72" width="32" height="4" class="box" />
                            <circle cx="122" cy="80" r="4" class="wheel" />
                            <circle cx="142" cy="80" r="4" class="wheel" />
                        </g>
                    </g>
                    <g class="cloud-copy">
                        <path d="M140 26 a10 10 0 0 1 18 -8 a12 12 0 0 1 22 4 a8 8 0 0 1 0 16 h-36 a8 8 0 0 1 -4 -12 Z" class="cloud" />
                        <path d="M162 40 C 200 50, 240 50, 262 62" class="copy-arrow" />
                    </g>
                </svg>
            </div>
            <div class="controls" role="group" aria-label={t::GIG_HOW.get(lang)}>
                <button type="button" class="button toggle" aria-pressed={(!*copy).to_string()} onclick={set_copy(false)}>
                    { t::GIG_MODE_CARRY.get(lang) }
                </button>
                <button type="button" class="button toggle" aria-pressed={(*copy).to_string()} onclick={set_copy(true)}>
                    { t::GIG_MODE_COPY.get(lang) }
                </button>
                <button type="button" class="button primary" onclick={next} disabled={g.jobs >= MAX_JOBS}>
                    { t::GIG_NEXT.get(lang) }
                </button>
            </div>
            <div class="gig-out" aria-live="polite" data-not-a-fact="true">
                if g.jobs == 0 {
                    <p class="muted">{ t::GIG_IDLE.get(lang) }</p>
                } else {
                    <p class="gig-summary">
                        { t::GIG_SUMMARY.fmt(lang, &[("job", &g.jobs), ("n", &steps.len()), ("total", &g.steps)]) }
                    </p>
                    <ol class="gig-steps">
                        { for steps.iter().map(|s| html! { <li>{ gig_step_text(*s, lang) }</li> }) }
                    </ol>
                    if g.last_copy {
                        <p class="note">{ t::GIG_COPY_NOTE.get(lang) }</p>
                    }
                }
            </div>
        </section>
    }
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

fn step_text(s: &StepKind, w: &World, target: MachineKind, lang: Lang) -> String {
    let a = |id: AppId| app_name(id, lang);
    let target_os = w
        .machines
        .iter()
        .find(|m| m.kind == target)
        .map_or(Os::Linux, |m| m.os);
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
                format!("{own}, {}, {}", x.web.name, x.db.name)
            } else {
                format!("{own}, {}", x.web.name)
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
        StepKind::AddToBalancer(_) => {
            t::STEP_BALANCER.fmt(lang, &[("machine", &machine_name(target, target_os, lang))])
        }
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
    let os = w
        .machines
        .iter()
        .find(|m| m.kind == e.target)
        .map_or(Os::Linux, |m| m.os);
    let machine = machine_name(e.target, os, lang);
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

/// How many steps of the work log are shown: they appear one by one.
#[derive(Clone, Copy, PartialEq, Default)]
struct Reveal(usize);

enum RevealMsg {
    Tick(usize),
    Set(usize),
}

impl Reducible for Reveal {
    type Action = RevealMsg;
    fn reduce(self: Rc<Self>, msg: RevealMsg) -> Rc<Self> {
        Rc::new(match msg {
            RevealMsg::Tick(total) => Reveal((self.0 + 1).min(total)),
            RevealMsg::Set(n) => Reveal(n),
        })
    }
}

/// Milliseconds between two steps appearing in the work log.
const REVEAL_MS: u32 = 260;

#[function_component(Servers)]
fn servers() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let history = use_state(Vec::<Action>::new);
    let mode = use_state(|| Mode::ByHand);
    let gone = use_state(|| false);
    let refusal = use_state(|| None::<Refusal>);
    let reveal = use_reducer(Reveal::default);

    let world = World::replay(*mode, *gone, &history);
    let total = world.totals().steps;

    // Steps appear one by one; with reduced motion, all at once.
    {
        let reveal = reveal.clone();
        let reduced = ctx.reduced_motion;
        use_effect_with((total, reveal.0 >= total), move |(total, done)| {
            let total = *total;
            let mut interval = None;
            if reduced || reveal.0 > total {
                reveal.dispatch(RevealMsg::Set(total));
            } else if !*done {
                interval = Some(gloo_timers::callback::Interval::new(REVEAL_MS, move || {
                    reveal.dispatch(RevealMsg::Tick(total))
                }));
            }
            move || drop(interval)
        });
    }

    // Buttons that cannot act now stay focusable (aria-disabled) and say why when pressed.
    let act = |action: Action| {
        let (history, mode, gone, refusal) =
            (history.clone(), mode.clone(), gone.clone(), refusal.clone());
        Callback::from(move |_| {
            let w = World::replay(*mode, *gone, &history);
            match w.check(action) {
                Ok(()) => {
                    let mut h = (*history).clone();
                    h.push(action);
                    history.set(h);
                    refusal.set(None);
                }
                Err(r) => refusal.set(Some(r)),
            }
        })
    };
    let set_mode = |m: Mode| {
        let (mode, reveal) = (mode.clone(), reveal.clone());
        Callback::from(move |_| {
            if *mode != m {
                mode.set(m);
                // The same moves again, in the other way of working: shown from the start.
                reveal.dispatch(RevealMsg::Set(0));
            }
        })
    };
    let toggle_gone = {
        let gone = gone.clone();
        Callback::from(move |_| gone.set(!*gone))
    };
    let reset = {
        let (history, refusal, reveal) = (history.clone(), refusal.clone(), reveal.clone());
        Callback::from(move |_| {
            history.set(vec![]);
            refusal.set(None);
            reveal.dispatch(RevealMsg::Set(0));
        })
    };
    let show_all = {
        let reveal = reveal.clone();
        Callback::from(move |_| {
            reveal.dispatch(RevealMsg::Set(total));
            // The button goes away: keep the keyboard user's place at the log it revealed.
            crate::platform::focus("worklog-title");
        })
    };

    let other = match *mode {
        Mode::ByHand => Mode::Images,
        Mode::Images => Mode::ByHand,
    };
    let hand = World::replay(Mode::ByHand, *gone, &history).totals();
    let img = World::replay(Mode::Images, *gone, &history).totals();
    let shown = reveal.0.min(total);
    let animating = shown < total;

    // The work log, grouped by action; only the first `shown` steps.
    let mut left = shown;
    let log = world.log.iter().enumerate().map(|(i, e)| {
        let n = e.steps.len().min(left);
        left -= n;
        let troubles: usize = e.steps[..n].iter().map(|s| s.troubles.len()).sum();
        html! {
            <li class="entry" data-entry={i.to_string()}>
                <h4>{ action_text(e, &world, lang) }</h4>
                <ol class="steps">
                    { for e.steps[..n].iter().map(|s| {
                        let bad = !s.troubles.is_empty();
                        html! {
                            <li class={classes!("step", bad.then_some("bad"))}>
                                <span class="icon" aria-hidden="true">{ if bad { "⚠" } else { "✓" } }</span>
                                <span>{ step_text(&s.kind, &world, e.target, lang) }</span>
                                { for s.troubles.iter().map(|tr| html! {
                                    <span class="trouble">
                                        <strong>{ t::TROUBLE_LABEL.get(lang) }</strong>{ " " }{ trouble_text(tr, lang) }
                                    </span>
                                }) }
                            </li>
                        }
                    }) }
                </ol>
                if n == e.steps.len() {
                    <p class="entry-sum">{ t::ENTRY_SUM.fmt(lang, &[("n", &n), ("bad", &troubles)]) }</p>
                }
            </li>
        }
    });

    let last_announcement = world.log.last().filter(|_| !animating).map(|e| {
        let bad: usize = e.steps.iter().map(|s| s.troubles.len()).sum();
        t::ANNOUNCE.fmt(
            lang,
            &[
                ("action", &action_text(e, &world, lang)),
                ("mode", &mode_name(*mode, lang)),
                ("n", &e.steps.len()),
                ("bad", &bad),
            ],
        )
    });

    html! {
        <section class="panel servers" aria-labelledby="servers-title">
            <h2 id="servers-title">{ t::SERVERS_TITLE.get(lang) }</h2>
            <p>{ t::SERVERS_BODY.get(lang) }</p>
            <div class="controls" role="group" aria-label={t::MODE_GROUP.get(lang)}>
                <button type="button" class="button toggle" data-mode="hand" aria-pressed={(*mode == Mode::ByHand).to_string()} onclick={set_mode(Mode::ByHand)}>
                    { t::MODE_HAND.get(lang) }
                </button>
                <button type="button" class="button toggle" data-mode="images" aria-pressed={(*mode == Mode::Images).to_string()} onclick={set_mode(Mode::Images)}>
                    { t::MODE_IMAGES.get(lang) }
                </button>
                <label class="check">
                    <input type="checkbox" id="expert-gone" checked={*gone} onchange={toggle_gone} />
                    { t::EXPERT_GONE.get(lang) }
                </label>
            </div>
            <p class="mode-note">
                { match *mode {
                    Mode::ByHand => html! { t::MODE_HAND_NOTE.get(lang) },
                    Mode::Images => html! {
                        <>
                            { t::MODE_IMAGES_NOTE.get(lang) }{ " " }
                            { t::START_TIME_BEFORE.get(lang) }<Cite fact={&facts::CONTAINER_START_SSD} />{ t::START_TIME_AFTER.get(lang) }
                        </>
                    },
                } }
            </p>

            <ul class="machines" data-not-a-fact="true" aria-label={t::MACHINES_LABEL.get(lang)}>
                { for world.machines.iter().map(|m| machine_card(m, *mode, lang)) }
            </ul>

            <h3>{ t::ACTIONS_TITLE.get(lang) }</h3>
            <ul class="app-actions" data-not-a-fact="true">
                { for AppId::ALL.iter().map(|&id| {
                    let x = id.app();
                    let can_move = world.check(Action::MoveToBig(id)).is_ok();
                    let can_add = world.check(Action::AddServer(id)).is_ok();
                    html! {
                        <li>
                            <span class="app-label"><strong>{ app_name(id, lang) }</strong>
                                <span class="muted">{ format!(" · {} · {} · {}", x.runtime.name, x.web.name, x.db.name) }</span>
                            </span>
                            <span class="buttons">
                                <button type="button" class="button" data-act="move" data-app={format!("{id:?}")}
                                    aria-disabled={(!can_move).to_string()} onclick={act(Action::MoveToBig(id))}>
                                    { t::BTN_MOVE.get(lang) }
                                </button>
                                <button type="button" class="button" data-act="add" data-app={format!("{id:?}")}
                                    aria-disabled={(!can_add).to_string()} onclick={act(Action::AddServer(id))}>
                                    { t::BTN_ADD.get(lang) }
                                </button>
                            </span>
                        </li>
                    }
                }) }
            </ul>
            <p class="refusal" role="status">
                { match *refusal {
                    Some(Refusal::AlreadyBig) => t::REFUSE_BIG.get(lang),
                    Some(Refusal::TooMany) => t::REFUSE_MANY.get(lang),
                    None if history.len() >= MAX_ACTIONS => t::REFUSE_MANY.get(lang),
                    None => "",
                } }
            </p>
            <p class="controls">
                <button type="button" class="button" id="why-reset" onclick={reset}>
                    { t::RESET.get(lang) }
                </button>
                if animating {
                    <button type="button" class="button" id="why-show-all" onclick={show_all}>
                        { t::SHOW_ALL.get(lang) }
                    </button>
                }
            </p>

            <h3 id="worklog-title" tabindex="-1">{ t::LOG_TITLE.fmt(lang, &[("mode", &mode_name(*mode, lang))]) }</h3>
            <div class="worklog" data-not-a-fact="true" data-shown={shown.to_string()} data-total={total.to_string()}>
                if world.log.is_empty() {
                    <p class="muted">{ t::LOG_EMPTY.get(lang) }</p>
                } else {
                    <ol class="entries" aria-labelledby="worklog-title">{ for log }</ol>
                }
            </div>
            <p class="sr-only" aria-live="polite" data-not-a-fact="true">{ last_announcement.unwrap_or_default() }</p>

            <h3>{ t::COMPARE_TITLE.get(lang) }</h3>
            <table class="compare" data-not-a-fact="true">
                <caption>{ t::COMPARE_CAPTION.get(lang) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t::COMPARE_WAY.get(lang) }</th>
                        <th scope="col">{ t::COMPARE_STEPS.get(lang) }</th>
                        <th scope="col">{ t::COMPARE_TROUBLES.get(lang) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for [(Mode::ByHand, hand), (Mode::Images, img)].into_iter().map(|(m, tot)| html! {
                        <tr class={classes!((m == *mode).then_some("current"))} data-mode={if m == Mode::ByHand { "hand" } else { "images" }}>
                            <th scope="row">{ mode_name(m, lang) }</th>
                            <td class="n-steps">{ tot.steps }</td>
                            <td class="n-troubles">{ tot.troubles }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !history.is_empty() {
                <p>
                    <button type="button" class="button" id="why-switch" onclick={set_mode(other)}>
                        { match other {
                            Mode::Images => t::REPEAT_AS_IMAGES.get(lang),
                            Mode::ByHand => t::REPEAT_BY_HAND.get(lang),
                        } }
                    </button>
                </p>
            }
        </section>
    }
}

fn machine_card(m: &Machine, mode: Mode, lang: Lang) -> Html {
    let name = machine_name(m.kind, m.os, lang);
    let kind = match m.kind {
        MachineKind::Original(_) => "original",
        MachineKind::Big => "big",
        MachineKind::Extra(_) => "extra",
    };
    let brick = |c: &model::Component| {
        let k = match c.kind {
            Kind::Runtime => "runtime",
            Kind::Web => "web",
            Kind::Db => "db",
        };
        html! { <li class={classes!("brick", k)}>{ c.name }</li> }
    };
    html! {
        <li class={classes!("machine", kind, m.retired.then_some("retired"))} data-machine={name.clone()}>
            <p class="m-name"><strong>{ name }</strong></p>
            <p class="m-os muted">{ os_name(m.os, lang) }
                if m.retired { { " · " }{ t::RETIRED.get(lang) } }
            </p>
            if !m.retired {
                <ul class="m-apps">
                    { for m.apps.iter().map(|p| html! {
                        <li class="m-app">{ match p.role {
                            Role::Primary => t::PLACED_PRIMARY.fmt(lang, &[("app", &app_name(p.app, lang))]),
                            Role::Copy => t::PLACED_COPY.fmt(lang, &[("app", &app_name(p.app, lang))]),
                        } }</li>
                    }) }
                </ul>
                { match mode {
                    Mode::ByHand => html! {
                        <ul class="bricks" aria-label={t::INSTALLED_LABEL.get(lang)}>
                            { for m.installed.iter().map(brick) }
                        </ul>
                    },
                    Mode::Images => html! {
                        <>
                            <ul class="bricks containers" aria-label={t::CONTAINERS_LABEL.get(lang)}>
                                { for m.containers().iter().map(|(app, c)| {
                                    let (k, label) = match c.kind {
                                        Kind::Runtime => ("runtime", t::CTR_APP.fmt(lang, &[("app", &app_name(*app, lang)), ("runtime", &c.name)])),
                                        Kind::Web => ("web", c.name.to_string()),
                                        Kind::Db => ("db", c.name.to_string()),
                                    };
                                    html! { <li class={classes!("brick", "ctr", k)}>{ label }</li> }
                                }) }
                            </ul>
                            <p class="engine">{ t::CONTAINER_RUNTIME.get(lang) }</p>
                        </>
                    },
                } }
            }
        </li>
    }
}
