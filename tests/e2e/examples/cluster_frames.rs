//! Frame time of the Cluster view while it plays, in headless Chromium:
//! `cargo xtask frames` (after `cargo xtask dist`). For each case it records the intervals
//! between requestAnimationFrame callbacks for a while and prints p50, p95 and the worst.
//! The goal for 100 nodes and 3,000 pods is p95 <= 16.7 ms. A figure to read, not a test.

use kubelab_e2e::*;
use std::time::Duration;

const SECONDS: u64 = 10;

#[tokio::main]
async fn main() {
    let cases: Vec<String> = {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.is_empty() {
            vec![
                "scenario=scale-100&speed=1".into(),
                "scenario=scale-100&speed=10".into(),
                "scenario=scale-100&speed=100".into(),
                "scenario=basic&speed=10".into(),
            ]
        } else {
            args
        }
    };
    with_browser(Opts::default(), move |c| async move {
        println!("case                                   frames   p50 ms   p95 ms   max ms");
        for case in &cases {
            open(&c, &format!("?view=cluster&lang=en&{case}")).await;
            wait_for(&c, "svg.diagram").await;
            // Let the run settle (pods start, the first charts draw).
            tokio::time::sleep(Duration::from_secs(3)).await;
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
            let ts: Vec<f64> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_f64())
                .collect();
            let mut d: Vec<f64> = ts.windows(2).map(|w| w[1] - w[0]).collect();
            d.sort_by(f64::total_cmp);
            let q = |p: f64| {
                d.get(((d.len() as f64 - 1.0) * p).round() as usize)
                    .copied()
                    .unwrap_or(f64::NAN)
            };
            println!(
                "{case:38} {:>6} {:>8.1} {:>8.1} {:>8.1}",
                d.len(),
                q(0.5),
                q(0.95),
                d.last().copied().unwrap_or(f64::NAN)
            );
        }
    })
    .await;
}
