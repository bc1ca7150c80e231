//! `newsdex eval` end to end: on a small judged collection written here, its measures must equal
//! those of the shared reference scorer (`../shared/tools/ireval.py`) on the run file it wrote,
//! and a run made of `newsdex query --literal --json -n 1000` answers must rank the same; on the
//! TIME collection, MAP through that query path must reach its target.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command as Process;

use common::{newsdex, shared};

const DOCS: &str = r#"{"id": "d1", "title": "Typhoon floods Busan harbour", "text": "A typhoon drove the sea over the harbour wall in Busan. Fishing boats sank at their moorings."}
{"id": "d2", "title": "Busan counts the cost", "text": "Shop owners near the harbour said the flood was the worst in decades. The typhoon season is not over."}
{"id": "d3", "title": "Table tennis final", "text": "Park won the table tennis final in four games and dedicated the medal to her home town."}
{"id": "d4", "title": "Markets", "text": "Shares in shipping companies fell after the storm closed the port for two days."}
{"id": "d5", "title": "Weather", "text": "Rain is expected across the south coast on Friday, with strong winds at sea."}
{"id": "d6", "title": "Olympic table tennis", "text": "The table tennis team event starts on Monday; the coach named her squad."}
"#;
const TOPICS: &str =
    "1\tTyphoon harbour flood\n2\ttable tennis medal\n3\tport closed by storm\n4\tvolcano eruption\n";
// Topic 1's grades rank d2 above d1, which newsdex puts first; topic 2's first hit is judged not
// relevant; topic 3's relevant d5 is never retrieved; topic 4 has no relevant document and is not
// averaged.
const QRELS: &str = "1 0 d1 1\n1 0 d2 2\n1 0 d4 0\n2 0 d3 0\n2 0 d6 1\n3 0 d4 1\n3 0 d5 1\n4 0 d1 0\n";

fn write_collection(dir: &Path) {
    std::fs::write(dir.join("docs.jsonl"), DOCS).unwrap();
    std::fs::write(dir.join("topics.tsv"), TOPICS).unwrap();
    std::fs::write(dir.join("qrels.txt"), QRELS).unwrap();
}

fn eval_args(dir: &Path) -> Vec<String> {
    let path = |name: &str| dir.join(name).display().to_string();
    ["eval", "--docs", &path("docs.jsonl"), "--topics", &path("topics.tsv"), "--qrels", &path("qrels.txt")]
        .map(String::from)
        .to_vec()
}

/// The reference scorer's `name=value` pairs, or `None` when it cannot run here.
fn reference(qrels: &Path, run: &Path, test: &str) -> Option<Vec<(String, String)>> {
    let script = shared(test)?.join("tools/ireval.py");
    let out = match Process::new("python3").arg(&script).arg(qrels).arg(run).output() {
        Ok(out) if out.status.success() => out,
        _ => {
            eprintln!("SKIPPED {test}: python3 {} did not run", script.display());
            return None;
        }
    };
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().last().unwrap().to_string();
    Some(
        line.split_whitespace()
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.into(), v.into()))
            .collect(),
    )
}

#[test]
fn measures_equal_the_reference_scorer_on_the_run_written() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let run = dir.path().join("run.txt");
    let out = newsdex(&dir.path().join("index"))
        .args(eval_args(dir.path()))
        .arg("--run")
        .arg(&run)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let measured: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((measured["articles"].as_u64(), measured["topics"].as_u64()), (Some(6), Some(3)));
    assert_eq!(measured["topics_run"], 4);

    let run_text = std::fs::read_to_string(&run).unwrap();
    let first = run_text.lines().next().unwrap();
    assert!(first.starts_with("1 Q0 d1 1 ") && first.ends_with(" newsdex"), "{first}");
    assert!(!run_text.lines().any(|l| l.starts_with("4 ")), "nothing matches topic 4:\n{run_text}");

    let Some(expected) = reference(&dir.path().join("qrels.txt"), &run, "eval_matches_ireval") else {
        return;
    };
    let names = [
        ("num_q", "topics"),
        ("map", "map"),
        ("ndcg_cut_10", "ndcg_cut_10"),
        ("P_10", "P_10"),
        ("recall_1000", "recall_1000"),
    ];
    for (theirs, ours) in names {
        let value = &expected.iter().find(|(k, _)| k == theirs).unwrap().1;
        let mine = measured[ours].as_f64().unwrap();
        let mine = if theirs == "num_q" { format!("{mine}") } else { format!("{mine:.4}") };
        assert_eq!(&mine, value, "{theirs}");
    }
}

#[test]
fn the_default_index_lives_in_the_temporary_directory_and_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let temp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = common::newsdex_default_index();
        cmd.env("TMPDIR", temp.path()).args(eval_args(dir.path())).args(extra);
        cmd.output().unwrap()
    };
    let first = run(&[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.starts_with("6 articles, 3 judged topics (4 run)\nMAP          "), "{text}");
    let made: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].file_name().unwrap().to_string_lossy().starts_with("newsdex-eval-"));
    assert!(text.contains(&format!("run: {}", made[0].join("run.txt").display())), "{text}");

    // Reused: a second run finds the same directory complete and measures the same.
    let second = run(&[]);
    assert_eq!(String::from_utf8(second.stdout).unwrap(), text);
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 1);
}

#[test]
fn a_map_below_the_minimum_exits_1_and_bad_qrels_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let index = dir.path().join("index");
    let out = newsdex(&index).args(eval_args(dir.path())).args(["--min-map", "1.01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a gate not met is exit 1, as in `ner eval --min-f1`");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is below --min-map 1.01"));

    std::fs::write(dir.path().join("qrels.txt"), "1 0 d1\n").unwrap();
    let out = newsdex(&index).args(eval_args(dir.path())).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.trim_end().ends_with("qrels.txt:1: expected `topic-id 0 doc-id grade`"), "{err}");
}

