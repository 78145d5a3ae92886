//! Property tests of the PEM splitter: however a bundle is wrapped, line-ended and padded with
//! stray text and comments, the blocks come back with their bytes and their BEGIN lines.

use base64ct::{Base64, Encoding};
use proptest::prelude::*;
use truststore::bundle::{split, Item};
use truststore::source::Source;

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
        let source = Source::new("prop", text.into_bytes());
        let items = split(&source);
        let found: Vec<(usize, Vec<u8>)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Block(b) => Some((b.line, b.decode(&source).expect("valid base64"))),
                _ => None,
            })
            .collect();
        prop_assert_eq!(found, blocks);
        let stray_lines: Vec<usize> = items
            .iter()
            .filter_map(|i| match i {
                Item::StrayText { line } => Some(*line),
                _ => None,
            })
            .collect();
        prop_assert_eq!(stray_lines, strays);
        let broken = items.iter().any(|i| matches!(i, Item::Unterminated { .. } | Item::Flattened { .. }));
        prop_assert!(!broken, "no block is reported broken");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        truststore::fuzzing::pem_split(&bytes);
        truststore::fuzzing::lint_bundle(&bytes);
    }
}
