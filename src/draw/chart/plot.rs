//! The parts of a plot that the charts share: scales, the value axis with its ticks, bars
//! drawn as rectangles, groups of labels, the baseline and the title under the x axis.

use super::svg::{self, num, truncate, widest, FONT_SIZE, GRID, HALO, INK, MARGIN};

/// Positions across the plot: `lo` at `left`, `hi` at `right`.
#[derive(Debug, Clone, Copy)]
pub(super) struct XScale {
    pub lo: f64,
    pub hi: f64,
    pub left: f64,
    pub right: f64,
}

impl XScale {
    #[inline]
    pub fn x(&self, value: f64) -> f64 {
        self.left + (value - self.lo) / (self.hi - self.lo) * (self.right - self.left)
    }
}

/// Heights of bars rising from `bottom`, `per_unit` viewBox units per unit of value.
#[derive(Debug, Clone, Copy)]
pub(super) struct YScale {
    pub bottom: f64,
    pub per_unit: f64,
}

impl YScale {
    #[inline]
    pub fn y(&self, value: f64) -> f64 {
        self.bottom - value * self.per_unit
    }
}

/// The value axis of a chart whose bars rise from zero: a bold title above the plot, a light
/// gridline at each tick above zero, and the tick labels right-aligned left of the plot.
pub(super) struct ValueAxis<'a> {
    title: &'a str,
    pub ticks: Ticks,
    labels: Vec<String>,
}

impl<'a> ValueAxis<'a> {
    /// `label` writes a tick's value with the ticks' number of decimals.
    pub fn new(title: &'a str, ticks: Ticks, label: impl Fn(f64, usize) -> String) -> Self {
        let labels = (0..=ticks.count)
            .map(|i| label(ticks.value(i), ticks.decimals))
            .collect();
        ValueAxis {
            title,
            ticks,
            labels,
        }
    }

    /// The left edge of the plot: the widest tick label ends 10 units before it.
    pub fn left(&self) -> f64 {
        MARGIN + widest(self.labels.iter().map(String::as_str), FONT_SIZE) + 10.0
    }

    /// The value at the top of a plot `height` high: the top tick, or more when labels are
    /// written above the bars so that `headroom` stays free above the tallest bar, `top`.
    pub fn top(&self, top: f64, height: f64, headroom: Option<f64>) -> f64 {
        match headroom {
            Some(headroom) => self.ticks.max().max(top * height / (height - headroom)),
            None => self.ticks.max(),
        }
    }

    /// Draws the title on `title_baseline`, and the gridlines and tick labels of a plot from
    /// `left` to `right`, in a chart `width` units wide.
    pub fn write(
        &self,
        out: &mut String,
        (title_baseline, width): (f64, f64),
        (left, right): (f64, f64),
        y: YScale,
    ) {
        svg::text(
            out,
            MARGIN,
            title_baseline,
            "font-weight=\"bold\"",
            &truncate(self.title, width - 2.0 * MARGIN, FONT_SIZE),
        );
        out.push_str("<path fill=\"none\" stroke=\"");
        out.push_str(GRID);
        out.push_str("\" d=\"");
        for i in 1..=self.ticks.count {
            out.push('M');
            num(out, left);
            out.push(' ');
            num(out, y.y(self.ticks.value(i)));
            out.push('H');
            num(out, right);
        }
        out.push_str("\"/><g text-anchor=\"end\">");
        for (i, label) in self.labels.iter().enumerate() {
            svg::text(out, left - 10.0, y.y(self.ticks.value(i)) + 5.5, "", label);
        }
        out.push_str("</g>");
    }
}

/// `title`, or `default` when it is empty.
pub(super) fn or_default<'a>(title: &'a str, default: &'a str) -> &'a str {
    if title.is_empty() {
        default
    } else {
        title
    }
}

/// A `<path>` of bars, each a closed rectangle, written as they come; a path that gets no
/// bar is taken back.
pub(super) struct BarPath<'o> {
    out: &'o mut String,
    start: usize,
    any: bool,
}

impl<'o> BarPath<'o> {
    /// Opens `<path fill="…" d="`, the fill written by `fill`.
    pub fn open(out: &'o mut String, fill: impl FnOnce(&mut String)) -> Self {
        let start = out.len();
        out.push_str("<path fill=\"");
        fill(out);
        out.push_str("\" d=\"");
        BarPath {
            out,
            start,
            any: false,
        }
    }

