//! A run killed at any point leaves an index that opens and answers, and running the same command
//! again completes it with exactly one copy of every article.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::newsdex;

/// Articles in the generated input: enough that a run takes a while and commits several times.
const ARTICLES: usize = 10_000;

fn write_input(path: &Path) {
    let mut lines = String::new();
    for i in 0..ARTICLES {
        lines.push_str(&format!(
            "Harbour report {i}: crews in district {} cleared {} tonnes of debris after the storm surge, \
             officials in Busan said on Tuesday. The port authority said berth {} would reopen within {} days, \
             and insurers counted {} claims from shop owners along the seawall.\n",
            i % 50,
            (i * 7) % 1000,
            i % 90,
            1 + i % 9,
            (i * 13) % 500
        ));
    }
    std::fs::write(path, lines).unwrap();
}

fn spawn_index(index: &Path, input: &Path) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .arg("--index")
        .arg(index)
        .args(["index", "--format", "lines", "--commit-every", "700", "--threads", "2"])
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn stats(index: &Path) -> serde_json::Value {
    let out = newsdex(index).args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success(), "stats after a kill: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn killed_runs_leave_a_usable_index_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.txt");
    write_input(&input);

    // The whole run once, to know what complete looks like and how long it takes.
    let complete = dir.path().join("complete");
    let started = Instant::now();
    newsdex(&complete).args(["index", "--format", "lines"]).arg(&input).assert().code(0);
    let full_run = started.elapsed();
    let expected = stats(&complete);
    assert_eq!(expected["articles"], ARTICLES);

    let index = dir.path().join("index");
    let mut committed_before_kill = Vec::new();
    for fraction in [0.05, 0.3, 0.6, 0.9] {
        let mut child = spawn_index(&index, &input);
        std::thread::sleep(full_run.mul_f64(fraction));
        let _ = child.kill();
        child.wait().unwrap();

        let after_kill = stats(&index);
        let articles = after_kill["articles"].as_u64().unwrap();
        assert!(articles <= ARTICLES as u64, "{after_kill}");
        committed_before_kill.push(articles);
        let query = newsdex(&index).args(["query", "harbour", "-n", "1"]).output().unwrap();
        assert!(matches!(query.status.code(), Some(0) | Some(1)), "query after a kill: {query:?}");
    }
    assert!(
        committed_before_kill.iter().any(|&n| n > 0),
        "some kill came after a commit: {committed_before_kill:?}"
    );

    newsdex(&index).args(["index", "--format", "lines"]).arg(&input).assert().code(0);
    let rerun = stats(&index);
    assert_eq!(rerun["articles"], expected["articles"]);
    assert_eq!(rerun["passages"], expected["passages"]);
}

#[test]
fn a_second_writer_is_refused_while_readers_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.txt");
    write_input(&input);
    let index = dir.path().join("index");
    newsdex(&index).arg("index").arg(common::repo_path("corpus")).assert().code(0);

    let mut running = spawn_index(&index, &input);
    // Wait until the run holds the lock (it writes its pid into the lock file).
    let lock_file = index.join("newsdex-writer.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&lock_file).unwrap_or_default().trim() != running.id().to_string() {
        assert!(Instant::now() < deadline, "the run never took the lock");
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = newsdex(&index).arg("index").arg(common::repo_path("corpus")).output().unwrap();
    let query = newsdex(&index).args(["query", "typhoon", "-n", "1"]).output().unwrap();
    let still_running = running.try_wait().unwrap().is_none();
    let _ = running.kill();
    running.wait().unwrap();
    assert!(still_running, "the first run ended before the checks: make the input larger");
    assert_eq!(second.status.code(), Some(2));
    let refused = String::from_utf8_lossy(&second.stderr);
    assert!(
        refused.contains(&format!("index is locked by another process (pid {})", running.id())),
        "{refused}"
    );
    assert_eq!(query.status.code(), Some(0), "queries see the last commit while a run goes on");
}
