//! One residence with everything derived for it, computed once for its page and its poster.

use super::summary::{ResidenceCharts, ResidenceSummary};
use crate::derive::figures::{Figures, ResidenceFigures};
use crate::model::observatory::{Observatory, Residence};
use rayon::prelude::*;

/// One residence, with everything derived for it, computed once.
pub struct ResidenceJob<'a> {
    pub index: usize,
    pub residence: &'a Residence,
    pub figures: &'a ResidenceFigures,
    pub summary: ResidenceSummary,
    pub charts: ResidenceCharts,
}

/// Computes each residence's summary and charts once, in parallel, and hands the job to `each`.
/// Returns the sum of what `each` returns.
pub fn residence_jobs<F>(observatory: &Observatory, figures: &Figures, each: F) -> usize
where
    F: Fn(&ResidenceJob<'_>) -> usize + Sync,
{
    (0..observatory.residences.len())
        .into_par_iter()
        .map(|i| {
            let (summary, charts) = super::residence::residence(observatory, figures, i);
            let job = ResidenceJob {
                index: i,
                residence: &observatory.residences[i],
                figures: &figures.residences[i],
                summary,
                charts,
            };
            each(&job)
        })
        .sum()
}
