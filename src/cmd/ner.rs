//! `newsdex ner`: train, run and score the named-entity tagger on CoNLL files.
//!
//! `tag` writes every line of the file with the predicted tag appended to token lines, so that
//! `conlleval` can score it; `eval` prints the same scores conlleval prints. `--min-f1` is a
//! quality gate: `eval` exits with status 1 when the typed F1 is below it, 2 on errors.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;

use crate::cli::{NerCommand, NerEvalArgs, NerTagArgs, NerTrainArgs};
use crate::extract::clean;
use crate::extract::entities::conll::{self, Document};
use crate::extract::entities::{Lexicon, LexiconBuilder, Tagger, TrainOptions, Workspace, train};
use crate::ingest::{self, IngestOptions};

use super::Outcome;

pub fn run(command: NerCommand) -> anyhow::Result<Outcome> {
    match command {
        NerCommand::Train(args) => run_train(args),
        NerCommand::Tag(args) => run_tag(args),
        NerCommand::Eval(args) => run_eval(args),
    }
}

fn read_all(paths: &[PathBuf]) -> anyhow::Result<Vec<(&Path, Vec<Document>)>> {
    paths.iter().map(|path| Ok((path.as_path(), conll::read(path)?))).collect()
}

/// Word statistics from unannotated news, read as `index` reads it.
fn word_statistics(paths: &[PathBuf]) -> anyhow::Result<Lexicon> {
    let mut builder = LexiconBuilder::default();
    if paths.is_empty() {
        return Ok(builder.finish());
    }
    let discovery = ingest::discover(paths, false);
    if let Some(problem) = discovery.problems.first() {
        anyhow::bail!("{problem}");
    }
    let options = Arc::new(IngestOptions::default());
    for file in &discovery.files {
        let records = ingest::open_records(&file.path, &options).map_err(|p| anyhow::anyhow!("{p}"))?;
        for raw in records.flatten() {
            builder.add_article(&clean::clean_text(&raw.text));
        }
    }
    let documents = builder.documents();
    let lexicon = builder.finish();
    eprintln!("newsdex: word statistics of {} words from {documents} articles", lexicon.len());
    Ok(lexicon)
}

fn documents<'a>(files: &'a [(&'a Path, Vec<Document>)]) -> Vec<(&'a Path, &'a Document)> {
    files.iter().flat_map(|(path, docs)| docs.iter().map(move |d| (*path, d))).collect()
}

fn run_train(args: NerTrainArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let (train_files, valid_files) = (read_all(&args.conll)?, read_all(&args.valid)?);
    let (train_docs, valid_docs) = (documents(&train_files), documents(&valid_files));
    if train_docs.is_empty() {
        anyhow::bail!("no sentences in the --conll files: nothing to learn from");
    }
    let lexicon = word_statistics(&args.unlabeled)?;
    let options = TrainOptions { epochs: args.epochs as usize, prune: args.prune, ..TrainOptions::default() };
    let mut log = |line: String| eprintln!("newsdex: {line}");
    let tagger = train(&train_docs, &valid_docs, lexicon, &options, &mut log)?;
    tagger.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "newsdex: wrote {} ({} features, {:.1} MB) in {:.0} s",
        args.out.display(),
        tagger.features(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}

/// The tagger of `--model`, or the built-in one.
enum ChosenTagger {
    BuiltIn(&'static Tagger),
    Loaded(Box<Tagger>),
}

impl ChosenTagger {
    fn new(model: Option<&Path>) -> anyhow::Result<Self> {
        Ok(match model {
            Some(path) => Self::Loaded(Box::new(Tagger::load(path)?)),
            None => Self::BuiltIn(Tagger::builtin()?),
        })
    }

    fn get(&self) -> &Tagger {
        match self {
            Self::BuiltIn(tagger) => tagger,
            Self::Loaded(tagger) => tagger,
        }
    }
}

fn run_tag(args: NerTagArgs) -> anyhow::Result<Outcome> {
    let chosen = ChosenTagger::new(args.model.as_deref())?;
    let tagger = chosen.get();
    let documents = conll::read(&args.conll)?;
    let mut work = Workspace::default();
    let mut predicted = documents.iter().flat_map(|d| conll::tag(tagger, d, &mut work)).flatten();
    let text = std::fs::read_to_string(&args.conll)
        .with_context(|| format!("cannot read {}", args.conll.display()))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in text.lines() {
        let first = line.split_whitespace().next();
        match first {
            Some(word) if word != "-DOCSTART-" => {
                writeln!(out, "{line} {}", predicted.next().unwrap_or("O"))?;
            }
            _ => writeln!(out, "{line}")?,
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn run_eval(args: NerEvalArgs) -> anyhow::Result<Outcome> {
    let chosen = ChosenTagger::new(args.model.as_deref())?;
    let tagger = chosen.get();
    let documents = conll::read(&args.conll)?;
    let scores = conll::evaluate(tagger, &documents, &args.conll)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &scores)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", scores.report())?;
    }
    out.flush()?;
    let f1 = 100.0 * scores.micro.f1;
    if let Some(min) = args.min_f1
        && f1 < min
    {
        eprintln!("newsdex: typed F1 {f1:.2} on {} is below the required {min}", args.conll.display());
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Success)
}
