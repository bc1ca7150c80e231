//! How a word is written, the ground the other entity modules stand on: one scan of a word's
//! characters ([`WordShape`]) gives both the capitalisation class the tagger's features and word
//! statistics use ([`Class`]) and what the tokeniser's name rules read; [`normalise`] writes the
//! form words are hashed under; [`sentence_case`] tells sentences written in capitals or in
//! title case, where capitals say nothing about names.

use xxhash_rust::xxh3::xxh3_64;

/// Word classes by capitalisation, as the tagger sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Lower,
    /// "Seoul", "McDonald", "Jong-hoon".
    Cap,
    /// "IOC", "U.S.", "NORTH".
    Upper,
    /// "A", "J.".
    Initial,
    /// Lower-case start with capitals inside: "iPhone", "al-Assad".
    Mixed,
    /// Has a digit: "1996-08-22", "COVID-19", "3-1".
    Digit,
    Punct,
}

/// What one scan of a word's characters tells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct WordShape {
    /// Alphabetic characters, and how many of them are upper- and lower-case.
    pub(super) letters: u32,
    pub(super) upper: u32,
    pub(super) lower: u32,
    pub(super) digits: bool,
    /// The first character is a digit or other number.
    pub(super) first_numeric: bool,
    /// The first character is an upper-case letter.
    pub(super) first_upper: bool,
    /// The first letter (not character) is upper-case.
    pub(super) first_letter_upper: bool,
    /// Has a hyphen ('-' or '‐').
    pub(super) hyphen: bool,
    pub(super) dot: bool,
    /// Only the ASCII letters a to z.
    pub(super) plain_lower: bool,
}

impl WordShape {
    pub(super) fn of(word: &str) -> Self {
        let mut shape = WordShape::default();
        let mut first_letter = true;
        if word.is_ascii() {
            let bytes = word.as_bytes();
            shape.plain_lower = !bytes.is_empty();
            for &b in bytes {
                if b.is_ascii_alphabetic() {
                    let upper = b.is_ascii_uppercase();
                    shape.letters += 1;
                    shape.upper += u32::from(upper);
                    shape.lower += u32::from(!upper);
                    shape.plain_lower &= !upper;
                    if first_letter {
                        shape.first_letter_upper = upper;
                        first_letter = false;
                    }
                } else {
                    shape.plain_lower = false;
                    shape.digits |= b.is_ascii_digit();
                    shape.hyphen |= b == b'-';
                    shape.dot |= b == b'.';
                }
            }
            if let Some(&b) = bytes.first() {
                shape.first_numeric = b.is_ascii_digit();
                shape.first_upper = b.is_ascii_uppercase();
            }
            return shape;
        }
        for c in word.chars() {
            if c.is_alphabetic() {
                shape.letters += 1;
                if c.is_uppercase() {
                    shape.upper += 1;
                } else if c.is_lowercase() {
                    shape.lower += 1;
                }
                if first_letter {
                    shape.first_letter_upper = c.is_uppercase();
                    first_letter = false;
                }
            } else if c.is_numeric() {
                shape.digits = true;
            } else if c == '-' || c == '‐' {
                shape.hyphen = true;
            } else if c == '.' {
                shape.dot = true;
            }
        }
        if let Some(c) = word.chars().next() {
            shape.first_numeric = c.is_numeric();
            shape.first_upper = c.is_uppercase();
        }
        shape
    }

    /// The capitalisation class.
    pub(super) fn class(&self) -> Class {
        if self.digits {
            Class::Digit
        } else if self.letters == 0 {
            Class::Punct
        } else if self.upper == 0 {
            Class::Lower
        } else if self.lower == 0 {
            if self.letters == 1 { Class::Initial } else { Class::Upper }
        } else if self.first_letter_upper {
            Class::Cap
        } else {
            Class::Mixed
        }
    }
}

