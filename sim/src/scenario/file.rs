//! Scenario files (YAML): the cluster, its objects, pinned inputs, load and timed actions.
//! See `sim/README.md` for the format. Errors carry line and column.

use crate::api::objects::*;
use crate::api::store::table_key;
use crate::cli::command::{self, Command};
use crate::config::timing::Profile;
use crate::engine::{Sim, SimConfig};
use crate::node::load::LoadSpec;
use crate::scheduler::SchedulerConfig;
use crate::util::{Millis, parse_duration};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;
use std::fmt;

/// A duration in input: `"30s"`, `"5m"`, `"1m30s"`, `"500ms"`, or a number of seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Duration(pub Millis);

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration such as 30s, 5m or 1m30s")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                parse_duration(v).map(Duration).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                v.checked_mul(1000)
                    .map(Duration)
                    .ok_or_else(|| E::custom("duration too large"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("duration must not be negative"))
                    .and_then(|v| self.visit_u64(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A node, or a group of identical nodes (`count`: named `NAME-1` … `NAME-N`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeGroup {
    pub name: String,
    #[serde(default)]
    pub count: Option<u32>,
    pub cpu: Cpu,
    pub memory: Mem,
    #[serde(default)]
    pub pods: Option<u32>,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub taints: Vec<Taint>,
    #[serde(default)]
    pub unschedulable: bool,
}

/// Pinned inputs for one Deployment's pods, in pod-name order.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pin {
    pub deployment: String,
    /// CPU usage each pod reports to metrics-server.
    #[serde(default)]
    pub cpu: Vec<Cpu>,
    /// Readiness: `false` keeps a pod's readiness probe failing.
    #[serde(default)]
    pub ready: Vec<bool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Action {
    pub at: Spanned<Duration>,
    pub run: Spanned<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TraceOptions {
    /// Snapshot period in the trace.
    #[serde(default = "default_snapshot")]
    pub snapshot_every: Duration,
    /// Include kubelet lease renewals as events.
    #[serde(default)]
    pub lease_events: bool,
}

fn default_snapshot() -> Duration {
    Duration(30_000)
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            snapshot_every: default_snapshot(),
            lease_events: false,
        }
    }
}

/// A scenario file.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub scheduler: SchedulerConfig,
    #[serde(default)]
    pub until: Option<Duration>,
    #[serde(default)]
    pub trace: TraceOptions,
    /// Control-plane nodes (1 to 7; default 3).
    #[serde(default)]
    pub control_plane: Option<u32>,
    pub nodes: Vec<Spanned<NodeGroup>>,
    #[serde(default)]
    pub deployments: Vec<Spanned<Deployment>>,
    #[serde(default)]
    pub services: Vec<Spanned<Service>>,
    #[serde(default)]
    pub horizontal_pod_autoscalers: Vec<Spanned<HorizontalPodAutoscaler>>,
    /// Bare pods (optionally bound with `spec.nodeName`).
    #[serde(default)]
    pub pods: Vec<Spanned<Pod>>,
    #[serde(default)]
    pub load: Vec<Spanned<LoadSpec>>,
    #[serde(default)]
    pub pin: Vec<Spanned<Pin>>,
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Files for `apply -f NAME` (name -> text, e.g. a YAML manifest stream).
    #[serde(default)]
    pub files: std::collections::BTreeMap<String, Spanned<String>>,
}

/// A scenario error with its position (1-based line and column; 0 when unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

fn at(loc: &serde_saphyr::Location, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        line: loc.line(),
        column: loc.column(),
        message: message.into(),
    }
}

pub use crate::api::{MAX_NODES, MAX_REPLICAS, MAX_RUN_MS, MAX_SCENARIO_BYTES};

/// Parses a scenario (syntax and shape only; [`Scenario::build`] checks the rest).
pub fn parse_scenario(yaml: &str) -> Result<Scenario, ScenarioError> {
    if yaml.len() > MAX_SCENARIO_BYTES {
        return Err(ScenarioError {
            line: 0,
            column: 0,
            message: format!("scenario is larger than {MAX_SCENARIO_BYTES} bytes"),
        });
    }
    serde_saphyr::from_str::<Scenario>(yaml).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        // The plain message, without the rendered snippet.
        let full = e.to_string();
        let mut message = full.lines().next().unwrap_or("invalid scenario");
        message = message.strip_prefix("error: ").unwrap_or(message);
        if message.starts_with("line ")
            && let Some((_, rest)) = message.split_once(": ")
        {
            message = rest;
        }
        let message = message.to_string();
        ScenarioError {
            line,
            column,
            message,
        }
    })
}

