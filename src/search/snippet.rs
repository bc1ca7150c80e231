//! Marks exactly what matched in a passage and picks the fragment to show. Written here rather
//! than with tantivy's `SnippetGenerator`, which marks every word of a phrase wherever it stands:
//! a phrase is marked only where the whole phrase occurs (by the rule the index matches phrases
//! with), keywords wherever their stem occurs, prefixes wherever a word starts with them.

use std::ops::Range;

use super::matching::phrase_matches;
use super::query::{Highlights, WordPattern};
use crate::extract::passages::is_sentence_end;
use crate::index::analysis::{Analyzer, Word};

/// A passage's fragment to show and every highlighted byte range of the passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub fragment: Range<usize>,
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The fragment with `open`/`close` around its highlights and "…" where the passage was cut.
    pub fn marked(&self, text: &str, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 16);
        if self.fragment.start > 0 {
            out.push('…');
        }
        let mut at = self.fragment.start;
        for range in &self.highlights {
            let start = range.start.max(self.fragment.start);
            let end = range.end.min(self.fragment.end);
            if start >= end {
                continue;
            }
            out.push_str(&text[at..start]);
            out.push_str(open);
            out.push_str(&text[start..end]);
            out.push_str(close);
            at = end;
        }
        out.push_str(&text[at..self.fragment.end]);
        if self.fragment.end < text.len() {
            out.push('…');
        }
        out
    }
}

/// Byte ranges of `text` to mark, in order and not overlapping. A sloppy phrase marks its
/// words alone; an exact one, the whole phrase.
pub fn highlight(text: &str, highlights: &Highlights) -> Vec<Range<usize>> {
    if highlights.patterns.is_empty() {
        return Vec::new();
    }
    let words = Analyzer::with(|analyzer| analyzer.words(text));
    let at = |position: u32| words.binary_search_by_key(&position, |w| w.position).ok().map(|i| &words[i]);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for pattern in &highlights.patterns {
        let positions: Vec<Vec<u32>> = pattern
            .words
            .iter()
            .map(|wanted| words.iter().filter(|w| matches(wanted, w)).map(|w| w.position).collect())
            .collect();
        for found in phrase_matches(&positions, pattern.slop) {
            let (Some(first), Some(last)) = (found.first(), found.last()) else { continue };
            if pattern.slop == 0 {
                if let (Some(a), Some(b)) = (at(*first), at(*last)) {
                    ranges.push(a.range.start..b.range.end);
                }
            } else {
                ranges.extend(found.iter().filter_map(|&p| at(p)).map(|w| w.range.clone()));
            }
        }
    }
    merge(ranges)
}

fn matches(wanted: &WordPattern, word: &Word) -> bool {
    match wanted {
        WordPattern::Stem(stem) => word.stem.as_deref() == Some(stem.as_str()),
        WordPattern::Exact(exact) => word.exact == *exact,
        WordPattern::Prefix(prefix) => word.exact.starts_with(prefix.as_str()),
    }
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Picks the fragment of at most about `max_chars` characters holding the most highlights,
/// starting at a sentence where it can and ending at a sentence or word boundary.
pub fn snippet(text: &str, highlights: Vec<Range<usize>>, max_chars: usize) -> Snippet {
    let max_chars = max_chars.max(1);
    if text.chars().count() <= max_chars {
        return Snippet { fragment: 0..text.len(), highlights };
    }
    let mut starts = sentence_starts(text);
    let window_end =
        |start: usize| text[start..].char_indices().nth(max_chars).map_or(text.len(), |(i, _)| start + i);
    let covered =
        |start: usize, end: usize| highlights.iter().filter(|h| h.start >= start && h.end <= end).count();
    let reached = starts.iter().any(|&s| covered(s, window_end(s)) > 0);
    if let (false, Some(first)) = (reached, highlights.first()) {
        // The matches lie deep in a long sentence: start a little before the first one.
        let lead = text[..first.start].char_indices().rev().nth(max_chars / 4).map_or(0, |(i, _)| i);
        starts.push(word_start(text, lead));
    }
    // Most highlights first; among equals, the start nearest the matches, so that the matching
    // sentence opens the snippet.
    let start = if highlights.is_empty() {
        0
    } else {
        starts.iter().copied().max_by_key(|&s| (covered(s, window_end(s)), s)).unwrap_or(0)
    };
    let limit = window_end(start);
    let end = if limit >= text.len() { text.len() } else { cut_end(text, start, limit, &highlights) };
    Snippet { fragment: start..end, highlights }
}

/// Byte offsets where sentences (or paragraphs) begin, by the same rule passages are split with.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_whitespace() || chars.peek().is_some_and(|(_, n)| n.is_whitespace()) {
            continue;
        }
        let Some(&(next_at, next)) = chars.peek() else { break };
        if text[..i].ends_with('\n') || is_sentence_end(text[..i].trim_end(), next) {
            starts.push(next_at);
        }
    }
    starts
}

