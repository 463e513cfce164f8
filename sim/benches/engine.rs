//! Criterion benchmarks: (a) scheduling throughput at Kubernetes' published limits
//! (5,000 nodes, 150,000 pods, default plugins); (b) the cost of one simulated second at
//! 1,000 nodes and 30,000 pods under load with HPAs. `cargo bench -p kubelab-sim --bench engine`.

mod common;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;

fn scheduling(c: &mut Criterion) {
    let (nodes, pods) = (5_000, 150_000);
    let base = common::scheduling_cluster(nodes, pods);
    let mut g = c.benchmark_group("schedule");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(pods as u64));
    g.bench_function("fill 5000 nodes with 150000 pods (scheduler alone)", |b| {
        b.iter_batched(
            || base.clone(),
            |mut s| {
                let n = s.schedule_pending();
                assert_eq!(n, pods);
                s
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn simulated_second(c: &mut Criterion) {
    let mut s = common::loaded_cluster(1_000, 10, 3_000);
    assert_eq!(s.store().count::<sim::objects::Pod>(), 30_000);
    let mut g = c.benchmark_group("advance");
    g.sample_size(20).measurement_time(Duration::from_secs(20));
    g.bench_function(
        "1 simulated second, 1000 nodes, 30000 pods, load + 10 HPAs",
        |b| b.iter(|| s.advance(1_000)),
    );
    g.finish();
}

criterion_group!(benches, scheduling, simulated_second);
criterion_main!(benches);
