//! The model behind "VM vs container": the two stacks, the boot race and the density
//! experiment. Pure data and functions: no yew, no browser. Every number about the world
//! comes from `crate::facts`; everything else here is the user's input or arithmetic on it.

use crate::facts::{self, Fact, Unit};

// ---------------------------------------------------------------------------------------
// The stacks

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hypervisor {
    /// Runs on the hardware itself.
    Type1,
    /// Runs as a program on a host operating system.
    Type2,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Hardware,
    HostOs,
    Hypervisor,
    GuestOs,
    VmLibs,
    VmApp,
    Kernel,
    Runtime,
    Isolation,
    CtLibs,
    CtApp,
}

impl Layer {
    /// Layers drawn once per VM or per container rather than once per host.
    pub fn per_instance(self) -> bool {
        matches!(
            self,
            Layer::GuestOs
                | Layer::VmLibs
                | Layer::VmApp
                | Layer::Isolation
                | Layer::CtLibs
                | Layer::CtApp
        )
    }

    /// A stable name for ids and tests.
    pub fn key(self) -> &'static str {
        match self {
            Layer::Hardware => "hardware",
            Layer::HostOs => "host-os",
            Layer::Hypervisor => "hypervisor",
            Layer::GuestOs => "guest-os",
            Layer::VmLibs => "vm-libs",
            Layer::VmApp => "vm-app",
            Layer::Kernel => "kernel",
            Layer::Runtime => "runtime",
            Layer::Isolation => "isolation",
            Layer::CtLibs => "ct-libs",
            Layer::CtApp => "ct-app",
        }
    }
}

/// The VM stack, top to bottom. A type 2 hypervisor sits on a host OS.
pub fn vm_stack(h: Hypervisor) -> Vec<Layer> {
    let mut s = vec![
        Layer::VmApp,
        Layer::VmLibs,
        Layer::GuestOs,
        Layer::Hypervisor,
    ];
    if h == Hypervisor::Type2 {
        s.push(Layer::HostOs);
    }
    s.push(Layer::Hardware);
    s
}

/// The container stack, top to bottom: one kernel for all.
pub fn container_stack() -> Vec<Layer> {
    vec![
        Layer::CtApp,
        Layer::CtLibs,
        Layer::Isolation,
        Layer::Runtime,
        Layer::Kernel,
        Layer::Hardware,
    ]
}

/// Kernels on one host running `n` workloads: one per VM, one in all for containers.
pub fn kernels(vm: bool, n: u32) -> u32 {
    if vm { n } else { n.min(1) }
}

// ---------------------------------------------------------------------------------------
// The boot race

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    Vm,
    MicroVm,
    Container,
}

impl Lane {
    pub const ALL: [Lane; 3] = [Lane::Vm, Lane::MicroVm, Lane::Container];

    pub fn key(self) -> &'static str {
        match self {
            Lane::Vm => "vm",
            Lane::MicroVm => "microvm",
            Lane::Container => "container",
        }
    }
}

/// Where the container measurement was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disk {
    Ssd,
    Hdd,
}

/// How fast the race plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    /// One second on screen is one second of boot.
    RealTime,
    /// Ten seconds on screen for each second of boot.
    Slow10,
}

impl Speed {
    /// Simulated milliseconds per wall-clock millisecond.
    pub fn factor(self) -> f64 {
        match self {
            Speed::RealTime => 1.0,
            Speed::Slow10 => 0.1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RaceSetup {
    /// The full VM's boot time: the user's value (no authoritative figure exists).
    pub vm_ms: f64,
    pub disk: Disk,
}

impl Default for RaceSetup {
    fn default() -> Self {
        RaceSetup {
            vm_ms: facts::FULL_VM_BOOT.value,
            disk: Disk::Ssd,
        }
    }
}

/// The cited fact behind a lane's time (the VM's is illustrative).
pub fn lane_fact(lane: Lane, disk: Disk) -> &'static Fact {
    match (lane, disk) {
        (Lane::Vm, _) => &facts::FULL_VM_BOOT,
        (Lane::MicroVm, _) => &facts::FIRECRACKER_BOOT,
        (Lane::Container, Disk::Ssd) => &facts::CONTAINER_START_SSD,
        (Lane::Container, Disk::Hdd) => &facts::CONTAINER_START_HDD,
    }
}

/// When the lane reaches its finish line, in milliseconds after the start.
pub fn finish_ms(lane: Lane, s: &RaceSetup) -> f64 {
    match lane {
        Lane::Vm => s.vm_ms,
        other => ms_of(lane_fact(other, s.disk)),
    }
}

fn ms_of(f: &Fact) -> f64 {
    match f.unit {
        Unit::Seconds => f.value * 1000.0,
        _ => f.value,
    }
}

/// When the last lane finishes.
pub fn race_end_ms(s: &RaceSetup) -> f64 {
    Lane::ALL
        .iter()
        .map(|l| finish_ms(*l, s))
        .fold(0.0, f64::max)
}

/// A logarithmic time axis: each gridline is ten times the one before.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogAxis {
    pub min_ms: f64,
    pub max_ms: f64,
}

impl LogAxis {
    /// From 10 ms to the power of ten at or above `end_ms`.
    pub fn for_end(end_ms: f64) -> LogAxis {
        let min_ms = 10.0;
        let end = end_ms.max(min_ms * 10.0);
        // The smallest power of ten at or above `end` (a loop, not `powf`: smaller wasm).
        let mut max_ms = min_ms;
        while max_ms < end * (1.0 - 1e-9) && max_ms < 1e12 {
            max_ms *= 10.0;
        }
        LogAxis { min_ms, max_ms }
    }

