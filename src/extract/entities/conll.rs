//! CoNLL files (one token per line, the entity tag in the last column, a blank line after each
//! sentence, `-DOCSTART-` before each document) and the CoNLL entity score: exact-span
//! precision, recall and F1, typed (micro and per type) and untyped, computed the way
//! `conlleval` does (an `I-X` after `O` or after another type opens an entity, as in IOB1).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use serde::Serialize;

use super::tagger::{Tagger, Workspace};
use super::tags::{self, CONLL_KINDS};

/// One sentence: its words and, when the file has them, gold tags.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    /// The last column of each line; empty when lines have a single column.
    pub gold: Vec<String>,
}

/// The sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// The words of all sentences, and where each sentence starts.
    pub fn words(&self) -> (Vec<&str>, Vec<bool>) {
        let mut words = Vec::new();
        let mut starts = Vec::new();
        for sentence in &self.sentences {
            for (i, word) in sentence.words.iter().enumerate() {
                words.push(word.as_str());
                starts.push(i == 0);
            }
        }
        (words, starts)
    }

    /// Gold BILOU tags of all sentences; `path` names the file in errors.
    pub(super) fn gold_tags(&self, path: &Path) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        for sentence in &self.sentences {
            if sentence.gold.len() != sentence.words.len() {
                bail!("{}: a sentence has no tag column (gold tags are needed)", path.display());
            }
            let gold: Vec<&str> = sentence.gold.iter().map(String::as_str).collect();
            let mut spans = Vec::new();
            for (start, end, kind) in chunks(&gold) {
                let Some(k) = CONLL_KINDS.iter().position(|&name| name == kind) else {
                    bail!(
                        "{}: unknown entity type {kind:?} (the tagger learns {})",
                        path.display(),
                        CONLL_KINDS.join(", ")
                    );
                };
                spans.push((k, start..end));
            }
            out.extend(tags::encode(sentence.words.len(), &spans));
        }
        Ok(out)
    }
}

/// Reads a CoNLL file into documents.
pub fn read(path: &Path) -> anyhow::Result<Vec<Document>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(parse(&text))
}

/// Parses CoNLL text: columns split by white space, the word first, the tag last.
pub fn parse(text: &str) -> Vec<Document> {
    let mut documents = vec![Document::default()];
    let mut sentence = Sentence::default();
    let end_sentence = |documents: &mut Vec<Document>, sentence: &mut Sentence| {
        if !sentence.words.is_empty()
            && let Some(document) = documents.last_mut()
        {
            document.sentences.push(std::mem::take(sentence));
        }
    };
    for line in text.lines() {
        let mut columns = line.split_whitespace();
        let Some(word) = columns.next() else {
            end_sentence(&mut documents, &mut sentence);
            continue;
        };
        if word == "-DOCSTART-" {
            end_sentence(&mut documents, &mut sentence);
            if documents.last().is_some_and(|d| !d.sentences.is_empty()) {
                documents.push(Document::default());
            }
            continue;
        }
        sentence.words.push(word.to_owned());
        if let Some(tag) = columns.next_back() {
            sentence.gold.push(tag.to_owned());
        }
    }
    end_sentence(&mut documents, &mut sentence);
    documents.retain(|d| !d.sentences.is_empty());
    documents
}

fn split_tag(tag: &str) -> (&str, &str) {
    if tag == "O" || tag.is_empty() {
        return ("O", "");
    }
    tag.split_once('-').unwrap_or((tag, ""))
}

fn end_of_chunk(prev: &str, tag: &str, prev_type: &str, kind: &str) -> bool {
    let mut end = matches!(
        (prev, tag),
        ("B", "B") | ("B", "O") | ("I", "B") | ("I", "O") | ("E", "E") | ("E", "I") | ("E", "O")
    );
    end |= !matches!(prev, "O" | ".") && prev_type != kind;
    end |= matches!(prev, "]" | "[");
    end || prev == "S" || (tag == "S" && !matches!(prev, "O" | "."))
}

fn start_of_chunk(prev: &str, tag: &str, prev_type: &str, kind: &str) -> bool {
    let mut start = matches!(
        (prev, tag),
        ("B", "B") | ("I", "B") | ("O", "B") | ("O", "I") | ("E", "E") | ("E", "I") | ("O", "E")
    );
    start |= !matches!(tag, "O" | ".") && prev_type != kind;
    start |= matches!(tag, "[" | "]");
    start || tag == "S" || (prev == "S" && matches!(tag, "E" | "I"))
}

