//! Image vs container: the recipe and the cake. Two recipes build read-only layers named by
//! their SHA-256; containers add a thin writable layer, copy files up on first change and
//! leave the image alone when they go; a registry and a server receive only the layers they
//! lack. The state and its rules are in [`model`]; this module draws them.

pub mod model;

use super::pieces::{p, rich, section, view_head};
use crate::app::use_ctx;
use crate::cite::{cite, sources};
use crate::el::{button, el, frag, string, text};
use crate::facts;
use crate::i18n::{Lang, Msg, cat::image as t};
use model::{
    Action, App, Base, BuildError, Cmd, Container, Event, Lab, Refusal, Run, SizeFrom, Slot, Upper,
    human_size,
};
use std::rc::Rc;
use yew::prelude::*;

pub fn render() -> Html {
    html! { <ImageView /> }
}

/// The image names of the two recipes.
pub const NAMES: [&str; 2] = ["myapp/web", "myapp/worker"];

/// Which part of the view an action belongs to, so its result is shown there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    Recipe(Slot),
    Containers,
    Registry,
}

/// The file each container's controls act on, until the user picks another.
const DEFAULT_FILE: &str = "/app/catalog.json";

#[derive(Clone, Default, PartialEq)]
struct State {
    lab: Lab,
    last: Option<(Area, Result<Event, Refusal>)>,
    /// Counts actions, to restart animations.
    seq: u32,
    /// The file picked in each container's controls (by container number), when it is
    /// not [`DEFAULT_FILE`].
    chosen: Vec<(u32, String)>,
}

/// What the user does: an action on the lab, or picking a container's file.
enum Do {
    Lab(Action),
    Choose(u32, String),
}

impl Reducible for State {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut next = (*self).clone();
        let action = match d {
            Do::Lab(a) => a,
            Do::Choose(n, path) => {
                next.chosen.retain(|(m, _)| *m != n);
                next.chosen.push((n, path));
                return Rc::new(next);
            }
        };
        let area = match &action {
            Action::SetBase(s, _)
            | Action::SetRun(s, _)
            | Action::SetApp(s, _)
            | Action::SetCmd(s, _)
            | Action::Build(s) => Area::Recipe(*s),
            Action::Push(_) | Action::Pull(_) => Area::Registry,
            _ => Area::Containers,
        };
        let result = next.lab.apply(action);
        // A container that is gone forgets its pick (numbers start again after a reset).
        let lab = &next.lab;
        next.chosen.retain(|(n, _)| lab.container(*n).is_some());
        next.last = Some((area, result));
        next.seq = next.seq.wrapping_add(1);
        Rc::new(next)
    }
}

impl State {
    fn chosen(&self, n: u32) -> &str {
        self.chosen
            .iter()
            .find(|(m, _)| *m == n)
            .map_or(DEFAULT_FILE, |(_, p)| p)
    }
}

/// A number that is the lab's own (a computed size, a digest, a count): not a claim.
fn mine(s: String) -> Html {
    el("span").class("num").not_a_fact().string(s).into()
}

/// A size of one of your own files: illustrative, and labelled so.
fn illustrative(bytes: u64, lang: Lang) -> Html {
    el("span")
        .class("fact illustrative")
        .not_a_fact()
        .child(el("span").class("value").string(human_size(bytes)))
        .child(
            el("span")
                .class("tag")
                .text(crate::i18n::cat::cite::ILLUSTRATIVE.get(lang)),
        )
        .into()
}

fn size_of_layer(l: &model::Layer, lang: Lang) -> Html {
    match l.size_from {
        SizeFrom::Fact(f) => cite(f, lang),
        SizeFrom::Illustrative => illustrative(l.size, lang),
    }
}

