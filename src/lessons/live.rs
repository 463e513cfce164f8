//! The seam between lessons and the Cluster view, and nothing more: the view hands over its
//! [`Remote`] when it mounts ([`attach`]); a lesson then restarts the run, sends commands as
//! the user would (`Do::Send`), lets time go on (`Do::Guide`), opens a part's panel, and
//! reads the engine to check a step's condition. Parts are
//! highlighted by their `data-part` names in the page, not through here.
//!
//! Only the cluster lab's binary links this module ([`LIVE`] is in its bundle): the guide's
//! binary never carries the engine.
//!
//! The step logic on a [`Driver`] ([`replay`], [`holds`], [`apply`]) is pure and tested
//! natively: every lesson's Cluster-view steps are walked here with "Show me" and must
//! complete (`tests` below).

use super::Live;
use super::format::{self, Action, Cond, Step, stretch_start};
use crate::views::cluster::driver::{Driver, line_of};
use crate::views::cluster::scenarios::{ScenarioId, Setup};
use crate::views::cluster::snapshot::{Cond as NodeCond, Part, Snap};
use crate::views::cluster::state::{Do, Guide};
use crate::views::cluster::{Remote, log};
use sim::Profile;
use std::cell::RefCell;

thread_local! {
    static SLOT: RefCell<Option<Remote>> = const { RefCell::new(None) };
}

/// Called by the Cluster view when it mounts: lessons may drive it from now on.
pub fn attach(remote: Remote) {
    SLOT.with(|s| *s.borrow_mut() = Some(remote));
}

/// Called by the Cluster view when it goes away.
pub fn detach() {
    SLOT.with(|s| *s.borrow_mut() = None);
}

/// The mounted view's handle (a clone: what it is called with may reach the slot again).
fn remote() -> Option<Remote> {
    SLOT.with(|s| s.borrow().clone())
}

/// The lesson hooks of the cluster lab's binary. Everything that changes the run goes to
/// the view as an action ([`Do`]), in turn with the learner's own.
pub static LIVE: Live = Live {
    attached: || remote().is_some_and(|r| r.read(|_| ()).is_some()),
    enter: |steps, at, done| {
        let Some(r) = remote() else {
            return done(0);
        };
        // The view forgets its selection and forms, as after its own restart.
        if let Some(setup) = run_of(steps, at) {
            r.dispatch(Do::Restart(setup));
        }
        let steps = steps.to_vec();
        let view = r.clone();
        r.dispatch(Do::Guide(Guide::new(move |d| {
            let mut picks = Vec::new();
            let mark = replay(d, &steps, at, &mut |a| {
                if let Action::Pick(p) = a {
                    picks.extend(Part::from_id(p));
                }
            });
            // Panels open after the replay.
            for part in picks {
                view.dispatch(Do::Pick(part));
            }
            done(mark);
        })));
    },
    check: |c, mark| {
        remote()
            .and_then(|r| r.read(|d| holds(d, c, mark)))
            .unwrap_or(false)
    },
    perform: |a| {
        let Some(r) = remote() else {
            return Err(String::new());
        };
        match a {
            Action::Run(line) => send(&r, line),
            Action::Pick(p) => {
                if let Some(part) = Part::from_id(p) {
                    r.dispatch(Do::Pick(part));
                }
                Ok(())
            }
            other => {
                let other = other.clone();
                r.dispatch(Do::Guide(Guide::new(move |d| apply(d, &other))));
                Ok(())
            }
        }
    },
    play: |speed| {
        if let Some(r) = remote() {
            r.dispatch(Do::Guide(Guide::new(move |d| {
                if let Some(x) = speed {
                    d.set_speed(x);
                }
                if d.playing != speed.is_some() {
                    d.toggle();
                }
            })));
        }
    },
    send_line: |line| remote().map_or_else(|| Err(String::new()), |r| send(&r, line)),
};

