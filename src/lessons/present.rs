//! Presenter mode (`present=1`, the P key): a slim bar instead of the header, large type
//! and higher contrast (`.present` in app.css), and the keys a teacher and a presenter
//! remote use. It is in the binaries for classes (the guide's binary loads one of them when
//! asked for it), as a component of its own, so that its state and keys cost nothing
//! elsewhere.

use crate::app::{lang_switch, link, plain_key, toggle_present, use_ctx};
use crate::el::{button, el, frag, opt};
use crate::i18n::{Lang, cat::present as t, cat::shell};
use crate::platform;
use crate::route::Page;
use crate::views::{Bundle, ViewId};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresenterProps {
    pub set_lang: Callback<Lang>,
    pub bundle: &'static Bundle,
}

/// The blank screen and the keys dialog.
#[derive(Clone, Copy, Default, PartialEq)]
struct Over {
    blank: bool,
    keys: bool,
}

enum Do {
    Blank(bool),
    Keys(bool),
}

impl Reducible for Over {
    type Action = Do;
    fn reduce(self: Rc<Self>, d: Do) -> Rc<Self> {
        let mut o = *self;
        match d {
            Do::Blank(on) => o.blank = on,
            Do::Keys(on) => o.keys = on,
        }
        Rc::new(o)
    }
}

#[function_component(Presenter)]
pub fn presenter(p: &PresenterProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let over = use_reducer(Over::default);

    // The keys, on the window before the views see them. In a lesson the panel takes the
    // arrows and pages; in the Cluster view its own shortcuts keep Space, the arrows and the
    // speed keys.
    {
        let latest = use_mut_ref(|| (over.clone(), ctx.clone()));
        *latest.borrow_mut() = (over.clone(), ctx.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let opts = platform::KEYS_FIRST;
                gloo_events::EventListener::new_with_options(&w, "keydown", opts, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if !plain_key(e) {
                        return;
                    }
                    let (over, ctx) = latest.borrow().clone();
                    if key(&over, &ctx, &e.key()) {
                        e.prevent_default();
                        e.stop_immediate_propagation();
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The keys dialog takes the focus when it opens; so does the blank screen.
    use_effect_with(*over, |o| {
        if o.keys {
            platform::focus("keys-help-close");
        } else if o.blank {
            platform::focus("blackout");
        }
    });

    let dispatch = |d: fn(bool) -> Do, on: bool| {
        let over = over.clone();
        Callback::from(move |_: MouseEvent| over.dispatch(d(on)))
    };
    let bar = el("header")
        .class("present-bar")
        .attr("aria-label", t::BAR_LABEL.get(l))
        .child(link(
            &ctx,
            Page::Home,
            "brand",
            Some(shell::HOME_LINK.get(l)),
            el("span")
                .class("logo")
                .attr("aria-hidden", "true")
                .text("⎈")
                .into(),
        ))
        .child(el("span").class("present-name").text(t::BAR_LABEL.get(l)))
        .child(lang_switch(l, &p.set_lang))
        .child(
            button("button")
                .attr("aria-keyshortcuts", "?")
                .on_click(dispatch(Do::Keys, true))
                .text(t::KEYS_BUTTON.get(l)),
        )
        .child(
            button("button")
                .attr("aria-keyshortcuts", "P")
                .on_click(toggle_present(&ctx, p.bundle))
                .text(t::EXIT.get(l)),
        );
    let blank = over.blank.then(|| {
        button("blackout")
            .id("blackout")
            .attr("aria-label", t::BLANK.get(l))
            .on_click(dispatch(Do::Blank, false))
    });
    let keys = over.keys.then(|| {
        crate::views::pieces::keys_dialog(
            "keys-help",
            t::KEYS_TITLE.get(l),
            t::KEYS,
            t::KEYS_NOTE.get(l),
            t::CLOSE.get(l),
            l,
            dispatch(Do::Keys, false),
        )
    });
    frag(vec![bar.into(), opt(blank), opt(keys)])
}

/// Does what a presenter key asks; false when the key is not one (for this page).
fn key(over: &UseReducerHandle<Over>, ctx: &crate::app::Ctx, key: &str) -> bool {
    let r = &ctx.route;
    match key {
        "b" | "B" => {
            over.dispatch(Do::Blank(!over.blank));
            true
        }
        "Escape" if over.blank || over.keys => {
            over.dispatch(Do::Blank(false));
            over.dispatch(Do::Keys(false));
            true
        }
        // The screen is blank: nothing else happens behind it.
        _ if over.blank => true,
        "f" | "F" => {
            platform::toggle_fullscreen();
            true
        }
        "?" => {
            over.dispatch(Do::Keys(true));
            true
        }
        _ if r.lesson.is_some() || matches!(r.page, Page::View(ViewId::Cluster)) => false,
        "ArrowRight" | "PageDown" => next_section(1),
        "ArrowLeft" | "PageUp" => next_section(-1),
        " " => platform::query("[data-play]")
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|b| b.click())
            .is_some(),
        "+" | "=" | "-" | "_" => {
            let faster = key == "+" || key == "=";
            platform::query("#race-speed")
                .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| {
                    s.set_value(if faster { "real" } else { "slow" });
                    if let Ok(ev) = web_sys::Event::new("change") {
                        let _ = s.dispatch_event(&ev);
                    }
                })
                .is_some()
        }
        _ => false,
    }
}

/// Scrolls to the next (`dir` 1) or previous (-1) section of the page and focuses its
/// heading; false when there is none that way.
fn next_section(dir: i32) -> bool {
    let sections = platform::query_all("main .view > section, main .view > .panel");
    let tops: Vec<f64> = sections
        .iter()
        .map(|s| s.get_bounding_client_rect().top())
        .collect();
    let target = if dir > 0 {
        tops.iter().position(|t| *t > 8.0)
    } else {
        tops.iter().rposition(|t| *t < -8.0)
    };
    let Some(el) = target.and_then(|i| sections.get(i)) else {
        return false;
    };
    el.scroll_into_view();
    if let Some(h) = el
        .query_selector("h2")
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = h.set_attribute("tabindex", "-1");
        let _ = h.focus();
    }
    true
}
