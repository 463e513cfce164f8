//! The command language: one line, one command, kubectl-flavoured. Scenario actions, tests
//! and (later) the console all use it.
//!
//! ```text
//! [kubectl] cordon NODE | uncordon NODE | drain NODE
//! node power-off NODE | node power-on NODE | node disconnect NODE | node reconnect NODE
//! delete pod NAME            crash pod NAME | crash pod deployment/NAME
//! scale deployment NAME --replicas N        (also deployment/NAME, --replicas=N)
//! set image deployment/NAME CONTAINER=IMAGE
//! load SERVICE steady RPS | ramp FROM TO DURATION | spike BASE PEAK AFTER DURATION
//!              | day MIN MAX [PERIOD] | off            [--cost MS]
//! advance DURATION
//! node delete NODE           autoscaler nodes --min N --max M | autoscaler off
//! control-plane power-off|power-on CP      etcd stop|start CP
//! fail control-plane|etcd CP               restore control-plane|etcd CP
//! profile real|classroom                    seed N
//! ```
//!
//! Parsing never panics and reports the byte offset and length of the offending token;
//! an unknown verb gets the nearest valid one as a suggestion. The grammar is a table of
//! verbs ([`VERBS`]), so a new verb is a table entry and a `Command` variant.

use crate::node::load::Pattern;
use crate::util::{Millis, Quoted, levenshtein, parse_duration};
use serde::Serialize;
use std::fmt;

/// A parsed command.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Command {
    Cordon {
        node: String,
    },
    Uncordon {
        node: String,
    },
    Drain {
        node: String,
    },
    PowerOff {
        node: String,
    },
    PowerOn {
        node: String,
    },
    Disconnect {
        node: String,
    },
    Reconnect {
        node: String,
    },
    DeletePod {
        pod: String,
    },
    /// `delete deployment NAME`: cascades (background) to its ReplicaSets and pods.
    DeleteDeployment {
        deployment: String,
    },
    /// `delete service NAME`: its Endpoints go and load sent to it is dropped.
    DeleteService {
        service: String,
    },
    /// `delete hpa NAME`.
    DeleteHpa {
        hpa: String,
    },
    /// `rollout undo deployment/NAME [--to-revision N]`: back to an earlier template.
    RolloutUndo {
        deployment: String,
        to_revision: Option<u64>,
    },
    /// `pod` is a pod name, or `deployment/NAME` for the first running pod of a Deployment.
    CrashPod {
        pod: String,
    },
    Scale {
        deployment: String,
        replicas: u32,
    },
    SetImage {
        deployment: String,
        container: String,
        image: String,
    },
    Load {
        service: String,
        pattern: Option<Pattern>,
        cost_cpu_ms: Option<f64>,
    },
    Advance {
        ms: Millis,
    },
    /// `fault crash-loop|oom|image-pull TARGET` sets a container fault, `fault clear TARGET`
    /// clears it (`fault: None`). TARGET: `pod/NAME`, `NAME` or `deployment/NAME`.
    Fault {
        target: String,
        fault: Option<crate::node::faults::ContainerFault>,
    },
    /// `rollout restart deployment/NAME`: a new template annotation, so a rolling update.
    RolloutRestart {
        deployment: String,
    },
    /// `autoscale deployment NAME --max N [--min N] [--cpu-percent P]`: an HPA named after it.
    Autoscale {
        deployment: String,
        min: Option<u32>,
        max: u32,
        cpu_percent: Option<u32>,
    },
    /// `set resources deployment/NAME [-c CONTAINER] [--requests=cpu=X,memory=Y]
    /// [--limits=cpu=X,memory=Y]`: millicores and bytes; `None` leaves a value as it is.
    SetResources {
        deployment: String,
        container: Option<String>,
        requests: ResourcePair,
        limits: ResourcePair,
    },
    /// `fault memory-pressure node/NAME`: a process outside Kubernetes takes the node's memory
    /// down to below the kubelet's eviction threshold; `fault clear node/NAME` (`on: false`)
    /// ends it (eviction.rs).
    NodeMemoryPressure {
        node: String,
        on: bool,
    },
    /// Kill a control-plane node (its apiserver, etcd member and leader-elected components).
    ControlPlanePowerOff {
        node: String,
    },
    ControlPlanePowerOn {
        node: String,
    },
    /// Stop or start only the etcd member on a control-plane node.
    EtcdStop {
        node: String,
    },
    EtcdStart {
        node: String,
    },
    /// `apply -f FILE`: the YAML manifests of a file registered with `Sim::add_file`
    /// (feature `yaml`; see `manifest.rs`).
    Apply {
        file: String,
    },
    /// `node delete NODE`: remove a machine: cordon, evict its pods, delete the Node object
    /// once they are gone.
    DeleteNode {
        node: String,
    },
    /// `autoscaler nodes --min N --max M`: cluster-autoscaler on for the node group.
    NodeAutoscaler {
        min: u32,
        max: u32,
    },
    /// `autoscaler off`.
    NodeAutoscalerOff,
    /// `vpa deployment/NAME [--mode Off|Initial|Recreate|Auto] [--min-cpu Q] [--max-cpu Q]
    /// [--min-memory Q] [--max-memory Q] [--min-replicas N]`: a VerticalPodAutoscaler named
    /// after the Deployment (`mode: None` is the API default, Auto). min/max are millicores
    /// and bytes for every container (`containerName: "*"`).
    Vpa {
        deployment: String,
        mode: Option<crate::controllers::vpa::UpdateMode>,
        min: ResourcePair,
        max: ResourcePair,
        min_replicas: Option<u32>,
    },
    /// `delete vpa NAME`.
    DeleteVpa {
        name: String,
    },
    /// `profile real|classroom`: the timing profile from now on (timers already set keep
    /// their times; every timer set and every wait checked afterwards uses the new values).
    Profile {
        profile: crate::config::timing::Profile,
    },
    /// `seed N`: the engine's random stream restarts from seed N (see [`crate::Sim`]'s
    /// `reseed`).
    Seed {
        seed: u64,
    },
}

impl Command {
    /// Whether applying the command writes API objects (refused while etcd cannot write).
    /// Faults, load and time are outside the API.
    pub fn writes_api(&self) -> bool {
        matches!(
            self,
            Command::Cordon { .. }
                | Command::Uncordon { .. }
                | Command::Drain { .. }
                | Command::DeletePod { .. }
                | Command::DeleteDeployment { .. }
                | Command::DeleteService { .. }
                | Command::DeleteHpa { .. }
                | Command::RolloutUndo { .. }
                | Command::Scale { .. }
                | Command::SetImage { .. }
                | Command::RolloutRestart { .. }
                | Command::Autoscale { .. }
                | Command::SetResources { .. }
                | Command::Apply { .. }
                | Command::DeleteNode { .. }
                | Command::Vpa { .. }
                | Command::DeleteVpa { .. }
        )
    }

