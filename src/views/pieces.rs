//! Shared building blocks of the explainer views: catalogue text with its markup
//! ([`rich`]), table cells as data ([`Piece`]s rendered by one function), and the views'
//! common elements.
//!
//! ## The markup of catalogue texts
//!
//! A message rendered through [`rich`] may contain, alike in both languages:
//!
//! - `{fact:<key>}`: the fact of `src/facts.rs` with that key, shown as [`cite`] shows it
//!   (its value with its source mark, or labelled illustrative);
//! - `{n:<text>}`: a name with digits that is not a claim (`{n:SHA-256}`, `{n:EC2}`),
//!   marked `data-not-a-fact` so that the uncited-number check passes over it;
//! - `` `text` ``: code (`<code>`), which may hold a `{n:…}`.
//!
//! Everything else is text. `build.rs` refuses a `{fact:…}` with an unknown key, an empty
//! `{n:}` and an unclosed backtick, naming the file and key; and, as for every message, a
//! translation whose `{…}` differ from the other language's. So a sentence that cites
//! numbers is one message, in each language's own word order, and one call:
//!
//! ```toml
//! [iso_cve]
//! en = "A real escape: {fact:runc-cve} let a process in a container …"
//! ko = "실제로 있었던 탈출: {fact:runc-cve}에서는 컨테이너 안의 프로세스가 …"
//! ```
//!
//! ```ignore
//! el("p").child(rich(t::ISO_CVE, lang))
//! ```

use crate::cite::cite;
use crate::el::{El, button, el, frag, text};
use crate::facts::Fact;
use crate::i18n::{Lang, Msg, cat};
use yew::prelude::*;

/// The message in `lang` with its markup (see the module's documentation) rendered.
pub fn rich(m: Msg, lang: Lang) -> Html {
    frag(inline(m.get(lang), lang, token, false))
}

/// A text with the same markup (a lesson's narration, checked by the lesson checker), where
/// `{d:VALUE|ID|CLASSROOM|SOURCE}` is also an engine default (the checker writes it from
/// `{default:ID}`). A separate entry, so that the binaries without lessons leave it out.
pub fn rich_str(s: &'static str, lang: Lang) -> Html {
    frag(inline(
        s,
        lang,
        |t, lang| match t.strip_prefix("{d:") {
            Some(d) => default_value(d.trim_end_matches('}'), lang),
            None => token(t, lang),
        },
        true,
    ))
}

/// [`rich_str`] for the cluster lab's binary, whose lessons cite engine defaults only (the
/// checker refuses `{fact:…}` there): the facts of `src/facts.rs` stay out of its download.
pub fn rich_defaults(s: &'static str, lang: Lang) -> Html {
    frag(inline(
        s,
        lang,
        |t, lang| {
            if let Some(d) = t.strip_prefix("{d:") {
                default_value(d.trim_end_matches('}'), lang)
            } else if let Some(name) = t.strip_prefix("{n:") {
                el("span")
                    .not_a_fact()
                    .text(name.trim_end_matches('}'))
                    .into()
            } else {
                text(t)
            }
        },
        true,
    ))
}

