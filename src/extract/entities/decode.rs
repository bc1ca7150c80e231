//! Greedy decoding of a prepared document with BILOU tags, one pass at a time, for tagging and
//! for training. Only the words that can start or continue an entity are scored; the others
//! are tagged O without computing anything. When tagging (not training), two more kinds of
//! word are tagged O unasked, where the model all but always says O: capitalised common words
//! between words that cannot start a name ([`Prepared::unlikely_name`]), and in the second pass
//! words the first pass left O with nothing around them or elsewhere in the document to change
//! it ([`FirstPass::settled`]). On CoNLL-2003 `valid.txt` this leaves F1 as it was and scores
//! a quarter fewer words of news.

use super::features::{FirstPass, Prepared, history, observe, pass_seed};
use super::lexicon::Lexicon;
use super::tags::{O, TAGS, allowed, close, is_open};

/// Adds the weights of features to tag scores; training also learns from mistakes.
pub(super) trait Scorer {
    fn score(&self, feature: u64, scores: &mut [i32; TAGS]);

    /// Adds the weights of all `features`.
    fn score_all(&self, features: &[u64], scores: &mut [i32; TAGS]) {
        for &f in features {
            self.score(f, scores);
        }
    }

    /// Whether words the model all but always tags O may be tagged O without scoring them (see
    /// the module's documentation): when tagging, not while training, whose validation scores
    /// and first-pass outputs must be the model's own.
    fn takes_shortcuts(&self) -> bool {
        false
    }

    /// Called for each token tagged wrongly while training.
    fn learn(&mut self, _features: &[u64], _gold: u8, _predicted: u8) {}

    /// Called after each token scored while training: the clock weights are averaged over.
    fn tick(&mut self) {}
}

impl<T: Scorer> Scorer for &T {
    fn score(&self, feature: u64, scores: &mut [i32; TAGS]) {
        (**self).score(feature, scores);
    }

    fn score_all(&self, features: &[u64], scores: &mut [i32; TAGS]) {
        (**self).score_all(features, scores);
    }

    fn takes_shortcuts(&self) -> bool {
        (**self).takes_shortcuts()
    }
}

/// An open entity may also end at the previous word (B becomes U, I becomes L) when the model
/// prefers a tag that cannot continue it: one wrong B does not force a run of words into it.
const REPAIR: bool = true;

/// Tags a prepared document greedily, sentence by sentence: with the first pass's output
/// (`first`), by the second pass's weights, else by the first's. With `gold`, the scorer learns
/// from each wrong decision (training). `features` is scratch space.
pub(super) fn decode<S: Scorer>(
    scorer: &mut S,
    p: &Prepared,
    lexicon: &Lexicon,
    first: Option<(&FirstPass, &[u8])>,
    gold: Option<&[u8]>,
    features: &mut Vec<u64>,
    tags: &mut Vec<u8>,
) {
    let seed = pass_seed(usize::from(first.is_some()));
    let shortcuts = gold.is_none() && scorer.takes_shortcuts();
    tags.clear();
    tags.resize(p.tokens.len(), O);
    for sentence in p.sentences.windows(2) {
        let (start, end) = (sentence[0], sentence[1]);
        let (mut prev, mut prev2) = (O, O);
        for i in start..end {
            let last = i + 1 == end;
            let unasked = !is_open(prev)
                && (p.tokens[i].is_plain()
                    || (shortcuts
                        && match first {
                            None => p.unlikely_name(i, (start, end)),
                            Some((first_pass, first_tags)) => {
                                first_pass.settled(p, first_tags, i, (start, end))
                            }
                        }));
            if unasked {
                (prev2, prev) = (prev, O);
                continue;
            }
            features.clear();
            observe(p, lexicon, i, (start, end), seed, features);
            if let Some((first_pass, first_tags)) = first {
                first_pass.observe(p, first_tags, i, seed, features);
            }
            let mut hist = [0u64; 4];
            history(p, i, prev, prev2, seed, &mut hist);
            features.extend(hist);
            let mut scores = [0i32; TAGS];
            scorer.score_all(features, &mut scores);
            let closed = close(prev);
            let best = (0..TAGS as u8)
                .filter(|&t| allowed(prev, t, last) || (REPAIR && closed != prev && allowed(closed, t, last)))
                .max_by_key(|&t| (scores[t as usize], std::cmp::Reverse(t)))
                .unwrap_or(O);
            if !allowed(prev, best, last) {
                tags[i - 1] = closed;
                prev = closed;
            }
            if let Some(gold) = gold {
                if gold[i] != best {
                    scorer.learn(features, gold[i], best);
                }
                scorer.tick();
            }
            tags[i] = best;
            (prev2, prev) = (prev, best);
        }
    }
}
