//! The HTTP server behind `newsdex serve`: a JSON API over the same search library the CLI uses,
//! and the web page that calls it. Built on tokio and axum; tower-http adds the limits, the
//! timeout, compression and the security headers. The reader follows the index's commits, so
//! an `index` run in another process shows up within about a second.

mod assets;
mod cache;
pub mod error;
mod handlers;
pub mod params;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use subtle::ConstantTimeEq;
use tantivy::IndexReader;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::index::{IndexError, NewsIndex};
use crate::search::NewsSearcher;
use cache::AnswerCache;
use error::ApiError;

/// Requests carry no body; anything past this is refused before it is read.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// A request still running after this gets 503.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Scripts, styles and data only from this server; no inline script, no framing.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server is reached.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub bind: SocketAddr,
    /// Required as `Authorization: Bearer …` on every API request when set.
    pub token: Option<String>,
    /// Answer a request asked again from the cache while the index is unchanged.
    pub cache: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{0} is reachable from other machines: give a token with --token or NEWSDEX_TOKEN, or bind to 127.0.0.1"
    )]
    TokenNeeded(SocketAddr),
    #[error("the token is too short: give one of at least 16 characters")]
    ShortToken,
}

impl ServeConfig {
    /// Loopback needs no token; any other address does.
    pub fn check(&self) -> Result<(), ServeError> {
        match &self.token {
            Some(token) if token.trim().len() < 16 => Err(ServeError::ShortToken),
            None if !self.bind.ip().is_loopback() => Err(ServeError::TokenNeeded(self.bind)),
            _ => Ok(()),
        }
    }
}

/// What every handler shares: the index and a reader that follows its commits.
pub struct AppState {
    index: NewsIndex,
    reader: IndexReader,
    /// The newest searcher with its ranking statistics, made once per commit.
    current: std::sync::Mutex<Option<(u64, NewsSearcher)>>,
    /// Searches running at once: one per core. Searches are CPU work; more at once only share
    /// the cores, so every answer waits longer, the slowest ones most.
    searches: tokio::sync::Semaphore,
    cache: Option<AnswerCache>,
    token: Option<String>,
    /// Bound to loopback without a token: only loopback host names are answered.
    loopback_only: bool,
}

impl AppState {
    pub fn new(index: NewsIndex, config: &ServeConfig) -> Result<Self, IndexError> {
        let reader = index.reader_following_commits()?;
        Ok(Self {
            index,
            reader,
            current: std::sync::Mutex::new(None),
            searches: tokio::sync::Semaphore::new(
                2 * std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            ),
            cache: config.cache.then(AnswerCache::default),
            token: config.token.clone(),
            loopback_only: config.token.is_none() && config.bind.ip().is_loopback(),
        })
    }

    /// The JSON answer to the request `key` (its path and query): from the cache when the
    /// newest searcher gave it, else made by `work` on the blocking pool.
    async fn answer<F>(self: &Arc<Self>, key: &Uri, work: F) -> Result<Response, ApiError>
    where
        F: FnOnce(&NewsIndex, &NewsSearcher) -> Result<Vec<u8>, ApiError> + Send + 'static,
    {
        let searcher = self.searcher()?;
        let generation = searcher.searcher.generation().generation_id();
        let key = key.path_and_query().map_or_else(|| key.path().to_string(), |pq| pq.as_str().to_string());
        if let Some(body) = self.cache.as_ref().and_then(|cache| cache.get(&key, generation)) {
            return Ok(json_response(body));
        }
        let _turn = self.searches.acquire().await.map_err(|e| ApiError::unavailable(&e))?;
        let state = Arc::clone(self);
        let body: Bytes = tokio::task::spawn_blocking(move || work(&state.index, &searcher))
            .await
            .map_err(|e| ApiError::unavailable(&e))??
            .into();
        if let Some(cache) = &self.cache {
            cache.put(key, generation, body.clone());
        }
        Ok(json_response(body))
    }

    /// The searcher of the newest commit, with its statistics.
    fn searcher(&self) -> Result<NewsSearcher, ApiError> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let mut current = self.current.lock().map_err(|_| ApiError::unavailable(&"a request failed"))?;
        if let Some((known, news)) = current.as_ref()
            && *known == generation
        {
            return Ok(news.clone());
        }
        let news = NewsSearcher::new(&self.index, searcher).map_err(ApiError::from)?;
        *current = Some((generation, news.clone()));
        Ok(news)
    }
}

fn json_response(body: Bytes) -> Response {
    let mut response = Body::from(body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The routes, the limits and the headers.
pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/api/search", get(handlers::search))
        .route("/api/articles/{id}", get(handlers::article))
        .route("/api/related/{id}", get(handlers::related))
        .route("/api/timeline", get(handlers::timeline))
        .route("/api/entities", get(handlers::entities))
        .route_layer(middleware::from_fn_with_state(Arc::clone(&state), require_token));
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(handlers::page))
        .route("/assets/{name}", get(handlers::asset))
        .merge(api)
        .fallback(handlers::not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), check_host))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Outside the limits, so that their refusals are JSON too.
        .layer(middleware::map_response(error::as_json))
        .layer(CompressionLayer::new())
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .with_state(state)
}

/// Serves until `shutdown` completes, then finishes the requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// 401 for an API request without the server's token (when it has one).
async fn require_token(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(token) = &state.token else { return next.run(request).await };
    let sent = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if bool::from(sent.as_bytes().ct_eq(token.as_bytes())) {
        return next.run(request).await;
    }
    let mut response = ApiError {
        status: StatusCode::UNAUTHORIZED,
        message: "this server needs a token: send it as Authorization: Bearer TOKEN".into(),
    }
    .into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Without a token, answers only requests addressed to a loopback name, so that a web page
/// elsewhere cannot reach the server by pointing its own host name at 127.0.0.1.
async fn check_host(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if state.loopback_only {
        let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !is_loopback_host(host) {
            return ApiError {
                status: StatusCode::FORBIDDEN,
                message: "this server answers only requests to localhost or a loopback address".into(),
            }
            .into_response();
        }
    }
    next.run(request).await
}

fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_serves_without_a_token() {
        let config = |bind: &str, token: Option<&str>| ServeConfig {
            bind: bind.parse().unwrap(),
            token: token.map(String::from),
            cache: true,
        };
        assert!(config("127.0.0.1:7700", None).check().is_ok());
        assert!(config("[::1]:7700", None).check().is_ok());
        let err = config("0.0.0.0:7700", None).check().unwrap_err();
        assert_eq!(
            err.to_string(),
            "0.0.0.0:7700 is reachable from other machines: give a token with --token or NEWSDEX_TOKEN, or bind to 127.0.0.1"
        );
        assert!(config("0.0.0.0:7700", Some("a-long-enough-token")).check().is_ok());
        assert!(matches!(config("0.0.0.0:7700", Some("short")).check(), Err(ServeError::ShortToken)));
    }

    #[test]
    fn loopback_hosts_are_told_from_others() {
        for host in ["127.0.0.1:7700", "localhost:7700", "LOCALHOST", "[::1]:7700", "127.0.0.2"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["evil.example:7700", "192.168.1.4:7700", "", "[::2]:80", "localhost.evil.example"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
