//! `cargo xtask`: the project's two set-up-and-go commands, with nothing but std.
//!
//! - `cargo xtask serve [--dev] [--port N]`: install what is missing (the wasm32 target,
//!   Trunk, the wasm-bindgen CLI matching Cargo.lock, wasm-opt and esbuild from npm), then
//!   build and serve the app.
//! - `cargo xtask test`: the same plus Chromium, ChromeDriver and axe-core, then every test:
//!   formatting and lints, native tests, wasm tests in headless Chromium, a release build,
//!   and end-to-end tests against that build served on localhost.
//!
//! Both are idempotent: each tool is checked and only installed when missing or at the
//! wrong version.

mod graph;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const TRUNK_VERSION: &str = "0.21.14";
const AXE_VERSION: &str = "4.14.1";
/// binaryen's wasm-opt, from npm (Trunk cannot download it here); Trunk.toml asks for it.
const BINARYEN_VERSION: &str = "132.0.0";
/// esbuild, from npm: minifies wasm-bindgen's JS glue in `dist/` (Trunk's minifier cannot
/// parse its `export { … as default }`): 1.7 KB less to download per address.
const ESBUILD_VERSION: &str = "0.24.2";
/// The first-load lines, gzipped bytes (KB = 1000 B): the guide (start page, explainers), and
/// the classroom and the cluster lab. `size` fails when one is crossed, so `test` keeps them
/// true.
const GUIDE_LINE: u64 = 200_000;
const CLUSTER_LINE: u64 = 400_000;
/// The cluster lab with the lessons and presenter mode, loaded only for a lesson or presenter
/// address on the Cluster view.
const CLUSTER_CLASS_LINE: u64 = 450_000;
/// Lighthouse, from npm (12.x runs on Node 20; 13 needs Node 22).
const LIGHTHOUSE_VERSION: &str = "12.2.3";
const CHROME_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("dist") => tools(false).and_then(|_| dist()),
        Some("size") => size(),
        Some("e2e") => tools(true).and_then(|_| e2e(&args[1..])),
        Some("shots") => tools(true).and_then(|_| shots(&args[1..])),
        Some("frames") => tools(true).and_then(|_| example("cluster_frames", &args[1..])),
        Some("soak") => tools(true).and_then(|_| example("cluster_soak", &args[1..])),
        Some("lighthouse") => tools(true).and_then(|_| lighthouse(&args[1..])),
        Some("cluster-shots") => tools(true).and_then(|_| example("cluster_shots", &[])),
        Some("lesson-shots") => tools(true).and_then(|_| example("lesson_shots", &[])),
        Some("setup") => tools(true),
        Some("graph") => graph::graph(&root()),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 serve [--dev] [--port N]  install what is missing, build, serve on localhost\n\
                 test [--skip-e2e]         install what is missing, run every test\n\
                 dist                      release build into dist/\n\
                 e2e [FILTER]              end-to-end tests only, against the existing dist/\n\
                 shots [QUERY...]          screenshots of dist/ into target/screenshots/\n\
                 frames [CASE...]          Cluster view: frame times (p50/p95, also at 4x CPU throttling),\n\
                                           main-thread busy ms per second, step back and scrubbing\n\
                 soak [MINUTES]            Cluster view at 100 nodes, top speed: JS heap and wasm memory\n\
                 lighthouse [QUERY...]     Lighthouse (mobile, performance) on dist/ served gzip-compressed\n\
                 cluster-shots             Cluster view screenshots after playing and interacting\n\
                 lesson-shots              lesson and presenter-mode screenshots at 1280 and 1920 px\n\
                 size                      first-load transfer per address (raw and gzipped)\n\
                 graph                     the engine's folders in import layers; fails on a cycle\n\
                 setup                     only install what is missing"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => {
            eprintln!("xtask: done in {:.0?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, echoing it, failing on a non-zero exit.
fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("\n$ {shown}");
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The first line a tool prints for `--version`, or None when it is not installed.
fn version_of(tool: &str) -> Option<String> {
    let out = Command::new(tool).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    out.status
        .success()
        .then(|| text.lines().next().unwrap_or_default().trim().to_string())
}

/// A timed step, reported at the end of `test`.
struct Steps(Vec<(String, f64)>);

impl Steps {
    fn time(&mut self, name: &str, f: impl FnOnce() -> Result) -> Result {
        let t = Instant::now();
        let r = f();
        self.0.push((name.to_string(), t.elapsed().as_secs_f64()));
        r
    }
    fn report(&self) {
        eprintln!("\nxtask: step times");
        for (name, secs) in &self.0 {
            eprintln!("  {secs:>7.1} s  {name}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Tools

/// The `wasm-bindgen` version in Cargo.lock, which the CLI must equal exactly.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

/// Trunk.toml must ask for the same wasm-bindgen as Cargo.lock, or Trunk would try (and
/// fail, offline) to download another.
fn check_trunk_toml(version: &str) -> Result {
    let text = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml: {e}"))?;
    let want = format!("wasm_bindgen = \"{version}\"");
    if text.lines().any(|l| l.trim() == want) {
        Ok(())
    } else {
        Err(format!(
            "Trunk.toml [tools] must say `{want}` to match Cargo.lock"
        ))
    }
}

fn ensure_wasm_target() -> Result {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown") =>
        {
            eprintln!("xtask: wasm32-unknown-unknown target present");
            Ok(())
        }
        Ok(_) => run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        Err(_) => Err("rustup not found: install Rust with rustup (https://rustup.rs)".into()),
    }
}

fn ensure_cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result {
    let want = format!("{bin} {version}");
    match version_of(bin) {
        Some(v) if v == want || v.starts_with(&format!("{want} ")) => {
            eprintln!("xtask: {want} present");
            return Ok(());
        }
        Some(v) => eprintln!("xtask: found `{v}`, need {want}: installing"),
        None => eprintln!("xtask: {bin} missing: installing {want} (a few minutes, once)"),
    }
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    run(&mut cmd)
}

/// Chromium and a ChromeDriver of the same major version, from Debian's packages.
fn ensure_browser() -> Result {
    let major = |v: &Option<String>| -> Option<String> {
        v.as_ref()?
            .split_whitespace()
            .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))?
            .split('.')
            .next()
            .map(str::to_string)
    };
    let (chrome, driver) = (version_of("chromium"), version_of("chromedriver"));
    if let (Some(a), Some(b)) = (major(&chrome), major(&driver))
        && a == b
    {
        eprintln!("xtask: Chromium and ChromeDriver {a} present");
        return Ok(());
    }
    eprintln!("xtask: installing chromium and chromium-driver from Debian's packages");
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let apt = |args: &[&str]| -> Result {
        let mut cmd = if is_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut cmd)
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium", "chromium-driver"])
}

/// Where npm packages the build and tests use are installed (outside the source tree).
fn node_dir() -> PathBuf {
    root().join("target/node-tools")
}

/// Where an npm package is installed: a prefix of its own, so installing one package
/// never prunes another.
fn npm_prefix(package: &str) -> PathBuf {
    node_dir().join(package)
}

/// An npm package at an exact version, installed when missing.
fn ensure_npm(package: &str, version: &str) -> Result {
    let manifest = npm_prefix(package)
        .join("node_modules")
        .join(package)
        .join("package.json");
    if std::fs::read_to_string(&manifest)
        .is_ok_and(|t| t.contains(&format!("\"version\": \"{version}\"")))
    {
        eprintln!("xtask: {package} {version} present");
        return Ok(());
    }
    std::fs::create_dir_all(npm_prefix(package)).map_err(|e| e.to_string())?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(npm_prefix(package))
        .arg(format!("{package}@{version}")))
}

/// A `trunk` command that finds the npm-installed wasm-opt on its PATH.
fn trunk() -> Command {
    let mut cmd = Command::new("trunk");
    let path = env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![npm_prefix("binaryen").join("node_modules/.bin")];
    dirs.extend(env::split_paths(&path));
    cmd.env(
        "PATH",
        env::join_paths(dirs).expect("PATH entries are valid"),
    );
    cmd
}

/// What `serve` needs; `browser` adds what the tests need.
fn tools(browser: bool) -> Result {
    let wb = locked_wasm_bindgen()?;
    check_trunk_toml(&wb)?;
    ensure_wasm_target()?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    // Without --locked: the CLI's lock file can name crates newer than this index has.
    ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &wb, false)?;
    ensure_npm("binaryen", BINARYEN_VERSION)?;
    ensure_npm("esbuild", ESBUILD_VERSION)?;
    if browser {
        ensure_browser()?;
        // axe-core: the accessibility checker the end-to-end tests inject into pages.
        ensure_npm("axe-core", AXE_VERSION)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Commands

fn serve(args: &[String]) -> Result {
    let mut port = "8080".to_string();
    let mut release = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dev" => release = false,
            "--port" => port = it.next().ok_or("--port needs a number")?.clone(),
            other => return Err(format!("serve: unknown option {other}")),
        }
    }
    tools(false)?;
    eprintln!("\nxtask: building, then serving Kubelab at http://127.0.0.1:{port}/ (Ctrl-C stops)");
    let mut cmd = trunk();
    cmd.args(["serve", "--port", &port]);
    if release {
        cmd.arg("--release");
    }
    run(&mut cmd)
}

