//! "VM vs container": the two stacks layer by layer, a boot race, a density experiment the
//! user sizes, the overhead figures of Felter et al. and the isolation trade-off. Every
//! number about the world is a cited fact; the rest is the user's experiment.

mod density;
pub mod model;
mod race;

use super::ViewId;
use super::pieces::{p, rich, section, view_head};
use crate::app::{link, use_ctx};
use crate::cite::{anchor, cite, cite_explained, sources};
use crate::el::{El, button, checkbox, el, frag, text};
use crate::facts::{self, Fact};
use crate::i18n::{Lang, Msg, cat::vm as t};
use crate::route::Page;
use model::{Hypervisor, Layer};
use std::rc::Rc;
use yew::prelude::*;

pub fn render() -> Html {
    html! { <VmView /> }
}

/// Every fact this view shows, for its list of sources.
const SHOWN_FACTS: &[&Fact] = &[
    &facts::GENERAL_VM_SIZE,
    &facts::NAMESPACE_TYPES,
    &facts::SYSCALL_SURFACE,
    &facts::FIRECRACKER_BOOT,
    &facts::CONTAINER_START_SSD,
    &facts::CONTAINER_START_HDD,
    &facts::FULL_VM_BOOT,
    &facts::QEMU_OVERHEAD,
    &facts::FIRECRACKER_OVERHEAD,
    &facts::GUEST_OS_MEMORY,
    &facts::CONTAINER_OVERHEAD,
    &facts::FELTER_DOCKER,
    &facts::FELTER_LINPACK_KVM,
    &facts::FELTER_LINPACK_KVM_TUNED,
    &facts::FELTER_LATENCY,
    &facts::FELTER_IOPS,
    &facts::FELTER_MYSQL,
    &facts::RUNC_CVE,
    &facts::FIRECRACKER_SECCOMP,
];

/// The state of the view's sections that change only when the user acts: the stacks,
/// the density experiment and the kernel bug. (The boot race animates, so it is a
/// component of its own, and only it redraws while it runs.)
#[derive(Clone, PartialEq)]
struct State {
    hv: Hypervisor,
    k8s: bool,
    selected: Option<Layer>,
    density: density::Lab,
    bug: bool,
}

#[derive(Clone)]
enum Do {
    SetHv(Hypervisor),
    ToggleK8s,
    Select(Layer),
    Density(density::Input),
    ToggleBug,
}

impl Reducible for State {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut s = (*self).clone();
        match d {
            Do::SetHv(h) => {
                s.hv = h;
                if h == Hypervisor::Type1 && s.selected == Some(Layer::HostOs) {
                    s.selected = None;
                }
            }
            Do::ToggleK8s => s.k8s = !s.k8s,
            Do::Select(l) => s.selected = Some(l),
            Do::Density(input) => s.density.apply(input),
            Do::ToggleBug => s.bug = !s.bug,
        }
        Rc::new(s)
    }
}

impl Default for State {
    fn default() -> State {
        State {
            hv: Hypervisor::Type1,
            k8s: false,
            selected: None,
            density: density::Lab::default(),
            bug: false,
        }
    }
}

type Handle = UseReducerHandle<State>;

/// A handler of any event that sends what `make` makes of it.
#[inline(never)]
fn on<E: 'static>(state: &Handle, make: fn(E) -> Do) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |e| state.dispatch(make(e)))
}

/// A handler of any event that sends `d`.
#[inline(never)]
fn send<E: 'static>(state: &Handle, d: Do) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_| state.dispatch(d.clone()))
}

#[function_component(VmView)]
fn vm_view() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let spec = ViewId::VmVsContainer.spec();
    let state = use_reducer(State::default);
    el("article")
        .class("view vm")
        .attr("data-view", spec.slug)
        .child(view_head(spec.title.get(lang)))
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(stacks(&state, lang))
        .child({
            let hv = state.hv;
            let handle = state.clone();
            let on_hv = Callback::from(move |h| handle.dispatch(Do::SetHv(h)));
            html! { <race::BootRace hv={hv} on_hv={on_hv} /> }
        })
        .child(density::lab(&state.density, &state, lang))
        .child(overhead(lang))
        .child(isolation(&state, lang))
        .child(
            section("bridge panel", "vm-next", t::NEXT_TITLE.get(lang))
                .child(p(t::NEXT_BODY.get(lang)))
                .child(el("p").child(link(
                    &ctx,
                    Page::View(ViewId::ImageVsContainer),
                    "button primary",
                    None,
                    text(t::NEXT_LINK.get(lang)),
                ))),
        )
        .child(sources(SHOWN_FACTS, lang))
        .into()
}

