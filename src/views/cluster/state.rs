//! The Cluster view's state and its one reducer: the driver (and with it the engine) is part
//! of the state, and every action, whether it changes the run or only what the view shows, is
//! handled here, in [`Lab::reduce`]. Pure: no browser (the component in `mod.rs` feeds it
//! animation frames and events, and tests drive it natively).
//!
//! The reducer also sets the pace of drawing: the engine can change many times a second, but
//! the diagram and the clock follow at most ten times a second, the log and the panel four
//! times, the charts once; a user's action redraws at once. [`Out::redraw`] says whether the
//! view must render.

use super::charts::ChartData;
use super::driver::{self, Driver, SPEEDS};
use super::log;
use super::scenarios::{self, Setup};
use super::snapshot::{Part, Snap};
use crate::i18n::{Lang, cat::cluster as t};
use sim::Command;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Every action of the Cluster view.
#[derive(Clone, Debug, PartialEq)]
pub enum Do {
    // Playback.
    Toggle,
    Step,
    Back,
    Faster,
    Slower,
    Speed(usize),
    /// Go to this moment of the run (the timeline).
    Seek(u64),
    // The engine.
    /// Send a command as the user would.
    Send(Command),
    /// `kubectl scale` the scenario's Deployment to this many replicas.
    Scale(u32),
    /// Start again with this setup.
    Restart(Setup),
    /// The setup form was submitted: restart with the draft, if its seed reads.
    Apply,
    // What the view shows.
    Pick(Part),
    Close,
    Escape,
    Help(bool),
    /// Parts to highlight (a lesson points at them); empty: none.
    Highlight(Vec<Part>),
    /// A log entry to mark on the diagram.
    Mark(Option<u64>),
    /// A node of a big cluster drawn pod by pod (or folded again).
    Expand(Rc<str>),
    /// Which drawer is open.
    Drawer(Option<Drawer>),
    /// The defaults table unfolded.
    Defaults(bool),
    Filter(log::Filter),
    /// The stage's width and the page's type scale (see `mod.rs`).
    Width((f64, f64)),
    Lang(Lang),
    // The forms' fields, before they are applied.
    Draft(Setup),
    SeedText(String),
    Rps(u32),
    Pattern(&'static str),
    Replicas(Option<u32>),
    /// An animation frame at this time (ms, the page's clock).
    Frame(f64),
    /// Work a guide does on the driver in turn with the view's other actions (a lesson
    /// building a step's start state, letting time go on to a condition).
    Guide(Guide),
}

/// A guide's work on the driver, done once (see [`Do::Guide`]).
#[derive(Clone)]
pub struct Guide(Rc<std::cell::Cell<Option<GuideFn>>>);

type GuideFn = Box<dyn FnOnce(&mut Driver)>;

impl Guide {
    pub fn new(f: impl FnOnce(&mut Driver) + 'static) -> Guide {
        Guide(Rc::new(std::cell::Cell::new(Some(Box::new(f)))))
    }

    fn run(&self, d: &mut Driver) {
        if let Some(f) = self.0.take() {
            f(d);
        }
    }
}

impl std::fmt::Debug for Guide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Guide")
    }
}

impl PartialEq for Guide {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The drawers of the toolbar: the run's settings, the load and scaling. (The console and
/// the manifest editor will be drawers too.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawer {
    Setup,
    Load,
}

/// What an action asks of the component.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Out {
    pub redraw: bool,
    /// The run restarted with this setup: the address follows.
    pub address: Option<Setup>,
}

/// The diagram and clock redraw at most this often while the run plays (wall ms).
pub const FAST_MS: f64 = 100.0;
/// The log and the panel.
pub const SLOW_MS: f64 = 250.0;
/// The charts (and only when a new sample arrived).
pub const CHART_MS: f64 = 1_000.0;
/// Screen readers hear a summary at most this often.
pub const ANNOUNCE_MS: f64 = 5_000.0;
/// On a machine that cannot keep 60 frames a second, the paces above stretch up to this many
/// times (see [`Pace::adapt`]): the run and the animation stay smooth, the picture is
/// redrawn less often.
pub const MAX_STRETCH: f64 = 4.0;

