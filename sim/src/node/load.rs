//! Load, kube-proxy, the metrics pipeline and the chart series.
//!
//! Demand (requests/s) for a Service follows a pattern. kube-proxy spreads it evenly over the
//! Service's ready endpoints (iptables mode picks an endpoint uniformly at random; the model
//! uses the expected share). Each pod serves at most `cpu capacity / cost per request`; the rest
//! is dropped. CPU usage is `served × cost`. Latency uses an M/M/1 response-time percentile,
//! `p95 = base + ln(20) / (μ − λ)`; this and the cost/base figures are **illustrative** (no
//! cited source), the structure (more ready pods → lower utilization) is the point.
//!
//! metrics-server scrapes every `--metric-resolution` (15 s in its released manifests) and
//! reports CPU as a rate between two scrapes, so a new pod has a sample only after its second
//! scrape. Memory usage is illustrative: half the memory request.

use crate::api::index::{Id, KeyMap};
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::engine::Sim;
use crate::util::{Millis, Ring};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A demand pattern in requests per second; times are relative to when it was set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Pattern {
    Steady {
        rps: f64,
    },
    #[serde(rename_all = "camelCase")]
    Ramp {
        from: f64,
        to: f64,
        duration_s: f64,
    },
    #[serde(rename_all = "camelCase")]
    Spike {
        base: f64,
        peak: f64,
        after_s: f64,
        duration_s: f64,
    },
    /// A daily curve: `min + (max-min)·(1 − cos(2πt/period))/2`, lowest at t=0.
    #[serde(rename_all = "camelCase")]
    Day {
        min: f64,
        max: f64,
        period_s: f64,
    },
}

impl Pattern {
    /// Demand at `t_ms` after the pattern was set.
    pub fn rps_at(&self, t_ms: Millis) -> f64 {
        let t = t_ms as f64 / 1000.0;
        let v = match *self {
            Pattern::Steady { rps } => rps,
            Pattern::Ramp {
                from,
                to,
                duration_s,
            } => {
                if duration_s <= 0.0 || t >= duration_s {
                    to
                } else {
                    from + (to - from) * t / duration_s
                }
            }
            Pattern::Spike {
                base,
                peak,
                after_s,
                duration_s,
            } => {
                if t >= after_s && t < after_s + duration_s {
                    peak
                } else {
                    base
                }
            }
            Pattern::Day { min, max, period_s } => {
                if period_s <= 0.0 {
                    min
                } else {
                    let phase = 2.0 * std::f64::consts::PI * t / period_s;
                    min + (max - min) * (1.0 - libm::cos(phase)) / 2.0
                }
            }
        };
        if v.is_finite() { v.max(0.0) } else { 0.0 }
    }

