//! Turns scraped article text into clean paragraphs.
//!
//! [`split_paragraphs`] finds the paragraphs (blank-line blocks, one paragraph per line, or
//! hard-wrapped prose joined back) and normalises their whitespace; [`clean_paragraphs`] then
//! removes what a scraper picked up besides the article: page furniture ("Advertisement",
//! "Read more: …"), gallery markers, WordPress caption shortcodes, photo credits, wire trailers,
//! copyright and cookie notices, repeated paragraphs and stray HTML entities. Every step is a
//! single pass or looks at a bounded window, so a huge single-line input stays linear. This file
//! runs the steps in order and drops repeats; each step has its own file.

mod boilerplate;
mod captions;
mod credits;
mod paragraphs;

use std::borrow::Cow;
use std::collections::HashSet;

use boilerplate::is_boilerplate;
use captions::{CAPTION_CLOSE, GALLERY_MARKER, strip_caption_shortcodes};
use credits::strip_trailing_credits;
pub use paragraphs::split_paragraphs;
use paragraphs::{ends_sentence, normalise_whitespace};

use crate::ingest::references::decode_html;
use crate::model::entity_key;

/// Shorter repeats are kept: a "Yes." or "No." may recur in an interview.
const DEDUP_MIN_CHARS: usize = 12;
/// Short lines without final punctuation are labels that a structured article repeats on purpose
/// ("Winners meet in final match" under each group of fixtures): repeats this short are kept.
const REPEATED_LABEL_MAX_CHARS: usize = 40;

/// Removes boilerplate from paragraphs, in order. Returns the kept paragraphs.
pub fn clean_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    // A caption opened in one paragraph may close in a later one; only then is what lies between
    // caption text. Computed from the back so the whole pass stays linear.
    let mut close_ahead = vec![false; paragraphs.len()];
    for i in (0..paragraphs.len().saturating_sub(1)).rev() {
        close_ahead[i] = close_ahead[i + 1] || paragraphs[i + 1].contains(CAPTION_CLOSE);
    }

    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(paragraphs.len());
    let mut inside_caption = false;
    for (index, paragraph) in paragraphs.into_iter().enumerate() {
        if inside_caption && !paragraph.contains(CAPTION_CLOSE) {
            continue;
        }
        let (text, left_open) = clean_paragraph(&paragraph, close_ahead[index]);
        inside_caption = left_open;
        if text.is_empty() || is_boilerplate(&text) {
            continue;
        }
        // Repeats are told apart by their words alone: case, spacing, quotes and punctuation aside.
        let key = entity_key(&text);
        let key_chars = key.chars().count();
        let may_repeat =
            key_chars < DEDUP_MIN_CHARS || (key_chars < REPEATED_LABEL_MAX_CHARS && !ends_sentence(&text));
        if !may_repeat && !seen.insert(key) {
            continue;
        }
        // A paragraph that needed no change is kept as it came, without a copy.
        let changed = match text {
            Cow::Borrowed(same) if same.len() == paragraph.len() => None,
            text => Some(text.into_owned()),
        };
        kept.push(changed.unwrap_or(paragraph));
    }
    kept
}

/// One paragraph with its references decoded, captions, gallery marker and trailing credits
/// removed and whitespace normalised, and whether a caption it opens goes on past it.
fn clean_paragraph(paragraph: &str, close_ahead: bool) -> (Cow<'_, str>, bool) {
    let decoded = decode_html(paragraph);
    let (uncaptioned, left_open) = strip_caption_shortcodes(&decoded, close_ahead);
    let text = match normalise_whitespace(&uncaptioned) {
        // Still borrowed from the paragraph itself when nothing before changed it.
        Cow::Borrowed(_) if matches!((&decoded, &uncaptioned), (Cow::Borrowed(_), Cow::Borrowed(_))) => {
            Cow::Borrowed(paragraph)
        }
        normalised => Cow::Owned(normalised.into_owned()),
    };
    // The marker starts with a digit: most paragraphs are passed without running the pattern.
    let without_marker = |text: &str| match text.starts_with(|c: char| c.is_numeric()) {
        true => GALLERY_MARKER.find(text).map_or(0, |marker| marker.end()),
        false => 0,
    };
    let cleaned = match text {
        Cow::Borrowed(text) => strip_trailing_credits(&text[without_marker(text)..]),
        Cow::Owned(text) => Cow::Owned(strip_trailing_credits(&text[without_marker(&text)..]).into_owned()),
    };
    (cleaned, left_open)
}

