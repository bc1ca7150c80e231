//! The word lists newsdex ships in `data/` (boilerplate phrases, agencies, month names, …): how
//! their files are read, and the month names that several stages share. Each list is built into
//! the binary with `include_str!` and parsed once, where it is used.
//!
//! A list file holds one entry a line. Lines starting with `#` are comments (every file opens
//! with where its list comes from and how to extend it) and blank lines are skipped. Entries are
//! trimmed, so one whose spaces matter is written in double quotes (`"more from "`); an entry of
//! several fields separates them with `|`.

use std::sync::LazyLock;

/// The entries of a list file, in order.
pub fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.strip_prefix('"').and_then(|quoted| quoted.strip_suffix('"')).unwrap_or(line))
}

/// The `|`-separated fields of an entry, trimmed.
pub fn fields(entry: &'static str) -> impl Iterator<Item = &'static str> {
    entry.split('|').map(str::trim)
}

/// A regex alternation matching any of `phrases` (no capture group), each phrase's spaces
/// standing for any run of whitespace.
pub fn alternation<'a>(phrases: impl IntoIterator<Item = &'a str>) -> String {
    let alternatives: Vec<String> = phrases
        .into_iter()
        .map(|phrase| phrase.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"\s+"))
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

/// Each month's spellings (lower case, the full name first), January first.
pub static MONTHS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    entries(include_str!("../data/months.txt")).map(|line| fields(line).collect()).collect()
});

/// The number of the month `name` spells (January is 1), in any ASCII case.
pub fn month_number(name: &str) -> Option<i8> {
    let index = MONTHS.iter().position(|spellings| spellings.iter().any(|s| s.eq_ignore_ascii_case(name)))?;
    i8::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_blank_lines_and_keep_quoted_spaces() {
        let file = "# a comment\n\nadvertisement\n  read more:  \n\"more from \"\nUPI | United Press\n";
        assert_eq!(
            entries(file).collect::<Vec<_>>(),
            ["advertisement", "read more:", "more from ", "UPI | United Press"]
        );
        assert_eq!(fields("UPI | United Press").collect::<Vec<_>>(), ["UPI", "United Press"]);
    }

    #[test]
    fn alternations_escape_and_let_spaces_stretch() {
        let pattern =
            regex::Regex::new(&format!("^{}$", alternation(["ap images", "epa-efe", "a.b"]))).unwrap();
        assert!(pattern.is_match("ap  images") && pattern.is_match("epa-efe") && pattern.is_match("a.b"));
        assert!(!pattern.is_match("apimages") && !pattern.is_match("axb"));
    }

    #[test]
    fn months_are_numbered_by_every_spelling() {
        assert_eq!(MONTHS.len(), 12);
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("FEB"), Some(2));
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("sep"), Some(9));
        assert_eq!(month_number("dec"), Some(12));
        assert_eq!(month_number("decem"), None);
        assert_eq!(month_number(""), None);
    }
}
