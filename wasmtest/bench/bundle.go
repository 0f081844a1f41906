//go:build !js

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// bundleOpenAI bundles the openai npm package of benchDir/node_modules for the browser with
// esbuild (pinned in benchDir/package.json) and returns the bundle's path under outDir.
// The module exports the class as OpenAI.
func bundleOpenAI(benchDir, outDir string) (string, error) {
	benchDir, err := filepath.Abs(benchDir)
	if err != nil {
		return "", err
	}
	esbuild := filepath.Join(benchDir, "node_modules", ".bin", "esbuild")
	if _, err := os.Stat(esbuild); err != nil {
		return "", fmt.Errorf("esbuild is missing (run: cd %s && npm ci): %w", benchDir, err)
	}
	out := filepath.Join(outDir, "openai.js")
	cmd := exec.Command(esbuild, "--bundle", "--format=esm", "--platform=browser", "--target=es2022",
		"--minify", "--log-level=warning", "--outfile="+out)
	cmd.Dir = benchDir // stdin's imports resolve from here
	cmd.Stdin = strings.NewReader(`export { default as OpenAI } from "openai";`)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("esbuild: %w\n%s", err, stderr.Bytes())
	}
	return out, nil
}
