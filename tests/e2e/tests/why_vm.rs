//! "Why containers" and "VM vs container", driven as a user would: the hand work against
//! images, the boot race (also with reduced motion), the density experiment and its bad
//! input, the layers' explanations, the keyboard, citations, console and axe.

use kubelab::i18n::{Lang, cat};
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
                attr(&c, "button[data-act=move][data-app=Shop]", "aria-disabled")
                    .await
                    .as_deref(),
                Some("true")
            );
            // Pressed anyway, it says why and changes nothing.
            click(&c, "button[data-act=move][data-app=Shop]").await;
            assert_eq!(
                text_of(&c, ".refusal").await,
                cat::why::REFUSE_BIG.get(lang)
            );
            assert_eq!(count(&c, ".worklog .step").await, 9);

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

// ---------------------------------------------------------------------------------------
// VM vs container

use kubelab::views::vm::model::{Density, Field, Vmm};

const VM: &str = "view=vm-vs-container";
const CTRL_A: &str = "\u{E009}a\u{E000}";
const BACKSPACE: &str = "\u{E003}";

/// Replaces what an input holds by typing, as a user would: select all, then type (an
/// empty `text` deletes).
async fn type_into(c: &Client, css: &str, text: &str) {
    let el = wait_for(c, css).await;
    el.send_keys(CTRL_A).await.expect("select all");
    if text.is_empty() {
        el.send_keys(BACKSPACE).await.expect("delete");
    } else {
        el.send_keys(text).await.expect("type");
    }
}

async fn select_value(c: &Client, css: &str, value: &str) {
    wait_for(c, css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
}

async fn capacity(c: &Client, host: &str) -> String {
    text_of(c, &format!(".host.{host} .fit-n")).await
}

fn cap(d: Density) -> (String, String) {
    (
        d.vms().capacity.to_string(),
        d.containers().capacity.to_string(),
    )
}

#[tokio::test]
async fn vm_the_boot_race_finishes_and_shows_its_times() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            let l = lang.code();
            open(&c, &format!("?{VM}&lang={l}")).await;
            assert_all_cited(&c, &format!("on opening ({l})")).await;
            // Honest about time: the axis and the speed are said on screen.
            let honest = text_of(&c, ".honest").await;
            assert!(honest.contains(cat::vm::AXIS_NOTE.get(lang)), "{honest}");
            assert!(
                honest.contains(cat::vm::SPEED_REAL_NOTE.get(lang)),
                "{honest}"
            );
            // A two-second VM, so that the test does not wait twenty.
            type_into(&c, "#race-vm", "2").await;
            click(&c, "#race-start").await;
            until(&c, "!!document.querySelector('.lane.microvm.done')", 5).await;
            assert!(
                !exists(&c, ".lane.vm.done").await,
                "the VM cannot be ready when the microVM is"
            );
            until(&c, "!!document.querySelector('.lane.container.done')", 5).await;
            until(&c, "!!document.querySelector('.race-results')", 10).await;
            assert_eq!(count(&c, ".lane.done").await, 3);
            for fact in ["firecracker-boot", "container-start-ssd", "full-vm-boot"] {
                assert!(
                    exists(&c, &format!(".race-results [data-fact={fact}]")).await,
                    "{fact} in the results ({l})"
                );
            }
            assert!(
                exists(
                    &c,
                    ".race-results [data-fact=full-vm-boot][data-illustrative=true]"
                )
                .await
            );
            assert_eq!(
                text_of(&c, ".race-results .user-value").await,
                cat::vm::YOUR_VALUE.fmt(lang, &[("t", &"2 s")])
            );
            // Fastest first: microVM, container, VM.
            let order = js(
                &c,
                "[...document.querySelectorAll('.race-results li')].map(li => li.dataset.lane)",
            )
            .await;
            assert_eq!(order, json!(["microvm", "container", "vm"]));
            assert!(
                text_of(&c, ".lane.microvm .lane-state")
                    .await
                    .contains(&cat::vm::LANE_READY.fmt(lang, &[("t", &"125 ms")]))
            );
            assert_all_cited(&c, &format!("after the race ({l})")).await;
            shot(&c, &format!("vm-race-{l}")).await;

            // On HDD, the container's time and its source change. (A twenty-second VM again,
            // so that "Skip" is still there when a busy machine gets to press it.)
            type_into(&c, "#race-vm", "20").await;
            select_value(&c, "#race-disk", "hdd").await;
            assert!(
                !exists(&c, ".race-results").await,
                "a new setup clears the old results"
            );
            click(&c, "#race-start").await;
            click(&c, "#race-skip").await;
            until(
                &c,
                "!!document.querySelector('.race-results [data-fact=container-start-hdd]')",
                5,
            )
            .await;
            assert!(
                text_of(&c, ".lane.container .lane-state")
                    .await
                    .contains(&cat::vm::LANE_READY.fmt(lang, &[("t", &"1.16 s")]))
            );

            // Slow motion says so, and is really slower.
            select_value(&c, "#race-speed", "slow").await;
            click(&c, "#race-start").await;
            assert!(
                text_of(&c, ".speed-note")
                    .await
                    .contains(cat::vm::SPEED_SLOW_NOTE.get(lang))
            );
            tokio::time::sleep(Duration::from_millis(1500)).await;
            assert!(
                !exists(&c, ".lane.container.done").await,
                "slowed ten times, the container is not ready after 1.5 s"
            );
            assert!(exists(&c, ".lane.microvm.done").await);
            click(&c, "#race-skip").await;
            until(&c, "!!document.querySelector('.race-results')", 5).await;
            select_value(&c, "#race-speed", "real").await;
            assert_all_cited(&c, &format!("after the slow race ({l})")).await;
            assert_no_console_errors(&c, &format!("in the race ({l})")).await;
        }
    })
    .await;
}

