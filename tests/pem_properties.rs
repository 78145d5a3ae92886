//! Property tests of the PEM splitter: however a bundle is wrapped, line-ended and padded with
//! stray text and comments, the blocks come back with their bytes and their BEGIN lines, and
//! every line of any input is in exactly one part (the split is lossless).

use base64ct::{Base64, Encoding};
use proptest::prelude::*;
use truststore::{split_pem, PemPart, PemPartKind};

#[derive(Debug, Clone)]
enum Piece {
    Block { der: Vec<u8>, width: usize },
    Stray(Vec<String>),
    Comment(String),
    Blank,
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => (proptest::collection::vec(any::<u8>(), 1..300), 1usize..100)
            .prop_map(|(der, width)| Piece::Block { der, width }),
        1 => proptest::collection::vec("[A-Za-z0-9][A-Za-z0-9 .:=,]{0,40}", 1..4).prop_map(Piece::Stray),
        1 => "#[ -~]{0,40}".prop_map(Piece::Comment),
        1 => Just(Piece::Blank),
    ]
}

/// What the splitter must find: (BEGIN line, DER) of each block, and each stray run's first line.
type Expected = (Vec<(usize, Vec<u8>)>, Vec<usize>);

/// The text, and what the splitter must find in it.
fn assemble(pieces: &[Piece], crlf: bool, bom: bool) -> (String, Expected) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = String::from(if bom { "\u{feff}" } else { "" });
    let mut line = 1;
    let mut blocks = Vec::new();
    let mut strays = Vec::new();
    let mut in_stray = false;
    let push = |text: &mut String, l: &str, line: &mut usize| {
        text.push_str(l);
        text.push_str(eol);
        *line += 1;
    };
    for p in pieces {
        match p {
            Piece::Block { der, width } => {
                in_stray = false;
                blocks.push((line, der.clone()));
                push(&mut text, "-----BEGIN CERTIFICATE-----", &mut line);
                let b64 = Base64::encode_string(der);
                for chunk in b64.as_bytes().chunks(*width) {
                    push(&mut text, std::str::from_utf8(chunk).unwrap(), &mut line);
                }
                push(&mut text, "-----END CERTIFICATE-----", &mut line);
            }
            Piece::Stray(lines) => {
                if !in_stray {
                    strays.push(line);
                }
                in_stray = true;
                for l in lines {
                    push(&mut text, l, &mut line);
                }
            }
            Piece::Comment(c) => {
                in_stray = false;
                push(&mut text, c, &mut line);
            }
            Piece::Blank => {
                in_stray = false;
                push(&mut text, "", &mut line);
            }
        }
    }
    (text, (blocks, strays))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn blocks_come_back_with_their_bytes_and_lines(
        pieces in proptest::collection::vec(piece(), 0..12),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        drop_last_newline in any::<bool>(),
    ) {
        let (mut text, (blocks, strays)) = assemble(&pieces, crlf, bom);
        if drop_last_newline {
            let trimmed = text.trim_end_matches(['\r', '\n']).len();
            text.truncate(trimmed);
        }
        let bytes = text.into_bytes();
        let parts = split_pem(&bytes);
        let found: Vec<(usize, Vec<u8>)> = parts
            .iter()
            .filter(|p| matches!(p.kind, PemPartKind::Block { .. }))
            .map(|p| (p.first_line, block_der(&bytes, p)))
            .collect();
        prop_assert_eq!(found, blocks);
        let stray_lines: Vec<usize> = parts
            .iter()
            .filter(|p| p.kind == PemPartKind::StrayText)
            .map(|p| p.first_line)
            .collect();
        prop_assert_eq!(stray_lines, strays);
        let broken = parts.iter().any(|p| matches!(p.kind, PemPartKind::Unterminated { .. } | PemPartKind::Flattened { .. }));
        prop_assert!(!broken, "no block is reported broken");
        assert_lossless(&bytes, &parts);
    }

    #[test]
    fn every_line_of_any_input_is_in_exactly_one_part(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        assert_lossless(&bytes, &split_pem(&bytes));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = split_pem(&bytes);
        if let Ok(ts) = truststore::Truststore::from_pem(&bytes) {
            let at = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_780_272_000);
            let _ = ts.lint(at, truststore::Profile::default_profile());
        }
    }
}

/// The DER of a block part: the base64 of the lines between its BEGIN and END lines.
fn block_der(bytes: &[u8], part: &PemPart) -> Vec<u8> {
    let text = std::str::from_utf8(&bytes[part.bytes.clone()]).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.contains("-----"))
        .map(str::trim)
        .collect();
    Base64::decode_vec(&body).expect("valid base64")
}

/// The parts tile the input: contiguous byte ranges from 0 to the end, and line numbers that
/// run 1, 2, ... with no gap and no overlap.
fn assert_lossless(bytes: &[u8], parts: &[PemPart]) {
    let mut next_byte = 0;
    let mut next_line = 1;
    for part in parts {
        assert_eq!(
            part.bytes.start, next_byte,
            "{part:?} starts where the last ended"
        );
        assert_eq!(part.first_line, next_line, "{part:?} follows the last line");
        assert!(part.last_line >= part.first_line);
        let newlines = bytes[part.bytes.clone()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let lines = part.last_line - part.first_line + 1;
        assert!(
            newlines == lines || (newlines + 1 == lines && part.bytes.end == bytes.len()),
            "{part:?} holds {newlines} line ends for {lines} lines"
        );
        next_byte = part.bytes.end;
        next_line = part.last_line + 1;
    }
    assert_eq!(next_byte, bytes.len(), "the parts cover the whole input");
}