    /// Where `t_ms` sits on the axis, from 0 to 1.
    pub fn pos(&self, t_ms: f64) -> f64 {
        if t_ms.is_nan() || t_ms <= self.min_ms {
            return 0.0;
        }
        ((t_ms / self.min_ms).log10() / (self.max_ms / self.min_ms).log10()).clamp(0.0, 1.0)
    }

    /// The gridlines, in milliseconds.
    pub fn ticks(&self) -> Vec<f64> {
        let mut t = self.min_ms;
        let mut out = vec![];
        while t <= self.max_ms * 1.0001 && out.len() < 12 {
            out.push(t);
            t *= 10.0;
        }
        out
    }
}

/// A lane at simulated time `t_ms`: how far along the axis its bar reaches, and whether it
/// has finished.
pub fn lane_at(lane: Lane, s: &RaceSetup, axis: &LogAxis, t_ms: f64) -> (f64, bool) {
    let end = finish_ms(lane, s);
    (axis.pos(t_ms.min(end)), t_ms >= end)
}

/// `v` rounded to `decimals` places, without trailing zeros: `fixed(1.157, 2)` is "1.16",
/// `fixed(20.0, 1)` is "20". Integer arithmetic only: float formatting would add several
/// kilobytes to the download.
pub fn fixed(v: f64, decimals: u32) -> String {
    if !v.is_finite() {
        return "∞".into();
    }
    let scale = 10u64.pow(decimals);
    let n = (v.abs() * scale as f64).round().min(1e18) as u64;
    let sign = if v < 0.0 && n > 0 { "-" } else { "" };
    let (int, mut frac) = (n / scale, n % scale);
    let mut digits = decimals as usize;
    while digits > 0 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    if digits == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0digits$}")
    }
}

/// A time for labels: "125 ms", "1.16 s", "20 s".
pub fn fmt_ms(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", fixed(ms, 0))
    } else if ms < 10_000.0 {
        format!("{} s", fixed(ms / 1000.0, 2))
    } else {
        format!("{} s", fixed(ms / 1000.0, 1))
    }
}

/// A CSS percentage for a fraction from 0 to 1.
pub fn pct(f: f64) -> String {
    format!("{}%", fixed(f.clamp(0.0, 1.0) * 100.0, 2))
}

// ---------------------------------------------------------------------------------------
// Density

/// The per-VM monitor process whose memory overhead is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vmm {
    Qemu,
    Firecracker,
}

impl Vmm {
    pub fn fact(self) -> &'static Fact {
        match self {
            Vmm::Qemu => &facts::QEMU_OVERHEAD,
            Vmm::Firecracker => &facts::FIRECRACKER_OVERHEAD,
        }
    }

    /// Its overhead in MB (MiB converted).
    pub fn mb(self) -> f64 {
        mb_of(self.fact())
    }
}

fn mb_of(f: &Fact) -> f64 {
    match f.unit {
        Unit::MebiBytes => f.value * 1.048_576,
        Unit::GigaBytes => f.value * 1000.0,
        _ => f.value,
    }
}

