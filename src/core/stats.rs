//! The arithmetic of the observatory, as small pure functions: each figure a page shows is
//! computed here and nowhere else, and each is tested against values worked out by hand.

/// € per dwelling per month: what a tenant compares with their rent notice.
pub fn per_dwelling_per_month(total: f64, dwellings: u32) -> f64 {
    if dwellings == 0 {
        return f64::NAN;
    }
    total / dwellings as f64 / 12.0
}

/// € per m² of living area per year: the sector's unit, comparable between residences.
pub fn per_m2_per_year(total: f64, living_area: f64) -> f64 {
    if living_area <= 0.0 {
        return f64::NAN;
    }
    total / living_area
}

/// Share of `part` in `total`, in percent.
pub fn share_percent(part: f64, total: f64) -> f64 {
    if total <= 0.0 {
        return f64::NAN;
    }
    part / total * 100.0
}

/// Change from `previous` to `current`, in percent; `None` without a meaningful base.
pub fn change_percent(previous: f64, current: f64) -> Option<f64> {
    if previous > 0.0 && previous.is_finite() && current.is_finite() {
        Some((current - previous) / previous * 100.0)
    } else {
        None
    }
}

/// Regularisation per dwelling for the year: provisions called minus actual cost, divided by the
/// number of dwellings. Positive: tenants paid too much and are refunded; negative: they owe the
/// difference.
pub fn regularisation_per_dwelling(provisions: f64, actual: f64, dwellings: u32) -> f64 {
    if dwellings == 0 {
        return f64::NAN;
    }
    (provisions - actual) / dwellings as f64
}

/// Five-number summary of a set of values.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Quartiles {
    pub count: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// Quartiles of `sorted` (ascending, finite) by linear interpolation between closest ranks, the
/// method of spreadsheets' QUARTILE.INC / QUARTILE (rank `p × (n − 1)`, 0-based), so that a
/// tenants' association finds the same figures in its spreadsheet.
pub fn quartiles(sorted: &[f64]) -> Option<Quartiles> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(Quartiles {
        count: n,
        min: sorted[0],
        q1: quantile(sorted, 0.25),
        median: quantile(sorted, 0.5),
        q3: quantile(sorted, 0.75),
        max: sorted[n - 1],
    })
}

/// The `p` quantile (0 ≤ p ≤ 1) of ascending `sorted`, interpolated as in [`quartiles`].
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let rank = p.clamp(0.0, 1.0) * (n - 1) as f64;
            let low = rank.floor() as usize;
            let high = (low + 1).min(n - 1);
            let fraction = rank - low as f64;
            sorted[low] + (sorted[high] - sorted[low]) * fraction
        }
    }
}

