//! Applying commands. Every command is validated against the current state first; an invalid
//! one returns an error and changes nothing.

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::cli::command::{Command, CommandError, ErrorKind, parse};
use crate::engine::Sim;
use crate::node::load::LoadSpec;

/// What a successful command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// Events emitted by the command itself start at this id.
    pub first_event: u64,
}

fn not_found(kind: &str, name: &str) -> CommandError {
    CommandError::whole(ErrorKind::NotFound {
        kind: kind.into(),
        name: name.into(),
    })
}

fn server_not_found(resource: &str, name: &str) -> CommandError {
    CommandError::whole(ErrorKind::ServerNotFound {
        resource: resource.into(),
        name: name.into(),
    })
}

/// What a command needs that this build leaves out (see the crate's features), if anything.
fn left_out(cmd: &Command) -> Option<&'static str> {
    match cmd {
        #[cfg(not(feature = "vpa"))]
        Command::Vpa { .. } | Command::DeleteVpa { .. } => {
            Some("the VerticalPodAutoscaler (feature `vpa`)")
        }
        #[cfg(not(feature = "cluster-autoscaler"))]
        Command::NodeAutoscaler { .. }
        | Command::NodeAutoscalerOff
        | Command::DeleteNode { .. } => {
            Some("the cluster autoscaler and node deletion (feature `cluster-autoscaler`)")
        }
        _ => None,
    }
}

fn rejected(reason: impl Into<String>) -> CommandError {
    CommandError::whole(ErrorKind::Rejected {
        reason: reason.into(),
    })
}

fn user() -> Actor {
    Actor::new(Component::User)
}

/// Applies `set resources` to a Deployment's template (every container, or the named one).
fn set_resources(
    d: &mut Deployment,
    container: Option<&str>,
    req: &crate::cli::command::ResourcePair,
    lim: &crate::cli::command::ResourcePair,
) {
    for c in d.spec.template.spec.containers.iter_mut() {
        if container.is_some_and(|n| n != c.name) {
            continue;
        }
        let r = &mut c.resources;
        if let Some(v) = req.cpu {
            r.requests.cpu = Some(Cpu(v));
        }
        if let Some(v) = req.memory {
            r.requests.memory = Some(Mem(v));
        }
        if let Some(v) = lim.cpu {
            r.limits.cpu = Some(Cpu(v));
        }
        if let Some(v) = lim.memory {
            r.limits.memory = Some(Mem(v));
        }
    }
}

impl Sim {
    /// The HPA `kubectl autoscale` creates: named after the Deployment, CPU utilization target
    /// (`--cpu-percent`, else the API default).
    fn autoscale_hpa(
        &self,
        deployment: &str,
        min: Option<u32>,
        max: u32,
        cpu_percent: Option<u32>,
    ) -> HorizontalPodAutoscaler {
        let metrics = cpu_percent
            .map(|p| vec![MetricSpec::cpu_utilization(p)])
            .unwrap_or_default();
        HorizontalPodAutoscaler {
            metadata: ObjectMeta::named(deployment, DEFAULT_NAMESPACE),
            spec: HpaSpec {
                scale_target_ref: ScaleTargetRef {
                    api_version: Some("apps/v1".into()),
                    kind: "Deployment".into(),
                    name: deployment.into(),
                },
                min_replicas: min,
                max_replicas: max,
                metrics,
                behavior: None,
            },
            status: HpaStatus::default(),
        }
    }

