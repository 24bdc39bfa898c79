//! What observatory pages show: figures written the French way, sentences that say them in words,
//! data tables, and the charts drawn from the same numbers (every chart comes with a table of
//! exactly the figures it draws).
//!
//! Views are plain data built per page from the shared [`Figures`](crate::derive::figures::Figures);
//! nothing here copies the data set, and nothing here writes HTML: the theme's templates and
//! partials (`partials/data-table.html`, `partials/figure.html`, …) do, in the render stage.
//!
//! - [`table`]: the view models every page shows figures with (tables, charts, key figures);
//! - [`words`]: amounts, counts, spans and bands in French;
//! - [`groups`]: a group of residences' evolution and spread, quartiles side by side;
//! - [`overview`]: the observatory page; [`commune`]: a commune page; [`finder`]: the
//!   "Trouver ma résidence" page;
//! - [`residence`]: a residence's summary in words; [`charts`]: its charts and tables;
//! - [`inline`]: figures and links for the shortcodes of Markdown pages;
//! - [`cuts`]: the labels a chart had to shorten, told to the author.

pub mod charts;
pub mod commune;
pub mod cuts;
pub mod finder;
pub mod groups;
pub mod inline;
pub mod job;
pub mod licence;
pub mod overview;
pub mod residence;
pub mod summary;
pub mod table;
pub mod words;

pub use charts::residence_evolution;
pub use commune::{commune, CommuneView};
pub use finder::{finder, FinderCommune, FinderResidence, FinderView};
pub use groups::{group_evolution, quartiles_table, spread};
pub use licence::{open_data, OpenDataView};
pub use overview::{communes_table, observatory, CategoryView, ObservatoryView};
pub use residence::{residence, TYPICAL_FLAT_M2};
pub use summary::{NoteView, ResidenceCharts, ResidenceSummary};
pub use table::{ChartLink, DataTable, Figure, KeyFigure, TableRow};
pub use words::per_m2_words;
