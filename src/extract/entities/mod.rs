//! Named-entity extraction: finds the people, organisations, places and other named things of an
//! article. [`EntityExtractor`] is the interface the pipeline calls. [`TaggerExtractor`]
//! implements it with the tagger trained on CoNLL-2003 (the default), [`RuleExtractor`] with word
//! lists and capitalisation rules; both hand their mentions to the same merging ([`mentions`]):
//! acronyms, short mentions folded into full names, one entity per normalised key.
//!
//! Files: `shape` (how a word is written: the one word classifier), `tokens` (tokeniser),
//! `mentions` (merging), `rules`, `tagged` (the tagger as an extractor), `tagger` (the model),
//! `decode` (tagging a document with it), `features`, `lexicon` (word statistics), `tags`
//! (BILOU), `train`, `conll` (CoNLL files and scoring), `gazetteer` (word lists).

pub mod conll;
mod decode;
mod features;
mod gazetteer;
mod lexicon;
mod mentions;
mod rules;
mod shape;
mod tagged;
mod tagger;
mod tags;
mod tokens;
mod train;

use crate::model::Entity;

pub use lexicon::{Lexicon, LexiconBuilder};
pub use rules::RuleExtractor;
pub use tagged::TaggerExtractor;
pub use tagger::{Tagger, Workspace};
pub use train::{TrainOptions, train};

/// The headline, then the body's paragraphs: the text segments entities are found in.
fn segments<'a>(title: &'a str, paragraphs: &'a [String]) -> Vec<&'a str> {
    let mut segments = Vec::with_capacity(paragraphs.len() + 1);
    segments.push(title);
    segments.extend(paragraphs.iter().map(String::as_str));
    segments
}

/// Finds the named entities of one article. Implementations must be cheap to share across threads.
pub trait EntityExtractor: Send + Sync {
    /// `title` is the headline, `paragraphs` the cleaned body. Returns each entity once per article,
    /// with its mention count (aliases included), ordered by kind (Person, Org, Location, Misc), then
    /// mentions (desc), then first appearance.
    fn extract(&self, title: &str, paragraphs: &[String]) -> Vec<Entity>;
}

/// Finds nothing: for runs that leave entities out.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEntities;

impl EntityExtractor for NoEntities {
    fn extract(&self, _title: &str, _paragraphs: &[String]) -> Vec<Entity> {
        Vec::new()
    }
}
