package fakelambda

import (
	"strings"
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Asynchronous invocation configuration: Put, Update, Get, Delete and
// ListFunctionEventInvokeConfigs on /2019-09-25/functions/{FunctionName}/
// event-invoke-config, per function scope ($LATEST when unqualified, a
// version, an alias). The configs govern queued Event invocations
// (RunQueued in invoke.go): retries, the maximum event age and the
// OnSuccess and OnFailure destinations (destinations.go).

// eicInput is Put's and Update's body.
type eicInput struct {
	MaximumRetryAttempts     *int
	MaximumEventAgeInSeconds *int
	DestinationConfig        *struct {
		OnSuccess *struct{ Destination *string }
		OnFailure *struct{ Destination *string }
	}
}

// eicOutput is a FunctionEventInvokeConfig as Lambda sends it: LastModified
// in epoch seconds (a JSON number, unlike FunctionConfiguration's ISO
// string), FunctionArn qualified ("...:$LATEST" for an unqualified call),
// DestinationConfig always present with both sides, an unset side {}.
type eicOutput struct {
	DestinationConfig        eicDestinations
	FunctionArn              string
	LastModified             float64
	MaximumEventAgeInSeconds *int `json:",omitempty"`
	MaximumRetryAttempts     *int `json:",omitempty"`
}

type eicDestinations struct {
	OnFailure eicDestination
	OnSuccess eicDestination
}

type eicDestination struct {
	Destination string `json:",omitempty"`
}

func eicView(r *state.Region, name string, c state.EventInvokeConfig) eicOutput {
	return eicOutput{
		DestinationConfig:        eicDestinations{OnFailure: eicDestination{c.OnFailure}, OnSuccess: eicDestination{c.OnSuccess}},
		FunctionArn:              r.QualifiedARN(name, c.Qualifier),
		LastModified:             epoch(c.LastModified),
		MaximumEventAgeInSeconds: c.MaximumEventAgeInSeconds,
		MaximumRetryAttempts:     c.MaximumRetryAttempts,
	}
}

func (f *Fake) putFunctionEventInvokeConfig(rq *request) *response {
	return f.storeEventInvokeConfig(rq, false)
}

func (f *Fake) updateFunctionEventInvokeConfig(rq *request) *response {
	return f.storeEventInvokeConfig(rq, true)
}

// storeEventInvokeConfig is Put (replace) and Update (merge). Lambda checks,
// in order: that something is set (before the function is looked up,
// recorded), the function and scope, then the destinations.
func (f *Fake) storeEventInvokeConfig(rq *request, merge bool) *response {
	var in eicInput
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	if in.MaximumRetryAttempts == nil && in.MaximumEventAgeInSeconds == nil && in.DestinationConfig == nil {
		return fail(errInvalidParam("You must specify at least one of error handling or destination setting."))
	}
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	c := state.EventInvokeConfig{MaximumRetryAttempts: in.MaximumRetryAttempts, MaximumEventAgeInSeconds: in.MaximumEventAgeInSeconds}
	if d := in.DestinationConfig; d != nil {
		c.HasDestinationConfig = true
		if d.OnSuccess != nil && d.OnSuccess.Destination != nil {
			c.OnSuccess = *d.OnSuccess.Destination
		}
		if d.OnFailure != nil && d.OnFailure.Destination != nil {
			c.OnFailure = *d.OnFailure.Destination
		}
	}
	if !r.HasFunction(name) {
		return failState(&state.Error{Code: "ResourceNotFoundException", Status: 404, Message: "The function doesn't exist."})
	}
	if c.HasDestinationConfig {
		if e := f.checkDestinations(rq, name, in, c); e != nil {
			return fail(e)
		}
	}
	out, se := r.PutEventInvokeConfig(name, q, c, merge, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(200, eicView(r, name, out))
}

// destinationService is the service of a destination ARN Lambda accepts
// ("lambda", "sqs", "sns", "events", "s3"), "" for any other.
func destinationService(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	switch parts[2] {
	case "lambda", "sqs", "sns", "events", "s3":
		return parts[2]
	}
	return ""
}

// checkDestinations validates a DestinationConfig's ARNs as Lambda does:
// a Lambda destination must exist and not be the function itself; any
// other service than Lambda, SQS, SNS, EventBridge (and S3, on failure
// only) makes the whole config invalid, reported as Lambda's Java
// toString of it (recorded: put_destination_invalid_service_arn).
func (f *Fake) checkDestinations(rq *request, name string, in eicInput, c state.EventInvokeConfig) *APIError {
	for _, side := range []struct {
		arn       string
		onFailure bool
	}{{c.OnSuccess, false}, {c.OnFailure, true}} {
		if side.arn == "" {
			continue
		}
		svc := destinationService(side.arn)
		if svc == "" || svc == "s3" && !side.onFailure {
			return errInvalidParam("The provided destination config " + javaDestinationConfig(in) + " is invalid.")
		}
		if svc != "lambda" {
			continue
		}
		ref, ok := parseFunctionName(side.arn)
		if !ok || ref.Region == "" || ref.Account == "" {
			return errInvalidParam("The destination ARN " + side.arn + " is invalid.")
		}
		if ref.Name == name && ref.Region == rq.region && ref.Account == rq.account {
			return errInvalidParam("You can't specify the function as a destination for itself.")
		}
		if !f.store.Region(ref.Account, ref.Region).HasFunction(ref.Name) {
			return errInvalidParam("The destination ARN " + side.arn + " is invalid.")
		}
	}
	return nil
}

// javaDestinationConfig writes a DestinationConfig as Lambda's Java
// toString does: DestinationConfig(onSuccess=OnSuccess(destination=...),
// onFailure=null).
func javaDestinationConfig(in eicInput) string {
	side := func(kind string, d *struct{ Destination *string }) string {
		if d == nil {
			return "null"
		}
		dest := "null"
		if d.Destination != nil {
			dest = *d.Destination
		}
		return kind + "(destination=" + dest + ")"
	}
	d := in.DestinationConfig
	return "DestinationConfig(onSuccess=" + side("OnSuccess", d.OnSuccess) + ", onFailure=" + side("OnFailure", d.OnFailure) + ")"
}

func (f *Fake) getFunctionEventInvokeConfig(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	c, se := r.GetEventInvokeConfig(name, q)
	if se != nil {
		return failState(se)
	}
	return answer(200, eicView(r, name, c))
}

func (f *Fake) deleteFunctionEventInvokeConfig(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	if se := f.regionOf(rq).DeleteEventInvokeConfig(name, q); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// listFunctionEventInvokeConfigs answers GET
// .../event-invoke-config/list?Marker=&MaxItems= (1..50): $LATEST's config,
// the versions', then the aliases'. A qualifier in the name is ignored.
func (f *Fake) listFunctionEventInvokeConfigs(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 50, 50, 50)
	name, _, e := f.target(rq, v)
	if e != nil {
		return fail(e)
	}
	if e := v.err(); e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	cs, se := r.EventInvokeConfigs(name)
	if se != nil {
		return failState(se)
	}
	page, next, e := paginate(cs, func(c state.EventInvokeConfig) string { return state.EventInvokeConfigKey(c.Qualifier) }, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		FunctionEventInvokeConfigs []eicOutput
		NextMarker                 string `json:",omitempty"`
	}{FunctionEventInvokeConfigs: make([]eicOutput, 0, len(page)), NextMarker: next}
	for _, c := range page {
		out.FunctionEventInvokeConfigs = append(out.FunctionEventInvokeConfigs, eicView(r, name, c))
	}
	return answer(200, out)
}

// eventAge is the MaximumEventAgeInSeconds of c, Lambda's six hours when
// unset.
func eventAge(c state.EventInvokeConfig) time.Duration {
	if c.MaximumEventAgeInSeconds != nil {
		return time.Duration(*c.MaximumEventAgeInSeconds) * time.Second
	}
	return 21600 * time.Second
}

// eventAttempts is how many runs a failing event gets under c: one plus
// MaximumRetryAttempts, Lambda's two retries when unset.
func eventAttempts(c state.EventInvokeConfig) int {
	if c.MaximumRetryAttempts != nil {
		return 1 + *c.MaximumRetryAttempts
	}
	return maxEventAttempts
}

// invokeAsync answers the deprecated InvokeAsync, POST
// /2014-11-13/functions/{FunctionName}/invoke-async (a trailing "/"
// accepted): the body is the event, queued as an Event invocation of
// $LATEST (or the qualifier in the name) and answered 202
// {"Status":202}. SDKs read Status from the status line.
func (f *Fake) invokeAsync(rq *request) *response {
	name, q, e := f.target(rq, nil)
	if e != nil {
		return fail(e)
	}
	r := f.regionOf(rq)
	t, se := r.Resolve(name, q, state.Lookup{Invoke: true}) // unqualified: $LATEST, or $LATEST.PUBLISHED (capacity providers)
	if se == nil {
		se = r.Invocable(t, rq.now) // Pending or Failed: 409
	}
	if se != nil {
		return failState(se)
	}
	if e := checkJSON(rq.body); e != nil {
		return fail(e)
	}
	payload := rq.body
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	f.enqueue(rq, r, t, r.InvokeVersion(t, f.draw), payload)
	return answer(202, struct{ Status int }{202})
}