fn event_text(e: &Event, lab: &Lab, lang: Lang) -> String {
    let cake = |n: &u32| t::CAKE.fmt(lang, &[("n", n)]);
    match e {
        Event::RecipeChanged(s) => t::EV_RECIPE_CHANGED.fmt(lang, &[("image", &NAMES[*s])]),
        Event::Built { slot, new, reused } => t::EV_BUILT.fmt(
            lang,
            &[("image", &NAMES[*slot]), ("new", new), ("reused", reused)],
        ),
        Event::Started { container, slot } => t::EV_STARTED.fmt(
            lang,
            &[("cake", &cake(container)), ("image", &NAMES[*slot])],
        ),
        Event::CopiedUp {
            container,
            path,
            size,
            from,
        } => {
            let layer = lab
                .container(*container)
                .and_then(|c| lab.image_by_id(&c.image))
                .and_then(|i| i.layers.get(*from))
                .map(|l| l.created_by.clone())
                .unwrap_or_default();
            t::EV_COPIED_UP.fmt(
                lang,
                &[
                    ("cake", &cake(container)),
                    ("path", path),
                    ("size", &human_size(*size)),
                    ("layer", &layer),
                ],
            )
        }
        Event::ChangedAgain { container, path } => {
            t::EV_CHANGED_AGAIN.fmt(lang, &[("cake", &cake(container)), ("path", path)])
        }
        Event::WhitedOut { container, path } => {
            t::EV_WHITEOUT.fmt(lang, &[("cake", &cake(container)), ("path", path)])
        }
        Event::LogWritten { container, size } => t::EV_LOG.fmt(
            lang,
            &[("cake", &cake(container)), ("size", &human_size(*size))],
        ),
        Event::Removed { container, freed } => t::EV_REMOVED.fmt(
            lang,
            &[("cake", &cake(container)), ("size", &human_size(*freed))],
        ),
        Event::Pushed(tr) => t::EV_PUSHED.fmt(
            lang,
            &[
                ("image", &NAMES[tr.slot]),
                ("sent", &human_size(tr.sent_bytes())),
                ("skipped", &human_size(tr.skipped_bytes())),
            ],
        ),
        Event::Pulled(tr) => t::EV_PULLED.fmt(
            lang,
            &[
                ("image", &NAMES[tr.slot]),
                ("sent", &human_size(tr.sent_bytes())),
                ("skipped", &human_size(tr.skipped_bytes())),
            ],
        ),
        Event::Reset => t::EV_RESET.get(lang).into(),
    }
}

fn refusal_text(r: &Refusal, lang: Lang) -> String {
    match r {
        Refusal::BadSlot => t::NO_BAD_SLOT.get(lang).into(),
        Refusal::Build(BuildError::ApkNotFound) => t::NO_APK.get(lang).into(),
        Refusal::NotBuilt(s) => t::NO_NOT_BUILT.fmt(lang, &[("image", &NAMES[*s])]),
        Refusal::TooManyContainers => t::NO_TOO_MANY.get(lang).into(),
        Refusal::NoSuchContainer(_) => t::NO_CONTAINER.get(lang).into(),
        Refusal::NoSuchFile(p) => t::NO_FILE.fmt(lang, &[("path", p)]),
        Refusal::AlreadyDeleted(p) => t::NO_DELETED.fmt(lang, &[("path", p)]),
        Refusal::LogFull => t::NO_LOG_FULL.get(lang).into(),
        Refusal::NotInRegistry(s) => t::NO_MANIFEST.fmt(lang, &[("image", &NAMES[*s])]),
    }
}

/// The result of the last action, if it belongs to `area`, as a status line.
fn status(state: &State, area: Area, lang: Lang) -> Html {
    let text_ = match &state.last {
        Some((a, r)) if *a == area => Some(match r {
            Ok(e) => (false, event_text(e, &state.lab, lang)),
            Err(r) => (true, refusal_text(r, lang)),
        }),
        _ => None,
    };
    let refused = matches!(text_, Some((true, _)));
    el("p")
        .class("status")
        .class_if("refused", refused)
        .attr("role", "status")
        .not_a_fact()
        .maybe(text_.map(|(bad, s)| {
            frag(vec![
                el("span")
                    .attr("aria-hidden", "true")
                    .text(if bad { "⚠ " } else { "✓ " })
                    .into(),
                string(s),
            ])
        }))
        .into()
}

/// What the parts of the view draw from. They are plain functions, not components: each
/// component type costs about two kilobytes of wasm.
struct Cx<'a> {
    lang: Lang,
    reduced_motion: bool,
    state: &'a UseReducerHandle<State>,
}

