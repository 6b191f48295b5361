//! Errors as HTTP answers: [`Problem`] is a status with a plain-text message (what clients
//! and curl users read), and every library [`Error`] turns into one, so handlers return
//! `Result<_, Problem>` (or `Result<_, Error>`) and use `?` on library calls.

use crate::error::Error;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answer: status, message, and for 401 the Bearer challenge.
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub message: String,
    /// Seconds for `Retry-After` (503 when the server is busy).
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// With `Retry-After: secs`.
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut msg = self.message;
        msg.push('\n');
        let mut r = (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            msg,
        )
            .into_response();
        if let Some(secs) = self.retry_after {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"lienthong\""),
            );
        }
        r
    }
}

/// The status each library error answers with.
pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::QuerySyntax(_)
        | Error::BadRequest(_)
        | Error::Syntax { .. }
        | Error::Input { .. }
        | Error::UnknownFormat(_) => StatusCode::BAD_REQUEST,
        Error::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        Error::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
        Error::Peer(_) => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        let status = status_of(&e);
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %e, "request failed");
        }
        Problem::new(status, e.to_string())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        Problem::from(self).into_response()
    }
}

/// Runs blocking store work off the async runtime.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.into()),
        Err(e) => Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("worker failed: {e}"),
        )),
    }
}