    pub fn describe(&self) -> String {
        let n = |v: &f64| crate::util::fmt_decimal(*v);
        match self {
            Pattern::Steady { rps } => format!("steady {} rps", n(rps)),
            Pattern::Ramp {
                from,
                to,
                duration_s,
            } => format!("ramp {} -> {} rps over {}s", n(from), n(to), n(duration_s)),
            Pattern::Spike {
                base,
                peak,
                after_s,
                duration_s,
            } => format!(
                "spike {} -> {} rps after {}s for {}s",
                n(base),
                n(peak),
                n(after_s),
                n(duration_s)
            ),
            Pattern::Day { min, max, period_s } => {
                format!(
                    "day curve {}..{} rps, period {}s",
                    n(min),
                    n(max),
                    n(period_s)
                )
            }
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        let nums: Vec<f64> = match *self {
            Pattern::Steady { rps } => vec![rps],
            Pattern::Ramp {
                from,
                to,
                duration_s,
            } => vec![from, to, duration_s],
            Pattern::Spike {
                base,
                peak,
                after_s,
                duration_s,
            } => vec![base, peak, after_s, duration_s],
            Pattern::Day { min, max, period_s } => vec![min, max, period_s],
        };
        if nums.iter().all(|v| v.is_finite() && *v >= 0.0 && *v <= 1e9) {
            Ok(())
        } else {
            Err("load figures must be finite, non-negative and at most 1e9".into())
        }
    }
}

/// ln(20), the 95th-percentile factor of the M/M/1 response time: `libm::log(20.0)` to the
/// bit (a test checks), without linking `log` into the engine.
const LN_20: f64 = f64::from_bits(0x4007_f742_7b73_e391);

/// A container's memory working set as metrics-server reports it: an illustrative base plus
/// an illustrative amount per millicore in use (defaults.rs `VPA_MEMORY_*`). The model has no
/// other memory usage; the VPA recommender reads this.
pub(crate) fn memory_working_set(cpu_m: u64) -> u64 {
    crate::config::defaults::VPA_MEMORY_BASE.value
        + cpu_m.saturating_mul(crate::config::defaults::VPA_MEMORY_PER_MILLICORE.value)
}

/// Illustrative CPU cost per request (ms).
pub(crate) fn default_cost() -> f64 {
    10.0
}
/// Illustrative latency floor (ms).
pub(crate) fn default_base_latency() -> f64 {
    20.0
}

/// Load on one Service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadSpec {
    pub service: String,
    pub pattern: Pattern,
    /// CPU milliseconds per request (illustrative default 10).
    #[serde(default = "default_cost")]
    pub cost_cpu_ms: f64,
    /// Latency floor: network plus app time at no load (illustrative default 20 ms).
    #[serde(default = "default_base_latency")]
    pub base_latency_ms: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActiveLoad {
    pub spec: LoadSpec,
    pub since_ms: Millis,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LoadState {
    /// By Service key (`namespace/name`).
    pub services: BTreeMap<String, ActiveLoad>,
    /// kube-proxy's view per Service: its endpoints and what each serves, rebuilt only when
    /// the Endpoints object or a pod's ability to serve changes.
    #[serde(skip)]
    caches: KeyMap<EndpointCache>,
    /// Something that decides who can serve (a container, a machine) changed.
    #[serde(skip)]
    pub(crate) stale: bool,
}

/// One endpoint of a Service under load.
#[derive(Clone, Debug, Default)]
struct Member {
    key: String,
    /// The pod behind the endpoint (None if it is gone).
    pod: Option<Id>,
    servable: bool,
    cap_rps: f64,
    request_m: u64,
    /// Current CPU usage (millicores) and served rps.
    rate_m: u64,
    rps: f64,
    since_ms: Millis,
    /// Integral of usage (millicore·ms) not yet handed to metrics-server.
    accum: u128,
}

#[derive(Clone, Debug, Default)]
struct EndpointCache {
    endpoints_rv: u64,
    members: Vec<Member>,
    /// The share per endpoint the members' rates were computed for (None: recompute).
    share: Option<f64>,
    /// (served, dropped, capacity, latency-weighted, utilization sum, utilization count)
    totals: (f64, f64, f64, f64, f64, u32),
}

impl EndpointCache {
    /// Hands accumulated usage to metrics-server's per-pod accumulators (usage of a pod
    /// deleted meanwhile goes nowhere).
    fn flush(&mut self, metrics: &mut MetricsState, now: Millis) {
        for m in &mut self.members {
            let total = m.accum + m.rate_m as u128 * now.saturating_sub(m.since_ms) as u128;
            m.accum = 0;
            m.since_ms = now;
            if total > 0
                && let Some(id) = m.pod
                && let Some(p) = metrics.entry(id)
            {
                p.accum += total;
            }
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
struct PodUsage {
    /// Integral of usage (millicore·ms) since the last scrape point.
    accum: u128,
    /// Time of the last scrape that saw this pod running.
    last_scrape_ms: Option<Millis>,
    /// When the pod was last seen by a scrape.
    seen_ms: Millis,
    cpu: Option<MetricSample>,
    memory: Option<MetricSample>,
}

/// metrics-server's view: per-pod accumulators and the latest samples, by pod slot.
#[derive(Clone, Debug, Default)]
pub struct MetricsState {
    pods: Vec<Option<(Id, PodUsage)>>,
    tracked: usize,
    /// Pinned CPU samples (millicores) by pod key: the scenario fixes these values.
    pub(crate) pinned_cpu: KeyMap<u64>,
}

impl MetricsState {
    /// The latest sample of a pod.
    pub(crate) fn sample_at(&self, id: Id, r: ResourceName) -> Option<MetricSample> {
        let (i, p) = self.pods.get(id.slot as usize)?.as_ref()?;
        if *i != id {
            return None;
        }
        match r {
            ResourceName::Cpu => p.cpu,
            ResourceName::Memory => p.memory,
        }
    }
    /// A pod's usage record, made on first use.
    fn entry(&mut self, id: Id) -> Option<&mut PodUsage> {
        let i = id.slot as usize;
        if self.pods.len() <= i {
            self.pods.resize_with(i + 1, || None);
        }
        let e = &mut self.pods[i];
        match e {
            Some((old, _)) if *old != id => None,
            Some((_, p)) => Some(p),
            None => {
                self.tracked += 1;
                Some(&mut e.insert((id, PodUsage::default())).1)
            }
        }
    }
    pub(crate) fn forget(&mut self, id: Id, key: &str) {
        if let Some(e) = self.pods.get_mut(id.slot as usize)
            && e.as_ref().is_some_and(|(i, _)| *i == id)
        {
            *e = None;
            self.tracked -= 1;
        }
        if !self.pinned_cpu.is_empty() {
            self.pinned_cpu.remove(key);
        }
    }
    pub fn tracked_pods(&self) -> usize {
        self.tracked
    }
}

impl LoadState {
    /// Live CPU usage (millicores) and served rps of every pod carrying traffic.
    pub fn usage_by_pod(&self) -> BTreeMap<&str, (u64, f64)> {
        let mut out: BTreeMap<&str, (u64, f64)> = BTreeMap::new();
        for c in self.caches.values() {
            for m in &c.members {
                let e = out.entry(m.key.as_str()).or_default();
                e.0 += m.rate_m;
                e.1 += m.rps;
            }
        }
        out
    }

    /// [`LoadState::usage_by_pod`] by pod slot, for pods still in the store.
    pub(crate) fn usage_by_slot(&self) -> Vec<(Id, u64, f64)> {
        let mut out: Vec<(Id, u64, f64)> = Vec::new();
        for c in self.caches.values() {
            for m in &c.members {
                let Some(id) = m.pod else { continue };
                let i = id.slot as usize;
                if out.len() <= i {
                    out.resize(i + 1, (Id::default(), 0, 0.0));
                }
                let e = &mut out[i];
                if e.0 != id {
                    *e = (id, 0, 0.0);
                }
                e.1 += m.rate_m;
                e.2 += m.rps;
            }
        }
        out
    }
}

/// One chart point for a Service under load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceSample {
    pub t_ms: Millis,
    pub demand_rps: f64,
    pub served_rps: f64,
    pub dropped_rps: f64,
    pub capacity_rps: f64,
    pub p95_ms: f64,
    pub ready_endpoints: u32,
    /// Mean CPU utilization (usage / request, %) over the endpoints serving.
    pub cpu_utilization: f64,
    pub hpa_target: Option<u32>,
    pub replicas_desired: Option<u32>,
    pub replicas_ready: Option<u32>,
}

/// One chart point for the cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterSample {
    pub t_ms: Millis,
    pub nodes: u32,
    pub ready_nodes: u32,
    pub pods: u32,
    pub pending_pods: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Series {
    window: usize,
    pub services: BTreeMap<String, Ring<ServiceSample>>,
    pub cluster: Ring<ClusterSample>,
}

impl Series {
    pub fn new(window: usize) -> Series {
        Series {
            window,
            services: BTreeMap::new(),
            cluster: Ring::new(window),
        }
    }
    pub fn window(&self) -> usize {
        self.window
    }
}

impl Sim {
    /// Sets (or replaces) the load on a Service.
    pub(crate) fn set_load(&mut self, spec: LoadSpec) {
        let key = table_key(DEFAULT_NAMESPACE, &spec.service);
        self.load.services.insert(
            key,
            ActiveLoad {
                spec,
                since_ms: self.api.now(),
            },
        );
    }

    /// Every second: route demand, update usage, take chart samples.
    pub(crate) fn load_tick(&mut self) {
        let now = self.api.now();
        let ln20 = LN_20;
        let stale = std::mem::take(&mut self.load.stale);
        let keys: Vec<String> = self.load.services.keys().cloned().collect();
        // Services no longer under load hand over their usage and go idle.
        let gone: Vec<Arc<str>> = self
            .load
            .caches
            .keys()
            .filter(|k| !self.load.services.contains_key(&***k))
            .cloned()
            .collect();
        for k in gone {
            if let Some(mut c) = self.load.caches.remove(&k) {
                c.flush(&mut self.metrics, now);
            }
        }
        for skey in keys {
            let Some(load) = self.load.services.get(&skey).cloned() else {
                continue;
            };
            let demand = load.spec.pattern.rps_at(now.saturating_sub(load.since_ms));
            let cost = load.spec.cost_cpu_ms.max(0.001);
            let (ns, name) = skey.split_once('/').unwrap_or(("default", skey.as_str()));
            let ep = self.api.store().get::<Endpoints>(ns, name);
            let rv = ep.map_or(0, |e| e.metadata.resource_version);
            let mut cache = self
                .load
                .caches
                .get_mut(&skey)
                .map(std::mem::take)
                .unwrap_or_default();
            if stale || cache.endpoints_rv != rv || cache.members.is_empty() {
                cache.flush(&mut self.metrics, now);
                let mut members = Vec::new();
                for a in ep.map_or(&[][..], |e| &e.addresses[..]) {
                    let key = table_key(ns, &a.pod);
                    let id = self.api.store().id::<Pod>(&key);
                    let pod = id.and_then(|id| self.api.store().at::<Pod>(id));
                    let servable = pod.is_some() && self.can_serve(&a.node_name, &key);
                    let (cap, req) =
                        pod.map_or((0, 0), |p| (p.spec.cpu_capacity(), p.spec.requests().0));
                    members.push(Member {
                        key,
                        pod: id,
                        servable,
                        cap_rps: cap as f64 / cost,
                        request_m: req,
                        since_ms: now,
                        ..Default::default()
                    });
                }
                cache.members = members;
                cache.endpoints_rv = rv;
                cache.share = None;
            }
            let n = cache.members.len();
            let share = if n > 0 { demand / n as f64 } else { 0.0 };
            if cache.share != Some(share) {
                let (mut served, mut dropped, mut capacity, mut lat_w, mut util_sum, mut util_n) =
                    (0.0, if n == 0 { demand } else { 0.0 }, 0.0, 0.0, 0.0, 0u32);
                for m in &mut cache.members {
                    let got = if m.servable {
                        share.min(m.cap_rps)
                    } else {
                        0.0
                    };
                    // An endpoint still listed whose pod cannot answer loses its share.
                    dropped += share - got;
                    served += got;
                    let usage = (got * cost).round() as u64;
                    if m.servable {
                        capacity += m.cap_rps;
                        let rho = if m.cap_rps > 0.0 {
                            (got / m.cap_rps).min(0.99)
                        } else {
                            0.99
                        };
                        let p95 = load.spec.base_latency_ms
                            + if m.cap_rps > 0.0 {
                                1000.0 * ln20 / (m.cap_rps * (1.0 - rho))
                            } else {
                                0.0
                            };
                        lat_w += p95 * got;
                        if m.request_m > 0 {
                            util_sum += usage as f64 * 100.0 / m.request_m as f64;
                            util_n += 1;
                        }
                    }
                    if usage != m.rate_m {
                        m.accum += m.rate_m as u128 * now.saturating_sub(m.since_ms) as u128;
                        m.rate_m = usage;
                        m.since_ms = now;
                    }
                    m.rps = got;
                }
                cache.totals = (served, dropped, capacity, lat_w, util_sum, util_n);
                cache.share = Some(share);
            }
            let (served, dropped, capacity, lat_w, util_sum, util_n) = cache.totals;
            self.load.caches.insert(&skey, cache);
            let p95 = if served > 0.0 {
                lat_w / served
            } else {
                load.spec.base_latency_ms
            };
            let (hpa_target, desired, ready) = self.workload_figures(ns, &skey);
            let sample = ServiceSample {
                t_ms: now,
                demand_rps: demand,
                served_rps: served,
                dropped_rps: dropped,
                capacity_rps: capacity,
                p95_ms: p95,
                ready_endpoints: n as u32,
                cpu_utilization: if util_n > 0 {
                    util_sum / util_n as f64
                } else {
                    0.0
                },
                hpa_target,
                replicas_desired: desired,
                replicas_ready: ready,
            };
            let window = self.series.window;
            self.series
                .services
                .entry(skey.clone())
                .or_insert_with(|| Ring::new(window))
                .push(sample);
        }
        // cluster sample
        let nodes = self.api.store().count::<Node>() as u32;
        let ready_nodes = self
            .api
            .store()
            .list::<Node>()
            .filter(|n| n.ready_status() == ConditionStatus::True)
            .count() as u32;
        self.series.cluster.push(ClusterSample {
            t_ms: now,
            nodes,
            ready_nodes,
            pods: self.api.store().count::<Pod>() as u32,
            pending_pods: self.c.scheduler.pending_count() as u32,
        });
    }

    /// HPA target, desired and ready replicas of the Deployment behind a Service.
    fn workload_figures(&self, ns: &str, svc_key: &str) -> (Option<u32>, Option<u32>, Option<u32>) {
        let Some(svc) = self.api.store().get_by_key::<Service>(svc_key) else {
            return (None, None, None);
        };
        let dep = self.api.store().list::<Deployment>().find(|d| {
            d.metadata.namespace == ns
                && !svc.spec.selector.is_empty()
                && svc
                    .spec
                    .selector
                    .iter()
                    .all(|(k, v)| d.spec.template.metadata.labels.get(k) == Some(v))
        });
        let Some(dep) = dep else {
            return (None, None, None);
        };
        let hpa = self
            .api
            .store()
            .list::<HorizontalPodAutoscaler>()
            .find(|h| {
                h.metadata.namespace == ns
                    && h.spec.scale_target_ref.kind == "Deployment"
                    && h.spec.scale_target_ref.name == dep.metadata.name
            });
        (
            hpa.map(|h| h.metrics()[0].resource.target.average_utilization),
            Some(dep.spec.replicas),
            Some(dep.status.ready_replicas),
        )
    }

    /// metrics-server scrape: a CPU rate for every pod seen at two consecutive scrapes.
    pub(crate) fn metrics_scrape(&mut self) {
        let now = self.api.now();
        for c in self.load.caches.values_mut_unordered() {
            c.flush(&mut self.metrics, now);
        }
        // What metrics-server can reach: running containers on machines it can talk to.
        let pinned = !self.metrics.pinned_cpu.is_empty();
        for m in self.machines.values() {
            if !m.online() {
                continue;
            }
            for (key, l) in &m.pods {
                if !matches!(
                    l.stage,
                    crate::node::kubelet::LocalStage::Running
                        | crate::node::kubelet::LocalStage::Ready
                        | crate::node::kubelet::LocalStage::Stopping
                ) {
                    continue;
                }
                let pinned = if pinned {
                    self.metrics.pinned_cpu.get(key).copied()
                } else {
                    None
                };
                let Some(p) = self.metrics.entry(l.pod_id) else {
                    continue;
                };
                if let Some(prev) = p.last_scrape_ms
                    && now > prev
                {
                    let window = now - prev;
                    let value = pinned.unwrap_or((p.accum / window as u128) as u64);
                    p.cpu = Some(MetricSample {
                        value,
                        timestamp_ms: now,
                        window_ms: window,
                    });
                    p.memory = Some(MetricSample {
                        value: memory_working_set(value),
                        timestamp_ms: now,
                        window_ms: window,
                    });
                }
                p.accum = 0;
                p.last_scrape_ms = Some(now);
                p.seen_ms = now;
            }
        }
        // Pods metrics-server could not see this time lose their samples.
        for (_, p) in self.metrics.pods.iter_mut().flatten() {
            if p.seen_ms != now {
                p.cpu = None;
                p.memory = None;
                p.last_scrape_ms = None;
                p.accum = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_20_is_libm_log() {
        assert_eq!(LN_20.to_bits(), libm::log(20.0).to_bits());
    }

    #[test]
    fn patterns() {
        assert_eq!(Pattern::Steady { rps: 5.0 }.rps_at(10_000), 5.0);
        let r = Pattern::Ramp {
            from: 100.0,
            to: 200.0,
            duration_s: 100.0,
        };
        assert_eq!(r.rps_at(50_000), 150.0);
        assert_eq!(r.rps_at(500_000), 200.0);
        let s = Pattern::Spike {
            base: 10.0,
            peak: 90.0,
            after_s: 5.0,
            duration_s: 5.0,
        };
        assert_eq!(
            (s.rps_at(4_000), s.rps_at(5_000), s.rps_at(10_000)),
            (10.0, 90.0, 10.0)
        );
        let d = Pattern::Day {
            min: 100.0,
            max: 300.0,
            period_s: 86_400.0,
        };
        assert_eq!(d.rps_at(0), 100.0);
        assert_eq!(d.rps_at(43_200_000), 300.0);
        assert!(Pattern::Steady { rps: f64::NAN }.validate().is_err());
    }
}
