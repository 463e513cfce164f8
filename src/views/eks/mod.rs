//! EKS on AWS: the architecture as a diagram whose every part opens what EKS manages and
//! what you still manage; what a managed control plane removes; the article's ECS versus
//! EKS table, checked; and a pods-per-node calculator from the VPC CNI formula.

pub mod model;

use super::pieces::{
    self,
    Piece::{self, *},
    items, p, rich, section, view_head,
};
use crate::app::use_ctx;
use crate::cite::{cite, cite_explained, sources};
use crate::el::{El, button, el, frag, text};
use crate::facts::{self, INSTANCES, Source, Tag};
use crate::i18n::{Lang, Msg, cat::eks as t};
use model::{Chore, NodeKind, Owner, Part, calc};
use std::rc::Rc;
use yew::prelude::*;

pub fn render() -> Html {
    html! { <EksView /> }
}

/// Each part's texts, in [`Part::ALL`] order, then in the order of [`PART_FIELDS`]: the
/// `<part>_<field>` messages.
static PART_TEXTS: [[Msg; 5]; 14] = [
    [
        t::REGION_BTN,
        t::REGION_NAME,
        t::REGION_WHAT,
        t::REGION_AWS,
        t::REGION_YOU,
    ],
    [t::AZ_BTN, t::AZ_NAME, t::AZ_WHAT, t::AZ_AWS, t::AZ_YOU],
    [
        t::EKS_VPC_BTN,
        t::EKS_VPC_NAME,
        t::EKS_VPC_WHAT,
        t::EKS_VPC_AWS,
        t::EKS_VPC_YOU,
    ],
    [
        t::ENDPOINT_BTN,
        t::ENDPOINT_NAME,
        t::ENDPOINT_WHAT,
        t::ENDPOINT_AWS,
        t::ENDPOINT_YOU,
    ],
    [
        t::API_SERVER_BTN,
        t::API_SERVER_NAME,
        t::API_SERVER_WHAT,
        t::API_SERVER_AWS,
        t::API_SERVER_YOU,
    ],
    [
        t::ETCD_BTN,
        t::ETCD_NAME,
        t::ETCD_WHAT,
        t::ETCD_AWS,
        t::ETCD_YOU,
    ],
    [t::ENI_BTN, t::ENI_NAME, t::ENI_WHAT, t::ENI_AWS, t::ENI_YOU],
    [
        t::CUSTOMER_VPC_BTN,
        t::CUSTOMER_VPC_NAME,
        t::CUSTOMER_VPC_WHAT,
        t::CUSTOMER_VPC_AWS,
        t::CUSTOMER_VPC_YOU,
    ],
    [
        t::PUBLIC_SUBNET_BTN,
        t::PUBLIC_SUBNET_NAME,
        t::PUBLIC_SUBNET_WHAT,
        t::PUBLIC_SUBNET_AWS,
        t::PUBLIC_SUBNET_YOU,
    ],
    [
        t::PRIVATE_SUBNET_BTN,
        t::PRIVATE_SUBNET_NAME,
        t::PRIVATE_SUBNET_WHAT,
        t::PRIVATE_SUBNET_AWS,
        t::PRIVATE_SUBNET_YOU,
    ],
    [
        t::NODE_BTN,
        t::NODE_NAME,
        t::NODE_WHAT,
        t::NODE_AWS,
        t::NODE_YOU,
    ],
    [
        t::FARGATE_BTN,
        t::FARGATE_NAME,
        t::FARGATE_WHAT,
        t::FARGATE_AWS,
        t::FARGATE_YOU,
    ],
    [
        t::LOAD_BALANCER_BTN,
        t::LOAD_BALANCER_NAME,
        t::LOAD_BALANCER_WHAT,
        t::LOAD_BALANCER_AWS,
        t::LOAD_BALANCER_YOU,
    ],
    [
        t::KUBECTL_BTN,
        t::KUBECTL_NAME,
        t::KUBECTL_WHAT,
        t::KUBECTL_AWS,
        t::KUBECTL_YOU,
    ],
];