/// When each part was last brought up to date.
#[derive(Clone, Debug, Default)]
struct Pace {
    last_ts: f64,
    fast_at: f64,
    slow_at: f64,
    chart_at: f64,
    chart_sec: Option<u64>,
    announce_at: f64,
    announce_cursor: u64,
    /// The driver's version and the path's position when the snapshot was taken.
    version: u64,
    hop: Option<usize>,
    /// The frame interval, smoothed (ms), and how much the paces are stretched now.
    interval: f64,
    stretch: f64,
    adapted_at: f64,
}

impl Pace {
    /// Stretches the paces while frames come late (more than 20 ms apart on average) and
    /// relaxes them once frames are on time again, checked once a second.
    fn adapt(&mut self, ts: f64, dt: f64) {
        if dt > 0.0 && dt < 1_000.0 {
            self.interval = if self.interval == 0.0 {
                dt
            } else {
                self.interval * 0.9 + dt * 0.1
            };
        }
        if ts - self.adapted_at < 1_000.0 {
            return;
        }
        self.adapted_at = ts;
        if self.interval > 20.0 {
            self.stretch = (self.stretch.max(1.0) * 2.0).min(MAX_STRETCH);
        } else if self.interval < 17.5 {
            self.stretch = (self.stretch / 2.0).max(1.0);
        }
    }
}

pub struct Lab {
    pub drv: Driver,
    pub lang: Lang,
    pub selected: Option<Part>,
    pub highlight: Rc<Vec<Part>>,
    pub marked: Option<u64>,
    pub help: bool,
    pub drawer: Option<Drawer>,
    pub defaults: bool,
    pub expanded: Rc<BTreeSet<Rc<str>>>,
    pub width: (f64, f64),
    pub filter: log::Filter,
    pub draft: Setup,
    pub seed_text: String,
    pub seed_bad: bool,
    pub rps: u32,
    pub pattern: &'static str,
    pub replicas: Option<u32>,
    /// What the diagram draws: taken at the diagram's pace.
    pub snap: Rc<Snap>,
    pub charts: Rc<ChartData>,
    /// Bumped at the log's pace: the log and the panel redraw from it.
    pub slow: u64,
    /// Bumped by every action but a frame: what the view shows may have changed.
    pub ui: u64,
    pub announce: String,
    /// A seek the next frame carries out (dragging the timeline asks many times a frame).
    seek: Option<u64>,
    pace: Pace,
}

impl Lab {
    pub fn new(setup: Setup, speed: Option<f64>, paused: bool, lang: Lang) -> Lab {
        let mut drv = Driver::new(setup);
        if let Some(s) = speed {
            drv.set_speed(s);
        }
        drv.playing = !paused;
        let snap = Rc::new(Snap::of(drv.sim(), None));
        Lab {
            drv,
            lang,
            selected: None,
            highlight: Rc::default(),
            marked: None,
            help: false,
            drawer: None,
            defaults: false,
            expanded: Rc::default(),
            width: (900.0, 1.0),
            filter: log::Filter::All,
            draft: setup,
            seed_text: setup.seed.to_string(),
            seed_bad: false,
            rps: scenarios::BASE_RPS as u32,
            pattern: "steady",
            replicas: None,
            snap,
            charts: Rc::default(),
            slow: 0,
            ui: 0,
            announce: String::new(),
            seek: None,
            pace: Pace::default(),
        }
    }

    /// Whether the view needs animation frames now (it plays, a request path animates, or a
    /// seek waits for the next frame).
    pub fn animating(&self) -> bool {
        self.drv.playing || self.seek.is_some() || self.drv.path.as_ref().is_some_and(|p| !p.done())
    }

    /// Frames stopped: the next one starts the wall clock afresh.
    pub fn frames_stopped(&mut self) {
        self.pace.last_ts = 0.0;
    }

