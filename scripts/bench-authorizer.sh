#!/usr/bin/env bash
# One authorizer decision against a 1,000-CA truststore, warm and cold: truststore's library
# (benches/authorizer.rs) beside the AWS sample's approach and pyca's ClientVerifier
# (scripts/bench-authorizer.py), alternating, in one run. Usage: scripts/bench-authorizer.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
corpus=target/bench-corpus
[ -f "$corpus/done" ] && [ -f "$corpus/cas-1000.pem" ] || python3 scripts/gen-corpus.py "$corpus"
cargo bench --quiet --bench authorizer --no-run
for run in $(seq "$runs"); do
  echo "run $run"
  cargo bench --quiet --bench authorizer -- "$corpus"
  python3 scripts/bench-authorizer.py "$corpus"
done
