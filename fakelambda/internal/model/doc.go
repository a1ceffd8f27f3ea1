// Package model validates Lambda requests against the constraints of
// Lambda's API model, and words the violations as Lambda does.
//
// constraints_gen.go is generated from the model botocore ships
// (data/lambda/2015-03-31/service-2.json.gz) by gen/main.go; overrides.go
// holds, commented, the places where Lambda answers differently from its own
// model (the recordings in reference/aws-recordings are the evidence).
//
// Validate takes an operation name and the request's labels, query, headers
// and generically decoded JSON body, and returns the violations in Lambda's
// order and words; Message joins them into a ValidationException message.
package model

//go:generate sh -c "go run ./gen -model \"$(python3 -c 'import botocore, os; print(os.path.dirname(botocore.__file__))')/data/lambda/2015-03-31/service-2.json.gz\" -version \"$(python3 -c 'import botocore; print(botocore.__version__)')\" -out constraints_gen.go"
