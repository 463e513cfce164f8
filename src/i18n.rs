//! Languages and the text catalogue.
//!
//! Every piece of UI text lives in `i18n/*.toml`, one file per area, each message with its
//! English and Korean text side by side. `build.rs` turns them into constants under [`cat`]
//! and refuses to build when a message lacks a language or its placeholders differ. A
//! message may also carry a little markup (cited facts, names, code) that the views render
//! with `views::pieces::rich`; `build.rs` checks it too.

use std::fmt::{self, Display};

/// The languages Kubelab speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 code used in URLs, storage and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's name in itself, as shown on the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// Parses a language tag by its primary subtag: `ko`, `ko-KR` and `KO` are Korean.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }
}

impl Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.native_name())
    }
}

/// The first of the browser's preferred languages that Kubelab speaks; English otherwise.
pub fn negotiate<S: AsRef<str>>(preferred: &[S]) -> Lang {
    preferred
        .iter()
        .find_map(|t| Lang::from_tag(t.as_ref()))
        .unwrap_or(Lang::En)
}

/// One message of the catalogue, with a text per language (in [`Lang`] order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg(pub [&'static str; 2]);

impl Msg {
    /// The text in `lang`. A choice between the two texts rather than an index into them,
    /// so that a constant message is two immediates in the code instead of a 16-byte table
    /// in the data (about 5 KB of the download over the whole catalogue).
    #[inline(always)]
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.0[0],
            Lang::Ko => self.0[1],
        }
    }

    /// The text with each `{name}` replaced by its argument. A placeholder without an
    /// argument stays visible as written, so a mistake shows on screen instead of panicking.
    pub fn fmt(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let text = self.get(lang);
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some(start) = rest.find(['{', '}']) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                out.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
                let name = &tail[1..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => out.push_str(&tail[..=end]),
                }
                rest = &tail[end + 1..];
            } else {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
        out.push_str(rest);
        out
    }

    /// The parts of a `|`-separated list message, trimmed.
    pub fn items(self, lang: Lang) -> impl Iterator<Item = &'static str> {
        self.get(lang)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// The generated catalogue: one module per `i18n/<section>.toml`.
pub mod cat {
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_by_primary_subtag() {
        for (tag, want) in [
            ("ko", Some(Lang::Ko)),
            ("ko-KR", Some(Lang::Ko)),
            ("KO_kr", Some(Lang::Ko)),
            ("en-GB", Some(Lang::En)),
            (" en ", Some(Lang::En)),
            ("fr", None),
            ("", None),
            ("k", None),
        ] {
            assert_eq!(Lang::from_tag(tag), want, "tag {tag:?}");
        }
    }

    #[test]
    fn negotiation_takes_the_first_supported_preference() {
        assert_eq!(negotiate(&["fr-FR", "ko-KR", "en"]), Lang::Ko);
        assert_eq!(negotiate(&["en-US", "ko"]), Lang::En);
        assert_eq!(negotiate(&["de", "ja"]), Lang::En);
        assert_eq!(negotiate::<&str>(&[]), Lang::En);
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_stay_visible() {
        let m = Msg(["{a} of {b} {{literal}}", "{b}의 {a}"]);
        assert_eq!(
            m.fmt(Lang::En, &[("a", &3), ("b", &"five")]),
            "3 of five {literal}"
        );
        assert_eq!(m.fmt(Lang::Ko, &[("a", &3), ("b", &"다섯")]), "다섯의 3");
        assert_eq!(m.fmt(Lang::En, &[("a", &1)]), "1 of {b} {literal}");
        let odd = Msg(["unclosed {a and } stray", "x"]);
        assert_eq!(odd.fmt(Lang::En, &[("a", &1)]), "unclosed {a and } stray");
    }

    /// Messages whose Korean text may equal the English one (names, symbols).
    const SAME_IN_BOTH: &[&str] = &["shell.app_name"];

    #[test]
    fn every_message_is_really_translated() {
        // The build refuses missing languages; this catches English left in the Korean slot.
        let mut checked = 0;
        for (section, messages) in cat::SECTIONS {
            for (key, msg) in *messages {
                let id = format!("{section}.{key}");
                checked += 1;
                if SAME_IN_BOTH.contains(&id.as_str()) {
                    continue;
                }
                let ko = msg.get(Lang::Ko);
                assert_ne!(ko, msg.get(Lang::En), "{id}: Korean text equals English");
                assert!(
                    ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                    "{id}: Korean text has no Hangul: {ko:?}"
                );
            }
        }
        assert!(
            checked > 20,
            "the catalogue looks empty ({checked} messages)"
        );
    }
}
