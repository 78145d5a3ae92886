//! Where AWS puts the client certificate, read with the field and header names AWS documents:
//! the REST API REQUEST authorizer event (`requestContext.identity.clientCert`), the HTTP API
//! payload 2.0 (`requestContext.authentication.clientCert`), the Application Load Balancer's
//! headers (`X-Amzn-Mtls-Clientcert-Leaf` in verify mode, `X-Amzn-Mtls-Clientcert` in
//! passthrough, both renamable) and CloudFront's origin header `CloudFront-Viewer-Cert-Pem`.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::fmt;

/// Where a client certificate was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertSource {
    /// REST API REQUEST authorizer: `requestContext.identity.clientCert`.
    RestRequest,
    /// HTTP API, payload format 2.0: `requestContext.authentication.clientCert`.
    HttpApi,
    /// An Application Load Balancer header (verify mode: the leaf; passthrough: the chain).
    AlbHeader(String),
    /// CloudFront's origin header (URL-encoded leaf).
    CloudFrontHeader(String),
}

/// The ALB's default header names (a listener can rename them).
pub const ALB_LEAF_HEADER: &str = "X-Amzn-Mtls-Clientcert-Leaf";
/// The ALB's passthrough header: the whole chain the client sent.
pub const ALB_CHAIN_HEADER: &str = "X-Amzn-Mtls-Clientcert";
/// CloudFront's origin request header with the viewer's leaf certificate.
pub const CLOUDFRONT_PEM_HEADER: &str = "CloudFront-Viewer-Cert-Pem";

/// A client certificate as an event carries it: PEM (the leaf first, then what the client sent
/// where the service passes it on) and the fields AWS derived from it, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCert {
    /// Where it was found.
    pub source: CertSource,
    /// PEM text: the leaf, then any certificates sent with it.
    pub pem: String,
    /// `subjectDN`, as the event spells it.
    pub subject_dn: Option<String>,
    /// `issuerDN`, as the event spells it.
    pub issuer_dn: Option<String>,
    /// `serialNumber`, as the event spells it.
    pub serial_number: Option<String>,
    /// `validity.notBefore` and `validity.notAfter`, as the event spells them.
    pub not_before: Option<String>,
    /// See `not_before`.
    pub not_after: Option<String>,
}

/// Why an event gave no client certificate. Displays as one line; never quotes PEM.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventError {
    /// The event is not a JSON object.
    NotAnObject,
    /// None of the places AWS puts a certificate holds one (`looked_in` lists them).
    NoClientCert {
        /// The places looked in.
        looked_in: String,
    },
    /// A field or header is there but not what AWS sends (`where_` names it).
    Malformed {
        /// The field path or header name.
        where_: String,
        /// What is wrong.
        why: String,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::NotAnObject => f.write_str("the event is not a JSON object"),
            EventError::NoClientCert { looked_in } => {
                write!(f, "the event carries no client certificate (looked in {looked_in}); is mutual TLS enabled on this domain or listener?")
            }
            EventError::Malformed { where_, why } => write!(f, "{where_}: {why}"),
        }
    }
}

impl std::error::Error for EventError {}

impl ClientCert {
    /// From a REST API REQUEST authorizer event.
    pub fn from_rest_event(event: &Value) -> Result<ClientCert, EventError> {
        from_api_gateway(event, "identity", CertSource::RestRequest)
    }

    /// From an HTTP API event (payload format 2.0).
    pub fn from_http_event(event: &Value) -> Result<ClientCert, EventError> {
        from_api_gateway(event, "authentication", CertSource::HttpApi)
    }

