//! Times N single-threaded runs of a scenario (a quick probe; the real benches are in benches/).
use armistice::*;
fn main() {
    let spec = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "ceasefire_toy".into());
    let n: u64 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let m = Model::new(Scenario::load(&spec, &[]).unwrap());
    let t = std::time::Instant::now();
    let mut turns = 0u64;
    // As the batch runner does: one simulation, restarted for each run.
    let mut sim = Simulation::new(&m, 1, 0);
    for r in 0..n {
        sim.restart(1, r);
        turns += sim.play().turns as u64;
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{spec}: {n} runs in {s:.3}s = {:.0} runs/s, {:.1} turns/run, {:.2} µs/turn",
        n as f64 / s,
        turns as f64 / n as f64,
        s * 1e6 / turns as f64
    );
    let (c, l) = m.solver_stats();
    println!("solutions computed {c}, lookups {l}");
    // The same runs again: every solution is now in the store (if it kept them), so this is the
    // cost of playing runs against stored policies.
    let t = std::time::Instant::now();
    for r in 0..n {
        sim.restart(1, r);
        sim.play();
    }
    let s2 = t.elapsed().as_secs_f64();
    let (c2, l2) = m.solver_stats();
    println!(
        "again: {s2:.3}s = {:.0} runs/s ({} more solutions computed, {} store lookups)",
        n as f64 / s2,
        c2 - c,
        l2 - l
    );
}