fn dist() -> Result {
    run(trunk().args(["build", "--release"]))?;
    // The JS glue of each binary, minified in place (Trunk left it as wasm-bindgen wrote it).
    let esbuild = npm_prefix("esbuild").join("node_modules/.bin/esbuild");
    for js in [
        "kubelab.js",
        "kubelab-class.js",
        "kubelab-cluster.js",
        "kubelab-cluster-class.js",
    ] {
        let path = root().join("dist").join(js);
        run(Command::new(&esbuild)
            .arg(&path)
            .args([
                "--minify",
                "--format=esm",
                "--log-level=warning",
                "--allow-overwrite",
            ])
            .arg(format!("--outfile={}", path.display())))?;
    }
    // Each page's stylesheet, its imports inlined and minified: one file per first load
    // (compressed as one, the shell's and the views' rules share their words). The files it
    // inlined go.
    let views = root().join("dist").join("views");
    for css in ["guide.css", "lab.css", "class.css"] {
        let path = views.join(css);
        run(Command::new(&esbuild)
            .arg(&path)
            .args([
                "--bundle",
                "--minify",
                "--log-level=warning",
                "--allow-overwrite",
            ])
            .arg(format!("--outfile={}", path.display())))?;
    }
    for inlined in ["why", "vm", "image", "eks", "cluster"] {
        std::fs::remove_file(views.join(format!("{inlined}.css"))).map_err(|e| e.to_string())?;
    }
    std::fs::remove_file(root().join("dist").join("app.css")).map_err(|e| e.to_string())?;
    Ok(())
}

