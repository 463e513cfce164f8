//! The controls around the picture: the toolbar (title, playback, speed, clock, the drawers'
//! buttons), the timeline with the run's marks, and the drawers (the run's settings; load and
//! scaling). They sit above and beside the diagram, never pushing it down: the drawers open in
//! the side column (a sheet over the page on narrow screens).

use super::diagram::join;
use super::driver::{self, Driver, MarkKind, SPEEDS};
use super::scenarios::{self, ScenarioId, Setup};
use super::state::{Do, Drawer, Lab};
use super::{clock, input_u64, labelled, maybe_send, option, select_value, send};
use crate::el::{El, button, el, frag, opt, text};
use crate::i18n::{Lang, Msg, cat::cluster as t};
use sim::load::Pattern;
use sim::{Command, Profile};
use yew::prelude::*;

fn speed_text(x: f64) -> String {
    super::fixed(x, if x < 1.0 { 1 } else { 0 })
}

/// A toolbar button.
#[inline(never)]
fn tool(
    label: &'static str,
    title: &'static str,
    a: Do,
    class: &'static str,
    on: &Callback<Do>,
) -> El {
    button("button")
        .class(class)
        .attr_opt("title", (!title.is_empty()).then_some(title.into()))
        .on_click(send(on, a))
        .text(label)
}

