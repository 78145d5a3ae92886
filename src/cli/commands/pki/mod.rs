//! `truststore pki`: a development PKI that the chosen AWS front door accepts by construction,
//! and client certificates with one chosen defect. What it makes is checked with the engine
//! before the command returns: `init` lints the truststore, `issue` verifies the client (a
//! faulty one must be denied with the fault's code).
//!
//! What it makes: X.509 v3, unique subjects, SKI and AKI, SHA-256 for RSA or the curve's
//! hash; CAs with critical basicConstraints (CA:TRUE, pathLen as deep as the PKI) and critical
//! keyUsage keyCertSign + cRLSign; clients with CA:FALSE, digitalSignature, clientAuth; every
//! validity inside its issuer's. CAs start 30 days before `--at`, so that expired clients can
//! be made inside their issuer's validity.

mod build;
mod fault;
pub(crate) mod keys;
pub(crate) mod state;

pub(crate) use fault::Fault;

use crate::cli::args::{at_or_now, PkiInitArgs, PkiIssueArgs, PkiMaking, PkiRevokeArgs};
use crate::cli::Ran;
use crate::codes::DenialCode;
use crate::lint::finding::Severity;
use crate::profile::{Anchors, ClientChain, Profile};
use crate::when::{rfc3339, system_time_of as system_time};
use crate::Truststore;
use anyhow::{anyhow, bail, Context, Result};
use build::{CertSpec, San};
use der::{Decode, Encode};
use keys::{KeyKind, PrivateKey, SigningHash};
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};
use state::{Issued, Revoked, State};
use std::path::{Path, PathBuf};

const DAY: i64 = 86_400;
/// How long before `--at` the CAs start.
const CA_BACKDATE: i64 = 30 * DAY;
/// How long before `--at` a client starts (clock skew between the maker and the gateway).
const CLIENT_BACKDATE: i64 = 3_600;

pub(crate) fn init(args: &PkiInitArgs) -> Result<Ran<String>> {
    let profile = args.profile;
    let kind = keys::offered(KeyKind::parse(&args.key)?)?;
    refuse_unaccepted_key(kind, profile, "--key")?;
    let max_ca = profile.max_ca_certificates.value;
    let depth = usize::from(args.intermediates);
    if depth + 1 > max_ca {
        bail!(
            "--intermediates {depth}: {} takes at most {max_ca} CA certificates on a path, root included",
            profile.service
        );
    }
    let at = at_or_now(args.making.at);
    let dir = &args.dir;
    let mut stems = vec!["root".to_string()];
    stems.extend((1..=depth).map(|i| format!("intermediate-{i}")));
    let mut targets: Vec<PathBuf> = stems
        .iter()
        .flat_map(|s| [dir.join(format!("{s}.pem")), dir.join(format!("{s}.key"))])
        .collect();
    targets.push(dir.join("truststore.pem"));
    targets.push(dir.join(state::FILE));
    refuse_overwrite(&targets, args.force)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;

    let mut lines = Vec::new();
    let mut cas: Vec<Issued> = Vec::new();
    let mut bundle = String::new();
    let mut parent: Option<Ca> = None;
    for (level, stem) in stems.iter().enumerate() {
        let mut rng = rng_for(&args.making, &format!("init:{stem}"))?;
        let common_name = match level {
            0 => format!("{} Root CA", args.name),
            n => format!("{} Intermediate CA {n}", args.name),
        };
        let subject = Subject {
            common_name: &common_name,
            organization: &args.name,
            kind,
        };
        let validity = match &parent {
            None => (at - CA_BACKDATE, at + i64::from(args.days_root) * DAY),
            Some(p) => (
                p.not_before,
                (at + i64::from(args.days_intermediate) * DAY).min(p.not_after),
            ),
        };
        let path_len = u8::try_from(depth - level).unwrap_or(u8::MAX);
        let ca = Ca::make(parent.as_ref(), &subject, validity, path_len, &mut rng)?;
        let pem = crate::pem::armor("CERTIFICATE", &ca.der);
        let issuer_stem = level
            .checked_sub(1)
            .and_then(|l| stems.get(l))
            .unwrap_or(stem);
        let record = record(stem, &ca.der, issuer_stem, kind, None)?;
        write_file(&dir.join(format!("{stem}.pem")), pem.as_bytes(), false)?;
        write_file(
            &dir.join(format!("{stem}.key")),
            ca.key.pkcs8_pem()?.as_bytes(),
            true,
        )?;
        lines.push(format!(
            "wrote {stem}.pem and {stem}.key: {} ({}, until {})",
            record.subject,
            kind.name(),
            record.not_after
        ));
        bundle.push_str(&comment_line(&record.subject));
        bundle.push_str(&pem);
        cas.push(record);
        parent = Some(ca);
    }
    write_file(&dir.join("truststore.pem"), bundle.as_bytes(), false)?;
    let state = State {
        profile: profile.name.to_string(),
        key: kind.name(),
        name: args.name.clone(),
        created: rfc3339(at),
        cas,
        issued: Vec::new(),
        revoked: Vec::new(),
    };
    write_file(&dir.join(state::FILE), state.to_toml()?.as_bytes(), false)?;
    lines.push(format!(
        "wrote truststore.pem ({} certificates) and {}",
        stems.len(),
        state::FILE
    ));
    let clean = lint_summary(&dir.join("truststore.pem"), profile, at, &mut lines)?;
    Ok(done(lines, !clean))
}

