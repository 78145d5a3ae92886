//! Linting a parsed truststore under a profile: the rule registry (one file per rule under
//! `rules/`) and the runner. A rule is data (code, severity, texts, citation) plus one `check`
//! over a [`LintContext`]; certificate properties are decided in `crate::checks`, and a rule
//! only phrases the result. To add one, see `docs/adding-a-rule.md`.

pub(crate) mod finding;
mod rules;

use crate::profile::Profile;
use crate::truststore::Location;
use crate::truststore::Truststore;
use finding::{Finding, Severity};
use rayon::prelude::*;
use std::ops::Deref;

pub(crate) use crate::codes::LintCode;
pub(crate) use crate::profile::Confidence;
pub(crate) use rules::RULES;

/// A lint rule: its metadata and its check.
pub(crate) struct Rule {
    /// Kebab-case name of the problem; stable, used in JSON and `--ignore`-style options.
    pub(crate) code: LintCode,
    pub(crate) severity: Severity,
    /// One line: what the rule detects.
    pub(crate) summary: &'static str,
    /// How to fix it, in general (each finding's own hint names the specifics).
    pub(crate) fix: &'static str,
    pub(crate) citation: &'static str,
    pub(crate) confidence: Confidence,
    /// Why it matters, for `docs/rules.md` and `explain`.
    pub(crate) explanation: &'static str,
    pub(crate) check: fn(&LintContext<'_>, &mut Vec<Finding>),
}

impl Rule {
    /// A finding of this rule at its default severity.
    pub(crate) fn finding(
        &self,
        ctx: &LintContext<'_>,
        at: Location,
        message: String,
        hint: String,
    ) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            file: at.file,
            line: at.line,
            index: at.index,
            subject: at.subject,
            message,
            hint,
            aws: ctx.profile.consequence(self.code),
        }
    }
}

/// The evaluation time and window of a lint run.
#[derive(Debug, Clone, Copy)]
pub struct LintOptions {
    /// Evaluation time, seconds since the Unix epoch.
    pub at: i64,
    /// `expiring-soon` fires when a certificate expires within this many seconds of `at`.
    pub expiry_window: i64,
    /// A raised certificate quota (where the profile's is adjustable), or `None` for the
    /// service's default.
    pub certificate_quota: Option<usize>,
}

impl LintOptions {
    /// The expiry window when none is given: 30 days.
    pub const DEFAULT_EXPIRY_WINDOW: i64 = 30 * 86_400;
}

/// What a rule sees: the truststore, the profile it is judged under, and the time.
pub(crate) struct LintContext<'a> {
    pub(crate) truststore: &'a Truststore,
    pub(crate) profile: &'static Profile,
    pub(crate) options: LintOptions,
}

impl LintContext<'_> {
    /// Whether client paths must reach a self-signed root (so a CA's own chain matters), rather
    /// than end at the first truststore certificate.
    pub(crate) fn paths_end_at_roots(&self) -> bool {
        self.profile.anchors.value == crate::profile::Anchors::SelfSignedRoots
    }
}

impl Deref for LintContext<'_> {
    type Target = Truststore;

    fn deref(&self) -> &Truststore {
        self.truststore
    }
}

/// Runs every rule; findings sorted by line, then by registry order.
pub(crate) fn run(
    truststore: &Truststore,
    profile: &'static Profile,
    options: LintOptions,
) -> Vec<Finding> {
    // Every issuer link is needed by some rule: verify the signatures behind them on all cores
    // first (each certificate's candidates are computed once and cached in the store).
    (0..truststore.store.len()).into_par_iter().for_each(|i| {
        truststore.store.link(i);
    });
    run_rules(truststore, profile, options, RULES)
}

/// Runs the rules of `codes` only, with no link precomputed: for `verify`, which asks whether
/// the truststore would be refused without checking every signature in it.
pub(crate) fn run_only(
    truststore: &Truststore,
    profile: &'static Profile,
    options: LintOptions,
    codes: &[LintCode],
) -> Vec<Finding> {
    let rules: Vec<&Rule> = RULES
        .iter()
        .copied()
        .filter(|r| codes.contains(&r.code))
        .collect();
    run_rules(truststore, profile, options, &rules)
}

fn run_rules(
    truststore: &Truststore,
    profile: &'static Profile,
    options: LintOptions,
    rules: &[&Rule],
) -> Vec<Finding> {
    let ctx = LintContext {
        truststore,
        profile,
        options,
    };
    let mut findings = Vec::new();
    for rule in rules {
        (rule.check)(&ctx, &mut findings);
    }
    let order_of = |code: LintCode| {
        RULES
            .iter()
            .position(|r| r.code == code)
            .unwrap_or(usize::MAX)
    };
    findings.sort_by_key(|f| (f.line, order_of(f.code), f.index));
    // Rules cite lines of the bundle as read; a finding names the file and line the user has
    // (they differ for a directory or a converted file).
    if !truststore.parts.is_empty() {
        for finding in &mut findings {
            let (file, line) = truststore.place(finding.line);
            finding.file = file.to_string();
            finding.line = line;
        }
    }
    findings
}
