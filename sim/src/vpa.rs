//! Vertical Pod Autoscaler (autoscaling.k8s.io/v1): the object, the recommender, the updater
//! and the admission controller.
//!
//! Upstream: `vertical-pod-autoscaler/pkg/recommender/{logic/recommender.go,logic/estimator.go,
//! model/aggregations_config.go, model/aggregate_container_state.go, model/container.go}`,
//! `pkg/recommender/util/{histogram.go,decaying_histogram.go,histogram_options.go}`,
//! `pkg/updater/priority/update_priority_calculator.go`, `pkg/updater/eviction/
//! pods_eviction_restriction.go`, `pkg/admission-controller` (the resource patch), and
//! `pkg/utils/vpa/capping.go`. Every number is in `defaults.rs`.
//!
//! - **Recommender** (every `--recommender-interval`): reads metrics-server's latest sample of
//!   each pod the VPA targets, adds it to per-container decaying histograms (CPU weighted by
//!   the request, memory as one peak per aggregation interval), and writes target / lower /
//!   upper bound (P90 / P50 / P95, +15% margin, confidence multipliers, pod minimums, capped by
//!   `resourcePolicy`) into the VPA's status.
//! - **Admission** (modes Initial, Recreate, Auto): a new pod's container requests become the
//!   target; limits keep their ratio to the request (`controlledValues: RequestsAndLimits`).
//! - **Updater** (Recreate, Auto; every `--updater-interval`): evicts the highest-priority pod
//!   whose requests are outside [lowerBound, upperBound], or which lived 12 h and differs by
//!   10%, while at least `--min-replicas` pods are live and the eviction tolerance allows it.
//!
//! Bounded: histograms have a fixed number of buckets; per-pod state is dropped when the pod
//! is gone, per-VPA state when the VPA is.

// Built without the feature `vpa`, the controller is never started: its code is unused.
#![cfg_attr(not(feature = "vpa"), allow(dead_code, unused_imports))]

use crate::defaults as d;
use crate::events::{Actor, Component, EventKind};
use crate::objects::*;
use crate::sim::{Sim, Timer};
use crate::store::table_key;
use crate::util::Millis;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// The API object
// ---------------------------------------------------------------------------------------------

/// `spec.updatePolicy.updateMode`. Unset means `Auto` (upstream's default), which is a
/// deprecated alias of `Recreate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum UpdateMode {
    Off,
    Initial,
    Recreate,
    #[default]
    Auto,
}

