package fakelambda

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// functionConfiguration is Lambda's FunctionConfiguration, as answered by
// GetFunctionConfiguration, CreateFunction, PublishVersion and the lists.
type functionConfiguration struct {
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
	VpcConfig                  *vpcConfig        `json:",omitempty"`
	DeadLetterConfig           *deadLetterConfig `json:",omitempty"`
	Environment                *environment      `json:",omitempty"`
	KMSKeyArn                  string            `json:",omitempty"`
	TracingConfig              *tracingConfig    `json:",omitempty"`
	MasterArn                  string            `json:",omitempty"`
	RevisionId                 string
	Layers                     []layer            `json:",omitempty"`
	State                      string             `json:",omitempty"`
	StateReason                string             `json:",omitempty"`
	StateReasonCode            string             `json:",omitempty"`
	LastUpdateStatus           string             `json:",omitempty"`
	LastUpdateStatusReason     string             `json:",omitempty"`
	LastUpdateStatusReasonCode string             `json:",omitempty"`
	FileSystemConfigs          []fileSystemConfig `json:",omitempty"`
	PackageType                string
	ImageConfigResponse        *imageConfigResponse `json:",omitempty"`
	Architectures              []string
	EphemeralStorage           *ephemeralStorage `json:",omitempty"`
	SnapStart                  *snapStart        `json:",omitempty"`
	LoggingConfig              *loggingConfig    `json:",omitempty"`
}

type vpcConfig struct {
	SubnetIds               []string
	SecurityGroupIds        []string
	Ipv6AllowedForDualStack *bool  `json:",omitempty"`
	VpcId                   string `json:",omitempty"`
}

type deadLetterConfig struct {
	TargetArn string `json:",omitempty"`
}

type environment struct {
	Variables map[string]string
}

type tracingConfig struct {
	Mode string `json:",omitempty"`
}

type layer struct {
	Arn      string
	CodeSize int64
}

type fileSystemConfig struct {
	Arn            string
	LocalMountPath string
}

type imageConfig struct {
	EntryPoint       []string `json:",omitempty"`
	Command          []string `json:",omitempty"`
	WorkingDirectory string   `json:",omitempty"`
}

type imageConfigResponse struct {
	ImageConfig *imageConfig `json:",omitempty"`
}

type ephemeralStorage struct {
	Size int
}

type snapStart struct {
	ApplyOn            string `json:",omitempty"`
	OptimizationStatus string `json:",omitempty"`
}

type loggingConfig struct {
	LogFormat           string `json:",omitempty"`
	ApplicationLogLevel string `json:",omitempty"`
	SystemLogLevel      string `json:",omitempty"`
	LogGroup            string `json:",omitempty"`
}

// codeInput is FunctionCode, and the code members of UpdateFunctionCode.
type codeInput struct {
	ZipFile         []byte
	S3Bucket        string
	S3Key           string
	S3ObjectVersion string
	ImageUri        string
}

// codeLocation is where a version's code came from.
type codeLocation struct {
	S3Bucket, S3Key, S3ObjectVersion string
	ImageUri                         string
}

// empty reports whether no code form was given.
func (c codeInput) empty() bool {
	return len(c.ZipFile) == 0 && c.S3Bucket == "" && c.S3Key == "" && c.ImageUri == ""
}

// apply records the code on cfg: size and SHA-256 of a zip; for S3 and image
// code, which the fake cannot fetch, size 0 and a SHA-256 of the location, so
// that new code still changes CodeSha256.
func (c codeInput) apply(cfg *functionConfiguration) codeLocation {
	var sum [32]byte
	switch {
	case len(c.ZipFile) > 0:
		sum = sha256.Sum256(c.ZipFile)
		cfg.CodeSize = int64(len(c.ZipFile))
	case c.ImageUri != "":
		sum = sha256.Sum256([]byte(c.ImageUri))
		cfg.CodeSize = 0
	default:
		sum = sha256.Sum256([]byte("s3://" + c.S3Bucket + "/" + c.S3Key + "?versionId=" + c.S3ObjectVersion))
		cfg.CodeSize = 0
	}
	cfg.CodeSha256 = base64.StdEncoding.EncodeToString(sum[:])
	return codeLocation{S3Bucket: c.S3Bucket, S3Key: c.S3Key, S3ObjectVersion: c.S3ObjectVersion, ImageUri: c.ImageUri}
}

// configInput holds the members CreateFunction and
// UpdateFunctionConfiguration share. Nil means "not given".
type configInput struct {
	Role              *string
	Handler           *string
	Description       *string
	Timeout           *int64
	MemorySize        *int64
	Runtime           *string
	VpcConfig         *vpcConfig
	Environment       *environment
	DeadLetterConfig  *deadLetterConfig
	KMSKeyArn         *string
	TracingConfig     *tracingConfig
	Layers            []string
	FileSystemConfigs []fileSystemConfig
	ImageConfig       *imageConfig
	EphemeralStorage  *ephemeralStorage
	SnapStart         *snapStart
	LoggingConfig     *loggingConfig
	RevisionId        *string
}

