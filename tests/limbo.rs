//! x509-limbo (tests/fixtures/limbo) through the library facade, mapped onto API Gateway as
//! `../shared/limbo/README.md` says: the truststore is the trusted certificates plus the
//! untrusted intermediates that are not self-signed, the client is the peer certificate.
//!
//! Every scored testcase is run; each one where truststore's verdict differs from limbo's
//! expected result is listed in docs/limbo.md with its reason, and this test keeps that file
//! exactly equal to what it finds (`TRUSTSTORE_UPDATE_DOCS=1 cargo test` rewrites it), so a
//! difference can neither appear nor disappear unnoticed.

use std::io::Read;
use std::time::{Duration, SystemTime};
use truststore::{DenialCode, Profile, Truststore};
use x509_cert::der::{Decode, Encode};

struct Case {
    id: String,
    description: String,
    kind: String,
    expected_success: bool,
    trusted: Vec<String>,
    intermediates: Vec<String>,
    peer: String,
    time: Option<String>,
    skipped: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/limbo/limbo-dev.json.gz"
    );
    let mut json = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut json)
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    doc["testcases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let id = t["id"].as_str().unwrap().to_string();
            let skipped = if id.starts_with("webpki::san::") || id.starts_with("webpki::cn::") {
                Some("server-name matching, which says nothing about a client certificate")
            } else if !strings(&t["crls"]).is_empty() {
                Some("needs revocation lists (not an input of verify yet)")
            } else if !t["max_chain_depth"].is_null() {
                Some("needs limbo's max-chain-depth option (API Gateway's depth is fixed)")
            } else {
                None
            };
            Case {
                description: t["description"].as_str().unwrap_or("").to_string(),
                kind: t["validation_kind"].as_str().unwrap().to_string(),
                expected_success: t["expected_result"] == "SUCCESS",
                trusted: strings(&t["trusted_certs"]),
                intermediates: strings(&t["untrusted_intermediates"]),
                peer: t["peer_certificate"].as_str().unwrap().to_string(),
                time: t["validation_time"].as_str().map(str::to_string),
                skipped,
                id,
            }
        })
        .collect()
}

/// The certificate of a one-block PEM string, parsed independently of truststore.
fn parse(pem: &str) -> Option<x509_cert::Certificate> {
    use base64ct::{Base64, Encoding};
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    x509_cert::Certificate::from_der(&Base64::decode_vec(&body).ok()?).ok()
}

fn self_signed(pem: &str) -> bool {
    parse(pem).is_some_and(|c| {
        let tbs = c.tbs_certificate();
        tbs.subject().to_der().ok() == tbs.issuer().to_der().ok()
    })
}

/// `validation_time`, or the middle of the peer certificate's validity.
fn evaluation_time(case: &Case) -> SystemTime {
    let secs = match &case.time {
        Some(t) => time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .unwrap()
            .unix_timestamp(),
        None => {
            let peer = parse(&case.peer).unwrap();
            let v = peer.tbs_certificate().validity();
            let (a, b) = (
                v.not_before.to_unix_duration().as_secs(),
                v.not_after.to_unix_duration().as_secs(),
            );
            i64::try_from(a / 2 + b / 2).unwrap()
        }
    };
    SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).unwrap())
}

/// What `openssl verify -purpose sslclient` says of the same mapping (AWS's verifiers are of
/// the OpenSSL lineage): `None` when openssl is not installed.
fn openssl_accepts(bundle: &str, peer: &str, at: SystemTime) -> Option<bool> {
    let dir = tempfile::tempdir().unwrap();
    let (ts, client) = (dir.path().join("ts.pem"), dir.path().join("client.pem"));
    std::fs::write(&ts, bundle).unwrap();
    std::fs::write(&client, peer).unwrap();
    let epoch = at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let out = std::process::Command::new("openssl")
        .args([
            "verify",
            "-purpose",
            "sslclient",
            "-no-CApath",
            "-no-CAstore",
            "-attime",
        ])
        .arg(epoch.to_string())
        .arg("-CAfile")
        .arg(&ts)
        .arg(&client)
        .output()
        .ok()?;
    Some(out.status.success())
}

