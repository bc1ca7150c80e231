//! The command line as a user meets it, on the bundled corpus and on small inputs made here.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{index_corpus, json_lines, newsdex, repo_path};
use predicates::prelude::*;

/// File names (not paths) of the articles hit, for readable assertions.
fn hit_files(hits: &[serde_json::Value]) -> BTreeSet<String> {
    hits.iter()
        .map(|h| Path::new(h["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn query_json(index: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = newsdex(index).arg("query").arg("--json").args(args).output().unwrap();
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{out:?}");
    json_lines(&out.stdout)
}

#[test]
fn the_corpus_indexes_completely() {
    let dir = tempfile::tempdir().unwrap();
    let summary = index_corpus(dir.path(), &[]);
    assert_eq!(summary["files"], 20);
    assert_eq!(summary["articles"], 20);
    assert_eq!(summary["skipped"], 0);
    assert!(summary["passages"].as_u64().unwrap() > 40, "{summary}");
}

#[test]
fn a_phrase_matches_and_marks_only_the_exact_words() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let hits = query_json(dir.path(), &[r#""storm surge""#, "-n", "50"]);
    assert_eq!(
        hit_files(&hits),
        BTreeSet::from(
            [
                "2024-08-02-yonhap-busan-dallim-evacuation.txt",
                "2024-08-03-upi-busan-dallim-storm-surge.txt",
                "2024-08-03-reuters-busan-port-shutdown.txt",
                "2024-08-06-ap-geneva-storm-surge-warning-fund.txt",
                "2024-08-05-afp-geneva-coastal-summit.txt",
                "2024-08-09-ap-busan-dallim-cleanup.txt",
                "opinion-busan-seawalls-last-century.txt",
            ]
            .map(String::from)
        )
    );
    for hit in &hits {
        let text = hit["text"].as_str().unwrap();
        for range in hit["highlights"].as_array().unwrap() {
            let (start, end) = (range[0].as_u64().unwrap() as usize, range[1].as_u64().unwrap() as usize);
            assert_eq!(text[start..end].to_lowercase(), "storm surge", "{hit}");
        }
    }
    let keywords = query_json(dir.path(), &["storm surge", "-n", "50"]);
    assert!(hit_files(&keywords).len() > hits.len(), "keywords match more articles than the phrase");
}

#[test]
fn keywords_match_every_inflection() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let hits = query_json(dir.path(), &["flood", "-n", "50"]);
    assert!(hit_files(&hits).contains("2024-08-01-afp-manila-typhoon-noeul-rains.txt"));
    let marked: BTreeSet<String> = hits
        .iter()
        .flat_map(|h| {
            let text = h["text"].as_str().unwrap().to_string();
            h["highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |r| {
                    text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_lowercase()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        marked.is_subset(&BTreeSet::from(["flood", "floods", "flooded", "flooding"].map(String::from))),
        "{marked:?}"
    );
    assert!(marked.len() >= 3, "{marked:?}");
}

#[test]
fn json_hits_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let hits = query_json(dir.path(), &["typhoon", "-n", "3"]);
    assert_eq!(hits.len(), 3);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"], i + 1);
        for key in
            ["score", "article_id", "passage", "title", "source", "date", "date_precision", "text", "snippet"]
        {
            assert!(hit.get(key).is_some(), "missing {key}: {hit}");
        }
        for kind in ["person", "org", "location", "misc"] {
            assert!(hit["entities"][kind].is_array(), "{hit}");
        }
        assert!(hit["snippet"].as_str().unwrap().contains("<mark>"), "{hit}");
        assert!(Path::new(hit["path"].as_str().unwrap()).is_absolute());
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn sources_and_dates_come_from_datelines_and_unknown_stays_unknown() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let upi = query_json(dir.path(), &["storm", "--source", "UPI", "-n", "50"]);
    assert!(!upi.is_empty());
    assert!(upi.iter().all(|h| h["source"] == "UPI"), "{upi:?}");
    let storm_surge = upi
        .iter()
        .find(|h| h["path"].as_str().unwrap().ends_with("upi-busan-dallim-storm-surge.txt"))
        .unwrap();
    assert_eq!(storm_surge["date"], serde_json::Value::Null);
    assert_eq!(storm_surge["date_precision"], "month-day");
    assert_eq!(storm_surge["date_text"], "--08-03");

    let unknown = query_json(dir.path(), &["Hanbit", "--source", "unknown", "-n", "50"]);
    assert_eq!(
        hit_files(&unknown),
        BTreeSet::from(["blog-holding-hanbit-shares-through-the-storm.txt".to_string()])
    );
    assert_eq!(unknown[0]["source"], serde_json::Value::Null);
}

#[test]
fn date_filters_leave_out_unknown_years_unless_a_default_year_is_given() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let dated =
        query_json(dir.path(), &["Noeul", "--since", "2024-08-01", "--until", "2024-08-03", "-n", "50"]);
    assert!(dated.iter().all(|h| h["date_precision"] == "day"), "{dated:?}");
    assert!(hit_files(&dated).contains("2024-08-01-afp-manila-typhoon-noeul-rains.txt"));
    assert!(!hit_files(&dated).contains("2024-08-03-upi-busan-dallim-storm-surge.txt"));
    let with_undated = query_json(
        dir.path(),
        &["Noeul", "--since", "2024-08-01", "--until", "2024-08-03", "--keep-undated", "-n", "50"],
    );
    assert!(hit_files(&with_undated).is_superset(&hit_files(&dated)));
    assert!(hit_files(&with_undated).contains("2024-08-03-upi-busan-dallim-storm-surge.txt"));
    assert!(
        with_undated.iter().all(|h| h["date_precision"] == "day" || h["date"].is_null()),
        "{with_undated:?}"
    );

    let assumed = tempfile::tempdir().unwrap();
    index_corpus(assumed.path(), &["--default-year", "2024"]);
    let hits =
        query_json(assumed.path(), &["Noeul", "--since", "2024-08-01", "--until", "2024-08-03", "-n", "50"]);
    let surge = hits
        .iter()
        .find(|h| h["path"].as_str().unwrap().ends_with("upi-busan-dallim-storm-surge.txt"))
        .unwrap();
    assert_eq!(surge["date"], "2024-08-03");
    assert_eq!(surge["year_assumed"], true);
}

#[test]
fn sorting_by_date_puts_newest_first_and_unknown_last() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let hits = query_json(dir.path(), &["Busan", "--sort", "date", "-n", "50"]);
    let dates: Vec<Option<&str>> = hits.iter().map(|h| h["date"].as_str()).collect();
    let known: Vec<&str> = dates.iter().map_while(|d| *d).collect();
    assert!(!known.is_empty());
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(dates[known.len()..].iter().all(Option::is_none), "{dates:?}");
}

#[test]
fn entity_filters_fold_spelling_variants() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let variants = ["Park Seo-yeon", "PARK SEO-YEON", "park seo yeon"];
    let results: Vec<_> = variants
        .iter()
        .map(|name| hit_files(&query_json(dir.path(), &["table tennis", "--person", name, "-n", "50"])))
        .collect();
    assert!(results[0].contains("2024-07-30-ap-park-harada-table-tennis.txt"), "{:?}", results[0]);
    assert!(results.iter().all(|r| r == &results[0]));
}

#[test]
fn per_article_limits_passages_of_one_article() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let one = query_json(dir.path(), &["Busan", "-n", "50"]);
    let ids: Vec<&str> = one.iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), ids.iter().collect::<BTreeSet<_>>().len(), "each article is one hit");
    assert!(one.iter().all(|h| h["passages"].as_array().unwrap().len() == 1), "one passage by default");
    let three = query_json(dir.path(), &["Busan", "-n", "50", "--per-article", "3"]);
    let ids_three: Vec<&str> = three.iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    assert_eq!(ids_three, ids, "the passages shown do not change the ranking");
    let shown: Vec<usize> = three.iter().map(|h| h["passages"].as_array().unwrap().len()).collect();
    assert!(shown.iter().all(|&n| (1..=3).contains(&n)) && shown.contains(&3), "{shown:?}");
    for hit in &three {
        let passages = hit["passages"].as_array().unwrap();
        // Best first, the best one repeated at the top level; each a different passage.
        let scores: Vec<f64> = passages.iter().map(|p| p["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        assert_eq!(hit["passage"], passages[0]["passage"]);
        assert_eq!(hit["text"], passages[0]["text"]);
        let numbers: BTreeSet<u64> = passages.iter().map(|p| p["passage"].as_u64().unwrap()).collect();
        assert_eq!(numbers.len(), passages.len());
    }
}

#[test]
fn paging_continues_the_ranking() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let all = query_json(dir.path(), &["Busan", "-n", "6"]);
    let second_page = query_json(dir.path(), &["Busan", "-n", "3", "--offset", "3"]);
    assert_eq!(second_page[0]["rank"], 4);
    assert_eq!(second_page[0]["article_id"], all[3]["article_id"]);
}

