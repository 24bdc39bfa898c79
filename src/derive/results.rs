//! The yearly results, derived once: for every indicator its values year by year, whether the
//! latest one keeps the commitment and how it moved since the year before; and the
//! completeness warnings, an indicator reported one year and missing the next (a missing
//! result is shown as missing, never as a zero).

use crate::core::diagnostic::Diagnostic;
use crate::model::contract::Content;
use crate::model::results::{Indicator, IndicatorRef, Results};

/// How the latest value moved since the year before, judged by the indicator's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Better,
    Worse,
    Same,
}

/// The latest reported value of an indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latest {
    pub year: i32,
    pub value: f64,
    pub met: bool,
    /// The value of the year just before, when there is one.
    pub previous: Option<f64>,
    pub trend: Option<Trend>,
}

#[derive(Debug, Clone)]
pub struct IndicatorFigures {
    pub at: IndicatorRef,
    /// One entry per year of results, oldest first: the value, or `None` when not reported.
    pub values: Vec<(i32, Option<f64>)>,
    pub latest: Option<Latest>,
}

/// Every indicator's figures, in the order of the contract.
#[derive(Debug, Clone, Default)]
pub struct ResultFigures {
    pub indicators: Vec<IndicatorFigures>,
}

impl ResultFigures {
    pub fn compute(content: &Content, results: &Results) -> ResultFigures {
        let indicators = results
            .indicators
            .iter()
            .filter_map(|&at| {
                let ind = indicator(content, at)?;
                let values: Vec<(i32, Option<f64>)> = results
                    .years
                    .iter()
                    .map(|y| (y.year, y.value(&ind.id).map(|v| v.value)))
                    .collect();
                let latest = latest(ind, &values);
                Some(IndicatorFigures { at, values, latest })
            })
            .collect();
        ResultFigures { indicators }
    }

    /// The figures of the indicator of commitment `commitment` of theme `theme`, if it has one.
    pub fn of(&self, theme: usize, commitment: usize) -> Option<&IndicatorFigures> {
        self.indicators
            .iter()
            .find(|f| f.at.theme == theme && f.at.commitment == commitment)
    }
}

/// The indicator a reference names.
pub fn indicator(content: &Content, at: IndicatorRef) -> Option<&Indicator> {
    content
        .themes
        .get(at.theme)?
        .front
        .engagements_bailleur
        .get(at.commitment)?
        .indicateur
        .as_ref()
}

fn latest(ind: &Indicator, values: &[(i32, Option<f64>)]) -> Option<Latest> {
    let last = values.iter().rposition(|(_, v)| v.is_some())?;
    let (year, value) = (values[last].0, values[last].1?);
    let previous = last
        .checked_sub(1)
        .map(|p| values[p])
        .filter(|(y, _)| *y + 1 == year)
        .and_then(|(_, v)| v);
    let trend = previous.map(|p| {
        let better = match ind.sens {
            crate::model::results::Direction::AtLeast => value > p,
            crate::model::results::Direction::AtMost => value < p,
        };
        if value == p {
            Trend::Same
        } else if better {
            Trend::Better
        } else {
            Trend::Worse
        }
    });
    Some(Latest {
        year,
        value,
        met: ind.sens.is_met(value, ind.objectif),
        previous,
        trend,
    })
}

/// An indicator reported one year and missing the year after: a warning at the later file.
pub fn completeness(content: &Content, results: &Results) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for pair in results.years.windows(2) {
        let (before, current) = (&pair[0], &pair[1]);
        if before.year + 1 != current.year {
            continue;
        }
        for v in &before.values {
            if current.value(&v.id).is_some() {
                continue;
            }
            let known = results
                .indicators
                .iter()
                .any(|&at| indicator(content, at).is_some_and(|i| i.id == v.id));
            if !known {
                continue;
            }
            warnings.push(
                Diagnostic::warning(
                    &current.file,
                    format!(
                        "indicateur « {} » : un résultat en {} mais aucun en {}",
                        v.id, before.year, current.year
                    ),
                )
                .at(1, None)
                .hint(format!(
                    "ajoutez « {}: {{valeur: …}} » sous « indicateurs: » ; s'il n'a pas été mesuré cette année, la page le dira (jamais un zéro).",
                    v.id
                )),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::results::{Direction, IndicatorUnit};

    fn ind(sens: Direction) -> Indicator {
        Indicator {
            id: "x".into(),
            mesure: "m".into(),
            methode: None,
            unite: IndicatorUnit::Percent,
            objectif: 90.0,
            sens,
        }
    }

    #[test]
    fn the_latest_value_is_judged_by_the_direction() {
        let values = [(2023, Some(88.0)), (2024, Some(91.0)), (2025, None)];
        let l = latest(&ind(Direction::AtLeast), &values).unwrap();
        assert_eq!((l.year, l.value, l.met), (2024, 91.0, true));
        assert_eq!(l.trend, Some(Trend::Better));
        let l = latest(&ind(Direction::AtMost), &values).unwrap();
        assert!(!l.met);
        assert_eq!(l.trend, Some(Trend::Worse));
        assert!(latest(&ind(Direction::AtLeast), &[(2025, None)]).is_none());
    }

    #[test]
    fn a_gap_year_gives_no_trend() {
        let values = [(2022, Some(80.0)), (2024, Some(95.0))];
        let l = latest(&ind(Direction::AtLeast), &values).unwrap();
        assert_eq!(l.previous, None);
        assert_eq!(l.trend, None);
    }
}
