package state

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// FunctionConfiguration is Lambda's FunctionConfiguration, as answered by
// GetFunctionConfiguration, CreateFunction, PublishVersion and the lists.
type FunctionConfiguration struct {
	FunctionName               string
	FunctionArn                string
	Runtime                    string `json:",omitempty"`
	Role                       string
	Handler                    string `json:",omitempty"`
	CodeSize                   int64
	Description                string
	Timeout                    int
	MemorySize                 int
	LastModified               string
	CodeSha256                 string
	Version                    string
	VpcConfig                  *VpcConfig        `json:",omitempty"`
	DeadLetterConfig           *DeadLetterConfig `json:",omitempty"`
	Environment                *Environment      `json:",omitempty"`
	KMSKeyArn                  string            `json:",omitempty"`
	TracingConfig              *TracingConfig    `json:",omitempty"`
	MasterArn                  string            `json:",omitempty"`
	RevisionId                 string
	Layers                     []Layer            `json:",omitempty"`
	State                      string             `json:",omitempty"`
	StateReason                string             `json:",omitempty"`
	StateReasonCode            string             `json:",omitempty"`
	LastUpdateStatus           string             `json:",omitempty"`
	LastUpdateStatusReason     string             `json:",omitempty"`
	LastUpdateStatusReasonCode string             `json:",omitempty"`
	FileSystemConfigs          []FileSystemConfig `json:",omitempty"`
	PackageType                string
	ImageConfigResponse        *ImageConfigResponse `json:",omitempty"`
	Architectures              []string
	EphemeralStorage           *EphemeralStorage     `json:",omitempty"`
	SnapStart                  *SnapStart            `json:",omitempty"`
	LoggingConfig              *LoggingConfig        `json:",omitempty"`
	RuntimeVersionConfig       *RuntimeVersionConfig `json:",omitempty"`

	// Capacity providers (capacityprovider_functions.go; added by the cap branch).
	CapacityProviderConfig *CapacityProviderConfig `json:",omitempty"`

	// DurableConfig makes the function durable (Lambda durable functions):
	// nil for an ordinary function. Stored with both members filled.
	DurableConfig *DurableConfig `json:",omitempty"`
}

// DurableConfig is a durable function's settings: how long an execution
// may run, in seconds (ExecutionTimeout, 1..31622400), and how many days its
// history is kept after it closes (RetentionPeriodInDays, 1..90). In a
// ConfigUpdate, 0 means the member was omitted: the model refuses an explicit
// 0 before the operation runs.
type DurableConfig struct {
	RetentionPeriodInDays int `json:",omitempty"`
	ExecutionTimeout      int `json:",omitempty"`
}

// Durable defaults, filled in when a DurableConfig is given without them.
const (
	// DefaultRetentionPeriodInDays is documented (SAM and CDK DurableConfig:
	// "Default: 14").
	DefaultRetentionPeriodInDays = 14
	// DefaultExecutionTimeout is an assumption: Lambda's model leaves
	// ExecutionTimeout optional, its documentation calls it required and
	// names no default, and no recording shows what Lambda answers when it
	// is omitted. The fake fills one day (86400 s), the value it used for
	// ExecutionStarted before functions kept a DurableConfig.
	DefaultExecutionTimeout = 86400
)

// withDefaults is d with its omitted members filled in, as a new value.
func (d DurableConfig) withDefaults() *DurableConfig {
	if d.RetentionPeriodInDays == 0 {
		d.RetentionPeriodInDays = DefaultRetentionPeriodInDays
	}
	if d.ExecutionTimeout == 0 {
		d.ExecutionTimeout = DefaultExecutionTimeout
	}
	return &d
}

// VpcConfig is a function's VPC settings.
type VpcConfig struct {
	SubnetIds               []string
	SecurityGroupIds        []string
	Ipv6AllowedForDualStack *bool `json:",omitempty"`
	VpcId                   string
}

// VpcID is the VPC the fake says a subnet belongs to. The fake has no EC2:
// it derives a fixed "vpc-" ID from the subnet ID, so subnets get one VPC
// each and answers are stable.
func VpcID(subnet string) string {
	sum := sha256.Sum256([]byte("fakelambda vpc " + subnet))
	return "vpc-" + hex.EncodeToString(sum[:])[:17]
}

// DeadLetterConfig is where failed async events go.
type DeadLetterConfig struct {
	TargetArn string `json:",omitempty"`
}

// Environment holds a function's environment variables.
type Environment struct {
	Variables map[string]string
}

// TracingConfig is the X-Ray tracing mode.
type TracingConfig struct {
	Mode string `json:",omitempty"`
}

// Layer is a layer version a function uses.
type Layer struct {
	Arn      string
	CodeSize int64
}

// FileSystemConfig is an EFS mount.
type FileSystemConfig struct {
	Arn            string
	LocalMountPath string
}

