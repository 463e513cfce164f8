//! Image vs container and EKS on AWS, driven as a user would: build, run, change a file,
//! remove, push and pull; open every part of the EKS diagram by mouse and keyboard; run the
//! pods-per-node calculator for every instance type. After each interaction: no uncited
//! numbers, no console errors, and (where it matters) no serious accessibility violations.

use kubelab::facts::INSTANCES;
use kubelab::i18n::Lang;
use kubelab::views::eks::model::{NodeKind, Part, calc};
use kubelab::views::eks::part_msg;
use kubelab::views::image::model::{Action, Lab, human_size};
use kubelab_e2e::fantoccini::{Client, Locator};
use kubelab_e2e::*;

const IMAGE: &str = "view=image-vs-container";
const EKS: &str = "view=eks";

async fn click(c: &Client, css: &str) {
    wait_for(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.expect("query").len()
}

async fn attr(c: &Client, css: &str, name: &str) -> String {
    wait_for(c, css)
        .await
        .attr(name)
        .await
        .expect("attribute")
        .unwrap_or_default()
}

/// Focuses an element with the keyboard's Tab order in mind (by script), then presses keys.
async fn focus_and_press(c: &Client, css: &str, key: &str) {
    let found = js(
        c,
        &format!("(() => {{ const e = document.querySelector({css:?}); if (!e) return false; e.focus(); return document.activeElement === e; }})()"),
    )
    .await;
    assert_eq!(found, true, "could not focus {css}");
    press(c, key).await;
}

async fn assert_clean(c: &Client, ctx: &str) {
    let uncited = uncited_numbers(c).await;
    assert!(uncited.is_empty(), "{ctx}: uncited numbers {uncited:#?}");
    let errors = console_errors(c).await;
    assert!(errors.is_empty(), "{ctx}: console errors {errors:#?}");
    assert!(!exists(c, "#crash").await, "{ctx}: crash screen");
}

async fn assert_axe(c: &Client, ctx: &str) {
    // Contrast is judged on the final frame, not halfway through a fade.
    c.execute_async(
        "const done = arguments[arguments.length - 1];
         Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))).then(() => done(true));",
        vec![],
    )
    .await
    .expect("wait for animations");
    let blocking: Vec<String> = axe(c)
        .await
        .into_iter()
        .filter(|v| v.impact == "serious" || v.impact == "critical")
        .map(|v| format!("{} [{}] {} at {:?}", v.id, v.impact, v.help, v.targets))
        .collect();
    assert!(
        blocking.is_empty(),
        "{ctx}: accessibility violations {blocking:#?}"
    );
}

/// The writable-layer entries a container shows.
async fn upper_entries(c: &Client, n: u32) -> usize {
    count(c, &format!("li[data-container='{n}'] [data-upper]")).await
}

// ---------------------------------------------------------------------------------------
// Image vs container

