//! Point arithmetic for ECDSA verification on P-256, P-384 and P-521, in Jacobian coordinates
//! and in variable time.
//!
//! Why by hand: `primeorder` uses complete projective formulas (12 multiplications an addition,
//! 8 a doubling, whatever the inputs), which a constant-time signer needs. A verifier works on
//! public values only, so it can take the cheaper Jacobian formulas with `a = -3` (every NIST
//! curve) and branch on the exceptional cases (a point at infinity, equal or opposite points)
//! instead of paying for formulas that absorb them: doubling 3M+5S (dbl-2001-b), mixed addition
//! 7M+4S (madd-2007-bl), addition 11M+5S (add-2007-bl), from the Explicit-Formulas Database.
//!
//! NEVER use these with a secret scalar: the time taken depends on the values.

use ecdsa::elliptic_curve::hazmat::FieldArithmetic;
use ecdsa::elliptic_curve::ops::BatchInvert;
use primeorder::elliptic_curve::ff::{Field, PrimeField};
use primeorder::PrimeCurveParams;

/// The base field of curve `C`.
pub(crate) type Fe<C> = <C as FieldArithmetic>::FieldElement;

/// A point in affine coordinates, never the point at infinity.
pub(crate) struct Affine<C: PrimeCurveParams> {
    pub(crate) x: Fe<C>,
    pub(crate) y: Fe<C>,
}

// Derived Clone/Copy would require `C: Copy`.
impl<C: PrimeCurveParams> Clone for Affine<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: PrimeCurveParams> Copy for Affine<C> {}

impl<C: PrimeCurveParams> Affine<C> {
    pub(crate) fn generator() -> Self {
        Affine {
            x: C::GENERATOR.0,
            y: C::GENERATOR.1,
        }
    }

    /// A point from its big-endian coordinates, if they are field elements.
    pub(crate) fn from_coordinates(
        x: ecdsa::elliptic_curve::FieldBytes<C>,
        y: ecdsa::elliptic_curve::FieldBytes<C>,
    ) -> Option<Self> {
        let x = Option::from(Fe::<C>::from_repr(x))?;
        let y = Option::from(Fe::<C>::from_repr(y))?;
        Some(Affine { x, y })
    }

    pub(crate) fn neg(self) -> Self {
        Affine {
            x: self.x,
            y: -self.y,
        }
    }
}

/// A point `(X/Z², Y/Z³)`; `Z = 0` is the point at infinity.
pub(crate) struct Jacobian<C: PrimeCurveParams> {
    x: Fe<C>,
    y: Fe<C>,
    z: Fe<C>,
}

impl<C: PrimeCurveParams> Clone for Jacobian<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: PrimeCurveParams> Copy for Jacobian<C> {}

impl<C: PrimeCurveParams> From<Affine<C>> for Jacobian<C> {
    fn from(p: Affine<C>) -> Self {
        Jacobian {
            x: p.x,
            y: p.y,
            z: Fe::<C>::ONE,
        }
    }
}

impl<C: PrimeCurveParams> Jacobian<C> {
    pub(crate) fn infinity() -> Self {
        Jacobian {
            x: Fe::<C>::ONE,
            y: Fe::<C>::ONE,
            z: Fe::<C>::ZERO,
        }
    }

    pub(crate) fn is_infinity(&self) -> bool {
        self.z.is_zero_vartime()
    }

    /// `2P` (dbl-2001-b, for `a = -3`). The point at infinity stays there (`Z3 = 0`); no point of
    /// these prime-order curves has `Y = 0`.
    pub(crate) fn double(&self) -> Self {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x * gamma;
        let alpha = (self.x - delta) * (self.x + delta);
        let alpha = alpha.double() + alpha;
        let beta4 = beta.double().double();
        let x = alpha.square() - beta4.double();
        let z = (self.y + self.z).square() - gamma - delta;
        let gamma2 = gamma.square();
        let y = alpha * (beta4 - x) - gamma2.double().double().double();
        Jacobian { x, y, z }
    }