/// The toolbar: the view's title, play/pause/step/back, speed, the clock, and the drawers.
pub fn toolbar(lab: &Lab, lang: Lang, on: &Callback<Do>) -> Html {
    let d = &lab.drv;
    let playing = d.playing;
    let speed_i = driver::speed_index(d.speed());
    let speed_words = t::SPEED_WORDS.fmt(lang, &[("x", &speed_text(SPEEDS[speed_i]))]);
    let on_speed = on.reform(|e: InputEvent| Do::Speed(input_u64(&e).unwrap_or(3) as usize));
    let drawer_button = |w: Drawer, label: &'static str, class: &'static str| {
        let open = lab.drawer == Some(w);
        button("button")
            .class(class)
            .attr("aria-expanded", if open { "true" } else { "false" })
            .attr("aria-controls", "cl-drawer")
            .on_click(send(on, Do::Drawer((!open).then_some(w))))
            .text(label)
    };
    el("div")
        .class("cl-top")
        .not_a_fact()
        .child(
            el("h1")
                .id("view-title")
                .class("cl-title")
                .text(super::super::ViewId::Cluster.spec().title.get(lang)),
        )
        .child(
            el("div")
                .class("cl-play")
                .attr("data-part", "controls")
                .attr("role", "group")
                .attr("aria-label", t::CONTROLS_LABEL.get(lang))
                .child(tool(
                    t::STEP_BACK.get(lang),
                    t::STEP_BACK_TITLE.get(lang),
                    Do::Back,
                    "back",
                    on,
                ))
                .child(tool(
                    if playing {
                        t::PAUSE.get(lang)
                    } else {
                        t::PLAY.get(lang)
                    },
                    "",
                    Do::Toggle,
                    if playing {
                        "pause primary"
                    } else {
                        "play primary"
                    },
                    on,
                ))
                .child(tool(
                    t::STEP.get(lang),
                    t::STEP_TITLE.get(lang),
                    Do::Step,
                    "step",
                    on,
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
                        .child(el("output").string(speed_text(SPEEDS[speed_i]) + "×")),
                ),
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
                .child(el("strong").class("clock").string(clock(d.now_ms())))
                .maybe(
                    (!playing).then(|| el("span").class("badge").text(t::PAUSED_BADGE.get(lang))),
                )
                .maybe(d.slow_motion().then(|| {
                    el("span")
                        .class("badge slow")
                        .attr("role", "status")
                        .string(
                            t::SLOW_MOTION.fmt(lang, &[("x", &speed_text(d.effective_speed()))]),
                        )
                })),
        )
        .child(
            el("div")
                .class("cl-tools")
                .attr("role", "group")
                .attr("aria-label", t::TOOLS_LABEL.get(lang))
                .child(drawer_button(
                    Drawer::Setup,
                    t::DRAWER_SETUP.get(lang),
                    "setup",
                ))
                .child(drawer_button(
                    Drawer::Load,
                    t::DRAWER_LOAD.get(lang),
                    "load",
                ))
                .child(tool(
                    t::HELP_BUTTON.get(lang),
                    "",
                    Do::Help(true),
                    "help",
                    on,
                )),
        )
        .into()
}

/// The open drawer: its title, a close button, and its form.
pub fn drawer(lab: &Lab, which: Drawer, lang: Lang, on: &Callback<Do>) -> Html {
    let (title, body) = match which {
        Drawer::Setup => (t::DRAWER_SETUP, setup_form(lab, on, lang)),
        Drawer::Load => (t::DRAWER_LOAD, workload(lab, on, lang)),
    };
    el("section")
        .class("cl-drawer")
        .id("cl-drawer")
        .attr("aria-labelledby", "cl-drawer-title")
        .not_a_fact()
        .child(
            el("div")
                .class("head")
                .child(el("h2").id("cl-drawer-title").text(title.get(lang)))
                .child(
                    button("button")
                        .on_click(send(on, Do::Drawer(None)))
                        .text(t::PANEL_CLOSE.get(lang)),
                ),
        )
        .child(body)
        .into()
}

/// Whether the timeline's marks changed (what [`marks`] draws depends on nothing else).
pub fn marks_key(d: &Driver, lang: Lang) -> u64 {
    let m = d.marks();
    let scripted = d
        .script()
        .iter()
        .filter(|s| s.at_ms <= d.horizon_ms())
        .count();
    let mut k = m.len() as u64;
    for x in [
        m.last().map_or(0, |x| x.t_ms),
        d.journal().map_or(0, |j| j.len() as u64),
        scripted as u64,
        lang as u64,
    ] {
        k = k.wrapping_mul(1_000_003).wrapping_add(x);
    }
    k
}

/// The run's marks on the timeline (in milliseconds of cluster time: the timeline's SVG
/// scales them to its width): the user's commands, the scenario's, and notable events.
pub fn marks(d: &Driver, lang: Lang) -> Html {
    let line = |t_ms: u64, class: &'static str, title: String| -> Html {
        let x = t_ms.to_string();
        el("line")
            .class(class)
            .attr("x1", x.clone())
            .attr("x2", x)
            .attr("y1", "0")
            .attr("y2", "10")
            .attr("vector-effect", "non-scaling-stroke")
            .child(el("title").string(title))
            .into()
    };
    let horizon = d.horizon_ms();
    let mut out: Vec<Html> = d
        .marks()
        .iter()
        .map(|m| {
            let (class, msg) = match m.kind {
                MarkKind::Failure => ("mk failure", t::MARK_FAILURE),
                MarkKind::Recovery => ("mk recovery", t::MARK_RECOVERY),
                MarkKind::Scale => ("mk scale", t::MARK_SCALE),
                MarkKind::Vpa => ("mk vpa", t::MARK_VPA),
            };
            line(m.t_ms, class, join(&clock(m.t_ms), " ", msg.get(lang)))
        })
        .collect();
    out.extend(d.script().iter().filter(|s| s.at_ms <= horizon).map(|s| {
        line(
            s.at_ms,
            "mk script",
            join(&clock(s.at_ms), " $ ", &driver::line_of(&s.cmd)),
        )
    }));
    out.extend(d.journal().into_iter().flatten().map(|e| {
        line(
            e.t_ms,
            "mk you",
            join(&clock(e.t_ms), " $ ", &driver::line_of(&e.cmd)),
        )
    }));
    el("g").children(out).into()
}

/// The timeline: drag (or use the arrow keys) to go to any moment of the run; the marks say
/// where things happened.
pub fn timeline(lab: &Lab, marks: Html, lang: Lang, on: &Callback<Do>) -> Html {
    let d = &lab.drv;
    let now = d.now_ms();
    let step = if d.horizon_ms() > 600_000 { 1_000 } else { 100 };
    // The range's end on a step, so that dragging reaches the end of the run (a seek past it
    // stops there).
    let end = d.horizon_ms().div_ceil(step).max(1) * step;
    let words = t::TIMELINE_AT.fmt(lang, &[("t", &clock(now)), ("end", &clock(d.horizon_ms()))]);
    let on_seek = maybe_send(on, |e: InputEvent| input_u64(&e).map(Do::Seek));
    let off = d.journal().is_none();
    el("div")
        .class("cl-timeline")
        .not_a_fact()
        .child(el("label").attr("for", "cl-time").text(t::TIMELINE.get(lang)))
        .child(
            el("div")
                .class("track")
                .child(
                    el("svg")
                        .class("marks")
                        .attr("viewBox", join("0 0 ", &end.to_string(), " 10"))
                        .attr("preserveAspectRatio", "none")
                        .attr("aria-hidden", "true")
                        .child(html! { <super::Memo version={[marks_key(d, lang), 0, 0]} html={marks} /> }),
                )
                .child(
                    el("input")
                        .id("cl-time")
                        .attr("type", "range")
                        .attr("min", "0")
                        .attr("max", end.to_string())
                        .attr("step", step.to_string())
                        .value(now.to_string().into())
                        .attr("aria-valuetext", words.clone())
                        .flag("disabled", off)
                        .on_input(on_seek),
                ),
        )
        .child(el("output").attr("for", "cl-time").string(words))
        .child(last_line(d, lang))
        .into()
}

