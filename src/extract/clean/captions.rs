//! Captions: WordPress caption shortcodes (`[caption …]…[/caption]`, and the halves of one that
//! a scraper split) and the gallery positions before a caption ("2 of 12 | ").

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

const CAPTION_OPEN: &str = "[caption";
pub(super) const CAPTION_CLOSE: &str = "[/caption]";

/// A gallery position before a caption: "1 of 4 | ", "2/12 |".
pub(super) static GALLERY_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\d{1,3}\s*(?:of|/)\s*\d{1,3}\s*\|\s*").expect("valid regex"));

/// Removes WordPress caption shortcodes: `[caption …]…[/caption]` whole, then everything up to a
/// stray `[/caption]` (the caption of an opening tag the scraper lost). An opening tag left
/// unclosed cuts the rest of the paragraph when a later paragraph closes it (returns true: the
/// caption goes on); when nothing closes it only the tag itself is removed.
pub(super) fn strip_caption_shortcodes(text: &str, close_ahead: bool) -> (Cow<'_, str>, bool) {
    if !text.contains(CAPTION_OPEN) && !text.contains(CAPTION_CLOSE) {
        return (Cow::Borrowed(text), false);
    }
    let mut out = String::with_capacity(text.len());
    let mut position = 0;
    let mut left_open = false;
    while let Some(open) = find_caption_open(text, position) {
        match text[open..].find(CAPTION_CLOSE) {
            Some(close) => {
                out.push_str(&text[position..open]);
                out.push(' ');
                position = open + close + CAPTION_CLOSE.len();
            }
            None => {
                out.push_str(&text[position..open]);
                if close_ahead {
                    left_open = true;
                } else {
                    // Keep what follows the tag: without a close nothing marks where the caption ends.
                    let tag_end = text[open..].find(']').map_or(text.len(), |end| open + end + 1);
                    out.push(' ');
                    out.push_str(&text[tag_end..]);
                }
                position = text.len();
                break;
            }
        }
    }
    out.push_str(&text[position..]);
    if let Some(last_close) = out.rfind(CAPTION_CLOSE) {
        out.replace_range(..last_close + CAPTION_CLOSE.len(), "");
    }
    (Cow::Owned(out), left_open)
}

/// The next `[caption` opening tag at or after `from` (followed by a space or `]`).
fn find_caption_open(text: &str, from: usize) -> Option<usize> {
    let mut from = from;
    while let Some(found) = text[from..].find(CAPTION_OPEN) {
        let start = from + found;
        let after = start + CAPTION_OPEN.len();
        if matches!(text.as_bytes().get(after), Some(b' ' | b']')) {
            return Some(start);
        }
        from = after;
    }
    None
}
#[cfg(test)]
mod tests {
    use super::super::tests::clean;

    #[test]
    fn gallery_marker_is_stripped_and_caption_kept() {
        assert_eq!(
            clean(&["2 of 12 | Rescue workers search the rubble in Hatay on Monday."]),
            ["Rescue workers search the rubble in Hatay on Monday."]
        );
        assert_eq!(clean(&["1 of 4 in the series ran on Monday."]), ["1 of 4 in the series ran on Monday."]);
    }

    #[test]
    fn caption_shortcodes_are_removed() {
        assert_eq!(
            clean(&[
                r#"[caption id="attachment_51" align="alignnone" width="640"] Crowds at the rally[/caption] Thousands marched on Saturday."#
            ]),
            ["Thousands marched on Saturday."]
        );
        assert_eq!(
            clean(&["Before [caption]A boat at sea[/caption] after the storm."]),
            ["Before after the storm."]
        );
        assert_eq!(
            clean(&[
                "The pair posed together[/caption] Fans cheered in the stands[/caption]Despite the rain, the final went ahead."
            ]),
            ["Despite the rain, the final went ahead."]
        );
        assert_eq!(clean(&["Only a caption here[/caption]"]), Vec::<String>::new());
    }

    #[test]
    fn caption_shortcode_spanning_paragraphs_is_removed() {
        let kept = clean(&[
            "The summit opened on Monday. [caption id=\"attachment_7\"]",
            "Leaders shake hands in the hall",
            "before talks[/caption] Talks ran late into the night.",
            "An unmatched [caption width=\"300\"] tag leaves the text.",
        ]);
        assert_eq!(
            kept,
            [
                "The summit opened on Monday.",
                "Talks ran late into the night.",
                "An unmatched tag leaves the text."
            ]
        );
    }
}
