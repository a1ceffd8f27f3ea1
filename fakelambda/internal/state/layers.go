package state

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Layers: PublishLayerVersion, GetLayerVersion(ByArn), ListLayers,
// ListLayerVersions, DeleteLayerVersion, the layer version permissions, and
// what functions see of them (their Layers, AccountUsage.TotalCodeSize).
// Layers belong to an account and region, like functions. A layer's version
// numbers are never reused: deleting every version keeps the layer's count.

// layer is one layer name with its versions.
type layer struct {
	name     string
	last     int64 // the highest version number ever published
	versions map[int64]*layerVersion
}

// layerVersion is one published version and its resource policy.
type layerVersion struct {
	v        LayerVersion
	policy   []layerStatement // in insertion order
	revision string           // of the policy; "" until the first statement
}

// layerStatement is one statement of a layer version's policy.
type layerStatement struct{ sid, json string }

// LayerVersion is what PublishLayerVersion, GetLayerVersion and
// GetLayerVersionByArn answer. The Compatible* lists are nil when they were
// not given, and empty (not nil) when given empty: Lambda echoes [] then.
type LayerVersion struct {
	LayerName               string
	LayerArn                string
	LayerVersionArn         string
	Version                 int64
	Description             string
	CreatedDate             string
	LicenseInfo             string // "" when not given
	CompatibleRuntimes      []string
	CompatibleArchitectures []string
	Content                 LayerContent
}

// LayerContent is a layer version's code as Lambda describes it.
type LayerContent struct {
	Location   string
	CodeSha256 string
	CodeSize   int64
}

func (lv LayerVersion) clone() LayerVersion {
	lv.CompatibleRuntimes = slices.Clone(lv.CompatibleRuntimes)
	lv.CompatibleArchitectures = slices.Clone(lv.CompatibleArchitectures)
	return lv
}

// NewLayerVersion is PublishLayerVersion's input (the wire has checked its
// constraints).
type NewLayerVersion struct {
	Name                    string
	Description             string
	LicenseInfo             string
	CompatibleRuntimes      []string
	CompatibleArchitectures []string
	ZipFile                 []byte
	S3Bucket, S3Key         string
	S3ObjectVersion         string
}

// LayerARN is the ARN of layer name in this region.
func (r *Region) LayerARN(name string) string {
	return "arn:" + Partition(r.region) + ":lambda:" + r.region + ":" + r.account + ":layer:" + name
}

// LayerVersionARN is the ARN of version n of layer name.
func (r *Region) LayerVersionARN(name string, n int64) string {
	return r.LayerARN(name) + ":" + strconv.FormatInt(n, 10)
}

// PublishLayerVersion publishes the next version of a layer, creating the
// layer on its first version.
func (r *Region) PublishLayerVersion(in NewLayerVersion, now time.Time) (LayerVersion, *Error) {
	if len(in.ZipFile) == 0 && in.S3Bucket == "" && in.S3Key == "" {
		return LayerVersion{}, errInvalidParam("Please provide a source for layer content.")
	}
	if len(in.CompatibleArchitectures) > 2 {
		return LayerVersion{}, errInvalidParam("Only two architectures are supported per layer.")
	}
	l := r.layers[in.Name]
	if l == nil {
		if r.layers == nil {
			r.layers = map[string]*layer{}
		}
		l = &layer{name: in.Name, versions: map[int64]*layerVersion{}}
		r.layers[in.Name] = l
	}
	l.last++
	var sum [32]byte
	var size int64
	if len(in.ZipFile) > 0 {
		sum, size = sha256.Sum256(in.ZipFile), int64(len(in.ZipFile))
	} else {
		// The fake cannot fetch S3 objects: size 0, a SHA-256 of the location.
		sum = sha256.Sum256([]byte("s3://" + in.S3Bucket + "/" + in.S3Key + "?versionId=" + in.S3ObjectVersion))
	}
	lv := LayerVersion{
		LayerName:               in.Name,
		LayerArn:                r.LayerARN(in.Name),
		LayerVersionArn:         r.LayerVersionARN(in.Name, l.last),
		Version:                 l.last,
		Description:             in.Description,
		CreatedDate:             fnTimestamp(now),
		LicenseInfo:             in.LicenseInfo,
		CompatibleRuntimes:      slices.Clone(in.CompatibleRuntimes),
		CompatibleArchitectures: slices.Clone(in.CompatibleArchitectures),
		Content: LayerContent{
			Location: "https://awslambda-" + r.region + "-layers.s3." + r.region + ".amazonaws.com/snapshots/" + r.account + "/" +
				in.Name + "-" + r.newID() + "?fakelambda=1",
			CodeSha256: base64.StdEncoding.EncodeToString(sum[:]),
			CodeSize:   size,
		},
	}
	l.versions[l.last] = &layerVersion{v: lv}
	return lv.clone(), nil
}

// errLayerVersionTooLow is Lambda's answer to a VersionNumber below 1.
func errLayerVersionTooLow() *Error { return errInvalidParam("Layer Version Cannot be less than 1") }

