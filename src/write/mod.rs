//! Write stage: the only writer. The staging folder and its atomic swap into the output, PDF
//! printing of the posters, the link check of the written site, and the files `new` and
//! `generate-data` create.

mod cdp;
pub mod files;
pub mod folder;
pub mod import;
pub mod linkcheck;
pub mod manifest;
pub mod memory;
pub mod output;
pub mod pdf;
pub mod pdf_file;
pub mod print_cache;
pub mod published;
pub mod tree;
pub mod update;
