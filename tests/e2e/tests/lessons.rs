//! Guided lessons and presenter mode, driven as learners and teachers would: a lesson walked
//! to the end by keyboard only, in Korean (a prediction, a command typed in the Cluster view,
//! a step back that restores the step's start); a deep link to a middle step shows what
//! walking there shows; every lesson plays to its end with "Show me", with every number
//! cited; the start page lists the lessons and remembers progress; presenter mode's keys;
//! one section of a long view by address; axe-core on a lesson and on presenter mode.

use kubelab::i18n::{Lang, cat};
use kubelab::lessons::LESSONS;
use kubelab_e2e::fantoccini::actions::{InputSource, KeyAction, KeyActions};
use kubelab_e2e::fantoccini::{Client, Locator};
use kubelab_e2e::*;
use std::time::Duration;

const TAB: &str = "\u{E004}";
const LEFT: char = '\u{E012}';
const RIGHT: char = '\u{E014}';
const DOWN: char = '\u{E015}';
const PAGE_UP: char = '\u{E00E}';
const PAGE_DOWN: char = '\u{E00F}';
const ESCAPE: char = '\u{E00C}';

/// Polls a JavaScript condition until it is true (up to `secs` seconds).
async fn until(c: &Client, cond: &str, secs: u64, what: &str) {
    let panel = "'panel: ' + ((document.querySelector('#lesson')||{}).innerText || '')";
    until_or(c, cond, secs, what, panel).await
}

/// Presses a key where the focus is, as a keyboard does (WebDriver actions).
async fn key(c: &Client, k: char) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    c.perform_actions(actions).await.expect("key press");
    c.release_actions().await.expect("release keys");
    tokio::time::sleep(Duration::from_millis(60)).await;
}

/// Moves the focus with Tab until it is on an element matching `css` (round the page if
/// need be), as a keyboard user does.
async fn tab_to(c: &Client, css: &str) {
    for _ in 0..400 {
        if js(
            c,
            &format!("document.activeElement && document.activeElement.matches({css:?})"),
        )
        .await
            == true
        {
            return;
        }
        // A "Show me" that a playing step has just made unnecessary: nothing to reach.
        if css.contains("show-me")
            && js(
                c,
                &format!("!!(document.querySelector({css:?}) || {{}}).disabled"),
            )
            .await
                == true
        {
            return;
        }
        press(c, TAB).await;
    }
    let at = js(
        c,
        "document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''",
    )
    .await;
    panic!("Tab never reached {css}; focus is on {at}");
}

/// Waits until the panel shows step `n` (from 1) with its start state built.
async fn at_step(c: &Client, n: usize) {
    until(
        c,
        &format!(
            "(() => {{ const p = document.querySelector('#lesson'); return !!p && p.dataset.step === '{n}' && p.dataset.state !== 'building'; }})()"
        ),
        30,
        &format!("step {n} built"),
    )
    .await;
}

async fn step_done(c: &Client, what: &str) {
    until(
        c,
        "document.querySelector('#lesson') && document.querySelector('#lesson').dataset.state === 'done'",
        60,
        what,
    )
    .await;
}

/// What a learner sees of the Cluster view: the clock, every part's name and state in the
/// diagram, the event log and the last command line.
async fn cluster_seen(c: &Client) -> String {
    js(
        c,
        "[document.querySelector('.cl-clock .clock').textContent,
          [...document.querySelectorAll('svg.diagram [role=button]')].map(e => e.getAttribute('aria-label')).join('\\n'),
          [...document.querySelectorAll('.cl-log li')].map(l => l.textContent).join('\\n'),
          document.querySelector('.cl-last').textContent].join('\\n---\\n')",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn korean() -> Opts {
    Opts {
        accept_languages: Some("ko-KR,ko"),
        ..Opts::default()
    }
}

