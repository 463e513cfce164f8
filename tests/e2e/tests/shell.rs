//! The app shell, driven as a user would: every view's address, reloads, the language
//! switch, the embed layout, bad addresses, a sandboxed iframe, the keyboard, and an
//! accessibility pass on every view.

use kubelab::i18n::{Lang, cat};
use kubelab::views::{GUIDE, VIEWS, ViewId, ViewSpec};
use kubelab_e2e::*;

/// Every page: the start page and each view, with its `view=` value and its heading.
fn pages(lang: Lang) -> Vec<(String, String)> {
    std::iter::once((String::new(), cat::home::TITLE.get(lang).to_string()))
        .chain(
            VIEWS
                .iter()
                .map(|v| (format!("view={}&", v.slug), v.title.get(lang).to_string())),
        )
        .collect()
}

#[tokio::test]
async fn every_view_loads_without_errors_and_survives_a_reload() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            for (param, title) in pages(lang) {
                let query = format!("?{param}lang={}", lang.code());
                open(&c, &query).await;
                assert_eq!(text_of(&c, "h1#view-title").await, title, "heading of {query}");
                c.refresh().await.unwrap();
                wait_for(&c, "h1#view-title").await;
                assert_eq!(text_of(&c, "h1#view-title").await, title, "heading of {query} after reload");
                assert_eq!(js(&c, "document.documentElement.lang").await, lang.code());
                // Exactly the current view's link is marked current.
                let current = js(&c, "[...document.querySelectorAll('nav a[aria-current=page]')].map(a => a.textContent)").await;
                let expected: Vec<&str> = VIEWS
                    .iter()
                    .filter(|v| param == format!("view={}&", v.slug))
                    .map(|v| v.nav.get(lang))
                    .collect();
                assert_eq!(current, serde_json::json!(expected), "current link on {query}");
                assert!(!exists(&c, "#crash").await);
                let errors = console_errors(&c).await;
                assert!(errors.is_empty(), "console errors on {query}: {errors:#?}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn navigation_links_change_the_view_and_the_address_without_reloading() {
    with_browser(Opts::default(), |c| async move {
        // The address decides which of the two wasm binaries loads, and only that one.
        let wasm_fetched = "performance.getEntriesByType('resource').map(e => e.name)\
             .filter(n => n.endsWith('.wasm')).map(n => n.split('/').pop()).join(' ')";
        open(&c, "?lang=en").await;
        assert_eq!(js(&c, wasm_fetched).await, "kubelab_bg.wasm");
        js(&c, "window.__sameDocument = true").await;
        let visit = |v: &'static ViewSpec| {
            let c = c.clone();
            async move {
                let link = wait_for(&c, &format!("nav a[href*='view={}']", v.slug)).await;
                link.click().await.unwrap();
                let title = v.title.get(Lang::En);
                c.wait()
                    .for_element(fantoccini::Locator::XPath(&format!(
                        "//h1[@id='view-title' and text()='{title}']"
                    )))
                    .await
                    .unwrap();
                let url = c.current_url().await.unwrap();
                assert!(
                    url.query()
                        .unwrap_or("")
                        .contains(&format!("view={}", v.slug)),
                    "address after clicking {}: {url}",
                    v.slug
                );
                assert_eq!(js(&c, "document.title").await, format!("{title} · Kubelab"));
            }
        };
        // Within the guide, links change the view without reloading.
        let guide: Vec<_> = VIEWS.iter().filter(|v| GUIDE.has(v.id)).collect();
        assert!(guide.len() >= 4);
        for v in &guide {
            visit(v).await;
        }
        assert_eq!(
            js(&c, "window.__sameDocument === true").await,
            true,
            "a link within the guide reloaded the page"
        );
        // The Cluster view is the other binary: the link loads it, and only it.
        visit(ViewId::Cluster.spec()).await;
        assert_eq!(js(&c, "window.__sameDocument === undefined").await, true);
        assert_eq!(js(&c, wasm_fetched).await, "kubelab-cluster_bg.wasm");
        // Back returns to the previous view, across binaries too.
        c.back().await.unwrap();
        let prev = guide[guide.len() - 1].title.get(Lang::En);
        c.wait()
            .for_element(fantoccini::Locator::XPath(&format!(
                "//h1[text()='{prev}']"
            )))
            .await
            .unwrap();
        assert!(!exists(&c, "#crash").await);
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_changes_text_html_lang_and_is_remembered() {
    with_browser(Opts::default(), |c| async move {
        let cluster = &VIEWS[3];
        open(&c, "?view=cluster&lang=en").await;
        assert_eq!(text_of(&c, "h1").await, cluster.title.get(Lang::En));
        let ko = wait_for(&c, ".lang-switch button[lang=ko]").await;
        assert_eq!(
            ko.attr("aria-pressed").await.unwrap().as_deref(),
            Some("false")
        );
        ko.click().await.unwrap();
        c.wait()
            .for_element(fantoccini::Locator::XPath(&format!(
                "//h1[text()='{}']",
                cluster.title.get(Lang::Ko)
            )))
            .await
            .unwrap();
        assert_eq!(js(&c, "document.documentElement.lang").await, "ko");
        assert_eq!(
            wait_for(&c, ".lang-switch button[lang=ko]")
                .await
                .attr("aria-pressed")
                .await
                .unwrap()
                .as_deref(),
            Some("true")
        );
        assert!(
            text_of(&c, "nav")
                .await
                .contains(VIEWS[0].nav.get(Lang::Ko)),
            "navigation not translated"
        );
        assert!(
            c.current_url()
                .await
                .unwrap()
                .query()
                .unwrap()
                .contains("lang=ko")
        );
        // Remembered: an address without `lang` now opens in Korean.
        open(&c, "?view=eks").await;
        assert_eq!(text_of(&c, "h1").await, VIEWS[4].title.get(Lang::Ko));
        // The address wins over the remembered choice.
        open(&c, "?view=eks&lang=en").await;
        assert_eq!(text_of(&c, "h1").await, VIEWS[4].title.get(Lang::En));
    })
    .await;
}

#[tokio::test]
async fn without_a_choice_the_browser_language_decides() {
    let opts = Opts {
        accept_languages: Some("ko-KR,ko"),
        ..Opts::default()
    };
    with_browser(opts, |c| async move {
        open(&c, "?view=vm-vs-container").await;
        assert_eq!(text_of(&c, "h1").await, VIEWS[1].title.get(Lang::Ko));
        assert_eq!(js(&c, "document.documentElement.lang").await, "ko");
    })
    .await;
    with_browser(
        Opts {
            accept_languages: Some("fr-FR,fr"),
            ..Opts::default()
        },
        |c| async move {
            open(&c, "?view=vm-vs-container").await;
            assert_eq!(
                text_of(&c, "h1").await,
                VIEWS[1].title.get(Lang::En),
                "unsupported languages fall back to English"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn the_embed_layout_has_no_navigation_and_fits_a_640px_column() {
    with_browser(
        Opts {
            size: Some((640, 800)),
            ..Opts::default()
        },
        |c| async move {
            for v in &VIEWS {
                open(&c, &format!("?view={}&lang=ko&embed=1", v.slug)).await;
                assert_eq!(text_of(&c, "h1").await, v.title.get(Lang::Ko));
                assert!(
                    !exists(&c, "nav").await,
                    "{}: navigation in the embed layout",
                    v.slug
                );
                assert!(
                    !exists(&c, "header.top").await,
                    "{}: header in the embed layout",
                    v.slug
                );
                let overflow = js(
                    &c,
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
                )
                .await;
                assert_eq!(
                    overflow, 0,
                    "{}: the embed scrolls sideways at 640 px",
                    v.slug
                );
                let open_full = wait_for(&c, ".embed-foot a").await;
                let href = open_full.attr("href").await.unwrap().unwrap();
                assert!(
                    !href.contains("embed"),
                    "the full-app link keeps embed: {href}"
                );
                assert!(href.contains(&format!("view={}", v.slug)));
            }
            assert!(console_errors(&c).await.is_empty());
        },
    )
    .await;
}

#[tokio::test]
async fn bad_addresses_show_a_message_and_a_working_page() {
    let en = Lang::En;
    let cases: Vec<(&str, String, String)> = vec![
        (
            "?view=nope&lang=en",
            cat::shell::URL_UNKNOWN_VIEW.fmt(en, &[("value", &"nope")]),
            cat::home::TITLE.get(en).into(),
        ),
        (
            "?view=eks&lang=xx",
            cat::shell::URL_UNKNOWN_LANG.fmt(en, &[("value", &"xx"), ("lang", &en)]),
            VIEWS[4].title.get(en).into(),
        ),
        (
            "?view=cluster&lang=en&embed=maybe",
            cat::shell::URL_BAD_FLAG.fmt(en, &[("param", &"embed"), ("value", &"maybe")]),
            VIEWS[3].title.get(en).into(),
        ),
        (
            "?lang=en&%%%&&==&=%ZZ",
            cat::shell::URL_UNKNOWN_PARAM.fmt(en, &[("param", &"%%%")]),
            cat::home::TITLE.get(en).into(),
        ),
        (
            "?lang=en&theme=neon",
            cat::shell::URL_BAD_THEME.fmt(en, &[("value", &"neon")]),
            cat::home::TITLE.get(en).into(),
        ),
    ];
    with_browser(
        Opts {
            accept_languages: Some("en-US"),
            ..Opts::default()
        },
        |c| async move {
            for (query, message, title) in cases {
                open(&c, query).await;
                let notice = text_of(&c, ".notice").await;
                assert!(
                    notice.contains(&message),
                    "{query}: notice {notice:?} lacks {message:?}"
                );
                assert_eq!(text_of(&c, "h1").await, title, "{query}: page shown");
                assert!(!exists(&c, "#crash").await, "{query}: crash screen");
                // The address is cleaned up, so sharing it does not repeat the problem.
                let url = c.current_url().await.unwrap().to_string();
                assert!(
                    !url.contains("nope") && !url.contains("maybe") && !url.contains("%25%25"),
                    "{query}: address still {url}"
                );
                let errors = console_errors(&c).await;
                assert!(errors.is_empty(), "console errors on {query}: {errors:#?}");
                // Dismissing the notice removes it and keeps the page.
                wait_for(&c, ".notice button").await.click().await.unwrap();
                assert!(!exists(&c, ".notice").await);
            }
            // A very long value is quoted back shortened.
            open(&c, &format!("?lang=en&view={}", "x".repeat(3000))).await;
            let notice = text_of(&c, ".notice").await;
            assert!(
                notice.len() < 300,
                "notice not bounded: {} chars",
                notice.len()
            );
        },
    )
    .await;
}

#[tokio::test]
async fn a_sandboxed_iframe_without_storage_still_works() {
    with_browser(Opts::default(), |c| async move {
        c.goto(&app_url("__e2e/sandbox.html")).await.unwrap();
        wait_for(&c, "iframe#embed").await;
        c.enter_frame(0).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, VIEWS[3].title.get(Lang::En));
        // Storage really is denied here, and the app copes.
        let denied = js(
            &c,
            "(() => { try { localStorage.length; return false } catch (e) { return true } })()",
        )
        .await;
        assert_eq!(denied, true, "the fixture should deny storage");
        assert!(!exists(&c, "nav").await);
        c.enter_parent_frame().await.unwrap();
        let errors = console_errors(&c).await;
        assert!(
            errors.is_empty(),
            "console errors in the sandboxed iframe: {errors:#?}"
        );
    })
    .await;
    // The language switch needs the full layout: check it without storage by opening the
    // full app inside the same kind of sandbox.
    with_browser(Opts::default(), |c| async move {
        c.goto(&app_url("__e2e/sandbox.html")).await.unwrap();
        js(
            &c,
            "document.getElementById('embed').src = '/?view=eks&lang=en'",
        )
        .await;
        c.enter_frame(0).await.unwrap();
        c.wait()
            .for_element(fantoccini::Locator::XPath(&format!(
                "//h1[text()='{}']",
                VIEWS[4].title.get(Lang::En)
            )))
            .await
            .unwrap();
        wait_for(&c, ".lang-switch button[lang=ko]")
            .await
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(fantoccini::Locator::XPath(&format!(
                "//h1[text()='{}']",
                VIEWS[4].title.get(Lang::Ko)
            )))
            .await
            .unwrap();
        assert!(!exists(&c, "#crash").await);
    })
    .await;
}

#[tokio::test]
async fn the_keyboard_reaches_the_skip_link_navigation_and_language_switch() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?lang=en").await;
        js(&c, "document.activeElement.blur()").await;
        c.find(fantoccini::Locator::Css("body"))
            .await
            .unwrap()
            .send_keys(TAB)
            .await
            .unwrap();
        let first = js(&c, "document.activeElement.className").await;
        assert_eq!(first, "skip", "the first Tab stop is the skip link");
        press(&c, ENTER).await;
        assert_eq!(
            js(&c, "document.activeElement.id").await,
            "main",
            "skip link moves focus to the content"
        );
        // Tab to the EKS link (a view of the same binary) and follow it with Enter.
        let link = wait_for(&c, "nav a[href*='view=eks']").await;
        js(
            &c,
            "document.querySelector(\"nav a[href*='view=eks']\").focus()",
        )
        .await;
        press(&c, ENTER).await;
        c.wait()
            .for_element(fantoccini::Locator::XPath(&format!(
                "//h1[text()='{}']",
                VIEWS[4].title.get(Lang::En)
            )))
            .await
            .unwrap();
        assert_eq!(
            link.attr("aria-current").await.unwrap().as_deref(),
            Some("page")
        );
        assert_eq!(
            js(&c, "document.activeElement.id").await,
            "main",
            "focus moves to the new page"
        );
        // The language buttons work from the keyboard.
        js(
            &c,
            "document.querySelector('.lang-switch button[lang=ko]').focus()",
        )
        .await;
        press(&c, ENTER).await;
        c.wait()
            .for_element(fantoccini::Locator::XPath(&format!(
                "//h1[text()='{}']",
                VIEWS[4].title.get(Lang::Ko)
            )))
            .await
            .unwrap();
        // Focus is visible: the focused button has an outline.
        let outline = js(&c, "getComputedStyle(document.activeElement).outlineStyle").await;
        assert_eq!(outline, "solid", "keyboard focus is not visible");
    })
    .await;
}

#[tokio::test]
async fn every_view_passes_an_accessibility_check_in_both_languages_and_themes() {
    with_browser(Opts::default(), |c| async move {
        let mut report = Vec::new();
        for lang in Lang::ALL {
            for theme in ["light", "dark"] {
                for (param, _) in pages(lang) {
                    for embed in ["", "&embed=1"] {
                        let query = format!("?{param}lang={}&theme={theme}{embed}", lang.code());
                        open(&c, &query).await;
                        for v in axe(&c).await {
                            report.push(format!(
                                "{query}: {} [{}] {} at {:?}",
                                v.id, v.impact, v.help, v.targets
                            ));
                        }
                    }
                }
            }
        }
        let blocking: Vec<_> = report
            .iter()
            .filter(|r| r.contains("[serious]") || r.contains("[critical]"))
            .collect();
        for r in &report {
            eprintln!("axe: {r}");
        }
        assert!(
            blocking.is_empty(),
            "serious or critical accessibility violations:\n{blocking:#?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_accessibility_check_catches_known_faults() {
    // Guards the check above against passing vacuously (e.g. axe failing to load).
    with_browser(Opts::default(), |c| async move {
        c.goto(&app_url("__e2e/inaccessible.html")).await.unwrap();
        wait_for(&c, "h1").await;
        let ids: Vec<String> = axe(&c)
            .await
            .into_iter()
            .map(|v| format!("{} [{}]", v.id, v.impact))
            .collect();
        assert!(
            ids.contains(&"image-alt [critical]".to_string()),
            "axe missed the image without alt: {ids:?}"
        );
        assert!(
            ids.contains(&"button-name [critical]".to_string()),
            "axe missed the unnamed button: {ids:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn no_page_shows_an_uncited_number() {
    with_browser(Opts::default(), |c| async move {
        // The check itself finds a bare number and accepts cited and marked ones.
        c.goto(&app_url("__e2e/uncited.html")).await.unwrap();
        wait_for(&c, "main").await;
        assert_eq!(
            uncited_numbers(&c).await,
            vec!["A VM boots in 42 seconds.".to_string()]
        );
        for lang in Lang::ALL {
            for (param, _) in pages(lang) {
                let query = format!("?{param}lang={}", lang.code());
                open(&c, &query).await;
                let bare = uncited_numbers(&c).await;
                assert!(
                    bare.is_empty(),
                    "{query}: numbers without a source or an illustrative label: {bare:?}"
                );
            }
        }
    })
    .await;
}