impl UpdateMode {
    pub const ALL: [UpdateMode; 4] = [
        UpdateMode::Off,
        UpdateMode::Initial,
        UpdateMode::Recreate,
        UpdateMode::Auto,
    ];
    pub fn name(self) -> &'static str {
        match self {
            UpdateMode::Off => "Off",
            UpdateMode::Initial => "Initial",
            UpdateMode::Recreate => "Recreate",
            UpdateMode::Auto => "Auto",
        }
    }
    /// Case-insensitive.
    pub fn parse(s: &str) -> Option<UpdateMode> {
        UpdateMode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
    }
    /// Whether the admission controller writes requests into new pods.
    pub fn admits(self) -> bool {
        self != UpdateMode::Off
    }
    /// Whether the updater evicts pods.
    pub fn evicts(self) -> bool {
        matches!(self, UpdateMode::Recreate | UpdateMode::Auto)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodUpdatePolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_mode: Option<UpdateMode>,
    /// Overrides the updater's `--min-replicas` for this VPA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerResourcePolicy {
    /// A container name, or `*` for every container without its own policy.
    pub container_name: String,
    #[serde(default)]
    pub min_allowed: ResourceList,
    #[serde(default)]
    pub max_allowed: ResourceList,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodResourcePolicy {
    #[serde(default)]
    pub container_policies: Vec<ContainerResourcePolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpaSpec {
    pub target_ref: ScaleTargetRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_policy: Option<PodUpdatePolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<PodResourcePolicy>,
}

/// One container's recommendation (`status.recommendation.containerRecommendations[]`).
/// Every list has both cpu and memory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendedContainerResources {
    pub container_name: String,
    pub target: ResourceList,
    pub lower_bound: ResourceList,
    pub upper_bound: ResourceList,
    pub uncapped_target: ResourceList,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RecommendedPodResources {
    pub container_recommendations: Vec<RecommendedContainerResources>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VpaCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: ConditionStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct VpaStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<RecommendedPodResources>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<VpaCondition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerticalPodAutoscaler {
    pub metadata: ObjectMeta,
    pub spec: VpaSpec,
    #[serde(default, skip_deserializing)]
    pub status: VpaStatus,
}

impl VerticalPodAutoscaler {
    pub fn mode(&self) -> UpdateMode {
        self.spec
            .update_policy
            .as_ref()
            .and_then(|p| p.update_mode)
            .unwrap_or_default()
    }
    /// The updater's minimum of live replicas for this VPA.
    pub fn min_replicas(&self) -> u32 {
        self.spec
            .update_policy
            .as_ref()
            .and_then(|p| p.min_replicas)
            .unwrap_or(d::VPA_MIN_REPLICAS.value as u32)
    }
    /// The policy for a container: its own, else `*` (`GetContainerResourcePolicy`).
    pub fn policy_for(&self, container: &str) -> Option<&ContainerResourcePolicy> {
        let ps = &self.spec.resource_policy.as_ref()?.container_policies;
        ps.iter()
            .find(|p| p.container_name == container)
            .or_else(|| ps.iter().find(|p| p.container_name == "*"))
    }
    pub fn recommendation_for(&self, container: &str) -> Option<&RecommendedContainerResources> {
        self.status
            .recommendation
            .as_ref()?
            .container_recommendations
            .iter()
            .find(|r| r.container_name == container)
    }
    /// `RecommendationProvided` condition.
    pub fn provided(&self) -> bool {
        self.status
            .conditions
            .iter()
            .any(|c| c.type_ == "RecommendationProvided" && c.status == ConditionStatus::True)
    }
}

/// Validation of a VerticalPodAutoscaler (the CRD's schema and the model's limits).
pub fn validate_vpa(v: &VerticalPodAutoscaler) -> Result<(), crate::api::ApiError> {
    use crate::api::ApiError;
    crate::api::validate_name(&v.metadata.name)?;
    if v.spec.target_ref.kind != "Deployment" {
        return Err(ApiError(
            "this model's VerticalPodAutoscaler targets Deployments only".into(),
        ));
    }
    crate::api::validate_name(&v.spec.target_ref.name)?;
    for p in v
        .spec
        .resource_policy
        .iter()
        .flat_map(|r| &r.container_policies)
    {
        let (lo, hi) = (&p.min_allowed, &p.max_allowed);
        if let (Some(a), Some(b)) = (lo.cpu, hi.cpu)
            && a > b
        {
            return Err(ApiError(format!(
                "container {}: minAllowed cpu above maxAllowed",
                p.container_name
            )));
        }
        if let (Some(a), Some(b)) = (lo.memory, hi.memory)
            && a > b
        {
            return Err(ApiError(format!(
                "container {}: minAllowed memory above maxAllowed",
                p.container_name
            )));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Histograms (pkg/recommender/util)
// ---------------------------------------------------------------------------------------------

/// `MaxResourceAmount` (model/types.go): amounts are capped at 1e14.
pub const MAX_RESOURCE_AMOUNT: u64 = 100_000_000_000_000;
/// `maxDecayExponent` (decaying_histogram.go): the reference time moves before weights grow
/// past 2^100.
const MAX_DECAY_EXPONENT: i64 = 100;

/// `x^n` for a whole `n` by repeated multiplication (math.Pow upstream; the exponents here are
/// bucket indexes and the confidence multipliers' 1 and -2). Deterministic on every target
/// and keeps libm's `pow` out of the wasm. ∞ for 0^-n, as math.Pow.
fn powi(x: f64, n: i32) -> f64 {
    let mut r = 1.0;
    for _ in 0..n.unsigned_abs() {
        r *= x;
    }
    if n < 0 { 1.0 / r } else { r }
}

fn permille(def: &d::Def) -> f64 {
    def.value as f64 / 1000.0
}

/// Exponential bucket layout (`NewExponentialHistogramOptions`): bucket 0 is [0, first),
/// bucket i starts at `first * (ratio^i - 1) / (ratio - 1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BucketOptions {
    pub first: f64,
    pub ratio: f64,
    pub buckets: usize,
    pub epsilon: f64,
}

impl BucketOptions {
    pub fn new(max: f64, first: f64, ratio: f64) -> BucketOptions {
        // numBuckets := int(math.Ceil(math.Log(maxValue*(ratio-1)/firstBucketSize+1) /
        //   math.Log(ratio))) + 1
        let buckets = libm::ceil(libm::log(max * (ratio - 1.0) / first + 1.0) / libm::log(ratio))
            as usize
            + 1;
        BucketOptions {
            first,
            ratio,
            buckets,
            // epsilon = 0.001 * minSampleWeight (aggregations_config.go)
            epsilon: 0.001 * permille(&d::VPA_MIN_SAMPLE_WEIGHT),
        }
    }
    /// CPU in cores: 0.01 core, +5%, up to 1000 cores.
    pub fn cpu() -> BucketOptions {
        BucketOptions::new(
            d::VPA_CPU_MAX.value as f64 / 1000.0,
            d::VPA_CPU_FIRST_BUCKET.value as f64 / 1000.0,
            permille(&d::VPA_BUCKET_GROWTH),
        )
    }
    /// Memory in bytes: 1e7, +5%, up to 1e12.
    pub fn memory() -> BucketOptions {
        BucketOptions::new(
            d::VPA_MEMORY_MAX.value as f64,
            d::VPA_MEMORY_FIRST_BUCKET.value as f64,
            permille(&d::VPA_BUCKET_GROWTH),
        )
    }
    pub fn find_bucket(&self, value: f64) -> usize {
        if value < self.first {
            return 0;
        }
        let b = libm::log(value * (self.ratio - 1.0) / self.first + 1.0) / libm::log(self.ratio);
        (b as usize).min(self.buckets - 1)
    }
    pub fn bucket_start(&self, bucket: usize) -> f64 {
        if bucket == 0 {
            return 0.0;
        }
        self.first * (powi(self.ratio, bucket as i32) - 1.0) / (self.ratio - 1.0)
    }
}

/// A histogram whose samples lose half their weight every half-life
/// (`decayingHistogram`): new samples are added with weight × 2^((t - reference)/halfLife).
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    opts: BucketOptions,
    weights: Vec<f64>,
    total: f64,
    min_bucket: usize,
    max_bucket: usize,
    reference_ms: i64,
    half_life_ms: i64,
    /// The last (time, factor) computed: samples of one scrape share their time.
    last_decay: (i64, f64),
}

impl Histogram {
    pub fn new(opts: BucketOptions, half_life_ms: Millis) -> Histogram {
        Histogram {
            weights: vec![0.0; opts.buckets],
            total: 0.0,
            min_bucket: opts.buckets - 1,
            max_bucket: 0,
            reference_ms: 0,
            half_life_ms: half_life_ms.max(1) as i64,
            last_decay: (0, 1.0),
            opts,
        }
    }
    pub fn options(&self) -> &BucketOptions {
        &self.opts
    }
    pub fn is_empty(&self) -> bool {
        self.weights[self.min_bucket] < self.opts.epsilon
    }
    pub fn total_weight(&self) -> f64 {
        self.total
    }

    fn decay_factor(&mut self, t: Millis) -> f64 {
        let t = t as i64;
        if t > self.reference_ms + self.half_life_ms * MAX_DECAY_EXPONENT {
            self.shift_reference(t);
        }
        if self.last_decay.0 == t {
            return self.last_decay.1;
        }
        let f = libm::exp2((t - self.reference_ms) as f64 / self.half_life_ms as f64);
        self.last_decay = (t, f);
        f
    }

    /// `shiftReferenceTimestamp`: the reference becomes `t` rounded to a whole half-life and
    /// every weight is rescaled.
    fn shift_reference(&mut self, t: i64) {
        let hl = self.half_life_ms;
        let new_ref = (t + hl / 2).div_euclid(hl) * hl;
        let exponent = libm::round((self.reference_ms - new_ref) as f64 / hl as f64);
        self.scale(libm::exp2(exponent));
        self.reference_ms = new_ref;
        self.last_decay = (i64::MIN, 1.0);
    }

    fn scale(&mut self, f: f64) {
        for w in &mut self.weights {
            *w *= f;
        }
        self.total *= f;
        self.update_min_max();
    }

    fn update_min_max(&mut self) {
        let last = self.opts.buckets - 1;
        while self.weights[self.min_bucket] < self.opts.epsilon && self.min_bucket < last {
            self.min_bucket += 1;
        }
        while self.weights[self.max_bucket] < self.opts.epsilon && self.max_bucket > 0 {
            self.max_bucket -= 1;
        }
    }

    pub fn add(&mut self, value: f64, weight: f64, t: Millis) {
        let w = weight * self.decay_factor(t);
        let b = self.opts.find_bucket(value);
        self.weights[b] += w;
        self.total += w;
        if b < self.min_bucket && self.weights[b] >= self.opts.epsilon {
            self.min_bucket = b;
        }
        if b > self.max_bucket && self.weights[b] >= self.opts.epsilon {
            self.max_bucket = b;
        }
    }

    pub fn subtract(&mut self, value: f64, weight: f64, t: Millis) {
        let w = weight * self.decay_factor(t);
        let b = self.opts.find_bucket(value);
        self.weights[b] -= w;
        self.total -= w;
        if self.weights[b] < self.opts.epsilon && (b == self.min_bucket || b == self.max_bucket) {
            self.update_min_max();
        }
    }

    /// The end of the bucket where the cumulative weight reaches `p` of the total (the start
    /// of the last bucket, which has no end); 0 when empty.
    pub fn percentile(&self, p: f64) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        let threshold = p * self.total;
        let mut sum = 0.0;
        let mut b = self.min_bucket;
        while b < self.max_bucket {
            sum += self.weights[b];
            if sum >= threshold {
                break;
            }
            b += 1;
        }
        if b < self.opts.buckets - 1 {
            self.opts.bucket_start(b + 1)
        } else {
            self.opts.bucket_start(b)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Recommender state and estimators
// ---------------------------------------------------------------------------------------------

/// What the recommender knows about one container of one VPA (`AggregateContainerState`).
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub cpu: Histogram,
    pub memory: Histogram,
    pub first_sample_ms: Option<Millis>,
    pub last_sample_ms: Millis,
    pub total_samples: u64,
}

impl Default for Aggregate {
    fn default() -> Self {
        Aggregate::new()
    }
}

impl Aggregate {
    pub fn new() -> Aggregate {
        let hl = d::VPA_HISTOGRAM_HALF_LIFE.value;
        Aggregate {
            cpu: Histogram::new(BucketOptions::cpu(), hl),
            memory: Histogram::new(BucketOptions::memory(), hl),
            first_sample_ms: None,
            last_sample_ms: 0,
            total_samples: 0,
        }
    }

    /// `addCPUSample`: weight is the request in cores, at least minSampleWeight.
    pub fn add_cpu(&mut self, usage_m: u64, request_m: u64, start_ms: Millis) {
        let w = (request_m as f64 / 1000.0).max(permille(&d::VPA_MIN_SAMPLE_WEIGHT));
        self.cpu.add(usage_m as f64 / 1000.0, w, start_ms);
        if start_ms > self.last_sample_ms {
            self.last_sample_ms = start_ms;
        }
        if self.first_sample_ms.is_none_or(|f| start_ms < f) {
            self.first_sample_ms = Some(start_ms);
        }
        self.total_samples += 1;
    }

    /// `getConfidence`: min(lifespan in days, samples / (60 × 24)).
    pub fn confidence(&self) -> f64 {
        let life = self
            .first_sample_ms
            .map_or(0, |f| self.last_sample_ms.saturating_sub(f));
        let days = life as f64 / 86_400_000.0;
        days.min(self.total_samples as f64 / (60.0 * 24.0))
    }

    pub fn history_ms(&self) -> Millis {
        self.first_sample_ms
            .map_or(0, |f| self.last_sample_ms.saturating_sub(f))
    }
}

/// `resourceAmountFromFloat`: truncates, caps at MaxResourceAmount, negatives and NaN are 0.
fn amount(v: f64) -> u64 {
    if v.is_nan() || v <= 0.0 {
        0
    } else if v >= MAX_RESOURCE_AMOUNT as f64 {
        MAX_RESOURCE_AMOUNT
    } else {
        v as u64
    }
}

fn scale(a: u64, f: f64) -> u64 {
    amount(a as f64 * f)
}

/// CPU millicores and memory bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Amounts {
    pub cpu_m: u64,
    pub memory: u64,
}

impl Amounts {
    fn list(self) -> ResourceList {
        ResourceList {
            cpu: Some(Cpu(self.cpu_m)),
            memory: Some(Mem(self.memory)),
        }
    }
    pub fn of(l: &ResourceList) -> Amounts {
        Amounts {
            cpu_m: l.cpu.map_or(0, |c| c.0),
            memory: l.memory.map_or(0, |m| m.0),
        }
    }
}

/// One estimate: percentile, margin, optional confidence multiplier, pod minimum
/// (`podResourceRecommender` with the estimators of `recommender.go`).
fn estimate(
    a: &Aggregate,
    percentile: f64,
    confidence: Option<(f64, i32)>,
    min: Amounts,
) -> Amounts {
    let margin = 1.0 + permille(&d::VPA_SAFETY_MARGIN);
    let mut cpu = scale(amount(a.cpu.percentile(percentile) * 1000.0), margin);
    let mut mem = scale(amount(a.memory.percentile(percentile)), margin);
    if let Some((multiplier, exponent)) = confidence {
        // (1 + multiplier/confidence)^exponent; no history gives ∞ (upper) or 0 (lower).
        let f = powi(1.0 + multiplier / a.confidence(), exponent);
        cpu = scale(cpu, f);
        mem = scale(mem, f);
    }
    Amounts {
        cpu_m: cpu.max(min.cpu_m),
        memory: mem.max(min.memory),
    }
}

/// Upper bound multiplier (1 + 1/confidence)^1: 12 h ×3, 24 h ×2, a week ×1.14.
pub const UPPER_CONFIDENCE: (f64, i32) = (1.0, 1);
/// Lower bound multiplier (1 + 0.001/confidence)^-2: 5 min ×0.6, 30 min ×0.9, 1 h ×0.95.
pub const LOWER_CONFIDENCE: (f64, i32) = (0.001, -2);

/// Target, bounds and the target before capping, for one container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub target: Amounts,
    pub lower: Amounts,
    pub upper: Amounts,
    pub uncapped: Amounts,
}

/// The recommendation for one container of a pod with `containers` containers, before and
/// after `resourcePolicy` capping.
pub fn recommend(
    a: &Aggregate,
    containers: usize,
    policy: Option<&ContainerResourcePolicy>,
) -> Estimate {
    let n = containers.max(1) as f64;
    // Pod minimums split evenly across containers (ScaleResource(min, 1/len)).
    let min = Amounts {
        cpu_m: scale(d::VPA_POD_MIN_CPU.value, 1.0 / n),
        memory: scale(d::VPA_POD_MIN_MEMORY.value, 1.0 / n),
    };
    let target = estimate(a, permille(&d::VPA_TARGET_PERCENTILE), None, min);
    let lower = estimate(
        a,
        permille(&d::VPA_LOWER_BOUND_PERCENTILE),
        Some(LOWER_CONFIDENCE),
        min,
    );
    let upper = estimate(
        a,
        permille(&d::VPA_UPPER_BOUND_PERCENTILE),
        Some(UPPER_CONFIDENCE),
        min,
    );
    let cap = |x: Amounts| match policy {
        None => x,
        Some(p) => {
            let (lo, hi) = (Amounts::of(&p.min_allowed), Amounts::of(&p.max_allowed));
            let mut c = x.cpu_m.max(lo.cpu_m);
            if p.max_allowed.cpu.is_some() {
                c = c.min(hi.cpu_m);
            }
            let mut m = x.memory.max(lo.memory);
            if p.max_allowed.memory.is_some() {
                m = m.min(hi.memory);
            }
            Amounts {
                cpu_m: c,
                memory: m,
            }
        }
    };
    Estimate {
        target: cap(target),
        lower: cap(lower),
        upper: cap(upper),
        uncapped: target,
    }
}

/// A small ordered map on a sorted `Vec`, keyed by composite strings (`VPA\0container`,
/// `VPA\0pod uid\0container`): lighter in the app's wasm than more `BTreeMap` instances.
#[derive(Clone, Debug)]
struct VecMap<V> {
    items: Vec<(String, V)>,
}

impl<V> Default for VecMap<V> {
    fn default() -> Self {
        VecMap { items: Vec::new() }
    }
}

impl<V: Default> VecMap<V> {
    fn find(&self, k: &str) -> Result<usize, usize> {
        self.items.binary_search_by(|(x, _)| x.as_str().cmp(k))
    }
    fn get(&self, k: &str) -> Option<&V> {
        self.find(k).ok().map(|i| &self.items[i].1)
    }
    fn entry(&mut self, k: &str) -> &mut V {
        let i = match self.find(k) {
            Ok(i) => i,
            Err(i) => {
                self.items.insert(i, (k.to_string(), V::default()));
                i
            }
        };
        &mut self.items[i].1
    }
    fn retain(&mut self, mut f: impl FnMut(&str, &V) -> bool) {
        self.items.retain(|(k, v)| f(k, v));
    }
    fn len(&self) -> usize {
        self.items.len()
    }
    /// Entries whose key starts with `prefix`, in key order.
    fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a V)> {
        let start = self.find(prefix).unwrap_or_else(|i| i);
        self.items[start..]
            .iter()
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.as_str(), v))
    }
}

