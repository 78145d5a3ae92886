//! A REST and HTTP API REQUEST authorizer for API Gateway mutual TLS: the truststore, CRLs and
//! pins are loaded once per container from files bundled with the function, and each request
//! is decided by [`truststore::authorize`]: the chain is verified again (not only the serial
//! looked up), then revocation (issuer and serial) and pins. The denial code and reason go to
//! the response's `context`, so `$context.authorizer.code` and `.reason` reach access logs.

use aws_lambda_events::apigw::{
    ApiGatewayCustomAuthorizerRequestTypeRequest, ApiGatewayCustomAuthorizerResponse,
    ApiGatewayV2CustomAuthorizerSimpleResponse, ApiGatewayV2CustomAuthorizerV2Request,
};
use std::path::Path;
use std::time::SystemTime;
use truststore::{Decision, Pins, Profile, RevocationSet, Truststore};

/// What the function loads at start, from its environment:
/// `TRUSTSTORE_PATH` (required, the bundle also uploaded to S3), `CRL_PATHS` (optional,
/// comma-separated PEM or DER CRLs), `PINS` (optional, comma-separated `sha256:HEX`,
/// `spki-sha256:HEX`, `subject-cn=...`; see [`truststore::Pin`]) and `TRUSTSTORE_PROFILE`
/// (optional, `apigw` by default).
pub struct Authorizer {
    truststore: Truststore,
    revocations: Option<RevocationSet>,
    pins: Pins,
    profile: &'static Profile,
}

impl Authorizer {
    /// Loads from the environment (see [`Authorizer`]); the error is one line for the logs.
    pub fn from_env() -> Result<Authorizer, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let truststore = var("TRUSTSTORE_PATH").ok_or("TRUSTSTORE_PATH is not set")?;
        let crls: Vec<String> = var("CRL_PATHS")
            .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        let pins: Vec<String> = var("PINS")
            .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        let profile = var("TRUSTSTORE_PROFILE").unwrap_or_else(|| "apigw".to_string());
        Authorizer::load(Path::new(&truststore), &crls, &pins, &profile)
    }

    /// Loads the truststore, the CRLs and the pins given.
    pub fn load(
        truststore: &Path,
        crls: &[impl AsRef<Path>],
        pins: &[String],
        profile: &str,
    ) -> Result<Authorizer, String> {
        let read =
            |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
        let name = truststore.display().to_string();
        let truststore =
            Truststore::from_pem_named(&name, &read(truststore)?).map_err(|e| e.to_string())?;
        let revocations = if crls.is_empty() {
            None
        } else {
            let mut set = RevocationSet::new();
            for crl in crls {
                let crl = crl.as_ref();
                set.add_crls(&crl.display().to_string(), &read(crl)?)
                    .map_err(|e| e.to_string())?;
            }
            Some(set)
        };
        let pins = Pins::parse(pins).map_err(|e| format!("PINS: {e}"))?;
        let profile = Profile::named(profile).ok_or_else(|| format!("no profile `{profile}`"))?;
        Ok(Authorizer {
            truststore,
            revocations,
            pins,
            profile,
        })
    }

    /// The decision for one event (any shape [`truststore::ClientCert::from_event`] reads).
    pub fn decide(&self, event: &serde_json::Value, at: SystemTime) -> Decision {
        truststore::authorize(
            event,
            &self.truststore,
            self.profile,
            self.revocations.as_ref(),
            &self.pins,
            at,
        )
    }

    /// A REST API REQUEST authorizer event in, the IAM policy out.
    pub fn rest(
        &self,
        event: &ApiGatewayCustomAuthorizerRequestTypeRequest,
        at: SystemTime,
    ) -> Result<ApiGatewayCustomAuthorizerResponse, serde_json::Error> {
        let decision = self.decide(&serde_json::to_value(event)?, at);
        serde_json::from_value(decision.rest_response())
    }

    /// An HTTP API (payload 2.0) authorizer event in, the simple response out.
    pub fn http(
        &self,
        event: &ApiGatewayV2CustomAuthorizerV2Request,
        at: SystemTime,
    ) -> Result<ApiGatewayV2CustomAuthorizerSimpleResponse, serde_json::Error> {
        let decision = self.decide(&serde_json::to_value(event)?, at);
        serde_json::from_value(decision.http_response())
    }
}