// validate checks ranges and patterns of the given members.
func (in *configInput) validate(v *validation) {
	if in.Role != nil && !roleRE.MatchString(*in.Role) {
		v.pattern("role", *in.Role, rolePattern)
	}
	if in.Handler != nil {
		if len(*in.Handler) > 128 {
			v.maxLen("handler", *in.Handler, 128)
		} else if *in.Handler != "" && strings.ContainsAny(*in.Handler, " \t\r\n") {
			v.pattern("handler", *in.Handler, `[^\s]+`)
		}
	}
	if in.Description != nil && len(*in.Description) > 256 {
		v.maxLen("description", *in.Description, 256)
	}
	if in.Timeout != nil {
		if *in.Timeout < 1 {
			v.atLeast("timeout", *in.Timeout, 1)
		} else if *in.Timeout > 5400 {
			v.atMost("timeout", *in.Timeout, 5400)
		}
	}
	if in.MemorySize != nil {
		if *in.MemorySize < 128 {
			v.atLeast("memorySize", *in.MemorySize, 128)
		} else if *in.MemorySize > 32768 {
			v.atMost("memorySize", *in.MemorySize, 32768)
		}
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" && in.TracingConfig.Mode != "Active" && in.TracingConfig.Mode != "PassThrough" {
		v.enum("tracingConfig.mode", in.TracingConfig.Mode, "Active", "PassThrough")
	}
	if in.EphemeralStorage != nil {
		if s := int64(in.EphemeralStorage.Size); s < 512 {
			v.atLeast("ephemeralStorage.size", s, 512)
		} else if s > 10240 {
			v.atMost("ephemeralStorage.size", s, 10240)
		}
	}
}

// apply copies the given members onto cfg.
func (in *configInput) apply(cfg *functionConfiguration) {
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
	}
	if in.VpcConfig != nil {
		cfg.VpcConfig = nil
		if len(in.VpcConfig.SubnetIds) > 0 || len(in.VpcConfig.SecurityGroupIds) > 0 {
			// Both lists are always answered, [] when empty: Lambda
			// omits or fills members, it never sends null.
			vc := *in.VpcConfig
			vc.SubnetIds = append([]string{}, vc.SubnetIds...)
			vc.SecurityGroupIds = append([]string{}, vc.SecurityGroupIds...)
			cfg.VpcConfig = &vc
		}
	}
	if in.Environment != nil {
		vars := make(map[string]string, len(in.Environment.Variables))
		for k, val := range in.Environment.Variables {
			vars[k] = val
		}
		cfg.Environment = &environment{Variables: vars}
	}
	if in.DeadLetterConfig != nil {
		cfg.DeadLetterConfig = nil
		if in.DeadLetterConfig.TargetArn != "" {
			cfg.DeadLetterConfig = &deadLetterConfig{TargetArn: in.DeadLetterConfig.TargetArn}
		}
	}
	if in.KMSKeyArn != nil {
		cfg.KMSKeyArn = *in.KMSKeyArn
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" {
		cfg.TracingConfig = &tracingConfig{Mode: in.TracingConfig.Mode}
	}
	if in.Layers != nil {
		cfg.Layers = nil
		for _, arn := range in.Layers {
			cfg.Layers = append(cfg.Layers, layer{Arn: arn})
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
		cfg.ImageConfigResponse = &imageConfigResponse{ImageConfig: &ic}
	}
	if in.EphemeralStorage != nil {
		cfg.EphemeralStorage = &ephemeralStorage{Size: in.EphemeralStorage.Size}
	}
	if in.SnapStart != nil {
		cfg.SnapStart = &snapStart{ApplyOn: in.SnapStart.ApplyOn, OptimizationStatus: "Off"}
		if cfg.SnapStart.ApplyOn == "" {
			cfg.SnapStart.ApplyOn = "None"
		}
	}
	if in.LoggingConfig != nil {
		lc := *in.LoggingConfig
		if lc.LogFormat == "" {
			lc.LogFormat = cfg.LoggingConfig.LogFormat
		}
		if lc.LogGroup == "" {
			lc.LogGroup = cfg.LoggingConfig.LogGroup
		}
		cfg.LoggingConfig = &lc
	}
}

// clone deep-copies a configuration so answers never share state.
func (c functionConfiguration) clone() functionConfiguration {
	out := c
	out.VpcConfig = clonePtr(c.VpcConfig)
	if out.VpcConfig != nil {
		out.VpcConfig.SubnetIds = slices.Clone(c.VpcConfig.SubnetIds)
		out.VpcConfig.SecurityGroupIds = slices.Clone(c.VpcConfig.SecurityGroupIds)
		out.VpcConfig.Ipv6AllowedForDualStack = clonePtr(c.VpcConfig.Ipv6AllowedForDualStack)
	}
	out.DeadLetterConfig = clonePtr(c.DeadLetterConfig)
	if c.Environment != nil {
		out.Environment = &environment{Variables: maps.Clone(c.Environment.Variables)}
	}
	out.TracingConfig = clonePtr(c.TracingConfig)
	out.Layers = slices.Clone(c.Layers)
	out.FileSystemConfigs = slices.Clone(c.FileSystemConfigs)
	if c.ImageConfigResponse != nil {
		out.ImageConfigResponse = &imageConfigResponse{}
		if ic := c.ImageConfigResponse.ImageConfig; ic != nil {
			out.ImageConfigResponse.ImageConfig = &imageConfig{EntryPoint: slices.Clone(ic.EntryPoint),
				Command: slices.Clone(ic.Command), WorkingDirectory: ic.WorkingDirectory}
		}
	}
	out.Architectures = slices.Clone(c.Architectures)
	out.EphemeralStorage = clonePtr(c.EphemeralStorage)
	out.SnapStart = clonePtr(c.SnapStart)
	out.LoggingConfig = clonePtr(c.LoggingConfig)
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

// fingerprint is what PublishVersion compares: the code and the
// configuration, without the fields that change on every write.
func (c functionConfiguration) fingerprint() string {
	c.LastModified, c.RevisionId, c.Version, c.FunctionArn = "", "", "", ""
	c.State, c.StateReason, c.StateReasonCode = "", "", ""
	c.LastUpdateStatus, c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode = "", "", ""
	b, _ := json.Marshal(c)
	return string(b)
}