fn agg_key(vpa: &str, container: &str) -> String {
    format!("{vpa}\0{container}")
}

/// The VPA part of a composite key.
fn vpa_of(k: &str) -> &str {
    k.split('\0').next().unwrap_or(k)
}

/// One pod container as the recommender tracks it (`ContainerState`): the last CPU sample
/// and the memory peak of the current aggregation interval.
#[derive(Clone, Debug, Default, PartialEq)]
struct ContainerState {
    last_cpu_ms: Option<Millis>,
    last_memory_ms: Option<Millis>,
    window_end_ms: Option<Millis>,
    memory_peak: u64,
}

/// The VPA components' state inside the engine.
#[derive(Clone, Debug, Default)]
pub struct VpaState {
    /// The recommender and updater loops are armed (from the first VPA on).
    pub(crate) running: bool,
    /// By `VPA\0container` (VPA table key).
    aggregates: VecMap<Aggregate>,
    /// Per pod, by the pod's slot in the store (generation-checked id).
    pods: Vec<Option<PodState>>,
    /// Recommender passes so far.
    pass: u64,
}

/// The containers of one pod a VPA controls, and the pass that last saw the pod (the state
/// of pods not seen is dropped).
#[derive(Clone, Debug)]
struct PodState {
    id: crate::index::Id,
    vpa: String,
    seen: u64,
    containers: Vec<ContainerState>,
}