impl Cx<'_> {
    /// A click handler that does `action` on the lab.
    #[inline(never)]
    fn send(&self, action: Action) -> Callback<MouseEvent> {
        let state = self.state.clone();
        Callback::from(move |_| state.dispatch(Do::Lab(action.clone())))
    }
}

#[function_component(ImageView)]
fn image_view() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let state = use_reducer(State::default);
    let spec = super::ViewId::ImageVsContainer.spec();
    let cx = Cx {
        lang,
        reduced_motion: ctx.reduced_motion,
        state: &state,
    };
    let analogy = |icon: &'static str, m: Msg| {
        el("p")
            .child(
                el("span")
                    .class("icon")
                    .class(icon)
                    .attr("aria-hidden", "true"),
            )
            .text(m.get(lang))
    };
    let recipes = section("stage", "img-recipes", t::RECIPES_TITLE.get(lang))
        .attr("data-part", "recipes")
        .child(el("p").child(rich(t::RECIPES_INTRO, lang)))
        .child(
            el("div")
                .class("recipes")
                .child(recipe_card(&cx, 0))
                .child(recipe_card(&cx, 1)),
        )
        .child(
            el("p")
                .class("muted small")
                .child(rich(t::SIZES_NOTE, lang)),
        );
    el("article")
        .class("view image")
        .attr("data-view", spec.slug)
        .child(view_head(spec.title.get(lang)))
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(
            el("div")
                .class("analogy")
                .attr("role", "note")
                .child(analogy("recipe-icon", t::ANALOGY_IMAGE))
                .child(analogy("cake-icon", t::ANALOGY_CONTAINER)),
        )
        .child(recipes)
        .child(containers(&cx))
        .child(disk_use(lang, &state.lab))
        .child(registry_panel(&cx))
        .child(
            el("p").class("reset-row").child(
                button("button")
                    .on_click(cx.send(Action::Reset))
                    .text(t::RESET.get(lang)),
            ),
        )
        .child(sources(
            &[
                &facts::DOCKER_ALPINE_LAYER,
                &facts::DOCKER_BASH_LAYER,
                &facts::DOCKER_EXAMPLE_TOTAL,
                &facts::UBUNTU_DISK_2019,
                &facts::ALPINE_DISK_2019,
                &facts::WRITABLE_LAYER_START,
                &facts::OVERLAY_LOWER_LAYERS,
                &facts::ALPINE_SIZE,
                &facts::DEBIAN_SLIM_SIZE,
                &facts::UBUNTU_SIZE,
            ],
            lang,
        ))
        .child(
            el("p")
                .class("muted small")
                .child(rich(t::MORE_SOURCES, lang)),
        )
        .into()
}

/// A Dockerfile line without its keyword, which the recipe shows as the option's label.
fn after(line: &str, keyword: &str) -> String {
    line.strip_prefix(keyword).unwrap_or(line).to_string()
}

/// The position of `x` in `all` (0 when absent).
fn idx<T: PartialEq>(all: &[T], x: T) -> usize {
    all.iter().position(|y| *y == x).unwrap_or(0)
}

/// A line of the recipe: a `<select>` whose options are `labels`, and which does what
/// `pick` makes of the chosen index.
fn choice(
    cx: &Cx,
    s: Slot,
    id: &'static str,
    keyword: &'static str,
    labels: Vec<String>,
    selected: usize,
    pick: fn(Slot, usize) -> Option<Action>,
) -> Html {
    let state = cx.state.clone();
    let onchange = Callback::from(move |e: web_sys::Event| {
        let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(a) = el.value().parse::<usize>().ok().and_then(|i| pick(s, i)) {
            state.dispatch(Do::Lab(a));
        }
    });
    let id = ["r", if s == 0 { "0" } else { "1" }, id].concat();
    el("div")
        .class("line")
        .child(
            el("label")
                .attr("for", id.clone())
                .child(el("code").text(keyword)),
        )
        .child(el("select").id(id).on_change(onchange).children(
            labels.into_iter().enumerate().map(|(i, l)| {
                el("option")
                    .attr("value", i.to_string())
                    .flag("selected", i == selected)
                    .string(l)
                    .into()
            }),
        ))
        .into()
}