/// The experiment's inputs. Memory in MB (10^6 bytes), the host in GB, CPU in cores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Density {
    pub host_gb: f64,
    pub host_cores: f64,
    pub app_mb: f64,
    /// The CPU one instance of the app keeps busy, in cores.
    pub app_cpu: f64,
    pub instances: u32,
    /// Memory each guest OS keeps for itself: an assumption (illustrative).
    pub guest_mb: f64,
    pub vmm: Vmm,
    /// Memory a container adds beyond its app: an assumption (illustrative).
    pub ct_overhead_mb: f64,
    /// vCPUs given out per physical core (1: no overcommit): the user's choice.
    pub overcommit: f64,
}

impl Default for Density {
    fn default() -> Self {
        Density {
            host_gb: 64.0,
            host_cores: 16.0,
            app_mb: 256.0,
            app_cpu: 0.25,
            instances: 100,
            guest_mb: facts::GUEST_OS_MEMORY.value,
            vmm: Vmm::Qemu,
            ct_overhead_mb: facts::CONTAINER_OVERHEAD.value,
            overcommit: 1.0,
        }
    }
}

/// What fills the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    GuestOs,
    Vmm,
    App,
    CtOverhead,
}

/// What runs out first on a full host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Memory,
    Cpu,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fill {
    /// Memory of one instance, by part.
    pub per_instance: Vec<(Part, f64)>,
    /// Physical cores one instance holds.
    pub cpu_each: f64,
    /// How many instances the host's memory holds, and its cores.
    pub mem_capacity: u64,
    pub cpu_capacity: u64,
    /// How many instances the host holds at most (the smaller of the two).
    pub capacity: u64,
    pub limit: Limit,
    /// How many of the wanted instances are placed (`min(wanted, capacity)`).
    pub placed: u32,
    pub host_mb: f64,
    pub host_cores: f64,
}

/// How many of `each` fit in `total` (no limit when `each` is zero).
fn fits(total: f64, each: f64) -> u64 {
    if each > 0.0 {
        // A little slack so that 0.1 + 0.2 style rounding never loses a whole instance.
        ((total + 1e-6) / each).floor().min(u64::MAX as f64) as u64
    } else {
        u64::MAX
    }
}

impl Fill {
    fn new(per_instance: Vec<(Part, f64)>, cpu_each: f64, d: &Density) -> Fill {
        let each: f64 = per_instance.iter().map(|(_, mb)| mb).sum();
        let host_mb = d.host_mb();
        let mem_capacity = fits(host_mb, each);
        let cpu_capacity = fits(d.host_cores, cpu_each);
        let (capacity, limit) = if cpu_capacity < mem_capacity {
            (cpu_capacity, Limit::Cpu)
        } else {
            (mem_capacity, Limit::Memory)
        };
        Fill {
            per_instance,
            cpu_each,
            mem_capacity,
            cpu_capacity,
            capacity,
            limit,
            placed: (d.instances as u64).min(capacity) as u32,
            host_mb,
            host_cores: d.host_cores,
        }
    }

    pub fn each_mb(&self) -> f64 {
        self.per_instance.iter().map(|(_, mb)| mb).sum()
    }

    pub fn used_mb(&self) -> f64 {
        self.each_mb() * self.placed as f64
    }

    pub fn used_cores(&self) -> f64 {
        self.cpu_each * self.placed as f64
    }

    /// Memory used by each part over all placed instances, then what is left free.
    pub fn totals(&self) -> (Vec<(Part, f64)>, f64) {
        let parts = self
            .per_instance
            .iter()
            .map(|(p, mb)| (*p, mb * self.placed as f64))
            .collect();
        (parts, (self.host_mb - self.used_mb()).max(0.0))
    }
}

impl Density {
    pub fn host_mb(&self) -> f64 {
        self.host_gb * 1000.0
    }

    /// The vCPUs one VM needs: the app's CPU, more under the hypervisor's CPU overhead
    /// (Felter et al., Linpack under untuned KVM), rounded up to whole vCPUs, at least one.
    pub fn vcpus(&self) -> f64 {
        let kept = 1.0 + facts::FELTER_LINPACK_KVM.value / 100.0;
        (self.app_cpu / kept - 1e-9).ceil().max(1.0)
    }

    /// Per VM: a guest OS, the monitor process, and the app; whole vCPUs, shared out
    /// `overcommit` to a core.
    pub fn vms(&self) -> Fill {
        Fill::new(
            vec![
                (Part::GuestOs, self.guest_mb),
                (Part::Vmm, self.vmm.mb()),
                (Part::App, self.app_mb),
            ],
            self.vcpus() / self.overcommit,
            self,
        )
    }

