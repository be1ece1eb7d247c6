//! Prints a synthetic stalemate scenario for measuring how cost grows (`benches/scaling/run.sh`,
//! docs/performance.md "How cost grows"):
//!
//!     cargo run --release --example scaling_scenario -- ISSUES ACTORS HORIZON > scenario.toml

#[path = "../benches/scaling/scenario.rs"]
mod scenario;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    match args[..] {
        [issues, actors, horizon] if issues >= 1 && actors >= 2 && horizon >= 1 => {
            let horizon = u32::try_from(horizon).unwrap_or(u32::MAX);
            print!("{}", scenario::scaling_scenario(issues, actors, horizon));
        }
        _ => {
            eprintln!(
                "usage: scaling_scenario ISSUES ACTORS HORIZON (issues >= 1, actors >= 2, horizon >= 1)"
            );
            std::process::exit(2);
        }
    }
}
