//! `ensemble`: a static site generator for social landlords.
pub mod typography;