// ImageConfig overrides a container image's settings.
type ImageConfig struct {
	EntryPoint       []string `json:",omitempty"`
	Command          []string `json:",omitempty"`
	WorkingDirectory string   `json:",omitempty"`
}

// ImageConfigResponse holds a function's ImageConfig.
type ImageConfigResponse struct {
	ImageConfig *ImageConfig `json:",omitempty"`
}

// EphemeralStorage is the size of /tmp in MB.
type EphemeralStorage struct {
	Size int
}

// SnapStart is the SnapStart setting and its status.
type SnapStart struct {
	ApplyOn            string `json:",omitempty"`
	OptimizationStatus string `json:",omitempty"`
}

// LoggingConfig is where and how a function logs.
type LoggingConfig struct {
	LogFormat           string `json:",omitempty"`
	ApplicationLogLevel string `json:",omitempty"`
	SystemLogLevel      string `json:",omitempty"`
	LogGroup            string `json:",omitempty"`
}

// Clone deep-copies a configuration so answers never share state.
func (c FunctionConfiguration) Clone() FunctionConfiguration {
	out := c
	out.VpcConfig = clonePtr(c.VpcConfig)
	if out.VpcConfig != nil {
		out.VpcConfig.SubnetIds = slices.Clone(c.VpcConfig.SubnetIds)
		out.VpcConfig.SecurityGroupIds = slices.Clone(c.VpcConfig.SecurityGroupIds)
		out.VpcConfig.Ipv6AllowedForDualStack = clonePtr(c.VpcConfig.Ipv6AllowedForDualStack)
	}
	out.DeadLetterConfig = clonePtr(c.DeadLetterConfig)
	if c.Environment != nil {
		out.Environment = &Environment{Variables: maps.Clone(c.Environment.Variables)}
	}
	out.TracingConfig = clonePtr(c.TracingConfig)
	out.Layers = slices.Clone(c.Layers)
	out.FileSystemConfigs = slices.Clone(c.FileSystemConfigs)
	if c.ImageConfigResponse != nil {
		out.ImageConfigResponse = &ImageConfigResponse{}
		if ic := c.ImageConfigResponse.ImageConfig; ic != nil {
			out.ImageConfigResponse.ImageConfig = &ImageConfig{EntryPoint: slices.Clone(ic.EntryPoint),
				Command: slices.Clone(ic.Command), WorkingDirectory: ic.WorkingDirectory}
		}
	}
	out.Architectures = slices.Clone(c.Architectures)
	out.EphemeralStorage = clonePtr(c.EphemeralStorage)
	out.SnapStart = clonePtr(c.SnapStart)
	out.LoggingConfig = clonePtr(c.LoggingConfig)
	out.RuntimeVersionConfig = clonePtr(c.RuntimeVersionConfig)
	out.CapacityProviderConfig = cloneCPC(c.CapacityProviderConfig) // capacityprovider_functions.go (added by the cap branch)
	out.DurableConfig = clonePtr(c.DurableConfig)
	return out
}

// clonePtr copies the value p points to.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// samePublishable reports whether a and b have the same code and
// configuration, leaving out the fields that change on every write: what
// PublishVersion compares. Empty lists that Lambda omits are stored as nil
// (apply), so equal answers compare equal.
func samePublishable(a, b *FunctionConfiguration) bool {
	x, y := *a, *b // shallow: only top-level fields are blanked
	for _, c := range [...]*FunctionConfiguration{&x, &y} {
		c.LastModified, c.RevisionId, c.Version, c.FunctionArn = "", "", "", ""
		c.State, c.StateReason, c.StateReasonCode = "", "", ""
		c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	}
	return reflect.DeepEqual(&x, &y)
}

// Code is FunctionCode, and the code members of UpdateFunctionCode.
type Code struct {
	ZipFile         []byte
	S3Bucket        string
	S3Key           string
	S3ObjectVersion string
	ImageUri        string
}

// Empty reports whether no code form was given.
func (c Code) Empty() bool {
	return len(c.ZipFile) == 0 && c.S3Bucket == "" && c.S3Key == "" && c.ImageUri == ""
}

// CodeLocation is where a version's code came from.
type CodeLocation struct {
	S3Bucket, S3Key, S3ObjectVersion string
	ImageUri                         string
}

