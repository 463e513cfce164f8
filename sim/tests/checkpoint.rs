//! Checkpoints: a copy of a `Sim` (what the app keeps to go back in time) runs on exactly as
//! the original does, and neither copy's changes reach the other, though they share their
//! objects until one side writes them.

mod common;
use common::*;

fn seen(s: &sim::Sim) -> (u64, u64, Vec<String>) {
    (
        s.now_ms(),
        s.store().revision(),
        s.events().iter().map(|e| e.describe()).collect(),
    )
}

#[test]
fn a_copy_runs_on_exactly_as_the_original_and_changes_stay_apart() {
    let mut a = web("classroom");
    a.advance(30_000);
    let mut b = a.clone();
    let fresh = a.clone();
    for s in [&mut a, &mut b] {
        s.run("node power-off node-2").unwrap();
        s.advance(60_000);
    }
    assert_eq!(seen(&a), seen(&b));
    check_invariants(&b, "the copy after 60 s");
    // A command on one copy only: the other does not see it.
    b.run("kubectl scale deployment web --replicas 2").unwrap();
    b.advance(5_000);
    a.advance(5_000);
    assert_ne!(
        deployment(&b, "web").spec.replicas,
        deployment(&a, "web").spec.replicas
    );
    assert_eq!(deployment(&a, "web").spec.replicas, 6);
    // The copy taken before all this is still at 30 s, as it was.
    assert_eq!(fresh.now_ms(), 30_000);
    assert!(fresh.is_powered("node-2"));
    assert_eq!(deployment(&fresh, "web").spec.replicas, 6);
}
