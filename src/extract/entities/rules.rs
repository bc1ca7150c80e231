//! Rule- and list-based named-entity extraction for English news.
//!
//! The headline and paragraphs are tokenised once. Runs of capitalised words, joined by name
//! connectors such as "of" or "de", become candidate spans; each span is classified by the
//! gazetteer first, then by organisation, place and event suffixes, titles, name lists and
//! speech cues, and split where those show it holds several names. Then short mentions ("Lim")
//! join the full names they abbreviate, unexplained names are kept only when the evidence is
//! strong enough, and the headline adds only what is listed or also found in the body.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use super::EntityExtractor;
use super::gazetteer::{GAZETTEER, Gazetteer};
use crate::model::{Entity, EntityKind, entity_key};

/// Longest run of words looked up as one listed name.
const MAX_LISTED_WORDS: usize = 8;
/// Longest candidate span; longer capitalised runs are cut (lists, shouting).
const MAX_SPAN_TOKENS: usize = 12;

/// Finds entities with word lists and capitalisation rules; the lists are built once per process.
#[derive(Clone, Copy)]
pub struct RuleExtractor {
    gazetteer: &'static Gazetteer,
}

impl RuleExtractor {
    pub fn new() -> Self {
        Self { gazetteer: &GAZETTEER }
    }
}

impl Default for RuleExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RuleExtractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleExtractor").finish_non_exhaustive()
    }
}

