// Package devserver is the logic behind serve.go: one origin serving the demo
// chat page from a directory of static files and the Edgen API under /v1/,
// proxied to an upstream server or answered by the built-in fake
// (client/edgentest).
//
// # The upstream
//
// The upstream is the base URL given (Edgen's default address unless told
// otherwise): an Edgen, or any OpenAI-compatible server (ollama, llama.cpp,
// vLLM, LM Studio). When none is given (Options.Discover) and Edgen does not
// answer at start, the usual ports of this computer are tried (Edgen 33322,
// ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000, Jan 1337; another
// serve.go is recognised by its /serve-info and left out), and the first
// that answers becomes the upstream. It is probed at start and every few seconds after: an
// Edgen answers GET misc/version, another server GET models. While it
// answers, /v1/ is proxied to it; while it does not, the fake answers, or,
// when a real server is required, /v1/ answers 503 with an OpenAI error
// envelope. Each request is served whole by the choice made when it
// arrived.
//
// # GET /serve-info
//
// What answers under /v1/ now, as JSON with Cache-Control: no-store; it
// follows the upstream within a few seconds of it starting or stopping:
//
//	{
//	  "backend": "edgen" | "compatible" | "fake" | "none",
//	  "upstream_url": "<the base URL proxied to, or probed>",
//	  "version": "<Edgen's version, only when backend is edgen>",
//	  "server": "<a name when known: Edgen, ollama, llama.cpp, vLLM>",
//	  "reason": "<why the fake or nothing answers>",
//	  "required": <true when no fake is allowed>,
//	  "local_servers": [{"name": "ollama", "port": 11434, "owned_by": "library"}, ...]
//	}
//
// version, server and reason are left out when empty. local_servers are
// the servers the page may look for on this computer, at their usual ports. "compatible" means
// chat, embeddings and models work but Edgen's status routes (model
// status, download progress) do not.
//
// # The proxy
//
// Answers stream through chunk by chunk and stay whole under load (full
// duplex: see proxy.go); an upstream that cuts an answer cuts it for the
// browser too (an error, never a clean short answer), a browser that goes
// away ends the upstream request, and nothing in the proxy times out a
// slow answer: that is the client's timeout. Request bodies are limited to
// MaxRequestBody.
//
// # Security
//
// Only requests whose Host is this server's own address (localhost or a
// loopback IP, with its port) are answered, others get 403: a foreign page
// cannot reach the API by rebinding its DNS name to 127.0.0.1. Requests to
// /v1/ with an Origin other than this server's own get 403 too, so that
// serve.go is no way around an upstream's own origin checks. Static files
// are served read-only from inside the directory (an os.Root: nothing
// outside it is reachable, symlinks included), with explicit content
// types, precompressed .br/.gz variants when the client accepts them, cache
// validators, and no directory listings. Every response carries a
// Content-Security-Policy that allows WebAssembly without 'unsafe-eval' and
// connections to this origin, the upstream's and any port of 127.0.0.1 and
// localhost (so that the page can talk to a local server directly; a CSP
// cannot name [::1]).
//
// # Limits
//
// Request headers must arrive within 10 s and stay under 64 KB; an idle
// keep-alive connection closes after 2 min. There is no timeout on a whole
// request or answer, which would cut a long healthy stream. Once Serve's
// context ends, answers in flight may finish for the shutdown grace; those
// left are then ended as errors.
package devserver
