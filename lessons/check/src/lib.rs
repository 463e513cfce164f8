//! Kubelab's lessons, checked: reads `lessons/*.toml`, refuses a broken lesson with its
//! file and step, and writes what the app needs: the lesson list compiled into the first
//! load (`build.rs` calls [`index_rs`]) and one small file per lesson that the app fetches
//! when the lesson opens ([`served`]; the Trunk hook runs this crate's binary).
//!
//! A lesson file:
//!
//! ```toml
//! order = 5                               # its place in the journey
//! minutes = 8
//! title = { en = "Self-healing after a node failure", ko = "노드 장애 뒤의 자가 치유" }
//! outcomes = { en = "Say how … | Predict …", ko = "… | …" }
//!
//! [[step]]
//! view = "cluster"
//! run = "basic 1 classroom off"          # scenario, seed, profile, HPA
//! part = "node:node-2"
//! say = { en = "Power off `node-2`.", ko = "`node-2`의 전원을 끄세요." }
//! do = "run node power-off node-2"
//! done = "off node-2"
//! ```
//!
//! What is refused: a missing language or an empty text; `{…}` that differ between the
//! languages; a number outside `{fact:…}`, `{default:…}`, `{n:…}` or code; an unknown fact
//! (`src/facts.rs`), engine default (`sim::defaults`), view, part (`src/lessons/parts.rs`),
//! scenario, action or condition; a command the engine cannot parse; a question whose
//! answer is not one of its choices; a watched step with no condition; an unknown key.

#[path = "../../../src/lessons/format.rs"]
pub mod format;
#[path = "../../../src/lessons/parts.rs"]
pub mod parts;

use format::{Action, Cond};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// The languages, in the app's `Lang` order.
pub const LANGS: [&str; 2] = ["en", "ko"];

/// The views' slugs and their `ViewId` variants.
pub const VIEWS: [(&str, &str); 5] = [
    ("why-containers", "WhyContainers"),
    ("vm-vs-container", "VmVsContainer"),
    ("image-vs-container", "ImageVsContainer"),
    ("cluster", "Cluster"),
    ("eks", "Eks"),
];

/// The Cluster view's scenarios (`ScenarioId` slugs).
pub const SCENARIOS: [&str; 5] = [
    "basic",
    "node-failure",
    "load-spike",
    "rolling-update",
    "scale-100",
];

/// A lesson's step, texts owned, `{default:…}` expanded for the app.
#[derive(Clone, Debug, PartialEq)]
pub struct StepText {
    pub view: String,
    pub run: String,
    pub parts: String,
    pub say: [String; 2],
    pub task: TaskText,
    pub done: String,
    pub setup: Vec<String>,
    pub show: Vec<String>,
    pub speed: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TaskText {
    Read,
    Do(String),
    Watch,
    Ask {
        question: [String; 2],
        choices: [Vec<String>; 2],
        answer: usize,
        explain: [String; 2],
    },
}

/// A checked lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: String,
    /// Its place in the journey (the lessons are listed and chained in this order).
    pub order: u32,
    pub minutes: u32,
    pub title: [String; 2],
    pub outcomes: [String; 2],
    pub steps: Vec<StepText>,
    /// The facts its texts cite (`{fact:key}`).
    pub facts: BTreeSet<String>,
}

impl StepText {
    pub fn borrow(&self) -> format::Step<'_> {
        fn strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        fn pair(p: &[String; 2]) -> [&str; 2] {
            [p[0].as_str(), p[1].as_str()]
        }
        format::Step {
            view: &self.view,
            run: &self.run,
            parts: &self.parts,
            say: pair(&self.say),
            task: match &self.task {
                TaskText::Read => format::Task::Read,
                TaskText::Do(a) => format::Task::Do(a),
                TaskText::Watch => format::Task::Watch,
                TaskText::Ask {
                    question,
                    choices,
                    answer,
                    explain,
                } => format::Task::Ask(format::Ask {
                    question: pair(question),
                    choices: [strs(&choices[0]), strs(&choices[1])],
                    answer: *answer,
                    explain: pair(explain),
                }),
            },
            done: &self.done,
            setup: strs(&self.setup),
            show: strs(&self.show),
            speed: &self.speed,
        }
    }
}

