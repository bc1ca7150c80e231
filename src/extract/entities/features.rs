//! What the tagger sees of each token: its form, shape, affixes and neighbours, the word lists it
//! belongs to, how the sentence and the document write it, and (in the second pass) how the first
//! pass labelled the same word elsewhere in the document.
//!
//! Features are 64-bit hashes made on the fly from per-token hashes (no string is built per
//! feature); the model maps each hash to a row of weights, one per tag. A document is prepared
//! once ([`Prepared`]); words that cannot start an entity (lower-case words and punctuation, not
//! name particles such as "de") are marked plain and skip feature extraction unless they follow
//! an open entity.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use super::gazetteer::GAZETTEER;
use super::lexicon::{Lexicon, UNSEEN};
use super::tags::{KINDS, O, Part, TAGS, kind_of, part_of};
use super::tokens::push_key;
use crate::model::EntityKind;

/// Changes whenever the features change: a model trained with other features is refused.
pub(super) const FEATURES_VERSION: u32 = 1;

/// The longest run of words looked up as one listed name.
const MAX_PHRASE: usize = 6;

/// Word classes by capitalisation.
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

// Token flags.
const FIRST: u16 = 1;
const CAPS_SENTENCE: u16 = 1 << 1;
const TITLE_SENTENCE: u16 = 1 << 2;
/// The word is written lower-case somewhere in the document, mid-sentence.
const DOC_LOWER: u16 = 1 << 3;
/// The word is written capitalised somewhere in the document, mid-sentence in running text.
const DOC_CAP: u16 = 1 << 4;
const PLAIN: u16 = 1 << 5;
const HYPHEN: u16 = 1 << 6;
const DOT: u16 = 1 << 7;
const LAST: u16 = 1 << 8;

// Word-list bits: listed names by kind and part, then single-word lists.
const LIST_GIVEN: u32 = 1 << 12;
const LIST_SURNAME: u32 = 1 << 13;
const LIST_TITLE: u32 = 1 << 14;
const LIST_ORG_SUFFIX: u32 = 1 << 15;
const LIST_PLACE_SUFFIX: u32 = 1 << 16;
const LIST_MISC_SUFFIX: u32 = 1 << 17;
const LIST_MISC_HEAD: u32 = 1 << 18;
const LIST_COMMON: u32 = 1 << 19;
const LIST_CALENDAR: u32 = 1 << 20;
const LIST_SPEECH: u32 = 1 << 21;
const LIST_NAME_PART: u32 = 1 << 22;
const LIST_PARTICLE: u32 = 1 << 23;
const LIST_BITS: u32 = 24;

/// What is known of one token before tagging.
#[derive(Debug, Clone, Copy)]
pub(super) struct TokenInfo {
    pub(super) class: Class,
    flags: u16,
    /// Lower-case form, digits as 0.
    lower: u64,
    /// Form as written, digits as 0.
    form: u64,
    shape: u64,
    /// `entity_key` form, for word lists (0 for punctuation).
    key: u64,
    lists: u32,
    /// How unannotated news writes the word ([`Lexicon::bucket`]).
    case: u8,
    /// Prefixes and suffixes of 1 to 4 characters (lower-case).
    affixes: [u64; 8],
}

impl TokenInfo {
    pub(super) fn is_plain(&self) -> bool {
        self.flags & PLAIN != 0
    }

    pub(super) fn lower(&self) -> u64 {
        self.lower
    }

    /// Not at the start of a sentence, nor in an all-capitals or title-case sentence.
    pub(super) fn running_text(&self) -> bool {
        self.flags & (FIRST | CAPS_SENTENCE | TITLE_SENTENCE) == 0
    }
}

/// One document made ready for tagging.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    pub(super) tokens: Vec<TokenInfo>,
    /// Index of the first token of each sentence, and the token count at the end.
    pub(super) sentences: Vec<usize>,
    buf: String,
    key_buf: String,
    keys: Vec<u64>,
    /// Lower-case hash → how running text in the document writes the word (kept between documents).
    doc_case: FxHashMap<u64, u16>,
}

