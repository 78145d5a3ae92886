//! `truststore probe`: connect to a live mutual-TLS endpoint with a client certificate, send
//! one GET, and name the outcome: which of the ways AWS's front doors refuse a client this was.
//! API Gateway completes the handshake and answers 403; the load balancers and CloudFront fail
//! the handshake (TLS 1.2) or, with TLS 1.3, the first read after a handshake the client thought
//! complete.

use crate::cli::args::ProbeArgs;
use crate::cli::report::{ProbeOutcome, ProbeReport};
use crate::cli::{Inputs, Ran};
use anyhow::{anyhow, bail, Context, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ResolvesClientCert, WebPkiServerVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Why the probe could not ask the question at all (exit 2).
struct Unreachable(String);

pub(crate) fn run(args: &ProbeArgs, inputs: &Inputs) -> Result<Ran<ProbeReport>> {
    let target = Target::parse(&args.url, args.path.as_deref())?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain_pem = match &args.cert {
        Some(path) => {
            Some(std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?)
        }
        None => None,
    };
    let client = match (&args.cert, &chain_pem, &args.key) {
        (Some(cert), Some(pem), Some(key)) => {
            Some(client_identity(cert, pem, key, inputs, &provider)?)
        }
        _ => None,
    };
    let server_name = args
        .servername
        .clone()
        .unwrap_or_else(|| target.host.clone());
    let name = ServerName::try_from(server_name.clone())
        .map_err(|_| anyhow!("--servername {server_name}: not a DNS name or IP address"))?;
    let resolver = Arc::new(Recorder::new(client));
    let verifier = Arc::new(ServerCheck::new(args, &provider)?);
    let versions: &[&rustls::SupportedProtocolVersion] = match args.tls.as_deref() {
        Some("1.2") => &[&rustls::version::TLS12],
        Some("1.3") => &[&rustls::version::TLS13],
        _ => &[&rustls::version::TLS13, &rustls::version::TLS12],
    };
    let config = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(versions)
        .context("no TLS version left")?
        .dangerous()
        .with_custom_certificate_verifier(Arc::clone(&verifier) as Arc<dyn ServerCertVerifier>)
        .with_client_cert_resolver(Arc::clone(&resolver) as Arc<dyn ResolvesClientCert>);

    let mut report = ProbeReport {
        url: args.url.clone(),
        address: String::new(),
        outcome: ProbeOutcome::Unreachable,
        detail: String::new(),
        tls_version: None,
        certificate_requested: false,
        advertised_ca_names: Vec::new(),
        server_certificate: None,
        status_line: None,
        predicted: None,
    };
    let requested = || resolver.requested();
    let exchanged = exchange(&target, name, config, args.timeout, &requested, &mut report);
    report.certificate_requested = resolver.requested();
    report.advertised_ca_names = resolver.ca_names();
    report.server_certificate = verifier.seen_subject();
    let errors = match exchanged {
        Err(Unreachable(why)) => {
            report.outcome = ProbeOutcome::Unreachable;
            report.detail = why.clone();
            vec![why]
        }
        Ok(()) => Vec::new(),
    };
    if report.outcome == ProbeOutcome::Http403 {
        report.predicted = Some(predict(args, inputs, chain_pem.as_deref())?);
    }
    let failing = report.outcome != ProbeOutcome::Accepted;
    Ok(Ran {
        report,
        errors,
        failing,
    })
}

/// Connects, handshakes, sends the GET and reads the answer, setting the outcome. `Err` only
/// when the server could not be reached (DNS, TCP, timeout).
fn exchange(
    target: &Target,
    name: ServerName<'static>,
    config: ClientConfig,
    timeout: Duration,
    requested: &dyn Fn() -> bool,
    report: &mut ProbeReport,
) -> Result<(), Unreachable> {
    let addresses: Vec<_> = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| Unreachable(format!("cannot resolve {}: {e}", target.host)))?
        .collect();
    let mut tcp = None;
    let mut last = String::from("no address");
    for address in &addresses {
        match TcpStream::connect_timeout(address, timeout) {
            Ok(stream) => {
                report.address = address.to_string();
                tcp = Some(stream);
                break;
            }
            Err(e) if e.kind() == ErrorKind::TimedOut => {
                last = format!(
                    "connecting to {address} timed out after {}",
                    humantime::format_duration(timeout)
                );
            }
            Err(e) => last = format!("cannot connect to {address}: {e}"),
        }
    }
    let mut tcp = tcp.ok_or(Unreachable(last))?;
    let _ = tcp.set_read_timeout(Some(timeout));
    let _ = tcp.set_write_timeout(Some(timeout));
    let mut conn = ClientConnection::new(Arc::new(config), name)
        .map_err(|e| Unreachable(format!("TLS setup: {e}")))?;
    let started = Instant::now();
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut tcp) {
            if is_timeout(&e) {
                return Err(Unreachable(format!(
                    "the TLS handshake timed out after {}",
                    humantime::format_duration(started.elapsed())
                )));
            }
            if let Some(rustls::Error::InvalidCertificate(why)) = tls_error(&e) {
                return Err(Unreachable(format!(
                    "the server's certificate failed the check ({why:?}): give the CA that issued it with --server-ca FILE, or --insecure"
                )));
            }
            report.outcome = ProbeOutcome::HandshakeRejected;
            report.detail = describe(&e, "during the handshake");
            report.tls_version = version(&conn);
            return Ok(());
        }
    }
    report.tls_version = version(&conn);
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: truststore/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        target.path,
        target.host_header(),
        env!("CARGO_PKG_VERSION")
    );
    let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
    let mut answer = Vec::new();
    let sent = tls.write_all(request.as_bytes()).and_then(|()| tls.flush());
    let read = sent.and_then(|()| read_head(&mut tls, &mut answer));
    if answer.is_empty() {
        let detail = match read {
            Err(e) if is_timeout(&e) => {
                return Err(Unreachable(format!(
                    "no answer within {} after the handshake",
                    humantime::format_duration(timeout)
                )));
            }
            Err(e) => describe(&e, "on the first read after the handshake"),
            Ok(()) => "the server closed the connection without answering".to_string(),
        };
        // TLS 1.3 ends the client's handshake before the server has judged its certificate.
        report.outcome = if report.tls_version.as_deref() == Some("TLSv1.3") {
            ProbeOutcome::RejectedAfterHandshake
        } else {
            ProbeOutcome::HandshakeRejected
        };
        report.detail = detail;
        return Ok(());
    }
    let (status_line, status) = status_of(&answer);
    report.status_line = Some(status_line.clone());
    report.detail = status_line.clone();
    report.outcome = if status == "403" {
        ProbeOutcome::Http403
    } else {
        ProbeOutcome::Accepted
    };
    if !requested() {
        report.outcome = ProbeOutcome::NoClientCertificateRequested;
        report.detail =
            format!("the server sent no CertificateRequest (it answered {status_line})");
    }
    Ok(())
}