/// The last command sent, and the next scripted one.
fn last_line(d: &Driver, lang: Lang) -> El {
    let sent = d.sent().last().map(|s| {
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
                .string(join("$ ", "", &s.line))
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
fn setup_form(lab: &Lab, on_act: &Callback<Do>, lang: Lang) -> El {
    let has_hpa = lab.snap.hpa.is_some();
    let d = lab.draft;
    let seed_bad = lab.seed_bad;
    let on_scn = {
        let seed = d.seed;
        maybe_send(on_act, move |e: Event| {
            let s = ScenarioId::from_slug(&select_value(&e)?)?;
            Some(Do::Draft(Setup {
                seed,
                ..Setup::new(s)
            }))
        })
    };
    let on_seed = maybe_send(on_act, |e: InputEvent| {
        e.target_dyn_into::<web_sys::HtmlInputElement>()
            .map(|i| Do::SeedText(i.value()))
    });
    let on_profile = maybe_send(on_act, move |e: Event| {
        let profile = if select_value(&e)? == "classroom" {
            Profile::Classroom
        } else {
            Profile::Real
        };
        Some(Do::Draft(Setup { profile, ..d }))
    });
    let on_hpa = maybe_send(on_act, move |e: Event| {
        let hpa = select_value(&e)?.parse::<u32>().ok();
        Some(Do::Draft(Setup { hpa, ..d }))
    });
    let onsubmit = {
        let on_act = on_act.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_act.emit(Do::Apply);
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
                .value(lab.seed_text.clone().into())
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
                    Do::Send(scenarios::autoscale(scenarios::HPA_TARGET)),
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
}

/// Load and replicas: the everyday levers.
fn workload(lab: &Lab, on_act: &Callback<Do>, lang: Lang) -> El {
    let snap = &lab.snap;
    let setup = lab.drv.setup;
    let svc = scenarios::APP;
    let dep = snap.deployments.iter().find(|d| &*d.name == svc);
    let cur = dep.map_or(0, |d| d.replicas);
    let want = lab.replicas.unwrap_or(cur);
    let on_rps = maybe_send(on_act, |e: InputEvent| {
        input_u64(&e).map(|v| Do::Rps(v.min(3000) as u32))
    });
    let on_pattern = maybe_send(on_act, |e: Event| {
        let v = select_value(&e)?;
        PATTERNS.iter().find(|p| p.0 == v).map(|p| Do::Pattern(p.0))
    });
    let r = lab.rps;
    let demand = snap.service.as_ref().map_or(0.0, |s| s.demand_rps);
    let rs = r.to_string();
    let r = f64::from(r);
    let pattern = match lab.pattern {
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
        input_u64(&e).map(|v| Do::Replicas(Some(v.min(30) as u32)))
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
    let per_s = join(&rs, " req/s", "");
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
                    .map(|(v, m)| option((*v).into(), lab.pattern == *v, m.get(lang).into())),
            ),
        ))
        .child(
            button("button apply")
                .on_click(send(on_act, Do::Send(line)))
                .text(t::LOAD_APPLY.get(lang)),
        )
        .child(
            button("button spike")
                .on_click(send(on_act, Do::Send(spike)))
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
                button("button scale")
                    .on_click(send(on_act, Do::Scale(want)))
                    .text(t::SCALE_APPLY.get(lang))
                    .into(),
                button("button")
                    .on_click(send(on_act, Do::Send(rollout)))
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

fn scenario_msg(id: ScenarioId) -> Msg {
    match id {
        ScenarioId::Basic => t::SCN_BASIC,
        ScenarioId::NodeFailure => t::SCN_NODE_FAILURE,
        ScenarioId::LoadSpike => t::SCN_LOAD_SPIKE,
        ScenarioId::RollingUpdate => t::SCN_ROLLING_UPDATE,
        ScenarioId::Scale100 => t::SCN_SCALE_100,
    }
}
