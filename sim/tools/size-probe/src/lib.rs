//! The engine's public API exercised the way the app drives it (no scenario parsing, no
//! trace, no English text): build a cluster with the create API, run command lines typed by
//! the user, advance time, and read nodes, pods, events, series, decisions, HPA computations,
//! store keys, timing and the defaults table. `sim/tools/size-probe/run.sh` builds it for
//! wasm32 with the app's release profile and reports its size after wasm-opt.

use std::cell::RefCell;
use std::hint::black_box;

thread_local! {
    static SIM: RefCell<Option<sim::Sim>> = const { RefCell::new(None) };
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer of `len` bytes the host fills with a command line; returns its address.
#[unsafe(no_mangle)]
pub extern "C" fn input(len: u32) -> *mut u8 {
    INPUT.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.resize(len as usize, 0);
        b.as_mut_ptr()
    })
}

fn labels(app: &str) -> sim::objects::Labels {
    let mut l = sim::objects::Labels::new();
    l.insert("app".into(), app.into());
    l
}

/// A new cluster: `nodes` nodes, one Deployment behind a Service with an HPA and load.
#[unsafe(no_mangle)]
pub extern "C" fn new_sim(seed: u32, nodes: u32, replicas: u32, classroom: u32) -> u32 {
    use sim::objects::*;
    let mut cfg = sim::SimConfig {
        seed: seed as u64,
        ..Default::default()
    };
    if classroom != 0 {
        cfg.profile = sim::Profile::Classroom;
    }
    let mut s = sim::Sim::new(cfg);
    let mut ok = 0;
    for i in 0..nodes {
        let res = NodeResources {
            cpu: Cpu(4000),
            memory: Mem(16 << 30),
            pods: 110,
        };
        ok += s
            .add_node(Node::with_resources(&format!("node-{}", i + 1), res))
            .is_ok() as u32;
    }
    let container = Container {
        name: "app".into(),
        image: "nginx:1.27".into(),
        resources: Resources {
            requests: ResourceList {
                cpu: Some(Cpu(500)),
                memory: Some(Mem(256 << 20)),
            },
            limits: ResourceList::default(),
        },
        readiness_probe: Some(Probe {
            initial_delay_seconds: 5,
            period_seconds: 10,
        }),
    };
    ok += s
        .create_service(Service {
            metadata: ObjectMeta::named("web", "default"),
            spec: ServiceSpec {
                selector: labels("web"),
                ports: vec![ServicePort {
                    port: 80,
                    target_port: Some(8080),
                }],
            },
        })
        .is_ok() as u32;
    ok += s
        .create_deployment(Deployment {
            metadata: ObjectMeta::named("web", "default"),
            spec: DeploymentSpec {
                replicas,
                selector: LabelSelector {
                    match_labels: labels("web"),
                },
                template: PodTemplate {
                    metadata: TemplateMeta {
                        labels: labels("web"),
                        annotations: Labels::new(),
                    },
                    spec: PodSpec {
                        containers: vec![container],
                        ..Default::default()
                    },
                },
                strategy: Strategy::default(),
                min_ready_seconds: 0,
                revision_history_limit: 10,
            },
            status: DeploymentStatus::default(),
        })
        .is_ok() as u32;
    ok += s
        .create_hpa(HorizontalPodAutoscaler {
            metadata: ObjectMeta::named("web", "default"),
            spec: HpaSpec {
                scale_target_ref: ScaleTargetRef {
                    api_version: Some("apps/v1".into()),
                    kind: "Deployment".into(),
                    name: "web".into(),
                },
                min_replicas: Some(2),
                max_replicas: 20,
                metrics: vec![],
                behavior: Some(Behavior::default()),
            },
            status: HpaStatus::default(),
        })
        .is_ok() as u32;
    ok += s
        .put_load(sim::load::LoadSpec {
            service: "web".into(),
            pattern: sim::load::Pattern::Steady { rps: 100.0 },
            cost_cpu_ms: 10.0,
            base_latency_ms: 20.0,
        })
        .is_ok() as u32;
    SIM.with(|x| *x.borrow_mut() = Some(s));
    ok
}

/// Runs the command line in the input buffer: 0 when applied, else 1 + the error's column.
#[unsafe(no_mangle)]
pub extern "C" fn run() -> u32 {
    let line = INPUT.with(|b| String::from_utf8_lossy(&b.borrow()).into_owned());
    SIM.with(|x| {
        let mut x = x.borrow_mut();
        let Some(s) = x.as_mut() else { return 0 };
        // The console parses first (to underline errors as one types), then applies.
        match sim::parse_command(&line) {
            Err(e) => {
                black_box(&e.kind);
                1 + e.pos as u32
            }
            Ok(cmd) => match s.apply(&cmd) {
                Ok(a) => {
                    black_box(a.first_event);
                    0
                }
                Err(e) => {
                    black_box(&e.kind);
                    1 + e.pos as u32
                }
            },
        }
    })
}

/// Runs the input line through `Sim::exec` (the kubectl console: get/describe text); returns
/// the output's length, or 0 on error.
#[unsafe(no_mangle)]
pub extern "C" fn exec() -> u32 {
    let line = INPUT.with(|b| String::from_utf8_lossy(&b.borrow()).into_owned());
    SIM.with(|x| {
        let mut x = x.borrow_mut();
        let Some(s) = x.as_mut() else { return 0 };
        match s.exec(&line) {
            Ok(out) => out.len() as u32,
            Err(e) => {
                black_box(&e.kind);
                0
            }
        }
    })
}

/// Advances `ms` and reads everything the Cluster view draws; returns the next event cursor.
#[unsafe(no_mangle)]
pub extern "C" fn frame(ms: u32, cursor: u32) -> u32 {
    SIM.with(|x| {
        let mut x = x.borrow_mut();
        let Some(s) = x.as_mut() else { return 0 };
        s.advance(ms as u64);
        let mut acc = 0u64;
        for n in s.nodes() {
            acc += n.requested_cpu + n.pods.len() as u64 + n.powered as u64;
            black_box(&n);
        }
        for p in s.pods() {
            acc += p.cpu_usage;
            black_box(&p);
        }
        let (events, missed) = s.events_since(cursor as u64);
        let mut next = cursor as u64;
        for e in events {
            next = e.id;
            black_box(e);
        }
        acc += missed as u64;
        for (k, ring) in &s.series().services {
            black_box(k);
            black_box(ring.last());
        }
        black_box(s.series().cluster.last());
        black_box(s.scheduler().decisions().last());
        black_box(s.scheduler().queue().count());
        black_box(s.last_hpa_computation("default", "web"));
        for k in s.store().keys() {
            black_box(&k);
        }
        black_box(s.store().changes_since(s.store().revision().saturating_sub(10)));
        black_box(s.timing().entries());
        black_box(sim::Sim::defaults());
        for d in s.deployments() {
            black_box(d);
        }
        for h in s.hpas() {
            black_box(h);
        }
        black_box(acc);
        next as u32
    })
}

/// Keeps a checkpoint (the app's "step back") and returns to it when `restore` is non-zero.
#[unsafe(no_mangle)]
pub extern "C" fn checkpoint(restore: u32) {
    thread_local! {
        static SAVED: RefCell<Option<sim::Sim>> = const { RefCell::new(None) };
    }
    SIM.with(|x| {
        SAVED.with(|c| {
            if restore != 0 {
                if let Some(s) = c.borrow().clone() {
                    *x.borrow_mut() = Some(s);
                }
            } else {
                *c.borrow_mut() = x.borrow().clone();
            }
        })
    })
}
