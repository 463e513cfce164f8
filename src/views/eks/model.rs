//! EKS on AWS, as data: the parts of the architecture (who manages each), the chores a
//! managed control plane takes over, and the pods-per-node calculation of the VPC CNI.
//! No UI here; the texts are in `i18n/eks.toml`, keyed by [`Part::key`] and [`Chore::key`].

use crate::facts::{self, Fact, INSTANCES, Instance, vpc_cni_max_pods};

/// Who runs a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// AWS runs it; you cannot log in to it.
    Aws,
    /// It sits in your account and you configure it, but AWS runs part of it.
    Shared,
    /// Yours to build and run.
    You,
}

/// Every part of the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Region,
    Az,
    EksVpc,
    Endpoint,
    ApiServer,
    Etcd,
    Eni,
    CustomerVpc,
    PublicSubnet,
    PrivateSubnet,
    Node,
    Fargate,
    LoadBalancer,
    Kubectl,
}

impl Part {
    pub const ALL: [Part; 14] = [
        Part::Region,
        Part::Az,
        Part::EksVpc,
        Part::Endpoint,
        Part::ApiServer,
        Part::Etcd,
        Part::Eni,
        Part::CustomerVpc,
        Part::PublicSubnet,
        Part::PrivateSubnet,
        Part::Node,
        Part::Fargate,
        Part::LoadBalancer,
        Part::Kubectl,
    ];

    /// Stable id, for the DOM and tests.
    pub fn key(self) -> &'static str {
        match self {
            Part::Region => "region",
            Part::Az => "az",
            Part::EksVpc => "eks-vpc",
            Part::Endpoint => "endpoint",
            Part::ApiServer => "api-server",
            Part::Etcd => "etcd",
            Part::Eni => "eni",
            Part::CustomerVpc => "customer-vpc",
            Part::PublicSubnet => "public-subnet",
            Part::PrivateSubnet => "private-subnet",
            Part::Node => "node",
            Part::Fargate => "fargate",
            Part::LoadBalancer => "load-balancer",
            Part::Kubectl => "kubectl",
        }
    }

    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn owner(self) -> Owner {
        match self {
            Part::Region
            | Part::Az
            | Part::EksVpc
            | Part::Endpoint
            | Part::ApiServer
            | Part::Etcd => Owner::Aws,
            Part::Eni | Part::Node | Part::Fargate | Part::LoadBalancer => Owner::Shared,
            Part::CustomerVpc | Part::PublicSubnet | Part::PrivateSubnet | Part::Kubectl => {
                Owner::You
            }
        }
    }

    /// The cited numbers its panel shows.
    pub fn facts(self) -> Vec<&'static Fact> {
        match self {
            Part::Region => vec![&facts::EKS_AZS],
            Part::Az => vec![&facts::EKS_AZS, &facts::EKS_API_SERVERS, &facts::EKS_ETCD],
            Part::EksVpc => vec![&facts::EKS_PRICE_HOUR, &facts::EKS_PRICE_MONTH],
            Part::Endpoint => vec![&facts::EKS_API_SERVERS],
            Part::ApiServer => vec![&facts::EKS_API_SERVERS, &facts::EKS_EXTENDED_PRICE],
            Part::Etcd => vec![&facts::EKS_ETCD, &facts::EKS_AZS, &facts::EKS_MAX_NODES],
            Part::Eni => vec![&facts::EKS_ENIS],
            Part::CustomerVpc => vec![&facts::ENI_MAX_PODS_LARGEST],
            Part::PublicSubnet => vec![],
            Part::PrivateSubnet => vec![&facts::INSTANCE_ENI_LIMITS],
            Part::Node => vec![
                &facts::MAX_PODS_DEFAULT,
                &facts::EKS_MNG_CAP_SMALL,
                &facts::EKS_MNG_CAP_LARGE,
            ],
            Part::Fargate => vec![&facts::FARGATE_OVERHEAD, &facts::FARGATE_SMALLEST],
            Part::LoadBalancer => vec![],
            Part::Kubectl => vec![],
        }
    }
}

/// A chore of running a control plane, in the article's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chore {
    Backup,
    MasterFails,
    Scale,
    Upgrade,
    Patch,
}

impl Chore {
    pub const ALL: [Chore; 5] = [
        Chore::Backup,
        Chore::MasterFails,
        Chore::Scale,
        Chore::Upgrade,
        Chore::Patch,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Chore::Backup => "backup",
            Chore::MasterFails => "master-fails",
            Chore::Scale => "scale",
            Chore::Upgrade => "upgrade",
            Chore::Patch => "patch",
        }
    }
}

/// What the node group adds on top of the VPC CNI formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// EKS managed node group without a custom AMI: maxPods is capped.
    Managed,
    /// Self-managed nodes: the bootstrap uses the formula's value.
    SelfManaged,
}

