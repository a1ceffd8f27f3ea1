package fakelambda_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// GetFunction answers a copy of the function's tags: a TagResource running at
// the same time must not race with encoding the answer (run under -race).
func TestGetFunctionTagResourceNoRace(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		_, err := e.client.TagResource(e.ctx, &lambda.TagResourceInput{
			Resource: aws.String(arnPrefix + "f"), Tags: map[string]string{"a": "0"}})
		require.NoError(t, err)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 49 { // 50 tags in all: Lambda's limit
				_, err := e.client.TagResource(e.ctx, &lambda.TagResourceInput{
					Resource: aws.String(arnPrefix + "f"), Tags: map[string]string{"k" + strconv.Itoa(i): "v"}})
				assert.NoError(t, err)
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				out, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
				if assert.NoError(t, err) {
					assert.Equal(t, "0", out.Tags["a"])
				}
			}
		}()
		wg.Wait()
	})
}
