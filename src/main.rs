//! The `lienthong` binary: logging to standard error (`LIENTHONG_LOG`, default `info`), then
//! the command line ([`lienthong::cli`]); a failure to run a command prints `error: ...` and
//! exits 2.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LIENTHONG_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = lienthong::cli::Cli::parse();
    match lienthong::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
