//! The start page: the journey through the five views.

use super::{Status, VIEWS};
use crate::app::{Link, use_ctx};
use crate::i18n::cat::{home as t, shell};
use crate::route::Page;
use yew::prelude::*;

#[function_component(Home)]
pub fn home() -> Html {
    let lang = use_ctx().lang;
    html! {
        <article class="view home">
            <h1 id="view-title">{ t::TITLE.get(lang) }</h1>
            <p class="lead">{ t::LEAD.get(lang) }</p>
            <h2 class="sr-only">{ t::JOURNEY_LABEL.get(lang) }</h2>
            <ol class="journey">
                { for VIEWS.iter().enumerate().map(|(i, v)| html! {
                    <li class="card">
                        <p class="step" data-not-a-fact="true">{ t::STEP.fmt(lang, &[("n", &(i + 1))]) }</p>
                        <h3><Link page={Page::View(v.id)}>{ v.title.get(lang) }</Link></h3>
                        <p>{ v.summary.get(lang) }</p>
                        if v.status == Status::Coming {
                            <p class="badge">{ shell::COMING_BADGE.get(lang) }</p>
                        }
                    </li>
                }) }
            </ol>
            <p class="muted">{ t::OFFLINE_NOTE.get(lang) }</p>
        </article>
    }
}
