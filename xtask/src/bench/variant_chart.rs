//! A chart of time per variant: one horizontal bar per way of doing the same work, coloured by
//! language, with its median written beside it. For the parts that compare a few ways rather
//! than a curve over workers.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::plan::Language;
use super::report::seconds;

const FONT: &str = "sans-serif";
const SIZE: (u32, u32) = (900, 560);

/// One bar: "Rust: 2 threads, a connection each", its median time.
pub struct Bar {
    pub label: String,
    pub language: Language,
    pub seconds: f64,
}

fn colour(language: Language) -> RGBColor {
    match language {
        Language::Rust => RGBColor(0xd9, 0x48, 0x1c),
        Language::CPython => RGBColor(0x1f, 0x6f, 0xb4),
    }
}

/// The bars top to bottom in the order given, on a linear axis of seconds from 0.
pub fn time_per_variant(bars: &[Bar], title: &str, path: &Path) -> Result<(), String> {
    let longest = bars.iter().map(|bar| bar.seconds).fold(0.0, f64::max);
    // Room on the right for the longest bar's label.
    let right = if longest > 0.0 { longest * 1.3 } else { 1.0 };
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
            .build_cartesian_2d(0f64..right, (0..rows - 1).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows)
            .y_label_formatter(&label_of)
            .x_desc("median time, seconds (shorter is faster)")
            .axis_desc_style((FONT, 16))
            .label_style((FONT, 14))
            .draw()?;
        for (i, bar) in bars.iter().enumerate() {
            let row = bars.len() - 1 - i;
            let mut rectangle = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(row)),
                    (bar.seconds, SegmentValue::Exact(row + 1)),
                ],
                colour(bar.language).filled(),
            );
            rectangle.set_margin(6, 6, 0, 0);
            chart.draw_series([rectangle])?;
            chart.draw_series([Text::new(
                format!(" {}", seconds(bar.seconds)),
                (bar.seconds, SegmentValue::CenterOf(row)),
                TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            )])?;
        }
        root.present()
    })();
    drawn.map_err(|e| format!("{}: {e}", path.display()))
}
