//! `ensemble`: a static site generator for social landlords.
//!
//! Data flows one way through stages, one folder each (see ARCHITECTURE.md):
//! [`core`] (diagnostics, typography, escaping, output paths; imports nothing of the crate) →
//! [`draw`] (charts and QR codes, pure) → [`model`] (plain data) → [`load`] (the only reader of
//! author files) → [`derive`] (figures and shared views, pure) → [`present`] (view models and
//! French sentences) → [`render`] (the only caller of Tera) → [`write`] (the only writer of
//! the output). [`pipeline`] names the stages; [`app`] is the command line, serve, new and
//! generate-data.
// A `Diagnostic` is the error of every loader; it is built once per problem, on a cold path, so
// its size does not matter and boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod app;
pub mod core;
pub mod derive;
pub mod draw;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod present;
pub mod render;
pub mod write;
