//go:build race

package unmetered

// raceEnabled tells that the tests were built with -race: sync.Pool then drops what it is
// given at random, so allocation counts are not the code's own.
const raceEnabled = true