/// Parses a command and sends it as the view's own controls do; Err is why it was refused
/// (the parser's message, or the engine's for the state it is in now). A command the engine
/// refuses is sent all the same: the run records the refusal, as it does for the buttons'
/// (a lesson may wait for it), and changes nothing else.
fn send(r: &Remote, line: &str) -> Result<(), String> {
    let cmd = sim::parse_command(line).map_err(|e| e.message())?;
    let refused = r
        .read(|d| d.sim().validate(&cmd).err().map(|e| e.message()))
        .flatten();
    r.send(cmd);
    refused.map_or(Ok(()), Err)
}

/// The run a Cluster-view stretch starts with: `SCENARIO SEED PROFILE HPA` of the last step
/// at or before `at` that names one.
pub fn run_of(steps: &[Step], at: usize) -> Option<Setup> {
    let start = stretch_start(steps, at);
    let w: Vec<&str> = steps[start].run.split_whitespace().collect();
    let scenario = ScenarioId::from_slug(w.first()?)?;
    Some(Setup {
        scenario,
        seed: w.get(1)?.parse().ok()?,
        profile: if *w.get(2)? == "classroom" {
            Profile::Classroom
        } else {
            Profile::Real
        },
        hpa: w.get(3)?.parse().ok(),
    })
}

/// Builds the start state of `steps[at]` on a driver just restarted with [`run_of`]: the
/// effects of the stretch's earlier steps and each one's setup, then this step's setup.
/// `ui` sees the actions that concern the view only (opening a panel). Returns the mark the
/// step's events count from.
pub fn replay(d: &mut Driver, steps: &[Step], at: usize, ui: &mut dyn FnMut(&Action)) -> u64 {
    d.playing = false;
    for a in format::replay(steps, at) {
        match &a {
            Action::Pick(_) | Action::Click(_) | Action::Set(..) => ui(&a),
            _ => apply(d, &a),
        }
    }
    // A command sent before the clock moved on has shown its path already: holding the run
    // for its animation now would freeze the view.
    if d.path
        .as_ref()
        .is_some_and(|p| p.hops.first().is_some_and(|h| h.t_ms < d.now_ms()))
    {
        d.path = None;
    }
    d.playing = false;
    d.sim().next_event_id()
}

/// The longest a lesson lets a run go on to reach a condition (simulated).
const UNTIL_LIMIT_MS: u64 = 30 * 60_000;

/// Does an engine action on the driver: a command (its refusal is part of the lesson's
/// story, so it is kept, not raised), time going on, or time going on until a condition.
pub fn apply(d: &mut Driver, a: &Action) {
    match a {
        Action::Run(line) => {
            if let Ok(cmd) = sim::parse_command(line) {
                let _ = d.send(cmd);
            }
        }
        Action::Seek(t) => {
            if *t > d.now_ms() {
                d.play_on(*t);
            }
        }
        Action::Until(c) => {
            let mark = d.sim().next_event_id();
            let limit = d.now_ms() + UNTIL_LIMIT_MS;
            while !holds(d, c, mark) && d.now_ms() < limit {
                let now = d.now_ms();
                let next = d
                    .sim()
                    .next_event_time()
                    .unwrap_or(limit)
                    .clamp(now + 1, limit);
                d.play_on(next);
            }
        }
        Action::Click(_) | Action::Set(..) | Action::Pick(_) => {}
    }
}