// apply records the code on cfg: size and SHA-256 of a zip; for S3 and image
// code, which the fake cannot fetch, size 0 and a SHA-256 of the location, so
// that new code still changes CodeSha256.
func (c Code) apply(cfg *FunctionConfiguration) CodeLocation {
	var sum [32]byte
	switch {
	case len(c.ZipFile) > 0:
		sum = sha256.Sum256(c.ZipFile)
		cfg.CodeSize = int64(len(c.ZipFile))
	case c.ImageUri != "":
		// An image's CodeSha256 is its digest, in hex, the one
		// ResolvedImageUri names (TestLambdaImages::test_lambda_image_crud).
		// The fake has no ECR: the digest is the one the URI names, or one
		// derived from the URI.
		cfg.CodeSize = 0
		if _, digest, ok := strings.Cut(c.ImageUri, "@sha256:"); ok && isHexDigest(digest) {
			cfg.CodeSha256 = strings.ToLower(digest)
		} else {
			sum = sha256.Sum256([]byte(c.ImageUri))
			cfg.CodeSha256 = hex.EncodeToString(sum[:])
		}
		return CodeLocation{ImageUri: c.ImageUri}
	default:
		sum = sha256.Sum256([]byte("s3://" + c.S3Bucket + "/" + c.S3Key + "?versionId=" + c.S3ObjectVersion))
		cfg.CodeSize = 0
	}
	cfg.CodeSha256 = base64.StdEncoding.EncodeToString(sum[:])
	return CodeLocation{S3Bucket: c.S3Bucket, S3Key: c.S3Key, S3ObjectVersion: c.S3ObjectVersion, ImageUri: c.ImageUri}
}

// ResolvedImageURI is GetFunction's Code.ResolvedImageUri for an image
// function: the image's repository (its URI without tag or digest) at the
// digest CodeSha256 holds, "<repository>@sha256:<CodeSha256>" (recorded:
// TestLambdaImages::test_lambda_image_crud get-function-code-response).
func ResolvedImageURI(imageURI, codeSha256 string) string {
	repo := imageURI
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	} else if i := strings.LastIndexByte(repo, ':'); i > strings.LastIndexByte(repo, '/') {
		repo = repo[:i]
	}
	return repo + "@sha256:" + codeSha256
}

// isHexDigest reports whether s is a SHA-256 digest in hex.
func isHexDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// ConfigUpdate holds the members CreateFunction and
// UpdateFunctionConfiguration share. Nil means "not given".
type ConfigUpdate struct {
	Role              *string
	Handler           *string
	Description       *string
	Timeout           *int64
	MemorySize        *int64
	Runtime           *string
	VpcConfig         *VpcConfig
	Environment       *Environment
	DeadLetterConfig  *DeadLetterConfig
	KMSKeyArn         *string
	TracingConfig     *TracingConfig
	Layers            []string
	FileSystemConfigs []FileSystemConfig
	ImageConfig       *ImageConfig
	EphemeralStorage  *EphemeralStorage
	SnapStart         *SnapStart
	LoggingConfig     *LoggingConfig
	RevisionId        *string

	// Capacity providers (capacityprovider_functions.go; added by the cap branch).
	CapacityProviderConfig *CapacityProviderConfig

	// DurableConfig, when given, replaces the function's, its omitted
	// members taking their defaults (DefaultRetentionPeriodInDays,
	// DefaultExecutionTimeout).
	DurableConfig *DurableConfig
}

