//! The identity of the running program: a fingerprint of its own executable's bytes (and its
//! version). A file is reused from the previous output only when the same program made it
//! (`write::manifest`): a new build of ensemble, even one with the same version number, may
//! render the same inputs differently, so its first build renders everything again.

use crate::core::fingerprint::{self, Fingerprint};
use std::sync::OnceLock;

/// Read once per process (`serve` builds many times); a fresh value, which matches no previous
/// build, when the executable cannot be read.
pub fn identity() -> u128 {
    static IDENTITY: OnceLock<u128> = OnceLock::new();
    *IDENTITY.get_or_init(|| {
        let bytes = std::env::current_exe().and_then(std::fs::read);
        match bytes {
            Ok(bytes) => Fingerprint::new()
                .str(env!("CARGO_PKG_VERSION"))
                .bytes(&bytes)
                .finish(),
            Err(_) => fingerprint::fresh(),
        }
    })
}
