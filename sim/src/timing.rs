//! Timing profiles: `real` runs on upstream's defaults; `classroom` divides the long waits by a
//! visible factor. Every effective value keeps its real value and factor for the UI.

use crate::defaults::{self as d, Def};
use crate::util::Millis;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    #[default]
    Real,
    Classroom,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Real, Profile::Classroom];
    /// The word of scenarios and the `profile` verb.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Real => "real",
            Profile::Classroom => "classroom",
        }
    }
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == s)
    }
}

/// One timing value as the engine uses it.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Timed {
    pub id: &'static str,
    /// What the engine uses under the active profile.
    pub ms: Millis,
    /// Upstream's value.
    pub real_ms: Millis,
    /// `real_ms / ms` (1 when not compressed).
    pub factor: u32,
    pub source: &'static str,
}

impl Timed {
    fn of(def: &Def, profile: Profile) -> Timed {
        let factor = match (profile, def.classroom_factor) {
            (Profile::Classroom, Some(f)) => f,
            _ => 1,
        };
        Timed {
            id: def.id,
            ms: def.value / factor as u64,
            real_ms: def.value,
            factor,
            source: def.source,
        }
    }
}

/// The effective timings of a run.
#[derive(Clone, Debug, Serialize)]
pub struct Timing {
    pub profile: Profile,
    pub lease_renew: Timed,
    pub lease_duration: Timed,
    pub node_monitor_period: Timed,
    pub node_monitor_grace: Timed,
    pub node_startup_grace: Timed,
    pub eviction_interval: Timed,
    pub secondary_eviction_interval: Timed,
    pub not_ready_toleration: Timed,
    pub unreachable_toleration: Timed,
    pub hpa_sync: Timed,
    pub hpa_downscale_stabilization: Timed,
    pub hpa_cpu_init: Timed,
    pub hpa_initial_readiness_delay: Timed,
    pub metric_resolution: Timed,
    pub pod_initial_backoff: Timed,
    pub pod_max_backoff: Timed,
    pub termination_grace: Timed,
    pub container_start: Timed,
    pub image_pull: Timed,
    pub app_shutdown: Timed,
    pub crash_backoff_initial: Timed,
    pub crash_backoff_max: Timed,
    pub crash_backoff_reset: Timed,
    pub pleg_relist: Timed,
    pub leader_lease_duration: Timed,
    pub leader_renew_deadline: Timed,
    pub leader_retry_period: Timed,
    pub etcd_election_timeout: Timed,
    pub ca_scan_interval: Timed,
    pub ca_scale_down_unneeded: Timed,
    pub ca_delay_after_add: Timed,
    pub ca_delay_after_delete: Timed,
    pub ca_delay_after_failure: Timed,
    pub ca_max_node_provision: Timed,
    pub ca_new_pod_scale_up_delay: Timed,
    pub ca_max_graceful_termination: Timed,
    pub node_provision: Timed,
    /// The kubelet eviction manager's interval and pressure transition period (eviction.rs).
    pub eviction_monitoring: Timed,
    pub eviction_pressure_transition: Timed,
    /// The VPA recommender's and updater's loops (vpa.rs).
    pub vpa_recommender: Timed,
    pub vpa_updater: Timed,
}

impl Timing {
    pub fn new(profile: Profile) -> Timing {
        let t = |def: &Def| Timed::of(def, profile);
        Timing {
            profile,
            lease_renew: t(&d::NODE_LEASE_RENEW_INTERVAL),
            lease_duration: t(&d::NODE_LEASE_DURATION),
            node_monitor_period: t(&d::NODE_MONITOR_PERIOD),
            node_monitor_grace: t(&d::NODE_MONITOR_GRACE_PERIOD),
            node_startup_grace: t(&d::NODE_STARTUP_GRACE_PERIOD),
            eviction_interval: t(&d::NODE_EVICTION_INTERVAL),
            secondary_eviction_interval: t(&d::SECONDARY_NODE_EVICTION_INTERVAL),
            not_ready_toleration: t(&d::DEFAULT_NOT_READY_TOLERATION),
            unreachable_toleration: t(&d::DEFAULT_UNREACHABLE_TOLERATION),
            hpa_sync: t(&d::HPA_SYNC_PERIOD),
            hpa_downscale_stabilization: t(&d::HPA_DOWNSCALE_STABILIZATION),
            hpa_cpu_init: t(&d::HPA_CPU_INITIALIZATION_PERIOD),
            hpa_initial_readiness_delay: t(&d::HPA_INITIAL_READINESS_DELAY),
            metric_resolution: t(&d::METRIC_RESOLUTION),
            pod_initial_backoff: t(&d::POD_INITIAL_BACKOFF),
            pod_max_backoff: t(&d::POD_MAX_BACKOFF),
            termination_grace: t(&d::TERMINATION_GRACE_PERIOD),
            container_start: t(&d::CONTAINER_START),
            image_pull: t(&d::IMAGE_PULL),
            app_shutdown: t(&d::APP_SHUTDOWN),
            crash_backoff_initial: t(&d::CRASH_BACKOFF_INITIAL),
            crash_backoff_max: t(&d::CRASH_BACKOFF_MAX),
            crash_backoff_reset: t(&d::CRASH_BACKOFF_RESET),
            pleg_relist: t(&d::PLEG_RELIST_PERIOD),
            leader_lease_duration: t(&d::LEADER_LEASE_DURATION),
            leader_renew_deadline: t(&d::LEADER_RENEW_DEADLINE),
            leader_retry_period: t(&d::LEADER_RETRY_PERIOD),
            etcd_election_timeout: t(&d::ETCD_ELECTION_TIMEOUT),
            ca_scan_interval: t(&d::CA_SCAN_INTERVAL),
            ca_scale_down_unneeded: t(&d::CA_SCALE_DOWN_UNNEEDED_TIME),
            ca_delay_after_add: t(&d::CA_SCALE_DOWN_DELAY_AFTER_ADD),
            ca_delay_after_delete: t(&d::CA_SCALE_DOWN_DELAY_AFTER_DELETE),
            ca_delay_after_failure: t(&d::CA_SCALE_DOWN_DELAY_AFTER_FAILURE),
            ca_max_node_provision: t(&d::CA_MAX_NODE_PROVISION_TIME),
            ca_new_pod_scale_up_delay: t(&d::CA_NEW_POD_SCALE_UP_DELAY),
            ca_max_graceful_termination: t(&d::CA_MAX_GRACEFUL_TERMINATION),
            node_provision: t(&d::CA_NODE_PROVISION_DELAY),
            eviction_monitoring: t(&d::EVICTION_MONITORING_PERIOD),
            eviction_pressure_transition: t(&d::EVICTION_PRESSURE_TRANSITION_PERIOD),
            vpa_recommender: t(&d::VPA_RECOMMENDER_INTERVAL),
            vpa_updater: t(&d::VPA_UPDATER_INTERVAL),
        }
    }

