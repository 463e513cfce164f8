//! The HPA controller loop (`horizontal.go` `reconcileAutoscaler`) around the arithmetic in
//! `hpa.rs`. Runs every `--horizontal-pod-autoscaler-sync-period`.

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::controllers::hpa::*;
use crate::engine::Sim;

impl Sim {
    pub(crate) fn hpa_sync_all(&mut self) {
        let keys: Vec<String> = self
            .api
            .store()
            .list::<HorizontalPodAutoscaler>()
            .map(|h| table_key(&h.metadata.namespace, &h.metadata.name))
            .collect();
        for k in keys {
            self.reconcile_hpa(&k);
        }
    }

    /// The inputs the replica calculator sees for the pods a Deployment selects: the pods of
    /// its ReplicaSets (owner index), which carry the template's labels and so match the
    /// selector, in name order.
    pub(crate) fn hpa_pod_inputs(&self, dep: &Deployment, resource: ResourceName) -> Vec<PodInput> {
        let sets: Vec<&crate::api::index::KeySet> = self.api.pod_sets_of(dep).collect();
        let mut pods: Vec<(&std::sync::Arc<str>, u32)> =
            sets.iter().flat_map(|s| s.entries()).collect();
        if sets.len() > 1 {
            crate::util::sort_by_less(&mut pods, |a, b| a.0 < b.0);
        }
        pods.into_iter()
            .filter_map(|(_, slot)| {
                let id = self.api.store().id_at_slot::<Pod>(slot)?;
                Some((id, self.api.store().at::<Pod>(id)?))
            })
            .map(|(id, p)| {
                let request = p
                    .spec
                    .containers
                    .iter()
                    .map(|c| match resource {
                        ResourceName::Cpu => c.resources.requests.cpu.map(|q| q.0),
                        ResourceName::Memory => c.resources.requests.memory.map(|q| q.0),
                    })
                    .sum::<Option<u64>>();
                PodInput {
                    pod: p.metadata.name.clone(),
                    phase: p.status.phase,
                    deleting: p.is_terminating(),
                    ready: p
                        .status
                        .condition(PodConditionType::Ready)
                        .map(|c| ReadyCondition {
                            status: c.status,
                            since_ms: c.last_transition_ms,
                        }),
                    start_ms: p.status.start_ms,
                    request,
                    metric: self.metrics.sample_at(id, resource),
                }
            })
            .collect()
    }

    fn reconcile_hpa(&mut self, key: &str) {
        let Some(hpa) = self
            .api
            .store()
            .get_by_key::<HorizontalPodAutoscaler>(key)
            .cloned()
        else {
            return;
        };
        let now = self.api.now();
        let ns = hpa.metadata.namespace.clone();
        let href = ObjectRef::new(Kind::HorizontalPodAutoscaler, &ns, &hpa.metadata.name);
        let tref = ObjectRef::new(Kind::Deployment, &ns, &hpa.spec.scale_target_ref.name);
        let metric = hpa.metrics()[0];
        let resource = metric.resource.name;
        let target_util = metric.resource.target.average_utilization;
        let (min, max) = (hpa.min_replicas(), hpa.spec.max_replicas);
        let id = self.next_hpa_id;
        self.next_hpa_id += 1;
        let tol = Tolerances::default();
        let mut comp = HpaComputation {
            id,
            time_ms: now,
            hpa: href.clone(),
            target: tref.clone(),
            current_replicas: 0,
            min_replicas: min,
            max_replicas: max,
            resource,
            target_utilization: target_util,
            tolerance: tol.scale_up,
            cpu_initialization_ms: self.api.timing().hpa_cpu_init.ms,
            initial_readiness_delay_ms: self.api.timing().hpa_initial_readiness_delay.ms,
            pods: vec![],
            precondition: Precondition::Metrics,
            calc: None,
            error: None,
            normalization: None,
            desired_replicas: 0,
            rescale: false,
            reason: String::new(),
        };
        let dep = if hpa.spec.scale_target_ref.kind == "Deployment" {
            self.api
                .store()
                .get::<Deployment>(&ns, &hpa.spec.scale_target_ref.name)
                .cloned()
        } else {
            None
        };
        let Some(dep) = dep else {
            comp.error = Some(format!(
                "the HPA controller was unable to get the target's current scale: {} {} not found",
                hpa.spec.scale_target_ref.kind, hpa.spec.scale_target_ref.name
            ));
            self.finish_hpa(key, comp, None);
            return;
        };
        let current = dep.spec.replicas;
        comp.current_replicas = current;
        let mem = self.hpa_memory.get_or_insert_with(key, HpaMemory::default);
        if mem.recommendations.is_empty() {
            // recordInitialRecommendation
            mem.recommendations.push(Recommendation {
                replicas: current,
                time_ms: now,
            });
        }
        let desired;
        if current == 0 && min != 0 {
            comp.precondition = Precondition::ScalingDisabled;
            comp.reason =
                "scaling is disabled since the replica count of the target is zero".into();
            comp.desired_replicas = 0;
            self.finish_hpa(key, comp, Some(&dep));
            return;
        } else if current > max {
            comp.precondition = Precondition::AboveMax;
            comp.reason = "Current number of replicas above Spec.MaxReplicas".into();
            desired = max;
        } else if current < min {
            comp.precondition = Precondition::BelowMin;
            comp.reason = "Current number of replicas below Spec.MinReplicas".into();
            desired = min;
        } else {
            comp.pods = self.hpa_pod_inputs(&dep, resource);
            let calc = resource_replicas(
                current,
                target_util,
                resource,
                &comp.pods,
                now,
                self.api.timing().hpa_cpu_init.ms,
                self.api.timing().hpa_initial_readiness_delay.ms,
                tol,
            );
            let calc = match calc {
                Ok(c) => c,
                Err(e) => {
                    comp.error = Some(format!(
                        "failed to get {} utilization: {e}",
                        res_str(resource)
                    ));
                    self.finish_hpa(key, comp, Some(&dep));
                    return;
                }
            };
            let proposal = calc.replicas;
            comp.reason = if proposal > current {
                format!(
                    "{} resource utilization (percentage of request) above target",
                    res_str(resource)
                )
            } else if proposal < current {
                "All metrics below target".into()
            } else {
                String::new()
            };
            comp.calc = Some(calc);
            let window = self.api.timing().hpa_downscale_stabilization.ms;
            let Some(mem) = self.hpa_memory.get_mut(key) else {
                return;
            };
            let norm = match &hpa.spec.behavior {
                None => normalize_legacy(mem, now, current, proposal, min, max, window),
                Some(b) => {
                    let (up, down) = behavior_rules(b, window);
                    normalize_behavior(mem, now, current, proposal, min, max, &up, &down)
                }
            };
            desired = norm.desired;
            comp.normalization = Some(norm);
        }
        comp.desired_replicas = desired;
        comp.rescale = desired != current;
        if comp.rescale {
            if let Some(b) = &hpa.spec.behavior {
                let (up, down) =
                    behavior_rules(b, self.api.timing().hpa_downscale_stabilization.ms);
                if let Some(mem) = self.hpa_memory.get_mut(key) {
                    store_scale_event(mem, &up, &down, current, desired, now);
                }
            }
            let mut d = dep.clone();
            d.spec.replicas = desired;
            d.metadata.generation += 1;
            self.api.update(d);
            let utilization = comp.calc.as_ref().map(|c| c.utilization);
            let reason = if comp.reason.is_empty() {
                comp.normalization
                    .as_ref()
                    .map_or("", |n| n.reason)
                    .to_string()
            } else {
                comp.reason.clone()
            };
            self.emit(
                Actor::new(Component::HpaController),
                href,
                EventKind::HpaRescale {
                    from: current,
                    to: desired,
                    utilization,
                    target: target_util,
                    reason,
                    computation: id,
                },
            );
        }
        let dep_now = self
            .api
            .store()
            .get::<Deployment>(&ns, &dep.metadata.name)
            .cloned();
        self.finish_hpa(key, comp, dep_now.as_ref());
    }