fn test(args: &[String]) -> Result {
    let skip_e2e = args.iter().any(|a| a == "--skip-e2e");
    if let Some(other) = args.iter().find(|a| *a != "--skip-e2e") {
        return Err(format!("test: unknown option {other}"));
    }
    let mut steps = Steps(vec![]);
    let result = (|| {
        steps.time("tools", || tools(true))?;
        steps.time("format", || {
            run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))
        })?;
        steps.time("lints", || {
            run(Command::new("cargo").args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ]))
        })?;
        // The engine as the Cluster view builds it (no scenario files, no VPA, no cluster
        // autoscaler): its lints and unit tests, which check that the left-out controllers'
        // commands are refused.
        steps.time("lean engine", || {
            let lean = ["-p", "kubelab-sim", "--no-default-features", "--lib"];
            run(Command::new("cargo")
                .arg("clippy")
                .args(lean)
                .args(["--quiet", "--", "-D", "warnings"]))?;
            run(Command::new("cargo").arg("test").args(lean))
        })?;
        steps.time("native tests", || {
            run(Command::new("cargo").args(["test", "--workspace", "--exclude", "kubelab-e2e"]))
        })?;
        steps.time("wasm tests (headless Chromium)", || {
            run(Command::new("cargo")
                .args([
                    "test",
                    "--target",
                    "wasm32-unknown-unknown",
                    "-p",
                    "kubelab",
                ])
                .env("CHROMEDRIVER", "/usr/bin/chromedriver")
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
        })?;
        if skip_e2e {
            return Ok(());
        }
        steps.time("release build", dist)?;
        steps.time("end-to-end tests (headless Chromium)", || e2e(&[]))?;
        size()
    })();
    steps.report();
    result
}

