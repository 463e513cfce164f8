//! Deployment revision history: `rollout history` and `rollout undo [--to-revision N]`.
//!
//! Each ReplicaSet of a Deployment carries its revision in the annotation
//! `deployment.kubernetes.io/revision` (the Deployment controller sets it, controllers/deployment.rs); when
//! the template goes back to that of an old ReplicaSet, the controller adopts that ReplicaSet
//! as the new one and gives it the next revision (`SetNewReplicaSetAnnotations`,
//! `pkg/controller/deployment/util/deployment_util.go`), so a revision number appears once.
//! Old ReplicaSets scaled to zero beyond `revisionHistoryLimit` (10) are deleted, the lowest
//! revisions first (`cleanupDeployment`, `pkg/controller/deployment/sync.go`).
//!
//! `rollout undo` is kubectl's (`k8s.io/kubectl/pkg/polymorphichelpers/rollback.go`,
//! `DeploymentRollbacker`): it finds the ReplicaSet of the wanted revision (by default the
//! second highest), and patches the Deployment's template to that ReplicaSet's template
//! without its `pod-template-hash` label; the controller then rolls out as for any template
//! change. If the template already matches, kubectl skips the rollback.

use crate::api::events::{Actor, Component, EventKind};
use crate::api::objects::*;
use crate::engine::Sim;
use serde::Serialize;

/// One row of `rollout history`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RevisionView {
    pub revision: u64,
    pub replicaset: String,
    /// The `kubernetes.io/change-cause` annotation (empty: `<none>`).
    pub change_cause: String,
}

/// What `rollout undo` will do.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoPlan {
    /// The template already equals that of `revision`: nothing to do.
    Skip { revision: u64 },
    /// Set the template of `revision`.
    Rollback {
        revision: u64,
        template: Box<PodTemplate>,
    },
}

pub use crate::api::objects::revision_of;

/// A template without the `pod-template-hash` label (`equalIgnoreHash`).
fn without_hash(t: &PodTemplate) -> PodTemplate {
    let mut t = t.clone();
    t.metadata.labels.remove(LABEL_POD_TEMPLATE_HASH);
    t
}

impl Sim {
    /// The ReplicaSets a Deployment owns, with their revisions.
    fn revisions(&self, d: &Deployment) -> Vec<(u64, &ReplicaSet)> {
        // A handful of ReplicaSets: insert each in revision order.
        let mut v: Vec<(u64, &ReplicaSet)> = Vec::new();
        for r in self.api.replicasets_of(d) {
            if let Some(rev) = revision_of(r) {
                let at = v.partition_point(|x| x.0 <= rev);
                v.insert(at, (rev, r));
            }
        }
        v
    }

    /// `rollout history deployment/NAME`: the revisions kept, oldest first. None when the
    /// Deployment does not exist.
    pub fn rollout_history(&self, namespace: &str, name: &str) -> Option<Vec<RevisionView>> {
        let d = self.api.store().get::<Deployment>(namespace, name)?;
        Some(
            self.revisions(d)
                .into_iter()
                .map(|(revision, rs)| RevisionView {
                    revision,
                    replicaset: rs.metadata.name.clone(),
                    change_cause: rs
                        .metadata
                        .annotations
                        .get("kubernetes.io/change-cause")
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect(),
        )
    }

    /// What `rollout undo deployment/NAME [--to-revision N]` would do, or kubectl's error.
    pub fn plan_undo(&self, name: &str, to_revision: Option<u64>) -> Result<UndoPlan, String> {
        let d = self
            .api
            .store()
            .get::<Deployment>(DEFAULT_NAMESPACE, name)
            .ok_or_else(|| format!("deployments.apps {} not found", crate::util::Quoted(name)))?;
        let revs = self.revisions(d);
        let found = match to_revision.filter(|r| *r > 0) {
            Some(r) => revs
                .iter()
                .find(|(v, _)| *v == r)
                .ok_or_else(|| format!("unable to find specified revision {r} in history"))?,
            None => {
                if revs.len() < 2 {
                    return Err(format!(
                        "no rollout history found for deployment {}",
                        crate::util::Quoted(name)
                    ));
                }
                &revs[revs.len() - 2]
            }
        };
        let (revision, rs) = (found.0, found.1);
        let template = without_hash(&rs.spec.template);
        if template == without_hash(&d.spec.template) {
            return Ok(UndoPlan::Skip { revision });
        }
        Ok(UndoPlan::Rollback {
            revision,
            template: Box::new(template),
        })
    }

    /// Applies a planned undo: the Deployment's template becomes the old one.
    pub(crate) fn rollout_undo(&mut self, name: &str, to_revision: Option<u64>) {
        let Ok(UndoPlan::Rollback { revision, template }) = self.plan_undo(name, to_revision)
        else {
            return;
        };
        let Some(mut d) = self
            .api
            .store()
            .get::<Deployment>(DEFAULT_NAMESPACE, name)
            .cloned()
        else {
            return;
        };
        let next = self
            .revisions(&d)
            .last()
            .map_or(1, |(r, _)| r.saturating_add(1));
        d.spec.template = *template;
        let obj = ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, name);
        self.api.update(d);
        self.emit(
            Actor::new(Component::User),
            obj,
            EventKind::RolledBack {
                to_revision: revision,
                new_revision: next,
            },
        );
    }
}

/// kubectl's `rollout history` table (tabwriter, padding 2).
pub fn history_table(name: &str, rows: &[RevisionView]) -> String {
    let mut out = format!("deployment.apps/{name}\n");
    let w = rows
        .iter()
        .map(|r| r.revision.to_string().len())
        .max()
        .unwrap_or(0)
        .max("REVISION".len())
        + 2;
    out.push_str(&format!("{:<w$}CHANGE-CAUSE\n", "REVISION"));
    for r in rows {
        let cause = if r.change_cause.is_empty() {
            "<none>"
        } else {
            &r.change_cause
        };
        out.push_str(&format!("{:<w$}{cause}\n", r.revision));
    }
    out
}
