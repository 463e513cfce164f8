//! The request path, built from the engine's events: what a command sets in motion, as a list
//! of hops between the diagram's parts (kubectl, kube-apiserver's stages, etcd, the
//! controllers, the scheduler, a kubelet and its runtime, status flowing back). The view
//! plays the hops one by one at a readable pace; with reduced motion it shows the same list
//! without movement.
//!
//! Only the first pod a command creates is followed to Ready (the others are counted), so a
//! scale to 10 does not become a 60-step film.

use super::snapshot::Part;
use sim::events::EventKind;
use sim::objects::Kind;
use sim::{Event, Sim};
use std::rc::Rc;

/// What happens at one hop (rendered with the catalogue in both languages).
#[derive(Clone, Debug, PartialEq)]
pub enum HopKind {
    /// kubectl sends the request (the command line).
    Sent(String),
    Authn,
    Authz,
    Admission,
    /// The write landed in etcd at this revision (key shown).
    Stored {
        key: String,
        revision: u64,
    },
    /// The Deployment controller resized a ReplicaSet.
    ScaledRs {
        rs: String,
        from: u32,
        to: u32,
    },
    /// The ReplicaSet controller created a pod (and `more` others in the same pass).
    CreatedPod {
        pod: String,
        more: u32,
    },
    /// The scheduler saw the unscheduled pod through its watch and bound it.
    Bound {
        pod: String,
        node: String,
        score: i64,
        max: i64,
    },
    /// No node fits the pod.
    Unschedulable {
        pod: String,
    },
    /// The kubelet on the chosen node saw the binding through its watch and admitted the pod.
    Watched,
    /// The kubelet asked the runtime to pull the image (it was not on the node).
    Pulling {
        image: String,
    },
    Started,
    /// The kubelet reported the pod Ready back to the API server.
    Ready {
        pod: String,
    },
    /// The endpoints controller updated the Service's endpoints.
    Endpoints {
        ready: u32,
    },
    /// A node was cordoned, uncordoned or drained: the Node object changed.
    NodeChanged,
    /// Pods were deleted gracefully (drain, delete).
    Evicting {
        pods: u32,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    pub at: Part,
    pub kind: HopKind,
    pub t_ms: u64,
}

/// A path being followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub hops: Vec<Hop>,
    /// Hops already shown (the current one is `shown - 1`).
    pub shown: usize,
    /// Wall milliseconds spent on the current hop.
    pub dwell: f64,
    /// The pod followed to Ready, once one was created.
    pub follow: Option<String>,
    /// Events after this id are still to be read.
    pub cursor: u64,
    pub started_ms: u64,
    /// No more hops will come (the pod is Ready, or the path had nothing to follow).
    pub complete: bool,
}

/// Wall time each hop stays highlighted.
pub const HOP_MS: f64 = 900.0;
/// Give up following after this much simulated time.
const FOLLOW_LIMIT_MS: u64 = 120_000;

fn api() -> Part {
    Part::ApiServer
}

impl Path {
    /// A path for an API command that was just applied: `line` as typed, `first_event` and
    /// `rev_before` from just before it ran.
    pub fn start(sim: &Sim, line: &str, first_event: u64, rev_before: u64) -> Path {
        let t = sim.now_ms();
        let mut hops = vec![
            Hop {
                at: Part::User,
                kind: HopKind::Sent(line.to_string()),
                t_ms: t,
            },
            Hop {
                at: api(),
                kind: HopKind::Authn,
                t_ms: t,
            },
            Hop {
                at: api(),
                kind: HopKind::Authz,
                t_ms: t,
            },
            Hop {
                at: api(),
                kind: HopKind::Admission,
                t_ms: t,
            },
        ];
        let (changes, _) = sim.store().changes_since(rev_before);
        // Only workloads and nodes set pods in motion; an autoscaler's object ends the story
        // once it is stored (its effects come later, on the autoscaler's own time).
        let follows = changes.first().is_some_and(|c| {
            matches!(
                c.object.kind,
                Kind::Deployment | Kind::ReplicaSet | Kind::Pod | Kind::Node
            )
        });
        if let Some(c) = changes.first() {
            hops.push(Hop {
                at: Part::Etcd,
                kind: HopKind::Stored {
                    key: c.object.key(),
                    revision: c.revision,
                },
                t_ms: t,
            });
        }
        let mut p = Path {
            hops,
            shown: 1,
            dwell: 0.0,
            follow: None,
            cursor: first_event.saturating_sub(1),
            started_ms: t,
            complete: !follows,
        };
        p.read(sim);
        p
    }

