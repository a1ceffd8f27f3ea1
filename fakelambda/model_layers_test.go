package fakelambda

import (
	"encoding/json"
	"maps"
	"math/rand"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
)

// TestModel's layers and code-signing configs: randomExtraOp builds their
// requests, (*model).applyExtra predicts their answers.
//
// Code-signing-config ARNs hold a generated ID the model cannot predict: a
// request names a slot ({CSC0}, {CSC1}), bindCSC puts in the ARN the fake
// answered when the slot's config was created (learnCSC), or a well-formed
// ARN no config has.

// extraKinds are the kinds randomExtraOp builds, with their weights.
var extraKinds = []struct {
	kind string
	w    int
}{
	{"publishLayer", 3}, {"getLayer", 2}, {"getLayerByArn", 1}, {"deleteLayer", 1}, {"listLayerVersions", 1}, {"listLayers", 1},
	{"addLayerPerm", 2}, {"getLayerPolicy", 1}, {"removeLayerPerm", 1},
	{"createCSC", 2}, {"getCSCConfig", 1}, {"updateCSC", 1}, {"deleteCSC", 1}, {"listCSC", 1}, {"listFnByCSC", 1},
	{"putFnCSC", 2}, {"deleteFnCSC", 1},
}

const (
	modelLayerARN = "arn:aws:lambda:us-east-1:123456789012:layer:"
	noCSC         = "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-zzzzzzzzzzzzzzzzz"
)

// mExtra is the model's layers and code-signing configs.
type mExtra struct {
	layers map[string]*mLayer
	slots  [2]string       // CSC ARN per slot, "" before its first create
	cscs   map[string]bool // existing configs, by ARN
	desc   map[string]string
	bound  map[string]string // function -> CSC ARN
}

type mLayer struct {
	last     int
	versions map[int]bool     // version -> lists python3.12
	policy   map[int][]string // version -> statement ids
}

func (m *model) extra() *mExtra {
	if m.ext == nil {
		m.ext = &mExtra{layers: map[string]*mLayer{}, cscs: map[string]bool{}, desc: map[string]string{}, bound: map[string]string{}}
	}
	return m.ext
}

// randomExtraOp fills op for the layer and code-signing kinds; false for
// other kinds.
func randomExtraOp(rng *rand.Rand, op *mOp) bool {
	layer := []string{"L", "M"}[rng.Intn(2)]
	n := rng.Intn(4) // 0 is refused
	lp := "/2018-10-31/layers/" + layer + "/versions"
	vp := lp + "/" + strconv.Itoa(n)
	sid := []string{"s1", "s2"}[rng.Intn(2)]
	slot := rng.Intn(2)
	cscPath := "/2020-04-22/code-signing-configs/{CSC" + strconv.Itoa(slot) + "}"
	op.q, op.n = layer, n
	switch op.kind {
	case "publishLayer":
		body := `{"Content":{"ZipFile":"emlw"}`
		if rng.Intn(2) == 0 {
			op.publish = true // lists python3.12
			body += `,"CompatibleRuntimes":["python3.12"]`
		}
		op.method, op.target, op.key, op.body = "POST", lp, "Version,LayerVersionArn", []byte(body+"}")
	case "getLayer":
		op.method, op.target, op.key = "GET", vp, "Version,LayerVersionArn"
	case "getLayerByArn":
		op.n = 1 + rng.Intn(3)
		op.method, op.target, op.key = "GET", "/2018-10-31/layers?find=LayerVersion&Arn="+modelLayerARN+layer+":"+strconv.Itoa(op.n), "Version,LayerArn"
	case "deleteLayer":
		op.method, op.target = "DELETE", vp
	case "listLayerVersions", "listLayers":
		target, q := lp, ""
		if op.kind == "listLayers" {
			target = "/2018-10-31/layers"
		}
		if rng.Intn(2) == 0 {
			op.publish = true
			q = "?CompatibleRuntime=python3.12"
		}
		op.method, op.target = "GET", target+q
		op.key = "LayerVersions.*.Version"
		if op.kind == "listLayers" {
			op.key = "Layers.*.LayerName,Layers.*.LatestMatchingVersion.Version"
		}
	case "addLayerPerm":
		op.fn = sid
		op.method, op.target, op.key = "POST", vp+"/policy", "message"
		op.body = []byte(`{"StatementId":"` + sid + `","Action":"lambda:GetLayerVersion","Principal":"*"}`)
	case "getLayerPolicy":
		op.method, op.target, op.key = "GET", vp+"/policy", "message"
	case "removeLayerPerm":
		op.fn = sid
		op.method, op.target, op.key = "DELETE", vp+"/policy/"+sid, "message"
	case "createCSC":
		op.n = slot
		op.method, op.target, op.key = "POST", "/2020-04-22/code-signing-configs", "CodeSigningConfig.Description"
		op.body = []byte(`{"Description":"new","AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:123456789012:/signing-profiles/p"]}}`)
	case "getCSCConfig":
		op.n = slot
		op.method, op.target, op.key = "GET", cscPath, "CodeSigningConfig.Description,message"
	case "updateCSC":
		op.n = slot
		d := []string{"one", "two"}[rng.Intn(2)]
		op.desc = &d
		op.method, op.target, op.key, op.body = "PUT", cscPath, "CodeSigningConfig.Description,message", []byte(`{"Description":"`+d+`"}`)
	case "deleteCSC":
		op.n = slot
		op.method, op.target, op.key = "DELETE", cscPath, "message"
	case "listCSC":
		op.method, op.target, op.key = "GET", "/2020-04-22/code-signing-configs", "CodeSigningConfigs.*.CodeSigningConfigArn"
	case "listFnByCSC":
		op.n = slot
		op.method, op.target, op.key = "GET", cscPath+"/functions", "FunctionArns,message"
	case "putFnCSC":
		op.n = slot
		op.method, op.target, op.key = "PUT", "/2020-06-30/functions/"+op.fn+"/code-signing-config", "FunctionName,CodeSigningConfigArn,message"
		op.body = []byte(`{"CodeSigningConfigArn":"{CSC` + strconv.Itoa(slot) + `}"}`)
	case "deleteFnCSC":
		op.method, op.target, op.key = "DELETE", "/2020-06-30/functions/"+op.fn+"/code-signing-config", "message"
	default:
		return false
	}
	return true
}

