//! `ensemble`: a static site generator for social landlords.
//!
//! The pipeline runs one way: [`site`] loads and validates every file once, [`derive`] computes
//! what pages share, [`render`] writes pages in parallel through [`output`], which swaps the new
//! site in atomically. [`build`] strings the stages together; [`cli`] is the command line.
// A `Diagnostic` is the error of every loader; it is built once per problem, on a cold path, so
// its size does not matter and boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod chart;
pub mod cli;
pub mod config;
pub mod content;
pub mod derive;
pub mod diagnostic;
pub mod linkcheck;
pub mod markdown;
pub mod observatory;
pub mod output;
pub mod poster;
pub mod progress;
pub mod rebuild;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod typography;
pub mod yaml;
