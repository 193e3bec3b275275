package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// cycleCodes are the billing periods "product order --cycle" takes.
var cycleCodes = []unmetered.CycleCode{
	unmetered.CycleCodeHourly, unmetered.CycleCodeDaily, unmetered.CycleCodeWeekly, unmetered.CycleCodeMonthly,
	unmetered.CycleCodeQuarterly, unmetered.CycleCodeSemiAnnually, unmetered.CycleCodeAnnually,
	unmetered.CycleCodeBiennially, unmetered.CycleCodeTriennially, unmetered.CycleCodeQuadrennially,
	unmetered.CycleCodeQuinquennially,
}

var categoryColumns = []column[unmetered.ProductCategory]{
	{"ID", func(c unmetered.ProductCategory) any { return c.ID }},
	{"NAME", func(c unmetered.ProductCategory) any { return c.Name }},
	{"SLUG", func(c unmetered.ProductCategory) any { return c.Slug }},
}

func newProductCmd(a *app) *cobra.Command {
	cmd := group(a, "product", "The catalogue: categories, products, prices; order with a quote first")
	category := group(a, "category", "Product categories")
	category.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list",
		Short:   "List the product categories",
		Example: "  unmetered product category list",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			list, err := c.Cart.Categories(ctx)
			if err != nil {
				return err
			}
			return printList(a, list, categoryColumns)
		}),
	}, categoryColumns))
	cmd.AddCommand(category, newProductListCmd(a), newProductShowCmd(a), newProductOrderCmd(a))
	return cmd
}

var productColumns = []column[unmetered.CartProduct]{
	{"ID", func(p unmetered.CartProduct) any { return p.ID }},
	{"NAME", func(p unmetered.CartProduct) any { return p.Name }},
	{"PRICES", func(p unmetered.CartProduct) any { return periodPrices(p.Periods) }},
}

func newProductListCmd(a *app) *cobra.Command {
	var categoryID int64
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the products for sale, with their prices",
		Long: `List the products for sale in one category (--category), or in every category. Prices are per
billing period, by period code (m monthly, q quarterly, s semi-annually, a annually, b biennially,
t triennially; h, d, w, p4 and p5 where offered).`,
		Example: "  unmetered product list\n  unmetered product list --category 10 -o json | jq '.[].periods'",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("category") && categoryID < 1 {
				return usageErrorf("--category %d: a category id from 1 (see 'unmetered product category list')", categoryID)
			}
			ids := []int64{categoryID}
			if categoryID == 0 {
				cats, err := c.Cart.Categories(ctx)
				if err != nil {
					return err
				}
				ids = ids[:0]
				for _, cat := range cats {
					ids = append(ids, cat.ID)
				}
			}
			var list []unmetered.CartProduct
			for _, id := range ids {
				ps, err := c.Cart.Products(ctx, id)
				if err != nil {
					return err
				}
				list = append(list, ps...)
			}
			return printList(a, list, productColumns)
		}),
	}
	cmd.Flags().Int64Var(&categoryID, "category", 0, "only this category's products (default: every category)")
	return listCommand(a, cmd, productColumns)
}

// periodPrices spells a product's prices: "m 9.99, a 109.89 (setup 99.00)".
func periodPrices(periods []unmetered.ProductPeriod) string {
	parts := make([]string, len(periods))
	for i, p := range periods {
		parts[i] = string(p.Cycle) + " " + p.Price.String()
		if p.Setup.Sign() != 0 {
			parts[i] += " (setup " + p.Setup.String() + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func newProductShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Show a product and what can be chosen when ordering it",
		Example: "  unmetered product show 333\n  unmetered product show 333 -o json | jq .config.forms",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("product", args[0])
			if err != nil {
				return err
			}
			p, err := c.Cart.Product(ctx, id)
			if err != nil {
				return err
			}
			var forms, addons []string
			for _, f := range p.Config.Forms {
				forms = append(forms, f.Title)
			}
			for _, ad := range p.Config.Addons {
				addons = append(addons, ad.Title)
			}
			return a.printObject(p, []field{
				{"ID", p.ID},
				{"Name", p.Name},
				{"Category", p.CategoryName},
				{"Default cycle", p.Recurring},
				{"Price", p.Price},
				{"Recurring", p.RecurringPrice},
				{"Setup", p.Setup},
				{"Options", strings.Join(forms, ", ")},
				{"Addons", strings.Join(addons, ", ")},
			})
		}),
	}
}

