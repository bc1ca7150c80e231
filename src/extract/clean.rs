//! Turns scraped article text into clean paragraphs.
//!
//! [`split_paragraphs`] finds the paragraphs (blank-line blocks, one paragraph per line, or
//! hard-wrapped prose joined back) and normalises their whitespace; [`clean_paragraphs`] then
//! removes what a scraper picked up besides the article: page furniture ("Advertisement",
//! "Read more: …"), gallery markers, WordPress caption shortcodes, photo credits, wire trailers,
//! copyright and cookie notices, repeated paragraphs and stray HTML entities. Every step is a
//! single pass or looks at a bounded window, so a huge single-line input stays linear.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Lines that are page furniture, compared lowercased with trailing punctuation removed.
const BOILERPLATE_LINES: &[&str] = &[
    "advertisement",
    "advertisement - scroll to continue",
    "scroll to continue",
    "story continues below advertisement",
    "article continues below advertisement",
    "story continues below",
    "ad",
    "sponsored",
    "sponsored content",
    "latest headlines",
    "top stories",
    "trending",
    "trending now",
    "related",
    "related articles",
    "related stories",
    "related content",
    "related coverage",
    "related news",
    "read more",
    "read more stories",
    "more stories",
    "more on this story",
    "you may also like",
    "recommended",
    "recommended for you",
    "most popular",
    "most read",
    "editor's picks",
    "don't miss",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "copy link",
    "link copied",
    "sign up for our newsletter",
    "newsletter",
    "subscribe",
    "subscribe now",
    "click here to subscribe",
    "skip to main content",
    "skip to content",
    "back to top",
    "comments",
    "show comments",
    "view comments",
    "leave a comment",
    "listen to this article",
    "listen",
    "watch",
    "watch now",
    "continue reading",
    "continue reading the main story",
    "next article",
    "previous article",
    "all rights reserved",
    "hide caption",
    "toggle caption",
    "enlarge this image",
    "view gallery",
    "open in app",
    "follow us",
    "loading",
];

/// Lead-ins ending in a colon that announce a link, a video or a tag list when the line is short.
const LEAD_IN_PREFIXES: &[&str] = &[
    "read more:",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "more:",
    "watch:",
    "listen:",
    "video:",
    "tags:",
    "topics:",
    "filed under:",
    "recommended:",
    "trending:",
    "most popular:",
];

/// Link texts: boilerplate when the line is short and is not a sentence (no final full stop),
/// so "Related talks will resume next week." is never matched by anything here.
const LINK_PREFIXES: &[&str] = &[
    "more from ",
    "read more ",
    "click here",
    "follow us on",
    "sign up for",
    "subscribe to",
    "download our",
    "download the",
    "get the latest",
    "listen to this article",
    "share on ",
];

/// Lead-ins and link texts mark a line as boilerplate only when it is this short (in chars).
const SHORT_LINE_CHARS: usize = 60;

/// Copyright notices begin like this (lowercased).
const COPYRIGHT_PREFIXES: &[&str] = &["©", "(c) ", "copyright ©", "copyright (c)"];

/// Cookie and consent banners begin like this (lowercased).
const CONSENT_PREFIXES: &[&str] = &[
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "our site uses cookies",
    "our website uses cookies",
    "by continuing to use",
    "by using this site",
    "by using our site",
    "by using this website",
    "accept cookies",
    "accept all cookies",
    "cookie settings",
    "cookie policy",
    "manage cookies",
    "manage consent",
    "we value your privacy",
    "we and our partners",
];

/// Notices (copyright, cookies, wire trailers) are short; a longer paragraph is article text.
const NOTICE_MAX_CHARS: usize = 400;

/// Lowercase words a photo credit may hold ("Photo by Kim Min-ji for The Herald", "AFP via Getty Images").
const CREDIT_CONNECTORS: &[&str] = &[
    "of", "the", "for", "via", "and", "by", "in", "at", "de", "del", "da", "di", "du", "la", "le", "van",
    "von", "al", "el", "bin",
];

/// A credit names a photographer or agency or two, never a sentence.
const CREDIT_MAX_WORDS: usize = 12;
const CREDIT_MAX_CHARS: usize = 100;

/// How far before the end of a paragraph a trailing credit may begin (bytes): bounds the work on
/// a huge paragraph, and a credit with its lead word fits easily.
const CREDIT_TAIL_BYTES: usize = 240;

