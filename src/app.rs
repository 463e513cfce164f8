//! The shell: header, navigation, language switch, notices about the address, the current
//! page, and the embed layout. State is the [`Route`] and the language; everything else is
//! derived from them.

use crate::i18n::{Lang, cat::shell as t, negotiate};
use crate::platform;
use crate::route::{Page, Problem, Route};
use crate::views::{VIEWS, home::Home};
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
}

#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("components are rendered inside App's context provider")
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The query string the app starts from (normally `location.search`).
    pub query: AttrValue,
}

/// The language to use: the address's, else the remembered one, else the browser's.
fn initial_lang(route: &Route) -> Lang {
    route
        .lang
        .or_else(platform::stored_lang)
        .unwrap_or_else(|| negotiate(&platform::browser_languages()))
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let route = use_state(|| Route::parse(&props.query));
    let lang = use_state(|| initial_lang(&route));
    let notices_open = use_state(|| true);
    let reduced_motion = use_memo((), |_| platform::prefers_reduced_motion());

    // Keep the address canonical (and shareable) and the document in step with the state.
    {
        let (route, lang) = (route.clone(), *lang);
        use_effect_with(((*route).clone(), lang), move |(route, lang)| {
            platform::replace_query(&route.query(*lang));
            platform::set_document_lang(*lang);
            platform::set_theme(route.theme);
            let page_title = match route.page {
                Page::Home => t::TAGLINE.get(*lang),
                Page::View(id) => id.spec().title.get(*lang),
            };
            platform::set_title(&format!("{page_title} · {}", t::APP_NAME.get(*lang)));
        });
    }

    // Back and forward buttons.
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, "popstate", move |_| {
                    route.set(Route::parse(&platform::location_query()));
                })
            });
            move || drop(listener)
        });
    }

    let navigate = {
        let (route, lang, notices_open) = (route.clone(), lang.clone(), notices_open.clone());
        Callback::from(move |page: Page| {
            let next = route.with_page(page);
            platform::push_query(&next.query(*lang));
            route.set(next);
            notices_open.set(false);
            platform::focus("main");
        })
    };

    let set_lang = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| {
            platform::store_lang(l);
            lang.set(l);
        })
    };

    let replace = {
        let route = route.clone();
        Callback::from(move |next: Route| route.set(next))
    };
    let ctx = Ctx {
        lang: *lang,
        route: (*route).clone(),
        reduced_motion: *reduced_motion,
        navigate,
        replace,
    };
    let l = *lang;
    let page = match route.page {
        Page::Home => html! { <Home /> },
        Page::View(id) => id.spec().render(),
    };
    let notices = if *notices_open && !route.problems.is_empty() {
        let close = {
            let notices_open = notices_open.clone();
            Callback::from(move |_| notices_open.set(false))
        };
        html! {
            <section class="notice" role="status" aria-label={t::NOTICE_LABEL.get(l)}>
                <ul>{ for route.problems.iter().map(|p| html! { <li>{ problem_text(p, l) }</li> }) }</ul>
                <button type="button" class="button" onclick={close}>{ t::DISMISS.get(l) }</button>
            </section>
        }
    } else {
        Html::default()
    };

    let class = classes!(
        "shell",
        route.embed.then_some("embed"),
        reduced_motion.then_some("reduced-motion")
    );
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div {class}>
                if !route.embed {
                    <a class="skip" href="#main">{ t::SKIP_TO_CONTENT.get(l) }</a>
                    <header class="top">
                        <Link page={Page::Home} class="brand" label={t::HOME_LINK.get(l)}>
                            <span class="logo" aria-hidden="true">{ "⎈" }</span>
                            { t::APP_NAME.get(l) }
                        </Link>
                        <nav aria-label={t::NAV_LABEL.get(l)}>
                            <ul>
                                { for VIEWS.iter().map(|v| html! {
                                    <li><Link page={Page::View(v.id)}>{ v.nav.get(l) }</Link></li>
                                }) }
                            </ul>
                        </nav>
                        <LangSwitch lang={l} onchange={set_lang} />
                    </header>
                }
                <main id="main" tabindex="-1">
                    { notices }
                    { page }
                </main>
                if route.embed {
                    <footer class="embed-foot">
                        <a href={Route { embed: false, ..(*route).clone() }.query(l)} target="_blank" rel="noopener">
                            { t::EMBED_OPEN_FULL.get(l) }
                            <span class="sr-only">{ " " }{ t::NEW_WINDOW_HINT.get(l) }</span>
                        </a>
                    </footer>
                } else {
                    <footer class="foot"><p>{ t::FOOTER_SOURCE.get(l) }</p></footer>
                }
            </div>
        </ContextProvider<Ctx>>
    }
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
    }
}

#[derive(Properties, PartialEq)]
struct LangSwitchProps {
    lang: Lang,
    onchange: Callback<Lang>,
}

/// Two toggle buttons, each named in its own language.
#[function_component(LangSwitch)]
fn lang_switch(props: &LangSwitchProps) -> Html {
    html! {
        <div class="lang-switch" role="group" aria-label={t::LANG_GROUP.get(props.lang)}>
            { for Lang::ALL.iter().map(|&l| {
                let onclick = props.onchange.reform(move |_| l);
                html! {
                    <button type="button" lang={l.code()} aria-pressed={(l == props.lang).to_string()} {onclick}>
                        { l.native_name() }
                    </button>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub page: Page,
    #[prop_or_default]
    pub class: Classes,
    /// An accessible name, when the visible content is not enough.
    #[prop_or_default]
    pub label: Option<&'static str>,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a page of the app: a real `href` (so it can be opened in a new tab or
/// copied), followed without reloading on a plain click, and marked when current.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let ctx = use_ctx();
    let href = ctx.route.with_page(props.page).query(ctx.lang);
    let current = (ctx.route.page == props.page).then_some("page");
    let onclick = {
        let (navigate, page) = (ctx.navigate.clone(), props.page);
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
                e.prevent_default();
                navigate.emit(page);
            }
        })
    };
    html! {
        <a {href} class={props.class.clone()} aria-current={current} aria-label={props.label} {onclick}>
            { props.children.clone() }
        </a>
    }
}