pub(crate) fn issue(args: &PkiIssueArgs) -> Result<Ran<String>> {
    let dir = &args.dir;
    let mut state = State::read(dir)?;
    let profile = Profile::named(&state.profile)
        .ok_or_else(|| anyhow!("pki.toml names an unknown profile `{}`", state.profile))?;
    let at = at_or_now(args.making.at);
    let stem = match &args.out {
        Some(out) => file_safe(out)?,
        None => file_safe(&args.cn)?,
    };
    let issuer_stem = args
        .issuer
        .clone()
        .or_else(|| state.cas.last().map(|ca| ca.file.clone()))
        .ok_or_else(|| anyhow!("pki.toml lists no CA"))?;
    let issuer_level = state
        .cas
        .iter()
        .position(|ca| ca.file == issuer_stem)
        .ok_or_else(|| {
            anyhow!(
                "--issuer {issuer_stem}: not a CA of {} (pki.toml)",
                dir.display()
            )
        })?;
    let ca_kind = KeyKind::parse(&state.key)?;
    let fault = args.fault;
    let kind = match fault {
        Some(Fault::Rsa1024) => KeyKind::Rsa(1024),
        Some(Fault::P521) => KeyKind::P521,
        _ => keys::offered(KeyKind::parse(args.key.as_deref().unwrap_or(&state.key))?)?,
    };
    match fault {
        Some(Fault::Rsa1024 | Fault::P521) if accepts_key(profile, kind) => bail!(
            "--fault {}: {} accepts {} keys, so it is not a fault under this profile",
            fault.map(Fault::name).unwrap_or_default(),
            profile.service,
            kind.name()
        ),
        Some(Fault::Rsa1024 | Fault::P521) => {}
        _ => refuse_unaccepted_key(kind, profile, "--key")?,
    }
    let sans = args
        .san
        .iter()
        .map(|s| San::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let deep_truststore =
        fault == Some(Fault::TooDeep) && profile.client_chain.value == ClientChain::Ignored;
    let mut targets = vec![
        dir.join(format!("{stem}.pem")),
        dir.join(format!("{stem}.key")),
        dir.join(format!("{stem}.leaf.pem")),
    ];
    if deep_truststore {
        targets.push(dir.join(format!("{stem}.truststore.pem")));
    }
    refuse_overwrite(&targets, args.force)?;

    let mut rng = rng_for(&args.making, &format!("issue:{stem}"))?;
    let issuer_record = state
        .cas
        .get(issuer_level)
        .ok_or_else(|| anyhow!("pki.toml lists no CA"))?;
    let mut issuer = Ca::load(dir, issuer_record, ca_kind)?;
    // The CAs the client sends after its certificate: the issuer up to below the root.
    let mut sent: Vec<String> = state
        .cas
        .iter()
        .take(issuer_level + 1)
        .skip(1)
        .rev()
        .map(|ca| read_text(&dir.join(format!("{}.pem", ca.file))))
        .collect::<Result<_>>()?;
    let mut issuer_name = issuer_stem.clone();
    let mut extra_truststore = String::new();
    let mut notes = Vec::new();

    match fault {
        Some(Fault::UntrustedRoot) => {
            let name = format!("{} Untrusted Root CA", state.name);
            let subject = Subject {
                common_name: &name,
                organization: &state.name,
                kind: ca_kind,
            };
            issuer = Ca::make(
                None,
                &subject,
                (at - CA_BACKDATE, at + 3650 * DAY),
                3,
                &mut rng,
            )?;
            issuer_name = "untrusted-root".to_string();
            sent.clear();
            notes.push(format!(
                "issued by `{}`, a new root that is in no truststore (not written)",
                issuer.subject_text
            ));
        }
        Some(Fault::TooDeep) => {
            let max = profile.max_ca_certificates.value;
            // CAs on the path: under partial-chain anchors the path ends at the first
            // truststore CA reached (the issuer), else at the root.
            let above = match profile.anchors.value {
                Anchors::EveryCertificate if deep_truststore => bail!(
                    "--fault too-deep: under {} every truststore certificate is an anchor and the client's chain is not used, so no path can be too long",
                    profile.service
                ),
                Anchors::EveryCertificate => 1,
                _ => issuer_level + 1,
            };
            let extra = max + 1 - above.min(max + 1);
            let mut chain = Vec::new();
            for i in 1..=extra {
                let name = format!("{} Extra CA {i} of {stem}", state.name);
                let path_len = u8::try_from(extra - i).unwrap_or(u8::MAX);
                let subject = Subject {
                    common_name: &name,
                    organization: &state.name,
                    kind: ca_kind,
                };
                let validity = (issuer.not_before, issuer.not_after);
                let next = Ca::make(Some(&issuer), &subject, validity, path_len, &mut rng)?;
                chain.push(crate::pem::armor("CERTIFICATE", &next.der));
                if deep_truststore {
                    extra_truststore.push_str(&comment_line(&next.subject_text));
                    extra_truststore.push_str(chain.last().map_or("", String::as_str));
                }
                issuer = next;
            }
            if !deep_truststore {
                chain.reverse();
                let mut all = chain;
                all.extend(sent);
                sent = all;
            }
            issuer_name = format!("extra CA {extra} of {stem}");
            notes.push(format!(
                "{extra} extra CA(s) below {issuer_stem}: a path of {} CA certificates, one more than {} takes",
                max + 1,
                profile.service
            ));
        }
        _ => {}
    }

    let key = PrivateKey::generate(kind, &mut rng)?;
    let spki = key.spki_der()?;
    let key_id = build::key_id(&spki)?;
    let subject = build::name(&args.cn, &state.name)?;
    let days = i64::from(args.days) * DAY;
    let (mut not_before, mut not_after) = (
        (at - CLIENT_BACKDATE).max(issuer.not_before),
        (at + days).min(issuer.not_after),
    );
    match fault {
        Some(Fault::Expired) => {
            not_before = issuer.not_before;
            not_after = at - DAY;
        }
        Some(Fault::NotYetValid) => not_before = at + DAY,
        _ => {}
    }
    if not_after <= not_before {
        bail!(
            "no validity fits: the client would run from {} to {} (the issuer's validity is {} to {}); pick another --at or --days",
            rfc3339(not_before),
            rfc3339(not_after),
            rfc3339(issuer.not_before),
            rfc3339(issuer.not_after)
        );
    }
    let purposes = match fault {
        Some(Fault::NoClientAuth) => vec![const_oid::db::rfc5280::ID_KP_EMAIL_PROTECTION],
        Some(Fault::ServerAuthOnly) => vec![const_oid::db::rfc5280::ID_KP_SERVER_AUTH],
        _ => vec![const_oid::db::rfc5280::ID_KP_CLIENT_AUTH],
    };
    let self_signed = fault == Some(Fault::SelfSigned);
    let (issuer_der, issuer_key_id) = if self_signed {
        (subject.clone(), key_id.clone())
    } else {
        (issuer.subject.clone(), issuer.key_id.clone())
    };
    let mut serial = serial(&mut rng);
    if let (Some(Fault::NegativeSerial), Some(top)) = (fault, serial.first_mut()) {
        *top |= 0x80;
    }
    let spec = CertSpec {
        serial,
        issuer: issuer_der,
        subject,
        not_before,
        not_after,
        spki,
        extensions: build::leaf_extensions(&purposes, &sans, &key_id, &issuer_key_id)?,
    };
    let other_key;
    let signer = match fault {
        Some(Fault::SelfSigned) => &key,
        Some(Fault::WrongIssuerKey) => {
            other_key = PrivateKey::generate(ca_kind, &mut rng)?;
            &other_key
        }
        _ => &issuer.key,
    };
    let hash = match fault {
        Some(Fault::Sha1) => SigningHash::Sha1,
        _ => signer.hash(),
    };
    let der = build::certificate(&spec, signer, hash)?;
    let leaf_pem = crate::pem::armor("CERTIFICATE", &der);
    if self_signed {
        sent.clear();
    }
    let chain_pem = std::iter::once(leaf_pem.clone())
        .chain(sent)
        .collect::<String>();
    write_file(
        &dir.join(format!("{stem}.pem")),
        chain_pem.as_bytes(),
        false,
    )?;
    write_file(
        &dir.join(format!("{stem}.key")),
        key.pkcs8_pem()?.as_bytes(),
        true,
    )?;
    write_file(
        &dir.join(format!("{stem}.leaf.pem")),
        leaf_pem.as_bytes(),
        false,
    )?;
    let truststore_file = if deep_truststore {
        let mut text = read_text(&dir.join("truststore.pem"))?;
        text.push_str(&extra_truststore);
        let file = format!("{stem}.truststore.pem");
        write_file(&dir.join(&file), text.as_bytes(), false)?;
        notes.push(format!("{} uses only the truststore to build paths: the extra CAs are in {file} (truststore.pem plus them)", profile.service));
        file
    } else {
        "truststore.pem".to_string()
    };
    let issuer_file = if fault == Some(Fault::SelfSigned) {
        stem.clone()
    } else {
        issuer_name
    };
    let record = record(&stem, &der, &issuer_file, kind, fault)?;
    let mut lines = vec![format!(
        "wrote {stem}.pem (client and the CAs it sends), {stem}.key, {stem}.leaf.pem: {} (serial {}, {}, until {})",
        record.subject,
        record.serial,
        kind.name(),
        record.not_after
    )];
    lines.extend(notes);
    state.issued.retain(|i| i.file != stem);
    state.issued.push(record);
    write_file(&dir.join(state::FILE), state.to_toml()?.as_bytes(), false)?;

    // The check: the engine's verdict on what was written, as `truststore verify` gives it.
    let truststore = Truststore::from_pem_named(
        &truststore_file,
        read_text(&dir.join(&truststore_file))?.as_bytes(),
    )?;
    let verdict = truststore.verify_pem(chain_pem.as_bytes(), system_time(at), profile);
    let expected = fault.and_then(Fault::denial);
    let got = verdict.denial.as_ref().map(|d| d.code);
    let ok = got == expected;
    let verdict_text = match (&verdict.denial, verdict.reason()) {
        (Some(d), Some(reason)) => format!("denied ({}): {reason}", d.code),
        _ => "accepted".to_string(),
    };
    lines.extend(fault.and_then(Fault::note).map(str::to_string));
    lines.push(match (fault, ok) {
        (None, true) => format!("{stem}.pem: accepted against {truststore_file} (profile {})", profile.name),
        (Some(f), true) if expected.is_none() => format!(
            "{stem}.pem: accepted against {truststore_file} (profile {}), as the service would accept --fault {}",
            profile.name,
            f.name()
        ),
        (Some(f), true) => format!(
            "{stem}.pem: {verdict_text} (profile {}), as --fault {} intends",
            profile.name,
            f.name()
        ),
        (_, false) => format!(
            "{stem}.pem: {verdict_text} (profile {}), but {} was expected: please report this",
            profile.name,
            expected.map_or("accepted".to_string(), |c: DenialCode| format!("denied ({c})"))
        ),
    });
    Ok(done(lines, !ok))
}

pub(crate) fn revoke(args: &PkiRevokeArgs) -> Result<Ran<String>> {
    let dir = &args.dir;
    let mut state = State::read(dir)?;
    let at = at_or_now(args.making.at);
    let ca_kind = KeyKind::parse(&state.key)?;
    let mut touched: Vec<String> = Vec::new();
    for text in &args.serials {
        let wanted =
            crate::x509::parse_serial(text).map_err(|e| anyhow!("--serial {text}: {e}"))?;
        let found = state
            .issued
            .iter()
            .chain(&state.cas)
            .find(|i| crate::x509::parse_serial(&i.serial).is_ok_and(|s| s == wanted))
            .ok_or_else(|| {
                anyhow!("--serial {text}: not a certificate this PKI issued (pki.toml)")
            })?;
        if found.fault.as_deref() == Some("negative-serial") {
            bail!("--serial {text}: a negative serial cannot be listed: a load balancer cannot revoke it, and RFC 5280 CRLs hold positive serials");
        }
        if state.ca(&found.issuer).is_none() || found.issuer == found.file {
            bail!(
                "--serial {text}: `{}` was not issued by a CA of this PKI ({}), so no CRL of it can list it",
                found.subject,
                found.issuer
            );
        }
        let entry = Revoked {
            issuer: found.issuer.clone(),
            serial: found.serial.clone(),
            at: rfc3339(at),
        };
        if !state
            .revoked
            .iter()
            .any(|r| r.issuer == entry.issuer && r.serial == entry.serial)
        {
            state.revoked.push(entry.clone());
        }
        if !touched.contains(&entry.issuer) {
            touched.push(entry.issuer);
        }
    }
    let mut lines = Vec::new();
    for issuer_stem in &touched {
        let Some(record) = state.ca(issuer_stem) else {
            continue;
        };
        let ca = Ca::load(dir, record, ca_kind)?;
        let serials: Vec<Vec<u8>> = state
            .revoked
            .iter()
            .filter(|r| &r.issuer == issuer_stem)
            .filter_map(|r| crate::x509::parse_serial(&r.serial).ok())
            .collect();
        let spec = build::CrlSpec {
            issuer: &ca.subject,
            issuer_key_id: &ca.key_id,
            serials: &serials,
            this_update: at,
            next_update: at + args.next_update,
            number: u64::try_from(at).unwrap_or(0),
        };
        let der = build::crl(&spec, &ca.key, ca.key.hash())?;
        let (file, bytes) = if args.der {
            (format!("{issuer_stem}.crl"), der)
        } else {
            (
                format!("{issuer_stem}.crl.pem"),
                crate::pem::armor("X509 CRL", &der).into_bytes(),
            )
        };
        write_file(&dir.join(&file), &bytes, false)?;
        lines.push(format!(
            "wrote {file}: {} revoked by {} (next update {})",
            serials.len(),
            ca.subject_text,
            rfc3339(at + args.next_update)
        ));
    }
    write_file(&dir.join(state::FILE), state.to_toml()?.as_bytes(), false)?;
    Ok(done(lines, false))
}

/// A CA of the PKI, ready to sign.
struct Ca {
    key: PrivateKey,
    subject: Vec<u8>,
    subject_text: String,
    key_id: Vec<u8>,
    not_before: i64,
    not_after: i64,
    der: Vec<u8>,
}

impl Ca {
    fn load(dir: &Path, record: &Issued, kind: KeyKind) -> Result<Ca> {
        let key_path = dir.join(format!("{}.key", record.file));
        let key = PrivateKey::from_pkcs8_pem(&read_text(&key_path)?, kind)
            .with_context(|| format!("{}", key_path.display()))?;
        let cert_path = dir.join(format!("{}.pem", record.file));
        let der = crate::pem::block_der(&read_text(&cert_path)?, "CERTIFICATE")
            .ok_or_else(|| anyhow!("{}: no CERTIFICATE block", cert_path.display()))?;
        let cert = x509_cert::Certificate::from_der(&der)
            .map_err(|e| anyhow!("{}: not a certificate: {e}", cert_path.display()))?;
        let tbs = cert.tbs_certificate();
        let spki = key.spki_der()?;
        if tbs.subject_public_key_info().to_der()? != spki {
            bail!(
                "{} and {} are not a pair",
                cert_path.display(),
                key_path.display()
            );
        }
        let validity = tbs.validity();
        Ok(Ca {
            subject: tbs.subject().to_der()?,
            subject_text: crate::x509::rfc4514(tbs.subject()),
            key_id: build::key_id(&spki)?,
            not_before: crate::x509::unix_seconds(&validity.not_before),
            not_after: crate::x509::unix_seconds(&validity.not_after),
            der: der.to_vec(),
            key,
        })
    }

    /// A new CA: a root when `parent` is `None`, else issued by `parent`.
    fn make(
        parent: Option<&Ca>,
        subject: &Subject<'_>,
        validity: (i64, i64),
        path_len: u8,
        rng: &mut ChaCha20Rng,
    ) -> Result<Ca> {
        let key = PrivateKey::generate(subject.kind, rng)?;
        let spki = key.spki_der()?;
        let key_id = build::key_id(&spki)?;
        let name = build::name(subject.common_name, subject.organization)?;
        let (issuer, issuer_key_id) = match parent {
            Some(p) => (p.subject.clone(), p.key_id.clone()),
            None => (name.clone(), key_id.clone()),
        };
        let spec = CertSpec {
            serial: serial(rng),
            issuer,
            subject: name.clone(),
            not_before: validity.0,
            not_after: validity.1,
            spki,
            extensions: build::ca_extensions(path_len, &key_id, &issuer_key_id)?,
        };
        let signer = parent.map_or(&key, |p| &p.key);
        let der = build::certificate(&spec, signer, signer.hash())?;
        Ok(Ca {
            key,
            subject: name,
            subject_text: format!("CN={},O={}", subject.common_name, subject.organization),
            key_id,
            not_before: validity.0,
            not_after: validity.1,
            der,
        })
    }
}

/// Who a new CA is: its names and key kind.
struct Subject<'a> {
    common_name: &'a str,
    organization: &'a str,
    kind: KeyKind,
}

