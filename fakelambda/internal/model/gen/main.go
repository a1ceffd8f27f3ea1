// Command gen writes constraints_gen.go, the validation table of package
// model, from Lambda's API model as botocore ships it
// (data/lambda/2015-03-31/service-2.json.gz). It copies constraints only:
// shapes, lengths, ranges, patterns, enums, required members and HTTP
// bindings; never the model's documentation.
//
//	go run ./gen -model .../service-2.json.gz -version 1.43.11 -out constraints_gen.go
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
)

// apiModel is the part of a botocore service model the generator reads.
type apiModel struct {
	Metadata struct {
		APIVersion string `json:"apiVersion"`
		ServiceID  string `json:"serviceId"`
	} `json:"metadata"`
	Operations map[string]struct {
		HTTP struct {
			Method       string `json:"method"`
			RequestURI   string `json:"requestUri"`
			ResponseCode int    `json:"responseCode"`
		} `json:"http"`
		Input *struct {
			Shape string `json:"shape"`
		} `json:"input"`
	} `json:"operations"`
	Shapes map[string]apiShape `json:"shapes"`
}

type apiRef struct {
	Shape        string `json:"shape"`
	Location     string `json:"location"`
	LocationName string `json:"locationName"`
}

type apiShape struct {
	Type      string       `json:"type"`
	Min       *json.Number `json:"min"`
	Max       *json.Number `json:"max"`
	Pattern   *string      `json:"pattern"`
	Enum      []string     `json:"enum"`
	Member    *apiRef      `json:"member"`
	Key       *apiRef      `json:"key"`
	Value     *apiRef      `json:"value"`
	Members   orderedRefs  `json:"members"`
	Required  []string     `json:"required"`
	Payload   string       `json:"payload"`
	Sparse    *bool        `json:"sparse"`
	Sensitive bool         `json:"sensitive"`
}

// orderedRefs keeps a structure's members in model order: the order in
// which Lambda checks them and lists their violations.
type orderedRefs struct {
	names []string
	refs  map[string]apiRef
}

func (o *orderedRefs) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	o.refs = map[string]apiRef{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		name := t.(string)
		var r apiRef
		if err := dec.Decode(&r); err != nil {
			return err
		}
		o.names = append(o.names, name)
		o.refs[name] = r
	}
	_, err := dec.Token() // }
	return err
}

func main() {
	modelPath := flag.String("model", "", "path to botocore's lambda/2015-03-31/service-2.json.gz (or .json)")
	version := flag.String("version", "", "botocore version, recorded in the header")
	out := flag.String("out", "constraints_gen.go", "output file")
	flag.Parse()
	if *modelPath == "" {
		log.Fatal("gen: -model is required")
	}
	src, err := generate(*modelPath, *version)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func readModel(path string) (*apiModel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	}
	var m apiModel
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("gen: %s: %w", path, err)
	}
	return &m, nil
}

var typeConst = map[string]string{
	"string": "typeString", "integer": "typeInteger", "long": "typeLong", "boolean": "typeBoolean",
	"double": "typeDouble", "float": "typeDouble", "blob": "typeBlob", "timestamp": "typeTimestamp",
	"list": "typeList", "map": "typeMap", "structure": "typeStructure",
}

var locConst = map[string]string{"uri": "inURI", "querystring": "inQuery", "header": "inHeader"}

