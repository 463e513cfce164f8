//! The density experiment: how many VMs and how many containers fit in a host the user
//! sizes. The assumptions are on screen and editable; bad input gets a message and keeps
//! the last good result.

use super::model::*;
use super::race::input_error_text;
use crate::app::use_ctx;
use crate::cite::Cite;
use crate::facts;
use crate::i18n::{Lang, Msg, cat::vm as t};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// At most this many blocks per host; beyond it, one block stands for several instances.
const MAX_BLOCKS: u32 = 100;

fn field_label(f: Field) -> Msg {
    match f {
        Field::HostGb => t::D_HOST,
        Field::AppMb => t::D_APP,
        Field::Instances => t::D_INSTANCES,
        Field::GuestMb => t::D_GUEST,
        Field::CtOverheadMb => t::D_CT_OVERHEAD,
        Field::VmSeconds => t::VM_SECONDS,
    }
}

fn field_id(f: Field) -> &'static str {
    match f {
        Field::HostGb => "d-host",
        Field::AppMb => "d-app",
        Field::Instances => "d-instances",
        Field::GuestMb => "d-guest",
        Field::CtOverheadMb => "d-ct-overhead",
        Field::VmSeconds => "race-vm",
    }
}

fn value_of(d: &Density, f: Field) -> f64 {
    match f {
        Field::HostGb => d.host_gb,
        Field::AppMb => d.app_mb,
        Field::Instances => d.instances as f64,
        Field::GuestMb => d.guest_mb,
        Field::CtOverheadMb => d.ct_overhead_mb,
        Field::VmSeconds => 0.0,
    }
}

const FIELDS: [Field; 5] = [
    Field::HostGb,
    Field::AppMb,
    Field::Instances,
    Field::GuestMb,
    Field::CtOverheadMb,
];

fn part_name(p: Part, lang: Lang) -> &'static str {
    match p {
        Part::GuestOs => t::P_GUEST,
        Part::Vmm => t::P_VMM,
        Part::App => t::P_APP,
        Part::CtOverhead => t::P_CT_OVERHEAD,
    }
    .get(lang)
}

fn part_key(p: Part) -> &'static str {
    match p {
        Part::GuestOs => "guest",
        Part::Vmm => "vmm",
        Part::App => "app",
        Part::CtOverhead => "ctov",
    }
}

#[derive(Clone, PartialEq)]
struct Texts([String; 5]);

#[function_component(DensityLab)]
pub fn density_lab() -> Html {
    let lang = use_ctx().lang;
    let good = use_state(Density::default);
    let texts = use_state(|| {
        let d = Density::default();
        Texts(FIELDS.map(|f| fmt_num(value_of(&d, f))))
    });
    let errors = use_state(|| [None::<InputError>; 5]);

    let on_input = |i: usize| {
        let (good, texts, errors) = (good.clone(), texts.clone(), errors.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let f = FIELDS[i];
            let mut errs = *errors;
            match parse_field(f, &v) {
                Ok(x) => {
                    errs[i] = None;
                    good.set(good.with(f, x));
                }
                Err(err) => errs[i] = Some(err),
            }
            errors.set(errs);
            let mut tx = (*texts).clone();
            tx.0[i] = v;
            texts.set(tx);
        })
    };
    let on_vmm = {
        let good = good.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let vmm = if v == "firecracker" {
                Vmm::Firecracker
            } else {
                Vmm::Qemu
            };
            good.set(Density { vmm, ..*good });
        })
    };

    let d = *good;
    let input = |i: usize| {
        let f = FIELDS[i];
        let id = field_id(f);
        let msg_id = format!("{id}-msg");
        let err = errors[i];
        let note = match f {
            Field::GuestMb => {
                html! { <><span class="d-default">{ t::D_DEFAULT.get(lang) }</span><Cite fact={&facts::GUEST_OS_MEMORY} /></> }
            }
            Field::CtOverheadMb => {
                html! { <><span class="d-default">{ t::D_DEFAULT.get(lang) }</span><Cite fact={&facts::CONTAINER_OVERHEAD} /></> }
            }
            _ => html! {},
        };
        html! {
            <div class={classes!("d-field", err.is_some().then_some("bad"))}>
                <label for={id}>{ field_label(f).get(lang) }</label>
                <input type="text" inputmode="decimal" id={id} value={texts.0[i].clone()} oninput={on_input(i)}
                    aria-invalid={err.is_some().to_string()} aria-describedby={msg_id.clone()} />
                <span class="d-note">{ note }</span>
                <p id={msg_id} class="field-msg bad" data-not-a-fact="true">
                    { err.map(|e| format!("{} {}", input_error_text(e, field_label(f).get(lang), lang), t::KEPT_LAST.fmt(lang, &[("v", &fmt_num(value_of(&d, f)))]))).unwrap_or_default() }
                </p>
            </div>
        }
    };

    let any_error = errors.iter().any(Option::is_some);
    let vms = d.vms();
    let cts = d.containers();

    html! {
        <section class="panel density" aria-labelledby="density-title">
            <h2 id="density-title">{ t::DENSITY_TITLE.get(lang) }</h2>
            <p>{ t::DENSITY_BODY.get(lang) }</p>
            <div class="d-inputs">
                <fieldset>
                    <legend>{ t::D_YOURS.get(lang) }</legend>
                    { input(0) }{ input(1) }{ input(2) }
                </fieldset>
                <fieldset>
                    <legend>{ t::D_ASSUMPTIONS.get(lang) }</legend>
                    { input(3) }
                    <div class="d-field">
                        <label for="d-vmm">{ t::D_VMM.get(lang) }</label>
                        <select id="d-vmm" onchange={on_vmm}>
                            <option value="qemu" selected={d.vmm == Vmm::Qemu}>{ "QEMU" }</option>
                            <option value="firecracker" selected={d.vmm == Vmm::Firecracker}>{ "Firecracker" }</option>
                        </select>
                        <span class="d-note"><Cite fact={d.vmm.fact()} /></span>
                    </div>
                    { input(4) }
                </fieldset>
            </div>
            <p class="d-status" role="status" data-not-a-fact="true">
                if any_error { { t::D_KEPT.get(lang) } }
            </p>
            <div class="hosts" data-not-a-fact="true">
                { host_view(true, &vms, &d, lang) }
                { host_view(false, &cts, &d, lang) }
            </div>
            <p class="muted">{ t::D_LEFT_OUT.get(lang) }</p>
        </section>
    }
}

