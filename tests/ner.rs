//! `newsdex ner`: tagging and scoring CoNLL files, agreeing with conlleval; training a model.

mod common;

use std::path::Path;
use std::process::Command as Process;

use common::{newsdex, shared};
use predicates::prelude::*;

/// Three short documents written for these tests, IOB2 tags in the last column.
const SAMPLE: &str = "\
-DOCSTART- -X- -X- O

Mayor NNP B-NP O
Han NNP I-NP B-PER
Ji-woo NNP I-NP I-PER
thanked VBD B-VP O
crews NNS B-NP O
in IN B-PP O
Busan NNP B-NP B-LOC
on IN B-PP O
Friday NNP B-NP O
. . O O

The DT B-NP O
Korea NNP I-NP B-ORG
Meteorological NNP I-NP I-ORG
Administration NNP I-NP I-ORG
said VBD B-VP O
the DT B-NP O
typhoon NN I-NP O
would MD B-VP O
reach VB I-VP O
Japan NNP B-NP B-LOC
by IN B-PP O
Sunday NNP B-NP O
. . O O

-DOCSTART- -X- -X- O

GENEVA NNP B-NP B-LOC
1996-08-22 CD I-NP O

Swiss JJ B-NP B-MISC
bank NN I-NP O
UBS NNP I-NP B-ORG
said VBD B-VP O
on IN B-PP O
Thursday NNP B-NP O
that IN B-SBAR O
Peter NNP B-NP B-PER
Keller NNP I-NP I-PER
would MD B-VP O
lead VB I-VP O
its PRP$ B-NP O
office NN I-NP O
in IN B-PP O
New NNP B-NP B-LOC
York NNP I-NP I-LOC
. . O O

-DOCSTART- -X- -X- O

Keller NNP B-NP B-PER
, , O O
48 CD B-NP O
, , O O
joined VBD B-VP O
UBS NNP B-NP B-ORG
from IN B-PP O
Credit NNP B-NP B-ORG
Suisse NNP I-NP I-ORG
in IN B-PP O
1990 CD B-NP O
. . O O
";

fn write_sample(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("sample.conll");
    std::fs::write(&path, SAMPLE).unwrap();
    path
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn tag_appends_one_tag_per_token_line() {
    let dir = tempfile::tempdir().unwrap();
    let sample = write_sample(dir.path());
    let out = newsdex(dir.path()).args(["ner", "tag", "--conll"]).arg(&sample).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tagged = String::from_utf8(out.stdout).unwrap();
    assert_eq!(tagged.lines().count(), SAMPLE.lines().count());
    for (input, output) in SAMPLE.lines().zip(tagged.lines()) {
        if input.is_empty() || input.starts_with("-DOCSTART-") {
            assert_eq!(output, input);
        } else {
            let tag = output.strip_prefix(input).and_then(|rest| rest.strip_prefix(' ')).unwrap();
            assert!(tag == "O" || ["B-", "I-"].iter().any(|p| tag.starts_with(p)), "{output}");
        }
    }
}

#[test]
fn eval_agrees_with_conlleval_on_the_tagged_file() {
    let Some(shared) = shared("eval_agrees_with_conlleval_on_the_tagged_file") else { return };
    let dir = tempfile::tempdir().unwrap();
    let sample = write_sample(dir.path());
    let tagged = newsdex(dir.path()).args(["ner", "tag", "--conll"]).arg(&sample).output().unwrap();
    let tagged_path = dir.path().join("tagged.conll");
    std::fs::write(&tagged_path, &tagged.stdout).unwrap();
    let conlleval = Process::new("python3")
        .arg(shared.join("tools/conlleval.py"))
        .arg("--json")
        .arg(&tagged_path)
        .output()
        .expect("python3 runs conlleval.py");
    assert!(conlleval.status.success(), "{}", String::from_utf8_lossy(&conlleval.stderr));
    let eval = newsdex(dir.path()).args(["ner", "eval", "--json", "--conll"]).arg(&sample).output().unwrap();
    assert!(eval.status.success(), "{}", String::from_utf8_lossy(&eval.stderr));
    let (expected, got) = (json(&conlleval.stdout), json(&eval.stdout));
    assert_eq!(got, expected);
    assert_eq!(got["micro"]["gold"], 12);
    assert_eq!(got["tokens"], 54);

    // The text report is conlleval's too.
    let report = newsdex(dir.path()).args(["ner", "eval", "--conll"]).arg(&sample).output().unwrap();
    let text = String::from_utf8(report.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("processed 54 tokens with 12 phrases; found: "), "{first}");
}

#[test]
fn min_f1_fails_the_run_below_it() {
    let dir = tempfile::tempdir().unwrap();
    let sample = write_sample(dir.path());
    newsdex(dir.path()).args(["ner", "eval", "--min-f1", "0", "--conll"]).arg(&sample).assert().code(0);
    newsdex(dir.path())
        .args(["ner", "eval", "--min-f1", "100.5", "--conll"])
        .arg(&sample)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is below the required 100.5"));
    // An error is not a gate that failed.
    let missing = dir.path().join("missing.conll");
    newsdex(dir.path()).args(["ner", "eval", "--min-f1", "0", "--conll"]).arg(&missing).assert().code(2);
    newsdex(dir.path())
        .args(["ner", "eval", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("exit with status 1").and(predicates::str::contains("status 2")));
}

#[test]
fn a_trained_model_is_written_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let sample = write_sample(dir.path());
    let model = dir.path().join("model.bin");
    newsdex(dir.path())
        .args(["ner", "train", "--epochs", "3", "--conll"])
        .arg(&sample)
        .arg("--out")
        .arg(&model)
        .assert()
        .code(0)
        .stderr(predicates::str::contains("features"));
    let eval = newsdex(dir.path())
        .args(["ner", "eval", "--json", "--conll"])
        .arg(&sample)
        .arg("--model")
        .arg(&model)
        .output()
        .unwrap();
    assert!(eval.status.success(), "{}", String::from_utf8_lossy(&eval.stderr));
    // Three passes over three documents are enough to learn them by heart.
    assert_eq!(json(&eval.stdout)["micro"]["f1"], 1.0);
}

#[test]
fn bad_files_and_models_are_reported_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.conll");
    newsdex(dir.path())
        .args(["ner", "eval", "--conll"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read").and(predicates::str::contains("missing.conll")));
    let sample = write_sample(dir.path());
    let garbage = dir.path().join("garbage.bin");
    std::fs::write(&garbage, b"NDXNER\x01\x00\x00\x00").unwrap();
    newsdex(dir.path())
        .args(["ner", "tag", "--conll"])
        .arg(&sample)
        .arg("--model")
        .arg(&garbage)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a usable entity model"));
    let untagged = dir.path().join("words.conll");
    std::fs::write(&untagged, "Seoul\nis\nwet\n").unwrap();
    newsdex(dir.path())
        .args(["ner", "eval", "--conll"])
        .arg(&untagged)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no tag column"));
}

#[test]
fn the_built_in_model_scores_on_the_conll_validation_split() {
    let Some(shared) = shared("the_built_in_model_scores_on_the_conll_validation_split") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = newsdex(dir.path())
        .args(["ner", "eval", "--json", "--conll"])
        .arg(shared.join("eval/conll2003/valid.txt"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let scores = json(&out.stdout);
    assert_eq!(scores["micro"]["gold"], 5942);
    let f1 = scores["micro"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.90, "validation F1 {f1}");
}
