// Package interop_test drives fakelambda with clients no one here wrote:
// boto3, the AWS CLI, the AWS SDK for JavaScript v3 and Terraform. The tests
// run only with FAKELAMBDA_INTEROP=1 (go test ./... skips them, saying so);
// then each skips, with the reason, where its tool is absent. They write
// nothing into the checkout: every file a tool makes (node_modules,
// Terraform's state and lock files, zips) goes to a t.TempDir().
//
//	FAKELAMBDA_INTEROP=1 go test -race ./interop/
package interop_test

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
