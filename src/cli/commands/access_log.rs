//! `truststore verify --access-log FILE`: re-verify the client certificates of logged requests
//! (API Gateway access logs in JSON with the `$context.identity.clientCert.*` fields) and say
//! why each was refused. An HTTP API writes no execution log, so this is where its mTLS reason
//! is finally seen; a 403 truststore would accept had another cause.

use crate::cli::args::{self, VerifyArgs};
use crate::cli::report::{AccessLogReport, LoggedRequest};
use crate::cli::{profile_of, truststore_path, Inputs, Ran};
use crate::source::Source;
use crate::truststore::Truststore;
use crate::verify::Judging;
use crate::when::rfc3339;
use anyhow::Result;
use serde_json::Value;
use std::path::Path;

/// The access-log keys of the certificate, as the AWS article names them (a key may also be
/// nested: `{"identity": {"clientCert": {"clientCertPem": ...}}}`).
const PEM_KEYS: [&str; 2] = ["identity.clientCert.clientCertPem", "clientCertPem"];
const REQUEST_ID_KEYS: [&str; 2] = ["requestId", "extendedRequestId"];
const STATUS_KEYS: [&str; 2] = ["status", "statusCode"];
/// `$context.requestTimeEpoch`, in milliseconds.
const TIME_KEY: &str = "requestTimeEpoch";

pub(crate) fn run(args: &VerifyArgs, log: &Path, inputs: &Inputs) -> Result<Ran<AccessLogReport>> {
    super::verify::refuse_pins(args)?;
    let config = inputs.config()?;
    let profile = profile_of(args.profile.profile, &config);
    let path = truststore_path(args.truststore.as_deref(), &config, "--truststore")?;
    let truststore = Truststore::deferred(&inputs.certificates(&path)?)?;
    let source = inputs.load(log)?;
    let mut report = AccessLogReport {
        log: source.name.clone(),
        truststore: truststore.file.clone(),
        profile: profile.name,
        requests: Vec::new(),
        skipped: 0,
    };
    let now = args::at_or_now(None);
    let text = String::from_utf8_lossy(&source.bytes);
    for (i, record) in records(&text) {
        let Some(record) = record else {
            report.skipped += 1;
            continue;
        };
        let at = args.at.or(record.logged_at).unwrap_or(now);
        let client = Source::new(
            format!("{}:{}", source.name, i + 1),
            record.pem.into_bytes(),
        );
        let verdict = truststore.verify_source(&client, Judging::at(at), profile);
        let note = match (record.status.as_deref(), verdict.is_accepted()) {
            (Some("403"), true) => Some(
                "truststore would accept this certificate: the 403 had another cause (authorizer, resource policy, WAF, API key)"
                    .to_string(),
            ),
            (Some(s), false) if s.starts_with('2') => Some(
                "API Gateway let this request through, truststore denies the certificate: please report it"
                    .to_string(),
            ),
            _ => None,
        };
        report.requests.push(LoggedRequest {
            line: i + 1,
            request_id: record.request_id,
            status: record.status,
            at: rfc3339(at),
            subject: verdict.chain.first().map(|e| e.subject.clone()),
            accepted: verdict.is_accepted(),
            code: verdict.code().map(str::to_string),
            reason: verdict.reason().map(str::to_string),
            note,
        });
    }
    let failing = report.requests.iter().any(|r| !r.accepted);
    Ok(Ran {
        report,
        errors: Vec::new(),
        failing,
    })
}

/// What a log line says of one request with a client certificate.
pub(crate) struct Record {
    pub(crate) pem: String,
    /// `requestTimeEpoch`, in seconds.
    pub(crate) logged_at: Option<i64>,
    pub(crate) status: Option<String>,
    pub(crate) request_id: Option<String>,
}

/// Each line of an access log (0-based) with its record, or `None` for a line that is not a
/// JSON record with a certificate (CloudWatch exports put a timestamp before the JSON).
pub(crate) fn records(text: &str) -> impl Iterator<Item = (usize, Option<Record>)> + '_ {
    text.lines().enumerate().map(|(i, line)| {
        let record = line
            .find('{')
            .and_then(|start| line.get(start..))
            .and_then(|json| serde_json::from_str::<Value>(json).ok())
            .and_then(|record| {
                let pem = first(&record, &PEM_KEYS).filter(|p| p.contains("-----BEGIN"))?;
                Some(Record {
                    pem,
                    logged_at: first(&record, &[TIME_KEY])
                        .and_then(|ms| ms.parse::<i64>().ok())
                        .map(|ms| ms.div_euclid(1000)),
                    status: first(&record, &STATUS_KEYS),
                    request_id: first(&record, &REQUEST_ID_KEYS),
                })
            });
        (i, record)
    })
}

/// The first of `keys` the record has, as text: a flat dotted key, else the nested path.
fn first(record: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        let value = record
            .get(*key)
            .or_else(|| record.pointer(&format!("/{}", key.replace('.', "/"))))?;
        match value {
            Value::String(s) if s != "-" && !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    })
}
