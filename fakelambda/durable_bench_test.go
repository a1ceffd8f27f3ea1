package fakelambda_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/benbjohnson/clock"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/fakelambda/durable"
	"github.com/fakeaws/lambda/middleware"
)

// stepsAndWaits is a durable handler of steps steps with a one-day wait
// after every steps/waits of them (waits in all).
func stepsAndWaits(steps, waits int) durable.Handler[struct{}, int] {
	every := steps / waits
	stepNames := make([]string, steps)
	for i := range stepNames {
		stepNames[i] = "s" + strconv.Itoa(i)
	}
	return func(ctx durable.Context, _ struct{}) (int, error) {
		sum := 0
		for i := range steps {
			n, err := durable.Step(ctx, stepNames[i], func(durable.StepContext) (int, error) { return i, nil })
			if err != nil {
				return 0, err
			}
			sum += n
			if (i+1)%every == 0 && (i+1)/every <= waits {
				if err := durable.Wait(ctx, "day", 24*time.Hour); err != nil {
					return 0, err
				}
			}
		}
		return sum, nil
	}
}

// runDurableWorkflow runs one execution of stepsAndWaits(steps, waits) to
// its end on a fresh fake: an Event Invoke, the clock moved past every
// wait, one GetDurableExecution (whose request fires the waits in order).
func runDurableWorkflow(b *testing.B, fn *durable.Function, waits int) {
	ctx := context.Background()
	clk := clock.NewMock()
	fake := fakelambda.New(fakelambda.WithClock(clk), fakelambda.WithoutTransitions())
	client := lambda.NewFromConfig(middleware.Config(fake))
	if _, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("fn"),
		Role:         aws.String("arn:aws:iam::123456789012:role/r"),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Code:         &types.FunctionCode{ZipFile: []byte("zip")},
	}); err != nil {
		b.Fatal(err)
	}
	fake.SetDurableHandler("fn", fn)
	out, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("fn:$LATEST"),
		InvocationType: types.InvocationTypeEvent, Payload: []byte(`{}`)})
	if err != nil {
		b.Fatal(err)
	}
	clk.Add(time.Duration(waits)*24*time.Hour + time.Second)
	g, err := client.GetDurableExecution(ctx, &lambda.GetDurableExecutionInput{DurableExecutionArn: out.DurableExecutionArn})
	if err != nil {
		b.Fatal(err)
	}
	if g.Status != types.ExecutionStatusSucceeded {
		b.Fatalf("status %s, error %v", g.Status, g.Error)
	}
}

// BenchmarkDurableWorkflow: an execution of steps steps and waits one-day
// waits (one after every steps/waits steps), from the Invoke to SUCCEEDED,
// at several sizes. Besides ns/op (one whole execution on a fresh fake) it
// reports ns/operation (per step or wait) and ns/op-inv (per operation
// times invocation: the execution is invoked waits+1 times and every
// invocation replays the log from the top, so the work of replay grows as
// operations × invocations).
func BenchmarkDurableWorkflow(b *testing.B) {
	sizes := []struct{ steps, waits int }{
		{250, 25}, {500, 50}, {1000, 100}, {2000, 200}, // waits proportional to steps
		{500, 100}, {2000, 100}, // 100 waits (and 1000/100 above)
		{1000, 10}, {1000, 50}, {1000, 200}, // 1,000 steps
	}
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("steps=%d/waits=%d", sz.steps, sz.waits), func(b *testing.B) {
			fn := durable.Wrap(stepsAndWaits(sz.steps, sz.waits))
			b.ReportAllocs()
			for b.Loop() {
				runDurableWorkflow(b, fn, sz.waits)
			}
			ops, inv := sz.steps+sz.waits, sz.waits+1
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(ns/float64(ops), "ns/operation")
			b.ReportMetric(ns/float64(ops*inv), "ns/op-inv")
		})
	}
}
