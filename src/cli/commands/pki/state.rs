//! `pki.toml`: what `truststore pki` made in a directory, so that `issue` and `revoke` find
//! the CAs, their keys and what they issued. Never holds key material (keys are in `.key`
//! files) nor the seed (it would give the keys away).

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub(crate) const FILE: &str = "pki.toml";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct State {
    /// The profile the PKI was made for (`alb`).
    pub(crate) profile: String,
    /// The key kind of the CAs, and the default of `issue --key`.
    pub(crate) key: String,
    /// The organisation in every subject.
    pub(crate) name: String,
    /// When `init` ran (RFC 3339).
    pub(crate) created: String,
    /// The CAs, root first, each issued by the one before it.
    #[serde(rename = "ca")]
    pub(crate) cas: Vec<Issued>,
    /// The certificates `issue` made.
    #[serde(default, rename = "issued", skip_serializing_if = "Vec::is_empty")]
    pub(crate) issued: Vec<Issued>,
    /// What `revoke` listed.
    #[serde(default, rename = "revoked", skip_serializing_if = "Vec::is_empty")]
    pub(crate) revoked: Vec<Revoked>,
}

/// One certificate made.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Issued {
    /// The file stem in the directory (`root`, `intermediate-1`, `alice`).
    pub(crate) file: String,
    /// RFC 4514.
    pub(crate) subject: String,
    /// Hex, as `truststore inspect` shows it (`0A:1B:...`).
    pub(crate) serial: String,
    /// The file stem of the issuing CA (its own for a root; for an `untrusted-root` fault, a
    /// root that is not in the directory).
    pub(crate) issuer: String,
    pub(crate) key: String,
    pub(crate) not_before: String,
    pub(crate) not_after: String,
    /// The fault it was made with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fault: Option<String>,
}

/// One CRL entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Revoked {
    /// The file stem of the CA whose CRL lists it.
    pub(crate) issuer: String,
    pub(crate) serial: String,
    pub(crate) at: String,
}

impl State {
    pub(crate) fn read(dir: &Path) -> Result<State> {
        let path = dir.join(FILE);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {}: run `truststore pki init {}` first",
                path.display(),
                dir.display()
            )
        })?;
        toml::from_str(&text)
            .with_context(|| format!("{} is not a pki.toml truststore wrote", path.display()))
    }

    pub(crate) fn to_toml(&self) -> Result<String> {
        let body = toml::to_string(self).context("cannot write pki.toml")?;
        Ok(format!(
            "# What `truststore pki` made in this directory. Keys are in the .key files.\n{body}"
        ))
    }

    /// The CA whose file stem is `file`.
    pub(crate) fn ca(&self, file: &str) -> Option<&Issued> {
        self.cas.iter().find(|ca| ca.file == file)
    }
}