#[tokio::test]
async fn copy_up_lands_in_exactly_one_container_and_disk_follows() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{IMAGE}&lang={}", lang.code())).await;
            assert_clean(&c, "fresh image view").await;
            // Build, run three containers, change one file in the second.
            click(&c, "[data-recipe='0'] .build-row button").await;
            wait_for(&c, "[data-recipe='0'] .layers li").await;
            assert_eq!(count(&c, "[data-recipe='0'] .layers li").await, 3);
            for _ in 0..3 {
                click(&c, "button[data-run='0']").await;
            }
            wait_for(&c, "li[data-container='3']").await;
            for n in 1..=3 {
                assert_eq!(upper_entries(&c, n).await, 0, "container {n} starts empty");
                assert_eq!(
                    attr(
                        &c,
                        &format!("li[data-container='{n}'] [data-size]"),
                        "data-size"
                    )
                    .await,
                    "0"
                );
            }
            c.find(Locator::Css("li[data-container='2'] select"))
                .await
                .unwrap()
                .select_by_value("/app/catalog.json")
                .await
                .unwrap();
            click(&c, "li[data-container='2'] button[data-act='change']").await;
            wait_for(
                &c,
                "li[data-container='2'] [data-upper='/app/catalog.json']",
            )
            .await;
            assert_eq!(
                upper_entries(&c, 1).await,
                0,
                "copy-up leaked into container 1"
            );
            assert_eq!(upper_entries(&c, 2).await, 1);
            assert_eq!(
                upper_entries(&c, 3).await,
                0,
                "copy-up leaked into container 3"
            );
            assert_eq!(
                attr(&c, "li[data-container='2'] [data-upper]", "data-kind").await,
                "copied-up"
            );
            // The numbers follow the model: the whole file, and one image for all.
            let mut lab = Lab::new();
            lab.apply(Action::Build(0)).unwrap();
            for _ in 0..3 {
                lab.apply(Action::Run(0)).unwrap();
            }
            lab.apply(Action::Change {
                container: 2,
                path: "/app/catalog.json".into(),
            })
            .unwrap();
            let d = lab.disk();
            assert_eq!(
                attr(&c, "li[data-container='2'] [data-size]", "data-size").await,
                lab.container(2).unwrap().size().to_string()
            );
            assert_eq!(
                text_of(&c, "dd[data-disk='total']").await,
                human_size(d.total())
            );
            assert_eq!(
                text_of(&c, "dd[data-disk='writable']").await,
                human_size(d.writable_bytes)
            );
            assert_eq!(
                text_of(&c, "dd[data-disk='images']").await,
                human_size(d.image_bytes)
            );
            assert_eq!(
                text_of(&c, "dd[data-disk='naive']").await,
                human_size(d.naive_bytes)
            );
            // The image's layers did not change.
            assert_eq!(count(&c, "[data-recipe='0'] .layers li").await, 3);
            // A second change edits in place: still one entry, same size.
            click(&c, "li[data-container='2'] button[data-act='change']").await;
            assert_eq!(upper_entries(&c, 2).await, 1);
            // A log line is a new file: no copy-up.
            click(&c, "li[data-container='1'] button[data-act='log']").await;
            wait_for(&c, "li[data-container='1'] [data-kind='created']").await;
            assert_clean(&c, "after copy-up").await;
            assert_axe(&c, "image view after copy-up").await;
        }
    })
    .await;
}

#[tokio::test]
async fn removing_a_container_keeps_the_image_and_the_other_containers() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{IMAGE}&lang=en")).await;
        click(&c, "[data-recipe='0'] .build-row button").await;
        click(&c, "[data-recipe='1'] .build-row button").await;
        click(&c, "button[data-run='0']").await;
        click(&c, "button[data-run='1']").await;
        click(&c, "button[data-run='0']").await;
        wait_for(&c, "li[data-container='3']").await;
        click(&c, "li[data-container='1'] button[data-act='change']").await;
        click(&c, "li[data-container='2'] button[data-act='change']").await;
        let images_before = text_of(&c, "dd[data-disk='images']").await;
        click(&c, "li[data-container='2'] button[data-act='remove']").await;
        c.wait()
            .for_element(Locator::XPath(
                "//p[@role='status' and contains(., 'cake 2')]",
            ))
            .await
            .unwrap();
        assert!(
            !exists(&c, "li[data-container='2']").await,
            "container 2 stays"
        );
        assert!(exists(&c, "li[data-container='1']").await);
        assert!(exists(&c, "li[data-container='3']").await);
        assert_eq!(upper_entries(&c, 1).await, 1, "container 1 keeps its layer");
        assert_eq!(
            count(&c, "[data-recipe='0'] .layers li").await,
            3,
            "image web stays"
        );
        assert_eq!(
            count(&c, "[data-recipe='1'] .layers li").await,
            3,
            "image worker stays"
        );
        assert_eq!(text_of(&c, "dd[data-disk='images']").await, images_before);
        // The model agrees on what is left.
        let mut lab = Lab::new();
        for a in [
            Action::Build(0),
            Action::Build(1),
            Action::Run(0),
            Action::Run(1),
            Action::Run(0),
            Action::Change {
                container: 1,
                path: "/app/catalog.json".into(),
            },
            Action::Change {
                container: 2,
                path: "/app/catalog.json".into(),
            },
            Action::Remove { container: 2 },
        ] {
            lab.apply(a).unwrap();
        }
        assert_eq!(
            text_of(&c, "dd[data-disk='total']").await,
            human_size(lab.disk().total())
        );
        assert_clean(&c, "after removal").await;
    })
    .await;
}

