#!/usr/bin/env bash
# truststore vs `openssl verify` vs Python `cryptography` on the benchmark corpus (docs/performance.md).
# Usage: scripts/bench-compare.sh [RUNS]   (default 3 runs per case; the median is reported)
# BASELINE=path/to/another/truststore adds that binary to every case (e.g. a build of an earlier
# commit: a change's cost, paired in one run); PEERS=none leaves out openssl and pyca.
# Generates the corpus on first use (scripts/gen-corpus.py -> target/bench-corpus, a few minutes).
# Runs alternate between the tools, so that machine noise falls on all of them alike.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
corpus=target/bench-corpus
at=2026-06-01
at_epoch=1780272000
[ -f "$corpus/done" ] || python3 scripts/gen-corpus.py "$corpus"
cargo build --release --quiet
ts=target/release/truststore

# Milliseconds of wall time, and peak RSS in MB, of one command (output discarded).
rss_file=$(mktemp)
trap 'rm -f "$rss_file"' EXIT
measure() {
  local start end
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$rss_file" "$@" >/dev/null 2>&1 || true
  else
    echo 0 > "$rss_file"; "$@" >/dev/null 2>&1 || true   # no GNU time: no memory figure
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(( $(tail -n 1 "$rss_file") / 1024 ))"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

baseline=${BASELINE:-}
peers=${PEERS:-all}

# case label, then (tool, command) pairs; the first tool is truststore, the ratios are to it.
run_case() {
  local label=$1; shift
  local -a tools=() cmds=()
  while [ $# -gt 0 ]; do
    if [ "$1" = truststore ] || [ "$peers" != none ]; then tools+=("$1"); cmds+=("$2"); fi
    if [ "$1" = truststore ] && [ -n "$baseline" ]; then
      tools+=(baseline); cmds+=("${2/#$ts /$baseline }")
    fi
    shift 2
  done
  local -A times=() mems=()
  for ((r = 0; r < runs; r++)); do
    for i in "${!tools[@]}"; do
      read -r ms mb < <(measure bash -c "${cmds[$i]}")
      times[$i]+="$ms "$'\n'
      mems[$i]=$(( ${mems[$i]:-0} > mb ? ${mems[$i]:-0} : mb ))
    done
  done
  local base
  base=$(printf '%s' "${times[0]}" | median)
  for i in "${!tools[@]}"; do
    local m
    m=$(printf '%s' "${times[$i]}" | median)
    local ratio=""
    [ "$i" -gt 0 ] && ratio=$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
    printf '%-42s %-11s %9s ms %6s MB  %s\n' "$label" "${tools[$i]}" "$m" "${mems[$i]}" "$ratio"
  done
}

echo "machine: $(nproc) cores, $(uname -sm); openssl $(openssl version | cut -d' ' -f2); cryptography $(python3 -c 'import cryptography; print(cryptography.__version__)')"
printf '%-42s %-11s %12s %9s  %s\n' case tool median peak "peer/truststore"
for n in 150 10000; do
  run_case "lint bundle of $n" \
    truststore "$ts lint --at $at -q $corpus/cas-$n.pem" \
    openssl "openssl verify -attime $at_epoch -CAfile $corpus/cas-$n.pem $corpus/cas-$n/*.pem" \
    pyca "python3 scripts/peers/pyca_lint.py $corpus/cas-$n.pem"
done
run_case "lint bundle of 100000" \
  truststore "$ts lint --at $at -q $corpus/cas-100000.pem" \
  "openssl-parse" "openssl storeutl -certs -noout $corpus/cas-100000.pem" \
  pyca "python3 scripts/peers/pyca_lint.py $corpus/cas-100000.pem"
for n in 150 10000; do
  run_case "verify 10000 clients, bundle of $n" \
    truststore "$ts verify --at $at -q -t $corpus/cas-$n.pem --clients-from $corpus/clients-$n.txt" \
    openssl "xargs -a $corpus/clients-$n.txt openssl verify -attime $at_epoch -CAfile $corpus/cas-$n.pem" \
    pyca "python3 scripts/peers/pyca_verify.py $corpus/cas-$n.pem $corpus/clients-$n.txt"
done
head -n 1 "$corpus/clients-10000.txt" > "$corpus/one-client.txt"
run_case "verify 1 client, bundle of 10000" \
  truststore "$ts verify --at $at -q -t $corpus/cas-10000.pem --clients-from $corpus/one-client.txt" \
  openssl "openssl verify -attime $at_epoch -CAfile $corpus/cas-10000.pem $(head -n 1 "$corpus/clients-10000.txt")" \
  pyca "python3 scripts/peers/pyca_verify.py $corpus/cas-10000.pem $corpus/one-client.txt"
