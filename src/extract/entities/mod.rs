//! Named-entity extraction: finds the people, organisations, places and other named things of an
//! article. [`EntityExtractor`] is the interface the pipeline calls; [`RuleExtractor`] implements
//! it with word lists and capitalisation rules, and a trained tagger can implement it later.

pub mod conll;
mod features;
mod gazetteer;
mod mentions;
mod rules;
mod tagger;
mod tags;
mod tokens;
mod train;

use crate::model::Entity;

pub use rules::RuleExtractor;
pub use tagger::{Tagger, Workspace};
pub use train::{TrainOptions, train};

/// Finds the named entities of one article. Implementations must be cheap to share across threads.
pub trait EntityExtractor: Send + Sync {
    /// `title` is the headline, `paragraphs` the cleaned body. Returns each entity once per article,
    /// with its mention count (aliases included), ordered by kind (Person, Org, Location, Misc), then
    /// mentions (desc), then first appearance.
    fn extract(&self, title: &str, paragraphs: &[String]) -> Vec<Entity>;
}