/// The status line of an HTTP answer and its code (`403`), as the server wrote them.
pub(crate) fn status_of(answer: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(answer);
    let status_line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_string();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (status_line, status)
}

/// Reads until the end of the HTTP head (or the first 16 KB, or the end of the stream).
pub(crate) fn read_head(stream: &mut impl Read, into: &mut Vec<u8>) -> std::io::Result<()> {
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                into.extend_from_slice(buf.get(..n).unwrap_or_default());
                if into.windows(4).any(|w| w == b"\r\n\r\n") || into.len() > 16 * 1024 {
                    return Ok(());
                }
            }
            // A close without close_notify after data is an answer, not a failure.
            Err(e) if e.kind() == ErrorKind::UnexpectedEof && !into.is_empty() => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock)
}

/// An I/O error of the TLS stream in words: the alert's name and code when the server sent one.
fn describe(e: &std::io::Error, when: &str) -> String {
    match tls_error(e) {
        Some(rustls::Error::AlertReceived(alert)) => {
            format!("the server sent the alert {} {when}", alert_name(*alert))
        }
        Some(other) => format!("TLS error {when}: {other}"),
        None if matches!(
            e.kind(),
            ErrorKind::UnexpectedEof
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
        ) =>
        {
            format!("the server closed the connection without an alert {when}")
        }
        None => format!("{e} {when}"),
    }
}

/// The TLS error inside an I/O error of the TLS stream, if that is what it is.
fn tls_error(e: &std::io::Error) -> Option<&rustls::Error> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
}

