//! Portable floating-point functions: the same bits on every platform.
//!
//! `f64::exp`, `f64::ln`, `f64::powf` and friends call the platform's math library, which differs
//! between glibc, macOS, Windows and the WebAssembly runtime in the last bit of some results. A
//! simulation that branches on such numbers (a logit choice against a uniform draw) would then play
//! differently on different machines. Every transcendental function the crate needs goes through this
//! module, which uses the `libm` crate (a pure-Rust port of musl's libm, identical everywhere);
//! `clippy.toml` forbids the `f64` methods so nothing slips past it. `sqrt`, `floor`, `ceil`,
//! `round`, `abs`, `min` and `max` are exact in IEEE 754 and stay as they are.

/// e^x.
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// The natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// The base-10 logarithm.
#[inline]
pub fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// x^y.
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// x^n for an integer n, by repeated squaring (exact operation order on every platform, unlike
/// `f64::powi`, whose lowering is left to the compiler).
#[inline]
pub fn powi(x: f64, n: i32) -> f64 {
    let mut base = if n < 0 { 1.0 / x } else { x };
    let mut e = n.unsigned_abs();
    let mut acc = 1.0;
    while e > 0 {
        if e & 1 == 1 {
            acc *= base;
        }
        base *= base;
        e >>= 1;
    }
    acc
}

/// The logistic function 1 / (1 + e^(−z)), saturating at 0 and 1 far from the origin.
#[inline]
pub fn logistic(z: f64) -> f64 {
    if z > 40.0 {
        1.0
    } else if z < -745.0 {
        0.0
    } else {
        1.0 / (1.0 + exp(-z))
    }
}

/// The standard normal quantile function Φ⁻¹(p) for p in (0, 1): Wichura (1988), "Algorithm AS 241:
/// The Percentage Points of the Normal Distribution", *Applied Statistics* 37(3), 477–484 (PPND16,
/// relative accuracy about 1e-16). Out-of-range p is clamped to the smallest and largest doubles
/// strictly inside (0, 1).
#[allow(clippy::unreadable_literal, clippy::excessive_precision)]
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 8] = [
        3.3871328727963666080,
        133.14166789178437745,
        1971.5909503065514427,
        13731.693765509461125,
        45921.953931549871457,
        67265.770927008700853,
        33430.575583588128105,
        2509.0809287301226727,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313330701600911252,
        687.18700749205790830,
        5394.1960214247511077,
        21213.794301586595867,
        39307.895800092710610,
        28729.085735721942674,
        5226.4952788528544610,
    ];
    const C: [f64; 8] = [
        1.42343711074968357734,
        4.63033784615654529590,
        5.76949722146069140550,
        3.64784832476320460504,
        1.27045825245236838258,
        0.241780725177450611770,
        0.0227238449892691845833,
        7.74545014278341407640e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.05319162663775882187,
        1.67638483018380384940,
        0.689767334985100004550,
        0.148103976427480074590,
        0.0151986665636164571966,
        5.47593808499534494600e-4,
        1.05075007164441684324e-9,
    ];
    const E: [f64; 8] = [
        6.65790464350110377720,
        5.46378491116411436990,
        1.78482653991729133580,
        0.296560571828504891230,
        0.0265321895265761230930,
        0.00124266094738807843860,
        2.71155556874348757815e-5,
        2.01033439929228813265e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599832206555887937690,
        0.136929880922735805310,
        0.0148753612908506148525,
        7.86869131145613259100e-4,
        1.84631831751005468180e-5,
        1.42151175831644588870e-7,
        2.04426310338993978564e-15,
    ];
    // Horner's rule, highest coefficient first.
    fn poly(c: &[f64; 8], x: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
    }
    let p = p.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-ln(r)).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -z } else { z }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_known_points() {
        // Φ⁻¹ at standard points (tables to 15 digits).
        for (p, z) in [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.025, -1.959_963_984_540_054),
            (0.841_344_746_068_542_9, 1.0),
            (1e-10, -6.361_340_902_404_056),
            (0.999_999_9, 5.199_337_582_192_817),
        ] {
            assert!(
                (normal_quantile(p) - z).abs() < 1e-9,
                "{p}: {}",
                normal_quantile(p)
            );
        }
        assert!(normal_quantile(0.0).is_finite() && normal_quantile(1.0).is_finite());
    }

    #[test]
    fn powi_is_exact_for_small_powers_and_handles_negatives() {
        assert_eq!(powi(3.0, 4), 81.0);
        assert_eq!(powi(2.0, -2), 0.25);
        assert_eq!(powi(0.5, 0), 1.0);
        assert!((powi(0.995, 52) - pow(0.995, 52.0)).abs() < 1e-14);
    }

    #[test]
    fn logistic_saturates_without_overflow() {
        assert_eq!(logistic(1e6), 1.0);
        assert_eq!(logistic(-1e6), 0.0);
        assert!((logistic(0.0) - 0.5).abs() < 1e-16);
    }

    #[test]
    fn value_stability() {
        // Pinned bits: these must not change on any platform (they are libm's, not the system's).
        // libm's e^1 is one unit in the last place above the correctly rounded e (0x…5769), which
        // glibc returns: exactly the kind of difference this module exists to remove.
        assert_eq!(exp(1.0).to_bits(), 0x4005_bf0a_8b14_576a);
        assert_eq!(exp(-0.7).to_bits(), 0x3fdf_c80d_b9dd_5542);
        assert_eq!(ln(10.0).to_bits(), 0x4002_6bb1_bbb5_5516);
    }
}
