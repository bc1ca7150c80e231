//! `newsdex eval`: ranking quality on a judged test collection.
//!
//! Indexes the collection (or reuses its index), runs every topic as `newsdex query --literal
//! -n 1000` runs it (the same search, the same order and scores), writes a TREC run file and
//! prints MAP, nDCG@10, P@10 and Recall@1000 as trec_eval computes them. The index lives under
//! the system's temporary directory, named after the docs file's path, size and modification
//! time (so it is reused until the file changes), unless `--index DIR` or NEWSDEX_INDEX names
//! one: an index already there is used as it is.
//!
//! Exit status: 0 measured; 1 MAP below `--min-map`; 2 error.

use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;
use xxhash_rust::xxh3::xxh3_64;

use crate::cli::EvalArgs;
use crate::eval::{self, metrics};
use crate::index::{IndexError, NewsIndex};
use crate::pipeline::IndexOptions;
use crate::search::NewsSearcher;

use super::Outcome;

/// Written into a temporary evaluation index once it is complete.
const COMPLETE_MARKER: &str = "newsdex-eval-complete";

pub fn run(named_index: Option<&Path>, args: EvalArgs) -> anyhow::Result<Outcome> {
    let topics = eval::read_topics(&args.topics)?;
    let qrels = eval::read_qrels(&args.qrels)?;
    let temporary = named_index.is_none();
    let index_dir = match named_index {
        Some(dir) => dir.to_path_buf(),
        None => temporary_index(&args.docs)?,
    };
    let index = open_or_build(&index_dir, &args.docs, temporary)?;
    let searcher = NewsSearcher::open(&index)?;
    let ids = eval::article_ids(&index, &searcher.searcher)?;

    let known: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let judged_relevant: Vec<&String> =
        qrels.values().flat_map(|j| j.iter().filter(|(_, g)| **g >= 1).map(|(id, _)| id)).collect();
    let missing = judged_relevant.iter().filter(|id| !known.contains(id.as_str())).count();
    if missing > 0 {
        eprintln!(
            "newsdex: warning: {missing} of {} relevant documents in {} are not in the index (do the ids match?)",
            judged_relevant.len(),
            args.qrels.display()
        );
    }

    let run = eval::run_topics(&index, &searcher, &topics)?;
    let run_path = args.run.clone().unwrap_or_else(|| index_dir.join("run.txt"));
    let file = fs::File::create(&run_path).with_context(|| format!("cannot write {}", run_path.display()))?;
    let mut writer = BufWriter::new(file);
    eval::write_run(&mut writer, &topics, &run)
        .and_then(|()| writer.flush())
        .with_context(|| format!("cannot write {}", run_path.display()))?;
    let evaluation = metrics::evaluate(&qrels, &run);

    let mut out = std::io::stdout().lock();
    let m = &evaluation.means;
    if args.json {
        let object = json!({
            "articles": ids.len(),
            "topics": evaluation.topics,
            "topics_run": topics.len(),
            "map": m.map,
            "ndcg_cut_10": m.ndcg_cut_10,
            "P_10": m.p_10,
            "recall_1000": m.recall_1000,
            "run": run_path,
            "index": index_dir,
        });
        writeln!(out, "{object}")?;
    } else {
        writeln!(
            out,
            "{} articles, {} judged topics ({} run)\nMAP          {:.4}\nnDCG@10      {:.4}\nP@10         {:.4}\nRecall@1000  {:.4}\nrun: {}",
            ids.len(),
            evaluation.topics,
            topics.len(),
            m.map,
            m.ndcg_cut_10,
            m.p_10,
            m.recall_1000,
            run_path.display()
        )?;
    }
    out.flush()?;
    if let Some(min) = args.min_map
        && m.map < min
    {
        eprintln!("newsdex: MAP {:.4} is below --min-map {min}", m.map);
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Success)
}

/// A directory under the system's temporary directory for this docs file as it is now.
fn temporary_index(docs: &Path) -> anyhow::Result<PathBuf> {
    let meta = fs::metadata(docs).with_context(|| format!("cannot read {}", docs.display()))?;
    let path = fs::canonicalize(docs).unwrap_or_else(|_| docs.to_path_buf());
    let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    let key = format!(
        "{}\n{}\n{}\n{}",
        path.display(),
        meta.len(),
        modified.map_or(0, |d| d.as_nanos()),
        env!("CARGO_PKG_VERSION")
    );
    Ok(std::env::temp_dir().join(format!("newsdex-eval-{:016x}", xxh3_64(key.as_bytes()))))
}

/// Opens the index in `dir`, indexing `docs` into it first when it holds none (or, for a
/// temporary index, an incomplete one).
fn open_or_build(dir: &Path, docs: &Path, temporary: bool) -> anyhow::Result<NewsIndex> {
    let complete =
        if temporary { dir.join(COMPLETE_MARKER).is_file() } else { dir.join("meta.json").is_file() };
    if complete {
        match NewsIndex::open(dir) {
            Ok(index) => return Ok(index),
            // A temporary index an older newsdex wrote is made again, as a changed docs file is.
            Err(IndexError::Outdated(_)) if temporary => {
                fs::remove_file(dir.join(COMPLETE_MARKER)).ok();
            }
            Err(e) => return Err(e.into()),
        }
    }
    let index = if temporary { NewsIndex::open_for_rebuild(dir)? } else { NewsIndex::open_or_create(dir)? };
    let options = IndexOptions { paths: vec![docs.to_path_buf()], rebuild: true, ..IndexOptions::default() };
    let summary = super::index::index_reporting(&index, &options)?;
    if summary.articles == 0 {
        anyhow::bail!("nothing could be indexed from {}", docs.display());
    }
    if temporary {
        fs::write(dir.join(COMPLETE_MARKER), "")
            .with_context(|| format!("cannot write in {}", dir.display()))?;
    }
    Ok(NewsIndex::open(dir)?)
}
