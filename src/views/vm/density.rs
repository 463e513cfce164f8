//! The density experiment: how many VMs and how many containers fit in a host the user
//! sizes. The assumptions are on screen and editable; bad input gets a message and keeps
//! the last good result.

use super::model::*;
use super::race::input_error_text;
use super::rich;
use super::{Do, Handle, on};
use crate::cite::cite;
use crate::el::{El, el, frag, text};
use crate::facts;
use crate::i18n::{Lang, Msg, cat::vm as t};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// At most this many blocks per host; beyond it, one block stands for several instances.
const MAX_BLOCKS: u32 = 100;

fn field_label(f: Field) -> Msg {
    match f {
        Field::HostGb => t::D_HOST,
        Field::HostCores => t::D_CORES,
        Field::AppMb => t::D_APP,
        Field::AppCpu => t::D_APP_CPU,
        Field::Overcommit => t::D_OVERCOMMIT,
        Field::Instances => t::D_INSTANCES,
        Field::GuestMb => t::D_GUEST,
        Field::CtOverheadMb => t::D_CT_OVERHEAD,
        Field::VmSeconds => t::VM_SECONDS,
    }
}

fn field_id(f: Field) -> &'static str {
    match f {
        Field::HostGb => "d-host",
        Field::HostCores => "d-cores",
        Field::AppMb => "d-app",
        Field::AppCpu => "d-app-cpu",
        Field::Overcommit => "d-overcommit",
        Field::Instances => "d-instances",
        Field::GuestMb => "d-guest",
        Field::CtOverheadMb => "d-ct-overhead",
        Field::VmSeconds => "race-vm",
    }
}

fn value_of(d: &Density, f: Field) -> f64 {
    match f {
        Field::HostGb => d.host_gb,
        Field::HostCores => d.host_cores,
        Field::AppMb => d.app_mb,
        Field::AppCpu => d.app_cpu,
        Field::Overcommit => d.overcommit,
        Field::Instances => d.instances as f64,
        Field::GuestMb => d.guest_mb,
        Field::CtOverheadMb => d.ct_overhead_mb,
        Field::VmSeconds => 0.0,
    }
}

const FIELDS: [Field; 8] = [
    Field::HostGb,
    Field::HostCores,
    Field::AppMb,
    Field::AppCpu,
    Field::Instances,
    Field::GuestMb,
    Field::CtOverheadMb,
    Field::Overcommit,
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

/// The experiment: what the user typed in each field, the last good values, and each
/// field's error.
#[derive(Clone, PartialEq)]
pub struct Lab {
    good: Density,
    texts: [String; 8],
    errors: [Option<InputError>; 8],
}

impl Default for Lab {
    fn default() -> Lab {
        let d = Density::default();
        Lab {
            good: d,
            texts: FIELDS.map(|f| fmt_num(value_of(&d, f))),
            errors: [None; 8],
        }
    }
}

/// What the user changed.
#[derive(Clone)]
pub enum Input {
    /// Typed `text` in the field at this index of [`FIELDS`].
    Field(usize, String),
    Vmm(Vmm),
}

impl Lab {
    /// Bad input sets the field's error and keeps the last good value.
    pub fn apply(&mut self, input: Input) {
        match input {
            Input::Field(i, v) => {
                let f = FIELDS[i];
                match parse_field(f, &v) {
                    Ok(x) => {
                        self.errors[i] = None;
                        self.good = self.good.with(f, x);
                    }
                    Err(err) => self.errors[i] = Some(err),
                }
                self.texts[i] = v;
            }
            Input::Vmm(vmm) => self.good.vmm = vmm,
        }
    }
}

/// The field at `i`, with its label, its note (a cited default) and its error message.
fn input(lab: &Lab, state: &Handle, i: usize, lang: Lang) -> Html {
    let f = FIELDS[i];
    let id = field_id(f);
    let msg_id = [id, "-msg"].concat();
    let err = lab.errors[i];
    let note = match f {
        Field::GuestMb => Some(&facts::GUEST_OS_MEMORY),
        Field::CtOverheadMb => Some(&facts::CONTAINER_OVERHEAD),
        _ => None,
    }
    .map(|fact| {
        frag(vec![
            el("span")
                .class("d-default")
                .text(t::D_DEFAULT.get(lang))
                .into(),
            cite(fact, lang),
        ])
    })
    .unwrap_or_default();
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            state.dispatch(Do::Density(Input::Field(i, v)));
        })
    };
    let label = field_label(f).get(lang);
    let message = err.map(|e| {
        [
            input_error_text(e, label, lang),
            t::KEPT_LAST.fmt(lang, &[("v", &fmt_num(value_of(&lab.good, f)))]),
        ]
        .join(" ")
    });
    el("div")
        .class("d-field")
        .class_if("bad", err.is_some())
        .child(el("label").attr("for", id).text(label))
        .child(
            el("input")
                .attr("type", "text")
                .attr("inputmode", "decimal")
                .id(id)
                .attr("data-part", id)
                .value(lab.texts[i].clone().into())
                .on_input(oninput)
                .bool_attr("aria-invalid", err.is_some())
                .attr("aria-describedby", msg_id.clone()),
        )
        .child(el("span").class("d-note").child(note))
        .child(
            el("p")
                .id(msg_id)
                .class("field-msg bad")
                .not_a_fact()
                .string(message.unwrap_or_default()),
        )
        .into()
}

