//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The newsdex binary with colour and the index location pinned, so the caller's environment
/// cannot change what a test sees.
pub fn newsdex(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("newsdex").expect("binary builds");
    cmd.env_remove("NO_COLOR").env_remove("NEWSDEX_INDEX").arg("--index").arg(index);
    cmd
}

/// The newsdex binary with no index named, so that commands use their default.
pub fn newsdex_default_index() -> Command {
    let mut cmd = Command::cargo_bin("newsdex").expect("binary builds");
    cmd.env_remove("NO_COLOR").env_remove("NEWSDEX_INDEX");
    cmd
}

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `../shared` beside the checkout, or `None` with a notice saying the test is skipped.
pub fn shared(test: &str) -> Option<PathBuf> {
    let shared = repo_path("../shared");
    if shared.join("corpora").is_dir() {
        return Some(shared);
    }
    eprintln!("SKIPPED {test}: ../shared (the real corpora) is not beside the checkout");
    None
}

/// Parses `query --json` output: one object per line.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON object"))
        .collect()
}

/// Indexes the bundled corpus into `index` and returns the summary.
pub fn index_corpus(index: &Path, extra: &[&str]) -> serde_json::Value {
    let out =
        newsdex(index).arg("index").arg("--json").args(extra).arg(repo_path("corpus")).output().unwrap();
    assert!(out.status.success(), "indexing the corpus: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}
