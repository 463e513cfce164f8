//! `cargo xtask graph`: the engine's import structure by folder. Reads every `.rs` file under
//! `sim/src`, finds the `crate::…` paths it names (comments left out), and draws the folders in
//! layers, lowest first, each with the folders it imports. Fails when two folders import each
//! other through any chain (a cycle), naming the files behind each edge of it.
//!
//! A folder is the first component under `sim/src` (`api/store.rs` is in `api`); `lib.rs` is
//! the crate root (its re-exports are followed to where they point) and `bin/` is a client of
//! the public API, so neither is a node.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Edges = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

pub fn graph(root: &Path) -> Result<(), String> {
    let src = root.join("sim/src");
    let lib = fs::read_to_string(src.join("lib.rs")).map_err(|e| format!("sim/src/lib.rs: {e}"))?;
    let aliases = root_aliases(&lib);
    let mut files = Vec::new();
    walk(&src, &mut files)?;
    let mut folders = BTreeSet::new();
    // from folder -> to folder -> files of `from` that name `to`
    let mut edges: Edges = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        let first = parts.next().unwrap_or_default();
        if parts.next().is_none() || first == "bin" {
            continue; // lib.rs, and the runner binary
        }
        folders.insert(first.clone());
        let text = fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        for target in crate_refs(&strip_comments(&text), &aliases) {
            if target != first {
                edges
                    .entry(first.clone())
                    .or_default()
                    .entry(target)
                    .or_default()
                    .insert(rel.to_string_lossy().to_string());
            }
        }
    }
    for to in edges.values().flat_map(|m| m.keys()) {
        folders.insert(to.clone());
    }
    // Layers: a folder's layer is one more than the highest layer it imports.
    let mut layer: BTreeMap<String, usize> = BTreeMap::new();
    let mut left: BTreeSet<String> = folders.clone();
    let mut n = 0;
    while !left.is_empty() {
        let ready: Vec<String> = left
            .iter()
            .filter(|f| {
                edges
                    .get(*f)
                    .is_none_or(|m| m.keys().all(|t| layer.contains_key(t)))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            break;
        }
        for f in ready {
            left.remove(&f);
            layer.insert(f, n);
        }
        n += 1;
    }
    println!("sim/src folders by layer (each imports only from lower layers):");
    for l in 0..n {
        for (f, _) in layer.iter().filter(|(_, x)| **x == l) {
            let to: Vec<&str> = edges
                .get(f)
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let files = files_in(&files, &src, f);
            if to.is_empty() {
                println!("  {l}  {f:<12} ({files} files)");
            } else {
                println!("  {l}  {f:<12} ({files} files) -> {}", to.join(", "));
            }
        }
    }
    if left.is_empty() {
        println!("no cycle between folders");
        return Ok(());
    }
    println!("\nnot layered (in a cycle or importing one):");
    for f in &left {
        let to: Vec<&str> = edges
            .get(f)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let files = files_in(&files, &src, f);
        println!("     {f:<12} ({files} files) -> {}", to.join(", "));
    }
    println!("\nfolders that import each other (each edge of a cycle, with the files behind it):");
    for f in &left {
        for (to, from_files) in edges.get(f).into_iter().flatten() {
            if reaches(&edges, to, f) {
                let list: Vec<&str> = from_files.iter().map(String::as_str).collect();
                println!("  {f} -> {to}: {}", list.join(", "));
            }
        }
    }
    Err(format!(
        "{} folders of sim/src are in or above a cycle",
        left.len()
    ))
}

/// Whether `to` is reachable from `from` along the edges.
fn reaches(edges: &Edges, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(f) = stack.pop() {
        if f == to {
            return true;
        }
        if seen.insert(f.clone()) {
            stack.extend(edges.get(&f).into_iter().flat_map(|m| m.keys().cloned()));
        }
    }
    false
}

fn files_in(files: &[PathBuf], src: &Path, folder: &str) -> usize {
    files
        .iter()
        .filter(|f| f.starts_with(src.join(folder)))
        .count()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    Ok(())
}

/// The source without `//` comments (doc comments included) and string literals' contents,
/// so prose that mentions a path is not an import.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                kept.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// What each name the crate root defines or re-exports points to: `pub use api::{events,
/// objects}` makes `events` and `objects` aliases of `api`; `pub mod api` is itself.
fn root_aliases(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let lib = strip_comments(lib);
    for stmt in lib.split(';') {
        let s = stmt.split_whitespace().collect::<Vec<_>>().join(" ");
        let s = s.trim_start_matches("#[cfg(feature = )] ").trim();
        if let Some(rest) = s
            .strip_prefix("pub mod ")
            .or_else(|| s.strip_prefix("mod "))
        {
            if !rest.contains('{') {
                map.insert(rest.trim().to_string(), rest.trim().to_string());
            }
        } else if let Some(rest) = s.strip_prefix("pub use ") {
            let folder = rest
                .split("::")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            for name in leaf_names(rest) {
                map.insert(name, folder.clone());
            }
        }
    }
    map
}

/// The names a `use` tree brings in: `a::{b, c::D as E}` gives `b`, `E`.
fn leaf_names(tree: &str) -> Vec<String> {
    let inner = match (tree.find('{'), tree.rfind('}')) {
        (Some(a), Some(b)) if a < b => &tree[a + 1..b],
        _ => tree.rsplit("::").next().unwrap_or_default(),
    };
    inner
        .split(',')
        .filter_map(|p| {
            let p = p.trim();
            let name = p.rsplit(" as ").next()?.rsplit("::").next()?.trim();
            (!name.is_empty() && name != "self").then(|| name.to_string())
        })
        .collect()
}

/// The folders a file's `crate::…` paths land in (through the root's aliases).
fn crate_refs(text: &str, aliases: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `mycrate::`
        }
        let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::C}`: the first segment of each branch
            let end = group.find('}').unwrap_or(group.len());
            group[..end]
                .split(',')
                .map(|p| p.trim().split("::").next().unwrap_or_default().to_string())
                .collect()
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            vec![rest[..end].to_string()]
        };
        for name in names {
            if let Some(folder) = aliases.get(name.trim()) {
                out.insert(folder.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_aliases_follow_reexports() {
        let lib = "pub mod api;\nmod engine;\npub use api::{events, objects as o};\n\
                   pub use engine::{Sim, SimConfig};\n#[cfg(feature = \"yaml\")]\npub use cli::x::Y;";
        let a = root_aliases(lib);
        assert_eq!(a["api"], "api");
        assert_eq!(a["engine"], "engine");
        assert_eq!(a["events"], "api");
        assert_eq!(a["o"], "api");
        assert_eq!(a["Sim"], "engine");
        assert_eq!(a["Y"], "cli");
    }

    #[test]
    fn refs_skip_comments_and_strings() {
        let a = root_aliases("pub mod api;\npub mod engine;\npub use engine::Sim;");
        let text = strip_comments(
            "use crate::api::store;\n// crate::engine::x\nlet s = \"crate::engine\";\nuse crate::{Sim, api};",
        );
        let got: Vec<String> = crate_refs(&text, &a).into_iter().collect();
        assert_eq!(got, ["api", "engine"]);
        let only_api = strip_comments("use crate::api::x; /// see crate::engine");
        assert_eq!(crate_refs(&only_api, &a).len(), 1);
    }
}
