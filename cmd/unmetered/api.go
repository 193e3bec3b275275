package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

const apiLong = `Send a request to any route of the portal's API and print the JSON answer as it came (indented
on a terminal), like "gh api". It goes through the SDK's Client.Do, with the same
authentication, retries, errors, exit codes and redaction as every other command.

PATH is below the API root and starts with "/" ("/details", "/service/301/vpsdetails?refresh=1");
it must be escaped already. --data is the JSON body: the text itself, @FILE, or - for stdin.

Retries follow the endpoint: a route of the API reference is retried as the SDK retries it; on
other routes a POST is sent once (it may create or pay) unless --idempotent says repeating it
is harmless, and GET, PUT and DELETE are retried unless --send-once. A changing request (not
GET) that fails after it may have reached the server exits with code 3.

The values of keys that name a credential (a service's password, an EPP code, tokens) print as
"[REDACTED]" unless --show-secrets, and so do the command's own credentials wherever the
answer echoes them: the password, the Basic header, the session's tokens (current and
earlier), raw or escaped or encoded. A body that holds a secret goes through @FILE or - (stdin),
never as an argument: arguments are visible to every user in the process list.

The answer prints as the API's JSON with -o table (the default) or json, as YAML with -o yaml,
and through a jq expression with --jq, as gh api --jq does; errors follow -o as elsewhere.`

func newAPICmd(a *app) *cobra.Command {
	var data string
	var idempotent, sendOnce, showSecrets bool
	cmd := &cobra.Command{
		Use:   "api METHOD PATH",
		Short: "Send any API request and print the JSON answer",
		Long:  apiLong,
		Example: `  unmetered api GET /details
  unmetered api GET /service/301/vpsdetails | jq .
  unmetered api POST /quote --data @quote.json --idempotent
  echo '{"label": "shop"}' | unmetered api POST /service/301/label --data -`,
		Args: cobra.ExactArgs(2),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			method := strings.ToUpper(args[0])
			switch method {
			case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
			default:
				return usageErrorf("METHOD %q: GET, POST, PUT or DELETE", args[0])
			}
			if idempotent && sendOnce {
				return usageErrorf("--idempotent and --send-once contradict each other")
			}
			var body any
			if cmd.Flags().Changed("data") {
				if method == http.MethodGet {
					return usageErrorf("--data: a GET sends no body (put parameters in the PATH's query)")
				}
				b, err := a.readInput("--data", data, true)
				if err != nil {
					return err
				}
				if !json.Valid(b) {
					return usageErrorf("--data is not valid JSON")
				}
				body = json.RawMessage(b)
			}
			var opts []unmetered.DoOption
			if idempotent {
				opts = append(opts, unmetered.Idempotent())
			}
			if sendOnce {
				opts = append(opts, unmetered.SendOnce())
			}
			var out json.RawMessage
			if err := c.Do(ctx, method, args[1], body, &out, opts...); err != nil {
				if method != http.MethodGet {
					return sentChange(err)
				}
				return err
			}
			if !showSecrets {
				if red, ok := redactAnswer(out, c.Redact); ok {
					out = red
					a.log().Debug("unmetered: secrets in the answer redacted; --show-secrets prints them")
				}
			}
			doc := out
			if len(bytes.TrimSpace(doc)) == 0 { // an answer without a body
				doc = []byte("null")
			}
			switch {
			case a.jq != nil:
				return a.writeJQFromJSON(doc)
			case a.output == formatYAML:
				return writeYAMLFromJSON(a.out, doc)
			case a.outTTY:
				var buf bytes.Buffer
				if json.Indent(&buf, out, "", "  ") == nil {
					out = buf.Bytes()
				}
			}
			_, err := a.out.Write(append(bytes.TrimSpace(out), '\n'))
			return err
		}),
	}
	cmd.Flags().StringVar(&data, "data", "", "JSON body: the text, @FILE, or - for stdin")
	cmd.Flags().BoolVar(&idempotent, "idempotent", false, "repeating the request is harmless: retry it after any transient failure")
	cmd.Flags().BoolVar(&sendOnce, "send-once", false, "never repeat the request once it may have reached the server")
	cmd.Flags().BoolVar(&showSecrets, "show-secrets", false, "print passwords, tokens and codes in the answer instead of [REDACTED]")
	return cmd
}
