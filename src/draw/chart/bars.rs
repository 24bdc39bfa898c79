//! Stacked and grouped bar charts.

use super::fills::{self, Legend};
use super::svg::{
    self, bold_width, clean_id, num, text_width, truncate, Ticks, FONT_SIZE, HALO, INK, MARGIN,
    SMALL_FONT, WIDTH,
};
use super::Bars;

/// Height of the plotting area.
const PLOT_HEIGHT: f64 = 260.0;
/// Room kept above the tallest bar for the label written on top of it.
const HEADROOM: f64 = 26.0;
/// Written where a bar has no data ("non disponible").
const NO_DATA: &str = "n.d.";
/// Segments lower than this carry no value label.
const MIN_LABELLED_SEGMENT: f64 = 19.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Stacked,
    Grouped,
}

/// Categories stacked in one bar per x label (bottom segment = first series), each bar's total
/// written above it and each segment's value written inside when it is tall and wide enough.
/// The legend lists the series from the top of the stack down.
///
/// ```
/// use ensemble::draw::chart::{stacked_bars, Series, StackedBars, Unit};
/// let years: Vec<String> = (2022..=2024).map(|y| y.to_string()).collect();
/// let series = [
///     Series { label: "Eau".into(), code: "EAU".into(), values: vec![6.1, 6.3, 6.6] },
///     Series { label: "Chauffage".into(), code: "CHC".into(), values: vec![9.8, 13.2, 12.4] },
/// ];
/// let svg = stacked_bars(&StackedBars {
///     id: "charges-1",
///     title: "Charges par catégorie",
///     description: "Le chauffage domine.",
///     x_labels: &years,
///     series: &series,
///     unit: Unit::EurosPerM2,
///     ..Default::default()
/// });
/// assert!(svg.starts_with("<svg") && svg.contains("role=\"img\""));
/// ```
pub fn stacked_bars(chart: &Bars) -> String {
    render(chart, Mode::Stacked)
}

/// Two or three series side by side per x label, e.g. "Provisions appelées" and "Dépenses
/// réelles" year by year. Values are written above the bars when every one of them fits.
pub fn grouped_bars(chart: &Bars) -> String {
    render(chart, Mode::Grouped)
}

/// A value as drawn: finite and not below zero, or `None` for "no data". Shared with the
/// large-print bars so both charts treat odd data alike.
pub(super) fn value(chart: &Bars, series: usize, x: usize) -> Option<f64> {
    chart.series[series]
        .values
        .get(x)
        .copied()
        .filter(|v| v.is_finite())
        .map(|v| v.max(0.0))
}

