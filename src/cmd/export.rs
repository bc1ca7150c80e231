//! `newsdex export --quickwit DIR`: writes the index's documents for a Quickwit cluster: the
//! index config (`index-config.yaml`) and the documents (`articles.ndjson` or `passages.ndjson`).
//!
//! Then: `quickwit index create --index-config DIR/index-config.yaml` and
//! `quickwit index ingest --index ID --input-path DIR/articles.ndjson`.
//! Exit status: 0, or 2 when the index cannot be read or the folder cannot be written.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

use crate::cli::{ExportArgs, ExportUnit, QuickwitVersionArg};
use crate::export::for_each_article;
use crate::export::quickwit::{self, QuickwitVersion, Unit};
use crate::index::NewsIndex;

use super::Outcome;

pub fn run(index_dir: &Path, args: ExportArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = index.reader()?.searcher();
    let dir = &args.quickwit;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let unit = match args.unit {
        ExportUnit::Articles => Unit::Article,
        ExportUnit::Passages => Unit::Passage,
    };
    let version = match args.quickwit_version {
        QuickwitVersionArg::V0_8 => QuickwitVersion::V0_8,
        QuickwitVersionArg::V0_9 => QuickwitVersion::V0_9,
    };

    let config = quickwit::index_config(&args.index_id, version, unit);
    let config_path = dir.join("index-config.yaml");
    let yaml = quickwit::config_yaml(&config, version)?;
    fs::write(&config_path, yaml).with_context(|| format!("cannot write {}", config_path.display()))?;

    let docs_path = dir.join(match unit {
        Unit::Article => "articles.ndjson",
        Unit::Passage => "passages.ndjson",
    });
    let file = File::create(&docs_path).with_context(|| format!("cannot write {}", docs_path.display()))?;
    let mut out = BufWriter::new(file);
    let mut write = |doc: quickwit::Document| -> anyhow::Result<()> {
        serde_json::to_writer(&mut out, &doc)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    let mut count = 0;
    for_each_article(&searcher, &index.fields, |article| -> anyhow::Result<()> {
        match unit {
            Unit::Article => {
                count += 1;
                write(quickwit::article_document(&article))
            }
            Unit::Passage => quickwit::passage_documents(&article).into_iter().try_for_each(|doc| {
                count += 1;
                write(doc)
            }),
        }
    })?;
    out.flush().with_context(|| format!("cannot write {}", docs_path.display()))?;

    eprintln!(
        "wrote {count} {} to {} and the index config to {}\n\
         next: quickwit index create --index-config {} && quickwit index ingest --index {} --input-path {}",
        match unit {
            Unit::Article => "articles",
            Unit::Passage => "passages",
        },
        docs_path.display(),
        config_path.display(),
        config_path.display(),
        args.index_id,
        docs_path.display(),
    );
    Ok(Outcome::Success)
}
