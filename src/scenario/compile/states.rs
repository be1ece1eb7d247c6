//! Payoff dimensions and state variables.

use super::ctx::Ctx;
use super::ids::Names;
use crate::scenario::raw::RawFile;
use crate::scenario::{Dimension, StateVar};

/// The payoff dimensions (nothing to check beyond their ids).
pub(super) fn dimensions(raw: &RawFile) -> Vec<Dimension> {
    raw.dimension
        .iter()
        .map(|d| {
            let d = d.get_ref();
            Dimension {
                id: d.id.get_ref().clone(),
                label: d.label.clone().unwrap_or_else(|| d.id.get_ref().clone()),
                unit: d.unit.clone().unwrap_or_default(),
                cite: Default::default(),
            }
        })
        .collect()
}

fn bound(v: f64) -> String {
    if v.abs() >= f64::MAX {
        "unbounded".to_string()
    } else {
        v.to_string()
    }
}

/// The state variables: finite bounds in order, the initial value inside them, drift and noise.
pub(super) fn states(c: &mut Ctx, raw: &RawFile, names: &Names) -> Vec<StateVar> {
    let mut out = Vec::new();
    for s in &raw.state {
        let s = s.get_ref();
        let initial = c.finite(&s.initial, "`initial`");
        let min = s
            .min
            .as_ref()
            .map(|m| c.finite(m, "`min`"))
            .unwrap_or(f64::MIN);
        let max = s
            .max
            .as_ref()
            .map(|m| c.finite(m, "`max`"))
            .unwrap_or(f64::MAX);
        if min > max {
            c.err(
                s.min.as_ref().map(|m| m.span()).unwrap_or(s.id.span()),
                format!("state `{}`: min {min} is above max {max}", s.id.get_ref()),
                Some("swap them".to_string()),
            );
        } else if initial < min || initial > max {
            c.err(
                s.initial.span(),
                format!(
                    "state `{}`: initial value {initial} is outside [{}, {}]",
                    s.id.get_ref(),
                    bound(min),
                    bound(max)
                ),
                Some("move it inside the bounds".to_string()),
            );
        }
        let drift = s
            .drift
            .as_ref()
            .and_then(|d| c.expr_value(d, names, "`drift`"));
        let noise = s
            .noise
            .as_ref()
            .map(|n| c.in_range(n, 0.0, f64::MAX, "`noise`", "a standard deviation is ≥ 0"))
            .unwrap_or(0.0);
        let resolution = resolution(c, s.resolution.as_ref(), s.id.get_ref(), min, max);
        out.push(StateVar {
            id: s.id.get_ref().clone(),
            label: s.label.clone().unwrap_or_else(|| s.id.get_ref().clone()),
            unit: s.unit.clone().unwrap_or_default(),
            initial,
            min,
            max,
            drift,
            noise,
            resolution,
            cite: Default::default(),
        });
    }
    out
}

/// The grain at which a state is perceived: as declared (positive, finite, at most `max − min`),
/// else (`max − min`) / 16, or 0 (no rounding) when a bound is not given.
fn resolution(c: &mut Ctx, r: Option<&toml::Spanned<f64>>, id: &str, min: f64, max: f64) -> f64 {
    let range = max - min;
    let bounded = min > f64::MIN && max < f64::MAX && range.is_finite();
    let Some(r) = r else {
        return if bounded { range / 16.0 } else { 0.0 };
    };
    let x = *r.get_ref();
    if !x.is_finite() {
        return c.finite(r, "`resolution`");
    }
    if x <= 0.0 {
        c.err(
            r.span(),
            format!("state `{id}`: `resolution` is {x}; it must be positive"),
            Some(
                "the step of the grid actors perceive the state on, e.g. a tenth of its range"
                    .to_string(),
            ),
        );
    } else if bounded && x > range {
        c.err(
            r.span(),
            format!("state `{id}`: `resolution` {x} is larger than its range {range} (max − min)"),
            Some(format!(
                "a step of at most {range}; the default is {}",
                range / 16.0
            )),
        );
    }
    x
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages, with_state};

    #[test]
    fn bounds_out_of_order_and_an_initial_value_outside_them_are_refused() {
        let m = messages(&with_state("initial = 0.0\nmin = 1.0\nmax = -1.0"));
        assert!(
            m.iter()
                .any(|m| m == "state `front`: min 1 is above max -1"),
            "{m:?}"
        );
        let m = messages(&with_state("initial = 5.0\nmax = 1.0"));
        assert!(
            m.iter()
                .any(|m| m == "state `front`: initial value 5 is outside [unbounded, 1]"),
            "{m:?}"
        );
    }

    #[test]
    fn resolution_defaults_to_a_sixteenth_of_the_range_and_is_checked() {
        let s = |body: &str| {
            crate::Scenario::from_toml("s.toml", &with_state(body)).map(|s| s.states[0].resolution)
        };
        assert_eq!(s("initial = 0.0\nmin = -1.0\nmax = 1.0").unwrap(), 0.125);
        assert_eq!(s("initial = 0.0").unwrap(), 0.0);
        assert_eq!(
            s("initial = 0.0\nmin = 0.0\nmax = 1.0\nresolution = 0.05").unwrap(),
            0.05
        );
        for (r, want) in [
            ("0.0", "`resolution` is 0; it must be positive"),
            ("-0.5", "`resolution` is -0.5; it must be positive"),
            (
                "2.0",
                "`resolution` 2 is larger than its range 1 (max − min)",
            ),
            ("nan", "`resolution` is NaN; numbers must be finite"),
        ] {
            let m = messages(&with_state(&format!(
                "initial = 0.0\nmin = 0.0\nmax = 1.0\nresolution = {r}"
            )));
            assert!(m.iter().any(|m| m.ends_with(want)), "{r}: {m:?}");
        }
    }

    #[test]
    fn negative_noise_and_bad_drift_are_refused() {
        let m = messages(&with_state("initial = 0.0\nnoise = -1.0"));
        assert!(
            m.iter().any(|m| m.contains("`noise` is -1, outside")),
            "{m:?}"
        );
        let m = messages(&with_state("initial = 0.0\ndrift = \"fromt\""));
        assert!(
            m.iter()
                .any(|m| m.starts_with("in `drift`: unknown name `fromt`")),
            "{m:?}"
        );
    }
}