#[tokio::test]
async fn pushing_the_second_image_sends_only_its_new_layers() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{IMAGE}&lang={}", lang.code())).await;
            click(&c, "[data-recipe='0'] .build-row button").await;
            click(&c, "[data-recipe='1'] .build-row button").await;
            // Before any push, the server cannot pull.
            click(&c, "button[data-pull='0']").await;
            wait_for(&c, ".status.refused").await;
            click(&c, "button[data-push='0']").await;
            wait_for(&c, "table[data-transfer='push']").await;
            assert_eq!(count(&c, "table[data-transfer] tr[data-moved='sent']").await, 3);
            assert_eq!(count(&c, "table[data-transfer] tr[data-moved='skipped']").await, 0);
            click(&c, "button[data-push='1']").await;
            c.wait()
                .for_element(Locator::XPath("//table[@data-transfer='push']/caption[contains(., 'myapp/worker')]"))
                .await
                .unwrap();
            assert_eq!(count(&c, "table[data-transfer] tr[data-moved='sent']").await, 1);
            assert_eq!(count(&c, "table[data-transfer] tr[data-moved='skipped']").await, 2);
            // The skipped ones are the shared layers: the same digests as web's bottom two.
            let web: Vec<String> = js(
                &c,
                "[...document.querySelectorAll(\"[data-recipe='0'] .layers li\")].map(l => l.dataset.digest)",
            )
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
            let skipped: Vec<String> = js(
                &c,
                "[...document.querySelectorAll(\"tr[data-moved='skipped']\")].map(l => l.dataset.digest)",
            )
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
            assert_eq!(skipped.len(), 2);
            for d in &skipped {
                assert!(web.contains(d), "skipped {d} is not one of web's layers");
            }
            // The totals are the model's.
            let mut lab = Lab::new();
            lab.apply(Action::Build(0)).unwrap();
            lab.apply(Action::Build(1)).unwrap();
            lab.apply(Action::Push(0)).unwrap();
            let Ok(kubelab::views::image::model::Event::Pushed(tr)) = lab.apply(Action::Push(1))
            else {
                panic!("model push")
            };
            let foot = text_of(&c, "table[data-transfer] tfoot").await;
            assert!(foot.contains(&human_size(tr.sent_bytes())), "{foot}");
            assert!(foot.contains(&human_size(tr.skipped_bytes())), "{foot}");
            // Pull onto the server: worker first (everything), then web (only its app layer).
            click(&c, "button[data-pull='1']").await;
            wait_for(&c, "table[data-transfer='pull']").await;
            assert_eq!(count(&c, "tr[data-moved='skipped']").await, 0);
            click(&c, "button[data-pull='0']").await;
            c.wait()
                .for_element(Locator::XPath(
                    "//table[@data-transfer='pull']/caption[contains(., 'myapp/web')]",
                ))
                .await
                .unwrap();
            assert_eq!(count(&c, "tr[data-moved='sent']").await, 1);
            assert_eq!(count(&c, "tr[data-moved='skipped']").await, 2);
            assert_clean(&c, "after push and pull").await;
        }
        assert_axe(&c, "image view after push and pull").await;
    })
    .await;
}