#[tokio::test]
async fn vm_with_reduced_motion_the_race_shows_finished_timelines_at_once() {
    with_browser(Opts::default(), |c| async move {
        emulate_reduced_motion(&c).await;
        for lang in Lang::ALL {
            open(&c, &format!("?{VM}&lang={}", lang.code())).await;
            assert!(exists(&c, ".shell.reduced-motion").await);
            assert!(
                text_of(&c, ".honest")
                    .await
                    .contains(cat::vm::REDUCED_NOTE.get(lang))
            );
            click(&c, "#race-start").await;
            // No waiting: the default twenty-second VM is finished at once.
            assert!(exists(&c, ".race-results").await, "results at once");
            assert_eq!(count(&c, ".lane.done").await, 3);
            assert!(!exists(&c, "#race-skip").await);
            assert_eq!(
                text_of(&c, ".clock").await,
                cat::vm::CLOCK.fmt(lang, &[("t", &"20 s")])
            );
            assert_all_cited(&c, "with reduced motion").await;
            assert_no_console_errors(&c, "with reduced motion").await;
        }
    })
    .await;
}

#[tokio::test]
async fn vm_density_follows_its_inputs_as_the_model_says() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{VM}&lang={}", lang.code())).await;
            let mut d = Density::default();
            let (v, k) = cap(d);
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                (v, k)
            );
            // By default the cores run out first: a VM takes a whole vCPU for a quarter of
            // a core of work, a container a quarter.
            assert_eq!((d.vms().capacity, d.containers().capacity), (16, 64));
            assert_eq!(
                attr(&c, ".host.vms", "data-limit").await.as_deref(),
                Some("cpu")
            );
            assert!(
                text_of(&c, ".host.vms .fit")
                    .await
                    .contains(cat::vm::LIMITED_CPU.get(lang))
            );
            assert!(exists(&c, ".density [data-fact=felter-linpack-kvm]").await);
            // More cores: memory decides again.
            type_into(&c, "#d-cores", "256").await;
            d = d.with(Field::HostCores, 256.0);
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                cap(d)
            );
            assert_eq!((d.vms().capacity, d.containers().capacity), (71, 245));
            assert_eq!(
                attr(&c, ".host.cts", "data-limit").await.as_deref(),
                Some("memory")
            );
            // A busier app needs two vCPUs per VM; overcommit shares them out.
            type_into(&c, "#d-cores", "16").await;
            type_into(&c, "#d-app-cpu", "0.9").await;
            d = d.with(Field::HostCores, 16.0).with(Field::AppCpu, 0.9);
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                cap(d)
            );
            type_into(&c, "#d-overcommit", "4").await;
            d = d.with(Field::Overcommit, 4.0);
            assert_eq!(capacity(&c, "vms").await, cap(d).0);
            type_into(&c, "#d-cores", "256").await;
            d = d.with(Field::HostCores, 256.0);

            type_into(&c, "#d-host", "128").await;
            d = d.with(Field::HostGb, 128.0);
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                cap(d)
            );

            type_into(&c, "#d-app", "1024").await;
            d = d.with(Field::AppMb, 1024.0);
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                cap(d)
            );

            select_value(&c, "#d-vmm", "firecracker").await;
            d = Density {
                vmm: Vmm::Firecracker,
                ..d
            };
            assert_eq!(capacity(&c, "vms").await, cap(d).0);
            assert!(exists(&c, ".d-field [data-fact=firecracker-overhead]").await);

            type_into(&c, "#d-guest", "2048").await;
            d = d.with(Field::GuestMb, 2048.0);
            type_into(&c, "#d-ct-overhead", "40").await;
            d = d.with(Field::CtOverheadMb, 40.0);
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                cap(d)
            );

            // Wanted instances: how many are placed, and how many do not fit.
            type_into(&c, "#d-instances", "150").await;
            d = d.with(Field::Instances, 150.0);
            assert_eq!(
                attr(&c, ".host.vms .placed", "data-placed").await.unwrap(),
                d.vms().placed.to_string()
            );
            assert_eq!(
                attr(&c, ".host.cts .placed", "data-placed").await.unwrap(),
                d.containers().placed.to_string()
            );
            let missing = 150 - d.vms().placed;
            assert!(
                text_of(&c, ".host.vms .miss")
                    .await
                    .contains(&cat::vm::MISSING.fmt(lang, &[("n", &missing)]))
            );
            // One block per two instances at 150: full, partly filled, or not placed.
            let placed = d.vms().placed;
            assert_eq!(count(&c, ".host.vms .blk").await, 75);
            assert_eq!(count(&c, ".host.vms .blk.ok").await as u32, placed / 2);
            assert_eq!(count(&c, ".host.vms .blk.part").await as u32, placed % 2);
            assert_all_cited(&c, "after sizing the density experiment").await;
            shot(&c, &format!("vm-density-{}", lang.code())).await;
        }
        assert_no_console_errors(&c, "in the density experiment").await;
    })
    .await;
}

