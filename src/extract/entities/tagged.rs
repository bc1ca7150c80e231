//! Entity extraction with the trained tagger: the article's body is tokenised, shown to the
//! tagger as CoNLL-style words and sentences, and the spans it tags become the mentions that
//! [`Analysis::finish`] turns into entities (with the article's acronyms, short mentions and
//! headline). In text written in capitals, a tagged word is kept only with evidence that it is a
//! name (a listed or defined name, a known name word, or the article writing it in lower case).

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use super::EntityExtractor;
use super::gazetteer::{GAZETTEER, Gazetteer};
use super::lexicon::LexiconBuilder;
use super::mentions::{Analysis, Candidate, Class};
use super::shape::WordShape;
use super::tagger::{Tagger, Workspace};
use super::tags::{self, entity_kind};
use super::tokens::{Shape, Tokens};
use crate::model::{Entity, EntityKind};

/// Finds entities with the trained tagger.
#[derive(Clone, Copy)]
pub struct TaggerExtractor {
    tagger: &'static Tagger,
    gazetteer: &'static Gazetteer,
}

impl TaggerExtractor {
    /// The extractor with the tagger built into the binary.
    pub fn builtin() -> anyhow::Result<Self> {
        Ok(Self::new(Tagger::builtin()?))
    }

    pub fn new(tagger: &'static Tagger) -> Self {
        Self { tagger, gazetteer: &GAZETTEER }
    }
}

impl fmt::Debug for TaggerExtractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaggerExtractor").field("features", &self.tagger.features()).finish_non_exhaustive()
    }
}

thread_local! {
    static WORKSPACE: RefCell<(Workspace, Vec<u8>)> = RefCell::default();
}

/// The tagger's view of an article: words as CoNLL writes them ("'s" apart), where sentences
/// start, their shapes, and the token each word came from.
struct Words<'a> {
    words: Vec<&'a str>,
    starts: Vec<bool>,
    shapes: Vec<WordShape>,
    token: Vec<usize>,
}

