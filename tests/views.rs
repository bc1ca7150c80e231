//! Views of a result set as a user meets them: facets, the timeline, related articles and
//! near-duplicate folding, on the bundled corpus, on small inputs made here, and on `../shared`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{index_corpus, json_lines, newsdex, shared};
use predicates::prelude::*;

fn run_json(index: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = newsdex(index).args(args).arg("--json").output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    json_lines(&out.stdout)
}

/// The hit lines and the view lines of `query --json` output.
fn split_views(lines: Vec<serde_json::Value>) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    lines.into_iter().partition(|l| l.get("rank").is_some())
}

fn ids(hits: &[serde_json::Value]) -> Vec<String> {
    hits.iter().map(|h| h["article_id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn facets_count_every_matching_article_once() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    // Every matching article, one hit each, to count by hand.
    let (hits, _) = split_views(run_json(dir.path(), &["query", "storm surge", "-n", "1000"]));
    let (page, views) = split_views(run_json(
        dir.path(),
        &["query", "storm surge", "-n", "2", "--facets", "source,location"],
    ));
    assert_eq!(page.len(), 2, "the page is the page");
    assert_eq!(views.len(), 1);
    let facets = &views[0]["facets"];

    let mut by_source: BTreeMap<String, u64> = BTreeMap::new();
    for hit in &hits {
        *by_source.entry(hit["source"].as_str().unwrap_or("unknown").to_string()).or_default() += 1;
    }
    let listed: BTreeMap<String, u64> = facets["source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap().to_string(), v["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(listed, by_source);
    assert_eq!(
        listed,
        BTreeMap::from(
            [("AP", 3), ("Reuters", 2), ("unknown", 2), ("AFP", 1), ("UPI", 1), ("Yonhap", 1)]
                .map(|(k, v)| (k.to_string(), v))
        )
    );
    let busan =
        hits.iter().filter(|h| h["entities"]["location"].as_array().unwrap().contains(&"Busan".into()));
    assert_eq!(facets["location"][0], serde_json::json!({"name": "Busan", "articles": busan.count()}));
}

#[test]
fn facets_print_after_the_hits_in_their_display_form() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    // The corpus writes her "Park Seo-yeon", "Park Seo-Yeon" and "PARK SEO-YEON"; the facet counts
    // the articles the same filter finds.
    let hers = run_json(dir.path(), &["query", "table tennis", "--person", "Park Seo-yeon", "-n", "100"]);
    assert_eq!(hers.len(), 8);
    newsdex(dir.path())
        .args(["query", "table tennis", "-n", "1", "--facets", "person", "--facet-top", "1"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("\nperson (articles):\n         8  Park Seo-yeon\n"));
}

/// Writes short dated articles (a date line under the headline) into `dir`.
fn write_dated(dir: &Path, articles: &[(&str, Option<&str>, &str)]) {
    for (name, date, body) in articles {
        let date_line = date.map(|d| format!("{d}\n\n")).unwrap_or_default();
        fs::write(dir.join(name), format!("Harbour news {name}\n\n{date_line}{body}\n")).unwrap();
    }
}

#[test]
fn the_timeline_counts_articles_per_period_and_says_how_many_are_undated() {
    let input = tempfile::tempdir().unwrap();
    let long = "The harbour wall was repaired. ".repeat(40);
    write_dated(
        input.path(),
        &[
            ("a.txt", Some("2024-07-30"), &long), // many passages, one article
            ("b.txt", Some("2024-07-31"), "The harbour reopened."),
            ("c.txt", Some("2024-08-02"), "The harbour flooded."),
            ("d.txt", Some("2024-10-09"), "The harbour froze."),
            ("e.txt", None, "The harbour is old."),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    newsdex(dir.path()).arg("index").arg(input.path()).assert().code(0);

    let (_, views) = split_views(run_json(dir.path(), &["query", "harbour", "--timeline"]));
    assert_eq!(
        views[0],
        serde_json::json!({
            "timeline": [
                {"start": "2024-07-01", "label": "2024-07", "articles": 2},
                {"start": "2024-08-01", "label": "2024-08", "articles": 1},
                {"start": "2024-10-01", "label": "2024-10", "articles": 1},
            ],
            "bucket": "month",
            "undated": 1,
        })
    );
    let (_, views) = split_views(run_json(dir.path(), &["query", "harbour", "--bucket", "week"]));
    let weeks: Vec<(&str, u64)> = views[0]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["label"].as_str().unwrap(), p["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(weeks, [("2024-W31", 3), ("2024-W41", 1)]);

    // Without a query the timeline is the whole index's; `-n 0` prints the view alone.
    let out = newsdex(dir.path()).args(["query", "--timeline", "-n", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().ends_with(" matching articles"), "the view alone: {text}");
    assert!(text.contains("  2024-07  ████████████████████████████████████████  2\n"), "{text}");
    assert!(text.contains("  2024-09                                            0\n"), "{text}");
    assert!(text.ends_with("  1 articles without a known year are not on the timeline\n"), "{text}");
}

#[test]
fn related_ranks_the_same_storyline_first() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let evacuation = "2024-08-02-yonhap-busan-dallim-evacuation-4022906c";
    let hits = run_json(dir.path(), &["related", evacuation, "-n", "5"]);
    assert_eq!(hits.len(), 5);
    let found = ids(&hits);
    assert!(!found.contains(&evacuation.to_string()), "the article itself is not related to itself");
    // The next day's report of the surge in Dallim comes first; the other articles on the typhoon
    // in Busan follow, ahead of the articles that only mention it (the Geneva summit).
    assert_eq!(found[0], "2024-08-03-upi-busan-dallim-storm-surge-ac14d68b");
    let mut storyline = found[..4].to_vec();
    storyline.sort();
    assert_eq!(
        storyline,
        [
            "2024-08-03-reuters-busan-port-shutdown-99fb5380",
            "2024-08-03-upi-busan-dallim-storm-surge-ac14d68b",
            "2024-08-09-ap-busan-dallim-cleanup-19ceaf7e",
            "opinion-busan-seawalls-last-century-a18be6b5"
        ]
    );
    // The shared names are marked.
    let port = &hits[found.iter().position(|id| id.contains("busan-port-shutdown")).unwrap()];
    assert!(port["snippet"].as_str().unwrap().contains("<mark>Busan</mark>"), "{port}");
    // Each run hashes differently; the words chosen, and so the scores, must not depend on it.
    for _ in 0..3 {
        assert_eq!(run_json(dir.path(), &["related", evacuation, "-n", "5"]), hits);
    }

    let rates = run_json(dir.path(), &["related", "2024-08-22-yonhap-bok-holds-rates-a608ea27", "-n", "1"]);
    assert_eq!(ids(&rates), ["2024-08-22-upi-bank-of-korea-rate-hold-0ffd6717"]);
}

#[test]
fn related_scores_do_not_depend_on_how_the_index_is_split_into_segments() {
    let whole = tempfile::tempdir().unwrap();
    index_corpus(whole.path(), &[]);
    // A run into an index that is not empty keeps its segments (a new index is left merged):
    // with a commit every 3 articles, several (too few of them for a merge). The first article
    // is indexed again by the second run, so both indexes hold the same articles.
    let split = tempfile::tempdir().unwrap();
    let first = common::repo_path("corpus/2024-07-30-ap-park-harada-table-tennis.txt");
    assert!(newsdex(split.path()).arg("index").arg(first).output().unwrap().status.success());
    index_corpus(split.path(), &["--commit-every", "3"]);
    let segments = |dir: &Path| {
        fs::read_dir(dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension() == Some("idx".as_ref()))
            .count()
    };
    assert_eq!((segments(whole.path()), segments(split.path())), (1, 7));
    let related =
        |dir: &Path| run_json(dir, &["related", "2024-08-02-yonhap-busan-dallim-evacuation-4022906c"]);
    assert_eq!(related(split.path()), related(whole.path()));
}

#[test]
fn related_before_a_date_keeps_what_led_up_to_it() {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(dir.path(), &[]);
    let hits = run_json(
        dir.path(),
        &["related", "2024-08-02-yonhap-busan-dallim-evacuation-4022906c", "--before", "2024-08-02"],
    );
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(hit["date"].as_str().is_some_and(|d| d < "2024-08-02"), "{hit}");
    }
    newsdex(dir.path())
        .args(["related", "no-such-article"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with id 'no-such-article'"));
}

const STORY: &str = "Sea walls along the Busan harbour held overnight as a storm surge pushed water \
into low streets, city officials said on Friday.\n\nMayor Han Ji-woo thanked the crews who worked \
through the night to pile sandbags along the fish market, and said the port would reopen once divers \
had checked the berths.\n\nForecasters expect the typhoon to weaken as it crosses the peninsula on \
Saturday, bringing heavy rain to inland provinces and the capital. Ferries to Jeju remain cancelled \
and about two hundred flights were grounded at Gimhae airport.\n\nFishermen said the surge was the \
highest they had seen since the seawall was raised a decade ago, and the coast guard said one trawler \
had broken its moorings and drifted into the outer harbour before it was towed back.";

const OTHER_OUTLET: &str = "Typhoon Noeul brought a storm surge to Busan on Friday, and officials in \
the port city said the harbour sea walls had held.\n\nHan Ji-woo, the mayor, visited the fish market \
where crews had stacked sandbags through the night. Ferry links to Jeju island were suspended, while \
the weather agency said the storm would lose strength over land and move toward Seoul.\n\nAt Gimhae \
airport, travellers slept on benches after airlines cancelled most of the day's departures.";

/// An agency story, its copy in another paper with a few words changed, and another agency's own
/// story of the same event.
fn write_copies(dir: &Path) {
    fs::write(dir.join("wire.txt"), format!("Busan sea walls hold as surge floods streets\n\n{STORY}\n"))
        .unwrap();
    let edited = STORY
        .replace("on Friday", "on Friday morning")
        .replace("about two hundred", "more than 200")
        .replace("a decade ago", "ten years ago");
    fs::write(dir.join("paper.txt"), format!("Busan sea walls hold as surge floods streets\n\n{edited}\n"))
        .unwrap();
    fs::write(
        dir.join("other.txt"),
        format!("Busan harbour walls survive typhoon surge\n\n{OTHER_OUTLET}\n"),
    )
    .unwrap();
}

#[test]
fn a_copy_folds_into_the_better_ranked_article_and_expand_shows_it() {
    let input = tempfile::tempdir().unwrap();
    write_copies(input.path());
    let dir = tempfile::tempdir().unwrap();
    newsdex(dir.path()).arg("index").arg(input.path()).assert().code(0);

    let hits = run_json(dir.path(), &["query", "Busan harbour sandbags"]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let folded: Vec<&serde_json::Value> =
        hits.iter().filter(|h| !h["similar"].as_array().unwrap().is_empty()).collect();
    assert_eq!(folded.len(), 1);
    let pair = [folded[0]["path"].as_str().unwrap(), folded[0]["similar"][0].as_str().unwrap()];
    assert!(pair[0].ends_with("wire.txt") || pair[0].ends_with("paper.txt"), "{pair:?}");
    assert!(pair[1].starts_with("wire-") || pair[1].starts_with("paper-"), "{pair:?}");
    let other = hits.iter().find(|h| h["path"].as_str().unwrap().ends_with("other.txt")).unwrap();
    assert_eq!(other["similar"], serde_json::json!([]), "another outlet's story of the event is not a copy");

    newsdex(dir.path())
        .args(["query", "Busan harbour sandbags"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" · +1 similar\n"));
    let expanded = run_json(dir.path(), &["query", "Busan harbour sandbags", "--expand"]);
    assert_eq!(expanded.len(), 3);
    assert!(expanded.iter().all(|h| h["similar"] == serde_json::json!([])));
}

#[test]
fn a_copy_below_the_page_is_still_counted() {
    let input = tempfile::tempdir().unwrap();
    write_copies(input.path());
    let dir = tempfile::tempdir().unwrap();
    newsdex(dir.path()).arg("index").arg(input.path()).assert().code(0);
    let first = run_json(dir.path(), &["query", "Busan harbour sandbags", "-n", "1"]);
    assert_eq!(first.len(), 1);
    // Whichever ranks first, its copy is counted even if it would rank below the page.
    let n = if first[0]["path"].as_str().unwrap().ends_with("other.txt") { 0 } else { 1 };
    assert_eq!(first[0]["similar"].as_array().unwrap().len(), n, "{}", first[0]);
}

#[test]
fn the_seeds_do_not_fold_and_an_edited_republication_does() {
    let Some(shared) = shared("the_seeds_do_not_fold_and_an_edited_republication_does") else { return };
    let input = tempfile::tempdir().unwrap();
    for seed in fs::read_dir(shared.join("corpora/seeds")).unwrap() {
        let seed = seed.unwrap().path();
        fs::copy(&seed, input.path().join(seed.file_name().unwrap())).unwrap();
    }
    // A BBC story, and the same story re-published elsewhere with a few words edited.
    let original = fs::read_to_string(shared.join("corpora/bbc/business/001.txt")).unwrap();
    fs::write(input.path().join("bbc-001.txt"), &original).unwrap();
    let edited = original
        .replacen("jumped 76%", "rose 76%", 1)
        .replacen("benefited from", "gained from", 1)
        .replacen("said on Friday", "said on Friday morning", 1);
    assert_ne!(edited, original);
    fs::write(input.path().join("republished.txt"), &edited).unwrap();
    let dir = tempfile::tempdir().unwrap();
    newsdex(dir.path()).arg("index").arg(input.path()).assert().code(0);

    let seeds = run_json(dir.path(), &["query", "Korea table tennis"]);
    assert_eq!(seeds.len(), 2, "two outlets, one event: two hits");
    assert!(seeds.iter().all(|h| h["similar"] == serde_json::json!([])), "{seeds:?}");

    let warner = run_json(dir.path(), &["query", "TimeWarner profits"]);
    assert_eq!(warner.len(), 1, "{warner:?}");
    assert_eq!(warner[0]["similar"].as_array().unwrap().len(), 1);
    assert_eq!(run_json(dir.path(), &["query", "TimeWarner profits", "--expand"]).len(), 2);
}