/// The density section.
pub fn lab(lab: &Lab, state: &Handle, lang: Lang) -> Html {
    let d = lab.good;
    let field = |i| input(lab, state, i, lang);
    let option = |value: &'static str, selected: bool, label: &'static str| -> Html {
        el("option")
            .attr("value", value)
            .flag("selected", selected)
            .text(label)
            .into()
    };
    let on_vmm = on(state, |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Do::Density(Input::Vmm(if v == "firecracker" {
            Vmm::Firecracker
        } else {
            Vmm::Qemu
        }))
    });
    let any_error = lab.errors.iter().any(Option::is_some);
    super::section("panel density", "density-title", t::DENSITY_TITLE.get(lang))
        .attr("data-part", "density")
        .child(super::p(t::DENSITY_BODY.get(lang)))
        .child(
            el("div")
                .class("d-inputs")
                .child(
                    el("fieldset")
                        .child(el("legend").text(t::D_YOURS.get(lang)))
                        .children([field(0), field(1), field(2), field(3), field(4)]),
                )
                .child(
                    el("fieldset")
                        .child(el("legend").text(t::D_ASSUMPTIONS.get(lang)))
                        .child(field(5))
                        .child(
                            el("div")
                                .class("d-field")
                                .child(el("label").attr("for", "d-vmm").text(t::D_VMM.get(lang)))
                                .child(
                                    el("select")
                                        .id("d-vmm")
                                        .on_change(on_vmm)
                                        .child(option("qemu", d.vmm == Vmm::Qemu, "QEMU"))
                                        .child(option(
                                            "firecracker",
                                            d.vmm == Vmm::Firecracker,
                                            "Firecracker",
                                        )),
                                )
                                .child(el("span").class("d-note").child(cite(d.vmm.fact(), lang))),
                        )
                        .child(field(6))
                        .child(field(7))
                        .child(
                            el("p")
                                .class("d-note small")
                                .child(rich(t::D_CPU_NOTE, lang)),
                        ),
                ),
        )
        .child(
            el("p")
                .class("d-status")
                .attr("role", "status")
                .not_a_fact()
                .maybe(any_error.then(|| text(t::D_KEPT.get(lang)))),
        )
        .child(
            el("div")
                .class("hosts")
                .not_a_fact()
                .child(host_view(true, &d.vms(), &d, lang))
                .child(host_view(false, &d.containers(), &d, lang)),
        )
        .child(el("p").class("muted").text(t::D_LEFT_OUT.get(lang)))
        .into()
}

/// A part and its memory, as the legend and the formula write it.
fn part_mb(p: Part, mb: f64, lang: Lang) -> String {
    [part_name(p, lang), " ", &fmt_mb(mb)].concat()
}

