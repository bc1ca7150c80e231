//! Training the entity tagger from CoNLL files: averaged perceptrons for both passes.
//!
//! The first pass learns from the words alone. The second also sees what the first pass said
//! about each word elsewhere in its document; to learn that from realistic first-pass output, the
//! training documents get theirs from first-pass models trained without them (k-fold
//! jackknifing). With validation documents, each pass keeps the epoch that scores best on them.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::conll::{self, Document};
use super::decode::{Scorer, decode};
use super::features::{FirstPass, Prepared};
use super::lexicon::Lexicon;
use super::tagger::Tagger;
use super::tags::TAGS;

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data per tagger pass (the best on validation data is kept).
    pub epochs: usize,
    /// Folds for the first-pass output the second pass learns from.
    pub folds: usize,
    /// Feature rows whose largest weight is below this share of the largest weight are dropped.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self { epochs: 12, folds: 5, prune: 0.002 }
    }
}

/// Quantised weights: (feature hash, one weight per tag).
type Rows = Vec<(u64, [i16; TAGS])>;

/// Training documents, prepared once.
struct Data {
    prepared: Vec<Prepared>,
    gold: Vec<Vec<u8>>,
}

impl Data {
    fn new(documents: &[(&Path, &Document)], lexicon: &Lexicon) -> anyhow::Result<Self> {
        let mut prepared = Vec::with_capacity(documents.len());
        let mut gold = Vec::with_capacity(documents.len());
        for (path, document) in documents {
            let (words, starts) = document.words();
            let mut p = Prepared::default();
            p.prepare(&words, &starts, None, lexicon);
            prepared.push(p);
            gold.push(document.gold_tags(path)?);
        }
        Ok(Self { prepared, gold })
    }
}

/// Perceptron weights with sums for averaging: the average is `w - u / step`.
#[derive(Default)]
struct Perceptron {
    index: FxHashMap<u64, u32>,
    w: Vec<[i32; TAGS]>,
    u: Vec<[i64; TAGS]>,
    step: i64,
}

impl Scorer for Perceptron {
    fn score(&self, feature: u64, scores: &mut [i32; TAGS]) {
        if let Some(&row) = self.index.get(&feature) {
            for (score, w) in scores.iter_mut().zip(&self.w[row as usize]) {
                *score += w;
            }
        }
    }

    fn learn(&mut self, features: &[u64], gold: u8, predicted: u8) {
        for &feature in features {
            let next = self.w.len() as u32;
            let row = *self.index.entry(feature).or_insert(next) as usize;
            if row == self.w.len() {
                self.w.push([0; TAGS]);
                self.u.push([0; TAGS]);
            }
            let (g, p) = (gold as usize, predicted as usize);
            self.w[row][g] += 1;
            self.w[row][p] -= 1;
            self.u[row][g] += self.step;
            self.u[row][p] -= self.step;
        }
    }

    fn tick(&mut self) {
        self.step += 1;
    }
}

impl Perceptron {
    /// Averaged weights, scaled into `i16`; rows whose largest weight is below `prune` of the
    /// largest of all are dropped.
    fn quantised(&self, prune: f32) -> Rows {
        let step = self.step.max(1) as f64;
        let averaged = |row: usize| -> [f64; TAGS] {
            std::array::from_fn(|t| f64::from(self.w[row][t]) - self.u[row][t] as f64 / step)
        };
        let largest = |row: &[f64; TAGS]| row.iter().fold(0f64, |m, w| m.max(w.abs()));
        let max = (0..self.w.len()).map(|r| largest(&averaged(r))).fold(0f64, f64::max);
        if max == 0.0 {
            return Vec::new();
        }
        let scale = f64::from(i16::MAX) / max;
        let floor = f64::from(prune) * max;
        self.index
            .iter()
            .filter_map(|(&hash, &row)| {
                let avg = averaged(row as usize);
                (largest(&avg) >= floor && largest(&avg) * scale >= 0.5)
                    .then(|| (hash, std::array::from_fn(|t| (avg[t] * scale).round() as i16)))
            })
            .collect()
    }
}

/// A deterministic shuffle (splitmix64): reproducible training runs.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        order.swap(i, ((z ^ (z >> 31)) % (i as u64 + 1)) as usize);
    }
}

/// First-pass tags and what they say, per document, for the second pass.
type FirstPasses = Vec<(FirstPass, Vec<u8>)>;

fn first_passes(
    tagger: &Tagger,
    docs: impl Iterator<Item = usize>,
    data: &Data,
    out: &mut [Option<(FirstPass, Vec<u8>)>],
) {
    let mut features = Vec::new();
    for d in docs {
        let mut tags = Vec::new();
        decode(&mut &*tagger, &data.prepared[d], tagger.lexicon(), None, None, &mut features, &mut tags);
        out[d] = Some((FirstPass::new(&data.prepared[d], &tags), tags));
    }
}

