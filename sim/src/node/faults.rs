//! Container faults injected by command: a container that crash-loops, one that is OOM-killed
//! when its usage reaches its memory limit, and an image that cannot be pulled. A fault is set
//! on a pod (`pod/NAME` or `NAME`) or on every pod of a Deployment (`deployment/NAME`) and
//! stays until `fault clear`; the kubelet's own restart and pull back-offs (kubelet.rs) do
//! the rest, so recovery after clearing follows upstream timing.

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::engine::{Sim, Timer};
use serde::Serialize;
use std::sync::Arc;

/// What is wrong with the container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContainerFault {
    /// The process exits with code 1 shortly after it starts (illustrative 2 s).
    CrashLoop,
    /// Memory use grows to the limit (illustrative 5 s) and the OOM killer stops it (137).
    Oom,
    /// The image does not exist: every pull fails.
    ImagePull,
}

impl ContainerFault {
    pub const NAMES: &'static [&'static str] = &["crash-loop", "oom", "image-pull"];
    pub fn name(self) -> &'static str {
        match self {
            ContainerFault::CrashLoop => "crash-loop",
            ContainerFault::Oom => "oom",
            ContainerFault::ImagePull => "image-pull",
        }
    }
    pub fn from_name(s: &str) -> Option<ContainerFault> {
        Some(match s {
            "crash-loop" | "crashloop" => ContainerFault::CrashLoop,
            "oom" => ContainerFault::Oom,
            "image-pull" => ContainerFault::ImagePull,
            _ => return None,
        })
    }
}

impl Sim {
    /// The fault that applies to a pod (by key), if any: the pod's own, else its
    /// Deployment's.
    pub fn container_fault(&self, key: &str) -> Option<ContainerFault> {
        if self.container_faults.is_empty() {
            return None;
        }
        let (ns, name) = key.split_once('/')?;
        if let Some((_, f)) = self
            .container_faults
            .iter()
            .find(|(t, _)| t.strip_prefix("pod/") == Some(name))
        {
            return Some(*f);
        }
        let pod = self.api.store().pod(ns, name)?;
        self.container_faults.iter().find_map(|(t, f)| {
            let d = t.strip_prefix("deployment/")?;
            let dep = self.api.store().get::<Deployment>(ns, d)?;
            dep.spec
                .selector
                .matches(&pod.metadata.labels)
                .then_some(*f)
        })
    }

    /// The faults set, by target (`pod/NAME`, `deployment/NAME`).
    pub fn container_faults(&self) -> &[(String, ContainerFault)] {
        &self.container_faults
    }

    /// Checks a `fault` command's target (and, for `oom`, that a memory limit exists).
    pub(crate) fn validate_fault(
        &self,
        target: &str,
        fault: Option<ContainerFault>,
    ) -> Result<(), String> {
        let specs: Vec<&PodSpec> = if let Some(d) = target.strip_prefix("deployment/") {
            let dep = self
                .api
                .store()
                .get::<Deployment>(DEFAULT_NAMESPACE, d)
                .ok_or_else(|| format!("deployment {} not found", crate::util::Quoted(d)))?;
            vec![&dep.spec.template.spec]
        } else {
            let p = target.strip_prefix("pod/").unwrap_or(target);
            let pod = self
                .api
                .store()
                .pod(DEFAULT_NAMESPACE, p)
                .ok_or_else(|| format!("pod {} not found", crate::util::Quoted(p)))?;
            vec![&pod.spec]
        };
        if fault == Some(ContainerFault::Oom)
            && !specs.iter().any(|s| {
                s.containers
                    .iter()
                    .any(|c| c.resources.limits.memory.is_some())
            })
        {
            return Err(format!(
                "{target} has no memory limit: an OOM kill needs usage to reach a limit (set one with `set resources`)"
            ));
        }
        Ok(())
    }

