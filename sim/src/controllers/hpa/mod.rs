//! The Horizontal Pod Autoscaler's arithmetic, as pure functions over recorded inputs:
//!
//! - `replica_calculator.go`: `groupPods`, `GetResourceReplicas` (tolerance, unready and
//!   missing pods, the dampened re-calculation) with `metrics/utilization.go`'s integer
//!   utilization;
//! - `horizontal.go`: the legacy path (`stabilizeRecommendation` over the 5-minute window and
//!   `convertDesiredReplicasWithRules` with `max(2*current, 4)`) and the behavior path
//!   (`stabilizeRecommendationWithBehaviors`, `convertDesiredReplicasWithBehaviorRate`,
//!   scale-event bookkeeping with default policies).
//!
//! Every computation returns an [`HpaComputation`] holding all its inputs and intermediate
//! figures so the UI can show "the formula with today's numbers".

mod controller;

use crate::api::objects::*;
use crate::config::defaults as d;
use crate::util::Millis;
use serde::Serialize;

pub use crate::api::objects::MetricSample;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReadyCondition {
    pub status: ConditionStatus,
    pub since_ms: Millis,
}

/// What the calculator knows about one pod.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PodInput {
    pub pod: String,
    pub phase: PodPhase,
    pub deleting: bool,
    /// The Ready condition: status and last transition time.
    pub ready: Option<ReadyCondition>,
    pub start_ms: Option<Millis>,
    /// Sum of container requests; None when a container sets none.
    pub request: Option<u64>,
    pub metric: Option<MetricSample>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PodGroup {
    Ready,
    /// Pending, or (cpu) not yet ready / sample taken too soon after a readiness change.
    Unready,
    /// No metric sample.
    Missing,
    /// Being deleted, or Failed.
    Ignored,
}

/// `groupPods` for one pod.
pub fn group_pod(
    p: &PodInput,
    resource: ResourceName,
    now: Millis,
    cpu_init_ms: Millis,
    readiness_delay_ms: Millis,
) -> PodGroup {
    if p.deleting || p.phase == PodPhase::Failed {
        return PodGroup::Ignored;
    }
    if p.phase == PodPhase::Pending {
        return PodGroup::Unready;
    }
    let Some(metric) = p.metric else {
        return PodGroup::Missing;
    };
    if resource == ResourceName::Cpu {
        let unready = match (p.ready, p.start_ms) {
            (
                Some(ReadyCondition {
                    status,
                    since_ms: transition,
                }),
                Some(start),
            ) => {
                if start + cpu_init_ms > now {
                    // Within the initialization period: ignore if unready, or if the sample
                    // does not cover a full window since the last readiness change.
                    status == ConditionStatus::False
                        || metric.timestamp_ms < transition + metric.window_ms
                } else {
                    // Past it: ignore only if unready and it has never been ready.
                    status == ConditionStatus::False && start + readiness_delay_ms > transition
                }
            }
            _ => true,
        };
        if unready {
            return PodGroup::Unready;
        }
    }
    PodGroup::Ready
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Tolerances {
    pub scale_down: f64,
    pub scale_up: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        let t = d::HPA_TOLERANCE.value as f64 / 1000.0;
        Tolerances {
            scale_down: t,
            scale_up: t,
        }
    }
}

impl Tolerances {
    /// `(1 - down) <= ratio <= (1 + up)`.
    pub fn is_within(&self, ratio: f64) -> bool {
        (1.0 - self.scale_down) <= ratio && ratio <= (1.0 + self.scale_up)
    }
}

/// Which rule of `GetResourceReplicas` produced the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CalcBranch {
    /// No unready/missing pods to account for; usage ratio within tolerance: keep current.
    WithinTolerance,
    /// `ceil(usageRatio * readyPodCount)`.
    Proportional,
    /// After assuming values for missing/unready pods, the new ratio is within tolerance.
    RebalancedWithinTolerance,
    /// After assuming values, the direction of scaling flipped: keep current.
    RebalancedDirectionFlip,
    /// `ceil(newUsageRatio * len(metrics))` would move against the direction: keep current.
    RebalancedCountFlip,
    /// `ceil(newUsageRatio * len(metrics))`.
    Rebalanced,
}

