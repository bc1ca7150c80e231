//! Paragraphs from text as scraped or wired: blank-line blocks, one paragraph per line, or
//! hard-wrapped prose joined back, with whitespace and invisible characters normalised.

use std::borrow::Cow;

/// Hard-wrapped prose is wrapped at most this wide (old newswire uses 60 to 80 columns).
const WRAP_MAX_WIDTH: usize = 100;
/// …and at least this wide: narrower blocks are lists or verse.
const WRAP_MIN_WIDTH: usize = 30;
/// A wrapped line is full when the next word would not have fitted; this allows for wrappers that
/// count the width slightly differently.
const WRAP_SLACK: usize = 2;

/// Splits text into paragraphs: blank-line separated blocks; inside a block each line is its own
/// paragraph, unless the block is hard-wrapped prose (lines broken at ~60-80 columns mid-sentence,
/// as in old newswire files), in which case its lines are joined with single spaces (an indented
/// line or a short line ending a sentence still starts a new paragraph there). Whitespace is
/// normalised: runs of spaces, tabs and other Unicode spaces become one space, lines are trimmed,
/// `\r\n` and `\r` are line breaks, zero-width spaces and soft hyphens are removed.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = normalise_line_breaks(text);
    let mut paragraphs = Vec::new();
    let mut block: Vec<BlockLine> = Vec::new();
    for raw in text.split('\n') {
        let line = normalise_whitespace(raw).into_owned();
        if line.is_empty() {
            flush_block(&mut block, &mut paragraphs);
        } else {
            let chars = line.chars().count();
            block.push(BlockLine { indented: is_indented(raw), chars, text: line });
        }
    }
    flush_block(&mut block, &mut paragraphs);
    paragraphs
}

/// One non-blank line of a block, normalised.
struct BlockLine {
    text: String,
    chars: usize,
    /// Starts with a tab or two spaces: in wrapped newswire text, a paragraph start.
    indented: bool,
}

/// `\r\n`, `\r` and U+2028 become `\n`; the paragraph separator U+2029 becomes a blank line.
fn normalise_line_breaks(text: &str) -> Cow<'_, str> {
    if !text.contains(['\r', '\u{2028}', '\u{2029}']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{2028}' => out.push('\n'),
            '\u{2029}' => out.push_str("\n\n"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Invisible characters that only hint at line breaking or hyphenation and would split or glue
/// words wrongly in the index. ZWJ/ZWNJ stay: they change meaning in emoji and some scripts.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Collapses every run of whitespace (any Unicode space, tab, newline) and control characters to
/// one space, drops invisible characters, and trims.
pub(super) fn normalise_whitespace(text: &str) -> Cow<'_, str> {
    if is_normalised(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // Runs of kept characters are copied whole: this runs over every byte of every article.
    let mut run_start = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace() || c.is_control();
        if space || is_invisible(c) {
            if let Some(start) = run_start.take() {
                out.push_str(&text[start..i]);
            }
            pending_space |= space;
        } else if run_start.is_none() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            run_start = Some(i);
        }
    }
    if let Some(start) = run_start {
        out.push_str(&text[start..]);
    }
    Cow::Owned(out)
}

/// Whether [`normalise_whitespace`] would leave `text` as it is: single spaces between words,
/// nothing else that it folds or drops. Most lines are, and are then not copied; ASCII is
/// checked byte by byte.
fn is_normalised(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let (mut at, mut after_space) = (0, false);
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            let space = byte == b' ';
            if (space && after_space) || byte.is_ascii_control() {
                return false;
            }
            after_space = space;
            at += 1;
        } else {
            let Some(c) = text[at..].chars().next() else { return false };
            if c.is_whitespace() || c.is_control() || is_invisible(c) {
                return false;
            }
            after_space = false;
            at += c.len_utf8();
        }
    }
    true
}

fn is_indented(raw_line: &str) -> bool {
    let mut leading = raw_line.chars().filter(|&c| !is_invisible(c));
    match (leading.next(), leading.next()) {
        (Some('\t'), _) => true,
        (Some(a), Some(b)) => a.is_whitespace() && b.is_whitespace(),
        _ => false,
    }
}

fn flush_block(block: &mut Vec<BlockLine>, paragraphs: &mut Vec<String>) {
    if block.is_empty() {
        return;
    }
    let lines = std::mem::take(block);
    match wrap_width(&lines) {
        Some(width) => join_wrapped(lines, width, paragraphs),
        None => paragraphs.extend(lines.into_iter().map(|line| line.text)),
    }
}

/// Whether indentation in this block marks paragraph starts (some lines indented, some not).
fn indentation_marks_paragraphs(lines: &[BlockLine]) -> bool {
    lines.iter().any(|l| l.indented) && lines.iter().any(|l| !l.indented)
}

