//! `truststore probe` against real servers on 127.0.0.1 only: `openssl s_server` (TLS 1.2 and
//! 1.3, with and without client verification) and a rustls server of this file that accepts any
//! client certificate in the handshake and answers 403 unless truststore's engine accepts it.
//! Each test starts its own servers on free ports and stops them (on drop).

mod common;

use common::truststore;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A PKI for the clients (made by `truststore pki` at the current time, as servers check
/// validity against the clock) and a server certificate for localhost (made by openssl).
struct Setup {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Setup {
    fn new() -> Option<Setup> {
        if Command::new("openssl").arg("version").output().is_err() {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("openssl not installed: the s_server tests are skipped");
            }
            return None;
        }
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let d = dir.display().to_string();
        assert_eq!(truststore(&["pki", "init", &d, "--profile", "alb"]).code, 0);
        for (cn, fault) in [
            ("good", None),
            ("old", Some("expired")),
            ("stranger", Some("untrusted-root")),
        ] {
            let mut args = vec!["pki", "issue", &d, "--cn", cn];
            if let Some(f) = fault {
                args.extend(["--fault", f]);
            }
            let run = truststore(&args);
            assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        }
        std::fs::write(
            dir.join("ext.cnf"),
            "[req]\ndistinguished_name = dn\n[dn]\n[srv_ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n[srv_leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
        )
        .unwrap();
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        openssl(
            &[
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "sca.key",
                    "-out",
                    "sca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=Probe Test Server CA",
                    "-config",
                    "ext.cnf",
                    "-extensions",
                    "srv_ca",
                ],
            ]
            .concat(),
        );
        openssl(
            &[
                &["req"][..],
                &ec,
                &[
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=localhost",
                    "-config",
                    "ext.cnf",
                ],
            ]
            .concat(),
        );
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "sca.pem",
            "-CAkey",
            "sca.key",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
            "-extensions",
            "srv_leaf",
            "-out",
            "server.pem",
        ]);
        Some(Setup { _tmp: tmp, dir })
    }

    fn file(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// `openssl s_server` on a free port; `verify` asks for and checks a client certificate.
    fn s_server(&self, tls: &str, verify: bool) -> Server {
        let port = free_port();
        let mut cmd = Command::new("openssl");
        cmd.args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            "server.pem",
            "-key",
            "server.key",
            "-www",
            "-quiet",
            tls,
        ])
        .current_dir(&self.dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if verify {
            cmd.args([
                "-Verify",
                "1",
                "-verify_return_error",
                "-CAfile",
                "truststore.pem",
            ]);
        }
        let child = cmd.spawn().expect("start openssl s_server");
        wait_until_listening(port);
        Server {
            port,
            child: Some(child),
        }
    }

    /// `truststore probe` of `port` with client `name` (or none) and the server CA.
    fn probe(&self, port: u16, client: Option<&str>, extra: &[&str]) -> (i32, serde_json::Value) {
        let url = format!("https://localhost:{port}/");
        let ca = self.file("sca.pem");
        let mut args = vec![
            "probe",
            url.as_str(),
            "--server-ca",
            ca.as_str(),
            "--format",
            "json",
            "--timeout",
            "5s",
        ];
        let (cert, key);
        if let Some(name) = client {
            cert = self.file(&format!("{name}.pem"));
            key = self.file(&format!("{name}.key"));
            args.extend(["--cert", cert.as_str(), "--key", key.as_str()]);
        }
        args.extend_from_slice(extra);
        let run = truststore(&args);
        assert!(!run.stdout.contains("PRIVATE KEY") && !run.stderr.contains("PRIVATE KEY"));
        (run.code, run.json())
    }
}

struct Server {
    port: u16,
    child: Option<Child>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until_listening(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server on {port} did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn tls12_rejects_in_the_handshake_and_names_the_alert() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.s_server("-tls1_2", true);
    let (code, good) = setup.probe(server.port, Some("good"), &[]);
    assert_eq!(code, 0, "{good}");
    assert_eq!(good["outcome"], "accepted");
    assert_eq!(good["tls_version"], "TLSv1.2");
    assert_eq!(good["certificate_requested"], true);
    assert_eq!(good["server_certificate"], "CN=localhost");
    let names: Vec<&str> = good["advertised_ca_names"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        names.contains(&"CN=Example Corp Root CA,O=Example Corp"),
        "{names:?}"
    );
    assert!(good["status_line"].as_str().unwrap().contains("200"));

    let (code, old) = setup.probe(server.port, Some("old"), &[]);
    assert_eq!(code, 1);
    assert_eq!(old["outcome"], "handshake-rejected", "{old}");
    assert!(
        old["detail"]
            .as_str()
            .unwrap()
            .contains("certificate_expired (45)"),
        "{old}"
    );
    let (code, stranger) = setup.probe(server.port, Some("stranger"), &[]);
    assert_eq!(code, 1);
    assert_eq!(stranger["outcome"], "handshake-rejected", "{stranger}");
}

#[test]
fn tls13_rejects_on_the_first_read_after_the_handshake() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.s_server("-tls1_3", true);
    let (code, good) = setup.probe(server.port, Some("good"), &["--tls", "1.3"]);
    assert_eq!(
        (code, good["outcome"].as_str()),
        (0, Some("accepted")),
        "{good}"
    );
    assert_eq!(good["tls_version"], "TLSv1.3");
    for client in [Some("old"), Some("stranger"), None] {
        let (code, denied) = setup.probe(server.port, client, &[]);
        assert_eq!(code, 1, "{client:?}: {denied}");
        assert_eq!(
            denied["outcome"], "rejected-after-handshake",
            "{client:?}: {denied}"
        );
        assert_eq!(denied["certificate_requested"], true);
    }
    let (_, none) = setup.probe(server.port, None, &[]);
    assert!(
        none["detail"]
            .as_str()
            .unwrap()
            .contains("certificate_required (116)"),
        "{none}"
    );
}

