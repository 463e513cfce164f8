//! `kubectl apply -f`: create, configure, unchanged; every validation error names the document,
//! the field and the cause, and changes nothing; a multi-document stream is all-or-nothing.

mod common;

use sim::Sim;
use sim::objects::*;

const NODES: &str = "nodes:\n  - name: node\n    count: 3\n    cpu: \"4\"\n    memory: 8Gi\n";

const WEB: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          resources:
            requests: {cpu: 250m, memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
";

fn cluster() -> Sim {
    common::build(NODES)
}

fn apply(s: &mut Sim, text: &str) -> Result<String, String> {
    s.add_file("m.yaml", text).unwrap();
    s.exec("apply -f m.yaml").map_err(|e| e.to_string())
}

/// What an error must leave alone: store revision, events, time and every object.
fn digest(s: &Sim) -> String {
    let mut d = format!(
        "{} {} {}\n",
        s.store().revision(),
        s.next_event_id(),
        s.now_ms()
    );
    for k in s.store().keys() {
        d.push_str(&format!("{k:?}\n"));
    }
    let mut c = s.clone();
    for o in [
        "deploy -o wide",
        "svc",
        "hpa",
        "vpa",
        "rs",
        "pods",
        "endpoints",
    ] {
        d.push_str(&c.exec(&format!("get {o}")).unwrap_or_default());
    }
    d
}

#[test]
fn create_then_unchanged_then_configured() {
    let mut s = cluster();
    assert_eq!(
        apply(&mut s, WEB).unwrap(),
        "deployment.apps/web created\nservice/web created\nhorizontalpodautoscaler.autoscaling/web created\n"
    );
    s.advance(10_000);
    assert_eq!(common::ready_count(&s, "web"), 2);
    assert_eq!(
        apply(&mut s, WEB).unwrap(),
        "deployment.apps/web unchanged\nservice/web unchanged\nhorizontalpodautoscaler.autoscaling/web unchanged\n"
    );
    // Replicas: a scale. HPA: max 5 -> 8. Service untouched.
    let v2 = WEB
        .replace("replicas: 2", "replicas: 4")
        .replace("maxReplicas: 5", "maxReplicas: 8");
    assert_eq!(
        apply(&mut s, &v2).unwrap(),
        "deployment.apps/web configured\nservice/web unchanged\nhorizontalpodautoscaler.autoscaling/web configured\n"
    );
    assert_eq!(common::deployment(&s, "web").spec.replicas, 4);
    let hpa = s
        .store()
        .get::<HorizontalPodAutoscaler>("default", "web")
        .unwrap();
    assert_eq!(hpa.spec.max_replicas, 8);
    assert!(
        common::events_text(&s)
            .iter()
            .any(|e| e.contains("scaled deployment web from 2 to 4") || e.contains("from 2 to 4")),
        "{:?}",
        common::events_text(&s)
    );
}

#[test]
fn a_template_change_is_a_rolling_update() {
    let mut s = cluster();
    apply(&mut s, WEB).unwrap();
    s.advance(10_000);
    let rs_before = s.exec("get rs").unwrap();
    assert_eq!(rs_before.lines().count(), 2, "{rs_before}");
    let out = apply(&mut s, &WEB.replace("nginx:1.27", "nginx:1.28")).unwrap();
    assert!(out.starts_with("deployment.apps/web configured\n"), "{out}");
    assert_eq!(common::deployment(&s, "web").metadata.generation, 2);
    s.advance(60_000);
    let rs = s.exec("get rs").unwrap();
    assert_eq!(rs.lines().count(), 3, "a second ReplicaSet: {rs}");
    let pods = common::active_pods(&s, "web");
    assert_eq!(pods.len(), 2);
    assert!(
        pods.iter()
            .all(|p| p.spec.containers[0].image == "nginx:1.28")
    );
}

#[test]
fn a_service_selector_change_updates_endpoints() {
    let mut s = cluster();
    let other = WEB
        .split("---")
        .next()
        .unwrap()
        .replace("name: web", "name: api")
        .replace("app: web", "app: api");
    apply(&mut s, &format!("{WEB}---\n{other}")).unwrap();
    s.advance(10_000);
    let eps = |s: &mut Sim| s.exec("get endpoints web").unwrap();
    let before = eps(&mut s);
    let svc = WEB
        .split("---")
        .nth(1)
        .unwrap()
        .replace("{app: web}", "{app: api}");
    assert_eq!(apply(&mut s, &svc).unwrap(), "service/web configured\n");
    s.advance(1_000);
    let after = eps(&mut s);
    assert_ne!(before, after);
    let api_ips: Vec<String> = common::active_pods(&s, "api")
        .iter()
        .filter_map(|p| p.status.pod_ip.clone())
        .collect();
    assert!(
        api_ips.iter().all(|ip| after.contains(ip.as_str())),
        "{after} {api_ips:?}"
    );
}

#[test]
fn omitted_replicas_stay_with_the_hpa() {
    let mut s = cluster();
    let no_replicas = WEB.replace("  replicas: 2\n", "");
    apply(&mut s, &no_replicas).unwrap();
    s.run("scale deployment web --replicas 5").unwrap();
    assert_eq!(
        apply(&mut s, &no_replicas).unwrap(),
        "deployment.apps/web unchanged\nservice/web unchanged\nhorizontalpodautoscaler.autoscaling/web unchanged\n"
    );
    assert_eq!(common::deployment(&s, "web").spec.replicas, 5);
}

#[test]
fn autoscaling_v1_target_cpu() {
    let mut s = cluster();
    apply(&mut s, WEB).unwrap();
    let v1 = "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 70\n";
    assert_eq!(
        apply(&mut s, v1).unwrap(),
        "horizontalpodautoscaler.autoscaling/web configured\n"
    );
    let h = s
        .store()
        .get::<HorizontalPodAutoscaler>("default", "web")
        .unwrap();
    assert_eq!(h.metrics()[0].resource.target.average_utilization, 70);
}

/// Each bad manifest: (text, the error message). The cluster already has WEB applied; the
/// digest must not move.
#[test]
fn every_validation_error_names_document_and_field_and_changes_nothing() {
    let dep = WEB.split("---").next().unwrap().to_string();
    let cases: Vec<(String, &str)> = vec![
        (
            dep.replace("kind: Deployment", "kind: Deploymnet"),
            "column 10: error when applying \"m.yaml\": document 1, line 1: no matches for kind \"Deploymnet\" in version \"apps/v1\" (this model applies Deployment (apps/v1), Service (v1), HorizontalPodAutoscaler (autoscaling/v2, autoscaling/v1), VerticalPodAutoscaler (autoscaling.k8s.io/v1)); did you mean \"Deployment\"?",
        ),
        (
            dep.replace("apps/v1", "apps/v1beta1"),
            "column 10: error when applying \"m.yaml\": document 1, line 1: no matches for kind \"Deployment\" in version \"apps/v1beta1\"; did you mean \"apps/v1\"?",
        ),
        (
            dep.replace("kind: Deployment\n", ""),
            "column 10: error when applying \"m.yaml\": document 1, line 1: error validating data: kind not set",
        ),
        (
            dep.replace("apiVersion: apps/v1\n", ""),
            "column 10: error when applying \"m.yaml\": document 1, line 1: error validating data: apiVersion not set",
        ),
        (
            dep.replace("  name: web\n", "  labels: {a: b}\n"),
            "column 10: error when applying \"m.yaml\": document 1, line 4, column 3: metadata.name: Required value: name or generateName is required",
        ),
        (
            dep.replace("  selector:\n    matchLabels: {app: web}\n", ""),
            "column 10: error when applying \"m.yaml\": document 1, line 7, column 3: spec.selector: Required value",
        ),
        (
            dep.replace("labels: {app: web}", "labels: {app: webb}"),
            "column 10: error when applying \"m.yaml\": document 1, line 1: spec.template.metadata.labels: Invalid value: {\"app\":\"webb\"}: `selector` does not match template `labels`",
        ),
        (
            dep.replace("cpu: 250m", "cpu: 250x"),
            "column 10: error when applying \"m.yaml\": document 1, line 17, column 29: spec.template.spec.containers[0].resources.requests.cpu: invalid CPU quantity \"250x\": expected e.g. 250m, 0.5 or 2",
        ),
        (
            dep.replace("memory: 128Mi", "memory: 128Mb"),
            "column 10: error when applying \"m.yaml\": document 1, line 17, column 43: spec.template.spec.containers[0].resources.requests.memory: invalid memory quantity \"128Mb\": expected e.g. 128Mi, 1Gi or 500M",
        ),
        (
            dep.replace("  replicas: 2\n", "  replica: 2\n"),
            "column 10: error when applying \"m.yaml\": document 1, line 6, column 3: strict decoding error: unknown field \"spec.replica\"; did you mean \"spec.replicas\"?",
        ),
        (
            dep.replace("image: nginx:1.27", "imag: nginx:1.27"),
            "column 10: error when applying \"m.yaml\": document 1, line 15, column 11: strict decoding error: unknown field \"spec.template.spec.containers[0].imag\"; did you mean \"spec.template.spec.containers[0].image\"?",
        ),
        (
            dep.replace("  name: web\n", "  name: web\n  namespace: prod\n"),
            "column 10: error when applying \"m.yaml\": document 1, line 1: namespaces \"prod\" not found (this model has the namespace \"default\" only)",
        ),
        (
            dep.replace("name: web\n", "name: Web_1\n"),
            "column 10: error when applying \"m.yaml\": document 1, line 1: metadata.name: invalid name \"Web_1\": must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
        ),
        (
            dep.replace("{app: web}\n  template", "{app: web2}\n  template")
                .replace("labels: {app: web}", "labels: {app: web2}"),
            "column 10: error when applying \"m.yaml\": document 1, line 1: Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {\"app\":\"web2\"}: field is immutable",
        ),
        (
            dep.replace("replicas: 2", "replicas: [2]"),
            "column 10: error when applying \"m.yaml\": document 1, line 6, column 13: spec.replicas: expected string scalar",
        ),
        (
            "spec: {a: [1, 2\n".to_string(),
            "column 10: error when applying \"m.yaml\": document 1, line 1, column 11: spec.a: unclosed bracket '['",
        ),
        (
            "- just\n- a list\n".to_string(),
            "column 10: error when applying \"m.yaml\": document 1, line 1, column 1: a manifest is a mapping with apiVersion, kind, metadata and spec",
        ),
        (
            "# nothing\n---\n".to_string(),
            "column 10: error when applying \"m.yaml\": no objects passed to apply",
        ),
        (
            WEB.replace("kind: Deployment, name", "kind: StatefulSet, name"),
            "column 10: error when applying \"m.yaml\": document 3, line 27: spec.scaleTargetRef.kind: Unsupported value: \"StatefulSet\": this model scales Deployments only",
        ),
        (
            WEB.replace("maxReplicas: 5", "maxReplicas: 1\n  minReplicas2: 3"),
            "column 10: error when applying \"m.yaml\": document 3, line 35, column 3: strict decoding error: unknown field \"spec.minReplicas2\"; did you mean \"spec.minReplicas\"?",
        ),
        (
            WEB.replace("type: Utilization", "type: Utilisation"),
            "column 10: error when applying \"m.yaml\": document 3, line 37, column 44: spec.metrics[0].resource.target.type: Unsupported value: \"Utilisation\"; did you mean \"Utilization\"?",
        ),
        (
            WEB.replace("[{port: 80}]", "[{port: 0}]"),
            "column 10: error when applying \"m.yaml\": document 2, line 19: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        ),
    ];
    let mut s = cluster();
    apply(&mut s, WEB).unwrap();
    s.advance(5_000);
    let before = digest(&s);
    for (text, want) in cases {
        let got = apply(&mut s, &text).expect_err(&text);
        assert_eq!(got, want, "{text}");
        assert_eq!(digest(&s), before, "{got}");
    }
}

#[test]
fn a_stream_is_all_or_nothing() {
    let mut s = cluster();
    let before = digest(&s);
    // Documents 1 and 2 are fine; document 3 has a typo: nothing is created.
    let bad = WEB.replace("maxReplicas: 5", "maxReplica: 5");
    let e = apply(&mut s, &bad).unwrap_err();
    assert!(e.contains("document 3, line 34, column 3: strict decoding error: unknown field \"spec.maxReplica\"; did you mean \"spec.maxReplicas\"?"), "{e}");
    assert_eq!(digest(&s), before);
    assert!(s.store().get::<Deployment>("default", "web").is_none());
    // The state check too: a new Deployment, then a second document changing its selector.
    let dep = WEB.split("---").next().unwrap();
    let changed = dep
        .replace("{app: web}\n  template", "{app: web2}\n  template")
        .replace("labels: {app: web}", "labels: {app: web2}");
    let e = apply(&mut s, &format!("{dep}---\n{changed}")).unwrap_err();
    assert!(
        e.contains("document 2, line 19: Deployment.apps \"web\" is invalid: spec.selector"),
        "{e}"
    );
    assert_eq!(digest(&s), before);
}

#[test]
fn files_and_the_command_line() {
    let mut s = cluster();
    s.add_file("web.yaml", WEB).unwrap();
    let before = digest(&s);
    assert_eq!(
        s.exec("apply -f wbe.yaml").unwrap_err().to_string(),
        "column 10: the path \"wbe.yaml\" does not exist; did you mean \"web.yaml\"?"
    );
    assert_eq!(
        s.exec("apply -f nothing-like-it").unwrap_err().to_string(),
        "column 10: file \"nothing-like-it\" not found"
    );
    assert_eq!(
        s.exec("apply web.yaml").unwrap_err().to_string(),
        "column 7: \"web.yaml\": expected -f FILE"
    );
    assert_eq!(
        s.exec("apply -f").unwrap_err().to_string(),
        "column 9: missing file name"
    );
    assert_eq!(digest(&s), before);
    assert!(s.add_file("a b", "x").is_err());
    // Every spelling kubectl takes; the command round-trips through Display.
    for line in [
        "apply -f web.yaml",
        "kubectl apply --filename web.yaml",
        "apply -f=web.yaml",
        "apply --filename=web.yaml",
    ] {
        let cmd = sim::parse_command(line).unwrap();
        assert_eq!(cmd.to_string(), "apply -f web.yaml");
    }
    // Sim::run (no output) and Sim::apply take it too.
    s.run("apply -f web.yaml").unwrap();
    assert_eq!(common::deployment(&s, "web").spec.replicas, 2);
}

#[test]
fn refused_while_etcd_cannot_write() {
    let mut s = cluster();
    s.add_file("web.yaml", WEB).unwrap();
    s.run("etcd stop cp-1").unwrap();
    s.run("etcd stop cp-2").unwrap();
    s.advance(1_000);
    let before = digest(&s);
    let e = s.exec("apply -f web.yaml").unwrap_err().to_string();
    assert!(e.contains("etcd has lost quorum"), "{e}");
    assert_eq!(digest(&s), before);
}

#[test]
fn parse_manifests_reports_documents() {
    let docs = sim::parse_manifests(&format!("---\n# first\n{WEB}...\n")).unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs.iter().map(|d| (d.index, d.line)).collect::<Vec<_>>(),
        [(1, 3), (2, 21), (3, 29)]
    );
    assert_eq!(docs[1].manifest.resource_name(), "service/web");
}

const VPA: &str = "\
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: web-vpa
spec:
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  updatePolicy:
    updateMode: \"Off\"
    minReplicas: 2
  resourcePolicy:
    containerPolicies:
      - containerName: app
        minAllowed: {cpu: 100m, memory: 64Mi}
        maxAllowed: {cpu: \"1\", memory: 1Gi}
        controlledResources: [cpu, memory]
";

fn vpa(s: &Sim, name: &str) -> sim::vpa::VerticalPodAutoscaler {
    s.store()
        .get::<sim::vpa::VerticalPodAutoscaler>("default", name)
        .cloned()
        .unwrap()
}

#[test]
fn vpa_create_configure_unchanged() {
    let mut s = cluster();
    apply(&mut s, WEB).unwrap();
    s.advance(5_000);
    assert_eq!(
        apply(&mut s, VPA).unwrap(),
        "verticalpodautoscaler.autoscaling.k8s.io/web-vpa created\n"
    );
    let v = vpa(&s, "web-vpa");
    assert_eq!(v.mode(), sim::vpa::UpdateMode::Off);
    assert_eq!(v.min_replicas(), 2);
    let p = v.policy_for("app").unwrap();
    assert_eq!(p.min_allowed.cpu, Some(Cpu(100)));
    assert_eq!(p.max_allowed.memory, Some(Mem(1 << 30)));
    assert_eq!(v.spec.target_ref.name, "web");
    assert_eq!(
        apply(&mut s, VPA).unwrap(),
        "verticalpodautoscaler.autoscaling.k8s.io/web-vpa unchanged\n"
    );
    let gen0 = v.metadata.generation;
    assert_eq!(
        apply(&mut s, &VPA.replace("\"Off\"", "Recreate")).unwrap(),
        "verticalpodautoscaler.autoscaling.k8s.io/web-vpa configured\n"
    );
    let v = vpa(&s, "web-vpa");
    assert_eq!(v.mode(), sim::vpa::UpdateMode::Recreate);
    assert_eq!(v.metadata.generation, gen0 + 1);
    // The recommender runs for it (its loop was armed by the apply): a recommendation comes.
    s.advance(5 * 60_000);
    assert!(vpa(&s, "web-vpa").provided());
    // In one stream with its Deployment (the Deployment comes first), and no updatePolicy.
    let mut s = cluster();
    let minimal = "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: web}\nspec:\n  targetRef: {kind: Deployment, name: web}\n";
    assert_eq!(
        apply(&mut s, &format!("{WEB}---\n{minimal}")).unwrap(),
        "deployment.apps/web created\nservice/web created\nhorizontalpodautoscaler.autoscaling/web created\nverticalpodautoscaler.autoscaling.k8s.io/web created\n"
    );
    assert_eq!(vpa(&s, "web").mode(), sim::vpa::UpdateMode::Auto);
}

/// Each bad VPA manifest: its exact error, and nothing changes.
#[test]
fn vpa_validation_errors_change_nothing() {
    let p = "column 10: error when applying \"m.yaml\": document 1, ";
    let cases: Vec<(String, String)> = vec![
        (
            VPA.replace("kind: Deployment", "kind: StatefulSet"),
            format!(
                "{p}line 1: spec.targetRef.kind: Unsupported value: \"StatefulSet\": this model's VerticalPodAutoscaler targets Deployments only"
            ),
        ),
        (
            VPA.replace("apiVersion: apps/v1", "apiVersion: apps/v2"),
            format!(
                "{p}line 1: spec.targetRef.apiVersion: Unsupported value: \"apps/v2\": this model's VerticalPodAutoscaler targets apps/v1 Deployments only; did you mean \"apps/v1\"?"
            ),
        ),
        (
            VPA.replace("name: web\n", "name: webb\n"),
            format!(
                "{p}line 1: spec.targetRef.name: Not found: deployment \"webb\" (this model's VerticalPodAutoscaler needs its Deployment: apply it first or in an earlier document); did you mean \"web\"?"
            ),
        ),
        (
            VPA.replace("\"Off\"", "InPlaceOrRecreate"),
            format!(
                "{p}line 1: spec.updatePolicy.updateMode: Unsupported value: \"InPlaceOrRecreate\": in-place resize is not modelled (use Recreate); did you mean \"Recreate\"?"
            ),
        ),
        (
            VPA.replace("\"Off\"", "Recreat"),
            format!(
                "{p}line 1: spec.updatePolicy.updateMode: Unsupported value: \"Recreat\": supported values: \"Off\", \"Initial\", \"Recreate\", \"Auto\"; did you mean \"Recreate\"?"
            ),
        ),
        (
            VPA.replace("minReplicas: 2", "minReplicas: 0"),
            format!(
                "{p}line 1: spec.updatePolicy.minReplicas: Invalid value: 0: MinReplicas has to be positive"
            ),
        ),
        (
            VPA.replace("containerName: app", "containerName: ap"),
            format!(
                "{p}line 1: spec.resourcePolicy.containerPolicies[0].containerName: Invalid value: \"ap\": deployment \"web\" has no such container (its containers: app; \"*\" is every container); did you mean \"app\"?"
            ),
        ),
        (
            VPA.replace("[cpu, memory]", "[cpu]"),
            format!(
                "{p}line 1: spec.resourcePolicy.containerPolicies[0].controlledResources: Unsupported value: [\"cpu\"]: this model's VerticalPodAutoscaler controls both cpu and memory (list both or leave the field out)"
            ),
        ),
        (
            VPA.replace("[cpu, memory]", "[cpu, memry]"),
            format!(
                "{p}line 1: spec.resourcePolicy.containerPolicies[0].controlledResources: Unsupported value: \"memry\": supported values: \"cpu\", \"memory\"; did you mean \"memory\"?"
            ),
        ),
        (
            VPA.replace("cpu: 100m", "cpu: 100x"),
            format!(
                "{p}line 16, column 27: spec.resourcePolicy.containerPolicies[0].minAllowed.cpu: invalid CPU quantity \"100x\": expected e.g. 250m, 0.5 or 2"
            ),
        ),
        (
            VPA.replace("memory: 1Gi", "memory: 1Gb"),
            format!(
                "{p}line 17, column 40: spec.resourcePolicy.containerPolicies[0].maxAllowed.memory: invalid memory quantity \"1Gb\": expected e.g. 128Mi, 1Gi or 500M"
            ),
        ),
        (
            VPA.replace("cpu: 100m", "cpu: \"2\""),
            format!("{p}line 1: spec: container app: minAllowed cpu above maxAllowed"),
        ),
        (
            VPA.replace("updatePolicy:", "updatePolicyy:"),
            format!(
                "{p}line 10, column 3: strict decoding error: unknown field \"spec.updatePolicyy\"; did you mean \"spec.updatePolicy\"?"
            ),
        ),
        (
            VPA.replace("minAllowed:", "minAllowd:"),
            format!(
                "{p}line 16, column 9: strict decoding error: unknown field \"spec.resourcePolicy.containerPolicies[0].minAllowd\"; did you mean \"spec.resourcePolicy.containerPolicies[0].minAllowed\"?"
            ),
        ),
        (
            VPA.replace("name: web\n", "name: web\n    namespace: x\n"),
            format!(
                "{p}line 10, column 5: strict decoding error: unknown field \"spec.targetRef.namespace\""
            ),
        ),
        (
            VPA.replace("autoscaling.k8s.io/v1", "autoscaling.k8s.io/v1beta2"),
            format!(
                "{p}line 1: no matches for kind \"VerticalPodAutoscaler\" in version \"autoscaling.k8s.io/v1beta2\"; did you mean \"autoscaling.k8s.io/v1\"?"
            ),
        ),
    ];
    let mut s = cluster();
    apply(&mut s, WEB).unwrap();
    apply(&mut s, VPA).unwrap();
    s.advance(5_000);
    let before = digest(&s);
    for (text, want) in cases {
        let got = apply(&mut s, &text).expect_err(&text);
        assert_eq!(got, want, "{text}");
        assert_eq!(digest(&s), before, "{got}");
    }
}