/// The word lists, by key hash: one lookup per word, and listed names by the hash of their words.
struct Lists {
    words: FxHashMap<u64, u32>,
    /// Hash of a listed name's word keys → (kind slot, caps only).
    phrases: FxHashMap<u64, (u8, bool)>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let g = &*GAZETTEER;
    let mut words: FxHashMap<u64, u32> = FxHashMap::default();
    let mut add = |key: &str, bit: u32| *words.entry(xxh3_64(key.as_bytes())).or_default() |= bit;
    for (set, bit) in [(&g.given_names, LIST_GIVEN), (&g.surnames, LIST_SURNAME)] {
        for key in set {
            add(key, bit);
        }
    }
    let static_sets = [
        (&g.titles, LIST_TITLE),
        (&g.org_suffixes, LIST_ORG_SUFFIX),
        (&g.place_suffixes, LIST_PLACE_SUFFIX),
        (&g.misc_suffixes, LIST_MISC_SUFFIX),
        (&g.misc_heads, LIST_MISC_HEAD),
        (&g.common, LIST_COMMON),
        (&g.calendar, LIST_CALENDAR),
        (&g.speech_verbs, LIST_SPEECH),
        (&g.particles, LIST_PARTICLE),
    ];
    for (set, bit) in static_sets {
        for key in set {
            add(&key.to_lowercase(), bit);
        }
    }
    let mut phrases = FxHashMap::default();
    for (alias, hit) in g.aliases() {
        let slot = match g.entries[hit.entry].kind {
            EntityKind::Location => 0,
            EntityKind::Org => 1,
            _ => 2,
        };
        let mut hash = PHRASE_SEED;
        for word in alias.split(' ') {
            add(word, LIST_NAME_PART);
            hash = mix(hash, xxh3_64(word.as_bytes()));
        }
        phrases.entry(hash).or_insert((slot, hit.caps_only));
    }
    Lists { words, phrases }
});

const PHRASE_SEED: u64 = 0x5bd1_e995_7f4a_7c15;

/// Combines two hashes (a multiply-xorshift mix).
#[inline]
pub(super) fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(25)).wrapping_add(0x9e37_79b9_7f4a_7c15).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 31)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 29)
}

/// Writes `word` with curly quotes and dashes made plain and digits as 0, lower-cased if asked.
fn normalise(word: &str, lower: bool, out: &mut String) {
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

fn classify(word: &str) -> (Class, u16) {
    let (mut upper, mut lower, mut digit, mut letters, mut flags) = (0, 0, false, 0, 0);
    let mut first_upper = None;
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
            first_upper.get_or_insert(c.is_uppercase());
        } else if c.is_numeric() {
            digit = true;
        } else if c == '-' || c == '‐' {
            flags |= HYPHEN;
        } else if c == '.' {
            flags |= DOT;
        }
    }
    let class = if digit {
        Class::Digit
    } else if letters == 0 {
        Class::Punct
    } else if upper == 0 {
        Class::Lower
    } else if lower == 0 {
        if letters == 1 { Class::Initial } else { Class::Upper }
    } else if first_upper == Some(true) {
        Class::Cap
    } else {
        Class::Mixed
    };
    (class, flags)
}

/// Hashes of the prefixes (1 to 4 characters), then the suffixes; 1 where the word is shorter.
fn affixes(word: &str) -> [u64; 8] {
    let mut out = [1; 8];
    let bytes = word.as_bytes();
    let count = word.chars().count();
    for (k, (at, _)) in word.char_indices().enumerate() {
        if (1..=4).contains(&k) {
            out[k - 1] = xxh3_64(&bytes[..at]);
        }
        let n = count - k;
        if (1..=4).contains(&n) {
            out[3 + n] = xxh3_64(&bytes[at..]);
        }
    }
    if (1..=4).contains(&count) {
        out[count - 1] = xxh3_64(bytes);
    }
    out
}

/// "Xx", "X.X.", "d-d", "x": one symbol per run of the same kind of character.
fn shape_hash(word: &str) -> u64 {
    let mut shape = [0u8; 16];
    let mut len = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_alphabetic() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'~'
        };
        if (len == 0 || shape[len - 1] != s) && len < shape.len() {
            shape[len] = s;
            len += 1;
        }
    }
    xxh3_64(&shape[..len])
}