/// Why truststore's verdict differs from limbo's, or `None` when they agree.
fn difference(case: &Case, verdict: &truststore::Verdict, openssl: bool) -> Option<String> {
    let about = summary(&case.description);
    let why = match (case.expected_success, verdict.denial_code()) {
        (true, None) | (false, Some(_)) => return None,
        (true, Some(DenialCode::UnsupportedKey)) => {
            "AWS rule: API Gateway's keys (RSA 2048+, P-256/P-384)".to_string()
        }
        (true, Some(DenialCode::InsecureSignatureAlgorithm)) => {
            "AWS rule: API Gateway's signatures (SHA-256 or stronger)".to_string()
        }
        (true, Some(DenialCode::ChainTooLong)) => "AWS rule: at most four CA certificates".into(),
        (true, Some(_)) if !openssl => format!("as OpenSSL 3, which refuses it too: {about}"),
        (true, Some(code)) => {
            format!("to fix: denied ({code}) where limbo and OpenSSL accept: {about}")
        }
        (false, None) if openssl => format!("as OpenSSL 3, which accepts it too: {about}"),
        (false, None) => format!("to fix: accepted where limbo and OpenSSL refuse: {about}"),
    };
    Some(why)
}

/// The description without its diagrams, cut to its first sentence or two.
fn summary(text: &str) -> String {
    let prose: String = text.split("```").step_by(2).collect::<Vec<_>>().join(" ");
    let flat = prose.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat
        .trim_start_matches("Produces the following **invalid** chain: ")
        .trim_start_matches("Produces the following **valid** chain: ");
    let mut end = 0;
    for (i, _) in flat.match_indices(". ") {
        end = i + 1;
        if end > 60 {
            break;
        }
    }
    if end == 0 || end < 20 {
        end = flat.len();
    }
    flat[..end.min(240)].replace('|', "\\|")
}

#[test]
fn limbo_verdicts_agree_except_for_the_documented_differences() {
    let profile = Profile::named("apigw").unwrap();
    let mut rows = Vec::new();
    let (mut scored, mut agree, mut skipped) = (0, 0, 0);
    for case in cases() {
        if let Some(why) = case.skipped {
            skipped += 1;
            rows.push(format!("| `{}` | | skipped | | | {why} |", case.id));
            continue;
        }
        scored += 1;
        let mut bundle = case.trusted.join("\n");
        for pem in case.intermediates.iter().filter(|p| !self_signed(p)) {
            bundle.push('\n');
            bundle.push_str(pem);
        }
        let at = evaluation_time(&case);
        let verdict = match Truststore::from_pem(bundle.as_bytes()) {
            Ok(ts) => ts.verify_pem(case.peer.as_bytes(), at, profile),
            Err(e) => panic!("{}: the truststore does not read: {e}", case.id),
        };
        let Some(openssl) = openssl_accepts(&bundle, &case.peer, at) else {
            #[allow(clippy::print_stderr)] // say why nothing was compared
            {
                eprintln!("openssl not found: the limbo comparison needs it as second opinion");
            }
            return;
        };
        match difference(&case, &verdict, openssl) {
            None => agree += 1,
            Some(why) => {
                let ours = verdict.code().unwrap_or("accepted");
                let expected = if case.expected_success {
                    "SUCCESS"
                } else {
                    "FAILURE"
                };
                let openssl = if openssl { "accepted" } else { "refused" };
                rows.push(format!(
                    "| `{}` | {} | {expected} | {openssl} | {ours} | {why} |",
                    case.id,
                    case.kind.to_lowercase()
                ));
            }
        }
    }
    let generated = format!(
        "# x509-limbo: where truststore differs\n\n\
         Generated by `tests/limbo.rs` from the vendored half of x509-limbo\n\
         (`tests/fixtures/limbo/`); do not edit by hand. Regenerate with\n\
         `TRUSTSTORE_UPDATE_DOCS=1 cargo test`. The mapping onto `verify` (profile `apigw`):\n\
         the truststore is limbo's trusted certificates plus the untrusted intermediates that are\n\
         not self-signed; the client is the peer certificate; the time is `validation_time`, or\n\
         the middle of the peer's validity. The second opinion is `openssl verify -purpose\n\
         sslclient -no-CApath -no-CAstore -CAfile <truststore> -attime <time> <client>`.\n\n\
         {scored} testcases scored, {agree} agree, {} differ; {skipped} skipped.\n\n\
         | testcase | kind | limbo | openssl | truststore | reason |\n|---|---|---|---|---|---|\n{}\n",
        scored - agree,
        rows.join("\n")
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/limbo.md");
    if std::env::var_os("TRUSTSTORE_UPDATE_DOCS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/limbo.md is stale: run TRUSTSTORE_UPDATE_DOCS=1 cargo test\n{generated}"
    );
}