#[tokio::test]
async fn a_lesson_walked_to_the_end_by_keyboard_only_in_korean() {
    with_browser(korean(), |c| async move {
        let ko = Lang::Ko;
        let lesson = kubelab::lessons::find("self-healing").unwrap();
        c.goto(&app_url("?lesson=self-healing")).await.unwrap();
        wait_for(&c, "#lesson").await;
        // The address names the view, so the cluster lab's binary was loaded.
        until(
            &c,
            "location.search.includes('view=cluster')",
            20,
            "view in the address",
        )
        .await;
        at_step(&c, 1).await;
        assert_eq!(
            text_of(&c, "#lesson-title").await,
            LESSONS[lesson].title.get(ko)
        );
        assert!(
            text_of(&c, ".lesson-kicker")
                .await
                .contains(cat::lessons::PANEL_LABEL.get(ko))
        );
        assert_eq!(js(&c, "document.documentElement.lang").await, "ko");
        // Step 1 → 2 with Enter on "다음".
        tab_to(&c, "#lesson .lesson-nav .next").await;
        press(&c, ENTER).await;
        at_step(&c, 2).await;

        // Step 2: predict. Into the choices, down to the second, check it.
        tab_to(&c, "#lesson input[type=radio]").await;
        let checked = "(document.querySelector('#lesson input[type=radio]:checked') || {}).value";
        for _ in 0..4 {
            if js(&c, checked).await == "1" {
                break;
            }
            key(&c, DOWN).await;
        }
        assert_eq!(
            js(&c, checked).await,
            "1",
            "the arrows choose the second answer"
        );
        tab_to(&c, "#lesson .predict .check").await;
        press(&c, ENTER).await;
        step_done(&c, "the prediction is checked").await;
        let verdict = text_of(&c, "#lesson .verdict").await;
        assert!(verdict.contains(cat::lessons::RIGHT.get(ko)), "{verdict}");
        assert!(
            verdict.contains("초"),
            "the explanation cites the defaults in Korean: {verdict}"
        );
        assert!(
            exists(
                &c,
                "#lesson .verdict [data-fact='default:--node-monitor-grace-period']"
            )
            .await
        );
        // → goes on (the focus left the disabled button).
        key(&c, RIGHT).await;
        at_step(&c, 3).await;

        // Step 3: the learner acts in the Cluster view, typing the command.
        assert!(
            js(
                &c,
                "!!document.querySelector(\"svg [data-part='node:node-2']\")"
            )
            .await
                == true
        );
        tab_to(&c, "#lesson-cmd").await;
        press(&c, "node power-off node-2").await;
        press(&c, ENTER).await;
        step_done(&c, "node-2 powered off").await;
        assert!(
            text_of(&c, ".lesson-cmd")
                .await
                .contains("node power-off node-2")
        );
        let off = js(
            &c,
            "document.querySelector(\"svg [data-part='node:node-2']\").getAttribute('aria-label')",
        )
        .await;
        assert!(
            off.as_str().unwrap().contains('⊗') || off.as_str().unwrap().contains("꺼짐"),
            "{off}"
        );

        // Step 4 plays; back (←) restores the start of step 3: node-2 on again, nothing sent.
        // (The focus is in the command's field, where the arrows move the caret: Tab to Next.)
        tab_to(&c, "#lesson .lesson-nav .next").await;
        press(&c, ENTER).await;
        at_step(&c, 4).await;
        key(&c, LEFT).await;
        at_step(&c, 3).await;
        let label = js(
            &c,
            "document.querySelector(\"svg [data-part='node:node-2']\").getAttribute('aria-label')",
        )
        .await;
        assert!(
            !label.as_str().unwrap().contains('⊗'),
            "node-2 is on again: {label}"
        );
        assert_eq!(
            js(&c, "document.querySelector('#lesson').dataset.state").await,
            "open"
        );
        // "보여 주세요" does it this time.
        tab_to(&c, "#lesson .show-me").await;
        press(&c, ENTER).await;
        step_done(&c, "Show me powered node-2 off").await;

        // The watched steps, each skipped ahead with "보여 주세요", then the last command.
        // (From here the focus may be anywhere in the view: Tab to "다음", then Enter.)
        for n in 4..=7 {
            tab_to(&c, "#lesson .lesson-nav .next").await;
            press(&c, ENTER).await;
            at_step(&c, n).await;
            if exists(&c, "#lesson .show-me:not([disabled])").await {
                tab_to(&c, "#lesson .show-me").await;
                if js(&c, "document.activeElement.matches('#lesson .show-me')").await == true {
                    press(&c, ENTER).await;
                }
            }
            step_done(&c, &format!("step {n}")).await;
        }
        tab_to(&c, "#lesson .lesson-nav .next").await;
        press(&c, ENTER).await;
        at_step(&c, 8).await;
        tab_to(&c, "#lesson-cmd").await;
        press(&c, "node power-on node-2").await;
        press(&c, ENTER).await;
        step_done(&c, "node-2 powered on").await;
        tab_to(&c, "#lesson .lesson-nav .next").await;
        press(&c, ENTER).await;
        at_step(&c, 9).await;
        tab_to(&c, "#lesson .show-me").await;
        if js(&c, "document.activeElement.matches('#lesson .show-me')").await == true {
            press(&c, ENTER).await;
        }
        step_done(&c, "node-2 Ready").await;
        // "마치기" ends it.
        tab_to(&c, "#lesson .lesson-nav .next").await;
        assert_eq!(
            text_of(&c, "#lesson .lesson-nav .next").await,
            cat::lessons::FINISH.get(ko)
        );
        press(&c, ENTER).await;
        let done = text_of(&c, ".lesson-finished").await;
        assert!(done.contains(cat::lessons::FINISHED.get(ko)), "{done}");
        for o in LESSONS[lesson].outcomes.items(ko) {
            assert!(done.contains(o), "{o} in {done}");
        }
        assert!(
            uncited_numbers(&c).await.is_empty(),
            "{:?}",
            uncited_numbers(&c).await
        );
        let errors = console_errors(&c).await;
        assert!(errors.is_empty(), "{errors:#?}");
    })
    .await;
}

