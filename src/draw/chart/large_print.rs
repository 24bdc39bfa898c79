//! Stacked bars for paper read from a distance: the hall poster of a residence.

use super::bars::{total, value, NO_DATA};
use super::fills;
use super::plot::{self, BarPath, YScale};
use super::svg::{self, bold_width, clean_id, num, text_width, truncate, widest, wrap, INK};
use super::{Bars, LargePrint};
use crate::core::typography::NBSP;

/// Label of the segment grouping the smallest series.
pub const OTHERS: &str = "Autres";
/// Line height of labels, in font sizes.
const LINE: f64 = 1.1;
/// Around the drawing: the paper's own margin is the caller's.
const EDGE: f64 = 2.0;

/// One drawn segment kind: a series, or the smallest ones grouped.
struct Segment<'a> {
    label: &'a str,
    /// Index in `FILLS`, or `None` for the plain white of "Autres".
    fill: Option<usize>,
    /// One value per drawn bar, `None` for "no data".
    values: Vec<Option<f64>>,
}

/// Stacked bars of the last [`LargePrint::last`] x labels, sized for print so that no text is
/// smaller than [`LargePrint::font`] viewBox units: give the viewBox in printed points and
/// every font size is its printed size.
///
/// At most [`LargePrint::max_series`] segments per bar: when there are more series, the largest
/// ones over the years drawn keep their segment (in their order) and the others are added up in
/// one white segment, "Autres", on top; the description then names them. Series without data in
/// those years are left out.
///
/// Instead of a legend and a value axis: each bar's total in bold above it, the years under,
/// and each segment named to the right of the last bar, next to a
/// swatch of its texture and joined to its segment by a line. Textures are 1.5 times as coarse
/// as on screen, to survive a photocopy. `y_title` and `x_title` are not drawn: the caption
/// printed with the chart gives the unit.
///
/// ```
/// use ensemble::draw::chart::{poster_bars, Bars, LargePrint, Series, Unit};
/// let years: Vec<String> = (2016..=2025).map(|y| y.to_string()).collect();
/// let series: Vec<Series> = ["CHC", "EAU", "ASC", "PCI", "TAX", "HYG"]
///     .iter()
///     .map(|code| Series { label: code.to_string(), code: code.to_string(), values: vec![10.0; 10] })
///     .collect();
/// let print = LargePrint { width: 438.0, height: 210.0, font: 18.0, last: 5, max_series: 5 };
/// let svg = poster_bars(&Bars { id: "affiche", x_labels: &years, series: &series, unit: Unit::Euros, ..Default::default() }, &print);
/// assert!(svg.contains(">2021<") && !svg.contains(">2020<"));
/// assert!(svg.contains(">Autres<"));
/// ```
pub fn poster_bars(chart: &Bars, print: &LargePrint) -> String {
    let id = clean_id(chart.id);
    let first = chart.x_labels.len().saturating_sub(print.last.max(1));
    let xs: Vec<usize> = (first..chart.x_labels.len()).collect();
    let (segments, grouped) = segments(chart, &xs, print.max_series.max(1));
    let description = description(chart, &grouped);
    let (width, height) = (print.width.max(1.0), print.height.max(1.0));
    let font = print.font.max(1.0);
    let mut out = String::with_capacity(6000);
    let (title, size) = (chart.title, (width, height));
    svg::open_sized(&mut out, &id, "poster", size, font, title, &description);
    if xs.is_empty() || segments.is_empty() {
        let (x, y) = (width / 2.0, height / 2.0);
        svg::text(&mut out, x, y, "text-anchor=\"middle\"", "Aucune donnée");
        out.push_str("</svg>");
        return out;
    }
    // Totals above the bars, `None` where no segment has data.
    let totals: Vec<Option<f64>> = (0..xs.len())
        .map(|x| total(segments.iter().filter_map(|s| s.values[x])))
        .collect();
    let total_labels: Vec<String> = totals
        .iter()
        .map(|t| t.map_or(NO_DATA.to_string(), |v| chart.unit.short(v)))
        .collect();
    let years: Vec<&str> = xs.iter().map(|&x| chart.x_labels[x].as_str()).collect();
    let layout = Layout::new(print, &segments, &total_labels, &years);
    let top = totals.iter().flatten().copied().fold(0.0, f64::max);
    let y = layout.scale(top);

    let fill_list: Vec<usize> = segments.iter().filter_map(|s| s.fill).collect();
    fills::write_defs_scaled(&mut out, &id, &fill_list, 1.5);
    let last_bar = write_bars(&mut out, &id, &segments, &layout, y);
    plot::baseline(&mut out, EDGE, layout.bars_right, y.bottom);
    write_totals_and_years(&mut out, &layout, &totals, &total_labels, &years, y);
    write_labels(&mut out, &id, &segments, &last_bar, &layout);
    out.push_str("</svg>");
    out
}

