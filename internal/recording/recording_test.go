package recording

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadTheRecording(t *testing.T) {
	t.Parallel()
	rows, err := Read("../../" + RateLimit2023)
	require.NoError(t, err)
	require.Len(t, rows, 123)
	assert.Equal(t, Answer{Method: "POST", Route: "/login", Status: 200,
		Announced: true, Limit: 25, Remaining: 21, Reset: 145, Date: time.Date(2023, 4, 14, 12, 56, 44, 0, time.UTC)}, rows[0])
	assert.True(t, rows[0].Login())
	assert.Equal(t, Answer{Method: "GET", Route: "/dns", Status: 200,
		Date: time.Date(2023, 4, 14, 12, 56, 45, 0, time.UTC)}, rows[1])
	assert.False(t, rows[1].Login())
}

func TestReadRefusesMalformedLines(t *testing.T) {
	t.Parallel()
	for name, line := range map[string]string{
		"columns":         "c\tGET\t/dns\t200\t\t\t",
		"status":          "c\tGET\t/dns\tok\t\t\t\tFri, 14 Apr 2023 12:56:45 GMT",
		"date":            "c\tGET\t/dns\t200\t\t\t\t2023-04-14",
		"partial headers": "c\tPOST\t/login\t200\t25\t\t145\tFri, 14 Apr 2023 12:56:45 GMT",
		"not a number":    "c\tPOST\t/login\t200\t25\tmany\t145\tFri, 14 Apr 2023 12:56:45 GMT",
	} {
		path := filepath.Join(t.TempDir(), "session.tsv")
		require.NoError(t, os.WriteFile(path, []byte("# a comment\ncase\tmethod\troute\tstatus\tlimit\tremaining\treset\tdate\n"+line+"\n"), 0o600))
		_, err := Read(path)
		assert.ErrorContains(t, err, "session.tsv:3: ", name)
	}
}
