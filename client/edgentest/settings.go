package edgentest

import (
	"fmt"
	"strings"
)

// eachSetting calls set for each "key=value" item of s, items separated by
// ";" (blank ones skipped, spaces around an item and its key trimmed, the
// value as given), hasVal telling "key" from "key=". A repeated key is an
// error, and set's errors name their key; noun ("fault ") starts both.
func eachSetting(s, noun string, set func(key, val string, hasVal bool) error) error {
	seen := map[string]bool{}
	for item := range strings.SplitSeq(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, val, hasVal := strings.Cut(item, "=")
		key = strings.TrimSpace(key)
		if seen[key] {
			return fmt.Errorf("%s%q is given twice", noun, key)
		}
		seen[key] = true
		if err := set(key, val, hasVal); err != nil {
			return fmt.Errorf("%s%q: %w", noun, key, err)
		}
	}
	return nil
}
