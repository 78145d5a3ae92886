//! The cost of one authorizer decision against a loaded 1,000-CA truststore (API Gateway's
//! maximum): warm (the container's truststore reused) and cold (load the bundle, then decide).
//! Prints figures; scripts/bench-authorizer.sh runs it beside the Python peers.
//! Usage: cargo bench --bench authorizer -- CORPUS_DIR   (scripts/gen-corpus.py makes it)

#![allow(clippy::print_stdout, clippy::print_stderr)]

use serde_json::json;
use std::time::{Duration, Instant, SystemTime};
use truststore::{authorize, IssuerId, Pins, Profile, RevocationSet, Truststore};

fn main() {
    let corpus = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "target/bench-corpus".to_string());
    let Ok(bundle) = std::fs::read(format!("{corpus}/cas-1000.pem")) else {
        eprintln!("no {corpus}/cas-1000.pem: run scripts/gen-corpus.py {corpus} first");
        return;
    };
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_272_000);
    let profile = Profile::named("apigw").unwrap();
    let clients: Vec<String> = (0..1000)
        .map(|i| std::fs::read_to_string(format!("{corpus}/clients-1000/{i:06}.pem")).unwrap())
        .collect();
    let events: Vec<serde_json::Value> = clients
        .iter()
        .map(|pem| json!({"type": "REQUEST", "methodArn": "arn:aws:execute-api:us-east-1:1:a/s/GET/", "requestContext": {"identity": {"clientCert": {"clientCertPem": pem}}}}))
        .collect();
    // 1,000 revoked serials, none of them the clients': every decision looks them up.
    let revoked: Vec<String> = (0..1000)
        .map(|i| format!("{:x}", 0x7f00_0000_u64 + i))
        .collect();
    let load = || {
        let ts = Truststore::from_pem(&bundle).unwrap();
        let mut revs = RevocationSet::new();
        revs.add_serials(IssuerId::name("CN=Nobody,O=bench").unwrap(), &revoked)
            .unwrap();
        (ts, revs)
    };
    let pins = Pins::default();

    // Cold: a new container's first request (the bundle parsed, every issuer link first met).
    let mut cold = Vec::new();
    for event in events.iter().take(20) {
        let start = Instant::now();
        let (ts, revs) = load();
        let d = authorize(event, &ts, profile, Some(&revs), &pins, at);
        cold.push(start.elapsed());
        assert!(d.allowed, "{:?}", d.reason);
    }
    // Warm: one container. The first half of the clients meets every CA (clients cycle over
    // the trees); the second half are then new clients of a warm store, and a second round
    // over all of them is clients seen before.
    let (ts, revs) = load();
    let (first, second) = events.split_at(events.len() / 2);
    for event in first {
        assert!(authorize(event, &ts, profile, Some(&revs), &pins, at).allowed);
    }
    let start = Instant::now();
    for event in second {
        assert!(authorize(event, &ts, profile, Some(&revs), &pins, at).allowed);
    }
    let new_client = start.elapsed() / second.len() as u32;
    let start = Instant::now();
    let rounds = 3;
    for _ in 0..rounds {
        for event in &events {
            std::hint::black_box(authorize(event, &ts, profile, Some(&revs), &pins, at));
        }
    }
    let warm = start.elapsed() / (rounds * events.len() as u32);
    cold.sort();
    println!(
        "truststore warm, new client {:>9.1} us",
        new_client.as_secs_f64() * 1e6
    );
    println!(
        "truststore warm, seen       {:>9.1} us",
        warm.as_secs_f64() * 1e6
    );
    println!(
        "truststore cold load+decide {:>9.2} ms",
        cold[cold.len() / 2].as_secs_f64() * 1e3
    );
}
