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
/// start, and the token each word came from.
struct Words<'a> {
    words: Vec<&'a str>,
    starts: Vec<bool>,
    token: Vec<usize>,
}

impl<'a> Words<'a> {
    fn new(segments: &[&'a str], tokens: &Tokens, from: usize) -> Self {
        let n = tokens.list.len().saturating_sub(from);
        let mut words = Words { words: Vec::with_capacity(n), starts: Vec::with_capacity(n), token: Vec::with_capacity(n) };
        let mut start = true;
        for (i, token) in tokens.list.iter().enumerate().skip(from) {
            if token.shape == Shape::Break {
                start = true;
                continue;
            }
            let text = segments[token.segment];
            words.push(&text[token.start..token.end], start, i);
            start = token.shape == Shape::Punct && matches!(token.punct, '.' | '!' | '?');
            if token.possessive {
                let after = &text[token.end..];
                let s = after.chars().nth(1).is_some_and(|c| c == 's' || c == 'S');
                words.push(if s { "'s" } else { "'" }, false, i);
            }
        }
        words
    }

    fn push(&mut self, word: &'a str, start: bool, token: usize) {
        self.words.push(word);
        self.starts.push(start);
        self.token.push(token);
    }
}

impl EntityExtractor for TaggerExtractor {
    fn extract(&self, title: &str, paragraphs: &[String]) -> Vec<Entity> {
        let mut segments = Vec::with_capacity(paragraphs.len() + 1);
        segments.push(title);
        segments.extend(paragraphs.iter().map(String::as_str));
        let tokens = Tokens::new(self.gazetteer, &segments);
        let analysis = Analysis::new(self.gazetteer, &segments, &tokens);
        let words = Words::new(&segments, &tokens, analysis.body_start);
        let spans = WORKSPACE.with_borrow_mut(|(work, tags)| {
            self.tagger.tag(&words.words, &words.starts, work, tags);
            with_listed_names(tags::decode(tags), work.prepared.listed_phrases())
        });
        let mut buf = String::new();
        let candidates: Vec<Candidate> = spans
            .into_iter()
            .filter_map(|(kind, range)| {
                let range = words.token[range.start]..words.token[range.end - 1] + 1;
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
fn with_listed_names(tagged: Vec<(usize, Range<usize>)>, listed: Vec<(usize, Range<usize>)>) -> Vec<(usize, Range<usize>)> {
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

impl LexiconBuilder {
    /// Adds the body of an article (`paragraphs`, cleaned) to the word statistics.
    pub fn add_article(&mut self, paragraphs: &[String]) {
        let segments: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let tokens = Tokens::new(&GAZETTEER, &segments);
        let words = Words::new(&segments, &tokens, 0);
        self.add(&words.words, &words.starts);
    }
}