/// A paragraph ends in at most this many stacked credits ("…. Photo by X (File Photo)").
const MAX_STACKED_CREDITS: usize = 3;

/// Shorter repeats are kept: a "Yes." or "No." may recur in an interview.
const DEDUP_MIN_CHARS: usize = 12;
/// Short lines without final punctuation are labels that a structured article repeats on purpose
/// ("Winners meet in final match" under each group of fixtures): repeats this short are kept.
const REPEATED_LABEL_MAX_CHARS: usize = 40;

/// Hard-wrapped prose is wrapped at most this wide (old newswire uses 60 to 80 columns).
const WRAP_MAX_WIDTH: usize = 100;
/// …and at least this wide: narrower blocks are lists or verse.
const WRAP_MIN_WIDTH: usize = 30;
/// A wrapped line is full when the next word would not have fitted; this allows for wrappers that
/// count the width slightly differently.
const WRAP_SLACK: usize = 2;

/// The named entities that survive in scraped text. A handful covers them, so the full HTML5 table
/// of a crate would add a dependency for nothing; numeric entities are decoded generally.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("hellip", '…'),
    ("middot", '·'),
    ("bull", '•'),
    ("deg", '°'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("euro", '€'),
    ("pound", '£'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("aacute", 'á'),
    ("oacute", 'ó'),
    ("iacute", 'í'),
    ("uacute", 'ú'),
    ("ntilde", 'ñ'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("auml", 'ä'),
    ("ccedil", 'ç'),
];

/// Longest entity name looked for after '&' (`#x1F600` is the longest numeric form that matters).
const MAX_ENTITY_LEN: usize = 10;

/// Old pages write Windows-1252 punctuation as `&#145;`…`&#151;`; those code points are C1 controls.
const CP1252_ENTITIES: &[(u32, char)] = &[
    (128, '€'),
    (130, '‚'),
    (132, '„'),
    (133, '…'),
    (145, '‘'),
    (146, '’'),
    (147, '“'),
    (148, '”'),
    (149, '•'),
    (150, '–'),
    (151, '—'),
    (153, '™'),
];

const CAPTION_OPEN: &str = "[caption";
const CAPTION_CLOSE: &str = "[/caption]";

/// A gallery position before a caption: "1 of 4 | ", "2/12 |".
static GALLERY_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\d{1,3}\s*(?:of|/)\s*\d{1,3}\s*\|\s*").expect("valid regex"));

/// A photo credit running to the end of the text; the named group holds the credited name(s),
/// which `is_credit_name` then checks is a name and not a sentence.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?:
            (?:file\s+)?(?:photo|photos|photograph|photographs|image|images|picture|pictures|pic)
                \s+(?:by|courtesy(?:\s+of)?|credit)\s*:?\s+(?P<by>.+?)
          | (?:file\s+)?(?:photo|photos|photograph|image|picture|pic
                |(?:photo|image|picture)\s+(?:credit|credits|source)|credits?)
                \s*[:,]\s*(?P<labelled>.+?)
          | courtesy\s+of\s+(?P<courtesy>.+?)
          | (?P<agency>(?:ap|afp|reuters|epa|epa-efe|yonhap|upi|kcna|xinhua|kyodo|ap\s+images)
                (?:\s+photos?(?:\s*/\s*.+?)?|\s*/\s*.+?))
          | (?P<stock>(?:.{1,60}?(?:\s*/\s*|\s+via\s+))?
                (?:getty\s+images|file\s+photo|shutterstock|alamy(?:\s+stock\s+photo)?))
        )\s*\.?$",
    )
    .expect("valid regex")
});

/// A wire service's closing line: "Reporting by …; Editing by …".
static WIRE_TRAILER: LazyLock<Regex> = LazyLock::new(|| {
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
        let line = normalise_whitespace(raw);
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
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if inside_caption && !paragraph.contains(CAPTION_CLOSE) {
            continue;
        }
        let decoded = decode_entities(paragraph);
        let (uncaptioned, left_open) = strip_caption_shortcodes(&decoded, close_ahead[index]);
        inside_caption = left_open;
        let text = normalise_whitespace(&uncaptioned);
        let text = GALLERY_MARKER.find(&text).map_or(text.as_str(), |marker| &text[marker.end()..]);
        let text = strip_trailing_credits(text);
        if text.is_empty() || is_boilerplate(&text) {
            continue;
        }
        let key = dedup_key(&text);
        let key_chars = key.chars().count();
        let may_repeat =
            key_chars < DEDUP_MIN_CHARS || (key_chars < REPEATED_LABEL_MAX_CHARS && !ends_sentence(&text));
        if !may_repeat && !seen.insert(key) {
            continue;
        }
        kept.push(text.into_owned());
    }
    kept
}

