//! Free parameters: `--set` paths with the range a user may explore.

use super::ctx::Ctx;
use crate::scenario::Parameter;
use crate::scenario::load::Override;
use crate::scenario::raw::RawFile;

/// Validates every `[[parameter]]` (its value at the path is filled in after loading).
pub(super) fn parameters(c: &mut Ctx, raw: &RawFile) -> Vec<Parameter> {
    let mut out = Vec::new();
    for p in &raw.parameter {
        let p = p.get_ref();
        let low = c.finite(&p.low, "`low`");
        let high = c.finite(&p.high, "`high`");
        if low > high {
            c.err(
                p.low.span(),
                format!(
                    "parameter `{}`: low {low} is above high {high}",
                    p.path.get_ref()
                ),
                Some("swap them".to_string()),
            );
        }
        if let Err(m) = Override::parse(&format!("{}=0", p.path.get_ref())) {
            c.err(
                p.path.span(),
                m,
                Some("a `--set` path such as `actor.North.discount`".to_string()),
            );
        }
        out.push(Parameter {
            path: p.path.get_ref().clone(),
            low,
            high,
            label: p.label.clone().unwrap_or_else(|| p.path.get_ref().clone()),
            calibrate: p.calibrate.unwrap_or(false),
            value: None,
            integer: false,
            cite: Default::default(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{MINIMAL, messages};

    #[test]
    fn a_range_out_of_order_and_an_empty_path_part_are_refused() {
        let m = messages(&format!(
            "{MINIMAL}\n[[parameter]]\npath = \"actor..discount\"\nlow = 0.9\nhigh = 0.5\n"
        ));
        assert!(
            m.iter()
                .any(|m| m == "parameter `actor..discount`: low 0.9 is above high 0.5"),
            "{m:?}"
        );
        assert!(m.iter().any(|m| m.contains("has an empty part")), "{m:?}");
    }
}