#[tokio::test]
async fn a_deep_link_to_a_middle_step_shows_what_walking_there_shows() {
    with_browser(Opts::default(), |c| async move {
        // The Cluster view: walk self-healing to step 7 with "Show me" and Next.
        open(&c, "?view=cluster&lang=en&lesson=self-healing&step=1").await;
        for n in 1..7 {
            at_step(&c, n).await;
            if exists(&c, "#lesson .show-me:not([disabled])").await {
                c.find(Locator::Css("#lesson .show-me")).await.unwrap().click().await.unwrap();
            }
            step_done(&c, &format!("step {n}")).await;
            c.find(Locator::Css("#lesson .next")).await.unwrap().click().await.unwrap();
        }
        at_step(&c, 7).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let walked = cluster_seen(&c).await;
        assert!(walked.contains("TaintEvicted") || walked.contains("evict"), "{walked}");
        assert_eq!(
            js(&c, "location.search").await,
            "?view=cluster&lang=en&lesson=self-healing&step=7"
        );
        // The same address, opened afresh.
        open(&c, "?view=cluster&lang=en&lesson=self-healing&step=7").await;
        at_step(&c, 7).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(cluster_seen(&c).await, walked, "deep link and walk differ");

        // An explainer: the VM lesson to step 9 (type 2 chosen, a layer open, the race run).
        let seen = "[...document.querySelectorAll('[data-part]')].map(e => e.dataset.part + '=' + (e.getAttribute('aria-pressed') || '') + (e.dataset.state || '') + (e.value || '')).join(' ') + document.querySelector('#layer-info').textContent";
        open(&c, "?view=vm-vs-container&lang=en&lesson=vm-vs-container&step=1").await;
        for n in 1..9 {
            at_step(&c, n).await;
            if exists(&c, "#lesson .show-me:not([disabled])").await {
                c.find(Locator::Css("#lesson .show-me")).await.unwrap().click().await.unwrap();
            }
            step_done(&c, &format!("vm step {n}")).await;
            c.find(Locator::Css("#lesson .next")).await.unwrap().click().await.unwrap();
        }
        at_step(&c, 9).await;
        let walked = js(&c, seen).await;
        assert!(walked.as_str().unwrap().contains("race=done"), "{walked}");
        assert!(walked.as_str().unwrap().contains("hv-type2=true"), "{walked}");
        open(&c, "?view=vm-vs-container&lang=en&lesson=vm-vs-container&step=9").await;
        at_step(&c, 9).await;
        assert_eq!(js(&c, seen).await, walked);
    })
    .await;
}

