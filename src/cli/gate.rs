//! The validation options of `lienthong import` (`--on-invalid`, `--shapes`, `--no-validate`),
//! the shapes loading `import` and `quarantine revalidate` share, and the one-line summary of a
//! gated import. The gate itself is [`crate::validation`].

use crate::gate::{GateConfig, GateSummary, OnInvalid, Origin, Shapes};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Validation options of `lienthong import`.
#[derive(clap::Args, Debug, Clone)]
pub struct GateArgs {
    /// What to do with records that violate the shapes: reject (nothing is imported, exit 1),
    /// quarantine (they wait in graph/quarantine/...; the rest is imported), accept (all in).
    #[arg(long, value_enum, default_value_t = OnInvalidArg::Quarantine)]
    pub on_invalid: OnInvalidArg,
    /// Shapes to validate with (Turtle); default: the embedded shapes/dcat-ap-vn.ttl.
    #[arg(long)]
    pub shapes: Option<PathBuf>,
    /// Skip validation entirely (trusted bulk loads).
    #[arg(long, conflicts_with = "on_invalid")]
    pub no_validate: bool,
}

/// The spellings of [`OnInvalid`] on the command line (same names, same help).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum OnInvalidArg {
    /// Nothing is written when any record has a violation; the command fails with the report.
    Reject,
    /// Conforming records go in; the others wait in a quarantine graph with their report.
    Quarantine,
    /// Everything goes in; reports are kept.
    Accept,
}

impl From<OnInvalidArg> for OnInvalid {
    fn from(a: OnInvalidArg) -> Self {
        match a {
            OnInvalidArg::Reject => OnInvalid::Reject,
            OnInvalidArg::Quarantine => OnInvalid::Quarantine,
            OnInvalidArg::Accept => OnInvalid::Accept,
        }
    }
}

impl GateArgs {
    /// The shapes, loaded once for every file of the command.
    pub fn shapes(&self) -> Result<Option<Arc<Shapes>>> {
        if self.no_validate {
            return Ok(None);
        }
        Ok(Some(Arc::new(load_shapes(self.shapes.as_deref())?)))
    }

    /// The gate for one imported file (`None` with `--no-validate`).
    pub fn config(&self, shapes: &Option<Arc<Shapes>>, file: &Path) -> Option<GateConfig> {
        shapes.as_ref().map(|s| GateConfig {
            shapes: s.clone(),
            policy: self.on_invalid.into(),
            origin: Origin::new(format!(
                "import:{}",
                file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            )),
        })
    }
}

/// The shapes file given, or the embedded DCAT-AP-VN shapes.
pub fn load_shapes(path: Option<&Path>) -> Result<Shapes> {
    Ok(match path {
        Some(p) => Shapes::from_file(p)?,
        None => Shapes::dcat_ap_vn()?,
    })
}

/// One line for the import summary.
pub fn summary_line(s: &GateSummary) -> String {
    let mut line = format!(
        "validation: {} record(s), {} conforming",
        s.records, s.conforming
    );
    if s.quarantined > 0 {
        line.push_str(&format!(
            ", {} quarantined (see `lienthong quarantine list`)",
            s.quarantined
        ));
    }
    if s.accepted_with_violations > 0 {
        line.push_str(&format!(
            ", {} accepted with violations",
            s.accepted_with_violations
        ));
    }
    line.push_str(&format!(
        "; {} violation(s), {} warning(s)",
        s.violations, s.warnings
    ));
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    /// Every domain policy has a command-line spelling (a new one fails to compile here).
    fn arg_of(p: OnInvalid) -> OnInvalidArg {
        match p {
            OnInvalid::Reject => OnInvalidArg::Reject,
            OnInvalid::Quarantine => OnInvalidArg::Quarantine,
            OnInvalid::Accept => OnInvalidArg::Accept,
        }
    }

    #[test]
    fn spellings_match_the_domain_names() {
        for a in OnInvalidArg::value_variants() {
            let p = OnInvalid::from(*a);
            let name = a.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(serde_json::to_value(p).unwrap(), name.as_str());
            assert_eq!(
                arg_of(p).to_possible_value().unwrap().get_name(),
                name.as_str()
            );
        }
    }
}
