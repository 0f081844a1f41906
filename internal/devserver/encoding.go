package devserver

import (
	"strconv"
	"strings"
)

// precompressed lists the content codings served from precompressed copies,
// in order of preference when the client weighs them equally.
var precompressed = []struct{ coding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// acceptQ returns the weight (0 to 1) that the Accept-Encoding header
// values give coding: its own entry, else the "*" entry, else 0.
func acceptQ(values []string, coding string) float64 {
	own, star := -1.0, -1.0
	for _, v := range values {
		for entry := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(entry, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != coding && name != "*" {
				continue
			}
			q := weight(params)
			if name == coding {
				own = q
			} else {
				star = q
			}
		}
	}
	switch {
	case own >= 0:
		return own
	case star >= 0:
		return star
	}
	return 0
}

// weight parses the q parameter of one Accept-Encoding entry (default 1;
// malformed values count as 0).
func weight(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}
