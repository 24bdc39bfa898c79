//! Plain data, as loaded: the site configuration, the contract and its pages, the observatory.
//! No I/O and no rendering here; every later stage reads these types by reference.

pub mod categories;
pub mod config;
pub mod contract;
pub mod indicator;
pub mod observatory;
pub mod results;
pub mod site;
