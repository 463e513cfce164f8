//! Kubelab, the app: a Yew shell around views that teach containers and Kubernetes.
//! See ARCHITECTURE.md for the code map and the invariants.

pub mod app;
pub mod cite;
pub mod crash;
pub mod el;
pub mod facts;
pub mod i18n;
pub mod lessons;
pub mod platform;
pub mod route;
pub mod views;

/// Installs the crash screen and mounts the app into `#app`, starting from the address,
/// with the views of `bundle` (one per wasm binary: `src/main.rs`, `src/bin/`).
pub fn start(bundle: &'static views::Bundle) {
    crash::install();
    let Some(root) = platform::app_root() else {
        crash::show("no document to mount Kubelab into");
        return;
    };
    let props = app::AppProps {
        query: platform::location_query().into(),
        bundle,
    };
    yew::Renderer::<app::App>::with_root_and_props(root, props).render();
    // After the first render, which yew runs in a microtask queued just now (so still before
    // the first paint): while it runs, index.html's frame is there to be measured (the
    // Cluster view lays its diagram out for the frame's stage).
    wasm_bindgen_futures::spawn_local(async { platform::remove_boot_placeholder() });
}
