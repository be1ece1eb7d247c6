//! Section `#chronicle`: one run told move by move.

use super::*;

impl Page {
    pub(super) fn chronicle(
        &mut self,
        spec: &str,
        overrides: &[Override],
        seed: u64,
        run_seed: u64,
        text: &str,
    ) {
        self.section("chronicle", "A sample chronicle: run 0");
        let sets: String = overrides
            .iter()
            .map(|o| format!(" --set {}", shell_word(&o.to_arg())))
            .collect();
        self.p(&format!(
            "One run told move by move: each decision, the options the actor weighed with their expected utilities and choice probabilities, and why. Run 0 of seed {seed} (its own seed {run_seed}); routine decisions are left out (`armistice trace {} --run 0 --seed {seed}{sets} --all` shows them).",
            shell_word(spec)
        ));
        let _ = writeln!(
            self.body,
            "<pre class=\"chronicle\">{}</pre>",
            esc(text.trim_end())
        );
    }
}
