//! The driver: owns the engine, the scenario's timed commands, the journal of what the user
//! sent, the play/pause/step/speed state, the way back (checkpoints), the timeline's marks,
//! the VPA's recommendation over time, and the request path that slows the run down while it
//! plays. Pure (no browser): the view calls [`Driver::tick`] once per animation frame with the
//! wall time that passed, and tests drive it natively.
//!
//! **The journal is the source of truth.** The setup and the user's commands with their times
//! give back any moment of the run exactly (the engine is deterministic and a run does not
//! depend on how time is sliced into frames). Going back works like a recording: the state at
//! an earlier time is restored and the commands the user sent after it stay in the journal,
//! so playing on replays them at their times; a new command sent in the past starts a new
//! branch and drops the old future.
//!
//! **Checkpoints make going back fast.** Every so often (by the engine's work since the last
//! one, not by a fixed period) the driver keeps a copy of the engine. The engine shares its
//! objects between copies and copies each only when it changes, so a copy costs a few
//! milliseconds at 3,000 pods. Going back restores the nearest earlier checkpoint and replays
//! the journal from there. The number of checkpoints is bounded: the oldest are thinned so
//! their cost to replay stays even, and the most recent are kept dense for stepping back.

use super::path::Path;
use super::scenarios::{self, Setup, Timed};
use sim::events::EventKind;
use sim::objects::{ConditionStatus, Pod};
use sim::util::Ring;
use sim::{Command, Sim};
use std::rc::Rc;

/// The slowest and fastest speed (simulated seconds per wall second).
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 100.0;
/// While a request path plays, the run goes no faster than this.
pub const SLOW_MOTION: f64 = 1.0;
/// The longest wall gap one frame may account for (a hidden tab must not jump minutes).
const MAX_FRAME_MS: f64 = 100.0;
/// "Step" goes to the next event, but never further than this.
const STEP_LIMIT_MS: u64 = 30_000;
/// The engine stops at every whole simulated second: the VPA's recommendation is sampled
/// and a checkpoint may be taken there.
const TICK_MS: u64 = 1_000;

/// A command the user (or the scenario) sent, and how it went.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub t_ms: u64,
    pub line: String,
    /// None: applied. Some: the engine's reason for refusing it (nothing changed).
    pub error: Option<String>,
    pub scripted: bool,
}

/// A command the user sent (accepted or refused), with its time: the journal's entries.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub t_ms: u64,
    pub cmd: Command,
}

/// The most user commands a run remembers; past it (hours of typing), the way back is off
/// until the run restarts. Keeps memory bounded.
const JOURNAL_LIMIT: usize = 10_000;
/// The lines shown as sent (the newest).
const SENT_KEPT: usize = 200;

/// What the timeline marks, besides the commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A machine, a node or the control plane failed (or a fault was injected).
    Failure,
    /// It came back.
    Recovery,
    /// An autoscaler changed the number of pods or nodes.
    Scale,
    /// The VPA evicted a pod to give it new requests.
    Vpa,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    pub t_ms: u64,
    pub kind: MarkKind,
    /// The event's id (the log can show it).
    pub event: u64,
}

/// Marks kept (the oldest go first).
const MARKS_KEPT: usize = 1_000;

/// The VPA's recommendation for the first container of the first VPA, and what that
/// container's pods request, at one moment (CPU in millicores, memory in bytes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VpaPoint {
    pub t_ms: u64,
    pub lower_cpu: u64,
    pub target_cpu: u64,
    pub upper_cpu: u64,
    pub uncapped_cpu: u64,
    pub request_cpu: u64,
    pub lower_mem: u64,
    pub target_mem: u64,
    pub upper_mem: u64,
    pub request_mem: u64,
    /// Recommender confidence: min(days of history, samples / 1440).
    pub confidence: f64,
}

/// VPA points kept (one per change of the recommendation).
const VPA_POINTS: usize = 720;

/// Everything a run's state is, besides the journal: what a checkpoint keeps.
#[derive(Clone)]
struct Run {
    sim: Sim,
    next_script: usize,
    /// Journal entries applied.
    applied: usize,
    sent: Ring<Sent>,
    vpa: Ring<VpaPoint>,
}

struct Checkpoint {
    t_ms: u64,
    /// The store's revision (the engine's work so far, roughly).
    revision: u64,
    run: Run,
}

/// Checkpoints kept at most; the newest [`RECENT`] are never thinned.
const MAX_CHECKPOINTS: usize = 40;
const RECENT: usize = 8;
/// What a gap between checkpoints may cost to replay, in store revisions plus
/// [`WORK_PER_SECOND`] per simulated second (a quiet second still runs timers).
const WORK_PER_CHECKPOINT: u64 = 2_000;
const WORK_PER_SECOND: u64 = 10;

