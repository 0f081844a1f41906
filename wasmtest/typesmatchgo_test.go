//go:build !js

package wasmtest

import (
	"encoding/json"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/edgen-browser/edgen/client"
)

// wirePair pairs an interface of web/edgen/edgen.d.ts with the Go that
// makes the same JSON.
type wirePair struct {
	ts string
	// goType is the Go type whose fields (json tags) the interface declares.
	goType reflect.Type
	// union and tag: goType is a form of the Go union whose MarshalJSON
	// adds the field tag ("role") to goType's fields.
	union reflect.Type
	tag   string
	// sample: a value of a Go union (ContentPart) whose JSON is the
	// interface, when the form has no Go struct of its own.
	sample any
	// multipart: goType is a multipart request; its parts are its Go fields'
	// names in snake_case.
	multipart bool
}

func typ[T any]() reflect.Type { return reflect.TypeFor[T]() }

// wirePairs is the one list that pairs the d.ts's request and response
// interfaces with the Go client's types. An interface of the d.ts that is in
// neither this list nor notWireTypes, or a request or response type of the Go
// client (reached from the methods of client.Client) that no comparison
// reads, fails TestTypesMatchGo.
var wirePairs = []wirePair{
	// requests
	{ts: "ChatCompletionCreateParamsNonStreaming", goType: typ[client.ChatCompletionRequest]()},
	{ts: "ChatCompletionSystemMessageParam", goType: typ[client.ChatSystemMessage](), union: typ[client.ChatMessage](), tag: "role"},
	{ts: "ChatCompletionUserMessageParam", goType: typ[client.ChatUserMessage](), union: typ[client.ChatMessage](), tag: "role"},
	{ts: "ChatCompletionAssistantMessageParam", goType: typ[client.ChatAssistantMessage](), union: typ[client.ChatMessage](), tag: "role"},
	{ts: "ChatCompletionToolMessageParam", goType: typ[client.ChatToolMessage](), union: typ[client.ChatMessage](), tag: "role"},
	{ts: "ChatCompletionContentPartText", sample: client.TextPart("text")},
	{ts: "ChatCompletionContentPartImage", sample: client.ContentPart{Type: client.PartImageURL, URL: "https://x/a.png", Detail: client.Ptr("low")}},
	{ts: "ChatCompletionContentPartImageNested", sample: client.ContentPart{Type: client.PartImageURL, URL: "https://x/a.png", Detail: client.Ptr("low"), Nested: true}},
	{ts: "ChatCompletionTool", goType: typ[client.Tool]()},
	{ts: "TranscriptionCreateParams", goType: typ[client.TranscriptionRequest](), multipart: true},
	{ts: "EmbeddingCreateParams", goType: typ[client.EmbeddingsRequest]()},
	{ts: "EdgenImageGenerateParams", goType: typ[client.ImageGenerateRequest]()},
	{ts: "ResponseFormat", goType: typ[client.ResponseFormat]()},
	{ts: "JSONSchemaFormat", goType: typ[client.JSONSchemaFormat]()},
	// responses
	{ts: "ChatCompletion", goType: typ[client.ChatCompletion]()},
	{ts: "ChatCompletionChoice", goType: typ[client.ChatCompletionChoice]()},
	{ts: "ChatCompletionMessage", goType: typ[client.ChatCompletionMessage]()},
	{ts: "ChatCompletionMessageToolCall", goType: typ[client.ToolCall]()},
	{ts: "CompletionUsage", goType: typ[client.CompletionUsage]()},
	{ts: "ChatCompletionChunk", goType: typ[client.ChatCompletionChunk]()},
	{ts: "ChatCompletionChunkChoice", goType: typ[client.ChatCompletionChunkChoice]()},
	{ts: "ChatCompletionChunkToolCall", goType: typ[client.ChatCompletionChunkToolCall]()},
	{ts: "Status", goType: typ[client.Status]()},
	{ts: "Transcription", goType: typ[client.Transcription]()},
	{ts: "CreateEmbeddingResponse", goType: typ[client.Embeddings]()},
	{ts: "Embedding", goType: typ[client.Embedding]()},
	{ts: "ImageGeneration", goType: typ[client.ImageGeneration]()},
	{ts: "Model", goType: typ[client.Model]()},
	{ts: "ModelList", goType: typ[client.ModelList]()},
	{ts: "ModelDeleted", goType: typ[client.ModelDeleted]()},
	{ts: "Version", goType: typ[client.Version]()},
	// the client's reading
	{ts: "Reasoning", goType: typ[client.Reasoning]()},
}

