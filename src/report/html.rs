//! The HTML building blocks of the report: escaping, tables, figures and the style sheet. Everything
//! written here is escaped once, at the point it enters the page; nothing refers to anything outside
//! the file (no links to resources, no scripts, no web fonts).

use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Control characters other than tab and newline have no place in a page.
            c if c.is_control() && c != '\n' && c != '\t' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// An anchor id made only of `[a-z0-9-]`, from any text.
pub fn slug(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            o.push(c.to_ascii_lowercase());
        } else if !o.ends_with('-') {
            o.push('-');
        }
    }
    o.trim_matches('-').to_string()
}

/// A table cell: text, whether it holds a number (right-aligned, tabular figures), and whether the
/// text is already HTML (escaped by whoever built it).
pub struct Cell {
    text: String,
    num: bool,
    html: bool,
}

/// A text cell.
pub fn t(s: impl Into<String>) -> Cell {
    Cell {
        text: s.into(),
        num: false,
        html: false,
    }
}

/// A numeric cell.
pub fn n(s: impl Into<String>) -> Cell {
    Cell {
        text: s.into(),
        num: true,
        html: false,
    }
}

/// A cell of ready HTML (links); its text must already be escaped.
pub fn raw(html: impl Into<String>) -> Cell {
    Cell {
        text: html.into(),
        num: false,
        html: true,
    }
}

/// Tables with at most this many rows are kept on one page when printed.
pub const KEEP_WHOLE_ROWS: usize = 15;

/// A table: a caption, column headers (with their units) and rows; text is escaped here, and a
/// newline in a cell becomes a line break.
pub fn table(o: &mut String, caption: &str, head: &[Cell], rows: &[Vec<Cell>]) {
    // A short table is kept whole on paper; a long one may break between rows, but never leaves its
    // first or last row alone on a page (the style sheet's print rules).
    let keep = if rows.len() <= KEEP_WHOLE_ROWS {
        " keep"
    } else {
        ""
    };
    let _ = writeln!(o, "<div class=\"scroll{keep}\"><table>");
    if !caption.is_empty() {
        let _ = writeln!(o, "<caption>{}</caption>", esc(caption));
    }
    o.push_str("<thead><tr>");
    for h in head {
        let _ = write!(
            o,
            "<th scope=\"col\"{}>{}</th>",
            if h.num { " class=\"num\"" } else { "" },
            esc(&h.text)
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        o.push_str("<tr>");
        for c in r {
            let _ = write!(
                o,
                "<td{}>{}</td>",
                if c.num { " class=\"num\"" } else { "" },
                if c.html {
                    c.text.clone()
                } else {
                    esc(&c.text).replace('\n', "<br>")
                }
            );
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></div>\n");
}

/// Makes a standalone SVG document fit to be inlined: no XML declaration, the fixed size replaced by
/// its `viewBox` (the page's CSS sizes it), an accessible name, and a font list that falls back to a
/// font of similar width where DejaVu Sans is not installed.
pub fn inline_svg(svg: &str, label: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => return String::new(),
    };
    let end = body.find('>').unwrap_or(0);
    let tag = &body[..end];
    let view_box = tag
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("0 0 1280 720");
    let rest = &body[end + 1..];
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\" role=\"img\" aria-label=\"{}\">{}",
        esc(view_box),
        esc(label),
        rest.trim_end().replace(
            "font-family=\"DejaVu Sans, sans-serif\"",
            "font-family=\"DejaVu Sans, Verdana, sans-serif\""
        )
    )
}

/// A figure: the inline SVG and a numbered caption.
pub fn figure(o: &mut String, id: &str, number: usize, svg: &str, label: &str, caption: &str) {
    let _ = writeln!(
        o,
        "<figure id=\"fig-{}\">\n{}\n<figcaption><b>Figure {number}.</b> {}</figcaption>\n</figure>",
        slug(id),
        inline_svg(svg, label),
        esc(caption)
    );
}

/// The style sheet: readable on screen, on a projector and on paper (A4, figures and table rows kept
/// whole across pages). Only local fonts are named.
pub const CSS: &str = r#"
:root { --ink: #1f1f1f; --muted: #555; --rule: #cfcfcf; --zebra: #f5f5f5; --accent: #0072b2; }
* { box-sizing: border-box; }
html { font-size: 17px; -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.55;
  font-family: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif; }
header, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 2rem; }
h1, h2, h3, table, figcaption, nav, .meta, .kicker, footer, .note {
  font-family: "DejaVu Sans", Verdana, "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); margin: 0; }
h1 { font-size: 2rem; line-height: 1.2; margin: .3rem 0 .8rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.6rem 0 .8rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.08rem; margin: 1.6rem 0 .5rem; }
p { margin: .5rem 0 .9rem; max-width: 46rem; }
.lede { font-size: 1.12rem; }
.note { font-size: .82rem; color: var(--muted); }
a { color: var(--accent); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; font-size: .85rem; margin: 1rem 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav { font-size: .88rem; border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: .4rem 0; margin: 1.2rem 0; }
nav ol { columns: 2; margin: .3rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .8rem; line-height: 1.35; margin: .6rem 0 1.4rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 .35rem; }
th, td { text-align: left; vertical-align: top; padding: .28rem .5rem; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
figure { margin: 1.6rem 0 2rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); background: #fff; }
figcaption { font-size: .82rem; color: var(--muted); margin-top: .45rem; line-height: 1.4; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; }
code { font-size: .85em; }
pre { font-size: .74rem; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; background: var(--zebra);
  border-left: 3px solid var(--rule); padding: .7rem .9rem; margin: .6rem 0 1.2rem; }
pre.command { font-size: .82rem; border-left-color: var(--accent); }
details { margin: .6rem 0 1.2rem; }
summary { cursor: pointer; font-family: "DejaVu Sans", Verdana, "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: .88rem; color: var(--accent); }
footer { margin-top: 3rem; padding-bottom: 2rem; font-size: .78rem; color: var(--muted); border-top: 1px solid var(--rule); }
@media print {
  @page { size: A4; margin: 15mm 14mm; }
  html { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3, caption, thead, summary { break-after: avoid; page-break-after: avoid; }
  h2, h3, tr, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:nth-child(2), tbody tr:last-child { break-before: avoid; page-break-before: avoid; }
  figure svg { border: none; }
  .scroll { overflow: visible; }
  nav { display: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(esc("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(slug("agreement_cease_fire"), "agreement-cease-fire");
        assert_eq!(slug("<x> \"y\""), "x-y");
    }

    #[test]
    fn inlined_svgs_lose_their_fixed_size_and_declaration() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"1280\" height=\"720\" viewBox=\"0 0 1280 720\" xmlns=\"http://www.w3.org/2000/svg\">\n<text font-family=\"DejaVu Sans, sans-serif\">a &amp; b</text>\n</svg>\n";
        let s = inline_svg(svg, "A \"chart\"");
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1280 720\" role=\"img\" aria-label=\"A &quot;chart&quot;\">"));
        assert!(!s.contains("width=\"1280\""));
        assert!(s.contains("Verdana"));
        assert!(s.ends_with("</svg>"));
        roxmltree::Document::parse(&s).unwrap();
    }
}