    /// The VPA the `vpa` verb creates: named after the Deployment; min/max for every
    /// container (`containerName: "*"`).
    fn command_vpa(
        &self,
        deployment: &str,
        mode: Option<crate::controllers::vpa::UpdateMode>,
        min: &crate::cli::command::ResourcePair,
        max: &crate::cli::command::ResourcePair,
        min_replicas: Option<u32>,
    ) -> crate::controllers::vpa::VerticalPodAutoscaler {
        use crate::controllers::vpa::*;
        let list = |p: &crate::cli::command::ResourcePair| ResourceList {
            cpu: p.cpu.map(Cpu),
            memory: p.memory.map(Mem),
        };
        let bounded =
            min.cpu.is_some() || min.memory.is_some() || max.cpu.is_some() || max.memory.is_some();
        VerticalPodAutoscaler {
            metadata: ObjectMeta::named(deployment, DEFAULT_NAMESPACE),
            spec: VpaSpec {
                target_ref: ScaleTargetRef {
                    api_version: Some("apps/v1".into()),
                    kind: "Deployment".into(),
                    name: deployment.into(),
                },
                update_policy: (mode.is_some() || min_replicas.is_some()).then_some(
                    PodUpdatePolicy {
                        update_mode: mode,
                        min_replicas,
                    },
                ),
                resource_policy: bounded.then(|| PodResourcePolicy {
                    container_policies: vec![ContainerResourcePolicy {
                        container_name: "*".into(),
                        min_allowed: list(min),
                        max_allowed: list(max),
                    }],
                }),
            },
            status: VpaStatus::default(),
        }
    }

    /// Parses and applies one command line.
    pub fn run(&mut self, line: &str) -> Result<Applied, CommandError> {
        let cmd = parse(line)?;
        self.apply(&cmd)
    }