pub struct Driver {
    pub setup: Setup,
    run: Run,
    script: Rc<[Timed]>,
    /// The user's commands in this branch, or None once more than [`JOURNAL_LIMIT`].
    journal: Option<Vec<Entry>>,
    checkpoints: Vec<Checkpoint>,
    /// The furthest time this branch reached (the timeline's end).
    horizon_ms: u64,
    marks: Vec<Mark>,
    /// Events up to this id were read for marks.
    event_cursor: u64,
    /// Stepping back stops at multiples of this (and before each user command).
    every_ms: u64,
    pub playing: bool,
    speed: f64,
    carry: f64,
    pub path: Option<Path>,
    /// Bumped on every change the view must redraw for.
    pub version: u64,
    /// Bumped on every change the user made (a command, a step, a restart, a seek): the view
    /// redraws for these at once rather than at its throttled pace.
    pub user: u64,
}

/// Clamps a speed into range; anything not a finite positive number becomes 1x.
pub fn clamp_speed(s: f64) -> f64 {
    if s.is_finite() && s > 0.0 {
        s.clamp(MIN_SPEED, MAX_SPEED)
    } else {
        1.0
    }
}

/// The speeds the slider offers, evenly spaced on a log scale (three per decade).
pub const SPEEDS: [f64; 10] = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];

/// The slider position nearest to a speed.
pub fn speed_index(s: f64) -> usize {
    let l = s.log10();
    (0..SPEEDS.len())
        .min_by(|&a, &b| {
            let da = (SPEEDS[a].log10() - l).abs();
            let db = (SPEEDS[b].log10() - l).abs();
            da.total_cmp(&db)
        })
        .unwrap_or(3)
}

/// The command as a learner would type it: kubectl's verbs with `kubectl` in front.
pub fn line_of(cmd: &Command) -> String {
    if cmd.is_kubectl() {
        format!("kubectl {cmd}")
    } else {
        cmd.to_string()
    }
}

/// The timeline mark an event makes, if any.
fn mark_of(kind: &EventKind) -> Option<MarkKind> {
    use EventKind::*;
    Some(match kind {
        PoweredOff
        | NetworkCut
        | ControlPlaneNodeDown
        | EtcdQuorumLost { .. }
        | OomKilled { .. }
        | FaultSet { .. }
        | NodeHasInsufficientMemory { .. } => MarkKind::Failure,
        NodeReadyChanged { to, .. } if *to != ConditionStatus::True => MarkKind::Failure,
        PoweredOn
        | NetworkRestored
        | ControlPlaneNodeUp
        | EtcdQuorumRestored { .. }
        | FaultCleared { .. } => MarkKind::Recovery,
        NodeReadyChanged { .. } => MarkKind::Recovery,
        HpaRescale { .. } | TriggeredScaleUp { .. } | ScaleDown { .. } => MarkKind::Scale,
        VpaEvicted { .. } => MarkKind::Vpa,
        _ => return None,
    })
}

/// The VPA's state now, for its chart: the first VPA's first container.
fn vpa_point(sim: &Sim) -> Option<VpaPoint> {
    let view = sim.vpa_views().into_iter().next()?;
    let v = view.vpa;
    let rec = v.status.recommendation.as_ref()?;
    let c = rec.container_recommendations.first()?;
    let cpu = |l: &sim::objects::ResourceList| l.cpu.map_or(0, |q| q.0);
    let mem = |l: &sim::objects::ResourceList| l.memory.map_or(0, |q| q.0);
    // What the target's pods of that container ask for now (their mean).
    let (mut n, mut req_cpu, mut req_mem) = (0u64, 0u64, 0u64);
    let target = &v.spec.target_ref.name;
    for p in sim.store().list::<Pod>() {
        if p.metadata.namespace != v.metadata.namespace
            || p.metadata.labels.get("app") != Some(target)
        {
            continue;
        }
        if let Some(k) = p
            .spec
            .containers
            .iter()
            .find(|k| k.name == c.container_name)
        {
            n += 1;
            req_cpu += cpu(&k.resources.requests);
            req_mem += mem(&k.resources.requests);
        }
    }
    let confidence = view
        .history
        .iter()
        .find(|h| h.container == c.container_name)
        .map_or(0.0, |h| h.confidence);
    Some(VpaPoint {
        t_ms: sim.now_ms(),
        lower_cpu: cpu(&c.lower_bound),
        target_cpu: cpu(&c.target),
        upper_cpu: cpu(&c.upper_bound),
        uncapped_cpu: cpu(&c.uncapped_target),
        request_cpu: req_cpu.checked_div(n).unwrap_or(0),
        lower_mem: mem(&c.lower_bound),
        target_mem: mem(&c.target),
        upper_mem: mem(&c.upper_bound),
        request_mem: req_mem.checked_div(n).unwrap_or(0),
        confidence,
    })
}