/// A timed action with its parsed command.
#[derive(Clone, Debug)]
pub struct TimedAction {
    pub at_ms: Millis,
    pub line: String,
    pub command: Command,
    pub line_no: u64,
    pub column: u64,
}

impl Scenario {
    /// Builds the simulation at t=0: nodes registered, objects admitted, pods scheduled and
    /// started as far as t=0 allows, pins applied. Returns the timed actions, sorted by time.
    pub fn build(&self) -> Result<(Sim, Vec<TimedAction>), ScenarioError> {
        let config = SimConfig {
            seed: self.seed,
            profile: self.profile,
            scheduler: self.scheduler.clone(),
            lease_events: self.trace.lease_events,
            control_plane_nodes: self
                .control_plane
                .unwrap_or(SimConfig::default().control_plane_nodes),
            ..SimConfig::default()
        };
        let mut sim = Sim::new(config);
        let total: u64 = self
            .nodes
            .iter()
            .map(|g| g.value.count.unwrap_or(1) as u64)
            .sum();
        if total > MAX_NODES {
            return Err(ScenarioError {
                line: 0,
                column: 0,
                message: format!("{total} nodes declared; at most {MAX_NODES}"),
            });
        }
        for g in &self.nodes {
            let v = &g.value;
            let names: Vec<String> = match v.count {
                None => vec![v.name.clone()],
                Some(n) => (1..=n).map(|i| format!("{}-{i}", v.name)).collect(),
            };
            for name in names {
                let res = NodeResources {
                    cpu: v.cpu,
                    memory: v.memory,
                    pods: v
                        .pods
                        .unwrap_or(crate::config::defaults::MAX_PODS.value as u32),
                };
                let mut labels = v.labels.clone();
                labels.insert("kubernetes.io/hostname".into(), name.clone());
                let node = Node {
                    metadata: ObjectMeta {
                        name: name.clone(),
                        namespace: String::new(),
                        labels,
                        ..Default::default()
                    },
                    spec: NodeSpec {
                        unschedulable: v.unschedulable,
                        taints: v.taints.clone(),
                        pod_cidr: String::new(),
                    },
                    status: NodeStatus {
                        capacity: res,
                        allocatable: res,
                        conditions: vec![],
                        images: vec![],
                    },
                };
                sim.register_node(node)
                    .map_err(|e| at(&g.referenced, e.0))?;
            }
        }
        for s in &self.services {
            sim.api
                .create(s.value.clone())
                .map_err(|e| at(&s.referenced, e.0))?;
        }
        if let Some(u) = self.until
            && u.0 > MAX_RUN_MS
        {
            return Err(ScenarioError {
                line: 0,
                column: 0,
                message: format!("until is longer than {} days", MAX_RUN_MS / 86_400_000),
            });
        }
        for d in &self.deployments {
            crate::api::validate_deployment(&d.value).map_err(|e| at(&d.referenced, e.0))?;
            sim.api
                .create(d.value.clone())
                .map_err(|e| at(&d.referenced, e.0))?;
        }
        for h in &self.horizontal_pod_autoscalers {
            crate::api::validate_hpa(&h.value).map_err(|e| at(&h.referenced, e.0))?;
            sim.api
                .create(h.value.clone())
                .map_err(|e| at(&h.referenced, e.0))?;
        }
        for p in &self.pods {
            sim.api
                .create_pod(p.value.clone())
                .map_err(|e| at(&p.referenced, e.0))?;
        }
        for l in &self.load {
            if sim
                .api
                .store()
                .get::<Service>(DEFAULT_NAMESPACE, &l.value.service)
                .is_none()
            {
                return Err(at(
                    &l.referenced,
                    format!("load names unknown service {:?}", l.value.service),
                ));
            }
            l.value
                .pattern
                .validate()
                .map_err(|e| at(&l.referenced, e))?;
            if !(l.value.cost_cpu_ms.is_finite()
                && l.value.cost_cpu_ms > 0.0
                && l.value.base_latency_ms.is_finite()
                && l.value.base_latency_ms >= 0.0)
            {
                return Err(at(
                    &l.referenced,
                    "costCpuMs must be positive and baseLatencyMs non-negative",
                ));
            }
            sim.set_load(l.value.clone());
        }
        sim.settle();
        for pin in &self.pin {
            let v = &pin.value;
            let dep = sim
                .api
                .store()
                .get::<Deployment>(DEFAULT_NAMESPACE, &v.deployment)
                .cloned()
                .ok_or_else(|| {
                    at(
                        &pin.referenced,
                        format!("pin names unknown deployment {:?}", v.deployment),
                    )
                })?;
            let keys: Vec<String> = sim
                .api
                .store()
                .list::<Pod>()
                .filter(|p| dep.spec.selector.matches(&p.metadata.labels))
                .map(|p| table_key(&p.metadata.namespace, &p.metadata.name))
                .collect();
            if v.cpu.len() > keys.len() || v.ready.len() > keys.len() {
                return Err(at(
                    &pin.referenced,
                    format!(
                        "pin lists more values than deployment {} has pods ({})",
                        v.deployment,
                        keys.len()
                    ),
                ));
            }
            for (k, c) in keys.iter().zip(&v.cpu) {
                sim.metrics.pinned_cpu.insert(k, c.0);
            }
            for (k, r) in keys.iter().zip(&v.ready) {
                if !r {
                    sim.pinned_unready.insert(k);
                }
            }
        }
        for (name, text) in &self.files {
            sim.add_file(name, &text.value)
                .map_err(|e| at(&text.referenced, e))?;
            // A manifest error is an error at load, positioned in the scenario file.
            if self.actions.iter().any(|a| {
                matches!(command::parse(&a.run.value), Ok(Command::Apply { file }) if file == *name)
            }) && let Err(e) = crate::scenario::manifest::parse_manifests(&text.value)
            {
                // The text's position is where its content starts (a block scalar's first
                // line, at its indentation): the manifest's line 1, column 1.
                let (l0, c0) = (text.referenced.line(), text.referenced.column());
                return Err(ScenarioError {
                    line: if e.line > 0 { l0 + e.line - 1 } else { l0 },
                    column: if e.column > 0 { c0 + e.column - 1 } else { c0 },
                    message: format!("files.{name}: {e}"),
                });
            }
        }
        let mut actions = Vec::new();
        for a in &self.actions {
            let line = a.run.value.clone();
            let loc = a.run.referenced;
            let cmd = command::parse(&line).map_err(|e| ScenarioError {
                line: loc.line(),
                column: loc.column() + e.pos as u64,
                message: e.message(),
            })?;
            if let Command::Apply { file } = &cmd
                && !self.files.contains_key(file)
            {
                let known: Vec<&str> = self.files.keys().map(String::as_str).collect();
                let hint = command::suggest_word(file, known.iter().copied())
                    .map(|s| format!("; did you mean {s:?}?"))
                    .unwrap_or_default();
                return Err(ScenarioError {
                    line: loc.line(),
                    column: loc.column(),
                    message: format!("apply -f names a file not in files: {file:?}{hint}"),
                });
            }
            if let Err(e) = sim.validate(&cmd) {
                // Names must exist at t=0 (pods created later are addressed as deployment/NAME).
                if matches!(e.kind, command::ErrorKind::NotFound { .. })
                    && !matches!(cmd, Command::CrashPod { .. })
                {
                    return Err(ScenarioError {
                        line: loc.line(),
                        column: loc.column(),
                        message: e.message(),
                    });
                }
            }
            if a.at.value.0 > MAX_RUN_MS {
                return Err(at(
                    &a.at.referenced,
                    format!("action time beyond {} days", MAX_RUN_MS / 86_400_000),
                ));
            }
            actions.push(TimedAction {
                at_ms: a.at.value.0,
                line,
                command: cmd,
                line_no: loc.line(),
                column: loc.column(),
            });
        }
        actions.sort_by_key(|a| a.at_ms);
        Ok((sim, actions))
    }
}
