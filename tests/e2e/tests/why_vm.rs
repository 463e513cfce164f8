//! "Why containers" and "VM vs container", driven as a user would: the hand work against
//! images, the boot race (also with reduced motion), the density experiment and its bad
//! input, the layers' explanations, the keyboard, citations, console and axe.

use kubelab::i18n::{Lang, cat};
use kubelab_e2e::fantoccini::wd::WebDriverCompatibleCommand;
use kubelab_e2e::fantoccini::{Client, Locator};
use kubelab_e2e::*;
use serde_json::json;
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// Helpers (only these tests use them).

async fn click(c: &Client, css: &str) {
    wait_for(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.expect("query").len()
}

async fn attr(c: &Client, css: &str, name: &str) -> Option<String> {
    wait_for(c, css).await.attr(name).await.expect("attribute")
}

/// Polls `cond` (a JavaScript boolean expression) for up to `secs` seconds.
async fn until(c: &Client, cond: &str, secs: u64) {
    for _ in 0..secs * 20 {
        if js(c, cond).await == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not true within {secs} s: {cond}");
}

async fn assert_all_cited(c: &Client, when: &str) {
    let found = uncited_numbers(c).await;
    assert!(found.is_empty(), "uncited numbers {when}: {found:#?}");
}

async fn assert_no_console_errors(c: &Client, when: &str) {
    let errors = console_errors(c).await;
    assert!(errors.is_empty(), "console errors {when}: {errors:#?}");
    assert!(!exists(c, "#crash").await, "crash screen {when}");
}

async fn assert_axe_clean(c: &Client, when: &str) {
    let blocking: Vec<String> = axe(c)
        .await
        .into_iter()
        .filter(|v| v.impact == "serious" || v.impact == "critical")
        .map(|v| format!("{} [{}] {} at {:?}", v.id, v.impact, v.help, v.targets))
        .collect();
    assert!(
        blocking.is_empty(),
        "serious or critical accessibility violations {when}:\n{blocking:#?}"
    );
}

/// Presses Tab until the focused element matches `css` (at most `max` times): proves the
/// control is reachable by keyboard alone.
async fn tab_to(c: &Client, css: &str, max: usize) {
    let check = format!(
        "document.activeElement && document.activeElement.matches({})",
        json!(css)
    );
    for _ in 0..max {
        if js(c, &check).await == json!(true) {
            return;
        }
        press(c, TAB).await;
    }
    panic!("Tab never reached {css} in {max} presses");
}

/// Puts keyboard focus at the start of the view (its heading), as a reader would be.
async fn focus_heading(c: &Client) {
    js(
        c,
        "(() => { const h = document.querySelector('h1#view-title'); h.tabIndex = -1; h.focus(); return true })()",
    )
    .await;
}

const SPACE: &str = " ";
const SHIFT_TAB: &str = "\u{E008}\u{E004}";

/// Emulates `prefers-reduced-motion: reduce` through ChromeDriver's CDP bridge.
async fn emulate_reduced_motion(c: &Client) {
    #[derive(Debug)]
    struct Cdp(String);
    impl WebDriverCompatibleCommand for Cdp {
        fn endpoint(
            &self,
            base: &url::Url,
            session: Option<&str>,
        ) -> Result<url::Url, url::ParseError> {
            base.join(&format!(
                "session/{}/goog/cdp/execute",
                session.unwrap_or_default()
            ))
        }
        fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
            (http::Method::POST, Some(self.0.clone()))
        }
    }
    let body = json!({
        "cmd": "Emulation.setEmulatedMedia",
        "params": { "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }
    });
    c.issue_cmd(Cdp(body.to_string()))
        .await
        .expect("emulate reduced motion");
}

/// Text of every element matching `css`.
async fn texts(c: &Client, css: &str) -> Vec<String> {
    let v = js(
        c,
        &format!(
            "[...document.querySelectorAll({})].map(e => e.textContent)",
            json!(css)
        ),
    )
    .await;
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(String::from))
        .collect()
}

/// Saves a full-page screenshot to target/screenshots/ when KUBELAB_SHOTS is set.
async fn shot(c: &Client, name: &str) {
    if std::env::var_os("KUBELAB_SHOTS").is_none() {
        return;
    }
    let (w, _) = c.get_window_size().await.unwrap();
    let w = w as u32;
    let h = js(c, "document.documentElement.scrollHeight")
        .await
        .as_u64()
        .unwrap_or(900) as u32;
    c.set_window_size(w, h.clamp(600, 8000)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = c.screenshot().await.unwrap();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(format!("{name}.png")), png).unwrap();
    c.set_window_size(w, 900).await.unwrap();
}

// ---------------------------------------------------------------------------------------
// Why containers

const WHY: &str = "view=why-containers";

async fn why_settled(c: &Client) {
    until(
        c,
        "(() => { const w = document.querySelector('.worklog'); return !!w && w.dataset.shown === w.dataset.total })()",
        15,
    )
    .await;
}

#[tokio::test]
async fn why_hand_work_then_images_changes_what_is_shown() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            let l = lang.code();
            open(&c, &format!("?{WHY}&lang={l}")).await;
            assert_all_cited(&c, &format!("on opening ({l})")).await;
            assert_eq!(count(&c, ".machine").await, 3);
            assert_eq!(
                texts(&c, ".machine .brick").await,
                [
                    "JDK 1.7",
                    "Nginx",
                    "MySQL",
                    "JDK 1.8",
                    "Apache",
                    "MS-SQL",
                    "Python 2.7",
                    "IIS",
                    "MongoDB"
                ]
            );

            // Move Shop by hand: the steps appear one by one.
            click(&c, "button[data-act=move][data-app=Shop]").await;
            let shown: usize = attr(&c, ".worklog", "data-shown")
                .await
                .unwrap()
                .parse()
                .unwrap();
            let total: usize = attr(&c, ".worklog", "data-total")
                .await
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(total, 9, "moving by hand takes nine steps in the model");
            assert!(shown < total, "the steps should appear one by one");
            why_settled(&c).await;
            assert_eq!(count(&c, ".worklog .step").await, 9);
            let first = texts(&c, ".worklog .step").await[0].clone();
            assert!(
                first.contains(
                    &cat::why::STEP_SETUP_MACHINE
                        .fmt(lang, &[("os", &cat::why::OS_LINUX.get(lang))])
                ),
                "first step: {first}"
            );
            assert_eq!(count(&c, ".machine.big").await, 1);
            assert_eq!(count(&c, ".machine.retired").await, 1);
            assert_eq!(
                attr(&c, "button[data-act=move][data-app=Shop]", "disabled")
                    .await
                    .as_deref(),
                Some("true")
            );

            // Move Billing onto the same bigger server: its stack clashes with Shop's.
            click(&c, "button[data-act=move][data-app=Billing]").await;
            click(&c, "#why-show-all").await;
            why_settled(&c).await;
            assert_eq!(count(&c, ".worklog .step").await, 17);
            assert_eq!(count(&c, ".worklog .step.bad").await, 3);
            assert_eq!(count(&c, ".worklog .trouble").await, 3);
            assert_eq!(text_of(&c, "tr[data-mode=hand] .n-steps").await, "17");
            assert_eq!(text_of(&c, "tr[data-mode=hand] .n-troubles").await, "3");
            assert_eq!(text_of(&c, "tr[data-mode=images] .n-steps").await, "9");
            assert_eq!(text_of(&c, "tr[data-mode=images] .n-troubles").await, "0");
            assert_all_cited(&c, &format!("after moving by hand ({l})")).await;
            shot(&c, &format!("why-hand-{l}")).await;

            // The same moves as images.
            click(&c, "#why-switch").await;
            assert_eq!(
                attr(&c, "button[data-mode=images]", "aria-pressed")
                    .await
                    .as_deref(),
                Some("true")
            );
            why_settled(&c).await;
            assert_eq!(count(&c, ".worklog .step").await, 9);
            assert_eq!(count(&c, ".worklog .step.bad").await, 0);
            assert_eq!(count(&c, ".machine.big .brick.ctr").await, 6);
            assert!(
                text_of(&c, ".mode-note")
                    .await
                    .contains(cat::why::MODE_IMAGES_NOTE.get(lang))
            );
            assert!(exists(&c, ".mode-note [data-fact=container-start-ssd]").await);

            // Add a server for traffic, as images: four steps.
            click(&c, "button[data-act=add][data-app=Reports]").await;
            why_settled(&c).await;
            assert_eq!(count(&c, ".worklog .step").await, 13);
            assert!(exists(&c, ".machine.extra").await);
            assert_all_cited(&c, &format!("after the images ({l})")).await;
            shot(&c, &format!("why-images-{l}")).await;
            assert_axe_clean(&c, &format!("after the why interactions ({l})")).await;

            // Reset empties the log.
            click(&c, "#why-reset").await;
            assert_eq!(count(&c, ".worklog .step").await, 0);
            assert_eq!(count(&c, ".machine").await, 3);
            assert_no_console_errors(&c, &format!("in the why view ({l})")).await;
        }
    })
    .await;
}

