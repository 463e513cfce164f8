//! `kubectl apply -f FILE`: YAML manifests (multi-document `---` streams) of apps/v1
//! Deployment, v1 Service, autoscaling/v2 (or v1) HorizontalPodAutoscaler and
//! autoscaling.k8s.io/v1 VerticalPodAutoscaler.
//!
//! FILE names a text registered with [`Sim::add_file`] (scenarios register their `files:` map).
//! Every document is decoded and validated, against the schema and then against the current
//! state, before any is applied: one bad document changes nothing. Then each is created if
//! absent and updated if present, and the result line is kubectl's
//! (`deployment.apps/web created|configured|unchanged`).
//!
//! All of it lives behind the `yaml` feature (serde-saphyr); without it the command still parses
//! but is refused with [`NO_YAML`] and changes nothing.

use crate::cli::command::{CommandError, ErrorKind};
use crate::engine::Sim;
#[cfg(feature = "yaml")]
use std::sync::Arc;

/// Largest file `add_file` accepts (the scenario limit).
pub const MAX_FILE_BYTES: usize = crate::api::MAX_SCENARIO_BYTES;
/// Most files a Sim keeps.
pub const MAX_FILES: usize = 64;

/// Why `apply -f` fails in a build without the `yaml` feature.
pub const NO_YAML: &str = "apply -f needs YAML manifest support, which this build of the engine leaves out (cargo feature `yaml`); create objects with the other commands";

fn rejected(reason: impl Into<String>) -> CommandError {
    CommandError::whole(ErrorKind::Rejected {
        reason: reason.into(),
    })
}

/// Without the `yaml` feature: `apply -f` is refused with [`NO_YAML`] and changes nothing (no
/// file registry either, so the engine the app ships does not grow).
#[cfg(not(feature = "yaml"))]
impl Sim {
    pub(crate) fn validate_apply(&self, _file: &str) -> Result<(), CommandError> {
        Err(rejected(NO_YAML))
    }

    /// `apply -f FILE`: refused in this build ([`NO_YAML`]).
    pub fn apply_file(&mut self, _file: &str) -> Result<String, CommandError> {
        Err(rejected(NO_YAML))
    }
}

#[cfg(feature = "yaml")]
impl Sim {
    /// Registers (or replaces) a file that `apply -f NAME` reads (feature `yaml`).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '#') {
            return Err(format!(
                "invalid file name {name:?}: no spaces or '#', not empty"
            ));
        }
        if text.len() > MAX_FILE_BYTES {
            return Err(format!("file {name} is larger than {MAX_FILE_BYTES} bytes"));
        }
        if !self.files.contains_key(name) && self.files.len() >= MAX_FILES {
            return Err(format!("at most {MAX_FILES} files"));
        }
        self.files.insert(name.to_string(), Arc::from(text));
        Ok(())
    }

    /// A registered file's text.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|t| &**t)
    }

    /// Names of the registered files, sorted.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    fn file_text(&self, file: &str) -> Result<Arc<str>, CommandError> {
        self.files.get(file).cloned().ok_or_else(|| {
            let near =
                crate::cli::command::suggest_word(file, self.files.keys().map(String::as_str));
            match near {
                Some(s) => rejected(format!(
                    "the path {file:?} does not exist; did you mean {s:?}?"
                )),
                None => CommandError::whole(ErrorKind::NotFound {
                    kind: "file".into(),
                    name: file.into(),
                }),
            }
        })
    }

    /// Checks `apply -f FILE` against the current state without applying it.
    pub(crate) fn validate_apply(&self, file: &str) -> Result<(), CommandError> {
        let text = self.file_text(file)?;
        yaml::plan(self, &text)
            .map_err(|e| rejected(format!("error when applying {file:?}: {e}")))?;
        Ok(())
    }

    /// Applies `apply -f FILE`; returns kubectl's lines (`deployment.apps/web created`, ...).
    /// Every document is checked first: an error changes nothing.
    pub fn apply_file(&mut self, file: &str) -> Result<String, CommandError> {
        let text = self.file_text(file)?;
        if let Some(reason) = self.api_unavailable_reason() {
            return Err(rejected(reason));
        }
        let docs = yaml::plan(self, &text)
            .map_err(|e| rejected(format!("error when applying {file:?}: {e}")))?;
        let out = yaml::apply(self, docs);
        // The controllers react at this instant, as after any other command (`Sim::apply`).
        self.settle();
        Ok(out)
    }
}

#[cfg(feature = "yaml")]
pub use yaml::*;

