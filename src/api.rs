//! The library's entry points on [`Truststore`]: read a bundle from PEM bytes, verify a client
//! certificate, lint the bundle. Time is always an argument.

use crate::error::Error;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{self, LintOptions};
use crate::profile::Profile;
use crate::source::Source;
use crate::truststore::Truststore;
use crate::verify::{self, IdentityFilter, Judging, Verdict};
use crate::when::unix_seconds_of as unix_seconds;
use std::borrow::Borrow;
use std::time::SystemTime;

/// The name a bundle read from memory has in findings.
const MEMORY: &str = "<memory>";

impl Truststore {
    /// Reads a truststore bundle (PEM). Fails only when no CERTIFICATE block is found at all;
    /// problems inside the bundle are findings of [`Truststore::lint`].
    pub fn from_pem(bytes: &[u8]) -> Result<Truststore, Error> {
        Truststore::from_pem_named(MEMORY, bytes)
    }

    /// As [`Truststore::from_pem`], with the name findings and errors give the bundle.
    pub fn from_pem_named(name: &str, bytes: &[u8]) -> Result<Truststore, Error> {
        Truststore::from_owned(Source::new(name, bytes.to_vec()))
    }

    /// Whether the service of `profile` would accept the client certificate in `client_pem`
    /// (its first CERTIFICATE block; the blocks after it are what the client sends along) at
    /// time `at`. A file without a certificate that parses is denied as `malformed`.
    pub fn verify_pem(&self, client_pem: &[u8], at: SystemTime, profile: &Profile) -> Verdict {
        let options = VerifyOptions {
            at,
            ignore_expiry: false,
            identity_filters: Vec::new(),
        };
        self.verify_pem_with(client_pem, &options, profile)
    }

    /// As [`Truststore::verify_pem`], with the service options of [`VerifyOptions`].
    pub fn verify_pem_with(
        &self,
        client_pem: &[u8],
        options: &VerifyOptions,
        profile: &Profile,
    ) -> Verdict {
        let judging = Judging {
            at: unix_seconds(options.at),
            ignore_expiry: options.ignore_expiry,
            filters: &options.identity_filters,
            revocation: None,
        };
        // Clients held in memory are an authorizer's: the same ones again and again, so their
        // parsed files are kept (by SHA-256 of the bytes).
        let client = self.client_file(&Source::new("client", client_pem.to_vec()));
        self.verdict_of_file(client, judging, profile)
    }

    /// The verdict for a client file held in memory; one that holds no certificate that
    /// parses is denied as `malformed`.
    pub(crate) fn verify_source(
        &self,
        client: &Source,
        judging: Judging,
        profile: &Profile,
    ) -> Verdict {
        self.verdict_of_file(Truststore::new(client), judging, profile)
    }

    /// The verdict for a parsed client file, or `malformed` for one that did not parse.
    fn verdict_of_file(
        &self,
        client: Result<impl Borrow<Truststore>, Error>,
        judging: Judging,
        profile: &Profile,
    ) -> Verdict {
        match client {
            Ok(client_file) => verify::verify_file(self, client_file.borrow(), judging, profile),
            Err(error) => Verdict::malformed(
                profile,
                format!("{error}; the TLS handshake fails before anything is logged"),
            ),
        }
    }

    /// Every finding for this truststore under `profile` at time `at`, sorted by line.
    pub fn lint(&self, at: SystemTime, profile: &'static Profile) -> Vec<Finding> {
        let options = LintOptions {
            at: unix_seconds(at),
            expiry_window: LintOptions::DEFAULT_EXPIRY_WINDOW,
            certificate_quota: None,
        };
        lint::run(self, profile, options)
    }

    /// As [`Truststore::lint`], with the expiry window and time given as [`LintOptions`].
    pub fn lint_with(&self, options: LintOptions, profile: &'static Profile) -> Vec<Finding> {
        lint::run(self, profile, options)
    }

    /// The error findings that make the service of `profile` refuse or ignore this truststore
    /// as a whole (its size, two CAs of one name): while there are any, a verdict against it
    /// describes a truststore the service would not use. Cheap: no signature is checked.
    pub fn refusing_findings(&self, at: SystemTime, profile: &'static Profile) -> Vec<Finding> {
        let options = LintOptions {
            at: unix_seconds(at),
            expiry_window: 0,
            certificate_quota: None,
        };
        self.refusing_findings_at(options, profile)
    }

    pub(crate) fn refusing_findings_at(
        &self,
        options: LintOptions,
        profile: &'static Profile,
    ) -> Vec<Finding> {
        lint::run_only(self, profile, options, profile.refusing_codes())
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect()
    }

    /// The number of CERTIFICATE blocks in the bundle, malformed ones and copies included.
    pub fn certificate_blocks(&self) -> usize {
        self.entries.len()
    }
}

/// When a client is verified, and with which service options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The evaluation time.
    pub at: SystemTime,
    /// The profile's expiry option is on ([`Profile::expiry_waiver`]: the load balancers'
    /// `IgnoreClientCertificateExpiry`, CloudFront's `IgnoreCertificateExpiry`); no effect
    /// under a profile without one.
    pub ignore_expiry: bool,
    /// The listener's client certificate identity filters ([`Profile::identity_filters`]:
    /// Network Load Balancer); empty filters nothing, and other profiles ignore them.
    pub identity_filters: Vec<IdentityFilter>,
}
