package state

import (
	"fmt"
	"sort"
	"time"
)

// Allocation says how a provisioned-concurrency allocation ends: READY, or
// FAILED with a reason, after a delay on the fake's clock.
type Allocation struct {
	Delay      time.Duration // how long it stays IN_PROGRESS
	FailReason string        // "" ends READY; otherwise FAILED with this StatusReason
}

// allocKey names a function ("" qualifier: every qualifier) or one qualifier.
type allocKey struct{ function, qualifier string }

// SetAllocation sets the plan of allocations that start afterwards on
// function and qualifier ("" qualifier: every qualifier of the function).
func (r *Region) SetAllocation(function, qualifier string, a Allocation) {
	if r.allocations == nil {
		r.allocations = map[allocKey]Allocation{}
	}
	r.allocations[allocKey{function, qualifier}] = a
}

// allocationFor is the allocation plan for a new allocation on fn:qualifier
// (an alias's, on version; else version is qualifier): the most specific
// SetAllocation (the alias's, then its version's: an init failure belongs to
// the version's code), else the store's default.
func (r *Region) allocationFor(fn, qualifier, version string) Allocation {
	if len(r.allocations) > 0 {
		if a, ok := r.allocations[allocKey{fn, qualifier}]; ok {
			return a
		}
		if a, ok := r.allocations[allocKey{fn, version}]; ok {
			return a
		}
		if a, ok := r.allocations[allocKey{fn, ""}]; ok {
			return a
		}
	}
	return r.store.Allocation
}

// pcConfig is a provisioned-concurrency config on a version or alias. Its
// status is derived from timestamps at each read.
type pcConfig struct {
	requested int
	putAt     time.Time // LastModified: changes only on Put
	startAt   time.Time // when the current allocation began (Put or alias move)
	alloc     Allocation
	carried   int // Allocated and Available while IN_PROGRESS (re-provisioning)
}

// pcStatus is a config's status at one instant.
type pcStatus struct {
	Status               string
	Allocated, Available int
	Reason               string
}

// statusAt derives the config's status at now.
func (pc *pcConfig) statusAt(now time.Time) pcStatus {
	if now.Before(pc.startAt.Add(pc.alloc.Delay)) {
		return pcStatus{Status: "IN_PROGRESS", Allocated: pc.carried, Available: pc.carried}
	}
	if pc.alloc.FailReason != "" {
		return pcStatus{Status: "FAILED", Reason: pc.alloc.FailReason}
	}
	return pcStatus{Status: "READY", Allocated: pc.requested, Available: pc.requested}
}

// ProvisionedConcurrency is a provisioned-concurrency config at one instant.
type ProvisionedConcurrency struct {
	Qualifier    string // the version or alias it is on
	Requested    int
	Allocated    int
	Available    int
	Status       string // IN_PROGRESS, READY or FAILED
	StatusReason string
	LastModified time.Time // of the last Put
}

func (pc *pcConfig) view(q string, st pcStatus) ProvisionedConcurrency {
	return ProvisionedConcurrency{Qualifier: q, Requested: pc.requested, Allocated: st.Allocated, Available: st.Available,
		Status: st.Status, StatusReason: st.Reason, LastModified: pc.putAt}
}

// Lambda's answers to $LATEST in the provisioned-concurrency operations.
const (
	msgUnpublished   = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
	msgAliasOrPublic = "The function resource provided must be an alias or a published version."
)

// pcLookup resolves the target of Put (put) or Get and Delete.
func pcLookup(put bool) Lookup {
	if put {
		return Lookup{Published: msgUnpublished}
	}
	return Lookup{Published: msgAliasOrPublic}
}

// PutProvisionedConcurrency puts n provisioned concurrency on a published
// version or alias, answering the config as the Put does (IN_PROGRESS).
// ready (seeding) makes it READY at once, whatever the allocation plan.
func (r *Region) PutProvisionedConcurrency(function, qualifier string, n int64, ready bool, now time.Time) (ProvisionedConcurrency, *Error) {
	fn, t, e := r.resolve(function, qualifier, pcLookup(true))
	if e != nil {
		return ProvisionedConcurrency{}, e
	}
	q := t.Qualifier
	a := fn.aliases[q]
	if a != nil && a.version == "$LATEST" {
		return ProvisionedConcurrency{}, errInvalidParam(msgUnpublished)
	}
	if a != nil && len(a.weights) > 0 {
		return ProvisionedConcurrency{}, errInvalidParam("Alias with weights can not be used with Provisioned Concurrency")
	}
	if fn.reserved != nil {
		if int64(fn.totalPC(q))+n > int64(*fn.reserved) {
			return ProvisionedConcurrency{}, errInvalidParam("Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function")
		}
	} else {
		free := r.unreserved(fn.name) - fn.totalPC(q)
		if n > int64(free) {
			return ProvisionedConcurrency{}, errInvalidParamNoType(fmt.Sprintf("Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [%d].", free))
		}
		if int64(free)-n < int64(r.store.MinUnreserved) {
			return ProvisionedConcurrency{}, errInvalidParamNoType(fmt.Sprintf("Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", r.store.MinUnreserved))
		}
	}
	if a != nil {
		if fn.pcs[a.version] != nil {
			return ProvisionedConcurrency{}, errConflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
		}
	} else {
		for name, a := range fn.aliases {
			if a.version == q && fn.pcs[name] != nil {
				return ProvisionedConcurrency{}, errConflict("Version is pointed by a Provisioned Concurrency alias")
			}
		}
	}
	version := q
	if a != nil {
		version = a.version
	}
	pc := &pcConfig{requested: int(n), putAt: now, startAt: now, alloc: r.allocationFor(fn.name, q, version)}
	if ready {
		pc.alloc = Allocation{}
	}
	fn.setPC(q, pc)
	if ready {
		return pc.view(q, pc.statusAt(now)), nil
	}
	return pc.view(q, pcStatus{Status: "IN_PROGRESS"}), nil
}