    /// Adds a bar `width` wide with its left edge at `x`, from `y0` (its base) up to `y1`.
    pub fn bar(&mut self, x: f64, y0: f64, y1: f64, width: f64) {
        self.any = true;
        let out = &mut *self.out;
        out.push('M');
        num(out, x);
        out.push(' ');
        num(out, y0);
        out.push('V');
        num(out, y1);
        out.push('h');
        num(out, width);
        out.push('V');
        num(out, y0);
        out.push('Z');
    }

    pub fn close(self) {
        if self.any {
            self.out.push_str("\"/>");
        } else {
            self.out.truncate(self.start);
        }
    }
}

/// Opens the group of the small labels written over bars and gridlines: centred, `size`
/// high, bold or not, with a white halo.
pub(super) fn open_labels(out: &mut String, size: f64, bold: bool) {
    out.push_str("<g text-anchor=\"middle\" ");
    if bold {
        out.push_str("font-weight=\"bold\" ");
    }
    out.push_str("font-size=\"");
    num(out, size);
    out.push_str("\" ");
    out.push_str(HALO);
    out.push('>');
}

/// Draws the zero line from `left` to `right`; drawn after the bars, it covers their bottom
/// edges.
pub(super) fn baseline(out: &mut String, left: f64, right: f64, bottom: f64) {
    out.push_str("<path stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.5\" d=\"M");
    num(out, left);
    out.push(' ');
    num(out, bottom);
    out.push('H');
    num(out, right);
    out.push_str("\"/>");
}

/// Writes the bold title of the x axis on `baseline`, centred under the plot from `left` to
/// `right`, in a chart `width` units wide.
pub(super) fn x_title(
    out: &mut String,
    title: &str,
    (left, right): (f64, f64),
    (baseline, width): (f64, f64),
) {
    svg::text(
        out,
        (left + right) / 2.0,
        baseline,
        "text-anchor=\"middle\" font-weight=\"bold\"",
        &truncate(title, width - 2.0 * MARGIN, FONT_SIZE),
    );
}

/// Evenly spaced ticks from zero: `0, step, 2·step … count·step`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ticks {
    pub step: f64,
    pub count: usize,
    pub decimals: usize,
}

impl Ticks {
    /// Ticks covering `0..=max` with at most six intervals, on steps of 1, 2 or 5 × 10ⁿ.
    /// `integer` keeps steps ≥ 1 (counts of residences).
    pub fn from_zero(max: f64, integer: bool) -> Ticks {
        let max = if max.is_finite() && max > 0.0 {
            max.min(1e15)
        } else {
            1.0
        };
        let raw = max / 6.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let fraction = raw / magnitude;
        let nice = if fraction <= 1.0 {
            1.0
        } else if fraction <= 2.0 {
            2.0
        } else if fraction <= 5.0 {
            5.0
        } else {
            10.0
        };
        let mut step = nice * magnitude;
        if integer && step < 1.0 {
            step = 1.0;
        }
        let count = ((max / step) - 1e-9).ceil().max(1.0) as usize;
        let decimals = if step >= 1.0 {
            0
        } else if step >= 0.1 {
            1
        } else {
            2
        };
        Ticks {
            step,
            count,
            decimals,
        }
    }

    /// The highest tick, the top of the axis.
    pub fn max(&self) -> f64 {
        self.step * self.count as f64
    }

    /// The value of tick `i` (computed, not accumulated, so `0.1 · 3` prints as `0,3`).
    pub fn value(&self, i: usize) -> f64 {
        self.step * i as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        let t = Ticks::from_zero(30.5, false);
        assert_eq!((t.step, t.count), (10.0, 4));
        let t = Ticks::from_zero(24.0, false);
        assert_eq!((t.step, t.count), (5.0, 5));
        let t = Ticks::from_zero(0.0, true);
        assert_eq!((t.step, t.count), (1.0, 1));
        let t = Ticks::from_zero(0.7, false);
        assert_eq!(t.decimals, 1);
        assert!(t.max() >= 0.7);
    }
}
