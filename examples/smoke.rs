//! Plays 200 runs of a scenario (the toy by default) and prints how many agreed and how fast (a quick check that the library works).
use armistice::*;
fn main() {
    let s = Scenario::load(
        std::env::args()
            .nth(1)
            .as_deref()
            .unwrap_or("ceasefire_toy"),
        &[],
    )
    .unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let m = Model::new(s);
    let t = std::time::Instant::now();
    let mut agreed = 0;
    let mut turns = 0u64;
    for r in 0..200 {
        let o = Simulation::new(&m, 1, r).run();
        if o.agreements[0].is_some() {
            agreed += 1;
            turns += o.agreements[0].unwrap() as u64;
        }
    }
    println!(
        "200 runs in {:?}; agreed {agreed}, mean turn {}",
        t.elapsed(),
        turns as f64 / agreed.max(1) as f64
    );
    let (o, tr) = Simulation::new(&m, 1, 0).run_traced();
    println!("{:?}", o);
    for e in tr.iter().take(12) {
        println!("{}", serde_json::to_string(e).unwrap());
    }
}