#[tokio::test]
async fn vm_bad_density_input_shows_a_message_and_keeps_the_last_result() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{VM}&lang={}", lang.code())).await;
            type_into(&c, "#d-host", "32").await;
            let good = (capacity(&c, "vms").await, capacity(&c, "cts").await);
            assert_eq!(good, cap(Density::default().with(Field::HostGb, 32.0)));
            let label = cat::vm::D_HOST.get(lang);
            let range =
                cat::vm::ERR_RANGE.fmt(lang, &[("field", &label), ("min", &"1"), ("max", &"4096")]);
            // Typed key by key: the result follows each valid prefix, and stops at the last
            // one ("kept"); nothing that is not valid is ever used.
            let cases = [
                ("", cat::vm::ERR_EMPTY.fmt(lang, &[("field", &label)]), 32.0),
                (
                    "abc",
                    cat::vm::ERR_NAN.fmt(lang, &[("field", &label)]),
                    32.0,
                ),
                ("-5", range.clone(), 32.0),
                ("0", range.clone(), 32.0),
                (
                    "12GB",
                    cat::vm::ERR_NAN.fmt(lang, &[("field", &label)]),
                    12.0,
                ),
                ("999999999999999999999999", range.clone(), 999.0),
                (
                    "1e400",
                    cat::vm::ERR_NAN.fmt(lang, &[("field", &label)]),
                    1.0,
                ),
            ];
            for (input, message, kept) in cases {
                // Start each case from the same good value.
                type_into(&c, "#d-host", "32").await;
                type_into(&c, "#d-host", input).await;
                let shown = text_of(&c, "#d-host-msg").await;
                let kept_text = cat::vm::KEPT_LAST.fmt(lang, &[("v", &kept)]);
                assert!(
                    shown.contains(&message) && shown.contains(&kept_text),
                    "{input:?}: message {shown:?}, expected {message:?} and {kept_text:?}"
                );
                assert_eq!(
                    attr(&c, "#d-host", "aria-invalid").await.as_deref(),
                    Some("true")
                );
                assert!(
                    !text_of(&c, ".d-status").await.is_empty(),
                    "{input:?}: no status"
                );
                assert_eq!(
                    (capacity(&c, "vms").await, capacity(&c, "cts").await),
                    cap(Density::default().with(Field::HostGb, kept)),
                    "{input:?}: the result should be the last valid one's"
                );
                assert_all_cited(&c, &format!("after bad input {input:?}")).await;
            }
            // Instances must be whole.
            type_into(&c, "#d-instances", "2.5").await;
            assert!(text_of(&c, "#d-instances-msg").await.contains(
                &cat::vm::ERR_WHOLE.fmt(lang, &[("field", &cat::vm::D_INSTANCES.get(lang))])
            ));
            assert_axe_clean(&c, "with bad input showing").await;
            // Good input again clears the messages and is used.
            type_into(&c, "#d-instances", "10").await;
            type_into(&c, "#d-host", "16").await;
            assert!(!exists(&c, "#d-host[aria-invalid=true]").await);
            assert_eq!(text_of(&c, ".d-status").await, "");
            assert_eq!(
                (capacity(&c, "vms").await, capacity(&c, "cts").await),
                cap(Density::default().with(Field::HostGb, 16.0))
            );
            // The race's VM time refuses bad input the same way.
            type_into(&c, "#race-vm", "soon").await;
            assert!(text_of(&c, "#race-vm-msg").await.contains(
                &cat::vm::ERR_NAN.fmt(lang, &[("field", &cat::vm::VM_SECONDS.get(lang))])
            ));
            click(&c, "#race-start").await;
            click(&c, "#race-skip").await;
            until(
                &c,
                "!!document.querySelector('.race-results .user-value')",
                5,
            )
            .await;
            assert_eq!(
                text_of(&c, ".race-results .user-value").await,
                cat::vm::YOUR_VALUE.fmt(lang, &[("t", &"20 s")]),
                "the last valid VM time is still used"
            );
        }
        assert_no_console_errors(&c, "after bad input").await;
    })
    .await;
}

