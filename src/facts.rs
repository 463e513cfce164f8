//! Every number Kubelab shows about VMs, containers, images and EKS, defined once with its
//! source (from `../shared/reference/vm-container-eks-facts.md`). Views show them through
//! [`crate::cite`], which prints the value with its source, or labels it illustrative.
//!
//! Kubernetes' own defaults (grace periods, HPA tolerance, …) live in the engine
//! (`sim::defaults`), not here.

use crate::i18n::{Msg, cat::facts as t};

/// How far a source was checked (the tags of the reference file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// Read in the owner's repository, the official docs, or the paper's own abstract.
    Primary,
    /// From someone else's summary of the primary source: cited as "reported by".
    Secondary,
    /// No citable number exists: shown only as an illustration, and labelled so.
    Illustrative,
}

#[derive(Debug, PartialEq)]
pub struct Source {
    /// Stable id, used in anchors (`#src-<key>`) and tests.
    pub key: &'static str,
    /// Short label for the citation mark.
    pub short: &'static str,
    /// Full citation, as written in the reference (titles are not translated).
    pub title: &'static str,
    /// Where to read it: a URL or `owner/repo:path`.
    pub location: &'static str,
}

#[derive(Debug, PartialEq)]
pub struct Fact {
    pub key: &'static str,
    /// The value as shown, units included.
    pub display: Msg,
    /// The value for computation, in `unit`.
    pub value: f64,
    pub unit: Unit,
    /// What the number measures, and under which conditions.
    pub what: Msg,
    pub tag: Tag,
    /// None only for illustrative values.
    pub source: Option<&'static Source>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Milliseconds,
    Seconds,
    MegaBytes,
    MebiBytes,
    GigaBytes,
    Percent,
    Count,
    PerSecond,
    Dollars,
    Microseconds,
    Gbps,
}

macro_rules! sources {
    ($($id:ident = $key:literal, $short:literal, $title:literal, $loc:literal;)*) => {
        $(pub static $id: Source = Source { key: $key, short: $short, title: $title, location: $loc };)*
        /// Every source, in citation order.
        pub static SOURCES: &[&Source] = &[$(&$id),*];
    };
}