impl Prepared {
    /// Prepares the words of one document; `starts[i]` says a sentence starts at word `i`.
    pub(super) fn prepare(&mut self, words: &[&str], starts: &[bool], lexicon: &Lexicon) {
        self.tokens.clear();
        self.sentences.clear();
        self.keys.clear();
        for (i, word) in words.iter().enumerate() {
            if i == 0 || starts[i] {
                self.sentences.push(i);
            }
            let (class, flags) = classify(word);
            normalise(word, true, &mut self.buf);
            let lower = xxh3_64(self.buf.as_bytes());
            let form = if matches!(class, Class::Lower | Class::Punct) {
                lower
            } else {
                normalise(word, false, &mut self.buf);
                xxh3_64(self.buf.as_bytes())
            };
            // A word of plain lower-case letters is its own key.
            let key = if class == Class::Punct {
                0
            } else if word.bytes().all(|b| b.is_ascii_lowercase()) {
                lower
            } else {
                self.key_buf.clear();
                push_key(&mut self.key_buf, word);
                if self.key_buf.is_empty() { 0 } else { xxh3_64(self.key_buf.as_bytes()) }
            };
            self.tokens.push(TokenInfo {
                class,
                flags: flags | if i == 0 || starts[i] { FIRST } else { 0 },
                lower,
                form,
                shape: shape_hash(word),
                key,
                lists: 0,
                case: if class == Class::Punct { UNSEEN } else { lexicon.bucket(lower) },
                affixes: [0; 8],
            });
        }
        self.sentences.push(words.len());
        self.mark_sentences();
        self.mark_document_case();
        self.mark_lists(words);
    }

    /// Marks all-capitals and title-case sentences, and each sentence's last token.
    fn mark_sentences(&mut self) {
        for s in 0..self.sentences.len() - 1 {
            let range = self.sentences[s]..self.sentences[s + 1];
            if range.is_empty() {
                continue;
            }
            let (mut lower, mut upper, mut cap) = (0, 0, 0);
            for t in &self.tokens[range.clone()] {
                match t.class {
                    Class::Lower => lower += 1,
                    Class::Upper => upper += 1,
                    Class::Cap => cap += 1,
                    _ => {}
                }
            }
            let flag = if upper > 0 && lower == 0 && cap == 0 {
                CAPS_SENTENCE
            } else if cap >= 3 && lower * 3 <= cap {
                TITLE_SENTENCE
            } else {
                0
            };
            let last = range.end - 1;
            for t in &mut self.tokens[range] {
                t.flags |= flag;
            }
            self.tokens[last].flags |= LAST;
        }
    }

    /// How the document writes each word mid-sentence in running text: lower-case, capitalised.
    fn mark_document_case(&mut self) {
        let seen = &mut self.doc_case;
        seen.clear();
        for t in &self.tokens {
            if t.flags & (FIRST | CAPS_SENTENCE | TITLE_SENTENCE) != 0 {
                continue;
            }
            match t.class {
                Class::Lower => *seen.entry(t.lower).or_default() |= DOC_LOWER,
                Class::Cap => *seen.entry(t.lower).or_default() |= DOC_CAP,
                _ => {}
            }
        }
        for t in &mut self.tokens {
            if t.class != Class::Punct {
                t.flags |= seen.get(&t.lower).copied().unwrap_or(0);
            }
        }
    }

    /// Word lists, listed names (the longest from each capitalised word, left to right), plain
    /// words and affixes.
    fn mark_lists(&mut self, words: &[&str]) {
        let lists = &*LISTS;
        for (i, t) in self.tokens.iter_mut().enumerate() {
            if t.key != 0 {
                t.lists = lists.words.get(&t.key).copied().unwrap_or(0);
            }
            let plain = match t.class {
                // Numbers without letters ("1996", "4-0", "2.5") almost never start a name.
                Class::Punct => true,
                Class::Digit if !words[i].chars().any(char::is_alphabetic) => true,
                Class::Lower => t.lists & LIST_PARTICLE == 0,
                _ => false,
            };
            if plain {
                t.flags |= PLAIN;
                continue;
            }
            normalise(words[i], true, &mut self.buf);
            t.affixes = affixes(&self.buf);
        }
        let mut start = 0;
        while start < self.tokens.len() {
            if !matches!(self.tokens[start].class, Class::Cap | Class::Upper | Class::Initial | Class::Mixed)
            {
                start += 1;
                continue;
            }
            let mut hash = PHRASE_SEED;
            let mut found = None;
            for end in start + 1..(start + MAX_PHRASE).min(self.tokens.len()) + 1 {
                let t = &self.tokens[end - 1];
                if t.key == 0 || (end > start + 1 && t.flags & FIRST != 0) {
                    break;
                }
                hash = mix(hash, t.key);
                if let Some(&(slot, caps_only)) = lists.phrases.get(&hash)
                    && (!caps_only || (end == start + 1 && t.class == Class::Upper))
                {
                    found = Some((end, slot));
                }
            }
            if let Some((end, slot)) = found {
                let base = 4 * u32::from(slot);
                if end == start + 1 {
                    self.tokens[start].lists |= 1 << (base + Part::Unit as u32);
                } else {
                    self.tokens[start].lists |= 1 << (base + Part::Begin as u32);
                    for t in &mut self.tokens[start + 1..end - 1] {
                        t.lists |= 1 << (base + Part::Inside as u32);
                    }
                    self.tokens[end - 1].lists |= 1 << (base + Part::Last as u32);
                }
            }
            // Longest match first, then on after it: "North Korea" hides "Korea".
            start = found.map_or(start + 1, |(end, _)| end);
        }
    }
}