fn recipe_card(cx: &Cx, s: Slot) -> Html {
    let lang = cx.lang;
    let lab = &cx.state.lab;
    let r = lab.recipes[s];
    let slot = if s == 0 { "0" } else { "1" };
    let from = choice(
        cx,
        s,
        "-from",
        "FROM",
        Base::ALL.iter().map(|b| b.name().to_string()).collect(),
        idx(&Base::ALL, r.base),
        |s, i| Base::ALL.get(i).map(|b| Action::SetBase(s, *b)),
    );
    let run = choice(
        cx,
        s,
        "-run",
        "RUN",
        Run::ALL
            .iter()
            .map(|x| match x.line() {
                Some(l) => after(l, "RUN "),
                None => t::NO_RUN.get(lang).to_string(),
            })
            .collect(),
        idx(&Run::ALL, r.run),
        |s, i| Run::ALL.get(i).map(|x| Action::SetRun(s, *x)),
    );
    let copy = choice(
        cx,
        s,
        "-copy",
        "COPY",
        App::ALL.iter().map(|a| after(a.line(), "COPY ")).collect(),
        idx(&App::ALL, r.app),
        |s, i| App::ALL.get(i).map(|a| Action::SetApp(s, *a)),
    );
    let cmd = choice(
        cx,
        s,
        "-cmd",
        "CMD",
        Cmd::ALL.iter().map(|c| after(c.line(), "CMD ")).collect(),
        idx(&Cmd::ALL, r.cmd),
        |s, i| Cmd::ALL.get(i).map(|c| Action::SetCmd(s, *c)),
    );
    let other = 1 - s;
    let other_digests: Vec<&model::Digest> = lab
        .image(other)
        .map(|i| i.layers.iter().map(|l| &l.digest).collect())
        .unwrap_or_default();
    let fresh = matches!(&cx.state.last, Some((Area::Recipe(x), Ok(Event::Built { .. }))) if *x == s)
        && !cx.reduced_motion;
    let title_id = ["r", slot, "-title"].concat();
    let built: Html = match lab.image(s) {
        Some(img) => {
            let layers = img.layers.iter().enumerate().rev().map(|(i, l)| {
                let shared = other_digests.contains(&&l.digest);
                el("li")
                    .class("layer")
                    .class_if("fresh", fresh)
                    .class_if("shared", shared)
                    .attr(
                        "style",
                        ["animation-delay: ", &(i * 180).to_string(), "ms"].concat(),
                    )
                    .attr("data-digest", l.digest.0.clone())
                    .bool_attr("data-shared", shared)
                    .child(el("code").class("by").string(l.created_by.clone()))
                    .child(el("span").class("size").child(size_of_layer(l, lang)))
                    .child(
                        el("code")
                            .class("digest")
                            .attr("title", l.digest.0.clone())
                            .child(mine(["sha256:", l.digest.short()].concat())),
                    )
                    .maybe(shared.then(|| {
                        el("span")
                            .class("badge shared-badge")
                            .text("⇄ ")
                            .string(t::SHARED_WITH.fmt(lang, &[("image", &NAMES[other])]))
                    }))
                    .into()
            });
            el("div")
                .class("image-built")
                .key(if fresh { cx.state.seq } else { 0 })
                .child(
                    el("p")
                        .class("image-id")
                        .text(t::IMAGE_ID.get(lang))
                        .text(" ")
                        .child(el("code").child(mine(img.id.short().to_string())))
                        .text(" · ")
                        .text(t::IMAGE_SIZE.get(lang))
                        .text(" ")
                        .child(mine(human_size(img.size()))),
                )
                .child(
                    el("p")
                        .class("cmd-note muted small")
                        .child(el("code").text(img.cmd.line()))
                        .text(" — ")
                        .text(t::CMD_NO_LAYER.get(lang)),
                )
                .child(
                    el("ol")
                        .class("layers")
                        .attr(
                            "aria-label",
                            t::LAYERS_LABEL.fmt(lang, &[("image", &NAMES[s])]),
                        )
                        .children(layers),
                )
                .into()
        }
        None => el("p").class("muted").text(t::NOT_BUILT.get(lang)).into(),
    };
    el("section")
        .class("recipe card")
        .attr("aria-labelledby", title_id.clone())
        .attr("data-recipe", slot)
        .child(
            el("h3")
                .id(title_id)
                .child(
                    el("span")
                        .class("icon recipe-icon")
                        .attr("aria-hidden", "true"),
                )
                .text(t::RECIPE_FOR.get(lang))
                .text(" ")
                .child(el("code").text(NAMES[s])),
        )
        .child(
            el("div")
                .class("dockerfile")
                .children([from, run, copy, cmd]),
        )
        .child(
            el("p")
                .class("build-row")
                .child(
                    button("button primary")
                        .attr("data-part", if s == 0 { "build-0" } else { "build-1" })
                        .on_click(cx.send(Action::Build(s)))
                        .string(t::BUILD.fmt(lang, &[("image", &NAMES[s])])),
                )
                .maybe(lab.stale(s).then(|| {
                    el("span")
                        .class("stale")
                        .text("✎ ")
                        .text(t::STALE.get(lang))
                })),
        )
        .child(status(cx.state, Area::Recipe(s), lang))
        .child(built)
        .into()
}