impl Driver {
    pub fn new(setup: Setup) -> Driver {
        let (sim, script) = scenarios::build(&setup);
        let big = sim.store().count::<sim::objects::Pod>() > 500
            || setup.scenario == scenarios::ScenarioId::Scale100;
        let event_cursor = sim.next_event_id().saturating_sub(1);
        let run = Run {
            sim,
            next_script: 0,
            applied: 0,
            sent: Ring::new(SENT_KEPT),
            vpa: Ring::new(VPA_POINTS),
        };
        let mut d = Driver {
            setup,
            run,
            script: script.into(),
            journal: Some(Vec::new()),
            checkpoints: Vec::new(),
            horizon_ms: 0,
            marks: Vec::new(),
            event_cursor,
            every_ms: if big { 30_000 } else { 5_000 },
            playing: true,
            speed: 1.0,
            carry: 0.0,
            path: None,
            version: 0,
            user: 0,
        };
        d.checkpoint();
        d
    }

    pub fn sim(&self) -> &Sim {
        &self.run.sim
    }

    pub fn now_ms(&self) -> u64 {
        self.run.sim.now_ms()
    }

    /// The lines sent so far (the newest [`SENT_KEPT`]), user's and scenario's.
    pub fn sent(&self) -> &Ring<Sent> {
        &self.run.sent
    }

    /// The user's commands in this branch with their times: what the user did. None once
    /// the journal outgrew its bound.
    pub fn journal(&self) -> Option<&[Entry]> {
        self.journal.as_deref()
    }

    /// The scenario's timed commands.
    pub fn script(&self) -> &[Timed] {
        &self.script
    }

    /// The furthest time this branch of the run reached: where the timeline ends.
    pub fn horizon_ms(&self) -> u64 {
        self.horizon_ms.max(self.now_ms())
    }

    /// Notable events of this branch, oldest first (also those after now when the user went
    /// back: the recording's future).
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The VPA's recommendation over time (one point per change).
    pub fn vpa_series(&self) -> &Ring<VpaPoint> {
        &self.run.vpa
    }

