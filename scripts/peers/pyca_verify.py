#!/usr/bin/env python3
"""The verify pyca peer: x509.verification's ClientVerifier, the truststore's self-signed
certificates as trust anchors and the rest as intermediates (API Gateway builds the whole chain
from the truststore). Usage: pyca_verify.py BUNDLE CLIENT-LIST-FILE. Prints accepted/denied."""
import sys
from datetime import datetime, timezone

from cryptography import x509
from cryptography.x509.verification import PolicyBuilder, Store

certs = x509.load_pem_x509_certificates(open(sys.argv[1], "rb").read())
roots = [c for c in certs if c.subject == c.issuer]
intermediates = [c for c in certs if c.subject != c.issuer]
verifier = (PolicyBuilder().store(Store(roots)).time(datetime(2026, 6, 1, tzinfo=timezone.utc))
            .max_chain_depth(8).build_client_verifier())
accepted = denied = 0
for path in open(sys.argv[2]).read().split():
    leaf = x509.load_pem_x509_certificate(open(path, "rb").read())
    try:
        verifier.verify(leaf, intermediates)
        accepted += 1
    except Exception:
        denied += 1
print(f"{accepted} accepted, {denied} denied")
