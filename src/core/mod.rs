//! What every stage uses and nothing of the crate: diagnostics, French typography, escaping,
//! slugs, the output layout (every path and URL the site writes) and suggestions for typos.

pub mod colour;
pub mod diagnostic;
pub mod fingerprint;
pub mod html;
pub mod link;
pub mod number;
pub mod paths;
pub mod progress;
pub mod slug;
pub mod stats;
pub mod suggest;
pub mod typography;
pub mod url;
pub mod yes_no;