/// `bad_certificate (42)`: the RFC 8446 name and the code.
fn alert_name(alert: rustls::AlertDescription) -> String {
    let code = u8::from(alert);
    let debug = format!("{alert:?}");
    // rustls names alerts in CamelCase (BadCertificate); the RFCs in snake_case.
    let mut name = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    format!("{name} ({code})")
}

fn version(conn: &ClientConnection) -> Option<String> {
    conn.protocol_version().map(|v| match v {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_string(),
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_string(),
        other => format!("{other:?}"),
    })
}

/// The verdict `verify` gives the certificate that was sent, against `--truststore`.
fn predict(args: &ProbeArgs, inputs: &Inputs, chain: Option<&[u8]>) -> Result<String> {
    let (Some(path), Some(chain)) = (&args.truststore, chain) else {
        return Ok(
            "give --truststore (and --cert) to predict the reason; API Gateway logs it only in REST execution logs"
                .to_string(),
        );
    };
    let source = inputs.certificates(path)?;
    let truststore = crate::Truststore::from_owned(source)?;
    let profile = crate::cli::profile_of(args.profile.profile, &inputs.config()?);
    let verdict = truststore.verify_pem(chain, std::time::SystemTime::now(), profile);
    Ok(match verdict.reason() {
        Some(reason) => format!("{reason} (truststore predicts, profile {})", profile.name),
        None => format!(
            "truststore would accept this certificate (profile {}): the 403 has another cause (authorizer, resource policy, WAF)",
            profile.name
        ),
    })
}

/// Where to connect.
struct Target {
    host: String,
    port: u16,
    path: String,
}

impl Target {
    /// `https://host[:port][/path]`, or `host[:port]`. Written by hand: only this shape is
    /// taken, and a URL crate would bring IDNA tables for it.
    fn parse(url: &str, path: Option<&str>) -> Result<Target> {
        let rest = match url.split_once("://") {
            Some(("https", rest)) => rest,
            Some((scheme, _)) => bail!("{url}: only https:// is probed (not {scheme}://)"),
            None => url,
        };
        let (authority, url_path) = match rest.find(['/', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, "/"),
        };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6
                .split_once(']')
                .ok_or_else(|| anyhow!("{url}: unclosed [ in the host"))?;
            (host.to_string(), after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host.to_string(), Some(port)),
                None => (authority.to_string(), None),
            }
        };
        if host.is_empty() {
            bail!("{url}: no host");
        }
        let port = match port {
            Some(p) => p
                .parse()
                .map_err(|_| anyhow!("{url}: the port `{p}` is not a number from 1 to 65535"))?,
            None => 443,
        };
        let path = path.unwrap_or(if url_path.starts_with('/') {
            url_path
        } else {
            "/"
        });
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        Ok(Target { host, port, path })
    }

    fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == 443 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// The client certificate chain and key, loaded for rustls. Errors name the file, never the key.
fn client_identity(
    cert: &std::path::Path,
    cert_pem: &[u8],
    key: &std::path::Path,
    inputs: &Inputs,
    provider: &CryptoProvider,
) -> Result<Arc<CertifiedKey>> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|_| {
            anyhow!(
                "{}: a CERTIFICATE block that is not valid PEM",
                cert.display()
            )
        })?;
    if certs.is_empty() {
        bail!("{}: no CERTIFICATE block", cert.display());
    }
    let text = zeroize::Zeroizing::new(
        std::fs::read(key).with_context(|| format!("cannot read {}", key.display()))?,
    );
    let der = if memchr::memmem::find(&text, b"-----BEGIN ENCRYPTED PRIVATE KEY-----").is_some() {
        let passphrase = inputs.passphrase()?.ok_or_else(|| {
            anyhow!(
                "{}: the key is encrypted: give --passphrase-file or --passphrase-env",
                key.display()
            )
        })?;
        decrypt(&text, &passphrase).ok_or_else(|| {
            anyhow!(
                "{}: cannot decrypt the key: wrong passphrase or unsupported encryption",
                key.display()
            )
        })?
    } else {
        PrivateKeyDer::from_pem_slice(&text).map_err(|_| {
            anyhow!(
                "{}: no private key (PKCS#8, PKCS#1 or SEC1 PEM) in it",
                key.display()
            )
        })?
    };
    let signing = provider
        .key_provider
        .load_private_key(der)
        .map_err(|_| anyhow!("{}: a key of a kind TLS cannot sign with", key.display()))?;
    Ok(Arc::new(CertifiedKey::new(certs, signing)))
}

