package unmetered_test

import (
	"context"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func ExampleSupportService_CreateTicket() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	ctx := context.Background()
	depts, err := client.Support.Departments(ctx)
	if err != nil {
		fmt.Println("departments:", err)
		return
	}
	var deptID int64
	for _, d := range depts {
		if d.Name == "Technical Support" {
			deptID = d.ID
		}
	}
	number, err := client.Support.CreateTicket(ctx, unmetered.CreateTicketRequest{
		DepartmentID: deptID,
		Subject:      "Disk full",
		Body:         "The disk of vps.example.com is full.",
	})
	if err != nil {
		fmt.Println("create:", err) // never retried once sent: check Tickets before trying again
		return
	}
	if err := client.Support.Reply(ctx, number, "It holds logs only; they can go."); err != nil {
		fmt.Println("reply:", err)
		return
	}
	t, err := client.Support.Ticket(ctx, number)
	if err != nil {
		fmt.Println("ticket:", err)
		return
	}
	fmt.Println(t.Number, t.Department, t.Status, len(t.Replies))
	fmt.Println(t.Status == unmetered.TicketClientReply)
	// Output:
	// 865650 Technical Support Client-Reply 1
	// true
}

func ExampleSupportService_Tickets() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	tickets, err := client.Support.Tickets(context.Background())
	if err != nil {
		fmt.Println("tickets:", err)
		return
	}
	// Tickets waiting for the account: staff answered them.
	for _, t := range tickets {
		if t.Status == unmetered.TicketAnswered {
			fmt.Println(t.Number, t.Subject)
		}
	}
	// Output: 736633 Lore Ipsum
}
