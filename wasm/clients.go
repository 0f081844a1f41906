//go:build js && wasm

package main

import (
	"github.com/edgen-browser/edgen/client"
	"github.com/hack-pad/safejs"
)

// clients holds the Go client of every JS Edgen instance (the default
// `edgen` object included), by id.
var clients handles[*client.Client]

// newClient(options) returns the id of a new client built from
// {baseURL, apiKey, timeout, maxRetries, headers}, or an error object.
func newClient(args []safejs.Value) any {
	opts, err := clientOptions(arg(args, 0))
	if err != nil {
		return errorValue(err)
	}
	return clients.add(client.New(opts...))
}

// freeClient(id) forgets a client whose JS object was garbage collected or
// reconfigured.
func freeClient(args []safejs.Value) any {
	if id, err := toNumber(arg(args, 0), "id"); err == nil {
		clients.remove(int(id))
	}
	return nil
}

// clientOf returns the client a raw call names by id.
func clientOf(v safejs.Value) (*client.Client, error) {
	id, err := toNumber(v, "client id")
	if err != nil {
		return nil, err
	}
	c, ok := clients.get(int(id))
	if !ok {
		return nil, usageError("this client was released")
	}
	return c, nil
}
