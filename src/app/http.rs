//! The little HTTP/1.1 server under `serve`: std's `TcpListener`, `httparse` for the request
//! head, one thread per connection within a fixed bound.
//!
//! It replaces tiny_http, which has neither a read timeout nor a limit on connections: every
//! idle connection held a thread forever (6,000 idle connections made 6,006 threads). Here:
//!
//! - at most [`MAX_CONNECTIONS`] connections are served at once, and at most [`MAX_STREAMS`] of
//!   them may be long-lived event streams; beyond that a client gets `503` and is closed;
//! - the request head must arrive within [`HEAD_TIMEOUT`] and fit in [`MAX_HEAD`] bytes, or the
//!   connection is closed (`408`, `431`), so a silent or slow client frees its thread;
//! - one request per connection (`Connection: close`): a preview server gains nothing from
//!   keep-alive, and no connection waits idle between requests;
//! - only `GET` and `HEAD`;
//! - the `Host` header must name the address the server is bound to or `localhost` (any IP
//!   address when bound to all of them): a page of another site whose name an attacker points
//!   at 127.0.0.1 (DNS rebinding) is answered `403` and reads nothing.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const MAX_CONNECTIONS: usize = 64;
pub const MAX_STREAMS: usize = 16;
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_HEAD: usize = 16 * 1024;
/// How long writing a response may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// One request, with the connection to answer on.
pub struct Request {
    pub method: String,
    /// The request target as sent (`/engagements/?x=1`).
    pub target: String,
    stream: TcpStream,
    streams: Arc<AtomicUsize>,
}

impl Request {
    /// Sends a whole response and closes the connection.
    pub fn respond(mut self, status: u16, mime: &str, body: &[u8]) {
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            reason(status),
            body.len()
        );
        let _ = self.stream.write_all(head.as_bytes());
        if self.method != "HEAD" {
            let _ = self.stream.write_all(body);
        }
        let _ = self.stream.flush();
    }

    /// The connection, for a response written over time (server-sent events), or `None` when
    /// [`MAX_STREAMS`] streams are open already (the client got `503`). The slot is given back
    /// when the returned [`Stream`] is dropped.
    pub fn into_stream(self) -> Option<Stream> {
        if self.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.streams.fetch_sub(1, Ordering::SeqCst);
            self.respond(
                503,
                TEXT,
                "Trop de pages ouvertes sur ce serveur.".as_bytes(),
            );
            return None;
        }
        Some(Stream {
            stream: self.stream,
            streams: self.streams,
        })
    }
}

/// A long-lived response; counts as one of [`MAX_STREAMS`] until dropped.
pub struct Stream {
    stream: TcpStream,
    streams: Arc<AtomicUsize>,
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

/// Accepts connections on `listener` forever, handing each well-formed request from an allowed
/// host to `handle`, on a thread of its own within [`MAX_CONNECTIONS`].
pub fn serve<F>(listener: TcpListener, handle: F)
where
    F: Fn(Request) + Send + Sync + 'static,
{
    let bound = listener.local_addr().ok();
    let handle = Arc::new(handle);
    let active = Arc::new(AtomicUsize::new(0));
    let streams = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = stream
                .write_all(simple(503, "Serveur occupé : réessayez dans un instant.").as_bytes());
            continue;
        }
        let (handle, counter, streams) = (
            Arc::clone(&handle),
            Arc::clone(&active),
            Arc::clone(&streams),
        );
        let spawned = std::thread::Builder::new().spawn(move || {
            let _slot = Slot(&counter);
            match read_head(&mut stream) {
                Ok((method, target, host)) => {
                    if !bound.is_some_and(|b| host.as_deref().is_some_and(|h| host_allowed(h, b))) {
                        let shown = host.unwrap_or_default();
                        let text = format!("Hôte « {} » refusé : ce serveur de prévisualisation ne répond qu'à localhost et à son adresse.", shown.escape_default());
                        let _ = stream.write_all(simple(403, &text).as_bytes());
                        return;
                    }
                    if method != "GET" && method != "HEAD" {
                        let _ = stream.write_all(simple(405, "Méthode non permise.").as_bytes());
                        return;
                    }
                    handle(Request {
                        method,
                        target,
                        stream,
                        streams,
                    });
                }
                Err(status) => {
                    let _ = stream.write_all(simple(status, "Requête refusée.").as_bytes());
                }
            }
        });
        if spawned.is_err() {
            // The thread could not start: its slot was taken for nothing.
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Gives a connection's place back when its thread ends, however it ends.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads the request head within [`HEAD_TIMEOUT`]: method, target and `Host`, or the status to
/// answer.
fn read_head(stream: &mut TcpStream) -> Result<(String, String, Option<String>), u16> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(408u16)?;
        stream.set_read_timeout(Some(left)).map_err(|_| 400u16)?;
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(400),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(408)
            }
            Err(_) => return Err(400),
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let method = request.method.unwrap_or("").to_string();
                let target = request.path.unwrap_or("/").to_string();
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .and_then(|h| std::str::from_utf8(h.value).ok())
                    .map(|h| h.trim().to_string());
                return Ok((method, target, host));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Err(431)
            }
            Err(_) => return Err(400),
        }
    }
}

/// Whether a `Host` header names the server bound at `bound`: `localhost` or its address, with
/// its port if a port is given. Bound to every address (`0.0.0.0`), any IP address is fine: DNS
/// rebinding needs a name.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        // `[::1]:1111`, `127.0.0.1:1111`, `localhost:1111`; a bare IPv6 address has colons too.
        Some((name, port))
            if !port.contains(']') && (name.ends_with(']') || !name.contains(':')) =>
        {
            (name, Some(port))
        }
        _ => (host, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(bound.port())) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let Ok(ip) = name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    else {
        return false;
    };
    ip == bound.ip()
        || bound.ip().is_unspecified()
        || (bound.ip().is_loopback() && ip.is_loopback())
}

/// A whole plain-text response.
fn simple(status: u16, text: &str) -> String {
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {TEXT}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        reason(status),
        text.len()
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bound_address_and_localhost_are_hosts() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:1111",
        ] {
            assert!(host_allowed(ok, loopback), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost:2222",
            "127.0.0.1.nip.io:1111",
            "localhost.evil.example",
            "192.168.1.10:1111",
            "",
        ] {
            assert!(!host_allowed(bad, loopback), "{bad}");
        }
        let everywhere: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(host_allowed("192.168.1.10:8080", everywhere));
        assert!(!host_allowed("machine.evil.example:8080", everywhere));
        let v6: SocketAddr = "[::1]:1111".parse().unwrap();
        assert!(host_allowed("[::1]:1111", v6));
        assert!(host_allowed("localhost:1111", v6));
    }
}
