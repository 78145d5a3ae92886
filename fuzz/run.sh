#!/usr/bin/env bash
# Runs every fuzz target in turn. Usage: fuzz/run.sh [RUNS] [SECONDS]
#   RUNS     executions per target (default 10000000)
#   SECONDS  time cap per target (default 3600)
#   TARGETS  environment variable: the targets to run (default: all twelve)
#   SANITIZER environment variable: address (default) or none. The crate forbids unsafe code,
#            and libFuzzer catches panics either way; without ASan, runs are 3-5 times faster.
#   MAX_LEN  environment variable: the largest input in bytes (default 16384); 4096 (two or
#            three certificates) is several times faster per run.
#   MERGE    environment variable: 1 merges the inputs that reached new code (edges, not hit
#            counts) into the committed corpus fuzz/corpus/<target>, keeping it minimised.
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is stable, so
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass the sanitizer flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-10000000}
seconds=${2:-3600}
export RUSTC_BOOTSTRAP=1
for target in ${TARGETS:-pem_split cert_facts lint_bundle verify_client crl_parse authorizer_event signature_differential probe_answer pki_files certificate_file config_file access_log}; do
  echo "== $target: up to $runs runs or $seconds s"
  # A scratch copy of the corpus receives new inputs; the committed corpus stays minimised.
  work=$(mktemp -d)
  cp -r "corpus/$target/." "$work/"
  cargo fuzz run -O -s "${SANITIZER:-address}" "$target" "$work" -- -runs="$runs" -max_total_time="$seconds" \
    -max_len="${MAX_LEN:-16384}" -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|.*(panicked|crash|deadly signal).*)' || true
  if [ "${MERGE:-0}" = 1 ]; then
    # The binary just fuzzed, not `cargo fuzz run`: that would rebuild from a tree that may
    # have changed meanwhile (and lose the merge if it no longer builds).
    "target/$(rustc -vV | sed -n 's/^host: //p')/release/$target" "corpus/$target" "$work" \
      -merge=1 -use_counters=0 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' || true
  fi
  rm -rf "$work"
  if compgen -G "artifacts/$target/*" > /dev/null; then
    echo "!! $target left artifacts:"; ls "artifacts/$target"; exit 1
  fi
done