    /// All values, for a "real vs. this run" table (the traces' header lists these; the VPA's
    /// two loops, compressed later, are read from their fields and `defaults::ALL`).
    pub fn entries(&self) -> Vec<Timed> {
        vec![
            self.lease_renew,
            self.lease_duration,
            self.node_monitor_period,
            self.node_monitor_grace,
            self.node_startup_grace,
            self.eviction_interval,
            self.secondary_eviction_interval,
            self.not_ready_toleration,
            self.unreachable_toleration,
            self.hpa_sync,
            self.hpa_downscale_stabilization,
            self.hpa_cpu_init,
            self.hpa_initial_readiness_delay,
            self.metric_resolution,
            self.pod_initial_backoff,
            self.pod_max_backoff,
            self.termination_grace,
            self.container_start,
            self.image_pull,
            self.app_shutdown,
            self.crash_backoff_initial,
            self.crash_backoff_max,
            self.crash_backoff_reset,
            self.pleg_relist,
            self.leader_lease_duration,
            self.leader_renew_deadline,
            self.leader_retry_period,
            self.etcd_election_timeout,
            self.ca_scan_interval,
            self.ca_scale_down_unneeded,
            self.ca_delay_after_add,
            self.ca_delay_after_delete,
            self.ca_delay_after_failure,
            self.ca_max_node_provision,
            self.ca_new_pod_scale_up_delay,
            self.ca_max_graceful_termination,
            self.node_provision,
            self.eviction_monitoring,
            self.eviction_pressure_transition,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classroom_keeps_real_values_and_heartbeat_ordering() {
        let real = Timing::new(Profile::Real);
        let class = Timing::new(Profile::Classroom);
        assert_eq!(real.node_monitor_grace.ms, 50_000);
        assert_eq!(class.node_monitor_grace.ms, 5_000);
        assert_eq!(class.node_monitor_grace.real_ms, 50_000);
        assert_eq!(class.node_monitor_grace.factor, 10);
        assert_eq!(class.unreachable_toleration.ms, 30_000);
        assert_eq!(class.hpa_downscale_stabilization.ms, 30_000);
        assert_eq!(real.eviction_pressure_transition.ms, 300_000);
        assert_eq!(class.eviction_pressure_transition.ms, 30_000);
        assert_eq!(class.eviction_pressure_transition.real_ms, 300_000);
        assert_eq!(class.eviction_monitoring.ms, 10_000);
        // The VPA's loops: 1 min upstream, 6 s in the classroom.
        assert_eq!(real.vpa_recommender.ms, 60_000);
        assert_eq!(class.vpa_recommender.ms, 6_000);
        assert_eq!(class.vpa_updater.real_ms, 60_000);
        // Not compressed: the HPA period and container start stay real.
        assert_eq!(class.hpa_sync.ms, 15_000);
        assert_eq!(class.container_start.factor, 1);
        // The grace period still spans several heartbeats, as upstream (50 s / 10 s).
        for t in [&real, &class] {
            assert_eq!(t.node_monitor_grace.ms / t.lease_renew.ms, 5);
            assert!(t.node_monitor_period.ms < t.node_monitor_grace.ms);
        }
        for e in class.entries() {
            assert_eq!(e.ms * e.factor as u64, e.real_ms, "{}", e.id);
        }
    }
}