/// Renders a `{…}` token.
type Token = fn(&'static str, Lang) -> Html;

/// The nodes of marked-up text. In a lesson, code (a command, a node's name) is not a claim
/// (`names`); in the catalogue, digits in code go through `{n:…}` like any other name.
fn inline(mut rest: &'static str, lang: Lang, token: Token, names: bool) -> Vec<Html> {
    let mut out = Vec::new();
    while let Some(i) = rest.find(['{', '`']) {
        if i > 0 {
            out.push(text(&rest[..i]));
        }
        let tail = &rest[i..];
        let (node, len) = if let Some(code) = tail.strip_prefix('`') {
            // Unclosed backticks cannot pass build.rs; here they would run to the end.
            let end = code.find('`').unwrap_or(code.len());
            let node = el("code").children(inline(&code[..end], lang, token, names));
            let node = if names { node.not_a_fact() } else { node }.into();
            (node, (end + 2).min(tail.len()))
        } else {
            let end = tail.find('}').map_or(tail.len(), |e| e + 1);
            (token(&tail[..end], lang), end)
        };
        out.push(node);
        rest = &tail[len..];
    }
    if !rest.is_empty() {
        out.push(text(rest));
    }
    out
}

/// A `{…}` token: a cited fact, a name that is not a claim, or (anything else) itself.
fn token(t: &'static str, lang: Lang) -> Html {
    let inner = t.trim_start_matches('{').trim_end_matches('}');
    if let Some(f) = inner.strip_prefix("fact:").and_then(cat::fact) {
        cite(f, lang)
    } else if let Some(name) = inner.strip_prefix("n:") {
        el("span").not_a_fact().text(name).into()
    } else {
        text(t)
    }
}

/// An upstream default as a lesson cites it: its value, marked with its name and source,
/// and in a classroom run the compressed value the run uses beside it.
fn default_value(d: &'static str, lang: Lang) -> Html {
    let mut f = d.split('|');
    let (value, id, classroom, source) = (
        f.next().unwrap_or(""),
        f.next().unwrap_or(""),
        f.next().unwrap_or(""),
        f.next().unwrap_or(""),
    );
    el("span")
        .class("fact default")
        .attr("data-fact", ["default:", id].concat())
        .attr("title", [id, " — ", source].concat())
        .child(el("span").class("value").text(value))
        .child(
            el("span")
                .class("tag")
                .text(cat::lessons::DEFAULT_TAG.get(lang)),
        )
        .maybe((!classroom.is_empty()).then(|| {
            el("span")
                .class("classroom")
                .string(cat::lessons::CLASSROOM_VALUE.fmt(lang, &[("v", &classroom)]))
        }))
        .into()
}

/// One piece of a sentence or a cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Piece {
    /// Catalogue text, with its markup (see [`rich`]).
    T(Msg),
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
            Piece::T(m) => rich(m, lang),
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

/// A list (`ul` or `ol`) whose items are the `|`-separated parts of `msg`, each with its
/// markup rendered (see [`rich`]).
#[inline(never)]
pub fn items(tag: &'static str, class: &'static str, msg: Option<Msg>, lang: Lang) -> El {
    el(tag).class(class).children(
        msg.into_iter()
            .flat_map(|m| m.items(lang))
            .map(|i| el("li").children(inline(i, lang, token, false)).into()),
    )
}

/// A dialog listing keys: `keys` is a catalogue list of `key: what it does` items. `id`
/// names it (its class, and `{id}-title`, `{id}-close` for its heading and close button).
pub fn keys_dialog(
    id: &'static str,
    title: &'static str,
    keys: Msg,
    note: &'static str,
    close: &'static str,
    lang: Lang,
    on_close: Callback<MouseEvent>,
) -> El {
    let title_id = [id, "-title"].concat();
    el("div")
        .class(id)
        .attr("role", "dialog")
        .attr("aria-modal", "true")
        .attr("aria-labelledby", title_id.clone())
        .child(
            el("div")
                .class("box")
                .child(el("h2").id(title_id).text(title))
                .child(el("ul").children(keys.items(lang).map(|k| {
                    let (key, what) = k.split_once(':').unwrap_or((k, ""));
                    el("li")
                        .child(el("kbd").text(key))
                        .text(":")
                        .text(what)
                        .into()
                })))
                .child(el("p").class("small muted").text(note))
                .child(
                    button("button primary")
                        .id([id, "-close"].concat())
                        .on_click(on_close)
                        .text(close),
                ),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use yew::virtual_dom::VNode;

    /// The nodes as markup-like text: `<tag a="v">children</tag>`, attributes sorted.
    fn show(node: &VNode) -> String {
        match node {
            VNode::VText(t) => t.text.to_string(),
            VNode::VList(list) => list.iter().map(show).collect(),
            VNode::VTag(tag) => {
                let mut attrs: Vec<String> = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| format!(" {k}=\"{v}\""))
                    .collect();
                attrs.sort();
                let inner = tag.children().map(show).unwrap_or_default();
                format!("<{0}{1}>{inner}</{0}>", tag.tag(), attrs.concat())
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn markup_becomes_code_names_and_citations() {
        let m = Msg([
            "Use `apk {n:v3}` and {fact:runc-cve}.",
            "{fact:runc-cve} `x`",
        ]);
        let en = show(&rich(m, Lang::En));
        assert!(
            en.starts_with(
                "Use <code>apk <span data-not-a-fact=\"true\">v3</span></code> and <span class=\"fact\" data-fact=\"runc-cve\""
            ),
            "{en}"
        );
        assert!(en.ends_with("</span>."), "{en}");
        assert!(show(&rich(m, Lang::Ko)).ends_with("<code>x</code>"));
        // Anything else stays visible as written (as `Msg::fmt` leaves unknown placeholders).
        let plain = Msg(["{other} and {fact:nope}", "x"]);
        assert_eq!(show(&rich(plain, Lang::En)), "{other} and {fact:nope}");
    }

    #[test]
    fn every_cited_key_finds_its_fact() {
        let mut cited = 0;
        for (section, messages) in cat::SECTIONS {
            for (key, msg) in *messages {
                for lang in Lang::ALL {
                    for part in msg.get(lang).split("{fact:").skip(1) {
                        let k = part.split('}').next().unwrap_or_default();
                        let f = cat::fact(k).unwrap_or_else(|| panic!("{section}.{key}: {k}"));
                        assert_eq!(f.key, k);
                        cited += 1;
                    }
                }
            }
        }
        assert!(cited > 20, "only {cited} citations in the catalogue");
    }
}
