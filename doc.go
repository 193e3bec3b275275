// Package unmetered is a client for the Unmetered client-portal REST API
// (https://unmetered.management/api), the HostBill client-area API behind the portal.
//
// # Getting started
//
// Create one Client and share it; it is safe for concurrent use:
//
//	client, err := unmetered.NewClient(unmetered.WithBasicAuth("you@example.com", password))
//	if err != nil {
//		return err // an invalid option; nothing was sent
//	}
//	details, err := client.Account.Details(ctx)
//
// The API's sections hang off the client as services: Auth, Account (the "Clientarea" section),
// Billing, Support, Domains, Certificates, Services, Cart and DNS. Every method takes a
// context.Context first and returns typed results.
//
// # Authentication
//
// WithBasicAuth sends the client-area email address and password with every request.
// WithLogin opens a JWT session instead: the client logs in lazily with POST /login, sends
// "Authorization: Bearer <token>", refreshes the token with POST /token shortly before its exp
// claim, refreshes once and replays the request after a 401, and logs in again if a refresh is
// refused. Concurrent requests share a single login or refresh. WithTokenSource plugs in tokens
// you manage yourself (see TokenSource).
//
// # Errors
//
// A failure reported by the API is an *Error carrying the HTTP status, the request's method and
// path, the server's messages and any Retry-After. The portal sometimes reports failures with
// status 200 and an "error" list in the body; those are *Error too, and so is a 2xx response
// whose body is empty or not JSON (an HTML page, a cut-off body). Branch with errors.Is and the
// sentinels ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited (a 429, or a
// *RateLimitError: not sent, a rate limit's window ending after the deadline) and ErrServer; invalid
// input is refused before anything is sent with an error wrapping ErrInvalidArgument. A
// cancelled or expired context is returned as the context's error. No error, log line or String
// output contains a password, a token or an Authorization header.
//
// # Retries
//
// Requests go through a retrying transport (github.com/hashicorp/go-retryablehttp) configured so
// that a retry can never duplicate a side effect. Every endpoint has a replay class, kept in one
// table and tested against the API's endpoint list:
//
//   - Replay-safe endpoints (reads, idempotent PUTs and DELETEs, and the POSTs that change
//     nothing: login, token refresh, revoke, domain lookup, quotes, upgrade estimates) are
//     retried after connection errors (including one that breaks while the response body is
//     read), timeouts of one attempt (an answer whose body stalls included: see
//     WithStallTimeout), and on 429, 502, 503 and 504.
//   - Send-once endpoints, whose replay could do the work twice (the POSTs that create, pay,
//     order, reply or cancel, PUT and DELETE /domain/@id/dns/@index whose index shifts, PUT
//     /domain/@id/dnssec which adds a key), are retried only when they certainly did not reach
//     the server: after a failure to connect, or on 429 (the server refused without acting). A
//     request that reached the server is never sent again, redirects included; the caller gets
//     the error and decides. Their methods' documentation says so.
//   - 500 and other statuses are not retried.
//
// MaybeApplied(err) tells a failure that certainly changed nothing (refused before sending, a
// failed connection, a 4xx) from one that may have been applied although the call returned an
// error (a connection lost after sending, a timeout, a 5xx, a lost redirect). Check it before
// repeating a send-once call.
//
// A replay-safe DELETE retried after an attempt that may have reached the server and then
// answered 404 succeeds: the earlier attempt deleted the object, or it was never there.
//
// Waits grow exponentially from the minimum wait with jitter, never exceed the maximum wait
// (WithRetryWait), and honour a Retry-After header up to that maximum. A cancelled context
// ends a wait at once. WithRetryMax sets the number of retries (default 3). README.md's
// "Retries" section lists every failure, what each class of request does and what MaybeApplied
// says, and the send-once endpoints; a test keeps it true. Client.Do classifies the routes it is
// given in the same way.
//
// The client paces itself to stay within the server's rate limits rather than meet 429s: it
// reads X-RateLimit-Limit, -Remaining and -Reset from the responses, and an announcement limits
// what it counts. The portal announces its limit on login answers only and counts logins, so
// the client paces its logins by it and never holds back other requests; a server that
// announces on other answers counts every request, and the client then paces them all. Across
// every goroutine and every client of the same account, it sends no more than remain before the
// reset and waits for the window's end; a context whose deadline comes first fails at once,
// unsent, with a *RateLimitError (ErrRateLimited). WithRateLimit sets the limit by hand or, as
// WithRateLimit(0, 0), turns pacing off.
//
// Credentials go only to the base URL's origin: a redirect to another scheme, host or port
// loses the Authorization header, and one that would resend the request body there (a 307 or
// 308 of a request with a body) is refused with an error.
//
// # Wire types
//
// The portal's JSON is loose: numbers arrive as strings, flags as "1"/"0"/"Yes", dates as
// "0000-00-00", lists as number-keyed objects. The SDK decodes it through unexported wire forms
// into plain Go: int64 ids and counts, bool flags, string text, time.Time instants, []T lists,
// typed string constants for enumerated values (InvoiceUnpaid, DomainActive, ...), and three
// types of its own: Decimal (exact money, with exact Add, Sub, Mul, Cmp and Sum), Date (a
// calendar date, zero for "0000-00-00") and Object (a response nobody documents, kept whole; it
// prints as its JSON). Requests are structs passed by value, named after their method
// (RenewRequest, CancelRequest, ...).
//
// A date, time or amount the server did not send (or sent as "0000-00-00", "" or null) is the
// zero value of its type, and an amount the server sent as "0.00" is not: Date.IsZero,
// time.Time.IsZero and Decimal.IsSet tell. The JSON of the SDK's types (json.Marshal of a
// result, the CLI's -o json) says only what the server said: such a field is left out (its tag
// is omitzero), never printed as a made-up "0000-00-00", "0001-01-01T00:00:00Z" or "0", and a
// sent "0.00" is printed as "0.00". A text field that only some methods fill (Contact's address,
// Ticket's Body, Invoice's Notes) is left out when empty; ids, counts and flags are always
// printed, since 0 and false are answers. Marshalling a result and unmarshalling the JSON gives
// the same value back, but for a Secret, which never marshals its value.
//
// # Testing
//
// Point a client at a test server with WithBaseURL (plain http is accepted for loopback hosts)
// or at a mock transport with WithHTTPClient, and use WithRetryWait(0, 0) to keep tests fast.
package unmetered
