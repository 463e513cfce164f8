//! The shell: header, navigation, language switch, notices about the address, the current
//! page, the embed layout, the lesson panel of a lesson's step, and presenter mode. State
//! is the [`Route`] and the language (and presenter mode's overlays); everything else is
//! derived from them.

use crate::el::{button, el, frag, opt, text};
use crate::i18n::{Lang, cat::shell as t, negotiate};
use crate::lessons::At;
use crate::platform;
use crate::route::{Page, Problem, Route};
use crate::views::{Bundle, VIEWS, ViewId, home::home};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What every component may read: the language, the layout and how to navigate.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub route: Route,
    pub reduced_motion: bool,
    pub navigate: Callback<Page>,
    /// Replaces the current address without a history entry (a view's own choices, such as
    /// the Cluster view's scenario and seed).
    pub replace: Callback<Route>,
    /// Goes to a lesson's step (a new history entry), or out of the lesson (`None`).
    pub lesson: Callback<Option<At>>,
}

#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("components are rendered inside App's context provider")
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The query string the app starts from (normally `location.search`).
    pub query: AttrValue,
    /// The views this binary carries; links to the others load the page anew.
    pub bundle: &'static Bundle,
}

/// The language to use: the address's, else the remembered one, else the browser's.
fn initial_lang(route: &Route) -> Lang {
    route
        .lang
        .or_else(platform::stored_lang)
        .unwrap_or_else(|| negotiate(&platform::browser_languages()))
}

/// The shell's state: the address (as a [`Route`]), the language, and whether the notices
/// about the address are still shown.
#[derive(Clone, PartialEq)]
struct Shell {
    route: Route,
    lang: Lang,
    notices_open: bool,
    /// Bumped to build a lesson step's start state again (its view is made anew).
    nonce: u32,
}

enum Go {
    /// Back or forward to this address.
    Popped(Route),
    /// A link was followed: this route, and the notices go.
    Navigated(Route),
    /// A view replaced its own part of the address (no history entry; notices stay).
    Replaced(Route),
    Lang(Lang),
    CloseNotices,
    /// Make the view anew (a lesson step entered again).
    Remount,
}

impl Reducible for Shell {
    type Action = Go;
    fn reduce(self: Rc<Self>, go: Go) -> Rc<Self> {
        let mut s = (*self).clone();
        match go {
            Go::Popped(r) | Go::Replaced(r) => s.route = r,
            Go::Navigated(r) => {
                s.route = r;
                s.notices_open = false;
            }
            Go::Lang(l) => s.lang = l,
            Go::CloseNotices => s.notices_open = false,
            Go::Remount => s.nonce = s.nonce.wrapping_add(1),
        }
        Rc::new(s)
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let shell = use_reducer(|| {
        let route = Route::parse(&props.query);
        Shell {
            lang: initial_lang(&route),
            route,
            notices_open: true,
            nonce: 0,
        }
    });
    let reduced_motion = use_memo((), |_| platform::prefers_reduced_motion());
    let route = &shell.route;

    // Keep the address canonical (and shareable) and the document in step with the state.
    use_effect_with((route.clone(), shell.lang), move |(route, lang)| {
        platform::replace_query(&route.query(*lang));
        platform::set_document_lang(*lang);
        platform::set_theme(route.theme);
        let page_title = match (route.lesson, route.page) {
            (Some(at), _) => at.info().title.get(*lang),
            (None, Page::Home) => t::TAGLINE.get(*lang),
            (None, Page::View(id)) => id.spec().title.get(*lang),
        };
        platform::set_title(&[page_title, " · ", t::APP_NAME.get(*lang)].concat());
    });

    // The window's events, for as long as the app lives: Back and Forward (an address of
    // another bundle is loaded anew), and P, which switches presenter mode. One effect for
    // all, since each effect type costs the download.
    {
        let shell = shell.clone();
        let (start, lang, bundle) = (shell.route.clone(), shell.lang, props.bundle);
        // The address as it came (the canonical one replaces it at the first render).
        let first = props.query.to_ascii_lowercase();
        use_effect_with((), move |_| {
            // A lesson link that did not name its step's view (`?lesson=…&step=4`) reached a
            // binary without that view: load it once more with the view named, so that the
            // loader picks the binary it needs. (An address that names it never reloads.)
            if let (Some(_), Page::View(id)) = (start.lesson, start.page)
                && !bundle.has(id)
            {
                let view = ["view=", id.slug()].concat();
                if !first.trim_start_matches('?').split('&').any(|p| p == view) {
                    platform::assign_query(&start.query(lang));
                }
            }
            let listeners = web_sys::window().map(|w| {
                let popped = {
                    let shell = shell.clone();
                    gloo_events::EventListener::new(&w, "popstate", move |_| {
                        let route = Route::parse(&platform::location_query());
                        match route.page {
                            Page::View(id) if !bundle.has(id) => platform::reload(),
                            _ => shell.dispatch(Go::Popped(route)),
                        }
                    })
                };
                let key = gloo_events::EventListener::new(&w, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    // The address is always the current route, in the current language.
                    let route = Route::parse(&platform::location_query());
                    if (e.key() == "p" || e.key() == "P") && plain_key(e) && !route.embed {
                        let lang = route.lang.unwrap_or(lang);
                        let replace = {
                            let shell = shell.clone();
                            Callback::from(move |r| shell.dispatch(Go::Replaced(r)))
                        };
                        switch_present(&route, &replace, lang, bundle);
                    }
                });
                (popped, key)
            });
            move || drop(listeners)
        });
    }

