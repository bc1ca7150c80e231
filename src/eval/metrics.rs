//! Ranked-retrieval measures with trec_eval's conventions, so that figures compare with published
//! ones: documents ranked by score, ties broken by document id in descending order; relevant means
//! a judgement of 1 or more; every topic with a relevant document counts, retrieved or not.
//! Written here because no well-kept Rust crate computes trec_eval's measures.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

/// Judgements of one topic: document id → relevance grade.
pub type Judgements = HashMap<String, i32>;

/// The measures of one topic, or their means over topics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Measures {
    /// Average precision (its mean over topics is MAP).
    pub map: f64,
    /// nDCG over the first 10 documents, graded gains, ideal from every judged document
    /// (trec_eval's `ndcg_cut_10`).
    pub ndcg_cut_10: f64,
    #[serde(rename = "P_10")]
    pub p_10: f64,
    pub recall_1000: f64,
}

/// Means over the judged topics, and each topic's measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Topics with at least one relevant document: the ones averaged over.
    pub topics: usize,
    pub means: Measures,
    pub per_topic: BTreeMap<String, Measures>,
}

/// Orders a topic's retrieved documents as trec_eval does: score descending, then id descending.
pub fn trec_order(ranking: &mut [(String, f64)]) {
    ranking.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
}

/// The measures of one topic for its retrieved documents (in any order: they are put in trec_eval's).
pub fn measure_topic(judged: &Judgements, retrieved: &[(String, f64)]) -> Measures {
    let mut ranking = retrieved.to_vec();
    trec_order(&mut ranking);
    let is_relevant = |id: &str| judged.get(id).is_some_and(|&grade| grade >= 1);
    let relevant = judged.values().filter(|&&grade| grade >= 1).count();
    if relevant == 0 {
        return Measures::default();
    }
    let mut found = 0usize;
    let mut precision_sum = 0.0;
    for (i, (id, _)) in ranking.iter().enumerate() {
        if is_relevant(id) {
            found += 1;
            precision_sum += found as f64 / (i + 1) as f64;
        }
    }
    let gain = |grade: i32| f64::from(grade.max(0));
    let discount = |i: usize| ((i + 2) as f64).log2();
    let dcg: f64 = ranking
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, (id, _))| gain(judged.get(id).copied().unwrap_or(0)) / discount(i))
        .sum();
    let mut ideal: Vec<i32> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg: f64 = ideal.iter().take(10).enumerate().map(|(i, &g)| gain(g) / discount(i)).sum();
    let relevant_in = |n: usize| ranking.iter().take(n).filter(|(id, _)| is_relevant(id)).count() as f64;
    Measures {
        map: precision_sum / relevant as f64,
        ndcg_cut_10: if ideal_dcg > 0.0 { dcg / ideal_dcg } else { 0.0 },
        p_10: relevant_in(10) / 10.0,
        recall_1000: relevant_in(1000) / relevant as f64,
    }
}

/// Evaluates a run (topic → retrieved documents with scores) against judgements (topic →
/// judgements). Topics without a relevant document are left out; judged topics the run lacks
/// score 0.
pub fn evaluate(
    qrels: &BTreeMap<String, Judgements>,
    run: &HashMap<String, Vec<(String, f64)>>,
) -> Evaluation {
    let per_topic: BTreeMap<String, Measures> = qrels
        .iter()
        .filter(|(_, judged)| judged.values().any(|&grade| grade >= 1))
        .map(|(topic, judged)| {
            let retrieved = run.get(topic).map(Vec::as_slice).unwrap_or_default();
            (topic.clone(), measure_topic(judged, retrieved))
        })
        .collect();
    let n = per_topic.len().max(1) as f64;
    let mean = |get: fn(&Measures) -> f64| per_topic.values().map(get).sum::<f64>() / n;
    let means = Measures {
        map: mean(|m| m.map),
        ndcg_cut_10: mean(|m| m.ndcg_cut_10),
        p_10: mean(|m| m.p_10),
        recall_1000: mean(|m| m.recall_1000),
    };
    Evaluation { topics: per_topic.len(), means, per_topic }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i32)]) -> Judgements {
        pairs.iter().map(|&(id, grade)| (id.to_string(), grade)).collect()
    }

    fn run(ids: &[&str]) -> Vec<(String, f64)> {
        // Descending scores in the order given.
        ids.iter().enumerate().map(|(i, id)| (id.to_string(), 100.0 - i as f64)).collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn average_precision_counts_unretrieved_relevant_documents() {
        // Relevant: a, c, e (e never retrieved). Precision at a: 1/1, at c: 2/3.
        let m =
            measure_topic(&judged(&[("a", 1), ("c", 1), ("e", 1), ("b", 0)]), &run(&["a", "b", "c", "d"]));
        close(m.map, (1.0 + 2.0 / 3.0) / 3.0);
        close(m.p_10, 0.2);
        close(m.recall_1000, 2.0 / 3.0);
    }

    #[test]
    fn ndcg_uses_graded_gains_and_the_ideal_of_every_judged_document() {
        // Gains 1 at rank 1 and 2 at rank 3; ideal 2, 1.
        let m = measure_topic(&judged(&[("a", 1), ("c", 2), ("x", 0)]), &run(&["a", "b", "c"]));
        let dcg = 1.0 + 2.0 / 4f64.log2();
        let ideal = 2.0 + 1.0 / 3f64.log2();
        close(m.ndcg_cut_10, dcg / ideal);
    }

    #[test]
    fn ties_are_broken_by_id_descending() {
        // Equal scores: "b" ranks before "a", so the relevant "a" is second.
        let tied = vec![("a".to_string(), 1.0), ("b".to_string(), 1.0)];
        close(measure_topic(&judged(&[("a", 1)]), &tied).map, 0.5);
    }

    #[test]
    fn only_the_first_ten_count_for_precision_at_ten() {
        let ids: Vec<String> = (0..12).map(|i| format!("d{i:02}")).collect();
        let ranking: Vec<&str> = ids.iter().map(String::as_str).collect();
        let m = measure_topic(&judged(&[("d00", 1), ("d11", 1)]), &run(&ranking));
        close(m.p_10, 0.1);
        close(m.recall_1000, 1.0);
        close(m.map, (1.0 + 2.0 / 12.0) / 2.0);
    }

    #[test]
    fn means_cover_every_judged_topic_and_skip_topics_without_relevant_documents() {
        let qrels = BTreeMap::from([
            ("1".to_string(), judged(&[("a", 1)])),
            ("2".to_string(), judged(&[("b", 1)])),
            ("3".to_string(), judged(&[("c", 0)])),
        ]);
        let run = HashMap::from([("1".to_string(), run(&["a"]))]);
        let evaluation = evaluate(&qrels, &run);
        assert_eq!(evaluation.topics, 2);
        close(evaluation.means.map, 0.5);
        close(evaluation.per_topic["2"].map, 0.0);
    }
}