fn render(chart: &Bars, mode: Mode) -> String {
    let id = clean_id(chart.id);
    let kind = match mode {
        Mode::Stacked => "stacked",
        Mode::Grouped => "grouped",
    };
    let n = chart.x_labels.len();
    let k = chart.series.len();
    if n == 0 || k == 0 {
        return svg::empty(&id, kind, chart.title, chart.description, "Aucune donnée");
    }
    let fills = fills::assign(chart.series);

    // What goes above each x position: the stack's total, or nothing when no series has data.
    let totals: Vec<Option<f64>> = (0..n)
        .map(|x| {
            (0..k)
                .filter_map(|s| value(chart, s, x))
                .fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
        })
        .collect();
    let top = match mode {
        Mode::Stacked => totals.iter().flatten().copied().fold(0.0, f64::max),
        Mode::Grouped => (0..k)
            .flat_map(|s| (0..n).filter_map(move |x| value(chart, s, x)))
            .fold(0.0, f64::max),
    };

    // Horizontal layout: the value axis labels set the left edge of the plot.
    let ticks = Ticks::from_zero(top, false);
    let tick_labels: Vec<String> = (0..=ticks.count)
        .map(|i| chart.unit.tick(ticks.value(i), ticks.decimals))
        .collect();
    let tick_width = tick_labels
        .iter()
        .map(|label| text_width(label, FONT_SIZE))
        .fold(0.0, f64::max);
    let left = MARGIN + tick_width + 10.0;
    let right = WIDTH - MARGIN;
    let slot = (right - left) / n as f64;
    let slot_center = |x: usize| left + slot * (x as f64 + 0.5);

    let gap = 3.0;
    let (bar_width, group_width) = match mode {
        Mode::Stacked => {
            let w = (slot * 0.64).min(64.0);
            (w, w)
        }
        Mode::Grouped => {
            let group = (slot * 0.8).min(52.0 * k as f64);
            let w = ((group - gap * (k - 1) as f64) / k as f64).max(1.0);
            (w, group)
        }
    };
    let bar_x = |s: usize, x: usize| match mode {
        Mode::Stacked => slot_center(x) - bar_width / 2.0,
        Mode::Grouped => slot_center(x) - group_width / 2.0 + s as f64 * (bar_width + gap),
    };

    // Labels above bars: each stack's total, or each grouped bar's value; "n.d." where there is
    // no data. Written all or none, in the largest font where all fit. Digits all have the
    // same estimated width, so the label of the largest value is the widest.
    let above: Vec<(f64, Option<f64>)> = match mode {
        Mode::Stacked => (0..n).map(|x| (slot_center(x), totals[x])).collect(),
        Mode::Grouped => (0..k)
            .flat_map(|s| (0..n).map(move |x| (s, x)))
            .map(|(s, x)| (bar_x(s, x) + bar_width / 2.0, value(chart, s, x)))
            .collect(),
    };
    let room_above = match mode {
        Mode::Stacked => slot - 8.0,
        Mode::Grouped => bar_width + gap - 6.0,
    };
    let widest_above = chart.unit.short(top);
    let any_missing = above.iter().any(|(_, v)| v.is_none());
    let above_font = [FONT_SIZE, SMALL_FONT].into_iter().find(|&size| {
        bold_width(&widest_above, size) <= room_above
            && (!any_missing || bold_width(NO_DATA, size) <= room_above)
    });

    // Vertical layout, top to bottom: legend, value axis title, plot, x labels, x title.
    let legend_entries: Vec<(usize, &str)> = match mode {
        Mode::Stacked => (0..k)
            .rev()
            .map(|s| (fills[s], chart.series[s].label.as_str()))
            .collect(),
        Mode::Grouped => (0..k)
            .map(|s| (fills[s], chart.series[s].label.as_str()))
            .collect(),
    };
    let legend = Legend::layout(&legend_entries, right - MARGIN);
    let legend_top = MARGIN;
    let y_title_baseline = legend_top + legend.height() + 40.0;
    let plot_top = y_title_baseline + 16.0;
    let bottom = plot_top + PLOT_HEIGHT;
    let x_labels_baseline = bottom + 24.0;
    let height = if chart.x_title.is_empty() {
        x_labels_baseline + MARGIN
    } else {
        x_labels_baseline + 26.0 + MARGIN
    };

    // The axis may run past the top tick to leave room for the labels above the tallest bar.
    let axis_max = if above_font.is_some() {
        ticks
            .max()
            .max(top * PLOT_HEIGHT / (PLOT_HEIGHT - HEADROOM))
    } else {
        ticks.max()
    };
    let scale = PLOT_HEIGHT / axis_max;
    let y_of = |v: f64| bottom - v * scale;

    let mut out = String::with_capacity(4096 + n * k * 120);
    svg::open(&mut out, &id, kind, height, chart.title, chart.description);
    fills::write_defs(&mut out, &id, &fills);
    legend.write(&mut out, &id, MARGIN, legend_top);

    // Value axis: title, gridlines, tick labels.
    let y_title = if chart.y_title.is_empty() {
        chart.unit.axis_title()
    } else {
        chart.y_title
    };
    svg::value_axis(
        &mut out,
        y_title,
        y_title_baseline,
        &ticks,
        &tick_labels,
        (left, right),
        y_of,
    );

    // Bars: one path per series, filled with its pattern.
    out.push_str("<g stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.25\">");
    let mut stack = vec![0.0; n];
    // (x, y) of the centre and value of the stacked segments tall enough for a label.
    let mut segment_labels: Vec<(f64, f64, f64)> = Vec::new();
    for (s, &fill) in fills.iter().enumerate() {
        let start = out.len();
        out.push_str("<path fill=\"");
        fills::push_url(&mut out, &id, fill);
        out.push_str("\" d=\"");
        let mut any = false;
        for (x, base) in stack.iter_mut().enumerate() {
            let Some(v) = value(chart, s, x) else {
                continue;
            };
            let from = *base;
            if mode == Mode::Stacked {
                *base += v;
            }
            if v <= 0.0 {
                continue;
            }
            any = true;
            let (y0, y1) = (y_of(from), y_of(from + v));
            svg::rect_path(&mut out, bar_x(s, x), y0, y1, bar_width);
            if mode == Mode::Stacked && y0 - y1 >= MIN_LABELLED_SEGMENT {
                segment_labels.push((slot_center(x), (y0 + y1) / 2.0, v));
            }
        }
        if any {
            out.push_str("\"/>");
        } else {
            out.truncate(start);
        }
    }
    out.push_str("</g>");

    // Values inside stacked segments, where they fit.
    if !segment_labels.is_empty() {
        out.push_str("<g text-anchor=\"middle\" font-size=\"14\" ");
        out.push_str(HALO);
        out.push('>');
        for (cx, cy, v) in segment_labels {
            let label = chart.unit.short(v);
            if text_width(&label, SMALL_FONT) <= bar_width - 4.0 {
                svg::text(&mut out, cx, cy + 5.0, "", &label);
            }
        }
        out.push_str("</g>");
    }

    // Totals (stacked) or values (grouped) above the bars.
    if let Some(size) = above_font {
        out.push_str("<g text-anchor=\"middle\" font-weight=\"bold\" font-size=\"");
        num(&mut out, size);
        out.push_str("\" ");
        out.push_str(HALO);
        out.push('>');
        for &(cx, v) in &above {
            match v {
                Some(v) => svg::text(&mut out, cx, y_of(v) - 7.0, "", &chart.unit.short(v)),
                None => svg::text(&mut out, cx, bottom - 7.0, "", NO_DATA),
            }
        }
        out.push_str("</g>");
    }

    svg::baseline(&mut out, left, right, bottom);

    // X labels, thinned when crowded so that the last one (the latest year) always shows.
    let widest = chart
        .x_labels
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let every = (((widest + 10.0) / slot).ceil() as usize).clamp(1, n);
    let room = slot * every as f64 - 8.0;
    out.push_str("<g text-anchor=\"middle\">");
    for (x, label) in chart.x_labels.iter().enumerate() {
        if (n - 1 - x).is_multiple_of(every) {
            let label = truncate(label, room, FONT_SIZE);
            svg::text(&mut out, slot_center(x), x_labels_baseline, "", &label);
        }
    }
    out.push_str("</g>");
    if !chart.x_title.is_empty() {
        svg::text(
            &mut out,
            (left + right) / 2.0,
            x_labels_baseline + 26.0,
            "text-anchor=\"middle\" font-weight=\"bold\"",
            &truncate(chart.x_title, right - MARGIN, FONT_SIZE),
        );
    }
    out.push_str("</svg>");
    out
}