/// Writes the fill of a segment: its pattern, or plain white for "Autres".
fn push_fill(out: &mut String, id: &str, fill: Option<usize>) {
    match fill {
        Some(f) => fills::push_url(out, id, f),
        None => out.push_str("#fff"),
    }
}

/// Where everything goes. Horizontally, right to left: the labels take what the bars leave,
/// then one slot per bar, which must hold its total and its year. Vertically: totals, plot,
/// years.
struct Layout {
    /// How many bars.
    bars: usize,
    height: f64,
    font: f64,
    total_font: f64,
    /// Side of a label's swatch, and the space between it and its text.
    swatch: f64,
    swatch_gap: f64,
    /// Width of the labels' text.
    text_room: f64,
    /// Left edge of the labels' swatches.
    label_x: f64,
    bars_right: f64,
    slot: f64,
    bar_width: f64,
    plot_top: f64,
    bottom: f64,
}

impl Layout {
    fn new(print: &LargePrint, segments: &[Segment], totals: &[String], years: &[&str]) -> Self {
        let (width, height) = (print.width.max(1.0), print.height.max(1.0));
        let font = print.font.max(1.0);
        let total_font = (font * 1.1).round();
        let n = years.len();
        let swatch = font;
        let swatch_gap = 0.4 * font;
        let leader = 0.8 * font;
        let slot_min = totals
            .iter()
            .map(|l| bold_width(l, total_font))
            .chain(years.iter().map(|y| text_width(y, font)))
            .fold(0.0, f64::max)
            + 0.4 * font;
        // The labels get what bars with roomy slots leave, up to their widest; at least their
        // widest word (then the slots are narrower), so that words are not cut.
        let widest_label = widest(segments.iter().map(|s| s.label), font);
        let widest_word = widest(segments.iter().flat_map(|s| s.label.split(' ')), font);
        let fixed = 2.0 * EDGE + leader + swatch + swatch_gap;
        let roomy = width - fixed - n as f64 * (slot_min + 0.4 * font);
        let tight = width - fixed - n as f64 * slot_min;
        let text_room = if roomy >= widest_word {
            widest_label.min(roomy)
        } else {
            widest_word.min(tight)
        }
        .max(4.0 * font);
        let label_x = width - EDGE - text_room - swatch_gap - swatch;
        let bars_right = label_x - leader;
        let slot = (bars_right - EDGE) / n as f64;
        Layout {
            bars: n,
            height,
            font,
            total_font,
            swatch,
            swatch_gap,
            text_room,
            label_x,
            bars_right,
            slot,
            bar_width: (slot * 0.66).min(3.5 * font),
            plot_top: EDGE + total_font + 0.4 * font,
            bottom: height - EDGE - 1.3 * font,
        }
    }

    /// The heights of the bars, the tallest, `top`, reaching the top of the plot.
    fn scale(&self, top: f64) -> YScale {
        let per_unit = if top > 0.0 {
            (self.bottom - self.plot_top) / top
        } else {
            0.0
        };
        YScale {
            bottom: self.bottom,
            per_unit,
        }
    }

    /// The middle of the slot of bar `x`.
    fn center(&self, x: usize) -> f64 {
        EDGE + self.slot * (x as f64 + 0.5)
    }
}

/// Draws one path per segment kind; returns the middle height of each segment in the last
/// bar, `None` for segments not in it.
fn write_bars(
    out: &mut String,
    id: &str,
    segments: &[Segment],
    layout: &Layout,
    y: YScale,
) -> Vec<Option<f64>> {
    let n = layout.bars;
    out.push_str("<g stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.5\">");
    let mut stack = vec![0.0; n];
    let mut last_bar: Vec<Option<f64>> = vec![None; segments.len()];
    for (segment, last) in segments.iter().zip(&mut last_bar) {
        let mut path = BarPath::open(out, |out| push_fill(out, id, segment.fill));
        for (x, base) in stack.iter_mut().enumerate() {
            let Some(v) = segment.values[x] else {
                continue;
            };
            let from = *base;
            *base += v;
            if v <= 0.0 {
                continue;
            }
            let (y0, y1) = (y.y(from), y.y(from + v));
            let left = layout.center(x) - layout.bar_width / 2.0;
            path.bar(left, y0, y1, layout.bar_width);
            if x == n - 1 {
                *last = Some((y0 + y1) / 2.0);
            }
        }
        path.close();
    }
    out.push_str("</g>");
    last_bar
}