    let navigate = {
        let shell = shell.clone();
        let bundle = props.bundle;
        Callback::from(move |page: Page| {
            let next = shell.route.with_page(page);
            if let Page::View(id) = page
                && !bundle.has(id)
            {
                platform::assign_query(&next.query(shell.lang));
                return;
            }
            platform::push_query(&next.query(shell.lang));
            shell.dispatch(Go::Navigated(next));
            platform::focus("main");
        })
    };

    let set_lang = {
        let shell = shell.clone();
        Callback::from(move |l: Lang| {
            platform::store_lang(l);
            shell.dispatch(Go::Lang(l));
        })
    };

    let replace = {
        let shell = shell.clone();
        Callback::from(move |next: Route| shell.dispatch(Go::Replaced(next)))
    };
    // A lesson's step: a history entry each, and a page load when its view is in the other
    // binary (the address names the view, so the loader fetches the right one).
    let lesson = {
        let shell = shell.clone();
        let bundle = props.bundle;
        Callback::from(move |at: Option<At>| {
            let next = shell.route.with_lesson(at);
            let elsewhere = match next.page {
                Page::View(id) => !bundle.has(id),
                Page::Home => false,
            };
            if elsewhere || (at.is_some() && bundle.class.is_none()) {
                platform::assign_query(&next.query(shell.lang));
                return;
            }
            if next == shell.route {
                shell.dispatch(Go::Remount);
                return;
            }
            platform::push_query(&next.query(shell.lang));
            shell.dispatch(Go::Navigated(next));
            if at.is_none() {
                platform::focus("main");
            }
        })
    };
    let ctx = Ctx {
        lang: shell.lang,
        route: route.clone(),
        reduced_motion: *reduced_motion,
        navigate,
        replace,
        lesson,
    };
    let l = shell.lang;
    let page = match route.page {
        Page::Home => home(&ctx),
        Page::View(id) if props.bundle.has(id) => (props.bundle.render)(id),
        Page::View(id) => elsewhere(&ctx, id),
    };
    // In a lesson: its panel, and the step's view (made anew for each step).
    let (page, panel) = match (route.lesson, props.bundle.class) {
        (Some(at), Some(class)) => (class.page)(at, page, shell.nonce, props.bundle),
        _ => (page, None),
    };
    // One section of a long view, alone (`section=`): the others are hidden.
    let only = route.section.map(|s| {
        el("style").string(
            [
                "main .view > :not(.view-head):not(.sources):not([data-part=\"",
                s,
                "\"]) { display: none; }",
            ]
            .concat(),
        )
    });
    let notices = (shell.notices_open && !route.problems.is_empty()).then(|| {
        let close = {
            let shell = shell.clone();
            Callback::from(move |_| shell.dispatch(Go::CloseNotices))
        };
        el("section")
            .class("notice")
            .attr("role", "status")
            .attr("aria-label", t::NOTICE_LABEL.get(l))
            .child(
                el("ul").children(
                    route
                        .problems
                        .iter()
                        .map(|p| el("li").string(problem_text(p, l)).into()),
                ),
            )
            .child(button("button").on_click(close).text(t::DISMISS.get(l)))
    });