    /// Whether kubectl has this verb (`kubectl` in front of the line is then what a learner
    /// would type): the API writes but node deletion (the cloud's) and `vpa` (this model's
    /// shorthand for a VPA object); the other verbs drive the simulation itself.
    pub fn is_kubectl(&self) -> bool {
        self.writes_api() && !matches!(self, Command::DeleteNode { .. } | Command::Vpa { .. })
    }
}

/// CPU (millicores) and memory (bytes) of `set resources`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResourcePair {
    pub cpu: Option<u64>,
    pub memory: Option<u64>,
}

/// What went wrong, with the numbers to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum ErrorKind {
    Empty,
    UnterminatedQuote,
    UnknownVerb {
        verb: String,
        suggestion: Option<String>,
        /// Every verb, for the message. Carried here rather than read from [`VERBS`] when
        /// the message is written, so that a program that never parses (the app builds
        /// commands as values) does not link the parser through its error messages.
        #[serde(skip)]
        known: Vec<&'static str>,
    },
    UnknownSubcommand {
        verb: String,
        got: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    Missing {
        what: String,
    },
    Unexpected {
        token: String,
    },
    BadNumber {
        token: String,
    },
    BadDuration {
        token: String,
    },
    BadArgument {
        token: String,
        expected: String,
    },
    /// The command is well formed but names something that does not exist.
    NotFound {
        kind: String,
        name: String,
    },
    /// kubectl's answer for an object the API server does not have:
    /// `Error from server (NotFound): deployments.apps "x" not found` (`resource` is the
    /// plural resource with its group).
    ServerNotFound {
        resource: String,
        name: String,
    },
    /// The command is well formed but cannot apply now.
    Rejected {
        reason: String,
    },
}

/// A parse or apply error. `pos`/`len` are a byte span in the command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub pos: usize,
    pub len: usize,
    pub kind: ErrorKind,
}

impl CommandError {
    fn at(tok: &Token, kind: ErrorKind) -> CommandError {
        CommandError {
            pos: tok.start,
            len: tok.end - tok.start,
            kind,
        }
    }
    pub(crate) fn whole(kind: ErrorKind) -> CommandError {
        CommandError {
            pos: 0,
            len: 0,
            kind,
        }
    }
    /// The English message without the position.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Empty => "empty command".into(),
            ErrorKind::UnterminatedQuote => "unterminated quote".into(),
            ErrorKind::UnknownVerb {
                verb,
                suggestion,
                known,
            } => match suggestion {
                Some(s) => format!(
                    "unknown command {}; did you mean {}?",
                    Quoted(verb),
                    Quoted(s)
                ),
                None => format!(
                    "unknown command {}; try one of: {}",
                    Quoted(verb),
                    known.join(", ")
                ),
            },
            ErrorKind::UnknownSubcommand {
                verb,
                got,
                expected,
                suggestion,
            } => match suggestion {
                Some(s) => format!(
                    "{verb}: unknown {}; did you mean {}?",
                    Quoted(got),
                    Quoted(s)
                ),
                None => format!(
                    "{verb}: unknown {}; expected one of: {}",
                    Quoted(got),
                    expected.join(", ")
                ),
            },
            ErrorKind::Missing { what } => format!("missing {what}"),
            ErrorKind::Unexpected { token } => format!("unexpected {}", Quoted(token)),
            ErrorKind::BadNumber { token } => format!("{} is not a valid number", Quoted(token)),
            ErrorKind::BadDuration { token } => {
                format!(
                    "{} is not a valid duration (e.g. 500ms, 30s, 5m, 1h)",
                    Quoted(token)
                )
            }
            ErrorKind::BadArgument { token, expected } => {
                format!("{}: expected {expected}", Quoted(token))
            }
            ErrorKind::NotFound { kind, name } => format!("{kind} {} not found", Quoted(name)),
            ErrorKind::ServerNotFound { resource, name } => {
                format!(
                    "Error from server (NotFound): {resource} {} not found",
                    Quoted(name)
                )
            }
            ErrorKind::Rejected { reason } => reason.clone(),
        }
    }
}

impl From<crate::api::Refusal> for CommandError {
    /// The engine's refusal, for the whole line (callers point it at a word).
    fn from(r: crate::api::Refusal) -> CommandError {
        use crate::api::Refusal;
        CommandError::whole(match r {
            Refusal::NotFound { kind, name } => ErrorKind::NotFound { kind, name },
            Refusal::Rejected { reason } => ErrorKind::Rejected { reason },
        })
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "column {}: {}", self.pos + 1, self.message())
    }
}

impl std::error::Error for CommandError {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Splits on whitespace; single or double quotes group; `#` starts a comment.
pub fn tokenize(line: &str) -> Result<Vec<Token>, CommandError> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '#' {
            break;
        }
        let start = i;
        let mut text = String::new();
        let mut end = i;
        while let Some(&(j, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            if c == '"' || c == '\'' {
                chars.next();
                let mut closed = false;
                for (k, d) in chars.by_ref() {
                    if d == c {
                        closed = true;
                        end = k + 1;
                        break;
                    }
                    text.push(d);
                }
                if !closed {
                    return Err(CommandError {
                        pos: j,
                        len: line.len() - j,
                        kind: ErrorKind::UnterminatedQuote,
                    });
                }
                continue;
            }
            text.push(c);
            end = j + c.len_utf8();
            chars.next();
        }
        out.push(Token { text, start, end });
    }
    Ok(out)
}

/// One verb of the language: its name, a usage line, and its parser.
pub struct Verb {
    pub name: &'static str,
    pub usage: &'static str,
    parse: fn(&Token, &mut Args) -> Result<Command, CommandError>,
}

