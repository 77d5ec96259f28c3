//! `consent gvl update` over HTTPS, as from `https://vendor-list.consensu.org/v3/`: the `consent` binary fetches the
//! list from a real TLS server on a local port whose certificate is made for the test, and trusts it only when the
//! machine's trust store holds it (`SSL_CERT_FILE`, which the root certificate loader honours, stands in for adding
//! it to the system's store). A server the machine does not trust gets nothing written.

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use base64::Engine;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const GVL: &str = include_str!("../../consent-core/tests/fixtures/vendor-list.json");

/// A self-signed certificate for `localhost` and its key; the certificate also as PEM, for a trust store.
struct Certificate {
    der: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
    pem: String,
}

fn certificate() -> Certificate {
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    let certificate = params.self_signed(&key).unwrap();
    let der = certificate.der().to_vec();
    let base64 = base64::engine::general_purpose::STANDARD.encode(&der);
    let lines: Vec<&str> = base64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    let pem = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"));
    Certificate {
        der: CertificateDer::from(der),
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        pem,
    }
}

/// Accepts TCP connections and completes their TLS handshake; one that fails (a client refusing the certificate)
/// is dropped.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.tcp.accept().await else { continue };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Serves the fixture list at `https://localhost:PORT/v3/vendor-list.json` with `certificate`; returns the source.
async fn iab_over_https(certificate: &Certificate) -> String {
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certificate.der.clone()], certificate.key.clone_key())
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    let listener = TlsListener { tcp, acceptor: TlsAcceptor::from(Arc::new(config)) };
    let router = Router::new().route("/v3/vendor-list.json", get(|| async { GVL }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("https://localhost:{port}/v3/")
}

/// Runs `consent gvl update` with `trusted` as the machine's whole trust store.
async fn update(folder: &Path, source: &str, trusted: &Path) -> Output {
    let mut command = std::process::Command::new(BIN);
    command.args(["gvl", "update", "--languages", "", "--out"]).arg(folder.join("vendor-list.json"));
    command.args(["--source", source]).env("SSL_CERT_FILE", trusted).env_remove("SSL_CERT_DIR");
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

#[tokio::test]
async fn the_list_is_fetched_over_https_from_a_server_the_machine_trusts() {
    let certificate = certificate();
    let source = iab_over_https(&certificate).await;
    let dir = tempfile::tempdir().unwrap();
    let trusted = dir.path().join("trusted.pem");
    std::fs::write(&trusted, &certificate.pem).unwrap();

    let output = update(dir.path(), &source, &trusted).await;

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("Global Vendor List version 142"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), GVL);
}

#[tokio::test]
async fn a_server_whose_certificate_the_machine_does_not_trust_gets_nothing_written() {
    let source = iab_over_https(&certificate()).await;
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.pem");
    std::fs::write(&other, certificate().pem).unwrap();

    let output = update(dir.path(), &source, &other).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("GET {source}vendor-list.json failed")), "{stderr}");
    assert!(stderr.contains("certificate"), "the reason is the certificate: {stderr}");
    assert!(!dir.path().join("vendor-list.json").exists());
}
