//! `lienthong serve --demo` as a user runs it: the real binary on a real port, with the
//! embedded Nghệ An catalogue, answering SPARQL and the feed over HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 GET (Connection: close), returning status and body.
fn http_get(port: u16, path: &str, accept: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[test]
fn serve_demo_answers_sparql_and_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_lienthong"))
            .arg("--store")
            .arg(dir.path().join("store"))
            .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
            .env_remove("LIENTHONG_ADMIN_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    loop {
        if let Ok((200, _)) = http_get(port, "/healthz", "application/json") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the demo server did not come up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let q = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }";
    let (status, body) = http_get(port, &format!("/sparql?query={}", enc(q)), "text/csv").unwrap();
    assert_eq!(status, 200, "{body}");
    let public: usize = body.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(public >= 40, "the demo shows its public datasets: {public}");
    let (status, body) = http_get(port, "/catalog?format=ttl", "text/turtle").unwrap();
    assert_eq!(status, 200);
    assert!(
        body.contains("hydra:totalItems") || body.contains("totalItems"),
        "{body}"
    );
    assert!(body.contains("Nghệ An"));
    let (status, body) = http_get(port, "/", "text/html").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("SPARQL"));
    drop(server);
}
