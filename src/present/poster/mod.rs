//! What goes on paper: the hall posters and the A4 synthesis as view models, built before
//! rendering from estimated text sizes so that each poster is always one sheet.
//!
//! Every poster is one HTML page under `affiches/` whose print CSS fixes the page box (A3
//! portrait by default, A4 as an option: the same design at 70,7 %). What goes on it is chosen
//! here from the estimates of [`fit`] and the design of [`layout`]: whole commitments
//! ([`items`]) and contacts ([`contacts`]) are kept or left out; the longest commitments are
//! shortened (with a warning) only when every theme would not fit otherwise. The CSS still clips
//! as a last resort, so a poster can never spill onto a second sheet.
//!
//! One module per poster kind builds its [`PosterPage`] from plain inputs ([`Inputs`]) and
//! returns its warnings with it; the render stage only reports them and fills the templates:
//!
//! - [`residence`]: `affiches/<slug>/`, one per residence with charges;
//! - [`contract`]: `affiches/engagements/`, every theme, both parties;
//! - [`synthesis`]: `affiches/synthese/`, the contract on one A4 sheet, recto-verso;
//! - [`index`]: `affiches/`, every poster by commune with print instructions.

pub mod contacts;
pub mod contract;
pub mod fit;
pub mod frame;
pub mod index;
pub mod inputs;
pub mod items;
pub mod layout;
pub mod page;
pub mod residence;
pub mod synthesis;

pub use inputs::Inputs;
pub use page::{PosterPage, RESIDENCE_CHART};
