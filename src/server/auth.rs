//! Who is calling: the [`Caller`] extractor reads `Authorization: Bearer <token>` once for
//! every route (no credentials: public; the admin token: admin; anything else: 403), and
//! [`Admin`] is the extractor of routes that change the catalogue (anonymous: 401 with a
//! Bearer challenge; wrong token: 403).

use super::error::Problem;
use super::ServerConfig;
use crate::store::Access;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use std::sync::Arc;

/// The caller's access level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller(pub Access);

impl Caller {
    /// For routes that only sometimes write (SPARQL update through `/sparql`).
    pub fn require_admin(self) -> Result<(), Problem> {
        match self.0 {
            Access::Admin => Ok(()),
            Access::Public => Err(Problem::new(
                StatusCode::UNAUTHORIZED,
                "this operation changes the catalogue: send Authorization: Bearer <admin token>",
            )),
        }
    }
}

/// The caller is the administrator.
#[derive(Clone, Copy, Debug)]
pub struct Admin;

impl<S: Send + Sync> FromRequestParts<S> for Caller
where
    Arc<ServerConfig>: FromRef<S>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let config = Arc::<ServerConfig>::from_ref(state);
        access(&parts.headers, &config).map(Caller)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin
where
    Arc<ServerConfig>: FromRef<S>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Caller::from_request_parts(parts, state)
            .await?
            .require_admin()
            .map(|()| Admin)
    }
}

/// No credentials → public; the admin token → admin; anything else → 403.
fn access(headers: &HeaderMap, config: &ServerConfig) -> Result<Access, Problem> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Access::Public);
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    match (presented, &config.admin_token) {
        (Some(p), Some(t)) if constant_time_eq(p.as_bytes(), t.as_bytes()) => Ok(Access::Admin),
        _ => Err(Problem::new(
            StatusCode::FORBIDDEN,
            "the bearer token is not valid for this server",
        )),
    }
}

/// Compares SHA-256 digests of both sides, byte by byte without an early return, so the
/// time taken says nothing about the token's length or how much of it matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (da, db) = (Sha256::digest(a), Sha256::digest(b));
    da.iter()
        .zip(db.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_comparison() {
        assert!(super::constant_time_eq(b"s3cret", b"s3cret"));
        assert!(!super::constant_time_eq(b"s3cret", b"s3cre"));
        assert!(!super::constant_time_eq(b"s3cret", b"s3creT"));
        assert!(!super::constant_time_eq(b"", b"x"));
    }
}