fn containers(cx: &Cx) -> Html {
    let lang = cx.lang;
    let lab = &cx.state.lab;
    let run = |s: Slot| -> Html {
        button("button primary")
            .attr("data-run", if s == 0 { "0" } else { "1" })
            .attr("data-part", if s == 0 { "run-0" } else { "run-1" })
            .on_click(cx.send(Action::Run(s)))
            .child(el("span").attr("aria-hidden", "true").text("▶ "))
            .string(t::RUN.fmt(lang, &[("image", &NAMES[s])]))
            .into()
    };
    section("stage", "img-containers", t::CONTAINERS_TITLE.get(lang))
        .attr("data-part", "containers")
        .child(el("p").child(rich(t::CONTAINERS_INTRO, lang)))
        .child(el("p").class("run-row").children([run(0), run(1)]))
        .child(status(cx.state, Area::Containers, lang))
        .child(if lab.containers.is_empty() {
            el("p").class("muted").text(t::NO_CONTAINERS.get(lang))
        } else {
            el("ul")
                .class("cakes")
                .children(lab.containers.iter().map(|c| container_card(cx, c)))
        })
        .into()
}

fn container_card(cx: &Cx, c: &Container) -> Html {
    let lang = cx.lang;
    let lab = &cx.state.lab;
    let n = c.n;
    let Some(img) = lab.image_by_id(&c.image) else {
        return Html::default();
    };
    let chosen = cx.state.chosen(n);
    let num = n.to_string();
    let sel_id = ["c", &num, "-file"].concat();
    let title_id = ["c", &num, "-title"].concat();
    let onchange = {
        let state = cx.state.clone();
        Callback::from(move |e: web_sys::Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.dispatch(Do::Choose(n, el.value()));
        })
    };
    let path = chosen.to_string();
    // The entry the last action copied up, to animate it.
    let just = match &cx.state.last {
        Some((
            _,
            Ok(Event::CopiedUp {
                container, path, ..
            }),
        )) if *container == n => Some(*path),
        _ => None,
    };
    let tagged = lab.image(c.slot).is_some_and(|i| i.id == c.image);
    let cake = t::CAKE.fmt(lang, &[("n", &n)]);
    let upper = if c.upper.is_empty() {
        el("p")
            .class("empty muted small")
            .text(t::WRITABLE_EMPTY.get(lang))
    } else {
        el("ul")
            .class("upper")
            .children(c.upper.iter().map(|(path, u)| {
                let moving = just == Some(*path) && !cx.reduced_motion;
                let (kind, label, icon) = match u {
                    Upper::CopiedUp { from, .. } => (
                        "copied-up",
                        t::KIND_COPIED_UP.fmt(
                            lang,
                            &[(
                                "layer",
                                &img.layers
                                    .get(*from)
                                    .map(|l| l.created_by.as_str())
                                    .unwrap_or(""),
                            )],
                        ),
                        "⤒",
                    ),
                    Upper::Created { .. } => {
                        ("created", t::KIND_CREATED.get(lang).to_string(), "＋")
                    }
                    Upper::Whiteout => ("whiteout", t::KIND_WHITEOUT.get(lang).to_string(), "⌀"),
                };
                let seq = if moving { cx.state.seq } else { 0 };
                el("li")
                    .class("entry")
                    .class(kind)
                    .class_if("moving", moving)
                    .key([path, "-", &seq.to_string()].concat())
                    .attr("data-upper", *path)
                    .attr("data-kind", kind)
                    .child(
                        el("span")
                            .attr("aria-hidden", "true")
                            .class("kind-icon")
                            .text(icon),
                    )
                    .child(el("code").child(mine(path.to_string())))
                    .child(el("span").class("what").child(mine(label)))
                    .maybe(
                        (u.size() > 0 || matches!(u, Upper::CopiedUp { .. }))
                            .then(|| illustrative(u.size(), lang)),
                    )
                    .into()
            }))
    };
    let act = |key: &'static str, class: &'static str, action: Action| {
        button(class)
            .attr("data-act", key)
            .attr("data-part", ["c", &num, "-", key].concat())
            .on_click(cx.send(action))
    };
    let controls = el("div")
        .class("controls")
        .child(
            el("label")
                .attr("for", sel_id.clone())
                .text(t::FILE_LABEL.get(lang)),
        )
        .child(
            el("select")
                .id(sel_id)
                .on_change(onchange)
                .children(img.paths().into_iter().map(|f| {
                    el("option")
                        .attr("value", f)
                        .flag("selected", f == chosen)
                        .text(f)
                        .into()
                })),
        )
        .child(
            act(
                "change",
                "button",
                Action::Change {
                    container: n,
                    path: path.clone(),
                },
            )
            .text(t::CHANGE.get(lang)),
        )
        .child(
            act("delete", "button", Action::Delete { container: n, path })
                .text(t::DELETE_FILE.get(lang)),
        )
        .child(act("log", "button", Action::WriteLog { container: n }).text(t::WRITE_LOG.get(lang)))
        .child(
            act("remove", "button danger", Action::Remove { container: n })
                .attr("aria-label", t::REMOVE_LABEL.fmt(lang, &[("cake", &cake)]))
                .child(el("span").attr("aria-hidden", "true").text("✕ "))
                .text(t::REMOVE.get(lang)),
        );
    el("li")
        .class("cake card")
        .key(n)
        .attr("data-container", num.clone())
        .attr("aria-labelledby", title_id.clone())
        .child(
            el("h3")
                .id(title_id)
                .child(
                    el("span")
                        .class("icon cake-icon")
                        .attr("aria-hidden", "true"),
                )
                .child(mine(cake))
                .child(
                    el("span")
                        .class("from")
                        .text(t::FROM_IMAGE.get(lang))
                        .text(" ")
                        .child(el("code").text(NAMES[c.slot]))
                        .maybe((!tagged).then(|| {
                            frag(vec![
                                text(" "),
                                el("span").class("badge").text(t::UNTAGGED.get(lang)).into(),
                            ])
                        })),
                ),
        )
        .child(
            el("div")
                .class("stack")
                .child(
                    el("div")
                        .class("writable")
                        .attr("data-part", ["c", &num, "-writable"].concat())
                        .attr("data-writable", num)
                        .child(
                            el("p")
                                .class("layer-head")
                                .child(el("span").attr("aria-hidden", "true").text("✎ "))
                                .text(t::WRITABLE_LAYER.get(lang))
                                .text(" · ")
                                .text(t::SIZE.get(lang))
                                .text(" ")
                                .child(el("strong").child(mine(human_size(c.size())))),
                        )
                        .child(upper),
                )
                .child(
                    el("p")
                        .class("ro-head small muted")
                        .attr("aria-hidden", "true")
                        .text(t::RO_LAYERS.get(lang)),
                )
                .child(
                    el("ol")
                        .class("ro-layers")
                        .attr("aria-label", t::RO_LAYERS.get(lang))
                        .children(img.layers.iter().rev().map(|l| {
                            el("li")
                                .child(el("code").string(l.created_by.clone()))
                                .into()
                        })),
                ),
        )
        .child(
            el("p")
                .class("sizes")
                .not_a_fact()
                .child(
                    el("span").child(el("code").text("size")).text(" ").child(
                        el("strong")
                            .attr("data-size", c.size().to_string())
                            .string(human_size(c.size())),
                    ),
                )
                .child(
                    el("span")
                        .child(el("code").text("virtual size"))
                        .text(" ")
                        .child(el("strong").string(human_size(lab.virtual_size(c)))),
                ),
        )
        .child(controls)
        .into()
}

