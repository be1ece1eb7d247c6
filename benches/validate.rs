//! Criterion benchmarks of the scenario loader on hostile input: files of about 5 MB whose every
//! line, or one very long line, is wrong. Validation must stay linear in the size of the file
//! (issue: an error printed its whole line again, and 300,000 errors on one line took minutes and
//! gigabytes). Each input is built in memory; the shipped example is timed beside them as a
//! baseline.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use armistice::Scenario;

/// A small valid scenario the hostile inputs are built on.
const BASE: &str = include_str!("../scenarios/examples/ceasefire_toy.toml");

/// Side `SOUTH` vetoed by `n` actors that do not exist, all on one line (one error each).
fn unknown_vetoes(n: usize) -> String {
    let ids: Vec<String> = (0..n).map(|k| format!("\"u{k}\"")).collect();
    format!(
        "{BASE}\n[[side]]\nid = \"EXTRA\"\nlead = \"South\"\nveto = [{}]\n",
        ids.join(", ")
    )
}

/// `n` observed records of outcomes that do not exist (one error per table, on many lines).
fn unknown_outcomes(n: usize) -> String {
    let mut s = BASE.to_string();
    for k in 0..n {
        s.push_str(&format!(
            "\n[[observed]]\noutcome = \"agreement.nope{k}\"\nturn = 3\n"
        ));
    }
    s
}

fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.sample_size(10);
    let cases = [
        ("example", BASE.to_string()),
        ("unknown_vetoes_5mb", unknown_vetoes(470_000)),
        ("unknown_outcomes_5mb", unknown_outcomes(90_000)),
    ];
    for (name, text) in cases {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let r = Scenario::from_toml("bench.toml", black_box(&text));
                black_box(r.map_err(|e| e.to_string()).err())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