/// The served file of a lesson (see `format::encode`).
pub fn served(l: &Lesson) -> String {
    format::encode(&format::File {
        id: &l.id,
        steps: l.steps.iter().map(StepText::borrow).collect(),
    })
}

/// The facts of `src/facts.rs` by key: the `IDENT = "key", …` lines of its `facts!` block.
pub fn fact_idents(source: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut inside = false;
    for line in source.lines() {
        let line = line.trim();
        if line.starts_with("facts! {") {
            inside = true;
        } else if inside && line == "}" {
            break;
        } else if inside
            && let Some((ident, rest)) = line.split_once(" = \"")
            && let Some((key, _)) = rest.split_once('"')
        {
            map.insert(key.to_string(), ident.to_string());
        }
    }
    map
}

/// Reads and checks every `*.toml` of `dir`, in name order. Errors name the file and step.
pub fn load_dir(dir: &Path, facts: &BTreeMap<String, String>) -> (Vec<Lesson>, Vec<String>) {
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(e) => return (vec![], vec![format!("{}: {e}", dir.display())]),
    };
    files.sort();
    let (mut lessons, mut errors) = (Vec::new(), Vec::new());
    for path in files {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match check(&name, &text, facts) {
                Ok(l) => lessons.push(l),
                Err(e) => errors.extend(e),
            },
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    if errors.is_empty() && lessons.is_empty() {
        errors.push(format!("{}: no lessons", dir.display()));
    }
    lessons.sort_by_key(|l| l.order);
    for w in lessons.windows(2) {
        if w[0].order == w[1].order {
            errors.push(format!(
                "{}/{}.toml: order {} is also lesson {}'s",
                dir.display(),
                w[1].id,
                w[1].order,
                w[0].id
            ));
        }
    }
    (lessons, errors)
}

/// Collects the problems of one lesson, each prefixed with where it is.
struct Problems {
    file: String,
    list: Vec<String>,
}

impl Problems {
    fn add(&mut self, at: &str, msg: impl AsRef<str>) {
        self.list
            .push(format!("{}: {at}: {}", self.file, msg.as_ref()));
    }
}

/// Checks one lesson file (`file` names it in errors; its stem is the lesson's id).
pub fn check(
    file: &str,
    text: &str,
    facts: &BTreeMap<String, String>,
) -> Result<Lesson, Vec<String>> {
    let mut p = Problems {
        file: file.to_string(),
        list: vec![],
    };
    let id = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        p.add(
            "file name",
            "a lesson's id (its file name) is lower-case-with-dashes",
        );
    }
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            p.add("toml", e.to_string());
            return Err(p.list);
        }
    };
    for key in table.keys() {
        if !["order", "minutes", "title", "outcomes", "step"].contains(&key.as_str()) {
            p.add("lesson", format!("unknown key `{key}`"));
        }
    }
    let mut cited = BTreeSet::new();
    let order = match table.get("order").and_then(toml::Value::as_integer) {
        Some(o) if o >= 1 => o as u32,
        _ => {
            p.add(
                "order",
                "the lesson's place in the journey: order = 1, 2, …",
            );
            0
        }
    };
    let minutes = match table.get("minutes").and_then(toml::Value::as_integer) {
        Some(m @ 5..=10) => m as u32,
        _ => {
            p.add("minutes", "a lesson takes 5 to 10 minutes: say how many");
            0
        }
    };
    let title = plain_pair(&mut p, "title", table.get("title"));
    let outcomes = plain_pair(&mut p, "outcomes", table.get("outcomes"));
    let counts: Vec<usize> = outcomes
        .iter()
        .map(|o| o.split('|').filter(|s| !s.trim().is_empty()).count())
        .collect();
    if !outcomes[0].is_empty() && (counts[0] < 2 || counts[0] != counts[1]) {
        p.add(
            "outcomes",
            "two or more outcomes, `|`-separated, as many in each language",
        );
    }
    let steps_in = table
        .get("step")
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default();
    if steps_in.len() < 3 {
        p.add("lesson", "a lesson has three or more [[step]]s");
    }
    let mut steps = Vec::new();
    let mut view = String::new();
    let mut classroom = false;
    for (i, s) in steps_in.iter().enumerate() {
        let at = format!("step {}", i + 1);
        let Some(s) = s.as_table() else {
            p.add(&at, "a step is a table");
            continue;
        };
        if let Some(step) = check_step(&mut p, &at, s, &mut view, &mut classroom, &mut cited, facts)
        {
            steps.push(step);
        }
    }
    if p.list.is_empty() {
        Ok(Lesson {
            id,
            order,
            minutes,
            title,
            outcomes,
            steps,
            facts: cited,
        })
    } else {
        Err(p.list)
    }
}

