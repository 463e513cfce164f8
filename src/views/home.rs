//! The start page: the journey through the five views.

use super::{Status, VIEWS};
use crate::app::{Ctx, link};
use crate::el::{el, opt, text};
use crate::i18n::cat::{home as t, shell};
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
        .child(el("h2").class("sr-only").text(t::JOURNEY_LABEL.get(lang)))
        .child(el("ol").class("journey").children(cards))
        .child(el("p").class("muted").text(t::OFFLINE_NOTE.get(lang)))
        .into()
}
