//! The lesson format that the build check and the runner share: a step's actions and
//! conditions as text, parsed into values, and the compact file the runner fetches when a
//! lesson opens.
//!
//! This file has no dependencies: the lesson checker (`lessons/check`, run by `build.rs` and
//! by the Trunk hook that writes the served files) includes it with `#[path]`, and so does
//! the app. The same parser refuses a broken step at build time and reads it at run time.
//!
//! ## Actions (a step's `do`, `setup` and `show`)
//!
//! ```text
//! click PART          press a part of the page (a button, a layer, a diagram part)
//! set PART VALUE      type VALUE into a field, or choose it in a list
//! run LINE            send a command to the Cluster view's engine, as typed
//! seek DURATION       let the Cluster view's run reach this time (30s, 2m)
//! until CONDITION     let the Cluster view's run go until CONDITION holds
//! pick PART           open the Cluster view's panel of a part
//! ```
//!
//! ## Conditions (a step's `done`)
//!
//! ```text
//! clicked PART              the learner pressed PART during this step
//! state PART VALUE          PART shows `data-state="VALUE"`
//! value PART VALUE          the field PART holds VALUE
//! node NAME CONDITION       the node's Ready condition: Ready, NotReady or Unknown
//! off NAME | on NAME        the node's machine is powered off / on
//! ready DEPLOYMENT OP N     ready pods of the Deployment (OP: >=, <=, ==)
//! replicas DEPLOYMENT OP N  the Deployment's desired replicas
//! event KIND                an event of this kind happened during this step
//! time OP DURATION          the run's clock
//! leader LEASE NAME         NAME holds the leader lease (`leader LEASE !NAME`: anyone else)
//! quorum | no-quorum        etcd has (or lacks) a majority of its members
//! refused                   the last command sent was refused
//! sent LINE                 the last command sent was accepted and reads LINE
//! vpa DEPLOYMENT            the VerticalPodAutoscaler has a recommendation for it
//! ```

/// Separates a record's fields.
pub const FIELD: char = '\u{1f}';
/// Separates records (the header, then one per step).
pub const RECORD: char = '\u{1e}';
/// Separates the items of a list field.
pub const ITEM: char = '\u{1d}';
/// The first field of a served file: its format's version.
pub const VERSION: &str = "kubelab-lesson-1";

/// One step of a lesson. Texts come in [English, Korean] (the order of `Lang`).
#[derive(Clone, Debug, PartialEq)]
pub struct Step<'a> {
    /// The view's slug (`cluster`, `vm-vs-container`, …).
    pub view: &'a str,
    /// At the first step of a Cluster-view stretch: the run to start
    /// (`SCENARIO SEED PROFILE HPA`, e.g. `basic 1 classroom off`); empty elsewhere.
    pub run: &'a str,
    /// The parts to highlight, separated by spaces.
    pub parts: &'a str,
    pub say: [&'a str; 2],
    pub task: Task<'a>,
    /// The condition that completes the step (empty: the task's own).
    pub done: &'a str,
    /// Actions run when the step begins, after the steps before it.
    pub setup: Vec<&'a str>,
    /// What "Show me" does (empty: the task's own action).
    pub show: Vec<&'a str>,
    /// Cluster view: the speed the run plays at during the step (empty: paused).
    pub speed: &'a str,
}

/// What the learner is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Task<'a> {
    /// Read, look, then go on.
    Read,
    /// Do this action (the learner does it; "Show me" does it for them).
    Do(&'a str),
    /// Watch the view until the step's condition holds.
    Watch,
    /// Answer a question before seeing what happens.
    Ask(Ask<'a>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ask<'a> {
    pub question: [&'a str; 2],
    pub choices: [Vec<&'a str>; 2],
    /// The right choice, from 0.
    pub answer: usize,
    /// Shown once the learner has answered.
    pub explain: [&'a str; 2],
}

/// A served lesson: its id and its steps.
#[derive(Clone, Debug, PartialEq)]
pub struct File<'a> {
    pub id: &'a str,
    pub steps: Vec<Step<'a>>,
}

fn push_list(out: &mut String, items: &[&str]) {
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(ITEM);
        }
        out.push_str(s);
    }
}

/// The served file of a lesson. Texts must not contain the separators (the checker
/// refuses them).
pub fn encode(file: &File) -> String {
    let mut out = String::new();
    out.push_str(VERSION);
    out.push(FIELD);
    out.push_str(file.id);
    for s in &file.steps {
        out.push(RECORD);
        let (kind, arg) = match &s.task {
            Task::Read => ("read", ""),
            Task::Do(a) => ("do", *a),
            Task::Watch => ("watch", ""),
            Task::Ask(_) => ("ask", ""),
        };
        let mut fields: Vec<String> = vec![
            s.view.into(),
            s.run.into(),
            s.parts.into(),
            s.say[0].into(),
            s.say[1].into(),
            kind.into(),
            arg.into(),
            s.done.into(),
        ];
        let mut list = String::new();
        push_list(&mut list, &s.setup);
        fields.push(list);
        let mut list = String::new();
        push_list(&mut list, &s.show);
        fields.push(list);
        fields.push(s.speed.into());
        if let Task::Ask(a) = &s.task {
            fields.push(a.question[0].into());
            fields.push(a.question[1].into());
            for c in &a.choices {
                let mut list = String::new();
                push_list(&mut list, c);
                fields.push(list);
            }
            fields.push(a.answer.to_string());
            fields.push(a.explain[0].into());
            fields.push(a.explain[1].into());
        }
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(FIELD);
            }
            out.push_str(f);
        }
    }
    out
}