/// The RNG of one step: ChaCha20 keyed by SHA-256 of the seed and the step's name (so each
/// file's keys depend only on the seed and what the file is), or by the OS.
fn rng_for(making: &PkiMaking, step: &str) -> Result<ChaCha20Rng> {
    let mut key = [0u8; 32];
    match &making.seed {
        Some(seed) => {
            let mut hasher = Sha256::new();
            hasher.update(b"truststore pki\0");
            hasher.update(seed.as_bytes());
            hasher.update([0]);
            hasher.update(step.as_bytes());
            key = hasher.finalize().into();
        }
        None => getrandom::fill(&mut key).map_err(|e| anyhow!("no randomness from the OS: {e}"))?,
    }
    Ok(ChaCha20Rng::from_seed(key))
}

/// A positive 16-byte serial with its top byte set, so it is always 16 bytes long.
fn serial(rng: &mut ChaCha20Rng) -> Vec<u8> {
    let mut bytes = vec![0u8; 16];
    rng.fill_bytes(&mut bytes);
    if let Some(top) = bytes.first_mut() {
        *top = (*top & 0x7f) | 0x40;
    }
    bytes
}

/// What pki.toml records of a certificate, read back from its DER.
fn record(
    stem: &str,
    der: &[u8],
    issuer: &str,
    kind: KeyKind,
    fault: Option<Fault>,
) -> Result<Issued> {
    let source =
        crate::source::Source::new(stem, crate::pem::armor("CERTIFICATE", der).into_bytes());
    let parsed = Truststore::new(&source)?;
    let (subject, serial, not_before, not_after) = match parsed.store.cert(0) {
        Some(cert) => (
            cert.subject.clone(),
            crate::x509::colon_hex(&cert.serial),
            cert.not_before,
            cert.not_after,
        ),
        // A certificate the engine cannot parse (pki makes none) is recorded without its facts.
        None => (String::new(), String::new(), 0, 0),
    };
    Ok(Issued {
        file: stem.to_string(),
        subject,
        serial,
        issuer: issuer.to_string(),
        key: kind.name(),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        fault: fault.map(Fault::name),
    })
}

