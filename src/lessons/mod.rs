//! Guided lessons: narrated steps that drive the real views and the real engine, with the
//! learner acting at each step.
//!
//! - A lesson is a file, `lessons/<id>.toml`, both languages side by side. The checker
//!   (`lessons/check`) refuses a broken one at build time; `build.rs` compiles the list
//!   ([`LESSONS`]: titles, durations, outcomes, each step's view) into the first load, and
//!   the Trunk hook writes `lessons/<id>.txt`, which [`runner`] fetches when the lesson
//!   opens ([`format`] is the shared format).
//! - A step names its view, the parts to highlight ([`parts`]: `data-part` values the views
//!   render), what the learner does and the condition that completes it.
//! - Every step begins from a state the lesson defines: the view fresh, then the actions of
//!   the steps before it (in the same view) and the step's own setup. Next, Back, a deep
//!   link (`?lesson=…&step=N`) and Restart all build that state the same way, so a link to a
//!   step shows what walking there shows.
//! - The Cluster view is reached through [`live`] only (a thin seam: attach, commands,
//!   reading the engine), which only the cluster lab's binary links.

pub mod format;
pub mod live;
pub mod parts;
pub mod present;
pub mod progress;
pub mod runner;

use crate::i18n::{Lang, Msg};
use crate::views::{Bundle, ViewId};
use yew::{Callback, Html, html};

/// A lesson as the first load knows it: enough for the start page and the address.
#[derive(Debug, PartialEq)]
pub struct LessonInfo {
    pub id: &'static str,
    pub minutes: u32,
    pub title: Msg,
    /// What the learner can do afterwards, `|`-separated.
    pub outcomes: Msg,
    /// The view of each step.
    pub views: &'static [ViewId],
}

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// The lesson with this id (case-insensitive).
pub fn find(id: &str) -> Option<usize> {
    let id = id.trim();
    LESSONS.iter().position(|l| l.id.eq_ignore_ascii_case(id))
}

/// A step of a lesson, as the address names it: the lesson's index in [`LESSONS`] and the
/// step from 0 (`step=1` in the address is 0 here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub lesson: usize,
    pub step: usize,
}

impl At {
    pub fn info(self) -> &'static LessonInfo {
        &LESSONS[self.lesson.min(LESSONS.len() - 1)]
    }

    /// The view this step shows.
    pub fn view(self) -> ViewId {
        let views = self.info().views;
        views[self.step.min(views.len() - 1)]
    }

    pub fn steps(self) -> usize {
        self.info().views.len()
    }
}

/// Called with the mark a step's events count from, once its start state is built.
pub type Entered = Box<dyn FnOnce(u64)>;

/// How lessons drive a binary's live view (the Cluster view's engine). The guide's binary
/// has none, so the engine-driving code stays out of it.
pub struct Live {
    /// Whether the Cluster view is mounted and attached.
    pub attached: fn() -> bool,
    /// Builds the start state of `steps[at]` (the run of its stretch, replayed), in turn with
    /// the view's other actions, then calls `done` with the mark that `check` counts the
    /// step's events from.
    pub enter: fn(&[format::Step<'static>], usize, Entered),
    /// Whether an engine condition holds (events counted from `mark`).
    pub check: fn(&format::Cond<'static>, u64) -> bool,
    /// Does an action as the learner would (a command, time going on, a panel).
    pub perform: fn(&format::Action<'static>) -> Result<(), String>,
    /// Plays at this speed, or pauses.
    pub play: fn(Option<f64>),
    /// Sends a command line typed by the learner; Err is the reason it was refused.
    pub send_line: fn(&str) -> Result<(), String>,
}

/// What a binary for classes adds to the shell: the lesson panel and presenter mode. The
/// guide's binary has none (its first load stays small) and loads a binary that has it
/// when an address asks for a lesson or for presenter mode.
pub struct Class {
    /// A lesson step's page: the view (in a keyed wrapper, so that each step makes it anew;
    /// the Cluster view is kept and its run restarted through the seam instead) and the
    /// lesson panel, given the nonce that rebuilds the step and this binary's bundle.
    pub page: PageFn,
    /// Presenter mode's bar, keys and overlays.
    pub presenter: fn(Callback<Lang>, &'static Bundle) -> Html,
    /// Renders a lesson's text with its markup.
    pub narrate: Narrate,
}

/// Renders a lesson's text with its markup (`views::pieces`).
pub type Narrate = fn(&'static str, Lang) -> Html;

/// Builds a lesson step's page: the view and the panel (see [`Class::page`]).
pub type PageFn = fn(At, Html, u32, &'static Bundle) -> (Html, Option<Html>);

fn page(at: At, view: Html, nonce: u32, bundle: &'static Bundle) -> (Html, Option<Html>) {
    let key = if at.view() == ViewId::Cluster {
        "cluster".to_string()
    } else {
        [
            at.info().id,
            "-",
            &at.step.to_string(),
            "-",
            &nonce.to_string(),
        ]
        .concat()
    };
    let class = bundle.class.unwrap_or(&CLASS_LAB);
    let panel = html! {
        <runner::Runner at={at} nonce={nonce} live={bundle.live}
            runs_here={bundle.has(at.view())} class={class} />
    };
    let view = crate::el::el("div")
        .class("lesson-view")
        .key(key)
        .child(view);
    (view.into(), Some(panel))
}

fn presenter(set_lang: Callback<Lang>, bundle: &'static Bundle) -> Html {
    html! { <present::Presenter set_lang={set_lang} bundle={bundle} /> }
}

/// The classroom's: the explainers' lessons cite facts.
pub static CLASS: Class = Class {
    page,
    presenter,
    narrate: crate::views::pieces::rich_str,
};

/// The cluster lab's: its lessons cite engine defaults only (the checker holds them to it).
pub static CLASS_LAB: Class = Class {
    page,
    presenter,
    narrate: crate::views::pieces::rich_defaults,
};

impl PartialEq for Class {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl PartialEq for Live {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_is_listed_with_its_views() {
        assert!(LESSONS.len() >= 9, "{} lessons", LESSONS.len());
        for l in LESSONS {
            assert!((5..=10).contains(&l.minutes), "{}", l.id);
            assert!(l.views.len() >= 3, "{}", l.id);
            assert_eq!(find(l.id).map(|i| LESSONS[i].id), Some(l.id));
            for lang in crate::i18n::Lang::ALL {
                assert!(l.outcomes.items(lang).count() >= 2, "{}", l.id);
            }
        }
        assert_eq!(find("no-such-lesson"), None);
        let at = At {
            lesson: 0,
            step: 99,
        };
        assert_eq!(at.view(), *LESSONS[0].views.last().unwrap());
    }
}
