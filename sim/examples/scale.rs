//! Quick timings at scale without criterion (one run each):
//! `cargo run -p kubelab-sim --example scale --profile bench` (`second` with `CA=1`: the
//! cluster autoscaler on).

// A timing tool: it reads the wall clock, which the engine itself may not (sim/clippy.toml).
#![allow(clippy::disallowed_types)]

#[path = "../benches/common.rs"]
mod common;
use std::time::Instant;

/// This process's CPU time (user + system) in seconds, from /proc (Linux; 0 elsewhere):
/// steadier than wall time on a shared machine.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    if arg.is_empty() || arg == "schedule" {
        let t = Instant::now();
        let mut s = common::scheduling_cluster(5_000, 150_000);
        println!("build 5000 nodes + 150000 pods: {:?}", t.elapsed());
        let (t, c) = (Instant::now(), cpu_s());
        let n = s.schedule_pending();
        let (dt, dc) = (t.elapsed(), cpu_s() - c);
        println!(
            "scheduled {n} pods in {dt:?} wall, {dc:.2} s CPU: {:.0} pods/s wall, {:.0} pods/s CPU",
            n as f64 / dt.as_secs_f64(),
            n as f64 / dc
        );
        let t = Instant::now();
        s.settle_now();
        println!("kubelets admit them all (settle): {:?}", t.elapsed());
    }
    if arg.is_empty() || arg == "second" {
        let t = Instant::now();
        let mut s = common::loaded_cluster(1_000, 10, 3_000);
        println!(
            "build 1000 nodes + 30000 pods, 60 s warm-up: {:?}",
            t.elapsed()
        );
        // CA=1: with the cluster autoscaler on (scans every 10 s).
        if std::env::var("CA").is_ok_and(|v| v == "1") {
            s.run("autoscaler nodes --min 1 --max 1100")
                .expect("autoscaler");
        }
        // VPA=Off|Initial|Recreate: one VPA per Deployment (the recommender scans 30,000 pods
        // every simulated minute).
        if let Ok(mode) = std::env::var("VPA") {
            for d in 0..10 {
                s.run(&format!(
                    "vpa deployment/app-{d} --mode {mode} --max-cpu 400m"
                ))
                .unwrap();
            }
        }
        let secs: u64 = std::env::var("SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60);
        for round in 0..std::env::var("ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1u32)
        {
            let (t, c) = (Instant::now(), cpu_s());
            s.advance(secs * 1000);
            println!(
                "round {round}: one simulated second: {:?} wall, {:.2} ms CPU (mean over {secs}); pods {}, revision {}",
                t.elapsed() / secs as u32,
                (cpu_s() - c) * 1000.0 / secs as f64,
                s.store().count::<sim::objects::Pod>(),
                s.store().revision()
            );
        }
    }
}
