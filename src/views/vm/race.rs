//! The boot race: a VM, a microVM and a container started at once, on a logarithmic time
//! axis, in real time or slowed down (and said so on screen). With reduced motion the
//! finished timelines appear at once.

use super::model::*;
use crate::app::use_ctx;
use crate::cite::cite_explained;
use crate::el::{button, el, frag, text};
use crate::i18n::{Lang, cat::vm as t};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn lane_name(l: Lane, hv: Hypervisor, lang: Lang) -> &'static str {
    match (l, hv) {
        (Lane::Vm, Hypervisor::Type1) => t::LANE_VM_T1,
        (Lane::Vm, Hypervisor::Type2) => t::LANE_VM_T2,
        (Lane::MicroVm, _) => t::LANE_MICROVM,
        (Lane::Container, _) => t::LANE_CT,
    }
    .get(lang)
}

fn lane_end(l: Lane, lang: Lang) -> &'static str {
    match l {
        Lane::Vm => t::LANE_VM_END,
        Lane::MicroVm => t::LANE_MICROVM_END,
        Lane::Container => t::LANE_CT_END,
    }
    .get(lang)
}

pub fn input_error_text(e: InputError, label: &str, lang: Lang) -> String {
    match e {
        InputError::Empty => t::ERR_EMPTY.fmt(lang, &[("field", &label)]),
        InputError::NotANumber => t::ERR_NAN.fmt(lang, &[("field", &label)]),
        InputError::NotWhole => t::ERR_WHOLE.fmt(lang, &[("field", &label)]),
        InputError::OutOfRange { min, max } => t::ERR_RANGE.fmt(
            lang,
            &[
                ("field", &label),
                ("min", &fmt_num(min)),
                ("max", &fmt_num(max)),
            ],
        ),
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds between two frames of the race.
const FRAME_MS: u32 = 40;

#[derive(Clone, PartialEq)]
struct Race {
    setup: RaceSetup,
    /// What the user typed for the VM's boot time, and what was wrong with it.
    vm_text: String,
    vm_error: Option<InputError>,
    speed: Speed,
    /// Simulated time since the start (none before the first start).
    t_ms: Option<f64>,
    /// While running: the wall-clock start and the speed it runs at.
    running: Option<(f64, Speed)>,
}

impl Default for Race {
    fn default() -> Race {
        Race {
            setup: RaceSetup::default(),
            vm_text: fmt_num(RaceSetup::default().vm_ms / 1000.0),
            vm_error: None,
            speed: Speed::RealTime,
            t_ms: None,
            running: None,
        }
    }
}

enum Do {
    /// Start at this wall-clock time; with reduced motion, go straight to the end.
    Start {
        now: f64,
        reduced: bool,
    },
    Skip,
    SetDisk(Disk),
    SetSpeed(Speed),
    /// The user typed this for the VM's boot time.
    VmSeconds(String),
    /// A frame at this wall-clock time.
    Frame(f64),
}

impl Reducible for Race {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut r = (*self).clone();
        let end = race_end_ms(&r.setup);
        match d {
            Do::Start { now, reduced } => {
                if reduced {
                    r.running = None;
                    r.t_ms = Some(end);
                } else {
                    r.t_ms = Some(0.0);
                    r.running = Some((now, r.speed));
                }
            }
            Do::Skip => {
                r.running = None;
                r.t_ms = Some(end);
            }
            Do::SetDisk(disk) => {
                r.setup.disk = disk;
                r.running = None;
                r.t_ms = None;
            }
            Do::SetSpeed(s) => r.speed = s,
            Do::VmSeconds(v) => {
                match parse_field(Field::VmSeconds, &v) {
                    Ok(s) => {
                        r.setup.vm_ms = s * 1000.0;
                        r.vm_error = None;
                        r.running = None;
                        r.t_ms = None;
                    }
                    Err(err) => r.vm_error = Some(err),
                }
                r.vm_text = v;
            }
            Do::Frame(now) => {
                if let Some((start, speed)) = r.running {
                    let t = (now - start) * speed.factor();
                    if t >= end {
                        r.t_ms = Some(end);
                        r.running = None;
                    } else {
                        r.t_ms = Some(t);
                    }
                }
            }
        }
        Rc::new(r)
    }
}

/// The value of the `<select>` an event came from.
fn value_of(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[derive(Properties, PartialEq)]
pub struct RaceProps {
    /// The hypervisor the stacks above show: the VM lane is the same machine.
    pub hv: Hypervisor,
    pub on_hv: Callback<Hypervisor>,
}

#[function_component(BootRace)]
pub fn boot_race(props: &RaceProps) -> Html {
    let hv = props.hv;
    let ctx = use_ctx();
    let lang = ctx.lang;
    let race = use_reducer(Race::default);
    let setup = race.setup;
    let end = race_end_ms(&setup);
    let axis = LogAxis::for_end(end);

    {
        let race = race.clone();
        use_effect_with(race.running, move |run| {
            let interval = run.map(|_| {
                gloo_timers::callback::Interval::new(FRAME_MS, move || {
                    race.dispatch(Do::Frame(now_ms()))
                })
            });
            move || drop(interval)
        });
    }

    let send = |make: fn(&Event) -> Do| {
        let race = race.clone();
        Callback::from(move |e: Event| race.dispatch(make(&e)))
    };
    let start = {
        let race = race.clone();
        let reduced = ctx.reduced_motion;
        Callback::from(move |_| {
            race.dispatch(Do::Start {
                now: now_ms(),
                reduced,
            })
        })
    };
    let vm_label = t::VM_SECONDS.get(lang);
    let on_vm = {
        let race = race.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            race.dispatch(Do::VmSeconds(v))
        })
    };

    let t_ms = race.t_ms;
    let now = t_ms.unwrap_or(0.0);
    let finished = t_ms.is_some() && race.running.is_none() && now >= end;
    let play_speed = race.running.map_or(race.speed, |(_, s)| s);
    let left = |f: f64| ["left: ", &pct(f)].concat();

    let lanes = Lane::ALL.iter().map(|&l| {
        let (p, done) = if t_ms.is_some() {
            lane_at(l, &setup, &axis, now)
        } else {
            (0.0, false)
        };
        let finish = axis.pos(finish_ms(l, &setup));
        let state = if done {
            el("span")
                .class("ok")
                .text("✓ ")
                .string(t::LANE_READY.fmt(lang, &[("t", &fmt_ms(finish_ms(l, &setup)))]))
                .into()
        } else if t_ms.is_some() {
            text(t::LANE_BOOTING.get(lang))
        } else {
            text(t::LANE_WAITING.get(lang))
        };
        el("li")
            .class("lane")
            .class(l.key())
            .class_if("done", done)
            .attr("data-lane", l.key())
            .child(
                el("p")
                    .class("lane-name")
                    .child(el("strong").text(lane_name(l, hv, lang)))
                    .text(" ")
                    .child(el("span").class("muted").text(lane_end(l, lang))),
            )
            .child(
                el("div")
                    .class("track")
                    .attr("aria-hidden", "true")
                    .child(
                        el("div")
                            .class("bar")
                            .attr("style", ["width: ", &pct(p)].concat()),
                    )
                    .child(el("div").class("finish").attr("style", left(finish))),
            )
            .child(el("p").class("lane-state").not_a_fact().child(state))
            .into()
    });

    let ticks = axis.ticks().into_iter().map(|tick| {
        el("span")
            .class("tick")
            .attr("style", left(axis.pos(tick)))
            .string(fmt_ms(tick))
            .into()
    });

    // Results, fastest first (a stable insertion sort of three), each with its source.
    let mut order = Lane::ALL;
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && finish_ms(order[j - 1], &setup) > finish_ms(order[j], &setup) {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    let results = order.iter().map(|&l| {
        let yours = (l == Lane::Vm).then(|| {
            frag(vec![
                el("span")
                    .not_a_fact()
                    .class("user-value")
                    .string(t::YOUR_VALUE.fmt(lang, &[("t", &fmt_ms(setup.vm_ms))]))
                    .into(),
                text(" · "),
            ])
        });
        el("li")
            .attr("data-lane", l.key())
            .child(el("strong").not_a_fact().text(lane_name(l, hv, lang)))
            .text(": ")
            .maybe(yours)
            .child(cite_explained(lane_fact(l, setup.disk), lang))
            .into()
    });

    let status = if finished {
        t::RACE_DONE.get(lang)
    } else if race.running.is_some() {
        t::RACE_RUNNING.get(lang)
    } else {
        ""
    };
    let option = |value: &'static str, selected: bool, label: &'static str| -> Html {
        el("option")
            .attr("value", value)
            .flag("selected", selected)
            .text(label)
            .into()
    };
    let field = |label: Html, control: crate::el::El| {
        el("label").class("field").child(label).child(control)
    };
    let hv_button = |h: Hypervisor, key: &'static str, label: &'static str| {
        let on_hv = props.on_hv.clone();
        button("button toggle")
            .attr("data-race-hv", key)
            .pressed(hv == h)
            .on_click(Callback::from(move |_| on_hv.emit(h)))
            .text(label)
    };
    let hv_choice = el("div")
        .class("seg")
        .attr("role", "group")
        .attr("aria-label", t::RACE_HV.get(lang))
        .not_a_fact()
        .child(hv_button(Hypervisor::Type1, "1", t::HV_TYPE1.get(lang)))
        .child(hv_button(Hypervisor::Type2, "2", t::HV_TYPE2.get(lang)));
    let controls = el("div")
        .class("race-controls")
        .child(
            button("button primary")
                .id("race-start")
                .attr("data-part", "race-start")
                .attr("data-play", "")
                .on_click(start)
                .text(if t_ms.is_some() {
                    t::RACE_AGAIN.get(lang)
                } else {
                    t::RACE_START.get(lang)
                }),
        )
        .maybe(race.running.is_some().then(|| {
            let race = race.clone();
            button("button")
                .id("race-skip")
                .attr("data-part", "race-skip")
                .on_click(Callback::from(move |_| race.dispatch(Do::Skip)))
                .text(t::RACE_SKIP.get(lang))
        }))
        .child(field(
            el("span").text(t::DISK_LABEL.get(lang)).into(),
            el("select")
                .id("race-disk")
                .on_change(send(|e| {
                    Do::SetDisk(if value_of(e) == "hdd" {
                        Disk::Hdd
                    } else {
                        Disk::Ssd
                    })
                }))
                .child(option(
                    "ssd",
                    setup.disk == Disk::Ssd,
                    t::DISK_SSD.get(lang),
                ))
                .child(option(
                    "hdd",
                    setup.disk == Disk::Hdd,
                    t::DISK_HDD.get(lang),
                )),
        ))
        .child(field(
            el("span").text(t::SPEED_LABEL.get(lang)).into(),
            el("select")
                .id("race-speed")
                .on_change(send(|e| {
                    Do::SetSpeed(if value_of(e) == "slow" {
                        Speed::Slow10
                    } else {
                        Speed::RealTime
                    })
                }))
                .not_a_fact()
                .child(option(
                    "real",
                    race.speed == Speed::RealTime,
                    t::SPEED_REAL.get(lang),
                ))
                .child(option(
                    "slow",
                    race.speed == Speed::Slow10,
                    t::SPEED_SLOW.get(lang),
                )),
        ))
        .child(field(
            el("span")
                .text(vm_label)
                .text(" ")
                .child(
                    el("span").class("fact illustrative").child(
                        el("span")
                            .class("tag")
                            .text(crate::i18n::cat::cite::ILLUSTRATIVE.get(lang)),
                    ),
                )
                .into(),
            el("input")
                .attr("type", "text")
                .id("race-vm")
                .attr("inputmode", "decimal")
                .value(race.vm_text.clone().into())
                .on_input(on_vm)
                .bool_attr("aria-invalid", race.vm_error.is_some())
                .attr("aria-describedby", "race-vm-msg")
                .not_a_fact(),
        ));
    let vm_message = race.vm_error.map(|e| {
        [
            input_error_text(e, vm_label, lang),
            t::KEPT_LAST.fmt(lang, &[("v", &fmt_num(setup.vm_ms / 1000.0))]),
        ]
        .join(" ")
    });

    super::section("panel race", "race-title", t::RACE_TITLE.get(lang))
        .attr("data-part", "race")
        .attr(
            "data-state",
            if finished {
                "done"
            } else if race.running.is_some() {
                "running"
            } else {
                "waiting"
            },
        )
        .child(super::p(t::RACE_BODY.get(lang)))
        .child(
            el("div")
                .class("race-hv")
                .child(el("span").class("muted").text(t::RACE_HV.get(lang)))
                .text(" ")
                .child(hv_choice),
        )
        .child(
            el("p")
                .class("small race-hv-note")
                .not_a_fact()
                .text(match hv {
                    Hypervisor::Type1 => t::RACE_HV_NOTE_T1.get(lang),
                    Hypervisor::Type2 => t::RACE_HV_NOTE_T2.get(lang),
                }),
        )
        .child(controls)
        .child(
            el("p")
                .id("race-vm-msg")
                .class("field-msg")
                .class_if("bad", race.vm_error.is_some())
                .attr("aria-live", "polite")
                .not_a_fact()
                .string(vm_message.unwrap_or_default()),
        )
        .child(
            el("p")
                .class("honest")
                .not_a_fact()
                .text(t::AXIS_NOTE.get(lang))
                .text(" ")
                .child(el("strong").class("speed-note").text(match play_speed {
                    Speed::RealTime => t::SPEED_REAL_NOTE.get(lang),
                    Speed::Slow10 => t::SPEED_SLOW_NOTE.get(lang),
                }))
                .maybe(
                    ctx.reduced_motion
                        .then(|| frag(vec![text(" "), text(t::REDUCED_NOTE.get(lang))])),
                ),
        )
        .child(el("ol").class("lanes").not_a_fact().children(lanes))
        .child(
            el("div")
                .class("axis")
                .attr("aria-hidden", "true")
                .not_a_fact()
                .children(ticks),
        )
        .child(
            el("p")
                .class("clock")
                .not_a_fact()
                .string(t::CLOCK.fmt(lang, &[("t", &fmt_ms(now))])),
        )
        .child(
            el("p")
                .class("sr-only")
                .attr("aria-live", "polite")
                .not_a_fact()
                .text(status),
        )
        .maybe(finished.then(|| {
            el("div")
                .class("results")
                .attr("data-part", "race-results")
                .child(el("h3").text(t::RESULTS_TITLE.get(lang)))
                .child(el("ol").class("race-results").children(results))
                .child(el("p").class("muted").text(t::FINISH_LINES_NOTE.get(lang)))
        }))
        .into()
}
