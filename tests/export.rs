//! `newsdex export --quickwit`: the index config is checked against Quickwit's documented
//! index-config and doc-mapping structure, and every NDJSON line against that mapping (strict
//! mode: every field mapped, every value of its field's type), so that `quickwit index ingest`
//! rejects nothing.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{index_corpus, newsdex};
use serde_json::Value;

/// Options Quickwit's docs list for each field type (index configuration, doc mapping).
fn allowed_options(kind: &str) -> Option<&'static [&'static str]> {
    let kind = kind.strip_prefix("array<").and_then(|k| k.strip_suffix('>')).unwrap_or(kind);
    Some(match kind {
        "text" => &["tokenizer", "record", "fieldnorms", "stored", "indexed", "fast"],
        "i64" | "u64" | "f64" => &["stored", "indexed", "fast", "coerce", "output_format"],
        "bool" | "ip" => &["stored", "indexed", "fast"],
        "datetime" => &["input_formats", "output_format", "stored", "indexed", "fast", "fast_precision"],
        "bytes" => &["stored", "indexed", "fast", "input_format", "output_format"],
        "json" => &["stored", "indexed", "tokenizer", "record", "fast", "expand_dots"],
        _ => return None,
    })
}

/// A field's name and type, from a checked config.
type Mapping = BTreeMap<String, String>;

/// Checks a Quickwit index config; returns its fields by name with their types.
fn check_config(config: &Value, version: &str) -> Mapping {
    let top = config.as_object().expect("the config is a map");
    let allowed_top = [
        "version",
        "index_id",
        "index_uri",
        "doc_mapping",
        "indexing_settings",
        "search_settings",
        "retention",
    ];
    for key in top.keys() {
        assert!(allowed_top.contains(&key.as_str()), "unknown top-level key {key}");
    }
    assert_eq!(config["version"].as_str(), Some("0.8"), "both 0.8 and 0.9 read version 0.8 configs");
    let id = config["index_id"].as_str().expect("index_id");
    assert!(
        id.len() >= 3
            && id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
        "index_id {id}"
    );
    let doc_mapping = config["doc_mapping"].as_object().expect("doc_mapping");
    let allowed_mapping = [
        "field_mappings",
        "mode",
        "dynamic_mapping",
        "tag_fields",
        "store_source",
        "index_field_presence",
        "timestamp_field",
        "partition_key",
        "max_num_partitions",
        "tokenizers",
        "store_document_size",
    ];
    for key in doc_mapping.keys() {
        assert!(allowed_mapping.contains(&key.as_str()), "unknown doc_mapping key {key}");
    }
    assert_eq!(doc_mapping["mode"].as_str(), Some("strict"));
    // An optional date must not be the timestamp field: Quickwit would reject or drop undated articles.
    assert!(doc_mapping.get("timestamp_field").is_none());

    let mut fields = Mapping::new();
    for field in doc_mapping["field_mappings"].as_array().expect("field_mappings") {
        let name = field["name"].as_str().expect("every field has a name");
        assert!(
            name.starts_with(|c: char| c.is_ascii_alphabetic() || "_$@".contains(c))
                && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-$@".contains(c)),
            "field name {name}"
        );
        let kind = field["type"].as_str().expect("every field has a type");
        let options = allowed_options(kind).unwrap_or_else(|| panic!("{name}: unknown type {kind}"));
        for (key, value) in field.as_object().unwrap() {
            if ["name", "type", "description"].contains(&key.as_str()) {
                continue;
            }
            assert!(options.contains(&key.as_str()), "{name}: {key} is not an option of {kind}");
            match key.as_str() {
                "tokenizer" => {
                    let known =
                        ["raw", "default", "en_stem", "whitespace", "chinese_compatible", "lowercase"];
                    let t = value.as_str().unwrap();
                    assert!(known.contains(&t), "{name}: tokenizer {t}");
                    assert!(!(version == "0.9" && t == "en_stem"), "{name}: Quickwit 0.9 has no en_stem");
                }
                "record" => assert!(["basic", "freq", "position"].contains(&value.as_str().unwrap())),
                "fast_precision" => assert!(
                    ["seconds", "milliseconds", "microseconds", "nanoseconds"]
                        .contains(&value.as_str().unwrap())
                ),
                "input_formats" => {
                    for f in value.as_array().unwrap() {
                        let f = f.as_str().unwrap();
                        assert!(
                            ["rfc3339", "rfc2822", "iso8601", "unix_timestamp"].contains(&f)
                                || f.contains('%')
                        );
                    }
                }
                "output_format" if kind == "datetime" => assert!(
                    ["rfc3339", "rfc2822", "iso8601", "unix_timestamp_secs"]
                        .contains(&value.as_str().unwrap())
                ),
                "stored" | "indexed" | "fieldnorms" | "fast" | "coerce" | "expand_dots" => {
                    assert!(value.is_boolean(), "{name}: {key} is a boolean")
                }
                _ => {}
            }
        }
        assert!(fields.insert(name.to_string(), kind.to_string()).is_none(), "{name} mapped twice");
    }
    for field in config["search_settings"]["default_search_fields"].as_array().unwrap() {
        let name = field.as_str().unwrap();
        assert_eq!(fields.get(name).map(String::as_str), Some("text"), "default search field {name}");
    }
    fields
}