// layerVersion finds version n of layer name, or nil.
func (r *Region) layerVersion(name string, n int64) *layerVersion {
	if l := r.layers[name]; l != nil {
		return l.versions[n]
	}
	return nil
}

// GetLayerVersion answers GetLayerVersion and GetLayerVersionByArn.
func (r *Region) GetLayerVersion(name string, n int64) (LayerVersion, *Error) {
	if n < 1 {
		return LayerVersion{}, errLayerVersionTooLow()
	}
	lv := r.layerVersion(name, n)
	if lv == nil {
		return LayerVersion{}, errNotFound("The resource you requested does not exist.")
	}
	return lv.v.clone(), nil
}

// DeleteLayerVersion deletes a version; deleting what does not exist
// succeeds (Lambda answers 204). Functions that use the version keep it.
func (r *Region) DeleteLayerVersion(name string, n int64) *Error {
	if n < 1 {
		return errLayerVersionTooLow()
	}
	if l := r.layers[name]; l != nil {
		delete(l.versions, n)
	}
	return nil
}

// LayerFilter selects layer versions: a version matches a filter only when
// it lists the runtime or architecture.
type LayerFilter struct{ Runtime, Architecture string }

func (f LayerFilter) matches(lv *LayerVersion) bool {
	return (f.Runtime == "" || slices.Contains(lv.CompatibleRuntimes, f.Runtime)) &&
		(f.Architecture == "" || slices.Contains(lv.CompatibleArchitectures, f.Architecture))
}

// ListLayerVersions lists the versions of layer name that match, newest
// first; none (not an error) when the layer does not exist.
func (r *Region) ListLayerVersions(name string, f LayerFilter) []LayerVersion {
	l := r.layers[name]
	if l == nil {
		return nil
	}
	var out []LayerVersion
	for _, n := range l.sorted() {
		if lv := l.versions[n]; f.matches(&lv.v) {
			out = append(out, lv.v.clone())
		}
	}
	slices.Reverse(out)
	return out
}