/// The verb table (the order is the order of help text).
pub const VERBS: &[Verb] = &[
    Verb {
        name: "cordon",
        usage: "cordon NODE",
        parse: |_, a| {
            Ok(Command::Cordon {
                node: a.name("node name")?,
            })
        },
    },
    Verb {
        name: "uncordon",
        usage: "uncordon NODE",
        parse: |_, a| {
            Ok(Command::Uncordon {
                node: a.name("node name")?,
            })
        },
    },
    Verb {
        name: "drain",
        usage: "drain NODE",
        parse: |_, a| {
            Ok(Command::Drain {
                node: a.name("node name")?,
            })
        },
    },
    Verb {
        name: "node",
        usage: "node power-off|power-on|disconnect|reconnect|delete NODE",
        parse: parse_node,
    },
    Verb {
        name: "control-plane",
        usage: "control-plane power-off|power-on CP-NODE",
        parse: parse_control_plane,
    },
    Verb {
        name: "etcd",
        usage: "etcd stop|start CP-NODE",
        parse: parse_etcd,
    },
    Verb {
        name: "fail",
        usage: "fail control-plane|etcd CP-NODE",
        parse: |_, a| parse_cp_fault("fail", a, false),
    },
    Verb {
        name: "restore",
        usage: "restore control-plane|etcd CP-NODE",
        parse: |_, a| parse_cp_fault("restore", a, true),
    },
    Verb {
        name: "delete",
        usage: "delete pod|deployment|service|hpa|vpa NAME",
        parse: parse_delete,
    },
    Verb {
        name: "crash",
        usage: "crash pod NAME|deployment/NAME",
        parse: parse_crash,
    },
    Verb {
        name: "scale",
        usage: "scale deployment NAME --replicas N",
        parse: parse_scale,
    },
    Verb {
        name: "set",
        usage: "set image deployment/NAME CONTAINER=IMAGE | set resources deployment/NAME [-c CONTAINER] [--requests=cpu=X,memory=Y] [--limits=...]",
        parse: parse_set,
    },
    Verb {
        name: "load",
        usage: "load SERVICE steady RPS | ramp FROM TO DURATION | spike BASE PEAK AFTER DURATION | day MIN MAX [PERIOD] | off [--cost MS]",
        parse: parse_load,
    },
    Verb {
        name: "rollout",
        usage: "rollout restart|undo|status|history deployment/NAME [--to-revision N]",
        parse: parse_rollout,
    },
    Verb {
        name: "autoscale",
        usage: "autoscale deployment NAME --max N [--min N] [--cpu-percent P]",
        parse: parse_autoscale,
    },
    Verb {
        name: "autoscaler",
        usage: "autoscaler nodes --min N --max M | autoscaler off",
        parse: parse_node_autoscaler,
    },
    Verb {
        name: "vpa",
        usage: "vpa deployment/NAME [--mode Off|Initial|Recreate|Auto] [--min-cpu Q] [--max-cpu Q] [--min-memory Q] [--max-memory Q] [--min-replicas N]",
        parse: parse_vpa,
    },
    Verb {
        name: "fault",
        usage: "fault crash-loop|oom|image-pull|clear pod/NAME|deployment/NAME | fault memory-pressure|clear node/NAME",
        parse: parse_fault,
    },
    Verb {
        name: "apply",
        usage: "apply -f FILE",
        parse: parse_apply,
    },
    Verb {
        name: "profile",
        usage: "profile real|classroom",
        parse: parse_profile,
    },
    Verb {
        name: "seed",
        usage: "seed N",
        parse: parse_seed,
    },
    Verb {
        name: "advance",
        usage: "advance DURATION",
        parse: |_, a| {
            Ok(Command::Advance {
                ms: a.duration("duration")?,
            })
        },
    },
];

/// The argument cursor handed to verb parsers.
pub struct Args {
    toks: Vec<Token>,
    i: usize,
    line_len: usize,
}

impl Args {
    fn missing(&self, what: &str) -> CommandError {
        CommandError {
            pos: self.line_len,
            len: 0,
            kind: ErrorKind::Missing { what: what.into() },
        }
    }
    fn next(&mut self, what: &str) -> Result<Token, CommandError> {
        let t = self
            .toks
            .get(self.i)
            .cloned()
            .ok_or_else(|| self.missing(what))?;
        self.i += 1;
        Ok(t)
    }
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }
    fn name(&mut self, what: &str) -> Result<String, CommandError> {
        let t = self.next(what)?;
        if t.text.starts_with('-') {
            return Err(CommandError::at(
                &t,
                ErrorKind::BadArgument {
                    token: t.text.clone(),
                    expected: what.into(),
                },
            ));
        }
        Ok(t.text)
    }
    fn number(&mut self, what: &str) -> Result<f64, CommandError> {
        let t = self.next(what)?;
        match crate::util::parse_decimal(&t.text) {
            Some(v) if v.is_finite() && (0.0..=1e9).contains(&v) => Ok(v),
            _ => Err(CommandError::at(
                &t,
                ErrorKind::BadNumber {
                    token: t.text.clone(),
                },
            )),
        }
    }
    fn duration(&mut self, what: &str) -> Result<Millis, CommandError> {
        let t = self.next(what)?;
        parse_duration(&t.text).map_err(|_| {
            CommandError::at(
                &t,
                ErrorKind::BadDuration {
                    token: t.text.clone(),
                },
            )
        })
    }
    fn done(&self) -> Result<(), CommandError> {
        match self.peek() {
            Some(t) => Err(CommandError::at(
                t,
                ErrorKind::Unexpected {
                    token: t.text.clone(),
                },
            )),
            None => Ok(()),
        }
    }
    /// `--flag VALUE` or `--flag=VALUE` anywhere after the current position.
    fn take_flag(&mut self, flag: &str) -> Result<Option<Token>, CommandError> {
        let long = format!("--{flag}");
        let Some(idx) = self.toks[self.i..]
            .iter()
            .position(|t| t.text == long || t.text.starts_with(&format!("{long}=")))
        else {
            return Ok(None);
        };
        let idx = self.i + idx;
        let t = self.toks.remove(idx);
        if let Some(v) = t.text.strip_prefix(&format!("{long}=")) {
            let start = t.start + long.len() + 1;
            return Ok(Some(Token {
                text: v.to_string(),
                start,
                end: t.end,
            }));
        }
        if idx < self.toks.len() {
            Ok(Some(self.toks.remove(idx)))
        } else {
            Err(self.missing(&format!("value for {long}")))
        }
    }
}

/// The nearest option to a mistyped word (Levenshtein), if near enough.
pub fn suggest_word<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
    suggest(word, options)
}

fn suggest<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let w = word.to_ascii_lowercase();
    options
        .into_iter()
        .map(|o| (levenshtein(&w, o), o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3) && *d < o.len())
        .min()
        .map(|(_, o)| o.to_string())
}

fn subcommand(verb: &str, t: &Token, options: &[&str]) -> CommandError {
    CommandError::at(
        t,
        ErrorKind::UnknownSubcommand {
            verb: verb.into(),
            got: t.text.clone(),
            expected: options.iter().map(|s| s.to_string()).collect(),
            suggestion: suggest(&t.text, options.iter().copied()),
        },
    )
}

fn parse_profile(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    use crate::config::timing::Profile;
    let t = a.next("real or classroom")?;
    match Profile::parse(&t.text) {
        Some(profile) => Ok(Command::Profile { profile }),
        None => Err(subcommand("profile", &t, &Profile::ALL.map(Profile::name))),
    }
}

fn parse_seed(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let t = a.next("seed (a whole number from 0 to 18446744073709551615)")?;
    match t.text.parse::<u64>() {
        Ok(seed) if !t.text.starts_with('+') => Ok(Command::Seed { seed }),
        _ => Err(CommandError::at(
            &t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: "a whole number from 0 to 18446744073709551615".into(),
            },
        )),
    }
}

fn parse_node(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    const OPS: &[&str] = &["power-off", "power-on", "disconnect", "reconnect", "delete"];
    let op = a.next("power-off, power-on, disconnect, reconnect or delete")?;
    let node = a.name("node name")?;
    Ok(match op.text.as_str() {
        "delete" => Command::DeleteNode { node },
        "power-off" => Command::PowerOff { node },
        "power-on" | "restore" => Command::PowerOn { node },
        "disconnect" => Command::Disconnect { node },
        "reconnect" => Command::Reconnect { node },
        _ => return Err(subcommand("node", &op, OPS)),
    })
}