impl Prepared {
    /// Listed names of two words or more, as (kind slot: 0 place, 1 organisation, 2 other; words).
    pub(super) fn listed_phrases(&self) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for slot in 0..3 {
            let bit = |t: &TokenInfo, part: Part| t.lists & (1 << (4 * slot + part as usize)) != 0;
            let mut start = None;
            for (i, t) in self.tokens.iter().enumerate() {
                if bit(t, Part::Begin) {
                    start = Some(i);
                } else if bit(t, Part::Last)
                    && let Some(s) = start.take()
                {
                    out.push((slot, s..i + 1));
                } else if !bit(t, Part::Inside) {
                    start = None;
                }
            }
        }
        out
    }
}

/// Feature templates. Each feature is `mix(template ^ pass, value…)`.
mod template {
    pub const BIAS: u64 = 1;
    pub const LOWER: u64 = 2;
    pub const FORM: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const AFFIX: u64 = 5;
    pub const LOWER_AT: u64 = 6;
    pub const SHAPE_AT: u64 = 7;
    pub const BIGRAM_LEFT: u64 = 8;
    pub const BIGRAM_RIGHT: u64 = 9;
    pub const SHAPES3: u64 = 10;
    pub const CLASS_FLAGS: u64 = 11;
    pub const CAPS_LOWER: u64 = 12;
    pub const LIST: u64 = 13;
    pub const LIST_AT: u64 = 14;
    pub const FORM_AT: u64 = 15;
    pub const SUFFIX_AT: u64 = 16;
    pub const SKIP: u64 = 17;
    pub const CASE: u64 = 18;
    pub const CASE_AT: u64 = 19;
    pub const PREV: u64 = 20;
    pub const PREV2: u64 = 21;
    pub const PREV_LOWER: u64 = 22;
    pub const PREV_SHAPE: u64 = 23;
    pub const DOC_LABEL: u64 = 30;
    pub const FIRST_LABEL: u64 = 31;
    pub const FIRST_LABEL_AT: u64 = 32;
    pub const DOC_KIND: u64 = 33;
}

/// Which pass a feature belongs to: the passes have separate weights.
pub(super) fn pass_seed(pass: usize) -> u64 {
    (pass as u64 + 1) << 56
}

const OUTSIDE: u64 = 0x0b5e_55ed;