#[test]
fn exit_codes_say_hits_none_or_error() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    newsdex(dir.path()).args(["query", "typhoon"]).assert().code(0);
    newsdex(dir.path())
        .args(["query", "zyxwvut"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no hits"));
    newsdex(dir.path())
        .args(["query", r#"typhoon AND ("storm"#])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("newsdex: query syntax error at column "));
    newsdex(dir.path())
        .args(["query", "byline:smith"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field 'byline'"));
}

#[test]
fn literal_queries_ignore_operators() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    newsdex(dir.path()).args(["query", "--literal", "BUSAN AND (PORT ."]).assert().code(0);
}

#[test]
fn a_missing_index_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    newsdex(&dir.path().join("nothing")).args(["query", "typhoon"]).assert().code(2).stderr(
        predicate::str::contains("no index at")
            .and(predicate::str::contains("run `newsdex index PATH…` first")),
    );
}

#[test]
fn reindexing_replaces_rather_than_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let first = index_corpus(dir.path(), &[]);
    index_corpus(dir.path(), &[]);
    let out = newsdex(dir.path()).args(["stats", "--json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 20);
    assert_eq!(stats["passages"], first["passages"]);
}

#[test]
fn an_edited_file_replaces_its_old_version() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let story = input.path().join("story.txt");
    fs::write(&story, "Harbour reopens\n\nSEOUL, July 3 (Yonhap) -- The harbour reopened.").unwrap();
    newsdex(index.path()).arg("index").arg(input.path()).assert().code(0);
    fs::write(&story, "Harbour reopens\n\nSEOUL, July 3 (Yonhap) -- The harbour reopened at dawn.").unwrap();
    newsdex(index.path()).arg("index").arg(input.path()).assert().code(0);
    let hits = query_json(index.path(), &["harbour"]);
    assert_eq!(hits.len(), 1);
    assert!(hits[0]["text"].as_str().unwrap().ends_with("at dawn."));
}

#[test]
fn stats_count_articles_sources_dates_and_entities() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let out = newsdex(dir.path()).args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["articles"], 20);
    let sources: Vec<(String, u64)> = stats["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["articles"].as_u64().unwrap()))
        .collect();
    let total: u64 = sources.iter().map(|s| s.1).sum();
    assert_eq!(total, 20);
    assert!(sources.contains(&("unknown".to_string(), 3)), "{sources:?}");
    assert!(sources.iter().any(|(name, _)| name == "Yonhap"), "{sources:?}");
    assert_eq!(stats["dates"]["first"], "2024-07-30");
    assert!(
        stats["entities"]["person"].as_array().unwrap().iter().any(|p| p["name"] == "Park Seo-yeon"),
        "{stats}"
    );
    newsdex(dir.path()).arg("stats").assert().code(0).stdout(predicate::str::contains("20 articles"));
}

#[test]
fn show_prints_a_cleaned_article() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let hits = query_json(dir.path(), &["archers"]);
    let id = hits[0]["article_id"].as_str().unwrap();
    let out = newsdex(dir.path()).args(["show", "--json", id]).output().unwrap();
    assert!(out.status.success());
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["article_id"], id);
    let body = article["body"].as_str().unwrap();
    assert!(
        !body.contains("Advertisement") && !body.contains("Latest Headlines") && !body.contains("1 of 3 |"),
        "{body}"
    );
    newsdex(dir.path()).args(["show", id]).assert().code(0).stdout(predicate::str::contains("source: UPI"));
    newsdex(dir.path())
        .args(["show", "no-such-article"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with id 'no-such-article'"));
}

#[test]
fn bad_inputs_are_reported_skipped_and_the_rest_indexed() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let root = input.path();
    fs::write(root.join("good.txt"), "Ferry service resumes\n\nThe ferry ran again on Monday.").unwrap();
    fs::write(root.join("empty.txt"), "").unwrap();
    fs::write(root.join("image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00").unwrap();
    fs::write(root.join("only-ads.txt"), "Advertisement\n\nLatest Headlines\n").unwrap();
    fs::write(
        root.join("legacy.txt"),
        b"Caf\xe9 owners count losses\n\nThe \x93storm\x94 hit the caf\xe9 hard.",
    )
    .unwrap();
    let missing = root.join("missing.txt");
    let out = newsdex(index.path()).arg("index").arg("--json").arg(root).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "some input skipped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "empty.txt: empty file",
        "image.txt: binary file, not text",
        "only-ads.txt: no text left",
        "missing.txt: no such file or directory",
    ] {
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 2);
    assert_eq!(summary["skipped"], 4);
    assert_eq!(summary["skipped_records"].as_array().unwrap().len(), 4);
    let hits = query_json(index.path(), &[r#""storm""#]);
    assert_eq!(hits[0]["title"], "Café owners count losses");
    assert!(hits[0]["text"].as_str().unwrap().contains("\u{201c}storm\u{201d}"));
}

#[test]
fn nothing_indexable_exits_2() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    fs::write(input.path().join("empty.txt"), "").unwrap();
    newsdex(index.path())
        .arg("index")
        .arg(input.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing could be indexed"));
}

#[test]
fn a_locked_index_is_refused_with_the_holders_pid() {
    let index = tempfile::tempdir().unwrap();
    let news = newsdex::index::NewsIndex::open_or_create(index.path()).unwrap();
    let _lock = news.lock_for_writing().unwrap();
    newsdex(index.path()).arg("index").arg(repo_path("corpus")).assert().code(2).stderr(
        predicate::str::contains(format!("index is locked by another process (pid {})", std::process::id())),
    );
}

#[test]
fn colour_is_used_only_where_wanted() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    newsdex(dir.path()).args(["query", "typhoon"]).assert().stdout(predicate::str::contains("\x1b[").not());
    newsdex(dir.path())
        .args(["query", "typhoon", "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b[1;31m"));
}

#[test]
fn the_index_location_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let mut cmd = assert_cmd::Command::cargo_bin("newsdex").unwrap();
    cmd.env("NEWSDEX_INDEX", dir.path()).args(["query", "typhoon"]).assert().code(0);
}

#[test]
fn a_closed_pipe_is_a_clean_exit() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .arg("--index")
        .arg(dir.path())
        .args(["query", "Busan", "--json", "-n", "1000", "--per-article", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
