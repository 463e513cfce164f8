//! The browser, behind small functions that never panic: every call tolerates a missing
//! window, a denied storage (sandboxed iframes, private modes) or an old browser.

use crate::i18n::Lang;
use crate::route::Theme;
use wasm_bindgen::JsCast;

const LANG_KEY: &str = "kubelab.lang";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// The current query string, with its `?` (empty when there is none).
pub fn location_query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

fn history() -> Option<web_sys::History> {
    window()?.history().ok()
}

/// Adds a history entry for `query` without reloading.
pub fn push_query(query: &str) {
    if let Some(h) = history() {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}

/// Replaces the current history entry's address with `query`.
pub fn replace_query(query: &str) {
    if let Some(h) = history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}

/// Goes to `query` by loading the page anew (a view of the other bundle).
pub fn assign_query(query: &str) {
    if let Some(w) = window() {
        let _ = w.location().assign(query);
    }
}

/// Loads the current address anew (back or forward to a view of the other bundle).
pub fn reload() {
    if let Some(w) = window() {
        let _ = w.location().reload();
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Throws a SecurityError in a sandboxed iframe: that is `Err`, and simply no storage.
    window()?.local_storage().ok().flatten()
}

/// The value stored under `key`, where storage is allowed.
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (nothing happens where storage is denied).
pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn stored_lang() -> Option<Lang> {
    storage()?
        .get_item(LANG_KEY)
        .ok()
        .flatten()
        .and_then(|s| Lang::from_tag(&s))
}

pub fn store_lang(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

/// `navigator.languages`, else `navigator.language`, in order of preference.
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = window().map(|w| w.navigator()) else {
        return vec![];
    };
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

fn root() -> Option<web_sys::Element> {
    document()?.document_element()
}

/// The language of the document (`<html lang>`), if it is one Kubelab speaks.
pub fn document_lang() -> Option<Lang> {
    Lang::from_tag(&root()?.get_attribute("lang")?)
}

pub fn set_document_lang(lang: Lang) {
    if let Some(r) = root() {
        let _ = r.set_attribute("lang", lang.code());
    }
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// `data-theme` on `<html>`: the stylesheet follows the system unless it is set.
pub fn set_theme(theme: Theme) {
    if let Some(r) = root() {
        let _ = match theme {
            Theme::Auto => r.remove_attribute("data-theme"),
            other => r.set_attribute("data-theme", other.code()),
        };
    }
}

pub fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Moves keyboard focus to the element with `id` (which has `tabindex="-1"`), so that
/// screen readers announce the new page after client-side navigation.
pub fn focus(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id))
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

/// Removes the static "loading" placeholder of `index.html` once the app has mounted.
pub fn remove_boot_placeholder() {
    if let Some(el) = document().and_then(|d| d.get_element_by_id("boot")) {
        el.remove();
    }
}

/// The element the app mounts into (`#app`), created if `index.html` lacks it.
pub fn app_root() -> Option<web_sys::Element> {
    let doc = document()?;
    if let Some(el) = doc.get_element_by_id("app") {
        return Some(el);
    }
    let el = doc.create_element("div").ok()?;
    el.set_id("app");
    doc.body()?.append_child(&el).ok()?;
    Some(el)
}

/// Fetches a file of the app's own origin (relative to the document's base) as text, and
/// calls `done` with it, or with None when it cannot be had.
pub fn fetch_text(path: &str, done: impl FnOnce(Option<String>) + 'static) {
    let Some(w) = window() else {
        return done(None);
    };
    let url = document()
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(path, &base).ok())
        .map_or_else(|| path.to_string(), |u| u.href());
    let promise = w.fetch_with_str(&url);
    wasm_bindgen_futures::spawn_local(async move {
        let text = async {
            let resp: web_sys::Response = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()?
                .dyn_into()
                .ok()?;
            if !resp.ok() {
                return None;
            }
            wasm_bindgen_futures::JsFuture::from(resp.text().ok()?)
                .await
                .ok()?
                .as_string()
        };
        done(text.await);
    });
}

/// The first element matching a CSS selector.
pub fn query(selector: &str) -> Option<web_sys::Element> {
    document()?.query_selector(selector).ok().flatten()
}

/// Every element matching a CSS selector.
pub fn query_all(selector: &str) -> Vec<web_sys::Element> {
    let Some(list) = document().and_then(|d| d.query_selector_all(selector).ok()) else {
        return vec![];
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// Full screen on, or off when it is on (browsers refuse it without a user gesture).
pub fn toggle_fullscreen() {
    let Some(d) = document() else { return };
    if d.fullscreen_element().is_some() {
        d.exit_fullscreen();
    } else if let Some(r) = root() {
        let _ = r.request_fullscreen();
    }
}

/// Listener options for keys taken before the page sees them: the capture phase, and not
/// passive, so that the key's default (scrolling) can be prevented.
pub const KEYS_FIRST: gloo_events::EventListenerOptions = gloo_events::EventListenerOptions {
    phase: gloo_events::EventListenerPhase::Capture,
    passive: false,
};
