//! `truststore verify --event FILE`: decide authorizer events (one JSON object, or an array
//! of them) the way an authorizer on the library would, and show the response it returns.

use crate::cli::args::{self, VerifyArgs};
use crate::cli::report::{EventReport, EventResult};
use crate::cli::{profile_of, truststore_path, Inputs, Ran};
use crate::truststore::Truststore;
use crate::when::{rfc3339, system_time_of};
use crate::{authorize, CertSource, Pins, RevocationSet};
use anyhow::{anyhow, Context, Result};
use serde_json::Value;

pub(crate) fn run(args: &VerifyArgs, inputs: &Inputs) -> Result<Ran<EventReport>> {
    let at = args::at_or_now(args.at);
    let config = inputs.config()?;
    let profile = profile_of(args.profile.profile, &config);
    let path = truststore_path(args.truststore.as_deref(), &config, "--truststore")?;
    let truststore = Truststore::deferred(&inputs.certificates(&path)?)?;
    let mut revocations = RevocationSet::new();
    let crls = if args.crls.is_empty() {
        &config.crls
    } else {
        &args.crls
    };
    for crl in crls {
        let source = inputs.load(crl)?;
        revocations
            .add_crls(&source.name, &source.bytes)
            .map_err(|e| anyhow!("--crl: {e}"))?;
    }
    let pins = Pins::parse(&args.pins).map_err(|e| anyhow!("--pin: {e}"))?;
    let when = system_time_of(at);
    let mut report = EventReport {
        truststore: truststore.file.clone(),
        profile: profile.name,
        at: rfc3339(at),
        events: Vec::new(),
    };
    for file in &args.events {
        let source = inputs.load(file)?;
        let document: Value = serde_json::from_slice(&source.bytes)
            .with_context(|| format!("{}: not JSON", source.name))?;
        let events = match document {
            Value::Array(events) => events
                .into_iter()
                .enumerate()
                .map(|(i, e)| (format!("{}#{i}", source.name), e))
                .collect(),
            event => vec![(source.name.clone(), event)],
        };
        for (name, event) in events {
            let crls = (!revocations.is_empty()).then_some(&revocations);
            let decision = authorize(&event, &truststore, profile, crls, &pins, when);
            let kind = decision.source.as_ref().map(|s| match s {
                CertSource::RestRequest => "rest",
                CertSource::HttpApi => "http",
                CertSource::AlbHeader(_) => "alb",
                CertSource::CloudFrontHeader(_) => "cloudfront",
            });
            let response = match kind {
                Some("http") => decision.http_response(),
                Some("alb" | "cloudfront") => Value::Object(decision.context()),
                // A REST event, or one too malformed to tell: API Gateway's REST shape.
                _ if event.get("version").and_then(Value::as_str) == Some("2.0") => {
                    decision.http_response()
                }
                _ => decision.rest_response(),
            };
            report.events.push(EventResult {
                event: name,
                kind,
                allowed: decision.allowed,
                code: decision.code,
                reason: decision.reason,
                subject: decision.subject,
                serial: decision.serial,
                response,
            });
        }
    }
    let failing = report.events.iter().any(|e| !e.allowed);
    Ok(Ran {
        report,
        errors: Vec::new(),
        failing,
    })
}
