//! From candidate mentions to an article's entities, shared by every extractor: acronyms the
//! article defines ("International Olympic Committee (IOC)"), one entity per normalised key with
//! its kind, display name and mention count, short mentions ("Lim") folded into the full names
//! they abbreviate, and headline names kept only when listed or also found in the body.
//! Extractors find the candidate spans (by rules, or with the trained tagger) and call
//! [`Analysis::finish`].

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use super::gazetteer::Gazetteer;
use super::tokens::{Shape, Token, Tokens, is_hyphen};
use crate::model::{Entity, EntityKind, entity_key};
use crate::names::MAX_LISTED_WORDS;

/// Longest candidate span; longer capitalised runs are cut (lists, shouting).
pub(super) const MAX_SPAN_TOKENS: usize = 12;

/// How a candidate span was classified.
#[derive(Debug, Clone, Copy)]
pub(super) enum Class {
    /// A gazetteer entry.
    Listed(usize),
    /// An acronym or full name the article defines: "Korea Football Association (KFA)".
    Defined(usize),
    /// A suffix rule: organisation, place or event.
    Rule(EntityKind),
    /// A span the trained tagger found, of the kind it gave.
    Tagged(EntityKind),
    Person,
    /// No evidence yet: kept only if later evidence appears.
    Unknown,
}

impl Class {
    fn strength(self) -> u8 {
        match self {
            Class::Listed(_) => 4,
            Class::Defined(_) => 3,
            Class::Rule(_) | Class::Tagged(_) => 2,
            Class::Person => 1,
            Class::Unknown => 0,
        }
    }
}

#[derive(Debug)]
pub(super) struct Candidate {
    pub(super) range: Range<usize>,
    pub(super) class: Class,
    pub(super) cue: bool,
}

/// An acronym the article defines, with what its full name resolved to.
#[derive(Debug)]
pub(super) struct Definition {
    key: String,
    kind: EntityKind,
    entry: Option<usize>,
}

/// One entity being gathered over the article.
#[derive(Debug)]
pub(super) struct Gathered<'a> {
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
    /// Tagged mentions by kind: the kind most of them were given wins.
    votes: [u32; 4],
    /// The listed name a tagged mention of that kind matched.
    tagged_canonical: Option<(EntityKind, &'static str)>,
}

pub(super) struct Analysis<'a> {
    pub(super) gazetteer: &'static Gazetteer,
    pub(super) segments: &'a [&'a str],
    pub(super) tokens: &'a [Token],
    pub(super) keys: &'a str,
    pub(super) body_start: usize,
    /// Keys of words written capitalised mid-sentence somewhere in the body.
    pub(super) mixed_case: FxHashSet<&'a str>,
    pub(super) definitions: Vec<Definition>,
    /// Acronym and full-name keys of the article's definitions.
    pub(super) defined: FxHashMap<String, usize>,
    /// Tokens inside a definition's parentheses: the definition counts as one mention.
    pub(super) hidden: Vec<bool>,
}

impl<'a> Analysis<'a> {
    pub(super) fn new(gazetteer: &'static Gazetteer, segments: &'a [&'a str], tokens: &'a Tokens) -> Self {
        let list = tokens.list.as_slice();
        let body_start = list.iter().position(|t| t.shape == Shape::Break).map_or(list.len(), |i| i + 1);
        let mut analysis = Analysis {
            gazetteer,
            segments,
            tokens: list,
            keys: &tokens.keys,
            body_start,
            mixed_case: FxHashSet::default(),
            definitions: Vec::new(),
            defined: FxHashMap::default(),
            hidden: vec![false; list.len()],
        };
        for (i, token) in list.iter().enumerate().skip(body_start) {
            if token.shape == Shape::Cap && !token.sentence_start {
                // Parts too: "Jong-Un" vouches for "JONG" and "UN".
                analysis.mixed_case.extend(analysis.key(i).split(' '));
            }
        }
        analysis.find_definitions();
        analysis
    }

    pub(super) fn key(&self, i: usize) -> &'a str {
        let token = &self.tokens[i];
        self.keys.get(token.key_start..token.key_end).unwrap_or("")
    }