/// The wrap width when the block is hard-wrapped prose, `None` when each line is its own paragraph.
///
/// Wrapped prose is recognised by three signs at the line breaks inside its paragraphs (paragraph
/// starts left out): nearly every line is full (the next word would not have fitted on it), few
/// lines end a sentence, and somewhere a sentence visibly runs on (the next line starts in
/// lowercase, or the line ends with a comma). Headlines and one-sentence lines fail the last two.
fn wrap_width(lines: &[BlockLine]) -> Option<usize> {
    if lines.len() < 2 {
        return None;
    }
    let width = lines.iter().map(|l| l.chars).max()?;
    if !(WRAP_MIN_WIDTH..=WRAP_MAX_WIDTH).contains(&width) {
        return None;
    }
    let indent_marks = indentation_marks_paragraphs(lines);
    let (mut breaks, mut full, mut ended, mut runs_on) = (0usize, 0usize, 0usize, false);
    for pair in lines.windows(2) {
        let (line, next) = (&pair[0], &pair[1]);
        if starts_paragraph(line, next, width, indent_marks) {
            continue;
        }
        breaks += 1;
        full += usize::from(is_full(line, next, width));
        ended += usize::from(ends_sentence(&line.text));
        runs_on |= next.text.chars().next().is_some_and(char::is_lowercase) || line.text.ends_with(',');
    }
    let wrapped = breaks > 0 && runs_on && full * 4 >= breaks * 3 && ended * 2 <= breaks;
    wrapped.then_some(width)
}

/// The next line's first word would not have fitted on this line.
fn is_full(line: &BlockLine, next: &BlockLine, width: usize) -> bool {
    let next_word = next.text.split(' ').next().map_or(0, |w| w.chars().count());
    line.chars + 1 + next_word + WRAP_SLACK > width
}

/// Inside wrapped prose, `next` starts a new paragraph: it is indented, or `line` ends a
/// sentence well short of the width (the writer broke the line, not the wrapper).
fn starts_paragraph(line: &BlockLine, next: &BlockLine, width: usize, indent_marks: bool) -> bool {
    (indent_marks && next.indented) || (ends_sentence(&line.text) && !is_full(line, next, width))
}

fn join_wrapped(lines: Vec<BlockLine>, width: usize, paragraphs: &mut Vec<String>) {
    let indent_marks = indentation_marks_paragraphs(&lines);
    let mut current = String::new();
    let mut previous: Option<&BlockLine> = None;
    for line in &lines {
        if previous.is_some_and(|prev| starts_paragraph(prev, line, width, indent_marks)) {
            paragraphs.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line.text);
        previous = Some(line);
    }
    paragraphs.push(current);
}

fn is_closing_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// Ends with a full stop, question or exclamation mark, or ellipsis, possibly inside quotes.
pub(super) fn ends_sentence(text: &str) -> bool {
    matches!(text.trim_end_matches(is_closing_mark).chars().next_back(), Some('.' | '!' | '?' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs() {
        let text = "Flood waters rose in Busan overnight.\n\n\nResidents were moved to schools.\n";
        assert_eq!(
            split_paragraphs(text),
            ["Flood waters rose in Busan overnight.", "Residents were moved to schools."]
        );
    }

    #[test]
    fn each_line_of_a_block_is_a_paragraph() {
        let text = "Rail strike enters third day\nTrains ran at half capacity on Monday, the operator said.\nUnion leaders met ministers late on Sunday without agreement.\n- Talks stall";
        assert_eq!(
            split_paragraphs(text),
            [
                "Rail strike enters third day",
                "Trains ran at half capacity on Monday, the operator said.",
                "Union leaders met ministers late on Sunday without agreement.",
                "- Talks stall",
            ]
        );
    }

    #[test]
    fn hard_wrapped_prose_is_joined() {
        let text = "    The central bank left its key rate unchanged at 3.5 pct on\n\
                    Thursday, citing slowing growth in exports and a weaker\n\
                    currency, officials said.\n\
                    \x20   Analysts had expected a cut of a quarter point after the trade\n\
                    figures for January came in below forecasts.\n";
        assert_eq!(
            split_paragraphs(text),
            [
                "The central bank left its key rate unchanged at 3.5 pct on Thursday, citing slowing growth in exports and a weaker currency, officials said.",
                "Analysts had expected a cut of a quarter point after the trade figures for January came in below forecasts.",
            ]
        );
    }

    #[test]
    fn hard_wrapped_block_without_indents_breaks_at_short_sentence_end() {
        let text = "The ministry said grain imports would rise by about ten\n\
                    percent this year as the harvest failed.\n\
                    Officials gave no figure for the coming year, but traders\n\
                    expected the purchases to continue well into the spring.";
        assert_eq!(
            split_paragraphs(text),
            [
                "The ministry said grain imports would rise by about ten percent this year as the harvest failed.",
                "Officials gave no figure for the coming year, but traders expected the purchases to continue well into the spring.",
            ]
        );
    }

    #[test]
    fn short_sentences_and_headline_lists_are_not_joined() {
        let sentences = "The vote was delayed until Friday evening at the earliest.\nLawmakers left the chamber shortly after the announcement.";
        assert_eq!(split_paragraphs(sentences).len(), 2);
        let headlines = "Storm closes ports along the southern coast of the island\nMarkets slide as oil climbs above ninety dollars a barrel";
        assert_eq!(split_paragraphs(headlines).len(), 2);
    }

    #[test]
    fn whitespace_is_normalised() {
        let text = "\u{feff}Prices\u{a0}rose \t\t sharply\u{200b} in\u{2009}March.\r\n\r\nSecond\u{ad}ary  effects\rfollowed.\u{2029}Third.";
        assert_eq!(
            split_paragraphs(text),
            ["Prices rose sharply in March.", "Secondary effects", "followed.", "Third."]
        );
    }
}
