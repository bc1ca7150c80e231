//! Measuring ranking quality on judged test collections, the way the IR field does: topics are
//! run as the literal queries users run (`newsdex query --literal -n 1000`: the same search
//! function, so the same order and scores), the ranked articles are written as a TREC run file
//! and scored against TREC relevance judgements (qrels) with trec_eval's measures ([`metrics`]).
//!
//! Files: topics are `qid TAB query` lines; qrels are `qid 0 docid grade` lines; a run has
//! `qid Q0 docid rank score tag` lines.

pub mod metrics;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tantivy::Searcher;

use crate::index::NewsIndex;
use crate::search::{NewsSearcher, SearchError, SearchRequest, search};
use metrics::Judgements;

/// Articles retrieved per topic, as in TREC runs.
pub const RUN_DEPTH: usize = 1000;
/// The run's tag (its last column).
pub const RUN_TAG: &str = "newsdex";

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, io::Error),
    #[error("{path}:{line}: {what}")]
    Format { path: PathBuf, line: usize, what: String },
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// One topic: its id and its query.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: String,
    pub query: String,
}

/// Reads `qid TAB query` lines; blank lines are skipped.
pub fn read_topics(path: &Path) -> Result<Vec<Topic>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Read(path.to_path_buf(), e))?;
    let mut topics = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, query)) = line.split_once('\t') else {
            return Err(format_error(path, i, "expected `topic-id TAB query`"));
        };
        topics.push(Topic { id: id.trim().to_string(), query: query.trim().to_string() });
    }
    Ok(topics)
}

/// Reads TREC qrels (`qid iteration docid grade`), topic → judgements.
pub fn read_qrels(path: &Path) -> Result<BTreeMap<String, Judgements>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Read(path.to_path_buf(), e))?;
    let mut qrels: BTreeMap<String, Judgements> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields[..] {
            [] => continue,
            [topic, _, doc, grade] => {
                let grade = grade.parse().map_err(|_| format_error(path, i, "the grade is not a number"))?;
                qrels.entry(topic.to_string()).or_default().insert(doc.to_string(), grade);
            }
            _ => return Err(format_error(path, i, "expected `topic-id 0 doc-id grade`")),
        }
    }
    Ok(qrels)
}

fn format_error(path: &Path, index: usize, what: &str) -> EvalError {
    EvalError::Format { path: path.to_path_buf(), line: index + 1, what: what.to_string() }
}

/// Runs every topic as a literal query and returns topic → the top [`RUN_DEPTH`] articles with
/// their scores as the run file writes them (rounded, so that measures computed here and by
/// trec_eval on the file agree). A topic of only stop words or punctuation retrieves nothing.
pub fn run_topics(
    index: &NewsIndex,
    searcher: &NewsSearcher,
    topics: &[Topic],
) -> Result<HashMap<String, Vec<(String, f64)>>, EvalError> {
    let mut run = HashMap::new();
    for topic in topics {
        let request = SearchRequest {
            query: topic.query.clone(),
            literal: true,
            limit: RUN_DEPTH,

            ..SearchRequest::default()
        };
        let hits = match search(index, searcher, &request) {
            Ok(results) => results.hits,
            Err(SearchError::Query(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let scored = hits.into_iter().map(|hit| (hit.article.article_id, round_score(hit.score))).collect();
        run.insert(topic.id.clone(), scored);
    }
    Ok(run)
}

/// The id of every article in the index.
pub fn article_ids(index: &NewsIndex, searcher: &Searcher) -> Result<Vec<String>, EvalError> {
    let mut ids = Vec::new();
    let field = searcher.schema().get_field_name(index.fields.article_id).to_string();
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().str(&field).map_err(|e| EvalError::Search(e.into()))?;
        let Some(column) = column else { continue };
        for doc in segment.doc_ids_alive() {
            for ordinal in column.term_ords(doc) {
                let mut id = String::new();
                if column
                    .ord_to_str(ordinal, &mut id)
                    .map_err(|e| EvalError::Search(tantivy::TantivyError::from(e).into()))?
                {
                    ids.push(id);
                }
            }
        }
    }
    Ok(ids)
}

/// Scores as the run file holds them: 6 decimals.
fn round_score(score: f32) -> f64 {
    format!("{score:.6}").parse().unwrap_or(0.0)
}

/// Writes a run in TREC format, topics in the order given, each in trec_eval's ranking order.
pub fn write_run(
    out: &mut impl Write,
    topics: &[Topic],
    run: &HashMap<String, Vec<(String, f64)>>,
) -> io::Result<()> {
    for topic in topics {
        let mut ranking = run.get(&topic.id).cloned().unwrap_or_default();
        metrics::trec_order(&mut ranking);
        for (rank, (id, score)) in ranking.iter().enumerate() {
            writeln!(out, "{} Q0 {id} {} {score:.6} {RUN_TAG}", topic.id, rank + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn topics_and_qrels_are_read_and_bad_lines_pointed_at() {
        let topics = read_topics(file("1\tstorm surge\n\n2\tBusan seawall\n").path()).unwrap();
        assert_eq!(topics[1], Topic { id: "2".into(), query: "Busan seawall".into() });
        let qrels = read_qrels(file("1 0 doc-a 1\n1 0 doc-b 0\n2 0 doc-c 2\n").path()).unwrap();
        assert_eq!(qrels["1"]["doc-b"], 0);
        assert_eq!(qrels["2"]["doc-c"], 2);
        let bad = file("1 0 doc-a 1\n1 0 doc-b\n");
        let err = read_qrels(bad.path()).unwrap_err().to_string();
        assert_eq!(err, format!("{}:2: expected `topic-id 0 doc-id grade`", bad.path().display()));
        assert!(
            read_topics(file("no tab here\n").path())
                .unwrap_err()
                .to_string()
                .ends_with(":1: expected `topic-id TAB query`")
        );
    }

    #[test]
    fn runs_are_written_in_trec_order_with_ranks() {
        let topics = [Topic { id: "7".into(), query: String::new() }];
        let run = HashMap::from([(
            "7".to_string(),
            vec![("a".to_string(), 1.5), ("b".to_string(), 2.25), ("c".to_string(), 1.5)],
        )]);
        let mut out = Vec::new();
        write_run(&mut out, &topics, &run).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "7 Q0 b 1 2.250000 newsdex\n7 Q0 c 2 1.500000 newsdex\n7 Q0 a 3 1.500000 newsdex\n"
        );
    }
}