fn part_texts(part: Part) -> [Msg; 5] {
    PART_TEXTS[part as usize]
}

/// The fields of a part's texts: its button label, its name, what it is, what AWS
/// manages and what you manage (the last two `|`-separated lists).
pub const PART_FIELDS: [&str; 5] = ["btn", "name", "what", "aws", "you"];

/// The catalogue message `<part>_<field>` (e.g. `api_server_what`).
pub fn part_msg(part: Part, field: &str) -> Option<Msg> {
    let i = PART_FIELDS.iter().position(|f| *f == field)?;
    Some(part_texts(part)[i])
}

/// The fields of a chore's texts: its button label and the steps with and without EKS.
pub const CHORE_FIELDS: [&str; 3] = ["btn", "self", "eks"];

/// The catalogue message `chore_<chore>_<field>` (e.g. `chore_backup_self`).
pub fn chore_msg(chore: Chore, field: &str) -> Option<Msg> {
    let i = CHORE_FIELDS.iter().position(|f| *f == field)?;
    let texts = match chore {
        Chore::Backup => [
            t::CHORE_BACKUP_BTN,
            t::CHORE_BACKUP_SELF,
            t::CHORE_BACKUP_EKS,
        ],
        Chore::MasterFails => [
            t::CHORE_MASTER_FAILS_BTN,
            t::CHORE_MASTER_FAILS_SELF,
            t::CHORE_MASTER_FAILS_EKS,
        ],
        Chore::Scale => [t::CHORE_SCALE_BTN, t::CHORE_SCALE_SELF, t::CHORE_SCALE_EKS],
        Chore::Upgrade => [
            t::CHORE_UPGRADE_BTN,
            t::CHORE_UPGRADE_SELF,
            t::CHORE_UPGRADE_EKS,
        ],
        Chore::Patch => [t::CHORE_PATCH_BTN, t::CHORE_PATCH_SELF, t::CHORE_PATCH_EKS],
    };
    Some(texts[i])
}

fn text_of(m: Option<Msg>, lang: Lang) -> &'static str {
    m.map_or("", |m| m.get(lang))
}

/// A value from a cited table (the instance types), with its source mark.
fn listed(value: String, src: &'static Source, tag: Tag, lang: Lang) -> Html {
    el("span")
        .class("fact")
        .attr("data-fact", "instance-table")
        .attr("data-source", src.key)
        .child(el("span").class("value").string(value))
        .child(crate::cite::source_mark(src, tag, lang))
        .into()
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

/// The owner's icon, hidden from screen readers (the text says it).
fn owner_icon(o: Owner) -> El {
    let icon = match o {
        Owner::Aws => "☁",
        Owner::Shared => "⇄",
        Owner::You => "●",
    };
    el("span")
        .class("owner-icon")
        .attr("aria-hidden", "true")
        .text(icon)
}

const ZONES: [&str; 3] = ["a", "b", "c"];

/// What the view shows: the open part, Fargate on the map, the chore compared, and the
/// calculator's instance (an index into [`INSTANCES`]) and kind of node.
#[derive(Clone, PartialEq)]
struct State {
    selected: Option<Part>,
    fargate: bool,
    chore: Chore,
    inst: usize,
    kind: NodeKind,
}

#[derive(Clone, Copy)]
enum Do {
    Open(Option<Part>),
    ToggleFargate,
    Chore(Chore),
    Instance(usize),
    Kind(NodeKind),
}

impl Reducible for State {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut s = (*self).clone();
        match d {
            Do::Open(p) => s.selected = p,
            Do::ToggleFargate => s.fargate = !s.fargate,
            Do::Chore(c) => s.chore = c,
            Do::Instance(i) => s.inst = i,
            Do::Kind(k) => s.kind = k,
        }
        Rc::new(s)
    }
}