/// The outcome of `GetResourceReplicas` with its figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaCalc {
    pub groups: Vec<PodGroup>,
    pub ready_pod_count: u32,
    pub usage_total: u64,
    pub request_total: u64,
    /// `(Σusage * 100) / Σrequest`, integer, over pods counted first.
    pub utilization: u32,
    pub usage_ratio: f64,
    pub raw_average: u64,
    pub branch: CalcBranch,
    /// Set when missing/unready pods were filled in and the ratio recomputed.
    pub new_usage_ratio: Option<f64>,
    /// Value assumed for each missing pod on a scale-down (request × max(100,target)/100).
    pub missing_assumed: Option<&'static str>,
    pub metrics_counted: u32,
    pub replicas: u32,
}

/// `GetResourceReplicas` for a Utilization target.
#[allow(clippy::too_many_arguments)]
pub fn resource_replicas(
    current: u32,
    target_utilization: u32,
    resource: ResourceName,
    pods: &[PodInput],
    now: Millis,
    cpu_init_ms: Millis,
    readiness_delay_ms: Millis,
    tol: Tolerances,
) -> Result<ReplicaCalc, String> {
    if pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    let groups: Vec<PodGroup> = pods
        .iter()
        .map(|p| group_pod(p, resource, now, cpu_init_ms, readiness_delay_ms))
        .collect();
    let ready_pod_count = groups.iter().filter(|g| **g == PodGroup::Ready).count() as u32;
    // calculatePodRequests: every pod needs a request.
    let mut requests = Vec::with_capacity(pods.len());
    for p in pods {
        match p.request {
            Some(r) => requests.push(r),
            None => {
                return Err(format!(
                    "missing request for {} in pod {}",
                    res_name(resource),
                    p.pod
                ));
            }
        }
    }
    // Metrics of ready pods only (unready and ignored removed; missing have none).
    let mut metrics: Vec<(usize, u64)> = pods
        .iter()
        .enumerate()
        .filter(|(i, _)| groups[*i] == PodGroup::Ready)
        .filter_map(|(i, p)| p.metric.map(|m| (i, m.value)))
        .collect();
    if metrics.is_empty() {
        return Err("did not receive metrics for targeted pods (pods might be unready)".into());
    }
    let ratio_of = |metrics: &[(usize, u64)]| -> Result<(f64, u32, u64, u64, u64), String> {
        let usage: u64 = metrics.iter().map(|(_, v)| v).sum();
        let req: u64 = metrics.iter().map(|(i, _)| requests[*i]).sum();
        if req == 0 {
            return Err("no metrics returned matched known pods".into());
        }
        let util = (usage * 100 / req) as u32;
        Ok((
            util as f64 / target_utilization as f64,
            util,
            usage / metrics.len() as u64,
            usage,
            req,
        ))
    };
    let (usage_ratio, utilization, raw_average, usage_total, request_total) = ratio_of(&metrics)?;
    let unready = groups.iter().filter(|g| **g == PodGroup::Unready).count();
    let missing: Vec<usize> = (0..pods.len())
        .filter(|i| groups[*i] == PodGroup::Missing)
        .collect();
    let mut calc = ReplicaCalc {
        groups: groups.clone(),
        ready_pod_count,
        usage_total,
        request_total,
        utilization,
        usage_ratio,
        raw_average,
        branch: CalcBranch::WithinTolerance,
        new_usage_ratio: None,
        missing_assumed: None,
        metrics_counted: metrics.len() as u32,
        replicas: current,
    };
    let rebalance_ignored = unready > 0 && usage_ratio > 1.0;
    if !rebalance_ignored && missing.is_empty() {
        if tol.is_within(usage_ratio) {
            return Ok(calc);
        }
        calc.branch = CalcBranch::Proportional;
        calc.replicas = (usage_ratio * ready_pod_count as f64).ceil() as u32;
        return Ok(calc);
    }
    if !missing.is_empty() {
        if usage_ratio < 1.0 {
            // On a scale-down, a missing pod is assumed to use max(100%, target) of its request.
            let pct = 100.max(target_utilization) as u64;
            for &i in &missing {
                metrics.push((i, requests[i] * pct / 100));
            }
            calc.missing_assumed = Some("request x max(100, target)%");
        } else if usage_ratio > 1.0 {
            for &i in &missing {
                metrics.push((i, 0));
            }
            calc.missing_assumed = Some("0");
        }
    }
    if rebalance_ignored {
        for (i, g) in groups.iter().enumerate() {
            if *g == PodGroup::Unready {
                metrics.push((i, 0));
            }
        }
    }
    let (new_ratio, ..) = ratio_of(&metrics)?;
    calc.new_usage_ratio = Some(new_ratio);
    calc.metrics_counted = metrics.len() as u32;
    if tol.is_within(new_ratio) {
        calc.branch = CalcBranch::RebalancedWithinTolerance;
        return Ok(calc);
    }
    if (usage_ratio < 1.0 && new_ratio > 1.0) || (usage_ratio > 1.0 && new_ratio < 1.0) {
        calc.branch = CalcBranch::RebalancedDirectionFlip;
        return Ok(calc);
    }
    let new_replicas = (new_ratio * metrics.len() as f64).ceil() as u32;
    if (new_ratio < 1.0 && new_replicas > current) || (new_ratio > 1.0 && new_replicas < current) {
        calc.branch = CalcBranch::RebalancedCountFlip;
        return Ok(calc);
    }
    calc.branch = CalcBranch::Rebalanced;
    calc.replicas = new_replicas;
    Ok(calc)
}

