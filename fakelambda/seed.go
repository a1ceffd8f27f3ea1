package fakelambda

import (
	"time"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Seeding from Go: put functions, versions, aliases and concurrency in place
// without the SDK, settled at once (a seeded function is Active with its
// update Successful; seeded provisioned concurrency is READY), and read them
// back for assertions. Seeding runs the same state code as the wire, so what
// is seeded is exactly what the API then answers, and a seed that Lambda
// would refuse fails with Lambda's error (an *APIError). Every argument
// naming a function is a name (in the fake's default region and account) or
// an ARN (in its region and account), maybe qualified where a qualifier
// makes sense.

// FunctionSpec describes a function to seed. Zero values take Lambda's
// defaults (and the fake's, for what Lambda requires).
type FunctionSpec struct {
	// Name is the function's name, or its full ARN: an ARN picks the
	// region and account.
	Name string
	// Runtime defaults to "provided.al2023" and Handler to "bootstrap" for
	// a zip function; an image function (ImageURI set) has neither.
	Runtime, Handler string
	// Role defaults to arn:aws:iam::<account>:role/lambda-role.
	Role        string
	Description string
	// MemorySize defaults to 128 (MB), Timeout to 3 (seconds).
	MemorySize, Timeout int
	Environment         map[string]string
	Tags                map[string]string
	// ZipFile is the code; when neither it nor ImageURI is set, the code
	// is the bytes "fakelambda".
	ZipFile []byte
	// ImageURI makes a container-image function.
	ImageURI string
	// Architecture is "x86_64" (the default) or "arm64".
	Architecture string
	// DurableConfig, when set, makes a durable function (Lambda durable
	// functions), as CreateFunction's DurableConfig does.
	DurableConfig *DurableConfig
}

// DurableConfig is a durable function's settings, CreateFunction's
// DurableConfig. A zero member takes its default: RetentionPeriodInDays 14
// (Lambda's documented default) and ExecutionTimeout 86400 seconds (the
// fake's choice; Lambda documents none).
type DurableConfig struct {
	// ExecutionTimeout is how long an execution may run, in seconds
	// (1..31622400).
	ExecutionTimeout int
	// RetentionPeriodInDays is how many days a closed execution's history
	// is kept (1..90).
	RetentionPeriodInDays int
}

// seedScope resolves a seeding argument: the region it names, the function
// name and the qualifier (from the argument or qualifier; they must agree).
// Callers hold f.mu.
func (f *Fake) seedScope(function, qualifier string) (*state.Region, string, string, *APIError) {
	var v validation
	ref, ok := validateFunctionName(&v, function, shapeFunctionName)
	if e := v.err(); e != nil || !ok {
		return nil, "", "", e
	}
	q, e := mergeQualifier(ref, qualifier)
	if e != nil {
		return nil, "", "", e
	}
	account, region := f.cfg.accountID, f.cfg.region
	if ref.Region != "" {
		region = ref.Region
	}
	if ref.Account != "" {
		account = ref.Account
	}
	return f.store.Region(account, region), ref.Name, q, nil
}

// seedErr turns a failure into the error a seeding method returns: nil, or
// an *APIError.
func seedErr(e *APIError) error {
	if e == nil {
		return nil
	}
	return e
}

// SeedFunction creates a function as CreateFunction would, but settled:
// Active, with LastUpdateStatus Successful at once.
func (f *Fake) SeedFunction(spec FunctionSpec) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(spec.Name, "")
	if e != nil {
		return e
	}
	if len(name) > 64 {
		return errInvalidParam("1 validation error detected: Value '" + name + "' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64")
	}
	in := state.NewFunction{Name: name, Qualifier: q, Tags: spec.Tags, Ready: true,
		Code: state.Code{ZipFile: spec.ZipFile, ImageUri: spec.ImageURI}}
	if spec.ImageURI != "" {
		in.PackageType = "Image"
	} else if len(spec.ZipFile) == 0 {
		in.Code.ZipFile = []byte("fakelambda")
	}
	if spec.Architecture != "" {
		in.Architectures = []string{spec.Architecture}
	}
	c := &in.Config
	role := spec.Role
	if role == "" {
		role = "arn:" + state.Partition(r.Name()) + ":iam::" + r.Account() + ":role/lambda-role"
	}
	c.Role = &role
	if spec.ImageURI == "" {
		runtime, handler := spec.Runtime, spec.Handler
		if runtime == "" {
			runtime = "provided.al2023"
		}
		if handler == "" {
			handler = "bootstrap"
		}
		c.Runtime, c.Handler = &runtime, &handler
	} else {
		if spec.Runtime != "" {
			c.Runtime = &spec.Runtime
		}
		if spec.Handler != "" {
			c.Handler = &spec.Handler
		}
	}
	if spec.Description != "" {
		c.Description = &spec.Description
	}
	if spec.MemorySize != 0 {
		m := int64(spec.MemorySize)
		c.MemorySize = &m
	}
	if spec.Timeout != 0 {
		t := int64(spec.Timeout)
		c.Timeout = &t
	}
	if spec.Environment != nil {
		c.Environment = &state.Environment{Variables: spec.Environment}
	}
	if d := spec.DurableConfig; d != nil {
		c.DurableConfig = &state.DurableConfig{RetentionPeriodInDays: d.RetentionPeriodInDays, ExecutionTimeout: d.ExecutionTimeout}
	}
	var v validation
	validateConfig(&v, c)
	for _, a := range in.Architectures {
		if a != "x86_64" && a != "arm64" {
			v.enum("architectures", a, "x86_64", "arm64")
		}
	}
	if e := v.err(); e != nil {
		return e
	}
	_, se := r.CreateFunction(in, f.now())
	return seedErr(apiError(se))
}