fn host_view(vm: bool, fill: &Fill, d: &Density, lang: Lang) -> Html {
    let key = if vm { "vms" } else { "cts" };
    let wanted = d.instances;
    let per_block = wanted.div_ceil(MAX_BLOCKS).max(1);
    let blocks = wanted.div_ceil(per_block);
    let capacity = if fill.capacity == u64::MAX {
        "∞".to_string()
    } else {
        fill.capacity.to_string()
    };
    let formula = fill
        .per_instance
        .iter()
        .map(|(p, mb)| format!("{} {}", part_name(*p, lang), fmt_mb(*mb)))
        .collect::<Vec<_>>()
        .join(" + ");
    let (parts, free) = fill.totals();
    let host = fill.host_mb.max(1.0);
    let missing = wanted - fill.placed;
    html! {
        <div class={classes!("host", key)} data-host={key}>
            <h3>{ if vm { t::HOST_VMS.get(lang) } else { t::HOST_CTS.get(lang) } }</h3>
            <p class="fit">
                <span class="fit-n" data-capacity={capacity.clone()}>{ capacity.clone() }</span>{ " " }
                { if vm { t::FIT_VMS.get(lang) } else { t::FIT_CTS.get(lang) } }
            </p>
            <p class="each">{ t::EACH.fmt(lang, &[("sum", &fmt_mb(fill.each_mb())), ("formula", &formula)]) }
                if !vm { { " " }{ t::ONE_KERNEL.get(lang) } }
            </p>
            <div class="membar" role="img" aria-label={t::MEMBAR_LABEL.fmt(lang, &[("used", &fmt_mb(fill.used_mb())), ("host", &fmt_mb(fill.host_mb))])}>
                { for parts.iter().map(|(p, mb)| html! {
                    <span class={classes!("seg", part_key(*p))} style={format!("width: {}", pct(mb / host))}></span>
                }) }
                <span class="seg free" style={format!("width: {}", pct(free / host))}></span>
            </div>
            <ul class="legend">
                { for parts.iter().map(|(p, mb)| html! {
                    <li><span class={classes!("sw", part_key(*p))} aria-hidden="true"></span>{ format!("{} {}", part_name(*p, lang), fmt_mb(*mb)) }</li>
                }) }
                <li><span class="sw free" aria-hidden="true"></span>{ format!("{} {}", t::P_FREE.get(lang), fmt_mb(free)) }</li>
            </ul>
            <p class="placed" data-placed={fill.placed.to_string()}>
                { t::PLACED.fmt(lang, &[("placed", &fill.placed), ("wanted", &wanted)]) }
                if missing > 0 { { " " }<strong class="miss">{ t::MISSING.fmt(lang, &[("n", &missing)]) }</strong> }
            </p>
            <div class="blocks" aria-hidden="true">
                { for (0..blocks).map(|i| {
                    // Full, partly filled (the last placed block), or not placed.
                    let (class, mark) = if (i + 1) * per_block <= fill.placed {
                        ("ok", "")
                    } else if i * per_block < fill.placed {
                        ("part", "")
                    } else {
                        ("no", "✕")
                    };
                    html! { <span class={classes!("blk", class)}>{ mark }</span> }
                }) }
            </div>
            if per_block > 1 {
                <p class="muted small">{ t::PER_BLOCK.fmt(lang, &[("n", &per_block)]) }</p>
            }
        </div>
    }
}
