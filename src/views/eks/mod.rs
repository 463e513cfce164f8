//! EKS on AWS: the architecture as a diagram whose every part opens what EKS manages and
//! what you still manage; what a managed control plane removes; the article's ECS versus
//! EKS table, checked; and a pods-per-node calculator from the VPC CNI formula.

pub mod model;

use super::ViewSpec;
use super::image::with_names;
use super::pieces::{
    self,
    Piece::{self, *},
    el,
};
use crate::app::use_ctx;
use crate::cite::{Cite, Sources};
use crate::facts::{self, INSTANCES, Source, Tag};
use crate::i18n::{Lang, Msg, cat::eks as t};
use model::{Chore, NodeKind, Owner, Part, calc};
use yew::prelude::*;
use yew::virtual_dom::VTag;

pub fn render(_: &ViewSpec) -> Html {
    html! { <EksView /> }
}

/// Names with digits that are not claims.
const NAMES: &[&str] = &["IPv4", "EC2", "m5.large", "m5.24xlarge"];

/// The catalogue message `<part>_<field>` (e.g. `api_server_what`).
pub fn part_msg(part: Part, field: &str) -> Option<Msg> {
    let key = format!("{}_{field}", part.key().replace('-', "_"));
    t::ALL.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
}

pub fn chore_msg(chore: Chore, field: &str) -> Option<Msg> {
    let key = format!("chore_{}_{field}", chore.key().replace('-', "_"));
    t::ALL.iter().find(|(k, _)| *k == key).map(|(_, m)| *m)
}

fn text(m: Option<Msg>, lang: Lang) -> &'static str {
    m.map_or("", |m| m.get(lang))
}

/// A value from a cited table (the instance types), with its source mark.
fn listed(value: String, src: &'static Source, tag: Tag, lang: Lang) -> Html {
    html! {
        <span class="fact" data-fact="instance-table" data-source={src.key}>
            <span class="value">{ value }</span>
            { crate::cite::source_mark(src, tag, lang) }
        </span>
    }
}

fn owner_text(o: Owner, lang: Lang) -> &'static str {
    match o {
        Owner::Aws => t::OWNER_AWS.get(lang),
        Owner::Shared => t::OWNER_SHARED.get(lang),
        Owner::You => t::OWNER_YOU.get(lang),
    }
}

fn owner_class(o: Owner) -> &'static str {
    match o {
        Owner::Aws => "aws",
        Owner::Shared => "shared",
        Owner::You => "you",
    }
}

fn owner_icon(o: Owner) -> &'static str {
    match o {
        Owner::Aws => "☁",
        Owner::Shared => "⇄",
        Owner::You => "●",
    }
}

