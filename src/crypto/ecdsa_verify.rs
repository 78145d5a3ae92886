//! ECDSA verification (SEC 1 section 4.1.4) on P-256, P-384 and P-521, in variable time, on the
//! Jacobian formulas of [`super::ec_point`].
//!
//! Verifying computes `u1·G + u2·Q` and compares its x-coordinate with `r`. Two ways, by how
//! often the key `Q` is used:
//! - a key's first checks: one chain of doublings with both scalars in width-w NAF, `G` from a
//!   table of 32 odd multiples made once per process, `Q` from a table of 8 made once per key
//!   (about the cost of eight additions);
//! - a key that has checked many signatures (a CA with many children, a hostile bundle of
//!   thousands of certificates signed by one key) gets a comb table, `1..=32` times
//!   `2^(12i)·Q` for every other 6-bit digit `i` of the scalar, and so does `G`: a check is
//!   then one addition per non-zero digit of each scalar (about 43 on P-256, 64 on P-384) and
//!   6 doublings. The comb costs about four checks to build, so only such keys get one, and
//!   `G`'s is made only when the first of them does. (Bytes as digits, the first try, were
//!   about 20% slower on the 10,000 P-384 checks of `scripts/gen-p384-hostile.py`.)
//!
//! Why by hand, and why variable time is safe: see `ec_point`. Keys, signatures and messages
//! are all public here; NEVER use this with a secret scalar.
//!
//! Checked against the `ecdsa` crate by the unit tests below and the `signature_differential`
//! fuzz target.

use super::ec_point::{to_affine_all, Affine, Jacobian};
use ecdsa::elliptic_curve::ops::{Invert, Reduce};
use ecdsa::elliptic_curve::point::AffineCoordinates;
use ecdsa::elliptic_curve::{FieldBytes, FieldBytesSize};
use ecdsa::EcdsaCurve;
use primeorder::elliptic_curve::array::typenum::Unsigned;
use primeorder::elliptic_curve::ff::PrimeField;
use primeorder::{PrimeCurveParams, Scalar};
use std::sync::LazyLock;

/// Width of the NAF of `u1` (the generator's table holds `2^(w-2)` = 32 points).
const GENERATOR_WINDOW: u32 = 7;
/// Width of the NAF of `u2` (a key's table holds 8 points).
pub(crate) const KEY_WINDOW: u32 = 5;

/// The curves verified here, each with its generator's tables (made on first use).
pub(crate) trait VerifyCurve: PrimeCurveParams + EcdsaCurve {
    fn generator_multiples() -> Option<&'static OddMultiples<Self>>;
    fn generator_comb() -> Option<&'static Comb<Self>>;
}

macro_rules! generator_tables {
    ($curve:ty) => {
        impl VerifyCurve for $curve {
            fn generator_multiples() -> Option<&'static OddMultiples<Self>> {
                static TABLE: LazyLock<Option<OddMultiples<$curve>>> =
                    LazyLock::new(|| OddMultiples::new(Affine::generator(), GENERATOR_WINDOW));
                TABLE.as_ref()
            }
            fn generator_comb() -> Option<&'static Comb<Self>> {
                static TABLE: LazyLock<Option<Comb<$curve>>> =
                    LazyLock::new(|| Comb::new(Affine::generator()));
                TABLE.as_ref()
            }
        }
    };
}

generator_tables!(p256::NistP256);
generator_tables!(p384::NistP384);
generator_tables!(p521::NistP521);

/// The affine point of an `ecdsa` verifying key.
pub(crate) fn key_point<C: VerifyCurve>(key: &ecdsa::VerifyingKey<C>) -> Option<Affine<C>> {
    let point = key.as_affine();
    Affine::from_coordinates(point.x(), point.y())
}

/// `P, 3P, 5P, ...`: the odd multiples a width-w NAF digit selects.
pub(crate) struct OddMultiples<C: PrimeCurveParams> {
    points: Vec<Affine<C>>,
}

impl<C: PrimeCurveParams> OddMultiples<C> {
    /// The table, or `None` if a multiple is the point at infinity (never, for a point of
    /// these prime-order curves: `k·P` is not the identity for `0 < k < n`).
    pub(crate) fn new(p: Affine<C>, window: u32) -> Option<Self> {
        let count = 1usize << (window - 2);
        let twice = Jacobian::from(p).double();
        let mut multiples = Vec::with_capacity(count);
        let mut next = Jacobian::from(p);
        for _ in 0..count {
            multiples.push(next);
            next = next.add(&twice);
        }
        let points = to_affine_all(&multiples)?;
        Some(OddMultiples { points })
    }

    /// `d·P` for an odd digit `d` with `|d| < 2·len`.
    fn get(&self, digit: i8) -> Option<Affine<C>> {
        let index = usize::from(digit.unsigned_abs() / 2);
        let point = *self.points.get(index)?;
        Some(if digit < 0 { point.neg() } else { point })
    }
}