#[tokio::test]
async fn every_lesson_plays_to_its_end_with_show_me_and_cites_its_numbers() {
    with_browser(Opts::default(), |c| async move {
        for (i, l) in LESSONS.iter().enumerate() {
            let lang = if i % 2 == 0 { "en" } else { "ko" };
            open(
                &c,
                &format!("?view={}&lang={lang}&lesson={}&step=1", l.views[0].slug(), l.id),
            )
            .await;
            for n in 1..=l.views.len() {
                at_step(&c, n).await;
                // Each highlighted part is on the page.
                let missing = js(
                    &c,
                    "(() => { const s = document.querySelector('#lesson style'); if (!s) return []; return (s.textContent.split('{')[0].match(/data-part=\"[^\"]+\"/g) || []).filter(p => !document.querySelector('[' + p + ']')); })()",
                )
                .await;
                assert_eq!(missing, serde_json::json!([]), "{} step {n}: parts missing", l.id);
                let uncited = uncited_numbers(&c).await;
                assert!(uncited.is_empty(), "{} step {n}: {uncited:?}", l.id);
                if exists(&c, "#lesson .show-me:not([disabled])").await {
                    c.find(Locator::Css("#lesson .show-me")).await.unwrap().click().await.unwrap();
                }
                step_done(&c, &format!("{} step {n}", l.id)).await;
                c.find(Locator::Css("#lesson .next")).await.unwrap().click().await.unwrap();
            }
            wait_for(&c, ".lesson-finished").await;
            let errors = console_errors(&c).await;
            assert!(errors.is_empty(), "{}: {errors:#?}", l.id);
        }
    })
    .await;
}

