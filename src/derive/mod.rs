//! Derive stage: pure functions of the loaded site, computed once per build: addresses, menus
//! and link targets of the contract, and every figure of the observatory.

pub mod completeness;
pub mod contract;
pub mod figures;
pub mod outputs;
pub mod results;
pub mod sections;
