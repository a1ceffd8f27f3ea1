// Package interop_test drives fakelambda with clients no one here wrote:
// boto3, the AWS CLI and the AWS SDK for JavaScript v3. Each test skips, with
// the reason, where its tool is absent.
package interop_test

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