    /// Checks a command against the current state without applying it.
    pub fn validate(&self, cmd: &Command) -> Result<(), CommandError> {
        if let Some(what) = left_out(cmd) {
            return Err(rejected(format!(
                "this build of the engine leaves out {what}"
            )));
        }
        let node = |n: &str| {
            self.api
                .store()
                .node(n)
                .map(|_| ())
                .ok_or_else(|| not_found("node", n))
        };
        let deployment = |d: &str| {
            self.api
                .store()
                .get::<Deployment>(DEFAULT_NAMESPACE, d)
                .ok_or_else(|| not_found("deployment", d))
        };
        if cmd.writes_api()
            && let Some(reason) = self.api_unavailable_reason()
        {
            return Err(rejected(reason));
        }
        match cmd {
            Command::ControlPlanePowerOff { node: n } => {
                self.check_member(n, false, false).map_err(Into::into)
            }
            Command::ControlPlanePowerOn { node: n } => {
                self.check_member(n, false, true).map_err(Into::into)
            }
            Command::EtcdStop { node: n } => self.check_member(n, true, false).map_err(Into::into),
            Command::EtcdStart { node: n } => self.check_member(n, true, true).map_err(Into::into),
            Command::Apply { file } => self.validate_apply(file),
            Command::Cordon { node: n }
            | Command::NodeMemoryPressure { node: n, .. }
            | Command::Uncordon { node: n }
            | Command::Drain { node: n }
            | Command::PowerOff { node: n }
            | Command::PowerOn { node: n }
            | Command::Disconnect { node: n }
            | Command::Reconnect { node: n } => node(n),
            Command::DeleteNode { node: n } => {
                node(n)?;
                if self.is_removing(n) {
                    return Err(rejected(format!("node {n} is already being removed")));
                }
                Ok(())
            }
            Command::NodeAutoscaler { min, max } => {
                if min > max {
                    return Err(rejected(format!("--max {max} is below --min {min}")));
                }
                Ok(())
            }
            Command::NodeAutoscalerOff | Command::Profile { .. } | Command::Seed { .. } => Ok(()),
            Command::DeletePod { pod } => self
                .api
                .store()
                .pod(DEFAULT_NAMESPACE, pod)
                .map(|_| ())
                .ok_or_else(|| not_found("pod", pod)),
            Command::CrashPod { pod } => self.resolve_crash_target(pod).map(|_| ()),
            Command::DeleteDeployment { deployment: d } => self
                .api
                .store()
                .get::<Deployment>(DEFAULT_NAMESPACE, d)
                .map(|_| ())
                .ok_or_else(|| server_not_found("deployments.apps", d)),
            Command::DeleteService { service } => self
                .api
                .store()
                .get::<Service>(DEFAULT_NAMESPACE, service)
                .map(|_| ())
                .ok_or_else(|| server_not_found("services", service)),
            Command::DeleteHpa { hpa } => self
                .api
                .store()
                .get::<HorizontalPodAutoscaler>(DEFAULT_NAMESPACE, hpa)
                .map(|_| ())
                .ok_or_else(|| server_not_found("horizontalpodautoscalers.autoscaling", hpa)),
            Command::RolloutUndo {
                deployment: d,
                to_revision,
            } => {
                if self
                    .api
                    .store()
                    .get::<Deployment>(DEFAULT_NAMESPACE, d)
                    .is_none()
                {
                    return Err(server_not_found("deployments.apps", d));
                }
                self.plan_undo(d, *to_revision)
                    .map(|_| ())
                    .map_err(rejected)
            }
            Command::Scale { deployment: d, .. } => deployment(d).map(|_| ()),
            Command::SetImage {
                deployment: d,
                container,
                ..
            } => {
                let dep = deployment(d)?;
                if dep
                    .spec
                    .template
                    .spec
                    .containers
                    .iter()
                    .any(|c| &c.name == container)
                {
                    Ok(())
                } else {
                    Err(not_found("container", container))
                }
            }
            Command::Load {
                service, pattern, ..
            } => {
                self.api
                    .store()
                    .get::<Service>(DEFAULT_NAMESPACE, service)
                    .ok_or_else(|| not_found("service", service))?;
                if let Some(p) = pattern {
                    p.validate().map_err(rejected)?;
                }
                Ok(())
            }
            Command::RolloutRestart { deployment: d } => deployment(d).map(|_| ()),
            Command::Autoscale {
                deployment: d,
                min,
                max,
                ..
            } => {
                deployment(d)?;
                if self
                    .api
                    .store()
                    .get::<HorizontalPodAutoscaler>(DEFAULT_NAMESPACE, d)
                    .is_some()
                {
                    return Err(rejected(format!(
                        "horizontalpodautoscaler {} already exists",
                        crate::util::Quoted(d)
                    )));
                }
                crate::api::validate_hpa(&self.autoscale_hpa(d, *min, *max, None))
                    .map_err(|e| rejected(e.to_string()))
            }
            Command::Vpa {
                deployment: d,
                mode,
                min,
                max,
                min_replicas,
            } => {
                deployment(d)?;
                if self
                    .api
                    .store()
                    .get::<crate::controllers::vpa::VerticalPodAutoscaler>(DEFAULT_NAMESPACE, d)
                    .is_some()
                {
                    return Err(rejected(format!(
                        "verticalpodautoscaler {} already exists",
                        crate::util::Quoted(d)
                    )));
                }
                crate::controllers::vpa::validate_vpa(&self.command_vpa(
                    d,
                    *mode,
                    min,
                    max,
                    *min_replicas,
                ))
                .map_err(|e| rejected(e.to_string()))
            }
            Command::DeleteVpa { name } => self
                .api
                .store()
                .get::<crate::controllers::vpa::VerticalPodAutoscaler>(DEFAULT_NAMESPACE, name)
                .map(|_| ())
                .ok_or_else(|| not_found("verticalpodautoscaler", name)),
            Command::SetResources {
                deployment: d,
                container,
                requests,
                limits,
            } => {
                let dep = deployment(d)?;
                if let Some(c) = container
                    && !dep
                        .spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .any(|x| &x.name == c)
                {
                    return Err(not_found("container", c));
                }
                let mut dep = dep.clone();
                set_resources(&mut dep, container.as_deref(), requests, limits);
                crate::api::validate_deployment(&dep).map_err(|e| rejected(e.to_string()))
            }
            Command::Fault { target, fault } => self.validate_fault(target, *fault).map_err(|e| {
                if e.contains("not found") {
                    let (kind, name) = target.split_once('/').unwrap_or(("pod", target));
                    not_found(kind, name)
                } else {
                    rejected(e)
                }
            }),
            Command::Advance { ms } => {
                if *ms > crate::api::MAX_RUN_MS {
                    Err(rejected(format!(
                        "advance by at most {} days at a time",
                        crate::api::MAX_RUN_MS / 86_400_000
                    )))
                } else {
                    Ok(())
                }
            }
        }
    }

