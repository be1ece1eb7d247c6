//! Criterion benchmarks with fixed seeds: one run of each shipped scenario, the logit choice step,
//! summary merging, the NegMAS peer race (`aspiration_4x10`), and how the cost of a turn grows with
//! the number of issues (the synthetic stalemates of `benches/scaling/`). Numbers and machines are
//! recorded in docs/performance.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use armistice::engine::{Model, Simulation};
use armistice::outcome::Summary;
use armistice::scenario::embedded;
use armistice::{Scenario, strategy};

#[path = "scaling/scenario.rs"]
mod scaling;

fn one_run(c: &mut Criterion) {
    let mut g = c.benchmark_group("one_run");
    for e in embedded::ALL.iter() {
        let m = Model::new(Scenario::load(e.name, &[]).expect("embedded scenarios load"));
        let mut r = 0u64;
        // One simulation restarted for each run, as the batch runner does; the runs cycle through
        // 1,000 indices, so that after the warm-up most of their perceived worlds are solved.
        let mut sim = Simulation::new(&m, 1, 0);
        g.bench_function(BenchmarkId::from_parameter(e.name), |b| {
            b.iter(|| {
                r += 1;
                sim.restart(1, r % 1000);
                black_box(sim.play())
            })
        });
    }
    g.finish();
}

fn logit_step(c: &mut Criterion) {
    let eu = [0.31, 0.29, -1.2];
    let mut p = Vec::with_capacity(3);
    c.bench_function("logit_choice", |b| {
        b.iter(|| {
            strategy::logit::probabilities(black_box(&eu), black_box(40.0), &mut p);
            black_box(strategy::logit::pick(&p, black_box(0.6)))
        })
    });
}

fn summary_merge(c: &mut Criterion) {
    let m = Model::new(Scenario::load(embedded::default_name(), &[]).expect("default loads"));
    let s = &m.scenario;
    let mut a = Summary::new(s);
    let mut b = Summary::new(s);
    for r in 0..256 {
        let o = Simulation::new(&m, 2, r).with_path().run();
        if r % 2 == 0 {
            a.add(s, &o)
        } else {
            b.add(s, &o)
        }
    }
    c.bench_function("summary_merge", |bench| {
        bench.iter(|| {
            let mut x = a.clone();
            x.merge(black_box(&b));
            black_box(x.runs)
        })
    });
}

/// The NegMAS race workload (benches/peers/): a run as the batch runner plays it (one simulation
/// restarted, the model's package schedules made once, turns skipped), the same run turn by turn
/// through the engine, and a negotiation from scratch (the model, its sorted packages and schedules
/// built anew each time, as NegMAS builds its negotiators' sorted outcomes for every negotiation).
fn peer_race(c: &mut Criterion) {
    let s = Scenario::load("aspiration_4x10", &[]).expect("embedded scenarios load");
    let m = Model::new(s.clone());
    let mut g = c.benchmark_group("peer_race");
    let mut sim = Simulation::new(&m, 1, 0);
    let mut r = 0u64;
    g.bench_function("batch_run", |b| {
        b.iter(|| {
            r += 1;
            sim.restart(1, r);
            black_box(sim.play())
        })
    });
    g.bench_function("turn_by_turn", |b| {
        b.iter(|| black_box(Simulation::new(&m, 1, 0).turn_by_turn().run()))
    });
    g.bench_function("from_scratch", |b| {
        b.iter(|| {
            let fresh = Model::new(s.clone());
            black_box(Simulation::new(&fresh, 1, 0).run())
        })
    });
    g.finish();
}

/// One run of the synthetic stalemate with 1 to 10 issues (two hard-liner leads, 100 turns, every
/// run plays all of them): the issue-scaling curve of docs/performance.md ("How cost grows"). The
/// runs cycle through 1,000 indices, so that after the warm-up most perceived worlds are solved;
/// beyond 10 issues the first solves alone take minutes (the lattice of settlements is exponential in
/// the issues pending at once: performance.md).
fn issue_scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("issue_scaling");
    for issues in [1, 2, 4, 6, 8, 10] {
        let text = scaling::scaling_scenario(issues, 2, 100);
        let s = Scenario::from_toml("scaling", &text).expect("the scaling scenario loads");
        let m = Model::new(s);
        let mut sim = Simulation::new(&m, 1, 0);
        let mut r = 0u64;
        g.bench_function(BenchmarkId::from_parameter(issues), |b| {
            b.iter(|| {
                r += 1;
                sim.restart(1, r % 1000);
                black_box(sim.play())
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    one_run,
    logit_step,
    summary_merge,
    peer_race,
    issue_scaling
);
criterion_main!(benches);
