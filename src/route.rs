//! What the address says: which page, language, layout and theme. Pure, so it is tested
//! natively; `platform` reads and writes the browser's address.
//!
//! Parameters (all optional, see the README):
//! `view=<slug>` one of the views (none: the start page), `lang=en|ko`, `embed=1`
//! (chrome-less layout for iframes), `theme=light|dark|auto`; for the Cluster view also
//! `scenario=<slug>`, `seed=<0..2^64>`, `speed=<0.1..100>`, `profile=real|classroom`,
//! `hpa=off|<1..1000>` and `paused=1` ([`ClusterParams`]); `lesson=<id>&step=<n>` (a step
//! of a guided lesson: it picks the view), `present=1` (presenter mode) and
//! `section=<name>` (one experiment of a long view, for an embed).
//!
//! Parsing never fails: whatever it cannot use becomes a [`Problem`] that the app shows,
//! and the rest of the address still applies.

use crate::i18n::Lang;
use crate::lessons::{self, At};
use crate::views::ViewId;
use crate::views::cluster::driver::{MAX_SPEED, MIN_SPEED};
use crate::views::cluster::scenarios::ScenarioId;
use sim::Profile;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    View(ViewId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Something in the address that Kubelab could not use, and ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    UnknownView(String),
    UnknownLang(String),
    BadFlag {
        param: String,
        value: String,
    },
    BadTheme(String),
    UnknownParam(String),
    Duplicate(String),
    /// A value the Cluster view cannot use (`param`, the value, what it accepts).
    BadValue {
        param: String,
        value: String,
    },
    UnknownLesson(String),
    /// A step the lesson does not have: the step shown instead (from 1).
    BadStep {
        value: String,
        shown: usize,
    },
    /// A `section=` the view does not have.
    UnknownSection(String),
}

/// What the address chooses for the Cluster view: the same values give the same run.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ClusterParams {
    pub scenario: Option<ScenarioId>,
    pub seed: Option<u64>,
    pub speed: Option<f64>,
    pub profile: Option<Profile>,
    /// `Some(None)`: no HPA; `Some(Some(t))`: an HPA with CPU target t%.
    pub hpa: Option<Option<u32>>,
    pub paused: bool,
}

// `speed` is never NaN (parsing refuses it), so equality is an equivalence.
impl Eq for ClusterParams {}

impl ClusterParams {
    fn is_empty(&self) -> bool {
        *self == ClusterParams::default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    /// The language the address asks for, if it names a valid one.
    pub lang: Option<Lang>,
    pub embed: bool,
    pub theme: Theme,
    pub cluster: ClusterParams,
    /// The lesson step shown (its view is the page).
    pub lesson: Option<At>,
    /// Presenter mode: large type, higher contrast, less chrome, presenter keys.
    pub present: bool,
    /// One section of the view alone (`section=race`), one of its `sections`.
    pub section: Option<&'static str>,
    pub problems: Vec<Problem>,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            page: Page::Home,
            lang: None,
            embed: false,
            theme: Theme::Auto,
            cluster: ClusterParams::default(),
            lesson: None,
            present: false,
            section: None,
            problems: vec![],
        }
    }
}

/// The `name=value` pairs of a query string, decoded as browsers encode forms
/// (`application/x-www-form-urlencoded`): `+` is a space, `%XX` a byte, and bytes that are
/// not UTF-8 become U+FFFD. Empty pairs are skipped; a pair without `=` has an empty value.
fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (name, value) = p.split_once('=').unwrap_or((p, ""));
        (decode(name), decode(value))
    })
}

fn decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (
            b[i],
            b.get(i + 1).and_then(|h| hex(*h)),
            b.get(i + 2).and_then(|l| hex(*l)),
        ) {
            (b'+', ..) => out.push(b' '),
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 2;
            }
            (c, ..) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bad(param: &str, value: &str) -> Problem {
    Problem::BadValue {
        param: param.into(),
        value: quote(value),
    }
}