/// Writes each bar's total above it, or "n.d." on the baseline, and the years under the bars.
fn write_totals_and_years(
    out: &mut String,
    layout: &Layout,
    totals: &[Option<f64>],
    labels: &[String],
    years: &[&str],
    y: YScale,
) {
    let font = layout.font;
    out.push_str("<g text-anchor=\"middle\" font-weight=\"bold\" font-size=\"");
    num(out, layout.total_font);
    out.push_str("\">");
    for (x, label) in labels.iter().enumerate() {
        let baseline = totals[x].map_or(y.bottom, |v| y.y(v)) - 0.3 * font;
        svg::text(out, layout.center(x), baseline, "", label);
    }
    out.push_str("</g><g text-anchor=\"middle\">");
    let baseline = layout.height - EDGE - 0.2 * font;
    for (x, year) in years.iter().enumerate() {
        let year = truncate(year, layout.slot - 4.0, font);
        svg::text(out, layout.center(x), baseline, "", &year);
    }
    out.push_str("</g>");
}

/// Writes the label of each segment from the top of the stack down, each as close as possible
/// to its segment of the last bar (`last_bar`) and joined to it by a line, next to a swatch of
/// its texture.
fn write_labels(
    out: &mut String,
    id: &str,
    segments: &[Segment],
    last_bar: &[Option<f64>],
    layout: &Layout,
) {
    let (font, line) = (layout.font, LINE * layout.font);
    let order: Vec<usize> = (0..segments.len()).rev().collect();
    let lines = label_lines(segments, &order, layout);
    let heights: Vec<f64> = lines.iter().map(|l| l.len() as f64 * line).collect();
    // Wanted top of each label: its first line centred on the segment; a label whose series
    // has no segment in the last bar follows the one above.
    let wanted: Vec<Option<f64>> = order
        .iter()
        .map(|&s| last_bar[s].map(|y| y - line / 2.0))
        .collect();
    let gap = 0.25 * font;
    let tops = spread(&wanted, &heights, gap, EDGE, layout.height - EDGE);
    let bar_end = layout.center(layout.bars - 1) + layout.bar_width / 2.0 + 2.0;
    out.push_str("<g class=\"labels\">");
    for (k, &s) in order.iter().enumerate() {
        let first_middle = tops[k] + line / 2.0;
        if let Some(y) = last_bar[s] {
            out.push_str("<path fill=\"none\" stroke=\"");
            out.push_str(INK);
            out.push_str("\" stroke-width=\"1.5\" d=\"M");
            num(out, bar_end);
            out.push(' ');
            num(out, y);
            out.push('L');
            num(out, layout.label_x - 3.0);
            out.push(' ');
            num(out, first_middle);
            out.push_str("\"/>");
        }
        let swatch = layout.swatch;
        out.push_str("<rect x=\"");
        num(out, layout.label_x);
        out.push_str("\" y=\"");
        num(out, first_middle - swatch / 2.0);
        out.push_str("\" width=\"");
        num(out, swatch);
        out.push_str("\" height=\"");
        num(out, swatch);
        out.push_str("\" stroke=\"");
        out.push_str(INK);
        out.push_str("\" stroke-width=\"1.5\" fill=\"");
        push_fill(out, id, segments[s].fill);
        out.push_str("\"/>");
        let text_x = layout.label_x + swatch + layout.swatch_gap;
        for (j, text) in lines[k].iter().enumerate() {
            // The baseline sits about 0.35 em under the middle of the line.
            let baseline = first_middle + j as f64 * line + 0.35 * font;
            svg::text(out, text_x, baseline, "", text);
        }
    }
    out.push_str("</g>");
}

