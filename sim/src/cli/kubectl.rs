//! kubectl's read side: `get` tables and `describe` sections rendered from the engine's state,
//! and [`Sim::exec`], which runs one line of the command language and returns kubectl-like
//! text. Mutating verbs go through [`crate::cli::command::parse`] and [`Sim::apply`] unchanged; this
//! module only adds the read-only verbs and the text.
//!
//! Formats follow kubectl (k8s.io/kubectl/pkg/cmd/get, k8s.io/kubernetes/pkg/printers/internalversion
//! printers.go for the columns, k8s.io/kubectl/pkg/describe/describe.go for the sections, and
//! k8s.io/apimachinery/pkg/util/duration `HumanDuration` for AGE). Columns are separated by
//! three spaces, as kubectl's tabwriter (padding 3) does.

use crate::api::events::{Event, EventKind};
use crate::api::objects::*;
use crate::cli::command::{CommandError, ErrorKind, Token, suggest_word, tokenize};
use crate::engine::Sim;
use crate::util::{Millis, fmt_cpu, fmt_memory};

/// The kubelet version nodes report (illustrative: the release line the model follows).
pub const KUBELET_VERSION: &str = "v1.32.0";

/// Resource names `get` accepts, with their kubectl short names and singulars.
const RESOURCES: &[(&str, &[&str])] = &[
    ("pods", &["pod", "po"]),
    ("nodes", &["node", "no"]),
    ("deployments", &["deployment", "deploy"]),
    ("replicasets", &["replicaset", "rs"]),
    ("services", &["service", "svc"]),
    ("endpoints", &["ep"]),
    (
        "hpa",
        &["horizontalpodautoscalers", "horizontalpodautoscaler"],
    ),
    (
        "vpa",
        &["verticalpodautoscalers", "verticalpodautoscaler", "vpas"],
    ),
    ("events", &["event", "ev"]),
];

/// Kinds `describe` accepts.
const DESCRIBABLE: &[&str] = &["pods", "nodes", "deployments", "services", "hpa", "vpa"];

/// A parsed read-only command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    Get {
        resource: &'static str,
        name: Option<String>,
        namespace: Option<String>,
        all_namespaces: bool,
        selector: Vec<(String, String)>,
        wide: bool,
    },
    Describe {
        resource: &'static str,
        name: String,
        namespace: Option<String>,
    },
    RolloutStatus {
        deployment: String,
        namespace: Option<String>,
    },
    /// `rollout history deployment/NAME`.
    RolloutHistory {
        deployment: String,
        namespace: Option<String>,
    },
}

/// The verbs this module parses (the command module's suggestions include them).
pub const QUERY_VERBS: &[&str] = &["get", "describe"];

/// `HumanDuration` from k8s.io/apimachinery/pkg/util/duration: kubectl's AGE column.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".into();
    } else if seconds < 0 {
        return "0s".into();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Renders rows as kubectl's tabwriter does: each column padded to its widest cell plus three
/// spaces; the last column unpadded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut w: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, c) in cells.enumerate() {
            s.push_str(c);
            if i + 1 < n {
                for _ in c.chars().count()..w[i] + 3 {
                    s.push(' ');
                }
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for r in rows {
        line(&mut r.iter().map(|s| s.as_str()));
    }
    out
}

fn err_at(t: &Token, kind: ErrorKind) -> CommandError {
    CommandError {
        pos: t.start,
        len: t.end - t.start,
        kind,
    }
}

fn resource_of(t: &Token, allowed: &[&str]) -> Result<&'static str, CommandError> {
    let word = t.text.to_ascii_lowercase();
    for (name, alias) in RESOURCES {
        if allowed.contains(name) && (word == *name || alias.contains(&word.as_str())) {
            return Ok(name);
        }
    }
    Err(err_at(
        t,
        ErrorKind::UnknownSubcommand {
            verb: "resource type".into(),
            got: t.text.clone(),
            expected: allowed.iter().map(|s| s.to_string()).collect(),
            suggestion: suggest_word(&t.text, allowed.iter().copied()),
        },
    ))
}

fn all_resources() -> Vec<&'static str> {
    RESOURCES.iter().map(|r| r.0).collect()
}