/// Parses one Cluster-view parameter into `c`; false when `key` is not one of them.
fn cluster_param(
    key: &str,
    value: &str,
    c: &mut ClusterParams,
    problems: &mut Vec<Problem>,
) -> bool {
    match key {
        "scenario" => match ScenarioId::from_slug(value) {
            Some(id) => c.scenario = Some(id),
            None => problems.push(bad(key, value)),
        },
        "seed" => match value.parse::<u64>() {
            Ok(s) => c.seed = Some(s),
            Err(_) => problems.push(bad(key, value)),
        },
        "speed" => match sim::util::parse_decimal(value.trim_end_matches(['x', 'X'])) {
            Some(s) if s.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(&s) => c.speed = Some(s),
            _ => problems.push(bad(key, value)),
        },
        "profile" => match value.to_ascii_lowercase().as_str() {
            "real" => c.profile = Some(Profile::Real),
            "classroom" => c.profile = Some(Profile::Classroom),
            _ => problems.push(bad(key, value)),
        },
        "hpa" => match value.to_ascii_lowercase().as_str() {
            "off" | "0" | "none" => c.hpa = Some(None),
            v => match v.trim_end_matches('%').parse::<u32>() {
                Ok(t) if (1..=1000).contains(&t) => c.hpa = Some(Some(t)),
                _ => problems.push(bad(key, value)),
            },
        },
        "paused" => c.paused = flag(key, value, problems),
        _ => return false,
    }
    true
}

/// Longest piece of a bad value quoted back to the user.
const QUOTE_MAX: usize = 40;

fn quote(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > QUOTE_MAX {
        let cut: String = clean.chars().take(QUOTE_MAX).collect();
        format!("{cut}…")
    } else {
        clean
    }
}

fn flag(param: &str, value: &str, problems: &mut Vec<Problem>) -> bool {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => true,
        "0" | "false" | "no" | "off" => false,
        _ => {
            problems.push(Problem::BadFlag {
                param: param.into(),
                value: quote(value),
            });
            false
        }
    }
}

impl Route {
    /// Parses a query string, with or without its leading `?`.
    pub fn parse(query: &str) -> Route {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut route = Route::default();
        let mut seen: Vec<String> = Vec::new();
        // Read after the loop: they depend on each other and on the view.
        let (mut lesson, mut step, mut section) = (None, None, None);
        for (key, value) in pairs(query) {
            let key = key.trim().to_ascii_lowercase();
            if key.is_empty() {
                continue;
            }
            if seen.contains(&key) {
                if !route.problems.contains(&Problem::Duplicate(quote(&key))) {
                    route.problems.push(Problem::Duplicate(quote(&key)));
                }
                continue;
            }
            seen.push(key.clone());
            let value = value.trim();
            match key.as_str() {
                "view" => match ViewId::from_slug(value) {
                    Some(id) => route.page = Page::View(id),
                    None if value.is_empty() => {}
                    None => route.problems.push(Problem::UnknownView(quote(value))),
                },
                "lang" => match Lang::from_tag(value) {
                    Some(l) => route.lang = Some(l),
                    None => route.problems.push(Problem::UnknownLang(quote(value))),
                },
                "embed" => route.embed = flag("embed", value, &mut route.problems),
                "present" => route.present = flag("present", value, &mut route.problems),
                "lesson" => lesson = Some(value.to_string()),
                "step" => step = Some(value.to_string()),
                "section" => section = Some(value.to_string()),
                "theme" => match value.to_ascii_lowercase().as_str() {
                    "light" => route.theme = Theme::Light,
                    "dark" => route.theme = Theme::Dark,
                    "auto" | "" => route.theme = Theme::Auto,
                    _ => route.problems.push(Problem::BadTheme(quote(value))),
                },
                k => {
                    if !cluster_param(k, value, &mut route.cluster, &mut route.problems) {
                        route.problems.push(Problem::UnknownParam(quote(&key)))
                    }
                }
            }
        }
        route.lesson_param(lesson, step);
        if let Some(name) = section.filter(|s| !s.is_empty()) {
            let sections = match route.page {
                Page::View(id) if route.lesson.is_none() => id.spec().sections,
                _ => &[],
            };
            match sections.iter().find(|s| s.eq_ignore_ascii_case(&name)) {
                Some(s) => route.section = Some(s),
                None => route.problems.push(Problem::UnknownSection(quote(&name))),
            }
        }
        route
    }

