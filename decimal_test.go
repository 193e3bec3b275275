package unmetered

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecimal(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`"19.65"`: "19.65", `16.24`: "16.24", `"0.10"`: "0.10", `-3`: "-3", `"1.5e3"`: "1.5e3",
		`null`: "", `""`: "", `"  7.00 "`: "7.00", `0.1`: "0.1", `"0.00"`: "0.00", `0`: "0",
	} {
		var d Decimal
		require.NoError(t, json.Unmarshal([]byte(in), &d), in)
		assert.Equal(t, want, d.String(), in)
	}
	for _, bad := range []string{`"abc"`, `"1,000.00"`, `"$5"`, `"1/3"`, `"NaN"`, `"Inf"`, `"."`, `"1e"`, `"1e99999"`, `[]`, `true`, `"--1"`} {
		var d Decimal
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
	}

	d := mustDecimal(t, "19.65")
	cents, err := d.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(1965), cents)
	assert.Equal(t, big.NewRat(393, 20), d.Rat())
	assert.InDelta(t, 19.65, d.Float64(), 1e-9)
	_, err = mustDecimal(t, "0.005").Cents()
	assert.Error(t, err, "sub-cent amounts do not convert silently")
	assert.Equal(t, "-12.34", DecimalFromCents(-1234).String())
	assert.Equal(t, 0, mustDecimal(t, "1.50").Cmp(mustDecimal(t, "1.5")))
	assert.Equal(t, -1, mustDecimal(t, "0.1").Cmp(mustDecimal(t, "0.2")))
	assert.Equal(t, 0, mustDecimal(t, "0.00").Sign())
	assert.Equal(t, 0, Decimal{}.Sign())
	assert.True(t, mustDecimal(t, "0.00").IsSet(), "a sent zero")
	assert.False(t, Decimal{}.IsSet(), "absent")

	// 0.1 + 0.2 is exactly 0.3, which float64 cannot do.
	sum := new(big.Rat).Add(mustDecimal(t, "0.1").Rat(), mustDecimal(t, "0.2").Rat())
	assert.Equal(t, 0, sum.Cmp(mustDecimal(t, "0.3").Rat()))

	out, err := json.Marshal(mustDecimal(t, "19.650"))
	require.NoError(t, err)
	assert.Equal(t, `"19.650"`, string(out), "digits are kept")

	_, err = ParseDecimal("12,50")
	assert.ErrorIs(t, err, ErrInvalidArgument)
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{`"19.65"`, `16.24`, `"-0.005"`, `"1e4"`, `""`, `"1,0"`, `1e9999`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Decimal
		if json.Unmarshal(b, &d) != nil {
			return
		}
		_ = d.Rat()
		_, _ = d.Cents()
		out, err := json.Marshal(d)
		require.NoError(t, err)
		var back Decimal
		require.NoError(t, json.Unmarshal(out, &back))
		require.Equal(t, d.String(), back.String())
	})
}

// dec parses s, or gives the absent amount for "".
func dec(t testing.TB, s string) Decimal {
	t.Helper()
	if s == "" {
		return Decimal{}
	}
	return mustDecimal(t, s)
}

// TestDecimalArithmetic: results keep the operands' decimal places, print without float
// rounding, and count an absent amount as 0.
func TestDecimalArithmetic(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b, sum, diff, product string }{
		{"19.65", "0.35", "20.00", "19.30", "6.8775"},
		{"0.1", "0.2", "0.3", "-0.1", "0.02"},
		{"1.5", "2", "3.5", "-0.5", "3.0"},
		{"2.50", "2", "4.50", "0.50", "5.00"},
		{"-3", "3", "0", "-6", "-9"},
		{"0.00", "0", "0.00", "0.00", "0.00"},
		{"1.5e3", "0.25", "1500.25", "1499.75", "375.00"},
		{"2.5e-3", "1", "1.0025", "-0.9975", "0.0025"},
		{"+7", "-.5", "6.5", "7.5", "-3.5"},
		{"99999999999999999999.99", "0.01", "100000000000000000000.00", "99999999999999999999.98", "999999999999999999.9999"},
		{"19.65", "", "19.65", "19.65", "0.00"},
		{"", "-0.35", "-0.35", "0.35", "0.00"},
		{"", "", "0", "0", "0"},
	} {
		a, b := dec(t, tc.a), dec(t, tc.b)
		assert.Equal(t, tc.sum, a.Add(b).String(), "%q + %q", tc.a, tc.b)
		assert.Equal(t, tc.diff, a.Sub(b).String(), "%q - %q", tc.a, tc.b)
		assert.Equal(t, tc.product, a.Mul(b).String(), "%q × %q", tc.a, tc.b)
		assert.True(t, a.Add(b).IsSet(), "a result is set")
	}
	assert.Equal(t, "5.00", dec(t, "2.50").MulInt(2).String())
	assert.Equal(t, "58.95", dec(t, "19.65").MulInt(3).String())
	assert.Equal(t, "-0.70", dec(t, "0.35").MulInt(-2).String())
	assert.Equal(t, "0.00", dec(t, "19.65").MulInt(0).String())
	assert.Equal(t, "-92233720368547758.08", dec(t, "0.01").MulInt(math.MinInt64).String())
	assert.Equal(t, "0", Decimal{}.MulInt(3).String())

	for in, want := range map[string]string{
		"19.65": "-19.65", "-3": "3", "+2.5": "-2.5", "0.00": "0.00", "-0.00": "0.00", "1.5e3": "-1.5e3", "": "0",
	} {
		assert.Equal(t, want, dec(t, in).Neg().String(), "-(%q)", in)
	}
}

