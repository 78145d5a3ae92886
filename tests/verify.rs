//! `truststore verify` end to end: every denial code from a real scenario, the accepted chains,
//! the JSON shape, exit codes, and a cross-check against `openssl verify`.

mod common;

use common::{truststore, AT};
use std::process::Command;

/// `verify --at AT --format json -t <scenario>/truststore.pem <scenario>/client.pem`: (exit, result).
fn verify_scenario(scenario: &str) -> (i32, serde_json::Value) {
    let ts = format!("fixtures/verify/{scenario}/truststore.pem");
    let client = format!("fixtures/verify/{scenario}/client.pem");
    let extra = scenario_args(scenario);
    let mut args = common::verify_json_args(&ts, &[&client]);
    args.extend(extra.iter().map(String::as_str));
    let run = truststore(&args);
    assert!(run.stderr.is_empty(), "{scenario}: {}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["truststore"], ts.as_str());
    assert_eq!(doc["at"], "2026-06-01T00:00:00Z");
    (run.code, doc["results"][0].clone())
}

/// The extra `verify` arguments of a scenario (its profile, a service option): its `args` file.
fn scenario_args(scenario: &str) -> Vec<String> {
    std::fs::read_to_string(common::fixture_path(&format!("verify/{scenario}/args")))
        .map(|text| text.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

/// The field names of a JSON object, in document order.
fn field_names(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

const VERBATIM_ISSUER: &str = "Access denied. Reason: Could not find issuer for certificate";
const VERBATIM_ALGORITHM: &str =
    "Access denied. Reason: Client cert using an insecure Signature Algorithm";
const VERBATIM_SELF_SIGNED: &str = "Access denied. Reason: self signed certificate";

/// (scenario, code, reason, inferred, a phrase the hint must contain)
const DENIALS: &[(&str, &str, &str, bool, &str)] = &[
    ("malformed", "malformed", "Access denied. Reason: unable to decode certificate", true, "invalid base64 character '!' on line 2"),
    ("self-signed", "self-signed", VERBATIM_SELF_SIGNED, false, "add this exact certificate to the truststore"),
    ("self-signed-other-key", "self-signed", VERBATIM_SELF_SIGNED, false, "with another public key: truststore key SHA-256 "),
    ("self-signed-reissued", "self-signed", VERBATIM_SELF_SIGNED, false, "same public key"),
    ("client-sent-intermediate", "issuer-not-found", VERBATIM_ISSUER, false, "the client sends `CN=Fixture Issuing CA,O=truststore fixtures`, but API Gateway ignores"),
    ("issuer-other-key", "issuer-not-found", VERBATIM_ISSUER, false, "with that name but subject key identifier"),
    ("aki-wrong-serial", "issuer-not-found", VERBATIM_ISSUER, false, "names another issuer or serial number (authorityCertIssuer / authorityCertSerialNumber)"),
    ("issuer-renamed", "issuer-not-found", VERBATIM_ISSUER, false, "truststore.pem:22) has the key identifier"),
    ("insecure-signature-algorithm", "insecure-signature-algorithm", VERBATIM_ALGORITHM, false, "(the client) is signed with SHA-1 with RSA"),
    ("insecure-ca", "insecure-signature-algorithm", VERBATIM_ALGORITHM, true, "`CN=SHA1 Issuing CA,O=truststore fixtures` (truststore fixtures/verify/insecure-ca/truststore.pem:22) is signed with SHA-1"),
    ("unsupported-key", "unsupported-key", VERBATIM_ALGORITHM, true, "an RSA 1024-bit key (at least 2048 required)"),
    ("chain-6", "chain-too-long", "Access denied. Reason: certificate chain too long", true, "the path holds 5 CA certificates, API Gateway allows 4"),
    ("critical-extension-client", "unhandled-critical-extension", "Access denied. Reason: unhandled critical extension", true, "(the client) has a critical extension the verifier does not process: 1.3.6.1.4.1.99999.1.1"),
    ("critical-extension-ca", "unhandled-critical-extension", "Access denied. Reason: unhandled critical extension", true, "`CN=Critical Unknown Extension CA,O=truststore fixtures` (truststore fixtures/verify/critical-extension-ca/truststore.pem:22) has a critical extension"),
    ("not-a-ca", "not-a-ca", "Access denied. Reason: invalid CA certificate", true, "is not a CA (no basicConstraints CA:TRUE)"),
    ("no-certsign", "not-a-ca", "Access denied. Reason: invalid CA certificate", true, "has keyUsage without keyCertSign but issued"),
    ("pathlen", "not-a-ca", "Access denied. Reason: path length constraint exceeded", true, "pathLenConstraint 0"),
    ("server-auth-client", "invalid-purpose", "Access denied. Reason: unsupported certificate purpose", true, "(the client) has extendedKeyUsage serverAuth, without clientAuth"),
    ("any-eku-client", "invalid-purpose", "Access denied. Reason: unsupported certificate purpose", true, "anyExtendedKeyUsage only"),
    ("key-encipherment-client", "invalid-purpose", "Access denied. Reason: unsupported certificate purpose", true, "keyUsage without digitalSignature or keyAgreement"),
    ("server-auth-ca", "invalid-purpose", "Access denied. Reason: unsupported certificate purpose", true, "`CN=Server Auth Only CA,O=truststore fixtures` (truststore fixtures/verify/server-auth-ca/truststore.pem:22) has extendedKeyUsage serverAuth, without clientAuth; use a CA whose extendedKeyUsage includes clientAuth"),
    ("bad-signature", "bad-signature", "Access denied. Reason: certificate signature failure", true, "its key does not verify the signature"),
    // Two CAs of the client's issuer name, no key identifiers: the verifier may take the wrong one.
    ("two-cas-one-name-no-keyid", "bad-signature", "Access denied. Reason: certificate signature failure", true, "API Gateway may take any of the 2 truststore certificates at fixtures/verify/two-cas-one-name-no-keyid/truststore.pem lines 22, 43 as the issuer of `CN=device-19.example,O=truststore fixtures` (the client)"),
    ("expired", "expired", "Access denied. Reason: certificate has expired", true, "(the client) expired on 2026-05-31T00:00:00Z"),
    ("expired-intermediate", "expired", "Access denied. Reason: certificate has expired", true, "`CN=Expired Issuing CA,O=truststore fixtures` (truststore fixtures/verify/expired-intermediate/truststore.pem:22) expired on 2026-05-22T00:00:00Z"),
    // The verifier may take the intermediate certified by the expired root, in either file order.
    ("fork-dead-end-first", "expired", "Access denied. Reason: certificate has expired", true, "`CN=Fork Old Root,O=truststore fixtures` (truststore fixtures/verify/fork-dead-end-first/truststore.pem:41) expired on 2026-05-22T00:00:00Z; renew it; API Gateway may take any of the 2 truststore certificates at fixtures/verify/fork-dead-end-first/truststore.pem lines 1, 21 as the issuer of `CN=device-52.example,O=truststore fixtures` (the client) (same name, agreeing key identifiers), the file's order does not fix which, and it does not try another when the path above fails; this path takes line 1"),
    ("fork-dead-end-last", "expired", "Access denied. Reason: certificate has expired", true, "this path takes line 21"),
    ("not-yet-valid", "not-yet-valid", "Access denied. Reason: certificate is not yet valid", true, "not valid before 2026-06-02T00:00:00Z"),
    ("nc-dns-outside", "name-constraint-violation", "Access denied. Reason: permitted subtree violation", true, "DNS:device.other.example is outside the permitted subtrees"),
    ("nc-dns-excluded", "name-constraint-violation", "Access denied. Reason: excluded subtree violation", true, "DNS:device.blocked.corp.example is inside the excluded subtree DNS:blocked.corp.example"),
    ("nc-cn-outside", "name-constraint-violation", "Access denied. Reason: permitted subtree violation", true, "DNS:device.other.example is outside the permitted subtrees"),
    ("nc-email-outside", "name-constraint-violation", "Access denied. Reason: permitted subtree violation", true, "email:bob@other.example is outside"),
    ("nc-ip-outside", "name-constraint-violation", "Access denied. Reason: permitted subtree violation", true, "IP:192.0.2.1 is outside"),
    ("nc-dirname-outside", "name-constraint-violation", "Access denied. Reason: permitted subtree violation", true, "the subject name is outside"),
    ("apigw-intermediate-alone", "issuer-not-found", VERBATIM_ISSUER, false, "add `CN=Fixture Root CA,O=truststore fixtures` to the truststore"),
    ("alb-expired-client", "expired", "Failed:ClientCertExpired  Client certificate is expired", false, "(the client) expired on 2026-05-31T00:00:00Z"),
    // AWS-LC takes either certificate of the name, the expired one included.
    ("alb-renewed-intermediate", "expired", "Failed:ClientCertExpired  Client certificate is expired", false, "Application Load Balancer may take any of the 2 truststore certificates at fixtures/verify/alb-renewed-intermediate/truststore.pem lines 22, 43"),
    ("cloudfront-too-deep", "chain-too-long", "Failed:ClientCertMaxChainDepthExceeded  Maximum certificate chain depth exceeded", false, "CloudFront allows the client and 3 certificates up to an intermediate anchor"),
    // CloudFront takes P-256 and P-384 only; the load balancers take P-521 too.
    ("cloudfront-p521-issuer", "unsupported-key", "Failed:ClientCertTypeUnsupported  Certificate type is unsupported", true, "`CN=P-521 Issuing CA,O=truststore fixtures` (truststore fixtures/verify/cloudfront-p521-issuer/truststore.pem:"),
    ("cloudfront-server-auth-ca", "invalid-purpose", "Failed:ClientCertIntentInvalid  Certificate intent is invalid", false, "has extendedKeyUsage serverAuth, without clientAuth"),
    // Trusted, but no identity filter matches: the URI's path is compared as written.
    ("nlb-filter-no-match", "no-filter-match", "Failed:ClientCertRejected  Client certificate is rejected by custom server validation", true, "matches none of the identity filters (subject-cn=other.example, san-uri=spiffe://corp.example/fleet/67, subject-ou=Fleet)"),
    // Revocation lists (load balancers): a listed client or CA, a list that cannot be used.
    ("alb-revoked-client", "revoked", "Failed:ClientCertCrlHit  Client certificate has been revoked by the CA", false, "is listed in the CRL at fixtures/crl/issuing.crl.pem:1"),
    ("alb-revoked-intermediate", "revoked", "Failed:ClientCertCrlHit  Client certificate has been revoked by the CA", false, "`CN=Fixture Issuing CA,O=truststore fixtures` (sent by the client) (serial "),
    ("alb-expired-crl", "crl-unusable", "Failed:ClientCertCrlProcessingError  CRL processing error", true, "it expired at its nextUpdate 2026-05-31T00:00:00Z"),
    ("too-many-paths", "too-many-paths", "Access denied. Reason: (that of the path API Gateway takes)", true, "the truststore offers more than 16 paths for `CN=device-54.example,O=truststore fixtures`"),
];

/// Every scenario, denied then accepted.
fn scenarios() -> impl Iterator<Item = &'static str> {
    DENIALS
        .iter()
        .map(|d| d.0)
        .chain(ACCEPTED.iter().map(|a| a.0))
}

/// (scenario, length of the chain, client first)
const ACCEPTED: &[(&str, usize)] = &[
    ("chain-1", 1),
    ("chain-2", 2),
    ("chain-3", 3),
    ("chain-4", 4),
    ("chain-5", 5),
    ("two-cas-one-name", 3),
    // An expired intermediate and its renewal (same name and key): the valid one is taken.
    ("renewed-intermediate", 3),
    ("sha1-root", 2),
    ("ecdsa", 3),
    ("pss", 3),
    // Client, a self-issued rollover of Pathlen Zero CA, Pathlen Zero CA, root: pathlen:0 holds.
    ("pathlen-self-issued", 4),
    // EKU clientAuth on the client and on its CA (with serverAuth too).
    ("client-auth-eku", 3),
    // A critical certificatePolicies is processed; an unknown non-critical extension ignored.
    ("handled-critical-extensions", 3),
    // An AKI naming the root's issuer and serial number.
    ("aki-issuer-serial", 3),
    // Names inside the CA's permitted subtrees (DNS, email, IP, directory name).
    ("nc-dns-permitted", 3),
    ("nc-email-permitted", 3),
    ("nc-ip-permitted", 3),
    ("nc-dirname-permitted", 3),
    // Every trust store certificate is an anchor for the load balancers and CloudFront.
    ("alb-intermediate-anchor", 2),
    // They build the path through the intermediates the client sends.
    ("alb-client-sends-intermediate", 3),
    ("cloudfront-deep-to-root", 5),
    // Their expiry options.
    ("alb-expired-client-ignored", 2),
    ("cloudfront-expired-ca-ignored", 2),
    // Network Load Balancer identity filters: one of the rules matches (case-insensitive DNS
    // prefix; a URI whose scheme and host differ in case only).
    ("nlb-filter-match", 2),
    ("nlb-filter-uri-match", 2),
    // A current CRL of the issuer that does not list the client.
    ("alb-not-revoked-client", 2),
    // A stale CRL of the issuer next to its current one: the current one decides.
    ("alb-stale-and-current-crl", 2),
    // A P-521 issuing CA (its ECDSA signature on the client verified with the P-521 key).
    ("alb-p521-issuer", 2),
];

#[test]
fn every_denial_code_comes_from_a_real_scenario_with_reason_hint_and_exit_one() {
    for &(scenario, code, reason, inferred, hint) in DENIALS {
        let (exit, result) = verify_scenario(scenario);
        assert_eq!(exit, 1, "{scenario}");
        assert_eq!(result["verdict"], "denied", "{scenario}");
        assert_eq!(result["code"], code, "{scenario}: {result}");
        assert_eq!(result["reason"], reason, "{scenario}");
        assert_eq!(result["inferred"], inferred, "{scenario}");
        let got = result["hint"].as_str().unwrap();
        assert!(
            got.contains(hint),
            "{scenario}: hint {got:?} lacks {hint:?}"
        );
    }
    let mut codes: Vec<&str> = Vec::new();
    for &(_, code, ..) in DENIALS {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    assert_eq!(
        codes,
        [
            "malformed",
            "self-signed",
            "issuer-not-found",
            "insecure-signature-algorithm",
            "unsupported-key",
            "chain-too-long",
            "unhandled-critical-extension",
            "not-a-ca",
            "invalid-purpose",
            "bad-signature",
            "expired",
            "not-yet-valid",
            "name-constraint-violation",
            "no-filter-match",
            "revoked",
            "crl-unusable",
            "too-many-paths"
        ],
        "every denial code of the contract is covered"
    );
}

#[test]
fn accepted_chains_of_one_to_five_certificates() {
    for &(scenario, length) in ACCEPTED {
        let (exit, result) = verify_scenario(scenario);
        assert_eq!(exit, 0, "{scenario}: {result}");
        assert_eq!(result["verdict"], "accepted", "{scenario}");
        let chain = result["chain"].as_array().unwrap();
        assert_eq!(chain.len(), length, "{scenario}: {chain:?}");
        assert_eq!(chain[0]["subject"], result["subject"]);
        assert_eq!(
            chain[0].get("line"),
            None,
            "the client has no truststore line"
        );
        let keys = field_names(&result);
        assert_eq!(keys, ["file", "subject", "verdict", "chain"], "{scenario}");
        // Every truststore certificate of the path is named by line and SHA-256, and the two
        // agree with the file.
        let truststore = format!("fixtures/verify/{scenario}/truststore.pem");
        // Certificates the client sent have no line.
        for link in chain[1..].iter().filter(|l| l.get("line").is_some()) {
            let line = link["line"].as_u64().unwrap() as usize;
            assert_eq!(
                link["sha256"],
                common::block_sha256(&truststore, line),
                "{scenario}: {link}"
            );
        }
    }
}

#[test]
fn a_denied_result_has_the_documented_fields_and_the_partial_chain() {
    let (_, result) = verify_scenario("client-sent-intermediate");
    let keys = field_names(&result);
    assert_eq!(
        keys,
        ["file", "subject", "verdict", "code", "reason", "inferred", "hint", "chain"]
    );
    assert_eq!(
        result["file"],
        "fixtures/verify/client-sent-intermediate/client.pem"
    );
    let chain = result["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 1, "{chain:?}");
    assert_eq!(
        chain[0]["subject"],
        "CN=device-17.example,O=truststore fixtures"
    );
    assert_eq!(
        chain[0]["sha256"],
        common::block_sha256("fixtures/verify/client-sent-intermediate/client.pem", 1)
    );
    let (_, result) = verify_scenario("expired-intermediate");
    assert_eq!(result["chain"].as_array().unwrap().len(), 3);
}

#[test]
fn human_output_for_every_scenario() {
    let mut all = String::new();
    let mut scenarios: Vec<&str> = DENIALS
        .iter()
        .map(|d| d.0)
        .chain(ACCEPTED.iter().map(|a| a.0))
        .collect();
    scenarios.sort_unstable();
    for scenario in scenarios {
        let ts = format!("fixtures/verify/{scenario}/truststore.pem");
        let client = format!("fixtures/verify/{scenario}/client.pem");
        let extra = scenario_args(scenario);
        let mut args = vec!["verify", "--at", AT, "--truststore", &ts, &client];
        args.extend(extra.iter().map(String::as_str));
        let run = truststore(&args);
        let shown = extra.join(" ");
        all.push_str(&format!(
            "$ truststore verify {shown}{}-t {ts} {client}   # exit {}\n{}\n",
            if shown.is_empty() { "" } else { " " },
            run.code,
            run.stdout
        ));
    }
    insta::assert_snapshot!("verify_human", all);
}

#[test]
fn many_clients_share_one_truststore_and_keep_their_order() {
    let clients = [
        "expired",
        "client-sent-intermediate",
        "not-yet-valid",
        "insecure-signature-algorithm",
    ]
    .map(|s| format!("fixtures/verify/{s}/client.pem"));
    let client_args: Vec<&str> = clients.iter().map(String::as_str).collect();
    let run = common::verify_json("fixtures/verify/expired/truststore.pem", &client_args);
    assert_eq!(run.code, 1);
    let doc = run.json();
    let results = doc["results"].as_array().unwrap();
    let got: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (clients[0].as_str(), "denied"),
            (clients[1].as_str(), "accepted"), // this truststore holds its issuer
            (clients[2].as_str(), "denied"),
            (clients[3].as_str(), "denied"),
        ]
    );
}

#[test]
fn all_accepted_exits_zero_in_human_form() {
    let run = truststore(&[
        "verify",
        "--at",
        AT,
        "-t",
        "fixtures/verify/chain-3/truststore.pem",
        "fixtures/verify/chain-3/client.pem",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "ACCEPTED fixtures/verify/chain-3/client.pem  CN=device-3.example,O=truststore fixtures  \
         (CN=device-3.example,O=truststore fixtures <- CN=Chain3 Level 1 CA,O=truststore fixtures \
         (line 21) <- CN=Chain3 Root CA,O=truststore fixtures (line 1))\n\
         1 accepted, 0 denied (profile apigw)\n"
    );
}

#[test]
fn unreadable_inputs_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_str().unwrap();
    let good_client = "fixtures/verify/chain-2/client.pem";
    let ts = "fixtures/verify/chain-2/truststore.pem";
    // No truststore at all, or one without a certificate: nothing is verified.
    for bad_ts in ["no-such-truststore.pem", empty] {
        let run = truststore(&["verify", "--at", AT, "-t", bad_ts, good_client]);
        assert_eq!(run.code, 2, "{bad_ts}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.starts_with(&format!("truststore: {bad_ts}")),
            "{}",
            run.stderr
        );
    }
    // One bad client among good ones: the others are still verified.
    let run = common::verify_json(ts, &[empty, good_client]);
    run.assert_error("file is empty");
    assert_eq!(run.json()["results"][0]["verdict"], "accepted");
    // Usage errors.
    assert_eq!(truststore(&["verify", good_client]).code, 2);
    assert_eq!(truststore(&["verify", "-t", ts]).code, 2);
}

/// The evaluation time of the fixtures, 2026-06-01T00:00:00Z, in seconds.
const AT_EPOCH: &str = "1780272000";

/// Where `openssl` is on the machine, the verdict agrees with
/// `openssl verify -purpose sslclient -x509_strict -CAfile <truststore> -attime <t> <leaf>`
/// (the purpose a TLS server verifies clients for) once the API Gateway
/// policy is applied, in OpenSSL's own terms: `-auth_level 2` (RSA >= 2048 bits, no SHA-1
/// signatures except the trust anchor's self-signature) and `-verify_depth 3` (at most three
/// intermediates plus the root: four CA certificates).
#[test]
fn verdicts_agree_with_openssl_verify_plus_the_policy() {
    // Deliberate divergences, each the verifier's pick among certificates of one name, which
    // the file's order does not fix: openssl accepts one of the fork files and refuses the
    // other (checked below), and any of the seventeen issuers of too-many-paths; truststore
    // denies them all, whatever the order. And two AWS rules openssl does not have:
    // CloudFront counts an intermediate anchor against its depth ("leaf and up to three
    // intermediate certificates"; openssl counts neither end), and AWS-LC takes an expired
    // issuer as readily as its renewal (openssl prefers the valid one).
    let excluded = [
        "fork-dead-end-first",
        "fork-dead-end-last",
        "too-many-paths",
        "cloudfront-too-deep",
        "alb-renewed-intermediate",
        // Identity filters are a listener setting openssl has no counterpart for.
        "nlb-filter-no-match",
        // CloudFront's key list leaves out P-521, which openssl takes.
        "cloudfront-p521-issuer",
    ];
    let mut checked = 0;
    for scenario in scenarios() {
        if excluded.contains(&scenario) {
            continue;
        }
        let Some(out) = openssl_verify(scenario) else {
            return;
        };
        let (_, ours) = verify_scenario(scenario);
        let openssl_accepts = out.status.success();
        let we_accept = ours["verdict"] == "accepted";
        assert_eq!(
            we_accept,
            openssl_accepts,
            "{scenario}: truststore says {}, openssl says:\n{}{}",
            ours["verdict"],
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    assert_eq!(checked, DENIALS.len() + ACCEPTED.len() - excluded.len());
}

/// `openssl verify` of a scenario's client (its first certificate: openssl verifies that one
/// only) with the policy above, or `None` (said on stderr) where openssl is not installed.
fn openssl_verify(scenario: &str) -> Option<std::process::Output> {
    if Command::new("openssl").arg("version").output().is_err() {
        #[allow(clippy::print_stderr)] // tell whoever runs the tests why nothing was checked
        {
            eprintln!("openssl not found: cross-check skipped");
        }
        return None;
    }
    let client = std::fs::read_to_string(format!(
        "{}/fixtures/verify/{scenario}/client.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let leaf_end = client
        .find("-----END CERTIFICATE-----")
        .map_or(client.len(), |i| i + 26)
        .min(client.len());
    let dir = tempfile::tempdir().unwrap();
    let leaf = dir.path().join("client.pem");
    std::fs::write(&leaf, &client[..leaf_end]).unwrap();
    // The load balancer and CloudFront profiles, in OpenSSL's terms: every trust store
    // certificate an anchor, what the client sends as untrusted intermediates, and the
    // expiry options as -no_check_time.
    let extra = scenario_args(scenario);
    let mut profile_flags: Vec<std::ffi::OsString> = Vec::new();
    if extra
        .iter()
        .any(|a| a == "alb" || a == "nlb" || a == "cloudfront")
    {
        profile_flags.push("-partial_chain".into());
        let sent = client[leaf_end..].trim();
        if !sent.is_empty() {
            let untrusted = dir.path().join("sent.pem");
            std::fs::write(&untrusted, sent).unwrap();
            profile_flags.push("-untrusted".into());
            profile_flags.push(untrusted.into());
        }
    }
    // Revocation lists: the client's own issuer's with -crl_check, every issuer's with
    // -crl_check_all where the client sends intermediates.
    let crls: Vec<&String> = extra
        .windows(2)
        .filter(|w| w[0] == "--crl")
        .map(|w| &w[1])
        .collect();
    if !crls.is_empty() {
        let sends = !client[leaf_end..].trim().is_empty();
        profile_flags.push(
            if sends {
                "-crl_check_all"
            } else {
                "-crl_check"
            }
            .into(),
        );
        for crl in crls {
            profile_flags.push("-CRLfile".into());
            profile_flags.push(crl.into());
        }
    }
    if extra.iter().any(|a| a.starts_with("--ignore-")) {
        profile_flags.push("-no_check_time".into());
    } else {
        profile_flags.push("-attime".into());
        profile_flags.push(AT_EPOCH.into());
    }
    let out = Command::new("openssl")
        .args(common::OPENSSL_VERIFY_POLICY)
        .args(&profile_flags)
        .arg("-CAfile")
        .arg(format!("fixtures/verify/{scenario}/truststore.pem"))
        .arg(&leaf)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run openssl");
    Some(out)
}

/// The verifier's pick among same-name issuers decides, and it does not backtrack: openssl
/// accepts the fork files in one order and refuses them in the other, so `verify` denies both.
#[test]
fn openssl_does_not_backtrack_so_either_pick_must_work() {
    let (Some(first), Some(last)) = (
        openssl_verify("fork-dead-end-first"),
        openssl_verify("fork-dead-end-last"),
    ) else {
        return;
    };
    // Which order openssl accepts is its store's business; that exactly one does is the point.
    assert_ne!(
        first.status.success(),
        last.status.success(),
        "openssl's verdict depends on the order: {first:?} {last:?}"
    );
    let refused = if first.status.success() {
        &last
    } else {
        &first
    };
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("certificate has expired"),
        "{refused:?}"
    );
    for scenario in ["fork-dead-end-first", "fork-dead-end-last"] {
        assert_eq!(verify_scenario(scenario).1["code"], "expired", "{scenario}");
    }
}

/// A truststore with thousands of CAs of one subject (and one key identifier), none of which
/// verifies: the lookup tries a bounded number of candidates, and the hint stays short.
#[test]
fn a_hostile_truststore_with_thousands_of_one_subject_stays_bounded() {
    let read = |rel: &str| std::fs::read_to_string(common::fixture_path(rel)).unwrap();
    // The second block is the impostor "Fixture Issuing CA": same name and key id, wrong key.
    let der = common::forge::ders(&read("verify/bad-signature/truststore.pem")).remove(1);
    // Certificate and TBS headers are 4 bytes each, version 5: the serial INTEGER is at 13.
    assert_eq!(der[13], 0x02, "serial expected at offset 13");
    let mut pem = read("verify/bad-signature/truststore.pem");
    for n in 0u16..3000 {
        let mut copy = der.clone();
        copy[16..18].copy_from_slice(&n.to_be_bytes()); // a distinct certificate each time
        pem.push_str(&common::forge::pem(&copy));
    }
    let dir = tempfile::tempdir().unwrap();
    let ts = dir.path().join("hostile.pem");
    std::fs::write(&ts, pem).unwrap();
    let run = common::verify_json(
        ts.to_str().unwrap(),
        &["fixtures/verify/bad-signature/client.pem"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let result = &run.json()["results"][0];
    assert_eq!(result["code"], "bad-signature");
    let hint = result["hint"].as_str().unwrap();
    assert!(hint.contains("and 253 more"), "{hint}"); // at most 256 of one name are looked at
    assert!(hint.len() < 1000);
    // lint on the same file finishes and reports the duplicate subjects.
    let (code, lint) = common::lint_json(ts.to_str().unwrap());
    assert_eq!(code, 1);
    assert_eq!(lint["summary"]["certificates"], 3002);
}

#[test]
fn output_is_the_same_on_one_thread_and_on_all_cores() {
    let mut clients: Vec<String> = DENIALS
        .iter()
        .map(|d| d.0)
        .chain(ACCEPTED.iter().map(|a| a.0))
        .map(|s| format!("fixtures/verify/{s}/client.pem"))
        .collect();
    clients.sort();
    let run = |jobs: &str| {
        let mut args = vec![
            "verify",
            "--jobs",
            jobs,
            "--at",
            AT,
            "--format",
            "json",
            "-t",
            "fixtures/good.pem",
        ];
        args.extend(clients.iter().map(String::as_str));
        truststore(&args)
    };
    let (one, all) = (run("1"), run("4"));
    assert_eq!(one.stdout, all.stdout);
    assert_eq!(one.code, all.code);
    let files: Vec<String> = one.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, clients, "results in input order");
    let lint = |jobs: &str| {
        truststore(&[
            "lint",
            "-j",
            jobs,
            "--at",
            AT,
            "--format",
            "json",
            "fixtures/mozilla/cacert.pem",
        ])
        .stdout
    };
    assert_eq!(lint("1"), lint("3"));
}

#[test]
fn clients_can_come_from_a_list_file_or_standard_input() {
    let list = "# fleet\nfixtures/verify/expired/client.pem\n\nfixtures/verify/client-sent-intermediate/client.pem\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.txt");
    std::fs::write(&path, list).unwrap();
    let ts = "fixtures/verify/expired/truststore.pem";
    let from_file = common::verify_json(ts, &["--clients-from", path.to_str().unwrap()]);
    let from_stdin = common::truststore_with_stdin(
        &common::verify_json_args(ts, &["--clients-from", "-"]),
        Some(list.as_bytes()),
    );
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let verdicts: Vec<&str> = from_file.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect::<Vec<_>>()
        .into_iter()
        .map(|v| if v == "denied" { "denied" } else { "accepted" })
        .collect();
    assert_eq!(verdicts, ["denied", "accepted"]);
    assert_eq!(from_file.code, 1);
}

/// `verify` parses truststore CAs only when a path reaches them. A CA that then fails to parse
/// (here: each of chain-3's CAs with a broken notBefore, its name still readable) is treated as
/// absent, whether or not a good copy of the name follows; `lint` reports it as malformed.
#[test]
fn a_truststore_ca_that_does_not_parse_is_skipped_by_verify() {
    let good =
        std::fs::read_to_string(common::fixture_path("verify/chain-3/truststore.pem")).unwrap();
    let mut broken = String::new();
    for mut der in common::forge::ders(&good) {
        let at = der.windows(2).position(|w| w == [0x17, 0x0d]).unwrap(); // notBefore UTCTime
        der[at + 3] = b'X';
        broken.push_str(&common::forge::pem(&der));
    }
    let dir = tempfile::tempdir().unwrap();
    let verify = |name: &str, pem: &str| {
        let ts = dir.path().join(name);
        std::fs::write(&ts, pem).unwrap();
        let run = common::verify_json(
            ts.to_str().unwrap(),
            &["fixtures/verify/chain-3/client.pem"],
        );
        let (_, lint) = common::lint_json(ts.to_str().unwrap());
        assert!(common::codes(&lint).contains(&"malformed".to_string()));
        (run.code, run.json()["results"][0].clone())
    };
    let (code, result) = verify("broken-then-good.pem", &format!("{broken}{good}"));
    assert_eq!(code, 0, "{result}");
    assert_eq!(result["verdict"], "accepted");
    let (code, result) = verify("broken-only.pem", &broken);
    assert_eq!(code, 1, "{result}");
    assert_eq!(result["code"], "issuer-not-found");
    let hint = result["hint"].as_str().unwrap();
    assert!(
        hint.contains("broken-only.pem:21, but it does not parse"),
        "{hint}"
    );
}

/// Every scenario, through the library facade alone: the same verdict, code and reason as the
/// binary's JSON (the examples/verify.rs program does the same from outside the crate).
#[test]
fn the_library_facade_gives_the_verdicts_the_binary_prints() {
    use std::time::{Duration, SystemTime};
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(AT_EPOCH.parse().unwrap());
    // Revocation lists reach the library with the authorizer's API; until then `--crl`
    // scenarios are the binary's alone.
    for scenario in scenarios().filter(|s| !scenario_args(s).contains(&"--crl".to_string())) {
        let read = |name: &str| {
            std::fs::read(common::fixture_path(&format!("verify/{scenario}/{name}"))).unwrap()
        };
        // The scenario's profile and service option, as the library takes them.
        let args = scenario_args(scenario);
        let named = args
            .iter()
            .position(|a| a == "--profile")
            .map_or("apigw", |i| args[i + 1].as_str());
        let profile = truststore::Profile::named(named).unwrap();
        let filters = args
            .windows(2)
            .filter(|w| w[0] == "--filter")
            .map(|w| w[1].parse::<truststore::IdentityFilter>().unwrap())
            .collect();
        let options = truststore::VerifyOptions {
            at,
            ignore_expiry: args.iter().any(|a| a.starts_with("--ignore-")),
            identity_filters: filters,
        };
        let ts = truststore::Truststore::from_pem(&read("truststore.pem")).unwrap();
        let verdict = ts.verify_pem_with(&read("client.pem"), &options, profile);
        let (_, cli) = verify_scenario(scenario);
        assert_eq!(
            verdict.is_accepted(),
            cli["verdict"] == "accepted",
            "{scenario}"
        );
        assert_eq!(verdict.code(), cli["code"].as_str(), "{scenario}");
        assert_eq!(verdict.reason(), cli["reason"].as_str(), "{scenario}");
        assert_eq!(verdict.chain.len(), cli["chain"].as_array().unwrap().len());
    }
}

/// A truststore the service would refuse (two CAs of one name) still gets verdicts, but the run
/// says so first, once, naming the code and line lint reports.
#[test]
fn verify_says_when_the_truststore_itself_would_be_refused() {
    let ts = "fixtures/verify/pathlen-self-issued/truststore.pem";
    let client = "fixtures/verify/pathlen-self-issued/client.pem";
    let doc = common::verify_json(ts, &[client, client]).json();
    let findings = doc["truststore_findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "duplicate-subject");
    assert_eq!(findings[0]["line"], 43);
    assert_eq!(doc["profile"], "apigw");
    // The same finding lint reports for that file.
    let (_, linted) = common::lint_json(ts);
    let lint_line = linted["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "duplicate-subject")
        .map(|f| f["line"].clone());
    assert_eq!(lint_line, Some(findings[0]["line"].clone()));

    let run = truststore(&["verify", "--at", AT, "-t", ts, client, client]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "truststore: {ts}:43: error[duplicate-subject]: API Gateway: the truststore is refused at import"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("duplicate-subject").count(),
        1,
        "said once per run"
    );
    assert!(lines[1].starts_with("ACCEPTED "), "{}", run.stdout);
    let quiet = truststore(&["verify", "--quiet", "--at", AT, "-t", ts, client]);
    assert!(quiet.stdout.starts_with("truststore: "), "{}", quiet.stdout);

    // A truststore with no such finding says nothing of the kind.
    let doc = common::verify_json(
        "fixtures/verify/chain-3/truststore.pem",
        &["fixtures/verify/chain-3/client.pem"],
    )
    .json();
    assert_eq!(doc["truststore_findings"], serde_json::json!([]));
    assert_eq!(doc["results"][0]["verdict"], "accepted");
}

/// `truststore verify client.pem`: the truststore comes from `truststore = "path"` in the
/// nearest truststore.toml, relative to that file; with neither, exit 2 naming both.
#[test]
fn verify_takes_the_truststore_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let certs = dir.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    let copy = |from: &str, to: &std::path::Path| {
        std::fs::copy(common::fixture_path(from), to).unwrap();
    };
    copy("verify/expired/truststore.pem", &certs.join("ts.pem"));
    copy("verify/expired/client.pem", &dir.path().join("client.pem"));
    std::fs::write(
        dir.path().join("truststore.toml"),
        "truststore = \"certs/ts.pem\"\n",
    )
    .unwrap();
    // Found from a subdirectory too: the path is relative to the config file, not to here.
    let below = dir.path().join("below");
    std::fs::create_dir(&below).unwrap();
    let run = common::truststore_in(
        &below,
        &["verify", "--at", AT, "--format", "json", "../client.pem"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert!(doc["truststore"]
        .as_str()
        .unwrap()
        .ends_with("certs/ts.pem"));
    assert_eq!(doc["results"][0]["code"], "expired");
    // `lint` with no file lints the configured truststore.
    let lint = common::truststore_in(&below, &["lint", "--at", AT]);
    assert_eq!(lint.code, 0, "{}", lint.stderr);
    assert!(
        lint.stdout.contains("certs/ts.pem: 2 certificates"),
        "{}",
        lint.stdout
    );

    let empty = tempfile::tempdir().unwrap();
    for args in [&["verify", "client.pem"][..], &["lint"][..]] {
        let run = common::truststore_in(empty.path(), args);
        run.assert_error("no truststore: give one with");
        assert!(run.stderr.contains("truststore.toml"), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

/// `--profile` names the AWS front door; the output says which was used; an unknown name is a
/// usage error that lists the known ones.
#[test]
fn the_profile_is_chosen_on_the_command_line_or_in_the_config_and_reported() {
    let run = common::truststore_words(
        "verify --profile apigw --at 2026-06-01 --format json \
         -t fixtures/verify/chain-2/truststore.pem fixtures/verify/chain-2/client.pem",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["profile"], "apigw");
    let lint = common::truststore_words(
        "lint --profile apigw --at 2026-06-01 --format json fixtures/good.pem",
    );
    assert_eq!(lint.json()["profile"], "apigw");
    let unknown = truststore(&["lint", "--profile", "alb-typo", "fixtures/good.pem"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("unknown profile 'alb-typo' (known: apigw, alb, nlb, cloudfront)"),
        "{}",
        unknown.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("truststore.toml"),
        "profile = \"apigw-typo\"\n",
    )
    .unwrap();
    let bad = common::truststore_in(dir.path(), &["lint", &common::fixture_path("good.pem")]);
    bad.assert_error(
        "truststore.toml:1: unknown profile 'apigw-typo' (known: apigw, alb, nlb, cloudfront)",
    );
    std::fs::write(dir.path().join("truststore.toml"), "profile = \"apigw\"\n").unwrap();
    let good = common::truststore_in(
        dir.path(),
        &["lint", "--at", AT, &common::fixture_path("good.pem")],
    );
    assert!(
        good.stdout.ends_with("(profile apigw)\n"),
        "{}",
        good.stdout
    );
}

/// examples/verify.rs, a program outside the crate that uses only the facade, prints the same
/// verdicts, codes and reasons as `truststore verify --format json` for every scenario.
#[test]
fn the_example_program_prints_what_the_binary_prints() {
    // `cargo test` builds the examples next to the test binaries' directory.
    let example = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("examples").join("verify"))
        .unwrap();
    // The example judges under API Gateway's profile: the scenarios of other profiles are
    // the facade test's.
    for scenario in scenarios().filter(|s| scenario_args(s).is_empty()) {
        let ts = format!("fixtures/verify/{scenario}/truststore.pem");
        let client = format!("fixtures/verify/{scenario}/client.pem");
        let out = Command::new(&example)
            .args([&ts, &client, AT_EPOCH])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run examples/verify (built by cargo test)");
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let (exit, cli) = verify_scenario(scenario);
        assert_eq!(out.status.code(), Some(exit), "{scenario}");
        for field in ["file", "verdict", "code", "reason"] {
            let ours = cli.get(field).cloned().unwrap_or(serde_json::Value::Null);
            assert_eq!(line[field], ours, "{scenario}: {field}");
        }
    }
}

/// Service options belong to their service: an expiry flag or an identity filter under a
/// profile without it is a usage error naming the right one.
#[test]
fn service_options_are_refused_under_a_profile_without_them() {
    let ts = "fixtures/verify/alb-expired-client/truststore.pem";
    let client = "fixtures/verify/alb-expired-client/client.pem";
    let wrong_flag = truststore(&[
        "verify",
        "--profile",
        "alb",
        "--ignore-certificate-expiry",
        "-t",
        ts,
        client,
    ]);
    assert_eq!(wrong_flag.code, 2, "{}", wrong_flag.stderr);
    assert!(
        wrong_flag.stderr.contains(
            "--ignore-certificate-expiry is not an option of Application Load Balancer (profile alb); its option is --ignore-client-certificate-expiry (IgnoreClientCertificateExpiry)"
        ),
        "{}",
        wrong_flag.stderr
    );
    let none = truststore(&[
        "verify",
        "--ignore-client-certificate-expiry",
        "-t",
        ts,
        client,
    ]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr
            .contains("API Gateway (profile apigw) has no option to ignore certificate expiry"),
        "{}",
        none.stderr
    );
    let filter = truststore(&[
        "verify",
        "--profile",
        "alb",
        "--filter",
        "subject-cn=x",
        "-t",
        ts,
        client,
    ]);
    assert_eq!(filter.code, 2);
    assert!(
        filter
            .stderr
            .contains("(profile alb) has no client certificate identity filters"),
        "{}",
        filter.stderr
    );
    let malformed = truststore(&[
        "verify",
        "--profile",
        "nlb",
        "--filter",
        "subject-o=x",
        "-t",
        ts,
        client,
    ]);
    assert_eq!(malformed.code, 2);
    assert!(
        malformed
            .stderr
            .contains("`subject-o` is not a filter field"),
        "{}",
        malformed.stderr
    );
}

/// The filters can live in truststore.toml next to the profile.
#[test]
fn identity_filters_come_from_the_config_file_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("truststore.toml"),
        "profile = \"nlb\"\nfilters = [\"subject-cn=other.example\"]\n",
    )
    .unwrap();
    let ts = common::fixture_path("verify/nlb-filter-match/truststore.pem");
    let client = common::fixture_path("verify/nlb-filter-match/client.pem");
    let run = common::truststore_in(
        dir.path(),
        &["verify", "--at", AT, "--format", "json", "-t", &ts, &client],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.json()["results"][0]["code"], "no-filter-match");
    std::fs::write(
        dir.path().join("truststore.toml"),
        "profile = \"nlb\"\nfilters = [\"subject-cn\"]\n",
    )
    .unwrap();
    let bad = common::truststore_in(dir.path(), &["verify", "-t", &ts, &client]);
    bad.assert_error("truststore.toml:2: `subject-cn`: a filter is FIELD=VALUE");
}

/// `verify --event`: authorizer events built from the fixtures, decided with the authorizer's
/// CRL and pins; exit 1 when any is denied, and the response document in the JSON.
#[test]
fn events_are_decided_as_an_authorizer_would() {
    let dir = tempfile::tempdir().unwrap();
    let pem = |s: &str| {
        std::fs::read_to_string(common::fixture_path(&format!("verify/{s}/client.pem"))).unwrap()
    };
    let rest = |p: String| serde_json::json!({"type": "REQUEST", "methodArn": "arn:aws:execute-api:us-east-1:1:a/s/GET/", "requestContext": {"identity": {"clientCert": {"clientCertPem": p}}}});
    let http = |p: String| serde_json::json!({"version": "2.0", "routeArn": "arn:r", "requestContext": {"authentication": {"clientCert": {"clientCertPem": p}}}});
    let events = serde_json::json!([rest(pem("alb-not-revoked-client")), http(pem("alb-revoked-client")), {"requestContext": {}}]);
    let file = dir.path().join("events.json");
    std::fs::write(&file, events.to_string()).unwrap();
    let ts = common::fixture_path("crl/truststore.pem");
    let crl = common::fixture_path("crl/issuing.crl.pem");
    let (ts, crl, file) = (ts.as_str(), crl.as_str(), file.to_str().unwrap());
    let decide = |extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--at",
            "2026-06-01",
            "--format",
            "json",
            "-t",
            ts,
            "--event",
            file,
        ];
        args.extend_from_slice(extra);
        common::truststore(&args)
    };
    let run = decide(&["--crl", crl]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events[0]["allowed"], true);
    assert_eq!(events[0]["kind"], "rest");
    assert_eq!(
        events[0]["response"]["policyDocument"]["Statement"][0]["Effect"],
        "Allow"
    );
    assert_eq!(events[1]["code"], "revoked");
    assert_eq!(events[1]["response"]["isAuthorized"], false);
    assert_eq!(events[1]["response"]["context"]["code"], "revoked");
    assert_eq!(events[2]["code"], "malformed-event");
    // Without the CRL the revoked client is allowed (API Gateway checks none); a pin denies it.
    let run = decide(&["--pin", "subject-cn=device-71.example"]);
    let doc = run.json();
    assert_eq!(doc["events"][0]["allowed"], true);
    assert_eq!(doc["events"][1]["code"], "pin-mismatch");
    // A pin that does not parse is a usage error.
    common::truststore(&["verify", "-t", ts, "--event", file, "--pin", "sha256:12"])
        .assert_error("--pin");
    // Pins are an authorizer's: without --event they are refused, never silently ignored.
    let client = common::fixture_path("verify/alb-not-revoked-client/client.pem");
    common::truststore(&["verify", "-t", ts, "--pin", "subject-cn=x", &client])
        .assert_error("--pin");
}

/// `verify --access-log`: logged requests re-verified, at their own time; a 403 truststore
/// accepts is flagged, lines without a certificate are skipped and counted.
#[test]
fn access_log_requests_are_reverified_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let pem = |s: &str| {
        std::fs::read_to_string(common::fixture_path(&format!("verify/{s}/client.pem"))).unwrap()
    };
    let lines = [
        "START RequestId: not a log record".to_string(),
        format!("2026-06-01T00:00:00.000Z {}", serde_json::json!({"requestId": "r1", "status": "403", "requestTimeEpoch": 1_780_272_000_000_i64, "identity.clientCert.clientCertPem": pem("alb-not-revoked-client")})),
        serde_json::json!({"requestId": "r2", "status": 403, "requestTimeEpoch": 1_780_272_000_000_i64, "identity": {"clientCert": {"clientCertPem": pem("ecdsa")}}}).to_string(),
        serde_json::json!({"requestId": "r3", "status": "200", "identity.clientCert.clientCertPem": "-"}).to_string(),
        // Far after the fixtures' validity: judged at the request's own time, it expired.
        serde_json::json!({"requestId": "r4", "status": "403", "requestTimeEpoch": 4_102_444_800_000_i64, "identity.clientCert.clientCertPem": pem("alb-not-revoked-client")}).to_string(),
    ];
    let log = dir.path().join("access.log");
    std::fs::write(&log, lines.join("\n")).unwrap();
    let ts = common::fixture_path("crl/truststore.pem");
    let run = common::truststore(&[
        "verify",
        "--format",
        "json",
        "-t",
        &ts,
        "--access-log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    let requests = doc["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(doc["skipped"], 2);
    assert_eq!(requests[0]["request_id"], "r1");
    assert_eq!(requests[0]["accepted"], true);
    assert!(requests[0]["note"]
        .as_str()
        .unwrap()
        .contains("the 403 had another cause"));
    assert_eq!(requests[1]["status"], "403");
    assert_eq!(requests[1]["code"], "issuer-not-found");
    assert_eq!(requests[1]["line"], 3);
    assert_eq!(requests[2]["code"], "expired");
    assert_eq!(requests[2]["at"], "2100-01-01T00:00:00Z");
    let human = common::truststore(&["verify", "-t", &ts, "--access-log", log.to_str().unwrap()]);
    assert!(
        human.stdout.contains("request r2 status 403: DENIED"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("3 requests with a certificate, 2 denied, 2 lines skipped"),
        "{}",
        human.stdout
    );
    common::truststore(&[
        "verify",
        "-t",
        &ts,
        "--access-log",
        log.to_str().unwrap(),
        "--pin",
        "subject-cn=x",
    ])
    .assert_error("--pin");
}