fn res_name(r: ResourceName) -> &'static str {
    match r {
        ResourceName::Cpu => "cpu",
        ResourceName::Memory => "memory",
    }
}

// ---------------------------------------------------------------------------------------------
// Stabilization and rate limits
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub replicas: u32,
    pub time_ms: Millis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ScaleEvent {
    pub change: u32,
    pub time_ms: Millis,
    pub outdated: bool,
}

/// The HPA controller's per-HPA memory (not in the API object, as upstream).
#[derive(Clone, Debug, Default, Serialize)]
pub struct HpaMemory {
    pub recommendations: Vec<Recommendation>,
    pub scale_up_events: Vec<ScaleEvent>,
    pub scale_down_events: Vec<ScaleEvent>,
}

/// Hard bound on remembered recommendations and events (upstream reuses outdated slots, so
/// the lists stay near window/sync-period long; this cap only guards pathological specs).
const MEMORY_CAP: usize = 256;

/// Behavior rules with defaults filled in (`SetDefaults_HorizontalPodAutoscalerBehavior`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rules {
    pub stabilization_ms: Millis,
    pub select: SelectPolicy,
    pub policies: Vec<ScalingPolicy>,
}

pub fn default_scale_up() -> Rules {
    Rules {
        stabilization_ms: d::HPA_SCALE_UP_STABILIZATION.value,
        select: SelectPolicy::Max,
        policies: vec![
            ScalingPolicy {
                type_: ScalingPolicyType::Pods,
                value: d::HPA_SCALE_UP_PODS.value as u32,
                period_seconds: (d::HPA_SCALE_POLICY_PERIOD.value / 1000) as u32,
            },
            ScalingPolicy {
                type_: ScalingPolicyType::Percent,
                value: d::HPA_SCALE_UP_PERCENT.value as u32,
                period_seconds: (d::HPA_SCALE_POLICY_PERIOD.value / 1000) as u32,
            },
        ],
    }
}

pub fn default_scale_down(downscale_window_ms: Millis) -> Rules {
    Rules {
        stabilization_ms: downscale_window_ms,
        select: SelectPolicy::Max,
        policies: vec![ScalingPolicy {
            type_: ScalingPolicyType::Percent,
            value: d::HPA_SCALE_DOWN_PERCENT.value as u32,
            period_seconds: (d::HPA_SCALE_POLICY_PERIOD.value / 1000) as u32,
        }],
    }
}

fn fill(rules: Option<&ScalingRules>, default: Rules) -> Rules {
    let Some(r) = rules else { return default };
    Rules {
        stabilization_ms: r
            .stabilization_window_seconds
            .map_or(default.stabilization_ms, |s| s as Millis * 1000),
        select: r.select_policy.unwrap_or(default.select),
        policies: r.policies.clone().unwrap_or(default.policies),
    }
}

/// (scaleUp, scaleDown) rules with defaults.
pub fn behavior_rules(b: &Behavior, downscale_window_ms: Millis) -> (Rules, Rules) {
    (
        fill(b.scale_up.as_ref(), default_scale_up()),
        fill(
            b.scale_down.as_ref(),
            default_scale_down(downscale_window_ms),
        ),
    )
}