/// The `# <subject>` line before each CA of truststore.pem: `-` would make a load balancer
/// or CloudFront refuse the file, so it becomes a space, for every profile alike.
fn comment_line(subject: &str) -> String {
    format!("# {}\n", subject.replace('-', " "))
}

/// Lints `path` under `profile` and adds its findings and summary to `lines`; true when clean.
fn lint_summary(
    path: &Path,
    profile: &'static Profile,
    at: i64,
    lines: &mut Vec<String>,
) -> Result<bool> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let truststore = Truststore::from_pem_named(&name, read_text(path)?.as_bytes())?;
    let findings = truststore.lint(system_time(at), profile);
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    for f in &findings {
        lines.push(format!(
            "{}:{}: {}: {} [{}]",
            f.file,
            f.line,
            f.severity.as_str(),
            f.message,
            f.code
        ));
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    lines.push(format!(
        "{name}: {}, {}, {} (profile {})",
        plural(truststore.certificate_blocks(), "certificate"),
        plural(errors, "error"),
        plural(warnings, "warning"),
        profile.name
    ));
    Ok(errors == 0 && warnings == 0)
}

fn accepts_key(profile: &Profile, kind: KeyKind) -> bool {
    let keys = profile.keys.value;
    match kind {
        KeyKind::Rsa(bits) => {
            bits >= keys.rsa_min_bits
                && keys.rsa_max_bits.is_none_or(|max| bits <= max)
                && keys.rsa_sizes.is_none_or(|sizes| sizes.contains(&bits))
        }
        KeyKind::P256 => keys.curves.contains(&crate::crypto::Curve::P256),
        KeyKind::P384 => keys.curves.contains(&crate::crypto::Curve::P384),
        KeyKind::P521 => keys.curves.contains(&crate::crypto::Curve::P521),
    }
}