fn parse_control_plane(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    const OPS: &[&str] = &["power-off", "power-on"];
    let op = a.next("power-off or power-on")?;
    let node = a.name("control-plane node name")?;
    Ok(match op.text.as_str() {
        "power-off" => Command::ControlPlanePowerOff { node },
        "power-on" | "restore" => Command::ControlPlanePowerOn { node },
        _ => return Err(subcommand("control-plane", &op, OPS)),
    })
}

fn parse_etcd(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    const OPS: &[&str] = &["stop", "start"];
    let op = a.next("stop or start")?;
    let node = a.name("control-plane node name")?;
    Ok(match op.text.as_str() {
        "stop" => Command::EtcdStop { node },
        "start" => Command::EtcdStart { node },
        _ => return Err(subcommand("etcd", &op, OPS)),
    })
}

/// `fail|restore control-plane|etcd NAME`.
fn parse_cp_fault(verb: &str, a: &mut Args, up: bool) -> Result<Command, CommandError> {
    const WHAT: &[&str] = &["control-plane", "etcd"];
    let what = a.next("control-plane or etcd")?;
    let node = a.name("control-plane node name")?;
    Ok(match (what.text.as_str(), up) {
        ("control-plane", false) => Command::ControlPlanePowerOff { node },
        ("control-plane", true) => Command::ControlPlanePowerOn { node },
        ("etcd", false) => Command::EtcdStop { node },
        ("etcd", true) => Command::EtcdStart { node },
        _ => return Err(subcommand(verb, &what, WHAT)),
    })
}

/// `pod NAME` or `pod/NAME`.
fn pod_target(verb: &str, a: &mut Args) -> Result<String, CommandError> {
    let t = a.next("pod")?;
    if let Some(name) = t
        .text
        .strip_prefix("pod/")
        .or_else(|| t.text.strip_prefix("pods/"))
    {
        if name.is_empty() {
            return Err(CommandError::at(
                &t,
                ErrorKind::Missing {
                    what: "pod name".into(),
                },
            ));
        }
        return Ok(name.to_string());
    }
    if t.text == "pod" || t.text == "pods" || t.text == "po" {
        return a.name("pod name");
    }
    Err(subcommand(verb, &t, &["pod"]))
}

fn parse_delete(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    if let Some(name) = vpa_target(a)? {
        return Ok(Command::DeleteVpa { name });
    }
    // `vpa` was taken above; it is listed for the suggestions.
    const TYPES: &[&str] = &["pod", "deployment", "service", "hpa", "vpa"];
    let t = a.next("pod, deployment, service, hpa or vpa")?;
    let (ty, inline) = match t.text.split_once('/') {
        Some((ty, n)) => (ty.to_string(), Some(n.to_string())),
        None => (t.text.clone(), None),
    };
    let kind = match ty.as_str() {
        "pod" | "pods" | "po" => "pod",
        "deployment" | "deployments" | "deploy" => "deployment",
        "service" | "services" | "svc" => "service",
        "hpa" | "horizontalpodautoscaler" | "horizontalpodautoscalers" => "hpa",
        _ => {
            let mut e = subcommand("delete", &t, TYPES);
            if let ErrorKind::UnknownSubcommand {
                got, suggestion, ..
            } = &mut e.kind
            {
                *suggestion = suggest(&ty, TYPES.iter().copied());
                *got = ty.clone();
            }
            return Err(e);
        }
    };
    let name = match inline {
        Some(n) if n.is_empty() => {
            return Err(CommandError::at(
                &t,
                ErrorKind::Missing {
                    what: format!("{kind} name"),
                },
            ));
        }
        Some(n) => n,
        None => a.name(&format!("{kind} name"))?,
    };
    Ok(match kind {
        "pod" => Command::DeletePod { pod: name },
        "deployment" => Command::DeleteDeployment { deployment: name },
        "service" => Command::DeleteService { service: name },
        _ => Command::DeleteHpa { hpa: name },
    })
}

fn parse_crash(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    Ok(Command::CrashPod {
        pod: pod_target("crash", a)?,
    })
}

const VPA_WORDS: &[&str] = &[
    "vpa",
    "vpas",
    "verticalpodautoscaler",
    "verticalpodautoscalers",
];

/// `vpa NAME` or `vpa/NAME` (also the long names); `None` (nothing consumed) otherwise.
fn vpa_target(a: &mut Args) -> Result<Option<String>, CommandError> {
    let Some(t) = a.peek().cloned() else {
        return Ok(None);
    };
    let lower = t.text.to_ascii_lowercase();
    if VPA_WORDS.contains(&lower.as_str()) {
        a.i += 1;
        return a.name("vpa name").map(Some);
    }
    if let Some((ty, name)) = t.text.split_once('/')
        && VPA_WORDS.contains(&ty.to_ascii_lowercase().as_str())
    {
        a.i += 1;
        if name.is_empty() {
            return Err(CommandError::at(
                &t,
                ErrorKind::Missing {
                    what: "vpa name".into(),
                },
            ));
        }
        return Ok(Some(name.to_string()));
    }
    Ok(None)
}

fn quantity(t: &Token, cpu: bool) -> Result<u64, CommandError> {
    let r = if cpu {
        crate::util::parse_cpu(&t.text)
    } else {
        crate::util::parse_memory(&t.text)
    };
    r.map_err(|_| {
        CommandError::at(
            t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: if cpu {
                    "a CPU quantity (e.g. 250m, 0.5, 2)".into()
                } else {
                    "a memory quantity (e.g. 128Mi, 1Gi)".into()
                },
            },
        )
    })
}

fn parse_vpa(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let mode = a.take_flag("mode")?;
    let min_cpu = a.take_flag("min-cpu")?;
    let max_cpu = a.take_flag("max-cpu")?;
    let min_mem = a.take_flag("min-memory")?;
    let max_mem = a.take_flag("max-memory")?;
    let min_replicas = a.take_flag("min-replicas")?;
    let deployment = deployment_target("vpa", a)?;
    let mode = match mode {
        None => None,
        Some(t) => Some(
            crate::controllers::vpa::UpdateMode::parse(&t.text).ok_or_else(|| {
                let names: Vec<&str> = crate::controllers::vpa::UpdateMode::ALL
                    .iter()
                    .map(|m| m.name())
                    .collect();
                CommandError::at(
                    &t,
                    ErrorKind::UnknownSubcommand {
                        verb: "vpa --mode".into(),
                        got: t.text.clone(),
                        expected: names.iter().map(|s| s.to_string()).collect(),
                        suggestion: suggest(
                            &t.text.to_ascii_lowercase(),
                            ["off", "initial", "recreate", "auto"],
                        )
                        .and_then(|s| crate::controllers::vpa::UpdateMode::parse(&s))
                        .map(|m| m.name().to_string()),
                    },
                )
            })?,
        ),
    };
    let q = |t: Option<Token>, cpu: bool| t.map(|t| quantity(&t, cpu)).transpose();
    let min = ResourcePair {
        cpu: q(min_cpu, true)?,
        memory: q(min_mem, false)?,
    };
    let max = ResourcePair {
        cpu: q(max_cpu, true)?,
        memory: q(max_mem, false)?,
    };
    let min_replicas = min_replicas
        .map(|t| small_number(&t, crate::api::MAX_REPLICAS))
        .transpose()?;
    a.done()?;
    Ok(Command::Vpa {
        deployment,
        mode,
        min,
        max,
        min_replicas,
    })
}

