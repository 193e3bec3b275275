package unmetered

import (
	"math/big"
	"strconv"
	"strings"
)

// Decimal arithmetic: exact, on the digits, never through float64. Each operation counts an
// absent operand (the zero Decimal) as 0, and its result is always set (IsSet), "0" included.
// A result has as many decimal places as its operands need (see each method), written out in
// full: an operand in exponent form ("1.5e3") counts as the plain number it stands for (1500,
// no decimal places). A result is exact whatever its length: operands in exponent form
// thousands of places apart ("1e999" + "1e-999") give one longer than the 64 characters that
// ParseDecimal and the JSON decoder accept, which no amount of money comes near.

// Add returns d + e exactly, with as many decimal places as the operand with more:
// "19.65" + "0.35" is "20.00", "1.5" + "2" is "3.5".
func (d Decimal) Add(e Decimal) Decimal {
	a, ap := d.parts()
	b, bp := e.parts()
	a, b, places := align(a, ap, b, bp)
	return fromParts(a.Add(a, b), places)
}

// Sub returns d − e exactly, with as many decimal places as the operand with more:
// "20.00" − "0.35" is "19.65", "5" − "7.5" is "-2.5".
func (d Decimal) Sub(e Decimal) Decimal {
	a, ap := d.parts()
	b, bp := e.parts()
	a, b, places := align(a, ap, b, bp)
	return fromParts(a.Sub(a, b), places)
}

// Neg returns −d with d's digits: "19.65" gives "-19.65", "-3" gives "3", and a zero stays
// unsigned ("0.00"). The negation of an absent amount is "0".
func (d Decimal) Neg() Decimal {
	switch {
	case d.s == "":
		return Decimal{s: "0"}
	case d.Sign() == 0:
		return Decimal{s: strings.TrimLeft(d.s, "+-")}
	case d.s[0] == '-':
		return Decimal{s: d.s[1:]}
	case d.s[0] == '+':
		return Decimal{s: "-" + d.s[1:]}
	}
	return Decimal{s: "-" + d.s}
}

// Mul returns d × e exactly; its decimal places are the sum of theirs: "19.65" × "3" is
// "58.95", "2.50" × "2" is "5.00", "0.5" × "0.5" is "0.25". Nothing is rounded: a unit
// price times a fractional quantity may have more places than cents (see Cents).
func (d Decimal) Mul(e Decimal) Decimal {
	a, ap := d.parts()
	b, bp := e.parts()
	return fromParts(a.Mul(a, b), ap+bp)
}

// MulInt returns d × n exactly, with d's decimal places: "19.65" × 3 is "58.95", "2.50" × 2
// is "5.00". It is the total of n units at price d.
func (d Decimal) MulInt(n int64) Decimal {
	a, ap := d.parts()
	return fromParts(a.Mul(a, big.NewInt(n)), ap)
}

// Cmp compares d and e exactly: -1 if d < e, 0 if they are equal ("1.5" and "1.50" are), +1
// if d > e. An absent amount counts as 0.
func (d Decimal) Cmp(e Decimal) int {
	a, ap := d.parts()
	b, bp := e.parts()
	a, b, _ = align(a, ap, b, bp)
	return a.Cmp(b)
}

// Sum returns the exact sum of ds, with as many decimal places as the one with most: Sum of
// "19.65", "0.35" and "5" is "25.00". Absent amounts count as 0, and the sum of none is "0".
func Sum(ds ...Decimal) Decimal {
	total, places, a := new(big.Int), 0, new(big.Int)
	for _, d := range ds {
		ap := d.partsInto(a)
		total, a, places = align(total, places, a, ap)
		total.Add(total, a)
	}
	return fromParts(total, places)
}

// parts returns d as coef × 10^-places, places ≥ 0: "19.65" is 1965 and 2, "1.5e3" is 1500
// and 0, "2.5e-3" is 25 and 4, and the absent amount 0 and 0. coef is a new big.Int the
// caller may change.
func (d Decimal) parts() (coef *big.Int, places int) {
	coef = new(big.Int)
	return coef, d.partsInto(coef)
}

// partsInto is parts that sets coef rather than allocating one.
func (d Decimal) partsInto(coef *big.Int) (places int) {
	if d.s == "" {
		coef.SetInt64(0)
		return 0
	}
	mant, exp := d.s, 0
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		exp, _ = strconv.Atoi(mant[i+1:]) // a sign and at most 4 digits (validDecimal)
		mant = mant[:i]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if v, ok := smallCoef(intPart, frac); ok {
		coef.SetInt64(v)
	} else if _, ok := coef.SetString(intPart+frac, 10); !ok { // unreachable for a valid Decimal
		coef.SetInt64(0)
		return 0
	}
	places = len(frac) - exp
	if places < 0 {
		coef.Mul(coef, pow10(-places))
		places = 0
	}
	return places
}

// smallCoef returns the integer whose digits are those of intPart (with its sign) then frac,
// when there are at most 18 of them, without allocating; money always fits.
func smallCoef(intPart, frac string) (int64, bool) {
	neg := false
	if intPart != "" && (intPart[0] == '-' || intPart[0] == '+') {
		neg, intPart = intPart[0] == '-', intPart[1:]
	}
	if len(intPart)+len(frac) > 18 {
		return 0, false
	}
	var v int64
	for _, part := range [2]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
	}
	if neg {
		v = -v
	}
	return v, true
}

// align scales a (a's places) or b (b's places) up so that both have the larger number of
// places, which it returns with them. It changes a or b in place.
func align(a *big.Int, ap int, b *big.Int, bp int) (*big.Int, *big.Int, int) {
	switch {
	case ap < bp:
		a.Mul(a, pow10(bp-ap))
		return a, b, bp
	case bp < ap:
		b.Mul(b, pow10(ap-bp))
	}
	return a, b, ap
}

// pow10 returns 10^n for n ≥ 0.
func pow10(n int) *big.Int {
	if n < len(smallPow10) {
		return new(big.Int).SetUint64(smallPow10[n])
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

var smallPow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// fromParts returns the Decimal coef × 10^-places, written with exactly places decimal places
// (no exponent) and no sign on a zero.
func fromParts(coef *big.Int, places int) Decimal {
	digits := coef.Text(10)
	neg := digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	if places > 0 {
		if len(digits) <= places {
			digits = strings.Repeat("0", places-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	}
	if neg {
		digits = "-" + digits
	}
	return Decimal{s: digits}
}
