package fakelambda_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// SetAllocation on a version applies to the configs of the aliases that
// point at it, as an initialisation failure belongs to the version's code:
// on a Put and when an alias moves to the version. An alias's own plan wins.
func TestSetAllocationOnVersionCoversItsAliases(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		require.NoError(t, e.fake.SeedFunction(fakelambda.FunctionSpec{Name: "f"}))
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.alias(t, "f", "BLUE", v1)
		e.alias(t, "f", "GREEN", v2)
		e.alias(t, "f", "OWN", v1)
		e.fake.SetAllocation("f", v1, fakelambda.FailAfter(30*time.Second, "FUNCTION_ERROR_INIT_FAILURE"))
		e.fake.SetAllocation("f", "OWN", fakelambda.ReadyAfter(30*time.Second))
		for _, q := range []string{"BLUE", "GREEN", "OWN"} {
			e.putPC(t, "f", q, 2)
		}
		e.clk.Add(30 * time.Second)
		blue := e.getPC(t, "f", "BLUE")
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumFailed, blue.Status)
		require.Equal(t, "FUNCTION_ERROR_INIT_FAILURE", aws.ToString(blue.StatusReason))
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", "GREEN").Status)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", "OWN").Status)

		// GREEN moves to the failing version: its new allocation fails too.
		_, err := e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f"), Name: aws.String("GREEN"), FunctionVersion: aws.String(v1)})
		require.NoError(t, err)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "f", "GREEN").Status)
		e.clk.Add(30 * time.Second)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumFailed, e.getPC(t, "f", "GREEN").Status)
	}, fakelambda.WithAllocation(fakelambda.ReadyAfter(30*time.Second)))
}
