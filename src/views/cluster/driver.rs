//! The driver: owns the engine, the scenario's timed commands, what the user sent, the
//! play/pause/step/speed state, stepping back, and the request path that slows the run down
//! while it plays. Pure (no browser): the view calls [`Driver::tick`] once per animation
//! frame with the wall time that passed, and tests drive it natively.
//!
//! Stepping back replays: the engine is deterministic, so the setup and the user's commands
//! with their times (the journal) give back any earlier state exactly. That costs time (the
//! engine runs again from t=0) instead of memory and code (copies of the engine), and keeps
//! the whole run reachable.

use super::path::Path;
use super::scenarios::{self, Setup, Timed};
use sim::{Command, Sim};

/// The slowest and fastest speed (simulated seconds per wall second).
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 100.0;
/// While a request path plays, the run goes no faster than this.
pub const SLOW_MOTION: f64 = 1.0;
/// The longest wall gap one frame may account for (a hidden tab must not jump minutes).
const MAX_FRAME_MS: f64 = 100.0;
/// "Step" goes to the next event, but never further than this.
const STEP_LIMIT_MS: u64 = 30_000;

/// A command the user (or the scenario) sent, and how it went.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub t_ms: u64,
    pub line: String,
    /// None: applied. Some: the engine's reason for refusing it (nothing changed).
    pub error: Option<String>,
    pub scripted: bool,
}

/// A command the user sent (accepted or refused), for replaying the run.
struct Entry {
    t_ms: u64,
    cmd: Command,
}

/// The most user commands a run remembers for stepping back; past it (hours of typing),
/// stepping back is off until the run restarts. Keeps memory bounded.
const JOURNAL_LIMIT: usize = 10_000;