#[tokio::test]
async fn why_when_the_expert_is_gone_hand_steps_become_guesswork() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{WHY}&lang=en")).await;
        click(&c, "#expert-gone").await;
        click(&c, "button[data-act=add][data-app=Reports]").await;
        why_settled(&c).await;
        // Set-up, runtime and config: nobody wrote them down.
        assert_eq!(count(&c, ".worklog .step.bad").await, 3);
        assert!(
            text_of(&c, ".worklog")
                .await
                .contains(cat::why::TROUBLE_UNDOCUMENTED.get(Lang::En))
        );
        assert_eq!(text_of(&c, "tr[data-mode=images] .n-troubles").await, "0");
        // Windows stays Windows: the added server for Reports.
        assert!(
            texts(&c, ".machine.extra .m-os")
                .await
                .iter()
                .all(|t| t.contains(cat::why::OS_WINDOWS.get(Lang::En)))
        );
        assert_no_console_errors(&c, "with the expert gone").await;
    })
    .await;
}

#[tokio::test]
async fn why_the_freelancer_carries_everything_until_he_fetches_a_copy() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{WHY}&lang={}", lang.code())).await;
            click(&c, ".gig .button.primary").await;
            assert_eq!(count(&c, ".gig-steps li").await, 7);
            assert!(
                exists(&c, ".gig-art.right").await,
                "he walked to the next studio"
            );
            click(&c, ".gig .button.primary").await;
            let copy = format!(
                "//section[contains(@class,'gig')]//button[text()={}]",
                json!(cat::why::GIG_MODE_COPY.get(lang))
            );
            c.find(Locator::XPath(&copy))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            click(&c, ".gig .button.primary").await;
            assert_eq!(count(&c, ".gig-steps li").await, 2);
            assert!(exists(&c, ".gig-art.copy").await);
            let summary = text_of(&c, ".gig-summary").await;
            assert_eq!(
                summary,
                cat::why::GIG_SUMMARY.fmt(lang, &[("job", &3), ("n", &2), ("total", &16)])
            );
            assert_all_cited(&c, "after the freelancer's jobs").await;
        }
        assert_no_console_errors(&c, "in the freelancer").await;
    })
    .await;
}