    fn finish_hpa(&mut self, key: &str, comp: HpaComputation, dep: Option<&Deployment>) {
        if let Some(err) = &comp.error {
            self.emit(
                Actor::new(Component::HpaController),
                comp.hpa.clone(),
                EventKind::HpaFailed {
                    reason: err.clone(),
                    computation: comp.id,
                },
            );
        }
        if let Some(mut hpa) = self
            .api
            .store()
            .get_by_key::<HorizontalPodAutoscaler>(key)
            .cloned()
        {
            let mut st = hpa.status.clone();
            st.current_replicas = dep.map_or(0, |d| d.status.replicas);
            st.desired_replicas = comp.desired_replicas;
            if let Some(c) = &comp.calc {
                st.current_utilization = Some(c.utilization);
            }
            if comp.rescale {
                st.last_scale_ms = Some(comp.time_ms);
            }
            let active = comp.error.is_none() && comp.precondition != Precondition::ScalingDisabled;
            st.conditions = vec![
                HpaCondition {
                    type_: "AbleToScale".into(),
                    status: if dep.is_some() {
                        ConditionStatus::True
                    } else {
                        ConditionStatus::False
                    },
                    reason: if dep.is_some() {
                        "SucceededGetScale".into()
                    } else {
                        "FailedGetScale".into()
                    },
                },
                HpaCondition {
                    type_: "ScalingActive".into(),
                    status: if active {
                        ConditionStatus::True
                    } else {
                        ConditionStatus::False
                    },
                    reason: if comp.precondition == Precondition::ScalingDisabled {
                        "ScalingDisabled".into()
                    } else if active {
                        "ValidMetricFound".into()
                    } else {
                        "FailedGetResourceMetric".into()
                    },
                },
                HpaCondition {
                    type_: "ScalingLimited".into(),
                    status: match comp.normalization.as_ref().map(|n| n.reason) {
                        Some("DesiredWithinRange") | None => ConditionStatus::False,
                        _ => ConditionStatus::True,
                    },
                    reason: comp
                        .normalization
                        .as_ref()
                        .map_or("DesiredWithinRange", |n| n.reason)
                        .into(),
                },
            ];
            if st != hpa.status {
                hpa.status = st;
                self.api.update(hpa);
            }
        }
        self.hpa_log.push(comp);
    }
}

fn res_str(r: ResourceName) -> &'static str {
    match r {
        ResourceName::Cpu => "cpu",
        ResourceName::Memory => "memory",
    }
}
