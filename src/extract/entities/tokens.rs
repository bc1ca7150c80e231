//! Tokenisation of an article for entity extraction: words with their `entity_key` forms and
//! shapes, punctuation, and a break token after the headline and after each paragraph. Possessive
//! "'s" is cut off a word unless it belongs to a listed name ("McDonald's"), dotted acronyms and
//! abbreviations keep their dots, and "Seoul-based" keeps only "Seoul".

use std::ops::Range;

use super::gazetteer::Gazetteer;
use super::shape::WordShape;
use crate::model::{EntityKind, entity_key};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Capitalised word: "Seoul", "Jong-hoon", "O'Brien", "al-Assad", "iPhone".
    Cap,
    /// All capitals, at least two letters or with digits: "IOC", "U.S.", "NORTH", "COVID-19".
    Upper,
    /// One capital letter, maybe with its dot: "A", "F.".
    Initial,
    Lower,
    Number,
    Punct,
    /// End of a headline or paragraph.
    Break,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) segment: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Range of the token's `entity_key` form in [`Tokens::keys`].
    pub(super) key_start: usize,
    pub(super) key_end: usize,
    pub(super) shape: Shape,
    /// What the scan of the token's characters found (the tagger's features read it too).
    pub(super) scan: WordShape,
    pub(super) punct: char,
    pub(super) sentence_start: bool,
    /// A possessive or an adjective ending was cut off: no name continues past this token.
    pub(super) ends_span: bool,
    /// A possessive ("'s", "'") was cut off right after this token.
    pub(super) possessive: bool,
}

/// Every token of an article and, in one buffer, their keys.
pub(super) struct Tokens {
    pub(super) gazetteer: &'static Gazetteer,
    pub(super) list: Vec<Token>,
    pub(super) keys: String,
}

struct Word {
    end: usize,
    next: usize,
    possessive: bool,
}

pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Appends the `entity_key` form of one word to `out` (no leading space).
pub(super) fn push_key(out: &mut String, word: &str) {
    let start = out.len();
    let mut pending_space = false;
    if word.is_ascii() {
        for b in word.bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space && out.len() > start {
                    out.push(' ');
                }
                pending_space = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else if !matches!(b, b'.' | b'\'') {
                pending_space = true;
            }
        }
        return;
    }
    for c in word.chars() {
        if c.is_alphanumeric() {
            if pending_space && out.len() > start {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '.' | '\'' | '’' | '‘') {
            pending_space = true;
        }
    }
}

