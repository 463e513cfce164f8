//! `kubelab-lessons [OUT_DIR | --trunk]`: checks `lessons/*.toml` and writes one file per
//! lesson, `OUT_DIR/<id>.txt`, which the app fetches when the lesson opens. With `--trunk`
//! (Trunk's post-build hook, `Trunk.toml`) OUT_DIR is `$TRUNK_STAGING_DIR/lessons`; without
//! an argument it only checks.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let facts = match std::fs::read_to_string(root.join("src/facts.rs")) {
        Ok(s) => kubelab_lessons::fact_idents(&s),
        Err(e) => {
            eprintln!("kubelab-lessons: src/facts.rs: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (lessons, errors) = kubelab_lessons::load_dir(&root.join("lessons"), &facts);
    if !errors.is_empty() {
        for e in errors {
            eprintln!("error: {e}");
        }
        return ExitCode::FAILURE;
    }
    let out = match std::env::args().nth(1).as_deref() {
        None => {
            eprintln!("kubelab-lessons: {} lessons checked", lessons.len());
            return ExitCode::SUCCESS;
        }
        Some("--trunk") => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(dir) => Path::new(&dir).join("lessons"),
            None => {
                eprintln!("kubelab-lessons: --trunk needs TRUNK_STAGING_DIR (run by Trunk)");
                return ExitCode::FAILURE;
            }
        },
        Some(dir) => Path::new(dir).to_path_buf(),
    };
    let out = out.as_path();
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("kubelab-lessons: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for l in &lessons {
        let path = out.join(format!("{}.txt", l.id));
        if let Err(e) = std::fs::write(&path, kubelab_lessons::served(l)) {
            eprintln!("kubelab-lessons: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "kubelab-lessons: {} lessons written to {}",
        lessons.len(),
        out.display()
    );
    ExitCode::SUCCESS
}
