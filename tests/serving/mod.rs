//! What the server's tests share: a running `newsdex serve` on a free loopback port, and an
//! index of the bundled corpus with one hostile article.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::{index_corpus, newsdex};

pub const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)>";

/// A running `newsdex serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        let binary = assert_cmd::cargo::cargo_bin("newsdex");
        let mut child = Command::new(binary)
            .env_remove("NEWSDEX_INDEX")
            .env_remove("NEWSDEX_TOKEN")
            .arg("--index")
            .arg(index)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("newsdex serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        // "newsdex: serving DIR at http://127.0.0.1:PORT/ (Ctrl-C stops)"
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect(&line);
        Server { child, base: url.trim_end_matches('/').to_string() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled corpus and one hostile article.
pub fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    index_corpus(&dir.path().join("index"), &[]);
    let hostile = dir.path().join("hostile.jsonl");
    let article = serde_json::json!({
        "id": "hostile-1",
        "title": HOSTILE_TITLE,
        "body": "The <script>alert(2)</script> harbour reopened on Monday, officials said, after the storm.",
        "source": "Harbour Gazette",
        "date": "2024-08-12",
    });
    std::fs::write(&hostile, format!("{article}\n")).unwrap();
    let out = newsdex(&dir.path().join("index")).arg("index").arg(&hostile).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}
