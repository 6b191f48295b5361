//! The validation gate: policies on import, quarantine, `/api/validation`, `lienthong validate`.
mod policy;
mod validate_cli;
