package devserver

// LocalServer is a GenAI server people run on their own computer, at its
// usual port.
type LocalServer struct {
	// Name is what people call it ("ollama").
	Name string `json:"name"`
	// Port is where it listens on 127.0.0.1 unless told otherwise.
	Port int `json:"port"`
	// OwnedBy is the owned_by of its models in GET models, "" when it says
	// nothing of itself there.
	OwnedBy string `json:"owned_by,omitempty"`
}

// UsualServers are the servers looked for on this computer, in the order
// they are preferred. The library's list (web/edgen/servers.js) holds the
// same names, ports and owned_by values: wasmtest's TestLocalServersMatch
// keeps the two equal.
var UsualServers = []LocalServer{
	{Name: "Edgen", Port: 33322},
	{Name: "ollama", Port: 11434, OwnedBy: "library"},
	{Name: "LM Studio", Port: 1234, OwnedBy: "organization_owner"},
	{Name: "llama.cpp", Port: 8080, OwnedBy: "llamacpp"},
	{Name: "vLLM", Port: 8000, OwnedBy: "vllm"},
	{Name: "Jan", Port: 1337},
}

// ownerName names the server whose models carry ownedBy, or "".
func ownerName(ownedBy string) string {
	for _, s := range UsualServers {
		if s.OwnedBy != "" && s.OwnedBy == ownedBy {
			return s.Name
		}
	}
	return ""
}
