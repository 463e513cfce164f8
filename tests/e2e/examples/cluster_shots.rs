//! Screenshots of the Cluster view after it has played and after interactions (a node's
//! panel open, a command's request path), in both languages, both themes and the embed
//! width: `cargo xtask cluster-shots` writes them to `target/screenshots/cluster-*.png`.

use kubelab_e2e::fantoccini::Locator;
use kubelab_e2e::*;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    for (w, h, embed) in [(1280u32, 1000u32, false), (640, 1000, true)] {
        let out = out.clone();
        with_browser(
            Opts {
                size: Some((w, h)),
                ..Opts::default()
            },
            move |c| async move {
                for lang in ["en", "ko"] {
                    for theme in ["light", "dark"] {
                        let e = if embed { "&embed=1" } else { "" };
                        let tag = format!("{lang}-{theme}{}", if embed { "-embed" } else { "" });
                        let shot = |name: &str| out.join(format!("cluster-{name}-{tag}.png"));
                        open(&c, &format!("?view=cluster&scenario=node-failure&speed=5&lang={lang}&theme={theme}{e}")).await;
                        tokio::time::sleep(Duration::from_secs(6)).await;
                        js(&c, "document.querySelector('.cl-main').scrollIntoView()").await;
                        std::fs::write(shot("diagram"), c.screenshot().await.unwrap()).unwrap();
                        // Pause, open node-2 (now powered off), and look at the panel.
                        js(&c, "document.activeElement.blur()").await;
                        c.find(Locator::Css("body")).await.unwrap().send_keys(" ").await.unwrap();
                        js(&c, "document.querySelector(\"svg.diagram g.node[aria-label^='node-2 ']\").dispatchEvent(new MouseEvent('click', {bubbles: true}))").await;
                        tokio::time::sleep(Duration::from_millis(400)).await;
                        js(&c, "document.querySelector('#cl-panel').scrollIntoView()").await;
                        std::fs::write(shot("panel"), c.screenshot().await.unwrap()).unwrap();
                        // Scale the Deployment and watch the request path.
                        c.find(Locator::Css("body")).await.unwrap().send_keys(" ").await.unwrap();
                        js(&c, "[...document.querySelectorAll('.cl-work button')].find(b => b.textContent.length < 12 && b.previousElementSibling && b.previousElementSibling.querySelector('input[type=number]')).click()").await;
                        tokio::time::sleep(Duration::from_millis(4500)).await;
                        js(&c, "document.querySelector('.cl-main').scrollIntoView()").await;
                        std::fs::write(shot("path"), c.screenshot().await.unwrap()).unwrap();
                        // The scheduler's last decision.
                        js(&c, "document.querySelector(\"svg.diagram [aria-label^='kube-scheduler'], svg.diagram [aria-label^='scheduler']\").dispatchEvent(new MouseEvent('click', {bubbles: true}))").await;
                        tokio::time::sleep(Duration::from_millis(400)).await;
                        js(&c, "document.querySelector('#cl-panel').scrollIntoView()").await;
                        std::fs::write(shot("scheduler"), c.screenshot().await.unwrap()).unwrap();
                        js(&c, "document.querySelector('.cl-charts').scrollIntoView()").await;
                        std::fs::write(shot("charts"), c.screenshot().await.unwrap()).unwrap();
                        println!("{}", shot("*").display());
                    }
                }
            },
        )
        .await;
    }
}