    /// The one reducer.
    pub fn reduce(&mut self, a: Do) -> Out {
        let user = self.drv.user;
        let mut out = Out {
            redraw: true,
            address: None,
        };
        if let Do::Frame(ts) = a {
            return self.frame(ts);
        }
        self.ui += 1;
        match a {
            Do::Frame(_) => {}
            Do::Toggle => self.drv.toggle(),
            Do::Step => self.drv.step(),
            Do::Back => {
                self.drv.step_back();
            }
            Do::Faster | Do::Slower => {
                let i = driver::speed_index(self.drv.speed());
                let j = if a == Do::Faster {
                    (i + 1).min(SPEEDS.len() - 1)
                } else {
                    i.saturating_sub(1)
                };
                self.drv.set_speed(SPEEDS[j]);
            }
            Do::Speed(i) => self.drv.set_speed(SPEEDS[i.min(SPEEDS.len() - 1)]),
            Do::Seek(t) => {
                self.drv.playing = false;
                self.seek = Some(t);
            }
            Do::Send(cmd) => {
                let _ = self.drv.send(cmd);
            }
            Do::Scale(n) => {
                self.replicas = None;
                let _ = self.drv.send(Command::Scale {
                    deployment: scenarios::APP.into(),
                    replicas: n,
                });
            }
            Do::Apply => match self.seed_text.trim().parse::<u64>() {
                Ok(seed) => {
                    self.seed_bad = false;
                    return self.reduce(Do::Restart(Setup { seed, ..self.draft }));
                }
                Err(_) => self.seed_bad = true,
            },
            Do::Restart(setup) => {
                self.drv.restart(setup);
                self.drv.playing = true;
                self.selected = None;
                self.marked = None;
                self.draft = setup;
                self.seed_text = setup.seed.to_string();
                self.seed_bad = false;
                self.charts = Rc::default();
                self.pace = Pace::default();
                self.snap = Rc::new(Snap::of(self.drv.sim(), None));
                out.address = Some(setup);
            }
            Do::Pick(p) => self.selected = Some(p),
            Do::Close => self.selected = None,
            Do::Escape => {
                if self.help {
                    self.help = false
                } else if self.drawer.is_some() {
                    self.drawer = None
                } else {
                    self.selected = None
                }
            }
            Do::Help(on) => self.help = on,
            Do::Highlight(parts) => self.highlight = Rc::new(parts),
            Do::Mark(id) => self.marked = id,
            Do::Expand(n) => {
                let mut set = (*self.expanded).clone();
                if !set.remove(&n) {
                    set.insert(n);
                }
                self.expanded = Rc::new(set);
            }
            Do::Drawer(d) => self.drawer = d,
            Do::Defaults(open) => self.defaults = open,
            Do::Filter(f) => self.filter = f,
            Do::Width(w) => {
                out.redraw = self.width != w;
                self.width = w;
            }
            Do::Lang(l) => {
                out.redraw = self.lang != l;
                self.lang = l;
            }
            Do::Draft(d) => self.draft = d,
            Do::SeedText(s) => self.seed_text = s,
            Do::Rps(r) => self.rps = r,
            Do::Pattern(p) => self.pattern = p,
            Do::Replicas(r) => self.replicas = r,
            Do::Guide(g) => g.run(&mut self.drv),
        }
        // What the user changed shows at once.
        if self.drv.user != user {
            self.refresh();
        }
        out
    }

    /// Brings the snapshot, the log's key and the charts up to date now.
    fn refresh(&mut self) {
        self.snap = Rc::new(Snap::of(self.drv.sim(), Some(&self.snap)));
        let data = ChartData::of(self.drv.sim(), self.drv.vpa_series());
        if *self.charts != data {
            self.charts = Rc::new(data);
        }
        self.pace.version = self.drv.version;
        self.pace.hop = self.drv.path.as_ref().map(|p| p.shown);
        self.slow += 1;
    }

