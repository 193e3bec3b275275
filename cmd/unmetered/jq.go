package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/itchyny/gojq"
)

// jqFlagHelp is the help of --jq.
const jqFlagHelp = "filter the JSON output with a jq expression (implies -o json); strings print raw"

// compileJQ compiles --jq's expression, before anything is sent: one that does not parse or
// compile is a usage error with gojq's message.
func (a *app) compileJQ() error {
	q, err := gojq.Parse(a.jqExpr)
	if err == nil {
		a.jq, err = gojq.Compile(q)
	}
	if err != nil {
		return &usageError{err: fmt.Errorf("--jq %q: %v", a.jqExpr, err), badCommandLine: true}
	}
	return nil
}

// writeJQ runs --jq's expression on v's JSON (what -o json prints) and prints its results.
func (a *app) writeJQ(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return a.writeJQFromJSON(b)
}

// writeJQFromJSON runs --jq's expression on the JSON document b and prints each result on its
// own line, as gh --jq does: a string as it is (no quotes, no escapes), anything else as JSON,
// indented on a terminal and on one line otherwise. An error of the expression (".[0]" on an
// object) ends the output and is returned: exit code 1, like jq's.
func (a *app) writeJQFromJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // gojq takes json.Number: ids and amounts keep every digit
	var in any
	if err := dec.Decode(&in); err != nil {
		return err
	}
	ctx := a.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	w := bufio.NewWriter(a.out)
	iter := a.jq.RunWithContext(ctx, in) // Ctrl-C ends an expression that runs forever
	for {
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, ok := v.(error); ok {
			if herr, ok := err.(*gojq.HaltError); ok && herr.Value() == nil {
				break // halt: stop, successfully
			}
			if ferr := w.Flush(); ferr != nil {
				return ferr
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			return fmt.Errorf("--jq: %v", err)
		}
		if s, ok := v.(string); ok {
			w.WriteString(s)
		} else {
			out, err := gojq.Marshal(v)
			if err != nil {
				return err
			}
			if a.outTTY {
				var ind bytes.Buffer
				if json.Indent(&ind, out, "", "  ") == nil {
					out = ind.Bytes()
				}
			}
			w.Write(out)
		}
		w.WriteByte('\n')
	}
	return w.Flush()
}
