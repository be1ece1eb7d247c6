//! `--set PATH=VALUE` arguments (one per input line) applied to the example scenario, then validated
//! and, if small enough, run once. Any result is fine; a panic, a hang or an abort is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    armistice::fuzz::set_paths(data);
});
