package fakelambda

import (
	"encoding/json"
	"math/rand"
	"net/http/httptest"
	"strconv"
	"strings"
)

// Event source mappings in the stress test (stressOp) and the model test
// (randomOp, model.apply).

const (
	esmPath    = "/2015-03-31/event-source-mappings"
	esmQueue   = "arn:aws:sqs:us-east-1:123456789012:q"
	esmUnknown = "00000000-0000-4000-8000-000000000000"
)

// stressESMOp is a random event source mapping operation on function
// name. The UUIDs it names are not the fake's (stressOp cannot see
// answers): those calls answer 404, which still races the reads and
// writes of the mapping table.
func stressESMOp(rng *rand.Rand, name string) (method, target string, body []byte) {
	switch rng.Intn(5) {
	case 0, 1:
		return "POST", esmPath, []byte(`{"FunctionName":"` + name + `","EventSourceArn":"` + esmQueue + strconv.Itoa(rng.Intn(3)) + `"}`)
	case 2:
		if rng.Intn(2) == 0 {
			return "GET", esmPath + "?FunctionName=" + name + "&MaxItems=2", nil
		}
		return "GET", esmPath + "?EventSourceArn=" + esmQueue + "1", nil
	case 3:
		if rng.Intn(2) == 0 {
			return "GET", esmPath + "/" + esmUnknown, nil
		}
		return "PUT", esmPath + "/" + esmUnknown, []byte(`{"BatchSize":5}`)
	default:
		return "DELETE", esmPath + "/" + esmUnknown, nil
	}
}

// mESM is what the model knows of a mapping.
type mESM struct {
	uuid, fn, queue string
	enabled         bool
	batch           int
	trans           string // "" when settled
	seen            bool   // a read showed trans
	gone            bool
}

// state is the state a read answers, observing it; it reports false when
// the mapping is gone.
func (e *mESM) read() (string, bool) {
	if e.gone {
		return "", false
	}
	if e.trans != "" {
		if !e.seen {
			e.seen = true
			return e.trans, true
		}
		if e.trans == "Deleting" {
			e.gone = true
			return "", false
		}
		e.trans = ""
	}
	return e.settled(), true
}

func (e *mESM) settled() string {
	if e.enabled {
		return "Enabled"
	}
	return "Disabled"
}

// settle completes a transition a read has seen (a change looks at the
// mapping without observing it); it reports false when the mapping is gone.
func (e *mESM) settle() bool {
	if e.gone {
		return false
	}
	if e.trans != "" && e.seen {
		if e.trans == "Deleting" {
			e.gone = true
			return false
		}
		e.trans = ""
	}
	return true
}

// randomESMOp fills in op for an event source mapping kind. op.n picks a
// mapping the model created (bindESM puts its UUID in the target).
func randomESMOp(rng *rand.Rand, op mOp) mOp {
	op.q = strconv.Itoa(rng.Intn(2)) // the queue
	op.n = rng.Intn(4)
	one := esmPath + "/{esm}"
	switch op.kind {
	case "createESM":
		op.method, op.target, op.key = "POST", esmPath, "State,FunctionArn,BatchSize,EventSourceArn,message"
		op.body = []byte(`{"FunctionName":"` + op.fn + `","EventSourceArn":"` + esmQueue + op.q + `"}`)
		if rng.Intn(4) == 0 {
			op.body = []byte(`{"FunctionName":"` + op.fn + `","EventSourceArn":"` + esmQueue + op.q + `","Enabled":false}`)
			op.dryRun = true // Enabled false
		}
	case "getESM":
		op.method, op.target, op.key = "GET", one, "State,BatchSize,FunctionArn,message"
	case "updateESM":
		op.method, op.target, op.key = "PUT", one, "State,BatchSize,message"
		switch rng.Intn(3) {
		case 0:
			op.size = 1 + rng.Intn(10)
			op.body = []byte(`{"BatchSize":` + strconv.Itoa(op.size) + `}`)
		default:
			op.publish = rng.Intn(2) == 0 // Enabled
			op.body = []byte(`{"Enabled":` + strconv.FormatBool(op.publish) + `}`)
		}
	case "deleteESM":
		op.method, op.target, op.key = "DELETE", one, "State,message"
	case "listESM":
		op.method, op.key = "GET", "EventSourceMappings.*.State,EventSourceMappings.*.FunctionArn"
		op.target = esmPath + "?FunctionName=" + op.fn + "&EventSourceArn=" + esmQueue + op.q
	}
	return op
}

