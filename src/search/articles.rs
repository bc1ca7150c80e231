//! Ranking whole articles rather than passages, for evaluation against judged collections (whose
//! judgements are per article) and for anyone who wants one score per article.
//!
//! An article's score fuses two kinds of evidence:
//! - **article BM25**: BM25 over the whole article, its title counted [`TITLE_WEIGHT`] times and
//!   its passages' words summed, read from the passage postings (term frequencies per article,
//!   article lengths from the passages' field norms, document frequencies counted in articles);
//! - **best passage**: the score of the article's best passage under the ordinary passage query,
//!   weighted by [`PASSAGE_WEIGHT`], which rewards articles whose matches stand together.
//!
//! The weights were chosen by measuring MAP on three judged collections (the README's ranking
//! table); they are the same for every collection.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{DocId, DocSet, Score, Searcher, TERMINATED, Term};

use super::SearchError;
use super::query::{self, Filters};
use crate::index::NewsIndex;
use crate::index::schema::STEMMED;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalisation: a little weaker than the usual 0.75, since whole news articles
/// vary in length more with their subject's breadth than with verbosity.
const B: f32 = 0.6;
/// The title counts as if written this many times in the article.
const TITLE_WEIGHT: f32 = 2.0;
/// How much the best passage's score adds to the article's.
const PASSAGE_WEIGHT: f32 = 0.1;
/// Passages fetched per wanted article for the best-passage evidence.
const PASSAGES_PER_ARTICLE: usize = 10;

/// One ranked article.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedArticle {
    pub article_id: String,
    pub score: Score,
}

/// Ranks articles for plain-word queries. Built once per searcher: it maps every passage to its
/// article and adds up article lengths, which every query then reuses.
pub struct ArticleRanker<'a> {
    index: &'a NewsIndex,
    searcher: &'a Searcher,
    /// Per segment, per document: the article's number (`u32::MAX` for a deleted document).
    articles_of_docs: Vec<Vec<u32>>,
    ids: Vec<String>,
    /// Words in each article's body, and in its title.
    body_lengths: Vec<f32>,
    title_lengths: Vec<f32>,
    average_length: f32,
}

