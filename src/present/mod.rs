//! Present stage: what pages show, as view models and French sentences, built from the model
//! and the derived figures. No I/O and no templates here.

pub mod contract;
pub mod inline;
pub mod markdown;
pub mod observatory;
pub mod poster;
pub mod raw_html;
pub mod results;
pub mod revision;
pub mod sections;
