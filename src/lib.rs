//! newsdex: a search engine for news archives.
//!
//! Data flows through one model ([`model`]) and five stages:
//! [`ingest`] (files → raw articles) → [`extract`] (cleaning, dateline, entities, passages) →
//! [`index`] (schema, writer) → [`search`] (query, ranking, snippets) → [`output`] (human, JSON).
//! [`pipeline`] runs the first three for `newsdex index`; [`export`] writes an index's articles for
//! another engine (Quickwit); [`server`] serves the search over HTTP with a web page; [`cli`] and
//! [`cmd`] are the command line. [`names`] (listed names and the key an entity is known by) and
//! [`word_lists`] (the word lists in `data/` that the stages match text against) stand on the
//! model alone, for every stage to use.

pub mod cli;
pub mod cmd;
pub mod cpu_time;
pub mod eval;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod model;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod search;
pub mod server;
pub mod word_lists;
