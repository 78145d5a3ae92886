//! Client certificate identity filters (Network Load Balancer): accept-only rules on the
//! client's subject CN or OU, or a DNS or URI subjectAltName, applied after the trust checks.
//! Matching follows the ELB API's `ClientCertificateIdentityFilter`: `exact` or `prefix`;
//! CN, OU and DNS names case-insensitively; a URI's scheme and host case-insensitively and the
//! rest as written; a field with several values matches if any one does; a missing field does
//! not match.

use crate::x509::{Certificate, NameFact};
use std::fmt;
use std::str::FromStr;

/// The client certificate field a filter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    /// `subject-cn`: a commonName of the subject.
    SubjectCn,
    /// `subject-ou`: an organizationalUnitName of the subject.
    SubjectOu,
    /// `san-dns`: a dNSName of subjectAltName.
    SanDns,
    /// `san-uri`: a uniformResourceIdentifier of subjectAltName.
    SanUri,
}

impl FilterField {
    const ALL: [FilterField; 4] = [
        FilterField::SubjectCn,
        FilterField::SubjectOu,
        FilterField::SanDns,
        FilterField::SanUri,
    ];

    /// The name the ELB API and `--filter` use.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterField::SubjectCn => "subject-cn",
            FilterField::SubjectOu => "subject-ou",
            FilterField::SanDns => "san-dns",
            FilterField::SanUri => "san-uri",
        }
    }
}

/// One accept rule: `subject-cn=device-1.example` (exact) or `san-dns^=corp.` (prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityFilter {
    /// The field read.
    pub field: FilterField,
    /// The value matched (1 to 256 printable ASCII characters).
    pub value: String,
    /// `prefix` rather than `exact` matching.
    pub prefix: bool,
}

impl FromStr for IdentityFilter {
    type Err = String;

    /// `FIELD=VALUE` for an exact match, `FIELD^=VALUE` for a prefix match.
    fn from_str(text: &str) -> Result<IdentityFilter, String> {
        let fields = || {
            FilterField::ALL
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some((name, value)) = text.split_once('=') else {
            return Err(format!(
                "`{text}`: a filter is FIELD=VALUE (exact) or FIELD^=VALUE (prefix); fields: {}",
                fields()
            ));
        };
        let (name, prefix) = match name.strip_suffix('^') {
            Some(name) => (name, true),
            None => (name, false),
        };
        let Some(field) = FilterField::ALL.into_iter().find(|f| f.as_str() == name) else {
            return Err(format!(
                "`{name}` is not a filter field; fields: {}",
                fields()
            ));
        };
        let printable = value.bytes().all(|b| (0x20..0x7f).contains(&b));
        if value.is_empty() || value.len() > 256 || !printable {
            return Err(format!(
                "`{text}`: the value must be 1 to 256 printable ASCII characters"
            ));
        }
        Ok(IdentityFilter {
            field,
            value: value.to_string(),
            prefix,
        })
    }
}

impl fmt::Display for IdentityFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = if self.prefix { "^=" } else { "=" };
        write!(f, "{}{op}{}", self.field.as_str(), self.value)
    }
}

impl IdentityFilter {
    /// Whether the client certificate matches this rule.
    pub(crate) fn matches(&self, client: &Certificate) -> bool {
        let compare = |candidate: &str| {
            let (candidate, wanted) = match self.field {
                FilterField::SanUri => (uri_key(candidate), uri_key(&self.value)),
                _ => (
                    candidate.to_ascii_lowercase(),
                    self.value.to_ascii_lowercase(),
                ),
            };
            if self.prefix {
                candidate.starts_with(&wanted)
            } else {
                candidate == wanted
            }
        };
        match self.field {
            FilterField::SubjectCn => client.subject_common_names.iter().any(|v| compare(v)),
            FilterField::SubjectOu => client
                .subject_organizational_units
                .iter()
                .any(|v| compare(v)),
            FilterField::SanDns => client.alt_names.iter().any(|n| match n {
                NameFact::Dns(v) => compare(v),
                _ => false,
            }),
            FilterField::SanUri => client.alt_names.iter().any(|n| match n {
                NameFact::Uri(v) => compare(v),
                _ => false,
            }),
        }
    }
}

/// A URI with its scheme and authority lower-cased and the rest as written.
fn uri_key(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once(':') else {
        return uri.to_string();
    };
    let (authority, tail) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            let (authority, tail) = after.split_at(end);
            (format!("//{}", authority.to_ascii_lowercase()), tail)
        }
        None => (String::new(), rest),
    };
    format!("{}:{authority}{tail}", scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_exact_and_prefix_and_refuse_the_rest() {
        let exact: IdentityFilter = "subject-cn=device-1.example".parse().unwrap();
        assert!(!exact.prefix);
        assert_eq!(exact.field, FilterField::SubjectCn);
        let prefix: IdentityFilter = "san-dns^=corp.".parse().unwrap();
        assert!(prefix.prefix);
        assert_eq!(prefix.to_string(), "san-dns^=corp.");
        assert!("subject-o=x".parse::<IdentityFilter>().is_err());
        assert!("subject-cn=".parse::<IdentityFilter>().is_err());
        assert!("subject-cn".parse::<IdentityFilter>().is_err());
        assert!("subject-cn=caf\u{e9}".parse::<IdentityFilter>().is_err());
    }

    #[test]
    fn a_uri_keeps_the_case_of_its_path() {
        assert_eq!(
            uri_key("SPIFFE://Corp.Example/Workload/A"),
            "spiffe://corp.example/Workload/A"
        );
        assert_eq!(uri_key("URN:Example:X"), "urn:Example:X");
    }
}