func TestDecimalCmpAndSign(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1.50", "1.5", 0}, {"0.1", "0.2", -1}, {"20.00", "19.99", 1}, {"1.5e3", "1500", 0},
		{"-0.01", "0", -1}, {"0.00", "", 0}, {"", "0.01", -1}, {"-0", "+0.000", 0}, {"1e-3", "0.001", 0},
	} {
		assert.Equal(t, tc.want, dec(t, tc.a).Cmp(dec(t, tc.b)), "cmp(%q, %q)", tc.a, tc.b)
		assert.Equal(t, -tc.want, dec(t, tc.b).Cmp(dec(t, tc.a)), "cmp(%q, %q)", tc.b, tc.a)
	}
	for in, want := range map[string]int{
		"19.65": 1, "-0.01": -1, "0.00": 0, "-0.00": 0, "+0": 0, "": 0, "0e5": 0, "-1e-9": -1, ".5": 1, "-.5": -1,
	} {
		assert.Equal(t, want, dec(t, in).Sign(), "sign(%q)", in)
	}
}

func TestSum(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "25.00", Sum(dec(t, "19.65"), dec(t, "0.35"), dec(t, "5")).String())
	assert.Equal(t, "19.65", Sum(dec(t, "19.65"), Decimal{}).String(), "absent counts as 0")
	assert.Equal(t, "0", Sum().String(), "the sum of none")
	assert.True(t, Sum().IsSet())
	assert.Equal(t, "0.30", Sum(dec(t, "0.1"), dec(t, "0.20")).String(), "exact: float64 gives 0.30000000000000004")
	prices := make([]Decimal, 1000)
	for i := range prices {
		prices[i] = dec(t, "0.01")
	}
	assert.Equal(t, "10.00", Sum(prices...).String())
}

// FuzzDecimalArithmetic: on any two decimals (or absent amounts) the operations never panic,
// agree with big.Rat's exact arithmetic, and give text that parses back to the same amount.
func FuzzDecimalArithmetic(f *testing.F) {
	for _, p := range [][2]string{
		{"19.65", "0.35"}, {"", ""}, {"-0.005", "1e4"}, {"1.5e3", "-2.5E-3"}, {"+.5", "5."},
		{"99999999999999999999.99", "-0.01"}, {"1e9999", "1e-9999"}, {"0.00", "-0"},
	} {
		f.Add(p[0], p[1], int64(3))
	}
	f.Fuzz(func(t *testing.T, as, bs string, n int64) {
		a, err := ParseDecimal(as)
		if as == "" {
			a, err = Decimal{}, nil
		}
		if err != nil {
			return
		}
		b, err := ParseDecimal(bs)
		if bs == "" {
			b, err = Decimal{}, nil
		}
		if err != nil {
			return
		}
		ra, rb := a.Rat(), b.Rat()
		exact := func(op string, got Decimal, want *big.Rat) {
			require.True(t, got.IsSet(), "%q %s %q", as, op, bs)
			require.Zero(t, got.Rat().Cmp(want), "%q %s %q = %s", as, op, bs, got)
			if len(got.String()) <= maxNumberLen {
				back, err := ParseDecimal(got.String())
				require.NoError(t, err, "%q %s %q = %s", as, op, bs, got)
				require.Equal(t, got, back)
			}
		}
		exact("+", a.Add(b), new(big.Rat).Add(ra, rb))
		exact("-", a.Sub(b), new(big.Rat).Sub(ra, rb))
		exact("×", a.Mul(b), new(big.Rat).Mul(ra, rb))
		exact("× int", a.MulInt(n), new(big.Rat).Mul(ra, new(big.Rat).SetInt64(n)))
		exact("neg", a.Neg(), new(big.Rat).Neg(ra))
		exact("sum", Sum(a, b, a), new(big.Rat).Add(new(big.Rat).Add(ra, rb), ra))
		require.Equal(t, ra.Cmp(rb), a.Cmp(b), "cmp(%q, %q)", as, bs)
		require.Equal(t, ra.Sign(), a.Sign(), "sign(%q)", as)
	})
}

// BenchmarkSum adds up a year of invoice totals, as a billing report does.
func BenchmarkSum(b *testing.B) {
	totals := make([]Decimal, 365)
	for i := range totals {
		totals[i] = DecimalFromCents(int64(1000 + i*37))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Sum(totals...)
	}
}

// BenchmarkDecimalAdd adds two amounts with two decimal places.
func BenchmarkDecimalAdd(b *testing.B) {
	x, y := DecimalFromCents(1965), DecimalFromCents(35)
	b.ReportAllocs()
	for b.Loop() {
		_ = x.Add(y)
	}
}
