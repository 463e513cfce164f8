//! Screenshots of the Cluster view after it has played and after interactions (the first
//! screen, a node's panel, a command's request path, the VPA's panel and charts, a drawer),
//! in both languages, both themes and the embed width: `cargo xtask cluster-shots` writes
//! them to `target/screenshots/cluster-*.png`.

use kubelab_e2e::fantoccini::Locator;
use kubelab_e2e::*;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    for (w, h, embed) in [(1280u32, 800u32, false), (640, 900, true)] {
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
                        let click = |css: &'static str| {
                            let c = c.clone();
                            async move {
                                js(&c, &format!("document.querySelector(\"{css}\").dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")).await;
                                tokio::time::sleep(Duration::from_millis(400)).await;
                            }
                        };
                        open(&c, &format!("?view=cluster&scenario=node-failure&speed=5&lang={lang}&theme={theme}{e}")).await;
                        set_viewport(&c, w, h).await;
                        tokio::time::sleep(Duration::from_secs(6)).await;
                        // The first screen, as a new user sees it.
                        std::fs::write(shot("first"), c.screenshot().await.unwrap()).unwrap();
                        // Pause, open node-2 (now powered off), and look at the panel.
                        js(&c, "document.activeElement.blur()").await;
                        c.find(Locator::Css("body")).await.unwrap().send_keys(" ").await.unwrap();
                        click("svg.diagram g.node[aria-label^='node-2 ']").await;
                        js(&c, "document.querySelector('#cl-panel').scrollIntoView({block: 'nearest'})").await;
                        std::fs::write(shot("panel"), c.screenshot().await.unwrap()).unwrap();
                        // The load drawer: scale the Deployment and watch the request path.
                        js(&c, "window.scrollTo(0, 0)").await;
                        click(".cl-tools button.load").await;
                        std::fs::write(shot("drawer"), c.screenshot().await.unwrap()).unwrap();
                        c.find(Locator::Css("body")).await.unwrap().send_keys(" ").await.unwrap();
                        click(".cl-work button.scale").await;
                        click("#cl-drawer .head button").await;
                        tokio::time::sleep(Duration::from_millis(4000)).await;
                        std::fs::write(shot("path"), c.screenshot().await.unwrap()).unwrap();
                        // The VPA: on in Recreate mode, then its panel and charts a while later.
                        click("svg.diagram [role=button][aria-label^='VPA']").await;
                        js(&c, "[...document.querySelectorAll('.cl-panel .acts button')].find(b => b.textContent.includes('--mode Recreate')).click()").await;
                        c.find(Locator::Css("body")).await.unwrap().send_keys("++").await.unwrap();
                        tokio::time::sleep(Duration::from_secs(8)).await;
                        click("svg.diagram [role=button][aria-label^='VPA']").await;
                        js(&c, "document.querySelector('#cl-panel').scrollIntoView({block: 'nearest'})").await;
                        std::fs::write(shot("vpa"), c.screenshot().await.unwrap()).unwrap();
                        js(&c, "document.querySelector('.cl-charts').scrollIntoView()").await;
                        tokio::time::sleep(Duration::from_millis(1200)).await;
                        std::fs::write(shot("charts"), c.screenshot().await.unwrap()).unwrap();
                        // The scheduler's last decision.
                        click("svg.diagram [aria-label^='kube-scheduler'], svg.diagram [aria-label^='scheduler']").await;
                        js(&c, "document.querySelector('#cl-panel').scrollIntoView({block: 'nearest'})").await;
                        std::fs::write(shot("scheduler"), c.screenshot().await.unwrap()).unwrap();
                        println!("{}", shot("*").display());
                    }
                }
            },
        )
        .await;
    }
}
