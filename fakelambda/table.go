package fakelambda

import (
	"net/url"
	"strings"
)

// The operation table: one row per operation of aws-sdk-go-v2's Lambda
// client. Routing, the body limits, the call log's operation names, fault
// matching (AddFault refuses an unknown name), WithRateLimit, the control
// API, the README's table of supported operations and the stress, fuzz and
// model tests all read it. Adding an operation means filling in its row's
// serve (plus the adapter in its group's file and a state method).

// The SDK operation names of every operation of aws-sdk-go-v2's Lambda client:
// what Fault.Operation, WithRateLimit and Call.Operation hold. Operations the
// fake does not serve yet (see README.md) are still routed and named, so they
// show in Calls and can be faulted; they answer UnknownOperationException.
const (
	OpAddLayerVersionPermission              = "AddLayerVersionPermission"
	OpAddPermission                          = "AddPermission"
	OpCheckpointDurableExecution             = "CheckpointDurableExecution"
	OpCreateAlias                            = "CreateAlias"
	OpCreateCapacityProvider                 = "CreateCapacityProvider"
	OpCreateCodeSigningConfig                = "CreateCodeSigningConfig"
	OpCreateEventSourceMapping               = "CreateEventSourceMapping"
	OpCreateFunction                         = "CreateFunction"
	OpCreateFunctionUrlConfig                = "CreateFunctionUrlConfig"
	OpDeleteAlias                            = "DeleteAlias"
	OpDeleteCapacityProvider                 = "DeleteCapacityProvider"
	OpDeleteCodeSigningConfig                = "DeleteCodeSigningConfig"
	OpDeleteEventSourceMapping               = "DeleteEventSourceMapping"
	OpDeleteFunction                         = "DeleteFunction"
	OpDeleteFunctionCodeSigningConfig        = "DeleteFunctionCodeSigningConfig"
	OpDeleteFunctionConcurrency              = "DeleteFunctionConcurrency"
	OpDeleteFunctionEventInvokeConfig        = "DeleteFunctionEventInvokeConfig"
	OpDeleteFunctionUrlConfig                = "DeleteFunctionUrlConfig"
	OpDeleteLayerVersion                     = "DeleteLayerVersion"
	OpDeleteProvisionedConcurrencyConfig     = "DeleteProvisionedConcurrencyConfig"
	OpDeleteResourcePolicy                   = "DeleteResourcePolicy"
	OpGetAccountSettings                     = "GetAccountSettings"
	OpGetAlias                               = "GetAlias"
	OpGetCapacityProvider                    = "GetCapacityProvider"
	OpGetCodeSigningConfig                   = "GetCodeSigningConfig"
	OpGetDurableExecution                    = "GetDurableExecution"
	OpGetDurableExecutionHistory             = "GetDurableExecutionHistory"
	OpGetDurableExecutionState               = "GetDurableExecutionState"
	OpGetEventSourceMapping                  = "GetEventSourceMapping"
	OpGetFunction                            = "GetFunction"
	OpGetFunctionCodeSigningConfig           = "GetFunctionCodeSigningConfig"
	OpGetFunctionConcurrency                 = "GetFunctionConcurrency"
	OpGetFunctionConfiguration               = "GetFunctionConfiguration"
	OpGetFunctionEventInvokeConfig           = "GetFunctionEventInvokeConfig"
	OpGetFunctionRecursionConfig             = "GetFunctionRecursionConfig"
	OpGetFunctionScalingConfig               = "GetFunctionScalingConfig"
	OpGetFunctionUrlConfig                   = "GetFunctionUrlConfig"
	OpGetLayerVersion                        = "GetLayerVersion"
	OpGetLayerVersionByArn                   = "GetLayerVersionByArn"
	OpGetLayerVersionPolicy                  = "GetLayerVersionPolicy"
	OpGetPolicy                              = "GetPolicy"
	OpGetProvisionedConcurrencyConfig        = "GetProvisionedConcurrencyConfig"
	OpGetResourcePolicy                      = "GetResourcePolicy"
	OpGetRuntimeManagementConfig             = "GetRuntimeManagementConfig"
	OpInvoke                                 = "Invoke"
	OpInvokeAsync                            = "InvokeAsync"
	OpInvokeWithResponseStream               = "InvokeWithResponseStream"
	OpListAliases                            = "ListAliases"
	OpListCapacityProviders                  = "ListCapacityProviders"
	OpListCodeSigningConfigs                 = "ListCodeSigningConfigs"
	OpListDurableExecutionsByFunction        = "ListDurableExecutionsByFunction"
	OpListEventSourceMappings                = "ListEventSourceMappings"
	OpListFunctionEventInvokeConfigs         = "ListFunctionEventInvokeConfigs"
	OpListFunctionUrlConfigs                 = "ListFunctionUrlConfigs"
	OpListFunctionVersionsByCapacityProvider = "ListFunctionVersionsByCapacityProvider"
	OpListFunctions                          = "ListFunctions"
	OpListFunctionsByCodeSigningConfig       = "ListFunctionsByCodeSigningConfig"
	OpListLayerVersions                      = "ListLayerVersions"
	OpListLayers                             = "ListLayers"
	OpListProvisionedConcurrencyConfigs      = "ListProvisionedConcurrencyConfigs"
	OpListTags                               = "ListTags"
	OpListVersionsByFunction                 = "ListVersionsByFunction"
	OpPublishLayerVersion                    = "PublishLayerVersion"
	OpPublishVersion                         = "PublishVersion"
	OpPutFunctionCodeSigningConfig           = "PutFunctionCodeSigningConfig"
	OpPutFunctionConcurrency                 = "PutFunctionConcurrency"
	OpPutFunctionEventInvokeConfig           = "PutFunctionEventInvokeConfig"
	OpPutFunctionRecursionConfig             = "PutFunctionRecursionConfig"
	OpPutFunctionScalingConfig               = "PutFunctionScalingConfig"
	OpPutProvisionedConcurrencyConfig        = "PutProvisionedConcurrencyConfig"
	OpPutResourcePolicy                      = "PutResourcePolicy"
	OpPutRuntimeManagementConfig             = "PutRuntimeManagementConfig"
	OpRemoveLayerVersionPermission           = "RemoveLayerVersionPermission"
	OpRemovePermission                       = "RemovePermission"
	OpSendDurableExecutionCallbackFailure    = "SendDurableExecutionCallbackFailure"
	OpSendDurableExecutionCallbackHeartbeat  = "SendDurableExecutionCallbackHeartbeat"
	OpSendDurableExecutionCallbackSuccess    = "SendDurableExecutionCallbackSuccess"
	OpStopDurableExecution                   = "StopDurableExecution"
	OpTagResource                            = "TagResource"
	OpUntagResource                          = "UntagResource"
	OpUpdateAlias                            = "UpdateAlias"
	OpUpdateCapacityProvider                 = "UpdateCapacityProvider"
	OpUpdateCodeSigningConfig                = "UpdateCodeSigningConfig"
	OpUpdateEventSourceMapping               = "UpdateEventSourceMapping"
	OpUpdateFunctionCode                     = "UpdateFunctionCode"
	OpUpdateFunctionConfiguration            = "UpdateFunctionConfiguration"
	OpUpdateFunctionEventInvokeConfig        = "UpdateFunctionEventInvokeConfig"
	OpUpdateFunctionUrlConfig                = "UpdateFunctionUrlConfig"
)

