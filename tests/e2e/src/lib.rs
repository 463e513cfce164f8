//! The harness of Kubelab's end-to-end tests: the release build (`dist/`) served on
//! localhost by a small static server in this process, and headless Chromium driven
//! through ChromeDriver. Run through `cargo xtask test`, which builds `dist/`, starts
//! ChromeDriver and sets the environment:
//!
//! - `KUBELAB_DIST`: the directory to serve;
//! - `WEBDRIVER_URL`: ChromeDriver's address;
//! - `CHROME_FLAGS`: flags for headless Chromium on these machines;
//! - `AXE_JS`: axe-core's `axe.min.js`, injected for accessibility checks.

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

pub use fantoccini;

struct Env {
    dist: PathBuf,
    webdriver: String,
    chrome_flags: Vec<String>,
    axe: PathBuf,
}

fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!("{name} is not set: run the end-to-end tests with `cargo xtask test`")
            })
        };
        Env {
            dist: PathBuf::from(var("KUBELAB_DIST")),
            webdriver: var("WEBDRIVER_URL"),
            chrome_flags: var("CHROME_FLAGS")
                .split_whitespace()
                .map(String::from)
                .collect(),
            axe: PathBuf::from(var("AXE_JS")),
        }
    })
}

// ---------------------------------------------------------------------------------------
// A static file server for dist/ (and the fixtures under /__e2e/).

/// The base URL of the served app, e.g. `http://127.0.0.1:41234/`.
pub fn base_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let dist = env().dist.clone();
        assert!(
            dist.join("index.html").is_file(),
            "{} has no index.html: run `cargo xtask dist`",
            dist.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().expect("local address");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dist = dist.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &dist);
                });
            }
        });
        format!("http://{addr}/")
    })
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = if let Some(rest) = path.strip_prefix("/__e2e/") {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(rest)
    } else if path == "/" {
        dist.join("index.html")
    } else {
        dist.join(path.trim_start_matches('/'))
    };
    let safe = !path.contains("..");
    match std::fs::read(&file) {
        Ok(body) if safe => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            )?;
            stream.write_all(&body)
        }
        _ => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    }
}

/// The address of the app with `query` (which may be empty or start with `?`).
pub fn app_url(query: &str) -> String {
    format!("{}{}", base_url(), query)
}

// ---------------------------------------------------------------------------------------
// Browser sessions

/// Options for a browser session.
#[derive(Default, Clone)]
pub struct Opts {
    /// The browser's preferred languages (`intl.accept_languages`), e.g. "ko-KR,ko".
    pub accept_languages: Option<&'static str>,
    /// Window size in CSS pixels; 1280×900 when unset.
    pub size: Option<(u32, u32)>,
}

async fn connect(opts: &Opts) -> Client {
    let env = env();
    let mut chrome = json!({ "args": env.chrome_flags, "binary": "/usr/bin/chromium" });
    if let Some(langs) = opts.accept_languages {
        chrome["prefs"] = json!({ "intl.accept_languages": langs });
        chrome["args"].as_array_mut().unwrap().push(json!(format!(
            "--lang={}",
            langs.split(',').next().unwrap()
        )));
    }
    let mut caps = Capabilities::new();
    caps.insert("goog:chromeOptions".into(), chrome);
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&env.webdriver)
        .await
        .expect("connect to ChromeDriver");
    let (w, h) = opts.size.unwrap_or((1280, 900));
    client.set_window_size(w, h).await.expect("set window size");
    client
}

/// Runs `test` with a fresh browser session, and always closes the session, also when the
/// test fails (so no browser is left behind).
pub async fn with_browser<F, Fut>(opts: Opts, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let client = connect(&opts).await;
    let outcome = tokio::spawn(test(client.clone())).await;
    let _ = client.close().await;
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test task failed: {e}");
    }
}

/// Sizes the window so that the page itself (the viewport) is `w`×`h` CSS pixels, whatever
/// the browser's own frame takes.
pub async fn set_viewport(c: &Client, w: u32, h: u32) {
    c.set_window_size(w, h).await.expect("set window size");
    let frame = js(c, "[outerWidth - innerWidth, outerHeight - innerHeight]").await;
    let (dw, dh) = (
        frame[0].as_u64().unwrap_or(0) as u32,
        frame[1].as_u64().unwrap_or(0) as u32,
    );
    if dw > 0 || dh > 0 {
        c.set_window_size(w + dw, h + dh)
            .await
            .expect("set window size");
    }
}

/// Opens the app at `query` and waits until a view's heading has rendered.
pub async fn open(c: &Client, query: &str) {
    c.goto(&app_url(query)).await.expect("navigate");
    wait_for(c, "h1#view-title").await;
}

