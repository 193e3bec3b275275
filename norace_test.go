//go:build !race

package unmetered

// raceEnabled tells that the tests were built with -race (see race_test.go).
const raceEnabled = false
