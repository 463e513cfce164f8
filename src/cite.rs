//! Showing a cited number: the value with a link to its source, or labelled illustrative.
//! Every number an explainer view shows goes through [`cite`] (or is marked
//! `data-not-a-fact` when it is not a claim, e.g. a step number or the user's own input);
//! an end-to-end test checks that no other digits appear.
//!
//! [`cite`] and [`sources`] are plain functions (a component per citation costs the
//! download far more); [`Cite`] and [`Sources`] wrap them for `html!`.

use crate::app::use_ctx;
use crate::el::{El, el};
use crate::facts::{Fact, Source, Tag};
use crate::i18n::{Lang, cat::cite as t};
use yew::prelude::*;

/// A fact's value, with its source mark or its "illustrative" label.
pub fn cite(fact: &'static Fact, lang: Lang) -> Html {
    fact_span(fact, false, lang)
}

/// [`cite`], followed by what the number measures, in smaller type.
pub fn cite_explained(fact: &'static Fact, lang: Lang) -> Html {
    fact_span(fact, true, lang)
}

#[inline(never)]
fn fact_span(f: &'static Fact, explain: bool, lang: Lang) -> Html {
    let what = f.what.get(lang);
    let span = el("span").class("fact");
    let value = el("span").class("value").text(f.display.get(lang));
    let span = match (f.tag, f.source) {
        (Tag::Illustrative, _) | (_, None) => span
            .class("illustrative")
            .attr("data-fact", f.key)
            .attr("data-illustrative", "true")
            .attr("title", what)
            .child(value)
            .child(el("span").class("tag").text(t::ILLUSTRATIVE.get(lang))),
        (tag, Some(src)) => span
            .attr("data-fact", f.key)
            .attr("data-source", src.key)
            .attr("title", what)
            .child(value)
            .child(source_mark(src, tag, lang)),
    };
    if explain {
        span.child(el("span").class("fact-what").text(what)).into()
    } else {
        span.into()
    }
}

/// The link from a value to its entry in [`sources`]: the source's short name, marked
/// "via" when the figure is reported by a summary of the original.
pub fn source_mark(src: &'static Source, tag: Tag, lang: Lang) -> El {
    // Said before the visible mark, inside the link, so that the link's name contains its
    // visible text (WCAG 2.5.3, axe's label-content-name-mismatch).
    let (prefix, mark) = match tag {
        Tag::Secondary => (t::REPORTED_BY.get(lang), t::REPORTED_MARK.get(lang)),
        _ => (t::SOURCE.get(lang), ""),
    };
    el("a")
        .class("cite")
        .attr("href", anchor(src))
        .child(el("span").class("sr-only").text(prefix).text(" "))
        .text(mark)
        .text(src.short)
}

/// `#src-<key>`: where a source's entry in the list is.
pub fn anchor(src: &Source) -> String {
    ["#src-", src.key].concat()
}

/// The list of sources at the end of a view, which citation marks link to: each source
/// of `facts` once, in first-use order.
pub fn sources(facts: &[&'static Fact], lang: Lang) -> Html {
    let mut list: Vec<&'static Source> = Vec::new();
    for f in facts {
        if let Some(s) = f.source
            && !list.iter().any(|x| std::ptr::eq(*x, s))
        {
            list.push(s);
        }
    }
    let items = list.iter().map(|s| {
        let link = if s.location.starts_with("https://") {
            el("a")
                .attr("href", s.location)
                .attr("target", "_blank")
                .attr("rel", "noopener noreferrer")
        } else {
            el("code")
        };
        el("li")
            .id(["src-", s.key].concat())
            .child(el("cite").text(s.title))
            .text(" — ")
            .child(link.text(s.location))
            .into()
    });
    let section = el("section")
        .class("sources")
        .attr("aria-labelledby", "sources-title")
        .child(
            el("h2")
                .id("sources-title")
                .text(t::SOURCES_TITLE.get(lang)),
        )
        .child(el("ol").children(items));
    if facts.iter().any(|f| f.tag == Tag::Illustrative) {
        section
            .child(el("p").class("muted").text(t::ILLUSTRATIVE_NOTE.get(lang)))
            .into()
    } else {
        section.into()
    }
}

#[derive(Properties, PartialEq)]
pub struct CiteProps {
    pub fact: &'static Fact,
    /// Show what the number measures after the value, in smaller type.
    #[prop_or_default]
    pub explain: bool,
}

/// [`cite`] as a component, for `html!`.
#[function_component(Cite)]
pub fn cite_component(props: &CiteProps) -> Html {
    fact_span(props.fact, props.explain, use_ctx().lang)
}

#[derive(Properties, PartialEq)]
pub struct SourcesProps {
    /// The facts the view shows; their sources are listed once each, in first-use order.
    pub facts: Vec<&'static Fact>,
}

/// [`sources`] as a component, for `html!`.
#[function_component(Sources)]
pub fn sources_component(props: &SourcesProps) -> Html {
    sources(&props.facts, use_ctx().lang)
}