    let present = route.present && !route.embed && props.bundle.class.is_some();
    let chrome = (!route.embed && !present).then(|| {
        let nav = el("nav")
            .attr("aria-label", t::NAV_LABEL.get(l))
            .child(el("ul").children(VIEWS.iter().map(|v| {
                el("li")
                    .child(link(&ctx, Page::View(v.id), "", None, text(v.nav.get(l))))
                    .into()
            })));
        let brand = frag(vec![
            el("span")
                .class("logo")
                .attr("aria-hidden", "true")
                .text("⎈")
                .into(),
            text(t::APP_NAME.get(l)),
        ]);
        frag(vec![
            el("a")
                .class("skip")
                .attr("href", "#main")
                .text(t::SKIP_TO_CONTENT.get(l))
                .into(),
            el("header")
                .class("top")
                .child(link(
                    &ctx,
                    Page::Home,
                    "brand",
                    Some(t::HOME_LINK.get(l)),
                    brand,
                ))
                .child(nav)
                .child(lang_switch(l, &set_lang))
                .child(
                    button("button present-on")
                        .attr("title", t::PRESENT_ENTER_LABEL.get(l))
                        .attr("aria-keyshortcuts", "P")
                        .on_click(toggle_present(&ctx, props.bundle))
                        .text(t::PRESENT_ENTER.get(l)),
                )
                .into(),
        ])
    });
    let foot = if route.embed {
        el("footer").class("embed-foot").child(
            el("a")
                .attr(
                    "href",
                    Route {
                        embed: false,
                        ..route.clone()
                    }
                    .query(l),
                )
                .attr("target", "_blank")
                .attr("rel", "noopener")
                .text(t::EMBED_OPEN_FULL.get(l))
                .child(
                    el("span")
                        .class("sr-only")
                        .text(" ")
                        .text(t::NEW_WINDOW_HINT.get(l)),
                ),
        )
    } else {
        el("footer")
            .class("foot")
            .child(el("p").text(t::FOOTER_SOURCE.get(l)))
    };
    // Presenter mode: its bar (instead of the header), keys and overlays.
    let bar = props
        .bundle
        .class
        .filter(|_| present)
        .map(|class| (class.presenter)(set_lang.clone(), props.bundle));
    let foot = (!present).then_some(foot);
    let shell_el = el("div")
        .class("shell")
        .class_if("embed", route.embed)
        .class_if("present", present)
        .class_if("in-lesson", panel.is_some())
        .class_if("reduced-motion", *reduced_motion)
        .maybe(chrome)
        .maybe(bar)
        .child(
            el("main")
                .id("main")
                .attr("tabindex", "-1")
                .child(opt(notices))
                .child(opt(panel))
                .child(page)
                .child(opt(only)),
        )
        .maybe(foot);
    html! {
        <ContextProvider<Ctx> context={ctx}>
            { Html::from(shell_el) }
        </ContextProvider<Ctx>>
    }
}

/// A view of the other bundle, for the moment before its page loads (or for good, should
/// the loader in `index.html` ever disagree with [`crate::views::bundle_for`]: then the
/// link still works, and nothing reloads in a loop).
fn elsewhere(ctx: &Ctx, id: ViewId) -> Html {
    let l = ctx.lang;
    let spec = id.spec();
    el("article")
        .class("view elsewhere")
        .attr("data-view", spec.slug)
        .child(
            el("h1")
                .id("view-title")
                .string(t::OPENING_VIEW.fmt(l, &[("view", &spec.title.get(l))])),
        )
        .child(el("p").text(t::OPENING_VIEW_BODY.get(l)))
        .child(
            el("p").child(
                el("a")
                    .attr("href", ctx.route.with_page(Page::View(id)).query(l))
                    .text(spec.title.get(l)),
            ),
        )
        .into()
}