/// An `ENCRYPTED PRIVATE KEY` block (PKCS#8, PBES2) decrypted to a plain PKCS#8 key.
fn decrypt(text: &[u8], passphrase: &[u8]) -> Option<PrivateKeyDer<'static>> {
    use der::Decode;
    let der = crate::pem::block_der(std::str::from_utf8(text).ok()?, "ENCRYPTED PRIVATE KEY")?;
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).ok()?;
    let plain = info.decrypt(passphrase).ok()?;
    Some(PrivateKeyDer::Pkcs8(plain.as_bytes().to_vec().into()))
}

/// The client-certificate resolver: records whether a CertificateRequest came and the CA
/// names it carried, and offers the client certificate if there is one.
#[derive(Debug)]
struct Recorder {
    client: Option<Arc<CertifiedKey>>,
    seen: Mutex<Option<Vec<Vec<u8>>>>,
}

impl Recorder {
    fn new(client: Option<Arc<CertifiedKey>>) -> Recorder {
        Recorder {
            client,
            seen: Mutex::new(None),
        }
    }

    fn requested(&self) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// The advertised names, RFC 4514 (hex for one that does not parse).
    fn ca_names(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.iter()
            .flatten()
            .map(|der| distinguished_name(der))
            .collect()
    }
}

impl ResolvesClientCert for Recorder {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let names = root_hint_subjects.iter().map(|s| s.to_vec()).collect();
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(names);
        self.client.clone()
    }

    fn has_certs(&self) -> bool {
        // Asked for even without a certificate, so that the request is recorded.
        true
    }
}

/// A DistinguishedName of a CertificateRequest (the Name's content, without its SEQUENCE
/// header, as rustls hands it over) in RFC 4514.
pub(crate) fn distinguished_name(content: &[u8]) -> String {
    use der::{Decode, Encode};
    let header = der::Length::try_from(content.len())
        .ok()
        .and_then(|len| der::Header::new(der::Tag::Sequence, len).to_der().ok());
    header
        .and_then(|mut der| {
            der.extend_from_slice(content);
            x509_cert::name::Name::from_der(&der).ok()
        })
        .or_else(|| x509_cert::name::Name::from_der(content).ok())
        .map_or_else(
            || crate::x509::hex(content),
            |name| crate::x509::rfc4514(&name),
        )
}

/// The server-certificate check: the system's roots, `--server-ca`, or none (`--insecure`);
/// remembers the certificate the server showed.
#[derive(Debug)]
struct ServerCheck {
    roots: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
    seen: Mutex<Option<Vec<u8>>>,
}

impl ServerCheck {
    fn new(args: &ProbeArgs, provider: &Arc<CryptoProvider>) -> Result<ServerCheck> {
        let roots = if args.insecure {
            None
        } else {
            let mut store = rustls::RootCertStore::empty();
            match &args.server_ca {
                Some(path) => {
                    let certs = CertificateDer::pem_file_iter(path)
                        .with_context(|| format!("cannot read {}", path.display()))?
                        .flatten();
                    let (added, _) = store.add_parsable_certificates(certs);
                    if added == 0 {
                        bail!("{}: no CA certificate in it (--server-ca)", path.display());
                    }
                }
                None => {
                    let found = rustls_native_certs::load_native_certs();
                    store.add_parsable_certificates(found.certs);
                    if store.is_empty() {
                        bail!(
                            "no system CA certificates found: give --server-ca FILE, or --insecure"
                        );
                    }
                }
            }
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(store), Arc::clone(provider))
                    .build()
                    .map_err(|e| anyhow!("server certificate check: {e}"))?,
            )
        };
        Ok(ServerCheck {
            roots,
            provider: Arc::clone(provider),
            seen: Mutex::new(None),
        })
    }

    fn seen_subject(&self) -> Option<String> {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let der = seen.as_ref()?;
        use der::Decode;
        let cert = x509_cert::Certificate::from_der(der).ok()?;
        Some(crate::x509::rfc4514(cert.tbs_certificate().subject()))
    }
}

impl ServerCertVerifier for ServerCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(end_entity.to_vec());
        match &self.roots {
            Some(roots) => {
                roots.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            None => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
