//! The live Cluster view, driven as a user would: the picture fills the first screen; every
//! part opens its panel by click and by keyboard; a node powered off becomes Unknown, its
//! pods are evicted and replaced, and the log says why; a load spike scales out and the
//! scale-in waits for the stabilization window; the VPA recommends and evicts; the timeline
//! goes back and forward; the charts are drawn by plotters in both themes; the same address
//! gives the same run; bad addresses give a notice and a working view; keyboard,
//! accessibility, console and uncited-number checks.

use kubelab::i18n::{Lang, cat};
use kubelab_e2e::fantoccini::{Client, Locator};
use kubelab_e2e::*;
use std::time::{Duration, Instant};

/// Polls a JavaScript condition until it is true (up to `secs` seconds).
async fn until(c: &Client, cond: &str, secs: u64, what: &str) {
    let log = "'log:\\n' + [...document.querySelectorAll('.cl-log li')].slice(0, 12).map(l => l.textContent).join('\\n')";
    until_or(c, cond, secs, what, log).await
}

/// Clicks the diagram part whose accessible name starts with `label`. The click is sent to
/// the part itself: at the centre of a node's header a pod drawn below may be on top (on a
/// busy run the layout moves under a pointer click), and the test is about the panel.
async fn pick(c: &Client, label: &str) {
    let css = format!("svg.diagram [role=button][aria-label*='{label}']");
    wait_for(c, &css).await;
    js(
        c,
        &format!(
            "(() => {{ document.querySelector({css:?}).dispatchEvent(new MouseEvent('click', {{bubbles: true}})); return true }})()"
        ),
    )
    .await;
    wait_for(c, "#cl-panel-title").await;
}

/// Clicks the panel's command button whose command line contains `cmd` (found and clicked
/// in one step in the page, as the panel redraws at its own pace).
async fn command(c: &Client, cmd: &str) {
    let click = format!(
        "(() => {{ const b = [...document.querySelectorAll('.cl-panel .acts button')].find(b => b.textContent.includes({cmd:?})); if (b) b.click(); return !!b }})()"
    );
    let start = Instant::now();
    while js(c, &click).await != true {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no command button with {cmd}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn select_log_filter(c: &Client, code: &str) {
    js(
        c,
        &format!(
            "(() => {{ const s = document.querySelector('.cl-log select'); s.value = '{code}'; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true }})()"
        ),
    )
    .await;
}

#[tokio::test]
async fn every_part_opens_its_panel_by_click_and_by_keyboard() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&paused=1").await;
        wait_for(&c, "svg.diagram [role=button]").await;
        let n = js(&c, "document.querySelectorAll('svg.diagram [role=button]').length").await;
        let n = n.as_u64().unwrap() as usize;
        assert!(n >= 20, "only {n} parts");
        for i in 0..n {
            let label = js(&c, &format!("document.querySelectorAll('svg.diagram [role=button]')[{i}].getAttribute('aria-label')")).await;
            let label = label.as_str().unwrap().to_string();
            assert!(!label.is_empty(), "part {i} has no name");
            // By click.
            js(&c, &format!("document.querySelectorAll('svg.diagram [role=button]')[{i}].dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")).await;
            let title = text_of(&c, "#cl-panel-title").await;
            assert!(!title.is_empty(), "{label}: empty panel");
            assert!(!text_of(&c, ".cl-panel").await.contains('{'), "{label}: unfilled text");
            wait_for(&c, ".cl-panel .head button").await.click().await.unwrap();
            assert!(!exists(&c, "#cl-panel-title").await, "{label}: panel did not close");
            // By keyboard: focus, then Enter.
            js(&c, &format!("document.querySelectorAll('svg.diagram [role=button]')[{i}].focus()")).await;
            press(&c, ENTER).await;
            let again = text_of(&c, "#cl-panel-title").await;
            assert_eq!(again, title, "{label}: Enter opens the same panel");
            // Escape closes it.
            press(&c, "\u{E00C}").await;
            assert!(!exists(&c, "#cl-panel-title").await, "{label}: Escape did not close");
        }
        // The control-plane components point at the nodes they run on.
        pick(&c, "kube-apiserver").await;
        assert!(text_of(&c, ".cl-panel").await.contains("Open a control-plane node"));
        let errors = console_errors(&c).await;
        assert!(errors.is_empty(), "{errors:#?}");
    })
    .await;
}