    /// One animation frame: the run advances by the wall time since the last one, and the
    /// parts of the view whose pace has come are brought up to date.
    fn frame(&mut self, ts: f64) -> Out {
        let prev = std::mem::replace(&mut self.pace.last_ts, ts);
        let dt = if prev > 0.0 { ts - prev } else { 0.0 };
        self.pace.adapt(ts, dt);
        let k = self.pace.stretch.max(1.0);
        let mut redraw = false;
        if let Some(t) = self.seek.take() {
            self.drv.seek(t);
            self.refresh();
            redraw = true;
        }
        self.drv.tick(dt);
        let changed = self.drv.version != self.pace.version;
        let hop = self.drv.path.as_ref().map(|p| p.shown);
        // The request path's hops move at once (they are the animation); the rest at its pace.
        if changed && (hop != self.pace.hop || ts - self.pace.fast_at >= FAST_MS * k) {
            self.pace.fast_at = ts;
            self.snap = Rc::new(Snap::of(self.drv.sim(), Some(&self.snap)));
            self.pace.version = self.drv.version;
            self.pace.hop = hop;
            redraw = true;
        }
        if ts - self.pace.slow_at >= SLOW_MS * k && redraw {
            self.pace.slow_at = ts;
            self.slow += 1;
        }
        // The charts and the announcement ride on a frame that redraws anyway: a slow machine
        // has fewer heavy frames rather than more.
        let sec = self.drv.now_ms() / 1000;
        if redraw && self.pace.chart_sec != Some(sec) && ts - self.pace.chart_at >= CHART_MS * k {
            self.pace.chart_sec = Some(sec);
            self.pace.chart_at = ts;
            let data = ChartData::of(self.drv.sim(), self.drv.vpa_series());
            if *self.charts != data {
                self.charts = Rc::new(data);
            }
        }
        if redraw && ts - self.pace.announce_at >= ANNOUNCE_MS {
            self.pace.announce_at = ts;
            if let Some(a) = self.summary() {
                self.announce = a;
                redraw = true;
            }
        }
        Out {
            redraw,
            address: None,
        }
    }

    /// What happened since the last summary, for screen readers: the count and the last two
    /// notable events.
    fn summary(&mut self) -> Option<String> {
        let (events, _) = self.drv.sim().events_since(self.pace.announce_cursor);
        let last = events.last()?;
        self.pace.announce_cursor = last.id;
        let notable: Vec<String> = events
            .iter()
            .filter(|e| log::notable(e))
            .rev()
            .take(2)
            .map(|e| log::text(e, self.lang))
            .collect();
        (!notable.is_empty()).then(|| {
            t::ANNOUNCE.fmt(
                self.lang,
                &[("n", &events.len()), ("what", &notable.join(". "))],
            )
        })
    }