#[cfg(feature = "yaml")]
mod yaml {
    use super::Sim;
    use crate::api::events::{Actor, Component, EventKind};
    use crate::api::objects::*;
    use crate::controllers::vpa::{
        ContainerResourcePolicy, PodResourcePolicy, PodUpdatePolicy, UpdateMode,
        VerticalPodAutoscaler, VpaSpec, VpaStatus,
    };
    use crate::util::levenshtein;
    use serde::Deserialize;
    use serde::de::IgnoredAny;
    use std::fmt;

    /// One decoded document.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Manifest {
        /// The Deployment, and whether the manifest sets `spec.replicas` (when it does not, an
        /// update keeps the current count, as `kubectl apply` leaves an unmanaged field alone).
        Deployment(Box<Deployment>, bool),
        Service(Box<Service>),
        HorizontalPodAutoscaler(Box<HorizontalPodAutoscaler>),
        VerticalPodAutoscaler(Box<VerticalPodAutoscaler>),
    }

    impl Manifest {
        /// kubectl's `resource.group/name`.
        pub fn resource_name(&self) -> String {
            match self {
                Manifest::Deployment(d, _) => format!("deployment.apps/{}", d.metadata.name),
                Manifest::Service(s) => format!("service/{}", s.metadata.name),
                Manifest::HorizontalPodAutoscaler(h) => {
                    format!("horizontalpodautoscaler.autoscaling/{}", h.metadata.name)
                }
                Manifest::VerticalPodAutoscaler(v) => format!(
                    "verticalpodautoscaler.autoscaling.k8s.io/{}",
                    v.metadata.name
                ),
            }
        }
    }

    /// A document of a stream: its 1-based index (empty documents are not counted) and the
    /// line it starts on.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Document {
        pub index: usize,
        pub line: u64,
        pub manifest: Manifest,
    }

    /// A manifest error: the document, the position (1-based; 0 when unknown), the field path,
    /// the cause and the nearest valid word.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ManifestError {
        pub document: usize,
        pub line: u64,
        pub column: u64,
        pub path: String,
        pub message: String,
        pub suggestion: Option<String>,
    }

    impl fmt::Display for ManifestError {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            if self.document > 0 {
                write!(f, "document {}", self.document)?;
            }
            if self.line > 0 {
                write!(f, ", line {}", self.line)?;
                if self.column > 0 {
                    write!(f, ", column {}", self.column)?;
                }
            }
            if self.document > 0 || self.line > 0 {
                f.write_str(": ")?;
            }
            f.write_str(&self.message)?;
            if let Some(s) = &self.suggestion {
                write!(f, "; did you mean {s:?}?")?;
            }
            Ok(())
        }
    }

    impl std::error::Error for ManifestError {}

    /// The kinds `apply -f` takes, with their API versions (the first is the preferred one).
    pub const KINDS: &[(&str, &[&str])] = &[
        ("Deployment", &["apps/v1"]),
        ("Service", &["v1"]),
        (
            "HorizontalPodAutoscaler",
            &["autoscaling/v2", "autoscaling/v1"],
        ),
        ("VerticalPodAutoscaler", &["autoscaling.k8s.io/v1"]),
    ];

    fn nearest<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let w = word.to_ascii_lowercase();
        options
            .into_iter()
            .map(|o| (levenshtein(&w, &o.to_ascii_lowercase()), o))
            .filter(|(d, o)| *d <= 2.max(o.len() / 3) && *d < o.len().max(1))
            .min()
            .map(|(_, o)| o.to_string())
    }

    #[derive(Deserialize)]
    struct Head {
        #[serde(default, rename = "apiVersion")]
        api_version: Option<String>,
        #[serde(default)]
        kind: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Doc<S> {
        #[allow(dead_code)]
        api_version: String,
        #[allow(dead_code)]
        kind: String,
        metadata: ObjectMeta,
        spec: S,
        /// Status is the server's; a manifest may carry one (e.g. from `get -o yaml`).
        #[serde(default)]
        #[allow(dead_code)]
        status: Option<IgnoredAny>,
    }

    /// Whether a Deployment manifest sets `spec.replicas`.
    #[derive(Deserialize)]
    struct ReplicasProbe {
        #[serde(default)]
        spec: Option<ReplicasSpec>,
    }
    #[derive(Deserialize)]
    struct ReplicasSpec {
        #[serde(default)]
        replicas: Option<IgnoredAny>,
    }

    /// autoscaling/v1's spec.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct HpaV1Spec {
        scale_target_ref: ScaleTargetRef,
        #[serde(default)]
        min_replicas: Option<u32>,
        max_replicas: u32,
        #[serde(default, rename = "targetCPUUtilizationPercentage")]
        target_cpu_utilization_percentage: Option<u32>,
    }

    /// autoscaling.k8s.io/v1's VerticalPodAutoscaler spec, as far as the model goes
    /// (`updateMode` is a string here so that `InPlaceOrRecreate` gets its own answer).
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct VpaManifestSpec {
        target_ref: ScaleTargetRef,
        #[serde(default)]
        update_policy: Option<VpaUpdatePolicy>,
        #[serde(default)]
        resource_policy: Option<VpaResourcePolicy>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct VpaUpdatePolicy {
        #[serde(default)]
        update_mode: Option<String>,
        #[serde(default)]
        min_replicas: Option<i64>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct VpaResourcePolicy {
        #[serde(default)]
        container_policies: Vec<VpaContainerPolicy>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct VpaContainerPolicy {
        container_name: String,
        #[serde(default)]
        min_allowed: ResourceList,
        #[serde(default)]
        max_allowed: ResourceList,
        /// Accepted only when it lists both cpu and memory (what the model controls).
        #[serde(default)]
        controlled_resources: Option<Vec<String>>,
    }

    /// Splits a stream into documents at `---` lines: (first line of the text, first line with
    /// content, text).
    fn split(text: &str) -> Vec<(u64, u64, String)> {
        let mut docs = Vec::new();
        let mut cur = String::new();
        let mut start = 1u64;
        let mut ended = false;
        for (i, line) in text.split('\n').enumerate() {
            let n = i as u64 + 1;
            let is_start = line == "---"
                || line.starts_with("--- ")
                || line.starts_with("---\t")
                || line == "---\r";
            if is_start {
                docs.push((start, std::mem::take(&mut cur)));
                start = n;
                ended = false;
                // Keep columns: the marker becomes blanks.
                cur.push_str(&" ".repeat(3));
                cur.push_str(&line[3..]);
                cur.push('\n');
                continue;
            }
            if line == "..." || line == "...\r" {
                ended = true;
                cur.push('\n');
                continue;
            }
            if !ended {
                cur.push_str(line);
            }
            cur.push('\n');
        }
        docs.push((start, cur));
        let content = |l: &str| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with('%')
        };
        // Each document that has content, numbered by its first content line.
        docs.into_iter()
            .filter_map(|(start, d)| {
                let first = d.lines().position(content)?;
                Some((start, start + first as u64, d))
            })
            .collect()
    }

    /// The plain message of a serde-saphyr error, without position or snippet.
    fn plain(e: &serde_saphyr::Error) -> String {
        let full = e.to_string();
        let mut m = full.lines().next().unwrap_or("invalid YAML");
        m = m.strip_prefix("error: ").unwrap_or(m);
        if m.starts_with("line ")
            && let Some((_, rest)) = m.split_once(": ")
        {
            m = rest;
        }
        m.to_string()
    }

    /// The name and the valid names of serde's "unknown field `x`, expected one of a, b"
    /// (serde-saphyr drops the backquotes of the list; serde itself writes "`a` or `b`").
    fn unknown_and_expected(s: &str) -> (&str, Vec<&str>) {
        let got = s.split('`').nth(1).unwrap_or("");
        let list = s
            .split_once(", expected ")
            .map_or("", |(_, l)| l.strip_prefix("one of ").unwrap_or(l));
        let names = list
            .split(", ")
            .flat_map(|p| p.split(" or "))
            .map(|n| n.trim().trim_matches('`'))
            .filter(|n| !n.is_empty())
            .collect();
        (got, names)
    }

    fn join(path: &str, field: &str) -> String {
        if path.is_empty() || path == "." {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    }

    struct Ctx<'a> {
        index: usize,
        /// The document's first line with content (reported for whole-document errors).
        line: u64,
        /// The line `text` starts on (saphyr's lines are relative to it).
        start: u64,
        text: &'a str,
    }

    impl Ctx<'_> {
        fn err(&self, path: &str, message: String, suggestion: Option<String>) -> ManifestError {
            ManifestError {
                document: self.index,
                line: self.line,
                column: 0,
                path: path.to_string(),
                message,
                suggestion,
            }
        }

        /// Decodes the document as `T`, turning serde's errors into the API server's.
        fn decode<T: for<'de> Deserialize<'de>>(&self) -> Result<T, ManifestError> {
            let mut path = String::new();
            let r = serde_saphyr::with_deserializer_from_str(self.text, |de| {
                serde_path_to_error::deserialize(de).map_err(|e| {
                    path = e.path().to_string();
                    e.into_inner()
                })
            });
            r.map_err(|e| {
                if path == "." {
                    path.clear();
                }
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                let msg = plain(&e);
                let (path, message, suggestion) = if msg.starts_with("unknown field `") {
                    let (field, names) = unknown_and_expected(&msg);
                    // serde_path_to_error's path already ends with the unknown key.
                    let parent = match path.strip_suffix(field) {
                        Some(p) => p.strip_suffix('.').unwrap_or(p).to_string(),
                        None => path.clone(),
                    };
                    let full = join(&parent, field);
                    let near = nearest(field, names.iter().copied()).map(|n| join(&parent, &n));
                    (
                        full.clone(),
                        format!("strict decoding error: unknown field {full:?}"),
                        near,
                    )
                } else if let Some(rest) = msg.strip_prefix("missing field `") {
                    let field = rest.split('`').next().unwrap_or("");
                    let full = join(&path, field);
                    let m = if full == "metadata.name" {
                        format!("{full}: Required value: name or generateName is required")
                    } else {
                        format!("{full}: Required value")
                    };
                    (full, m, None)
                } else if msg.starts_with("unknown variant `") {
                    let (got, names) = unknown_and_expected(&msg);
                    let near = nearest(got, names.iter().copied());
                    let p = if path.is_empty() { "." } else { &path };
                    (
                        path.clone(),
                        format!("{p}: Unsupported value: {got:?}"),
                        near,
                    )
                } else {
                    let p = if path.is_empty() { "." } else { &path };
                    (path.clone(), format!("{p}: {msg}"), None)
                };
                ManifestError {
                    document: self.index,
                    line: if line > 0 {
                        self.start + line - 1
                    } else {
                        self.line
                    },
                    column,
                    path,
                    message,
                    suggestion,
                }
            })
        }
    }

    /// Decodes and validates a stream (schema and object validation; no state).
    pub fn parse_manifests(text: &str) -> Result<Vec<Document>, ManifestError> {
        if text.len() > super::MAX_FILE_BYTES {
            return Err(ManifestError {
                document: 0,
                line: 0,
                column: 0,
                path: String::new(),
                message: format!("manifest is larger than {} bytes", super::MAX_FILE_BYTES),
                suggestion: None,
            });
        }
        let mut out = Vec::new();
        for (i, (start, line, doc)) in split(text).iter().enumerate() {
            let cx = Ctx {
                index: i + 1,
                line: *line,
                start: *start,
                text: doc,
            };
            out.push(Document {
                index: cx.index,
                line: cx.line,
                manifest: decode_one(&cx)?,
            });
        }
        if out.is_empty() {
            return Err(ManifestError {
                document: 0,
                line: 0,
                column: 0,
                path: String::new(),
                message: "no objects passed to apply".into(),
                suggestion: None,
            });
        }
        Ok(out)
    }

    fn decode_one(cx: &Ctx) -> Result<Manifest, ManifestError> {
        let head: Head = cx.decode().map_err(|mut e| {
            if e.path.is_empty()
                && (e.message.contains("expected mapping") || e.message.contains("invalid type"))
            {
                e.message =
                    "a manifest is a mapping with apiVersion, kind, metadata and spec".into();
            }
            e
        })?;
        let kind = head
            .kind
            .ok_or_else(|| cx.err("kind", "error validating data: kind not set".into(), None))?;
        let version = head.api_version.ok_or_else(|| {
            cx.err(
                "apiVersion",
                "error validating data: apiVersion not set".into(),
                None,
            )
        })?;
        let Some((_, versions)) = KINDS.iter().find(|(k, _)| *k == kind) else {
            let near = nearest(&kind, KINDS.iter().map(|k| k.0));
            let known = KINDS
                .iter()
                .map(|(k, v)| format!("{k} ({})", v.join(", ")))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(cx.err(
                "kind",
                format!(
                    "no matches for kind {kind:?} in version {version:?} (this model applies {known})"
                ),
                near,
            ));
        };
        if !versions.contains(&version.as_str()) {
            return Err(cx.err(
                "apiVersion",
                format!("no matches for kind {kind:?} in version {version:?}"),
                nearest(&version, versions.iter().copied())
                    .or_else(|| Some(versions[0].to_string())),
            ));
        }
        let m = match (kind.as_str(), version.as_str()) {
            ("Deployment", _) => {
                let d: Doc<DeploymentSpec> = cx.decode()?;
                let probe: ReplicasProbe = cx.decode()?;
                let has_replicas = probe.spec.is_some_and(|s| s.replicas.is_some());
                let dep = Deployment {
                    metadata: d.metadata,
                    spec: d.spec,
                    status: DeploymentStatus::default(),
                };
                check_meta(cx, &dep.metadata)?;
                check_deployment(cx, &dep)?;
                Manifest::Deployment(Box::new(dep), has_replicas)
            }
            ("Service", _) => {
                let d: Doc<ServiceSpec> = cx.decode()?;
                check_meta(cx, &d.metadata)?;
                for (i, p) in d.spec.ports.iter().enumerate() {
                    if p.port == 0 {
                        return Err(cx.err(
                            &format!("spec.ports[{i}].port"),
                            format!("spec.ports[{i}].port: Invalid value: 0: must be between 1 and 65535, inclusive"),
                            None,
                        ));
                    }
                }
                Manifest::Service(Box::new(Service {
                    metadata: d.metadata,
                    spec: d.spec,
                }))
            }
            (_, "autoscaling/v1") => {
                let d: Doc<HpaV1Spec> = cx.decode()?;
                let metrics = d
                    .spec
                    .target_cpu_utilization_percentage
                    .map(|p| vec![MetricSpec::cpu_utilization(p)])
                    .unwrap_or_default();
                let h = HorizontalPodAutoscaler {
                    metadata: d.metadata,
                    spec: HpaSpec {
                        scale_target_ref: d.spec.scale_target_ref,
                        min_replicas: d.spec.min_replicas,
                        max_replicas: d.spec.max_replicas,
                        metrics,
                        behavior: None,
                    },
                    status: HpaStatus::default(),
                };
                check_meta(cx, &h.metadata)?;
                check_hpa(cx, &h)?;
                Manifest::HorizontalPodAutoscaler(Box::new(h))
            }
            ("VerticalPodAutoscaler", _) => {
                if !cfg!(feature = "vpa") {
                    return Err(cx.err(
                        "kind",
                        "this build of the engine leaves out the VerticalPodAutoscaler (feature `vpa`)".into(),
                        None,
                    ));
                }
                let d: Doc<VpaManifestSpec> = cx.decode()?;
                check_meta(cx, &d.metadata)?;
                let v = vpa_from(cx, d.metadata, d.spec)?;
                crate::controllers::vpa::validate_vpa(&v)
                    .map_err(|e| cx.err("spec", format!("spec: {e}"), None))?;
                Manifest::VerticalPodAutoscaler(Box::new(v))
            }
            _ => {
                let d: Doc<HpaSpec> = cx.decode()?;
                let h = HorizontalPodAutoscaler {
                    metadata: d.metadata,
                    spec: d.spec,
                    status: HpaStatus::default(),
                };
                check_meta(cx, &h.metadata)?;
                check_hpa(cx, &h)?;
                Manifest::HorizontalPodAutoscaler(Box::new(h))
            }
        };
        Ok(m)
    }

    fn check_meta(cx: &Ctx, m: &ObjectMeta) -> Result<(), ManifestError> {
        if m.namespace != DEFAULT_NAMESPACE {
            return Err(cx.err(
                "metadata.namespace",
                format!(
                    "namespaces {:?} not found (this model has the namespace \"default\" only)",
                    m.namespace
                ),
                None,
            ));
        }
        crate::api::validate_name(&m.name)
            .map_err(|e| cx.err("metadata.name", format!("metadata.name: {e}"), None))
    }

    fn labels(l: &Labels) -> String {
        let parts: Vec<String> = l.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
        format!("{{{}}}", parts.join(", "))
    }

    fn check_deployment(cx: &Ctx, d: &Deployment) -> Result<(), ManifestError> {
        // apps/validation.go ValidateDeploymentSpec.
        if d.spec.selector.match_labels.is_empty() {
            return Err(cx.err(
                "spec.selector",
                "spec.selector: Invalid value: {}: empty selector is invalid for deployment".into(),
                None,
            ));
        }
        if !d.spec.selector.matches(&d.spec.template.metadata.labels) {
            return Err(cx.err(
                "spec.template.metadata.labels",
                format!(
                    "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                    labels(&d.spec.template.metadata.labels)
                ),
                None,
            ));
        }
        crate::api::validate_deployment(d).map_err(|e| cx.err("spec", format!("spec: {e}"), None))
    }

    fn check_hpa(cx: &Ctx, h: &HorizontalPodAutoscaler) -> Result<(), ManifestError> {
        if h.spec.scale_target_ref.kind != "Deployment" {
            return Err(cx.err(
                "spec.scaleTargetRef.kind",
                format!(
                    "spec.scaleTargetRef.kind: Unsupported value: {:?}: this model scales Deployments only",
                    h.spec.scale_target_ref.kind
                ),
                nearest(&h.spec.scale_target_ref.kind, ["Deployment"]),
            ));
        }
        crate::api::validate_hpa(h).map_err(|e| cx.err("spec", format!("spec: {e}"), None))
    }

    /// The engine's VPA from a manifest, refusing what the model does not have.
    fn vpa_from(
        cx: &Ctx,
        metadata: ObjectMeta,
        spec: VpaManifestSpec,
    ) -> Result<VerticalPodAutoscaler, ManifestError> {
        let t = &spec.target_ref;
        if let Some(v) = &t.api_version
            && v != "apps/v1"
        {
            return Err(cx.err(
                "spec.targetRef.apiVersion",
                format!(
                    "spec.targetRef.apiVersion: Unsupported value: {v:?}: this model's VerticalPodAutoscaler targets apps/v1 Deployments only"
                ),
                Some("apps/v1".into()),
            ));
        }
        if t.kind != "Deployment" {
            return Err(cx.err(
                "spec.targetRef.kind",
                format!(
                    "spec.targetRef.kind: Unsupported value: {:?}: this model's VerticalPodAutoscaler targets Deployments only",
                    t.kind
                ),
                nearest(&t.kind, ["Deployment"]),
            ));
        }
        let update_policy = match spec.update_policy {
            None => None,
            Some(p) => {
                let update_mode = match p.update_mode.as_deref() {
                    None => None,
                    Some("InPlaceOrRecreate") => {
                        return Err(cx.err(
                            "spec.updatePolicy.updateMode",
                            "spec.updatePolicy.updateMode: Unsupported value: \"InPlaceOrRecreate\": in-place resize is not modelled (use Recreate)".into(),
                            Some("Recreate".into()),
                        ));
                    }
                    Some(m) => Some(
                        UpdateMode::ALL
                            .into_iter()
                            .find(|x| x.name() == m)
                            .ok_or_else(|| {
                                cx.err(
                                    "spec.updatePolicy.updateMode",
                                    format!(
                                        "spec.updatePolicy.updateMode: Unsupported value: {m:?}: supported values: \"Off\", \"Initial\", \"Recreate\", \"Auto\""
                                    ),
                                    nearest(m, UpdateMode::ALL.map(UpdateMode::name)),
                                )
                            })?,
                    ),
                };
                let min_replicas = match p.min_replicas {
                    None => None,
                    // admission-controller/resource/vpa/handler.go validateVPA.
                    Some(n) if n <= 0 => {
                        return Err(cx.err(
                            "spec.updatePolicy.minReplicas",
                            format!(
                                "spec.updatePolicy.minReplicas: Invalid value: {n}: MinReplicas has to be positive"
                            ),
                            None,
                        ));
                    }
                    Some(n) => Some(u32::try_from(n).map_err(|_| {
                        cx.err(
                            "spec.updatePolicy.minReplicas",
                            format!(
                                "spec.updatePolicy.minReplicas: Invalid value: {n}: must be at most {}",
                                u32::MAX
                            ),
                            None,
                        )
                    })?),
                };
                Some(PodUpdatePolicy {
                    update_mode,
                    min_replicas,
                })
            }
        };
        let mut container_policies = Vec::new();
        for (i, p) in spec
            .resource_policy
            .into_iter()
            .flat_map(|r| r.container_policies)
            .enumerate()
        {
            if let Some(cr) = &p.controlled_resources {
                let has = |r: &str| cr.iter().any(|x| x == r);
                if let Some(bad) = cr.iter().find(|x| *x != "cpu" && *x != "memory") {
                    let path =
                        format!("spec.resourcePolicy.containerPolicies[{i}].controlledResources");
                    return Err(cx.err(
                        &path,
                        format!("{path}: Unsupported value: {bad:?}: supported values: \"cpu\", \"memory\""),
                        nearest(bad, ["cpu", "memory"]),
                    ));
                }
                if !(has("cpu") && has("memory")) {
                    let path =
                        format!("spec.resourcePolicy.containerPolicies[{i}].controlledResources");
                    return Err(cx.err(
                        &path,
                        format!("{path}: Unsupported value: {cr:?}: this model's VerticalPodAutoscaler controls both cpu and memory (list both or leave the field out)"),
                        None,
                    ));
                }
            }
            container_policies.push(ContainerResourcePolicy {
                container_name: p.container_name,
                min_allowed: p.min_allowed,
                max_allowed: p.max_allowed,
            });
        }
        Ok(VerticalPodAutoscaler {
            metadata,
            spec: VpaSpec {
                target_ref: spec.target_ref,
                update_policy,
                resource_policy: (!container_policies.is_empty())
                    .then_some(PodResourcePolicy { container_policies }),
            },
            status: VpaStatus::default(),
        })
    }

    /// The containers of the Deployment `name` when this document applies: an earlier
    /// document's, else the stored one's.
    fn containers_at<'a>(
        sim: &'a Sim,
        earlier: &'a [Document],
        name: &str,
    ) -> Option<Vec<&'a str>> {
        let dep = earlier
            .iter()
            .rev()
            .find_map(|e| match &e.manifest {
                Manifest::Deployment(x, _) if x.metadata.name == name => Some(&**x),
                _ => None,
            })
            .or_else(|| sim.api.store().get::<Deployment>(DEFAULT_NAMESPACE, name))?;
        Some(
            dep.spec
                .template
                .spec
                .containers
                .iter()
                .map(|c| c.name.as_str())
                .collect(),
        )
    }

    /// Decodes and validates a stream against the current state (selectors are immutable).
    pub(crate) fn plan(sim: &Sim, text: &str) -> Result<Vec<Document>, ManifestError> {
        let docs = parse_manifests(text)?;
        for (i, d) in docs.iter().enumerate() {
            if let Manifest::VerticalPodAutoscaler(v) = &d.manifest {
                let target = &v.spec.target_ref.name;
                let err = |path: String, message: String, suggestion| ManifestError {
                    document: d.index,
                    line: d.line,
                    column: 0,
                    path,
                    message,
                    suggestion,
                };
                let Some(containers) = containers_at(sim, &docs[..i], target) else {
                    return Err(err(
                        "spec.targetRef.name".into(),
                        format!(
                            "spec.targetRef.name: Not found: deployment {target:?} (this model's VerticalPodAutoscaler needs its Deployment: apply it first or in an earlier document)"
                        ),
                        crate::cli::command::suggest_word(
                            target,
                            sim.api
                                .store()
                                .list::<Deployment>()
                                .map(|d| d.metadata.name.as_str()),
                        ),
                    ));
                };
                for (j, p) in v
                    .spec
                    .resource_policy
                    .iter()
                    .flat_map(|r| &r.container_policies)
                    .enumerate()
                {
                    if p.container_name != "*" && !containers.contains(&p.container_name.as_str()) {
                        let path =
                            format!("spec.resourcePolicy.containerPolicies[{j}].containerName");
                        return Err(err(
                            path.clone(),
                            format!(
                                "{path}: Invalid value: {:?}: deployment {target:?} has no such container (its containers: {}; \"*\" is every container)",
                                p.container_name,
                                containers.join(", ")
                            ),
                            crate::cli::command::suggest_word(
                                &p.container_name,
                                containers.iter().copied().chain(["*"]),
                            ),
                        ));
                    }
                }
                continue;
            }
            let Manifest::Deployment(dep, _) = &d.manifest else {
                continue;
            };
            let name = &dep.metadata.name;
            // The selector the object will have when this document applies.
            let earlier = docs[..i].iter().rev().find_map(|e| match &e.manifest {
                Manifest::Deployment(x, _) if &x.metadata.name == name => Some(&x.spec.selector),
                _ => None,
            });
            let stored = sim.api.store().get::<Deployment>(DEFAULT_NAMESPACE, name);
            let current = earlier.or(stored.map(|s| &s.spec.selector));
            if let Some(sel) = current
                && *sel != dep.spec.selector
            {
                return Err(ManifestError {
                    document: d.index,
                    line: d.line,
                    column: 0,
                    path: "spec.selector".into(),
                    message: format!(
                        "Deployment.apps {name:?} is invalid: spec.selector: Invalid value: {}: field is immutable",
                        labels(&dep.spec.selector.match_labels)
                    ),
                    suggestion: None,
                });
            }
        }
        Ok(docs)
    }

    fn user() -> Actor {
        Actor::new(Component::User)
    }

    const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

    /// Applies validated documents in order; kubectl's output lines.
    pub(crate) fn apply(sim: &mut Sim, docs: Vec<Document>) -> String {
        let mut out = String::new();
        for d in docs {
            let what = d.manifest.resource_name();
            let verb = match d.manifest {
                Manifest::Deployment(dep, has_replicas) => {
                    apply_deployment(sim, *dep, has_replicas)
                }
                Manifest::Service(s) => {
                    apply_plain(sim, *s, |s| &s.spec, |o, n| o.spec = n.spec.clone())
                }
                Manifest::HorizontalPodAutoscaler(h) => {
                    apply_plain(sim, *h, |h| &h.spec, |o, n| o.spec = n.spec.clone())
                }
                Manifest::VerticalPodAutoscaler(v) => {
                    let verb = apply_plain(sim, *v, |v| &v.spec, |o, n| o.spec = n.spec.clone());
                    // The recommender and updater loops run from the first VPA on.
                    #[cfg(feature = "vpa")]
                    sim.vpa_start();
                    verb
                }
            };
            out.push_str(&format!("{what} {verb}\n"));
        }
        out
    }

    fn same_meta(a: &ObjectMeta, b: &ObjectMeta) -> bool {
        a.labels == b.labels && a.annotations == b.annotations
    }

    fn apply_plain<T: crate::api::store::Object, S: PartialEq>(
        sim: &mut Sim,
        new: T,
        spec: fn(&T) -> &S,
        set: fn(&mut T, &T),
    ) -> &'static str {
        let (ns, name) = (new.meta().namespace.clone(), new.meta().name.clone());
        let Some(old) = sim.api.store().get::<T>(&ns, &name).cloned() else {
            // Validated: the name is valid and absent.
            let _ = sim.api.create(new);
            return "created";
        };
        if spec(&old) == spec(&new) && same_meta(old.meta(), new.meta()) {
            return "unchanged";
        }
        let mut obj = old.clone();
        set(&mut obj, &new);
        obj.meta_mut().labels = new.meta().labels.clone();
        obj.meta_mut().annotations = new.meta().annotations.clone();
        if spec(&old) != spec(&new) {
            obj.meta_mut().generation += 1;
        }
        sim.api.update(obj);
        "configured"
    }

    fn apply_deployment(sim: &mut Sim, mut new: Deployment, has_replicas: bool) -> &'static str {
        let name = new.metadata.name.clone();
        let Some(old) = sim
            .api
            .store()
            .get::<Deployment>(DEFAULT_NAMESPACE, &name)
            .cloned()
        else {
            let _ = sim.api.create(new);
            return "created";
        };
        if !has_replicas {
            new.spec.replicas = old.spec.replicas;
        }
        // `rollout restart` writes this annotation; a later apply (which never set it) keeps it.
        if let Some(v) = old.spec.template.metadata.annotations.get(RESTARTED_AT)
            && !new
                .spec
                .template
                .metadata
                .annotations
                .contains_key(RESTARTED_AT)
        {
            new.spec
                .template
                .metadata
                .annotations
                .insert(RESTARTED_AT.into(), v.clone());
        }
        if old.spec == new.spec && same_meta(&old.metadata, &new.metadata) {
            return "unchanged";
        }
        let mut obj = old.clone();
        obj.metadata.labels = new.metadata.labels;
        obj.metadata.annotations = new.metadata.annotations;
        if old.spec != new.spec {
            obj.spec = new.spec;
            obj.metadata.generation += 1;
        }
        let (from, to) = (old.spec.replicas, obj.spec.replicas);
        sim.api.update(obj);
        if from != to {
            sim.emit(
                user(),
                ObjectRef::new(Kind::Deployment, DEFAULT_NAMESPACE, &name),
                EventKind::Scaled { from, to },
            );
        }
        "configured"
    }
}

#[cfg(all(test, not(feature = "yaml")))]
mod no_yaml_tests {
    use super::NO_YAML;
    use crate::engine::{Sim, SimConfig};

    #[test]
    fn apply_is_refused_with_the_reason_and_changes_nothing() {
        let mut s = Sim::new(SimConfig::default());
        let (rev, next) = (s.store().revision(), s.next_event_id());
        let cmd = crate::cli::command::parse("apply -f web.yaml").unwrap();
        assert_eq!(cmd.to_string(), "apply -f web.yaml");
        let e = s.apply(&cmd).unwrap_err();
        assert_eq!(e.message(), NO_YAML);
        let e = s.exec("kubectl apply -f web.yaml").unwrap_err();
        assert_eq!(e.to_string(), format!("column 18: {NO_YAML}"));
        assert_eq!((rev, next), (s.store().revision(), s.next_event_id()));
    }
}
