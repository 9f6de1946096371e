//! Horizontal bars, top to bottom in the order given, each with its value written beside it:
//! the time per way of doing the same work (the parts that compare a few ways rather than a
//! curve over workers), and how many times faster Rust is at the same work.

use std::path::Path;

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::plan::Language;
use super::report::seconds;

const FONT: &str = "sans-serif";
const SIZE: (u32, u32) = (900, 560);

/// One bar: "Rust: 2 threads, a connection each", its median time.
struct Bar {
    label: String,
    language: Language,
    value: f64,
}

/// The bars' axis: where they start, what it says, and how a value reads.
struct Axis {
    origin: f64,
    description: &'static str,
    tick: Option<fn(&f64) -> String>,
    value: fn(f64) -> String,
}

/// A bar per way that `ways` gives with its median time, Rust's then CPython's, where it was
/// measured; on a linear axis of seconds from 0.
pub fn time_per_way<W: AsRef<str>>(
    ways: impl Fn(Language) -> Vec<(W, Option<f64>)>,
    title: &str,
    path: &Path,
) -> Result<(), String> {
    let bars: Vec<Bar> = [Language::Rust, Language::CPython]
        .into_iter()
        .flat_map(|language| {
            let measured = ways(language).into_iter();
            measured.filter_map(move |(way, seconds)| {
                Some(Bar {
                    label: format!("{}: {}", language.name(), way.as_ref()),
                    language,
                    value: seconds?,
                })
            })
        })
        .collect();
    let longest = bars.iter().map(|bar| bar.value).fold(0.0, f64::max);
    // Room on the right for the longest bar's label.
    let right = if longest > 0.0 { longest * 1.3 } else { 1.0 };
    let axis = Axis {
        origin: 0.0,
        description: "median time, seconds (shorter is faster)",
        tick: None,
        value: seconds,
    };
    draw(&bars, 0f64..right, &axis, title, path)
}

/// A bar per comparison: CPython's time over Rust's, on a log scale from 1x (the same speed).
pub fn times_faster(ratios: &[(String, f64)], title: &str, path: &Path) -> Result<(), String> {
    let low = ratios.iter().map(|&(_, r)| r).fold(0.5, f64::min) / 1.5;
    let high = ratios.iter().map(|&(_, r)| r).fold(2.0, f64::max) * 3.0;
    let bars: Vec<Bar> = (ratios.iter())
        .map(|(label, ratio)| Bar {
            label: label.clone(),
            language: Language::Rust,
            value: *ratio,
        })
        .collect();
    let axis = Axis {
        origin: 1.0,
        description: "CPython's time / Rust's time (log scale): how many times faster Rust is",
        tick: Some(|x| format!("{x}x")),
        value: |ratio| format!("{ratio:.1}x"),
    };
    draw(&bars, (low..high).log_scale(), &axis, title, path)
}

fn colour(language: Language) -> RGBColor {
    match language {
        Language::Rust => RGBColor(0xd9, 0x48, 0x1c),
        Language::CPython => RGBColor(0x1f, 0x6f, 0xb4),
    }
}

fn draw<X>(bars: &[Bar], x: X, axis: &Axis, title: &str, path: &Path) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
{
    let rows = bars.len().max(1);
    let label_of = |row: &SegmentValue<usize>| match row {
        // Row 0 is at the bottom: the first bar goes at the top.
        SegmentValue::CenterOf(row) => bars
            .len()
            .checked_sub(row + 1)
            .map_or(String::new(), |i| bars[i].label.clone()),
        _ => String::new(),
    };
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    let drawn = (|| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 20))
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(320)
            // A segmented range holds its end too: 0..n-1 gives n rows.
            .build_cartesian_2d(x, (0..rows - 1).into_segmented())?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_y_mesh()
            .y_labels(rows)
            .y_label_formatter(&label_of)
            .x_desc(axis.description)
            .axis_desc_style((FONT, 16))
            .label_style((FONT, 14));
        if let Some(tick) = &axis.tick {
            mesh.x_label_formatter(tick);
        }
        mesh.draw()?;
        for (i, bar) in bars.iter().enumerate() {
            let row = bars.len() - 1 - i;
            let mut rectangle = Rectangle::new(
                [
                    (axis.origin, SegmentValue::Exact(row)),
                    (bar.value, SegmentValue::Exact(row + 1)),
                ],
                colour(bar.language).filled(),
            );
            rectangle.set_margin(6, 6, 0, 0);
            chart.draw_series([rectangle])?;
            chart.draw_series([Text::new(
                format!(" {}", (axis.value)(bar.value)),
                (bar.value.max(axis.origin), SegmentValue::CenterOf(row)),
                TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            )])?;
        }
        let origin = [
            (axis.origin, SegmentValue::Exact(0)),
            (axis.origin, SegmentValue::Exact(rows)),
        ];
        chart.draw_series(LineSeries::new(origin, BLACK))?;
        root.present()
    })();
    drawn.map_err(|e| format!("{}: {e}", path.display()))
}
