package interop_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fakeaws/lambda/fakelambda"
)

// TestTerraform applies aws_lambda_function (with tags and reserved
// concurrency), aws_lambda_alias and aws_lambda_provisioned_concurrency_config
// against the fake, checks that a second plan has no changes, and destroys
// them. It needs terraform and the hashicorp/aws provider in a local
// filesystem mirror (FAKELAMBDA_TF_PLUGIN_MIRROR, default /opt/tf-plugins):
// it never downloads a provider.
func TestTerraform(t *testing.T) {
	t.Parallel()
	tf := requireTool(t, "terraform")
	mirror := os.Getenv("FAKELAMBDA_TF_PLUGIN_MIRROR")
	if mirror == "" {
		mirror = "/opt/tf-plugins"
	}
	if _, err := os.Stat(filepath.Join(mirror, "registry.terraform.io", "hashicorp", "aws")); err != nil {
		t.Skipf("no hashicorp/aws provider in the mirror %s (set FAKELAMBDA_TF_PLUGIN_MIRROR): %v", mirror, err)
	}
	// READY at the first read after the Put: the provider's waiter does not
	// move the fake's clock.
	srv := fakelambda.NewServer(t, fakelambda.WithClock(fakelambda.NewManualClock(epoch)),
		fakelambda.WithAllocation(fakelambda.ReadyAfter(0)))

	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	write("cli.tfrc", `provider_installation {
  filesystem_mirror {
    path    = "`+mirror+`"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
`)
	write("main.tf", `provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    lambda = "`+srv.URL+`"
  }
}
resource "aws_lambda_function" "f" {
  function_name                  = "tf-fn"
  role                           = "arn:aws:iam::123456789012:role/lambda-role"
  runtime                        = "python3.12"
  handler                        = "index.handler"
  filename                       = "`+writeZip(t)+`"
  publish                        = true
  reserved_concurrent_executions = 10
  tags                           = { team = "a" }
}
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}
resource "aws_lambda_provisioned_concurrency_config" "pc" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2
}
`)
	env := append(clientEnv(t, srv.URL), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "cli.tfrc"),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_PLUGIN_CACHE_DIR=")
	run := func(args ...string) string {
		t.Helper()
		stdout, stderr, err := runTool(t, dir, env, tf, append(args, "-no-color", "-input=false")...)
		require.NoError(t, err, "terraform %v\nstdout:\n%s\nstderr:\n%s", args, stdout, stderr)
		return stdout
	}
	run("init")
	require.Contains(t, run("apply", "-auto-approve"), "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.")
	require.Contains(t, run("plan", "-detailed-exitcode"), "No changes.", "what Terraform read back matches what it wrote")

	var ops []string
	for _, c := range srv.Fake.Calls() {
		if c.ErrorCode != "" {
			t.Errorf("%s answered %d %s", c.Operation, c.StatusCode, c.ErrorCode)
		}
		ops = append(ops, c.Operation)
	}
	all := strings.Join(ops, " ")
	for _, op := range []string{"CreateFunction", "PutFunctionConcurrency", "ListVersionsByFunction", "GetFunctionCodeSigningConfig",
		"CreateAlias", "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig"} {
		require.Contains(t, all, op)
	}

	require.Contains(t, run("destroy", "-auto-approve"), "Destroy complete! Resources: 3 destroyed.")
}
