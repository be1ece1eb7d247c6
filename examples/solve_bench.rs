//! Times solving a scenario's initial world: `cargo run --release --example solve_bench -- SCENARIO [N]`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let m = armistice::Model::new(armistice::Scenario::load(&a[1], &[]).unwrap());
    let n: u32 = a.get(2).and_then(|x| x.parse().ok()).unwrap_or(20);
    let t = std::time::Instant::now();
    let mut solves = 0;
    for _ in 0..n {
        solves += armistice::engine::solve::solve_initial(&m);
    }
    let e = t.elapsed();
    println!(
        "{n} × initial world: {solves} solutions in {e:.2?}: {:.1} µs per solution",
        e.as_secs_f64() * 1e6 / solves as f64
    );
}