const STEP_KEYS: [&str; 15] = [
    "view", "run", "part", "say", "do", "watch", "ask", "choices", "answer", "explain", "done",
    "setup", "show", "speed", "note",
];

fn check_step(
    p: &mut Problems,
    at: &str,
    s: &toml::Table,
    view: &mut String,
    classroom: &mut bool,
    cited: &mut BTreeSet<String>,
    facts: &BTreeMap<String, String>,
) -> Option<StepText> {
    for key in s.keys() {
        if !STEP_KEYS.contains(&key.as_str()) {
            p.add(at, format!("unknown key `{key}`"));
        }
    }
    let str_of = |key: &str| s.get(key).and_then(toml::Value::as_str).unwrap_or("");
    let prev = view.clone();
    match s.get("view").and_then(toml::Value::as_str) {
        Some(v) if VIEWS.iter().any(|(slug, _)| *slug == v) => *view = v.to_string(),
        Some(v) => p.add(at, format!("unknown view `{v}`")),
        None if view.is_empty() => p.add(at, "the first step names its view"),
        None => {}
    }
    let cluster = view == "cluster";
    let run = str_of("run").to_string();
    if !run.is_empty() {
        if !cluster {
            p.add(
                at,
                "`run` starts the Cluster view's run: only on a cluster step",
            );
        }
        match check_run(&run) {
            Ok(c) => *classroom = c,
            Err(e) => p.add(at, e),
        }
    } else if cluster && prev != "cluster" {
        p.add(
            at,
            "the first step in the Cluster view says which run to start: run = \"SCENARIO SEED PROFILE HPA\"",
        );
    }
    let parts = str_of("part").to_string();
    for part in parts.split_whitespace() {
        if !parts::known(view, part) {
            p.add(at, format!("view `{view}` has no part `{part}`"));
        }
    }
    let say = pair(p, &format!("{at}: say"), s.get("say"), cited, facts);
    let has = |k: &str| s.contains_key(k);
    let tasks = ["do", "watch", "ask"].iter().filter(|k| has(k)).count();
    if tasks > 1 {
        p.add(at, "a step asks for one thing: `do`, `watch` or `ask`");
    }
    let task = if let Some(a) = s.get("do") {
        let a = a.as_str().unwrap_or_default();
        match format::action(a) {
            Ok(act) => {
                check_action(p, at, view, &act);
                if act.natural().is_none() {
                    p.add(
                        at,
                        "`do` is something the learner does: click, set, run or pick",
                    );
                }
            }
            Err(e) => p.add(at, format!("do: {e}")),
        }
        TaskText::Do(a.to_string())
    } else if has("watch") {
        if s.get("watch").and_then(toml::Value::as_bool) != Some(true) {
            p.add(at, "watch = true");
        }
        if !has("done") {
            p.add(
                at,
                "a watched step says when it is over: done = \"CONDITION\"",
            );
        }
        if !cluster && !has("show") {
            p.add(
                at,
                "a watched step outside the Cluster view says what `show` does",
            );
        }
        TaskText::Watch
    } else if has("ask") {
        let question = pair(p, &format!("{at}: ask"), s.get("ask"), cited, facts);
        let explain = pair(p, &format!("{at}: explain"), s.get("explain"), cited, facts);
        let mut choices: [Vec<String>; 2] = [vec![], vec![]];
        for (l, lang) in LANGS.iter().enumerate() {
            let list = s
                .get("choices")
                .and_then(|c| c.get(*lang))
                .and_then(toml::Value::as_array);
            match list {
                Some(items) => {
                    for (j, item) in items.iter().enumerate() {
                        let text = item.as_str().unwrap_or_default();
                        let where_ = format!("{at}: choice {} ({lang})", j + 1);
                        for e in text_problems(text, facts) {
                            p.add(&where_, e);
                        }
                        cite_into(text, cited);
                        choices[l].push(expand(text, l, *classroom));
                    }
                }
                None => p.add(at, format!("`choices.{lang}` lists the answers")),
            }
        }
        if choices[0].len() != choices[1].len() || !(2..=5).contains(&choices[0].len()) {
            p.add(at, "two to five choices, as many in each language");
        }
        let answer = match s.get("answer").and_then(toml::Value::as_integer) {
            Some(a) if a >= 1 && (a as usize) <= choices[0].len() => a as usize - 1,
            _ => {
                p.add(at, "`answer` is the number of the right choice, from 1");
                0
            }
        };
        TaskText::Ask {
            question,
            choices,
            answer,
            explain,
        }
    } else {
        TaskText::Read
    };
    if !matches!(task, TaskText::Ask { .. })
        && ["choices", "answer", "explain"].iter().any(|k| has(k))
    {
        p.add(
            at,
            "`choices`, `answer` and `explain` belong to an `ask` step",
        );
    }
    let done = str_of("done").to_string();
    if !done.is_empty() {
        match format::cond(&done) {
            Ok(c) => check_cond(p, at, view, &c),
            Err(e) => p.add(at, format!("done: {e}")),
        }
    }
    let list = |key: &str, p: &mut Problems| -> Vec<String> {
        let items = match s.get(key) {
            None => return vec![],
            Some(v) => v.as_array().cloned().unwrap_or_else(|| {
                p.add(at, format!("`{key}` is a list of actions"));
                vec![]
            }),
        };
        items
            .iter()
            .map(|a| a.as_str().unwrap_or_default().to_string())
            .collect()
    };
    let setup = list("setup", p);
    let show = list("show", p);
    for a in setup.iter().chain(&show) {
        match format::action(a) {
            Ok(act) => check_action(p, at, view, &act),
            Err(e) => p.add(at, format!("`{a}`: {e}")),
        }
    }
    let speed = match s.get("speed") {
        None => String::new(),
        Some(v) => {
            let x = v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .unwrap_or(0.0);
            if !cluster || !(0.1..=100.0).contains(&x) {
                p.add(at, "`speed` (Cluster view): 0.1 to 100");
            }
            if x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                format!("{x}")
            }
        }
    };
    if matches!(task, TaskText::Watch) && cluster && speed.is_empty() {
        p.add(at, "a watched Cluster step plays: say at what `speed`");
    }
    if !speed.is_empty() && !matches!(task, TaskText::Watch | TaskText::Do(_)) {
        p.add(
            at,
            "`speed` plays the run while a step is watched or done: only there",
        );
    }
    if let Some(note) = s.get("note")
        && !note.is_str()
    {
        p.add(at, "`note` is a comment for authors");
    }
    // The cluster lab's binary carries the engine's defaults, not the explainers' facts.
    let mut texts: Vec<&str> = say.iter().map(String::as_str).collect();
    if let TaskText::Ask {
        question,
        choices,
        explain,
        ..
    } = &task
    {
        texts.extend(question.iter().chain(explain).map(String::as_str));
        texts.extend(choices.iter().flatten().map(String::as_str));
    }
    if cluster && texts.iter().any(|t| t.contains("{fact:")) {
        p.add(
            at,
            "a Cluster-view step cites engine defaults ({default:…}), not facts of src/facts.rs (its binary leaves them out)",
        );
    }
    Some(StepText {
        view: view.clone(),
        run,
        parts,
        say: [
            expand(&say[0], 0, *classroom),
            expand(&say[1], 1, *classroom),
        ],
        task: match task {
            TaskText::Ask {
                question,
                choices,
                answer,
                explain,
            } => TaskText::Ask {
                question: [
                    expand(&question[0], 0, *classroom),
                    expand(&question[1], 1, *classroom),
                ],
                choices,
                answer,
                explain: [
                    expand(&explain[0], 0, *classroom),
                    expand(&explain[1], 1, *classroom),
                ],
            },
            other => other,
        },
        done,
        setup,
        show,
        speed,
    })
}

