//! One plain async function per route: read the parameters, run the library's search on the
//! blocking pool with the current searcher, return what the CLI's `--json` prints.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use super::assets;
use super::error::ApiError;
use super::params::{self, Params};
use crate::output::json::{HitJson, article_json, hit_json};
use crate::output::views::{facets_json, timeline_json};
use crate::search::cooccur::cooccurrences;
use crate::search::related::related as related_articles;
use crate::search::search as run_search;
use crate::search::stats::Count;
use crate::search::stored::load_article;

pub async fn page() -> Response {
    assets::page()
}

pub async fn asset(path: Result<Path<String>, PathRejection>) -> Response {
    match path {
        Ok(Path(name)) => assets::file(&name),
        Err(_) => ApiError::not_found("no such file").into_response(),
    }
}

pub async fn not_found() -> ApiError {
    ApiError::not_found(
        "no such route: the API is under /api/ (search, articles, related, timeline, entities)",
    )
}

/// `GET /api/search`: `{"total", "offset", "hits", "facets"}`, each hit as `query --json` prints it.
#[derive(Serialize)]
struct SearchJson<'a> {
    /// Articles that matched, before folding copies and paging.
    total: usize,
    offset: usize,
    hits: Vec<HitJson<'a>>,
    facets: BTreeMap<&'static str, &'a [Count]>,
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    hits: Vec<HitJson<'a>>,
}

pub async fn search(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let request = Params::parse(raw.as_deref(), true, params::SEARCH)?.search()?;
    state
        .answer(&uri, move |index, searcher| {
            let results = run_search(index, searcher, &request)?;
            json_body(&SearchJson {
                total: results.matched,
                offset: request.offset,
                hits: results.hits.iter().map(hit_json).collect(),
                facets: facets_json(&results.facets),
            })
        })
        .await
}

/// `GET /api/articles/{id}`: what `show --json` prints.
pub async fn article(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), false, &[])?;
    let id = article_id(path)?;
    state
        .answer(&uri, move |index, searcher| match load_article(&searcher.searcher, &index.fields, &id)? {
            Some(article) => json_body(&article_json(&article)),
            None => Err(no_article(&id)),
        })
        .await
}

/// `GET /api/related/{id}`: `{"hits": […]}`, hits as `related --json` prints them.
pub async fn related(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let id = article_id(path)?;
    let request = Params::parse(raw.as_deref(), false, params::RELATED)?.related(&id)?;
    state
        .answer(&uri, move |index, searcher| match related_articles(index, searcher, &request)? {
            Some(results) => json_body(&RelatedJson { hits: results.hits.iter().map(hit_json).collect() }),
            None => Err(no_article(&id)),
        })
        .await
}

/// `GET /api/timeline`: what `query --timeline --json` prints as its timeline line.
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let request = Params::parse(raw.as_deref(), true, params::TIMELINE)?.timeline()?;
    state
        .answer(&uri, move |index, searcher| {
            let results = run_search(index, searcher, &request)?;
            match &results.timeline {
                Some(timeline) => json_body(&timeline_json(timeline)),
                None => Err(ApiError::bad_request("no timeline for this request")),
            }
        })
        .await
}

/// `GET /api/entities`: who appears with whom (see `search::cooccur`).
pub async fn entities(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let request = Params::parse(raw.as_deref(), true, params::ENTITIES)?.entities()?;
    state.answer(&uri, move |index, searcher| json_body(&cooccurrences(index, searcher, &request)?)).await
}

fn article_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    match path {
        Ok(Path(id)) if !id.is_empty() && id.len() <= params::MAX_QUERY_BYTES => Ok(id),
        _ => Err(ApiError::not_found("no such article")),
    }
}

fn no_article(id: &str) -> ApiError {
    ApiError::not_found(format!("no article with id '{}': ids are in search results", params::truncate(id)))
}

/// Serialises on the blocking pool, where the search ran, rather than on the async threads.
fn json_body(value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::unavailable(&e))
}
