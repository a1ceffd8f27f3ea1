package fakelambda_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// Permissions with a real lambda.Client on both transports. Facts:
// shared/reference/api-groups/permissions.md and the recordings of
// TestLambdaPermissions (replayed verbatim in
// permissions_recording_test.go).

const (
	msgNoResource   = "The resource you requested does not exist."
	msgPrecondition = "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"
)

// addS3 allows S3 (bucket b) to invoke fn (qualified by q when set) under sid.
func (e *env) addS3(t *testing.T, fn, q, sid string) *lambda.AddPermissionOutput {
	t.Helper()
	in := &lambda.AddPermissionInput{FunctionName: aws.String(fn), StatementId: aws.String(sid),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"), SourceArn: aws.String("arn:aws:s3:::b")}
	if q != "" {
		in.Qualifier = aws.String(q)
	}
	out, err := e.client.AddPermission(e.ctx, in)
	require.NoError(t, err)
	return out
}

// policy gets fn's policy (qualified by q when set) and decodes it.
func (e *env) policy(t *testing.T, fn, q string) (doc policyDoc, text, revision string) {
	t.Helper()
	in := &lambda.GetPolicyInput{FunctionName: aws.String(fn)}
	if q != "" {
		in.Qualifier = aws.String(q)
	}
	out, err := e.client.GetPolicy(e.ctx, in)
	require.NoError(t, err)
	require.Equal(t, 200, httpStatus(t, out.ResultMetadata))
	text = aws.ToString(out.Policy)
	require.NoError(t, json.Unmarshal([]byte(text), &doc))
	require.NotEmpty(t, aws.ToString(out.RevisionId))
	return doc, text, aws.ToString(out.RevisionId)
}

type policyDoc struct {
	Version, Id string
	Statement   []map[string]any
}

func (d policyDoc) sids() []string {
	var out []string
	for _, s := range d.Statement {
		out = append(out, s["Sid"].(string))
	}
	return out
}

func TestAddPermissionAndGetPolicy(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		out := e.addS3(t, "f", "", "s3")
		require.Equal(t, 201, httpStatus(t, out.ResultMetadata))
		// Recorded (test_add_lambda_permission_aws/add_permission): key order and compact text are AWS's.
		want := `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` +
			arnPrefix + `f","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}`
		require.Equal(t, want, aws.ToString(out.Statement))

		doc, text, rev := e.policy(t, "f", "")
		require.Equal(t, `{"Version":"2012-10-17","Id":"default","Statement":[`+want+`]}`, text)
		require.Equal(t, "2012-10-17", doc.Version)
		require.Equal(t, "default", doc.Id)
		require.Equal(t, []string{"s3"}, doc.sids())
		require.Equal(t, map[string]any{"ArnLike": map[string]any{"AWS:SourceArn": "arn:aws:s3:::b"}}, doc.Statement[0]["Condition"])
		// GetPolicy twice: the same RevisionId.
		_, _, rev2 := e.policy(t, "f", "")
		require.Equal(t, rev, rev2)
		// The function's RevisionId is not the policy's.
		fn, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		require.NotEqual(t, rev, aws.ToString(fn.Configuration.RevisionId))

		// Every FunctionName form reaches the same policy.
		for _, name := range []string{arnPrefix + "f", "123456789012:function:f"} {
			_, text2, _ := e.policy(t, name, "")
			require.Equal(t, text, text2)
		}
	})
}

