package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// probeTimeout bounds one probe of the upstream (each of its requests).
const probeTimeout = 3 * time.Second

// maxProbeBody bounds what a probe reads of an answer.
const maxProbeBody = 1 << 20

// probe asks the API at base what it is: an Edgen when GET misc/version
// answers Edgen's version, else an OpenAI-compatible server when GET
// models answers a models list (named when it tells: ollama by its
// /api/version, the others by owned_by, as UsualServers has them). The Info it returns has
// Backend, UpstreamURL, Version and Server set; the error says what did
// not answer.
func probe(ctx context.Context, client *http.Client, base *url.URL) (Info, error) {
	info := Info{UpstreamURL: base.String()}
	var v struct{ Major, Minor, Patch *int }
	status, err := getJSON(ctx, client, base.JoinPath("misc/version"), &v)
	if err == nil && v.Major != nil && v.Minor != nil && v.Patch != nil {
		info.Backend, info.Server = BackendEdgen, "Edgen"
		info.Version = fmt.Sprintf("%d.%d.%d", *v.Major, *v.Minor, *v.Patch)
		return info, nil
	}
	if status == 0 {
		return info, fmt.Errorf("nothing answers at %s: %w", base, err)
	}
	var list struct {
		Data []struct {
			OwnedBy string `json:"owned_by"`
		} `json:"data"`
	}
	if _, err := getJSON(ctx, client, base.JoinPath("models"), &list); err != nil || list.Data == nil {
		return info, fmt.Errorf("%s answers, but neither as Edgen (misc/version) nor with a models list", base)
	}
	info.Backend = BackendCompatible
	var ollama struct{ Version string }
	if _, err := getJSON(ctx, client, base.ResolveReference(&url.URL{Path: "/api/version"}), &ollama); err == nil && ollama.Version != "" {
		info.Server = "ollama"
	} else if len(list.Data) > 0 {
		info.Server = ownerName(list.Data[0].OwnedBy)
	}
	return info, nil
}

// getJSON GETs u and decodes a 200 answer into v. status is 0 when nothing
// answered at all.
func getJSON(ctx context.Context, client *http.Client, u *url.URL, v any) (status int, err error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxProbeBody))
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, errors.New(resp.Status)
	}
	return resp.StatusCode, json.Unmarshal(body, v)
}
