//! Photo credits and wire trailers at the end of a paragraph ("… Photo by Yonhap", "(AP
//! Photo/Ahn Young-joon)", "(Reporting by …; Editing by …)"): cut off, keeping the sentence
//! before them. The agencies and picture libraries a credit names are the lists in `data/`.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::boilerplate::WIRE_TRAILER;
use super::paragraphs::ends_sentence;
use crate::word_lists::{alternation, entries};

/// Lowercase words a photo credit may hold ("Photo by Kim Min-ji for The Herald", "AFP via Getty Images").
static CREDIT_CONNECTORS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("../../../data/credit-connectors.txt")).collect());

/// Agencies whose name opens a credit ("AP Photo/…", "Reuters/…").
const PHOTO_AGENCIES: &str = include_str!("../../../data/photo-agencies.txt");
/// Picture libraries and archive labels that end a credit ("… via Getty Images").
const PHOTO_SOURCES: &str = include_str!("../../../data/photo-sources.txt");

/// A credit names a photographer or agency or two, never a sentence.
const CREDIT_MAX_WORDS: usize = 12;
const CREDIT_MAX_CHARS: usize = 100;

/// How far before the end of a paragraph a trailing credit may begin (bytes): bounds the work on
/// a huge paragraph, and a credit with its lead word fits easily.
const CREDIT_TAIL_BYTES: usize = 240;

/// A paragraph ends in at most this many stacked credits ("…. Photo by X (File Photo)").
const MAX_STACKED_CREDITS: usize = 3;

/// A photo credit running to the end of the text; the named group holds the credited name(s),
/// which `is_credit_name` then checks is a name and not a sentence.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let agencies = alternation(entries(PHOTO_AGENCIES));
    let sources = alternation(entries(PHOTO_SOURCES));
    Regex::new(&format!(
        r"(?xi)^(?:
            (?:file\s+)?(?:photo|photos|photograph|photographs|image|images|picture|pictures|pic)
                \s+(?:by|courtesy(?:\s+of)?|credit)\s*:?\s+(?P<by>.+?)
          | (?:file\s+)?(?:photo|photos|photograph|image|picture|pic
                |(?:photo|image|picture)\s+(?:credit|credits|source)|credits?)
                \s*[:,]\s*(?P<labelled>.+?)
          | courtesy\s+of\s+(?P<courtesy>.+?)
          | (?P<agency>{agencies}
                (?:\s+photos?(?:\s*/\s*.+?)?|\s*/\s*.+?))
          | (?P<stock>(?:.{{1,60}}?(?:\s*/\s*|\s+via\s+))?
                {sources})
        )\s*\.?$",
    ))
    .expect("valid regex")
});

/// Cuts photo credits and wire trailers off the end of a paragraph, keeping the text before them.
pub(super) fn strip_trailing_credits(text: &str) -> Cow<'_, str> {
    let mut kept = Cow::Borrowed(text.trim());
    for _ in 0..MAX_STACKED_CREDITS {
        let Some(credit) = find_trailing_credit(&kept) else { break };
        let before = kept[..credit.start].trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | '•' | '·' | ',' | ':' | ';')
        });
        // "…in Seoul (Photo: AP)." keeps the sentence's own full stop.
        let restore_stop = credit.stop_after && !before.is_empty() && !ends_sentence(before);
        let mut shorter = before.to_owned();
        if restore_stop {
            shorter.push('.');
        }
        kept = Cow::Owned(shorter);
    }
    kept
}

struct TrailingCredit {
    start: usize,
    /// The credit was a parenthesis followed by the sentence's full stop.
    stop_after: bool,
}

/// Finds the earliest place in the paragraph's tail from which the rest is one credit.
fn find_trailing_credit(text: &str) -> Option<TrailingCredit> {
    let mut window_start = text.len().saturating_sub(CREDIT_TAIL_BYTES);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let tail = &text[window_start..];
    if !might_hold_credit(tail) {
        return None;
    }
    let mut previous = text[..window_start].chars().next_back();
    for (offset, c) in tail.char_indices() {
        let start = window_start + offset;
        let at_word_start = previous.is_none_or(char::is_whitespace);
        previous = Some(c);
        let rest = &text[start..];
        if matches!(c, '(' | '[') {
            if let Some(stop_after) = paren_credit(rest) {
                return Some(TrailingCredit { start, stop_after });
            }
            continue;
        }
        if !at_word_start {
            continue;
        }
        // After a sentence or a separator anything credit-like counts; in mid-sentence only a
        // capitalised "Photo …"/"Image …" label does ("a rare moment Photo: KCNA").
        let after_boundary = start == 0 || follows_boundary(&text[..start]);
        let labelled = ["Photo", "PHOTO", "Image", "IMAGE", "Picture"].iter().any(|l| rest.starts_with(l));
        if (after_boundary || labelled) && is_credit(rest) {
            return Some(TrailingCredit { start, stop_after: false });
        }
    }
    None
}

/// Words that every credit holds one of (a picture library's first word among them), lower case.
static CREDIT_MARKERS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let sources = entries(PHOTO_SOURCES).filter_map(|source| source.split_whitespace().next());
    ["photo", "image", "picture", "pic", "courtesy", "credit", "/", " by "]
        .into_iter()
        .chain(sources)
        .collect()
});

