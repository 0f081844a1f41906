//go:build !js

package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// clients are the three columns of the table, in order: (a) ours, (b) the openai npm
// package, (c) the hand-written floor. The names are the keys of bench.js.
var clients = []string{"edgen", "openai", "floor"}

// row is one measurement of the table: its samples for each client (none: not measured).
type row struct {
	label   string
	unit    string
	samples map[string][]float64
}

// table holds the rows in the order they were first measured.
type table struct{ rows []*row }

// add records one sample of client in the row with that label, creating the row.
func (t *table) add(label, unit, client string, v float64) {
	i := slices.IndexFunc(t.rows, func(r *row) bool { return r.label == label })
	if i < 0 {
		t.rows = append(t.rows, &row{label: label, unit: unit, samples: map[string][]float64{}})
		i = len(t.rows) - 1
	}
	t.rows[i].samples[client] = append(t.rows[i].samples[client], v)
}

// median returns the median of xs (the mean of the middle two for an even count).
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// num formats a value with three significant digits or so.
func num(v float64) string {
	switch a := max(v, -v); {
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// cell formats a client's samples as "median [min-max]".
func cell(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	return fmt.Sprintf("%s [%s-%s]", num(median(xs)), num(slices.Min(xs)), num(slices.Max(xs)))
}

// ratio formats median(a)/median(b), or "-" when either is missing or b is zero.
func ratio(a, b []float64) string {
	if len(a) == 0 || len(b) == 0 || median(b) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", median(a)/median(b))
}

// print writes the table: one line per row, medians with [min-max], then the headline
// ratios ours/OpenAI and ours/floor.
func (t *table) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measurement\tunit\t(a) edgen.wasm\t(b) openai JS\t(c) floor\ta/b\ta/c")
	fmt.Fprintln(tw, strings.Repeat("-", 30)+"\t----\t--------------\t-------------\t---------\t---\t---")
	for _, r := range t.rows {
		a, b, c := r.samples[clients[0]], r.samples[clients[1]], r.samples[clients[2]]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.label, r.unit, cell(a), cell(b), cell(c), ratio(a, b), ratio(a, c))
	}
	tw.Flush()
}