sources! {
    FIRECRACKER_SPEC = "firecracker-spec", "Firecracker spec",
        "Firecracker SPECIFICATION.md",
        "https://github.com/firecracker-microvm/firecracker/blob/main/SPECIFICATION.md";
    FIRECRACKER_DESIGN = "firecracker-design", "Firecracker design",
        "Firecracker docs/design.md",
        "https://github.com/firecracker-microvm/firecracker/blob/main/docs/design.md";
    FIRECRACKER_DEMO = "firecracker-demo-readme", "Firecracker demo",
        "firecracker-demo README (4000 microVMs on one i3.metal)",
        "https://github.com/firecracker-microvm/firecracker-demo";
    AGACHE_2020 = "agache-2020", "Agache et al. 2020",
        "Agache et al., \"Firecracker: Lightweight Virtualization for Serverless Applications\", USENIX NSDI 2020, pp. 419-434 (figures reported by a public evaluation note)",
        "https://www.usenix.org/conference/nsdi20/presentation/agache";
    MANCO_2017 = "manco-2017", "Manco et al. 2017",
        "Manco et al., \"My VM is Lighter (and Safer) than your Container\", ACM SOSP 2017 (abstract)",
        "https://orbi.uliege.be/handle/2268/238338";
    KHAN_2026 = "khan-2026", "Khan 2026 (preprint)",
        "Khan, \"Decomposing Docker Container Startup Performance\", arXiv 2602.15214, Feb 2026 (preprint, not peer reviewed; abstract)",
        "https://arxiv.org/abs/2602.15214";
    FELTER_2014 = "felter-2014", "Felter et al. 2014",
        "Felter, Ferreira, Rajamony, Rubio, \"An Updated Performance Comparison of Virtual Machines and Linux Containers\", IBM Research Report RC25482, 2014; IEEE ISPASS 2015 (per-benchmark figures reported by research notes transcribing Table I)",
        "https://doi.org/10.1109/ISPASS.2015.7095802";
    SONONE_2015 = "sonone-2015", "Sonone et al. 2015",
        "Sonone et al., \"On Exploiting Page Sharing in a Virtualized Environment\", IEEE CLOUD 2015 (abstract)",
        "IEEE CLOUD 2015";
    LIGHTVM_QUOTE = "manco-2017-size", "Manco et al. 2017",
        "Manco et al., SOSP 2017, on general-purpose Linux VM size (quoted in MaoZiming/papers)",
        "MaoZiming/papers:7-datacenter/72-lightvm.md";
    DOCKER_STORAGE = "docker-storage", "Docker docs: storage drivers",
        "Docker documentation, \"Storage drivers\" (image layers, container layer, copy-on-write)",
        "docker/docs:content/manuals/engine/storage/drivers/_index.md";
    DOCKER_OVERLAYFS = "docker-overlayfs", "Docker docs: OverlayFS",
        "Docker documentation, \"OverlayFS storage driver\"",
        "docker/docs:content/manuals/engine/storage/drivers/overlayfs-driver.md";
    OCI_IMAGE = "oci-image-spec", "OCI image spec",
        "OCI Image Format Specification, layer.md and image-layout.md",
        "https://github.com/opencontainers/image-spec/blob/main/layer.md";
    OCI_DISTRIBUTION = "oci-distribution", "OCI distribution spec",
        "OCI Distribution Specification, spec.md",
        "https://github.com/opencontainers/distribution-spec/blob/main/spec.md";
    REPO_INFO = "docker-repo-info", "docker-library/repo-info",
        "docker-library/repo-info: repos/{alpine,debian,ubuntu}/remote (registry listings, Sep 2026)",
        "https://github.com/docker-library/repo-info";
    NAMESPACES_7 = "namespaces-7", "namespaces(7)",
        "Linux manual page namespaces(7)",
        "https://man7.org/linux/man-pages/man7/namespaces.7.html";
    CGROUP_V2 = "cgroup-v2", "cgroup v2 docs",
        "Linux kernel documentation, Control Group v2",
        "https://docs.kernel.org/admin-guide/cgroup-v2.html";
    K8S_CRI = "k8s-cri", "Kubernetes docs: CRI",
        "Kubernetes documentation, Container Runtime Interface (CRI)",
        "https://kubernetes.io/docs/concepts/architecture/cri/";
    CONTAINERD_BOOK = "containerd-book", "The containerd book",
        "microvm.thecontainerdbook.com, chapter 3 (syscall surface, CVE-2019-5736)",
        "https://microvm.thecontainerdbook.com";
    K8S_LARGE = "k8s-large-clusters", "Kubernetes docs: large clusters",
        "Kubernetes documentation, \"Considerations for large clusters\" (v1.35)",
        "https://kubernetes.io/docs/setup/best-practices/cluster-large/";
    KUBELET_CONFIG = "kubelet-config", "kubelet config reference",
        "Kubernetes kubelet-config.v1beta1 reference: maxPods, default 110",
        "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/";
    EKS_ARCH = "eks-architecture", "EKS user guide: architecture",
        "Amazon EKS User Guide, \"Amazon EKS architecture\"",
        "https://docs.aws.amazon.com/eks/latest/userguide/eks-architecture.html";
    EKS_BEST_PRACTICES = "eks-best-practices", "EKS best practices",
        "Amazon EKS Best Practices Guide, reliability: control plane",
        "aws/aws-eks-best-practices:content/reliability/docs/controlplane.md";
    EKS_API = "eks-api-vpcconfig", "EKS API: VpcConfig",
        "Amazon EKS API Reference, VpcConfigRequest / VpcConfigResponse",
        "https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html";
    ENI_MAX_PODS = "eni-max-pods", "amazon-eks-ami eni-max-pods.txt",
        "awslabs/amazon-eks-ami, nodeadm/internal/kubelet/eni-max-pods.txt",
        "awslabs/amazon-eks-ami:nodeadm/internal/kubelet/eni-max-pods.txt";
    EKS_MNG = "eks-managed-node-groups", "EKS user guide: node groups",
        "Amazon EKS User Guide, managed node groups / increase IP addresses (maxPods cap)",
        "https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html";
    EKS_PRICING = "eks-pricing", "AWS Containers Blog",
        "AWS Containers Blog, \"Amazon EKS extended support for Kubernetes versions pricing\"",
        "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/";
    EKS_FARGATE = "eks-fargate", "EKS user guide: Fargate",
        "Amazon EKS User Guide, \"AWS Fargate\" and \"Fargate Pod configuration\"",
        "https://docs.aws.amazon.com/eks/latest/userguide/fargate.html";
    EKS_ULTRA = "eks-100k", "AWS Containers Blog",
        "AWS Containers Blog, \"Amazon EKS enables ultra scale AI/ML workloads with support for 100K nodes per cluster\" (July 2025)",
        "https://aws.amazon.com/blogs/containers/";
    ECS_TASKS = "ecs-task-definitions", "ECS developer guide",
        "Amazon ECS Developer Guide, task definitions",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definitions.html";
    ECS_PRICING = "ecs-pricing", "ECS pricing page",
        "aws.amazon.com/ecs/pricing: \"no additional charge for Amazon ECS orchestration\" (as transcribed by api-evangelist)",
        "https://aws.amazon.com/ecs/pricing/";
    // Image vs container, EKS (views-b).
    ALPINE_README = "docker-alpine-readme", "alpinelinux/docker-alpine",
        "alpinelinux/docker-alpine README: uncompressed `docker images` sizes of base images (about 2019)",
        "https://github.com/alpinelinux/docker-alpine";
    EC2_ENI = "ec2-eni-limits", "EC2 docs: ENIs per instance",
        "Amazon EC2 User Guide, network interfaces and IPv4 addresses per interface for each instance type (as summarised in the reference; the table itself was not checked)",
        "Amazon EC2 User Guide: IP addresses per network interface per instance type";
}

