//! How the Cluster view runs in headless Chromium: `cargo xtask frames [CASE...]` (after
//! `cargo xtask dist`). Figures to read, not tests:
//!
//! - for each case (an address's run settings), with the diagram in view and with the charts
//!   in view, unthrottled and with the CPU throttled 4x (`Emulation.setCPUThrottlingRate`):
//!   frames (the intervals between requestAnimationFrame callbacks) p50, p95 and the worst,
//!   and the main thread's busy time per wall second (`Performance.getMetrics`: all tasks, and
//!   script alone). Goals at `scenario=scale-100&speed=10`: p95 <= 16.7 ms at 4x, busy <= 250
//!   ms per second.
//! - going back at 100 nodes and 3,000 pods after 60 simulated minutes: stepping back (Page
//!   Up) and dragging the timeline to earlier times, each from the input to the frame that
//!   shows it (goal: under 100 ms).
//!
//! `cargo xtask frames seek` runs only the second part, `cargo xtask frames frames` the first.

use kubelab_e2e::fantoccini::Client;
use kubelab_e2e::*;
use serde_json::json;
use std::time::{Duration, Instant};

const SECONDS: u64 = 10;

/// The main thread's cumulative busy and script seconds (Chromium's Performance domain).
async fn busy(c: &Client) -> (f64, f64) {
    let m = cdp(c, "Performance.getMetrics", json!({})).await;
    let get = |name: &str| {
        m["metrics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["name"] == name)
            .and_then(|x| x["value"].as_f64())
            .unwrap_or(f64::NAN)
    };
    (get("TaskDuration"), get("ScriptDuration"))
}

fn quantile(d: &[f64], p: f64) -> f64 {
    d.get(((d.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}

async fn frames(c: &Client, cases: &[String]) {
    println!(
        "case                                in view  CPU   frames  p50 ms  p95 ms  max ms  busy ms/s  script ms/s"
    );
    for case in cases {
        for view in ["diagram", "charts"] {
            for rate in [1, 4] {
                open(c, &format!("?view=cluster&lang=en&{case}")).await;
                wait_for(c, "svg.diagram").await;
                if view == "charts" {
                    js(c, "document.querySelector('.cl-charts').scrollIntoView()").await;
                }
                cdp(c, "Performance.enable", json!({})).await;
                cdp(c, "Emulation.setCPUThrottlingRate", json!({ "rate": rate })).await;
                // Let the run settle (pods start, the first charts draw).
                tokio::time::sleep(Duration::from_secs(3)).await;
                let (task0, script0) = busy(c).await;
                let wall = Instant::now();
                let v = c
                    .execute_async(
                        &format!(
                            "const done = arguments[arguments.length - 1];
                             const t = []; const end = performance.now() + {ms};
                             function f(ts) {{ t.push(ts); if (ts < end) requestAnimationFrame(f); else done(t); }}
                             requestAnimationFrame(f);",
                            ms = SECONDS * 1000
                        ),
                        vec![],
                    )
                    .await
                    .expect("record frames");
                let (task1, script1) = busy(c).await;
                let secs = wall.elapsed().as_secs_f64();
                cdp(c, "Emulation.setCPUThrottlingRate", json!({ "rate": 1 })).await;
                let ts: Vec<f64> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.as_f64())
                    .collect();
                let mut d: Vec<f64> = ts.windows(2).map(|w| w[1] - w[0]).collect();
                d.sort_by(f64::total_cmp);
                println!(
                    "{case:36} {view:8} {rate}x  {:>7} {:>7.1} {:>7.1} {:>7.1} {:>10.0} {:>12.0}",
                    d.len(),
                    quantile(&d, 0.5),
                    quantile(&d, 0.95),
                    d.last().copied().unwrap_or(f64::NAN),
                    (task1 - task0) / secs * 1000.0,
                    (script1 - script0) / secs * 1000.0,
                );
            }
        }
    }
}

/// Milliseconds from an input to the frame after the clock shows `want` (or, when `want`
/// is empty, any other time than before).
async fn answer(c: &Client, input: &str, want: &str) -> f64 {
    let v = c
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 const clock = () => document.querySelector('.cl-clock .clock').textContent;
                 const before = clock(); const want = {want:?};
                 const t0 = performance.now();
                 {input};
                 const check = () => {{
                   const now = clock();
                   if ((want && now.startsWith(want)) || (!want && now !== before)) {{
                     requestAnimationFrame(() => done(performance.now() - t0));
                   }} else if (performance.now() - t0 > 10000) {{
                     done(-1);
                   }} else {{ requestAnimationFrame(check); }}
                 }};
                 check();"
            ),
            vec![],
        )
        .await
        .expect("time an answer");
    v.as_f64().unwrap_or(f64::NAN)
}

fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

async fn seek(c: &Client) {
    open(c, "?view=cluster&lang=en&scenario=scale-100&speed=100").await;
    wait_for(c, "svg.diagram").await;
    // Play to an hour of cluster time (at 100x, a little over half a minute of wall time).
    let start = Instant::now();
    loop {
        let t = js(c, "document.querySelector('.cl-clock .clock').textContent")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        if t.as_str() >= "1:00:00" {
            println!(
                "\nreached {t} of cluster time in {:.0} s of wall time",
                start.elapsed().as_secs_f64()
            );
            break;
        }
        if start.elapsed() > Duration::from_secs(300) {
            println!("\nonly reached {t} of cluster time in 300 s; measuring there");
            break;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
    js(c, "document.activeElement.blur()").await;
    // Pause with Space (stepping back pauses too, but the first step would include it).
    answer(
        c,
        "document.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', bubbles: true}))",
        "",
    )
    .await;
    let mut backs = Vec::new();
    for _ in 0..8 {
        backs.push(
            answer(
                c,
                "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'PageUp', bubbles: true}))",
                "",
            )
            .await,
        );
    }
    let mut scrubs = Vec::new();
    for min in [55u64, 40, 30, 20, 10, 5, 2, 1, 59, 45, 25, 15] {
        let t = min * 60_000;
        let input = format!(
            "const i = document.getElementById('cl-time'); i.value = '{t}'; i.dispatchEvent(new Event('input', {{bubbles: true}}))"
        );
        scrubs.push((min, answer(c, &input, &clock(t)).await));
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (quantile(v, 0.5), v.last().copied().unwrap_or(f64::NAN))
    };
    let (p50, max) = stats(&mut backs.clone());
    println!(
        "step back (Page Up), 8 times:          p50 {p50:.0} ms, worst {max:.0} ms  {backs:.0?}"
    );
    let mut s: Vec<f64> = scrubs.iter().map(|x| x.1).collect();
    let (p50, max) = stats(&mut s);
    println!("timeline to an earlier minute, 12 times: p50 {p50:.0} ms, worst {max:.0} ms");
    for (min, ms) in scrubs {
        println!("  to {min:>2}:00  {ms:>5.0} ms");
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = |w: &str| args.is_empty() || args.iter().any(|a| a == w);
    let cases: Vec<String> = {
        let given: Vec<String> = args.iter().filter(|a| a.contains('=')).cloned().collect();
        if given.is_empty() {
            vec![
                "scenario=scale-100&speed=10".into(),
                "scenario=scale-100&speed=100".into(),
                "scenario=basic&speed=10".into(),
            ]
        } else {
            given
        }
    };
    let run_frames = only("frames") || args.iter().any(|a| a.contains('='));
    let run_seek = only("seek");
    with_browser(
        Opts {
            size: Some((1280, 800)),
            ..Opts::default()
        },
        move |c| async move {
            open(&c, "?view=cluster&paused=1").await;
            set_viewport(&c, 1280, 800).await;
            if run_frames {
                frames(&c, &cases).await;
            }
            if run_seek {
                seek(&c).await;
            }
            println!(
                "\n(The console and the manifest editor come with a later issue: not open here.)"
            );
        },
    )
    .await;
}