// wireForms are the forms of the Go unions whose MarshalJSON writes one of
// several JSON kinds and that no d.ts interface names: each form a sample
// value (its JSON is the form, as the real MarshalJSON writes it) or a Go
// type (where the form holds another union, which a sample cannot show).
var wireForms = map[reflect.Type][]any{
	typ[client.StringOrArray](): {client.StringOrArray{String: "s"}, client.StringOrArray{Array: []string{"a"}}},
	typ[client.UserContent]():   {client.UserContent{Text: "t"}, typ[[]client.ContentPart]()},
	typ[client.ToolChoice]():    {client.ToolChoice{Mode: client.ToolChoiceAuto}, client.ToolChoiceFunction("f")},
	typ[client.ImageData]():     {client.ImageData{137}},
	typ[client.Think]():         {client.Think{On: true}, client.Think{Level: "high"}},
	// A JSON Schema: any object.
	typ[json.RawMessage](): {typ[map[string]any]()},
}

// knownDifferences are the differences TestTypesMatchGo reports that are
// meant, each with its reason; one that no longer occurs fails the test.
var knownDifferences = map[string]string{
	"ChatCompletionCreateParamsNonStreaming.messages: optional in Go (omitempty or omitzero), required in the d.ts (no ?)": "a nil Messages is left out, so that the server names the missing field; JS requires it (wasm/shape.go)",
	"CreateEmbeddingResponse.data: in the d.ts, missing from Go":                                                           "Go reads OpenAI's data into Embeddings (the body's form stays in JSON.ExtraFields); JS gets the body as sent",
	"ChatCompletion.timings{}: any in Go, number in the d.ts":                                                              "llama.cpp's timings are numbers; Go keeps the object as sent (json.RawMessage)",
	"ChatCompletionChunk.timings{}: any in Go, number in the d.ts":                                                         "llama.cpp's timings are numbers; Go keeps the object as sent (json.RawMessage)",
	"CompletionUsage.completion_tokens_details: in the d.ts, missing from Go":                                              "Go keeps it in JSON.ExtraFields; JS gets the body as sent",
	"ImageGeneration.created: in the d.ts, missing from Go":                                                                "OpenAI's image answer: Go's typed GenerateImages is Edgen's; GenerateImagesJSON and JS get the body as sent",
	"ImageGeneration.data: in the d.ts, missing from Go":                                                                   "OpenAI's image answer: Go's typed GenerateImages is Edgen's; GenerateImagesJSON and JS get the body as sent",
	"ImageGeneration.images: required in Go (no omitempty or omitzero), optional in the d.ts (?:)":                         "Edgen's answer has it, OpenAI's (which JS also gets) does not",
}

