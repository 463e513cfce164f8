//! Hours without a leak: `cargo xtask soak [MINUTES]` (default 30, after `cargo xtask dist`)
//! plays 100 nodes and 3,000 pods at the top speed in headless Chromium, with the charts in
//! view, and every 30 seconds prints the JS heap (after a garbage collection) and the wasm
//! memory. The goal: both flat within ±10% after the first 5 minutes. A measurement to read.

use kubelab_e2e::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let minutes: f64 = std::env::args()
        .nth(1)
        .and_then(|m| m.parse().ok())
        .unwrap_or(30.0);
    with_browser(
        Opts {
            size: Some((1280, 800)),
            ..Opts::default()
        },
        move |c| async move {
            open(&c, "?view=cluster&lang=en&scenario=scale-100&speed=100").await;
            set_viewport(&c, 1280, 800).await;
            wait_for(&c, "svg.diagram").await;
            js(&c, "document.querySelector('.cl-charts').scrollIntoView()").await;
            let start = Instant::now();
            let mut series: Vec<(f64, f64, f64)> = Vec::new();
            println!("  min   JS heap MB   wasm MB   cluster time");
            loop {
                let m = start.elapsed().as_secs_f64() / 60.0;
                cdp(&c, "HeapProfiler.collectGarbage", json!({})).await;
                let heap = cdp(&c, "Runtime.getHeapUsage", json!({})).await["usedSize"]
                    .as_f64()
                    .unwrap_or(f64::NAN)
                    / 1e6;
                let wasm = js(&c, "globalThis.kubelabWasmMemory ? globalThis.kubelabWasmMemory() : -1")
                    .await
                    .as_f64()
                    .unwrap_or(f64::NAN)
                    / 1e6;
                let t = js(&c, "document.querySelector('.cl-clock .clock').textContent").await;
                println!(
                    "{m:>5.1}   {heap:>10.2}   {wasm:>7.2}   {}",
                    t.as_str().unwrap_or("?")
                );
                series.push((m, heap, wasm));
                if m >= minutes {
                    break;
                }
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
            // After the first five minutes: how far each series strays from its value there.
            let after: Vec<&(f64, f64, f64)> = series.iter().filter(|s| s.0 >= 5.0).collect();
            if let Some(base) = after.first() {
                let spread = |f: fn(&(f64, f64, f64)) -> f64| {
                    let b = f(base);
                    after
                        .iter()
                        .map(|s| (f(s) - b) / b * 100.0)
                        .fold((0.0f64, 0.0f64), |(lo, hi), x| (lo.min(x), hi.max(x)))
                };
                let (hl, hh) = spread(|s| s.1);
                let (wl, wh) = spread(|s| s.2);
                let flat = |lo: f64, hi: f64| if lo >= -10.0 && hi <= 10.0 { "flat" } else { "NOT flat" };
                println!(
                    "\nafter minute {:.1}: JS heap {:+.1}% .. {:+.1}% ({}), wasm memory {:+.1}% .. {:+.1}% ({})",
                    base.0,
                    hl,
                    hh,
                    flat(hl, hh),
                    wl,
                    wh,
                    flat(wl, wh)
                );
            } else {
                println!("\n(shorter than five minutes: no verdict)");
            }
            assert!(console_errors(&c).await.is_empty());
        },
    )
    .await;
}