#[tokio::test]
async fn a_bad_recipe_fails_with_a_message_and_changes_nothing_else() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{IMAGE}&lang=en")).await;
        click(&c, "[data-recipe='1'] .build-row button").await;
        let before = text_of(&c, "[data-recipe='1'] .image-id").await;
        c.find(Locator::Css("#r1-from"))
            .await
            .unwrap()
            .select_by_value("1")
            .await
            .unwrap();
        click(&c, "[data-recipe='1'] .build-row button").await;
        let msg = text_of(&c, "[data-recipe='1'] .status.refused").await;
        assert!(msg.contains("apk: not found"), "{msg}");
        assert_eq!(text_of(&c, "[data-recipe='1'] .image-id").await, before);
        assert_clean(&c, "after a failed build").await;
    })
    .await;
}

#[tokio::test]
async fn with_reduced_motion_copy_up_does_not_move_but_shows_the_same_result() {
    with_browser(Opts::default(), |c| async move {
        // First with motion: the copied-up entry animates.
        open(&c, &format!("?{IMAGE}&lang=en")).await;
        click(&c, "[data-recipe='0'] .build-row button").await;
        assert!(
            exists(&c, "[data-recipe='0'] .layer.fresh").await,
            "layers stack in"
        );
        click(&c, "button[data-run='0']").await;
        click(&c, "li[data-container='1'] button[data-act='change']").await;
        wait_for(&c, "li[data-container='1'] [data-upper]").await;
        assert!(
            exists(&c, "li[data-container='1'] .entry.moving").await,
            "copy-up animates"
        );
        // Then with reduced motion: the same result, nothing moves.
        emulate_reduced_motion(&c).await;
        open(&c, &format!("?{IMAGE}&lang=en")).await;
        assert_eq!(
            js(&c, "matchMedia('(prefers-reduced-motion: reduce)').matches").await,
            true
        );
        click(&c, "[data-recipe='0'] .build-row button").await;
        assert!(!exists(&c, "[data-recipe='0'] .layer.fresh").await);
        click(&c, "button[data-run='0']").await;
        click(&c, "button[data-run='0']").await;
        click(&c, "li[data-container='1'] button[data-act='change']").await;
        wait_for(
            &c,
            "li[data-container='1'] [data-upper='/app/catalog.json']",
        )
        .await;
        assert!(
            !exists(&c, ".entry.moving").await,
            "moved despite reduced motion"
        );
        assert_eq!(
            js(
                &c,
                "getComputedStyle(document.querySelector('[data-upper]')).animationName"
            )
            .await,
            "none"
        );
        assert_eq!(upper_entries(&c, 1).await, 1);
        assert_eq!(upper_entries(&c, 2).await, 0);
        let status = text_of(
            &c,
            "section[aria-labelledby='img-containers'] p[role=status]",
        )
        .await;
        assert!(status.contains("Copy-up"), "{status}");
        assert_clean(&c, "reduced motion").await;
    })
    .await;
}

/// Presses Tab from the heading until focus leaves `main`: how many distinct controls it
/// reached, how many controls `main` has, and which of the reached ones showed no focus ring.
async fn tab_through(c: &Client) -> (usize, usize, Vec<String>) {
    js(c, "(() => { const h = document.querySelector('h1'); h.setAttribute('tabindex', '-1'); h.focus(); })()").await;
    let total = js(
        c,
        "document.querySelectorAll('main button, main select, main input, main a[href]').length",
    )
    .await
    .as_u64()
    .unwrap() as usize;
    let mut seen = std::collections::BTreeSet::new();
    let mut no_ring = Vec::new();
    for _ in 0..(total + 40) {
        press(c, TAB).await;
        let v = js(
            c,
            "(() => { const a = document.activeElement; if (!a.closest('main')) return null; if (!a.dataset.e2eId) a.dataset.e2eId = Math.random().toString(36).slice(2); return [a.dataset.e2eId, getComputedStyle(a).outlineStyle, a.outerHTML.slice(0, 80)]; })()",
        )
        .await;
        let Some(v) = v.as_array() else { break };
        seen.insert(v[0].as_str().unwrap_or_default().to_string());
        if v[1] == "none" {
            no_ring.push(v[2].as_str().unwrap_or_default().to_string());
        }
    }
    (seen.len(), total, no_ring)
}

