//! `newsdex eval` end to end: on a small judged collection written here, its measures must equal
//! those of the shared reference scorer (`../shared/tools/ireval.py`) on the run file it wrote;
//! on the TIME collection, MAP must stay at the level measured for the README.

mod common;

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
        let mut cmd = newsdex(Path::new("index"));
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
fn a_map_below_the_minimum_exits_2_and_bad_qrels_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    write_collection(dir.path());
    let index = dir.path().join("index");
    let out = newsdex(&index).args(eval_args(dir.path())).args(["--min-map", "1.01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
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

#[test]
fn time_collection_map_holds_its_measured_level() {
    let Some(shared) = shared("time_collection_map_holds_its_measured_level") else { return };
    let ir = shared.join("eval/ir/time");
    let dir = tempfile::tempdir().unwrap();
    let out = newsdex(&dir.path().join("index"))
        .arg("eval")
        .arg("--docs")
        .arg(ir.join("docs.jsonl"))
        .arg("--topics")
        .arg(ir.join("topics.tsv"))
        .arg("--qrels")
        .arg(ir.join("qrels.txt"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let measured: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((measured["articles"].as_u64(), measured["topics"].as_u64()), (Some(423), Some(79)));
    let map = measured["map"].as_f64().unwrap();
    // Lucene BM25 scores 0.6478 here; newsdex measured 0.6606 (the issue's target, 0.667, is not reached).
    assert!(map >= 0.66, "TIME MAP {map:.4} fell below 0.66");
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
