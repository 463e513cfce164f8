//! The trace: a scenario run as JSON Lines. One object per line, each with a `type`:
//! `header`, `action`, `event`, `decision` (a scheduling cycle with its score table), `hpa`
//! (an HPA computation with its inputs), `snapshot`, `gap` (ring overflow) and `end`.
//! Lines are in simulated-time order; at equal times, actions, then events, decisions and
//! HPA computations by id. Floats are written by serde_json (shortest round-trip), so the
//! same run gives the same bytes on every target.

use crate::engine::Sim;
use crate::scenario::{Scenario, ScenarioError, TimedAction, parse_scenario};
use crate::util::Millis;
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;

/// Errors of [`run_scenario_trace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    Scenario(ScenarioError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Scenario(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<ScenarioError> for Error {
    fn from(e: ScenarioError) -> Self {
        Error::Scenario(e)
    }
}

/// Default run length when neither the caller nor the scenario gives one.
pub const DEFAULT_UNTIL_MS: Millis = 600_000;

fn line<T: Serialize>(kind: &str, v: &T) -> String {
    let mut val = serde_json::to_value(v).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut val {
        let mut out = serde_json::Map::new();
        out.insert("type".into(), Value::String(kind.into()));
        out.insert(
            "t_ms".into(),
            m.get("time_ms").cloned().unwrap_or(Value::Null),
        );
        for (k, v) in std::mem::take(m) {
            if k != "time_ms" && k != "type" {
                out.insert(k, v);
            } else if k == "type" {
                out.insert("kind".into(), v);
            }
        }
        return Value::Object(out).to_string();
    }
    val.to_string()
}

/// Records what a running simulation produces, as trace lines.
pub struct TraceWriter {
    pub out: String,
    event_cursor: u64,
    decision_cursor: u64,
    hpa_cursor: u64,
}

impl TraceWriter {
    pub fn new(sim: &Sim) -> TraceWriter {
        let _ = sim;
        TraceWriter {
            out: String::new(),
            event_cursor: 0,
            decision_cursor: 0,
            hpa_cursor: 0,
        }
    }

    pub fn push_line(&mut self, l: String) {
        self.out.push_str(&l);
        self.out.push('\n');
    }

    /// Appends everything new since the last drain, in time order.
    pub fn drain(&mut self, sim: &Sim) {
        let mut items: Vec<(Millis, u8, u64, String)> = Vec::new();
        let (events, missed) = sim.events_since(self.event_cursor);
        if missed {
            items.push((
                sim.now_ms(),
                0,
                0,
                json!({"type": "gap", "what": "events", "after": self.event_cursor}).to_string(),
            ));
        }
        for e in events {
            self.event_cursor = e.id;
            let mut l = line("event", e);
            if let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(&l) {
                m.insert("text".into(), Value::String(e.describe()));
                l = Value::Object(m).to_string();
            }
            items.push((e.time_ms, 1, e.id, l));
        }
        let dc = self.decision_cursor;
        for d in sim.scheduler().decisions().iter().filter(|d| d.id > dc) {
            self.decision_cursor = d.id;
            items.push((d.time_ms, 2, d.id, line("decision", d)));
        }
        let hc = self.hpa_cursor;
        for c in sim.hpa_computations().iter().filter(|c| c.id > hc) {
            self.hpa_cursor = c.id;
            items.push((c.time_ms, 3, c.id, line("hpa", c)));
        }
        items.sort_by_key(|(t, rank, id, _)| (*t, *rank, *id));
        for (_, _, _, l) in items {
            self.push_line(l);
        }
    }
}

