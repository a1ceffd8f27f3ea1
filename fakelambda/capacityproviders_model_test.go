package fakelambda

import (
	"math/rand"
	"slices"
	"strconv"
	"strings"
)

// TestModel's share of the capacity provider operations (randomOp and
// model.apply call in here): Create, Get, Update, Delete and
// ListCapacityProviders, ListFunctionVersionsByCapacityProvider, and tags
// on a provider's ARN. TestModel's fake runs WithoutTransitions, so a
// provider answered Pending (or Deleting) is Active (or gone) at the next
// request: the model settles every provider before each operation.

var cpKinds = []struct {
	kind string
	w    int
}{
	{"createCP", 3}, {"getCP", 2}, {"updateCP", 2}, {"deleteCP", 1}, {"listCP", 1}, {"listCPVersions", 1}, {"tagCP", 1},
}

// mCPs is the model's providers, by name.
type mCPs map[string]*mCP

// mCP is a provider as the model knows it.
type mCP struct {
	state string // as last answered: Pending and Deleting settle at the next operation
	vcpu  int
}

const cpModelARN = "arn:aws:lambda:us-east-1:123456789012:capacity-provider:"

const cpKey = "CapacityProvider.State,CapacityProvider.CapacityProviderArn,CapacityProvider.CapacityProviderScalingConfig.MaxVCpuCount,message"

// randomCPOp fills in op for the capacity provider kinds; false for other kinds.
func randomCPOp(rng *rand.Rand, op *mOp) bool {
	if !slices.ContainsFunc(cpKinds, func(k struct {
		kind string
		w    int
	}) bool {
		return k.kind == op.kind
	}) {
		return false
	}
	op.q = []string{"p", "q"}[rng.Intn(2)]
	op.n = 2 + rng.Intn(500)
	name := op.q
	if rng.Intn(3) == 0 {
		name = cpModelARN + op.q
	}
	p := "/2025-11-30/capacity-providers/" + strings.ReplaceAll(name, ":", "%3A")
	op.key = cpKey
	switch op.kind {
	case "createCP":
		op.method, op.target = "POST", "/2025-11-30/capacity-providers"
		op.body = []byte(`{"CapacityProviderName":"` + op.q + `","VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":[]},` +
			`"PermissionsConfig":{"CapacityProviderOperatorRoleArn":"arn:aws:iam::123456789012:role/op"},` +
			`"CapacityProviderScalingConfig":{"MaxVCpuCount":` + strconv.Itoa(op.n) + `}}`)
	case "getCP":
		op.method, op.target = "GET", p
	case "updateCP":
		op.method, op.target = "PUT", p
		op.body = []byte(`{"CapacityProviderScalingConfig":{"MaxVCpuCount":` + strconv.Itoa(op.n) + `}}`)
	case "deleteCP":
		op.method, op.target = "DELETE", p
	case "listCP":
		op.method, op.target, op.key = "GET", "/2025-11-30/capacity-providers", "CapacityProviders.*.CapacityProviderArn,CapacityProviders.*.State"
	case "listCPVersions":
		op.method, op.target, op.key = "GET", p+"/function-versions", "CapacityProviderArn,FunctionVersions,message"
	case "tagCP":
		op.method, op.target, op.key = "POST", "/2017-03-31/tags/"+cpModelARN+op.q, "message"
		op.body = []byte(`{"Tags":{"k":"v"}}`)
	}
	return true
}

// applyCP is model.apply for the capacity provider kinds; ok is false for the others.
func (m *model) applyCP(op mOp) (answer string, ok bool) {
	if m.cps == nil {
		m.cps = mCPs{}
	}
	for name, p := range m.cps { // WithoutTransitions: settled at the next request
		switch p.state {
		case "Pending":
			p.state = "Active"
		case "Deleting":
			delete(m.cps, name)
		}
	}
	if !strings.HasSuffix(op.kind, "CP") && op.kind != "listCPVersions" {
		return "", false
	}
	arn := cpModelARN + op.q
	missing := notFound + " message=Capacity provider not found: " + arn
	p := m.cps[op.q]
	view := func(status int) string {
		return ans(status, "CapacityProvider.State", p.state, "CapacityProvider.CapacityProviderArn", arn,
			"CapacityProvider.CapacityProviderScalingConfig.MaxVCpuCount", p.vcpu)
	}
	switch op.kind {
	case "createCP":
		if p != nil {
			return conflict + " message=Capacity provider already exists: " + arn, true
		}
		p = &mCP{state: "Pending", vcpu: op.n}
		m.cps[op.q] = p
		return view(202), true
	case "listCP":
		var arns, states []string
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for k := range m.cps {
				if !yield(k) {
					return
				}
			}
		}) {
			arns, states = append(arns, cpModelARN+name), append(states, m.cps[name].state)
		}
		return ans(200, "CapacityProviders.*.CapacityProviderArn", "["+strings.Join(arns, " ")+"]",
			"CapacityProviders.*.State", "["+strings.Join(states, " ")+"]"), true
	}
	if p == nil {
		return missing, true
	}
	switch op.kind {
	case "getCP":
		return view(200), true
	case "updateCP":
		p.vcpu = op.n
		return view(202), true
	case "deleteCP":
		p.state = "Deleting"
		return view(202), true
	case "listCPVersions":
		return ans(200, "CapacityProviderArn", arn, "FunctionVersions", "[]"), true
	case "tagCP":
		return "204", true
	}
	panic("applyCP: " + op.kind)
}
