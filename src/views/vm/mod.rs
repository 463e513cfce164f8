//! "VM vs container": the two stacks layer by layer, a boot race, a density experiment the
//! user sizes, the overhead figures of Felter et al. and the isolation trade-off. Every
//! number about the world is a cited fact; the rest is the user's experiment.

mod density;
pub mod model;
mod race;

use super::{ViewId, ViewSpec};
use crate::app::{Link, use_ctx};
use crate::cite::{Cite, Sources};
use crate::facts::{self, Fact};
use crate::i18n::{Lang, Msg, cat::vm as t};
use crate::route::Page;
use model::{Hypervisor, Layer};
use yew::prelude::*;

pub fn render(_: &ViewSpec) -> Html {
    html! { <VmView /> }
}

/// Every fact this view shows, for its list of sources.
fn shown_facts() -> Vec<&'static Fact> {
    vec![
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
    ]
}

#[function_component(VmView)]
fn vm_view() -> Html {
    let lang = use_ctx().lang;
    let spec = ViewId::VmVsContainer.spec();
    let bug = use_state(|| false);
    let toggle = {
        let bug = bug.clone();
        Callback::from(move |_| bug.set(!*bug))
    };
    html! {
        <article class="view vm" data-view={spec.slug}>
            <header class="view-head">
                <h1 id="view-title">{ spec.title.get(lang) }</h1>
            </header>
            <p class="lead">{ t::LEAD.get(lang) }</p>
            <Stacks />
            <race::BootRace />
            <density::DensityLab />
            { overhead(lang) }
            { isolation(lang, *bug, toggle) }
            <section class="bridge panel" aria-labelledby="vm-next">
                <h2 id="vm-next">{ t::NEXT_TITLE.get(lang) }</h2>
                <p>{ t::NEXT_BODY.get(lang) }</p>
                <p>
                    <Link page={Page::View(ViewId::ImageVsContainer)} class="button primary">
                        { t::NEXT_LINK.get(lang) }
                    </Link>
                </p>
            </section>
            <Sources facts={shown_facts()} />
        </article>
    }
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

#[function_component(Stacks)]
fn stacks() -> Html {
    let lang = use_ctx().lang;
    let hv = use_state(|| Hypervisor::Type1);
    let k8s = use_state(|| false);
    let selected = use_state(|| None::<Layer>);

    let set_hv = |h: Hypervisor| {
        let (hv, selected) = (hv.clone(), selected.clone());
        Callback::from(move |_| {
            hv.set(h);
            if h == Hypervisor::Type1 && *selected == Some(Layer::HostOs) {
                selected.set(None);
            }
        })
    };
    let toggle_k8s = {
        let k8s = k8s.clone();
        Callback::from(move |_| k8s.set(!*k8s))
    };

    let column = |vm: bool, layers: Vec<Layer>| {
        let rows = layers.into_iter().map(|l| {
            let pick = {
                let selected = selected.clone();
                Callback::from(move |_: FocusEvent| selected.set(Some(l)))
            };
            let click = {
                let selected = selected.clone();
                Callback::from(move |_: MouseEvent| selected.set(Some(l)))
            };
            let label = layer_label(l, *hv, *k8s, lang);
            let is_sel = *selected == Some(l);
            let each = if vm { t::EACH_VM.get(lang) } else { t::EACH_CT.get(lang) };
            // One visible name (the others are drawing), so the accessible name holds the
            // visible text.
            let inner = if l.per_instance() {
                html! {
                    <>
                        <span class="cells">
                            <span class="cell">{ label.clone() }</span>
                            { for (1..INSTANCES).map(|_| html! { <span class="cell" aria-hidden="true">{ label.clone() }</span> }) }
                        </span>
                        <span class="sr-only">{ t::PER_INSTANCE.fmt(lang, &[("each", &each)]) }</span>
                    </>
                }
            } else {
                html! { <span class="whole">{ label.clone() }</span> }
            };
            html! {
                <li>
                    <button type="button" class={classes!("layer", l.key(), is_sel.then_some("selected"))}
                        data-layer={l.key()} aria-pressed={is_sel.to_string()}
                        aria-controls="layer-info" onfocus={pick} onclick={click}>
                        { inner }
                    </button>
                </li>
            }
        });
        let (title_id, title) = if vm {
            ("stack-vm-title", t::STACK_VM.get(lang))
        } else {
            ("stack-ct-title", t::STACK_CT.get(lang))
        };
        html! {
            <div class={classes!("stack", if vm { "vm-stack" } else { "ct-stack" })}>
                <h3 id={title_id}>{ title }</h3>
                <ol class="layers" aria-labelledby={title_id}>{ for rows }</ol>
            </div>
        }
    };

    let info = selected.map(|l| {
        let x = layer_text(l, *hv);
        html! {
            <>
                <h3 class="info-name">{ x.name.get(lang) }</h3>
                <dl>
                    <dt>{ t::INFO_WHAT.get(lang) }</dt><dd>{ x.what.get(lang) }</dd>
                    <dt>{ t::INFO_ISOLATES.get(lang) }</dt><dd>{ x.isolates.get(lang) }</dd>
                    <dt>{ t::INFO_EXAMPLES.get(lang) }</dt><dd>{ x.examples.get(lang) }
                        if l == Layer::Runtime && *k8s { { " " }{ t::L_RT_K8S_NOTE.get(lang) } }
                    </dd>
                    if let Some(f) = x.fact {
                        <dt>{ t::INFO_FIGURE.get(lang) }</dt><dd><Cite fact={f} explain=true /></dd>
                    }
                </dl>
            </>
        }
    });

    html! {
        <section class="panel stacks-panel" aria-labelledby="stacks-title">
            <h2 id="stacks-title">{ t::STACKS_TITLE.get(lang) }</h2>
            <p>{ t::STACKS_BODY.get(lang) }</p>
            <div class="controls">
                <div role="group" class="seg" aria-label={t::HV_GROUP.get(lang)} data-not-a-fact="true">
                    <button type="button" class="button toggle" data-hv="1" aria-pressed={(*hv == Hypervisor::Type1).to_string()} onclick={set_hv(Hypervisor::Type1)}>
                        { t::HV_TYPE1.get(lang) }
                    </button>
                    <button type="button" class="button toggle" data-hv="2" aria-pressed={(*hv == Hypervisor::Type2).to_string()} onclick={set_hv(Hypervisor::Type2)}>
                        { t::HV_TYPE2.get(lang) }
                    </button>
                </div>
                <label class="check">
                    <input type="checkbox" id="k8s-path" checked={*k8s} onchange={toggle_k8s} />
                    { t::K8S_PATH.get(lang) }
                </label>
            </div>
            <div class="stacks" data-not-a-fact="true">
                { column(true, model::vm_stack(*hv)) }
                { column(false, model::container_stack()) }
                <div id="layer-info" class="layer-info" aria-live="polite">
                    { info.unwrap_or_else(|| html! { <p class="muted">{ t::INFO_HINT.get(lang) }</p> }) }
                </div>
            </div>
        </section>
    }
}

// ---------------------------------------------------------------------------------------
// Overhead: Felter et al. (2014)

/// Plain functions, not components, for the sections without state of their own: each
/// component costs the download a few kilobytes of machinery.
fn overhead(lang: Lang) -> Html {
    let row = |bench: Msg, docker: Html, kvm: Html| {
        html! {
            <tr>
                <th scope="row">{ bench.get(lang) }</th>
                <td>{ docker }</td>
                <td>{ kvm }</td>
            </tr>
        }
    };
    let docker_native = html! { <Cite fact={&facts::FELTER_DOCKER} /> };
    html! {
        <section class="panel overhead" aria-labelledby="overhead-title">
            <h2 id="overhead-title">{ t::OVERHEAD_TITLE.get(lang) }</h2>
            <p>{ t::OVERHEAD_BODY.get(lang) }</p>
            <div class="table-wrap">
                <table class="felter">
                    <thead>
                        <tr>
                            <th scope="col">{ t::OH_BENCH.get(lang) }</th>
                            <th scope="col">{ t::OH_DOCKER.get(lang) }</th>
                            <th scope="col">{ t::OH_KVM.get(lang) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { row(t::OH_LINPACK, docker_native.clone(), html! {
                            <>
                                <Cite fact={&facts::FELTER_LINPACK_KVM} />{ " " }{ t::OH_UNTUNED.get(lang) }
                                <br />
                                <Cite fact={&facts::FELTER_LINPACK_KVM_TUNED} />{ " " }{ t::OH_TUNED.get(lang) }
                            </>
                        }) }
                        { row(t::OH_LATENCY, html! { t::OH_LATENCY_DOCKER.get(lang) }, html! {
                            <><Cite fact={&facts::FELTER_LATENCY} />{ " " }{ t::OH_PER_ROUND_TRIP.get(lang) }</>
                        }) }
                        { row(t::OH_IOPS, docker_native.clone(), html! { <Cite fact={&facts::FELTER_IOPS} /> }) }
                        { row(t::OH_MYSQL, html! { t::OH_MYSQL_DOCKER.get(lang) }, html! {
                            <><Cite fact={&facts::FELTER_MYSQL} />{ " " }{ t::OH_OVERHEAD.get(lang) }</>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="caveat">
                <strong>{ t::CAVEAT_LABEL.get(lang) }</strong>{ " " }{ t::OVERHEAD_CAVEAT.get(lang) }{ " " }
                <a href={format!("#src-{}", facts::FELTER_2014.key)} data-not-a-fact="true">{ facts::FELTER_2014.short }</a>
            </p>
        </section>
    }
}

// ---------------------------------------------------------------------------------------
// Isolation

fn isolation(lang: Lang, bug: bool, toggle: Callback<MouseEvent>) -> Html {
    let card = |key: &'static str, title: Msg, body: Html, hit: Msg| {
        html! {
            <li class={classes!("iso-card", key)} data-iso={key}>
                <h3>{ title.get(lang) }</h3>
                { body }
                if bug {
                    <p class="exposure"><span aria-hidden="true">{ "⚠ " }</span>{ hit.get(lang) }</p>
                }
            </li>
        }
    };
    html! {
        <section class="panel isolation" aria-labelledby="iso-title">
            <h2 id="iso-title">{ t::ISO_TITLE.get(lang) }</h2>
            <p>{ t::ISO_BODY.get(lang) }</p>
            <p>
                <button type="button" class="button toggle" id="kernel-bug" aria-pressed={bug.to_string()} onclick={toggle}>
                    { t::ISO_BUG.get(lang) }
                </button>
            </p>
            <ul class="iso-cards" aria-live="polite">
                { card("containers", t::ISO_CT, html! {
                    <>
                        <p>{ t::ISO_CT_BODY.get(lang) }</p>
                        <p><Cite fact={&facts::SYSCALL_SURFACE} explain=true /></p>
                        <p>{ t::ISO_CVE_BEFORE.get(lang) }<Cite fact={&facts::RUNC_CVE} />{ t::ISO_CVE_AFTER.get(lang) }</p>
                    </>
                }, t::ISO_CT_HIT) }
                { card("vms", t::ISO_VM, html! { <p>{ t::ISO_VM_BODY.get(lang) }</p> }, t::ISO_VM_HIT) }
                { card("microvms", t::ISO_FC, html! {
                    <>
                        <p>{ t::ISO_FC_BODY.get(lang) }</p>
                        <p><Cite fact={&facts::FIRECRACKER_SECCOMP} explain=true /></p>
                    </>
                }, t::ISO_FC_HIT) }
            </ul>
        </section>
    }
}