// notWireTypes are the d.ts's interfaces that are no request or response
// body, and why.
var notWireTypes = map[string]string{
	"ChatCompletionCreateParamsBase":      "its fields are ChatCompletionCreateParamsNonStreaming's, compared",
	"ChatCompletionCreateParamsStreaming": "ChatCompletionCreateParamsNonStreaming's fields with stream: true, which CreateChatCompletionStream sets in Go",
	"LoadOptions":                         "settings, no body: not compared with wasm/options.go here",
	"Diagnosis":                           "the connection doctor's answer, made in JS (diagnose.js): no wire type",
	"DiagnoseOptions":                     "the connection doctor's options, JS only",
	"FindServersOptions":                  "the connection doctor's options, JS only",
	"ClientOptions":                       "settings, no body: not compared with wasm/options.go here",
	"RequestOptions":                      "settings, no body: not compared with wasm/options.go here",
	"Logger":                              "the surface",
	"RawResponse":                         "the surface",
	"APIPromise":                          "the surface",
	"EdgenAPI":                            "the surface (TestTypesMatchOperations)",
	"ChatCreate":                          "the surface (TestTypesMatchOperations)",
	"Chat":                                "the surface (TestTypesMatchOperations)",
	"Transcriptions":                      "the surface (TestTypesMatchOperations)",
	"Embeddings":                          "the surface (TestTypesMatchOperations)",
	"Images":                              "the surface (TestTypesMatchOperations)",
	"Models":                              "the surface (TestTypesMatchOperations)",
	"Misc":                                "the surface (TestTypesMatchOperations)",
	"ErrorClasses":                        "the surface (TestTypesMatchOperations)",
	"ChatCompletions":                     "the surface (TestTypesMatchOperations)",
	"OpenAIImageGenerateParams":           "OpenAI's image request: Go has no typed form of it (GenerateImagesJSON sends the JSON as given)",
	"ResponseFormatJSONSchema":            "ResponseFormat with json_schema required, compared as ResponseFormat",
	"AnswerStats":                         "the client's reading, not the wire: AnswerStats.MarshalJSON writes it (client/stats.go)",
	"ParseParams":                         "ChatCompletionCreateParamsBase with a schema for response_format: parse() sends the wire's form",
	"ParsedChatCompletion":                "parse()'s answer: a ChatCompletion with parsed added in JS",
	"ParsedChatCompletionMessage":         "parse()'s answer: a ChatCompletionMessage with parsed added in JS",
	"RunToolsParams":                      "runTools(): ChatCompletionCreateParamsBase with JS functions in its tools (runner.js sends the wire's tools)",
	"RunToolsOptions":                     "runTools(): RequestOptions and the runner's own, no body",
	"RunnableTool":                        "runTools(): a JS function with its ChatCompletionTool definition",
	"ToolContext":                         "runTools(): what a tool function gets, no body",
	"RunnerEvents":                        "runTools(): the runner's events, no body",
	"StandardJSONSchema":                  "parse(): a schema library's object, no body",
}