#[tokio::test]
async fn the_keyboard_alone_drives_the_image_view() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{IMAGE}&lang=ko")).await;
        // Build both, run one of each, change a file, push both: all with Enter.
        focus_and_press(&c, "[data-recipe='0'] .build-row button", ENTER).await;
        focus_and_press(&c, "[data-recipe='1'] .build-row button", ENTER).await;
        focus_and_press(&c, "button[data-run='0']", ENTER).await;
        focus_and_press(&c, "button[data-run='1']", ENTER).await;
        wait_for(&c, "li[data-container='2']").await;
        // Choose a file with the arrow keys, then change it.
        focus_and_press(&c, "li[data-container='2'] select", "\u{E015}").await; // ArrowDown
        let chosen = js(
            &c,
            "document.querySelector(\"li[data-container='2'] select\").value",
        )
        .await;
        focus_and_press(
            &c,
            "li[data-container='2'] button[data-act='change']",
            ENTER,
        )
        .await;
        wait_for(&c, &format!("li[data-container='2'] [data-upper={chosen}]")).await;
        assert_eq!(upper_entries(&c, 1).await, 0);
        // Space works too.
        focus_and_press(&c, "button[data-push='0']", " ").await;
        wait_for(&c, "table[data-transfer='push']").await;
        focus_and_press(
            &c,
            "li[data-container='1'] button[data-act='remove']",
            ENTER,
        )
        .await;
        c.wait()
            .for_element(Locator::XPath("//ul[@class='cakes' and count(li)=1]"))
            .await
            .unwrap();
        // Every control is reachable with Tab, and focus is visible.
        let (seen, total, no_ring) = tab_through(&c).await;
        assert_eq!(seen, total, "Tab reaches {seen} of {total} controls");
        assert!(no_ring.is_empty(), "no visible focus on {no_ring:#?}");
        assert_clean(&c, "keyboard run").await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// EKS on AWS

#[tokio::test]
async fn every_eks_part_opens_its_panel_by_click_and_by_keyboard() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{EKS}&lang={}", lang.code())).await;
            assert_eq!(attr(&c, "#eks-panel", "data-panel").await, "none");
            // Fargate is an option: turn it on so its part is there too.
            click(&c, "input[data-fargate-toggle]").await;
            wait_for(&c, "button[data-part='fargate']").await;
            for part in Part::ALL {
                let key = part.key();
                let css = format!("button[data-part='{key}']");
                let n = count(&c, &css).await;
                assert!(n >= 1, "{key}: no button");
                let name = part_msg(part, "name").unwrap().get(lang);
                // Mouse: the first button.
                click(&c, &css).await;
                assert_eq!(attr(&c, "#eks-panel", "data-panel").await, key, "click {key}");
                assert_eq!(text_of(&c, "#eks-panel h3").await.trim_start_matches(['☁', '⇄', '●']), name);
                assert_eq!(attr(&c, &css, "aria-expanded").await, "true");
                // The panel says what EKS manages and what you manage.
                assert!(count(&c, "#eks-panel .aws-list li").await >= 1, "{key}: nothing for AWS");
                assert!(count(&c, "#eks-panel .you-list li").await >= 1, "{key}: nothing for you");
                // Keyboard: every button of the part, Enter and Space.
                for i in 0..n {
                    click(&c, "#eks-panel button").await; // close
                    assert_eq!(attr(&c, "#eks-panel", "data-panel").await, "none");
                    let key_press = if i % 2 == 0 { ENTER } else { " " };
                    js(&c, &format!("document.querySelectorAll({css:?})[{i}].focus()")).await;
                    press(&c, key_press).await;
                    assert_eq!(
                        attr(&c, "#eks-panel", "data-panel").await,
                        key,
                        "{key} button {i} by keyboard"
                    );
                }
                assert_clean(&c, &format!("{key} panel open")).await;
            }
            // Every button in the diagram has an accessible name that starts with its text.
            let unnamed = js(
                &c,
                "[...document.querySelectorAll('.eks-map button')].filter(b => !(b.getAttribute('aria-label') || b.textContent).trim()).length",
            )
            .await;
            assert_eq!(unnamed, 0);
            click(&c, "button[data-part='etcd']").await;
            assert_axe(&c, "EKS with a panel open").await;
        }
    })
    .await;
}

