//! One Chromium for many prints: the DevTools protocol over a pipe (`--remote-debugging-pipe`),
//! so that `--pdf` starts one browser per worker for the whole build instead of one process
//! (about 1,5 s) per poster.
//!
//! The pipe needs no network port and no WebSocket: Chromium reads commands on its file
//! descriptor 3 and writes answers and events on 4, each message a JSON text ended by a NUL
//! byte. A thread reads the answers, so that every wait has a timeout and a stuck browser
//! cannot hang the build.

use base64::Engine;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A running headless Chromium driven over its DevTools pipe.
pub struct Browser {
    child: Child,
    commands: std::io::PipeWriter,
    messages: Receiver<Value>,
    next_id: u64,
    /// Events read while waiting for an answer, kept for a later wait.
    pending: Vec<Value>,
    /// The page session every print reuses, once opened.
    tab: Option<String>,
    timeout: Duration,
}

impl Browser {
    /// Starts `chromium` with its own profile folder; `args` are the switches common to every
    /// print. The error says why, in French.
    pub fn start(
        chromium: &Path,
        profile: &Path,
        args: &[&str],
        log: std::fs::File,
        timeout: Duration,
    ) -> Result<Browser, String> {
        let (to_browser_read, to_browser_write) =
            std::io::pipe().map_err(|e| format!("tube vers Chromium impossible : {e}"))?;
        let (from_browser_read, from_browser_write) =
            std::io::pipe().map_err(|e| format!("tube depuis Chromium impossible : {e}"))?;
        let child_in: OwnedFd = to_browser_read.into();
        let child_out: OwnedFd = from_browser_write.into();
        let (fd_in, fd_out) = (child_in.as_raw_fd(), child_out.as_raw_fd());
        let mut command = Command::new(chromium);
        command
            .args(args)
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log));
        // SAFETY: between fork and exec only async-signal-safe calls are made (fcntl, dup2),
        // on descriptors that stay open until `spawn` returns. Both are first copied above 10,
        // so that placing one at 3 or 4 cannot overwrite the other.
        unsafe {
            command.pre_exec(move || {
                let high_in = libc::fcntl(fd_in, libc::F_DUPFD, 10);
                let high_out = libc::fcntl(fd_out, libc::F_DUPFD, 10);
                if high_in == -1
                    || high_out == -1
                    || libc::dup2(high_in, 3) == -1
                    || libc::dup2(high_out, 4) == -1
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| format!("Chromium ne démarre pas ({}) : {e}", chromium.display()))?;
        // The child has its copies; ours must close, or the reader never sees the end.
        drop(child_in);
        drop(child_out);
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from_browser_read);
            let mut buffer = Vec::new();
            loop {
                buffer.clear();
                match reader.read_until(0, &mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let text = buffer.strip_suffix(&[0]).unwrap_or(&buffer);
                        if let Ok(value) = serde_json::from_slice::<Value>(text) {
                            if sender.send(value).is_err() {
                                break;
                            }
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            commands: to_browser_write,
            messages,
            next_id: 0,
            pending: Vec::new(),
            tab: None,
            timeout,
        };
        // The first answer proves the protocol works (an old Chromium ignores the switch).
        browser.call(None, "Browser.getVersion", json!({}))?;
        Ok(browser)
    }

    /// Sends `method` (to the page `session` if given) and waits for its answer.
    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).map_err(|e| e.to_string())?;
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .and_then(|_| self.commands.flush())
            .map_err(|e| format!("Chromium ne répond plus ({method}) : {e}"))?;
        let deadline = Instant::now() + self.timeout;
        loop {
            let value = self.receive(deadline, method)?;
            if value.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(error) = value.get("error") {
                    let text = error.get("message").and_then(Value::as_str).unwrap_or("?");
                    return Err(format!("Chromium refuse {method} : {text}"));
                }
                return Ok(value.get("result").cloned().unwrap_or(Value::Null));
            }
            if value.get("method").is_some() {
                self.pending.push(value);
            }
        }
    }

    /// Waits for the event `method` of the page `session`.
    fn wait_event(&mut self, session: &str, method: &str) -> Result<(), String> {
        let is_it = |v: &Value| {
            v.get("method").and_then(Value::as_str) == Some(method)
                && v.get("sessionId").and_then(Value::as_str) == Some(session)
        };
        if let Some(i) = self.pending.iter().position(is_it) {
            self.pending.remove(i);
            return Ok(());
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let value = self.receive(deadline, method)?;
            if is_it(&value) {
                return Ok(());
            }
        }
    }

    fn receive(&mut self, deadline: Instant, what: &str) -> Result<Value, String> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(v) => Ok(v),
            Err(RecvTimeoutError::Timeout) => Err(format!(
                "Chromium n'a pas répondu en {} s ({what})",
                self.timeout.as_secs()
            )),
            Err(RecvTimeoutError::Disconnected) => {
                Err(format!("Chromium s'est arrêté pendant « {what} »"))
            }
        }
    }

    /// Prints the page at `url` to PDF with the page's own CSS size (`@page`), backgrounds
    /// included and no header or footer, as `--print-to-pdf` does; its bytes. One tab serves
    /// every print of this browser: opening one costs a renderer each time.
    pub fn print(&mut self, url: &str) -> Result<Vec<u8>, String> {
        let session = match self.tab.clone() {
            Some(s) => s,
            None => {
                let target =
                    self.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
                let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
                let attached = self.call(
                    None,
                    "Target.attachToTarget",
                    json!({ "targetId": target_id, "flatten": true }),
                )?;
                let session = attached["sessionId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                self.call(Some(&session), "Page.enable", json!({}))?;
                self.tab = Some(session.clone());
                session
            }
        };
        let result = self.print_in(&session, url);
        if result.is_err() {
            // A tab in an unknown state is not reused.
            self.tab = None;
        }
        result
    }

    fn print_in(&mut self, session: &str, url: &str) -> Result<Vec<u8>, String> {
        let s = Some(session);
        // Events of the previous page are of no use now.
        self.pending.clear();
        let navigated = self.call(s, "Page.navigate", json!({ "url": url }))?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(format!("page illisible pour Chromium : {error}"));
        }
        self.wait_event(session, "Page.loadEventFired")?;
        // Fonts and images are in once `load` fired; fonts may still be laid out.
        self.call(
            s,
            "Runtime.evaluate",
            json!({ "expression": "document.fonts.ready.then(() => true)", "awaitPromise": true }),
        )?;
        let printed = self.call(
            s,
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
            }),
        )?;
        let data = printed["data"].as_str().unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| format!("PDF illisible reçu de Chromium : {e}"))?;
        if !bytes.starts_with(b"%PDF") {
            return Err("Chromium n'a pas produit de PDF".into());
        }
        Ok(bytes)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
