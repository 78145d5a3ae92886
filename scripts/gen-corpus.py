#!/usr/bin/env python3
"""Deterministic benchmark corpus for scripts/bench-compare.sh (see docs/performance.md).

Usage: scripts/gen-corpus.py OUTDIR

Writes, for N in 150, 1000 (API Gateway's maximum), 10000 and 100000:
  OUTDIR/cas-N.pem         N CA certificates: trees of 2, 3 or 4 CA levels (root included), keys
                           60% RSA-2048, 20% RSA-4096, 15% P-256, 5% P-384
  OUTDIR/cas-N/NNNNNN.pem  the same certificates one per file (openssl verify takes files)
and for N in 150, 1000 and 10000:
  OUTDIR/clients-N/NNNNNN.pem  10,000 client certificates issued by the deepest CA of each tree
  OUTDIR/clients-N.txt         their paths, one per line (truststore verify --clients-from)
The bundles are prefixes of one sequence, so the smaller bundles are part of the 100,000.
Same bytes on every run (fixtures/pki.py); CA keys come from small named pools, so generation
costs signatures, not key generation. All certificates are valid at 2026-06-01.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from pki import NOT_AFTER, NOT_BEFORE, key, make  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

OUT = sys.argv[1]
SIZES = [150, 1_000, 10_000, 100_000]
CLIENTS = 10_000
# 20 slots: 12 RSA-2048, 4 RSA-4096, 3 P-256, 1 P-384.
KINDS = ["rsa2048"] * 12 + ["rsa4096"] * 4 + ["p256"] * 3 + ["p384"]
POOL = {"rsa2048": 4, "rsa4096": 2, "p256": 4, "p384": 2}


def ca_sequence(total):
    """(Issued, is_deepest_of_its_tree) for `total` CAs, tree after tree."""
    out, i, tree = [], 0, 0
    while i < total:
        levels = 2 + tree % 3
        parent = None
        for level in range(levels):
            if i >= total:
                break
            kind = KINDS[i % len(KINDS)]
            key_name = f"bench-{kind}-{i % POOL[kind]}"
            hash_name = "sha384" if kind == "p384" else "sha256"
            cert = make(f"Bench CA {i:06d}", issuer=parent, kind=kind, key_name=key_name, hash_name=hash_name)
            out.append((cert, level == levels - 1 or i == total - 1))
            parent = cert
            i += 1
        tree += 1
    return out


def client(n, issuer):
    """A client certificate as clients have them: SAN, clientAuth, CA:FALSE."""
    k = key("bench-client", "p256")
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"bench-client-{n:06d}.example")])
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer.cert.subject)
         .public_key(k.public_key()).serial_number(n + 1)
         .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
         .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
         .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"bench-client-{n:06d}.example")]), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(k.public_key()), critical=False))
    kind_hash = hashes.SHA384() if issuer.cert.signature_hash_algorithm.name == "sha384" else hashes.SHA256()
    from cryptography.hazmat.primitives.asymmetric import ec
    if isinstance(issuer.key, ec.EllipticCurvePrivateKey):
        return b.sign(issuer.key, kind_hash, ecdsa_deterministic=True)
    return b.sign(issuer.key, kind_hash)


def pem(cert):
    from cryptography.hazmat.primitives import serialization
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def main():
    os.makedirs(OUT, exist_ok=True)
    cas = ca_sequence(max(SIZES))
    texts = [c.pem for c, _ in cas]
    for n in SIZES:
        with open(os.path.join(OUT, f"cas-{n}.pem"), "w") as f:
            f.write("".join(texts[:n]))
        split = os.path.join(OUT, f"cas-{n}")
        os.makedirs(split, exist_ok=True)
        for i, t in enumerate(texts[:n]):
            with open(os.path.join(split, f"{i:06d}.pem"), "w") as f:
                f.write(t)
        print(f"cas-{n}.pem", flush=True)
    for n in SIZES[:3]:
        deepest = [c for c, last in cas[:n] if last]
        folder = os.path.join(OUT, f"clients-{n}")
        os.makedirs(folder, exist_ok=True)
        paths = []
        for i in range(CLIENTS):
            path = os.path.join(folder, f"{i:06d}.pem")
            with open(path, "w") as f:
                f.write(pem(client(i, deepest[i % len(deepest)])))
            paths.append(path)
        with open(os.path.join(OUT, f"clients-{n}.txt"), "w") as f:
            f.write("\n".join(paths) + "\n")
        print(f"clients-{n}", flush=True)
    open(os.path.join(OUT, "done"), "w").write("ok\n")


main()
