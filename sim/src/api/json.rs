//! The canonical JSON of a pod template: the bytes `serde_json::to_vec` writes for it (field
//! order, camelCase names, omitted empty fields, quantities as strings), written by hand so
//! the pod-template-hash needs neither serde_json nor the `Serialize` impls in the engine core.
//! A test checks it against serde_json on every field.

use crate::api::objects::*;
use crate::util::{fmt_cpu, fmt_memory};

struct Out {
    s: String,
    /// Whether the object being written already has a field.
    first: bool,
}

impl Out {
    fn str(&mut self, v: &str) {
        self.s.push('"');
        for c in v.chars() {
            match c {
                '"' => self.s.push_str("\\\""),
                '\\' => self.s.push_str("\\\\"),
                '\n' => self.s.push_str("\\n"),
                '\r' => self.s.push_str("\\r"),
                '\t' => self.s.push_str("\\t"),
                '\u{08}' => self.s.push_str("\\b"),
                '\u{0c}' => self.s.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.s.push_str("\\u00");
                    self.s.push(HEX[(c as usize) >> 4] as char);
                    self.s.push(HEX[(c as usize) & 15] as char);
                }
                c => self.s.push(c),
            }
        }
        self.s.push('"');
    }
    fn open(&mut self) {
        self.s.push('{');
        self.first = true;
    }
    fn close(&mut self) {
        self.s.push('}');
        self.first = false;
    }
    fn field(&mut self, name: &str) {
        if !self.first {
            self.s.push(',');
        }
        self.first = false;
        self.str(name);
        self.s.push(':');
    }
    fn num(&mut self, v: impl std::fmt::Display) {
        use std::fmt::Write;
        let _ = write!(self.s, "{v}");
    }
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Out, &T)) {
        self.s.push('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.s.push(',');
            }
            each(self, x);
        }
        self.s.push(']');
        self.first = false;
    }
    fn labels(&mut self, m: &Labels) {
        self.open();
        for (k, v) in m {
            self.field(k);
            self.str(v);
        }
        self.close();
    }
    fn resources(&mut self, r: &ResourceList) {
        self.open();
        if let Some(c) = r.cpu {
            self.field("cpu");
            self.str(&fmt_cpu(c.0));
        }
        if let Some(m) = r.memory {
            self.field("memory");
            self.str(&fmt_memory(m.0));
        }
        self.close();
    }
    fn term(&mut self, t: &NodeSelectorTerm) {
        self.open();
        self.field("matchExpressions");
        self.list(&t.match_expressions, |o, r| {
            o.open();
            o.field("key");
            o.str(&r.key);
            o.field("operator");
            o.str(match r.operator {
                SelectorOperator::In => "In",
                SelectorOperator::NotIn => "NotIn",
                SelectorOperator::Exists => "Exists",
                SelectorOperator::DoesNotExist => "DoesNotExist",
                SelectorOperator::Gt => "Gt",
                SelectorOperator::Lt => "Lt",
            });
            if !r.values.is_empty() {
                o.field("values");
                o.list(&r.values, |o, v| o.str(v));
            }
            o.close();
        });
        self.close();
    }
}

fn effect(e: TaintEffect) -> &'static str {
    match e {
        TaintEffect::NoSchedule => "NoSchedule",
        TaintEffect::PreferNoSchedule => "PreferNoSchedule",
        TaintEffect::NoExecute => "NoExecute",
    }
}