// TestTypesMatchGo compares every field of every request and response
// interface of web/edgen/edgen.d.ts (read by the TypeScript compiler, in
// js/dtsfields.mjs) with the Go client's type that wirePairs pairs it with
// (read by reflection, by the rules of encoding/json), both ways: a field
// only one side has, a field optional on one side only (Go: tagged
// omitempty or omitzero, or a pointer in the multipart request; TS: ?:),
// and the kinds of the values (string, number, boolean, array, record,
// object, binary), down through arrays, records and objects written inline.
// Where the d.ts names an interface, the Go type there must be the one
// paired with it.
//
// It does not compare:
//   - null: the d.ts says where the wire may carry null ("| null"), a
//     thing Go's types do not say (a response field that arrives null is a
//     zero value, and Field tells null from missing; a request field that
//     is nil is left out);
//   - literal values: role: "system", type: "text", stream: true are their
//     kinds (string, boolean); which role goes with which message is
//     ChatMessage's MarshalJSON, tested in client;
//   - the forms of the hand-written unions given as Go types in wireForms
//     (UserContent's parts): only their samples are read from the real
//     MarshalJSON;
//   - the optionality of a form read from a sample (ContentPart's), which a
//     sample cannot show: a sample must set every field the d.ts declares;
//   - the surface and the settings (notWireTypes), the error classes and
//     their fields (APIError's Go struct is not its JS class).
//
// The d.ts is checked rather than generated from Go: it says what Go's
// types cannot (literal roles, unions such as string | ContentPart[], where
// null may come) and carries the doc comments its users read in their
// editors, so it stays written by hand, and this test keeps it honest.
func TestTypesMatchGo(t *testing.T) {
	t.Parallel()
	interfaces := dtsInterfaces(t, filepath.Join(mustRoot(t), "web", "edgen", "edgen.d.ts"))
	g := pairedShapes(wirePairs, wireForms)
	for _, p := range wirePairs {
		if tsFields, ok := interfaces[p.ts]; ok {
			g.comparePair(p, tsFields)
		} else {
			g.fail("wirePairs: %s is not an interface of the d.ts", p.ts)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(interfaces)) {
		if _, ok := notWireTypes[name]; !ok && !slices.ContainsFunc(wirePairs, func(p wirePair) bool { return p.ts == name }) {
			g.fail("%s: a d.ts interface in neither wirePairs nor notWireTypes (wasmtest/typesmatchgo_test.go)", name)
		}
	}
	for _, gt := range wireTypes(typ[*client.Client]()) {
		_, isUnion := g.unionRefs[gt]
		_, isForm := g.forms[gt]
		if !g.compared[gt] && !isUnion && !isForm {
			g.fail("%s: a request or response type of the Go client that no d.ts interface matches: pair it in wirePairs", gt)
		}
	}

	errs := slices.DeleteFunc(slices.Clone(g.errs), func(e string) bool { _, ok := knownDifferences[e]; return ok })
	for known := range knownDifferences {
		if !slices.Contains(g.errs, known) {
			errs = append(errs, "knownDifferences: no longer reported, remove it: "+known)
		}
	}
	if len(errs) > 0 {
		t.Errorf("web/edgen/edgen.d.ts and the Go client's types differ (%d):\n  %s", len(errs), strings.Join(errs, "\n  "))
	}
}

// dtsInterfaces are the fields of every interface the d.ts at path
// exports, read by js/dtsfields.mjs.
func dtsInterfaces(t *testing.T, path string) map[string]map[string]wireField {
	t.Helper()
	out, err := runNode(t, time.Minute, "js", nil, "dtsfields.mjs", path)
	if err != nil {
		t.Fatalf("reading the interfaces of %s: %v\n%s", path, err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var interfaces map[string]map[string]wireField
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &interfaces); err != nil || len(interfaces) == 0 {
		t.Fatalf("the interfaces of %s: %v\n%s", path, err, out)
	}
	return interfaces
}

// pairedShapes makes Go's shapes under the pairs and forms given.
func pairedShapes(pairs []wirePair, forms map[reflect.Type][]any) *goShapes {
	g := &goShapes{paired: map[reflect.Type]string{}, unionRefs: map[reflect.Type][]string{},
		forms: forms, compared: map[reflect.Type]bool{}}
	for _, p := range pairs {
		union := p.union
		if p.sample != nil {
			union = reflect.TypeOf(p.sample)
		}
		if union != nil {
			g.unionRefs[union] = append(g.unionRefs[union], p.ts)
		}
		if p.goType == nil {
			continue
		}
		if other, ok := g.paired[p.goType]; ok {
			g.fail("wirePairs: %s is paired with both %s and %s", p.goType, other, p.ts)
		}
		g.paired[p.goType] = p.ts
	}
	return g
}

// comparePair compares the fields of a pair's Go side with tsFields, the
// fields of its interface.
func (g *goShapes) comparePair(p wirePair, tsFields map[string]wireField) {
	switch {
	case p.sample != nil:
		s := g.sample(p.sample)
		if o := find(s, "object"); o != nil && len(s.Alts) == 1 {
			g.compareFields(p.ts, o.Fields, tsFields, false)
		} else {
			g.fail("%s: the sample %#v is no JSON object", p.ts, p.sample)
		}
	case p.multipart:
		g.compareFields(p.ts, multipartFields(g, p.goType), tsFields, true)
		g.compared[p.goType] = true
	default:
		goFields := g.fields(p.goType)
		if p.tag != "" {
			goFields[p.tag] = wireField{Type: alt(wireAlt{Kind: "string"})}
		}
		g.compareFields(p.ts, goFields, tsFields, true)
		g.compared[p.goType] = true
	}
}

// multipartRequest is a Go request sent as multipart/form-data.
type multipartRequest interface {
	MultipartBody() (io.Reader, string, error)
}

// multipartFields are the parts of the multipart request type t: each Go
// field's name in snake_case (FileName aside: the file part's name), a
// pointer optional. It checks them against the parts that MultipartBody
// writes for a request with every field set.
func multipartFields(g *goShapes, t reflect.Type) map[string]wireField {
	fields := map[string]wireField{}
	req := reflect.New(t).Elem()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name != "FileName" {
			fields[snakeCase(f.Name)] = wireField{Optional: f.Type.Kind() == reflect.Pointer, Type: g.typeOf(f.Type)}
		}
		if !fillField(req.Field(i), f.Name) {
			g.fail("%s.%s: wasmtest's fillField cannot set a %s", t, f.Name, f.Type)
		}
	}
	mr, ok := req.Interface().(multipartRequest)
	if !ok {
		g.fail("%s: no MultipartBody method", t)
		return fields
	}
	body, contentType, err := mr.MultipartBody()
	if err != nil {
		g.fail("%s.MultipartBody: %v", t, err)
		return fields
	}
	_, params, _ := mime.ParseMediaType(contentType)
	r := multipart.NewReader(body, params["boundary"])
	parts := map[string]bool{}
	for {
		part, err := r.NextPart()
		if err != nil {
			break
		}
		parts[part.FormName()] = true
		if part.FormName() == "file" && part.FileName() != "FileName" {
			g.fail("%s: the file part's name is %q, not FileName's", t, part.FileName())
		}
	}
	for name := range fields {
		if !parts[name] {
			g.fail("%s: MultipartBody writes no part %q for the field set", t, name)
		}
	}
	for name := range parts {
		if _, ok := fields[name]; !ok {
			g.fail("%s: MultipartBody writes a part %q that no field is named after", t, name)
		}
	}
	return fields
}

// fillField sets v, a field of a request, to a value that is not zero (a
// string: its field's name), and reports whether it could.
func fillField(v reflect.Value, name string) bool {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return fillField(v.Elem(), name)
	case reflect.String:
		v.SetString(name)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Float32, reflect.Float64:
		v.Set(reflect.ValueOf(1).Convert(v.Type()))
	case reflect.Interface:
		if !readerType.AssignableTo(v.Type()) {
			return false
		}
		v.Set(reflect.ValueOf(strings.NewReader("RIFF")))
	default:
		return false
	}
	return true
}

