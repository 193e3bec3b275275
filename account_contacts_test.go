package unmetered

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the Account service's contacts and their privileges.

func TestAccountContacts(t *testing.T) {
	t.Parallel()
	cs := readFixture(t, "/contact", "account/contacts.json", func(c *Client) ([]Contact, error) {
		return c.Account.Contacts(ctx)
	})
	assert.Equal(t, []Contact{
		{ID: 49, Email: "mary@example.com", FirstName: "Mary", LastName: "Sue", Company: false, Type: AccountPrivate},
		{ID: 50, Email: "ops@example.com", FirstName: "Ops", LastName: "Team", CompanyName: "Example Ltd",
			Company: true, Type: AccountCompany, LastLogin: time.Date(2017, 1, 4, 9, 15, 0, 0, time.UTC)},
	}, cs, "0000-00-00 00:00:00 is the zero time; a numeric id decodes too; Type follows the company flag")
}

func TestAccountCreateContact(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/contact", 200, "account/contact_create.json")

	id, err := env.client.Account.CreateContact(ctx, CreateContactRequest{
		Email:     "mary@example.com",
		FirstName: "Mary",
		LastName:  "Sue",
		Type:      AccountPrivate,
		Authy:     true,
		Password:  "contact-pass-1",
		Privileges: &Privileges{
			Support: []string{"tickets", "newticket"},
			Domains: &ObjectPrivileges{ByID: map[int64][]string{523: {"basic", "renew"}}},
		},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(1), id)
	assertRequest(t, rec.only(t), http.MethodPost, "/contact", `{
		"email":"mary@example.com","firstname":"Mary","lastname":"Sue","type":"Private","authy":["Yes"],
		"password":"contact-pass-1",
		"privileges":{"support":["tickets","newticket"],"domains":{"523":["basic","renew"]}}}`)
}

func TestAccountCreateContactEveryField(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/contact", 200, "account/contact_create.json")
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{
		Email: "e@example.com", FirstName: "F", LastName: "L", CompanyName: "Co", Address1: "A1", Address2: "A2",
		City: "C", State: "S", PostCode: "P", Country: "GB", Phone: "+44.1", Type: AccountCompany, MobilePhone: "+44 7",
		RIPETech: true, RIPEAdmin: true, RIPEPerson: "RP", RIPERole: "RR",
	})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPost, "/contact", `{
		"email":"e@example.com","firstname":"F","lastname":"L","companyname":"Co","address1":"A1",
		"address2":"A2","city":"C","state":"S","postcode":"P","country":"GB","phonenumber":"+44.1",
		"type":"Company","mobilephone":"+44 7","ripetech":["checked"],"ripeadmin":["checked"],
		"ripeperson":"RP","riperole":"RR"}`)
}

func TestAccountCreateContactValidation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{})
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "  ", FirstName: "Mary"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "CreateContact: Email")
	assert.Zero(t, rec.count(), "nothing is sent for invalid input")
}

func TestAccountCreateContactWithoutID(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/contact", 200, `{"info":["profile_added"]}`)
	_, err := env.client.Account.CreateContact(ctx, CreateContactRequest{Email: "m@example.com"})
	assert.ErrorContains(t, err, "no contact_id")
}

func TestAccountContact(t *testing.T) {
	t.Parallel()
	c := readFixture(t, "/contact/49", "account/contact.json", func(c *Client) (*Contact, error) {
		return c.Account.Contact(ctx, 49)
	})
	assert.Equal(t, &Contact{
		ID: 49, Email: "mary@example.com", FirstName: "Mary", LastName: "Sue", CompanyName: "",
		Company: false, Type: AccountPrivate,
		Address1: "Pretty View Lane", Address2: "3194", City: "Santa Rosa", State: "California",
		PostCode: "95401", Country: "US", Phone: "+1.24123123",
		Privileges: &Privileges{Support: []string{"tickets", "newticket"}},
	}, c)

	company := readFixture(t, "/contact/50", `{"contact":{"id":"50","type":"Company","privileges":[]}}`, func(c *Client) (*Contact, error) {
		return c.Account.Contact(ctx, 50)
	})
	assert.True(t, company.Company, "Company follows the type")
	assert.Equal(t, &Privileges{}, company.Privileges, "PHP's empty array is an empty tree")
}

func TestAccountContactNotFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/contact/404", 404, `{"error":["contact_not_found"]}`)

	_, err := env.client.Account.Contact(ctx, 404)
	require.ErrorIs(t, err, ErrNotFound)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 404, apiErr.StatusCode)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, "/contact/404", apiErr.Path)
	assert.Equal(t, []string{"contact_not_found"}, apiErr.Messages)
}

func TestAccountUpdateContact(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPut, "/contact/49", 200, "account/contact_update.json")

	off := false
	err := env.client.Account.UpdateContact(ctx, 49, UpdateContactRequest{
		Phone:      String("+1.5550100"),
		RIPEAdmin:  &off,
		Privileges: &Privileges{Billing: []string{"payinvoice"}, Services: &ObjectPrivileges{Full: true}},
	})
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPut, "/contact/49",
		`{"phonenumber":"+1.5550100","ripeadmin":[],"privileges":{"billing":["payinvoice"],"services":{"full":1}}}`)
}

func TestAccountUpdateContactInvalid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	err := env.client.Account.UpdateContact(ctx, 49, UpdateContactRequest{})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "UpdateContact")
	for _, id := range []int64{0, -1} {
		assert.ErrorIs(t, env.client.Account.UpdateContact(ctx, id, UpdateContactRequest{City: String("x")}), ErrInvalidArgument)
		assert.ErrorIs(t, second(env.client.Account.Contact(ctx, id)), ErrInvalidArgument)
		assert.ErrorIs(t, env.client.Account.AckNotification(ctx, id), ErrInvalidArgument)
		assert.ErrorIs(t, second(env.client.Account.Status(ctx, id)), ErrInvalidArgument)
	}
	assert.Zero(t, rec.count(), "nothing is sent for invalid input")
}

func TestAccountContactPrivileges(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/contact/privileges", 200, "account/privileges.json")

	p, err := env.client.Account.ContactPrivileges(ctx)
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/contact/privileges", "")

	assert.Equal(t, []string{"emails", "payinvoice", "orders", "balance", "addfunds", "creditcard"}, p.Billing)
	assert.Equal(t, []string{"newticket", "tickets", "closeticket", "emails"}, p.Support)
	assert.Equal(t, []string{"editmain", "emails", "editipaccess", "manageprofiles", "affiliates"}, p.Misc)
	require.NotNil(t, p.Services)
	assert.True(t, p.Services.Full)
	assert.Equal(t, []int64{332}, p.Services.IDs())
	assert.Equal(t, []string{"basic", "billing", "cancelation", "upgrade", "notify", "logindetails"}, p.Services.ByID[332])
	require.NotNil(t, p.Domains)
	assert.True(t, p.Domains.Full)
	assert.Equal(t, []string{"basic", "renew", "notify", "contactinfo", "nameservers"}, p.Domains.ByID[523])
	assert.Empty(t, p.Other)
}

func TestPrivilegesShapes(t *testing.T) {
	t.Parallel()
	var p Privileges
	require.NoError(t, p.UnmarshalJSON([]byte(`[]`)), "PHP's empty array is an empty tree")
	assert.Equal(t, Privileges{}, p)

	require.NoError(t, p.UnmarshalJSON([]byte(`{"dns":["zones"],"billing":{"0":"emails","2":"orders"}}`)))
	assert.Equal(t, []string{"emails", "orders"}, p.Billing, "number-keyed object in key order")
	assert.JSONEq(t, `["zones"]`, string(p.Other["dns"]), "unknown sections are kept")
	out, err := p.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"dns":["zones"],"billing":["emails","orders"]}`, string(out), "and sent back")

	var o ObjectPrivileges
	require.Error(t, o.UnmarshalJSON([]byte(`{"abc":["x"]}`)))
	require.Error(t, p.UnmarshalJSON([]byte(`"nope"`)))
}