/// The observation features of token `i` (those that do not depend on tags).
pub(super) fn observe(p: &Prepared, i: usize, sentence: (usize, usize), pass: u64, out: &mut Vec<u64>) {
    let t = &p.tokens[i];
    let f = |template: u64, value: u64| mix(template | pass, value);
    let (start, end) = sentence;
    let at = |offset: isize| -> Option<&TokenInfo> {
        let j = i as isize + offset;
        (j >= start as isize && j < end as isize).then(|| &p.tokens[j as usize])
    };
    let lower_at = |offset: isize| at(offset).map_or(OUTSIDE ^ offset as u64, |t| t.lower);
    let shape_at = |offset: isize| at(offset).map_or(OUTSIDE ^ offset as u64, |t| t.shape);
    out.push(f(template::BIAS, 0));
    out.push(f(template::LOWER, t.lower));
    out.push(f(template::FORM, t.form));
    out.push(f(template::SHAPE, t.shape));
    for (n, affix) in t.affixes.iter().enumerate() {
        out.push(f(template::AFFIX, mix(n as u64, *affix)));
    }
    for offset in [-2isize, -1, 1, 2] {
        out.push(f(template::LOWER_AT, mix(offset as u64, lower_at(offset))));
    }
    for offset in [-1isize, 1] {
        out.push(f(template::SHAPE_AT, mix(offset as u64, shape_at(offset))));
    }
    for offset in [-1isize, 1] {
        out.push(f(template::FORM_AT, mix(offset as u64, at(offset).map_or(OUTSIDE, |n| n.form))));
        if let Some(n) = at(offset).filter(|n| !n.is_plain()) {
            out.push(f(template::SUFFIX_AT, mix(offset as u64, n.affixes[6])));
        }
    }
    out.push(f(template::SKIP, mix(lower_at(-1), lower_at(1))));
    out.push(f(template::BIGRAM_LEFT, mix(lower_at(-1), t.lower)));
    out.push(f(template::BIGRAM_RIGHT, mix(t.lower, lower_at(1))));
    out.push(f(template::SHAPES3, mix(mix(shape_at(-1), t.shape), shape_at(1))));
    let context = t.flags & (FIRST | CAPS_SENTENCE | TITLE_SENTENCE | DOC_LOWER | DOC_CAP);
    out.push(f(template::CLASS_FLAGS, mix(t.class as u64, u64::from(context))));
    out.push(f(template::CLASS_FLAGS, mix(t.class as u64 | 0x100, u64::from(t.flags & (HYPHEN | DOT)))));
    if t.flags & (CAPS_SENTENCE | TITLE_SENTENCE | FIRST) != 0 {
        out.push(f(template::CAPS_LOWER, mix(u64::from(context & !DOC_CAP & !DOC_LOWER), t.lower)));
    }
    out.push(f(template::CASE, mix(u64::from(t.case), t.class as u64)));
    out.push(f(
        template::CASE,
        mix(u64::from(t.case) | 0x100, u64::from(context & (FIRST | CAPS_SENTENCE | TITLE_SENTENCE))),
    ));
    for offset in [-1isize, 1] {
        let case = at(offset).map_or(0xff, |n| n.case);
        out.push(f(template::CASE_AT, mix(offset as u64, u64::from(case))));
    }
    for bit in 0..LIST_BITS {
        if t.lists & (1 << bit) != 0 {
            out.push(f(template::LIST, mix(u64::from(bit), t.class as u64)));
        }
    }
    for offset in [-1isize, 1] {
        if let Some(n) = at(offset) {
            // The kinds of listed names and the single-word lists, without parts.
            let mut lists = n.lists >> 12;
            for slot in 0..3 {
                if n.lists & (0xf << (4 * slot)) != 0 {
                    lists |= 1 << (LIST_BITS - 12 + slot);
                }
            }
            for bit in 0..LIST_BITS - 12 + 3 {
                if lists & (1 << bit) != 0 {
                    out.push(f(
                        template::LIST_AT,
                        mix(offset as u64, u64::from(bit) | (t.class as u64) << 8),
                    ));
                }
            }
        }
    }
}

/// Features of the tags already given to the previous two tokens.
pub(super) fn history(p: &Prepared, i: usize, prev: u8, prev2: u8, pass: u64, out: &mut [u64; 4]) {
    let t = &p.tokens[i];
    let f = |template: u64, value: u64| mix(template | pass, value);
    out[0] = f(template::PREV, u64::from(prev));
    out[1] = f(template::PREV2, u64::from(prev2) << 8 | u64::from(prev));
    out[2] = f(template::PREV_LOWER, mix(u64::from(prev), t.lower));
    out[3] = f(template::PREV_SHAPE, mix(u64::from(prev), t.shape));
}

/// What the first pass said about each word of a document: tag counts by lower-case form.
#[derive(Debug, Default)]
pub(super) struct FirstPass {
    counts: FxHashMap<u64, [u16; TAGS]>,
}

impl FirstPass {
    pub(super) fn new(p: &Prepared, tags: &[u8]) -> Self {
        let mut first = Self::default();
        first.fill(p, tags);
        first
    }