/// Writes `word` with curly quotes and dashes made plain and digits as 0, lower-cased if asked.
pub(super) fn normalise(word: &str, lower: bool, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| {
            let b = if b.is_ascii_digit() { b'0' } else { b };
            char::from(if lower { b.to_ascii_lowercase() } else { b })
        }));
        return;
    }
    for c in word.chars() {
        let c = match c {
            '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            '–' | '—' | '‒' | '―' | '‐' | '‑' => '-',
            c if c.is_numeric() => '0',
            c => c,
        };
        if lower {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
}

/// The hash of a word's lower-case form ([`normalise`]d), the key of the word statistics and of
/// most features; `buf` is scratch space.
pub(super) fn lower_hash(word: &str, shape: &WordShape, buf: &mut String) -> u64 {
    // Lower-case ASCII without digits, and ASCII punctuation, are their own lower-case form.
    if matches!(shape.class(), Class::Lower | Class::Punct) && word.is_ascii() {
        return xxh3_64(word.as_bytes());
    }
    normalise(word, true, buf);
    xxh3_64(buf.as_bytes())
}

/// How a whole sentence is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SentenceCase {
    Running,
    /// Capitals only: "SHOCK AS SEAWALL FAILS".
    Capitals,
    /// Mostly capitalised words: "Storm Surge Floods Busan Port".
    Title,
}

/// The case of a sentence whose words have these classes.
pub(super) fn sentence_case(classes: impl Iterator<Item = Class>) -> SentenceCase {
    let (mut lower, mut upper, mut cap) = (0, 0, 0);
    for class in classes {
        match class {
            Class::Lower => lower += 1,
            Class::Upper => upper += 1,
            Class::Cap => cap += 1,
            _ => {}
        }
    }
    if upper > 0 && lower == 0 && cap == 0 {
        SentenceCase::Capitals
    } else if cap >= 3 && lower * 3 <= cap {
        SentenceCase::Title
    } else {
        SentenceCase::Running
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_classed_by_capitals() {
        let classes: Vec<Class> =
            ["Seoul", "IOC", "U.S.", "A", "iPhone", "1996-08-22", "the", ",", "Éire", "ÉTÉ"]
                .iter()
                .map(|w| WordShape::of(w).class())
                .collect();
        use Class::*;
        assert_eq!(classes, [Cap, Upper, Upper, Initial, Mixed, Digit, Lower, Punct, Cap, Upper]);
    }

    #[test]
    fn ascii_and_other_words_are_scanned_alike() {
        // The same word with one non-ASCII character added where it changes nothing counted.
        for (ascii, other) in [("Jong-hoon", "Jong-hoon’"), ("U.S.", "U.S.”"), ("x-1", "x-1»"), ("4", "4–")]
        {
            let (a, b) = (WordShape::of(ascii), WordShape::of(other));
            assert_eq!(WordShape { plain_lower: false, ..a }, b, "{ascii} / {other}");
        }
        assert!(WordShape::of("said").plain_lower && !WordShape::of("don't").plain_lower);
        let shape = WordShape::of("Kim-il.");
        assert!(shape.hyphen && shape.dot && shape.first_upper && !shape.first_numeric);
        assert_eq!((shape.letters, shape.upper, shape.lower), (5, 1, 4));
    }

    #[test]
    fn curly_quotes_and_digits_are_normalised() {
        let mut out = String::new();
        normalise("O’Brien’s 2024", true, &mut out);
        assert_eq!(out, "o'brien's 0000");
        normalise("COVID-19", false, &mut out);
        assert_eq!(out, "COVID-00");
    }

    #[test]
    fn lower_case_forms_hash_alike_however_they_are_reached() {
        let mut buf = String::new();
        for (word, lower) in
            [("said", "said"), (",", ","), ("Seoul", "seoul"), ("’s", "'s"), ("2024", "0000")]
        {
            let shape = WordShape::of(word);
            assert_eq!(lower_hash(word, &shape, &mut buf), xxh3_64(lower.as_bytes()), "{word}");
        }
    }

    #[test]
    fn sentences_in_capitals_and_title_case_are_told() {
        use Class::*;
        assert_eq!(sentence_case([Upper, Upper, Punct, Upper].into_iter()), SentenceCase::Capitals);
        assert_eq!(sentence_case([Cap, Cap, Cap, Lower].into_iter()), SentenceCase::Title);
        assert_eq!(sentence_case([Cap, Lower, Lower, Cap].into_iter()), SentenceCase::Running);
        assert_eq!(sentence_case([Digit, Punct].into_iter()), SentenceCase::Running);
    }
}