type Handle = UseReducerHandle<State>;

/// A handler of any event that sends `d`.
#[inline(never)]
fn send<E: 'static>(state: &Handle, d: Do) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_| state.dispatch(d))
}

#[function_component(EksView)]
fn eks_view() -> Html {
    let lang = use_ctx().lang;
    let spec = super::ViewId::Eks.spec();
    let state = use_reducer(|| State {
        selected: None,
        fargate: false,
        chore: Chore::MasterFails,
        inst: 3,
        kind: NodeKind::Managed,
    });
    let fargate = state.fargate;
    let sel = state.selected;
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
    let btn = |part: Part, zone: Option<&'static str>, class: &'static str| -> Html {
        part_button(lang, &state, part, zone, class)
    };

    let legend =
        el("ul")
            .class("legend")
            .children(
                [Owner::Aws, Owner::Shared, Owner::You]
                    .into_iter()
                    .map(|o| {
                        el("li")
                            .class(owner_class(o))
                            .child(owner_icon(o))
                            .text(owner_text(o, lang))
                            .into()
                    }),
            );
    let outside = el("div")
        .class("outside")
        .child(btn(Part::Kubectl, None, ""))
        .child(
            el("span")
                .class("flow muted")
                .attr("aria-hidden", "true")
                .text("↓ ")
                .text(t::FLOW_API.get(lang)),
        )
        .child(
            el("span")
                .class("flow muted users")
                .text(t::USERS.get(lang)),
        );
    let control_plane = el("div")
        .class("vpc eks-vpc")
        .child(btn(Part::EksVpc, None, "box-label"))
        .child(btn(Part::Endpoint, None, "wide"))
        .child(
            el("div")
                .class("cols")
                .children(ZONES.iter().enumerate().map(|(i, z)| {
                    let first = if i < 2 {
                        btn(Part::ApiServer, Some(*z), "")
                    } else {
                        el("span")
                            .class("slot muted")
                            .text(t::ASG_ROOM.get(lang))
                            .into()
                    };
                    el("div")
                        .class("col")
                        .child(first)
                        .child(btn(Part::Etcd, Some(*z), ""))
                        .into()
                })),
        );
    let customer = el("div")
        .class("vpc customer-vpc")
        .child(btn(Part::CustomerVpc, None, "box-label"))
        .child(btn(Part::LoadBalancer, None, "wide"))
        .child(
            el("div")
                .class("cols")
                .children(ZONES.iter().enumerate().map(|(i, z)| {
                    let z = Some(*z);
                    let private = el("div")
                        .class("subnet private")
                        .child(btn(Part::PrivateSubnet, z, "subnet-label"))
                        .maybe((i < 2).then(|| btn(Part::Eni, z, "eni")))
                        .child(btn(Part::Node, z, "node"))
                        .maybe(fargate.then(|| btn(Part::Fargate, z, "fargate")));
                    el("div")
                        .class("col")
                        .child(el("div").class("subnet public").child(btn(
                            Part::PublicSubnet,
                            z,
                            "subnet-label",
                        )))
                        .child(private)
                        .into()
                })),
        );
    let region = el("div")
        .class("region")
        .child(btn(Part::Region, None, "box-label"))
        .child(
            el("div")
                .class("cols az-row")
                .children(ZONES.iter().map(|z| btn(Part::Az, Some(*z), "az"))),
        )
        .child(control_plane)
        .child(customer);
    let toggle = el("p").class("fargate-toggle").child(
        el("label")
            .child(
                el("input")
                    .attr("type", "checkbox")
                    .checked(fargate)
                    .on_change(send(&state, Do::ToggleFargate))
                    .attr("data-fargate-toggle", "true"),
            )
            .text(" ")
            .text(t::FARGATE_TOGGLE.get(lang)),
    );
    let map = el("div")
        .class("eks-map")
        .attr("role", "group")
        .attr("aria-label", t::MAP_LABEL.get(lang))
        .child(outside)
        .child(region)
        .child(toggle);

    el("article")
        .class("view eks")
        .attr("data-view", spec.slug)
        .child(view_head(spec.title.get(lang)))
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(
            section("stage", "eks-map-title", t::MAP_TITLE.get(lang))
                .attr("data-part", "map")
                .child(p(t::MAP_INTRO.get(lang)))
                .child(legend)
                .child(
                    el("div")
                        .class("map-and-panel")
                        .child(map)
                        .child(part_panel(lang, &state)),
                ),
        )
        .child(managed_compare(lang, &state))
        .child(ecs_table(lang))
        .child(calculator(lang, &state))
        .child(sources(
            &[
                &facts::EKS_AZS,
                &facts::EKS_API_SERVERS,
                &facts::EKS_ETCD,
                &facts::EKS_ENIS,
                &facts::EKS_PRICE_HOUR,
                &facts::EKS_PRICE_MONTH,
                &facts::EKS_EXTENDED_PRICE,
                &facts::EKS_MAX_NODES,
                &facts::ECS_FEE,
                &facts::MAX_PODS_DEFAULT,
                &facts::EKS_MNG_CAP_SMALL,
                &facts::EKS_MNG_CAP_LARGE,
                &facts::EKS_MNG_VCPU_THRESHOLD,
                &facts::EKS_PREFIX,
                &facts::FARGATE_OVERHEAD,
                &facts::FARGATE_SMALLEST,
                &facts::ENI_MAX_PODS_LARGEST,
                &facts::INSTANCE_ENI_LIMITS,
            ],
            lang,
        ))
        .child(el("p").class("muted small").text(t::MORE_SOURCES.get(lang)))
        .into()
}

