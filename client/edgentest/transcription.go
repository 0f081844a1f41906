package edgentest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// transcriptionFields are the parts the real server's strict multipart
// parser accepts, and whether each is required.
var transcriptionFields = map[string]bool{
	"file": true, "model": true, "language": false, "prompt": false,
	"response_format": false, "temperature": false, "create_session": false, "session": false,
}

// serveTranscription answers POST audio/transcriptions: a strict
// multipart/form-data parser (an unknown or repeated part is a 400), the
// model (downloaded first when the fake does not have it), the audio (Opus
// is refused, as the real server cannot decode it), the session, then a
// deterministic transcript of the audio.
func (x *exchange) serveTranscription() {
	parts, audio, err := x.multipartParts()
	x.f.store.update(x.rec, func(r *Request) { r.Parts = parts })
	if err == nil {
		err = checkTranscriptionParts(parts)
	}
	if err != nil {
		writeText(x.w, http.StatusBadRequest, err.Error())
		return
	}
	byName := map[string]Part{}
	for _, p := range parts {
		byName[p.Name] = p
	}
	m, ok := x.useModel(kindAudio, byName["model"].Value)
	if !ok {
		return
	}
	if isOpus(audio) {
		writeJSON(x.w, http.StatusInternalServerError, wireAudioError{Error: "endpoint", Audio: wireAudioParse{Parse: opusError}})
		return
	}
	// As in the real server: a given session must exist for this model; a
	// new one is created only without one; the reply names the session only
	// when create_session is true.
	now := time.Now()
	id, given := byName["session"]
	create := byName["create_session"].Value == "true"
	session := strings.ToLower(id.Value)
	switch {
	case given && !x.f.sessions.use(session, m, now):
		writeJSON(x.w, http.StatusInternalServerError, wireSessionNotFound{Error: "endpoint"})
		return
	case !given && create:
		session = x.f.sessions.create(m, now)
	}
	out := wireTranscription{Text: transcript(audio, byName["file"].FileName)}
	if create {
		out.Session = session
	}
	x.sendJSON(out)
}

// multipartParts reads every part of the multipart/form-data body, in
// order, and returns the content of the first part named file.
func (x *exchange) multipartParts() (parts []Part, file []byte, err error) {
	mt, params, err := mime.ParseMediaType(x.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, nil, rejection("Invalid `boundary` for `multipart/form-data` request")
	}
	mr := multipart.NewReader(bytes.NewReader(x.body), params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return parts, file, nil
		}
		if err != nil {
			return parts, file, errMultipartSyntax
		}
		_, disp, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		var value bytes.Buffer
		size, err := io.Copy(&value, p)
		if err != nil {
			return parts, file, errMultipartSyntax
		}
		part := Part{Name: disp["name"], FileName: disp["filename"], Size: size}
		if _, isFile := disp["filename"]; !isFile {
			part.Value = string(value.Bytes()[:min(value.Len(), MaxRecordedBody)])
		}
		if part.Name == "file" && file == nil {
			file = value.Bytes()
		}
		parts = append(parts, part)
	}
}

// rejection is an error whose text is the body of a 400, worded like the
// real server's multipart rejections.
type rejection string

func (r rejection) Error() string { return string(r) }

// errMultipartSyntax rejects a body that is not valid multipart.
const errMultipartSyntax = rejection("Error parsing `multipart/form-data` request")

// checkTranscriptionParts checks the parts as the real server's strict
// parser does; its errors are the 400 bodies.
func checkTranscriptionParts(parts []Part) error {
	seen := map[string]bool{}
	for _, p := range parts {
		if p.Name == "" {
			return errors.New("field name is missing")
		}
		if _, known := transcriptionFields[p.Name]; !known || seen[p.Name] {
			return fmt.Errorf("field '%s' is not expected", p.Name)
		}
		seen[p.Name] = true
		if err := checkPartType(p); err != nil {
			return err
		}
	}
	for _, name := range []string{"file", "model"} {
		if !seen[name] {
			return fmt.Errorf("field '%s' is required", name)
		}
	}
	return nil
}

// checkPartType checks the value of a typed optional part.
func checkPartType(p Part) error {
	var typ string
	switch p.Name {
	case "temperature":
		if _, err := strconv.ParseFloat(p.Value, 32); err != nil {
			typ = "f32"
		}
	case "create_session":
		if p.Value != "true" && p.Value != "false" {
			typ = "bool"
		}
	case "session":
		if !isUUID(p.Value) {
			typ = "Uuid"
		}
	}
	if typ != "" {
		return fmt.Errorf("field '%s' must be of type '%s': %q", p.Name, typ, p.Value)
	}
	return nil
}

// isUUID reports whether s is a hyphenated UUID.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'):
			return false
		}
	}
	return true
}
