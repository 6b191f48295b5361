//! Shared by the benchmarks (`harness = false`; each includes this with `mod support;`):
//! numbers from the command line, a `gen` catalogue written to a file, peak memory, the real
//! `lienthong serve` binary on a port the OS picks, and one plain HTTP/1.1 request helper
//! (one connection per request, no client library between the figures and the socket).
#![allow(dead_code)]

use lienthong::synth::{generate, GenOptions, GenStats};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The admin token the benchmark servers run with.
pub const TOKEN: &str = "bench";

/// The `i`-th command-line argument as a number, else `default`. `cargo bench` passes
/// `--bench` to every benchmark: flags are skipped.
pub fn arg<T>(i: usize, default: T) -> anyhow::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    Ok(std::iter::once(String::new())
        .chain(std::env::args().skip(1).filter(|a| !a.starts_with("--")))
        .nth(i)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(default))
}

/// Writes a `gen` catalogue of `datasets` datasets (default options otherwise) to `path`.
pub fn gen_file(path: &Path, datasets: usize) -> anyhow::Result<GenStats> {
    Ok(generate(
        &GenOptions {
            datasets,
            ..GenOptions::default()
        },
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?),
    )?)
}

/// Peak resident memory (VmHWM) of process `pid`, in KiB (Linux).
pub fn vm_hwm_kb(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A `lienthong serve` child process, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `lienthong --store STORE serve ARGS --bind 127.0.0.1:0` (admin token [`TOKEN`]),
/// reads the address it announces, and waits for `/healthz`. A new store builds its search
/// index before the server listens, which on a loaded machine takes minutes. The server's
/// warnings and errors go to this process's stderr.
pub fn serve(store: &Path, args: &[&str]) -> anyhow::Result<Server> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lienthong"))
        .arg("--store")
        .arg(store)
        .arg("serve")
        .args(args)
        .args(["--bind", "127.0.0.1:0"])
        .env("LIENTHONG_ADMIN_TOKEN", TOKEN)
        // Warnings, plus the server's own info line that announces the address.
        .env("LIENTHONG_LOG", "warn,lienthong::server=info")
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            match announced_port(&line) {
                Some(port) => {
                    let _ = tx.send(port);
                }
                None => eprintln!("{line}"),
            }
        }
    });
    let Ok(port) = rx.recv_timeout(Duration::from_secs(1200)) else {
        let _ = child.kill();
        let _ = child.wait();
        anyhow::bail!("lienthong serve did not start (it announced no address)");
    };
    let server = Server { child, port };
    let start = Instant::now();
    while request(port, "GET", "/healthz", &[], "").is_err() {
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(120),
            "server did not answer /healthz"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

/// The port of a "lienthong listening on http://127.0.0.1:PORT" line.
fn announced_port(line: &str) -> Option<u16> {
    let rest = line.split("listening on http://").nth(1)?;
    let addr: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']'))
        .collect();
    addr.parse::<std::net::SocketAddr>().ok().map(|a| a.port())
}

/// One HTTP/1.1 request on a new connection (`Connection: close`) to `127.0.0.1:port`:
/// fails unless the answer is 2xx; returns the body (chunked bodies decoded).
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> anyhow::Result<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(300)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body.as_bytes())?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(out.len(), |p| p + 4);
    let (head, body) = out.split_at(split);
    let head = String::from_utf8_lossy(head);
    anyhow::ensure!(
        head.starts_with("HTTP/1.1 2"),
        "{method} {path}: {head}{}",
        String::from_utf8_lossy(&body[..body.len().min(300)])
    );
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Ok(String::from_utf8_lossy(body).into_owned());
    }
    let mut decoded = Vec::new();
    let mut rest = body;
    loop {
        let line = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| anyhow::anyhow!("{method} {path}: bad chunk"))?;
        let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..line]).trim(), 16)?;
        if n == 0 {
            break;
        }
        let data = &rest[line + 2..];
        anyhow::ensure!(data.len() >= n, "{method} {path}: truncated chunk");
        decoded.extend_from_slice(&data[..n]);
        rest = data[n..].strip_prefix(b"\r\n").unwrap_or(&data[n..]);
    }
    Ok(String::from_utf8_lossy(&decoded).into_owned())
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