/// The normalization step's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Normalization {
    pub legacy: bool,
    /// Recommendations considered (value, age in ms) before recording the new one.
    pub window: Vec<(u32, Millis)>,
    pub up_recommendation: Option<u32>,
    pub down_recommendation: u32,
    pub stabilized: u32,
    /// Per policy: (policy, periodStart replicas, proposed limit).
    pub policy_limits: Vec<(ScalingPolicy, i64, i64)>,
    pub limit: Option<i64>,
    pub desired: u32,
    pub reason: &'static str,
}

/// `normalizeDesiredReplicas` (behavior == nil).
pub fn normalize_legacy(
    mem: &mut HpaMemory,
    now: Millis,
    current: u32,
    proposal: u32,
    min: u32,
    max: u32,
    window_ms: Millis,
) -> Normalization {
    // stabilizeRecommendation
    let cutoff = now as i64 - window_ms as i64;
    let mut max_rec = proposal;
    let mut old: Option<usize> = None;
    let window = mem
        .recommendations
        .iter()
        .map(|r| (r.replicas, now - r.time_ms))
        .collect();
    for (i, r) in mem.recommendations.iter().enumerate() {
        if (r.time_ms as i64) < cutoff {
            old = Some(i);
        } else if r.replicas > max_rec {
            max_rec = r.replicas;
        }
    }
    record(
        &mut mem.recommendations,
        old,
        Recommendation {
            replicas: proposal,
            time_ms: now,
        },
    );
    // convertDesiredReplicasWithRules
    let scale_up_limit = ((d::HPA_SCALE_UP_LIMIT_FACTOR.value * current as u64) as f64)
        .max(d::HPA_SCALE_UP_LIMIT_MINIMUM.value as f64) as u32;
    let (max_allowed, limiting) = if max > scale_up_limit {
        (scale_up_limit, "ScaleUpLimit")
    } else {
        (max, "TooManyReplicas")
    };
    let (desired, reason) = if max_rec < min {
        (min, "TooFewReplicas")
    } else if max_rec > max_allowed {
        (max_allowed, limiting)
    } else {
        (max_rec, "DesiredWithinRange")
    };
    Normalization {
        legacy: true,
        window,
        up_recommendation: None,
        down_recommendation: max_rec,
        stabilized: max_rec,
        policy_limits: vec![],
        limit: Some(max_allowed as i64),
        desired,
        reason,
    }
}

fn record(recs: &mut Vec<Recommendation>, old: Option<usize>, rec: Recommendation) {
    match old {
        Some(i) => recs[i] = rec,
        None => {
            if recs.len() >= MEMORY_CAP {
                recs.remove(0);
            }
            recs.push(rec);
        }
    }
}

fn change_in_period(events: &[ScaleEvent], period_ms: Millis, now: Millis) -> i64 {
    let cutoff = now as i64 - period_ms as i64;
    events
        .iter()
        .filter(|e| e.time_ms as i64 > cutoff)
        .map(|e| e.change as i64)
        .sum()
}

/// `calculateScaleUpLimitWithScalingRules` / `calculateScaleDownLimitWithBehaviors`.
fn rate_limit(
    mem: &HpaMemory,
    rules: &Rules,
    current: u32,
    now: Millis,
    up: bool,
    out: &mut Vec<(ScalingPolicy, i64, i64)>,
) -> i64 {
    if rules.select == SelectPolicy::Disabled {
        return current as i64;
    }
    // For scale-up Max picks the highest limit; for scale-down Max picks the lowest.
    let pick_max = (rules.select == SelectPolicy::Max) == up;
    let mut result = if pick_max { i64::MIN } else { i64::MAX };
    for p in &rules.policies {
        let period = p.period_seconds as Millis * 1000;
        let added = change_in_period(&mem.scale_up_events, period, now);
        let deleted = change_in_period(&mem.scale_down_events, period, now);
        let start = current as i64 - added + deleted;
        let proposed = match (up, p.type_) {
            (true, ScalingPolicyType::Pods) => start + p.value as i64,
            (true, ScalingPolicyType::Percent) => {
                (start as f64 * (1.0 + p.value as f64 / 100.0)).ceil() as i64
            }
            (false, ScalingPolicyType::Pods) => start - p.value as i64,
            (false, ScalingPolicyType::Percent) => {
                (start as f64 * (1.0 - p.value as f64 / 100.0)) as i64
            }
        };
        out.push((*p, start, proposed));
        result = if pick_max {
            result.max(proposed)
        } else {
            result.min(proposed)
        };
    }
    result
}