/// Cheap filter so most paragraphs never reach the credit patterns.
fn might_hold_credit(tail: &str) -> bool {
    let lower = tail.to_ascii_lowercase();
    CREDIT_MARKERS.iter().any(|m| lower.contains(m))
}

/// The text before a candidate ends a sentence or a separator.
fn follows_boundary(before: &str) -> bool {
    const BOUNDARY_MARKS: &[char] =
        &['.', '!', '?', '…', '"', '”', '’', '\'', ')', '|', '-', '–', '—', '•', '·', ':', ';'];
    before.trim_end().ends_with(BOUNDARY_MARKS)
}

/// `(Photo: AP)`, `(AP Photo/Ahn Young-joon)`, `(Reporting by …; Editing by …)` to the end of
/// the text, optionally followed by a full stop (then `Some(true)`).
fn paren_credit(rest: &str) -> Option<bool> {
    let rest = rest.trim_end();
    let (rest, stop_after) = match rest.strip_suffix('.') {
        Some(shorter) => (shorter.trim_end(), true),
        None => (rest, false),
    };
    let inner = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')'));
    let inner = inner.or_else(|| rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')))?;
    if inner.contains(['(', ')', '[', ']']) {
        return None;
    }
    let inner = inner.trim();
    (is_credit(inner) || WIRE_TRAILER.is_match(inner)).then_some(stop_after)
}

/// The whole of `text` is a photo credit.
fn is_credit(text: &str) -> bool {
    let Some(caps) = CREDIT.captures(text.trim_end()) else { return false };
    ["by", "labelled", "courtesy", "agency", "stock"]
        .iter()
        .find_map(|group| caps.name(group))
        .is_some_and(|name| is_credit_name(name.as_str()))
}

/// Looks like one or a few names: short, capitalised words (or connectors like "of", "via"),
/// no sentence ending inside.
fn is_credit_name(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > CREDIT_MAX_CHARS || name.contains(['?', '!', '"', '“', '”'])
    {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > CREDIT_MAX_WORDS {
        return false;
    }
    words.iter().enumerate().all(|(i, word)| {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        let starts_lowercase = bare.chars().next().is_some_and(char::is_lowercase);
        if starts_lowercase && !CREDIT_CONNECTORS.iter().any(|c| bare.eq_ignore_ascii_case(c)) {
            return false;
        }
        // "Yonhap. Kim said": a full stop after a long word inside ends a sentence; initials
        // and "U.S." are fine.
        let is_last = i + 1 == words.len();
        is_last || !word.ends_with('.') || bare.chars().filter(|c| c.is_alphabetic()).count() <= 3
    })
}
#[cfg(test)]
mod tests {
    use super::super::tests::{clean, strings};

    #[test]
    fn trailing_photo_credits_are_cut() {
        let cases = [
            (
                "Crowds gather in the square on Friday. Photo by Yonhap",
                "Crowds gather in the square on Friday.",
            ),
            ("Troops parade in the capital. Photo by Lee Min-ho/UPI", "Troops parade in the capital."),
            ("Smoke rises over the port (Photo: AP)", "Smoke rises over the port"),
            ("Smoke rises over the port (Photo: AP).", "Smoke rises over the port."),
            ("The leader waves to supporters. Photo: Reuters", "The leader waves to supporters."),
            ("Firefighters at the scene. Getty Images", "Firefighters at the scene."),
            (
                "The launch site seen from the air. (AP Photo/Ahn Young-joon)",
                "The launch site seen from the air.",
            ),
            ("A file image of the plant. File Photo", "A file image of the plant."),
            (
                "Protesters in front of parliament. Photograph: Kim Hong-ji/Reuters",
                "Protesters in front of parliament.",
            ),
            ("Divers search the lake. AFP via Getty Images", "Divers search the lake."),
            ("A rescue boat nears the shore Photo: KCNA", "A rescue boat nears the shore"),
            (
                "Talks ended without a deal. (Reporting by Jane Park; Editing by Tom Reid)",
                "Talks ended without a deal.",
            ),
            ("Crowds gather in the square. Photo by Yonhap (File Photo)", "Crowds gather in the square."),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(&[input]), [expected], "{input}");
        }
    }

    #[test]
    fn credit_only_paragraphs_are_dropped() {
        for credit in [
            "Photo by Yonhap",
            "Photo: Reuters",
            "Getty Images",
            "(AP Photo/Lee Jin-man)",
            "Image: Shutterstock",
        ] {
            assert_eq!(clean(&[credit]), Vec::<String>::new(), "{credit}");
        }
    }

    #[test]
    fn credit_words_inside_sentences_stay() {
        let lines = [
            "He said he had taken the photo by himself.",
            "The museum shows work donated by Getty Images staff.",
            "Photo by photo, the archive was rebuilt over ten years.",
            "Officials released an image courtesy of the navy on Monday.",
            "Police said the photo: a blurred shot of two men, was fake.",
            "The survey was run with Reuters/Ipsos in March.",
            "Image rights were sold in 2019.",
        ];
        assert_eq!(clean(&lines), strings(&lines));
    }
}
