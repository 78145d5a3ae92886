#!/usr/bin/env python3
"""Writes the P-384 variant of the "10,000 CAs with one subject" hostile truststore.

Usage: python3 scripts/gen-p384-hostile.py OUT.pem   (needs `cryptography` >= 44, ~4 s)
Then:  cargo build --release && time target/release/truststore lint OUT.pem

Ten thousand CAs named "Same Subject CA" (one key, distinct serials) under a P-384 root, signed
with ECDSA-SHA384: linting it is 10,000 P-384 signature checks (docs/performance.md). The
forged benchmark (`cargo bench --bench pathological`) has the P-256 case. Deterministic: keys
come from fixed scalars and signatures are RFC 6979.
"""
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, key, issuer, issuer_key, serial):
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(datetime.datetime(2025, 1, 1))
               .not_valid_after(datetime.datetime(2036, 1, 1))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True))
    signed = builder.sign(issuer_key, hashes.SHA384(), ecdsa_deterministic=True)
    return signed.public_bytes(serialization.Encoding.PEM)


root_key = ec.derive_private_key(384_001, ec.SECP384R1())
ca_key = ec.derive_private_key(384_002, ec.SECP384R1())
root = name("Hostile P384 Root")
parts = [cert(root, root_key, root, root_key, 1)]
parts += [cert(name("Same Subject CA"), ca_key, root, root_key, 10 + i) for i in range(10_000)]
with open(sys.argv[1], "wb") as out:
    out.write(b"".join(parts))