    /// A pod name, or `deployment/NAME`: the first (by name) pod of that Deployment whose
    /// containers are running.
    fn resolve_crash_target(&self, target: &str) -> Result<String, CommandError> {
        if let Some(d) = target.strip_prefix("deployment/") {
            let dep = self
                .api
                .store()
                .get::<Deployment>(DEFAULT_NAMESPACE, d)
                .ok_or_else(|| not_found("deployment", d))?;
            return self
                .api
                .store()
                .list::<Pod>()
                .filter(|p| {
                    p.metadata.namespace == DEFAULT_NAMESPACE
                        && dep.spec.selector.matches(&p.metadata.labels)
                })
                .find(|p| {
                    p.node()
                        .is_some_and(|n| self.is_running_locally(n, &p.key()))
                        && !p.is_terminating()
                })
                .map(Pod::key)
                .ok_or_else(|| rejected(format!("deployment {d} has no running pod")));
        }
        let key = table_key(DEFAULT_NAMESPACE, target);
        let p = self
            .api
            .store()
            .get_by_key::<Pod>(&key)
            .ok_or_else(|| not_found("pod", target))?;
        let running = p.node().is_some_and(|n| self.is_running_locally(n, &key));
        if !running {
            return Err(rejected(format!("pod {target} has no running containers")));
        }
        Ok(key)
    }