// apply copies the given members onto cfg.
func (in *ConfigUpdate) apply(cfg *FunctionConfiguration) {
	if in.CapacityProviderConfig != nil { // capacityprovider_functions.go (added by the cap branch)
		cfg.CapacityProviderConfig = cloneCPC(in.CapacityProviderConfig)
	}
	if in.DurableConfig != nil {
		// The answer shows the defaults filled in: no recording says
		// whether Lambda echoes omitted members; answering them lets
		// callers read the timeout their executions get. Lambda's guide
		// says durable execution can only be enabled at creation; the fake
		// accepts it on UpdateFunctionConfiguration too (its refusal's
		// wording is unknown).
		cfg.DurableConfig = in.DurableConfig.withDefaults()
	}
	if in.Role != nil {
		cfg.Role = *in.Role
	}
	if in.Handler != nil {
		cfg.Handler = *in.Handler
	}
	if in.Description != nil {
		cfg.Description = *in.Description
	}
	if in.Timeout != nil {
		cfg.Timeout = int(*in.Timeout)
	}
	if in.MemorySize != nil {
		cfg.MemorySize = int(*in.MemorySize)
	}
	if in.Runtime != nil {
		cfg.Runtime = *in.Runtime
		cfg.RuntimeVersionConfig = nil
		if cfg.Runtime != "" {
			cfg.RuntimeVersionConfig = &RuntimeVersionConfig{RuntimeVersionArn: RuntimeVersionARN(regionOfARN(cfg.FunctionArn), cfg.Runtime)}
		}
	}
	if in.VpcConfig != nil {
		// Once given, VpcConfig is always answered, emptied rather than
		// removed, with Ipv6AllowedForDualStack false by default and the
		// subnets' VPC (TestLambdaFunction::test_vpc_config). Both lists
		// are answered [] when empty: Lambda never sends null.
		vc := *in.VpcConfig
		vc.SubnetIds = append([]string{}, vc.SubnetIds...)
		vc.SecurityGroupIds = append([]string{}, vc.SecurityGroupIds...)
		v6 := vc.Ipv6AllowedForDualStack != nil && *vc.Ipv6AllowedForDualStack
		vc.Ipv6AllowedForDualStack = &v6
		vc.VpcId = ""
		if len(vc.SubnetIds) > 0 {
			vc.VpcId = VpcID(vc.SubnetIds[0])
		}
		cfg.VpcConfig = &vc
	}
	if in.Environment != nil {
		vars := make(map[string]string, len(in.Environment.Variables))
		for k, val := range in.Environment.Variables {
			vars[k] = val
		}
		cfg.Environment = &Environment{Variables: vars}
	}
	if in.DeadLetterConfig != nil {
		cfg.DeadLetterConfig = nil
		if in.DeadLetterConfig.TargetArn != "" {
			cfg.DeadLetterConfig = &DeadLetterConfig{TargetArn: in.DeadLetterConfig.TargetArn}
		}
	}
	if in.KMSKeyArn != nil {
		cfg.KMSKeyArn = *in.KMSKeyArn
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" {
		cfg.TracingConfig = &TracingConfig{Mode: in.TracingConfig.Mode}
	}
	if in.Layers != nil {
		cfg.Layers = nil
		for _, arn := range in.Layers {
			cfg.Layers = append(cfg.Layers, Layer{Arn: arn})
		}
	}
	if in.FileSystemConfigs != nil {
		cfg.FileSystemConfigs = slices.Clone(in.FileSystemConfigs)
		if len(cfg.FileSystemConfigs) == 0 {
			cfg.FileSystemConfigs = nil
		}
	}
	if in.ImageConfig != nil {
		ic := *in.ImageConfig
		if len(ic.EntryPoint) == 0 {
			ic.EntryPoint = nil // omitted when empty: stored as nil, so publishes compare equal
		}
		if len(ic.Command) == 0 {
			ic.Command = nil
		}
		cfg.ImageConfigResponse = &ImageConfigResponse{ImageConfig: &ic}
		if ic.EntryPoint == nil && ic.Command == nil && ic.WorkingDirectory == "" {
			// An empty ImageConfig removes it (TestLambdaImages::
			// test_lambda_image_and_image_config_crud).
			cfg.ImageConfigResponse = nil
		}
	}
	if in.EphemeralStorage != nil {
		cfg.EphemeralStorage = &EphemeralStorage{Size: in.EphemeralStorage.Size}
	}
	if in.SnapStart != nil {
		cfg.SnapStart = &SnapStart{ApplyOn: in.SnapStart.ApplyOn, OptimizationStatus: "Off"}
		if cfg.SnapStart.ApplyOn == "" {
			cfg.SnapStart.ApplyOn = "None"
		}
	}
	if in.LoggingConfig != nil {
		// Members not given keep their values; JSON logs have an
		// application and a system log level, INFO by default, and Text
		// logs none (TestLoggingConfig).
		var lc LoggingConfig
		if cfg.LoggingConfig != nil {
			lc = *cfg.LoggingConfig
		}
		n := in.LoggingConfig
		for _, m := range [...]struct {
			to *string
			v  string
		}{
			{&lc.LogFormat, n.LogFormat}, {&lc.ApplicationLogLevel, n.ApplicationLogLevel},
			{&lc.SystemLogLevel, n.SystemLogLevel}, {&lc.LogGroup, n.LogGroup},
		} {
			if m.v != "" {
				*m.to = m.v
			}
		}
		if lc.LogFormat == "JSON" {
			if lc.ApplicationLogLevel == "" {
				lc.ApplicationLogLevel = "INFO"
			}
			if lc.SystemLogLevel == "" {
				lc.SystemLogLevel = "INFO"
			}
		} else {
			lc.ApplicationLogLevel, lc.SystemLogLevel = "", ""
		}
		cfg.LoggingConfig = &lc
	}
}

// DurableConfigOf returns a copy of the DurableConfig of function at
// version: "" or "$LATEST", "$LATEST.PUBLISHED", a version number or an
// alias (its version), resolved as every operation resolves a qualifier. The
// config is nil when that version is not durable; ok is false when the
// function or the version does not exist. The durable engine asks it whether
// an Invoke starts a durable execution, and for its ExecutionTimeout and
// RetentionPeriodInDays.
func (r *Region) DurableConfigOf(function, version string) (cfg *DurableConfig, ok bool) {
	fn, t, e := r.resolve(function, version, Lookup{})
	if e != nil {
		return nil, false
	}
	ver := fn.version(t.Version)
	if ver == nil {
		return nil, false
	}
	return clonePtr(ver.cfg.DurableConfig), true
}
