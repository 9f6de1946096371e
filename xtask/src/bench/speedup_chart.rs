//! The speedup chart: speedup against workers, a line per kind of worker and runtime.

use std::path::Path;

use plotters::prelude::*;

use super::figures::Figures;
use super::plan::Language;

/// Fonts are named, not embedded: the SVG viewer picks its own sans-serif.
const FONT: &str = "sans-serif";
const SIZE: (u32, u32) = (900, 560);

/// Rust's lines of the speedup chart, each in its own colour in every chart.
const SERIES: [(Language, &str, RGBColor); 3] = [
    (Language::Rust, "threads", RGBColor(0xd9, 0x48, 0x1c)),
    (Language::Rust, "rayon", RGBColor(0x1f, 0x6f, 0xb4)),
    (Language::Rust, "processes", RGBColor(0x2b, 0x9a, 0x48)),
];

/// (workers, speedup)
type Points = Vec<(u32, f64)>;

/// A line of the speedup chart: its label, its colour, its points.
pub type Line = (String, RGBColor, Points);

/// One line per kind of worker and language (`cpython`: those of each interpreter), and the
/// ideal: speedup = workers, up to the CPUs.
pub fn draw(
    figures: &Figures<'_>,
    cpython: Vec<Line>,
    title: &str,
    path: &Path,
) -> Result<(), String> {
    let max_workers = figures.sizes.sum.max_workers;
    let lines: Vec<Line> = SERIES
        .iter()
        .map(|&(language, variant, colour)| {
            let points = (1..=max_workers)
                .filter_map(|w| Some((w as u32, figures.speedup(language, variant, w)?)))
                .collect();
            (format!("{} {variant}", language.name()), colour, points)
        })
        .chain(cpython)
        .filter(|(_, _, points)| !points.is_empty())
        .collect();
    let ideal: Points = (1..=max_workers)
        .map(|w| (w as u32, w.min(figures.cpus) as f64))
        .collect();
    let top = lines
        .iter()
        .flat_map(|(_, _, points)| points.iter().map(|&(_, s)| s))
        .chain(ideal.iter().map(|&(_, s)| s))
        .fold(1.0, f64::max)
        * 1.15;

    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    let drawn = (|| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 22))
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(1u32..max_workers as u32, 0f64..top)?;
        chart
            .configure_mesh()
            .x_labels(max_workers)
            .x_desc("workers")
            .y_desc("speedup over one thread")
            .axis_desc_style((FONT, 16))
            .label_style((FONT, 14))
            .draw()?;
        let grey = RGBColor(0x70, 0x70, 0x70);
        chart
            .draw_series(DashedLineSeries::new(ideal, 8, 5, grey.stroke_width(2)))?
            .label(format!("ideal: one CPU per worker ({} CPUs)", figures.cpus))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], grey.stroke_width(2)));
        for (label, colour, points) in lines {
            let style = colour.stroke_width(3);
            chart
                .draw_series(LineSeries::new(points.iter().copied(), style))?
                .label(label)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], style));
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled())))?;
        }
        chart
            .configure_series_labels()
            // The lines run along the top; the bottom right is free.
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT, 15))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()?;
        root.present()
    })();
    drawn.map_err(|e| format!("{}: {e}", path.display()))
}
