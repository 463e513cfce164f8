//! The last line of defence: if the app ever panics, replace the frozen page with a
//! readable message and a way to start over. Built with plain DOM calls, because after a
//! panic nothing else in the app can be trusted to run.

use crate::i18n::{Lang, cat::shell as t};
use crate::platform;

/// Installs the panic hook. Call once, before mounting the app. Through Yew, because
/// Yew's renderer replaces any hook set otherwise with its own (which only logs).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let details = info.to_string();
        web_sys::console::error_1(&details.as_str().into());
        show(&details);
    }));
}

/// Shows the crash screen with `details` (the panic message). Safe to call more than once.
pub fn show(details: &str) {
    let lang = platform::document_lang().unwrap_or(Lang::En);
    let _ = build(lang, details);
}

fn build(lang: Lang, details: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if let Some(old) = doc.get_element_by_id("crash") {
        old.remove();
    }
    let el = |tag: &str, text: Option<&str>| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        if let Some(text) = text {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let screen = el("div", None)?;
    screen.set_id("crash");
    screen.set_attribute("role", "alert").ok()?;
    screen.set_class_name("crash");
    let title = el("h1", Some(t::CRASH_TITLE.get(lang)))?;
    let body = el("p", Some(t::CRASH_BODY.get(lang)))?;
    let reset = el("a", Some(t::CRASH_RESET.get(lang)))?;
    // The bare page: no parameters, so nothing from the address can cause it again.
    let path = web_sys::window()?
        .location()
        .pathname()
        .unwrap_or_else(|_| "./".into());
    reset.set_attribute("href", &path).ok()?;
    reset.set_class_name("button primary");
    let more = el("details", None)?;
    let summary = el("summary", Some(t::CRASH_DETAILS.get(lang)))?;
    let pre = el("pre", Some(details))?;
    more.append_child(&summary).ok()?;
    more.append_child(&pre).ok()?;
    for child in [&title, &body, &reset, &more] {
        screen.append_child(child).ok()?;
    }
    doc.body()?.append_child(&screen).ok()?;
    if let Some(app) = doc.get_element_by_id("app") {
        let _ = app.set_attribute("inert", "");
        let _ = app.set_attribute("aria-hidden", "true");
    }
    let _ = reset.dyn_ref::<web_sys::HtmlElement>().map(|a| a.focus());
    Some(())
}

use wasm_bindgen::JsCast;