func generate(path, version string) ([]byte, error) {
	m, err := readModel(path)
	if err != nil {
		return nil, err
	}
	// The shapes reachable from operation inputs, in name order.
	used := map[string]bool{}
	var visit func(name string, stack []string) error
	visit = func(name string, stack []string) error {
		for _, s := range stack {
			if s == name {
				return fmt.Errorf("gen: recursive shape %s", strings.Join(append(stack, name), " -> "))
			}
		}
		if used[name] {
			return nil
		}
		s, ok := m.Shapes[name]
		if !ok {
			return fmt.Errorf("gen: unknown shape %q", name)
		}
		if typeConst[s.Type] == "" {
			return fmt.Errorf("gen: shape %s: unknown type %q", name, s.Type)
		}
		stack = append(stack, name)
		for _, r := range []*apiRef{s.Member, s.Key, s.Value} {
			if r != nil {
				if err := visit(r.Shape, stack); err != nil {
					return err
				}
			}
		}
		for _, n := range s.Members.names {
			if err := visit(s.Members.refs[n].Shape, stack); err != nil {
				return err
			}
		}
		used[name] = true
		return nil
	}
	opNames := make([]string, 0, len(m.Operations))
	for name, op := range m.Operations {
		opNames = append(opNames, name)
		if op.Input != nil {
			if err := visit(op.Input.Shape, nil); err != nil {
				return nil, err
			}
		}
	}
	sort.Strings(opNames)
	shapeNames := make([]string, 0, len(used))
	for n := range used {
		shapeNames = append(shapeNames, n)
	}
	sort.Strings(shapeNames)

	var b bytes.Buffer
	v := version
	if v == "" {
		v = "unknown"
	}
	fmt.Fprintf(&b, "// Code generated by gen/main.go from botocore %s data/lambda/%s/service-2.json.gz; DO NOT EDIT.\n\n", v, m.Metadata.APIVersion)
	b.WriteString("package model\n\n")
	fmt.Fprintf(&b, "// botocoreVersion is the botocore release whose Lambda model this file was generated from.\nconst botocoreVersion = %q\n\n", v)
	b.WriteString("// operationDefs holds every operation of the model: HTTP binding and input shape.\n")
	b.WriteString("var operationDefs = []operationDef{\n")
	for _, name := range opNames {
		op := m.Operations[name]
		in := ""
		if op.Input != nil {
			in = op.Input.Shape
		}
		code := op.HTTP.ResponseCode
		if code == 0 {
			code = 200
		}
		fmt.Fprintf(&b, "{name: %q, method: %q, uri: %q, status: %d, input: %q},\n", name, op.HTTP.Method, op.HTTP.RequestURI, code, in)
	}
	b.WriteString("}\n\n")
	b.WriteString("// shapeDefs holds the constraints of every shape reachable from an operation's input.\n")
	b.WriteString("var shapeDefs = map[string]shapeDef{\n")
	for _, name := range shapeNames {
		s := m.Shapes[name]
		fmt.Fprintf(&b, "%q: {typ: %s", name, typeConst[s.Type])
		if s.Min != nil {
			fmt.Fprintf(&b, ", hasMin: true, min: %s", num(*s.Min))
		}
		if s.Max != nil {
			fmt.Fprintf(&b, ", hasMax: true, max: %s", num(*s.Max))
		}
		if s.Pattern != nil {
			fmt.Fprintf(&b, ", pattern: %s", quote(*s.Pattern))
		}
		if len(s.Enum) > 0 {
			b.WriteString(", enum: []string{")
			for i, e := range s.Enum {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(strconv.Quote(e))
			}
			b.WriteString("}")
		}
		if s.Member != nil {
			fmt.Fprintf(&b, ", member: %q", s.Member.Shape)
		}
		if s.Key != nil {
			fmt.Fprintf(&b, ", key: %q, value: %q", s.Key.Shape, s.Value.Shape)
		}
		if s.Sparse != nil && *s.Sparse {
			b.WriteString(", sparse: true")
		}
		if s.Sensitive {
			b.WriteString(", sensitive: true")
		}
		if len(s.Members.names) > 0 {
			req := map[string]bool{}
			for _, r := range s.Required {
				req[r] = true
			}
			b.WriteString(", members: []memberDef{\n")
			for _, n := range s.Members.names {
				r := s.Members.refs[n]
				fmt.Fprintf(&b, "{name: %q, shape: %q", n, r.Shape)
				if req[n] {
					b.WriteString(", required: true")
				}
				switch {
				case s.Payload == n:
					b.WriteString(", loc: inPayload")
				case r.Location != "":
					lc := locConst[r.Location]
					if lc == "" {
						return nil, fmt.Errorf("gen: %s.%s: unknown location %q", name, n, r.Location)
					}
					fmt.Fprintf(&b, ", loc: %s, locName: %q", lc, r.LocationName)
				case r.LocationName != "":
					fmt.Fprintf(&b, ", locName: %q", r.LocationName)
				}
				b.WriteString("},\n")
			}
			b.WriteString("}")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gen: gofmt: %w", err)
	}
	return src, nil
}

// num prints a model bound as a Go constant.
func num(n json.Number) string {
	s := n.String()
	if strings.ContainsAny(s, ".eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err == nil && f == float64(int64(f)) {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return s
}

// quote writes s as a raw string literal when it can, so patterns read as
// the model prints them.
func quote(s string) string {
	if !strings.Contains(s, "`") && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
