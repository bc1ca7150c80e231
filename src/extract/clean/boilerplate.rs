//! Whole paragraphs that are not the article: page furniture ("Advertisement", "Share this
//! article"), short link lead-ins ("Read more: …"), copyright and cookie notices, comment
//! counters and wire trailers. The phrases are the lists in `data/`.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use super::paragraphs::ends_sentence;
use crate::word_lists::entries;

/// Lines that are page furniture, compared lowercased with trailing punctuation removed.
static BOILERPLATE_LINES: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| entries(include_str!("../../../data/boilerplate-lines.txt")).collect());

/// Lead-ins ending in a colon that announce a link, a video or a tag list when the line is short.
static LEAD_IN_PREFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("../../../data/boilerplate-lead-ins.txt")).collect());

/// Link texts: boilerplate when the line is short and is not a sentence (no final full stop),
/// so "Related talks will resume next week." is never matched by anything here.
static LINK_PREFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("../../../data/boilerplate-links.txt")).collect());

/// Lead-ins and link texts mark a line as boilerplate only when it is this short (in chars).
const SHORT_LINE_CHARS: usize = 60;

/// Copyright notices begin like this (lowercased).
static COPYRIGHT_PREFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("../../../data/copyright-prefixes.txt")).collect());

/// Cookie and consent banners begin like this (lowercased).
static CONSENT_PREFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("../../../data/consent-prefixes.txt")).collect());

/// Notices (copyright, cookies, wire trailers) are short; a longer paragraph is article text.
const NOTICE_MAX_CHARS: usize = 400;

/// A wire service's closing line: "Reporting by …; Editing by …".
pub(super) static WIRE_TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:additional\s+)?(?:reporting|writing|editing|compiled|research|graphics)\s+by\s+[^;()]+;?\s*)+\.?$",
    )
    .expect("valid regex")
});

/// "Copyright 2024 …": a year (or ©) must follow, so "Copyright lawsuits rose…" stays.
static COPYRIGHT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^copyright\s+(?:©\s*)?(?:19|20)\d\d\b").expect("valid regex"));

/// A comment counter: "12 Comments".
static COMMENT_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\d+\s+comments?$").expect("valid regex"));

/// Whole-paragraph boilerplate: page furniture, short link lead-ins, notices.
pub(super) fn is_boilerplate(text: &str) -> bool {
    // Notices and furniture are short; skip the work on long paragraphs.
    if text.len() > NOTICE_MAX_CHARS * 4 {
        return false;
    }
    let chars = text.chars().count();
    if chars > NOTICE_MAX_CHARS {
        return false;
    }
    let lower = text.to_lowercase().replace(['’', '‘'], "'");
    let bare = lower.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '.' | ':' | ';' | '!' | '…' | '»' | '›' | '>' | '|' | '-' | '–' | '—' | '→')
    });
    // Each pattern is tried only on text that starts as it must (a number, "copyright").
    let comment_count = bare.starts_with(|c: char| c.is_numeric()) && COMMENT_COUNT.is_match(bare);
    if BOILERPLATE_LINES.contains(&bare) || comment_count {
        return true;
    }
    if chars < SHORT_LINE_CHARS {
        if LEAD_IN_PREFIXES.iter().any(|p| lower.starts_with(p)) {
            return true;
        }
        if !ends_sentence(text) && LINK_PREFIXES.iter().any(|p| lower.starts_with(p)) {
            return true;
        }
    }
    COPYRIGHT_PREFIXES.iter().any(|p| lower.starts_with(p))
        || (lower.starts_with("copyright") && COPYRIGHT_YEAR.is_match(&lower))
        || lower.contains("all rights reserved")
        || CONSENT_PREFIXES.iter().any(|p| lower.starts_with(p))
        || (text.contains(';') && WIRE_TRAILER.is_match(text))
}
#[cfg(test)]
mod tests {
    use super::super::tests::{clean, strings};

    #[test]
    fn whole_line_boilerplate_is_dropped() {
        let kept = clean(&[
            "Advertisement",
            "ADVERTISEMENT - Scroll to continue",
            "Story continues below advertisement",
            "The ferry left port at dawn.",
            "Latest Headlines",
            "Read More:",
            "Share this article",
            "Related Articles »",
            "Trending",
            "Most Popular",
            "Sign up for our newsletter",
            "Click here to subscribe",
            "Skip to main content",
            "Listen to this article",
            "14 Comments",
            "Watch: Ferry captain describes the storm",
            "More from World News",
            "Read more: Port strikes spread to the north",
            "© 2024 Harbour Press. All rights reserved.",
            "Copyright 2023 Coastal Media Group",
            "We use cookies to improve your experience on our site.",
            "Reporting by Jane Park; Editing by Tom Reid",
            "Passengers were safe, the coast guard said.",
        ]);
        assert_eq!(kept, ["The ferry left port at dawn.", "Passengers were safe, the coast guard said."]);
    }

    #[test]
    fn sentences_starting_with_boilerplate_words_stay() {
        let lines = [
            "Related talks will resume next week.",
            "Share prices fell 3% in early trading.",
            "Trending topics on the platform included the election.",
            "Subscribe numbers for the service doubled, the company said.",
            "Copyright lawsuits against the firm have tripled since 2020.",
            "Comments from the minister drew criticism on Monday.",
            "More from the interview will air on Sunday.",
            "Watch makers in the region reported strong sales.",
            "The advertisement ran in three newspapers.",
            "Cookies and cakes were sold at the fair to raise money.",
        ];
        assert_eq!(clean(&lines), strings(&lines));
    }
}