#[tokio::test]
async fn the_calculator_matches_eni_max_pods_for_every_instance_type() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{EKS}&lang={}", lang.code())).await;
            for (kind_i, kind) in NodeKind::ALL.iter().enumerate() {
                c.find(Locator::Css("#calc-kind"))
                    .await
                    .unwrap()
                    .select_by_value(&kind_i.to_string())
                    .await
                    .unwrap();
                for (i, inst) in INSTANCES.iter().enumerate() {
                    c.find(Locator::Css("#calc-instance"))
                        .await
                        .unwrap()
                        .select_by_value(&i.to_string())
                        .await
                        .unwrap();
                    let formula = text_of(&c, "[data-calc='formula']").await;
                    assert_eq!(
                        formula,
                        inst.listed_max_pods.to_string(),
                        "{} formula",
                        inst.name
                    );
                    let listed = text_of(&c, "[data-calc='listed'] .value").await;
                    assert_eq!(
                        listed,
                        inst.listed_max_pods.to_string(),
                        "{} listed",
                        inst.name
                    );
                    assert_eq!(
                        attr(&c, "[data-calc-match]", "data-calc-match").await,
                        "true"
                    );
                    assert_eq!(
                        text_of(&c, "[data-calc='enis'] .value").await,
                        inst.enis.to_string()
                    );
                    assert_eq!(
                        text_of(&c, "[data-calc='ips'] .value").await,
                        inst.ips_per_eni.to_string()
                    );
                    let want = calc(inst, *kind).max_pods;
                    assert_eq!(
                        text_of(&c, "[data-calc='max-pods']").await,
                        want.to_string(),
                        "{} {kind:?}",
                        inst.name
                    );
                    if *kind == NodeKind::Managed {
                        let cap = if inst.vcpus < 30 { 110 } else { 250 };
                        assert_eq!(want, inst.listed_max_pods.min(cap));
                    }
                    assert_clean(&c, &format!("calculator {} {kind:?}", inst.name)).await;
                }
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_ecs_table_labels_the_articles_figures_and_cites_the_rest() {
    with_browser(Opts::default(), |c| async move {
        for lang in Lang::ALL {
            open(&c, &format!("?{EKS}&lang={}", lang.code())).await;
            let table = wait_for(&c, "table.ecs-eks").await;
            let _ = table;
            // The article's three unverified figures, each labelled.
            assert_eq!(count(&c, "table.ecs-eks .fact.article").await, 3);
            for key in [
                "eni-max-pods-largest",
                "max-pods-default",
                "eks-price-hour",
                "eks-price-month",
                "ecs-fee",
                "eks-mng-cap-small",
                "eks-mng-cap-large",
            ] {
                assert!(
                    exists(&c, &format!("table.ecs-eks [data-fact='{key}'] a.cite")).await,
                    "{key} not cited in the table"
                );
            }
            // Every chore shows both sides.
            for key in ["backup", "master-fails", "scale", "upgrade", "patch"] {
                click(&c, &format!("button[data-chore='{key}']")).await;
                assert_eq!(attr(&c, ".compare", "data-chore-shown").await, key);
                assert_eq!(
                    attr(&c, &format!("button[data-chore='{key}']"), "aria-pressed").await,
                    "true"
                );
                assert!(count(&c, ".self-managed .chore-steps li").await >= 2);
                assert!(count(&c, ".with-eks .chore-steps li").await >= 1);
            }
            assert_clean(&c, "EKS tables").await;
        }
    })
    .await;
}

#[tokio::test]
async fn the_keyboard_alone_reaches_every_eks_control() {
    with_browser(Opts::default(), |c| async move {
        open(&c, &format!("?{EKS}&lang=en")).await;
        focus_and_press(&c, "input[data-fargate-toggle]", " ").await;
        wait_for(&c, "button[data-part='fargate']").await;
        focus_and_press(&c, "button[data-part='api-server']", ENTER).await;
        let (seen, total, no_ring) = tab_through(&c).await;
        assert_eq!(seen, total, "Tab reaches {seen} of {total} controls");
        assert!(no_ring.is_empty(), "no visible focus on {no_ring:#?}");
        // The calculator with arrow keys.
        focus_and_press(&c, "#calc-instance", "\u{E015}").await;
        let v = js(&c, "document.querySelector('#calc-instance').value").await;
        let i: usize = v.as_str().unwrap().parse().unwrap();
        assert_eq!(
            text_of(&c, "[data-calc='formula']").await,
            INSTANCES[i].listed_max_pods.to_string()
        );
        assert_clean(&c, "EKS keyboard").await;
    })
    .await;
}

/// Writes the page as slices of the window's height (`<name>-0.png`, `-1`, …).
async fn slices(c: &Client, out: &std::path::Path, name: &str) {
    let h = js(c, "document.documentElement.scrollHeight")
        .await
        .as_u64()
        .unwrap_or(0);
    let vh = js(c, "window.innerHeight")
        .await
        .as_u64()
        .unwrap_or(900)
        .max(1);
    let mut y = 0;
    let mut i = 0;
    while y < h && i < 12 {
        js(c, &format!("window.scrollTo(0, {y})")).await;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let png = c.screenshot().await.unwrap();
        std::fs::write(out.join(format!("{name}-{i}.png")), png).unwrap();
        y += vh - 60;
        i += 1;
    }
}

/// Not a test: screenshots after interactions, for looking at
/// (`cargo xtask e2e shots_after --ignored`).
#[tokio::test]
#[ignore]
async fn shots_after_interactions() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let only = std::env::var("SHOTS").unwrap_or_default();
    for (w, embed) in [(1280u32, ""), (640, "&embed=1")] {
        let out = out.clone();
        let only = only.clone();
        with_browser(
            Opts {
                size: Some((w, 900)),
                ..Opts::default()
            },
            move |c| async move {
                for lang in ["en", "ko"] {
                    for theme in ["light", "dark"] {
                        let q = format!("&lang={lang}&theme={theme}{embed}");
                        let suffix = format!(
                            "{lang}-{theme}{}",
                            if embed.is_empty() { "" } else { "-embed" }
                        );
                        if !only.is_empty() && !suffix.contains(&only) {
                            continue;
                        }
                        open(&c, &format!("?{IMAGE}{q}")).await;
                        click(&c, "[data-recipe='0'] .build-row button").await;
                        click(&c, "[data-recipe='1'] .build-row button").await;
                        click(&c, "button[data-run='0']").await;
                        click(&c, "button[data-run='1']").await;
                        click(&c, "li[data-container='1'] button[data-act='change']").await;
                        click(&c, "li[data-container='2'] button[data-act='log']").await;
                        click(&c, "button[data-push='0']").await;
                        click(&c, "button[data-push='1']").await;
                        slices(&c, &out, &format!("s-image-{suffix}")).await;
                        open(&c, &format!("?{EKS}{q}")).await;
                        click(&c, "input[data-fargate-toggle]").await;
                        click(&c, "button[data-part='api-server']").await;
                        slices(&c, &out, &format!("s-eks-{suffix}")).await;
                    }
                }
            },
        )
        .await;
    }
}