/// Tags documents with one pass of `tagger` (the second with `first`) and scores them.
fn evaluate(tagger: &Tagger, data: &Data, first: Option<&FirstPasses>, documents: &[Document]) -> f64 {
    let mut features = Vec::new();
    let predicted: Vec<Vec<u8>> = (0..data.prepared.len())
        .map(|d| {
            let mut tags = Vec::new();
            let first = first.map(|f| (&f[d].0, f[d].1.as_slice()));
            decode(&mut &*tagger, &data.prepared[d], tagger.lexicon(), first, None, &mut features, &mut tags);
            tags
        })
        .collect();
    conll::score_documents(documents, &predicted).micro.f1
}

/// Trains one pass on the documents `docs` of `data`: `epochs` epochs, or with validation data
/// the best of up to `epochs`. Returns the weights and the number of epochs used.
#[allow(clippy::too_many_arguments)]
fn train_pass(
    pass: usize,
    data: &Data,
    docs: &[usize],
    first: Option<&FirstPasses>,
    valid: Option<(&Data, Option<&FirstPasses>, &[Document])>,
    epochs: usize,
    options: &TrainOptions,
    lexicon: &Lexicon,
    log: &mut dyn FnMut(String),
) -> (Rows, usize) {
    let mut perceptron = Perceptron::default();
    let mut order = docs.to_vec();
    let mut seed = 0x0123_4567_89ab_cdef ^ pass as u64;
    let mut features = Vec::new();
    let mut tags = Vec::new();
    let mut best: Option<(f64, usize, Rows)> = None;
    for epoch in 1..=epochs {
        shuffle(&mut order, &mut seed);
        for &d in &order {
            let first = first.map(|f| (&f[d].0, f[d].1.as_slice()));
            let gold = Some(data.gold[d].as_slice());
            decode(&mut perceptron, &data.prepared[d], lexicon, first, gold, &mut features, &mut tags);
        }
        let Some((valid, valid_first, documents)) = valid else { continue };
        let rows = perceptron.quantised(options.prune);
        let f1 = evaluate(
            &Tagger::new(rows.clone(), lexicon.clone()).without_shortcuts(),
            valid,
            valid_first,
            documents,
        );
        log(format!(
            "pass {}, epoch {epoch}: {} features, validation F1 {:.2}",
            pass + 1,
            rows.len(),
            100.0 * f1
        ));
        if best.as_ref().is_none_or(|(b, _, _)| f1 > *b) {
            best = Some((f1, epoch, rows));
        }
    }
    match best {
        Some((_, epoch, rows)) => (rows, epoch),
        None => (perceptron.quantised(options.prune), epochs),
    }
}

/// Trains a tagger on `train` documents (each with the file it came from), tuning the number of
/// epochs on `valid` documents when given, with word statistics from unannotated news (may be
/// empty). Progress goes to `log`.
pub fn train(
    train: &[(&Path, &Document)],
    valid: &[(&Path, &Document)],
    lexicon: Lexicon,
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> anyhow::Result<Tagger> {
    let data = Data::new(train, &lexicon)?;
    let valid_data = Data::new(valid, &lexicon)?;
    let valid_documents: Vec<Document> = valid.iter().map(|(_, d)| (*d).clone()).collect();
    let has_valid = !valid.is_empty();
    let all: Vec<usize> = (0..train.len()).collect();

    let valid_arg = has_valid.then_some((&valid_data, None, valid_documents.as_slice()));
    let (rows1, epochs1) =
        train_pass(0, &data, &all, None, valid_arg, options.epochs, options, &lexicon, log);
    let first_tagger = Tagger::new(rows1.clone(), lexicon.clone()).without_shortcuts();

    // First-pass output for each training document from a model that did not see it.
    let folds = options.folds.clamp(2, train.len().max(2));
    let mut first: Vec<Option<(FirstPass, Vec<u8>)>> = (0..train.len()).map(|_| None).collect();
    for fold in 0..folds {
        let (held, kept): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&d| d % folds == fold);
        let (rows, _) = train_pass(0, &data, &kept, None, None, epochs1, options, &lexicon, log);
        first_passes(
            &Tagger::new(rows, lexicon.clone()).without_shortcuts(),
            held.into_iter(),
            &data,
            &mut first,
        );
        log(format!("first-pass output for fold {} of {folds}", fold + 1));
    }
    let first: FirstPasses = first.into_iter().flatten().collect();
    let mut valid_first: Vec<Option<(FirstPass, Vec<u8>)>> = (0..valid.len()).map(|_| None).collect();
    first_passes(&first_tagger, 0..valid.len(), &valid_data, &mut valid_first);
    let valid_first: FirstPasses = valid_first.into_iter().flatten().collect();

    let valid_arg = has_valid.then_some((&valid_data, Some(&valid_first), valid_documents.as_slice()));
    let (rows2, _) =
        train_pass(1, &data, &all, Some(&first), valid_arg, options.epochs, options, &lexicon, log);
    let mut rows = rows1;
    rows.extend(rows2);
    Ok(Tagger::new(rows, lexicon))
}
