//! `newsdex bench` and `newsdex optimize` on the bundled corpus: what they report and do (their
//! speed is measured by scripts/bench.py, never here).

mod common;

use common::{index_corpus, newsdex, repo_path};
use serde_json::Value;

#[test]
fn bench_reports_percentiles_per_kind_of_the_shipped_query_file() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    index_corpus(&index, &[]);
    let out = newsdex(&index)
        .args(["bench", "--runs", "2", "--json", "--queries"])
        .arg(repo_path("bench/queries.tsv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<(&str, u64, u64)> = report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (k["kind"].as_str().unwrap(), k["queries"].as_u64().unwrap(), k["samples"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("term", 8, 16),
            ("multi-term", 8, 16),
            ("phrase", 8, 16),
            ("boolean", 8, 16),
            ("filtered", 8, 16),
            ("sorted", 8, 16)
        ]
    );
    assert_eq!((report["all"]["queries"].as_u64(), report["all"]["samples"].as_u64()), (Some(48), Some(96)));
    for row in report["kinds"].as_array().unwrap().iter().chain([&report["all"]]) {
        let ms = |key: &str| row[key].as_f64().unwrap();
        assert!(0.0 < ms("p50_ms") && ms("p50_ms") <= ms("p95_ms"), "{row}");
        assert!(ms("p95_ms") <= ms("p99_ms") && ms("p99_ms") <= ms("max_ms"), "{row}");
    }
}

#[test]
fn bench_prints_a_table_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    index_corpus(&index, &[]);
    let queries = dir.path().join("q.tsv");
    std::fs::write(&queries, "term\tstorm\nphrase\t\"storm surge\"\t--sort date\n").unwrap();
    let out = newsdex(&index).args(["bench", "--runs", "1", "--queries"]).arg(&queries).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows.iter().map(|r| (r[0], r[1], r[2])).collect::<Vec<_>>(),
        [("term", "1", "1"), ("phrase", "1", "1"), ("all", "2", "2")]
    );
    // The corpus has both words: each run returns hits.
    assert!(rows.iter().all(|r| r[7].parse::<f64>().unwrap() > 0.0), "{text}");
}

#[test]
fn a_bad_query_file_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    index_corpus(&index, &[]);
    let queries = dir.path().join("q.tsv");
    std::fs::write(&queries, "term\tstorm\nphrase \"storm surge\"\n").unwrap();
    let out = newsdex(&index).args(["bench", "--queries"]).arg(&queries).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        format!("newsdex: {}:2: expected KIND<TAB>QUERY[<TAB>FLAGS]", queries.display())
    );

    std::fs::write(&queries, "# nothing but comments\n").unwrap();
    let out = newsdex(&index).args(["bench", "--queries"]).arg(&queries).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no queries"));
}

fn segments(index: &std::path::Path) -> usize {
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(index.join("meta.json")).unwrap()).unwrap();
    meta["segments"].as_array().unwrap().len()
}

#[test]
fn optimize_merges_into_one_segment_and_keeps_every_result() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    // A run into an index that is not empty keeps its segments (a new index is left merged):
    // with a commit every 4 articles, several.
    let first = common::repo_path("corpus/2024-07-30-ap-park-harada-table-tennis.txt");
    assert!(newsdex(&index).arg("index").arg(first).output().unwrap().status.success());
    index_corpus(&index, &["--commit-every", "4"]);
    let before_segments = segments(&index);
    assert!(before_segments > 1, "{before_segments} segments");
    let query = |index: &std::path::Path| {
        let out = newsdex(index).args(["query", "--json", "-n", "50", "storm OR Busan"]).output().unwrap();
        common::json_lines(&out.stdout)
            .into_iter()
            .map(|hit| (hit["article_id"].as_str().unwrap().to_string(), hit["passage"].as_u64().unwrap()))
            .collect::<Vec<_>>()
    };
    let before = query(&index);
    assert!(!before.is_empty());

    let out = newsdex(&index).arg("optimize").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(segments(&index), 1);
    // The merged-away segments' files are gone, not just forgotten.
    let stores = std::fs::read_dir(&index)
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().path().extension().is_some_and(|e| e == "store"))
        .count();
    assert_eq!(stores, 1);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.starts_with(&format!("{n} of {n} segments merged into one, 1 left, in ", n = before_segments)),
        "{said}"
    );
    let mut after = query(&index);
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after);
    let stats = newsdex(&index).args(["stats", "--json"]).output().unwrap();
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!((stats["articles"].as_u64(), stats["passages"].as_u64()), (Some(20), Some(74)));

    let again = newsdex(&index).arg("optimize").output().unwrap();
    assert!(again.status.success());
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        "nothing to merge: 1 segment(s), no deleted articles\n"
    );
}

#[test]
fn optimize_needs_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = newsdex(&dir.path().join("none")).arg("optimize").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index at"));
}