    /// Replaces what is counted with the first pass's `tags` of document `p`, keeping the memory.
    pub(super) fn fill(&mut self, p: &Prepared, tags: &[u8]) {
        self.counts.clear();
        for (t, &tag) in p.tokens.iter().zip(tags) {
            if !t.is_plain() {
                let c = &mut self.counts.entry(t.lower).or_insert([0; TAGS])[tag as usize];
                *c = c.saturating_add(1);
            }
        }
    }

    /// Second-pass features of token `i`: the first pass's tags for the same word elsewhere in the
    /// document, its own tag and its neighbours'.
    pub(super) fn observe(&self, p: &Prepared, tags: &[u8], i: usize, pass: u64, out: &mut Vec<u64>) {
        let t = &p.tokens[i];
        let f = |template: u64, value: u64| mix(template | pass, value);
        let own = tags[i];
        out.push(f(template::FIRST_LABEL, u64::from(own)));
        let before = if i > 0 && t.flags & FIRST == 0 { tags[i - 1] } else { O };
        let after = if t.flags & LAST == 0 { tags.get(i + 1).copied().unwrap_or(O) } else { O };
        out.push(f(template::FIRST_LABEL_AT, u64::from(before) << 8 | u64::from(after)));
        let Some(counts) = self.counts.get(&t.lower) else { return };
        let mut kinds = [0u32; KINDS + 1];
        let mut others = 0;
        for (tag, &n) in counts.iter().enumerate() {
            // Not counting this very word (plain words were never counted).
            let n = u32::from(n).saturating_sub(u32::from(tag == own as usize && !t.is_plain()));
            if n == 0 {
                continue;
            }
            others += n;
            kinds[kind_of(tag as u8).map_or(KINDS, |k| k)] += n;
            let part = part_of(tag as u8).map_or(9, |p| p as u64);
            out.push(f(template::DOC_LABEL, mix(tag as u64, part | (t.class as u64) << 8)));
        }
        if others > 0
            && let Some(best) = (0..=KINDS).max_by_key(|&k| kinds[k])
        {
            let share = kinds[best] * 4 / others;
            out.push(f(template::DOC_KIND, (best as u64) << 8 | u64::from(share)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(words: &[&str]) -> Prepared {
        let mut p = Prepared::default();
        let starts: Vec<bool> = (0..words.len()).map(|i| i == 0).collect();
        p.prepare(words, &starts, &Lexicon::default());
        p
    }

    #[test]
    fn words_are_classed_by_capitals() {
        let classes: Vec<Class> = ["Seoul", "IOC", "U.S.", "A", "iPhone", "1996-08-22", "the", ","]
            .iter()
            .map(|w| classify(w).0)
            .collect();
        use Class::*;
        assert_eq!(classes, [Cap, Upper, Upper, Initial, Mixed, Digit, Lower, Punct]);
    }

    #[test]
    fn listed_names_mark_their_words() {
        let p = prepared(&["Officials", "in", "North", "Korea", "and", "the", "IOC", "met"]);
        let loc_begin = 1 << Part::Begin as u32;
        let loc_last = 1 << Part::Last as u32;
        assert_eq!(p.tokens[2].lists & 0xfff, loc_begin);
        assert_eq!(p.tokens[3].lists & 0xfff, loc_last);
        assert_eq!(p.tokens[6].lists & 0xfff, 1 << (4 + Part::Unit as u32), "IOC is a listed organisation");
        assert!(p.tokens[1].is_plain() && p.tokens[4].is_plain() && !p.tokens[2].is_plain());
    }

    #[test]
    fn long_listed_names_are_found() {
        let p = prepared(&["the", "Democratic", "People’s", "Republic", "of", "Korea", "."]);
        assert_eq!(p.listed_phrases(), [(0, 1..6)]);
    }

    #[test]
    fn a_caps_only_alias_needs_capitals() {
        let p = prepared(&["Tell", "us", "about", "the", "US"]);
        assert_eq!(p.tokens[1].lists & 0xfff, 0);
        assert_eq!(p.tokens[4].lists & 0xfff, 1 << Part::Unit as u32);
    }

    #[test]
    fn curly_quotes_and_digits_are_normalised() {
        let mut out = String::new();
        normalise("O’Brien’s 2024", true, &mut out);
        assert_eq!(out, "o'brien's 0000");
        assert_eq!(shape_hash("Jong-hoon"), shape_hash("Kim-il"));
        assert_ne!(shape_hash("Seoul"), shape_hash("SEOUL"));
    }
}