    /// How many checkpoints the way back holds now.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn set_speed(&mut self, s: f64) {
        self.speed = clamp_speed(s);
        self.version += 1;
    }

    /// The speed the run actually goes at: slowed while a request path plays.
    pub fn effective_speed(&self) -> f64 {
        if self.slow_motion() {
            self.speed.min(SLOW_MOTION)
        } else {
            self.speed
        }
    }

    pub fn slow_motion(&self) -> bool {
        self.path.as_ref().is_some_and(|p| !p.done()) && self.speed > SLOW_MOTION
    }

    /// The scenario's next timed command, if any.
    pub fn next_scripted(&self) -> Option<&Timed> {
        self.script.get(self.run.next_script)
    }

    fn journal_len(&self) -> usize {
        self.journal.as_ref().map_or(0, Vec::len)
    }

    /// The next journal entry to apply, if it is among the first `keep`.
    fn entry(&self, keep: usize) -> Option<&Entry> {
        let i = self.run.applied;
        (i < keep).then(|| self.journal.as_ref()?.get(i)).flatten()
    }

    /// Runs the engine to `t`, with the scenario's commands and the first `keep` journal
    /// entries at their times, stopping at every whole second on the way (VPA samples,
    /// checkpoints). At one instant the scenario's commands go before the user's, as they did
    /// when the user sent them (the scenario's run as soon as the engine reaches their time).
    fn run_to(&mut self, t: u64, keep: usize) {
        loop {
            let now = self.run.sim.now_ms();
            let script_at = self.script.get(self.run.next_script).map(|s| s.at_ms);
            let entry_at = self.entry(keep).map(|e| e.t_ms);
            let second = (now / TICK_MS + 1) * TICK_MS;
            let stop = [Some(t), script_at, entry_at, Some(second)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(t)
                .max(now);
            if stop > now {
                self.run.sim.advance_to(stop);
            }
            let now = self.run.sim.now_ms();
            while let Some(s) = self.script.get(self.run.next_script)
                && s.at_ms <= now
            {
                let cmd = s.cmd.clone();
                self.run.next_script += 1;
                let _ = self.apply(cmd, true);
            }
            // Before the user's commands of this instant: when the user sent them, the run
            // had stopped here already.
            if now.is_multiple_of(TICK_MS) {
                self.on_second();
            }
            while let Some(e) = self.entry(keep)
                && e.t_ms <= now
            {
                let cmd = e.cmd.clone();
                self.run.applied += 1;
                let _ = self.apply(cmd, false);
            }
            let script_due = self
                .script
                .get(self.run.next_script)
                .is_some_and(|s| s.at_ms <= t);
            let entry_due = self.entry(keep).is_some_and(|e| e.t_ms <= t);
            if now >= t && !script_due && !entry_due {
                break;
            }
        }
        self.read_marks();
        self.horizon_ms = self.horizon_ms.max(self.now_ms());
    }

    /// At a whole second: the VPA's sample, perhaps a checkpoint.
    fn on_second(&mut self) {
        if let Some(p) = vpa_point(&self.run.sim) {
            let same = self
                .run
                .vpa
                .last()
                .is_some_and(|q| VpaPoint { t_ms: p.t_ms, ..*q } == p);
            if !same {
                self.run.vpa.push(p);
            }
        }
        if self.journal.is_none() {
            return;
        }
        let Some(last) = self.checkpoints.last() else {
            return self.checkpoint();
        };
        let now = self.now_ms();
        if now <= last.t_ms {
            return;
        }
        let work = self
            .run
            .sim
            .store()
            .revision()
            .saturating_sub(last.revision)
            + (now - last.t_ms) / 1000 * WORK_PER_SECOND;
        if work >= WORK_PER_CHECKPOINT {
            self.checkpoint();
        }
    }

    /// Keeps a copy of the run now, and thins the older copies to the bound.
    fn checkpoint(&mut self) {
        let t_ms = self.now_ms();
        // A checkpoint at this time with the same commands applied is the same state.
        if self
            .checkpoints
            .iter()
            .any(|c| c.t_ms == t_ms && c.run.applied == self.run.applied)
        {
            return;
        }
        let at = self
            .checkpoints
            .partition_point(|c| (c.t_ms, c.run.applied) < (t_ms, self.run.applied));
        self.checkpoints.insert(
            at,
            Checkpoint {
                t_ms,
                revision: self.run.sim.store().revision(),
                run: self.run.clone(),
            },
        );
        while self.checkpoints.len() > MAX_CHECKPOINTS {
            // Drop the older checkpoint (never the first, nor the recent ones) whose removal
            // leaves the cheapest gap to replay.
            let cost = |a: &Checkpoint, b: &Checkpoint| {
                b.revision.saturating_sub(a.revision)
                    + b.t_ms.saturating_sub(a.t_ms) / 1000 * WORK_PER_SECOND
            };
            let last = self.checkpoints.len() - RECENT;
            let drop = (1..last)
                .min_by_key(|&i| cost(&self.checkpoints[i - 1], &self.checkpoints[i + 1]))
                .unwrap_or(1);
            self.checkpoints.remove(drop);
        }
    }

    /// Reads new events for the timeline's marks (only past what this branch already
    /// marked: replaying a stretch gives the same events again).
    fn read_marks(&mut self) {
        if self.run.sim.next_event_id() <= self.event_cursor + 1 {
            return;
        }
        let until = self.marks.last().map_or(0, |m| m.t_ms);
        let (events, _) = self.run.sim.events_since(self.event_cursor);
        if let Some(last) = events.last() {
            self.event_cursor = last.id;
        }
        for e in events {
            if (e.time_ms > until || self.marks.is_empty())
                && let Some(kind) = mark_of(&e.kind)
                && !self.marks.iter().rev().take(4).any(|m| m.event == e.id)
            {
                self.marks.push(Mark {
                    t_ms: e.time_ms,
                    kind,
                    event: e.id,
                });
            }
        }
        if self.marks.len() > MARKS_KEPT {
            let extra = self.marks.len() - MARKS_KEPT;
            self.marks.drain(..extra);
        }
    }

    /// Lets the run go on to `t` at once, as playing there would (scripted commands and the
    /// journal's run on the way), and keeps the current play state: what a lesson does to
    /// reach a step.
    pub fn play_on(&mut self, t: u64) {
        let keep = self.journal_len();
        self.run_to(t, keep);
        self.carry = 0.0;
        self.read_path();
        self.version += 1;
        self.user += 1;
    }

    /// One animation frame: `wall_ms` of wall time passed.
    pub fn tick(&mut self, wall_ms: f64) {
        let wall = if wall_ms.is_finite() {
            wall_ms.clamp(0.0, MAX_FRAME_MS)
        } else {
            0.0
        };
        let before = (self.now_ms(), self.path.as_ref().map(|p| p.shown));
        if let Some(p) = &mut self.path {
            p.play(wall);
        }
        if self.playing {
            self.carry += wall * self.effective_speed();
            let mut ms = self.carry.floor() as u64;
            self.carry -= ms as f64;
            let now = self.now_ms();
            if let Some(hold) = self.path.as_ref().and_then(|p| p.hold())
                && now + ms > hold
            {
                ms = hold.saturating_sub(now);
                self.carry = 0.0;
            }
            if ms > 0 {
                let keep = self.journal_len();
                self.run_to(now + ms, keep);
            }
        }
        self.read_path();
        if before != (self.now_ms(), self.path.as_ref().map(|p| p.shown)) {
            self.version += 1;
        }
    }

    fn read_path(&mut self) {
        if let Some(p) = &mut self.path {
            p.read(&self.run.sim);
        }
    }

    pub fn toggle(&mut self) {
        self.playing = !self.playing;
        self.carry = 0.0;
        self.version += 1;
        self.user += 1;
    }

    /// Pauses and goes to the next instant at which something happens (at most
    /// [`STEP_LIMIT_MS`] ahead). A request path in progress jumps to its next hop instead.
    pub fn step(&mut self) {
        self.playing = false;
        self.user += 1;
        if let Some(p) = &mut self.path
            && p.shown < p.hops.len()
        {
            p.shown += 1;
            p.dwell = 0.0;
            self.version += 1;
            return;
        }
        let start = self.now_ms();
        let first = self.run.sim.next_event_id();
        let limit = start + STEP_LIMIT_MS;
        let keep = self.journal_len();
        while self.run.sim.next_event_id() == first {
            let next = self
                .run
                .sim
                .next_event_time()
                .unwrap_or(limit)
                .min(limit)
                .max(self.now_ms() + 1);
            self.run_to(next, keep);
            if self.now_ms() >= limit {
                break;
            }
        }
        self.read_path();
        self.version += 1;
    }

    /// Whether [`Driver::step_back`] can go anywhere.
    pub fn can_step_back(&self) -> bool {
        self.back_point().is_some()
    }

    /// The point stepping back goes to: the time, and how many of the user's commands have
    /// been applied by then. It is the later of the last multiple of `every_ms` before now
    /// and the instant just before the user's last command so far.
    fn back_point(&self) -> Option<(u64, usize)> {
        let journal = self.journal.as_ref()?;
        let now = self.now_ms();
        let applied = self.run.applied;
        let by_time = (now > 0).then(|| {
            let t = (now - 1) / self.every_ms * self.every_ms;
            (
                t,
                journal[..applied].iter().take_while(|e| e.t_ms < t).count(),
            )
        });
        let by_command = applied
            .checked_sub(1)
            .map(|i| (journal[i].t_ms, applied - 1));
        by_time.max(by_command)
    }

    /// Goes back to the point of [`Driver::back_point`]. Returns false when there is nowhere
    /// to go.
    pub fn step_back(&mut self) -> bool {
        let Some((t, keep)) = self.back_point() else {
            return false;
        };
        self.go_to(t, keep);
        true
    }

    /// Goes to any moment of this branch up to its end (the timeline): the state at `t_ms`
    /// with the user's commands up to and including that instant. Pauses. Returns false when
    /// the way back is off (the journal outgrew its bound).
    pub fn seek(&mut self, t_ms: u64) -> bool {
        let Some(journal) = &self.journal else {
            return false;
        };
        let t = t_ms.min(self.horizon_ms());
        let keep = journal.iter().take_while(|e| e.t_ms <= t).count();
        self.go_to(t, keep);
        true
    }

    /// Restores the latest checkpoint at or before (`t`, `keep`) and replays from it.
    fn go_to(&mut self, t: u64, keep: usize) {
        self.horizon_ms = self.horizon_ms();
        let here = (self.now_ms(), self.run.applied);
        // Forward from where the run is when that is nearer than any checkpoint.
        let from = self
            .checkpoints
            .iter()
            .rposition(|c| c.t_ms <= t && c.run.applied <= keep);
        let near = here <= (t, keep)
            && from.is_none_or(|i| {
                (self.checkpoints[i].t_ms, self.checkpoints[i].run.applied) <= here
            });
        if !near && let Some(i) = from {
            self.run = self.checkpoints[i].run.clone();
            self.event_cursor = self.run.sim.next_event_id().saturating_sub(1);
        }
        self.run_to(t, keep);
        self.playing = false;
        self.carry = 0.0;
        self.path = None;
        self.version += 1;
        self.user += 1;
    }

    /// Applies a command and records its line (and, for an API write, starts its path).
    fn apply(&mut self, cmd: Command, scripted: bool) -> Result<(), String> {
        let line = line_of(&cmd);
        let rev = self.run.sim.store().revision();
        let first = self.run.sim.next_event_id();
        let result = if matches!(cmd, Command::Advance { .. }) {
            Err("advance: use play, step or the speed control".into())
        } else {
            self.run
                .sim
                .apply(&cmd)
                .map(|_| ())
                .map_err(|e| e.message())
        };
        // A command that goes through the API server has a request path to show.
        if result.is_ok() && cmd.writes_api() {
            self.path = Some(Path::start(&self.run.sim, &line, first, rev));
        }
        self.run.sent.push(Sent {
            t_ms: self.now_ms(),
            line,
            error: result.as_ref().err().cloned(),
            scripted,
        });
        self.version += 1;
        result
    }

    /// Sends a command as the user, shown as the line a learner would type ([`line_of`]).
    /// Refused commands change nothing and are logged with the engine's reason. Sent at an
    /// earlier moment than the run's end, it starts a new branch: the old future goes.
    ///
    /// The view builds commands as values, never by parsing text: the command parser (and
    /// its messages for every mistake a typist can make) stays out of the app's wasm.
    pub fn send(&mut self, cmd: Command) -> Result<(), String> {
        let now = self.now_ms();
        let applied = self.run.applied;
        if let Some(journal) = &mut self.journal {
            journal.truncate(applied);
            self.checkpoints
                .retain(|c| c.t_ms <= now && c.run.applied <= applied);
            self.marks.retain(|m| m.t_ms <= now);
            self.horizon_ms = now;
            if journal.len() < JOURNAL_LIMIT {
                journal.push(Entry {
                    t_ms: now,
                    cmd: cmd.clone(),
                });
                self.run.applied += 1;
            } else {
                self.journal = None;
                self.checkpoints.clear();
            }
        }
        self.user += 1;
        self.apply(cmd, false)
    }

    /// Starts the run again from t=0 with another setup.
    pub fn restart(&mut self, setup: Setup) {
        let speed = self.speed;
        let (version, user) = (self.version, self.user);
        *self = Driver::new(setup);
        self.speed = speed;
        self.version = version + 1;
        self.user = user + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::ScenarioId;
    use super::*;

    /// A command as a learner would type it (the view itself builds them as values).
    fn cmd(line: &str) -> Command {
        sim::parse_command(line).unwrap()
    }

    fn run_for(d: &mut Driver, wall_ms: f64) {
        let mut left = wall_ms;
        while left > 0.0 {
            d.tick(16.0_f64.min(left));
            left -= 16.0;
        }
    }

    /// Runs to `t` as playing would.
    fn play_to(d: &mut Driver, t: u64) {
        let keep = d.journal_len();
        d.run_to(t, keep);
    }

    #[test]
    fn the_same_setup_gives_the_same_run() {
        let events = |seed| {
            let mut d = Driver::new(Setup {
                seed,
                ..Setup::new(ScenarioId::NodeFailure)
            });
            d.set_speed(20.0);
            run_for(&mut d, 3_000.0);
            d.sim()
                .events()
                .iter()
                .map(|e| e.describe())
                .collect::<Vec<_>>()
        };
        let a = events(7);
        assert!(a.len() > 20);
        assert_eq!(a, events(7));
        assert_ne!(a, events(8), "another seed names pods differently");
    }

    #[test]
    fn speed_is_clamped_and_frames_are_bounded() {
        let mut d = Driver::new(Setup::new(ScenarioId::Basic));
        for (s, want) in [
            (0.0, 1.0),
            (1e9, 100.0),
            (f64::NAN, 1.0),
            (0.01, 0.1),
            (3.0, 3.0),
        ] {
            d.set_speed(s);
            assert_eq!(d.speed(), want);
        }
        d.set_speed(2.0);
        d.tick(16.0);
        d.tick(16.0);
        assert_eq!(d.now_ms(), 64);
        d.tick(10_000.0);
        assert_eq!(
            d.now_ms(),
            264,
            "one frame accounts for at most 100 ms of wall time"
        );
        assert_eq!(speed_index(1.0), 3);
        assert_eq!(speed_index(100.0), 9);
        assert_eq!(speed_index(30.0), 7);
    }

    #[test]
    fn scripted_commands_run_at_their_time_and_step_back_undoes_them() {
        let mut d = Driver::new(Setup::new(ScenarioId::NodeFailure));
        d.set_speed(100.0);
        run_for(&mut d, 300.0);
        assert!(d.now_ms() >= 25_000);
        assert_eq!(d.sent().len(), 1);
        let first = d.sent().last().unwrap().clone();
        assert_eq!(first.t_ms, 20_000);
        assert!(first.scripted && first.error.is_none());
        assert!(!d.sim().is_powered("node-2"));
        // Back before the power-off: the node is on again and the command will run again.
        while d.now_ms() >= 20_000 {
            assert!(d.step_back());
        }
        assert!(d.sim().is_powered("node-2"));
        assert!(d.sent().is_empty());
        assert!(!d.playing, "stepping back pauses");
        d.toggle();
        run_for(&mut d, 300.0);
        assert!(!d.sim().is_powered("node-2"));
        assert_eq!(d.sent().len(), 1);
    }

    #[test]
    fn step_goes_to_the_next_event() {
        let mut d = Driver::new(Setup::new(ScenarioId::Basic));
        let first = d.sim().next_event_id();
        d.step();
        assert!(!d.playing);
        assert!(d.sim().next_event_id() > first);
        assert!(d.now_ms() > 0 && d.now_ms() <= STEP_LIMIT_MS);
    }

    #[test]
    fn refused_commands_change_nothing_and_say_why() {
        let mut d = Driver::new(Setup::new(ScenarioId::Basic));
        let before = d.sim().store().revision();
        let r = d.send(cmd("kubectl cordon node-9"));
        assert!(r.is_err());
        let last = d.sent().last().unwrap();
        assert!(last.error.as_deref().unwrap().contains("node-9"));
        assert_eq!(last.line, "kubectl cordon node-9");
        // kubectl autoscale refuses a second HPA, and is checked.
        assert!(d.send(scenarios::autoscale(50)).is_err());
        assert!(
            d.send(cmd(
                "kubectl autoscale deployment web --max 5 --cpu-percent 0"
            ))
            .is_err()
        );
        assert_eq!(d.sim().store().revision(), before);
        // Refused commands are in the journal too: replaying them gives the same lines.
        assert_eq!(d.journal().unwrap().len(), 3);
    }

    #[test]
    fn a_command_plays_its_path_in_slow_motion() {
        let mut d = Driver::new(Setup {
            hpa: None,
            ..Setup::new(ScenarioId::Basic)
        });
        d.set_speed(50.0);
        run_for(&mut d, 500.0);
        let t0 = d.now_ms();
        d.send(cmd("kubectl scale deployment web --replicas 4"))
            .unwrap();
        assert!(d.slow_motion());
        assert_eq!(d.effective_speed(), SLOW_MOTION);
        // The engine holds at the command's instant while its first hops play.
        run_for(&mut d, 2_000.0);
        assert_eq!(d.now_ms(), t0);
        run_for(&mut d, 40_000.0);
        let p = d.path.as_ref().unwrap();
        assert!(p.done(), "{:?}", p.hops.last());
        assert!(!d.slow_motion());
        // Autoscale creates an HPA and plays a path too.
        d.send(scenarios::autoscale(50)).unwrap();
        assert_eq!(d.sim().hpas().count(), 1);
    }

    /// What a user sees of a state: the time, the store's revision, every event and
    /// every command line with its outcome.
    fn seen(d: &Driver) -> (u64, u64, Vec<String>, Vec<Sent>) {
        (
            d.now_ms(),
            d.sim().store().revision(),
            d.sim().events().iter().map(|e| e.describe()).collect(),
            d.sent().iter().cloned().collect(),
        )
    }

    #[test]
    fn stepping_back_gives_back_exactly_the_states_the_run_went_through() {
        let mut d = Driver::new(Setup::new(ScenarioId::NodeFailure));
        let mut marks = vec![seen(&d)];
        play_to(&mut d, 3_000);
        marks.push(seen(&d)); // just before the first command
        d.send(cmd("kubectl scale deployment web --replicas 5"))
            .unwrap();
        play_to(&mut d, 5_000);
        marks.push(seen(&d));
        play_to(&mut d, 7_000);
        marks.push(seen(&d)); // just before a refused command
        assert!(d.send(cmd("kubectl cordon node-9")).is_err());
        for t in [10_000, 15_000, 20_000, 25_000] {
            play_to(&mut d, t);
            marks.push(seen(&d));
        }
        // Time goes on in animation frames, as in the browser (the scale's request path has
        // long finished playing in this time).
        d.path = None;
        d.set_speed(5.0);
        run_for(&mut d, 1_000.0);
        assert!(d.now_ms() > 25_000 && !d.sim().is_powered("node-2"));
        while let Some(want) = marks.pop() {
            assert!(d.step_back());
            assert_eq!(seen(&d), want);
        }
        assert!(!d.step_back() && !d.can_step_back(), "nothing before t=0");
    }

    #[test]
    fn going_back_keeps_the_users_commands_for_playing_on_and_a_new_command_starts_a_branch() {
        let mut d = Driver::new(Setup {
            hpa: None,
            ..Setup::new(ScenarioId::Basic)
        });
        play_to(&mut d, 4_000);
        d.send(cmd("kubectl scale deployment web --replicas 5"))
            .unwrap();
        play_to(&mut d, 30_000);
        let end = seen(&d);
        assert_eq!(d.horizon_ms(), 30_000);
        // Back to 2 s: before the command; the timeline still reaches 30 s.
        assert!(d.seek(2_000));
        assert_eq!(d.now_ms(), 2_000);
        assert_eq!(d.sim().deployments().next().unwrap().spec.replicas, 3);
        assert_eq!(d.horizon_ms(), 30_000);
        assert_eq!(
            d.journal().unwrap().len(),
            1,
            "the command is still recorded"
        );
        // Forward again: the recorded command runs at its time, the end is the same.
        assert!(d.seek(30_000));
        assert_eq!(seen(&d), end);
        // Back to 10 s, then a new command: the old future goes.
        assert!(d.seek(10_000));
        d.send(cmd("kubectl scale deployment web --replicas 2"))
            .unwrap();
        assert_eq!(d.horizon_ms(), 10_000);
        let j = d.journal().unwrap();
        assert_eq!(j.len(), 2);
        assert_eq!((j[0].t_ms, j[1].t_ms), (4_000, 10_000));
    }

    #[test]
    fn seeking_gives_the_same_state_as_playing_there() {
        let mut d = Driver::new(Setup::new(ScenarioId::LoadSpike));
        d.set_speed(20.0);
        run_for(&mut d, 2_000.0);
        d.send(cmd("kubectl cordon node-1")).unwrap();
        d.path = None;
        run_for(&mut d, 8_000.0);
        assert!(d.checkpoints() > 1, "checkpoints were taken on the way");
        for t in [0, 1_000, 17_500, 40_000, 61_234, d.horizon_ms()] {
            let mut fresh = Driver::new(Setup::new(ScenarioId::LoadSpike));
            let keep = d.journal().unwrap().iter().filter(|e| e.t_ms <= t).count();
            fresh.journal = Some(d.journal().unwrap()[..keep].to_vec());
            play_to(&mut fresh, t);
            assert!(d.seek(t));
            assert_eq!(seen(&d), seen(&fresh), "at {t} ms");
        }
    }

    #[test]
    fn a_run_does_not_depend_on_how_time_is_sliced() {
        let mut whole = Driver::new(Setup::new(ScenarioId::LoadSpike));
        play_to(&mut whole, 90_000);
        let mut sliced = Driver::new(Setup::new(ScenarioId::LoadSpike));
        let mut t = 0;
        while t < 90_000 {
            t = (t + 17 + t % 7).min(90_000);
            play_to(&mut sliced, t);
        }
        assert_eq!(seen(&whole), seen(&sliced));
    }

    #[test]
    fn checkpoints_marks_and_the_journal_are_bounded() {
        let mut d = Driver::new(Setup::new(ScenarioId::NodeFailure));
        play_to(&mut d, 3 * 3_600_000);
        assert!(d.checkpoints() <= MAX_CHECKPOINTS);
        assert!(d.marks().len() <= MARKS_KEPT);
        assert!(
            d.marks().iter().any(|m| m.kind == MarkKind::Failure),
            "node-2's power-off is marked"
        );
        // The recent past stays close to a checkpoint: stepping back is cheap.
        let last = d.checkpoints.last().unwrap().t_ms;
        assert!(d.now_ms() - last <= 200_000, "{last}");
        let mut d = Driver::new(Setup::new(ScenarioId::Basic));
        for _ in 0..JOURNAL_LIMIT {
            let _ = d.send(cmd("kubectl cordon node-9"));
        }
        assert!(d.can_step_back());
        let _ = d.send(cmd("kubectl cordon node-9"));
        assert!(d.journal().is_none() && !d.can_step_back() && !d.seek(0));
        assert!(d.sent().len() <= SENT_KEPT);
    }

    #[test]
    fn the_vpa_series_follows_the_recommendation() {
        let mut d = Driver::new(Setup {
            profile: sim::Profile::Classroom,
            hpa: None,
            ..Setup::new(ScenarioId::Basic)
        });
        d.send(cmd("vpa deployment/web --mode Recreate")).unwrap();
        play_to(&mut d, 120_000);
        let s = d.vpa_series();
        assert!(s.len() >= 2, "{}", s.len());
        let last = s.last().unwrap();
        assert!(last.target_cpu > 0 && last.lower_cpu <= last.target_cpu);
        assert!(last.upper_cpu >= last.target_cpu);
        assert!(last.confidence > 0.0);
        // Confidence grows with the history behind it.
        assert!(s.iter().next().unwrap().confidence < last.confidence);
    }
}
