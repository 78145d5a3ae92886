#!/usr/bin/env python3
"""The Python peers of benches/authorizer.rs, on the same corpus and events:
the AWS sample's approach (parse the PEM, look the serial up in a set: no chain check) and
pyca/cryptography's ClientVerifier (a full chain check). Usage: bench-authorizer.py CORPUS"""
import statistics
import sys
import time
from datetime import datetime, timezone

from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store

corpus = sys.argv[1]
at = datetime(2026, 6, 1, tzinfo=timezone.utc)
bundle = open(f"{corpus}/cas-1000.pem", "rb").read()
clients = [open(f"{corpus}/clients-1000/{i:06d}.pem", "rb").read() for i in range(1000)]
revoked = {0x7F000000 + i for i in range(1000)}


def load():
    return Store(x509.load_pem_x509_certificates(bundle))


def sample(pem):
    return x509.load_pem_x509_certificate(pem).serial_number not in revoked


def full(verifier, pem):
    leaf = x509.load_pem_x509_certificate(pem)
    verifier.verify(leaf, [])
    return leaf.serial_number not in revoked


def per_call(fn):
    start = time.perf_counter()
    for pem in clients:
        fn(pem)
    return (time.perf_counter() - start) / len(clients)


verifier = PolicyBuilder().store(load()).time(at).build_client_verifier()
print(f"aws-sample  warm decide      {per_call(sample) * 1e6:>9.1f} us   (serial lookup only)")
print(f"pyca-client warm decide      {per_call(lambda p: full(verifier, p)) * 1e6:>9.1f} us")
cold = []
for pem in clients[:20]:
    start = time.perf_counter()
    v = PolicyBuilder().store(load()).time(at).build_client_verifier()
    full(v, pem)
    cold.append(time.perf_counter() - start)
print(f"pyca-client cold load+decide {statistics.median(cold) * 1e3:>9.2f} ms")