// sorted lists the layer's version numbers in ascending order.
func (l *layer) sorted() []int64 {
	ns := make([]int64, 0, len(l.versions))
	for n := range l.versions {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// ListLayers lists, by name, each layer's newest version that matches;
// layers with no matching version are left out.
func (r *Region) ListLayers(f LayerFilter) []LayerVersion {
	names := make([]string, 0, len(r.layers))
	for name := range r.layers {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []LayerVersion
	for _, name := range names {
		l := r.layers[name]
		ns := l.sorted()
		for i := len(ns) - 1; i >= 0; i-- {
			if lv := l.versions[ns[i]]; f.matches(&lv.v) {
				out = append(out, lv.v.clone())
				break
			}
		}
	}
	return out
}

// LayerPermission is AddLayerVersionPermission's input.
type LayerPermission struct {
	StatementId, Action, Principal, OrganizationId string
	RevisionId                                     *string
}

// permissionTarget finds a version for the permission operations, whose
// "missing" names the version's ARN.
func (r *Region) permissionTarget(name string, n int64) (*layerVersion, *Error) {
	if n < 1 {
		return nil, errLayerVersionTooLow()
	}
	lv := r.layerVersion(name, n)
	if lv == nil {
		return nil, errNotFound("Layer version " + r.LayerVersionARN(name, n) + " does not exist.")
	}
	return lv, nil
}

// errLayerPrecondition is the RevisionId mismatch of the layer policy
// operations (Lambda names GetLayerPolicy in it).
func errLayerPrecondition() *Error {
	return &Error{Code: "PreconditionFailedException", Status: 412,
		Message: "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id"}
}

// AddLayerVersionPermission adds a statement to the version's policy and
// answers it (as JSON) with the policy's new RevisionId.
func (r *Region) AddLayerVersionPermission(name string, n int64, p LayerPermission) (statement, revision string, e *Error) {
	lv, e := r.permissionTarget(name, n)
	if e != nil {
		return "", "", e
	}
	if p.RevisionId != nil && *p.RevisionId != "" && *p.RevisionId != lv.revision {
		return "", "", errLayerPrecondition()
	}
	for _, s := range lv.policy {
		if s.sid == p.StatementId {
			return "", "", errConflict("The statement id (" + p.StatementId + ") provided already exists. Please provide a new statement id, or remove the existing statement.")
		}
	}
	principal := jsonString(p.Principal)
	if p.Principal != "*" {
		arn := p.Principal
		if !strings.HasPrefix(arn, "arn:") {
			arn = "arn:" + Partition(r.region) + ":iam::" + arn + ":root"
		}
		principal = `{"AWS":` + jsonString(arn) + `}`
	}
	st := `{"Sid":` + jsonString(p.StatementId) + `,"Effect":"Allow","Principal":` + principal +
		`,"Action":` + jsonString(p.Action) + `,"Resource":` + jsonString(lv.v.LayerVersionArn)
	if p.OrganizationId != "" {
		st += `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":` + jsonString(p.OrganizationId) + `}}`
	}
	st += "}"
	lv.policy = append(lv.policy, layerStatement{p.StatementId, st})
	lv.revision = r.newID()
	return st, lv.revision, nil
}

// LayerVersionPolicy answers GetLayerVersionPolicy: the policy document and
// its RevisionId.
func (r *Region) LayerVersionPolicy(name string, n int64) (policy, revision string, e *Error) {
	lv, e := r.permissionTarget(name, n)
	if e != nil {
		return "", "", e
	}
	if len(lv.policy) == 0 {
		return "", "", errNotFound("No policy is associated with the given resource.")
	}
	parts := make([]string, len(lv.policy))
	for i, s := range lv.policy {
		parts[i] = s.json
	}
	return `{"Version":"2012-10-17","Id":"default","Statement":[` + strings.Join(parts, ",") + `]}`, lv.revision, nil
}

// RemoveLayerVersionPermission removes a statement from the version's policy.
func (r *Region) RemoveLayerVersionPermission(name string, n int64, sid string, revisionID *string) *Error {
	lv, e := r.permissionTarget(name, n)
	if e != nil {
		return e
	}
	if revisionID != nil && *revisionID != "" && *revisionID != lv.revision {
		return errLayerPrecondition()
	}
	i := slices.IndexFunc(lv.policy, func(s layerStatement) bool { return s.sid == sid })
	if i < 0 {
		return errNotFound("Statement " + sid + " is not found in resource policy.")
	}
	lv.policy = slices.Delete(lv.policy, i, i+1)
	lv.revision = r.newID()
	return nil
}

// jsonString quotes s as a JSON string. The values it quotes are checked
// against patterns without quotes or control characters; escaping them
// anyway keeps the document well-formed whatever they hold.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&0xf])
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// layersCodeSize is the code size of every layer version of the region, for
// AccountUsage.TotalCodeSize.
func (r *Region) layersCodeSize() int64 {
	var n int64
	for _, l := range r.layers {
		for _, lv := range l.versions {
			n += lv.v.Content.CodeSize
		}
	}
	return n
}

// peek is the state of account in region, or nil when it was never used
// (unlike Region, it creates nothing).
func (s *Store) peek(account, region string) *Region {
	if r := s.first; r != nil && r.account == account && r.region == region {
		return r
	}
	return s.regions[regionKey{account, region}]
}

// layerRef is a layer version ARN a function names in its Layers.
type layerRef struct {
	arn, region, account, name string
	version                    int64
	awsOwned                   bool // arn:<partition>:lambda:::awslayer:<name>
}

// parseLayerVersionARN splits an ARN the wire has matched against Lambda's
// LayerVersionArn pattern.
func parseLayerVersionARN(arn string) layerRef {
	p := strings.Split(arn, ":")
	ref := layerRef{arn: arn}
	if len(p) >= 7 && p[5] == "awslayer" {
		ref.awsOwned, ref.name = true, p[6]
		return ref
	}
	if len(p) >= 8 {
		ref.region, ref.account, ref.name = p[3], p[4], p[6]
		ref.version, _ = strconv.ParseInt(p[7], 10, 64)
	}
	return ref
}

// resolveLayers checks the layer versions a function is to use, as Lambda
// does for CreateFunction and UpdateFunctionConfiguration (each failure a
// 400 InvalidParameterValueException), and answers them as the
// configuration shows them, with their code size. A layer of another
// account is looked up in that account's state.
func (r *Region) resolveLayers(arns []string) ([]Layer, *Error) {
	if len(arns) > 5 {
		return nil, errInvalidParam("Cannot reference more than 5 layers.")
	}
	refs := make([]layerRef, len(arns))
	for i, arn := range arns {
		refs[i] = parseLayerVersionARN(arn)
		if !refs[i].awsOwned && refs[i].region != r.region {
			return nil, errInvalidParam("Layers are not in the same region as the function. Layers are expected to be in region " + r.region + ".")
		}
	}
	for i, a := range refs {
		for _, b := range refs[i+1:] {
			if a.name == b.name && a.account == b.account && a.awsOwned == b.awsOwned {
				return nil, errInvalidParam("Two different versions of the same layer are not allowed to be referenced in the same function. " +
					a.arn + " and " + b.arn + " are versions of the same layer.")
			}
		}
	}
	var out []Layer
	for _, ref := range refs {
		var lv *layerVersion
		if owner := r.store.peek(ref.account, ref.region); owner != nil && !ref.awsOwned {
			lv = owner.layerVersion(ref.name, ref.version)
		}
		if lv == nil {
			return nil, errInvalidParam("Layer version " + ref.arn + " does not exist.")
		}
		out = append(out, Layer{Arn: ref.arn, CodeSize: lv.v.Content.CodeSize})
	}
	return out, nil
}

// applyLayers resolves the Layers of a configuration update onto cfg
// (CreateFunction, UpdateFunctionConfiguration): nil Layers leave cfg's as
// they are, so a function keeps a layer version deleted since.
func (r *Region) applyLayers(in *ConfigUpdate, cfg *FunctionConfiguration) *Error {
	if in.Layers == nil {
		return nil
	}
	layers, e := r.resolveLayers(in.Layers)
	if e != nil {
		return e
	}
	cfg.Layers = layers
	return nil
}