/// Bits per signed digit of the comb: a row holds `1..=2^(w-1)` times its base.
const COMB_WINDOW: u32 = 6;
/// The multiples in a row.
const COMB_ROW: usize = 1 << (COMB_WINDOW - 1);

/// The number of signed `COMB_WINDOW`-bit digits of a scalar of curve `C` (one more for the
/// carry of the top digit).
fn comb_digits<C: PrimeCurveParams>() -> usize {
    (FieldBytesSize::<C>::USIZE * 8).div_ceil(COMB_WINDOW as usize) + 1
}

/// A comb table: row `i` holds `1..=2^(w-1)` times `2^(2wi)·P`, so that the even digits `d_2i`
/// of a scalar come from row `i` straight and the odd ones `d_2i+1` from row `i` too, their sum
/// then multiplied by `2^w`.
pub(crate) struct Comb<C: PrimeCurveParams> {
    rows: Vec<Vec<Affine<C>>>,
}

impl<C: PrimeCurveParams> Comb<C> {
    /// The table, or `None` if a multiple is the point at infinity (never, as above).
    pub(crate) fn new(p: Affine<C>) -> Option<Self> {
        let rows = comb_digits::<C>().div_ceil(2);
        let mut points = Vec::with_capacity(rows * COMB_ROW);
        let mut base = Jacobian::from(p);
        for _ in 0..rows {
            let mut row: Vec<Jacobian<C>> = Vec::with_capacity(COMB_ROW);
            row.push(base);
            for k in 2..=COMB_ROW {
                // Even multiples by doubling (cheaper), odd ones by adding the base.
                let next = if k % 2 == 0 {
                    row.get(k / 2 - 1).map(Jacobian::double)
                } else {
                    row.last().map(|previous| previous.add(&base))
                };
                row.extend(next);
            }
            // The next base: 2^(2w) times this one, from its 2^(w-1)-th multiple.
            let top = row.last().copied().unwrap_or(base);
            base = (0..=COMB_WINDOW).fold(top, |acc, _| acc.double());
            points.extend(row);
        }
        let affine = to_affine_all(&points)?;
        let rows = affine.chunks_exact(COMB_ROW).map(<[_]>::to_vec).collect();
        Some(Comb { rows })
    }

    fn get(&self, row: usize, digit: i8) -> Option<Affine<C>> {
        let index = usize::from(digit.unsigned_abs()).checked_sub(1)?;
        let point = *self.rows.get(row)?.get(index)?;
        Some(if digit < 0 { point.neg() } else { point })
    }
}

/// The tables a key verifies with.
pub(crate) enum KeyTables<'a, C: PrimeCurveParams> {
    Multiples(&'a OddMultiples<C>),
    Comb(&'a Comb<C>),
}

/// Whether `signature` is a valid ECDSA signature of `prehash` by the key of `tables`.
pub(crate) fn verify_prehash<C: VerifyCurve>(
    tables: KeyTables<'_, C>,
    prehash: &[u8],
    signature: &ecdsa::Signature<C>,
) -> bool
where
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    // r and s are non-zero scalars below n: `ecdsa::Signature` guarantees it.
    let (r, s) = signature.split_scalars();
    let z = digest_scalar::<C>(prehash);
    let s_inv = *s.invert_vartime();
    let u1 = z * s_inv;
    let u2 = *r * s_inv;
    let point = match tables {
        KeyTables::Multiples(key) => {
            C::generator_multiples().and_then(|g| double_and_add(g, &u1, key, &u2))
        }
        KeyTables::Comb(key) => C::generator_comb().and_then(|g| comb_sum(g, &u1, key, &u2)),
    };
    point.is_some_and(|point| point.x_matches(&r.to_repr()))
}

/// `a·A + b·B` with one chain of doublings, both scalars in NAF.
fn double_and_add<C: PrimeCurveParams>(
    a_table: &OddMultiples<C>,
    a: &Scalar<C>,
    b_table: &OddMultiples<C>,
    b: &Scalar<C>,
) -> Option<Jacobian<C>> {
    let a_digits = naf(&a.to_repr(), GENERATOR_WINDOW);
    let b_digits = naf(&b.to_repr(), KEY_WINDOW);
    let mut sum = Jacobian::<C>::infinity();
    for i in (0..a_digits.len().max(b_digits.len())).rev() {
        sum = sum.double();
        for (digits, table) in [(&a_digits, a_table), (&b_digits, b_table)] {
            match digits.get(i) {
                Some(&d) if d != 0 => sum = sum.add_affine(&table.get(d)?),
                _ => {}
            }
        }
    }
    Some(sum)
}