    /// Sets (or with `None` clears) the fault on a target.
    pub(crate) fn set_fault(&mut self, target: &str, fault: Option<ContainerFault>) {
        let t = if target.starts_with("deployment/") || target.starts_with("pod/") {
            target.to_string()
        } else {
            format!("pod/{target}")
        };
        self.container_faults.retain(|(x, _)| *x != t);
        let obj = match t.split_once('/') {
            Some(("deployment", n)) => ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, n),
            Some((_, n)) => ObjectRef::new(Kind::Pod, DEFAULT_NAMESPACE, n),
            None => return,
        };
        let kind = match fault {
            Some(f) => {
                self.container_faults.push((t.clone(), f));
                crate::util::sort_by_less(&mut self.container_faults, |a, b| a.0 < b.0);
                EventKind::FaultSet {
                    fault: f.name().into(),
                    target: t.clone(),
                }
            }
            None => EventKind::FaultCleared { target: t.clone() },
        };
        self.emit(Actor::new(Component::User), obj, kind);
        // Running containers of the target pick the fault up now.
        if matches!(fault, Some(ContainerFault::CrashLoop | ContainerFault::Oom)) {
            let mut running: Vec<(Arc<str>, Arc<str>)> = Vec::new();
            for (node, m) in self.machines.iter() {
                for (k, l) in &m.pods {
                    if matches!(
                        l.stage,
                        crate::node::kubelet::LocalStage::Running
                            | crate::node::kubelet::LocalStage::Ready
                    ) && self.container_fault(k) == fault
                    {
                        running.push((Arc::from(node.as_ref()), Arc::from(k.as_str())));
                    }
                }
            }
            for (n, k) in running {
                self.schedule_fault_exit(&n, &k);
            }
        }
    }

    /// After a container starts: if a crash-loop or OOM fault applies, its exit is due.
    pub(crate) fn schedule_fault_exit(&mut self, node: &str, key: &str) {
        let after = match self.container_fault(key) {
            Some(ContainerFault::CrashLoop) => crate::config::defaults::FAULT_CRASH_AFTER.value,
            Some(ContainerFault::Oom) => crate::config::defaults::FAULT_OOM_AFTER.value,
            _ => return,
        };
        let Some(started) = self
            .machines
            .get(node)
            .and_then(|m| m.pods.get(key))
            .and_then(|l| l.started_ms)
        else {
            return;
        };
        let (n, k) = (self.node_arc(node), Arc::<str>::from(key));
        self.schedule_timer(self.api.now() + after, Timer::ContainerExit(n, k, started));
    }

    pub(crate) fn fault_exit_timer(&mut self, node: &str, key: &str, started: crate::util::Millis) {
        let Some(m) = self.machines.get(node) else {
            return;
        };
        if !m.powered {
            return;
        }
        let Some(l) = m.pods.get(key) else { return };
        if l.started_ms != Some(started)
            || !matches!(
                l.stage,
                crate::node::kubelet::LocalStage::Running | crate::node::kubelet::LocalStage::Ready
            )
        {
            return;
        }
        let Some(pod) = self.api.store().get_by_key::<Pod>(key) else {
            return;
        };
        if pod.is_terminating() {
            return;
        }
        let policy = pod.spec.restart_policy;
        let limit = pod
            .spec
            .containers
            .iter()
            .filter_map(|c| c.resources.limits.memory.map(|m| m.0))
            .min();
        let pref = pod.reference();
        match self.container_fault(key) {
            Some(ContainerFault::CrashLoop) => self.container_exit(node, key, 1, "Error", policy),
            Some(ContainerFault::Oom) => {
                let Some(limit) = limit else { return };
                self.emit(
                    Actor::on(Component::Kubelet, node),
                    pref,
                    EventKind::OomKilled {
                        usage_bytes: limit,
                        limit_bytes: limit,
                    },
                );
                self.container_exit(node, key, 137, "OOMKilled", policy);
            }
            _ => {}
        }
    }
}