/// `deployment NAME` or `deployment/NAME` (also `deploy`).
fn deployment_target(verb: &str, a: &mut Args) -> Result<String, CommandError> {
    let t = a.next("deployment")?;
    for p in ["deployment/", "deployments/", "deploy/"] {
        if let Some(name) = t.text.strip_prefix(p) {
            if name.is_empty() {
                return Err(CommandError::at(
                    &t,
                    ErrorKind::Missing {
                        what: "deployment name".into(),
                    },
                ));
            }
            return Ok(name.to_string());
        }
    }
    if matches!(t.text.as_str(), "deployment" | "deployments" | "deploy") {
        return a.name("deployment name");
    }
    Err(subcommand(verb, &t, &["deployment"]))
}

fn parse_scale(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let flag = a.take_flag("replicas")?;
    let deployment = deployment_target("scale", a)?;
    let Some(t) = flag else {
        return Err(a.missing("--replicas N"));
    };
    let replicas = t
        .text
        .parse::<u32>()
        .ok()
        .filter(|r| *r <= crate::api::MAX_REPLICAS)
        .ok_or_else(|| {
            CommandError::at(
                &t,
                ErrorKind::BadNumber {
                    token: t.text.clone(),
                },
            )
        })?;
    a.done()?;
    Ok(Command::Scale {
        deployment,
        replicas,
    })
}

fn parse_rollout(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let sub = a.next("restart, undo, status or history")?;
    match sub.text.as_str() {
        "undo" => {
            let to = a.take_flag("to-revision")?;
            let deployment = deployment_target("rollout undo", a)?;
            let to_revision = match to {
                Some(t) => Some(t.text.parse::<u64>().map_err(|_| {
                    CommandError::at(
                        &t,
                        ErrorKind::BadNumber {
                            token: t.text.clone(),
                        },
                    )
                })?),
                None => None,
            };
            a.done()?;
            Ok(Command::RolloutUndo {
                deployment,
                to_revision,
            })
        }
        "restart" => {
            let deployment = deployment_target("rollout restart", a)?;
            a.done()?;
            Ok(Command::RolloutRestart { deployment })
        }
        "status" | "history" => Err(CommandError::at(
            &sub,
            ErrorKind::Rejected {
                reason: format!(
                    "rollout {} only reads state; run it with Sim::exec",
                    sub.text
                ),
            },
        )),
        _ => Err(subcommand(
            "rollout",
            &sub,
            &["restart", "undo", "status", "history"],
        )),
    }
}

fn small_number(t: &Token, max: u32) -> Result<u32, CommandError> {
    t.text
        .parse::<u32>()
        .ok()
        .filter(|v| *v <= max)
        .ok_or_else(|| {
            CommandError::at(
                t,
                ErrorKind::BadNumber {
                    token: t.text.clone(),
                },
            )
        })
}

fn parse_autoscale(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let max = a.take_flag("max")?;
    let min = a.take_flag("min")?;
    let cpu = a.take_flag("cpu-percent")?;
    let deployment = deployment_target("autoscale", a)?;
    let Some(max) = max else {
        return Err(a.missing("--max N"));
    };
    let max = small_number(&max, crate::api::MAX_REPLICAS)?;
    let min = min
        .map(|t| small_number(&t, crate::api::MAX_REPLICAS))
        .transpose()?;
    let cpu_percent = cpu.map(|t| small_number(&t, 10_000)).transpose()?;
    a.done()?;
    Ok(Command::Autoscale {
        deployment,
        min,
        max,
        cpu_percent,
    })
}

/// `autoscaler nodes --min N --max M` | `autoscaler off`.
fn parse_node_autoscaler(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let max = a.take_flag("max")?;
    let min = a.take_flag("min")?;
    let what = a.next("nodes or off")?;
    match what.text.as_str() {
        "off" => {
            if let Some(t) = max.as_ref().or(min.as_ref()) {
                return Err(CommandError::at(
                    t,
                    ErrorKind::Unexpected {
                        token: t.text.clone(),
                    },
                ));
            }
            a.done()?;
            Ok(Command::NodeAutoscalerOff)
        }
        "nodes" | "node" => {
            let Some(max) = max else {
                return Err(a.missing("--max N"));
            };
            let max_t = max.clone();
            let max = small_number(&max, crate::api::MAX_NODES as u32)?;
            let min = min
                .map(|t| small_number(&t, crate::api::MAX_NODES as u32))
                .transpose()?
                .unwrap_or(0);
            a.done()?;
            if min > max {
                return Err(CommandError::at(
                    &max_t,
                    ErrorKind::Rejected {
                        reason: format!("--max {max} is below --min {min}"),
                    },
                ));
            }
            Ok(Command::NodeAutoscaler { min, max })
        }
        _ => Err(subcommand("autoscaler", &what, &["nodes", "off"])),
    }
}

/// `cpu=250m,memory=128Mi`.
fn resource_pair(t: &Token) -> Result<ResourcePair, CommandError> {
    let bad = || {
        CommandError::at(
            t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: "cpu=QUANTITY,memory=QUANTITY".into(),
            },
        )
    };
    let mut p = ResourcePair::default();
    for part in t.text.split(',') {
        let (k, v) = part.split_once('=').ok_or_else(bad)?;
        match k {
            "cpu" => p.cpu = Some(crate::util::parse_cpu(v).map_err(|_| bad())?),
            "memory" => p.memory = Some(crate::util::parse_memory(v).map_err(|_| bad())?),
            _ => return Err(bad()),
        }
    }
    Ok(p)
}