// opRow is one operation: how it is addressed and how it is served.
type opRow struct {
	name   string // SDK operation name, one of the Op constants
	method string
	path   string // template: literal segments and {Label}s, as in Lambda's API model
	// query, "Key=Value", must be in the query string: it tells two
	// operations on one path apart (List=ALL, find=LayerVersion).
	query string
	// slash accepts the path with a trailing "/" (Lambda accepts it on
	// POST /2015-03-31/functions/ and GET /2016-08-19/account-settings/).
	// Elsewhere a trailing "/" is an empty last {Label}, which validation
	// then refuses, or an unknown route.
	slash    bool
	limit    int    // body limit in bytes; 0 means otherBodyLimit
	tooLarge string // error code over the limit; "" means RequestEntityTooLargeException
	wireName string // the name in Lambda's size-limit message when not name ("InvokeFunction")
	unlocked bool   // serve takes f.mu itself (Invoke runs handlers unlocked)
	payload  bool   // the body is a payload, not the input's JSON members (Invoke)
	// serve answers the call; nil while the fake does not serve the
	// operation (answered UnknownOperationException, but routed and named
	// so that it is in Calls and can be faulted).
	serve func(f *Fake, rq *request) *response

	segs   []string // path split on "/", without the leading one
	labels []string // the {Label} names in path order
	qk, qv string   // query split
	index  int      // position in operations
}

