//! Screenshots of the lessons and presenter mode as a class would see them: `cargo xtask
//! lesson-shots` writes viewport-sized PNGs (what is on screen, not the whole page) at 1280
//! and 1920 px, both languages, to `target/screenshots/lessons/`.

use kubelab_e2e::*;
use std::time::Duration;

/// Waits until the lesson panel has built step `n`.
async fn built(c: &fantoccini::Client, n: usize) {
    for _ in 0..200 {
        let ok = js(
            c,
            &format!("(() => {{ const p = document.querySelector('#lesson'); return !!p && p.dataset.step === '{n}' && p.dataset.state !== 'building'; }})()"),
        )
        .await;
        if ok == true {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("step {n} was not built");
}

#[tokio::main]
async fn main() {
    let out =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots/lessons");
    std::fs::create_dir_all(&out).unwrap();
    // (name, address without lang, step, what to do first)
    let pages: [(&str, &str, usize, &str); 7] = [
        ("home", "", 0, ""),
        (
            "cluster-ask",
            "view=cluster&lesson=self-healing&step=2",
            2,
            "answer",
        ),
        (
            "cluster-do",
            "view=cluster&lesson=self-healing&step=3",
            3,
            "",
        ),
        ("cluster-watch", "view=cluster&lesson=hpa&step=4", 4, ""),
        (
            "vm-race",
            "view=vm-vs-container&lesson=vm-vs-container&step=4",
            4,
            "answer",
        ),
        (
            "present-cluster",
            "view=cluster&lesson=self-healing&step=4&present=1",
            4,
            "",
        ),
        (
            "present-image",
            "view=image-vs-container&lesson=image-vs-container&step=5&present=1",
            5,
            "",
        ),
    ];
    for (w, h) in [(1280, 800), (1920, 1080)] {
        let out = out.clone();
        with_browser(
            Opts {
                size: Some((w, h)),
                ..Opts::default()
            },
            move |c| async move {
                for (name, q, step, first) in pages {
                    for lang in ["en", "ko"] {
                        let sep = if q.is_empty() { "" } else { "&" };
                        open(&c, &format!("?{q}{sep}lang={lang}")).await;
                        if step > 0 {
                            built(&c, step).await;
                        }
                        if first == "answer" {
                            js(&c, "(() => { const r = document.querySelectorAll('#lesson input[type=radio]')[1]; r.click(); return true })()").await;
                            tokio::time::sleep(Duration::from_millis(400)).await;
                            js(&c, "(() => { document.querySelector('#lesson .check').click(); return true })()").await;
                            tokio::time::sleep(Duration::from_millis(400)).await;
                            js(&c, "(() => { document.querySelector('#lesson .verdict').scrollIntoView({block: 'nearest'}); return true })()").await;
                        }
                        tokio::time::sleep(Duration::from_millis(1500)).await;
                        let png = c.screenshot().await.expect("screenshot");
                        let file = out.join(format!("{name}-{lang}-{w}.png"));
                        std::fs::write(&file, png).unwrap();
                        println!("{}", file.display());
                    }
                }
            },
        )
        .await;
    }
}
