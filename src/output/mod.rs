//! The output stage: results for people (`human`) and for programs (`json`, one object per line).

pub mod human;
pub mod json;
pub mod views;

use std::io::{self, Write};

use crate::model::NewsDate;
use crate::search::Hit;

/// How highlights and headers look on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub mark_open: &'static str,
    pub mark_close: &'static str,
    pub strong_open: &'static str,
    pub strong_close: &'static str,
    pub dim_open: &'static str,
    pub dim_close: &'static str,
}

impl Style {
    /// No escape codes at all: for pipes and files.
    pub const PLAIN: Style = Style {
        mark_open: "",
        mark_close: "",
        strong_open: "",
        strong_close: "",
        dim_open: "",
        dim_close: "",
    };
    /// Bold red highlights, bold titles, dim metadata.
    pub const COLOR: Style = Style {
        mark_open: "\x1b[1;31m",
        mark_close: "\x1b[0m",
        strong_open: "\x1b[1m",
        strong_close: "\x1b[0m",
        dim_open: "\x1b[2m",
        dim_close: "\x1b[0m",
    };
    /// For terminals where colour is unwanted (NO_COLOR): bold underlined highlights.
    pub const MONO: Style = Style {
        mark_open: "\x1b[1;4m",
        mark_close: "\x1b[0m",
        strong_open: "\x1b[1m",
        strong_close: "\x1b[0m",
        dim_open: "",
        dim_close: "",
    };

    /// `always` colours; `auto` colours a terminal unless NO_COLOR is set, which asks for
    /// bold/underline instead; `never` and anything not a terminal get plain text.
    pub fn choose(when: ColorWhen, is_terminal: bool, no_color: bool) -> Style {
        match when {
            ColorWhen::Always => Style::COLOR,
            ColorWhen::Never => Style::PLAIN,
            ColorWhen::Auto if !is_terminal => Style::PLAIN,
            ColorWhen::Auto if no_color => Style::MONO,
            ColorWhen::Auto => Style::COLOR,
        }
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A date as a reader wants it, saying what is not known.
pub fn human_date(date: Option<&NewsDate>) -> String {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let Some(date) = date else { return "date unknown".into() };
    if date.year_value().is_none() {
        let month = date.month_value().and_then(|m| MONTHS.get((m as usize).wrapping_sub(1))).unwrap_or(&"?");
        return format!("{month} {}, year unknown", date.day_value().unwrap_or(0));
    }
    if date.year_assumed() { format!("{date} (year assumed)") } else { date.to_string() }
}

/// Writes ranked hits: one JSON object per line, or numbered for people.
pub fn write_hits(out: &mut dyn Write, hits: &[Hit], as_json: bool, style: &Style) -> io::Result<()> {
    for hit in hits {
        if as_json {
            json::write_hit(out, hit)?;
        } else {
            human::write_hit(out, hit, style)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColorWhen as ColorArg;

    #[test]
    fn colour_follows_the_terminal_and_no_color() {
        assert_eq!(Style::choose(ColorArg::Auto, true, false), Style::COLOR);
        assert_eq!(Style::choose(ColorArg::Auto, true, true), Style::MONO);
        assert_eq!(Style::choose(ColorArg::Auto, false, false), Style::PLAIN);
        assert_eq!(Style::choose(ColorArg::Always, false, true), Style::COLOR);
        assert_eq!(Style::choose(ColorArg::Never, true, false), Style::PLAIN);
    }

    #[test]
    fn dates_say_what_is_unknown() {
        assert_eq!(human_date(None), "date unknown");
        assert_eq!(human_date(NewsDate::month_day(7, 31).as_ref()), "Jul 31, year unknown");
        assert_eq!(human_date(NewsDate::day(2024, 7, 31).as_ref()), "2024-07-31");
        let assumed = NewsDate::month_day(7, 31).and_then(|d| d.with_default_year(2024));
        assert_eq!(human_date(assumed.as_ref()), "2024-07-31 (year assumed)");
    }
}