    /// The parts the diagram marks: those of the log entry picked, and those highlighted.
    pub fn marks(&self) -> Vec<Part> {
        let mut v: Vec<Part> = self
            .marked
            .and_then(|id| self.drv.sim().events().iter().find(|e| e.id == id))
            .map(|e| {
                let mut v = vec![Part::of_actor(&e.actor)];
                v.extend(Part::of_object(&e.object));
                v
            })
            .unwrap_or_default();
        v.extend(self.highlight.iter().cloned());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::ScenarioId;
    use super::*;

    fn lab() -> Lab {
        Lab::new(
            Setup::new(ScenarioId::NodeFailure),
            Some(10.0),
            false,
            Lang::En,
        )
    }

    /// Frames of 16 ms for `ms` of wall time; how many of them asked for a redraw.
    fn frames(l: &mut Lab, from: f64, ms: f64) -> usize {
        let mut n = 0;
        let mut ts = from;
        while ts < from + ms {
            ts += 16.0;
            n += l.reduce(Do::Frame(ts)).redraw as usize;
        }
        n
    }

    #[test]
    fn a_playing_run_redraws_at_the_diagrams_pace_not_every_frame() {
        let mut l = lab();
        let n = frames(&mut l, 1_000.0, 5_000.0);
        // 5 s of 60 fps is 312 frames; the diagram's pace allows 50 redraws.
        assert!(n > 20 && n <= 5_000 / FAST_MS as usize + 6, "{n} redraws");
        assert!(l.snap.t_ms > 40_000, "the snapshot follows the run");
        assert!(!l.charts.demand.is_empty(), "the charts got samples");
    }

    #[test]
    fn late_frames_stretch_the_pace_and_frames_on_time_relax_it() {
        let mut l = lab();
        // 30 fps: frames come late, the diagram is redrawn less often.
        let mut ts = 1_000.0;
        let mut n = 0;
        for _ in 0..300 {
            ts += 33.3;
            n += l.reduce(Do::Frame(ts)).redraw as usize;
        }
        assert_eq!(l.pace.stretch, MAX_STRETCH);
        let late = {
            let mut n = 0;
            for _ in 0..90 {
                ts += 33.3;
                n += l.reduce(Do::Frame(ts)).redraw as usize;
            }
            n
        };
        assert!(late <= 8, "3 s at the stretched pace: {late} redraws");
        assert!(n > late);
        // 60 fps again: back to the normal pace within seconds.
        for _ in 0..600 {
            ts += 16.7;
            l.reduce(Do::Frame(ts));
        }
        assert_eq!(l.pace.stretch, 1.0);
    }

    #[test]
    fn a_paused_run_does_not_redraw_and_an_action_redraws_at_once() {
        let mut l = lab();
        l.reduce(Do::Toggle);
        assert!(!l.animating());
        assert_eq!(frames(&mut l, 1_000.0, 2_000.0), 0);
        let t0 = l.snap.t_ms;
        assert!(l.reduce(Do::Step).redraw);
        assert!(
            l.snap.t_ms > t0,
            "the step shows at once, without waiting for a frame"
        );
    }

    #[test]
    fn one_reducer_handles_the_runs_side_and_the_views_side_of_an_action() {
        let mut l = lab();
        frames(&mut l, 1_000.0, 3_000.0);
        l.reduce(Do::Pick(Part::Node("node-2".into())));
        let before = l.drv.now_ms();
        // A restart: new run, selection cleared, the address follows.
        let setup = Setup {
            seed: 9,
            ..Setup::new(ScenarioId::Basic)
        };
        let out = l.reduce(Do::Restart(setup));
        assert_eq!(out.address, Some(setup));
        assert_eq!(l.selected, None);
        assert!(l.drv.now_ms() < before && l.drv.setup.seed == 9);
        // A bad seed in the form changes nothing but the message.
        l.reduce(Do::SeedText("abc".into()));
        let out = l.reduce(Do::Apply);
        assert!(l.seed_bad && out.address.is_none());
        assert_eq!(l.drv.setup.seed, 9);
        // Escape closes the help first, then the drawer, then the panel.
        l.reduce(Do::Pick(Part::ApiServer));
        l.reduce(Do::Drawer(Some(Drawer::Load)));
        l.reduce(Do::Help(true));
        l.reduce(Do::Escape);
        assert!(!l.help && l.drawer.is_some());
        l.reduce(Do::Escape);
        assert!(l.drawer.is_none() && l.selected.is_some());
        l.reduce(Do::Escape);
        assert!(l.selected.is_none());
    }

    #[test]
    fn seeking_waits_for_the_next_frame_and_pauses() {
        let mut l = lab();
        frames(&mut l, 1_000.0, 4_000.0);
        let end = l.drv.now_ms();
        l.reduce(Do::Seek(5_000));
        l.reduce(Do::Seek(12_000));
        assert!(!l.drv.playing);
        assert_eq!(l.drv.now_ms(), end, "nothing happens before the frame");
        assert!(l.reduce(Do::Frame(6_000.0)).redraw);
        assert_eq!(l.drv.now_ms(), 12_000, "the last seek of the frame wins");
        assert_eq!(l.snap.t_ms, 12_000);
        assert_eq!(l.drv.horizon_ms(), end);
    }

    #[test]
    fn highlighted_parts_are_marked_on_the_diagram() {
        let mut l = lab();
        l.reduce(Do::Highlight(vec![
            Part::Scheduler,
            Part::Node("node-1".into()),
        ]));
        assert_eq!(
            l.marks(),
            vec![Part::Scheduler, Part::Node("node-1".into())]
        );
        l.reduce(Do::Highlight(vec![]));
        assert!(l.marks().is_empty());
    }
}