/// One part of the diagram: a button that opens the part's panel. `zone` places it in an
/// availability zone (named in its accessible name); an AZ button shows its letter.
#[inline(never)]
fn part_button(
    lang: Lang,
    state: &Handle,
    part: Part,
    zone: Option<&'static str>,
    class: &'static str,
) -> Html {
    let name = text_of(part_msg(part, "btn"), lang);
    let o = part.owner();
    let b = button("part")
        .class(owner_class(o))
        .class(class)
        .attr("data-part", part.key())
        .attr("aria-controls", "eks-panel")
        .bool_attr("aria-expanded", state.selected == Some(part))
        .on_click(send(state, Do::Open(Some(part))))
        .child(owner_icon(o));
    let b = match (part, zone) {
        (Part::Az, Some(z)) => b.text(name).text(" ").text(z),
        (_, Some(z)) => b
            .attr(
                "aria-label",
                t::IN_ZONE.fmt(lang, &[("part", &name), ("zone", &z)]),
            )
            .text(name),
        (_, None) => b.text(name),
    };
    b.maybe((part == Part::Eni).then(|| el("span").attr("aria-hidden", "true").text(" ⇅")))
        .into()
}

// The parts below are plain functions, not components: each component type costs about two
// kilobytes of wasm, and their state lives in `EksView`.

