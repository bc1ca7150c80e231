//! Real scraped news from `../shared`: the acceptance checks of the core issue.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{json_lines, newsdex, shared};

fn names(hit: &serde_json::Value, kind: &str) -> BTreeSet<String> {
    hit["entities"][kind].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn article_of(hits: &[serde_json::Value], file_prefix: &str) -> serde_json::Value {
    hits.iter()
        .find(|h| {
            Path::new(h["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(file_prefix)
        })
        .unwrap_or_else(|| panic!("no hit from {file_prefix}"))
        .clone()
}

#[test]
fn the_seed_articles_are_cleaned_and_described() {
    let Some(shared) = shared("the_seed_articles_are_cleaned_and_described") else { return };
    let index = tempfile::tempdir().unwrap();
    newsdex(index.path()).arg("index").arg(shared.join("corpora/seeds")).assert().code(0);

    let all = json_lines(
        &newsdex(index.path())
            .args(["query", "--json", "-n", "200", "--per-article", "200", "Korea OR the OR a"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(all.len(), 2, "one hit per article");
    let passages: Vec<&serde_json::Value> =
        all.iter().flat_map(|hit| hit["passages"].as_array().unwrap()).collect();
    assert!(passages.len() > 10, "{}", passages.len());
    for passage in &passages {
        let text = passage["text"].as_str().unwrap();
        assert_ne!(text.trim(), "Advertisement");
        for junk in ["Latest Headlines", "[/caption]", "Photo by Yonhap", "1 of 4 |"] {
            assert!(!text.contains(junk), "{junk:?} in {text}");
        }
    }
    let caption =
        "The mixed doubles table tennis teams from North Korea and South Korea joined gold medalists China";
    let copies: usize = passages.iter().map(|p| p["text"].as_str().unwrap().matches(caption).count()).sum();
    assert!(copies <= 1, "the repeated caption appears {copies} times");

    let upi = article_of(&all, "003_");
    assert_eq!(upi["source"], "UPI");
    assert_eq!(upi["date"], serde_json::Value::Null);
    assert_eq!(upi["date_text"], "--07-31");
    assert_eq!(upi["date_precision"], "month-day");
    let tabloid = article_of(&all, "000_");
    assert_eq!(tabloid["source"], serde_json::Value::Null);
    for article in [&upi, &tabloid] {
        let people = names(article, "person");
        assert!(people.contains("Lim Jong-hoon") && people.contains("Kim Kum Yong"), "{people:?}");
        assert!(names(article, "location").contains("North Korea"), "{article}");
    }
    let places = names(&tabloid, "location");
    for place in ["Paris", "Seoul", "Pyongyang"] {
        assert!(places.contains(place), "{place} not among {places:?}");
    }
    // "IOC" and "International Olympic Committee" are one organisation, found in both stories.
    let ioc = json_lines(
        &newsdex(index.path()).args(["query", "--json", "korea", "--org", "IOC"]).output().unwrap().stdout,
    );
    let files: BTreeSet<String> = ioc
        .iter()
        .map(|h| {
            Path::new(h["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy()[..4].to_string()
        })
        .collect();
    assert_eq!(files, BTreeSet::from(["000_".to_string(), "003_".to_string()]));

    let phrase = json_lines(
        &newsdex(index.path()).args(["query", "--json", r#""surging hatred""#]).output().unwrap().stdout,
    );
    assert!(!phrase.is_empty());
    assert!(phrase.iter().all(|h| h["path"].as_str().unwrap().contains("000_")), "only the tabloid says it");
    let hit = &phrase[0];
    let text = hit["text"].as_str().unwrap();
    let marked: Vec<&str> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(!marked.is_empty());
    assert!(marked.iter().all(|m| m.eq_ignore_ascii_case("surging hatred")), "{marked:?}");
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>surging hatred</mark>"), "{hit}");

    // Prefixes find the words they begin, in the text and in a field; a quoted word is exact.
    let files_of = |query: &str| -> BTreeSet<String> {
        let out = newsdex(index.path()).args(["query", "--json", query]).output().unwrap();
        assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{query}: {out:?}");
        json_lines(&out.stdout)
            .iter()
            .map(|h| {
                Path::new(h["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy()[..4].to_string()
            })
            .collect()
    };
    let both = BTreeSet::from(["000_".to_string(), "003_".to_string()]);
    for query in ["kor*", "olym*", "title:kor*", r#""kor"*"#, "korea*"] {
        assert_eq!(files_of(query), both, "{query}");
    }
    assert_eq!(files_of("Pyong*"), BTreeSet::from(["000_".to_string()]));
    // The tabloid writes "selfie" and "SELFIE", the UPI story "selfie" and "selfies".
    assert_eq!(files_of(r#""selfies""#), BTreeSet::from(["003_".to_string()]));
    assert_eq!(files_of("selfies"), both, "a keyword matches every form");

    let selfie = json_lines(
        &newsdex(index.path())
            .args(["query", "--json", "selfie", "--source", "UPI"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(!selfie.is_empty());
    assert!(selfie.iter().all(|h| h["path"].as_str().unwrap().contains("003_")));

    let kim = json_lines(
        &newsdex(index.path())
            .args(["query", "--json", "kim jong", "--person", "Kim Jong Un"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(!kim.is_empty() && kim.iter().all(|h| h["path"].as_str().unwrap().contains("000_")));

    let assumed = tempfile::tempdir().unwrap();
    newsdex(assumed.path())
        .args(["index", "--default-year", "2024"])
        .arg(shared.join("corpora/seeds"))
        .assert()
        .code(0);
    let dated = json_lines(
        &newsdex(assumed.path())
            .args(["query", "--json", "selfie", "--since", "2024-07-31", "--until", "2024-07-31"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(dated.len(), 1);
    assert_eq!(dated[0]["date"], "2024-07-31");
}

#[test]
fn every_bbc_article_indexes() {
    let Some(shared) = shared("every_bbc_article_indexes") else { return };
    let index = tempfile::tempdir().unwrap();
    let out =
        newsdex(index.path()).args(["index", "--json"]).arg(shared.join("corpora/bbc")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 2225);
    assert_eq!(summary["skipped"], 0);
    assert_eq!(summary["ignored"], 1, "the corpus README is not an article");
    let stats: serde_json::Value =
        serde_json::from_slice(&newsdex(index.path()).args(["stats", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(stats["articles"], 2225);
    assert_eq!(stats["sources"][0]["name"], "unknown");
}

/// Indexes `paths` (relative to `../shared`) with `args`; returns the summary and the index.
fn index_shared(shared: &Path, args: &[&str], paths: &[&str]) -> (serde_json::Value, tempfile::TempDir) {
    let index = tempfile::tempdir().unwrap();
    let out = newsdex(index.path())
        .args(["index", "--json"])
        .args(args)
        .args(paths.iter().map(|p| shared.join(p)))
        .output()
        .unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{paths:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(summary["skipped"], 0, "{summary}");
    (summary, index)
}

fn show(index: &Path, id: &str) -> serde_json::Value {
    let out = newsdex(index).args(["show", "--json", id]).output().unwrap();
    assert!(out.status.success(), "show {id}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_reuters_story_is_indexed_with_its_gold_tags() {
    let Some(shared) = shared("every_reuters_story_is_indexed_with_its_gold_tags") else { return };
    let files: Vec<String> = (0..22).map(|i| format!("corpora/reuters21578/reut2-{i:03}.sgm")).collect();
    let paths: Vec<&str> = files.iter().map(String::as_str).collect();
    let (summary, index) = index_shared(&shared, &[], &paths);
    assert_eq!(summary["articles"], 21_578);
    assert_eq!(summary["warnings"], 3, "the empty story and the two odd DATEs");
    let first = show(index.path(), "reuters-1");
    assert_eq!(first["source"], "Reuters");
    assert_eq!(first["date"], "1987-02-26");
    assert_eq!(first["labels"]["places"], serde_json::json!(["el-salvador", "usa", "uruguay"]));
    assert_eq!(show(index.path(), "reuters-17192")["date"], "1987-03-31", "a bad time keeps its day");
}

#[test]
fn trec_documents_keep_their_docnos() {
    let Some(shared) = shared("trec_documents_keep_their_docnos") else { return };
    for (folder, count, docno, source, date) in [
        ("ap", 2228, "AP890101-0001", "AP", "1989-01-01"),
        ("nyt", 1576, "NYT19980601.0001", "NYT", "1998-06-01"),
        ("latimes", 1914, "LA042990-0001", "LA Times", "1990-04-29"),
    ] {
        let (summary, index) = index_shared(&shared, &[], &[&format!("corpora/trec/{folder}")]);
        assert_eq!(summary["articles"], count, "{folder}");
        let doc = show(index.path(), docno);
        assert_eq!((doc["source"].as_str(), doc["date"].as_str()), (Some(source), Some(date)), "{docno}");
    }
}

#[test]
fn json_csv_line_and_html_corpora_index_completely() {
    let Some(shared) = shared("json_csv_line_and_html_corpora_index_completely") else { return };
    let (huffpost, index) = index_shared(&shared, &[], &["corpora/huffpost"]);
    assert_eq!(huffpost["articles"], 4782);
    let hits = json_lines(
        &newsdex(index.path()).args(["query", "--json", "-n", "1", "shootings"]).output().unwrap().stdout,
    );
    assert!(hits[0]["url"].as_str().unwrap().starts_with("https://www.huffingtonpost.com/"), "{}", hits[0]);
    assert!(!hits[0]["labels"]["category"].as_array().unwrap().is_empty());

    let (ag_news, _) =
        index_shared(&shared, &["--columns", "class,title,body"], &["corpora/ag_news/test.csv"]);
    assert_eq!(ag_news["articles"], 7600);
    let (lee, _) = index_shared(&shared, &["--format", "lines"], &["corpora/lee"]);
    assert_eq!(lee["articles"], 350, "300 background texts and the 50 of lee.cor");
    let (pages, _) = index_shared(&shared, &[], &["html/article-extraction-benchmark/html"]);
    assert_eq!(pages["articles"], 181);
}