#[tokio::test]
async fn why_keyboard_alone_drives_every_control() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{WHY}&lang=en")).await;
        focus_heading(&c).await;
        // The freelancer: choose the copy, then take a job.
        tab_to(&c, ".gig button.toggle[aria-pressed=false]", 20).await;
        press(&c, ENTER).await;
        tab_to(&c, ".gig .button.primary", 5).await;
        press(&c, SPACE).await;
        assert_eq!(count(&c, ".gig-steps li").await, 2);
        // The servers: the checkbox, then an action, then the mode.
        tab_to(&c, "#expert-gone", 10).await;
        press(&c, SPACE).await;
        assert_eq!(
            js(&c, "document.getElementById('expert-gone').checked").await,
            true
        );
        tab_to(&c, "button[data-act=move][data-app=Billing]", 10).await;
        press(&c, ENTER).await;
        tab_to(&c, "#why-show-all", 10).await;
        press(&c, ENTER).await;
        why_settled(&c).await;
        assert_eq!(count(&c, ".worklog .step").await, 9);
        assert_eq!(count(&c, ".worklog .step.bad").await, 3);
        tab_to(&c, "#why-switch", 20).await;
        press(&c, ENTER).await;
        assert_eq!(
            attr(&c, "button[data-mode=images]", "aria-pressed")
                .await
                .as_deref(),
            Some("true")
        );
        // Back up to the mode buttons with Shift+Tab and return to "by hand".
        for _ in 0..30 {
            if js(
                &c,
                "document.activeElement.matches('button[data-mode=hand]')",
            )
            .await
                == json!(true)
            {
                break;
            }
            press(&c, SHIFT_TAB).await;
        }
        press(&c, ENTER).await;
        assert_eq!(
            attr(&c, "button[data-mode=hand]", "aria-pressed")
                .await
                .as_deref(),
            Some("true")
        );
        tab_to(&c, "#why-reset", 20).await;
        press(&c, ENTER).await;
        assert_eq!(count(&c, ".worklog .step").await, 0);
        // Focus is visible on the controls.
        let outline = js(&c, "getComputedStyle(document.activeElement).outlineStyle").await;
        assert_eq!(outline, "solid");
        assert_no_console_errors(&c, "driving the why view by keyboard").await;
    })
    .await;
}

#[tokio::test]
async fn why_with_reduced_motion_shows_every_step_at_once() {
    with_browser(Opts::default(), |c| async move {
        emulate_reduced_motion(&c).await;
        open(&c, &format!("?{WHY}&lang=ko")).await;
        assert!(exists(&c, ".shell.reduced-motion").await);
        click(&c, "button[data-act=move][data-app=Reports]").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            attr(&c, ".worklog", "data-shown").await,
            attr(&c, ".worklog", "data-total").await
        );
        assert_eq!(count(&c, ".worklog .step").await, 9);
        assert_all_cited(&c, "with reduced motion").await;
        assert_no_console_errors(&c, "with reduced motion").await;
    })
    .await;
}