    /// Applies a command. Never mutates state when it returns an error.
    pub fn apply(&mut self, cmd: &Command) -> Result<Applied, CommandError> {
        self.validate(cmd)?;
        let first_event = self.api.next_event_id();
        match cmd {
            Command::Cordon { node } => self.set_unschedulable(node, true),
            Command::Uncordon { node } => self.set_unschedulable(node, false),
            Command::Drain { node } => {
                self.set_unschedulable(node, true);
                let victims = self.live_pods_on_node(node);
                self.emit(
                    user(),
                    ObjectRef::new(Kind::Node, "", node),
                    EventKind::Drained {
                        pods: victims.len() as u32,
                    },
                );
                for k in victims {
                    if let Some(p) = self.api.store().get_by_key::<Pod>(&k) {
                        let pref = p.reference();
                        // Eviction API: a graceful delete with the pod's grace period.
                        self.api.delete_pod(&k, None);
                        self.emit(user(), pref, EventKind::Evicted);
                    }
                }
            }
            Command::PowerOff { node } => self.power_off(node),
            Command::NodeMemoryPressure { node, on } => self.set_memory_pressure_fault(node, *on),
            Command::PowerOn { node } => self.power_on(node),
            Command::Disconnect { node } => self.cut_network(node),
            Command::Reconnect { node } => self.restore_network(node),
            Command::DeletePod { pod } => {
                let key = table_key(DEFAULT_NAMESPACE, pod);
                self.api.delete_pod(&key, None);
            }
            Command::DeleteDeployment { deployment } => {
                crate::controllers::gc::delete_deployment(&mut self.api, deployment)
            }
            Command::DeleteService { service } => self.delete_service(service),
            Command::DeleteHpa { hpa } => self.delete_hpa(hpa),
            Command::RolloutUndo {
                deployment,
                to_revision,
            } => self.rollout_undo(deployment, *to_revision),
            Command::CrashPod { pod } => {
                let key = self.resolve_crash_target(pod)?;
                self.crash_pod(&key).map_err(rejected)?;
            }
            Command::Scale {
                deployment,
                replicas,
            } => {
                if let Some(mut d) = self
                    .api
                    .store()
                    .get::<Deployment>(DEFAULT_NAMESPACE, deployment)
                    .cloned()
                {
                    let from = d.spec.replicas;
                    d.spec.replicas = *replicas;
                    d.metadata.generation += 1;
                    self.api.update(d);
                    self.emit(
                        user(),
                        ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, deployment),
                        EventKind::Scaled {
                            from,
                            to: *replicas,
                        },
                    );
                }
            }
            Command::SetImage {
                deployment,
                container,
                image,
            } => {
                if let Some(mut d) = self
                    .api
                    .store()
                    .get::<Deployment>(DEFAULT_NAMESPACE, deployment)
                    .cloned()
                {
                    for c in d.spec.template.spec.containers.iter_mut() {
                        if &c.name == container {
                            c.image = image.clone();
                        }
                    }
                    d.metadata.generation += 1;
                    self.api.update(d);
                    self.emit(
                        user(),
                        ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, deployment),
                        EventKind::ImageSet {
                            container: container.clone(),
                            image: image.clone(),
                        },
                    );
                }
            }
            Command::Load {
                service,
                pattern,
                cost_cpu_ms,
            } => {
                let key = table_key(DEFAULT_NAMESPACE, service);
                let sref = ObjectRef::new(Kind::Service, DEFAULT_NAMESPACE, service);
                match pattern {
                    None => {
                        self.load.services.remove(&key);
                        self.emit(
                            Actor::new(Component::Load),
                            sref,
                            EventKind::LoadSet {
                                pattern: "off".into(),
                            },
                        );
                    }
                    Some(p) => {
                        let prev = self.load.services.get(&key).map(|l| l.spec.clone());
                        let spec = LoadSpec {
                            service: service.clone(),
                            pattern: p.clone(),
                            cost_cpu_ms: cost_cpu_ms
                                .or(prev.as_ref().map(|s| s.cost_cpu_ms))
                                .unwrap_or_else(crate::node::load::default_cost),
                            base_latency_ms: prev
                                .as_ref()
                                .map_or_else(crate::node::load::default_base_latency, |s| {
                                    s.base_latency_ms
                                }),
                        };
                        self.set_load(spec);
                        self.emit(
                            Actor::new(Component::Load),
                            sref,
                            EventKind::LoadSet {
                                pattern: p.describe(),
                            },
                        );
                    }
                }
            }
            Command::Advance { ms } => self.advance(*ms),
            Command::Fault { target, fault } => self.set_fault(target, *fault),
            Command::RolloutRestart { deployment } => {
                if let Some(mut d) = self
                    .api
                    .store()
                    .get::<Deployment>(DEFAULT_NAMESPACE, deployment)
                    .cloned()
                {
                    // kubectl sets kubectl.kubernetes.io/restartedAt to the current time.
                    d.spec.template.metadata.annotations.insert(
                        "kubectl.kubernetes.io/restartedAt".into(),
                        format!("t={}", crate::util::fmt_duration(self.api.now())),
                    );
                    d.metadata.generation += 1;
                    self.api.update(d);
                    self.emit(
                        user(),
                        ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, deployment),
                        EventKind::RolloutRestarted,
                    );
                }
            }
            Command::Autoscale {
                deployment,
                min,
                max,
                cpu_percent,
            } => {
                let h = self.autoscale_hpa(deployment, *min, *max, *cpu_percent);
                self.api.create(h).map_err(|e| rejected(e.to_string()))?;
            }
            Command::Vpa {
                deployment,
                mode,
                min,
                max,
                min_replicas,
            } => {
                let v = self.command_vpa(deployment, *mode, min, max, *min_replicas);
                self.api.create(v).map_err(|e| rejected(e.to_string()))?;
                #[cfg(feature = "vpa")]
                self.vpa_start();
            }
            Command::DeleteVpa { name } => {
                #[cfg(feature = "vpa")]
                self.vpa_delete(DEFAULT_NAMESPACE, name);
                #[cfg(not(feature = "vpa"))]
                let _ = name;
            }
            Command::SetResources {
                deployment,
                container,
                requests,
                limits,
            } => {
                if let Some(mut d) = self
                    .api
                    .store()
                    .get::<Deployment>(DEFAULT_NAMESPACE, deployment)
                    .cloned()
                {
                    set_resources(&mut d, container.as_deref(), requests, limits);
                    d.metadata.generation += 1;
                    let pair = |p: &crate::cli::command::ResourcePair| {
                        format!(
                            "cpu={} memory={}",
                            p.cpu.map_or("-".into(), crate::util::fmt_cpu),
                            p.memory.map_or("-".into(), crate::util::fmt_memory)
                        )
                    };
                    self.api.update(d);
                    self.emit(
                        user(),
                        ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, deployment),
                        EventKind::ResourcesSet {
                            container: container.clone().unwrap_or_else(|| "*".into()),
                            requests: pair(requests),
                            limits: pair(limits),
                        },
                    );
                }
            }
            Command::ControlPlanePowerOff { node } => self.set_control_plane_node(node, false),
            Command::ControlPlanePowerOn { node } => self.set_control_plane_node(node, true),
            Command::EtcdStop { node } => self.set_etcd_member(node, false),
            Command::EtcdStart { node } => self.set_etcd_member(node, true),
            Command::Apply { file } => {
                self.apply_file(file)?;
            }
            #[cfg(feature = "cluster-autoscaler")]
            Command::DeleteNode { node } => {
                self.begin_node_removal(node, user());
            }
            #[cfg(feature = "cluster-autoscaler")]
            Command::NodeAutoscaler { min, max } => self.configure_node_group(*min, *max),
            #[cfg(feature = "cluster-autoscaler")]
            Command::NodeAutoscalerOff => self.disable_node_group(),
            // Refused by `validate` (`left_out`).
            #[cfg(not(feature = "cluster-autoscaler"))]
            Command::DeleteNode { .. }
            | Command::NodeAutoscaler { .. }
            | Command::NodeAutoscalerOff => {}
            Command::Profile { profile } => self.set_profile(*profile),
            Command::Seed { seed } => self.reseed(*seed),
        }
        self.settle();
        Ok(Applied { first_event })
    }

    /// The API server refuses writes while etcd cannot commit them (controlplane.rs).
    fn check_writable(&self) -> Result<(), crate::api::ApiError> {
        match self.api_unavailable_reason() {
            Some(r) => Err(crate::api::ApiError(r)),
            None => Ok(()),
        }
    }

    /// Registers a node as its kubelet would (Ready, lease, heartbeats). Admission-checked.
    pub fn add_node(&mut self, node: Node) -> Result<(), crate::api::ApiError> {
        self.check_writable()?;
        let r = self.register_node(node);
        self.settle();
        r
    }

    /// Creates a pod through the API server (admission, DefaultTolerationSeconds). Returns
    /// its key. Pods without `spec.nodeName` wait for the scheduler.
    pub fn create_pod(&mut self, pod: Pod) -> Result<String, crate::api::ApiError> {
        self.check_writable()?;
        let r = self.api.create_pod(pod);
        self.dispatch();
        r
    }

    pub fn create_deployment(&mut self, d: Deployment) -> Result<(), crate::api::ApiError> {
        self.check_writable()?;
        crate::api::validate_deployment(&d)?;
        let r = self.api.create(d);
        self.dispatch();
        r
    }

    pub fn create_service(&mut self, s: Service) -> Result<(), crate::api::ApiError> {
        self.check_writable()?;
        let r = self.api.create(s);
        self.dispatch();
        r
    }

    pub fn create_hpa(&mut self, h: HorizontalPodAutoscaler) -> Result<(), crate::api::ApiError> {
        self.check_writable()?;
        crate::api::validate_hpa(&h)?;
        let r = self.api.create(h);
        self.dispatch();
        r
    }

    /// Sets the load on a Service (the scenario's `load:` entry).
    pub fn put_load(&mut self, spec: LoadSpec) -> Result<(), crate::api::ApiError> {
        if self
            .api
            .store()
            .get::<Service>(DEFAULT_NAMESPACE, &spec.service)
            .is_none()
        {
            return Err(crate::api::ApiError(format!(
                "service {} not found",
                spec.service
            )));
        }
        spec.pattern.validate().map_err(crate::api::ApiError)?;
        self.set_load(spec);
        Ok(())
    }

    /// Runs only the scheduler: drains its active queue, binding what fits. Returns how many
    /// cycles ran. (Kubelets and controllers react on the next `advance`/`settle`.)
    pub fn schedule_pending(&mut self) -> usize {
        self.dispatch();
        let before = self.c.scheduler.decisions_made();
        self.settle_one::<crate::scheduler::Scheduler>();
        self.dispatch();
        (self.c.scheduler.decisions_made() - before) as usize
    }

    /// Runs every component until quiescent at the current instant.
    pub fn settle_now(&mut self) {
        self.settle();
    }

    fn set_unschedulable(&mut self, node: &str, on: bool) {
        let Some(mut n) = self.api.store().node(node).cloned() else {
            return;
        };
        if n.spec.unschedulable == on {
            return;
        }
        n.spec.unschedulable = on;
        // TaintNodesByCondition mirrors spec.unschedulable as a NoSchedule taint.
        let key = crate::scheduler::TAINT_UNSCHEDULABLE;
        n.spec.taints.retain(|t| t.key != key);
        if on {
            n.spec.taints.push(Taint {
                key: key.into(),
                value: String::new(),
                effect: TaintEffect::NoSchedule,
                time_added_ms: Some(self.api.now()),
            });
        }
        self.api.update_node(n);
        self.emit(
            user(),
            ObjectRef::new(Kind::Node, "", node),
            if on {
                EventKind::Cordoned
            } else {
                EventKind::Uncordoned
            },
        );
    }
}