/// Checks one NDJSON document against the mapping as Quickwit's strict mode would.
fn check_document(doc: &Value, fields: &Mapping, line: usize) {
    let object = doc.as_object().unwrap_or_else(|| panic!("line {line} is not an object"));
    for key in ["id", "title", "body"] {
        assert!(object.get(key).is_some_and(Value::is_string), "line {line}: {key} missing");
    }
    for (key, value) in object {
        let kind = fields.get(key).unwrap_or_else(|| panic!("line {line}: {key} is not mapped"));
        let ok = |kind: &str, value: &Value| match kind {
            "text" => value.is_string(),
            "u64" => value.is_u64(),
            "bool" => value.is_boolean(),
            "json" => value.is_object(),
            "datetime" => value.as_str().is_some_and(|s| s.parse::<jiff::Timestamp>().is_ok()),
            _ => false,
        };
        let fits = match kind.strip_prefix("array<").and_then(|k| k.strip_suffix('>')) {
            Some(inner) => value.as_array().is_some_and(|items| items.iter().all(|v| ok(inner, v))),
            None => ok(kind, value),
        };
        assert!(fits, "line {line}: {key} = {value} is not a {kind}");
    }
}

struct Export {
    config: Value,
    fields: Mapping,
    docs: Vec<Value>,
}

fn export(index: &Path, out: &Path, extra: &[&str]) -> Export {
    let run = newsdex(index).arg("export").arg("--quickwit").arg(out).args(extra).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let config: Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(out.join("index-config.yaml")).unwrap())
            .expect("the config is YAML");
    let version = extra.iter().position(|a| *a == "--quickwit-version").map_or("0.8", |i| extra[i + 1]);
    let fields = check_config(&config, version);
    let name = if extra.contains(&"passages") { "passages.ndjson" } else { "articles.ndjson" };
    let text = std::fs::read_to_string(out.join(name)).unwrap();
    let docs: Vec<Value> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let doc: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
            check_document(&doc, &fields, i + 1);
            doc
        })
        .collect();
    Export { config, fields, docs }
}

fn field<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["doc_mapping"]["field_mappings"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap()
}

