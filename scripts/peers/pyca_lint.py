#!/usr/bin/env python3
"""The lint-like pyca peer: parse a bundle, find each certificate's issuer by subject, and check
the link with verify_directly_issued_by (what lint's integrity check does). Prints the count."""
import sys

from cryptography import x509

certs = x509.load_pem_x509_certificates(open(sys.argv[1], "rb").read())
by_subject = {}
for c in certs:
    by_subject.setdefault(c.subject, []).append(c)
linked = 0
for c in certs:
    for issuer in by_subject.get(c.issuer, []):
        try:
            c.verify_directly_issued_by(issuer)
            linked += 1
            break
        except Exception:
            pass
print(linked)