    /// Per container: the app and a small overhead, on the one shared kernel; its CPU is a
    /// cgroup share of any size, at native speed (Felter et al.).
    pub fn containers(&self) -> Fill {
        Fill::new(
            vec![
                (Part::App, self.app_mb),
                (Part::CtOverhead, self.ct_overhead_mb),
            ],
            self.app_cpu,
            self,
        )
    }
}

/// An input of the experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    HostGb,
    HostCores,
    AppMb,
    AppCpu,
    Instances,
    GuestMb,
    CtOverheadMb,
    Overcommit,
    /// The full VM's boot time, in seconds (boot race).
    VmSeconds,
}

impl Field {
    /// The accepted range, inclusive.
    pub fn range(self) -> (f64, f64) {
        match self {
            Field::HostGb => (1.0, 4096.0),
            Field::HostCores => (1.0, 1024.0),
            Field::AppMb => (1.0, 65_536.0),
            Field::AppCpu => (0.01, 256.0),
            Field::Overcommit => (1.0, 16.0),
            Field::Instances => (1.0, 10_000.0),
            Field::GuestMb => (1.0, 65_536.0),
            Field::CtOverheadMb => (0.0, 4096.0),
            Field::VmSeconds => (1.0, 600.0),
        }
    }

    pub fn whole(self) -> bool {
        matches!(self, Field::Instances | Field::HostCores)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputError {
    Empty,
    NotANumber,
    NotWhole,
    OutOfRange { min: f64, max: f64 },
}

/// Parses what the user typed for `field`: a number (a decimal comma is accepted, and
/// spaces and thousands separators are ignored), within the field's range.
pub fn parse_field(field: Field, text: &str) -> Result<f64, InputError> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\'')
        .collect();
    if t.is_empty() {
        return Err(InputError::Empty);
    }
    // "1,5" is one and a half; "1,024" and "10,000" are thousands.
    let t = match t.split_once(',') {
        Some((a, b)) if b.len() == 3 && !b.contains(',') && !a.contains('.') => format!("{a}{b}"),
        Some((a, b)) if !b.contains(',') && !a.contains('.') => format!("{a}.{b}"),
        Some(_) => t.replace(',', ""),
        None => t,
    };
    let v = parse_decimal(&t).ok_or(InputError::NotANumber)?;
    let (min, max) = field.range();
    if !v.is_finite() || v < min || v > max {
        return Err(InputError::OutOfRange { min, max });
    }
    if field.whole() && v.fract() != 0.0 {
        return Err(InputError::NotWhole);
    }
    Ok(v)
}

/// Numbers as the fields accept them: the engine's small decimal parser (no exponents, no
/// "inf" or "NaN").
pub use sim::util::parse_decimal;

impl Density {
    /// The inputs with `field` set to `v` (already parsed and in range).
    pub fn with(self, field: Field, v: f64) -> Density {
        let mut d = self;
        match field {
            Field::HostGb => d.host_gb = v,
            Field::HostCores => d.host_cores = v,
            Field::AppMb => d.app_mb = v,
            Field::AppCpu => d.app_cpu = v,
            Field::Overcommit => d.overcommit = v,
            Field::Instances => d.instances = v as u32,
            Field::GuestMb => d.guest_mb = v,
            Field::CtOverheadMb => d.ct_overhead_mb = v,
            Field::VmSeconds => {}
        }
        d
    }
}

/// A number for labels without needless decimals: 64, 0.5, 131, 5.2, 0.25.
pub fn fmt_num(v: f64) -> String {
    fixed(
        v,
        if v >= 100.0 {
            0
        } else if v < 1.0 {
            2
        } else {
            1
        },
    )
}