/// Parses `get`, `describe` and `rollout status`. `Ok(None)` when the line is not a query.
pub fn parse_query(line: &str) -> Result<Option<Query>, CommandError> {
    let mut toks = tokenize(line)?;
    if toks.first().is_some_and(|t| t.text == "kubectl") {
        toks.remove(0);
    }
    let Some(verb) = toks.first().cloned() else {
        return Ok(None);
    };
    let rollout_status = verb.text == "rollout"
        && toks
            .get(1)
            .is_some_and(|t| t.text == "status" || t.text == "history");
    if !QUERY_VERBS.contains(&verb.text.as_str()) && !rollout_status {
        return Ok(None);
    }
    let line_len = line.len();
    let missing = |what: &str| CommandError {
        pos: line_len,
        len: 0,
        kind: ErrorKind::Missing { what: what.into() },
    };
    // Flags first (anywhere after the verb), then positionals.
    let mut namespace = None;
    let mut all_namespaces = false;
    let mut selector = Vec::new();
    let mut wide = false;
    let mut pos: Vec<Token> = Vec::new();
    let mut i = 1;
    while i < toks.len() {
        let t = &toks[i];
        let (flag, inline) = match t.text.split_once('=') {
            Some((f, v)) if t.text.starts_with('-') => (f.to_string(), Some(v.to_string())),
            _ => (t.text.clone(), None),
        };
        let mut value = |what: &str| -> Result<Token, CommandError> {
            if let Some(v) = &inline {
                return Ok(Token {
                    text: v.clone(),
                    start: t.start + flag.len() + 1,
                    end: t.end,
                });
            }
            i += 1;
            toks.get(i).cloned().ok_or_else(|| missing(what))
        };
        match flag.as_str() {
            "-n" | "--namespace" => namespace = Some(value("namespace")?.text),
            "-A" | "--all-namespaces" => all_namespaces = true,
            "-l" | "--selector" => {
                let v = value("label selector")?;
                for part in v.text.split(',') {
                    let kv = part
                        .split_once("==")
                        .or_else(|| part.split_once('='))
                        .filter(|(k, _)| !k.is_empty());
                    let Some((k, val)) = kv else {
                        return Err(err_at(
                            &v,
                            ErrorKind::BadArgument {
                                token: v.text.clone(),
                                expected: "KEY=VALUE[,KEY=VALUE]".into(),
                            },
                        ));
                    };
                    selector.push((k.to_string(), val.to_string()));
                }
            }
            "-o" | "--output" => {
                let v = value("output format")?;
                if v.text != "wide" {
                    return Err(err_at(
                        &v,
                        ErrorKind::BadArgument {
                            token: v.text.clone(),
                            expected: "wide (the only output format)".into(),
                        },
                    ));
                }
                wide = true;
            }
            f if f.starts_with('-') => {
                return Err(err_at(
                    t,
                    ErrorKind::Unexpected {
                        token: t.text.clone(),
                    },
                ));
            }
            _ => pos.push(t.clone()),
        }
        i += 1;
    }
    let unexpected = |t: &Token| {
        err_at(
            t,
            ErrorKind::Unexpected {
                token: t.text.clone(),
            },
        )
    };
    // `TYPE NAME` or `TYPE/NAME`.
    let split = |t: &Token| -> Option<(Token, Token)> {
        let (a, b) = t.text.split_once('/')?;
        let ty = Token {
            text: a.to_string(),
            start: t.start,
            end: t.start + a.len(),
        };
        let name = Token {
            text: b.to_string(),
            start: t.start + a.len() + 1,
            end: t.end,
        };
        Some((ty, name))
    };
    let target =
        |pos: &[Token], what: &str| -> Result<(Token, Option<Token>, usize), CommandError> {
            let t = pos.first().ok_or_else(|| missing(what))?;
            if let Some((ty, name)) = split(t) {
                if name.text.is_empty() {
                    return Err(missing("name after /"));
                }
                return Ok((ty, Some(name), 1));
            }
            Ok((t.clone(), pos.get(1).cloned(), 2))
        };
    let q = match verb.text.as_str() {
        "get" => {
            let (ty, name, used) = target(&pos, "resource type")?;
            if let Some(extra) = pos.get(used) {
                return Err(unexpected(extra));
            }
            Query::Get {
                resource: resource_of(&ty, &all_resources())?,
                name: name.map(|n| n.text),
                namespace,
                all_namespaces,
                selector,
                wide,
            }
        }
        "describe" => {
            let (ty, name, used) = target(&pos, "resource type")?;
            if let Some(extra) = pos.get(used) {
                return Err(unexpected(extra));
            }
            let resource = resource_of(&ty, DESCRIBABLE)?;
            let name = name.ok_or_else(|| missing("name"))?.text;
            Query::Describe {
                resource,
                name,
                namespace,
            }
        }
        _ => {
            // rollout
            let sub = pos.first().ok_or_else(|| missing("status"))?;
            if sub.text != "status" && sub.text != "history" {
                return Err(err_at(
                    sub,
                    ErrorKind::UnknownSubcommand {
                        verb: "rollout".into(),
                        got: sub.text.clone(),
                        expected: vec!["status".into(), "history".into()],
                        suggestion: suggest_word(&sub.text, ["status", "history"]),
                    },
                ));
            }
            let history = sub.text == "history";
            let (ty, name, used) = target(&pos[1..], "deployment")?;
            if let Some(extra) = pos.get(1 + used) {
                return Err(unexpected(extra));
            }
            resource_of(&ty, &["deployments"])?;
            let deployment = name.ok_or_else(|| missing("deployment name"))?.text;
            if history {
                Query::RolloutHistory {
                    deployment,
                    namespace,
                }
            } else {
                Query::RolloutStatus {
                    deployment,
                    namespace,
                }
            }
        }
    };
    Ok(Some(q))
}

fn not_found(kind: &str, name: &str) -> CommandError {
    CommandError::whole(ErrorKind::NotFound {
        kind: kind.into(),
        name: name.into(),
    })
}

fn labels_str(l: &Labels) -> String {
    if l.is_empty() {
        return "<none>".into();
    }
    l.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn or_none(s: String) -> String {
    if s.is_empty() { "<none>".into() } else { s }
}

/// kubectl's pod STATUS column (printPod in printers.go, reduced to the fields the model has).
pub fn pod_status(p: &Pod) -> String {
    let mut reason = match p.status.phase {
        PodPhase::Pending => "Pending",
        PodPhase::Running => "Running",
        PodPhase::Succeeded => "Succeeded",
        PodPhase::Failed => "Failed",
        PodPhase::Unknown => "Unknown",
    }
    .to_string();
    if !p.status.reason.is_empty() {
        reason = p.status.reason.clone();
    }
    if p.node().is_some() && p.status.container_statuses.is_empty() && p.status.reason.is_empty() {
        reason = "ContainerCreating".into();
    }
    for c in p.status.container_statuses.iter().rev() {
        match &c.state {
            ContainerState::Waiting { reason: r } if !r.is_empty() => reason = r.clone(),
            ContainerState::Terminated { reason: r, .. } if !r.is_empty() => reason = r.clone(),
            _ => {}
        }
    }
    if p.metadata.deletion_ms.is_some() {
        reason = "Terminating".into();
    }
    reason
}

fn node_status(n: &Node) -> String {
    let mut s = match n.ready_status() {
        ConditionStatus::True => "Ready",
        ConditionStatus::False => "NotReady",
        ConditionStatus::Unknown => "Unknown",
    }
    .to_string();
    if n.ready().is_none() {
        s = "Unknown".into();
    }
    if n.spec.unschedulable {
        s.push_str(",SchedulingDisabled");
    }
    s
}

fn node_roles(n: &Node) -> String {
    let roles: Vec<&str> = n
        .metadata
        .labels
        .keys()
        .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
        .collect();
    or_none(roles.join(","))
}

fn event_reason(k: &EventKind) -> String {
    let d = format!("{k:?}");
    d.split([' ', '{', '(']).next().unwrap_or("").to_string()
}

/// Warning for failures, evictions and rejections; Normal otherwise (the model has no type
/// field; this follows the reasons upstream records as Warning).
fn event_type(reason: &str) -> &'static str {
    const WARN: &[&str] = &[
        "Fail",
        "Err",
        "Reject",
        "Evict",
        "NotReady",
        "BackOff",
        "Kill",
        "Unhealthy",
        "Crash",
        "Unreachable",
        "Lost",
    ];
    if WARN.iter().any(|w| reason.contains(w)) {
        "Warning"
    } else {
        "Normal"
    }
}

fn event_message(e: &Event) -> String {
    // `describe()` is "TIME ACTOR: what"; kubectl shows only the message.
    let d = e.describe();
    match d.split_once(": ") {
        Some((_, m)) => m.to_string(),
        None => d,
    }
}

