package state

// Function settings: the recursion configuration.

// Recursive-loop settings. A new function has RecursiveTerminate.
const (
	RecursiveTerminate = "Terminate"
	RecursiveAllow     = "Allow"
)

// RecursiveLoop is the function's recursion setting (GetFunctionRecursionConfig).
func (r *Region) RecursiveLoop(function, qualifier string) (string, *Error) {
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return "", e
	}
	if fn.recursiveLoop == "" {
		return RecursiveTerminate, nil
	}
	return fn.recursiveLoop, nil
}

// PutRecursiveLoop sets the function's recursion setting
// (PutFunctionRecursionConfig) and returns it. The wire has checked loop
// against the enum.
func (r *Region) PutRecursiveLoop(function, qualifier, loop string) (string, *Error) {
	fn, e := r.function(function, qualifier, "")
	if e != nil {
		return "", e
	}
	fn.recursiveLoop = loop
	return loop, nil
}
