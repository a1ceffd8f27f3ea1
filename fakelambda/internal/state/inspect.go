package state

import (
	"fmt"
	"maps"
	"strconv"
	"time"
)

// Read-backs for Go callers (seeding helpers, tests): copies of what a
// region holds.

// FunctionInfo is a function as a test sees it: $LATEST's configuration,
// its published versions, aliases, reserved concurrency and tags.
type FunctionInfo struct {
	Config   FunctionConfiguration // $LATEST's
	Versions []string              // published, ascending
	Aliases  map[string]string     // alias name -> version
	Reserved *int                  // nil when not set
	Tags     map[string]string     // nil when none
	// RevisionIds of the published versions, by version.
	VersionRevisions map[string]string
	// LastVersion is the number of the last version published, deleted
	// or not (0 before the first publish).
	LastVersion int
}

// FunctionInfo returns a copy of function name at now, or false when it
// does not exist. It ends transitions that are over at now, but does not
// count as a read that shows one (lifecycle.go).
func (r *Region) FunctionInfo(name string, now time.Time) (FunctionInfo, bool) {
	fn := r.functions[name]
	if fn == nil {
		return FunctionInfo{}, false
	}
	fn.settleAll(now)
	out := FunctionInfo{
		Config:           fn.latest.cfg.Clone(),
		Versions:         fn.sortedVersions(),
		Aliases:          make(map[string]string, len(fn.aliases)),
		Tags:             maps.Clone(fn.tags),
		VersionRevisions: make(map[string]string, len(fn.versions)),
		LastVersion:      fn.nextVersion,
	}
	for n, a := range fn.aliases {
		out.Aliases[n] = a.version
	}
	for v, ver := range fn.versions {
		out.VersionRevisions[v] = ver.cfg.RevisionId
	}
	if fn.reserved != nil {
		n := *fn.reserved
		out.Reserved = &n
	}
	return out, true
}

// CheckInvariants checks, at now, what must always hold: Available <=
// Allocated <= Requested on every config; provisioned and reserved
// concurrency leave at least the minimum unreserved; provisioned concurrency
// fits in reserved; AccountSettings agrees with the resources; versions,
// aliases and configs point at what exists; no negative load.
func (r *Region) CheckInvariants(now time.Time) error {
	claimed := 0
	if msg := r.checkPolicies(); msg != "" { // permissions.go
		return fmt.Errorf("%s", msg)
	}
	if msg := r.checkEventInvokeConfigs(); msg != "" { // eventinvoke.go
		return fmt.Errorf("%s", msg)
	}
	for name, fn := range r.functions {
		pcSum := 0
		for q, pc := range fn.pcs {
			st := pc.statusAt(now)
			if st.Available < 0 || st.Available > st.Allocated || st.Allocated > pc.requested {
				return fmt.Errorf("%s:%s: Available %d, Allocated %d, Requested %d", name, q, st.Available, st.Allocated, pc.requested)
			}
			if fn.versions[q] == nil && fn.aliases[q] == nil {
				return fmt.Errorf("%s: config on %s, which does not exist", name, q)
			}
			pcSum += pc.requested
		}
		if fn.reserved != nil {
			if pcSum > *fn.reserved {
				return fmt.Errorf("%s: provisioned %d > reserved %d", name, pcSum, *fn.reserved)
			}
			claimed += *fn.reserved
		} else {
			claimed += pcSum
		}
		for v := range fn.versions {
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > fn.nextVersion {
				return fmt.Errorf("%s: version %q out of 1..%d", name, v, fn.nextVersion)
			}
		}
		for an, a := range fn.aliases {
			if fn.versions[a.version] == nil && a.version != "$LATEST" {
				return fmt.Errorf("%s: alias %s points at missing version %s", name, an, a.version)
			}
			for wv := range a.weights {
				if fn.versions[wv] == nil {
					return fmt.Errorf("%s: alias %s weights missing version %s", name, an, wv)
				}
			}
		}
	}
	if limit := r.store.Limit - r.store.MinUnreserved; claimed > limit {
		return fmt.Errorf("reserved and provisioned concurrency claim %d > limit %d - minimum unreserved %d", claimed, r.store.Limit, r.store.MinUnreserved)
	}
	if as := r.AccountSettings(); as.UnreservedConcurrentExecutions != r.store.Limit-claimed || as.FunctionCount != len(r.functions) ||
		as.ConcurrentExecutions != r.store.Limit {
		return fmt.Errorf("account settings say %+v; resources: %d functions, %d claimed", as, len(r.functions), claimed)
	}
	return r.checkLoad(false)
}

// CheckIdle checks no invocation holds a slot: every slot was given back.
func (r *Region) CheckIdle() error { return r.checkLoad(true) }

// checkLoad checks no load is negative (idle: every load is zero).
func (r *Region) checkLoad(idle bool) error {
	bad := func(n int) bool { return n < 0 || idle && n != 0 }
	if bad(r.accountOnDemand) {
		return fmt.Errorf("account pool: %d in flight", r.accountOnDemand)
	}
	for name, ld := range r.load {
		for v, n := range ld.provisioned {
			if bad(n) {
				return fmt.Errorf("%s:%s: %d provisioned slots held", name, v, n)
			}
		}
		if bad(ld.onDemand) {
			return fmt.Errorf("%s: %d on-demand slots held", name, ld.onDemand)
		}
	}
	return nil
}
