//! Image vs container: the recipe and the cake. Two recipes build read-only layers named by
//! their SHA-256; containers add a thin writable layer, copy files up on first change and
//! leave the image alone when they go; a registry and a server receive only the layers they
//! lack. The state and its rules are in [`model`]; this module draws them.

pub mod model;

use super::ViewSpec;
use crate::app::use_ctx;
use crate::cite::{Cite, Sources};
use crate::facts;
use crate::i18n::{Lang, cat::image as t};
use model::{
    Action, App, Base, BuildError, Cmd, Container, Event, Lab, Refusal, Run, SizeFrom, Slot, Upper,
    human_size,
};
use std::rc::Rc;
use yew::prelude::*;

pub fn render(_: &ViewSpec) -> Html {
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

#[derive(Clone, Default, PartialEq)]
struct State {
    lab: Lab,
    last: Option<(Area, Result<Event, Refusal>)>,
    /// Counts actions, to restart animations.
    seq: u32,
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let area = match &action {
            Action::SetBase(s, _)
            | Action::SetRun(s, _)
            | Action::SetApp(s, _)
            | Action::SetCmd(s, _)
            | Action::Build(s) => Area::Recipe(*s),
            Action::Push(_) | Action::Pull(_) => Area::Registry,
            _ => Area::Containers,
        };
        let mut next = (*self).clone();
        let result = next.lab.apply(action);
        next.last = Some((area, result));
        next.seq = next.seq.wrapping_add(1);
        Rc::new(next)
    }
}

/// A number that is the lab's own (a computed size, a digest, a count): not a claim.
fn mine(text: impl Into<Html>) -> Html {
    html! { <span class="num" data-not-a-fact="true">{ text.into() }</span> }
}

/// `text` with each of `names` (which contain digits but are names, such as `SHA-256` or
/// `overlay2`) wrapped as not-a-fact, so that the uncited-number check passes over them.
pub(crate) fn with_names(text: &str, names: &[&str]) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut rest = text;
    loop {
        let next = names
            .iter()
            .filter_map(|n| rest.find(n).map(|i| (i, *n)))
            .min_by_key(|(i, _)| *i);
        let Some((i, name)) = next else { break };
        out.push(Html::from(rest[..i].to_string()));
        out.push(html! { <span data-not-a-fact="true">{ name }</span> });
        rest = &rest[i + name.len()..];
    }
    out.push(Html::from(rest.to_string()));
    out.into_iter().collect::<Html>()
}

/// A size of one of your own files: illustrative, and labelled so.
fn illustrative(bytes: u64, lang: Lang) -> Html {
    html! {
        <span class="fact illustrative" data-not-a-fact="true">
            <span class="value">{ human_size(bytes) }</span>
            <span class="tag">{ crate::i18n::cat::cite::ILLUSTRATIVE.get(lang) }</span>
        </span>
    }
}