/// `serde_json::to_vec(template)`, as a string.
pub fn pod_template(t: &PodTemplate) -> String {
    let mut o = Out {
        s: String::with_capacity(256),
        first: true,
    };
    o.open();
    o.field("metadata");
    o.open();
    if !t.metadata.labels.is_empty() {
        o.field("labels");
        o.labels(&t.metadata.labels);
    }
    if !t.metadata.annotations.is_empty() {
        o.field("annotations");
        o.labels(&t.metadata.annotations);
    }
    o.close();
    let s = &t.spec;
    o.field("spec");
    o.open();
    o.field("containers");
    o.list(&s.containers, |o, c| {
        o.open();
        o.field("name");
        o.str(&c.name);
        o.field("image");
        o.str(&c.image);
        o.field("resources");
        o.open();
        o.field("requests");
        o.resources(&c.resources.requests);
        o.field("limits");
        o.resources(&c.resources.limits);
        o.close();
        if let Some(p) = c.readiness_probe {
            o.field("readinessProbe");
            o.open();
            o.field("initialDelaySeconds");
            o.num(p.initial_delay_seconds);
            o.field("periodSeconds");
            o.num(p.period_seconds);
            o.close();
        }
        o.close();
    });
    if let Some(n) = &s.node_name {
        o.field("nodeName");
        o.str(n);
    }
    if !s.node_selector.is_empty() {
        o.field("nodeSelector");
        o.labels(&s.node_selector);
    }
    if let Some(a) = &s.affinity {
        o.field("affinity");
        o.open();
        if let Some(na) = &a.node_affinity {
            o.field("nodeAffinity");
            o.open();
            if let Some(req) = &na.required_during_scheduling_ignored_during_execution {
                o.field("requiredDuringSchedulingIgnoredDuringExecution");
                o.open();
                o.field("nodeSelectorTerms");
                o.list(&req.node_selector_terms, |o, t| o.term(t));
                o.close();
            }
            let pref = &na.preferred_during_scheduling_ignored_during_execution;
            if !pref.is_empty() {
                o.field("preferredDuringSchedulingIgnoredDuringExecution");
                o.list(pref, |o, p| {
                    o.open();
                    o.field("weight");
                    o.num(p.weight);
                    o.field("preference");
                    o.term(&p.preference);
                    o.close();
                });
            }
            o.close();
        }
        o.close();
    }
    if !s.tolerations.is_empty() {
        o.field("tolerations");
        o.list(&s.tolerations, |o, t| {
            o.open();
            if !t.key.is_empty() {
                o.field("key");
                o.str(&t.key);
            }
            o.field("operator");
            o.str(match t.operator {
                TolerationOperator::Equal => "Equal",
                TolerationOperator::Exists => "Exists",
            });
            if !t.value.is_empty() {
                o.field("value");
                o.str(&t.value);
            }
            if let Some(e) = t.effect {
                o.field("effect");
                o.str(effect(e));
            }
            if let Some(secs) = t.toleration_seconds {
                o.field("tolerationSeconds");
                o.num(secs);
            }
            o.close();
        });
    }
    o.field("priority");
    o.num(s.priority);
    if let Some(g) = s.termination_grace_period_seconds {
        o.field("terminationGracePeriodSeconds");
        o.num(g);
    }
    o.field("restartPolicy");
    o.str(match s.restart_policy {
        RestartPolicy::Always => "Always",
        RestartPolicy::OnFailure => "OnFailure",
        RestartPolicy::Never => "Never",
    });
    o.close();
    o.close();
    o.s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Rng;

    fn random_string(rng: &mut Rng) -> String {
        const CHARS: &[char] = &[
            'a', 'Z', '0', '-', '/', '.', '"', '\\', '\n', '\t', '\r', '\u{1}', '\u{8}', '\u{c}',
            '\u{1f}', 'é', '한', ' ', '\u{7f}',
        ];
        (0..rng.below(6))
            .map(|_| CHARS[rng.below(CHARS.len() as u64) as usize])
            .collect()
    }

    fn labels(rng: &mut Rng) -> Labels {
        (0..rng.below(3))
            .map(|_| (random_string(rng), random_string(rng)))
            .collect()
    }

    fn term(rng: &mut Rng) -> NodeSelectorTerm {
        use SelectorOperator::*;
        NodeSelectorTerm {
            match_expressions: (0..rng.below(3))
                .map(|_| NodeSelectorRequirement {
                    key: random_string(rng),
                    operator: [In, NotIn, Exists, DoesNotExist, Gt, Lt][rng.below(6) as usize],
                    values: (0..rng.below(3)).map(|_| random_string(rng)).collect(),
                })
                .collect(),
        }
    }

    fn opt<T>(rng: &mut Rng, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
        if rng.below(2) == 0 {
            None
        } else {
            Some(f(rng))
        }
    }

    fn template(rng: &mut Rng) -> PodTemplate {
        let list = |rng: &mut Rng| ResourceList {
            cpu: opt(rng, |r| Cpu(r.below(5000))),
            memory: opt(rng, |r| Mem(r.below(1 << 34))),
        };
        PodTemplate {
            metadata: TemplateMeta {
                labels: labels(rng),
                annotations: labels(rng),
            },
            spec: PodSpec {
                containers: (0..rng.below(3))
                    .map(|_| Container {
                        name: random_string(rng),
                        image: random_string(rng),
                        resources: Resources {
                            requests: list(rng),
                            limits: list(rng),
                        },
                        readiness_probe: opt(rng, |r| Probe {
                            initial_delay_seconds: r.below(100) as u32,
                            period_seconds: r.below(100) as u32,
                        }),
                    })
                    .collect(),
                node_name: opt(rng, random_string),
                node_selector: labels(rng),
                affinity: opt(rng, |r| Affinity {
                    node_affinity: opt(r, |r| NodeAffinity {
                        required_during_scheduling_ignored_during_execution: opt(r, |r| {
                            NodeSelector {
                                node_selector_terms: (0..r.below(3)).map(|_| term(r)).collect(),
                            }
                        }),
                        preferred_during_scheduling_ignored_during_execution: (0..r.below(3))
                            .map(|_| PreferredSchedulingTerm {
                                weight: r.below(200) as i32 - 100,
                                preference: term(r),
                            })
                            .collect(),
                    }),
                }),
                tolerations: (0..rng.below(3))
                    .map(|_| Toleration {
                        key: random_string(rng),
                        operator: if rng.below(2) == 0 {
                            TolerationOperator::Equal
                        } else {
                            TolerationOperator::Exists
                        },
                        value: random_string(rng),
                        effect: opt(rng, |r| {
                            [
                                TaintEffect::NoSchedule,
                                TaintEffect::PreferNoSchedule,
                                TaintEffect::NoExecute,
                            ][r.below(3) as usize]
                        }),
                        toleration_seconds: opt(rng, |r| r.below(1000)),
                    })
                    .collect(),
                priority: rng.below(2000) as i32 - 1000,
                termination_grace_period_seconds: opt(rng, |r| r.below(100)),
                restart_policy: [
                    RestartPolicy::Always,
                    RestartPolicy::OnFailure,
                    RestartPolicy::Never,
                ][rng.below(3) as usize],
            },
        }
    }

    #[test]
    fn pod_template_json_is_what_serde_json_writes() {
        let mut rng = Rng::new(42);
        for _ in 0..3000 {
            let t = template(&mut rng);
            let want = String::from_utf8(serde_json::to_vec(&t).unwrap()).unwrap();
            assert_eq!(pod_template(&t), want);
        }
    }
}
