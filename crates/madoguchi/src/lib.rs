//! The madoguchi binary as a library: the command line, and the wiring of
//! every capability into one HTTP application (used by `main` and by the
//! end-to-end tests alike).

pub mod app;
pub mod bench;
pub mod cli;
pub mod demo_notices;
pub mod openapi;
