package fakelambda

import (
	"strconv"
	"strings"

	"github.com/fakeaws/lambda/fakelambda/internal/state"
)

// Layers: PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn,
// ListLayers, ListLayerVersions, DeleteLayerVersion,
// AddLayerVersionPermission, GetLayerVersionPolicy,
// RemoveLayerVersionPermission. The model's constraints (internal/model,
// with Lambda's own enum lists and patterns as overrides) are checked
// before these run; a {LayerName} is a name or a layer ARN.

// layerVersionOut is a layer version as Publish and Get answer it.
type layerVersionOut struct {
	Content                 layerContentOut
	LayerArn                string
	LayerVersionArn         string
	Description             string
	CreatedDate             string
	Version                 int64
	CompatibleRuntimes      *[]string `json:",omitempty"`
	LicenseInfo             string    `json:",omitempty"`
	CompatibleArchitectures *[]string `json:",omitempty"`
}

type layerContentOut struct {
	Location   string
	CodeSha256 string
	CodeSize   int64
}

// layerVersionItem is a layer version as the lists show it: no LayerArn,
// no Content.
type layerVersionItem struct {
	LayerVersionArn         string
	Version                 int64
	Description             string
	CreatedDate             string
	CompatibleRuntimes      *[]string `json:",omitempty"`
	LicenseInfo             string    `json:",omitempty"`
	CompatibleArchitectures *[]string `json:",omitempty"`
}

// given is a list as Lambda echoes it: absent when not given, [] when given
// empty.
func given(l []string) *[]string {
	if l == nil {
		return nil
	}
	return &l
}

func layerOut(lv state.LayerVersion) layerVersionOut {
	return layerVersionOut{
		Content:         layerContentOut{lv.Content.Location, lv.Content.CodeSha256, lv.Content.CodeSize},
		LayerArn:        lv.LayerArn,
		LayerVersionArn: lv.LayerVersionArn, Description: lv.Description, CreatedDate: lv.CreatedDate, Version: lv.Version,
		CompatibleRuntimes: given(lv.CompatibleRuntimes), LicenseInfo: lv.LicenseInfo,
		CompatibleArchitectures: given(lv.CompatibleArchitectures),
	}
}

func layerItem(lv state.LayerVersion) layerVersionItem {
	return layerVersionItem{LayerVersionArn: lv.LayerVersionArn, Version: lv.Version, Description: lv.Description,
		CreatedDate: lv.CreatedDate, CompatibleRuntimes: given(lv.CompatibleRuntimes), LicenseInfo: lv.LicenseInfo,
		CompatibleArchitectures: given(lv.CompatibleArchitectures)}
}

// layerRegion resolves the {LayerName} label: a bare name is a layer of the
// request's account and region; a layer ARN names its own.
func (f *Fake) layerRegion(rq *request) (*state.Region, string) {
	name := rq.label("LayerName")
	if p := strings.Split(name, ":"); len(p) == 7 && p[0] == "arn" && p[5] == "layer" {
		return f.store.Region(p[4], p[3]), p[6]
	}
	return f.regionOf(rq), name
}

// layerVersionNumber reads the {VersionNumber} label, a long.
func layerVersionNumber(rq *request) (int64, *APIError) {
	s := rq.label("VersionNumber")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Not recorded: a label that is not a number.
		var v validation
		v.add("Value '%s' at 'versionNumber' failed to satisfy constraint: Member must be a number", s)
		return 0, v.err()
	}
	return n, nil
}

func (f *Fake) publishLayerVersion(rq *request) *response {
	var in struct {
		Description string
		Content     *struct {
			S3Bucket, S3Key, S3ObjectVersion string
			ZipFile                          []byte
		}
		CompatibleRuntimes      []string
		LicenseInfo             string
		CompatibleArchitectures []string
	}
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	if in.Content == nil {
		var v validation
		v.required("content")
		return fail(v.err())
	}
	r, name := f.layerRegion(rq)
	lv, se := r.PublishLayerVersion(state.NewLayerVersion{Name: name, Description: in.Description, LicenseInfo: in.LicenseInfo,
		CompatibleRuntimes: in.CompatibleRuntimes, CompatibleArchitectures: in.CompatibleArchitectures,
		ZipFile: in.Content.ZipFile, S3Bucket: in.Content.S3Bucket, S3Key: in.Content.S3Key, S3ObjectVersion: in.Content.S3ObjectVersion}, rq.now)
	if se != nil {
		return failState(se)
	}
	return answer(201, layerOut(lv))
}

func (f *Fake) getLayerVersion(rq *request) *response {
	n, e := layerVersionNumber(rq)
	if e != nil {
		return fail(e)
	}
	r, name := f.layerRegion(rq)
	lv, se := r.GetLayerVersion(name, n)
	if se != nil {
		return failState(se)
	}
	return answer(200, layerOut(lv))
}

