package asl

import (
	"encoding/json"
	"testing"
)

// typicalInput is a typical state input of about 1 KB: an order event.
const typicalInput = `{
  "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "Order Placed",
  "source": "com.example.orders", "account": "123456789012", "time": "2026-12-07T04:00:00Z", "region": "us-east-1",
  "detail": {
    "orderId": "o-1234567890", "status": "PLACED", "total": 135.5, "currency": "EUR",
    "customer": {"id": "c-42", "name": "Ada Lovelace", "email": "ada@example.com", "tier": "gold",
      "address": {"street": "12 Analytical Way", "city": "London", "zip": "N1 9GU", "country": "GB"}},
    "items": [
      {"sku": "sku-1", "name": "Difference engine manual", "qty": 3, "price": 10, "tags": ["book", "history"]},
      {"sku": "sku-2", "name": "Punch cards (100)", "qty": 10, "price": 0.5, "tags": ["supplies"]},
      {"sku": "sku-3", "name": "Brass gear set", "qty": 1, "price": 100, "tags": ["parts", "heavy"]}
    ],
    "payment": {"method": "card", "last4": "4242", "authorized": true},
    "notes": "Leave at the door. Ring twice. The dog is friendly but loud; do not mind it."
  }
}`

func benchInput(b *testing.B) any {
	if n := len(typicalInput); n < 900 || n > 1300 {
		b.Fatalf("typical input is %d bytes", n)
	}
	return decode(b, typicalInput)
}

func BenchmarkPath(b *testing.B) {
	input := benchInput(b)
	for _, p := range []string{"$.detail.customer.address.city", "$.detail-type", "$.detail.items[*].sku", "$.detail.items[?(@.price > 5)].name", "$..sku"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				if _, err := Path(p, input, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPayload(b *testing.B) {
	input := benchInput(b)
	tmpl := decode(b, `{
	  "OrderId.$": "$.detail.orderId", "Customer": {"Name.$": "$.detail.customer.name", "Email.$": "$.detail.customer.email"},
	  "Skus.$": "$.detail.items[*].sku", "Count.$": "States.ArrayLength($.detail.items)",
	  "Subject.$": "States.Format('Order {} for {}', $.detail.orderId, $.detail.customer.name)",
	  "Execution.$": "$$.Execution.Id", "Static": "yes"}`)
	ctx := decode(b, `{"Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:orders:run-1"}}`)
	for b.Loop() {
		if _, err := Payload(tmpl, input, ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPutResult(b *testing.B) {
	input := benchInput(b)
	result := map[string]any{"StatusCode": json.Number("200")}
	for b.Loop() {
		if _, err := PutResult("$.detail.invoke.result", false, input, result); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEval(b *testing.B) {
	states := map[string]any{"input": benchInput(b)}
	for b.Loop() {
		if _, err := Eval("{% $sum($states.input.detail.items.(price * qty)) %}", states, nil); err != nil {
			b.Fatal(err)
		}
	}
}