#[tokio::test]
async fn powering_off_a_node_is_noticed_evicted_and_healed_and_the_log_says_why() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=basic&hpa=off&profile=classroom&speed=20").await;
        pick(&c, "Node node-2:").await;
        command(&c, "node power-off node-2").await;
        assert!(text_of(&c, ".cl-last").await.contains("node power-off node-2"));
        until(&c, "!!document.querySelector(\"svg.diagram [aria-label*='Node node-2:'][aria-label*='Unknown']\")", 30, "node-2 Unknown").await;
        select_log_filter(&c, "node-lifecycle").await;
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=TaintEvicted]').length >= 1", 40, "pods evicted after their toleration").await;
        let log = text_of(&c, ".cl-log").await;
        assert!(log.contains("no heartbeat for"), "the log names the missing heartbeat: {log}");
        assert!(log.contains("Ready True → Unknown"), "{log}");
        assert!(log.contains("it tolerated node.kubernetes.io/unreachable:NoExecute"), "{log}");
        // The replacement runs on a healthy node: three Ready pods again.
        until(
            &c,
            "document.querySelectorAll(\"svg.diagram [aria-label^='Pod web-'][aria-label$='Running · Ready']\").length >= 3",
            60,
            "three Ready pods again",
        )
        .await;
        select_log_filter(&c, "scheduler").await;
        let sched = text_of(&c, ".cl-log").await;
        assert!(
            sched.contains("to node-1") || sched.contains("to node-3"),
            "the replacement is scheduled on a healthy node: {sched}"
        );
        assert!(uncited_numbers(&c).await.is_empty(), "{:?}", uncited_numbers(&c).await);
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_load_spike_scales_out_and_the_scale_in_waits_for_the_stabilization_window() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=load-spike&speed=50").await;
        select_log_filter(&c, "autoscaling").await;
        until(&c, "[...document.querySelectorAll('.cl-log li[data-kind=HpaRescale]')].some(l => /→/.test(l.textContent) && +l.textContent.match(/(\\d+) → (\\d+)/)[2] > +l.textContent.match(/(\\d+) → (\\d+)/)[1])", 40, "a scale-out").await;
        let up = js(&c, "[...document.querySelectorAll('.cl-log li[data-kind=HpaRescale]')].pop().textContent").await;
        let up = up.as_str().unwrap().to_string();
        let caps: Vec<u32> = up
            .split(|ch: char| !ch.is_ascii_digit())
            .filter_map(|s| s.parse().ok())
            .collect();
        assert!(up.contains("CPU"), "{up}");
        // "web: 2 → N replicas; CPU U% against a target of 60%": U above the target.
        let util = caps[caps.len() - 2];
        assert!(util > 60, "utilization rose above the target: {up}");
        // More pods bring utilization back toward the target while the spike lasts.
        until(&c, "(() => { const s = document.querySelector('.cl-charts .summary'); return !!s && +s.dataset.ready >= 8 && +s.dataset.cpu <= 80 })()", 40, "utilization back near the target").await;
        // The spike ends at 170 s; the classroom stabilization window is 30 s.
        let down = "[...document.querySelectorAll('.cl-log li[data-kind=HpaRescale]')].find(l => { const m = l.textContent.match(/(\\d+) → (\\d+)/); return m && +m[2] < +m[1] && +l.dataset.t > 170000 })";
        until(&c, &format!("!!{down}"), 60, "a scale-in after the spike").await;
        let down_t = js(&c, &format!("+{down}.dataset.t")).await.as_f64().unwrap();
        assert!(down_t >= 200_000.0, "scale-in at {down_t} ms, before the load drop + window");
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