fn part_panel(lang: Lang, state: &Handle) -> Html {
    let part = state.selected;
    let announce =
        part.map(|part| t::SHOWING.fmt(lang, &[("part", &text_of(part_msg(part, "name"), lang))]));
    let panel = el("section")
        .id("eks-panel")
        .attr("data-part", "eks-panel")
        .class("part-panel")
        .attr("aria-labelledby", "eks-panel-title")
        .attr("data-panel", part.map(|x| x.key()).unwrap_or("none"))
        .child(
            el("p")
                .class("sr-only")
                .attr("aria-live", "polite")
                .string(announce.unwrap_or_default()),
        );
    let Some(part) = part else {
        return panel
            .child(
                el("h3")
                    .id("eks-panel-title")
                    .text(t::PANEL_EMPTY_TITLE.get(lang)),
            )
            .child(el("p").class("muted").text(t::PANEL_EMPTY.get(lang)))
            .into();
    };
    let o = part.owner();
    let facts = part.facts();
    let numbers = (!facts.is_empty()).then(|| {
        frag(vec![
            el("h4").text(t::NUMBERS.get(lang)).into(),
            el("ul")
                .class("panel-facts")
                .children(
                    facts
                        .iter()
                        .map(|f| el("li").child(cite_explained(f, lang)).into()),
                )
                .into(),
        ])
    });
    panel
        .child(
            el("h3")
                .id("eks-panel-title")
                .child(owner_icon(o))
                .text(text_of(part_msg(part, "name"), lang)),
        )
        .child(
            el("p")
                .class("owner")
                .class(owner_class(o))
                .text(owner_text(o, lang)),
        )
        .child(el("p").child(rich(part_texts(part)[2], lang)))
        .child(el("h4").text(t::EKS_MANAGES.get(lang)))
        .child(items("ul", "aws-list", part_msg(part, "aws"), lang))
        .child(el("h4").text(t::YOU_MANAGE.get(lang)))
        .child(items("ul", "you-list", part_msg(part, "you"), lang))
        .maybe(numbers)
        .child(
            button("button")
                .on_click(send(state, Do::Open(None)))
                .text(t::CLOSE.get(lang)),
        )
        .into()
}

fn managed_compare(lang: Lang, state: &Handle) -> Html {
    let c = state.chore;
    let failed = c == Chore::MasterFails;
    let grows = c == Chore::Scale;
    let upgrading = c == Chore::Upgrade || c == Chore::Patch;
    let backup = c == Chore::Backup;
    let boxes = |managed: bool| {
        let name = if managed {
            text_of(part_msg(Part::ApiServer, "btn"), lang)
        } else {
            t::MASTER.get(lang)
        };
        let state =
            |icon: &'static str, m: Msg| el("span").class("state").text(icon).text(m.get(lang));
        // EKS runs at least two API server instances; the article's own setup, three masters.
        let masters = el("div").class("cp-row").children(
            ZONES
                .iter()
                .take(if managed { 2 } else { 3 })
                .enumerate()
                .map(|(i, z)| {
                    let down = failed && i == 0;
                    let busy = upgrading && i == 0;
                    el("span")
                        .class("cp master")
                        .class_if("down", down)
                        .class_if("busy", busy)
                        .text(name)
                        .text(" ")
                        .text(z)
                        .maybe(down.then(|| state("✕ ", t::DOWN)))
                        .maybe(busy.then(|| state("↻ ", t::UPDATING)))
                        .into()
                }),
        );
        let masters =
            masters.maybe(grows.then(|| el("span").class("cp master added").text("+ ").text(name)));
        let etcd = el("div").class("cp-row").children(ZONES.iter().map(|z| {
            el("span")
                .class("cp etcd")
                .class_if("busy", backup)
                .text("etcd ")
                .text(z)
                .maybe(backup.then(|| state("⎘ ", t::SNAPSHOT)))
                .into()
        }));
        el("div")
            .class("cp-boxes")
            .class_if("managed", managed)
            .child(el("p").class("cp-owner").text(if managed {
                t::CP_RUN_BY_AWS.get(lang)
            } else {
                t::CP_RUN_BY_YOU.get(lang)
            }))
            .child(masters)
            .child(etcd)
    };
    let side = |class: &'static str, title: Msg, managed: bool, field: &str| {
        el("div")
            .class(class)
            .child(el("h3").text(title.get(lang)))
            .child(boxes(managed))
            .child(el("h4").text(t::YOUR_STEPS.get(lang)))
            .child(items("ol", "chore-steps", chore_msg(c, field), lang))
    };
    let buttons = el("div")
        .class("chores")
        .attr("role", "group")
        .attr("aria-label", t::CHORES_LABEL.get(lang))
        .children(Chore::ALL.iter().map(|&ch| {
            button("button")
                .attr("data-chore", ch.key())
                .attr("data-part", ["chore-", ch.key()].concat())
                .pressed(c == ch)
                .on_click(send(state, Do::Chore(ch)))
                .text(text_of(chore_msg(ch, "btn"), lang))
                .into()
        }));
    section("stage", "eks-managed-title", t::MANAGED_TITLE.get(lang))
        .attr("data-part", "managed")
        .child(p(t::MANAGED_INTRO.get(lang)))
        .child(buttons)
        .child(
            el("div")
                .class("compare")
                .attr("data-chore-shown", c.key())
                .child(side("side self-managed", t::SELF_MANAGED, false, "self"))
                .child(side("side with-eks", t::WITH_EKS, true, "eks")),
        )
        .child(el("p").class("muted small").text(t::MANAGED_NOTE.get(lang)))
        .into()
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
            Small(&[T(t::EKS_PER_NODE_CHECKED)]),
        ],
    ),
    (
        t::ROW_COST,
        &[T(t::ECS_COST)],
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
            ]),
        ],
    ),
    (t::ROW_COMPUTE, &[T(t::BOTH_COMPUTE)], &[T(t::BOTH_COMPUTE)]),
    (t::ROW_CLOUD, &[T(t::ECS_CLOUD)], &[T(t::EKS_CLOUD)]),
];

