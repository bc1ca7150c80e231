//! newsdex: a search engine for news archives.
//!
//! Data flows through one model ([`model`]) and five stages:
//! [`ingest`] (files → raw articles) → [`extract`] (cleaning, dateline, entities, passages) →
//! [`index`] (schema, writer) → [`search`] (query, ranking, snippets) → [`output`] (human, JSON).
//! [`pipeline`] runs the first three for `newsdex index`; [`export`] writes an index's articles for
//! another engine (Quickwit); [`cli`] and [`cmd`] are the command line.

pub mod cli;
pub mod cmd;
pub mod cpu_time;
pub mod eval;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod search;
