package unmetered

// Wire forms of the Account service's types: the portal's field names and loose types, each
// converted to its public type by public().

type accountDetailsWire struct {
	ID          looseInt  `json:"id"`
	Email       string    `json:"email"`
	LastLogin   looseTime `json:"lastlogin"`
	IP          string    `json:"ip"`
	Host        string    `json:"host"`
	FirstName   string    `json:"firstname"`
	LastName    string    `json:"lastname"`
	CompanyName string    `json:"companyname"`
	Address1    string    `json:"address1"`
	Address2    string    `json:"address2"`
	City        string    `json:"city"`
	State       string    `json:"state"`
	PostCode    string    `json:"postcode"`
	Country     string    `json:"country"`
	Phone       string    `json:"phonenumber"`
}

func (w *accountDetailsWire) public() AccountDetails {
	return AccountDetails{
		ID: int64(w.ID), Email: w.Email, LastLogin: w.LastLogin.Time, IP: w.IP, Host: w.Host,
		FirstName: w.FirstName, LastName: w.LastName, CompanyName: w.CompanyName,
		Address1: w.Address1, Address2: w.Address2, City: w.City, State: w.State,
		PostCode: w.PostCode, Country: w.Country, Phone: w.Phone,
	}
}

type logEntryWire struct {
	ID          looseInt  `json:"id"`
	Date        looseTime `json:"date"`
	Type        string    `json:"type"`
	Description string    `json:"description"`
}

func (w *logEntryWire) public() LogEntry {
	return LogEntry{ID: int64(w.ID), Date: w.Date.Time, Type: w.Type, Description: w.Description}
}

type affiliateSummaryWire struct {
	Visits   looseInt `json:"visits"`
	Signups  looseInt `json:"signups"`
	Balance  Decimal  `json:"balance"`
	Currency string   `json:"currency"`
}

type affiliateCampaignWire struct {
	ID   looseInt `json:"id"`
	Name string   `json:"name"`
	URL  string   `json:"url"`
}

func (w *affiliateCampaignWire) public() AffiliateCampaign {
	return AffiliateCampaign{ID: int64(w.ID), Name: w.Name, URL: w.URL}
}

type affiliateCommissionWire struct {
	ID     looseInt `json:"id"`
	Amount Decimal  `json:"amount"`
	Status string   `json:"status"`
}

func (w *affiliateCommissionWire) public() AffiliateCommission {
	return AffiliateCommission{ID: int64(w.ID), Amount: w.Amount, Status: w.Status}
}

type affiliatePayoutWire struct {
	ID     looseInt `json:"id"`
	Amount Decimal  `json:"amount"`
	Date   Date     `json:"date"`
}

func (w *affiliatePayoutWire) public() AffiliatePayout {
	return AffiliatePayout{ID: int64(w.ID), Amount: w.Amount, Date: w.Date}
}

type affiliateVoucherWire struct {
	ID    looseInt  `json:"id"`
	Code  string    `json:"code"`
	Value looseText `json:"value"`
}

func (w *affiliateVoucherWire) public() AffiliateVoucher {
	return AffiliateVoucher{ID: int64(w.ID), Code: w.Code, Value: string(w.Value)}
}

type affiliateCommissionPlanWire struct {
	ID   looseInt `json:"id"`
	Name string   `json:"name"`
	Type string   `json:"type"`
	Rate Decimal  `json:"rate"`
}

func (w *affiliateCommissionPlanWire) public() AffiliateCommissionPlan {
	return AffiliateCommissionPlan{ID: int64(w.ID), Name: w.Name, Type: w.Type, Rate: w.Rate}
}

type accountContactWire struct {
	ID          looseInt `json:"id"`
	Email       string   `json:"email"`
	FirstName   string   `json:"firstname"`
	LastName    string   `json:"lastname"`
	CompanyName string   `json:"companyname"`
	// Company is the list's flag; nil when absent (Contact sends the type instead).
	Company    *looseBool  `json:"company"`
	Type       string      `json:"type"`
	LastLogin  looseTime   `json:"lastlogin"`
	Address1   string      `json:"address1"`
	Address2   string      `json:"address2"`
	City       string      `json:"city"`
	State      string      `json:"state"`
	PostCode   string      `json:"postcode"`
	Country    string      `json:"country"`
	Phone      string      `json:"phonenumber"`
	Privileges *Privileges `json:"privileges"`
}

func (w *accountContactWire) public() Contact {
	c := Contact{
		ID: int64(w.ID), Email: w.Email, FirstName: w.FirstName, LastName: w.LastName,
		CompanyName: w.CompanyName, Type: AccountType(w.Type), LastLogin: w.LastLogin.Time,
		Address1: w.Address1, Address2: w.Address2, City: w.City, State: w.State,
		PostCode: w.PostCode, Country: w.Country, Phone: w.Phone, Privileges: w.Privileges,
	}
	switch {
	case w.Company != nil:
		c.Company = bool(*w.Company)
		if c.Type == "" {
			c.Type = AccountPrivate
			if c.Company {
				c.Type = AccountCompany
			}
		}
	default:
		c.Company = c.Type == AccountCompany
	}
	return c
}

type notificationWire struct {
	ID      looseInt  `json:"id"`
	RelType string    `json:"rel_type"`
	RelID   looseInt  `json:"rel_id"`
	Subject string    `json:"subject"`
	Date    looseTime `json:"date"`
	Seen    looseBool `json:"seen"`
}

