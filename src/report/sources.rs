//! Section `#sources`: what the scenario cites.

use super::*;

impl Page {
    pub(super) fn sources(&mut self, s: &Scenario, cited: &[(String, String)]) {
        self.section("sources", "Sources");
        if s.sources.is_empty() && cited.is_empty() {
            self.p("The scenario cites no sources.");
            return;
        }
        if !s.sources.is_empty() {
            self.p("The scenario cites:");
            self.body.push_str("<ul>\n");
            for src in &s.sources {
                let _ = writeln!(self.body, "<li>{}</li>", esc(src));
            }
            self.body.push_str("</ul>\n");
        }
        if !cited.is_empty() {
            let rows: Vec<Vec<Cell>> = cited.iter().map(|(w, src)| vec![t(w), t(src)]).collect();
            table(
                &mut self.body,
                "Sources cited for individual parts of the scenario",
                &[t("Part"), t("Source")],
                &rows,
            );
        }
    }
}