fn parse_set(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let what = a.next("image or resources")?;
    if what.text == "resources" {
        let req = a.take_flag("requests")?;
        let lim = a.take_flag("limits")?;
        let c = match a.take_flag("container")? {
            Some(t) => Some(t),
            None => {
                // `-c NAME` (short flag).
                match a.toks[a.i..].iter().position(|t| t.text == "-c") {
                    Some(idx) => {
                        let idx = a.i + idx;
                        a.toks.remove(idx);
                        if idx < a.toks.len() {
                            Some(a.toks.remove(idx))
                        } else {
                            return Err(a.missing("container name after -c"));
                        }
                    }
                    None => None,
                }
            }
        };
        let deployment = deployment_target("set resources", a)?;
        if req.is_none() && lim.is_none() {
            return Err(a.missing("--requests or --limits"));
        }
        let requests = req
            .map(|t| resource_pair(&t))
            .transpose()?
            .unwrap_or_default();
        let limits = lim
            .map(|t| resource_pair(&t))
            .transpose()?
            .unwrap_or_default();
        a.done()?;
        return Ok(Command::SetResources {
            deployment,
            container: c.map(|t| t.text),
            requests,
            limits,
        });
    }
    if what.text != "image" {
        return Err(subcommand("set", &what, &["image", "resources"]));
    }
    let deployment = deployment_target("set image", a)?;
    let t = a.next("CONTAINER=IMAGE")?;
    let Some((c, i)) = t
        .text
        .split_once('=')
        .filter(|(c, i)| !c.is_empty() && !i.is_empty())
    else {
        return Err(CommandError::at(
            &t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: "CONTAINER=IMAGE".into(),
            },
        ));
    };
    let (container, image) = (c.to_string(), i.to_string());
    a.done()?;
    Ok(Command::SetImage {
        deployment,
        container,
        image,
    })
}

fn parse_load(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let cost = match a.take_flag("cost")? {
        Some(t) => Some(
            crate::util::parse_decimal(&t.text)
                .filter(|v| v.is_finite() && *v > 0.0 && *v <= 1e6)
                .ok_or_else(|| {
                    CommandError::at(
                        &t,
                        ErrorKind::BadNumber {
                            token: t.text.clone(),
                        },
                    )
                })?,
        ),
        None => None,
    };
    let service = a.name("service name")?;
    const SHAPES: &[&str] = &["steady", "ramp", "spike", "day", "off"];
    let shape = a.next("steady, ramp, spike, day or off")?;
    let secs = |ms: Millis| ms as f64 / 1000.0;
    let pattern = match shape.text.as_str() {
        "steady" => Some(Pattern::Steady {
            rps: a.number("requests per second")?,
        }),
        "ramp" => {
            let from = a.number("start rps")?;
            let to = a.number("end rps")?;
            let d = a.duration("ramp duration")?;
            Some(Pattern::Ramp {
                from,
                to,
                duration_s: secs(d),
            })
        }
        "spike" => {
            let base = a.number("base rps")?;
            let peak = a.number("peak rps")?;
            let after = a.duration("time until the spike")?;
            let d = a.duration("spike duration")?;
            Some(Pattern::Spike {
                base,
                peak,
                after_s: secs(after),
                duration_s: secs(d),
            })
        }
        "day" => {
            let min = a.number("minimum rps")?;
            let max = a.number("maximum rps")?;
            let period = if a.peek().is_some() {
                a.duration("period")?
            } else {
                86_400_000
            };
            Some(Pattern::Day {
                min,
                max,
                period_s: secs(period),
            })
        }
        "off" => None,
        _ => return Err(subcommand("load", &shape, SHAPES)),
    };
    a.done()?;
    Ok(Command::Load {
        service,
        pattern,
        cost_cpu_ms: cost,
    })
}

fn parse_fault(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    const OPS: &[&str] = &[
        "crash-loop",
        "oom",
        "image-pull",
        "memory-pressure",
        "clear",
    ];
    let op = a.next("crash-loop, oom, image-pull, memory-pressure or clear")?;
    let fault = match op.text.as_str() {
        "clear" | "memory-pressure" => None,
        t => match crate::node::faults::ContainerFault::from_name(t) {
            Some(f) => Some(f),
            None => return Err(subcommand("fault", &op, OPS)),
        },
    };
    let t = a.next("pod/NAME, deployment/NAME or node/NAME")?;
    let node = ["node/", "nodes/", "no/"]
        .iter()
        .find_map(|p| t.text.strip_prefix(p));
    let pressure = op.text == "memory-pressure";
    if let Some(n) = node {
        if n.is_empty() || (fault.is_some()) {
            return Err(CommandError::at(
                &t,
                ErrorKind::BadArgument {
                    token: t.text.clone(),
                    expected: if n.is_empty() {
                        "node/NAME".into()
                    } else {
                        format!(
                            "pod/NAME or deployment/NAME ({} breaks containers)",
                            op.text
                        )
                    },
                },
            ));
        }
        a.done()?;
        return Ok(Command::NodeMemoryPressure {
            node: n.to_string(),
            on: pressure,
        });
    }
    if pressure {
        return Err(CommandError::at(
            &t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: "node/NAME (memory pressure is a node's)".into(),
            },
        ));
    }
    let target = if let Some(n) = t
        .text
        .strip_prefix("deployment/")
        .or_else(|| t.text.strip_prefix("deploy/"))
    {
        format!("deployment/{n}")
    } else {
        let n = t.text.strip_prefix("pod/").unwrap_or(&t.text);
        format!("pod/{n}")
    };
    if target.ends_with('/') || t.text.starts_with('-') {
        return Err(CommandError::at(
            &t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: "pod/NAME or deployment/NAME".into(),
            },
        ));
    }
    a.done()?;
    Ok(Command::Fault { target, fault })
}

/// `apply -f FILE` (also `--filename FILE`, `-f=FILE`, `--filename=FILE`).
fn parse_apply(_: &Token, a: &mut Args) -> Result<Command, CommandError> {
    let t = a.next("-f FILE")?;
    let file = if let Some(v) = t
        .text
        .strip_prefix("-f=")
        .or_else(|| t.text.strip_prefix("--filename="))
    {
        v.to_string()
    } else if t.text == "-f" || t.text == "--filename" {
        a.name("file name")?
    } else {
        return Err(CommandError::at(
            &t,
            ErrorKind::BadArgument {
                token: t.text.clone(),
                expected: "-f FILE".into(),
            },
        ));
    };
    if file.is_empty() {
        return Err(a.missing("file name"));
    }
    Ok(Command::Apply { file })
}

/// Parses one command line.
pub fn parse(line: &str) -> Result<Command, CommandError> {
    let mut toks = tokenize(line)?;
    if toks.first().is_some_and(|t| t.text == "kubectl") {
        toks.remove(0);
    }
    let Some(first) = toks.first().cloned() else {
        return Err(CommandError {
            pos: 0,
            len: line.len(),
            kind: ErrorKind::Empty,
        });
    };
    let Some(verb) = VERBS.iter().find(|v| v.name == first.text) else {
        if crate::cli::kubectl::QUERY_VERBS.contains(&first.text.as_str()) {
            return Err(CommandError::at(
                &first,
                ErrorKind::Rejected {
                    reason: format!("{} only reads state; run it with Sim::exec", first.text),
                },
            ));
        }
        let known: Vec<&'static str> = VERBS
            .iter()
            .map(|v| v.name)
            .chain(crate::cli::kubectl::QUERY_VERBS.iter().copied())
            .collect();
        return Err(CommandError::at(
            &first,
            ErrorKind::UnknownVerb {
                verb: first.text.clone(),
                suggestion: suggest(&first.text, known.iter().copied()),
                known,
            },
        ));
    };
    let mut args = Args {
        toks,
        i: 1,
        line_len: line.len(),
    };
    let cmd = (verb.parse)(&first, &mut args)?;
    args.done()?;
    Ok(cmd)
}