// snakeCase turns a Go field name into its part name: ResponseFormat ->
// response_format.
func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// wireTypes are the request and response types of the Go client: the
// types of its package that the exported methods of root reach (their
// arguments and results, the fields and methods of those, and so on) and
// that are a request (a struct an argument of root's methods) or have a
// JSON form (json tags, or a MarshalJSON).
func wireTypes(root reflect.Type) []reflect.Type {
	pkg := root.Elem().PkgPath()
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	var visit func(t reflect.Type, argument bool)
	visit = func(t reflect.Type, argument bool) {
		for t.Kind() == reflect.Pointer || t.Name() == "" && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		if t.PkgPath() != pkg || seen[t] {
			return
		}
		seen[t] = true
		jsonForm := t.Kind() == reflect.Struct && hasJSONTags(t) || reflect.PointerTo(t).Implements(typ[json.Marshaler]())
		if jsonForm || argument && t.Kind() == reflect.Struct {
			out = append(out, t)
		}
		if t.Kind() == reflect.Struct {
			for i := range t.NumField() {
				f := t.Field(i)
				if f.IsExported() && f.Tag.Get("json") != "-" {
					visit(f.Type, false)
				}
			}
		}
		pt := reflect.PointerTo(t)
		for i := range pt.NumMethod() {
			m := pt.Method(i)
			for j := range m.Type.NumIn() {
				visit(m.Type.In(j), t == root.Elem())
			}
			for j := range m.Type.NumOut() {
				visit(m.Type.Out(j), false)
			}
		}
	}
	visit(root, false)
	return out
}
