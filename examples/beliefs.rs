//! Prints the belief report of a scenario: `cargo run --release --example beliefs -- SCENARIO [RUNS]`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let m = armistice::Model::new(armistice::Scenario::load(&a[1], &[]).unwrap());
    let runs = a.get(2).and_then(|x| x.parse().ok()).unwrap_or(500);
    let t = std::time::Instant::now();
    let r = armistice::engine::beliefs::measure(&m, runs, 1, 50);
    println!(
        "{} runs in {:.2?}; solver {:?}",
        runs,
        t.elapsed(),
        m.solver_stats()
    );
    for row in &r.rows {
        println!(
            "{:8} {:28} {:28} n={:6} pred {:.3} real {:.3} err {:.3}{}",
            row.actor,
            row.about,
            row.kind,
            row.occasions,
            row.predicted,
            row.realized,
            row.abs_error,
            if row.counted { "" } else { " (not counted)" }
        );
    }
    println!(
        "mean_abs_error {:.4} max {:.4} over {} kinds",
        r.mean_abs_error, r.max_abs_error, r.kinds
    );
}
