//! Browser tests (wasm-bindgen-test in headless Chromium): the app mounted into a real
//! document, and the crash screen. Run by `cargo xtask test`.
#![cfg(target_arch = "wasm32")]

use kubelab::app::{App, AppProps};
use kubelab::i18n::{Lang, cat};
use kubelab::views::{VIEWS, ViewId};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the app starting from `query` into a fresh element and lets it render.
async fn mount(query: &str) -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            query: query.to_string().into(),
            bundle: &kubelab::views::EVERYTHING,
        },
    )
    .render();
    settle().await;
    root
}

/// Yields to the browser until Yew has rendered and run its effects.
async fn settle() {
    for _ in 0..3 {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

fn text(root: &web_sys::Element, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_view_address_renders_that_view_in_the_asked_language() {
    let root = mount("?view=cluster&lang=ko").await;
    assert_eq!(
        text(&root, "h1"),
        ViewId::Cluster.spec().title.get(Lang::Ko)
    );
    let current = root
        .query_selector("nav a[aria-current=page]")
        .unwrap()
        .expect("a current link");
    assert_eq!(
        current.text_content().unwrap(),
        ViewId::Cluster.spec().nav.get(Lang::Ko)
    );
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("ko")
    );
    assert_eq!(
        root.query_selector_all("nav a").unwrap().length() as usize,
        VIEWS.len()
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn an_unknown_view_shows_a_notice_and_the_start_page() {
    let root = mount("?view=bogus&lang=en").await;
    assert!(
        text(&root, ".notice")
            .contains(&cat::shell::URL_UNKNOWN_VIEW.fmt(Lang::En, &[("value", &"bogus")]))
    );
    assert_eq!(text(&root, "h1"), cat::home::TITLE.get(Lang::En));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_embed_layout_drops_header_and_navigation() {
    let root = mount("?view=eks&lang=en&embed=1").await;
    assert!(root.query_selector("nav").unwrap().is_none());
    assert!(root.query_selector("header.top").unwrap().is_none());
    assert_eq!(text(&root, "h1"), ViewId::Eks.spec().title.get(Lang::En));
    root.remove();
}

#[wasm_bindgen_test]
fn the_crash_screen_explains_and_offers_a_reset() {
    document()
        .document_element()
        .unwrap()
        .set_attribute("lang", "ko")
        .unwrap();
    kubelab::crash::show("boom <b>not markup</b>");
    let screen = document()
        .get_element_by_id("crash")
        .expect("crash screen shown");
    assert_eq!(screen.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        screen
            .query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        cat::shell::CRASH_TITLE.get(Lang::Ko)
    );
    // The panic message is shown as text, never parsed as HTML.
    assert_eq!(
        screen
            .query_selector("pre")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "boom <b>not markup</b>"
    );
    assert!(screen.query_selector("pre b").unwrap().is_none());
    let reset = screen.query_selector("a").unwrap().unwrap();
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    assert_eq!(
        reset.get_attribute("href"),
        Some(path),
        "reset goes to the bare page"
    );
    // Showing it twice leaves one screen.
    kubelab::crash::show("again");
    assert_eq!(document().query_selector_all("#crash").unwrap().length(), 1);
    screen.remove();
    document().get_element_by_id("crash").unwrap().remove();
}
