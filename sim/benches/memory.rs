//! Memory over 24 simulated hours: a counting allocator reports live heap bytes while a
//! 20-node cluster runs a day-curve load with an HPA, crashes and a node failure every few
//! hours. `cargo bench -p kubelab-sim --bench memory`. The goal is a flat line.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

const SCENARIO: &str = r#"
seed: 9
nodes:
  - name: node
    count: 20
    cpu: "8"
    memory: 32Gi
deployments:
  - metadata: {name: web}
    spec:
      replicas: 10
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              resources: {requests: {cpu: 500m, memory: 512Mi}}
services:
  - metadata: {name: web}
    spec: {selector: {app: web}}
horizontalPodAutoscalers:
  - metadata: {name: web}
    spec:
      scaleTargetRef: {kind: Deployment, name: web}
      minReplicas: 4
      maxReplicas: 60
      metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
load:
  - service: web
    pattern: {type: day, min: 200, max: 2000, periodS: 86400}
    costCpuMs: 10
trace:
  leaseEvents: true
"#;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let scn = sim::parse_scenario(SCENARIO).unwrap();
    let (mut s, _) = scn.build().unwrap();
    println!(
        "hour  live_heap_MiB  peak_MiB  events  hpa_log  decisions  change_log  pods  revision"
    );
    let mut samples = Vec::new();
    for hour in 1..=24u64 {
        for step in 0..60u64 {
            s.advance(60_000);
            if step == 30 && hour % 3 == 0 {
                let _ = s.run("crash pod deployment/web");
            }
            if step == 10 && hour % 6 == 0 {
                let _ = s.run(&format!("node power-off node-{}", hour % 20 + 1));
            }
            if step == 50 && hour % 6 == 0 {
                let _ = s.run(&format!("node power-on node-{}", hour % 20 + 1));
            }
        }
        let live = LIVE.load(Ordering::Relaxed) as f64 / (1 << 20) as f64;
        samples.push(live);
        println!(
            "{hour:>4}  {live:>13.2}  {:>8.2}  {:>6}  {:>7}  {:>9}  {:>10}  {:>4}  {:>8}",
            PEAK.load(Ordering::Relaxed) as f64 / (1 << 20) as f64,
            s.events().len(),
            s.hpa_computations().len(),
            s.scheduler().decisions().len(),
            s.store().change_log().len(),
            s.store().count::<sim::objects::Pod>(),
            s.store().revision(),
        );
    }
    let after_warmup = &samples[2..];
    let (min, max) = after_warmup
        .iter()
        .fold((f64::MAX, 0f64), |(a, b), v| (a.min(*v), b.max(*v)));
    println!("live heap from hour 3 to 24: min {min:.2} MiB, max {max:.2} MiB");
}
