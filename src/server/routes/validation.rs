//! `GET /api/validation`: the validation reports kept in the store, as JSON.
//!
//! Parameters (all optional): `agency` (IRI or last segment), `source` (`import:gen.nt` or
//! `gen.nt`, a harvest source id...), `severity` (`Violation`, `Warning`, `Info`: reports
//! with such results, and only those results), `status` (`quarantined`, `accepted`,
//! `released`), `record` (IRI), `limit` (default 100, at most 1000), `offset`.
//! The administrator (bearer token) sees every report; an anonymous caller only sees reports
//! about public records (no restricted access rights, sharing scope open or absent).

use crate::error::Error;
use crate::gate::reports::{self, ReportQuery};
use crate::gate::FindingSeverity as Severity;
use crate::server::auth::Caller;
use crate::server::error::{blocking, Problem};
use crate::server::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/validation", get(list))
}

fn parse(raw: Option<&str>) -> Result<(ReportQuery, usize, usize), Error> {
    let mut q = ReportQuery::default();
    let (mut limit, mut offset) = (100usize, 0usize);
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v = v.into_owned();
        match k.as_ref() {
            "agency" => q.agency = Some(v),
            "source" => q.source = Some(v),
            "severity" => {
                q.severity = Some(Severity::parse(&v).ok_or_else(|| {
                    Error::BadRequest(format!("severity '{v}': use Violation, Warning or Info"))
                })?)
            }
            "status" => {
                if reports::Status::parse(&v).is_none() {
                    return Err(Error::BadRequest(format!(
                        "status '{v}': use quarantined, accepted or released"
                    )));
                }
                q.status = Some(v)
            }
            "record" => q.record = Some(v),
            "limit" => {
                limit = v
                    .parse::<usize>()
                    .map_err(|_| Error::BadRequest(format!("limit '{v}' is not a number")))?
                    .min(1000)
            }
            "offset" => {
                offset = v
                    .parse()
                    .map_err(|_| Error::BadRequest(format!("offset '{v}' is not a number")))?
            }
            other => {
                return Err(Error::BadRequest(format!(
                    "unknown parameter '{other}': use agency, source, severity, status, record, limit, offset"
                )))
            }
        }
    }
    Ok((q, limit, offset))
}

async fn list(
    State(st): State<AppState>,
    Caller(who): Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<serde_json::Value>, Problem> {
    let (q, limit, offset) = parse(raw.as_deref())?;
    let cat = st.cat.clone();
    let v = blocking(move || {
        let all = reports::list(cat.store(), &q, who)?;
        let total = all.len();
        let page: Vec<_> = all
            .iter()
            .skip(offset)
            .take(limit)
            .map(|r| r.to_json())
            .collect();
        Ok(serde_json::json!({
            "total": total,
            "offset": offset,
            "limit": limit,
            "reports": page,
        }))
    })
    .await?;
    Ok(Json(v))
}