/// A compact picture of the cluster at one instant.
pub fn snapshot(sim: &Sim) -> Value {
    use crate::api::objects::*;
    let nodes: Vec<Value> = sim
        .nodes()
        .iter()
        .map(|v| {
            json!({
                "name": v.node.metadata.name,
                "ready": format!("{:?}", v.node.ready_status()),
                "powered": v.powered,
                "connected": v.connected,
                "unschedulable": v.node.spec.unschedulable,
                "taints": v.node.spec.taints.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
                "pods": v.pods.len(),
                "requested_cpu_m": v.requested_cpu,
                "allocatable_cpu_m": v.node.status.allocatable.cpu.0,
            })
        })
        .collect();
    let deployments: Vec<Value> = sim
        .deployments()
        .map(|d| {
            json!({
                "name": d.metadata.name,
                "replicas": d.spec.replicas,
                "ready": d.status.ready_replicas,
                "available": d.status.available_replicas,
                "updated": d.status.updated_replicas,
            })
        })
        .collect();
    let mut phases = std::collections::BTreeMap::<String, u32>::new();
    for p in sim.store().list::<Pod>() {
        *phases.entry(format!("{:?}", p.status.stage)).or_default() += 1;
    }
    let services: Vec<Value> = sim
        .series()
        .services
        .iter()
        .filter_map(|(k, r)| r.last().map(|s| json!({"service": k, "sample": s})))
        .collect();
    json!({
        "type": "snapshot",
        "t_ms": sim.now_ms(),
        "revision": sim.store().revision(),
        "keys": sim.store().key_count(),
        "nodes": nodes,
        "deployments": deployments,
        "pods_by_stage": phases,
        "pending": sim.scheduler().pending_count(),
        "services": services,
    })
}

/// Runs a scenario already built and returns its trace.
pub fn run_built(
    scn: &Scenario,
    mut sim: Sim,
    actions: Vec<TimedAction>,
    until: Option<Millis>,
) -> String {
    let until = until.or(scn.until.map(|d| d.0)).unwrap_or(DEFAULT_UNTIL_MS);
    let snap_every = scn.trace.snapshot_every.0.max(1000);
    let mut w = TraceWriter::new(&sim);
    w.push_line(
        json!({
            "type": "header",
            "engine": concat!("kubelab-sim ", env!("CARGO_PKG_VERSION")),
            "scenario": scn.name,
            "seed": scn.seed,
            "profile": scn.profile,
            "until_ms": until,
            "timing": sim.timing().entries(),
        })
        .to_string(),
    );
    w.drain(&sim);
    w.push_line(snapshot(&sim).to_string());
    let mut next_snap = snap_every;
    let mut ai = 0;
    loop {
        let next_action = actions.get(ai).map(|a| a.at_ms).filter(|t| *t <= until);
        let target = [
            Some(until),
            Some(next_snap),
            next_action,
            Some(sim.now_ms() + 1000),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(until);
        sim.advance_to(target);
        w.drain(&sim);
        while let Some(a) = actions
            .get(ai)
            .filter(|a| a.at_ms <= sim.now_ms() && a.at_ms <= until)
        {
            // `apply -f` also records kubectl's lines (created/configured/unchanged).
            let (res, output) = match &a.command {
                crate::cli::command::Command::Apply { file } => match sim.apply_file(file) {
                    Ok(out) => (Ok(()), Some(out)),
                    Err(e) => (Err(e), None),
                },
                c => (sim.apply(c).map(|_| ()), None),
            };
            let (ok, err) = match &res {
                Ok(_) => (true, None),
                Err(e) => (false, Some(e.message())),
            };
            let mut line = json!({"type": "action", "t_ms": sim.now_ms(), "run": a.line, "ok": ok, "error": err});
            if let Some(out) = output {
                line["output"] = json!(out);
            }
            w.push_line(line.to_string());
            w.drain(&sim);
            ai += 1;
        }
        if sim.now_ms() >= next_snap && next_snap <= until {
            w.push_line(snapshot(&sim).to_string());
            next_snap += snap_every;
        }
        if sim.now_ms() >= until {
            break;
        }
    }
    w.push_line(json!({"type": "end", "t_ms": sim.now_ms(), "revision": sim.store().revision(), "events": sim.next_event_id() - 1}).to_string());
    w.out
}

/// Parses a scenario, runs it to `until` (or the scenario's `until`, or 10 minutes) and
/// returns the JSONL trace. Same input, same bytes, on every target.
pub fn run_scenario_trace(yaml: &str, until: Option<Millis>) -> Result<String, Error> {
    let scn = parse_scenario(yaml)?;
    let (sim, actions) = scn.build()?;
    Ok(run_built(&scn, sim, actions, until))
}
