package unmeteredtest

// WithRequestHook makes the server call fn with each request it receives, as Requests reports
// it (the Authorization header's scheme only, the password and tokens in the body redacted),
// once its status is known and before its answer leaves: a live request log, such as
// cmd/unmetered-fake's --log. The Request is fn's own copy. fn is called from the server's
// goroutines, concurrently for concurrent requests, so it must be safe for that, and it should
// be quick: the answer waits for it. It may call the Server's methods.
func WithRequestHook(fn func(Request)) Option {
	if fn == nil {
		panic("unmeteredtest: WithRequestHook needs a non-nil function")
	}
	return func(c *config) { c.onRequest = fn }
}
