//! The report models: what each command found, as plain data. Renderers (human, JSON, SARIF,
//! GitHub) read these; commands build them. Field order is the JSON order of `docs/json.md`.

use crate::lint::finding::{Finding, Severity};
use serde::Serialize;

/// What `lint` found in all the files it read.
#[derive(Debug, Default, Serialize)]
pub(crate) struct LintReport {
    /// The profile the bundles were judged under (`apigw`).
    pub profile: &'static str,
    /// The evaluation time (RFC 3339).
    pub at: String,
    pub files: Vec<FileSummary>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// The inputs that could not be read (the exit code is then 2).
    pub errors: Vec<InputError>,
}

/// An input that could not be read, and why.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InputError {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FileSummary {
    pub file: String,
    /// CERTIFICATE blocks in the file, malformed ones and duplicates included.
    pub certificates: usize,
    /// What the service says as it refuses the whole bundle (an error finding of the
    /// profile's refusing codes), or `null`.
    pub refused: Option<&'static str>,
    /// Findings the rule selection (truststore.toml, --ignore) left out.
    pub ignored: usize,
    /// How many of the report's findings are this file's (they follow the previous file's):
    /// a directory's findings name its member files, so they cannot be told by name.
    #[serde(skip)]
    pub findings: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub certificates: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings the rule selection left out.
    pub ignored: usize,
}

