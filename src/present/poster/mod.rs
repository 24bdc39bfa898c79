//! What goes on paper: text size estimates that choose the content of each poster before it is
//! rendered.

pub mod fit;