// Recorded: test_add_lambda_permission_fields. The principal forms and
// every condition, in AWS's order.
func TestAddPermissionFields(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		res := arnPrefix + "f"
		add := func(in *lambda.AddPermissionInput) string {
			t.Helper()
			in.FunctionName = aws.String("f")
			if in.Action == nil {
				in.Action = aws.String("lambda:InvokeFunction")
			}
			out, err := e.client.AddPermission(e.ctx, in)
			require.NoError(t, err)
			return aws.ToString(out.Statement)
		}
		require.Equal(t, `{"Sid":"wilcard","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"`+res+`","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"}}}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("wilcard"), Principal: aws.String("*"), SourceAccount: aws.String("123456789012")}))
		require.Equal(t, `{"Sid":"lambda","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"`+res+`","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"}}}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("lambda"), Principal: aws.String("lambda.amazonaws.com"), SourceAccount: aws.String("123456789012")}))
		require.Equal(t, `{"Sid":"account-id","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:InvokeFunction","Resource":"`+res+`"}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("account-id"), Principal: aws.String("210987654321")}))
		user := "arn:aws:iam::123456789012:user/someone"
		require.Equal(t, `{"Sid":"user-arn","Effect":"Allow","Principal":{"AWS":"`+user+`"},"Action":"lambda:InvokeFunction","Resource":"`+res+`","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"}}}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("user-arn"), Principal: aws.String(user), SourceAccount: aws.String("123456789012")}))
		require.Equal(t, `{"Sid":"urlPermission","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"`+res+
			`","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012","lambda:FunctionUrlAuthType":"NONE","aws:PrincipalOrgID":"o-1234567890"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::test-bucket"}}}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("urlPermission"), Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String("*"),
				SourceArn: aws.String("arn:aws:s3:::test-bucket"), SourceAccount: aws.String("123456789012"), PrincipalOrgID: aws.String("o-1234567890"),
				FunctionUrlAuthType: types.FunctionUrlAuthTypeNone}))
		token := "amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
		require.Equal(t, `{"Sid":"alexaSkill","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"`+res+`","Condition":{"StringEquals":{"lambda:EventSourceToken":"`+token+`"}}}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("alexaSkill"), Principal: aws.String("*"), EventSourceToken: aws.String(token)}))
		// Not recorded (assumed): InvokedViaFunctionUrl as a Bool condition.
		require.Equal(t, `{"Sid":"viaUrl","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"`+res+`","Condition":{"Bool":{"lambda:InvokedViaFunctionUrl":"true"}}}`,
			add(&lambda.AddPermissionInput{StatementId: aws.String("viaUrl"), Principal: aws.String("*"), InvokedViaFunctionUrl: aws.Bool(true)}))

		doc, _, _ := e.policy(t, "f", "")
		require.Equal(t, []string{"wilcard", "lambda", "account-id", "user-arn", "urlPermission", "alexaSkill", "viaUrl"}, doc.sids())

		// Anything else is refused (recorded: add_permission_principal_invalid).
		_, err := e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("x"),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("invalid.nonaws.com"), SourceAccount: aws.String("123456789012")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The provided principal was invalid. Please check the principal and try again.")
		doc2, _, _ := e.policy(t, "f", "")
		require.Equal(t, doc.sids(), doc2.sids(), "a refused statement is not added")
	})
}

// Recorded: test_lambda_permission_fn_versioning. One policy per scope,
// each with its own RevisionId; publishing does not copy the policy.
func TestPermissionScopes(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.addS3(t, "f", "", "s3")
		_, _, rev := e.policy(t, "f", "")
		v := e.publish(t, "f")
		_, _, revAfter := e.policy(t, "f", "")
		require.Equal(t, rev, revAfter, "publishing changes the function's RevisionId, not the policy's")
		_, err := e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String(v)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)

		e.addS3(t, "f:"+v, v, "s3") // the same Sid in another scope
		doc, _, _ := e.policy(t, "f", v)
		require.Equal(t, arnPrefix+"f:"+v, doc.Statement[0]["Resource"])

		e.alias(t, "f", "live", v)
		al, err := e.client.GetAlias(e.ctx, &lambda.GetAliasInput{FunctionName: aws.String("f"), Name: aws.String("live")})
		require.NoError(t, err)
		// An alias without a policy takes the alias's RevisionId.
		_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("f"), Qualifier: aws.String("live"),
			StatementId: aws.String("s3"), Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"), RevisionId: aws.String("wrong")})
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException", msgPrecondition)
		_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("f:live"), Qualifier: aws.String("live"),
			StatementId: aws.String("s3"), Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"), RevisionId: al.RevisionId})
		require.NoError(t, err)
		doc, _, revAlias := e.policy(t, "f", "live")
		require.Equal(t, arnPrefix+"f:live", doc.Statement[0]["Resource"])
		require.NotEqual(t, aws.ToString(al.RevisionId), revAlias, "the policy has its own RevisionId")

		// The unqualified policy is unchanged; adding with its RevisionId works.
		_, _, rev3 := e.policy(t, "f", "")
		require.Equal(t, rev, rev3)
		_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s3_2"),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"), RevisionId: aws.String(rev)})
		require.NoError(t, err)
		doc, _, rev4 := e.policy(t, "f", "")
		require.Equal(t, []string{"s3", "s3_2"}, doc.sids())
		require.NotEqual(t, rev, rev4)
		// A stale RevisionId now fails.
		_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s3_3"),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"), RevisionId: aws.String(rev)})
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException", msgPrecondition)
		// A function without a policy takes $LATEST's RevisionId (assumed
		// like an alias's; recorded: a wrong one fails).
		e.createFunction(t, "g")
		_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("g"), StatementId: aws.String("s"),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("*"), RevisionId: aws.String("wrong")})
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException", msgPrecondition)
		g, err := e.client.GetFunction(e.ctx, &lambda.GetFunctionInput{FunctionName: aws.String("g")})
		require.NoError(t, err)
		_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("g"), StatementId: aws.String("s"),
			Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("*"), RevisionId: g.Configuration.RevisionId})
		require.NoError(t, err)
	})
}