/// `SCENARIO SEED PROFILE HPA`; Ok(whether the profile is classroom).
fn check_run(run: &str) -> Result<bool, String> {
    let w: Vec<&str> = run.split_whitespace().collect();
    let usage = "run = \"SCENARIO SEED PROFILE HPA\", e.g. \"basic 1 classroom off\"";
    if w.len() != 4 {
        return Err(usage.into());
    }
    if !SCENARIOS.contains(&w[0]) {
        return Err(format!(
            "unknown scenario `{}` ({})",
            w[0],
            SCENARIOS.join(", ")
        ));
    }
    if w[1].parse::<u64>().is_err() {
        return Err(format!("seed `{}` is not a whole number", w[1]));
    }
    let classroom = match w[2] {
        "real" => false,
        "classroom" => true,
        other => return Err(format!("profile `{other}`: real or classroom")),
    };
    match w[3] {
        "off" => {}
        t if t.parse::<u32>().is_ok_and(|t| (1..=1000).contains(&t)) => {}
        t => return Err(format!("hpa `{t}`: off or a CPU target from 1 to 1000")),
    }
    Ok(classroom)
}

fn check_action(p: &mut Problems, at: &str, view: &str, a: &Action) {
    let cluster = view == "cluster";
    match a {
        Action::Click(part) | Action::Set(part, _) => {
            if !parts::known(view, part) {
                p.add(at, format!("view `{view}` has no part `{part}`"));
            }
        }
        Action::Pick(part) => {
            if !cluster || !parts::known(view, part) {
                p.add(at, format!("`pick {part}`: a part of the Cluster view"));
            }
        }
        Action::Run(line) => {
            if !cluster {
                p.add(
                    at,
                    "`run` sends a command to the Cluster view: only on a cluster step",
                );
            }
            match sim::parse_command(line) {
                Ok(sim::Command::Advance { .. }) => p.add(
                    at,
                    format!("`{line}`: time goes on with `seek` or `until`, not `advance`"),
                ),
                Ok(_) => {}
                Err(e) => p.add(at, format!("`{line}`: {}", e.message())),
            }
        }
        Action::Seek(_) => {
            if !cluster {
                p.add(
                    at,
                    "`seek` moves the Cluster view's clock: only on a cluster step",
                );
            }
        }
        Action::Until(c) => {
            if !cluster || c.on_page() {
                p.add(at, "`until` waits for the Cluster view's engine");
            }
            check_cond(p, at, view, c);
        }
    }
}