impl Summary {
    pub(crate) fn of<'a>(
        certificates: usize,
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Summary {
        let mut s = Summary {
            certificates,
            ..Summary::default()
        };
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// What `verify` decided for every client file.
#[derive(Debug, Serialize)]
pub(crate) struct VerifyReport {
    pub truststore: String,
    /// The profile the clients were judged under (`apigw`).
    pub profile: &'static str,
    /// The evaluation time, RFC 3339.
    pub at: String,
    /// Error findings about the truststore itself that make the service refuse or ignore it
    /// (the profile's refusing codes): verdicts against it are moot until they are fixed.
    pub truststore_findings: Vec<Finding>,
    pub results: Vec<VerifyResult>,
}

/// One client's verdict. Field order is the JSON order documented in `docs/json.md`.
#[derive(Debug, Serialize)]
pub(crate) struct VerifyResult {
    pub file: String,
    pub subject: Option<String>,
    /// `accepted` or `denied`.
    pub verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The path built from the truststore, client first (partial when denied).
    pub chain: Vec<ChainCertificate>,
}

/// One certificate of a client's path.
#[derive(Debug, Serialize)]
pub(crate) struct ChainCertificate {
    pub subject: String,
    /// BEGIN line in the truststore; absent for the client certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The file of that line, for a truststore read from a directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// SHA-256 fingerprint, written as colon-separated hex (kept as bytes: 10,000 clients'
    /// paths stay small).
    #[serde(serialize_with = "colon_hex")]
    pub sha256: [u8; 32],
}

fn colon_hex<S: serde::Serializer>(bytes: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::x509::colon_hex(bytes))
}

impl VerifyResult {
    pub(crate) fn new(file: String, verdict: crate::verify::Verdict) -> Self {
        let subject = verdict.chain.first().map(|c| c.subject.clone());
        let chain = verdict
            .chain
            .into_iter()
            .map(|c| ChainCertificate {
                subject: c.subject,
                line: c.line,
                file: c.file,
                sha256: c.sha256,
            })
            .collect();
        let denial = verdict.denial;
        VerifyResult {
            file,
            subject,
            verdict: if denial.is_some() {
                "denied"
            } else {
                "accepted"
            },
            code: denial.as_ref().map(|d| d.code.as_str()),
            inferred: denial.as_ref().map(|d| d.inferred),
            reason: denial.as_ref().map(|d| d.reason.clone()),
            hint: denial.map(|d| d.hint),
            chain,
        }
    }
}

/// The settings in force, for `truststore config`.
#[derive(Debug, Serialize)]
pub(crate) struct EffectiveConfig {
    pub config_file: Option<String>,
    pub ignore: Vec<String>,
    pub warn: Vec<String>,
    pub deny: Vec<String>,
    pub deny_warnings: bool,
    pub expiry_window: String,
    /// The config's `profile`, `truststore` (absolute), `quota`, `filters` and `crls`
    /// (absolute), when set.
    pub profile: Option<String>,
    pub truststore: Option<String>,
    pub quota: Option<usize>,
    pub filters: Vec<String>,
    pub crls: Vec<String>,
    pub ignore_certificates: Vec<IgnoredCertificate>,
}

#[derive(Debug, Serialize)]
pub(crate) struct IgnoredCertificate {
    pub sha256: String,
    pub codes: Option<Vec<String>>,
    pub reason: String,
}

impl EffectiveConfig {
    pub(crate) fn new(
        config: &crate::cli::config::Config,
        selection: &crate::cli::selection::Selection,
    ) -> Self {
        use crate::cli::selection::Action;
        let with = |action: Action| -> Vec<String> {
            let mut codes: Vec<String> = selection
                .actions
                .iter()
                .filter(|(_, a)| **a == action)
                .map(|(c, _)| c.as_str().to_string())
                .collect();
            codes.sort();
            codes
        };
        let window = config
            .expiry_window
            .unwrap_or(crate::lint::LintOptions::DEFAULT_EXPIRY_WINDOW);
        EffectiveConfig {
            config_file: config.path.as_ref().map(|p| p.display().to_string()),
            ignore: with(Action::Ignore),
            warn: with(Action::Warn),
            deny: with(Action::Deny),
            deny_warnings: selection.deny_warnings,
            expiry_window: humantime::format_duration(std::time::Duration::from_secs(
                window.unsigned_abs(),
            ))
            .to_string(),
            profile: config.profile.map(|p| p.name.to_string()),
            truststore: config.truststore.as_deref().map(absolute),
            quota: config.quota,
            filters: config.filters.iter().map(ToString::to_string).collect(),
            crls: config.crls.iter().map(|p| absolute(p)).collect(),
            ignore_certificates: selection
                .ignore_certificates
                .iter()
                .map(|ig| IgnoredCertificate {
                    sha256: crate::x509::colon_hex(&ig.sha256),
                    codes: ig.codes.clone(),
                    reason: ig.reason.clone(),
                })
                .collect(),
        }
    }
}

// `inspect`

#[derive(Debug, Serialize)]
pub(crate) struct InspectReport {
    pub files: Vec<InspectedFile>,
}

#[derive(Debug, Serialize)]
pub(crate) struct InspectedFile {
    pub file: String,
    pub certificates: Vec<InspectedCertificate>,
    /// With `--truststore`: verify's verdict for the file as a client (its first certificate,
    /// the others sent with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<InspectedVerdict>,
}

/// `inspect --truststore`: a file's verdict as a client of that truststore.
#[derive(Debug, Serialize)]
pub(crate) struct InspectedVerdict {
    /// `accepted` or `denied`.
    pub verdict: &'static str,
    pub code: Option<String>,
    pub reason: Option<String>,
}

/// One CERTIFICATE block: its facts, or why it could not be read. Documented in `docs/json.md`.
#[derive(Debug, Serialize)]
pub(crate) struct InspectedCertificate {
    pub index: usize,
    pub line: usize,
    /// The member file, for a directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a block that does not parse: the fields that could still be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readable: Option<ReadableFacts>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Facts>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truststore: Option<Presence>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Facts {
    pub version: u8,
    pub subject: String,
    pub issuer: String,
    pub self_signed: bool,
    pub serial: String,
    /// The serial's DER INTEGER is negative (RFC 5280 requires a positive one; OpenSSL prints
    /// it with a minus sign and still verifies it).
    pub serial_negative: bool,
    pub not_before: String,
    pub not_after: String,
    pub not_before_gmt: String,
    pub not_after_gmt: String,
    pub signature_algorithm: String,
    pub key: KeyFacts,
    pub basic_constraints: Option<BasicConstraintsFacts>,
    pub key_usage: Option<Vec<&'static str>>,
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_alt_names: Vec<String>,
    pub subject_key_identifier: Option<String>,
    pub authority_key_identifier: Option<String>,
    pub sha256_fingerprint: String,
    pub sha1_fingerprint: String,
}

/// What `inspect` shows of a certificate the parser refuses: each field only if it could be read
/// alone (`null` otherwise); the fingerprints are of the block's bytes.
#[derive(Debug, Serialize)]
pub(crate) struct ReadableFacts {
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub serial: Option<String>,
    pub serial_negative: bool,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    pub sha256_fingerprint: String,
    pub sha1_fingerprint: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct KeyFacts {
    /// `RSA`, `RSA-PSS` (an id-RSASSA-PSS key, for PSS signatures only), `EC`, `Ed25519`,
    /// `Ed448`, `DSA`, or the algorithm OID.
    #[serde(rename = "type")]
    pub kind: String,
    pub bits: Option<usize>,
    pub curve: Option<String>,
    /// SHA-256 of the SubjectPublicKeyInfo, hex: compare keys with it.
    pub spki_sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct BasicConstraintsFacts {
    pub ca: bool,
    pub path_len: Option<u8>,
}

/// Where this certificate, its subject or its key appear in the `--truststore` (BEGIN lines).
#[derive(Debug, Serialize)]
pub(crate) struct Presence {
    pub identical: Option<usize>,
    pub same_subject: Vec<usize>,
    pub same_key: Vec<usize>,
}

// `diff`

#[derive(Debug, Serialize)]
pub(crate) struct DiffReport {
    pub old: String,
    pub new: String,
    pub at: String,
    pub certificates: CertificateChanges,
    pub findings: FindingChanges,
    pub clients: Vec<ClientChange>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CertificateChanges {
    pub added: Vec<CertificateRef>,
    pub removed: Vec<CertificateRef>,
    pub kept: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct CertificateRef {
    pub subject: String,
    pub not_after: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FindingChanges {
    pub appeared: Vec<Finding>,
    pub disappeared: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ClientChange {
    pub file: String,
    pub subject: Option<String>,
    /// `accepted` or `denied`, with the old and the new truststore.
    pub old: &'static str,
    pub new: &'static str,
    pub changed: bool,
    /// The denial with the new truststore, if denied.
    pub code: Option<&'static str>,
    pub reason: Option<String>,
    pub hint: Option<String>,
}

// `match`

#[derive(Debug, Serialize)]
pub(crate) struct MatchReport {
    pub key: KeySummary,
    pub certificates: Vec<CertificateMatch>,
}

#[derive(Debug, Serialize)]
pub(crate) struct KeySummary {
    pub file: String,
    /// e.g. `RSA 2048-bit`, `EC P-256`.
    pub key: String,
    pub spki_sha256: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct CertificateMatch {
    pub file: String,
    pub subject: Option<String>,
    pub spki_sha256: Option<String>,
    /// `true` when the key's public half is the certificate's public key.
    #[serde(rename = "match")]
    pub matches: bool,
}

/// `truststore crl lint`: each list found, and what a load balancer would refuse.
#[derive(Debug, Serialize)]
pub(crate) struct CrlReport {
    pub at: String,
    pub lists: Vec<CrlSummary>,
    pub problems: Vec<CrlProblem>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CrlSummary {
    pub file: String,
    /// The BEGIN line.
    pub line: usize,
    pub issuer: String,
    pub this_update: String,
    pub next_update: Option<String>,
    pub entries: usize,
    /// The truststore line of the CA whose key verifies it (with `-t`), else `null`.
    pub signed_by_line: Option<usize>,
    /// The file of that line, when the truststore is a directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_by_file: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CrlProblem {
    /// Empty for a trust-store-wide quota.
    pub file: String,
    /// 0 for a trust-store-wide quota.
    pub line: usize,
    pub message: String,
}

/// `truststore verify --event`: what an authorizer built on the library would decide for each
/// event, and the response it would return.
#[derive(Debug, Serialize)]
pub(crate) struct EventReport {
    pub truststore: String,
    pub profile: &'static str,
    pub at: String,
    pub events: Vec<EventResult>,
}

#[derive(Debug, Serialize)]
pub(crate) struct EventResult {
    /// `FILE` or `FILE#N` (0-based, for an array of events).
    pub event: String,
    /// `rest`, `http`, `alb`, `cloudfront`, or `null` when no certificate was found.
    pub kind: Option<&'static str>,
    pub allowed: bool,
    pub code: Option<String>,
    pub reason: Option<String>,
    pub subject: Option<String>,
    pub serial: Option<String>,
    /// The authorizer response (REST: the IAM policy; HTTP API: the simple response; load
    /// balancer and CloudFront headers have none: the context alone).
    pub response: serde_json::Value,
}

/// `truststore verify --access-log`: each logged request with a client certificate, the status
/// API Gateway returned, and truststore's verdict.
#[derive(Debug, Serialize)]
pub(crate) struct AccessLogReport {
    pub log: String,
    pub truststore: String,
    pub profile: &'static str,
    pub requests: Vec<LoggedRequest>,
    /// Lines that are not JSON objects, or log no client certificate.
    pub skipped: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct LoggedRequest {
    pub line: usize,
    pub request_id: Option<String>,
    /// The status API Gateway returned, as logged.
    pub status: Option<String>,
    /// The time the verdict is for: --at, else the request's own time.
    pub at: String,
    pub subject: Option<String>,
    pub accepted: bool,
    pub code: Option<String>,
    pub reason: Option<String>,
    /// What the pair (status, verdict) means, when it needs saying.
    pub note: Option<String>,
}

/// `truststore probe`: the one outcome of asking a live endpoint, and what was seen on the way.
#[cfg(feature = "probe")]
#[derive(Debug, Serialize)]
pub(crate) struct ProbeReport {
    pub url: String,
    /// The address connected to (`192.0.2.1:443`), empty when none was reached.
    pub address: String,
    pub outcome: ProbeOutcome,
    /// The alert, the status line or why the server could not be reached.
    pub detail: String,
    /// `TLSv1.3` or `TLSv1.2`, once negotiated.
    pub tls_version: Option<String>,
    /// Whether the server sent a CertificateRequest.
    pub certificate_requested: bool,
    /// The CA names of the CertificateRequest (RFC 4514), as ALB's AdvertiseTrustStoreCaNames.
    pub advertised_ca_names: Vec<String>,
    /// The server certificate's subject, when it sent one.
    pub server_certificate: Option<String>,
    /// The HTTP status line, when an answer came.
    pub status_line: Option<String>,
    /// For an HTTP 403: the reason `verify` predicts for the certificate sent.
    pub predicted: Option<String>,
}

#[cfg(feature = "probe")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ProbeOutcome {
    Accepted,
    NoClientCertificateRequested,
    HandshakeRejected,
    RejectedAfterHandshake,
    #[serde(rename = "http-403")]
    Http403,
    Unreachable,
}

#[cfg(feature = "probe")]
impl ProbeOutcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ProbeOutcome::Accepted => "accepted",
            ProbeOutcome::NoClientCertificateRequested => "no-client-certificate-requested",
            ProbeOutcome::HandshakeRejected => "handshake-rejected",
            ProbeOutcome::RejectedAfterHandshake => "rejected-after-handshake",
            ProbeOutcome::Http403 => "http-403",
            ProbeOutcome::Unreachable => "unreachable",
        }
    }
}

/// A path as an absolute one, so that a printed config reads back the same from anywhere.
fn absolute(path: &std::path::Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
