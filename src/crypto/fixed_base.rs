//! ECDSA verification for a key that checks many signatures: a CA with many children, or a
//! hostile bundle of thousands of certificates signed by one key.
//!
//! Verifying computes `u1·G + u2·Q`. The `ecdsa` crate does it with one shared chain of about 256
//! point doublings per signature. Here both points have a table of multiples built once (the
//! generator's per curve, `Q`'s per key), laid out like the generator table of `primeorder`: one
//! lookup table of 1..8 multiples for each byte of the scalar. A multiplication is then about 65
//! point additions and 4 doublings. Building `Q`'s table costs about as much as two signature
//! checks, so only keys that check many signatures get one (see `signature::EcdsaKey`).
//!
//! Variable time is fine here: keys, signatures and messages are all public.

use ecdsa::elliptic_curve::ops::{Invert, Reduce};
use ecdsa::elliptic_curve::point::AffineCoordinates;
use ecdsa::elliptic_curve::{FieldBytes, FieldBytesSize};
use ecdsa::EcdsaCurve;
use primeorder::elliptic_curve::array::typenum::Unsigned;
use primeorder::elliptic_curve::group::Group;
use primeorder::{LookupTable, PrimeCurveParams, ProjectivePoint, Radix16Decomposition};
use primeorder::{Radix16Digits, Scalar};

/// The curves verified this way: P-256, P-384 and P-521.
pub(crate) trait TableCurve: PrimeCurveParams + EcdsaCurve {}

impl<C: PrimeCurveParams + EcdsaCurve> TableCurve for C {}

/// Multiples of one point: table `i` holds `1..=8` times `256^i` times the point.
pub(crate) struct FixedBase<C: TableCurve> {
    tables: Vec<LookupTable<ProjectivePoint<C>>>,
}

impl<C: TableCurve> FixedBase<C> {
    pub(crate) fn new(point: ProjectivePoint<C>) -> Self {
        let mut base = point;
        let tables = (0..=FieldBytesSize::<C>::USIZE)
            .map(|_| {
                let table = LookupTable::new(base);
                for _ in 0..8 {
                    base = base.double();
                }
                table
            })
            .collect();
        FixedBase { tables }
    }

    /// `k` times the point. `k` in signed radix-16 digits `d_j` (`|d_j| <= 8`) is
    /// `sum d_j 16^j`: the even digits `d_2i` come straight from table `i`, the odd ones
    /// `d_2i+1` from table `i` too, their sum then multiplied by 16.
    pub(crate) fn mul_vartime(&self, k: &Scalar<C>) -> ProjectivePoint<C> {
        let digits = Radix16Decomposition::<Radix16Digits<C>>::new(k);
        let top = FieldBytesSize::<C>::USIZE;
        let mut even = ProjectivePoint::<C>::IDENTITY;
        let mut odd = ProjectivePoint::<C>::IDENTITY;
        for (i, table) in self.tables.iter().enumerate() {
            even += table.select_vartime(digits[2 * i]);
            if i < top {
                odd += table.select_vartime(digits[2 * i + 1]);
            }
        }
        for _ in 0..4 {
            odd = odd.double();
        }
        even + odd
    }
}

/// ECDSA verification (SEC 1 section 4.1.4) of a prehashed message, with tables for the
/// generator and the key.
pub(crate) fn verify_prehash<C: TableCurve>(
    generator: &FixedBase<C>,
    key: &FixedBase<C>,
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
    let point = generator.mul_vartime(&u1) + key.mul_vartime(&u2);
    if bool::from(point.is_identity()) {
        return false;
    }
    *r == <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&point.to_affine().x())
}

/// The digest as a scalar: its leftmost bytes as long as the order (P-256 and P-384 orders are
/// whole bytes), or left-padded with zeros, reduced modulo the order.
fn digest_scalar<C: TableCurve>(prehash: &[u8]) -> Scalar<C>
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
    //! The table verifier must agree with the `ecdsa` crate's on every input: valid signatures,
    //! signatures of other messages, altered scalars, and every digest length we meet.
    use super::*;
    use ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
    use sha2::{Digest, Sha256};

    fn agree<C: TableCurve>(signing: &ecdsa::SigningKey<C>)
    where
        Scalar<C>: Reduce<FieldBytes<C>>,
        ecdsa::SigningKey<C>: PrehashSigner<ecdsa::Signature<C>>,
    {
        let verifying = signing.verifying_key();
        let generator = FixedBase::<C>::new(ProjectivePoint::<C>::GENERATOR);
        let table = FixedBase::<C>::new((*verifying.as_affine()).into());
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
                assert_eq!(
                    verify_prehash(&generator, &table, message, sig),
                    expected,
                    "case {i}, digest length {len}"
                );
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
    fn table_verification_agrees_with_the_ecdsa_crate_on_p256() {
        let seed = Sha256::digest(b"p256 table test");
        agree(&p256::ecdsa::SigningKey::from_slice(&seed).unwrap());
    }

    #[test]
    fn table_verification_agrees_with_the_ecdsa_crate_on_p384() {
        let seed: Vec<u8> = Sha256::digest(b"p384 table test").repeat(2)[..48].to_vec();
        agree(&p384::ecdsa::SigningKey::from_slice(&seed).unwrap());
    }

    #[test]
    fn table_verification_agrees_with_the_ecdsa_crate_on_p521() {
        // A 521-bit scalar: the top byte of 66 keeps its single bit.
        let mut seed: Vec<u8> = Sha256::digest(b"p521 table test").repeat(3)[..66].to_vec();
        seed[0] = 1;
        agree(&p521::ecdsa::SigningKey::from_slice(&seed).unwrap());
    }
}