/// A value that reads the same in every language (digits and SI units).
const fn same(s: &'static str) -> Msg {
    Msg([s, s])
}

macro_rules! facts {
    ($($id:ident = $key:literal, $display:expr, $value:expr, $unit:ident, $what:ident, $tag:ident, $src:expr;)*) => {
        $(pub static $id: Fact = Fact {
            key: $key, display: $display, value: $value, unit: Unit::$unit,
            what: t::$what, tag: Tag::$tag, source: $src,
        };)*
        /// Every fact.
        pub static FACTS: &[&Fact] = &[$(&$id),*];
    };
}

facts! {
    // Start and boot times.
    FIRECRACKER_BOOT = "firecracker-boot", same("≤ 125 ms"), 125.0, Milliseconds, FIRECRACKER_BOOT, Primary, Some(&FIRECRACKER_SPEC);
    FIRECRACKER_VMM_START = "firecracker-vmm-start", same("~12 ms"), 12.0, Milliseconds, FIRECRACKER_VMM_START, Primary, Some(&FIRECRACKER_SPEC);
    FIRECRACKER_P99_AT_SCALE = "firecracker-p99", same("146 ms"), 146.0, Milliseconds, FIRECRACKER_P99_AT_SCALE, Secondary, Some(&AGACHE_2020);
    LIGHTVM_BOOT = "lightvm-boot", same("2.3 ms"), 2.3, Milliseconds, LIGHTVM_BOOT, Primary, Some(&MANCO_2017);
    CONTAINER_START_SSD = "container-start-ssd", same("568 ms"), 568.0, Milliseconds, CONTAINER_START_SSD, Primary, Some(&KHAN_2026);
    CONTAINER_START_HDD = "container-start-hdd", same("1157 ms"), 1157.0, Milliseconds, CONTAINER_START_HDD, Primary, Some(&KHAN_2026);
    NAMESPACE_SETUP = "namespace-setup", same("8–10 ms"), 10.0, Milliseconds, NAMESPACE_SETUP, Primary, Some(&KHAN_2026);
    IMAGE_SIZE_EFFECT = "image-size-effect", same("2.5 %"), 2.5, Percent, IMAGE_SIZE_EFFECT, Primary, Some(&KHAN_2026);
    FULL_VM_BOOT = "full-vm-boot", t::FULL_VM_BOOT_VALUE, 20_000.0, Milliseconds, FULL_VM_BOOT, Illustrative, None;
    // Memory and density.
    FIRECRACKER_OVERHEAD = "firecracker-overhead", same("≤ 5 MiB"), 5.0, MebiBytes, FIRECRACKER_OVERHEAD, Primary, Some(&FIRECRACKER_SPEC);
    QEMU_OVERHEAD = "qemu-overhead", same("~131 MB"), 131.0, MegaBytes, QEMU_OVERHEAD, Secondary, Some(&AGACHE_2020);
    CLOUD_HYPERVISOR_OVERHEAD = "cloud-hypervisor-overhead", same("~13 MB"), 13.0, MegaBytes, CLOUD_HYPERVISOR_OVERHEAD, Secondary, Some(&AGACHE_2020);
    FIRECRACKER_PAPER_OVERHEAD = "firecracker-paper-overhead", same("~3 MB"), 3.0, MegaBytes, FIRECRACKER_PAPER_OVERHEAD, Secondary, Some(&AGACHE_2020);
    FIRECRACKER_RATE_PER_CORE = "firecracker-rate", t::FIRECRACKER_RATE_VALUE, 5.0, PerSecond, FIRECRACKER_RATE_PER_CORE, Primary, Some(&FIRECRACKER_DESIGN);
    FIRECRACKER_DEMO_COUNT = "firecracker-demo", same("4000"), 4000.0, Count, FIRECRACKER_DEMO_COUNT, Primary, Some(&FIRECRACKER_DEMO);
    GENERAL_VM_SIZE = "general-vm-size", t::GENERAL_VM_SIZE_VALUE, 1024.0, MegaBytes, GENERAL_VM_SIZE, Secondary, Some(&LIGHTVM_QUOTE);
    GUEST_OS_MEMORY = "guest-os-memory", same("512 MB"), 512.0, MegaBytes, GUEST_OS_MEMORY, Illustrative, None;
    CONTAINER_OVERHEAD = "container-overhead", t::CONTAINER_OVERHEAD_VALUE, 5.0, MegaBytes, CONTAINER_OVERHEAD, Illustrative, None;
    // CPU, network and I/O overhead (Felter et al. 2014).
    FELTER_LINPACK_NATIVE = "felter-linpack-native", same("290.8 GFLOPS"), 290.8, Count, FELTER_LINPACK_NATIVE, Secondary, Some(&FELTER_2014);
    FELTER_LINPACK_KVM = "felter-linpack-kvm", same("−17 %"), -17.0, Percent, FELTER_LINPACK_KVM, Secondary, Some(&FELTER_2014);
    FELTER_LINPACK_KVM_TUNED = "felter-linpack-kvm-tuned", same("−2 %"), -2.0, Percent, FELTER_LINPACK_KVM_TUNED, Secondary, Some(&FELTER_2014);
    FELTER_LATENCY = "felter-latency", same("+~30 µs (+80 %)"), 30.0, Microseconds, FELTER_LATENCY, Secondary, Some(&FELTER_2014);
    FELTER_IOPS = "felter-iops", t::FELTER_IOPS_VALUE, 50.0, Percent, FELTER_IOPS, Secondary, Some(&FELTER_2014);
    FELTER_MYSQL = "felter-mysql", same("> 40 %"), 40.0, Percent, FELTER_MYSQL, Secondary, Some(&FELTER_2014);
    FELTER_DOCKER = "felter-docker", t::FELTER_DOCKER_VALUE, 0.0, Percent, FELTER_DOCKER, Primary, Some(&FELTER_2014);
    // Isolation.
    NAMESPACE_TYPES = "namespace-types", same("8"), 8.0, Count, NAMESPACE_TYPES, Primary, Some(&NAMESPACES_7);
    SYSCALL_SURFACE = "syscall-surface", same("> 400"), 400.0, Count, SYSCALL_SURFACE, Secondary, Some(&CONTAINERD_BOOK);
    RUNC_CVE = "runc-cve", same("CVE-2019-5736 (CVSS 8.6)"), 8.6, Count, RUNC_CVE, Secondary, Some(&CONTAINERD_BOOK);
    FIRECRACKER_SECCOMP = "firecracker-seccomp", t::FIRECRACKER_SECCOMP_VALUE, 24.0, Count, FIRECRACKER_SECCOMP, Secondary, Some(&AGACHE_2020);
    // Images.
    ALPINE_SIZE = "alpine-size", same("3.8 MB"), 3.849738, MegaBytes, ALPINE_SIZE, Primary, Some(&REPO_INFO);
    DEBIAN_SLIM_SIZE = "debian-slim-size", same("28.2 MB"), 28.23259, MegaBytes, DEBIAN_SLIM_SIZE, Primary, Some(&REPO_INFO);
    UBUNTU_SIZE = "ubuntu-size", same("29.8 MB"), 29.764116, MegaBytes, UBUNTU_SIZE, Primary, Some(&REPO_INFO);
    DOCKER_ALPINE_LAYER = "docker-alpine-layer", same("5.6 MB"), 5.6, MegaBytes, DOCKER_ALPINE_LAYER, Primary, Some(&DOCKER_STORAGE);
    DOCKER_BASH_LAYER = "docker-bash-layer", same("2.15 MB"), 2.15, MegaBytes, DOCKER_BASH_LAYER, Primary, Some(&DOCKER_STORAGE);
    OVERLAY_LOWER_LAYERS = "overlay-lower-layers", same("128"), 128.0, Count, OVERLAY_LOWER_LAYERS, Primary, Some(&DOCKER_OVERLAYFS);
    WRITABLE_LAYER_START = "writable-layer-start", same("0 B"), 0.0, MegaBytes, WRITABLE_LAYER_START, Primary, Some(&DOCKER_STORAGE);
    // Kubernetes limits.
    MAX_PODS_DEFAULT = "max-pods-default", same("110"), 110.0, Count, MAX_PODS_DEFAULT, Primary, Some(&KUBELET_CONFIG);
    CLUSTER_MAX_NODES = "cluster-max-nodes", same("5,000"), 5000.0, Count, CLUSTER_MAX_NODES, Primary, Some(&K8S_LARGE);
    CLUSTER_MAX_PODS = "cluster-max-pods", same("150,000"), 150_000.0, Count, CLUSTER_MAX_PODS, Primary, Some(&K8S_LARGE);
    CLUSTER_MAX_CONTAINERS = "cluster-max-containers", same("300,000"), 300_000.0, Count, CLUSTER_MAX_CONTAINERS, Primary, Some(&K8S_LARGE);
    // EKS.
    EKS_API_SERVERS = "eks-api-servers", same("≥ 2"), 2.0, Count, EKS_API_SERVERS, Primary, Some(&EKS_ARCH);
    EKS_ETCD = "eks-etcd", same("3"), 3.0, Count, EKS_ETCD, Primary, Some(&EKS_ARCH);
    EKS_AZS = "eks-azs", same("3"), 3.0, Count, EKS_AZS, Primary, Some(&EKS_ARCH);
    EKS_ENIS = "eks-enis", same("2"), 2.0, Count, EKS_ENIS, Primary, Some(&EKS_BEST_PRACTICES);
    EKS_PRICE_HOUR = "eks-price-hour", t::EKS_PRICE_HOUR_VALUE, 0.10, Dollars, EKS_PRICE_HOUR, Primary, Some(&EKS_PRICING);
    EKS_PRICE_MONTH = "eks-price-month", t::EKS_PRICE_MONTH_VALUE, 73.0, Dollars, EKS_PRICE_MONTH, Primary, Some(&EKS_PRICING);
    EKS_EXTENDED_PRICE = "eks-extended-price", t::EKS_EXTENDED_PRICE_VALUE, 0.60, Dollars, EKS_EXTENDED_PRICE, Primary, Some(&EKS_PRICING);
    ECS_FEE = "ecs-fee", same("$0"), 0.0, Dollars, ECS_FEE, Secondary, Some(&ECS_PRICING);
    EKS_MNG_CAP_SMALL = "eks-mng-cap-small", same("110"), 110.0, Count, EKS_MNG_CAP_SMALL, Primary, Some(&EKS_MNG);
    EKS_MNG_CAP_LARGE = "eks-mng-cap-large", same("250"), 250.0, Count, EKS_MNG_CAP_LARGE, Primary, Some(&EKS_MNG);
    EKS_PREFIX = "eks-prefix", t::EKS_PREFIX_VALUE, 16.0, Count, EKS_PREFIX, Primary, Some(&EKS_MNG);
    FARGATE_OVERHEAD = "fargate-overhead", same("+256 MB"), 256.0, MegaBytes, FARGATE_OVERHEAD, Primary, Some(&EKS_FARGATE);
    FARGATE_SMALLEST = "fargate-smallest", same("0.25 vCPU / 0.5 GB"), 0.5, GigaBytes, FARGATE_SMALLEST, Primary, Some(&EKS_FARGATE);
    EKS_MAX_NODES = "eks-max-nodes", same("100,000"), 100_000.0, Count, EKS_MAX_NODES, Primary, Some(&EKS_ULTRA);
    // Image vs container, EKS (views-b).
    DOCKER_EXAMPLE_TOTAL = "docker-example-total", same("7.75 MB"), 7.75, MegaBytes, DOCKER_EXAMPLE_TOTAL, Primary, Some(&DOCKER_STORAGE);
    UBUNTU_DISK_2019 = "ubuntu-disk-2019", same("64.2 MB"), 64.2, MegaBytes, UBUNTU_DISK_2019, Primary, Some(&ALPINE_README);
    ALPINE_DISK_2019 = "alpine-disk-2019", same("5.58 MB"), 5.58, MegaBytes, ALPINE_DISK_2019, Primary, Some(&ALPINE_README);
    ENI_MAX_PODS_LARGEST = "eni-max-pods-largest", same("737"), 737.0, Count, ENI_MAX_PODS_LARGEST, Primary, Some(&ENI_MAX_PODS);
    INSTANCE_ENI_LIMITS = "instance-eni-limits", t::INSTANCE_ENI_LIMITS_VALUE, 3.0, Count, INSTANCE_ENI_LIMITS, Secondary, Some(&EC2_ENI);
    EKS_MNG_VCPU_THRESHOLD = "eks-mng-vcpu-threshold", same("30 vCPUs"), 30.0, Count, EKS_MNG_VCPU_THRESHOLD, Primary, Some(&EKS_MNG);
}

