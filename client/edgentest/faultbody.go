package edgentest

import "fmt"

// writeFault answers with the status of the status= fault, the Retry-After
// and x-should-retry headers the faults ask for, and an error body in the
// form of error-body (or the route's own form, routeForm).
func (x *exchange) writeFault(status int, routeForm string) {
	h := x.w.Header()
	if x.flt.retryAfter != "" {
		h.Set("Retry-After", x.flt.retryAfter)
	}
	if x.flt.shouldRetry != "" {
		h.Set("X-Should-Retry", x.flt.shouldRetry)
	}
	form := x.flt.errorBody
	if form == "" {
		form = routeForm
	}
	msg := fmt.Sprintf("edgentest fault: status %d", status)
	switch form {
	case "edgen", "openai":
		writeJSON(x.w, status, errorValue(form, msg))
	case "text":
		writeText(x.w, status, msg)
	default: // empty
		x.w.WriteHeader(status)
	}
}

// errorValue is an error body of form "edgen" (the server's flat tagged
// body) or "openai" (the OpenAI envelope) carrying msg.
func errorValue(form, msg string) any {
	if form == "openai" {
		code := "edgentest_fault"
		return wireOpenAIError{Error: wireOpenAIErrorBody{Message: msg, Type: "server_error", Code: &code}}
	}
	return wireEdgenError{Error: "no_such_model", ModelName: msg}
}
