//! Forges certificates for pathological cases: hand-built DER, deterministic P-256 keys, real
//! ECDSA signatures (RFC 6979). Shared by `tests/hostile.rs` and `benches/pathological.rs`.
#![allow(dead_code)]

use base64ct::{Base64, Encoding};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use p256::pkcs8::EncodePublicKey;
use sha2::{Digest, Sha256};

pub fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(body);
    out
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
    let mut body = vec![(40 * arcs[0] + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut chunk = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            chunk.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

/// A Name of `rdns` RDNs, each `O=<value>`, then `CN=<cn>`.
pub fn name(cn: &str, extra_rdns: usize, value: &str) -> Vec<u8> {
    let mut rdns = Vec::new();
    for _ in 0..extra_rdns {
        rdns.extend(tlv(
            0x31,
            &seq(&[&oid("2.5.4.10"), &tlv(0x0c, value.as_bytes())]),
        ));
    }
    rdns.extend(tlv(
        0x31,
        &seq(&[&oid("2.5.4.3"), &tlv(0x0c, cn.as_bytes())]),
    ));
    tlv(0x30, &rdns)
}

/// A deterministic P-256 key for `label`.
pub fn key(label: &str) -> SigningKey {
    let seed = Sha256::digest(label.as_bytes());
    SigningKey::from_slice(&seed).unwrap()
}

fn key_id(key: &SigningKey) -> Vec<u8> {
    Sha256::digest(key.verifying_key().to_public_key_der().unwrap().as_bytes())[..20].to_vec()
}

/// What to forge: subject, issuer (name and key; `None` for self-signed), and options.
pub struct Spec<'a> {
    pub subject: Vec<u8>,
    pub key: &'a SigningKey,
    pub issuer: Option<(&'a [u8], &'a SigningKey)>,
    pub ca: bool,
    pub serial: u64,
    /// Extra non-critical extensions of unknown type.
    pub junk_extensions: usize,
    pub key_ids: bool,
}

impl<'a> Spec<'a> {
    pub fn new(subject: Vec<u8>, key: &'a SigningKey) -> Self {
        Spec {
            subject,
            key,
            issuer: None,
            ca: true,
            serial: 1,
            junk_extensions: 0,
            key_ids: true,
        }
    }
}

/// The certificate's DER.
pub fn forge(spec: &Spec<'_>) -> Vec<u8> {
    let (issuer_name, issuer_key) = spec.issuer.unwrap_or((&spec.subject, spec.key));
    let alg = seq(&[&oid("1.2.840.10045.4.3.2")]);
    let validity = seq(&[&tlv(0x17, b"250101000000Z"), &tlv(0x18, b"20360101000000Z")]);
    let spki = spec.key.verifying_key().to_public_key_der().unwrap();
    let mut extensions: Vec<Vec<u8>> = Vec::new();
    let ca = if spec.ca {
        tlv(0x01, &[0xff])
    } else {
        Vec::new()
    };
    extensions.push(seq(&[
        &oid("2.5.29.19"),
        &tlv(0x01, &[0xff]),
        &tlv(0x04, &seq(&[&ca])),
    ]));
    if spec.key_ids {
        extensions.push(seq(&[
            &oid("2.5.29.14"),
            &tlv(0x04, &tlv(0x04, &key_id(spec.key))),
        ]));
        extensions.push(seq(&[
            &oid("2.5.29.35"),
            &tlv(0x04, &seq(&[&tlv(0x80, &key_id(issuer_key))])),
        ]));
    }
    for i in 0..spec.junk_extensions {
        extensions.push(seq(&[
            &oid(&format!("1.3.6.1.4.1.55555.{i}")),
            &tlv(0x04, &[0x05, 0x00]),
        ]));
    }
    let ext_refs: Vec<&[u8]> = extensions.iter().map(Vec::as_slice).collect();
    let tbs = seq(&[
        &tlv(0xa0, &tlv(0x02, &[2])),
        &tlv(0x02, &serial_bytes(spec.serial)),
        &alg,
        issuer_name,
        &validity,
        &spec.subject,
        spki.as_bytes(),
        &tlv(0xa3, &seq(&ext_refs)),
    ]);
    let signature: Signature = issuer_key.sign(&tbs);
    let sig = signature.to_der();
    let mut bits = vec![0u8];
    bits.extend_from_slice(sig.as_bytes());
    seq(&[&tbs, &alg, &tlv(0x03, &bits)])
}

/// A positive INTEGER's minimal DER content.
fn serial_bytes(serial: u64) -> Vec<u8> {
    let bytes = (serial + 1).to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(7);
    let mut out = bytes[skip..].to_vec();
    if out[0] & 0x80 != 0 {
        out.insert(0, 0);
    }
    out
}

pub fn pem(der: &[u8]) -> String {
    let b64 = Base64::encode_string(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// The DER of each CERTIFICATE block of a PEM text.
pub fn ders(pem_text: &str) -> Vec<Vec<u8>> {
    pem_text
        .split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .map(|block| {
            let b64: String = block
                .lines()
                .take_while(|l| !l.starts_with("-----END"))
                .collect();
            Base64::decode_vec(&b64).unwrap()
        })
        .collect()
}

/// The pathological truststores (docs/fuzzing.md), as (name, PEM text, client PEM to verify).
pub fn pathological() -> Vec<(&'static str, String, String)> {
    let mut cases = Vec::new();
    let root_key = key("root");
    let root_name = name("Hostile Root", 0, "");
    let root = pem(&forge(&Spec::new(root_name.clone(), &root_key)));

    // 10,000 CAs with one subject (and no key identifiers), and a client issued by the last.
    let same = name("Same Subject CA", 0, "");
    let mut bundle = root.clone();
    let keys: Vec<SigningKey> = (0..10_000).map(|i| key(&format!("same-{i}"))).collect();
    for (i, k) in keys.iter().enumerate() {
        let spec = Spec {
            issuer: Some((&root_name, &root_key)),
            serial: i as u64,
            key_ids: false,
            ..Spec::new(same.clone(), k)
        };
        bundle.push_str(&pem(&forge(&spec)));
    }
    let client_key = key("client");
    let client = |issuer_name: &[u8], issuer_key: &SigningKey, key_ids: bool| {
        let spec = Spec {
            issuer: Some((issuer_name, issuer_key)),
            ca: false,
            key_ids,
            ..Spec::new(name("client.example", 0, ""), &client_key)
        };
        pem(&forge(&spec))
    };
    cases.push((
        "10,000 CAs with one subject",
        bundle,
        client(&same, keys.last().unwrap(), false),
    ));

    // A cycle: A is issued by B, B by A, no root.
    let (ka, kb) = (key("cycle-a"), key("cycle-b"));
    let (na, nb) = (name("Cycle A", 0, ""), name("Cycle B", 0, ""));
    let a = forge(&Spec {
        issuer: Some((&nb, &kb)),
        ..Spec::new(na.clone(), &ka)
    });
    let b = forge(&Spec {
        issuer: Some((&na, &ka)),
        ..Spec::new(nb.clone(), &kb)
    });
    cases.push((
        "a cycle (A issues B, B issues A)",
        pem(&a) + &pem(&b),
        client(&na, &ka, true),
    ));

    // A 100-deep chain.
    let mut bundle = root.clone();
    let mut parent = (root_name.clone(), key("root"));
    for depth in 1..=100 {
        let n = name(&format!("Depth {depth} CA"), 0, "");
        let k = key(&format!("depth-{depth}"));
        bundle.push_str(&pem(&forge(&Spec {
            issuer: Some((&parent.0, &parent.1)),
            ..Spec::new(n.clone(), &k)
        })));
        parent = (n, k);
    }
    cases.push((
        "a 100-deep chain",
        bundle,
        client(&parent.0, &parent.1, true),
    ));

    // 10,000 extensions on one root.
    let many = forge(&Spec {
        junk_extensions: 10_000,
        ..Spec::new(name("Many Extensions Root", 0, ""), &root_key)
    });
    cases.push((
        "a certificate with 10,000 extensions",
        pem(&many),
        client(&name("Many Extensions Root", 0, ""), &root_key, true),
    ));

    // A 1 MB name.
    let big_name = name("Big Name Root", 16_000, &"x".repeat(56));
    let big = forge(&Spec::new(big_name.clone(), &root_key));
    cases.push((
        "a certificate with a 1 MB name",
        pem(&big),
        client(&big_name, &root_key, true),
    ));

    // DER nested 1,000 levels deep where a certificate should be.
    let mut nested = tlv(0x05, &[]);
    for _ in 0..1_000 {
        nested = tlv(0x30, &nested);
    }
    cases.push((
        "DER nested 1,000 levels deep",
        root.clone() + &pem(&nested),
        client(&root_name, &root_key, true),
    ));
    cases
}
