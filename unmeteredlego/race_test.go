//go:build race

package unmeteredlego

// raceEnabled tells that the tests were built with -race, so that the README test builds its
// scratch package the same way and reuses the compiled packages instead of building lego again.
const raceEnabled = true
