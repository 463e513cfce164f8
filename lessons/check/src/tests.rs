//! The checker refuses broken lessons, naming the file and the step; a good lesson passes
//! and its served file reads back.

use super::*;

fn facts() -> BTreeMap<String, String> {
    fact_idents(include_str!("../../../src/facts.rs"))
}

/// A small lesson that passes: an explainer stretch, then a Cluster-view stretch.
const GOOD: &str = r#"
order = 1
minutes = 6
title = { en = "A good lesson", ko = "좋은 수업" }
outcomes = { en = "One thing | Another", ko = "하나 | 또 하나" }

[[step]]
view = "vm-vs-container"
part = "race"
say = { en = "A container starts in {fact:container-start-ssd}.", ko = "컨테이너는 {fact:container-start-ssd} 만에 시작합니다." }

[[step]]
say = { en = "Start the race.", ko = "경주를 시작하세요." }
do = "click race-start"

[[step]]
say = { en = "Watch it.", ko = "지켜보세요." }
watch = true
done = "state race done"
show = ["click race-skip"]

[[step]]
view = "cluster"
run = "basic 1 classroom off"
part = "node:node-2"
say = { en = "Nodes renew a lease every {default:node lease renew interval}.", ko = "노드는 {default:node lease renew interval}마다 임대를 갱신합니다." }
ask = { en = "Where do the pods go?", ko = "파드는 어디로 갈까요?" }
choices = { en = ["Nowhere", "To `node-1` and `node-3`"], ko = ["아무 데도", "`node-1`과 `node-3`으로"] }
answer = 2
explain = { en = "After {default:--node-monitor-grace-period}.", ko = "{default:--node-monitor-grace-period} 뒤에." }

[[step]]
say = { en = "Power off `node-2`.", ko = "`node-2`의 전원을 끄세요." }
do = "run node power-off node-2"
done = "off node-2"

[[step]]
say = { en = "Watch.", ko = "지켜보세요." }
watch = true
done = "node node-2 Unknown"
speed = 2
"#;

fn check_good(text: &str) -> Result<Lesson, Vec<String>> {
    check("lessons/good-one.toml", text, &facts())
}

/// `GOOD` with `from` replaced by `to`: its errors (it must fail).
fn broken(from: &str, to: &str) -> Vec<String> {
    assert!(GOOD.contains(from), "{from:?} is not in the good lesson");
    match check("lessons/broken.toml", &GOOD.replacen(from, to, 1), &facts()) {
        Ok(_) => panic!("a lesson with {to:?} instead of {from:?} passed"),
        Err(e) => e,
    }
}

/// The errors name the file, the step and what is wrong.
fn refused(from: &str, to: &str, at: &str, says: &str) {
    let errors = broken(from, to);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("lessons/broken.toml: ") && e.contains(at) && e.contains(says)),
        "{to:?}: expected `{at}` and `{says}` in {errors:#?}"
    );
}

#[test]
fn a_good_lesson_passes_and_its_served_file_reads_back() {
    let l = check_good(GOOD).unwrap();
    assert_eq!(l.id, "good-one");
    assert_eq!(l.minutes, 6);
    assert_eq!(l.steps.len(), 6);
    assert_eq!(
        l.steps[1].view, "vm-vs-container",
        "a step keeps the view before it"
    );
    assert!(l.facts.contains("container-start-ssd"));
    // Engine defaults become values for the app: the real one, and in a classroom run the
    // compressed one beside it.
    assert!(l.steps[3].say[0].contains("{d:10 s|node lease renew interval|1 s|"));
    assert!(l.steps[3].say[1].contains("{d:10초|node lease renew interval|1초|"));
    let text = served(&l);
    let file = format::decode(&text).unwrap();
    assert_eq!(file.id, "good-one");
    assert_eq!(file.steps.len(), 6);
    assert_eq!(file.steps[4], l.steps[4].borrow());
    let index = index_rs(&[l]);
    assert!(index.contains("id: \"good-one\", minutes: 6"));
    assert!(index.contains("views: &[ViewId::VmVsContainer, ViewId::VmVsContainer, ViewId::VmVsContainer, ViewId::Cluster, ViewId::Cluster, ViewId::Cluster]"));
}