#[function_component(EksView)]
fn eks_view() -> Html {
    let lang = use_ctx().lang;
    let spec = super::ViewId::Eks.spec();
    let selected = use_state(|| None::<Part>);
    let fargate = use_state(|| false);
    let chore = use_state(|| Chore::MasterFails);
    let inst = use_state(|| 3usize);
    let kind = use_state(|| NodeKind::Managed);
    let open = {
        let selected = selected.clone();
        Callback::from(move |p: Part| selected.set(Some(p)))
    };
    let close = {
        let selected = selected.clone();
        Callback::from(move |_| selected.set(None))
    };
    let toggle_fargate = {
        let fargate = fargate.clone();
        Callback::from(move |_| fargate.set(!*fargate))
    };
    let sel = *selected;
    // On a narrow screen the panel is below the diagram: bring it into view when it opens.
    use_effect_with(sel, |sel| {
        if sel.is_some()
            && let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("eks-panel"))
        {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
    let btn = |part: Part, zone: Option<&'static str>, class: &'static str| {
        part_button(lang, sel, &open, part, zone, class)
    };
    let zones = ["a", "b", "c"];

    html! {
        <article class="view eks" data-view={spec.slug}>
            <header class="view-head">
                <h1 id="view-title">{ spec.title.get(lang) }</h1>
            </header>
            <p class="lead">{ t::LEAD.get(lang) }</p>

            <section class="stage" aria-labelledby="eks-map-title">
                <h2 id="eks-map-title">{ t::MAP_TITLE.get(lang) }</h2>
                <p>{ t::MAP_INTRO.get(lang) }</p>
                <ul class="legend">
                    { for [Owner::Aws, Owner::Shared, Owner::You].into_iter().map(|o| html! {
                        <li class={owner_class(o)}><span class="owner-icon" aria-hidden="true">{ owner_icon(o) }</span>{ owner_text(o, lang) }</li>
                    }) }
                </ul>
                <div class="map-and-panel">
                    <div class="eks-map" role="group" aria-label={t::MAP_LABEL.get(lang)}>
                        <div class="outside">
                            { btn(Part::Kubectl, None, "") }
                            <span class="flow muted" aria-hidden="true">{ "↓ " }{ t::FLOW_API.get(lang) }</span>
                            <span class="flow muted users">{ t::USERS.get(lang) }</span>
                        </div>
                        <div class="region">
                            { btn(Part::Region, None, "box-label") }
                            <div class="cols az-row">
                                { for zones.iter().map(|z| btn(Part::Az, Some(*z), "az")) }
                            </div>
                            <div class="vpc eks-vpc">
                                { btn(Part::EksVpc, None, "box-label") }
                                { btn(Part::Endpoint, None, "wide") }
                                <div class="cols">
                                    { for zones.iter().enumerate().map(|(i, z)| html! {
                                        <div class="col">
                                            if i < 2 {
                                                { btn(Part::ApiServer, Some(*z), "") }
                                            } else {
                                                <span class="slot muted">{ t::ASG_ROOM.get(lang) }</span>
                                            }
                                            { btn(Part::Etcd, Some(*z), "") }
                                        </div>
                                    }) }
                                </div>
                            </div>
                            <div class="vpc customer-vpc">
                                { btn(Part::CustomerVpc, None, "box-label") }
                                { btn(Part::LoadBalancer, None, "wide") }
                                <div class="cols">
                                    { for zones.iter().enumerate().map(|(i, z)| html! {
                                        <div class="col">
                                            <div class="subnet public">
                                                { btn(Part::PublicSubnet, Some(*z), "subnet-label") }
                                            </div>
                                            <div class="subnet private">
                                                { btn(Part::PrivateSubnet, Some(*z), "subnet-label") }
                                                if i < 2 {
                                                    { btn(Part::Eni, Some(*z), "eni") }
                                                }
                                                { btn(Part::Node, Some(*z), "node") }
                                                if *fargate {
                                                    { btn(Part::Fargate, Some(*z), "fargate") }
                                                }
                                            </div>
                                        </div>
                                    }) }
                                </div>
                            </div>
                        </div>
                        <p class="fargate-toggle">
                            <label>
                                <input type="checkbox" checked={*fargate} onchange={toggle_fargate} data-fargate-toggle="true" />
                                { " " }{ t::FARGATE_TOGGLE.get(lang) }
                            </label>
                        </p>
                    </div>
                    { part_panel(lang, sel, close) }
                </div>
            </section>

            { managed_compare(lang, &chore) }
            { ecs_table(lang) }
            { calculator(lang, &inst, &kind) }

            <Sources facts={vec![
                &facts::EKS_AZS, &facts::EKS_API_SERVERS, &facts::EKS_ETCD, &facts::EKS_ENIS,
                &facts::EKS_PRICE_HOUR, &facts::EKS_PRICE_MONTH, &facts::EKS_EXTENDED_PRICE,
                &facts::EKS_MAX_NODES, &facts::ECS_FEE, &facts::MAX_PODS_DEFAULT,
                &facts::EKS_MNG_CAP_SMALL, &facts::EKS_MNG_CAP_LARGE, &facts::EKS_MNG_VCPU_THRESHOLD,
                &facts::EKS_PREFIX, &facts::FARGATE_OVERHEAD, &facts::FARGATE_SMALLEST,
                &facts::ENI_MAX_PODS_LARGEST, &facts::INSTANCE_ENI_LIMITS,
            ]} />
            <p class="muted small">{ t::MORE_SOURCES.get(lang) }</p>
        </article>
    }
}

/// One part of the diagram: a button that opens the part's panel. `zone` places it in an
/// availability zone (named in its accessible name); an AZ button shows its letter.
#[inline(never)]
fn part_button(
    lang: Lang,
    sel: Option<Part>,
    open: &Callback<Part>,
    part: Part,
    zone: Option<&'static str>,
    class: &'static str,
) -> Html {
    let name = text(part_msg(part, "btn"), lang);
    let on = open.clone();
    let o = part.owner();
    let (label, aria) = match (part, zone) {
        (Part::Az, Some(z)) => (format!("{name} {z}"), None),
        (_, Some(z)) => (
            name.to_string(),
            Some(t::IN_ZONE.fmt(lang, &[("part", &name), ("zone", &z)])),
        ),
        (_, None) => (name.to_string(), None),
    };
    html! {
        <button type="button" class={classes!("part", owner_class(o), class)}
            data-part={part.key()} aria-controls="eks-panel" aria-expanded={(sel == Some(part)).to_string()}
            aria-label={aria} onclick={move |_| on.emit(part)}>
            <span class="owner-icon" aria-hidden="true">{ owner_icon(o) }</span>{ label }
            if part == Part::Eni { <span aria-hidden="true">{ " ⇅" }</span> }
        </button>
    }
}

// The parts below are plain functions, not components: each component type costs about two
// kilobytes of wasm, and their state lives in `EksView`.

fn part_panel(lang: Lang, part: Option<Part>, close: Callback<MouseEvent>) -> Html {
    let announce =
        part.map(|part| t::SHOWING.fmt(lang, &[("part", &text(part_msg(part, "name"), lang))]));
    html! {
        <section id="eks-panel" class="part-panel" aria-labelledby="eks-panel-title"
            data-panel={part.map(|x| x.key()).unwrap_or("none")}>
            <p class="sr-only" aria-live="polite">{ announce.unwrap_or_default() }</p>
            if let Some(part) = part {
                <h3 id="eks-panel-title">
                    <span class="owner-icon" aria-hidden="true">{ owner_icon(part.owner()) }</span>
                    { text(part_msg(part, "name"), lang) }
                </h3>
                <p class={classes!("owner", owner_class(part.owner()))}>{ owner_text(part.owner(), lang) }</p>
                <p>{ with_names(text(part_msg(part, "what"), lang), NAMES) }</p>
                <h4>{ t::EKS_MANAGES.get(lang) }</h4>
                <ul class="aws-list">
                    { for part_msg(part, "aws").into_iter().flat_map(|m| m.items(lang).collect::<Vec<_>>()).map(|i| html! { <li>{ with_names(i, NAMES) }</li> }) }
                </ul>
                <h4>{ t::YOU_MANAGE.get(lang) }</h4>
                <ul class="you-list">
                    { for part_msg(part, "you").into_iter().flat_map(|m| m.items(lang).collect::<Vec<_>>()).map(|i| html! { <li>{ with_names(i, NAMES) }</li> }) }
                </ul>
                if !part.facts().is_empty() {
                    <h4>{ t::NUMBERS.get(lang) }</h4>
                    <ul class="panel-facts">
                        { for part.facts().iter().map(|f| html! { <li><Cite fact={*f} explain=true /></li> }) }
                    </ul>
                }
                <button type="button" class="button" onclick={close}>{ t::CLOSE.get(lang) }</button>
            } else {
                <h3 id="eks-panel-title">{ t::PANEL_EMPTY_TITLE.get(lang) }</h3>
                <p class="muted">{ t::PANEL_EMPTY.get(lang) }</p>
            }
        </section>
    }
}

fn managed_compare(lang: Lang, chore: &UseStateHandle<Chore>) -> Html {
    let c = **chore;
    let boxes = |managed: bool| {
        let failed = c == Chore::MasterFails;
        let grows = c == Chore::Scale;
        let upgrading = c == Chore::Upgrade || c == Chore::Patch;
        html! {
            <div class={classes!("cp-boxes", managed.then_some("managed"))}>
                <p class="cp-owner">
                    { if managed { t::CP_RUN_BY_AWS.get(lang) } else { t::CP_RUN_BY_YOU.get(lang) } }
                </p>
                <div class="cp-row">                    // EKS runs at least two API server instances; the article's own setup, three masters.
                    { for ["a", "b", "c"].iter().take(if managed { 2 } else { 3 }).enumerate().map(|(i, z)| {
                        let down = failed && i == 0;
                        html! {
                            <span class={classes!("cp", "master", down.then_some("down"), (upgrading && i == 0).then_some("busy"))}>                                { if managed { text(part_msg(Part::ApiServer, "btn"), lang) } else { t::MASTER.get(lang) } }{ " " }{ *z }
                                if down { <span class="state">{ "✕ " }{ t::DOWN.get(lang) }</span> }
                                if upgrading && i == 0 { <span class="state">{ "↻ " }{ t::UPDATING.get(lang) }</span> }
                            </span>
                        }
                    }) }
                    if grows {                        <span class="cp master added">{ "+ " }{ if managed { text(part_msg(Part::ApiServer, "btn"), lang) } else { t::MASTER.get(lang) } }</span>
                    }
                </div>
                <div class="cp-row">
                    { for ["a", "b", "c"].iter().map(|z| html! {
                        <span class={classes!("cp", "etcd", (c == Chore::Backup).then_some("busy"))}>
                            { "etcd " }{ *z }
                            if c == Chore::Backup { <span class="state">{ "⎘ " }{ t::SNAPSHOT.get(lang) }</span> }
                        </span>
                    }) }
                </div>
            </div>
        }
    };
    let list = |field: &str| {
        html! {
            <ol class="chore-steps">
                { for chore_msg(c, field).into_iter().flat_map(|m| m.items(lang).collect::<Vec<_>>()).map(|i| html! { <li>{ with_names(i, NAMES) }</li> }) }
            </ol>
        }
    };
    html! {
        <section class="stage" aria-labelledby="eks-managed-title">
            <h2 id="eks-managed-title">{ t::MANAGED_TITLE.get(lang) }</h2>
            <p>{ t::MANAGED_INTRO.get(lang) }</p>
            <div class="chores" role="group" aria-label={t::CHORES_LABEL.get(lang)}>
                { for Chore::ALL.iter().map(|&ch| {
                    let chore = chore.clone();
                    html! {
                        <button type="button" class="button" data-chore={ch.key()}
                            aria-pressed={(c == ch).to_string()} onclick={move |_| chore.set(ch)}>
                            { text(chore_msg(ch, "btn"), lang) }
                        </button>
                    }
                }) }
            </div>
            <div class="compare" data-chore-shown={c.key()}>
                <div class="side self-managed">
                    <h3>{ t::SELF_MANAGED.get(lang) }</h3>
                    { boxes(false) }
                    <h4>{ t::YOUR_STEPS.get(lang) }</h4>
                    { list("self") }
                </div>
                <div class="side with-eks">
                    <h3>{ t::WITH_EKS.get(lang) }</h3>
                    { boxes(true) }
                    <h4>{ t::YOUR_STEPS.get(lang) }</h4>
                    { list("eks") }
                </div>
            </div>
            <p class="muted small">{ t::MANAGED_NOTE.get(lang) }</p>
        </section>
    }
}

/// The article's ECS versus EKS table, row by row: the label, the ECS cell, the EKS cell.
static ECS_ROWS: &[(Msg, &[Piece], &[Piece])] = &[
    (t::ROW_OPEN, &[T(t::ECS_OPEN)], &[T(t::EKS_OPEN)]),
    (t::ROW_UNIT, &[T(t::ECS_UNIT)], &[T(t::EKS_UNIT)]),
    (t::ROW_KEEP, &[T(t::ECS_KEEP)], &[T(t::EKS_KEEP)]),
    (
        t::ROW_EFFORT,
        &[Says(t::ARTICLE_SAYS), T(t::ECS_EFFORT)],
        &[Says(t::ARTICLE_SAYS), T(t::EKS_EFFORT)],
    ),
    (
        t::ROW_IAM,
        &[Says(t::ARTICLE_SAYS), T(t::ECS_IAM)],
        &[
            Says(t::ARTICLE_SAYS),
            T(t::EKS_IAM),
            Small(&[T(t::IAM_UNCHECKED)]),
        ],
    ),
    (
        t::ROW_PER_NODE,
        &[
            Says(t::ARTICLE_SAYS),
            Article(t::ECS_PER_NODE_ARTICLE, t::ARTICLE_TAG),
            Small(&[T(t::ECS_PER_NODE_CHECKED)]),
        ],
        &[
            Says(t::ARTICLE_SAYS),
            Article(t::EKS_PER_NODE_ARTICLE, t::ARTICLE_TAG),
            Small(&[
                T(t::EKS_PER_NODE_CHECKED),
                S(" "),
                C(&facts::ENI_MAX_PODS_LARGEST),
                T(t::SENTENCE_END),
                S(" "),
                T(t::EKS_PER_NODE_DEFAULT),
                S(" "),
                C(&facts::MAX_PODS_DEFAULT),
                T(t::EKS_PER_NODE_MNG),
                S(" "),
                C(&facts::EKS_MNG_CAP_SMALL),
                S(" / "),
                C(&facts::EKS_MNG_CAP_LARGE),
                T(t::SENTENCE_END),
            ]),
        ],
    ),
    (
        t::ROW_COST,
        &[T(t::ECS_COST), S(" "), C(&facts::ECS_FEE)],
        &[
            C(&facts::EKS_PRICE_HOUR),
            S(" ≈ "),
            C(&facts::EKS_PRICE_MONTH),
            Small(&[
                T(t::EKS_COST_ARTICLE),
                S(" "),
                Article(t::EKS_COST_ARTICLE_VALUE, t::ARTICLE_TAG),
                S(" "),
                T(t::EKS_COST_EXTENDED),
                S(" "),
                C(&facts::EKS_EXTENDED_PRICE),
                S("."),
            ]),
        ],
    ),
    (
        t::ROW_COMPUTE,
        &[N(t::BOTH_COMPUTE, NAMES)],
        &[N(t::BOTH_COMPUTE, NAMES)],
    ),
    (t::ROW_CLOUD, &[T(t::ECS_CLOUD)], &[T(t::EKS_CLOUD)]),
];

fn ecs_table(lang: Lang) -> Html {
    let rows = ECS_ROWS.iter().map(|(label, ecs, eks)| {
        let mut th = VTag::new("th");
        th.add_attribute("scope", "row");
        th.add_child(Html::from(label.get(lang)));
        el(
            "tr",
            "",
            vec![
                th.into(),
                el("td", "", pieces::render(lang, ecs)),
                el("td", "", pieces::render(lang, eks)),
            ],
        )
    });
    html! {
        <section class="stage" aria-labelledby="eks-ecs-title">
            <h2 id="eks-ecs-title">{ t::ECS_TITLE.get(lang) }</h2>
            <p>{ t::ECS_INTRO.get(lang) }</p>
            <div class="table-wrap">
                <table class="ecs-eks">
                    <thead><tr>
                        <th scope="col">{ t::COL_ASPECT.get(lang) }</th>
                        <th scope="col">{ "Amazon ECS" }</th>
                        <th scope="col">{ "Amazon EKS" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}

fn calculator(lang: Lang, inst: &UseStateHandle<usize>, kind: &UseStateHandle<NodeKind>) -> Html {
    let on_inst = {
        let inst = inst.clone();
        Callback::from(move |e: web_sys::Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(i) = el
                .value()
                .parse::<usize>()
                .ok()
                .filter(|i| model::instance(*i).is_some())
            {
                inst.set(i);
            }
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: web_sys::Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = el
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| NodeKind::ALL.get(i))
            {
                kind.set(*k);
            }
        })
    };
    let Some(instance) = model::instance(**inst) else {
        return Html::default();
    };
    let c = calc(instance, **kind);
    let ec2 = |v: u32| listed(v.to_string(), &facts::EC2_ENI, Tag::Secondary, lang);
    html! {
        <section class="stage calculator" aria-labelledby="eks-calc-title">
            <h2 id="eks-calc-title">{ t::CALC_TITLE.get(lang) }</h2>
            <p>{ with_names(t::CALC_INTRO.get(lang), NAMES) }</p>
            <div class="calc-inputs">
                <label for="calc-instance">{ t::INSTANCE_TYPE.get(lang) }</label>
                <select id="calc-instance" onchange={on_inst} data-not-a-fact="true">
                    { for INSTANCES.iter().enumerate().map(|(i, x)| html! {
                        <option value={i.to_string()} selected={i == **inst}>{ x.name }</option>
                    }) }
                </select>
                <label for="calc-kind">{ t::NODE_KIND.get(lang) }</label>
                <select id="calc-kind" onchange={on_kind}>
                    { for NodeKind::ALL.iter().enumerate().map(|(i, k)| html! {
                        <option value={i.to_string()} selected={*k == **kind}>
                            { match k { NodeKind::Managed => t::KIND_MANAGED.get(lang), NodeKind::SelfManaged => t::KIND_SELF.get(lang) } }
                        </option>
                    }) }
                </select>
            </div>
            <dl class="calc-limits">
                <div><dt>{ t::ENIS.get(lang) }</dt><dd data-calc="enis">{ ec2(instance.enis) }</dd></div>
                <div><dt>{ t::IPS_PER_ENI.get(lang) }</dt><dd data-calc="ips">{ ec2(instance.ips_per_eni) }</dd></div>
                <div><dt>{ t::VCPUS.get(lang) }</dt><dd data-calc="vcpus">{ ec2(instance.vcpus) }</dd></div>
            </dl>
            <p class="formula" data-not-a-fact="true" aria-live="polite">
                <code>{ "maxPods = ENIs × (IPs per ENI − 1) + 2" }</code><br />
                <code class="with-numbers">
                    { format!("= {} × ({} − 1) + 2 = ", instance.enis, instance.ips_per_eni) }
                    <strong data-calc="formula">{ c.formula }</strong>
                </code>
            </p>
            <p class="calc-check">
                { t::LISTED.get(lang) }{ " " }
                <span data-calc="listed">{ listed(instance.listed_max_pods.to_string(), &facts::ENI_MAX_PODS, Tag::Primary, lang) }</span>
                { " " }
                if c.matches_listed() {
                    <span class="match ok" data-calc-match="true">{ "✓ " }{ t::MATCHES.get(lang) }</span>
                } else {
                    <span class="match bad" data-calc-match="false">{ "✕ " }{ t::DIFFERS.get(lang) }</span>
                }
            </p>
            if let Some(cap) = c.cap {
                <p class="calc-cap">
                    { t::CAP_INTRO.get(lang) }{ " " }<Cite fact={&facts::EKS_MNG_VCPU_THRESHOLD} />
                    { t::CAP_MID.get(lang) }{ " " }<Cite fact={cap} />{ t::SENTENCE_END.get(lang) }{ " " }
                    if c.capped() {
                        <strong class="capped">{ "↓ " }{ t::CAPPED.get(lang) }</strong>
                    } else {
                        { t::NOT_CAPPED.get(lang) }
                    }
                </p>
            } else {
                <p class="calc-cap">{ t::NO_CAP.get(lang) }{ " " }<Cite fact={&facts::MAX_PODS_DEFAULT} />{ t::SENTENCE_END.get(lang) }</p>
            }
            <p class="result">
                { t::RESULT.get(lang) }{ " " }
                <strong class="big" data-not-a-fact="true" data-calc="max-pods">{ c.max_pods }</strong>
            </p><p class="muted small">
                { t::PREFIX_NOTE.get(lang) }{ " " }<Cite fact={&facts::EKS_PREFIX} />{ t::PREFIX_NOTE_END.get(lang) }{ " " }{ t::PREFIX_NOTE_CAP.get(lang) }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_and_chore_has_its_texts() {
        for p in Part::ALL {
            for field in ["btn", "name", "what", "aws", "you"] {
                let m = part_msg(p, field).unwrap_or_else(|| panic!("{}: no {field}", p.key()));
                for lang in Lang::ALL {
                    assert!(!m.get(lang).is_empty());
                }
            }
        }
        for c in Chore::ALL {
            for field in ["btn", "self", "eks"] {
                assert!(chore_msg(c, field).is_some(), "{}: no {field}", c.key());
            }
        }
    }
}
