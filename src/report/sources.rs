//! Section `#sources`: what the scenario cites — each part's `source` with the numbers of the works
//! it rests on, and the numbered bibliography of those works, with links where a stable address
//! exists.

use super::*;

impl Page {
    pub(super) fn sources(&mut self, s: &Scenario) {
        self.section("sources", "Sources");
        let works = s.cited_works();
        let parts: Vec<_> = s
            .citations()
            .into_iter()
            .filter(|c| !c.cite.source.trim().is_empty())
            .collect();
        if s.sources.is_empty() && parts.is_empty() && works.is_empty() {
            self.p("The scenario cites no sources.");
            return;
        }
        // The number of a work is its place in the bibliography below.
        let refs = |keys: &[crate::scenario::Cite]| -> String {
            let mut ws = Vec::new();
            s.bibliography.works_of(keys, &mut ws);
            ws.iter()
                .filter_map(|w| works.iter().position(|x| x == w))
                .map(|n| {
                    format!(
                        "<a href=\"#ref-{}\">[{}]</a>",
                        esc(&s.bibliography.works[works[n]].id),
                        n + 1
                    )
                })
                .collect::<Vec<_>>()
                .join("")
        };
        if !s.sources.is_empty() {
            self.p("The scenario cites:");
            self.body.push_str("<ul>\n");
            for src in &s.sources {
                let _ = writeln!(self.body, "<li>{}</li>", esc(src));
            }
            self.body.push_str("</ul>\n");
        }
        if !parts.is_empty() {
            let rows: Vec<Vec<Cell>> = parts
                .iter()
                .map(|c| {
                    let numbers = refs(&c.cite.keys);
                    let text = esc(c.cite.source.trim());
                    vec![
                        t(format!("{} {}", c.kind, c.id)),
                        raw(if numbers.is_empty() {
                            text
                        } else {
                            format!("{text} {numbers}")
                        }),
                    ]
                })
                .collect();
            table(
                &mut self.body,
                "Sources cited for individual parts of the scenario (numbers: the works below)",
                &[t("Part"), t("Source")],
                &rows,
            );
        }
        if !works.is_empty() {
            self.body
                .push_str("<h3>Works cited</h3>\n<ol class=\"bibliography\">\n");
            for &w in &works {
                let work = &s.bibliography.works[w];
                let mut text = esc(&work.to_string());
                if let Some(u) = &work.url {
                    let u = esc(u);
                    text = text.replace(
                        &u,
                        &format!("<a class=\"work\" rel=\"noreferrer\" href=\"{u}\">{u}</a>"),
                    );
                }
                let _ = writeln!(self.body, "<li id=\"ref-{}\">{text}</li>", esc(&work.id));
            }
            self.body.push_str("</ol>\n");
        }
    }
}
