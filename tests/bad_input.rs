//! A folder of every kind of bad input: each bad record is reported as `path:line: reason` and
//! skipped, every good record beside it is indexed, and nothing panics.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::{json_lines, newsdex};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn story(i: usize) -> String {
    format!(
        r#"{{"id": "good-{i}", "title": "Ferry service {i} resumes", "body": "The ferry ran again on Monday, crew {i} said."}}"#
    )
}

/// Builds the folder; returns how many good records it holds.
fn bad_folder(root: &Path) -> usize {
    let mut good = 0;
    let json =
        [story(1), "{\"title\": \"cut short".into(), story(2), "[1, 2, 3]".into(), story(3)].join("\n");
    fs::write(root.join("mixed.jsonl"), json).unwrap();
    good += 3;

    fs::write(
        root.join("rows.csv"),
        "id,title,body\nc1,Port reopens,Cranes moved again.\nc2,Too,many,fields\nc3,Rates hold,The bank held rates.\n",
    )
    .unwrap();
    good += 2;

    let trec = "<DOC>\n<DOCNO> WIRE-1 </DOCNO>\n<HEADLINE>Dam holds</HEADLINE>\n<TEXT>\nThe dam held overnight.\n</TEXT>\n</DOC>\n\
                <DOC>\n<DOCNO> WIRE-2 </DOCNO>\n<HEADLINE>Never closed</HEADLINE>\n<TEXT>\nThis block has no end.\n\
                <DOC>\n<DOCNO> WIRE-3 </DOCNO>\n<HEADLINE>Bridge opens</HEADLINE>\n<TEXT>\nThe bridge opened.\n</TEXT>\n</DOC>\n";
    fs::write(root.join("wire"), trec).unwrap();
    good += 2;

    let lines: String = (10..40).map(|i| story(i) + "\n").collect();
    let compressed = gzip(lines.as_bytes());
    fs::write(root.join("cut.jsonl.gz"), &compressed[..compressed.len() * 2 / 3]).unwrap();

    fs::write(
        root.join("legacy.txt"),
        b"Caf\xe9 owners count losses\n\nThe \x93storm\x94 hit the caf\xe9 hard.",
    )
    .unwrap();
    good += 1;
    fs::write(root.join("image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR").unwrap();
    fs::write(root.join("empty.txt"), "").unwrap();
    std::os::unix::fs::symlink(root.join("gone-before-reading.txt"), root.join("vanished.txt")).unwrap();

    let mut huge = fs::File::create(root.join("huge.jsonl")).unwrap();
    writeln!(huge, "{}", story(100)).unwrap();
    let chunk = "x".repeat(1 << 20);
    write!(huge, "{{\"title\": \"").unwrap();
    for _ in 0..100 {
        huge.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(huge, "\"}}").unwrap();
    writeln!(huge, "{}", story(101)).unwrap();
    good += 2;
    good
}

#[test]
fn every_good_record_is_indexed_and_every_bad_one_reported() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let good = bad_folder(input.path());
    let out = newsdex(index.path()).args(["index", "--json"]).arg(input.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some input skipped: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    for expected in [
        "mixed.jsonl:2: ",
        "mixed.jsonl:4: ",
        "rows.csv:3: row has 4 fields, the header has 3",
        "wire:",
        "cut.jsonl.gz",
        "image.txt: binary file, not text",
        "empty.txt: empty file",
        "vanished.txt: no such file or directory",
        "huge.jsonl:2: ",
    ] {
        assert!(stderr.contains(expected), "no report containing {expected:?} in:\n{stderr}");
    }
    assert!(stderr.contains("no closing </DOC> tag"), "{stderr}");
    assert!(stderr.contains("truncated"), "{stderr}");

    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let from_cut = summary["articles"].as_u64().unwrap() as usize - good;
    assert!(from_cut < 30, "some of the cut file's records come before the cut: {summary}");
    assert_eq!(summary["skipped"], 9, "{summary}");

    for (query, id) in [("ferry", "good-2"), ("cranes", "c1"), ("bridge", "WIRE-3"), ("ferry", "good-101")] {
        let hits = json_lines(
            &newsdex(index.path()).args(["query", "--json", "-n", "100", query]).output().unwrap().stdout,
        );
        assert!(hits.iter().any(|h| h["article_id"] == id), "{id} is indexed");
    }
    let legacy =
        json_lines(&newsdex(index.path()).args(["query", "--json", "owners"]).output().unwrap().stdout);
    assert_eq!(legacy[0]["title"], "Café owners count losses");
}

#[test]
fn strict_stops_at_the_first_problem() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    fs::write(input.path().join("mixed.jsonl"), [story(1), "not json".into(), story(2)].join("\n")).unwrap();
    let out = newsdex(index.path()).args(["index", "--strict"]).arg(input.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stopped at the first problem (--strict): "), "{stderr}");
    assert!(stderr.contains("mixed.jsonl:2: "), "{stderr}");
}

#[test]
fn the_json_summary_lists_the_first_hundred_problems_and_counts_all() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..150).map(|i| format!("{{broken {i}")).collect();
    lines.push(story(1));
    fs::write(input.path().join("many.jsonl"), lines.join("\n")).unwrap();
    let out = newsdex(index.path()).args(["index", "--json"]).arg(input.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["skipped"], 150);
    assert_eq!(summary["skipped_records"].as_array().unwrap().len(), 100);
    assert_eq!(summary["articles"], 1);
}

#[test]
fn standard_input_is_read_as_a_stream() {
    let index = tempfile::tempdir().unwrap();
    let input = [story(1), story(2)].join("\n");
    newsdex(index.path()).args(["index", "-"]).write_stdin(input).assert().code(0);
    let hits = json_lines(&newsdex(index.path()).args(["query", "--json", "ferry"]).output().unwrap().stdout);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["path"], serde_json::Value::Null);
}

#[test]
fn rebuild_starts_over_and_delete_removes() {
    let input = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    fs::write(input.path().join("a.jsonl"), [story(1), story(2)].join("\n")).unwrap();
    newsdex(index.path()).arg("index").arg(common::repo_path("corpus")).assert().code(0);
    newsdex(index.path()).args(["index", "--rebuild"]).arg(input.path()).assert().code(0);
    let stats: serde_json::Value =
        serde_json::from_slice(&newsdex(index.path()).args(["stats", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(stats["articles"], 2);
    newsdex(index.path()).args(["delete", "good-1", "no-such-id"]).assert().code(1);
    let stats: serde_json::Value =
        serde_json::from_slice(&newsdex(index.path()).args(["stats", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(stats["articles"], 1);
}