fn disk_use(lang: Lang, lab: &Lab) -> Html {
    let d = lab.disk();
    let col = |h: Html| el("th").attr("scope", "col").child(h).into();
    let code = |s: &'static str| el("code").text(s).into();
    let ps = (!lab.containers.is_empty()).then(|| {
        el("div").class("table-wrap").child(
            el("table")
                .class("ps")
                .not_a_fact()
                .child(el("caption").child(el("code").text("docker ps -s")))
                .child(el("thead").child(el("tr").children([
                    col(text(t::COL_CONTAINER.get(lang))),
                    col(text(t::COL_IMAGE.get(lang))),
                    col(code("SIZE")),
                    col(code("VIRTUAL SIZE")),
                ])))
                .child(el("tbody").children(lab.containers.iter().map(|c| {
                    el("tr")
                        .attr("data-ps", c.n.to_string())
                        .child(el("td").string(t::CAKE.fmt(lang, &[("n", &c.n)])))
                        .child(el("td").child(el("code").text(NAMES[c.slot])))
                        .child(el("td").string(human_size(c.size())))
                        .child(el("td").string(human_size(lab.virtual_size(c))))
                        .into()
                }))),
        )
    });
    let row = |class: &'static str, dt: String, key: &'static str, bytes: u64| {
        el("div")
            .class(class)
            .child(el("dt").string(dt))
            .child(el("dd").attr("data-disk", key).string(human_size(bytes)))
    };
    section("stage", "img-disk", t::DISK_TITLE.get(lang))
        .attr("data-part", "disk")
        .child(p(t::DISK_INTRO.get(lang)))
        .maybe(ps)
        .child(
            el("dl")
                .class("disk")
                .not_a_fact()
                .child(row(
                    "",
                    t::DISK_IMAGES.fmt(lang, &[("n", &d.layers)]),
                    "images",
                    d.image_bytes,
                ))
                .child(row(
                    "",
                    t::DISK_WRITABLE.fmt(lang, &[("n", &lab.containers.len())]),
                    "writable",
                    d.writable_bytes,
                ))
                .child(row(
                    "total",
                    t::DISK_TOTAL.get(lang).to_string(),
                    "total",
                    d.total(),
                ))
                .maybe((!lab.containers.is_empty()).then(|| {
                    row(
                        "naive",
                        t::DISK_NAIVE.get(lang).to_string(),
                        "naive",
                        d.naive_bytes,
                    )
                })),
        )
        .child(el("p").class("muted small").child(rich(t::DISK_NOTE, lang)))
        .into()
}

