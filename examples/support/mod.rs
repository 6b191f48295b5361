//! Shared by the benchmark examples (each includes it with `#[path]`): numbers from the
//! command line and a `gen` catalogue written to an N-Triples file.
#![allow(dead_code)]

use lienthong::gen::{generate, GenOptions, GenStats};
use std::path::Path;
use std::str::FromStr;

/// The `i`-th command-line argument as a number, else `default`.
pub fn arg<T>(i: usize, default: T) -> anyhow::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    Ok(std::env::args()
        .nth(i)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(default))
}

/// Writes a `gen` catalogue of `datasets` datasets (default options otherwise) to `path`.
pub fn gen_file(path: &Path, datasets: usize) -> anyhow::Result<GenStats> {
    Ok(generate(
        &GenOptions {
            datasets,
            ..GenOptions::default()
        },
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?),
    )?)
}

/// Peak resident memory (VmHWM) of process `pid`, in KiB (Linux).
pub fn vm_hwm_kb(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