/// The lines of each label of `order`, on two at most; when they do not all fit the height,
/// the longest ones keep one line.
fn label_lines(segments: &[Segment], order: &[usize], layout: &Layout) -> Vec<Vec<String>> {
    let (font, room) = (layout.font, layout.text_room);
    let line = LINE * font;
    let gap = 0.25 * font;
    let height = layout.height - 2.0 * EDGE;
    let mut lines: Vec<Vec<String>> = order
        .iter()
        .map(|&s| wrap(segments[s].label, room, font, 2))
        .collect();
    let needed = |lines: &[Vec<String>]| {
        lines.iter().map(|l| l.len() as f64 * line).sum::<f64>()
            + gap * lines.len().saturating_sub(1) as f64
    };
    while needed(&lines) > height {
        let Some(k) = (0..lines.len())
            .filter(|&k| lines[k].len() > 1)
            .max_by(|&a, &b| {
                let w = |k: usize| text_width(segments[order[k]].label, font);
                w(a).total_cmp(&w(b)).then(b.cmp(&a))
            })
        else {
            break;
        };
        lines[k] = wrap(segments[order[k]].label, room, font, 1);
    }
    lines
}

/// The segments drawn over the bars `xs`, bottom first: every series with data when they are
/// at most `max`, otherwise the `max - 1` largest (sum over `xs`; the first of equals) in their
/// order, then "Autres"; and the series grouped in it.
fn segments<'a>(chart: &'a Bars, xs: &[usize], max: usize) -> (Vec<Segment<'a>>, Vec<usize>) {
    let sums: Vec<f64> = (0..chart.series.len())
        .map(|s| xs.iter().filter_map(|&x| value(chart, s, x)).sum())
        .collect();
    let with_data: Vec<usize> = (0..chart.series.len())
        .filter(|&s| xs.iter().any(|&x| value(chart, s, x).is_some()) && sums[s] > 0.0)
        .collect();
    let kept: Vec<usize> = if with_data.len() <= max {
        with_data.clone()
    } else {
        let mut ranked = with_data.clone();
        ranked.sort_by(|&a, &b| sums[b].total_cmp(&sums[a]).then(a.cmp(&b)));
        ranked.truncate(max.saturating_sub(1));
        ranked.sort_unstable();
        ranked
    };
    // Fills as on the site's other charts: the same series, the same texture.
    let all_fills = fills::assign(chart.series);
    let mut segments: Vec<Segment<'a>> = kept
        .iter()
        .map(|&s| Segment {
            label: chart.series[s].label.as_str(),
            fill: Some(all_fills[s]),
            values: xs.iter().map(|&x| value(chart, s, x)).collect(),
        })
        .collect();
    let others: Vec<usize> = with_data
        .iter()
        .copied()
        .filter(|s| !kept.contains(s))
        .collect();
    if !others.is_empty() {
        segments.push(Segment {
            label: OTHERS,
            fill: None,
            values: xs
                .iter()
                .map(|&x| total(others.iter().filter_map(|&s| value(chart, s, x))))
                .collect(),
        });
    }
    (segments, others)
}

/// The chart's description, followed by what "Autres" groups, the series `grouped`.
fn description(chart: &Bars, grouped: &[usize]) -> String {
    let mut description = chart.description.to_string();
    if let Some(others) = names(chart, grouped) {
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(&format!("«{NBSP}{OTHERS}{NBSP}» regroupe{NBSP}: {others}."));
    }
    description
}

/// "A, B et C": the labels of `series`, `None` for none.
fn names(chart: &Bars, series: &[usize]) -> Option<String> {
    let names: Vec<&str> = series
        .iter()
        .map(|&s| chart.series[s].label.as_str())
        .collect();
    match names.split_last() {
        None => None,
        Some((last, [])) => Some(last.to_string()),
        Some((last, rest)) => Some(format!("{} et {last}", rest.join(", "))),
    }
}

/// Tops of boxes `heights` high, in order, each as close as it can be to its `wanted` top
/// (`None`: right under the previous one), at least `gap` apart, between `low` and `high`.
fn spread(wanted: &[Option<f64>], heights: &[f64], gap: f64, low: f64, high: f64) -> Vec<f64> {
    let mut tops = Vec::with_capacity(heights.len());
    let mut next_free = low;
    for (w, h) in wanted.iter().zip(heights) {
        let top = w.unwrap_or(next_free).max(next_free);
        tops.push(top);
        next_free = top + h + gap;
    }
    // Push back up what runs past the bottom.
    let mut limit = high;
    for (top, h) in tops.iter_mut().zip(heights).rev() {
        if *top + h > limit {
            *top = limit - h;
        }
        limit = *top - gap;
    }
    // When everything did not fit, the first ones go back under the top edge.
    if let Some(first) = tops.first().copied() {
        if first < low {
            let mut next_free = low;
            for (top, h) in tops.iter_mut().zip(heights) {
                *top = top.max(next_free);
                next_free = *top + h + gap;
            }
        }
    }
    tops
}
