//! The HTTP clients of the process: built once per set of timeouts, off the caller's thread,
//! from one TLS configuration, and shared by every [`super::Client`].

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::Timing;
use crate::i18n::Said;

/// The HTTP clients of the process, by the timeouts they are built with, each pair built once
/// and shared (a `reqwest::Client` is a handle to one pool). Building reads the system's root
/// certificates (about 150 files here): never on the window's thread, and never in a job's way.
/// [`super::Client::new`] starts the build on the runtime's blocking pool and returns at once; the
/// first request waits for it if it is not done (a command-line job checks its inputs
/// meanwhile: the build took 25 ms before the first file was opened). A pooled connection
/// belongs to the runtime that opened it: the program runs one runtime; the tests run many,
/// each against a stand-in on a port of its own, so none of them is handed another's
/// connection.
/// A failed build keeps the library's own words (`Said::Plain`).
pub(super) type Slot = Arc<std::sync::OnceLock<Result<Pair, Said>>>;
static BUILT: Mutex<Vec<((Duration, Duration), Slot)>> = Mutex::new(Vec::new());

/// For the service (no redirects), and for result links (up to five).
pub(super) type Pair = (reqwest::Client, reqwest::Client);

pub(super) fn slot(timing: &Timing) -> Slot {
    let key = (timing.connect_timeout, timing.read_timeout);
    let mut cache = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, s)) = cache.iter().find(|b| b.0 == key) {
        return s.clone();
    }
    let s = Slot::default();
    cache.push((key, s.clone()));
    s
}

/// The pair in `slot`, built now if it is not (blocking). A failed build is not kept: the
/// next request tries again.
pub(super) fn built(slot: &Slot, timing: &Timing) -> Result<Pair, Said> {
    match slot.get_or_init(|| build_pair(timing)) {
        Ok(p) => Ok(p.clone()),
        Err(_) => build_pair(timing),
    }
}

fn build_pair(timing: &Timing) -> Result<Pair, Said> {
    let plain = |e: &dyn std::fmt::Display| Said::Plain(e.to_string());
    install_crypto_provider();
    // One TLS configuration for both: reading and parsing the system's roots is most of the
    // cost, and reqwest would do it once per client. It is what reqwest builds itself with
    // these features (the platform verifier over ring, TLS 1.2 and 1.3, HTTP/1.1 by ALPN).
    let tls = {
        use rustls_platform_verifier::BuilderVerifierExt;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(rustls::ALL_VERSIONS)
            .map_err(|e| plain(&e))?
            .with_platform_verifier()
            .map_err(|e| plain(&e))?
            .with_no_client_auth();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        tls
    };
    let builder = |redirects: reqwest::redirect::Policy| {
        reqwest::Client::builder()
            .user_agent(concat!("wanedit/", env!("CARGO_PKG_VERSION")))
            .tls_backend_preconfigured(tls.clone())
            .connect_timeout(timing.connect_timeout)
            .read_timeout(timing.read_timeout)
            .redirect(redirects)
            .build()
            .map_err(|e| plain(&e))
    };
    Ok((
        builder(reqwest::redirect::Policy::none())?,
        builder(reqwest::redirect::Policy::limited(5))?,
    ))
}

/// Installs ring as rustls' crypto provider (once per process; later calls are no-ops).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