/// `normalizeDesiredReplicasWithBehaviors`.
#[allow(clippy::too_many_arguments)]
pub fn normalize_behavior(
    mem: &mut HpaMemory,
    now: Millis,
    current: u32,
    proposal: u32,
    min: u32,
    max: u32,
    up: &Rules,
    down: &Rules,
) -> Normalization {
    // stabilizeRecommendationWithBehaviors
    // Signed: a cutoff before the start of the run precedes every sample, as upstream's
    // wall-clock cutoffs do.
    let up_cutoff = now as i64 - up.stabilization_ms as i64;
    let down_cutoff = now as i64 - down.stabilization_ms as i64;
    let mut up_rec = proposal;
    let mut down_rec = proposal;
    let mut old = None;
    let window = mem
        .recommendations
        .iter()
        .map(|r| (r.replicas, now - r.time_ms))
        .collect();
    for (i, r) in mem.recommendations.iter().enumerate() {
        let t = r.time_ms as i64;
        if t > up_cutoff {
            up_rec = up_rec.min(r.replicas);
        }
        if t > down_cutoff {
            down_rec = down_rec.max(r.replicas);
        }
        if t < up_cutoff && t < down_cutoff {
            old = Some(i);
        }
    }
    let mut rec = current;
    if rec < up_rec {
        rec = up_rec;
    }
    if rec > down_rec {
        rec = down_rec;
    }
    record(
        &mut mem.recommendations,
        old,
        Recommendation {
            replicas: proposal,
            time_ms: now,
        },
    );
    // convertDesiredReplicasWithBehaviorRate
    let mut limits = Vec::new();
    let (desired, reason, limit) = if rec > current {
        let l = rate_limit(mem, up, current, now, true, &mut limits).max(current as i64);
        let (max_allowed, reason) = if (max as i64) > l {
            (l, "ScaleUpLimit")
        } else {
            (max as i64, "TooManyReplicas")
        };
        if rec as i64 > max_allowed {
            (max_allowed as u32, reason, Some(l))
        } else {
            (rec, "DesiredWithinRange", Some(l))
        }
    } else if rec < current {
        let l = rate_limit(mem, down, current, now, false, &mut limits).min(current as i64);
        let (min_allowed, reason) = if (min as i64) < l {
            (l, "ScaleDownLimit")
        } else {
            (min as i64, "TooFewReplicas")
        };
        if (rec as i64) < min_allowed {
            (min_allowed.max(0) as u32, reason, Some(l))
        } else {
            (rec, "DesiredWithinRange", Some(l))
        }
    } else {
        (rec, "DesiredWithinRange", None)
    };
    Normalization {
        legacy: false,
        window,
        up_recommendation: Some(up_rec),
        down_recommendation: down_rec,
        stabilized: rec,
        policy_limits: limits,
        limit,
        desired,
        reason,
    }
}

/// `storeScaleEvent` (behavior path only).
pub fn store_scale_event(
    mem: &mut HpaMemory,
    up: &Rules,
    down: &Rules,
    prev: u32,
    new: u32,
    now: Millis,
) {
    let (events, rules, change) = if new > prev {
        (&mut mem.scale_up_events, up, new - prev)
    } else {
        (&mut mem.scale_down_events, down, prev - new)
    };
    let longest = rules
        .policies
        .iter()
        .map(|p| p.period_seconds as Millis * 1000)
        .max()
        .unwrap_or(0);
    let cutoff = now as i64 - longest as i64;
    for e in events.iter_mut() {
        if e.time_ms as i64 <= cutoff {
            e.outdated = true;
        }
    }
    let ev = ScaleEvent {
        change,
        time_ms: now,
        outdated: false,
    };
    if let Some(slot) = events.iter_mut().find(|e| e.outdated) {
        *slot = ev;
    } else {
        if events.len() >= MEMORY_CAP {
            events.remove(0);
        }
        events.push(ev);
    }
}

/// Which branch of `reconcileAutoscaler` decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Precondition {
    /// `scale.spec.replicas == 0` and minReplicas != 0: autoscaling disabled.
    ScalingDisabled,
    AboveMax,
    BelowMin,
    Metrics,
}