#[tokio::test]
async fn the_start_page_lists_the_lessons_and_remembers_progress() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?lang=en").await;
        let cards = js(&c, "document.querySelectorAll('.lesson-card').length").await;
        assert_eq!(cards.as_u64().unwrap() as usize, LESSONS.len());
        for l in LESSONS {
            let card = text_of(&c, &format!(".lesson-card[data-lesson='{}']", l.id)).await;
            assert!(card.contains(l.title.get(Lang::En)), "{card}");
            assert!(card.contains(&cat::lessons::MINUTES.fmt(Lang::En, &[("n", &l.minutes)])));
            for o in l.outcomes.items(Lang::En) {
                assert!(card.contains(o), "{o} missing in {card}");
            }
        }
        // Start one, reach step 3, come back: the card offers to continue there.
        c.find(Locator::Css(
            ".lesson-card[data-lesson='why-containers'] a.button",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        at_step(&c, 1).await;
        for n in 1..3 {
            at_step(&c, n).await;
            c.find(Locator::Css("#lesson .next"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        at_step(&c, 3).await;
        c.find(Locator::Css("#lesson .lesson-more .link-button:last-child"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let card = text_of(&c, ".lesson-card[data-lesson='why-containers']").await;
        assert!(
            card.contains(&cat::lessons::CONTINUE_AT.fmt(Lang::En, &[("n", &3)])),
            "{card}"
        );
        // A bad lesson or step is named in a notice; the rest of the address applies.
        open(&c, "?lang=en&lesson=no-such-lesson").await;
        assert!(text_of(&c, ".notice").await.contains("no-such-lesson"));
        open(&c, "?lang=en&view=eks&lesson=eks&step=99").await;
        assert!(text_of(&c, ".notice").await.contains("99"));
        at_step(
            &c,
            LESSONS[kubelab::lessons::find("eks").unwrap()].views.len(),
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn presenter_mode_keys_work_in_the_views_and_in_a_lesson() {
    with_browser(Opts::default(), |c| async move {
        // An explainer in presenter mode: the slim bar, no navigation, large type.
        open(&c, "?view=vm-vs-container&lang=en&present=1").await;
        assert!(exists(&c, ".shell.present .present-bar").await);
        assert!(!exists(&c, "header.top nav").await);
        let size = js(
            &c,
            "parseFloat(getComputedStyle(document.querySelector('.shell')).fontSize)",
        )
        .await;
        assert!(size.as_f64().unwrap() >= 20.0, "large type: {size}");
        // ?: the keys; Esc closes them.
        key(&c, '?').await;
        assert!(exists(&c, ".keys-help[role=dialog]").await);
        assert_eq!(js(&c, "document.activeElement.id").await, "keys-help-close");
        key(&c, ESCAPE).await;
        assert!(!exists(&c, ".keys-help").await);
        // B blanks the screen and brings it back.
        key(&c, 'b').await;
        assert!(exists(&c, "#blackout").await);
        key(&c, 'b').await;
        assert!(!exists(&c, "#blackout").await);
        // F asks for full screen.
        key(&c, 'f').await;
        until(&c, "!!document.fullscreenElement", 5, "full screen").await;
        key(&c, 'f').await;
        until(&c, "!document.fullscreenElement", 5, "out of full screen").await;
        // Page Down and → go to the next part of the page, Page Up back.
        js(&c, "window.scrollTo(0, 0)").await;
        key(&c, PAGE_DOWN).await;
        let first = js(&c, "document.activeElement.id").await;
        assert_eq!(first, "stacks-title");
        key(&c, RIGHT).await;
        assert_eq!(js(&c, "document.activeElement.id").await, "race-title");
        key(&c, PAGE_UP).await;
        assert_eq!(js(&c, "document.activeElement.id").await, "stacks-title");
        // Space plays the page's animation (the boot race); − slows it, + back to real time.
        key(&c, '-').await;
        assert_eq!(
            js(&c, "document.querySelector('#race-speed').value").await,
            "slow"
        );
        key(&c, '+').await;
        assert_eq!(
            js(&c, "document.querySelector('#race-speed').value").await,
            "real"
        );
        key(&c, ' ').await;
        until(
            &c,
            "document.querySelector('[data-part=race]').dataset.state !== 'waiting'",
            5,
            "race started",
        )
        .await;
        // P leaves presenter mode, and the address says so.
        key(&c, 'p').await;
        assert!(exists(&c, "header.top nav").await);
        assert!(
            !js(&c, "location.search")
                .await
                .as_str()
                .unwrap()
                .contains("present")
        );
        key(&c, 'p').await;
        assert!(
            js(&c, "location.search")
                .await
                .as_str()
                .unwrap()
                .contains("present=1")
        );

        // In a lesson, the presenter remote's keys move between steps.
        open(
            &c,
            "?view=why-containers&lang=en&lesson=why-containers&step=1&present=1",
        )
        .await;
        at_step(&c, 1).await;
        key(&c, PAGE_DOWN).await;
        at_step(&c, 2).await;
        key(&c, PAGE_UP).await;
        at_step(&c, 1).await;

        // The Cluster view in presenter mode: Space plays and pauses the run (the view's own
        // key), ? shows the presenter's keys.
        open(&c, "?view=cluster&lang=en&present=1&paused=1").await;
        wait_for(&c, "svg.diagram").await;
        js(&c, "document.activeElement.blur()").await;
        key(&c, ' ').await;
        until(
            &c,
            "!document.querySelector('.cl-clock .badge')",
            5,
            "playing",
        )
        .await;
        key(&c, '?').await;
        assert!(exists(&c, ".keys-help").await);
        assert!(
            !exists(&c, ".cl-help").await,
            "the presenter's keys, not the view's help"
        );
        let errors = console_errors(&c).await;
        assert!(errors.is_empty(), "{errors:#?}");
    })
    .await;
}

#[tokio::test]
async fn one_section_of_a_long_view_by_address() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=vm-vs-container&lang=en&section=race&embed=1").await;
        assert!(js(&c, "getComputedStyle(document.querySelector('[data-part=race]')).display !== 'none'").await == true);
        for other in ["stacks", "density", "overhead", "isolation"] {
            assert!(
                js(&c, &format!("getComputedStyle(document.querySelector('[data-part={other}]')).display === 'none'")).await == true,
                "{other} is hidden"
            );
        }
        assert!(js(&c, "location.search").await.as_str().unwrap().contains("section=race"));
        open(&c, "?view=vm-vs-container&lang=en&section=nope").await;
        assert!(text_of(&c, ".notice").await.contains("nope"));
        assert!(js(&c, "getComputedStyle(document.querySelector('[data-part=density]')).display !== 'none'").await == true);
    })
    .await;
}

#[tokio::test]
async fn axe_finds_nothing_serious_in_a_lesson_or_in_presenter_mode() {
    with_browser(Opts::default(), |c| async move {
        for (query, step) in [
            ("?view=cluster&lang=ko&lesson=self-healing&step=2", 2),
            ("?view=cluster&lang=en&lesson=self-healing&step=3", 3),
            (
                "?view=vm-vs-container&lang=en&lesson=vm-vs-container&step=4&present=1",
                4,
            ),
            ("?view=eks&lang=ko&lesson=eks&step=3&present=1", 3),
        ] {
            open(&c, query).await;
            at_step(&c, step).await;
            let bad: Vec<_> = axe(&c)
                .await
                .into_iter()
                .filter(|v| v.impact == "serious" || v.impact == "critical")
                .collect();
            assert!(bad.is_empty(), "{query}: {bad:#?}");
        }
        open(&c, "?lang=en&present=1").await;
        let bad: Vec<_> = axe(&c)
            .await
            .into_iter()
            .filter(|v| v.impact == "serious" || v.impact == "critical")
            .collect();
        assert!(bad.is_empty(), "presenter start page: {bad:#?}");
    })
    .await;
}