fn refuse_unaccepted_key(kind: KeyKind, profile: &Profile, flag: &str) -> Result<()> {
    if accepts_key(profile, kind) {
        Ok(())
    } else {
        bail!(
            "{flag} {}: {} does not accept this key",
            kind.name(),
            profile.service
        )
    }
}

fn refuse_overwrite(targets: &[PathBuf], force: bool) -> Result<()> {
    let existing: Vec<String> = targets
        .iter()
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !force && !existing.is_empty() {
        bail!(
            "{} already exist(s): pass --force to overwrite",
            existing.join(", ")
        );
    }
    Ok(())
}

/// Writes `bytes` to `path`; a key file is made with mode 0600 before anything is written.
fn write_file(path: &Path, bytes: &[u8], secret: bool) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    if secret {
        // An existing file (--force) keeps its mode on open: set it.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict {}", path.display()))?;
    }
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// A CN as a file stem: letters, digits, `.`, `_` and `-`; others become `-`.
fn file_safe(name: &str) -> Result<String> {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches(|c| c == '.' || c == '-').to_string();
    if stem.is_empty() {
        bail!("`{name}` makes no file name: give --out");
    }
    Ok(stem)
}

fn done(lines: Vec<String>, failing: bool) -> Ran<String> {
    let mut report = lines.join("\n");
    report.push('\n');
    Ran {
        report,
        errors: Vec::new(),
        failing,
    }
}
