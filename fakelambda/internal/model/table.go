package model

// typeKind is a model shape's type.
type typeKind uint8

const (
	typeString typeKind = iota + 1
	typeInteger
	typeLong
	typeBoolean
	typeDouble
	typeBlob
	typeTimestamp
	typeList
	typeMap
	typeStructure
)

// location is where a member travels in the HTTP request.
type location uint8

const (
	inBody    location = iota // a member of the JSON body
	inURI                     // a path label
	inQuery                   // a query parameter
	inHeader                  // an HTTP header
	inPayload                 // the whole body (Invoke's Payload): not validated
)

// operationDef is one generated operation row.
type operationDef struct {
	name, method, uri string
	status            int
	input             string // input shape name; "" when the operation has none
}

// shapeDef is one generated shape: its constraints as the model states them.
type shapeDef struct {
	typ            typeKind
	hasMin, hasMax bool
	min, max       float64 // length for strings, blobs, lists and maps; value for numbers
	pattern        string  // Java regular expression, as printed in messages
	enum           []string
	member         string // list element shape
	key, value     string // map key and value shapes
	sparse         bool   // list or map: null elements are allowed
	sensitive      bool   // values are never printed in messages
	members        []memberDef
}

// memberDef is a member of a structure shape.
type memberDef struct {
	name     string // model name, e.g. "FunctionName"
	shape    string
	required bool
	loc      location
	locName  string // label, query or header name; for body members the JSON name when it differs
}
