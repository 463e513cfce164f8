//! Text mixed with cited numbers, as data. Each `html!` element costs a few hundred bytes
//! of wasm; a static list of [`Piece`]s rendered by one function costs a few bytes of data.
//! Used for the long, static parts of the image and EKS views (tables, notes).

use crate::cite::Cite;
use crate::facts::Fact;
use crate::i18n::{Lang, Msg};
use yew::prelude::*;
use yew::virtual_dom::VTag;

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

/// An element with a class (empty for none) and children.
pub fn el(tag: &'static str, class: &'static str, children: Vec<Html>) -> Html {
    let mut t = VTag::new(tag);
    if !class.is_empty() {
        t.add_attribute("class", class);
    }
    t.add_children(children);
    t.into()
}

/// The pieces as nodes, in order.
pub fn render(lang: Lang, pieces: &[Piece]) -> Vec<Html> {
    pieces
        .iter()
        .map(|p| match *p {
            Piece::T(m) => Html::from(m.get(lang)),
            Piece::N(m, names) => super::image::with_names(m.get(lang), names),
            Piece::S(s) => Html::from(s),
            Piece::C(f) => html! { <Cite fact={f} /> },
            Piece::Article(value, label) => {
                let mut t = VTag::new("span");
                t.add_attribute("class", "fact article");
                t.add_attribute("data-not-a-fact", "true");
                t.add_child(el("span", "value", vec![Html::from(value.get(lang))]));
                t.add_child(el("span", "tag", vec![Html::from(label.get(lang))]));
                t.into()
            }
            Piece::Says(m) => el(
                "span",
                "says",
                vec![Html::from(m.get(lang)), Html::from(" ")],
            ),
            Piece::Small(inner) => el("p", "small", render(lang, inner)),
        })
        .collect()
}
