//! The page's files, built into the binary: nothing is read from disk while serving, so no
//! path a client sends can name a file.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Name, content type and content of each file under `/assets/`.
const FILES: [(&str, &str, &str); 2] = [
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_str!("../../assets/app.css")),
];

const PAGE: &str = include_str!("../../assets/index.html");

/// The page itself, for `/` with any query string (every state of the page is a URL).
pub fn page() -> Response {
    respond("text/html; charset=utf-8", PAGE)
}

/// One of the page's files, or 404 for any other name.
pub fn file(name: &str) -> Response {
    match FILES.iter().find(|(file, ..)| *file == name) {
        Some((_, content_type, content)) => respond(content_type, content),
        None => {
            ApiError::not_found(format!("no such file: {}", super::params::truncate(name))).into_response()
        }
    }
}

fn respond(content_type: &'static str, content: &'static str) -> Response {
    let mut response = (StatusCode::OK, content).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // The files change only with the binary; revalidating is cheap on loopback.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