    /// Reads `lesson=` and `step=`: a known lesson picks the page (its step's view); a
    /// step it lacks shows the nearest one, and says so.
    fn lesson_param(&mut self, lesson: Option<String>, step: Option<String>) {
        let Some(id) = lesson.filter(|l| !l.is_empty()) else {
            if let Some(step) = step {
                self.problems
                    .push(Problem::UnknownParam(quote(&["step=", &step].concat())));
            }
            return;
        };
        let Some(index) = lessons::find(&id) else {
            self.problems.push(Problem::UnknownLesson(quote(&id)));
            return;
        };
        let count = lessons::LESSONS[index].views.len();
        let n = match step.as_deref().map(str::trim) {
            None | Some("") => 1,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) => n,
                parsed => {
                    let shown = if parsed.is_ok_and(|n| n > count) {
                        count
                    } else {
                        1
                    };
                    self.problems.push(Problem::BadStep {
                        value: quote(v),
                        shown,
                    });
                    shown
                }
            },
        };
        let at = At {
            lesson: index,
            step: n - 1,
        };
        self.page = Page::View(at.view());
        self.lesson = Some(at);
    }

    /// The canonical query string (with `?`) for this route in `lang`: what links and the
    /// address bar show. Problems are dropped: a canonical address has none.
    pub fn query(&self, lang: Lang) -> String {
        // Every value is a slug, a code or a number (`a-z`, `0-9`, `-`, `.`): none needs escaping.
        let mut q = String::from("?");
        if let Page::View(id) = self.page {
            q.push_str("view=");
            q.push_str(id.slug());
            q.push('&');
        }
        q.push_str("lang=");
        q.push_str(lang.code());
        if let Some(at) = self.lesson {
            q.push_str("&lesson=");
            q.push_str(at.info().id);
            q.push_str("&step=");
            q.push_str(&(at.step + 1).to_string());
        }
        if let Some(s) = self.section {
            q.push_str("&section=");
            q.push_str(s);
        }
        if self.embed {
            q.push_str("&embed=1");
        }
        if self.theme != Theme::Auto {
            q.push_str("&theme=");
            q.push_str(self.theme.code());
        }
        if self.present {
            q.push_str("&present=1");
        }
        // In a lesson the step chooses the run: the address names the step only.
        if self.page == Page::View(ViewId::Cluster) && self.lesson.is_none() {
            let c = &self.cluster;
            let mut pair = |name: &str, value: &str| {
                q.push('&');
                q.push_str(name);
                q.push('=');
                q.push_str(value);
            };
            if let Some(s) = c.scenario {
                pair("scenario", s.slug());
            }
            if let Some(s) = c.seed {
                pair("seed", &s.to_string());
            }
            if let Some(s) = c.speed {
                pair("speed", &sim::util::fmt_decimal(s));
            }
            if let Some(p) = c.profile {
                pair(
                    "profile",
                    match p {
                        Profile::Real => "real",
                        Profile::Classroom => "classroom",
                    },
                );
            }
            match c.hpa {
                Some(None) => pair("hpa", "off"),
                Some(Some(t)) => pair("hpa", &t.to_string()),
                None => {}
            }
            if c.paused {
                pair("paused", "1");
            }
        }
        q
    }

    /// The same route showing another page, without problems (and without the Cluster
    /// view's choices when leaving it).
    pub fn with_page(&self, page: Page) -> Route {
        let keep = page == self.page && !self.cluster.is_empty();
        Route {
            page,
            cluster: if keep {
                self.cluster
            } else {
                ClusterParams::default()
            },
            lesson: None,
            section: None,
            problems: vec![],
            ..self.clone()
        }
    }

    /// The same route at a lesson's step (its view), or out of the lesson (`None`: the
    /// start page).
    pub fn with_lesson(&self, at: Option<At>) -> Route {
        Route {
            page: at.map_or(Page::Home, |a| Page::View(a.view())),
            cluster: ClusterParams::default(),
            lesson: at,
            section: None,
            problems: vec![],
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, page: Page, lang: Option<Lang>, embed: bool, problems: &[Problem]) {
        let r = Route::parse(query);
        assert_eq!(r.page, page, "page of {query:?}");
        assert_eq!(r.lang, lang, "lang of {query:?}");
        assert_eq!(r.embed, embed, "embed of {query:?}");
        assert_eq!(r.problems, problems, "problems of {query:?}");
    }

    #[test]
    fn well_formed_addresses() {
        check("", Page::Home, None, false, &[]);
        check("?", Page::Home, None, false, &[]);
        check(
            "?view=cluster",
            Page::View(ViewId::Cluster),
            None,
            false,
            &[],
        );
        check(
            "view=eks&lang=ko",
            Page::View(ViewId::Eks),
            Some(Lang::Ko),
            false,
            &[],
        );
        check("?lang=en-GB&embed=1", Page::Home, Some(Lang::En), true, &[]);
        check("?embed", Page::Home, None, true, &[]);
        check("?embed=0&view=", Page::Home, None, false, &[]);
        check(
            "?VIEW=Cluster",
            Page::View(ViewId::Cluster),
            None,
            false,
            &[],
        );
        check(
            "?view=vm-vs-container%20",
            Page::View(ViewId::VmVsContainer),
            None,
            false,
            &[],
        );
    }

    #[test]
    fn bad_input_is_reported_and_the_rest_still_applies() {
        check(
            "?view=nope&lang=ko",
            Page::Home,
            Some(Lang::Ko),
            false,
            &[Problem::UnknownView("nope".into())],
        );
        check(
            "?lang=xx&view=eks",
            Page::View(ViewId::Eks),
            None,
            false,
            &[Problem::UnknownLang("xx".into())],
        );
        check(
            "?embed=maybe",
            Page::Home,
            None,
            false,
            &[Problem::BadFlag {
                param: "embed".into(),
                value: "maybe".into(),
            }],
        );
        check(
            "?view=eks&view=cluster&utm_source=x",
            Page::View(ViewId::Eks),
            None,
            false,
            &[
                Problem::Duplicate("view".into()),
                Problem::UnknownParam("utm_source".into()),
            ],
        );
        let r = Route::parse("?theme=neon");
        assert_eq!(r.theme, Theme::Auto);
        assert_eq!(r.problems, [Problem::BadTheme("neon".into())]);
    }

    #[test]
    fn garbage_never_panics_and_quotes_are_bounded() {
        let long = "x".repeat(5000);
        for q in [
            "%%%&&==&=%ZZ",
            "?view=%E0%A4%A",
            "?=&=&view",
            &format!("?view={long}"),
            "?view=\u{0}\u{7}cluster",
            "?lang=%F0%9F%A6%80",
            "&&&&",
        ] {
            let r = Route::parse(q);
            for p in &r.problems {
                let text = format!("{p:?}");
                assert!(
                    text.len() < 200,
                    "problem text not bounded: {}",
                    &text[..80]
                );
                assert!(
                    !text.contains('\u{0}'),
                    "control characters must not be quoted back"
                );
            }
        }
        assert_eq!(Route::parse(&format!("?view={long}")).page, Page::Home);
    }

    #[test]
    fn queries_decode_as_forms_do() {
        let decoded: Vec<(String, String)> =
            pairs("a=b+c&&d=%41%4a%4&e&%F0%9F%A6%80=%ZZ&=x").collect();
        let want = [
            ("a", "b c"),
            ("d", "AJ%4"),
            ("e", ""),
            ("🦀", "%ZZ"),
            ("", "x"),
        ];
        assert_eq!(decoded.len(), want.len());
        for ((k, v), (wk, wv)) in decoded.iter().zip(want) {
            assert_eq!((k.as_str(), v.as_str()), (wk, wv));
        }
        assert_eq!(decode("%E0%A4%A"), "\u{FFFD}%A");
    }

    #[test]
    fn canonical_query_round_trips() {
        for page in std::iter::once(Page::Home).chain(ViewId::ALL.iter().map(|&v| Page::View(v))) {
            for lang in Lang::ALL {
                for embed in [false, true] {
                    for theme in [Theme::Auto, Theme::Light, Theme::Dark] {
                        let r = Route {
                            page,
                            lang: Some(lang),
                            embed,
                            theme,
                            cluster: ClusterParams::default(),
                            lesson: None,
                            present: embed && theme == Theme::Dark,
                            section: None,
                            problems: vec![],
                        };
                        let q = r.query(lang);
                        assert_eq!(Route::parse(&q), r, "round trip of {q}");
                    }
                }
            }
        }
    }

    #[test]
    fn cluster_parameters_choose_the_run() {
        let r = Route::parse(
            "?view=cluster&scenario=node-failure&seed=7&speed=2.5&profile=real&hpa=50&paused=1",
        );
        assert_eq!(r.problems, []);
        let c = r.cluster;
        assert_eq!(c.scenario, Some(ScenarioId::NodeFailure));
        assert_eq!(c.seed, Some(7));
        assert_eq!(c.speed, Some(2.5));
        assert_eq!(c.profile, Some(Profile::Real));
        assert_eq!(c.hpa, Some(Some(50)));
        assert!(c.paused);
        // The canonical address keeps them, in a fixed order, and round-trips.
        let q = r.query(Lang::En);
        assert_eq!(
            q,
            "?view=cluster&lang=en&scenario=node-failure&seed=7&speed=2.5&profile=real&hpa=50&paused=1"
        );
        assert_eq!(Route::parse(&q).cluster, c);
        assert_eq!(
            Route::parse("?view=cluster&hpa=off").cluster.hpa,
            Some(None)
        );
        assert_eq!(
            Route::parse("?view=cluster&speed=100x").cluster.speed,
            Some(100.0)
        );
        // Leaving the view drops them; other pages never show them.
        assert_eq!(r.with_page(Page::Home).query(Lang::En), "?lang=en");
        let eks = Route {
            page: Page::View(ViewId::Eks),
            ..r.clone()
        };
        assert!(!eks.query(Lang::En).contains("seed"));
    }

    #[test]
    fn bad_cluster_values_are_reported_and_ignored() {
        let bad = |p: &str, v: &str| Problem::BadValue {
            param: p.into(),
            value: v.into(),
        };
        let r = Route::parse(
            "?view=cluster&scenario=nope&seed=abc&speed=0&profile=fast&hpa=0.5&paused=maybe",
        );
        assert_eq!(r.page, Page::View(ViewId::Cluster));
        assert_eq!(r.cluster.scenario, None);
        assert_eq!(r.cluster.seed, None);
        assert_eq!(r.cluster.speed, None);
        assert_eq!(
            r.problems,
            [
                bad("scenario", "nope"),
                bad("seed", "abc"),
                bad("speed", "0"),
                bad("profile", "fast"),
                bad("hpa", "0.5"),
                Problem::BadFlag {
                    param: "paused".into(),
                    value: "maybe".into()
                },
            ]
        );
        for q in [
            "?speed=1e9",
            "?speed=NaN",
            "?speed=-1",
            "?seed=-3",
            "?seed=99999999999999999999",
        ] {
            let r = Route::parse(q);
            assert_eq!(r.cluster, ClusterParams::default(), "{q}");
            assert_eq!(r.problems.len(), 1, "{q}");
        }
    }
}