// bindCSC puts the slots' ARNs into op's request.
func (m *model) bindCSC(op mOp) mOp {
	for i, arn := range m.extra().slots {
		if arn == "" {
			arn = noCSC
		}
		tok := "{CSC" + strconv.Itoa(i) + "}"
		op.target = strings.ReplaceAll(op.target, tok, arn)
		op.body = []byte(strings.ReplaceAll(string(op.body), tok, arn))
	}
	return op
}

// slotARN is the ARN op's slot designates (bindCSC's choice).
func (x *mExtra) slotARN(op mOp) string {
	if x.slots[op.n] == "" {
		return noCSC
	}
	return x.slots[op.n]
}

// learnCSC records the ARN of a config the fake created.
func (m *model) learnCSC(op mOp, w *httptest.ResponseRecorder) {
	if op.kind != "createCSC" || w.Code != 201 {
		return
	}
	var out struct {
		CodeSigningConfig struct{ CodeSigningConfigArn string }
	}
	_ = json.Unmarshal(w.Body.Bytes(), &out)
	m.extra().slots[op.n] = out.CodeSigningConfig.CodeSigningConfigArn
	m.extra().cscs[out.CodeSigningConfig.CodeSigningConfigArn] = true
	m.extra().desc[out.CodeSigningConfig.CodeSigningConfigArn] = "new"
}