// ProvisionedConcurrency answers GetProvisionedConcurrencyConfig at now.
func (r *Region) ProvisionedConcurrency(function, qualifier string, now time.Time) (ProvisionedConcurrency, *Error) {
	fn, t, e := r.resolve(function, qualifier, pcLookup(false))
	if e != nil {
		return ProvisionedConcurrency{}, e
	}
	pc := fn.pcs[t.Qualifier]
	if pc == nil {
		return ProvisionedConcurrency{}, &Error{Code: "ProvisionedConcurrencyConfigNotFoundException", Status: 404,
			Message: "No Provisioned Concurrency Config found for this function"}
	}
	return pc.view(t.Qualifier, pc.statusAt(now)), nil
}

// DeleteProvisionedConcurrency deletes the config on a version or alias (a
// missing config is no error).
func (r *Region) DeleteProvisionedConcurrency(function, qualifier string) *Error {
	fn, t, e := r.resolve(function, qualifier, pcLookup(false))
	if e != nil {
		return e
	}
	delete(fn.pcs, t.Qualifier)
	return nil
}

// ProvisionedConcurrencyPage returns, sorted by qualifier, the configs of
// function at now from the first qualifier at or after from, at most limit
// of them.
func (r *Region) ProvisionedConcurrencyPage(function, from string, limit int, now time.Time) ([]ProvisionedConcurrency, *Error) {
	fn, _, e := r.resolve(function, "", Lookup{})
	if e != nil {
		return nil, e
	}
	keys := fn.pageKeys(from, limit)
	out := make([]ProvisionedConcurrency, 0, len(keys))
	for _, q := range keys {
		pc := fn.pcs[q]
		out = append(out, pc.view(q, pc.statusAt(now)))
	}
	return out, nil
}

// setPC puts a config on qualifier q. A new qualifier invalidates the
// sorted key cache of List.
func (fn *function) setPC(q string, pc *pcConfig) {
	if fn.pcs[q] == nil {
		fn.pcKeys = nil
	}
	fn.pcs[q] = pc
}

// pageKeys returns, sorted, the first limit qualifiers with a config at or
// after from. It reads a sorted cache of the keys, so a page costs the same
// however many configs the function has. Only setPC adds keys, and it drops
// the cache; keys deleted elsewhere (alias or version deletion,
// DeleteProvisionedConcurrencyConfig) stay in the cache and are skipped,
// until they are half of it and it is rebuilt.
func (fn *function) pageKeys(from string, limit int) []string {
	if fn.pcKeys == nil || len(fn.pcKeys) > 2*len(fn.pcs)+16 {
		keys := make([]string, 0, len(fn.pcs))
		for q := range fn.pcs {
			keys = append(keys, q)
		}
		sort.Strings(keys)
		fn.pcKeys = keys
	}
	out := make([]string, 0, limit)
	for i := sort.SearchStrings(fn.pcKeys, from); i < len(fn.pcKeys) && len(out) < limit; i++ {
		if q := fn.pcKeys[i]; fn.pcs[q] != nil {
			out = append(out, q)
		}
	}
	return out
}

// reprovision restarts the allocation of an alias's config after the alias
// moved to another version: IN_PROGRESS again, keeping what was allocated,
// then READY (or FAILED) on the new version. LastModified does not change.
func (r *Region) reprovision(fn *function, aliasName string, now time.Time) {
	pc := fn.pcs[aliasName]
	if pc == nil {
		return
	}
	st := pc.statusAt(now)
	pc.carried = st.Allocated
	pc.startAt = now
	pc.alloc = r.allocationFor(fn.name, aliasName, fn.aliases[aliasName].version)
}

// totalPC is the provisioned concurrency requested on every qualifier of fn,
// leaving out the qualifier except (when non-empty).
func (fn *function) totalPC(except string) int {
	n := 0
	for q, pc := range fn.pcs {
		if q != except {
			n += pc.requested
		}
	}
	return n
}