fn registry_panel(cx: &Cx) -> Html {
    let lang = cx.lang;
    let moving = !cx.reduced_motion;
    let lab = &cx.state.lab;
    let report = match &cx.state.last {
        Some((Area::Registry, Ok(Event::Pushed(tr)))) => Some((true, tr)),
        Some((Area::Registry, Ok(Event::Pulled(tr)))) => Some((false, tr)),
        _ => None,
    };
    let store = |label: Msg, icon: &'static str, s: &model::Store, key: &'static str| -> Html {
        el("div")
            .class("store")
            .attr("data-store", key)
            .child(
                el("p")
                    .class("store-name")
                    .child(el("span").attr("aria-hidden", "true").text(icon))
                    .text(" ")
                    .text(label.get(lang)),
            )
            .child(
                el("p")
                    .class("small")
                    .not_a_fact()
                    .string(t::STORE_LAYERS.fmt(
                        lang,
                        &[("n", &s.blobs.len()), ("size", &human_size(s.bytes()))],
                    )),
            )
            .child(
                el("p").class("small").children(
                    (0..2)
                        .filter(|k| s.tag(*k).is_some())
                        .map(|k| el("code").class("tag-name").text(NAMES[k]).into()),
                ),
            )
            .into()
    };
    let arrow = || -> Html {
        el("span")
            .class("arrow")
            .attr("aria-hidden", "true")
            .text("⇢")
            .into()
    };
    let move_button = |push: bool, s: Slot| -> Html {
        let (key, icon, label, action, part) = if push {
            let part = if s == 0 { "push-0" } else { "push-1" };
            ("data-push", "⇡ ", t::PUSH, Action::Push(s), part)
        } else {
            let part = if s == 0 { "pull-0" } else { "pull-1" };
            ("data-pull", "⇣ ", t::PULL, Action::Pull(s), part)
        };
        button("button")
            .attr(key, if s == 0 { "0" } else { "1" })
            .attr("data-part", part)
            .on_click(cx.send(action))
            .child(el("span").attr("aria-hidden", "true").text(icon))
            .string(label.fmt(lang, &[("image", &NAMES[s])]))
            .into()
    };
    let transfer = report.map(|(push, tr)| {
        let col = |m: Msg| el("th").attr("scope", "col").text(m.get(lang)).into();
        let rows = tr.layers.iter().map(|l| {
            let moved = if l.sent { "sent" } else { "skipped" };
            let result = if l.sent {
                frag(vec![
                    el("span").attr("aria-hidden", "true").text("⇢ ").into(),
                    string(t::SENT.fmt(lang, &[("size", &human_size(l.size))])),
                ])
            } else {
                frag(vec![
                    el("span").attr("aria-hidden", "true").text("↷ ").into(),
                    text(if push {
                        t::SKIPPED_PUSH.get(lang)
                    } else {
                        t::SKIPPED_PULL.get(lang)
                    }),
                    text(" · "),
                    string(t::SAVED.fmt(lang, &[("size", &human_size(l.size))])),
                ])
            };
            el("tr")
                .class(moved)
                .attr("data-moved", moved)
                .attr("data-digest", l.digest.0.clone())
                .child(el("td").child(el("code").string(l.created_by.clone())))
                .child(el("td").child(el("code").string(l.digest.short().to_string())))
                .child(el("td").child(result))
                .into()
        });
        el("table")
            .class("transfer")
            .attr("data-part", "transfer")
            .class_if("moving", moving)
            .key(cx.state.seq)
            .not_a_fact()
            .attr("data-transfer", if push { "push" } else { "pull" })
            .child(el("caption").string(if push {
                t::PUSH_REPORT.fmt(lang, &[("image", &NAMES[tr.slot])])
            } else {
                t::PULL_REPORT.fmt(lang, &[("image", &NAMES[tr.slot])])
            }))
            .child(el("thead").child(el("tr").children([
                col(t::COL_LAYER),
                col(t::COL_DIGEST),
                col(t::COL_RESULT),
            ])))
            .child(el("tbody").children(rows))
            .child(
                el("tfoot").child(el("tr").child(el("td").attr("colspan", "3").string(
                    t::TRANSFER_TOTAL.fmt(
                        lang,
                        &[
                            ("sent", &human_size(tr.sent_bytes())),
                            ("skipped", &human_size(tr.skipped_bytes())),
                        ],
                    ),
                ))),
            )
    });
    section("stage", "img-registry", t::REGISTRY_TITLE.get(lang))
        .attr("data-part", "registry")
        .child(p(t::REGISTRY_INTRO.get(lang)))
        .child(
            el("div")
                .class("stores")
                .child(store(t::LAPTOP, "▭", &lab.laptop, "laptop"))
                .child(arrow())
                .child(store(t::REGISTRY, "☰", &lab.registry, "registry"))
                .child(arrow())
                .child(store(t::SERVER, "▣", &lab.server, "server")),
        )
        .child(el("div").class("run-row").children([
            move_button(true, 0),
            move_button(true, 1),
            move_button(false, 0),
            move_button(false, 1),
        ]))
        .child(status(cx.state, Area::Registry, lang))
        .maybe(transfer)
        .child(
            el("p")
                .class("muted small")
                .child(rich(t::COMPRESSED_NOTE, lang)),
        )
        .into()
}
