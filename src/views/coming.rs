// No view is waiting for its build right now; kept for the next one.
#![allow(dead_code)]
//! The honest placeholder for a view that is not built yet.

use super::ViewSpec;
use crate::app::use_ctx;
use crate::i18n::cat::shell as t;
use yew::prelude::*;

pub fn render(spec: &ViewSpec) -> Html {
    html! { <Coming slug={spec.slug} /> }
}

#[derive(Properties, PartialEq)]
struct Props {
    slug: &'static str,
}

#[function_component(Coming)]
fn coming(props: &Props) -> Html {
    let lang = use_ctx().lang;
    let Some(spec) = super::ViewId::from_slug(props.slug).map(|id| id.spec()) else {
        return Html::default();
    };
    html! {
        <article class="view coming" data-view={spec.slug}>
            <header class="view-head">
                <h1 id="view-title">{ spec.title.get(lang) }</h1>
                <p class="badge" aria-hidden="true">{ t::COMING_BADGE.get(lang) }</p>
            </header>
            <p class="lead">{ spec.summary.get(lang) }</p>
            <section class="panel" aria-labelledby="coming-title">
                <h2 id="coming-title">{ t::COMING_TITLE.get(lang) }</h2>
                <p>{ t::COMING_BODY.get(lang) }</p>
                <ul class="plans">
                    { for spec.plans.items(lang).map(|p| html! { <li>{ p }</li> }) }
                </ul>
                <p class="muted">{ t::COMING_MEANWHILE.get(lang) }</p>
            </section>
        </article>
    }
}