fn list(s: &str) -> Vec<&str> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split(ITEM).collect()
    }
}

/// Reads a served file; None when it is not one (another version, a truncated download).
pub fn decode(text: &str) -> Option<File<'_>> {
    let mut records = text.split(RECORD);
    let mut head = records.next()?.split(FIELD);
    if head.next()? != VERSION {
        return None;
    }
    let id = head.next()?;
    let mut steps = Vec::new();
    for r in records {
        let f: Vec<&str> = r.split(FIELD).collect();
        if f.len() < 11 {
            return None;
        }
        let task = match f[5] {
            "read" => Task::Read,
            "do" => Task::Do(f[6]),
            "watch" => Task::Watch,
            "ask" if f.len() >= 18 => Task::Ask(Ask {
                question: [f[11], f[12]],
                choices: [list(f[13]), list(f[14])],
                answer: f[15].parse().ok()?,
                explain: [f[16], f[17]],
            }),
            _ => return None,
        };
        steps.push(Step {
            view: f[0],
            run: f[1],
            parts: f[2],
            say: [f[3], f[4]],
            task,
            done: f[7],
            setup: list(f[8]),
            show: list(f[9]),
            speed: f[10],
        });
    }
    (!steps.is_empty()).then_some(File { id, steps })
}

/// The first step of the stretch of steps in one view that `at` belongs to (a Cluster-view
/// step that names a `run` starts a stretch of its own): a step's start state is built from
/// there.
pub fn stretch_start(steps: &[Step], at: usize) -> usize {
    let mut k = at.min(steps.len().saturating_sub(1));
    while k > 0 && steps[k].run.is_empty() && steps[k - 1].view == steps[k].view {
        k -= 1;
    }
    k
}

/// What a step leaves behind for the steps after it: its task done, as "Show me" does it
/// (a watched Cluster step without `show` runs until its condition; so does a Cluster step
/// whose task is followed by the run playing until its condition).
pub fn effect<'a>(s: &Step<'a>) -> Vec<Action<'a>> {
    match &s.task {
        Task::Do(a) => {
            let mut out: Vec<Action> = action(a).into_iter().collect();
            if !s.speed.is_empty()
                && let Ok(c) = cond(s.done)
                && !c.on_page()
            {
                out.push(Action::Until(c));
            }
            out
        }
        Task::Watch => {
            let show: Vec<Action> = s.show.iter().filter_map(|a| action(a).ok()).collect();
            if show.is_empty() {
                cond(s.done).map(Action::Until).into_iter().collect()
            } else {
                show
            }
        }
        Task::Read | Task::Ask(_) => vec![],
    }
}

/// The actions that build the start state of `steps[at]` on its view made fresh: each
/// earlier step of its stretch's setup and effect, then its own setup.
pub fn replay<'a>(steps: &[Step<'a>], at: usize) -> Vec<Action<'a>> {
    let mut out = Vec::new();
    for (k, s) in steps
        .iter()
        .enumerate()
        .take(at + 1)
        .skip(stretch_start(steps, at))
    {
        out.extend(s.setup.iter().filter_map(|a| action(a).ok()));
        if k < at {
            out.extend(effect(s));
        }
    }
    out
}

/// The condition that completes a step: its `done`, else its task's own (None: a step to
/// read, or a question, which the answer completes).
pub fn goal<'a>(s: &Step<'a>) -> Option<Cond<'a>> {
    if !s.done.is_empty() {
        return cond(s.done).ok();
    }
    match &s.task {
        Task::Do(a) => action(a).ok()?.natural(),
        _ => None,
    }
}

/// A comparison in a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    AtLeast,
    AtMost,
    Equal,
}

impl Cmp {
    fn parse(s: &str) -> Option<Cmp> {
        match s {
            ">=" => Some(Cmp::AtLeast),
            "<=" => Some(Cmp::AtMost),
            "==" => Some(Cmp::Equal),
            _ => None,
        }
    }

