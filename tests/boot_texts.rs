//! `index.html` draws the page's frame (header, title, lead text) before the app arrives, in
//! the address's language. Its texts come from the catalogue: this test fails when they
//! differ, and `UPDATE_BOOT=1 cargo test -p kubelab --test boot_texts` writes them.
#![cfg(not(target_arch = "wasm32"))]

use kubelab::i18n::{Lang, Msg, cat};
use kubelab::views::VIEWS;

/// A JSON string literal that is also safe inside a `<script>`.
fn s(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// The texts the frame needs, per language, as the script's `BOOT` value.
fn boot(lang: Lang) -> String {
    let m = |msg: Msg| s(msg.get(lang));
    let lead = |slug: &str| -> Msg {
        match slug {
            "why-containers" => cat::why::LEAD,
            "vm-vs-container" => cat::vm::LEAD,
            "image-vs-container" => cat::image::LEAD,
            "eks" => cat::eks::LEAD,
            _ => cat::cluster::LEAD,
        }
    };
    let views: Vec<String> = VIEWS
        .iter()
        .map(|v| {
            let mut texts = vec![m(v.title), m(lead(v.slug))];
            if v.slug == "cluster" {
                texts.push(m(cat::cluster::PANEL_PICK));
                texts.push(m(cat::cluster::WHAT_IS));
            }
            format!("{}:{}", s(v.slug), list(&texts))
        })
        .collect();
    format!(
        "{{\"home\":{},\"nav_label\":{},\"lang_group\":{},\"nav\":{},\"home_title\":{},\"home_lead\":{},\"views\":{{{}}}}}",
        m(cat::shell::HOME_LINK),
        m(cat::shell::NAV_LABEL),
        m(cat::shell::LANG_GROUP),
        list(&VIEWS.iter().map(|v| m(v.nav)).collect::<Vec<_>>()),
        m(cat::home::TITLE),
        m(cat::home::LEAD),
        views.join(",")
    )
}

#[test]
fn boot_texts_match_the_catalogue() {
    let langs: Vec<String> = Lang::ALL
        .iter()
        .map(|l| format!("{}:{}", s(l.code()), boot(*l)))
        .collect();
    let want = format!("    var BOOT = {{{}}};\n", langs.join(","));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html");
    let html = std::fs::read_to_string(&path).expect("index.html");
    let begin = html.find("// BEGIN boot texts").expect("the BEGIN marker");
    let start = begin
        + html[begin..]
            .find("\n    var BOOT")
            .expect("var BOOT after BEGIN")
        + 1;
    let end = start
        + html[start..]
            .find("    // END boot texts")
            .expect("the END marker");
    if html[start..end] == want {
        return;
    }
    if std::env::var_os("UPDATE_BOOT").is_some() {
        let updated = format!("{}{}{}", &html[..start], want, &html[end..]);
        std::fs::write(&path, updated).expect("write index.html");
        return;
    }
    panic!(
        "index.html's boot texts differ from the catalogue: run `UPDATE_BOOT=1 cargo test -p kubelab --test boot_texts`"
    );
}
