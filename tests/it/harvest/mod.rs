//! Harvesting from fake sources (`support::mock`): CKAN, the other kinds, faults, the CLI.
mod ckan;
mod cli;
mod faults;
mod kinds;