    pub fn holds(self, have: u64, want: u64) -> bool {
        match self {
            Cmp::AtLeast => have >= want,
            Cmp::AtMost => have <= want,
            Cmp::Equal => have == want,
        }
    }
}

/// A step's action.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<'a> {
    Click(&'a str),
    Set(&'a str, &'a str),
    Run(&'a str),
    Seek(u64),
    Until(Cond<'a>),
    Pick(&'a str),
}

impl<'a> Action<'a> {
    /// The condition that shows the learner did this (None: not a learner's action).
    pub fn natural(&self) -> Option<Cond<'a>> {
        match *self {
            Action::Click(p) | Action::Pick(p) => Some(Cond::Clicked(p)),
            Action::Set(p, v) => Some(Cond::Value(p, v)),
            Action::Run(line) => Some(Cond::Sent(line)),
            Action::Seek(_) | Action::Until(_) => None,
        }
    }
}

/// A condition on the page or on the Cluster view's engine.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond<'a> {
    Clicked(&'a str),
    State(&'a str, &'a str),
    Value(&'a str, &'a str),
    Node(&'a str, &'a str),
    Powered(&'a str, bool),
    Ready(&'a str, Cmp, u64),
    Replicas(&'a str, Cmp, u64),
    Event(&'a str),
    Time(Cmp, u64),
    /// The lease, the node, and whether that node holds it (false: anyone else does).
    Leader(&'a str, &'a str, bool),
    Quorum(bool),
    Refused,
    Sent(&'a str),
    Vpa(&'a str),
}

impl Cond<'_> {
    /// Whether the condition is about the page (the explainers) rather than the engine.
    pub fn on_page(&self) -> bool {
        matches!(self, Cond::Clicked(_) | Cond::State(..) | Cond::Value(..))
    }
}

/// `30s`, `2m`, `500ms`, `1h`, or a plain number of seconds, in milliseconds.
pub fn duration(s: &str) -> Option<u64> {
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = num.parse().ok()?;
    let ms = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => return None,
    };
    n.checked_mul(ms)
}

/// The first word of `s` and the rest, trimmed.
fn word(s: &str) -> (&str, &str) {
    let s = s.trim();
    match s.find(' ') {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    }
}

/// Exactly `n` words, or None.
fn words(s: &str, n: usize) -> Option<Vec<&str>> {
    let w: Vec<&str> = s.split_whitespace().collect();
    (w.len() == n).then_some(w)
}

/// Parses an action; the error says what was expected.
pub fn action(s: &str) -> Result<Action<'_>, String> {
    let (verb, rest) = word(s);
    let one = |what: &str| match words(rest, 1) {
        Some(w) => Ok(w[0]),
        None => Err(format!("`{verb}` takes one {what}")),
    };
    match verb {
        "click" => one("part").map(Action::Click),
        "pick" => one("part").map(Action::Pick),
        "set" => {
            let (part, value) = word(rest);
            if part.is_empty() || value.is_empty() {
                Err("`set` takes a part and a value".into())
            } else {
                Ok(Action::Set(part, value))
            }
        }
        "run" if !rest.is_empty() => Ok(Action::Run(rest)),
        "run" => Err("`run` takes a command line".into()),
        "seek" => duration(rest)
            .map(Action::Seek)
            .ok_or_else(|| format!("`seek` takes a duration such as 30s, not `{rest}`")),
        "until" => cond(rest).map(Action::Until),
        _ => Err(format!(
            "unknown action `{verb}` (click, set, run, seek, until, pick)"
        )),
    }
}

/// Parses a condition; the error says what was expected.
pub fn cond(s: &str) -> Result<Cond<'_>, String> {
    let (verb, rest) = word(s);
    let w: Vec<&str> = rest.split_whitespace().collect();
    let n = |i: usize| w.get(i).and_then(|x| x.parse::<u64>().ok());
    let bad = |usage: &str| Err(format!("`{verb}` reads `{verb} {usage}`"));
    match (verb, w.len()) {
        ("clicked", 1) => Ok(Cond::Clicked(w[0])),
        ("state", 2) => Ok(Cond::State(w[0], w[1])),
        ("value", 2) => Ok(Cond::Value(w[0], w[1])),
        ("node", 2) if ["Ready", "NotReady", "Unknown"].contains(&w[1]) => {
            Ok(Cond::Node(w[0], w[1]))
        }
        ("node", _) => bad("NAME Ready|NotReady|Unknown"),
        ("off", 1) => Ok(Cond::Powered(w[0], false)),
        ("on", 1) => Ok(Cond::Powered(w[0], true)),
        ("ready" | "replicas", 3) => match (Cmp::parse(w[1]), n(2)) {
            (Some(c), Some(v)) if verb == "ready" => Ok(Cond::Ready(w[0], c, v)),
            (Some(c), Some(v)) => Ok(Cond::Replicas(w[0], c, v)),
            _ => bad("DEPLOYMENT >=|<=|== N"),
        },
        ("event", 1) => Ok(Cond::Event(w[0])),
        ("time", 2) => match (Cmp::parse(w[0]), duration(w[1])) {
            (Some(c), Some(ms)) => Ok(Cond::Time(c, ms)),
            _ => bad(">=|<=|== DURATION"),
        },
        ("leader", 2) => Ok(match w[1].strip_prefix('!') {
            Some(other) => Cond::Leader(w[0], other, false),
            None => Cond::Leader(w[0], w[1], true),
        }),
        ("quorum", 0) => Ok(Cond::Quorum(true)),
        ("no-quorum", 0) => Ok(Cond::Quorum(false)),
        ("refused", 0) => Ok(Cond::Refused),
        ("sent", _) if !rest.is_empty() => Ok(Cond::Sent(rest)),
        ("vpa", 1) => Ok(Cond::Vpa(w[0])),
        (
            "clicked" | "state" | "value" | "off" | "on" | "ready" | "replicas" | "event" | "time"
            | "leader" | "quorum" | "no-quorum" | "refused" | "sent" | "vpa",
            _,
        ) => Err(format!("`{verb}` has the wrong number of words")),
        _ => Err(format!("unknown condition `{verb}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(task: Task<'a>) -> Step<'a> {
        Step {
            view: "cluster",
            run: "basic 1 classroom off",
            parts: "node:node-2 scheduler",
            say: ["Power off `node-2`.", "`node-2`의 전원을 끕니다."],
            task,
            done: "off node-2",
            setup: vec!["seek 10s", "run kubectl scale deployment web --replicas 6"],
            show: vec![],
            speed: "2",
        }
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let file = File {
            id: "self-healing",
            steps: vec![
                step(Task::Do("run node power-off node-2")),
                step(Task::Read),
                step(Task::Watch),
                step(Task::Ask(Ask {
                    question: ["Where?", "어디로?"],
                    choices: [vec!["a", "b", "c"], vec!["가", "나", "다"]],
                    answer: 1,
                    explain: ["Because.", "그래서."],
                })),
            ],
        };
        let text = encode(&file);
        assert_eq!(decode(&text), Some(file));
        assert_eq!(
            decode("kubelab-lesson-0\u{1f}x\u{1e}"),
            None,
            "another version"
        );
        assert_eq!(
            decode(&text[..text.len() / 2]),
            None,
            "a truncated download"
        );
        assert_eq!(decode(""), None);
    }

    #[test]
    fn actions_and_conditions_parse_or_say_why_not() {
        assert_eq!(action("click race-start"), Ok(Action::Click("race-start")));
        assert_eq!(action("set d-host 16"), Ok(Action::Set("d-host", "16")));
        assert_eq!(
            action("run kubectl scale deployment web --replicas 4"),
            Ok(Action::Run("kubectl scale deployment web --replicas 4"))
        );
        assert_eq!(action("seek 2m"), Ok(Action::Seek(120_000)));
        assert_eq!(
            action("until node node-2 Unknown"),
            Ok(Action::Until(Cond::Node("node-2", "Unknown")))
        );
        assert!(action("click").unwrap_err().contains("one part"));
        assert!(action("seek soon").unwrap_err().contains("duration"));
        assert!(action("jump 3").unwrap_err().contains("unknown action"));
        assert_eq!(
            cond("ready web >= 6"),
            Ok(Cond::Ready("web", Cmp::AtLeast, 6))
        );
        assert_eq!(
            cond("leader kube-controller-manager !cp-1"),
            Ok(Cond::Leader("kube-controller-manager", "cp-1", false))
        );
        assert_eq!(cond("time >= 90s"), Ok(Cond::Time(Cmp::AtLeast, 90_000)));
        assert!(
            cond("node node-2 Gone")
                .unwrap_err()
                .contains("Ready|NotReady|Unknown")
        );
        assert!(cond("ready web > 3").unwrap_err().contains(">=|<=|=="));
        assert!(cond("quorum now").unwrap_err().contains("wrong number"));
        assert!(cond("sunny").unwrap_err().contains("unknown condition"));
        assert!(Cond::Clicked("x").on_page() && !Cond::Refused.on_page());
        assert_eq!(duration("500ms"), Some(500));
        assert_eq!(duration("45"), Some(45_000));
        assert_eq!(duration("3d"), None);
        assert!(Cmp::AtMost.holds(2, 3) && !Cmp::Equal.holds(2, 3));
    }
}