/// The name shown for a layer, by its `data-layer` key.
fn layer_name(key: &str, type2: bool) -> kubelab::i18n::Msg {
    use cat::vm::*;
    match key {
        "hardware" => L_HW,
        "host-os" => L_HOST,
        "hypervisor" if type2 => L_HV2,
        "hypervisor" => L_HV1,
        "guest-os" => L_GUEST,
        "vm-libs" | "ct-libs" => L_LIBS,
        "vm-app" | "ct-app" => L_APP,
        "kernel" => L_KERNEL,
        "runtime" => L_RT,
        "isolation" => L_NS,
        other => panic!("unknown layer {other}"),
    }
}

#[tokio::test]
async fn vm_focusing_each_layer_shows_its_explanation() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{VM}&lang={}", lang.code())).await;
            assert!(
                text_of(&c, "#layer-info")
                    .await
                    .contains(cat::vm::INFO_HINT.get(lang))
            );
            for type2 in [false, true] {
                if type2 {
                    click(&c, "button[data-hv='2']").await;
                }
                let keys = js(
                    &c,
                    "[...document.querySelectorAll('button.layer')].map(b => b.dataset.layer)",
                )
                .await;
                let keys: Vec<String> = serde_json::from_value(keys).unwrap();
                assert_eq!(keys.len(), if type2 { 12 } else { 11 });
                assert_eq!(keys.contains(&"host-os".to_string()), type2);
                // By keyboard: Tab from the heading onto the first layer, then through all.
                focus_heading(&c).await;
                tab_to(&c, "button.layer", 12).await;
                for key in &keys {
                    let focused = js(&c, "document.activeElement.dataset.layer").await;
                    assert_eq!(focused, json!(key), "Tab order of the layers");
                    let name = text_of(&c, "#layer-info .info-name").await;
                    assert_eq!(
                        name,
                        layer_name(key, type2).get(lang),
                        "explanation of {key}"
                    );
                    assert!(count(&c, "#layer-info dt").await >= 3);
                    assert_eq!(
                        js(&c, "document.activeElement.getAttribute('aria-pressed')").await,
                        json!("true")
                    );
                    assert_all_cited(&c, &format!("with {key} focused")).await;
                    press(&c, TAB).await;
                }
                // By click, too.
                click(&c, "button.layer[data-layer=guest-os]").await;
                assert!(
                    text_of(&c, "#layer-info")
                        .await
                        .contains(cat::vm::L_GUEST_WHAT.get(lang))
                );
                assert!(exists(&c, "#layer-info [data-fact=general-vm-size]").await);
            }
            // The hypervisor's explanation follows the type.
            click(&c, "button.layer[data-layer=hypervisor]").await;
            assert!(
                text_of(&c, "#layer-info")
                    .await
                    .contains(cat::vm::L_HV2_WHAT.get(lang))
            );
            // The Kubernetes path.
            click(&c, "#k8s-path").await;
            assert!(
                text_of(&c, "button.layer[data-layer=runtime]")
                    .await
                    .contains("kubelet → CRI → containerd → runc")
            );
            click(&c, "button.layer[data-layer=runtime]").await;
            assert!(
                text_of(&c, "#layer-info")
                    .await
                    .contains(cat::vm::L_RT_K8S_NOTE.get(lang))
            );
            assert!(exists(&c, "button.layer[data-layer=kernel]").await);
            click(&c, "button.layer[data-layer=kernel]").await;
            assert!(exists(&c, "#layer-info [data-fact=syscall-surface]").await);
            assert_all_cited(&c, "after the layers").await;
            shot(&c, &format!("vm-stacks-{}", lang.code())).await;
        }
        assert_no_console_errors(&c, "in the stacks").await;
    })
    .await;
}

