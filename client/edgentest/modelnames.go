package edgentest

import (
	"fmt"
	"strings"
)

// The endpoints that own a model directory, named as their status routes'
// models are. Images have no status route and no directory the fake models.
const (
	kindChat       = "chat"
	kindAudio      = "audio"
	kindEmbeddings = "embeddings"
	kindImage      = "image"
)

// modelFile is one model file in the Hugging Face repository it comes from.
type modelFile struct {
	repo string // "owner/repo"
	file string
}

// defaultModels are the models the endpoints use for the model names ""
// and "default" (the settings of edgen_server 0.1.5); the status routes
// report their files as active_model.
var defaultModels = map[string]modelFile{
	kindChat:       {"TheBloke/neural-chat-7B-v3-3-GGUF", "neural-chat-7b-v3-3.Q4_K_M.gguf"},
	kindAudio:      {"distil-whisper/distil-small.en", "ggml-distil-small.en.bin"},
	kindEmbeddings: {"nomic-ai/nomic-embed-text-v1.5-GGUF", "nomic-embed-text-v1.5.f16.gguf"},
}

// kindPatterns are the substrings of the lower-cased model name that make
// the real server accept it on each endpoint (its default ModelPatterns:
// "gguf" for llama.cpp, "fake" for the chat faker, "distil" or "whisper"
// for whisper.cpp; embeddings take llama.cpp models only).
var kindPatterns = map[string][]string{
	kindChat:       {"gguf", "fake"},
	kindAudio:      {"distil", "whisper"},
	kindEmbeddings: {"gguf"},
}

// resolveModel finds the model file that the model name of a request to the
// endpoint of kind means, as the real server does: "" and "default" are the
// endpoint's default model; "owner/repo/file" is that file, downloaded on
// first use. Any other name with a slash is looked up as a file name and
// fails. Its error is the 500 body the real server sends.
//
// A name without a slash ("fake", "m") is the default model too. The real
// server looks for a file of that name in its model directory; being
// lenient here lets tests and demos name any model.
func resolveModel(kind, name string) (modelFile, any) {
	if name == "" || strings.EqualFold(name, "default") || !strings.Contains(name, "/") {
		return defaultModels[kind], nil
	}
	if !matchesKind(kind, name) {
		return modelFile{}, wireUnknownModelKind{
			Error:     "unknown_model_kind",
			ModelName: name,
			Reason:    fmt.Sprintf("unknown model kind for model: (%q)", name),
		}
	}
	parts := strings.Split(name, "/")
	if len(parts) == 3 && parts[0] != "" && parts[1] != "" && parts[2] != "" {
		return modelFile{repo: parts[0] + "/" + parts[1], file: parts[2]}, nil
	}
	// Not a triple: the real server takes the name for a file without a
	// repository, which it cannot download.
	if kind == kindAudio {
		return modelFile{}, wirePreloadError{Error: "preload", UnknownModel: "Whisper"}
	}
	return modelFile{}, wireEdgenError{Error: "no_such_model", ModelName: name}
}

// matchesKind reports whether the real server's model patterns accept name
// on the endpoint of kind.
func matchesKind(kind, name string) bool {
	lower := strings.ToLower(name)
	for _, p := range kindPatterns[kind] {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// repoDir is the directory name of a repository in the real server's model
// directories (the Hugging Face cache layout).
func repoDir(repo string) string {
	return "models--" + strings.ReplaceAll(repo, "/", "--")
}

// dirModelID is the model id the real server derives from a directory name
// "models--owner--repo": the owner is the first part, the rest is the repo.
func dirModelID(dir string) (id, owner string) {
	parts := strings.Split(dir, "--")
	return parts[1] + "/" + strings.Join(parts[2:], "--"), parts[1]
}

// idDir is the directory the real server looks for a model id in: the id's
// first segment is the owner and the rest the repo. ok is false for ids the
// real server rejects (no slash, no owner or no repo).
func idDir(id string) (dir string, ok bool) {
	owner, repo, found := strings.Cut(id, "/")
	if !found || owner == "" || repo == "" {
		return "", false
	}
	return "models--" + owner + "--" + repo, true
}
