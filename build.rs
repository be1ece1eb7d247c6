//! Embeds every scenario under `scenarios/` (except `scenarios/data/`) into the binary, so the source
//! code names no scenario: the list, the default (`scenarios/DEFAULT`) and the descriptions (each file's
//! `[scenario] title`) all come from the scenario files themselves. The data files the scenarios cite
//! (`scenarios/data/**/*.toml` and `*.txt`: the bibliography, its record collections, the briefs) are
//! embedded too, so an embedded scenario's citations resolve from any directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "data") {
                collect(&p, root, out);
            }
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
        }
    }
}

fn title(text: &str) -> String {
    // The first `title = "..."` line; good enough for a one-line listing (the real parse happens at load).
    text.lines()
        .find_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("title")?
                .trim_start()
                .strip_prefix('=')?
                .trim();
            Some(rest.trim_matches('"').to_string())
        })
        .unwrap_or_default()
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=scenarios");
    let mut files = Vec::new();
    collect(&root.join("scenarios"), &root, &mut files);
    let default = std::fs::read_to_string(root.join("scenarios/DEFAULT"))
        .unwrap_or_default()
        .trim()
        .to_string();
    files.sort_by_key(|p| {
        (
            p.file_stem()
                .map(|s| s.to_string_lossy() != default.as_str())
                .unwrap_or(true),
            p.clone(),
        )
    });
    let mut code = String::from("&[\n");
    for p in &files {
        let rel = p.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={rel}");
        let text = std::fs::read_to_string(root.join(p)).unwrap_or_default();
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let cf = rel.contains("/counterfactuals/");
        let _ = writeln!(
            code,
            "    Embedded {{ name: {name:?}, path: {rel:?}, summary: {:?}, counterfactual: {cf}, text: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {rel:?})) }},",
            title(&text)
        );
    }
    code.push(']');
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("embedded.rs"), code).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("embedded_data.rs"), data_files(&root))
        .expect("OUT_DIR is writable");
}

/// The `EmbeddedData` table of the files under `scenarios/data/`.
fn data_files(root: &Path) -> String {
    let mut files = Vec::new();
    collect_data(&root.join("scenarios/data"), root, &mut files);
    let mut code = String::from("&[\n");
    for p in &files {
        let rel = p.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={rel}");
        let _ = writeln!(
            code,
            "    EmbeddedData {{ path: {rel:?}, text: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {rel:?})) }},"
        );
    }
    code.push(']');
    code
}

fn collect_data(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_data(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "toml" || x == "txt") {
            out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
        }
    }
}