// maxLabels is the most path labels any operation has
// (/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy/{StatementId}).
const maxLabels = 3

// operations is the table. Rows are sorted by name.
var operations = []*opRow{
	{name: OpAddLayerVersionPermission, method: "POST", path: "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy", serve: (*Fake).addLayerVersionPermission},
	{name: OpAddPermission, method: "POST", path: "/2015-03-31/functions/{FunctionName}/policy", serve: (*Fake).addPermission},
	{name: OpCheckpointDurableExecution, method: "POST", path: "/2025-12-01/durable-executions/{DurableExecutionArn}/checkpoint", serve: (*Fake).checkpointDurableExecution}, // durable.go
	{name: OpCreateAlias, method: "POST", path: "/2015-03-31/functions/{FunctionName}/aliases", serve: (*Fake).createAlias},
	{name: OpCreateCapacityProvider, method: "POST", path: "/2025-11-30/capacity-providers", serve: (*Fake).createCapacityProvider}, // capacityproviders.go
	{name: OpCreateCodeSigningConfig, method: "POST", path: "/2020-04-22/code-signing-configs", serve: (*Fake).createCodeSigningConfig},
	{name: OpCreateEventSourceMapping, method: "POST", path: "/2015-03-31/event-source-mappings", serve: (*Fake).createEventSourceMapping},
	{name: OpCreateFunction, method: "POST", path: "/2015-03-31/functions", slash: true, limit: createBodyLimit, serve: (*Fake).createFunction},
	{name: OpCreateFunctionUrlConfig, method: "POST", path: "/2021-10-31/functions/{FunctionName}/url", serve: (*Fake).createFunctionUrlConfig},
	{name: OpDeleteAlias, method: "DELETE", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}", serve: (*Fake).deleteAlias},
	{name: OpDeleteCapacityProvider, method: "DELETE", path: "/2025-11-30/capacity-providers/{CapacityProviderName}", serve: (*Fake).deleteCapacityProvider}, // capacityproviders.go
	{name: OpDeleteCodeSigningConfig, method: "DELETE", path: "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}", serve: (*Fake).deleteCodeSigningConfig},
	{name: OpDeleteEventSourceMapping, method: "DELETE", path: "/2015-03-31/event-source-mappings/{UUID}", serve: (*Fake).deleteEventSourceMapping},
	{name: OpDeleteFunction, method: "DELETE", path: "/2015-03-31/functions/{FunctionName}", serve: (*Fake).deleteFunction},
	{name: OpDeleteFunctionCodeSigningConfig, method: "DELETE", path: "/2020-06-30/functions/{FunctionName}/code-signing-config", serve: (*Fake).deleteFunctionCodeSigningConfig},
	{name: OpDeleteFunctionConcurrency, method: "DELETE", path: "/2017-10-31/functions/{FunctionName}/concurrency", serve: (*Fake).deleteFunctionConcurrency},
	{name: OpDeleteFunctionEventInvokeConfig, method: "DELETE", path: "/2019-09-25/functions/{FunctionName}/event-invoke-config", serve: (*Fake).deleteFunctionEventInvokeConfig}, // eventinvoke.go
	{name: OpDeleteFunctionUrlConfig, method: "DELETE", path: "/2021-10-31/functions/{FunctionName}/url", serve: (*Fake).deleteFunctionUrlConfig},
	{name: OpDeleteLayerVersion, method: "DELETE", path: "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}", serve: (*Fake).deleteLayerVersion},
	{name: OpDeleteProvisionedConcurrencyConfig, method: "DELETE", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", serve: (*Fake).deleteProvisionedConcurrencyConfig},
	{name: OpDeleteResourcePolicy, method: "DELETE", path: "/2026-07-09/resource-policy/{ResourceArn}", serve: (*Fake).deleteResourcePolicy},
	{name: OpGetAccountSettings, method: "GET", path: "/2016-08-19/account-settings", slash: true, serve: (*Fake).getAccountSettings},
	{name: OpGetAlias, method: "GET", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}", serve: (*Fake).getAlias},
	{name: OpGetCapacityProvider, method: "GET", path: "/2025-11-30/capacity-providers/{CapacityProviderName}", serve: (*Fake).getCapacityProvider}, // capacityproviders.go
	{name: OpGetCodeSigningConfig, method: "GET", path: "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}", serve: (*Fake).getCodeSigningConfig},
	{name: OpGetDurableExecution, method: "GET", path: "/2025-12-01/durable-executions/{DurableExecutionArn}", serve: (*Fake).getDurableExecution}, // durable.go
	{name: OpGetDurableExecutionHistory, method: "GET", path: "/2025-12-01/durable-executions/{DurableExecutionArn}/history", serve: (*Fake).getDurableExecutionHistory},
	{name: OpGetDurableExecutionState, method: "GET", path: "/2025-12-01/durable-executions/{DurableExecutionArn}/state", serve: (*Fake).getDurableExecutionState},
	{name: OpGetEventSourceMapping, method: "GET", path: "/2015-03-31/event-source-mappings/{UUID}", serve: (*Fake).getEventSourceMapping},
	{name: OpGetFunction, method: "GET", path: "/2015-03-31/functions/{FunctionName}", serve: (*Fake).getFunction},
	{name: OpGetFunctionCodeSigningConfig, method: "GET", path: "/2020-06-30/functions/{FunctionName}/code-signing-config", serve: (*Fake).getFunctionCodeSigningConfig},
	{name: OpGetFunctionConcurrency, method: "GET", path: "/2019-09-30/functions/{FunctionName}/concurrency", serve: (*Fake).getFunctionConcurrency},
	{name: OpGetFunctionConfiguration, method: "GET", path: "/2015-03-31/functions/{FunctionName}/configuration", serve: (*Fake).getFunctionConfiguration},
	{name: OpGetFunctionEventInvokeConfig, method: "GET", path: "/2019-09-25/functions/{FunctionName}/event-invoke-config", serve: (*Fake).getFunctionEventInvokeConfig}, // eventinvoke.go
	{name: OpGetFunctionRecursionConfig, method: "GET", path: "/2024-08-31/functions/{FunctionName}/recursion-config", serve: (*Fake).getFunctionRecursionConfig},
	{name: OpGetFunctionScalingConfig, method: "GET", path: "/2025-11-30/functions/{FunctionName}/function-scaling-config", serve: (*Fake).getFunctionScalingConfig},
	{name: OpGetFunctionUrlConfig, method: "GET", path: "/2021-10-31/functions/{FunctionName}/url", serve: (*Fake).getFunctionUrlConfig},
	{name: OpGetLayerVersion, method: "GET", path: "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}", serve: (*Fake).getLayerVersion},
	{name: OpGetLayerVersionByArn, method: "GET", path: "/2018-10-31/layers", query: "find=LayerVersion", serve: (*Fake).getLayerVersionByArn},
	{name: OpGetLayerVersionPolicy, method: "GET", path: "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy", serve: (*Fake).getLayerVersionPolicy},
	{name: OpGetPolicy, method: "GET", path: "/2015-03-31/functions/{FunctionName}/policy", serve: (*Fake).getPolicy},
	{name: OpGetProvisionedConcurrencyConfig, method: "GET", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", serve: (*Fake).getProvisionedConcurrencyConfig},
	{name: OpGetResourcePolicy, method: "GET", path: "/2026-07-09/resource-policy/{ResourceArn}", serve: (*Fake).getResourcePolicy},
	{name: OpGetRuntimeManagementConfig, method: "GET", path: "/2021-07-20/functions/{FunctionName}/runtime-management-config", serve: (*Fake).getRuntimeManagementConfig},
	{name: OpInvoke, method: "POST", path: "/2015-03-31/functions/{FunctionName}/invocations", limit: syncPayloadLimit, tooLarge: "RequestTooLargeException", wireName: "InvokeFunction", unlocked: true, payload: true, serve: (*Fake).invoke},
	{name: OpInvokeAsync, method: "POST", path: "/2014-11-13/functions/{FunctionName}/invoke-async", slash: true, payload: true, serve: (*Fake).invokeAsync}, // eventinvoke.go
	{name: OpInvokeWithResponseStream, method: "POST", path: "/2021-11-15/functions/{FunctionName}/response-streaming-invocations", limit: syncPayloadLimit, tooLarge: "RequestTooLargeException", unlocked: true, payload: true, serve: (*Fake).invokeWithResponseStream},
	{name: OpListAliases, method: "GET", path: "/2015-03-31/functions/{FunctionName}/aliases", serve: (*Fake).listAliases},
	{name: OpListCapacityProviders, method: "GET", path: "/2025-11-30/capacity-providers", serve: (*Fake).listCapacityProviders}, // capacityproviders.go
	{name: OpListCodeSigningConfigs, method: "GET", path: "/2020-04-22/code-signing-configs", serve: (*Fake).listCodeSigningConfigs},
	{name: OpListDurableExecutionsByFunction, method: "GET", path: "/2025-12-01/functions/{FunctionName}/durable-executions", serve: (*Fake).listDurableExecutionsByFunction},
	{name: OpListEventSourceMappings, method: "GET", path: "/2015-03-31/event-source-mappings", serve: (*Fake).listEventSourceMappings},
	{name: OpListFunctionEventInvokeConfigs, method: "GET", path: "/2019-09-25/functions/{FunctionName}/event-invoke-config/list", serve: (*Fake).listFunctionEventInvokeConfigs}, // eventinvoke.go
	{name: OpListFunctionUrlConfigs, method: "GET", path: "/2021-10-31/functions/{FunctionName}/urls", serve: (*Fake).listFunctionUrlConfigs},
	{name: OpListFunctionVersionsByCapacityProvider, method: "GET", path: "/2025-11-30/capacity-providers/{CapacityProviderName}/function-versions", serve: (*Fake).listFunctionVersionsByCapacityProvider}, // capacityproviders.go
	{name: OpListFunctions, method: "GET", path: "/2015-03-31/functions", serve: (*Fake).listFunctions},
	{name: OpListFunctionsByCodeSigningConfig, method: "GET", path: "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}/functions", serve: (*Fake).listFunctionsByCodeSigningConfig},
	{name: OpListLayerVersions, method: "GET", path: "/2018-10-31/layers/{LayerName}/versions", serve: (*Fake).listLayerVersions},
	{name: OpListLayers, method: "GET", path: "/2018-10-31/layers", serve: (*Fake).listLayers},
	{name: OpListProvisionedConcurrencyConfigs, method: "GET", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", query: "List=ALL", serve: (*Fake).listProvisionedConcurrencyConfigs},
	{name: OpListTags, method: "GET", path: "/2017-03-31/tags/{Resource}", serve: (*Fake).listTagsAny}, // code-signing configs too: codesigning.go
	{name: OpListVersionsByFunction, method: "GET", path: "/2015-03-31/functions/{FunctionName}/versions", serve: (*Fake).listVersionsByFunction},
	{name: OpPublishLayerVersion, method: "POST", path: "/2018-10-31/layers/{LayerName}/versions", limit: codeBodyLimit, serve: (*Fake).publishLayerVersion},
	{name: OpPublishVersion, method: "POST", path: "/2015-03-31/functions/{FunctionName}/versions", serve: (*Fake).publishVersion},
	{name: OpPutFunctionCodeSigningConfig, method: "PUT", path: "/2020-06-30/functions/{FunctionName}/code-signing-config", serve: (*Fake).putFunctionCodeSigningConfig},
	{name: OpPutFunctionConcurrency, method: "PUT", path: "/2017-10-31/functions/{FunctionName}/concurrency", serve: (*Fake).putFunctionConcurrency},
	{name: OpPutFunctionEventInvokeConfig, method: "PUT", path: "/2019-09-25/functions/{FunctionName}/event-invoke-config", serve: (*Fake).putFunctionEventInvokeConfig}, // eventinvoke.go
	{name: OpPutFunctionRecursionConfig, method: "PUT", path: "/2024-08-31/functions/{FunctionName}/recursion-config", serve: (*Fake).putFunctionRecursionConfig},
	{name: OpPutFunctionScalingConfig, method: "PUT", path: "/2025-11-30/functions/{FunctionName}/function-scaling-config", serve: (*Fake).putFunctionScalingConfig},
	{name: OpPutProvisionedConcurrencyConfig, method: "PUT", path: "/2019-09-30/functions/{FunctionName}/provisioned-concurrency", serve: (*Fake).putProvisionedConcurrencyConfig},
	{name: OpPutResourcePolicy, method: "PUT", path: "/2026-07-09/resource-policy/{ResourceArn}", serve: (*Fake).putResourcePolicy},
	{name: OpPutRuntimeManagementConfig, method: "PUT", path: "/2021-07-20/functions/{FunctionName}/runtime-management-config", serve: (*Fake).putRuntimeManagementConfig},
	{name: OpRemoveLayerVersionPermission, method: "DELETE", path: "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy/{StatementId}", serve: (*Fake).removeLayerVersionPermission},
	{name: OpRemovePermission, method: "DELETE", path: "/2015-03-31/functions/{FunctionName}/policy/{StatementId}", serve: (*Fake).removePermission},
	{name: OpSendDurableExecutionCallbackFailure, method: "POST", path: "/2025-12-01/durable-execution-callbacks/{CallbackId}/fail", unlocked: true, serve: (*Fake).sendDurableExecutionCallbackFailure},
	{name: OpSendDurableExecutionCallbackHeartbeat, method: "POST", path: "/2025-12-01/durable-execution-callbacks/{CallbackId}/heartbeat", serve: (*Fake).sendDurableExecutionCallbackHeartbeat},
	{name: OpSendDurableExecutionCallbackSuccess, method: "POST", path: "/2025-12-01/durable-execution-callbacks/{CallbackId}/succeed", unlocked: true, payload: true, serve: (*Fake).sendDurableExecutionCallbackSuccess},
	{name: OpStopDurableExecution, method: "POST", path: "/2025-12-01/durable-executions/{DurableExecutionArn}/stop", serve: (*Fake).stopDurableExecution},
	{name: OpTagResource, method: "POST", path: "/2017-03-31/tags/{Resource}", serve: (*Fake).tagResourceAny},       // code-signing configs too: codesigning.go
	{name: OpUntagResource, method: "DELETE", path: "/2017-03-31/tags/{Resource}", serve: (*Fake).untagResourceAny}, // code-signing configs too: codesigning.go
	{name: OpUpdateAlias, method: "PUT", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}", serve: (*Fake).updateAlias},
	{name: OpUpdateCapacityProvider, method: "PUT", path: "/2025-11-30/capacity-providers/{CapacityProviderName}", serve: (*Fake).updateCapacityProvider}, // capacityproviders.go
	{name: OpUpdateCodeSigningConfig, method: "PUT", path: "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}", serve: (*Fake).updateCodeSigningConfig},
	{name: OpUpdateEventSourceMapping, method: "PUT", path: "/2015-03-31/event-source-mappings/{UUID}", serve: (*Fake).updateEventSourceMapping},
	{name: OpUpdateFunctionCode, method: "PUT", path: "/2015-03-31/functions/{FunctionName}/code", limit: codeBodyLimit, serve: (*Fake).updateFunctionCode},
	{name: OpUpdateFunctionConfiguration, method: "PUT", path: "/2015-03-31/functions/{FunctionName}/configuration", serve: (*Fake).updateFunctionConfiguration},
	{name: OpUpdateFunctionEventInvokeConfig, method: "POST", path: "/2019-09-25/functions/{FunctionName}/event-invoke-config", serve: (*Fake).updateFunctionEventInvokeConfig}, // eventinvoke.go
	{name: OpUpdateFunctionUrlConfig, method: "PUT", path: "/2021-10-31/functions/{FunctionName}/url", serve: (*Fake).updateFunctionUrlConfig},
}

// routeKey indexes rows by what every Lambda path starts with: method, API
// date, resource kind and segment count.
type routeKey struct {
	method, date, kind string
	n                  int
}

// Indexes over operations, built once; read-only afterwards.
var (
	routes = map[routeKey][]*opRow{} // candidates per key; rows with a query first
	byName = map[string]*opRow{}     // by SDK operation name
)

func init() {
	for i, row := range operations {
		row.index = i
		row.segs = strings.Split(strings.TrimPrefix(row.path, "/"), "/")
		for _, s := range row.segs {
			if strings.HasPrefix(s, "{") {
				row.labels = append(row.labels, strings.Trim(s, "{}"))
			}
		}
		if len(row.labels) > maxLabels {
			panic("fakelambda: operation " + row.name + " has more than maxLabels labels")
		}
		row.qk, row.qv, _ = strings.Cut(row.query, "=")
		if row.limit == 0 {
			row.limit = otherBodyLimit
		}
		if row.tooLarge == "" {
			row.tooLarge = "RequestEntityTooLargeException"
		}
		if row.wireName == "" {
			row.wireName = row.name
		}
		k := routeKey{row.method, row.segs[0], row.segs[1], len(row.segs)}
		if row.query != "" {
			routes[k] = append([]*opRow{row}, routes[k]...)
		} else {
			routes[k] = append(routes[k], row)
		}
		byName[row.name] = row
	}
}

// served reports whether the fake serves the operation named op.
func served(op string) bool {
	row := byName[op]
	return row != nil && row.serve != nil
}

// route maps a method and URL to an operation and its path labels (in the
// row's label order). Labels are decoded segment by segment, so an escaped
// "/" inside a label cannot change the route.
func route(method string, u *url.URL) (*opRow, [maxLabels]string, bool) {
	var labels [maxLabels]string
	escaped := u.EscapedPath()
	segs := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	if strings.IndexByte(escaped, '%') >= 0 {
		for i, s := range segs {
			d, err := url.PathUnescape(s)
			if err != nil {
				return nil, labels, false
			}
			segs[i] = d
		}
	}
	if row := match(method, segs, u); row != nil {
		return row, fill(row, segs), true
	}
	if n := len(segs); n > 2 && segs[n-1] == "" {
		if row := match(method, segs[:n-1], u); row != nil && row.slash {
			return row, fill(row, segs[:n-1]), true
		}
	}
	return nil, labels, false
}

// match finds the row whose literal segments and query fit.
func match(method string, segs []string, u *url.URL) *opRow {
	if len(segs) < 2 {
		return nil
	}
	var q url.Values
next:
	for _, row := range routes[routeKey{method, segs[0], segs[1], len(segs)}] {
		for i, s := range row.segs {
			if s[0] != '{' && s != segs[i] {
				continue next
			}
		}
		if row.query != "" {
			// Parse the query only when it can hold the key (the hot path
			// GetProvisionedConcurrencyConfig shares its path with List).
			if !strings.Contains(u.RawQuery, row.qk) && !strings.Contains(u.RawQuery, "%") {
				continue
			}
			if q == nil {
				q = u.Query()
			}
			if q.Get(row.qk) != row.qv {
				continue
			}
		}
		return row
	}
	return nil
}

// fill returns the values of row's labels in segs.
func fill(row *opRow, segs []string) [maxLabels]string {
	var labels [maxLabels]string
	j := 0
	for i, s := range row.segs {
		if s[0] == '{' {
			labels[j] = segs[i]
			j++
		}
	}
	return labels
}

// label returns the value of the path label name, "" when the operation has none.
func (rq *request) label(name string) string {
	for i, l := range rq.row.labels {
		if l == name {
			return rq.labels[i]
		}
	}
	return ""
}

// callTarget resolves the function and qualifier a call is about, for the
// call log and fault matching. Unparseable names are kept as given.
func (f *Fake) callTarget(rq *request) (function, qualifier string) {
	if rq.fnParam == "" && rq.op == OpCreateFunction {
		var in struct{ FunctionName string }
		_ = decode(rq, &in)
		return in.FunctionName, ""
	}
	function = rq.fnParam
	if ref, ok := parseFunctionName(rq.fnParam); ok {
		function, qualifier = ref.Name, ref.Qualifier
	}
	if q, ok := rq.query("Qualifier"); ok && q != "" {
		qualifier = q
	}
	if rq.name != "" {
		qualifier = rq.name
	}
	return function, qualifier
}

// Body limits. Lambda accepts a 50 MB zip, base64-encoded, on CreateFunction
// and UpdateFunctionCode, and 6 MB payloads on Invoke.
const (
	codeBodyLimit = 69905067
	// CreateFunction's, as recorded (TestLambdaSizeLimits::
	// test_oversized_request_create_lambda, 2025-11-25).
	createBodyLimit  = 70167211
	syncPayloadLimit = 6291456
	eventPayload     = 1048576
	otherBodyLimit   = 1 << 20
)

// SupportedOperations lists, sorted, the SDK names of the operations the
// fake serves. The others of Lambda's API are routed and named in Calls,
// and answered UnknownOperationException.
func SupportedOperations() []string {
	var out []string
	for _, row := range operations {
		if row.serve != nil {
			out = append(out, row.name)
		}
	}
	return out
}