impl NodeKind {
    pub const ALL: [NodeKind; 2] = [NodeKind::Managed, NodeKind::SelfManaged];
}

/// The pods-per-node calculation for one instance type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calc {
    pub instance: &'static Instance,
    /// `ENIs × (IPs per ENI − 1) + 2`.
    pub formula: u32,
    /// The managed node group cap that applies, if any, with its fact.
    pub cap: Option<&'static Fact>,
    /// What the kubelet is told: the formula, or the cap when that is lower.
    pub max_pods: u32,
}

impl Calc {
    /// Whether the formula gives the value `eni-max-pods.txt` lists.
    pub fn matches_listed(&self) -> bool {
        self.formula == self.instance.listed_max_pods
    }
    /// Whether the cap lowers the formula's value.
    pub fn capped(&self) -> bool {
        self.max_pods < self.formula
    }
}

/// The vCPU count from which managed node groups allow the larger cap.
pub fn large_from_vcpus() -> u32 {
    facts::EKS_MNG_VCPU_THRESHOLD.value as u32
}

pub fn calc(instance: &'static Instance, kind: NodeKind) -> Calc {
    let formula = vpc_cni_max_pods(instance.enis, instance.ips_per_eni);
    let cap = match kind {
        NodeKind::SelfManaged => None,
        NodeKind::Managed if instance.vcpus < large_from_vcpus() => Some(&facts::EKS_MNG_CAP_SMALL),
        NodeKind::Managed => Some(&facts::EKS_MNG_CAP_LARGE),
    };
    let max_pods = cap.map_or(formula, |c| formula.min(c.value as u32));
    Calc {
        instance,
        formula,
        cap,
        max_pods,
    }
}

/// The instance at `i` in [`INSTANCES`], if any (input from a `<select>`).
pub fn instance(i: usize) -> Option<&'static Instance> {
    INSTANCES.get(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for p in Part::ALL {
            assert_eq!(Part::from_key(p.key()), Some(p));
        }
        assert_eq!(Part::from_key("nope"), None);
        let mut keys: Vec<_> = Part::ALL.iter().map(|p| p.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Part::ALL.len());
    }

    #[test]
    fn the_control_plane_is_aws_and_the_network_is_yours() {
        for p in [Part::EksVpc, Part::Endpoint, Part::ApiServer, Part::Etcd] {
            assert_eq!(p.owner(), Owner::Aws, "{p:?}");
        }
        for p in [Part::CustomerVpc, Part::PublicSubnet, Part::PrivateSubnet] {
            assert_eq!(p.owner(), Owner::You, "{p:?}");
        }
    }

    #[test]
    fn every_panel_fact_is_sourced_or_illustrative() {
        for p in Part::ALL {
            for f in p.facts() {
                assert!(
                    facts::FACTS.iter().any(|x| std::ptr::eq(*x, f)),
                    "{}",
                    f.key
                );
            }
        }
    }

    #[test]
    fn the_formula_matches_eni_max_pods_for_every_instance() {
        for i in INSTANCES {
            let c = calc(i, NodeKind::SelfManaged);
            assert!(c.matches_listed(), "{}", i.name);
            assert_eq!(c.max_pods, i.listed_max_pods, "{}", i.name);
            assert_eq!(c.cap, None);
        }
    }

    #[test]
    fn managed_node_groups_cap_by_vcpus() {
        let by_name = |n: &str| INSTANCES.iter().find(|i| i.name == n).unwrap();
        // Below 30 vCPUs: 110.
        let c = calc(by_name("m5.large"), NodeKind::Managed);
        assert_eq!((c.formula, c.max_pods, c.capped()), (29, 29, false));
        assert_eq!(c.cap.map(|f| f.key), Some("eks-mng-cap-small"));
        let c = calc(by_name("m5.4xlarge"), NodeKind::Managed);
        assert_eq!((c.formula, c.max_pods, c.capped()), (234, 110, true));
        // 30 vCPUs and above: 250.
        let c = calc(by_name("m5.24xlarge"), NodeKind::Managed);
        assert_eq!((c.formula, c.max_pods, c.capped()), (737, 250, true));
        assert_eq!(c.cap.map(|f| f.key), Some("eks-mng-cap-large"));
        assert_eq!(large_from_vcpus(), 30);
    }

    #[test]
    fn the_largest_listed_value_is_the_cited_one() {
        let max = INSTANCES.iter().map(|i| i.listed_max_pods).max().unwrap();
        assert_eq!(f64::from(max), facts::ENI_MAX_PODS_LARGEST.value);
    }

    #[test]
    fn out_of_range_instances_are_none() {
        assert!(instance(0).is_some());
        assert!(instance(INSTANCES.len()).is_none());
        assert!(instance(usize::MAX).is_none());
    }
}
