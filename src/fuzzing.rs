//! Entry points shared by the fuzz targets (`fuzz/`) and by `tests/fuzz_corpus.rs`, which runs
//! every corpus input as an ordinary test. Each must return, never panic, on any input.

use crate::lint::{self, LintOptions};
use crate::profile::Profile;
use crate::source::Source;
use crate::truststore::Truststore;
use crate::x509::Certificate;
use std::hint::black_box;

const OPTIONS: LintOptions = LintOptions {
    at: 1_780_272_000,
    expiry_window: 30 * 86_400,
    certificate_quota: None,
};

/// PEM splitting and decoding of every block.
pub fn pem_split(data: &[u8]) {
    let source = Source::new("fuzz", data.to_vec());
    for item in crate::pem::split(&source) {
        if let crate::pem::Item::Block(block) = item {
            // Key blocks are decoded too here: only the splitter's robustness is at stake.
            let _ = black_box(block.decode(&source));
        }
    }
    let _ = black_box(crate::pem::describe_non_pem(data));
}

/// A revocation list from arbitrary bytes: as DER, and as a PEM file of CRL blocks.
pub fn crl_parse(data: &[u8]) {
    if let Ok(list) = crate::crl::parse(data, 1) {
        let serials: Vec<String> = list.entries.iter().map(crate::crl::Entry::hex).collect();
        black_box((
            serials,
            list.entries.iter().any(crate::crl::Entry::is_negative),
        ));
    }
    let source = Source::new("fuzz", data.to_vec());
    let _ = black_box(crate::crl::read(&source).map(|f| f.crls.len()));
}

/// Certificate facts from arbitrary DER, including the self-signature check, and what
/// `inspect` reads of a certificate the parser refuses.
pub fn cert_facts(data: &[u8]) {
    black_box(crate::x509::salvage(data));
    if let Ok(cert) = Certificate::from_der(data.to_vec()) {
        let is_ca = crate::checks::is_ca(&cert, Profile::default_profile());
        black_box((is_ca, cert.is_self_signed(), cert.subject.len()));
    }
}

/// The whole lint of an arbitrary bundle, rendered in both formats.
pub fn lint_bundle(data: &[u8]) {
    let source = Source::new("fuzz", data.to_vec());
    if let Ok(ctx) = Truststore::new(&source) {
        let profile = Profile::default_profile();
        let findings = lint::run(&ctx, profile, OPTIONS);
        let report = crate::cli::report::LintReport {
            profile: profile.name,
            summary: crate::cli::report::Summary::of(ctx.entries.len(), &findings),
            files: Vec::new(),
            findings,
            at: crate::when::rfc3339(OPTIONS.at),
            errors: Vec::new(),
        };
        black_box(crate::cli::report::json::lint(&report));
        black_box(crate::cli::report::human::lint(
            &report,
            crate::cli::report::Style { color: false },
            false,
        ));
    }
}

/// `verify` of an arbitrary client file against an arbitrary truststore: the first byte says
/// where the input is cut in two.
pub fn verify_client(data: &[u8]) {
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let at = (usize::from(cut) * rest.len() / 255).min(rest.len());
    let (truststore, client) = rest.split_at(at);
    let truststore = Source::new("truststore", truststore.to_vec());
    let client = Source::new("client", client.to_vec());
    let (Ok(ts), Ok(file)) = (Truststore::deferred(&truststore), Truststore::new(&client)) else {
        return;
    };
    for profile in Profile::all() {
        black_box(crate::verify::verify_file(
            &ts,
            &file,
            crate::verify::Judging::at(OPTIONS.at),
            profile,
        ));
        black_box(lint::run_only(
            &ts,
            profile,
            OPTIONS,
            profile.refusing_codes(),
        ));
    }
}

/// An authorizer event from arbitrary bytes (JSON), decided against the CRL fixtures'
/// truststore, CRL and a pin, under every profile, with both responses built.
pub fn authorizer_event(data: &[u8]) {
    use std::sync::OnceLock;
    static LOADED: OnceLock<Option<(Truststore, crate::RevocationSet)>> = OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        let ts = Truststore::new(&Source::new(
            "truststore",
            include_bytes!("../fixtures/crl/truststore.pem").to_vec(),
        ))
        .ok()?;
        let crls =
            crate::RevocationSet::from_crl_pem(include_bytes!("../fixtures/crl/issuing.crl.pem"))
                .ok()?;
        Some((ts, crls))
    });
    let (Some((ts, crls)), Ok(event)) = (loaded, serde_json::from_slice(data)) else {
        return;
    };
    let pins = crate::Pins::parse(["subject-cn^=device-7"]).unwrap_or_default();
    let at = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_780_272_000);
    for profile in Profile::all() {
        let decision = crate::authorize(&event, ts, profile, Some(crls), &pins, at);
        black_box((decision.rest_response(), decision.http_response()));
    }
}

/// A signature scheme, for [`check_signature`].
#[derive(Debug, Clone, Copy)]
pub enum Scheme {
    /// RSASSA-PKCS1-v1_5 with the hash.
    Pkcs1(crate::Hash),
    /// RSASSA-PSS with the hash (MGF1 with the same) and the salt length.
    Pss(crate::Hash, usize),
    /// ECDSA with the hash.
    Ecdsa(crate::Hash),
}