// ---------------------------------------------------------------------------------------
// The stacks

/// What the view says about a layer: its name, what it is, what it isolates, examples,
/// and a cited figure where one exists.
struct LayerText {
    name: Msg,
    what: Msg,
    isolates: Msg,
    examples: Msg,
    fact: Option<&'static Fact>,
}

fn layer_text(l: Layer, h: Hypervisor) -> LayerText {
    let lt = |name, what, isolates, examples, fact| LayerText {
        name,
        what,
        isolates,
        examples,
        fact,
    };
    match l {
        Layer::Hardware => lt(t::L_HW, t::L_HW_WHAT, t::L_HW_ISO, t::L_HW_EX, None),
        Layer::HostOs => lt(t::L_HOST, t::L_HOST_WHAT, t::L_HOST_ISO, t::L_HOST_EX, None),
        Layer::Hypervisor => match h {
            Hypervisor::Type1 => lt(t::L_HV1, t::L_HV1_WHAT, t::L_HV_ISO, t::L_HV1_EX, None),
            Hypervisor::Type2 => lt(t::L_HV2, t::L_HV2_WHAT, t::L_HV_ISO, t::L_HV2_EX, None),
        },
        Layer::GuestOs => lt(
            t::L_GUEST,
            t::L_GUEST_WHAT,
            t::L_GUEST_ISO,
            t::L_GUEST_EX,
            Some(&facts::GENERAL_VM_SIZE),
        ),
        Layer::VmLibs => lt(
            t::L_LIBS,
            t::L_VMLIBS_WHAT,
            t::L_VMLIBS_ISO,
            t::L_LIBS_EX,
            None,
        ),
        Layer::VmApp => lt(t::L_APP, t::L_VMAPP_WHAT, t::L_VMAPP_ISO, t::L_APP_EX, None),
        Layer::Kernel => lt(
            t::L_KERNEL,
            t::L_KERNEL_WHAT,
            t::L_KERNEL_ISO,
            t::L_KERNEL_EX,
            Some(&facts::SYSCALL_SURFACE),
        ),
        Layer::Runtime => lt(t::L_RT, t::L_RT_WHAT, t::L_RT_ISO, t::L_RT_EX, None),
        Layer::Isolation => lt(
            t::L_NS,
            t::L_NS_WHAT,
            t::L_NS_ISO,
            t::L_NS_EX,
            Some(&facts::NAMESPACE_TYPES),
        ),
        Layer::CtLibs => lt(
            t::L_LIBS,
            t::L_CTLIBS_WHAT,
            t::L_CTLIBS_ISO,
            t::L_LIBS_EX,
            None,
        ),
        Layer::CtApp => lt(t::L_APP, t::L_CTAPP_WHAT, t::L_CTAPP_ISO, t::L_APP_EX, None),
    }
}

/// The label drawn on a layer (shorter than its name where the box is small).
fn layer_label(l: Layer, h: Hypervisor, k8s: bool, lang: Lang) -> String {
    match l {
        Layer::Runtime if k8s => t::L_RT_K8S_LABEL.get(lang).to_string(),
        Layer::Runtime => t::L_RT_LABEL.get(lang).to_string(),
        Layer::Kernel => t::L_KERNEL_LABEL.get(lang).to_string(),
        other => layer_text(other, h).name.get(lang).to_string(),
    }
}

/// Workloads drawn per stack.
const INSTANCES: usize = 3;

