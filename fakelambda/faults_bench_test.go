package fakelambda_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// BenchmarkFaultMatching measures a GetProvisionedConcurrencyConfig call
// through the SDK with no faults and with 100 faults that do not match it.
// Compare the two: non-matching faults must add no measurable cost.
func BenchmarkFaultMatching(b *testing.B) {
	for _, n := range []int{0, 100} {
		b.Run(fmt.Sprintf("faults=%d", n), func(b *testing.B) {
			ctx := context.Background()
			fake := fakelambda.New(fakelambda.WithAllocation(fakelambda.ReadyAfter(0)))
			client := lambda.NewFromConfig(middleware.Config(fake))
			_, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("f"),
				Role: aws.String("arn:aws:iam::123456789012:role/r"), Runtime: types.RuntimeProvidedal2023,
				Handler: aws.String("bootstrap"), Code: &types.FunctionCode{ZipFile: []byte("z")}})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := client.PublishVersion(ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")}); err != nil {
				b.Fatal(err)
			}
			if _, err := client.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("f"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(1)}); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < n; i++ {
				fake.AddFault(fakelambda.Fault{Operation: "GetProvisionedConcurrencyConfig",
					Function: fmt.Sprintf("other-%d", i), Err: fakelambda.ServiceError("never")})
			}
			in := &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("f"), Qualifier: aws.String("1")}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := client.GetProvisionedConcurrencyConfig(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFaultMatchingHandler is BenchmarkFaultMatching without the SDK:
// the fake's own handler, so the matching cost is not hidden by the SDK's.
func BenchmarkFaultMatchingHandler(b *testing.B) {
	for _, n := range []int{0, 100} {
		b.Run(fmt.Sprintf("faults=%d", n), func(b *testing.B) {
			fake := fakelambda.New(fakelambda.WithAllocation(fakelambda.ReadyAfter(0)))
			client := lambda.NewFromConfig(middleware.Config(fake))
			ctx := context.Background()
			if _, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("f"),
				Role: aws.String("arn:aws:iam::123456789012:role/r"), Runtime: types.RuntimeProvidedal2023,
				Handler: aws.String("bootstrap"), Code: &types.FunctionCode{ZipFile: []byte("z")}}); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < n; i++ {
				fake.AddFault(fakelambda.Fault{Operation: "GetFunction",
					Function: fmt.Sprintf("other-%d", i), Err: fakelambda.ServiceError("never")})
			}
			req := httptest.NewRequest("GET", "/2015-03-31/functions/f/configuration", nil)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rec := httptest.NewRecorder()
				fake.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}