// Recorded: test_remove_multi_permissions.
func TestRemovePermission(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		e.addS3(t, "f", "", "s3")
		e.addS3(t, "f", "", "sqs")
		_, _, rev1 := e.policy(t, "f", "")

		_, err := e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("non-existent")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Statement non-existent is not found in resource policy.")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("sqs"), RevisionId: aws.String("wrong")})
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException", msgPrecondition)

		out, err := e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("sqs"), RevisionId: aws.String(rev1)})
		require.NoError(t, err)
		require.Equal(t, 204, httpStatus(t, out.ResultMetadata))
		doc, _, rev2 := e.policy(t, "f", "")
		require.Equal(t, []string{"s3"}, doc.sids())
		require.NotEqual(t, rev1, rev2)

		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s3"), RevisionId: aws.String(rev2)})
		require.NoError(t, err)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s3")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "No policy is associated with the given resource.")
	})
}

// Recorded: test_permission_exceptions, every error verbatim.
func TestPermissionErrors(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		add := func(fn, q, sid string) error {
			in := &lambda.AddPermissionInput{FunctionName: aws.String(fn), StatementId: aws.String(sid), Action: aws.String("lambda:InvokeFunction"),
				Principal: aws.String("s3.amazonaws.com"), SourceArn: aws.String("arn:aws:s3:::test-bucket")}
			if q != "" {
				in.Qualifier = aws.String(q)
			}
			_, err := e.client.AddPermission(e.ctx, in)
			return err
		}
		requireValidation(t, add("f", "", "example.com"),
			"1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)")
		requireAPIError[*types.InvalidParameterValueException](t, add("f:alias-not-42", "42", "s3"), 400, "InvalidParameterValueException",
			"The derived qualifier from the function name does not match the specified qualifier.")
		requireAPIError[*types.InvalidParameterValueException](t, add("f:$LATEST", "$LATEST", "s3"), 400, "InvalidParameterValueException",
			"We currently do not support adding policies for $LATEST.")
		requireAPIError[*types.ResourceNotFoundException](t, add("doesnotexist", "", "s3"), 404, "ResourceNotFoundException",
			"Function not found: "+arnPrefix+"doesnotexist")
		requireAPIError[*types.ResourceNotFoundException](t, add("f:alias-doesnotexist", "", "s3"), 404, "ResourceNotFoundException",
			"Cannot find alias arn: "+arnPrefix+"f:alias-doesnotexist")
		requireAPIError[*types.ResourceNotFoundException](t, add("f", "42", "s3"), 404, "ResourceNotFoundException",
			"Function not found: "+arnPrefix+"f:42")
		requireValidation(t, add("f", "invalid-qualifier-with-?-char", "s3"),
			`1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`)
		requireAPIError[*types.ResourceNotFoundException](t, add("f", "valid-with-$-but-doesnotexist", "s3"), 404, "ResourceNotFoundException",
			"Function not found: "+arnPrefix+"f:valid-with-$-but-doesnotexist")

		_, err := e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("doesnotexist")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String("77")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s3")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "No policy is associated with the given resource.")

		require.NoError(t, add("f", "", "s3"))
		requireAPIError[*types.ResourceConflictException](t, add("f", "", "s3"), 409, "ResourceConflictException",
			"The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("doesnotexist"), StatementId: aws.String("s3")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "No policy found for: "+arnPrefix+"doesnotexist")
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s3"), Qualifier: aws.String("alias-doesnotexist")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Cannot find alias arn: "+arnPrefix+"f:alias-doesnotexist")

		// RemovePermission's StatementId may hold a dot (its own pattern).
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("example.com")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Statement example.com is not found in resource policy.")
		// Another account's ARN is another account's function.
		requireAPIError[*types.ResourceNotFoundException](t, add("arn:aws:lambda:us-east-1:210987654321:function:f", "", "s3"), 404, "ResourceNotFoundException",
			"Function not found: arn:aws:lambda:us-east-1:210987654321:function:f")
	})
}