/// Sorts finite values ascending, dropping the others.
pub fn sorted_finite(values: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Share of the peers in `sorted` that pay strictly less than `value`, in percent (0 for the
/// cheapest). Binary search: placing every residence costs O(n log n) in all.
pub fn share_below(sorted: &[f64], value: f64) -> f64 {
    if sorted.is_empty() || !value.is_finite() {
        return f64::NAN;
    }
    let below = sorted.partition_point(|x| *x < value);
    below as f64 / sorted.len() as f64 * 100.0
}

/// Where a value sits against the quartiles of its peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Band {
    /// Below the first quartile: among the least expensive quarter.
    Low,
    /// Between the first and third quartiles.
    Middle,
    /// Above the third quartile: among the most expensive quarter.
    High,
}

pub fn band(value: f64, q: &Quartiles) -> Band {
    if value < q.q1 {
        Band::Low
    } else if value > q.q3 {
        Band::High
    } else {
        Band::Middle
    }
}

/// Equal-width bins from `from` by `width` covering `sorted` (ascending): `(start, end, count)`,
/// each bin holding values in `[start, end)` (the last one includes its end).
pub fn histogram(sorted: &[f64], width: f64) -> Vec<(f64, f64, usize)> {
    if sorted.is_empty() || width.is_nan() || width <= 0.0 {
        return Vec::new();
    }
    let first = (sorted[0] / width).floor() * width;
    let last = sorted[sorted.len() - 1];
    let count = (((last - first) / width).floor() as usize + 1).max(1);
    let mut bins: Vec<(f64, f64, usize)> = (0..count)
        .map(|i| (first + i as f64 * width, first + (i + 1) as f64 * width, 0))
        .collect();
    for &v in sorted {
        let i = (((v - first) / width).floor() as usize).min(count - 1);
        bins[i].2 += 1;
    }
    bins
}

/// A readable bin width giving about `target` bins over `[min, max]`: 1, 2 or 5 times a power of
/// ten.
pub fn nice_width(min: f64, max: f64, target: usize) -> f64 {
    let span = (max - min).abs();
    if span.is_nan() || span <= 0.0 || target == 0 {
        return 1.0;
    }
    let raw = span / target as f64;
    let mut magnitude = 1.0;
    while magnitude * 10.0 <= raw {
        magnitude *= 10.0;
    }
    while magnitude > raw {
        magnitude /= 10.0;
    }
    for step in [1.0, 2.0, 5.0, 10.0] {
        if magnitude * step >= raw {
            return magnitude * step;
        }
    }
    magnitude * 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn per_dwelling_and_per_m2_by_hand() {
        // 48 dwellings, 3 120 m², 104 889,60 € for the year.
        // 104 889,60 / 48 / 12 = 182,1 € per dwelling per month.
        assert!(close(per_dwelling_per_month(104_889.6, 48), 182.1));
        // 3 120 × 33,6 = 104 832; the remaining 57,60 / 3 120 = 0,018 461 5…: 33,618 461 5… € per m².
        assert!(close(
            per_m2_per_year(104_889.6, 3120.0),
            33.618_461_538_461_54
        ));
        assert!(per_dwelling_per_month(1.0, 0).is_nan());
        assert!(per_m2_per_year(1.0, 0.0).is_nan());
    }

    #[test]
    fn shares_and_changes_by_hand() {
        // Heating 36 720 of 104 889,60 → 35,008… %.
        assert!(close(
            share_percent(36_720.0, 104_889.6),
            35.008_237_232_289_95
        ));
        // 84,77 → 87,40 €: (87,40 − 84,77) / 84,77 = +3,1025… %.
        let c = change_percent(84.77, 87.40).unwrap();
        assert!(close(c, 3.102_512_681_373_15), "{c}");
        assert_eq!(change_percent(0.0, 10.0), None);
        assert!(close(change_percent(200.0, 150.0).unwrap(), -25.0));
    }

    #[test]
    fn regularisation_sign_says_who_pays() {
        // 100 000 € called, 104 800 € spent, 48 dwellings: each owes 100 €.
        assert!(close(
            regularisation_per_dwelling(100_000.0, 104_800.0, 48),
            -100.0
        ));
        // 50 000 called, 47 600 spent, 20 dwellings: 120 € refunded each.
        assert!(close(
            regularisation_per_dwelling(50_000.0, 47_600.0, 20),
            120.0
        ));
    }

    #[test]
    fn quartiles_match_spreadsheet_quartile_inc() {
        // QUARTILE.INC({20; 22; 25; 28; 30; 35}): ranks 1,25 / 2,5 / 3,75 (0-based)
        // q1 = 22 + 0,25 × 3 = 22,75; median = 25 + 0,5 × 3 = 26,5; q3 = 28 + 0,75 × 2 = 29,5.
        let q = quartiles(&[20.0, 22.0, 25.0, 28.0, 30.0, 35.0]).unwrap();
        assert_eq!(q.count, 6);
        assert!(close(q.min, 20.0) && close(q.max, 35.0));
        assert!(close(q.q1, 22.75), "{q:?}");
        assert!(close(q.median, 26.5), "{q:?}");
        assert!(close(q.q3, 29.5), "{q:?}");
        // Odd count: the median is the middle value.
        let q = quartiles(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!(close(q.q1, 2.0) && close(q.median, 3.0) && close(q.q3, 4.0));
        let q = quartiles(&[7.0]).unwrap();
        assert!(close(q.q1, 7.0) && close(q.q3, 7.0));
        assert_eq!(quartiles(&[]), None);
    }

    #[test]
    fn placing_a_value_among_peers() {
        let peers = sorted_finite([30.0, 20.0, f64::NAN, 25.0, 35.0]);
        assert_eq!(peers, vec![20.0, 25.0, 30.0, 35.0]);
        assert!(close(share_below(&peers, 30.0), 50.0));
        assert!(close(share_below(&peers, 19.0), 0.0));
        assert!(close(share_below(&peers, 99.0), 100.0));
        let q = quartiles(&peers).unwrap();
        assert_eq!(band(21.0, &q), Band::Low);
        assert_eq!(band(27.0, &q), Band::Middle);
        assert_eq!(band(34.0, &q), Band::High);
    }

    #[test]
    fn histogram_bins_cover_every_value() {
        let v = sorted_finite([21.0, 23.5, 24.0, 26.0, 31.9, 32.0]);
        let bins = histogram(&v, 4.0);
        // 20–24: 21, 23,5; 24–28: 24, 26; 28–32: 31,9; 32–36: 32.
        assert_eq!(
            bins,
            vec![
                (20.0, 24.0, 2),
                (24.0, 28.0, 2),
                (28.0, 32.0, 1),
                (32.0, 36.0, 1)
            ]
        );
        assert_eq!(bins.iter().map(|b| b.2).sum::<usize>(), v.len());
        assert!(close(nice_width(18.0, 42.0, 10), 5.0));
        assert!(close(nice_width(0.0, 1.0, 10), 0.1));
    }
}