/// The entities of one sentence's tags (IOB1, IOB2, IOE or IOBES), as `conlleval` reads them.
pub fn chunks<'a>(tags: &[&'a str]) -> BTreeSet<(usize, usize, &'a str)> {
    let mut out = BTreeSet::new();
    let (mut prev, mut prev_type, mut start) = ("O", "", None);
    for (i, tag) in tags.iter().copied().chain(std::iter::once("O")).enumerate() {
        let (part, kind) = split_tag(tag);
        if let Some(s) = start
            && end_of_chunk(prev, part, prev_type, kind)
        {
            out.insert((s, i, prev_type));
            start = None;
        }
        if start_of_chunk(prev, part, prev_type, kind) {
            start = Some(i);
        }
        (prev, prev_type) = (part, kind);
    }
    out
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    fn new(correct: usize, predicted: usize, gold: usize) -> Self {
        let precision = if predicted > 0 { correct as f64 / predicted as f64 } else { 0.0 };
        let recall = if gold > 0 { correct as f64 / gold as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Self { precision, recall, f1, correct, predicted, gold }
    }
}

/// The CoNLL score of predicted against gold tags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub micro: Prf,
    pub per_type: BTreeMap<String, Prf>,
    pub untyped: Prf,
    pub tokens: usize,
    pub token_accuracy: f64,
}

/// Counts entities over sentences of (gold, predicted) tags.
#[derive(Debug, Default)]
pub struct Scorer {
    gold: BTreeMap<String, usize>,
    predicted: BTreeMap<String, usize>,
    correct: BTreeMap<String, usize>,
    untyped: [usize; 3],
    tokens: usize,
    tokens_right: usize,
}

impl Scorer {
    /// Adds one sentence; `gold` and `predicted` have one tag per token.
    pub fn add(&mut self, gold: &[&str], predicted: &[&str]) {
        self.tokens += gold.len();
        self.tokens_right += gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
        let (gold, predicted) = (chunks(gold), chunks(predicted));
        for (_, _, kind) in &gold {
            *self.gold.entry((*kind).to_owned()).or_default() += 1;
        }
        for (_, _, kind) in &predicted {
            *self.predicted.entry((*kind).to_owned()).or_default() += 1;
        }
        for (_, _, kind) in gold.intersection(&predicted) {
            *self.correct.entry((*kind).to_owned()).or_default() += 1;
        }
        let spans = |set: &BTreeSet<(usize, usize, &str)>| -> BTreeSet<(usize, usize)> {
            set.iter().map(|&(start, end, _)| (start, end)).collect()
        };
        let (gold, predicted) = (spans(&gold), spans(&predicted));
        self.untyped[0] += gold.intersection(&predicted).count();
        self.untyped[1] += predicted.len();
        self.untyped[2] += gold.len();
    }

    pub fn scores(&self) -> Scores {
        let count = |map: &BTreeMap<String, usize>, kind: &str| map.get(kind).copied().unwrap_or(0);
        let kinds: BTreeSet<&String> = self.gold.keys().chain(self.predicted.keys()).collect();
        let per_type = kinds
            .into_iter()
            .map(|kind| {
                let prf = Prf::new(
                    count(&self.correct, kind),
                    count(&self.predicted, kind),
                    count(&self.gold, kind),
                );
                (kind.clone(), prf)
            })
            .collect();
        let total = |map: &BTreeMap<String, usize>| map.values().sum::<usize>();
        Scores {
            micro: Prf::new(total(&self.correct), total(&self.predicted), total(&self.gold)),
            per_type,
            untyped: Prf::new(self.untyped[0], self.untyped[1], self.untyped[2]),
            tokens: self.tokens,
            token_accuracy: if self.tokens > 0 { self.tokens_right as f64 / self.tokens as f64 } else { 0.0 },
        }
    }
}

impl Scores {
    /// The report as `conlleval` prints it.
    pub fn report(&self) -> String {
        let m = &self.micro;
        let mut out = format!(
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n\
             accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}\n",
            self.tokens,
            m.gold,
            m.predicted,
            m.correct,
            100.0 * self.token_accuracy,
            100.0 * m.precision,
            100.0 * m.recall,
            100.0 * m.f1
        );
        let rows =
            self.per_type.iter().map(|(kind, s)| (kind.as_str(), s)).chain([("untyped-span", &self.untyped)]);
        for (name, s) in rows {
            let _ = writeln!(
                out,
                "{name:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1,
                s.predicted
            );
        }
        out
    }
}