impl Sim {
    /// Runs one line: a read-only query (`get`, `describe`, `rollout status`) returns its text;
    /// any other command is applied as [`Sim::run`] does and returns kubectl's confirmation.
    /// Errors change nothing.
    pub fn exec(&mut self, line: &str) -> Result<String, CommandError> {
        if let Some(q) = parse_query(line)? {
            return self.query(&q).map_err(|e| point_at_name(line, e));
        }
        let cmd = crate::cli::command::parse(line)?;
        if let crate::cli::command::Command::Apply { file } = &cmd {
            return self.apply_file(file).map_err(|mut e| {
                // Point at the file name.
                if let Ok(toks) = tokenize(line)
                    && let Some(t) = toks.iter().rev().find(|t| t.text.ends_with(file.as_str()))
                {
                    let pos = t.end - file.len().min(t.end - t.start);
                    // A quoted token's text is shorter than its span: point at all of it.
                    if t.end - t.start == t.text.len() && line.is_char_boundary(pos) {
                        e.pos = pos;
                    } else {
                        e.pos = t.start;
                    }
                    e.len = t.end - e.pos;
                }
                e
            });
        }
        // kubectl skips a rollback to the template the Deployment already has.
        if let crate::cli::command::Command::RolloutUndo {
            deployment,
            to_revision,
        } = &cmd
            && self.validate(&cmd).is_ok()
            && let Ok(crate::cli::rollout::UndoPlan::Skip { revision }) =
                self.plan_undo(deployment, *to_revision)
        {
            return Ok(format!(
                "deployment.apps/{deployment} skipped rollback (current template already matches revision {revision})\n"
            ));
        }
        self.apply(&cmd).map_err(|e| point_at_name(line, e))?;
        let mut out = confirmation(&cmd);
        if let crate::cli::command::Command::Advance { .. } = cmd {
            out = format!(
                "{}(now t={})\n",
                out.trim_end().to_string() + " ",
                crate::util::fmt_duration(self.now_ms())
            );
        }
        Ok(out)
    }

