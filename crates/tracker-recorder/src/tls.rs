//! HTTPS for the fake trackers: real tracker snippets load `https://www.googletagmanager.com/…`, and browsers upgrade
//! those hosts to https anyway (HSTS preload), so the recorder must speak TLS. It makes a throw-away self-signed
//! certificate at start; the test browser runs with `--ignore-certificate-errors`.

use std::io;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// A TLS acceptor with a fresh self-signed certificate for `localhost` (any name is accepted by the test browser).
pub fn acceptor() -> io::Result<TlsAcceptor> {
    let key = rcgen::KeyPair::generate().map_err(io::Error::other)?;
    let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).map_err(io::Error::other)?;
    let certificate = params.self_signed(&key).map_err(io::Error::other)?;
    let chain = vec![CertificateDer::from(certificate.der().to_vec())];
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(io::Error::other)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