// The policy is at most 20480 bytes; past it AddPermission answers
// PolicyLengthExceededException with the message AWS users report (not in
// the recordings; the fake counts the compact JSON text).
func TestPolicyLengthExceeded(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		src := "arn:aws:s3:::" + strings.Repeat("b", 900)
		var err error
		n := 0
		for ; n < 40; n++ {
			_, err = e.client.AddPermission(e.ctx, &lambda.AddPermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("s" + strconv.Itoa(n)),
				Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com"), SourceArn: aws.String(src)})
			if err != nil {
				break
			}
		}
		require.Error(t, err)
		var pe *types.PolicyLengthExceededException
		require.ErrorAs(t, err, &pe)
		require.Regexp(t, `^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$`, pe.ErrorMessage())
		doc, text, _ := e.policy(t, "f", "")
		require.Len(t, doc.Statement, n)
		require.LessOrEqual(t, len(text), 20480)
	})
}

// Deleting a function, a version or an alias drops its policies; Reset
// forgets them.
func TestPermissionCascades(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		v2 := e.publish(t, "f")
		e.alias(t, "f", "live", v)
		for _, q := range []string{"", v, v2, "live"} {
			e.addS3(t, "f", q, "s3")
		}
		_, err := e.client.DeleteAlias(e.ctx, &lambda.DeleteAliasInput{FunctionName: aws.String("f"), Name: aws.String("live")})
		require.NoError(t, err)
		e.alias(t, "f", "live", v)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String("live")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)

		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f"), Qualifier: aws.String(v2)})
		require.NoError(t, err)
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f"), Qualifier: aws.String(v2)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
		e.policy(t, "f", v) // the other scopes keep theirs
		e.policy(t, "f", "")

		_, err = e.client.DeleteFunction(e.ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("f")})
		require.NoError(t, err)
		e.createFunction(t, "f")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)

		e.addS3(t, "f", "", "s3")
		e.fake.Reset()
		e.createFunction(t, "f")
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
	})
}