#[test]
fn missing_or_mismatched_languages_are_refused() {
    refused(
        r#"ko = "경주를 시작하세요." "#,
        r#"ko = "" "#,
        "step 2: say",
        "missing or empty `ko` text",
    );
    refused(
        "ko = \"컨테이너는 {fact:container-start-ssd} 만에 시작합니다.\"",
        "ko = \"컨테이너는 빨리 시작합니다.\"",
        "step 1: say",
        "differ between the languages",
    );
    refused(
        "title = { en = \"A good lesson\", ko = \"좋은 수업\" }",
        "title = { en = \"A good lesson\", ko = \"좋은 수업\", fr = \"Une leçon\" }",
        "title",
        "unknown language `fr`",
    );
}

#[test]
fn unknown_facts_defaults_parts_views_and_bare_numbers_are_refused() {
    refused(
        "{fact:container-start-ssd}.\", ko",
        "{fact:container-start-sdd}.\", ko",
        "step 1: say (en)",
        "names no fact",
    );
    refused(
        "{default:--node-monitor-grace-period}.\"",
        "{default:--node-monitor-grace}.\"",
        "step 4: explain (en)",
        "names no default of sim::defaults",
    );
    refused(
        "part = \"race\"",
        "part = \"finish-line\"",
        "step 1",
        "has no part `finish-line`",
    );
    refused(
        "do = \"click race-start\"",
        "do = \"click race-go\"",
        "step 2",
        "has no part `race-go`",
    );
    refused(
        "view = \"vm-vs-container\"",
        "view = \"vms\"",
        "step 1",
        "unknown view `vms`",
    );
    refused(
        "en = \"Start the race.\"",
        "en = \"Start the race: it takes 20 s.\"",
        "step 2: say (en)",
        "a number outside",
    );
    refused(
        "en = \"Start the race.\"",
        "en = \"Start the {bold:race}.\"",
        "step 2: say (en)",
        "unknown markup",
    );
}

#[test]
fn bad_commands_conditions_and_tasks_are_refused() {
    refused(
        "do = \"run node power-off node-2\"",
        "do = \"run node power-of node-2\"",
        "step 5",
        "`node power-of node-2`",
    );
    refused(
        "do = \"run node power-off node-2\"",
        "do = \"run advance 5m\"",
        "step 5",
        "not `advance`",
    );
    refused(
        "done = \"node node-2 Unknown\"",
        "done = \"node node-2 Gone\"",
        "step 6",
        "Ready|NotReady|Unknown",
    );
    refused(
        "done = \"state race done\"",
        "done = \"off node-2\"",
        "step 3",
        "needs the Cluster view",
    );
    refused(
        "answer = 2",
        "answer = 3",
        "step 4",
        "number of the right choice",
    );
    refused("speed = 2", "speed = 500", "step 6", "0.1 to 100");
    refused(
        "show = [\"click race-skip\"]",
        "",
        "step 3",
        "what `show` does",
    );
    refused(
        "run = \"basic 1 classroom off\"",
        "run = \"basic one classroom off\"",
        "step 4",
        "seed `one`",
    );
    refused(
        "run = \"basic 1 classroom off\"",
        "",
        "step 4",
        "which run to start",
    );
    refused(
        "done = \"off node-2\"",
        "done = \"off node-2\"\nwatch = true",
        "step 5",
        "one thing",
    );
    refused("minutes = 6", "minutes = 25", "minutes", "5 to 10 minutes");
    refused(
        "en = \"Power off `node-2`.\", ko = \"`node-2`의 전원을 끄세요.\"",
        "en = \"Power off `node-2` ({fact:eks-azs}).\", ko = \"`node-2`의 전원을 끄세요({fact:eks-azs}).\"",
        "step 5",
        "not facts",
    );
    refused(
        "[[step]]\nsay = { en = \"Watch.\"",
        "[[step]]\nwait = 3\nsay = { en = \"Watch.\"",
        "step 6",
        "unknown key `wait`",
    );
}

#[test]
fn defaults_read_as_people_say_them() {
    use sim::defaults::Unit;
    assert_eq!(value_text(50_000, Unit::Millis, 0), "50 s");
    assert_eq!(value_text(300_000, Unit::Millis, 0), "5 min");
    assert_eq!(value_text(300_000, Unit::Millis, 1), "5분");
    assert_eq!(value_text(1_500, Unit::Millis, 1), "1.5초");
    assert_eq!(value_text(100, Unit::Permille, 0), "10%");
    assert_eq!(value_text(200 << 20, Unit::Bytes, 0), "200 MiB");
    assert_eq!(value_text(100, Unit::Millicores, 0), "100m");
}

/// Every lesson of the repository passes (the build checks it too; this names the
/// failures in a test report).
#[test]
fn the_repositorys_lessons_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (lessons, errors) = load_dir(&dir, &facts());
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(lessons.len() >= 9, "{} lessons", lessons.len());
}
