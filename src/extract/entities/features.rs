//! What the tagger sees of each token: its form, shape, affixes and neighbours, the word lists it
//! belongs to, how the sentence and the document write it, and (in the second pass) how the first
//! pass labelled the same word elsewhere in the document.
//!
//! Features are 64-bit hashes made on the fly from per-token hashes (no string is built per
//! feature); the model maps each hash to a row of weights, one per tag. A document is prepared
//! once ([`Prepared`]); words that cannot start an entity (lower-case words and punctuation, not
//! name particles such as "de") are marked plain and skip feature extraction unless they follow
//! an open entity. A plain word is looked up in the word lists and statistics only when a scored
//! word's features read it (as a neighbour, or scored itself): most news words never are.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64;

use super::gazetteer::GAZETTEER;
use super::lexicon::{Lexicon, UNSEEN};
use super::shape::{Class, SentenceCase, WordShape, lower_hash, normalise, sentence_case};
use super::tags::{KINDS, O, Part, TAGS, kind_of, part_of};
use super::tokens::push_key;
use crate::model::EntityKind;
use crate::names::MAX_LISTED_WORDS;

/// Changes whenever the features change: a model trained with other features is refused.
pub(super) const FEATURES_VERSION: u32 = 1;

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
/// `DOC_LOWER` and `DOC_CAP` are set; otherwise they are looked up when asked for.
const DOC_KNOWN: u16 = 1 << 9;

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
/// The bits of listed names (by kind and part).
const LISTED_NAMES: u32 = 0xfff;
/// The single-word lists are looked up (listed-name bits may be set before they are).
const LISTS_KNOWN: u32 = 1 << 31;

/// A word not yet looked up in the word statistics.
const CASE_UNKNOWN: u8 = u8::MAX;

/// What is known of one token before tagging. Plain words get only what their neighbours'
/// features read; the rest is looked up if a plain word is ever scored itself.
#[derive(Debug, Clone, Copy)]
pub(super) struct TokenInfo {
    pub(super) class: Class,
    flags: u16,
    /// How unannotated news writes the word ([`Lexicon::bucket`]), or [`CASE_UNKNOWN`].
    case: u8,
    lists: u32,
    /// Where the word's prefixes and suffixes are in [`Prepared::affixes`].
    affixes: u32,
    /// Lower-case form, digits as 0.
    lower: u64,
    /// Form as written, digits as 0.
    form: u64,
    shape: u64,
    /// `entity_key` form, for word lists (0 for punctuation).
    key: u64,
}

impl TokenInfo {
    pub(super) fn is_plain(&self) -> bool {
        self.flags & PLAIN != 0
    }
}

/// One document made ready for tagging.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    pub(super) tokens: Vec<TokenInfo>,
    /// Index of the first token of each sentence, and the token count at the end.
    pub(super) sentences: Vec<usize>,
    /// Hashes of the prefixes (1 to 4 characters, lower-case) and then the suffixes of the words
    /// that are not plain; the first entry, all 0, stands for every plain word.
    affixes: Vec<[u64; 8]>,
    buf: String,
    key_buf: String,
    /// Lower-case hash → how running text in the document writes the word (kept between documents).
    doc_case: FxHashMap<u64, u16>,
}

/// The word lists, by key hash: one lookup per word, and listed names by the hash of their words.
struct Lists {
    words: FxHashMap<u64, u32>,
    /// Key hashes of the name particles ("de", "bin"): lower-case words that are not plain.
    particles: FxHashSet<u64>,
    /// Hash of a listed name's word keys → (kind slot, caps only).
    phrases: FxHashMap<u64, (u8, bool)>,
    /// The shape hash of a word of lower-case letters only.
    lower_shape: u64,
}

impl Lists {
    #[inline]
    fn of_word(&self, key: u64) -> u32 {
        if key == 0 { 0 } else { self.words.get(&key).copied().unwrap_or(0) }
    }
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
    let particles =
        words.iter().filter(|(_, bits)| *bits & LIST_PARTICLE != 0).map(|(&key, _)| key).collect();
    Lists { words, particles, phrases, lower_shape: shape_hash("x") }
});

