//! The code maps name real paths: every path in the code map of ARCHITECTURE.md (the tree in
//! its "Code map" section) and of sim/ARCHITECTURE.md (the first column of its "Code map"
//! table) exists, so a moved or deleted file cannot leave the map behind.

use std::path::{Path, PathBuf};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of a `## Code map` section, up to the next `## ` heading.
fn section(doc: &str) -> &str {
    let start = doc
        .find("\n## Code map")
        .expect("a \"## Code map\" section")
        + 1;
    let body = &doc[start + 3..];
    let end = body.find("\n## ").map_or(body.len(), |i| i + 1);
    &body[..end]
}

/// Paths of the root map: a fenced tree where an entry starts a line at indent 0 (relative to
/// the repository) or 2 (relative to the last indent-0 folder); deeper lines continue the
/// description of the entry above.
fn root_paths(map: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut folder = String::new();
    let mut in_fence = false;
    for line in map.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence || line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let Some(first) = line.split_whitespace().next() else {
            continue;
        };
        match indent {
            0 => {
                if first.ends_with('/') {
                    folder = first.to_string();
                } else {
                    folder.clear();
                }
                out.push(first.to_string());
            }
            2 => out.push(format!("{folder}{first}")),
            _ => {}
        }
    }
    out
}

/// Paths of the engine's map: the backticked words of each table row's first cell, relative
/// to `sim/`.
fn table_paths(map: &str) -> Vec<String> {
    map.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|--") && !l.starts_with("|---"))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn missing(base: &Path, paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .filter(|p| !base.join(p.as_str()).exists())
        .cloned()
        .collect()
}

#[test]
fn every_path_in_the_code_maps_exists() {
    let sim = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = sim.parent().expect("the workspace").to_path_buf();

    let paths = root_paths(section(&read(&root.join("ARCHITECTURE.md"))));
    assert!(paths.len() > 20, "the root map lists its files: {paths:?}");
    assert!(
        paths.iter().any(|p| p == "sim/"),
        "the root map names the engine"
    );
    assert_eq!(
        missing(&root, &paths),
        Vec::<String>::new(),
        "ARCHITECTURE.md names missing paths"
    );

    let paths = table_paths(section(&read(&sim.join("ARCHITECTURE.md"))));
    assert!(
        paths.len() > 20,
        "the engine's map lists its files: {paths:?}"
    );
    assert!(paths.iter().any(|p| p == "src/engine/registry.rs"));
    assert_eq!(
        missing(&sim, &paths),
        Vec::<String>::new(),
        "sim/ARCHITECTURE.md names missing paths"
    );
}

#[test]
fn the_readers_find_paths_and_notice_missing_ones() {
    let tree = "```\nsrc/\n  main.rs   the binary\n                  more about it\ntests/web.rs  x\n```\n";
    assert_eq!(root_paths(tree), ["src/", "src/main.rs", "tests/web.rs"]);
    let table = "| path | what |\n|---|---|\n| `src/a.rs`, `src/b/` | x `not/this.rs` |\n";
    assert_eq!(table_paths(table), ["src/a.rs", "src/b/"]);
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        missing(&here, &["src/no-such-file.rs".into()]),
        ["src/no-such-file.rs"]
    );
    assert!(missing(&here, &["src/lib.rs".into()]).is_empty());
}
