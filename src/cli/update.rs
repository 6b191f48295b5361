//! `lienthong update TEXT|@FILE`: one SPARQL update, applied as the administrator, with the
//! search index following it.

use super::{open_store, text_arg};
use crate::sparql::{self, UpdateRequest};
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct UpdateArgs {
    update: String,
}

pub fn run(store: &Path, args: UpdateArgs) -> Result<ExitCode> {
    let cat = open_store(store)?;
    crate::search::attach(&cat)?;
    sparql::run_update(
        &cat,
        &UpdateRequest {
            update: text_arg(&args.update)?,
            ..UpdateRequest::default()
        },
    )?;
    eprintln!("update applied");
    Ok(ExitCode::SUCCESS)
}