    pub(super) fn surface(&self, range: Range<usize>) -> &'a str {
        let (first, last) = (&self.tokens[range.start], &self.tokens[range.end - 1]);
        self.segments.get(first.segment).and_then(|text| text.get(first.start..last.end)).unwrap_or("")
    }

    pub(super) fn join_key<'b>(&self, range: Range<usize>, buf: &'b mut String) -> &'b str {
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

    pub(super) fn is_punct(&self, i: usize, c: char) -> bool {
        self.tokens.get(i).is_some_and(|t| t.shape == Shape::Punct && t.punct == c)
    }

    pub(super) fn is_connector(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        (token.shape == Shape::Lower && self.gazetteer.connectors.contains(self.key(i)))
            || (token.shape == Shape::Punct && token.punct == '&')
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        matches!(self.tokens[i].shape, Shape::Cap | Shape::Upper | Shape::Initial)
    }

    pub(super) fn is_title(&self, i: usize) -> bool {
        self.gazetteer.titles.contains(self.key(i))
    }

    pub(super) fn is_suffix_word(&self, key: &str) -> bool {
        let gazetteer = self.gazetteer;
        gazetteer.org_suffixes.contains(key)
            || gazetteer.place_suffixes.contains(key)
            || gazetteer.misc_suffixes.contains(key)
    }

    pub(super) fn is_name_list_word(&self, key: &str) -> bool {
        self.gazetteer.given_names.contains(key) || self.gazetteer.surnames.contains(key)
    }

    /// A body token that can be part of a name; ALL-CAPS words only with evidence.
    pub(super) fn is_body_name(&self, i: usize) -> bool {
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
                    || (token.scan.letters >= 4
                        && (self.gazetteer.is_name_part(key) || self.mixed_case.contains(key)))
            }
            _ => false,
        }
    }

    /// True when the words next to `i` are in capitals too: "WHO" there is just "who".
    pub(super) fn in_caps_run(&self, i: usize) -> bool {
        let is_caps_word =
            |j: usize| self.tokens[j].shape == Shape::Upper && self.tokens[j].scan.letters >= 2;
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
    pub(super) fn listed(&self, range: Range<usize>, buf: &mut String) -> Option<usize> {
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

    pub(super) fn defined_at(&self, range: Range<usize>, buf: &mut String) -> Option<usize> {
        if self.defined.is_empty() || range.is_empty() {
            return None;
        }
        self.defined.get(self.join_key(range, buf)).copied()
    }

    /// Finds "Full Name (ACRONYM)" and "ACRONYM (Full Name)" in the body.
    pub(super) fn find_definitions(&mut self) {
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
    pub(super) fn full_name_before(&self, open: usize) -> Option<Range<usize>> {
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

    pub(super) fn initials_match(&self, words: Range<usize>, acronym: usize) -> bool {
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

    /// Splits `range` into candidate spans: name tokens joined by at most two connectors.
    pub(super) fn spans(&self, range: Range<usize>, is_name: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
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

    pub(super) fn word_count(&self, range: Range<usize>) -> usize {
        range.filter(|&i| !self.is_connector(i)).count()
    }

    /// Organisation, place or event by the last word ("Korea Football Association", "Han River",
    /// "Paris Olympics") or by the head before "of"/"for" ("Bank of Korea", "Ministry of Unification").
    pub(super) fn suffix_kind(&self, range: Range<usize>) -> Option<EntityKind> {
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
    pub(super) fn person_shaped(&self, range: Range<usize>, cue: bool) -> bool {
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

    /// The article's entities from its candidate body mentions and its headline: each entity
    /// once, ordered by kind, then mentions (desc), then first appearance.
    pub(super) fn finish(&self, candidates: &[Candidate]) -> Vec<Entity> {
        let mut buf = String::new();
        let mut gathered = Vec::new();
        let mut index = FxHashMap::default();
        for candidate in candidates {
            self.gather(candidate, &mut gathered, &mut index, &mut buf);
        }
        for entity in gathered.iter_mut().filter(|g| g.strength == 2) {
            vote(entity);
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

    pub(super) fn gather(
        &self,
        candidate: &Candidate,
        gathered: &mut Vec<Gathered<'a>>,
        index: &mut FxHashMap<String, usize>,
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
            // A listed name of the same kind is shown by its listed name ("U.S." is the United
            // States); of another kind it is another thing ("Washington" the person).
            Class::Tagged(kind) => match self.listed(range.clone(), buf).filter(|&e| entries[e].kind == kind)
            {
                Some(entry) => (entries[entry].key.clone(), Some(kind), Some(entries[entry].canonical)),
                None => (self.join_key(range.clone(), buf).to_owned(), Some(kind), None),
            },
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
                votes: [0; 4],
                tagged_canonical: None,
            });
            gathered.len() - 1
        });
        let entity = &mut gathered[at];
        if strength > entity.strength {
            (entity.kind, entity.strength, entity.canonical) = (kind, strength, canonical);
        }
        if let Class::Tagged(kind) = candidate.class {
            entity.votes[kind as usize] += 1;
            if let Some(canonical) = canonical {
                entity.tagged_canonical.get_or_insert((kind, canonical));
            }
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
    pub(super) fn decide(&self, gathered: &mut [Gathered<'a>]) -> Aliases {
        let gazetteer = self.gazetteer;
        let lone_words: FxHashSet<String> =
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
            let tagged = entity.votes.iter().any(|&v| v > 0);
            let place_or_org = matches!(entity.kind, Some(EntityKind::Org) | Some(EntityKind::Location));
            let listed_place_or_org = (entity.strength >= 3 || tagged) && place_or_org;
            let tagged_person = tagged && entity.kind == Some(EntityKind::Person);
            let target = if entity.strength <= 1 || tagged_person {
                aliases.best(&entity.key, false, &full_mentions, gathered)
            } else if listed_place_or_org {
                // A listed word that is a person's surname here ("Washington" for "Denzel Washington");
                // a tagged surname may open the name ("Lim" for "Lim Jong-hoon").
                let last_only = !(tagged && gazetteer.surnames.contains(entity.key.as_str()));
                aliases.best(&entity.key, last_only, &full_mentions, gathered)
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
    pub(super) fn headline(
        &self,
        gathered: &mut Vec<Gathered<'a>>,
        index: &mut FxHashMap<String, usize>,
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
                                votes: [0; 4],
                                tagged_canonical: None,
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
    pub(super) fn headline_match(
        &self,
        range: Range<usize>,
        gathered: &[Gathered<'a>],
        index: &FxHashMap<String, usize>,
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
pub(super) struct Aliases {
    /// Word key → (person index, is the last word).
    words: FxHashMap<String, Vec<(usize, bool)>>,
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

/// Gives a tagged entity the kind most of its mentions were tagged with (ties: the earlier
/// kind in [`EntityKind::ALL`]); a listed name stays only if its kind won.
fn vote(entity: &mut Gathered) {
    let Some(best) = (0..4).rev().max_by_key(|&k| entity.votes[k]).filter(|&k| entity.votes[k] > 0) else {
        return;
    };
    let kind = EntityKind::ALL[best];
    entity.kind = Some(kind);
    entity.canonical = entity.tagged_canonical.filter(|(listed, _)| *listed == kind).map(|(_, name)| name);
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
