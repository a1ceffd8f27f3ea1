package model

import (
	"net/url"
	"testing"
)

// A typical CreateFunction body, as the Go SDK sends it.
const benchCreateBody = `{"Architectures":["arm64"],"Code":{"ZipFile":"UEsDBA=="},"Description":"an example function",` +
	`"Environment":{"Variables":{"APP_MODE":"b","LOG_LEVEL":"debug"}},"FunctionName":"f1","Handler":"bootstrap","MemorySize":128,` +
	`"Publish":true,"Role":"arn:aws:iam::123456789012:role/r","Runtime":"provided.al2023","Tags":{"team":"x"},"Timeout":3,` +
	`"TracingConfig":{"Mode":"Active"}}`

func BenchmarkValidateCreateFunction(b *testing.B) {
	in := request{op: "CreateFunction", body: benchCreateBody}.input(b)
	if v := Validate("CreateFunction", in); v != nil {
		b.Fatal(v)
	}
	b.ReportAllocs()
	for b.Loop() {
		Validate("CreateFunction", in)
	}
}

func BenchmarkValidateGetProvisionedConcurrencyConfig(b *testing.B) {
	in := Input{Label: func(string) string { return "my-function" }, Query: url.Values{"Qualifier": {"live"}}}
	if v := Validate("GetProvisionedConcurrencyConfig", in); v != nil {
		b.Fatal(v)
	}
	b.ReportAllocs()
	for b.Loop() {
		Validate("GetProvisionedConcurrencyConfig", in)
	}
}

func BenchmarkValidateGetFunctionARN(b *testing.B) {
	in := Input{Label: func(string) string { return "arn:aws:lambda:us-east-1:123456789012:function:my-function:live" }}
	if v := Validate("GetFunction", in); v != nil {
		b.Fatal(v)
	}
	b.ReportAllocs()
	for b.Loop() {
		Validate("GetFunction", in)
	}
}

func BenchmarkValidateInvalid(b *testing.B) {
	in := request{op: "CreateFunction", body: `{"FunctionName":"bad name","Role":"r1","Code":{}}`}.input(b)
	b.ReportAllocs()
	for b.Loop() {
		Message(Validate("CreateFunction", in))
	}
}
