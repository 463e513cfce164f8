//! Shared building blocks of the explainer views: text mixed with cited numbers as data
//! ([`Piece`]s rendered by one function: a static list costs a few bytes of data where
//! `html!` would cost a few hundred bytes of code), and the views' common elements.

use crate::cite::cite;
use crate::el::{El, el, frag, text};
use crate::facts::Fact;
use crate::i18n::{Lang, Msg};
use yew::prelude::*;

/// One piece of a sentence or a cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Piece {
    /// Catalogue text.
    T(Msg),
    /// Catalogue text in which these names with digits (e.g. `EC2`) are not claims.
    N(Msg, &'static [&'static str]),
    /// Text that reads the same in every language (a product name, punctuation).
    S(&'static str),
    /// A cited number.
    C(&'static Fact),
    /// A figure from the article that no source verifies, with its label.
    Article(Msg, Msg),
    /// A quiet lead-in such as "The article:".
    Says(Msg),
    /// A smaller paragraph of pieces.
    Small(&'static [Piece]),
}

/// The pieces as nodes, in order.
pub fn render(lang: Lang, pieces: &[Piece]) -> Vec<Html> {
    pieces
        .iter()
        .map(|p| match *p {
            Piece::T(m) => text(m.get(lang)),
            Piece::N(m, names) => with_names(m.get(lang), names),
            Piece::S(s) => text(s),
            Piece::C(f) => cite(f, lang),
            Piece::Article(value, label) => el("span")
                .class("fact article")
                .not_a_fact()
                .child(el("span").class("value").text(value.get(lang)))
                .child(el("span").class("tag").text(label.get(lang)))
                .into(),
            Piece::Says(m) => el("span").class("says").text(m.get(lang)).text(" ").into(),
            Piece::Small(inner) => el("p").class("small").children(render(lang, inner)).into(),
        })
        .collect()
}

/// `text` with each of `names` (which contain digits but are names, such as `SHA-256` or
/// `overlay2`) wrapped as not-a-fact, so that the uncited-number check passes over them.
pub fn with_names(text_: &'static str, names: &[&'static str]) -> Html {
    let mut out: Vec<Html> = Vec::new();
    let mut rest = text_;
    loop {
        let next = names
            .iter()
            .filter_map(|n| rest.find(n).map(|i| (i, *n)))
            .min_by_key(|(i, _)| *i);
        let Some((i, name)) = next else { break };
        out.push(text(&rest[..i]));
        out.push(el("span").not_a_fact().text(name).into());
        rest = &rest[i + name.len()..];
    }
    out.push(text(rest));
    frag(out)
}

/// The heading every view starts with (tests find the view by `h1#view-title`).
pub fn view_head(title: &'static str) -> El {
    el("header")
        .class("view-head")
        .child(el("h1").id("view-title").text(title))
}

/// `<section class={class} aria-labelledby={id}>` with its `<h2 id={id}>`.
#[inline(never)]
pub fn section(class: &'static str, id: &'static str, title: &'static str) -> El {
    el("section")
        .class(class)
        .attr("aria-labelledby", id)
        .child(el("h2").id(id).text(title))
}

/// A paragraph of catalogue text.
#[inline(never)]
pub fn p(s: &'static str) -> El {
    el("p").text(s)
}

/// A list (`ul` or `ol`) whose items are the `|`-separated parts of `msg`, with `names`
/// marked as not claims.
#[inline(never)]
pub fn items(
    tag: &'static str,
    class: &'static str,
    msg: Option<Msg>,
    lang: Lang,
    names: &[&'static str],
) -> El {
    el(tag).class(class).children(
        msg.into_iter()
            .flat_map(|m| m.items(lang))
            .map(|i| el("li").child(with_names(i, names)).into()),
    )
}