    /// Reads new events into hops.
    pub fn read(&mut self, sim: &Sim) {
        if self.complete {
            return;
        }
        let (events, _) = sim.events_since(self.cursor);
        let mut created_here = 0u32;
        for e in events {
            self.cursor = e.id;
            self.take(sim, e, &mut created_here);
            if self.complete {
                break;
            }
        }
        if let Some(HopKind::CreatedPod { more, .. }) = self
            .hops
            .iter_mut()
            .rev()
            .find(|h| matches!(h.kind, HopKind::CreatedPod { .. }))
            .map(|h| &mut h.kind)
            && created_here > 1
        {
            *more += created_here - 1;
        }
        if sim.now_ms() > self.started_ms + FOLLOW_LIMIT_MS {
            self.complete = true;
        }
    }

    fn push(&mut self, at: Part, kind: HopKind, t_ms: u64) {
        self.hops.push(Hop { at, kind, t_ms });
    }

    fn take(&mut self, sim: &Sim, e: &Event, created_here: &mut u32) {
        let revs = |kind_pod: &str| {
            sim.store()
                .revisions::<sim::objects::Pod>("default", kind_pod)
                .unwrap_or_default()
        };
        let t = e.time_ms;
        let name = e.object.name.as_str();
        let follows = |p: &Path| p.follow.as_deref() == Some(name);
        match (&e.kind, e.actor.component) {
            (
                EventKind::ScalingReplicaSet {
                    replicaset,
                    from,
                    to,
                },
                _,
            ) if self.follow.is_none() => {
                self.push(
                    Part::ControllerManager,
                    HopKind::ScaledRs {
                        rs: replicaset.clone(),
                        from: *from,
                        to: *to,
                    },
                    t,
                );
            }
            (EventKind::SuccessfulCreate { pod }, _) => {
                *created_here += 1;
                if self.follow.is_none() {
                    self.follow = Some(pod.clone());
                    self.push(
                        Part::ControllerManager,
                        HopKind::CreatedPod {
                            pod: pod.clone(),
                            more: 0,
                        },
                        t,
                    );
                    self.push(
                        Part::Etcd,
                        HopKind::Stored {
                            key: sim::objects::ObjectRef::new(Kind::Pod, "default", pod).key(),
                            revision: revs(pod).create_revision,
                        },
                        t,
                    );
                }
            }
            (
                EventKind::Scheduled {
                    node,
                    score,
                    max_score,
                    ..
                },
                _,
            ) if follows(self) => {
                self.push(
                    Part::Scheduler,
                    HopKind::Bound {
                        pod: name.into(),
                        node: node.clone(),
                        score: *score,
                        max: *max_score,
                    },
                    t,
                );
                self.push(Part::Kubelet(node.as_str().into()), HopKind::Watched, t);
            }
            (EventKind::FailedScheduling { .. }, _) if follows(self) => {
                self.push(
                    Part::Scheduler,
                    HopKind::Unschedulable { pod: name.into() },
                    t,
                );
                self.complete = true;
            }
            (EventKind::Pulling { image }, _) if follows(self) => {
                let node: Rc<str> = e.actor.instance.as_str().into();
                self.push(
                    Part::Kubelet(node.clone()),
                    HopKind::Pulling {
                        image: image.clone(),
                    },
                    t,
                );
            }
            (EventKind::Started { .. }, _) if follows(self) => {
                let node: Rc<str> = e.actor.instance.as_str().into();
                self.push(Part::Runtime(node), HopKind::Started, t);
            }
            (EventKind::PodReady, _) if follows(self) => {
                let node: Rc<str> = e.actor.instance.as_str().into();
                self.push(Part::Kubelet(node), HopKind::Ready { pod: name.into() }, t);
                self.push(
                    Part::Etcd,
                    HopKind::Stored {
                        key: e.object.key(),
                        revision: revs(name).mod_revision,
                    },
                    t,
                );
            }
            // The endpoints that follow the followed pod's readiness end the story.
            (EventKind::EndpointsUpdated { ready, .. }, _)
                if self.follow.is_some()
                    && self
                        .hops
                        .iter()
                        .any(|h| matches!(h.kind, HopKind::Ready { .. })) =>
            {
                self.push(Part::Service, HopKind::Endpoints { ready: *ready }, t);
                self.complete = true;
            }
            (EventKind::Cordoned | EventKind::Uncordoned, _) => {
                self.push(Part::Node(name.into()), HopKind::NodeChanged, t);
                self.complete = true;
            }
            (EventKind::Drained { pods }, _) => {
                self.push(
                    Part::Node(name.into()),
                    HopKind::Evicting { pods: *pods },
                    t,
                );
            }
            _ => {}
        }
    }

