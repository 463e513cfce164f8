//! The Endpoints controller (`pkg/controller/endpoint`): a Service's ready and not-ready pod
//! addresses.

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::engine::Sim;

impl Sim {
    // --- Endpoints controller ----------------------------------------------------------------

    pub(crate) fn run_endpoints_controller(&mut self) -> bool {
        if self.dirty_services.is_empty() {
            return false;
        }
        let work = std::mem::take(&mut self.dirty_services);
        for key in work {
            self.sync_endpoints(&key);
        }
        true
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
            Actor::new(Component::EndpointsController),
            eref,
            EventKind::EndpointsUpdated {
                ready: r,
                not_ready: nr,
            },
        );
    }
}
