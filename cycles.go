package unmetered

// BillingCycle is the name of a billing cycle as the portal (HostBill) spells it in results,
// e.g. Service.BillingCycle == CycleMonthly. The API reference shows "Monthly" and "Annually";
// the other constants are HostBill's remaining cycle names. The server may send a name not
// listed here: the field then holds it as sent.
type BillingCycle string

// The billing cycles, as HostBill names them on the wire.
const (
	CycleFree           BillingCycle = "Free"
	CycleOneTime        BillingCycle = "One Time"
	CycleHourly         BillingCycle = "Hourly"
	CycleDaily          BillingCycle = "Daily"
	CycleWeekly         BillingCycle = "Weekly"
	CycleMonthly        BillingCycle = "Monthly"
	CycleQuarterly      BillingCycle = "Quarterly"
	CycleSemiAnnually   BillingCycle = "Semi-Annually"
	CycleAnnually       BillingCycle = "Annually"
	CycleBiennially     BillingCycle = "Biennially"
	CycleTriennially    BillingCycle = "Triennially"
	CycleQuadrennially  BillingCycle = "Quadrennially"
	CycleQuinquennially BillingCycle = "Quinquennially"
)

// CycleCode is the symbol of a billing period that requests take and product listings give:
// ProductPeriod.Cycle, ProductOrderRequest.Cycle, CartItem.Cycle, UpgradeRequest.Cycle, e.g.
// CycleCodeMonthly ("m"). The reference lists m, q, s, a, b and t; h, d, w, p4 and p5 are
// HostBill's other periods. Products on sale list the codes they accept (Cart.Product).
type CycleCode string

// The billing period symbols.
const (
	CycleCodeHourly         CycleCode = "h"
	CycleCodeDaily          CycleCode = "d"
	CycleCodeWeekly         CycleCode = "w"
	CycleCodeMonthly        CycleCode = "m"
	CycleCodeQuarterly      CycleCode = "q"
	CycleCodeSemiAnnually   CycleCode = "s"
	CycleCodeAnnually       CycleCode = "a"
	CycleCodeBiennially     CycleCode = "b"
	CycleCodeTriennially    CycleCode = "t"
	CycleCodeQuadrennially  CycleCode = "p4"
	CycleCodeQuinquennially CycleCode = "p5"
)

// cycleCodes pairs each period symbol with its cycle name.
var cycleCodes = [...]struct {
	code CycleCode
	name BillingCycle
}{
	{CycleCodeHourly, CycleHourly}, {CycleCodeDaily, CycleDaily}, {CycleCodeWeekly, CycleWeekly},
	{CycleCodeMonthly, CycleMonthly}, {CycleCodeQuarterly, CycleQuarterly},
	{CycleCodeSemiAnnually, CycleSemiAnnually}, {CycleCodeAnnually, CycleAnnually},
	{CycleCodeBiennially, CycleBiennially}, {CycleCodeTriennially, CycleTriennially},
	{CycleCodeQuadrennially, CycleQuadrennially}, {CycleCodeQuinquennially, CycleQuinquennially},
}

// Cycle returns the name of the period, e.g. CycleMonthly for CycleCodeMonthly, or "" for a
// code not listed above.
func (c CycleCode) Cycle() BillingCycle {
	for _, p := range cycleCodes {
		if p.code == c {
			return p.name
		}
	}
	return ""
}

// Code returns the period symbol of the cycle, e.g. CycleCodeAnnually for CycleAnnually, or ""
// for a cycle without one (CycleFree, CycleOneTime, a name not listed above).
func (c BillingCycle) Code() CycleCode {
	for _, p := range cycleCodes {
		if p.name == c {
			return p.code
		}
	}
	return ""
}