    /// Moves the display on by `wall_ms`. Returns true when the shown hop changed.
    pub fn play(&mut self, wall_ms: f64) -> bool {
        if self.shown >= self.hops.len() {
            return false;
        }
        self.dwell += wall_ms;
        if self.dwell >= HOP_MS {
            self.dwell = 0.0;
            self.shown += 1;
            return true;
        }
        false
    }

    /// The simulated time the engine may not pass yet: the time of the first hop not shown.
    pub fn hold(&self) -> Option<u64> {
        self.hops.get(self.shown).map(|h| h.t_ms)
    }

    /// The hop on screen now.
    pub fn current(&self) -> Option<&Hop> {
        self.hops.get(self.shown.saturating_sub(1))
    }

    /// Everything shown and nothing more to come.
    pub fn done(&self) -> bool {
        self.complete && self.shown >= self.hops.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::{ScenarioId, Setup, build};
    use super::*;

    #[test]
    fn scaling_a_deployment_walks_the_whole_path() {
        let (mut sim, _) = build(&Setup {
            hpa: None,
            ..Setup::new(ScenarioId::Basic)
        });
        sim.advance(20_000);
        let rev = sim.store().revision();
        let first = sim.next_event_id();
        sim.run("scale deployment web --replicas 5").unwrap();
        let mut path = Path::start(
            &sim,
            "kubectl scale deployment web --replicas 5",
            first,
            rev,
        );
        for _ in 0..40 {
            sim.advance(500);
            path.read(&sim);
        }
        let at: Vec<String> = path.hops.iter().map(|h| format!("{:?}", h.at)).collect();
        let kinds: Vec<String> = path
            .hops
            .iter()
            .map(|h| {
                format!("{:?}", h.kind)
                    .split([' ', '('])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Sent",
                "Authn",
                "Authz",
                "Admission",
                "Stored",
                "ScaledRs",
                "CreatedPod",
                "Stored",
                "Bound",
                "Watched",
                "Started",
                "Ready",
                "Stored",
                "Endpoints"
            ],
            "{at:?}"
        );
        assert!(path.complete);
        // Two more pods were created in the same pass.
        assert!(path.hops.iter().any(|h| h.kind
            == HopKind::CreatedPod {
                pod: path.follow.clone().unwrap(),
                more: 1
            }
            || matches!(h.kind, HopKind::CreatedPod { more: 1, .. })));
        // Revisions were filled in.
        assert!(
            !path
                .hops
                .iter()
                .any(|h| matches!(h.kind, HopKind::Stored { revision: 0, .. }))
        );
        // Playing shows one hop per HOP_MS and holds the engine at the next hop's time.
        assert_eq!(path.shown, 1);
        assert!(path.play(HOP_MS));
        assert_eq!(path.shown, 2);
        assert_eq!(path.hold(), Some(path.hops[2].t_ms));
    }

    #[test]
    fn an_autoscalers_object_ends_its_path_once_stored() {
        let (mut sim, _) = build(&Setup {
            hpa: None,
            ..Setup::new(ScenarioId::Basic)
        });
        sim.advance(5_000);
        for line in [
            "vpa deployment/web --mode Off",
            "kubectl autoscale deployment web --max 5",
        ] {
            let (rev, first) = (sim.store().revision(), sim.next_event_id());
            sim.run(line).unwrap();
            let p = Path::start(&sim, line, first, rev);
            assert!(
                p.complete,
                "{line}: nothing to follow, no slow motion after its hops"
            );
            assert!(matches!(
                p.hops.last().unwrap().kind,
                HopKind::Stored { .. }
            ));
        }
    }
}