/// The end-to-end tests against `dist/`, with a ChromeDriver started for them and stopped
/// afterwards; `filter` is passed to the test harness.
fn e2e(filter: &[String]) -> Result {
    with_chromedriver(|url| {
        run(Command::new("cargo")
            .args(["test", "-p", "kubelab-e2e", "--"])
            .args(filter)
            .arg("--test-threads=2")
            .envs(e2e_env(url)))
    })
}

/// Screenshots of the pages named by `queries` (all pages when empty), for looking at.
fn shots(queries: &[String]) -> Result {
    example("screenshots", queries)
}

/// Runs an example of the end-to-end package against `dist/` with a ChromeDriver.
fn example(name: &str, args: &[String]) -> Result {
    with_chromedriver(|url| {
        run(Command::new("cargo")
            .args([
                "run",
                "--quiet",
                "-p",
                "kubelab-e2e",
                "--example",
                name,
                "--",
            ])
            .args(args)
            .envs(e2e_env(url)))
    })
}

fn e2e_env(webdriver: &str) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("KUBELAB_DIST", root().join("dist").into()),
        (
            "AXE_JS",
            npm_prefix("axe-core")
                .join("node_modules/axe-core/axe.min.js")
                .into(),
        ),
        ("WEBDRIVER_URL", webdriver.into()),
        ("CHROME_FLAGS", CHROME_FLAGS.into()),
        ("RUST_BACKTRACE", "0".into()),
    ]
}

/// Runs `f` with a ChromeDriver on a free port, stopping it afterwards.
fn with_chromedriver(f: impl FnOnce(&str) -> Result) -> Result {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let mut driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("chromedriver: {e}"))?;
    let up = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let result = if up {
        f(&format!("http://127.0.0.1:{port}"))
    } else {
        Err("chromedriver did not start within 10 s".into())
    };
    // SIGTERM lets ChromeDriver close any browser a failed test left open.
    let _ = Command::new("kill").arg(driver.id().to_string()).status();
    let _ = driver.wait();
    result
}

