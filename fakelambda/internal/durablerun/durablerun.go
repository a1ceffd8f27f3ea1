// Package durablerun joins the fake's service side of durable executions
// (package fakelambda, internal/state) to the code side (package durable)
// without making the plumbing public: durable sets Run when it loads.
package durablerun

import (
	"context"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Service is what an invocation's code calls: CheckpointDurableExecution.
type Service interface {
	Checkpoint(ctx context.Context, arn, token string, updates []state.OperationUpdate) (state.CheckpointAnswer, error)
}

// Envelope is the invocation the service gives the code (durable-engine.md
// §1.2), as Go values.
type Envelope struct {
	state.DurableWork
	InvokedFunctionARN string
}

// Run runs fn (a *durable.Function) for one invocation; package durable
// sets it.
var Run func(fn any, ctx context.Context, env Envelope, svc Service) state.InvocationOutput
