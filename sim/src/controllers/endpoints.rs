//! The Endpoints controller (`pkg/controller/endpoint`): a Service's ready and not-ready pod
//! addresses.

use crate::api::component::{Component, Ctx, Gate};
use crate::api::core::Api;
use crate::api::events::{Actor, Component as Who, EventKind};
use crate::api::index::KeySet;
use crate::api::objects::*;
use crate::api::store::table_key;
use crate::api::watch::WatchEvent;
use crate::config::sim::SimConfig;

/// The controller's work queue: Services to reconcile.
#[derive(Clone, Debug, Default)]
pub struct EndpointsController {
    dirty: KeySet,
}

impl Component for EndpointsController {
    type Timer = ();
    type Peer = ();
    const NAME: &'static str = "endpoints controller";
    const GATE: Gate = Gate::Controllers;

    fn from_config(_: &SimConfig) -> Self {
        Self::default()
    }

    /// A Service changed, or a pod its selector matches.
    fn watch(&mut self, ev: &WatchEvent, ctx: &mut Ctx<'_, ()>) {
        match ev {
            WatchEvent::Object {
                kind: Kind::Service,
                key,
                ..
            } => self.dirty.insert(key),
            WatchEvent::Pod { .. } => {
                let store = ctx.api.store();
                let Some(p) = ev.pod(store) else { return };
                for s in store.list::<Service>() {
                    if s.metadata.namespace == p.metadata.namespace
                        && !s.spec.selector.is_empty()
                        && s.spec
                            .selector
                            .iter()
                            .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
                    {
                        self.dirty
                            .insert(&table_key(&s.metadata.namespace, &s.metadata.name));
                    }
                }
            }
            _ => {}
        }
    }

    fn settle(&mut self, ctx: &mut Ctx<'_, ()>) -> bool {
        if self.dirty.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty);
        let mut sync = Sync { api: ctx.api };
        for key in work {
            sync.sync_endpoints(&key);
        }
        true
    }
}

/// One reconcile pass.
struct Sync<'a> {
    api: &'a mut Api,
}

impl Sync<'_> {
    fn emit(&mut self, actor: Actor, object: ObjectRef, kind: EventKind) {
        self.api.emit(actor, object, kind);
    }

    fn sync_endpoints(&mut self, key: &str) {
        let Some(svc) = self.api.store().get_by_key::<Service>(key).cloned() else {
            if let Some((ns, name)) = key.split_once('/') {
                self.api.delete::<Endpoints>(ns, name);
            }
            return;
        };
        let ns = svc.metadata.namespace.clone();
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        for p in self.api.store().list::<Pod>() {
            if p.metadata.namespace != ns
                || svc.spec.selector.is_empty()
                || !svc
                    .spec
                    .selector
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            {
                continue;
            }
            let (Some(ip), Some(node)) = (&p.status.pod_ip, p.node()) else {
                continue;
            };
            if p.is_terminating() {
                continue;
            }
            let addr = EndpointAddress {
                ip: ip.clone(),
                node_name: node.to_string(),
                pod: p.metadata.name.clone(),
            };
            if p.status.is_ready() {
                ready.push(addr);
            } else {
                not_ready.push(addr);
            }
        }
        let existing = self
            .api
            .store()
            .get::<Endpoints>(&ns, &svc.metadata.name)
            .cloned();
        let eref = ObjectRef::new(Kind::Endpoints, &ns, &svc.metadata.name);
        let (r, nr) = (ready.len() as u32, not_ready.len() as u32);
        match existing {
            Some(mut e) => {
                if e.addresses == ready && e.not_ready_addresses == not_ready {
                    return;
                }
                e.addresses = ready;
                e.not_ready_addresses = not_ready;
                self.api.update(e);
            }
            None => {
                let e = Endpoints {
                    metadata: ObjectMeta::named(&svc.metadata.name, &ns),
                    addresses: ready,
                    not_ready_addresses: not_ready,
                };
                let _ = self.api.create(e);
            }
        }
        self.emit(
            Actor::new(Who::EndpointsController),
            eref,
            EventKind::EndpointsUpdated {
                ready: r,
                not_ready: nr,
            },
        );
    }
}
