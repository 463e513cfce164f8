use kubelab_e2e::fantoccini::actions::{InputSource, KeyAction, KeyActions};
use kubelab_e2e::*;
use std::time::Duration;
#[tokio::main]
async fn main() {
    with_browser(Opts::default(), move |c| async move {
        c.goto(&app_url("?view=cluster&lang=ko&lesson=self-healing&step=5")).await.unwrap();
        tokio::time::sleep(Duration::from_secs(3)).await;
        let info = "JSON.stringify({state: document.querySelector('#lesson').dataset.state, step: document.querySelector('#lesson').dataset.step, active: document.activeElement.outerHTML.slice(0,60)})";
        println!("{}", js(&c, info).await);
        js(&c, "(() => { document.querySelector('#lesson .show-me').focus(); return 1 })()").await;
        press(&c, ENTER).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        println!("after show me {}", js(&c, info).await);
        let a = KeyActions::new("k".into()).then(KeyAction::Down{value:'\u{E014}'}).then(KeyAction::Up{value:'\u{E014}'});
        println!("{:?}", c.perform_actions(a).await);
        c.release_actions().await.unwrap();
        tokio::time::sleep(Duration::from_secs(3)).await;
        println!("after right {}", js(&c, info).await);
    }).await;
}
