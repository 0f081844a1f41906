//go:build !js

package wasmtest

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edgen-browser/edgen/client"
	"github.com/edgen-browser/edgen/internal/devserver"
)

// TestLocalServersMatch holds the two lists of the servers people run on
// their own computer equal: serve.go's (devserver.UsualServers, Go) and the
// library's (web/edgen/servers.js, read in Node): the same names, ports and
// owned_by values, in the same order; and Edgen's, first, is the client's
// default address (diagnose.js's default too).
func TestLocalServersMatch(t *testing.T) {
	t.Parallel()
	module := filepath.Join(mustRoot(t), "web", "edgen", "servers.js")
	script := `const { localServers } = await import(process.argv[1]);
console.log(JSON.stringify(localServers.map(({ name, port, ownedBy }) => ({ name, port, owned_by: ownedBy || undefined }))));`
	out, err := runNode(t, time.Minute, t.TempDir(), nil, "--input-type=module", "-e", script, module)
	if err != nil {
		t.Fatalf("reading web/edgen/servers.js: %v\n%s", err, out)
	}
	var js []devserver.LocalServer
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &js); err != nil {
		t.Fatalf("the list of servers.js %q: %v", out, err)
	}
	if !reflect.DeepEqual(js, devserver.UsualServers) {
		t.Errorf("web/edgen/servers.js lists\n%+v\ninternal/devserver/servers.go lists\n%+v", js, devserver.UsualServers)
	}
	if edgen := devserver.UsualServers[0]; edgen.Name != "Edgen" || client.DefaultBaseURL != "http://127.0.0.1:"+itoa(edgen.Port)+"/v1/" {
		t.Errorf("Edgen's usual server %+v is not the client's default address %s", edgen, client.DefaultBaseURL)
	}
}