/// Quotes an argument that would not survive tokenizing as one word.
fn q(s: &str) -> String {
    let plain = !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '#' || c == '"' || c == '\'');
    if plain {
        s.to_string()
    } else if s.contains('"') {
        format!("'{s}'")
    } else {
        format!("\"{s}\"")
    }
}

/// Prints the command as a line that parses back to it (`kubectl` left out).
impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Command::Cordon { node } => write!(f, "cordon {}", q(node)),
            Command::Uncordon { node } => write!(f, "uncordon {}", q(node)),
            Command::Drain { node } => write!(f, "drain {}", q(node)),
            Command::PowerOff { node } => write!(f, "node power-off {}", q(node)),
            Command::PowerOn { node } => write!(f, "node power-on {}", q(node)),
            Command::Disconnect { node } => write!(f, "node disconnect {}", q(node)),
            Command::Reconnect { node } => write!(f, "node reconnect {}", q(node)),
            Command::DeleteNode { node } => write!(f, "node delete {}", q(node)),
            Command::NodeAutoscaler { min, max } => {
                write!(f, "autoscaler nodes --min {min} --max {max}")
            }
            Command::NodeAutoscalerOff => write!(f, "autoscaler off"),
            Command::DeletePod { pod } => write!(f, "delete pod {}", q(pod)),
            Command::DeleteDeployment { deployment } => {
                write!(f, "delete {}", q(&format!("deployment/{deployment}")))
            }
            Command::DeleteService { service } => {
                write!(f, "delete {}", q(&format!("service/{service}")))
            }
            Command::DeleteHpa { hpa } => write!(f, "delete {}", q(&format!("hpa/{hpa}"))),
            Command::RolloutUndo {
                deployment,
                to_revision,
            } => {
                write!(f, "rollout undo {}", q(&format!("deployment/{deployment}")))?;
                if let Some(r) = to_revision {
                    write!(f, " --to-revision {r}")?;
                }
                Ok(())
            }
            Command::CrashPod { pod } => write!(f, "crash pod {}", q(pod)),
            Command::Scale {
                deployment,
                replicas,
            } => write!(
                f,
                "scale deployment {} --replicas {replicas}",
                q(deployment)
            ),
            Command::SetImage {
                deployment,
                container,
                image,
            } => write!(
                f,
                "set image {} {}",
                q(&format!("deployment/{deployment}")),
                q(&format!("{container}={image}"))
            ),
            Command::Load {
                service,
                pattern,
                cost_cpu_ms,
            } => {
                // Seconds print as the durations they were typed as (milliseconds exact).
                let d = |s: &f64| match (s * 1000.0).round() as Millis {
                    0 => "0s".to_string(),
                    ms => crate::util::fmt_duration(ms),
                };
                write!(f, "load {}", q(service))?;
                let n = |v: &f64| crate::util::fmt_decimal(*v);
                match pattern {
                    None => write!(f, " off")?,
                    Some(Pattern::Steady { rps }) => write!(f, " steady {}", n(rps))?,
                    Some(Pattern::Ramp {
                        from,
                        to,
                        duration_s,
                    }) => write!(f, " ramp {} {} {}", n(from), n(to), d(duration_s))?,
                    Some(Pattern::Spike {
                        base,
                        peak,
                        after_s,
                        duration_s,
                    }) => write!(
                        f,
                        " spike {} {} {} {}",
                        n(base),
                        n(peak),
                        d(after_s),
                        d(duration_s)
                    )?,
                    Some(Pattern::Day { min, max, period_s }) => {
                        write!(f, " day {} {} {}", n(min), n(max), d(period_s))?
                    }
                }
                if let Some(c) = cost_cpu_ms {
                    write!(f, " --cost {}", n(c))?;
                }
                Ok(())
            }
            Command::Advance { ms } => write!(f, "advance {}", crate::util::fmt_duration(*ms)),
            Command::RolloutRestart { deployment } => {
                write!(
                    f,
                    "rollout restart {}",
                    q(&format!("deployment/{deployment}"))
                )
            }
            Command::Autoscale {
                deployment,
                min,
                max,
                cpu_percent,
            } => {
                write!(f, "autoscale deployment {} --max {max}", q(deployment))?;
                if let Some(m) = min {
                    write!(f, " --min {m}")?;
                }
                if let Some(p) = cpu_percent {
                    write!(f, " --cpu-percent {p}")?;
                }
                Ok(())
            }
            Command::SetResources {
                deployment,
                container,
                requests,
                limits,
            } => {
                write!(
                    f,
                    "set resources {}",
                    q(&format!("deployment/{deployment}"))
                )?;
                if let Some(c) = container {
                    write!(f, " -c {}", q(c))?;
                }
                let pair = |p: &ResourcePair| {
                    let mut v = Vec::new();
                    if let Some(c) = p.cpu {
                        v.push(format!("cpu={}", crate::util::fmt_cpu(c)));
                    }
                    if let Some(m) = p.memory {
                        v.push(format!("memory={}", crate::util::fmt_memory(m)));
                    }
                    v.join(",")
                };
                if requests.cpu.is_some() || requests.memory.is_some() {
                    write!(f, " --requests={}", pair(requests))?;
                }
                if limits.cpu.is_some() || limits.memory.is_some() {
                    write!(f, " --limits={}", pair(limits))?;
                }
                Ok(())
            }
            Command::Fault { target, fault } => write!(
                f,
                "fault {} {}",
                fault.map_or("clear", |x| x.name()),
                q(target)
            ),
            Command::NodeMemoryPressure { node, on } => write!(
                f,
                "fault {} {}",
                if *on { "memory-pressure" } else { "clear" },
                q(&format!("node/{node}"))
            ),
            Command::ControlPlanePowerOff { node } => {
                write!(f, "control-plane power-off {}", q(node))
            }
            Command::ControlPlanePowerOn { node } => {
                write!(f, "control-plane power-on {}", q(node))
            }
            Command::EtcdStop { node } => write!(f, "etcd stop {}", q(node)),
            Command::EtcdStart { node } => write!(f, "etcd start {}", q(node)),
            Command::Apply { file } => write!(f, "apply -f {}", q(file)),
            Command::Vpa {
                deployment,
                mode,
                min,
                max,
                min_replicas,
            } => {
                write!(f, "vpa {}", q(&format!("deployment/{deployment}")))?;
                if let Some(m) = mode {
                    write!(f, " --mode {}", m.name())?;
                }
                if let Some(c) = min.cpu {
                    write!(f, " --min-cpu {}", crate::util::fmt_cpu(c))?;
                }
                if let Some(c) = max.cpu {
                    write!(f, " --max-cpu {}", crate::util::fmt_cpu(c))?;
                }
                if let Some(m) = min.memory {
                    write!(f, " --min-memory {}", crate::util::fmt_memory(m))?;
                }
                if let Some(m) = max.memory {
                    write!(f, " --max-memory {}", crate::util::fmt_memory(m))?;
                }
                if let Some(n) = min_replicas {
                    write!(f, " --min-replicas {n}")?;
                }
                Ok(())
            }
            Command::DeleteVpa { name } => write!(f, "delete vpa {}", q(name)),
            Command::Profile { profile } => write!(f, "profile {}", profile.name()),
            Command::Seed { seed } => write!(f, "seed {seed}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check(line: &str, expect: Expect) {
        let got = match parse(line) {
            Ok(c) => format!("{c:?}"),
            Err(e) => format!("error at {}..{}: {}", e.pos, e.pos + e.len, e.message()),
        };
        expect.assert_eq(&got);
    }

    #[test]
    fn load_lines_print_as_typed_and_kubectl_verbs_are_known() {
        for line in [
            "load web steady 30",
            "load web steady 2000 --cost 5",
            "load web spike 30 120 0s 2m30s",
            "load web ramp 10 0.5 1m",
            "load web day 5 50 24h --cost 2.5",
            "load web off",
        ] {
            let c = parse(line).unwrap();
            assert_eq!(c.to_string(), line);
            assert_eq!(parse(&c.to_string()).unwrap(), c);
        }
        for (line, kubectl) in [
            ("kubectl cordon node-1", true),
            ("scale deployment web --replicas 3", true),
            ("rollout undo deployment/web", true),
            ("delete vpa web", true),
            ("autoscale deployment web --max 5", true),
            ("node power-off node-1", false),
            ("load web off", false),
            ("vpa deployment/web", false),
            ("fault clear node/node-1", false),
            ("autoscaler off", false),
        ] {
            assert_eq!(parse(line).unwrap().is_kubectl(), kubectl, "{line}");
        }
    }

    #[test]
    fn commands() {
        check("cordon node-1", expect![[r#"Cordon { node: "node-1" }"#]]);
        check(
            "kubectl drain node-2",
            expect![[r#"Drain { node: "node-2" }"#]],
        );
        check(
            "node power-off node-2",
            expect![[r#"PowerOff { node: "node-2" }"#]],
        );
        check(
            "scale deployment/web --replicas=5",
            expect![[r#"Scale { deployment: "web", replicas: 5 }"#]],
        );
        check(
            "scale --replicas 3 deployment web",
            expect![[r#"Scale { deployment: "web", replicas: 3 }"#]],
        );
        check(
            "set image deployment/web app=nginx:1.27",
            expect![[r#"SetImage { deployment: "web", container: "app", image: "nginx:1.27" }"#]],
        );
        check(
            "load web ramp 100 400 5m --cost 20",
            expect![[
                r#"Load { service: "web", pattern: Some(Ramp { from: 100.0, to: 400.0, duration_s: 300.0 }), cost_cpu_ms: Some(20.0) }"#
            ]],
        );
        check(
            "load web day 50 300",
            expect![[
                r#"Load { service: "web", pattern: Some(Day { min: 50.0, max: 300.0, period_s: 86400.0 }), cost_cpu_ms: None }"#
            ]],
        );
        check(
            "crash pod deployment/web  # comment",
            expect![[r#"CrashPod { pod: "deployment/web" }"#]],
        );
        check("advance 1m30s", expect![[r#"Advance { ms: 90000 }"#]]);
        check(
            "profile classroom",
            expect!["Profile { profile: Classroom }"],
        );
        check("kubectl profile real", expect!["Profile { profile: Real }"]);
        check("seed 42", expect!["Seed { seed: 42 }"]);
        check(
            "seed 18446744073709551615",
            expect!["Seed { seed: 18446744073709551615 }"],
        );
        check(
            "apply -f web.yaml",
            expect![[r#"Apply { file: "web.yaml" }"#]],
        );
        check(
            "kubectl apply --filename=web.yaml",
            expect![[r#"Apply { file: "web.yaml" }"#]],
        );
    }

    #[test]
    fn errors_name_position_and_cause() {
        check(
            "cordn node-1",
            expect![[r#"error at 0..5: unknown command "cordn"; did you mean "cordon"?"#]],
        );
        check(
            "node powr-off n1",
            expect![[r#"error at 5..13: node: unknown "powr-off"; did you mean "power-off"?"#]],
        );
        check(
            "scale deployment web",
            expect![[r#"error at 20..20: missing --replicas N"#]],
        );
        check(
            "scale deployment web --replicas x",
            expect![[r#"error at 32..33: "x" is not a valid number"#]],
        );
        check(
            "load web ramp 1 2 5x",
            expect![[r#"error at 18..20: "5x" is not a valid duration (e.g. 500ms, 30s, 5m, 1h)"#]],
        );
        check(
            "cordon node-1 extra",
            expect![[r#"error at 14..19: unexpected "extra""#]],
        );
        check("   ", expect![[r#"error at 0..3: empty command"#]]);
        check(
            "drain 'node",
            expect![[r#"error at 6..11: unterminated quote"#]],
        );
        check(
            "apply web.yaml",
            expect![[r#"error at 6..14: "web.yaml": expected -f FILE"#]],
        );
        check("apply -f", expect![[r#"error at 8..8: missing file name"#]]);
        check(
            "profile clasroom",
            expect![[r#"error at 8..16: profile: unknown "clasroom"; did you mean "classroom"?"#]],
        );
        check(
            "profile",
            expect!["error at 7..7: missing real or classroom"],
        );
        check(
            "profile real now",
            expect![[r#"error at 13..16: unexpected "now""#]],
        );
        check(
            "seed -1",
            expect![[
                r#"error at 5..7: "-1": expected a whole number from 0 to 18446744073709551615"#
            ]],
        );
        check(
            "seed 18446744073709551616",
            expect![[
                r#"error at 5..25: "18446744073709551616": expected a whole number from 0 to 18446744073709551615"#
            ]],
        );
        check(
            "seed",
            expect!["error at 4..4: missing seed (a whole number from 0 to 18446744073709551615)"],
        );
        check(
            "sead 4",
            expect![[r#"error at 0..4: unknown command "sead"; did you mean "seed"?"#]],
        );
        check(
            "aply -f web.yaml",
            expect![[r#"error at 0..4: unknown command "aply"; did you mean "apply"?"#]],
        );
        check(
            "xyzzy",
            expect![[
                r#"error at 0..5: unknown command "xyzzy"; try one of: cordon, uncordon, drain, node, control-plane, etcd, fail, restore, delete, crash, scale, set, load, rollout, autoscale, autoscaler, vpa, fault, apply, profile, seed, advance, get, describe"#
            ]],
        );
    }
}