/// Backs up from `at` to the start of its word.
fn word_start(text: &str, at: usize) -> usize {
    // Just after the white space, which may take more than a byte (a no-break space).
    text[..at].char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8())
}

/// Ends the fragment at the last sentence end before `limit` when that keeps most of it,
/// else at the last word boundary, never cutting a highlight in two.
fn cut_end(text: &str, start: usize, limit: usize, highlights: &[Range<usize>]) -> usize {
    let window = &text[start..limit];
    let sentence_end = window.rfind(['.', '!', '?']).map(|i| start + i + 1);
    let mut end = match sentence_end {
        Some(end) if (end - start) * 3 >= window.len() * 2 => end,
        _ => window.rfind(char::is_whitespace).map_or(limit, |i| start + i),
    };
    // A highlight that began before the fragment is cut at its start already: backing up to
    // its start would end the fragment before it begins.
    if let Some(cut) = highlights.iter().find(|h| h.start > start && h.start < end && h.end > end) {
        end = cut.start;
    }
    let trimmed_end = start + text[start..end].trim_end().len();
    if trimmed_end > start { trimmed_end } else { limit }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::NewsIndex;
    use crate::search::NewsSearcher;
    use crate::search::query::{Filters, build};

    fn marks(query: &str, text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let news = NewsSearcher::open(&index).unwrap();
        let plan = build(&index, &news.searcher, &news.stats, query, false, &Filters::default()).unwrap();
        let ranges = highlight(text, &plan.highlights);
        Snippet { fragment: 0..text.len(), highlights: ranges }.marked(text, "[", "]")
    }

    #[test]
    fn a_phrase_is_marked_only_where_it_occurs_whole() {
        assert_eq!(
            marks(r#""surging hatred""#, "A surging tide of hatred, then a Surging Hatred."),
            "A surging tide of hatred, then a [Surging Hatred]."
        );
    }

    #[test]
    fn keywords_are_marked_in_every_stemmed_form() {
        assert_eq!(
            marks("flooding", "Floods flooded the flood plain."),
            "[Floods] [flooded] the [flood] plain."
        );
    }

    #[test]
    fn sloppy_phrases_mark_their_words_and_prefixes_their_words() {
        assert_eq!(
            marks(r#""storm surge"~1"#, "A storm and surge; tennis."),
            "A [storm] and [surge]; tennis."
        );
        assert_eq!(marks(r#""table ten"*"#, "Table tennis, table tops."), "[Table tennis], table tops.");
        assert_eq!(marks(r#""storm surge""#, "A storm and surge."), "A storm and surge.");
    }

    #[test]
    fn field_queries_mark_body_matches_exactly_and_title_matches_not_at_all() {
        assert_eq!(
            marks(r#"body:"storm surge"~1"#, "A storm and surge; a storm, then rain, then surge."),
            "A [storm] and [surge]; a storm, then rain, then surge."
        );
        assert_eq!(marks("body:flooding", "Floods flooded the plain."), "[Floods] [flooded] the plain.");
        assert_eq!(marks(r#"body:"table ten"*"#, "Table tennis, table tops."), "[Table tennis], table tops.");
        assert_eq!(
            marks(r#"title:"storm surge" title:flood"#, "A storm surge flooded it."),
            "A storm surge flooded it."
        );
    }

    #[test]
    fn stop_words_are_not_marked_but_phrases_with_them_are() {
        assert_eq!(marks("the harbour", "The harbour and the sea."), "The [harbour] and the sea.");
        assert_eq!(marks(r#""the harbour""#, "The harbour and the sea."), "[The harbour] and the sea.");
        assert_eq!(
            marks("state-of-the-art", "A state-of-the-art wall; the art of the state."),
            "A [state-of-the-art] wall; the art of the state."
        );
    }

    #[test]
    fn quoted_words_match_exactly_but_keywords_by_stem() {
        assert_eq!(marks(r#""selfie""#, "One selfie, two selfies."), "One [selfie], two selfies.");
        assert_eq!(marks("selfie", "One selfie, two selfies."), "One [selfie], two [selfies].");
    }

    #[test]
    fn the_fragment_holds_the_highlights_and_ends_at_a_boundary() {
        let text = "Crews worked all night on Aug. 3 in the port. Roads were closed for hours. \
                    The storm surge reached the harbour at dawn. Officials said more rain was due.";
        let at = text.find("storm surge").unwrap();
        let snippet = snippet(text, std::iter::once(at..at + 11).collect(), 60);
        let shown = &text[snippet.fragment.clone()];
        assert!(shown.starts_with("The storm surge"), "{shown}");
        assert!(shown.ends_with("dawn."), "{shown}");
        assert_eq!(snippet.marked(text, "<", ">"), "…The <storm surge> reached the harbour at dawn.…");
    }

    #[test]
    fn sentences_do_not_start_after_abbreviations() {
        let text = "BUSAN, Aug. 3 (UPI) -- Water rose. Mr. Ha spoke.\n\nNext paragraph.";
        let starts: Vec<&str> = sentence_starts(text).into_iter().map(|i| &text[i..]).collect();
        assert_eq!(starts, [text, "Mr. Ha spoke.\n\nNext paragraph.", "Next paragraph."]);
    }

    #[test]
    fn a_match_deep_in_a_long_sentence_is_shown_with_some_lead() {
        let text = format!("{} and then the storm surge came.", "word ".repeat(100));
        let at = text.find("storm surge").unwrap();
        let snippet = snippet(&text, std::iter::once(at..at + 11).collect(), 80);
        assert!(snippet.fragment.start > 0 && snippet.fragment.start < at);
        assert!(snippet.fragment.end >= at + 11);
    }

    #[test]
    fn short_passages_are_shown_whole_and_cuts_respect_characters() {
        let snippet_all = snippet("Short text.", vec![], 100);
        assert_eq!(snippet_all.fragment, 0..11);
        let korean = "부산 항구 ".repeat(40);
        let cut = snippet(&korean, vec![], 25);
        assert!(korean.is_char_boundary(cut.fragment.end));
        assert!(!cut.marked(&korean, "", "").is_empty());
    }

    #[test]
    fn a_lead_backs_up_past_a_space_of_several_bytes() {
        // The word before the match starts after a no-break space (two bytes in UTF-8).
        let text = "flooding\u{a0}flooding storm ";
        let shown = snippet(text, std::iter::once(19..24).collect(), 7);
        assert_eq!(shown.fragment, 10..17);
        assert_eq!(shown.marked(text, "[", "]"), "…floodin…");
    }

    #[test]
    fn a_phrase_across_the_fragment_start_does_not_end_it_early() {
        // The phrase "tennis café 부산" spans the paragraph break the fragment starts at.
        let text = "tennis\n\ncafé -- 부산 ";
        let shown = snippet(text, std::iter::once(0..23).collect(), 1);
        assert_eq!(shown.fragment, 8..9);
        assert_eq!(shown.marked(text, "[", "]"), "…[c]…");
    }

    #[test]
    fn nothing_to_highlight_marks_nothing() {
        assert!(highlight("Any text at all.", &Highlights::default()).is_empty());
    }

    #[test]
    fn prefixes_mark_every_word_they_begin() {
        assert_eq!(marks("kor*", "Korea and South Korean fans."), "[Korea] and South [Korean] fans.");
    }
}