fn ecs_table(lang: Lang) -> Html {
    let col = |s: &'static str| el("th").attr("scope", "col").text(s).into();
    let rows = ECS_ROWS.iter().map(|(label, ecs, eks)| {
        el("tr")
            .child(el("th").attr("scope", "row").text(label.get(lang)))
            .child(el("td").children(pieces::render(lang, ecs)))
            .child(el("td").children(pieces::render(lang, eks)))
            .into()
    });
    section("stage", "eks-ecs-title", t::ECS_TITLE.get(lang))
        .attr("data-part", "ecs")
        .child(p(t::ECS_INTRO.get(lang)))
        .child(
            el("div").class("table-wrap").child(
                el("table")
                    .class("ecs-eks")
                    .child(el("thead").child(el("tr").children([
                        col(t::COL_ASPECT.get(lang)),
                        col("Amazon ECS"),
                        col("Amazon EKS"),
                    ])))
                    .child(el("tbody").children(rows)),
            ),
        )
        .into()
}

fn calculator(lang: Lang, state: &Handle) -> Html {
    let on_inst = {
        let state = state.clone();
        Callback::from(move |e: web_sys::Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(i) = el
                .value()
                .parse::<usize>()
                .ok()
                .filter(|i| model::instance(*i).is_some())
            {
                state.dispatch(Do::Instance(i));
            }
        })
    };
    let on_kind = {
        let state = state.clone();
        Callback::from(move |e: web_sys::Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = el
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| NodeKind::ALL.get(i))
            {
                state.dispatch(Do::Kind(*k));
            }
        })
    };
    let Some(instance) = model::instance(state.inst) else {
        return Html::default();
    };
    let c = calc(instance, state.kind);
    let option = |i: usize, selected: bool, label: &'static str| -> Html {
        el("option")
            .attr("value", i.to_string())
            .flag("selected", selected)
            .text(label)
            .into()
    };
    let limit = |label: Msg, key: &'static str, v: u32| -> Html {
        el("div")
            .child(el("dt").text(label.get(lang)))
            .child(el("dd").attr("data-calc", key).child(listed(
                v.to_string(),
                &facts::EC2_ENI,
                Tag::Secondary,
                lang,
            )))
            .into()
    };
    let inputs = el("div")
        .class("calc-inputs")
        .child(
            el("label")
                .attr("for", "calc-instance")
                .text(t::INSTANCE_TYPE.get(lang)),
        )
        .child(
            el("select")
                .id("calc-instance")
                .on_change(on_inst)
                .not_a_fact()
                .children(
                    INSTANCES
                        .iter()
                        .enumerate()
                        .map(|(i, x)| option(i, i == state.inst, x.name)),
                ),
        )
        .child(
            el("label")
                .attr("for", "calc-kind")
                .text(t::NODE_KIND.get(lang)),
        )
        .child(el("select").id("calc-kind").on_change(on_kind).children(
            NodeKind::ALL.iter().enumerate().map(|(i, k)| {
                let label = match k {
                    NodeKind::Managed => t::KIND_MANAGED.get(lang),
                    NodeKind::SelfManaged => t::KIND_SELF.get(lang),
                };
                option(i, *k == state.kind, label)
            }),
        ));
    let check = el("p")
        .class("calc-check")
        .text(t::LISTED.get(lang))
        .text(" ")
        .child(el("span").attr("data-calc", "listed").child(listed(
            instance.listed_max_pods.to_string(),
            &facts::ENI_MAX_PODS,
            Tag::Primary,
            lang,
        )))
        .text(" ")
        .child(if c.matches_listed() {
            el("span")
                .class("match ok")
                .attr("data-calc-match", "true")
                .text("✓ ")
                .text(t::MATCHES.get(lang))
        } else {
            el("span")
                .class("match bad")
                .attr("data-calc-match", "false")
                .text("✕ ")
                .text(t::DIFFERS.get(lang))
        });
    let cap = match c.cap {
        Some(cap) => el("p")
            .class("calc-cap")
            .child(rich(t::CAP_INTRO, lang))
            .text(" ")
            .child(cite(cap, lang))
            .text(t::SENTENCE_END.get(lang))
            .text(" ")
            .child(if c.capped() {
                el("strong")
                    .class("capped")
                    .text("↓ ")
                    .text(t::CAPPED.get(lang))
                    .into()
            } else {
                text(t::NOT_CAPPED.get(lang))
            }),
        None => el("p").class("calc-cap").child(rich(t::NO_CAP, lang)),
    };
    section(
        "stage calculator",
        "eks-calc-title",
        t::CALC_TITLE.get(lang),
    )
    .attr("data-part", "calc")
    .child(p(t::CALC_INTRO.get(lang)))
    .child(inputs)
    .child(
        el("dl")
            .class("calc-limits")
            .child(limit(t::ENIS, "enis", instance.enis))
            .child(limit(t::IPS_PER_ENI, "ips", instance.ips_per_eni))
            .child(limit(t::VCPUS, "vcpus", instance.vcpus)),
    )
    .child(
        el("p")
            .class("formula")
            .not_a_fact()
            .attr("aria-live", "polite")
            .child(el("code").text("maxPods = ENIs × (IPs per ENI − 1) + 2"))
            .child(el("br"))
            .child(
                el("code")
                    .class("with-numbers")
                    .string(format!(
                        "= {} × ({} − 1) + 2 = ",
                        instance.enis, instance.ips_per_eni
                    ))
                    .child(
                        el("strong")
                            .attr("data-calc", "formula")
                            .string(c.formula.to_string()),
                    ),
            ),
    )
    .child(check)
    .child(cap)
    .child(
        el("p")
            .class("result")
            .text(t::RESULT.get(lang))
            .text(" ")
            .child(
                el("strong")
                    .class("big")
                    .not_a_fact()
                    .attr("data-calc", "max-pods")
                    .string(c.max_pods.to_string()),
            ),
    )
    .child(
        el("p")
            .class("muted small")
            .child(rich(t::PREFIX_NOTE, lang)),
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_texts_are_in_part_order() {
        for (i, p) in Part::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i, "{p:?}");
        }
        assert_eq!(part_msg(Part::Region, "name"), Some(t::REGION_NAME));
        assert_eq!(part_msg(Part::Kubectl, "you"), Some(t::KUBECTL_YOU));
    }

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