/// Memory for labels: "900 MB", "45.1 GB".
pub fn fmt_mb(mb: f64) -> String {
    if mb >= 1000.0 {
        format!("{} GB", fmt_num(mb / 1000.0))
    } else {
        format!("{} MB", fmt_num(mb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_2_hypervisor_sits_on_a_host_os() {
        assert_eq!(
            vm_stack(Hypervisor::Type1),
            [
                Layer::VmApp,
                Layer::VmLibs,
                Layer::GuestOs,
                Layer::Hypervisor,
                Layer::Hardware
            ]
        );
        let t2 = vm_stack(Hypervisor::Type2);
        assert_eq!(t2[t2.len() - 2], Layer::HostOs);
        assert_eq!(t2.len(), 6);
        assert!(!container_stack().contains(&Layer::GuestOs));
        assert_eq!(container_stack().last(), Some(&Layer::Hardware));
        assert_eq!((kernels(true, 3), kernels(false, 3)), (3, 1));
    }

    #[test]
    fn the_race_uses_the_cited_figures() {
        let s = RaceSetup::default();
        assert_eq!(finish_ms(Lane::MicroVm, &s), 125.0);
        assert_eq!(finish_ms(Lane::Container, &s), 568.0);
        let hdd = RaceSetup {
            disk: Disk::Hdd,
            ..s
        };
        assert_eq!(finish_ms(Lane::Container, &hdd), 1157.0);
        assert_eq!(finish_ms(Lane::Vm, &s), 20_000.0);
        assert_eq!(lane_fact(Lane::Vm, Disk::Ssd).tag, facts::Tag::Illustrative);
        assert_eq!(race_end_ms(&s), 20_000.0);
        // A VM faster than a container is the user's choice, and the end follows it.
        let quick = RaceSetup { vm_ms: 50.0, ..s };
        assert_eq!(race_end_ms(&quick), 568.0);
    }

    #[test]
    fn the_log_axis_puts_each_power_of_ten_one_step_further() {
        let a = LogAxis::for_end(20_000.0);
        assert_eq!((a.min_ms, a.max_ms), (10.0, 100_000.0));
        assert_eq!(a.ticks(), [10.0, 100.0, 1000.0, 10_000.0, 100_000.0]);
        assert_eq!(a.pos(10.0), 0.0);
        assert!((a.pos(100.0) - 0.25).abs() < 1e-9);
        assert!((a.pos(10_000.0) - 0.75).abs() < 1e-9);
        assert_eq!(a.pos(1e9), 1.0);
        assert_eq!(a.pos(0.0), 0.0);
        assert_eq!(a.pos(f64::NAN), 0.0);
        assert_eq!(LogAxis::for_end(1000.0).max_ms, 1000.0);
        assert_eq!(LogAxis::for_end(1.0).max_ms, 100.0);
    }

    #[test]
    fn lanes_stop_at_their_finish_line() {
        let s = RaceSetup::default();
        let a = LogAxis::for_end(race_end_ms(&s));
        let (p, done) = lane_at(Lane::MicroVm, &s, &a, 100.0);
        assert!(!done && p > 0.0);
        let (p1, done) = lane_at(Lane::MicroVm, &s, &a, 5000.0);
        assert!(done);
        assert_eq!(p1, a.pos(125.0));
        let (_, vm_done) = lane_at(Lane::Vm, &s, &a, 19_999.0);
        assert!(!vm_done);
    }

    #[test]
    fn times_read_naturally() {
        assert_eq!(fmt_ms(125.0), "125 ms");
        assert_eq!(fmt_ms(1157.0), "1.16 s");
        assert_eq!(fmt_ms(2000.0), "2 s");
        assert_eq!(fmt_ms(20_000.0), "20 s");
        assert_eq!(fmt_ms(12_345.0), "12.3 s");
        assert_eq!(fmt_mb(900.0), "900 MB");
        assert_eq!(fmt_mb(64_000.0), "64 GB");
        assert_eq!(fmt_mb(5.24288), "5.2 MB");
        assert_eq!(fmt_mb(45_100.0), "45.1 GB");
        assert_eq!(fixed(0.125, 2), "0.13");
        assert_eq!(fixed(-0.001, 1), "0");
        assert_eq!(fixed(-2.5, 1), "-2.5");
        assert_eq!(fixed(f64::NAN, 1), "∞");
        assert_eq!(pct(0.5), "50%");
        assert_eq!(pct(0.123456), "12.35%");
        assert_eq!(pct(7.0), "100%");
        assert_eq!(fmt_num(64.0), "64");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(1234.5), "1235");
    }

    #[test]
    fn density_follows_its_inputs() {
        let d = Density::default();
        // A VM: 512 (guest OS) + 131 (QEMU) + 256 (app) = 899 MB; 64 GB / 899 MB = 71.
        let vms = d.vms();
        assert_eq!(vms.each_mb(), 899.0);
        assert_eq!(vms.mem_capacity, 71);
        // A quarter of a core of work still takes a whole vCPU: 16 cores hold 16 VMs.
        assert_eq!(d.vcpus(), 1.0);
        assert_eq!(vms.cpu_capacity, 16);
        assert_eq!((vms.capacity, vms.limit), (16, Limit::Cpu));
        assert_eq!(vms.placed, 16);
        // A container: 256 + 5 = 261 MB; 64 GB / 261 MB = 245; by CPU 16 / 0.25 = 64.
        let cts = d.containers();
        assert_eq!(cts.mem_capacity, 245);
        assert_eq!(cts.cpu_capacity, 64);
        assert_eq!((cts.capacity, cts.limit), (64, Limit::Cpu));
        assert_eq!(cts.placed, 64);
        // With a big host CPU, memory decides again.
        let wide = d.with(Field::HostCores, 256.0);
        assert_eq!((wide.vms().capacity, wide.vms().limit), (71, Limit::Memory));
        assert_eq!(wide.containers().capacity, 245);
        // More host memory, more of each (when memory decides).
        let big = wide.with(Field::HostGb, 128.0);
        assert_eq!((big.vms().capacity, big.containers().capacity), (142, 490));
        // A bigger app, fewer.
        let fat = wide.with(Field::AppMb, 1024.0);
        assert_eq!(fat.vms().capacity, 64_000 / (512 + 131 + 1024));
        assert_eq!(fat.containers().capacity, 64_000 / 1029);
        // Firecracker's monitor is far smaller than QEMU's.
        let fc = Density {
            vmm: Vmm::Firecracker,
            ..wide
        };
        assert_eq!(
            fc.vms().capacity,
            (64_000.0 / (512.0 + 5.24288 + 256.0)) as u64
        );
        // The hypervisor's CPU overhead (−17 %) takes a busy app over one vCPU: 0.9 cores
        // of work needs 0.9 / 0.83 = 1.08, so two vCPUs.
        let busy = d.with(Field::AppCpu, 0.9);
        assert_eq!(busy.vcpus(), 2.0);
        assert_eq!(busy.vms().cpu_capacity, 8);
        assert_eq!(busy.containers().cpu_capacity, 17);
        // Overcommitting vCPUs four to a core packs four times as many VMs by CPU.
        let over = d.with(Field::Overcommit, 4.0);
        assert_eq!(over.vms().cpu_capacity, 64);
        // Totals add up to the host.
        let (parts, free) = vms.totals();
        let used: f64 = parts.iter().map(|(_, mb)| mb).sum();
        assert!((used + free - 64_000.0).abs() < 1e-6);
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        use InputError::*;
        assert_eq!(parse_field(Field::HostGb, ""), Err(Empty));
        assert_eq!(parse_field(Field::HostGb, "   "), Err(Empty));
        assert_eq!(parse_field(Field::HostGb, "lots"), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "12abc"), Err(NotANumber));
        assert!(matches!(
            parse_field(Field::HostGb, "-4"),
            Err(OutOfRange { .. })
        ));
        assert_eq!(parse_field(Field::HostGb, "1e30"), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "inf"), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "NaN"), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "1.2.3"), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "."), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "-"), Err(NotANumber));
        assert_eq!(parse_field(Field::HostGb, "+8"), Ok(8.0));
        assert_eq!(parse_field(Field::AppMb, "1.25"), Ok(1.25));
        assert_eq!(parse_field(Field::Instances, "2.5"), Err(NotWhole));
        assert_eq!(parse_field(Field::Instances, "1,000"), Ok(1000.0));
        assert_eq!(
            parse_field(Field::HostGb, " 0,5 "),
            Err(OutOfRange {
                min: 1.0,
                max: 4096.0
            })
        );
        assert_eq!(
            parse_field(Field::AppMb, "0,5"),
            Err(OutOfRange {
                min: 1.0,
                max: 65_536.0
            })
        );
        assert_eq!(parse_field(Field::HostGb, "1,5"), Ok(1.5));
        assert_eq!(parse_field(Field::CtOverheadMb, "0"), Ok(0.0));
        assert_eq!(
            parse_field(Field::AppMb, "0.25"),
            Err(OutOfRange {
                min: 1.0,
                max: 65_536.0
            })
        );
        assert_eq!(parse_field(Field::AppMb, "1.25"), Ok(1.25));
        assert_eq!(parse_field(Field::VmSeconds, "45"), Ok(45.0));
        assert_eq!(
            parse_field(Field::HostGb, &"9".repeat(400)),
            Err(OutOfRange {
                min: 1.0,
                max: 4096.0
            })
        );
    }

    #[test]
    fn a_zero_sized_instance_never_divides_by_zero() {
        let d = Density {
            instances: 7,
            ..Density::default()
        };
        let f = Fill::new(vec![(Part::App, 0.0)], 0.0, &d);
        assert_eq!(f.capacity, u64::MAX);
        assert_eq!(f.placed, 7);
    }
}