/// One HPA reconcile with all its inputs, kept for the UI and the trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HpaComputation {
    pub id: u64,
    pub time_ms: Millis,
    pub hpa: ObjectRef,
    pub target: ObjectRef,
    pub current_replicas: u32,
    pub min_replicas: u32,
    pub max_replicas: u32,
    pub resource: ResourceName,
    pub target_utilization: u32,
    pub tolerance: f64,
    pub cpu_initialization_ms: Millis,
    pub initial_readiness_delay_ms: Millis,
    pub pods: Vec<PodInput>,
    pub precondition: Precondition,
    pub calc: Option<ReplicaCalc>,
    pub error: Option<String>,
    pub normalization: Option<Normalization>,
    pub desired_replicas: u32,
    pub rescale: bool,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready_pod(name: &str, request: u64, usage: u64) -> PodInput {
        PodInput {
            pod: name.into(),
            phase: PodPhase::Running,
            deleting: false,
            ready: Some(ReadyCondition {
                status: ConditionStatus::True,
                since_ms: 0,
            }),
            start_ms: Some(0),
            request: Some(request),
            metric: Some(MetricSample {
                value: usage,
                timestamp_ms: 1_000_000,
                window_ms: 15_000,
            }),
        }
    }

    fn calc(current: u32, target: u32, pods: &[PodInput]) -> ReplicaCalc {
        resource_replicas(
            current,
            target,
            ResourceName::Cpu,
            pods,
            2_000_000,
            300_000,
            30_000,
            Tolerances::default(),
        )
        .unwrap()
    }

    /// HPA docs: "if the current metric value is 200m, and the desired value is 100m, the
    /// number of replicas will be doubled, since 200.0 / 100.0 == 2.0. If the current value
    /// is instead 50m, you'll halve the number of replicas".
    #[test]
    fn docs_doubling_and_halving() {
        let pods: Vec<_> = (0..4)
            .map(|i| ready_pod(&format!("p{i}"), 100, 200))
            .collect();
        assert_eq!(calc(4, 100, &pods).replicas, 8);
        let pods: Vec<_> = (0..4)
            .map(|i| ready_pod(&format!("p{i}"), 100, 50))
            .collect();
        assert_eq!(calc(4, 100, &pods).replicas, 2);
        // "If the ratio is sufficiently close to 1.0 (within a globally-configurable
        // tolerance, 0.1 by default), the control plane skips any scaling action."
        let pods: Vec<_> = (0..4)
            .map(|i| ready_pod(&format!("p{i}"), 100, 108))
            .collect();
        let c = calc(4, 100, &pods);
        assert_eq!((c.replicas, c.branch), (4, CalcBranch::WithinTolerance));
    }

    /// Uses ready pods, not the replica count, and rebalances unready pods on scale-up
    /// (replica_calculator_test.go "testCPUScaleUpUnreadyLessScale" shape: 3 pods, 2 ready
    /// at 300m/500m, wait: the values here are ours, the rule is upstream's).
    #[test]
    fn unready_pods_count_zero_on_scale_up() {
        let mut pods = vec![
            ready_pod("a", 1000, 900),
            ready_pod("b", 1000, 900),
            ready_pod("c", 1000, 0),
        ];
        pods[2].phase = PodPhase::Pending;
        pods[2].metric = None;
        // Ready pods: 1800/2000 = 90% vs target 50% -> ratio 1.8; rebalanced with c at 0:
        // 1800/3000 = 60% -> 1.2 -> ceil(1.2 * 3) = 4.
        let c = calc(3, 50, &pods);
        assert_eq!(c.utilization, 90);
        assert_eq!(c.branch, CalcBranch::Rebalanced);
        assert_eq!(c.new_usage_ratio, Some(1.2));
        assert_eq!(c.replicas, 4);
    }

    #[test]
    fn missing_pods_assumed_at_request_on_scale_down() {
        let mut pods = vec![
            ready_pod("a", 1000, 100),
            ready_pod("b", 1000, 100),
            ready_pod("c", 1000, 0),
        ];
        pods[2].metric = None;
        // 200/2000 = 10% vs 50 -> 0.2; missing c at 100%: 1200/3000 = 40% -> 0.8 -> ceil(2.4)=3
        // = current, allowed (not against the direction).
        let c = calc(3, 50, &pods);
        assert_eq!(c.groups[2], PodGroup::Missing);
        assert_eq!(c.new_usage_ratio, Some(0.8));
        assert_eq!(c.replicas, 3);
    }

    #[test]
    fn cpu_initialization_period_ignores_fresh_samples() {
        let mut p = ready_pod("a", 1000, 500);
        p.start_ms = Some(100_000);
        p.ready = Some(ReadyCondition {
            status: ConditionStatus::True,
            since_ms: 110_000,
        });
        p.metric = Some(MetricSample {
            value: 500,
            timestamp_ms: 120_000,
            window_ms: 15_000,
        });
        // now within 5 min of start, sample taken 10 s after becoming ready (< 15 s window).
        assert_eq!(
            group_pod(&p, ResourceName::Cpu, 130_000, 300_000, 30_000),
            PodGroup::Unready
        );
        p.metric = Some(MetricSample {
            value: 500,
            timestamp_ms: 125_000,
            window_ms: 15_000,
        });
        assert_eq!(
            group_pod(&p, ResourceName::Cpu, 130_000, 300_000, 30_000),
            PodGroup::Ready
        );
        // Memory ignores readiness.
        p.metric = Some(MetricSample {
            value: 500,
            timestamp_ms: 120_000,
            window_ms: 15_000,
        });
        assert_eq!(
            group_pod(&p, ResourceName::Memory, 130_000, 300_000, 30_000),
            PodGroup::Ready
        );
    }

    #[test]
    fn legacy_scale_up_limit_and_window() {
        let mut mem = HpaMemory::default();
        // max(2*3, 4) = 6 caps a proposal of 10.
        let n = normalize_legacy(&mut mem, 0, 3, 10, 1, 20, 300_000);
        assert_eq!((n.desired, n.reason), (6, "ScaleUpLimit"));
        // A later lower proposal is held up by the window's maximum (10, capped again at 12).
        let n = normalize_legacy(&mut mem, 15_000, 6, 2, 1, 20, 300_000);
        assert_eq!((n.stabilized, n.desired), (10, 10));
        // After the window, the old sample no longer counts.
        let n = normalize_legacy(&mut mem, 400_000, 10, 2, 1, 20, 300_000);
        assert_eq!(n.desired, 2);
    }

    /// HPA docs, scaling policies: Percent 10 per 60 s at 80 replicas allows 72, then 64.
    #[test]
    fn docs_percent_policy_80_72_64() {
        let up = default_scale_up();
        let down = Rules {
            stabilization_ms: 0,
            select: SelectPolicy::Max,
            policies: vec![ScalingPolicy {
                type_: ScalingPolicyType::Percent,
                value: 10,
                period_seconds: 60,
            }],
        };
        let mut mem = HpaMemory::default();
        let n = normalize_behavior(&mut mem, 0, 80, 10, 1, 100, &up, &down);
        assert_eq!((n.desired, n.reason), (72, "ScaleDownLimit"));
        store_scale_event(&mut mem, &up, &down, 80, 72, 0);
        // Within the same minute the period still starts at 80: no further scale-down.
        let n = normalize_behavior(&mut mem, 30_000, 72, 10, 1, 100, &up, &down);
        assert_eq!(n.desired, 72);
        let n = normalize_behavior(&mut mem, 61_000, 72, 10, 1, 100, &up, &down);
        assert_eq!(n.desired, 64);
    }

    /// Default behavior: +max(4 pods, 100%) per 15 s up, immediately.
    #[test]
    fn default_scale_up_policy() {
        let (up, down) = behavior_rules(&Behavior::default(), 300_000);
        let mut mem = HpaMemory::default();
        let n = normalize_behavior(&mut mem, 0, 2, 50, 1, 100, &up, &down);
        assert_eq!((n.desired, n.reason), (6, "ScaleUpLimit")); // max(2+4, 2*2)
        let n = normalize_behavior(&mut mem, 0, 10, 50, 1, 100, &up, &down);
        assert_eq!(n.desired, 20); // max(14, 20)
        let n = normalize_behavior(&mut mem, 0, 10, 15, 1, 12, &up, &down);
        assert_eq!((n.desired, n.reason), (12, "TooManyReplicas"));
    }

    #[test]
    fn default_scale_down_waits_for_the_window() {
        let (up, down) = behavior_rules(&Behavior::default(), 300_000);
        let mut mem = HpaMemory::default();
        mem.recommendations.push(Recommendation {
            replicas: 10,
            time_ms: 0,
        });
        let n = normalize_behavior(&mut mem, 60_000, 10, 3, 1, 100, &up, &down);
        assert_eq!(n.desired, 10, "held by the 5-minute window");
        let n = normalize_behavior(&mut mem, 301_000, 10, 3, 1, 100, &up, &down);
        assert_eq!(
            n.desired, 3,
            "after the window everything may go in one step (100%)"
        );
    }
}
