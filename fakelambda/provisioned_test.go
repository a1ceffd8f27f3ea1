package fakelambda_test

import (
	"context"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
	"github.com/fakeaws/lambda/middleware"
)

// requirePC asserts a config's numbers and status.
func requirePC(t *testing.T, status types.ProvisionedConcurrencyStatusEnum, requested, allocated, available int32,
	gotStatus types.ProvisionedConcurrencyStatusEnum, gotReq, gotAlloc, gotAvail *int32) {
	t.Helper()
	require.Equal(t, status, gotStatus)
	require.Equal(t, requested, aws.ToInt32(gotReq), "requested")
	require.Equal(t, allocated, aws.ToInt32(gotAlloc), "allocated")
	require.Equal(t, available, aws.ToInt32(gotAvail), "available")
}

// Scenario 1 and 2: Put answers 202 IN_PROGRESS 0/0; READY after the delay.
func TestPCPutThenReady(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")

		put, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v), ProvisionedConcurrentExecutions: aws.Int32(5)})
		require.NoError(t, err)
		requirePC(t, types.ProvisionedConcurrencyStatusEnumInProgress, 5, 0, 0,
			put.Status, put.RequestedProvisionedConcurrentExecutions, put.AllocatedProvisionedConcurrentExecutions, put.AvailableProvisionedConcurrentExecutions)
		require.Nil(t, put.StatusReason)
		require.Regexp(t, regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$`), aws.ToString(put.LastModified))
		require.Equal(t, "2026-01-02T03:04:05+0000", aws.ToString(put.LastModified))

		// The raw answer has exactly the recorded keys (no StatusReason, no FunctionArn) and status 202.
		calls := e.fake.Calls()
		require.Equal(t, 202, calls[len(calls)-1].StatusCode)

		get := e.getPC(t, "f", v)
		requirePC(t, types.ProvisionedConcurrencyStatusEnumInProgress, 5, 0, 0,
			get.Status, get.RequestedProvisionedConcurrentExecutions, get.AllocatedProvisionedConcurrentExecutions, get.AvailableProvisionedConcurrentExecutions)

		e.clk.Add(fakelambda.DefaultAllocationDelay - time.Second)
		get = e.getPC(t, "f", v)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, get.Status)

		e.clk.Add(time.Second)
		get = e.getPC(t, "f", v)
		requirePC(t, types.ProvisionedConcurrencyStatusEnumReady, 5, 5, 5,
			get.Status, get.RequestedProvisionedConcurrentExecutions, get.AllocatedProvisionedConcurrentExecutions, get.AvailableProvisionedConcurrentExecutions)
		require.Nil(t, get.StatusReason)
		require.Equal(t, put.LastModified, get.LastModified, "status transitions do not change LastModified")

		list, err := e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Len(t, list.ProvisionedConcurrencyConfigs, 1)
		item := list.ProvisionedConcurrencyConfigs[0]
		require.Equal(t, arnPrefix+"f:1", aws.ToString(item.FunctionArn))
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, item.Status)
		require.Nil(t, list.NextMarker)
	})
}

// Scenario 3: $LATEST is refused with operation-specific messages.
func TestPCLatestRefused(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		ipv := requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
		require.Equal(t, "User", aws.ToString(ipv.Type))

		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The function resource provided must be an alias or a published version.")

		_, err = e.client.DeleteProvisionedConcurrencyConfig(e.ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("$LATEST")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The function resource provided must be an alias or a published version.")
	})
}

// Scenario 4: a value below 1 is a ValidationException.
func TestPCValueBelowOne(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		for _, n := range []int32{0, -1} {
			_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("f"), Qualifier: aws.String(v), ProvisionedConcurrentExecutions: aws.Int32(n)})
			requireAPIError[smithy.APIError](t, err, 400, "ValidationException",
				"1 validation error detected: Value '"+itoa(n)+"' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")
		}
		// Validation comes before any lookup, even of a missing function.
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("doesnotexist"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(0)})
		requireAPIError[smithy.APIError](t, err, 400, "ValidationException",
			"1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1")
	})
}

func itoa(n int32) string { return fmtInt(int64(n)) }

func fmtInt(n int64) string {
	if n < 0 {
		return "-" + fmtInt(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return fmtInt(n/10) + string(rune('0'+n%10))
}

// Scenario 5: missing targets, with the message chosen by the qualifier's shape.
func TestPCMissingTargets(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.publish(t, "f")
		put := func(fn, q string) error {
			_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String(fn), Qualifier: aws.String(q), ProvisionedConcurrentExecutions: aws.Int32(1)})
			return err
		}
		get := func(fn, q string) error {
			_, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
				FunctionName: aws.String(fn), Qualifier: aws.String(q)})
			return err
		}
		del := func(fn, q string) error {
			_, err := e.client.DeleteProvisionedConcurrencyConfig(e.ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
				FunctionName: aws.String(fn), Qualifier: aws.String(q)})
			return err
		}
		cases := []struct {
			call    func(fn, q string) error
			fn, q   string
			message string
		}{
			{put, "doesnotexist", "noalias", "Cannot find alias arn: " + arnPrefix + "doesnotexist:noalias"},
			{put, "doesnotexist", "1", "Function not found: " + arnPrefix + "doesnotexist:1"},
			{get, "doesnotexist", "noalias", "Cannot find alias arn: " + arnPrefix + "doesnotexist:noalias"},
			{get, "doesnotexist", "1", "Function not found: " + arnPrefix + "doesnotexist:1"},
			{del, "doesnotexist", "1", "Function not found: " + arnPrefix + "doesnotexist:1"},
			{put, "f", "doesnotexist", "Cannot find alias arn: " + arnPrefix + "f:doesnotexist"},
			{put, "f", "10", "Function not found: " + arnPrefix + "f:10"},
			{get, "f", "noalias", "Cannot find alias arn: " + arnPrefix + "f:noalias"},
			{get, "f", "10", "Function not found: " + arnPrefix + "f:10"},
			{del, "f", "noalias", "Cannot find alias arn: " + arnPrefix + "f:noalias"},
			{del, "f", "10", "Function not found: " + arnPrefix + "f:10"},
		}
		for _, c := range cases {
			rnf := requireAPIError[*types.ResourceNotFoundException](t, c.call(c.fn, c.q), 404, "ResourceNotFoundException", c.message)
			require.Equal(t, "User", aws.ToString(rnf.Type))
		}
	})
}

// Scenario 6 and 7: Get with no config; Delete is idempotent.
func TestPCGetNoneAndIdempotentDelete(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		_, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		nf := requireAPIError[*types.ProvisionedConcurrencyConfigNotFoundException](t, err, 404,
			"ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
		require.Equal(t, "User", aws.ToString(nf.Type))

		for i := 0; i < 2; i++ {
			_, err = e.client.DeleteProvisionedConcurrencyConfig(e.ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("f"), Qualifier: aws.String(v)})
			require.NoError(t, err)
			calls := e.fake.Calls()
			require.Equal(t, 204, calls[len(calls)-1].StatusCode)
		}

		e.putPC(t, "f", v, 2)
		_, err = e.client.DeleteProvisionedConcurrencyConfig(e.ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		require.NoError(t, err)
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		requireAPIError[*types.ProvisionedConcurrencyConfigNotFoundException](t, err, 404,
			"ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")
	})
}

// Scenario 8: List on a missing function vs an empty one; pagination.
func TestPCList(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		_, err := e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("doesnotexist")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Function not found: "+arnPrefix+"doesnotexist")

		e.createFunction(t, "f")
		list, err := e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.NotNil(t, list.ProvisionedConcurrencyConfigs)
		require.Empty(t, list.ProvisionedConcurrencyConfigs)
		require.Nil(t, list.NextMarker)

		var want []string
		for i := 0; i < 7; i++ {
			v := e.publish(t, "f")
			e.putPC(t, "f", v, 1)
			want = append(want, arnPrefix+"f:"+v)
		}
		p := lambda.NewListProvisionedConcurrencyConfigsPaginator(e.client, &lambda.ListProvisionedConcurrencyConfigsInput{
			FunctionName: aws.String("f"), MaxItems: aws.Int32(3)})
		var got []string
		pages := 0
		for p.HasMorePages() {
			page, err := p.NextPage(e.ctx)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page.ProvisionedConcurrencyConfigs), 3)
			for _, c := range page.ProvisionedConcurrencyConfigs {
				got = append(got, aws.ToString(c.FunctionArn))
			}
			pages++
		}
		require.Equal(t, 3, pages)
		require.ElementsMatch(t, want, got)

		_, err = e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{
			FunctionName: aws.String("f"), MaxItems: aws.Int32(51)})
		requireAPIError[smithy.APIError](t, err, 400, "ValidationException",
			"1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50")
	})
}

// Scenario 9: alias/version double provisioning conflicts.
func TestPCAliasVersionConflicts(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.alias(t, "f", "A", v1)
		e.alias(t, "f", "B", v2)

		e.putPC(t, "f", v1, 1)
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("A"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		rc := requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException",
			"Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
		require.Equal(t, "User", aws.ToString(rc.Type))

		e.putPC(t, "f", "B", 1)
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v2), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.ResourceConflictException](t, err, 409, "ResourceConflictException",
			"Version is pointed by a Provisioned Concurrency alias")

		// The failed Puts changed nothing.
		list, err := e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Len(t, list.ProvisionedConcurrencyConfigs, 2)
	})
}

// Scenario 10: DeleteAlias removes the alias's config.
func TestPCDeleteAliasCascades(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "A", v)
		e.putPC(t, "f", "A", 3)
		_, err := e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f"), Name: aws.String("A")})
		require.NoError(t, err)
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("A")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Cannot find alias arn: "+arnPrefix+"f:A")
		list, err := e.client.ListProvisionedConcurrencyConfigs(e.ctx, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.Empty(t, list.ProvisionedConcurrencyConfigs)
		// Its concurrency went back to the account.
		settings, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(1000), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))
	})
}

// Scenario 11: reserved concurrency caps PC, and PC caps reserved.
func TestPCReservedInterplay(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		_, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(2)})
		require.NoError(t, err)
		e.putPC(t, "f", v1, 2)

		const capMsg = "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v2), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", capMsg)
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v1), ProvisionedConcurrentExecutions: aws.Int32(3)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", capMsg)

		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(1)})
		ipv := requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			" ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2].")
		require.Nil(t, ipv.Type, "this error has no Type key")

		out, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(2)})
		require.NoError(t, err)
		require.Equal(t, int32(2), aws.ToInt32(out.ReservedConcurrentExecutions))

		// A re-Put of the same qualifier within the reservation is allowed.
		e.putPC(t, "f", v1, 1)
		e.putPC(t, "f", v2, 1)
	})
}

// Scenario 12: account limits, and GetAccountSettings reflecting PC.
func TestPCAccountLimits(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		put := func(n int32) error {
			_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
				FunctionName: aws.String("f"), Qualifier: aws.String(v), ProvisionedConcurrentExecutions: aws.Int32(n)})
			return err
		}
		ipv := requireAPIError[*types.InvalidParameterValueException](t, put(1001), 400, "InvalidParameterValueException",
			"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000].")
		require.Nil(t, ipv.Type)
		ipv = requireAPIError[*types.InvalidParameterValueException](t, put(1000), 400, "InvalidParameterValueException",
			"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")
		require.Nil(t, ipv.Type)
		requireAPIError[*types.InvalidParameterValueException](t, put(901), 400, "InvalidParameterValueException",
			"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].")

		settings, err := e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(1000), settings.AccountLimit.ConcurrentExecutions)
		require.Equal(t, int32(1000), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))

		require.NoError(t, put(900))
		settings, err = e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(100), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))
		require.Equal(t, int64(1), settings.AccountUsage.FunctionCount)
		require.Equal(t, int64(262144000), settings.AccountLimit.CodeSizeUnzipped)
		require.Equal(t, int64(52428800), settings.AccountLimit.CodeSizeZipped)
		require.Equal(t, int64(80530636800), settings.AccountLimit.TotalCodeSize)

		// Re-putting the same qualifier credits its old value back.
		require.NoError(t, put(850))
		settings, err = e.client.GetAccountSettings(e.ctx, &lambda.GetAccountSettingsInput{})
		require.NoError(t, err)
		require.Equal(t, int32(150), aws.ToInt32(settings.AccountLimit.UnreservedConcurrentExecutions))
	})
}

// A small account: the limit and minimum come from the options.
func TestPCSmallAccount(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].")
		_, err = e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].")
		out, err := e.client.PutFunctionConcurrency(e.ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String("f"), ReservedConcurrentExecutions: aws.Int32(0)})
		require.NoError(t, err, "0 always succeeds")
		require.Equal(t, int32(0), aws.ToInt32(out.ReservedConcurrentExecutions))
	}, fakelambda.WithConcurrencyLimit(10))
}

// Re-putting overwrites: IN_PROGRESS again, LastModified moves (only on Put).
func TestPCRePutOverwrites(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		first := e.putPC(t, "f", v, 2)
		e.clk.Add(3 * time.Minute)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", v).Status)
		second := e.putPC(t, "f", v, 4)
		requirePC(t, types.ProvisionedConcurrencyStatusEnumInProgress, 4, 0, 0,
			second.Status, second.RequestedProvisionedConcurrentExecutions, second.AllocatedProvisionedConcurrentExecutions, second.AvailableProvisionedConcurrentExecutions)
		require.NotEqual(t, aws.ToString(first.LastModified), aws.ToString(second.LastModified))
		require.Equal(t, "2026-01-02T03:07:05+0000", aws.ToString(second.LastModified))
		e.clk.Add(2 * time.Minute)
		get := e.getPC(t, "f", v)
		requirePC(t, types.ProvisionedConcurrencyStatusEnumReady, 4, 4, 4,
			get.Status, get.RequestedProvisionedConcurrentExecutions, get.AllocatedProvisionedConcurrentExecutions, get.AvailableProvisionedConcurrentExecutions)
		require.Equal(t, second.LastModified, get.LastModified)
	})
}

// UpdateAlias moving an alias with a config re-provisions it.
func TestPCAliasMoveReprovisions(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.alias(t, "f", "live", v1)
		put := e.putPC(t, "f", "live", 1)
		e.clk.Add(2 * time.Minute)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", "live").Status)

		_, err := e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f"), Name: aws.String("live"), FunctionVersion: aws.String(v2)})
		require.NoError(t, err)
		get := e.getPC(t, "f", "live")
		requirePC(t, types.ProvisionedConcurrencyStatusEnumInProgress, 1, 1, 1,
			get.Status, get.RequestedProvisionedConcurrentExecutions, get.AllocatedProvisionedConcurrentExecutions, get.AvailableProvisionedConcurrentExecutions)
		require.Equal(t, put.LastModified, get.LastModified)

		// G8: the version is not itself configured.
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String(v2)})
		requireAPIError[*types.ProvisionedConcurrencyConfigNotFoundException](t, err, 404,
			"ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found for this function")

		e.clk.Add(fakelambda.DefaultAllocationDelay)
		get = e.getPC(t, "f", "live")
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, get.Status)
	})
}

// Scenario 15: FailAfter gives FAILED with a StatusReason.
func TestPCFailedAllocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "BLUE", v)
		e.fake.SetAllocation("f", "BLUE", fakelambda.FailAfter(4*time.Minute, "FUNCTION_ERROR_INIT_FAILURE"))
		put := e.putPC(t, "f", "BLUE", 3)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, put.Status)
		e.clk.Add(3 * time.Minute)
		get := e.getPC(t, "f", "BLUE")
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, get.Status)
		require.Nil(t, get.StatusReason)
		e.clk.Add(time.Minute)
		get = e.getPC(t, "f", "BLUE")
		requirePC(t, types.ProvisionedConcurrencyStatusEnumFailed, 3, 0, 0,
			get.Status, get.RequestedProvisionedConcurrentExecutions, get.AllocatedProvisionedConcurrentExecutions, get.AvailableProvisionedConcurrentExecutions)
		require.Equal(t, "FUNCTION_ERROR_INIT_FAILURE", aws.ToString(get.StatusReason))

		// Other qualifiers keep the default plan.
		v2 := e.publish(t, "f")
		e.putPC(t, "f", v2, 1)
		e.clk.Add(fakelambda.DefaultAllocationDelay)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", v2).Status)
	}, fakelambda.WithAllocation(fakelambda.ReadyAfter(fakelambda.DefaultAllocationDelay)))
}

// WithAllocation sets the default plan for every function.
func TestPCWithAllocation(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.putPC(t, "f", v, 1)
		get := e.getPC(t, "f", v)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumFailed, get.Status)
		require.Equal(t, "FUNCTION_ERROR_INIT_FAILURE", aws.ToString(get.StatusReason))
	}, fakelambda.WithAllocation(fakelambda.FailAfter(0, "FUNCTION_ERROR_INIT_FAILURE")))
}

// Every FunctionName form reaches the same config; mismatches and foreign ARNs fail.
func TestPCFunctionNameForms(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "BLUE", v)
		e.putPC(t, "f", "BLUE", 7)
		for _, name := range []string{"f", "f:BLUE", "123456789012:function:f", "123456789012:function:f:BLUE",
			arnPrefix + "f", arnPrefix + "f:BLUE"} {
			get := e.getPC(t, name, "BLUE")
			require.Equal(t, int32(7), aws.ToInt32(get.RequestedProvisionedConcurrentExecutions), name)
		}
		_, err := e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f:GREEN"), Qualifier: aws.String("BLUE")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The derived qualifier from the function name does not match the specified qualifier.")
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("arn:aws:lambda:us-west-2:123456789012:function:f"), Qualifier: aws.String("BLUE")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Functions from 'us-west-2' are not reachable in this region ('us-east-1')")
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("arn:aws:lambda:us-east-1:999999999999:function:f"), Qualifier: aws.String("BLUE")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException",
			"Function not found: arn:aws:lambda:us-east-1:999999999999:function:f")
		_, err = e.client.GetProvisionedConcurrencyConfig(e.ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("not a name"), Qualifier: aws.String("BLUE")})
		requireAPIError[smithy.APIError](t, err, 400, "ValidationException",
			"1 validation error detected: Value 'not a name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "+
				`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`)
	})
}

// Weighted aliases cannot carry provisioned concurrency.
func TestPCWeightedAlias(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v1 := e.publish(t, "f")
		v2 := e.publish(t, "f")
		_, err := e.client.CreateAlias(e.ctx, &lambda.CreateAliasInput{FunctionName: aws.String("f"), Name: aws.String("canary"),
			FunctionVersion: aws.String(v1), RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{v2: 0.1}}})
		require.NoError(t, err)
		_, err = e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("canary"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"Alias with weights can not be used with Provisioned Concurrency")
	})
}

// A clock set backwards never makes a status regress.
func TestPCClockBackwards(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.putPC(t, "f", v, 1)
		e.clk.Add(2 * time.Minute)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", v).Status)
		e.clk.Set(epoch)
		require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", v).Status)
	})
}

// clockFunc is a Clock that is not a mock: any Now() works.
type clockFunc func() time.Time

func (c clockFunc) Now() time.Time { return c() }

func TestPCAnyNowClock(t *testing.T) {
	now := epoch
	fake := fakelambda.New(fakelambda.WithoutTransitions(), fakelambda.WithClock(clockFunc(func() time.Time { return now })), fakelambda.WithAllocation(fakelambda.ReadyAfter(time.Minute)))
	e := &env{fake: fake, client: newClient(fake), ctx: context.Background()}
	e.createFunction(t, "f")
	_, err := e.client.PublishVersion(e.ctx, &lambda.PublishVersionInput{FunctionName: aws.String("f")})
	require.NoError(t, err)
	e.putPC(t, "f", "1", 1)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumInProgress, e.getPC(t, "f", "1").Status)
	now = now.Add(time.Minute)
	require.Equal(t, types.ProvisionedConcurrencyStatusEnumReady, e.getPC(t, "f", "1").Status)
}

func newClient(f *fakelambda.Fake) *lambda.Client {
	return lambda.NewFromConfig(middleware.Config(f))
}

// An alias on $LATEST cannot carry provisioned concurrency, nor can an alias
// with a config move to $LATEST.
func TestPCAliasOnLatest(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		e.alias(t, "f", "dev", "$LATEST")
		e.alias(t, "f", "live", v)
		const msg = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
		_, err := e.client.PutProvisionedConcurrencyConfig(e.ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("f"), Qualifier: aws.String("dev"), ProvisionedConcurrentExecutions: aws.Int32(1)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", msg)

		e.putPC(t, "f", "live", 1)
		_, err = e.client.UpdateAlias(e.ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("f"), Name: aws.String("live"), FunctionVersion: aws.String("$LATEST")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException", msg)
		got, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f"), Name: aws.String("live")})
		require.NoError(t, err)
		require.Equal(t, v, aws.ToString(got.FunctionVersion), "the failed update changed nothing")
	})
}

// Answers are not HTML-escaped, as Lambda's are not.
func TestNoHTMLEscaping(t *testing.T) {
	fake := fakelambda.New(fakelambda.WithoutTransitions())
	client := newClient(fake)
	e := &env{fake: fake, client: client, ctx: context.Background()}
	e.createFunction(t, "f")
	_, err := client.UpdateFunctionConfiguration(e.ctx, &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("f"), Description: aws.String("<b>a & b</b>")})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	fake.ServeHTTP(rec, httptest.NewRequest("GET", "/2015-03-31/functions/f/configuration", nil))
	require.Contains(t, rec.Body.String(), `"Description":"<b>a & b</b>"`)
}
