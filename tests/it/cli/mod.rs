//! The binary as a user drives it: commands end to end, `serve --demo`, and the store's
//! import/export.
mod commands;
mod demo;
mod store_io;
