//! Showing a cited number: the value with a link to its source, or labelled illustrative.
//! Every number an explainer view shows goes through [`Cite`] (or is marked
//! `data-not-a-fact` when it is not a claim, e.g. a step number or the user's own input);
//! an end-to-end test checks that no other digits appear.

use crate::app::use_ctx;
use crate::facts::{Fact, Source, Tag};
use crate::i18n::{Lang, cat::cite as t};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CiteProps {
    pub fact: &'static Fact,
    /// Show what the number measures after the value, in smaller type.
    #[prop_or_default]
    pub explain: bool,
}

/// A fact's value, with its source mark or its "illustrative" label.
#[function_component(Cite)]
pub fn cite(props: &CiteProps) -> Html {
    let lang = use_ctx().lang;
    let f = props.fact;
    let what = props
        .explain
        .then(|| html! { <span class="fact-what">{ f.what.get(lang) }</span> });
    match (f.tag, f.source) {
        (Tag::Illustrative, _) | (_, None) => html! {
            <span class="fact illustrative" data-fact={f.key} data-illustrative="true" title={f.what.get(lang)}>
                <span class="value">{ f.display.get(lang) }</span>
                <span class="tag">{ t::ILLUSTRATIVE.get(lang) }</span>
                { what }
            </span>
        },
        (tag, Some(src)) => html! {
            <span class="fact" data-fact={f.key} data-source={src.key} title={f.what.get(lang)}>
                <span class="value">{ f.display.get(lang) }</span>
                { source_mark(src, tag, lang) }
                { what }
            </span>
        },
    }
}

/// The link from a value to its entry in [`Sources`]: the source's short name, marked
/// "via" when the figure is reported by a summary of the original.
pub fn source_mark(src: &'static Source, tag: Tag, lang: Lang) -> Html {
    // Said before the visible mark, inside the link, so that the link's name contains its
    // visible text (WCAG 2.5.3, axe's label-content-name-mismatch).
    let (prefix, mark) = match tag {
        Tag::Secondary => (t::REPORTED_BY.get(lang), t::REPORTED_MARK.get(lang)),
        _ => (t::SOURCE.get(lang), ""),
    };
    html! {
        <a class="cite" href={format!("#src-{}", src.key)}>
            <span class="sr-only">{ prefix }{ " " }</span>
            { mark }{ src.short }
        </a>
    }
}

#[derive(Properties, PartialEq)]
pub struct SourcesProps {
    /// The facts the view shows; their sources are listed once each, in first-use order.
    pub facts: Vec<&'static Fact>,
}

/// The list of sources at the end of a view, which citation marks link to.
#[function_component(Sources)]
pub fn sources(props: &SourcesProps) -> Html {
    let lang = use_ctx().lang;
    let mut list: Vec<&'static Source> = Vec::new();
    for f in &props.facts {
        if let Some(s) = f.source
            && !list.iter().any(|x| std::ptr::eq(*x, s))
        {
            list.push(s);
        }
    }
    let illustrative = props.facts.iter().any(|f| f.tag == Tag::Illustrative);
    html! {
        <section class="sources" aria-labelledby="sources-title">
            <h2 id="sources-title">{ t::SOURCES_TITLE.get(lang) }</h2>
            <ol>
                { for list.iter().map(|s| {
                    let link = s.location.starts_with("https://");
                    html! {
                        <li id={format!("src-{}", s.key)}>
                            <cite>{ s.title }</cite>{ " — " }
                            if link {
                                <a href={s.location} target="_blank" rel="noopener noreferrer">{ s.location }</a>
                            } else {
                                <code>{ s.location }</code>
                            }
                        </li>
                    }
                }) }
            </ol>
            if illustrative {
                <p class="muted">{ t::ILLUSTRATIVE_NOTE.get(lang) }</p>
            }
        </section>
    }
}
