//! How residences spread by value: adjacent bars over value bins.

use super::svg::{
    self, bold_width, clean_id, num, text_width, truncate, Ticks, ACCENT, FONT_SIZE, HALO, INK,
    MARGIN, SMALL_FONT, WIDTH,
};
use super::{fills, mark, Histogram};
use crate::core::typography::format_number;

const PLOT_HEIGHT: f64 = 220.0;
const HEADROOM: f64 = 24.0;
/// The fill of ordinary bins (light, dotted); the marked bin is solid accent.
const BIN_FILL: usize = 1;

/// Adjacent bars, one per bin, with the count above each bar when all counts fit and the bin
/// bounds on the x axis (thinned when crowded). With a [`super::Marker`], the bin holding
/// the value is filled with the accent colour and a labelled needle marks the value.
pub fn histogram(chart: &Histogram) -> String {
    let id = clean_id(chart.id);
    let mut bins: Vec<(f64, f64, usize)> = chart
        .bins
        .iter()
        .copied()
        .filter(|&(from, to, _)| from.is_finite() && to.is_finite() && to > from)
        .collect();
    bins.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let lo = bins.iter().map(|b| b.0).fold(f64::INFINITY, f64::min);
    let hi = bins.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max);
    // Also true when there is no bin at all.
    if !(hi - lo).is_finite() {
        return svg::empty(
            &id,
            "histogram",
            chart.title,
            chart.description,
            "Aucune donnée",
        );
    }
    let top = bins.iter().map(|b| b.2).max().unwrap_or(0) as f64;

    let ticks = Ticks::from_zero(top, true);
    let tick_width = text_width(&format_number(ticks.max(), 0), FONT_SIZE);
    let left = MARGIN + tick_width + 10.0;
    let right = WIDTH - MARGIN - 8.0;
    let x_of = |v: f64| left + (v - lo) / (hi - lo) * (right - left);

    let counts: Vec<String> = bins.iter().map(|b| format_number(b.2 as f64, 0)).collect();
    let show_counts = bins
        .iter()
        .zip(&counts)
        .all(|(b, c)| bold_width(c, SMALL_FONT) <= x_of(b.1) - x_of(b.0) - 2.0);
    // The axis may run past the top tick to leave room for the counts above the bars.
    let axis_max = if show_counts {
        ticks
            .max()
            .max(top * PLOT_HEIGHT / (PLOT_HEIGHT - HEADROOM))
    } else {
        ticks.max()
    };

    let marker = chart.marker.filter(|m| m.value.is_finite());
    let y_title_baseline = MARGIN + 15.0;
    let marker_baseline = y_title_baseline + 30.0;
    let plot_top = if marker.is_some() {
        marker_baseline + 30.0
    } else {
        y_title_baseline + 16.0
    };
    let bottom = plot_top + PLOT_HEIGHT;
    let x_labels_baseline = bottom + 24.0;
    let height = x_labels_baseline + 26.0 + MARGIN;
    let scale = PLOT_HEIGHT / axis_max;
    let y_of = |v: f64| bottom - v * scale;

    let mut out = String::with_capacity(3000 + bins.len() * 120);
    svg::open(
        &mut out,
        &id,
        "histogram",
        height,
        chart.title,
        chart.description,
    );
    fills::write_defs(&mut out, &id, &[BIN_FILL]);

    let y_title = if chart.y_title.is_empty() {
        "Nombre de résidences"
    } else {
        chart.y_title
    };
    let tick_labels: Vec<String> = (0..=ticks.count)
        .map(|i| format_number(ticks.value(i), 0))
        .collect();
    svg::value_axis(
        &mut out,
        y_title,
        y_title_baseline,
        &ticks,
        &tick_labels,
        (left, right),
        y_of,
    );

    // The bin holding the marked value (the last bin includes its upper bound).
    let marked = marker.and_then(|m| {
        bins.iter()
            .position(|&(from, to, _)| from <= m.value && (m.value < to || m.value == hi))
    });
    out.push_str("<g stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.25\"><path fill=\"");
    fills::push_url(&mut out, &id, BIN_FILL);
    out.push_str("\" d=\"");
    let mut marked_path = String::new();
    for (i, &(from, to, count)) in bins.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let path = if Some(i) == marked {
            &mut marked_path
        } else {
            &mut out
        };
        path.push('M');
        num(path, x_of(from) + 1.0);
        path.push(' ');
        num(path, bottom);
        path.push('V');
        num(path, y_of(count as f64));
        path.push('H');
        num(path, x_of(to) - 1.0);
        path.push('V');
        num(path, bottom);
        path.push('Z');
    }
    out.push_str("\"/>");
    if !marked_path.is_empty() {
        out.push_str("<path fill=\"");
        out.push_str(ACCENT);
        out.push_str("\" d=\"");
        out.push_str(&marked_path);
        out.push_str("\"/>");
    }
    out.push_str("</g>");

    if show_counts {
        out.push_str("<g text-anchor=\"middle\" font-weight=\"bold\" font-size=\"14\" ");
        out.push_str(HALO);
        out.push('>');
        for (&(from, to, count), label) in bins.iter().zip(&counts) {
            let cx = (x_of(from) + x_of(to)) / 2.0;
            svg::text(&mut out, cx, y_of(count as f64) - 7.0, "", label);
        }
        out.push_str("</g>");
    }

    svg::baseline(&mut out, left, right, bottom);

    // Bin bounds: every distinct edge, left to right, skipping those that would overlap.
    let mut edges: Vec<f64> = bins.iter().flat_map(|b| [b.0, b.1]).collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * (1.0 + b.abs()));
    let decimals = (0..=2)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            edges.iter().all(|e| ((e * f).round() - e * f).abs() < 1e-6)
        })
        .unwrap_or(2);
    let mut labels: Vec<(f64, String)> = Vec::with_capacity(edges.len());
    let mut last_right = f64::MIN;
    out.push_str("<path stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.5\" d=\"");
    for &edge in &edges {
        let label = chart.unit.tick(edge, decimals);
        let half = text_width(&label, FONT_SIZE) / 2.0;
        let x = x_of(edge);
        if x - half < last_right + 8.0 {
            continue;
        }
        last_right = x + half;
        out.push('M');
        num(&mut out, x);
        out.push(' ');
        num(&mut out, bottom);
        out.push_str("v6");
        labels.push((x, label));
    }
    out.push_str("\"/><g text-anchor=\"middle\">");
    for (x, label) in &labels {
        svg::text(&mut out, *x, x_labels_baseline, "", label);
    }
    out.push_str("</g>");
    let x_title = if chart.x_title.is_empty() {
        chart.unit.axis_title()
    } else {
        chart.x_title
    };
    svg::text(
        &mut out,
        (left + right) / 2.0,
        x_labels_baseline + 26.0,
        "text-anchor=\"middle\" font-weight=\"bold\"",
        &truncate(x_title, WIDTH - 2.0 * MARGIN, FONT_SIZE),
    );

    if let Some(m) = marker {
        let inside = (lo..=hi).contains(&m.value);
        let x = if inside { x_of(m.value) } else { WIDTH / 2.0 };
        if inside {
            // Down to the marked bar, stopping above its count.
            let end = match marked {
                Some(i) if show_counts => y_of(bins[i].2 as f64) - 24.0,
                Some(i) => y_of(bins[i].2 as f64),
                None => bottom,
            };
            let top = marker_baseline + 16.0;
            mark::needle(&mut out, x, top, end.max(top + 8.0), 6.0);
        }
        mark::label(&mut out, m.label, m.value, chart.unit, x, marker_baseline);
    }
    out.push_str("</svg>");
    out
}
