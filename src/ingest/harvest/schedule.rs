//! The scheduler `serve` runs: a tokio task that wakes every second, reads the enabled
//! sources (so `sources add/enable/disable` made through the store take effect without a
//! restart) and runs each one that is due, one at a time, on a blocking thread.
//!
//! Due: an interval source when its last run started at least one interval ago (never run:
//! at once); a cron source when a cron time has passed since its last run (never run: since
//! the scheduler started).

use super::fetch::FetchConfig;
use super::source::{self, Schedule};
use crate::store::Catalogue;
use std::collections::HashMap;
use std::time::Duration;
use time::OffsetDateTime;

/// When each source last started, as the harvest log says (newest run per source).
fn last_starts(cat: &Catalogue) -> HashMap<String, OffsetDateTime> {
    let mut out = HashMap::new();
    if let Ok(runs) = super::runs(cat, None, usize::MAX) {
        for r in runs {
            if let Ok(t) =
                OffsetDateTime::parse(&r.started, &time::format_description::well_known::Rfc3339)
            {
                let e = out.entry(r.source).or_insert(t);
                if t > *e {
                    *e = t;
                }
            }
        }
    }
    out
}

/// Whether a source with `schedule` is due at `now`.
pub fn due(
    schedule: &Schedule,
    last: Option<OffsetDateTime>,
    since: OffsetDateTime,
    now: OffsetDateTime,
) -> bool {
    match schedule {
        Schedule::Every(d) => last.is_none_or(|l| now - l >= *d),
        Schedule::Cron(c) => {
            let from = last.unwrap_or(since);
            let Some(from) =
                chrono::DateTime::from_timestamp(from.unix_timestamp(), from.nanosecond())
            else {
                return false;
            };
            match c.find_next_occurrence(&from, false) {
                Ok(next) => next.timestamp() <= now.unix_timestamp(),
                Err(_) => false,
            }
        }
    }
}

/// Runs forever (until the runtime shuts down). Tick length: `LIENTHONG_HARVEST_TICK_MS`
/// (default 1000).
pub async fn run(cat: Catalogue) {
    let tick = std::env::var("LIENTHONG_HARVEST_TICK_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis);
    let since = OffsetDateTime::now_utc();
    let cfg = FetchConfig::from_env();
    let mut last: Option<HashMap<String, OffsetDateTime>> = None;
    loop {
        tokio::time::sleep(tick).await;
        let c = cat.clone();
        let known = last.take();
        let cfg2 = cfg.clone();
        let step = tokio::task::spawn_blocking(move || {
            let mut starts = known.unwrap_or_else(|| last_starts(&c));
            let sources = match source::list(&c) {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!(error = %e, "scheduler: cannot read the harvest sources");
                    return starts;
                }
            };
            let now = OffsetDateTime::now_utc();
            for s in sources.into_iter().filter(|s| s.enabled) {
                let Some(text) = &s.schedule else { continue };
                let Ok(sched) = Schedule::parse(text) else {
                    tracing::warn!(source = %s.id, schedule = %text, "scheduler: unreadable schedule; skipped");
                    continue;
                };
                if !due(&sched, starts.get(&s.id).copied(), since, now) {
                    continue;
                }
                starts.insert(s.id.clone(), OffsetDateTime::now_utc());
                match super::run_source(&c, &s.id, &cfg2, &|_| {}) {
                    Ok(r) => tracing::info!(source = %s.id, status = %r.status, added = r.added, updated = r.updated, unchanged = r.unchanged, removed = r.removed, invalid = r.invalid, "scheduled harvest"),
                    Err(e) => tracing::error!(source = %s.id, error = %e, "scheduled harvest could not run"),
                }
            }
            starts
        })
        .await;
        match step {
            Ok(starts) => last = Some(starts),
            Err(e) => tracing::error!(error = %e, "scheduler step panicked; retrying next tick"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_by_interval_and_cron() {
        let t0 = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let every = Schedule::parse("1h").unwrap();
        assert!(due(&every, None, t0, t0));
        assert!(!due(&every, Some(t0), t0, t0 + Duration::from_secs(60)));
        assert!(due(&every, Some(t0), t0, t0 + Duration::from_secs(3600)));
        let cron = Schedule::parse("0 * * * *").unwrap();
        // 1_800_000_000 is 08:00:00 UTC; the next hour is 09:00.
        assert!(!due(&cron, Some(t0), t0, t0 + Duration::from_secs(1800)));
        assert!(due(&cron, Some(t0), t0, t0 + Duration::from_secs(3601)));
    }
}
