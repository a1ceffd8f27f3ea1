package fakelambda_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"
)

func TestSmokeLifecycle(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "my-function")
		v := e.publish(t, "my-function")
		require.Equal(t, "1", v)
		e.alias(t, "my-function", "BLUE", v)
		put := e.putPC(t, "my-function", "BLUE", 100)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, put.Status)
		require.Equal(t, int32(100), *put.RequestedProvisionedConcurrentExecutions)
		require.Equal(t, int32(0), *put.AllocatedProvisionedConcurrentExecutions)
		require.Equal(t, "2026-01-02T03:04:05+0000", *put.LastModified)
		e.clk.Add(2 * time.Minute)
		get := e.getPC(t, "my-function", "BLUE")
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, get.Status)
		require.Equal(t, int32(100), *get.AvailableProvisionedConcurrentExecutions)
		require.Equal(t, *put.LastModified, *get.LastModified)
	})
}