fn size_of_layer(l: &model::Layer, lang: Lang) -> Html {
    match l.size_from {
        SizeFrom::Fact(f) => html! { <Cite fact={f} /> },
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
    let text = match &state.last {
        Some((a, r)) if *a == area => Some(match r {
            Ok(e) => (false, event_text(e, &state.lab, lang)),
            Err(r) => (true, refusal_text(r, lang)),
        }),
        _ => None,
    };
    let class = classes!(
        "status",
        text.as_ref().filter(|(bad, _)| *bad).map(|_| "refused")
    );
    html! {
        <p {class} role="status" data-not-a-fact="true">
            if let Some((bad, text)) = text {
                <span aria-hidden="true">{ if bad { "⚠ " } else { "✓ " } }</span>{ text }
            }
        </p>
    }
}

#[function_component(ImageView)]
fn image_view() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let state = use_reducer(State::default);
    let spec = super::ViewId::ImageVsContainer.spec();
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let lab = &state.lab;
    let reset = dispatch.reform(|_| Action::Reset);
    let cx = Cx {
        lang,
        reduced_motion: ctx.reduced_motion,
        state: &state,
        dispatch: &dispatch,
    };
    html! {
        <article class="view image" data-view={spec.slug}>
            <header class="view-head">
                <h1 id="view-title">{ spec.title.get(lang) }</h1>
            </header>
            <p class="lead">{ t::LEAD.get(lang) }</p>
            <div class="analogy" role="note">
                <p><span class="icon recipe-icon" aria-hidden="true"></span>{ t::ANALOGY_IMAGE.get(lang) }</p>
                <p><span class="icon cake-icon" aria-hidden="true"></span>{ t::ANALOGY_CONTAINER.get(lang) }</p>
            </div>

            <section class="stage" aria-labelledby="img-recipes">
                <h2 id="img-recipes">{ t::RECIPES_TITLE.get(lang) }</h2>
                <p>{ with_names(t::RECIPES_INTRO.get(lang), &["SHA-256"]) }</p>
                <div class="recipes">                    { recipe_card(&cx, 0) }
                    { recipe_card(&cx, 1) }
                </div>
                <p class="muted small">
                    { t::SIZES_NOTE.get(lang) }{ " " }
                    <Cite fact={&facts::DOCKER_ALPINE_LAYER} />{ " + " }
                    <Cite fact={&facts::DOCKER_BASH_LAYER} />{ " = " }
                    <Cite fact={&facts::DOCKER_EXAMPLE_TOTAL} />{ ". " }
                    { t::SIZES_NOTE_UBUNTU.get(lang) }{ " " }<Cite fact={&facts::UBUNTU_DISK_2019} />
                    { t::SIZES_NOTE_ALPINE_THEN.get(lang) }{ " " }<Cite fact={&facts::ALPINE_DISK_2019} />{ ")." }
                </p>
            </section>            { containers(&cx) }
            { disk_use(lang, lab) }
            { registry_panel(&cx) }

            <p class="reset-row">
                <button type="button" class="button" onclick={reset}>{ t::RESET.get(lang) }</button>
            </p>

            <Sources facts={vec![
                &facts::DOCKER_ALPINE_LAYER, &facts::DOCKER_BASH_LAYER, &facts::DOCKER_EXAMPLE_TOTAL,
                &facts::UBUNTU_DISK_2019, &facts::ALPINE_DISK_2019, &facts::WRITABLE_LAYER_START,
                &facts::OVERLAY_LOWER_LAYERS, &facts::ALPINE_SIZE, &facts::DEBIAN_SLIM_SIZE,
                &facts::UBUNTU_SIZE,
            ]} />
            <p class="muted small">{ with_names(t::MORE_SOURCES.get(lang), &["SHA-256"]) }</p>
        </article>
    }
}

/// What the parts of the view draw from. They are plain functions, not components: each
/// component type costs about two kilobytes of wasm, and these have no state of their own.
struct Cx<'a> {
    lang: Lang,
    reduced_motion: bool,
    state: &'a UseReducerHandle<State>,
    dispatch: &'a Callback<Action>,
}

/// The position of `x` in `all` (0 when absent).
fn idx<T: PartialEq>(all: &[T], x: T) -> usize {
    all.iter().position(|y| *y == x).unwrap_or(0)
}

/// A `<select>` whose options are `labels`, reporting the chosen index.
fn choice(
    id: String,
    label: Html,
    labels: Vec<String>,
    selected: usize,
    on: Callback<usize>,
) -> Html {
    let onchange = Callback::from(move |e: web_sys::Event| {
        let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Ok(i) = el.value().parse::<usize>() {
            on.emit(i);
        }
    });
    html! {
        <div class="line">
            <label for={id.clone()}>{ label }</label>
            <select id={id} {onchange}>
                { for labels.iter().enumerate().map(|(i, l)| html! {
                    <option value={i.to_string()} selected={i == selected}>{ l.clone() }</option>
                }) }
            </select>
        </div>
    }
}