#[test]
fn a_server_that_asks_for_no_certificate_is_named() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.s_server("-tls1_3", false);
    let (code, report) = setup.probe(server.port, Some("good"), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["outcome"], "no-client-certificate-requested");
    assert_eq!(report["certificate_requested"], false);
    let human = truststore(&[
        "probe",
        &format!("https://localhost:{}/", server.port),
        "--server-ca",
        &setup.file("sca.pem"),
    ]);
    assert!(
        human.stdout.contains("client certificate requested: no"),
        "{}",
        human.stdout
    );
}

#[test]
fn unreachable_wrong_name_and_timeout_exit_2_with_the_cause() {
    let Some(setup) = Setup::new() else { return };
    let port = free_port(); // nothing listens there any more
    let (code, report) = setup.probe(port, Some("good"), &[]);
    assert_eq!(code, 2);
    assert_eq!(report["outcome"], "unreachable");
    assert!(
        report["detail"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{report}"
    );

    let server = setup.s_server("-tls1_2", true);
    let (code, report) = setup.probe(
        server.port,
        Some("good"),
        &["--servername", "wrong.example"],
    );
    assert_eq!(code, 2, "{report}");
    assert!(
        report["detail"]
            .as_str()
            .unwrap()
            .contains("server's certificate failed the check"),
        "{report}"
    );

    let run = truststore(&["probe", "https://no-such-host.invalid/", "--insecure"]);
    run.assert_error("cannot resolve no-such-host.invalid");

    // Accepts the connection, never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let run = truststore(&[
        "probe",
        &format!("https://127.0.0.1:{port}/"),
        "--insecure",
        "--timeout",
        "300ms",
    ]);
    run.assert_error("timed out");
    drop(silent);
}

/// A server that completes every handshake with a client certificate, whatever it is, and
/// answers 403 unless truststore's engine accepts it under API Gateway's profile (as API
/// Gateway itself answers).
fn gateway_like_server(dir: &Path) -> (u16, std::thread::JoinHandle<()>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(Arc::new(AnyClient(provider)))
        .with_single_cert(certs, key)
        .unwrap();
    let config = Arc::new(config);
    let truststore_pem = std::fs::read(dir.join("truststore.pem")).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let engine = truststore::Truststore::from_pem(&truststore_pem).unwrap();
        let profile = truststore::Profile::named("apigw").unwrap();
        // Two connections: the tests below make two probes.
        for stream in listener.incoming().take(2) {
            let Ok(mut tcp) = stream else { continue };
            let mut conn = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
            let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
            let mut line = String::new();
            let mut reader = BufReader::new(&mut tls);
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut rest = [0u8; 1024];
            let _ = reader.read(&mut rest);
            let chain: String = tls
                .conn
                .peer_certificates()
                .unwrap_or_default()
                .iter()
                .map(|c| {
                    use base64::Engine as _;
                    let b64 = base64::engine::general_purpose::STANDARD.encode(c.as_ref());
                    format!("-----BEGIN CERTIFICATE-----\n{b64}\n-----END CERTIFICATE-----\n")
                })
                .collect();
            let verdict =
                engine.verify_pem(chain.as_bytes(), std::time::SystemTime::now(), profile);
            let status = if verdict.is_accepted() {
                "200 OK"
            } else {
                "403 Forbidden"
            };
            let body = "{\"message\":\"Forbidden\"}";
            let _ = write!(
                tls,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.flush();
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    (port, handle)
}

#[derive(Debug)]
struct AnyClient(Arc<rustls::crypto::CryptoProvider>);

impl rustls::server::danger::ClientCertVerifier for AnyClient {
    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        &[]
    }
    fn verify_client_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::server::danger::ClientCertVerified, rustls::Error> {
        Ok(rustls::server::danger::ClientCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[test]
fn an_http_403_gets_the_reason_truststore_predicts() {
    let Some(setup) = Setup::new() else { return };
    let (port, server) = gateway_like_server(&setup.dir);
    let ts = setup.file("truststore.pem");
    let predict = ["--truststore", ts.as_str(), "--profile", "apigw"];
    let (code, report) = setup.probe(port, Some("old"), &predict);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["outcome"], "http-403", "{report}");
    assert_eq!(report["status_line"], "HTTP/1.1 403 Forbidden");
    let predicted = report["predicted"].as_str().unwrap();
    assert!(
        predicted.contains("Access denied. Reason: certificate has expired"),
        "{predicted}"
    );
    let (code, report) = setup.probe(port, Some("good"), &predict);
    assert_eq!(
        (code, report["outcome"].as_str()),
        (0, Some("accepted")),
        "{report}"
    );
    server.join().unwrap();
}