/// Reads one word starting at `start` (an alphanumeric character): letters and digits joined by
/// hyphens and inner apostrophes, numbers with separators, dotted acronyms ("U.S."); a possessive
/// "'s" or trailing apostrophe is left out of the word.
fn scan_word(text: &str, start: usize) -> Word {
    let mut pos = start;
    let bytes = text.as_bytes();
    loop {
        loop {
            match bytes.get(pos) {
                Some(b) if b.is_ascii_alphanumeric() => pos += 1,
                Some(b) if *b >= 0x80 => match char_at(text, pos) {
                    Some(c) if c.is_alphanumeric() => pos += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        let Some(c) = char_at(text, pos) else { break };
        let after = pos + c.len_utf8();
        let next = char_at(text, after);
        if is_hyphen(c) && next.is_some_and(char::is_alphanumeric) {
            pos = after;
        } else if is_apostrophe(c) {
            match next {
                Some('s' | 'S') if !char_at(text, after + 1).is_some_and(char::is_alphanumeric) => {
                    return Word { end: pos, next: after + 1, possessive: true };
                }
                Some(n) if n.is_alphanumeric() => pos = after,
                _ => return Word { end: pos, next: after, possessive: true },
            }
        } else if matches!(c, '.' | ',')
            && next.is_some_and(|n| n.is_ascii_digit())
            && text[start..pos].bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        {
            pos = after;
        } else if c == '.' && is_single_capital(&text[start..pos]) && next.is_some_and(char::is_uppercase) {
            // "U.S.", "D.P.R.K.": letter-dot pairs.
            let mut end = pos + 1;
            while let Some(letter) = char_at(text, end)
                && letter.is_uppercase()
                && char_at(text, end + letter.len_utf8()) == Some('.')
            {
                end += letter.len_utf8() + 1;
            }
            if end > pos + 1 {
                return Word { end, next: end, possessive: false };
            }
            break;
        } else {
            break;
        }
    }
    Word { end: pos, next: pos, possessive: false }
}

fn is_single_capital(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

impl Shape {
    /// The shape of a word from the scan of its characters; the name rules differ from the
    /// tagger's classes in two places: "MPs" is a common noun, and "al-Assad" is capitalised.
    fn of(word: &str, scan: &WordShape, gazetteer: &Gazetteer) -> Shape {
        if word.is_empty() {
            Shape::Punct
        } else if scan.first_numeric || scan.letters == 0 {
            Shape::Number
        } else if scan.lower == 0 {
            if scan.letters >= 2 || scan.digits { Shape::Upper } else { Shape::Initial }
        } else if scan.first_upper {
            // "MPs", "CEOs": plurals of acronyms are common nouns.
            let plural = scan.upper >= 2 && scan.lower == 1 && word.ends_with('s');
            if plural { Shape::Lower } else { Shape::Cap }
        } else if !scan.plain_lower
            && let Some(split) = word.find(|c| is_hyphen(c) || is_apostrophe(c))
        {
            let prefix = &word[..split];
            let rest = word[split..].chars().nth(1);
            let named = gazetteer.name_prefixes.contains(prefix) && rest.is_some_and(char::is_uppercase);
            if named { Shape::Cap } else { Shape::Lower }
        } else if scan.upper > 0 {
            Shape::Cap
        } else {
            Shape::Lower
        }
    }
}

impl Tokens {
    /// Tokenises the segments of an article (the headline first, then each paragraph).
    pub(super) fn new(gazetteer: &'static Gazetteer, segments: &[&str]) -> Self {
        let words: usize = segments.iter().map(|s| s.len()).sum::<usize>() / 5;
        let mut tokens = Tokens { gazetteer, list: Vec::with_capacity(words), keys: String::new() };
        for (index, text) in segments.iter().enumerate() {
            tokens.push_segment(index, text);
        }
        tokens
    }

    pub(super) fn push_segment(&mut self, segment: usize, text: &str) {
        let gazetteer = self.gazetteer;
        let mut pos = 0;
        let mut sentence_start = true;
        let mut scratch = String::new();
        while let Some(c) = char_at(text, pos) {
            if c.is_whitespace() {
                pos += c.len_utf8();
                continue;
            }
            if !c.is_alphanumeric() {
                self.push(segment, text, pos..pos + c.len_utf8(), c, sentence_start, false);
                if matches!(c, '.' | '!' | '?' | ':' | '…' | '•' | '|' | ']' | '(') {
                    sentence_start = true;
                }
                pos += c.len_utf8();
                continue;
            }
            let word = scan_word(text, pos);
            let mut end = word.end;
            let mut next = word.next;
            let mut ends_span = word.possessive;
            let surface = &text[pos..end];
            if word.possessive {
                // "People's Republic", "McDonald's": the possessive belongs to the name.
                scratch.clear();
                push_key(&mut scratch, surface);
                let base_kept = gazetteer.keep_possessive.contains(scratch.as_str());
                scratch.push('s');
                if base_kept || gazetteer.possessive_names.contains(scratch.as_str()) {
                    end = word.next;
                    ends_span = false;
                }
            } else if char_at(text, end) == Some('.') {
                // "Mr.", "Gen.", and initials such as "F. Kennedy" keep their dot.
                let initial = is_single_capital(surface)
                    && char_at(text, end + 1) == Some(' ')
                    && char_at(text, end + 2).is_some_and(char::is_uppercase);
                if initial || gazetteer.abbreviations.contains(surface) {
                    end += 1;
                    next = end;
                }
            }
            let hyphenated = text[pos..end].contains(is_hyphen);
            if hyphenated
                && c.is_uppercase()
                && self.push_hyphen_parts(segment, text, pos..end, sentence_start)
            {
                // Handled: "Seoul-based" or "US-China".
            } else {
                self.push(segment, text, pos..end, '\0', sentence_start, ends_span);
                if let Some(token) = self.list.last_mut() {
                    token.possessive = word.possessive && end == word.end;
                }
            }
            sentence_start = false;
            pos = next;
        }
        self.list.push(Token {
            segment,
            start: text.len(),
            end: text.len(),
            key_start: self.keys.len(),
            key_end: self.keys.len(),
            shape: Shape::Break,
            scan: WordShape::default(),
            punct: '\n',
            sentence_start: true,
            ends_span: true,
            possessive: false,
        });
    }

    /// "Pyongyang-based" keeps only "Pyongyang"; "US-China" and "Korean-American" become
    /// separate names. Returns false when the word is a name as it stands ("Jong-hoon").
    fn push_hyphen_parts(
        &mut self,
        segment: usize,
        text: &str,
        range: Range<usize>,
        sentence_start: bool,
    ) -> bool {
        let gazetteer = self.gazetteer;
        let word = &text[range.clone()];
        let mut parts: Vec<(usize, &str)> = Vec::new();
        let mut part_start = range.start;
        for (offset, c) in word.char_indices().filter(|&(_, c)| is_hyphen(c)) {
            parts.push((part_start, &text[part_start..range.start + offset]));
            part_start = range.start + offset + c.len_utf8();
        }
        parts.push((part_start, &text[part_start..range.end]));
        let Some(&(first_start, first)) = parts.first() else { return false };
        let Some(&(_, last)) = parts.last() else { return false };
        if parts.len() >= 2 && gazetteer.hyphen_tails.contains(last) {
            self.push(segment, text, first_start..first_start + first.len(), '\0', sentence_start, true);
            return true;
        }
        let listed_parts = parts.len() >= 2
            && parts.iter().all(|(_, part)| {
                part.chars().next().is_some_and(char::is_uppercase)
                    && gazetteer.lookup(&entity_key(part)).is_some_and(|hit| {
                        let kind = gazetteer.entries[hit.entry].kind;
                        kind == EntityKind::Location || kind == EntityKind::Misc
                    })
            });
        if !listed_parts {
            return false;
        }
        for (start, part) in parts {
            self.push(segment, text, start..start + part.len(), '\0', sentence_start, true);
        }
        true
    }

    fn push(
        &mut self,
        segment: usize,
        text: &str,
        range: Range<usize>,
        punct: char,
        sentence_start: bool,
        ends_span: bool,
    ) {
        let word = &text[range.clone()];
        let key_start = self.keys.len();
        let scan = WordShape::of(word);
        let shape = if punct == '\0' {
            push_key(&mut self.keys, word);
            Shape::of(word, &scan, self.gazetteer)
        } else {
            Shape::Punct
        };
        self.list.push(Token {
            segment,
            start: range.start,
            end: range.end,
            key_start,
            key_end: self.keys.len(),
            shape,
            scan,
            punct,
            sentence_start,
            ends_span,
            possessive: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_the_model() {
        for word in ["Jong-Un", "U.S.", "People’s", "Teahupo'o", "Côte", "x–y"] {
            let mut key = String::new();
            push_key(&mut key, word);
            assert_eq!(key, entity_key(word));
        }
    }
}