// orderResult is what "product order" prints: the quote, and the order once placed.
type orderResult struct {
	Quote *unmetered.Quote       `json:"quote"`
	Order *unmetered.OrderResult `json:"order,omitempty"`
}

func newProductOrderCmd(a *app) *cobra.Command {
	var cycle, domain, promo string
	var dryRun, yes bool
	cmd := &cobra.Command{
		Use:   "order ID",
		Short: "Order a product, after a price quote",
		Long: `Order product ID: first ask the portal for a quote (what is due now, what recurs), print it,
then order exactly what was quoted, which creates the services and an invoice (pay it with
"unmetered invoice pay"). --dry-run stops after the quote.

Ordering costs money: it asks on a terminal and needs --yes otherwise. It is sent once: exit
code 3 means the order may have been placed although the answer was lost, so check with
"unmetered invoice list --status Unpaid" before running the command again.`,
		Example: `  unmetered product order 333 --cycle m --domain example.com --dry-run
  unmetered product order 333 --cycle a --domain example.com --yes -o json | jq .order.invoice_id`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("product", args[0])
			if err != nil {
				return err
			}
			var code unmetered.CycleCode
			if cycle != "" {
				if code, err = parseEnum("--cycle", cycle, cycleCodes); err != nil {
					return err
				}
			}
			if !dryRun {
				if err := a.refuseUnconfirmed(yes, fmt.Sprintf("order product %d", id)); err != nil {
					return err
				}
			}
			item := unmetered.ProductItem(id, code)
			item.Domain, item.PromoCode = strings.TrimSpace(domain), strings.TrimSpace(promo)
			q, order, err := a.quoteAndOrder(ctx, c, item, dryRun, yes,
				func(q *unmetered.Quote) string {
					return fmt.Sprintf("order %s for %s due now", quoteItemName(q), q.Summary.Total)
				},
				func() (*unmetered.OrderResult, error) {
					return c.Cart.OrderItems(ctx, unmetered.CartOrderRequest{Items: []unmetered.CartItem{item}})
				})
			if err != nil {
				return err
			}
			res := orderResult{Quote: q, Order: order}
			return a.printOrder(res, res.Order)
		}),
	}
	cmd.Flags().StringVar(&cycle, "cycle", "", "billing period code: "+enumList(cycleCodes)+" (default: the product's)")
	cmd.Flags().StringVar(&domain, "domain", "", "the domain the service is for, when the product needs one")
	cmd.Flags().StringVar(&promo, "promo", "", "a promotion code")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the quote only; order nothing")
	addYesFlag(cmd, &yes)
	_ = cmd.RegisterFlagCompletionFunc("cycle", enumCompletion(cycleCodes))
	return cmd
}

// quoteItemName names what a quote prices, for the confirmation.
func quoteItemName(q *unmetered.Quote) string {
	var names []string
	for _, it := range q.Items {
		if it.Product != nil {
			name := it.Product.Name
			if it.Product.Domain != "" {
				name += " for " + it.Product.Domain
			}
			names = append(names, name)
		}
		for _, d := range it.Domains {
			names = append(names, d.Name)
		}
	}
	if len(names) == 0 {
		return "the items quoted"
	}
	return strings.Join(names, ", ")
}

// quoteFields are the table lines of a quote.
func quoteFields(q *unmetered.Quote) []field {
	var recurring []string
	for _, r := range q.Summary.Recurring {
		recurring = append(recurring, fmt.Sprintf("%s %s", r.Price, r.Title))
	}
	fields := []field{{"Quote for", quoteItemName(q)}, {"Subtotal", q.Summary.Subtotal}}
	if q.Summary.Discount.Sign() != 0 {
		fields = append(fields, field{"Discount", q.Summary.Discount})
	}
	if q.Summary.Credit.Sign() != 0 {
		fields = append(fields, field{"Credit", q.Summary.Credit})
	}
	return append(fields, field{"Due now", q.Summary.Total}, field{"Recurring", strings.Join(recurring, ", ")})
}
