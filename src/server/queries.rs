//! A bounded pool for SPARQL evaluation: at most `workers` queries run at once; a query that
//! finds them all busy waits at most `queue_wait` for one, else answers 503 with
//! `Retry-After` at once. A worker is held until its evaluation really ends (not when its
//! request gives up), so queries that overrun their deadline cannot pile up behind each
//! other and starve the cheap routes (`/healthz`, `/catalog`, search), which do not use it.

use super::error::{blocking, Problem};
use crate::error::Error;
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(Clone, Debug)]
pub struct QueryPool {
    workers: Arc<Semaphore>,
    queue_wait: Duration,
}

impl QueryPool {
    pub fn new(workers: usize, queue_wait: Duration) -> Self {
        Self {
            workers: Arc::new(Semaphore::new(workers.max(1))),
            queue_wait,
        }
    }

    /// Runs `f` on a worker off the async runtime, or answers 503 when none frees up in time.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Problem> {
        let permit = match tokio::time::timeout(
            self.queue_wait,
            self.workers.clone().acquire_owned(),
        )
        .await
        {
            Ok(Ok(p)) => p,
            _ => return Err(Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "máy chủ đang bận, hãy thử lại sau / every query worker is busy: try again shortly",
            )
            .retry_after(1)),
        };
        blocking(move || {
            let _held = permit;
            f()
        })
        .await
    }
}
