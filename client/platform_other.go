//go:build !js

package client

import "net/http"

// setPlatformHeaders has nothing to add outside the browser.
func setPlatformHeaders(http.Header) {}
