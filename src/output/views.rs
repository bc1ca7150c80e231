//! Views of a whole result set, printed after its hits: facets (top values with article counts)
//! and the timeline (a bar per period), for people and as one JSON line each.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Style;
use crate::search::facets::FacetCounts;
use crate::search::stats::Count;
use crate::search::timeline::Timeline;

/// The longest bar, in characters.
const BAR_WIDTH: usize = 40;
/// This many periods without articles in a row are shown as one line.
const GAP_LINES: usize = 3;

pub fn write_facets(out: &mut dyn Write, facets: &[FacetCounts], style: &Style) -> io::Result<()> {
    for facet in facets {
        writeln!(out, "\n{}{} (articles):{}", style.strong_open, facet.facet.name(), style.strong_close)?;
        if facet.values.is_empty() {
            writeln!(out, "  none")?;
        }
        for value in &facet.values {
            writeln!(out, "  {:>8}  {}", value.articles, value.name)?;
        }
    }
    Ok(())
}

pub fn write_timeline(out: &mut dyn Write, timeline: &Timeline, style: &Style) -> io::Result<()> {
    let unit = timeline.bucket.name();
    writeln!(out, "\n{}articles by {unit}:{}", style.strong_open, style.strong_close)?;
    let periods = timeline.with_gaps();
    let max = periods.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let label_width = periods.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    let mut i = 0;
    while i < periods.len() {
        let empty_run = periods[i..].iter().take_while(|(_, n)| *n == 0).count();
        if empty_run >= GAP_LINES {
            writeln!(out, "  {:>label_width$}  ({empty_run} {unit}s without articles)", "⋮")?;
            i += empty_run;
            continue;
        }
        let (label, articles) = &periods[i];
        writeln!(out, "  {label:<label_width$}  {:<BAR_WIDTH$}  {articles}", bar(*articles, max))?;
        i += 1;
    }
    if periods.is_empty() {
        writeln!(out, "  no dated articles")?;
    }
    if timeline.undated > 0 {
        writeln!(out, "  {} articles without a known year are not on the timeline", timeline.undated)?;
    }
    Ok(())
}

/// A bar of full blocks and one partial block, `value / max` of the full width.
fn bar(value: u64, max: u64) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max == 0 {
        return String::new();
    }
    let eighths = (value * BAR_WIDTH as u64 * 8).div_ceil(max) as usize;
    let mut bar = "█".repeat(eighths / 8);
    bar.push_str(PARTS[eighths % 8]);
    bar
}

/// `{"facets": {"source": [{"name": …, "articles": …}], …}}`, one line.
pub fn write_facets_json(out: &mut dyn Write, facets: &[FacetCounts]) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &FacetsJson { facets: facets_json(facets) })?;
    writeln!(out)
}

#[derive(Serialize)]
struct FacetsJson<'a> {
    facets: BTreeMap<&'static str, &'a [Count]>,
}

/// Each facet's values by facet name, as `query --json` and the HTTP API give them.
pub fn facets_json(facets: &[FacetCounts]) -> BTreeMap<&'static str, &[Count]> {
    facets.iter().map(|f| (f.facet.name(), f.values.as_slice())).collect()
}

/// The timeline as `query --json` prints it (and the HTTP API returns it).
#[derive(Serialize)]
pub struct TimelineJson<'a> {
    timeline: &'a [crate::search::timeline::Period],
    bucket: &'static str,
    undated: u64,
}

/// `{"timeline": [{"start", "label", "articles"}, …], "bucket": …, "undated": …}`, one line.
pub fn write_timeline_json(out: &mut dyn Write, timeline: &Timeline) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &timeline_json(timeline))?;
    writeln!(out)
}

pub fn timeline_json(timeline: &Timeline) -> TimelineJson<'_> {
    TimelineJson { timeline: &timeline.periods, bucket: timeline.bucket.name(), undated: timeline.undated }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::timeline::{Bucket, Period};

    #[test]
    fn bars_scale_to_the_largest_period() {
        assert_eq!(bar(10, 10).chars().count(), BAR_WIDTH);
        assert_eq!(bar(5, 10), "█".repeat(BAR_WIDTH / 2));
        assert_eq!(bar(1, 80), "▌");
        assert_eq!(bar(0, 10), "");
    }

    #[test]
    fn a_timeline_draws_a_line_per_period_and_shortens_long_gaps() {
        let period = |start: &str, label: &str, articles| Period {
            start: start.into(),
            label: label.into(),
            articles,
        };
        let timeline = Timeline {
            bucket: Bucket::Month,
            periods: vec![
                period("2024-01-01", "2024-01", 2),
                period("2024-02-01", "2024-02", 1),
                period("2024-09-01", "2024-09", 4),
            ],
            undated: 3,
        };
        let mut out = Vec::new();
        write_timeline(&mut out, &timeline, &Style::PLAIN).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "articles by month:");
        assert!(
            lines[2].starts_with("  2024-01  ████████████████████  ") && lines[2].ends_with("  2"),
            "{text}"
        );
        assert!(lines[3].starts_with("  2024-02  ██████████  "), "{text}");
        assert_eq!(lines[4].trim(), "⋮  (6 months without articles)");
        assert!(lines[5].ends_with(&format!("{}  4", "█".repeat(BAR_WIDTH))), "{text}");
        assert_eq!(lines[6], "  3 articles without a known year are not on the timeline");
    }
}