    /// `P + Q` for an affine `Q` (madd-2007-bl), with the exceptional cases handled apart.
    pub(crate) fn add_affine(&self, q: &Affine<C>) -> Self {
        if self.is_infinity() {
            return (*q).into();
        }
        let z1z1 = self.z.square();
        let u2 = q.x * z1z1;
        let s2 = q.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = (s2 - self.y).double();
        if h.is_zero_vartime() {
            return if r.is_zero_vartime() {
                self.double()
            } else {
                Self::infinity()
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let v = self.x * i;
        let x = r.square() - j - v.double();
        let y = r * (v - x) - (self.y * j).double();
        let z = (self.z + h).square() - z1z1 - hh;
        Jacobian { x, y, z }
    }

    /// `P + Q` (add-2007-bl), with the exceptional cases handled apart.
    pub(crate) fn add(&self, q: &Self) -> Self {
        if self.is_infinity() {
            return *q;
        }
        if q.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = q.z.square();
        let u1 = self.x * z2z2;
        let u2 = q.x * z1z1;
        let s1 = self.y * q.z * z2z2;
        let s2 = q.y * self.z * z1z1;
        let h = u2 - u1;
        let r = (s2 - s1).double();
        if h.is_zero_vartime() {
            return if r.is_zero_vartime() {
                self.double()
            } else {
                Self::infinity()
            };
        }
        let i = h.double().square();
        let j = h * i;
        let v = u1 * i;
        let x = r.square() - j - v.double();
        let y = r * (v - x) - (s1 * j).double();
        let z = ((self.z + q.z).square() - z1z1 - z2z2) * h;
        Jacobian { x, y, z }
    }

    /// Whether the affine x-coordinate of this point, reduced modulo the group order `n`,
    /// equals `r` (the last step of ECDSA verification), without inverting `Z`: `x = X/Z²`
    /// and `x mod n = r` means `x = r` or `x = r + n` (only when `r + n < p`).
    pub(crate) fn x_matches(&self, r: &ecdsa::elliptic_curve::FieldBytes<C>) -> bool {
        if self.is_infinity() {
            return false;
        }
        let zz = self.z.square();
        let matches = |candidate: ecdsa::elliptic_curve::FieldBytes<C>| {
            Option::<Fe<C>>::from(Fe::<C>::from_repr(candidate)).is_some_and(|x| x * zz == self.x)
        };
        matches(*r) || r_plus_order::<C>(r).is_some_and(matches)
    }
}

/// `r + n` as field bytes, when it does not overflow them (whether it is below `p` is checked
/// by the field decoding). `n - 1` is the scalar `-1`.
fn r_plus_order<C: PrimeCurveParams>(
    r: &ecdsa::elliptic_curve::FieldBytes<C>,
) -> Option<ecdsa::elliptic_curve::FieldBytes<C>> {
    use primeorder::Scalar;
    let n_minus_one = (-Scalar::<C>::ONE).to_repr();
    let mut sum = *r;
    // sum = r + (n - 1) + 1, big-endian, the + 1 as the initial carry.
    let mut carry = 1u16;
    for (s, n) in sum.iter_mut().rev().zip(n_minus_one.iter().rev()) {
        let total = u16::from(*s) + u16::from(*n) + carry;
        *s = total as u8;
        carry = total >> 8;
    }
    (carry == 0).then_some(sum)
}

/// Converts points to affine with one inversion for all (Montgomery's trick). `None` if any is
/// the point at infinity.
pub(crate) fn to_affine_all<C: PrimeCurveParams>(points: &[Jacobian<C>]) -> Option<Vec<Affine<C>>> {
    if points.iter().any(Jacobian::is_infinity) {
        return None;
    }
    let mut inverses: Vec<Fe<C>> = points.iter().map(|p| p.z).collect();
    let mut scratch = vec![Fe::<C>::ZERO; inverses.len()];
    Fe::<C>::batch_invert_in_place_vartime(&mut inverses, &mut scratch);
    Some(
        points
            .iter()
            .zip(inverses)
            .map(|(p, z_inv)| {
                let zz = z_inv.square();
                Affine {
                    x: p.x * zz,
                    y: p.y * zz * z_inv,
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    //! The formulas must agree with `primeorder`'s complete ones, including the exceptional
    //! cases (doubling through addition, P + (-P), infinity on either side).
    use super::*;
    use primeorder::elliptic_curve::group::Group;
    use primeorder::elliptic_curve::point::AffineCoordinates;
    use primeorder::ProjectivePoint;

    fn affine_of<C: PrimeCurveParams>(p: ProjectivePoint<C>) -> Option<Affine<C>> {
        if bool::from(p.is_identity()) {
            return None;
        }
        let a = p.to_affine();
        Affine::from_coordinates(a.x(), a.y())
    }

    fn same<C: PrimeCurveParams>(ours: Jacobian<C>, theirs: ProjectivePoint<C>) {
        match (to_affine_all(&[ours]), affine_of(theirs)) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                assert!(a[0].x == b.x && a[0].y == b.y, "points differ");
            }
            (a, b) => panic!(
                "infinity differs: ours {}, primeorder's {}",
                a.is_none(),
                b.is_none()
            ),
        }
    }

    fn agree<C: PrimeCurveParams>() {
        let g = ProjectivePoint::<C>::GENERATOR;
        let ours_g = Jacobian::<C>::from(Affine::generator());
        let mut theirs = g;
        let mut ours = ours_g;
        for _ in 0..20 {
            same(ours.double(), theirs.double());
            same(ours.add_affine(&Affine::generator()), theirs + g);
            same(ours.add(&ours_g), theirs + g);
            same(ours.add(&ours), theirs.double());
            let own = to_affine_all(&[ours]).unwrap()[0];
            same(ours.add_affine(&own), theirs.double());
            same(ours.add_affine(&own.neg()), ProjectivePoint::<C>::IDENTITY);
            same(Jacobian::<C>::infinity().add_affine(&own), theirs);
            same(ours.add(&Jacobian::infinity()), theirs);
            same(
                Jacobian::<C>::infinity().double(),
                ProjectivePoint::<C>::IDENTITY,
            );
            ours = ours.double().add_affine(&Affine::generator());
            theirs = theirs.double() + g;
        }
    }

    #[test]
    fn r_plus_the_order_is_exact_and_overflow_is_none() {
        // The P-256 order n, and n + 1.
        let hex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        let n_plus_one = hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632552");
        let mut one = ecdsa::elliptic_curve::FieldBytes::<p256::NistP256>::default();
        one[31] = 1;
        let sum = r_plus_order::<p256::NistP256>(&one).unwrap();
        assert_eq!(sum.as_slice(), n_plus_one.as_slice());
        let mut max = ecdsa::elliptic_curve::FieldBytes::<p256::NistP256>::default();
        max.iter_mut().for_each(|b| *b = 0xff);
        assert!(r_plus_order::<p256::NistP256>(&max).is_none());
    }

    #[test]
    fn jacobian_formulas_agree_with_primeorder_on_p256() {
        agree::<p256::NistP256>();
    }

    #[test]
    fn jacobian_formulas_agree_with_primeorder_on_p384() {
        agree::<p384::NistP384>();
    }

    #[test]
    fn jacobian_formulas_agree_with_primeorder_on_p521() {
        agree::<p521::NistP521>();
    }
}