/// Waits (up to 10 s) for an element and returns it.
pub async fn wait_for(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}` within 10 s: {e}"))
}

pub async fn text_of(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.expect("element text")
}

/// Whether at least one element matches `css` right now.
pub async fn exists(c: &Client, css: &str) -> bool {
    !c.find_all(Locator::Css(css))
        .await
        .expect("query")
        .is_empty()
}

/// Polls `cond` (a JavaScript boolean expression) for up to `secs` seconds; past that, fails
/// naming `what`, with the text of `context` (a JavaScript expression for what the page
/// shows that explains it: the event log, the lesson panel).
pub async fn until_or(c: &Client, cond: &str, secs: u64, what: &str, context: &str) {
    let start = std::time::Instant::now();
    loop {
        if js(c, cond).await == true {
            return;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let seen = js(c, context).await;
            panic!(
                "{what}: not within {secs} s\n{}",
                seen.as_str().unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Evaluates a JavaScript expression and returns its value.
pub async fn js(c: &Client, expr: &str) -> Value {
    c.execute(&format!("return ({expr});"), vec![])
        .await
        .expect("execute script")
}

/// The browser's SEVERE console messages since the last call (ChromeDriver's log).
pub async fn console_errors(c: &Client) -> Vec<String> {
    #[derive(Debug)]
    struct GetLog;
    impl WebDriverCompatibleCommand for GetLog {
        fn endpoint(
            &self,
            base: &url::Url,
            session: Option<&str>,
        ) -> Result<url::Url, url::ParseError> {
            base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
        }
        fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
            (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
        }
    }
    let log = c.issue_cmd(GetLog).await.expect("read the browser log");
    log.as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// One accessibility violation found by axe-core.
#[derive(Debug)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub targets: Vec<String>,
}

/// Runs axe-core on the current page (WCAG 2.x A and AA rules and best practices).
pub async fn axe(c: &Client) -> Vec<Violation> {
    static SOURCE: OnceLock<String> = OnceLock::new();
    let source = SOURCE.get_or_init(|| {
        std::fs::read_to_string(&env().axe)
            .unwrap_or_else(|e| panic!("{}: {e}", env().axe.display()))
    });
    c.execute(source, vec![]).await.expect("inject axe-core");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact || '', help: v.help,
                  targets: v.nodes.map(n => n.target.join(' ')) }))))
               .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    result
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| Violation {
            id: v["id"].as_str().unwrap_or_default().into(),
            impact: v["impact"].as_str().unwrap_or_default().into(),
            help: v["help"].as_str().unwrap_or_default().into(),
            targets: v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(String::from))
                .collect(),
        })
        .collect()
}

/// Presses a key (a WebDriver key code such as `\u{E007}` for Enter) on the focused element.
pub async fn press(c: &Client, key: &str) {
    let el = c.active_element().await.expect("a focused element");
    el.send_keys(key).await.expect("send key");
}

pub const ENTER: &str = "\u{E007}";
pub const TAB: &str = "\u{E004}";

/// Text on the page (inside `main`) that contains a digit but is not a cited fact: not
/// inside `[data-fact]` (a value shown through `cite::Cite`) nor `[data-not-a-fact]`
/// (a step number, a name such as "JDK 1.7", or the user's own input). Views that show
/// numbers about the world must return nothing here.
pub async fn uncited_numbers(c: &Client) -> Vec<String> {
    let found = js(
        c,
        "(() => {
            const out = [];
            const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                const n = walk.currentNode;
                if (!/[0-9]/.test(n.textContent)) continue;
                const el = n.parentElement;
                if (!el || el.closest('[data-fact], [data-not-a-fact], .sources, script, style')) continue;
                const style = getComputedStyle(el);
                if (style.display === 'none' || style.visibility === 'hidden') continue;
                out.push(n.textContent.trim());
            }
            return out;
        })()",
    )
    .await;
    found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(String::from))
        .collect()
}

/// Sends a Chrome DevTools Protocol command through ChromeDriver (`goog/cdp/execute`) and
/// returns its result.
pub async fn cdp(c: &Client, method: &str, params: Value) -> Value {
    #[derive(Debug)]
    struct Cdp(String);
    impl WebDriverCompatibleCommand for Cdp {
        fn endpoint(
            &self,
            base: &url::Url,
            session: Option<&str>,
        ) -> Result<url::Url, url::ParseError> {
            base.join(&format!(
                "session/{}/goog/cdp/execute",
                session.unwrap_or_default()
            ))
        }
        fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
            (http::Method::POST, Some(self.0.clone()))
        }
    }
    let body = json!({ "cmd": method, "params": params }).to_string();
    c.issue_cmd(Cdp(body))
        .await
        .unwrap_or_else(|e| panic!("CDP {method}: {e}"))
}

/// Makes the page report `prefers-reduced-motion: reduce`, as a user's system setting would.
pub async fn emulate_reduced_motion(c: &Client) {
    cdp(
        c,
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    )
    .await;
}

/// A PNG of the whole page, beyond the viewport.
pub async fn full_page_png(c: &Client) -> Vec<u8> {
    let shot = cdp(
        c,
        "Page.captureScreenshot",
        json!({ "format": "png", "captureBeyondViewport": true }),
    )
    .await;
    let data = shot["data"].as_str().expect("screenshot data");
    base64_decode(data)
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for b in s.bytes().filter(|b| *b != b'=' && !b.is_ascii_whitespace()) {
        let v = ALPHABET.iter().position(|a| *a == b).expect("base64 data") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