async fn log_after_steps(c: &Client, query: &str, steps: usize) -> String {
    open(c, query).await;
    wait_for(c, "svg.diagram").await;
    js(c, "document.activeElement.blur()").await;
    for _ in 0..steps {
        c.find(Locator::Css("body"))
            .await
            .unwrap()
            .send_keys("\u{E00F}") // Page Down: step
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    js(
        c,
        "[...document.querySelectorAll('.cl-log li')].map(l => l.textContent).join('\\n')",
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

#[tokio::test]
async fn the_same_address_gives_the_same_run() {
    with_browser(Opts::default(), |c| async move {
        let q = "?view=cluster&lang=en&scenario=node-failure&seed=7&paused=1";
        let a = log_after_steps(&c, q, 40).await;
        assert!(a.lines().count() > 20, "{a}");
        let b = log_after_steps(&c, q, 40).await;
        assert_eq!(a, b, "same address, different run");
        let other = log_after_steps(
            &c,
            "?view=cluster&lang=en&scenario=node-failure&seed=8&paused=1",
            40,
        )
        .await;
        assert_ne!(a, other, "another seed names pods differently");
        // The address keeps the choices.
        let url = c.current_url().await.unwrap().to_string();
        assert!(
            url.contains("scenario=node-failure") && url.contains("seed=8"),
            "{url}"
        );
    })
    .await;
}

#[tokio::test]
async fn bad_addresses_give_a_notice_and_a_working_view() {
    with_browser(Opts::default(), |c| async move {
        for (query, param, value) in [
            ("?view=cluster&lang=en&scenario=nope", "scenario", "nope"),
            ("?view=cluster&lang=en&seed=abc", "seed", "abc"),
            ("?view=cluster&lang=en&speed=0", "speed", "0"),
            ("?view=cluster&lang=en&speed=1e9", "speed", "1e9"),
        ] {
            open(&c, query).await;
            let want =
                cat::shell::URL_BAD_VALUE.fmt(Lang::En, &[("param", &param), ("value", &value)]);
            assert!(text_of(&c, ".notice").await.contains(&want), "{query}");
            wait_for(&c, "svg.diagram [role=button]").await;
            let t0 = text_of(&c, ".cl-clock .clock").await;
            tokio::time::sleep(Duration::from_millis(600)).await;
            assert_ne!(
                t0,
                text_of(&c, ".cl-clock .clock").await,
                "{query}: the run plays"
            );
            assert!(!exists(&c, "#crash").await);
            assert!(console_errors(&c).await.is_empty(), "{query}");
        }
        // A bad seed typed in the form is refused with a message and changes nothing.
        wait_for(&c, ".cl-tools button.setup")
            .await
            .click()
            .await
            .unwrap();
        let seed = wait_for(&c, ".cl-setup input").await;
        seed.clear().await.unwrap();
        seed.send_keys("abc").await.unwrap();
        wait_for(&c, ".cl-setup button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
        assert!(
            text_of(&c, "#cl-seed-hint")
                .await
                .contains(cat::cluster::SEED_BAD.get(Lang::En))
        );
    })
    .await;
}

#[tokio::test]
async fn the_keyboard_alone_drives_the_controls_and_nothing_is_inaccessible() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?view=cluster&lang={}&speed=5", lang.code())).await;
            wait_for(&c, "svg.diagram [role=button]").await;
            js(&c, "document.activeElement.blur()").await;
            let body = c.find(Locator::Css("body")).await.unwrap();
            // Space pauses, PageDown steps, PageUp steps back, + and - change the speed.
            body.send_keys(" ").await.unwrap();
            assert!(exists(&c, ".cl-clock .badge").await, "Space pauses");
            let t0 = text_of(&c, ".cl-clock .clock").await;
            body.send_keys("\u{E00F}").await.unwrap();
            let t1 = text_of(&c, ".cl-clock .clock").await;
            assert_ne!(t0, t1, "Page Down steps");
            body.send_keys("\u{E00E}").await.unwrap();
            let t2 = text_of(&c, ".cl-clock .clock").await;
            assert!(t2 < t1, "Page Up steps back (replaying the run): {t1} -> {t2}");
            let s0 = text_of(&c, ".cl-speed output").await;
            body.send_keys("+").await.unwrap();
            assert_ne!(s0, text_of(&c, ".cl-speed output").await, "+ is faster");
            body.send_keys("-").await.unwrap();
            assert_eq!(s0, text_of(&c, ".cl-speed output").await, "- is slower");
            body.send_keys("?").await.unwrap();
            wait_for(&c, ".cl-help[role=dialog]").await;
            assert_eq!(js(&c, "document.activeElement.id").await, "cl-help-close");
            press(&c, ENTER).await;
            assert!(!exists(&c, ".cl-help").await);
            // The drawers open from the toolbar, beside the picture; Escape closes them.
            let setup = wait_for(&c, ".cl-tools button.setup").await;
            setup.click().await.unwrap();
            assert_eq!(setup.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
            // Typing in a field never triggers a shortcut.
            let seed = wait_for(&c, ".cl-setup input").await;
            seed.send_keys(" -+").await.unwrap();
            assert_eq!(s0, text_of(&c, ".cl-speed output").await);
            js(&c, "document.activeElement.blur()").await;
            body.send_keys("\u{E00C}").await.unwrap();
            assert!(!exists(&c, "#cl-drawer").await, "Escape closes the drawer");
            // Every control is reachable with Tab: buttons, selects, inputs, diagram parts.
            let tabbable = js(&c, "[...document.querySelectorAll('main button, main select, main input, main [tabindex=\"0\"]')].filter(e => !e.disabled).length").await;
            assert!(tabbable.as_u64().unwrap() > 30);
            // With a panel open and a command sent: axe finds nothing serious.
            js(&c, "document.querySelector(\"svg.diagram g.node[aria-label^='node-1 ']\").focus()").await;
            press(&c, ENTER).await;
            wait_for(&c, "#cl-panel-title").await;
            command(&c, "kubectl cordon node-1").await;
            wait_for(&c, ".cl-path li").await;
            let serious: Vec<_> = axe(&c)
                .await
                .into_iter()
                .filter(|v| v.impact == "serious" || v.impact == "critical")
                .collect();
            assert!(serious.is_empty(), "{lang:?}: {serious:#?}");
            let uncited = uncited_numbers(&c).await;
            assert!(uncited.is_empty(), "{lang:?}: uncited numbers {uncited:?}");
            assert!(console_errors(&c).await.is_empty());
        }
    })
    .await;
}

#[tokio::test]
async fn scale_100_collapses_pods_and_expands_a_node() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=scale-100&paused=1").await;
        until(&c, "document.querySelectorAll('svg.diagram g.node').length === 100", 20, "100 nodes").await;
        assert!(exists(&c, "svg.diagram text.group").await, "pods collapse into counts");
        js(&c, "document.querySelector('svg.diagram g.expand').dispatchEvent(new MouseEvent('click', {bubbles: true}))").await;
        until(&c, "document.querySelectorAll('svg.diagram g.pod').length > 0", 10, "expanded pods").await;
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

/// Issue 5 asks for this, but the engine has no HA control plane yet (issue 4): there is
/// nothing to kill and no leader to fail over. Left as a named, ignored test, not a fake.
#[tokio::test]
async fn killing_the_leaders_control_plane_node_hands_the_lease_to_another() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=basic&hpa=off&speed=20").await;
        wait_for(&c, "svg.diagram [role=button][aria-label^='cp-1 ★ leader']").await;
        let sched = "svg.diagram [role=button][aria-label^='kube-scheduler']";
        assert!(attr(&c, sched, "aria-label").await.contains("★ cp-1"));
        c.find(Locator::Css("svg.diagram [role=button][aria-label^='cp-1']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(&c, "#cl-panel-title").await;
        let panel = text_of(&c, ".cl-panel").await;
        assert!(panel.contains("Lease kube-system/kube-scheduler: held by cp-1"), "{panel}");
        command(&c, "control-plane power-off cp-1").await;
        until(&c, "!!document.querySelector(\"svg.diagram [aria-label^='cp-1'][aria-label*='powered off']\")", 20, "cp-1 shown powered off").await;
        // While the lease runs out nobody leads; then another node takes it over.
        until(
            &c,
            &format!("/★ cp-[23]/.test(document.querySelector(\"{sched}\").getAttribute('aria-label'))"),
            40,
            "another control-plane node leads the scheduler",
        )
        .await;
        until(&c, "document.querySelector('.cl-log').textContent.includes('took the lease kube-scheduler from cp-1: not renewed for')", 10, "the lease's handover in the log").await;
        let log = text_of(&c, ".cl-log").await;
        assert!(log.contains("(leaseDuration 15s)"), "{log}");
        // Scheduling continues: a deleted pod is replaced and the new leader places it.
        pick(&c, "Pod web-").await;
        command(&c, "kubectl delete pod").await;
        until(
            &c,
            "(() => { const li = [...document.querySelectorAll('.cl-log li')]; const s = li.findIndex(l => l.dataset.kind === 'Scheduled'); const a = li.findIndex(l => l.dataset.kind === 'LeaderAcquired'); return s >= 0 && a >= 0 && s < a })()",
            40,
            "a pod scheduled after the failover",
        )
        .await;
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

/// Sets a range or number input's value as a drag or typing would, and fires `input`.
async fn set_input(c: &Client, css: &str, value: &str) {
    js(
        c,
        &format!(
            "(() => {{ const i = document.querySelector(\"{css}\"); i.value = '{value}'; i.dispatchEvent(new Event('input', {{bubbles: true}})); return true }})()"
        ),
    )
    .await;
}

/// The rectangle of the first element matching `css`: (top, bottom, left, right).
async fn rect(c: &Client, css: &str) -> (f64, f64, f64, f64) {
    let v = js(
        c,
        &format!(
            "(() => {{ const r = document.querySelector(\"{css}\").getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right] }})()"
        ),
    )
    .await;
    let n = |i: usize| v[i].as_f64().unwrap();
    (n(0), n(1), n(2), n(3))
}

#[tokio::test]
async fn the_picture_fills_the_first_screen_at_1280_and_in_the_640_px_embed() {
    for (w, h, embed) in [(1280u32, 800u32, false), (640, 900, true)] {
        with_browser(
            Opts {
                size: Some((w, h)),
                ..Opts::default()
            },
            move |c| async move {
                for lang in ["en", "ko"] {
                    let e = if embed { "&embed=1" } else { "" };
                    open(&c, &format!("?view=cluster&lang={lang}&paused=1{e}")).await;
                    set_viewport(&c, w, h).await;
                    open(&c, &format!("?view=cluster&lang={lang}&paused=1{e}")).await;
                    assert_eq!(js(&c, "innerHeight").await.as_u64(), Some(h as u64));
                    wait_for(&c, "svg.diagram g.node").await;
                    let vh = js(&c, "innerHeight").await.as_f64().unwrap();
                    let vw = js(&c, "document.documentElement.clientWidth").await.as_f64().unwrap();
                    for part in [
                        "svg.diagram [role=button][aria-label^='cp-1']",
                        "svg.diagram [role=button][aria-label^='kube-apiserver']",
                        "svg.diagram g.node[aria-label^='node-1 ']",
                        "svg.diagram g.node[aria-label^='node-3 ']",
                        ".cl-play button.play",
                        ".cl-clock .clock",
                    ] {
                        let (top, bottom, left, right) = rect(&c, part).await;
                        assert!(
                            top >= 0.0 && bottom <= vh && left >= 0.0 && right <= vw,
                            "{w}x{h} {lang}: {part} at {top}..{bottom} x {left}..{right}, outside the first screen"
                        );
                    }
                    // The long defaults table waits until asked for.
                    assert!(!exists(&c, "table.defaults").await);
                    // A drawer opens beside or over the picture, never pushing it down.
                    let before = rect(&c, "svg.diagram").await.0;
                    wait_for(&c, ".cl-tools button.load").await.click().await.unwrap();
                    wait_for(&c, "#cl-drawer .cl-work").await;
                    assert_eq!(rect(&c, "svg.diagram").await.0, before, "{w}: the drawer moved the picture");
                    assert!(console_errors(&c).await.is_empty());
                }
            },
        )
        .await;
    }
}

#[tokio::test]
async fn the_vpa_recommends_from_history_and_evicts_pods_that_get_the_new_requests() {
    with_browser(Opts::default(), |c| async move {
        open(
            &c,
            "?view=cluster&lang=en&scenario=basic&hpa=off&profile=classroom&speed=50",
        )
        .await;
        // More load than the pods' 200m requests can carry: each pod burns about 400m.
        wait_for(&c, ".cl-tools button.load")
            .await
            .click()
            .await
            .unwrap();
        set_input(&c, ".cl-work input[type=range]", "120").await;
        wait_for(&c, ".cl-work button.apply")
            .await
            .click()
            .await
            .unwrap();
        pick(&c, "VPA").await;
        assert!(
            text_of(&c, ".cl-panel")
                .await
                .contains("No VPA watches web yet")
        );
        command(&c, "vpa deployment/web --mode Recreate").await;
        select_log_filter(&c, "autoscaling").await;
        until(
            &c,
            "document.querySelectorAll('.cl-log li[data-kind=VpaRecommendation]').length >= 1",
            40,
            "a recommendation",
        )
        .await;
        // The panel shows the recommendation per container and the confidence behind it.
        pick(&c, "VPA").await;
        until(
            &c,
            "!!document.querySelector('.cl-panel table.vpa td strong')",
            20,
            "the recommendation table",
        )
        .await;
        let panel = text_of(&c, ".cl-panel").await;
        assert!(
            panel.contains("lower bound") && panel.contains("uncapped target"),
            "{panel}"
        );
        assert!(panel.contains("confidence"), "{panel}");
        // The updater evicts a pod whose requests are below the range; its replacement gets
        // the recommendation.
        until(
            &c,
            "document.querySelectorAll('.cl-log li[data-kind=VpaEvicted]').length >= 1",
            90,
            "an eviction",
        )
        .await;
        until(
            &c,
            "document.querySelectorAll('.cl-log li[data-kind=VpaRequestsSet]').length >= 1",
            30,
            "new requests",
        )
        .await;
        let set = js(
            &c,
            "document.querySelector('.cl-log li[data-kind=VpaRequestsSet]').textContent",
        )
        .await;
        let set = set.as_str().unwrap().to_string();
        // "... into new pod web-...-xxxxx container app: CPU 200m → 460m, memory ..."
        let pod = set
            .split("new pod ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_string();
        let cpu = set
            .split("CPU 200m → ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_string();
        assert!(cpu.ends_with('m') && cpu != "200m", "{set}");
        js(&c, "document.activeElement.blur()").await;
        c.find(Locator::Css("body"))
            .await
            .unwrap()
            .send_keys(" ")
            .await
            .unwrap();
        pick(&c, &format!("Pod {pod}")).await;
        let panel = text_of(&c, ".cl-panel").await;
        assert!(
            panel.contains(&format!("requests cpu {cpu}")),
            "the new pod asks for {cpu}: {panel}"
        );
        // The recommendation over time, in its own charts.
        js(&c, "document.querySelector('.cl-charts').scrollIntoView()").await;
        until(
            &c,
            "document.querySelectorAll('.cl-charts figure').length === 7",
            10,
            "the VPA's charts",
        )
        .await;
        assert!(exists(&c, ".cl-charts .vpa-summary").await);
        // The timeline marks the eviction.
        assert!(exists(&c, ".cl-timeline svg.marks line.mk.vpa").await);
        let serious: Vec<_> = axe(&c)
            .await
            .into_iter()
            .filter(|v| v.impact == "serious" || v.impact == "critical")
            .collect();
        assert!(serious.is_empty(), "{serious:#?}");
        assert!(
            uncited_numbers(&c).await.is_empty(),
            "{:?}",
            uncited_numbers(&c).await
        );
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_timeline_goes_back_and_forward_to_the_same_moments() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=node-failure&speed=20").await;
        until(&c, "document.querySelector('.cl-clock .clock').textContent >= '0:01:00'", 30, "a minute of cluster time").await;
        js(&c, "document.activeElement.blur()").await;
        c.find(Locator::Css("body")).await.unwrap().send_keys(" ").await.unwrap();
        // The power-off at 20 s is marked (the scenario's command, and the failure).
        assert!(exists(&c, ".cl-timeline svg.marks line.mk.script").await);
        assert!(exists(&c, ".cl-timeline svg.marks line.mk.failure").await);
        let end = js(&c, "+document.getElementById('cl-time').max").await.as_f64().unwrap();
        let log_at = |t: u64| {
            let c = c.clone();
            async move {
                set_input(&c, "#cl-time", &t.to_string()).await;
                let want = format!("0:00:{:02}", t / 1000);
                until(&c, &format!("document.querySelector('.cl-clock .clock').textContent.startsWith('{want}')"), 10, "the timeline's time").await;
                tokio::time::sleep(Duration::from_millis(400)).await;
                js(&c, "[...document.querySelectorAll('.cl-log li')].map(l => l.textContent).join('\\n')")
                    .await
                    .as_str()
                    .unwrap()
                    .to_string()
            }
        };
        // Back before the power-off: node-2 is on; then forward past it and back again.
        let at_15 = log_at(15_000).await;
        assert!(!at_15.contains("lost power"), "{at_15}");
        assert!(!exists(&c, "svg.diagram g.node[aria-label*='powered off']").await);
        let at_45 = log_at(45_000).await;
        assert!(at_45.contains("node-2 lost power"), "{at_45}");
        assert!(exists(&c, "svg.diagram g.node[aria-label*='powered off']").await);
        assert_eq!(log_at(15_000).await, at_15, "the same moment, the same log");
        assert_eq!(log_at(45_000).await, at_45);
        // The timeline still reaches the end of the run; the keyboard moves along it too.
        assert_eq!(js(&c, "+document.getElementById('cl-time').max").await.as_f64().unwrap(), end);
        js(&c, "document.getElementById('cl-time').focus()").await;
        press(&c, "\u{E012}").await; // ArrowLeft
        until(&c, "document.querySelector('.cl-clock .clock').textContent < '0:00:45'", 10, "a step back along the timeline").await;
        assert!(text_of(&c, ".cl-timeline output").await.contains(" of "));
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_charts_are_drawn_by_plotters_with_units_and_follow_the_theme() {
    with_browser(Opts::default(), |c| async move {
        let mut strokes = Vec::new();
        for theme in ["light", "dark"] {
            open(
                &c,
                &format!("?view=cluster&lang=ko&scenario=load-spike&speed=20&theme={theme}"),
            )
            .await;
            until(
                &c,
                "document.querySelectorAll('.cl-charts figure svg polyline.s1').length >= 5",
                20,
                "five charts",
            )
            .await;
            // Axes labelled with their units, in the page's language; round ticks.
            let text = js(
                &c,
                "[...document.querySelectorAll('.cl-charts svg text')].map(t => t.textContent)",
            )
            .await;
            let text: Vec<String> = text
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            assert!(text.iter().any(|t| t == "요청/초"), "{text:?}");
            assert!(text.iter().any(|t| t == "클러스터 시간(초)"), "{text:?}");
            assert!(
                text.iter()
                    .filter_map(|t| t.parse::<u32>().ok())
                    .any(|n| n > 0 && n % 10 == 0),
                "{text:?}"
            );
            // Nothing plotters would have measured in the document was left behind.
            assert_eq!(
                js(&c, "document.body.querySelectorAll(':scope > span').length").await,
                0
            );
            // A text alternative for screen readers.
            assert!(text_of(&c, ".cl-charts .summary").await.contains("요청/초"));
            strokes.push(
                js(
                    &c,
                    "getComputedStyle(document.querySelector('.cl-charts polyline.s1')).stroke",
                )
                .await,
            );
        }
        assert_ne!(
            strokes[0], strokes[1],
            "the series' colour follows the theme"
        );
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

async fn attr(c: &Client, css: &str, name: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn announcements_follow_a_language_switch_made_while_the_run_plays() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=basic&hpa=off&speed=20").await;
        wait_for(&c, ".lang-switch button[lang=ko]")
            .await
            .click()
            .await
            .unwrap();
        until(&c, "document.documentElement.lang === 'ko'", 10, "Korean page").await;
        c.find(Locator::Css("svg.diagram [role=button][aria-label*='node-2']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        command(&c, "node power-off node-2").await;
        // The polite live region reads the power-off in Korean, not in the first language.
        until(
            &c,
            "[...document.querySelectorAll('.sr-only[aria-live=polite]')].some(e => e.textContent.includes('머신 node-2의 전원이 꺼짐'))",
            30,
            "the power-off announced in Korean",
        )
        .await;
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_cluster_autoscaler_adds_a_machine_for_pending_pods_and_removes_it_when_unneeded() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=basic&hpa=off&profile=classroom&speed=20").await;
        wait_for(&c, "svg.diagram g.node").await;
        let nodes = "document.querySelectorAll('svg.diagram g.node[role=button]').length";
        assert_eq!(js(&c, nodes).await, 3);
        pick(&c, "cloud-controller-manager").await;
        command(&c, "autoscaler nodes --min 3 --max 6").await;
        // Every node drained: the pods have nowhere to go until a new machine comes.
        for n in ["node-1", "node-2", "node-3"] {
            pick(&c, &format!("Node {n}:")).await;
            command(&c, &format!("kubectl drain {n}")).await;
        }
        select_log_filter(&c, "autoscaling").await;
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=TriggeredScaleUp]').length >= 1", 40, "a scale-up for the pending pods").await;
        until(&c, "!!document.querySelector(\"svg.diagram g.node[aria-label^='ca-node-1 ']\")", 40, "the new machine in the diagram").await;
        until(
            &c,
            "document.querySelectorAll(\"svg.diagram [aria-label^='Pod web-'][aria-label$='Running · Ready']\").length >= 3",
            60,
            "three Ready pods on the new machine",
        )
        .await;
        // The drained machines are back; the new one is unneeded once its pods fit elsewhere,
        // and goes after the (classroom) unneeded time.
        for n in ["node-1", "node-2", "node-3"] {
            pick(&c, &format!("Node {n}:")).await;
            command(&c, &format!("kubectl uncordon {n}")).await;
        }
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=ScaleDown]').length >= 1", 90, "a scale-down").await;
        until(&c, &format!("{nodes} === 3"), 60, "back to three machines").await;
        assert!(!exists(&c, "#crash").await);
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn memory_pressure_and_undo_are_one_click_away_and_the_log_explains_them() {
    with_browser(Opts::default(), |c| async move {
        open(&c, "?view=cluster&lang=en&scenario=rolling-update&hpa=off&profile=classroom&speed=20").await;
        pick(&c, "Node node-1:").await;
        command(&c, "fault memory-pressure node/node-1").await;
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=NodeHasInsufficientMemory]').length >= 1", 30, "memory pressure noticed").await;
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=PressureEvicted]').length >= 1", 30, "a pod evicted").await;
        pick(&c, "Node node-1:").await;
        command(&c, "fault clear node/node-1").await;
        // The scenario's rollout (nginx:1.27 -> 1.28 at 15 s), then a rollback.
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=ScalingReplicaSet]').length >= 2", 30, "the rollout").await;
        pick(&c, "kube-controller-manager").await;
        command(&c, "rollout undo deployment/web").await;
        until(&c, "document.querySelectorAll('.cl-log li[data-kind=RolledBack]').length >= 1", 20, "the rollback").await;
        let log = text_of(&c, ".cl-log").await;
        assert!(log.contains("memory.available"), "the log names the signal: {log}");
        assert!(!exists(&c, "#crash").await);
        assert!(console_errors(&c).await.is_empty());
    })
    .await;
}
