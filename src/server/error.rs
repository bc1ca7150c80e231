//! Errors as the API returns them: a status and `{"error": "…"}` with one line for people.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::search::SearchError;
use crate::search::query::QueryError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, message: message.into() }
    }

    /// The index could not be read: the cause goes to the server's log, not to the client.
    pub fn unavailable(cause: &dyn std::fmt::Display) -> Self {
        eprintln!("newsdex serve: {cause}");
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "the index could not be read; the server's log says why".into(),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::Query(err) => err.into(),
            SearchError::Index(err) => Self::unavailable(&err),
        }
    }
}

impl From<QueryError> for ApiError {
    fn from(err: QueryError) -> Self {
        Self::bad_request(err.to_string())
    }
}

impl From<tantivy::TantivyError> for ApiError {
    fn from(err: tantivy::TantivyError) -> Self {
        Self::unavailable(&err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_error(self.status, &self.message)
    }
}

/// `{"error": message}` with `status`.
pub fn json_error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Gives an error response that has no JSON body of its own (from the router or a layer: an
/// unknown method, a body past the limit, a timeout) the API's JSON form.
pub async fn as_json(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "only GET is served here".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large: the API takes no body".to_string(),
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => {
            "the request took too long; try a narrower query".to_string()
        }
        other => other.canonical_reason().unwrap_or("request failed").to_lowercase(),
    };
    let mut out = json_error(status, &message);
    for (name, value) in response.headers() {
        if name == header::ALLOW || name == header::WWW_AUTHENTICATE {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}