// bindESM puts the UUID of the mapping op.n names in op.target (an unknown
// UUID when the model has no such mapping).
func (m *model) bindESM(op mOp) mOp {
	if !strings.Contains(op.target, "{esm}") {
		return op
	}
	uuid := esmUnknown
	if op.n < len(m.esms) {
		uuid = m.esms[op.n].uuid
	}
	op.target = strings.Replace(op.target, "{esm}", uuid, 1)
	return op
}

// observeESM learns the UUID of the mapping a create made.
func (m *model) observeESM(op mOp, w *httptest.ResponseRecorder) {
	if op.kind != "createESM" || w.Code != 202 {
		return
	}
	var out struct{ UUID string }
	_ = json.Unmarshal(w.Body.Bytes(), &out)
	m.esms[len(m.esms)-1].uuid = out.UUID
}

// applyESM is model.apply for the event source mapping kinds.
func (m *model) applyESM(op mOp) string {
	var e *mESM
	if op.target != esmPath && !strings.HasPrefix(op.target, esmPath+"?") {
		if op.n < len(m.esms) {
			e = m.esms[op.n]
		}
		if e == nil || !e.settle() {
			return "404 ResourceNotFoundException message=The resource you requested does not exist."
		}
	}
	const inUse = "400 ResourceInUseException message="
	switch op.kind {
	case "createESM":
		if m.fns[op.fn] == nil {
			return "400 InvalidParameterValueException message=Function does not exist"
		}
		for _, o := range m.esms {
			if o.settle() && o.fn == op.fn && o.queue == op.q {
				return "409 ResourceConflictException message=" + `An event source mapping with SQS arn (" ` + esmQueue + op.q +
					` ") and function (" ` + op.fn + ` ") already exists. Please update or delete the existing mapping with UUID ` + o.uuid
			}
		}
		e := &mESM{fn: op.fn, queue: op.q, enabled: !op.dryRun, batch: 10, trans: "Creating"}
		if op.dryRun {
			e.trans = ""
		}
		m.esms = append(m.esms, e)
		state := "Creating"
		if op.dryRun {
			state = "Disabled"
		}
		return ans(202, "State", state, "FunctionArn", modelARN+op.fn, "BatchSize", 10, "EventSourceArn", esmQueue+op.q)
	case "getESM":
		state, _ := e.read()
		return ans(200, "State", state, "BatchSize", e.batch, "FunctionArn", modelARN+e.fn)
	case "updateESM":
		if e.trans != "" {
			return inUse + "Cannot update the event source mapping because it is in use."
		}
		e.trans, e.seen = "Updating", false
		if op.size != 0 {
			e.batch = op.size
		} else if op.publish != e.enabled {
			e.enabled = op.publish
			e.trans = map[bool]string{true: "Enabling", false: "Disabling"}[e.enabled]
		}
		return ans(202, "State", e.trans, "BatchSize", e.batch)
	case "deleteESM":
		switch e.trans {
		case "Creating", "Updating":
			return inUse + "Cannot delete the event source mapping because it is in use."
		case "Deleting":
		default: // settled, Enabling or Disabling
			e.trans, e.seen = "Deleting", false
		}
		return ans(202, "State", "Deleting")
	case "listESM":
		states, arns := []string{}, []string{}
		for _, o := range m.sortedESMs() {
			if o.fn != op.fn || o.queue != op.q {
				continue
			}
			if s, ok := o.read(); ok {
				states, arns = append(states, s), append(arns, modelARN+o.fn)
			}
		}
		return ans(200, "EventSourceMappings.*.State", states, "EventSourceMappings.*.FunctionArn", arns)
	}
	panic("applyESM: " + op.kind)
}

// sortedESMs is the model's mappings in the fake's List order (by UUID).
func (m *model) sortedESMs() []*mESM {
	out := append([]*mESM(nil), m.esms...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].uuid < out[j-1].uuid; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