impl EntityExtractor for RuleExtractor {
    fn extract(&self, title: &str, paragraphs: &[String]) -> Vec<Entity> {
        let mut segments = Vec::with_capacity(paragraphs.len() + 1);
        segments.push(title);
        segments.extend(paragraphs.iter().map(String::as_str));
        let mut tokens = Tokens { gazetteer: self.gazetteer, list: Vec::new(), keys: String::new() };
        for (index, text) in segments.iter().enumerate() {
            tokens.push_segment(index, text);
        }
        Analysis::new(self.gazetteer, &segments, &tokens).entities()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
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
struct Token {
    segment: usize,
    start: usize,
    end: usize,
    /// Range of the token's `entity_key` form in [`Tokens::keys`].
    key_start: usize,
    key_end: usize,
    shape: Shape,
    punct: char,
    letters: usize,
    sentence_start: bool,
    /// A possessive or an adjective ending was cut off: no name continues past this token.
    ends_span: bool,
}

/// Every token of an article and, in one buffer, their keys.
struct Tokens {
    gazetteer: &'static Gazetteer,
    list: Vec<Token>,
    keys: String,
}

struct Word {
    end: usize,
    next: usize,
    possessive: bool,
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Appends the `entity_key` form of one word to `out` (no leading space).
fn push_key(out: &mut String, word: &str) {
    let start = out.len();
    let mut pending_space = false;
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
    loop {
        while let Some(c) = char_at(text, pos)
            && c.is_alphanumeric()
        {
            pos += c.len_utf8();
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

fn shape_of(word: &str, gazetteer: &Gazetteer) -> (Shape, usize) {
    let (mut letters, mut upper, mut lower, mut digits) = (0, 0, 0, false);
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        } else if c.is_numeric() {
            digits = true;
        }
    }
    let Some(first) = word.chars().next() else { return (Shape::Punct, 0) };
    let shape = if first.is_numeric() || letters == 0 {
        Shape::Number
    } else if lower == 0 {
        if letters >= 2 || digits { Shape::Upper } else { Shape::Initial }
    } else if first.is_uppercase() {
        // "MPs", "CEOs": plurals of acronyms are common nouns.
        if upper >= 2 && lower == 1 && word.ends_with('s') { Shape::Lower } else { Shape::Cap }
    } else if let Some(split) = word.find(|c| is_hyphen(c) || is_apostrophe(c)) {
        let prefix = &word[..split];
        let rest = word[split..].chars().nth(1);
        let named = gazetteer.name_prefixes.contains(prefix) && rest.is_some_and(char::is_uppercase);
        if named { Shape::Cap } else { Shape::Lower }
    } else if upper > 0 {
        Shape::Cap
    } else {
        Shape::Lower
    };
    (shape, letters)
}

impl Tokens {
    fn push_segment(&mut self, segment: usize, text: &str) {
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
            punct: '\n',
            letters: 0,
            sentence_start: true,
            ends_span: true,
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
        let (shape, letters) = if punct == '\0' {
            push_key(&mut self.keys, word);
            shape_of(word, self.gazetteer)
        } else {
            (Shape::Punct, 0)
        };
        self.list.push(Token {
            segment,
            start: range.start,
            end: range.end,
            key_start,
            key_end: self.keys.len(),
            shape,
            punct,
            letters,
            sentence_start,
            ends_span,
        });
    }
}

/// How a candidate span was classified.
#[derive(Debug, Clone, Copy)]
enum Class {
    /// A gazetteer entry.
    Listed(usize),
    /// An acronym or full name the article defines: "Korea Football Association (KFA)".
    Defined(usize),
    /// A suffix rule: organisation, place or event.
    Rule(EntityKind),
    Person,
    /// No evidence yet: kept only if later evidence appears.
    Unknown,
}

impl Class {
    fn strength(self) -> u8 {
        match self {
            Class::Listed(_) => 4,
            Class::Defined(_) => 3,
            Class::Rule(_) => 2,
            Class::Person => 1,
            Class::Unknown => 0,
        }
    }
}

#[derive(Debug)]
struct Candidate {
    range: Range<usize>,
    class: Class,
    cue: bool,
}

/// An acronym the article defines, with what its full name resolved to.
#[derive(Debug)]
struct Definition {
    key: String,
    kind: EntityKind,
    entry: Option<usize>,
}

/// One entity being gathered over the article.
#[derive(Debug)]
struct Gathered<'a> {
    key: String,
    kind: Option<EntityKind>,
    strength: u8,
    canonical: Option<&'static str>,
    /// Surface forms with their counts, in order of first appearance.
    forms: Vec<(&'a str, u32)>,
    mentions: u32,
    first: usize,
    single: bool,
    cue: bool,
    non_initial: bool,
    alive: bool,
}

struct Analysis<'a> {
    gazetteer: &'static Gazetteer,
    segments: &'a [&'a str],
    tokens: &'a [Token],
    keys: &'a str,
    body_start: usize,
    /// Keys of words written capitalised mid-sentence somewhere in the body.
    mixed_case: HashSet<&'a str>,
    definitions: Vec<Definition>,
    /// Acronym and full-name keys of the article's definitions.
    defined: HashMap<String, usize>,
    /// Tokens inside a definition's parentheses: the definition counts as one mention.
    hidden: Vec<bool>,
    /// Whether each body token can be part of a name.
    name: Vec<bool>,
}

impl<'a> Analysis<'a> {
    fn new(gazetteer: &'static Gazetteer, segments: &'a [&'a str], tokens: &'a Tokens) -> Self {
        let list = tokens.list.as_slice();
        let body_start = list.iter().position(|t| t.shape == Shape::Break).map_or(list.len(), |i| i + 1);
        let mut analysis = Analysis {
            gazetteer,
            segments,
            tokens: list,
            keys: &tokens.keys,
            body_start,
            mixed_case: HashSet::new(),
            definitions: Vec::new(),
            defined: HashMap::new(),
            hidden: vec![false; list.len()],
            name: vec![false; list.len()],
        };
        for (i, token) in list.iter().enumerate().skip(body_start) {
            if token.shape == Shape::Cap && !token.sentence_start {
                // Parts too: "Jong-Un" vouches for "JONG" and "UN".
                analysis.mixed_case.extend(analysis.key(i).split(' '));
            }
        }
        analysis.find_definitions();
        for i in body_start..list.len() {
            analysis.name[i] = analysis.is_body_name(i);
        }
        analysis
    }

    fn key(&self, i: usize) -> &'a str {
        let token = &self.tokens[i];
        self.keys.get(token.key_start..token.key_end).unwrap_or("")
    }

    fn surface(&self, range: Range<usize>) -> &'a str {
        let (first, last) = (&self.tokens[range.start], &self.tokens[range.end - 1]);
        self.segments.get(first.segment).and_then(|text| text.get(first.start..last.end)).unwrap_or("")
    }

    fn join_key<'b>(&self, range: Range<usize>, buf: &'b mut String) -> &'b str {
        buf.clear();
        for i in range {
            let key = self.key(i);
            if !key.is_empty() {
                if !buf.is_empty() {
                    buf.push(' ');
                }
                buf.push_str(key);
            }
        }
        buf
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.tokens.get(i).is_some_and(|t| t.shape == Shape::Punct && t.punct == c)
    }

    fn is_connector(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        (token.shape == Shape::Lower && self.gazetteer.connectors.contains(self.key(i)))
            || (token.shape == Shape::Punct && token.punct == '&')
    }

    /// "and", "of", "the", "for", "&": connectors that never sit inside a person's name.
    fn is_plain_connector(&self, i: usize) -> bool {
        self.is_connector(i) && !self.gazetteer.particles.contains(self.key(i))
    }

    fn is_word(&self, i: usize) -> bool {
        matches!(self.tokens[i].shape, Shape::Cap | Shape::Upper | Shape::Initial)
    }

    fn is_title(&self, i: usize) -> bool {
        self.gazetteer.titles.contains(self.key(i))
    }

    fn is_suffix_word(&self, key: &str) -> bool {
        let gazetteer = self.gazetteer;
        gazetteer.org_suffixes.contains(key)
            || gazetteer.place_suffixes.contains(key)
            || gazetteer.misc_suffixes.contains(key)
    }

    fn is_name_list_word(&self, key: &str) -> bool {
        self.gazetteer.given_names.contains(key) || self.gazetteer.surnames.contains(key)
    }

    /// A body token that can be part of a name; ALL-CAPS words only with evidence.
    fn is_body_name(&self, i: usize) -> bool {
        if self.hidden[i] {
            return false;
        }
        let token = &self.tokens[i];
        match token.shape {
            Shape::Cap | Shape::Initial => true,
            Shape::Upper => {
                let key = self.key(i);
                self.gazetteer.lookup(key).is_some()
                    || self.defined.contains_key(key)
                    || self.gazetteer.is_listed_part(key)
                    || (token.letters >= 4
                        && (self.gazetteer.is_name_part(key) || self.mixed_case.contains(key)))
            }
            _ => false,
        }
    }

    /// True when the words next to `i` are in capitals too: "WHO" there is just "who".
    fn in_caps_run(&self, i: usize) -> bool {
        let is_caps_word = |j: usize| self.tokens[j].shape == Shape::Upper && self.tokens[j].letters >= 2;
        let before = (0..i)
            .rev()
            .take_while(|&j| self.tokens[j].shape != Shape::Break)
            .find(|&j| self.tokens[j].shape != Shape::Punct);
        let after = (i + 1..self.tokens.len())
            .take_while(|&j| self.tokens[j].shape != Shape::Break)
            .find(|&j| self.tokens[j].shape != Shape::Punct);
        before.is_some_and(is_caps_word) || after.is_some_and(is_caps_word)
    }

    /// The gazetteer entry named by exactly these tokens.
    fn listed(&self, range: Range<usize>, buf: &mut String) -> Option<usize> {
        if range.is_empty() || range.len() > MAX_LISTED_WORDS {
            return None;
        }
        let hit = self.gazetteer.lookup(self.join_key(range.clone(), buf))?;
        if hit.caps_only {
            let token = &self.tokens[range.start];
            if range.len() != 1
                || token.shape != Shape::Upper
                || (hit.word_like && self.in_caps_run(range.start))
            {
                return None;
            }
        }
        Some(hit.entry)
    }

    fn defined_at(&self, range: Range<usize>, buf: &mut String) -> Option<usize> {
        if self.defined.is_empty() || range.is_empty() {
            return None;
        }
        self.defined.get(self.join_key(range, buf)).copied()
    }

    /// Finds "Full Name (ACRONYM)" and "ACRONYM (Full Name)" in the body.
    fn find_definitions(&mut self) {
        let mut found = Vec::new();
        for open in self.body_start..self.tokens.len() {
            if !self.is_punct(open, '(') {
                continue;
            }
            let acronym_after = self.tokens.get(open + 1).is_some_and(|t| t.shape == Shape::Upper)
                && self.is_punct(open + 2, ')');
            if acronym_after {
                if let Some(full) = self.full_name_before(open) {
                    found.push((open + 1, full, open + 1..open + 2));
                }
                continue;
            }
            if open > self.body_start && self.tokens[open - 1].shape == Shape::Upper {
                let close = (open + 1..self.tokens.len().min(open + MAX_SPAN_TOKENS))
                    .find(|&j| !self.is_word(j) && !self.is_connector(j));
                if let Some(close) = close
                    && close > open + 1
                    && self.is_punct(close, ')')
                    && self.initials_match(open + 1..close, open - 1)
                {
                    found.push((open - 1, open + 1..close, open + 1..close));
                }
            }
        }
        let mut buf = String::new();
        for (acronym, full, hide) in found {
            let acronym_key = self.key(acronym).to_owned();
            let definition = match self.listed(full.clone(), &mut buf) {
                Some(entry) => Definition {
                    key: self.gazetteer.entries[entry].key.clone(),
                    kind: self.gazetteer.entries[entry].kind,
                    entry: Some(entry),
                },
                None => Definition {
                    key: self.join_key(full.clone(), &mut buf).to_owned(),
                    kind: self.suffix_kind(full.clone()).unwrap_or(EntityKind::Org),
                    entry: None,
                },
            };
            let index = self.definitions.len();
            let full_key = self.join_key(full, &mut buf).to_owned();
            self.defined.entry(full_key).or_insert(index);
            self.defined.entry(acronym_key).or_insert(index);
            self.definitions.push(definition);
            for i in hide {
                self.hidden[i] = true;
            }
        }
    }

    /// The longest run of capitalised words ending just before `open` whose initials spell
    /// the acronym after it.
    fn full_name_before(&self, open: usize) -> Option<Range<usize>> {
        let mut start = open;
        while start > self.body_start
            && open - start < MAX_SPAN_TOKENS
            && (self.is_word(start - 1) || self.is_connector(start - 1))
        {
            start -= 1;
        }
        (start..open)
            .filter(|&s| self.is_word(s))
            .find(|&s| self.initials_match(s..open, open + 1))
            .map(|s| s..open)
    }

    fn initials_match(&self, words: Range<usize>, acronym: usize) -> bool {
        let letters: Vec<char> = self.key(acronym).chars().filter(|c| c.is_alphabetic()).collect();
        if !(2..=6).contains(&letters.len()) {
            return false;
        }
        let mut per_word = Vec::new();
        let mut per_part = Vec::new();
        for i in words.filter(|&i| self.is_word(i)) {
            let key = self.key(i);
            per_word.extend(key.chars().next());
            let surface = self.surface(i..i + 1);
            for part in surface.split(is_hyphen) {
                if part.chars().next().is_some_and(char::is_uppercase) {
                    per_part.extend(part.chars().next().map(|c| c.to_lowercase().next().unwrap_or(c)));
                }
            }
        }
        per_word == letters || per_part == letters
    }

    /// A title or role just before the span ("dictator Kim", "coach Park").
    fn cue_before(&self, start: usize) -> bool {
        // Not after a possessive: "the Prime Minister's Questions".
        start > self.body_start
            && matches!(self.tokens[start - 1].shape, Shape::Lower | Shape::Cap | Shape::Upper)
            && !self.tokens[start - 1].ends_span
            && self.is_title(start - 1)
    }

    /// A speech verb, ", who" or an age (", 24,") right after the span.
    fn cue_after(&self, end: usize) -> bool {
        let Some(token) = self.tokens.get(end) else { return false };
        if token.shape == Shape::Lower && self.gazetteer.speech_verbs.contains(self.key(end)) {
            return true;
        }
        if !self.is_punct(end, ',') {
            return false;
        }
        let Some(next) = self.tokens.get(end + 1) else { return false };
        (next.shape == Shape::Lower && self.key(end + 1) == "who")
            || (next.shape == Shape::Number && next.end - next.start <= 3 && self.is_punct(end + 2, ','))
    }

    /// Splits `range` into candidate spans: name tokens joined by at most two connectors.
    fn spans(&self, range: Range<usize>, is_name: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        let mut i = range.start;
        while i < range.end {
            if !is_name(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut last = i;
            while last + 1 - start < MAX_SPAN_TOKENS && !self.tokens[last].ends_span {
                let mut next = last + 1;
                let mut connectors = 0;
                while next < range.end && connectors < 2 && self.is_connector(next) {
                    next += 1;
                    connectors += 1;
                }
                if next < range.end && is_name(next) {
                    last = next;
                } else {
                    break;
                }
            }
            spans.push(start..last + 1);
            i = last + 1;
        }
        spans
    }

    /// Drops connectors and lone initials from both ends.
    fn trim(&self, mut range: Range<usize>) -> Range<usize> {
        let loose = |i: usize| self.is_connector(i) || self.tokens[i].shape == Shape::Initial;
        while range.start < range.end && loose(range.start) {
            range.start += 1;
        }
        while range.end > range.start && loose(range.end - 1) {
            range.end -= 1;
        }
        range
    }

    /// A word capitalised only by its place (a function word, month or weekday).
    fn is_stop(&self, i: usize, span: &Range<usize>) -> bool {
        let token = &self.tokens[i];
        let key = self.key(i);
        match token.shape {
            Shape::Cap | Shape::Initial => {}
            Shape::Upper if self.gazetteer.lookup(key).is_none() && !self.defined.contains_key(key) => {}
            _ => return false,
        }
        if self.gazetteer.common.contains(key) {
            return true;
        }
        if !self.gazetteer.calendar.contains(key) {
            return false;
        }
        // "Theresa May", "Mrs May": a month after a given name or title is a surname.
        let surname = i > span.start && self.gazetteer.name_months.contains(key) && {
            let before = self.key(i - 1);
            self.gazetteer.given_names.contains(before) || self.gazetteer.titles.contains(before)
        };
        !surname
    }

    fn word_count(&self, range: Range<usize>) -> usize {
        range.filter(|&i| !self.is_connector(i)).count()
    }

    /// Organisation, place or event by the last word ("Korea Football Association", "Han River",
    /// "Paris Olympics") or by the head before "of"/"for" ("Bank of Korea", "Ministry of Unification").
    fn suffix_kind(&self, range: Range<usize>) -> Option<EntityKind> {
        if self.word_count(range.clone()) < 2 {
            return None;
        }
        let gazetteer = self.gazetteer;
        let last = self.key(range.end - 1);
        let head = range
            .clone()
            .skip(1)
            .find(|&i| self.is_connector(i) && matches!(self.key(i), "of" | "for"))
            .map(|i| self.key(i - 1));
        let kind = if gazetteer.misc_heads.contains(self.key(range.start)) {
            EntityKind::Misc
        } else if gazetteer.org_suffixes.contains(last)
            || head.is_some_and(|h| gazetteer.org_suffixes.contains(h))
        {
            EntityKind::Org
        } else if gazetteer.place_suffixes.contains(last) {
            EntityKind::Location
        } else if gazetteer.misc_suffixes.contains(last) {
            EntityKind::Misc
        } else {
            return None;
        };
        // "Food and Drug Administration" is one name, "Kim and the Workers' Party" two.
        let and = range.clone().find(|&i| self.is_connector(i) && matches!(self.key(i), "and" | ""));
        let one_name = and.is_none_or(|and| {
            (range.start..and).all(|i| {
                let key = self.key(i);
                !self.is_name_list_word(key) && gazetteer.lookup(key).is_none()
            })
        });
        one_name.then_some(kind)
    }

    /// Whether the tokens look like a person's name: an East-Asian surname and one or two given
    /// names, a listed given name and up to three more words, or a cue and up to three words.
    fn person_shaped(&self, range: Range<usize>, cue: bool) -> bool {
        let gazetteer = self.gazetteer;
        let mut words = 0;
        let mut particles = false;
        let mut first = "";
        for i in range {
            if self.is_connector(i) {
                if !gazetteer.particles.contains(self.key(i)) {
                    return false;
                }
                particles = true;
                continue;
            }
            if !self.is_word(i) {
                return false;
            }
            let key = self.key(i);
            if self.is_title(i) {
                return false;
            }
            if words == 0 {
                first = key;
            } else if self.is_suffix_word(key)
                || gazetteer
                    .lookup(key)
                    .is_some_and(|hit| gazetteer.entries[hit.entry].kind == EntityKind::Misc)
            {
                return false;
            }
            words += 1;
        }
        if words == 0 || words > 4 {
            return false;
        }
        if words == 1 {
            return cue && gazetteer.lookup(first).is_none();
        }
        if gazetteer.lookup(first).is_some() && !gazetteer.given_names.contains(first) {
            return false;
        }
        (gazetteer.surnames.contains(first) && words <= 3 && !particles)
            || gazetteer.given_names.contains(first)
            || (cue && words <= 3)
    }

    /// Classifies one span, splitting it where it holds several names.
    fn resolve(
        &self,
        range: Range<usize>,
        cue_before: bool,
        cue_after: bool,
        out: &mut Vec<Candidate>,
        buf: &mut String,
    ) {
        let range = self.trim(range);
        if range.is_empty() {
            return;
        }
        let cue = cue_before || cue_after;
        let push = |out: &mut Vec<Candidate>, range: Range<usize>, class: Class, cue: bool| {
            out.push(Candidate { range, class, cue });
        };
        if let Some(entry) = self.listed(range.clone(), buf) {
            return push(out, range, Class::Listed(entry), false);
        }
        if let Some(definition) = self.defined_at(range.clone(), buf) {
            return push(out, range, Class::Defined(definition), false);
        }
        if let Some(stop) = range.clone().find(|&i| self.is_stop(i, &range)) {
            self.resolve(range.start..stop, cue_before, false, out, buf);
            self.resolve(stop + 1..range.end, false, cue_after, out, buf);
            return;
        }
        let last = range.end - 1;
        // A bare title is no entity, and a trailing one is not part of the name ("IOC President").
        if self.is_title(last) && !self.gazetteer.given_names.contains(self.key(range.start)) {
            return self.resolve(range.start..last, cue_before, false, out, buf);
        }
        // "Samsung Electronics Co Ltd" is Samsung.
        let legal = (range.start + 1..range.end)
            .rev()
            .take_while(|&i| {
                matches!(self.key(i), "co" | "ltd" | "inc" | "corp" | "plc" | "llc" | "sa" | "ag")
            })
            .last();
        if let Some(legal) = legal
            && let Some(entry) = self.listed(range.start..legal, buf)
        {
            return push(out, range, Class::Listed(entry), false);
        }
        // The tail is a name the article defines: "the South Korean Korea Football Association (KFA)".
        for split in range.start + 1..range.end {
            if !self.is_connector(split)
                && let Some(definition) = self.defined_at(split..range.end, buf)
            {
                self.resolve(range.start..split, cue_before, false, out, buf);
                return push(out, split..range.end, Class::Defined(definition), false);
            }
        }
        if let Some(kind) = self.suffix_kind(range.clone()) {
            return push(out, range, Class::Rule(kind), false);
        }
        // A title inside: "IOC President Thomas Bach", "South Korean President Yoon Suk Yeol";
        // not one followed by "of" ("Lord of the Rings", "Secretary of State").
        if let Some(title) =
            (range.start..last).rev().find(|&i| self.is_title(i) && !self.is_connector(i + 1))
        {
            // The whole title goes: "Deputy Prime Minister", "Shadow Home Secretary".
            let mut first = title;
            while first > range.start
                && (self.is_title(first - 1)
                    || (first - 1 > range.start
                        && self.is_title(first - 2)
                        && !self.is_name_list_word(self.key(first - 1))))
            {
                first -= if self.is_title(first - 1) { 1 } else { 2 };
            }
            self.resolve(range.start..first, cue_before, false, out, buf);
            self.resolve(title + 1..range.end, true, cue_after, out, buf);
            return;
        }
        // A listed name in front: "Brazilian Gabriel Medina", "IOC Thomas Bach", "Samsung Galaxy".
        let prefix = (range.start + 1..range.end)
            .rev()
            .filter(|&end| end - range.start <= MAX_LISTED_WORDS && !self.is_connector(end - 1))
            .find_map(|end| self.listed(range.start..end, buf).map(|entry| (end, entry)));
        if let Some((end, entry)) = prefix {
            let rest = self.trim(end..range.end);
            let place = self.gazetteer.entries[entry].kind == EntityKind::Location;
            // A lone place in front may be a given name ("Jordan Henderson").
            if !rest.is_empty()
                && (!place || end - range.start > 1 || self.person_shaped(rest.clone(), cue_after))
            {
                push(out, range.start..end, Class::Listed(entry), false);
                return self.resolve(rest, false, cue_after, out, buf);
            }
        }
        // A sentence-opening word before a name: "Rival SK Hynix", "Neighbouring China".
        let opener = self.key(range.start);
        if self.tokens[range.start].sentence_start
            && !self.is_name_list_word(opener)
            && self.gazetteer.lookup(opener).is_none()
        {
            let rest = self.trim(range.start + 1..range.end);
            if !rest.is_empty()
                && (self.listed(rest.clone(), buf).is_some() || self.person_shaped(rest.clone(), cue))
            {
                return self.resolve(rest, false, cue_after, out, buf);
            }
        }
        if self.person_shaped(range.clone(), cue) {
            return push(out, range, Class::Person, cue);
        }
        // An unlisted word before a listed name: "Commentators Gabriel Medina".
        if range.len() >= 3
            && !self.is_name_list_word(self.key(range.start))
            && self.person_shaped(range.start + 1..range.end, false)
        {
            return push(out, range.start + 1..range.end, Class::Person, cue);
        }
        // Plain connectors between separate names: "Ri Jong Sik and Kim Kum Yong".
        if let Some(connector) = range.clone().find(|&i| self.is_plain_connector(i)) {
            self.resolve(range.start..connector, cue_before, false, out, buf);
            self.resolve(connector + 1..range.end, false, cue_after, out, buf);
            return;
        }
        push(out, range, Class::Unknown, cue);
    }

    fn entities(&self) -> Vec<Entity> {
        let mut buf = String::new();
        let mut candidates = Vec::new();
        for span in self.spans(self.body_start..self.tokens.len(), |i| self.name[i]) {
            let (cue_before, cue_after) = (self.cue_before(span.start), self.cue_after(span.end));
            self.resolve(span, cue_before, cue_after, &mut candidates, &mut buf);
        }
        let mut gathered = Vec::new();
        let mut index = HashMap::new();
        for candidate in &candidates {
            self.gather(candidate, &mut gathered, &mut index, &mut buf);
        }
        let aliases = self.decide(&mut gathered);
        self.headline(&mut gathered, &mut index, &aliases, &mut buf);
        let mut entities: Vec<(Entity, usize)> = gathered
            .iter()
            .filter(|g| g.alive)
            .filter_map(|g| {
                let kind = g.kind?;
                Some((Entity { kind, name: display_name(g), mentions: g.mentions }, g.first))
            })
            .collect();
        entities.sort_by(|(a, a_first), (b, b_first)| {
            a.kind.cmp(&b.kind).then(b.mentions.cmp(&a.mentions)).then(a_first.cmp(b_first))
        });
        entities.into_iter().map(|(entity, _)| entity).collect()
    }

    fn gather(
        &self,
        candidate: &Candidate,
        gathered: &mut Vec<Gathered<'a>>,
        index: &mut HashMap<String, usize>,
        buf: &mut String,
    ) {
        let range = candidate.range.clone();
        let entries = &self.gazetteer.entries;
        let (key, kind, canonical) = match candidate.class {
            Class::Listed(entry) => {
                (entries[entry].key.clone(), Some(entries[entry].kind), Some(entries[entry].canonical))
            }
            Class::Defined(definition) => {
                let definition = &self.definitions[definition];
                (
                    definition.key.clone(),
                    Some(definition.kind),
                    definition.entry.map(|e| entries[e].canonical),
                )
            }
            Class::Rule(kind) => (self.join_key(range.clone(), buf).to_owned(), Some(kind), None),
            Class::Person => (self.join_key(range.clone(), buf).to_owned(), Some(EntityKind::Person), None),
            Class::Unknown => (self.join_key(range.clone(), buf).to_owned(), None, None),
        };
        let strength = candidate.class.strength();
        let single = self.word_count(range.clone()) == 1;
        let surface = self.surface(range.clone());
        let at = *index.entry(key.clone()).or_insert_with(|| {
            gathered.push(Gathered {
                key,
                kind,
                strength,
                canonical,
                forms: Vec::new(),
                mentions: 0,
                first: range.start,
                single,
                cue: false,
                non_initial: false,
                alive: true,
            });
            gathered.len() - 1
        });
        let entity = &mut gathered[at];
        if strength > entity.strength {
            (entity.kind, entity.strength, entity.canonical) = (kind, strength, canonical);
        }
        match entity.forms.iter_mut().find(|(form, _)| *form == surface) {
            Some((_, count)) => *count += 1,
            None => entity.forms.push((surface, 1)),
        }
        entity.mentions += 1;
        entity.single &= single;
        entity.cue |= candidate.cue;
        entity.non_initial |= !self.tokens[range.start].sentence_start;
    }

    /// Settles what the weak candidates are and folds short mentions into full person names.
    /// Returns the alias table (first and last words of person names) for the headline.
    fn decide(&self, gathered: &mut [Gathered<'a>]) -> Aliases {
        let gazetteer = self.gazetteer;
        let lone_words: HashSet<String> =
            gathered.iter().filter(|g| g.single && g.strength <= 1).map(|g| g.key.clone()).collect();
        for entity in gathered.iter_mut().filter(|g| !g.single && g.kind.is_none()) {
            // A name whose last word is also used alone is a person ("Gabriel Medina" … "Medina").
            let surname_used = entity.forms.iter().any(|(form, _)| {
                form.split_whitespace().next_back().is_some_and(|word| lone_words.contains(&entity_key(word)))
            });
            if surname_used {
                (entity.kind, entity.strength) = (Some(EntityKind::Person), 1);
            } else if entity.mentions >= 2 && entity.non_initial {
                entity.kind = Some(EntityKind::Misc);
            } else {
                entity.alive = false;
            }
        }
        let mut aliases = Aliases::default();
        for (i, entity) in gathered.iter().enumerate() {
            if entity.alive && !entity.single && entity.kind == Some(EntityKind::Person) {
                for (form, _) in &entity.forms {
                    let mut words = form.split_whitespace();
                    let (Some(first), Some(last)) = (words.next(), words.next_back()) else { continue };
                    aliases.add(entity_key(first), i, false);
                    aliases.add(entity_key(last), i, true);
                }
            }
        }
        let full_mentions: Vec<u32> = gathered.iter().map(|g| g.mentions).collect();
        for i in 0..gathered.len() {
            let entity = &gathered[i];
            if !entity.alive || !entity.single {
                continue;
            }
            let listed_place_or_org = entity.strength >= 3
                && matches!(entity.kind, Some(EntityKind::Org) | Some(EntityKind::Location));
            let target = if entity.strength <= 1 {
                aliases.best(&entity.key, false, &full_mentions, gathered)
            } else if listed_place_or_org {
                // A listed word that is a person's surname here ("Washington" for "Denzel Washington").
                aliases.best(&entity.key, true, &full_mentions, gathered)
            } else {
                None
            };
            if let Some(target) = target {
                let (mentions, first) = (entity.mentions, entity.first);
                let person = &mut gathered[target];
                person.mentions += mentions;
                person.first = person.first.min(first);
                gathered[i].alive = false;
                continue;
            }
            if entity.strength > 1 {
                continue;
            }
            // A lone word with no full name is a person only with a cue ("Kim said").
            let key = entity.key.as_str();
            let never_person = gazetteer.common.contains(key)
                || gazetteer.titles.contains(key)
                || (self.is_suffix_word(key) && !self.is_name_list_word(key))
                || gazetteer.lookup(key).is_some();
            let plural_at_start = !entity.non_initial && key.ends_with('s');
            let entity = &mut gathered[i];
            if entity.cue && !never_person && !plural_at_start {
                (entity.kind, entity.strength) = (Some(EntityKind::Person), 1);
            } else {
                entity.alive = false;
            }
        }
        aliases
    }

    /// Adds the headline's mentions: listed names, names also in the body, and person aliases.
    fn headline(
        &self,
        gathered: &mut Vec<Gathered<'a>>,
        index: &mut HashMap<String, usize>,
        aliases: &Aliases,
        buf: &mut String,
    ) {
        let title = 0..self.body_start;
        let full_mentions: Vec<u32> = gathered.iter().map(|g| g.mentions).collect();
        for span in self.spans(title, |i| self.is_word(i)) {
            let mut i = span.start;
            while i < span.end {
                let found = (i + 1..=span.end.min(i + MAX_LISTED_WORDS))
                    .rev()
                    .filter(|&end| !self.is_connector(i) && !self.is_connector(end - 1))
                    .find_map(|end| {
                        self.headline_match(i..end, gathered, index, aliases, &full_mentions, buf)
                    });
                let Some((end, at)) = found else {
                    i += 1;
                    continue;
                };
                let at = match at {
                    Ok(at) => at,
                    Err(entry) => {
                        let entry = &self.gazetteer.entries[entry];
                        *index.entry(entry.key.clone()).or_insert_with(|| {
                            gathered.push(Gathered {
                                key: entry.key.clone(),
                                kind: Some(entry.kind),
                                strength: 4,
                                canonical: Some(entry.canonical),
                                forms: Vec::new(),
                                mentions: 0,
                                first: i,
                                single: false,
                                cue: false,
                                non_initial: true,
                                alive: true,
                            });
                            gathered.len() - 1
                        })
                    }
                };
                let entity = &mut gathered[at];
                entity.alive = true;
                entity.mentions += 1;
                entity.first = entity.first.min(i);
                i = end;
            }
        }
    }

    /// What a headline run names: `Ok(entity)` for one already found, `Err(entry)` for a listed
    /// name the body lacks.
    fn headline_match(
        &self,
        range: Range<usize>,
        gathered: &[Gathered<'a>],
        index: &HashMap<String, usize>,
        aliases: &Aliases,
        full_mentions: &[u32],
        buf: &mut String,
    ) -> Option<(usize, Result<usize, usize>)> {
        let end = range.end;
        if let Some(entry) = self.listed(range.clone(), buf) {
            let key = &self.gazetteer.entries[entry].key;
            return Some((end, index.get(key).copied().filter(|&at| gathered[at].alive).ok_or(entry)));
        }
        let key = self.join_key(range.clone(), buf);
        let key = self.defined.get(key).map_or(key, |&d| self.definitions[d].key.as_str());
        if let Some(&at) = index.get(key)
            && gathered[at].alive
            && gathered[at].kind.is_some()
        {
            return Some((end, Ok(at)));
        }
        if range.len() == 1 {
            return aliases.best(key, false, full_mentions, gathered).map(|at| (end, Ok(at)));
        }
        None
    }
}

/// First and last words of the article's full person names.
#[derive(Default)]
struct Aliases {
    /// Word key → (person index, is the last word).
    words: HashMap<String, Vec<(usize, bool)>>,
}

impl Aliases {
    fn add(&mut self, word: String, person: usize, last: bool) {
        let people = self.words.entry(word).or_default();
        if !people.contains(&(person, last)) {
            people.push((person, last));
        }
    }

    /// The person a lone word refers to: the one with the most full-name mentions, then the
    /// earliest. With `last_only`, the word must be a surname.
    fn best(&self, word: &str, last_only: bool, mentions: &[u32], gathered: &[Gathered]) -> Option<usize> {
        self.words
            .get(word)?
            .iter()
            .filter(|(person, last)| (*last || !last_only) && gathered[*person].alive)
            .map(|(person, _)| *person)
            .min_by(|&a, &b| mentions[b].cmp(&mentions[a]).then(gathered[a].first.cmp(&gathered[b].first)))
    }
}

/// The listed name, else the most frequent mixed-case form (ties: first seen), never an
/// ALL-CAPS form when another exists.
fn display_name(entity: &Gathered) -> String {
    if let Some(canonical) = entity.canonical {
        return canonical.to_owned();
    }
    let mixed = |form: &str| form.chars().any(char::is_lowercase);
    let best = |filter: &dyn Fn(&str) -> bool| {
        entity
            .forms
            .iter()
            .filter(|(form, _)| filter(form))
            .fold(None::<(&str, u32)>, |best, &(form, count)| match best {
                Some((_, best_count)) if best_count >= count => best,
                _ => Some((form, count)),
            })
            .map(|(form, _)| form)
    };
    let form = best(&mixed).or_else(|| best(&|_| true)).unwrap_or(entity.key.as_str());
    form.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(title: &str, paragraphs: &[&str]) -> Vec<(EntityKind, String, u32)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        RuleExtractor::new()
            .extract(title, &paragraphs)
            .into_iter()
            .map(|e| (e.kind, e.name, e.mentions))
            .collect()
    }

    fn expect(list: &[(EntityKind, &str, u32)]) -> Vec<(EntityKind, String, u32)> {
        list.iter().map(|(kind, name, mentions)| (*kind, name.to_string(), *mentions)).collect()
    }

    use EntityKind::{Location as L, Misc as M, Org as O, Person as P};

    #[test]
    fn korean_surnames_that_are_also_english_words() {
        let found = extract(
            "",
            &[
                "Busan Mayor Ha Seung-woo said the seawall held. Coach Oh Jae-kwan agreed, and Ha thanked crews.",
            ],
        );
        assert_eq!(found, expect(&[(P, "Ha Seung-woo", 2), (P, "Oh Jae-kwan", 1), (L, "Busan", 1)]));
    }

    #[test]
    fn korean_archers_olympics_story() {
        let found = extract(
            "Korean archers win gold as IOC hails Paris",
            &[
                "South Korea's Park Ji-won and Choi Min-seo won the women's team archery final on Friday, \
                 beating China in a tense shoot-off in Paris.",
                "Park Ji-Won, 24, said the win was for her late grandfather. \"We trained in Seoul for three \
                 years for this,\" Park told reporters.",
                "The International Olympic Committee (IOC) congratulated the pair. IOC President Thomas Bach \
                 called it a historic day for the Olympics.",
                "After the ceremony, Choi said the North Korean team had been friendly. North Korea’s \
                 Ri Song-gum took bronze.",
                "Bach later met officials from the Korea Archery Association (KAA) to discuss the Los Angeles Games.",
                "The KAA said it would hold a parade in Seoul. Despite the rain, thousands are expected.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Park Ji-won", 3),
                (P, "Choi Min-seo", 2),
                (P, "Thomas Bach", 2),
                (P, "Ri Song-gum", 1),
                (O, "International Olympic Committee", 3),
                (O, "Korea Archery Association", 2),
                (L, "Paris", 2),
                (L, "Seoul", 2),
                (L, "South Korea", 1),
                (L, "China", 1),
                (L, "North Korea", 1),
                (M, "Korean", 1),
                (M, "Olympics", 1),
                (M, "North Korean", 1),
                (M, "Los Angeles Games", 1),
            ])
        );
    }

    #[test]
    fn wire_business_story() {
        let found = extract(
            "Samsung profit jumps on chip demand",
            &[
                "SEOUL, Jan 30 (Reuters) - Samsung Electronics Co Ltd said on Thursday its quarterly profit \
                 rose 25 percent, helped by strong demand for memory chips from Apple and Google.",
                "Chief executive Han Jong-hee told analysts the company expected the U.S. market to recover \
                 in the second half. Han said Washington's export rules had little effect.",
                "Shares of Samsung rose 2.1 percent in Seoul, outperforming the KOSPI index. Rival SK Hynix \
                 gained 1.5 percent.",
                "Samsung is expected to announce its new Galaxy phones in San Francisco next month.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Han Jong-hee", 2),
                (O, "Samsung", 4),
                (O, "Reuters", 1),
                (O, "Apple", 1),
                (O, "Google", 1),
                (O, "SK Hynix", 1),
                (L, "Seoul", 2),
                (L, "United States", 1),
                (L, "Washington", 1),
                (L, "San Francisco", 1),
            ])
        );
    }

    #[test]
    fn all_caps_words_are_not_entities() {
        let found = extract(
            "KIM'S ROCKET FURY: DICTATOR FIRES MISSILE OVER JAPAN",
            &[
                "NORTH Korea has fired a ballistic missile over Japan, sparking ALARM across the region.",
                "Kim Jong Un watched the launch with his daughter, state media KCNA reported. The SHOCKING \
                 test came hours after Seoul and Washington began joint drills.",
                "Japanese Prime Minister Fumio Kishida called the launch \"outrageous\". Kim has ignored UN \
                 resolutions for years.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Kim Jong Un", 3),
                (P, "Fumio Kishida", 1),
                (O, "Korean Central News Agency", 1),
                (O, "United Nations", 1),
                (L, "Japan", 2),
                (L, "North Korea", 1),
                (L, "Seoul", 1),
                (L, "Washington", 1),
                (M, "Japanese", 1),
            ])
        );
    }

    #[test]
    fn sentence_initial_words_and_dates_are_not_entities() {
        let found = extract(
            "",
            &[
                "During Monday’s session, Gabriel Medina surfed first.",
                "Experts say Medina is the favourite. In March he won in Tahiti.",
                "Both surfers thanked the crowd. Officials said Friday's heat would go ahead.",
            ],
        );
        assert_eq!(found, expect(&[(P, "Gabriel Medina", 2), (L, "Tahiti", 1)]));
    }

    #[test]
    fn titles_announce_people_but_are_not_names() {
        let found = extract(
            "",
            &[
                "Deputy Prime Minister John Prescott praised the Lord of the Rings films.",
                "Mr Blair met President Bush, and the Prime Minister's Questions ran late.",
                "North Korea's dictator Kim Jong-Un and coach Park were absent.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "John Prescott", 1),
                (P, "Blair", 1),
                (P, "Bush", 1),
                (P, "Kim Jong-Un", 1),
                (P, "Park", 1),
                (L, "North Korea", 1),
            ])
        );
    }

    #[test]
    fn surname_goes_to_the_most_mentioned_full_name() {
        let found = extract(
            "",
            &[
                "Kim Yo-jong met Kim Tae-ho in Pyongyang. Kim Yo-Jong smiled.",
                "Later, Kim waved to the crowd while Tae-ho stayed inside.",
            ],
        );
        assert_eq!(found, expect(&[(P, "Kim Yo-jong", 3), (P, "Kim Tae-ho", 2), (L, "Pyongyang", 1)]));
    }

    #[test]
    fn variants_and_aliases_share_one_key() {
        let found = extract(
            "",
            &[
                "Officials from the Democratic People’s Republic of Korea met envoys of the Bank of England.",
                "The DPRK delegation later flew to Rio de Janeiro, where Lula da Silva said he welcomed them.",
            ],
        );
        assert_eq!(
            found,
            expect(&[
                (P, "Lula da Silva", 1),
                (O, "Bank of England", 1),
                (L, "North Korea", 2),
                (L, "Rio de Janeiro", 1)
            ])
        );
        let found = extract("", &["Protesters queued outside McDonald's while America’s envoy watched."]);
        assert_eq!(found, expect(&[(O, "McDonald's", 1), (L, "United States", 1)]));
        let keys: Vec<String> = RuleExtractor::new()
            .extract("", &["Kim Jong-Un spoke. KIM JONG UN and Kim Jong-un again.".to_string()])
            .iter()
            .map(Entity::key)
            .collect();
        assert_eq!(keys, ["kim jong un"]);
    }

    #[test]
    fn unexplained_names_need_two_mentions() {
        let found = extract(
            "",
            &[
                "Fans sang Gangnam Style all night.",
                "The song Gangnam Style topped charts, unlike Silver Lining Tour.",
            ],
        );
        assert_eq!(found, expect(&[(M, "Gangnam Style", 2)]));
    }

    #[test]
    fn headline_counts_only_listed_or_body_names() {
        let found =
            extract("Stunning Comeback For Lim As Seoul Cheers", &["Lim Jong-hoon won again in Busan."]);
        assert_eq!(found, expect(&[(P, "Lim Jong-hoon", 2), (L, "Seoul", 1), (L, "Busan", 1)]));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let extractor = RuleExtractor::default();
        let long = "A".repeat(10_000) + " Ü’s " + &"Kim ".repeat(5_000);
        for text in
            ["", " ", "’", "'s", "U.", "U.S", "-", "A-", "Ü-ß", "(IOC", "(ABC) (", "Mr.", "’’’ Kim’", &long]
        {
            let _ = extractor.extract(text, &[text.to_string(), String::new()]);
        }
        assert!(extractor.extract("", &[]).is_empty());
    }

    #[test]
    fn keys_match_the_model() {
        for word in ["Jong-Un", "U.S.", "People’s", "Teahupo'o", "Côte", "x–y"] {
            let mut key = String::new();
            push_key(&mut key, word);
            assert_eq!(key, entity_key(word));
        }
    }
}
