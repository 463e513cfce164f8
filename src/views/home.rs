//! The start page: the journey through the five views, and the guided lessons.

use super::{Status, VIEWS};
use crate::app::{Ctx, link};
use crate::el::{El, el, opt, text};
use crate::i18n::cat::{home as t, lessons as lt, shell};
use crate::lessons::progress::{self, Progress};
use crate::lessons::{At, LESSONS};
use crate::route::Page;
use yew::prelude::*;

/// The start page (a plain function: it has no state of its own).
pub fn home(ctx: &Ctx) -> Html {
    let lang = ctx.lang;
    let cards = VIEWS.iter().enumerate().map(|(i, v)| {
        el("li")
            .class("card")
            .child(
                el("p")
                    .class("step")
                    .not_a_fact()
                    .string(t::STEP.fmt(lang, &[("n", &(i + 1))])),
            )
            .child(el("h3").child(link(
                ctx,
                Page::View(v.id),
                "",
                None,
                text(v.title.get(lang)),
            )))
            .child(el("p").text(v.summary.get(lang)))
            .child(opt((v.status == Status::Coming).then(|| {
                el("p").class("badge").text(shell::COMING_BADGE.get(lang))
            })))
            .into()
    });
    el("article")
        .class("view home")
        .child(el("h1").id("view-title").text(t::TITLE.get(lang)))
        .child(el("p").class("lead").text(t::LEAD.get(lang)))
        .child(lessons(ctx))
        .child(el("h2").text(t::JOURNEY_LABEL.get(lang)))
        .child(el("ol").class("journey").children(cards))
        .child(el("p").class("muted").text(t::OFFLINE_NOTE.get(lang)))
        .into()
}

/// The lessons: each with its duration, what the learner will be able to do, and where they
/// left it (where storage is allowed).
fn lessons(ctx: &Ctx) -> El {
    let lang = ctx.lang;
    let stored = progress::load();
    let cards = LESSONS.iter().enumerate().map(|(i, l)| {
        let p = stored.iter().find(|(id, _)| id == l.id).map(|(_, p)| *p);
        let resume = match p {
            Some(Progress::Reached(n)) => n.min(l.views.len() - 1),
            _ => 0,
        };
        let at = At {
            lesson: i,
            step: resume,
        };
        let go = {
            let lesson = ctx.lesson.clone();
            Callback::from(move |e: MouseEvent| {
                if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                    e.prevent_default();
                    lesson.emit(Some(at));
                }
            })
        };
        let (action, badge) = match p {
            Some(Progress::Done) => (lt::AGAIN.get(lang).to_string(), Some(lt::FINISHED_BADGE)),
            Some(Progress::Reached(n)) if n > 0 => {
                (lt::CONTINUE_AT.fmt(lang, &[("n", &(resume + 1))]), None)
            }
            _ => (lt::START.get(lang).to_string(), None),
        };
        el("li")
            .class("lesson-card card")
            .attr("data-lesson", l.id)
            .child(el("h3").text(l.title.get(lang)))
            .child(
                el("p")
                    .class("meta")
                    .not_a_fact()
                    .string(lt::MINUTES.fmt(lang, &[("n", &l.minutes)]))
                    .maybe(
                        badge.map(|b| el("span").class("badge done").text("✓ ").text(b.get(lang))),
                    ),
            )
            .child(el("p").class("small").text(lt::YOU_WILL.get(lang)))
            .child(
                el("ul")
                    .class("outcomes")
                    .children(l.outcomes.items(lang).map(|o| el("li").text(o).into())),
            )
            .child(
                el("p").child(
                    el("a")
                        .class("button primary")
                        .attr("href", ctx.route.with_lesson(Some(at)).query(lang))
                        .attr(
                            "aria-label",
                            [action.as_str(), ": ", l.title.get(lang)].concat(),
                        )
                        .on_click(go)
                        .not_a_fact()
                        .string(action),
                ),
            )
            .into()
    });
    el("section")
        .class("lessons")
        .attr("aria-labelledby", "lessons-title")
        .child(el("h2").id("lessons-title").text(lt::LIST_TITLE.get(lang)))
        .child(el("p").class("muted").text(lt::LIST_LEAD.get(lang)))
        .child(el("ol").class("lesson-list").children(cards))
}