impl VpaState {
    /// Tracked (aggregate, pod-container) counts, for the memory bound tests.
    pub fn sizes(&self) -> (usize, usize) {
        let pods = self.pods.iter().flatten().map(|p| p.containers.len()).sum();
        (self.aggregates.len(), pods)
    }
}

/// History behind one container's recommendation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VpaHistory {
    pub container: String,
    pub samples: u64,
    pub history_ms: Millis,
    /// min(days of history, samples / 1440).
    pub confidence: f64,
}

/// A VPA as the app draws it: the object (recommendation in `status`) and its history.
#[derive(Clone, Debug, Serialize)]
pub struct VpaView<'a> {
    pub vpa: &'a VerticalPodAutoscaler,
    pub history: Vec<VpaHistory>,
}

fn vactor(c: Component) -> Actor {
    Actor::new(c)
}

impl Sim {
    // --- read API ---------------------------------------------------------------------------

    pub fn vpas(&self) -> impl Iterator<Item = &VerticalPodAutoscaler> {
        self.store.list::<VerticalPodAutoscaler>()
    }

    /// Every VPA with the history behind its recommendations.
    pub fn vpa_views(&self) -> Vec<VpaView<'_>> {
        self.vpas()
            .map(|v| {
                let key = table_key(&v.metadata.namespace, &v.metadata.name);
                let prefix = format!("{key}\0");
                let history = self
                    .vpa
                    .aggregates
                    .with_prefix(&prefix)
                    .map(|(k, a)| VpaHistory {
                        container: k[prefix.len()..].to_string(),
                        samples: a.total_samples,
                        history_ms: a.history_ms(),
                        confidence: a.confidence(),
                    })
                    .collect();
                VpaView { vpa: v, history }
            })
            .collect()
    }

    /// The recommender's aggregate for one container of a VPA.
    pub fn vpa_aggregate(
        &self,
        namespace: &str,
        name: &str,
        container: &str,
    ) -> Option<&Aggregate> {
        self.vpa
            .aggregates
            .get(&agg_key(&table_key(namespace, name), container))
    }

    pub fn vpa_state(&self) -> &VpaState {
        &self.vpa
    }

    // --- lifecycle --------------------------------------------------------------------------

    /// Arms the recommender and updater loops (from the first VPA on).
    pub(crate) fn vpa_start(&mut self) {
        if !self.vpa.running {
            self.vpa.running = true;
            let (r, u) = (
                self.now + self.timing.vpa_recommender.ms,
                self.now + self.timing.vpa_updater.ms,
            );
            self.schedule_timer(r, Timer::VpaRecommender);
            self.schedule_timer(u, Timer::VpaUpdater);
        }
    }

    /// Deletes a VPA and forgets its histograms at once (a VPA created again under the same
    /// name starts from nothing, as the recommender's cluster state does on a new uid).
    pub(crate) fn vpa_delete(&mut self, namespace: &str, name: &str) {
        self.api_delete::<VerticalPodAutoscaler>(namespace, name);
        let key = table_key(namespace, name);
        self.vpa.aggregates.retain(|k, _| vpa_of(k) != key);
        for e in &mut self.vpa.pods {
            if e.as_ref().is_some_and(|p| p.vpa == key) {
                *e = None;
            }
        }
    }

    pub(crate) fn vpa_timer(&mut self, t: &Timer) {
        match t {
            Timer::VpaRecommender => {
                if self.api_writable() {
                    self.vpa_recommend_all();
                }
                let next = self.now + self.timing.vpa_recommender.ms;
                self.schedule_timer(next, Timer::VpaRecommender);
            }
            Timer::VpaUpdater => {
                if self.api_writable() {
                    self.vpa_update_all();
                }
                let next = self.now + self.timing.vpa_updater.ms;
                self.schedule_timer(next, Timer::VpaUpdater);
            }
            _ => {}
        }
    }

    /// The Deployment a VPA targets.
    fn vpa_target(&self, v: &VerticalPodAutoscaler) -> Option<&Deployment> {
        if v.spec.target_ref.kind != "Deployment" {
            return None;
        }
        self.store
            .get::<Deployment>(&v.metadata.namespace, &v.spec.target_ref.name)
    }

    /// Keys of the pods a VPA controls, in key order: the pods of its Deployment's
    /// ReplicaSets (the owner index, as the HPA reads them), which carry the template's labels.
    fn vpa_pods(&self, v: &VerticalPodAutoscaler) -> Vec<std::sync::Arc<str>> {
        let Some(dep) = self.vpa_target(v) else {
            return Vec::new();
        };
        let mut keys: Vec<std::sync::Arc<str>> = self
            .pod_sets_of(dep)
            .flat_map(|set| set.iter().cloned())
            .collect();
        crate::util::sort_by_less(&mut keys, |a, b| a < b);
        keys
    }

    // --- recommender ------------------------------------------------------------------------

    pub(crate) fn vpa_recommend_all(&mut self) {
        let keys: Vec<String> = self
            .vpas()
            .map(|v| table_key(&v.metadata.namespace, &v.metadata.name))
            .collect();
        // Forget VPAs that are gone.
        let live = |k: &str| keys.iter().any(|x| x == vpa_of(k));
        self.vpa.aggregates.retain(|k, _| live(k));
        self.vpa.pass += 1;
        let pass = self.vpa.pass;
        for key in &keys {
            self.vpa_recommend(key, pass);
        }
        // Pods no VPA saw this pass are gone (their samples stay in the aggregates).
        for e in &mut self.vpa.pods {
            if e.as_ref().is_some_and(|p| p.seen != pass) {
                *e = None;
            }
        }
    }

    /// Store slots of the pods a VPA controls (the owner index of its Deployment's
    /// ReplicaSets), in ReplicaSet then pod-name order.
    fn vpa_pod_slots(&self, v: &VerticalPodAutoscaler) -> Vec<u32> {
        let Some(dep) = self.vpa_target(v) else {
            return Vec::new();
        };
        self.pod_sets_of(dep)
            .flat_map(|set| set.entries().map(|(_, slot)| slot))
            .collect()
    }

    fn vpa_recommend(&mut self, key: &str, pass: u64) {
        let Some(v) = self.store.get_by_key::<VerticalPodAutoscaler>(key).cloned() else {
            return;
        };
        let Some(dep) = self.vpa_target(&v) else {
            return;
        };
        let containers: Vec<String> = dep
            .spec
            .template
            .spec
            .containers
            .iter()
            .map(|c| c.name.clone())
            .collect();
        // 1. Feed samples.
        let mut ak = String::new();
        for slot in self.vpa_pod_slots(&v) {
            let Some(id) = self.store.id_at_slot::<Pod>(slot) else {
                continue;
            };
            let Some(pod) = self.store.at::<Pod>(id) else {
                continue;
            };
            let cs = &pod.spec.containers;
            let i = slot as usize;
            if self.vpa.pods.len() <= i {
                self.vpa.pods.resize_with(i + 1, || None);
            }
            let e = &mut self.vpa.pods[i];
            if e.as_ref().is_none_or(|p| p.id != id || p.vpa != key) {
                *e = Some(PodState {
                    id,
                    vpa: key.to_string(),
                    seen: pass,
                    containers: vec![ContainerState::default(); cs.len()],
                });
            }
            let Some(ps) = e.as_mut() else {
                continue;
            };
            ps.seen = pass;
            let cpu = self.metrics.sample_at(id, ResourceName::Cpu);
            let mem = self.metrics.sample_at(id, ResourceName::Memory);
            let (sum_cpu, sum_mem) = pod.spec.requests();
            let n = cs.len().max(1) as u64;
            // The model measures usage per pod: split it by the containers' requests.
            let share = |total: u64, req: u64, sum: u64| {
                if sum == 0 {
                    total / n
                } else {
                    ((total as u128 * req as u128) / sum as u128) as u64
                }
            };
            for (c, st) in cs.iter().zip(ps.containers.iter_mut()) {
                ak.clear();
                ak.push_str(key);
                ak.push('\0');
                ak.push_str(&c.name);
                let agg = self.vpa.aggregates.entry(&ak);
                let (creq, mreq) = (
                    c.resources.requests.cpu.map_or(0, |q| q.0),
                    c.resources.requests.memory.map_or(0, |q| q.0),
                );
                if let Some(s) = cpu {
                    let start = s.timestamp_ms.saturating_sub(s.window_ms);
                    // Discard duplicate or out-of-order samples (container.go addCPUSample).
                    if st.last_cpu_ms.is_none_or(|l| start > l) {
                        st.last_cpu_ms = Some(start);
                        agg.add_cpu(share(s.value, creq, sum_cpu), creq, start);
                    }
                }
                if let Some(s) = mem {
                    let start = s.timestamp_ms.saturating_sub(s.window_ms);
                    add_memory_sample(st, agg, share(s.value, mreq, sum_mem), start);
                }
            }
        }
        // 2. Estimate.
        let mut recs = Vec::new();
        let mut figures = Vec::new();
        for c in &containers {
            let Some(a) = self.vpa.aggregates.get(&agg_key(key, c)) else {
                continue;
            };
            if a.total_samples == 0 {
                continue;
            }
            let e = recommend(a, containers.len(), v.policy_for(c));
            recs.push(RecommendedContainerResources {
                container_name: c.clone(),
                target: e.target.list(),
                lower_bound: e.lower.list(),
                upper_bound: e.upper.list(),
                uncapped_target: e.uncapped.list(),
            });
            figures.push((e, a.total_samples, a.history_ms()));
        }
        let provided = !recs.is_empty();
        let status = VpaStatus {
            recommendation: provided.then(|| RecommendedPodResources {
                container_recommendations: recs.clone(),
            }),
            conditions: vec![VpaCondition {
                type_: "RecommendationProvided".into(),
                status: if provided {
                    ConditionStatus::True
                } else {
                    ConditionStatus::False
                },
                reason: if provided {
                    String::new()
                } else {
                    "NoPodsMatched or no metrics yet".into()
                },
            }],
        };
        if status == v.status {
            return;
        }
        let vref = ObjectRef::new(
            Kind::VerticalPodAutoscaler,
            &v.metadata.namespace,
            &v.metadata.name,
        );
        let mut changed = Vec::new();
        for (r, (e, samples, history)) in recs.iter().zip(&figures) {
            if v.recommendation_for(&r.container_name).map(|o| &o.target) != Some(&r.target) {
                changed.push(EventKind::VpaRecommendation {
                    container: r.container_name.clone(),
                    target_cpu_m: e.target.cpu_m,
                    target_memory_bytes: e.target.memory,
                    lower_cpu_m: e.lower.cpu_m,
                    lower_memory_bytes: e.lower.memory,
                    upper_cpu_m: e.upper.cpu_m,
                    upper_memory_bytes: e.upper.memory,
                    samples: *samples,
                    history_ms: *history,
                });
            }
        }
        let mut nv = v;
        nv.status = status;
        self.api_update(nv);
        for k in changed {
            self.emit(vactor(Component::VpaRecommender), vref.clone(), k);
        }
    }

    // --- admission --------------------------------------------------------------------------

    /// The admission controller's patch for a new pod: the first VPA (by name) whose target
    /// selects the pod, in a mode other than Off, with a recommendation. Returns the events
    /// to emit once the pod is stored.
    pub(crate) fn vpa_admit(&self, pod: &mut Pod) -> Vec<EventKind> {
        if self.store.count::<VerticalPodAutoscaler>() == 0 {
            return Vec::new();
        }
        let Some(v) = self.vpas().find(|v| {
            v.metadata.namespace == pod.metadata.namespace
                && v.mode().admits()
                && v.status.recommendation.is_some()
                && self
                    .vpa_target(v)
                    .is_some_and(|d| d.spec.selector.matches(&pod.metadata.labels))
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

    pub(crate) fn vpa_admitted(&mut self, pod: ObjectRef, events: Vec<EventKind>) {
        for k in events {
            self.emit(vactor(Component::VpaAdmissionController), pod.clone(), k);
        }
    }

    // --- updater ----------------------------------------------------------------------------

    pub(crate) fn vpa_update_all(&mut self) {
        let keys: Vec<String> = self
            .vpas()
            .filter(|v| v.mode().evicts() && v.status.recommendation.is_some())
            .map(|v| table_key(&v.metadata.namespace, &v.metadata.name))
            .collect();
        for k in keys {
            self.vpa_update(&k);
        }
    }

    /// The pods of a VPA the updater would evict, best first, with their priority.
    pub fn vpa_update_candidates(&self, namespace: &str, name: &str) -> Vec<(String, PodPriority)> {
        let Some(v) = self.store.get::<VerticalPodAutoscaler>(namespace, name) else {
            return Vec::new();
        };
        let mut out: Vec<(String, PodPriority)> = Vec::new();
        for key in self.vpa_pods(v) {
            let Some(p) = self.store.get_by_key::<Pod>(&key) else {
                continue;
            };
            if p.is_terminating() {
                continue;
            }
            let pr = priority(v, p);
            // AddPod: outside the range, or old enough and different enough.
            if !pr.outside_range {
                let Some(start) = p.status.start_ms else {
                    continue;
                };
                if self.now < start + d::VPA_POD_LIFETIME_UPDATE_THRESHOLD.value {
                    continue;
                }
                if pr.resource_diff < permille(&d::VPA_UPDATE_THRESHOLD) {
                    continue;
                }
            }
            out.push((p.metadata.name.clone(), pr));
        }
        // Highest priority first: scale-up, then the larger diff; ties by name.
        crate::util::sort_by_less(&mut out, |a, b| a.1.higher_than(&b.1));
        out
    }

    fn vpa_update(&mut self, key: &str) {
        let Some(v) = self.store.get_by_key::<VerticalPodAutoscaler>(key).cloned() else {
            return;
        };
        let Some(dep) = self.vpa_target(&v) else {
            return;
        };
        let configured = dep.spec.replicas;
        let live: Vec<&Pod> = self
            .vpa_pods(&v)
            .iter()
            .filter_map(|k| self.store.get_by_key::<Pod>(k))
            .filter(|p| !p.is_terminating())
            .collect();
        // pods_eviction_restriction.go: groups smaller than min-replicas are left alone.
        if (live.len() as u32) < v.min_replicas() {
            return;
        }
        let running = live
            .iter()
            .filter(|p| p.status.phase == PodPhase::Running)
            .count() as u32;
        let tolerance = (configured as f64 * permille(&d::VPA_EVICTION_TOLERANCE)) as u32;
        let pending: Vec<String> = live
            .iter()
            .filter(|p| p.status.phase == PodPhase::Pending)
            .map(|p| p.metadata.name.clone())
            .collect();
        // CanEvict with nothing evicted yet this loop; one eviction per VPA per loop.
        let can_evict = |name: &str| {
            pending.iter().any(|p| p == name)
                || running > configured.saturating_sub(tolerance)
                || (running == configured && tolerance == 0)
        };
        let ns = v.metadata.namespace.clone();
        let Some((victim, pr)) = self
            .vpa_update_candidates(&ns, &v.metadata.name)
            .into_iter()
            .find(|(n, _)| can_evict(n))
        else {
            return;
        };
        let pkey = table_key(&ns, &victim);
        let Some(pod) = self.store.get_by_key::<Pod>(&pkey) else {
            return;
        };
        let pref = pod.reference();
        let req = pod.spec.requests();
        let target = v
            .status
            .recommendation
            .iter()
            .flat_map(|r| &r.container_recommendations)
            .fold(Amounts::default(), |s, r| Amounts {
                cpu_m: s.cpu_m + r.target.cpu.map_or(0, |c| c.0),
                memory: s.memory + r.target.memory.map_or(0, |m| m.0),
            });
        // Eviction API: a graceful delete with the pod's grace period.
        self.api_delete_pod(&pkey, None);
        self.emit(
            vactor(Component::VpaUpdater),
            pref,
            EventKind::VpaEvicted {
                vpa: v.metadata.name.clone(),
                request_cpu_m: req.0,
                request_memory_bytes: req.1,
                target_cpu_m: target.cpu_m,
                target_memory_bytes: target.memory,
                outside_range: pr.outside_range,
            },
        );
    }
}

/// `container.go addMemorySample`: one peak per aggregation interval; a higher sample in the
/// same interval replaces the peak (subtract the old, add the new).
fn add_memory_sample(st: &mut ContainerState, agg: &mut Aggregate, usage: u64, t: Millis) {
    if st.last_memory_ms.is_some_and(|l| t < l) {
        return;
    }
    st.last_memory_ms = Some(t);
    let interval = d::VPA_MEMORY_AGGREGATION_INTERVAL.value;
    let end = *st.window_end_ms.get_or_insert(t);
    let mut add = false;
    if t < end {
        if st.memory_peak != 0 && usage > st.memory_peak {
            agg.memory.subtract(st.memory_peak as f64, 1.0, end);
            add = true;
        }
    } else {
        // Shift the window: (t - end) truncated to the interval, plus one interval.
        let shift = (t - end) / interval * interval + interval;
        st.window_end_ms = Some(end + shift);
        st.memory_peak = 0;
        add = true;
    }
    if add {
        let end = st.window_end_ms.unwrap_or(t);
        agg.memory.add(usage as f64, 1.0, end);
        st.memory_peak = usage;
    }
}

/// `PodPriority` (update_priority_calculator.go).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PodPriority {
    /// Some request is below lowerBound or above upperBound (or missing).
    pub outside_range: bool,
    /// Some container's target is above its request.
    pub scale_up: bool,
    /// Σ over resources of |request − target| / request (pod totals).
    pub resource_diff: f64,
}

impl PodPriority {
    /// Upstream `Less` reversed: a scale-up first, then the larger diff.
    fn higher_than(&self, o: &PodPriority) -> bool {
        if self.scale_up != o.scale_up {
            return self.scale_up;
        }
        self.resource_diff > o.resource_diff
    }
}

/// `getUpdatePriority` for a pod against a VPA's (capped) recommendation.
pub fn priority(v: &VerticalPodAutoscaler, p: &Pod) -> PodPriority {
    let (mut outside, mut up) = (false, false);
    let (mut req, mut rec) = ([0u64; 2], [0u64; 2]);
    for c in &p.spec.containers {
        let Some(r) = v.recommendation_for(&c.name) else {
            continue;
        };
        let (t, lo, hi) = (
            Amounts::of(&r.target),
            Amounts::of(&r.lower_bound),
            Amounts::of(&r.upper_bound),
        );
        let have = [
            c.resources.requests.cpu.map(|q| q.0),
            c.resources.requests.memory.map(|q| q.0),
        ];
        let want = [t.cpu_m, t.memory];
        let bounds = [(lo.cpu_m, hi.cpu_m), (lo.memory, hi.memory)];
        for i in 0..2 {
            rec[i] += want[i];
            match have[i] {
                Some(h) => {
                    req[i] += h;
                    if want[i] > h {
                        up = true;
                    }
                    if h < bounds[i].0 || h > bounds[i].1 {
                        outside = true;
                    }
                }
                None => {
                    up = true;
                    outside = true;
                }
            }
        }
    }
    // Compared in milli-units upstream (MilliValue); the ratio is the same.
    let diff = (0..2)
        .map(|i| {
            let r = (req[i] as f64).max(1.0);
            (r - rec[i] as f64).abs() / r
        })
        .sum();
    PodPriority {
        outside_range: outside,
        scale_up: up,
        resource_diff: diff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_layout_matches_upstream() {
        let c = BucketOptions::cpu();
        let m = BucketOptions::memory();
        // ceil(ln(1000 * 0.05 / 0.01 + 1) / ln 1.05) + 1
        assert_eq!(c.buckets, 176);
        assert_eq!(m.buckets, 176);
        assert_eq!(c.find_bucket(0.005), 0);
        assert_eq!(c.find_bucket(0.01), 1);
        assert!((c.bucket_start(1) - 0.01).abs() < 1e-12);
        assert!((c.bucket_start(2) - 0.0205).abs() < 1e-12);
        assert_eq!(c.find_bucket(1e9), 175);
    }

    #[test]
    fn memory_keeps_one_peak_per_interval() {
        let mut st = ContainerState::default();
        let mut a = Aggregate::new();
        let mib = 1u64 << 20;
        add_memory_sample(&mut st, &mut a, 100 * mib, 0);
        add_memory_sample(&mut st, &mut a, 200 * mib, 60_000);
        add_memory_sample(&mut st, &mut a, 150 * mib, 120_000);
        // The first sample opens the interval ending 24 h later; within it only the peak
        // (200 MiB) stays: the 100 MiB sample was subtracted when 200 MiB arrived.
        let day = d::VPA_MEMORY_AGGREGATION_INTERVAL.value;
        assert_eq!(st.window_end_ms, Some(day));
        assert_eq!(st.memory_peak, 200 * mib);
        // One sample, stamped at the interval's end (decay weight 2^(24h/24h) = 2).
        let w = a.memory.total_weight();
        assert!((w - 2.0).abs() < 1e-9, "{w}");
        assert!(a.memory.percentile(0.5) > 200.0 * mib as f64);
        // The next interval adds a second peak (stamped at 48 h: weight 4).
        add_memory_sample(&mut st, &mut a, 120 * mib, day + 1);
        assert_eq!(st.window_end_ms, Some(2 * day));
        assert!((a.memory.total_weight() - 6.0).abs() < 1e-9);
    }

    #[test]
    fn decay_halves_old_weights() {
        let mut h = Histogram::new(BucketOptions::cpu(), 86_400_000);
        h.add(1.0, 1.0, 0);
        h.add(2.0, 1.0, 86_400_000);
        // The newer sample weighs twice the older: P50 lands in the newer bucket.
        assert!(h.percentile(0.5) > 2.0);
        assert!((h.total_weight() - 3.0).abs() < 1e-9);
        // Far in the future the reference shifts and weights stay finite.
        h.add(1.0, 1.0, 200 * 86_400_000);
        assert!(h.total_weight().is_finite());
        assert!(h.percentile(0.5) < 1.1);
    }
}