fn host_view(vm: bool, fill: &Fill, d: &Density, lang: Lang) -> El {
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
        .map(|(p, mb)| part_mb(*p, *mb, lang))
        .collect::<Vec<_>>()
        .join(" + ");
    let (parts, free) = fill.totals();
    let host = fill.host_mb.max(1.0);
    let missing = wanted - fill.placed;
    let width = |f: f64| ["width: ", &pct(f)].concat();
    let bar = el("div")
        .class("membar")
        .attr("role", "img")
        .attr(
            "aria-label",
            t::MEMBAR_LABEL.fmt(
                lang,
                &[
                    ("used", &fmt_mb(fill.used_mb())),
                    ("host", &fmt_mb(fill.host_mb)),
                ],
            ),
        )
        .children(parts.iter().map(|(p, mb)| {
            el("span")
                .class("seg")
                .class(part_key(*p))
                .attr("style", width(mb / host))
                .into()
        }))
        .child(
            el("span")
                .class("seg free")
                .attr("style", width(free / host)),
        );
    let swatch = |class: &'static str| {
        el("span")
            .class("sw")
            .class(class)
            .attr("aria-hidden", "true")
    };
    let legend = el("ul")
        .class("legend")
        .children(parts.iter().map(|(p, mb)| {
            el("li")
                .child(swatch(part_key(*p)))
                .string(part_mb(*p, *mb, lang))
                .into()
        }))
        .child(
            el("li")
                .child(swatch("free"))
                .string([t::P_FREE.get(lang), " ", &fmt_mb(free)].concat()),
        );
    let blocks = el("div")
        .class("blocks")
        .attr("aria-hidden", "true")
        .children((0..blocks).map(|i| {
            // Full, partly filled (the last placed block), or not placed.
            let (class, mark) = if (i + 1) * per_block <= fill.placed {
                ("ok", "")
            } else if i * per_block < fill.placed {
                ("part", "")
            } else {
                ("no", "✕")
            };
            el("span").class("blk").class(class).text(mark).into()
        }));
    let cpu_used = t::CPUBAR_LABEL.fmt(
        lang,
        &[
            ("used", &fmt_num(fill.used_cores())),
            ("host", &fmt_num(fill.host_cores)),
        ],
    );
    let cpu_each = if vm {
        let over = if d.overcommit > 1.0 {
            t::EACH_OVERCOMMIT.fmt(lang, &[("x", &fmt_num(d.overcommit))])
        } else {
            String::new()
        };
        t::EACH_CPU_VM.fmt(
            lang,
            &[
                ("vcpus", &fmt_num(d.vcpus())),
                ("app", &fmt_num(d.app_cpu)),
                ("over", &over),
            ],
        )
    } else {
        t::EACH_CPU_CT.fmt(lang, &[("app", &fmt_num(d.app_cpu))])
    };
    let limited = match fill.limit {
        Limit::Memory => t::LIMITED_MEMORY,
        Limit::Cpu => t::LIMITED_CPU,
    };
    el("div")
        .class("host")
        .class(key)
        .attr("data-host", key)
        .attr("data-part", if vm { "host-vms" } else { "host-cts" })
        .attr(
            "data-limit",
            match fill.limit {
                Limit::Memory => "memory",
                Limit::Cpu => "cpu",
            },
        )
        .child(el("h3").text(if vm {
            t::HOST_VMS.get(lang)
        } else {
            t::HOST_CTS.get(lang)
        }))
        .child(
            el("p")
                .class("fit")
                .child(
                    el("span")
                        .class("fit-n")
                        .attr("data-capacity", capacity.clone())
                        .string(capacity),
                )
                .text(" ")
                .text(if vm {
                    t::FIT_VMS.get(lang)
                } else {
                    t::FIT_CTS.get(lang)
                })
                .text(" ")
                .child(el("span").class("limit").text(limited.get(lang))),
        )
        .child(
            el("p")
                .class("each")
                .string(t::EACH.fmt(
                    lang,
                    &[("sum", &fmt_mb(fill.each_mb())), ("formula", &formula)],
                ))
                .maybe((!vm).then(|| frag(vec![text(" "), text(t::ONE_KERNEL.get(lang))]))),
        )
        .child(bar)
        .child(legend)
        .child(
            el("p")
                .class("each")
                .string(cpu_each)
                .text(" ")
                .string(cpu_used),
        )
        .child(
            el("p")
                .class("placed")
                .attr("data-placed", fill.placed.to_string())
                .string(t::PLACED.fmt(lang, &[("placed", &fill.placed), ("wanted", &wanted)]))
                .maybe((missing > 0).then(|| {
                    frag(vec![
                        text(" "),
                        el("strong")
                            .class("miss")
                            .string(t::MISSING.fmt(lang, &[("n", &missing)]))
                            .into(),
                    ])
                })),
        )
        .child(blocks)
        .maybe((per_block > 1).then(|| {
            el("p")
                .class("muted small")
                .string(t::PER_BLOCK.fmt(lang, &[("n", &per_block)]))
        }))
}
