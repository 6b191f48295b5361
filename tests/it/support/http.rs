//! Over real sockets: the one HTTP client of the tests (reqwest, blocking), the one way to
//! start `lienthong serve` (the binary binds `127.0.0.1:0` and announces its address: no
//! port is picked and released), and a port where nothing listens.

use super::TOKEN;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The shared HTTP client (rustls with ring; generous timeout for slow federated calls).
pub fn client() -> &'static reqwest::blocking::Client {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .expect("HTTP client")
    })
}

/// One request to `127.0.0.1:port`: status and (decoded) body.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> reqwest::Result<(u16, String)> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("HTTP method");
    let mut req = client().request(method, format!("http://127.0.0.1:{port}{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.body(body.to_string()).send()?;
    let status = resp.status().as_u16();
    Ok((status, resp.text()?))
}

/// [`request`], failing the test when the server cannot be reached.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    request(port, method, path, headers, body)
        .unwrap_or_else(|e| panic!("{method} {path} on port {port}: {e}"))
}

/// A GET with an `Accept` header: status and body.
pub fn http_get(port: u16, path: &str, accept: &str) -> reqwest::Result<(u16, String)> {
    request(port, "GET", path, &[("accept", accept)], "")
}

/// A `lienthong serve` child process, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// What the server wrote on stderr so far (shown when it fails to start).
    pub log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Starts the real binary (`serve` plus `extra` arguments) on a port the OS picks, reads
/// the address it announces on stderr, and waits for `/healthz`.
pub fn serve(store: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lienthong"))
        .arg("--store")
        .arg(store)
        .arg("serve")
        .args(extra)
        .args(["--bind", "127.0.0.1:0"])
        .env("LIENTHONG_ADMIN_TOKEN", TOKEN)
        // The announcement is an info line: keep it whatever the caller's environment says.
        .env("LIENTHONG_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lienthong serve");
    let stderr = child.stderr.take().expect("stderr");
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    let sink = log.clone();
    // Reads the announcement, then keeps draining stderr so the server never blocks on it.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(port) = announced_port(&line) {
                let _ = tx.send(port);
            }
            let mut log = sink.lock().unwrap();
            if log.len() < 64 * 1024 {
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
    let port = match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(port) => port,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "lienthong serve announced no address; its stderr:\n{}",
                log.lock().unwrap()
            );
        }
    };
    let server = Server { child, port, log };
    let start = Instant::now();
    while !matches!(http_get(port, "/healthz", "application/json"), Ok((200, _))) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server did not come up; its stderr:\n{}",
            server.log.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// The port of a "lienthong listening on http://127.0.0.1:PORT" line (the actual address,
/// which the `--bind` argument does not say when it asks for port 0).
fn announced_port(line: &str) -> Option<u16> {
    let rest = line.split("listening on http://").nth(1)?;
    let addr: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']'))
        .collect();
    addr.parse::<std::net::SocketAddr>().ok().map(|a| a.port())
}

/// A port bound on 127.0.0.1 but not listening: connections to it are refused for as long
/// as this value lives (the port cannot be handed to anyone else meanwhile).
pub struct DeadPort {
    _socket: tokio::net::TcpSocket,
    pub port: u16,
}

pub fn dead_port() -> DeadPort {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().unwrap())
        .expect("bind 127.0.0.1:0");
    let port = socket.local_addr().expect("local address").port();
    DeadPort {
        _socket: socket,
        port,
    }
}