    /// From request headers (name, value; names compared case-insensitively) holding the ALB's
    /// URL-encoded PEM: `leaf_header` (verify mode) is read first, then `chain_header`
    /// (passthrough, the whole chain).
    pub fn from_alb_headers<'h>(
        headers: impl IntoIterator<Item = (&'h str, &'h str)> + Clone,
        leaf_header: &str,
        chain_header: &str,
    ) -> Result<ClientCert, EventError> {
        for name in [leaf_header, chain_header] {
            if let Some(value) = header(headers.clone(), name) {
                let pem = url_decoded_pem(name, value)?;
                return Ok(ClientCert::of_pem(
                    CertSource::AlbHeader(name.to_string()),
                    pem,
                ));
            }
        }
        Err(EventError::NoClientCert {
            looked_in: format!("the headers {leaf_header} and {chain_header}"),
        })
    }

    /// From request headers holding CloudFront's URL-encoded PEM under `name`
    /// ([`CLOUDFRONT_PEM_HEADER`] unless renamed by a CloudFront Function).
    pub fn from_cloudfront_headers<'h>(
        headers: impl IntoIterator<Item = (&'h str, &'h str)>,
        name: &str,
    ) -> Result<ClientCert, EventError> {
        let value = header(headers, name).ok_or_else(|| EventError::NoClientCert {
            looked_in: format!("the header {name}"),
        })?;
        let pem = url_decoded_pem(name, value)?;
        Ok(ClientCert::of_pem(
            CertSource::CloudFrontHeader(name.to_string()),
            pem,
        ))
    }

    /// From any of the events above, told apart by their shape: a REST or HTTP API authorizer
    /// event with a `clientCert`, else the `headers` (or ALB's `multiValueHeaders`) of a
    /// request with the ALB's or CloudFront's default header names.
    pub fn from_event(event: &Value) -> Result<ClientCert, EventError> {
        if !event.is_object() {
            return Err(EventError::NotAnObject);
        }
        if !field(event, &["requestContext", "identity", "clientCert"]).is_null() {
            return ClientCert::from_rest_event(event);
        }
        if !field(event, &["requestContext", "authentication", "clientCert"]).is_null() {
            return ClientCert::from_http_event(event);
        }
        let headers = header_pairs(event);
        let pairs = || headers.iter().copied();
        if header(pairs(), ALB_LEAF_HEADER).is_some() || header(pairs(), ALB_CHAIN_HEADER).is_some()
        {
            return ClientCert::from_alb_headers(pairs(), ALB_LEAF_HEADER, ALB_CHAIN_HEADER);
        }
        if header(pairs(), CLOUDFRONT_PEM_HEADER).is_some() {
            return ClientCert::from_cloudfront_headers(pairs(), CLOUDFRONT_PEM_HEADER);
        }
        Err(EventError::NoClientCert {
            looked_in: format!("requestContext.identity.clientCert, requestContext.authentication.clientCert and the headers {ALB_LEAF_HEADER}, {ALB_CHAIN_HEADER}, {CLOUDFRONT_PEM_HEADER}"),
        })
    }

    /// Where the fields the event carries beside the PEM (`serialNumber`, `subjectDN`,
    /// `issuerDN`) disagree with the certificate that was verified: serials compared as
    /// unsigned integers whatever their spelling, names structurally (RFC 5280), never as
    /// strings. A field that is absent, or a name that does not parse as a DN (AWS's own
    /// examples hold placeholders), is not compared.
    pub fn mismatches(&self, client: &crate::PathCertificate<'_>) -> Vec<String> {
        let mut found = Vec::new();
        if let Some(serial) = &self.serial_number {
            match crate::x509::parse_serial(serial) {
                Ok(value) if value.as_slice() == client.serial() => {}
                Ok(_) => found.push(format!(
                    "serialNumber `{serial}` is not the certificate's {}",
                    client.serial_hex()
                )),
                Err(why) => found.push(format!("serialNumber: {why}")),
            }
        }
        let (subject, issuer) = client.name_keys();
        for (field, text, key, actual) in [
            ("subjectDN", &self.subject_dn, subject, client.subject()),
            ("issuerDN", &self.issuer_dn, issuer, client.issuer()),
        ] {
            let parsed = text.as_deref().and_then(crate::x509::name_key_of_text);
            if let (Some(text), Some(parsed)) = (text, parsed) {
                if parsed != key {
                    found.push(format!(
                        "{field} `{text}` is not the certificate's `{actual}`"
                    ));
                }
            }
        }
        found
    }

    fn of_pem(source: CertSource, pem: String) -> ClientCert {
        ClientCert {
            source,
            pem,
            subject_dn: None,
            issuer_dn: None,
            serial_number: None,
            not_before: None,
            not_after: None,
        }
    }
}