#[test]
fn the_bundled_corpus_exports_every_article_with_normalised_filters() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    index_corpus(&index, &[]);
    let Export { config, fields, docs } = export(&index, &dir.path().join("qw"), &[]);
    assert_eq!(docs.len(), 20);
    assert_eq!(field(&config, "body")["tokenizer"], "en_stem");
    assert_eq!(fields["person"], "array<text>");

    // 5 day dates; 10 month-day dates without a year and 5 undated articles have no `date`, and
    // are exported all the same.
    assert_eq!(docs.iter().filter(|d| d.get("date").is_some()).count(), 5);
    assert_eq!(docs.iter().filter(|d| d.get("date_text").is_none()).count(), 5);

    let ids: BTreeSet<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 20);
    let yonhap =
        docs.iter().find(|d| d["id"] == "2024-08-02-yonhap-busan-dallim-evacuation-4022906c").unwrap();
    assert_eq!(yonhap["source"], "yonhap");
    assert_eq!(yonhap["display"]["source"], "Yonhap");
    assert_eq!(yonhap["date"], "2024-08-02T00:00:00Z");
    assert!(yonhap["person"].as_array().unwrap().contains(&Value::from("park seo yeon")), "{yonhap}");
    assert!(yonhap["body"].as_str().unwrap().contains("\n\n"), "the body keeps its paragraphs");

    // The whole article: its passages, joined, are what `show` prints.
    let show = newsdex(&index)
        .args(["show", "--json", "2024-08-02-yonhap-busan-dallim-evacuation-4022906c"])
        .output();
    let shown: Value = serde_json::from_slice(&show.unwrap().stdout).unwrap();
    assert_eq!(yonhap["body"], shown["body"]);
}

#[test]
fn passages_export_one_document_each_and_0_9_has_no_stemmer() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    index_corpus(&index, &[]);
    let Export { config, docs, .. } =
        export(&index, &dir.path().join("qw"), &["--unit", "passages", "--quickwit-version", "0.9"]);
    assert_eq!(docs.len(), 74);
    assert_eq!(field(&config, "body")["tokenizer"], "default");
    assert_eq!(field(&config, "title")["tokenizer"], "default");
    let ids: BTreeSet<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 74);
    let first =
        docs.iter().find(|d| d["id"] == "2024-08-02-yonhap-busan-dallim-evacuation-4022906c/3").unwrap();
    assert_eq!(
        (first["article_id"].as_str(), first["passage"].as_u64()),
        (Some("2024-08-02-yonhap-busan-dallim-evacuation-4022906c"), Some(3))
    );
    let yaml = std::fs::read_to_string(dir.path().join("qw/index-config.yaml")).unwrap();
    assert!(
        yaml.starts_with(
            "# Quickwit index config written by `newsdex export`, for Quickwit 0.9; no stemming"
        )
    );
}

#[test]
fn export_needs_an_index_and_a_writable_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        newsdex(&dir.path().join("none")).args(["export", "--quickwit"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let index = dir.path().join("index");
    index_corpus(&index, &[]);
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = newsdex(&index).args(["export", "--quickwit"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("newsdex: cannot create {}", file.display())), "{stderr}");
}

/// Every corpus beside the project, in one index, exported: not one document would be rejected.
#[test]
fn every_shared_corpus_exports_with_nothing_rejected() {
    let Some(shared) = common::shared("every_shared_corpus_exports_with_nothing_rejected") else { return };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpora = shared.join("corpora");
    let runs: [(&[&str], PathBuf); 9] = [
        (&[], corpora.join("seeds")),
        (&[], corpora.join("bbc")),
        (&[], corpora.join("reuters21578")),
        (&[], corpora.join("trec/ap")),
        (&[], corpora.join("trec/nyt")),
        (&[], corpora.join("trec/latimes")),
        (&[], corpora.join("huffpost")),
        (&["--columns", "class,title,body"], corpora.join("ag_news/test.csv")),
        (&["--format", "lines"], corpora.join("lee")),
    ];
    for (flags, path) in runs {
        let out = newsdex(&index).args(["index", "--json"]).args(flags).arg(&path).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stats = newsdex(&index).args(["stats", "--json"]).output().unwrap();
    let articles = serde_json::from_slice::<Value>(&stats.stdout).unwrap()["articles"].as_u64().unwrap();
    let Export { docs, .. } = export(&index, &dir.path().join("qw"), &[]);
    assert_eq!(docs.len() as u64, articles);
    let ids: BTreeSet<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), docs.len(), "each article once");
    let undated = docs.iter().filter(|d| d.get("date").is_none()).count();
    assert!(undated > 2_000, "the undated BBC articles are there: {undated}");
}
