package fakelambda_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// With no clock at all, the fake reads time.Now at each request, so inside a
// synctest bubble time.Sleep moves it, instantly.
func TestPCSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakelambda.New()
		e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
		e.createFunction(t, "f")
		out, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		v := aws.ToString(out.Version)
		e.putPC(t, "f", v, 10)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "f", v).Status)
		time.Sleep(fakelambda.DefaultAllocationDelay)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", v).Status)
	})
}