#[tokio::test]
async fn vm_keyboard_alone_drives_every_control() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{VM}&lang=en")).await;
        focus_heading(&c).await;
        tab_to(&c, "button[data-hv='2']", 10).await;
        press(&c, ENTER).await;
        assert!(exists(&c, "button.layer[data-layer=host-os]").await);
        tab_to(&c, "#k8s-path", 5).await;
        press(&c, SPACE).await;
        assert_eq!(
            js(&c, "document.getElementById('k8s-path').checked").await,
            true
        );
        tab_to(&c, "#race-start", 40).await;
        // The VM time, typed; then start and watch it finish.
        tab_to(&c, "#race-vm", 10).await;
        press(&c, CTRL_A).await;
        press(&c, "1").await;
        for _ in 0..20 {
            if js(&c, "document.activeElement.id").await == json!("race-start") {
                break;
            }
            press(&c, SHIFT_TAB).await;
        }
        press(&c, ENTER).await;
        until(&c, "!!document.querySelector('.race-results')", 10).await;
        assert_eq!(
            text_of(&c, ".race-results .user-value").await,
            cat::vm::YOUR_VALUE.fmt(Lang::En, &[("t", &"1 s")])
        );
        // A select, by arrow key.
        tab_to(&c, "#race-disk", 10).await;
        press(&c, "\u{E015}").await; // ArrowDown
        assert_eq!(
            js(&c, "document.getElementById('race-disk').value").await,
            "hdd"
        );
        // Density by keyboard.
        tab_to(&c, "#d-host", 20).await;
        press(&c, CTRL_A).await;
        press(&c, "256").await;
        assert_eq!(
            capacity(&c, "cts").await,
            cap(Density::default().with(Field::HostGb, 256.0)).1
        );
        tab_to(&c, "#d-vmm", 20).await;
        press(&c, "\u{E015}").await;
        assert_eq!(
            js(&c, "document.getElementById('d-vmm').value").await,
            "firecracker"
        );
        // The isolation toggle.
        tab_to(&c, "#kernel-bug", 40).await;
        press(&c, ENTER).await;
        assert_eq!(count(&c, ".exposure").await, 3);
        let outline = js(&c, "getComputedStyle(document.activeElement).outlineStyle").await;
        assert_eq!(outline, "solid", "keyboard focus is visible");
        assert_all_cited(&c, "after driving by keyboard").await;
        assert_no_console_errors(&c, "driving the VM view by keyboard").await;
    })
    .await;
}