/// `requestContext.<holder>.clientCert` of an API Gateway event.
fn from_api_gateway(
    event: &Value,
    holder: &str,
    source: CertSource,
) -> Result<ClientCert, EventError> {
    if !event.is_object() {
        return Err(EventError::NotAnObject);
    }
    let at = format!("requestContext.{holder}.clientCert");
    let cert = field(event, &["requestContext", holder, "clientCert"]);
    if cert.is_null() {
        return Err(EventError::NoClientCert { looked_in: at });
    }
    let text = |field: &str, value: &Value| -> Result<Option<String>, EventError> {
        match value {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(EventError::Malformed {
                where_: format!("{at}.{field}"),
                why: "not a string".to_string(),
            }),
        }
    };
    let pem = text("clientCertPem", field(cert, &["clientCertPem"]))?.ok_or_else(|| {
        EventError::Malformed {
            where_: format!("{at}.clientCertPem"),
            why: "missing".to_string(),
        }
    })?;
    Ok(ClientCert {
        source,
        pem,
        subject_dn: text("subjectDN", field(cert, &["subjectDN"]))?,
        issuer_dn: text("issuerDN", field(cert, &["issuerDN"]))?,
        serial_number: text("serialNumber", field(cert, &["serialNumber"]))?,
        not_before: text(
            "validity.notBefore",
            field(cert, &["validity", "notBefore"]),
        )?,
        not_after: text("validity.notAfter", field(cert, &["validity", "notAfter"]))?,
    })
}

/// The value at a path of object keys, `Null` where there is none. (Not `Value::pointer`:
/// it unescapes and allocates each token, a tenth of a warm decision.)
pub(crate) fn field<'v>(value: &'v Value, path: &[&str]) -> &'v Value {
    path.iter()
        .try_fold(value, |at, key| at.get(key))
        .unwrap_or(&Value::Null)
}

/// The first value of header `name` (case-insensitive).
fn header<'h>(
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    name: &str,
) -> Option<&'h str> {
    headers
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// An event's headers as (name, value): `headers` (string values), else the first value of
/// each `multiValueHeaders` entry (an ALB target group with multi-value headers on).
fn header_pairs(event: &Value) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    if let Some(map) = field(event, &["headers"]).as_object() {
        pairs.extend(
            map.iter()
                .filter_map(|(n, v)| v.as_str().map(|v| (n.as_str(), v))),
        );
    }
    if let Some(map) = field(event, &["multiValueHeaders"]).as_object() {
        pairs.extend(map.iter().filter_map(|(n, v)| {
            v.as_array()
                .and_then(|values| values.first())
                .and_then(Value::as_str)
                .map(|v| (n.as_str(), v))
        }));
    }
    pairs
}

/// A header value decoded from URL encoding (ALB leaves `+`, `=` and `/` as they are, so `+`
/// is not a space here).
fn url_decoded_pem(name: &str, value: &str) -> Result<String, EventError> {
    let decoded = percent_decode_str(value)
        .decode_utf8()
        .map_err(|_| EventError::Malformed {
            where_: name.to_string(),
            why: "not URL-encoded UTF-8 text".to_string(),
        })?;
    if !decoded.contains("-----BEGIN") {
        return Err(EventError::Malformed {
            where_: name.to_string(),
            why: "no PEM block after URL decoding".to_string(),
        });
    }
    Ok(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn url_encoded_pem_keeps_plus_and_slash() {
        let pem = url_decoded_pem(
            "h",
            "-----BEGIN%20CERTIFICATE-----%0AMI+/=%0A-----END%20CERTIFICATE-----%0A",
        )
        .unwrap();
        assert_eq!(
            pem,
            "-----BEGIN CERTIFICATE-----\nMI+/=\n-----END CERTIFICATE-----\n"
        );
    }

    #[test]
    fn shapes_are_told_apart_and_errors_are_typed() {
        assert_eq!(
            ClientCert::from_event(&json!([1])),
            Err(EventError::NotAnObject)
        );
        let none = ClientCert::from_event(&json!({"requestContext": {}})).unwrap_err();
        assert!(matches!(none, EventError::NoClientCert { .. }), "{none}");
        let bad = ClientCert::from_event(
            &json!({"requestContext": {"identity": {"clientCert": {"clientCertPem": 7}}}}),
        )
        .unwrap_err();
        assert_eq!(
            bad.to_string(),
            "requestContext.identity.clientCert.clientCertPem: not a string"
        );
        let header =
            ClientCert::from_event(&json!({"headers": {"x-amzn-mtls-clientcert-leaf": "garbage"}}))
                .unwrap_err();
        assert!(
            header
                .to_string()
                .contains("X-Amzn-Mtls-Clientcert-Leaf: no PEM block"),
            "{header}"
        );
    }
}