    /// Renders a query against the current state.
    pub fn query(&self, q: &Query) -> Result<String, CommandError> {
        match q {
            Query::Get {
                resource,
                name,
                namespace,
                all_namespaces,
                selector,
                wide,
            } => {
                let ns = if *all_namespaces {
                    None
                } else {
                    Some(namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE))
                };
                let keep = |m: &ObjectMeta, namespaced: bool| {
                    (!namespaced || ns.is_none_or(|ns| m.namespace == ns))
                        && name.as_ref().is_none_or(|n| &m.name == n)
                        && selector
                            .iter()
                            .all(|(k, v)| m.labels.get(k).is_some_and(|x| x == v))
                };
                let out = self.get_table(resource, &keep, ns, *wide);
                if out.is_empty() {
                    if let Some(n) = name {
                        return Err(not_found(resource.trim_end_matches('s'), n));
                    }
                    let where_ = match ns {
                        Some(ns) => format!(" in {ns} namespace"),
                        None => String::new(),
                    };
                    return Ok(format!("No resources found{where_}.\n"));
                }
                Ok(out)
            }
            Query::Describe {
                resource,
                name,
                namespace,
            } => {
                let ns = namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
                self.describe(resource, ns, name)
            }
            Query::RolloutStatus {
                deployment,
                namespace,
            } => {
                let ns = namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
                let d = self
                    .api
                    .store()
                    .get::<Deployment>(ns, deployment)
                    .ok_or_else(|| not_found("deployment", deployment))?;
                Ok(rollout_status(d))
            }
            Query::RolloutHistory {
                deployment,
                namespace,
            } => {
                let ns = namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE);
                let rows = self.rollout_history(ns, deployment).ok_or_else(|| {
                    CommandError::whole(ErrorKind::ServerNotFound {
                        resource: "deployments.apps".into(),
                        name: deployment.clone(),
                    })
                })?;
                Ok(crate::cli::rollout::history_table(deployment, &rows))
            }
        }
    }

    fn age(&self, m: &ObjectMeta) -> String {
        human_duration(self.now_ms() as i64 - m.creation_ms as i64)
    }

    /// Rows for one resource; empty when nothing matches.
    fn get_table(
        &self,
        resource: &str,
        keep: &dyn Fn(&ObjectMeta, bool) -> bool,
        ns: Option<&str>,
        wide: bool,
    ) -> String {
        let all_ns = ns.is_none();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let header: Vec<&str>;
        let ns_col = |m: &ObjectMeta, r: Vec<String>| {
            if all_ns {
                let mut v = vec![m.namespace.clone()];
                v.extend(r);
                v
            } else {
                r
            }
        };
        match resource {
            "pods" => {
                header = if wide {
                    vec![
                        "NAME",
                        "READY",
                        "STATUS",
                        "RESTARTS",
                        "AGE",
                        "IP",
                        "NODE",
                        "NOMINATED NODE",
                        "READINESS GATES",
                    ]
                } else {
                    vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
                };
                for p in self
                    .api
                    .store()
                    .list::<Pod>()
                    .filter(|p| keep(&p.metadata, true))
                {
                    let total = p.spec.containers.len();
                    let ready = p
                        .status
                        .container_statuses
                        .iter()
                        .filter(|c| c.ready)
                        .count();
                    let mut r = vec![
                        p.metadata.name.clone(),
                        format!("{ready}/{total}"),
                        pod_status(p),
                        p.status.restart_count().to_string(),
                        self.age(&p.metadata),
                    ];
                    if wide {
                        r.push(p.status.pod_ip.clone().unwrap_or_else(|| "<none>".into()));
                        r.push(p.node().unwrap_or("<none>").to_string());
                        r.push("<none>".into());
                        r.push("<none>".into());
                    }
                    rows.push(ns_col(&p.metadata, r));
                }
            }
            "nodes" => {
                header = if wide {
                    vec![
                        "NAME",
                        "STATUS",
                        "ROLES",
                        "AGE",
                        "VERSION",
                        "CPU(REQ/ALLOC)",
                        "MEMORY(REQ/ALLOC)",
                        "PODS",
                    ]
                } else {
                    vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
                };
                for v in self
                    .nodes()
                    .into_iter()
                    .filter(|v| keep(&v.node.metadata, false))
                {
                    let n = v.node;
                    let mut r = vec![
                        n.metadata.name.clone(),
                        node_status(n),
                        node_roles(n),
                        self.age(&n.metadata),
                        KUBELET_VERSION.into(),
                    ];
                    if wide {
                        let a = &n.status.allocatable;
                        r.push(format!("{}/{}", fmt_cpu(v.requested_cpu), fmt_cpu(a.cpu.0)));
                        r.push(format!(
                            "{}/{}",
                            fmt_memory(v.requested_memory),
                            fmt_memory(a.memory.0)
                        ));
                        r.push(format!("{}/{}", v.pods.len(), a.pods));
                    }
                    rows.push(r);
                }
            }
            "deployments" => {
                header = if wide {
                    vec![
                        "NAME",
                        "READY",
                        "UP-TO-DATE",
                        "AVAILABLE",
                        "AGE",
                        "CONTAINERS",
                        "IMAGES",
                        "SELECTOR",
                    ]
                } else {
                    vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
                };
                for d in self
                    .api
                    .store()
                    .list::<Deployment>()
                    .filter(|d| keep(&d.metadata, true))
                {
                    let mut r = vec![
                        d.metadata.name.clone(),
                        format!("{}/{}", d.status.ready_replicas, d.spec.replicas),
                        d.status.updated_replicas.to_string(),
                        d.status.available_replicas.to_string(),
                        self.age(&d.metadata),
                    ];
                    if wide {
                        push_template(&mut r, &d.spec.template, &d.spec.selector);
                    }
                    rows.push(ns_col(&d.metadata, r));
                }
            }
            "replicasets" => {
                header = if wide {
                    vec![
                        "NAME",
                        "DESIRED",
                        "CURRENT",
                        "READY",
                        "AGE",
                        "CONTAINERS",
                        "IMAGES",
                        "SELECTOR",
                    ]
                } else {
                    vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
                };
                for rs in self
                    .api
                    .store()
                    .list::<ReplicaSet>()
                    .filter(|r| keep(&r.metadata, true))
                {
                    let mut r = vec![
                        rs.metadata.name.clone(),
                        rs.spec.replicas.to_string(),
                        rs.status.replicas.to_string(),
                        rs.status.ready_replicas.to_string(),
                        self.age(&rs.metadata),
                    ];
                    if wide {
                        push_template(&mut r, &rs.spec.template, &rs.spec.selector);
                    }
                    rows.push(ns_col(&rs.metadata, r));
                }
            }
            "services" => {
                header = if wide {
                    vec![
                        "NAME",
                        "TYPE",
                        "CLUSTER-IP",
                        "EXTERNAL-IP",
                        "PORT(S)",
                        "AGE",
                        "SELECTOR",
                    ]
                } else {
                    vec![
                        "NAME",
                        "TYPE",
                        "CLUSTER-IP",
                        "EXTERNAL-IP",
                        "PORT(S)",
                        "AGE",
                    ]
                };
                for s in self
                    .api
                    .store()
                    .list::<Service>()
                    .filter(|s| keep(&s.metadata, true))
                {
                    let mut r = vec![
                        s.metadata.name.clone(),
                        "ClusterIP".into(),
                        "<none>".into(),
                        "<none>".into(),
                        or_none(service_ports(s)),
                        self.age(&s.metadata),
                    ];
                    if wide {
                        r.push(labels_str(&s.spec.selector));
                    }
                    rows.push(ns_col(&s.metadata, r));
                }
            }
            "endpoints" => {
                header = vec!["NAME", "ENDPOINTS", "AGE"];
                for e in self
                    .api
                    .store()
                    .list::<Endpoints>()
                    .filter(|e| keep(&e.metadata, true))
                {
                    let port = self
                        .api
                        .store()
                        .get::<Service>(&e.metadata.namespace, &e.metadata.name)
                        .and_then(|s| s.spec.ports.first())
                        .map(|p| p.target_port.unwrap_or(p.port));
                    let all: Vec<String> = e
                        .addresses
                        .iter()
                        .map(|a| match port {
                            Some(p) => format!("{}:{p}", a.ip),
                            None => a.ip.clone(),
                        })
                        .collect();
                    // formatEndpoints: the first three, then "+ N more...".
                    let mut s = all.iter().take(3).cloned().collect::<Vec<_>>().join(",");
                    if all.len() > 3 {
                        s.push_str(&format!(" + {} more...", all.len() - 3));
                    }
                    let r = vec![e.metadata.name.clone(), or_none(s), self.age(&e.metadata)];
                    rows.push(ns_col(&e.metadata, r));
                }
            }
            "hpa" => {
                header = vec![
                    "NAME",
                    "REFERENCE",
                    "TARGETS",
                    "MINPODS",
                    "MAXPODS",
                    "REPLICAS",
                    "AGE",
                ];
                for h in self
                    .api
                    .store()
                    .list::<HorizontalPodAutoscaler>()
                    .filter(|h| keep(&h.metadata, true))
                {
                    let r = vec![
                        h.metadata.name.clone(),
                        format!(
                            "{}/{}",
                            h.spec.scale_target_ref.kind, h.spec.scale_target_ref.name
                        ),
                        hpa_targets(h),
                        h.min_replicas().to_string(),
                        h.spec.max_replicas.to_string(),
                        h.status.current_replicas.to_string(),
                        self.age(&h.metadata),
                    ];
                    rows.push(ns_col(&h.metadata, r));
                }
            }
            "vpa" => {
                // The CRD's additionalPrinterColumns (vertical-pod-autoscaler/deploy/
                // vpa-v1-crd-gen.yaml): Mode, CPU, Mem, Provided, Age.
                header = vec!["NAME", "MODE", "CPU", "MEM", "PROVIDED", "AGE"];
                for v in self.vpas().filter(|v| keep(&v.metadata, true)) {
                    let first = v
                        .status
                        .recommendation
                        .as_ref()
                        .and_then(|r| r.container_recommendations.first());
                    let r = vec![
                        v.metadata.name.clone(),
                        v.mode().name().to_string(),
                        first
                            .and_then(|r| r.target.cpu)
                            .map_or(String::new(), |c| fmt_cpu(c.0)),
                        first
                            .and_then(|r| r.target.memory)
                            .map_or(String::new(), |m| fmt_memory(m.0)),
                        if v.provided() { "True" } else { "False" }.to_string(),
                        self.age(&v.metadata),
                    ];
                    rows.push(ns_col(&v.metadata, r));
                }
            }
            _ => {
                // events
                header = vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
                for e in self.events().iter() {
                    let o = &e.object;
                    let namespaced = !matches!(o.kind, Kind::Node);
                    if namespaced && ns.is_some_and(|ns| o.namespace != ns) {
                        continue;
                    }
                    let reason = event_reason(&e.kind);
                    let r = vec![
                        human_duration(self.now_ms() as i64 - e.time_ms as i64),
                        event_type(&reason).into(),
                        reason,
                        format!("{}/{}", kind_name(o.kind), o.name),
                        event_message(e),
                    ];
                    rows.push(r);
                }
            }
        }
        if rows.is_empty() {
            return String::new();
        }
        let mut header = header;
        if all_ns && !matches!(resource, "nodes" | "events") {
            header.insert(0, "NAMESPACE");
        }
        table(&header, &rows)
    }

    fn events_for(&self, kind: Kind, ns: &str, name: &str) -> String {
        let rows: Vec<Vec<String>> = self
            .events()
            .iter()
            .filter(|e| {
                e.object.kind == kind
                    && e.object.name == name
                    && (kind == Kind::Node || e.object.namespace == ns)
            })
            .map(|e| {
                let reason = event_reason(&e.kind);
                vec![
                    event_type(&reason).to_string(),
                    reason,
                    human_duration(self.now_ms() as i64 - e.time_ms as i64),
                    e.actor.to_string(),
                    event_message(e),
                ]
            })
            .collect();
        if rows.is_empty() {
            return "Events:              <none>\n".into();
        }
        // kubectl underlines the header with a row of dashes in the same table.
        let header = ["Type", "Reason", "Age", "From", "Message"];
        let mut all = vec![header.iter().map(|h| "-".repeat(h.len())).collect()];
        all.extend(rows);
        let mut out = String::from("Events:\n");
        for l in table(&header, &all).lines() {
            out.push_str("  ");
            out.push_str(l);
            out.push('\n');
        }
        out
    }

    fn describe(&self, resource: &str, ns: &str, name: &str) -> Result<String, CommandError> {
        let mut o = String::new();
        let kv = |o: &mut String, k: &str, v: &str| {
            let key = format!("{k}:");
            let pad = if key.len() >= 22 { key.len() + 2 } else { 22 };
            o.push_str(&format!("{key:<pad$}{v}\n"));
        };
        let meta = |o: &mut String, m: &ObjectMeta, namespaced: bool| {
            kv(o, "Name", &m.name);
            if namespaced {
                kv(o, "Namespace", &m.namespace);
            }
            let mut first = true;
            if m.labels.is_empty() {
                kv(o, "Labels", "<none>");
            }
            for (k, v) in &m.labels {
                let key = if first { "Labels" } else { "" };
                if first {
                    kv(o, key, &format!("{k}={v}"));
                } else {
                    o.push_str(&format!("{:<22}{k}={v}\n", ""));
                }
                first = false;
            }
            let ann = labels_str(&m.annotations);
            kv(
                o,
                "Annotations",
                &ann.replace(',', &format!("\n{:<22}", "")),
            );
        };
        match resource {
            "nodes" => {
                let v = self
                    .nodes()
                    .into_iter()
                    .find(|v| v.node.metadata.name == name)
                    .ok_or_else(|| not_found("node", name))?;
                let n = v.node;
                meta(&mut o, &n.metadata, false);
                kv(
                    &mut o,
                    "CreationTimestamp",
                    &self.timestamp(n.metadata.creation_ms),
                );
                let taints: Vec<String> = n
                    .spec
                    .taints
                    .iter()
                    .map(|t| {
                        if t.value.is_empty() {
                            format!("{}:{:?}", t.key, t.effect)
                        } else {
                            format!("{}={}:{:?}", t.key, t.value, t.effect)
                        }
                    })
                    .collect();
                kv(
                    &mut o,
                    "Taints",
                    &or_none(taints.join(&format!("\n{:<22}", ""))),
                );
                kv(&mut o, "Unschedulable", &n.spec.unschedulable.to_string());
                o.push_str("Conditions:\n");
                let rows: Vec<Vec<String>> = n
                    .status
                    .conditions
                    .iter()
                    .map(|c| {
                        vec![
                            format!("{:?}", c.type_),
                            format!("{:?}", c.status),
                            self.timestamp(c.last_heartbeat_ms),
                            self.timestamp(c.last_transition_ms),
                            c.reason.clone(),
                        ]
                    })
                    .collect();
                for l in table(
                    &[
                        "Type",
                        "Status",
                        "LastHeartbeatTime",
                        "LastTransitionTime",
                        "Reason",
                    ],
                    &rows,
                )
                .lines()
                {
                    o.push_str(&format!("  {l}\n"));
                }
                let (c, a) = (&n.status.capacity, &n.status.allocatable);
                o.push_str(&format!(
                    "Capacity:\n  cpu:     {}\n  memory:  {}\n  pods:    {}\n",
                    fmt_cpu(c.cpu.0),
                    fmt_memory(c.memory.0),
                    c.pods
                ));
                o.push_str(&format!(
                    "Allocatable:\n  cpu:     {}\n  memory:  {}\n  pods:    {}\n",
                    fmt_cpu(a.cpu.0),
                    fmt_memory(a.memory.0),
                    a.pods
                ));
                o.push_str("System Info:\n");
                o.push_str(&format!("  Kubelet Version:  {KUBELET_VERSION}\n"));
                // Succeeded and Failed (e.g. evicted) pods are not listed.
                let live: Vec<&Pod> = v
                    .pods
                    .iter()
                    .filter_map(|k| {
                        let (pns, pn) = k.split_once('/').unwrap_or(("", k));
                        self.api.store().pod(pns, pn)
                    })
                    .filter(|p| !matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed))
                    .collect();
                o.push_str(&format!(
                    "Non-terminated Pods:  ({} in total)\n",
                    live.len()
                ));
                let rows: Vec<Vec<String>> = live
                    .into_iter()
                    .map(|p| {
                        let (rc, rm) = p.spec.requests();
                        vec![
                            p.metadata.namespace.clone(),
                            p.metadata.name.clone(),
                            fmt_cpu(rc),
                            fmt_memory(rm),
                            self.age(&p.metadata),
                        ]
                    })
                    .collect();
                if !rows.is_empty() {
                    for l in table(
                        &[
                            "Namespace",
                            "Name",
                            "CPU Requests",
                            "Memory Requests",
                            "Age",
                        ],
                        &rows,
                    )
                    .lines()
                    {
                        o.push_str(&format!("  {l}\n"));
                    }
                }
                o.push_str("Allocated resources:\n");
                let pct = |x: u64, of: u64| (x * 100).checked_div(of).unwrap_or(0);
                o.push_str(&format!(
                    "  cpu:     {} ({}%)\n  memory:  {} ({}%)\n",
                    fmt_cpu(v.requested_cpu),
                    pct(v.requested_cpu, a.cpu.0),
                    fmt_memory(v.requested_memory),
                    pct(v.requested_memory, a.memory.0)
                ));
                o.push_str(&self.events_for(Kind::Node, "", name));
            }
            "pods" => {
                let p = self
                    .api
                    .store()
                    .pod(ns, name)
                    .ok_or_else(|| not_found("pod", name))?;
                kv(&mut o, "Name", &p.metadata.name);
                kv(&mut o, "Namespace", &p.metadata.namespace);
                kv(&mut o, "Priority", &p.spec.priority.to_string());
                kv(&mut o, "Node", p.node().unwrap_or("<none>"));
                if let Some(s) = p.status.start_ms {
                    kv(&mut o, "Start Time", &self.timestamp(s));
                }
                let m = &p.metadata;
                o.push_str(&format!(
                    "{:<22}{}\n",
                    "Labels:",
                    labels_str(&m.labels).replace(',', &format!("\n{:<22}", ""))
                ));
                kv(&mut o, "Status", &pod_status(p));
                kv(&mut o, "IP", p.status.pod_ip.as_deref().unwrap_or(""));
                if let Some(owner) = &m.owner {
                    kv(
                        &mut o,
                        "Controlled By",
                        &format!("{:?}/{}", owner.kind, owner.name),
                    );
                }
                o.push_str("Containers:\n");
                for c in &p.spec.containers {
                    o.push_str(&format!("  {}:\n", c.name));
                    o.push_str(&format!("    Image:          {}\n", c.image));
                    let st = p
                        .status
                        .container_statuses
                        .iter()
                        .find(|s| s.name == c.name);
                    match st.map(|s| &s.state) {
                        Some(ContainerState::Running { started_ms }) => {
                            o.push_str("    State:          Running\n");
                            o.push_str(&format!(
                                "      Started:      {}\n",
                                self.timestamp(*started_ms)
                            ));
                        }
                        Some(ContainerState::Waiting { reason }) => {
                            o.push_str("    State:          Waiting\n");
                            o.push_str(&format!("      Reason:       {reason}\n"));
                        }
                        Some(ContainerState::Terminated { exit_code, reason }) => {
                            o.push_str("    State:          Terminated\n");
                            o.push_str(&format!("      Reason:       {reason}\n"));
                            o.push_str(&format!("      Exit Code:    {exit_code}\n"));
                        }
                        None => o.push_str("    State:          Waiting\n"),
                    }
                    if let Some(ContainerState::Terminated { exit_code, reason }) =
                        st.and_then(|s| s.last_state.as_ref())
                    {
                        o.push_str("    Last State:     Terminated\n");
                        o.push_str(&format!("      Reason:       {reason}\n"));
                        o.push_str(&format!("      Exit Code:    {exit_code}\n"));
                    }
                    o.push_str(&format!(
                        "    Ready:          {}\n",
                        st.is_some_and(|s| s.ready)
                    ));
                    o.push_str(&format!(
                        "    Restart Count:  {}\n",
                        st.map_or(0, |s| s.restart_count)
                    ));
                    let r = &c.resources;
                    if r.limits.cpu.is_some() || r.limits.memory.is_some() {
                        o.push_str("    Limits:\n");
                        if let Some(v) = r.limits.cpu {
                            o.push_str(&format!("      cpu:     {}\n", fmt_cpu(v.0)));
                        }
                        if let Some(v) = r.limits.memory {
                            o.push_str(&format!("      memory:  {}\n", fmt_memory(v.0)));
                        }
                    }
                    if r.requests.cpu.is_some() || r.requests.memory.is_some() {
                        o.push_str("    Requests:\n");
                        if let Some(v) = r.requests.cpu {
                            o.push_str(&format!("      cpu:     {}\n", fmt_cpu(v.0)));
                        }
                        if let Some(v) = r.requests.memory {
                            o.push_str(&format!("      memory:  {}\n", fmt_memory(v.0)));
                        }
                    }
                }
                o.push_str("Conditions:\n  Type              Status\n");
                for c in &p.status.conditions {
                    o.push_str(&format!(
                        "  {:<18}{:?}\n",
                        format!("{:?}", c.type_),
                        c.status
                    ));
                }
                o.push_str(&format!("{:<22}{}\n", "QoS Class:", qos_class(&p.spec)));
                let tol: Vec<String> = p
                    .spec
                    .tolerations
                    .iter()
                    .map(|t| {
                        let mut s = t.key.clone();
                        if !t.value.is_empty() {
                            s.push_str(&format!("={}", t.value));
                        }
                        if let Some(e) = t.effect {
                            s.push_str(&format!(":{e:?}"));
                        }
                        if let Some(secs) = t.toleration_seconds {
                            s.push_str(&format!(" for {secs}s"));
                        }
                        s
                    })
                    .collect();
                kv(
                    &mut o,
                    "Tolerations",
                    &or_none(tol.join(&format!("\n{:<22}", ""))),
                );
                o.push_str(&self.events_for(Kind::Pod, ns, name));
            }
            "deployments" => {
                let d = self
                    .api
                    .store()
                    .get::<Deployment>(ns, name)
                    .ok_or_else(|| not_found("deployment", name))?;
                meta(&mut o, &d.metadata, true);
                kv(
                    &mut o,
                    "CreationTimestamp",
                    &self.timestamp(d.metadata.creation_ms),
                );
                kv(
                    &mut o,
                    "Selector",
                    &labels_str(&d.spec.selector.match_labels),
                );
                let s = &d.status;
                kv(
                    &mut o,
                    "Replicas",
                    &format!(
                        "{} desired | {} updated | {} total | {} available | {} unavailable",
                        d.spec.replicas,
                        s.updated_replicas,
                        s.replicas,
                        s.available_replicas,
                        s.unavailable_replicas
                    ),
                );
                kv(
                    &mut o,
                    "StrategyType",
                    &format!("{:?}", d.spec.strategy.type_),
                );
                kv(
                    &mut o,
                    "MinReadySeconds",
                    &d.spec.min_ready_seconds.to_string(),
                );
                let ru = &d.spec.strategy.rolling_update;
                kv(
                    &mut o,
                    "RollingUpdateStrategy",
                    &format!(
                        "{} max unavailable, {} max surge",
                        int_or_percent(ru.max_unavailable),
                        int_or_percent(ru.max_surge)
                    ),
                );
                o.push_str("Pod Template:\n");
                o.push_str(&format!(
                    "  Labels:  {}\n",
                    labels_str(&d.spec.template.metadata.labels)
                ));
                o.push_str("  Containers:\n");
                for c in &d.spec.template.spec.containers {
                    o.push_str(&format!("   {}:\n    Image:  {}\n", c.name, c.image));
                }
                let mut old = Vec::new();
                let mut new = String::from("<none>");
                let revision = |r: &ReplicaSet| {
                    r.metadata
                        .annotations
                        .get(ANNOTATION_REVISION)
                        .and_then(|v| v.parse::<u64>().ok())
                        .unwrap_or(0)
                };
                let owned = |r: &&ReplicaSet| r.metadata.namespace == ns;
                // The newest revision is the new ReplicaSet (deploymentutil.FindNewReplicaSet
                // matches the template; the model's newest revision is that one).
                let newest = self.api.replicasets_of(d).filter(owned).map(revision).max();
                let rev = newest.map(|r| r.to_string());
                let rev = rev.as_ref();
                for rs in self.api.replicasets_of(d).filter(owned) {
                    let entry = format!(
                        "{} ({}/{} replicas created)",
                        rs.metadata.name, rs.status.replicas, rs.spec.replicas
                    );
                    if rev.is_some() && rs.metadata.annotations.get(ANNOTATION_REVISION) == rev {
                        new = entry;
                    } else if rs.spec.replicas > 0 || rs.status.replicas > 0 {
                        old.push(entry);
                    }
                }
                kv(&mut o, "OldReplicaSets", &or_none(old.join(", ")));
                kv(&mut o, "NewReplicaSet", &new);
                o.push_str(&self.events_for(Kind::Deployment, ns, name));
            }
            "services" => {
                let s = self
                    .api
                    .store()
                    .get::<Service>(ns, name)
                    .ok_or_else(|| not_found("service", name))?;
                meta(&mut o, &s.metadata, true);
                kv(&mut o, "Selector", &labels_str(&s.spec.selector));
                kv(&mut o, "Type", "ClusterIP");
                for p in &s.spec.ports {
                    kv(&mut o, "Port", &format!("<unset>  {}/TCP", p.port));
                    kv(
                        &mut o,
                        "TargetPort",
                        &format!("{}/TCP", p.target_port.unwrap_or(p.port)),
                    );
                }
                let eps = self.api.store().get::<Endpoints>(ns, name);
                let port = s
                    .spec
                    .ports
                    .first()
                    .map(|p| p.target_port.unwrap_or(p.port));
                let list: Vec<String> = eps
                    .map(|e| {
                        e.addresses
                            .iter()
                            .map(|a| match port {
                                Some(p) => format!("{}:{p}", a.ip),
                                None => a.ip.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                kv(&mut o, "Endpoints", &list.join(","));
                o.push_str(&self.events_for(Kind::Service, ns, name));
            }
            "vpa" => {
                let v = self
                    .api
                    .store()
                    .get::<crate::controllers::vpa::VerticalPodAutoscaler>(ns, name)
                    .ok_or_else(|| not_found("vpa", name))?;
                meta(&mut o, &v.metadata, true);
                kv(
                    &mut o,
                    "CreationTimestamp",
                    &self.timestamp(v.metadata.creation_ms),
                );
                o.push_str("Spec:\n");
                o.push_str("  Target Ref:\n");
                o.push_str(&format!("    Kind:  {}\n", v.spec.target_ref.kind));
                o.push_str(&format!("    Name:  {}\n", v.spec.target_ref.name));
                o.push_str("  Update Policy:\n");
                o.push_str(&format!("    Update Mode:   {}\n", v.mode().name()));
                o.push_str(&format!("    Min Replicas:  {}\n", v.min_replicas()));
                if let Some(rp) = &v.spec.resource_policy {
                    o.push_str("  Resource Policy:\n    Container Policies:\n");
                    for p in &rp.container_policies {
                        o.push_str(&format!("      Container Name:  {}\n", p.container_name));
                        for (label, l) in [
                            ("Min Allowed", &p.min_allowed),
                            ("Max Allowed", &p.max_allowed),
                        ] {
                            if l.cpu.is_none() && l.memory.is_none() {
                                continue;
                            }
                            o.push_str(&format!("      {label}:\n"));
                            if let Some(c) = l.cpu {
                                o.push_str(&format!("        Cpu:     {}\n", fmt_cpu(c.0)));
                            }
                            if let Some(m) = l.memory {
                                o.push_str(&format!("        Memory:  {}\n", fmt_memory(m.0)));
                            }
                        }
                    }
                }
                o.push_str("Status:\n  Conditions:\n");
                for c in &v.status.conditions {
                    o.push_str(&format!(
                        "    Status:  {:?}\n    Type:    {}\n",
                        c.status, c.type_
                    ));
                    if !c.reason.is_empty() {
                        o.push_str(&format!("    Reason:  {}\n", c.reason));
                    }
                }
                if v.status.conditions.is_empty() {
                    o.push_str("    <none>\n");
                }
                match &v.status.recommendation {
                    None => o.push_str("  Recommendation:  <none>\n"),
                    Some(r) => {
                        o.push_str("  Recommendation:\n    Container Recommendations:\n");
                        for c in &r.container_recommendations {
                            o.push_str(&format!("      Container Name:  {}\n", c.container_name));
                            for (label, l) in [
                                ("Lower Bound", &c.lower_bound),
                                ("Target", &c.target),
                                ("Uncapped Target", &c.uncapped_target),
                                ("Upper Bound", &c.upper_bound),
                            ] {
                                o.push_str(&format!("      {label}:\n"));
                                o.push_str(&format!(
                                    "        Cpu:     {}\n",
                                    l.cpu.map_or("<none>".into(), |c| fmt_cpu(c.0))
                                ));
                                o.push_str(&format!(
                                    "        Memory:  {}\n",
                                    l.memory.map_or("<none>".into(), |m| fmt_memory(m.0))
                                ));
                            }
                        }
                    }
                }
                o.push_str(&self.events_for(Kind::VerticalPodAutoscaler, ns, name));
            }
            _ => {
                let h = self
                    .api
                    .store()
                    .get::<HorizontalPodAutoscaler>(ns, name)
                    .ok_or_else(|| not_found("hpa", name))?;
                meta(&mut o, &h.metadata, true);
                kv(
                    &mut o,
                    "CreationTimestamp",
                    &self.timestamp(h.metadata.creation_ms),
                );
                kv(
                    &mut o,
                    "Reference",
                    &format!(
                        "{}/{}",
                        h.spec.scale_target_ref.kind, h.spec.scale_target_ref.name
                    ),
                );
                o.push_str(
                    "Metrics:                                               ( current / target )\n",
                );
                for m in h.metrics() {
                    let cur = h
                        .status
                        .current_utilization
                        .map_or("<unknown>".to_string(), |u| format!("{u}%"));
                    let res = match m.resource.name {
                        ResourceName::Cpu => "cpu",
                        ResourceName::Memory => "memory",
                    };
                    o.push_str(&format!(
                        "  {:<52}{cur} / {}%\n",
                        format!("resource {res} on pods  (as a percentage of request):"),
                        m.resource.target.average_utilization
                    ));
                }
                kv(&mut o, "Min replicas", &h.min_replicas().to_string());
                kv(&mut o, "Max replicas", &h.spec.max_replicas.to_string());
                kv(
                    &mut o,
                    &format!("{} pods", h.spec.scale_target_ref.kind),
                    &format!(
                        "{} current / {} desired",
                        h.status.current_replicas, h.status.desired_replicas
                    ),
                );
                if !h.status.conditions.is_empty() {
                    o.push_str("Conditions:\n");
                    let rows: Vec<Vec<String>> = h
                        .status
                        .conditions
                        .iter()
                        .map(|c| vec![c.type_.clone(), format!("{:?}", c.status), c.reason.clone()])
                        .collect();
                    for l in table(&["Type", "Status", "Reason"], &rows).lines() {
                        o.push_str(&format!("  {l}\n"));
                    }
                }
                o.push_str(&self.events_for(Kind::HorizontalPodAutoscaler, ns, name));
            }
        }
        Ok(o)
    }

    /// Simulated time since the start, as `describe` shows timestamps (the model has no wall
    /// clock): `t=1m30s (45s ago)`.
    fn timestamp(&self, t: Millis) -> String {
        format!(
            "t={} ({} ago)",
            if t == 0 {
                "0s".to_string()
            } else {
                crate::util::fmt_duration(t)
            },
            human_duration(self.now_ms() as i64 - t as i64)
        )
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Node => "node",
        Kind::Pod => "pod",
        Kind::Deployment => "deployment",
        Kind::ReplicaSet => "replicaset",
        Kind::Service => "service",
        Kind::Endpoints => "endpoints",
        Kind::HorizontalPodAutoscaler => "horizontalpodautoscaler",
        Kind::Lease => "lease",
        Kind::VerticalPodAutoscaler => "verticalpodautoscaler",
    }
}

fn int_or_percent(v: IntOrPercent) -> String {
    match v {
        IntOrPercent::Int(i) => i.to_string(),
        IntOrPercent::Percent(p) => format!("{p}%"),
    }
}

/// The QoS class (pkg/apis/core/helper/qos): Guaranteed when every container's limits equal its
/// requests for cpu and memory, BestEffort when nothing is set, Burstable otherwise.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    for c in &spec.containers {
        let r = &c.resources;
        any |= r.requests.cpu.is_some()
            || r.requests.memory.is_some()
            || r.limits.cpu.is_some()
            || r.limits.memory.is_some();
        let lim_ok = r.limits.cpu.is_some() && r.limits.memory.is_some();
        let req_eq = r.requests.cpu.is_none_or(|v| Some(v) == r.limits.cpu)
            && r.requests.memory.is_none_or(|v| Some(v) == r.limits.memory);
        guaranteed &= lim_ok && req_eq;
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn push_template(r: &mut Vec<String>, t: &PodTemplate, sel: &LabelSelector) {
    r.push(
        t.spec
            .containers
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
    );
    r.push(
        t.spec
            .containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
    );
    r.push(labels_str(&sel.match_labels));
}

fn service_ports(s: &Service) -> String {
    s.spec
        .ports
        .iter()
        .map(|p| format!("{}/TCP", p.port))
        .collect::<Vec<_>>()
        .join(",")
}

/// kubectl's TARGETS column (v1.30+ format: `cpu: 45%/50%`).
fn hpa_targets(h: &HorizontalPodAutoscaler) -> String {
    let parts: Vec<String> = h
        .metrics()
        .iter()
        .map(|m| {
            let res = match m.resource.name {
                ResourceName::Cpu => "cpu",
                ResourceName::Memory => "memory",
            };
            let cur = match (m.resource.name, h.status.current_utilization) {
                (ResourceName::Cpu, Some(u)) => format!("{u}%"),
                _ => "<unknown>".into(),
            };
            format!("{res}: {cur}/{}%", m.resource.target.average_utilization)
        })
        .collect();
    or_none(parts.join(", "))
}

/// `kubectl rollout status` (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), one poll.
pub fn rollout_status(d: &Deployment) -> String {
    let n = &d.metadata.name;
    let s = &d.status;
    let want = d.spec.replicas;
    if s.updated_replicas < want {
        return format!(
            "Waiting for deployment {n:?} rollout to finish: {} out of {want} new replicas have been updated...\n",
            s.updated_replicas
        );
    }
    if s.replicas > s.updated_replicas {
        return format!(
            "Waiting for deployment {n:?} rollout to finish: {} old replicas are pending termination...\n",
            s.replicas - s.updated_replicas
        );
    }
    if s.available_replicas < s.updated_replicas {
        return format!(
            "Waiting for deployment {n:?} rollout to finish: {} of {} updated replicas are available...\n",
            s.available_replicas, s.updated_replicas
        );
    }
    format!("deployment {n:?} successfully rolled out\n")
}

/// Points a whole-line not-found error at the name in the line.
fn point_at_name(line: &str, mut e: CommandError) -> CommandError {
    // Point a not-found error at the name in the line.
    if let ErrorKind::NotFound { name, .. } | ErrorKind::ServerNotFound { name, .. } = &e.kind
        && let Ok(toks) = tokenize(line)
        && let Some(t) = toks
            .iter()
            .rev()
            .find(|t| t.text == *name || t.text.ends_with(&format!("/{name}")))
    {
        let off = t.text.len() - name.len();
        e.pos = t.start + off;
        if !line.is_char_boundary(e.pos) || e.pos > t.end {
            e.pos = t.start;
        }
        e.len = t.end - e.pos;
    }
    e
}

/// What kubectl prints after a successful mutating command.
fn confirmation(cmd: &crate::cli::command::Command) -> String {
    use crate::cli::command::Command::*;
    match cmd {
        Cordon { node } => format!("node/{node} cordoned\n"),
        Uncordon { node } => format!("node/{node} uncordoned\n"),
        Drain { node } => format!("node/{node} cordoned\nnode/{node} drained\n"),
        DeletePod { pod } => format!("pod {pod:?} deleted\n"),
        DeleteDeployment { deployment } => format!("deployment.apps {deployment:?} deleted\n"),
        DeleteService { service } => format!("service {service:?} deleted\n"),
        DeleteHpa { hpa } => format!("horizontalpodautoscaler.autoscaling {hpa:?} deleted\n"),
        RolloutUndo { deployment, .. } => format!("deployment.apps/{deployment} rolled back\n"),
        Scale { deployment, .. } => format!("deployment.apps/{deployment} scaled\n"),
        SetImage { deployment, .. } => format!("deployment.apps/{deployment} image updated\n"),
        PowerOff { node } => format!("node/{node} powered off\n"),
        PowerOn { node } => format!("node/{node} powered on\n"),
        Disconnect { node } => format!("node/{node} disconnected\n"),
        Reconnect { node } => format!("node/{node} reconnected\n"),
        DeleteNode { node } => format!("node/{node} cordoned\nnode/{node} deleting\n"),
        NodeAutoscaler { min, max } => {
            format!(
                "cluster-autoscaler: node group {} min {min} max {max}\n",
                crate::controllers::clusterautoscaler::GROUP_NAME
            )
        }
        NodeAutoscalerOff => "cluster-autoscaler: off\n".to_string(),
        CrashPod { pod } => format!("pod {pod:?}: container killed\n"),
        Load { service, .. } => format!("load on service/{service} set\n"),
        Fault {
            target,
            fault: Some(f),
        } => format!("{target}: fault {} set\n", f.name()),
        Fault {
            target,
            fault: None,
        } => format!("{target}: faults cleared\n"),
        RolloutRestart { deployment } => format!("deployment.apps/{deployment} restarted\n"),
        Vpa { deployment, .. } => {
            format!("verticalpodautoscaler.autoscaling.k8s.io/{deployment} created\n")
        }
        DeleteVpa { name } => {
            format!("verticalpodautoscaler.autoscaling.k8s.io \"{name}\" deleted\n")
        }
        NodeMemoryPressure { node, on: true } => {
            format!("node/{node}: fault memory-pressure set\n")
        }
        NodeMemoryPressure { node, on: false } => format!("node/{node}: faults cleared\n"),
        Autoscale { deployment, .. } => {
            format!("horizontalpodautoscaler.autoscaling/{deployment} autoscaled\n")
        }
        SetResources { deployment, .. } => {
            format!("deployment.apps/{deployment} resource requirements updated\n")
        }
        ControlPlanePowerOff { node } => format!("control-plane node {node} powered off\n"),
        ControlPlanePowerOn { node } => format!("control-plane node {node} powered on\n"),
        EtcdStop { node } => format!("etcd member on {node} stopped\n"),
        EtcdStart { node } => format!("etcd member on {node} started\n"),
        // `Sim::exec` prints `apply`'s per-object lines; this is the fallback.
        Apply { file } => format!("{file} applied\n"),
        Advance { ms } => format!("advanced {}\n", crate::util::fmt_duration(*ms)),
        Profile { profile } => format!("timing profile {} set\n", profile.name()),
        Seed { seed } => format!("random seed {seed} set\n"),
    }
}