fn check_cond(p: &mut Problems, at: &str, view: &str, c: &Cond) {
    let event_kind = |k: &str| {
        k.starts_with(|c: char| c.is_ascii_uppercase())
            && k.chars().all(|c| c.is_ascii_alphanumeric())
    };
    match c {
        Cond::Clicked(part) | Cond::State(part, _) | Cond::Value(part, _)
            if !parts::known(view, part) =>
        {
            p.add(at, format!("view `{view}` has no part `{part}`"));
        }
        Cond::Event(kind) if !event_kind(kind) => {
            p.add(
                at,
                format!("`event {kind}`: an event kind such as TaintEvicted"),
            );
        }
        Cond::Sent(line) => {
            if let Err(e) = sim::parse_command(line) {
                p.add(at, format!("`sent {line}`: {}", e.message()));
            }
        }
        _ => {}
    }
    if !c.on_page() && view != "cluster" {
        p.add(at, "a condition on the engine needs the Cluster view");
    }
}

/// A `{en, ko}` table of texts, each checked; empty strings where missing.
fn pair(
    p: &mut Problems,
    at: &str,
    v: Option<&toml::Value>,
    cited: &mut BTreeSet<String>,
    facts: &BTreeMap<String, String>,
) -> [String; 2] {
    pair_of(p, at, v, cited, facts, true)
}