// SeedVersion publishes function's $LATEST as PublishVersion would and
// returns the version ("1", "2", ...; the last one when nothing changed
// since it was published).
func (f *Fake) SeedVersion(function string) (version string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(function, "")
	if e != nil {
		return "", e
	}
	cfg, se := r.PublishVersion(name, q, nil, nil, nil, f.now())
	if se != nil {
		return "", apiError(se)
	}
	return cfg.Version, nil
}

// SeedAlias creates alias of function pointing at version (a published
// version or "$LATEST"), as CreateAlias would.
func (f *Fake) SeedAlias(function, alias, version string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(function, "")
	if e != nil {
		return e
	}
	var v validation
	validateAliasName(&v, alias)
	validateVersion(&v, version)
	if e := v.err(); e != nil {
		return e
	}
	_, se := r.CreateAlias(name, q, alias, version, nil, nil)
	return seedErr(apiError(se))
}

// SeedReservedConcurrency sets function's reserved concurrency to n, as
// PutFunctionConcurrency would (with its limits).
func (f *Fake) SeedReservedConcurrency(function string, n int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(function, "")
	if e != nil {
		return e
	}
	if n < 0 {
		var v validation
		v.atLeast("reservedConcurrentExecutions", int64(n), 0)
		return v.err()
	}
	_, se := r.PutReservedConcurrency(name, q, int64(n))
	return seedErr(apiError(se))
}

// SeedProvisionedConcurrency puts n provisioned concurrency on a published
// version or alias of function, as PutProvisionedConcurrencyConfig would
// (with its limits and conflicts), but READY at once: Allocated and
// Available are n.
func (f *Fake) SeedProvisionedConcurrency(function, qualifier string, n int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(function, qualifier)
	if e != nil {
		return e
	}
	var v validation
	if q == "" {
		v.required("qualifier")
	}
	if n < 1 {
		v.atLeast("provisionedConcurrentExecutions", int64(n), 1)
	}
	if e := v.err(); e != nil {
		return e
	}
	_, se := r.PutProvisionedConcurrency(name, q, int64(n), true, f.now())
	return seedErr(apiError(se))
}

