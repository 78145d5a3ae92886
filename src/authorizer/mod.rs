//! The engine inside a Lambda authorizer: read the client certificate from the event, verify it
//! as the service would (the chain again, not only a serial lookup), then what the service does
//! not do (revocation, pinning), and answer in the shape API Gateway expects, with the denial
//! code and reason in `context` so they reach access logs (`$context.authorizer.code`).
//!
//! No I/O and no clock: the truststore, revocations and time are arguments, loaded once per
//! container by the caller.

mod event;

pub use event::{
    CertSource, ClientCert, EventError, ALB_CHAIN_HEADER, ALB_LEAF_HEADER, CLOUDFRONT_PEM_HEADER,
};

use crate::pins::Pins;
use crate::profile::Profile;
use crate::revocation::{RevocationSet, RevocationStatus};
use crate::truststore::Truststore;
use crate::verify::Verdict;
use serde_json::{json, Map, Value};
use std::time::SystemTime;

/// The authorizer's own denial codes, beside the verifier's ([`crate::DenialCode`]).
pub mod codes {
    /// A certificate of the path is listed by its issuer.
    pub const REVOKED: &str = "revoked";
    /// The set holds CRLs of an issuer on the path, none current and signed by it.
    pub const REVOCATION_UNKNOWN: &str = "revocation-unknown";
    /// The path or the client does not match the pins.
    pub const PIN_MISMATCH: &str = "pin-mismatch";
    /// The event carries no client certificate, or not in the shape AWS sends.
    pub const MALFORMED_EVENT: &str = "malformed-event";
}

/// What the authorizer decided, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Allow or deny.
    pub allowed: bool,
    /// The denial code (a [`crate::DenialCode`]'s name, or one of [`codes`]), if denied.
    pub code: Option<String>,
    /// The reason line: the service's own log line for a trust denial (`Access denied.
    /// Reason: ...`), or `Denied by authorizer: ...` for what the authorizer adds.
    pub reason: Option<String>,
    /// The client's RFC 4514 subject, when a certificate was read.
    pub subject: Option<String>,
    /// The client's serial (`0A:1B:...`), when a certificate was read.
    pub serial: Option<String>,
    /// Where the certificate was found.
    pub source: Option<CertSource>,
    /// The verifier's verdict, when a certificate was read.
    pub verdict: Option<Verdict>,
    /// Why the event was not usable, if it was not.
    pub error: Option<EventError>,
    /// The event's `methodArn` (REST) or `routeArn` (HTTP API), for the policy's resource.
    pub resource: Option<String>,
    /// Where the event's own fields disagree with the verified certificate
    /// ([`ClientCert::mismatches`]). Reported, not a denial: the PEM is what was verified, and
    /// a DN format truststore reads differently must not deny every client.
    pub field_mismatches: Vec<String>,
}

/// Decides one authorizer event: [`ClientCert::from_event`], then
/// [`authorize_client`]. A malformed event is a denial (`malformed-event`), never a panic.
pub fn authorize(
    event: &Value,
    truststore: &Truststore,
    profile: &Profile,
    revocations: Option<&RevocationSet>,
    pins: &Pins,
    at: SystemTime,
) -> Decision {
    let resource = ["methodArn", "routeArn"]
        .iter()
        .find_map(|k| event.get(k).and_then(Value::as_str))
        .map(str::to_string);
    let mut decision = match ClientCert::from_event(event) {
        Ok(cert) => authorize_client(&cert, truststore, profile, revocations, pins, at),
        Err(error) => Decision::malformed(error),
    };
    decision.resource = resource;
    decision
}

/// Decides one client certificate: the verifier's verdict under `profile` at `at`, then, on an
/// accepted path, `revocations` and `pins`.
pub fn authorize_client(
    cert: &ClientCert,
    truststore: &Truststore,
    profile: &Profile,
    revocations: Option<&RevocationSet>,
    pins: &Pins,
    at: SystemTime,
) -> Decision {
    let verdict = truststore.verify_pem(cert.pem.as_bytes(), at, profile);
    let client = verdict.path().and_then(|p| p.client());
    let mut decision = Decision {
        allowed: false,
        code: verdict.code().map(str::to_string),
        reason: verdict.reason().map(str::to_string),
        subject: verdict.chain.first().map(|e| e.subject.clone()),
        serial: client.map(|c| c.serial_hex()),
        source: Some(cert.source.clone()),
        verdict: None,
        error: None,
        resource: None,
        field_mismatches: client.map(|c| cert.mismatches(&c)).unwrap_or_default(),
    };
    if let Some(path) = verdict.path() {
        let refusal = revocations
            .map(|set| set.status(path, at))
            .and_then(|status| match status {
                RevocationStatus::NotRevoked { .. } => None,
                RevocationStatus::Revoked {
                    subject, serial, ..
                } => Some((
                    codes::REVOKED,
                    format!("certificate revoked: `{subject}` (serial {serial})"),
                )),
                RevocationStatus::Unknown { subject, why, .. } => Some((
                    codes::REVOCATION_UNKNOWN,
                    format!("revocation of `{subject}` cannot be checked: {why}"),
                )),
            })
            .or_else(|| pins.mismatch(path).map(|why| (codes::PIN_MISMATCH, why)));
        match refusal {
            Some((code, why)) => {
                decision.code = Some(code.to_string());
                decision.reason = Some(format!("Denied by authorizer: {why}"));
            }
            None => decision.allowed = true,
        }
    }
    decision.verdict = Some(verdict);
    decision
}

impl Decision {
    fn malformed(error: EventError) -> Decision {
        Decision {
            allowed: false,
            code: Some(codes::MALFORMED_EVENT.to_string()),
            reason: Some(format!("Denied by authorizer: {error}")),
            subject: None,
            serial: None,
            source: None,
            verdict: None,
            error: Some(error),
            resource: None,
            field_mismatches: Vec::new(),
        }
    }

    /// The `context` both responses carry (string values, as API Gateway requires):
    /// `decision`, and when there are: `code`, `reason`, `subject`, `serial`, and
    /// `fieldMismatch` (the [`Decision::field_mismatches`], joined).
    pub fn context(&self) -> Map<String, Value> {
        let mut context = Map::new();
        let decision = if self.allowed { "allow" } else { "deny" };
        context.insert("decision".into(), decision.into());
        let fields = [
            ("code", &self.code),
            ("reason", &self.reason),
            ("subject", &self.subject),
            ("serial", &self.serial),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                context.insert(key.into(), value.clone().into());
            }
        }
        if !self.field_mismatches.is_empty() {
            context.insert(
                "fieldMismatch".into(),
                self.field_mismatches.join("; ").into(),
            );
        }
        context
    }

    /// The REST API REQUEST authorizer response: an IAM policy allowing or denying
    /// `execute-api:Invoke` on the event's `methodArn` (`*` when the event had none), the
    /// client's subject as `principalId`, and [`Decision::context`].
    pub fn rest_response(&self) -> Value {
        let effect = if self.allowed { "Allow" } else { "Deny" };
        json!({
            "principalId": self.subject.as_deref().unwrap_or("unknown"),
            "policyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Action": "execute-api:Invoke",
                    "Effect": effect,
                    "Resource": self.resource.as_deref().unwrap_or("*"),
                }],
            },
            "context": self.context(),
        })
    }

    /// The HTTP API simple response (payload 2.0, `enableSimpleResponses`).
    pub fn http_response(&self) -> Value {
        json!({
            "isAuthorized": self.allowed,
            "context": self.context(),
        })
    }
}