/// One stack: its layers, top first, each a button that explains itself.
fn column(state: &Handle, vm: bool, layers: Vec<Layer>, lang: Lang) -> El {
    let rows = layers.into_iter().map(|l| {
        let label = layer_label(l, state.hv, state.k8s, lang);
        let is_sel = state.selected == Some(l);
        let each = if vm {
            t::EACH_VM.get(lang)
        } else {
            t::EACH_CT.get(lang)
        };
        // One visible name (the others are drawing), so the accessible name holds the
        // visible text.
        let inner = if l.per_instance() {
            frag(vec![
                el("span")
                    .class("cells")
                    .child(el("span").class("cell").string(label.clone()))
                    .children((1..INSTANCES).map(|_| {
                        el("span")
                            .class("cell")
                            .attr("aria-hidden", "true")
                            .string(label.clone())
                            .into()
                    }))
                    .into(),
                el("span")
                    .class("sr-only")
                    .string(t::PER_INSTANCE.fmt(lang, &[("each", &each)]))
                    .into(),
            ])
        } else {
            el("span").class("whole").string(label).into()
        };

        el("li")
            .child(
                button("layer")
                    .class(l.key())
                    .class_if("selected", is_sel)
                    .attr("data-layer", l.key())
                    .attr("data-part", ["layer-", l.key()].concat())
                    .pressed(is_sel)
                    .attr("aria-controls", "layer-info")
                    .on_focus(send(state, Do::Select(l)))
                    .on_click(send(state, Do::Select(l)))
                    .child(inner),
            )
            .into()
    });
    let (title_id, title) = if vm {
        ("stack-vm-title", t::STACK_VM.get(lang))
    } else {
        ("stack-ct-title", t::STACK_CT.get(lang))
    };
    el("div")
        .class("stack")
        .class(if vm { "vm-stack" } else { "ct-stack" })
        .child(el("h3").id(title_id).text(title))
        .child(
            el("ol")
                .class("layers")
                .attr("aria-labelledby", title_id)
                .children(rows),
        )
}

fn stacks(state: &Handle, lang: Lang) -> Html {
    let hv = state.hv;
    let info = match state.selected {
        Some(l) => {
            let x = layer_text(l, hv);
            let pair = |dt: Msg, dd: El| frag(vec![el("dt").text(dt.get(lang)).into(), dd.into()]);
            let runtime_note = (l == Layer::Runtime && state.k8s)
                .then(|| frag(vec![text(" "), text(t::L_RT_K8S_NOTE.get(lang))]));
            frag(vec![
                el("h3").class("info-name").text(x.name.get(lang)).into(),
                el("dl")
                    .child(el("dt").text(t::INFO_WHAT.get(lang)))
                    .child(el("dd").text(x.what.get(lang)))
                    .child(el("dt").text(t::INFO_ISOLATES.get(lang)))
                    .child(el("dd").text(x.isolates.get(lang)))
                    .child(el("dt").text(t::INFO_EXAMPLES.get(lang)))
                    .child(el("dd").text(x.examples.get(lang)).maybe(runtime_note))
                    .maybe(
                        x.fact
                            .map(|f| pair(t::INFO_FIGURE, el("dd").child(cite_explained(f, lang)))),
                    )
                    .into(),
            ])
        }
        None => el("p").class("muted").text(t::INFO_HINT.get(lang)).into(),
    };
    let hv_button = |h: Hypervisor, key: &'static str, label: Msg| {
        button("button toggle")
            .attr("data-hv", key)
            .attr("data-part", ["hv-type", key].concat())
            .pressed(hv == h)
            .on_click(send(state, Do::SetHv(h)))
            .text(label.get(lang))
    };
    section(
        "panel stacks-panel",
        "stacks-title",
        t::STACKS_TITLE.get(lang),
    )
    .attr("data-part", "stacks")
    .child(p(t::STACKS_BODY.get(lang)))
    .child(
        el("div")
            .class("controls")
            .child(
                el("div")
                    .attr("role", "group")
                    .class("seg")
                    .attr("aria-label", t::HV_GROUP.get(lang))
                    .not_a_fact()
                    .child(hv_button(Hypervisor::Type1, "1", t::HV_TYPE1))
                    .child(hv_button(Hypervisor::Type2, "2", t::HV_TYPE2)),
            )
            .child(checkbox(
                "k8s-path",
                state.k8s,
                send(state, Do::ToggleK8s),
                t::K8S_PATH.get(lang),
            )),
    )
    .child(
        el("div")
            .class("stacks")
            .not_a_fact()
            .child(column(state, true, model::vm_stack(hv), lang))
            .child(column(state, false, model::container_stack(), lang))
            .child(
                el("div")
                    .id("layer-info")
                    .class("layer-info")
                    .attr("aria-live", "polite")
                    .child(info),
            ),
    )
    .into()
}

// ---------------------------------------------------------------------------------------
// Overhead: Felter et al. (2014)

