//! The boot race: a VM, a microVM and a container started at once, on a logarithmic time
//! axis, in real time or slowed down (and said so on screen). With reduced motion the
//! finished timelines appear at once.

use super::model::*;
use crate::app::use_ctx;
use crate::cite::Cite;
use crate::i18n::{Lang, cat::vm as t};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn lane_name(l: Lane, lang: Lang) -> &'static str {
    match l {
        Lane::Vm => t::LANE_VM,
        Lane::MicroVm => t::LANE_MICROVM,
        Lane::Container => t::LANE_CT,
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

#[function_component(BootRace)]
pub fn boot_race() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let setup = use_state(RaceSetup::default);
    let vm_text = use_state(|| fmt_num(RaceSetup::default().vm_ms / 1000.0));
    let vm_error = use_state(|| None::<InputError>);
    let speed = use_state(|| Speed::RealTime);
    // Simulated time since the start, and the wall-clock start while running.
    let t_ms = use_state(|| None::<f64>);
    let running = use_state(|| None::<(f64, Speed)>);

    let end = race_end_ms(&setup);
    let axis = LogAxis::for_end(end);

    {
        let (t_ms, running) = (t_ms.clone(), running.clone());
        use_effect_with((*running, end), move |(run, end)| {
            let end = *end;
            let interval = run.map(|(start, speed)| {
                gloo_timers::callback::Interval::new(FRAME_MS, move || {
                    let t = (now_ms() - start) * speed.factor();
                    if t >= end {
                        t_ms.set(Some(end));
                        running.set(None);
                    } else {
                        t_ms.set(Some(t));
                    }
                })
            });
            move || drop(interval)
        });
    }

    let start = {
        let (t_ms, running, speed) = (t_ms.clone(), running.clone(), speed.clone());
        let reduced = ctx.reduced_motion;
        Callback::from(move |_| {
            if reduced {
                running.set(None);
                t_ms.set(Some(end));
            } else {
                t_ms.set(Some(0.0));
                running.set(Some((now_ms(), *speed)));
            }
        })
    };
    let skip = {
        let (t_ms, running) = (t_ms.clone(), running.clone());
        Callback::from(move |_| {
            running.set(None);
            t_ms.set(Some(end));
        })
    };
    let set_disk = {
        let (setup, t_ms, running) = (setup.clone(), t_ms.clone(), running.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let disk = if v == "hdd" { Disk::Hdd } else { Disk::Ssd };
            setup.set(RaceSetup { disk, ..*setup });
            running.set(None);
            t_ms.set(None);
        })
    };
    let set_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            speed.set(if v == "slow" {
                Speed::Slow10
            } else {
                Speed::RealTime
            });
        })
    };
    let vm_label = t::VM_SECONDS.get(lang);
    let on_vm = {
        let (setup, vm_text, vm_error, t_ms, running) = (
            setup.clone(),
            vm_text.clone(),
            vm_error.clone(),
            t_ms.clone(),
            running.clone(),
        );
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            match parse_field(Field::VmSeconds, &v) {
                Ok(s) => {
                    setup.set(RaceSetup {
                        vm_ms: s * 1000.0,
                        ..*setup
                    });
                    vm_error.set(None);
                    running.set(None);
                    t_ms.set(None);
                }
                Err(err) => vm_error.set(Some(err)),
            }
            vm_text.set(v);
        })
    };

    let now = t_ms.unwrap_or(0.0);
    let finished = t_ms.is_some() && running.is_none() && now >= end;
    let play_speed = running.map_or(*speed, |(_, s)| s);

    let lanes = Lane::ALL.iter().map(|&l| {
        let (p, done) = if t_ms.is_some() {
            lane_at(l, &setup, &axis, now)
        } else {
            (0.0, false)
        };
        let finish = axis.pos(finish_ms(l, &setup));
        html! {
            <li class={classes!("lane", l.key(), done.then_some("done"))} data-lane={l.key()}>
                <p class="lane-name"><strong>{ lane_name(l, lang) }</strong>{ " " }
                    <span class="muted">{ lane_end(l, lang) }</span></p>
                <div class="track" aria-hidden="true">
                    <div class="bar" style={format!("width: {}", pct(p))}></div>
                    <div class="finish" style={format!("left: {}", pct(finish))}></div>
                </div>
                <p class="lane-state" data-not-a-fact="true">
                    if done {
                        <span class="ok">{ "✓ " }{ t::LANE_READY.fmt(lang, &[("t", &fmt_ms(finish_ms(l, &setup)))]) }</span>
                    } else if t_ms.is_some() {
                        { t::LANE_BOOTING.get(lang) }
                    } else {
                        { t::LANE_WAITING.get(lang) }
                    }
                </p>
            </li>
        }
    });

    let ticks = axis.ticks().into_iter().map(|tick| {
        html! {
            <span class="tick" style={format!("left: {}", pct(axis.pos(tick)))}>{ fmt_ms(tick) }</span>
        }
    });

    // Results, fastest first, each with its source.
    let mut order = Lane::ALL.to_vec();
    order.sort_by(|a, b| finish_ms(*a, &setup).total_cmp(&finish_ms(*b, &setup)));
    let results = order.iter().map(|&l| {
        let fact = lane_fact(l, setup.disk);
        html! {
            <li data-lane={l.key()}>
                <strong>{ lane_name(l, lang) }</strong>{ ": " }
                if l == Lane::Vm {
                    <span data-not-a-fact="true" class="user-value">{ t::YOUR_VALUE.fmt(lang, &[("t", &fmt_ms(setup.vm_ms))]) }</span>
                    { " · " }
                }
                <Cite fact={fact} explain=true />
            </li>
        }
    });

    let status = if finished {
        t::RACE_DONE.get(lang).to_string()
    } else if running.is_some() {
        t::RACE_RUNNING.get(lang).to_string()
    } else {
        String::new()
    };

    html! {
        <section class="panel race" aria-labelledby="race-title">
            <h2 id="race-title">{ t::RACE_TITLE.get(lang) }</h2>
            <p>{ t::RACE_BODY.get(lang) }</p>
            <div class="race-controls">
                <button type="button" class="button primary" id="race-start" onclick={start}>
                    { if t_ms.is_some() { t::RACE_AGAIN.get(lang) } else { t::RACE_START.get(lang) } }
                </button>
                if running.is_some() {
                    <button type="button" class="button" id="race-skip" onclick={skip}>{ t::RACE_SKIP.get(lang) }</button>
                }
                <label class="field">
                    <span>{ t::DISK_LABEL.get(lang) }</span>
                    <select id="race-disk" onchange={set_disk}>
                        <option value="ssd" selected={setup.disk == Disk::Ssd}>{ t::DISK_SSD.get(lang) }</option>
                        <option value="hdd" selected={setup.disk == Disk::Hdd}>{ t::DISK_HDD.get(lang) }</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ t::SPEED_LABEL.get(lang) }</span>
                    <select id="race-speed" onchange={set_speed} data-not-a-fact="true">
                        <option value="real" selected={*speed == Speed::RealTime}>{ t::SPEED_REAL.get(lang) }</option>
                        <option value="slow" selected={*speed == Speed::Slow10}>{ t::SPEED_SLOW.get(lang) }</option>
                    </select>
                </label>
                <label class="field">
                    <span>{ vm_label }{ " " }<span class="fact illustrative"><span class="tag">{ crate::i18n::cat::cite::ILLUSTRATIVE.get(lang) }</span></span></span>
                    <input type="text" id="race-vm" inputmode="decimal" value={(*vm_text).clone()} oninput={on_vm}
                        aria-invalid={vm_error.is_some().to_string()} aria-describedby="race-vm-msg" data-not-a-fact="true" />
                </label>
            </div>
            <p id="race-vm-msg" class={classes!("field-msg", vm_error.is_some().then_some("bad"))} aria-live="polite" data-not-a-fact="true">
                { vm_error.map(|e| format!("{} {}", input_error_text(e, vm_label, lang), t::KEPT_LAST.fmt(lang, &[("v", &fmt_num(setup.vm_ms / 1000.0))]))).unwrap_or_default() }
            </p>
            <p class="honest" data-not-a-fact="true">
                { t::AXIS_NOTE.get(lang) }{ " " }
                <strong class="speed-note">{ match play_speed {
                    Speed::RealTime => t::SPEED_REAL_NOTE.get(lang),
                    Speed::Slow10 => t::SPEED_SLOW_NOTE.get(lang),
                } }</strong>
                if ctx.reduced_motion { { " " }{ t::REDUCED_NOTE.get(lang) } }
            </p>
            <ol class="lanes">{ for lanes }</ol>
            <div class="axis" aria-hidden="true" data-not-a-fact="true">{ for ticks }</div>
            <p class="clock" data-not-a-fact="true">
                { t::CLOCK.fmt(lang, &[("t", &fmt_ms(now))]) }
            </p>
            <p class="sr-only" aria-live="polite" data-not-a-fact="true">{ status }</p>
            if finished {
                <div class="results">
                    <h3>{ t::RESULTS_TITLE.get(lang) }</h3>
                    <ol class="race-results">{ for results }</ol>
                    <p class="muted">{ t::FINISH_LINES_NOTE.get(lang) }</p>
                </div>
            }
        </section>
    }
}