pub struct Driver {
    pub setup: Setup,
    sim: Sim,
    script: Vec<Timed>,
    next_script: usize,
    pub sent: Vec<Sent>,
    /// The user's commands since t=0, or None once more than [`JOURNAL_LIMIT`].
    journal: Option<Vec<Entry>>,
    /// Stepping back stops at multiples of this (and before each user command).
    every_ms: u64,
    pub playing: bool,
    speed: f64,
    carry: f64,
    pub path: Option<Path>,
    /// Bumped on every change the view must redraw for.
    pub version: u64,
    /// Bumped on every change the user made (a command, a step, a restart): the view
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

impl Driver {
    pub fn new(setup: Setup) -> Driver {
        let (sim, script) = scenarios::build(&setup);
        let big = sim.store().count::<sim::objects::Pod>() > 500
            || setup.scenario == scenarios::ScenarioId::Scale100;
        Driver {
            setup,
            sim,
            script,
            next_script: 0,
            sent: Vec::new(),
            journal: Some(Vec::new()),
            every_ms: if big { 30_000 } else { 5_000 },
            playing: true,
            speed: 1.0,
            carry: 0.0,
            path: None,
            version: 0,
            user: 0,
        }
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    pub fn now_ms(&self) -> u64 {
        self.sim.now_ms()
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
        self.script.get(self.next_script)
    }

    /// Advances the engine to `t`, running the scenario's timed commands on the way.
    fn advance_to(&mut self, t: u64) {
        loop {
            let now = self.sim.now_ms();
            let next_script = self.script.get(self.next_script).map(|s| s.at_ms);
            let stop = next_script.map_or(t, |at| at.min(t));
            if stop > now {
                self.sim.advance_to(stop);
            }
            if next_script.is_some_and(|at| at <= self.sim.now_ms()) {
                let cmd = self.script[self.next_script].cmd.clone();
                self.next_script += 1;
                let _ = self.send(cmd, true);
            }
            if self.sim.now_ms() >= t && next_script.is_none_or(|at| at > t) {
                break;
            }
        }
    }

    /// Lets the run go on to `t` at once, as playing there would (scripted commands run on
    /// the way), and keeps the current play state: what a lesson does to reach a step.
    pub fn seek(&mut self, t: u64) {
        self.advance_to(t);
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
        let before = (self.sim.now_ms(), self.path.as_ref().map(|p| p.shown));
        if let Some(p) = &mut self.path {
            p.play(wall);
        }
        if self.playing {
            self.carry += wall * self.effective_speed();
            let mut ms = self.carry.floor() as u64;
            self.carry -= ms as f64;
            let now = self.sim.now_ms();
            if let Some(hold) = self.path.as_ref().and_then(|p| p.hold())
                && now + ms > hold
            {
                ms = hold.saturating_sub(now);
                self.carry = 0.0;
            }
            if ms > 0 {
                self.advance_to(now + ms);
            }
        }
        self.read_path();
        if before != (self.sim.now_ms(), self.path.as_ref().map(|p| p.shown)) {
            self.version += 1;
        }
    }

    fn read_path(&mut self) {
        if let Some(p) = &mut self.path {
            p.read(&self.sim);
            if p.done() && p.dwell == 0.0 && p.shown >= p.hops.len() {
                // Keep the finished path on screen until the next one starts.
            }
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
        let start = self.sim.now_ms();
        let first = self.sim.next_event_id();
        let limit = start + STEP_LIMIT_MS;
        while self.sim.next_event_id() == first {
            let next = self
                .sim
                .next_event_time()
                .unwrap_or(limit)
                .min(limit)
                .max(self.sim.now_ms() + 1);
            self.advance_to(next);
            if self.sim.now_ms() >= limit {
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
    /// been sent by then. It is the later of the last multiple of `every_ms` before now and
    /// the instant just before the user's last command.
    fn back_point(&self) -> Option<(u64, usize)> {
        let journal = self.journal.as_ref()?;
        let now = self.sim.now_ms();
        let by_time = (now > 0).then(|| {
            let t = (now - 1) / self.every_ms * self.every_ms;
            (t, journal.iter().take_while(|e| e.t_ms < t).count())
        });
        let by_command = journal.last().map(|e| (e.t_ms, journal.len() - 1));
        by_time.max(by_command)
    }

    /// Goes back to the point of [`Driver::back_point`] by replaying the run from t=0 up to
    /// it. Returns false when there is nowhere to go.
    pub fn step_back(&mut self) -> bool {
        let Some((t, keep)) = self.back_point() else {
            return false;
        };
        let journal = self.journal.take().unwrap_or_default();
        let (sim, script) = scenarios::build(&self.setup);
        self.sim = sim;
        self.script = script;
        self.next_script = 0;
        self.sent.clear();
        self.journal = Some(Vec::new());
        for e in journal.into_iter().take(keep) {
            self.advance_to(e.t_ms);
            let _ = self.send(e.cmd, false);
        }
        self.advance_to(t);
        self.playing = false;
        self.carry = 0.0;
        self.path = None;
        self.version += 1;
        self.user += 1;
        true
    }

    /// Sends a command, shown as the line a learner would type ([`line_of`]). Refused
    /// commands change nothing and are logged with the engine's reason.
    ///
    /// The view builds commands as values, never by parsing text: the command parser (and
    /// its messages for every mistake a typist can make) stays out of the app's wasm.
    pub fn send(&mut self, cmd: Command, scripted: bool) -> Result<(), String> {
        let line = line_of(&cmd);
        let rev = self.sim.store().revision();
        let first = self.sim.next_event_id();
        let result = if matches!(cmd, Command::Advance { .. }) {
            Err("advance: use play, step or the speed control".into())
        } else {
            self.sim.apply(&cmd).map(|_| ()).map_err(|e| e.message())
        };
        // A command that goes through the API server has a request path to show.
        if result.is_ok() && cmd.writes_api() {
            self.path = Some(Path::start(&self.sim, &line, first, rev));
        }
        if !scripted && let Some(journal) = &mut self.journal {
            if journal.len() < JOURNAL_LIMIT {
                journal.push(Entry {
                    t_ms: self.sim.now_ms(),
                    cmd,
                });
            } else {
                self.journal = None;
            }
        }
        self.sent.push(Sent {
            t_ms: self.sim.now_ms(),
            line,
            error: result.as_ref().err().cloned(),
            scripted,
        });
        if self.sent.len() > 200 {
            self.sent.remove(0);
        }
        self.version += 1;
        self.user += 1;
        result
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
        assert_eq!(d.sent.len(), 1);
        assert_eq!(d.sent[0].t_ms, 20_000);
        assert!(d.sent[0].scripted && d.sent[0].error.is_none());
        assert!(!d.sim().is_powered("node-2"));
        // Back before the power-off: the node is on again and the command will run again.
        while d.now_ms() >= 20_000 {
            assert!(d.step_back());
        }
        assert!(d.sim().is_powered("node-2"));
        assert!(d.sent.is_empty());
        assert!(!d.playing, "stepping back pauses");
        d.toggle();
        run_for(&mut d, 300.0);
        assert!(!d.sim().is_powered("node-2"));
        assert_eq!(d.sent.len(), 1);
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
        assert!(d.send(cmd("kubectl cordon node-9"), false).is_err());
        assert!(d.send(cmd("advance 1h"), false).is_err());
        assert!(
            d.send(cmd("kubectl delete pod nothing-here"), false)
                .is_err()
        );
        assert_eq!(d.sim().store().revision(), before);
        assert_eq!(d.sent.len(), 3);
        assert!(d.sent[0].error.as_deref().unwrap().contains("node-9"));
        assert_eq!(d.sent[0].line, "kubectl cordon node-9");
        // kubectl autoscale refuses a second HPA, and is checked.
        assert!(d.send(scenarios::autoscale(50), false).is_err());
        assert!(
            d.send(
                cmd("kubectl autoscale deployment web --max 5 --cpu-percent 0"),
                false
            )
            .is_err()
        );
        assert_eq!(d.sim().store().revision(), before);
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
        d.send(cmd("kubectl scale deployment web --replicas 4"), false)
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
        d.send(scenarios::autoscale(50), false).unwrap();
        assert_eq!(d.sim().hpas().count(), 1);
    }

    /// What a user sees of a state: the time, the store's revision, every event and
    /// every command line with its outcome.
    fn seen(d: &Driver) -> (u64, u64, Vec<String>, Vec<Sent>) {
        (
            d.now_ms(),
            d.sim().store().revision(),
            d.sim().events().iter().map(|e| e.describe()).collect(),
            d.sent.clone(),
        )
    }

    #[test]
    fn stepping_back_gives_back_exactly_the_states_the_run_went_through() {
        let mut d = Driver::new(Setup::new(ScenarioId::NodeFailure));
        let mut marks = vec![seen(&d)];
        d.advance_to(3_000);
        marks.push(seen(&d)); // just before the first command
        d.send(cmd("kubectl scale deployment web --replicas 5"), false)
            .unwrap();
        d.advance_to(5_000);
        marks.push(seen(&d));
        d.advance_to(7_000);
        marks.push(seen(&d)); // just before a refused command
        assert!(d.send(cmd("kubectl cordon node-9"), false).is_err());
        for t in [10_000, 15_000, 20_000, 25_000] {
            d.advance_to(t);
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
    fn a_run_does_not_depend_on_how_time_is_sliced() {
        let mut whole = Driver::new(Setup::new(ScenarioId::LoadSpike));
        whole.advance_to(90_000);
        let mut sliced = Driver::new(Setup::new(ScenarioId::LoadSpike));
        let mut t = 0;
        while t < 90_000 {
            t = (t + 17 + t % 7).min(90_000);
            sliced.advance_to(t);
        }
        assert_eq!(seen(&whole), seen(&sliced));
    }

    #[test]
    fn the_journal_for_stepping_back_is_bounded() {
        let mut d = Driver::new(Setup::new(ScenarioId::Basic));
        for _ in 0..JOURNAL_LIMIT {
            let _ = d.send(cmd("kubectl cordon node-9"), false);
        }
        assert!(d.can_step_back());
        let _ = d.send(cmd("kubectl cordon node-9"), false);
        assert!(d.journal.is_none() && !d.can_step_back());
        assert!(d.sent.len() <= 200);
    }
}
