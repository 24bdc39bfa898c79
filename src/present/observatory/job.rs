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
        .map(|i| each(&job(observatory, figures, i)))
        .sum()
}

/// [`residence_jobs`] for the residences at `indices` only (`serve`'s first pages after a data
/// edit); an index out of range is skipped.
pub fn some_residence_jobs<F>(
    observatory: &Observatory,
    figures: &Figures,
    indices: &[usize],
    each: F,
) -> usize
where
    F: Fn(&ResidenceJob<'_>) -> usize + Sync,
{
    indices
        .par_iter()
        .filter(|&&i| i < observatory.residences.len() && i < figures.residences.len())
        .map(|&i| each(&job(observatory, figures, i)))
        .sum()
}

fn job<'a>(observatory: &'a Observatory, figures: &'a Figures, i: usize) -> ResidenceJob<'a> {
    let (summary, charts) = super::residence::residence(observatory, figures, i);
    ResidenceJob {
        index: i,
        residence: &observatory.residences[i],
        figures: &figures.residences[i],
        summary,
        charts,
    }
}