/// Whether an engine condition holds; events count from `mark` (the step's start).
pub fn holds(d: &Driver, c: &Cond, mark: u64) -> bool {
    let sim = d.sim();
    let snap = || Snap::of(sim, None);
    match *c {
        Cond::Node(name, want) => snap().node(name).is_some_and(|n| {
            matches!(
                (n.cond, want),
                (NodeCond::Ready, "Ready")
                    | (NodeCond::NotReady, "NotReady")
                    | (NodeCond::Unknown, "Unknown")
            )
        }),
        Cond::Powered(name, on) => sim.is_powered(name) == on,
        Cond::Ready(dep, cmp, n) => snap()
            .deployments
            .iter()
            .find(|x| &*x.name == dep)
            .is_some_and(|x| cmp.holds(u64::from(x.ready), n)),
        Cond::Replicas(dep, cmp, n) => sim
            .deployments()
            .find(|x| x.metadata.name == dep)
            .is_some_and(|x| cmp.holds(u64::from(x.spec.replicas), n)),
        Cond::Event(kind) => sim
            .events()
            .iter()
            .any(|e| e.id >= mark && log::kind_code(&e.kind) == kind),
        Cond::Time(cmp, ms) => cmp.holds(sim.now_ms(), ms),
        Cond::Leader(lease, node, is) => {
            let s = snap();
            let holder = s.leader(lease);
            if is {
                holder.is_some_and(|h| &**h == node)
            } else {
                holder.is_some_and(|h| &**h != node)
            }
        }
        Cond::Quorum(want) => snap().quorum.3 == want,
        Cond::Refused => d
            .sent()
            .last()
            .is_some_and(|s| !s.scripted && s.error.is_some()),
        Cond::Sent(line) => {
            let want = sim::parse_command(line).map(|c| line_of(&c));
            d.sent().last().is_some_and(|s| {
                !s.scripted && s.error.is_none() && want.as_ref().is_ok_and(|w| *w == s.line)
            })
        }
        Cond::Vpa(dep) => sim.vpas().any(|v| v.metadata.name == dep && v.provided()),
        Cond::Clicked(_) | Cond::State(..) | Cond::Value(..) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::LESSONS;

    /// A lesson's served file, as the app fetches it (the build wrote it with the same
    /// function as the Trunk hook).
    fn served(id: &str) -> &'static str {
        crate::lessons::SERVED
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t)
            .unwrap()
    }

    /// The condition that completes a Cluster-view step, if it is about the engine.
    fn engine_cond<'a>(s: &Step<'a>) -> Option<Cond<'a>> {
        format::goal(s).filter(|c| !c.on_page())
    }

    /// Every Cluster-view step of every lesson, entered as a deep link enters it and done
    /// as "Show me" does it, reaches its condition; and entering the next step gives the
    /// state that doing this one left (what walking there shows).
    #[test]
    fn every_cluster_step_of_every_lesson_completes_with_show_me() {
        let mut walked = 0;
        for info in LESSONS {
            let text = served(info.id);
            let file = format::decode(text).unwrap();
            let steps = &file.steps;
            for (at, step) in steps.iter().enumerate() {
                if step.view != "cluster" {
                    continue;
                }
                let setup = run_of(steps, at).expect("a cluster stretch names its run");
                let mut d = Driver::new(setup);
                let mark = replay(&mut d, steps, at, &mut |_| {});
                // "Show me": the task's own action; the run then plays if the step says so.
                for a in format::effect(step) {
                    apply(&mut d, &a);
                }
                if let Some(c) = engine_cond(step) {
                    assert!(
                        holds(&d, &c, mark),
                        "{} step {}: `{}` does not hold after Show me (t={} ms)",
                        info.id,
                        at + 1,
                        if step.done.is_empty() {
                            "the task"
                        } else {
                            step.done
                        },
                        d.now_ms()
                    );
                    walked += 1;
                }
                // The next step in the same run starts from this state.
                if steps
                    .get(at + 1)
                    .is_some_and(|n| n.view == "cluster" && n.run.is_empty())
                {
                    let after = (
                        d.now_ms(),
                        d.sim().store().revision(),
                        d.sim().next_event_id(),
                    );
                    let next_setup = steps[at + 1]
                        .setup
                        .iter()
                        .filter_map(|a| format::action(a).ok())
                        .collect::<Vec<_>>();
                    if next_setup.is_empty() {
                        let mut fresh = Driver::new(setup);
                        replay(&mut fresh, steps, at + 1, &mut |_| {});
                        let entered = (
                            fresh.now_ms(),
                            fresh.sim().store().revision(),
                            fresh.sim().next_event_id(),
                        );
                        assert_eq!(
                            entered,
                            after,
                            "{} step {}: entering it differs from walking there",
                            info.id,
                            at + 2
                        );
                    }
                }
            }
        }
        assert!(walked >= 10, "only {walked} cluster steps with conditions");
    }
}