/// The tagger's IOB2 tags for a document, one vector per sentence.
pub fn tag(tagger: &Tagger, document: &Document, work: &mut Workspace) -> Vec<Vec<&'static str>> {
    let (words, starts) = document.words();
    let mut tags = Vec::new();
    tagger.tag(&words, &starts, None, work, &mut tags);
    let mut at = 0;
    document
        .sentences
        .iter()
        .map(|sentence| {
            let n = sentence.words.len();
            at += n;
            tags[at - n..at].iter().map(|&t| tags::iob2(t)).collect()
        })
        .collect()
}

/// Tags annotated documents and scores the result; `path` names their file in errors.
pub fn evaluate(tagger: &Tagger, documents: &[Document], path: &Path) -> anyhow::Result<Scores> {
    let mut scorer = Scorer::default();
    let mut work = Workspace::default();
    for document in documents {
        let predicted = tag(tagger, document, &mut work);
        for (sentence, predicted) in document.sentences.iter().zip(&predicted) {
            if sentence.gold.len() != sentence.words.len() {
                bail!("{}: a sentence has no tag column (gold tags are needed)", path.display());
            }
            let gold: Vec<&str> = sentence.gold.iter().map(String::as_str).collect();
            scorer.add(&gold, predicted);
        }
    }
    Ok(scorer.scores())
}

/// Scores BILOU predictions (one vector per document) against the documents' gold tags.
pub(super) fn score_documents(documents: &[Document], predicted: &[Vec<u8>]) -> Scores {
    let mut scorer = Scorer::default();
    for (document, tags) in documents.iter().zip(predicted) {
        let mut at = 0;
        for sentence in &document.sentences {
            let n = sentence.words.len();
            let gold: Vec<&str> = sentence.gold.iter().map(String::as_str).collect();
            let tagged: Vec<&str> = tags[at..at + n].iter().map(|&t| tags::iob2(t)).collect();
            scorer.add(&gold, &tagged);
            at += n;
        }
    }
    scorer.scores()
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    fn spans(tags: &str) -> Vec<(Range<usize>, String)> {
        let tags: Vec<&str> = tags.split(' ').collect();
        chunks(&tags).into_iter().map(|(s, e, k)| (s..e, k.to_owned())).collect()
    }

    #[test]
    fn chunks_read_iob1_iob2_and_stray_insides() {
        assert_eq!(spans("B-PER I-PER O B-LOC"), [(0..2, "PER".into()), (3..4, "LOC".into())]);
        // IOB1: I after O opens; a B between two I's of one type splits them.
        assert_eq!(spans("I-ORG I-ORG B-ORG O"), [(0..2, "ORG".into()), (2..3, "ORG".into())]);
        // A type change inside opens a new entity.
        assert_eq!(spans("B-PER I-LOC"), [(0..1, "PER".into()), (1..2, "LOC".into())]);
    }

    #[test]
    fn scores_count_exact_spans_and_types() {
        let mut scorer = Scorer::default();
        scorer.add(&["B-PER", "I-PER", "O", "B-LOC"], &["B-PER", "I-PER", "O", "B-ORG"]);
        scorer.add(&["B-ORG", "O"], &["B-ORG", "B-MISC"]);
        let s = scorer.scores();
        assert_eq!((s.micro.correct, s.micro.predicted, s.micro.gold), (2, 4, 3));
        assert_eq!((s.untyped.correct, s.untyped.predicted), (3, 4));
        assert_eq!(s.per_type["LOC"].gold, 1);
        assert_eq!(s.per_type["MISC"].predicted, 1);
        assert_eq!(s.tokens, 6);
        assert!((s.micro.f1 - 2.0 * 0.5 * (2.0 / 3.0) / (0.5 + 2.0 / 3.0)).abs() < 1e-12);
        assert!(s.report().starts_with("processed 6 tokens with 3 phrases; found: 4 phrases; correct: 2."));
    }

    #[test]
    fn documents_and_sentences_are_split() {
        let text =
            "-DOCSTART- -X- O\n\nKim NNP B-PER\nspoke VBD O\n\nSeoul B-LOC\n-DOCSTART- O\n\nParis B-LOC\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].gold, ["B-PER", "O"]);
        let tags = docs[0].gold_tags(Path::new("x")).unwrap();
        assert_eq!(tags, [tags::tag(0, tags::Part::Unit), tags::O, tags::tag(2, tags::Part::Unit)]);
    }
}
