package unmetered

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Decimal, the SDK's exact money type: parsing, conversions and JSON. Its arithmetic is in
// decimal_math.go.

// Decimal is an exact decimal number, used for money and prices. It keeps the digits the server
// sent ("19.65" stays "19.65", never 19.649999...); it adds, subtracts, multiplies, sums and
// compares exactly on those digits (Add, Sub, Neg, Mul, MulInt, Sum, Cmp, Sign: "19.65" +
// "0.35" is "20.00"), and converts exactly with Rat or Cents.
//
// The zero value, Decimal{}, means absent: the server did not send the amount, or sent null or
// "". It is not the zero the server may send ("0", "0.00"), and the two never mix: IsSet is
// false only for an absent amount; String gives "" for it and "0.00" for a sent "0.00"; JSON
// writes it as null (and a struct field tagged omitzero, as every amount of the SDK's types
// is, leaves it out) and writes a sent "0.00" as "0.00". To ask whether an amount is
// numerically zero, absent or not, use Sign() == 0. Arithmetic, conversions and comparisons
// count an absent amount as 0, and arithmetic always gives a set amount (Sum() is "0").
//
// Compare amounts with Cmp, not ==, which compares the digits: "1.5" and "1.50" are equal
// amounts but different Decimals.
//
// The server sends money as a string or a number; both decode. A value over 64 characters is
// refused without being parsed.
type Decimal struct {
	s string // validated decimal text as sent; "" means absent
}

// ParseDecimal parses a decimal such as "19.65", "-3", "0.005" or "1.5e3". It refuses anything
// else (thousands separators, currency signs, fractions, NaN, Inf, and any text over 64
// characters) with an error wrapping ErrInvalidArgument.
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxNumberLen {
		return Decimal{}, fmt.Errorf("%w: a decimal of %d characters is %s", ErrInvalidArgument, len(s), errNumberTooLong)
	}
	if !validDecimal(s) {
		return Decimal{}, fmt.Errorf("%w: %q is not a decimal number", ErrInvalidArgument, s)
	}
	return Decimal{s: s}, nil
}

// DecimalFromCents returns the exact decimal for an integer amount of hundredths (1965 → "19.65").
func DecimalFromCents(cents int64) Decimal {
	r := new(big.Rat).SetFrac64(cents, 100)
	return Decimal{s: r.FloatString(2)}
}

// validDecimal accepts [+-]digits[.digits][(e|E)[+-]digits] with at least one digit before the
// exponent.
func validDecimal(s string) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < n && s[i] == '.' {
		i++
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < n && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 || exp > 4 { // bound the exponent: no 1e999999999 allocations
			return false
		}
	}
	return i == n
}

// String returns the decimal with the digits the server sent (or ParseDecimal was given), or ""
// for an absent amount.
func (d Decimal) String() string { return d.s }

// IsSet reports whether d holds an amount: false for the zero Decimal, an amount the server did
// not send (or sent as null or ""); true for every amount sent, parsed or computed, "0.00"
// included.
func (d Decimal) IsSet() bool { return d.s != "" }

// Sign returns -1 if d is negative, 0 if it is zero or absent, and +1 if it is positive.
func (d Decimal) Sign() int {
	for i := 0; i < len(d.s); i++ {
		switch c := d.s[i]; {
		case c >= '1' && c <= '9':
			if d.s[0] == '-' {
				return -1
			}
			return 1
		case c == 'e' || c == 'E': // only zeros before the exponent
			return 0
		}
	}
	return 0
}

// Rat returns the exact value as a new *big.Rat (0 for an absent amount).
func (d Decimal) Rat() *big.Rat {
	if d.s == "" {
		return new(big.Rat)
	}
	r, ok := new(big.Rat).SetString(d.s)
	if !ok { // unreachable for a validated Decimal
		return new(big.Rat)
	}
	return r
}

// Cents returns the value in hundredths (19.65 → 1965; 0 for an absent amount). It fails if the
// value has more than two significant decimal places or does not fit in an int64.
func (d Decimal) Cents() (int64, error) {
	r := d.Rat()
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, fmt.Errorf("unmetered: %s is not a whole number of cents", d.String())
	}
	return r.Num().Int64(), nil
}

// Float64 returns the nearest float64 (0 for an absent amount). It is for display and rough
// maths only: use Rat or Cents for money.
func (d Decimal) Float64() float64 {
	f, _ := d.Rat().Float64()
	return f
}

// UnmarshalJSON implements json.Unmarshaler. null and "" decode to the absent amount (the zero
// Decimal); "0" and "0.00" to a zero amount with those digits.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	t, null, err := numberText("Decimal", b)
	if err != nil {
		return err
	}
	if null || len(t) == 0 {
		*d = Decimal{}
		return nil
	}
	s := string(t)
	if !validDecimal(s) {
		return wireError("Decimal", b, errors.New("not a decimal number"))
	}
	*d = Decimal{s: s}
	return nil
}

// MarshalJSON encodes the decimal as a JSON string with the same digits, so no precision is lost
// on the way back to the server, and an absent amount as null.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.s == "" {
		return []byte("null"), nil
	}
	return strconv.AppendQuote(nil, d.s), nil
}