fn overhead(lang: Lang) -> Html {
    let row = |bench: Msg, docker: Html, kvm: Html| -> Html {
        el("tr")
            .child(el("th").attr("scope", "row").text(bench.get(lang)))
            .child(el("td").child(docker))
            .child(el("td").child(kvm))
            .into()
    };

    let native = || cite(&facts::FELTER_DOCKER, lang);
    let col = |m: Msg| el("th").attr("scope", "col").text(m.get(lang)).into();
    section(
        "panel overhead",
        "overhead-title",
        t::OVERHEAD_TITLE.get(lang),
    )
    .attr("data-part", "overhead")
    .child(p(t::OVERHEAD_BODY.get(lang)))
    .child(
        el("div").class("table-wrap").child(
            el("table")
                .class("felter")
                .child(el("thead").child(el("tr").children([
                    col(t::OH_BENCH),
                    col(t::OH_DOCKER),
                    col(t::OH_KVM),
                ])))
                .child(el("tbody").children([
                    row(
                        t::OH_LINPACK,
                        native(),
                        frag(vec![
                            rich(t::OH_UNTUNED, lang),
                            el("br").into(),
                            rich(t::OH_TUNED, lang),
                        ]),
                    ),
                    row(
                        t::OH_LATENCY,
                        text(t::OH_LATENCY_DOCKER.get(lang)),
                        rich(t::OH_PER_ROUND_TRIP, lang),
                    ),
                    row(t::OH_IOPS, native(), cite(&facts::FELTER_IOPS, lang)),
                    row(
                        t::OH_MYSQL,
                        text(t::OH_MYSQL_DOCKER.get(lang)),
                        rich(t::OH_OVERHEAD, lang),
                    ),
                ])),
        ),
    )
    .child(
        el("p")
            .class("caveat")
            .child(el("strong").text(t::CAVEAT_LABEL.get(lang)))
            .text(" ")
            .text(t::OVERHEAD_CAVEAT.get(lang))
            .text(" ")
            .child(
                el("a")
                    .attr("href", anchor(&facts::FELTER_2014))
                    .not_a_fact()
                    .text(facts::FELTER_2014.short),
            ),
    )
    .into()
}

// ---------------------------------------------------------------------------------------
// Isolation

fn isolation(state: &Handle, lang: Lang) -> Html {
    let bug = state.bug;
    let card = |key: &'static str, title: Msg, body: Html, hit: Msg| -> Html {
        el("li")
            .class("iso-card")
            .class(key)
            .attr("data-iso", key)
            .child(el("h3").text(title.get(lang)))
            .child(body)
            .maybe(bug.then(|| {
                el("p")
                    .class("exposure")
                    .child(el("span").attr("aria-hidden", "true").text("⚠ "))
                    .text(hit.get(lang))
            }))
            .into()
    };
    section("panel isolation", "iso-title", t::ISO_TITLE.get(lang))
        .attr("data-part", "isolation")
        .child(p(t::ISO_BODY.get(lang)))
        .child(
            el("p").child(
                button("button toggle")
                    .id("kernel-bug")
                    .attr("data-part", "kernel-bug")
                    .pressed(bug)
                    .on_click(send(state, Do::ToggleBug))
                    .text(t::ISO_BUG.get(lang)),
            ),
        )
        .child(
            el("ul")
                .class("iso-cards")
                .attr("aria-live", "polite")
                .children([
                    card(
                        "containers",
                        t::ISO_CT,
                        frag(vec![
                            p(t::ISO_CT_BODY.get(lang)).into(),
                            el("p")
                                .child(cite_explained(&facts::SYSCALL_SURFACE, lang))
                                .into(),
                            el("p").child(rich(t::ISO_CVE, lang)).into(),
                        ]),
                        t::ISO_CT_HIT,
                    ),
                    card(
                        "vms",
                        t::ISO_VM,
                        p(t::ISO_VM_BODY.get(lang)).into(),
                        t::ISO_VM_HIT,
                    ),
                    card(
                        "microvms",
                        t::ISO_FC,
                        frag(vec![
                            p(t::ISO_FC_BODY.get(lang)).into(),
                            el("p")
                                .child(cite_explained(&facts::FIRECRACKER_SECCOMP, lang))
                                .into(),
                        ]),
                        t::ISO_FC_HIT,
                    ),
                ]),
        )
        .into()
}
