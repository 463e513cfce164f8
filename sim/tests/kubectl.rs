//! `Sim::exec`: kubectl-like output of `get`, `describe` and `rollout status`, and errors that
//! name the position, suggest a command and change nothing.

mod common;
use expect_test::{Expect, expect};

fn sim() -> sim::Sim {
    let mut s = common::web("real");
    s.advance(90_000);
    s
}

fn check(s: &mut sim::Sim, line: &str, want: Expect) {
    let got = match s.exec(line) {
        Ok(t) => t,
        Err(e) => format!("error: {e}\n"),
    };
    want.assert_eq(&got);
}

#[test]
fn get_tables() {
    let mut s = sim();
    check(
        &mut s,
        "get nodes",
        expect![[r#"
        NAME     STATUS   ROLES    AGE   VERSION
        node-1   Ready    <none>   90s   v1.32.0
        node-2   Ready    <none>   90s   v1.32.0
        node-3   Ready    <none>   90s   v1.32.0
    "#]],
    );
    check(
        &mut s,
        "kubectl get pods",
        expect![[r#"
        NAME                   READY   STATUS    RESTARTS   AGE
        web-5b97fff7d9-42qw8   1/1     Running   0          90s
        web-5b97fff7d9-7hksd   1/1     Running   0          90s
        web-5b97fff7d9-84wm6   1/1     Running   0          90s
        web-5b97fff7d9-fq49q   1/1     Running   0          90s
        web-5b97fff7d9-l4n28   1/1     Running   0          90s
        web-5b97fff7d9-n7wht   1/1     Running   0          90s
    "#]],
    );
    check(
        &mut s,
        "get pods -o wide -l app=web",
        expect![[r#"
        NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
        web-5b97fff7d9-42qw8   1/1     Running   0          90s   10.244.0.2   node-1   <none>           <none>
        web-5b97fff7d9-7hksd   1/1     Running   0          90s   10.244.2.2   node-3   <none>           <none>
        web-5b97fff7d9-84wm6   1/1     Running   0          90s   10.244.2.3   node-3   <none>           <none>
        web-5b97fff7d9-fq49q   1/1     Running   0          90s   10.244.0.3   node-1   <none>           <none>
        web-5b97fff7d9-l4n28   1/1     Running   0          90s   10.244.1.2   node-2   <none>           <none>
        web-5b97fff7d9-n7wht   1/1     Running   0          90s   10.244.1.3   node-2   <none>           <none>
    "#]],
    );
    check(
        &mut s,
        "get deploy",
        expect![[r#"
        NAME   READY   UP-TO-DATE   AVAILABLE   AGE
        web    6/6     6            6           90s
    "#]],
    );
    check(
        &mut s,
        "get rs -o wide",
        expect![[r#"
        NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR
        web-5b97fff7d9   6         6         6       90s   app          nginx:1.27   app=web,pod-template-hash=5b97fff7d9
    "#]],
    );
    check(
        &mut s,
        "get svc",
        expect![[r#"
        NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        web    ClusterIP   <none>       <none>        80/TCP    90s
    "#]],
    );
    check(
        &mut s,
        "get endpoints",
        expect![[r#"
        NAME   ENDPOINTS                                               AGE
        web    10.244.0.2:80,10.244.2.2:80,10.244.2.3:80 + 3 more...   90s
    "#]],
    );
    check(
        &mut s,
        "get pods -n kube-system",
        expect![[r#"
        No resources found in kube-system namespace.
    "#]],
    );
    check(
        &mut s,
        "get pods -l app=nope",
        expect![[r#"
        No resources found in default namespace.
    "#]],
    );
    check(
        &mut s,
        "get deployments -A",
        expect![[r#"
        NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE
        default     web    6/6     6            6           90s
    "#]],
    );
}

#[test]
fn describe_sections() {
    let mut s = sim();
    check(
        &mut s,
        "describe node node-1",
        expect![[r#"
            Name:                 node-1
            Labels:               kubernetes.io/hostname=node-1
            Annotations:          <none>
            CreationTimestamp:    t=0s (90s ago)
            Taints:               <none>
            Unschedulable:        false
            Conditions:
              Type    Status   LastHeartbeatTime   LastTransitionTime   Reason
              Ready   True     t=0s (90s ago)      t=0s (90s ago)       KubeletReady
            Capacity:
              cpu:     4
              memory:  8Gi
              pods:    110
            Allocatable:
              cpu:     4
              memory:  8Gi
              pods:    110
            System Info:
              Kubelet Version:  v1.32.0
            Non-terminated Pods:  (2 in total)
              Namespace   Name                   CPU Requests   Memory Requests   Age
              default     web-5b97fff7d9-42qw8   250m           256Mi             90s
              default     web-5b97fff7d9-fq49q   250m           256Mi             90s
            Allocated resources:
              cpu:     500m (12%)
              memory:  512Mi (6%)
            Events:
              Type     Reason    Age   From             Message
              ----     ------    ---   ----             -------
              Normal   Created   90s   kube-apiserver   created Node node-1 (revision 5)
        "#]],
    );
    check(
        &mut s,
        "describe deployment web",
        expect![[r#"
            Name:                 web
            Namespace:            default
            Labels:               <none>
            Annotations:          <none>
            CreationTimestamp:    t=0s (90s ago)
            Selector:             app=web
            Replicas:             6 desired | 6 updated | 6 total | 6 available | 0 unavailable
            StrategyType:         RollingUpdate
            MinReadySeconds:      0
            RollingUpdateStrategy:  25% max unavailable, 25% max surge
            Pod Template:
              Labels:  app=web
              Containers:
               app:
                Image:  nginx:1.27
            OldReplicaSets:       <none>
            NewReplicaSet:        web-5b97fff7d9 (6/6 replicas created)
            Events:
              Type     Reason              Age   From                            Message
              ----     ------              ---   ----                            -------
              Normal   Created             90s   kube-apiserver                  created Deployment web (revision 12)
              Normal   ScalingReplicaSet   90s   controller-manager/deployment   web scaled replica set web-5b97fff7d9 from 0 to 6
        "#]],
    );
    check(
        &mut s,
        "describe svc/web",
        expect![[r#"
            Name:                 web
            Namespace:            default
            Labels:               <none>
            Annotations:          <none>
            Selector:             app=web
            Type:                 ClusterIP
            Port:                 <unset>  80/TCP
            TargetPort:           80/TCP
            Endpoints:            10.244.0.2:80,10.244.2.2:80,10.244.2.3:80,10.244.0.3:80,10.244.1.2:80,10.244.1.3:80
            Events:
              Type     Reason    Age   From             Message
              ----     ------    ---   ----             -------
              Normal   Created   90s   kube-apiserver   created Service web (revision 11)
        "#]],
    );
}

#[test]
fn describe_pod_and_events() {
    let mut s = sim();
    let pod = s.pods()[0].pod.metadata.name.clone();
    let out = s.exec(&format!("describe pod {pod}")).unwrap();
    for want in [
        "Name:                 ",
        "Namespace:            default\n",
        "Status:               Running\n",
        "QoS Class:            Burstable\n",
        "Events:\n",
        "Scheduled",
    ] {
        assert!(out.contains(want), "{want:?} missing from\n{out}");
    }
    let ev = s.exec("get events").unwrap();
    assert!(ev.starts_with("LAST SEEN   TYPE     REASON"), "{ev}");
}

#[test]
fn mutations_confirm_like_kubectl() {
    let mut s = sim();
    check(
        &mut s,
        "cordon node-1",
        expect![[r#"
        node/node-1 cordoned
    "#]],
    );
    check(
        &mut s,
        "scale deployment web --replicas 2",
        expect![[r#"
        deployment.apps/web scaled
    "#]],
    );
    s.advance(60_000);
    check(
        &mut s,
        "rollout status deployment/web",
        expect![[r#"
        deployment "web" successfully rolled out
    "#]],
    );
    check(
        &mut s,
        "get nodes",
        expect![[r#"
        NAME     STATUS                     ROLES    AGE     VERSION
        node-1   Ready,SchedulingDisabled   <none>   2m30s   v1.32.0
        node-2   Ready                      <none>   2m30s   v1.32.0
        node-3   Ready                      <none>   2m30s   v1.32.0
    "#]],
    );
}

#[test]
fn errors_name_position_suggest_and_change_nothing() {
    let mut s = sim();
    let before = s.exec("get pods -o wide").unwrap();
    let events = s.next_event_id();
    for (line, want) in [
        (
            "gte pods",
            expect![[r#"
            error: column 1: unknown command "gte"; did you mean "get"?
        "#]],
        ),
        (
            "get pdos",
            expect![[r#"
            error: column 5: resource type: unknown "pdos"; did you mean "pods"?
        "#]],
        ),
        (
            "get pods -o json",
            expect![[r#"
            error: column 13: "json": expected wide (the only output format)
        "#]],
        ),
        (
            "describe pod",
            expect![[r#"
            error: column 13: missing name
        "#]],
        ),
        (
            "describe node nope",
            expect![[r#"
                error: column 15: node "nope" not found
            "#]],
        ),
        (
            "get pods -l",
            expect![[r#"
            error: column 12: missing label selector
        "#]],
        ),
        (
            "rollout stauts deployment/web",
            expect![[r#"
            error: column 9: rollout: unknown "stauts"; did you mean "status"?
        "#]],
        ),
        (
            "get pods extra words",
            expect![[r#"
            error: column 16: unexpected "words"
        "#]],
        ),
        (
            "get pod nope",
            expect![[r#"
                error: column 9: pod "nope" not found
            "#]],
        ),
        (
            "describe endpoints web",
            expect![[r#"
                error: column 10: resource type: unknown "endpoints"; expected one of: pods, nodes, deployments, services, hpa, vpa
            "#]],
        ),
    ] {
        check(&mut s, line, want);
    }
    assert_eq!(s.exec("get pods -o wide").unwrap(), before);
    assert_eq!(s.next_event_id(), events);
}

#[test]
fn human_duration_matches_apimachinery() {
    use sim::kubectl::human_duration as h;
    let cases = [
        (-5_000, "<invalid>"),
        (-1_000, "0s"),
        (0, "0s"),
        (119_000, "119s"),
        (120_000, "2m"),
        (125_000, "2m5s"),
        (600_000, "10m"),
        (179 * 60_000, "179m"),
        (3 * 3_600_000, "3h"),
        (3 * 3_600_000 + 60_000, "3h1m"),
        (8 * 3_600_000, "8h"),
        (47 * 3_600_000, "47h"),
        (48 * 3_600_000, "2d"),
        (50 * 3_600_000, "2d2h"),
        (8 * 86_400_000, "8d"),
        (2 * 365 * 86_400_000, "2y"),
        (2 * 365 * 86_400_000 + 86_400_000, "2y1d"),
        (9 * 365 * 86_400_000, "9y"),
    ];
    for (ms, want) in cases {
        assert_eq!(h(ms), want, "{ms} ms");
    }
}

/// The README's console sessions are tests: after `<!-- console: SCENARIO -->`, a ```console
/// block of `$ kubectl LINE` commands run with `Sim::exec` on the scenario's cluster (its
/// timed actions are not run); the lines after each command are its exact output
/// (`error: ...` for an error).
#[test]
fn readme_console_sessions() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let update = std::env::var("UPDATE_README").is_ok_and(|v| v == "1");
    let mut out_readme = String::new();
    let mut sessions = 0;
    let mut lines = readme.lines();
    while let Some(l) = lines.next() {
        out_readme.push_str(l);
        out_readme.push('\n');
        let Some(name) = l
            .strip_prefix("<!-- console:")
            .and_then(|r| r.strip_suffix("-->"))
            .map(str::trim)
        else {
            continue;
        };
        let fence = lines.next().unwrap();
        assert_eq!(fence, "```console", "a console block follows the marker");
        out_readme.push_str(fence);
        out_readme.push('\n');
        let yaml = std::fs::read_to_string(dir.join("scenarios").join(format!("{name}.yaml")))
            .unwrap_or_else(|e| panic!("console scenario {name}: {e}"));
        let mut s = common::build(&yaml);
        let mut want = String::new();
        let mut got = String::new();
        for b in lines.by_ref() {
            if b == "```" {
                break;
            }
            if let Some(cmd) = b.strip_prefix("$ ") {
                got.push_str(b);
                got.push('\n');
                let r = match s.exec(cmd) {
                    Ok(t) => t,
                    Err(e) => format!("error: {e}\n"),
                };
                got.push_str(&r);
            }
            want.push_str(b);
            want.push('\n');
        }
        out_readme.push_str(&got);
        out_readme.push_str("```\n");
        if !update {
            assert_eq!(got, want, "README console session on {name} differs");
        }
        sessions += 1;
    }
    if update {
        std::fs::write(dir.join("README.md"), out_readme).unwrap();
    }
    assert!(sessions >= 1, "no README console session found");
}

/// Each fault is visible in `get pods` as kubectl shows it, and recovers once cleared.
#[test]
fn faults_show_in_get_pods() {
    let status = |s: &mut sim::Sim| {
        let out = s.exec("get pods").unwrap();
        let row = out.lines().nth(1).unwrap_or("").to_string();
        row.split_whitespace().nth(2).unwrap_or("").to_string()
    };
    // Crash loop: Error until the pod worker syncs, then Running; CrashLoopBackOff from the
    // second exit.
    let mut s = common::web("real");
    s.exec("scale deployment web --replicas 1").unwrap();
    s.advance(30_000);
    s.exec("fault crash-loop deployment/web").unwrap();
    s.advance(2_000);
    assert_eq!(status(&mut s), "Error");
    s.advance(1_600);
    assert_eq!(status(&mut s), "Running");
    s.advance(3_000);
    assert_eq!(status(&mut s), "CrashLoopBackOff");
    let out = s.exec("get pods").unwrap();
    assert!(out.lines().nth(1).unwrap().contains("   1   "), "{out}");
    let pod = s.pods()[0].pod.metadata.name.clone();
    let d = s.exec(&format!("describe pod {pod}")).unwrap();
    assert!(d.contains("Reason:       CrashLoopBackOff"), "{d}");
    assert!(d.contains("Last State:     Terminated"), "{d}");
    s.exec("fault clear deployment/web").unwrap();
    s.advance(60_000);
    assert_eq!(status(&mut s), "Running");

    // OOM: needs a limit.
    let mut s = common::web("real");
    s.exec("scale deployment web --replicas 1").unwrap();
    s.advance(30_000);
    let e = s.exec("fault oom deployment/web").unwrap_err();
    assert!(e.message().contains("no memory limit"), "{e}");
    assert!(s.container_faults().is_empty());

    // Image pull: ErrImagePull, then ImagePullBackOff.
    let mut s = common::web("real");
    s.exec("scale deployment web --replicas 1").unwrap();
    s.advance(30_000);
    s.exec("fault image-pull deployment/web").unwrap();
    s.exec("set image deployment/web app=nginx:nope").unwrap();
    s.advance(2_500);
    let out = s.exec("get pods").unwrap();
    assert!(out.contains("ErrImagePull"), "{out}");
    s.advance(1_000);
    let out = s.exec("get pods").unwrap();
    assert!(out.contains("ImagePullBackOff"), "{out}");
}

#[test]
fn rollout_restart_autoscale_set_resources() {
    let mut s = common::web("real");
    s.advance(30_000);
    check(
        &mut s,
        "autoscale deployment web --min 2 --max 8 --cpu-percent 60",
        expect![[r#"
            horizontalpodautoscaler.autoscaling/web autoscaled
        "#]],
    );
    check(
        &mut s,
        "get hpa",
        expect![[r#"
        NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE
        web    Deployment/web   cpu: <unknown>/60%   2         8         0          0s
    "#]],
    );
    check(
        &mut s,
        "autoscale deployment web --max 3",
        expect![[r#"
        error: column 1: horizontalpodautoscaler "web" already exists
    "#]],
    );
    check(
        &mut s,
        "autoscale deployment web --min 5 --max 3",
        expect![[r#"
        error: column 1: horizontalpodautoscaler "web" already exists
    "#]],
    );
    check(
        &mut s,
        "set resources deployment/web -c app --limits=memory=512Mi --requests=cpu=300m",
        expect![[r#"
        deployment.apps/web resource requirements updated
    "#]],
    );
    check(
        &mut s,
        "set resources deployment/web -c nope --limits=memory=1Gi",
        expect![[r#"
        error: column 33: container "nope" not found
    "#]],
    );
    check(
        &mut s,
        "set resources deployment/web --limits=gpu=1",
        expect![[r#"
        error: column 39: "gpu=1": expected cpu=QUANTITY,memory=QUANTITY
    "#]],
    );
    s.advance(60_000);
    check(
        &mut s,
        "get rs",
        expect![[r#"
        NAME             DESIRED   CURRENT   READY   AGE
        web-5b97fff7d9   0         0         0       90s
        web-6d7df76bcd   6         6         6       60s
    "#]],
    );
    check(
        &mut s,
        "rollout restart deployment/web",
        expect![[r#"
        deployment.apps/web restarted
    "#]],
    );
    check(
        &mut s,
        "rollout status deployment/web",
        expect![[r#"
        Waiting for deployment "web" rollout to finish: 3 out of 6 new replicas have been updated...
    "#]],
    );
    s.advance(60_000);
    check(
        &mut s,
        "rollout status deployment/web",
        expect![[r#"
        deployment "web" successfully rolled out
    "#]],
    );
    check(
        &mut s,
        "rollout stop deployment/web",
        expect![[r#"
            error: column 9: rollout: unknown "stop"; expected one of: restart, undo, status, history
        "#]],
    );
    // With a memory limit, the OOM fault is accepted.
    check(
        &mut s,
        "fault oom deployment/web",
        expect![[r#"
        deployment/web: fault oom set
    "#]],
    );
}

/// Times (ms) of a node's lease renewals in the event log, after `from`.
fn renewals(s: &sim::Sim, node: &str, from: u64) -> Vec<u64> {
    s.events()
        .iter()
        .filter(|e| {
            matches!(e.kind, sim::events::EventKind::LeaseRenewed)
                && e.object.name == node
                && e.time_ms > from
        })
        .map(|e| e.time_ms)
        .collect()
}

/// `profile`: the timing profile from now on. The renewal already scheduled keeps its (real)
/// time; every later one uses the classroom interval. `timing()`, `config()` and the event
/// log report the switch.
#[test]
fn profile_switches_timing_from_now_on() {
    let mut s = common::build(&format!(
        "profile: real\ntrace: {{leaseEvents: true}}\n{}",
        common::WEB
    ));
    s.advance(30_000);
    let t0 = s.now_ms();
    let mut real = s.clone();
    assert_eq!(
        s.exec("profile classroom").unwrap(),
        "timing profile classroom set\n"
    );
    assert_eq!(s.timing().profile, sim::timing::Profile::Classroom);
    assert_eq!(s.config().profile, sim::timing::Profile::Classroom);
    assert_eq!(s.timing().lease_renew.ms, 1_000);
    let last = s.events().iter().last().unwrap().clone();
    assert_eq!(
        last.describe(),
        "[30s] user: kubelab-sim: timing profile real -> classroom: timers set from now on use the classroom values; timers already set keep their times"
    );
    s.advance(30_000);
    real.advance(30_000);
    let (a, b) = (renewals(&s, "node-1", t0), renewals(&real, "node-1", t0));
    // The renewal scheduled before the switch happens at its real time...
    assert_eq!(a[0], b[0]);
    assert_eq!(b[1] - b[0], 10_000);
    // ...and every later one a classroom interval after the previous.
    assert!(a.len() > 20, "{a:?}");
    assert!(a.windows(2).all(|w| w[1] - w[0] == 1_000), "{a:?}");
    // Switching back: the real interval again (after the classroom renewal already set).
    s.exec("profile real").unwrap();
    let t1 = s.now_ms();
    s.advance(40_000);
    let c = renewals(&s, "node-1", t1);
    assert!(c.len() >= 3 && c[0] <= t1 + 1_000, "{c:?}");
    assert!(c[1..].windows(2).all(|w| w[1] - w[0] == 10_000), "{c:?}");
    // Nothing else moved: the cluster is as ready as before.
    // No node went Unknown on the way (the renewal set before the switch is judged with
    // the real grace, not classroom's 5 s).
    assert!(
        !s.events()
            .iter()
            .any(|e| matches!(e.kind, sim::events::EventKind::NodeReadyChanged { .. })),
        "{:?}",
        common::events_text(&s)
    );
    assert_eq!(common::ready_count(&s, "web"), 6);
}

/// `seed N`: the random stream restarts from N. Two clusters built from different seeds that
/// both run `seed 7` then make the same draws (the new pods' names); without it they differ.
/// The same seed and commands give the same run.
#[test]
fn seed_restarts_the_random_stream() {
    let build =
        |seed: u64| common::build(&common::WEB.replace("seed: 11", &format!("seed: {seed}")));
    let new_pods = |s: &mut sim::Sim, reseed: Option<u64>| -> Vec<String> {
        if let Some(n) = reseed {
            assert_eq!(
                s.exec(&format!("seed {n}")).unwrap(),
                format!("random seed {n} set\n")
            );
            assert_eq!(s.config().seed, n);
        }
        let before: Vec<String> = common::active_pods(s, "web")
            .iter()
            .map(|p| p.metadata.name.clone())
            .collect();
        s.exec("scale deployment web --replicas 9").unwrap();
        s.advance(10_000);
        common::active_pods(s, "web")
            .iter()
            .map(|p| p.metadata.name.clone())
            .filter(|n| !before.contains(n))
            .collect()
    };
    let (mut a, mut b) = (build(1), build(2));
    a.advance(5_000);
    b.advance(5_000);
    let (mut a2, mut b2) = (a.clone(), b.clone());
    assert_ne!(new_pods(&mut a, None), new_pods(&mut b, None));
    let (pa, pb) = (new_pods(&mut a2, Some(7)), new_pods(&mut b2, Some(7)));
    assert_eq!(pa.len(), 3);
    assert_eq!(pa, pb);
    // Determinism: the same seed and commands, the same events.
    let mut c = build(1);
    c.advance(5_000);
    new_pods(&mut c, Some(7));
    let ev = |s: &sim::Sim| -> Vec<String> {
        s.events()
            .iter()
            .map(|e| format!("{} {}", e.time_ms, e.describe()))
            .collect()
    };
    assert_eq!(ev(&c), ev(&a2));
    assert!(ev(&c).iter().any(|e| e.ends_with(
        "kubelab-sim: random stream re-seeded with 7 (draws from now on are seed 7's)"
    )));
}

/// After a switch to classroom, a node that dies is noticed with classroom's grace (5 s), not
/// the real 50 s.
#[test]
fn after_a_switch_to_classroom_a_failure_is_noticed_with_its_grace() {
    let mut s = common::web("real");
    s.advance(30_000);
    s.exec("profile classroom").unwrap();
    s.advance(15_000);
    s.exec("node power-off node-2").unwrap();
    let off = s.now_ms();
    s.advance(10_000);
    let e = s
        .events()
        .iter()
        .find(|e| matches!(e.kind, sim::events::EventKind::NodeReadyChanged { .. }))
        .cloned()
        .unwrap_or_else(|| panic!("{:?}", common::events_text(&s)));
    assert_eq!(e.object.name, "node-2");
    let sim::events::EventKind::NodeReadyChanged {
        since_heartbeat_ms, ..
    } = e.kind
    else {
        unreachable!()
    };
    assert!(
        since_heartbeat_ms > 5_000 && since_heartbeat_ms <= 6_000,
        "{since_heartbeat_ms}"
    );
    assert!(e.time_ms - off <= 7_000, "{}", e.time_ms - off);
}
