package policy

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	d, err := Parse([]byte(`{"Version":"2012-10-17","Id":"x","Statement":[
		{"Sid":"one","Effect":"Allow","Action":["lambda:Get*","lambda:List*"],"Resource":"*",
		 "Condition":{"NumericLessThan":{"aws:EpochTime":1800000000},"Bool":{"aws:SecureTransport":true}}},
		{"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:iam::*:role/x"],"Principal":{"AWS":["111122223333"],"Service":"lambda.amazonaws.com"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Statements) != 2 || d.ID != "x" {
		t.Fatalf("parsed %+v", d)
	}
	st := d.Statements[0]
	want := []Condition{{"Bool", "aws:SecureTransport", []string{"true"}}, {"NumericLessThan", "aws:EpochTime", []string{"1800000000"}}}
	for i, c := range st.Conditions {
		if c.Operator != want[i].Operator || c.Key != want[i].Key || c.Values[0] != want[i].Values[0] {
			t.Errorf("condition %d = %+v, want %+v", i, c, want[i])
		}
	}
	if p := d.Statements[1].Principal; len(p["AWS"]) != 1 || p["Service"][0] != "lambda.amazonaws.com" {
		t.Errorf("principal %+v", p)
	}
}

func TestParseRefuses(t *testing.T) {
	for name, doc := range map[string]string{
		"NotJSON":            `{`,
		"NoStatement":        `{"Version":"2012-10-17"}`,
		"EmptyStatement":     `{"Statement":[]}`,
		"BadEffect":          `{"Statement":{"Effect":"Maybe","Action":"*","Resource":"*"}}`,
		"NoAction":           `{"Statement":{"Effect":"Allow","Resource":"*"}}`,
		"ActionAndNotAction": `{"Statement":{"Effect":"Allow","Action":"*","NotAction":"x:y","Resource":"*"}}`,
		"NullAction":         `{"Statement":{"Effect":"Allow","Action":null,"Resource":"*"}}`,
		"NumberAction":       `{"Statement":{"Effect":"Allow","Action":3,"Resource":"*"}}`,
		"UnknownElement":     `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condtion":{}}}`,
		"BadOperator":        `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqual":{"k":"v"}}}}`,
		"ObjectValue":        `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":{"a":1}}}}}`,
		"BadVersion":         `{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		"PrincipalString":    `{"Statement":{"Effect":"Allow","Principal":"someone","Action":"*"}}`,
		"Trailing":           `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}} {}`,
	} {
		if _, err := Parse([]byte(doc)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Parse = %v, want ErrMalformed", name, err)
		}
	}
}