const PHRASE_SEED: u64 = 0x5bd1_e995_7f4a_7c15;

/// Combines two hashes (a multiply-xorshift mix).
#[inline]
pub(super) fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(25)).wrapping_add(0x9e37_79b9_7f4a_7c15).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 31)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 29)
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
    /// `shapes` are the words' shapes when the tokeniser has them already.
    pub(super) fn prepare(
        &mut self,
        words: &[&str],
        starts: &[bool],
        shapes: Option<&[WordShape]>,
        lexicon: &Lexicon,
    ) {
        let lists = &*LISTS;
        self.tokens.clear();
        self.sentences.clear();
        self.affixes.clear();
        self.affixes.push([0; 8]);
        for (i, word) in words.iter().enumerate() {
            let first = i == 0 || starts[i];
            if first {
                self.sentences.push(i);
            }
            let scan = shapes.and_then(|s| s.get(i).copied()).unwrap_or_else(|| WordShape::of(word));
            let class = scan.class();
            let (lower, form, shape, key) = if scan.plain_lower {
                // Lower-case letters only: the word is its own lower-case form, form and key.
                let hash = xxh3_64(word.as_bytes());
                (hash, hash, lists.lower_shape, hash)
            } else {
                let lower = lower_hash(word, &scan, &mut self.buf);
                let form = if matches!(class, Class::Lower | Class::Punct) {
                    lower
                } else {
                    normalise(word, false, &mut self.buf);
                    xxh3_64(self.buf.as_bytes())
                };
                let key = if class == Class::Punct {
                    0
                } else {
                    self.key_buf.clear();
                    push_key(&mut self.key_buf, word);
                    if self.key_buf.is_empty() { 0 } else { xxh3_64(self.key_buf.as_bytes()) }
                };
                (lower, form, shape_hash(word), key)
            };
            let plain = match class {
                Class::Punct => true,
                // Numbers without letters ("1996", "4-0", "2.5") almost never start a name.
                Class::Digit => scan.letters == 0,
                Class::Lower => !lists.particles.contains(&key),
                _ => false,
            };
            let mut flags = if first { FIRST } else { 0 };
            flags |= if scan.hyphen { HYPHEN } else { 0 } | if scan.dot { DOT } else { 0 };
            let mut token = TokenInfo {
                class,
                flags: flags | if plain { PLAIN } else { 0 },
                case: if class == Class::Punct { UNSEEN } else { CASE_UNKNOWN },
                lists: 0,
                affixes: 0,
                lower,
                form,
                shape,
                key,
            };
            if !plain {
                normalise(word, true, &mut self.buf);
                token.affixes = self.affixes.len() as u32;
                self.affixes.push(affixes(&self.buf));
                token.lists = lists.of_word(key) | LISTS_KNOWN;
                token.case = lexicon.bucket(lower);
            }
            self.tokens.push(token);
        }
        self.sentences.push(words.len());
        self.mark_sentences();
        self.mark_document_case();
        self.look_up_neighbours(lexicon);
        self.mark_phrases();
    }

    /// Marks all-capitals and title-case sentences, and each sentence's last token.
    fn mark_sentences(&mut self) {
        for s in 0..self.sentences.len() - 1 {
            let range = self.sentences[s]..self.sentences[s + 1];
            if range.is_empty() {
                continue;
            }
            let flag = match sentence_case(self.tokens[range.clone()].iter().map(|t| t.class)) {
                SentenceCase::Capitals => CAPS_SENTENCE,
                SentenceCase::Title => TITLE_SENTENCE,
                SentenceCase::Running => 0,
            };
            let last = range.end - 1;
            for t in &mut self.tokens[range] {
                t.flags |= flag;
            }
            self.tokens[last].flags |= LAST;
        }
    }

    /// How the document writes each word mid-sentence in running text: lower-case, capitalised.
    /// Words that are not plain are told now, plain ones when asked ([`Prepared::flags_of`]).
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
        for t in self.tokens.iter_mut().filter(|t| !t.is_plain()) {
            t.flags |= seen.get(&t.lower).copied().unwrap_or(0) | DOC_KNOWN;
        }
    }

    /// Looks up the word lists and statistics of the plain words next to the others: what the
    /// features of a word that is scored read of its neighbours.
    fn look_up_neighbours(&mut self, lexicon: &Lexicon) {
        let lists = &*LISTS;
        let n = self.tokens.len();
        for i in 0..n {
            if self.tokens[i].is_plain() {
                continue;
            }
            for j in [i.wrapping_sub(1), i + 1] {
                let Some(t) = self.tokens.get_mut(j) else { continue };
                if t.lists & LISTS_KNOWN == 0 {
                    t.lists |= lists.of_word(t.key) | LISTS_KNOWN;
                }
                if t.case == CASE_UNKNOWN {
                    t.case = lexicon.bucket(t.lower);
                }
            }
        }
    }

    /// Listed names: the longest from each capitalised word, left to right.
    fn mark_phrases(&mut self) {
        let lists = &*LISTS;
        let mut start = 0;
        while start < self.tokens.len() {
            if !matches!(self.tokens[start].class, Class::Cap | Class::Upper | Class::Initial | Class::Mixed)
            {
                start += 1;
                continue;
            }
            let mut hash = PHRASE_SEED;
            let mut found = None;
            for end in start + 1..(start + MAX_LISTED_WORDS).min(self.tokens.len()) + 1 {
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

    /// A capitalised common word or month between words that cannot start a name ("The",
    /// "However", "In" before a lower-case word; "I"; "March" after "in"): the tagger all but
    /// always says O there, so it is not asked. Not for words of a listed name.
    pub(super) fn unlikely_name(&self, i: usize, (start, end): (usize, usize)) -> bool {
        let t = &self.tokens[i];
        if !matches!(t.class, Class::Cap | Class::Initial) {
            return false;
        }
        let lists = Self::lists_of(t);
        let plain = |j: usize| !(start..end).contains(&j) || self.tokens[j].is_plain();
        lists & LISTED_NAMES == 0
            && lists & (LIST_COMMON | LIST_CALENDAR) != 0
            && plain(i.wrapping_sub(1))
            && plain(i + 1)
    }

    /// The token's flags, with how the document writes its word.
    fn flags_of(&self, t: &TokenInfo) -> u16 {
        if t.flags & DOC_KNOWN != 0 || t.class == Class::Punct {
            t.flags
        } else {
            t.flags | self.doc_case.get(&t.lower).copied().unwrap_or(0)
        }
    }

    /// The word lists the token is on (listed names and single words).
    fn lists_of(t: &TokenInfo) -> u32 {
        if t.lists & LISTS_KNOWN != 0 { t.lists & !LISTS_KNOWN } else { t.lists | LISTS.of_word(t.key) }
    }

    /// How unannotated news writes the token's word.
    fn case_of(t: &TokenInfo, lexicon: &Lexicon) -> u8 {
        if t.case == CASE_UNKNOWN { lexicon.bucket(t.lower) } else { t.case }
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
pub(super) fn observe(
    p: &Prepared,
    lexicon: &Lexicon,
    i: usize,
    sentence: (usize, usize),
    pass: u64,
    out: &mut Vec<u64>,
) {
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
    for (n, affix) in p.affixes[t.affixes as usize].iter().enumerate() {
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
            out.push(f(template::SUFFIX_AT, mix(offset as u64, p.affixes[n.affixes as usize][6])));
        }
    }
    out.push(f(template::SKIP, mix(lower_at(-1), lower_at(1))));
    out.push(f(template::BIGRAM_LEFT, mix(lower_at(-1), t.lower)));
    out.push(f(template::BIGRAM_RIGHT, mix(t.lower, lower_at(1))));
    out.push(f(template::SHAPES3, mix(mix(shape_at(-1), t.shape), shape_at(1))));
    let flags = p.flags_of(t);
    let context = flags & (FIRST | CAPS_SENTENCE | TITLE_SENTENCE | DOC_LOWER | DOC_CAP);
    out.push(f(template::CLASS_FLAGS, mix(t.class as u64, u64::from(context))));
    out.push(f(template::CLASS_FLAGS, mix(t.class as u64 | 0x100, u64::from(flags & (HYPHEN | DOT)))));
    if flags & (CAPS_SENTENCE | TITLE_SENTENCE | FIRST) != 0 {
        out.push(f(template::CAPS_LOWER, mix(u64::from(context & !DOC_CAP & !DOC_LOWER), t.lower)));
    }
    let case = Prepared::case_of(t, lexicon);
    out.push(f(template::CASE, mix(u64::from(case), t.class as u64)));
    out.push(f(
        template::CASE,
        mix(u64::from(case) | 0x100, u64::from(context & (FIRST | CAPS_SENTENCE | TITLE_SENTENCE))),
    ));
    for offset in [-1isize, 1] {
        let case = at(offset).map_or(0xff, |n| Prepared::case_of(n, lexicon));
        out.push(f(template::CASE_AT, mix(offset as u64, u64::from(case))));
    }
    let lists = Prepared::lists_of(t);
    for bit in 0..LIST_BITS {
        if lists & (1 << bit) != 0 {
            out.push(f(template::LIST, mix(u64::from(bit), t.class as u64)));
        }
    }
    for offset in [-1isize, 1] {
        if let Some(n) = at(offset) {
            // The kinds of listed names and the single-word lists, without parts.
            let of_n = Prepared::lists_of(n);
            let mut lists = of_n >> 12;
            for slot in 0..3 {
                if of_n & (0xf << (4 * slot)) != 0 {
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

    /// True when the first pass tagged token `i` and its neighbours O and never tagged its word
    /// otherwise in the document: the second pass, whose features would mostly say the same,
    /// keeps that O.
    pub(super) fn settled(&self, p: &Prepared, tags: &[u8], i: usize, (start, end): (usize, usize)) -> bool {
        let outside = |j: usize| !(start..end).contains(&j) || tags[j] == O;
        tags[i] == O
            && outside(i.wrapping_sub(1))
            && outside(i + 1)
            && self.counts.get(&p.tokens[i].lower).is_none_or(|counts| counts[1..].iter().all(|&n| n == 0))
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
        p.prepare(words, &starts, None, &Lexicon::default());
        p
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
    fn capitalised_common_words_between_plain_words_are_not_asked() {
        let p = prepared(&["The", "talks", "in", "March", "and", "The", "Hague", ",", "I", "said", "."]);
        let whole = (0, p.tokens.len());
        let unlikely: Vec<usize> = (0..p.tokens.len()).filter(|&i| p.unlikely_name(i, whole)).collect();
        // Not "The" before "Hague", not "Hague", "talks" or punctuation.
        assert_eq!(unlikely, [0, 3, 8]);
        let p = prepared(&["in", "the", "US", "and", "Georgia"]);
        assert!(!(0..5).any(|i| p.unlikely_name(i, (0, 5))), "capitals and listed names are asked");
    }

    #[test]
    fn words_the_first_pass_left_alone_are_settled() {
        use crate::extract::entities::tags::{Part, tag};
        let p = prepared(&["Kim", "met", "Park", ".", "Later", "Kim", "left", "."]);
        let per = tag(0, Part::Unit);
        let tags = [per, O, per, O, O, O, O, O];
        let first = FirstPass::new(&p, &tags);
        let whole = (0, p.tokens.len());
        let settled: Vec<usize> =
            (0..p.tokens.len()).filter(|&i| first.settled(&p, &tags, i, whole)).collect();
        // "met" and "." sit next to a name; the second "Kim" was a name once in the document.
        assert_eq!(settled, [4, 6, 7]);
    }

    #[test]
    fn shapes_are_runs_of_character_kinds() {
        assert_eq!(shape_hash("Jong-hoon"), shape_hash("Kim-il"));
        assert_ne!(shape_hash("Seoul"), shape_hash("SEOUL"));
        assert_eq!(shape_hash("typhoon"), LISTS.lower_shape);
    }
}