/// `a·A + b·B` from comb tables: in signed digits `d_j` (`|d_j| <= 2^(w-1)`) a scalar is
/// `sum d_j 2^(wj)`; the odd digits first, their sum multiplied by `2^w`, then the even ones.
fn comb_sum<C: PrimeCurveParams>(
    a_table: &Comb<C>,
    a: &Scalar<C>,
    b_table: &Comb<C>,
    b: &Scalar<C>,
) -> Option<Jacobian<C>> {
    let count = comb_digits::<C>();
    let a_digits = signed_digits(&a.to_repr(), COMB_WINDOW, count);
    let b_digits = signed_digits(&b.to_repr(), COMB_WINDOW, count);
    let mut sum = Jacobian::<C>::infinity();
    for parity in [1, 0] {
        if parity == 0 {
            sum = (0..COMB_WINDOW).fold(sum, |acc, _| acc.double());
        }
        for j in (parity..count).step_by(2) {
            for (digits, table) in [(&a_digits, a_table), (&b_digits, b_table)] {
                match digits.get(j) {
                    Some(&d) if d != 0 => sum = sum.add_affine(&table.get(j / 2, d)?),
                    _ => {}
                }
            }
        }
    }
    Some(sum)
}

/// A big-endian integer in `count` signed digits of `window` bits, least significant first:
/// `d_j` in `-2^(w-1)..=2^(w-1)`, the integer being `sum d_j 2^(wj)`.
fn signed_digits(big_endian: &[u8], window: u32, count: usize) -> Vec<i8> {
    let bit = |i: usize| -> u32 {
        let byte = big_endian.len().checked_sub(1 + i / 8);
        byte.and_then(|b| big_endian.get(b))
            .map_or(0, |&b| u32::from(b >> (i % 8) & 1))
    };
    let full = 1i32 << window;
    let mut carry = 0i32;
    (0..count)
        .map(|j| {
            let start = j * window as usize;
            let value =
                (0..window as usize).fold(0i32, |acc, k| acc | (bit(start + k) as i32) << k);
            let mut digit = value + carry;
            carry = 0;
            if digit > full / 2 {
                digit -= full;
                carry = 1;
            }
            digit as i8
        })
        .collect()
}

/// The width-w non-adjacent form of a big-endian integer, least significant digit first: odd
/// digits below `2^(w-1)` in absolute value, each followed by at least `w-1` zeros.
fn naf(big_endian: &[u8], window: u32) -> Vec<i8> {
    // Little-endian 64-bit limbs, one spare for the carry a negative digit can cause.
    let mut limbs: Vec<u64> = big_endian
        .rchunks(8)
        .map(|chunk| chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        .collect();
    limbs.push(0);
    let width = 1i64 << window;
    let mut digits = Vec::with_capacity(limbs.len() * 64);
    while limbs.iter().any(|&l| l != 0) {
        let low = limbs.first().copied().unwrap_or(0);
        let mut digit = 0i64;
        if low & 1 == 1 {
            digit = (low & (width as u64 - 1)) as i64;
            if digit >= width / 2 {
                digit -= width;
            }
            if digit > 0 {
                subtract_small(&mut limbs, digit.unsigned_abs());
            } else {
                add_small(&mut limbs, digit.unsigned_abs());
            }
        }
        digits.push(digit as i8);
        shift_right_one(&mut limbs);
    }
    digits
}

fn subtract_small(limbs: &mut [u64], value: u64) {
    let mut borrow = value;
    for limb in limbs {
        let (result, under) = limb.overflowing_sub(borrow);
        *limb = result;
        borrow = u64::from(under);
        if borrow == 0 {
            break;
        }
    }
}

fn add_small(limbs: &mut [u64], value: u64) {
    let mut carry = value;
    for limb in limbs {
        let (result, over) = limb.overflowing_add(carry);
        *limb = result;
        carry = u64::from(over);
        if carry == 0 {
            break;
        }
    }
}

fn shift_right_one(limbs: &mut [u64]) {
    let mut carry = 0;
    for limb in limbs.iter_mut().rev() {
        let next = *limb & 1;
        *limb = (*limb >> 1) | (carry << 63);
        carry = next;
    }
}

/// The digest as a scalar: its leftmost bytes as long as the order (the P-256 and P-384 orders
/// are whole bytes; SHA-512 is shorter than P-521's), or left-padded with zeros, reduced modulo
/// the order.
fn digest_scalar<C: PrimeCurveParams>(prehash: &[u8]) -> Scalar<C>
where
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    let mut bytes = FieldBytes::<C>::default();
    let taken = prehash.get(..bytes.len()).unwrap_or(prehash);
    let padding = bytes.len() - taken.len();
    if let Some(tail) = bytes.get_mut(padding..) {
        tail.copy_from_slice(taken);
    }
    <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&bytes)
}