// Get/Put/DeleteResourcePolicy share the policy AddPermission builds
// (function-settings.md §4: Put "replaces any existing policy", "the new
// policy overwrites those permissions").
func TestResourcePolicy(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		arn := arnPrefix + "f"

		_, err := e.client.GetResourcePolicy(e.ctx, &lambda.GetResourcePolicyInput{ResourceArn: aws.String(arn)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)

		e.addS3(t, "f", "", "s3")
		_, text, rev := e.policy(t, "f", "")
		got, err := e.client.GetResourcePolicy(e.ctx, &lambda.GetResourcePolicyInput{ResourceArn: aws.String(arn)})
		require.NoError(t, err)
		require.Equal(t, text, aws.ToString(got.Policy))
		require.Equal(t, rev, aws.ToString(got.RevisionId))

		doc := `{"Version":"2012-10-17","Id":"mine","Statement":[{"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"` + arn + `"}]}`
		_, err = e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arn), Policy: aws.String(doc), RevisionId: aws.String("wrong")})
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException", msgPrecondition)
		put, err := e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arn), Policy: aws.String(doc), RevisionId: aws.String(rev)})
		require.NoError(t, err)
		require.Equal(t, doc, aws.ToString(put.Policy))
		require.NotEqual(t, rev, aws.ToString(put.RevisionId))
		_, text, rev2 := e.policy(t, "f", "")
		require.Equal(t, doc, text, "GetPolicy sees the document put whole; AddPermission's statement is gone")
		require.Equal(t, aws.ToString(put.RevisionId), rev2)

		// AddPermission and RemovePermission work on it by Sid.
		e.addS3(t, "f", "", "s3")
		pd, _, _ := e.policy(t, "f", "")
		require.Equal(t, "mine", pd.Id)
		require.Equal(t, []string{"events", "s3"}, pd.sids())
		_, err = e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), StatementId: aws.String("events")})
		require.NoError(t, err)
		pd, _, rev3 := e.policy(t, "f", "")
		require.Equal(t, []string{"s3"}, pd.sids())

		// The version's scope is its own.
		_, err = e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arn + ":" + v), Policy: aws.String(doc)})
		require.NoError(t, err)
		vd, _, _ := e.policy(t, "f", v)
		require.Equal(t, []string{"events"}, vd.sids())

		_, err = e.client.DeleteResourcePolicy(e.ctx, &lambda.DeleteResourcePolicyInput{ResourceArn: aws.String(arn), RevisionId: aws.String("wrong")})
		requireAPIError[*types.PreconditionFailedException](t, err, 412, "PreconditionFailedException", msgPrecondition)
		del, err := e.client.DeleteResourcePolicy(e.ctx, &lambda.DeleteResourcePolicyInput{ResourceArn: aws.String(arn), RevisionId: aws.String(rev3)})
		require.NoError(t, err)
		require.Equal(t, 204, httpStatus(t, del.ResultMetadata))
		_, err = e.client.GetPolicy(e.ctx, &lambda.GetPolicyInput{FunctionName: aws.String("f")})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
		_, err = e.client.DeleteResourcePolicy(e.ctx, &lambda.DeleteResourcePolicyInput{ResourceArn: aws.String(arn)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", msgNoResource)
		e.policy(t, "f", v)

		// Refused input (messages assumed: not recorded).
		_, err = e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arn), Policy: aws.String("not json")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The policy document is not valid: it must be a JSON object with a Statement.")
		_, err = e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arn), Policy: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The policy document is not valid: it must be a JSON object with a Statement.")
		_, err = e.client.GetResourcePolicy(e.ctx, &lambda.GetResourcePolicyInput{ResourceArn: aws.String("f")})
		requireAPIError[*types.InvalidParameterValueException](t, err, 400, "InvalidParameterValueException",
			"The resource ARN is not valid: it must be the complete ARN of a function, a version or an alias.")
		_, err = e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arnPrefix + "nope"), Policy: aws.String(doc)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Function not found: "+arnPrefix+"nope")
		_, err = e.client.PutResourcePolicy(e.ctx, &lambda.PutResourcePolicyInput{ResourceArn: aws.String(arn + ":nope"), Policy: aws.String(doc)})
		requireAPIError[*types.ResourceNotFoundException](t, err, 404, "ResourceNotFoundException", "Cannot find alias arn: "+arnPrefix+"f:nope")
	})
}

// The permission operations are in the call log and can be faulted.
func TestPermissionCallsAndFaults(t *testing.T) {
	transports(t, func(t *testing.T, e *env) {
		e.createFunction(t, "f")
		v := e.publish(t, "f")
		h := e.fake.AddFault(fakelambda.Fault{Operation: fakelambda.OpAddPermission, Function: "f", Qualifier: v, Count: 1,
			Err: fakelambda.ServiceError("injected")})
		e.addS3(t, "f", v, "s3") // the SDK retries the 500
		require.Equal(t, 1, h.Fired())
		_, err := e.client.RemovePermission(e.ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("f"), Qualifier: aws.String(v), StatementId: aws.String("s3")})
		require.NoError(t, err)
		_, err = e.client.GetResourcePolicy(e.ctx, &lambda.GetResourcePolicyInput{ResourceArn: aws.String(arnPrefix + "f:" + v)})
		require.Error(t, err)

		var got []fakelambda.Call
		for _, c := range e.fake.Calls() {
			switch c.Operation {
			case fakelambda.OpAddPermission, fakelambda.OpRemovePermission, fakelambda.OpGetResourcePolicy:
				got = append(got, c)
			}
		}
		require.Len(t, got, 4)
		for i, c := range got {
			require.Equal(t, "f", c.Function, "call %d", i)
			require.Equal(t, v, c.Qualifier, "call %d", i)
		}
		require.True(t, got[0].Faulted)
		require.Equal(t, 500, got[0].StatusCode)
		require.Equal(t, 201, got[1].StatusCode)
		require.Equal(t, 204, got[2].StatusCode)
		require.Equal(t, fakelambda.OpGetResourcePolicy, got[3].Operation)
		require.Equal(t, "ResourceNotFoundException", got[3].ErrorCode)
	})
}