impl<'a> ArticleRanker<'a> {
    pub fn new(index: &'a NewsIndex, searcher: &'a Searcher) -> Result<Self, SearchError> {
        let fields = &index.fields;
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut ids = Vec::new();
        let (mut body_lengths, mut title_lengths) = (Vec::new(), Vec::new());
        let mut articles_of_docs = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().str("article_id")?;
            let body_norms = segment.get_fieldnorms_reader(fields.body)?;
            let title_norms = segment.get_fieldnorms_reader(fields.title)?;
            let mut of_docs = vec![u32::MAX; segment.max_doc() as usize];
            // Articles are found by their term ordinal first: one string lookup per article.
            let mut by_ordinal: HashMap<u64, u32> = HashMap::new();
            let mut id = String::new();
            for doc in segment.doc_ids_alive() {
                let Some(ordinal) = column.as_ref().and_then(|c| c.term_ords(doc).next()) else { continue };
                let number = match by_ordinal.get(&ordinal) {
                    Some(&number) => number,
                    None => {
                        id.clear();
                        if let Some(column) = &column {
                            column.ord_to_str(ordinal, &mut id).map_err(tantivy::TantivyError::from)?;
                        }
                        let next = ids.len() as u32;
                        let number = *numbers.entry(id.clone()).or_insert(next);
                        if number == next {
                            ids.push(id.clone());
                            body_lengths.push(0.0);
                            title_lengths.push(title_norms.fieldnorm(doc) as f32);
                        }
                        by_ordinal.insert(ordinal, number);
                        number
                    }
                };
                of_docs[doc as usize] = number;
                body_lengths[number as usize] += body_norms.fieldnorm(doc) as f32;
            }
            articles_of_docs.push(of_docs);
        }
        let total: f32 =
            body_lengths.iter().zip(&title_lengths).map(|(body, title)| body + TITLE_WEIGHT * title).sum();
        let average_length = if ids.is_empty() { 1.0 } else { (total / ids.len() as f32).max(1.0) };
        Ok(Self { index, searcher, articles_of_docs, ids, body_lengths, title_lengths, average_length })
    }

    /// How many articles the index holds.
    pub fn articles(&self) -> usize {
        self.ids.len()
    }

    /// The ids of every article in the index.
    pub fn article_ids(&self) -> &[String] {
        &self.ids
    }

    /// The best `limit` articles for the words of `text` (operators and punctuation are ignored,
    /// as with `--literal`), best first; equal scores in article id order.
    pub fn rank(&self, text: &str, limit: usize) -> Result<Vec<RankedArticle>, SearchError> {
        let mut scores = self.article_bm25(&self.query_terms(text))?;
        for (article, score) in self.best_passages(text, limit)? {
            *scores.entry(article).or_default() += PASSAGE_WEIGHT * score;
        }
        let mut ranked: Vec<RankedArticle> = scores
            .into_iter()
            .map(|(article, score)| RankedArticle { article_id: self.ids[article as usize].clone(), score })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.article_id.cmp(&b.article_id)));
        ranked.truncate(limit);
        Ok(ranked)
    }

    /// The query's words as the stemmed fields hold them, repeats kept (a repeated word weighs more).
    fn query_terms(&self, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.index.index.tokenizers().get(STEMMED) else { return Vec::new() };
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let joined = words.join(" ");
        let mut stream = analyzer.token_stream(&joined);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        terms
    }

    /// BM25 of whole articles: term frequencies summed over an article's passages (its title
    /// once, as every passage carries it), document frequencies counted in articles.
    fn article_bm25(&self, terms: &[String]) -> Result<HashMap<u32, Score>, SearchError> {
        let fields = &self.index.fields;
        let articles = self.ids.len() as f32;
        let mut scores: HashMap<u32, Score> = HashMap::new();
        for term in terms {
            let mut body_tf: HashMap<u32, f32> = HashMap::new();
            let mut title_tf: HashMap<u32, f32> = HashMap::new();
            for (segment, of_docs) in self.searcher.segment_readers().iter().zip(&self.articles_of_docs) {
                for (field, into) in [(fields.body, &mut body_tf), (fields.title, &mut title_tf)] {
                    let inverted = segment.inverted_index(field)?;
                    let term = Term::from_field_text(field, term);
                    let Some(mut postings) = inverted
                        .read_postings(&term, IndexRecordOption::WithFreqs)
                        .map_err(tantivy::TantivyError::from)?
                    else {
                        continue;
                    };
                    let is_title = field == fields.title;
                    let mut doc: DocId = postings.doc();
                    while doc != TERMINATED {
                        let article = of_docs[doc as usize];
                        if article != u32::MAX {
                            let tf = postings.term_freq() as f32;
                            let slot = into.entry(article).or_default();
                            // Every passage repeats the title: count it once.
                            *slot = if is_title { slot.max(tf) } else { *slot + tf };
                        }
                        doc = postings.advance();
                    }
                }
            }
            for (&article, &tf) in &title_tf {
                *body_tf.entry(article).or_default() += TITLE_WEIGHT * tf;
            }
            let df = body_tf.len() as f32;
            let idf = (1.0 + (articles - df + 0.5) / (df + 0.5)).ln();
            for (article, tf) in body_tf {
                let a = article as usize;
                let length = self.body_lengths[a] + TITLE_WEIGHT * self.title_lengths[a];
                let norm = K1 * (1.0 - B + B * length / self.average_length);
                *scores.entry(article).or_default() += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        Ok(scores)
    }

    /// Each article's best passage score among the top passages of the literal query.
    fn best_passages(&self, text: &str, limit: usize) -> Result<HashMap<u32, Score>, SearchError> {
        let plan = match query::build(self.index, text, true, &Filters::default()) {
            Ok(plan) => plan,
            // Nothing but punctuation or stop words: no passage evidence.
            Err(_) => return Ok(HashMap::new()),
        };
        let fetch = limit.saturating_mul(PASSAGES_PER_ARTICLE).max(1);
        let top = self.searcher.search(&*plan.query, &TopDocs::with_limit(fetch).order_by_score())?;
        let mut best: HashMap<u32, Score> = HashMap::new();
        for (score, address) in top {
            let article = self.articles_of_docs[address.segment_ord as usize][address.doc_id as usize];
            if article != u32::MAX {
                let slot = best.entry(article).or_default();
                *slot = slot.max(score);
            }
        }
        Ok(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Passage};

    fn article(id: &str, title: &str, passages: &[&str]) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            source: None,
            date: None,
            entities: Vec::new(),
            passages: passages.iter().map(|t| Passage { text: t.to_string(), continues: false }).collect(),
            path: None,
            url: None,
            authors: Vec::new(),
            labels: Default::default(),
            simhash: None,
        }
    }

    fn ranked(articles: &[Article], query: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let writer = crate::index::ArticleWriter::new(&index, 1, 15_000_000).unwrap();
        for a in articles {
            writer.add(a).unwrap();
        }
        writer.finish().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let ranker = ArticleRanker::new(&index, &searcher).unwrap();
        assert_eq!(ranker.articles(), articles.len());
        ranker.rank(query, 10).unwrap().into_iter().map(|r| r.article_id).collect()
    }

    #[test]
    fn words_spread_over_passages_count_for_the_article() {
        let articles = [
            article("spread", "Port news", &["The seawall was raised.", "The typhoon passed."]),
            article("one", "Port news", &["The seawall was raised again.", "Fishing resumed."]),
            article("none", "Markets", &["Shares rose.", "Bonds fell."]),
        ];
        assert_eq!(ranked(&articles, "seawall typhoon"), ["spread", "one"]);
    }

    #[test]
    fn a_title_match_weighs_more_than_a_body_match() {
        let articles = [
            article("body", "Harbour report", &["A typhoon is coming to the coast today."]),
            article("title", "Typhoon report", &["A storm is coming to the coast today."]),
        ];
        assert_eq!(ranked(&articles, "typhoon"), ["title", "body"]);
    }

    #[test]
    fn stop_words_and_punctuation_alone_find_nothing() {
        let articles = [article("a", "The title", &["Of the text."])];
        assert!(ranked(&articles, "the of ...").is_empty());
    }
}