// getLayerVersionByArn answers GET /2018-10-31/layers?find=LayerVersion&Arn=...
// The model has matched Arn against Lambda's LayerVersionArn pattern; an
// AWS-owned layer (arn:aws:lambda:::awslayer:...) is never found here.
func (f *Fake) getLayerVersionByArn(rq *request) *response {
	arn, _ := rq.query("Arn")
	p := strings.Split(arn, ":")
	if len(p) != 8 || p[5] != "layer" {
		return fail(errNotFound("The resource you requested does not exist."))
	}
	n, err := strconv.ParseInt(p[7], 10, 64)
	if err != nil {
		return fail(errNotFound("The resource you requested does not exist."))
	}
	lv, se := f.store.Region(p[4], p[3]).GetLayerVersion(p[6], n)
	if se != nil {
		return failState(se)
	}
	return answer(200, layerOut(lv))
}

// layerFilter reads the CompatibleRuntime and CompatibleArchitecture query
// parameters (their enums are the model's, checked before).
func layerFilter(rq *request) state.LayerFilter {
	rt, _ := rq.query("CompatibleRuntime")
	arch, _ := rq.query("CompatibleArchitecture")
	return state.LayerFilter{Runtime: rt, Architecture: arch}
}

func (f *Fake) listLayerVersions(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil {
		return fail(e)
	}
	r, name := f.layerRegion(rq)
	// Newest first: the key counts down from the highest possible version.
	page, next, e := paginate(r.ListLayerVersions(name, layerFilter(rq)), func(lv state.LayerVersion) string {
		return padVersion(strconv.FormatInt(999999999999-lv.Version, 10))
	}, marker, size)
	if e != nil {
		return fail(e)
	}
	out := struct {
		LayerVersions []layerVersionItem
		NextMarker    string `json:",omitempty"`
	}{LayerVersions: make([]layerVersionItem, 0, len(page)), NextMarker: next}
	for _, lv := range page {
		out.LayerVersions = append(out.LayerVersions, layerItem(lv))
	}
	return answer(200, out)
}

func (f *Fake) listLayers(rq *request) *response {
	var v validation
	marker, size := pageParams(rq, &v, 50, 50, 50)
	if e := v.err(); e != nil {
		return fail(e)
	}
	page, next, e := paginate(f.regionOf(rq).ListLayers(layerFilter(rq)), func(lv state.LayerVersion) string {
		return lv.LayerName
	}, marker, size)
	if e != nil {
		return fail(e)
	}
	type layersListItem struct {
		LayerName             string
		LayerArn              string
		LatestMatchingVersion layerVersionItem
	}
	out := struct {
		Layers     []layersListItem
		NextMarker string `json:",omitempty"`
	}{Layers: make([]layersListItem, 0, len(page)), NextMarker: next}
	for _, lv := range page {
		out.Layers = append(out.Layers, layersListItem{lv.LayerName, lv.LayerArn, layerItem(lv)})
	}
	return answer(200, out)
}

func (f *Fake) deleteLayerVersion(rq *request) *response {
	n, e := layerVersionNumber(rq)
	if e != nil {
		return fail(e)
	}
	r, name := f.layerRegion(rq)
	if se := r.DeleteLayerVersion(name, n); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}

// revisionParam is the optional RevisionId query parameter.
func revisionParam(rq *request) *string {
	if s, ok := rq.query("RevisionId"); ok {
		return &s
	}
	return nil
}

func (f *Fake) addLayerVersionPermission(rq *request) *response {
	var in struct{ StatementId, Action, Principal, OrganizationId string }
	if e := decode(rq, &in); e != nil {
		return fail(e)
	}
	n, e := layerVersionNumber(rq)
	if e != nil {
		return fail(e)
	}
	r, name := f.layerRegion(rq)
	st, rev, se := r.AddLayerVersionPermission(name, n, state.LayerPermission{StatementId: in.StatementId, Action: in.Action,
		Principal: in.Principal, OrganizationId: in.OrganizationId, RevisionId: revisionParam(rq)})
	if se != nil {
		return failState(se)
	}
	return answer(201, struct{ Statement, RevisionId string }{st, rev})
}

func (f *Fake) getLayerVersionPolicy(rq *request) *response {
	n, e := layerVersionNumber(rq)
	if e != nil {
		return fail(e)
	}
	r, name := f.layerRegion(rq)
	policy, rev, se := r.LayerVersionPolicy(name, n)
	if se != nil {
		return failState(se)
	}
	return answer(200, struct{ Policy, RevisionId string }{policy, rev})
}

func (f *Fake) removeLayerVersionPermission(rq *request) *response {
	n, e := layerVersionNumber(rq)
	if e != nil {
		return fail(e)
	}
	r, name := f.layerRegion(rq)
	if se := r.RemoveLayerVersionPermission(name, n, rq.label("StatementId"), revisionParam(rq)); se != nil {
		return failState(se)
	}
	return answer(204, nil)
}