/// The first-load transfer per address: what a browser fetches on a first visit. Every
/// address loads index.html, its stylesheets and the icon, then one of the four wasm
/// binaries with its JS glue: `kubelab` (the guide), `kubelab-class` (a lesson or presenter
/// mode on the explainers), `kubelab-cluster` (`view=cluster`) or `kubelab-cluster-class`
/// (a lesson or presenter mode on the Cluster view).
fn size() -> Result {
    let dir = root().join("dist");
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for sub in [dir.clone(), dir.join("views")] {
        let entries = std::fs::read_dir(&sub)
            .map_err(|e| format!("{}: {e} (run `cargo xtask dist`)", sub.display()))?;
        paths.extend(entries.flatten().map(|e| e.path()));
    }
    let mut rows = Vec::new();
    for path in paths {
        let ext = path
            .extension()
            .and_then(|x| x.to_str())
            .unwrap_or("")
            .to_string();
        if !["wasm", "js", "css", "html", "svg"].contains(&ext.as_str()) {
            continue;
        }
        let raw = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
        let gz = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("gzip: {e}"))?
            .stdout
            .len() as u64;
        let name = path.strip_prefix(&dir).unwrap_or(&path);
        rows.push((name.to_string_lossy().to_string(), raw, gz));
    }
    rows.sort();
    eprintln!("\nxtask: files in dist/");
    for (name, raw, gz) in &rows {
        eprintln!("  {raw:>9} B raw  {gz:>9} B gzip  {name}");
    }
    eprintln!("\nxtask: first-load transfer per address, gzipped, against its line");
    // What index.html's loader fetches for each binary, besides the shared files.
    let bundles = [
        (
            "kubelab",
            "start page, explainers",
            &["guide"][..],
            GUIDE_LINE,
        ),
        (
            "kubelab-class",
            "lesson= or present=1 outside the Cluster view",
            &["guide", "class"][..],
            CLUSTER_LINE,
        ),
        (
            "kubelab-cluster",
            "view=cluster",
            &["lab"][..],
            CLUSTER_LINE,
        ),
        (
            "kubelab-cluster-class",
            "view=cluster with lesson= or present=1",
            &["lab", "class"][..],
            CLUSTER_CLASS_LINE,
        ),
    ];
    let mut crossed = Vec::new();
    for (bundle, address, css, line) in bundles {
        let mine = |name: &str| match name.strip_prefix("views/") {
            Some(view_css) => css.iter().any(|c| view_css == format!("{c}.css")),
            None if name.ends_with(".js") || name.ends_with(".wasm") => {
                name == format!("{bundle}.js") || name == format!("{bundle}_bg.wasm")
            }
            None => true,
        };
        let (raw, gz) = rows
            .iter()
            .filter(|(n, ..)| mine(n))
            .fold((0, 0), |(r, g), (_, raw, gz)| (r + raw, g + gz));
        let ok = if gz <= line { "ok" } else { "OVER" };
        eprintln!(
            "  {raw:>9} B raw  {gz:>9} B gzip  {bundle} ({address}): {:.1} KB of {} KB, {ok}",
            gz as f64 / 1000.0,
            line / 1000
        );
        if gz > line {
            crossed.push(format!(
                "{bundle} ({address}) is {gz} B gzipped, over its line of {line} B"
            ));
        }
    }
    // Lessons: one file each, fetched when the lesson opens (not part of any first load).
    let lessons = dir.join("lessons");
    let mut files: Vec<_> = std::fs::read_dir(&lessons)
        .map_err(|e| format!("{}: {e} (the Trunk hook writes it)", lessons.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    eprintln!("\nxtask: lessons, fetched on demand when one opens");
    let (mut all_raw, mut all_gz) = (0, 0);
    for path in &files {
        let raw = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
        let gz = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(path)
            .output()
            .map_err(|e| format!("gzip: {e}"))?
            .stdout
            .len() as u64;
        (all_raw, all_gz) = (all_raw + raw, all_gz + gz);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        eprintln!("  {raw:>9} B raw  {gz:>9} B gzip  lessons/{name}");
    }
    eprintln!(
        "  {all_raw:>9} B raw  {all_gz:>9} B gzip  all {} lessons",
        files.len()
    );
    if crossed.is_empty() {
        Ok(())
    } else {
        Err(crossed.join("; "))
    }
}

// ---------------------------------------------------------------------------------------
// Lighthouse: dist/ served gzip-compressed, as a real host serves it

/// Serves `dir` on a free local port from a thread, gzip-compressing text and wasm for
/// clients that accept it (files compressed once, with `gzip -9`). Returns the base URL.
fn serve_gzip(dir: PathBuf) -> Result<String> {
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader, Write};
    use std::sync::{Arc, Mutex};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let cache: Arc<Mutex<HashMap<PathBuf, Vec<u8>>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, cache) = (dir.clone(), cache.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(match stream.try_clone() {
                    Ok(s) => s,
                    Err(_) => return,
                });
                let mut stream = stream;
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut gzip_ok = false;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                    let h = h.to_ascii_lowercase();
                    if h.starts_with("accept-encoding:") && h.contains("gzip") {
                        gzip_ok = true;
                    }
                }
                let target = request.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split(['?', '#']).next().unwrap_or("/");
                let file = if path == "/" {
                    dir.join("index.html")
                } else {
                    dir.join(path.trim_start_matches('/'))
                };
                let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
                let kind = match ext {
                    "html" => "text/html; charset=utf-8",
                    "js" => "text/javascript; charset=utf-8",
                    "css" => "text/css; charset=utf-8",
                    "wasm" => "application/wasm",
                    "svg" => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                let Ok(body) = std::fs::read(&file)
                    .map_err(|_| ())
                    .and_then(|b| if path.contains("..") { Err(()) } else { Ok(b) })
                else {
                    let _ = stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    return;
                };
                let (body, encoding) = if gzip_ok {
                    let gz = cache
                        .lock()
                        .map(|mut c| {
                            c.entry(file.clone())
                                .or_insert_with(|| {
                                    Command::new("gzip")
                                        .args(["-9", "-c"])
                                        .arg(&file)
                                        .output()
                                        .map(|o| o.stdout)
                                        .unwrap_or_default()
                                })
                                .clone()
                        })
                        .unwrap_or_default();
                    if gz.is_empty() {
                        (body, "")
                    } else {
                        (gz, "Content-Encoding: gzip\r\n")
                    }
                } else {
                    (body, "")
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    Ok(format!("http://127.0.0.1:{port}/"))
}

/// Lighthouse's mobile performance score, cumulative layout shift, largest contentful paint
/// and total blocking time for each address (the start page and the cluster lab unless
/// given), dist/ served gzip-compressed. A measurement to report, not a test.
fn lighthouse(queries: &[String]) -> Result {
    ensure_npm("lighthouse", LIGHTHOUSE_VERSION)?;
    let base = serve_gzip(root().join("dist"))?;
    let queries: Vec<String> = if queries.is_empty() {
        vec!["".into(), "?view=cluster".into()]
    } else {
        queries.to_vec()
    };
    let bin = npm_prefix("lighthouse").join("node_modules/.bin/lighthouse");
    let out_dir = root().join("target/lighthouse");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    eprintln!(
        "\nxtask: Lighthouse {LIGHTHOUSE_VERSION}, mobile, performance; dist/ gzip-compressed"
    );
    for q in &queries {
        let url = format!("{base}{q}");
        let name = if q.is_empty() {
            "home".to_string()
        } else {
            q.replace(['?', '=', '&'], "_")
        };
        let report = out_dir.join(format!("{name}.json"));
        run(Command::new(&bin)
            .arg(&url)
            .args([
                "--only-categories=performance",
                "--output=json",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking --disable-component-update --disable-sync",
            ])
            .arg(format!("--output-path={}", report.display()))
            .env("CHROME_PATH", "/usr/bin/chromium"))?;
        // Node reads its JSON (xtask has nothing but std).
        let script = "const r = require(process.argv[1]); const a = r.audits; \
            const n = k => a[k] ? Math.round(a[k].numericValue * 1000) / 1000 : '?'; \
            console.log(`performance ${Math.round(r.categories.performance.score * 100)}  \
            CLS ${n('cumulative-layout-shift')}  LCP ${n('largest-contentful-paint')} ms  \
            TBT ${n('total-blocking-time')} ms  FCP ${n('first-contentful-paint')} ms  \
            SI ${n('speed-index')} ms`)";
        let out = Command::new("node")
            .args(["-e", script])
            .arg(&report)
            .output()
            .map_err(|e| format!("node: {e}"))?;
        eprintln!(
            "  {:<24} {}  ({})",
            if q.is_empty() { "/" } else { q.as_str() },
            String::from_utf8_lossy(&out.stdout).trim(),
            report.display()
        );
    }
    Ok(())
}