/// split_paragraphs then clean_paragraphs.
pub fn clean_text(text: &str) -> Vec<String> {
    clean_paragraphs(split_paragraphs(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    pub(super) fn clean(items: &[&str]) -> Vec<String> {
        clean_paragraphs(strings(items))
    }

    #[test]
    fn empty_and_blank_inputs_give_no_paragraphs() {
        assert!(split_paragraphs("").is_empty());
        assert!(split_paragraphs(" \n\t\n\u{a0}\u{200b}\n").is_empty());
        assert!(clean_text("\n\n").is_empty());
    }

    #[test]
    fn repeated_paragraphs_are_kept_once() {
        let kept = clean(&[
            "Officials said the \u{201c}talks\u{201d} would resume next week in Geneva.",
            "The vote passed by a narrow margin.",
            "officials said the \"talks\"  would resume next week in geneva",
            "The vote passed by a narrow margin!",
            "Yes.",
            "Yes.",
            "Winners meet in the final",
            "Winners meet in the final",
            "Rescue crews search the collapsed market in Hatay",
            "Rescue crews search the collapsed market in Hatay",
        ]);
        assert_eq!(
            kept,
            [
                "Officials said the \u{201c}talks\u{201d} would resume next week in Geneva.",
                "The vote passed by a narrow margin.",
                "Yes.",
                "Yes.",
                "Winners meet in the final",
                "Winners meet in the final",
                "Rescue crews search the collapsed market in Hatay",
            ]
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            clean(&[
                "Smith &amp; Sons&nbsp;said it&#8217;s &quot;fine&quot; &#x2014; &#146;mostly&#146; &bogus; & more &#0;"
            ]),
            ["Smith & Sons said it\u{2019}s \"fine\" \u{2014} \u{2019}mostly\u{2019} &bogus; & more &#0;"]
        );
        assert_eq!(clean(&["&nbsp;"]), Vec::<String>::new());
    }

    #[test]
    fn scraped_gallery_article_keeps_caption_once() {
        let text = "Advertisement\n\n\
            Floods cut off mountain villages\n\n\
            Soldiers carry supplies across a washed-out bridge in Gangwon Province on Sunday. Photo by Yonhap\n\
            1 of 4 | Soldiers carry supplies across a washed-out bridge in Gangwon Province on Sunday. Photo by Yonhap\n\n\
            Aug. 4 (UPI) -- Heavy rain cut off dozens of villages in the northeast on Sunday.\n\n\
            Advertisement\n\n\
            Rescue teams reached most of them by nightfall.\n\n\
            Latest Headlines\n";
        assert_eq!(
            clean_text(text),
            [
                "Floods cut off mountain villages",
                "Soldiers carry supplies across a washed-out bridge in Gangwon Province on Sunday.",
                "Aug. 4 (UPI) -- Heavy rain cut off dozens of villages in the northeast on Sunday.",
                "Rescue teams reached most of them by nightfall.",
            ]
        );
    }

    #[test]
    fn scraped_caption_fragments_leave_the_sentence() {
        let text = "Rivals share the stage\n\
            The two captains posed for a photo together after the match[/caption] Fans of both teams waved flags in the stands[/caption]Despite the friendly scenes, officials warned of new tensions.\n\
            The two captains posed for a photo together after the match. Photo by Ana Silva/UPI\n\
            - Old rivalry\n\
            The clubs have met 112 times since 1950.";
        let kept = clean_text(text);
        assert_eq!(
            kept,
            [
                "Rivals share the stage",
                "Despite the friendly scenes, officials warned of new tensions.",
                "The two captains posed for a photo together after the match.",
                "- Old rivalry",
                "The clubs have met 112 times since 1950.",
            ]
        );
        assert!(kept.iter().all(|p| !p.contains("Photo by") && !p.contains("[/caption]")));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let inputs = [
            "[caption",
            "[/caption][caption][/caption]",
            "&#",
            "&#x110000;",
            "&#xD800;",
            "1 of 4 |",
            "Photo by",
            "(",
            "한국어 문장입니다. 사진 연합뉴스",
            "😀 Emoji headline 😀\n\n😀",
            "é\u{301}\u{200d}",
        ];
        for input in inputs {
            let _ = clean_text(input);
        }
        let long_line = "word ".repeat(100_000) + "Photo by Yonhap";
        assert_eq!(clean_text(&long_line)[0].len(), "word ".len() * 100_000 - 1);
    }
}
