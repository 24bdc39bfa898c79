//! The integration tests of `ensemble`: one test binary, one module per feature. Most tests copy
//! a fixture site of `tests/fixtures/` into a temporary folder, change a file or two, and run
//! the real `ensemble` binary on it; `cases` runs the bad-input cases of `tests/cases/`, and
//! `snapshots` compares representative pages with the snapshots in `snapshots/`. See
//! `tests/README.md`.

mod support;

mod architecture;
mod cases;
mod example;
mod import;
mod import_residences;
mod incremental;
mod messages;
mod news;
mod observatory;
mod open_data;
mod output;
mod plurals;
mod posters;
mod readers;
mod rebuild;
mod render_skip;
mod results;
mod scaffold;
mod serve;
mod site;
mod snapshots;