#[cfg(test)]
mod tests {
    //! Both ways must agree with the `ecdsa` crate on every input: valid signatures, signatures
    //! of other messages, altered and swapped scalars, and every digest length we meet.
    use super::*;
    use ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
    use sha2::{Digest, Sha256};

    #[test]
    fn signed_digits_rebuild_the_integer() {
        for value in [1u64, 31, 32, 33, 63, 0x8000_0000_0000_0001, u64::MAX] {
            for window in [4, 5, 6] {
                let digits = signed_digits(&value.to_be_bytes(), window, 64 / window as usize + 2);
                let rebuilt = digits
                    .iter()
                    .rev()
                    .fold(0i128, |acc, &d| (acc << window) + i128::from(d));
                assert_eq!(rebuilt, i128::from(value), "{value} width {window}");
                assert!(digits
                    .iter()
                    .all(|&d| i32::from(d).abs() <= 1 << (window - 1)));
            }
        }
    }

    #[test]
    fn naf_digits_rebuild_the_integer() {
        for value in [1u64, 2, 7, 15, 16, 31, 255, 0x8000_0000_0000_0001, u64::MAX] {
            for window in [2, 4, 5, 7] {
                let digits = naf(&value.to_be_bytes(), window);
                let rebuilt = digits
                    .iter()
                    .rev()
                    .fold(0i128, |acc, &d| acc * 2 + i128::from(d));
                assert_eq!(rebuilt, i128::from(value), "{value} width {window}");
                assert!(digits
                    .iter()
                    .all(|&d| d == 0 || (d % 2 != 0 && i64::from(d).abs() < 1 << (window - 1))));
            }
        }
    }

    fn agree<C: VerifyCurve>(signing: &ecdsa::SigningKey<C>)
    where
        Scalar<C>: Reduce<FieldBytes<C>>,
        ecdsa::SigningKey<C>: PrehashSigner<ecdsa::Signature<C>>,
    {
        let verifying = signing.verifying_key();
        let q = key_point(verifying).unwrap();
        let multiples = OddMultiples::new(q, KEY_WINDOW).unwrap();
        let comb = Comb::new(q).unwrap();
        let (mut accepted, mut rejected) = (0, 0);
        for i in 0u32..40 {
            let seed = Sha256::digest(i.to_be_bytes());
            // Digest lengths of SHA-1, SHA-256, SHA-384 and SHA-512.
            let len = [20, 32, 48, 64][i as usize % 4];
            let prehash: Vec<u8> = seed.iter().cycle().take(len).copied().collect();
            let signature: ecdsa::Signature<C> = signing.sign_prehash(&prehash).unwrap();
            let (r, s) = signature.split_scalars();
            let other_message: Vec<u8> = prehash.iter().map(|b| b ^ 1).collect();
            let altered =
                ecdsa::Signature::<C>::from_scalars(*r, *s + <Scalar<C> as primeorder::Field>::ONE)
                    .unwrap();
            let swapped = ecdsa::Signature::<C>::from_scalars(*s, *r).unwrap();
            for (message, sig) in [
                (&prehash, &signature),
                (&other_message, &signature),
                (&prehash, &altered),
                (&prehash, &swapped),
            ] {
                let expected = verifying.verify_prehash(message, sig).is_ok();
                let by_multiples = verify_prehash(KeyTables::Multiples(&multiples), message, sig);
                let by_comb = verify_prehash(KeyTables::Comb(&comb), message, sig);
                assert_eq!(
                    by_multiples, expected,
                    "odd multiples, case {i}, digest {len}"
                );
                assert_eq!(by_comb, expected, "comb, case {i}, digest {len}");
                if expected {
                    accepted += 1;
                } else {
                    rejected += 1;
                }
            }
        }
        assert_eq!((accepted, rejected), (40, 120));
    }

    #[test]
    fn verification_agrees_with_the_ecdsa_crate_on_p256() {
        let seed = Sha256::digest(b"p256 table test");
        agree(&p256::ecdsa::SigningKey::from_slice(&seed).unwrap());
    }

    #[test]
    fn verification_agrees_with_the_ecdsa_crate_on_p384() {
        let seed: Vec<u8> = Sha256::digest(b"p384 table test").repeat(2)[..48].to_vec();
        agree(&p384::ecdsa::SigningKey::from_slice(&seed).unwrap());
    }

    #[test]
    fn verification_agrees_with_the_ecdsa_crate_on_p521() {
        // A 521-bit scalar: the top byte of 66 keeps its single bit.
        let mut seed: Vec<u8> = Sha256::digest(b"p521 table test").repeat(3)[..66].to_vec();
        seed[0] = 1;
        agree(&p521::ecdsa::SigningKey::from_slice(&seed).unwrap());
    }
}