impl<'a> Words<'a> {
    fn new(segments: &[&'a str], tokens: &Tokens, from: usize) -> Self {
        let n = tokens.list.len().saturating_sub(from);
        let mut words = Words {
            words: Vec::with_capacity(n),
            starts: Vec::with_capacity(n),
            shapes: Vec::with_capacity(n),
            token: Vec::with_capacity(n),
        };
        let mut start = true;
        for (i, token) in tokens.list.iter().enumerate().skip(from) {
            if token.shape == Shape::Break {
                start = true;
                continue;
            }
            let text = segments[token.segment];
            words.push(&text[token.start..token.end], start, token.scan, i);
            start = token.shape == Shape::Punct && matches!(token.punct, '.' | '!' | '?');
            if token.possessive {
                let after = &text[token.end..];
                let s = after.chars().nth(1).is_some_and(|c| c == 's' || c == 'S');
                let word = if s { "'s" } else { "'" };
                words.push(word, false, WordShape::of(word), i);
            }
        }
        words
    }

    fn push(&mut self, word: &'a str, start: bool, shape: WordShape, token: usize) {
        self.words.push(word);
        self.starts.push(start);
        self.shapes.push(shape);
        self.token.push(token);
    }
}

impl EntityExtractor for TaggerExtractor {
    fn extract(&self, title: &str, paragraphs: &[String]) -> Vec<Entity> {
        let segments = super::segments(title, paragraphs);
        let tokens = Tokens::new(self.gazetteer, &segments);
        let analysis = Analysis::new(self.gazetteer, &segments, &tokens);
        let words = Words::new(&segments, &tokens, analysis.body_start);
        let spans = WORKSPACE.with_borrow_mut(|(work, tags)| {
            self.tagger.tag(&words.words, &words.starts, Some(&words.shapes), work, tags);
            with_listed_names(tags::decode(tags), work.prepared.listed_phrases())
        });
        let mut buf = String::new();
        let spans = spans
            .into_iter()
            .map(|(kind, range)| (kind, words.token[range.start]..words.token[range.end - 1] + 1));
        let spans = corrected_by_lists(&analysis, spans.collect(), &mut buf);
        let candidates: Vec<Candidate> = spans
            .into_iter()
            .filter_map(|(kind, range)| {
                if analysis.hidden[range.start] || !self.named_in_capitals(&analysis, range.clone()) {
                    return None;
                }
                let class = match analysis.defined_at(range.clone(), &mut buf) {
                    Some(definition) => Class::Defined(definition),
                    None => Class::Tagged(entity_kind(kind)),
                };
                Some(Candidate { range, class, cue: false })
            })
            .collect();
        analysis.finish(&candidates)
    }
}

impl TaggerExtractor {
    /// False when a word of the span is in a run of capitals without evidence that it is a name.
    fn named_in_capitals(&self, analysis: &Analysis, range: std::ops::Range<usize>) -> bool {
        range.into_iter().all(|i| {
            analysis.tokens[i].shape != Shape::Upper || !analysis.in_caps_run(i) || analysis.is_body_name(i)
        })
    }
}

/// Listed names of several words replace the tagged pieces inside them ("Democratic People's
/// Republic of Korea" tagged in three parts) and are added where nothing was tagged; a tagged
/// span reaching beyond a listed name stays as it is.
fn with_listed_names(
    tagged: Vec<(usize, Range<usize>)>,
    listed: Vec<(usize, Range<usize>)>,
) -> Vec<(usize, Range<usize>)> {
    const KIND_OF_SLOT: [EntityKind; 3] = [EntityKind::Location, EntityKind::Org, EntityKind::Misc];
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut spans = tagged;
    for (slot, name) in listed {
        let inside = |span: &Range<usize>| span.start >= name.start && span.end <= name.end;
        if spans.iter().any(|(_, span)| overlaps(span, &name) && !inside(span)) {
            continue;
        }
        let exact = spans.iter().find(|(_, span)| *span == name).map(|(kind, _)| *kind);
        spans.retain(|(_, span)| !overlaps(span, &name));
        spans.push((exact.unwrap_or(tags::kind_index(KIND_OF_SLOT[slot])), name));
    }
    spans.sort_by_key(|(_, span)| span.start);
    spans
}

/// Corrects the tagger where the word lists know better, on names it has seen few of: a title
/// opening a person's name is not part of it ("Mayor Han"); a name ending in an organisation,
/// place or event word is of that kind ("Typhoon Noeul", "Paris Games"); adjacent pieces that
/// together make a person's name are one ("Han" + "Ji-woo"), and so is a span of another kind
/// that opens with a listed surname ("Shin Yu-bin"); a listed name in front of a person's name is
/// apart from it ("IOC Thomas Bach"). Listed names are left as they are.
fn corrected_by_lists(
    analysis: &Analysis,
    spans: Vec<(usize, Range<usize>)>,
    buf: &mut String,
) -> Vec<(usize, Range<usize>)> {
    let person = tags::kind_index(EntityKind::Person);
    let is_person_name = |range: &Range<usize>, buf: &mut String| {
        analysis.listed(range.clone(), buf).is_none() && analysis.person_shaped(range.clone(), false)
    };
    let mut out: Vec<(usize, Range<usize>)> = Vec::with_capacity(spans.len());
    for (mut kind, mut range) in spans {
        while kind == person && range.len() >= 2 && analysis.is_title(range.start) {
            range.start += 1;
        }
        // A title inside a span parts what comes before it from the person it names: "Federal
        // Reserve Board Chairman Paul Volcker", "Marine Lt. Col. Oliver". The part before is kept
        // only where the word lists give it a kind.
        let title_at = (range.start + 1..range.end.saturating_sub(1)).rev().find(|&i| analysis.is_title(i));
        if let Some(title) = title_at
            && analysis.listed(range.clone(), buf).is_none()
            && analysis.person_shaped(title + 1..range.end, true)
        {
            let mut before_end = title;
            while before_end > range.start
                && (analysis.is_title(before_end - 1) || analysis.is_punct(before_end - 1, '.'))
            {
                before_end -= 1;
            }
            let before = range.start..before_end;
            let before_kind = if before.is_empty() {
                None
            } else {
                analysis
                    .listed(before.clone(), buf)
                    .map(|entry| analysis.gazetteer.entries[entry].kind)
                    .or_else(|| analysis.suffix_kind(before.clone()))
            };
            if let Some(before_kind) = before_kind {
                out.push((tags::kind_index(before_kind), before));
            }
            (kind, range) = (person, title + 1..range.end);
        }
        // A listed name in front of a person's name: "IOC Thomas Bach", "Brazilian Gabriel Medina".
        let listed_front = (range.start + 1..range.end.saturating_sub(1)).rev().find_map(|split| {
            let entry = analysis.listed(range.start..split, buf)?;
            is_person_name(&(split..range.end), buf).then_some((split, entry))
        });
        if let Some((split, entry)) = listed_front
            && analysis.listed(range.clone(), buf).is_none()
        {
            out.push((tags::kind_index(analysis.gazetteer.entries[entry].kind), range.start..split));
            out.push((person, split..range.end));
            continue;
        }
        if let Some((last_kind, last)) = out.last_mut()
            && last.end == range.start
            && is_person_name(&(last.start..range.end), buf)
        {
            (*last_kind, *last) = (person, last.start..range.end);
            continue;
        }
        if range.len() >= 2 && analysis.listed(range.clone(), buf).is_none() {
            if let Some(by_suffix) = analysis.suffix_kind(range.clone()) {
                kind = tags::kind_index(by_suffix);
            } else if kind != person
                && analysis.gazetteer.surnames.contains(analysis.key(range.start))
                && is_person_name(&range, buf)
            {
                kind = person;
            }
        }
        out.push((kind, range));
    }
    // A hyphenated given name the tagger left out after a surname: "Han" + "Ji-woo".
    for i in 0..out.len() {
        let (kind, range) = out[i].clone();
        let next = range.end;
        let free = out.get(i + 1).is_none_or(|(_, following)| following.start > next);
        if kind == person
            && free
            && next < analysis.tokens.len()
            && is_hyphenated_given_name(analysis.surface(next..next + 1))
            && is_person_name(&(range.start..next + 1), buf)
        {
            out[i].1.end = next + 1;
        }
    }
    out
}

/// "Ji-woo", "Jong-Un": a capitalised word joined by a hyphen to a second part.
fn is_hyphenated_given_name(word: &str) -> bool {
    let Some((first, second)) = word.split_once('-') else { return false };
    first.chars().next().is_some_and(char::is_uppercase)
        && first.chars().skip(1).all(char::is_lowercase)
        && !second.is_empty()
        && second.chars().all(char::is_alphabetic)
        && second.chars().skip(1).all(char::is_lowercase)
}

impl LexiconBuilder {
    /// Adds the body of an article (`paragraphs`, cleaned) to the word statistics.
    pub fn add_article(&mut self, paragraphs: &[String]) {
        let segments: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let tokens = Tokens::new(&GAZETTEER, &segments);
        let words = Words::new(&segments, &tokens, 0);
        self.add(&words.words, &words.starts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind::{Location as L, Misc as M, Org as O, Person as P};

    fn extract(title: &str, paragraphs: &[&str]) -> Vec<(EntityKind, String, u32)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        TaggerExtractor::builtin()
            .unwrap()
            .extract(title, &paragraphs)
            .into_iter()
            .map(|e| (e.kind, e.name, e.mentions))
            .collect()
    }

    fn has(found: &[(EntityKind, String, u32)], kind: EntityKind, name: &str, mentions: u32) -> bool {
        found.iter().any(|(k, n, m)| *k == kind && n == name && *m == mentions)
    }

    #[test]
    fn a_wire_story_gets_people_places_and_a_defined_acronym() {
        let found = extract(
            "Typhoon floods Busan",
            &[
                "BUSAN, South Korea (AP) -- The Korea Meteorological Administration (KMA) said on Saturday \
                 that Typhoon Noeul had flooded hundreds of homes in Busan.",
                "Mayor Han Ji-woo thanked rescue crews. The KMA warned of more rain, and Han said schools \
                 would stay closed until Monday.",
            ],
        );
        assert!(has(&found, O, "Korea Meteorological Administration", 2), "{found:?}");
        assert!(has(&found, P, "Han Ji-woo", 2), "{found:?}");
        assert!(has(&found, L, "Busan", 3), "{found:?}");
        assert!(has(&found, L, "South Korea", 1), "{found:?}");
    }

    #[test]
    fn a_title_inside_a_span_parts_an_organisation_from_the_person_it_names() {
        let found = extract(
            "Rates to hold",
            &[
                "WASHINGTON (Reuters) - Federal Reserve Board Chairman Paul Volcker said on Tuesday that \
                 rates would hold.",
                "He spoke after Marine Lt. Col. Oliver North testified.",
            ],
        );
        assert!(has(&found, P, "Paul Volcker", 1), "{found:?}");
        assert!(has(&found, O, "Federal Reserve Board", 1), "{found:?}");
        assert!(has(&found, P, "Oliver North", 1), "{found:?}");
        assert!(!found.iter().any(|(_, name, _)| name.contains("Chairman") || name == "North"), "{found:?}");
    }

    #[test]
    fn hyphenated_given_names_are_told_from_other_words() {
        for name in ["Ji-woo", "Jong-Un", "Seo-yeon"] {
            assert!(is_hyphenated_given_name(name), "{name}");
        }
        for word in ["Ji", "well-known", "Jong-", "Mid-2024", "KIM-JONG"] {
            assert!(!is_hyphenated_given_name(word), "{word}");
        }
    }

    #[test]
    fn listed_names_are_shown_by_their_listed_name() {
        let found =
            extract("", &["Officials in the U.S. and the Democratic People's Republic of Korea met."]);
        assert!(has(&found, L, "United States", 1), "{found:?}");
        assert!(has(&found, L, "North Korea", 1), "{found:?}");
    }

    #[test]
    fn text_in_capitals_does_not_make_every_word_a_name() {
        let found = extract("", &["SHOCK AS SEAWALL FAILS: FURIOUS RESIDENTS BLAME OFFICIALS IN BUSAN"]);
        assert_eq!(found, [(L, "Busan".to_string(), 1)]);
    }

    #[test]
    fn tagged_pieces_inside_a_listed_name_become_that_name() {
        let (per, loc) = (tags::kind_index(P), tags::kind_index(L));
        let tagged = vec![(per, 0..1), (loc, 2..4), (loc, 6..7), (per, 9..12)];
        let listed = vec![(0, 2..5), (1, 6..8), (0, 10..11)];
        let spans = with_listed_names(tagged, listed);
        // 2..5 replaces 2..4; 6..8 replaces 6..7 (its own kind); 9..12 reaches beyond 10..11 and stays.
        assert_eq!(spans, [(per, 0..1), (loc, 2..5), (tags::kind_index(O), 6..8), (per, 9..12)]);
        let misc = tags::kind_index(M);
        assert_eq!(with_listed_names(vec![], vec![(2, 3..5)]), [(misc, 3..5)]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let extractor = TaggerExtractor::builtin().unwrap();
        let long = "Kim ".repeat(3_000) + &"A".repeat(5_000) + " Ü’s (IOC";
        for text in ["", " ", "’", "'s", "U.", "-", "(ABC) (", "Mr.", "’’’ Kim’", "1996-08-22 4-0", &long]
        {
            let _ = extractor.extract(text, &[text.to_string(), String::new(), text.to_uppercase()]);
        }
        assert!(extractor.extract("", &[]).is_empty());
    }
}