#[tokio::test]
async fn vm_every_number_is_cited_and_axe_is_clean_after_interactions() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            for theme in ["light", "dark"] {
                open(&c, &format!("?{VM}&lang={}&theme={theme}", lang.code())).await;
                click(&c, "button[data-hv='2']").await;
                click(&c, "button.layer[data-layer=isolation]").await;
                assert!(exists(&c, "#layer-info [data-fact=namespace-types]").await);
                type_into(&c, "#race-vm", "1").await;
                click(&c, "#race-start").await;
                until(&c, "!!document.querySelector('.race-results')", 10).await;
                type_into(&c, "#d-instances", "400").await;
                click(&c, "#kernel-bug").await;
                assert_eq!(count(&c, ".exposure").await, 3);
                // The Felter figures and the isolation numbers carry their sources.
                for fact in [
                    "felter-linpack-kvm",
                    "felter-linpack-kvm-tuned",
                    "felter-latency",
                    "felter-iops",
                    "felter-mysql",
                    "felter-docker",
                    "syscall-surface",
                    "runc-cve",
                    "firecracker-seccomp",
                ] {
                    assert!(
                        exists(&c, &format!("main [data-fact={fact}]")).await,
                        "{fact}"
                    );
                }
                assert!(exists(&c, "#src-felter-2014").await);
                assert_all_cited(
                    &c,
                    &format!("after interactions ({}, {theme})", lang.code()),
                )
                .await;
                assert_axe_clean(
                    &c,
                    &format!("after interactions ({}, {theme})", lang.code()),
                )
                .await;
                if theme == "dark" {
                    shot(&c, &format!("vm-all-{}-dark", lang.code())).await;
                }
            }
        }
        assert_no_console_errors(&c, "after every interaction").await;
    })
    .await;
}

#[tokio::test]
async fn why_and_vm_fit_the_640px_embed_after_interactions() {
    with_browser(
        Opts {
            size: Some((640, 900)),
            ..Opts::default()
        },
        |c| async move {
            for lang in Lang::ALL {
                let l = lang.code();
                open(&c, &format!("?{WHY}&lang={l}&embed=1")).await;
                for app in ["Shop", "Billing"] {
                    click(&c, &format!("button[data-act=move][data-app={app}]")).await;
                }
                click(&c, "button[data-act=add][data-app=Reports]").await;
                click(&c, "#why-show-all").await;
                let overflow = js(
                    &c,
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
                )
                .await;
                assert_eq!(overflow, 0, "why scrolls sideways at 640 px ({l})");
                shot(&c, &format!("why-embed-{l}")).await;
                open(&c, &format!("?{VM}&lang={l}&embed=1")).await;
                click(&c, "button[data-hv='2']").await;
                click(&c, "button.layer[data-layer=runtime]").await;
                click(&c, "#race-start").await;
                click(&c, "#race-skip").await;
                click(&c, "#kernel-bug").await;
                let overflow = js(
                    &c,
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
                )
                .await;
                assert_eq!(overflow, 0, "vm scrolls sideways at 640 px ({l})");
                shot(&c, &format!("vm-embed-{l}")).await;
            }
        },
    )
    .await;
}