/// [`pair`] for plain texts (titles, outcomes: the start page shows them as they are).
fn plain_pair(p: &mut Problems, at: &str, v: Option<&toml::Value>) -> [String; 2] {
    pair_of(p, at, v, &mut BTreeSet::new(), &BTreeMap::new(), false)
}

fn pair_of(
    p: &mut Problems,
    at: &str,
    v: Option<&toml::Value>,
    cited: &mut BTreeSet<String>,
    facts: &BTreeMap<String, String>,
    markup: bool,
) -> [String; 2] {
    let mut out = [String::new(), String::new()];
    let Some(t) = v.and_then(toml::Value::as_table) else {
        p.add(at, "a text in each language: { en = \"…\", ko = \"…\" }");
        return out;
    };
    for key in t.keys() {
        if !LANGS.contains(&key.as_str()) {
            p.add(at, format!("unknown language `{key}`"));
        }
    }
    for (i, lang) in LANGS.iter().enumerate() {
        match t.get(*lang).and_then(toml::Value::as_str) {
            Some(s) if !s.trim().is_empty() => {
                if !markup && s.contains(['{', '`']) {
                    p.add(
                        &format!("{at} ({lang})"),
                        "plain text: no `{…}` or code here",
                    );
                }
                for e in text_problems(s, facts) {
                    p.add(&format!("{at} ({lang})"), e);
                }
                out[i] = s.to_string();
            }
            _ => p.add(at, format!("missing or empty `{lang}` text")),
        }
    }
    // Both languages cite the same facts and defaults (names in `{n:…}` are translated).
    if !out[0].is_empty() && !out[1].is_empty() {
        let claims = |s: &str| -> BTreeSet<String> {
            tokens(s)
                .into_iter()
                .filter(|t| !t.starts_with("n:"))
                .collect()
        };
        let (a, b) = (claims(&out[0]), claims(&out[1]));
        if a != b {
            p.add(
                at,
                format!("`{{…}}` differ between the languages: {a:?} vs {b:?}"),
            );
        }
    }
    cite_into(&out[0], cited);
    out
}

/// Adds the facts `s` cites to `cited`.
fn cite_into(s: &str, cited: &mut BTreeSet<String>) {
    for f in tokens(s).iter().filter_map(|t| t.strip_prefix("fact:")) {
        cited.insert(f.to_string());
    }
}

/// The `{…}` tokens of a text, inner text only.
fn tokens(s: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let Some(len) = rest[i..].find('}') else {
            break;
        };
        set.insert(rest[i + 1..i + len].to_string());
        rest = &rest[i + len + 1..];
    }
    set
}

