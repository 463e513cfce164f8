//! Screenshots for looking at what we build: `cargo xtask shots [QUERY...]` writes full-page
//! PNGs of each page in both languages, both themes, and the 640 px embed width to
//! `target/screenshots/`.

use kubelab_e2e::*;

#[tokio::main]
async fn main() {
    let mut queries: Vec<String> = std::env::args().skip(1).collect();
    if queries.is_empty() {
        queries.push(String::new());
        queries.extend(
            kubelab::views::VIEWS
                .iter()
                .map(|v| format!("view={}", v.slug)),
        );
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    for (w, h, embed) in [(1280, 900, false), (640, 900, true)] {
        let queries = queries.clone();
        let out = out.clone();
        with_browser(
            Opts {
                size: Some((w, h)),
                ..Opts::default()
            },
            move |c| async move {
                for q in &queries {
                    for lang in ["en", "ko"] {
                        for theme in ["light", "dark"] {
                            let sep = if q.is_empty() { "" } else { "&" };
                            let query = format!(
                                "?{q}{sep}lang={lang}&theme={theme}{}",
                                if embed { "&embed=1" } else { "" }
                            );
                            open(&c, &query).await;
                            let png = full_page_png(&c).await;
                            let name = format!(
                                "{}-{lang}-{theme}{}.png",
                                if q.is_empty() {
                                    "home".to_string()
                                } else {
                                    q.replace(['=', '&'], "_")
                                },
                                if embed { "-embed" } else { "" }
                            );
                            std::fs::write(out.join(&name), png).unwrap();
                            println!("{}", out.join(&name).display());
                        }
                    }
                }
            },
        )
        .await;
    }
}