#[test]
fn judged_ids_missing_from_the_index_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    std::fs::write(dir.path().join("qrels.txt"), "1 0 D1 1\n1 0 d2 1\n").unwrap();
    let out = newsdex(&dir.path().join("index")).args(eval_args(dir.path())).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 of 2 relevant documents in") && err.contains("do the ids match?"), "{err}");
}

/// Builds a TREC run the way a user would: one `newsdex query --literal --json -n 1000` per topic,
/// each hit's article id and score in rank order.
fn run_from_query(index: &Path, topics: &Path, out: &Path) {
    let mut run = String::new();
    for line in std::fs::read_to_string(topics).unwrap().lines() {
        let Some((id, query)) = line.split_once('\t') else { continue };
        let hits =
            newsdex(index).args(["query", "--literal", "--json", "-n", "1000", query]).output().unwrap();
        assert!(matches!(hits.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&hits.stderr));
        for hit in common::json_lines(&hits.stdout) {
            let (rank, article, score) = (&hit["rank"], hit["article_id"].as_str().unwrap(), &hit["score"]);
            run.push_str(&format!("{id} Q0 {article} {rank} {:.6} query\n", score.as_f64().unwrap()));
        }
    }
    std::fs::write(out, run).unwrap();
}

/// Each topic's articles with their scores, and whether the file lists each topic's scores in
/// descending order.
fn run_scores(run: &Path) -> (BTreeMap<(String, String), f64>, bool) {
    let text = std::fs::read_to_string(run).unwrap();
    let mut scores = BTreeMap::new();
    let mut descending = true;
    let mut last: Option<(String, f64)> = None;
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (topic, score) = (fields[0].to_string(), fields[4].parse::<f64>().unwrap());
        if let Some((last_topic, last_score)) = &last {
            descending &= last_topic != &topic || *last_score >= score;
        }
        assert!(scores.insert((topic.clone(), fields[2].to_string()), score).is_none(), "{line}");
        last = Some((topic, score));
    }
    (scores, descending)
}

/// Two runs hold the same articles for each topic with the same scores (to an f32's precision
/// and the run file's 6 decimals), each ranked by score: trec_eval reads them as one ranking.
fn assert_same_ranking(ours: &Path, theirs: &Path) {
    let ((mine, my_order), (expected, their_order)) = (run_scores(ours), run_scores(theirs));
    assert!(my_order && their_order, "both runs are ranked by score");
    assert_eq!(mine.len(), expected.len(), "the same number of (topic, article) lines");
    for (key, score) in &expected {
        let found = mine.get(key).unwrap_or_else(|| panic!("{key:?} missing from {}", ours.display()));
        // An f32's precision (about 1.2e-7 of its value; JSON prints its shortest form) and the
        // file's rounding to 6 decimals.
        assert!((found - score).abs() <= 1e-6 + 2.4e-7 * score.abs(), "{key:?}: {found} against {score}");
    }
}

/// `eval --run A` and a run made of `query --literal --json -n 1000` answers rank the same
/// articles with the same scores, so the reference scorer gives both the same MAP.
fn eval_equals_query_path(dir: &Path, docs: &Path, topics: &Path, qrels: &Path, test: &str) -> Option<f64> {
    let index = dir.join("index");
    let eval_run = dir.join("eval-run.txt");
    let out = newsdex(&index)
        .arg("eval")
        .arg("--docs")
        .arg(docs)
        .arg("--topics")
        .arg(topics)
        .arg("--qrels")
        .arg(qrels)
        .arg("--run")
        .arg(&eval_run)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let measured: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let query_run = dir.join("query-run.txt");
    run_from_query(&index, topics, &query_run);
    assert_same_ranking(&query_run, &eval_run);

    let theirs = reference(qrels, &query_run, test)?;
    let map = &theirs.iter().find(|(k, _)| k == "map").unwrap().1;
    let eval_map = measured["map"].as_f64().unwrap();
    assert_eq!(map, &format!("{eval_map:.4}"), "ireval.py on the query run against eval's MAP");
    Some(eval_map)
}

#[test]
fn eval_ranks_as_query_literal_does() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let path = |name: &str| dir.path().join(name);
    eval_equals_query_path(
        dir.path(),
        &path("docs.jsonl"),
        &path("topics.tsv"),
        &path("qrels.txt"),
        "eval_ranks_as_query_literal_does",
    );
}

#[test]
fn time_collection_map_through_query_reaches_its_target() {
    let test = "time_collection_map_through_query_reaches_its_target";
    let Some(shared) = shared(test) else { return };
    let ir = shared.join("eval/ir/time");
    let dir = tempfile::tempdir().unwrap();
    let files = (ir.join("docs.jsonl"), ir.join("topics.tsv"), ir.join("qrels.txt"));
    let Some(map) = eval_equals_query_path(dir.path(), &files.0, &files.1, &files.2, test) else { return };
    // Lucene BM25 scores 0.6478 here; the target is 0.667 (Lucene + 3%); measured 0.6710.
    assert!(map >= 0.667, "TIME MAP {map:.4} fell below 0.667");
}

#[test]
fn an_index_named_with_index_is_used_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let index = dir.path().join("given");
    let two: String = DOCS.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.path().join("two.jsonl"), two).unwrap();
    assert!(
        newsdex(&index).arg("index").arg(dir.path().join("two.jsonl")).output().unwrap().status.success()
    );
    let out = newsdex(&index).args(eval_args(dir.path())).arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let measured: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(measured["articles"], 2);
    assert_eq!(measured["run"].as_str().unwrap(), index.join("run.txt").display().to_string());
}
