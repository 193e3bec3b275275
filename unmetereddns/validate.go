package unmetereddns

// Validate checks the provider's configuration without sending anything: a Client, or else a
// Username and a Password, an Auth of "basic", "jwt" or empty, and a BaseURL the SDK accepts
// (https, or http to a loopback host). It returns the error that every method would return,
// wrapping unmetered.ErrInvalidArgument and never holding the password, or nil.
//
// A program that fills a Provider from its own configuration calls it once the fields are
// final, to report a mistake when the configuration is loaded rather than at the first DNS
// change: the Caddy module (unmeteredcaddy) does, after replacing placeholders. Like the first
// use, it reads the fields and builds the provider's client; change the fields before it, not
// after. Its signature is caddy.Validator's, so a Caddy module embedding *Provider is
// validated by Caddy once provisioned.
func (p *Provider) Validate() error {
	_, err := p.client()
	return err
}
