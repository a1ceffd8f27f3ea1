// Package model validates Lambda requests against the constraints of
// Lambda's API model, and words the violations as Lambda does.
//
// constraints_gen.go is generated from the model botocore ships
// (data/lambda/2015-03-31/service-2.json.gz) by gen/main.go; overrides.go
// holds, commented, the places where Lambda answers differently from its own
// model (the recordings in reference/aws-recordings are the evidence).
//
// A caller builds an Input from the request it routed and asks for the
// violations, in Lambda's order and words:
//
//	dec := json.NewDecoder(bytes.NewReader(body))
//	dec.UseNumber()
//	var doc map[string]any
//	if len(body) > 0 && dec.Decode(&doc) != nil { /* InvalidRequestContentException */ }
//	in := model.Input{Label: r.PathValue, Query: r.URL.Query(), Header: r.Header, Body: doc}
//	if v := model.Validate("CreateAlias", in); v != nil {
//		// 400 ValidationException, message model.Message(v)
//	}
//
// Validate reports constraint violations only: a value of the wrong JSON type
// is the decoder's to refuse, and the service's own rules (a bare function
// name over 64 characters, an unknown runtime, see InvalidRuntimeMessage) are
// the operations'.
package model

//go:generate sh -c "go run ./gen -model \"$(python3 -c 'import botocore, os; print(os.path.dirname(botocore.__file__))')/data/lambda/2015-03-31/service-2.json.gz\" -version \"$(python3 -c 'import botocore; print(botocore.__version__)')\" -out constraints_gen.go"
