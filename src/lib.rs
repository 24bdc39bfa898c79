//! `ensemble`: a static site generator for social landlords.
pub mod chart;
pub mod typography;