/// Pods per node under the VPC CNI: `ENIs × (IPv4 addresses per ENI − 1) + 2`
/// (`eni-max-pods.txt`; the first address of each ENI is the node's, +2 for host-network
/// pods).
pub fn vpc_cni_max_pods(enis: u32, ips_per_eni: u32) -> u32 {
    enis * ips_per_eni.saturating_sub(1) + 2
}

/// An EC2 instance type with its ENI limits and the maxPods upstream lists for it.
#[derive(Debug, PartialEq)]
pub struct Instance {
    pub name: &'static str,
    pub vcpus: u32,
    pub enis: u32,
    pub ips_per_eni: u32,
    /// The value in `eni-max-pods.txt` (primary source).
    pub listed_max_pods: u32,
}

/// Instance types from `eni-max-pods.txt` [P]; the ENI × IP limits fit those values and
/// come from the EC2 docs as summarised in the reference [S].
pub static INSTANCES: &[Instance] = &[
    Instance {
        name: "t3.micro",
        vcpus: 2,
        enis: 2,
        ips_per_eni: 2,
        listed_max_pods: 4,
    },
    Instance {
        name: "t3.small",
        vcpus: 2,
        enis: 3,
        ips_per_eni: 4,
        listed_max_pods: 11,
    },
    Instance {
        name: "t3.medium",
        vcpus: 2,
        enis: 3,
        ips_per_eni: 6,
        listed_max_pods: 17,
    },
    Instance {
        name: "m5.large",
        vcpus: 2,
        enis: 3,
        ips_per_eni: 10,
        listed_max_pods: 29,
    },
    Instance {
        name: "m5.xlarge",
        vcpus: 4,
        enis: 4,
        ips_per_eni: 15,
        listed_max_pods: 58,
    },
    Instance {
        name: "m5.2xlarge",
        vcpus: 8,
        enis: 4,
        ips_per_eni: 15,
        listed_max_pods: 58,
    },
    Instance {
        name: "m5.4xlarge",
        vcpus: 16,
        enis: 8,
        ips_per_eni: 30,
        listed_max_pods: 234,
    },
    Instance {
        name: "m5.24xlarge",
        vcpus: 96,
        enis: 15,
        ips_per_eni: 50,
        listed_max_pods: 737,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_has_a_source_unless_it_is_illustrative() {
        for f in FACTS {
            match f.tag {
                Tag::Illustrative => assert!(
                    f.source.is_none(),
                    "{}: illustrative facts cite nothing",
                    f.key
                ),
                _ => assert!(
                    f.source.is_some(),
                    "{}: a non-illustrative fact needs its source",
                    f.key
                ),
            }
            if let Some(s) = f.source {
                assert!(
                    SOURCES.iter().any(|x| std::ptr::eq(*x, s)),
                    "{}: source not registered",
                    f.key
                );
            }
        }
    }

    #[test]
    fn keys_are_unique_and_anchor_safe() {
        let mut keys: Vec<&str> = FACTS
            .iter()
            .map(|f| f.key)
            .chain(SOURCES.iter().map(|s| s.key))
            .collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
        assert!(keys.iter().all(|k| {
            k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
    }

    #[test]
    fn the_vpc_cni_formula_matches_the_listed_max_pods() {
        for i in INSTANCES {
            assert_eq!(
                vpc_cni_max_pods(i.enis, i.ips_per_eni),
                i.listed_max_pods,
                "{}",
                i.name
            );
        }
    }

    #[test]
    fn the_monthly_eks_price_follows_from_the_hourly_one() {
        // 730 hours a month, as AWS's pricing pages count.
        assert_eq!(
            (EKS_PRICE_HOUR.value * 730.0).round(),
            EKS_PRICE_MONTH.value
        );
    }
}