// FunctionInfo is a function as the fake holds it (a copy).
type FunctionInfo struct {
	Name, ARN               string
	Runtime, Handler, Role  string
	Description             string
	MemorySize, Timeout     int
	State, LastUpdateStatus string // of $LATEST at the fake's now; reading them here does not end a transition (see Transition)
	// StateReasonCode and LastUpdateStatusReasonCode of $LATEST: "Creating"
	// while Pending or InProgress, a failed transition's code afterwards.
	StateReasonCode, LastUpdateStatusReasonCode string
	RevisionId, CodeSha256                      string            // of $LATEST
	Versions                                    []string          // published versions, ascending
	Aliases                                     map[string]string // alias name -> the version it points at
	ReservedConcurrency                         *int              // nil when not set
	Tags                                        map[string]string // nil when none
	Environment                                 map[string]string // nil when none
	DurableConfig                               *DurableConfig    // nil when not durable
}

// Function returns function (a name or ARN) as the fake holds it at the
// fake's now, or false when it does not exist. Unlike GetFunction, it does
// not count as a read that lets a creation or update in progress end.
func (f *Fake) Function(function string) (FunctionInfo, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, _, e := f.seedScope(function, "")
	if e != nil {
		return FunctionInfo{}, false
	}
	fi, ok := r.FunctionInfo(name, f.now())
	if !ok {
		return FunctionInfo{}, false
	}
	c := fi.Config
	out := FunctionInfo{Name: c.FunctionName, ARN: c.FunctionArn, Runtime: c.Runtime, Handler: c.Handler, Role: c.Role,
		Description: c.Description, MemorySize: c.MemorySize, Timeout: c.Timeout, State: c.State,
		LastUpdateStatus: c.LastUpdateStatus, StateReasonCode: c.StateReasonCode, LastUpdateStatusReasonCode: c.LastUpdateStatusReasonCode,
		RevisionId: c.RevisionId, CodeSha256: c.CodeSha256,
		Versions: fi.Versions, Aliases: fi.Aliases, ReservedConcurrency: fi.Reserved, Tags: fi.Tags}
	if c.Environment != nil {
		out.Environment = c.Environment.Variables
	}
	if d := c.DurableConfig; d != nil {
		out.DurableConfig = &DurableConfig{ExecutionTimeout: d.ExecutionTimeout, RetentionPeriodInDays: d.RetentionPeriodInDays}
	}
	return out, true
}

// AliasInfo is an alias as the fake holds it (a copy).
type AliasInfo struct {
	Name, ARN       string
	FunctionVersion string
	Description     string
	RevisionId      string
	// Weights is the routing config's AdditionalVersionWeights; nil
	// without weighted routing.
	Weights map[string]float64
}

// Alias returns alias of function (a name or ARN), or false when either does
// not exist.
func (f *Fake) Alias(function, alias string) (AliasInfo, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(function, "")
	if e != nil {
		return AliasInfo{}, false
	}
	a, se := r.Alias(name, q, alias)
	if se != nil {
		return AliasInfo{}, false
	}
	return AliasInfo{Name: a.Name, ARN: a.AliasArn, FunctionVersion: a.FunctionVersion, Description: a.Description,
		RevisionId: a.RevisionId, Weights: a.Weights}, true
}

// ProvisionedConcurrencyInfo is a provisioned-concurrency config at the
// fake's now, as GetProvisionedConcurrencyConfig would answer it.
type ProvisionedConcurrencyInfo struct {
	Requested, Allocated, Available int
	Status                          string // IN_PROGRESS, READY or FAILED
	StatusReason                    string
	LastModified                    time.Time
}

// ProvisionedConcurrency returns the provisioned-concurrency config on
// function's version or alias qualifier at the fake's now, or false when
// there is none.
func (f *Fake) ProvisionedConcurrency(function, qualifier string) (ProvisionedConcurrencyInfo, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, name, q, e := f.seedScope(function, qualifier)
	if e != nil {
		return ProvisionedConcurrencyInfo{}, false
	}
	pc, se := r.ProvisionedConcurrency(name, q, f.now())
	if se != nil {
		return ProvisionedConcurrencyInfo{}, false
	}
	return ProvisionedConcurrencyInfo{Requested: pc.Requested, Allocated: pc.Allocated, Available: pc.Available,
		Status: pc.Status, StatusReason: pc.StatusReason, LastModified: pc.LastModified}, true
}