#[cfg(test)]
mod features {
    use crate::cli::command::parse;
    use crate::{Sim, SimConfig};

    /// Built without `vpa` or `cluster-autoscaler` (as the Cluster view's wasm is), their
    /// commands are refused with the feature's name and change nothing; built with them,
    /// the same commands reach the controllers. `cargo xtask test` runs the engine's unit
    /// tests both ways.
    #[test]
    fn left_out_controllers_refuse_their_commands_and_change_nothing() {
        let mut sim = Sim::new(SimConfig::default());
        let before = (sim.store().revision(), sim.next_event_id());
        let vpa = sim
            .apply(&parse("vpa deployment/web").unwrap())
            .unwrap_err();
        // With the VPA built in, the missing Deployment is the reason.
        assert_eq!(
            vpa.message().contains("feature `vpa`"),
            !cfg!(feature = "vpa"),
            "{}",
            vpa.message()
        );
        let ca = sim.apply(&parse("autoscaler nodes --min 1 --max 3").unwrap());
        if cfg!(feature = "cluster-autoscaler") {
            assert!(ca.is_ok());
        } else {
            let e = ca.unwrap_err().message();
            assert!(e.contains("feature `cluster-autoscaler`"), "{e}");
            let del = sim
                .apply(&parse("node delete node-1").unwrap())
                .unwrap_err();
            assert!(del.message().contains("feature `cluster-autoscaler`"));
            assert_eq!((sim.store().revision(), sim.next_event_id()), before);
        }
    }

    /// The defaults a build shows are those of what it runs; the working-set memory model
    /// (metrics-server's, which the kubelet's eviction reads too) is always there.
    #[test]
    fn defaults_follow_the_build() {
        use crate::config::defaults as d;
        assert!(d::VPA_MEMORY_BASE.in_build() && d::METRIC_RESOLUTION.in_build());
        assert_eq!(
            d::VPA_RECOMMENDER_INTERVAL.in_build(),
            cfg!(feature = "vpa")
        );
        assert_eq!(
            d::CA_SCAN_INTERVAL.in_build() && d::CA_NODE_CPU.in_build(),
            cfg!(feature = "cluster-autoscaler")
        );
    }
}
