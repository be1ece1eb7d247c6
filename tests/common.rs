//! Shared helpers.

use std::path::PathBuf;

use assert_cmd::Command;

pub fn armistice() -> Command {
    Command::cargo_bin("armistice").expect("the armistice binary is built")
}

pub fn repo(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

pub const TOY: &str = "scenarios/examples/ceasefire_toy.toml";

/// A minimal valid scenario, for tests that break one thing at a time.
pub const MINIMAL: &str = r#"
[scenario]
id = "mini"
horizon = 100

[[dimension]]
id = "money"

[[side]]
id = "A"
lead = "a"

[[side]]
id = "B"
lead = "b"

[[actor]]
id = "a"
side = "A"
weights = { money = 1.0 }

[[actor]]
id = "b"
side = "B"
weights = { money = 1.0 }

[[issue]]
id = "split"
min = 0.0
max = 1.0
step = 0.1
effects = { a = { money = "x" }, b = { money = "1 - x" } }

[[agreement]]
id = "deal"
issues = ["split"]

[[flow]]
id = "delay"
to = "A"
dimension = "money"
value = -0.05
when = "not agreed(deal)"

[[flow]]
id = "delay_b"
to = "B"
dimension = "money"
value = -0.05
when = "not agreed(deal)"
"#;

/// Decodes a PNG fully and panics unless it has more than `min_colors` distinct colours (not blank).
pub fn assert_png_not_blank(p: &std::path::Path, min_colors: usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    ));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let px = &buf[..info.buffer_size()];
    let distinct: std::collections::BTreeSet<&[u8]> =
        px.chunks(info.color_type.samples()).collect();
    assert!(
        distinct.len() > min_colors,
        "{} looks blank ({} colours)",
        p.display(),
        distinct.len()
    );
}

/// Parses an SVG file as XML, panicking with its path on failure.
pub fn assert_svg_parses(p: &std::path::Path) {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

/// The files of a directory, by name, with their bytes.
pub fn files_in(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}