// applyExtra predicts the answer to a layer or code-signing kind (ok false
// for other kinds). It also forgets a deleted function's config.
func (m *model) applyExtra(op mOp) (string, bool) {
	x := m.extra()
	fn := m.fns[op.fn]
	l := x.layers[op.q]
	var lv bool
	if l != nil {
		_, lv = l.versions[op.n]
	}
	tooLow := invalid + " message=Layer Version Cannot be less than 1"
	missing := notFound + " message=Layer version " + modelLayerARN + op.q + ":" + strconv.Itoa(op.n) + " does not exist."
	switch op.kind {
	case "delete":
		if fn != nil {
			delete(x.bound, op.fn)
		}
		return "", false
	case "publishLayer":
		if l == nil {
			l = &mLayer{versions: map[int]bool{}, policy: map[int][]string{}}
			x.layers[op.q] = l
		}
		l.last++
		l.versions[l.last] = op.publish
		return ans(201, "Version", l.last, "LayerVersionArn", modelLayerARN+op.q+":"+strconv.Itoa(l.last)), true
	case "getLayer", "getLayerByArn":
		switch {
		case op.n < 1:
			return "400 InvalidParameterValueException", true
		case !lv:
			return notFound, true
		case op.kind == "getLayer":
			return ans(200, "Version", op.n, "LayerVersionArn", modelLayerARN+op.q+":"+strconv.Itoa(op.n)), true
		}
		return ans(200, "Version", op.n, "LayerArn", modelLayerARN+op.q), true
	case "deleteLayer":
		if op.n < 1 {
			return "400 InvalidParameterValueException", true
		}
		if lv {
			delete(l.versions, op.n)
			delete(l.policy, op.n)
		}
		return noContent, true
	case "listLayerVersions":
		vs := []int{}
		if l != nil {
			for _, v := range slices.Sorted(maps.Keys(l.versions)) {
				if !op.publish || l.versions[v] {
					vs = append([]int{v}, vs...)
				}
			}
		}
		return ans(200, "LayerVersions.*.Version", vs), true
	case "listLayers":
		names, vs := []string{}, []int{}
		for _, name := range slices.Sorted(maps.Keys(x.layers)) {
			ly := x.layers[name]
			best := 0
			for v, py := range ly.versions {
				if (!op.publish || py) && v > best {
					best = v
				}
			}
			if best > 0 {
				names, vs = append(names, name), append(vs, best)
			}
		}
		return ans(200, "Layers.*.LayerName", names, "Layers.*.LatestMatchingVersion.Version", vs), true
	case "addLayerPerm", "getLayerPolicy", "removeLayerPerm":
		switch {
		case op.n < 1:
			return tooLow, true
		case !lv:
			return missing, true
		}
		sids := l.policy[op.n]
		has := slices.Contains(sids, op.fn)
		switch op.kind {
		case "addLayerPerm":
			if has {
				return conflict + " message=The statement id (" + op.fn + ") provided already exists. Please provide a new statement id, or remove the existing statement.", true
			}
			l.policy[op.n] = append(sids, op.fn)
			return "201", true
		case "getLayerPolicy":
			if len(sids) == 0 {
				return notFound + " message=No policy is associated with the given resource.", true
			}
			return "200", true
		}
		if !has {
			return notFound + " message=Statement " + op.fn + " is not found in resource policy.", true
		}
		l.policy[op.n] = slices.DeleteFunc(sids, func(s string) bool { return s == op.fn })
		return noContent, true
	case "createCSC":
		return ans(201, "CodeSigningConfig.Description", "new"), true // learnCSC records it
	case "getCSCConfig", "updateCSC", "deleteCSC", "listFnByCSC":
		arn := x.slotARN(op)
		if !x.cscs[arn] {
			return notFound + " message=The Lambda code signing configuration " + arn + " can not be found.", true
		}
		switch op.kind {
		case "getCSCConfig":
			return ans(200, "CodeSigningConfig.Description", x.desc[arn]), true
		case "updateCSC":
			x.desc[arn] = *op.desc
			return ans(200, "CodeSigningConfig.Description", x.desc[arn]), true
		case "deleteCSC":
			for _, b := range x.bound {
				if b == arn {
					return conflict + " message=The code signing configuration " + arn + " cannot be deleted because it is used by one or more functions.", true
				}
			}
			delete(x.cscs, arn)
			return noContent, true
		}
		arns := []string{}
		for _, name := range slices.Sorted(maps.Keys(x.bound)) {
			if x.bound[name] == arn {
				arns = append(arns, modelARN+name)
			}
		}
		return ans(200, "FunctionArns", arns), true
	case "listCSC":
		arns := slices.Sorted(maps.Keys(x.cscs))
		if arns == nil {
			arns = []string{}
		}
		return ans(200, "CodeSigningConfigs.*.CodeSigningConfigArn", arns), true
	case "putFnCSC":
		arn := x.slotARN(op)
		switch {
		case !x.cscs[arn]:
			return "404 CodeSigningConfigNotFoundException message=The code signing configuration cannot be found. Check that the provided configuration is not deleted: " + arn + ".", true
		case fn == nil:
			return functionNotFound(modelARN + op.fn), true
		}
		x.bound[op.fn] = arn
		return ans(200, "FunctionName", op.fn, "CodeSigningConfigArn", arn), true
	case "deleteFnCSC":
		if fn == nil {
			return functionNotFound(modelARN + op.fn), true
		}
		delete(x.bound, op.fn)
		return noContent, true
	case "getCSC":
		switch {
		case op.q != "":
			return invalid, true
		case fn == nil:
			return notFound, true
		}
		if arn, ok := x.bound[op.fn]; ok {
			return ans(200, "FunctionName", op.fn, "CodeSigningConfigArn", arn), true
		}
		return ans(200, "FunctionName", nil, "CodeSigningConfigArn", nil), true
	}
	return "", false
}