/// What is wrong with one text: its markup, its separators, its bare numbers.
pub fn text_problems(s: &str, facts: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    if s.contains([format::FIELD, format::RECORD, format::ITEM]) {
        out.push("control characters U+001D to U+001F are not allowed".into());
    }
    if s.matches('`').count() % 2 == 1 {
        out.push("a backtick is not closed".into());
    }
    let mut code = false;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '`' => code = !code,
            '{' => {
                let Some(len) = s[i..].find('}') else {
                    out.push("a `{` is not closed".into());
                    break;
                };
                let inner = &s[i + 1..i + len];
                if let Some(key) = inner.strip_prefix("fact:") {
                    if !facts.contains_key(key) {
                        out.push(format!("`{{fact:{key}}}` names no fact of src/facts.rs"));
                    }
                } else if let Some(id) = inner.strip_prefix("default:") {
                    if default(id).is_none() {
                        out.push(format!(
                            "`{{default:{id}}}` names no default of sim::defaults"
                        ));
                    }
                } else if let Some(name) = inner.strip_prefix("n:") {
                    if name.is_empty() {
                        out.push("`{n:}` marks nothing".into());
                    }
                } else {
                    out.push(format!(
                        "unknown markup `{{{inner}}}` ({{fact:…}}, {{default:…}}, {{n:…}})"
                    ));
                }
                while chars.peek().is_some_and(|(j, _)| *j <= i + len) {
                    chars.next();
                }
            }
            c if c.is_ascii_digit() && !code => {
                out.push(format!(
                    "a number outside {{fact:…}}, {{default:…}}, {{n:…}} or `code`: `{}`",
                    s[i..].chars().take(12).collect::<String>()
                ));
                while chars.peek().is_some_and(|(_, c)| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// The engine default with this id.
pub fn default(id: &str) -> Option<&'static sim::defaults::Def> {
    sim::defaults::ALL.iter().copied().find(|d| d.id == id)
}

/// `{default:ID}` becomes `{d:VALUE|ID|CLASSROOM|SOURCE}` for the app: the value in
/// `lang` (0 en, 1 ko), and in a classroom run the compressed value the run uses.
fn expand(s: &str, lang: usize, classroom: bool) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("{default:") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find('}').unwrap_or(tail.len() - 1);
        let id = &tail["{default:".len()..end];
        match default(id) {
            Some(d) => {
                let compressed = match (classroom, d.classroom_factor) {
                    (true, Some(f)) => value_text(d.value / u64::from(f), d.unit, lang),
                    _ => String::new(),
                };
                let source = d.source.replace(['|', '{', '}'], " ");
                let _ = write!(
                    out,
                    "{{d:{}|{}|{}|{}}}",
                    value_text(d.value, d.unit, lang),
                    id,
                    compressed,
                    source
                );
            }
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A default's value as a reader says it: `50 s`, `5 min`, `10 %`, `200 MiB`, `100m`.
pub fn value_text(v: u64, unit: sim::defaults::Unit, lang: usize) -> String {
    use sim::defaults::Unit;
    let ko = lang == 1;
    let dec = |x: u64, div: u64| {
        if x.is_multiple_of(div) {
            (x / div).to_string()
        } else {
            let s = format!("{:.2}", x as f64 / div as f64);
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    match unit {
        Unit::Millis if v >= 60_000 && v.is_multiple_of(60_000) => {
            format!("{}{}", v / 60_000, if ko { "분" } else { " min" })
        }
        Unit::Millis if v >= 1_000 => format!("{}{}", dec(v, 1_000), if ko { "초" } else { " s" }),
        Unit::Millis => format!("{v} ms"),
        Unit::Count => v.to_string(),
        Unit::Percent => format!("{v}%"),
        Unit::Permille => format!("{}%", dec(v, 10)),
        Unit::Millicores => format!("{v}m"),
        Unit::Bytes if v >= 1 << 30 && v.is_multiple_of(1 << 30) => format!("{} GiB", v >> 30),
        Unit::Bytes if v >= 1 << 20 => format!("{} MiB", dec(v, 1 << 20)),
        Unit::Bytes => format!("{v} B"),
    }
}

/// The lesson list compiled into the app: `pub static LESSONS: &[LessonInfo]`.
pub fn index_rs(lessons: &[Lesson]) -> String {
    let mut out =
        String::from("// @generated from lessons/*.toml by kubelab-lessons. Do not edit.\n");
    out.push_str("pub static LESSONS: &[LessonInfo] = &[\n");
    for l in lessons {
        let views: Vec<String> = l
            .steps
            .iter()
            .map(|s| {
                let v = VIEWS
                    .iter()
                    .find(|(slug, _)| *slug == s.view)
                    .map_or("Cluster", |(_, v)| v);
                format!("ViewId::{v}")
            })
            .collect();
        let _ = writeln!(
            out,
            "    LessonInfo {{ id: {:?}, minutes: {}, title: Msg([{:?}, {:?}]), outcomes: Msg([{:?}, {:?}]), views: &[{}] }},",
            l.id,
            l.minutes,
            l.title[0],
            l.title[1],
            l.outcomes[0],
            l.outcomes[1],
            views.join(", ")
        );
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests;