/// The engine's verdict on `signature` over `message` by the key of a DER SubjectPublicKeyInfo,
/// through the same key decoding and dispatch as a certificate's: `Some(true)` valid,
/// `Some(false)` invalid, `None` unreadable key or unsupported scheme. For the differential fuzz
/// target, which compares it with the reference crates. The signature is checked as many times
/// as it takes an ECDSA key to move to its comb table, so both ways are compared; it panics if
/// they disagree.
pub fn check_signature(
    spki_der: &[u8],
    scheme: Scheme,
    message: &[u8],
    signature: &[u8],
) -> Option<bool> {
    use crate::crypto::{self, SignatureAlgorithm, SignatureError};
    use der::Decode;
    let spki = spki::SubjectPublicKeyInfoOwned::from_der(spki_der).ok()?;
    let kind = crypto::key_kind(&spki);
    let key = crypto::verifying_key(spki.subject_public_key.raw_bytes(), &kind);
    let algorithm = match scheme {
        Scheme::Pkcs1(hash) => SignatureAlgorithm::RsaPkcs1(hash),
        Scheme::Pss(hash, salt_len) => SignatureAlgorithm::RsaPss {
            hash,
            mgf1_hash: hash,
            salt_len,
        },
        Scheme::Ecdsa(hash) => SignatureAlgorithm::Ecdsa(hash),
    };
    let verdict = || match crypto::verify(&key, &algorithm, message, signature) {
        Ok(()) => Some(true),
        Err(SignatureError::Invalid) => Some(false),
        Err(SignatureError::Unsupported(_)) => None,
    };
    let first = verdict();
    for _ in 0..crypto::COMB_AFTER {
        assert_eq!(verdict(), first, "the comb and the small table disagree");
    }
    first
}

/// What a server sends `truststore probe` that it parses: the CA names of a
/// CertificateRequest and the head of the HTTP answer (read as a stream).
#[cfg(feature = "probe")]
pub fn probe_answer(data: &[u8]) {
    use crate::cli::commands::probe;
    let _ = black_box(probe::distinguished_name(data));
    let mut head = Vec::new();
    let _ = black_box(probe::read_head(&mut &data[..], &mut head));
    let _ = black_box(probe::status_of(&head));
}

/// The files `truststore pki` reads back: pki.toml, and a key file of each kind.
#[cfg(feature = "cli")]
pub fn pki_files(data: &[u8]) {
    use crate::cli::commands::pki::{keys, state};
    let text = String::from_utf8_lossy(data);
    let _ = black_box(toml::from_str::<state::State>(&text).map(|s| s.cas.len()));
    for kind in ["rsa2048", "p256", "p384", "p521"] {
        if let Ok(kind) = keys::KeyKind::parse(kind) {
            let _ = black_box(keys::PrivateKey::from_pkcs8_pem(&text, kind).is_ok());
        }
    }
}

/// A certificate file in any format the CLI reads (DER, PKCS#7, PKCS#12, UTF-16, PEM), with
/// and without a passphrase, then as a directory: the input cut at each `0xFF 0xFF` into member
/// files, concatenated. Each bundle that reads is linted and its findings placed in the file
/// they came from.
pub fn certificate_file(data: &[u8]) {
    let profile = Profile::default_profile();
    let lint_placed = |source: Source| {
        if let Ok(ts) = Truststore::from_owned(source) {
            for finding in lint::run(&ts, profile, OPTIONS) {
                black_box((finding.file.len(), finding.line));
            }
        }
    };
    for passphrase in [None, Some(&b"fuzz"[..])] {
        if let Ok(source) = crate::formats::read("fuzz", data.to_vec(), passphrase) {
            lint_placed(source);
        }
    }
    let members: Vec<Source> = data
        .split(|&b| b == 0xFF)
        .filter(|part| !part.is_empty())
        .take(16)
        .enumerate()
        .filter_map(|(i, part)| crate::formats::read(&format!("dir/{i}"), part.to_vec(), None).ok())
        .collect();
    lint_placed(Source::concat("dir", members));
}

/// A `truststore.toml` from arbitrary bytes, and the config it prints read back.
#[cfg(feature = "cli")]
pub fn config_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(config) = crate::cli::config::parse(&text, "fuzz.toml") {
        black_box(config.profile.map(|p| p.name));
    }
}

/// An API Gateway access log from arbitrary bytes: each record read, and its certificate
/// verified against the CRL fixtures' truststore, as `verify --access-log` does.
#[cfg(feature = "cli")]
pub fn access_log(data: &[u8]) {
    use std::sync::OnceLock;
    static TRUSTSTORE: OnceLock<Option<Truststore>> = OnceLock::new();
    let Some(ts) = TRUSTSTORE.get_or_init(|| {
        Truststore::deferred(&Source::new(
            "truststore",
            include_bytes!("../fixtures/crl/truststore.pem").to_vec(),
        ))
        .ok()
    }) else {
        return;
    };
    let text = String::from_utf8_lossy(data);
    for (i, record) in crate::cli::commands::access_log::records(&text).take(64) {
        let Some(record) = record else {
            continue;
        };
        let client = Source::new(format!("log:{i}"), record.pem.into_bytes());
        let at = record.logged_at.unwrap_or(OPTIONS.at);
        let judging = crate::verify::Judging::at(at);
        black_box(ts.verify_source(&client, judging, Profile::default_profile()));
    }
}
