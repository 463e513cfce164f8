//! Admission: what the API server does to a pod before storing it. The built-in plugins
//! the model has (defaults, **DefaultTolerationSeconds**, validation) and the VPA's
//! mutating webhook (`vpa-admission-controller`), which reads only API objects.

use crate::api::core::Api;
use crate::api::events::EventKind;
use crate::api::objects::*;
use crate::api::store::Store;
use crate::api::vpa::{Amounts, VerticalPodAutoscaler};
use crate::api::{ApiError, validate_name, validate_pod_spec};

impl Api {
    /// Admission for pods: defaults and DefaultTolerationSeconds
    /// (`plugin/pkg/admission/defaulttolerationseconds/admission.go`).
    pub(crate) fn admit_pod(&self, pod: &mut Pod) -> Result<(), ApiError> {
        validate_name(&pod.metadata.name)?;
        if pod.metadata.namespace.is_empty() {
            pod.metadata.namespace = DEFAULT_NAMESPACE.to_string();
        }
        validate_pod_spec(&pod.spec)?;
        let timing = self.timing();
        if pod.spec.termination_grace_period_seconds.is_none() {
            pod.spec.termination_grace_period_seconds = Some(timing.termination_grace.ms / 1000);
        }
        let tols = &pod.spec.tolerations;
        let covers = |key: &str| {
            tols.iter().any(|t| {
                (t.key == key || t.key.is_empty())
                    && (t.effect == Some(TaintEffect::NoExecute) || t.effect.is_none())
            })
        };
        let (nr, ur) = (covers(TAINT_NOT_READY), covers(TAINT_UNREACHABLE));
        if !nr {
            pod.spec.tolerations.push(Toleration {
                key: TAINT_NOT_READY.into(),
                operator: TolerationOperator::Exists,
                value: String::new(),
                effect: Some(TaintEffect::NoExecute),
                toleration_seconds: Some(timing.not_ready_toleration.ms / 1000),
            });
        }
        if !ur {
            pod.spec.tolerations.push(Toleration {
                key: TAINT_UNREACHABLE.into(),
                operator: TolerationOperator::Exists,
                value: String::new(),
                effect: Some(TaintEffect::NoExecute),
                toleration_seconds: Some(timing.unreachable_toleration.ms / 1000),
            });
        }
        Ok(())
    }
}

/// The Deployment a VPA targets.
pub(crate) fn vpa_target<'a>(
    store: &'a Store,
    v: &VerticalPodAutoscaler,
) -> Option<&'a Deployment> {
    if v.spec.target_ref.kind != "Deployment" {
        return None;
    }
    store.get::<Deployment>(&v.metadata.namespace, &v.spec.target_ref.name)
}

/// The admission controller's patch for a new pod: the first VPA (by name) whose target
/// selects the pod, in a mode other than Off, with a recommendation. Returns the events
/// to emit once the pod is stored.
pub(crate) fn vpa_admit(store: &Store, pod: &mut Pod) -> Vec<EventKind> {
    if store.count::<VerticalPodAutoscaler>() == 0 {
        return Vec::new();
    }
    let Some(v) = store.list::<VerticalPodAutoscaler>().find(|v| {
        v.metadata.namespace == pod.metadata.namespace
            && v.mode().admits()
            && v.status.recommendation.is_some()
            && vpa_target(store, v).is_some_and(|d| d.spec.selector.matches(&pod.metadata.labels))
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in &mut pod.spec.containers {
        let Some(r) = v.recommendation_for(&c.name) else {
            continue;
        };
        let t = Amounts::of(&r.target);
        let res = &mut c.resources;
        let from = Amounts::of(&res.requests);
        // Limits keep their ratio to the request (GetProportionalLimit).
        let prop = |limit: u64, old: u64, new: u64| -> u64 {
            if old == 0 {
                limit
            } else {
                ((limit as u128 * new as u128) / old as u128).min(u64::MAX as u128) as u64
            }
        };
        if let (Some(l), Some(o)) = (res.limits.cpu, res.requests.cpu) {
            res.limits.cpu = Some(Cpu(prop(l.0, o.0, t.cpu_m)));
        }
        if let (Some(l), Some(o)) = (res.limits.memory, res.requests.memory) {
            res.limits.memory = Some(Mem(prop(l.0, o.0, t.memory)));
        }
        res.requests.cpu = Some(Cpu(t.cpu_m));
        res.requests.memory = Some(Mem(t.memory));
        out.push(EventKind::VpaRequestsSet {
            vpa: v.metadata.name.clone(),
            container: c.name.clone(),
            cpu_m: t.cpu_m,
            memory_bytes: t.memory,
            from_cpu_m: from.cpu_m,
            from_memory_bytes: from.memory,
        });
    }
    out
}
