//go:build !race

package unmeteredlego

// raceEnabled tells that the tests were built with -race (see race_test.go).
const raceEnabled = false
