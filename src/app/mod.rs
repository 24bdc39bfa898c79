//! The application around the pipeline: the command line, the preview server with its
//! incremental rebuilds, `new` and `generate-data`.

pub mod cli;
pub mod generate;
pub mod help;
pub mod http;
pub mod import;
pub mod import_residences;
pub mod rebuild;
pub mod scaffold;
pub mod serve;