fn recipe_card(p: &Cx, s: Slot) -> Html {
    let ctx = p;
    let lang = ctx.lang;
    let lab = &p.state.lab;
    let r = lab.recipes[s];
    let d = p.dispatch.clone();
    let pick = |f: fn(Slot, usize) -> Option<Action>| {
        let d = d.clone();
        Callback::from(move |i: usize| {
            if let Some(a) = f(s, i) {
                d.emit(a);
            }
        })
    };
    let from = choice(
        format!("r{s}-from"),
        html! { <code>{ "FROM" }</code> },
        Base::ALL.iter().map(|b| b.name().to_string()).collect(),
        idx(&Base::ALL, r.base),
        pick(|s, i| Base::ALL.get(i).map(|b| Action::SetBase(s, *b))),
    );
    let run = choice(
        format!("r{s}-run"),
        html! { <code>{ "RUN" }</code> },
        Run::ALL
            .iter()
            .map(|x| match x.line() {
                Some(l) => l.trim_start_matches("RUN ").to_string(),
                None => t::NO_RUN.get(lang).to_string(),
            })
            .collect(),
        idx(&Run::ALL, r.run),
        pick(|s, i| Run::ALL.get(i).map(|x| Action::SetRun(s, *x))),
    );
    let copy = choice(
        format!("r{s}-copy"),
        html! { <code>{ "COPY" }</code> },
        App::ALL
            .iter()
            .map(|a| a.line().trim_start_matches("COPY ").to_string())
            .collect(),
        idx(&App::ALL, r.app),
        pick(|s, i| App::ALL.get(i).map(|a| Action::SetApp(s, *a))),
    );
    let cmd = choice(
        format!("r{s}-cmd"),
        html! { <code>{ "CMD" }</code> },
        Cmd::ALL
            .iter()
            .map(|c| c.line().trim_start_matches("CMD ").to_string())
            .collect(),
        idx(&Cmd::ALL, r.cmd),
        pick(|s, i| Cmd::ALL.get(i).map(|c| Action::SetCmd(s, *c))),
    );
    let build = d.reform(move |_| Action::Build(s));
    let other = 1 - s;
    let other_digests: Vec<&model::Digest> = lab
        .image(other)
        .map(|i| i.layers.iter().map(|l| &l.digest).collect())
        .unwrap_or_default();
    let fresh = matches!(&p.state.last, Some((Area::Recipe(x), Ok(Event::Built { .. }))) if *x == s)
        && !ctx.reduced_motion;
    let image = lab.image(s);
    html! {
        <section class="recipe card" aria-labelledby={format!("r{s}-title")} data-recipe={s.to_string()}>
            <h3 id={format!("r{s}-title")}>
                <span class="icon recipe-icon" aria-hidden="true"></span>
                { t::RECIPE_FOR.get(lang) }{ " " }<code>{ NAMES[s] }</code>
            </h3>
            <div class="dockerfile">{ from }{ run }{ copy }{ cmd }</div>
            <p class="build-row">
                <button type="button" class="button primary" onclick={build}>
                    { t::BUILD.fmt(lang, &[("image", &NAMES[s])]) }
                </button>
                if lab.stale(s) {
                    <span class="stale">{ "✎ " }{ t::STALE.get(lang) }</span>
                }
            </p>
            { status(p.state, Area::Recipe(s), lang) }
            if let Some(img) = image {
                <div class="image-built" key={if fresh { p.state.seq } else { 0 }}>
                    <p class="image-id">
                        { t::IMAGE_ID.get(lang) }{ " " }<code>{ mine(img.id.short()) }</code>
                        { " · " }{ t::IMAGE_SIZE.get(lang) }{ " " }{ mine(human_size(img.size())) }
                    </p>
                    <p class="cmd-note muted small"><code>{ img.cmd.line() }</code>{ " — " }{ t::CMD_NO_LAYER.get(lang) }</p>
                    <ol class="layers" aria-label={t::LAYERS_LABEL.fmt(lang, &[("image", &NAMES[s])])}>
                        { for img.layers.iter().enumerate().rev().map(|(i, l)| {
                            let shared = other_digests.contains(&&l.digest);
                            let class = classes!("layer", fresh.then_some("fresh"), shared.then_some("shared"));
                            let delay = format!("animation-delay: {}ms", i * 180);
                            html! {
                                <li {class} style={delay} data-digest={l.digest.0.clone()} data-shared={shared.to_string()}>
                                                                        <code class="by">{ l.created_by.clone() }</code>
                                    <span class="size">{ size_of_layer(l, lang) }</span>
                                    <code class="digest" title={l.digest.0.clone()}>{ mine(format!("sha256:{}", l.digest.short())) }</code>
                                    if shared {
                                        <span class="badge shared-badge">{ "⇄ " }{ t::SHARED_WITH.fmt(lang, &[("image", &NAMES[other])]) }</span>
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                </div>
            } else {
                <p class="muted">{ t::NOT_BUILT.get(lang) }</p>
            }
        </section>
    }
}

fn containers(p: &Cx) -> Html {
    let lang = p.lang;
    let lab = &p.state.lab;
    html! {
        <section class="stage" aria-labelledby="img-containers">
            <h2 id="img-containers">{ t::CONTAINERS_TITLE.get(lang) }</h2>
            <p>
                { t::CONTAINERS_INTRO.get(lang) }{ " " }<Cite fact={&facts::WRITABLE_LAYER_START} />{ ". " }
                { t::COPY_UP_INTRO.get(lang) }
            </p>
            <p class="run-row">
                { for (0..2).map(|s| html! {
                    <button type="button" class="button primary" data-run={s.to_string()}
                        onclick={p.dispatch.reform(move |_| Action::Run(s))}>
                        <span aria-hidden="true">{ "▶ " }</span>{ t::RUN.fmt(lang, &[("image", &NAMES[s])]) }
                    </button>
                }) }
            </p>
            { status(p.state, Area::Containers, lang) }
            if lab.containers.is_empty() {
                <p class="muted">{ t::NO_CONTAINERS.get(lang) }</p>
            } else {
                <ul class="cakes">
                    { for lab.containers.iter().map(|c| html! {
                        <ContainerCard key={c.n} container={c.clone()} state={p.state.clone()} dispatch={p.dispatch.clone()} />
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ContainerProps {
    container: Container,
    state: UseReducerHandle<State>,
    dispatch: Callback<Action>,
}

#[function_component(ContainerCard)]
fn container_card(p: &ContainerProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let lab = &p.state.lab;
    let chosen = use_state(|| "/app/catalog.json".to_string());
    let c = &p.container;
    let n = c.n;
    let Some(img) = lab.image_by_id(&c.image) else {
        return Html::default();
    };
    let paths = img.paths();
    let sel_id = format!("c{n}-file");
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: web_sys::Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(el.value());
        })
    };
    let d = &p.dispatch;
    let path = (*chosen).clone();
    let change = {
        let path = path.clone();
        d.reform(move |_| Action::Change {
            container: n,
            path: path.clone(),
        })
    };
    let delete = d.reform(move |_| Action::Delete {
        container: n,
        path: path.clone(),
    });
    let log = d.reform(move |_| Action::WriteLog { container: n });
    let remove = d.reform(move |_| Action::Remove { container: n });
    // The entry the last action copied up, to animate it.
    let just = match &p.state.last {
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
    html! {
        <li class="cake card" data-container={n.to_string()} aria-labelledby={format!("c{n}-title")}>
            <h3 id={format!("c{n}-title")}>
                <span class="icon cake-icon" aria-hidden="true"></span>{ mine(cake.clone()) }
                <span class="from">
                    { t::FROM_IMAGE.get(lang) }{ " " }<code>{ NAMES[c.slot] }</code>
                    if !tagged { { " " }<span class="badge">{ t::UNTAGGED.get(lang) }</span> }
                </span>
            </h3>
            <div class="stack">
                <div class="writable" data-writable={n.to_string()}>
                    <p class="layer-head">
                        <span aria-hidden="true">{ "✎ " }</span>{ t::WRITABLE_LAYER.get(lang) }
                        { " · " }{ t::SIZE.get(lang) }{ " " }<strong>{ mine(human_size(c.size())) }</strong>
                    </p>
                    if c.upper.is_empty() {
                        <p class="empty muted small">{ t::WRITABLE_EMPTY.get(lang) }</p>
                    } else {
                        <ul class="upper">
                            { for c.upper.iter().map(|(path, u)| {
                                let moving = just == Some(*path) && !ctx.reduced_motion;
                                let (kind, label) = match u {
                                    Upper::CopiedUp { from, .. } => ("copied-up", t::KIND_COPIED_UP.fmt(lang, &[("layer", &img.layers.get(*from).map(|l| l.created_by.as_str()).unwrap_or(""))])),
                                    Upper::Created { .. } => ("created", t::KIND_CREATED.get(lang).to_string()),
                                    Upper::Whiteout => ("whiteout", t::KIND_WHITEOUT.get(lang).to_string()),
                                };
                                let icon = match u { Upper::CopiedUp { .. } => "⤒", Upper::Created { .. } => "＋", Upper::Whiteout => "⌀" };
                                html! {
                                    <li class={classes!("entry", kind, moving.then_some("moving"))}
                                        key={format!("{path}-{}", if moving { p.state.seq } else { 0 })}
                                        data-upper={*path} data-kind={kind}>
                                        <span aria-hidden="true" class="kind-icon">{ icon }</span>
                                        <code>{ mine(*path) }</code>
                                        <span class="what">{ mine(label) }</span>
                                        if u.size() > 0 || matches!(u, Upper::CopiedUp { .. }) {
                                            { illustrative(u.size(), lang) }
                                        }
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                </div>                <p class="ro-head small muted" aria-hidden="true">{ t::RO_LAYERS.get(lang) }</p>
                <ol class="ro-layers" aria-label={t::RO_LAYERS.get(lang)}>
                    { for img.layers.iter().rev().map(|l| html! {
                        <li><code>{ l.created_by.clone() }</code></li>
                    }) }
                </ol>
            </div>
            <p class="sizes" data-not-a-fact="true">
                <span><code>{ "size" }</code>{ " " }<strong data-size={c.size().to_string()}>{ human_size(c.size()) }</strong></span>
                <span><code>{ "virtual size" }</code>{ " " }<strong>{ human_size(lab.virtual_size(c)) }</strong></span>
            </p>
            <div class="controls">
                <label for={sel_id.clone()}>{ t::FILE_LABEL.get(lang) }</label>
                <select id={sel_id} {onchange}>
                    { for paths.iter().map(|f| html! {
                        <option value={*f} selected={*f == chosen.as_str()}>{ *f }</option>
                    }) }
                </select>
                <button type="button" class="button" data-act="change" onclick={change}>{ t::CHANGE.get(lang) }</button>
                <button type="button" class="button" data-act="delete" onclick={delete}>{ t::DELETE_FILE.get(lang) }</button>
                <button type="button" class="button" data-act="log" onclick={log}>{ t::WRITE_LOG.get(lang) }</button>
                <button type="button" class="button danger" data-act="remove" onclick={remove}
                    aria-label={t::REMOVE_LABEL.fmt(lang, &[("cake", &cake)])}>
                    <span aria-hidden="true">{ "✕ " }</span>{ t::REMOVE.get(lang) }
                </button>
            </div>
        </li>
    }
}

fn disk_use(lang: Lang, lab: &Lab) -> Html {
    let d = lab.disk();
    html! {
        <section class="stage" aria-labelledby="img-disk">
            <h2 id="img-disk">{ t::DISK_TITLE.get(lang) }</h2>
            <p>{ t::DISK_INTRO.get(lang) }</p>
            if !lab.containers.is_empty() {
                <div class="table-wrap">
                    <table class="ps" data-not-a-fact="true">
                        <caption><code>{ "docker ps -s" }</code></caption>
                        <thead><tr>
                            <th scope="col">{ t::COL_CONTAINER.get(lang) }</th>
                            <th scope="col">{ t::COL_IMAGE.get(lang) }</th>
                            <th scope="col"><code>{ "SIZE" }</code></th>
                            <th scope="col"><code>{ "VIRTUAL SIZE" }</code></th>
                        </tr></thead>
                        <tbody>
                            { for lab.containers.iter().map(|c| html! {
                                <tr data-ps={c.n.to_string()}>
                                    <td>{ t::CAKE.fmt(lang, &[("n", &c.n)]) }</td>
                                    <td><code>{ NAMES[c.slot] }</code></td>
                                    <td>{ human_size(c.size()) }</td>
                                    <td>{ human_size(lab.virtual_size(c)) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <dl class="disk" data-not-a-fact="true">
                <div><dt>{ t::DISK_IMAGES.fmt(lang, &[("n", &d.layers)]) }</dt><dd data-disk="images">{ human_size(d.image_bytes) }</dd></div>
                <div><dt>{ t::DISK_WRITABLE.fmt(lang, &[("n", &lab.containers.len())]) }</dt><dd data-disk="writable">{ human_size(d.writable_bytes) }</dd></div>
                <div class="total"><dt>{ t::DISK_TOTAL.get(lang) }</dt><dd data-disk="total">{ human_size(d.total()) }</dd></div>
                if !lab.containers.is_empty() {
                    <div class="naive"><dt>{ t::DISK_NAIVE.get(lang) }</dt><dd data-disk="naive">{ human_size(d.naive_bytes) }</dd></div>
                }
            </dl>
            <p class="muted small">{ with_names(t::DISK_NOTE.get(lang), &["overlay2"]) }{ " " }<Cite fact={&facts::OVERLAY_LOWER_LAYERS} />{ t::SENTENCE_END.get(lang) }</p>
        </section>
    }
}

fn registry_panel(p: &Cx) -> Html {
    let ctx = p;
    let lang = ctx.lang;
    let moving = !ctx.reduced_motion;
    let lab = &p.state.lab;
    let d = &p.dispatch;
    let report = match &p.state.last {
        Some((Area::Registry, Ok(Event::Pushed(tr)))) => Some((true, tr.clone())),
        Some((Area::Registry, Ok(Event::Pulled(tr)))) => Some((false, tr.clone())),
        _ => None,
    };
    let store = |label: &str, icon: &str, s: &model::Store, key: &str| {
        html! {
            <div class="store" data-store={key.to_string()}>
                <p class="store-name"><span aria-hidden="true">{ icon.to_string() }</span>{ " " }{ label.to_string() }</p>
                <p class="small" data-not-a-fact="true">
                    { t::STORE_LAYERS.fmt(lang, &[("n", &s.blobs.len()), ("size", &human_size(s.bytes()))]) }
                </p>
                <p class="small">
                    { for (0..2).filter(|k| s.tag(*k).is_some()).map(|k| html! { <code class="tag-name">{ NAMES[k] }</code> }) }
                </p>
            </div>
        }
    };
    html! {
        <section class="stage" aria-labelledby="img-registry">
            <h2 id="img-registry">{ t::REGISTRY_TITLE.get(lang) }</h2>
            <p>{ t::REGISTRY_INTRO.get(lang) }</p>
            <div class="stores">
                { store(t::LAPTOP.get(lang), "▭", &lab.laptop, "laptop") }
                <span class="arrow" aria-hidden="true">{ "⇢" }</span>
                { store(t::REGISTRY.get(lang), "☰", &lab.registry, "registry") }
                <span class="arrow" aria-hidden="true">{ "⇢" }</span>
                { store(t::SERVER.get(lang), "▣", &lab.server, "server") }
            </div>
            <div class="run-row">
                { for (0..2).map(|s| html! {
                    <button type="button" class="button" data-push={s.to_string()} onclick={d.reform(move |_| Action::Push(s))}>
                        <span aria-hidden="true">{ "⇡ " }</span>{ t::PUSH.fmt(lang, &[("image", &NAMES[s])]) }
                    </button>
                }) }
                { for (0..2).map(|s| html! {
                    <button type="button" class="button" data-pull={s.to_string()} onclick={d.reform(move |_| Action::Pull(s))}>
                        <span aria-hidden="true">{ "⇣ " }</span>{ t::PULL.fmt(lang, &[("image", &NAMES[s])]) }
                    </button>
                }) }
            </div>
            { status(p.state, Area::Registry, lang) }
            if let Some((push, tr)) = report {
                <table class={classes!("transfer", moving.then_some("moving"))} key={p.state.seq} data-not-a-fact="true" data-transfer={if push { "push" } else { "pull" }}>
                    <caption>{ if push { t::PUSH_REPORT.fmt(lang, &[("image", &NAMES[tr.slot])]) } else { t::PULL_REPORT.fmt(lang, &[("image", &NAMES[tr.slot])]) } }</caption>
                    <thead><tr>
                        <th scope="col">{ t::COL_LAYER.get(lang) }</th>
                        <th scope="col">{ t::COL_DIGEST.get(lang) }</th>
                        <th scope="col">{ t::COL_RESULT.get(lang) }</th>
                    </tr></thead>
                    <tbody>
                        { for tr.layers.iter().map(|l| html! {
                            <tr class={if l.sent { "sent" } else { "skipped" }} data-moved={if l.sent { "sent" } else { "skipped" }} data-digest={l.digest.0.clone()}>
                                <td><code>{ l.created_by.clone() }</code></td>
                                <td><code>{ l.digest.short() }</code></td>
                                <td>
                                    if l.sent {
                                        <span aria-hidden="true">{ "⇢ " }</span>{ t::SENT.fmt(lang, &[("size", &human_size(l.size))]) }
                                    } else {
                                        <span aria-hidden="true">{ "↷ " }</span>
                                        { if push { t::SKIPPED_PUSH.get(lang) } else { t::SKIPPED_PULL.get(lang) } }
                                        { " · " }{ t::SAVED.fmt(lang, &[("size", &human_size(l.size))]) }
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr>
                        <td colspan="3">{ t::TRANSFER_TOTAL.fmt(lang, &[("sent", &human_size(tr.sent_bytes())), ("skipped", &human_size(tr.skipped_bytes()))]) }</td>
                    </tr></tfoot>
                </table>
            }
            <p class="muted small">
                { t::COMPRESSED_NOTE.get(lang) }{ " " }
                <code>{ "alpine" }</code>{ " " }<Cite fact={&facts::ALPINE_SIZE} />{ ", " }
                <code>{ mine("debian:12-slim") }</code>{ " " }<Cite fact={&facts::DEBIAN_SLIM_SIZE} />{ ", " }
                <code>{ mine("ubuntu:24.04") }</code>{ " " }<Cite fact={&facts::UBUNTU_SIZE} />{ "." }
            </p>
        </section>
    }
}
