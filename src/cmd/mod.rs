//! One file per command: each turns its flags into a request to the library and writes the
//! result. Commands return an [`Outcome`]; errors go up to `main`. Each command's flags and their
//! meaning are written once, in `cli.rs`, which `newsdex COMMAND --help` prints.

pub mod bench;
pub mod delete;
pub mod entities;
pub mod eval;
pub mod export;
pub mod index;
pub mod ner;
pub mod optimize;
pub mod query;
pub mod related;
pub mod serve;
pub mod show;
pub mod stats;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Cli, ColorArg, Command};
use crate::output::{ColorWhen, Style};

/// How a command that ran ended, as grep would say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: hits found, everything indexed.
    Success,
    /// Exit 1: no hits, some input skipped, or a quality gate not met.
    Partial,
    /// Exit 2: nothing could be done (the reason has been printed).
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Success => 0,
            Outcome::Partial => 1,
            Outcome::Failure => 2,
        })
    }
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let index = cli.index_dir();
    match cli.command {
        Command::Index(args) => index::run(&index, args),
        Command::Delete(args) => delete::run(&index, args),
        Command::Query(args) => query::run(&index, args),
        Command::Stats(args) => stats::run(&index, args),
        Command::Show(args) => show::run(&index, args),
        Command::Bench(args) => bench::run(&index, args),
        Command::Optimize(args) => optimize::run(&index, args),
        Command::Export(args) => export::run(&index, args),
        Command::Eval(args) => eval::run(cli.index.as_deref(), args),
        Command::Related(args) => related::run(&index, args),
        Command::Entities(args) => entities::run(&index, args),
        Command::Serve(args) => serve::run(&index, args),
        Command::Ner(command) => ner::run(command),
    }
}

/// The style for standard output under `--color`.
fn stdout_style(color: ColorArg) -> Style {
    let when = match color {
        ColorArg::Auto => ColorWhen::Auto,
        ColorArg::Always => ColorWhen::Always,
        ColorArg::Never => ColorWhen::Never,
    };
    Style::choose(
        when,
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    )
}