func (w *notificationWire) public() Notification {
	return Notification{ID: int64(w.ID), RelType: w.RelType, RelID: int64(w.RelID), Subject: w.Subject,
		Date: w.Date.Time, Seen: bool(w.Seen)}
}

type portalStatusWire struct {
	ID          looseInt  `json:"id"`
	Status      string    `json:"status"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Date        looseTime `json:"date"`
}

func (w *portalStatusWire) public() PortalStatus {
	return PortalStatus{ID: int64(w.ID), Status: w.Status, Name: w.Name, Description: w.Description, Date: w.Date.Time}
}

// profileBody is the body of PUT /details, and the profile part of POST /contact and
// PUT /contact/@id. nil fields are left out.
type profileBody struct {
	Email       *string     `json:"email,omitempty"`
	FirstName   *string     `json:"firstname,omitempty"`
	LastName    *string     `json:"lastname,omitempty"`
	CompanyName *string     `json:"companyname,omitempty"`
	Address1    *string     `json:"address1,omitempty"`
	Address2    *string     `json:"address2,omitempty"`
	City        *string     `json:"city,omitempty"`
	State       *string     `json:"state,omitempty"`
	PostCode    *string     `json:"postcode,omitempty"`
	Country     *string     `json:"country,omitempty"`
	Phone       *string     `json:"phonenumber,omitempty"`
	Type        AccountType `json:"type,omitempty"`
	MobilePhone *string     `json:"mobilephone,omitempty"`
	// The checkbox lists: ["checked"] (or ["Yes"]) to set, [] to clear.
	RIPETech   *[]string `json:"ripetech,omitempty"`
	RIPEAdmin  *[]string `json:"ripeadmin,omitempty"`
	RIPEPerson *string   `json:"ripeperson,omitempty"`
	RIPERole   *string   `json:"riperole,omitempty"`
	Authy      *[]string `json:"authy,omitempty"`
}

// contactBody is the body of POST /contact and PUT /contact/@id.
type contactBody struct {
	profileBody
	Password   string      `json:"password,omitempty"`
	Privileges *Privileges `json:"privileges,omitempty"`
}

// The values the reference lists for the checkbox fields.
const (
	ripeChecked = "checked"
	authyYes    = "Yes"
)

// checkbox renders an optional flag as the checkbox list the portal takes.
func checkbox(flag *bool, on string) *[]string {
	if flag == nil {
		return nil
	}
	list := []string{}
	if *flag {
		list = append(list, on)
	}
	return &list
}

// optional returns a pointer to s, or nil for "" (not sent).
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optionalFlag returns a pointer to true, or nil for false (not sent).
func optionalFlag(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}

func (r *UpdateDetailsRequest) body() profileBody {
	return profileBody{
		Email: r.Email, FirstName: r.FirstName, LastName: r.LastName, CompanyName: r.CompanyName,
		Address1: r.Address1, Address2: r.Address2, City: r.City, State: r.State, PostCode: r.PostCode,
		Country: r.Country, Phone: r.Phone, Type: r.Type, MobilePhone: r.MobilePhone,
		RIPETech: checkbox(r.RIPETech, ripeChecked), RIPEAdmin: checkbox(r.RIPEAdmin, ripeChecked),
		RIPEPerson: r.RIPEPerson, RIPERole: r.RIPERole, Authy: checkbox(r.Authy, authyYes),
	}
}

func (r *CreateContactRequest) body() contactBody {
	return contactBody{
		profileBody: profileBody{
			Email: optional(r.Email), FirstName: optional(r.FirstName), LastName: optional(r.LastName),
			CompanyName: optional(r.CompanyName), Address1: optional(r.Address1), Address2: optional(r.Address2),
			City: optional(r.City), State: optional(r.State), PostCode: optional(r.PostCode),
			Country: optional(r.Country), Phone: optional(r.Phone), Type: r.Type,
			MobilePhone: optional(r.MobilePhone),
			RIPETech:    checkbox(optionalFlag(r.RIPETech), ripeChecked),
			RIPEAdmin:   checkbox(optionalFlag(r.RIPEAdmin), ripeChecked),
			RIPEPerson:  optional(r.RIPEPerson), RIPERole: optional(r.RIPERole),
			Authy: checkbox(optionalFlag(r.Authy), authyYes),
		},
		Password:   r.Password,
		Privileges: r.Privileges,
	}
}

func (r *UpdateContactRequest) body() contactBody {
	d := UpdateDetailsRequest{
		Email: r.Email, FirstName: r.FirstName, LastName: r.LastName, CompanyName: r.CompanyName,
		Address1: r.Address1, Address2: r.Address2, City: r.City, State: r.State, PostCode: r.PostCode,
		Country: r.Country, Phone: r.Phone, Type: r.Type, MobilePhone: r.MobilePhone,
		RIPETech: r.RIPETech, RIPEAdmin: r.RIPEAdmin, RIPEPerson: r.RIPEPerson, RIPERole: r.RIPERole,
		Authy: r.Authy,
	}
	return contactBody{profileBody: d.body(), Privileges: r.Privileges}
}

// isEmpty reports whether the body sends nothing.
func (b *contactBody) isEmpty() bool {
	return *b == contactBody{}
}
