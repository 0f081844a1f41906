//go:build js && wasm

package main

import "sync"

// handles gives Go values (clients, streams) small integer ids that JS keeps
// in place of the value: a number crosses the boundary cheaply and needs no
// js.Func. JS frees its ids through a FinalizationRegistry (web/edgen/edgen.js).
type handles[T any] struct {
	mu   sync.Mutex
	last int
	m    map[int]T
}

// add stores v and returns its new id (never 0).
func (h *handles[T]) add(v T) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = make(map[int]T)
	}
	h.last++
	h.m[h.last] = v
	return h.last
}

// get returns the value of id.
func (h *handles[T]) get(id int) (T, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.m[id]
	return v, ok
}

// remove forgets id and returns what it held.
func (h *handles[T]) remove(id int) (T, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.m[id]
	delete(h.m, id)
	return v, ok
}