/// split_paragraphs then clean_paragraphs.
pub fn clean_text(text: &str) -> Vec<String> {
    clean_paragraphs(split_paragraphs(text))
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
fn normalise_whitespace(text: &str) -> String {
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
    out
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
fn ends_sentence(text: &str) -> bool {
    matches!(text.trim_end_matches(is_closing_mark).chars().next_back(), Some('.' | '!' | '?' | '…'))
}

/// Decodes `&amp;`-style entities in one pass; text without '&' is returned as is.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match decode_entity(after) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of the entity at the start of `after` (the text after '&') and the bytes it used.
fn decode_entity(after: &str) -> Option<(char, usize)> {
    let end = after.bytes().take(MAX_ENTITY_LEN + 1).position(|b| b == b';')?;
    let name = &after[..end];
    let decoded = match name.strip_prefix('#') {
        Some(number) => {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                Some(_) => return None,
                None if number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok()?,
                None => return None,
            };
            match CP1252_ENTITIES.iter().find(|(cp, _)| *cp == code) {
                Some(&(_, c)) => c,
                None if code == 0 => return None,
                None => char::from_u32(code)?,
            }
        }
        None => NAMED_ENTITIES.iter().find(|(entity, _)| *entity == name)?.1,
    };
    Some((decoded, end + 1))
}

/// Removes WordPress caption shortcodes: `[caption …]…[/caption]` whole, then everything up to a
/// stray `[/caption]` (the caption of an opening tag the scraper lost). An opening tag left
/// unclosed cuts the rest of the paragraph when a later paragraph closes it (returns true: the
/// caption goes on); when nothing closes it only the tag itself is removed.
fn strip_caption_shortcodes(text: &str, close_ahead: bool) -> (Cow<'_, str>, bool) {
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

/// Cuts photo credits and wire trailers off the end of a paragraph, keeping the text before them.
fn strip_trailing_credits(text: &str) -> Cow<'_, str> {
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

/// Cheap filter so most paragraphs never reach the credit patterns.
fn might_hold_credit(tail: &str) -> bool {
    const MARKERS: &[&str] = &[
        "photo",
        "image",
        "picture",
        "pic",
        "getty",
        "courtesy",
        "credit",
        "shutterstock",
        "alamy",
        "/",
        " by ",
    ];
    let lower = tail.to_ascii_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
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

/// Whole-paragraph boilerplate: page furniture, short link lead-ins, notices.
fn is_boilerplate(text: &str) -> bool {
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
    if BOILERPLATE_LINES.contains(&bare) || COMMENT_COUNT.is_match(bare) {
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
        || COPYRIGHT_YEAR.is_match(&lower)
        || lower.contains("all rights reserved")
        || CONSENT_PREFIXES.iter().any(|p| lower.starts_with(p))
        || (text.contains(';') && WIRE_TRAILER.is_match(text))
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '‚' | '«' | '»' | '`' | '´')
}

/// The form two paragraphs are compared on for repeats: case, whitespace and quotes folded,
/// trailing punctuation dropped.
fn dedup_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().filter(|&c| !is_quote(c)) {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !key.is_empty() {
            key.push(' ');
        }
        pending_space = false;
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.extend(c.to_lowercase());
        }
    }
    let bare_len = key
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '…'))
        .len();
    key.truncate(bare_len);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn clean(items: &[&str]) -> Vec<String> {
        clean_paragraphs(strings(items))
    }

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

    #[test]
    fn empty_and_blank_inputs_give_no_paragraphs() {
        assert!(split_paragraphs("").is_empty());
        assert!(split_paragraphs(" \n\t\n\u{a0}\u{200b}\n").is_empty());
        assert!(clean_text("\n\n").is_empty());
    }

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
