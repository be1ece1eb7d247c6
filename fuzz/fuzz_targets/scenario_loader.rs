//! Bytes → the whole scenario loader: UTF-8 check, TOML parse, overlay merge, validation, and (for
//! scenarios that validate and are small) one simulated run.
//!
//! The input is split at lines `#---` into up to three layers: the scenario and its `extends` parents,
//! merged as `extends` would merge them. Any result is fine; a panic, a hang or an abort is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    armistice::fuzz::scenario_loader(data);
});
