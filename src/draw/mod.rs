//! Drawing: accessible SVG charts and QR codes, from plain numbers and strings. Pure functions
//! that know nothing of the site.

pub mod chart;
pub mod qr;