/// The message shown for something in the address that was ignored.
pub fn problem_text(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::UnknownView(v) => t::URL_UNKNOWN_VIEW.fmt(lang, &[("value", v)]),
        Problem::UnknownLang(v) => t::URL_UNKNOWN_LANG.fmt(lang, &[("value", v), ("lang", &lang)]),
        Problem::BadFlag { param, value } => {
            t::URL_BAD_FLAG.fmt(lang, &[("param", param), ("value", value)])
        }
        Problem::BadTheme(v) => t::URL_BAD_THEME.fmt(lang, &[("value", v)]),
        Problem::UnknownParam(p) => t::URL_UNKNOWN_PARAM.fmt(lang, &[("param", p)]),
        Problem::Duplicate(p) => t::URL_DUPLICATE.fmt(lang, &[("param", p)]),
        Problem::BadValue { param, value } => {
            t::URL_BAD_VALUE.fmt(lang, &[("param", param), ("value", value)])
        }
        Problem::UnknownLesson(v) => t::URL_UNKNOWN_LESSON.fmt(lang, &[("value", v)]),
        Problem::BadStep { value, shown } => {
            t::URL_BAD_STEP.fmt(lang, &[("value", value), ("shown", shown)])
        }
        Problem::UnknownSection(v) => t::URL_UNKNOWN_SECTION.fmt(lang, &[("value", v)]),
    }
}

/// Two toggle buttons, each named in its own language.
pub fn lang_switch(lang: Lang, onchange: &Callback<Lang>) -> Html {
    el("div")
        .class("lang-switch")
        .attr("role", "group")
        .attr("aria-label", t::LANG_GROUP.get(lang))
        .children(Lang::ALL.iter().map(|&l| {
            button("")
                .attr("lang", l.code())
                .pressed(l == lang)
                .on_click(onchange.reform(move |_| l))
                .text(l.native_name())
                .into()
        }))
        .into()
}

/// A link to a page of the app: a real `href` (so it can be opened in a new tab or
/// copied), followed without reloading on a plain click, and marked when current.
/// `label` is an accessible name, when the visible content is not enough.
pub fn link(
    ctx: &Ctx,
    page: Page,
    class: &'static str,
    label: Option<&'static str>,
    content: Html,
) -> Html {
    let href = ctx.route.with_page(page).query(ctx.lang);
    let onclick = {
        let navigate = ctx.navigate.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
                e.prevent_default();
                navigate.emit(page);
            }
        })
    };
    el("a")
        .attr("href", href)
        .class(class)
        .attr_opt(
            "aria-current",
            (ctx.route.page == page).then_some("page".into()),
        )
        .attr_opt("aria-label", label.map(Into::into))
        .on_click(onclick)
        .child(content)
        .into()
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub page: Page,
    #[prop_or_default]
    pub class: &'static str,
    /// An accessible name, when the visible content is not enough.
    #[prop_or_default]
    pub label: Option<&'static str>,
    #[prop_or_default]
    pub children: Html,
}

/// [`link`] as a component, for `html!`.
#[function_component(Link)]
pub fn link_component(props: &LinkProps) -> Html {
    link(
        &use_ctx(),
        props.page,
        props.class,
        props.label,
        props.children.clone(),
    )
}

// ---------------------------------------------------------------------------------------
// Presenter mode's switch (the mode itself is `lessons::present`, in the binaries for
// classes)

/// The route with presenter mode switched.
fn presenting(route: &Route) -> Route {
    Route {
        present: !route.present,
        problems: vec![],
        ..route.clone()
    }
}

/// Switches presenter mode: in place where this binary has it, else by loading the page
/// with `present=1` (the loader then fetches the binary for classes).
fn switch_present(route: &Route, replace: &Callback<Route>, lang: Lang, bundle: &Bundle) {
    let next = presenting(route);
    if bundle.class.is_some() {
        replace.emit(next);
    } else {
        platform::assign_query(&next.query(lang));
    }
}

/// A handler that switches presenter mode.
pub fn toggle_present(ctx: &Ctx, bundle: &'static Bundle) -> Callback<MouseEvent> {
    let (route, replace, lang) = (ctx.route.clone(), ctx.replace.clone(), ctx.lang);
    Callback::from(move |_| switch_present(&route, &replace, lang, bundle))
}

/// Whether a key press may be a shortcut: no Ctrl, Meta or Alt, and not typed into a field.
pub fn plain_key(e: &KeyboardEvent) -> bool {
    !(e.ctrl_key() || e.meta_key() || e.alt_key() || typing_in(e))
}

/// Whether a key event comes from a field where typing (or native activation) matters.
fn typing_in(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "select" | "textarea")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}
